"""The HTTP contract, through the real app factory and Flask's test client, on a small knowledge base in tmp_path."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings as hsettings, strategies as st

from bot.settings import Settings, SettingsError
from _app import KB_SMALL, built_app, small_kb_maker
from _server import free_port
from web.openapi import spec

PEEL = "peel-aftercare/how-long-will-my-skin-peel-after-a-chemical-peel"
AVOID = "peel-aftercare/what-should-i-avoid-after-a-chemical-peel"
TOKEN = "s3cret-admin-token"


@pytest.fixture
def make_app(tmp_path):
    """Build an app from the real factory on a private copy of the small knowledge base."""
    return small_kb_maker(tmp_path)


@pytest.fixture
def app(make_app):
    return make_app()


@pytest.fixture
def client(app):
    return app.test_client()


def ask(client, question, headers=None, environ_base=None, **fields):
    return client.post("/api/ask", json={"question": question, **fields}, headers=headers or {},
                       environ_base=environ_base or {})


def assert_error(response, status):
    """The one error shape of CONTRACT.md."""
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == "application/json"
    body = response.get_json()
    assert set(body) == {"ok", "error", "status"}
    assert body["ok"] is False and body["status"] == status
    assert isinstance(body["error"], str) and body["error"].strip()
    assert "Traceback" not in body["error"] and "<" not in body["error"]
    return body


# ---- asking -----------------------------------------------------------------------------------

def test_ask_answers_with_the_contract_fields(client):
    r = ask(client, "How long will my skin peel?")
    assert r.status_code == 200
    a = r.get_json()
    assert list(a)[:11] == ["ok", "question", "answered", "kind", "answer", "full_answer", "heading", "section_id",
                            "confidence", "source", "suggestions"]
    assert a["ok"] is True and a["answered"] is True and a["kind"] == "answer"
    assert a["section_id"] == PEEL
    assert a["heading"] == "How Long Will My Skin Peel After A Chemical Peel?"
    assert a["source"]["url"] == "/kb/peel-aftercare#how-long-will-my-skin-peel-after-a-chemical-peel"
    assert a["answer"] and a["answer"] in a["full_answer"].replace("\n\n", "\n")
    assert 0 <= a["confidence"] <= 1


def test_get_is_the_same_answer_as_post(client):
    post = ask(client, "can I wear makeup", top_k=2).get_json()
    get = client.get("/api/ask", query_string={"q": "can I wear makeup", "top_k": "2"}).get_json()
    assert get == post


def test_no_answer_and_smalltalk(client):
    a = ask(client, "what is the capital of france").get_json()
    assert a["answered"] is False and a["kind"] == "no_answer"
    assert a["heading"] is None and a["source"] is None and a["section_id"] is None
    assert a["suggestions"] and all({"heading", "section_id", "confidence"} <= set(s) for s in a["suggestions"])
    hello = ask(client, "hello").get_json()
    assert hello["kind"] == "smalltalk" and hello["answered"] is False and hello["answer"]


def test_history_gives_a_follow_up_its_subject(client):
    peel = ask(client, "how long does it last?", history=["how long will my skin peel after a chemical peel?"])
    assert peel.get_json()["section_id"] == PEEL
    assert not ask(client, "how long does it last?").get_json()["answered"]


def test_each_history_entry_is_cut_to_the_question_length_limit(client):
    # 20 entries of 600 characters fit the body limit; each is cut to max_question_length (500), so
    # subject words past the cut give no context, while the same words within it do.
    filler = "tell me more please " * 30
    late = [filler] * 19 + [filler + "how long will my skin peel after a chemical peel?"]
    early = [filler] * 19 + ["how long will my skin peel after a chemical peel? " + filler]
    assert ask(client, "how long does it last?", history=early).get_json()["section_id"] == PEEL
    cut = ask(client, "how long does it last?", history=late)
    assert cut.status_code == 200 and not cut.get_json()["answered"]


@pytest.mark.parametrize("text, cut", [
    ("tell me more please", "tell me"),  # "tell me mor" would end on a word nobody wrote
    ("tell me mo", "tell me mo"),  # within the limit: as written
    ("tell me m! more", "tell me m!"),  # cut at a word's end already
    ("supercalifragilistic", "supercalif"),  # one long word: cut where the limit is
])
def test_a_history_entry_is_cut_at_a_word_end(text, cut):
    from web.api import _cut

    assert _cut(text, 10) == cut


@pytest.mark.parametrize("body, fragment", [
    ({}, "'question' is required"),
    ({"question": None}, "'question' is required"),
    ({"question": ""}, "empty"),
    ({"question": "   \n\t "}, "empty"),
    ({"question": 42}, "must be a string"),
    ({"question": ["how long"]}, "must be a string"),
    ({"question": {"text": "hi"}}, "must be a string"),
    ({"question": "x" * 501}, "longer than 500"),
    ({"question": "peel", "top_k": 0}, "top_k"),
    ({"question": "peel", "top_k": 11}, "top_k"),
    ({"question": "peel", "top_k": "3"}, "top_k"),
    ({"question": "peel", "top_k": True}, "top_k"),
    ({"question": "peel", "top_k": 2.5}, "top_k"),
    ({"question": "peel", "history": "earlier question"}, "history"),
    ({"question": "peel", "history": [1, 2]}, "history"),
    ({"question": "peel", "history": {"0": "q"}}, "history"),
    ({"question": "peel", "explain": "yes"}, "explain"),
])
def test_bad_questions_are_400(client, body, fragment):
    assert fragment in assert_error(client.post("/api/ask", json=body), 400)["error"]


@pytest.mark.parametrize("raw", ["{", "[1, 2]", "null", "\"how long\"", "{\"question\": \"a\",}", "\xff\xfe"])
def test_malformed_json_is_400(client, raw):
    assert_error(client.post("/api/ask", data=raw, content_type="application/json"), 400)


@pytest.mark.parametrize("query", ["", "q=", "q=%20%20", "q=peel&top_k=abc", "q=peel&top_k=0", "q=peel&top_k=%C2%B2",
                                   "q=" + "x" * 600])
def test_bad_get_questions_are_400(client, query):
    assert_error(client.get("/api/ask?" + query), 400)


def test_the_question_limit_follows_the_setting(make_app):
    client = make_app(max_question_length=20).test_client()
    assert ask(client, "x" * 20).status_code == 200
    assert "longer than 20" in assert_error(ask(client, "x" * 21), 400)["error"]


@given(body=st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=40),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
        st.sampled_from(["question", "top_k", "history", "explain", "helpful", "section_id", "x"]), inner, max_size=5),
    max_leaves=12))
@hsettings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_any_json_body_gets_json_and_never_500(client, body):
    for path in ("/api/ask", "/api/feedback"):
        r = client.post(path, data=json.dumps(body), content_type="application/json")
        assert r.status_code in (200, 201, 400), r.get_data(as_text=True)
        assert r.mimetype == "application/json"
        if r.status_code == 400:
            assert_error(r, 400)


# ---- the error shape on every endpoint ---------------------------------------------------------

BIG = {"question": "x" * 20_000}
ERROR_CASES = [
    ("POST", "/api/ask", {"json": {}}, 400),
    ("GET", "/api/ask", {}, 400),
    ("POST", "/api/ask", {"json": BIG}, 413),
    ("POST", "/api/ask", {"data": "question=hi", "content_type": "application/x-www-form-urlencoded"}, 415),
    ("POST", "/api/ask", {"data": "hi", "content_type": "text/plain"}, 415),
    ("PUT", "/api/ask", {}, 405),
    ("DELETE", "/api/ask", {}, 405),
    ("POST", "/api/feedback", {"json": {"question": "q"}}, 400),
    ("POST", "/api/feedback", {"json": BIG}, 413),
    ("POST", "/api/feedback", {"data": "x", "content_type": "text/plain"}, 415),
    ("GET", "/api/feedback", {}, 405),
    ("POST", "/api/sections", {}, 405),
    ("PATCH", "/api/health", {}, 405),
    ("GET", "/api/reindex", {}, 405),
    ("POST", "/api/reindex", {}, 404),  # no admin token configured
    ("GET", "/api/nope", {}, 404),
    ("POST", "/api/", {}, 404),
    ("GET", "/api", {}, 404),
    ("POST", "/openapi.json", {}, 405),
]


@pytest.mark.parametrize("method, path, kwargs, status", ERROR_CASES, ids=[f"{m} {p} {s}" for m, p, _, s in ERROR_CASES])
def test_every_api_error_is_the_json_shape(client, method, path, kwargs, status):
    assert_error(client.open(path, method=method, **kwargs), status)


def test_405_names_the_allowed_methods(client):
    r = client.get("/api/feedback")
    assert "POST" in assert_error(r, 405)["error"] and "POST" in r.headers["Allow"]


def test_405_names_the_allowed_methods_in_one_order_in_every_process():
    # werkzeug's Allow header lists a set: "use GET, POST" in one worker, "use POST, GET" in another, depending on
    # the process's string hash seed.
    import subprocess
    import sys

    script = ("from flask import Flask\nfrom web.errors import register_error_handlers\napp = Flask('t')\n"
              "register_error_handlers(app)\napp.add_url_rule('/api/ask', 'ask', lambda: 'x', methods=['GET', 'POST'])\n"
              "print(app.test_client().put('/api/ask').get_json()['error'])\n")
    said = {subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=60,
                           env={**os.environ, "PYTHONHASHSEED": str(seed)}).stdout.strip() for seed in range(6)}
    assert said == {"method PUT not allowed on /api/ask; use GET, POST"}


def test_the_allow_header_lists_the_methods_sorted_in_every_process():
    # The JSON 405 message was sorted but the Allow header beside it (and on OPTIONS, and on a page's 405) was
    # werkzeug's set in hash order: "GET, OPTIONS, POST, HEAD" in one worker, "POST, HEAD, OPTIONS, GET" in another.
    import subprocess
    import sys

    script = ("from flask import Flask\nfrom web.errors import register_error_handlers\napp = Flask('t')\n"
              "register_error_handlers(app)\napp.add_url_rule('/api/ask', 'ask', lambda: 'x', methods=['GET', 'POST'])\n"
              "app.add_url_rule('/page', 'page', lambda: 'x', methods=['GET', 'POST'])\nc = app.test_client()\n"
              "print(c.put('/api/ask').headers['Allow'], c.options('/api/ask').headers['Allow'],"
              " c.put('/page').headers['Allow'], sep=' | ')\n")
    said = {subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=60,
                           env={**os.environ, "PYTHONHASHSEED": str(seed)}).stdout.strip() for seed in range(6)}
    assert said == {" | ".join(["GET, HEAD, OPTIONS, POST"] * 3)}


@pytest.mark.parametrize("path, body", [("/api/ask", {"question": "peel"}),
                                        ("/api/feedback", {"question": "peel", "section_id": None, "helpful": True})])
def test_rate_limit_is_429_json_with_retry_after_per_client(make_app, path, body):
    client = make_app(rate_limit="2/minute").test_client()
    assert client.post(path, json=body).status_code in (200, 201)
    assert client.post(path, json=body).status_code in (200, 201)
    r = client.post(path, json=body)
    assert "limit" in assert_error(r, 429)["error"]
    assert int(r.headers["Retry-After"]) > 0
    other = client.post(path, json=body, environ_base={"REMOTE_ADDR": "10.9.8.7"})
    assert other.status_code in (200, 201)  # the limit is per client
    assert client.get("/api/health").status_code == 200  # and only on ask/feedback


@pytest.mark.services
def test_rate_limit_is_shared_through_redis(make_app, redis_url):
    """Two apps (two workers, or two machines) with one redis:// storage share each client's budget."""
    url = redis_url
    pytest.importorskip("redis").Redis.from_url(url).flushdb()
    first = make_app(rate_limit="3/minute", rate_limit_storage=url).test_client()
    second = make_app(rate_limit="3/minute", rate_limit_storage=url).test_client()
    assert [c.post("/api/ask", json={"question": "peel"}).status_code for c in (first, second, first)] == [200] * 3
    assert_error(second.post("/api/ask", json={"question": "peel"}), 429)


