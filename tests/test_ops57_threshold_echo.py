"""FAQBOT_THRESHOLD as the command line says it back: the value in force, the same in text and JSON.

Before: `faqbot eval` printed "threshold 0.38" (and its --plot page "Current threshold: 0.38") for
FAQBOT_THRESHOLD=0.375, whose --json said 0.375; `faqbot report` printed "answered below 0.48" where --json said
0.483; and a threshold out of range was quoted as Python read it, not as given: FAQBOT_THRESHOLD=1e-400 was
"got 0.0", 0 was "got 0.0", 1.10 was "got 1.1". No value is computed there, so no spurious digits appear
(0.4 stays 0.4): what was wrong was rounding and re-spelling.
"""

from __future__ import annotations

import json

import pytest

from _server import KB_SMALL
from bot import build, cli


@pytest.fixture
def site(tmp_path, monkeypatch):
    for name in ("FAQBOT_THRESHOLD", "FAQBOT_INDEX_DIR", "FAQBOT_CONTENT_DIR"):
        monkeypatch.delenv(name, raising=False)
    build.build(KB_SMALL, tmp_path / "index")
    questions = tmp_path / "questions.jsonl"
    questions.write_text(json.dumps({"query": "how long will my skin peel", "gold": []}) + "\n"
                         + json.dumps({"query": "is markup in answers escaped", "gold": []}) + "\n")
    monkeypatch.setenv("FAQBOT_DATABASE_URL", f"sqlite:///{tmp_path}/faqbot.sqlite3")
    return tmp_path


def run(capsys, *argv: str) -> tuple[int, str, str]:
    status = cli.main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


@pytest.mark.parametrize("given, shown", [("0.375", "0.375"), ("0.1234", "0.1234"), ("0.4", "0.4"),
                                          (".40", "0.4"), ("4e-1", "0.4")])
def test_eval_says_the_threshold_it_used_as_its_json_does(site, capsys, monkeypatch, given, shown):
    monkeypatch.setenv("FAQBOT_THRESHOLD", given)
    questions, index = str(site / "questions.jsonl"), str(site / "index")
    status, out, _ = run(capsys, "eval", questions, "--index", index, "--json")
    assert status == 0 and str(json.loads(out)["threshold"]) == shown
    plot = site / "sweep.html"
    status, out, _ = run(capsys, "eval", questions, "--index", index, "--plot", str(plot))
    assert status == 0
    assert out.splitlines()[0].endswith(f"; threshold {shown}"), out.splitlines()[0]
    assert f"<p>Current threshold: {shown}</p>" in plot.read_text(encoding="utf-8")


def test_report_says_the_low_confidence_line_as_its_json_does(site, capsys, monkeypatch):
    monkeypatch.setenv("FAQBOT_THRESHOLD", "0.3333")
    status, out, _ = run(capsys, "report", "--json")
    assert status == 0
    below = json.loads(out)["low_confidence_below"]
    assert below == 0.483  # 0.3333 + 0.15, to three places
    status, out, _ = run(capsys, "report")
    assert status == 0 and f"Low-confidence answers (answered below {below}; check the match):" in out, out


@pytest.mark.parametrize("given", ["0", "1e-400", "-0", "1.10", "2"])
def test_a_threshold_out_of_range_is_quoted_as_given(site, capsys, monkeypatch, given):
    monkeypatch.setenv("FAQBOT_THRESHOLD", given)
    status, out, err = run(capsys, "ask", "--index", str(site / "index"), "how long will my skin peel")
    assert status == 1 and out == ""
    assert err.splitlines() == [f"faqbot: error: FAQBOT_THRESHOLD: threshold must be above 0 and at most 1, "
                                f"got {given}"]


@pytest.mark.parametrize("variable, given, said", [
    ("FAQBOT_PORT", "070000", "port must be 0..65535, got 070000"),
    ("FAQBOT_WORKERS", " 0 ", "must be 1..1,000, got 0"),
    ("FAQBOT_RELOAD_INTERVAL", "0e5", "must be above 0 and at most 86,400, got 0e5"),
])
def test_other_numbers_out_of_range_are_quoted_as_given_too(site, capsys, monkeypatch, variable, given, said):
    monkeypatch.setenv(variable, given)
    status, _, err = run(capsys, "ask", "--index", str(site / "index"), "hi")
    assert status == 1 and err.splitlines() == [f"faqbot: error: {variable}: {said}"]
