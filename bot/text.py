"""Text normalisation, tokenizing and stemming, with no downloaded data.

Uses NLTK's Snowball stemmer (data-free) and a regular-expression tokenizer.
"""

from __future__ import annotations

import functools
import importlib.util
import re
import sys
import threading
import types
import unicodedata
from pathlib import Path
from types import MappingProxyType
from typing import Callable, Mapping, Sequence

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


# Contractions whose first part is not the word they negate: "won't" is "will not", not "won".
_IRREGULAR_NOT = MappingProxyType({"won't": "will", "shan't": "shall"})


def words(text: str) -> list[str]:
    """Folded word tokens; possessive/contraction endings dropped ("it's" -> "it", "won't" -> "will")."""
    return list(_words(text))


@functools.lru_cache(maxsize=256)  # a question is read into words by several parts of the answering
def _words(text: str) -> tuple[str, ...]:
    return tuple(_IRREGULAR_NOT.get(w) or w.split("'", 1)[0] if "'" in w else w for w in _WORD.findall(fold(text)))


CHAT_WORDS = Path(__file__).with_name("data") / "chat.words"


@functools.lru_cache(maxsize=1)
def shorthand() -> Mapping[str, tuple[str, ...]]:
    """bot/data/chat.words: chat shorthand -> the words it stands for (empty: a greeting, dropped)."""
    table: dict[str, tuple[str, ...]] = {}
    for line in CHAT_WORDS.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            short, *expansion = line.split()
            table[short] = tuple(w for part in expansion for w in words(part))
    return MappingProxyType(table)


# A number and its unit typed as one word ("48hrs", "2weeks"): units spelled out, any other letters kept.
_GLUED = re.compile(r"(\d+)([a-z]+)")
_UNITS = MappingProxyType({"h": "hours", "hr": "hours", "hrs": "hours", "min": "minutes", "mins": "minutes",
                           "wk": "weeks", "wks": "weeks", "yr": "years", "yrs": "years"})
# What follows "I'd" typed without its apostrophe: "id like", "id rather", "id be grateful".
_AFTER_I_WOULD = frozenset("like love rather prefer be have need want appreciate hate say think imagine just really "
                           "also never not definitely probably better still".split())
_DRAWN_OUT = re.compile(r"([a-z])\1{2,}")  # a letter typed three times or more: "sooo", "pleeease", "reddd"
# A child told by age: "my 8 year old", "a 10-year-old" (not "it is 11 years old", said of a boiler as often).
# The words of the age go: a number is seldom a word of the knowledge base, and an unknown one counts against.
_AGE_UNITS = frozenset(("year", "years", "yr", "yrs"))
_PREDICATE = frozenset(("is", "are", "was", "were", "be", "s", "being"))
CHILD_AGE, TEEN_AGE = 12, 17  # up to 12 a child, 13 to 17 a teenager (bot/data/everyday.synonyms' groups)


COURTESY_PHRASES = Path(__file__).with_name("data") / "courtesy.phrases"


@functools.lru_cache(maxsize=1)
def _courtesy_lines() -> dict[str, set[tuple[str, ...]]]:
    """bot/data/courtesy.phrases by kind: "open", "close" (phrases), "thanks", "then" (words)."""
    found: dict[str, set[tuple[str, ...]]] = {"open": set(), "close": set(), "thanks": set(), "then": set(),
                                              "signoff": set(), "pause": set()}
    for line in COURTESY_PHRASES.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            where, _, phrase = line.partition(":")
            if where.strip() in ("thanks", "then", "signoff", "pause"):
                found[where.strip()].update((w,) for w in words(phrase))
            else:
                found[where.strip()].add(tuple(words(phrase)))
    return found


def courtesies() -> tuple[tuple[tuple[str, ...], ...], tuple[tuple[str, ...], ...]]:
    """bot/data/courtesy.phrases: (the phrases that open a question, those that close one), longest first."""
    found = _courtesy_lines()
    return tuple(tuple(sorted(found[w], key=len, reverse=True)) for w in ("open", "close"))  # type: ignore[return-value]


@functools.lru_cache(maxsize=1)
def thanking() -> tuple[frozenset[str], frozenset[str]]:
    """bot/data/courtesy.phrases: (the words that open a closing of thanks however it goes on, "thanks heaps",
    "cheers guys", "thank you kindly"; the words such a closing may go on with)."""
    found = _courtesy_lines()
    return frozenset(w for (w,) in found["thanks"]), frozenset(w for (w,) in found["then"])


