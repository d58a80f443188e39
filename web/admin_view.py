"""What the dashboard shows for a period, as plain data: the page renders it, /admin/summary serves it as JSON."""

from __future__ import annotations

import re
import time
from collections import Counter
from datetime import datetime, timezone
from pathlib import Path
from typing import Mapping, NamedTuple

from bot.answer import leans_on_earlier
from bot.artifact import build_warnings
from bot.editing import EditError, clean_phrasing
from bot.editlog import ATTACH, Edit, EditLog
from bot.ingest import empty_rows
from bot.ingest.files import NO_SLIP, UNKNOWN_EXTENSION, find_content
from bot.model import ContentError
from bot import report_sql
from bot.report import period_start
from bot.moves import moved_of
from bot.redact import mask
from bot.store import Store
from bot.text import slugify
from bot.topics import LOW_CONFIDENCE_MARGIN, add_closest, group_phrasings, key, ranked

from .admin_content import content_error
from .admin_groups import answered_now, articles_of_shared_headings, percent, preselect, section_label
from .offload import off_the_loop

# A list mark typed or pasted before a phrasing ("- ", "* ", "1. ", "2) ", a bullet): not part of what is asked. Only at
# its start, followed by a space (a bullet needs none); never a line break, which stays an error (clean_phrasing).
_SPACE = "[ \t\u00a0]"
_LIST_MARK = re.compile(rf"^{_SPACE}*(?:(?:[-*+\u2013]|[0-9]{{1,3}}[.)]){_SPACE}+|[\u2022\u2023\u25aa\u25e6]{_SPACE}*)")

PERIODS = (7, 30, 90, 365)  # days the period picker offers
GROUPS_SHOWN = 40  # open groups listed (most asked first); each is asked once for its closest sections
MAX_PHRASINGS = 50  # per edit (add, dismiss): a group's phrasings, never a bulk import; a group's forms offer as many
TOP_SECTIONS = 10


