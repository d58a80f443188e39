"""The Flask app factory: one app with one Bot for this process, serving the published index."""

from __future__ import annotations

import atexit
import json
import logging
import math
import os
import threading
import time
from pathlib import Path

from flask import Flask, Response, g, request

from bot import artifact
from bot.artifact import IndexUnavailable
from bot.build import served_content
from bot.engine import Bot
from bot.question_log import QuestionLog
from bot.settings import Settings
from bot.store import SALT_FILE, SaltError, Store, StoreError, load_salt

from . import admin, admin_auth, api, openapi, pages
from .errors import error_body, is_api_request, logged_path, register_error_handlers
from .cors import install_cors
from .guards import client_network, install_host_check, install_rate_limit, install_security_headers
from .metrics import install_metrics, scrape
from .offload import StoreOffTheLoop, on_gevent, store_writer, watch_off_the_loop
from .salts import SaltCheck, check_at_start, watch

log = logging.getLogger(__name__)

# Set by `faqbot serve` (web/cli.py) in gunicorn's arbiter, before the workers are forked, when no content folder was
# chosen (neither --content nor FAQBOT_CONTENT_DIR): each worker's create_app(settings) then follows the folder the
# published version was built from (Bot.content_dir), as create_app() does without FAQBOT_CONTENT_DIR.
FOLLOW_SERVED_CONTENT = False

MAX_BODY_BYTES = 16 * 1024  # a question is at most a few hundred characters; anything bigger is refused (413)
# (faqbot-widget.js sends fewer earlier questions as history when they would make a request larger: keep its MAX_BODY in step.)