@functools.lru_cache(maxsize=1)
def _after_pause() -> frozenset[str]:
    """bot/data/courtesy.phrases "signoff:": words that make a sentence of their own a courtesy ("... ? Sorry to be
    a pain", "Hi, I hope you can help. ...", "... . Looking forward to hearing from you")."""
    return frozenset(w for (w,) in _courtesy_lines()["signoff"])


THANKS_TAIL = 8  # words at most after a word of thanks ("thanks so much for all your help guys")
SIGN_OFF = 10  # words at most of a sentence that signs off ("Sorry if I've missed it somewhere on the website")


@functools.lru_cache(maxsize=1)
def _courtesy_ends() -> tuple[Mapping[str, tuple[tuple[str, ...], ...]], Mapping[str, tuple[tuple[str, ...], ...]]]:
    """The opening courtesies by their first word and the closing ones by their last, longest first."""
    opening, closing = courtesies()
    by_first: dict[str, list[tuple[str, ...]]] = {}
    by_last: dict[str, list[tuple[str, ...]]] = {}
    for phrase in opening:
        by_first.setdefault(phrase[0], []).append(phrase)
    for phrase in closing:
        by_last.setdefault(phrase[-1], []).append(phrase)
    return ({w: tuple(ps) for w, ps in by_first.items()}, {w: tuple(ps) for w, ps in by_last.items()})


SIGNED_NAME = 3  # words of a name signed after a closing courtesy ("Kind regards, John Smith")
_POINTING = frozenset(("it", "that", "this", "he", "she", "they", "you", "we", "i"))
_THANKS_AS_A_THING = frozenset("to say send a an the my our your big special personal".split())
_WH = frozenset("who what when where why how which whose whom".split())
_AUX = frozenset("is are was were do does did can could will would should shall may might must have has had".split())
_PERSONS = frozenset("i you u he she it we they there this that anyone someone anybody somebody".split())
_TAKES = frozenset(("have", "has", "had", "got", "no", "not"))  # "i don't have any idea"
_OFFERS = frozenset(("offer", "offers", "there", "get", "give", "provide", "need", "want"))  # "is there any help"


def _asks_of(left: Sequence[str], phrase: Sequence[str] = (), paused: bool = False) -> bool:
    """Would taking a closing courtesy (phrase) off leave a question without what it asks: a verb without the thing it
    takes ("i don't have any idea" -> "i don't have"), or the stump of a question ("will the app let me know" ->
    "will the app", "can i get any help" -> "can i get"; "how will you let me know" unless a stop or a comma sets
    "let me know" off)? Then the closing is what is said."""
    return (len(left) == 1 and left[0] in _PREDICATE) or (
        phrase[:1] == ("any",) and bool(left) and (left[-1] in _TAKES or (
            phrase == ("any", "help") and left[-1] in _OFFERS))) or (
        phrase[:1] in (("let",), ("any",)) and 0 < len(left) <= 3 and left[0] in _AUX) or (
        phrase[:1] == ("let",) and not paused and bool(left) and (left[0] in _AUX or left[0] in _WH))


