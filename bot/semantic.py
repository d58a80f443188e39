"""Sentence vectors in the index (the `semantic` extra): embedded at build, stored in the version folder,
and the one encoder a process loads to read questions with.

    unit-vectors.npy      float32 (headings and alternates, in the index's heading-row order) x dimensions
    section-vectors.npy   float32 (sections) x dimensions: each section's heading and body together
    centroid-vectors.npy  float32 (sections) x dimensions: the unit-length mean of each section's heading
                          and alternate vectors (`centroids`)
    word-vectors.npy      float16 (words) x dimensions: each section's words as the encoder read them in its
                          heading and body, then in each alternate question (bot.encoder.Words), stop
                          words left out, section after section
    word-bounds.npy       int64 (sections + 1): section i's words are rows word-bounds[i]:word-bounds[i+1]
    clf-weights.npy       float32 (sections) x dimensions, and clf-bias.npy float32 (sections): the phrasings'
                          classifier over these vectors (bot/classifier.py `fit_vectors`), for a knowledge
                          base made of example phrasings only; absent elsewhere

All are plain .npy files, loaded memory-mapped with allow_pickle=False: worker processes serving the
same version share their pages. A lexical index has none of them and never imports the encoder.
"""

from __future__ import annotations

import threading
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Sequence

import numpy as np

from . import classifier
from .encoder import EncoderUnavailable, load_encoder

if TYPE_CHECKING:  # pragma: no cover
    from .encoder import Encoder, Words
    from .index import Index
    from .model import Section

UNIT_VECTORS = "unit-vectors.npy"
SECTION_VECTORS = "section-vectors.npy"
CENTROID_VECTORS = "centroid-vectors.npy"
WORD_VECTORS = "word-vectors.npy"
WORD_BOUNDS = "word-bounds.npy"
CLF_WEIGHTS = "clf-weights.npy"
CLF_BIAS = "clf-bias.npy"
CONTEXT_WEIGHT = 0.5  # a follow-up's earlier question counts half, as in the TF-IDF vectors

_encoders: dict[str, "Encoder"] = {}  # name -> the process's encoder: every index version reuses it
_encoders_lock = threading.Lock()


class ModelChanged(Exception):
    """The installed model is not the one the index was embedded with (rebuilding fixes it)."""


def process_encoder(name: str) -> "Encoder":
    """The encoder called `name`, loaded once per process; EncoderUnavailable (one line) if it can't be."""
    key = name.strip().lower()
    with _encoders_lock:
        encoder = _encoders.get(key)
        if encoder is None:
            encoder = load_encoder(key)
            if encoder is None:
                raise EncoderUnavailable("no encoder named: give one of bot.encoder.ENCODERS")
            _encoders[key] = encoder
            _one_blas_thread()
    return encoder


def _one_blas_thread() -> None:
    """Run the encoder's matrix products on one BLAS thread in this process.

    A question is a few small products: more threads only add hand-offs, and on a busy machine (or in
    workers that each serve many requests) OpenBLAS threads contend badly (measured: 35 ms a question with one
    thread, 90-280 ms with two under load; docs/semantic.md). threadpoolctl comes with scikit-learn.
    """
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # pragma: no cover - scikit-learn, a dependency, brings it
        return
    threadpool_limits(limits=1, user_api="blas")


def release() -> None:
    """Forget the process's encoders and cached question vectors (indexes already loaded keep theirs)."""
    with _encoders_lock:
        _encoders.clear()
    _reading.cache_clear()
    global _primed
    _primed = {}


def describe(encoder: "Encoder") -> dict:
    """What the manifest and index.json record about the encoder an index was embedded with."""
    return {"name": encoder.name, "fingerprint": encoder.fingerprint, "dimensions": encoder.dim}


def section_text(section: "Section") -> str:
    """The text a section is embedded as: its heading, then its body (the model truncates it at 256 tokens)."""
    return f"{section.heading}\n{section.body}"


def embed(index: "Index", encoder: "Encoder") -> None:
    """Embed every heading and alternate (as the heading rows) and every section into a fitted index; keep
    each section's words as read in the same pass."""
    units = [index.unit_text(u) for u in range(len(index.q_owner_))]
    index.unit_vectors_, unit_words = encoder.encode_words(units)
    index.section_vectors_, read = encoder.encode_words([section_text(s) for s in index.sections_])
    # a section's words: its heading and body as read together, then each alternate question's
    alternates = [unit_words[int(lo) + 1:int(hi)] for lo, hi in zip(index.q_bounds_[:-1], index.q_bounds_[1:])]
    index.word_vectors_, index.word_bounds_ = section_words(read, alternates, index.analyzer_.is_stop, encoder.dim)
    index.encoder_, index.encoder_info_ = encoder, describe(encoder)
    index.centroid_vectors_ = centroids(index.unit_vectors_, index.q_bounds_)
    index.sem_background_ = background(index.centroid_vectors_, index.section_vectors_)
    if classifier.wanted(len(index.q_owner_), len(index.s_owner_), len(index.sections_)):
        index.sem_clf_weights_, index.sem_clf_bias_ = classifier.fit_vectors(
            index.unit_vectors_, index.q_owner_, len(index.sections_)) or (None, None)


