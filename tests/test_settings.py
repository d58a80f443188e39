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
    # Values that used to pass here and fail later, where the setting is no longer named:
    ({"FAQBOT_HOST": ""}, "FAQBOT_HOST: must not be empty"),  # gunicorn read it as every interface
    ({"FAQBOT_HOST": "  "}, "FAQBOT_HOST: must not be empty"),
    ({"FAQBOT_ADMIN_TOKEN": " "}, "FAQBOT_ADMIN_TOKEN: must not be only spaces"),
    ({"FAQBOT_ADMIN_TOKEN": "\n"}, "FAQBOT_ADMIN_TOKEN: must not be only spaces"),
    ({"FAQBOT_DATABASE_URL": "sqlite:///"}, "FAQBOT_DATABASE_URL: sqlite:/// needs a file path"),  # the worker died
    ({"FAQBOT_DATABASE_URL": "sqlite:///log%00.db"}, "NUL"),
    ({"FAQBOT_DATABASE_URL": "postgresql://faqbot:pw@[db.internal/faqbot"}, "FAQBOT_DATABASE_URL: cannot read it as a URL"),
    ({"FAQBOT_FRAME_ANCESTORS": "'self'\nhttps://a.example"}, "FAQBOT_FRAME_ANCESTORS"),  # every page a 500
    ({"FAQBOT_FRAME_ANCESTORS": "'self'\x00"}, "FAQBOT_FRAME_ANCESTORS"),
    # Each sent as it was: a browser skipped the source it could not read, and every page refused to be framed (or,
    # for `self`, allowed a host named "self") without a word.
    ({"FAQBOT_FRAME_ANCESTORS": "self"}, "FAQBOT_FRAME_ANCESTORS: self must be written 'self', in single quotes"),
    ({"FAQBOT_FRAME_ANCESTORS": "'self', https://a.example"}, "separate sources with spaces, not commas"),
    ({"FAQBOT_FRAME_ANCESTORS": "%("}, "FAQBOT_FRAME_ANCESTORS: '%(' is no CSP source"),
    ({"FAQBOT_FRAME_ANCESTORS": "'none' https://a.example"}, "give 'none' alone"),
    ({"FAQBOT_RATE_LIMIT": "0/minute"}, "above 0"),  # every request 429
    ({"FAQBOT_RATE_LIMIT": "1/second;0/day"}, "above 0"),
    ({"FAQBOT_RATE_LIMIT": "30/0 minutes"}, "above 0"),
    ({"FAQBOT_RATE_LIMIT": "1/99999999999 years"}, "at most a year"),
    ({"FAQBOT_ADMIN_RATE_LIMIT": "0 per hour"}, "FAQBOT_ADMIN_RATE_LIMIT"),
    ({"FAQBOT_RELOAD_INTERVAL": "1e300"}, "at most 86,400"),  # the reload watcher died of OverflowError
    ({"FAQBOT_RELOAD_INTERVAL": "nan"}, "finite"),
    ({"FAQBOT_RELOAD_INTERVAL": "-1"}, "above 0"),
    ({"FAQBOT_ADMIN_SESSION_MINUTES": "99999999999999"}, "1..525,600"),  # sign-in 500: year out of range
    ({"FAQBOT_ADMIN_SESSION_MINUTES": "0"}, "1..525,600"),
    ({"FAQBOT_WORKERS": "1000000"}, "1..1,000"),
    # A browser's Origin is scheme://host[:port]: these were accepted and never matched one.
    ({"FAQBOT_CORS_ORIGINS": "clinic.example"}, "FAQBOT_CORS_ORIGINS: 'clinic.example' is no origin"),
    ({"FAQBOT_CORS_ORIGINS": "https://clinic.example, shop.example"}, "'shop.example' is no origin"),
    ({"FAQBOT_CORS_ORIGINS": "https://clinic.example/faq"}, "FAQBOT_CORS_ORIGINS"),
    ({"FAQBOT_CORS_ORIGINS": "https://*.clinic.example"}, "FAQBOT_CORS_ORIGINS: 'https://*.clinic.example': a wildcard"),
    ({"FAQBOT_CORS_ORIGINS": "https://clinic.example, http://*"}, "'http://*': a wildcard"),
    ({"FAQBOT_CORS_ORIGINS": "https://clinic.example:99999"}, "FAQBOT_CORS_ORIGINS: 'https://clinic.example:99999' "
                                                              "has no valid port"),
    ({"FAQBOT_CORS_ORIGINS": "http://localhost:3000x"}, "has no valid port"),
    ({"FAQBOT_CORS_ORIGINS": "http://localhost:0"}, "has no valid port"),
    ({"FAQBOT_CORS_ORIGINS": "http://[::1:3000"}, "'http://[::1:3000' is no origin"),
    # int() and float() read Arabic-Indic and fullwidth digits and underscores: FAQBOT_PORT=\u0668\u0660\u0660\u0661
    # served on 8001, FAQBOT_WORKERS=1_0 started 10 workers.
    ({"FAQBOT_PORT": "\u0668\u0660\u0660\u0661"}, "FAQBOT_PORT: expected int, got '\u0668\u0660\u0660\u0661'"),
    ({"FAQBOT_WORKERS": "1_0"}, "FAQBOT_WORKERS: expected int, got '1_0'"),
    ({"FAQBOT_THRESHOLD": "\u0660.\u0665"}, "FAQBOT_THRESHOLD: expected float, got '\u0660.\u0665'"),
])
def test_bad_values_name_the_setting(env, needle):
    with pytest.raises(SettingsError) as e:
        Settings.from_env(env)
    assert needle in str(e.value)