def courtesy_span(tokens: Sequence[str], known: Callable[[str], bool],
                  apart: Callable[[str, str], bool] | None = None, named: Sequence[bool] = (),
                  paused: Sequence[bool] = (), asked: Sequence[bool] = (), glued: Sequence[bool] = (),
                  common: Callable[[str], bool] = frozenset().__contains__) -> tuple[int, int]:
    """(start, end): the tokens between the courtesies (bot/data/courtesy.phrases) that open and close them, or
    (0, len(tokens)) when nothing goes or what is left is no more than a courtesy ("thanks i appreciate it" stays
    whole). A closing courtesy may be signed with a name: up to SIGNED_NAME tokens after it that `named` says were
    typed capitalised ("Many thanks, Jane"). A courtesy the knowledge base writes itself is kept: a word it uses
    ("cheers" at a bar called Cheers), a phrase whose first two words it writes as a pair (`apart`: an
    assistant's "greeting" written "good morning")."""
    by_first, by_last = _courtesy_ends()
    thanks, then = thanking()
    ends = _after_pause()
    before_pause = frozenset(w for (w,) in _courtesy_lines()["pause"])
    whole = tuple(tokens)
    if not whole or whole in by_first.get(whole[0], ()) or whole in by_last.get(whole[-1], ()):
        return 0, len(tokens)  # "hi there", "thanks so much": no more than that

    def goes(phrase: tuple[str, ...], after: str | None = None) -> bool:
        if len(phrase) > 1:
            return apart is None or not apart(phrase[0], phrase[1])
        # a word that opens the message goes though the knowledge base uses it, unless it writes it with the
        # word that follows ("hello, do you ..." where the content says hello; "help with homework" stays)
        return not known(phrase[0]) or (after is not None and apart is not None and not apart(phrase[0], after))

    def thanked(i: int) -> bool:  # a word of thanks, not "flowers to thank the team", "say thank you to everyone"
        return tokens[i] in thanks and (i == 0 or tokens[i - 1] not in _THANKS_AS_A_THING) and not (
            tokens[i] == "thank" and tuple(tokens[i + 1:i + 2]) not in (("you",), ("u",), ("ya",)))

    def signs_off(i: int, j: int, thanking: bool = True) -> bool:
        said = whole[i:j]
        if len(said) > SIGN_OFF or any(asked[i:j]) or said[0] in _WH or (
                len(said) > 1 and said[0] in _AUX and said[1] in _PERSONS):
            return False  # too long to sign off, or a question: "...?", "who do i speak to", "could i ..."
        if not any(((thanking and w in thanks) or w in ends) and (common(w) or not known(w)) for w in said):
            return False
        # Words the knowledge base never uses only with thanks ("... ? Cheers for sorting that, Dave"): beside
        # "looking", "hoping" they are what the visitor wants ("Looking for a roofer.", "Hoping you do horses.")
        # signed names aside (the capitalised words that end the message)
        foreign_ok = any(w in thanks for w in said)
        signed = j if not named or j < len(named) else next(
            (k for k in range(j, max(i, j - SIGNED_NAME) - 1, -1) if k == i or not named[k - 1]), j)
        return all(w in then or w in thanks or w in ends or common(w) or (foreign_ok and not known(w))
                   or (k >= signed and not known(w)) for k, w in enumerate(said, i))

    start, end = 0, len(tokens)
    moved = True
    while moved:
        moved = False
        for phrase in by_first.get(tokens[start], ()):
            n = len(phrase)
            if end - start > n and whole[start:start + n] == phrase and goes(phrase, whole[start + n]) \
                    and not (glued and glued[start + n - 1]) \
                    and (phrase[-1] not in before_pause or (bool(paused) and paused[start + n])):
                start, moved = start + n, True
                break
        signed = 0  # the capitalised words that end the message, which may be a name signed after a courtesy
        while signed < min(SIGNED_NAME, len(named)) and end - signed - 1 >= start and named[end - signed - 1]:
            signed += 1
        for k in range(signed + 1):  # "Regards, Tom": the courtesy is typed capitalised too, so any of them may sign
            if end - k - 1 < start:
                continue
            phrase = next((p for p in by_last.get(tokens[end - k - 1], ())
                           if end - start > len(p) + k and whole[end - k - len(p):end - k] == p), None)
            at = end - k - len(phrase) if phrase is not None else 0
            if phrase is not None and goes(phrase) and not (glued and glued[at - 1]) and not _asks_of(
                    whole[start:at], phrase, bool(paused) and paused[at]):
                end, moved = at, True
                break
            # thanks however it goes on: a word of thanks, then only words a closing goes on with ("thanks heaps")
            at = end - k
            while at - 1 > start and end - k - at < THANKS_TAIL and tokens[at - 1] in then:
                at -= 1
            while at < end - k and not thanked(at - 1):
                at += 1  # back to the last word of thanks among those scanned
            if at < end - k and at - 1 > start and thanked(at - 1) and goes((tokens[at - 1],)) \
                    and not _asks_of(whole[start:at - 1]):
                end, moved = at - 1, True
                break
        if moved or not paused:
            continue
        # a sentence that only signs off, after the question ("... ? Look forward to your reply") or before it ("Hi,
        # I hope you can help. ..."): set off by a pause, asking nothing, and of words a closing goes on with,
        # common words and words the knowledge base never uses, one of them a word that signs off
        cut = next((i for i in range(end - 1, max(start, end - SIGN_OFF - 1), -1)
                    if paused[i] and signs_off(i, end)), None)  # the nearest pause first: "...? Cheers, Dave"
        if cut is not None and not _asks_of(whole[start:cut]) and not (named and all(named[start:cut])):
            end, moved = cut, True
            continue
        cut = next((i for i in range(start + 1, end) if paused[i]), None)
        # thanks that open a message answer the reply before ("thank you so much, that was helpful"): small talk
        if cut is not None and signs_off(start, cut, thanking=False) and not (named and all(named[cut:end])):
            start, moved = cut, True
    left = whole[start:end]
    if (start, end) == (0, len(tokens)) or left in by_first.get(left[0], ()) or left in by_last.get(left[-1], ()):
        return 0, len(tokens)
    return start, end