VISITORS = ("203.0.113.7", "198.51.100.23")  # two visitors behind one trusted proxy


def _stored_counters(app, storage: str) -> list[str]:
    """Every key and value the rate limits and the sign-in throttle hold, as text."""
    if storage == "memory":
        # This process's counters: flask-limiter's storage and the sign-in throttle's (the `limits` MemoryStorage).
        stores = [app.extensions["faqbot.limiter"].storage, app.extensions["faqbot.signin_throttle"].shared.storage]
        return [f"{k} {v}" for s in stores for k, v in s.storage.items()] + [k for s in stores for k in s.expirations]
    redis = pytest.importorskip("redis").Redis.from_url(storage)
    return [f"{key!r} {redis.dump(key)!r}" for key in redis.scan_iter()]


def _spend_every_limit(client) -> dict[str, list[int]]:
    """Each visitor asks 3 times (limit 2), guesses the admin token on reindex and on sign-in 6 times (limit 5)."""
    seen = {}
    for address in VISITORS:
        fwd = {"X-Forwarded-For": address}
        seen[address] = ([ask(client, "peel", headers=fwd).status_code for _ in range(3)]
                         + [client.post("/api/reindex", headers={**fwd, "Authorization": "Bearer x"}).status_code]
                         + [client.post("/admin/sign-in", json={"token": "x"}, headers=fwd).status_code
                            for _ in range(6)])
    return seen