def dashboard(store: Store, edits: EditLog, served, threshold: float, days: int, max_length: int,
              content_dir: str | Path | None = None) -> dict:
    """Everything the dashboard shows for the last `days` days (UTC days, today included), read from the log summed
    in the database (bot/report_sql.py): per day, per section and per text, never row by row; the files not read are
    those of `content_dir` as it is now (the served version's build's without it)."""
    now = time.time()
    since = period_start(days, now)  # as `faqbot report --since`: a 7-day dashboard listed 8 days, the first a part
    moved = moved_of(served.loaded.manifest)
    per_day, smalltalk = report_sql.per_day(store, since)
    votes = report_sql.votes(store, since, moved)
    sections = {s.id: s for s in served.sections()}
    heading = headings(served)
    live = in_use(served)
    empty = emptied_of(served.loaded.manifest)

    handled = handled_by(edits.active(), live)
    # A group's line tells its unanswered, low-confidence and confidently answered questions apart (the last
    # are listed because a visitor gave their answer a thumbs down), and counts those thumbs down.
    cutoff = min(1.0, threshold + LOW_CONFIDENCE_MARGIN)
    low = report_sql.low_per_key(store, since, cutoff)
    down: Counter[tuple[str, str]] = Counter()
    for text, sid, helpful, n in votes:
        if not helpful and sid:
            down[key(text), sid] += n
    parts = report_sql.attention(since, threshold, moved, down)
    phrasings = report_sql.phrasings(store, parts, moved)
    answers_given = {(key(p.question), sid) for p in phrasings for sid in p.sections}  # every answer to them
    thumbs_down: Counter[str] = Counter()
    for (k, sid), n in down.items():
        if (k, sid) in answers_given:
            thumbs_down[k] += n
    # Seconds of CPU over a large log (6.5 s for 194,000 phrasings): in a native thread on a gevent worker, which
    # meanwhile goes on answering its other requests (on the loop it answered nobody until the grouping ended).
    groups, _ = off_the_loop(group_phrasings, phrasings, synonyms=served.synonyms())
    # by the text as the log now keeps it: a row stored before masking, and masked since, is the same question
    # and without a list mark, as "Add as alternate" saves it: the visitor's "1. can I swim" is handled by "can I swim"
    # and shown masked: a row an older release stored as typed, not masked yet by the log writer (README)
    members_of = {id(g): [(text, count, handled.get(handled_key(text)))
                          for text, count in report_sql.masked_phrasings(g.phrasings)]
                  for g in groups}
    done = {id(g) for g in groups if all(edit is not None for _, _, edit in members_of[id(g)])}
    # Visitors order groups asked as often: read exactly for those that can be listed, and those asked as often
    open_counts = sorted((g.count for g in groups if id(g) not in done), reverse=True)
    least = open_counts[GROUPS_SHOWN - 1] if len(open_counts) >= GROUPS_SHOWN else 0
    done_counts = {g.count for g in groups if id(g) in done}
    report_sql.read_visitors(store, parts, [g for g in groups if g.count >= least or g.count in done_counts])
    open_groups, done_groups, open_total = [], [], 0
    for n, g in enumerate(ranked(groups)):
        members = members_of[id(g)]
        if id(g) not in done:
            open_total += 1
            if open_total > GROUPS_SHOWN:  # asked fewer times: the page says how many
                continue
        keys = [key(text) for text, _ in g.phrasings]
        low_count = sum(low[k] for k in keys)
        item = {
            "id": f"g{n + 1}-{slugify(mask(g.question), 40)}",
            # masked: a row an older release stored as typed, not masked yet by the log writer (README)
            "question": mask(g.question), "count": g.count, "unanswered": g.unanswered, "visitors": g.visitors,
            "low_confidence": low_count, "answered": g.count - g.unanswered - low_count,
            "thumbs_down": sum(thumbs_down[k] for k in keys),
            "confidence": g.confidence, "section_id": g.section_id, "last_asked": g.last_asked,
            "phrasings": [{"question": text, "count": count, "handled_by": edit.id if edit else None,
                           "problem": _problem(text, max_length),
                           # not ticked by default: logged without the question before it, it means nothing alone
                           "follow_up": leans_on_earlier(text),
                           "later": n_open > MAX_PHRASINGS}
                          for text, count, edit, n_open in _counted_open(members)],
            "edits": sorted({e.id for _, _, e in members if e}),
            "group": g,
        }
        # The open phrasings past the first MAX_PHRASINGS (the least asked) wait for the next edit: "Add" and "Dismiss"
        # would be refused for more at a time, and the rest of the group comes up once these are handled.
        item["later"] = sum(1 for p in item["phrasings"] if p["later"])
        if id(g) in done:
            latest = max((e for _, _, e in members), key=lambda e: e.id)
            item["handled"] = edit_dict(latest, heading, live, empty)
            done_groups.append(item)
        else:
            open_groups.append(item)
    # Off the loop too (40 questions answered), asked of the version's policy rather than served.ask: the answer
    # cache's lock is a threading.Lock made after gevent patched the worker, so gevent's, which a native thread must
    # not wait on (bot/locks.py); the policy takes no lock. (Its top_k=5 answers were never a visitor's anyway.)
    off_the_loop(add_closest, [item["group"] for item in open_groups], lambda q: served.policy.ask(q, top_k=5))
    where = articles_of_shared_headings(sections.values())
    for item in open_groups + done_groups:
        item["closest"] = [{**c, "url": sections[c["section_id"]].url, "percent": percent(c["confidence"]),
                            "label": section_label(c["heading"], where.get(c["section_id"]), "", True),
                            **({"where": where[c["section_id"]]} if c["section_id"] in where else {})}
                           for c in item.pop("group").closest if c["section_id"] in sections]
        item["preselect"] = preselect(item["closest"], threshold)  # None: the editor chooses
    # A group the bot answers now (an answer written by hand and rebuilt since it was asked) is listed after those it
    # still does not answer, marked so, rather than moved to Handled: no edit made it so (nothing there to undo), and
    # its answer may be a wrong section's; the editor checks it, then dismisses the group or adds its phrasings.
    for item in open_groups:
        item["answered_now"] = answered_now(item, threshold, cutoff)
    open_groups.sort(key=lambda item: item["answered_now"] is not None)  # stable: most asked first in each part
    one_document = len({s.document for s in sections.values()}) <= 1

    asked = report_sql.answers_per_section(store, since, moved)
    return {
        "days": days,
        "since": since,
        "questions": sum(d[0] for d in per_day.values()),
        "answered": sum(d[1] for d in per_day.values()),
        "unanswered": sum(d[2] for d in per_day.values()),
        "smalltalk": smalltalk,
        "threshold": threshold,  # a group's closest section at or above it answers it now ("answered_now")
        "low_confidence_below": round(cutoff, 3),
        "trend": report_sql.every_day(per_day, since, now),
        "groups": open_groups,
        "groups_total": open_total,  # the groups past GROUPS_SHOWN are asked fewer times; the page says how many
        "handled": done_groups,
        "top_sections": [{"section_id": sid, "heading": heading.get(sid, sid), "count": n}
                         for sid, n in sorted(asked.items(), key=lambda kv: (-kv[1], kv[0]))[:TOP_SECTIONS]],
        "feedback": [{**s, "heading": heading.get(s["section_id"], s["section_id"]) if s["section_id"] else None}
                     for s in report_sql.thumbs_summed(votes)],
        "edits": [edit_dict(e, heading, live, empty) for e in edits.edits(limit=20)],
        "sections": [{"section_id": s.id, "heading": s.heading, "title": s.title,
                      "label": section_label(s.heading, where.get(s.id), s.title, one_document),
                      **({"where": where[s.id]} if s.id in where else {})} for s in sections.values()],
        "content_warnings": content_warnings(served.loaded.manifest),
        "files_not_read": files_not_read(served.loaded.manifest, content_dir),
        # the content folder as it is now: why the next rebuild (or Add, Undo) would fail, None when it builds
        "content_error": content_error(content_dir, served),
    }


