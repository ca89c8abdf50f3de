"""A plain TLS terminator in front of the broker, for the fair comparison: Debian's
stunnel4 (`stunnel`) terminating TLS on one port and forwarding to a second
listener of the same `portcullis broker`, which advertises stunnel's port on
that listener (Kafka's advertised.listeners), so that clients following the
Metadata answer come back through stunnel."""
import pathlib
import shutil
import socket
import subprocess
import time

STUNNEL = "stunnel"
INSTALL_HINT = "install Debian's stunnel4 (scripts/bench-gateway.sh does: apt-get install stunnel4)"


class SetupError(Exception):
    pass


def stunnel_binary():
    """The stunnel executable on PATH, or a clear error."""
    found = shutil.which(STUNNEL) or shutil.which("stunnel4")
    if found is None:
        raise SetupError(f"no `{STUNNEL}` on PATH: {INSTALL_HINT}")
    return found


def stunnel_version(binary):
    """stunnel's first version line (it prints its version on stderr)."""
    shown = subprocess.run([binary, "-version"], capture_output=True, text=True, timeout=10)
    lines = [line for line in (shown.stderr + shown.stdout).splitlines() if line.startswith("stunnel ")]
    return lines[0].strip() if lines else "stunnel (version unknown)"


def wait_listening(port, process, log_path, timeout):
    """Waits until 127.0.0.1:`port` accepts; fails if `process` exits or the time runs out."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SetupError(f"{process.args[0]} exited with {process.returncode}:\n{log_tail(log_path)}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)
    process.kill()
    process.wait(timeout=10)
    raise SetupError(f"{process.args[0]} did not listen on {port} within {timeout:.0f}s:\n{log_tail(log_path)}")


def log_tail(path, characters=3000):
    return path.read_text(errors="replace")[-characters:] if path.exists() else ""


def stop(process, timeout=10):
    if process is not None and process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=timeout)


def fronted_broker_class(broker_process, free_ports):
    """A BrokerProcess (Tests/integration/conftest.py) with two plaintext listeners: PLAINTEXT on
    `port` (the gateway's upstream and the direct path; advertised as itself) and FRONT on
    `front_port`, advertised as `advertised_front_port` (stunnel's). Made from the fixtures'
    classes, which the benchmark imports after pointing them at its binary."""

    class FrontedBroker(broker_process):
        def __init__(self, data_dir):
            super().__init__(data_dir)
            self.front_port, self.advertised_front_port = free_ports(2)
            self.config_path = data_dir.parent / "broker.properties"

        def properties(self):
            return {
                "listeners": f"PLAINTEXT://127.0.0.1:{self.port},FRONT://127.0.0.1:{self.front_port}",
                "advertised.listeners": f"PLAINTEXT://127.0.0.1:{self.port},FRONT://127.0.0.1:{self.advertised_front_port}",
            }

        def start(self, timeout=30.0):
            """`portcullis broker --data-dir D --config broker.properties`, ready when both listeners accept."""
            from conftest import BINARY  # the binary the benchmark pointed the fixtures at
            self.data_dir.mkdir(parents=True, exist_ok=True)
            self.config_path.write_text("".join(f"{key}={value}\n" for key, value in self.properties().items()))
            with open(self.log_path, "ab") as log:
                self.process = subprocess.Popen(
                    [str(BINARY), "broker", "--data-dir", str(self.data_dir), "--config", str(self.config_path)],
                    stdout=log, stderr=subprocess.STDOUT, env=self.env)
            try:
                for port in (self.port, self.front_port):
                    wait_listening(port, self.process, self.log_path, timeout)
            except SetupError as error:
                raise SetupError(f"{error}\n(a broker without listeners/advertised.listeners support refuses "
                                 "broker.properties' listeners: the stunnel path needs a broker that has them; "
                                 "leave stunnel out with --paths)") from None
            return self

    return FrontedBroker


class StunnelProcess:
    """stunnel in the foreground, TLS on `accept_port` (the certificate and key given), forwarding
    each connection to 127.0.0.1:`connect_port` in plaintext. Its configuration and log live in
    `workspace`. Everything else is stunnel's default (TLS 1.2-1.3, TCP_NODELAY on both sides,
    a thread per connection)."""

    def __init__(self, workspace: pathlib.Path, accept_port, connect_port, certificate, key):
        self.binary = stunnel_binary()
        self.workspace = workspace
        self.accept_port, self.connect_port = accept_port, connect_port
        self.certificate, self.key = certificate, key
        self.config_path = workspace / "stunnel.conf"
        self.log_path = workspace / "stunnel.log"
        self.process = None

    def configuration(self):
        return "\n".join([
            "foreground = yes",
            "pid =",  # no pid file
            "syslog = no",
            f"output = {self.log_path}",
            "debug = warning",  # no line per connection
            "[kafka]",
            f"accept = 127.0.0.1:{self.accept_port}",
            f"connect = 127.0.0.1:{self.connect_port}",
            f"cert = {self.certificate}",
            f"key = {self.key}",
            "",
        ])

    def start(self, timeout=15.0):
        self.config_path.write_text(self.configuration())
        with open(self.workspace / "stunnel.stdout", "ab") as out:
            self.process = subprocess.Popen([self.binary, str(self.config_path)], stdout=out, stderr=subprocess.STDOUT)
        wait_listening(self.accept_port, self.process, self.log_path, timeout)
        return self

    @property
    def pid(self):
        return self.process.pid

    def alive(self):
        return self.process is not None and self.process.poll() is None

    def log(self):
        return log_tail(self.log_path)

    def stop(self):
        stop(self.process)
