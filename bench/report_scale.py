"""How `faqbot report` scales with the question log: wall time and peak memory, a baseline beside this tree.

    .venv/bin/python bench/report_scale.py --rows 100000 1000000 [--baseline main] [--keep DIR]

For each N it writes a synthetic log of N questions to a SQLite file the way `faqbot serve` does (Store.entry and
Store.log_questions in batches of question_log.BATCH, Store.log_feedback per vote), with the clock set to spread it
over 180 days: 60% confident answers, 9% low-confidence ones, 24% unanswered, 7% small talk; the phrasings of each
kind repeat by a Zipf-like law over a pool that grows with N (so most unanswered phrasings are rare and a few are
asked thousands of times), 1 visitor in 8 has no address logged, and about 3% of the answers get a thumbs vote.
Each tree reads its own copy of that log, opened first by its Store (indexes a tree makes on open are neither read
by the other nor timed). It then runs `faqbot report`, `--json` and `--since 7` as subprocesses, with the code of the
baseline (a git ref, exported with `git archive` into a temporary folder and put first on PYTHONPATH) and with this
tree, and prints each run's wall time and peak RSS (os.wait4's rusage of that child) and whether both printed the same.
Figures only: never part of the test pass/fail.
"""

from __future__ import annotations

import argparse
import itertools
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
import types
from pathlib import Path

TREE = Path(__file__).resolve().parent.parent
DAY = 86_400
TOPICS = ["gift cards", "parking", "sunday opening", "dogs", "children", "payment by card", "botox", "fillers",
          "laser hair removal", "tattoo removal", "a chemical peel", "swimming", "alcohol", "sunbathing", "makeup",
          "pregnancy", "acne scars", "stretch marks", "numbing cream", "a refund", "cancellation", "a voucher",
          "student discount", "wheelchair access", "evening appointments", "bank holidays", "a consultation",
          "skin types", "dark skin", "rosacea", "eczema", "medication", "blood thinners", "retinol", "vitamin c",
          "the gym", "the sauna", "flying", "a wedding", "photos", "a group booking", "a gift box", "the price list",
          "finance", "klarna", "insurance", "a prescription", "side effects", "bruising", "swelling", "itching",
          "peeling skin", "a second session", "results", "men", "teenagers", "older skin", "the neck", "the hands"]
TEMPLATES = ["do you do {t}", "can I ask about {t}", "what about {t}?", "is {t} ok", "{t}?", "tell me about {t}",
             "how much for {t}", "do you offer {t}", "any info on {t}", "question about {t} please",
             "Is {t} possible after microneedling", "what do you say about {t}", "{t} - is that a thing?",
             "can you help with {t}", "when is {t}"]
TAILS = ["", "", "", " thanks", " please", " for my mum", " next week", " in summer", " in december",
         " after the treatment", " before the treatment", " if I'm 17", " on a friday", " with a friend",
         " for two people", " tomorrow", " asap", " :)", "!!", " ???"]
ANSWERED = ["how long does redness last", "what does microneedling cost", "aftercare", "can I wear makeup after",
            "how many sessions do I need", "does it hurt", "where are you", "opening hours", "how to book",
            "what is microneedling", "is it safe", "downtime"]
SMALLTALK = ["hello", "hi", "thanks!", "thank you", "bye", "ok", "cool", "good morning"]
SECTIONS = [f"microneedling/section-{i}" for i in range(40)]


def phrasing(n: int) -> str:
    """The n-th unanswered phrasing: topic x template x tail, then numbered (rare one-offs) past those."""
    t, rest = n % len(TOPICS), n // len(TOPICS)
    m, tail = rest % len(TEMPLATES), rest // len(TEMPLATES)
    text = TEMPLATES[m].format(t=TOPICS[t]) + TAILS[tail % len(TAILS)]
    return text if tail < len(TAILS) else f"{text} (order {tail})"


def zipf(rng: random.Random, pool: int, cum: list[float]) -> int:
    """A rank in [0, pool) by Zipf's law with exponent 1.1 (`cum`: the cumulative weights)."""
    import bisect

    return min(pool - 1, bisect.bisect_left(cum, rng.random() * cum[-1]))


