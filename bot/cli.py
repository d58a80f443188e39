"""`faqbot build | ask | eval | report | prune | rollback | backup`: thin commands over plain functions.

`serve` belongs to the web layer (web/cli.py registers it); the console script is `web.cli:main`.

Exit codes: 0 success, 1 a user error (bad content, missing index, bad option: one line on stderr
naming what is wrong).
Heavy libraries are imported inside the commands that need them, to keep start-up short.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import re
import select
import signal
import sys
import threading
import time
from pathlib import Path
from dataclasses import dataclass
from typing import Callable, Iterator, Sequence

from .words import counted


class UserError(Exception):
    """An error the user can fix; printed as one line, never as a traceback."""


class Stopped(KeyboardInterrupt):
    """SIGTERM or SIGHUP while a command that must clean up runs (`backup`): raised as Ctrl-C's KeyboardInterrupt is,
    so that its `finally` removes what it was writing; main exits 128 + the signal's number, as the shell reports."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


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


@dataclass(frozen=True)
class Command:
    """One subcommand: its name and help, the options it takes, and the function that runs it."""

    name: str
    help: str
    arguments: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace], int]


def _parser(commands: Sequence[Command]) -> argparse.ArgumentParser:
    from . import __version__

    p = _Parser(prog="faqbot", description="A question-answering chatbot over a knowledge base.")
    p.add_argument("--version", action="version", version=f"faqbot {__version__}")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND", parser_class=_Parser)
    for c in commands:
        c.arguments(sub.add_parser(c.name, help=c.help, description=c.help))
    return p


def main(argv: Sequence[str] | None = None, extra: Sequence[Command] = ()) -> int:
    """The engine's commands (and `extra` ones, such as web's `serve`); returns the exit status."""
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


def _load_bot(args: argparse.Namespace, settings=None):
    from .engine import Bot

    settings = settings or settings_from(args)
    try:
        return Bot.from_settings(settings, progress=progress, content_explicit=content_explicit(args))
    except user_errors() as e:
        raise UserError(str(e)) from None


def cmd_build(args: argparse.Namespace) -> int:
    from . import artifact
    from .build import build

    settings = settings_from(args, encoder=args.encoder)
    t0 = time.perf_counter()
    try:
        m = build(Path(settings.content_dir), Path(settings.index_dir), keep=settings.keep_versions,
                  progress=None if args.quiet else progress, encoder=settings.encoder)
    except user_errors() as e:
        raise UserError(str(e)) from None
    for w in artifact.build_warnings(m):
        print(f"faqbot: warning: {w}", file=sys.stderr)
    if not m.get("published", True):
        if args.quiet:
            pass
        elif m.get("reused"):  # after a rollback: the version it stepped back from, made from this content
            print(f"index {m['version']} is current again (built {m.get('built_at')} from the same content, settings "
                  f"and faqbot version, before the rollback): nothing new published")
        else:
            print(f"index {m['version']} is up to date (built {m.get('built_at')} from the same content, settings "
                  f"and faqbot version): kept serving it, nothing new published")
        return 0
    if not args.quiet:
        for old, new in m.get("moved_now", {}).items():
            print(f"faqbot: section {old} is now {new}: its old links, feedback and dashboard phrasings follow it",
                  file=sys.stderr)
        path = Path(settings.index_dir) / artifact.VERSIONS / m["version"]
        how = f", sentence vectors by {m['encoder']['name']}" if m.get("encoder") else ""
        print(f"built index {m['version']}: {counted(m['documents'], 'document')}, {counted(m['sections'], 'section')}, "
              f"{counted(m['alternates'], 'alternate question')}, {counted(m['synonym_groups'], 'synonym group')}{how} "
              f"in {time.perf_counter() - t0:.2f}s -> {path} ({m['size_bytes'] / 1024:.0f} KiB)")
    return 0


