"""How text becomes index terms: synonyms, typo correction, stemming.

The same `Analyzer` turns content and questions into terms, so both sides agree.
"""

from __future__ import annotations

import re
from typing import Iterable, Sequence

from .text import QUESTION_WORDS, fold, stem, stop_words, words

# Conversational words that never carry a question's subject, beyond scikit-learn's stop list:
# auxiliaries, fillers, intensifiers and time-of-day words ("will I be red tomorrow?").
EXTRA_STOP = frozenset(
    "does did doing done just really ok okay please thing things get gets got going gonna want wanted "
    "know tell need like yes hey hi thanks thank actually actual basically probably maybe possibly "
    "today tonight tomorrow yesterday morning evening night soon later now currently right exactly "
    "usually normally typically generally anyway kind sort lot lots bit little pretty quite "
    "guess wonder wondering curious mean means im ive id dont cant wont isnt arent doesnt".split()
)


# Words Snowball's English stemmer maps by a table rather than by cutting suffixes.
_SNOWBALL_SPECIAL = frozenset(
    "skis skies dying lying tying idly gently ugly early only singly sky news howe atlas cosmos bias "
    "andes inning innings outing outings canning cannings herring herrings earring earrings proceed "
    "proceeds proceeded proceeding exceed exceeds exceeded exceeding succeed succeeds succeeded "
    "succeeding".split()
)


class Analyzer:
    """Folds, applies the synonym groups, stems; optionally corrects typos against a vocabulary."""

    def __init__(self, synonyms: Sequence[Sequence[str]] = ()) -> None:
        self.synonyms = [tuple(g) for g in synonyms]
        # Map every synonym term (as a tuple of folded words) to the canonical term's stems.
        self._phrases: dict[tuple[str, ...], tuple[str, ...]] = {}
        for group in self.synonyms:
            canonical = tuple(stem(w) for w in words(group[0]))
            for term in group:
                key = tuple(words(term))
                if key:
                    self._phrases.setdefault(key, canonical)
        self._max_phrase = max((len(k) for k in self._phrases), default=1)
        self._starts = frozenset(k[0] for k in self._phrases)
        self._stop = stop_words() | EXTRA_STOP

    known_stems: frozenset[str] | None = None  # set once fitted: the stems the index has

    def stem(self, word: str) -> str:
        """Snowball stem; once fitted, a word whose stem cannot be one the index has is its own term.

        Snowball only cuts suffixes (and turns a final y into i), apart from a few listed words, so a
        stem the index knows must be a prefix of the word. Words failing that test never need nltk,
        which costs a second to import. The result depends only on the word and the index.
        """
        known = self.known_stems
        if known is None or word in _SNOWBALL_SPECIAL:
            return stem(word)
        for k in range(2, len(word) + 1):
            p = word[:k]
            if p in known or (p.endswith("y") and p[:-1] + "i" in known):
                return stem(word)
        return word

    def terms(self, text: str | Sequence[str], keep_stop: bool = False) -> list[str]:
        """Index terms: synonym-canonical stems, stop words dropped (question words kept)."""
        toks = words(text) if isinstance(text, str) else list(text)
        out: list[str] = []
        i = 0
        starts, stop, stem_ = self._starts, self._stop, self.stem
        while i < len(toks):
            w = toks[i]
            if w not in starts:  # the common case: no synonym phrase starts here
                i += 1
                # A single letter ("vitamin E", "plan B") is too ambiguous to match on alone.
                if len(w) > 1 and (keep_stop or w not in stop):
                    out.append(stem_(w))
                continue
            for n in range(min(self._max_phrase, len(toks) - i), 0, -1):
                key = tuple(toks[i : i + n])
                canon = self._phrases.get(key)
                if canon is not None:
                    out.extend(canon)
                    i += n
                    break
            else:
                w = toks[i]
                i += 1
                if len(w) > 1 and (keep_stop or w not in self._stop):
                    out.append(self.stem(w))
        return out

    def ngrams(self, text: str | Sequence[str]) -> list[str]:
        """Unigram terms plus adjacent bigrams (bigrams keep "how long", "skin tone" together)."""
        toks = words(text) if isinstance(text, str) else list(text)
        uni = self.terms(toks)
        # Question words are not stop words here, so "how often" survives as a bigram.
        return uni + [a + " " + b for a, b in zip(uni, uni[1:])]

    def is_stop(self, word: str) -> bool:
        return word in self._stop


