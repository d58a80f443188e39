"""A worker whose published version this release cannot read serves the newest kept one it can (session 60).

The README's upgrade in a new virtual environment built with the new release while the old one served: a worker
the old release then started (a crash's replacement, a timeout) could not read the published version and failed to
boot (older releases: gunicorn stopped the whole server) or answered 503 until the restart. It now answers from the
newest kept version this release reads, with one warning line; a build still rebuilds such a version.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest

from _server import write_content
from bot import artifact, build
from bot.artifact import IndexUnavailable
from bot.settings import Settings
from web import create_app


def published_by_a_newer_release(tmp_path: Path) -> tuple[Path, Path, str, str]:
    content, index = tmp_path / "knowledge", tmp_path / "index"
    write_content(content, 0)
    older = build.build(content, index)["version"]
    write_content(content, 1)
    newer = build.build(content, index)["version"]
    path = index / artifact.VERSIONS / newer / artifact.MANIFEST
    manifest = json.loads(path.read_text(encoding="utf-8"))
    manifest["format"] = manifest["format"] + 1  # what the next release's index format looks like to this one
    path.write_text(json.dumps(manifest), encoding="utf-8")
    return content, index, older, newer


def test_a_worker_serves_the_newest_version_it_can_read(tmp_path, caplog):
    content, index, older, newer = published_by_a_newer_release(tmp_path)
    settings = Settings(content_dir=str(content), index_dir=str(index),
                        database_url=f"sqlite:///{tmp_path / 'log.sqlite3'}")
    with caplog.at_level(logging.WARNING):
        app = create_app(settings)
    try:
        r = app.test_client().get("/api/health")
        assert r.status_code == 200 and r.get_json()["index"]["version"] == older
        said = [rec.getMessage() for rec in caplog.records if f"serving {older}" in rec.getMessage()]
        assert len(said) == 1 and newer in said[0] and "index format" in said[0], said
    finally:
        app.extensions["faqbot"].close()
    assert artifact.current_version(index) == newer  # serving only: nothing published


def test_the_fallback_version_passes_the_same_checks(tmp_path):
    content, index, older, newer = published_by_a_newer_release(tmp_path)
    path = index / artifact.VERSIONS / older / artifact.MANIFEST
    manifest = json.loads(path.read_text(encoding="utf-8"))
    manifest["libraries"] = {"scikit-learn": "0.0"}  # built with other data files: not to be loaded either
    path.write_text(json.dumps(manifest), encoding="utf-8")
    with pytest.raises(IndexUnavailable, match="index format"):
        artifact.load_servable(index)


def test_a_build_still_rebuilds_a_version_it_cannot_read(tmp_path):
    content, index, older, newer = published_by_a_newer_release(tmp_path)
    said: list[str] = []
    loaded = build.ensure(content, index, progress=said.append)
    assert loaded.version not in (older, newer)
    assert any(line.startswith("rebuilding the index") and "index format" in line for line in said), said


def test_after_a_rollback_the_fallback_is_never_the_version_rolled_back_from(tmp_path):
    # A worker that cannot read the published version took the newest kept one, which after `faqbot rollback` is the
    # very version the operator went back from (this session's review). Only older ones are candidates.
    content, index = tmp_path / "knowledge", tmp_path / "index"
    versions = []
    for n in range(3):
        write_content(content, n)
        versions.append(build.build(content, index)["version"])
    assert artifact.rollback(index) == versions[1]
    path = index / artifact.VERSIONS / versions[1] / artifact.MANIFEST
    manifest = json.loads(path.read_text(encoding="utf-8"))
    manifest["format"] = manifest["format"] + 1
    path.write_text(json.dumps(manifest), encoding="utf-8")
    loaded, said = artifact.load_servable(index)
    assert loaded.version == versions[0] and said and versions[1] in said
