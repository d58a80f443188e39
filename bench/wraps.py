"""How many answers a harmless wrapping of the question loses: courtesies, greetings, case, emoji, punctuation.

    .venv/bin/python bench/wraps.py [--split dev|heldout] [--wraps dev|check] [--encoder minilm] [--faqs tests/data/faqs]

Each labeled question (no history) of the small FAQs in --faqs that is answered from its right section alone is
asked again wrapped each way ("sorry to bother you, {q}", "{q} lol", "{q}\\n\\nthanks in advance", ...); the figure
is, per wrapping, how many of them are then refused or answered from another section, and ("all") over every
wrapping. A visitor's courtesy is no part of what they ask, so each should be 0 or near it (docs/matching.md, "From
question to section").

--wraps dev (134 wrappings) are those bot/data/courtesy.phrases was written and checked against; --wraps check (30)
were written before its last change and never used to write it: the figure that says how far the list carries over
to what nobody listed. The held-out split's questions were never looked at while writing it.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

WRAPS = {  # the wrappings the courtesy list (bot/data/courtesy.phrases) was written and checked against
    'sorry to bother you, {}': 'sorry to bother you, {}',
    'quick question: {}': 'quick question: {}',
    'hey team, {}': 'hey team, {}',
    'good morning, {}': 'good morning, {}',
    'hello there! {}': 'hello there! {}',
    'hi, {}': 'hi, {}',
    'I was wondering, {}': 'I was wondering, {}',
    '{} thanks': '{} thanks',
    '{} please': '{} please',
    '{} cheers': '{} cheers',
    '{} lol': '{} lol',
    '{} asap': '{} asap',
    '{} x': '{} x',
    'um {}': 'um {}',
    'Dear Sir/Madam, {}': 'Dear Sir/Madam, {}',
    '{} Kind regards, Jane Smith': '{}\nKind regards,\nJane Smith',
    '{} Sent from my iPhone': '{}\n\nSent from my iPhone',
    '{}\\n\\nthanks in advance': '{}\n\nthanks in advance',
    '{} 🙂': '{} 🙂',
    '{}???': '{}???',
    '{}...': '{}...',
    'CAPITALS': 'CAPS',
    '"{}"': '"{}"',
    # session 53: chat asides, signatures, urgent marks
    'btw {}': 'btw {}',
    '{} btw': '{} btw',
    'yo {}': 'yo {}',
    'help! {}': 'help! {}',
    'URGENT: {}': 'URGENT: {}',
    '{} (urgent)': '{} (urgent)',
    '{} its urgent': '{} its urgent',
    'just checking, {}': 'just checking, {}',
    'I want to know {}': 'I want to know {}',
    'can you tell me {}': 'can you tell me {}',
    '{} please advise': '{} please advise',
    '{} any idea?': '{} any idea?',
    '{} let me know': '{} let me know',
    '{} if possible': '{} if possible',
    '{} when you get a chance': '{} when you get a chance',
    '{} no rush': '{} no rush',
    '{} hope that makes sense': '{} hope that makes sense',
    '{} cheers mate': '{} cheers mate',
    '{} Regards, Tom': '{} Regards, Tom',
    '{} - Tom': '{} - Tom',
    'Hello, {} Thanks, Anna': 'Hello, {} Thanks, Anna',
    # session 53: written before its thanks-however-it-goes-on rule, then used to write it
    '{} thanks heaps': '{} thanks heaps',
    '{} Best, Sam': '{} Best, Sam',
    '{} Thanks, Mark': '{} Thanks,\nMark',
    '{} cheers guys': '{} cheers guys',
    '{} would appreciate a reply': '{} would appreciate a reply',
    '{} any help appreciated': '{} any help appreciated',
    '{} sorry for asking': '{} sorry for asking',
    '{} (just wondering)': '{} (just wondering)',
    '{} thank you kindly': '{} thank you kindly',
    '{} hope to hear from you soon': '{} hope to hear from you soon',
    'Hello! Quick one - {}': 'Hello! Quick one - {}',
    "Hi, hope you're well. {}": "Hi, hope you're well. {}",
    'Hey, so {}': 'Hey, so {}',
    'Good afternoon, I wanted to ask, {}': 'Good afternoon, I wanted to ask, {}',
    'Hiya, {} ta': 'Hiya, {} ta',
    'Morning all, {}': 'Morning all, {}',
    'excuse me but {}': 'excuse me but {}',
    'I have a question, {}': 'I have a question, {}',
    'sorry, {} thanks!': 'sorry, {} thanks!',
    '{} Best wishes, Helen Jones': '{}\n\nBest wishes,\nHelen Jones',
    '{} -- David': '{}\n-- \nDavid',
    '{} thanks in advance!!': '{} thanks in advance!!',
    '{} many thanks x': '{} many thanks x',
    '{} please reply asap': '{} please reply asap',
    '{} (asking for a friend)': '{} (asking for a friend)',
    '{} ta very much': '{} ta very much',
    '{} much appreciated!': '{} much appreciated!',
    'hey! {} x': 'hey! {} x',
    '{} tia!': '{} tia!',
    'Hi team, {} Kind regards, Priya': 'Hi team, {} Kind regards, Priya',
    # session 53: written before its sign-off sentences, then used to write them
    '{} thanks loads': '{} thanks loads',
    '{} Thanks so much, Emily': '{} Thanks so much, Emily',
    '{} cheers all': '{} cheers all',
    '{} thank you in advance, much appreciated': '{} thank you in advance, much appreciated',
    "{} I'd really appreciate it": "{} I'd really appreciate it",
    '{} sorry to be a pain': '{} sorry to be a pain',
    '{} thanks for getting back to me': '{} thanks for getting back to me',
    '{} ty in advance': '{} ty in advance',
    '{} appreciate any help': '{} appreciate any help',
    '{} looking forward to hearing from you': '{} looking forward to hearing from you',
    '{} hope you can help': '{} hope you can help',
    '{} Many thanks!\\nRob': '{} Many thanks!\nRob',
    'Hi! {} Thanks a bunch': 'Hi! {} Thanks a bunch',
    'Hey there - {}': 'Hey there - {}',
    'Afternoon, {}': 'Afternoon, {}',
    'Hi hi, {}': 'Hi hi, {}',
    'Hello again, {}': 'Hello again, {}',
    'Good evening! {}': 'Good evening! {}',
    'Quick q - {}': 'Quick q - {}',
    'Hi, sorry to bug you, {}': 'Hi, sorry to bug you, {}',
    '{} :-)': '{} :-)',
    '{} !!!': '{} !!!',
    '{} (thanks)': '{} (thanks)',
    '{} thank youuu': '{} thank youuu',
    '{} thanks again!': '{} thanks again!',
    '{} Best regards\\nKaren': '{} Best regards\nKaren',
    '{} Warm wishes, Lucy': '{} Warm wishes, Lucy',
    '{} have a lovely day': '{} have a lovely day',
    '{} speak soon': '{} speak soon',
    "{} thanks, you're a star": "{} thanks, you're a star",
    '{}? Thanks very much for your time!': '{}? Thanks very much for your time!',
    '{}? sorry for the bother': '{}? sorry for the bother',
    '{}. Hoping you can advise': '{}. Hoping you can advise',
    '{}? Would be grateful for any info': '{}? Would be grateful for any info',
    '{}. Look forward to your reply': '{}. Look forward to your reply',
    '{}? take care': '{}? take care',
    '{}! Cheers, Dave': '{}! Cheers, Dave',
    '{}?\\n\\nAll the best,\\nChris': '{}?\n\nAll the best,\nChris',
    "{}? thanks guys, you're the best": "{}? thanks guys, you're the best",
    '{}? Thanks!! :)': '{}? Thanks!! :)',
    '{}? appreciate your time': '{}? appreciate your time',
    '{}? many thanks for any help': '{}? many thanks for any help',
    '{}. Ta muchly': '{}. Ta muchly',
    '{}? Have a great weekend': '{}? Have a great weekend',
    '{}. Talk soon': '{}. Talk soon',
    '{}? thank you, have a good one': '{}? thank you, have a good one',
    "{}? Sorry if I've missed it somewhere": "{}? Sorry if I've missed it somewhere",
    "{}? Hope that's ok": "{}? Hope that's ok",
    'Hey! So {}?': 'Hey! So {}?',
    'Hi folks - {}?': 'Hi folks - {}?',
    'Hi there :) {}?': 'Hi there :) {}?',
    'Evening! {}?': 'Evening! {}?',
    "Hi, hope all's good. {}?": "Hi, hope all's good. {}?",
    'Hi, I hope you can help. {}?': 'Hi, I hope you can help. {}?',
    '{} ??': '{} ??',
    '{}? thx!': '{}? thx!',
    '{}? ty :)': '{}? ty :)',
    '{}?\\nThanks\\nJo': '{}?\nThanks\nJo',
    '{}? Regards\\nM. Patel': '{}? Regards\nM. Patel',
    '{}? x': '{}? x',
}

# Written before session 53's last change to the courtesy list and never used to write it: how well the list carries
# over to the ways visitors write that nobody listed (`--wraps check`).
CHECK = {
    '{}? Thanks in anticipation': '{}? Thanks in anticipation',
    '{}. Many thanks, Sarah': '{}. Many thanks, Sarah',
    '{}? Cheers for the help!': '{}? Cheers for the help!',
    '{}? Thank you very much indeed': '{}? Thank you very much indeed',
    '{}? Sorry for the hassle': '{}? Sorry for the hassle',
    '{}. Sorry, bit of a random one': '{}. Sorry, bit of a random one',
    "{}? Hope you don't mind me asking": "{}? Hope you don't mind me asking",
    '{}? Have a nice evening': '{}? Have a nice evening',
    '{}? Best,\\nAlex': '{}? Best,\nAlex',
    '{}? Kindest regards, Maria': '{}? Kindest regards, Maria',
    '{}\\n\\nThanks again,\\nPete': '{}\n\nThanks again,\nPete',
    '{}? Would really appreciate it': '{}? Would really appreciate it',
    '{}? Hope to hear back soon': '{}? Hope to hear back soon',
    '{}? Enjoy your day!': '{}? Enjoy your day!',
    '{}? Thanks a ton': '{}? Thanks a ton',
    '{}? all the best': '{}? all the best',
    "Hi! Hope you're having a good day. {}?": "Hi! Hope you're having a good day. {}?",
    'Hello, sorry to trouble you. {}?': 'Hello, sorry to trouble you. {}?',
    'Hi, thanks for your help earlier. {}?': 'Hi, thanks for your help earlier. {}?',
    'Good morning! I hope you can answer a quick question. {}?': 'Good morning! I hope you can answer a quick question. {}?',
    'Hey hey, {}?': 'Hey hey, {}?',
    'Hiya :) {}?': 'Hiya :) {}?',
    'Hello hello! {}?': 'Hello hello! {}?',
    'Hi again! {}?': 'Hi again! {}?',
    'Dear team, {}?': 'Dear team, {}?',
    'Hi, just a quick one. {}?': 'Hi, just a quick one. {}?',
    "Hi! I'm new here. {}?": "Hi! I'm new here. {}?",
    '{}? thanks so much!!! x': '{}? thanks so much!!! x',
    '{} - thanks!': '{} - thanks!',
    '{}? ta x': '{}? ta x',
}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--faqs", default=str(ROOT / "tests" / "data" / "faqs"))
    ap.add_argument("--split", default="dev", choices=("dev", "heldout"))
    ap.add_argument("--encoder", default="")
    ap.add_argument("--wraps", default="dev", choices=("dev", "check"),
                    help="dev: the wrappings the courtesy list was written against; check: ones it was not")
    args = ap.parse_args(argv)
    wraps = WRAPS if args.wraps == "dev" else CHECK
    from bot.build import build
    from bot.engine import Bot
    from bot.settings import Settings

    faqs = Path(args.faqs)
    lost = {name: [] for name in wraps}
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
                for name, wrap in wraps.items():
                    typed = r["query"].upper() if wrap == "CAPS" else wrap.format(r["query"])
                    a = bot.ask(typed)
                    if not (a.answered and a.section_id == alone.section_id):
                        lost[name].append(f"{content.name}: {r['query']}")
    print(f"{args.split} questions answered right alone: {asked} ({args.encoder or 'lexical'})")
    width = max(len(name) for name in wraps)  # the wrapping's column
    print(f"{'wrapping':{width}} {'lost':>5}  e.g.")
    for name, qs in lost.items():
        print(f"{name:{width}} {len(qs):5}  {qs[0] if qs else ''}")
    total = sum(len(qs) for qs in lost.values())
    print(f"{'all':{width}} {total:5}  of {asked * len(wraps)} wrapped questions ({total / max(1, asked * len(wraps)):.3f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
