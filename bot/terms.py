"""How text becomes index terms: stop words, synonyms, stemming.

The same `Analyzer` turns content and questions into terms, so both sides agree. Each index has
its own: its stop list and stem cache travel with it, so two indexes in one process never share them.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Iterable, Mapping, Sequence

from .text import OWN_STEM_WORDS, QUESTION_WORDS, stem, stems_on_its_own, words

# Conversational words that never carry a question's subject, beyond scikit-learn's stop list:
# auxiliaries, fillers, intensifiers and time-of-day words ("will I be red tomorrow?"), and what is
# left of a negative contraction once its "'t" is dropped ("don't" -> "don"). Not "id": "bring photo ID" names a
# thing; a question's "id like to book" is read "i like to book" first (bot/text.py `spelled_out`).
EXTRA_STOP = frozenset(
    "does did doing done just really ok okay please thing things get gets got going gonna want wanted "
    "know tell need like yes hey hi thanks thank actually actual basically probably maybe possibly "
    "today tonight tomorrow yesterday morning evening night soon later now currently right exactly "
    "usually normally typically generally anyway kind sort lot lots bit little pretty quite "
    "guess wonder wondering curious mean means im ive dont cant wont isnt arent doesnt "
    "don doesn didn isn aren wasn weren haven hasn hadn couldn shouldn wouldn mustn".split()
)

# Words Snowball's English stemmer maps by a table rather than by cutting suffixes.
_SNOWBALL_SPECIAL = frozenset(
    "skis skies dying lying tying idly gently ugly early only singly sky news howe atlas cosmos bias "
    "andes inning innings outing outings canning cannings herring herrings earring earrings proceed "
    "proceeds proceeded proceeding exceed exceeds exceeded exceeding succeed succeeds succeeded "
    "succeeding".split()
)

STEM_CACHE_LIMIT = 500_000  # words whose stems one analyzer remembers (questions bring new ones)
TERM_CACHE_LIMIT = 100_000  # question words whose terms a fitted analyzer remembers


# Words of scikit-learn's stop list that name what a question is about in some FAQ: "how much is a detail"
# at a car wash, "side effects", "back pain", "pay my bill", "interest rate", "change my name".
CONTENT_WORDS = frozenset(
    "amount back bill bottom call detail empty fill fire front full interest move name part serious side "
    "system thick thin top".split()
)


def english_stop_words() -> frozenset[str]:
    """scikit-learn's English stop words, minus the question words we keep and the words that carry a subject."""
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    return frozenset(ENGLISH_STOP_WORDS) - QUESTION_WORDS - CONTENT_WORDS


GENERIC_WORDS = Path(__file__).with_name("data") / "generic.words"


_WHICH = "which:"  # bot/data/generic.words: a line of words that say which or how


@functools.lru_cache(maxsize=1)
def generic_words() -> frozenset[str]:
    """The words of bot/data/generic.words, as written."""
    return frozenset(word for line in GENERIC_WORDS.read_text(encoding="utf-8").splitlines()
                     if not line.startswith("#") for word in line.removeprefix(_WHICH).split())


@functools.lru_cache(maxsize=1)
def quality_words() -> frozenset[str]:
    """The words of bot/data/generic.words that say which or how ("better", "old", "fast": its "which:" lines)."""
    return frozenset(word for line in GENERIC_WORDS.read_text(encoding="utf-8").splitlines()
                     if line.startswith(_WHICH) for word in line.removeprefix(_WHICH).split())


STOCK_PHRASES = Path(__file__).with_name("data") / "stock.phrases"


def parse_stock_phrases(text: str) -> tuple[tuple[str, ...], ...]:
    """Stock phrases, one a line, as folded words ("pay-and-display" is three; "*" stands for any one word), longest
    first."""
    found = {tuple(x for w in line.split() for x in (["*"] if w == "*" else words(w)))
             for line in text.splitlines() if line.strip() and not line.startswith("#")}
    return tuple(sorted((p for p in found if p), key=len, reverse=True))


@functools.lru_cache(maxsize=1)
def stock_phrases() -> tuple[tuple[str, ...], ...]:
    """The phrases of bot/data/stock.phrases (`parse_stock_phrases`)."""
    return parse_stock_phrases(STOCK_PHRASES.read_text(encoding="utf-8"))