# A name signed after a dash at the end of a message, after a stop or on a line of its own: "late check in? - Tom",
# "...\n-- \nDavid Jones" ("do you have - Croissants" names what it asks).
_DASH_SIGNED = re.compile(r"(?:[?.!]\s*|\n\s*)(?:--?|–|—)\s*((?:[A-Z][a-z]+(?:['’][a-z]+)?\.?\s*){1,%d})$" % SIGNED_NAME)


_PAUSE = re.compile(r"[.?!,;:\n]")  # a stop, a comma or a new line...
_WORD_CHAR = re.compile(r"\w")


def _paused(text: str) -> bool:
    """Does the text have a stop, a comma or a new line with words after it?"""
    # (The first one has, if any has. As one pattern, "[.?!,;:\n]\W*\w" tried every mark of a run and scanned the
    # rest of it from each: a time square in its length, 4 s of a worker for 16,000 colons.)
    mark = _PAUSE.search(text)
    return mark is not None and _WORD_CHAR.search(text, mark.end()) is not None


# A message marked urgent ("URGENT: ...", "... (urgent)"): the mark goes even where the knowledge base writes of
# emergencies, which "urgent" otherwise names (bot/data/everyday.synonyms).
_URGENT = re.compile(r"^\s*(?:very\s+)?urgent\s*[:!\-–—]+\s*|\s*[(\[]\s*(?:very\s+)?urgent\s*!*\s*[)\]]\s*$", re.I)


def without_courtesies(text: str, known: Callable[[str], bool],
                       apart: Callable[[str, str], bool] | None = None,
                       common: Callable[[str], bool] | None = None) -> str:
    """The message without the courtesies that open or close it (`courtesy_span`), as typed otherwise: "sorry to
    bother you, what time is breakfast? thanks in advance" -> "what time is breakfast?". A name signed after a
    dash goes too ("... - Tom"), unless the knowledge base uses one of its words ("... - Ford Focus" at a garage
    that writes "Focus"). Unchanged when nothing goes, or when folding changed the text's length (a ligature), so
    that its words' places are not the typed ones."""
    if "urgent" in text.casefold() and len(words(unmarked := _URGENT.sub("", text))) > 1:
        text = unmarked  # "Help! (urgent)" keeps its mark: it is most of what is said
    signed = _DASH_SIGNED.search(text) if any(d in text for d in "-–—") else None
    if signed and len(words(text[:signed.start()])) > 1 and not any(known(w) for w in words(signed.group(1))):
        text = text[:signed.start() + 1].rstrip()
    tokens = words(text)
    by_first, by_last = _courtesy_ends()
    thanks, _ = thanking()
    signoff = _after_pause()
    if not tokens or (tokens[0] not in by_first and not any(t in by_last for t in tokens[-SIGNED_NAME - 1:])
                      and not any(t in thanks for t in tokens[-THANKS_TAIL - SIGNED_NAME - 1:])
                      and not (_paused(text) and any(t in thanks or t in signoff for t in tokens))):
        return text  # the common case: nothing opens or closes like a courtesy
    folded = fold(text)
    if len(folded) != len(text):
        return text
    spans = [m.span() for m in _WORD.finditer(folded)]
    named = [text[a].isupper() and text[a:b].isalpha() for a, b in spans]
    paused = [i > 0 and any(c in ".?!,;:\n" for c in text[spans[i - 1][1]:a]) for i, (a, _) in enumerate(spans)]
    asked = ["?" in text[b:spans[i + 1][0] if i + 1 < len(spans) else len(text)] for i, (_, b) in enumerate(spans)]
    glued = [i + 1 < len(spans) and text[b:spans[i + 1][0]] in ("-", "‐") for i, (_, b) in enumerate(spans)]
    start, end = courtesy_span(tokens, known, apart, named, paused, asked, glued, common or frozenset().__contains__)
    if (start, end) == (0, len(tokens)):
        return text
    # from the first word kept to the next word left out (the question's own punctuation stays)
    return text[spans[start][0]:spans[end][0] if end < len(spans) else len(text)].rstrip(" \t\n,;:-([{")


_RUN = re.compile(r"\s{2,}")


def spaced_once(text: str) -> str:
    """The text with each run of spaces and line breaks as one: a line break if it holds one (a signature's line
    reads as a pause), else a space. What the engine reads of a message: several of its patterns start with \\s*
    or \\s+ and tried every start in a run, a time square in its length (4,000 line breaks held a worker 4.6 s)."""
    return _RUN.sub(lambda m: "\n" if "\n" in m.group() else " ", text)


# A message typed inside quotation marks ("\"do you fix teslas?\""), as if quoting it: the marks are no part of it.
_QUOTED = re.compile(r'\s*(?:"([^"]+)"|“([^“”]+)”|\'([^\']+)\'|‘([^‘’]+)’)\s*')


