"""The `faqbot` console script: the engine's commands (bot.cli) plus `serve`, which runs the web app."""

from __future__ import annotations

import argparse
import errno
import json
import os
import signal
import socket
import sys
import traceback
from pathlib import Path
from typing import Callable, Sequence
from urllib.parse import urlsplit

from bot.cli import main as engine_main
from bot.cli_base import (Command, UserError, content_explicit, index_options, integer, progress, say_build_stopped,
                           settings_from, stopped_by, user_errors)


def _serve_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--host", help="address to bind (default: FAQBOT_HOST or 127.0.0.1)")
    p.add_argument("--port", type=integer, help="port to listen on (default: FAQBOT_PORT or 8000)")
    index_options(p, "content folder the index is built from (default: FAQBOT_CONTENT_DIR, else the folder the index "
                     "was built from, else knowledge/)")
    p.add_argument("--workers", type=integer, help="worker processes (default: FAQBOT_WORKERS or 1)")


def cmd_serve(args: argparse.Namespace) -> int:
    """Build the index if missing or stale, then serve the chat page and the API with gunicorn."""
    from bot import artifact
    from bot.build import ensure, served_content
    from bot.settings import SettingsError
    from bot.store import SaltError, StoreError, check_driver

    from .guards import check_rate_limit_storage

    from .server import setup_problem

    settings = settings_from(args, host=args.host, port=args.port, workers=args.workers)
    # Everything that can stop the start is checked before anything is written (the index built, the address salt
    # made): a start that fails leaves the instance folder as it was.
    _can_listen(settings.host, settings.port, host_named=_named(args.host, "--host", "FAQBOT_HOST"),
                port_named=_named(args.port, "--port", "FAQBOT_PORT"))

    def check_storage() -> list[str]:  # the rate limits' storage, then the address salt recorded there
        check_rate_limit_storage(settings)
        return _redis_warnings(settings) + _salt_warnings(settings)

    try:
        uses_redis = urlsplit(settings.rate_limit_storage.strip()).scheme.lower().startswith("redis")
        warnings = _apart(check_storage, "FAQBOT_RATE_LIMIT_STORAGE") if uses_redis else check_storage()
        check_driver(settings.database_url)
        warnings += _check_database(settings.database_url) + _token_warnings(settings.admin_token)
        warnings += _memory_limit_warnings(settings)
        _check_salt(settings)
    except (SettingsError, StoreError, SaltError) as e:
        raise UserError(str(e)) from None
    problem = setup_problem(settings)  # gunicorn's settings, the access log format, the metrics folder
    if problem:
        raise UserError(problem)
    for line in warnings:
        print(f"faqbot: warning: {line}", file=sys.stderr, flush=True)
    served = artifact.current_version(Path(settings.index_dir))
    try:
        # Build or refresh the index once, before any worker starts; the arbiter itself never
        # loads it (each worker loads its own copy), so it stays small.
        # SIGTERM or SIGHUP then (systemd stopping a start that takes long) stop it as Ctrl-C does: the version being
        # written is removed, where killed outright it stayed in versions/ for good
        with stopped_by(signal.SIGTERM, signal.SIGHUP):
            ensure(Path(settings.content_dir), Path(settings.index_dir), keep=settings.keep_versions,
                   progress=progress, follow_manifest=not content_explicit(args), load=False,
                   encoder=settings.encoder)
    except user_errors() as e:
        raise UserError(str(e)) from None
    except KeyboardInterrupt as e:
        say_build_stopped(e, settings.index_dir, served)
        raise
    if not content_explicit(args):  # the workers' reindex and dashboard edits use the index's own folder
        from . import app

        settings = served_content(settings)
        app.FOLLOW_SERVED_CONTENT = True  # and the folder of the version published later (inherited by the workers)
    from .server import serve

    return serve(settings)


