"""The soak's short version (bench/soak/soak.py): 1,000 concurrent authenticated
clients (500 aiokafka producers, 500 consumers, SCRAM-SHA-512 over TLS) through
`portcullis dev` for 60 s after all are up: no client error, and the gateway's
resident set grows at most 32 MiB after warm-up. The ten-minute run is
scripts/soak.sh."""
import json
import pathlib
import subprocess
import sys

from conftest import BINARY

SOAK = pathlib.Path(__file__).resolve().parents[2] / "bench" / "soak" / "soak.py"


def test_a_thousand_clients_for_a_minute_see_no_error_and_memory_stays_flat():
    result = subprocess.run([sys.executable, str(SOAK), "--binary", str(BINARY), "--clients", "1000",
                             "--seconds", "60", "--warmup", "10", "--json"],
                            capture_output=True, text=True, timeout=600)
    lines = [line for line in result.stdout.splitlines() if line.startswith("{")]
    assert lines, result.stdout[-3000:] + result.stderr[-3000:]
    figures = json.loads(lines[-1])
    print(figures)
    assert figures["client_errors"] == 0, figures["first_errors"]
    assert figures["dev_alive"]
    assert figures["produced"] > 0 and figures["consumed"] > 0
    assert figures["rss_growth_after_warmup_mib"] <= 32, figures
    assert result.returncode == 0, figures["failures"]
