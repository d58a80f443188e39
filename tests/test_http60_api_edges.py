"""Two API answers that differed from their siblings (session 60): {"top_k": true} was not told it sent a boolean,
as {"helpful": 1} is told it sent a number; and without an admin token, POST /api/reindex was a 404 carrying the
admin rate limit's X-RateLimit-* headers, which no other 404 has (web/admin.py: "the same 404 as any unknown path")."""

from __future__ import annotations

import pytest

from _app import built_app
from bot.settings import Settings


def client_of(tmp_path, article_index, **settings):
    values = dict(index_dir=str(article_index), database_url=f"sqlite:///{tmp_path}/db.sqlite3", **settings)
    return built_app(Settings(**values)).test_client()


@pytest.mark.parametrize("sent", [True, False])
def test_a_boolean_top_k_is_told_it_is_a_boolean(tmp_path, article_index, sent):
    client = client_of(tmp_path, article_index, rate_limit="0")
    r = client.post("/api/ask", json={"question": "how long does redness last", "top_k": sent})
    assert r.status_code == 400
    assert r.json == {"ok": False, "error": "'top_k' must be an integer from 1 to 10: a JSON number, not a boolean",
                      "status": 400}


def test_a_number_top_k_out_of_range_keeps_its_message(tmp_path, article_index):
    client = client_of(tmp_path, article_index, rate_limit="0")
    r = client.post("/api/ask", json={"question": "how long does redness last", "top_k": 11})
    assert r.json["error"] == "'top_k' must be an integer from 1 to 10"


def test_reindex_without_a_token_is_the_404_of_any_unknown_path(tmp_path, article_index):
    client = client_of(tmp_path, article_index, admin_token="")  # rate limits on, as by default
    reindex = client.post("/api/reindex", headers={"Authorization": "Bearer guess"})
    unknown = client.post("/api/reindexx", headers={"Authorization": "Bearer guess"})
    assert reindex.status_code == unknown.status_code == 404
    assert reindex.json == {"ok": False, "error": "not found: /api/reindex", "status": 404}
    limits = [h for h in reindex.headers.keys() if h.lower().startswith(("x-ratelimit", "retry-after"))]
    assert limits == []
    assert sorted(reindex.headers.keys()) == sorted(unknown.headers.keys())


def test_reindex_with_a_token_still_counts_wrong_tokens(tmp_path, article_index):
    client = client_of(tmp_path, article_index, admin_token="a-long-enough-admin-token", admin_rate_limit="2/minute")
    statuses = [client.post("/api/reindex", headers={"Authorization": "Bearer wrong"}).status_code for _ in range(3)]
    assert statuses == [403, 403, 429]