@pytest.mark.parametrize("storage", ["memory", pytest.param("redis", marks=pytest.mark.services)])
def test_rate_limit_counters_hold_no_address_and_still_count_per_client(make_app, request, storage):
    """The counters are keyed by the keyed hash the question log stores: no address in Redis (or memory), each
    visitor (through the trusted proxy's X-Forwarded-For) still with a budget of its own."""
    if storage == "redis":
        storage = request.getfixturevalue("redis_url")
        pytest.importorskip("redis").Redis.from_url(storage).flushdb()
    app = make_app(rate_limit="2/minute", admin_rate_limit="10/minute", admin_token=TOKEN, proxy_hops=1,
                   rate_limit_storage="memory://" if storage == "memory" else storage)
    seen = _spend_every_limit(app.test_client())
    assert seen == {a: [200, 200, 429, 403] + [403] * 5 + [429] for a in VISITORS}  # limited, each on its own
    stored = _stored_counters(app, storage)
    assert len(stored) >= 2 * 3  # per visitor: ask, reindex guesses, sign-in guesses
    hashes = [app.extensions["faqbot.store"].client_hash(a) for a in VISITORS]
    for address, hashed in zip(VISITORS, hashes):
        assert not [s for s in stored if address in s or address.encode().hex() in s]
        assert sum(hashed in s for s in stored) >= 3
    assert not [s for s in stored if "127.0.0.1" in s]  # nor the proxy's own address


@pytest.mark.services
def test_machines_with_one_salt_file_share_a_visitor_s_redis_budget(tmp_path, redis_url):
    """Two machines (two instance folders) share a visitor's budget when the salt file is copied, as
    docs/security.md tells an operator to; with a salt each, they count it apart."""
    pytest.importorskip("redis").Redis.from_url(redis_url).flushdb()
    machines = []
    for name in ("one", "two", "three"):
        machines.append(small_kb_maker(tmp_path / name))
    first = machines[0](rate_limit="3/minute", rate_limit_storage=redis_url).test_client()
    salt = tmp_path / "one" / "instance" / "faqbot-ip-salt"
    (tmp_path / "two" / "instance").mkdir(parents=True)
    shutil.copy2(salt, tmp_path / "two" / "instance" / "faqbot-ip-salt")
    second = machines[1](rate_limit="3/minute", rate_limit_storage=redis_url).test_client()
    own_salt = machines[2](rate_limit="3/minute", rate_limit_storage=redis_url).test_client()
    assert [ask(c, "peel").status_code for c in (first, second, first, second)] == [200, 200, 200, 429]
    assert ask(own_salt, "peel").status_code == 200  # another salt: another key for the same address


def test_an_unreachable_rate_limit_storage_is_never_a_500(make_app, caplog):
    """Redis down: each process counts in its own memory meanwhile, with one warning line, not a traceback
    per request."""
    pytest.importorskip("redis")
    closed = f"redis://127.0.0.1:{free_port()}/0"  # a port nothing listens on
    client = make_app(rate_limit="3/minute", rate_limit_storage=closed, admin_token=TOKEN).test_client()
    assert [ask(client, "peel").status_code for _ in range(4)] == [200, 200, 200, 429]  # still limited
    assert client.post("/api/feedback", json={"question": "q", "section_id": None, "helpful": True}).status_code == 201
    assert_error(client.post("/api/reindex", headers={"Authorization": "Bearer wrong"}), 403)
    assert client.post("/api/reindex", headers={"Authorization": f"Bearer {TOKEN}"}).status_code == 200
    assert [client.post("/admin/sign-in", json={"token": "guess"}).status_code for _ in range(6)] == [403] * 5 + [429]
    other = client.post("/admin/sign-in", json={"token": TOKEN}, environ_base={"REMOTE_ADDR": "10.9.8.7"})
    assert other.status_code == 200
    warnings = [r for r in caplog.records if r.levelname in ("WARNING", "ERROR")]
    assert len(warnings) == 2 and all("unreachable" in r.getMessage() for r in warnings)  # the API's, the sign-in's
    assert not any(r.exc_info for r in caplog.records)


def test_a_bad_rate_limit_setting_is_named(make_app):
    with pytest.raises(SettingsError, match="FAQBOT_RATE_LIMIT"):
        make_app(rate_limit="lots")


def test_rate_limit_zero_turns_it_off(make_app):
    client = make_app(rate_limit="0").test_client()
    assert all(ask(client, "peel").status_code == 200 for _ in range(40))


def test_unexpected_errors_are_json_500_without_a_traceback(app, monkeypatch):
    def boom(*a, **k):
        raise RuntimeError("secret internal detail")

    monkeypatch.setattr(app.extensions["faqbot"].current().policy, "ask", boom)  # the engine fails inside
    body = assert_error(app.test_client().post("/api/ask", json={"question": "peel"}), 500)
    assert "secret" not in body["error"]


def test_page_errors_stay_html(client):
    r = client.get("/kb/no-such-article")
    assert r.status_code == 404 and r.mimetype == "text/html"


# ---- feedback, sections, health --------------------------------------------------------------

def test_feedback_is_stored(make_app):
    app = make_app()
    client = app.test_client()
    r = client.post("/api/feedback", json={"question": "how long will it peel", "section_id": PEEL, "helpful": True})
    assert r.status_code == 201 and r.get_json()["ok"] is True
    assert client.post("/api/feedback", json={"question": "gift cards?", "section_id": None,
                                              "helpful": False}).status_code == 201
    assert client.post("/api/feedback", json={"question": "parking?", "section_id": " ",
                                              "helpful": False}).status_code == 201
    rows = sqlite3.connect(make_app.db).execute(
        "SELECT question, section_id, helpful FROM faqbot_feedback ORDER BY id").fetchall()
    # An empty section_id is no section, as null is (the report would show two "no section" rows).
    assert rows == [("how long will it peel", PEEL, 1), ("gift cards?", None, 0), ("parking?", None, 0)]


@pytest.mark.parametrize("body, fragment", [
    ({"question": "q", "section_id": PEEL}, "'helpful' is required"),
    ({"question": "q", "section_id": PEEL, "helpful": "yes"}, "true or false"),
    ({"question": "q", "section_id": PEEL, "helpful": 1}, "true or false"),
    ({"question": "q", "section_id": 7, "helpful": True}, "section_id"),
    ({"question": "q", "section_id": "x" * 301, "helpful": True}, "longer than 300"),
    ({"section_id": PEEL, "helpful": True}, "'question' is required"),
])
def test_bad_feedback_is_400(client, body, fragment):
    assert fragment in assert_error(client.post("/api/feedback", json=body), 400)["error"]