class SpellFixer:
    """Replaces words unknown to the knowledge base with a close known word (typos)."""

    def __init__(self, vocabulary: Iterable[str], known_stems: Iterable[str] = (), stemmer=stem) -> None:
        self._stem = stemmer
        sw = stop_words() | EXTRA_STOP
        # Stop words are never a correction target: "mole" must not become "more".
        self.vocab = sorted({w for w in vocabulary if len(w) >= 3 and w.isalpha() and w not in sw})
        self._known = set(self.vocab)
        self._known_stems = set(known_stems)
        self._stop_list = sorted(sw)
        self._by_first: dict[str, list[str]] = {}
        for w in self.vocab:
            self._by_first.setdefault(w[0], []).append(w)

    def known(self, word: str) -> bool:
        return word in self._known or self._stem(word) in self._known_stems

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
        if len(word) == 4:  # only a swap of two letters is safe this short ("wrok")
            return next((c for c in self._swaps(word) if c in self._known), None)
        from rapidfuzz import process
        from rapidfuzz.distance import OSA

        max_dist = 1 if len(word) < 10 else 2
        for cand, dist, _ in process.extract(word, self._by_first.get(word[0], []), scorer=OSA.distance,
                                             score_cutoff=max_dist, limit=5):
            if dist == 2 or plausible_typo(word, cand):
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
        """(corrected tokens, unknown content words, [(typo, fix)])."""
        out, unknown, fixes = [], [], []
        for w in toks:
            if is_stop(w) or w.isdigit() or self.known(w):
                out.append(w)
                continue
            f = self.fix(w) or self.function_word(w)
            if f is None:
                out.append(w)
                unknown.append(w)
            else:
                out.append(f)
                fixes.append((w, f))
        return out, unknown, fixes


_SMALLTALK = [
    (re.compile(r"^(hi|hello|hey|hiya|howdy|good (morning|afternoon|evening)|greetings|yo)\b"),
     "Hello! What would you like to know? Ask me a question in your own words."),
    (re.compile(r"^(thanks?|thank you|thx|ty|cheers|great|perfect|awesome|cool|nice|ok(ay)?|got it)\b"),
     "You're welcome! Anything else you'd like to know?"),
    (re.compile(r"^(bye|goodbye|see you|see ya|good night)\b"), "Goodbye, and thanks for stopping by!"),
    (re.compile(r"^(how are you|how's it going|what'?s up|how do you do)\b"),
     "I'm doing well, thanks for asking! What would you like to know?"),
    (re.compile(r"^(who|what) are you\b|^are you (a )?(bot|robot|human|real)"),
     "I'm an assistant that answers questions from this site's articles."),
]


_KEYS = ["qwertyuiop", "asdfghjkl", "zxcvbnm"]
_POS = {c: (r, i) for r, row in enumerate(_KEYS) for i, c in enumerate(row)}


def _near(a: str, b: str) -> bool:
    """Neighbouring keys on a QWERTY keyboard."""
    if a not in _POS or b not in _POS:
        return False
    (ra, ia), (rb, ib) = _POS[a], _POS[b]
    return abs(ra - rb) <= 1 and abs(ia - ib) <= 1 and a != b


def plausible_typo(typed: str, meant: str) -> bool:
    """Is `typed` one finger-slip away from `meant`?"""
    if len(typed) == len(meant):
        diff = [i for i, (x, y) in enumerate(zip(typed, meant)) if x != y]
        if len(diff) == 1:
            return _near(typed[diff[0]], meant[diff[0]])
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


# Words that may follow a greeting or thanks without turning it into a question.
_POLITE = frozenset(
    "there again so much very a lot bot you all for the help helpful useful info information answer answers "
    "friend everyone faqbot that it this was is that's great good nice cool perfect awesome appreciate "
    "appreciated really ok okay kind of me doing today".split()
)


def smalltalk_reply(question: str) -> str | None:
    """A friendly reply if the question is only a greeting, thanks or similar; else None."""
    q = " ".join(words(question))
    if not q or len(q.split()) > 8:
        return None
    for pattern, reply in _SMALLTALK:
        m = pattern.match(q)
        # "hi, how long does redness last" is a question, not small talk.
        if m and all(w in _POLITE for w in q[m.end():].split()):
            return reply
    return None


__all__ = ["Analyzer", "SpellFixer", "smalltalk_reply", "QUESTION_WORDS", "fold"]
