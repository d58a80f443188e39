"""Operating `faqbot serve`: gunicorn's own settings respected, JSON log lines, metrics from every worker,
nothing queued for the log lost on a normal stop. Real servers on 127.0.0.1."""

from __future__ import annotations

import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time

import pytest

from _server import Server, write_content
from _env import require_module
from bot import build


@pytest.fixture
def site(tmp_path):
    write_content(tmp_path / "content", 0)
    build.build(tmp_path / "content", tmp_path / "index")
    return tmp_path


def _metric(text: str, name: str) -> float:
    return sum(float(line.rsplit(" ", 1)[1]) for line in text.splitlines() if line.startswith(name))


def test_metrics_count_the_questions_of_every_worker(site):
    require_module("prometheus_client")
    with Server(site, workers=2) as server:
        answered_by = {server.get("/api/ask?q=how+long+will+my+skin+peel").headers["faqbot-worker"]
                       for _ in range(30)}
        scrapes = [server.get("/metrics") for _ in range(6)]
    assert len(answered_by) == 2  # both workers answered some
    for scrape in scrapes:  # whichever worker answers the scrape reports both workers' counts
        text = scrape.text
        assert _metric(text, "faqbot_questions_total") == 30
        assert _metric(text, "faqbot_ask_seconds_count") == 30


def test_metrics_count_a_retry_as_a_repeat_whichever_worker_answers_it(site):
    """A question tried again with its Idempotency-Key is counted in faqbot_questions_repeated_total, also when
    the retry reaches another worker than the first try (what the workers share is the question log)."""
    require_module("prometheus_client")
    retry = {"Idempotency-Key": "0b5e7c1d9a2f4e68"}
    with Server(site, workers=2) as server:
        tries = []
        while len({r.worker for r in tries}) < 2 and len(tries) < 100:  # until both workers have answered it
            tries.append(server.post("/api/ask", {"question": "how long will my skin peel"}, headers=retry))
        assert all(r.status == 200 for r in tries) and len({r.worker for r in tries}) == 2
        deadline = time.monotonic() + 10
        while True:  # each worker's log writer counts what it skipped, a moment after answering
            text = server.get("/metrics").text
            if _metric(text, "faqbot_questions_repeated_total") >= len(tries) - 1 or time.monotonic() > deadline:
                break
            time.sleep(0.1)
    assert _metric(text, "faqbot_questions_total") == len(tries)
    assert _metric(text, "faqbot_questions_repeated_total") == len(tries) - 1


def test_after_a_rebuild_each_worker_reads_1_only_for_the_version_it_serves(site):
    require_module("prometheus_client")

    def loaded(text: str) -> dict[tuple[str, str], float]:  # (worker pid, version) -> value
        found = {}
        for line in text.splitlines():
            if line.startswith("faqbot_index_loaded{"):
                labels = dict(part.split("=", 1) for part in line[line.index("{") + 1:line.index("}")].split(","))
                found[labels["pid"].strip('"'), labels["version"].strip('"')] = float(line.rsplit(" ", 1)[1])
        return found

    def ask_every_worker(server: Server) -> list:  # the gauge is set as a worker answers
        asked = []
        while len({r.worker for r in asked}) < 2 and len(asked) < 200:
            asked.append(server.get("/api/ask?q=how+long+will+my+skin+peel"))
        return asked

    with Server(site, workers=2) as server:
        [old] = {r.version for r in ask_every_worker(server)}
        write_content(site / "content", 1)
        since = time.monotonic()
        new = server.reindex().body["index"]["version"]
        server.wait_until_every_worker_serves(new, since)
        assert {r.version for r in ask_every_worker(server)} == {new}
        scrape = loaded(server.get("/metrics").text)
        workers = {str(pid) for pid in server.worker_pids()}
    assert len(workers) == 2 and new != old
    # before 0, the old version stayed at 1 beside the new: every version a worker ever served read as served
    assert scrape == {**{(pid, new): 1 for pid in workers}, **{(pid, old): 0 for pid in workers}}, scrape


def test_gunicorn_settings_and_json_logs(site):
    log = Server(site, workers=1, log_format="json")
    log.env["GUNICORN_CMD_ARGS"] = "--log-level debug --timeout 77"
    with log:
        assert log.get("/api/ask?q=peel").status == 200
        text = log.stop()
    lines = [ln for ln in text.splitlines() if ln.startswith("{")]
    parsed = [json.loads(ln) for ln in lines]
    assert parsed and all({"time", "level", "logger", "message"} <= set(p) for p in parsed)
    assert any("timeout: 77" in p["message"] for p in parsed)  # gunicorn's --log-level debug prints its config
    assert any(p["logger"] == "gunicorn.access" for p in parsed)


@pytest.mark.parametrize("args,named", [("--bogus", "unrecognized arguments: --bogus"),
                                         ("--timeout abc", "--timeout"), ("--timeout 'x", "No closing quotation")])
