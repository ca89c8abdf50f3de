"""Clients the gateway must turn away, each with the error its client expects:
a wrong SCRAM password and an unknown user (one indistinguishable
authentication failure, no password in the log), an expired client
certificate, one from a CA the listener does not trust, a plaintext client on
a TLS port (and the gateway keeps serving), and a client from outside a
listener's allowed CIDRs (closed at accept, while an allowed source gets TLS)."""
import datetime
import re
import secrets
import socket
import subprocess
import time

from confluent_kafka import KafkaError, KafkaException
from confluent_kafka.admin import AdminClient
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from gateway_fixtures import DevCluster, dev_cluster, gateway, write_properties  # noqa: F401 (fixtures)
from gateway_wire import KafkaWire


def client_errors(settings, timeout=10.0):
    """The errors librdkafka reports while failing to fetch metadata with `settings`."""
    errors = []
    admin = AdminClient({**settings, "error_cb": errors.append, "reconnect.backoff.ms": 200})
    try:
        admin.list_topics(timeout=3)
        raise AssertionError("metadata was fetched: the client was not refused")
    except KafkaException:
        pass
    deadline = time.monotonic() + timeout
    while not errors and time.monotonic() < deadline:
        admin.poll(0.2)
    assert errors, "librdkafka reported no error"
    return errors


def without_timing(text):
    """An error's text without the client's own connection name and timing, which differ per attempt."""
    text = re.sub(r" \(after \d+ms in state \w+(, \d+ identical error\(s\) suppressed)?\)", "", text)
    return re.sub(r"^\S+://\S+: ", "", text)


def server_first_fields(cluster, user):
    """The salt and iteration count the gateway's SCRAM-SHA-512 server-first message offers `user`."""
    wire = KafkaWire.connect(cluster.scram_port, ca=cluster.ca)
    try:
        assert wire.sasl_handshake("SCRAM-SHA-512") == 0
        server_first, _ = wire.sasl_authenticate(f"n,,n={user},r={secrets.token_urlsafe(18)}".encode())
        fields = dict(part.split("=", 1) for part in server_first.decode().split(","))
        return fields["s"], fields["i"]
    finally:
        wire.close()


def test_an_unknown_users_salt_survives_a_restart_as_a_known_users_does(tmp_path):
    """Were the unknown user's stand-in salt drawn per process, comparing the salts offered
    before and after a restart would tell unknown users from known ones."""
    cluster = DevCluster(tmp_path).start()
    try:
        before = {user: server_first_fields(cluster, user) for user in ("admin", "ghost")}
        assert before["ghost"] != before["admin"]
        cluster.stop()
        cluster.start()
        after = {user: server_first_fields(cluster, user) for user in ("admin", "ghost")}
        assert after == before
    finally:
        cluster.stop()


def test_wrong_password_and_unknown_user_fail_alike_and_log_no_password(dev_cluster):
    mark = dev_cluster.log.mark()
    wrong_password = "wrong-" + secrets.token_hex(8)
    wrong = client_errors(dev_cluster.scram("admin", wrong_password))
    unknown = client_errors(dev_cluster.scram("nobody-" + secrets.token_hex(4), wrong_password))

    for errors in (wrong, unknown):
        assert errors[0].code() == KafkaError._AUTHENTICATION, errors[0]
        assert "SASL authentication error" in errors[0].str()
    assert without_timing(wrong[0].str()) == without_timing(unknown[0].str())
    log = dev_cluster.log.since(mark)
    assert log.count("SASL authentication failed") >= 2
    assert wrong_password not in log and dev_cluster.admin_password not in log


def make_key():
    return ec.generate_private_key(ec.SECP256R1())


def write_client_certificate(directory, name, issuer_certificate, issuer_key, not_before, not_after):
    """A client certificate for CN=`name` signed by the issuer; returns (certificate path, key path)."""
    key = make_key()
    certificate = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)]))
        .issuer_name(issuer_certificate.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before)
        .not_valid_after(not_after)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.CLIENT_AUTH]), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_key.public_key()), critical=False)
        .sign(issuer_key, hashes.SHA256())
    )
    certificate_path, key_path = directory / f"{name}.pem", directory / f"{name}.key"
    certificate_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return certificate_path, key_path


def self_signed_ca(name):
    key = make_key()
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = datetime.datetime.now(datetime.timezone.utc)
    certificate = (
        x509.CertificateBuilder().subject_name(subject).issuer_name(subject).public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1)).not_valid_after(now + datetime.timedelta(days=30))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(x509.KeyUsage(digital_signature=True, key_cert_sign=True, crl_sign=True, content_commitment=False,
                                     key_encipherment=False, data_encipherment=False, key_agreement=False,
                                     encipher_only=False, decipher_only=False), critical=True)
        .sign(key, hashes.SHA256())
    )
    return certificate, key


