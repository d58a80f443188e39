"""The index artifact: data-only files, a manifest, atomic publishing, stale and foreign artifacts."""

from __future__ import annotations

import contextlib
import errno
import json
import os
import shutil
import zipfile
from pathlib import Path

import pytest

from bot import artifact, build
from bot.engine import Bot
from bot.index import FORMAT_VERSION
from bot.model import ContentError
from bot.settings import Settings


def _build(content, index, **kw):
    return build.build(content, index, **kw)


def _edit(content: Path, n: int) -> None:
    """A real change to the content (a rebuild of unchanged content publishes nothing)."""
    (content / "extra.csv").write_text(f"question,answer\nIs there parking?,Yes: {n} spaces.\n", encoding="utf-8")


def _builds(content: Path, index: Path, n: int, **kw) -> list[str]:
    """The versions n builds publish, each of changed content."""
    names = []
    for i in range(n):
        _edit(content, i)
        names.append(_build(content, index, **kw)["version"])
    return names


def test_artifact_is_json_and_npz_with_a_manifest(content_copy, tmp_path):
    m = _build(content_copy, tmp_path / "idx")
    vdir = tmp_path / "idx" / "versions" / m["version"]
    assert sorted(p.name for p in vdir.iterdir()) == ["index.json", "manifest.json", "matrices.npz"]
    manifest = json.loads((vdir / "manifest.json").read_text())
    assert manifest["format"] == FORMAT_VERSION
    assert manifest["content_hash"] == build.content_hash(content_copy)
    assert set(manifest["libraries"]) >= {"scikit-learn", "numpy", "nltk", "rapidfuzz", "faqbot"}
    assert manifest["sections"] == 22 and manifest["documents"] == 1
    assert manifest["alternates"] > 100 and manifest["synonym_groups"] > 10
    # The matrices load with allow_pickle=False: no object arrays anywhere.
    with zipfile.ZipFile(vdir / "matrices.npz") as z:
        assert all(n.endswith(".npy") for n in z.namelist())
    import numpy as np

    with np.load(vdir / "matrices.npz", allow_pickle=False) as z:
        assert all(z[k].dtype != object for k in z.files)


def test_a_loaded_index_is_the_one_that_was_fitted(content_copy, tmp_path, monkeypatch):
    """Matrices derived at fit time (headings' terms, row-major sentences on large indexes) are saved and
    loaded, not recomputed: what is loaded must equal what the fit made, sections included."""
    import bot.index as index_module
    from bot.index import Index
    from bot.ingest import load_knowledge

    monkeypatch.setattr(index_module, "SENTENCE_CANDIDATES", 10)  # 22 sections: "large", rows are kept
    fitted = Index().fit(load_knowledge(content_copy))
    assert fitted.W_sent_rows_ is not None
    fitted.save(tmp_path)
    loaded = Index.load(tmp_path)
    assert loaded.sections_ == fitted.sections_
    for name in ("W_doc_", "W_q_", "W_sent_", "C_q_", "heading_terms_", "W_sent_rows_"):
        a, b = getattr(fitted, name), getattr(loaded, name)
        assert a.format == b.format and a.shape == b.shape and (a != b).nnz == 0, name
    monkeypatch.setattr(index_module, "SENTENCE_CANDIDATES", 2000)  # a program for which 22 sections are small
    assert Index.load(tmp_path).W_sent_rows_ is None


def test_same_content_builds_the_same_index(content_copy, tmp_path):
    a = _build(content_copy, tmp_path / "a")
    b = _build(content_copy, tmp_path / "b")
    ja = (tmp_path / "a" / "versions" / a["version"] / "index.json").read_bytes()
    jb = (tmp_path / "b" / "versions" / b["version"] / "index.json").read_bytes()
    assert ja == jb
    assert a["content_hash"] == b["content_hash"]


def test_failed_build_keeps_the_published_version(content_copy, tmp_path):
    idx = tmp_path / "idx"
    good = _build(content_copy, idx)
    (content_copy / "broken.csv").write_text("question,answer\nonly one field\n", encoding="utf-8")
    with pytest.raises(ContentError) as e:
        _build(content_copy, idx)
    assert "broken.csv" in str(e.value)
    assert artifact.current_version(idx) == good["version"]
    assert artifact.list_versions(idx) == [good["version"]]
    assert not [p for p in (idx / "versions").iterdir() if p.name.startswith(".tmp")]
    assert artifact.load_current(idx).index.sections_


