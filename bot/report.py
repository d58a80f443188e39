"""`faqbot report`: what visitors asked that went unanswered or barely answered, and thumbs per section.

The editor's input for new alternate phrasings (knowledge/README.md) and new sections.
"""

from __future__ import annotations

import json
import sys
import time
from collections import Counter, defaultdict
from datetime import datetime, timezone
from typing import Sequence, TextIO

from .settings import Settings
from .store import FeedbackRow, QuestionRow, Store, StoreError
from .text import words

LOW_CONFIDENCE_MARGIN = 0.15  # answered, but by less than this above the threshold: worth a look
TOP = 15


def _key(question: str) -> str:
    """Questions that differ only in case, accents or punctuation count as one."""
    return " ".join(words(question)) or question.strip().lower()


def _day(ts: float) -> str:
    return datetime.fromtimestamp(ts, timezone.utc).strftime("%Y-%m-%d")


def _grouped(rows: Sequence[QuestionRow], top: int) -> list[dict]:
    groups: dict[str, list[QuestionRow]] = defaultdict(list)
    for row in rows:
        groups[_key(row.question)].append(row)
    out = []
    for items in groups.values():
        shown = Counter(r.question.strip() for r in items).most_common(1)[0][0]
        sections = Counter(r.section_id for r in items if r.section_id)
        out.append({
            "question": shown,
            "count": len(items),
            "visitors": len({r.client_hash for r in items if r.client_hash}) or None,
            "confidence": round(sum(r.confidence for r in items) / len(items), 3),
            "section_id": sections.most_common(1)[0][0] if sections else None,
            "last_asked": _day(max(r.asked_at for r in items)),
        })
    out.sort(key=lambda g: (-g["count"], -(g["visitors"] or 0), g["question"].lower()))
    return out[:top]


def summarize(questions: Sequence[QuestionRow], feedback: Sequence[FeedbackRow], threshold: float,
              top: int = TOP) -> dict:
    """The report as plain data (what --json prints)."""
    cutoff = min(1.0, threshold + LOW_CONFIDENCE_MARGIN)
    unanswered = [q for q in questions if q.kind == "no_answer"]
    low = [q for q in questions if q.answered and q.confidence < cutoff]
    votes: dict[str | None, list[int]] = defaultdict(lambda: [0, 0])
    for f in feedback:
        votes[f.section_id][0 if f.helpful else 1] += 1
    per_section = [{"section_id": sid, "up": up, "down": down, "ratio": round(up / (up + down), 3)}
                   for sid, (up, down) in votes.items()]
    # Worst first: the sections most in need of an editor, then the most voted.
    per_section.sort(key=lambda s: (s["ratio"], -(s["up"] + s["down"]), s["section_id"] or ""))
    return {
        "questions": len(questions),
        "answered": sum(1 for q in questions if q.answered),
        "unanswered": len(unanswered),
        "smalltalk": sum(1 for q in questions if q.kind == "smalltalk"),
        "threshold": threshold,
        "low_confidence_below": round(cutoff, 3),
        "top_unanswered": _grouped(unanswered, top),
        "top_low_confidence": _grouped(low, top),
        "feedback": {"up": sum(s["up"] for s in per_section), "down": sum(s["down"] for s in per_section),
                     "sections": per_section},
    }


def format_text(data: dict) -> str:
    """The report for a person."""
    span = f"in the last {data['since_days']:g} days" if data.get("since_days") else "in all"
    lines = [f"faqbot report: {data['questions']} questions {span} "
             f"({data['answered']} answered, {data['unanswered']} unanswered, {data['smalltalk']} small talk)"]
    if data.get("note"):
        lines.append(data["note"])

    lines += ["", "Most frequent unanswered questions (candidates for new sections or alternate phrasings):"]
    for g in data["top_unanswered"]:
        who = f", {g['visitors']} visitors" if g["visitors"] else ""
        lines.append(f"  {g['count']:>4}x  {g['question']}  (last {g['last_asked']}{who})")
    if not data["top_unanswered"]:
        lines.append("  (none)")

    lines += ["", f"Low-confidence answers (answered below {data['low_confidence_below']:.2f}; check the match):"]
    for g in data["top_low_confidence"]:
        lines.append(f"  {g['count']:>4}x  {g['confidence']:.2f}  {g['question']}  -> {g['section_id']}")
    if not data["top_low_confidence"]:
        lines.append("  (none)")

    fb = data["feedback"]
    lines += ["", f"Feedback per section ({fb['up']} helpful, {fb['down']} not helpful; least helpful first):"]
    for s in fb["sections"]:
        lines.append(f"  {s['ratio']:>4.0%} helpful  {s['up']:>3} up {s['down']:>3} down  "
                     f"{s['section_id'] or '(no section: unanswered)'}")
    if not fb["sections"]:
        lines.append("  (none)")
    return "\n".join(lines)


def report(settings: Settings, since_days: float | None, out: TextIO = sys.stdout, as_json: bool = False) -> int:
    """Print the report for the log at settings.database_url; 0 on success, 1 with a one-line error."""
    if since_days is not None and not since_days > 0:
        print(f"faqbot: error: --since must be a positive number of days, got {since_days:g}", file=sys.stderr)
        return 1
    since = time.time() - since_days * 86400 if since_days else None
    try:
        store = Store(settings.database_url)
        if store.exists():
            questions, feedback, note = store.questions(since), store.feedback(since), None
        else:  # don't create a database just to say it is empty
            questions, feedback, note = [], [], f"(no question log at {store.describe()} yet)"
    except StoreError as e:
        print(f"faqbot: error: {e}", file=sys.stderr)
        return 1
    data = summarize(questions, feedback, settings.threshold)
    data["since_days"] = since_days
    if note:
        data["note"] = note
    out.write((json.dumps(data, indent=1) if as_json else format_text(data)) + "\n")
    out.flush()
    return 0
