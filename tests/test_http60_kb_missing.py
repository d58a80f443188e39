"""/kb/ pages that are not there (session 60): /kb/nope and /kb/microneedling-redness/ (a trailing slash) were
werkzeug's bare "Not Found" page, outside the site's look, with no way back. Now the site's own page names what was
asked for and links to the list of articles; a trailing slash on a page that exists is a 308 to it. Through the real
app on the shipped knowledge base, then once through a real `faqbot serve`."""

from __future__ import annotations

import pytest

from _app import built_app
from _server import Server, write_content
from bot import build
from bot.settings import Settings


@pytest.fixture
def client(tmp_path, article_index):
    return built_app(Settings(index_dir=str(article_index), database_url=f"sqlite:///{tmp_path}/db.sqlite3",
                              rate_limit="0")).test_client()


def test_a_page_that_exists_with_a_trailing_slash_redirects_to_it(client):
    r = client.get("/kb/microneedling-redness/")
    assert r.status_code == 308 and r.headers["Location"] == "/kb/microneedling-redness"
    assert client.get(r.headers["Location"]).status_code == 200
    assert client.post("/kb/microneedling-redness/").status_code == 405  # pages are read, not posted to


@pytest.mark.parametrize("path, named", [("/kb/nope", "/kb/nope"), ("/kb/nope/", "/kb/nope/"),
                                         ("/kb/a/b", "/kb/a/b"), ("/kb/microneedling-redness/x", "/kb/microneedling-redness/x")])
def test_a_page_that_is_not_there_is_the_sites_own_404_naming_it(client, path, named):
    r = client.get(path)
    page = r.get_data(as_text=True)
    assert r.status_code == 404 and r.mimetype == "text/html"
    assert "Page not found" in page and f"<code>{named}</code>" in page
    assert 'href="/kb/"' in page and 'href="/static/site.css' in page and 'class="site-header"' in page
    assert "The requested URL was not found on the server" not in page  # werkzeug's own page


def test_a_mistyped_page_is_offered_the_closest_article(client):
    page = client.get("/kb/microneedling-rednes").get_data(as_text=True)
    assert 'Did you mean <a href="/kb/microneedling-redness">' in page


def test_what_was_asked_for_is_shown_as_text(client):
    page = client.get("/kb/%3Cscript%3Ealert(1)%3C%2Fscript%3E").get_data(as_text=True)
    assert "<script>alert" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_a_real_server_answers_the_same(tmp_path):
    write_content(tmp_path / "content", 0)
    build.build(tmp_path / "content", tmp_path / "index")
    with Server(tmp_path, workers=1) as server:
        r = server.get("/kb/marker-v0/")
        assert r.status == 308 and r.headers["location"] == "/kb/marker-v0"
        r = server.get("/kb/nope")
        assert r.status == 404 and "<code>/kb/nope</code>" in r.text and 'href="/kb/"' in r.text
        assert "content-security-policy" in r.headers  # a page of the site, with its headers