def test_stale_content_is_rebuilt_on_load(content_copy, tmp_path):
    settings = Settings(content_dir=str(content_copy), index_dir=str(tmp_path / "idx"))
    first = Bot.from_settings(settings).info()["version"]
    assert Bot.from_settings(settings).info()["version"] == first  # fresh: not rebuilt
    extra = "How Long Until I Can Swim?\n\nShort question section.\n\nCan I Swim After It?\n\nWait 24 hours before swimming.\n"
    (content_copy / "swim.txt").write_text("Swimming\n\n" + extra, encoding="utf-8")
    bot = Bot.from_settings(settings)
    assert bot.info()["version"] != first
    assert any(s.document == "swim" for s in bot.sections())


@pytest.mark.parametrize("field,value", [("format", FORMAT_VERSION + 1), ("libraries", {"numpy": "0.1"})])
def test_foreign_artifact_is_refused_then_rebuilt(content_copy, tmp_path, field, value):
    idx = tmp_path / "idx"
    m = _build(content_copy, idx)
    mpath = idx / "versions" / m["version"] / "manifest.json"
    data = json.loads(mpath.read_text())
    data[field] = value
    mpath.write_text(json.dumps(data))
    with pytest.raises(artifact.IndexUnavailable) as e:
        artifact.load_current(idx)
    assert "faqbot build" in str(e.value)
    # serve/ask path: rebuilt rather than trusted
    bot = Bot.from_settings(Settings(content_dir=str(content_copy), index_dir=str(idx)))
    assert bot.info()["version"] != m["version"]


def test_an_upgrade_that_changes_a_data_file_the_build_reads_rebuilds_the_index(content_copy, tmp_path):
    # The new release is this code with one data file changed: bot/data/noun.kinds, which fitting reads (slots of
    # a kind). It was left out of the manifest's list, so an index built by the old release was trusted.
    import subprocess
    import sys

    idx = tmp_path / "idx"
    old = _build(content_copy, idx)["version"]
    release = tmp_path / "release"
    root = Path(artifact.__file__).resolve().parents[1]
    for package in ("bot", "web"):
        shutil.copytree(root / package, release / package, ignore=shutil.ignore_patterns("__pycache__"))
    with open(release / "bot" / "data" / "noun.kinds", "a", encoding="utf-8") as fh:
        fh.write("zzyzxberry food\n")
    env = {k: v for k, v in os.environ.items() if not k.startswith("FAQBOT_")}
    env["PYTHONPATH"] = str(release)
    cp = subprocess.run([sys.executable, "-m", "web.cli", "ask", "how long does redness last?", "--index", str(idx),
                         "--content", str(content_copy)], env=env, cwd=tmp_path, capture_output=True, text=True,
                        timeout=300, stdin=subprocess.DEVNULL)
    assert cp.returncode == 0, cp.stderr
    assert "rebuilding the index" in cp.stderr and "noun.kinds" in cp.stderr, cp.stderr
    assert "built with noun.kinds " in cp.stderr and "scikit-learn" not in cp.stderr, cp.stderr
    assert artifact.current_version(idx) != old


def _release_with_other_code(tmp_path) -> dict[str, str]:
    """The environment of a new release: this code with one engine file changed, and the same version number
    (0.1.0 in every release so far)."""
    release = tmp_path / "release"
    root = Path(artifact.__file__).resolve().parents[1]
    for package in ("bot", "web"):
        shutil.copytree(root / package, release / package, ignore=shutil.ignore_patterns("__pycache__"))
    with open(release / "bot" / "ingest" / "txt.py", "a", encoding="utf-8") as fh:
        fh.write("\nNEW_IN_THIS_RELEASE = True\n")
    env = {k: v for k, v in os.environ.items() if not k.startswith("FAQBOT_")}
    env["PYTHONPATH"] = str(release)
    return env


def _ask(env, content, idx, cwd):
    import subprocess
    import sys

    return subprocess.run([sys.executable, "-m", "web.cli", "ask", "how long does redness last?", "--json",
                           "--index", str(idx), "--content", str(content)], env=env, cwd=cwd, capture_output=True,
                          text=True, timeout=300, stdin=subprocess.DEVNULL)


