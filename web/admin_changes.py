"""/admin's changes: Add as alternate, Rebuild index, Dismiss and Undo, each a POST with the session cookie and a CSRF
token (web/admin_auth.py). web/admin.py registers them on the dashboard's blueprint; a form post answers with a
redirect back to the dashboard (whose status line says what happened), a JSON post with JSON. Bad input gets a 4xx
with one line saying what is wrong, and changes nothing.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Callable

from flask import Response, current_app, jsonify, redirect, url_for

from bot.engine import IndexUnavailable
from bot.editing import FILE_NAME, EditConflict, EditError, add_alternates, clean_phrasing, edit_lock, new_tag, \
    remove_alternates
from bot.editlog import ATTACH, DISMISS
from bot.model import ContentError
from bot.moves import moved_of
from bot.question import clean
from bot.redact import mask
from bot.store import StoreError

from . import admin_auth as auth
from .admin_forms import Refused, as_list, csrf_of, form_fields, naming_group, number, period_back, to_add, wants_json
from .admin_groups import clash_line, handled_refusal, written_at
from .admin_view import MAX_PHRASINGS, edit_dict, emptied_of, handled_by, handled_key, headings, in_use, \
    index_figures, without_list_mark
from .offload import off_the_loop

log = logging.getLogger(__name__)


def _settings():
    return current_app.config["FAQBOT_SETTINGS"]


def _done(edit_id: int, word: str, extra: dict | None = None) -> Response:
    if wants_json():
        try:
            edit = next((e for e in _edits() if e["id"] == edit_id), None)
        except StoreError:  # done and recorded: only reading it back failed
            edit = None
        return jsonify({"ok": True, "edit": edit, **(extra or {})})
    return redirect(url_for("admin.home", days=period_back(), **{word: edit_id}) + "#status",
                    code=303)


def _edits() -> list[dict]:
    served = current_app.extensions["faqbot"].current()
    heading, live, empty = headings(served), in_use(served), emptied_of(served.loaded.manifest)
    return [edit_dict(e, heading, live, empty) for e in auth.edit_log().edits(limit=50)]


@naming_group
def attach(fields: dict) -> Response:
    """Append phrasings to a section's alternates in the content folder, reindex, record the edit."""
    session = auth.require_change(csrf_of(fields))
    settings = _settings()
    bot = current_app.extensions["faqbot"]
    section_id = fields.get("section_id")
    if not isinstance(section_id, str) or not section_id.strip():
        raise Refused(400, "choose a section to add the phrasings to ('section_id')")
    raw = as_list(fields.get("phrasing", fields.get("phrasings")))
    if not raw:
        raise Refused(400, "choose at least one phrasing to add")
    if len(raw) > MAX_PHRASINGS:
        raise Refused(400, f"at most {MAX_PHRASINGS} phrasings at a time")
    try:
        # a list mark typed or pasted before a phrasing ("- ", "1. ") is not saved as part of it
        phrasings = [clean_phrasing(without_list_mark(p), settings.max_question_length) for p in raw]
    except EditError as e:
        raise Refused(400, str(e)) from None
    # Checked against the newest published index, not the one this worker loaded last: an edit undone or made on
    # another worker a moment ago gave a wrong 409 ("already a phrasing of") until the next reload.
    off_the_loop(bot.maybe_reload, force=True)  # loading a version waits on the bot's lock: in a native thread
    served = bot.current()  # a former id (a heading reworded since the page was loaded) names the section it is now
    moved = moved_of(served.loaded.manifest)
    try:
        handled = handled_by(auth.edit_log().active(), in_use(served))
    except StoreError as e:
        raise Refused(503, f"not added: the edit log is unavailable ({e})") from None
    # a page left open in another tab: phrasings an edit dismissed since are not added behind its back
    said = handled_refusal("added", phrasings, handled, handled_key, headings(served))
    if said:
        raise Refused(409, said)

    def clash(phrasing: str, other) -> str:
        # where the other section's phrasing comes from: an edit in place (undo it), else a file and line
        edit = handled.get(handled_key(phrasing))
        if edit is None or edit.action != ATTACH or moved.get(edit.section_id or "", edit.section_id) != other.id:
            edit = None
        where = None if edit else off_the_loop(written_at, settings.content_dir, other, phrasing, moved)
        return clash_line(phrasing, other, edit, where)

    section, phrasings = to_add(served.sections(), section_id.strip(), phrasings, moved,
                                emptied_of(served.loaded.manifest), clash)

    def still_to_add(wanted: list[str]) -> list[str]:
        # Under the edit lock: another request (in this worker or another) may have added them since the
        # checks above, which read the index this worker had loaded. Check again against the newest one.
        bot.maybe_reload(force=True)
        return to_add(bot.sections(), section.id, wanted, clash=clash)[1]

    tag = new_tag()
    content, lock = Path(settings.content_dir), Path(current_app.instance_path) / "dashboard-edit.lock"
    try:
        # The rebuild takes seconds on a large FAQ: in a native thread, as POST /api/reindex, so the worker keeps
        # answering meanwhile (and waiting for another worker's edit lock does not stop it either).
        phrasings = off_the_loop(add_alternates, content, section.id, phrasings, tag, session.label, lock,
                                 bot.reindex, still_to_add)
    except ContentError as e:  # another content file is broken: ours was taken back, the old index serves
        raise Refused(422, f"not added: the content folder does not build ({e}); fix that file, then press Add as "
                           "alternate again") from None
    except (OSError, IndexUnavailable) as e:
        log.warning("dashboard edit failed: %s", e)
        raise Refused(503, f"not added: cannot write the content folder or the index ({e})") from None
    try:
        edit_id = auth.edit_log().record(session.label, ATTACH, section.id, phrasings, FILE_NAME, tag)
    except StoreError as e:  # an edit nobody could undo from the page is not made
        try:
            off_the_loop(remove_alternates, content, tag, section.id, phrasings, lock, bot.reindex)
        except (EditConflict, ContentError, OSError, IndexUnavailable) as failed:
            # Served, and in the file, but not in the log: the editor must hear it, and where to undo it by hand.
            log.error("dashboard edit %s not recorded (%s) and not taken back (%s): its block stays in %s",
                      tag, e, failed, FILE_NAME)
            raise Refused(503, f"added, but not recorded: the edit log is unavailable ({e}), and taking the "
                               f"phrasings back failed ({failed}); remove the block \u201c# edit {tag}\u201d from "
                               f"{FILE_NAME} by hand") from None
        raise Refused(503, f"not added: the edit log is unavailable ({e})") from None
    return _done(edit_id, "done", {"index": bot.info()})


