"""`faqbot serve`: gunicorn, run programmatically, one app (and one Bot) per worker process."""

from __future__ import annotations

import os
import runpy
import shutil
import signal
import sys

from gunicorn.app.base import BaseApplication
from gunicorn.arbiter import Arbiter
from gunicorn.glogging import Logger, SafeAtoms

from bot.logs import formatter
from bot.settings import Settings
from bot.words import counted

from .listen_queue import serve_the_listen_queue
from .serve_metrics import metrics_folder, metrics_folder_problem, metrics_worker_gone, unlock


class GunicornSetupError(Exception):
    """gunicorn cannot start with its own settings (a gunicorn.conf.py, GUNICORN_CMD_ARGS); the message is one line."""


def _first_line(e: BaseException) -> str:
    # gunicorn's messages may carry a whole traceback ("class uri 'x' invalid or not found: \n\n[Traceback ...")
    text = str(e).strip().removeprefix("Error: ")
    return text.splitlines()[0].rstrip(" :") if text else type(e).__name__


class _GracefulArbiter(Arbiter):
    """SIGINT (Ctrl-C) stops like SIGTERM: workers finish the requests they are serving, then exit; and first serve
    the connections waiting in the listen queue (see serve_the_listen_queue)."""

    def handle_term(self) -> None:
        serve_the_listen_queue(self)
        raise StopIteration

    def handle_int(self) -> None:
        serve_the_listen_queue(self)
        raise StopIteration

    def start(self) -> None:
        # A pid file it cannot write, a certfile that is not there: a traceback from the arbiter before.
        try:
            super().start()
        except Exception as e:
            if self.pidfile is not None:
                self.pidfile.unlink()
            raise GunicornSetupError(_first_line(e)) from None


WORKER_CONNECTIONS = 1000  # open connections per worker (gunicorn's default); more wait in the listen backlog


def _ignore_sigint(worker) -> None:
    # Ctrl-C reaches the whole process group; let the arbiter alone decide, so workers stop gracefully.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


class FaqbotLogger(Logger):
    """gunicorn's logger with faqbot's line format (FAQBOT_LOG_FORMAT: timestamps and levels, or JSON)."""

    def setup(self, cfg) -> None:
        super().setup(cfg)
        fmt = os.environ.get("FAQBOT_LOG_FORMAT", "text").strip().lower()
        for log in (self.error_log, self.access_log):
            for handler in log.handlers:
                handler.setFormatter(formatter("json" if fmt == "json" else "text"))


def _stop_signals_default(server, worker) -> None:
    # Until the worker sets its own handlers (after gevent patches it), it has the arbiter's, which only queue a
    # signal for the arbiter's loop: the SIGTERM of a stop, sent to a worker still booting, was lost, and a stop just
    # after the start waited the whole graceful timeout (30 s). A worker that has served nothing may just end.
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _stop_background(server, worker) -> None:
    # A graceful stop: the questions still queued for the log are written (or counted as dropped).
    app = getattr(worker, "wsgi", None)
    if app is not None and "faqbot.log" in getattr(app, "extensions", {}):
        from web.app import stop_background

        stop_background(app)


