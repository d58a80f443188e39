"""Average-linkage clustering of question texts for bot/topics.py, on the mean of three similarities (its docstring
says which), without the n x n similarity matrix: the pairs close enough to be one topic are found a block of rows at
a time, and each connected part of them is clustered on its own distances."""

from __future__ import annotations

from collections import defaultdict
from functools import lru_cache
from typing import Sequence

import numpy as np

from .terms import Analyzer
from .text import words

SIMILARITY = 0.5  # average similarity at which two clusters of questions are one topic
Synonyms = tuple[tuple[str, ...], ...]

# Question words that say what kind of answer is asked: a place, a time, a number, how often. They are no terms (kept
# as terms, "where can I park" and "is there parking near the clinic" fell below the cut when asked alone:
# tests/browser/test_admin_browser.py), only a tie-breaker: two questions whose kinds differ are KIND_PENALTY less
# alike. That parts only a pair within KIND_PENALTY above the cut, but changes which clusters average linkage merges
# first: on the labelled set's dev half "where is the clinic" joins the clinic's address, not its parking (0.73 alike).
# 0.02 to 0.04 do best on dev (tests/test_topics_labelled.py), 0.05 to 0.09 a little worse; 0.1 splits the parking pair.
ANSWER_KIND_WORDS = ("where", "when", "many", "often")
KIND_PENALTY = 0.03


@lru_cache(maxsize=4)
def _analyzer(synonyms: Synonyms | None) -> Analyzer:
    """Content stems through the synonym groups (faqbot's everyday ones when None). Question words are stop words
    here ("how long will I be red" is not "how long will I be swollen"), unlike in matching, where they tell
    sections apart; ANSWER_KIND_WORDS only break ties (`Similarity`)."""
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    if synonyms is None:
        from .build import everyday_synonyms

        synonyms = everyday_synonyms()
    return Analyzer(synonyms, stop_words=ENGLISH_STOP_WORDS)


def _kinds(text: str) -> int:
    """The answer kinds a text asks: one bit per word of ANSWER_KIND_WORDS in it."""
    found = set(words(text))
    return sum(1 << n for n, w in enumerate(ANSWER_KIND_WORDS) if w in found)


def _given(terms: list[str]) -> list[str]:
    """The analyzer of terms read already."""
    return terms


class Similarity:
    """Pairwise similarity in [0, 1] of question texts (keys): the mean of the word and character TF-IDF cosines and
    the stem overlap, the words read through the synonym groups (`synonyms`: an index's own, with the everyday ones;
    None: the everyday ones alone), less KIND_PENALTY when they ask different kinds of answer (ANSWER_KIND_WORDS).
    Read a block of rows at a time (`rows`), never the whole n x n matrix."""

    def __init__(self, texts: Sequence[str], synonyms: Synonyms | None = None) -> None:
        from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer

        analyzer = _analyzer(synonyms)

        def stems(text: str) -> list[str]:
            return analyzer.terms(text) or words(text)

        terms = [stems(t) for t in texts]
        self.by_words = TfidfVectorizer(analyzer=_given, sublinear_tf=True).fit_transform(terms)
        self.by_chars = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True).fit_transform(texts)
        # |A & B| / the smaller set: the stem sets as 0/1 rows, their products count shared stems.
        self.sets = CountVectorizer(analyzer=_given, binary=True).fit_transform(terms)
        self.sizes = np.asarray(self.sets.sum(axis=1)).ravel()
        # The answer kinds each text asks, one bit per word of ANSWER_KIND_WORDS.
        self.kinds = np.array([_kinds(t) for t in texts], dtype=np.int64)

    def rows(self, rows: np.ndarray, columns: np.ndarray | None = None) -> np.ndarray:
        """The similarities of the texts `rows` to the texts `columns` (all of them when None)."""
        cols = slice(None) if columns is None else columns

        def cosines(m):
            return (m[rows] @ m[cols].T).toarray()

        sizes = self.sizes if columns is None else self.sizes[columns]
        kinds = self.kinds if columns is None else self.kinds[columns]
        # Summed in place: a block of rows is the largest thing held (tests/test_topics_sparse.py).
        mean = cosines(self.by_words)
        mean += cosines(self.by_chars)
        smaller = np.minimum.outer(self.sizes[rows].astype(float), sizes)
        np.maximum(smaller, 1.0, out=smaller)
        mean += np.divide((self.sets[rows] @ self.sets[cols].T).toarray(), smaller, out=smaller)
        mean /= 3
        mean[np.not_equal.outer(self.kinds[rows], kinds)] -= KIND_PENALTY
        return np.clip(mean, 0.0, 1.0, out=mean)


