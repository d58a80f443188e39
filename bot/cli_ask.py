"""`faqbot ask` (one question, or one per line from stdin as JSON lines) and `faqbot eval` (labeled questions)."""

from __future__ import annotations

import argparse
import io
import json
import os
import re
import select
import sys
from pathlib import Path
from typing import Iterator

from .cli_base import Command, UserError, index_options, integer, load_bot, not_empty, settings_from, stdout_open


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
        bot = load_bot(args, settings)
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
    bot = load_bot(args, settings)
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


def cmd_eval(args: argparse.Namespace) -> int:
    from .evaluate import evaluate, format_report, load_questions, plot_problem, write_plot

    stdout_open("the evaluation")
    settings = settings_from(args)  # a bad option (`--index ''`) is named before any file is read
    if args.plot is not None:  # before the evaluation (minutes on a big file), not after it
        not_empty(args.plot, "--plot", "the .html file to write the threshold sweep to")
        if problem := plot_problem(Path(args.plot)):
            raise UserError(problem)
    files = []
    for path in args.questions:
        not_empty(path, "QUESTIONS", "a JSON lines file of labeled questions")
        try:
            files.append((path, load_questions(Path(path))))
        except ValueError as e:
            raise UserError(str(e)) from None
    bot = load_bot(args, settings)
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


ASK = Command("ask", "answer a question; with no QUESTION, one per line from stdin (JSON lines out)",
              _ask_arguments, cmd_ask)
EVAL = Command("eval", "batch test against labeled questions (JSON lines: query, gold)", _eval_arguments, cmd_eval)
