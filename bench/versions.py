"""One question's cost in two versions of the engine, timed alternately in one process, and whether they answer alike.

    .venv/bin/python bench/versions.py --data ../shared/data --base REV [--encoder minilm] [--rounds 6]
                                       [--content knowledge] [--questions 712]

The base is `git archive REV bot` unpacked in a temporary folder; the other side is this checkout's bot/. Each
version builds its own index of the content (in process, with its own code) and is loaded with its own modules, so
both live in one process and take turns: each round asks every question of perf.py's pool (StackFAQ queries and the
article's held-out questions, shuffled, all different) of one version, then of the other, the answer cache off
and the encoder's cache of recent questions emptied before each round; while one version takes its turn, its own
modules are those of sys.modules (the engine imports some as it first needs them). The
figure is CPU time per question, the best round and the median over the rounds after the first (whose lazily
filled caches are part of a server's first minutes, not of its steady state). Taking turns in one process shares
the machine's load between both, so the ratio holds where the absolute figures move with other work on the machine.

It also prints how many of the answers differ (the whole Answer JSON): 0 for a change meant to save time only.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from perf import question_pool  # noqa: E402  (the same questions as bench/perf.py)


def _unpack(rev: str, into: Path) -> Path:
    """bot/ at a revision, as a folder that can go first on sys.path."""
    archive = subprocess.run(["git", "archive", "--format=tar", rev, "bot"], cwd=ROOT, capture_output=True, check=True)
    into.mkdir(parents=True)
    with tempfile.TemporaryFile() as fh:
        fh.write(archive.stdout)
        fh.seek(0)
        with tarfile.open(fileobj=fh) as tar:
            # our own repository's files; the "data" filter where this Python has it (3.11.4 on)
            tar.extractall(into, **({"filter": "data"} if hasattr(tarfile, "data_filter") else {}))
    return into


def _ours(modules: dict) -> dict:
    return {name: m for name, m in modules.items() if name == "bot" or name.startswith("bot.")}


def _install(modules: dict) -> None:
    """Make these the bot.* modules of sys.modules (the engine imports some of its modules as it first needs them:
    each version must find its own)."""
    for name in _ours(sys.modules):
        del sys.modules[name]
    sys.modules.update(modules)


def _forget_questions(modules: dict) -> None:
    """Empty the sentence encoder's cache of recent questions (bot/semantic.py): the pool's questions are all
    different, and a round must not find them encoded by the one before."""
    reading = getattr(modules.get("bot.semantic"), "_reading", None)
    if reading is not None:
        reading.cache_clear()


def _load(tree: Path, content: Path, index_dir: Path, encoder: str):
    """The version of bot/ in `tree`: (a Bot of its own build, its modules), imported afresh."""
    _install({})
    sys.path.insert(0, str(tree))
    try:
        from bot.build import build
        from bot.engine import Bot
        from bot.settings import Settings

        build(content, index_dir, encoder=encoder)
        bot = Bot.from_index(Settings(content_dir=str(content), index_dir=str(index_dir), answer_cache=0))
        bot.ask("warm up")  # what the first question imports
        return bot, _ours(sys.modules)
    finally:
        sys.path.remove(str(tree))


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--data", type=Path, required=True, help="the shared evaluation data (../shared/data)")
    p.add_argument("--base", required=True, help="the revision to compare this checkout with (e.g. HEAD~3, a tag)")
    p.add_argument("--encoder", default="", help="build both indexes with this encoder (minilm); lexical by default")
    p.add_argument("--content", type=Path, default=ROOT / "knowledge")
    p.add_argument("--rounds", type=int, default=6)
    p.add_argument("--questions", type=int, default=712)
    a = p.parse_args(argv)
    if a.rounds < 2:
        p.error("--rounds: at least 2 (the first round is left out of the median)")
    questions = list(dict.fromkeys(question_pool(a.data)))[: a.questions]
    head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout
    before = _ours(sys.modules)
    try:
        with tempfile.TemporaryDirectory(prefix="faqbot-versions-") as tmp:
            work = Path(tmp)
            bots = {f"base {a.base}": _load(_unpack(a.base, work / "base"), a.content, work / "index-base", a.encoder),
                    f"this checkout ({head.strip()})": _load(ROOT, a.content, work / "index-checkout", a.encoder)}
            answers = {}
            for label, (bot, modules) in bots.items():
                _install(modules)
                answers[label] = [json.dumps(bot.ask(q).to_dict(), sort_keys=True) for q in questions]
            base, ours = answers.values()
            differ = sum(x != y for x, y in zip(base, ours))
            times: dict[str, list[float]] = {label: [] for label in bots}
            for _ in range(a.rounds):
                for label, (bot, modules) in bots.items():
                    _install(modules)
                    _forget_questions(modules)
                    start = time.process_time()
                    for q in questions:
                        bot.ask(q)
                    times[label].append((time.process_time() - start) / len(questions) * 1e3)
    finally:
        _install(before)  # the caller's own modules back
    mode = a.encoder or "lexical"
    print(f"{len(questions)} questions, {a.content.name}, {mode}, {a.rounds} rounds taken in turns; "
          f"answers that differ: {differ} of {len(questions)}")
    print("\n| version | CPU ms per question, best round | median after the first |\n|---|---:|---:|")
    for label, ts in times.items():
        print(f"| {label} | {min(ts):.3f} | {statistics.median(ts[1:]):.3f} |")
    (b_best, o_best), (b_med, o_med) = ([min(t) for t in times.values()],
                                        [statistics.median(t[1:]) for t in times.values()])
    print(f"\nthis checkout / base: {o_best / b_best:.3f} (best rounds), {o_med / b_med:.3f} (medians)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
