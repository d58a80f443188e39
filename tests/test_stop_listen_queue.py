"""A graceful stop of `faqbot serve` answers the connections waiting in the listen queue; none is reset.

Before: gunicorn closed the listening socket (in the arbiter, then in each worker) with connections in its accept
queue, which the kernel had accepted and whose requests had been sent: they were reset (a 502 behind nginx).
Real servers on 127.0.0.1, real sockets; the accept queue is read from /proc/net/tcp (Linux).
"""

from __future__ import annotations

import select
import signal
import socket
import sys
import threading
from collections import Counter

import pytest

from _server import Server, until, write_content
from bot import build

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the listen queue is read from /proc")

HANG = 60.0  # seconds: a server that has not got there by then is stuck (bounds a wait, asserts nothing)
GET = b"GET /api/health HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n"


@pytest.fixture
def site(tmp_path):
    write_content(tmp_path / "content", 0)
    build.build(tmp_path / "content", tmp_path / "index")
    return tmp_path


def accept_queue(port: int) -> int | None:
    """Connections the kernel has accepted on the listener at 127.0.0.1:port that no process has accept()ed."""
    with open("/proc/net/tcp") as lines:
        for line in lines:
            fields = line.split()
            if fields[1] == f"0100007F:{port:04X}" and fields[3] == "0A":  # LISTEN; rx_queue is the accept queue
                return int(fields[4].split(":")[1], 16)
    return None


def wait_for(condition, what: str):
    return until(condition, what, within=HANG, step=0.02)


def response(sock: socket.socket) -> str:
    """The status line the server sent on this connection, or what went wrong."""
    sock.settimeout(HANG)
    data = b""
    try:
        while chunk := sock.recv(65536):
            data += chunk
    except OSError as e:
        return f"{type(e).__name__}: {e}"
    finally:
        sock.close()
    return data.split(b"\r\n", 1)[0].decode("latin-1") if data else "closed without a response"


def test_connections_queued_when_the_stop_begins_are_answered(site):
    server = Server(site, workers=1)
    # One connection at a time per worker: one request held open keeps the others in the listen queue.
    server.env["GUNICORN_CMD_ARGS"] = "--worker-connections 1"
    queued: list[socket.socket] = []
    with server:
        body = b'{"question": "how long will my skin peel?"}'
        holder = socket.create_connection(("127.0.0.1", server.port))
        holder.sendall(b"POST /api/ask HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\nConnection: close"
                       b"\r\nContent-Length: %d\r\n\r\n" % len(body) + body[:10])
        wait_for(lambda: accept_queue(server.port) == 0, "the worker accepts the first connection")
        for _ in range(5):
            sock = socket.create_connection(("127.0.0.1", server.port))
            sock.sendall(GET)
            queued.append(sock)
        wait_for(lambda: accept_queue(server.port) == 5, "five connections wait in the listen queue")

        server.proc.send_signal(signal.SIGTERM)
        # Until the stop has begun: the arbiter says it serves the queue first, or (before) the queued were reset.
        wait_for(lambda: "waiting in the listen queue" in server.log() or select.select(queued, [], [], 0)[0]
                 or server.proc.poll() is not None, "the stop begins")
        holder.sendall(body[10:])
        assert response(holder) == "HTTP/1.1 200 OK"
        answers = [response(sock) for sock in queued]
        assert answers == ["HTTP/1.1 200 OK"] * 5, server.log()[-3000:]
        assert server.proc.wait(timeout=HANG) == 0
        assert "Stopping: first serving 5 connections waiting in the listen queue" in server.log()


def test_clients_looping_through_a_stop_are_answered_or_refused_never_reset(site):
    outcomes: Counter[str] = Counter()
    lock = threading.Lock()
    server = Server(site, workers=2)

    def client() -> None:
        while True:
            sock = socket.socket()
            try:
                sock.connect(("127.0.0.1", server.port))
            except ConnectionRefusedError:  # the server has gone: nothing was sent
                sock.close()
                with lock:
                    outcomes["refused"] += 1
                return
            sock.sendall(GET)
            said = response(sock)
            with lock:
                outcomes[said] += 1

    with server:
        clients = [threading.Thread(target=client, daemon=True) for _ in range(8)]
        for thread in clients:
            thread.start()
        wait_for(lambda: outcomes["HTTP/1.1 200 OK"] >= 300, "the clients are answered")
        server.proc.send_signal(signal.SIGTERM)
        assert server.proc.wait(timeout=HANG) == 0
        for thread in clients:
            thread.join(HANG)
    assert set(outcomes) == {"HTTP/1.1 200 OK", "refused"}, outcomes
