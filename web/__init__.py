"""faqbot's web layer: the Flask app (`create_app`), its API and pages, `faqbot serve`.

`web:create_app()` is the WSGI entry point of CONTRACT.md. Flask is imported only when an app is made,
so the CLI (web.cli) starts without it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from flask import Flask

    from bot.settings import Settings


def create_app(settings: "Settings | None" = None) -> "Flask":
    """The application factory: one app serving the published index; settings default to FAQBOT_* variables."""
    from .app import create_app as _create_app

    return _create_app(settings)
