"""Query-time TF-IDF transform from a fitted vocabulary and idf, without importing scikit-learn.

scikit-learn fits the vectorizers at build time; answering a question only needs the learned
vocabulary and idf, and importing scikit-learn costs over a second of cold start. This computes
exactly what `TfidfVectorizer(sublinear_tf=True, norm="l2").transform` computes (the tests
compare the two as an oracle).
"""

from __future__ import annotations

import re
from collections import Counter
from functools import partial
from operator import is_not
from typing import Callable, Iterable, Sequence

import numpy as np
import scipy.sparse as sp

_WHITE = re.compile(r"\s\s+")
_KNOWN = partial(is_not, None)  # a column, not None: a term of the vocabulary


def char_wb_ngrams(text: str, lo: int, hi: int) -> list[str]:
    """Character n-grams inside word boundaries, padded with a space (scikit-learn's char_wb)."""
    out = []
    for w in _WHITE.sub(" ", text).split():
        w = " " + w + " "
        wl = len(w)
        for n in range(lo, hi + 1):
            offset = 0
            out.append(w[offset:offset + n])
            while offset + n < wl:
                offset += 1
                out.append(w[offset:offset + n])
            if offset == 0:  # the word is shorter than n
                break
    return out


class Tfidf:
    """A fitted TF-IDF transform: analyzer -> counts over a fixed vocabulary -> 1+log(tf) * idf -> L2."""

    def __init__(self, analyzer: Callable[[str], Iterable[str]], vocabulary: dict[str, int],
                 idf: np.ndarray) -> None:
        self.analyzer = analyzer
        self.vocabulary = vocabulary
        self.idf = np.asarray(idf, dtype=np.float32)

    def vector(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        """One text as (sorted columns, L2-normalised weights): a question's vector without scipy overhead."""
        return self._weights(Counter(filter(_KNOWN, map(self.vocabulary.get, self.analyzer(text)))))

    def _weights(self, counts: Counter) -> tuple[np.ndarray, np.ndarray]:
        """Counts of columns (in the order the text first has them) as (sorted columns, L2-normalised weights)."""
        cols = np.fromiter(counts, dtype=np.int64, count=len(counts))
        vals = 1.0 + np.log(np.fromiter(counts.values(), dtype=np.float32, count=len(counts)))
        vals = vals * self.idf[cols]
        norm = float(np.sqrt(np.dot(vals, vals)))
        if norm > 0:
            vals = vals / norm
        order = np.argsort(cols)
        return cols[order], vals[order].astype(np.float32)

    def transform(self, texts: Sequence[str]) -> sp.csr_matrix:
        """One L2-normalised row per text."""
        indptr, indices, data = [0], [], []
        vocab = self.vocabulary
        for text in texts:
            counts = Counter(t for t in self.analyzer(text) if t in vocab)
            cols = np.fromiter((vocab[t] for t in counts), dtype=np.int32, count=len(counts))
            vals = (1.0 + np.log(np.fromiter(counts.values(), dtype=np.float32, count=len(counts))))
            vals = vals * self.idf[cols]
            norm = float(np.sqrt(np.dot(vals, vals)))
            if norm > 0:
                vals = vals / norm
            order = np.argsort(cols)
            indices.append(cols[order])
            data.append(vals[order].astype(np.float32))
            indptr.append(indptr[-1] + len(cols))
        return sp.csr_matrix(
            (np.concatenate(data) if data else np.zeros(0, np.float32),
             np.concatenate(indices) if indices else np.zeros(0, np.int32), np.asarray(indptr)),
            shape=(len(texts), len(self.idf)))


WORD_CACHE_LIMIT = 50_000  # words whose columns a `CharTfidf` remembers (a question's words recur)


class CharTfidf(Tfidf):
    """`Tfidf` over character n-grams inside word boundaries (`char_wb_ngrams`), read word by word: each word's
    columns are remembered, so a word met before costs a lookup. The same vectors as `Tfidf` with the analyzer
    `char_wb_ngrams(" ".join(split(text)), lo, hi)`."""

    def __init__(self, split: Callable[[str], list[str]], ngrams: tuple[int, int], vocabulary: dict[str, int],
                 idf: np.ndarray) -> None:
        self.split, self.ngrams = split, tuple(ngrams)
        # a partial, not a bound method: no reference cycle, so a version nobody serves any more is freed at once
        super().__init__(partial(_split_ngrams, split=split, ngrams=self.ngrams), vocabulary, idf)
        self._columns: dict[str, list[int]] = {}

    def vector(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        columns, get = self._columns, self.vocabulary.get
        ids: list[int] = []
        for w in self.split(text):
            cols = columns.get(w)
            if cols is None:
                cols = list(filter(_KNOWN, map(get, char_wb_ngrams(w, *self.ngrams))))
                if len(columns) < WORD_CACHE_LIMIT:
                    columns[w] = cols
            ids.extend(cols)
        return self._weights(Counter(ids))


def _split_ngrams(text: str, split: Callable[[str], list[str]], ngrams: tuple[int, int]) -> list[str]:
    """`char_wb_ngrams` of the text's words (`split`) joined by spaces."""
    return char_wb_ngrams(" ".join(split(text)), *ngrams)
