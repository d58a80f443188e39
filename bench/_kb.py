"""Knowledge bases for benchmarks: StackFAQ as a CSV content folder, and a faqbot index built from a folder.

Shared by bench/quality.py and the performance benchmark; keep it small and its signatures stable.
The evaluation data is read from wherever it lives and written only to temporary folders, never into
the repository.
"""

from __future__ import annotations

import csv
import json
import os
from pathlib import Path

STACKFAQ_DOCUMENT = "stackfaq"  # the CSV is written as <dir>/stackfaq.csv, so section ids are stackfaq/<id>


def read_jsonl(path: str | os.PathLike) -> list[dict]:
    """Every non-blank line of a JSON-lines file, parsed."""
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def write_stackfaq_csv(corpus: str | os.PathLike, out_dir: str | os.PathLike) -> dict[str, str]:
    """Write a corpus.jsonl ({id, heading, body}) as <out_dir>/stackfaq.csv (columns id,question,answer).

    Returns {corpus id: faqbot section id}. faqbot's CSV ingestion names a row's section
    `<document>/<slugify(id)>`; the mapping is computed with the same slugify.
    """
    from bot.ingest import document_slug
    from bot.text import slugify

    rows = read_jsonl(corpus)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    name = f"{STACKFAQ_DOCUMENT}.csv"
    with open(out / name, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["id", "question", "answer"])
        for r in rows:
            w.writerow([r["id"], r["heading"], r["body"]])
    doc = document_slug(name)
    return {r["id"]: f"{doc}/{slugify(r['id'])}" for r in rows}


def build_index(content_dir: str | os.PathLike, index_dir: str | os.PathLike) -> Path:
    """Build a faqbot index for a content folder the way `faqbot build --content DIR --index DIR` does.

    Raises RuntimeError (with faqbot's own message on stderr) if the build fails. Returns index_dir.
    """
    from bot.cli import main

    code = main(["build", "--content", str(content_dir), "--index", str(index_dir), "--quiet"])
    if code != 0:
        raise RuntimeError(f"faqbot build --content {content_dir} failed (exit {code})")
    return Path(index_dir)


def load_bot(index_dir: str | os.PathLike, content_dir: str | os.PathLike | None = None):
    """A faqbot Bot serving a built index, with the configured settings (FAQBOT_* apply, as for `faqbot`)."""
    from bot.engine import Bot
    from bot.settings import Settings

    settings = Settings.from_env(index_dir=str(index_dir),
                                 content_dir=None if content_dir is None else str(content_dir))
    return Bot.from_index(settings)
