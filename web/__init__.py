"""The Flask app: `create_app(settings=None)` builds one app with one Bot for this process."""

from __future__ import annotations

import logging
import os
from pathlib import Path

from flask import Flask

from bot.settings import Settings
from bot.store import Store, StoreError, load_salt

from . import api, openapi, pages
from .errors import register_error_handlers
from .guards import install_cors, install_rate_limit, install_security_headers

log = logging.getLogger(__name__)

MAX_BODY_BYTES = 16 * 1024  # a question is at most a few hundred characters; anything bigger is refused (413)


def create_app(settings: Settings | None = None) -> Flask:
    """The application factory: settings default to FAQBOT_* environment variables over the defaults."""
    from bot.engine import Bot  # imported here so `import web` stays cheap for tooling

    settings = Settings.from_env() if settings is None else settings
    # The instance folder holds machine-local state (index, SQLite log, salt): the parent of the index folder,
    # which is instance/ by default.
    instance = Path(settings.index_dir).resolve().parent
    app = Flask(__name__, instance_path=str(instance))
    app.config["MAX_CONTENT_LENGTH"] = MAX_BODY_BYTES
    app.json.sort_keys = False  # keep the field order of CONTRACT.md
    app.config["FAQBOT_SETTINGS"] = settings

    bot = Bot.from_settings(settings)
    store = Store(settings.database_url, salt=_salt(instance / "faqbot-ip-salt"))
    try:
        store.init()
    except StoreError as e:  # answering must not depend on the log; /api/health reports it
        log.warning("question log unavailable (%s); answering without it", e)
    app.extensions["faqbot"] = bot
    app.extensions["faqbot.store"] = store

    register_error_handlers(app)
    app.register_blueprint(api.bp)
    app.register_blueprint(pages.bp)
    app.register_blueprint(openapi.bp)
    install_rate_limit(app, settings, endpoints=("api.ask", "api.feedback"))
    install_cors(app, settings)
    install_security_headers(app, settings)

    @app.before_request
    def pick_up_new_index() -> None:
        # Cheap (a file check per reload_interval): a version published by another worker is served from here on.
        bot.maybe_reload()

    return app


def _salt(path: Path) -> bytes:
    try:
        return load_salt(path)
    except OSError as e:
        # Still never store clear addresses: fall back to a per-process salt (hashes then differ per worker).
        log.warning("cannot keep the address salt in %s (%s); using a per-process salt", path, e)
        return os.urandom(32)
