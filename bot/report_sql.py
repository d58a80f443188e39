"""The question log read summed in the database, for `faqbot report` (bot/report.py) and the dashboard (/admin).

Per day, per text and per section, never row by row: a log of a million questions is read as a few thousand rows
(its distinct unanswered and low-confidence texts), and bot/report.py's `summarize`, given every row, says the same.
The conditions below are needs_attention's (bot/topics.py) and summarize's, in SQL.
"""

from __future__ import annotations

import time
from collections import Counter, defaultdict
from datetime import date, datetime, timedelta, timezone
from typing import Collection, Iterable, Sequence

from .redact import mask
from .report_visitors import IN_CHUNK, MAX_PARAMETERS, Keep, Part, read_visitors  # noqa: F401 (the dashboard's too)
from .store import Store
from .topics import LOW_CONFIDENCE_MARGIN, Group, Phrasing, Synonyms, group_phrasings, key, ranked

TOP = 15
UNANSWERED = "kind = 'no_answer'"
LOW = "answered <> 0 AND (kind = 'no_answer' OR confidence < ?)"
# Answered confidently (what needs_attention takes only when a visitor gave the answer a thumbs down)
CONFIDENT = "answered <> 0 AND kind <> 'no_answer' AND confidence >= ?"


def day_of(ts: float) -> str:
    """The UTC day of a unix time, as an ISO date."""
    return datetime.fromtimestamp(ts, timezone.utc).strftime("%Y-%m-%d")


def groups_shown(groups: Sequence[Group]) -> list[dict]:
    """Groups as the report's JSON shows them, their texts masked (bot/redact.py)."""
    return [{
        "question": mask(g.question),
        "count": g.count,
        "visitors": g.visitors,
        "confidence": g.confidence,
        "section_id": g.section_id,
        "last_asked": day_of(g.last_asked),
        "phrasings": [{"question": text, "count": n} for text, n in masked_phrasings(g.phrasings)],
    } for g in groups]


def masked_phrasings(phrasings: Iterable[tuple[str, int]]) -> list[tuple[str, int]]:
    """(text, count) pairs with the texts masked, those the same once masked summed, in their order: a row an older
    release stored as typed (a card number, an e-mail address) is shown as the log keeps it once its writer has masked
    it (README: what report and /admin show is masked); masking a masked text changes nothing."""
    summed: dict[str, int] = {}
    for text, n in phrasings:
        shown = mask(text)
        summed[shown] = summed.get(shown, 0) + n
    return list(summed.items())


def every_day(per_day: dict[str, list[int]], start: float | None, end: float | None = None) -> list[dict]:
    """Every UTC day from start (else the first day with questions) to end (else now), with its
    [questions, answered, unanswered] from `per_day` (keyed by ISO date); days past `end` are left out."""
    if not per_day and start is None:
        return []
    end = time.time() if end is None else end
    day = datetime.fromtimestamp(start, timezone.utc).date() if start is not None else date.fromisoformat(min(per_day))
    last = datetime.fromtimestamp(end, timezone.utc).date()
    days: list[dict] = []
    while day <= last:
        asked, answered, unanswered = per_day.get(day.isoformat(), (0, 0, 0))
        days.append({"day": day.isoformat(), "questions": asked, "answered": answered, "unanswered": unanswered})
        day += timedelta(days=1)
    return days


def per_section(votes: dict[str | None, list[int]]) -> list[dict]:
    """{section id: [up, down]} as a list, least helpful first (then the most voted)."""
    found = [{"section_id": sid, "up": up, "down": down, "ratio": round(up / (up + down), 3)}
             for sid, (up, down) in votes.items()]
    found.sort(key=lambda s: (s["ratio"], -(s["up"] + s["down"]), s["section_id"] or ""))
    return found


def _day_sql(store: Store) -> str:
    """The UTC day of asked_at as days since 1970-01-01: SQLite's CAST truncates, PostgreSQL's would round. (Python's
    date of a time rounds it to the microsecond first: a question asked less than half a microsecond before midnight
    is counted on the day before here, on the next day by `daily`.)"""
    return "CAST(asked_at / 86400 AS INTEGER)" if store.sqlite_path else "FLOOR(asked_at / 86400)"


