"""Every way an IAM token can be wrong, sent by hand on the IAM listener
(SaslHandshake v1, then SaslAuthenticate v1 with the bytes each case makes):
the gateway answers SASL_AUTHENTICATION_FAILED (58), closes the connection,
and records the refusal's reason in the decision log. Tokens made by AWS's
signer package, by kafka-python and by botocore's SigV4QueryAuth directly
with the right ingredients are accepted: the verifier follows botocore, not
one library's quirks."""
import datetime
import json
import secrets
import types
from urllib.parse import parse_qsl, urlsplit

import pytest

from gateway_fixtures import (SASL_AUTHENTICATION_FAILED, add_iam_user, authctl, iam_policy, iam_sasl_authenticate,
                              iam_user_arn, issue_iam_session, metadata_brokers, put_iam_policy, start_iam_gateway,
                              stop_gateway, wait_for_records, POLICY_PROPAGATION, IAM_REGION)
from gateway_wire import KafkaWire
from iam_tokens import (decode_token, encode_url, flipped_signature, msk_iam_payload, oauthbearer_client_first,
                        presigned_token, signer_token, tampered)

OAUTH, MSK = "OAUTHBEARER", "AWS_MSK_IAM"
HOST = "localhost"  # the listener's advertised host: what kafka-python signs for AWS_MSK_IAM
EVERYTHING = iam_policy(("Allow", ["*"], "*"))
EXTRA_BROKER_HOST = "b-1.portcullis.kafka.us-east-1.amazonaws.com"  # iam.aws_msk_iam.signed.hosts


@pytest.fixture(scope="module")
def keys(tmp_path_factory):
    """A gateway; alice (allowed everything) with an access key, dora whose key is disabled,
    and two sessions of the role `temp`."""
    gateway = start_iam_gateway(tmp_path_factory.mktemp("iam-tokens"),
                                {"iam.aws_msk_iam.signed.hosts": EXTRA_BROKER_HOST})
    try:
        alice = add_iam_user(gateway, "alice", EVERYTHING)
        dora = add_iam_user(gateway, "dora", EVERYTHING)
        authctl(gateway.data_dir, "iam", "key", "disable", "--user", "dora", dora[0])
        authctl(gateway.data_dir, "iam", "role", "add", "temp")
        put_iam_policy(gateway, "temp-policy", EVERYTHING, role="temp")
        first = issue_iam_session(gateway, "temp", "1h", "first")["Credentials"]
        second = issue_iam_session(gateway, "temp", "1h", "second")["Credentials"]
        yield types.SimpleNamespace(
            gateway=gateway, alice=alice, dora=dora,
            session=(first["AccessKeyId"], first["SecretAccessKey"], first["SessionToken"]),
            other_token=second["SessionToken"])
    finally:
        stop_gateway(gateway)


def now():
    return datetime.datetime.now(datetime.timezone.utc)


def utc_stamp():
    """Now as the decision log writes times (RFC 3339, microseconds, Z), for comparing with its records."""
    return now().strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def oauth(token, authzid=""):
    return oauthbearer_client_first(token, authzid)


def alice_token(k, **ingredients):
    return presigned_token(IAM_REGION, *k.alice, **ingredients)


def alice_payload(k, host=HOST, region=IAM_REGION, **overrides):
    return msk_iam_payload(host, region, *k.alice, **overrides)


def yesterday_scope(token):
    """The token with its credential scope's date a day earlier than X-Amz-Date (after signing)."""
    credential = dict(parse_qsl(urlsplit(decode_token(token)).query))["X-Amz-Credential"]
    key, day, rest = credential.split("/", 2)
    earlier = (datetime.datetime.strptime(day, "%Y%m%d") - datetime.timedelta(days=1)).strftime("%Y%m%d")
    return tampered(token, **{"X-Amz-Credential": f"{key}/{earlier}/{rest}"})


def with_flipped_signature(token):
    signature = dict(parse_qsl(urlsplit(decode_token(token)).query))["X-Amz-Signature"]
    return tampered(token, **{"X-Amz-Signature": flipped_signature(signature)})


def with_flipped_payload_signature(payload):
    return payload.replace(signature_of(payload).encode(), flipped_signature(signature_of(payload)).encode())


def signature_of(payload):
    return json.loads(payload)["x-amz-signature"]


