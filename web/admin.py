"""/admin, the editor's dashboard: what visitors asked, and one click to teach the bot an unanswered question.

Pages are plain HTML forms (they work without script; web/static/admin.js only adds focus and busy
states). Every change is a POST with the session cookie and a CSRF token (web/admin_auth.py); a form
post answers with a redirect back to the dashboard (whose status line says what happened), a JSON post
with JSON. Bad input gets a 4xx with one line saying what is wrong, and changes nothing.
"""

from __future__ import annotations

import logging
from datetime import datetime, timezone
from pathlib import Path

from flask import Blueprint, Response, abort, current_app, jsonify, redirect, render_template, request, url_for
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge

from bot.engine import IndexUnavailable
from bot.editing import FILE_NAME, EditConflict, EditError, add_alternates, clean_phrasing, edit_lock, new_tag, \
    remove_alternates
from bot.editlog import ATTACH, DISMISS
from bot.ingest.files import content_suffixes
from bot.model import ContentError
from bot.moves import moved_of
from bot.question import clean
from bot.redact import mask
from bot.store import StoreError

from . import admin_auth as auth
from .admin_forms import Refused, as_list, csrf_of, days_asked, form_fields, naming_group, number, to_add, \
    wants_json
from .admin_groups import clash_line, handled_refusal, not_read_advice, undone_line, written_at
from .admin_view import MAX_PHRASINGS, PERIODS, dashboard, edit_dict, emptied_of, handled_by, handled_key, headings, \
    in_use, index_figures, without_list_mark
from .charts import daily_chart
from .errors import error_body
from .offload import off_the_loop

log = logging.getLogger(__name__)

bp = Blueprint("admin", __name__, url_prefix="/admin")
# The most bytes one character of a phrasing takes in a request: a character outside the BMP is 4 UTF-8 bytes, 12 once
# percent-encoded in a form ("%F0%9F%98%80"), and 12 as JSON escapes ("\ud83d\ude00").
BYTES_PER_CHARACTER = 12


def _settings():
    return current_app.config["FAQBOT_SETTINGS"]


@bp.app_template_filter("admin_time")
def admin_time(ts: float) -> str:
    """A unix time as 'YYYY-MM-DD HH:MM UTC'."""
    return datetime.fromtimestamp(ts, timezone.utc).strftime("%Y-%m-%d %H:%M UTC")


@bp.before_request
def only_when_configured() -> None:
    # Without a token there is no admin at all: the same 404 as any unknown page (like /api/reindex).
    if not _settings().admin_token:
        abort(404)


def _body_limit() -> int | None:
    """The largest body this request may have: the app's (16 KB), or for a group of phrasings (attach, dismiss) what
    MAX_PHRASINGS of the longest question take, which is more: 50 of 500 characters are 25 KB of plain English."""
    limit = current_app.config["MAX_CONTENT_LENGTH"]
    if request.endpoint in ("admin.attach", "admin.dismiss") and limit is not None:
        phrasing = _settings().max_question_length * BYTES_PER_CHARACTER + len("&phrasing=")
        limit = max(limit, MAX_PHRASINGS * phrasing + limit)
    return limit


@bp.before_request
def whole_body() -> None:
    # The body is read here, whole or refused: a chunked one past the limit was read as its first 16 KB (werkzeug
    # stops there as if it had ended), and a form cut there dismissed or added phrasings cut short. The fields
    # (form or JSON) are then parsed from this read.
    if request.method != "POST":
        return
    limit = _body_limit()
    if limit is None:
        return
    request.max_content_length = limit + 1  # one byte past the limit: a body that reaches it is too large
    try:
        data = request.get_data(cache=True)
    except RequestEntityTooLarge:
        data = None
    except HTTPException:
        raise
    except Exception as e:  # the server could not read the body (gunicorn: InvalidChunkSize, NoMoreData...)
        raise Refused(400, f"the body could not be read: {type(e).__name__}") from None
    request.max_content_length = limit
    if data is None or len(data) > limit:
        raise Refused(413, f"request body too large (limit {limit} bytes)")


