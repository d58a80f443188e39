"""The dashboard groups visitors' phrasings off a gevent worker's event loop: the worker keeps serving meanwhile.

Grouping is seconds of CPU over a large log (6.5 s for 194,000 phrasings) and ran on the loop, where a gevent worker
(`faqbot serve`) answered nobody else until it ended. The script runs in its own process, patched first as
gunicorn's gevent worker patches, then makes the app as the worker does; it asks for /admin/summary while another
greenlet counts its turns, and a profile hook (in the loop's thread and gevent's pool threads) notes where the
grouping ran and the count as it started and ended. Order of events only, never a duration.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

from _env import KNOWLEDGE, ROOT, require_module


SCRIPT = """
import json, sys
from gevent import monkey
monkey.patch_all()
import gevent
import threading
from dataclasses import replace
from pathlib import Path

from bot.build import ensure
from bot.settings import Settings
from bot.topics import group_phrasings
from web import create_app

content, root = sys.argv[1], Path(sys.argv[2])
settings = Settings(content_dir=content, index_dir=str(root / "index"), rate_limit="0", admin_token="tok",
                    database_url=f"sqlite:///{root}/faqbot.sqlite3")
ensure(settings.content_dir, settings.index_dir, load=False)
app = create_app(settings)
bot, store = app.extensions["faqbot"], app.extensions["faqbot.store"]

# Unanswered questions, distinct enough to make many groups: as the question log writes them.
nothing = bot.ask("zzqxv florp wibble")
assert not nothing.answered
pets = "dog cat parrot rabbit hamster ferret horse goat lizard snake".split()
places = "lobby garden waiting room treatment room car park cafe pool office".split()
times = "morning evening weekend holiday lunchtime night".split()
texts = [f"can I bring my {a} to the {b} in the {c}" for a in pets for b in places for c in times]
texts += [f"do you sell {a} food for the {c}" for a in pets for c in times]
store.log_questions([store.entry(replace(nothing, question=t)) for t in texts])

get_ident = monkey.get_original("_thread", "get_ident")
loop_thread = get_ident()
ticks = 0
seen = []


def hook(frame, event, arg):
    if event in ("call", "return") and frame.f_code is group_phrasings.__code__:
        seen.append([event, get_ident() == loop_thread, ticks])


sys.setprofile(hook)  # the loop's thread
threading.setprofile(hook)  # gevent's pool installs it in its native thread for each task it runs
running = True


def tick():
    global ticks
    while running:
        ticks += 1
        gevent.sleep(0)


ticker = gevent.spawn(tick)
gevent.sleep(0)
client = app.test_client()
signed = client.post("/admin/sign-in", json={"token": "tok"})
r = client.get("/admin/summary?days=30")
running = False
ticker.join()
sys.setprofile(None)
threading.setprofile(None)
body = r.get_json()
print(json.dumps({"status": [signed.status_code, r.status_code], "groups": len(body.get("groups", [])),
                  "closest": sum(len(g["closest"]) for g in body.get("groups", [])), "seen": seen}))
"""


def test_the_dashboard_groups_phrasings_in_a_native_thread_while_the_loop_serves(tmp_path):
    require_module("gevent")
    cp = subprocess.run([sys.executable, "-c", SCRIPT, str(KNOWLEDGE), str(tmp_path)], capture_output=True,
                        text=True, timeout=600, env={**os.environ, "PYTHONPATH": str(ROOT)}, cwd=tmp_path)
    assert cp.returncode == 0, cp.stderr[-3000:]
    out = json.loads(cp.stdout.splitlines()[-1])
    assert out["status"] == [200, 200], out
    assert out["groups"] > 0 and out["closest"] > 0, out  # it grouped, and found each group its closest sections
    (started, on_loop, at_start), (ended, _, at_end) = out["seen"]
    assert (started, ended) == ("call", "return"), out["seen"]
    # Not on the loop's thread: there no other greenlet runs until it returns, and the worker answers nobody.
    assert not on_loop, out["seen"]
    assert at_end > at_start, f"no other greenlet ran while the dashboard grouped: {out['seen']}"
