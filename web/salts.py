"""One salt per install, checked through Redis: machines that share a Redis rate-limit storage and an index folder
must hash visitors' addresses with the same salt file, or each counts a visitor under a key of its own.

Each process records a fingerprint of its salt (a digest of it: never the salt) in Redis under the index folder's
path, with its host and instance folder, and refreshes it every minute while it serves. A process that finds
another host or folder of the same install with another fingerprint says so in one line (`faqbot serve` on its
terminal as it starts; a worker in the log, at most once an hour per pair of salts). Installs with other index
folders (other clinics on the same Redis) are not compared: their salts should differ.
"""

from __future__ import annotations

import hashlib
import json
import logging
import socket
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from bot.settings import Settings

log = logging.getLogger("faqbot")

HEARTBEAT = 60.0  # seconds between a serving process's refreshes of its record
STALE = 3 * HEARTBEAT  # a record not refreshed for this long is a process that stopped
SAY_EVERY = 3600  # a worker repeats the line for the same pair of salts at most this often (all processes together)
KEEP = 86_400  # an install's records go away a day after its last process stopped
_TIMEOUT = 2.0  # seconds: an unreachable Redis must not hold up a start (the rate limits report it themselves)


def fingerprint(salt: bytes) -> str:
    """A short digest of the salt: tells two salts apart, reveals nothing of either (48 bits of a 256-bit secret's
    hash)."""
    return hashlib.sha256(b"faqbot address salt fingerprint\0" + salt).hexdigest()[:12]


@dataclass(frozen=True)
class Mismatch:
    """Another process of this install hashing with another salt."""

    where: str
    fingerprint: str
    seen_ago: float


@dataclass
class SaltCheck:
    """This process's record in Redis: its install (index folder), where it runs and its salt's fingerprint."""

    url: str
    index_dir: str
    where: str
    fingerprint: str

    @classmethod
    def for_settings(cls, settings: Settings, salt: bytes) -> "SaltCheck | None":
        """The check for these settings, or None when no limit is counted in Redis (nothing to share)."""
        scheme = urlsplit(settings.rate_limit_storage.strip()).scheme.lower()
        if scheme not in ("redis", "rediss", "redis+unix"):
            return None
        if settings.rate_limit.strip() in ("", "0") and settings.admin_rate_limit.strip() in ("", "0"):
            return None
        index_dir = Path(settings.index_dir).resolve()
        return cls(settings.rate_limit_storage.strip(), str(index_dir),
                   f"{socket.gethostname()}:{index_dir.parent}", fingerprint(salt))

    @property
    def _key(self) -> str:
        return "faqbot:salt-fingerprints:" + hashlib.sha256(self.index_dir.encode()).hexdigest()[:16]

    def _redis(self):
        import redis

        url = self.url.replace("redis+unix://", "unix://", 1)
        return redis.Redis.from_url(url, socket_timeout=_TIMEOUT, socket_connect_timeout=_TIMEOUT)

    def record(self, now: float | None = None) -> list[Mismatch]:
        """Record (or refresh) this process's fingerprint; the live records of this install with another one.
        Raises redis.RedisError when Redis cannot be reached."""
        now = time.time() if now is None else now
        client = self._redis()
        try:
            mine = json.dumps({"fingerprint": self.fingerprint, "seen": now})
            pipe = client.pipeline()
            pipe.hset(self._key, self.where, mine)
            pipe.expire(self._key, KEEP)
            pipe.hgetall(self._key)
            records = pipe.execute()[-1]
            found, gone = [], []
            for where, value in records.items():
                where = where.decode("utf-8", "replace")
                try:
                    other = json.loads(value)
                    seen, fp = float(other["seen"]), str(other["fingerprint"])
                except (ValueError, KeyError, TypeError):
                    gone.append(where)
                    continue
                if now - seen > STALE:
                    gone.append(where)
                elif fp != self.fingerprint:
                    found.append(Mismatch(where, fp, max(0.0, now - seen)))
            if gone:
                client.hdel(self._key, *gone)
            return sorted(found, key=lambda m: m.where)
        finally:
            client.close()

    def first_to_say(self, mismatches: list[Mismatch]) -> list[Mismatch]:
        """Those not yet said in the last SAY_EVERY seconds by a process with this salt (taken now)."""
        client = self._redis()
        try:
            return [m for m in mismatches
                    if client.set(f"{self._key}:said:{self.fingerprint}:{m.fingerprint}", 1, nx=True, ex=SAY_EVERY)]
        finally:
            client.close()

    def line(self, mismatches: list[Mismatch]) -> str:
        """The one line an operator reads: which other machine, what it breaks, what to do."""
        there = ", ".join(f"{m.where} (salt fingerprint {m.fingerprint}, seen {m.seen_ago:.0f} s ago)"
                          for m in mismatches)
        return (f"the address salt here ({self.where}/faqbot-ip-salt, fingerprint {self.fingerprint}) differs from "
                f"the one used by {there} for the same index folder {self.index_dir} and Redis rate-limit storage: "
                "each counts a visitor's rate limit and admin sign-in attempts apart; copy one faqbot-ip-salt "
                "(mode 0600) to every machine and restart them (docs/security.md, Shared limit counters)")


def check_at_start(check: SaltCheck | None, say, always: bool = False) -> None:
    """Record this process; if another salt is live, say the line through say(line): `always` (`faqbot serve` on the
    operator's terminal, taking the hour's turn so the workers starting next do not repeat it), else only when no
    process with this salt said it in the last hour. Redis unreachable: nothing said (the rate limits warn of it)."""
    if check is None:
        return
    try:
        mismatches = check.record()
        said = check.first_to_say(mismatches) if mismatches else []
        if mismatches and (always or said):
            say(check.line(mismatches))
    except Exception as e:  # redis.RedisError, or the redis package missing: the storage check reports those
        log.debug("salt check skipped: %s", e)


def watch(check: SaltCheck | None, stop: threading.Event, interval: float = HEARTBEAT) -> threading.Thread | None:
    """A serving process's heartbeat: refresh its record every `interval` seconds and log the line when another
    salt appears (once an hour per pair of salts, whichever process of this salt sees it first)."""
    if check is None:
        return None

    def beat() -> None:
        while not stop.wait(interval):
            try:
                mismatches = check.first_to_say(check.record())
                if mismatches:
                    log.warning(check.line(mismatches))
            except Exception as e:  # Redis away: the next beat tries again
                log.debug("salt check skipped: %s", e)

    thread = threading.Thread(target=beat, name="faqbot-salt-check", daemon=True)
    thread.start()
    return thread
