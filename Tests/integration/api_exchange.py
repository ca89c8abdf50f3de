"""One valid request for every API a gateway advertises, on one raw
connection, each answered without error: what a test needs to search every
kind of response for upstream addresses. kafka-python's codec makes the
requests it has a version of; DescribeConfigs (every advertised version) and
DescribeCluster are made by hand. An advertised API with no request here
fails the exchange, so a new API cannot go unsearched."""
import struct

from kafka.protocol import admin, api_versions, commit, fetch, find_coordinator, group, init_producer_id, list_offsets
from kafka.protocol import metadata, produce
from kafka.record.memory_records import MemoryRecordsBuilder

import client_quotas_wire as quotas
import describe_configs_wire as configs
from gateway_wire import KafkaWire

API_VERSIONS, DESCRIBE_CLUSTER = 18, 60
DESCRIBE_USER_SCRAM_CREDENTIALS, ALTER_USER_SCRAM_CREDENTIALS = 50, 51
API_NAMES = {
    0: "Produce", 1: "Fetch", 2: "ListOffsets", 3: "Metadata", 8: "OffsetCommit", 9: "OffsetFetch",
    10: "FindCoordinator", 11: "JoinGroup", 12: "Heartbeat", 13: "LeaveGroup", 14: "SyncGroup",
    15: "DescribeGroups", 16: "ListGroups", 17: "SaslHandshake", 18: "ApiVersions", 19: "CreateTopics",
    20: "DeleteTopics", 22: "InitProducerId", 29: "DescribeAcls", 30: "CreateAcls", 31: "DeleteAcls",
    32: "DescribeConfigs", 36: "SaslAuthenticate", 37: "CreatePartitions", 42: "DeleteGroups",
    48: "DescribeClientQuotas", 49: "AlterClientQuotas", 50: "DescribeUserScramCredentials", 51: "AlterUserScramCredentials", 60: "DescribeCluster",
}
MEMBER_ID_REQUIRED = 79
TOPIC, DOOMED_TOPIC, GROUP = "upstream-scan", "upstream-scan-doomed", "upstream-scan-group"


def api_name(api_key):
    return API_NAMES.get(api_key, f"API {api_key}")


class RecordingWire(KafkaWire):
    """A raw connection that keeps every response with the API and version it answers."""

    def __init__(self, sock):
        super().__init__(sock)
        self.asked = {}
        self.responses = []  # (api key, version, frame)

    def send(self, api_key, version, body=b"", flexible=False):
        correlation_id = super().send(api_key, version, body, flexible)
        self.asked[correlation_id] = (api_key, version)
        return correlation_id

    def receive(self):
        frame = super().receive()
        if frame is not None:
            self.responses.append((*self.asked[struct.unpack(">i", frame[:4])[0]], frame))
        return frame


def error_codes(value):
    """Every `*error_code` in a decoded kafka-python response, however deep."""
    if isinstance(value, dict):
        return [code for key, item in value.items() for code in
                ([item] if key.endswith("error_code") else error_codes(item))]
    if isinstance(value, list):
        return [code for item in value for code in error_codes(item)]
    return []


