"""The widget's stylesheet slow or failing, in real Chromium (its requests intercepted): the widget never shows unstyled
in the page's flow (its fixed place in the corner comes from the stylesheet); it shows once the stylesheet is in."""

from __future__ import annotations

from playwright.sync_api import Page, Route, expect

import pytest

from _widget import ask, open_chat

pytestmark = pytest.mark.browser

PEEL_Q = "How long will my skin peel?"
VIEWPORT = {"width": 1280, "height": 720}
# A page long enough to scroll, the widget's element at its end: unstyled, the launcher sat there, out of sight.
LONG_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Host page</title><script src="{bot}/static/faqbot-widget.js" defer></script></head>
<body><h1>Host page</h1>""" + "<p>Our treatments.</p>" * 80 + """<faqbot-chat api="{bot}"></faqbot-chat>
</body></html>"""

# Records, at every frame from now on, where the launcher shows (when it shows at all: it has a size).
WATCH = """() => {
    window.seen = [];
    const frame = () => {
        const host = document.querySelector('faqbot-chat');
        const launcher = host && host.shadowRoot && host.shadowRoot.querySelector('.launcher');
        const r = launcher && launcher.getBoundingClientRect();
        if (r && r.width && r.height) window.seen.push({ right: innerWidth - r.right, bottom: innerHeight - r.bottom });
        requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
}"""


def _in_the_corner(seen: list[dict]) -> bool:
    return all(0 <= s["right"] <= 24 and 0 <= s["bottom"] <= 24 for s in seen)


def test_a_stylesheet_that_comes_late_shows_the_widget_only_once_it_is_in(page: Page, servers):
    page.set_viewport_size(VIEWPORT)
    held: list[Route] = []
    page.route("**/faqbot-widget.css", lambda route: held.append(route))
    url = servers.allowed.add_page("/late-css", LONG_PAGE)
    page.goto(url, wait_until="domcontentloaded")
    page.evaluate(WATCH)
    for _ in range(50):
        if held:
            break
        page.wait_for_timeout(50)
    assert held, "the stylesheet was not asked for"
    page.wait_for_timeout(4000)  # longer than the 3 s after which it used to show anyway
    launcher = page.get_by_role("button", name="Ask a question")
    # Before: shown at 3 s unstyled, at the end of the page (in its flow), with a 300px-wide icon.
    assert page.evaluate("window.seen") == []
    expect(launcher).to_be_hidden()
    held[0].continue_()
    expect(launcher).to_be_visible()
    assert launcher.bounding_box()["height"] == 48
    page.wait_for_timeout(300)
    seen = page.evaluate("window.seen")
    assert seen and _in_the_corner(seen), seen[:5]
    open_chat(page)
    expect(ask(page, PEEL_Q).get_by_role("link")).to_be_in_viewport()


def test_a_stylesheet_that_fails_once_is_asked_for_again(page: Page, servers):
    page.set_viewport_size(VIEWPORT)
    tries: list[str] = []

    def flaky(route: Route) -> None:
        tries.append(route.request.url)
        if len(tries) == 1:
            route.abort()
        else:
            route.continue_()

    page.route("**/faqbot-widget.css", flaky)
    page.goto(servers.allowed.add_page("/flaky-css", LONG_PAGE), wait_until="domcontentloaded")
    page.evaluate(WATCH)
    launcher = page.get_by_role("button", name="Ask a question")
    # Before: shown at once, unstyled, in the page's flow, and never styled.
    expect(launcher).to_be_visible(timeout=10000)
    assert len(tries) == 2
    assert launcher.bounding_box()["height"] == 48
    seen = page.evaluate("window.seen")
    assert seen and _in_the_corner(seen), seen[:5]


def test_a_stylesheet_that_cannot_load_leaves_the_widget_out_and_says_why_in_the_console(page: Page, servers):
    page.set_viewport_size(VIEWPORT)
    console: list[str] = []
    page.on("console", lambda message: console.append(message.text))
    page.route("**/faqbot-widget.css", lambda route: route.abort())
    page.goto(servers.allowed.add_page("/no-css", LONG_PAGE), wait_until="domcontentloaded")
    page.evaluate(WATCH)
    page.wait_for_timeout(6000)
    # Before: shown at once, unstyled, at the end of the page: a grey button and an icon 300px wide.
    assert page.evaluate("window.seen") == []
    expect(page.get_by_role("button", name="Ask a question")).to_be_hidden()
    said = [m for m in console if "faqbot" in m]
    assert said and servers.url + "/static/faqbot-widget.css" in said[-1], console


def test_a_chat_left_open_whose_stylesheet_fails_on_the_next_page_leaves_that_pages_escape_key_alone(page: Page,
                                                                                                    servers):
    page.set_viewport_size({"width": 375, "height": 667})  # where the open panel takes Escape from the whole page
    page.goto(servers.allowed.url + "/")
    open_chat(page)  # left open: it opens again on the site's next page
    page.route("**/faqbot-widget.css", lambda route: route.abort())
    page.goto(servers.allowed.add_page("/next", LONG_PAGE), wait_until="domcontentloaded")
    page.evaluate("""() => { window.escapes = [];
        window.addEventListener('keydown', (e) => e.key === 'Escape' && window.escapes.push(e.defaultPrevented)); }""")
    page.wait_for_timeout(500)
    expect(page.get_by_role("dialog")).to_be_hidden()
    page.keyboard.press("Escape")
    # Before: the hidden panel "closed" on Escape and marked the key handled: the page's own menu or dialog did not close.
    assert page.evaluate("window.escapes") == [False]
