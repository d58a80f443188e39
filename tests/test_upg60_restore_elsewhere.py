"""A backup restored at another path uses its own content folder, not the live install's (session 60).

The index manifest records the absolute folder it was built from. Restored as the README says (the backup's content
to knowledge/, its index to instance/index/) on the same machine, `faqbot serve` in the restored site rebuilt from
the LIVE site's knowledge/, and the dashboard's "Add as alternate" wrote into it. The local knowledge/ holding the
very content the version was built from is the restored install's own; another local folder still leaves the
recorded one followed (`faqbot build --content ../editor-kb`, which said so when it built); a moved index whose
knowledge/ holds other content, and a version from before the record, get one warning line naming both.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from _server import write_content
from bot import artifact, build
from bot.engine import Bot
from bot.settings import Settings


def live_and_restored(tmp_path: Path) -> tuple[Path, Path]:
    live, restored = tmp_path / "siteA", tmp_path / "siteS"
    write_content(live / "knowledge", 0)
    build.build(live / "knowledge", live / "instance" / "index")
    restored.mkdir()  # the README's restore: content to knowledge/, index to instance/index/
    shutil.copytree(live / "knowledge", restored / "knowledge")
    shutil.copytree(live / "instance" / "index", restored / "instance" / "index")
    return live, restored


def test_a_restored_install_serves_and_edits_its_own_folder(tmp_path, monkeypatch):
    live, restored = live_and_restored(tmp_path)
    monkeypatch.chdir(restored)
    said: list[str] = []
    settings = Settings()  # no --content, no FAQBOT_CONTENT_DIR
    bot = Bot.from_settings(settings, progress=said.append, content_explicit=False)
    assert said == []  # not "rebuilding the index from .../siteA/knowledge"
    assert bot.content_dir().resolve() == (restored / "knowledge").resolve()
    assert build.served_content(settings).content_dir == "knowledge"
    assert build.published_content(Path("instance/index")) == str((restored / "knowledge").resolve())

    write_content(restored / "knowledge", 1)  # an edit in the restored site, then its reindex
    bot.reindex()
    index = restored / "instance" / "index"
    assert artifact.read_manifest(index, artifact.current_version(index))["content_dir"] == \
        str((restored / "knowledge").resolve())
    live_index = live / "instance" / "index"
    assert artifact.read_manifest(live_index, artifact.current_version(live_index))["content_dir"] == \
        str((live / "knowledge").resolve())


def test_a_restored_install_edited_before_its_start_uses_its_own_folder(tmp_path, monkeypatch):
    live, restored = live_and_restored(tmp_path)
    write_content(restored / "knowledge", 1)  # edited before the start: the index says it was published elsewhere
    monkeypatch.chdir(restored)
    said: list[str] = []
    bot = Bot.from_settings(Settings(), progress=said.append, content_explicit=False)
    assert bot.content_dir().resolve() == (restored / "knowledge").resolve()
    assert [line for line in said if line.startswith("rebuilding")] == \
        ["rebuilding the index from knowledge: content changed since the index was built"], said
    live_index = live / "instance" / "index"
    assert len(artifact.list_versions(live_index)) == 1
    warnings = [line for line in said if line.startswith("warning:")]  # the folders named: not plainly a restore
    assert len(warnings) == 1 and str((live / "knowledge").resolve()) in warnings[0], said


def test_a_backup_of_a_version_that_does_not_record_its_index_folder_is_told_by_its_content(tmp_path, monkeypatch):
    live, restored = live_and_restored(tmp_path)
    index = restored / "instance" / "index"
    path = index / artifact.VERSIONS / artifact.current_version(index) / artifact.MANIFEST
    manifest = json.loads(path.read_text(encoding="utf-8"))
    del manifest["index_dir"]  # built by a release before session 60
    path.write_text(json.dumps(manifest), encoding="utf-8")
    monkeypatch.chdir(restored)
    said: list[str] = []
    bot = Bot.from_settings(Settings(), progress=said.append, content_explicit=False)
    assert bot.content_dir().resolve() == (restored / "knowledge").resolve()
    # but said: a folder copied for an editor (`faqbot build --content mysite`) looks the same (this session's review)
    warnings = [line for line in said if line.startswith("warning:")]
    assert len(warnings) == 1 and str((live / "knowledge").resolve()) in warnings[0], said
    assert "--content or FAQBOT_CONTENT_DIR" in warnings[0]


def test_an_editor_folder_copied_from_knowledge_stays_followed(tmp_path, monkeypatch):
    site, editor = tmp_path / "site", tmp_path / "editor-kb"
    write_content(site / "knowledge", 0)
    shutil.copytree(site / "knowledge", editor)  # the same content as knowledge/ when it is built
    build.build(editor, site / "instance" / "index")  # `faqbot build --content ../editor-kb`
    monkeypatch.chdir(site)
    bot = Bot.from_settings(Settings(), content_explicit=False)
    assert bot.content_dir().resolve() == editor.resolve()
    write_content(editor, 1)  # the editor's edit, then a reindex: built from their folder
    bot.reindex()
    index = site / "instance" / "index"
    assert artifact.read_manifest(index, artifact.current_version(index))["content_dir"] == str(editor.resolve())


def test_another_local_folder_leaves_the_recorded_one_followed_without_a_word(tmp_path, monkeypatch):
    # `faqbot build --content ../editor-kb` said it switched folders; `faqbot ask` and `serve` follow it quietly (a
    # warning on every `faqbot ask` where a knowledge/ of other content lies was noise: tests/test_ops58b_settings.py)
    site, editor = tmp_path / "site", tmp_path / "editor-kb"
    write_content(site / "knowledge", 0)
    write_content(editor, 1)
    build.build(editor, site / "instance" / "index")  # `faqbot build --content ../editor-kb`
    monkeypatch.chdir(site)
    said: list[str] = []
    bot = Bot.from_settings(Settings(), progress=said.append, content_explicit=False)
    assert bot.content_dir().resolve() == editor.resolve()
    assert said == [], said