def per_day(store: Store, start: float) -> tuple[dict[str, list[int]], int]:
    """The questions asked since `start` per UTC day (ISO date -> [asked, answered, unanswered]), and how many of
    them were small talk."""
    days: dict[str, list[int]] = {}
    smalltalk = 0
    for day, n, answered, unanswered, small in store.query(
            f"SELECT {_day_sql(store)}, COUNT(*), SUM(CASE WHEN answered <> 0 THEN 1 ELSE 0 END),"
            " SUM(CASE WHEN kind = 'no_answer' THEN 1 ELSE 0 END), SUM(CASE WHEN kind = 'smalltalk' THEN 1 ELSE 0 END)"
            " FROM faqbot_questions WHERE asked_at >= ? GROUP BY 1", (start,)):
        days[(date(1970, 1, 1) + timedelta(days=int(day))).isoformat()] = [int(n), int(answered), int(unanswered)]
        smalltalk += int(small)
    return days, smalltalk


def votes(store: Store, start: float, moved: dict[str, str]) -> list[tuple[str, str | None, bool, int]]:
    """The feedback given since `start` summed per (question, section as it is called now, helpful)."""
    return [(text, moved.get(sid, sid) if sid else sid, bool(helpful), int(n)) for text, sid, helpful, n in store.query(
        "SELECT question, section_id, helpful, COUNT(*) FROM faqbot_feedback WHERE given_at >= ?"
        " GROUP BY question, section_id, helpful", (start,))]


def thumbs_summed(counted: Iterable[tuple[str, str | None, bool, int]]) -> list[dict]:
    """`votes` per section, as bot.report.thumbs says them."""
    per: dict[str | None, list[int]] = defaultdict(lambda: [0, 0])
    for _, sid, helpful, n in counted:
        per[sid][0 if helpful else 1] += n
    return per_section(per)


def answers_per_section(store: Store, start: float, moved: dict[str, str]) -> Counter[str]:
    """Section (as it is called now) -> how many questions it answered since `start`."""
    found: Counter[str] = Counter()
    for sid, n in store.query("SELECT section_id, COUNT(*) FROM faqbot_questions WHERE asked_at >= ? AND answered <> 0"
                              " AND section_id IS NOT NULL GROUP BY section_id", (start,)):
        if sid:
            found[moved.get(sid, sid)] += int(n)
    return found


def low_per_key(store: Store, start: float, cutoff: float) -> Counter[str]:
    """Question key (bot.topics.key) -> how many were answered below `cutoff` since `start`."""
    found: Counter[str] = Counter()
    for text, n in store.query("SELECT question, COUNT(*) FROM faqbot_questions WHERE asked_at >= ? AND answered <> 0"
                               " AND confidence < ? GROUP BY question", (start, cutoff)):
        found[key(text)] += int(n)
    return found


SUMMED = ("COUNT(*), SUM(CASE WHEN kind = 'no_answer' THEN 1 ELSE 0 END), SUM(confidence), MIN(asked_at), MIN(id),"
          " MAX(asked_at), COUNT(DISTINCT client_hash)")  # what a Phrasing sums of its rows, in `_add`'s order


def phrasings(store: Store, parts: Iterable[Part], moved: dict[str, str]) -> list[Phrasing]:
    """The questions matching each part, summed per text as stored (bot.topics groups them by key and topic)."""
    found: dict[str, Phrasing] = {}
    for where, params, keep in parts:
        for text, sid, answered, *sums in store.query(
                f"SELECT question, section_id, answered, {SUMMED} FROM faqbot_questions WHERE {where}"
                " GROUP BY question, section_id, answered", params):
            if keep is None or keep(text, sid):
                _add(found, text, sid, answered, sums, moved)
    return list(found.values())


def _add(found: dict[str, Phrasing], text: str, sid: str | None, answered: int, sums: Sequence,
         moved: dict[str, str]) -> None:
    """Count the rows of `text` answered (or not) from `sid`, summed as SUMMED says, in its Phrasing."""
    n, unanswered, confidence, first_at, first_id, last, visitors = sums
    first = (float(first_at), int(first_id))
    p = found.get(text)
    if p is None:
        p = found[text] = Phrasing(text, 0, 0, 0.0, first, float(last), {}, None, int(visitors))
    else:  # the same text answered from another section: its visitors are read again if it is shown
        p.first, p.last_asked = min(p.first, first), max(p.last_asked, float(last))
        p.visitors, p.visitors_exact = max(p.visitors, int(visitors)), False
    p.count += int(n)
    p.unanswered += int(unanswered)
    p.confidence += float(confidence)
    if sid and answered:
        sid = moved.get(sid, sid)  # the history of a reworded heading counts under it (bot/moves.py)
        had, since = p.sections.get(sid, (0, first))
        p.sections[sid] = (had + int(n), min(since, first))