def create_app(settings: Settings | None = None) -> Flask:
    """The application factory: settings default to FAQBOT_* environment variables over the defaults.

    It loads the published index as it is and never builds one (`faqbot build`, `faqbot serve` and
    POST /api/reindex do): a worker started or restarted by `faqbot serve` must not publish the content
    folder's current state, which an editor may be halfway through. Raises IndexUnavailable (naming the
    index folder and saying to run `faqbot build`) when nothing usable is published.
    """
    follow = FOLLOW_SERVED_CONTENT
    if settings is None:
        settings = Settings.from_env()
        if "FAQBOT_CONTENT_DIR" not in os.environ:  # as `faqbot serve`: reindex from the folder the index was built from
            settings = served_content(settings)
            follow = True
    # The instance folder holds machine-local state (index, SQLite log, salt): the parent of the index folder,
    # which is instance/ by default.
    instance = Path(settings.index_dir).resolve().parent
    app = Flask(__name__, instance_path=str(instance))
    app.config["MAX_CONTENT_LENGTH"] = MAX_BODY_BYTES
    app.json.sort_keys = False  # keep the field order of CONTRACT.md
    app.config["FAQBOT_SETTINGS"] = settings
    if settings.proxy_hops:
        from werkzeug.middleware.proxy_fix import ProxyFix

        # Trust exactly that many proxies' X-Forwarded-For/-Proto: request.remote_addr (hashed: the rate-limit key
        # and the logged client hash) becomes the visitor's address, and a visitor cannot forge it past the proxies.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=settings.proxy_hops, x_proto=settings.proxy_hops)

    # A version this release cannot read (a newer release's build, published before the restart): the newest kept
    # one it can read, so that a worker replaced meanwhile answers, not 503 until the restart.
    loaded, fallback = artifact.load_servable(Path(settings.index_dir))
    if fallback:
        log.warning("%s", fallback)
    bot = Bot(settings, loaded, follow_content=follow)
    bot.warm()  # a worker's first visitor must not pay for imports and first-use setup
    salt = _salt(instance / SALT_FILE)
    store = Store(settings.database_url, salt=salt)
    try:
        store.init()
    except StoreError as e:  # answering must not depend on the log; /api/health reports it
        log.warning("question log unavailable (%s); answering without it", e)
    app.extensions["faqbot"] = bot
    # The views' SQLite calls run in native threads on a gevent worker (`faqbot serve`), so that the loop keeps
    # serving the worker's other requests meanwhile; the question log's writer is given the Store itself.
    app.extensions["faqbot.store"] = StoreOffTheLoop(store) if on_gevent() and store.waits_on_files else store
    metrics = install_metrics(app)  # None without the metrics extra
    app.extensions["faqbot.metrics"] = metrics
    # Its writer thread starts with start_background(app); without one, rows are written as they come.
    app.extensions["faqbot.log"] = QuestionLog(store, on_drop=metrics.dropped if metrics else None,
                                               on_repeat=metrics.repeats if metrics else None,
                                               retention_days=settings.question_log_days)

    register_error_handlers(app)
    install_host_check(app)  # first: before the rate limit, the admin session and the views look at the request
    app.register_blueprint(api.bp)
    app.register_blueprint(pages.bp)
    app.register_blueprint(openapi.bp)
    app.register_blueprint(admin.bp)

    def client_key() -> str:
        # Who the rate limits and the sign-in throttle count: the keyed hash the question log stores, never the
        # address, which would otherwise sit in clear in the counters' keys (in Redis with redis:// storage).
        # Every worker and machine with the same salt file computes the same key for one visitor; an IPv6 client is
        # its /64 (web/guards.py `client_network`).
        return store.client_hash(client_network(request.remote_addr)) or "unknown"

    # Machines sharing Redis and this index folder must share the salt: record its fingerprint there, and say so
    # (once an hour for all the processes of this salt) when another machine uses another.
    app.extensions["faqbot.salt_check"] = salt_check = SaltCheck.for_settings(settings, salt)
    check_at_start(salt_check, log.warning)
    admin_auth.install(app, client_key)
    install_rate_limit(app, settings, endpoints=("api.ask", "api.feedback"), client_key=client_key,
                       # Without a token there is no reindex: its 404 is any unknown path's, with no rate-limit headers.
                       admin_endpoints=("api.reindex",) if settings.admin_token else ())
    install_cors(app, settings)
    install_security_headers(app, settings)
    for name in app.jinja_env.list_templates():  # compiled now, not on a visitor's first page view
        app.jinja_env.get_template(name)

    @app.before_request
    def pin_the_index() -> None:
        # Cheap (a file check per reload_interval, nothing at all when a watcher thread does it): a version
        # published by another worker or machine is served from here on. The request then holds the version
        # current now, so everything it answers comes from one complete index even if a new one is swapped in.
        if not app.config.get("FAQBOT_WATCHED"):  # `faqbot serve` on gevent watches in a native thread
            bot.maybe_reload()
        g.faqbot_served = bot.current()
        if bot.follow_content and request.blueprint == admin.bp.name:
            # The dashboard's edits write to (and its notices read) FAQBOT_SETTINGS' content folder, and a reindex
            # builds from bot.content_dir(): the same folder, the published version's, which `faqbot build
            # --content DIR` in another shell may have changed since this worker started.
            folder = str(bot.content_dir())
            if app.config["FAQBOT_SETTINGS"].content_dir != folder:
                app.config["FAQBOT_SETTINGS"] = app.config["FAQBOT_SETTINGS"].replace(content_dir=folder)

    @app.after_request
    def tell_who_answered(response: Response) -> Response:
        # Which worker and index version produced this response: how an operator (or a test) sees every
        # worker switch versions, behind a proxy that spreads requests over workers and machines.
        # For the access log (FAQBOT_ACCESS_LOG_FORMAT's %({faqbot.client}e)s), on every response, a 429
        # included: the keyed hash the database stores, never the address itself.
        request.environ["faqbot.client"] = store.client_hash(request.remote_addr) or "-"
        request.environ["faqbot.path"] = logged_path(request.path)  # %({faqbot.path}e)s: no line break of its own
        served = g.get("faqbot_served")
        if served is not None and is_api_request():
            response.headers["Faqbot-Index-Version"] = served.version
            response.headers["Faqbot-Worker"] = str(os.getpid())
        return response

    return app


