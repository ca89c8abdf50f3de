"""Real processes for the gateway's integration tests.

`dev_cluster` is one `portcullis dev` (broker tier and gateway in one process,
provisioned on first run); `gateway` is a `portcullis gateway` with a SASL_SSL,
a SASL_PLAINTEXT and a CIDR-restricted SASL_SSL listener in front of its own
`portcullis broker`; `start_gateway` makes gateways with other settings.
Every process logs to a file that tests read from a mark, so each test sees
what its own actions caused. Ports are free loopback ports. The raw Kafka
client (frames and SCRAM) is in gateway_wire.py.
"""
import json
import os
import pathlib
import re
import signal
import socket
import subprocess
import time

import pytest
from confluent_kafka.admin import AdminClient, NewTopic

from conftest import BINARY, UPSTREAM_PORTS, BrokerProcess

AUTHCTL = pathlib.Path(os.environ.get("AUTHCTL_BIN", BINARY.parent / "authctl"))
SCRAM_MECHANISMS = ("SCRAM-SHA-512", "SCRAM-SHA-256")


def free_ports(count):
    """`count` distinct free loopback ports (held together while chosen, so none repeats)."""
    probes = [socket.socket() for _ in range(count)]
    try:
        for probe in probes:
            probe.bind(("127.0.0.1", 0))
        return [probe.getsockname()[1] for probe in probes]
    finally:
        for probe in probes:
            probe.close()


class LogFile:
    """A process's log. `mark()` then `since(mark)` or `wait_for(..., since=mark)`
    limit a check to what happened after the mark."""

    def __init__(self, path: pathlib.Path):
        self.path = path

    def text(self) -> str:
        return self.path.read_text(errors="replace") if self.path.exists() else ""

    def mark(self) -> int:
        return self.path.stat().st_size if self.path.exists() else 0

    def since(self, mark: int) -> str:
        with open(self.path, "rb") as log:
            log.seek(mark)
            return log.read().decode(errors="replace")

    def lines(self, pattern, since=0):
        return [line for line in self.since(since).splitlines() if re.search(pattern, line)]

    def wait_for(self, pattern, since=0, timeout=10.0, count=1):
        """The first `count` lines after `since` matching `pattern`; fails after `timeout`."""
        deadline = time.monotonic() + timeout
        while True:
            found = self.lines(pattern, since)
            if len(found) >= count:
                return found
            if time.monotonic() >= deadline:
                raise AssertionError(f"no {count} log line(s) matching {pattern!r} within {timeout}s:\n{self.since(since)[-4000:]}")
            time.sleep(0.05)


