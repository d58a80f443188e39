"""`faqbot eval --errors`: each question got wrong says what the bot did and what was expected, with no stray '[]'."""

from __future__ import annotations

import json

from bot import cli

from _files import write

FAQ = ("question,answer\nDo you sell exercise bands?,\"Yes, at reception, from £8.\"\n"
       "Do you open on Sundays?,\"No, Monday to Saturday only.\"\n")


def test_errors_list_what_was_done_and_expected(tmp_path, capsys):
    write(tmp_path / "content", "shop.csv", FAQ)
    rows = [{"query": "do you sell exercise bands", "gold": ["shop/do-you-open-on-sundays"]},  # no category
            {"query": "are you open on sundays", "gold": [], "cat": "oos"},  # labeled out of scope
            {"query": "do you sell exercise bands", "gold": ["shop/do-you-sell-exercise-bands"]}]  # right
    write(tmp_path, "q.jsonl", "".join(json.dumps(r) + "\n" for r in rows))
    assert cli.main(["build", "--quiet", "--content", str(tmp_path / "content"), "--index", str(tmp_path / "i")]) == 0
    assert cli.main(["eval", str(tmp_path / "q.jsonl"), "--errors", "--index", str(tmp_path / "i"),
                     "--content", str(tmp_path / "content")]) == 0
    listed = capsys.readouterr().out.split("wrong at this threshold:\n", 1)[1].splitlines()
    # It was "[] 'do you sell exercise bands' -> ... ; gold ['shop/...']" and "[oos] ... gold []".
    assert len(listed) == 2 and not any("[]" in line for line in listed), listed
    assert listed[0].startswith("  'do you sell exercise bands' -> answered shop/do-you-sell-exercise-bands (")
    assert listed[0].endswith("); expected shop/do-you-open-on-sundays")
    assert listed[1].startswith("  [oos] 'are you open on sundays' -> answered shop/do-you-open-on-sundays (")
    assert listed[1].endswith("); expected a refusal (out of scope)")
