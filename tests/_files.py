"""Writing test content files (shared by the ingestion, bad-content and fuzz tests)."""

from __future__ import annotations

from pathlib import Path


def write(folder: Path, rel: str, data: str | bytes) -> Path:
    """Create folder/rel (and its parents) holding exactly these bytes (text as UTF-8, no newline translation)."""
    path = folder / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return path
