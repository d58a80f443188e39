"""bench/visitors/judged.tsv, the verdicts on the answers bench/visitors.py gives: every line reads, and names a
question of the battery and a section that exists in that FAQ, so a content edit that renames an entry shows
here rather than as answers silently counted "not judged yet"."""

from __future__ import annotations

import pytest

from _env import ROOT, bench_module
from bot.ingest import load_knowledge

FAQS = ROOT / "tests" / "data" / "faqs"


@pytest.fixture(scope="module")
def visitors():
    return bench_module("visitors")


def test_every_verdict_names_a_battery_question_and_a_section_of_its_faq(visitors):
    judged = visitors.read_judged(visitors.JUDGED)
    assert len(judged) >= 900
    questions = {line.strip() for f in (ROOT / "bench" / "visitors").glob("*.txt")
                 for line in f.read_text(encoding="utf-8").splitlines() if line.strip() and not line.startswith("#")}
    # the small FAQs, and the shipped article as `bench/visitors.py --kb knowledge` names it
    folders = [faq for faq in FAQS.iterdir() if faq.is_dir()] + [ROOT / "knowledge"]
    sections = {faq.name: {s.id for s in load_knowledge(faq).sections} for faq in folders}
    unknown = [(faq, q, sid) for faq, q, sid in judged
               if faq not in sections or q not in questions or sid not in sections[faq]]
    assert not unknown, unknown[:5]


def test_a_malformed_line_is_one_clear_error(visitors, tmp_path):
    path = tmp_path / "judged.tsv"
    path.write_text("# a comment\ndentist\twhere are you\tdentist/where-can-i-park\tmaybe\twhy\n", encoding="utf-8")
    with pytest.raises(SystemExit, match=r"judged.tsv:2: expected faq, question, section_id, yes/partial/no"):
        visitors.read_judged(path)
    path.write_text("dentist\twhere are you\tdentist/where-can-i-park\tno\tthe parking entry\n", encoding="utf-8")
    assert visitors.read_judged(path) == {("dentist", "where are you", "dentist/where-can-i-park"): "no"}
