"""Small talk: greetings, thanks and goodbyes get a friendly reply and never reach the matcher."""

from __future__ import annotations

import re

from .text import words

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


# Words that may follow a greeting or thanks without turning it into a question.
_POLITE = frozenset(
    "there again so much very a lot bot you all for the help helpful useful info information answer answers "
    "friend everyone faqbot that it this was is that's great good nice cool perfect awesome appreciate "
    "appreciated really ok okay kind of me doing today".split()
)

# The clock, the calendar and the weather: whole questions about the visitor's here and now. Most
# knowledge bases cannot answer them, and they never continue the previous question ("what is
# microneedling?" then "what time is it?"); one that can (a campsite's "What is the weather like in the
# area?") still answers them. See `clock_reply`.
_CLOCK = re.compile(r"^(whats?( is)? the (time|date|weather)|what time is it|what (day|date) is (it|today)"
                    r"|whats?( is)? todays? ?date|is it going to (rain|snow))\b")
_CLOCK_TAIL = frozenset("now right currently please today tomorrow tonight here there outside like in your "
                        "the area it is".split())
CLOCK_REPLY = ("I can't tell the time, the date or the weather. I answer questions about this site's "
               "articles: ask me one in your own words.")


def clock_reply(question: str) -> str | None:
    """CLOCK_REPLY if the question is only about the time, the date or the weather; else None.

    The policy asks the knowledge base first, alone (never with the chat's history), and gives this
    reply only when it has no answer."""
    q = " ".join(words(question))
    return CLOCK_REPLY if len(q.split()) <= 10 and _whole(_CLOCK, q, _CLOCK_TAIL) else None


def smalltalk_reply(question: str) -> str | None:
    """A friendly reply if the question is only a greeting, thanks or similar; else None."""
    q = " ".join(words(question))
    if not q or len(q.split()) > 8:
        return None
    # "hi, how long does redness last" is a question, not small talk.
    return next((reply for pattern, reply in _SMALLTALK if _whole(pattern, q, _POLITE)), None)


def _whole(pattern: re.Pattern, q: str, tail: frozenset[str]) -> bool:
    """Does the folded question start with pattern and go on with words of tail only?"""
    m = pattern.match(q)
    return bool(m) and all(w in tail for w in q[m.end():].split())
