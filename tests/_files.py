"""Writing test content files (shared by the ingestion, bad-content and fuzz tests)."""

from __future__ import annotations

from pathlib import Path


def write(folder: Path, rel: str, data: str | bytes) -> Path:
    """Create folder/rel (and its parents) holding exactly these bytes (text as UTF-8, no newline translation)."""
    path = folder / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return path


def csv_bot(folder: Path, rows: str | list[str], encoder: str = ""):
    """A Bot over one CSV FAQ (`question,answer[,alternates]` lines after its header) built into folder."""
    from bot.build import build
    from bot.engine import Bot
    from bot.settings import Settings

    text = rows if isinstance(rows, str) else "\n".join(rows) + "\n"
    write(folder / "content", "faq.csv", text)
    build(folder / "content", folder / "index", encoder=encoder)
    return Bot.from_index(Settings(content_dir=str(folder / "content"), index_dir=str(folder / "index")))
