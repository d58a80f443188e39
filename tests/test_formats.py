"""The content-format registry: formats are found in bot/ingest/ without a list, and declared only there."""

from __future__ import annotations

import ast
import importlib
import sys
from pathlib import Path

import pytest

from bot.ingest import load_knowledge
from bot.ingest.formats import discover, registry, section_suffixes
from bot.model import ContentError

ROOT = Path(__file__).resolve().parent.parent

FORMAT_MODULE = '''
from bot.ingest.formats import Format

def parse(rel, text):
    return "T", []

FORMATS = (Format({suffixes!r}, "no sections found (made-up format)", parse, listed={listed}),)
'''


def _package(tmp_path: Path, name: str, modules: dict[str, str]):
    """A real package in tmp_path holding the given modules, imported fresh."""
    pkg = tmp_path / name
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    for module, text in modules.items():
        (pkg / f"{module}.py").write_text(text)
    sys.path.insert(0, str(tmp_path))
    try:
        return importlib.import_module(name)
    finally:
        sys.path.remove(str(tmp_path))


SHIPPED = {".txt": "bot.ingest.txt", ".md": "bot.ingest.md", ".csv": "bot.ingest.table", ".tsv": "bot.ingest.table"}


def test_the_shipped_formats_and_their_order():
    # A format added later may sit anywhere; these four keep the order editors have always seen.
    assert [s for s in section_suffixes() if s in SHIPPED] == list(SHIPPED)
    assert {s: f.parse.__module__ for s, f in registry().items() if s in SHIPPED} == SHIPPED
    assert all(f.no_sections.startswith("no sections found (") for f in registry().values())


def test_a_new_module_is_found_without_being_listed(tmp_path):
    pkg = _package(tmp_path, "fake_formats_a", {
        "rst": FORMAT_MODULE.format(suffixes=(".rst",), listed=5),
        "adoc": FORMAT_MODULE.format(suffixes=(".adoc", ".asciidoc"), listed=1),
        "helpers": "X = 1\n",  # a module without FORMATS is no format
    })
    found = discover(pkg)
    assert list(found) == [".adoc", ".asciidoc", ".rst"]
    assert found[".rst"].parse("a.rst", "") == ("T", [])


@pytest.mark.parametrize("modules, message", [
    ({"a": FORMAT_MODULE.format(suffixes=(".x",), listed=1), "b": FORMAT_MODULE.format(suffixes=(".x",), listed=2)},
     "two formats claim the suffix '.x'"),
    ({"a": FORMAT_MODULE.format(suffixes=(".X",), listed=1)}, "lower-case"),
    ({"a": FORMAT_MODULE.format(suffixes=("x",), listed=1)}, "start with '.'"),
])
def test_conflicting_or_malformed_suffixes_are_refused(tmp_path, modules, message):
    pkg = _package(tmp_path, f"fake_{tmp_path.name}", modules)
    with pytest.raises(ValueError, match=message):
        discover(pkg)


def test_no_content_files_lists_every_format(tmp_path):
    (tmp_path / "notes.docx").write_text("x")
    with pytest.raises(ContentError) as e:
        load_knowledge(tmp_path)
    assert e.value.message == f"no content files ({', '.join(section_suffixes())}) in the content folder"
    assert ".txt, .md, .csv, .tsv" in e.value.message


def _string_constants(path: Path) -> set[str]:
    return {n.value for n in ast.walk(ast.parse(path.read_text(encoding="utf-8"))) if
            isinstance(n, ast.Constant) and isinstance(n.value, str)}


def test_each_suffix_is_written_only_in_the_module_that_declares_it():
    sources = {p.relative_to(ROOT).as_posix(): _string_constants(p) for folder in ("bot", "web")
               for p in sorted((ROOT / folder).rglob("*.py"))}
    for suffix, fmt in registry().items():
        declaring = fmt.parse.__module__.replace(".", "/") + ".py"
        assert [rel for rel, consts in sources.items() if suffix in consts] == [declaring], suffix
