"""The benchmarks' split: bench/transfer.py asks the large sets on the half bench/calibrate.py never fits on,
and its targets table (like `faqbot eval`) says how far each figure could move on other questions of the same
kind."""

from __future__ import annotations

import argparse
import json

import pytest

from bot.evaluate import wilson
from _env import bench_module


@pytest.fixture(scope="module")
def bench():
    return argparse.Namespace(kb=bench_module("_kb"), report=bench_module("_transfer_report"),
                              transfer=bench_module("transfer"))


def test_the_halves_are_disjoint_cover_every_row_and_keep_its_order(bench):
    rows = [{"query": f"q{i}"} for i in range(11)]
    fit, check = bench.kb.half(rows, "fit"), bench.kb.half(rows, "check")
    assert [r["query"] for r in fit] == ["q0", "q2", "q4", "q6", "q8", "q10"]
    assert [r["query"] for r in check] == ["q1", "q3", "q5", "q7", "q9"]
    with pytest.raises(ValueError, match="half must be one of"):
        bench.kb.half(rows, "train")


def test_clinc_out_of_scope_queries_split_by_their_own_split_field(bench, tmp_path):
    folder = tmp_path / "clinc150-oos"
    folder.mkdir()
    lines = [{"query": "how do i bake bread", "gold": [], "split": "oos_train"},
             {"query": "what is the tallest mountain", "gold": [], "split": "oos_val"},
             {"query": "play some jazz", "gold": [], "split": "oos_train"}]
    (folder / "queries_oos_dev.jsonl").write_text("".join(json.dumps(r) + "\n" for r in lines), encoding="utf-8")
    halves = bench.kb.clinc_oos(tmp_path)
    assert [q["query"] for q in halves["fit"]] == ["how do i bake bread", "play some jazz"]
    assert halves["check"] == [{"query": "what is the tallest mountain", "gold": []}]


def _args(**kw) -> argparse.Namespace:
    return argparse.Namespace(**{"queries": "check", "sample": 0, "seed": 13, **kw})


def test_transfer_asks_the_check_half_unless_told_to_ask_every_query(bench):
    rows = [{"query": f"q{i}", "gold": ["x"]} for i in range(40)]
    assert bench.transfer._asked(rows, _args()) == rows[1::2]
    assert bench.transfer._asked(rows, _args(queries="all")) == rows
    sampled = bench.transfer._asked(rows, _args(sample=5))
    assert len(sampled) == 5 and all(r in rows[1::2] for r in sampled)
    assert sampled == sorted(sampled, key=rows.index)  # a sample keeps the file's order
    assert bench.transfer._described(rows[1::2], rows, _args()) == "20 of 40 (check half)"
    assert bench.transfer._described(sampled, rows, _args(sample=5)) == "5 of 40 (check half), sample seed 13"
    assert bench.transfer._described(rows, rows, _args(queries="all", sample=50)) == "40 of 40"


@pytest.mark.parametrize("p,n,low,high", [
    (0.5, 100, 0.4038, 0.5962),  # the textbook case
    (0.0, 10, 0.0, 0.2775),  # none of 10: the interval still reaches 0.28
    (1.0, 15, 0.7961, 1.0),  # all of 15 off-topic questions refused: 0.95 is not told apart from 0.80
])
def test_wilson_interval(p, n, low, high):
    lo, hi = wilson(p, n)
    assert lo == pytest.approx(low, abs=1e-4) and hi == pytest.approx(high, abs=1e-4)


def test_wilson_interval_needs_questions():
    assert wilson(None, 10) is None
    assert wilson(0.5, 0) is None


def test_mean_interval_of_two_shares_narrows_with_more_questions(bench):
    wide = bench.report.mean_interval(0.6, 100, 0.9, 50)
    narrow = bench.report.mean_interval(0.6, 10_000, 0.9, 5_000)
    assert wide[0] < 0.75 < wide[1] and narrow[0] < 0.75 < narrow[1]
    assert narrow[1] - narrow[0] < (wide[1] - wide[0]) / 5


def test_the_command_line_the_benchmarks_run_imports_this_tree_s_code(bench, monkeypatch):
    # bench/transfer.py asks through the `faqbot` console script; in an environment whose faqbot is an editable
    # install of another checkout, that script ran the other checkout's code while the report named this one's commit.
    import os
    import subprocess
    import sys
    from pathlib import Path

    monkeypatch.setenv("PYTHONPATH", "/elsewhere")
    monkeypatch.setenv("FAQBOT_THRESHOLD", "0.9")
    env = bench.kb.cli_env()
    root = str(Path(bench.kb.__file__).resolve().parents[1])
    assert env["PYTHONPATH"].split(os.pathsep) == [root, "/elsewhere"] and "FAQBOT_THRESHOLD" not in env
    found = subprocess.run([sys.executable, "-c", "import bot; print(bot.__file__)"], env=env, cwd="/",
                           capture_output=True, text=True, check=True).stdout.strip()
    assert Path(found).resolve() == Path(root, "bot", "__init__.py").resolve()