def test_sections_lists_every_section(app, client):
    body = client.get("/api/sections").get_json()
    bot = app.extensions["faqbot"]
    assert body["count"] == len(bot.sections()) == len(body["sections"])
    assert [s["section_id"] for s in body["sections"]] == [s.id for s in bot.sections()]
    first = body["sections"][1]
    assert first == {"section_id": PEEL, "heading": "How Long Will My Skin Peel After A Chemical Peel?",
                     "document": "peel-aftercare",
                     "url": "/kb/peel-aftercare#how-long-will-my-skin-peel-after-a-chemical-peel"}


def test_health(client):
    body = client.get("/api/health").get_json()
    assert body["ok"] is True and body["database"] == "ok" and body["pid"] == os.getpid()
    assert set(body["index"]) >= {"version", "built_at", "documents", "sections"}
    assert body["index"]["documents"] == 2 and body["index"]["sections"] == 6


def test_a_dead_database_does_not_stop_answers(make_app, tmp_path, caplog):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the database folder should be")
    client = make_app(database_url=f"sqlite:///{blocker}/faqbot.sqlite3").test_client()
    assert client.get("/api/health").get_json()["database"] == "unavailable"
    assert ask(client, "how long will my skin peel").get_json()["answered"] is True
    assert "question log waiting for the database" in caplog.text
    assert_error(client.post("/api/feedback", json={"question": "q", "section_id": PEEL, "helpful": True}), 503)


def test_questions_are_logged_without_the_address_in_clear(make_app):
    client = make_app().test_client()
    ask(client, "how long will my skin peel", environ_base={"REMOTE_ADDR": "203.0.113.77"})
    ask(client, "capital of france", environ_base={"REMOTE_ADDR": "203.0.113.77"})
    rows = sqlite3.connect(make_app.db).execute(
        "SELECT question, kind, answered, section_id, confidence, client_hash FROM faqbot_questions ORDER BY id"
    ).fetchall()
    assert [(q, k, a, s) for q, k, a, s, _, _ in rows] == [
        ("how long will my skin peel", "answer", 1, PEEL), ("capital of france", "no_answer", 0, None)]
    threshold = Settings().threshold
    assert rows[0][4] >= threshold > rows[1][4]
    assert rows[0][5] == rows[1][5] and len(rows[0][5]) == 32 and "203.0.113" not in rows[0][5]
    for path in make_app.db.parent.glob("faqbot.sqlite3*"):
        assert b"203.0.113.77" not in path.read_bytes()


def test_a_question_sent_again_with_its_idempotency_key_is_logged_once(make_app):
    # The widget's "Try again" after an answer lost on the way back: the first request did reach the server.
    app = make_app()
    client = app.test_client()
    for _ in range(2):
        assert ask(client, "how long will my skin peel", headers={"Idempotency-Key": "q-1"}).status_code == 200
    assert ask(client, "how long will my skin peel", headers={"Idempotency-Key": '"q-1"'}).status_code == 200
    ask(client, "how long will my skin peel", environ_base={"REMOTE_ADDR": "203.0.113.9"},  # from mobile data now
        headers={"Idempotency-Key": "q-1"})
    client.get("/api/ask", query_string={"q": "how long will my skin peel"}, headers={"Idempotency-Key": "q-1"})
    ask(client, "gift cards?", headers={"Idempotency-Key": "q-1"})  # a client reusing a key: another question
    ask(client, "how long will my skin peel", headers={"Idempotency-Key": "q-2"})  # asked again, on purpose
    ask(client, "how long will my skin peel")  # no key: every request is a question
    app.extensions["faqbot.log"].flush()
    rows = sqlite3.connect(make_app.db).execute("SELECT question FROM faqbot_questions ORDER BY id").fetchall()
    assert [q for (q,) in rows] == ["how long will my skin peel", "gift cards?", "how long will my skin peel",
                                    "how long will my skin peel"]


@pytest.mark.parametrize("key", ["", "  ", "a b", "x" * 201, "caf\u00e9", '""'])
def test_a_bad_idempotency_key_is_a_400_naming_it(client, key):
    body = assert_error(ask(client, "how long will my skin peel", headers={"Idempotency-Key": key}), 400)
    assert "'Idempotency-Key' must be" in body["error"]


# ---- reindex -----------------------------------------------------------------------------------

@pytest.mark.parametrize("header, status", [(None, 401), ("Basic abc", 401), ("Bearer ", 401),
                                            ("Bearer wrong-token", 403), (f"Bearer {TOKEN}x", 403)])
def test_reindex_needs_the_token(make_app, header, status):
    client = make_app(admin_token=TOKEN).test_client()
    r = client.post("/api/reindex", headers={"Authorization": header} if header else {})
    assert_error(r, status)
    if status == 401:
        assert r.headers["WWW-Authenticate"].startswith("Bearer")


# 'à' in UTF-8 ends in the byte 0xA0, a space when read as Latin-1 (str.strip() would cut it)
@pytest.mark.parametrize("token", ["tökén-2024", "トークン-2024", "voilà"])
def test_reindex_takes_a_non_ascii_token_as_curl_or_python_sends_it(make_app, token):
    client = make_app(admin_token=token).test_client()

    def reindex(sent: bytes):  # a WSGI server hands the header's bytes over decoded as Latin-1
        return client.post("/api/reindex", environ_overrides={"HTTP_AUTHORIZATION": sent.decode("latin-1")})

    assert reindex(f"Bearer {token}".encode("utf-8")).status_code == 200  # curl, a browser
    if all(ord(c) < 256 for c in token):
        assert reindex(f"Bearer {token}".encode("latin-1")).status_code == 200  # Python's http.client
    assert_error(reindex(f"Bearer {token}x".encode("utf-8")), 403)
    assert_error(reindex(f"Bearer {token[:-1]}".encode("utf-8")), 403)
    assert_error(client.post("/api/reindex", headers={"Authorization": f"Bearer {token}\u20ac"}), 403)
    assert client.post("/admin/sign-in", data={"token": token}).status_code == 303  # as the sign-in form


def test_reindex_takes_no_body_or_a_json_object_whose_fields_are_ignored(make_app):
    client = make_app(admin_token=TOKEN).test_client()
    auth = {"Authorization": f"Bearer {TOKEN}"}
    assert client.post("/api/reindex", headers=auth).status_code == 200
    assert client.post("/api/reindex", headers=auth, data=b"", content_type="text/plain").status_code == 200
    # unknown fields are ignored, as on /api/ask and /api/feedback
    assert client.post("/api/reindex", headers=auth, json={"content_dir": "/elsewhere"}).status_code == 200


