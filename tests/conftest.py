"""Shared fixtures: a built index of the shipped knowledge base, and fresh settings per test."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
KNOWLEDGE = ROOT / "knowledge"
DATA = ROOT / "tests" / "data"


@pytest.fixture(scope="session")
def article_index(tmp_path_factory) -> Path:
    """The shipped knowledge base, built once per test session (read-only for tests)."""
    from bot import artifact

    index_dir = tmp_path_factory.mktemp("article-index")
    artifact.build(KNOWLEDGE, index_dir)
    return index_dir


@pytest.fixture(scope="session")
def article_bot(article_index):
    """A Bot over the shipped knowledge base at the default threshold."""
    from bot.engine import Bot

    return Bot.from_index(Settings(content_dir=str(KNOWLEDGE), index_dir=str(article_index)))


@pytest.fixture
def content_copy(tmp_path) -> Path:
    """A writable copy of the shipped knowledge base."""
    dst = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE, dst)
    return dst
