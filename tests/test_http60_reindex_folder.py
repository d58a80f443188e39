"""A reindex builds from the folder the served index was built from, not the one the server started with (session 60).

A server started in a site folder without --content (its knowledge/ there), then `faqbot build --content
../editor-kb` in another shell: the server served the editor's folder, and the next POST /api/reindex (or dashboard
edit) rebuilt site/knowledge again, putting the old site back without a word. README: the content folder is
"--content, else FAQBOT_CONTENT_DIR, else the folder the served index was built from". A server whose folder WAS
chosen keeps it, and its reindex says that it replaced another folder's content, as `faqbot build` says it.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from _server import Server, run_cli, versions_in, write_content
from bot import artifact, build
from bot.editing import FILE_NAME

KNOWLEDGE = Path(__file__).resolve().parents[1] / "knowledge"
TOKEN = "admin-test-token-http60-folder"
AFTERCARE = "microneedling-redness/what-is-the-aftercare-process-for-microneedling"
SWIM = ["can I go swimming after microneedling", "is swimming ok after microneedling"]


def served_folder(index: Path) -> str:
    return artifact.read_manifest(index, artifact.current_version(index))["content_dir"]


def content_version(server: Server) -> set[int]:
    r = server.post("/api/ask", {"question": "which content version is being served?"})
    assert r.status == 200, (r.status, r.body)
    return versions_in(r.body)


def test_a_reindex_without_a_chosen_folder_follows_the_folder_published_by_faqbot_build(tmp_path):
    site, editor = tmp_path / "site", tmp_path / "editor-kb"
    write_content(site / "knowledge", 0)  # the folder the server starts in has knowledge/
    write_content(editor, 1)
    build.build(site / "knowledge", site / "index")
    server = Server(site, workers=1)
    del server.env["FAQBOT_CONTENT_DIR"]  # no --content, no FAQBOT_CONTENT_DIR: knowledge/ of its working folder
    with server:
        assert content_version(server) == {0}
        done = run_cli("build", "--content", str(editor), "--index", str(site / "index"), "--quiet")
        assert done.returncode == 0, done.stderr
        assert f"was serving content from {(site / 'knowledge').resolve()}; it now serves {editor.resolve()}" \
            in done.stderr
        server.wait_until_every_worker_serves(artifact.current_version(site / "index"), since=0)
        assert content_version(server) == {1}

        write_content(editor, 2)  # the editor edits their folder, then asks the server to rebuild
        r = server.reindex()
        assert r.status == 200 and r.body["changed"] is True, (r.status, r.body)
        assert served_folder(site / "index") == str(editor.resolve())
        assert content_version(server) == {2}  # not the site's knowledge/ (0) again
        assert not any("was serving content from" in w for w in r.body["warnings"]), r.body["warnings"]


def test_a_reindex_from_a_chosen_folder_says_it_replaced_another_folders_content(tmp_path):
    site, editor = tmp_path / "site", tmp_path / "editor-kb"
    write_content(site / "content", 0)
    write_content(editor, 1)
    build.build(site / "content", site / "index")
    with Server(site, workers=1) as server:  # FAQBOT_CONTENT_DIR=site/content: chosen
        done = run_cli("build", "--content", str(editor), "--index", str(site / "index"), "--quiet")
        assert done.returncode == 0, done.stderr
        server.wait_until_every_worker_serves(artifact.current_version(site / "index"), since=0)

        r = server.reindex()
        assert r.status == 200 and r.body["changed"] is True, (r.status, r.body)
        assert content_version(server) == {0}  # the folder it was told to use
        assert served_folder(site / "index") == str((site / "content").resolve())
        line = (f"{site / 'index'} was serving content from {editor.resolve()}; it now serves "
                f"{(site / 'content').resolve()} (`faqbot rollback` goes back; --content or FAQBOT_CONTENT_DIR names "
                "the folder a reindex builds from)")
        assert line in r.body["warnings"], r.body["warnings"]

        again = server.reindex()  # nothing switched this time: nothing said
        assert again.status == 200 and not any("was serving content" in w for w in again.body["warnings"])


def test_a_dashboard_edit_without_a_chosen_folder_writes_and_rebuilds_the_published_folder(tmp_path, monkeypatch):
    from web import create_app

    from test_admin import sign_in

    site, editor = tmp_path / "site", tmp_path / "editor-kb"
    shutil.copytree(KNOWLEDGE, site / "knowledge")
    shutil.copytree(KNOWLEDGE, editor)
    (editor / "gift-cards.md").write_text("# Gift Cards\n\n## Do you sell gift cards?\n\nYes, at the front desk.\n",
                                          encoding="utf-8")
    index = site / "instance" / "index"
    build.build(site / "knowledge", index)
    for name in [n for n in list(os.environ) if n.startswith("FAQBOT_")]:
        monkeypatch.delenv(name)
    monkeypatch.chdir(site)
    monkeypatch.setenv("FAQBOT_INDEX_DIR", str(index))
    monkeypatch.setenv("FAQBOT_DATABASE_URL", f"sqlite:///{site}/instance/faqbot.sqlite3")
    monkeypatch.setenv("FAQBOT_ADMIN_TOKEN", TOKEN)
    monkeypatch.setenv("FAQBOT_RATE_LIMIT", "0")
    client = create_app().test_client()  # as under a WSGI server: no FAQBOT_CONTENT_DIR
    build.build(editor, index)  # `faqbot build --content ../editor-kb` in another shell

    csrf = sign_in(client, TOKEN)
    r = client.post("/admin/alternates", json={"section_id": AFTERCARE, "phrasings": SWIM},
                    headers={"X-CSRF-Token": csrf})
    assert r.status_code == 200, r.get_data(as_text=True)
    assert (editor / FILE_NAME).is_file() and not (site / "knowledge" / FILE_NAME).exists()
    assert served_folder(index) == str(editor.resolve())
    answer = client.post("/api/ask", json={"question": "do you sell gift cards"}).get_json()
    assert answer["section_id"] == "gift-cards/do-you-sell-gift-cards"  # the editor's folder still serves
