"""The `faqbot` console script: the engine's commands (bot.cli) plus `serve`, which runs the web app."""

from __future__ import annotations

import argparse
import errno
import json
import os
import socket
import sys
import traceback
from pathlib import Path
from typing import Callable, Sequence
from urllib.parse import urlsplit

from bot.cli import Command, UserError, content_explicit, index_options, integer, progress, settings_from, user_errors
from bot.cli import main as engine_main


def _serve_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--host", help="address to bind (default: FAQBOT_HOST or 127.0.0.1)")
    p.add_argument("--port", type=integer, help="port to listen on (default: FAQBOT_PORT or 8000)")
    index_options(p, "content folder the index is built from (default: FAQBOT_CONTENT_DIR or knowledge/)")
    p.add_argument("--workers", type=integer, help="worker processes (default: FAQBOT_WORKERS or 1)")


def cmd_serve(args: argparse.Namespace) -> int:
    """Build the index if missing or stale, then serve the chat page and the API with gunicorn."""
    from bot.build import ensure, served_content
    from bot.settings import SettingsError
    from bot.store import StoreError, check_driver

    from .guards import check_rate_limit_storage

    settings = settings_from(args, host=args.host, port=args.port, workers=args.workers)
    _can_listen(settings.host, settings.port)

    def check_storage() -> list[str]:  # the rate limits' storage, then the address salt recorded there
        check_rate_limit_storage(settings)
        return _salt_warnings(settings)

    try:
        uses_redis = urlsplit(settings.rate_limit_storage.strip()).scheme.lower().startswith("redis")
        warnings = _apart(check_storage) if uses_redis else check_storage()
        check_driver(settings.database_url)
    except (SettingsError, StoreError) as e:
        raise UserError(str(e)) from None
    for line in warnings:
        print(f"faqbot: warning: {line}", file=sys.stderr, flush=True)
    try:
        # Build or refresh the index once, before any worker starts; the arbiter itself never
        # loads it (each worker loads its own copy), so it stays small.
        ensure(Path(settings.content_dir), Path(settings.index_dir), keep=settings.keep_versions,
               progress=progress, follow_manifest=not content_explicit(args), load=False,
               encoder=settings.encoder)
    except user_errors() as e:
        raise UserError(str(e)) from None
    if not content_explicit(args):  # the workers' reindex and dashboard edits use the index's own folder
        settings = served_content(settings)
    from .server import serve

    return serve(settings)


def _salt_warnings(settings) -> list[str]:
    """The warning line for the terminal when another machine sharing this Redis and index folder hashes addresses
    with another salt (web/salts.py), or none; the workers keep checking while they serve."""
    from bot.store import SALT_FILE, load_salt

    from .salts import SaltCheck, check_at_start

    try:
        salt = load_salt(Path(settings.index_dir).resolve().parent / SALT_FILE)  # made now if missing, as a worker would
    except OSError:
        return []  # each worker then warns that it hashes with a salt of its own
    lines: list[str] = []
    check_at_start(SaltCheck.for_settings(settings, salt), lines.append, always=True)
    return lines


def _apart(check: Callable[[], list[str]]) -> list[str]:
    """check() run in a forked child process: the lines it returns, or its SettingsError raised here.

    For the checks that talk to Redis: `import redis` imports redis.asyncio, which keeps ssl's SSLContext, and in
    this process, which gunicorn forks into the workers, every worker's gevent patching then printed a
    MonkeyPatchWarning. The child imports redis-py and ends; this process never does.
    """
    from bot.settings import SettingsError

    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: report through the pipe, then end without running the parent's exit handlers
        os.close(read)
        try:
            try:
                result = {"lines": check()}
            except SettingsError as e:
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
        raise RuntimeError(f"checking FAQBOT_RATE_LIMIT_STORAGE failed:\n{result['crash']}")
    return result["lines"]


def _can_listen(host: str, port: int) -> None:
    """One line now for an address the server could not listen on, rather than gunicorn's retries later."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as e:
        raise UserError(f"--host {host}: not an address to listen on ({e})") from None
    family, kind, proto, _name, address = infos[0]
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as gunicorn: a closed port's TIME_WAIT is free
        try:
            probe.bind(address)
        except OSError as e:
            if e.errno == errno.EADDRNOTAVAIL:  # the host is no address of this machine; the port may be fine
                raise UserError(f"--host {host}: no interface of this machine has that address (cannot listen on "
                                f"{host}:{port}: {e.strerror or e})") from None
            raise UserError(f"--port {port}: cannot listen on {host}:{port} ({e.strerror or e})") from None


SERVE = Command("serve", "serve the chat page and the JSON API", _serve_arguments, cmd_serve)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `faqbot` console script."""
    return engine_main(argv, extra=[SERVE])


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
