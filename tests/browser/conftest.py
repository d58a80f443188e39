"""Browser tests: real Chromium (/usr/bin/chromium) driving the widget against real servers on 127.0.0.1.

Three servers per session: the bot (the real app factory, werkzeug in a thread, tmp index and SQLite log),
and two plain "partner" sites on other ports that embed the widget; one is in FAQBOT_CORS_ORIGINS, one isn't.
A fourth, `shipped`, serves the shipped knowledge base (started only by the tests that use it).
"""

from __future__ import annotations

import html
import os
import shutil
import threading
from dataclasses import dataclass
from pathlib import Path

import pytest
from werkzeug.serving import make_server
from werkzeug.wrappers import Request, Response

from bot.settings import Settings
from _app import built_app

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--no-first-run"]
ROOT = Path(__file__).resolve().parents[2]
KB_SMALL = ROOT / "tests" / "data" / "kb-small"
KNOWLEDGE = ROOT / "knowledge"
ARTIFACTS = ROOT / "test-artifacts"
DISCLAIMER = "General information only, not medical advice: ask your practitioner about your skin."


@pytest.fixture(scope="session", autouse=True)
def _chromium_is_installed():
    if not os.access(CHROMIUM, os.X_OK):
        if os.environ.get("CI") == "true":
            pytest.fail(f"{CHROMIUM} is missing in CI: .ci/run must install the chromium package", pytrace=False)
        pytest.skip(f"{CHROMIUM} not found: install Chromium (apt-get install chromium) to run the browser tests")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """pytest-playwright's launch arguments, pointed at the system Chromium (no `playwright install`)."""
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


class _Thread:
    """A werkzeug server on 127.0.0.1, on a free port, in a daemon thread."""

    def __init__(self, app) -> None:
        self.server = make_server("127.0.0.1", 0, app, threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.server.shutdown()
        self.thread.join(10)


class PartnerSite:
    """A third-party page embedding the widget from the bot's origin: one script tag and one element.

    `/` embeds it with only `api`; `/embed?heading=...&disclaimer=...` adds each query parameter as an
    attribute of the element (an empty value gives an empty attribute); `add_page(path, html)` serves a page
    a test writes (a page the browser fetched from nowhere, through page.route, may not load the widget from
    127.0.0.1: Chromium's local network access blocks a public page from reaching a loopback address).
    """

    def __init__(self) -> None:
        self.bot_url = ""
        self._pages: dict[str, str] = {}
        self._server = _Thread(self._wsgi)
        self.url = self._server.url

    def page(self, attrs: dict | None = None) -> str:
        extra = "".join(f' {name}="{html.escape(value)}"' for name, value in (attrs or {}).items()
                        if name.isalpha())
        return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Partner clinic</title>
<script src="{self.bot_url}/static/faqbot-widget.js" defer></script>
</head><body><h1>Partner clinic</h1><p>Our aftercare questions, answered by the clinic's assistant.</p>
<faqbot-chat api="{self.bot_url}"{extra}></faqbot-chat>
</body></html>"""

    def add_page(self, path: str, body: str) -> str:
        """Serve `body` at `path` ("{bot}" in it becomes the bot's URL); returns the page's URL."""
        self._pages[path] = body.replace("{bot}", self.bot_url)
        return self.url + path

    def _wsgi(self, environ, start_response):
        request = Request(environ)
        if request.path in self._pages:
            return Response(self._pages[request.path], mimetype="text/html")(environ, start_response)
        if request.path == "/":
            return Response(self.page(), mimetype="text/html")(environ, start_response)
        if request.path == "/embed":
            return Response(self.page(request.args.to_dict()), mimetype="text/html")(environ, start_response)
        return Response("not found", status=404)(environ, start_response)

    def stop(self) -> None:
        self._server.stop()


@dataclass
class Servers:
    url: str  # the bot
    app: object
    db: Path
    allowed: PartnerSite  # origin in FAQBOT_CORS_ORIGINS
    refused: PartnerSite  # origin not in it


@pytest.fixture(scope="session")
def servers(tmp_path_factory):
    base = tmp_path_factory.mktemp("browser")
    content = base / "content"
    shutil.copytree(KB_SMALL, content)
    allowed, refused = PartnerSite(), PartnerSite()
    settings = Settings(content_dir=str(content), index_dir=str(base / "instance" / "index"),
                        database_url=f"sqlite:///{base}/instance/faqbot.sqlite3", rate_limit="0",
                        cors_origins=allowed.url, disclaimer=DISCLAIMER)
    app = built_app(settings)
    bot = _Thread(app)
    allowed.bot_url = refused.bot_url = bot.url
    yield Servers(url=bot.url, app=app, db=base / "instance" / "faqbot.sqlite3", allowed=allowed, refused=refused)
    for server in (bot, allowed, refused):
        server.stop()


@pytest.fixture(scope="session")
def shipped(tmp_path_factory):
    """The bot over a copy of the shipped knowledge base (knowledge/): its articles' real headings."""
    base = tmp_path_factory.mktemp("shipped")
    content = base / "content"
    shutil.copytree(KNOWLEDGE, content)
    settings = Settings(content_dir=str(content), index_dir=str(base / "instance" / "index"),
                        database_url=f"sqlite:///{base}/instance/faqbot.sqlite3", rate_limit="0")
    bot = _Thread(built_app(settings))
    yield bot.url
    bot.stop()


@pytest.fixture
def admin_site(tmp_path):
    """start(token) -> (url, content): a real server on this test's own copy of knowledge/, with that admin token
    (the dashboard's tests edit its files); stopped after the test."""
    started: list[_Thread] = []

    def start(token: str) -> tuple[str, Path]:
        content = tmp_path / "content"
        shutil.copytree(KNOWLEDGE, content)
        settings = Settings(content_dir=str(content), index_dir=str(tmp_path / "instance" / "index"),
                            database_url=f"sqlite:///{tmp_path}/instance/faqbot.sqlite3", rate_limit="0",
                            admin_token=token)
        started.append(_Thread(built_app(settings)))
        return started[-1].url, content

    yield start
    for server in started:
        server.stop()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
