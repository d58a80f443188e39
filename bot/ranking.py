"""Ranking: the signals of bot/signals.py -> a score per section, the best first, and a confidence.

The weights and the confidence coefficients come from bot/calibration.json (bench/calibrate.py), which
holds one entry per mode: "lexical" for an index without sentence vectors, and one per encoder name
(a lexical and a semantic index rank with different signals, so they need different fits).
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Sequence

import numpy as np

from .asks import (ASKS_HOUR, HOURS_STEMS, TIME_OF_DAY, WHEN_STEMS, asks_price, days_asked, measures_asked,
                   names_place, part_named, place_asked)
from .best import CONTACT_TOLD, contact_told
from .index import Index, Query, slot_values
from .match import Match, top_sections
from .signals import FEATURES, LEXICAL, RANK_WEIGHTS, RANKING, SIGNALS, VETOES, Signal

CALIBRATION_FILE = Path(__file__).with_name("calibration.json")
_VECTORS = frozenset(s.name for s in SIGNALS if s.vectors)  # 0 on a lexical index: never computed there
RANKED = 32  # sections kept in rank order: the answer, suggestions (top_k <= 10) and some margin


class CalibrationError(Exception):
    """The calibration file is missing or does not fit the signal table."""


@dataclass
class Weights:
    """Ranking weight per signal, and the logistic coefficients from features to confidence.

    A ranking signal without a weight here gets its table default; a feature without a
    coefficient counts 0 (it moves no confidence until bench/calibrate.py fits it).
    """

    rank: dict[str, float] = field(default_factory=dict)
    coef: dict[str, float] = field(default_factory=dict)

    def __post_init__(self) -> None:
        unknown = sorted(set(self.rank) - set(RANK_WEIGHTS)) + sorted(set(self.coef) - {*FEATURES, "bias"})
        if unknown:
            raise CalibrationError(f"no such signal in bot/signals.py: {', '.join(unknown)}")
        self.rank = {k: float(self.rank.get(k, default)) for k, default in RANK_WEIGHTS.items()}
        self.coef = {k: float(v) for k, v in self.coef.items()}

    @classmethod
    def load(cls, encoder: str | None = None, path: Path = CALIBRATION_FILE) -> "Weights":
        """The weights fitted for an index built with `encoder` ("" or None: lexical) in the calibration file."""
        mode = mode_of(encoder)
        data = read_calibration(path)
        entry = data.get(mode)
        if not isinstance(entry, dict):
            raise CalibrationError(f"{path}: no calibration for the {mode!r} mode (it holds "
                                   f"{', '.join(modes(data)) or 'none'}; fit it with bench/calibrate.py)")
        if not isinstance(entry.get("coef"), dict) or "bias" not in entry["coef"]:
            raise CalibrationError(f"{path}: {mode}: no confidence coefficients ('coef' with a 'bias')")
        try:
            return cls(rank=dict(entry.get("rank", {})), coef=dict(entry["coef"]))
        except CalibrationError as e:
            raise CalibrationError(f"{path}: {mode}: {e}") from None


def mode_of(encoder: str | None) -> str:
    """The calibration entry for an index built with `encoder`: its name, or "lexical" without one."""
    return (encoder or "").strip().lower() or LEXICAL


def read_calibration(path: Path = CALIBRATION_FILE) -> dict:
    """The calibration file as a dict of modes (plus a "note"); CalibrationError if it can't be read."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise CalibrationError(f"{path} is missing: it ships with faqbot (reinstall it, or write it "
                               "with bench/calibrate.py --write)") from None
    except (OSError, ValueError) as e:
        raise CalibrationError(f"{path}: cannot read it: {e}") from None
    if not isinstance(data, dict):
        raise CalibrationError(f"{path}: expected an object of modes ({LEXICAL!r} and one per encoder)")
    return data


def modes(data: dict) -> list[str]:
    """The modes a calibration file holds an entry for, lexical first."""
    found = [k for k, v in data.items() if isinstance(v, dict) and "coef" in v]
    return sorted(found, key=lambda k: (k != LEXICAL, k))