def test_an_upgrade_that_changes_only_code_rebuilds_the_index(content_copy, tmp_path):
    # An index built by the old release was trusted: an upgrade that changed how text articles are split into
    # sections served the old sections until the content changed.
    idx = tmp_path / "idx"
    old = _build(content_copy, idx)["version"]
    env = _release_with_other_code(tmp_path)
    cp = _ask(env, content_copy, idx, tmp_path)
    assert cp.returncode == 0, cp.stderr
    lines = [line for line in cp.stderr.splitlines() if "rebuilding the index" in line]
    assert len(lines) == 1 and "built by other faqbot code (" in lines[0], cp.stderr
    assert artifact.code_digest() in lines[0] and "Traceback" not in cp.stderr, cp.stderr
    rebuilt = artifact.current_version(idx)
    assert rebuilt != old
    cp = _ask(env, content_copy, idx, tmp_path)  # the same release again: the index it built is fresh
    assert cp.returncode == 0 and "rebuilding" not in cp.stderr, cp.stderr
    assert artifact.current_version(idx) == rebuilt


def test_an_upgrade_whose_rebuild_fails_answers_from_the_old_index_and_says_why(content_copy, tmp_path):
    # A content file the new release refuses (an editor's .alternates block naming a section the new code reads
    # under another id; the dashboard's own file only warns of it) must not take the chatbot offline at the
    # restart: the old release's index, of a format the new one reads, answers, with one warning line naming the
    # file and line to fix.
    idx = tmp_path / "idx"
    old = _build(content_copy, idx)["version"]
    (content_copy / "extra.alternates").write_text("[faq/introduction]\nwhat time do you open\n", encoding="utf-8")
    cp = _ask(_release_with_other_code(tmp_path), content_copy, idx, tmp_path)
    assert cp.returncode == 0, cp.stderr
    assert json.loads(cp.stdout)["answered"] is True
    warnings = [line for line in cp.stderr.splitlines() if line.startswith("faqbot: warning:")
                and "skipped README.md" not in line]
    assert len(warnings) == 1 and "extra.alternates:1" in warnings[0], cp.stderr
    assert artifact.current_version(idx) == old


def test_a_version_of_other_code_is_stale_unless_a_rollback_pinned_it(content_copy, tmp_path):
    idx = tmp_path / "idx"
    first = _build(content_copy, idx)["version"]
    mpath = idx / "versions" / first / "manifest.json"
    data = json.loads(mpath.read_text())
    data["code"] = "0123456789ab"  # built by the release before
    mpath.write_text(json.dumps(data))
    assert artifact.load_current(idx).version == first  # same format: readable
    _build(content_copy, idx)
    assert artifact.rollback(idx) == first
    said = []
    build.ensure(content_copy, idx, progress=said.append)
    assert said == [] and artifact.current_version(idx) == first  # the operator's rollback stands
    (idx / artifact.PINNED).unlink()
    build.ensure(content_copy, idx, progress=said.append)
    assert said[0].endswith(f"built by other faqbot code (0123456789ab; this program's is {artifact.code_digest()})")
    assert artifact.current_version(idx) != first


def test_the_code_digest_is_of_the_code_the_process_runs(tmp_path):
    # An install over a running server replaces the files under it: a reindex it runs before the restart must not
    # record the new release's digest for an index the old code built (the new release would then trust it).
    import subprocess
    import sys

    env = _release_with_other_code(tmp_path)
    script = ("import bot.artifact as a, pathlib\n"
              "p = pathlib.Path(a.__file__).with_name('text.py')\n"
              "print(p)\n"
              "p.write_text(p.read_text(encoding='utf-8') + '\\nINSTALLED_LATER = True\\n', encoding='utf-8')\n"
              "print(a.code_digest())\n")
    # cwd: `python -c` puts the working folder first on sys.path, and this checkout's files must stay untouched.
    run = dict(env=env, cwd=tmp_path, capture_output=True, text=True, timeout=60)
    running = subprocess.run([sys.executable, "-c", script], **run)
    assert running.returncode == 0, running.stderr
    changed, digest = running.stdout.split()
    assert Path(changed).is_relative_to(tmp_path / "release")
    after = subprocess.run([sys.executable, "-c", "import bot.artifact as a; print(a.code_digest())"], **run)
    assert digest != after.stdout.strip()  # the digest it printed was taken before the change