def start_background(app: Flask) -> None:
    """Start this process's background threads: the index watcher, the question-log writer (which also
    deletes the rows past FAQBOT_QUESTION_LOG_DAYS, at once and hourly) and, with Redis rate limits, the salt
    check's heartbeat (web/salts.py).

    Called in the process that serves (after gunicorn's fork), never before: threads do not survive a fork.
    Stopped by `stop_background` (gunicorn's worker_exit), or at interpreter exit.
    """
    bot = app.extensions["faqbot"]
    question_log = app.extensions["faqbot.log"]
    if on_gevent():
        # Threads are greenlets of one event loop here: loading a version, and SQLite's commits (which wait
        # for the disk), go to native threads so the loop keeps serving (see web/offload.py).
        watch_off_the_loop(bot, bot.settings.reload_interval)
        app.config["FAQBOT_WATCHED"] = True
        question_log.call = store_writer(question_log.store)
    else:
        bot.watch()
    question_log.start()
    atexit.register(question_log.close)
    app.extensions["faqbot.salt_watch"] = stop = threading.Event()
    watch(app.extensions.get("faqbot.salt_check"), stop)


def stop_background(app: Flask, timeout: float = 10.0) -> None:
    """Write the queued questions (up to timeout) and stop the background threads; for a graceful stop."""
    app.extensions["faqbot.log"].close(timeout)
    app.extensions["faqbot"].close()
    if "faqbot.salt_watch" in app.extensions:
        app.extensions["faqbot.salt_watch"].set()


def _salt(path: Path) -> bytes:
    try:
        return load_salt(path)
    except (OSError, SaltError) as e:  # (`faqbot serve` refuses to start over a SaltError)
        # Still never store clear addresses: fall back to a per-process salt (hashes then differ per worker, so
        # even with redis:// storage each worker counts a visitor's rate limit on its own).
        log.warning("cannot keep the address salt in %s (%s); using a per-process salt (rate limits then count "
                    "per worker)", path, e)
        return os.urandom(32)


class WaitingForIndex:
    """The WSGI app of a `faqbot serve` worker started while no index loads (the index folder moved away or
    damaged while the server ran, and gunicorn replaced a worker meanwhile): 503 until one is published, then the
    app create_app makes, which it hands every request from then on.

    Raising from gunicorn's load instead made gunicorn take it for a worker that cannot boot and stop the whole
    server, the other workers still answering from the index they hold.
    """

    def __init__(self, settings: Settings, why: IndexUnavailable) -> None:
        self.settings = settings
        self.app: Flask | None = None
        self._next_try = time.monotonic() + settings.reload_interval
        self._trying = False
        log.warning("no index to serve (%s); answering 503 until one is published", why)

    @property
    def config(self) -> dict:
        """The app's config once it is made (gunicorn's worker reads FAQBOT_SETTINGS for its own refusals)."""
        return self.app.config if self.app is not None else {"FAQBOT_SETTINGS": self.settings}

    @property
    def extensions(self) -> dict:
        """The app's extensions once it is made (the worker's exit stops its background threads)."""
        return self.app.extensions if self.app is not None else {}

    def _load(self) -> Flask | None:
        # Tried at most every reload_interval, by one request at a time: reading CURRENT costs little.
        if self.app is not None or self._trying or time.monotonic() < self._next_try:
            return self.app
        self._trying = True
        try:
            app = create_app(self.settings)
        except IndexUnavailable:
            return None
        finally:
            self._next_try = time.monotonic() + self.settings.reload_interval
            self._trying = False
        start_background(app)
        log.info("an index is published again: serving index %s", app.extensions["faqbot"].current().version)
        self.app = app
        return app

    def __call__(self, environ: dict, start_response):
        app = self._load()
        if app is not None:
            return app(environ, start_response)
        path = environ.get("PATH_INFO", "")
        worker = ("Faqbot-Worker", str(os.getpid()))  # which worker waits, as on every /api/ response
        if path == "/metrics":  # what every worker counted: a scrape that reaches this one still sees the others'
            return scrape()(environ, lambda status, headers, *exc: start_response(status, [*headers, worker], *exc))
        if path == "/api/live":  # liveness: this worker answers
            status, body = "200 OK", {"ok": True, "pid": os.getpid()}
        else:
            status, body = "503 Service Unavailable", error_body(503, "not ready: no index is loaded yet")
        data = json.dumps(body).encode()
        start_response(status, [("Content-Type", "application/json"), ("Content-Length", str(len(data))),
                                ("Cache-Control", "no-store"), ("X-Content-Type-Options", "nosniff"),
                                ("Retry-After", str(math.ceil(self.settings.reload_interval))),
                                ("Vary", "Origin"), worker])
        return [data]
