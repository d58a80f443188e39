"""Ask every small FAQ of tests/data/faqs the same unlabeled visitor questions and print what it answers.

    .venv/bin/python bench/visitors.py bench/visitors/told.txt [--encoder minilm] [--faqs tests/data/faqs]

The questions (bench/visitors/*.txt, one per line) are what visitors ask any business ("where are you
located?", "do I need to bring ID?", "quick question - do you take card or is it cash only?"), with no
entry to expect: a person reads the answers. An answer from an entry that does not answer the question is
the confident nonsense issue 13 asks to remove; docs/matching.md names the classes found this way. Prints
one line per answered question and the count of answers out of questions asked. Never part of the tests.
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("questions", nargs="+", type=Path, help="text files, one question per line")
    parser.add_argument("--faqs", type=Path, default=ROOT / "tests" / "data" / "faqs", help="folder of FAQ folders")
    parser.add_argument("--encoder", default="", help="build every index with this sentence encoder (minilm)")
    args = parser.parse_args(argv)
    questions = [line.strip() for f in args.questions for line in f.read_text(encoding="utf-8").splitlines()
                 if line.strip() and not line.startswith("#")]
    faqs = sorted(p for p in args.faqs.iterdir() if p.is_dir())
    answered = 0
    with tempfile.TemporaryDirectory() as tmp:
        for faq in faqs:
            build(faq, Path(tmp) / faq.name, keep=1, **({"encoder": args.encoder} if args.encoder else {}))
            policy = Policy(load_current(Path(tmp) / faq.name).index, threshold=Settings().threshold)
            for q in questions:
                a = policy.ask(q, top_k=3)
                if a.answered:
                    answered += 1
                    print(f"{faq.name[:16]:16s} {a.confidence:.2f} {q[:50]:50s} -> {a.heading[:60]}")
    print(f"answered {answered} of {len(questions) * len(faqs)} ({len(questions)} questions x {len(faqs)} FAQs, "
          f"{args.encoder or 'lexical'})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
