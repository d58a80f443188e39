"""tests/_proxy.py's forwarder kept the 5 s connect timeout on its socket to the server: a connection whose server said
nothing for 5 s (idle between two steps of a test, or a server that hangs, which closes nothing) was closed by the
forwarder itself, so a test of a silent server saw a closed connection instead. A plain TCP server that answers when
the test tells it; the sleep passes the old timeout, the join is a guard."""

from __future__ import annotations

import socket
import threading
import time

from _proxy import Cuttable


def test_a_server_silent_for_longer_than_5_s_keeps_its_connection_through_the_forwarder():
    server = socket.create_server(("127.0.0.1", 0))
    speak = threading.Event()

    def serve() -> None:
        conn, _ = server.accept()
        with conn:
            speak.wait(30)
            conn.sendall(b"late answer")
            conn.recv(1)  # until the client closes

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    proxy = Cuttable("127.0.0.1", server.getsockname()[1])
    try:
        with socket.create_connection(("127.0.0.1", proxy.port), timeout=30) as client:
            time.sleep(6)  # silent past the forwarder's connect timeout (5 s)
            speak.set()
            assert client.recv(64) == b"late answer"  # (b"": the forwarder had closed the connection)
    finally:
        speak.set()
        proxy.close()
        server.close()
        thread.join(timeout=5)