def test_an_index_of_another_library_version_names_only_what_differs(content_copy, tmp_path):
    # The reason is printed as `serve` rebuilds and logged by every worker that keeps its version: it held both
    # whole records (ten names and versions each, ~500 characters) for one number that differed.
    idx = tmp_path / "idx"
    m = _build(content_copy, idx)
    mpath = idx / "versions" / m["version"] / "manifest.json"
    data = json.loads(mpath.read_text())
    running = data["libraries"]["scikit-learn"]
    data["libraries"]["scikit-learn"] = "1.2.0"
    mpath.write_text(json.dumps(data))
    assert artifact.unreadable(data) == f"built with scikit-learn 1.2.0 (this program has {running})"
    with pytest.raises(artifact.IndexUnavailable) as e:
        artifact.load_current(idx)
    assert f"built with scikit-learn 1.2.0 (this program has {running}); run `faqbot build`" in str(e.value)
    assert "numpy" not in str(e.value)


def test_damaged_artifact_is_refused_with_a_clear_message(content_copy, tmp_path):
    idx = tmp_path / "idx"
    m = _build(content_copy, idx)
    (idx / "versions" / m["version"] / "matrices.npz").write_bytes(b"not a zip")
    with pytest.raises(artifact.IndexUnavailable) as e:
        artifact.load_current(idx)
    assert "damaged" in str(e.value)


def _rewrite_npz(path, compress=False, truncate=0, extra=None):
    import numpy as np

    with np.load(path, allow_pickle=False) as z:
        arrays = {k: z[k] for k in z.files}
    arrays.update(extra or {})
    with open(path, "wb") as fh:
        (np.savez_compressed if compress else np.savez)(fh, **arrays)
    if truncate:
        data = path.read_bytes()
        path.write_bytes(data[:len(data) - truncate])


@pytest.mark.parametrize("missing", ["W_doc", "W_q", "heading_terms", "C_q"])
def test_an_index_missing_a_matrix_is_refused_not_served(content_copy, tmp_path, missing):
    """Only the row-major sentences are optional (large indexes only); any other matrix missing makes
    the version damaged, never a version that loads and then fails every question."""
    import numpy as np

    idx = tmp_path / "idx"
    m = _build(content_copy, idx)
    path = idx / "versions" / m["version"] / "matrices.npz"
    with np.load(path, allow_pickle=False) as z:
        arrays = {k: z[k] for k in z.files if not k.startswith(missing + ".")}
    with open(path, "wb") as fh:
        np.savez(fh, **arrays)
    with pytest.raises(artifact.IndexUnavailable) as e:
        artifact.load_current(idx)
    assert "damaged" in str(e.value) and missing in str(e.value)


def test_sections_whose_columns_differ_in_length_are_refused(content_copy, tmp_path):
    idx = tmp_path / "idx"
    m = _build(content_copy, idx)
    path = idx / "versions" / m["version"] / "index.json"
    meta = json.loads(path.read_text(encoding="utf-8"))
    meta["sections"]["body"].pop()  # a damaged file: one body short
    path.write_text(json.dumps(meta), encoding="utf-8")
    with pytest.raises(artifact.IndexUnavailable) as e:
        artifact.load_current(idx)
    assert "damaged" in str(e.value) and "same length" in str(e.value)


@pytest.mark.parametrize("damage, says", [("missing", "derived phrasings"), ("extra", "heading rows")])
def test_derived_phrasings_that_do_not_fit_the_heading_rows_are_refused(content_copy, tmp_path, damage, says):
    """Each section's contact phrasings (bot/contact.py `phrasings`) are heading rows of the matrices: an
    index.json without them, or with one more than the matrices hold, is damaged, not read out of step."""
    idx = tmp_path / "idx"
    m = _build(content_copy, idx)
    path = idx / "versions" / m["version"] / "index.json"
    meta = json.loads(path.read_text(encoding="utf-8"))
    if damage == "missing":
        del meta["derived_phrasings"]
    else:
        meta["derived_phrasings"][0].append("what is your address")
    path.write_text(json.dumps(meta), encoding="utf-8")
    with pytest.raises(artifact.IndexUnavailable) as e:
        artifact.load_current(idx)
    assert "damaged" in str(e.value) and says in str(e.value)


