"""What the widget's browser tests share: finding replies, opening the chat, asking, holding an answer back, where focus
is, a rate-limited server."""

from __future__ import annotations

import json
import shutil
import urllib.request

from playwright.sync_api import Error, Page, Route, expect

from _app import app_maker
from conftest import KB_SMALL, _Thread


# JS: `(root, push)` calls push(text) for each text added to (or shown in: `hidden` removed) a live region of the
# widget's shadow root (aria-live not "off", or a role that implies one), as Chromium would have it announced.
WATCH_LIVE_REGIONS = """(root, push) => {
    const live = (el) => {
        for (let n = el; n; n = n.parentElement) {
            const value = n.getAttribute('aria-live');
            if (value) return value !== 'off';
            if (['log', 'status', 'alert'].includes(n.getAttribute('role'))) return true;
        }
        return false;
    };
    new MutationObserver((records) => records.forEach((r) => {
        const at = r.target.nodeType === 1 ? r.target : r.target.parentElement;
        if (!live(at)) return;
        const texts = r.type === 'childList' ? [...r.addedNodes].map((n) => n.textContent)
            : r.target.hidden ? [] : [r.target.textContent];
        for (const text of texts) if (text.trim()) push(text.trim());
    })).observe(root, { subtree: true, childList: true, attributes: true, attributeFilter: ['hidden'] });
}"""


def api_answer(base_url: str, question: str, top_k: int = 3) -> dict:
    """The server's Answer to `question` as the widget asks for it (POST /api/ask, top_k 3)."""
    body = json.dumps({"question": question, "top_k": top_k}).encode()
    request = urllib.request.Request(base_url + "/api/ask", data=body, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request) as r:
        return json.load(r)


def answers(page: Page):
    """The assistant's replies (answers, no-answers and errors; not the greeting or the typing dots)."""
    return page.locator("faqbot-chat .msg.bot:not(.typing):not(.intro)")


def open_chat(page: Page, name: str = "Ask a question") -> None:
    page.get_by_role("button", name=name).click()
    expect(page.get_by_role("dialog", name=name)).to_be_visible()


def ask(page: Page, question: str):
    """Type a question, send it with Enter, and return the reply it gets."""
    before = answers(page).count()
    box = page.get_by_role("textbox", name="Your question")
    box.fill(question)
    box.press("Enter")
    expect(answers(page)).to_have_count(before + 1)
    return answers(page).last


def shadow_focus(page: Page) -> str:
    """What has keyboard focus inside the widget: 'tag.class' or '' when focus is elsewhere."""
    return page.evaluate("""() => {
        const host = document.querySelector('faqbot-chat');
        const el = document.activeElement === host ? host.shadowRoot.activeElement : null;
        return el ? `${el.tagName.toLowerCase()}.${el.className}` : '';
    }""")


class HeldAsks(list):
    """The requests that hold_asks (or hold_requests) holds, oldest first (each a Route)."""

    def __init__(self) -> None:
        super().__init__()
        self.passing = False

    def let_through(self) -> None:
        """Let every later request go straight on (the route stays in place: no page.unroute); those held stay held."""
        self.passing = True

    def release(self) -> None:
        """Let every held request go on to the server, and every later one straight through (see let_through). The
        page may have dropped a held request already (the widget gave up on it, or a reload)."""
        self.let_through()
        for route in self:
            try:
                route.continue_()
            except Error:
                pass  # already dropped by the page

    def handle(self, route: Route) -> None:
        """The route handler: hold the request, or let it through after let_through or release."""
        if self.passing:
            route.fallback()
        else:
            self.append(route)


def hold_requests(page: Page, url: str) -> HeldAsks:
    """Hold every request to `url` (a glob) until the test lets it go on to the real server: `held.release()` (or one of
    them with route.continue_()). Release, rather than page.unroute: an unroute while a request was still held (one the
    page had dropped) lost the next request to that URL (its "request" event never came) about one run in six."""
    held = HeldAsks()
    page.route(url, held.handle)
    return held


def hold_asks(page: Page) -> HeldAsks:
    """Hold every POST /api/ask (see hold_requests)."""
    return hold_requests(page, "**/api/ask")


def wait_held(page: Page, held: list[Route], n: int = 1) -> None:
    for _ in range(100):
        if len(held) >= n:
            return
        page.wait_for_timeout(50)
    raise AssertionError(f"{n} request(s) to /api/ask expected, {len(held)} seen")


def ask_and_hold(page: Page, question: str) -> HeldAsks:
    """Type `question` in the open chat and send it with Enter, its request held (see hold_asks) until the test lets it
    go: the answer is on its way. Returns the held routes."""
    held = hold_asks(page)
    box = page.get_by_role("textbox", name="Your question")
    box.fill(question)
    box.press("Enter")
    wait_held(page, held)
    return held


def rate_limited_server(tmp_path):
    """A real server with FAQBOT_RATE_LIMIT=2/hour, its URL: its third question gets the limiter's own 429. A fixture's
    body: `limited = pytest.fixture(rate_limited_server, name="limited")` in a test module."""
    shutil.copytree(KB_SMALL, tmp_path / "content")
    server = _Thread(app_maker(tmp_path / "content", tmp_path, rate_limit="2/hour")())
    yield server.url
    server.stop()


def limit_spent(page: Page, url: str, first: str, second: str) -> None:
    """With the page's clock installed, open the chat at `url` (a `rate_limited_server`) and ask the two questions
    its limit allows: the next one gets the limiter's 429."""
    page.clock.install()
    page.goto(url + "/")
    open_chat(page)
    ask(page, first)
    ask(page, second)


def stored_messages(page: Page) -> list[dict]:
    """The conversation the widget keeps in sessionStorage for this tab."""
    return page.evaluate("""() => {
        const key = Object.keys(sessionStorage).find((k) => k.startsWith('faqbot-chat:'));
        return key ? JSON.parse(sessionStorage.getItem(key)).messages : [];
    }""")


def requests_to_ask(page: Page) -> list:
    """Every request to /api/ask the page makes from now on (those that fail at once too)."""
    sent: list = []
    page.on("request", lambda r: sent.append(r) if "/api/ask" in r.url else None)
    return sent