def cmd_ask(args: argparse.Namespace) -> int:
    from .question import QuestionError, checked

    if not 1 <= args.top_k <= 10:
        raise UserError(f"--top-k must be between 1 and 10, got {args.top_k}")
    if sys.stdout is None and args.question is not None:  # closed (>&-): print() wrote nowhere, and exit 0
        raise UserError("standard output is closed: nowhere to write the answer")
    settings = settings_from(args)
    limit = settings.max_question_length
    # The question is cleaned and limited as /api/ask does it (bot/question.py): NUL and a BOM are spaces, a
    # question over FAQBOT_MAX_QUESTION_LENGTH characters is refused. JSON goes out as UTF-8 whatever the
    # locale (as the batch always did); the human reply in the terminal's encoding, '?' for what it lacks.
    if args.question is not None:
        try:
            question = checked(_from_argv(args.question), limit)
        except QuestionError as e:
            raise UserError(f"{e} (FAQBOT_MAX_QUESTION_LENGTH)" if e.limit else str(e)) from None
        bot = _load_bot(args, settings)
        ans = bot.ask(question, top_k=args.top_k)
        if args.json:
            _reconfigure(sys.stdout, encoding="utf-8", errors="replace")
            print(json.dumps(ans.to_dict(explain=args.explain), ensure_ascii=False))
        else:
            _reconfigure(sys.stdout, errors="replace")
            _print_human(ans)
            if args.explain:  # the same object --json carries, on one line (the README's `"elsewhere": 1.0`)
                print("\nexplain: " + json.dumps(ans.to_dict(explain=True).get("explain"), ensure_ascii=False))
        return 0
    # Batch: one question per line in, one JSON Answer per line out, flushed per line. A line that
    # is not valid UTF-8 is read with replacement characters rather than ending the batch.
    if sys.stdin is None or sys.stdout is None:  # started with it closed (<&- or >&-): Python gives None
        raise UserError("no QUESTION given and standard input or output is closed: give a question, or "
                        "questions one per line on standard input")
    bot = _load_bot(args, settings)
    if sys.stdin.isatty():  # someone typing: say what is expected rather than sit silent
        print("faqbot: reading questions from stdin, one per line (Ctrl-D to end)", file=sys.stderr, flush=True)
    _reconfigure(sys.stdout, encoding="utf-8", errors="replace")
    out = sys.stdout
    for lines in _line_batches(sys.stdin):
        # A line that cannot be asked gets an error object in its place (the order is kept).
        questions: list[str | dict] = []
        for line in lines:
            try:
                questions.append(checked(line, limit))
            except QuestionError as e:
                error = f"question longer than {limit} characters" if e.limit else "empty question"
                questions.append({"ok": False, "question": line, "error": error, "status": 400})
        # The lines already waiting are answered together (with an encoder, one batched pass for them
        # all); a line is never held back waiting for more.
        answers = iter(bot.ask_many([q for q in questions if isinstance(q, str)], top_k=args.top_k))
        for q in questions:
            d = q if isinstance(q, dict) else next(answers).to_dict(explain=args.explain)
            out.write(json.dumps(d, ensure_ascii=False) + "\n")
            out.flush()
    return 0


def _reconfigure(stream, **options) -> None:
    if hasattr(stream, "reconfigure"):  # a real text stream (not a StringIO a caller put in its place)
        stream.reconfigure(**options)


def _from_argv(arg: str) -> str:
    """A command-line argument as text: bytes that are not UTF-8 (which Python keeps as lone surrogates, and
    print() wrote back out raw, into the JSON) read as U+FFFD, as on standard input."""
    return os.fsencode(arg).decode("utf-8", "replace")


BATCH_LINES = 64  # questions answered together at most


def _line_batches(stream) -> Iterator[list[str]]:
    """The lines of stream (without their line ends), in groups of those already available: it waits
    for one line, then takes whatever else has arrived (up to BATCH_LINES) without waiting for more."""
    try:
        fd = stream.fileno()
        select.select([fd], [], [], 0)
    except (AttributeError, OSError, ValueError, io.UnsupportedOperation):  # not a file (tests, embedding)
        stream.reconfigure(encoding="utf-8", errors="replace")
        for line in stream:
            yield [line.rstrip("\n").rstrip("\r")]
        return
    buf, eof = b"", False
    while not eof or buf:
        if not eof and not _LINE_END.search(buf[:-1] if buf.endswith(b"\r") else buf):
            chunk = os.read(fd, 1 << 16)  # no whole line yet: blocks until something arrives (or the end)
            eof = not chunk
            buf += chunk
        while not eof and buf.count(b"\n") < BATCH_LINES and select.select([fd], [], [], 0)[0]:
            chunk = os.read(fd, 1 << 16)
            eof = not chunk
            buf += chunk
        # Line ends as text mode reads them: \n, \r\n or a lone \r. A \r at the very end may be the
        # first half of a \r\n still on its way: it waits for the next read (or the end).
        held = b"\r" if buf.endswith(b"\r") and not eof else b""
        *lines, buf = _LINE_END.split(buf[:len(buf) - len(held)])
        buf += held
        if eof and buf:  # a last line without its line end
            lines, buf = lines + [buf], b""
        for i in range(0, len(lines), BATCH_LINES):
            yield [line.decode("utf-8", "replace") for line in lines[i:i + BATCH_LINES]]


