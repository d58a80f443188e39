"""Whether the content folder, as it is now, builds: the dashboard's lasting notice when a file broken by hand (a
faq.csv row with an unquoted comma) would make the next rebuild, Add or Undo fail, said before anyone presses them.

Design, and why: the content is read as a build reads it (bot.ingest.load_knowledge: parsing only, no fitting), at
view time, off a gevent worker's loop, and the answer is kept until the folder changes. Remembering the last failed
build instead (in the instance folder) would say nothing of a file broken by hand until something tried a build,
which is the very case an editor met (Add refused with the error the page never showed), and would say it after
the file was fixed again until a build succeeded. Reading costs 6 ms for knowledge/ (22 sections) and 210 ms for a
folder of 2,000 sections (a 1,000-row faq.csv and 20 Markdown files of 50 sections); walking the folder to see
whether it changed costs 0.1 ms and 0.8 ms. So the folder is walked on each view (files_not_read walks it too) and
read again only when a file's name, size, time or inode, or the version served, differs from the last reading.

The errors only fitting finds (no heading with a word faqbot can match, no word but stop words) are looked for too,
without fitting the whole content (1.3 s for 2,000 sections): what a build fits of one section is in what it fits of
them all, so one section with words in its heading that fits (40 ms) says that the content fits; only when it does
not is the whole fitted, as the build would, for the build's own error.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from bot.build import unfit, with_everyday_synonyms
from bot.index import Index
from bot.ingest import find_content, load_knowledge
from bot.model import ContentError, KnowledgeBase
from bot.text import words
from bot.moves import Former, History, moved_of

from .offload import off_the_loop

# (content folder, what its walk found, version served) -> the error, or None: the last reading, per worker process.
# One tuple replaced whole (no lock: a gevent worker's lock must not be waited on from a native thread; two requests
# reading the same folder at once at worst both read it).
_last: tuple[tuple, str | None] | None = None


def content_error(content_dir: str | Path | None, served) -> str | None:
    """Why the content folder as it is now does not build ("faq.csv:3: ..."), or None when it does (or is not
    known: no content folder given)."""
    global _last
    if content_dir is None:
        return None
    root = Path(content_dir)
    try:
        found = off_the_loop(find_content, root)
    except ContentError as e:  # the folder is gone, or not a folder: no build either
        return str(e)
    except OSError as e:
        return f"{root}: cannot be read ({e.strerror or e})"
    key = (str(root), served.version, tuple((f.rel, f.st.st_size, f.st.st_mtime_ns, f.st.st_ctime_ns, f.st.st_ino)
                                           for f in found.files))
    if _last is not None and _last[0] == key:
        return _last[1]
    error = off_the_loop(_reading_error, root, _history(served))
    _last = (key, error)
    return error


def _reading_error(root: Path, history: History) -> str | None:
    try:
        kb = with_everyday_synonyms(load_knowledge(root, history))  # as the build reads it
    except ContentError as e:
        return str(e)
    except OSError as e:  # a file removed or unreadable between the walk and the reading
        return f"{e.filename or root}: cannot be read ({e.strerror or e})"
    return _fitting_error(kb)


def _fitting_error(kb: KnowledgeBase) -> str | None:
    """The content error a build finds only when fitting the index (bot/build.py), or None: the vocabularies fitted
    are the union of each section's, so if one section (one with words in its heading) fits, all do."""
    sample = next((s for s in kb.sections if words(s.heading)), kb.sections[0])
    for sections in ((sample,), kb.sections):
        try:
            Index().fit(replace(kb, sections=sections))
            return None
        except ValueError as e:  # an empty vocabulary; from all of them, the build's error
            error = e
    return str(unfit(kb, error))


def _history(served) -> History:
    """The served version as the next build compares with it (bot.build.read_history reads it from the index folder):
    an .alternates block naming a section's former id is read as the build reads it, not as an error."""
    manifest = served.loaded.manifest
    declared = moved_of(manifest, "moved_declared") if "moved_declared" in manifest else None
    return History(tuple(Former(s.id, s.body) for s in served.sections()), moved_of(manifest), declared)
