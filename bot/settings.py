"""Every FAQBOT_* setting, declared once: name, default, type, help.

The engine never reads os.environ; `Settings.from_env()` is called at the edges
(CLI, WSGI factory) and the result is passed in.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass, fields
from typing import Any, Mapping


class SettingsError(ValueError):
    """A setting has a value that cannot be used; the message names the setting."""


@dataclass(frozen=True)
class Setting:
    name: str  # attribute name; the environment variable is FAQBOT_<NAME upper>
    default: Any
    type: type
    help: str

    @property
    def env(self) -> str:
        return "FAQBOT_" + self.name.upper()


# The access log as private as the question log: no address (a keyed hash of it), no query string.
PRIVATE_ACCESS_LOG = '%({faqbot.client}e)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s %(M)sms'

SETTINGS: tuple[Setting, ...] = (
    Setting("content_dir", "knowledge", str, "Folder of content files the index is built from."),
    Setting("index_dir", "instance/index", str, "Folder holding the index artifact (versions and the current pointer)."),
    Setting("database_url", "sqlite:///instance/faqbot.sqlite3", str,
            "Where questions and feedback are logged: sqlite:///path or postgresql://user:pass@host/db."),
    Setting("admin_token", "", str, "Bearer token for POST /api/reindex; empty disables the endpoint (404)."),
    Setting("cors_origins", "", str, "Comma-separated origins allowed to call /api/ from a browser (e.g. https://clinic.example); '*' for any."),
    Setting("threshold", 0.4, float, "Confidence in [0, 1] an answer needs; below it the reply is 'no answer' with suggestions."),
    Setting("rate_limit", "30/minute", str, "Per-client limit on /api/ask and /api/feedback, e.g. '30/minute'; '0' turns it off."),
    Setting("admin_rate_limit", "10/minute", str, "Per-client limit on wrong or missing admin tokens (401/403 from "
            "POST /api/reindex), e.g. '10/minute'; past it even the right token gets 429 until the window ends; '0' turns it off."),
    Setting("rate_limit_storage", "memory://", str, "Where rate-limit counters live: memory:// (per process) or redis://host:port (shared)."),
    Setting("host", "127.0.0.1", str, "Address `faqbot serve` binds to."),
    Setting("port", 8000, int, "Port `faqbot serve` listens on."),
    Setting("workers", 1, int, "Worker processes (gunicorn, gevent) for `faqbot serve`; each loads the index and serves up to 1,000 connections."),
    Setting("frame_ancestors", "'self'", str, "CSP frame-ancestors for pages: who may embed them in a frame."),
    Setting("disclaimer", "This is general information, not medical advice. Ask your practitioner about your own skin.", str,
            "The line the chat widget shows under the conversation."),
    Setting("max_question_length", 500, int, "Longest question accepted, in characters (longer gets 400)."),
    Setting("keep_versions", 5, int, "How many index versions are kept in the index folder (for rollback)."),
    Setting("reload_interval", 1.0, float, "Seconds between checks, per worker, for a newly published index version."),
    Setting("access_log_format", PRIVATE_ACCESS_LOG, str,
            "gunicorn access-log format for `faqbot serve`. The default writes a keyed hash of the client address "
            "(the one the database stores), the path without its query string (GET questions stay out), status, "
            "size and time; gunicorn's %(h)s (address) and %(r)s or %(q)s (with the query) are the operator's "
            "opt-in; empty turns the access log off."),
    Setting("proxy_hops", 0, int, "Reverse proxies in front of the server whose X-Forwarded-For/-Proto are trusted "
            "(1 behind one nginx); 0 uses the connecting address, e.g. for rate limits."),
)

_BY_NAME = {s.name: s for s in SETTINGS}


@dataclass(frozen=True)
class Settings:
    """Resolved settings: defaults, overridden by FAQBOT_* variables, overridden by options."""

    content_dir: str = "knowledge"
    index_dir: str = "instance/index"
    database_url: str = "sqlite:///instance/faqbot.sqlite3"
    admin_token: str = ""
    cors_origins: str = ""
    threshold: float = 0.4
    rate_limit: str = "30/minute"
    admin_rate_limit: str = "10/minute"
    rate_limit_storage: str = "memory://"
    host: str = "127.0.0.1"
    port: int = 8000
    workers: int = 1
    frame_ancestors: str = "'self'"
    disclaimer: str = next(s.default for s in SETTINGS if s.name == "disclaimer")
    max_question_length: int = 500
    keep_versions: int = 5
    reload_interval: float = 1.0
    access_log_format: str = PRIVATE_ACCESS_LOG
    proxy_hops: int = 0

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides: Any) -> "Settings":
        """Defaults < environment < explicit overrides (None values are ignored)."""
        environ = os.environ if environ is None else environ
        values: dict[str, Any] = {}
        for s in SETTINGS:
            if s.env in environ:
                values[s.name] = _convert(s, environ[s.env], s.env)
        for name, value in overrides.items():
            if value is None:
                continue
            if name not in _BY_NAME:
                raise SettingsError(f"unknown setting {name!r}")
            values[name] = _convert(_BY_NAME[name], value, "--" + name.replace("_", "-"))
        return cls(**values)

    def replace(self, **changes: Any) -> "Settings":
        data = {f.name: getattr(self, f.name) for f in fields(self)}
        data.update({k: v for k, v in changes.items() if v is not None})
        return Settings(**data)


def _convert(s: Setting, raw: Any, where: str) -> Any:
    if isinstance(raw, s.type) and not isinstance(raw, bool):
        value = raw
    else:
        try:
            value = s.type(str(raw).strip())
        except ValueError:
            raise SettingsError(f"{where}: expected {s.type.__name__}, got {raw!r}") from None
    if s.type is float and not math.isfinite(value):
        raise SettingsError(f"{where}: must be a finite number, got {raw!r}")
    if s.type is str and s.name.endswith("_dir") and not value.strip():
        raise SettingsError(f"{where}: must not be empty")
    if s.name == "threshold" and not 0.0 < value <= 1.0:
        raise SettingsError(f"{where}: threshold must be above 0 and at most 1, got {value}")
    if s.name == "database_url" and not value.startswith(("sqlite:///", "postgresql://", "postgres://")):
        raise SettingsError(f"{where}: expected sqlite:///path or postgresql://..., got {value!r}")
    if s.name == "rate_limit_storage" and not value.startswith(("memory://", "redis://", "rediss://")):
        raise SettingsError(f"{where}: expected memory:// or redis://host:port, got {value!r}")
    if s.name in ("rate_limit", "admin_rate_limit") and value.strip() != "0":
        from limits import parse_many

        try:
            parse_many(value)
        except ValueError:
            raise SettingsError(f"{where}: expected a rate such as '30/minute' or '0', got {value!r}") from None
    if s.name in ("port",) and not 0 <= value <= 65535:
        raise SettingsError(f"{where}: port must be 0..65535, got {value}")
    if s.name in ("workers", "keep_versions", "max_question_length") and value < 1:
        raise SettingsError(f"{where}: must be at least 1, got {value}")
    if s.name == "proxy_hops" and value < 0:
        raise SettingsError(f"{where}: must be 0 or more, got {value}")
    if s.name == "reload_interval" and value <= 0:
        raise SettingsError(f"{where}: must be positive, got {value}")
    return value
