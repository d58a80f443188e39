"""What every `faqbot` command shares: the user error, Command, option types and options, settings, loading the Bot.

bot/cli.py (the parser and main), bot/cli_ask.py and bot/cli_ops.py import from here; this imports none of them.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import threading
from dataclasses import dataclass
from typing import Callable


class UserError(Exception):
    """An error the user can fix; printed as one line, never as a traceback."""


class Stopped(KeyboardInterrupt):
    """SIGTERM or SIGHUP while a command that must clean up runs (`build`, `backup`): raised as Ctrl-C's
    KeyboardInterrupt is, so that its `finally` removes what it was writing; main exits 128 + the signal's number, as
    the shell reports."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def say_build_stopped(e: KeyboardInterrupt, index_dir: str, served: str | None) -> None:
    """One line for a build stopped by Ctrl-C, SIGTERM or SIGHUP (what it was writing is removed, bot/artifact.py):
    what the index folder serves now; `served` is the version it served when the build started."""
    from . import artifact
    from pathlib import Path

    name = signal.Signals(getattr(e, "signum", signal.SIGINT)).name
    now = artifact.current_version(Path(index_dir))
    if now != served:  # stopped after it published
        said = f"after it published {now}"
    else:
        said = f"nothing published; {index_dir} " + (f"still serves {now}" if now else "holds no index yet")
    print(f"faqbot: build stopped ({name}): {said}", file=sys.stderr)


class stopped_by:
    """While in the block, the signals given raise Stopped (as SIGINT raises KeyboardInterrupt): killed by them (a
    cron job's timeout, systemd stopping it, the terminal closing), a backup left a hidden folder of hundreds of
    megabytes of visitors' questions beside DEST, and a build its half-written version in the index folder. Only in
    the main thread, where Python runs signal handlers."""

    def __init__(self, *signums: int) -> None:
        self.signums, self.before = signums, {}

    def __enter__(self) -> None:
        if threading.current_thread() is threading.main_thread():
            for signum in self.signums:
                if signal.getsignal(signum) is not signal.SIG_IGN:  # `nohup faqbot backup`: a hang-up stays ignored
                    self.before[signum] = signal.signal(signum, self._stop)

    @staticmethod
    def _stop(signum: int, _frame) -> None:
        raise Stopped(signum)

    def __exit__(self, *_exc) -> None:
        for signum, handler in self.before.items():
            signal.signal(signum, handler)


@dataclass(frozen=True)
class Command:
    """One subcommand: its name and help, the options it takes, and the function that runs it."""

    name: str
    help: str
    arguments: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace], int]


def integer(text: str) -> int:
    """An integer option's value (argparse's `type`): ASCII digits only, as the API and the settings read them."""
    from .settings import number

    try:
        return number(text, int)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected an integer in ASCII digits, got {text!r}") from None


def decimal(text: str) -> float:
    """A number option's value (argparse's `type`): ASCII digits only, as `integer`."""
    from .settings import number

    try:
        return number(text, float)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number in ASCII digits, got {text!r}") from None


def settings_from(args: argparse.Namespace, **extra):
    """Settings from FAQBOT_* variables and the options of this command."""
    from .settings import Settings, SettingsError, unknown_variables

    from .logs import configure

    try:
        settings = Settings.from_env(content_dir=getattr(args, "content", None),
                                     index_dir=getattr(args, "index", None), **extra)
    except SettingsError as e:
        raise UserError(str(e)) from None
    for line in unknown_variables():
        print(f"faqbot: warning: {line}", file=sys.stderr)
    configure(settings.log_format, settings.log_level)
    return settings


def user_errors() -> tuple[type[Exception], ...]:
    """The exceptions that mean 'the user must fix something'."""
    from .artifact import IndexUnavailable
    from .model import ContentError

    return (ContentError, IndexUnavailable)


def content_explicit(args: argparse.Namespace) -> bool:
    """Was the content folder chosen (option or FAQBOT_CONTENT_DIR), rather than left at its default?"""
    return getattr(args, "content", None) is not None or "FAQBOT_CONTENT_DIR" in os.environ


def progress(message: str) -> None:
    """A progress line on stderr."""
    print(f"faqbot: {message}", file=sys.stderr)


def load_bot(args: argparse.Namespace, settings=None):
    """The Bot serving the index these options name (built first if missing or stale); a UserError if it cannot."""
    from .engine import Bot

    settings = settings or settings_from(args)
    try:
        with stopped_by(signal.SIGTERM, signal.SIGHUP):  # a rebuild stopped removes what it was writing, as a build
            return Bot.from_settings(settings, progress=progress, content_explicit=content_explicit(args))
    except user_errors() as e:
        raise UserError(str(e)) from None


def stdout_open(what: str) -> None:
    """A UserError when standard output is closed (`>&-`: Python's sys.stdout is None) for a command whose product
    is what it prints: the report was an AttributeError traceback, the evaluation exit 0 having printed nothing."""
    if sys.stdout is None:
        raise UserError(f"standard output is closed: nowhere to write {what}")


def not_empty(value: str, name: str, what: str) -> None:
    """A UserError for a path given as '' (an unset variable, `faqbot backup "$DEST"`): read as '.', it was
    reported as the current folder's fault (".: exists and is not empty")."""
    if not value.strip():
        raise UserError(f"{name} is empty: give {what}")


def index_option(p: argparse.ArgumentParser, what: str = "") -> None:
    """--index, as every command that reads an index names it (settings_from reads it as FAQBOT_INDEX_DIR)."""
    p.add_argument("--index", metavar="DIR", help=f"index folder{what} (default: FAQBOT_INDEX_DIR or instance/index/)")


# Without --content or FAQBOT_CONTENT_DIR, ask, eval, serve and backup take the folder the served index was built from
# (its manifest names it: bot/build.py served_content); `faqbot build` alone takes knowledge/, and that folder only
# when there is no knowledge/ (bot/cli.py cmd_build).
FOLLOWED_CONTENT = "default: FAQBOT_CONTENT_DIR, else the folder the index was built from, else knowledge/"


def index_options(p: argparse.ArgumentParser,
                  content_help: str = f"content folder to rebuild a missing or stale index from ({FOLLOWED_CONTENT})"
                  ) -> None:
    """--index and --content, as every command that reads an index takes them."""
    index_option(p)
    p.add_argument("--content", metavar="DIR", help=content_help)
