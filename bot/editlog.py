"""The dashboard's records in the log database: admin sessions, and every edit (who, what, when, undone).

Sessions are kept server-side so that every worker and machine sharing the database knows them and a
sign-out ends them everywhere. Only a hash of the session id is stored, bound to the admin token: a leaked
table does not give a usable session, and changing FAQBOT_ADMIN_TOKEN ends every session at once.
"""

from __future__ import annotations

import hmac
import json
import secrets
import time
from dataclasses import dataclass
from hashlib import sha256

from .question import clean
from .store import Store

ATTACH, DISMISS = "alternate", "dismiss"


@dataclass(frozen=True)
class Edit:
    """One recorded change from the dashboard."""

    id: int
    made_at: float
    who: str
    action: str  # ATTACH (phrasings added to a section's alternates) or DISMISS (a group set aside)
    section_id: str | None
    phrasings: tuple[str, ...]
    file: str | None  # the content file written, relative to the content folder (ATTACH only)
    tag: str | None  # names the block written in that file, so that undo removes exactly it
    undone_at: float | None
    undone_by: str | None

    @property
    def active(self) -> bool:
        return self.undone_at is None


def _session_hash(session_id: str, token: str) -> str:
    return hmac.new(token.encode(), session_id.encode(), sha256).hexdigest()


class EditLog:
    """Admin sessions and edits, in the same database as the question log."""

    def __init__(self, store: Store) -> None:
        self.store = store

    # ---- sessions ---------------------------------------------------------------------------
    def start_session(self, token: str, minutes: int) -> tuple[str, str]:
        """A new session: (the secret id for the cookie, a short public label for the edit log)."""
        session_id = secrets.token_urlsafe(32)
        now = time.time()
        label = "session " + sha256(session_id.encode()).hexdigest()[:8]
        self.store.execute("DELETE FROM faqbot_admin_sessions WHERE expires_at < ?", (now,))
        self.store.execute("INSERT INTO faqbot_admin_sessions (id_hash, created_at, expires_at, label)"
                           " VALUES (?, ?, ?, ?)", (_session_hash(session_id, token), now, now + minutes * 60, label))
        return session_id, label

    def session_label(self, session_id: str, token: str) -> str | None:
        """The label of a live session, or None (unknown, ended, expired, or made under another token)."""
        rows = self.store.query("SELECT label FROM faqbot_admin_sessions WHERE id_hash = ? AND expires_at > ?",
                                (_session_hash(session_id, token), time.time()))
        return rows[0][0] if rows else None

    def end_session(self, session_id: str, token: str) -> None:
        """Forget a session (sign out)."""
        self.store.execute("DELETE FROM faqbot_admin_sessions WHERE id_hash = ?", (_session_hash(session_id, token),))

    # ---- edits ------------------------------------------------------------------------------
    def record(self, who: str, action: str, section_id: str | None, phrasings: list[str],
               file: str | None = None, tag: str | None = None) -> int:
        """Record one edit; its id."""
        rows = self.store.query(
            "INSERT INTO faqbot_edits (made_at, who, action, section_id, phrasings, file, tag)"
            " VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
            (time.time(), who, action, section_id, json.dumps(phrasings), file, tag))
        return int(rows[0][0])

    def edits(self, limit: int = 50) -> list[Edit]:
        """The most recent edits, newest first."""
        return [_edit(r) for r in self.store.query(
            "SELECT id, made_at, who, action, section_id, phrasings, file, tag, undone_at, undone_by FROM faqbot_edits"
            " ORDER BY id DESC LIMIT ?", (limit,))]

    def active(self) -> list[Edit]:
        """Every edit not undone, oldest first: what marks question groups as handled."""
        return [_edit(r) for r in self.store.query(
            "SELECT id, made_at, who, action, section_id, phrasings, file, tag, undone_at, undone_by FROM faqbot_edits"
            " WHERE undone_at IS NULL ORDER BY id", ())]

    def get(self, edit_id: int) -> Edit | None:
        """One edit by id."""
        rows = self.store.query(
            "SELECT id, made_at, who, action, section_id, phrasings, file, tag, undone_at, undone_by FROM faqbot_edits"
            " WHERE id = ?", (edit_id,))
        return _edit(rows[0]) if rows else None

    def mark_undone(self, edit_id: int, who: str) -> bool:
        """Mark an edit undone; False when it already was (another tab or worker got there first)."""
        rows = self.store.query("UPDATE faqbot_edits SET undone_at = ?, undone_by = ? WHERE id = ? AND undone_at IS NULL"
                                " RETURNING id", (time.time(), who, edit_id))
        return bool(rows)


def _edit(r: tuple) -> Edit:
    # clean(): a dismissal an earlier release stored as sent may hold a NUL or a lone surrogate, which broke the page
    return Edit(int(r[0]), float(r[1]), r[2], r[3], r[4], tuple(clean(p) for p in json.loads(r[5])), r[6], r[7],
                None if r[8] is None else float(r[8]), r[9])
