"""What POST /api/reindex promises with several workers (session 60). The README said it "answers once the new index
is serving", but only the worker that answered it serves the new version then: the others switch when their watcher
next reads CURRENT (FAQBOT_RELOAD_INTERVAL), so for that long about half the requests to two workers were the old
version's. The README now says exactly that, and that the response names the version to wait for; this checks the
promise on a real server with two workers, and that the README makes it, not the old one."""

from __future__ import annotations

from pathlib import Path

from _server import Server, until, write_content
from bot import artifact, build

README = Path(__file__).resolve().parents[1] / "README.md"


def test_the_reindex_response_names_the_version_every_worker_then_switches_to(tmp_path):
    write_content(tmp_path / "content", 0)
    build.build(tmp_path / "content", tmp_path / "index")
    with Server(tmp_path, workers=2, reload_interval="0.5") as server:
        write_content(tmp_path / "content", 1)
        r = server.reindex()
        assert r.status == 200 and r.body["changed"] is True, (r.status, r.body)
        version = r.body["index"]["version"]
        assert r.headers["faqbot-index-version"] == version == artifact.current_version(tmp_path / "index")
        # the answering worker serves it from its next request on (it answered with it)
        mine = until(lambda: next((h for h in (server.get("/api/health"),) if h.worker == r.worker), None),
                     f"a request reaching worker {r.worker} again")
        assert mine.body["index"]["version"] == version
        server.wait_until_every_worker_serves(version, since=0)  # and the other worker within the interval


def test_the_readme_says_what_the_reindex_answer_waits_for():
    text = " ".join(README.read_text(encoding="utf-8").split())
    assert "answers once the new index is serving" not in text
    assert ("`POST /api/reindex` answers once the new version serves in the worker that answered it: its "
            "`index.version`, and the response's `Faqbot-Index-Version` header, name that version. The server's other "
            "workers (and other machines) switch to it within `FAQBOT_RELOAD_INTERVAL` seconds") in text
