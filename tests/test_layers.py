"""The layers point down: nothing under bot/ imports web/ or Flask's world; the app factory never builds."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from bot.artifact import IndexUnavailable
from bot.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
WEB_WORLD = ("web", "flask", "werkzeug", "flask_limiter", "limits", "gunicorn", "jinja2")


def _imports(path: Path) -> set[str]:
    """Top-level names of every module a file imports (at any depth of the file: lazy imports count)."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(a.name.split(".")[0] for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("path", sorted((ROOT / "bot").rglob("*.py")), ids=lambda p: str(p.relative_to(ROOT)))
def test_bot_imports_nothing_from_the_web_layer(path):
    assert not _imports(path) & set(WEB_WORLD)


def test_the_walk_sees_imports():
    # The check above would pass on an empty import set: make sure it sees both kinds of import.
    assert {"flask", "bot"} <= _imports(ROOT / "web" / "app.py")


def test_the_app_factory_loads_only_what_is_published(tmp_path):
    from web import create_app

    settings = Settings(content_dir=str(ROOT / "knowledge"), index_dir=str(tmp_path / "index"),
                        database_url=f"sqlite:///{tmp_path}/db.sqlite3")
    with pytest.raises(IndexUnavailable, match="faqbot build"):
        create_app(settings)
    assert not (tmp_path / "index").exists() or not any((tmp_path / "index").iterdir())