UNKNOWN = ("AKIA" + "".join(secrets.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567") for _ in range(16)),
           secrets.token_urlsafe(30)[:40])

# (mechanism, the reason the decision log must give, the SaslAuthenticate bytes from the module's keys)
REFUSED = {
    "oauth-wrong-region": (OAUTH, "wrong-region", lambda k: oauth(alice_token(k, sign_region="eu-west-1"))),
    "oauth-wrong-host": (OAUTH, "wrong-host", lambda k: oauth(alice_token(k, host="kafka.eu-west-1.amazonaws.com"))),
    "oauth-broker-host": (OAUTH, "wrong-host", lambda k: oauth(alice_token(k, host=HOST))),
    "oauth-wrong-action": (OAUTH, "wrong-action", lambda k: oauth(alice_token(k, action="kafka-cluster:DescribeCluster"))),
    "oauth-wrong-service": (OAUTH, "wrong-service", lambda k: oauth(alice_token(k, service="kafka"))),
    "oauth-wrong-algorithm": (OAUTH, "wrong-algorithm",
                              lambda k: oauth(tampered(alice_token(k), **{"X-Amz-Algorithm": "AWS4-HMAC-SHA512"}))),
    "oauth-wrong-scope-date": (OAUTH, "wrong-scope-date", lambda k: oauth(yesterday_scope(alice_token(k)))),
    "oauth-host-not-signed": (OAUTH, "host-not-signed",
                              lambda k: oauth(tampered(alice_token(k), **{"X-Amz-SignedHeaders": "host;x-amz-date"}))),
    "oauth-expiry-too-long": (OAUTH, "expiry-too-long", lambda k: oauth(alice_token(k, expires=3600))),
    "oauth-expired": (OAUTH, "expired", lambda k: oauth(alice_token(k, signed_at=now() - datetime.timedelta(minutes=20)))),
    "oauth-future-dated": (OAUTH, "not-yet-valid",
                           lambda k: oauth(alice_token(k, signed_at=now() + datetime.timedelta(minutes=10)))),
    "oauth-tampered-signature": (OAUTH, "signature-mismatch", lambda k: oauth(with_flipped_signature(alice_token(k)))),
    "oauth-expires-changed-after-signing": (OAUTH, "signature-mismatch",
                                            lambda k: oauth(tampered(alice_token(k), **{"X-Amz-Expires": "600"}))),
    "oauth-wrong-secret": (OAUTH, "signature-mismatch",
                           lambda k: oauth(presigned_token(IAM_REGION, k.alice[0], UNKNOWN[1]))),
    "oauth-unknown-key": (OAUTH, "unknown-access-key", lambda k: oauth(presigned_token(IAM_REGION, *UNKNOWN))),
    "oauth-disabled-key": (OAUTH, "disabled-access-key", lambda k: oauth(presigned_token(IAM_REGION, *k.dora))),
    "oauth-another-session-token": (OAUTH, "session-token-mismatch",
                                    lambda k: oauth(presigned_token(IAM_REGION, *k.session[:2], k.other_token))),
    "oauth-temporary-key-without-token": (OAUTH, "session-token-mismatch",
                                          lambda k: oauth(presigned_token(IAM_REGION, *k.session[:2]))),
    "oauth-permanent-key-with-token": (OAUTH, "session-token-mismatch",
                                       lambda k: oauth(presigned_token(IAM_REGION, *k.alice, k.other_token))),
    "oauth-oversized": (OAUTH, "oversized", lambda k: oauth("A" * 9000)),
    "oauth-not-base64": (OAUTH, "malformed", lambda k: oauth("%%not*base64%%")),
    "oauth-not-a-url": (OAUTH, "malformed", lambda k: oauth(encode_url("not a presigned url"))),
    "oauth-not-rfc7628": (OAUTH, "malformed", lambda k: f"Bearer {alice_token(k)}".encode()),
    "oauth-authorization-id": (OAUTH, "authorization-id-not-supported",
                               lambda k: oauth(alice_token(k), authzid=iam_user_arn("dora"))),

    "msk-wrong-region": (MSK, "wrong-region", lambda k: alice_payload(k, region="eu-west-1")),
    "msk-wrong-host": (MSK, "wrong-host", lambda k: alice_payload(k, host="broker.example.com")),
    "msk-service-host": (MSK, "wrong-host", lambda k: alice_payload(k, host="kafka.us-east-1.amazonaws.com")),
    "msk-wrong-action": (MSK, "wrong-action", lambda k: alice_payload(k, action="kafka-cluster:DescribeCluster")),
    "msk-wrong-service": (MSK, "wrong-service",
                          lambda k: alice_payload(k).replace(b"/kafka-cluster/aws4_request", b"/kafka/aws4_request")),
    "msk-wrong-algorithm": (MSK, "wrong-algorithm", lambda k: alice_payload(k, **{"x-amz-algorithm": "AWS4-HMAC-SHA512"})),
    "msk-expired": (MSK, "expired", lambda k: alice_payload(k, signed_at=now() - datetime.timedelta(minutes=20))),
    "msk-future-dated": (MSK, "not-yet-valid", lambda k: alice_payload(k, signed_at=now() + datetime.timedelta(minutes=10))),
    "msk-tampered-signature": (MSK, "signature-mismatch", lambda k: with_flipped_payload_signature(alice_payload(k))),
    "msk-unknown-key": (MSK, "unknown-access-key", lambda k: msk_iam_payload(HOST, IAM_REGION, *UNKNOWN)),
    "msk-disabled-key": (MSK, "disabled-access-key", lambda k: msk_iam_payload(HOST, IAM_REGION, *k.dora)),
    "msk-another-session-token": (MSK, "session-token-mismatch",
                                  lambda k: msk_iam_payload(HOST, IAM_REGION, *k.session[:2], k.other_token)),
    "msk-oversized": (MSK, "oversized", lambda k: alice_payload(k, padding="x" * 9000)),
    "msk-not-json": (MSK, "malformed", lambda k: b"not json"),
    "msk-unsupported-version": (MSK, "unsupported-version", lambda k: alice_payload(k, version="2019_01_01")),
}

ACCEPTED = {
    "oauth-signer-package": (OAUTH, lambda k: oauth(signer_token(IAM_REGION, *k.alice)[0])),
    "oauth-botocore-sigv4queryauth": (OAUTH, lambda k: oauth(alice_token(k))),
    "oauth-botocore-temporary-credentials": (OAUTH, lambda k: oauth(presigned_token(IAM_REGION, *k.session))),
    "oauth-signer-temporary-credentials": (OAUTH, lambda k: oauth(signer_token(IAM_REGION, *k.session)[0])),
    "msk-kafka-python": (MSK, lambda k: alice_payload(k)),
    "msk-configured-broker-host": (MSK, lambda k: alice_payload(k, host=EXTRA_BROKER_HOST)),
    "msk-broker-host-in-upper-case": (MSK, lambda k: alice_payload(k, host="LOCALHOST")),
    "msk-signed-14-minutes-ago": (MSK, lambda k: alice_payload(k, signed_at=now() - datetime.timedelta(minutes=14))),
    "oauth-signed-4-minutes-ahead": (OAUTH, lambda k: oauth(alice_token(k, signed_at=now() + datetime.timedelta(minutes=4)))),
    "oauth-short-expiry": (OAUTH, lambda k: oauth(alice_token(k, expires=60))),
    "msk-kafka-python-temporary-credentials": (MSK, lambda k: msk_iam_payload(HOST, IAM_REGION, *k.session)),
}


def connect(k):
    return KafkaWire.connect(k.gateway.ports["IAM"], ca=k.gateway.ca)


@pytest.mark.parametrize("case", REFUSED)
def test_a_bad_token_is_refused_with_its_reason(keys, case):
    mechanism, reason, make = REFUSED[case]
    started = utc_stamp()
    wire = connect(keys)
    try:
        client_port = wire.sock.getsockname()[1]
        error, message, _, _ = iam_sasl_authenticate(wire, mechanism, make(keys))
        assert error == SASL_AUTHENTICATION_FAILED, (error, message)
        assert wire.receive_until_closed(timeout=5) == [], "the gateway answered after refusing the token"
    finally:
        wire.close()
    # Client ports are reused from one case to the next: the record is this connection's when it is newer.
    record = wait_for_records(keys.gateway.data_dir, lambda r: r.get("clientPort") == client_port and r["time"] >= started,
                              "--kind", "authentication")[0]
    assert record["decision"] == "DENY" and record["mechanism"] == mechanism, record
    assert f"IAM token refused ({reason})" in record["reason"], record
    for secret in (keys.alice[1], keys.session[1], keys.session[2], keys.other_token):
        assert secret not in json.dumps(record)


@pytest.mark.parametrize("case", ACCEPTED)
def test_a_good_token_is_accepted(keys, case):
    mechanism, make = ACCEPTED[case]
    wire = connect(keys)
    try:
        error, message, server, lifetime = iam_sasl_authenticate(wire, mechanism, make(keys))
        assert error == 0, (error, message)
        assert 0 < lifetime <= 900_000, \
            f"a session of {lifetime} ms, longer than the 900 s (X-Amz-Expires at most) any token may last"
        if case == "oauth-short-expiry":
            assert lifetime <= 60_000, f"the session outlives its 60 s token: {lifetime} ms"
        if mechanism == MSK:
            assert json.loads(server)["version"] == "2020_10_22", server
        assert metadata_brokers(wire) >= 1
    finally:
        wire.close()
