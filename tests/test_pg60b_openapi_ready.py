"""/openapi.json says what GET /api/ready's 503 now says: which of the two it is, and for the log database the kind of
failure in fixed words (Store.problem). It said only "the log database does not answer", for a wrong password or a
database file that cannot be made as well. /api/health keeps its two values ("ok", "unavailable": the contract's),
and its description says where the kind is told. Checked against a real app whose SQLite file cannot be made."""

from __future__ import annotations

from _app import small_kb_maker
from bot.store import FAILURE_KINDS

FOR_THE_DATABASE = "not ready: the question log database cannot be used: "


def test_the_openapi_document_names_the_kind_of_failure_ready_says(tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the database folder should be")
    client = small_kb_maker(tmp_path)(database_url=f"sqlite:///{blocker}/faqbot.sqlite3").test_client()
    said = client.get("/api/ready").get_json()["error"]
    health = client.get("/api/health").get_json()
    doc = client.get("/openapi.json").get_json()

    described = doc["paths"]["/api/ready"]["get"]["responses"]["503"]["description"]
    assert said.startswith(FOR_THE_DATABASE), said
    kind = said.removeprefix(FOR_THE_DATABASE)
    assert kind == "database file cannot be opened" and kind in FAILURE_KINDS, said
    assert f'"{FOR_THE_DATABASE}"' in described and f'"{kind}"' in described, described
    assert all(f'"{each}"' in described for each in FAILURE_KINDS), described
    assert '"not ready: no index is loaded yet"' in described, described
    assert "Retry-After" in doc["paths"]["/api/ready"]["get"]["responses"]["503"]["headers"]

    database = doc["components"]["schemas"]["Health"]["properties"]["database"]
    assert health["database"] == "unavailable" and database["enum"] == ["ok", "unavailable"]  # unchanged
    assert "/api/ready" in database["description"], database
