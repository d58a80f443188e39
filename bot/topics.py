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
close pairs; bot/clusters.py), so at most MAX_CLUSTERED texts (the most asked) are clustered, the rarer ones staying
groups of their own, and `faqbot report` says how many were left out. A report groups the texts read summed
from the log (`Phrasing`, one per distinct text), never its rows.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Callable, Iterable, Sequence

from .clusters import SIMILARITY, Synonyms, cluster
from .store import FeedbackRow, QuestionRow
from .text import words

LOW_CONFIDENCE_MARGIN = 0.15  # answered, but by less than this above the threshold: worth a look
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
