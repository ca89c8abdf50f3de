"""IAM authentication tokens for the gateway's 9098 listener, made the way
AWS's client libraries make them, and broken one field at a time.

- `signer_token`: `aws-msk-iam-sasl-signer-python` itself (OAUTHBEARER);
- `msk_iam_payload`: kafka-python's AWS_MSK_IAM client (the JSON payload of
  AWS's Java library `aws-msk-iam-auth`);
- `presigned_token`: botocore's SigV4QueryAuth directly, as the signer uses it,
  with any one ingredient (region, host, action, service, time, expiry) set
  wrong, so that each refusal reason can be produced on its own.
"""
import base64
import datetime
import json
from unittest import mock
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from aws_msk_iam_sasl_signer import MSKAuthTokenProvider
from botocore.auth import SigV4QueryAuth
from botocore.awsrequest import AWSRequest
from botocore.credentials import CredentialProvider, Credentials
from kafka.sasl.msk import AwsMskIamClient


class StaticCredentials(CredentialProvider):
    """A botocore credentials provider for one access key (and session token)."""

    METHOD = "static"

    def __init__(self, access_key, secret_key, session_token=None):
        super().__init__()
        self.credentials = Credentials(access_key, secret_key, session_token)

    def load(self):
        return self.credentials


def signer_token(region, access_key, secret_key, session_token=None):
    """The signer package's token and its expiry (ms since the epoch)."""
    return MSKAuthTokenProvider.generate_auth_token_from_credentials_provider(
        region, StaticCredentials(access_key, secret_key, session_token))


def oauthbearer_client_first(token, authzid=""):
    """RFC 7628's client-first message, as librdkafka sends it."""
    gs2 = f"n,a={authzid}," if authzid else "n,,"
    return f"{gs2}\x01auth=Bearer {token}\x01\x01".encode()


def msk_iam_payload(host, region, access_key, secret_key, session_token=None, signed_at=None, **overrides):
    """kafka-python's AWS_MSK_IAM first message, signed now or at `signed_at` (an aware datetime);
    `overrides` replace JSON fields after signing (a value of None removes the field)."""
    client = AwsMskIamClient(host=host, access_key=access_key, secret_key=secret_key, region=region, token=session_token)
    if signed_at is not None:
        moment = signed_at.astimezone(datetime.timezone.utc)
        client.datestamp = moment.strftime("%Y%m%d")
        client.timestamp = moment.strftime("%Y%m%dT%H%M%SZ")
    payload = json.loads(client.first_message())
    for name, value in overrides.items():
        if value is None:
            payload.pop(name, None)
        else:
            payload[name] = value
    return json.dumps(payload, separators=(",", ":")).encode()


def presigned_token(region, access_key, secret_key, session_token=None, *, host=None, sign_region=None,
                    service="kafka-cluster", action="kafka-cluster:Connect", expires=900, signed_at=None):
    """An OAUTHBEARER token signed by botocore's SigV4QueryAuth with the given ingredients
    (the signer's own, unless told otherwise), User-Agent added after signing as the signer does."""
    host = host or f"kafka.{region}.amazonaws.com"
    credentials = Credentials(access_key, secret_key, session_token)
    signer = SigV4QueryAuth(credentials, service, sign_region or region, expires=expires)
    request = AWSRequest(method="GET", url=f"https://{host}/", params={"Action": action})
    moment = signed_at or datetime.datetime.now(datetime.timezone.utc)
    with mock.patch("botocore.auth.get_current_datetime", return_value=moment.replace(tzinfo=None)):
        signer.add_auth(request)
    url = request.prepare().url
    return encode_url(with_query(url, {"User-Agent": "portcullis-tests"}))


def decode_token(token):
    """The presigned URL inside a token."""
    return base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode()


def encode_url(url):
    return base64.urlsafe_b64encode(url.encode()).decode().rstrip("=")


def with_query(url, changes):
    """`url` with query parameters replaced or added (None removes one)."""
    parts = urlsplit(url)
    query = dict(parse_qsl(parts.query, keep_blank_values=True))
    for name, value in changes.items():
        if value is None:
            query.pop(name, None)
        else:
            query[name] = value
    return urlunsplit(parts._replace(query=urlencode(query)))


def tampered(token, **changes):
    """A token whose URL has query parameters changed after signing."""
    return encode_url(with_query(decode_token(token), changes))


def flipped_signature(signature):
    """The signature with its last hex digit changed."""
    return signature[:-1] + ("0" if signature[-1] != "0" else "1")