def index_figures(info: dict) -> dict:
    """The served version's /api/health figures, with when it was built and what it holds as the page says them."""
    try:
        built = datetime.fromisoformat(str(info["built_at"])).astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    except ValueError:  # a manifest from elsewhere: shown as written
        built = str(info["built_at"])
    sections, documents = info["sections"], info["documents"]
    return {**info, "built": built, "what": f"{sections} section{'s' if sections != 1 else ''} in {documents} "
                                           f"document{'s' if documents != 1 else ''}"}


def content_warnings(manifest: Mapping) -> list[str]:
    """What the build of the served version warned of in the content (a phrasing two sections share, a block
    of phrasings not used, a linked file or folder read under another name, a symlink loop), for an editor who
    works from the dashboard and never sees `faqbot build`'s output; files skipped as no content (a README, a
    hidden file) are left out, as no slip to fix, and so are those files_not_read lists."""
    return [w for w in build_warnings(dict(manifest)) if not _skipped_for(w, NO_SLIP + (UNKNOWN_EXTENSION,))]


def _skipped_for(warning: str, reasons: tuple[str, ...]) -> bool:
    """Is a build warning a file skipped for one of these reasons ("skipped x.md~: backup or editor file", with
    "(and ...)" after it when the file could not even be looked at)?"""
    return warning.startswith("skipped ") and any(
        warning.endswith(f": {r}") or f": {r} (and " in warning for r in reasons)


def files_not_read(manifest: Mapping, content_dir: str | Path | None = None) -> list[str]:
    """The files skipped for their extension ("faq.docx", "faq.markdown"), as the content folder names them: an FAQ
    saved so is not read, and the editor who works from the dashboard never sees `faqbot build` say so. (Hidden,
    backup and README files are no slip: content_warnings leaves them out too.)

    Those in `content_dir` now, when given: the served version's build predates a .docx dropped in since whenever the
    rebuild after it changed nothing else (the version served is then kept, with its manifest), so the manifest did
    not list it. Walking the folder stats its entries and reads no file (off a gevent worker's loop); a folder that
    cannot be walked now (gone, a broken link: the next build says which) gives the served version's list."""
    if content_dir is not None:
        try:
            return _not_read(off_the_loop(find_content, Path(content_dir)).warnings)
        except (ContentError, OSError):
            pass
    return _not_read(build_warnings(dict(manifest)))


def _not_read(warnings: list[str]) -> list[str]:
    said = f": {UNKNOWN_EXTENSION}"
    return [w[len("skipped "):].split(said)[0] for w in warnings if w.startswith("skipped ") and said in w]


def without_list_mark(text):
    """A phrasing without the list mark before it ("- how long?", "2. how long?", "\u2022 how long?" -> "how long?");
    anything else as it is."""
    return _LIST_MARK.sub("", text, count=1) if isinstance(text, str) else text


def headings(served) -> dict[str, str]:
    """Section id -> heading, for the sections of the served version and the ids they had before a rename or a
    move (bot/moves.py): an edit made for a section before its heading was reworded shows its heading now."""
    heading = {s.id: s.heading for s in served.sections()}
    for old, new in moved_of(served.loaded.manifest).items():
        if new in heading:
            heading.setdefault(old, heading[new])
    return heading