NOUN_KINDS = Path(__file__).with_name("data") / "noun.kinds"


@functools.lru_cache(maxsize=1)
def noun_kinds() -> dict[str, str]:
    """Word -> kind ("food", "place") of the nouns of bot/data/noun.kinds and of their plurals ("hams", "potatoes").
    By the word as written, not its stem: "fixings" are food, a "fix" is not."""
    found: dict[str, str] = {}
    for line in NOUN_KINDS.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            word, kind = line.split()
            found[word] = kind
    for word, kind in list(found.items()):
        plurals = [word + "s", word + "es"] + ([word[:-1] + "ies"] if word.endswith("y") else [])
        for form in plurals:
            found.setdefault(form, kind)
    return found


def noun_kind(word: str) -> str | None:
    """The kind of thing a folded word names, if it is a listed noun or its plural ("hummus", "pizzas": "food")."""
    return noun_kinds().get(word)


def generic_terms(analyzer: "Analyzer") -> frozenset[str]:
    """The terms of bot/data/generic.words as this analyzer makes them (stems, synonym-canonical)."""
    found: set[str] = set()
    for word in generic_words():
        found.update(analyzer.terms(word, keep_stop=True))
    return frozenset(found)


def inflections(word: str) -> list[str]:
    """Regular English inflections of a word (plural, -ed, -ing), so a synonym group matches them too."""
    if len(word) < 3 or not word.isalpha():
        return []
    out = [word + "s", word + "ed", word + "ing"]
    if word.endswith(("s", "x", "z", "ch", "sh")):
        out += [word + "es"]
    if word.endswith("e"):
        out += [word + "d", word[:-1] + "ing"]
    if word.endswith("y") and word[-2] not in "aeiou":
        out += [word[:-1] + "ies", word[:-1] + "ied"]
    return out


