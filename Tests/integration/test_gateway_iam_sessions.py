"""IAM sessions over time on a `portcullis gateway` IAM listener: temporary
credentials (`authctl iam session issue`) work at once and stop at their
expiry, for new connections and for a producer's open ones; a disabled access
key closes the connections it opened within a second; KIP-368
re-authentication with a fresh token keeps the principal, and one as another
principal closes the connection."""
import datetime
import json
import time

import pytest
from confluent_kafka import Producer

from gateway_fixtures import (SASL_AUTHENTICATION_FAILED, add_iam_user, authctl, create_topic, iam_oauth_settings,
                              iam_policy, iam_resource, iam_sasl_authenticate, iam_user_arn, issue_iam_session,
                              metadata_brokers, put_iam_policy, start_iam_gateway, stop_gateway, wait_for_records,
                              IAM_CLUSTER_ARN, IAM_REGION)
from gateway_wire import KafkaWire
from iam_tokens import msk_iam_payload, oauthbearer_client_first, presigned_token, signer_token

EVERYTHING = iam_policy(("Allow", ["*"], "*"))
OAUTH, MSK = "OAUTHBEARER", "AWS_MSK_IAM"
# How the gateway ends a connection whose credentials expire: librdkafka re-authenticates at about
# 90 % of the session; the last session before the expiry is shorter than the gateway's 1 s minimum
# between re-authentications, so its next attempt is refused as too soon.
SESSION_END_REASONS = ("reason=session expired without re-authentication", "reason=re-authentication did not complete",
                       "reason=re-authentication attempted too soon", "IAM token refused (credentials-expired)")


@pytest.fixture(scope="module")
def iam_gateway(tmp_path_factory):
    gateway = start_iam_gateway(tmp_path_factory.mktemp("iam-sessions"))
    try:
        yield gateway
    finally:
        stop_gateway(gateway)


def connect(gateway):
    return KafkaWire.connect(gateway.ports["IAM"], ca=gateway.ca)


def token_for(mechanism, credentials):
    """A first SaslAuthenticate message for `credentials` (key, secret[, session token]) as the client libraries make it."""
    if mechanism == OAUTH:
        return oauthbearer_client_first(signer_token(IAM_REGION, *credentials)[0])
    return msk_iam_payload("localhost", IAM_REGION, *credentials)


def refusal_reason(gateway, client_port, started):
    record = wait_for_records(gateway.data_dir, lambda r: r.get("clientPort") == client_port and r["time"] >= started,
                              "--kind", "authentication")[0]
    assert record["decision"] == "DENY", record
    return record["reason"]


def refused_authentication(gateway, mechanism, token):
    """A new connection presenting `token`: asserts the refusal and the close; returns the decision log's reason."""
    started = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    wire = connect(gateway)
    try:
        port = wire.sock.getsockname()[1]
        error, message, _, _ = iam_sasl_authenticate(wire, mechanism, token)
        assert error == SASL_AUTHENTICATION_FAILED, (error, message)
        assert wire.receive_until_closed(timeout=5) == []
    finally:
        wire.close()
    return refusal_reason(gateway, port, started)