def unquoted(text: str) -> str:
    """The message without the quotation marks around the whole of it, if it is quoted so; else as typed."""
    m = _QUOTED.fullmatch(text)
    return next(g for g in m.groups() if g).strip() if m else text


def spelled_out(tokens: list[str], known: Callable[[str], bool], common: Callable[[str], bool],
                apart: Callable[[str, str], bool] | None = None,
                hyphenated: Callable[[str], tuple[str, str] | None] | None = None) -> list[str]:
    """A question's tokens as the visitor meant them: chat shorthand spelled out ("can u tell me abt it" ->
    "can you tell me about it", "id like" -> "i like"), a number glued to its unit split ("48hrs" -> "48
    hours"), a drawn-out word shortened to a word the knowledge base knows or a common word ("reddd" -> "red",
    "sooo" -> "so"), greetings at the start dropped if other words follow ("hello! is it safe?"), a child told
    by age named ("my 8 year old" -> "my child", 13 to 17 a "teenager"), two words joined
    where the knowledge base writes them as one ("after care" -> "aftercare"), and one word split where it
    writes them hyphenated ("checkout" -> "check out" for "check-out").

    `known`: the knowledge base uses this word (a token it uses is always kept as typed); `common`: a word
    every question may hold (a stop word); `apart`: the knowledge base writes these two words as a pair;
    `hyphenated`: the two words the knowledge base hyphenates for a word typed as one, else None.
    """
    table = shorthand()
    out: list[str] = []
    for i, t in enumerate(tokens):
        if t == "id" and i + 1 < len(tokens) and tokens[i + 1] in _AFTER_I_WOULD:
            out.append("i")  # "id like to book" is "I'd like to book"; "do I need to bring id?" asks for an ID
            continue
        expansion = table.get(t)
        if expansion is not None and len(t) == 1 and any(
                len(n) == 1 and n not in table for n in tokens[max(i - 1, 0):i] + tokens[i + 1:i + 2]):
            expansion = None  # a letter of an abbreviation ("U.S.", "R&B"), not "you" or "are" ("r u ok")
        elif expansion == () and (out or i == len(tokens) - 1):
            expansion = None  # only a greeting that opens the question goes ("greetings cards" stays)
        elif expansion is None and t[:1].isdigit() and (glued := _GLUED.fullmatch(t)):
            number, unit = glued.groups()
            expansion = (number, _UNITS.get(unit, unit))
        elif expansion is None and hyphenated is not None and not known(t) and (parts := hyphenated(t)):
            expansion = parts  # "checkout" for the content's "check-out"
        elif expansion is None and _DRAWN_OUT.search(t) and not known(t):
            for word in (_DRAWN_OUT.sub(r"\1\1", t), _DRAWN_OUT.sub(r"\1", t)):
                if len(word) > 1 and (known(word) or common(word) or word in table):
                    expansion = table.get(word) or (word,)
                    break
        out.extend([t] if expansion is None or known(t) else expansion)
        if t == "old" and len(out) >= 3 and out[-2] in _AGE_UNITS and out[-3].isdigit() and (
                len(out) == 3 or out[-4] not in _PREDICATE):
            age = int(out[-3])
            if age <= TEEN_AGE:  # "can my 8 year old join" -> "can my child join": the number is no word of the
                out[-3:] = ["child" if age <= CHILD_AGE else "teenager"]  # knowledge base's, the age is the child
    return _joined(out, known, apart)


# Words a typed-apart compound never starts with ("for getting" is not "forgetting", "the file" not
# "thefile"), or ends with.
_NOT_JOINED_FIRST = frozenset("a an the my your our their his her its this that these those to for of in on at by "
                              "with from into any some every no not all can may is be".split())
_NOT_JOINED_SECOND = frozenset("a an the my your our their his her its this that these those it to for of with by at "
                               "from into".split())  # "in", "on", "up", "out", "off" do end one: "checkin", "setup"


def _joined(tokens: list[str], known: Callable[[str], bool],
            apart: Callable[[str, str], bool] | None = None) -> list[str]:
    """Two words typed apart that the knowledge base writes as one ("after care" -> "aftercare", "hair cut"
    -> "haircut"), joined: each part at least two letters, the whole at least six, the first not a function
    word, and not two words the knowledge base also writes apart as a pair (`apart`: "wolfram alpha")."""
    out: list[str] = []
    i = 0
    while i < len(tokens):
        a = tokens[i]
        b = tokens[i + 1] if i + 1 < len(tokens) else ""
        if (len(a) >= 2 and len(b) >= 2 and len(a) + len(b) >= 6 and a.isalpha() and b.isalpha()
                and a not in _NOT_JOINED_FIRST and b not in _NOT_JOINED_SECOND and known(a + b)
                and not (apart is not None and apart(a, b))):
            out.append(a + b)
            i += 2
            continue
        out.append(a)
        i += 1
    return out