class Analyzer:
    """Folds, applies the synonym groups, stems and drops stop words, for one index."""

    def __init__(self, synonyms: Sequence[Sequence[str]] = (), stop_words: Iterable[str] | None = None,
                 stems: Mapping[str, str] | None = None) -> None:
        self.synonyms = [tuple(g) for g in synonyms]
        # A saved index brings the stop list it was built with and the stems of its words, so
        # answering needs neither scikit-learn nor nltk imported.
        self.stop_words = english_stop_words() if stop_words is None else frozenset(stop_words)
        self.stems: dict[str, str] = dict(stems or {})  # word -> Snowball stem, a cache
        self.stop = self.stop_words | EXTRA_STOP  # every word that is never a term
        self._known_stems: frozenset[str] | None = None
        self._terms: dict[str, str] = {}  # word -> its term under the known stems, a cache
        # Map every synonym term (as a tuple of folded words) to the canonical term's stems.
        self._phrases: dict[tuple[str, ...], tuple[str, ...]] = {}
        for group in self.synonyms:
            canonical = tuple(self.snowball(w) for w in words(group[0]))
            for term in group:
                key = tuple(words(term))
                if key:
                    self._phrases.setdefault(key, canonical)
            for term in group:  # then the inflections a group does not list ("delivered", "vouchers"), but
                key = tuple(words(term))  # not a listed word with its own stem ("books" is not booking)
                for form in inflections(key[-1]) if key else ():
                    if form not in OWN_STEM_WORDS:
                        self._phrases.setdefault((*key[:-1], form), canonical)
        self._max_phrase = max((len(k) for k in self._phrases), default=1)
        self._stock: dict[str, list[tuple[str, ...]]] = {}  # first word -> the stock phrases it opens
        for phrase in stock_phrases():
            self._stock.setdefault(phrase[0], []).append(phrase)
        self._starts = frozenset(k[0] for k in self._phrases) | frozenset(self._stock)

    def snowball(self, word: str) -> str:
        """Snowball stem of one folded word, remembered by this analyzer."""
        s = self.stems.get(word)
        if s is None:
            s = stem(word)
            if len(self.stems) < STEM_CACHE_LIMIT:
                self.stems[word] = s
        return s

    @property
    def known_stems(self) -> frozenset[str] | None:
        """The stems the index has (set once fitted; None before): see `stem`."""
        return self._known_stems

    @known_stems.setter
    def known_stems(self, stems: frozenset[str] | None) -> None:
        self._known_stems = stems
        self._terms = {}

    def stem(self, word: str) -> str:
        """`_stem`, remembered per word once fitted (a question's words recur, and each is read several times)."""
        if self._known_stems is None:
            return self.snowball(word)
        t = self._terms.get(word)
        if t is None:
            t = self._stem(word)
            if len(self._terms) < TERM_CACHE_LIMIT:
                self._terms[word] = t
        return t

    def _stem(self, word: str) -> str:
        """Snowball stem; once fitted, a word whose stem cannot be one the index has is its own term.

        Snowball only cuts suffixes, turns a final y into i, puts back the e that -ing or -ed took from
        a short word ("driving" -> "drive", "using" -> "use", "pricing" -> "price") and reads -bility as
        -ble ("possibility" -> "possibl"), apart from a few listed words, so a stem the index knows must be
        a prefix of the word, or one with a final i, e or l for it. Words failing that test are not stemmed
        at all. The result depends only on the word and the index.
        """
        known = self.known_stems
        if known is None or word in _SNOWBALL_SPECIAL or stems_on_its_own(word):
            return self.snowball(word)
        for k in range(2, len(word) + 1):
            prefix = word[:k]
            if (prefix in known or prefix + "e" in known or prefix + "l" in known
                    or (prefix.endswith("y") and prefix[:-1] + "i" in known)):
                return self.snowball(word)
        return word

    def _stock_at(self, toks: Sequence[str], i: int) -> int:
        """The length of the stock phrase (bot/data/stock.phrases) that starts at toks[i], or 0."""
        for phrase in self._stock.get(toks[i], ()):
            n = len(phrase)
            if i + n <= len(toks) and all(p == "*" or p == t for p, t in zip(phrase, toks[i : i + n])):
                return n
        return 0

    def terms(self, text: str | Sequence[str], keep_stop: bool = False, phrase_words: bool = False) -> list[str]:
        """Index terms: synonym-canonical stems, stop words dropped (question words kept); a stock phrase
        ("subject to availability") gives none.

        With `phrase_words` (content, not questions), a synonym phrase of more than one word gives its
        canonical term and then its own words that the canonical lacks ("car park" -> "park", "car"), so
        "where can I leave my car?" still finds the "car" of a text that only says "car park". A question
        keeps the canonical term alone: its "after care" must not add a "care" that the content's one-word
        "aftercare" lacks.
        """
        toks = words(text) if isinstance(text, str) else list(text)
        out: list[str] = []
        i = 0
        starts, stop, stem_ = self._starts, self.stop, self.stem
        while i < len(toks):
            w = toks[i]
            if w not in starts:  # the common case: no synonym phrase starts here
                i += 1
                # A single letter ("vitamin E", "plan B") is too ambiguous to match on alone.
                if len(w) > 1 and (keep_stop or w not in stop):
                    out.append(stem_(w))
                continue
            n = self._stock_at(toks, i) if w in self._stock else 0
            if n:  # said in passing by any business: its words name no subject ("subject to availability")
                i += n
                continue
            for n in range(min(self._max_phrase, len(toks) - i), 0, -1):
                key = tuple(toks[i : i + n])
                canon = self._phrases.get(key)
                if canon is not None:
                    out.extend(canon)
                    if phrase_words and n > 1:  # a phrase keeps its own words too: "car park" is about a car
                        out.extend(t for t in (stem_(x) for x in key if len(x) > 1 and (keep_stop or x not in stop))
                                   if t not in canon)
                    i += n
                    break
            else:
                w = toks[i]
                i += 1
                if len(w) > 1 and (keep_stop or w not in stop):
                    out.append(stem_(w))
        return out

    def ngrams(self, text: str | Sequence[str], phrase_words: bool = False) -> list[str]:
        """Unigram terms plus adjacent bigrams (bigrams keep "how long", "skin tone" together)."""
        toks = words(text) if isinstance(text, str) else list(text)
        uni = self.terms(toks, phrase_words=phrase_words)
        # Question words are not stop words here, so "how often" survives as a bigram.
        return uni + [a + " " + b for a, b in zip(uni, uni[1:])]

    def is_stop(self, word: str) -> bool:
        """Is this folded word dropped from the terms?"""
        return word in self.stop
