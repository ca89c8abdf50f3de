"""An upstream that reports its addresses in DescribeConfigs as Apache Kafka
does. The embedded broker describes no listener configs, so in front of it
alone a test could not tell whether a gateway lets them through. This relay
stands in front of a real `portcullis broker`, passes everything through,
and adds to each BROKER result of a DescribeConfigs answer what an Apache
Kafka broker (KRaft, one controller) at the broker's address would report,
synonyms included."""
from describe_configs_wire import BROKER, DESCRIBE_CONFIGS, decode_response, encode_response
from frame_relay import FrameRelay

# Kafka's config sources and types.
DYNAMIC_BROKER_CONFIG, STATIC_BROKER_CONFIG = 1, 4
STRING, LIST = 2, 7


class AddressReportingUpstream(FrameRelay):
    def __init__(self, broker, controller_port):
        super().__init__(("127.0.0.1", broker.port))
        self.broker = broker
        self.controller_port = controller_port

    @property
    def data_dir(self):
        """The real broker's data directory, whose KMS a gateway in front keys its decision log with."""
        return self.broker.data_dir

    @property
    def upstream_ports(self):
        """Every port of the upstream a client could learn: this relay's, the broker's, the controller's."""
        return [self.port, self.broker.port, self.controller_port]

    def reported_configs(self):
        broker = f"127.0.0.1:{self.broker.port}"
        controller = f"127.0.0.1:{self.controller_port}"

        def static(name, value, kind):
            return config(name, value, kind, [(value, STATIC_BROKER_CONFIG)])

        return [
            static("listeners", f"PLAINTEXT://{broker},CONTROLLER://{controller}", LIST),
            # Set per broker at run time over the static value: both are synonyms.
            config("advertised.listeners", f"PLAINTEXT://{broker}", LIST,
                   [(f"PLAINTEXT://{broker}", DYNAMIC_BROKER_CONFIG),
                    (f"PLAINTEXT://localhost:{self.broker.port}", STATIC_BROKER_CONFIG)]),
            static("controller.quorum.voters", f"1@{controller}", LIST),
            static("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT", STRING),
            static("inter.broker.listener.name", "PLAINTEXT", STRING),
        ]

    def amend(self, api_key, version, response):
        if api_key != DESCRIBE_CONFIGS:
            return response
        header = 5 if version >= 4 else 4  # v4 answers with a flexible header (a tag byte)
        described = decode_response(response[header:], version)
        for result in described["results"]:
            if result["resource_type"] == BROKER and result["error_code"] == 0:
                result["configs"] += self.reported_configs()
        return response[:header] + encode_response(described, version)


def config(name, value, kind, synonyms):
    """A DescribeConfigs entry as Kafka reports it; the first synonym is where the value comes from."""
    return {"name": name, "value": value, "read_only": synonyms[0][1] == STATIC_BROKER_CONFIG,
            "source": synonyms[0][1], "is_default": False, "is_sensitive": False, "type": kind,
            "documentation": None, "synonyms": [{"name": name, "value": v, "source": s} for v, s in synonyms]}
