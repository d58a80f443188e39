"""The content-format registry: every module of this package may declare FORMATS, and is found without a list.

A format is one module (txt.py, md.py, table.py): it declares, once, the suffixes it reads, what to tell an
editor whose file yields no sections, and the parser. Adding a format is adding such a module.
"""

from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass
from functools import cache
from types import ModuleType
from typing import Callable

from bot.ingest.render import Draft

# (path relative to the content folder, text) -> (document title, section drafts)
Parser = Callable[[str, str], tuple[str, list[Draft]]]


@dataclass(frozen=True)
class Format:
    """A content format: the suffixes it reads, the 'no sections' message, its parser, its place in listings."""

    suffixes: tuple[str, ...]
    no_sections: str  # said (after the file name) when a file of this format yields no sections
    parse: Parser
    listed: int = 100  # order in which suffixes are listed to editors (lower first)


def discover(package: ModuleType) -> dict[str, Format]:
    """Every Format declared in the modules of package (their FORMATS tuples), by suffix."""
    found: list[Format] = []
    for info in pkgutil.iter_modules(package.__path__):
        module = importlib.import_module(f"{package.__name__}.{info.name}")
        found.extend(getattr(module, "FORMATS", ()))
    by_suffix: dict[str, Format] = {}
    for fmt in sorted(found, key=lambda f: f.listed):  # stable: ties keep module-name order
        for suffix in fmt.suffixes:
            if not suffix.startswith(".") or suffix != suffix.lower():
                raise ValueError(f"format suffix {suffix!r} must be lower-case and start with '.'")
            if suffix in by_suffix:
                raise ValueError(f"two formats claim the suffix {suffix!r}")
            by_suffix[suffix] = fmt
    return by_suffix


@cache
def registry() -> dict[str, Format]:
    """The formats of bot.ingest, by suffix (found once, on first use)."""
    return discover(importlib.import_module("bot.ingest"))


def section_suffixes() -> tuple[str, ...]:
    """Suffixes of the files that hold sections, in the order editors see them listed."""
    return tuple(registry())
