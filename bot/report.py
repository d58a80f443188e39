"""`faqbot report`: what visitors asked that went unanswered or barely answered, and thumbs per section.

The editor's input for new alternate phrasings (knowledge/README.md) and new sections. `summarize` says it of rows
in memory; `faqbot report` reads the log summed in the database instead (bot/report_sql.py), and says the same.
"""

from __future__ import annotations

import json
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Sequence, TextIO

from . import artifact
from .moves import moved_of
from .report_sql import TOP, day_of, every_day, groups_shown, per_section, summarize_log
from .settings import Settings
from .store import FeedbackRow, QuestionRow, Store, StoreError, naming_the_setting
from .topics import LOW_CONFIDENCE_MARGIN, MAX_CLUSTERED, Synonyms, group_questions, needs_attention
from .words import counted

TREND_DAYS_SHOWN = 14  # the text report's per-day lines; --json has every day
DAY = 86400
# A century: more than any log holds, and twice it still a date (the period before is read too).
MAX_SINCE_DAYS = 36_500


def index_synonyms(index_dir: str | Path) -> Synonyms | None:
    """The synonym groups of the index published in index_dir (its knowledge base's own, then faqbot's everyday
    ones), read from its index.json alone; None when there is none or it cannot be read (the report then groups
    questions with the everyday synonyms alone)."""
    version = artifact.current_version(Path(index_dir))
    if version is None:
        return None
    try:
        meta = json.loads((Path(index_dir) / artifact.VERSIONS / version / "index.json").read_text(encoding="utf-8"))
        groups = meta["synonyms"]
    except (OSError, ValueError, TypeError, KeyError):
        return None
    if not isinstance(groups, list) or not all(isinstance(g, list) and all(isinstance(t, str) for t in g)
                                               for g in groups):
        return None
    return tuple(tuple(g) for g in groups)


def index_moved(index_dir: str | Path) -> dict[str, str]:
    """The `moved` record (bot/moves.py) of the index published in index_dir: former section id -> id now."""
    version = artifact.current_version(Path(index_dir))
    if version is None:
        return {}
    try:
        return moved_of(artifact.read_manifest(Path(index_dir), version))
    except artifact.IndexUnavailable:
        return {}


def _grouped(rows: Sequence[QuestionRow], top: int, synonyms: Synonyms | None = None) -> tuple[list[dict], int]:
    """The `top` groups of questions by topic (bot.topics), most asked first, and how many groups there are."""
    groups = group_questions(rows, synonyms=synonyms)
    return groups_shown(groups[:top]), len(groups)


def daily(questions: Sequence[QuestionRow], start: float | None = None, end: float | None = None) -> list[dict]:
    """Questions per UTC day from start to end (every day, zeros included): asked, answered, unanswered."""
    per_day: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for q in questions:
        counts = per_day[day_of(q.asked_at)]
        counts[0] += 1
        counts[1] += int(q.answered)
        counts[2] += int(q.kind == "no_answer")
    return every_day(per_day, start, end)


def thumbs(feedback: Sequence[FeedbackRow]) -> list[dict]:
    """Thumbs up and down per section, least helpful first (then the most voted)."""
    votes: dict[str | None, list[int]] = defaultdict(lambda: [0, 0])
    for f in feedback:
        votes[f.section_id][0 if f.helpful else 1] += 1
    return per_section(votes)


def summarize(questions: Sequence[QuestionRow], feedback: Sequence[FeedbackRow], threshold: float,
              top: int = TOP, since: float | None = None, synonyms: Synonyms | None = None) -> dict:
    """The report as plain data (what --json prints); `synonyms`: the served index's groups, to group questions."""
    cutoff = min(1.0, threshold + LOW_CONFIDENCE_MARGIN)
    unanswered = [q for q in questions if q.kind == "no_answer"]
    low = [q for q in needs_attention(questions, threshold) if q.answered]
    sections = thumbs(feedback)
    top_unanswered, unanswered_groups = _grouped(unanswered, top, synonyms)
    top_low, low_groups = _grouped(low, top, synonyms)
    return {
        "questions": len(questions),
        "answered": sum(1 for q in questions if q.answered),
        "unanswered": len(unanswered),
        "smalltalk": sum(1 for q in questions if q.kind == "smalltalk"),
        "threshold": threshold,
        "low_confidence_below": round(cutoff, 3),
        "top_unanswered": top_unanswered,
        "unanswered_groups": unanswered_groups,  # all of them: top_unanswered lists the most asked
        "top_low_confidence": top_low,
        "low_confidence_groups": low_groups,
        "trend": daily(questions, since),
        "feedback": {"up": sum(s["up"] for s in sections), "down": sum(s["down"] for s in sections),
                     "sections": sections},
    }


def _more(shown: int, total: int, unclustered: int = 0) -> list[str]:
    """A line saying how many groups were left out, when some were, and one saying how many distinct texts were
    not grouped by topic (past the MAX_CLUSTERED most asked), when some were not."""
    return ([f"  ... and {total - shown} more group{'s' if total - shown > 1 else ''} (asked fewer times)"]
            if total > shown else []) + \
        ([f"  ({unclustered:,} rarer distinct phrasing{'s' if unclustered > 1 else ''} not grouped by topic: only the "
          f"{MAX_CLUSTERED:,} most asked are, the others count as groups of their own)"] if unclustered else [])


def _days(n: float) -> str:
    """'1 day', '7 days', '0.5 days'."""
    return counted(n, "day")