HUGE = "99999999999999999999"


@pytest.mark.parametrize("env, allowed", [
    # Each took any size: a worker's answer cache without bound, questions no request can carry, thousands of
    # index versions on disk, a client address taken from a hop that is no proxy.
    ("FAQBOT_ANSWER_CACHE", "0..10,000"),
    ("FAQBOT_KEEP_VERSIONS", "1..100"),
    ("FAQBOT_MAX_QUESTION_LENGTH", "1..16,384"),
    ("FAQBOT_PROXY_HOPS", "0..10"),
])
def test_a_number_past_its_maximum_is_refused_naming_setting_value_and_range(env, allowed):
    with pytest.raises(SettingsError) as e:
        Settings.from_env({env: HUGE})
    assert str(e.value) == f"{env}: must be {allowed}, got {HUGE}"
    top = int(allowed.split("..")[1].replace(",", ""))
    assert getattr(Settings.from_env({env: str(top)}), env[7:].lower()) == top  # the maximum itself is taken
    with pytest.raises(SettingsError):
        Settings.from_env({env: str(top + 1)})


def test_every_numeric_setting_has_an_upper_limit():
    # A new count or duration declared without one would take 99999999999999999999 again.
    for s in SETTINGS:
        if s.type in (int, float):
            with pytest.raises(SettingsError, match=s.env):
                Settings.from_env({s.env: HUGE})


@pytest.mark.parametrize("url", ["postgresql+psycopg://faqbot:pw@db.internal:5432/faqbot",
                                 "postgresql://faqbot:pw@db.internal/faqbot", "postgres://faqbot@db.internal/faqbot"])
def test_a_postgresql_url_the_store_reads_is_accepted(url):
    # postgresql+psycopg:// was refused here although the store connects with it (as postgresql://, psycopg 3).
    from bot.store import Store
    from bot.store_backends import Postgres

    assert Settings.from_env({"FAQBOT_DATABASE_URL": url}).database_url == url
    backend = Store(url)._backend
    assert isinstance(backend, Postgres) and backend.url.startswith(("postgresql://", "postgres://"))


def test_a_postgresql_driver_the_store_cannot_use_is_refused():
    with pytest.raises(SettingsError, match="FAQBOT_DATABASE_URL: expected sqlite:///path or postgresql://"):
        Settings.from_env({"FAQBOT_DATABASE_URL": "postgresql+asyncpg://faqbot@db.internal/faqbot"})


@pytest.mark.parametrize("sources", ["'self'", "", "'none'", "'self' https://clinic.example", "https:", "*",
                                     "https://*.clinic.example:443", "'self'; https://a.example", "clinic.example",
                                     "http://[::1]:8000", "https://a.example/embed/", "'SELF' HTTPS://A.EXAMPLE"])
