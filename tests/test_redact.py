"""Contact details and card numbers visitors type are masked in what is stored (bot/redact.py); the question is
still answered as typed, and what is not personal (prices, times, years, dates) is stored as typed."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.redact import mask

from _app import app_maker

KB_SMALL = Path(__file__).resolve().parent / "data" / "kb-small"
PEEL = "peel-aftercare/how-long-will-my-skin-peel-after-a-chemical-peel"

MASKED = [
    ("email me at jane.doe+clinic@example.co.uk please", "email me at [email] please"),
    ("JANE_DOE@Example.com?", "[email]?"),
    ("my number is 07700 900123.", "my number is [phone]."),
    ("call +44 7700 900123 or +44 (0)20 7946 0958", "call [phone] or [phone]"),
    ("(555) 123-4567, 555-123-4567, 555.123.4567, 5551234567", "[phone], [phone], [phone], [phone]"),
    ("tel:07700900123", "tel:[phone]"),
    ("0044 20 7946 0958", "[phone]"),  # 14 digits, but no card number (fails the Luhn check)
    ("card 4111 1111 1111 1111 exp 12/27", "card [card] exp 12/27"),
    ("4111-1111-1111-1111", "[card]"),
    ("4111111111111112 was charged twice", "[card] was charged twice"),  # a typo: still 16 digits
    ("amex 378282246310005", "amex [card]"),  # 15 digits, passes the Luhn check
    ("account 12345678901234567890123", "account [number]"),
    ("4541-3374-7868-1012 07700 900123", "[number]"),  # one run: never half of the card number left
    ("4848 4156 4486 8604 555.123.4567", "[number]"),
    ("07700 900123 10.30am, ref12345678901", "[phone]am, ref[phone]"),  # whole runs, a letter after or not
    ("nhs 485 777 3456", "nhs [phone]"),
    ("[email] [phone] [card]", "[email] [phone] [card]"),  # masking twice changes nothing
]

KEPT = [
    "is it £45 or £1,250 or £1 500 or $2,000,000,000?",
    "can I come at 5:45 or 10.30am on 12/05/2026?",
    "2026-05-12 10:30 or 12.05.2026 10.30",
    "3 bed, SW1A 1AA, 90210 or 90210-1234",
    "between 2024 and 2026, 2 x 45 min, 0.5 ml, 7 days, 1,000,000,000 views",
    "I'm on isotretinoin, can I have microneedling? born 01/02/1990",
    "call 555-1234, order 12345678",
    "follow us @lumenclinic",
]


@pytest.mark.parametrize("typed, stored", MASKED)
def test_contact_details_and_card_numbers_are_masked(typed, stored):
    assert mask(typed) == stored


@pytest.mark.parametrize("typed", KEPT)
def test_what_is_not_personal_is_kept(typed):
    assert mask(typed) == typed


@pytest.fixture
def make_app(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(KB_SMALL, content)
    return app_maker(content, tmp_path)


def test_the_question_is_answered_as_typed_and_stored_masked(make_app):
    app = make_app()
    client = app.test_client()
    typed = ["how long will my skin peel? jane@example.com", "how long will my skin peel? +44 7700 900123",
             "my card 4111 1111 1111 1111 was charged twice"]
    for question in typed[:2]:
        body = client.post("/api/ask", json={"question": question}).get_json()
        assert body["answered"] and body["section_id"] == PEEL and body["question"] == question
    assert client.get("/api/ask", query_string={"q": typed[2]}).get_json()["question"] == typed[2]
    response = client.post("/api/feedback", json={"question": typed[0], "section_id": PEEL, "helpful": True})
    assert response.status_code == 201
    store = app.extensions["faqbot.store"]
    assert [q.question for q in store.questions()] == [
        "how long will my skin peel? [email]", "how long will my skin peel? [phone]",
        "my card [card] was charged twice"]
    assert [f.question for f in store.feedback()] == ["how long will my skin peel? [email]"]
    raw = b"".join(p.read_bytes() for p in make_app.db.parent.glob("faqbot.sqlite3*"))
    for secret in (b"jane@example.com", b"900123", b"4111"):
        assert secret not in raw
