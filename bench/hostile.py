"""What a hostile question costs: CPU time of `Bot.ask` on crafted messages, beside an ordinary question.

    .venv/bin/python bench/hostile.py [--content knowledge] [--lengths 500,2000] [--rounds 3]

A visitor controls the question (up to FAQBOT_MAX_QUESTION_LENGTH characters, 500 unless set, at most 16,384)
and up to 5 earlier questions sent as history. Each family below fills that length with what made one of the
engine's patterns try every start of a run (a time square in the run's length): runs of one mark (": ? , ; . !"),
a run of dots or dashes after "://", runs of line breaks. Printed: CPU milliseconds (thread time, the best of
--rounds) for the message alone and with 5 copies of it as history, and the same for an ordinary question of the
same run (the baseline). A family that costs many times the baseline at the default length is a defect: each
question is answered on the worker's event loop (docs/security.md), which serves nobody else meanwhile.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

import _kb  # noqa: E402
from bot.cli import main as cli  # noqa: E402

ORDINARY = "how long does redness last after microneedling?"
FAMILIES = {
    **{f"run of '{m}'": (lambda n, m=m: "how do i book" + m * (n - 13)) for m in ":?,;.!"},
    "'://' then a.a.a": lambda n: "see :// " + "a." * ((n - 8) // 2),
    "a-a-a after www.": lambda n: "www. " + "a-" * ((n - 5) // 2),
    "line breaks": lambda n: "how long" + "\n" * (n - 16) + "redness?",
    "words": lambda n: " ".join(["redness"] * (n // 8)),
}


def cpu_ms(bot, question: str, history: list[str], rounds: int) -> float:
    best = float("inf")
    for _ in range(rounds):
        t0 = time.thread_time()
        bot.ask(question, history=history)
        best = min(best, time.thread_time() - t0)
    return best * 1000


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--content", default=str(ROOT / "knowledge"))
    ap.add_argument("--lengths", default="500,2000", help="message lengths in characters, comma-separated")
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args(argv)
    lengths = [int(x) for x in args.lengths.split(",")]
    idx = Path(tempfile.mkdtemp(prefix="faqbot-hostile-")) / "index"
    if cli(["build", "--content", args.content, "--index", str(idx), "--quiet"]) != 0:
        return 1
    bot = _kb.load_bot(idx, args.content, environ={"FAQBOT_MAX_QUESTION_LENGTH": str(max(lengths)), "FAQBOT_ANSWER_CACHE": "0"})
    bot.ask(ORDINARY)  # lazily filled caches
    print(f"CPU ms per question (best of {args.rounds}); alone / with 5 copies as history\n")
    print("| message | " + " | ".join(f"{n} chars" for n in lengths) + " |")
    print("|---|" + "---:|" * len(lengths))
    base = cpu_ms(bot, ORDINARY, [], args.rounds), cpu_ms(bot, ORDINARY, [ORDINARY] * 5, args.rounds)
    print(f"| ordinary question (baseline, {len(ORDINARY)} chars) | " +
          " | ".join(f"{base[0]:.1f} / {base[1]:.1f}" for _ in lengths) + " |")
    for name, make in FAMILIES.items():
        cells = []
        for n in lengths:
            q = make(n)[:n]
            cells.append(f"{cpu_ms(bot, q, [], args.rounds):.1f} / {cpu_ms(bot, q, [q] * 5, args.rounds):.1f}")
        print(f"| {name} | " + " | ".join(cells) + " |")
    bot.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
