"""Apps for tests: build the index as `faqbot serve` does, then the real factory loads what is published."""

from __future__ import annotations

from bot.build import ensure
from bot.settings import Settings
from web import create_app


def built_app(settings: Settings):
    """create_app(settings) after making sure the content folder's index is published (like `faqbot serve`)."""
    ensure(settings.content_dir, settings.index_dir, keep=settings.keep_versions, load=False,
           encoder=settings.encoder)
    return create_app(settings)