def authctl(data_dir, *args, stdin=None):
    """Runs `authctl ARGS --data-dir DATA_DIR`; fails the test when it fails."""
    assert AUTHCTL.exists(), f"{AUTHCTL} is missing: build with `swift build --product authctl` first"
    result = subprocess.run([str(AUTHCTL), *args, "--data-dir", str(data_dir)],
                            input=stdin, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, f"authctl {' '.join(args)} failed ({result.returncode}):\n{result.stderr}"
    return result.stdout


# A running gateway sees a change to its policy store within about 100 ms.
POLICY_PROPAGATION = 0.3


def add_scram_user(data_dir, name, password, mechanisms=SCRAM_MECHANISMS, super_user=False):
    """Adds a user with SCRAM credentials and waits until a running gateway knows them."""
    authctl(data_dir, "user", "add", name, *(["--super-user"] if super_user else []))
    for mechanism in mechanisms:
        authctl(data_dir, "scram", "set", name, "--mechanism", mechanism, "--password-stdin", stdin=password + "\n")
    time.sleep(POLICY_PROPAGATION)


def run_kcat(*args, stdin=None, timeout=20):
    """Runs kcat; a kcat still running after `timeout` fails the test with what it printed."""
    try:
        return subprocess.run(["kcat", *map(str, args)], input=stdin, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired as expired:
        raise AssertionError(f"kcat {' '.join(map(str, args))} still running after {timeout}s:\n{expired.stderr}") from None


def memory_kib(pid, field="VmRSS") -> int:
    """A memory figure of the process from /proc/PID/status (VmRSS: resident, VmSize: virtual), in KiB."""
    status = pathlib.Path(f"/proc/{pid}/status").read_text()
    return int(re.search(rf"^{field}:\s+(\d+) kB", status, re.M).group(1))


# Client settings, in librdkafka's names (confluent-kafka and `kcat -F` take them as they are).

def scram_settings(port, user, password, mechanism="SCRAM-SHA-512", ca=None):
    """SASL_SSL when a CA is given, else SASL_PLAINTEXT."""
    settings = {
        "bootstrap.servers": f"localhost:{port}",
        "security.protocol": "SASL_SSL" if ca else "SASL_PLAINTEXT",
        "sasl.mechanism": mechanism, "sasl.username": user, "sasl.password": password,
    }
    if ca:
        settings["ssl.ca.location"] = str(ca)
    return settings


def mtls_settings(port, certificate, key, ca):
    return {
        "bootstrap.servers": f"localhost:{port}", "security.protocol": "SSL",
        "ssl.certificate.location": str(certificate), "ssl.key.location": str(key), "ssl.ca.location": str(ca),
    }


def write_properties(path: pathlib.Path, settings) -> pathlib.Path:
    """A client property file for `kcat -F`."""
    path.write_text("".join(f"{key}={value}\n" for key, value in settings.items()))
    return path


def client_only(settings):
    """`settings` without bootstrap.servers, for helpers that take the bootstrap apart."""
    return {key: value for key, value in settings.items() if key != "bootstrap.servers"}


def create_topic(settings, name, partitions=1):
    admin = AdminClient(settings)
    for future in admin.create_topics([NewTopic(name, partitions, 1)]).values():
        future.result(15)


class DevCluster:
    """One `portcullis dev` process on free ports, with its data directory."""

    READY = "Portcullis dev cluster is up."

    def __init__(self, root: pathlib.Path, env=None, launcher=(), args=()):
        """`env`: more environment variables; `launcher`: a command prefix the binary is started through;
        `args`: more `portcullis dev` options."""
        self.data_dir = root / "dev"
        self.env = dict(os.environ, **(env or {}))
        self.launcher = list(launcher)
        self.args = list(args)
        self.mtls_port, self.scram_port, self.iam_port, self.broker_port, self.metrics_port = free_ports(5)
        UPSTREAM_PORTS.add(self.broker_port)
        self.log = LogFile(root / "dev.log")
        self.stdout_path = root / "dev.out"
        self.process = None

    @property
    def client_dir(self):
        return self.data_dir / "client"

    @property
    def ca(self):
        return self.client_dir / "ca.pem"

    @property
    def admin_password(self):
        properties = (self.client_dir / "admin-scram.properties").read_text()
        return re.search(r"^sasl\.password=(.*)$", properties, re.M).group(1)

    def scram(self, user="admin", password=None, mechanism="SCRAM-SHA-512"):
        return scram_settings(self.scram_port, user, password or self.admin_password, mechanism, self.ca)

    def mtls(self, certificate=None, key=None):
        return mtls_settings(self.mtls_port, certificate or self.client_dir / "admin.pem",
                             key or self.client_dir / "admin.key", self.ca)

    def start(self, timeout=30.0):
        assert BINARY.exists(), f"{BINARY} is missing: build with `swift build --product portcullis` first"
        with open(self.stdout_path, "wb") as out, open(self.log.path, "ab") as log:
            self.process = subprocess.Popen(
                [*self.launcher, str(BINARY), "dev", "--data-dir", str(self.data_dir), "--mtls-port", str(self.mtls_port),
                 "--scram-port", str(self.scram_port), "--iam-port", str(self.iam_port),
                 "--broker-port", str(self.broker_port), "--metrics-port", str(self.metrics_port), *self.args],
                stdout=out, stderr=log, env=self.env,
            )
        await_ready(self.process, self.log, lambda: self.READY in self.stdout_path.read_text(errors="replace"), timeout)
        return self

    def alive(self):
        return self.process.poll() is None

    def stop(self):
        stop_process(self.process, self.log)


class GatewayProcess:
    """`portcullis gateway` in front of one broker, over its own data directory:
    the policy store, a CA made with `authctl ca init`, and a server
    certificate for localhost and 127.0.0.1 issued by it.

    `listeners` maps a listener name to its security protocol; `settings` are
    more gateway.properties lines (e.g. `listener.name.x.allowed.cidrs`).

    Tests of sessions and forwarding are not about authorization: unless
    `settings` say otherwise, a resource without ACLs is open to every
    principal (`allow.everyone.if.no.acl.found=true`). The authorization
    tests set it to false, Kafka's default and the gateway's."""

    def __init__(self, root: pathlib.Path, broker: BrokerProcess, listeners, settings=None):
        self.root = root
        self.data_dir = root / "gateway"
        self.broker = broker
        self.ports = dict(zip(listeners, free_ports(len(listeners))))
        UPSTREAM_PORTS.add(int(broker.bootstrap.rsplit(":", 1)[1]))
        self.listeners = dict(listeners)
        self.settings = dict(settings or {})
        self.log = LogFile(root / "gateway.log")
        self.process = None

    @property
    def ca(self):
        return self.data_dir / "certs" / "ca.pem"

    def scram(self, listener, user, password, mechanism="SCRAM-SHA-512"):
        tls = self.listeners[listener] == "SASL_SSL"
        return scram_settings(self.ports[listener], user, password, mechanism, self.ca if tls else None)

    def add_scram_user(self, name, password, mechanisms=SCRAM_MECHANISMS):
        add_scram_user(self.data_dir, name, password, mechanisms)

    def properties(self):
        certificates = self.data_dir / "certs"
        lines = {
            "listeners": ",".join(f"{name}://127.0.0.1:{port}" for name, port in self.ports.items()),
            "listener.security.protocol.map": ",".join(f"{name}:{proto}" for name, proto in self.listeners.items()),
            "advertised.host": "localhost",
            "upstream.bootstrap.servers": self.broker.bootstrap,
            "ssl.certificate.location": certificates / "server.pem",
            "ssl.key.location": certificates / "server.key",
            "allow.everyone.if.no.acl.found": "true",
            **self.settings,
        }
        return "".join(f"{key}={value}\n" for key, value in lines.items())

    def start(self, timeout=30.0):
        assert BINARY.exists(), f"{BINARY} is missing: build with `swift build --product portcullis` first"
        self.data_dir.mkdir(parents=True, exist_ok=True)
        authctl(self.data_dir, "ca", "init")
        authctl(self.data_dir, "cert", "issue", "--server", "--host", "localhost", "--host", "127.0.0.1",
                "--out", str(self.data_dir / "certs"))
        config = self.root / "gateway.properties"
        config.write_text(self.properties())
        with open(self.log.path, "ab") as log:
            self.process = subprocess.Popen(self.command(config), stdout=log, stderr=subprocess.STDOUT)
        await_ready(self.process, self.log, lambda: len(self.log.lines("gateway listening")) == len(self.ports), timeout)
        return self

    def command(self, config):
        """`portcullis gateway` with `config`; its decision log's checkpoint key comes from the broker's KMS."""
        return [str(BINARY), "gateway", "--config", str(config), "--data-dir", str(self.data_dir),
                "--key-data-dir", str(self.broker.data_dir)]

    def alive(self):
        return self.process.poll() is None

    def memory_kib(self, field="VmRSS"):
        return memory_kib(self.process.pid, field)

    def stop(self):
        stop_process(self.process, self.log)


def await_ready(process, log: LogFile, ready, timeout):
    """Waits until `ready()`; a process that exits or is not ready in time is killed and fails the test."""
    deadline = time.monotonic() + timeout
    while not ready():
        if process.poll() is not None or time.monotonic() >= deadline:
            process.kill()
            process.wait(timeout=10)
            raise AssertionError(f"{process.args[1]} was not ready (exit status {process.returncode}):\n{log.text()[-3000:]}")
        time.sleep(0.05)


def stop_process(process, log: LogFile):
    """Stops a process the tests started; fails when it had already exited on its own (a crash)."""
    if process is None:
        return
    exited = process.poll()
    if exited is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
    assert exited is None, f"{process.args[1]} exited with {exited} while the tests ran:\n{log.text()[-3000:]}"


SHARED_LISTENERS = {"SASL_SSL": "SASL_SSL", "SASL_PLAINTEXT": "SASL_PLAINTEXT", "RESTRICTED": "SASL_SSL"}
# The restricted listener admits one source address only: tests connect from 127.0.0.1 (refused) and 127.0.0.2.
SHARED_SETTINGS = {"listener.name.restricted.allowed.cidrs": "127.0.0.2/32"}


def start_gateway(root: pathlib.Path, listeners=None, settings=None):
    """A broker and a gateway in front of it, under `root`; stop both with `stop_gateway`."""
    root.mkdir(parents=True, exist_ok=True)
    broker = BrokerProcess(root / "broker").start()
    try:
        return GatewayProcess(root, broker, listeners or SHARED_LISTENERS,
                              SHARED_SETTINGS if settings is None else settings).start()
    except BaseException:
        broker.kill()
        raise


def stop_gateway(gateway: GatewayProcess):
    try:
        gateway.stop()
    finally:
        gateway.broker.kill()


@pytest.fixture(scope="module")
def dev_cluster(tmp_path_factory):
    cluster = DevCluster(tmp_path_factory.mktemp("dev")).start()
    yield cluster
    cluster.stop()


@pytest.fixture(scope="module")
def gateway(tmp_path_factory):
    """The shared gateway: SASL_SSL, SASL_PLAINTEXT and RESTRICTED (SASL_SSL from 127.0.0.2 only)."""
    started = start_gateway(tmp_path_factory.mktemp("gateway"))
    yield started
    stop_gateway(started)


# IAM (the SASL_SSL listener with OAUTHBEARER and AWS_MSK_IAM, port 9098 in MSK).

IAM_REGION = "us-east-1"
IAM_ACCOUNT = "000000000000"
IAM_CLUSTER_ARN = f"arn:aws:kafka:{IAM_REGION}:{IAM_ACCOUNT}:cluster/portcullis/00000000-0000-0000-0000-000000000000-1"
IAM_LISTENERS = {"IAM": "SASL_SSL", "SASL_PLAINTEXT": "SASL_PLAINTEXT"}


def iam_user_arn(name):
    return f"arn:aws:iam::{IAM_ACCOUNT}:user/{name}"


def iam_resource(kind, name):
    """`kind` is topic, group or transactional-id."""
    return IAM_CLUSTER_ARN.replace(":cluster/", f":{kind}/", 1) + f"/{name}"


def iam_policy(*statements):
    """A policy document; each statement is (effect, actions, resources[, sid])."""
    body = []
    for effect, actions, resources, *sid in statements:
        statement = {"Effect": effect, "Action": [f"kafka-cluster:{a}" for a in actions], "Resource": resources}
        if sid:
            statement["Sid"] = sid[0]
        body.append(statement)
    return {"Version": "2012-10-17", "Statement": body}


def start_iam_gateway(root: pathlib.Path, settings=None):
    """A broker and a gateway with an IAM listener (OAUTHBEARER, AWS_MSK_IAM) and a
    SASL_PLAINTEXT (SCRAM) one; the decision log checkpoints every 200 ms."""
    return start_gateway(root, IAM_LISTENERS, {
        "listener.name.iam.sasl.enabled.mechanisms": "OAUTHBEARER,AWS_MSK_IAM",
        "audit.checkpoint.interval.ms": "200",
        **(settings or {}),
    })


def iam_authctl(gateway, *args):
    """`authctl iam ARGS` on the gateway's store, with its broker's KMS for keys and sessions."""
    return authctl(gateway.data_dir, "iam", *args, "--key-data-dir", str(gateway.broker.data_dir))


def put_iam_policy(gateway, name, document, user=None, role=None):
    """Stores `document` as `name` and attaches it to `user` or `role`; waits until the gateway knows."""
    path = gateway.root / f"policy-{name}.json"
    path.write_text(json.dumps(document))
    authctl(gateway.data_dir, "iam", "policy", "put", name, "--file", str(path))
    if user:
        authctl(gateway.data_dir, "iam", "policy", "attach", name, "--user", user)
    if role:
        authctl(gateway.data_dir, "iam", "policy", "attach", name, "--role", role)
    time.sleep(POLICY_PROPAGATION)


def add_iam_user(gateway, name, document=None):
    """An IAM user with one access key (and `document` as its policy `NAME-policy`); returns (key id, secret)."""
    authctl(gateway.data_dir, "iam", "user", "add", name)
    created = json.loads(iam_authctl(gateway, "key", "create", "--user", name, "--output", "json"))["AccessKey"]
    if document is not None:
        put_iam_policy(gateway, f"{name}-policy", document, user=name)
    else:
        time.sleep(POLICY_PROPAGATION)
    return created["AccessKeyId"], created["SecretAccessKey"]


def issue_iam_session(gateway, role, duration, session_name):
    """`authctl iam session issue`: STS-like {"Credentials": ..., "AssumedRoleUser": ...}."""
    issued = json.loads(iam_authctl(gateway, "session", "issue", "--role", role, "--duration", duration,
                                    "--session-name", session_name, "--output", "json"))
    time.sleep(POLICY_PROPAGATION)
    return issued


def iam_oauth_settings(port, ca, access_key, secret_key, session_token=None, region=IAM_REGION):
    """confluent-kafka settings whose oauth_cb signs with AWS's MSK signer package."""
    from iam_tokens import signer_token

    def oauth_cb(_config):
        token, expiry_ms = signer_token(region, access_key, secret_key, session_token)
        return token, expiry_ms / 1000

    return {"bootstrap.servers": f"localhost:{port}", "security.protocol": "SASL_SSL", "sasl.mechanism": "OAUTHBEARER",
            "oauth_cb": oauth_cb, "ssl.ca.location": str(ca)}


def audit_records(data_dir, *filters):
    return [json.loads(line) for line in authctl(data_dir, "audit", "query", *filters, "--output", "json").splitlines()]


def wait_for_records(data_dir, predicate, *filters, count=1, timeout=6.0):
    """The decision-log records (after `filters`) for which `predicate` holds, once there are `count`; fails after `timeout`."""
    deadline = time.monotonic() + timeout
    while True:
        found = [record for record in audit_records(data_dir, *filters) if predicate(record)]
        if len(found) >= count or time.monotonic() >= deadline:
            assert len(found) >= count, f"{len(found)} of {count} matching decision-log records within {timeout}s"
            return found
        time.sleep(0.3)


# IAM over the raw wire (gateway_wire.KafkaWire): SaslHandshake v1, then one SaslAuthenticate v1 with any bytes.

SASL_AUTHENTICATION_FAILED = 58


def iam_sasl_authenticate(wire, mechanism, token: bytes, handshake=True):
    """SaslHandshake (unless `handshake` is False) then SaslAuthenticate v1 carrying `token`;
    returns (error code, error message, server bytes, session lifetime ms)."""
    import struct

    from gateway_wire import kafka_bytes
    if handshake:
        assert wire.sasl_handshake(mechanism) == 0, f"SaslHandshake refused {mechanism}"
    body = wire.call(36, 1, kafka_bytes(token))
    error, message_length = struct.unpack(">hh", body[:4])
    message = body[4:4 + max(message_length, 0)].decode(errors="replace") if message_length >= 0 else None
    rest = body[4 + max(message_length, 0):]
    length = struct.unpack(">i", rest[:4])[0]
    server = rest[4:4 + max(length, 0)]
    lifetime = struct.unpack(">q", rest[4 + max(length, 0):12 + max(length, 0)])[0]
    return error, message, server, lifetime


def metadata_brokers(wire):
    """Metadata v1 for no topics; returns how many brokers the answer names (the connection is serving)."""
    import struct
    body = wire.call(3, 1, struct.pack(">i", 0))
    return struct.unpack(">i", body[:4])[0]