@pytest.mark.parametrize("body, content_type, status, says", [
    (b"content_dir=/elsewhere", "application/x-www-form-urlencoded", 415, "takes no body"),
    (b"{not json", "application/json", 400, "not valid JSON"),
    (b"[1, 2]", "application/json", 400, "JSON object"),
    (b"{}" + b" " * 20_000, "application/json", 413, "too large"),
])
def test_a_reindex_body_that_is_not_a_json_object_is_refused_and_nothing_is_rebuilt(make_app, body, content_type,
                                                                                    status, says):
    # Any body was ignored, 2 MB of it or a form asking for another folder, and the index rebuilt all the same.
    client = make_app(admin_token=TOKEN).test_client()
    before = client.get("/api/health").get_json()["index"]
    (make_app.content / "gift-cards.txt").write_text("Gift Cards\n\nDo You Sell Gift Cards?\n\nYes, at the desk.\n")
    r = client.post("/api/reindex", headers={"Authorization": f"Bearer {TOKEN}"}, data=body,
                    content_type=content_type)
    assert says in assert_error(r, status)["error"]
    assert client.get("/api/health").get_json()["index"] == before
    assert_error(client.post("/api/reindex", data=body, content_type=content_type), 401)  # the token comes first
    assert str(status) in client.get("/openapi.json").get_json()["paths"]["/api/reindex"]["post"]["responses"]


def test_reindex_swaps_in_new_content_and_422_keeps_the_old(make_app):
    client = make_app(admin_token=TOKEN).test_client()
    auth = {"Authorization": f"Bearer {TOKEN}"}
    before = client.get("/api/health").get_json()["index"]
    (make_app.content / "gift-cards.txt").write_text(
        "Gift Cards\n\nDo You Sell Gift Cards?\n\nYes, gift cards for any treatment are sold at the front desk.\n")
    r = client.post("/api/reindex", headers=auth)
    assert r.status_code == 200, r.get_data(as_text=True)
    after = r.get_json()["index"]
    assert r.get_json()["ok"] is True and r.get_json()["changed"] is True and after["version"] != before["version"]
    assert r.headers["Faqbot-Index-Version"] == after["version"]  # the old version's, before
    assert after["documents"] == 3 and client.get("/api/health").get_json()["index"] == after
    assert ask(client, "do you sell gift cards?").get_json()["section_id"] == "gift-cards/do-you-sell-gift-cards"

    (make_app.content / "broken.txt").write_text("")
    body = assert_error(client.post("/api/reindex", headers=auth), 422)
    assert "broken.txt" in body["error"]
    assert client.get("/api/health").get_json()["index"]["version"] == after["version"]
    assert ask(client, "do you sell gift cards?").get_json()["answered"] is True


def test_reindex_of_unchanged_content_keeps_the_version_and_the_earlier_ones(make_app):
    """Reindexing content nobody changed (a cron job, a double click, several at once) publishes nothing: every
    kept version was a copy of the current one after 5 of them, and rollback reached no earlier content."""
    import threading

    from bot import artifact

    client = make_app(admin_token=TOKEN).test_client()
    auth = {"Authorization": f"Bearer {TOKEN}"}
    index_dir = Path(client.application.config["FAQBOT_SETTINGS"].index_dir)
    first = client.get("/api/health").get_json()["index"]
    (make_app.content / "gift-cards.txt").write_text("Gift Cards\n\nDo You Sell Gift Cards?\n\nYes, at the desk.\n")
    r = client.post("/api/reindex", headers=auth)
    second = r.get_json()["index"]
    assert r.status_code == 200 and r.get_json()["changed"] is True and second["version"] != first["version"]

    answers = []
    clients = [client.application.test_client() for _ in range(4)]
    threads = [threading.Thread(target=lambda c=c: answers.append(c.post("/api/reindex", headers=auth)))
               for c in clients]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert [a.status_code for a in answers] == [200] * 4
    assert all(a.get_json()["changed"] is False and a.get_json()["index"] == second
               and a.headers["Faqbot-Index-Version"] == second["version"] for a in answers), [a.json for a in answers]
    assert artifact.list_versions(index_dir) == [first["version"], second["version"]]
    assert artifact.rollback(index_dir) == first["version"]  # still the content before the change


def test_reindex_says_what_the_build_warned_of(make_app):
    # `faqbot build` prints its warnings; an editor reindexing through the API saw none of them
    client = make_app(admin_token=TOKEN).test_client()
    auth = {"Authorization": f"Bearer {TOKEN}"}
    r = client.post("/api/reindex", headers=auth)
    assert r.status_code == 200 and r.get_json()["warnings"] == [], r.get_json()
    (make_app.content / ".draft.md").write_text("# Draft\n\n## Do you open late?\n\nOn Fridays.\n")
    r = client.post("/api/reindex", headers=auth)
    assert r.status_code == 200, r.get_data(as_text=True)
    assert r.get_json()["warnings"] == ["skipped .draft.md: hidden"], r.get_json()


def test_a_version_published_by_another_process_is_picked_up(make_app):
    serving = make_app(reload_interval=0.001).test_client()
    other = make_app(admin_token=TOKEN, reload_interval=0.001).test_client()  # "another worker"
    (make_app.content / "gift-cards.txt").write_text("Gift Cards\n\nDo You Sell Gift Cards?\n\nYes, at the desk.\n")
    new = other.post("/api/reindex", headers={"Authorization": f"Bearer {TOKEN}"}).get_json()["index"]
    assert serving.get("/api/health").get_json()["index"]["version"] == new["version"]


# ---- CORS and security headers ---------------------------------------------------------------

SHOP = "https://clinic.example"


def test_cors_only_for_configured_origins(make_app):
    client = make_app(cors_origins=f"{SHOP}, https://other.example/").test_client()
    r = ask(client, "peel", headers={"Origin": SHOP})
    assert r.headers["Access-Control-Allow-Origin"] == SHOP and "Origin" in r.headers["Vary"]
    assert client.get("/api/health", headers={"Origin": "https://other.example"}).headers[
        "Access-Control-Allow-Origin"] == "https://other.example"
    refused = client.post("/api/ask", json={"question": "peel"}, headers={"Origin": "https://evil.example"})
    assert "Access-Control-Allow-Origin" not in refused.headers
    assert "Access-Control-Allow-Origin" not in client.get("/", headers={"Origin": SHOP}).headers
    assert "Access-Control-Allow-Origin" not in ask(client, "peel").headers  # no Origin: not a CORS request