def test_frame_ancestors_a_browser_reads_are_accepted(sources):
    assert Settings.from_env({"FAQBOT_FRAME_ANCESTORS": sources}).frame_ancestors == sources


@pytest.mark.parametrize("origins", ["http://localhost:3000", "https://clinic.example:443/", "http://[::1]:8080",
                                     "HTTPS://Clinic.Example", "*", "https://a.example, http://127.0.0.1:5173"])
def test_origins_a_browser_sends_are_accepted(origins):
    assert Settings.from_env({"FAQBOT_CORS_ORIGINS": origins}).cors_origins == origins


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


@pytest.mark.parametrize("env, name, stored", [
    ({"FAQBOT_HOST": " 127.0.0.1\n"}, "host", "127.0.0.1"),
    # A token from a secrets file ends in a newline; sign-in strips what is typed, so the two must match.
    ({"FAQBOT_ADMIN_TOKEN": "tok\n"}, "admin_token", "tok"),
    ({"FAQBOT_ADMIN_TOKEN": "  tok  "}, "admin_token", "tok"),
    ({"FAQBOT_ADMIN_TOKEN": ""}, "admin_token", ""),  # empty still turns the admin endpoints off
    ({"FAQBOT_LOG_FORMAT": "JSON"}, "log_format", "json"),  # bot/logs.py compares exactly
    ({"FAQBOT_LOG_LEVEL": "debug"}, "log_level", "DEBUG"),
    ({"FAQBOT_RATE_LIMIT": "0"}, "rate_limit", "0"),  # plain 0 is still off
    ({"FAQBOT_RELOAD_INTERVAL": "86400"}, "reload_interval", 86400.0),
    ({"FAQBOT_ADMIN_SESSION_MINUTES": "525600"}, "admin_session_minutes", 525600),
    ({"FAQBOT_DATABASE_URL": "sqlite:////srv/faqbot/log.sqlite3"}, "database_url", "sqlite:////srv/faqbot/log.sqlite3"),
    ({"FAQBOT_CORS_ORIGINS": "https://clinic.example/, http://localhost:3000"}, "cors_origins",
     "https://clinic.example/, http://localhost:3000"),
    ({"FAQBOT_CORS_ORIGINS": "*"}, "cors_origins", "*"),
])
def test_values_are_stored_as_they_are_used(env, name, stored):
    assert getattr(Settings.from_env(env), name) == stored


def test_a_log_format_in_capitals_writes_json():
    from bot.logs import JsonFormatter, formatter

    assert isinstance(formatter(Settings.from_env({"FAQBOT_LOG_FORMAT": "JSON"}).log_format), JsonFormatter)


@pytest.mark.parametrize("rate", ["0/minute", "1/second;0/day", "30/0 minutes", "0 per 2 hours"])
def test_a_rate_of_zero_is_refused_though_the_library_takes_it(rate):
    # The library reads '0/minute' as "no request at all": every request 429. Only '0' alone means off.
    from limits import parse_many

    parse_many(rate)
    with pytest.raises(SettingsError, match="above 0"):
        Settings(rate_limit=rate)


def test_a_trimmed_token_and_the_longest_session_sign_in(tmp_path):
    """Through the real app: FAQBOT_ADMIN_TOKEN with a trailing newline signs in with the token typed, and a
    session of the longest allowed length gets its cookie (a longer one made sign-in a 500)."""
    import shutil

    from _app import app_maker

    content = tmp_path / "content"
    shutil.copytree(Path(__file__).resolve().parent / "data" / "kb-small", content)
    env = {"FAQBOT_ADMIN_TOKEN": "tok\n", "FAQBOT_ADMIN_SESSION_MINUTES": "525600"}
    settings = Settings.from_env(env)
    client = app_maker(content, tmp_path, admin_token=settings.admin_token,
                       admin_session_minutes=settings.admin_session_minutes)().test_client()
    r = client.post("/admin/sign-in", data={"token": "tok"})
    assert r.status_code == 303, r.get_data(as_text=True)
    assert "Max-Age=31536000" in r.headers["Set-Cookie"]
    assert client.post("/api/reindex", headers={"Authorization": "Bearer tok"}).status_code == 200