def rebuild() -> Response:
    """Rebuild the index from the content folder (after its files were edited by hand) and serve it, as POST
    /api/reindex does: the index in service answers meanwhile, and goes on answering when the content does not build
    (422, the one line naming the file and line)."""
    auth.require_change(csrf_of(form_fields()))
    bot = current_app.extensions["faqbot"]
    before = bot.published_version()
    lock = Path(current_app.instance_path) / "dashboard-edit.lock"
    try:  # under the edit lock: never a dashboard edit halfway (written, and then taken back if it does not build)
        info, warnings = off_the_loop(_rebuild, bot, lock)
    except ContentError as e:
        raise Refused(422, f"not rebuilt: {e}; {_still(bot.info())}") from None
    except IndexUnavailable as e:
        log.warning("dashboard rebuild failed: %s", e)
        raise Refused(503, f"not rebuilt: cannot write the index ({e}); {_still(bot.info())}") from None
    changed = info["version"] != before
    if wants_json():
        return jsonify({"ok": True, "index": info, "changed": changed,
                        "warnings": warnings})
    return redirect(url_for("admin.home", days=period_back(), rebuilt=int(changed)) + "#status",
                    code=303)


def _rebuild(bot, lock: Path) -> tuple[dict, list[str]]:
    with edit_lock(lock):
        return bot.rebuild()


def _still(info: dict) -> str:
    shown = index_figures(info)
    return f"the index in service is still the one built {shown['built']}, with {shown['what']}"


@naming_group
def dismiss(fields: dict) -> Response:
    """Set a group of questions aside (off-topic); kept in the log database, undoable."""
    session = auth.require_change(csrf_of(fields))
    limit = _settings().max_question_length
    raw = as_list(fields.get("phrasing", fields.get("phrasings")))
    # cleaned as the log cleans visitors' questions (NUL as a space, a lone surrogate as '?'), so they match them
    texts = [" ".join(clean(p).split()) for p in raw if isinstance(p, str)]
    if not raw or len(texts) != len(raw) or not all(texts):
        raise Refused(400, "give the group's questions to dismiss ('phrasing': non-empty text)")
    if len(texts) > MAX_PHRASINGS or any(len(t) > limit for t in texts):
        raise Refused(400, f"at most {MAX_PHRASINGS} questions of at most {limit} characters")
    # kept as the question log keeps visitors' questions: e-mail addresses, phone and card numbers masked (a page
    # shown before the log's older rows were masked sends them as typed)
    texts = list(dict.fromkeys(mask(t) for t in texts))
    group = fields.get("group")
    group = mask(" ".join(clean(group).split())) if isinstance(group, str) else None
    if group in texts:  # first: the status line names the dismissal by it ("dismissed 2 phrasings of the group ...")
        texts.insert(0, texts.pop(texts.index(group)))
    served = current_app.extensions["faqbot"].current()
    try:
        # a page left open in another tab: phrasings an edit added to a section (or dismissed) since are not
        # dismissed again; the editor hears which edit handled them
        said = handled_refusal("dismissed", texts, handled_by(auth.edit_log().active(), in_use(served)),
                               handled_key, headings(served))
        if said:
            raise Refused(409, said)
        edit_id = auth.edit_log().record(session.label, DISMISS, None, texts)
    except StoreError as e:
        raise Refused(503, f"not dismissed: the edit log is unavailable ({e})") from None
    return _done(edit_id, "done")