@functools.lru_cache(maxsize=1)
def _stemmer():
    # Only words the index has not seen before need it, so it is loaded on first use (the server's
    # workers load it before their first request). The stemmer holds no state of ours.
    with _IMPORT_LOCK:
        if "nltk" not in sys.modules:
            try:
                return _light_stemmer()
            except Exception:  # noqa: BLE001 - another layout of nltk: the plain import below
                pass
        from nltk.stem.snowball import SnowballStemmer

        return SnowballStemmer("english")


_IMPORT_LOCK = threading.Lock()
_PLACEHOLDERS = ("nltk", "nltk.corpus", "nltk.stem")


class _Stopwords:
    """What the light-imported stemmer module holds as `nltk.corpus.stopwords`: nltk's own corpus reader,
    imported (with the whole of nltk) only if someone asks a stemmer for its stop-word option."""

    def __getattr__(self, name: str):
        from nltk.corpus import stopwords

        return getattr(stopwords, name)


def _light_stemmer():
    """nltk's English Snowball stemmer, imported without running nltk's package __init__.

    `import nltk` imports most of nltk and, through it, scipy.stats: about 2 s of CPU and 90 MiB more in
    every process that answers (measured 2026-12-02: 1.8-2.3 s, resident memory 56 -> 149 MiB), for a
    stemmer that needs four small modules (nltk.stem.snowball, .porter, .api, .util). Those are imported
    under empty parent packages standing in for nltk, nltk.stem and nltk.corpus (which the stemmer reads
    only for its unused stop-word option), and the stand-ins are removed at once: a later `import nltk`,
    by anyone, runs normally and reuses the modules already loaded. If anything fails, including a check
    stem, every nltk module it imported is forgotten and the error raised (the caller imports as usual).
    """
    spec = importlib.util.find_spec("nltk")
    locations = list(spec.submodule_search_locations or []) if spec is not None else []
    if len(locations) != 1:
        raise ImportError(f"nltk is not a plain package: {locations}")
    before = set(sys.modules)
    try:
        for name, path in zip(_PLACEHOLDERS, (locations[0], None, str(Path(locations[0]) / "stem"))):
            stand_in = types.ModuleType(name)
            if path is not None:
                stand_in.__path__ = [path]
            sys.modules[name] = stand_in
        sys.modules["nltk.corpus"].stopwords = _Stopwords()  # type: ignore[attr-defined]
        stemmer = importlib.import_module("nltk.stem.snowball").SnowballStemmer("english")
        if stemmer.stem("generously") != "generous":
            raise ImportError("nltk's Snowball stemmer, imported alone, does not stem as expected")
        return stemmer
    except BaseException:
        for name in set(sys.modules) - before:
            if name == "nltk" or name.startswith("nltk."):
                del sys.modules[name]
        raise
    finally:
        for name in _PLACEHOLDERS:
            if sys.modules.get(name) is not None and not getattr(sys.modules[name], "__file__", None):
                del sys.modules[name]


# Snowball gives one stem to everyday words of different meanings ("busy" and "business" are both "busi",
# "organic" and "organize" both "organ"): a laundrette's "Do you do laundry for businesses?" answered "is it
# busy today?" at 0.88. These keep stems of their own.
_OWN_STEMS = MappingProxyType({
    **dict.fromkeys(("business", "businesses"), "business"),
    **dict.fromkeys(("apartment", "apartments"), "apartment"),
    **dict.fromkeys(("hospitality", "hospitable"), "hospitality"),
    **dict.fromkeys(("organic", "organically"), "organic"),
    **dict.fromkeys(("experiment", "experiments", "experimented", "experimenting"), "experiment"),
    **dict.fromkeys(("officer", "officers"), "officer"),
    # free slots ("do you have availability tomorrow?"), not whatever is "available" (gift vouchers, wifi)
    **dict.fromkeys(("availability", "availabilities"), "availability"),
    # things to read ("what books do I need?" at a language school), not booking: a language school answered it at
    # 0.71 from "How do I book a course?"; the verb "books" ("whoever books online") is rarer in an FAQ
    **dict.fromkeys(("books",), "books"),
    # reaching a place in a wheelchair ("is the building accessible?"), not getting in ("When can I access my
    # unit?", "24/7 access for members"), which a self-storage firm and a gym answered it from at 0.67-0.71
    **dict.fromkeys(("accessible", "accessibility", "inaccessible"), "accessible"),
    # a status ("registered with the HCPC", "a registered key system", "registered yellow fever centre"), not signing
    # up: "sign up" was answered at 0.83 from a locksmith's "Do you cut keys?" and a yoga studio's teacher training
    **dict.fromkeys(("registered",), "registered"),
})
# The American -ize spellings read as the British -ise ones, which Snowball stems differently: "organize"
# becomes "organ", "organise" "organis" (not "size", "prize" or "seize": three letters or more before it).
_IZE = re.compile(r"(?<=[a-z]{3})iz(e|ed|es|ing|ation|ations|er|ers)$")


