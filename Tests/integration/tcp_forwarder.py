"""A plain TCP forwarder between real processes (as stunnel or a load balancer
would be): accepts on a port and relays each connection, byte for byte, to a
target port. `stall()` stops it reading in both directions, so both peers
see a network that takes nothing and delivers nothing until `resume()`."""
import socket
import threading


class TcpForwarder:
    """Accepts on `port` (0: any free port, see `.port`) and relays to `target_port`; counts connections."""

    def __init__(self, port, target_port):
        self.target_port = target_port
        self.server = socket.create_server(("127.0.0.1", port))
        self.port = self.server.getsockname()[1]
        self.connections = 0
        self.sockets = []
        self._flowing = threading.Event()
        self._flowing.set()
        threading.Thread(target=self._accept, daemon=True).start()

    def stall(self):
        self._flowing.clear()

    def resume(self):
        self._flowing.set()

    def _accept(self):
        while True:
            try:
                client, _ = self.server.accept()
            except OSError:
                return
            self.connections += 1
            upstream = socket.create_connection(("127.0.0.1", self.target_port), timeout=5)
            upstream.settimeout(None)
            self.sockets += [client, upstream]
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(source, sink), daemon=True).start()

    def _pipe(self, source, sink):
        try:
            while self._flowing.wait() and (chunk := source.recv(65536)):
                self._flowing.wait()
                sink.sendall(chunk)
        except OSError:
            pass
        finally:
            for end in (source, sink):
                try:
                    end.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

    def close(self):
        self.resume()
        self.server.close()
        for sock in self.sockets:
            sock.close()
