"""GET /api/ready names the kind of database failure (it said "unreachable" for every one: a wrong password, a
database that does not exist, a server that does not answer), in fixed words that name no host, user or password,
with the status, JSON keys and Retry-After it had.

Real PostgreSQL (conftest's postgres_url) where it can show the failure; a listener that never answers for a timeout,
and one that answers the start of a session with PostgreSQL's own "password authentication failed" error (the test
server trusts every login, so it cannot refuse a password).
"""

from __future__ import annotations

import secrets
import socket
import struct
import threading
from urllib.parse import urlsplit, urlunsplit

import pytest

from _app import small_kb_maker
from _env import require_module
from _server import free_port

PASSWORD = "s3cr3tPW"


def _ready_error(tmp_path, database_url: str) -> str:
    client = small_kb_maker(tmp_path)(database_url=database_url).test_client()
    r = client.get("/api/ready")
    body = r.get_json()
    assert r.status_code == 503 and set(body) == {"ok", "error", "status"} and body["status"] == 503, body
    assert r.headers["Retry-After"] == "5"
    again = client.get("/api/ready").get_json()["error"]  # the store paused after the failure: still named
    assert again == body["error"], (again, body["error"])
    said = body["error"]
    assert "\n" not in said and PASSWORD not in said and "127.0.0.1" not in said, said
    return said


def _url(base: str, user: str | None = None, database: str | None = None, port: int | None = None) -> str:
    parts = urlsplit(base)
    host = f"127.0.0.1:{port}" if port else parts.netloc.rpartition("@")[2]
    user = user or parts.netloc.rpartition("@")[0].split(":")[0] or "postgres"
    return urlunsplit(parts._replace(netloc=f"{user}:{PASSWORD}@{host}",
                                     path=f"/{database}" if database else parts.path))


def test_a_sqlite_file_that_cannot_be_made_is_named_so(tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the database folder should be")
    said = _ready_error(tmp_path, f"sqlite:///{blocker}/faqbot.sqlite3")
    assert said == "not ready: the question log database cannot be used: database file cannot be opened", said


@pytest.mark.services
def test_a_database_that_does_not_exist_is_named_so(tmp_path, postgres_url):
    require_module("psycopg")
    said = _ready_error(tmp_path, _url(postgres_url, database="faqbot_missing_" + secrets.token_hex(4)))
    assert said == "not ready: the question log database cannot be used: database does not exist", said


@pytest.mark.services
def test_a_user_the_server_does_not_know_is_an_authentication_failure(tmp_path, postgres_url):
    require_module("psycopg")
    said = _ready_error(tmp_path, _url(postgres_url, user="faqbot_nobody_" + secrets.token_hex(4)))
    assert said == "not ready: the question log database cannot be used: authentication failed", said


@pytest.mark.services
def test_a_user_without_connect_on_the_database_is_permission_denied(tmp_path, postgres_url):
    psycopg = require_module("psycopg")
    base = postgres_url.split("?")[0]
    name = "faqbot_private_" + secrets.token_hex(4)
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(f"CREATE ROLE {name} LOGIN")
        conn.execute(f"CREATE DATABASE {name}")
        conn.execute(f"REVOKE CONNECT ON DATABASE {name} FROM PUBLIC")
    try:
        said = _ready_error(tmp_path, _url(base, user=name, database=name))
    finally:
        with psycopg.connect(base, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE {name}")
            conn.execute(f"DROP ROLE {name}")
    assert said == "not ready: the question log database cannot be used: permission denied", said


def test_a_port_nothing_listens_on_is_server_not_reachable(tmp_path):
    require_module("psycopg")
    said = _ready_error(tmp_path, f"postgresql://faqbot:{PASSWORD}@127.0.0.1:{free_port()}/faqbot")
    assert said == "not ready: the question log database cannot be used: server not reachable", said


class _Listener:
    """A TCP server on 127.0.0.1 that accepts and hands each connection to `serve` in a thread."""

    def __init__(self, serve) -> None:
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.held: list[socket.socket] = []
        threading.Thread(target=self._accept, args=(serve,), daemon=True).start()

    def _accept(self, serve) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.held.append(conn)
            threading.Thread(target=serve, args=(conn,), daemon=True).start()

    def close(self) -> None:
        self.sock.close()
        for conn in self.held:
            conn.close()


def _refuse_password(conn: socket.socket) -> None:
    """PostgreSQL's answer to a wrong password: 'N' to an SSL or GSS request, then ErrorResponse 28P01."""
    try:
        while True:
            head = conn.recv(8, socket.MSG_WAITALL)
            if len(head) < 8:
                return
            length, code = struct.unpack("!ii", head)
            conn.recv(length - 8, socket.MSG_WAITALL) if length > 8 else b""
            if length == 8 and code in (80877103, 80877104):  # SSLRequest, GSSENCRequest
                conn.sendall(b"N")
                continue
            fields = b"".join(k + v.encode() + b"\0" for k, v in (
                (b"S", "FATAL"), (b"V", "FATAL"), (b"C", "28P01"),
                (b"M", 'password authentication failed for user "faqbot"'))) + b"\0"
            conn.sendall(b"E" + struct.pack("!i", 4 + len(fields)) + fields)
            return
    except OSError:
        return


def test_a_wrong_password_is_an_authentication_failure_without_the_password(tmp_path):
    require_module("psycopg")
    server = _Listener(_refuse_password)
    try:
        said = _ready_error(tmp_path, f"postgresql://faqbot:{PASSWORD}@127.0.0.1:{server.port}/faqbot")
    finally:
        server.close()
    assert said == "not ready: the question log database cannot be used: authentication failed", said


def test_a_server_that_accepts_and_never_answers_is_timed_out(tmp_path):
    require_module("psycopg")
    server = _Listener(lambda conn: None)  # the connection is held open, never answered
    try:
        said = _ready_error(tmp_path, f"postgresql://faqbot:{PASSWORD}@127.0.0.1:{server.port}/faqbot")
    finally:
        server.close()
    assert said == "not ready: the question log database cannot be used: timed out", said
