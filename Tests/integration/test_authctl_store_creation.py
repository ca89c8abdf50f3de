"""`authctl` creates a missing data directory and policy store (before any gateway
ran), saying so on standard error so that a mistyped path is visible; it says
nothing once the store exists."""
import stat

import pytest

from test_authctl_reserved_names import run_authctl

COMMANDS = [
    ("user", "list"),
    ("user", "add", "alice"),
    ("acl", "list"),
    ("acl", "add", "--allow-principal", "User:alice", "--topic", "orders"),
    ("acl", "remove", "--topic", "orders", "--force"),
    ("net", "list"),
    ("net", "allow", "--topic", "orders", "--cidr", "10.0.0.0/8"),
]


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_every_store_command_creates_a_missing_store_and_says_so_once(tmp_path, command):
    data_dir = tmp_path / "not" / "yet" / "data"
    first = run_authctl(data_dir, *command)
    assert first.returncode == 0, first.stderr
    assert first.stderr == f"created a new policy store at {data_dir}/policy/policy.sqlite\n"
    assert (data_dir / "policy" / "policy.sqlite").is_file()
    for directory in (data_dir, data_dir / "policy"):
        assert stat.S_IMODE(directory.stat().st_mode) == 0o700

    second = run_authctl(data_dir, *command)
    assert "created a new policy store" not in second.stderr
    listing = run_authctl(data_dir, "user", "list")
    assert (listing.returncode, listing.stderr) == (0, "")
