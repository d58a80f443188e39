"""Warm workers: everything a question can need is loaded when the app is made, so no request imports."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

PROBE = r"""
import json, sys
from bot.settings import Settings
from web import create_app

app = create_app(Settings(index_dir=sys.argv[1], database_url="sqlite:///" + sys.argv[2], rate_limit="0"))
client = app.test_client()
from werkzeug.urls import iri_to_uri
iri_to_uri("http://localhost/")  # the test client's own first-use imports (a real server has none of them)
before = set(sys.modules)
for q in ("how long does redness last?", "will I still be red at work tomorrow?",
          "what about swimming pools and chlorinated water?", "microneedlign redness", "hi!",
          "what is the best sunscreen for rosacea prone skin?", "qwertyuiop asdfgh", "thanks a lot"):
    assert client.get("/api/ask", query_string={"q": q}).status_code == 200
assert client.post("/api/ask", json={"question": "and how long does it last?",
                                     "history": ["can I wear makeup after microneedling?"]}).status_code == 200
assert client.post("/api/feedback", json={"question": "q", "section_id": None, "helpful": True}).status_code == 201
for path in ("/api/sections", "/api/health", "/api/ready", "/", "/kb/microneedling-redness", "/openapi.json",
             "/static/faqbot-widget.js", "/api/nope"):
    client.get(path)
print(json.dumps(sorted(set(sys.modules) - before)))
"""


def test_no_module_is_imported_on_the_request_path(article_index, tmp_path):
    # A fresh interpreter: the test process has imported everything already and would see nothing.
    r = subprocess.run([sys.executable, "-c", PROBE, str(article_index), str(tmp_path / "log.sqlite3")],
                       capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert r.returncode == 0, r.stderr[-3000:]
    imported = json.loads(r.stdout.strip().splitlines()[-1])
    assert imported == [], imported
