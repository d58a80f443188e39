"""Typo correction: a word the knowledge base does not know becomes a known word it is a finger slip of.

The keyboard model (QWERTY neighbours) decides what counts as a plausible slip. A common English word
(bot/data/english.words) is not a slip at all: it is left as the visitor typed it.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Callable, Iterable, Sequence

from .text import QUESTION_WORDS, stem

ENGLISH_WORDS = Path(__file__).with_name("data") / "english.words"


@functools.lru_cache(maxsize=1)
def _english() -> frozenset[str]:
    text = ENGLISH_WORDS.read_text(encoding="utf-8")
    return frozenset(line for line in text.splitlines() if line and not line.startswith("#"))


# Regular inflections back to the word (the list holds "gum" and "filling", not "gums" and "fillings").
# A doubled consonant is undone only before -ed and -ing ("stopped", "running"): before -s it would make
# the typo "scarrs" the word "scar".
_SUFFIXES = (("ies", "y"), ("ied", "y"), ("es", ""), ("s", ""), ("ed", ""), ("ed", "e"), ("ing", ""),
             ("ing", "e"), ("ers", ""), ("er", ""), ("er", "e"))


def is_english(word: str) -> bool:
    """Is this a common English word, or a regular inflection of one ("cat", "gums", "stopped")?"""
    words = _english()
    if word in words:
        return True
    for suffix, ending in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            base = word[: -len(suffix)]
            if base + ending in words:
                return True
            if suffix in ("ed", "ing") and len(base) >= 4 and base[-1] == base[-2] and base[:-1] in words:
                return True
    return False


READ_LIMIT = 50_000  # words whose reading one `SpellFixer` remembers
_UNREAD = object()


class SpellFixer:
    """Replaces words unknown to the knowledge base with a close known word (typos)."""

    def __init__(self, vocabulary: Iterable[str], stop: Iterable[str], known_stems: Iterable[str] = (),
                 stemmer: Callable[[str], str] = stem, used: Callable[[str], float] | None = None) -> None:
        self._stem = stemmer
        self._used = used  # how much the knowledge base uses a word (sections writing it): breaks a tie of two fixes
        stop = frozenset(stop)
        # Stop words are never a correction target: "mole" must not become "more".
        self.vocab = sorted({w for w in vocabulary if len(w) >= 3 and w.isalpha() and w not in stop})
        self._known = set(self.vocab)
        self._known_stems = set(known_stems)
        self._stop_list = sorted(stop)
        self._by_first: dict[str, list[str]] = {}
        self._read: dict[object, dict[str, str | None]] = {}  # is_stop -> word -> its reading (`correct`)
        for w in self.vocab:
            self._by_first.setdefault(w[0], []).append(w)

    def known(self, word: str) -> bool:
        """Does the knowledge base use this word (or a word with its stem)?"""
        return word in self._known or self._stem(word) in self._known_stems

    def uses(self, word: str) -> bool:
        """Does the knowledge base use this very word? ("whats" has the stem of "what", which every FAQ uses.)"""
        return word in self._known

    def fix(self, word: str) -> str | None:
        """A known word that this word is a plausible typo of, or None.

        Short words are left alone: at four letters one edit reaches too many real words.
        A plausible typo is one edit (two for long words) of the kinds fingers make: a missing
        letter, a doubled or neighbouring extra letter, two letters swapped, or a neighbouring
        key. "winter" is not a typo of "winner": t and n are far apart on a keyboard.
        """
        if self.known(word):
            return word
        if not word.isalpha() or len(word) < 4:
            return None
        spelled = self.other_spelling(word)
        if spelled is not None:
            return spelled
        if len(word) == 4:  # only a swap of two letters is safe this short ("wrok")
            return next((c for c in self._swaps(word) if c in self._known), None)
        from rapidfuzz import process
        from rapidfuzz.distance import OSA

        max_dist = 1 if len(word) < 10 else 2
        fixes = [(dist, cand) for cand, dist, _ in process.extract(word, self._by_first.get(word[0], []),
                                                                  scorer=OSA.distance, score_cutoff=max_dist, limit=5)
                 if dist == 2 or plausible_typo(word, cand)]
        if not fixes:
            return None
        nearest = [cand for dist, cand in fixes if dist == fixes[0][0]]
        # Two words as near: the one the knowledge base uses most, not the first in the alphabet ("microneedlng" was
        # read as "microneeding", a slip the article makes once, not "microneedling", which it writes everywhere).
        return max(nearest, key=self._used) if self._used is not None and len(nearest) > 1 else nearest[0]

    def other_spelling(self, word: str) -> str | None:
        """The knowledge base's word this is the British or American spelling of ("colour" / "color",
        "favourite" / "favorite", "catalogue" / "catalog"), or None."""
        for cand in spelling_variants(word):
            if cand in self._known:  # a word the knowledge base spells so, not only a word with its stem
                return cand
        return None

    @staticmethod
    def _swaps(word: str) -> list[str]:
        return [word[:i] + word[i + 1] + word[i] + word[i + 2:] for i in range(len(word) - 1)]

    def function_word(self, word: str) -> str | None:
        """The stop word this is a typo of ("wat" -> "what", "shoud" -> "should"), or None."""
        if len(word) < 3 or not word.isalpha():
            return None
        from rapidfuzz import process
        from rapidfuzz.distance import OSA

        for cand, _, _ in process.extract(word, self._stop_list, scorer=OSA.distance, score_cutoff=1, limit=3):
            if len(cand) >= 3 and plausible_typo(word, cand):
                return cand
        return None

    def correct(self, toks: Sequence[str], is_stop) -> tuple[list[str], list[str], list[tuple[str, str]]]:
        """(corrected tokens, unknown content words, [(typo, fix)]). Each word is read alone, and its reading
        remembered (per `is_stop`): a question's words recur."""
        out, unknown, fixes = [], [], []
        read = self._read.get(is_stop)
        if read is None:
            read = self._read[is_stop] = {}
        for w in toks:
            f = read.get(w, _UNREAD)
            if f is _UNREAD:
                f = self._correct(w, is_stop)
                if len(read) < READ_LIMIT:
                    read[w] = f
            if f is None:
                out.append(w)
                unknown.append(w)
            else:
                out.append(f)
                if f != w:
                    fixes.append((w, f))
        return out, unknown, fixes

    def _correct(self, w: str, is_stop) -> str | None:
        """The word as `correct` reads it: itself when it is known or needs no reading, its fix, or None for a word
        the knowledge base does not know."""
        if is_stop(w) or w in QUESTION_WORDS or w.isdigit() or self.known(w):  # "how long": not unknown
            return w
        # An English word the knowledge base does not use is a word it does not know, not a slip of one
        # of its words: "cat" is no typo of "cant", nor "dog" of "don", "males" of "makes".
        return self.other_spelling(w) if is_english(w) else self.fix(w) or self.function_word(w)