@bp.after_request
def never_cached(response: Response) -> Response:
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.errorhandler(Refused)
@bp.errorhandler(auth.AuthError)
def refused(e) -> Response:
    headers = {"Retry-After": str(e.retry_after)} if getattr(e, "retry_after", None) else {}
    if wants_json() or request.endpoint == "admin.summary":  # a JSON endpoint: its errors too, whatever Accept says
        response = jsonify(error_body(e.status, e.message))
    else:
        try:
            page = _page(error=e.message)
        except (auth.AuthError, StoreError):  # the database is down too: the message alone
            page = render_template("admin_signin.html", error=e.message, signed_out=False, page_url=_page_url())
        response = Response(page, mimetype="text/html")
    response.status_code = e.status
    response.headers.update(headers)
    if e.status == 401 and auth.COOKIE in request.cookies:
        # Only a cookie that was sent (ended, expired) is cleared: a link from another site sends none
        # (SameSite=Strict), and clearing it then would sign the editor out in every tab.
        auth.clear_cookie(response)
    return response


def _page(error: str | None = None, status_edit: int | None = None, status_word: str = "",
          rebuilt: bool | None = None) -> str:
    """The dashboard for the signed-in session, else the sign-in form (with an error or status line)."""
    session = auth.current_session()
    if session is None:
        return render_template("admin_signin.html", error=error, page_url=_page_url())
    try:
        days = days_asked()
    except Refused as e:
        days, error = 30, error or e.message
    bot = current_app.extensions["faqbot"]
    settings = _settings()
    data = dashboard(current_app.extensions["faqbot.store"], auth.edit_log(), bot.current(), settings.threshold,
                     days, settings.max_question_length, settings.content_dir)
    status = None
    if status_edit is not None:
        status = next((e for e in data["edits"] if e["id"] == status_edit), None)
    return render_template("admin.html", data=data, session=session, error=error, status=status,
                           status_word=status_word, periods=PERIODS, chart=daily_chart(data["trend"]),
                           content_kinds=", ".join(content_suffixes()), index=index_figures(bot.info()),
                           rebuilt=rebuilt, max_phrasings=MAX_PHRASINGS, page_url=_page_url(days),
                           undone_line=undone_line(status) if status else "",
                           not_read=[(name, not_read_advice(name)) for name in data["files_not_read"]])


def _page_url(days: int = 30) -> str | None:
    """For a page answering a POST (a change refused): the dashboard's own address, which admin.js puts in the
    address bar, so that reloading the page shows the dashboard rather than sending the form again."""
    return url_for("admin.home", days=days) + "#error" if request.method == "POST" else None


def _done(edit_id: int, word: str, extra: dict | None = None) -> Response:
    if wants_json():
        try:
            edit = next((e for e in _edits() if e["id"] == edit_id), None)
        except StoreError:  # done and recorded: only reading it back failed
            edit = None
        return jsonify({"ok": True, "edit": edit, **(extra or {})})
    return redirect(url_for("admin.home", days=request.values.get("days", "30"), **{word: edit_id}) + "#status",
                    code=303)


def _edits() -> list[dict]:
    served = current_app.extensions["faqbot"].current()
    heading, live, empty = headings(served), in_use(served), emptied_of(served.loaded.manifest)
    return [edit_dict(e, heading, live, empty) for e in auth.edit_log().edits(limit=50)]


# ---- pages and sign-in ----------------------------------------------------------------------

@bp.get("")
@bp.get("/")
def home() -> str:
    """The dashboard (or the sign-in form); ?days= picks the period, ?done=/?undone= the status line."""
    if auth.current_session() is not None:
        days_asked()  # a bad period is a 400 (the page then shows the last 30 days and says why)
    try:
        for word in ("done", "undone"):
            edit_id = number(request.args.get(word, ""))
            if edit_id is not None:
                return _page(status_edit=edit_id, status_word=word)
        if request.args.get("rebuilt") in ("0", "1"):  # after "Rebuild index": 1 when the content had changed
            # another worker may have rebuilt: what it published, not what this one loaded last, is what is said
            off_the_loop(current_app.extensions["faqbot"].maybe_reload, force=True)
            return _page(rebuilt=request.args["rebuilt"] == "1")
        return _page()
    except StoreError as e:
        raise auth.AuthError(503, f"the dashboard needs the log database, which is unavailable: {e}") from None