class ApiExchange:
    def __init__(self, wire: RecordingWire):
        self.wire = wire
        self.advertised = {}  # API key -> (lowest, highest version)
        self.described_configs = {}  # DescribeConfigs version -> its decoded answer

    def sent(self):
        """API key -> the versions sent, from what the connection recorded."""
        versions = {}
        for api_key, version, _ in self.wire.responses:
            versions.setdefault(api_key, set()).add(version)
        return versions

    def call(self, request, allowed_errors=()):
        """Sends a kafka-python request at its version (which must be advertised); its decoded answer, without errors."""
        api_key, version = request.API_KEY, request.API_VERSION
        low, high = self.advertised.get(api_key, (0, -1))
        assert low <= version <= high, f"API {api_key} v{version} is not advertised ({low}–{high}): pick another version"
        answer = request.RESPONSE_TYPE.decode(self.wire.call(api_key, version, request.encode())).to_object()
        errors = [code for code in error_codes(answer) if code != 0 and code not in allowed_errors]
        assert not errors, f"API {api_key} v{version} answered with errors {errors}: {answer}"
        return answer

    def run(self, user, password, mechanism="SCRAM-SHA-512"):
        """ApiVersions and SASL first, then every forwarded API; returns the node id of the broker."""
        versions = api_versions.ApiVersionsResponse[2].decode(self.wire.call(API_VERSIONS, 2)).to_object()
        assert versions["error_code"] == 0, versions
        self.advertised = {api["api_key"]: (api["min_version"], api["max_version"]) for api in versions["api_versions"]}
        self.wire.scram_authenticate(user, password, mechanism)

        self.call(admin.CreateTopicsRequest[3]([(name, 1, 1, [], []) for name in (TOPIC, DOOMED_TOPIC)], 15000, False))
        node_id = self.call(metadata.MetadataRequest[8]([TOPIC], False, False, False))["brokers"][0]["node_id"]
        self.produce_and_fetch()
        self.group_lifecycle()
        self.call(init_producer_id.InitProducerIdRequest[1](None, 60000))
        self.described_configs = self.describe_configs(node_id)
        self.call(admin.CreatePartitionsRequest[1]([(TOPIC, (2, None))], 15000, False))
        self.describe_cluster()
        self.call(admin.DeleteTopicsRequest[3]([DOOMED_TOPIC], 15000))
        self.administer_the_gateway()
        return node_id

    def administer_the_gateway(self):
        """The APIs the gateway answers from its policy store: an ACL made, listed and deleted, SCRAM
        credentials described and (emptily) altered, and a client quota set, described and removed."""
        topic, literal, user, any_host, read, allow = 2, 3, f"User:{TOPIC}-reader", "*", 3, 3
        self.call(admin.CreateAclsRequest[1]([(topic, TOPIC, literal, user, any_host, read, allow)]))
        listed = self.call(admin.DescribeAclsRequest[1](topic, TOPIC, literal, user, any_host, read, allow))
        assert [r["resource_name"] for r in listed["resources"]] == [TOPIC], listed
        self.call(admin.DeleteAclsRequest[1]([(topic, TOPIC, literal, user, any_host, read, allow)]))
        # v0 of both is flexible: null user list (all users); no deletions, no upsertions; no tags.
        described = self.wire.call(DESCRIBE_USER_SCRAM_CREDENTIALS, 0, b"\x00\x00", flexible=True)
        assert struct.unpack(">h", described[4:6])[0] == 0, f"DescribeUserScramCredentials failed: {described!r}"
        altered = self.wire.call(ALTER_USER_SCRAM_CREDENTIALS, 0, b"\x01\x01\x00", flexible=True)
        assert altered[4:6] == b"\x01\x00", f"AlterUserScramCredentials answered more than nothing: {altered!r}"
        entity = {"user": f"{TOPIC}-reader"}
        assert [code for code, _, _ in quotas.alter(self.wire, [(entity, [("producer_byte_rate", 1048576.0)])])] == [0]
        code, message, entries = quotas.describe(self.wire, [("user", quotas.EXACT, entity["user"])])
        assert (code, entries) == (0, [(entity, {"producer_byte_rate": 1048576.0})]), message
        assert [code for code, _, _ in quotas.alter(self.wire, [(entity, [("producer_byte_rate", None)])])] == [0]

    def produce_and_fetch(self):
        batch = MemoryRecordsBuilder(magic=2, compression_type=0, batch_size=1 << 20)
        for n in range(3):
            batch.append(timestamp=None, key=None, value=f"scan-{n}".encode())
        batch.close()
        self.call(produce.ProduceRequest[8](None, -1, 15000, [(TOPIC, [(0, bytes(batch.buffer()))])]))
        fetched = self.call(fetch.FetchRequest[11](-1, 100, 1, 1 << 20, 0, 0, -1, [(TOPIC, [(0, -1, 0, -1, 1 << 20)])], [], ""))
        assert fetched["topics"][0]["partitions"][0]["records"], "the fetch returned none of the records produced"
        self.call(list_offsets.ListOffsetsRequest[5](-1, 0, [(TOPIC, [(0, -1, -1)])]))

    def group_lifecycle(self):
        self.call(find_coordinator.FindCoordinatorRequest[2](GROUP, 0))
        subscription = struct.pack(">hi", 0, 1) + struct.pack(">h", len(TOPIC)) + TOPIC.encode() + struct.pack(">i", -1)
        join = group.JoinGroupRequest[5](GROUP, 10000, 10000, "", None, "consumer", [("range", subscription)])
        joined = self.call(join, allowed_errors=(MEMBER_ID_REQUIRED,))
        if joined["error_code"] == MEMBER_ID_REQUIRED:  # KIP-394: join again with the id given
            join = group.JoinGroupRequest[5](GROUP, 10000, 10000, joined["member_id"], None, "consumer", [("range", subscription)])
            joined = self.call(join)
        generation, member = joined["generation_id"], joined["member_id"]
        assignment = struct.pack(">hi", 0, 1) + struct.pack(">h", len(TOPIC)) + TOPIC.encode() + struct.pack(">iii", 1, 0, -1)
        self.call(group.SyncGroupRequest[3](GROUP, generation, member, None, [(member, assignment)]))
        self.call(group.HeartbeatRequest[3](GROUP, generation, member, None))
        self.call(commit.OffsetCommitRequest[7](GROUP, generation, member, None, [(TOPIC, [(0, 1, -1, "")])]))
        self.call(commit.OffsetFetchRequest[5](GROUP, [(TOPIC, [0])]))
        self.call(admin.DescribeGroupsRequest[3]([GROUP], False))
        self.call(admin.ListGroupsRequest[1]())
        self.call(group.LeaveGroupRequest[3](GROUP, [(member, None)]))
        self.call(admin.DeleteGroupsRequest[1]([GROUP]))

    def describe_configs(self, node_id):
        """The broker and a topic in every advertised version; returns {version: decoded answer}."""
        low, high = self.advertised[configs.DESCRIBE_CONFIGS]
        answers = {}
        for version in range(low, high + 1):
            body, flexible = configs.describe_configs_request(version, [(configs.BROKER, str(node_id)), (configs.TOPIC, TOPIC)])
            answers[version] = configs.decode_response(self.wire.call(configs.DESCRIBE_CONFIGS, version, body, flexible), version)
            assert [r["error_code"] for r in answers[version]["results"]] == [0, 0], answers[version]
        return answers

    def describe_cluster(self):
        answer = self.wire.call(DESCRIBE_CLUSTER, 0, b"\x00\x00", flexible=True)  # no authorized operations, no tags
        assert struct.unpack(">h", answer[4:6])[0] == 0, f"DescribeCluster failed: {answer!r}"