def test_gunicorn_options_it_cannot_read_are_one_line_and_exit_1(site, args, named):
    # gunicorn's parser printed its whole usage (a hundred lines) and exited with 2, after "serving http://...".
    server = Server(site, workers=1)
    server.env["GUNICORN_CMD_ARGS"] = args
    done = subprocess.run([sys.executable, "-m", "web.cli", "serve"], env=server.env, cwd=site, capture_output=True,
                          text=True, timeout=60, stdin=subprocess.DEVNULL)
    assert done.returncode == 1, done.stderr[-2000:]
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("faqbot: error: GUNICORN_CMD_ARGS: ") and named in lines[0], lines


@pytest.mark.parametrize("conf,args,named", [
    ("timeout = 'abc'\n", "", "gunicorn.conf.py: timeout = 'abc': invalid literal for int()"),
    ("timeout = (\n", "", "gunicorn.conf.py: SyntaxError: '(' was never closed"),
    (None, "--config missing.py", "GUNICORN_CMD_ARGS --config missing.py: cannot read it (No such file or directory)"),
    (None, "--timeout -5", "GUNICORN_CMD_ARGS --timeout: Value must be positive: -5"),
    (None, "--worker-class bogus", "gunicorn (GUNICORN_CMD_ARGS): class uri 'bogus' invalid or not found"),
    # These three were found only by the arbiter as it started, after "serving http://..." (and the log level not at
    # all: gunicorn read it as info).
    (None, "--pid missing/faqbot.pid", "gunicorn (GUNICORN_CMD_ARGS): missing doesn't exist. Can't create pidfile."),
    (None, "--certfile missing.pem", 'gunicorn (GUNICORN_CMD_ARGS): certfile "missing.pem" does not exist'),
    ("loglevel = 'loud'\n", "", "gunicorn (gunicorn.conf.py): log level 'loud': expected one of critical, error, "
                                 "warning, info, debug"),
])
def test_gunicorn_settings_it_cannot_use_are_one_line_and_exit_1(site, conf, args, named):
    # gunicorn's "Error: ..." (or a traceback: a worker class that is not there) came after "serving http://...",
    # without naming the file or the variable.
    if conf is not None:
        (site / "gunicorn.conf.py").write_text(conf, encoding="utf-8")
    server = Server(site, workers=1)
    server.env["GUNICORN_CMD_ARGS"] = args
    done = subprocess.run([sys.executable, "-m", "web.cli", "serve"], env=server.env, cwd=site, capture_output=True,
                          text=True, timeout=60, stdin=subprocess.DEVNULL)
    assert done.returncode == 1, done.stderr[-2000:]
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"faqbot: error: {named}"), lines


def test_a_pid_file_gunicorn_cannot_write_is_a_line_not_a_traceback(site):
    server = Server(site, workers=1)
    server.env["GUNICORN_CMD_ARGS"] = f"--pid {site / 'missing' / 'faqbot.pid'}"
    done = subprocess.run([sys.executable, "-m", "web.cli", "serve"], env=server.env, cwd=site, capture_output=True,
                          text=True, timeout=60, stdin=subprocess.DEVNULL)
    assert done.returncode == 1, done.stderr[-2000:]
    assert "Traceback" not in done.stderr, done.stderr[-2000:]
    last = done.stderr.strip().splitlines()[-1]
    assert last == f"faqbot: error: gunicorn (GUNICORN_CMD_ARGS): {site / 'missing'} doesn't exist. Can't create " \
                   "pidfile.", last


@pytest.mark.parametrize("make", ["missing", "a file"])
def test_a_metrics_folder_it_cannot_write_is_one_line_and_exit_1(site, make):
    # Every worker failed to boot with prometheus-client's traceback (No such file or directory: .../counter_N.db)
    # and gunicorn exited 3, after "serving http://...".
    require_module("prometheus_client")
    folder = site / "metrics"
    if make == "a file":
        folder.write_text("not a folder\n", encoding="utf-8")
    server = Server(site, workers=1)
    server.env["PROMETHEUS_MULTIPROC_DIR"] = str(folder)
    done = subprocess.run([sys.executable, "-m", "web.cli", "serve"], env=server.env, cwd=site, capture_output=True,
                          text=True, timeout=60, stdin=subprocess.DEVNULL)
    assert done.returncode == 1, done.stderr[-2000:]
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith(f"faqbot: error: PROMETHEUS_MULTIPROC_DIR: cannot write in {folder} "), lines


