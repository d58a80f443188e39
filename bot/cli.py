"""`faqbot build | ask | serve | eval | report | rollback`: thin commands over plain functions.

Exit codes: 0 success, 1 a user error (bad content, missing index, bad option: one line on stderr
naming what is wrong).
Heavy libraries are imported inside the commands that need them, to keep start-up short.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path
from typing import Sequence


class UserError(Exception):
    """An error the user can fix; printed as one line, never as a traceback."""


class _Parser(argparse.ArgumentParser):
    """argparse, but a bad option is a user error like any other: one line, exit 1."""

    def error(self, message: str):  # type: ignore[override]
        raise UserError(f"{self.prog}: {message} (see --help)")


def _parser() -> argparse.ArgumentParser:
    p = _Parser(prog="faqbot", description="A question-answering chatbot over a knowledge base.")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND", parser_class=_Parser)

    b = sub.add_parser("build", help="build the index from content files (atomic; the old one is kept on error)")
    b.add_argument("--content", help="folder of content files (default: FAQBOT_CONTENT_DIR or knowledge/)")
    b.add_argument("--index", help="index folder (default: FAQBOT_INDEX_DIR or instance/index/)")
    b.add_argument("--quiet", action="store_true", help="print nothing on success")

    a = sub.add_parser("ask", help="answer a question; with no QUESTION, one per line from stdin (JSON lines out)")
    a.add_argument("question", nargs="?", help="the question; omit to read questions from stdin")
    a.add_argument("--index", help="index folder")
    a.add_argument("--content", help="content folder (to rebuild a missing or stale index)")
    a.add_argument("--json", action="store_true", help="print the Answer JSON")
    a.add_argument("--top-k", type=int, default=3, help="suggestions to include (1..10, default 3)")
    a.add_argument("--explain", action="store_true", help="include why it scored what it did")

    s = sub.add_parser("serve", help="serve the chat page and the JSON API")
    s.add_argument("--host")
    s.add_argument("--port", type=int)
    s.add_argument("--index")
    s.add_argument("--content")
    s.add_argument("--workers", type=int)

    e = sub.add_parser("eval", help="batch test against labeled questions (JSON lines: query, gold)")
    e.add_argument("questions", nargs="+", help="JSONL file(s) of {query, gold, history?}")
    e.add_argument("--index")
    e.add_argument("--content")
    e.add_argument("--json", action="store_true", help="print the figures as JSON")
    e.add_argument("--plot", help="write the threshold sweep as an HTML page with an SVG plot")
    e.add_argument("--errors", action="store_true", help="list the questions it got wrong")

    r = sub.add_parser("report", help="what visitors asked that went unanswered, and feedback per section")
    r.add_argument("--since", type=float, help="only the last DAYS days")
    r.add_argument("--json", action="store_true", help="print the report as JSON (groups, trend per day, feedback)")

    rb = sub.add_parser("rollback", help="serve the previous index version again")
    rb.add_argument("--index")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `faqbot` console script."""
    try:
        args = _parser().parse_args(argv)
        return _COMMANDS[args.command](args)
    except UserError as e:
        print(f"faqbot: error: {e}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `faqbot ask ... | head -1`: the reader left; not an error
        sys.stderr.close()
        return 0


def _settings(args: argparse.Namespace, **extra):
    from .settings import Settings, SettingsError

    try:
        return Settings.from_env(content_dir=getattr(args, "content", None),
                                 index_dir=getattr(args, "index", None), **extra)
    except SettingsError as e:
        raise UserError(str(e)) from None


def _user_errors():
    """The exceptions that mean 'the user must fix something'."""
    from .artifact import IndexError_
    from .model import ContentError

    return (ContentError, IndexError_)


def _content_explicit(args: argparse.Namespace) -> bool:
    """Was the content folder chosen (option or FAQBOT_CONTENT_DIR), rather than left at its default?"""
    return getattr(args, "content", None) is not None or "FAQBOT_CONTENT_DIR" in os.environ


def _progress(message: str) -> None:
    print(f"faqbot: {message}", file=sys.stderr)


def _load_bot(args: argparse.Namespace):
    from .engine import Bot

    settings = _settings(args)
    try:
        return Bot.from_settings(settings, progress=_progress, content_explicit=_content_explicit(args))
    except _user_errors() as e:
        raise UserError(str(e)) from None


def cmd_build(args: argparse.Namespace) -> int:
    from . import artifact

    settings = _settings(args)
    t0 = time.perf_counter()
    progress = None if args.quiet else _progress
    try:
        m = artifact.build(Path(settings.content_dir), Path(settings.index_dir),
                           keep=settings.keep_versions, progress=progress)
    except _user_errors() as e:
        raise UserError(str(e)) from None
    for w in m.get("warnings", []):
        print(f"faqbot: warning: {w}", file=sys.stderr)
    if not args.quiet:
        path = Path(settings.index_dir) / artifact.VERSIONS / m["version"]
        print(f"built index {m['version']}: {m['documents']} documents, {m['sections']} sections, "
              f"{m['alternates']} alternate questions, {m['synonym_groups']} synonym groups "
              f"in {time.perf_counter() - t0:.2f}s -> {path} ({m['size_bytes'] / 1024:.0f} KiB)")
    return 0


def cmd_ask(args: argparse.Namespace) -> int:
    if not 1 <= args.top_k <= 10:
        raise UserError(f"--top-k must be between 1 and 10, got {args.top_k}")
    bot = _load_bot(args)
    if args.question is not None:
        if not args.question.strip():
            raise UserError("the question is empty")
        ans = bot.ask(args.question, top_k=args.top_k)
        if args.json:
            print(json.dumps(ans.to_dict(explain=args.explain), ensure_ascii=False))
        else:
            _print_human(ans)
        return 0
    # Batch: one question per line in, one JSON Answer per line out, flushed per line. A line that
    # is not valid UTF-8 is read with replacement characters rather than ending the batch.
    sys.stdin.reconfigure(encoding="utf-8", errors="replace")
    sys.stdout.reconfigure(encoding="utf-8", errors="replace")
    out = sys.stdout
    for line in sys.stdin:
        q = line.rstrip("\n")
        if not q.strip():
            d = {"ok": False, "question": q, "error": "empty question", "status": 400}
        else:
            d = bot.ask(q, top_k=args.top_k).to_dict(explain=args.explain)
        out.write(json.dumps(d, ensure_ascii=False) + "\n")
        out.flush()
    return 0


def _print_human(ans) -> None:
    if ans.answered:
        print(ans.answer)
        print(f"\n— {ans.heading} ({ans.source['url']}, confidence {ans.confidence:.2f})")
    else:
        print(ans.answer)
    if ans.suggestions and not ans.answered:
        for s in ans.suggestions:
            print(f"  • {s.heading}")


def cmd_serve(args: argparse.Namespace) -> int:
    from . import artifact

    settings = _settings(args, host=args.host, port=args.port, workers=args.workers)
    try:
        # Build or refresh the index once, before any worker starts; the arbiter itself never
        # loads it (each worker loads its own copy), so it stays small.
        artifact.ensure(Path(settings.content_dir), Path(settings.index_dir), keep=settings.keep_versions,
                        progress=_progress, follow_manifest=not _content_explicit(args), load=False)
    except _user_errors() as e:
        raise UserError(str(e)) from None
    from web.server import serve

    return serve(settings)


def cmd_eval(args: argparse.Namespace) -> int:
    from .evaluate import evaluate, format_report, load_questions, write_plot

    questions = []
    for path in args.questions:
        try:
            questions.extend(load_questions(Path(path)))
        except ValueError as e:
            raise UserError(str(e)) from None
    bot = _load_bot(args)
    report = evaluate(bot, questions)
    if args.plot:
        try:
            write_plot(report, Path(args.plot))
        except OSError as e:
            raise UserError(f"{args.plot}: cannot write the plot ({e.strerror or e})") from None
    if args.json:
        print(json.dumps(report, indent=1))
    else:
        print(format_report(report, errors=args.errors))
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    from .report import report

    return report(_settings(args), since_days=args.since, out=sys.stdout, as_json=args.json)


def cmd_rollback(args: argparse.Namespace) -> int:
    from . import artifact

    settings = _settings(args)
    try:
        version = artifact.rollback(Path(settings.index_dir))
    except artifact.IndexError_ as e:
        raise UserError(str(e)) from None
    print(f"now serving index {version}")
    return 0


_COMMANDS = {"build": cmd_build, "ask": cmd_ask, "serve": cmd_serve, "eval": cmd_eval,
             "report": cmd_report, "rollback": cmd_rollback}

if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
