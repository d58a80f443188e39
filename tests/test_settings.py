"""Settings: declared once, documented in the README, parsed with clear errors."""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path

import pytest

from bot.settings import SETTINGS, Settings, SettingsError

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("setting", SETTINGS, ids=lambda s: s.env)
def test_every_setting_is_documented_in_the_readme(setting):
    assert f"`{setting.env}`" in README


def test_declarations_match_the_settings_type():
    assert [f.name for f in fields(Settings)] == [s.name for s in SETTINGS]
    defaults = Settings()
    for s in SETTINGS:
        assert getattr(defaults, s.name) == s.default, s.name


def test_environment_overrides_defaults_and_options_override_both():
    env = {"FAQBOT_THRESHOLD": "0.7", "FAQBOT_PORT": "9000", "FAQBOT_CONTENT_DIR": "/srv/kb"}
    s = Settings.from_env(env, port=9100)
    assert s.threshold == 0.7 and s.port == 9100 and s.content_dir == "/srv/kb"
    assert Settings.from_env({}).threshold == Settings().threshold


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
])
def test_bad_values_name_the_setting(env, needle):
    with pytest.raises(SettingsError) as e:
        Settings.from_env(env)
    assert needle in str(e.value)
