"""A message with no word faqbot reads (it reads Latin letters and digits): letters of another script are told that
it reads English, emoji and punctuation that it found no question; both get the knowledge base's first topics, where
a bare "Sorry, I don't have an answer to that." left the visitor nothing to try. Real app factory, real index."""

from __future__ import annotations

import pytest

from _app import built_app
from bot.answer import UNREAD_NO_WORDS, UNREAD_SCRIPT, no_answer_text
from bot.settings import Settings


@pytest.fixture
def client(tmp_path, article_index):
    return built_app(Settings(index_dir=str(article_index), database_url=f"sqlite:///{tmp_path}/db.sqlite3",
                              rate_limit="0")).test_client()


@pytest.mark.parametrize("question, sorry", [
    ("привет, сколько стоит?", UNREAD_SCRIPT), ("営業時間は？", UNREAD_SCRIPT), ("مرحبا", UNREAD_SCRIPT),
    ("👍👍", UNREAD_NO_WORDS), ("?", UNREAD_NO_WORDS), ("...", UNREAD_NO_WORDS), ("🙂 ?!", UNREAD_NO_WORDS),
])
def test_a_message_with_no_word_read_says_why_and_offers_the_first_topics(client, question, sorry):
    r = client.post("/api/ask", json={"question": question, "top_k": 2})
    d = r.get_json()
    assert r.status_code == 200 and d["kind"] == "no_answer" and d["answered"] is False
    assert d["answer"] == no_answer_text(True, "", sorry) == f"{sorry} Maybe one of these topics helps?"
    sections = client.get("/api/sections").get_json()["sections"]
    first = [s["section_id"] for s in sections if s["heading"].endswith("?")][:2]
    assert [s["section_id"] for s in d["suggestions"]] == first
    assert d["question"] == question


def test_latin_letters_with_accents_are_read_as_words(client):
    d = client.post("/api/ask", json={"question": "rédness àfter microneedling, how lóng?"}).get_json()
    assert d["kind"] == "answer"
    d = client.post("/api/ask", json={"question": "qué es"}).get_json()
    assert not d["answer"].startswith(UNREAD_SCRIPT)