@dataclass
class Ranked:
    """One question evaluated against the index: ranked sections and the features of the top one."""

    match: Match
    order: np.ndarray  # section indices, best first
    score: np.ndarray  # ranking score per section
    signals: dict[str, np.ndarray]
    features: dict[str, float]
    confidence: float

    @property
    def query(self) -> Query:
        return self.match.query


def rank(index: Index, weights: Weights, question: str, context: Sequence[str] = ()) -> Ranked:
    """Score every section, re-rank the best few, compute the top section's features and confidence."""
    ranked = _rank(index, weights, index.analyse(question, context))
    if len(ranked.order):
        # "what's the weather in boise?" to an entry whose alternates ask it "in orlando", "in sarasota", "in tampa":
        # "boise" fills the slot those phrasings vary, so it is no missing subject for that entry (clinc150-intents'
        # "what time is it in london", "reserve a table at andrea's steakhouse" were refused for their one unknown
        # name). A food or place the entry's slot takes fills it too where another entry writes it ("shots before
        # visiting thailand" to vaccines, when a travel entry names Thailand). Ranked again without it; kept only if
        # the same entry comes first, as the slot is that entry's.
        top = int(ranked.order[0])
        slots = index.slots(top)
        if slots:
            tokens = ranked.query.tokens
            filled = slot_values(tokens, slots, set(ranked.query.unknown) | index.kind_fillers(tokens, top, slots))
            if filled:
                again = _rank(index, weights, index.analyse(question, context, frozenset(filled)))
                if len(again.order) and int(again.order[0]) == top:
                    return again
    return ranked


def _rank(index: Index, weights: Weights, query: Query) -> Ranked:
    m = Match(index, query)
    values = _section_signals(m, weights)
    m.score = _combine(m, values, weights)
    for s in RANKING:
        if s.over == "rerank":
            values[s.name] = s.compute(m)
            m.score = m.score + weights.rank[s.name] * values[s.name]
    # An order-only signal (`sem_small`) moves the order and stays out of m.score, which the `score`, `margin`
    # and `z` features read: the confidence keeps the meaning it was fitted with.
    key, lexical = m.score, index.encoder_ is None
    for s in RANKING:
        if s.order_only and weights.rank[s.name] and not (s.vectors and lexical):
            key = key + weights.rank[s.name] * values[s.name]
    m.order = _answering_first(m, top_sections(key, RANKED), key)
    feats = features(m, values)
    return Ranked(m, m.order, m.score, values, feats, confidence(feats, weights.coef))