def test_the_address_it_serves_on_ipv6_is_a_url(site):
    # "serving http://::1:8000/" was no URL a browser or curl takes.
    try:
        with socket.socket(socket.AF_INET6) as probe:
            probe.bind(("::1", 0))
    except OSError:
        pytest.skip("no IPv6 loopback here")
    server = Server(site, workers=1, host="::1")
    proc = subprocess.Popen([sys.executable, "-m", "web.cli", "serve"], env=server.env, cwd=site,
                            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        first = proc.stderr.readline()
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.communicate(timeout=30)
    assert first.startswith(f"faqbot: serving http://[::1]:{server.port}/ "), first


def test_on_port_0_it_says_the_port_the_system_chose(site):
    # "faqbot: serving http://127.0.0.1:0/": no address anyone could open.
    server = Server(site, workers=1)
    server.env["FAQBOT_PORT"] = "0"
    proc = subprocess.Popen([sys.executable, "-m", "web.cli", "serve"], env=server.env, cwd=site,
                            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        line = next(ln for ln in proc.stderr if ln.startswith("faqbot: serving "))
        url = line.split()[2]
        port = int(url.rsplit(":", 1)[1].rstrip("/"))
        with socket.create_connection(("127.0.0.1", port), timeout=10):
            pass
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.communicate(timeout=60)
    assert port != 0 and url == f"http://127.0.0.1:{port}/", line


def test_a_stop_while_a_worker_boots_is_quick(site):
    # The SIGTERM a stop sends a worker that has not set its own handlers yet (gevent patching, the app loading)
    # went to the arbiter's handler it inherited, and was lost: the stop then waited gunicorn's graceful timeout.
    server = Server(site, workers=1)
    proc = subprocess.Popen([sys.executable, "-m", "web.cli", "serve"], env=server.env, cwd=site,
                            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        for line in proc.stderr:
            if "Booting worker" in line:
                break
        proc.send_signal(signal.SIGTERM)
        since = time.monotonic()
        proc.communicate(timeout=60)
    finally:
        proc.kill()
    assert time.monotonic() - since < 10


def test_json_logs_hold_the_libraries_python_warnings_too(site):
    # gevent warns, as each worker starts, when ssl's SSLContext was imported before it patched ssl (a Python
    # warning, written bare on stderr until warnings went through logging). `faqbot serve` itself no longer
    # imports such a module before the fork (test_serving.py checks that): a sitecustomize that imports redis-py
    # in every process, as an operator's environment might, brings the warning back. The only plain lines left
    # are faqbot's own before the workers start, as the README says.
    require_module("redis")
    early = site / "early"
    early.mkdir()
    (early / "sitecustomize.py").write_text("import redis  # noqa: F401  (imports redis.asyncio, which holds SSLContext)\n")
    log = Server(site, workers=1, log_format="json", rate_limit_storage="redis://127.0.0.1:1")
    log.env["PYTHONPATH"] = str(early)
    with log:
        assert log.get("/api/ask?q=peel").status == 200
        text = log.stop()
    plain = [ln for ln in text.splitlines() if not ln.startswith("{")]
    assert plain and all(ln.startswith("faqbot: ") for ln in plain), text[-3000:]
    assert plain[-1].startswith("faqbot: serving http://")
    assert any(json.loads(ln)["logger"] == "py.warnings" for ln in text.splitlines() if ln.startswith("{"))


def test_a_normal_stop_loses_no_queued_question(site):
    with Server(site, workers=2) as server:
        for i in range(40):
            assert server.get(f"/api/ask?q=question+number+{i}").status == 200
        server.stop()
    with sqlite3.connect(site / "faqbot.sqlite3") as db:
        assert db.execute("SELECT count(*) FROM faqbot_questions").fetchone()[0] == 40


def test_a_worker_that_exits_is_replaced_and_the_server_keeps_its_metrics(site):
    # gunicorn restarts a worker on its own (max_requests, a timeout, an operator's TERM to one worker). The
    # worker is a fork of `faqbot serve` and leaves through its code: it must not take the metrics folder the
    # others share with it, or its replacement fails to boot and gunicorn stops the whole server.
    require_module("prometheus_client")
    (site / "tmp").mkdir()
    server = Server(site, workers=2)
    server.env["TMPDIR"] = str(site / "tmp")  # where faqbot serve makes its metrics folder
    with server:
        [folder] = (site / "tmp").glob("faqbot-metrics-*")
        victim = min(server.worker_pids())
        os.kill(victim, signal.SIGTERM)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and server.proc.poll() is None:
            pids = server.worker_pids()
            if victim not in pids and len(pids) == 2 and set(server.health_of_every_worker(within=2)) == pids:
                break
            time.sleep(0.1)
        assert server.proc.poll() is None, server.log()[-2000:]
        pids = server.worker_pids()
        assert victim not in pids and set(server.health_of_every_worker()) == pids
        assert folder.is_dir()
        assert server.get("/api/ask?q=how+long+will+my+skin+peel").status == 200
        assert server.get("/metrics").status == 200
        log = server.stop()
    assert "Worker failed to boot" not in log and "Traceback" not in log
    assert not folder.exists()  # the server's own stop still removes it
