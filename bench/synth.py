"""Reproducible synthetic knowledge bases for the performance benchmark.

    .venv/bin/python bench/synth.py --data ../shared/data --sections 20000 --out /tmp/kb-20000

Recombines the StackFAQ entries (read from --data, never copied into the repository) and the
article's sections (knowledge/) into N distinct sections, written as FAQ tables (CSV files with
the columns id,question,answer, 1,000 rows each) that faqbot's normal build path reads.

- The 125 StackFAQ entries and the article's sections come first, unchanged, so benchmark
  questions have real targets.
- Every other section: heading = a source heading with one or two words swapped or added
  (words drawn from the bodies, so by their real frequency) and a number word; body = 3-10
  sentences sampled from 2-4 different source bodies, in one or two paragraphs.
- Headings are distinct (folded), ids are distinct; the same seed and sources give the same files.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import random
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

ROWS_PER_FILE = 1000
_WORD = re.compile(r"[A-Za-z][a-z]{3,}")
_SENT = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'(])")
_ONES = ("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
         "sixteen seventeen eighteen nineteen").split()
_TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()


def number_word(n: int) -> str:
    """English words for 1 <= n <= 999 ("three hundred forty-two")."""
    out = []
    if n >= 100:
        out.append(_ONES[n // 100] + " hundred")
        n %= 100
    if n >= 20:
        out.append(_TENS[n // 10] + ("-" + _ONES[n % 10] if n % 10 else ""))
    elif n or not out:
        out.append(_ONES[n])
    return " ".join(out)


def source_entries(data_dir: Path, knowledge_dir: Path = ROOT / "knowledge") -> list[tuple[str, str]]:
    """(heading, body) of every StackFAQ entry, then of every section of the article."""
    from bot.ingest import load_knowledge

    out = []
    with open(data_dir / "stackfaq" / "corpus.jsonl", encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                e = json.loads(line)
                out.append((e["heading"], e["body"]))
    for s in load_knowledge(knowledge_dir).sections:
        out.append((s.heading, s.body))
    return out


def _fold(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", text.lower()))


def generate(entries: list[tuple[str, str]], n: int, seed: int = 1) -> list[tuple[str, str, str]]:
    """n rows (id, question, answer): the entries themselves first, then recombinations."""
    rng = random.Random(seed)
    bodies = [[s.strip() for s in _SENT.split(" ".join(b.split())) if len(s.strip()) > 20] for _, b in entries]
    bodies = [b for b in bodies if b]
    vocab = [w.lower() for _, b in entries for w in _WORD.findall(b)]
    rows: list[tuple[str, str, str]] = []
    seen: set[str] = set()
    for heading, body in entries[:n]:
        key = _fold(heading)
        if key in seen:
            continue
        seen.add(key)
        rows.append((f"s{len(rows):06d}", heading, body))
    while len(rows) < n:
        base, _ = entries[rng.randrange(len(entries))]
        toks = base.rstrip("?.!").split()
        for _ in range(rng.randint(1, 2)):
            word = vocab[rng.randrange(len(vocab))]
            if rng.random() < 0.5 and len(toks) > 2:
                toks[rng.randrange(1, len(toks))] = word
            else:
                toks.insert(rng.randrange(1, len(toks) + 1), word)
        heading = " ".join(toks) + f" ({number_word(rng.randint(1, 999))})" + ("?" if base.endswith("?") else "")
        key = _fold(heading)
        if key in seen:
            continue
        seen.add(key)
        picked: list[str] = []
        for b in rng.sample(bodies, rng.randint(2, 4)):
            k = rng.randint(1, min(4, len(b)))
            start = rng.randrange(len(b) - k + 1)
            picked.extend(b[start:start + k])
        picked = picked[: rng.randint(3, 10)]
        cut = rng.randint(1, len(picked)) if len(picked) > 3 else len(picked)
        answer = " ".join(picked[:cut]) + ("\n\n" + " ".join(picked[cut:]) if picked[cut:] else "")
        rows.append((f"s{len(rows):06d}", heading, answer))
    return rows


def write(rows: list[tuple[str, str, str]], out: Path) -> list[Path]:
    """Write rows as kb-NNNN.csv files of ROWS_PER_FILE rows; returns the files."""
    out.mkdir(parents=True, exist_ok=True)
    files = []
    for k in range(0, len(rows), ROWS_PER_FILE):
        path = out / f"kb-{k // ROWS_PER_FILE + 1:04d}.csv"
        with open(path, "w", encoding="utf-8", newline="") as fh:
            w = csv.writer(fh)
            w.writerow(("id", "question", "answer"))
            w.writerows(rows[k:k + ROWS_PER_FILE])
        files.append(path)
    return files


def make(data_dir: Path, n: int, out: Path, seed: int = 1) -> Path:
    """Generate the n-section knowledge base into out unless an identical one is already there."""
    entries = source_entries(Path(data_dir))
    stamp = hashlib.sha256(json.dumps([n, seed, ROWS_PER_FILE, entries]).encode()).hexdigest()[:16]
    marker = out.with_name(out.name + ".stamp")  # beside, not inside, the content folder
    if marker.is_file() and marker.read_text().strip() == stamp:
        return out
    if out.exists():
        for p in out.glob("kb-*.csv"):
            p.unlink()
    write(generate(entries, n, seed), out)
    marker.write_text(stamp + "\n")
    return out


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--data", required=True, type=Path, help="the shared data folder (holds stackfaq/)")
    p.add_argument("--sections", type=int, required=True)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--out", type=Path, required=True, help="folder to write the CSV files into")
    a = p.parse_args(argv)
    make(a.data, a.sections, a.out, a.seed)
    print(f"{a.sections} sections in {a.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
