"""A Store made without Settings (backup, scripts) refuses a database URL it cannot read, as the settings check does."""

from __future__ import annotations

import pytest

from bot.settings import Settings, SettingsError
from bot.store import Store, StoreError


@pytest.mark.parametrize("url, said", [
    ("postgresql+asyncpg://faqbot:s3cret@db.internal/faqbot", "'postgresql+asyncpg://faqbot:***@db.internal/faqbot'"),
    ("postgresql+psycopg2://faqbot@db.internal/faqbot", "'postgresql+psycopg2://faqbot@db.internal/faqbot'"),
    ("postgresql+pg8000://u:p@db/faqbot", "'postgresql+pg8000://u:***@db/faqbot'"),
    ("mysql://root:hunter2@db/faqbot", "'mysql://root:***@db/faqbot'"),
])
def test_a_driver_the_store_does_not_use_is_refused_naming_the_url(url, said):
    # Before: Store("postgresql+asyncpg://...") was taken for psycopg's, and connected as something else.
    with pytest.raises(StoreError) as refused:
        Store(url)
    message = str(refused.value)
    assert message.startswith("FAQBOT_DATABASE_URL: unsupported database ") and said in message
    assert "\n" not in message and "s3cret" not in message and "hunter2" not in message
    with pytest.raises(SettingsError):  # the settings check refuses the same URLs
        Settings.from_env({"FAQBOT_DATABASE_URL": url})


@pytest.mark.parametrize("url", ["postgresql://faqbot:pw@db.internal/faqbot", "postgres://faqbot@db.internal/faqbot",
                                 "postgresql+psycopg://faqbot:pw@db.internal:5432/faqbot"])
def test_the_postgresql_urls_the_settings_accept_make_a_store(url):
    assert Settings.from_env({"FAQBOT_DATABASE_URL": url}).database_url == url
    assert Store(url).describe() == url.replace(":pw@", ":***@")


def test_a_url_the_store_cannot_read_is_one_line_naming_it_with_the_password_masked():
    # Before: Store("postgresql://u:p@[host") made without Settings (backup, scripts) was a ValueError traceback.
    url = "postgresql://faqbot:s3cret@[db.internal/faqbot"
    with pytest.raises(StoreError) as refused:
        Store(url)
    message = str(refused.value)
    assert message.startswith("FAQBOT_DATABASE_URL: cannot read 'postgresql://***@[db.internal/faqbot' as a URL")
    assert "\n" not in message and "s3cret" not in message
    with pytest.raises(SettingsError, match="cannot read it as a URL"):  # as the settings check refuses it
        Settings.from_env({"FAQBOT_DATABASE_URL": url})


@pytest.mark.parametrize("url", ["postgresql:db.internal/faqbot", "postgres:faqbot"])
def test_a_postgresql_scheme_without_slashes_is_refused_by_both(url):
    # libpq reads only postgresql:// and postgres://: the settings refused these, the store took them.
    with pytest.raises(StoreError, match="unsupported database"):
        Store(url)
    with pytest.raises(SettingsError):
        Settings.from_env({"FAQBOT_DATABASE_URL": url})


@pytest.mark.parametrize("url", ["SQLITE:///{path}", "SQLite:///{path}"])
def test_an_upper_case_sqlite_scheme_is_read_by_the_settings_and_the_store_alike(tmp_path, url):
    # A URL scheme is case-insensitive (RFC 3986): the store took SQLITE:///, the settings check refused it.
    url = url.format(path=tmp_path / "log.sqlite3")
    assert Settings.from_env({"FAQBOT_DATABASE_URL": url}).database_url == url
    store = Store(url)
    store.log_feedback("is it red?", None, True)
    assert [row.question for row in store.feedback()] == ["is it red?"]
    assert store.sqlite_path == tmp_path / "log.sqlite3"


def _closed_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.parametrize("scheme", ["POSTGRESQL", "Postgres", "PostgreSQL+Psycopg"])
def test_an_upper_case_postgresql_scheme_is_read_by_the_settings_and_reaches_psycopg_as_one(scheme):
    # libpq reads postgresql:// only in lower case: 'POSTGRESQL://...' was accepted by the store and then
    # refused by psycopg as 'missing "=" ... in connection info string', a setting that could never work.
    pytest.importorskip("psycopg")
    url = f"{scheme}://faqbot:pw@127.0.0.1:{_closed_port()}/faqbot"
    assert Settings.from_env({"FAQBOT_DATABASE_URL": url}).database_url == url
    said = Store(url).check()  # nothing listens there: the server is away, not the URL wrong
    assert said is not None and "does not answer now" in said and "pw" not in said
