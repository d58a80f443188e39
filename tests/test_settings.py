"""Settings: declared once, documented in the README, parsed with clear errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.settings import SETTINGS, Settings, SettingsError, markdown_table

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def test_the_readme_settings_table_is_the_declared_one():
    # Regenerate with `python -m bot.settings` after adding or changing a setting.
    assert markdown_table() in README
    assert all(s.help.strip() and f"`{s.env}`" in README for s in SETTINGS)


def test_environment_overrides_defaults_and_options_override_both():
    env = {"FAQBOT_THRESHOLD": "0.7", "FAQBOT_PORT": "9000", "FAQBOT_CONTENT_DIR": "/srv/kb"}
    s = Settings.from_env(env, port=9100)
    assert s.threshold == 0.7 and s.port == 9100 and s.content_dir == "/srv/kb"
    assert Settings.from_env({}) == Settings()


@pytest.mark.parametrize("env,needle", [
    ({"FAQBOT_THRESHOLD": "high"}, "FAQBOT_THRESHOLD"),
    ({"FAQBOT_THRESHOLD": "1.5"}, "at most 1"),
    ({"FAQBOT_PORT": "-1"}, "FAQBOT_PORT"),
    ({"FAQBOT_WORKERS": "0"}, "FAQBOT_WORKERS"),
    ({"FAQBOT_RELOAD_INTERVAL": "inf"}, "finite"),
    ({"FAQBOT_INDEX_DIR": ""}, "must not be empty"),
    ({"FAQBOT_DATABASE_URL": "mysql://x"}, "FAQBOT_DATABASE_URL"),
    ({"FAQBOT_RATE_LIMIT": "bogus"}, "FAQBOT_RATE_LIMIT"),
    ({"FAQBOT_ADMIN_RATE_LIMIT": "ten"}, "FAQBOT_ADMIN_RATE_LIMIT"),
    ({"FAQBOT_RATE_LIMIT_STORAGE": "memcached://x"}, "FAQBOT_RATE_LIMIT_STORAGE"),
    ({"FAQBOT_THRESHOLD": "0"}, "above 0"),
    ({"FAQBOT_PROXY_HOPS": "-1"}, "FAQBOT_PROXY_HOPS"),
    ({"FAQBOT_ENCODER": "bert-large"}, "FAQBOT_ENCODER"),
])
def test_bad_values_name_the_setting(env, needle):
    with pytest.raises(SettingsError) as e:
        Settings.from_env(env)
    assert needle in str(e.value)


def test_values_given_in_code_are_checked_and_converted_too():
    with pytest.raises(SettingsError, match="threshold"):
        Settings(threshold=2.0)
    assert Settings(port="8080").port == 8080


@pytest.mark.parametrize("rate", ["30/minute", "30 per minute", "5/second; 100/hour", "10/2 minutes",
                                  "1 per day", "0", "bogus", "30/fortnight", "/minute", "30//minute",
                                  "30/minute;", "3 per 2 hours, 1/day", "30 minutes"])
def test_rate_check_agrees_with_the_rate_limit_library(rate):
    # The setting is checked without importing the web layer's library; that library is the oracle.
    from limits import parse_many

    try:
        parse_many(rate)
        library_accepts = True
    except ValueError:
        library_accepts = rate.strip() == "0"
    try:
        Settings(rate_limit=rate)
        we_accept = True
    except SettingsError:
        we_accept = False
    assert we_accept == library_accepts
