"""The Flask app: `create_app(settings=None)` builds one app with one Bot for this process."""

from __future__ import annotations

import logging
import os
from pathlib import Path

from flask import Flask, Response, g, request

from bot.settings import Settings
from bot.store import Store, StoreError, load_salt

from . import api, openapi, pages
from .errors import is_api_request, register_error_handlers
from .guards import install_cors, install_rate_limit, install_security_headers

log = logging.getLogger(__name__)

MAX_BODY_BYTES = 16 * 1024  # a question is at most a few hundred characters; anything bigger is refused (413)


def create_app(settings: Settings | None = None, build_index: bool = True) -> Flask:
    """The application factory: settings default to FAQBOT_* environment variables over the defaults.

    build_index=False serves the published index as it is: a worker started (or restarted) by `faqbot serve`
    must not build and publish the content folder's current state, which an editor may be halfway through.
    """
    from bot.engine import Bot  # imported here so `import web` stays cheap for tooling

    settings = Settings.from_env() if settings is None else settings
    # The instance folder holds machine-local state (index, SQLite log, salt): the parent of the index folder,
    # which is instance/ by default.
    instance = Path(settings.index_dir).resolve().parent
    app = Flask(__name__, instance_path=str(instance))
    app.config["MAX_CONTENT_LENGTH"] = MAX_BODY_BYTES
    app.json.sort_keys = False  # keep the field order of CONTRACT.md
    app.config["FAQBOT_SETTINGS"] = settings
    if settings.proxy_hops:
        from werkzeug.middleware.proxy_fix import ProxyFix

        # Trust exactly that many proxies' X-Forwarded-For/-Proto: request.remote_addr (the rate-limit key and
        # the logged client hash) becomes the visitor's address, and a visitor cannot forge it past the proxies.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=settings.proxy_hops, x_proto=settings.proxy_hops)

    bot = Bot.from_settings(settings) if build_index else Bot.from_index(settings)
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
    install_rate_limit(app, settings, endpoints=("api.ask", "api.feedback"), admin_endpoints=("api.reindex",))
    install_cors(app, settings)
    install_security_headers(app, settings)

    @app.before_request
    def pin_the_index() -> None:
        # Cheap (a file check per reload_interval, nothing at all when a watcher thread does it): a version
        # published by another worker or machine is served from here on. The request then holds the version
        # current now, so everything it answers comes from one complete index even if a new one is swapped in.
        if not app.config.get("FAQBOT_WATCHED"):  # `faqbot serve` on gevent watches in a native thread
            bot.maybe_reload()
        g.faqbot_served = bot.current()

    @app.after_request
    def tell_who_answered(response: Response) -> Response:
        # Which worker and index version produced this response: how an operator (or a test) sees every
        # worker switch versions, behind a proxy that spreads requests over workers and machines.
        # For the access log (FAQBOT_ACCESS_LOG_FORMAT's %({faqbot.client}e)s), on every response, a 429
        # included: the keyed hash the database stores, never the address itself.
        request.environ["faqbot.client"] = store.client_hash(request.remote_addr) or "-"
        served = g.get("faqbot_served")
        if served is not None and is_api_request():
            response.headers["Faqbot-Index-Version"] = served.version
            response.headers["Faqbot-Worker"] = str(os.getpid())
        return response

    return app


def _salt(path: Path) -> bytes:
    try:
        return load_salt(path)
    except OSError as e:
        # Still never store clear addresses: fall back to a per-process salt (hashes then differ per worker).
        log.warning("cannot keep the address salt in %s (%s); using a per-process salt", path, e)
        return os.urandom(32)