def test_a_misspelled_variable_is_named_in_a_warning_line(tmp_path):
    # `FAQBOT_TRESHOLD=0.9 faqbot serve` served with the default threshold, 0.4, without a word.
    from _server import run_cli

    done = run_cli("rollback", "--index", str(tmp_path / "index"),
                   env={"FAQBOT_TRESHOLD": "0.9", "FAQBOT_FOO": "1", "FAQBOT_THRESHOLD": "0.5",
                        "FAQBOT_TEST_POSTGRES_URL": "postgresql://x/y"})
    lines = done.stderr.splitlines()
    assert "faqbot: warning: FAQBOT_TRESHOLD is not a faqbot setting: ignored (did you mean FAQBOT_THRESHOLD? the " \
           "settings are listed in the README)" in lines, lines
    assert "faqbot: warning: FAQBOT_FOO is not a faqbot setting: ignored (the settings are listed in the README)" \
        in lines, lines
    assert not any("FAQBOT_THRESHOLD is" in line or "FAQBOT_TEST_" in line for line in lines), lines
    assert done.returncode == 1 and lines[-1].startswith("faqbot: error: ")  # the command itself goes on as before


@pytest.mark.parametrize("name, value, shown", [
    ("FAQBOT_DATABASE_URL", "mysql://faqbot:s3cret@db/faqbot", "'mysql://faqbot:***@db/faqbot'"),
    ("FAQBOT_DATABASE_URL", "postgresql+asyncpg://faqbot:s3cret@db/faqbot", "'postgresql+asyncpg://faqbot:***@db/"),
    ("FAQBOT_DATABASE_URL", "mysql://faqbot:s3cret@[db/faqbot", "'mysql://***@[db/faqbot'"),
    ("FAQBOT_RATE_LIMIT_STORAGE", "memcached://user:s3cret@cache:11211", "'memcached://user:***@cache:11211'"),
])
def test_a_refused_url_is_quoted_without_its_password(name, value, shown):
    # `FAQBOT_DATABASE_URL=mysql://faqbot:s3cret@db/faqbot faqbot serve` wrote the password into the error line, and
    # so into whatever collects the service's output.
    with pytest.raises(SettingsError) as e:
        Settings.from_env({name: value})
    assert "s3cret" not in str(e.value) and shown in str(e.value) and str(e.value).startswith(f"{name}: ")


def test_a_redis_url_the_rate_limits_cannot_read_is_quoted_without_its_password():
    from web.guards import check_rate_limit_storage

    with pytest.raises(SettingsError) as e:
        check_rate_limit_storage(Settings(rate_limit_storage="redis://:s3cret@127.0.0.1:x/0"))
    assert "s3cret" not in str(e.value) and "'redis://:***@127.0.0.1:x/0'" in str(e.value)


@pytest.mark.parametrize("env, line", [
    # Python's type names were the whole advice: "FAQBOT_PORT: expected int, got 'abc'", "... expected float ...",
    # and a value exported empty said "must not be empty" with no word of what to do instead.
    ({"FAQBOT_PORT": "abc"}, "FAQBOT_PORT: expected int, got 'abc': give a whole number in ASCII digits, or unset "
                             "FAQBOT_PORT for the default 8000"),
    ({"FAQBOT_THRESHOLD": "0,5"}, "FAQBOT_THRESHOLD: expected float, got '0,5': give a number in ASCII digits, with a "
                                  "dot before any decimals, or unset FAQBOT_THRESHOLD for the default 0.4"),
    ({"FAQBOT_HOST": ""}, "FAQBOT_HOST: must not be empty: unset FAQBOT_HOST for the default 127.0.0.1"),
    ({"FAQBOT_CONTENT_DIR": " "}, "FAQBOT_CONTENT_DIR: must not be empty: unset FAQBOT_CONTENT_DIR for the default "
                                  "knowledge"),
])
def test_a_bad_variable_says_what_to_give_instead(env, line):
    with pytest.raises(SettingsError) as e:
        Settings.from_env(env)
    assert str(e.value) == line


def test_an_option_is_named_as_typed_without_a_variable_to_unset():
    with pytest.raises(SettingsError) as e:
        Settings.from_env({}, index_dir="")
    assert str(e.value) == "--index: must not be empty"
