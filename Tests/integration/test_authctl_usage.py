"""`authctl usage` over a usage journal written here, line by line, in the
format docs/usage.md documents (the contract between the recorder and any
reader): rows as a table, JSON and CSV, filters, and the bill estimate with
the example MSK Serverless prices."""
import json
import pathlib

from gateway_fixtures import authctl
from test_authctl_reserved_names import run_authctl

PRICES = pathlib.Path(__file__).resolve().parents[2] / "docs" / "usage-prices.example.json"
GIB = 1 << 30
BOB = "User:CN=bob,O=example"


def line(seq, kind, minute, **fields):
    return json.dumps({"seq": seq, "kind": kind, "minute": minute, **fields}, sort_keys=True, separators=(",", ":")) + "\n"


def traffic(seq, minute, principal, topic, bytes_in=0, bytes_out=0, messages_in=0):
    return line(seq, "traffic", minute, principal=principal, topic=topic,
                bytes_in=bytes_in, bytes_out=bytes_out, messages_in=messages_in)


def storage(seq, minute, topic, partitions, storage_bytes):
    return line(seq, "storage", minute, topic=topic, partitions=partitions, storage_bytes=storage_bytes)


def write_journal(data_dir):
    """Two days' files; the second ends in a line torn by a crash, which must not count."""
    usage = data_dir / "usage"
    usage.mkdir(parents=True)
    (usage / "usage-20261207T1200Z-000000000001.jsonl").write_text(
        traffic(1, "2026-12-07T12:00:00Z", "User:alice", "orders", bytes_in=GIB, messages_in=1000)
        + traffic(2, "2026-12-07T12:00:00Z", BOB, "orders", bytes_out=2 * GIB)
        + storage(3, "2026-12-07T12:00:00Z", "orders", 3, 600)
        + storage(4, "2026-12-07T12:01:00Z", "orders", 3, 1200)
        + traffic(5, "2026-12-07T12:30:00Z", "User:alice", "orders", bytes_in=GIB // 2, messages_in=500)
        # A later sample of the same minute replaces the earlier one.
        + storage(6, "2026-12-07T12:01:00Z", "orders", 3, 1800)
        # Before the windows below.
        + traffic(7, "2026-12-07T11:59:00Z", "User:alice", "orders", bytes_in=999)
    )
    (usage / "usage-20261208T0000Z-000000000008.jsonl").write_text(
        traffic(8, "2026-12-08T00:00:00Z", "User:alice", "audit", bytes_in=100, messages_in=1)
        + '{"bytes_in":5000,"bytes_out":0,"kind":"tra'
    )


def usage(data_dir, *args):
    return authctl(data_dir, "usage", "--since", "2026-12-07T12:00:00Z", "--until", "2026-12-08T12:00:00Z", *args)


def row(principal, topic, bytes_in=0, bytes_out=0, messages_in=0, partition_hours=0.0, storage_byte_hours=0.0):
    return {"principal": principal, "topic": topic, "bytes_in": bytes_in, "bytes_out": bytes_out,
            "messages_in": messages_in, "partition_hours": partition_hours, "storage_byte_hours": storage_byte_hours}


ROWS = [
    row("User:alice", "audit", bytes_in=100, messages_in=1),
    row(BOB, "orders", bytes_out=2 * GIB),
    row("User:alice", "orders", bytes_in=GIB + GIB // 2, messages_in=1500),
    # Two sampled minutes: (3 + 3) / 60 partition-hours, (600 + 1800) / 60 byte-hours.
    row(None, "orders", partition_hours=6 / 60, storage_byte_hours=2400 / 60),
]


def test_json_is_an_array_of_rows_with_exactly_the_documented_keys(tmp_path):
    write_journal(tmp_path)
    assert json.loads(usage(tmp_path, "--output", "json")) == ROWS


def test_csv_has_a_header_and_quotes_principals_with_commas(tmp_path):
    write_journal(tmp_path)
    assert usage(tmp_path, "--output", "csv") == (
        "principal,topic,bytes_in,bytes_out,messages_in,partition_hours,storage_byte_hours\n"
        "User:alice,audit,100,0,1,0.0,0.0\n"
        '"User:CN=bob,O=example",orders,0,2147483648,0,0.0,0.0\n'
        "User:alice,orders,1610612736,0,1500,0.0,0.0\n"
        ",orders,0,0,0,0.1,40.0\n"
    )


def test_the_table_shows_storage_rows_without_a_principal(tmp_path):
    write_journal(tmp_path)
    assert usage(tmp_path) == (
        "PRINCIPAL              TOPIC   BYTES_IN    BYTES_OUT   MESSAGES_IN  PARTITION_HOURS  STORAGE_BYTE_HOURS\n"
        "User:alice             audit   100         0           1            0.0000           0.0\n"
        "User:CN=bob,O=example  orders  0           2147483648  0            0.0000           0.0\n"
        "User:alice             orders  1610612736  0           1500         0.0000           0.0\n"
        "-                      orders  0           0           0            0.1000           40.0\n"
    )


def test_filters_and_a_window_that_cuts_minutes(tmp_path):
    write_journal(tmp_path)
    assert json.loads(usage(tmp_path, "--principal", "alice", "--output", "json")) == [ROWS[0], ROWS[2]]
    assert json.loads(usage(tmp_path, "--topic", "orders", "--principal", BOB, "--output", "json")) == [ROWS[1]]
    assert json.loads(usage(tmp_path, "--topic", "orders", "--output", "json")) == ROWS[1:]
    # 12:00:30 to 12:30:00: the minutes that start inside are 12:01 to 12:29.
    cut = authctl(tmp_path, "usage", "--since", "2026-12-07T12:00:30Z", "--until", "2026-12-07T12:30:00Z", "--output", "json")
    assert json.loads(cut) == [row(None, "orders", partition_hours=3 / 60, storage_byte_hours=1800 / 60)]


def test_the_bill_prices_every_dimension_with_the_example_prices(tmp_path):
    write_journal(tmp_path)
    quantities = [24.0, 6 / 60, 40.0 / GIB / 730, (GIB + GIB // 2 + 100) / GIB, 2 * GIB / GIB]
    prices = [0.75, 0.0015, 0.10, 0.10, 0.05]
    amounts = [quantity * price for quantity, price in zip(quantities, prices)]
    bill = json.loads(usage(tmp_path, "--price-file", str(PRICES), "--output", "json"))
    assert bill == {
        "currency": "USD",
        "line_items": [
            {"item": item, "unit": unit, "quantity": quantity, "unit_price": price, "amount": amount}
            for item, unit, quantity, price, amount in zip(
                ["cluster", "partitions", "storage", "data in", "data out"],
                ["cluster-hours", "partition-hours", "GB-months", "GB", "GB"], quantities, prices, amounts)
        ],
        "total": sum(amounts),
    }
    assert round(sum(amounts), 6) == 18.250150

    assert usage(tmp_path, "--price-file", str(PRICES)) == (
        "ITEM        QUANTITY   UNIT             UNIT_PRICE  AMOUNT\n"
        "cluster     24.000000  cluster-hours    0.75        18.0000\n"
        "partitions  0.100000   partition-hours  0.0015      0.0002\n"
        "storage     0.000000   GB-months        0.1         0.0000\n"
        "data in     1.500000   GB               0.1         0.1500\n"
        "data out    2.000000   GB               0.05        0.1000\n"
        "total                                               18.2502 USD\n"
    )


def test_bad_times_and_a_missing_journal_are_refused(tmp_path):
    bad = run_authctl(tmp_path, "usage", "--since", "yesterday")
    assert bad.returncode != 0 and "--since must be an RFC 3339 time" in bad.stderr
    backwards = run_authctl(tmp_path, "usage", "--since", "2026-12-08", "--until", "2026-12-07")
    assert backwards.returncode != 0 and "--since must be before --until" in backwards.stderr
    missing = run_authctl(tmp_path, "usage", "--since", "1h")
    assert missing.returncode == 1
    assert missing.stderr == f"Error: cannot read the usage journal: {tmp_path}/usage does not exist\n"
