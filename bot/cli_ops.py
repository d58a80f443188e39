"""The operator's commands: `faqbot report | prune | rollback | backup`."""

from __future__ import annotations

import argparse
import signal
import sys
import time
from pathlib import Path

from .cli_base import (FOLLOWED_CONTENT, Command, UserError, content_explicit, decimal, index_option, index_options,
                       integer, not_empty, settings_from, stdout_open, stopped_by)
from .words import counted


def cmd_report(args: argparse.Namespace) -> int:
    from .report import report

    stdout_open("the report")
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

    not_empty(args.dest, "DEST", "the folder to back up to")
    settings = settings_from(args)
    if not content_explicit(args):  # the folder the served index was built from, as `faqbot serve` edits it
        settings = served_content(settings)
    sources = Sources(settings.database_url, Path(settings.content_dir), Path(settings.index_dir))
    try:
        with stopped_by(signal.SIGTERM, signal.SIGHUP):
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
    for skipped in m["content"].get("skipped", []):
        print(f"faqbot: warning: content folder: skipped {skipped['file']}: {skipped['what']}, not a regular file "
              "(not content, and not backed up)", file=sys.stderr)
    for left in leftovers(Path(args.dest)):
        print(f"faqbot: warning: {left}: left by a backup to {args.dest} that was killed (or is one running now): "
              "it holds a partial copy of the question log; delete it", file=sys.stderr)
    if args.with_salt and m["salt"]:
        print("faqbot: warning: this backup holds the address salt beside the question log: keep it apart from "
              "other database backups (docs/security.md)", file=sys.stderr)
    return 0


def _report_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--since", type=decimal, metavar="DAYS",
                   help="only the last DAYS UTC days, today included (the trend lists DAYS days); a fraction of a "
                        "day: the last DAYS x 24 hours (0.5: 12 hours)")
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
    index_options(p, f"content folder ({FOLLOWED_CONTENT})")
    p.add_argument("--with-salt", action="store_true",
                   help="also copy the address salt (off by default: with the log beside it, a visitor's hashed "
                        "address can be tested against guesses; keep it apart from database backups)")
    p.add_argument("--no-database", action="store_true",
                   help="leave the question log out (PostgreSQL: back it up with pg_dump)")


def _rollback_arguments(p: argparse.ArgumentParser) -> None:
    index_option(p)


REPORT = Command("report", "what visitors asked that went unanswered, and feedback per section",
                 _report_arguments, cmd_report)
PRUNE = Command("prune", "delete logged questions and feedback older than FAQBOT_QUESTION_LOG_DAYS (or --days)",
                _prune_arguments, cmd_prune)
ROLLBACK = Command("rollback", "serve the previous index version again", _rollback_arguments, cmd_rollback)
BACKUP = Command("backup", "copy the question log, content folder and index to a new folder, while the server runs",
                 _backup_arguments, cmd_backup)
