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