@bp.get("/summary")
def summary() -> Response:
    """The dashboard's data as JSON (for scripts): counts, trend, groups, sections, feedback, edits."""
    if auth.current_session() is None:
        raise auth.AuthError(401, "sign in at /admin first")
    settings = _settings()
    try:
        data = dashboard(current_app.extensions["faqbot.store"], auth.edit_log(),
                         current_app.extensions["faqbot"].current(), settings.threshold, days_asked(),
                         settings.max_question_length, settings.content_dir)
    except StoreError as e:
        raise auth.AuthError(503, f"the log database is unavailable: {e}") from None
    return jsonify({"ok": True, **data})


@bp.post("/sign-in")
def sign_in() -> Response:
    """Check the admin token and start a session (cookie); 403 wrong token, 429 after too many."""
    token = form_fields().get("token", "")
    session = auth.sign_in(token.strip() if isinstance(token, str) else "")
    response = jsonify({"ok": True, "csrf_token": session.csrf}) if wants_json() else \
        redirect(url_for("admin.home"), code=303)
    auth.set_cookie(response, session)
    return response


@bp.post("/sign-out")
def sign_out() -> Response:
    """End the session."""
    session = auth.require_change(csrf_of(form_fields()))
    auth.sign_out(session)
    response = jsonify({"ok": True}) if wants_json() else redirect(url_for("admin.home"), code=303)
    auth.clear_cookie(response)
    return response


# ---- changes --------------------------------------------------------------------------------

@bp.post("/alternates")
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
        raise Refused(422, f"not added: the content folder does not build ({e})") from None
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


@bp.post("/rebuild")
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
    return redirect(url_for("admin.home", days=request.values.get("days", "30"), rebuilt=int(changed)) + "#status",
                    code=303)


def _rebuild(bot, lock: Path) -> tuple[dict, list[str]]:
    with edit_lock(lock):
        return bot.rebuild()


def _still(info: dict) -> str:
    shown = index_figures(info)
    return f"the index in service is still the one built {shown['built']}, with {shown['what']}"


@bp.post("/dismiss")
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


@bp.post("/undo")
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
    if edit.action == ATTACH:
        try:
            removed = off_the_loop(remove_alternates, content, edit.tag or "", edit.section_id or "",
                                   list(edit.phrasings), lock, bot.reindex)
        except EditConflict as e:
            raise Refused(409, str(e)) from None
        except ContentError as e:
            raise Refused(422, f"not undone: the content folder does not build ({e})") from None
        except (OSError, IndexUnavailable) as e:
            raise Refused(503, f"not undone: cannot write the content folder or the index ({e})") from None
        if not removed:  # its block was deleted by hand: the file already says it is undone
            extra["note"] = f"its block and phrasings were already removed from {FILE_NAME} by hand"
    try:
        marked = edits.mark_undone(edit.id, session.label)
    except StoreError as e:
        if removed:  # the log still says the edit is in place: so it is again, under its own tag
            _put_back(edit, content, lock, bot, e)
        raise Refused(503, f"not undone: the edit log is unavailable ({e})") from None
    if not marked:
        raise Refused(409, f"edit {edit.id} was already undone")
    return _done(edit.id, "undone", {"index": bot.info(), **extra})


def _put_back(edit, content: Path, lock: Path, bot, cause: StoreError) -> None:
    """Write an undone edit's block again (same tag, so a later undo finds it); a 503 saying so if that fails."""
    try:
        off_the_loop(add_alternates, content, edit.section_id or "", list(edit.phrasings), edit.tag or "",
                     edit.who, lock, bot.reindex)
    except (EditError, ContentError, OSError, IndexUnavailable) as failed:
        log.error("dashboard edit %s was taken out of %s but not marked undone (%s), and putting it back "
                  "failed (%s)", edit.id, edit.file, cause, failed)
        raise Refused(503, f"undone in the content folder, but the edit log is unavailable ({cause}) and still "
                           f"shows edit {edit.id} as in place; putting it back failed ({failed})") from None