# The listed words: a synonym group's inflections leave them out ("books" is not a form of "book").
OWN_STEM_WORDS = frozenset(_OWN_STEMS)

SPELLING_VARIANTS = Path(__file__).with_name("data") / "spelling.variants"


@functools.lru_cache(maxsize=1)
def british_stems() -> Mapping[str, str]:
    """The Snowball stem of each American spelling of bot/data/spelling.variants -> its British spelling's
    ("center" -> "centr", "color" -> "colour", "pediatr" -> "paediatr"), for the pairs whose stems differ."""
    snowball = _stemmer().stem
    out: dict[str, str] = {}
    for line in SPELLING_VARIANTS.read_text(encoding="utf-8").splitlines():
        pair = line.split("#", 1)[0].split()
        if len(pair) == 2 and (us := snowball(pair[1])) != (uk := snowball(pair[0])):
            out[us] = uk
    return MappingProxyType(out)


def stems_on_its_own(word: str) -> bool:
    """Is this word's stem not Snowball's of the word as written (a listed word, an -ize spelling, or an American
    spelling, which reads as the British one)?"""
    return word in _OWN_STEMS or _IZE.search(word) is not None or _stemmer().stem(word) in british_stems()


def stem(word: str) -> str:
    """Snowball stem of one folded word (uncached: an index's Analyzer keeps its own cache), apart from a few
    everyday words Snowball joins to others, with -ize spelled -ise and an American spelling read as the British
    one ("centers" and "centres" are both "centr"; a UK jeweller's "Do you sell jewellery?" answers "jewelry?")."""
    own = _OWN_STEMS.get(word)
    if own is not None:
        return own
    s = _stemmer().stem(_IZE.sub(r"is\1", word))
    return british_stems().get(s, s)


# Not after a step's number ("1. Call us. 2. Choose a time."), at the start of a line or after a sentence or a
# colon: the number is the step's, not a sentence ("Booking takes three steps: 1." was a concise answer). After
# any other word it ends one ("We close at 5. On Sundays...").
_SENT_SPLIT = re.compile(r"(?<=[.!?])(?<!^\d\.)(?<!^\d\d\.)(?<![:.!?]\s\d\.)(?<![:.!?]\s\d\d\.)"
                         r"\s+(?=[\"'“(]?[A-Z0-9•])|\n+", re.M)


def sentences(text: str) -> list[str]:
    """Split a section body into sentences and list items (regexp, no punkt data)."""
    out = []
    for part in _SENT_SPLIT.split(text):
        part = part.strip()
        if part:
            out.append(part)
    return out


# A second question in the same message: after a question mark, or after "and"/"also"/"plus" when what
# follows opens like a question ("..., and can I wear makeup?", "...? Can I wear makeup?"): a question word,
# or a verb that asks with a subject after it ("can I", "is it"; not "and can use", "and have google").
_AUX = r"(?:can|could|do|does|did|is|are|was|will|would|should|may|must)"
_SUBJECT = r"(?:i|you|we|they|it|he|she|my|your|our|the|a|an|this|that|there|these|those|someone|anyone|one)"
_OPENER = rf"(?:how|what|what's|whats|when|where|which|who|why|{_AUX}\s+{_SUBJECT})"
_SECOND_QUESTION = re.compile(rf"(?<!\?)\?++\s+(?=\S)|,?\s+(?:and|also|plus|&)\s+(?:also\s+)?(?={_OPENER}\b)", re.I)
_OPENS = re.compile(rf"{_OPENER}\b", re.I)
_LEADING_AND = re.compile(r"^(?:and|also|plus|&)\s+(?:also\s+)?", re.I)
MAX_QUESTIONS = 3  # parts of a message read on their own; the rest stays with the last


