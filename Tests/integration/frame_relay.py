"""A Kafka-frame relay between real processes. Clients connect to it; for
each it connects to `target`, passes requests on unchanged and hands each
response to `amend` (with the API key and version of the request it
answers) before passing it back. Every response passed back is kept in
`responses`, so a test can search what clients were answered.

Plaintext only: put it in front of a SASL_PLAINTEXT or PLAINTEXT listener."""
import socket
import struct
import threading


def read_frames(sock):
    """Frames without their length prefix, until the peer closes."""
    buffer = b""
    while True:
        while len(buffer) < 4 or len(buffer) < 4 + struct.unpack(">i", buffer[:4])[0]:
            try:
                chunk = sock.recv(65536)
            except OSError:
                return
            if not chunk:
                return
            buffer += chunk
        length = struct.unpack(">i", buffer[:4])[0]
        yield buffer[4:4 + length]
        buffer = buffer[4 + length:]


class FrameRelay:
    def __init__(self, target, listen=("127.0.0.1", 0)):
        self.target = target
        self.server = socket.create_server(listen)
        self.host, self.port = self.server.getsockname()[:2]
        self.responses = []  # (api key, version, response frame)
        self.errors = []  # what broke a relayed connection, for the test to report
        self.sockets = []
        threading.Thread(target=self._accept, daemon=True).start()

    @property
    def bootstrap(self):
        return f"{self.host}:{self.port}"

    def amend(self, api_key, version, response):
        return response

    def close(self):
        self.server.close()
        for sock in self.sockets:
            sock.close()

    def _accept(self):
        while True:
            try:
                client, _ = self.server.accept()
            except OSError:
                return
            target = socket.create_connection(self.target)
            self.sockets += [client, target]
            asked = {}  # correlation id -> (api key, version); acks=0 produce requests stay unanswered here
            threading.Thread(target=self._pass_requests, args=(client, target, asked), daemon=True).start()
            threading.Thread(target=self._pass_responses, args=(target, client, asked), daemon=True).start()

    def _pass_requests(self, client, target, asked):
        for frame in read_frames(client):
            api_key, version, correlation_id = struct.unpack(">hhi", frame[:8])
            asked[correlation_id] = (api_key, version)
            if not self._send(target, frame):
                break
        self._hang_up(client, target)

    def _pass_responses(self, target, client, asked):
        for frame in read_frames(target):
            api_key, version = asked.pop(struct.unpack(">i", frame[:4])[0])
            try:
                frame = self.amend(api_key, version, frame)
            except Exception as error:  # noqa: BLE001 - reported by the test, not lost in a thread
                self.errors.append(f"amending API {api_key} v{version}: {error!r}")
                break
            self.responses.append((api_key, version, frame))
            if not self._send(client, frame):
                break
        self._hang_up(client, target)

    @staticmethod
    def _send(sock, frame):
        try:
            sock.sendall(struct.pack(">i", len(frame)) + frame)
            return True
        except OSError:
            return False

    @staticmethod
    def _hang_up(*socks):
        for sock in socks:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