@pytest.mark.parametrize("damage", ["deflated", "truncated", "objects"])
def test_matrices_that_cannot_be_mapped_as_written_are_refused(content_copy, tmp_path, damage):
    """The matrices are memory-mapped: a member that is compressed, shorter than its header says, or
    holds pickled objects is refused as damaged, never read some other way."""
    import numpy as np

    idx = tmp_path / "idx"
    m = _build(content_copy, idx)
    path = idx / "versions" / m["version"] / "matrices.npz"
    if damage == "deflated":
        _rewrite_npz(path, compress=True)
    elif damage == "truncated":  # a well-formed zip whose W_doc data member is shorter than its .npy header says
        import io
        import zipfile

        with np.load(path, allow_pickle=False) as z:
            arrays = {k: z[k] for k in z.files}
        with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as out:
            for name, a in arrays.items():
                buf = io.BytesIO()
                np.save(buf, a)
                out.writestr(name + ".npy", buf.getvalue()[:-8] if name == "W_doc.data" else buf.getvalue())
    else:
        _rewrite_npz(path, extra={"evil": np.array([{"a": 1}], dtype=object)})
    with pytest.raises(artifact.IndexUnavailable) as e:
        artifact.load_current(idx)
    why = {"deflated": "is not a stored .npy member", "truncated": "W_doc.data.npy does not hold what its header says",
           "objects": "evil.npy holds Python objects"}[damage]
    assert "damaged" in str(e.value) and why in str(e.value)


def test_matrices_are_mapped_not_copied(content_copy, tmp_path):
    """Loading maps the matrices from the file (shared by the workers through the page cache), read-only."""
    import numpy as np

    _build(content_copy, tmp_path / "idx")
    index = artifact.load_current(tmp_path / "idx").index
    for matrix in (index.W_doc_, index.W_sent_, index.C_q_, index.heading_terms_):
        base = matrix.data
        while base.base is not None and not isinstance(base, np.memmap):
            base = base.base
        assert isinstance(base, np.memmap) and not matrix.data.flags.writeable
    answer = Bot.from_index(Settings(index_dir=str(tmp_path / "idx"))).ask("how long does redness last?")
    assert answer.answered


def test_versions_are_pruned_and_rollback_returns_to_the_previous(content_copy, tmp_path):
    idx = tmp_path / "idx"
    names = _builds(content_copy, idx, 4, keep=3)
    assert artifact.list_versions(idx) == names[1:]
    assert artifact.rollback(idx) == names[2]
    assert artifact.current_version(idx) == names[2]
    assert artifact.rollback(idx) == names[1]
    with pytest.raises(artifact.IndexUnavailable):
        artifact.rollback(idx)


def test_a_half_written_version_of_a_killed_build_is_removed_by_the_next(content_copy, tmp_path):
    # A build killed while it writes (SIGKILL, a power cut) leaves its hidden .tmp-<version>-<pid> folder in versions/:
    # tens of megabytes on a big knowledge base, kept for good. Only the publish lock's holder writes one.
    idx = tmp_path / "idx"
    build.build(content_copy, idx)
    leftover = idx / artifact.VERSIONS / ".tmp-v000009-20260101T000000Z-deadbeef-4242"
    (leftover / "sub").mkdir(parents=True)
    (leftover / "sub" / "matrix.npz").write_bytes(b"\0" * 1000)
    (content_copy / "more.txt").write_text("More\n\nDo You Sell Gift Cards?\n\nYes, at the desk.\n", encoding="utf-8")
    build.build(content_copy, idx)
    assert not leftover.exists()
    assert not [p.name for p in (idx / artifact.VERSIONS).iterdir() if p.name.startswith(".")]
    assert len(artifact.list_versions(idx)) == 2


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes to read-only folders; see the chattr-free test below")
def test_read_only_index_folder_is_a_clear_error(content_copy, tmp_path):  # pragma: no cover - non-root
    idx = tmp_path / "idx"
    good = _build(content_copy, idx)
    _edit(content_copy, 1)
    os.chmod(idx / "versions", 0o555)
    try:
        with pytest.raises(artifact.IndexUnavailable):
            _build(content_copy, idx)
    finally:
        os.chmod(idx / "versions", 0o755)
    assert artifact.current_version(idx) == good["version"]