def test_temporary_credentials_work_until_they_expire(iam_gateway):
    gateway = iam_gateway
    authctl(gateway.data_dir, "iam", "role", "add", "shipper")
    put_iam_policy(gateway, "shipper-policy", iam_policy(
        ("Allow", ["Connect"], IAM_CLUSTER_ARN),
        ("Allow", ["DescribeTopic", "WriteData", "CreateTopic"], iam_resource("topic", "shipments"))), role="shipper")
    admin = add_iam_user(gateway, "shipadmin", EVERYTHING)
    create_topic(iam_oauth_settings(gateway.ports["IAM"], gateway.ca, *admin), "shipments")

    issued = issue_iam_session(gateway, "shipper", "8s", "short")
    credentials = issued["Credentials"]
    session = (credentials["AccessKeyId"], credentials["SecretAccessKey"], credentials["SessionToken"])
    expiration = datetime.datetime.fromisoformat(credentials["Expiration"].replace("Z", "+00:00"))
    arn = issued["AssumedRoleUser"]["Arn"]
    mark = gateway.log.mark()

    # The session the gateway grants ends with the credentials, not with the token's 900 s.
    wire = connect(gateway)
    try:
        wire_port = wire.sock.getsockname()[1]
        error, message, _, lifetime = iam_sasl_authenticate(wire, OAUTH, token_for(OAUTH, session))
        assert error == 0, (error, message)
        remaining_ms = (expiration - datetime.datetime.now(datetime.timezone.utc)).total_seconds() * 1000
        assert 0 < lifetime <= remaining_ms + 1000, (lifetime, remaining_ms)
        assert metadata_brokers(wire) >= 1

        outcome = []
        producer = Producer({**iam_oauth_settings(gateway.ports["IAM"], gateway.ca, *session),
                             "linger.ms": 0, "message.timeout.ms": 5000, "acks": "all"})
        producer.poll(0)
        producer.produce("shipments", b"in time", on_delivery=lambda err, msg: outcome.append(err))
        producer.flush(10)
        assert outcome == [None], outcome
        assert datetime.datetime.now(datetime.timezone.utc) < expiration, "the first produce took longer than the credentials"

        # Past the expiry and the gateway's 1 s grace for a re-authentication that never comes.
        wait = (expiration - datetime.datetime.now(datetime.timezone.utc)).total_seconds() + 2.5
        time.sleep(max(wait, 0))
        outcome.clear()
        producer.produce("shipments", b"too late", on_delivery=lambda err, msg: outcome.append(err))
        producer.flush(12)
        assert len(outcome) == 1 and outcome[0] is not None, f"a produce after the credentials expired: {outcome}"

        wire.sock.settimeout(3)
        try:
            frame = wire.receive()
        except TimeoutError:
            raise AssertionError("the raw connection was still open 2.5 s + 3 s after its credentials expired") from None
        assert frame is None, "the gateway answered on a connection whose session had ended"
    finally:
        wire.close()
    expired_lines = gateway.log.lines(rf"127\.0\.0\.1:{wire_port} principal=User:{arn} "
                                      r"reason=session expired without re-authentication .*closing connection", since=mark)
    assert expired_lines, gateway.log.since(mark)[-3000:]
    # The producer's connections of that session are gone too: each was closed by the gateway
    # (its re-authentication refused, or its session ended) or given up by the client.
    producer_lines = [line for line in gateway.log.lines(rf"principal=User:{arn} .*closing connection", since=mark)
                      if f":{wire_port} " not in line]
    assert producer_lines, "no connection of the producer was closed:\n" + gateway.log.since(mark)[-3000:]
    for line in producer_lines:
        assert any(reason in line for reason in SESSION_END_REASONS), line
    assert "credentials-expired" in refused_authentication(gateway, OAUTH, token_for(OAUTH, session))
    assert "credentials-expired" in refused_authentication(
        gateway, OAUTH, oauthbearer_client_first(presigned_token(IAM_REGION, *session)))
    assert "credentials-expired" in refused_authentication(gateway, MSK, token_for(MSK, session))


@pytest.mark.parametrize("mechanism", [OAUTH, MSK])
def test_a_disabled_key_closes_its_open_connections_within_a_second(iam_gateway, mechanism):
    gateway = iam_gateway
    user = f"eve-{mechanism.lower().replace('_', '-')}"
    key = add_iam_user(gateway, user, EVERYTHING)
    wire = connect(gateway)
    try:
        error, message, _, _ = iam_sasl_authenticate(wire, mechanism, token_for(mechanism, key))
        assert error == 0, (error, message)
        assert metadata_brokers(wire) >= 1

        started = time.monotonic()
        authctl(gateway.data_dir, "iam", "key", "disable", "--user", user, key[0])
        committed = time.monotonic()
        wire.sock.settimeout(5)
        try:
            frame = wire.receive()
        except TimeoutError:
            raise AssertionError("the connection was still open 5 s after its key was disabled") from None
        closed = time.monotonic()
        assert frame is None, "the gateway answered instead of closing"
    finally:
        wire.close()
    print(f"{mechanism}: closed {closed - committed:.3f}s after authctl returned, {closed - started:.3f}s after it began")
    assert closed - committed < 1.0, f"closed {closed - committed:.3f}s after authctl returned ({closed - started:.3f}s after it began)"
    assert "disabled-access-key" in refused_authentication(gateway, mechanism, token_for(mechanism, key))


