"""moto's server on a free loopback port: AWS's KMS, S3, CloudWatch Logs and
Kinesis for the tests (the same client code a user points at AWS)."""
import collections
import shutil
import subprocess
import time
import urllib.request

import pytest

from conftest import free_port

CREDENTIALS = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing", "AWS_DEFAULT_REGION": "us-east-1"}

MotoServer = collections.namedtuple("MotoServer", "endpoint process")


@pytest.fixture
def moto_server():
    """A moto_server started for the test, stopped after it; its process too, for tests
    that pause it (SIGSTOP) to play a service that hangs (killing it would lose its state)."""
    executable = shutil.which("moto_server")
    assert executable, "moto_server is not installed: run scripts/install-test-deps.sh"
    port = free_port()
    process = subprocess.Popen([executable, "-H", "127.0.0.1", "-p", str(port)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    endpoint = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 20
    while True:
        try:
            urllib.request.urlopen(endpoint + "/moto-api/", timeout=1)
            break
        except OSError:
            assert time.monotonic() < deadline, "moto_server did not start"
            time.sleep(0.2)
    yield MotoServer(endpoint, process)
    process.kill()
    process.wait()


@pytest.fixture
def moto(moto_server):
    """The endpoint URL of the test's moto_server."""
    return moto_server.endpoint
