"""FAQBOT_NO_ANSWER_CONTACT is declared and checked like the other settings: empty by default, stripped, one line of
at most 200 characters without control characters, each refusal one line naming the variable (or the field, for a
value given in code)."""

from __future__ import annotations

import pytest

from bot.settings import SETTINGS, Settings, SettingsError, markdown_table

CONTACT = "Call us on 020 7946 0000 or email hello@clinic.example."


def test_it_is_a_documented_setting_empty_by_default():
    assert Settings().no_answer_contact == ""
    assert Settings.from_env({}).no_answer_contact == ""
    declared = {s.env: s for s in SETTINGS}["FAQBOT_NO_ANSWER_CONTACT"]
    assert declared.default == "" and declared.type is str
    assert "| `FAQBOT_NO_ANSWER_CONTACT` | `` |" in markdown_table()


@pytest.mark.parametrize("raw", [CONTACT, f"  {CONTACT}  ", f"{CONTACT}\n", f"\t{CONTACT}\r\n",
                                 "Téléphonez au 01 23 45 67 89 📞", "x" * 200, "", "   "])
def test_a_single_line_is_kept_without_the_spaces_around_it(raw):
    assert Settings.from_env({"FAQBOT_NO_ANSWER_CONTACT": raw}).no_answer_contact == raw.strip()
    assert Settings(no_answer_contact=raw).no_answer_contact == raw.strip()


@pytest.mark.parametrize("raw, says", [
    ("Call us.\nOr email us.", "(found a line break, '\\n')"),
    ("Call us.\rOr email us.", "(found a line break, '\\r')"),
    ("Call us.\u2029Or email us.", "(found a line break, '\\u2029')"),
    ("Call us.\x85Or email us.", "(found a line break, '\\x85')"),
    ("Call us.\x00", "(found a control character, '\\x00')"),
    ("Call\tus.", "(found a control character, '\\t')"),
    ("Call us \x1b[1mnow\x1b[0m.", "(found a control character, '\\x1b')"),
    ("x" * 201, "must be at most 200 characters (one short line), got 201"),
    ("x" * 20_000, "must be at most 200 characters (one short line), got 20,000"),
])
def test_anything_else_is_one_line_naming_the_variable(raw, says):
    with pytest.raises(SettingsError) as e:
        Settings.from_env({"FAQBOT_NO_ANSWER_CONTACT": raw})
    message = str(e.value)
    assert message.startswith("FAQBOT_NO_ANSWER_CONTACT: ") and says in message, message
    assert "\n" not in message and "\r" not in message and "\x1b" not in message and len(message) < 400, message
    with pytest.raises(SettingsError, match="^FAQBOT_NO_ANSWER_CONTACT: "):  # given in code: checked alike
        Settings(no_answer_contact=raw)