class FaqbotServer(BaseApplication):
    """A gunicorn application whose workers each call create_app(settings) after the fork."""

    def __init__(self, settings: Settings, options: dict | None = None) -> None:
        self.settings = settings
        self.options = options or {}
        self.sources: list[str] = []  # where the operator's gunicorn settings came from, for error messages
        super().__init__()

    def do_load_config(self) -> None:
        # gunicorn's own prints "\nError: ..." and exits, after faqbot has said it is serving: GunicornSetupError,
        # naming the file or variable the setting came from, is said in one line before that.
        self.load_default_config()
        self.load_config()
        try:
            self.cfg.validate()
        except Exception as e:
            raise GunicornSetupError(f"{self.where()}: {_first_line(e)}") from None

    def where(self) -> str:
        """The sources of gunicorn's settings besides faqbot's own, for a message."""
        return f"gunicorn ({', '.join(self.sources)})" if self.sources else "gunicorn"

    def _set(self, key: str, value, where: str) -> None:
        try:
            self.cfg.set(key, value)
        except Exception as e:  # gunicorn's validators: "Value must be positive: -5", "No such user: 'x'"
            raise GunicornSetupError(f"{where}: {_first_line(e)}") from None

    def load_config(self) -> None:
        s = self.settings
        config = {
            "bind": [f"[{s.host}]:{s.port}" if ":" in s.host else f"{s.host}:{s.port}"],
            "workers": s.workers,
            # gevent: a connection costs a greenlet, not one of a few threads, so clients that send their
            # request slowly (or never finish it) cannot hold up the others; a request head must be complete
            # within `keepalive` seconds (gunicorn's 2 s), or the connection is closed. Long work (a reindex,
            # loading a new version, log writes) runs in native threads (web.offload), so one worker keeps
            # answering while it rebuilds.
            "worker_class": "web.worker.FaqbotWorker",
            "worker_connections": WORKER_CONNECTIONS,
            # gunicorn's longest request line (4094 bytes by default) is shorter than the longest question a
            # GET may carry (500 CJK characters, percent-encoded, are 4,500 bytes): the app's own length check
            # must answer those. Longer lines get the worker's JSON 414.
            "limit_request_line": 8190,
            "preload_app": False,  # each worker builds its own app and Bot after the fork
            "graceful_timeout": 30,
            "timeout": 60,
            # Files (the widget's script, its stylesheet) are written as other bodies are, not with sendfile:
            # gunicorn counts none of the bytes it sends with sendfile, and the access log gave a static file's size
            # as 0. Under gevent its sendfile reads and sends the file in chunks anyway (gevent's socket.sendfile).
            "sendfile": False,
            "accesslog": "-" if s.access_log_format.strip() else None,
            "access_log_format": s.access_log_format,
            "errorlog": "-",
            "proc_name": "faqbot",
            "post_fork": _stop_signals_default,
            "post_worker_init": _ignore_sigint,
            "worker_exit": _stop_background,
            "child_exit": metrics_worker_gone,
            "logger_class": "web.server.FaqbotLogger",
            "control_socket_disable": True,  # gunicorn >= 24: no control socket in $HOME
            **self.options,
        }
        ours = {"bind", "workers"}  # faqbot's own settings (FAQBOT_HOST/PORT/WORKERS, --host/--port/--workers)
        for key, value in config.items():
            if key in self.cfg.settings and key not in ours:  # options this gunicorn version knows
                self.cfg.set(key, value)
        # gunicorn's own configuration next: a config file (--config in GUNICORN_CMD_ARGS, or ./gunicorn.conf.py)
        # and GUNICORN_CMD_ARGS, as `gunicorn` itself reads them; faqbot's own settings on top.
        self.sources = []  # (read again on a SIGHUP reload)
        env_args = self.cfg.parser().parse_args(self.cfg.get_cmd_args_from_env())
        config_file = env_args.config or ("gunicorn.conf.py" if os.path.isfile("gunicorn.conf.py") else None)
        if config_file:
            self.sources.append(config_file)
            try:
                namespace = runpy.run_path(config_file)
            except OSError as e:
                named = f"GUNICORN_CMD_ARGS --config {config_file}" if env_args.config else config_file
                raise GunicornSetupError(f"{named}: cannot read it ({e.strerror or e})") from None
            except Exception as e:  # a syntax error, or what the file's own code raised
                raise GunicornSetupError(f"{config_file}: {type(e).__name__}: {_first_line(e)}") from None
            for key, value in namespace.items():
                if key in self.cfg.settings and value is not None:
                    self._set(key, value, f"{config_file}: {key} = {value!r}")
        if os.environ.get("GUNICORN_CMD_ARGS", "").strip():
            self.sources.append("GUNICORN_CMD_ARGS")
        for key, value in vars(env_args).items():
            if value is not None and key in self.cfg.settings and key != "config":
                self._set(key, value, f"GUNICORN_CMD_ARGS --{key.replace('_', '-')}")
        for key in ours:
            if key in config:
                self.cfg.set(key, config[key])

    def load(self):
        from bot.artifact import IndexUnavailable
        from web import metrics
        from web.app import WaitingForIndex, create_app, start_background

        metrics.RESTART_WHEN_FILES_GONE = True  # gunicorn replaces a worker that stops: see web/metrics.py
        try:
            app = create_app(self.settings)  # the index was built (if missing or stale) before the fork
        except IndexUnavailable as e:  # gone or damaged since: a worker replaced now must not stop the server
            return WaitingForIndex(self.settings, e)
        # Runs in the worker after the fork (preload_app is off): a thread of this worker notices a version
        # published by `faqbot build`, a reindex in another worker or another machine, and loads it off the
        # request path; requests switch to it as soon as it is loaded.
        start_background(app)
        return app

    def run(self) -> None:
        _GracefulArbiter(self).run()


def _say_when_listening(server: FaqbotServer, serving: str) -> None:
    """Print the serving line with the port the system chose, once gunicorn listens (before its own when_ready)."""
    theirs = server.cfg.when_ready

    def when_ready(arbiter) -> None:
        port = arbiter.LISTENERS[0].sock.getsockname()[1] if arbiter.LISTENERS else 0
        print(serving.replace(":0/", f":{port}/", 1), file=sys.stderr, flush=True)
        theirs(arbiter)

    server.cfg.set("when_ready", when_ready)


def gunicorn_args_problem() -> str | None:
    """What is wrong with GUNICORN_CMD_ARGS, in one line, or None: read as FaqbotServer.load_config reads it.

    gunicorn's own parser prints its whole usage for an unknown option and exits with 2 (argparse's status),
    after faqbot has already said it is serving.
    """
    from gunicorn.config import Config

    cfg = Config()
    try:
        argv = cfg.get_cmd_args_from_env()
    except ValueError as e:  # shlex: an unclosed quote
        return f"GUNICORN_CMD_ARGS: {e}"
    parser = cfg.parser()

    def refuse(message: str):
        raise ValueError(message)

    parser.error = refuse  # type: ignore[method-assign]
    try:
        parser.parse_args(argv)
    except ValueError as e:
        return f"GUNICORN_CMD_ARGS: {e}"
    return None