def test_expired_client_certificate_is_refused(dev_cluster, tmp_path):
    ca_directory = dev_cluster.data_dir / "ca"
    authority = x509.load_pem_x509_certificate((ca_directory / "ca.pem").read_bytes())
    authority_key = serialization.load_pem_private_key((ca_directory / "ca.key").read_bytes(), password=None)
    now = datetime.datetime.now(datetime.timezone.utc)
    certificate, key = write_client_certificate(tmp_path, "admin", authority, authority_key,
                                                now - datetime.timedelta(days=30), now - datetime.timedelta(days=1))
    mark = dev_cluster.log.mark()

    errors = client_errors(dev_cluster.mtls(certificate, key))
    # TLS 1.3: the client learns of the refusal from the alert after its side of the handshake (_TRANSPORT).
    assert errors[0].code() in (KafkaError._SSL, KafkaError._TRANSPORT), errors[0]
    assert "alert certificate expired" in errors[0].str(), errors[0]
    assert "authenticated" not in dev_cluster.log.since(mark)
    dev_cluster.log.wait_for(r"listener=SSL .*CERTIFICATE_VERIFY_FAILED.*closing connection", since=mark)


def test_client_certificate_from_an_untrusted_ca_is_refused(dev_cluster, tmp_path):
    authority, authority_key = self_signed_ca("Someone Else's CA")
    now = datetime.datetime.now(datetime.timezone.utc)
    certificate, key = write_client_certificate(tmp_path, "admin", authority, authority_key,
                                                now - datetime.timedelta(days=1), now + datetime.timedelta(days=1))
    mark = dev_cluster.log.mark()

    errors = client_errors(dev_cluster.mtls(certificate, key))
    assert errors[0].code() in (KafkaError._SSL, KafkaError._TRANSPORT), errors[0]
    # The listener names its CAs, so OpenSSL withholds a certificate none of them issued: "certificate required".
    assert re.search(r"alert (unknown ca|certificate required|bad certificate)", errors[0].str()), errors[0]
    assert "authenticated" not in dev_cluster.log.since(mark)
    dev_cluster.log.wait_for(r"listener=SSL .*(PEER_DID_NOT_RETURN_A_CERTIFICATE|CERTIFICATE_VERIFY_FAILED).*closing connection",
                             since=mark)


def test_plaintext_client_on_the_tls_port_fails_and_the_gateway_keeps_serving(dev_cluster, tmp_path):
    mark = dev_cluster.log.mark()
    plaintext = subprocess.run(["kcat", "-b", f"localhost:{dev_cluster.mtls_port}", "-L", "-m", "3"],
                               capture_output=True, text=True, timeout=20)
    assert plaintext.returncode != 0, plaintext.stdout
    assert "Failed to acquire metadata" in plaintext.stderr, plaintext.stderr
    assert dev_cluster.alive(), f"portcullis dev exited with {dev_cluster.process.returncode}"
    dev_cluster.log.wait_for(r"listener=SSL .*WRONG_VERSION_NUMBER.*closing connection", since=mark)

    properties = write_properties(tmp_path / "mtls.properties", dev_cluster.mtls())
    good = subprocess.run(["kcat", "-F", str(properties), "-L", "-m", "10"], capture_output=True, text=True, timeout=20)
    assert good.returncode == 0, good.stderr
    assert f"localhost:{dev_cluster.mtls_port}" in good.stdout


def test_client_outside_the_allowed_cidrs_is_closed_at_accept(gateway):
    port = gateway.ports["RESTRICTED"]
    mark = gateway.log.mark()
    with socket.create_connection(("127.0.0.1", port), timeout=5) as refused:
        client_port = refused.getsockname()[1]
        started = time.monotonic()
        try:
            received = refused.recv(1)
        except ConnectionResetError:
            received = b""
        assert received == b"" and time.monotonic() - started < 1.0, "the refused connection was not closed at once"
    gateway.log.wait_for(rf"listener=RESTRICTED peer=\S*127\.0\.0\.1:{client_port} .*connection refused: "
                         "client address not in the listener's allow-list", since=mark)

    allowed = KafkaWire.connect(port, ca=gateway.ca, source="127.0.0.2")
    try:
        assert allowed.sock.version() in ("TLSv1.2", "TLSv1.3")
        assert allowed.call(18, 0)[:2] == b"\x00\x00", "ApiVersions from the allowed address was not answered"
    finally:
        allowed.close()
    assert "127.0.0.2" not in "".join(gateway.log.lines("connection refused", since=mark))
