"""kcat (librdkafka 2.0.2) balanced consumers: two `kcat -G` processes split
a topic's partitions and together read every record once, also across the
rebalance when the second joins; stopped with SIGTERM they commit, and after
a broker restart a new `kcat -G` resumes from the committed offsets."""
import re
import signal
import subprocess

import pytest

from helpers import create_topic, produce, wait_until

TOPIC, GROUP = "clicks", "click-counters"
ASSIGNMENT = re.compile(r"rebalanced \(memberid [^)]*\): (assigned|revoked): (.*)")


class BalancedKcat:
    """A `kcat -G` process printing `partition offset value` lines, unbuffered."""

    def __init__(self, broker, name, tmp_path):
        self.out_path, self.err_path = tmp_path / f"{name}.out", tmp_path / f"{name}.err"
        with open(self.out_path, "wb") as out, open(self.err_path, "wb") as err:
            self.process = subprocess.Popen(
                ["kcat", "-b", broker.bootstrap, "-G", GROUP, "-u", "-f", "%p %o %s\\n",
                 "-X", "auto.offset.reset=earliest", TOPIC],
                stdout=out, stderr=err,
            )

    def records(self):
        """(partition, offset, value) of every record printed so far; a line kcat is
        still writing (no newline yet) is left for the next look."""
        text = self.out_path.read_text()
        lines = text[: text.rfind("\n") + 1].splitlines()
        return [(int(p), int(o), v) for p, o, v in (line.split(" ", 2) for line in lines)]

    def values(self):
        return [value for _, _, value in self.records()]

    def assignment(self):
        """The partitions held now, from the last rebalance kcat reported."""
        events = ASSIGNMENT.findall(self.err_path.read_text())
        if not events or events[-1][0] == "revoked":
            return set()
        return {int(p) for p in re.findall(r"\[(\d+)\]", events[-1][1])}

    def alive(self):
        assert self.process.poll() is None, f"kcat exited early:\n{self.err_path.read_text()}"
        return True

    def stop(self):
        """SIGTERM: kcat closes the consumer, which commits what it read and leaves the group."""
        self.process.send_signal(signal.SIGTERM)
        assert self.process.wait(timeout=20) == 0, self.err_path.read_text()


@pytest.fixture
def start_kcat(broker, tmp_path):
    """Starts `kcat -G` members; any still running when the test ends are killed."""
    started = []

    def start(name):
        started.append(BalancedKcat(broker, name, tmp_path))
        return started[-1]

    yield start
    for member in started:
        if member.process.poll() is None:
            member.process.kill()
            member.process.wait(timeout=10)


def wave(prefix, count):
    return [(i % 4, f"{prefix}{i:03d}".encode()) for i in range(count)]


def texts(records):
    return sorted(value.decode() for _, value in records)


def test_two_kcat_members_share_partitions_and_resume_after_restart(broker, start_kcat):
    create_topic(broker.bootstrap, TOPIC, partitions=4)
    first_wave, second_wave = wave("a", 40), wave("b", 40)
    produce(broker.bootstrap, TOPIC, first_wave)

    first = start_kcat("first")
    wait_until(lambda: first.alive() and len(first.values()) >= 40, 30, "the first kcat to read the first wave")
    second = start_kcat("second")
    wait_until(lambda: second.alive() and first.assignment() and second.assignment()
               and first.assignment() | second.assignment() == {0, 1, 2, 3}, 30, "the two kcats to split the partitions")
    split = (first.assignment(), second.assignment())
    assert not split[0] & split[1], f"both kcats hold a partition: {split}"

    produce(broker.bootstrap, TOPIC, second_wave)
    wait_until(lambda: len(first.values()) + len(second.values()) >= 80, 30, "the two kcats to read the second wave")
    # The first kcat's commit on revocation must hold: nothing from before the
    # split is read again by the member that took its partitions over.
    assert sorted(first.values() + second.values()) == texts(first_wave + second_wave), "a record was read twice or lost"
    wanted = set(texts(second_wave))
    for member, held in zip((first, second), split):
        read = {p for p, _, v in member.records() if v in wanted}
        assert read == held, f"read {read} while holding {held}"

    first.stop()
    second.stop()
    broker.restart()
    third_wave = wave("c", 20)
    produce(broker.bootstrap, TOPIC, third_wave)

    resumed = start_kcat("resumed")
    wait_until(lambda: resumed.alive() and resumed.assignment() == {0, 1, 2, 3} and len(resumed.values()) >= 20,
               30, "the restarted group to read the third wave")
    resumed.stop()
    assert sorted(resumed.values()) == texts(third_wave), "not exactly the records after the committed offsets"
    assert {p: min(o for q, o, _ in resumed.records() if q == p) for p in range(4)} == {p: 20 for p in range(4)}