def undo() -> Response:
    """Undo an edit: its phrasings leave the alternates file (and the index), or the group comes back."""
    fields = form_fields()
    session = auth.require_change(csrf_of(fields))
    raw = fields.get("edit_id")
    if isinstance(raw, int) and not isinstance(raw, bool):
        raw = str(raw)
    edit_id = number(raw)
    if edit_id is None:
        raise Refused(400, "give the edit to undo ('edit_id', a number)")
    edits = auth.edit_log()
    try:
        edit = edits.get(edit_id)
    except StoreError as e:
        raise Refused(503, f"not undone: the edit log is unavailable ({e})") from None
    if edit is None:
        raise Refused(404, f"no edit {raw}")
    if not edit.active:
        raise Refused(409, f"edit {edit.id} was already undone")
    bot = current_app.extensions["faqbot"]
    content, lock = Path(_settings().content_dir), Path(current_app.instance_path) / "dashboard-edit.lock"
    removed, extra = False, {}
    held: list[ContentError] = []  # another file's error, which the undo waits on no longer (_reindex_past)
    reindex = _reindex_past(bot, content, held)
    if edit.action == ATTACH:
        try:
            removed = off_the_loop(remove_alternates, content, edit.tag or "", edit.section_id or "",
                                   list(edit.phrasings), lock, reindex)
        except EditConflict as e:
            raise Refused(409, str(e)) from None
        except ContentError as e:  # in the file the edit wrote, or of the whole folder: undoing cannot get past it
            where = e.path if (content / e.path).is_file() else "the content folder"
            raise Refused(422, f"not undone: {where} does not build ({e}); fix that, then press Undo again") from None
        except (OSError, IndexUnavailable) as e:
            raise Refused(503, f"not undone: cannot write the content folder or the index ({e})") from None
        if not removed:  # its block was deleted by hand: the file already says it is undone
            extra["note"] = f"its block and phrasings were already removed from {FILE_NAME} by hand"
    try:
        marked = edits.mark_undone(edit.id, session.label)
    except StoreError as e:
        if removed:  # the log still says the edit is in place: so it is again, under its own tag
            _put_back(edit, content, lock, reindex, e)
        raise Refused(503, f"not undone: the edit log is unavailable ({e})") from None
    if not marked:
        raise Refused(409, f"edit {edit.id} was already undone")
    if held:
        extra["not_rebuilt"] = (f"the index was not rebuilt, as {held[0].path} does not build ({held[0]}): the bot "
                                f"answers from these phrasings until that is fixed and the index rebuilt")
    return _done(edit.id, "undone", {"index": bot.info(), **extra})


def _reindex_past(bot, content: Path, held: list[ContentError]) -> Callable[[], object]:
    """bot.reindex for an undo, which holds (in `held`) rather than raises a content error of another file than the one
    the edit wrote: a faq.csv broken by hand meanwhile no longer keeps the editor from undoing their edit.

    The undo is then written (the file is as before the edit) and recorded; the index in service, which the broken
    file cannot rebuild, stays as it is, its phrasings included, until that file is fixed and the index rebuilt (the
    page's notice names the file and line; the next edit or Rebuild index builds both). Building without the broken
    file would stop the bot answering from all of it; an error in the edited file itself is raised, as before."""
    path = content / FILE_NAME
    ours = {FILE_NAME, os.path.relpath(os.path.realpath(path), os.path.realpath(content))}

    def reindex() -> object:
        try:
            return bot.reindex()
        except ContentError as e:
            if e.path in ours or not (content / e.path).is_file():  # the edited file, or many, or the folder
                raise
            held.append(e)
            return None
    return reindex


def _put_back(edit, content: Path, lock: Path, reindex: Callable[[], object], cause: StoreError) -> None:
    """Write an undone edit's block again (same tag, so a later undo finds it); a 503 saying so if that fails."""
    try:
        off_the_loop(add_alternates, content, edit.section_id or "", list(edit.phrasings), edit.tag or "",
                     edit.who, lock, reindex)
    except (EditError, ContentError, OSError, IndexUnavailable) as failed:
        log.error("dashboard edit %s was taken out of %s but not marked undone (%s), and putting it back "
                  "failed (%s)", edit.id, edit.file, cause, failed)
        raise Refused(503, f"undone in the content folder, but the edit log is unavailable ({cause}) and still "
                           f"shows edit {edit.id} as in place; putting it back failed ({failed})") from None