def _answering_first(m: Match, order: np.ndarray, key: np.ndarray) -> np.ndarray:
    """For a question asking the business's phone number, email, address or website, the sections that give it
    or are about contacting the business first (bot/contact.py); for one asking whether or when it is open, the
    sections that say when (bot/asks.py), those with a heading about opening hours first, then those that give
    opening times as a span ("from 6am to 10pm"), then those that only name a day or a time; for one asking when
    a place opens ("bar hours", "when does reception close?"), those that name it and say when; for one asking
    what time something is ("what time is breakfast?"), those that write its subject words and whose answer gives
    a time of day; for one asking a price in everyday words only ("how much for 4 people?"), the sections with
    a heading or alternate asking a price. Each group best first: for contact details and opening hours another
    section is never the answer (the `unreachable` and `unhoured` vetoes), so the answer and the first
    suggestions are those that are, those that answer it fully first (bot/contact.py `answers_contact`). `key` is
    what the ranking orders by (`m.score` and the order-only signals)."""
    if m.channels:
        order = _first(key, order, m.index.tells_contact(m.channels))
        # and those that answer it fully first: "where are you?" a section that says where before one about calling
        # or writing, "how do I contact you?" one that gives a number before one that says where
        order = _first(key, order, m.index.tells_contact(m.channels, fully=True))
    if m.asks_hours:
        # "what time do you close on saturday?": the bakery's "Do you sell yesterday's bread at a discount?" ("from
        # 2:30 pm", "at closing time") shares "time" and "close" and led its "What are your opening hours?" on words;
        # a self-storage firm's "How secure is the site?" ("24-hour CCTV", "office hours") led "When can I access my
        # unit?" ("from 6am to 10pm, seven days a week") for "opening times"
        order = _first(key, order, m.index.says_hours())
        order = _first(key, _first(key, order, m.index.gives_hours()), m.index.about_hours())  # a span says when too
        if all(t in HOURS_STEMS for t in m.query.subject_terms) and not days_asked(" ".join(m.query.tokens)):
            # "when do you open?", "are you open late?": hours in general, naming no day or closure, so among the
            # sections about opening hours those that give them as a span first (a music school's "What are your
            # opening hours?" before "Are you open during school holidays?", which led on "open")
            order = _first(key, order, m.index.about_hours() & m.index.gives_hours())
    place = place_asked(m.query.tokens) or part_named(m.query.tokens)
    if place is not None:
        # "when does the bar close?", "spa opening times", "what time does reception close?" at a hotel: the sections
        # that name it and say when first (its restaurant's "closed on Mondays" led on "close", its check-in times on
        # "time"); for another place than its own, no other section is the answer (the `misplaced` veto)
        index, says = m.index, m.index.says_hours()
        order = _first_where(key, order, lambda i: says[i] and names_place(index.sections_[i], place))
    elif not m.asks_hours and m.query.specific_terms and ASKS_HOUR.search(" ".join(m.query.tokens).lower()):
        # "what time is breakfast?" at a B&B: the sections that write every subject word it knows, but the words that
        # say when ("on sundays"), and give a time of day first (its "What time is check-in and check-out?" led on
        # "what time is", and was vetoed for lacking breakfast)
        index = m.index
        cols = {col for t in m.query.specific_terms
                if " " not in t and t not in WHEN_STEMS and (col := index.vocab_.get(t)) is not None}
        if cols:  # (its answer gives the time, not its alternates: "schedule a meeting at 3pm" gives none)
            order = _first_where(key, order, lambda i: all(index.in_section(col, i) for col in cols)
                                 and TIME_OF_DAY.search(index.sections_[i].body) is not None)
    if not (m.asks_hours or place) and asks_price(m.query.tokens):
        if not m.query.specific_terms:
            # "how much for 4 people?", "what do you charge?": everyday words only, so no entry is about them but the
            # price list ("How many players do we need?" led the escape room's "How much does it cost?" on "people")
            order = _first(key, order, m.index.about_price())
        elif len(order) and not m.index.names_price(int(order[0])):
            # "samsung screen replacement price": the entry ranked first says nothing about money (the `unpriced`
            # veto), so the entries asking a price come first (a phone repairer's "How long does a screen repair
            # take?" led "How much does a screen repair cost?"). Not every entry that names money:
            # "Can you replace my battery?" ($79) is no price list for a screen. And only those that write most of
            # the question's subject words the knowledge base knows: a tattoo studio's price list is no answer to
            # "what's the cancellation fee?", nor banking77's "card payment fee charged" to "what are the fees for a
            # physical card?" (whose answer, "order physical card", names no fee).
            index, priced = m.index, m.index.about_price()
            cols = {col for t in m.query.specific_terms if " " not in t and (col := index.vocab_.get(t)) is not None}
            order = _first_where(key, order, lambda i: priced[i]
                                 and 2 * sum(index.in_section(col, i) for col in cols) > len(cols))
    return _asking_alike_first(m, order, key)


def _asking_alike_first(m: Match, order: np.ndarray, key: np.ndarray) -> np.ndarray:
    """For a question asking one measure (a price, a length of time, a frequency, a time of day, an age) whose best
    section asks it in no heading or alternate, the sections with a heading or alternate that asks it and names as
    many of the question's subject words as a heading or alternate of the best section does (one at least) first:
    "how much are guitar lessons?" at a music school led with "How old does my child need to be to start lessons?",
    whose text names the guitar and a free trial (so money), before "How much do lessons cost?". Not one naming
    fewer: a bank's "card payment fee charged" is no answer to "what are the fees for a physical card?", whose entry
    "order physical card" names both words."""
    asked = measures_asked(" ".join(m.query.tokens).lower())
    if len(asked) != 1 or not len(order):
        return order
    (kind,) = asked
    index, top = m.index, int(order[0])
    if any(kind in measures_asked(h) for h in index.heading_words(top)):
        return order
    subject = frozenset(t for t in m.query.specific_terms if " " not in t)

    def named(i: int, asking: bool) -> int:
        """The most subject words of the question one heading or alternate of section i names (`asking`: one
        that asks the measure)."""
        return max((len(s & subject) for h, s in zip(index.heading_words(i), index.heading_subjects(i))
                    if not asking or kind in measures_asked(h)), default=0)

    least = named(top, False)
    if not least:  # the best section is about none of the question's words by its headings: its text decides
        return order
    return _first_where(key, order, lambda i: named(i, True) >= least)


