"""Serving for real: `faqbot serve` with several gunicorn workers, several servers sharing one index folder,
a database and rate limits, versions switched live, and the app behind a reverse proxy.

The servers run in subprocesses on free 127.0.0.1 ports and are stopped when each test ends.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import time

import pytest

from _server import Load, Server, published_at, request, run_cli, went_back, write_content
from bot import artifact, build
from bot.settings import Settings
from _app import built_app
from _env import ROOT, require_module

@pytest.fixture
def site(tmp_path):
    write_content(tmp_path / "content", 0)
    build.build(tmp_path / "content", tmp_path / "index")
    return tmp_path


def test_faqbot_build_and_rollback_switch_every_worker(site):
    index = site / "index"
    first = artifact.current_version(index)
    health = ("GET", "/api/health", None)
    with Server(site, workers=3) as server, Load(server.port, lambda n: health, threads=3, seconds=60) as load:
        pids = server.worker_pids()
        write_content(site / "content", 1)
        cp = run_cli("build", "--content", str(site / "content"), "--index", str(index))
        assert cp.returncode == 0, cp.stderr
        built_at, second = published_at(index), artifact.current_version(index)
        to_second = server.wait_until_every_worker_serves(second, since=built_at)
        switched_at = time.monotonic()
        time.sleep(0.3)
        rolling_at = time.monotonic()
        cp = run_cli("rollback", "--index", str(index))
        assert cp.returncode == 0 and first in cp.stdout, cp.stderr
        rolled_at = published_at(index)
        back = server.wait_until_every_worker_serves(first, since=rolled_at)
        rolled_back_at = time.monotonic()
        time.sleep(0.3)
        results = load.stop()

    assert all(r.ok for r in results)
    # (CURRENT's mtime is when the new pointer was written, a moment before it replaced the old one)
    assert {r.body["published"] for r in results if r.t0 > built_at + 0.2 and r.t1 < rolling_at} == {second}
    # Every worker answered from the new version, then from the old one again; none went back in between.
    assert {r.body["pid"] for r in results if switched_at <= r.t0 and r.t1 < rolling_at} == pids
    assert {r.body["pid"] for r in results if r.t0 >= rolled_back_at} == pids
    for r in results:
        if switched_at <= r.t0 and r.t1 < rolling_at:
            assert r.body["index"]["version"] == second
        if r.t0 >= rolled_back_at:
            assert r.body["index"]["version"] == first
    order = {first: 0, second: 1}
    assert not went_back([r for r in results if r.t1 < rolling_at], order.get)
    print(f"\nbuild then rollback, 3 workers: every worker switched {to_second:.2f}s and {back:.2f}s after CURRENT "
          f"changed; {len(results)} health checks, none failed")


@pytest.mark.parametrize("shared", ["sqlite+memory", pytest.param("postgresql+redis", marks=pytest.mark.services)])
def test_two_servers_share_an_index_folder_a_database_and_rate_limits(site, shared, request):
    """Two servers (two machines, here two processes) over one index folder, as on a shared NFS mount."""
    if shared == "sqlite+memory":
        database, storage = f"sqlite:///{site}/faqbot.sqlite3", "memory://"
    else:
        database, storage = request.getfixturevalue("postgres_url"), request.getfixturevalue("redis_url")
    common = dict(database_url=database, rate_limit_storage=storage, rate_limit="5/minute", proxy_hops=1)
    question = "/api/ask?q=which+content+version+is+being+served"
    # Every load request comes "through the proxy" from another visitor (an IPv6 client is its /64), so none is rate
    # limited.
    as_visitors = lambda n: ("GET", question, None,  # noqa: E731
                             {"X-Forwarded-For": f"2001:db8:{n // 65536:x}:{n % 65536:x}::1"})

    a = Server(site / "a", workers=1, content_dir=site / "content", index_dir=site / "index", **common)
    b = Server(site / "b", workers=2, content_dir=site / "content", index_dir=site / "index", **common)
    with a, b:
        load = Load(a.port, as_visitors, threads=2, seconds=60)
        with load:
            time.sleep(0.5)
            write_content(site / "content", 1)
            started = time.monotonic()
            r = a.reindex()  # on A's only worker: its other threads keep answering meanwhile
            finished = time.monotonic()
            assert r.status == 200, r.body
            new = r.body["index"]["version"]
            lag = b.wait_until_every_worker_serves(new, since=finished)
            time.sleep(0.3)
            results = load.stop()
        answered_during = [x for x in results if started <= x.t0 and x.t1 <= finished]

        # One visitor alternating between the two servers: one budget when the storage is shared.
        statuses = [(a if n % 2 else b).get("/api/ask?q=peel", headers={"X-Forwarded-For": "203.0.113.7"}).status
                    for n in range(8)]
        for server in (a, b):
            assert server.post("/api/feedback", {"question": "helpful?", "section_id": None, "helpful": True},
                               headers={"X-Forwarded-For": "203.0.113.8"}).status == 201
        b_answer = b.get(question, headers={"X-Forwarded-For": "203.0.113.9"})

    assert all(x.ok for x in results), {(x.status, x.error) for x in results if not x.ok}
    assert b_answer.ok and b_answer.version == new and "content version 1" in b_answer.body["answer"]
    assert answered_during, "no request was answered while the single worker rebuilt the index"
    assert max(x.seconds for x in answered_during) < finished - started
    if storage != "memory://":
        assert statuses == [200] * 5 + [429] * 3, statuses
    else:  # per process: each server keeps its own count
        assert statuses.count(200) == 8
    if database.startswith("sqlite"):
        rows = sqlite3.connect(site / "faqbot.sqlite3").execute("SELECT count(*) FROM faqbot_feedback").fetchone()
    else:
        import psycopg

        with psycopg.connect(database, autocommit=True) as conn:
            rows = conn.execute("SELECT count(*) FROM faqbot_feedback").fetchone()
    assert rows[0] == 2
    print(f"\ntwo servers, {shared}: reindex on A took {finished - started:.2f}s, {len(answered_during)} asks "
          f"answered by A meanwhile (max {max(x.seconds for x in answered_during) * 1000:.0f} ms); "
          f"B switched {lag:.2f}s later; one visitor over both: {statuses}")


# ---- behind a reverse proxy ---------------------------------------------------------------------------

@pytest.fixture
def proxied(tmp_path):
    from pathlib import Path

    content = Path(__file__).resolve().parent / "data" / "kb-small"

    def make(hops: int):
        return built_app(Settings(content_dir=str(content), index_dir=str(tmp_path / "index"),
                                   database_url=f"sqlite:///{tmp_path}/db.sqlite3", rate_limit="2/minute",
                                   proxy_hops=hops)).test_client()
    return make


def ask_from(client, forwarded: str | None):
    headers = {"X-Forwarded-For": forwarded} if forwarded else {}
    return client.post("/api/ask", json={"question": "peel"}, headers=headers,
                       environ_base={"REMOTE_ADDR": "127.0.0.1"})  # every request arrives from the proxy


def test_behind_one_proxy_each_visitor_has_its_own_rate_limit(proxied):
    client = proxied(1)
    assert [ask_from(client, "198.51.100.1").status_code for _ in range(3)] == [200, 200, 429]
    assert ask_from(client, "198.51.100.2").status_code == 200
    # A visitor can't forge an address: only the one nginx appended (the last) is trusted.
    assert ask_from(client, "203.0.113.50, 198.51.100.1").status_code == 429


def test_without_proxy_hops_a_forwarded_header_is_ignored(proxied):
    client = proxied(0)
    assert [ask_from(client, f"198.51.100.{n}").status_code for n in range(3)] == [200, 200, 429]


def test_proxy_hops_must_not_be_negative():
    from bot.settings import SettingsError

    with pytest.raises(SettingsError, match="FAQBOT_PROXY_HOPS"):
        Settings.from_env({"FAQBOT_PROXY_HOPS": "-1"})


def test_a_server_started_without_a_content_folder_reindexes_the_folder_its_index_was_built_from(tmp_path):
    # `faqbot build --content myfaq`, then `faqbot serve` from a directory that also holds a knowledge/
    # folder: the served index is myfaq's, and so must every rebuild be (POST /api/reindex, dashboard edits).
    myfaq, decoy = tmp_path / "myfaq", tmp_path / "knowledge"
    write_content(myfaq, 0)
    write_content(decoy, 1)
    (decoy / "decoy.csv").write_text("question,answer\nIs this the decoy?,Yes it is the decoy.\n", encoding="utf-8")
    build.build(myfaq, tmp_path / "index")
    sections = artifact.load_current(tmp_path / "index").manifest["sections"]
    server = Server(tmp_path, workers=1)
    del server.env["FAQBOT_CONTENT_DIR"]
    with server:
        (myfaq / "parking.csv").write_text("question,answer\nWhere can I park?,Park behind the building.\n",
                                           encoding="utf-8")
        r = server.reindex()
        assert r.status == 200, r.text
        assert r.body["index"]["sections"] == sections + 1, r.body
        assert server.get("/api/ask?q=where+can+i+park").body["heading"] == "Where can I park?"
        assert not server.get("/api/ask?q=is+this+the+decoy").body["answered"]


def test_the_wsgi_app_without_a_content_folder_reindexes_the_folder_its_index_was_built_from(tmp_path, monkeypatch):
    # web:create_app() under another WSGI server, FAQBOT_CONTENT_DIR unset: the same folder as `faqbot serve`.
    myfaq = tmp_path / "myfaq"
    write_content(myfaq, 0)
    write_content(tmp_path / "knowledge", 1)
    build.build(myfaq, tmp_path / "instance" / "index")
    for name in [k for k in os.environ if k.startswith("FAQBOT_")]:
        monkeypatch.delenv(name)
    monkeypatch.setenv("FAQBOT_INDEX_DIR", str(tmp_path / "instance" / "index"))
    monkeypatch.setenv("FAQBOT_DATABASE_URL", f"sqlite:///{tmp_path}/faqbot.sqlite3")
    monkeypatch.chdir(tmp_path)
    from web import create_app

    assert create_app().extensions["faqbot"].settings.content_dir == str(myfaq)
    monkeypatch.setenv("FAQBOT_CONTENT_DIR", "knowledge")  # chosen: kept as chosen
    assert create_app().extensions["faqbot"].settings.content_dir == "knowledge"
    from bot.engine import Bot

    bot = Bot.from_settings(Settings(index_dir=str(tmp_path / "instance" / "index")), content_explicit=False)
    assert bot.settings.content_dir == str(myfaq)


def test_bad_content_at_start_serves_the_last_good_index_and_says_what_to_fix(tmp_path):
    # A typo in a content file, then a restart: the chatbot stays up on the version it served (as after a
    # failed POST /api/reindex), and the line names the file and line to fix. `faqbot ask` the same.
    content, index = tmp_path / "content", tmp_path / "index"
    write_content(content, 0)
    build.build(content, index)
    served = artifact.current_version(index)
    (content / "broken.csv").write_text("question,reply\nWhere can I park?,Behind the building.\n", encoding="utf-8")
    cp = run_cli("ask", "which content version is being served", "--json", "--content", str(content),
                 "--index", str(index))
    assert cp.returncode == 0, cp.stderr
    assert json.loads(cp.stdout)["answered"] is True
    warning = [line for line in cp.stderr.splitlines() if "warning" in line]
    assert len(warning) == 1 and "broken.csv:1" in warning[0], cp.stderr
    with Server(tmp_path, workers=1) as server:
        assert server.get("/api/health").body["index"]["version"] == served
        assert "broken.csv:1" in server.log()
    assert artifact.current_version(index) == served
    # With no index to fall back on, the error stops it, as before.
    cp = run_cli("ask", "which content version", "--content", str(content), "--index", str(tmp_path / "none"))
    assert cp.returncode == 1 and "broken.csv:1" in cp.stderr and "Traceback" not in cp.stderr


def _serve_on_a_taken_port(tmp_path, by_variable: bool):
    """`faqbot serve` on a port another socket listens on, the port given by --port or by FAQBOT_PORT:
    (the finished process, the port, the content folder, the environment)."""
    import socket

    env = {"FAQBOT_DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite3"}
    content = tmp_path / "content"
    write_content(content, 0)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        given = ([], {"FAQBOT_PORT": str(port)}) if by_variable else (["--port", str(port)], {})
        cp = run_cli("serve", "--content", str(content), "--index", str(tmp_path / "index"), *given[0],
                     env={**env, **given[1]}, timeout=30)
    return cp, port, content, env


def test_a_port_in_use_or_a_host_that_is_no_address_is_one_line(tmp_path):
    cp, port, content, env = _serve_on_a_taken_port(tmp_path, by_variable=False)
    assert cp.returncode == 1 and cp.stderr.strip() == cp.stderr.strip().splitlines()[0], cp.stderr
    assert f"--port {port}: cannot listen on 127.0.0.1:{port}" in cp.stderr
    assert cp.stderr.rstrip().endswith("another program listens there: stop it, or give another port (--port N or "
                                       "FAQBOT_PORT=N)"), cp.stderr
    cp = run_cli("serve", "--content", str(content), "--host", "999.1.1.1", env=env, timeout=30)
    assert cp.returncode == 1 and len(cp.stderr.strip().splitlines()) == 1, cp.stderr
    assert "--host 999.1.1.1: not an address to listen on" in cp.stderr
    # An address of no interface of this machine: the host is at fault, not the port it was blamed on.
    cp = run_cli("serve", "--content", str(content), "--host", "192.0.2.1", "--port", "8123", env=env, timeout=30)
    assert cp.returncode == 1 and len(cp.stderr.strip().splitlines()) == 1, cp.stderr
    assert "--host 192.0.2.1: no interface of this machine has that address (cannot listen on 192.0.2.1:8123" \
        in cp.stderr, cp.stderr


def test_a_port_in_use_or_a_bad_host_set_by_its_variable_names_the_variable(tmp_path):
    # `FAQBOT_PORT=8080 faqbot serve` beside a running server said "--port 8080: cannot listen ...", an option the
    # operator never gave; so did FAQBOT_HOST.
    cp, port, content, env = _serve_on_a_taken_port(tmp_path, by_variable=True)
    assert cp.returncode == 1 and len(cp.stderr.strip().splitlines()) == 1, cp.stderr
    assert cp.stderr.startswith(f"faqbot: error: FAQBOT_PORT {port}: cannot listen on 127.0.0.1:{port}"), cp.stderr
    cp = run_cli("serve", "--content", str(content), env={**env, "FAQBOT_HOST": "999.1.1.1"}, timeout=30)
    assert cp.returncode == 1 and len(cp.stderr.strip().splitlines()) == 1, cp.stderr
    assert cp.stderr.startswith("faqbot: error: FAQBOT_HOST 999.1.1.1: not an address to listen on"), cp.stderr
    # The option wins over the variable, and is the one named.
    cp = run_cli("serve", "--content", str(content), "--host", "999.1.1.2", env={**env, "FAQBOT_HOST": "127.0.0.1"},
                 timeout=30)
    assert cp.stderr.startswith("faqbot: error: --host 999.1.1.2: not an address to listen on"), cp.stderr


def _files(folder):
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*")) if folder.exists() else None


def test_a_start_that_fails_leaves_the_instance_folder_as_it_was(tmp_path):
    # A start refused for a setting made the address salt (instance/faqbot-ip-salt) and built the index first.
    content, instance = tmp_path / "content", tmp_path / "instance"
    write_content(content, 0)
    base = {"FAQBOT_DATABASE_URL": f"sqlite:///{instance}/faqbot.sqlite3"}
    bad = [({"FAQBOT_ACCESS_LOG_FORMAT": "%(x"}, "FAQBOT_ACCESS_LOG_FORMAT: not a gunicorn log format"),
           ({"GUNICORN_CMD_ARGS": "--timeout x"}, "GUNICORN_CMD_ARGS: argument -t/--timeout: invalid int value"),
           ({"FAQBOT_CONTENT_DIR": str(tmp_path / "none")}, "content folder not found")]
    for built in (False, True):  # a first start, and a restart over an index already built
        if built:
            build.build(content, instance / "index")
        before = _files(instance)
        for env, said in bad if not built else bad[:2]:  # (with an index, a missing content folder is served from it)
            args = ["--content", str(content)] if "FAQBOT_CONTENT_DIR" not in env else []
            cp = run_cli("serve", *args, "--index", str(instance / "index"), "--port", "0", env={**base, **env},
                         timeout=60)
            assert cp.returncode == 1 and said in cp.stderr and len(cp.stderr.strip().splitlines()) == 1, cp.stderr
            assert _files(instance) == before, (env, _files(instance))
    assert not (instance / "faqbot-ip-salt").exists()


@pytest.mark.parametrize("url, said", [
    ("sqlite:///{tmp}/notes.txt", "cannot open {tmp}/notes.txt: file is not a database"),
    ("sqlite:///{tmp}/notes.txt/log/faqbot.sqlite3", "{tmp}/notes.txt/log does not exist and cannot be made: "
                                                     "{tmp}/notes.txt is not a folder"),
    ("sqlite:///{tmp}/content", "{tmp}/content is not a file"),
    ("postgresql://faqbot:secret@no-such-host.invalid/faqbot", "cannot connect to PostgreSQL: failed to resolve host"),
    ("postgresql://faqbot:secret@127.0.0.1:port/faqbot", "cannot connect to PostgreSQL: connection is bad: invalid "
                                                        "integer value \"port\""),
])
def test_a_database_the_workers_could_not_use_is_one_line_and_exit_1(tmp_path, url, said):
    # The server started, each worker warned "question log unavailable ... answering without it" in the log, and
    # /api/ready was never 200: an operator who read only the serving line learned nothing was logged.
    if url.startswith("postgresql"):
        require_module("psycopg")
    content, instance = tmp_path / "content", tmp_path / "instance"
    write_content(content, 0)
    (tmp_path / "notes.txt").write_text("not a database\n", encoding="utf-8")
    url = url.replace("{tmp}", str(tmp_path))
    cp = run_cli("serve", "--content", str(content), "--index", str(instance / "index"), "--port", "0",
                 env={"FAQBOT_DATABASE_URL": url}, timeout=60)
    assert cp.returncode == 1 and len(cp.stderr.strip().splitlines()) == 1, cp.stderr[-2000:]
    assert cp.stderr.startswith("faqbot: error: FAQBOT_DATABASE_URL: ") and said.replace("{tmp}", str(tmp_path)) \
        in cp.stderr and "secret" not in cp.stderr, cp.stderr
    assert not instance.exists()  # nothing built, no salt made


@pytest.mark.services
def test_a_postgresql_server_that_refuses_the_database_or_password_is_one_line_and_exit_1(tmp_path, postgres_url):
    from urllib.parse import urlsplit

    content = tmp_path / "content"
    write_content(content, 0)
    parts = urlsplit(postgres_url)
    for url, said in [(parts._replace(path="/no_such_database", query="").geturl(), 'database "no_such_database" '
                                                                                    "does not exist"),
                      (parts._replace(netloc=f"no_such_role:secret@{parts.hostname}:{parts.port}").geturl(),
                       'role "no_such_role" does not exist')]:
        cp = run_cli("serve", "--content", str(content), "--index", str(tmp_path / "index"), "--port", "0",
                     env={"FAQBOT_DATABASE_URL": url}, timeout=60)
        assert cp.returncode == 1 and len(cp.stderr.strip().splitlines()) == 1, cp.stderr[-2000:]
        assert cp.stderr.startswith("faqbot: error: FAQBOT_DATABASE_URL: ") and said in cp.stderr, cp.stderr
        assert "secret" not in cp.stderr


def test_a_postgresql_server_that_does_not_answer_yet_is_a_warning_and_the_workers_wait_for_it(site):
    # Refused (a database restarting during a deploy): as for one that goes away later, answers go on and the log
    # rows wait (tests/test_faults.py); the terminal says so as the server starts, naming the setting.
    require_module("psycopg")
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with Server(site, workers=1, database_url=f"postgresql://faqbot:secret@127.0.0.1:{port}/faqbot") as server:
        assert server.get("/api/ask?q=peel").status == 200
        log = server.stop()
    assert f"faqbot: warning: FAQBOT_DATABASE_URL: postgresql://faqbot:***@127.0.0.1:{port}/faqbot: PostgreSQL " \
           "does not answer now (connection failed: " in log and "answering without the question log" in log, log
    assert "secret" not in log


def test_a_salt_file_that_holds_no_salt_is_one_line_and_exit_1(tmp_path):
    # Every worker failed to boot with a traceback (bytes.fromhex), over and over, after "serving http://...".
    content, instance = tmp_path / "content", tmp_path / "instance"
    write_content(content, 0)
    instance.mkdir()
    (instance / "faqbot-ip-salt").write_text("not a salt\n")
    cp = run_cli("serve", "--content", str(content), "--index", str(instance / "index"), "--port", "0",
                 env={"FAQBOT_DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite3"}, timeout=60)
    assert cp.returncode == 1 and cp.stderr.strip().splitlines() == [
        f"faqbot: error: {instance}/faqbot-ip-salt: holds no address salt (faqbot writes 64 hex digits): put back "
        "your copy of it (every machine of the install needs the same), or delete it to have a new one made "
        "(returning visitors then count as new)"], cp.stderr[-2000:]


def test_a_wsgi_app_over_a_salt_file_that_holds_no_salt_warns_and_hashes_with_one_of_its_own(tmp_path, caplog):
    content = tmp_path / "content"
    write_content(content, 0)
    (tmp_path / "instance").mkdir()
    (tmp_path / "instance" / "faqbot-ip-salt").write_text("")
    app = built_app(Settings(content_dir=str(content), index_dir=str(tmp_path / "instance" / "index"),
                             database_url=f"sqlite:///{tmp_path}/db.sqlite3", rate_limit="0"))
    assert app.test_client().get("/api/ask?q=peel").status_code == 200
    assert "holds no address salt" in caplog.text and "per-process salt" in caplog.text
    assert app.extensions["faqbot.store"].salt != b""


def test_a_database_on_a_full_disk_is_one_line_and_exit_1(tmp_path):
    # The server started; each worker warned "question log unavailable ... database or disk is full".
    disk = tmp_path / "disk"
    disk.mkdir()
    if os.geteuid() != 0 or subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(disk)],
                                           capture_output=True).returncode != 0:
        pytest.skip("needs root to mount a small tmpfs as the full disk")
    try:
        content = tmp_path / "content"
        write_content(content, 0)
        with open(disk / "fill", "wb") as fill:  # fill it up
            try:
                while True:
                    fill.write(b"\0" * 65536)
                    fill.flush()
            except OSError:
                pass
        cp = run_cli("serve", "--content", str(content), "--index", str(tmp_path / "index"), "--port", "0",
                     env={"FAQBOT_DATABASE_URL": f"sqlite:///{disk}/faqbot.sqlite3"}, timeout=60)
        assert cp.returncode == 1 and cp.stderr.strip().splitlines() == [
            f"faqbot: error: FAQBOT_DATABASE_URL: sqlite:///{disk}/faqbot.sqlite3: cannot write in {disk} "
            "(No space left on device)"], cp.stderr[-2000:]
    finally:
        subprocess.run(["umount", str(disk)], check=True)


def test_a_database_in_a_folder_still_to_make_is_made_as_the_server_starts(tmp_path):
    content = tmp_path / "content"
    write_content(content, 0)
    with Server(tmp_path, workers=1, database_url=f"sqlite:///{tmp_path}/new/log/faqbot.sqlite3") \
            as server:
        assert server.get("/api/ready").status == 200
    assert (tmp_path / "new" / "log" / "faqbot.sqlite3").is_file()


def test_a_redis_rate_limit_storage_without_the_redis_package_is_one_line(tmp_path):
    # The redis extra not installed: a fresh venv of the wheel alone would need minutes of pip; a sitecustomize
    # on the path that hides the installed package from imports is the same to limits' check.
    hide = tmp_path / "hide"
    hide.mkdir()
    (hide / "sitecustomize.py").write_text(
        "import sys\nclass _NoRedis:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name == 'redis' or name.startswith('redis.'):\n"
        "            raise ModuleNotFoundError(name)\n"
        "sys.meta_path.insert(0, _NoRedis())\n", encoding="utf-8")
    content = tmp_path / "content"
    write_content(content, 0)
    env = {"FAQBOT_DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite3", "FAQBOT_RATE_LIMIT": "30/minute",
           "FAQBOT_RATE_LIMIT_STORAGE": "redis://127.0.0.1:6379/0", "PYTHONPATH": str(hide)}
    cp = run_cli("serve", "--content", str(content), "--port", "0", env=env, timeout=60)
    assert cp.returncode == 1 and len(cp.stderr.strip().splitlines()) == 1, cp.stderr[-2000:]
    assert "FAQBOT_RATE_LIMIT_STORAGE" in cp.stderr and "faqbot[redis]" in cp.stderr


def test_a_postgresql_database_without_the_postgres_extra_is_one_line(tmp_path):
    # The server started, answered, and was never ready ("the question log database is unreachable"), feedback
    # was a 503 "try again later" and every question went unlogged: all for a package to install. As above, a
    # sitecustomize hides the installed psycopg from imports.
    hide = tmp_path / "hide"
    hide.mkdir()
    (hide / "sitecustomize.py").write_text(
        "import sys\nclass _NoPsycopg:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name == 'psycopg' or name.startswith('psycopg.'):\n"
        "            raise ModuleNotFoundError(name)\n"
        "sys.meta_path.insert(0, _NoPsycopg())\n", encoding="utf-8")
    content = tmp_path / "content"
    write_content(content, 0)
    env = {"FAQBOT_DATABASE_URL": "postgresql://faqbot:secret@127.0.0.1:1/faqbot", "PYTHONPATH": str(hide)}
    cp = run_cli("serve", "--content", str(content), "--index", str(tmp_path / "index"), "--port", "0", env=env,
                 timeout=30)
    assert cp.returncode == 1 and len(cp.stderr.strip().splitlines()) == 1, cp.stderr[-2000:]
    assert "FAQBOT_DATABASE_URL" in cp.stderr and "faqbot[postgres]" in cp.stderr and "secret" not in cp.stderr


@pytest.mark.services
def test_a_redis_rate_limit_storage_starts_without_a_gevent_warning(site, redis_url):
    # `faqbot serve` checked the storage (and the address salt) through redis-py before forking the workers:
    # `import redis` imports redis.asyncio, which holds ssl's SSLContext, and every worker's gevent patching then
    # printed a MonkeyPatchWarning with its traceback-like line to the operator's terminal.
    with Server(site, workers=2, rate_limit="30/minute", rate_limit_storage=redis_url) as server:
        assert server.get("/api/ask?q=peel").headers.get("x-ratelimit-limit") == "30"
        log = server.stop()
    assert "Booting worker" in log
    assert "MonkeyPatchWarning" not in log and "py.warnings" not in log, log


@pytest.mark.parametrize("url", ["redis://127.0.0.1:abc/0", "redis://127.0.0.1:99999/0",
                                 "redis://127.0.0.1:6379/0?socket_timeout=abc"])
def test_a_redis_url_that_cannot_be_read_is_one_line(tmp_path, url):
    # A typo in the port was a traceback from redis-py, before anything was served.
    require_module("redis")
    content = tmp_path / "content"
    write_content(content, 0)
    env = {"FAQBOT_DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite3", "FAQBOT_RATE_LIMIT_STORAGE": url}
    cp = run_cli("serve", "--content", str(content), "--index", str(tmp_path / "index"), "--port", "0", env=env,
                 timeout=60)
    assert cp.returncode == 1 and len(cp.stderr.strip().splitlines()) == 1, cp.stderr[-2000:]
    assert cp.stderr.startswith(f"faqbot: error: FAQBOT_RATE_LIMIT_STORAGE: cannot read {url!r} ("), cp.stderr


def test_a_page_on_an_origin_not_allowed_is_named_once_in_the_log(site):
    # The widget on such a page can only say it cannot reach the answers (its browser withholds them): a site
    # owner testing from http://localhost:3000 with 127.0.0.1 allowed, or from a file, had no word of why.
    allowed, typo = "http://127.0.0.1:3000", "http://localhost:3000"
    with Server(site, workers=1, cors_origins=allowed) as server:
        preflight = {"Origin": typo, "Access-Control-Request-Method": "POST"}
        for _ in range(2):
            assert "access-control-allow-origin" not in server.post("/api/ask", {"question": "hi"},
                                                                   headers={"Origin": typo}).headers
        assert "access-control-allow-origin" not in request(server.port, "OPTIONS", "/api/ask", headers=preflight).headers
        server.post("/api/ask", {"question": "hi"}, headers={"Origin": "null"})
        # Not named: an allowed page, and the bot's own pages (a browser's POST carries their Origin too).
        server.post("/api/ask", {"question": "hi"}, headers={"Origin": allowed})
        server.post("/api/ask", {"question": "hi"}, headers={"Origin": f"http://127.0.0.1:{server.port}"})
        log = server.stop()
    refused = [line for line in log.splitlines() if "FAQBOT_CORS_ORIGINS" in line]
    assert len(refused) == 2, log
    assert "a page on http://localhost:3000 called /api/ask" in refused[0] and "add that origin" in refused[0]
    assert "no origin (opened from a file" in refused[1] and "WARNING" in refused[1]


@pytest.mark.parametrize("origins, allowed", [("*", "*"), ("https://clinic.example", "https://clinic.example"),
                                              ("https://clinic.example,https://shop.example", None)])
def test_what_gunicorn_refuses_carries_cors_where_one_answer_fits_every_origin(site, origins, allowed):
    # A 414 (request line) or 431 (headers) is answered before the Origin header is read: it had no CORS header, so
    # a page on an allowed origin saw a network failure instead of the JSON error. gunicorn's limits cannot be raised
    # to let the app answer (their next step is "unlimited"), so the worker sends what fits every origin.
    page = {"Origin": "https://clinic.example"}
    with Server(site, workers=1, cors_origins=origins) as server:
        too_long = request(server.port, "GET", "/api/ask?q=" + "a" * 9000, headers=page)
        too_big = request(server.port, "GET", "/api/health", headers={**page, "X-Big": "a" * 9000})
        answered = request(server.port, "GET", "/api/health", headers=page)
    for r, status in ((too_long, 414), (too_big, 431)):
        assert r.status == status and r.body["status"] == status, (r.status, r.error)
        assert r.headers.get("access-control-allow-origin") == allowed
    assert answered.headers["access-control-allow-origin"] == ("*" if allowed == "*" else "https://clinic.example")


GEVENT_REINDEXES = """
import sys
from gevent import monkey
monkey.patch_all()
from gevent import get_hub
from bot.engine import Bot
from bot.settings import Settings

bot = Bot.from_settings(Settings(content_dir=sys.argv[1], index_dir=sys.argv[2]))
print(type(bot._lock).__module__, flush=True)
pool = get_hub().threadpool  # where a worker runs POST /api/reindex and loads new versions (web/offload.py)
for _ in range(8):
    for result in [pool.spawn(bot.reindex) for _ in range(4)]:
        result.get(timeout=60)
print("all done", flush=True)
"""


def test_reindexes_at_once_in_a_gevent_worker_all_finish(site):
    # Four POST /api/reindex at once in one `faqbot serve` worker: each runs bot.reindex in a native thread of
    # gevent's pool, and the bot's lock was gevent's, which does not always wake a native thread waiting on it:
    # one or two of the four hung for good in most rounds (and the worker's index watcher with them).
    require_module("gevent")
    cp = subprocess.run([sys.executable, "-c", GEVENT_REINDEXES, str(site / "content"), str(site / "index")],
                        capture_output=True, text=True, timeout=600, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert cp.returncode == 0, cp.stderr[-2000:]
    lock_module, done = cp.stdout.split("\n")[:2]
    assert lock_module in ("_thread", "builtins"), lock_module  # the operating system's lock, not gevent's
    assert done == "all done"