def _settings_problem(settings: Settings) -> str | None:
    """What is wrong with the access log format, GUNICORN_CMD_ARGS or the metrics folder, in one line, or None."""
    try:
        settings.access_log_format % SafeAtoms({})  # every atom reads '-': only the format itself can fail
    except (ValueError, TypeError, KeyError) as e:
        return f"FAQBOT_ACCESS_LOG_FORMAT: not a gunicorn log format ({e}): {settings.access_log_format!r}"
    return gunicorn_args_problem() or metrics_folder_problem()


def setup_problem(settings: Settings, options: dict | None = None) -> str | None:
    """What would stop `serve` before it listens, in one line, or None: the access log format, GUNICORN_CMD_ARGS,
    the metrics folder, gunicorn's settings (gunicorn.conf.py). Writes nothing, so `faqbot serve` asks it before it
    builds the index."""
    problem = _settings_problem(settings)
    if problem:
        return problem
    try:
        server = FaqbotServer(settings, options)  # reads gunicorn.conf.py and GUNICORN_CMD_ARGS, and validates them
    except GunicornSetupError as e:
        return str(e)
    return _arbiter_problem(server)


def _arbiter_problem(server: FaqbotServer) -> str | None:
    """What gunicorn's arbiter would refuse only as it starts (after faqbot had said it was serving, and built the
    index): a pid file in a folder that is not there, a TLS file that is not there; or a log level gunicorn reads as
    'info' without a word. Checked as gunicorn checks them, in its words; writes nothing."""
    cfg, where = server.cfg, server.where()
    if cfg.loglevel.lower() not in Logger.LOG_LEVELS:
        return f"{where}: log level {cfg.loglevel!r}: expected one of {', '.join(Logger.LOG_LEVELS)}"
    if cfg.pidfile:
        folder = os.path.dirname(cfg.pidfile)
        if folder and not os.path.isdir(folder):
            return f"{where}: {folder} doesn't exist. Can't create pidfile."
    for name in ("certfile", "keyfile"):
        path = getattr(cfg, name)
        if path and not os.path.exists(path):
            return f'{where}: {name} "{path}" does not exist'
    return None


def serve(settings: Settings, options: dict | None = None) -> int:
    """Serve until SIGTERM or SIGINT, then stop gracefully; returns the exit status.

    The index must be published already (`faqbot serve` builds it first when missing or stale).
    """
    problem = _settings_problem(settings)
    if problem:
        print(f"faqbot: error: {problem}", file=sys.stderr)
        return 1
    os.environ.setdefault("FAQBOT_LOG_FORMAT", settings.log_format)  # read by FaqbotLogger, made with the arbiter
    server = None
    try:
        server = FaqbotServer(settings, options)  # reads gunicorn.conf.py and GUNICORN_CMD_ARGS
        master = _GracefulArbiter(server)  # loads the worker and logger classes, opens the log files
    except GunicornSetupError as e:
        print(f"faqbot: error: {e}", file=sys.stderr)
        return 1
    except RuntimeError as e:  # gunicorn's: "class uri 'x' invalid or not found", "'/x.log' isn't writable"
        print(f"faqbot: error: {server.where() if server else 'gunicorn'}: {_first_line(e)}", file=sys.stderr)
        return 1
    host = f"[{settings.host}]" if ":" in settings.host else settings.host  # an IPv6 address, as URLs write it
    serving = f"faqbot: serving http://{host}:{settings.port}/ with {counted(settings.workers, 'worker')}"
    if settings.port == 0:  # the system picks the port as gunicorn listens ("serving http://127.0.0.1:0/" before)
        _say_when_listening(server, serving)
    else:
        print(serving, file=sys.stderr, flush=True)
    made = metrics_folder()
    arbiter = os.getpid()
    try:
        master.run()
    except GunicornSetupError as e:  # raised in the arbiter, before any worker was started
        print(f"faqbot: error: {server.where()}: {e}", file=sys.stderr)
        return 1
    except SystemExit as e:  # the arbiter exits through sys.exit
        return e.code if isinstance(e.code, int) else (0 if e.code is None else 1)
    finally:
        # A worker is a fork of this process and leaves through here too (sys.exit when gunicorn stops or
        # restarts it): only the arbiter removes the folder, which the other workers and the next one use.
        if made and os.getpid() == arbiter:
            shutil.rmtree(made, ignore_errors=True)
            unlock()
    return 0


if __name__ == "__main__":  # python -m web.server: settings from FAQBOT_* variables
    from bot.build import ensure

    _settings = Settings.from_env()
    # Build the index once if missing or stale; the workers only load it.
    ensure(_settings.content_dir, _settings.index_dir, keep=_settings.keep_versions, load=False,
           encoder=_settings.encoder)
    sys.exit(serve(_settings))
