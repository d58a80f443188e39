"""Who may use /admin: sign-in with the admin token, the session cookie, CSRF tokens, and the throttle.

- The token is sent once, in the sign-in form, and never stored in the browser: the cookie holds a random
  session id (server-side in the log database, hashed with the token, so every worker knows it, sign-out
  ends it everywhere, and a new FAQBOT_ADMIN_TOKEN ends every session).
- The cookie is HttpOnly, SameSite=Strict, limited to /admin, Secure over HTTPS, and expires (Max-Age and
  a server-side expiry, FAQBOT_ADMIN_SESSION_MINUTES).
- Every change carries a CSRF token derived from the session id (form field or X-CSRF-Token header),
  checked on the server; a token from another or an ended session is refused.
- Wrong tokens are counted per client address (under its keyed hash, never the address): after a few,
  sign-in answers 429 for a while. They are counted in this process's memory while the rate-limit storage
  (Redis) is unreachable.
"""

from __future__ import annotations

import hmac
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from hashlib import sha256

from flask import Flask, Response, current_app, request
from limits import parse
from limits.errors import StorageError
from limits.storage import MemoryStorage, storage_from_string
from limits.strategies import FixedWindowRateLimiter

from bot.editlog import EditLog
from bot.outage import Outage
from bot.store import StoreError
from bot.words import counted

COOKIE = "faqbot_admin"
CSRF_FIELD, CSRF_HEADER = "csrf_token", "X-CSRF-Token"
FAILED_SIGN_INS = "5/minute"  # wrong tokens per client address before sign-in answers 429

log = logging.getLogger(__name__)


class AuthError(Exception):
    """Refused: status 401 (not signed in), 403 (wrong token, bad CSRF), 429 (throttled) or 503."""

    def __init__(self, status: int, message: str, retry_after: int | None = None) -> None:
        super().__init__(message)
        self.status, self.message, self.retry_after = status, message, retry_after


@dataclass(frozen=True)
class Session:
    """A signed-in editor: the secret id from the cookie and the label the edit log shows."""

    id: str
    label: str

    @property
    def csrf(self) -> str:
        return csrf_token(self.id)


class SignInThrottle:
    """Wrong tokens per client, in the rate-limit storage (shared by workers when that is Redis), keyed by
    client_key(): the keyed hash of the address, as the rate limits are.

    While that storage is unreachable they are counted in this process's memory: guessing stays slow and an
    editor can still sign in (the other way round, a Redis outage would lock every editor out). The
    storage is tried again RETRY seconds later; one warning line when it goes away, one when it is back.
    """

    RETRY = 10.0  # seconds: a storage that does not answer at all must not hold up every sign-in

    def __init__(self, storage_uri: str, client_key: Callable[[], str]) -> None:
        self.limit = parse(FAILED_SIGN_INS)
        self.client_key = client_key
        self.shared = FixedWindowRateLimiter(storage_from_string(storage_uri, wrap_exceptions=True))
        self.local = FixedWindowRateLimiter(MemoryStorage())
        self.outage, self.retry_at = Outage(), 0.0  # one line when the storage goes, one when it is back

    def _call(self, method: str, who: str):
        if time.monotonic() < self.retry_at:
            return getattr(self.local, method)(self.limit, "admin-sign-in", who)
        try:
            result = getattr(self.shared, method)(self.limit, "admin-sign-in", who)
        except StorageError as e:
            if self.outage.failed() is not None:
                log.warning("rate-limit storage unreachable (%s); counting wrong admin tokens in memory",
                            e.storage_error)
            self.retry_at = time.monotonic() + self.RETRY
            return getattr(self.local, method)(self.limit, "admin-sign-in", who)
        if self.outage.back() is not None:
            log.warning("rate-limit storage reachable again; counting wrong admin tokens there")
        return result

    def wait(self, who: str) -> int | None:
        """Seconds until this address may try again, or None when it may now."""
        if self._call("test", who):
            return None
        return max(1, int(self._call("get_window_stats", who).reset_time) - int(time.time()))

    def count_wrong(self, who: str) -> None:
        self._call("hit", who)