def test_cors_preflight(make_app):
    client = make_app(cors_origins=SHOP, rate_limit="1/minute").test_client()
    pre = {"Origin": SHOP, "Access-Control-Request-Method": "POST",
           "Access-Control-Request-Headers": "content-type,idempotency-key"}
    for _ in range(3):  # preflights don't count against the rate limit
        r = client.options("/api/ask", headers=pre)
        assert r.status_code == 200
        # JSON, as every answer under /api/ (it was an empty body labelled text/html)
        assert r.mimetype == "application/json" and r.get_json()["ok"] is True
        assert set(r.get_json()["allow"]) == {m.strip() for m in r.headers["Allow"].split(",")} >= {"GET", "POST"}
        assert r.headers["Access-Control-Allow-Origin"] == SHOP
        assert "POST" in r.headers["Access-Control-Allow-Methods"]
        allowed = {h.strip() for h in r.headers["Access-Control-Allow-Headers"].lower().split(",")}
        assert {"content-type", "idempotency-key"} <= allowed  # the widget's key for a retried question
    assert client.post("/api/ask", json={"question": "peel"}, headers={"Origin": SHOP}).status_code == 200
    bad = client.options("/api/ask", headers={**pre, "Origin": "https://evil.example"})
    assert "Access-Control-Allow-Origin" not in bad.headers



@pytest.mark.parametrize("path", ["/api/feedback", "/api/ask", "/api/health", "/api/reindex"])
def test_cors_preflight_allows_the_methods_of_its_route(make_app, path):
    # Access-Control-Allow-Methods was "GET, POST, OPTIONS" on every route: a POST to /api/health or a GET of
    # /api/feedback passed the preflight, then met a 405.
    client = make_app(cors_origins=SHOP, admin_token="t" * 32).test_client()
    r = client.options(path, headers={"Origin": SHOP, "Access-Control-Request-Method": "POST"})
    assert r.status_code == 200
    assert r.headers["Access-Control-Allow-Methods"] == r.headers["Allow"] == ", ".join(r.get_json()["allow"])
    assert r.get_json()["allow"] == sorted(r.get_json()["allow"])
    assert ("GET" in r.get_json()["allow"]) == (path in ("/api/ask", "/api/health"))


def test_cors_exposes_every_rate_limit_header_a_response_carries(make_app):
    client = make_app(cors_origins=SHOP, rate_limit="1/minute").test_client()
    for r in (ask(client, "peel", headers={"Origin": SHOP}), ask(client, "peel", headers={"Origin": SHOP})):
        sent = {h.lower() for h in r.headers.keys() if h.lower().startswith(("x-ratelimit-", "retry-after"))}
        exposed = {h.strip().lower() for h in r.headers["Access-Control-Expose-Headers"].split(",")}
        assert sent and sent <= exposed, (r.status_code, sent - exposed)  # X-RateLimit-Reset was left out


def test_cors_star(make_app):
    client = make_app(cors_origins="*").test_client()
    assert ask(client, "peel", headers={"Origin": "https://anyone.example"}).headers[
        "Access-Control-Allow-Origin"] == "*"


def test_cors_origins_match_as_browsers_send_them(make_app):
    # A browser's Origin is lower case, without the default port: an origin written with capitals or with :443
    # in FAQBOT_CORS_ORIGINS is the same origin, and must not leave the widget refused with no word why.
    client = make_app(cors_origins="https://Clinic.Example:443/, http://LocalHost:3000").test_client()
    for origin in ("https://clinic.example", "http://localhost:3000"):
        r = ask(client, "peel", headers={"Origin": origin})
        assert r.headers.get("Access-Control-Allow-Origin") == origin, origin  # echoed as the browser sent it
    for other in ("http://clinic.example", "https://clinic.example:8443", "http://localhost:3001"):
        assert "Access-Control-Allow-Origin" not in ask(client, "peel", headers={"Origin": other}).headers, other


def test_an_origin_written_in_unicode_matches_the_punycode_a_browser_sends(make_app):
    # A browser sends an internationalized host as its ASCII form: https://bücher.example in FAQBOT_CORS_ORIGINS
    # matched no page, and the widget there could only say it cannot reach the answers.
    client = make_app(cors_origins="https://Bücher.example, https://клиника.example:8443").test_client()
    for origin in ("https://xn--bcher-kva.example", "https://xn--80apagcdp.example:8443"):
        r = ask(client, "peel", headers={"Origin": origin})
        assert r.headers.get("Access-Control-Allow-Origin") == origin, origin


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


def parse(html: str) -> _Tags:
    p = _Tags()
    p.feed(html)
    return p


@pytest.mark.parametrize("path", ["/", "/kb/", "/kb/peel-aftercare"])
def test_pages_have_security_headers_and_no_inline_script(make_app, path):
    client = make_app(frame_ancestors="'self' https://clinic.example").test_client()
    r = client.get(path)
    assert r.status_code == 200
    csp = dict(d.strip().split(" ", 1) for d in r.headers["Content-Security-Policy"].split(";"))
    assert csp["script-src"] == "'self'" and "unsafe-inline" not in r.headers["Content-Security-Policy"]
    assert csp["frame-ancestors"] == "'self' https://clinic.example"
    assert r.headers["X-Content-Type-Options"] == "nosniff"
    assert r.headers["Referrer-Policy"]
    tags = parse(r.get_data(as_text=True)).tags
    assert all(attrs.get("src") for tag, attrs in tags if tag == "script")
    assert not any(name.startswith("on") for _, attrs in tags for name in attrs)
    assert not any("style" in attrs for _, attrs in tags) and "style" not in [t for t, _ in tags]


def test_demo_page_embeds_the_widget_like_a_third_party(app, client):
    html = client.get("/").get_data(as_text=True)
    assert '<script src="/static/faqbot-widget.js" defer></script>' in html
    tags = dict(parse(html).tags)
    assert tags["faqbot-chat"]["api"] == ""
    assert tags["faqbot-chat"]["disclaimer"] == app.config["FAQBOT_SETTINGS"].disclaimer
    assert client.get("/static/faqbot-widget.js").status_code == 200
    assert client.get("/static/faqbot-widget.css").status_code == 200


def test_kb_page_has_an_anchor_per_section_lists_and_escaped_text(app, client):
    html = client.get("/kb/peel-aftercare").get_data(as_text=True)
    tags = parse(html).tags
    ids = {attrs.get("id") for _, attrs in tags}
    for section in app.extensions["faqbot"].sections():
        if section.document == "peel-aftercare":
            assert section.anchor in ids and section.heading in html
    assert '<li dir="auto">Saunas, hot yoga and very hot showers.</li>' in html
    assert "•" not in html
    safety = client.get("/kb/widget-safety").get_data(as_text=True)
    assert "&lt;img src=x onerror=window.__xss=1&gt;" in safety and "<img" not in safety


def test_every_source_url_resolves_to_its_anchor(client):
    for s in client.get("/api/sections").get_json()["sections"]:
        path, anchor = s["url"].split("#")
        page = client.get(path)
        assert page.status_code == 200 and f'id="{anchor}"' in page.get_data(as_text=True)


