"""Apps for tests: build the index as `faqbot serve` does, then the real factory loads what is published."""

from __future__ import annotations

import shutil
from pathlib import Path

from bot.build import ensure
from bot.settings import Settings
from web import create_app

KB_SMALL = Path(__file__).resolve().parent / "data" / "kb-small"


def app_maker(content, root, **defaults):
    """make(**overrides) -> a built app on `content`, its index and SQLite log under root/instance (a second
    call is a restart); make.content and make.db name the folder and the database."""

    def make(**overrides):
        values = dict(content_dir=str(content), index_dir=str(root / "instance" / "index"),
                      database_url=f"sqlite:///{root}/instance/faqbot.sqlite3", rate_limit="0")
        values.update(defaults)
        values.update(overrides)
        return built_app(Settings(**values))

    make.content = content
    make.db = root / "instance" / "faqbot.sqlite3"
    return make


def small_kb_maker(root: Path):
    """app_maker on a private copy of the small knowledge base (tests/data/kb-small) in root/content."""
    shutil.copytree(KB_SMALL, root / "content")
    return app_maker(root / "content", root)


def built_app(settings: Settings):
    """create_app(settings) after making sure the content folder's index is published (like `faqbot serve`)."""
    ensure(settings.content_dir, settings.index_dir, keep=settings.keep_versions, load=False,
           encoder=settings.encoder)
    return create_app(settings)