BLOCK = 100  # rows of similarities read at a time: never the whole n x n matrix


def cluster(texts: Sequence[str], min_similarity: float = SIMILARITY, synonyms: Synonyms | None = None) -> list[int]:
    """A cluster label per text (labels numbered in order of first appearance): average-linkage agglomerative
    clustering, cut where the average similarity of two clusters falls to `min_similarity`.

    Two clusters merge only when some pair across them is closer than the cut (an average is never below all the
    values it averages), so every cluster lies within one connected part of the graph of such pairs: the pairs are
    found a block of rows at a time, and each part is clustered on its own, with its own similarities only. The
    clusters are those of the whole n x n matrix (what this did before), at a cost of the largest part's square."""
    n = len(texts)
    if n < 2:
        return [0] * n
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    sim = Similarity(texts, synonyms)
    cut = 1.0 - min_similarity
    near_rows, near_cols = [], []
    for start in range(0, n, BLOCK):  # each pair once: a block of rows against the texts from its first on
        rows, columns = np.arange(start, min(n, start + BLOCK)), np.arange(start, n)
        i, j = np.nonzero(1.0 - sim.rows(rows, columns) < cut)
        near_rows.append(rows[i])
        near_cols.append(columns[j])
    i, j = np.concatenate(near_rows), np.concatenate(near_cols)
    _, part = connected_components(coo_matrix((np.ones(len(i)), (i, j)), shape=(n, n)), directed=False)
    labels = np.empty(n, dtype=np.intp)
    members: dict[int, list[int]] = defaultdict(list)
    for index, p in enumerate(part):
        members[int(p)].append(index)
    next_label = 0
    for ids in members.values():
        found = _average_linkage(sim, np.array(ids), cut)
        labels[ids] = found + next_label
        next_label += int(found.max()) + 1
    renumber: dict[int, int] = {}
    return [renumber.setdefault(int(label), len(renumber)) for label in labels]


def _average_linkage(sim: Similarity, ids: np.ndarray, cut: float) -> np.ndarray:
    """Labels 0.. of the texts `ids` clustered by average linkage, merging while the distance is below `cut`: scipy's
    linkage (what sklearn's AgglomerativeClustering runs) on their distances, each pair once, read a block at a time."""
    m = len(ids)
    if m == 1:
        return np.zeros(1, dtype=np.intp)
    from scipy.cluster.hierarchy import linkage

    condensed = np.empty(m * (m - 1) // 2)  # (i, j > i) at m*i - i*(i+1)/2 + j-i-1, as scipy reads it
    for start in range(0, m, BLOCK):
        block = 1.0 - sim.rows(ids[start:start + BLOCK], ids)
        for r, row in enumerate(block):
            i = start + r
            at = m * i - i * (i + 1) // 2
            condensed[at:at + m - i - 1] = row[i + 1:]
    merges = linkage(condensed, method="average")
    # The merges come sorted by distance (average linkage has no inversions): those below the cut, in order.
    parent = list(range(2 * len(ids) - 1))

    def root(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for step, (a, b, d, _) in enumerate(merges):
        if not d < cut:
            break
        parent[int(a)] = parent[int(b)] = len(ids) + step
    roots = [root(x) for x in range(len(ids))]
    numbered: dict[int, int] = {}
    return np.array([numbered.setdefault(r, len(numbered)) for r in roots], dtype=np.intp)
