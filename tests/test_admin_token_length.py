"""`faqbot serve` with a short FAQBOT_ADMIN_TOKEN ("1234" started without a word) says so in one warning line, and
serves all the same; a token of 16 characters or more, or none, gets no warning. A real `faqbot serve` process."""

from __future__ import annotations

import pytest

from _server import serve_start_lines as start_lines


@pytest.mark.parametrize("token, warned", [("1234", True), ("fifteen-chars-x", True), ("sixteen-chars-xy", False),
                                           ("", False)])
def test_a_short_admin_token_is_one_warning_line(tmp_path, token, warned):
    lines = start_lines(tmp_path, "memory://", FAQBOT_ADMIN_TOKEN=token)
    said = [line for line in lines if "FAQBOT_ADMIN_TOKEN" in line]
    if warned:
        assert said == [f"faqbot: warning: FAQBOT_ADMIN_TOKEN is {len(token)} characters long: a short token can be "
                        "guessed; use 16 or more random ones: python3 -c 'import secrets; "
                        "print(secrets.token_urlsafe(24))'"], lines
        assert token not in said[0]
    else:
        assert said == [], lines
    assert lines[-1].startswith("faqbot: serving http://127.0.0.1:")