@pytest.mark.parametrize("mechanism", [OAUTH, MSK])
def test_reauthentication_keeps_the_principal(iam_gateway, mechanism):
    gateway = iam_gateway
    suffix = mechanism.lower().replace("_", "-")
    rita = add_iam_user(gateway, f"rita-{suffix}", EVERYTHING)
    other = add_iam_user(gateway, f"otto-{suffix}", EVERYTHING)
    mark = gateway.log.mark()
    wire = connect(gateway)
    try:
        error, message, _, lifetime = iam_sasl_authenticate(wire, mechanism, token_for(mechanism, rita))
        assert error == 0, (error, message)
        assert 0 < lifetime <= 900_000, lifetime
        assert metadata_brokers(wire) >= 1

        time.sleep(1.1)  # the gateway refuses a re-authentication within a second of the last
        error, message, _, renewed = iam_sasl_authenticate(wire, mechanism, token_for(mechanism, rita))
        assert error == 0, (error, message)
        assert 0 < renewed <= 900_000, renewed
        assert metadata_brokers(wire) >= 1, "the connection stopped serving after re-authentication"
        gateway.log.wait_for(r"\] re-authenticated$", since=mark, timeout=5)

        time.sleep(1.1)
        assert wire.sasl_handshake(mechanism) == 0
        from gateway_wire import kafka_bytes
        wire.send(36, 1, kafka_bytes(token_for(mechanism, other)))
        assert wire.receive_until_closed(timeout=5) == [], "re-authentication as another principal was answered"
    finally:
        wire.close()
    gateway.log.wait_for(r"reason=re-authentication as a different principal .*closing connection", since=mark, timeout=5)
    logins = wait_for_records(gateway.data_dir, lambda r: r.get("principal") == f"User:{iam_user_arn(f'rita-{suffix}')}"
                              and r.get("decision") == "ALLOW", "--kind", "authentication", count=2)
    assert any(r.get("reason") == "re-authenticated" for r in logins), logins


@pytest.mark.parametrize("change", ["key delete", "user remove", "session revoke", "role remove"])
def test_credentials_taken_away_close_their_open_connections(iam_gateway, change):
    """What `authctl` takes away (a key, its user, a session, the session's role) ends the connections it opened."""
    gateway = iam_gateway
    name = f"gone-{change.replace(' ', '-')}"
    if change.startswith(("session", "role")):
        authctl(gateway.data_dir, "iam", "role", "add", name)
        put_iam_policy(gateway, f"{name}-policy", EVERYTHING, role=name)
        credentials = issue_iam_session(gateway, name, "1h", "worker")["Credentials"]
        key = (credentials["AccessKeyId"], credentials["SecretAccessKey"], credentials["SessionToken"])
    else:
        key = add_iam_user(gateway, name, EVERYTHING)
    command = {"key delete": ("key", "delete", "--user", name, key[0]), "user remove": ("user", "remove", name),
               "session revoke": ("session", "revoke", key[0]), "role remove": ("role", "remove", name)}[change]
    wire = connect(gateway)
    try:
        error, message, _, _ = iam_sasl_authenticate(wire, OAUTH, token_for(OAUTH, key))
        assert error == 0, (error, message)
        assert metadata_brokers(wire) >= 1
        authctl(gateway.data_dir, "iam", *command)
        committed = time.monotonic()
        wire.sock.settimeout(5)
        try:
            frame = wire.receive()
        except TimeoutError:
            raise AssertionError(f"the connection was still open 5 s after `authctl iam {' '.join(command)}`") from None
        assert frame is None, "the gateway answered instead of closing"
        assert time.monotonic() - committed < 1.0, time.monotonic() - committed
    finally:
        wire.close()
    assert "unknown-access-key" in refused_authentication(gateway, OAUTH, token_for(OAUTH, key))


def test_reauthentication_with_a_rotated_key_moves_the_session_to_it(iam_gateway):
    """Key rotation on a long-lived connection: re-authenticating with the user's second key is the
    same principal; from then on the first key's fate no longer matters, the second key's does."""
    gateway = iam_gateway
    first = add_iam_user(gateway, "rotor", EVERYTHING)
    second = json.loads(authctl(gateway.data_dir, "iam", "key", "create", "--user", "rotor", "--output", "json",
                                "--key-data-dir", str(gateway.broker.data_dir)))["AccessKey"]
    second = (second["AccessKeyId"], second["SecretAccessKey"])
    time.sleep(0.3)
    wire = connect(gateway)
    try:
        error, message, _, _ = iam_sasl_authenticate(wire, OAUTH, token_for(OAUTH, first))
        assert error == 0, (error, message)
        time.sleep(1.1)
        error, message, _, _ = iam_sasl_authenticate(wire, OAUTH, token_for(OAUTH, second))
        assert error == 0, (error, message)

        authctl(gateway.data_dir, "iam", "key", "disable", "--user", "rotor", first[0])
        time.sleep(1.0)
        assert metadata_brokers(wire) >= 1, "the connection ended with the key it no longer uses"

        authctl(gateway.data_dir, "iam", "key", "disable", "--user", "rotor", second[0])
        wire.sock.settimeout(3)
        try:
            assert wire.receive() is None, "the gateway answered instead of closing"
        except TimeoutError:
            raise AssertionError("the connection outlived the key it re-authenticated with") from None
    finally:
        wire.close()
