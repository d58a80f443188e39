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
    # The clock, the calendar and the weather: whole questions about the visitor's here and now, which no
    # article answers. Read as small talk they are never matched against a section, nor glued to the
    # previous question's subject ("what is microneedling?" then "what time is it?").
    (re.compile(r"^(what( is)? the (time|date|weather)|what time is it|what day is (it|today)"
                r"|what( is)? today s? ?date|is it going to (rain|snow))\b"),
     "I can't tell the time, the date or the weather. I answer questions about this site's articles: "
     "ask me one in your own words."),
]


# Words that may follow a greeting or thanks without turning it into a question.
_POLITE = frozenset(
    "there again so much very a lot bot you all for the help helpful useful info information answer answers "
    "friend everyone faqbot that it this was is that's great good nice cool perfect awesome appreciate "
    "appreciated really ok okay kind of me doing today now right currently here like tomorrow in your area "
    "please".split()
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
