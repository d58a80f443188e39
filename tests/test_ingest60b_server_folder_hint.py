"""The content folder gone when a running server is asked to rebuild (POST /api/reindex): the error says what its
operator can do (put the folder back, or restart the server naming where it is), not the command line's
'give the content folder with --content DIR', which no HTTP caller can do. `faqbot build` keeps its own words."""

from __future__ import annotations

import shutil

import pytest

from bot import cli
from bot.ingest.files import GIVE_CONTENT, RESTORE_CONTENT, ContentFolderMissing, find_content
from bot.model import ContentError
from _app import small_kb_maker

TOKEN = "s3cret-admin-token"


@pytest.mark.parametrize("kind, what", [("missing", "content folder not found"),
                                        ("a file", "content path is not a folder")])
def test_the_missing_folder_error_has_a_server_wording_beside_the_command_lines(tmp_path, kind, what):
    content = tmp_path / "knowledge"
    if kind == "a file":
        content.write_text("question,answer\n")
    with pytest.raises(ContentError) as caught:
        find_content(content)
    assert str(caught.value) == f"{content}: {what}: {GIVE_CONTENT}"  # as `faqbot build` prints it
    assert isinstance(caught.value, ContentFolderMissing)
    said = caught.value.for_server()
    assert isinstance(said, ContentError) and not isinstance(said, ContentFolderMissing)
    assert str(said) == (f"{content}: {what}: put the folder back, or restart the server with --content DIR or "
                         "FAQBOT_CONTENT_DIR naming where it is now")
    assert GIVE_CONTENT not in str(said) and RESTORE_CONTENT in str(said)


def test_faqbot_build_still_says_how_to_give_the_folder(tmp_path, capsys):
    assert cli.main(["build", "--content", str(tmp_path / "none"), "--index", str(tmp_path / "index")]) == 1
    assert capsys.readouterr().err == f"faqbot: error: {tmp_path / 'none'}: content folder not found: {GIVE_CONTENT}\n"


def test_a_reindex_with_the_folder_gone_says_what_the_operator_can_do(tmp_path):
    make_app = small_kb_maker(tmp_path)
    client = make_app(admin_token=TOKEN).test_client()
    shutil.move(make_app.content, tmp_path / "moved-away")
    r = client.post("/api/reindex", headers={"Authorization": f"Bearer {TOKEN}"})
    assert r.status_code == 422
    error = r.get_json()["error"]
    assert error.endswith(f"content folder not found: {RESTORE_CONTENT}") and "--content DIR or" in error
    assert GIVE_CONTENT not in error