def _first_where(key: np.ndarray, order: np.ndarray, test: Callable[[int], bool]) -> np.ndarray:
    """The ranking with the ranked sections that pass a test of one section first (`_first`); the test is run on
    those in `order` only, as it may read a section's text."""
    passing = np.zeros(len(key), dtype=bool)
    for i in order:
        passing[i] = test(int(i))
    return _first(key, order, passing)


def _first(key: np.ndarray, order: np.ndarray, telling: np.ndarray) -> np.ndarray:
    """The ranking with these sections first, each group best first by `key` (unchanged when none of them is)."""
    if not telling.any():
        return order
    first = np.flatnonzero(telling)
    first = first[top_sections(key[first], RANKED)]
    return np.concatenate([first, order[~telling[order]]])[:RANKED]


def _section_signals(m: Match, weights: Weights) -> dict[str, np.ndarray]:
    """Every per-section signal; on a large index, sentences are scored for the leading sections only."""
    values, unscored = {}, []
    for s in RANKING:
        if s.over == "sections" and s.vectors and m.index.encoder_ is None:
            values[s.name] = _zeros(m)  # a lexical index: 0, at no cost (and never added to the score)
        elif s.order_only and not weights.rank[s.name]:
            values[s.name] = _zeros(m)  # orders nothing at weight 0, and no feature reads it (`clf` with minilm)
        elif s.over == "sections":
            m.read_unscored = False
            values[s.name] = s.compute(m)
            if m.read_unscored:
                unscored.append(s)
    if unscored:
        # Rank without the sentences, score the leaders' sentences, then compute again the signals
        # that read them.
        m.score_sentences(_combine(m, values, weights))
        for s in unscored:
            values[s.name] = s.compute(m)
    return values


def _zeros(m: Match) -> np.ndarray:
    return np.zeros(len(m.index.sections_), dtype=np.float32)


def _combine(m: Match, values: dict[str, np.ndarray], weights: Weights) -> np.ndarray:
    """The weighted sum of the per-section signals, in table order (vector signals only with vectors)."""
    total = np.zeros(len(m.index.sections_), dtype=np.float64)
    term = np.empty_like(total)
    lexical = m.index.encoder_ is None
    for s in RANKING:
        w = weights.rank[s.name]
        # a weight of 0 adds nothing; an order-only signal is added to the order, not to the score (rank())
        if s.over == "sections" and not (s.vectors and lexical) and w and not s.order_only:
            np.multiply(values[s.name], w, out=term)
            total += term
    return total


def features(m: Match, values: dict[str, np.ndarray]) -> dict[str, float]:
    """Knowledge-base-independent features of the best match, in table order."""
    if len(m.order) == 0:
        return {s.name: s.empty for s in SIGNALS if s.sign is not None or s.veto}
    top, lexical = m.top, m.index.encoder_ is None

    def value(s: Signal) -> float:
        if s.name in values:
            return float(values[s.name][top])
        return 0.0 if s.vectors and lexical else s.compute(m)  # a vector feature of the best: not on a lexical index

    feats = {s.name: value(s) for s in SIGNALS if s.sign is not None or s.veto}
    if contact_told(m):  # "where are you located?" and a section that says where: its subject is covered
        feats.update((k, v) for k, v in CONTACT_TOLD.items() if k in feats and not (lexical and k in _VECTORS))
    return feats


def confidence(feats: dict[str, float], coef: dict[str, float]) -> float:
    """Calibrated probability that the top section is right."""
    if feats["score"] <= 0 or any(feats.get(k, 0.0) >= 0.5 for k in VETOES):
        return 0.0
    z = coef.get("bias", 0.0) + sum(coef.get(k, 0.0) * feats[k] for k in FEATURES if k in feats)
    # Rounded as serialized, so `answered` always agrees with the confidence shown.
    return round(1.0 / (1.0 + math.exp(-z)), 4)
