"""The access log of a real `faqbot serve` gives the size of what it sent, static files included."""

from __future__ import annotations

import re

from bot.build import build

from _files import write
from _server import Server, request

FAQ = "question,answer\nDo you sell exercise bands?,\"Yes, at reception, from £8.\"\n"


def test_the_access_log_gives_the_size_of_a_static_file_sent(tmp_path):
    write(tmp_path / "content", "faq.csv", FAQ)
    build(tmp_path / "content", tmp_path / "index")
    with Server(tmp_path, workers=1) as server:
        widget = server.get("/static/faqbot-widget.js")
        etag = widget.headers["etag"]
        same = server.get("/static/faqbot-widget.js", headers={"If-None-Match": etag})  # 304: no body
        head = request(server.port, "HEAD", "/static/faqbot-widget.js")  # no body
        asked = server.get("/api/ask?q=exercise+bands")
        log = server.stop()
    assert (widget.status, same.status, head.status, asked.status) == (200, 304, 200, 200)
    size = int(widget.headers["content-length"])
    assert size == len(widget.text.encode("utf-8")) > 0
    # It logged `"GET /static/faqbot-widget.js HTTP/1.1" 200 0 3ms`: gunicorn counts no bytes it sends with sendfile.
    sizes = re.findall(r'"(GET|HEAD) /static/faqbot-widget\.js HTTP/1\.1" (\d+) (\S+) ', log)
    assert sizes == [("GET", "200", str(size)), ("GET", "304", "0"), ("HEAD", "200", "0")], log[-3000:]
    answered = re.findall(r'"GET /api/ask HTTP/1\.1" 200 (\S+) ', log)
    assert answered == [asked.headers["content-length"]], log[-3000:]
