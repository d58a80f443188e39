"""Ask every small FAQ of tests/data/faqs the same unlabeled visitor questions and print what it answers.

    .venv/bin/python bench/visitors.py bench/visitors/*.txt [--encoder minilm] [--faqs tests/data/faqs]
                                       [--kb knowledge]
                                       [--judged bench/visitors/judged.tsv] [--unjudged FILE]

The questions (bench/visitors/*.txt, one per line) are what visitors ask any business ("where are you
located?", "do I need to bring ID?", "quick question - do you take card or is it cash only?"), with no
entry to expect. An answer from an entry that does not answer the question is the confident nonsense
issue 13 asks to remove; docs/matching.md names the classes found this way.

Each answer given is judged once, by a person reading the question and the entry's text:
bench/visitors/judged.tsv holds one line per (FAQ, question, section answered from): `faq, question,
section_id, verdict, reason`, tab-separated, the verdict `yes` (the entry answers it, or is the one the
visitor needs), `partial` (about the subject, but not the point asked, or one reading of a vague question)
or `no` (about something else). Prints one line per answered question with its verdict (`?` when nobody
has judged that pair yet) and the counts; `--unjudged FILE` writes the pairs not yet judged in the same
format with an empty verdict, to be judged and added. Never part of the tests.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT)]

from bot.answer import Policy  # noqa: E402
from bot.artifact import load_current  # noqa: E402
from bot.build import build  # noqa: E402
from bot.settings import Settings  # noqa: E402

JUDGED = ROOT / "bench" / "visitors" / "judged.tsv"
VERDICTS = ("yes", "partial", "no")


def read_judged(path: Path) -> dict[tuple[str, str, str], str]:
    """(faq, question, section_id) -> verdict, from a judged.tsv; one clear error for a malformed line."""
    judged: dict[tuple[str, str, str], str] = {}
    if not path.exists():
        return judged
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) != 5 or fields[3] not in VERDICTS:
            raise SystemExit(f"{path}:{n}: expected faq, question, section_id, yes/partial/no, reason (tab-separated)")
        judged[(fields[0], fields[1], fields[2])] = fields[3]
    return judged


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("questions", nargs="+", type=Path, help="text files, one question per line")
    parser.add_argument("--faqs", type=Path, default=ROOT / "tests" / "data" / "faqs", help="folder of FAQ folders")
    parser.add_argument("--kb", type=Path, action="append", default=[],
                        help="one more knowledge folder to ask, by its folder name (repeatable): --kb knowledge asks "
                             "the shipped article as a clinic's visitors would")
    parser.add_argument("--encoder", default="", help="build every index with this sentence encoder (minilm)")
    parser.add_argument("--judged", type=Path, default=JUDGED, help="the verdicts on answers given (TSV)")
    parser.add_argument("--unjudged", type=Path, help="write the answers given that have no verdict yet here")
    args = parser.parse_args(argv)
    judged = read_judged(args.judged)
    counts = dict.fromkeys((*VERDICTS, "?"), 0)
    unjudged: list[str] = []
    questions = [line.strip() for f in args.questions for line in f.read_text(encoding="utf-8").splitlines()
                 if line.strip() and not line.startswith("#")]
    faqs = sorted(p for p in args.faqs.iterdir() if p.is_dir()) + [kb.resolve() for kb in args.kb]
    answered = 0
    with tempfile.TemporaryDirectory() as tmp:
        for faq in faqs:
            build(faq, Path(tmp) / faq.name, keep=1, **({"encoder": args.encoder} if args.encoder else {}))
            policy = Policy(load_current(Path(tmp) / faq.name).index, threshold=Settings().threshold)
            for q in questions:
                a = policy.ask(q, top_k=3)
                if a.answered:
                    answered += 1
                    verdict = judged.get((faq.name, q, a.section_id), "?")
                    counts[verdict] += 1
                    if verdict == "?":
                        unjudged.append(f"{faq.name}\t{q}\t{a.section_id}\t\t{a.heading}")
                    print(f"{faq.name[:16]:16s} {a.confidence:.2f} {verdict:7s} {q[:50]:50s} -> {a.heading[:60]}")
    print(f"answered {answered} of {len(questions) * len(faqs)} ({len(questions)} questions x {len(faqs)} FAQs, "
          f"{args.encoder or 'lexical'}): judged {counts['yes']} yes, {counts['partial']} partial, {counts['no']} no "
          f"(wrong: {counts['no'] / max(answered - counts['?'], 1):.1%} of those judged); {counts['?']} not judged yet")
    if args.unjudged:
        args.unjudged.write_text("".join(line + "\n" for line in unjudged), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
