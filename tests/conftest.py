"""Shared fixtures: a built index of the shipped knowledge base, and fresh settings per test."""

from __future__ import annotations

import importlib
import os
import secrets
import shutil
from pathlib import Path
from urllib.parse import quote

import pytest

from bot.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
KNOWLEDGE = ROOT / "knowledge"
DATA = ROOT / "tests" / "data"


@pytest.fixture(scope="session")
def article_index(tmp_path_factory) -> Path:
    """The shipped knowledge base, built once per test session (read-only for tests)."""
    from bot.build import build

    index_dir = tmp_path_factory.mktemp("article-index")
    build(KNOWLEDGE, index_dir)
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


# ---- PostgreSQL and Redis for the shared-state tests ---------------------------------------------
# In CI (CI=true) a missing server is a failure: .ci/run starts both, and a test that silently skips there
# would hide a broken setup. Elsewhere the test skips and says what to start.

def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in ("1", "true", "yes")


def require_service(env: str, what: str) -> str:
    """The URL in `env`, or skip (outside CI) / fail (in CI) saying what to start."""
    url = os.environ.get(env, "").strip()
    if url:
        return url
    message = (f"{env} is not set: start a {what} server and set it to its URL "
               f"(`source .ci/services.sh && start_services` starts PostgreSQL and Redis on 127.0.0.1 and sets both)")
    if in_ci():
        pytest.fail(f"{message} (in CI .ci/run starts it)", pytrace=False)
    pytest.skip(message)


def require_module(name: str):
    """Import a client library the service tests need: a failure in CI, a skip elsewhere."""
    try:
        return importlib.import_module(name)
    except ImportError:
        if in_ci():
            pytest.fail(f"the {name} package is missing (pip install -e '.[test]')", pytrace=False)
        pytest.skip(f"the {name} package is missing (pip install -e '.[test]')")


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
