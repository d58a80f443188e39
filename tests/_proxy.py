"""A TCP forwarder between a test and a real server (PostgreSQL), which the test can cut and restore."""

from __future__ import annotations

import socket
import threading


class Cuttable:
    """A TCP forwarder on 127.0.0.1 to a real server, which the test can cut (every connection dropped,
    new ones closed at once) and restore: a database going away and coming back, root-proof and local."""

    def __init__(self, host: str, port: int) -> None:
        self.target = (host, port)
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.up = True
        self.socks: list[socket.socket] = []
        self.lock = threading.Lock()
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            if not self.up:
                client.close()
                continue
            try:
                upstream = socket.create_connection(self.target, timeout=5)
            except OSError:
                client.close()
                continue
            # The 5 s is for connecting only: left on the socket, it closed every connection whose server said
            # nothing for 5 s (an idle one, or a server that hangs, which closes nothing).
            upstream.settimeout(None)
            with self.lock:  # checked again under the lock: a connection opened while cutting is refused too
                if not self.up:
                    client.close()
                    upstream.close()
                    continue
                self.socks += [client, upstream]
            for a, b, from_client in ((client, upstream, True), (upstream, client, False)):
                threading.Thread(target=self._pump, args=(a, b, from_client), daemon=True).start()

    def passes(self, data: bytes, from_client: bool) -> bool:
        """Does this chunk go on (a subclass may end the connection on what it sees)?"""
        return True

    def _pump(self, src: socket.socket, dst: socket.socket, from_client: bool) -> None:
        try:
            while data := src.recv(65536):
                if not self.passes(data, from_client):
                    break  # the chunk never reaches the other end, and the connection ends
                dst.sendall(data)
        except OSError:
            pass
        for s in (src, dst):
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            s.close()

    def cut(self) -> None:
        with self.lock:
            self.up = False
            socks, self.socks = self.socks, []
        for s in socks:
            try:
                s.shutdown(socket.SHUT_RDWR)
                s.close()
            except OSError:
                pass

    def restore(self) -> None:
        self.up = True

    def close(self) -> None:
        self.cut()
        self.listener.close()
