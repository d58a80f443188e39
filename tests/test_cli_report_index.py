"""`faqbot report --index DIR`: the index whose synonyms and moved sections the report follows, as the other
commands name it (before: only FAQBOT_INDEX_DIR chose it; the option was an unrecognized argument)."""

from __future__ import annotations

import json

from bot.build import build
from bot.cli import main
from bot.model import Answer
from bot.store import Store


def _unanswered(store: Store, text: str) -> None:
    store.log_question(Answer(question=text, answered=False, kind="no_answer", answer="...", confidence=0.1))


def test_report_reads_the_synonyms_of_the_index_named_by_the_option(tmp_path, monkeypatch, capsys):
    # "how much is a session" and "appointment prices" share no word: only this knowledge base's synonym group
    # (session = appointment), read from the index given with --index, puts them in one topic
    content = tmp_path / "content"
    content.mkdir()
    (content / "faq.csv").write_text("question,answer\nWhere are you?,On Mill Road.\n", encoding="utf-8")
    (content / "faq.synonyms").write_text("session, appointment, visit\n", encoding="utf-8")
    build(content, tmp_path / "index")
    url = f"sqlite:///{tmp_path}/faqbot.sqlite3"
    store = Store(url, salt=b"s" * 32)
    for text in ("how much is a session", "appointment prices", "what is the capital of france"):
        _unanswered(store, text)
    monkeypatch.setenv("FAQBOT_DATABASE_URL", url)
    monkeypatch.setenv("FAQBOT_INDEX_DIR", str(tmp_path / "no-index"))  # the option overrides the variable
    assert main(["report", "--json", "--index", str(tmp_path / "index")]) == 0
    groups = json.loads(capsys.readouterr().out)["top_unanswered"]
    assert sorted(p["question"] for p in groups[0]["phrasings"]) == ["appointment prices", "how much is a session"]
    assert main(["report", "--json"]) == 0  # the variable's folder has no index: everyday synonyms alone, apart
    assert len(json.loads(capsys.readouterr().out)["top_unanswered"]) == 3


def test_an_empty_index_option_is_named_as_typed(capsys):
    assert main(["report", "--index", ""]) == 1
    assert capsys.readouterr().err.strip() == "faqbot: error: --index: must not be empty"