def _check_database(url: str) -> list[str]:
    """A StoreError naming FAQBOT_DATABASE_URL, now, for a log database the workers could never use (a SQLite file
    or folder that cannot be written, a PostgreSQL host that does not resolve or a server that refuses the user,
    password or database): they would serve without a log, each with a warning, and /api/ready would never be 200.
    A PostgreSQL server that does not answer now is a warning line (returned): the workers wait for it, as for one
    that goes away later (README)."""
    from bot.settings import SettingsError
    from bot.store import Store, StoreError, is_postgres

    store = Store(url)
    if not is_postgres(urlsplit(url).scheme):
        store.check()
        return []

    def connect() -> list[str]:  # psycopg imported in a child: see check_driver
        away = store.check()
        return [away] if away else []

    try:
        return _apart(connect, "FAQBOT_DATABASE_URL")
    except SettingsError as e:  # _apart's carrier for the child's one line
        raise StoreError(str(e)) from None


def _check_salt(settings) -> None:
    """A SaltError now for a salt file that holds no salt: each worker would hash addresses with a salt of its own."""
    from bot.store import SALT_FILE, read_salt

    try:
        read_salt(Path(settings.index_dir).resolve().parent / SALT_FILE)
    except OSError:
        pass  # none yet (the first worker makes it), or unreadable: each worker warns and uses one of its own


ADMIN_TOKEN_LENGTH = 16  # characters: secrets.token_urlsafe(24), as the README makes it, gives 32


def _token_warnings(token: str) -> list[str]:
    """The warning line for a short admin token ("1234" was taken without a word): whoever guesses it edits the
    content and rebuilds the index, and the sign-in throttle counts guesses per client, not in all."""
    if not token or len(token) >= ADMIN_TOKEN_LENGTH:
        return []
    return [f"FAQBOT_ADMIN_TOKEN is {len(token)} characters long: a short token can be guessed; use "
            f"{ADMIN_TOKEN_LENGTH} or more random ones: python3 -c 'import secrets; print(secrets.token_urlsafe(24))'"]


def _memory_limit_warnings(settings) -> list[str]:
    """The warning line for rate limits counted in each worker's own memory (memory://, the default) by several
    workers: a client whose requests are spread over N workers is allowed N times the limit, which the README said
    and the terminal did not."""
    limits = [f"{name} {value.strip()}" for name, value in (("FAQBOT_RATE_LIMIT", settings.rate_limit),
                                                            ("FAQBOT_ADMIN_RATE_LIMIT", settings.admin_rate_limit))
              if value.strip() not in ("", "0")]
    scheme = urlsplit(settings.rate_limit_storage.strip()).scheme.lower()
    if settings.workers < 2 or scheme != "memory" or not limits:
        return []
    n = settings.workers
    return [f"FAQBOT_RATE_LIMIT_STORAGE is {settings.rate_limit_storage.strip()}: each of the {n} workers counts the "
            f"rate limits on its own, so a client may get up to {n} times {' and '.join(limits)}; set "
            "FAQBOT_RATE_LIMIT_STORAGE=redis://HOST:6379/0 to share one count"]


REDIS_TIMEOUT = 3.0  # seconds to connect and to answer a PING: a Redis on the network answers in milliseconds


def _redis_warnings(settings) -> list[str]:
    """The warning line for a Redis that does not answer now (refused, timed out, a wrong password or database):
    each worker then counts the rate limits in its own memory until it does, which was said only in the workers' log
    by the rate-limit library, and nothing on the terminal of `faqbot serve` (a mistyped port went unseen)."""
    from bot.settings import without_password

    url = settings.rate_limit_storage.strip()
    scheme = urlsplit(url).scheme.lower()
    if scheme not in ("redis", "rediss", "redis+unix") or (settings.rate_limit.strip() in ("", "0")
                                                           and settings.admin_rate_limit.strip() in ("", "0")):
        return []
    try:
        import redis

        client = redis.Redis.from_url(url.replace("redis+unix://", "unix://", 1), socket_timeout=REDIS_TIMEOUT,
                                      socket_connect_timeout=REDIS_TIMEOUT)
        try:
            client.ping()
        finally:
            client.close()
    except Exception as e:  # redis.RedisError, OSError: whatever it is, the workers fall back to their own memory
        reason = " ".join(str(e).split()) or type(e).__name__
        return [f"FAQBOT_RATE_LIMIT_STORAGE: {without_password(url)}: Redis does not answer now ({reason}): each worker "
                "counts the rate limits in its own memory until it does, so N workers allow up to N times the limit"]
    return []


