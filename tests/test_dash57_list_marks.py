"""A list mark typed or pasted before a phrasing ("- ", "* ", "1. ", "2) ", "\u2022") is not saved as part of it by
"Add as alternate": the alternates file, the edit and the dashboard's handled groups hold the phrasing alone."""

from __future__ import annotations

from bot.editing import FILE_NAME
from test_admin import make_app, sign_in  # noqa: F401 (make_app: a fixture)

AFTERCARE = "microneedling-redness/what-is-the-aftercare-process-for-microneedling"


def attach(client, csrf, phrasings):
    return client.post("/admin/alternates", json={"section_id": AFTERCARE, "phrasings": phrasings},
                       headers={"X-CSRF-Token": csrf})


def block(make_app) -> list[str]:
    text = (make_app.content / FILE_NAME).read_text(encoding="utf-8")
    return text.split(f"[{AFTERCARE}]\n")[1].split("\n\n")[0].splitlines()


def test_list_marks_at_the_start_are_not_saved(make_app):
    client = make_app().test_client()
    csrf = sign_in(client)
    r = attach(client, csrf, ["- can I go swimming after microneedling", "* is the sauna ok after microneedling",
                              "1. can I wear makeup after microneedling", "12) can I exercise after microneedling",
                              "\u2022can I drink alcohol after microneedling",
                              "  \u2022 can I fly after microneedling"])
    assert r.status_code == 200, r.get_data(as_text=True)
    said = ["can I go swimming after microneedling", "is the sauna ok after microneedling",
            "can I wear makeup after microneedling", "can I exercise after microneedling",
            "can I drink alcohol after microneedling", "can I fly after microneedling"]
    assert r.get_json()["edit"]["phrasings"] == said
    assert block(make_app) == said


def test_only_list_marks_are_taken_off(make_app):
    client = make_app().test_client()
    csrf = sign_in(client)
    kept = ["-5 degrees outside: can I come after microneedling", "2.5 hours after microneedling, can I swim",
            "can I swim - after microneedling", "1.can I sunbathe after microneedling"]
    r = attach(client, csrf, kept)
    assert r.status_code == 200, r.get_data(as_text=True)
    assert block(make_app) == kept
    # a mark with nothing after it is an empty phrasing, and a line break after one is still one line too many
    for bad, said in (["- "], "must not be empty"), (["-\ncan I swim"], "line break"):
        r = attach(client, csrf, bad)
        assert r.status_code == 400 and said in r.get_json()["error"], r.get_json()


def test_a_visitors_question_with_a_number_before_it_is_handled_once_added(make_app):
    client = make_app().test_client()
    asked = "1. can I go in the hot tub after microneedling"
    assert client.post("/api/ask", json={"question": asked}).status_code == 200
    csrf = sign_in(client)
    group = next(g for g in client.get("/admin/summary").get_json()["groups"] if g["question"] == asked)
    r = attach(client, csrf, [p["question"] for p in group["phrasings"]])  # as the page's ticked checkboxes send it
    assert r.status_code == 200, r.get_data(as_text=True)
    assert block(make_app) == ["can I go in the hot tub after microneedling"]
    data = client.get("/admin/summary").get_json()
    assert all(g["question"] != asked for g in data["groups"])  # not open again as if no one had added it
    assert [g["question"] for g in data["handled"]] == [asked]