def test_unwritable_index_location_is_a_clear_error(content_copy, tmp_path):
    # Root-proof: the index folder's parent is a regular file, so nothing can be created there.
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(artifact.IndexUnavailable) as e:
        _build(content_copy, blocker / "idx")
    assert "cannot write the index" in str(e.value)


def test_missing_index_is_a_clear_error(tmp_path):
    with pytest.raises(artifact.IndexUnavailable) as e:
        artifact.load_current(tmp_path / "nothing")
    assert "no index found" in str(e.value)


def test_version_names_are_never_reused_and_sort_by_publication(content_copy, tmp_path):
    # More builds than keep_versions within a second or two: a pruned name must not come back, and the
    # newest version must sort last, so rollback goes to the one published just before.
    idx = tmp_path / "idx"
    published = _builds(content_copy, idx, 6, keep=2)
    assert len(set(published)) == 6
    assert published == sorted(published, key=artifact._publication_order)
    assert artifact.list_versions(idx) == published[-2:]
    assert artifact.current_version(idx) == published[-1]
    assert artifact.rollback(idx) == published[-2]


def test_concurrent_publishers_leave_current_on_the_newest_name(content_copy, tmp_path):
    import threading

    idx = tmp_path / "idx"
    first = _builds(content_copy, idx, 2, keep=3)
    _edit(content_copy, 2)
    results = []
    threads = [threading.Thread(target=lambda: results.append(_build(content_copy, idx, keep=3))) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    # Eight builds of the same change: the first to publish makes the new version, the other seven find it
    # current under the publish lock and keep it, so the earlier versions stay kept for rollback.
    assert sorted(r["published"] for r in results) == [False] * 7 + [True]
    versions = artifact.list_versions(idx)
    assert versions[:2] == first and len(versions) == 3
    assert artifact.current_version(idx) == versions[-1] and {r["version"] for r in results} == {versions[-1]}
    assert artifact.rollback(idx) == versions[-2]


def test_a_build_of_content_changed_while_it_ran_does_not_publish_over_the_newer_build(content_copy, tmp_path):
    # Two workers share the content and the index: one rebuilds (POST /api/reindex) while the other adds an
    # alternate and publishes its own build. The first read the content before the edit; published last,
    # its version would drop the edit while the file still holds it.
    idx = tmp_path / "idx"
    _build(content_copy, idx)
    alternates = content_copy / "added.alternates"
    edited = []

    def meanwhile(message):  # the slow build has read the content: the other worker edits and publishes now
        if message.startswith("read ") and not edited:
            edited.append(True)
            alternates.write_text("[microneedling-redness/what-is-microneedling]\nzebra unicorn phrasing\n",
                                  encoding="utf-8")
            _build(content_copy, idx)

    _edit(content_copy, 1)  # unchanged content would be kept without reading further (see test_build_twice...)
    lines = []
    manifest = _build(content_copy, idx, progress=lambda m: (lines.append(m), meanwhile(m)))
    current = artifact.read_manifest(idx, artifact.current_version(idx))
    assert build.why_stale(current, content_copy) is None, current
    assert manifest["content_hash"] == current["content_hash"] == build.content_hash(content_copy)
    assert "the content changed while building: building again" in lines


# ---- a damaged index that still parses: refused as damaged, so `ask` rebuilds it or says so in one line ----

KB_SMALL = Path(__file__).resolve().parent / "data" / "kb-small"
PEEL = "peel-aftercare/how-long-will-my-skin-peel-after-a-chemical-peel"


def _json_edit(path, change):
    path.write_text(json.dumps(change(json.loads(path.read_text(encoding="utf-8")))), encoding="utf-8")


DAMAGE = {  # what is done to the published version; each used to end `faqbot ask` in a traceback
    "index.json holds []": lambda v, idx: (v / "index.json").write_text("[]"),
    "manifest.json holds []": lambda v, idx: (v / "manifest.json").write_text("[]"),
    "CURRENT is not UTF-8": lambda v, idx: (idx / "CURRENT").write_bytes(b"v\xff\xfe-damaged\n"),
    "index.json sections are a list": lambda v, idx: _json_edit(
        v / "index.json", lambda m: {**m, "sections": list(m["sections"])}),
    "index.json vocabulary is a list": lambda v, idx: _json_edit(
        v / "index.json", lambda m: {**m, "word_vocabulary": list(m["word_vocabulary"])}),
    "manifest content_dir is a number": lambda v, idx: _json_edit(
        v / "manifest.json", lambda m: {**m, "content_dir": 7}),
}


@pytest.mark.parametrize("damage", DAMAGE)
def test_a_damaged_index_that_still_parses_is_rebuilt_by_ask(tmp_path, capsys, damage):
    from bot import cli

    content, idx = tmp_path / "content", tmp_path / "idx"
    shutil.copytree(KB_SMALL, content)
    m = _build(content, idx)
    DAMAGE[damage](idx / "versions" / m["version"], idx)
    capsys.readouterr()
    assert cli.main(["ask", "--index", str(idx), "--content", str(content), "--json",
                     "how long will my skin peel?"]) == 0
    assert json.loads(capsys.readouterr().out)["section_id"] == PEEL
    assert artifact.current_version(idx) != m["version"]  # rebuilt, not patched up


@pytest.mark.parametrize("damage", DAMAGE)
def test_a_damaged_index_with_nothing_to_rebuild_from_is_one_line(tmp_path, capsys, damage):
    from bot import cli

    content, idx = tmp_path / "content", tmp_path / "idx"
    shutil.copytree(KB_SMALL, content)
    m = _build(content, idx)
    shutil.rmtree(content)
    DAMAGE[damage](idx / "versions" / m["version"], idx)
    capsys.readouterr()
    assert cli.main(["ask", "--index", str(idx), "--content", str(content), "how long will my skin peel?"]) == 1
    err = capsys.readouterr().err.strip().splitlines()  # a progress line saying why it rebuilds, then the error
    errors = [line for line in err if line.startswith("faqbot: error: ")]
    assert len(errors) == 1 and "content folder not found" in errors[0] and "Traceback" not in "\n".join(err), err


@pytest.mark.parametrize("damage", [d for d in DAMAGE if d.startswith(("index.json", "manifest.json"))])
def test_a_damaged_index_that_still_parses_is_refused_as_damaged(tmp_path, damage):
    content, idx = tmp_path / "content", tmp_path / "idx"
    shutil.copytree(KB_SMALL, content)
    m = _build(content, idx)
    DAMAGE[damage](idx / "versions" / m["version"], idx)
    with pytest.raises(artifact.IndexUnavailable) as e:
        artifact.load_current(idx)
    assert ("damaged" if damage.startswith("index") else "unreadable manifest") in str(e.value)


def test_an_undecodable_current_names_no_version(tmp_path):
    (tmp_path / "CURRENT").write_bytes(b"v\xff\n")
    assert artifact.current_version(tmp_path) == "v\ufffd"
    with pytest.raises(artifact.IndexUnavailable):
        artifact.load_current(tmp_path)


def test_a_rebuild_of_unchanged_content_keeps_the_version_unless_it_is_damaged_or_built_otherwise(content_copy,
                                                                                                   tmp_path):
    idx = tmp_path / "idx"
    first = _build(content_copy, idx)
    assert first["published"] is True
    again = _build(content_copy, idx)
    assert again["published"] is False and again["version"] == first["version"]
    assert artifact.list_versions(idx) == [first["version"]]
    # The same files in another folder: the manifest names the folder a reindex rebuilds from, so that is new.
    elsewhere = shutil.copytree(content_copy, tmp_path / "elsewhere")
    moved = _build(elsewhere, idx)
    assert moved["published"] is True and moved["content_dir"] == str(elsewhere.resolve())
    # A damaged version is what `faqbot build` is told to fix: it is rebuilt, never kept.
    (idx / "versions" / moved["version"] / "index.json").write_text("{}", encoding="utf-8")
    fixed = _build(elsewhere, idx)
    assert fixed["published"] is True and artifact.load_current(idx).version == fixed["version"]
    # A version built by other faqbot code (the record of the release before) is rebuilt too.
    mpath = idx / "versions" / fixed["version"] / "manifest.json"
    mpath.write_text(json.dumps({**json.loads(mpath.read_text()), "code": "0123456789ab"}))
    assert _build(elsewhere, idx)["published"] is True


def test_a_rebuild_of_the_rolled_back_content_keeps_it_and_lifts_the_pin(content_copy, tmp_path):
    idx = tmp_path / "idx"
    first = _build(content_copy, idx)["version"]
    _edit(content_copy, 1)
    _build(content_copy, idx)
    assert artifact.rollback(idx) == first and artifact.pinned(idx) == first
    (content_copy / "extra.csv").unlink()  # the editor takes the change back too
    kept = _build(content_copy, idx)
    assert kept["published"] is False and kept["version"] == first
    assert artifact.current_version(idx) == first and artifact.pinned(idx) is None  # as after any build


def test_a_rebuild_after_a_rollback_serves_the_version_rolled_back_from_again_not_a_copy(content_copy, tmp_path):
    # Rolled back from the second version, then rebuilt from the content that made it (`faqbot build`, a cron job, a
    # reindex): it published a third version, a copy of the second, and the next rollback went back to the second,
    # the same index as served: the operator saw "now serving" and nothing changed, and copies pushed out the
    # versions a rollback is for.
    idx = tmp_path / "idx"
    first = _build(content_copy, idx)["version"]
    _edit(content_copy, 1)
    second = _build(content_copy, idx)["version"]
    assert artifact.rollback(idx) == first
    again = _build(content_copy, idx)
    assert again["published"] is False and again["reused"] is True and again["version"] == second
    assert artifact.current_version(idx) == second and artifact.pinned(idx) is None  # as after any build
    assert artifact.list_versions(idx) == [first, second]
    assert artifact.rollback(idx) == first  # back to what served before, not to a twin of what serves now
    # Only a version a rollback stepped back from: content taken back to the first version's, built while the second
    # serves, is published anew (serving the first again would leave no version before it to roll back to).
    assert _build(content_copy, idx)["version"] == second
    (content_copy / "extra.csv").unlink()
    third = _build(content_copy, idx)
    assert third["published"] is True and artifact.list_versions(idx) == [first, second, third["version"]]
    assert artifact.rollback(idx) == second


@contextlib.contextmanager
def _disk_full_at(monkeypatch, name: str):
    """The disk is full when a file of this name is moved into place (os.replace, as artifact.py publishes)."""
    replace = os.replace

    def full(src, dst, *a, **kw):
        if Path(dst).name == name:
            raise OSError(errno.ENOSPC, "No space left on device")
        return replace(src, dst, *a, **kw)

    monkeypatch.setattr(artifact.os, "replace", full)
    try:
        yield
    finally:
        monkeypatch.setattr(artifact.os, "replace", replace)


@pytest.mark.parametrize("fails", ["SEQUENCE", "CURRENT"])
def test_a_full_disk_while_publishing_leaves_no_temporary_file_and_the_old_index_current(content_copy, tmp_path,
                                                                                       monkeypatch, fails):
    # A full disk at either small write of a publish left .SEQUENCE.<pid>.tmp or .CURRENT.<pid>.tmp in the index
    # folder, one more per worker and reindex; a failed CURRENT also left the never-served version in versions/.
    idx = tmp_path / "idx"
    good = _build(content_copy, idx)["version"]
    before = sorted(p.name for p in idx.iterdir())
    _edit(content_copy, 1)
    with _disk_full_at(monkeypatch, fails), pytest.raises(artifact.IndexUnavailable, match="No space left on device"):
        _build(content_copy, idx)
    assert sorted(p.name for p in idx.iterdir()) == before
    assert artifact.list_versions(idx) == [good]
    assert not [p for p in (idx / "versions").iterdir() if p.name.startswith(".")]
    assert artifact.load_current(idx).version == good
    # Once there is room again the next build publishes as usual.
    assert _build(content_copy, idx)["version"] != good


@pytest.mark.parametrize("fails", ["PINNED", "CURRENT"])
def test_a_rollback_that_cannot_be_written_leaves_the_current_version_current(content_copy, tmp_path, monkeypatch,
                                                                              fails):
    # A full disk while writing PINNED: rollback said "cannot roll back", yet CURRENT had already moved back, with
    # no pin (the next serve could rebuild over it) and an empty PINNED file left behind.
    idx = tmp_path / "idx"
    old, new = _builds(content_copy, idx, 2)
    with _disk_full_at(monkeypatch, fails), pytest.raises(artifact.IndexUnavailable, match="cannot roll back"):
        artifact.rollback(idx)
    assert artifact.current_version(idx) == new and artifact.pinned(idx) is None
    assert not [p.name for p in idx.iterdir() if p.name.endswith(".tmp") or p.name == "PINNED"]
    assert artifact.rollback(idx) == old and artifact.pinned(idx) == old
