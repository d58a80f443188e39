"""The fitted index on disk: index.json (vocabularies, sections, stems, stop list) and matrices.npz (the
sparse matrices and idf vectors, uncompressed, memory-mapped at load), plus the sentence vectors of a
semantic index (bot/semantic.py). Data only, never a pickle: `read_npz` refuses any member that is not a
plain stored .npy.
"""

from __future__ import annotations

import json
from dataclasses import fields
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import scipy.sparse as sp

from .index import FORMAT_VERSION
from .model import Section
from .terms import Analyzer
from .text import QUESTION_WORDS

if TYPE_CHECKING:
    from .index import Index

SECTION_FIELDS = tuple(f.name for f in fields(Section))  # index.json's section columns, in this order
# What each entry of index.json holds (as `save` writes it): a damaged file that still parses is refused
# as damaged here, not an AttributeError somewhere in loading.
META_TYPES = {"char_ngrams": list, "sections": dict, "synonyms": list,  # derived_phrasings: checked below
              "documents": list, "word_vocabulary": dict, "char_vocabulary": dict, "stems": dict,
              "stop_words": list, "spell_vocab": list, "generic_terms": list}

def save(index: "Index", directory: Path) -> None:
    """Write index.json and matrices.npz (and any sentence vectors) into directory: data only, no pickle."""
    directory = Path(directory)
    meta = {
        "format": FORMAT_VERSION,
        "char_ngrams": list(index.char_ngrams),
        # One list per field (not one object per section): a third of the parsing time on 100k sections.
        "sections": {f: [getattr(s, f) for s in index.sections_] for f in SECTION_FIELDS},
        "derived_phrasings": [list(d) for d in index.derived_],
        "synonyms": index.synonyms_,
        "documents": index.documents_,
        "word_vocabulary": index.word_.vocabulary,
        "char_vocabulary": index.char_.vocabulary,
        # Stems of every word the knowledge base uses, and the stop list: loading and
        # answering then need neither nltk nor scikit-learn imported.
        "stems": {w: index.analyzer_.snowball(w) for w in index.spell_vocab_},
        "stop_words": sorted(index.analyzer_.stop_words | QUESTION_WORDS),
        "spell_vocab": index.spell_vocab_,
        "generic_terms": sorted(index.generic_terms_),
        "encoder": index.encoder_info_,
    }
    (directory / "index.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
    arrays = {"word_idf": index.word_.idf, "char_idf": index.char_.idf, "s_spans": index.s_spans_,
              "q_owner": index.q_owner_, "s_owner": index.s_owner_}
    if index.clf_alpha_ is not None:
        arrays["clf_alpha"], arrays["clf_bias"] = index.clf_alpha_, index.clf_bias_
    # heading_terms_ and the row-major sentences are derived, but saved too: converting them took a
    # quarter of loading a large index.
    for name in ("W_doc_", "W_q_", "W_sent_", "C_q_", "heading_terms_", "W_sent_rows_"):
        m = getattr(index, name)
        if m is None:
            continue
        key = name.rstrip("_")
        arrays[key + ".data"], arrays[key + ".indices"] = m.data, m.indices
        arrays[key + ".indptr"], arrays[key + ".shape"] = m.indptr, np.asarray(m.shape)
    with open(directory / "matrices.npz", "wb") as fh:
        np.savez(fh, **arrays)  # uncompressed: zlib was a third of loading a large index
    if index.encoder_info_:
        from . import semantic

        semantic.save(index, directory)


def load(cls: type["Index"], directory: Path) -> "Index":
    """Rebuild a fitted Index (of class cls) from save()'s files; raises ValueError if they don't fit together.

    An index with sentence vectors also loads the process's encoder (bot.semantic.load says what
    it raises when this install cannot); a lexical one never imports it.
    """
    directory = Path(directory)
    meta = json.loads((directory / "index.json").read_text(encoding="utf-8"))
    if not isinstance(meta, dict):
        raise ValueError("index.json: not a JSON object")
    if meta.get("format") != FORMAT_VERSION:
        raise ValueError(f"index format {meta.get('format')} is not {FORMAT_VERSION}")
    for key, kind in META_TYPES.items():
        if not isinstance(meta.get(key), kind):
            raise ValueError(f"index.json: {key!r} is missing or not a JSON {'object' if kind is dict else 'array'}")
    if not isinstance(meta.get("encoder") or {}, dict):
        raise ValueError("index.json: 'encoder' is not a JSON object")
    index = cls(char_ngrams=tuple(meta["char_ngrams"]))
    columns = meta["sections"]
    if list(columns) != list(SECTION_FIELDS):
        raise ValueError("index.json: the sections' fields are not this program's")
    if not all(isinstance(c, list) for c in columns.values()) or len({len(c) for c in columns.values()}) > 1:
        raise ValueError("index.json: the sections' columns are not all lists of the same length")
    alt = SECTION_FIELDS.index("alternates")  # stored as a list, a tuple in a Section
    index.sections_ = [Section(*row[:alt], tuple(row[alt]), *row[alt + 1:]) for row in zip(*columns.values())]
    derived = meta.get("derived_phrasings")
    if (not isinstance(derived, list) or len(derived) != len(index.sections_)
            or not all(isinstance(d, list) and all(isinstance(t, str) for t in d) for d in derived)):
        raise ValueError("index.json: the derived phrasings do not fit the sections")
    index.derived_ = [tuple(d) for d in derived]
    index.synonyms_ = meta["synonyms"]
    index.documents_ = meta["documents"]
    index.spell_vocab_ = meta["spell_vocab"]
    index.generic_terms_ = frozenset(meta["generic_terms"])
    # The index's own stop list and stems: no global state, no scikit-learn or nltk import.
    index.analyzer_ = Analyzer(index.synonyms_, stop_words=frozenset(meta["stop_words"]) - QUESTION_WORDS,
                              stems=meta["stems"])
    arrays = read_npz(directory / "matrices.npz")
    index._vectorizers(meta["word_vocabulary"], arrays["word_idf"], meta["char_vocabulary"], arrays["char_idf"])
    index.q_owner_, index.s_owner_ = arrays["q_owner"], arrays["s_owner"]
    index.s_spans_ = arrays["s_spans"]
    for name in ("W_doc", "W_q", "W_sent", "C_q", "heading_terms", "W_sent_rows"):
        if name == "W_sent_rows" and name + ".data" not in arrays:  # saved for large indexes only
            index.W_sent_rows_ = None
            continue
        kind = sp.csr_matrix if name == "W_sent_rows" else sp.csc_matrix
        m = kind((arrays[name + ".data"], arrays[name + ".indices"], arrays[name + ".indptr"]),
                 shape=tuple(arrays[name + ".shape"]))
        setattr(index, name + "_", m)
    if "clf_alpha" in arrays:
        index.clf_alpha_, index.clf_bias_ = arrays["clf_alpha"], arrays["clf_bias"]
        if index.clf_alpha_.shape != (len(index.q_owner_), len(index.sections_)) or index.clf_bias_.shape != (
                len(index.sections_),):
            raise ValueError("matrices.npz: the classifier does not fit the phrasings and sections")
    index._post_fit(derived=True)
    rows = np.diff(index.q_bounds_)
    if len(rows) != len(index.sections_) or any(int(n) != len(index.phrasings(i)) for i, n in enumerate(rows)):
        raise ValueError("matrices.npz: the heading rows do not fit the sections' headings and alternates")
    if meta.get("encoder"):
        from . import semantic

        semantic.load(index, directory, meta["encoder"])
    return index


def read_npz(path: Path) -> dict[str, np.ndarray]:
    """The arrays of an uncompressed .npz (as `save` writes it), memory-mapped read-only, not read.

    Loading a large index then costs no copy of its matrices, and the workers of one server share their
    pages through the page cache. Each member must be stored (not deflated) and a plain .npy (no
    pickled objects); anything else is refused with ValueError, as a damaged artifact."""
    import zipfile

    arrays: dict[str, np.ndarray] = {}
    try:
        z = zipfile.ZipFile(path)
    except zipfile.BadZipFile as e:
        raise ValueError(f"{path.name}: {e}") from None
    with z, open(path, "rb") as fh:
        for info in z.infolist():
            if (info.compress_type != zipfile.ZIP_STORED or info.compress_size != info.file_size
                    or not info.filename.endswith(".npy")):
                raise ValueError(f"{path.name}: {info.filename} is not a stored .npy member")
            # The member's data starts after its local header: 30 bytes, then its name and extra field.
            fh.seek(info.header_offset)
            local = fh.read(30)
            if local[:4] != b"PK\x03\x04":
                raise ValueError(f"{path.name}: bad local header for {info.filename}")
            start = info.header_offset + 30 + int.from_bytes(local[26:28], "little") + \
                int.from_bytes(local[28:30], "little")
            fh.seek(start)
            version = np.lib.format.read_magic(fh)
            if version == (1, 0):
                shape, fortran, dtype = np.lib.format.read_array_header_1_0(fh)
            elif version == (2, 0):
                shape, fortran, dtype = np.lib.format.read_array_header_2_0(fh)
            else:
                raise ValueError(f"{path.name}: {info.filename} is .npy format {version}")
            if dtype.hasobject:
                raise ValueError(f"{path.name}: {info.filename} holds Python objects")
            offset = fh.tell()
            if offset - start + dtype.itemsize * int(np.prod(shape)) != info.file_size:
                raise ValueError(f"{path.name}: {info.filename} does not hold what its header says")
            name = info.filename[:-len(".npy")]
            if not shape or 0 in shape:  # mmap cannot map nothing
                fh.seek(offset)
                arrays[name] = np.fromfile(fh, dtype=dtype, count=int(np.prod(shape))).reshape(shape)
            else:
                mapped = np.memmap(path, dtype=dtype, mode="r", offset=offset, shape=shape,
                                   order="F" if fortran else "C")
                _read_ahead(mapped)
                arrays[name] = mapped.view(np.ndarray)
    return arrays


def _read_ahead(mapped: np.memmap) -> None:
    """Ask the kernel to start reading the mapping in (returns at once): the first questions after a
    load, or after the files left the page cache, then wait less on the disk."""
    import mmap

    m = getattr(mapped, "_mmap", None)
    if m is not None and hasattr(m, "madvise") and hasattr(mmap, "MADV_WILLNEED"):
        try:
            m.madvise(mmap.MADV_WILLNEED)
        except OSError:  # advice only
            pass