_LINE_END = re.compile(rb"\r\n|\r|\n")


def _print_human(ans) -> None:
    if ans.answered:
        print(ans.answer)
        print(f"\n— {ans.heading} ({ans.source['url']}, confidence {ans.confidence:.2f})")
    else:
        print(ans.answer)
    if ans.suggestions and not ans.answered:
        for s in ans.suggestions:
            print(f"  • {s.heading}")


def _stdout_open(what: str) -> None:
    """A UserError when standard output is closed (`>&-`: Python's sys.stdout is None) for a command whose product
    is what it prints: the report was an AttributeError traceback, the evaluation exit 0 having printed nothing."""
    if sys.stdout is None:
        raise UserError(f"standard output is closed: nowhere to write {what}")


def _not_empty(value: str, name: str, what: str) -> None:
    """A UserError for a path given as '' (an unset variable, `faqbot backup "$DEST"`): read as '.', it was
    reported as the current folder's fault (".: exists and is not empty")."""
    if not value.strip():
        raise UserError(f"{name} is empty: give {what}")


def cmd_eval(args: argparse.Namespace) -> int:
    from .evaluate import evaluate, format_report, load_questions, plot_problem, write_plot

    _stdout_open("the evaluation")
    settings = settings_from(args)  # a bad option (`--index ''`) is named before any file is read
    if args.plot is not None:  # before the evaluation (minutes on a big file), not after it
        _not_empty(args.plot, "--plot", "the .html file to write the threshold sweep to")
        if problem := plot_problem(Path(args.plot)):
            raise UserError(problem)
    files = []
    for path in args.questions:
        _not_empty(path, "QUESTIONS", "a JSON lines file of labeled questions")
        try:
            files.append((path, load_questions(Path(path))))
        except ValueError as e:
            raise UserError(str(e)) from None
    bot = _load_bot(args, settings)
    # A mistyped or stale label would silently count as a miss and skew every figure.
    known = {s.id for s in bot.sections()}
    for path, rows in files:
        for q in rows:
            for gold in q["gold"]:
                if gold not in known:
                    print(f"faqbot: warning: {path}: {q['query']!r}: {gold!r} is no section of the index "
                          "(counted as a miss)", file=sys.stderr)
    questions = [q for _path, rows in files for q in rows]
    report = evaluate(bot, questions)
    if args.plot is not None:
        try:
            write_plot(report, Path(args.plot))
        except OSError as e:  # a disk that filled up meanwhile: the old page, if any, is left as it was
            raise UserError(f"{args.plot}: cannot write the plot: {e.strerror or e}") from None
    if args.json:
        print(json.dumps(report, indent=1))
    else:
        print(format_report(report, errors=args.errors))
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    from .report import report

    _stdout_open("the report")
    return report(settings_from(args), since_days=args.since, out=sys.stdout, as_json=args.json)


