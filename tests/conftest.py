"""Shared fixtures: a built index of the shipped knowledge base, and fresh settings per test."""

from __future__ import annotations

import secrets
import shutil
from pathlib import Path
from urllib.parse import quote

import pytest

from bot.settings import Settings

from _env import DATA, KNOWLEDGE, ROOT, in_ci, require_module, require_service  # noqa: F401  (shared helpers)


@pytest.fixture(scope="session")
def article_index(tmp_path_factory) -> Path:
    """The shipped knowledge base, built once per test session (read-only for tests)."""
    from bot.build import build

    index_dir = tmp_path_factory.mktemp("article-index")
    build(KNOWLEDGE, index_dir)
    return index_dir


@pytest.fixture(scope="session")
def small_index(tmp_path_factory) -> Path:
    """The small knowledge base (tests/data/kb-small), built once per test session (read-only for tests)."""
    from bot.build import build

    index_dir = tmp_path_factory.mktemp("small-index")
    build(ROOT / "tests" / "data" / "kb-small", index_dir)
    return index_dir


@pytest.fixture(scope="session")
def article_bot(article_index):
    """A Bot over the shipped knowledge base at the default threshold."""
    from bot.engine import Bot

    return Bot.from_index(Settings(content_dir=str(KNOWLEDGE), index_dir=str(article_index)))


@pytest.fixture(scope="session")
def faq_bots(tmp_path_factory) -> dict:
    """Bots over the three dev small FAQs of tests/data/faqs, as site owners write them (no alternates, no
    synonyms), built once per test session (read-only for tests): {"dentist": Bot, ...}."""
    from bot.build import build
    from bot.engine import Bot

    bots = {}
    for name in ("dentist", "bike-shop", "yoga-studio"):
        content = DATA / "faqs" / name
        index = tmp_path_factory.mktemp(name)
        build(content, index)
        bots[name] = Bot.from_index(Settings(content_dir=str(content), index_dir=str(index)))
    return bots


@pytest.fixture
def content_copy(tmp_path) -> Path:
    """A writable copy of the shipped knowledge base."""
    dst = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE, dst)
    return dst


# ---- PostgreSQL and Redis for the shared-state tests ---------------------------------------------
# In CI (CI=true) a missing server is a failure: .ci/run starts both, and a test that silently skips there
# would hide a broken setup. Elsewhere the test skips and says what to start.

@pytest.fixture
def postgres_url():
    """A private schema on the test PostgreSQL server (FAQBOT_TEST_POSTGRES_URL), dropped afterwards."""
    base = require_service("FAQBOT_TEST_POSTGRES_URL", "PostgreSQL")
    psycopg = require_module("psycopg")
    schema = "faqbot_test_" + secrets.token_hex(4)
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    sep = "&" if "?" in base else "?"
    yield f"{base}{sep}options={quote(f'-csearch_path={schema}')}"
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(f"DROP SCHEMA {schema} CASCADE")


@pytest.fixture
def redis_url() -> str:
    """The test Redis server (FAQBOT_TEST_REDIS_URL)."""
    url = require_service("FAQBOT_TEST_REDIS_URL", "Redis")
    require_module("redis")
    return url
