"""Unanswered and low-confidence questions grouped by topic: near-duplicates and paraphrases in one group.

Questions are first merged when they differ only in case, accents or punctuation ("Do you sell GIFT
cards!!" = "do you sell gift cards"). The distinct texts are then clustered by average-linkage
agglomerative clustering on the mean of three similarities: the cosine of TF-IDF over stemmed content
words (so "sell gift cards" meets "buy a gift card"), the cosine of TF-IDF over character 3-5-grams (word
forms and typos: "parking?" meets "where can I park"), and the overlap of the content stems (|A & B| /
the smaller set: a short question inside a longer one). The content words are read through the synonym
groups the matching uses (faqbot's everyday ones, bot/data/everyday.synonyms, and the knowledge base's own
when its index can be read: the dashboard's served one, the published one for `faqbot report`), so "gift vouchers?" meets "gift cards" and "do you take credit cards" meets
"how do I pay". Average linkage keeps a chain of loosely related questions from collapsing into one group.
On a hand-labelled set of 37 distinct clinic questions in 15 topics (tests/test_report.py) 96% of the pairs
it groups share a true topic and it finds 71% of the true pairs (95% and 51% without the synonyms); those it misses
are paraphrases with no content word, stem or synonym in common ("where do I leave my car", "is wine ok
after the treatment"), which stay apart.
Average linkage reads every pair of texts that can end up in one group (`cluster`: those joined by a chain of
close pairs), so at most MAX_CLUSTERED texts (the most asked) are clustered, the rarer ones staying groups of their own, and `faqbot report` says how many were left out. A report
groups the texts read summed from the log (`Phrasing`, one per distinct text), never its rows.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Callable, Iterable, Sequence

import numpy as np

from .store import FeedbackRow, QuestionRow
from .terms import Analyzer
from .text import words

LOW_CONFIDENCE_MARGIN = 0.15  # answered, but by less than this above the threshold: worth a look
SIMILARITY = 0.5  # average similarity at which two clusters of questions are one topic
MAX_CLUSTERED = 1500  # distinct texts clustered (most frequent first); the rest stay groups of their own


@dataclass
class Group:
    """One topic: the questions in it, how often they were asked, and the sections closest to it."""

    key: str  # folded text of the most asked phrasing: stable while the log grows
    question: str  # the most asked phrasing, as typed
    phrasings: list[tuple[str, int]]  # each distinct phrasing (as typed most often) and its count
    count: int
    unanswered: int  # of count: no answer at all (the rest were answered with low confidence)
    visitors: int | None  # distinct visitors, when addresses were logged
    confidence: float  # mean
    section_id: str | None  # the section most of its low-confidence answers came from
    last_asked: float
    closest: list[dict] = field(default_factory=list)  # {"section_id", "heading", "confidence"}, closest first
    # The stored texts of a group whose distinct visitors are not known yet (more than one text, read summed).
    texts: list[str] = field(default_factory=list)


def key(question: str) -> str:
    """Questions that differ only in case, accents or punctuation share a key."""
    return " ".join(words(question)) or question.strip().lower()


def needs_attention(rows: Iterable[QuestionRow], threshold: float,
                    feedback: Iterable[FeedbackRow] = ()) -> list[QuestionRow]:
    """The unanswered questions, those answered below threshold + LOW_CONFIDENCE_MARGIN (no small talk), and
    the answers a visitor marked not helpful (`feedback`): a confident wrong answer is found only that way."""
    cutoff = min(1.0, threshold + LOW_CONFIDENCE_MARGIN)
    down = not_helpful(feedback)
    return [r for r in rows if r.kind == "no_answer"
            or (r.answered and (r.confidence < cutoff or (key(r.question), r.section_id) in down))]


def not_helpful(feedback: Iterable[FeedbackRow]) -> Counter[tuple[str, str]]:
    """(question key, section id) of each answer a visitor gave a thumbs down, and how many they gave it."""
    return Counter((key(f.question), f.section_id) for f in feedback if not f.helpful and f.section_id)


Synonyms = tuple[tuple[str, ...], ...]


@lru_cache(maxsize=4)
def _analyzer(synonyms: Synonyms | None) -> Analyzer:
    """Content stems through the synonym groups (faqbot's everyday ones when None). Question words are stop words
    here ("how long will I be red" is not "how long will I be swollen"), unlike in matching, where they tell
    sections apart."""
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    if synonyms is None:
        from .build import everyday_synonyms

        synonyms = everyday_synonyms()
    return Analyzer(synonyms, stop_words=ENGLISH_STOP_WORDS)


def _given(terms: list[str]) -> list[str]:
    """The analyzer of terms read already."""
    return terms


class Similarity:
    """Pairwise similarity in [0, 1] of question texts (keys): the mean of the word and character TF-IDF cosines and
    the stem overlap, the words read through the synonym groups (`synonyms`: an index's own, with the everyday ones;
    None: the everyday ones alone). Read a block of rows at a time (`rows`), never the whole n x n matrix."""

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

    def rows(self, rows: np.ndarray, columns: np.ndarray | None = None) -> np.ndarray:
        """The similarities of the texts `rows` to the texts `columns` (all of them when None)."""
        cols = slice(None) if columns is None else columns

        def cosines(m):
            return (m[rows] @ m[cols].T).toarray()

        sizes = self.sizes if columns is None else self.sizes[columns]
        overlap = (self.sets[rows] @ self.sets[cols].T).toarray() / np.maximum(1, np.minimum.outer(self.sizes[rows],
                                                                                                   sizes))
        return np.clip((cosines(self.by_words) + cosines(self.by_chars) + overlap) / 3, 0.0, 1.0)


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


@dataclass
class Phrasing:
    """One text as logged, summed over its rows: what grouping needs of the log (a report reads these from the
    database, grouped by text, rather than every row)."""

    question: str  # as stored
    count: int
    unanswered: int  # of count: kind no_answer
    confidence: float  # the sum over its rows
    first: tuple  # when it was first asked, to order ties as the rows came: (row number,) or (asked_at, id)
    last_asked: float
    sections: dict[str, tuple[int, tuple]]  # answered rows' section id -> (rows, first)
    clients: set[str] | None  # the client hashes of its rows, or None when only their number was read
    visitors: int = 0  # distinct client hashes among its rows (when `clients` is None)
    visitors_exact: bool = True  # False: read in parts (a text answered from several sections), at least `visitors`


def phrasings_of(rows: Iterable[QuestionRow]) -> list[Phrasing]:
    """Logged rows summed per text, in order of first appearance."""
    found: dict[str, Phrasing] = {}
    for n, r in enumerate(rows):
        p = found.get(r.question)
        if p is None:
            p = found[r.question] = Phrasing(r.question, 0, 0, 0.0, (n,), r.asked_at, {}, set())
        p.count += 1
        p.unanswered += r.kind == "no_answer"
        p.confidence += r.confidence
        p.last_asked = max(p.last_asked, r.asked_at)
        if r.section_id and r.answered:
            rows_, first = p.sections.get(r.section_id, (0, (n,)))
            p.sections[r.section_id] = (rows_ + 1, first)
        if r.client_hash:
            p.clients.add(r.client_hash)  # type: ignore[union-attr]
    return list(found.values())


def group_questions(rows: Sequence[QuestionRow], min_similarity: float = SIMILARITY,
                    synonyms: Synonyms | None = None) -> list[Group]:
    """The rows grouped by topic, most asked first (then most visitors, then alphabetically); `synonyms`: the
    served index's groups (None: faqbot's everyday ones)."""
    groups, _ = group_phrasings(phrasings_of(rows), min_similarity, synonyms)
    return ranked(groups)


def ranked(groups: list[Group]) -> list[Group]:
    """Most asked first, then most visitors, then alphabetically."""
    groups.sort(key=lambda g: (-g.count, -(g.visitors or 0), g.question.lower()))
    return groups


def group_phrasings(phrasings: Iterable[Phrasing], min_similarity: float = SIMILARITY,
                    synonyms: Synonyms | None = None) -> tuple[list[Group], int]:
    """The phrasings grouped by topic (in no particular order: see `ranked`), and how many distinct texts were
    left out of the clustering (past MAX_CLUSTERED, each a group of its own)."""
    by_key: dict[str, list[Phrasing]] = defaultdict(list)
    for p in phrasings:
        by_key[key(p.question)].append(p)
    counts = {k: sum(p.count for p in ps) for k, ps in by_key.items()}
    # Most frequent first, so that the texts left out of clustering on a huge log are the rare ones: the cost of
    # clustering grows with the square of the texts clustered, so it stops at MAX_CLUSTERED whatever the log.
    keys = sorted(by_key, key=lambda k: (-counts[k], k))
    head, tail = keys[:MAX_CLUSTERED], keys[MAX_CLUSTERED:]
    labels = cluster(head, min_similarity, synonyms) + [len(head) + i for i in range(len(tail))]
    members: dict[int, list[str]] = defaultdict(list)
    for k, label in zip(head + tail, labels):
        members[label].append(k)
    return [_group([by_key[k] for k in ks]) for ks in members.values()], len(tail)


def _group(parts: list[list[Phrasing]]) -> Group:
    """One group from the phrasings of each of its keys (most asked key first), as if from its rows in log order."""
    phrasings = []
    sections: dict[str, tuple[int, tuple]] = {}
    for n, ps in enumerate(parts):
        typed: dict[str, tuple[int, tuple]] = {}  # the text as typed most often (the first of a tie) shows the key
        for p in ps:
            spaced = " ".join(p.question.split())
            rows, first = typed.get(spaced, (0, p.first))
            typed[spaced] = (rows + p.count, min(first, p.first))
            for sid, (m, at) in p.sections.items():
                had, since = sections.get(sid, (0, (n, at)))
                sections[sid] = (had + m, min(since, (n, at)))
        shown = min(typed, key=lambda t: (-typed[t][0], typed[t][1]))
        phrasings.append((shown, sum(p.count for p in ps)))
    phrasings.sort(key=lambda p: (-p[1], p[0].lower()))
    items = [p for ps in parts for p in ps]
    count = sum(p.count for p in items)
    unsure = False
    if all(p.clients is not None for p in items):
        visitors: int | None = len(set().union(*(p.clients for p in items)))  # type: ignore[arg-type]
    else:  # exact for one text read whole; otherwise at least this, until the report reads them (report.py)
        visitors = max(p.visitors for p in items)
        unsure = len(items) > 1 or not items[0].visitors_exact
    return Group(
        key=key(phrasings[0][0]),
        question=phrasings[0][0],
        phrasings=phrasings,
        count=count,
        unanswered=sum(p.unanswered for p in items),
        visitors=visitors or None,
        confidence=round(sum(p.confidence for p in items) / count, 3),
        section_id=min(sections, key=lambda s: (-sections[s][0], sections[s][1])) if sections else None,
        last_asked=max(p.last_asked for p in items),
        texts=[p.question for p in items] if unsure else [],
    )


def add_closest(groups: Iterable[Group], ask: Callable[[str], object], k: int = 5) -> None:
    """Fill each group's closest sections by asking its most asked phrasing (`ask` returns an Answer)."""
    for g in groups:
        answer = ask(g.question)
        found: list[dict] = []
        if getattr(answer, "section_id", None):
            found.append({"section_id": answer.section_id, "heading": answer.heading,
                          "confidence": round(float(answer.confidence), 3)})
        for s in getattr(answer, "suggestions", []):
            if all(f["section_id"] != s.section_id for f in found):
                found.append({"section_id": s.section_id, "heading": s.heading,
                              "confidence": round(float(s.confidence), 3)})
        g.closest = found[:k]