def _salt_warnings(settings) -> list[str]:
    """The warning line for the terminal when another machine sharing this Redis and index folder hashes addresses
    with another salt (web/salts.py), or none; the workers keep checking while they serve."""
    from bot.store import SALT_FILE

    from .salts import SaltCheck, check_at_start

    try:
        # Read, never made here: a start that fails after this must leave no salt behind. Missing, the first
        # worker makes it and checks it then (its line goes to the log).
        salt = bytes.fromhex((Path(settings.index_dir).resolve().parent / SALT_FILE).read_text().strip())
    except (OSError, ValueError):
        return []  # each worker then makes one, or warns that it hashes with a salt of its own
    lines: list[str] = []
    check_at_start(SaltCheck.for_settings(settings, salt), lines.append, always=True)
    return lines


def _apart(check: Callable[[], list[str]], what: str) -> list[str]:
    """check() run in a forked child process: the lines it returns, or its SettingsError (or StoreError) raised here
    as a SettingsError; `what` names the setting checked, for a crash.

    For the checks that talk to Redis: `import redis` imports redis.asyncio, which keeps ssl's SSLContext, and in
    this process, which gunicorn forks into the workers, every worker's gevent patching then printed a
    MonkeyPatchWarning. The child imports redis-py and ends; this process never does.
    """
    from bot.settings import SettingsError
    from bot.store import StoreError

    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: report through the pipe, then end without running the parent's exit handlers
        os.close(read)
        try:
            try:
                result = {"lines": check()}
            except (SettingsError, StoreError) as e:
                result = {"error": str(e)}
            except BaseException:
                result = {"crash": traceback.format_exc()}
            with os.fdopen(write, "w", encoding="utf-8") as out:
                json.dump(result, out)
        finally:
            os._exit(0)
    os.close(write)
    with os.fdopen(read, encoding="utf-8") as given:
        said = given.read()
    os.waitpid(pid, 0)
    result = json.loads(said) if said else {"crash": "the check's process ended without a word"}
    if "error" in result:
        raise SettingsError(result["error"])
    if "crash" in result:
        raise RuntimeError(f"checking {what} failed:\n{result['crash']}")
    return result["lines"]


def _named(option: object, flag: str, variable: str) -> str:
    """What set a value, for a message: the option, else the FAQBOT_* variable, else the option (the default's
    way out); `FAQBOT_PORT=8080 faqbot serve` was told "--port 8080: cannot listen", an option it never gave."""
    return variable if option is None and variable in os.environ else flag


def _can_listen(host: str, port: int, host_named: str = "--host", port_named: str = "--port") -> None:
    """One line now for an address the server could not listen on, rather than gunicorn's retries later."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as e:
        raise UserError(f"{host_named} {host}: not an address to listen on ({e})") from None
    family, kind, proto, _name, address = infos[0]
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as gunicorn: a closed port's TIME_WAIT is free
        try:
            probe.bind(address)
        except OSError as e:
            if e.errno == errno.EADDRNOTAVAIL:  # the host is no address of this machine; the port may be fine
                raise UserError(f"{host_named} {host}: no interface of this machine has that address (cannot listen on "
                                f"{host}:{port}: {e.strerror or e})") from None
            # (make run's users never typed a port: they are told both ways to give another)
            other = ("; another program listens there: stop it, or give another port (--port N or FAQBOT_PORT=N)"
                     if e.errno == errno.EADDRINUSE else "")
            raise UserError(f"{port_named} {port}: cannot listen on {host}:{port} ({e.strerror or e}){other}") from None


SERVE = Command("serve", "serve the chat page and the JSON API", _serve_arguments, cmd_serve)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `faqbot` console script."""
    return engine_main(argv, extra=[SERVE])


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
