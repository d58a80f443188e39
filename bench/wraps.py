"""How many answers a harmless wrapping of the question loses: courtesies, greetings, case, emoji, punctuation.

    .venv/bin/python bench/wraps.py [--split dev|heldout] [--encoder minilm] [--faqs tests/data/faqs]

Each labeled question (no history) of the small FAQs in --faqs that is answered from its right section alone is
asked again wrapped each way ("sorry to bother you, {q}", "{q} lol", "{q}\\n\\nthanks in advance", ...); the figure
is, per wrapping, how many of them are then refused or answered from another section. A visitor's courtesy is no
part of what they ask, so each should be 0 or near it (docs/matching.md, "From question to section").
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

WRAPS = {
    "sorry to bother you, {}": "sorry to bother you, {}",
    "quick question: {}": "quick question: {}",
    "hey team, {}": "hey team, {}",
    "good morning, {}": "good morning, {}",
    "hello there! {}": "hello there! {}",
    "hi, {}": "hi, {}",
    "I was wondering, {}": "I was wondering, {}",
    "{} thanks": "{} thanks",
    "{} please": "{} please",
    "{} cheers": "{} cheers",
    "{} lol": "{} lol",
    "{} asap": "{} asap",
    "{} x": "{} x",
    "um {}": "um {}",
    "Dear Sir/Madam, {}": "Dear Sir/Madam, {}",
    "{} Kind regards, Jane Smith": "{}\nKind regards,\nJane Smith",
    "{} Sent from my iPhone": "{}\n\nSent from my iPhone",
    "{}\\n\\nthanks in advance": "{}\n\nthanks in advance",
    "{} 🙂": "{} 🙂",
    "{}???": "{}???",
    "{}...": "{}...",
    "CAPITALS": "CAPS",
    '"{}"': '"{}"',
}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--faqs", default=str(ROOT / "tests" / "data" / "faqs"))
    ap.add_argument("--split", default="dev", choices=("dev", "heldout"))
    ap.add_argument("--encoder", default="")
    args = ap.parse_args(argv)
    from bot.build import build
    from bot.engine import Bot
    from bot.settings import Settings

    faqs = Path(args.faqs)
    lost = {name: [] for name in WRAPS}
    asked = 0
    with tempfile.TemporaryDirectory() as tmp:
        for qf in sorted(faqs.glob("*.questions.jsonl")):
            content = faqs / qf.name.removesuffix(".questions.jsonl")
            rows = [json.loads(line) for line in qf.read_text(encoding="utf-8").splitlines() if line.strip()]
            rows = [r for r in rows if r.get("split") == args.split and r["gold"] and not r.get("history")]
            if not rows:
                continue
            index = Path(tmp) / content.name
            build(content, index, encoder=args.encoder)
            bot = Bot.from_index(Settings(content_dir=str(content), index_dir=str(index)))
            for r in rows:
                alone = bot.ask(r["query"])
                if not (alone.answered and alone.section_id in r["gold"]):
                    continue
                asked += 1
                for name, wrap in WRAPS.items():
                    typed = r["query"].upper() if wrap == "CAPS" else wrap.format(r["query"])
                    a = bot.ask(typed)
                    if not (a.answered and a.section_id == alone.section_id):
                        lost[name].append(f"{content.name}: {r['query']}")
    print(f"{args.split} questions answered right alone: {asked} ({args.encoder or 'lexical'})")
    print("wrapping                          lost  e.g.")
    for name, qs in lost.items():
        print(f"{name:32} {len(qs):5}  {qs[0] if qs else ''}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