def test_a_section_anchor_names_only_its_section(tmp_path):
    # A section headed "Main" had the anchor of the page's <main id="main">, and "Plan H" the id of the
    # heading of "Plan": the link landed on the first element with that id, not on the section.
    content = tmp_path / "content"
    content.mkdir()
    (content / "menu.md").write_text("# Menu\n\n## Starters\n\nSoup.\n\n## Main\n\nFish or pie.\n\n"
                                     "## Plan\n\nBook ahead.\n\n## Plan H\n\nThe group plan.\n", encoding="utf-8")
    client = built_app(Settings(content_dir=str(content), index_dir=str(tmp_path / "index"),
                                database_url=f"sqlite:///{tmp_path}/db.sqlite3", rate_limit="0")).test_client()
    sections = client.get("/api/sections").get_json()["sections"]
    assert [s["url"] for s in sections] == ["/kb/menu#starters", "/kb/menu#main", "/kb/menu#plan", "/kb/menu#plan-h"]
    tags = parse(client.get("/kb/menu").get_data(as_text=True)).tags
    ids = [attrs["id"] for _, attrs in tags if "id" in attrs]
    assert len(ids) == len(set(ids)), ids
    for s in sections:
        tag, attrs = next((tag, attrs) for tag, attrs in tags if attrs.get("id") == s["url"].split("#")[1])
        assert tag == "section" and attrs["class"] == "kb-section"


def test_real_knowledge_base_serves(tmp_path):
    root = Path(__file__).resolve().parent.parent
    app = built_app(Settings(content_dir=str(root / "knowledge"), index_dir=str(tmp_path / "index"),
                              database_url=f"sqlite:///{tmp_path}/db.sqlite3", rate_limit="0"))
    client = app.test_client()
    a = client.get("/api/ask", query_string={"q": "how long will my face stay red?"}).get_json()
    assert a["answered"] and a["source"]["url"].startswith("/kb/microneedling-redness#")
    page = client.get(a["source"]["url"].split("#")[0])
    assert page.status_code == 200 and f'id="{a["source"]["url"].split("#")[1]}"' in page.get_data(as_text=True)


# ---- OpenAPI: the document describes the responses the app really gives ------------------------