def csrf_token(session_id: str) -> str:
    """The CSRF token of a session: useless without the session cookie, different for every session."""
    return hmac.new(session_id.encode(), b"faqbot admin csrf", sha256).hexdigest()


def _token() -> str:
    return current_app.config["FAQBOT_SETTINGS"].admin_token


def edit_log() -> EditLog:
    """The app's EditLog (on the question log's database)."""
    return current_app.extensions["faqbot.editlog"]


def install(app: Flask, client_key: Callable[[], str]) -> None:
    """Set up the sign-in throttle (in the rate-limit storage, shared by workers when that is Redis), counting
    each request's client_key() (see web/app.py)."""
    settings = app.config["FAQBOT_SETTINGS"]
    app.extensions["faqbot.editlog"] = EditLog(app.extensions["faqbot.store"])
    app.extensions["faqbot.signin_throttle"] = SignInThrottle(settings.rate_limit_storage, client_key)


def current_session() -> Session | None:
    """The signed-in session of this request, or None."""
    session_id = request.cookies.get(COOKIE, "")
    if not session_id or len(session_id) > 100:
        return None
    try:
        label = edit_log().session_label(session_id, _token())
    except StoreError as e:
        raise AuthError(503, f"the dashboard needs the log database, which is unavailable: {e}") from None
    return Session(session_id, label) if label else None


def sign_in(given: str) -> Session:
    """A new session for the right token; AuthError 403 for a wrong one, 429 after too many wrong ones."""
    throttle = current_app.extensions["faqbot.signin_throttle"]
    who = throttle.client_key()
    wait = throttle.wait(who)
    if wait is not None:
        raise AuthError(429, f"too many wrong tokens from your address; try again in {counted(wait, 'second')}", wait)
    # surrogatepass: JSON can send half of a UTF-16 pair ("\ud800"), which is then a wrong token, not a 500
    if not given or not hmac.compare_digest(given.encode("utf-8", "surrogatepass"), _token().encode()):
        throttle.count_wrong(who)
        raise AuthError(403, "wrong admin token" if given else "enter the admin token")
    minutes = current_app.config["FAQBOT_SETTINGS"].admin_session_minutes
    try:
        session_id, label = edit_log().start_session(_token(), minutes)
    except StoreError as e:
        raise AuthError(503, f"cannot sign in: the log database is unavailable: {e}") from None
    return Session(session_id, label)


def sign_out(session: Session) -> None:
    """End the session on the server (the cookie is cleared by the response)."""
    try:
        edit_log().end_session(session.id, _token())
    except StoreError:
        pass  # the cookie goes anyway; the session still expires on its own


def set_cookie(response: Response, session: Session) -> None:
    """The session cookie: HttpOnly, SameSite=Strict, /admin only, Secure over HTTPS, expiring."""
    minutes = current_app.config["FAQBOT_SETTINGS"].admin_session_minutes
    response.set_cookie(COOKIE, session.id, max_age=minutes * 60, path="/admin", httponly=True,
                        samesite="Strict", secure=request.is_secure)


def clear_cookie(response: Response) -> None:
    """Remove the session cookie."""
    response.delete_cookie(COOKIE, path="/admin", httponly=True, samesite="Strict", secure=request.is_secure)


def require_change(given_csrf: str | None) -> Session:
    """The session allowed to make this change; AuthError 401 when signed out, 403 for a bad CSRF token."""
    origin = request.headers.get("Origin")
    if origin and origin.rstrip("/") != request.host_url.rstrip("/"):
        raise AuthError(403, "a change must come from this site's own dashboard page")
    session = current_session()
    if session is None:
        raise AuthError(401, "your session has ended; sign in again")
    if not given_csrf or not hmac.compare_digest(given_csrf.encode(), session.csrf.encode()):
        raise AuthError(403, "the form's security token is missing or stale; reload the page and try again")
    return session