# British and American spellings of words bot/data/spelling.variants does not list (it makes the listed ones one
# term, so they are no typos at all): "-our" / "-or" and "-ogue" / "-og" by rule. "-our" only after two letters or
# more and before the end of the word or a suffix, so "four", "tours", "fourth" and "scouring" are left alone.
_OUR = re.compile(r"(?<=[a-z]{2})(?<!c)(our|or)(?=(s|ed|ing|ite|ites|able|ful|less|y|er|ers)?$)")
_OGUE = re.compile(r"(?<=[a-z]{3})(ogue|og)(?=(s|d)?$)")


def spelling_variants(word: str) -> list[str]:
    """The word with its British spelling made American, or its American spelling made British."""
    out = []
    for pattern, swap in ((_OUR, {"our": "or", "or": "our"}), (_OGUE, {"ogue": "og", "og": "ogue"})):
        m = pattern.search(word)
        if m:
            out.append(word[:m.start()] + swap[m.group(1)] + word[m.end(1):])
    return out


_KEYS = ["qwertyuiop", "asdfghjkl", "zxcvbnm"]
_POS = {c: (r, i) for r, row in enumerate(_KEYS) for i, c in enumerate(row)}


def _near(a: str, b: str) -> bool:
    """Neighbouring keys on a QWERTY keyboard."""
    if a not in _POS or b not in _POS:
        return False
    (ra, ia), (rb, ib) = _POS[a], _POS[b]
    return abs(ra - rb) <= 1 and abs(ia - ib) <= 1 and a != b


_VOWELS = frozenset("aeiou")


def _spelled_by_sound(typed: str, meant: str, i: int) -> bool:
    """One vowel written for another inside a word of six letters or more, as a word is spelled by its sound
    ("japenese", "seperate", "calender"): not a finger slip, but as common in typed questions."""
    return len(typed) >= 6 and 0 < i < len(typed) - 1 and typed[i] in _VOWELS and meant[i] in _VOWELS


def plausible_typo(typed: str, meant: str) -> bool:
    """Is `typed` one finger-slip (or one vowel spelled by sound) away from `meant`?"""
    if len(typed) == len(meant):
        diff = [i for i, (x, y) in enumerate(zip(typed, meant)) if x != y]
        if len(diff) == 1:
            i = diff[0]
            return _near(typed[i], meant[i]) or _spelled_by_sound(typed, meant, i)
        return (len(diff) == 2 and diff[1] == diff[0] + 1
                and typed[diff[0]] == meant[diff[1]] and typed[diff[1]] == meant[diff[0]])
    if len(typed) == len(meant) - 1:  # a letter left out
        return True
    if len(typed) == len(meant) + 1:  # an extra letter: doubled, or a neighbouring key
        i = next((k for k in range(len(meant)) if typed[k] != meant[k]), len(meant))
        extra = typed[i]
        neighbours = [c for c in (typed[i - 1] if i > 0 else "", typed[i + 1] if i + 1 < len(typed) else "") if c]
        return any(extra == c or _near(extra, c) for c in neighbours)
    return False