def cmd_prune(args: argparse.Namespace) -> int:
    from datetime import datetime, timezone

    from .store import DAY, Store, StoreError, naming_the_setting

    settings = settings_from(args)
    days = settings.question_log_days if args.days is None else args.days
    if args.days is not None and not 1 <= args.days <= 36_500:
        raise UserError(f"--days must be 1..36,500, got {args.days}")
    if not days and not args.mask:
        raise UserError("nothing to prune: FAQBOT_QUESTION_LOG_DAYS is 0 (questions are kept forever); "
                        "set it, or give --days N (or --mask to mask what was stored before masking)")
    now = time.time()
    try:
        store = Store(settings.database_url)
        if not store.exists():  # don't create a database just to say it is empty
            print(f"no question log at {store.describe()} yet: nothing to delete")
            return 0
        if days:
            questions, feedback = store.prune(days, now=now)
            cutoff = datetime.fromtimestamp(now - days * DAY, timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
            print(f"deleted {counted(questions, 'question')} and {counted(feedback, 'feedback row')} logged before "
                  f"{cutoff} ({counted(days, 'day')} ago) from {store.describe()}")
        if args.mask:
            questions, feedback, dismissals = store.mask_unmasked()
            print(f"masked contact details in {counted(questions, 'question')}, {counted(feedback, 'feedback row')} "
                  f"and {counted(dismissals, 'dashboard dismissal')} stored before masking in {store.describe()}")
    except StoreError as e:
        raise UserError(naming_the_setting(settings.database_url, e)) from None
    return 0


def cmd_rollback(args: argparse.Namespace) -> int:
    from . import artifact

    settings = settings_from(args)
    try:
        version = artifact.rollback(Path(settings.index_dir))
    except artifact.IndexUnavailable as e:
        raise UserError(str(e)) from None
    print(f"now serving index {version}")
    return 0


# (one, several): what a table's rows are, as the backup line counts them
_TABLE_WORDS = {"faqbot_questions": ("question", "questions"), "faqbot_feedback": ("feedback", "feedback"),
                "faqbot_edits": ("dashboard edit", "dashboard edits"),
                "faqbot_admin_sessions": ("admin sign-in", "admin sign-ins")}


def cmd_backup(args: argparse.Namespace) -> int:
    from .backup import MANIFEST, BackupError, Sources, backup, leftovers
    from .build import served_content

    _not_empty(args.dest, "DEST", "the folder to back up to")
    settings = settings_from(args)
    if not content_explicit(args):  # the folder the served index was built from, as `faqbot serve` edits it
        settings = served_content(settings)
    sources = Sources(settings.database_url, Path(settings.content_dir), Path(settings.index_dir))
    try:
        with _stopped_by(signal.SIGTERM, signal.SIGHUP):
            m = backup(Path(args.dest), sources, with_salt=args.with_salt, with_database=not args.no_database)
    except BackupError as e:
        raise UserError(str(e)) from None
    except KeyboardInterrupt as e:  # the hidden folder it wrote to is removed (bot/backup.py); DEST never made
        name = signal.Signals(getattr(e, "signum", signal.SIGINT)).name
        done = (Path(args.dest) / MANIFEST).is_file()  # stopped after the rename: the backup is whole
        print(f"faqbot: backup stopped ({name}): " + (f"after it was complete in {args.dest}" if done else
                                                       f"nothing written to {args.dest}"), file=sys.stderr)
        raise
    db = m["database"]
    if db is None:
        what = ["no question log (--no-database)"]
    elif db.get("file") is None:
        what = [f"no question log yet at {db['url']}"]
    else:
        what = ["question log (" + ", ".join(counted(n, *_TABLE_WORDS.get(t, (t, t))) for t, n in db["rows"].items()) + ")"]
    what.append(f"content folder {m['content']['from']} ({counted(len(m['content']['files']), 'file')})")
    if m["index"]:
        earlier = len(m["index"]["versions"]) - 1
        what.append(f"index {m['index']['version']}" + (f" and {counted(earlier, 'other kept version')}, for rollback"
                                                          if earlier else ""))
    else:
        what.append("no index (none published)")
    if args.with_salt:
        what.append("the address salt" if m["salt"] else "no address salt (none made yet)")
    print(f"backed up to {args.dest}: " + "; ".join(what))
    for link in m["content"].get("links_outside", []):
        print(f"faqbot: warning: content folder: {link['link']} is a symlink to {link['to']}, outside the content "
              "folder: this backup holds the link, not what it points to; back that up too", file=sys.stderr)
    for left in leftovers(Path(args.dest)):
        print(f"faqbot: warning: {left}: left by a backup to {args.dest} that was killed (or is one running now): "
              "it holds a partial copy of the question log; delete it", file=sys.stderr)
    if args.with_salt and m["salt"]:
        print("faqbot: warning: this backup holds the address salt beside the question log: keep it apart from "
              "other database backups (docs/security.md)", file=sys.stderr)
    return 0


class _stopped_by:
    """While in the block, the signals given raise Stopped (as SIGINT raises KeyboardInterrupt): killed by them (a
    cron job's timeout, systemd stopping it, the terminal closing), a backup left a hidden folder of hundreds of
    megabytes of visitors' questions beside DEST. Only in the main thread, where Python runs signal handlers."""

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


def index_option(p: argparse.ArgumentParser, what: str = "") -> None:
    """--index, as every command that reads an index names it (settings_from reads it as FAQBOT_INDEX_DIR)."""
    p.add_argument("--index", metavar="DIR", help=f"index folder{what} (default: FAQBOT_INDEX_DIR or instance/index/)")


def index_options(p: argparse.ArgumentParser, content_help: str = "content folder, to rebuild a missing or stale index") -> None:
    """--index and --content, as every command that reads an index takes them."""
    index_option(p)
    p.add_argument("--content", metavar="DIR", help=content_help)


def _build_arguments(p: argparse.ArgumentParser) -> None:
    index_options(p, "folder of content files (default: FAQBOT_CONTENT_DIR or knowledge/)")
    p.add_argument("--encoder", help="sentence encoder beside TF-IDF: minilm (the semantic extra), or '' for "
                                     "lexical only (default: FAQBOT_ENCODER, else lexical only)")
    p.add_argument("--quiet", action="store_true", help="print nothing on success")


def _ask_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("question", nargs="?", help="the question; omit to read questions from stdin")
    index_options(p)
    p.add_argument("--json", action="store_true", help="print the Answer JSON")
    p.add_argument("--top-k", type=integer, default=3, help="suggestions to include (1..10, default 3)")
    p.add_argument("--explain", action="store_true", help="include why it scored what it did")


def _eval_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("questions", nargs="+", metavar="QUESTIONS", help="JSONL file(s) of {query, gold, history?}")
    index_options(p)
    p.add_argument("--json", action="store_true", help="print the figures as JSON")
    p.add_argument("--plot", help="write the threshold sweep as an HTML page with an SVG plot")
    p.add_argument("--errors", action="store_true", help="list the questions it got wrong")


def _report_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--since", type=decimal, metavar="DAYS", help="only the last DAYS days")
    p.add_argument("--json", action="store_true", help="print the report as JSON (groups, trend per day, feedback)")
    # the served index's moved sections (their old questions and thumbs follow them) and synonyms (topic groups)
    index_option(p, " whose moved sections and synonyms the report follows")


def _prune_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--days", type=integer, metavar="N",
                   help="delete what was logged more than N days ago (default: FAQBOT_QUESTION_LOG_DAYS)")
    p.add_argument("--mask", action="store_true",
                   help="also mask e-mail addresses, phone and card numbers in the rows stored before masking (a "
                        "server does it as it starts; this does it now); alone, with no retention, only that")


