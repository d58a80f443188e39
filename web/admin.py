"""/admin, the editor's dashboard: what visitors asked, and one click to teach the bot an unanswered question.

Pages are plain HTML forms (they work without script; web/static/admin.js only adds focus and busy
states). Every change is a POST with the session cookie and a CSRF token (web/admin_auth.py); a form
post answers with a redirect back to the dashboard (whose status line says what happened), a JSON post
with JSON. Bad input gets a 4xx with one line saying what is wrong, and changes nothing.
"""

from __future__ import annotations

from datetime import datetime, timezone

from flask import Blueprint, Response, abort, current_app, jsonify, redirect, render_template, request, url_for
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge

from bot.editlog import ATTACH
from bot.ingest.files import content_suffixes
from bot.store import StoreError
from bot.topics import key

from . import admin_auth as auth
from .admin_changes import attach, dismiss, rebuild, undo
from .admin_forms import Refused, csrf_of, days_asked, form_fields, number, wants_json
from .admin_groups import not_read_advice, undone_line
from .admin_view import MAX_PHRASINGS, PERIODS, dashboard, in_use, index_figures
from .charts import daily_chart
from .errors import error_body
from .offload import off_the_loop

bp = Blueprint("admin", __name__, url_prefix="/admin")
# the changes (web/admin_changes.py), under the endpoint names the page's forms post to ("admin.attach", ...)
bp.post("/alternates")(attach)
bp.post("/rebuild")(rebuild)
bp.post("/dismiss")(dismiss)
bp.post("/undo")(undo)
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
    still = _still_served(status, data, bot) if status else None
    return render_template("admin.html", data=data, session=session, error=error, status=status,
                           status_word=status_word, periods=PERIODS, chart=daily_chart(data["trend"]),
                           content_kinds=", ".join(content_suffixes()), index=index_figures(bot.info()),
                           rebuilt=rebuilt, max_phrasings=MAX_PHRASINGS, page_url=_page_url(days),
                           still_served=still, undone_line=undone_line(status, still) if status else "",
                           not_read=[(name, not_read_advice(name)) for name in data["files_not_read"]])


def _still_served(edit: dict, data: dict, bot) -> str | None:
    """The content error that kept an undone edit's phrasings in the index in service (web/admin_changes.py undid it
    in the file past another file broken by hand), or None when the index was rebuilt without them."""
    if edit["active"] or edit["action"] != ATTACH or not data["content_error"]:
        return None
    live = in_use(bot.current())
    return data["content_error"] if any(key(p) in live for p in edit["phrasings"]) else None


def _page_url(days: int = 30) -> str | None:
    """For a page answering a POST (a change refused): the dashboard's own address, which admin.js puts in the
    address bar, so that reloading the page shows the dashboard rather than sending the form again."""
    return url_for("admin.home", days=days) + "#error" if request.method == "POST" else None


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
