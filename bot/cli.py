"""`faqbot build | ask | eval | report | prune | rollback | backup`: thin commands over plain functions.

`serve` belongs to the web layer (web/cli.py registers it); the console script is `web.cli:main`.

Exit codes: 0 success, 1 a user error (bad content, missing index, bad option: one line on stderr
naming what is wrong).
Heavy libraries are imported inside the commands that need them, to keep start-up short.

Here: the parser, main and `build`; `ask` and `eval` are in bot/cli_ask.py, the operator's commands in
bot/cli_ops.py, and what they all share (UserError, Command, the options, settings) in bot/cli_base.py.
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading
import time
from pathlib import Path
from typing import Callable, Sequence

from .cli_ask import ASK, EVAL
from .cli_base import (Command, UserError, content_explicit, index_options, progress, say_build_stopped, settings_from,
                       stopped_by, user_errors)
from .cli_ops import BACKUP, PRUNE, REPORT, ROLLBACK
from .words import counted


class _Parser(argparse.ArgumentParser):
    """argparse, but a bad option is a user error like any other: one line, exit 1."""

    def error(self, message: str):  # type: ignore[override]
        # "faqbot: error: " is main's; a subcommand's errors name it ("faqbot build: argument --index: ...")
        where = "" if " " not in self.prog else f"{self.prog}: "
        raise UserError(f"{where}{message} (see {self.prog} --help)")

    def _print_message(self, message: str, file=None) -> None:  # --help, --version
        # argparse ignores an OSError here: `faqbot --version > /dev/full` printed nothing and exited 0. Written and
        # flushed now, main says it in one line (a reader that left, `--help | head -1`, is no error there).
        file = file or sys.stderr
        if message and file is not None:
            file.write(message)
            file.flush()


def _parser(commands: Sequence[Command]) -> argparse.ArgumentParser:
    from . import __version__

    p = _Parser(prog="faqbot", description="A question-answering chatbot over a knowledge base.")
    p.add_argument("--version", action="version", version=f"faqbot {__version__}")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND", parser_class=_Parser)
    for c in commands:
        c.arguments(sub.add_parser(c.name, help=c.help, description=c.help))
    return p


def main(argv: Sequence[str] | None = None, extra: Sequence[Command] = ()) -> int:
    """The engine's commands (and `extra` ones, such as web's `serve`); returns the exit status.

    Without argv it runs as the program (the console script, `python -m web.cli`): then Ctrl-C at any moment of it
    ends it as an interrupted command, see `_as_program`. With argv (a test, an embedding script) SIGINT is left as
    the caller has it."""
    if argv is None and threading.current_thread() is threading.main_thread() \
            and signal.getsignal(signal.SIGINT) is signal.default_int_handler:  # not ignored (`cmd &`, nohup)
        return _as_program(lambda: _main(argv, extra))
    return _main(argv, extra)


def _as_program(run: Callable[[], int]) -> int:
    """run() as the program's whole life: Ctrl-C at any moment ends it as one during a command does (exit 130, and what
    the command says of it), never with a traceback. Python's own handling of SIGINT got two moments wrong (about one
    Ctrl-C in 60 on `faqbot ask`):
    - an extension module interrupted while it loads (scipy, on the first question) raises ImportError
      ("initialization failed") instead of KeyboardInterrupt: a traceback, exit 1;
    - once main has returned, while Python shuts down (threading._shutdown, the last flush of stdout): "Exception
      ignored in: <module 'threading'> ... KeyboardInterrupt", exit 0 or 120.
    So each SIGINT is noted as it comes; it raises KeyboardInterrupt only while run() runs; any exception escaping
    run() after one is the interrupt's doing. Once run() returns, what was printed is flushed (an interrupt there is
    noted: exit 130), then SIGINT gets its default action: ended by it (the shell says 130), without a word."""
    interrupts: list[int] = []
    running = True

    def on_sigint(signum: int, _frame) -> None:
        interrupts.append(signum)
        if running:
            raise KeyboardInterrupt

    signal.signal(signal.SIGINT, on_sigint)
    try:
        try:
            status = run()
        finally:
            running = False  # first, and no call before it: Python runs a signal handler only at a call or a loop
    except KeyboardInterrupt:  # one that came after run() had caught its own, or raised again in its `except`
        status = 128 + signal.SIGINT
    except Exception:  # e.g. "ImportError: initialization failed": raised because of the interrupt
        if not interrupts:
            raise
        status = 128 + signal.SIGINT
    for stream in (sys.stdout, sys.stderr):
        try:
            if stream is not None:
                stream.flush()  # here, not in Python's shutdown, where an interrupt was a traceback
        except (OSError, ValueError):  # a reader that left, a stream closed: as Python's own last flush would find
            pass
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    return 128 + signal.SIGINT if interrupts else status


def _main(argv: Sequence[str] | None, extra: Sequence[Command]) -> int:
    commands = [*COMMANDS, *extra]
    try:
        args, unknown = _parser(commands).parse_known_args(argv)
        if unknown:  # argparse's top parser reports them, naming no command: "faqbot build --frobnicate"
            raise UserError(f"faqbot {args.command}: unrecognized arguments: {' '.join(unknown)} "
                            f"(see faqbot {args.command} --help)")
        return next(c for c in commands if c.name == args.command).run(args)
    except UserError as e:
        print(f"faqbot: error: {e}", file=sys.stderr)
        return 1
    except KeyboardInterrupt as e:
        return 128 + getattr(e, "signum", signal.SIGINT)
    except BrokenPipeError:  # `faqbot ask ... | head -1`: the reader left; not an error
        sys.stderr.close()
        return 0
    except OSError as e:  # what the system refused and no command caught: output to a full disk, an I/O error
        # Without a file name it came from a stream: the commands open no other files without catching it.
        where = f"{e.filename}: " if e.filename else "standard input or output: "
        print(f"faqbot: error: {where}{e.strerror or e}", file=sys.stderr)
        return 1


def cmd_build(args: argparse.Namespace) -> int:
    from . import artifact
    from .build import build, published_content, switched_content

    settings = settings_from(args, encoder=args.encoder)
    served_from = published_content(Path(settings.index_dir))
    source = ""  # the content folder, said when it is not the one given
    if not content_explicit(args) and not Path(settings.content_dir).is_dir() and served_from \
            and Path(served_from).is_dir():
        # No knowledge/ where it runs (a site's own folder, given once to `serve` or `build --content`): the folder
        # the index was built from, as `ask` and `serve` take it; it failed with "knowledge: content folder not found"
        # though `faqbot ask` in the same shell answered from that folder's index.
        source = (f"content from {served_from}, the folder the index was built from, as there is no folder "
                  f"{settings.content_dir.rstrip('/')}/ here")
        settings = settings.replace(content_dir=served_from)
    served = artifact.current_version(Path(settings.index_dir))
    t0 = time.perf_counter()
    try:
        # SIGTERM and SIGHUP too (a cron job's timeout, systemd, a closed terminal): they killed it outright, and a
        # version half-written when they came stayed in the index folder for good.
        with stopped_by(signal.SIGTERM, signal.SIGHUP):
            m = build(Path(settings.content_dir), Path(settings.index_dir), keep=settings.keep_versions,
                      progress=progress if not args.quiet and _terminal(sys.stderr) else None,
                      encoder=settings.encoder)
    except user_errors() as e:  # a file named relative to the folder: which folder, when it was not the one given
        raise UserError(f"{e} ({source})" if source else str(e)) from None
    except KeyboardInterrupt as e:  # what it was writing is removed (bot/artifact.py): say what serves now
        say_build_stopped(e, settings.index_dir, served)
        raise
    said = f"; {source}" if source else ""
    for w in artifact.build_warnings(m):
        print(f"faqbot: warning: {w}", file=sys.stderr)
    if not m.get("published", True):
        if args.quiet:
            pass
        elif m.get("reused"):  # after a rollback: the version it stepped back from, made from this content
            print(f"index {m['version']} is current again (built {m.get('built_at')} from the same content, settings "
                  f"and faqbot version, before the rollback): nothing new published{said}")
        else:
            print(f"index {m['version']} is up to date (built {m.get('built_at')} from the same content, settings "
                  f"and faqbot version): kept serving it, nothing new published{said}")
        return 0
    # A plain `faqbot build` in another shell (knowledge/ by default) put the demo article in place of the
    # site's own FAQ that `faqbot serve --content ...` had built, and the server followed it within a second.
    switched = switched_content(settings.index_dir, served_from, m, "give --content DIR to build from another folder")
    if switched:
        print(f"faqbot: warning: {switched}", file=sys.stderr)
    if not args.quiet:
        for old, new in m.get("moved_now", {}).items():
            print(f"faqbot: section {old} is now {new}: its old links, feedback and dashboard phrasings follow it",
                  file=sys.stderr)
        path = Path(settings.index_dir) / artifact.VERSIONS / m["version"]
        how = f", sentence vectors by {m['encoder']['name']}" if m.get("encoder") else ""
        print(f"built index {m['version']}: {counted(m['documents'], 'document')}, {counted(m['sections'], 'section')}, "
              f"{counted(m['alternates'], 'alternate question')}, {counted(m['synonym_groups'], 'synonym group')}{how} "
              f"in {time.perf_counter() - t0:.2f}s -> {path} ({m['size_bytes'] / 1024:.0f} KiB){said}")
    return 0


def _terminal(stream) -> bool:
    """Is this stream a terminal? Progress lines ("read 3 files, 40 sections; fitting", a progress bar) are for someone
    watching: in a cron job's mail or a deploy log each build said it beside its result line."""
    try:
        return stream is not None and stream.isatty()
    except (AttributeError, ValueError):  # closed, or not a file
        return False


def _build_arguments(p: argparse.ArgumentParser) -> None:
    index_options(p, "folder of content files (default: FAQBOT_CONTENT_DIR, else knowledge/, else the folder the "
                     "index was built from)")
    p.add_argument("--encoder", help="sentence encoder beside TF-IDF: minilm (the semantic extra), or '' for "
                                     "lexical only (default: FAQBOT_ENCODER, else lexical only)")
    p.add_argument("--quiet", action="store_true", help="print warnings and errors only (no result line)")


BUILD = Command("build", "build the index from content files (atomic; the old one is kept on error)",
                _build_arguments, cmd_build)

COMMANDS: tuple[Command, ...] = (BUILD, ASK, EVAL, REPORT, PRUNE, ROLLBACK, BACKUP)