def build(url: str, n: int, seed: int = 55) -> float:
    """A log of n questions over 180 days, written through the store as `faqbot serve` writes it; the seconds spent
    in Store.log_questions (what the log's indexes cost a writer)."""
    import bot.store as store_module
    from bot.model import Answer
    from bot.question_log import BATCH
    from bot.store import Store

    clock = [0.0]
    store_module.time = types.SimpleNamespace(time=lambda: clock[0], monotonic=time.monotonic)  # the log's clock
    rng = random.Random(seed)
    store = Store(url, salt=b"b" * 32)
    store.init()
    pool = max(2_000, n // 8)  # distinct unanswered phrasings to draw from: grows with the log
    cum = list(itertools.accumulate(1 / (r + 1) ** 1.1 for r in range(pool)))
    low_cum = cum[:max(200, n // 200)]
    visitors = max(100, n // 6)
    now = time.time()
    batch, votes = [], []
    writing = 0.0
    for i in range(n):
        clock[0] = now - 180 * DAY * (1 - (i / n) ** 0.8) - rng.random() * 60  # more questions lately
        roll = rng.random()
        if roll < 0.60:
            text, kind, sid, conf = rng.choice(ANSWERED), "answer", rng.choice(SECTIONS), rng.uniform(0.65, 1.0)
        elif roll < 0.69:
            text = phrasing(zipf(rng, len(low_cum), low_cum) + 7)
            kind, sid, conf = "answer", rng.choice(SECTIONS), rng.uniform(0.5, 0.65)
        elif roll < 0.93:
            text, kind, sid, conf = phrasing(zipf(rng, pool, cum)), "no_answer", None, rng.uniform(0.0, 0.5)
            if rng.random() < 0.1:  # the same question typed another way
                text = rng.choice([text.upper(), text.capitalize() + "?", "  " + text.replace(" ", "  ")])
        else:
            text, kind, sid, conf = rng.choice(SMALLTALK), "smalltalk", None, 0.0
        address = None if rng.random() < 0.125 else f"10.{rng.randrange(visitors) // 65536}.{rng.randrange(256)}.{rng.randrange(256)}"
        answer = Answer(question=text, answered=kind == "answer", kind=kind, answer="...", section_id=sid,
                        confidence=conf)
        batch.append(store.entry(answer, address=address, index_version="bench"))
        if kind == "answer" and rng.random() < 0.05:
            votes.append((clock[0] + 30, text, sid, rng.random() < 0.7, address))
        if len(batch) == BATCH or i == n - 1:
            start = time.perf_counter()
            store.log_questions(batch)
            writing += time.perf_counter() - start
            batch = []
    for at, text, sid, helpful, address in votes:
        clock[0] = at
        store.log_feedback(text, sid, helpful, address)
    return writing


def run(tree: Path, args: list[str], url: str, cwd: str) -> tuple[float, float, bytes]:
    """`faqbot report ARGS` with the code in `tree`: seconds, peak RSS in MB, what it printed."""
    env = {**os.environ, "PYTHONPATH": str(tree), "FAQBOT_DATABASE_URL": url,
           "FAQBOT_INDEX_DIR": str(Path(cwd) / "no-index")}
    out = Path(cwd) / "out.txt"
    with out.open("wb") as f:
        start = time.perf_counter()
        proc = subprocess.Popen([sys.executable, "-c", "import sys; from web.cli import main; sys.exit(main())",
                                 "report", *args], env=env, cwd=cwd, stdout=f, stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode:
        raise SystemExit(f"faqbot report {' '.join(args)} ({tree}) exited {proc.returncode}")
    return seconds, usage.ru_maxrss / 1024, out.read_bytes()


def same(old: bytes, new: bytes) -> str:
    """'yes', 'yes but the note' (this tree says how many phrasings it did not cluster), or how many lines differ
    (with --since the cut moves between the runs: a question asked then is in one and not the other)."""
    if old == new:
        return "yes"
    note = re.compile(rb'^.*(not grouped by topic: only|"(unanswered|low_confidence)_not_clustered").*\n', re.M)
    old_lines, new_lines = old.splitlines(), note.sub(b"", new).splitlines()
    if old_lines == new_lines:
        return "yes but the note"
    return f"{sum(a != b for a, b in zip(old_lines, new_lines)) + abs(len(old_lines) - len(new_lines))} lines differ"


def arguments(description: str) -> argparse.Namespace:
    """--rows, --baseline and --keep, as this benchmark and bench/dashboard_scale.py read them."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--rows", type=int, nargs="+", default=[100_000])
    parser.add_argument("--baseline", default="main", help="git ref to compare with (default main)")
    parser.add_argument("--keep", help="folder to keep (and reuse) the generated logs in")
    return parser.parse_args()


def baseline_tree(tmp: str, ref: str) -> Path:
    """The code of a git ref, exported with `git archive` into tmp/baseline."""
    base = Path(tmp) / "baseline"
    base.mkdir()
    archive = subprocess.run(["git", "-C", str(TREE), "archive", ref], check=True, capture_output=True)
    subprocess.run(["tar", "-x", "-C", str(base)], input=archive.stdout, check=True)
    return base


def log_of(logs: Path, n: int) -> str:
    """The URL of a synthetic log of n rows in `logs`, written first unless it is there (--keep)."""
    path = logs / f"log-{n}.sqlite3"
    url = f"sqlite:///{path}"
    if not path.exists():
        start = time.perf_counter()
        sys.path.insert(0, str(TREE))
        writing = build(url, n)
        print(f"# wrote {n:,} rows in {time.perf_counter() - start:.0f} s: {path.stat().st_size / 1e6:.0f} MB; "
              f"Store.log_questions {n / writing:,.0f} rows/s (this tree's indexes)", flush=True)
    return url


def copies(url: str, tmp: str, trees: dict[str, Path]) -> dict[str, str]:
    """A copy of the log at `url` for each tree, opened once by that tree's Store (its schema and indexes made, the
    time it takes printed): what one tree makes of the file is not read by the other, nor timed in a run."""
    found = {}
    for name, tree in trees.items():
        path = Path(tmp) / f"{name}-{Path(url).name}"
        shutil.copyfile(url[len("sqlite:///"):], path)
        found[name] = f"sqlite:///{path}"
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", "import sys; from bot.store import Store; Store(sys.argv[1]).init()",
                        found[name]], env={**os.environ, "PYTHONPATH": str(tree)}, check=True)
        print(f"# {name}: opened its copy in {time.perf_counter() - start:.1f} s", flush=True)
    return found


def compare(doc: str, what: str, width: int, runs) -> None:
    """The main of this benchmark and of bench/dashboard_scale.py (`doc`: its docstring, `what`: what it runs): for
    each --rows N, the log of N rows and each tree's copy of it, then one printed row for each (label, baseline's
    (seconds, MB, ...), this tree's, same) that runs(n, tmp, (baseline tree, its log's URL), (this tree, its log's
    URL)) yields."""
    opts = arguments(doc.split("\n")[0])
    with tempfile.TemporaryDirectory(prefix=f"{what}-scale-") as tmp:
        base = baseline_tree(tmp, opts.baseline)
        logs = Path(opts.keep) if opts.keep else Path(tmp)
        logs.mkdir(parents=True, exist_ok=True)
        print(f"{'rows':>9}  {what:<{width}}  {opts.baseline + ' s':>9}  {'MB':>6}  {'this s':>8}  {'MB':>6}  same")
        for n in opts.rows:
            urls = copies(log_of(logs, n), tmp, {opts.baseline: base, "this": TREE})
            for label, old, new, alike in runs(n, tmp, (base, urls[opts.baseline]), (TREE, urls["this"])):
                print(f"{n:>9,}  {label:<{width}}  {old[0]:>9.1f}  {old[1]:>6.0f}  {new[0]:>8.1f}  {new[1]:>6.0f}  "
                      f"{alike}", flush=True)


def reports(n: int, tmp: str, base: tuple[Path, str], this: tuple[Path, str]):
    """`faqbot report`, `--json` and `--since 7` with each tree on its copy of the log (see compare)."""
    for args in ([], ["--json"], ["--since", "7"]):
        old = run(base[0], args, base[1], tmp)
        new = run(this[0], args, this[1], tmp)
        yield " ".join(["report", *args]), old, new, same(old[2], new[2])


def main() -> None:
    compare(__doc__, "report", 16, reports)


if __name__ == "__main__":
    main()