def questions_in(message: str) -> list[str]:
    """The questions a message asks, in order: ["how long does redness last", "can I wear makeup?"] for
    "how long does redness last and can I wear makeup?". The message alone unless every part opens like a
    question and has three words or more: "redness and swelling", "what, and why?" and "I had it done
    yesterday, is that normal?" are one question."""
    parts = [_LEADING_AND.sub("", p.strip()) for p in _SECOND_QUESTION.split(message.strip())]
    parts = [p for p in parts if p]
    if len(parts) < 2 or any(len(words(p)) < 3 or not _OPENS.match(p) for p in parts):
        return [message.strip()]
    if len(parts) > MAX_QUESTIONS:
        parts = parts[:MAX_QUESTIONS - 1] + [" ".join(parts[MAX_QUESTIONS - 1:])]
    return parts


# Where a message's clauses part: a comma, a full stop, a dash, a semicolon; and before a reason given after the
# question ("is there parking nearby as I'm driving", "... because my car is in for repair").
_BECAUSE = r"(?:as|because|since|cause|cos|coz|so)"
_CLAUSES = re.compile(rf"\s*(?<![,;:.!?])(?:[,;:.!?]++|\s[-–—]++)\s+|\s+(?={_BECAUSE} (?:i|we|my|our|i'm|im)\b)", re.I)
_REASON = re.compile(rf"^{_BECAUSE}\b", re.I)
_ASIDE_WORDS = 3  # a clause told beside the question: "I'm disabled", "quick question", "hi there"
# a bracket opening the message or closing it (after a space or the question's mark): an aside told beside the question
_BRACKETS = re.compile(r"^\s*(\([^()]*\))|(?<=[?.!\s])\s*(\([^()]*\))[\s.?!]*$")
# The visitor's own condition, told beside a question whether they may have or do something: "I'm pregnant", "I'm
# on warfarin", "I have eczema", "I take roaccutane" (not "I'm disabled, is the building accessible?", which asks
# about the building).
_CONDITION_TOLD = re.compile(r"^(?:i'?m|im|i am)\s+(?:on|taking|pregnant|breastfeeding|nursing|diabetic|allergic|"
                             r"epileptic|asthmatic|\d+\s+(?:weeks?|months?)\s+pregnant)\b"
                             r"|^(?:i have|i'?ve got|i suffer from|i take|i'?ve had)\b", re.I)
_MAY_I = re.compile(r"^(?:can|could|may|should|shall)\s+(?:i|we)\b|^is it (?:ok|okay|safe|fine|alright|possible)\b"
                    r"|^am i (?:able|allowed|ok|okay|suitable|a candidate)\b", re.I)


def clauses_of(message: str) -> list[str]:
    """A message's clauses: parted at a comma, a full stop, a dash, a semicolon, or before a reason ("as I'm ...")."""
    # Runs of spaces and line breaks read as one space first: _CLAUSES's leading \s* tried every start in a run and
    # backtracked over the rest, a time square in its length (4,000 line breaks held a worker for 4.6 s).
    # A run of marks is matched from its first only, and whole (possessive): from each one it had been scanned to
    # its end, 1.5 s of a worker for 16,000 colons. _SECOND_QUESTION's run of question marks likewise.
    return [c.strip() for c in _CLAUSES.split(" ".join(message.split())) if c and c.strip()]


def asked_clause(message: str) -> str | None:
    """The one clause of a message that asks, when the rest is an aside ("I'm disabled, is the building
    accessible?" -> "is the building accessible?", "quick question - do you take cards?") or a reason given after
    it ("is there parking nearby as I'm driving" -> "is there parking nearby"); None when no clause, or more
    than one, opens like a question, when another clause tells a story of more than three words ("I booked
    online but got no confirmation, is my booking ok?": the story is the question) outside brackets ("how long
    will my skin peel? (sorry, my answer got lost)" asks the first), or when the message is that clause."""
    # a bracket before or after the question is an aside of its own; one inside it ("2 kids (7 and 10) in a tent") is not
    asides = [m.group(1) or m.group(2) for m in _BRACKETS.finditer(message)]
    clauses = clauses_of(_BRACKETS.sub(" ", message))
    bracketed = len(clauses)  # the clauses from here on are those asides, whatever their length
    clauses += asides
    asking = [c for c in clauses if _OPENS.match(c) and len(words(c)) >= 3]
    if len(clauses) < 2 or len(asking) != 1:
        return None
    at = clauses.index(asking[0])
    for k, c in enumerate(clauses):
        if k != at and len(words(c)) > _ASIDE_WORDS and not (k > at and _REASON.match(c)) and k < bracketed:
            return None
    if _MAY_I.match(asking[0]) and any(_CONDITION_TOLD.match(c) for k, c in enumerate(clauses) if k != at):
        return None  # "I'm on isotretinoin, can I have microneedling?": the condition is what it asks about
    return asking[0]
