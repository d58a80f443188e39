"""How the dashboard (/admin) scales with the question log: wall time and peak memory, a baseline beside this tree.

    .venv/bin/python bench/dashboard_scale.py --rows 100000 1000000 [--baseline main] [--keep DIR]

For each N it writes the synthetic log of bench/report_scale.py (N questions over 180 days, written through the store
as `faqbot serve` writes them; each tree reads its own copy of it, opened first by its Store), then, for the baseline
(a git ref exported with `git archive` and put first on PYTHONPATH) and for this tree, runs a child process that makes
the real Flask app (web.create_app) over a copy of knowledge/ and that log, signs in with the admin token as the page
does, and GETs one dashboard route: the JSON summary (/admin/summary) for 30 and 365 days, and the page (/admin) for
365 days. It prints the request's wall time, the child's peak RSS (os.wait4's rusage: the app's start included, shown
alone as "start") and whether both trees answered the same (the JSON with `since`, which moves between the runs, left
out; the page with the session's label and CSRF token left out; the period ends when the request is made, so a
question asked just at its start can be in one run and not the other). Figures only: never part of the test pass/fail.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from report_scale import TREE, compare

TOKEN = "bench-admin-token"
ROUTES = [("start", ""), ("summary 30", "/admin/summary?days=30"), ("summary 365", "/admin/summary?days=365"),
          ("page 365", "/admin?days=365")]
CHILD = """
import sys, time
from bot.build import ensure
from bot.settings import Settings
from web import create_app
content, index, url, route, out = sys.argv[1:]
settings = Settings(content_dir=content, index_dir=index, database_url=url, admin_token=%r, rate_limit="0")
ensure(settings.content_dir, settings.index_dir, keep=settings.keep_versions, load=False, encoder=settings.encoder)
client = create_app(settings).test_client()
assert client.post("/admin/sign-in", json={"token": %r}).status_code == 200
seconds, body = 0.0, b""
if route:
    start = time.perf_counter()
    r = client.get(route)
    seconds = time.perf_counter() - start
    assert r.status_code == 200, r.status_code
    body = r.get_data()
open(out, "wb").write(body)
print(seconds)
""" % (TOKEN, TOKEN)


def run(tree: Path, route: str, url: str, work: Path) -> tuple[float, float, bytes]:
    """One dashboard request with the code in `tree` on its own app: seconds, the child's peak RSS in MB, the body."""
    content, index, out = work / "knowledge", work / "index", work / "out"
    if not content.exists():
        shutil.copytree(TREE / "knowledge", content)
    env = {**os.environ, "PYTHONPATH": str(tree)}
    with (work / "stdout").open("wb") as stdout, (work / "stderr").open("wb") as stderr:
        proc = subprocess.Popen([sys.executable, "-c", CHILD, str(content), str(index), url, route, str(out)],
                                env=env, cwd=work, stdout=stdout, stderr=stderr)
        _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode:
        raise SystemExit(f"dashboard {route} ({tree}) exited {proc.returncode}: "
                         f"{(work / 'stderr').read_text()[-2000:]}")
    return float((work / "stdout").read_text().split()[-1]), usage.ru_maxrss / 1024, out.read_bytes()


def same(old: bytes, new: bytes) -> str:
    """'yes' when both answered the same (see the module docstring), else 'NO'."""
    if old.startswith(b"{"):
        a, b = json.loads(old), json.loads(new)
        for d in (a, b):
            d.pop("since", None)
            for e in d.get("edits", []):
                e.pop("who", None)
        return "yes" if a == b else "NO"
    strip = re.compile(rb'session [0-9a-f]{8}|name="csrf_token" value="[^"]+"|content="[^"]*csrf[^"]*"')
    return "yes" if strip.sub(b"", old) == strip.sub(b"", new) else "NO"


def requests(n: int, tmp: str, base: tuple[Path, str], this: tuple[Path, str]):
    """Each of ROUTES with each tree on its copy of the log (see report_scale.compare)."""
    for name, route in ROUTES:
        old_work, new_work = Path(tmp) / f"old-{n}", Path(tmp) / f"new-{n}"
        old_work.mkdir(exist_ok=True)
        new_work.mkdir(exist_ok=True)
        old = run(base[0], route, base[1], old_work)
        new = run(this[0], route, this[1], new_work)
        yield name, old, new, same(old[2], new[2]) if route else "-"


def main() -> None:
    compare(__doc__, "dashboard", 12, requests)


if __name__ == "__main__":
    main()