def section_words(read: Sequence["Words"], alternates: Sequence[Sequence["Words"]], is_stop,
                  dim: int) -> tuple[np.ndarray, np.ndarray]:
    """(float16 word vectors, int64 bounds): every section's words but its stop words, section after section
    (read: each section's heading and body; alternates: each section's alternate questions)."""
    kept = [np.concatenate([w.vectors[[i for i, word in enumerate(w.words) if not is_stop(word)]]
                            for w in (text, *alts)]) for text, alts in zip(read, alternates)]
    bounds = np.zeros(len(kept) + 1, dtype=np.int64)
    np.cumsum([len(k) for k in kept], out=bounds[1:])
    vectors = np.concatenate(kept) if kept else np.zeros((0, dim), dtype=np.float32)
    return vectors.astype(np.float16), bounds


def centroids(units: np.ndarray, bounds: np.ndarray) -> np.ndarray:
    """Per section: the unit-length mean of its heading and alternate vectors (rows bounds[i]:bounds[i+1]).

    With example phrasings, one that happens to sit near an off-topic question weighs less in their mean
    than in their maximum; a section with a heading only gets its heading's vector.
    """
    n, dim = len(bounds) - 1, units.shape[1]
    out = np.zeros((n, dim), dtype=np.float32)
    nonempty = np.diff(bounds) > 0
    if nonempty.any():  # each non-empty section's rows run to the next non-empty one's first row
        out[nonempty] = np.add.reduceat(np.asarray(units, dtype=np.float32), bounds[:-1][nonempty], axis=0)
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    return np.divide(out, norms, out=out, where=norms > 0)


BACKGROUND_ROWS = 500  # sections whose phrasings are read against every section's text for the background


def background(centroids: np.ndarray, sections: np.ndarray) -> float:
    """How close the encoder reads a section's phrasings (their mean vector) to another section's text, typically:
    the median over the sections of their mean cosine with every other section (0 for one section).

    A knowledge base about one subject sits high: the article's sections are all about redness after
    microneedling (0.52), a dental practice's FAQ is about many things (0.17), clinc150-intents' 150 intents
    lower still (0.08). So a question the article does not answer, about microneedling, reads as close to its text
    as a paraphrase does to a dentist's entry (`sem_over` in bot/best.py subtracts the background). Read from the
    stored vectors, at build and at load; from 500 sections' phrasings, evenly spread, on a larger knowledge base.
    """
    n = len(sections)
    if n < 2:
        return 0.0
    rows = np.arange(n) if n <= BACKGROUND_ROWS else np.linspace(0, n - 1, BACKGROUND_ROWS).astype(np.int64)
    sims = np.asarray(centroids[rows], dtype=np.float32) @ np.asarray(sections, dtype=np.float32).T
    others = (sims.sum(axis=1, dtype=np.float64) - sims[np.arange(len(rows)), rows]) / (n - 1)
    return float(np.median(others))


def save(index: "Index", directory: Path) -> None:
    """Write the index's sentence and word vectors as .npy files into directory."""
    for name, vectors, dtype in ((UNIT_VECTORS, index.unit_vectors_, np.float32),
                                 (SECTION_VECTORS, index.section_vectors_, np.float32),
                                 (CENTROID_VECTORS, index.centroid_vectors_, np.float32),
                                 (WORD_VECTORS, index.word_vectors_, np.float16),
                                 (WORD_BOUNDS, index.word_bounds_, np.int64)):
        with open(Path(directory) / name, "wb") as fh:
            np.save(fh, np.ascontiguousarray(vectors, dtype=dtype), allow_pickle=False)
    if index.sem_clf_weights_ is not None:
        for name, array in ((CLF_WEIGHTS, index.sem_clf_weights_), (CLF_BIAS, index.sem_clf_bias_)):
            with open(Path(directory) / name, "wb") as fh:
                np.save(fh, np.ascontiguousarray(array, dtype=np.float32), allow_pickle=False)