class Emptied(NamedTuple):
    """A heading left with no text under it, or a table row left with an empty answer: no section, still there."""

    heading: str
    source: str  # "file:line"
    row: bool  # a row of an FAQ table (.csv, .tsv, a Markdown table): its answer cell is what is empty

    def what(self) -> str:
        """What the editor sees at `source`, as the dashboard names it."""
        return "a table row with no answer" if self.row else "a heading with no answer under it"

    def fix(self) -> str:
        """What brings it back as a section."""
        return "its answer is filled in" if self.row else "an answer is written under it"


def emptied_of(manifest: Mapping) -> dict[str, Emptied]:
    """A manifest's `emptied` record: {id: Emptied} of the headings left with no text under them and the table rows
    left with an empty answer ({} when it has none, or not as this program writes it: a version built by an older
    faqbot). Which are rows its warnings say (bot.ingest.empty_rows)."""
    record = manifest.get("emptied")
    if not isinstance(record, dict):
        return {}
    rows = empty_rows(build_warnings(dict(manifest)))
    return {i: Emptied(e["heading"], e["source"], e["source"] in rows) for i, e in record.items()
            if isinstance(e, dict) and isinstance(e.get("heading"), str) and isinstance(e.get("source"), str)}


def in_use(served) -> set[str]:
    """The keys of every heading and alternate the served version matches with."""
    return {key(text) for s in served.sections() for text in (s.heading, *s.alternates)}


def handled_key(text: str) -> str:
    """A phrasing as handled_by keys it: masked, without a list mark, folded (as the log keeps a visitor's)."""
    return key(mask(without_list_mark(text)))


def handled_by(active: list[Edit], live: set[str]) -> dict[str, Edit]:
    """Folded phrasing -> the latest active edit that attached or dismissed it. A phrasing attached to a section
    that is gone since (deleted, or split with no .moves line saying where it went: the build skips its block) is
    no section's now, so it handles nothing: its questions need an editor again."""
    out: dict[str, Edit] = {}
    for e in active:  # oldest first, so the latest edit wins
        for p in e.phrasings:
            if e.action != ATTACH or key(p) in live:
                out[handled_key(p)] = e
    return out


def _counted_open(members: list[tuple[str, int, Edit | None]]):
    """Each (text, count, edit) of a group with how many open phrasings (no edit handles them) come up to it, it
    included: 0 for a handled one."""
    n_open = 0
    for text, count, edit in members:
        n_open += edit is None
        yield text, count, edit, n_open if edit is None else 0


def _problem(text: str, max_length: int) -> str | None:
    """Why a visitor's question cannot become an alternate as typed (None if it can)."""
    try:
        clean_phrasing(without_list_mark(text), max_length)  # as "Add as alternate" cleans it
    except EditError as e:
        return str(e)
    return None


def edit_dict(e: Edit, heading: dict[str, str], live: set[str] | None = None,
              emptied: Mapping[str, Emptied] | None = None) -> dict:
    """One edit as the page and the JSON show it, with a one-line description; given the phrasings in use (`live`),
    it says so when an edit in place attached phrasings that no section has now, and why when its heading is still
    there with no text under it, or its table row with no answer (`emptied`, emptied_of)."""
    n = f"{len(e.phrasings)} phrasing{'s' if len(e.phrasings) != 1 else ''}"
    empty = (emptied or {}).get(e.section_id or "")
    name = heading.get(e.section_id or "", empty.heading if empty else e.section_id)
    if e.action != ATTACH:
        what = f"dismissed {n}"
    elif live is not None and e.active and not any(key(p) in live for p in e.phrasings):
        if empty:  # its answer was deleted: writing it again brings the phrasings back, adding them again does not
            what = (f"added {n} to \u201c{name}\u201d, {empty.what()} now ({empty.source}): not used until "
                    f"{empty.fix()}")
        else:
            what = f"added {n} to \u201c{name}\u201d, a section no longer in the content: not used now (add them again)"
    else:
        what = f"added {n} to \u201c{name}\u201d"
    return {"id": e.id, "made_at": e.made_at, "who": e.who, "action": e.action, "section_id": e.section_id,
            "heading": name, "phrasings": list(e.phrasings), "file": e.file, "active": e.active,
            "undone_at": e.undone_at, "undone_by": e.undone_by, "what": what}
