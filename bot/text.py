"""Text normalisation, tokenizing and stemming, with no downloaded data.

Uses NLTK's Snowball stemmer (data-free) and a regular-expression tokenizer.
"""

from __future__ import annotations

import functools
import re
import unicodedata

_WORD = re.compile(r"[a-z0-9]+(?:['’][a-z]+)?")
_SLUG_DROP = re.compile(r"[^a-z0-9]+")

# Question words carry the meaning of a question ("who should", "how often", "how long"),
# so unlike a generic stop list they are kept as tokens.
QUESTION_WORDS = frozenset(
    "who whom whose what when where why how which long often much many soon".split()
)


_PUNCT = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-"})


def fold(text: str) -> str:
    """Lower-case, strip accents, and unify quotes and dashes."""
    text = text.translate(_PUNCT)
    if not text.isascii():  # accents: decompose and drop the combining marks
        text = unicodedata.normalize("NFKD", text)
        text = "".join(c for c in text if not unicodedata.combining(c))
    return text.lower()


def slugify(text: str, max_len: int = 80) -> str:
    """A stable URL slug: ascii, lower case, words joined by '-'."""
    slug = _SLUG_DROP.sub("-", fold(text).replace("'", "")).strip("-")
    if len(slug) > max_len:
        slug = slug[:max_len].rsplit("-", 1)[0]
    return slug or "section"


def words(text: str) -> list[str]:
    """Folded word tokens; possessive/contraction endings dropped ("it's" -> "it")."""
    return [w.split("'", 1)[0] if "'" in w else w for w in _WORD.findall(fold(text))]


@functools.lru_cache(maxsize=1)
def _stemmer():
    # Importing nltk costs about a second (it pulls in scipy.stats); only words the index has not
    # seen before need it, so it is imported on first use.
    from nltk.stem.snowball import SnowballStemmer

    return SnowballStemmer("english")


_STEMS: dict[str, str] = {}  # word -> Snowball stem; seeded from the index so questions rarely need nltk
_STOP: frozenset[str] | None = None


def stem(word: str) -> str:
    """Snowball stem of one folded word."""
    s = _STEMS.get(word)
    if s is None:
        s = _stemmer().stem(word)
        if len(_STEMS) < 500_000:
            _STEMS[word] = s
    return s


def remember(stems: dict[str, str] | None = None, stop: "list[str] | None" = None) -> None:
    """Seed the stem cache and stop list from a saved index (no nltk or scikit-learn import needed)."""
    global _STOP
    if stems:
        _STEMS.update(stems)
    if stop is not None and _STOP is None:
        _STOP = frozenset(stop) - QUESTION_WORDS


def stop_words() -> frozenset[str]:
    """scikit-learn's English stop words, minus the question words we keep."""
    global _STOP
    if _STOP is None:
        from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

        _STOP = frozenset(ENGLISH_STOP_WORDS) - QUESTION_WORDS
    return _STOP


_SENT_SPLIT = re.compile(r"(?<=[.!?])\s+(?=[\"'“(]?[A-Z0-9•])|\n+")


def sentences(text: str) -> list[str]:
    """Split a section body into sentences and list items (regexp, no punkt data)."""
    out = []
    for part in _SENT_SPLIT.split(text):
        part = part.strip()
        if part:
            out.append(part)
    return out