def format_text(data: dict) -> str:
    """The report for a person."""
    days = data.get("since_days")
    span = f"in the last {_days(days)}" if days else "in all"
    lines = [f"faqbot report: {counted(data['questions'], 'question')} {span} "
             f"({data['answered']} answered, {data['unanswered']} unanswered, {data['smalltalk']} small talk)"]
    if data.get("note"):
        lines.append(data["note"])
    prev = data.get("previous")
    if prev is not None:
        change = (f"{(data['questions'] - prev['questions']) / prev['questions']:+.0%}" if prev["questions"]
                  else "n/a, none before")
        lines.append(f"The {_days(days)} before: {counted(prev['questions'], 'question')} "
                     f"({prev['answered']} answered); change {change}")

    trend = data.get("trend") or []
    if trend:
        shown = trend[-TREND_DAYS_SHOWN:]
        peak = max(d["questions"] for d in shown) or 1
        lines += ["", f"Questions per day (UTC; the last {len(shown)} of {counted(len(trend), 'day')}), answered share:"]
        for d in shown:
            share = f"{d['answered'] / d['questions']:>4.0%}" if d["questions"] else "   -"
            bar = "#" * round(30 * d["questions"] / peak)
            lines.append(f"  {d['day']}  {d['questions']:>5}  {share} answered  {bar}")

    lines += ["", "Most frequent unanswered questions, grouped by topic (candidates for new sections or alternate "
                  "phrasings; /admin attaches them to a section):"]
    for g in data["top_unanswered"]:
        who = f", {g['visitors']} visitor{'s' if g['visitors'] != 1 else ''}" if g["visitors"] else ""
        lines.append(f"  {g['count']:>4}x  {g['question']}  (last {g['last_asked']}{who})")
        others = [f"{p['question']} ({p['count']}x)" for p in g.get("phrasings", [])[1:]]
        if others:
            more = f" and {len(others) - 3} more" if len(others) > 3 else ""
            lines.append(f"         also: {'; '.join(others[:3])}{more}")
    lines += _more(len(data["top_unanswered"]), data.get("unanswered_groups", 0),
                   data.get("unanswered_not_clustered", 0))
    if not data["top_unanswered"]:
        lines.append("  (none)")

    lines += ["", f"Low-confidence answers (answered below {data['low_confidence_below']}; check the match):"]
    for g in data["top_low_confidence"]:
        lines.append(f"  {g['count']:>4}x  {g['confidence']:.2f}  {g['question']}  -> {g['section_id']}")
    lines += _more(len(data["top_low_confidence"]), data.get("low_confidence_groups", 0),
                   data.get("low_confidence_not_clustered", 0))
    if not data["top_low_confidence"]:
        lines.append("  (none)")

    fb = data["feedback"]
    lines += ["", f"Feedback per section ({fb['up']} helpful, {fb['down']} not helpful; least helpful first):"]
    for s in fb["sections"]:
        lines.append(f"  {s['ratio']:>4.0%} helpful  {s['up']:>3} up {s['down']:>3} down  "
                     f"{s['section_id'] or '(no section: unanswered)'}")
    if not fb["sections"]:
        lines.append("  (none)")
    return "\n".join(_printable(line) for line in lines)


def _printable(line: str) -> str:
    """A line of the report as a terminal shows it: what visitors typed (stored as typed) may hold control or
    format characters, which a terminal obeys (an escape sequence retitles the window, recolours or erases lines,
    writes the clipboard; a right-to-left override reverses text): each is written as its code, "\\x1b" or
    "\\u202e"."""
    if line.isprintable():
        return line
    return "".join(c if c.isprintable() else ascii(c)[1:-1] for c in line)


def period_start(since_days: float, now: float) -> float:
    """When the report's period of `since_days` days begins: N whole days are N UTC days, today included (from
    midnight UTC N - 1 days ago), so the trend lists N days, as the text says; a fraction of a day is the last
    since_days * 24 hours (--since 0.5: the last 12 hours)."""
    if since_days != int(since_days):
        return now - since_days * DAY
    return (now // DAY - (int(since_days) - 1)) * DAY  # unix time has no leap seconds: every UTC day is DAY long


def report(settings: Settings, since_days: float | None, out: TextIO = sys.stdout, as_json: bool = False) -> int:
    """Print the report for the log at settings.database_url; 0 on success, 1 with a one-line error."""
    if since_days is not None and not 0 < since_days <= MAX_SINCE_DAYS:  # nan fails both
        print(f"faqbot: error: --since must be a positive number of days, at most {MAX_SINCE_DAYS:,}, "
              f"got {since_days:g}", file=sys.stderr)
        return 1
    since = period_start(since_days, time.time()) if since_days else None
    try:
        store = Store(settings.database_url)
        if store.exists():
            # A section whose heading was reworded (or that moved file) since keeps its questions and thumbs.
            data, note = summarize_log(store, settings.threshold, since,
                                       None if since is None else since - since_days * DAY,
                                       moved=index_moved(settings.index_dir),
                                       synonyms=index_synonyms(settings.index_dir)), None
        else:  # don't create a database just to say it is empty
            data, note = summarize([], [], settings.threshold, since=since), f"(no question log at {store.describe()} yet)"
            if since is not None:
                data["previous"] = {"questions": 0, "answered": 0}
    except StoreError as e:
        print(f"faqbot: error: {naming_the_setting(settings.database_url, e)}", file=sys.stderr)
        return 1
    previous = data.pop("previous", None)  # after since_days, as it always came
    data["since_days"] = since_days
    if previous is not None:
        data["previous"] = previous
    if note:
        data["note"] = note
    out.write((json.dumps(data, indent=1) if as_json else format_text(data)) + "\n")
    out.flush()
    return 0