def _top_groups(store: Store, parts: Sequence[Part], moved: dict[str, str], top: int,
                synonyms: Synonyms | None) -> tuple[list[Group], int, int]:
    """The `top` groups of the questions `parts` select, how many groups, how many texts were not clustered."""
    groups, unclustered = group_phrasings(phrasings(store, parts, moved), synonyms=synonyms)
    # Visitors order groups asked as often, so those of the groups that can be shown are read exactly.
    counts = sorted((g.count for g in groups), reverse=True)
    least = counts[top - 1] if 0 < top < len(counts) else 0
    read_visitors(store, parts, [g for g in groups if g.count >= least])
    return ranked(groups)[:top], len(groups), unclustered


def attention(start: float, threshold: float, moved: dict[str, str],
              down: Collection[tuple[str, str]] = ()) -> list[Part]:
    """What needs_attention (bot/topics.py) takes of the questions asked since `start`, as parts for `phrasings`:
    the unanswered ones, those answered below threshold + LOW_CONFIDENCE_MARGIN, and the confident answers a visitor
    marked not helpful (`down`: (question key, section id as it is called now), from `votes`)."""
    cutoff = min(1.0, threshold + LOW_CONFIDENCE_MARGIN)
    parts: list[Part] = [(f"asked_at >= ? AND ({UNANSWERED} OR {LOW})", (start, cutoff), None)]
    sections = {sid for _, sid in down}
    # the ids the log may still have for those sections: a former id counts under the section it is now
    stored = sorted(sections | {old for old, new in moved.items() if new in sections})

    def voted_down(text: str, sid: str | None) -> bool:
        return sid is not None and (key(text), moved.get(sid, sid)) in down

    for i in range(0, len(stored), IN_CHUNK):
        chunk = tuple(stored[i:i + IN_CHUNK])
        parts.append((f"asked_at >= ? AND {CONFIDENT} AND section_id IN ({', '.join('?' * len(chunk))})",
                      (start, cutoff) + chunk, Keep(voted_down)))
    return parts


def summarize_log(store: Store, threshold: float, since: float | None = None, before: float | None = None,
                  moved: dict[str, str] | None = None, top: int = TOP, synonyms: Synonyms | None = None) -> dict:
    """`summarize` of the questions asked since `since` and the feedback given since, read summed from the store;
    with `before` (a time before `since`), "previous": the questions asked from then to `since`."""
    moved = moved or {}
    cutoff = min(1.0, threshold + LOW_CONFIDENCE_MARGIN)
    start = since or 0.0
    days, smalltalk = per_day(store, start)
    sections = thumbs_summed(votes(store, start, moved))
    # Two queries, not one pass summing both with conditional aggregates: each reads the period index and only the
    # table rows it keeps, and the one pass was 10-15% slower on a log of a million rows (bench/report_scale.py).
    top_unanswered, unanswered_groups, unclustered = _top_groups(
        store, [(f"asked_at >= ? AND {UNANSWERED}", (start,), None)], moved, top, synonyms)
    top_low, low_groups, low_unclustered = _top_groups(
        store, [(f"asked_at >= ? AND {LOW}", (start, cutoff), None)], moved, top, synonyms)
    data = {
        "questions": sum(d[0] for d in days.values()),
        "answered": sum(d[1] for d in days.values()),
        "unanswered": sum(d[2] for d in days.values()),
        "smalltalk": smalltalk,
        "threshold": threshold,
        "low_confidence_below": round(cutoff, 3),
        "top_unanswered": groups_shown(top_unanswered),
        "unanswered_groups": unanswered_groups,
        "top_low_confidence": groups_shown(top_low),
        "low_confidence_groups": low_groups,
        "trend": every_day(days, since),
        "feedback": {"up": sum(s["up"] for s in sections), "down": sum(s["down"] for s in sections),
                     "sections": sections},
    }
    # bot.topics clusters the MAX_CLUSTERED most asked distinct texts; rarer ones are groups of their own
    for name, n in (("unanswered_not_clustered", unclustered), ("low_confidence_not_clustered", low_unclustered)):
        if n:
            data[name] = n
    if before is not None:
        ((n, answered),) = store.query("SELECT COUNT(*), SUM(CASE WHEN answered <> 0 THEN 1 ELSE 0 END)"
                                       " FROM faqbot_questions WHERE asked_at >= ? AND asked_at < ?", (before, since))
        data["previous"] = {"questions": int(n), "answered": int(answered or 0)}
    return data
