"""What every `faqbot` command shares: the user error, Command, option types and options, settings, loading the Bot.

bot/cli.py (the parser and main), bot/cli_ask.py and bot/cli_ops.py import from here; this imports none of them.
"""

from __future__ import annotations

import argparse
import os
import sys
from dataclasses import dataclass
from typing import Callable


class UserError(Exception):
    """An error the user can fix; printed as one line, never as a traceback."""


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


def index_options(p: argparse.ArgumentParser, content_help: str = "content folder, to rebuild a missing or stale index") -> None:
    """--index and --content, as every command that reads an index takes them."""
    index_option(p)
    p.add_argument("--content", metavar="DIR", help=content_help)