def test_small_faq_follow_ups_are_asked_with_and_without_history_and_pooled_per_split(bench, tmp_path):
    # bench/transfer.py reads every <name>.history.jsonl beside the small FAQs: a follow-up right only with its
    # history, a standalone question the history must not change, an off-topic one refused; one table per split.
    from bot.settings import Settings

    for name, split in (("garage", "dev"), ("florist", "heldout")):
        (tmp_path / name).mkdir()
        (tmp_path / name / "faq.csv").write_text(
            "question,answer\nHow much is an MOT?,An MOT costs £54.85.\n"
            "What are your opening hours?,We are open 8am to 6pm Monday to Friday.\n"
            "Do you repair tyres?,Yes: punctures are repaired while you wait.\n", encoding="utf-8")
        cases = [{"query": "how much is it?", "history": ["do you repair tyres?"], "cat": "followup",
                  "gold": ["faq/do-you-repair-tyres"], "split": split},
                 {"query": "what are your opening hours", "history": ["how much is an mot?"], "cat": "standalone",
                  "gold": ["faq/what-are-your-opening-hours"], "split": split},
                 {"query": "who won the football", "history": ["how much is an mot?"], "cat": "standalone-oos",
                  "gold": [], "split": split}]
        (tmp_path / f"{name}.history.jsonl").write_text("".join(json.dumps(c) + "\n" for c in cases),
                                                        encoding="utf-8")
    env = bench.kb.cli_env(Settings().threshold)
    out = bench.transfer.faq_history_cases(bench.transfer.Asker(tmp_path / "idx", env), tmp_path)
    assert sorted(out) == ["dev", "heldout"]
    for split, h in out.items():
        assert {c: v["n"] for c, v in h["by_category"].items()} == {"followup": 1, "standalone": 1,
                                                                    "standalone-oos": 1}
        rows = {r["cat"]: r for r in h["cases"]}
        assert rows["standalone"]["ok"] and rows["standalone"]["same_as_alone"]
        assert rows["standalone-oos"]["ok"] and not rows["standalone-oos"]["answered"]
        assert {r["faq"] for r in h["cases"]} == {"garage" if split == "dev" else "florist"}
    table = bench.report._history_rows({"history": out["dev"], "faq_history": out})
    assert [r[:3] for r in table][:3] == [["article", "followup", "1"], ["article", "standalone", "1"],
                                          ["article", "standalone-oos", "1"]]
    assert {r[0] for r in table} == {"article", "small FAQs, dev", "small FAQs, heldout"}


def test_two_versions_are_timed_in_turns_and_their_answers_compared(tmp_path):
    """bench/versions.py builds and loads a revision's bot/ beside this checkout's in one process: both answer, and
    a checkout whose bot/ is that revision's answers every question alike. (In a process of its own: it imports
    the engine's modules afresh.)"""
    import subprocess
    import sys

    from _env import ROOT

    data = tmp_path / "data"
    (data / "stackfaq").mkdir(parents=True)
    (data / "stackfaq" / "queries.jsonl").write_text(
        "".join(json.dumps({"query": q}) + "\n" for q in ("how do I delete my account", "what is the weather")))
    done = subprocess.run([sys.executable, str(ROOT / "bench" / "versions.py"), "--data", str(data), "--base", "HEAD",
                           "--questions", "12", "--rounds", "2"], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    out = done.stdout
    assert "| base HEAD |" in out and "| this checkout (" in out and "this checkout / base:" in out
    differ = int(out.split("answers that differ: ")[1].split(" of ")[0])
    unchanged = subprocess.run(["git", "diff", "--quiet", "HEAD", "--", "bot"], cwd=ROOT).returncode == 0
    if unchanged:
        assert differ == 0, out
    assert "of 12" in out


def test_wraps_counts_the_answers_a_wrapped_question_loses(tmp_path):
    """bench/wraps.py asks each labeled question answered right alone again wrapped, and prints per wrapping how many
    lose their answer: a courtesy loses none (bot/data/courtesy.phrases)."""
    import shutil
    import subprocess
    import sys

    from _env import ROOT

    faqs = tmp_path / "faqs"
    shutil.copytree(ROOT / "tests" / "data" / "faqs" / "yoga-studio", faqs / "yoga-studio")
    shutil.copy(ROOT / "tests" / "data" / "faqs" / "yoga-studio.questions.jsonl", faqs)
    done = subprocess.run([sys.executable, str(ROOT / "bench" / "wraps.py"), "--faqs", str(faqs)],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    asked = int(lines[0].split(": ")[1].split()[0])
    assert asked >= 10, done.stdout
    width = lines[1].index("lost") - 2  # the wrapping's column, then the count right-aligned in 5
    lost = {line[:width].strip(): int(line[width:width + 6]) for line in lines[2:]}
    total = lost.pop("all")
    assert len(lost) == 134 and all(0 <= n <= asked for n in lost.values()), done.stdout
    assert total == sum(lost.values()), done.stdout
    assert lost["sorry to bother you, {}"] == lost["{} lol"] == lost["{}\\n\\nthanks in advance"] == 0, done.stdout
    assert lost["btw {}"] == lost["{} please advise"] == lost["{} Regards, Tom"] == 0, done.stdout
