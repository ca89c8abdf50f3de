"""testssl.sh (Debian's `testssl`, 3.0.x) scans both TLS listeners of
`portcullis dev`, the mutual-TLS one (MSK's 9094) and the SASL_SSL one (9096),
and every finding of severity MEDIUM, HIGH or CRITICAL fails the test, as does
any WARN or FATAL (a check testssl could not carry out), with one exception:
`cert_revocation` ("Neither CRL nor OCSP URI provided"), because the dev CA
issues certificates without revocation pointers (swift-certificates has no CRL
types, see DESIGN.md). The dev CA's chain of trust is not excused: testssl is
given the dev CA (`--add-ca`), so the chain is checked against it.

What runs: testssl's default run, that is every check but `-E` (cipher suites
per protocol, which repeats `-e`'s handshakes for each protocol version) and
`-g` (GREASE and ClientHello size quirks, labelled experimental by testssl and
rated INFO only): protocols, cipher categories, forward secrecy and groups,
the server's cipher order, server defaults and the certificate, the
vulnerability checks (Heartbleed, CCS, ROBOT, renegotiation, CRIME, POODLE,
fallback, SWEET32, FREAK, DROWN, LOGJAM, BEAST, LUCKY13, RC4), each cipher
(`-e`) and client simulation. testssl skips its HTTP checks itself (Kafka is
not HTTP). `-n none` skips DNS lookups: the target is loopback (`--ip
127.0.0.1`), named `localhost` so that SNI and the name check are exercised.

Mutual TLS: testssl 3.0.8 cannot present a client certificate (`--mtls` came
with 3.2), so the scan of the mTLS listener runs testssl with an `openssl`
wrapper that adds admin's certificate and key to every `s_client`. Without
it, the checks that need a completed handshake (session resumption,
client-initiated renegotiation) fail on the missing certificate instead of
testing anything. testssl's own socket handshakes only read the server's first
flight and need no certificate. The gateway's log must show admin
authenticated on that listener during the scan.

The two scans run concurrently: about a minute together on two cores.
"""
import json
import os
import shutil
import signal
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor

from gateway_fixtures import dev_cluster  # noqa: F401 (fixture)

SCAN_TIMEOUT = 300
# testssl's own error exits (bad command line, openssl or connection trouble, ...) are 242 and above;
# below that its exit status is a tally of what its checks returned, not a verdict.
TESTSSL_ERRORS = 242
FAILING_SEVERITIES = {"MEDIUM", "HIGH", "CRITICAL", "WARN", "FATAL"}
# (id, text the finding must contain): findings accepted at any severity.
ACCEPTED = [("cert_revocation", "Neither CRL nor OCSP URI provided")]
# Present in every complete scan; their absence means checks did not run.
EXPECTED_IDS = {"TLS1_2", "TLS1_3", "cipherlist_STRONG", "PFS", "cipher_order", "cert_chain_of_trust",
                "cert_revocation", "heartbleed", "ROBOT", "secure_client_renego", "LUCKY13", "scanTime"}


def find_testssl():
    binary = shutil.which("testssl") or shutil.which("testssl.sh")
    assert binary, "testssl is not installed: run scripts/install-test-deps.sh (Debian package testssl.sh)"
    return binary


def write_openssl_with_client_certificate(path, certificate, key):
    """An `openssl` for testssl's `--openssl` that presents `certificate` in every `s_client`."""
    openssl = shutil.which("openssl")
    assert openssl, "openssl is not installed (testssl needs it)"
    path.write_text(
        "#!/bin/sh\n"
        'if [ "$1" = s_client ]; then\n'
        "    shift\n"
        f"    exec '{openssl}' s_client -cert '{certificate}' -key '{key}' \"$@\"\n"
        "fi\n"
        f"exec '{openssl}' \"$@\"\n"
    )
    path.chmod(0o755)
    return path


def scan(name, port, workdir, ca, openssl=None):
    """Runs testssl against localhost:PORT on 127.0.0.1; returns (name, findings, exit code, output, seconds)."""
    json_path = workdir / f"{name}.json"
    output_path = workdir / f"{name}.txt"
    command = [find_testssl(), "--quiet", "--warnings", "batch", "--color", "0", "-n", "none",
               "--ip", "127.0.0.1", "--add-ca", str(ca), "--jsonfile", str(json_path)]
    if openssl:
        command += ["--openssl", str(openssl)]
    command.append(f"localhost:{port}")
    started = time.monotonic()
    with open(output_path, "wb") as output:
        process = subprocess.Popen(command, cwd=workdir, stdout=output, stderr=subprocess.STDOUT,
                                   stdin=subprocess.DEVNULL, start_new_session=True)
        try:
            code = process.wait(timeout=SCAN_TIMEOUT)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
            raise AssertionError(f"testssl on the {name} listener did not finish within {SCAN_TIMEOUT}s:\n"
                                 f"{output_path.read_text(errors='replace')[-3000:]}")
    text = output_path.read_text(errors="replace")
    assert json_path.exists(), f"testssl wrote no JSON for the {name} listener (exit {code}):\n{text[-3000:]}"
    return name, json.loads(json_path.read_text()), code, text, time.monotonic() - started


def accepted(finding):
    return any(finding["id"] == id and text in finding["finding"] for id, text in ACCEPTED)


def test_testssl_finds_nothing_above_low_on_either_listener(dev_cluster, tmp_path):
    client = dev_cluster.client_dir
    openssl = write_openssl_with_client_certificate(tmp_path / "openssl-with-admin-certificate",
                                                    client / "admin.pem", client / "admin.key")
    mark = dev_cluster.log.mark()
    with ThreadPoolExecutor(max_workers=2) as pool:
        scans = [pool.submit(scan, "mtls", dev_cluster.mtls_port, tmp_path, dev_cluster.ca, openssl),
                 pool.submit(scan, "sasl_ssl", dev_cluster.scram_port, tmp_path, dev_cluster.ca)]
        results = [future.result() for future in scans]

    problems = []
    for name, findings, code, text, seconds in results:
        print(f"testssl on the {name} listener: {seconds:.0f}s, exit {code}, {len(findings)} findings")
        if code >= TESTSSL_ERRORS:
            problems.append(f"{name}: testssl failed with exit {code}:\n{text[-3000:]}")
        missing = EXPECTED_IDS - {finding["id"] for finding in findings}
        if missing:
            problems.append(f"{name}: the scan is incomplete, no finding for {sorted(missing)}; "
                            f"testssl exited {code}:\n{text[-3000:]}")
        for finding in findings:
            if finding["severity"] in FAILING_SEVERITIES and not accepted(finding):
                problems.append(f"{name}: {finding['severity']} {finding['id']}: {finding['finding']}")
    assert not problems, "testssl findings above LOW:\n" + "\n".join(problems)

    authenticated = dev_cluster.log.lines(r"listener=SSL .*principal=User:admin .*authenticated", since=mark)
    assert authenticated, ("the mTLS scan never completed a handshake with admin's certificate, "
                           "so the checks that need one did not test the listener")
