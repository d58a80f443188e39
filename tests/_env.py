"""Paths and CI helpers shared by the tests (a module of its own: `conftest` names two files in this tree)."""

from __future__ import annotations

import importlib
import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
KNOWLEDGE = ROOT / "knowledge"
DATA = ROOT / "tests" / "data"


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


def bench_module(name: str):
    """A module of bench/ (its scripts import each other by bare name, so bench/ goes on the path to import it)."""
    import sys

    sys.path.insert(0, str(ROOT / "bench"))
    try:
        return importlib.import_module(name)
    finally:
        sys.path.remove(str(ROOT / "bench"))


def require_module(name: str):
    """Import a client library the service tests need: a failure in CI, a skip elsewhere."""
    try:
        return importlib.import_module(name)
    except ImportError:
        if in_ci():
            pytest.fail(f"the {name} package is missing (pip install -e '.[test]')", pytrace=False)
        pytest.skip(f"the {name} package is missing (pip install -e '.[test]')")