def _backup_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("dest", metavar="DEST", help="a new (or empty) folder to write the backup to")
    index_options(p, "content folder (default: the one the served index was built from)")
    p.add_argument("--with-salt", action="store_true",
                   help="also copy the address salt (off by default: with the log beside it, a visitor's hashed "
                        "address can be tested against guesses; keep it apart from database backups)")
    p.add_argument("--no-database", action="store_true",
                   help="leave the question log out (PostgreSQL: back it up with pg_dump)")


def _rollback_arguments(p: argparse.ArgumentParser) -> None:
    index_option(p)


COMMANDS: tuple[Command, ...] = (
    Command("build", "build the index from content files (atomic; the old one is kept on error)",
            _build_arguments, cmd_build),
    Command("ask", "answer a question; with no QUESTION, one per line from stdin (JSON lines out)",
            _ask_arguments, cmd_ask),
    Command("eval", "batch test against labeled questions (JSON lines: query, gold)", _eval_arguments, cmd_eval),
    Command("report", "what visitors asked that went unanswered, and feedback per section",
            _report_arguments, cmd_report),
    Command("prune", "delete logged questions and feedback older than FAQBOT_QUESTION_LOG_DAYS (or --days)",
            _prune_arguments, cmd_prune),
    Command("rollback", "serve the previous index version again", _rollback_arguments, cmd_rollback),
    Command("backup", "copy the question log, content folder and index to a new folder, while the server runs",
            _backup_arguments, cmd_backup),
)
