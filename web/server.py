"""`faqbot serve`: gunicorn, run programmatically, one app (and one Bot) per worker process."""

from __future__ import annotations

import signal
import sys

from gunicorn.app.base import BaseApplication
from gunicorn.arbiter import Arbiter

from bot.settings import Settings


class _GracefulArbiter(Arbiter):
    """SIGINT (Ctrl-C) stops like SIGTERM: workers finish the requests they are serving, then exit."""

    def handle_int(self) -> None:
        raise StopIteration


def _ignore_sigint(worker) -> None:
    # Ctrl-C reaches the whole process group; let the arbiter alone decide, so workers stop gracefully.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


THREADS = 4  # per worker process


class FaqbotServer(BaseApplication):
    """A gunicorn application whose workers each call create_app(settings) after the fork."""

    def __init__(self, settings: Settings, options: dict | None = None) -> None:
        self.settings = settings
        self.options = options or {}
        super().__init__()

    def load_config(self) -> None:
        s = self.settings
        config = {
            "bind": [f"[{s.host}]:{s.port}" if ":" in s.host else f"{s.host}:{s.port}"],
            "workers": s.workers,
            # Threads, so one long request (a POST /api/reindex rebuilding the index) never holds up the
            # others, even with a single worker; answering is CPU-bound, so throughput comes from workers.
            "worker_class": "gthread",
            "threads": THREADS,
            "preload_app": False,  # each worker builds its own app and Bot after the fork
            "graceful_timeout": 30,
            "timeout": 60,
            "accesslog": "-",
            "errorlog": "-",
            "proc_name": "faqbot",
            "post_worker_init": _ignore_sigint,
            "control_socket_disable": True,  # gunicorn >= 24: no control socket in $HOME
            **self.options,
        }
        for key, value in config.items():
            if key in self.cfg.settings:  # options this gunicorn version knows
                self.cfg.set(key, value)

    def load(self):
        from web.app import create_app, start_background

        app = create_app(self.settings)  # the index was built (if missing or stale) before the fork
        # Runs in the worker after the fork (preload_app is off): a thread of this worker notices a version
        # published by `faqbot build`, a reindex in another worker or another machine, and loads it off the
        # request path; requests switch to it as soon as it is loaded.
        start_background(app)
        return app

    def run(self) -> None:
        _GracefulArbiter(self).run()


def serve(settings: Settings, options: dict | None = None) -> int:
    """Serve until SIGTERM or SIGINT, then stop gracefully; returns the exit status.

    The index must be published already (`faqbot serve` builds it first when missing or stale).
    """
    print(f"faqbot: serving http://{settings.host}:{settings.port}/ with {settings.workers} worker(s)",
          file=sys.stderr, flush=True)
    try:
        FaqbotServer(settings, options).run()
    except SystemExit as e:  # the arbiter exits through sys.exit
        return e.code if isinstance(e.code, int) else (0 if e.code is None else 1)
    return 0


if __name__ == "__main__":  # python -m web.server: settings from FAQBOT_* variables
    from bot.build import ensure

    _settings = Settings.from_env()
    # Build the index once if missing or stale; the workers only load it.
    ensure(_settings.content_dir, _settings.index_dir, keep=_settings.keep_versions, load=False,
           encoder=_settings.encoder)
    sys.exit(serve(_settings))