def validate(instance, schema, root, where="$"):
    """A small JSON Schema checker for the keywords web/openapi.py uses; raises AssertionError with a path."""
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[1]
        return validate(instance, root["components"]["schemas"][name], root, where)
    if "anyOf" in schema:
        errors = []
        for option in schema["anyOf"]:
            try:
                return validate(instance, option, root, where)
            except AssertionError as e:
                errors.append(str(e))
        raise AssertionError(f"{where}: matches no anyOf option: {errors}")
    if "const" in schema:
        assert instance == schema["const"] and type(instance) is type(schema["const"]), f"{where}: != const"
    if "enum" in schema:
        assert instance in schema["enum"], f"{where}: {instance!r} not in {schema['enum']}"
    kind = schema.get("type")
    if kind is not None:
        checks = {"object": lambda v: isinstance(v, dict), "array": lambda v: isinstance(v, list),
                  "string": lambda v: isinstance(v, str), "boolean": lambda v: isinstance(v, bool),
                  "null": lambda v: v is None,
                  "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
                  "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool)}
        assert checks[kind](instance), f"{where}: expected {kind}, got {instance!r}"
    if isinstance(instance, (int, float)) and not isinstance(instance, bool):
        assert instance >= schema.get("minimum", float("-inf")), f"{where}: below minimum"
        assert instance <= schema.get("maximum", float("inf")), f"{where}: above maximum"
    if isinstance(instance, str):
        assert schema.get("minLength", 0) <= len(instance) <= schema.get("maxLength", 10**9), f"{where}: length"
    if isinstance(instance, dict):
        for name in schema.get("required", []):
            assert name in instance, f"{where}: missing {name!r}"
        props = schema.get("properties", {})
        for name, value in instance.items():
            if name in props:
                validate(value, props[name], root, f"{where}.{name}")
            else:
                assert schema.get("additionalProperties", True) is not False, f"{where}: unexpected {name!r}"
    if isinstance(instance, list) and "items" in schema:
        for i, item in enumerate(instance):
            validate(item, schema["items"], root, f"{where}[{i}]")


def check(doc, method, path, response):
    """The response's status is documented for the operation and its body matches that schema."""
    op = doc["paths"][path][method.lower()]
    documented = op["responses"].get(str(response.status_code))
    assert documented, f"{method} {path}: status {response.status_code} is not documented"
    validate(response.get_json(), documented["content"]["application/json"]["schema"], doc,
             f"{method} {path} {response.status_code}")


def test_openapi_document_is_served_and_lists_every_api_route(app, client):
    doc = client.get("/openapi.json").get_json()
    assert doc == json.loads(json.dumps(spec(app.config["FAQBOT_SETTINGS"])))
    assert doc["openapi"].startswith("3.")
    routes = {(rule.rule, m.lower()) for rule in app.url_map.iter_rules() if rule.rule.startswith("/api/")
              for m in rule.methods - {"HEAD", "OPTIONS"}}
    documented = {(p, m) for p, ops in doc["paths"].items() for m in ops}
    assert routes == documented
    # Each operation's 503 says what it means there, not what it means for another.
    unavailable = {p: ops[m]["responses"]["503"]["description"] for p, ops in doc["paths"].items() for m in ops
                   if "503" in ops[m]["responses"]}
    assert set(unavailable) == {"/api/feedback", "/api/ready", "/api/reindex"}
    assert "database" in unavailable["/api/feedback"] and "index" not in unavailable["/api/feedback"]
    assert "index folder" in unavailable["/api/reindex"] and "database" not in unavailable["/api/reindex"]
    assert "Not ready" in unavailable["/api/ready"]


def test_real_responses_match_the_openapi_schemas(make_app):
    app = make_app(admin_token=TOKEN, rate_limit="3/minute")
    client = app.test_client()
    doc = client.get("/openapi.json").get_json()
    auth = {"Authorization": f"Bearer {TOKEN}"}
    check(doc, "POST", "/api/ask", ask(client, "how long will my skin peel"))
    check(doc, "POST", "/api/ask", ask(client, "what is the capital of france", top_k=5, explain=True))
    check(doc, "POST", "/api/ask", ask(client, "thanks!"))
    check(doc, "GET", "/api/ask", client.get("/api/ask?q=what+should+I+avoid"))
    check(doc, "GET", "/api/ask", client.get("/api/ask?q="))
    check(doc, "POST", "/api/ask", client.post("/api/ask", json={"question": 5}))
    check(doc, "POST", "/api/ask", client.post("/api/ask", json={"question": "x" * 20_000}))
    check(doc, "POST", "/api/ask", client.post("/api/ask", data="q", content_type="text/plain"))
    check(doc, "POST", "/api/ask", ask(client, "peel", environ_base={"REMOTE_ADDR": "10.0.0.1"}))
    for _ in range(3):
        r = ask(client, "peel", environ_base={"REMOTE_ADDR": "10.0.0.2"})
    assert r.status_code == 200
    r = ask(client, "peel", environ_base={"REMOTE_ADDR": "10.0.0.2"})
    assert r.status_code == 429 and "Retry-After" in doc["paths"]["/api/ask"]["post"]["responses"]["429"]["headers"]
    check(doc, "POST", "/api/ask", r)
    check(doc, "POST", "/api/feedback", client.post("/api/feedback", json={"question": "q", "section_id": PEEL,
                                                                           "helpful": False}))
    check(doc, "POST", "/api/feedback", client.post("/api/feedback", json={"question": "q"}))
    check(doc, "GET", "/api/sections", client.get("/api/sections"))
    check(doc, "GET", "/api/health", client.get("/api/health"))
    check(doc, "POST", "/api/reindex", client.post("/api/reindex", headers=auth))
    check(doc, "POST", "/api/reindex", client.post("/api/reindex"))
    check(doc, "POST", "/api/reindex", client.post("/api/reindex", headers={"Authorization": "Bearer nope"}))
    no_token = make_app().test_client()
    check(doc, "POST", "/api/reindex", no_token.post("/api/reindex"))
    (make_app.content / "empty.txt").write_text("")
    check(doc, "POST", "/api/reindex", client.post("/api/reindex", headers=auth))


def test_the_validator_catches_mismatches():
    doc = spec(Settings())
    answer = {"$ref": "#/components/schemas/Answer"}
    with pytest.raises(AssertionError, match="missing 'suggestions'"):
        validate({"ok": True, "question": "q", "answered": True, "kind": "answer", "answer": "a",
                  "full_answer": None, "heading": None, "section_id": None, "confidence": 0.5, "source": None},
                 answer, doc)
    with pytest.raises(AssertionError, match="kind"):
        validate({"ok": True, "question": "q", "answered": True, "kind": "joke", "answer": "a", "full_answer": None,
                  "heading": None, "section_id": None, "confidence": 0.5, "source": None, "suggestions": []},
                 answer, doc)
    with pytest.raises(AssertionError, match="unexpected 'trace'"):
        validate({"ok": False, "error": "e", "status": 400, "trace": "..."}, {"$ref": "#/components/schemas/Error"},
                 doc)


# ---- `faqbot serve`: gunicorn workers, each with its own Bot, stopped gracefully ------------------

def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.parametrize("workers, sig", [(2, "SIGTERM"), (1, "SIGINT")])
def test_serve_runs_workers_and_stops_gracefully(tmp_path, workers, sig):
    import signal
    import subprocess
    import sys
    import time
    import urllib.request

    port = _free_port()
    env = {**os.environ, "FAQBOT_PORT": str(port), "FAQBOT_WORKERS": str(workers),
           "FAQBOT_CONTENT_DIR": str(KB_SMALL), "FAQBOT_INDEX_DIR": str(tmp_path / "index"),
           "FAQBOT_DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite3", "FAQBOT_RATE_LIMIT": "0"}
    proc = subprocess.Popen([sys.executable, "-m", "web.server"], env=env, cwd=tmp_path,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        pids, deadline = set(), time.monotonic() + 30
        while time.monotonic() < deadline and len(pids) < workers:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/health", timeout=2) as r:
                    body = json.load(r)
                pids.add(body["pid"])
                assert body["database"] == "ok"
            except OSError:
                time.sleep(0.1)
        assert len(pids) == workers and proc.pid not in pids  # answered by workers, not the arbiter
        proc.send_signal(getattr(signal, sig))
        assert proc.wait(timeout=40) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
    log = proc.stdout.read()
    assert "Traceback" not in log and "Shutting down" in log


def test_liveness_and_readiness(make_app, tmp_path):
    client = make_app().test_client()
    assert client.get("/api/live").status_code == 200
    ready = client.get("/api/ready")
    assert ready.status_code == 200 and ready.get_json()["database"] == "ok"
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the database folder should be")
    down = make_app(database_url=f"sqlite:///{blocker}/faqbot.sqlite3").test_client()
    assert down.get("/api/live").status_code == 200
    assert_error(down.get("/api/ready"), 503)
    assert "database" in down.get("/api/ready").get_json()["error"]


def test_metrics_count_a_retried_question_as_a_repeat(make_app):
    """The same question with the same Idempotency-Key (the widget's Try again after the answer was lost) is
    answered and in faqbot_questions_total each time, but logged once: faqbot_questions_repeated_total says how
    many were retries. Before, nothing in /metrics told the retry from a second visitor's question."""
    app = make_app()
    client = app.test_client()

    def scrape() -> str:
        app.extensions["faqbot.log"].flush()
        return client.get("/metrics").get_data(as_text=True)

    def value(text: str, name: str) -> float:
        return sum(float(line.rsplit(" ", 1)[1]) for line in text.splitlines() if line.startswith(name))

    before = scrape()
    retry = {"Idempotency-Key": "6f1c0a9e2b7d4c3e"}
    for _ in range(3):  # asked, then tried again twice
        assert ask(client, "how long will my skin peel", headers=retry).status_code == 200
    ask(client, "how long will my skin peel", headers={"Idempotency-Key": "another-visitor"})
    ask(client, "how long will my skin peel")  # no key: never a repeat
    after = scrape()
    assert value(after, "faqbot_questions_total") == value(before, "faqbot_questions_total") + 5
    assert value(after, "faqbot_questions_repeated_total") == value(before, "faqbot_questions_repeated_total") + 2


def test_metrics_count_questions_by_kind(make_app):
    client = make_app().test_client()
    before = client.get("/metrics").get_data(as_text=True)
    ask(client, "how long will my skin peel")
    ask(client, "what is the capital of peru")
    after = client.get("/metrics")
    assert after.status_code == 200 and after.mimetype == "text/plain"

    def value(text: str, name: str) -> float:
        return sum(float(line.rsplit(" ", 1)[1]) for line in text.splitlines() if line.startswith(name))

    text = after.get_data(as_text=True)
    assert value(text, 'faqbot_questions_total{kind="answer"}') == value(before, 'faqbot_questions_total{kind="answer"}') + 1
    assert value(text, "faqbot_refusals_total") == value(before, "faqbot_refusals_total") + 1
    assert value(text, "faqbot_ask_seconds_count") == value(before, "faqbot_ask_seconds_count") + 2
    # Asked again word for word: answered from the cache, and counted as such.
    ask(client, "how long will my skin peel")
    again = client.get("/metrics").get_data(as_text=True)
    assert value(again, "faqbot_answer_cache_hits_total") == value(text, "faqbot_answer_cache_hits_total") + 1
    assert value(again, 'faqbot_questions_total{kind="answer"}') == value(text, 'faqbot_questions_total{kind="answer"}') + 1