def load(index: "Index", directory: Path, info: dict) -> None:
    """Map the vectors saved in directory and attach the process's encoder to the index.

    Raises EncoderUnavailable (this install cannot load the encoder), ModelChanged (it has another
    model than the index was embedded with) or ValueError (the files do not fit the index).
    """
    encoder = process_encoder(str(info["name"]))
    if encoder.fingerprint != info.get("fingerprint") or encoder.dim != info.get("dimensions"):
        raise ModelChanged(f"embedded with another {encoder.name} model ({info.get('fingerprint')}, "
                           f"{info.get('dimensions')} dimensions) than the installed one ({encoder.fingerprint})")
    n = len(index.sections_)

    def read(name: str, dtype: type, shape: tuple) -> np.ndarray:
        # a plain ndarray view of the mapping: np.memmap's hooks would wrap every product's result
        a = np.load(Path(directory) / name, mmap_mode="r", allow_pickle=False).view(np.ndarray)
        if a.dtype != dtype or len(a.shape) != len(shape) or any(x not in (None, y) for x, y in zip(shape, a.shape)):
            expected = " x ".join("any" if x is None else str(x) for x in shape)
            raise ValueError(f"{name}: {a.dtype} {a.shape}, expected {np.dtype(dtype)} ({expected})")
        return a

    unit_vectors = read(UNIT_VECTORS, np.float32, (len(index.q_owner_), encoder.dim))
    section_vectors = read(SECTION_VECTORS, np.float32, (n, encoder.dim))
    centroid_vectors = read(CENTROID_VECTORS, np.float32, (n, encoder.dim))
    word_vectors = read(WORD_VECTORS, np.float16, (None, encoder.dim))
    bounds = np.array(read(WORD_BOUNDS, np.int64, (n + 1,)))
    if bounds[0] != 0 or bounds[-1] != len(word_vectors) or (np.diff(bounds) < 0).any():
        raise ValueError(f"{WORD_BOUNDS}: not the bounds of {len(word_vectors)} word rows in {n} sections")
    index.unit_vectors_, index.section_vectors_ = unit_vectors, section_vectors
    index.centroid_vectors_, index.word_vectors_, index.word_bounds_ = centroid_vectors, word_vectors, bounds
    index.encoder_, index.encoder_info_ = encoder, dict(info)
    index.sem_background_ = background(centroid_vectors, section_vectors)
    if (Path(directory) / CLF_WEIGHTS).exists():
        index.sem_clf_weights_ = read(CLF_WEIGHTS, np.float32, (n, encoder.dim))
        index.sem_clf_bias_ = read(CLF_BIAS, np.float32, (n,))


@lru_cache(maxsize=1024)
def _reading(encoder: "Encoder", text: str) -> tuple[np.ndarray, "Words"]:
    # A follow-up ranks the question alone and then with its context: the question is encoded once.
    vectors, words = encoder.encode_words([text])
    return _frozen(vectors[0], words[0])


def _frozen(vector: np.ndarray, words: "Words") -> tuple[np.ndarray, "Words"]:
    """The reading as the caches keep it, read-only (shared by every caller): the word vectors as float16,
    as the index stores a section's, which halves what 1,024 remembered questions hold."""
    from .encoder import Words

    vector = np.array(vector, dtype=np.float32)
    vector.flags.writeable = False
    words = Words(words.words, words.vectors.astype(np.float16))
    words.vectors.flags.writeable = False
    return vector, words


# The readings of the batch being answered (`prime`), replaced by the next batch.
_primed: dict[tuple["Encoder", str], tuple[np.ndarray, "Words"]] = {}


def prime(encoder: "Encoder", texts: Sequence[str]) -> None:
    """Encode several questions in one pass, for answering them next: batched, the encoder costs a
    fraction of a pass per question. Only this batch is kept (replacing the last one)."""
    global _primed
    wanted = set(texts)
    todo = [t for t in dict.fromkeys(texts) if t and (encoder, t) not in _primed]
    vectors, words = encoder.encode_words(todo) if todo else ([], [])
    batch = {key: v for key, v in _primed.items() if key[1] in wanted}
    for text, v, w in zip(todo, vectors, words):
        batch[(encoder, text)] = _frozen(v, w)
    _primed = batch


def _question(encoder: "Encoder", text: str) -> tuple[np.ndarray, "Words"]:
    read = _primed.get((encoder, text))
    return read if read is not None else _reading(encoder, text)


def question_words(encoder: "Encoder", question: str) -> "Words":
    """The question's words as the encoder read them (the question alone, without its context; float16)."""
    return _question(encoder, question)[1]


def question_vector(encoder: "Encoder", question: str, context: Sequence[str] = ()) -> np.ndarray:
    """The question's unit vector; with context (earlier questions), theirs blended in at half weight."""
    v = _question(encoder, question)[0]
    if context:
        v = v + np.float32(CONTEXT_WEIGHT) * _question(encoder, " ".join(context))[0]
        v /= max(float(np.linalg.norm(v)), 1e-12)
    return v
