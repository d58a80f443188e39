"""Does a question ask for a price, and does a section name one?

    asks_price(["how", "much", "is", "a", "checkup"])   # True
    names_price(section)                                # False for "How often should I have a checkup?"

"How much is a checkup?" matched against "How often should I have a checkup?" shares its subject and
nothing of what it asks: a section that says nothing about money does not answer "how much", however
well it matches the rest (bot/signals.py `unpriced` vetoes it). Both sides are read in any trade's FAQ:

- a question asks a price with "cost", "price", "fee", "do you charge", "how expensive", "how much
  is/are/for/to ..." unless it asks an amount of something else ("how much is too much sun", "how much
  storage is there"), "for free", "do I have to pay", or "is/are ... free?" ("is the consultation
  free?", not "are you free on Saturday?" or "is it gluten free?");
- a section names one with a currency sign or word, "free" (not "free of/from": "free of harsh
  chemicals"), a percentage, or a money word ("cost",
  "price", "fee", "pay", "quote", "discount", "affordable"...) in its heading, alternates or body (a
  section that talks about cost without a figure still answers the question), or has a heading or
  alternate that asks a price (an intent-style entry whose answer text is elsewhere).

A length of time and a frequency are read the same way, but only against a section whose every heading
and alternate is a question that asks something else: "how long is a checkup?" is not answered from
"How often should I have a checkup?", nor "how often should I wash my car?" from "Can I stay in my car
during the wash?", unless that section gives a length of time (or a frequency) somewhere ("every six
months" is a frequency, not a length of time; a section about distances may answer "how long" too, and
one with a year or "since" answers "how long have you been open?").
Without that condition the rule refused right answers on intent-style knowledge bases, whose entries
say what they answer in their example phrasings only (docs/matching.md); their headings are labels
("card arrival"), not questions, so it does not apply to them.

Whether the business itself is insured, licensed, qualified, registered...: "are you insured?" asks it of the
business, and a section answers it only when a heading or alternate says the word ("Are you licensed and
insured?") or its text says it of the business ("all our plumbers are fully licensed", "our nine fully
qualified instructors"). A vet's "Do you accept pet insurance?" and a storage company's "Do I need insurance?"
(your goods "must be insured") are about the visitor's insurance.

How old one must be ("what age do you have to be?", "is my son too young?") is answered only by a section that asks
it or gives an age ("aged 3 to 12", "16 and over", "from their first birthday"): bot/signals.py `unaged`.

The time after or before another event than a section's own: "can I wear makeup after botox?" is not answered by
"What Is The Aftercare Process For Microneedling?" (`events_named`, `about_event`; bot/signals.py `displaced`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import lru_cache

from .contact import PREMISES, bare
from .model import Section
from .terms import generic_words
from .text import QUESTION_WORDS, stem, words

# A question's words, lower case, as the index tokenises them ("how much is a checkup").
ASKS_PRICE = re.compile(
    r"\b(?:cost|costs|costing|price|prices|priced|pricing|fee|fees|how expensive|how cheap|do you charge|"
    r"charge for)\b"
    r"|\bhow much (?:(?:extra|more) )?(?:is|are|for|will it be|would it be|do i owe"
    # "how much to fix a puncture?", not "how much to feed a puppy?" (an amount to give, take, use...)
    r"|to(?! (?:feed|eat|drink|give|take|use|apply|put|add|pack|wear|lift|water)\b))"
    r"\b(?!.*\b(?:time|water|sleep|sun|space|storage|"
    r"data|memory|bandwidth|traffic|weight|exercise|pain|damage|notice|difference|more|too|enough)\b)"
    r"|\bfor free\b|\bfree of charge\b|\bdo (?:i|we) (?:have|need) to pay\b"
    # "what would I be paying each week?", "how much will we pay?": an amount to pay is a price, not a way of
    # paying ("what can I pay with?" is one)
    r"|\b(?:what|how much) (?:would|will|do|does|did|am|are|should|shall) (?:i|we) (?:be )?pay(?:ing)?\b"
    r"(?! (?:with|by|using|via|through|in|on|online)\b)"
    # "is the consultation free?", not "are you free on Saturday" or "is it gluten free"
    r"|^(?:is|are)\b(?!.*\byou\b).*\b(?!(?:gluten|sugar|dairy|lactose|nut|wheat|egg|meat|fat|alcohol|caffeine|latex|"
    r"fragrance|scent|perfume|paraben|cruelty|smoke|step|hands|pain|risk|stress|hassle|worry|scar|tax|duty)\b)\w+ free$")

# A section's heading, alternates and body (or one sentence of it, for the concise answer).
NAMES_PRICE = re.compile(
    r"[$£€¥₹]|\b(?:usd|eur|gbp|dollars?|pounds?|euros?|cents?|pence|bucks)\b|\bno charge\b"
    r"|\bfree\b(?! (?:of|from)\b(?! charge\b))"  # "free of charge", not "free of harsh chemicals"
    r"|\b(?:cost|costs|price|prices|priced|pricing|fee|fees|charge|charges|charged|rate|rates|quote|discount|"
    r"paid|pay|payment|expensive|cheap|cheaper|afford|affordable|budget)\b|%|\bper ?cent\b", re.I)


DURATION, FREQUENCY, PRICE = "a length of time", "a frequency", "a price"
_ASKS = {
    DURATION: re.compile(r"\bhow long\b(?! ago)|\bhow much time\b"
                         r"|\bhow many (?:seconds|minutes|hours|days|nights|weeks|months|years)\b"),
    FREQUENCY: re.compile(r"\bhow (?:often|frequently)\b|\bhow many times\b"),
    PRICE: ASKS_PRICE,
}
_UNITS = re.compile(r"\b(?:seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|nights?|weeks?|wks?|fortnights?|"
                    r"months?|years?|yrs?|overnight)\b", re.I)
_LENGTHS = re.compile(r"\b(?:length|distance|miles?|km|kilomet(?:er|re)s?|met(?:er|re)s?|feet|foot|inch(?:es)?|cm|mm|"
                      r"yards?)\b", re.I)
# "How long have you been in business?" asks the time since a start: a year or "since ..." answers it.
_ASKS_SINCE = re.compile(r"\bhow long (?:have|has|had)\b")
_NAMES_START = re.compile(r"\bsince\b|\b(?:1[89]|20)\d\d\b|\b(?:founded|established)\b"
                          r"|\b(?:for|over|nearly|almost|more than) (?:\w+ )?(?:years|decades)\b|\b\d+ years\b", re.I)
_HOW_OFTEN = "every|each|per|once|twice|times"  # "every six months", "twice a day", "3 times per week"
# Just before a unit of time, they make it a frequency: "every (three to four) months".
_EVERY = re.compile(rf"\b(?:{_HOW_OFTEN})\W+(?:\w+\W+){{0,3}}$", re.I)
_NAMES_FREQUENCY = re.compile(rf"\b(?:{_HOW_OFTEN}|daily|weekly|monthly|yearly|annually|regularly|frequently|often|"
                              r"schedule)\b", re.I)


# A phrasing that is a question ("Can I stay in my car during the wash?"), not a label ("card arrival").
_QUESTION = re.compile(r"\?\s*$|^(?:how|what|when|where|which|who|why|can|could|do|does|did|is|are|was|will|would|"
                       r"should|may|must|have|has|am|i|my)\b")


@lru_cache(maxsize=4096)
def kinds_asked(text: str) -> frozenset[str]:
    """What a question (lower-case words) asks of these: a length of time, a frequency, a price.

    Remembered: one question is read against every heading and alternate of its best sections, and
    those are read again for every question."""
    return frozenset(kind for kind, pattern in _ASKS.items() if pattern.search(text))


# A time of day: not a kind `untimed` reads (a section may give its hours in any form), but a heading that asks
# "what time" is about what such a question asks.
ASKS_HOUR = re.compile(r"\bwhat time\b|\bhow (?:early|late)\b")


HOUR = "a time of day"


def asks_alike(question: str, phrasing: str, kind: str | None = None) -> bool:
    """Do a question and a heading or alternate (lower-case words) ask for the same kind of thing: a price, a
    length of time, a frequency or a time of day ("what time can we arrive", "what time is check in")? With
    `kind`, only that kind counts."""
    shared = kinds_asked(question) & kinds_asked(phrasing)
    if ASKS_HOUR.search(question) is not None and ASKS_HOUR.search(phrasing) is not None:
        shared |= {HOUR}
    return kind in shared if kind is not None else bool(shared)


_CREDENTIALS = ("licensed", "licenced", "insured", "bonded", "certified", "accredited", "qualified", "registered",
                "vetted", "regulated", "trained", "dbs checked")
_WORKERS = (r"staff|team|people|employees|workers|instructors|teachers|tutors|therapists|physios|stylists|"
            r"hairdressers|technicians|mechanics|engineers|plumbers|electricians|builders|cleaners|drivers|"
            r"groomers|vets|nurses|dentists|doctors|trainers|preparers|accountants")
_ASKS_CREDENTIAL = re.compile(
    rf"\b(?:are|r) (?:you|u|you all|you guys|your (?:\w+ )?(?:{_WORKERS}))(?: (?:all|fully|properly|also|actually))? "
    rf"({'|'.join(_CREDENTIALS)})\b")
_SAME = {"licenced": "licen[cs]ed", "licensed": "licen[cs]ed"}
# said of the business: "we hold £5m of public liability insurance", not "vendors who carry liability insurance"
_LIABILITY = re.compile(r"\b(?:we|we're|we’re|our)\b(?:\W+\w+){0,5}?\W+liability (?:insurance|cover)\b", re.I)


def credential_asked(tokens: Sequence[str]) -> str | None:
    """The word a question asks of the business itself ("are you insured?" -> "insured"), or None."""
    m = _ASKS_CREDENTIAL.search(" ".join(tokens).lower())
    return m.group(1) if m else None


def vouches(section: Section, credential: str) -> bool:
    """Does a section say the credential of the business: a heading or alternate with the word, or text that
    says it of "we", "our ..." or "fully ..."?"""
    word = _SAME.get(credential, re.escape(credential))
    if any(re.search(rf"\b(?:{word})\b", p, re.I) for p in (section.heading, *section.alternates)):
        return True
    if credential == "insured" and _LIABILITY.search(section.body):
        return True  # "we hold £5m of public liability insurance"
    # "we are fully licensed and insured", "all our engineers are Gas Safe registered", "our nine fully qualified
    # instructors", "all registered with the HCPC", "our licensed bartenders"; not "everything you store with us
    # must be insured"
    return re.search(rf"\b(?:we(?:'re|’re| are)|(?:our|all|every) (?:\w+ ){{0,4}}(?:are|is)|fully|all|our)\s+"
                     rf"(?:\w+ ){{0,2}}(?:{word})\b", section.body, re.I) is not None


# The business's own premises, and the parts of them a visitor asks the hours of ("what time does the kitchen
# close?" at a restaurant, "when does reception open?" at a hotel): not another place (`place_asked`).
_PARTS = r"kitchen|reception|front desk"
_OWN = rf"{PREMISES}|{_PARTS}"
# The words any business's premises go by, as an hours question names them ("is the shop open?", "what time does
# your office close?"): the business itself. A part of it ("the kitchen", "reception") or a kind of premises
# ("the gym", "the salon") stays a subject: a hotel's reception keeps other hours than its restaurant, and "is
# the gym open?" to a hotel without one asks of something else.
ANY_BUSINESS = ("shop", "store", "office", "business", "premises", "building", "place", "location", "branch",
                "venue", "facility", "centre", "center")
_DAYS = r"(?:mon|tues|wednes|thurs|fri|satur|sun)days?|weekdays?|weekends?|(?:bank|public) holidays?|christmas|easter"
_WORKS_ON_DAYS = (rf"\b(?:do|does|will) (?:you|u|ya) (?:work|trade|operate) (?:on |at |over |during )?(?:the )?"
                  rf"(?:{_DAYS})\b")
# Whether, or when, the business is open ("are you open today?", "what time do you close?", "opening hours").
_ASKS_HOURS = re.compile(
    rf"\b(?:are|r) (?:you|u|ya) (?:\w+ )?open\b"
    rf"|\bis (?:it|(?:the |your )?(?:{_PARTS})|(?:the|your) (?:{_OWN})) (?:\w+ )?open\b"
    rf"|\b(?:when|what time) (?:do|does|are|will) (?:you|u|(?:the |your )?(?:{_PARTS})|(?:the|your) (?:{_OWN})) "
    rf"(?:open|close|shut)\b"
    rf"|\bopening (?:hours|times)\b|\b(?:your|business) hours\b|\bhow late (?:are|r) (?:you|u) open\b"
    rf"|\bhow (?:early|late) (?:do|does|will) (?:you|u|(?:the |your )?(?:{_PARTS})|(?:the|your) (?:{_OWN})) "
    rf"(?:open|close|shut)\b"
    rf"|\b(?:do|does|will) (?:you|u|(?:the |your )?(?:{_PARTS})|(?:the|your) (?:{_OWN})) (?:open|close|shut) "
    rf"(?:late|early|later|earlier)\b"
    rf"|\bopen (?:today|now|tomorrow|tonight|late|early|(?:on )?(?:{_DAYS}))\b"
    # working on a day: "do you work weekends?", "do you work on bank holidays?" (an hours entry answers it)
    rf"|{_WORKS_ON_DAYS}"
    # still open at all: "are you still in business?" (a laundrette answered it from "Do you do laundry for
    # businesses?" at 0.90), "are you still trading?"
    rf"|\b(?:are|r) (?:you|u|ya) still (?:in business|trading|operating)\b"
    # the hours of its own premises or a part of them, by name alone: "restaurant hours", "the gym opening times"
    rf"|^(?:(?:what|when) (?:are|is) )?(?:the |your )?(?:{_OWN}) (?:(?:opening|closing) )?(?:hours|times)$"
    # a message that is only the word: "hours?", "your hours please" (in a chat widget, the business's)
    rf"|{bare('hours')}")
# The stems of the words a question about opening hours alone is made of ("are you open on sundays", "hours?",
# "is the shop open on saturdays?": the business's own premises): one with any other subject word ("is the post
# office open?") is read on its words as before.
HOURS_STEMS = frozenset(
    "open hour time close shut today now tonight tomorrow late earli early still current weekend weekday week day "
    "monday tuesday wednesday thursday friday saturday sunday bank holiday public".split()
    + [f(w) for w in ANY_BUSINESS + ("trading", "operating") for f in (str, stem)])
# A section that says when the business is open: a time of day, a day of the week, "24/7", "closed on"... (not "48
# hours ahead" or "within seven days", a length of time), or a heading or alternate about opening hours.
_NAMES_HOURS = re.compile(
    # "9:30", and "9.30" after a word that puts a time (a decimal otherwise: "£1.50", a video's start="4.14")
    rf"\b\d{{1,2}}(?:[:.]\d{{2}})? ?(?:am|pm|a\.m\.|p\.m\.)|\b\d{{1,2}}:\d{{2}}\b"
    rf"|\b(?:at|from|until|till|to|by|before|after|between|and) \d{{1,2}}\.\d{{2}}\b|\b(?:noon|midday|midnight)\b"
    rf"|\b24/7\b|\b24-hour\b|\b24 hours a day\b|\bopen 24 hours\b|\b(?:round|around) the clock\b"
    rf"|\b(?:{_DAYS})\b|\bevery day\b|\bseven days a week\b|\bopen seven days\b"
    rf"|\bdaily\b|\bopen(?:ing)? (?:hours|times)\b|\boffice hours\b|\bopen (?:from|until|till|between)\b"
    # "closed on Sundays", "closed for lunch", not "closed source" or "if we're closed"
    rf"|\bclosed (?:on|for|over|between|from|during|at|in|every|each|until|till|all|most|public|bank|throughout)\b",
    re.I)
# Not "quiet hours" (a campsite's: when to keep the noise down) nor "peak hours", "off-peak times": when it is
# busy or cheaper, not when it is open. Nor opening or closing a thing: a locksmith's "Can you open a safe?", "How
# do I close my account?", "open up the lock" (but "Are you open the day after Thanksgiving?" is about hours).
_THING = (r" (?:a|an|my|your|our|his|her|their|its|these|those|it|them|up|(?:the|this|that)"
          rf"(?! (?:day|days|week|weeks|month|year|whole|rest|holidays?|morning|afternoon|evening|{_DAYS})\b))\b")
# Nor "close to" (near: "is the campsite close to the beach?"), nor hours or times counted: a length of time or a
# frequency ("it's been a couple hours", "I entered the PIN wrong too many times", "5 times now"; banking77's
# phrasings), though "24 hours" is round the clock.
_ABOUT_HOURS = re.compile(rf"\b(?:open|opening|close|closing)\b(?!{_THING}| to\b)"
                          r"|\b(?<!quiet )(?<!peak )(?:hours|times)\b", re.I)
_COUNTED = re.compile(r"(?:(?<![\d/])(?!24\b)\d+|\b(?:two|three|four|five|six|seven|eight|nine|ten|twelve|twenty|few"
                      r"|couple|several|many|multiple|different|duplicate|number|past))[\s-]+(?:of\s+)?$", re.I)
# When another place opens: "what time does the bank open?", "is the post office open on saturdays?", "opening
# hours of the library" (not "the shop", "the salon": the premises a visitor calls the business's own).
_PLACE = r"((?:\w+ ){0,2}?\w+)"
# A place's hours asked by name alone: "bar hours", "what are the pool hours?", "spa opening times" (not "opening
# hours", "your hours", "office hours": the business's, nor "peak hours", "delivery times").
_NOT_A_PLACE = (r"(?:your|ur|our|the|opening|closing|business|office|trading|working|normal|usual|regular|current|"
                r"holiday|christmas|summer|winter|weekend|weekday|peak|off|visiting|contact|what|are|how|many|more|"
                r"extra|long|longer|flexible|late|early|open|\d+\w*)")
# A day or a time after a place's hours: "what are the post office opening hours on a saturday", "bank hours today"
_WHEN_AFTER = r"(?: (?:on|at|in|over|during|this|next|today|tomorrow|tonight)(?: \w+){0,2})?"
_OTHER_HOURS = re.compile(
    rf"\b(?:when|what time|how late|until when|till when|until what time) (?:do|does|is|will) (?:the|a|an) "
    rf"{_PLACE} (?:stay |remain |be )?(?:open|close|shut)\b"
    # "how long" asks opening hours only with a day or time after it: "how long does the post office stay open on
    # fridays", not "how long do the channels stay open after treatment?"
    rf"|\bhow long (?:do|does|will) (?:the|a|an) {_PLACE} (?:stay|remain|be) open (?=(?:on|at|during|over|today|tonight"
    rf"|tomorrow|this|every|until|till)\b)"
    rf"|\bis (?:the|a|an) {_PLACE} (?:still )?(?:open|closed)\b"
    rf"|\bopening (?:hours|times) (?:of|for|at) (?:the|a|an) {_PLACE}"
    r"(?= (?:on|at|in|over|during|this|next|today|tomorrow|tonight)\b|$)"
    rf"|^(?:(?:what|when) (?:are|is) )?(?:the )?(?!{_NOT_A_PLACE}\b)((?:\w+ )?(?!opening\b|closing\b)\w+) (?:(?:opening|closing) )?hours"
    rf"{_WHEN_AFTER}$"
    rf"|^(?:(?:what|when) (?:are|is) )?(?:the )?(?!{_NOT_A_PLACE}\b)((?:\w+ )?(?!opening\b)\w+) opening times{_WHEN_AFTER}$")
_OURS = re.compile(rf"^(?:{_OWN})$")
_BUSINESS_NAMED = re.compile(rf"\b(?:the|your|ur) ({'|'.join(ANY_BUSINESS)})\b")


def premises_named(tokens: Sequence[str]) -> frozenset[str]:
    """The words of a question about the business's hours that name the business by its premises ("is the shop
    open on saturdays?" -> {"shop"}, as "are you open on saturdays?"), as typed and stemmed; empty for any other
    question ("where is the shop?", "do you sell shop fittings?")."""
    if not asks_hours(tokens):
        return frozenset()
    named = _BUSINESS_NAMED.findall(" ".join(tokens).lower())
    return frozenset(f(w) for w in named for f in (str, stem))


# The words of an hours question that only say when ("how late are you open?", "are you open on sundays?",
# "do you open early tomorrow morning?"): an opening-hours entry answers them whether or not it writes them.
# Not "open", "close" or "hours": what the question asks.
_WHEN_WORDS = frozenset(
    "late later latest early earlier earliest morning mornings afternoon afternoons evening evenings night nights "
    "tonight today tomorrow now currently still weekend weekends weekday weekdays bank public holiday holidays "
    "monday tuesday wednesday thursday friday saturday sunday mondays tuesdays wednesdays thursdays fridays "
    "saturdays sundays".split())


WHEN_STEMS = frozenset(stem(w) for w in _WHEN_WORDS)  # as the index's terms: "sunday", "late", "morn"...


def when_words(tokens: Sequence[str]) -> frozenset[str]:
    """The words of a question about the business's hours that only say when ("late", "early", "on sundays",
    "tomorrow morning"), as typed; empty for any other question ("what is a late fee?")."""
    if not asks_hours(tokens):
        return frozenset()
    return frozenset(w for w in (t.lower() for t in tokens) if w in _WHEN_WORDS)


_PART_NAMED = re.compile(rf"\b({_OWN})\b")


def part_named(tokens: Sequence[str]) -> str | None:
    """The part or kind of its own premises whose hours a question about the business's hours asks ("what time does
    reception close?" -> "reception", "restaurant hours" -> "restaurant"), or None (none named, or a word any
    business goes by: "is the shop open?")."""
    if not asks_hours(tokens):
        return None
    named = [w for w in _PART_NAMED.findall(" ".join(tokens).lower()) if w not in ANY_BUSINESS]
    return named[0] if named else None


# The words of a question about a place's hours that ask when it opens ("when does the bar close?", "spa opening
# times"): the place is its subject, and that place's hours answer it whether or not they write "close".
OPENING_WORDS = frozenset("open opens opening close closes closing shut shuts hour hours time times".split())


def opening_words(tokens: Sequence[str]) -> frozenset[str]:
    """The words of a question about a named place's hours that ask when it opens or closes ("close" of "when does
    the bar close?", "opening", "times" of "spa opening times"), as typed; empty for any other question ("what
    time do you close?": those words find the business's hours)."""
    if place_asked(tokens) is None and part_named(tokens) is None:
        return frozenset()
    return frozenset(w for w in (t.lower() for t in tokens) if w in OPENING_WORDS)


_WORKS_ON = re.compile(_WORKS_ON_DAYS)
WORKING = frozenset("work trade operate".split())


def open_for_working(tokens: list[str]) -> list[str]:
    """A question asking whether the business works on a day, asking whether it is open then: "do you work
    weekends?" -> "do you open weekends?"; any other as it is."""
    if not _WORKS_ON.search(" ".join(tokens).lower()):
        return tokens
    return ["open" if w in WORKING else w for w in tokens]


def asks_hours(tokens: Sequence[str]) -> bool:
    """Does a question ask whether or when the business is open ("are you open today?", "what time do you close")?"""
    return _asks_hours(" ".join(tokens).lower())


# A question's analysis, ranking, vetoes and concise answer each ask these of the same words: read once.
@lru_cache(maxsize=1024)
def _asks_hours(text: str) -> bool:
    return _ASKS_HOURS.search(text) is not None


def about_price(section: Section) -> bool:
    """Does a heading or alternate of a section ask what something costs ("How much does it cost?")?"""
    return any(PRICE in kinds_asked(" ".join(words(p))) for p in (section.heading, *section.alternates))


def about_hours(section: Section) -> bool:
    """Is a heading or alternate of a section about opening, closing or hours?"""
    return any(not (m.group().lower() in ("hours", "times") and _COUNTED.search(p, 0, m.start()))
               for p in (section.heading, *section.alternates) for m in _ABOUT_HOURS.finditer(p))


# Closing for a reason, not at a time of day: "Do you close for bad weather?", "What happens if the pool has to close?"
_CLOSES_FOR = re.compile(r"\b(?:close|closed|closes|closing|shut)\b (?:for|because|due|if|when|in)\b"
                         r"|\b(?:has|have|had|need|needs|ever) to close\b|\bclosures?\b", re.I)


def only_closes_for(section: Section) -> bool:
    """Is a section about opening hours only by closing for a reason ("Do you close for bad weather?"): a heading or
    alternate says so, and none is about opening hours once that is set aside?"""
    phrasings = (section.heading, *section.alternates)
    return (any(_CLOSES_FOR.search(p) for p in phrasings)
            and not any(_ABOUT_HOURS.search(_CLOSES_FOR.sub(" ", p)) for p in phrasings))


def says_hours(section: Section) -> bool:
    """Does a section say when the business is open: a heading or alternate about it, or a time of day, a day of
    the week, "24/7"... in its text?"""
    if about_hours(section):
        return True
    return _NAMES_HOURS.search(section.text) is not None


_TIME = r"\b\d{1,2}(?:[:.]\d{2})? ?(?:am|pm|a\.m\.|p\.m\.)|\b\d{1,2}[:.]\d{2}\b|\b(?:noon|midday|midnight)\b"
# Opening times given as a span ("from 6am to 10pm", "9:00-17:30", "Tuesday to Sunday") or round the clock, not a
# day or a time named in passing ("24-hour CCTV", "staff are on site during office hours", "on Saturdays").
_GIVES_HOURS = re.compile(
    rf"(?:\b\d{{1,2}}(?:[:.]\d{{2}})? ?(?:am|pm|a\.m\.|p\.m\.)?|\b(?:noon|midday))"
    rf" ?(?:-|–|to|until|till) ?(?:{_TIME})"
    rf"|\b(?:{_DAYS}) ?(?:-|–|to|through|until|till) ?(?:{_DAYS})\b"
    r"|\b24/7\b|\b24 hours a day\b|\bopen 24 hours\b|\b(?:round|around) the clock\b", re.I)


TIME_OF_DAY = re.compile(_TIME, re.I)
_DAY = re.compile(rf"\b(?:{_DAYS})\b", re.I)
# The days a question names, as the words a sentence would say them with ("the weekend": Saturday and Sunday too).
_DAYS_IMPLIED = {"weekend": ("weekend", "saturday", "sunday"),
                 "weekday": ("weekday", "monday", "tuesday", "wednesday", "thursday", "friday")}


def days_asked(text: str) -> tuple[str, ...]:
    """The days a question names ("are you open on sundays?" -> ("sunday",)), in the words a sentence would use."""
    found: list[str] = []
    for m in _DAY.finditer(text.lower()):
        day = re.sub(r"s$", "", re.sub(r"\s+", " ", m.group(0)))
        found.extend(_DAYS_IMPLIED.get(day, (day,)))
    return tuple(dict.fromkeys(found))


_WEEK = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_WEEKDAY = r"(?:mon|tues|wednes|thurs|fri|satur|sun)day"
_EVERY_DAY = r"\bevery day\b|\b(?:seven|7) days\b|\bdaily\b"
_DAY_SPAN = re.compile(rf"\b({_WEEKDAY})s? ?(?:-|–|to|through|until|till) ?({_WEEKDAY})s?\b", re.I)


def names_day(text: str, days: Sequence[str] = ()) -> bool:
    """Does a text name one of these days (a day of the week, a holiday), or any day when none is given? A span
    names the days inside it: "Tuesday to Sunday" names Saturday, "at weekends" Sunday."""
    if not days:
        return _DAY.search(text) is not None
    if re.search(rf"\b(?:{'|'.join(map(re.escape, days))})s?\b|{_EVERY_DAY}", text, re.I):
        return True
    for span, inside in _DAYS_IMPLIED.items():  # "at weekends" names Sunday
        if not set(inside).isdisjoint(days) and re.search(rf"\b{span}s?\b", text, re.I):
            return True
    for m in _DAY_SPAN.finditer(text):
        a, b = _WEEK.index(m.group(1).lower()), _WEEK.index(m.group(2).lower())
        inside = {_WEEK[(a + k) % 7] for k in range((b - a) % 7 + 1)}
        if not inside.isdisjoint(days):
            return True
    return False


def names_time(text: str) -> bool:
    """Does a text give a time of day ("10am", "18:00", "noon") or opening times as a span ("Tuesday to
    Sunday", "24/7")?"""
    return TIME_OF_DAY.search(text) is not None or _GIVES_HOURS.search(text) is not None


def gives_hours(section: Section) -> bool:
    """Does a section's text give opening times as a span ("6am to 10pm, seven days a week", "Monday to Friday")
    or round the clock ("24/7")?"""
    return _GIVES_HOURS.search(section.text) is not None


def place_asked(tokens: Sequence[str]) -> str | None:
    """The place whose opening hours a question asks when it is not the business ("what time does the bank open?"
    -> "bank", "is the post office open" -> "post office"), or None."""
    return _place_asked(" ".join(tokens).lower())


@lru_cache(maxsize=1024)
def _place_asked(text: str) -> str | None:
    m = _OTHER_HOURS.search(text)
    if m is None:
        return None
    place = next(g for g in m.groups() if g)
    return None if _OURS.match(place) else place  # "the shop", but "the post office" is another


# Parking, or bringing or allowing something, at another place: "where can i park near the hospital", "is there
# parking at heathrow terminal 5", "where can I park for the arena", "are dogs allowed on the beach", "can i bring my
# dog on a plane"; the place ends before a when or a how long ("at the airport for a week", "near the stadium on match
# day"). Not "for customers", "for free".
_AT_ANOTHER_PLACE = re.compile(
    r"(?:\bpark(?:ing)?\b(?: (?:my|the|a|our) (?:car|van|vehicle|motorbike|motorcycle|campervan)| it)?(?: for free)?"
    r" (?:(?:at|near|by|around|outside|in|close to|next to) (?:the |a |an )?|for the )"
    r"|\b(?:allowed|welcome|permitted) (?:on|in|at|into|inside) (?:the |a |an )?"
    r"|\bbring (?:my|our|a|the|your) (?:\w+ )?\w+ (?:on|to|into|onto) (?:the |a |an )?)"
    r"((?:\w+ ){0,2}?\w+)(?: (?:on|for|at|in|during|overnight|this|next|today|tomorrow|tonight|when|while|please)\b.*)?$")
# Where a visitor parks, or brings a dog, at the business itself, whatever its content calls it: "can I park at the
# back?", "near you", "are dogs allowed in the room?"
_NEAR_US = frozenset("you yours u ya here there back front side rear entrance door doors gate street streets road roads "
                     "kerb curb drive driveway lot end top bottom corner property house home night weekend weekends "
                     "day daytime evening morning all park parking car room rooms class classes lesson lessons "
                     "session sessions appointment appointments inside site garden gardens grounds table tables pitch "
                     "pitches pool premises".split())
_WHOSE = frozenset("my your our ur his her their its".split())  # "at my house": a removals firm parks there


def place_asked_at(tokens: Sequence[str]) -> str | None:
    """The place a question asks to park at, or to bring or allow something at, when it is not the business ("where
    can i park near the hospital" -> "hospital", "are dogs allowed on the beach" -> "beach"), or None ("is there
    parking", "can I park at the back", "parking for customers", "can I bring my dog to class")."""
    m = _AT_ANOTHER_PLACE.search(" ".join(tokens).lower())
    if m is None:
        return None
    named = [w for w in m.group(1).split() if not w.isdigit()]  # "heathrow terminal 5"
    if not named or named[0] in _WHOSE or named[-1] in _NEAR_US or named[-1] in _WHEN_WORDS:
        return None
    place = " ".join(named)
    return None if re.fullmatch(rf"(?:{_OWN})", place) else place


# The time after or before an event: "can I wear makeup after botox?", "how soon can I swim after laser hair removal?",
# "and after a chemical peel?". Not looking after something ("do you look after cats?"), and not the business's own
# visit, whatever the visitor calls it ("after my session", "before the appointment").
_AROUND = frozenset({"after", "before", "following"})
_EVENT_OPENERS = frozenset("a an the my your his her our their this that getting having doing".split())
_LOOKING = frozenset("look looks looking looked care".split())
_VISIT = frozenset("appointment appointments appt session sessions class classes lesson lessons visit treatment "
                   "treatments procedure booking stay service course".split())


def events_named(tokens: Sequence[str], is_stop: Callable[[str], bool]) -> list[list[str]]:
    """The events a question asks the time after or before, each as its words up to the first stop word, question
    word, number or mark, everyday words left out (three words at most): "can I wear makeup after a chemical peel?"
    -> [["chemical", "peel"]]; none for the business's own visit ("after my session"), for looking after something
    ("do you look after cats?") or for everyday words alone ("after making my bank transfer")."""
    words = [w.lower() for w in tokens]
    everyday = generic_words()
    events = []
    for i, w in enumerate(words):
        if w not in _AROUND or (i and words[i - 1] in _LOOKING):
            continue
        j = i + 1
        while j < len(words) and words[j] in _EVENT_OPENERS:
            j += 1
        end = j + 3
        event = []
        while (j < min(end, len(words)) and words[j].isalpha() and words[j] not in QUESTION_WORDS
               and not is_stop(words[j])):
            if words[j] not in everyday:
                event.append(words[j])
            j += 1
        if event and not set(event) <= _VISIT:
            events.append(event)
    return events


def about_event(phrasing_words: str) -> bool:
    """Does a heading or alternate (its folded words) ask about the time after or before something ("how long does
    redness last after microneedling", "what is the aftercare process")?"""
    return any(w in _AROUND or w == "aftercare" for w in phrasing_words.split())


# How old one must be, or whether someone is too young or too old: "what age do you have to be?", "is there a
# minimum age?", "is my son too young?", "how old do you have to be to rent a car?". Not how old a thing is ("how
# old is the building?").
_ASKS_AGE = re.compile(
    r"\b(?:what|which) ages?\b|\bhow old (?:do|does|must|should|would|will|can|has|have|is|are|am) (?:\w+ ){0,3}?"
    r"(?:be|to)\b|\b(?:minimum|maximum|min|max|youngest|oldest) ages?\b|\bage (?:limit|limits|requirement|"
    r"requirements|restriction|restrictions|range|group|groups)\b|\btoo (?:young|old)\b|\b(?:old|young) enough\b")
# An age given in a section's text: "aged 3 to 12", "16 and over", "over-18s", "under 5s", "12-year-olds", "18+",
# "from the age of 4", "all ages", "six months old", "puppies under six months". Not "over 30 minutes" or "under 2
# hours".
_UNITS_NOT_AGE = (r"(?!\s*(?:%|per|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?|miles?|km|kg|kilos?|"
                  r"pounds?|lbs?|people|guests|items|boxes|bags|pieces|cm|mm|m\b|ft|feet|inch))")
_AGE_NUMBER = r"(?:\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|sixteen|eighteen)"
# who has an age: "puppies under six months", "children from 6 weeks" (not "repairs under 2 weeks")
_AGED = (r"(?:bab(?:y|ies)|infants?|toddlers?|child(?:ren)?|kids?|pupils?|students?|teens?|puppy|puppies|kittens?"
         r"|dogs?|cats?|pets?)")
_GIVES_AGE = re.compile(
    r"\b\d{1,2}\s?(?:\+|-?\s?years?[- ]olds?\b|-?\s?months?[- ]olds?\b|-?\s?weeks?[- ]olds?\b|\s?yrs?\b)"
    rf"|\b{_AGE_NUMBER}[- ](?:years?|months?|weeks?)[- ]olds?\b"
    rf"|\b{_AGED} (?:from|under|over|below|above|aged|older than|younger than) {_AGE_NUMBER}"
    r" (?:weeks?|months?|years?)\b"
    r"|\b(?:aged?|ages) (?:of )?\d|\bage of \d"
    rf"|\b(?:over|under)[- ]?\d{{1,2}}s?\b{_UNITS_NOT_AGE}"
    r"|\b\d{1,2} (?:and|or) (?:over|under|up|upwards|older|above|younger|below)\b"
    r"|\b(?:months|years|weeks) of age\b|\b(?:first|1st|second|2nd|third|3rd) birthday\b"
    r"|\b(?:all|any) ages\b|\b(?:minimum|maximum) age\b|\bteenagers?\b|\badults? only\b", re.I)


# The words `asks_age` reads: where the question asks an age, they say so, and name nothing it is about.
AGE_WORDS = frozenset("age ages aged old older oldest young younger youngest enough minimum maximum min max".split())


def asks_age(tokens: Sequence[str]) -> bool:
    """Does a question (its words, lower case) ask how old one must be, or whether someone is too young or old?"""
    return _ASKS_AGE.search(" ".join(tokens).lower()) is not None


# A heading or alternate asks it, or asks how old someone is: "How old are you?", an assistant's own age, answers "i
# was wondering what age you are" (clinc150-intents); not the article's "does age affect healing time".
_HOW_OLD = re.compile(r"\bhow old\b")


# The visitor arriving: "when should i arrive?", "what time should we turn up?", "what if i turn up late?"; not
# "what time will the crew turn up?" nor "when will my card arrive?", nor "can i just turn up?" (without booking: the
# walk-in synonyms of bot/data/everyday.synonyms), nor "do i pay when i arrive?": a clause of time ("when i get
# there", "once we arrive") says when something else happens, and the question asks that.
_ARRIVING = r"(?:arrive|arriving|turn up|turning up|get there)\b"
_VISITOR = r"\b(?:i|we)\b(?: \w+){0,2}? "  # the visitor, then up to two words before arriving
_ASKS_ARRIVAL = re.compile(r"(?<!\bwhen )(?<!\bonce )(?<!\bafter )(?<!\bbefore )(?<!\buntil )(?<!\btill )"
                           rf"(?<!\bas soon as ){_VISITOR}(?<!just ){_ARRIVING}")
# A section about it: a heading or alternate in which the visitor arrives ("How early should I arrive?", "What time
# can we arrive and when do we need to leave?") or about check-in; or a text in which the visitor does ("please
# arrive 10 minutes early", "If you arrive later than 9pm", "Arriving 10 minutes early gives you time...", "Check-in
# is from 3pm"), not another party or a thing ("before our locksmith arrives", "your crew will arrive", "as soon as
# they arrive", "paid on arrival", "your arrival time").
_CHECK_IN = r"\bcheck[- ]?ins?\b"
_ABOUT_ARRIVAL = re.compile(rf"{_VISITOR}{_ARRIVING}|{_CHECK_IN}")
_TELLS_ARRIVAL = re.compile(
    rf"\b(?:you|please|guests?|patients?|customers?|clients?|students?|visitors?|parents?)\b(?:\W+\w+){{0,2}}?\W+"
    rf"arriv(?:e|es|ing)\b|(?:^|[.!?]\s+)(?:please\s+)?arriv(?:e|ing)\b|{_CHECK_IN}", re.I)


def asks_arrival(tokens: Sequence[str]) -> bool:
    """Does a question (its words, lower case) ask when or how the visitor arrives ("when should i arrive?")?"""
    return _ASKS_ARRIVAL.search(" ".join(tokens).lower()) is not None


def tells_arrival(section: Section) -> bool:
    """Is a section about the visitor arriving: a heading or alternate in which they arrive or about check-in, or a
    text in which they do?"""
    return (any(_ABOUT_ARRIVAL.search(" ".join(words(p))) for p in (section.heading, *section.alternates))
            or _TELLS_ARRIVAL.search(section.body) is not None)


# The visitor booking: "how do i book?", "can i book online?", "where do i sign up?", "do i need an appointment?",
# "how far in advance should i book?", "do you take walk-ins?", and "booking" or "appointment" said alone; not "what
# should I know before booking?" nor "once I've booked, can I ...?": a clause of time says when something else
# happens, and the question asks that.
_BOOKING = (r"(?:book|reserve|schedule|sign up|signup|enrol|enroll|register|"
            r"(?:make|get|schedule) (?:an |a )?(?:appointment|booking|reservation))")
_NOT_A_CLAUSE = r"(?<!\bbefore )(?<!\bafter )(?<!\bonce )(?<!\buntil )(?<!\bwithout )"
# Coming without booking, asked ("do you take walk-ins?", "can i just turn up?") or told ("walk-ins welcome"); a
# walk-in shower or wardrobe is a fixture.
_NOT_A_FIXTURE = r"(?! (?:shower|wardrobe|closet|bath|tub|bathtub|fridge|freezer|cooler|cold room))"
_UNBOOKED_VISIT = (r"|\bjust (?:turn|show|pop|drop|come|rock|walk) (?:up|in|along|by)\b"
                   r"|\bwithout (?:an |a )?(?:appointment|booking|reservation)\b")
_WALK_IN = rf"\b(?:walk|drop)[- ]?ins?\b{_NOT_A_FIXTURE}{_UNBOOKED_VISIT}"
# Told in a text, "walk in" or "drop in" with a space is coming without booking only after a word that lets one
# ("you can just walk in", "feel free to drop in"): otherwise it is walking ("we walk in rain, wind and light snow",
# "park by the entrance and walk in"); "walk-ins", "walk-in" and "walkins" are always the noun or its adjective.
_WALK_IN_TOLD = (rf"\b(?:walk|drop)(?:-ins?|ins?| ins)\b{_NOT_A_FIXTURE}"
                 rf"|\b(?:just|can|may|simply|welcome to|free to) (?:walk|drop) in\b{_UNBOOKED_VISIT}")
_ASKS_BOOKING = re.compile(
    r"^\W*(?:how to |where to )?(?:book|booking|bookings|appointments?|appt|reservations?|sign up|signup|"
    r"enrol(?:l?ment)?|registration|(?:make|book) (?:an |a )?appointment)\W*$"
    rf"|{_NOT_A_CLAUSE}\b(?:how|where|can|could|do|may|should|would|want to|like to)\b(?:\W+\w+){{0,3}}?\W+"
    rf"{_BOOKING}\b"
    r"|\bneed (?:an |a )?(?:appointment|booking|reservation)s?\b|\bneed to (?:book|reserve|make an appointment)\b"
    r"|\b(?:booking|appointment|reservation)s? (?:required|necessary|needed|essential)\b"
    r"|\b(?:take|taking|accept|accepting) (?:new )?(?:appointments|bookings|reservations)\b"
    r"|\bby appointment\b|\bappointments? only\b"
    rf"|{_WALK_IN}")
# A section about it: a heading or alternate about booking or appointments ("Do I need to book?", "Can I cancel my
# booking?", "How do I enroll my child?"), the booking not in a clause of time ("what should I know about the
# redness before booking"); or a text that tells how or whether to book ("book online", "call us to book",
# "appointments are essential", "walk-ins welcome").
_ABOUT_BOOKING = re.compile(
    rf"{_NOT_A_CLAUSE}(?<!\bwhen )\b(?:book|booking|bookings|booked|reserve|reservations?|appointments?|appt|"
    r"schedule|sign up|signup|enrol|enroll|enrolment|enrollment|enrolling|enrolled|register|registration|"
    r"walk ins?|walkins?|drop ins?|dropins?)\b")
_TELLS_BOOKING = re.compile(
    r"\b(?:book|booking|bookings|booked|reserve|reserved|reservations?|appointments?|enrol|enroll|sign up|register)\b"
    r"[^.!?\n]{0,40}?"
    r"\b(?:online|website|app|phone|call|email|text|by|via|through|in advance|ahead|required|essential|recommended|"
    r"only|necessary)\b"
    r"|\b(?:call|phone|ring|email|text|message|contact) us\b[^.!?\n]{0,30}?\bto (?:book|reserve|schedule|make)\b"
    r"|\bto book\b|\bbooking (?:is|are)\b|\bbook (?:in|ahead|now)\b"
    r"|\bno (?:appointment|booking|reservation)s? (?:is |are )?(?:needed|necessary|required)\b"
    rf"|{_WALK_IN_TOLD}", re.I)


# A phrasing that books at a time ("can I book my next one in a month?", "Can I book again next week?") tells when
# one can book, not how: it answers "when can I book?", not "how do I book?".
_AT_A_TIME = re.compile(r"\b(?:next|another|again|later|in (?:a|an|one|two|three|four|six|\d+) (?:day|week|month|"
                        r"year)s?|(?:day|week|month|year)s?)\b")
_ASKS_WHEN = re.compile(r"\b(?:when|how soon|how far in advance|how long before|how early|how late)\b")


# The words of booking and of what one books: a question naming only these asks about booking itself ("how do I book
# a session?"), not about a service of the business ("can I book a massage?")
BOOKED = (_VISIT | frozenset("book booking bookings booked reserve reservation reservations schedule sign signup "
                             "enrol enroll enrolment enrollment register registration walkin walkins slot slots "
                             "online".split()))


def asks_booking(tokens: Sequence[str]) -> str | None:
    """Does a question (its words, lower case) ask how, where or whether the visitor books ("how"), or when ("when":
    "how far in advance should I book?", "can I book my next one in a month?")? None if it asks neither."""
    text = " ".join(tokens).lower()
    found = _ASKS_BOOKING.search(text)
    if found is None:
        return None
    return "when" if _ASKS_WHEN.search(text) or _AT_A_TIME.search(text, found.end()) else "how"


def tells_how_to_book(section: Section) -> bool:
    """Is a section about booking: a heading or alternate about it (not only about when one can book again,
    `_AT_A_TIME`), or a text that tells how or whether to book?"""
    if _TELLS_BOOKING.search(section.body) is not None:
        return True
    for p in (section.heading, *section.alternates):
        text = " ".join(words(p))
        found = _ABOUT_BOOKING.search(text)
        if found and not _AT_A_TIME.search(text, found.end()):
            return True
    return False


AGE = "an age"


@lru_cache(maxsize=4096)
def measures_asked(text: str) -> frozenset[str]:
    """What a question or heading (lower-case words) asks to be told: a price, a length of time, a frequency, a
    time of day or an age ("how much are guitar lessons?": a price; "How old does my child need to be?": an age).
    Remembered, as `kinds_asked` is: the headings of the best sections are read again for every such question."""
    kinds = set(kinds_asked(text))
    if ASKS_HOUR.search(text) is not None:
        kinds.add(HOUR)
    if _ASKS_AGE.search(text) is not None or _HOW_OLD.search(text) is not None:
        kinds.add(AGE)
    return frozenset(kinds)


def tells_age(section: Section) -> bool:
    """Does a section answer how old one must be: a heading or alternate that asks it, or an age in its text?"""
    phrasings = [" ".join(words(p)) for p in (section.heading, *section.alternates)]
    return (any(_ASKS_AGE.search(p) or _HOW_OLD.search(p) for p in phrasings)
            or _GIVES_AGE.search(section.body) is not None)


# Whose thing a question asks about: "what's ryanair's cancellation policy?", "my cat's gums are bleeding". A person
# ("my mum's car", "my nan's old piano", "a doctor's appointment") is the visitor's own business; so is a day
# ("tomorrow's lesson"). An owner's 's is followed by what is owned: before a preposition, a pronoun, a verb of being
# or the end, the 's writes a plural or "is" ("i wrote lots of pm's on facebook", "do you sell cd's?", "the wifi's
# not working").
_NOT_OWNED = ("on in at to for from with of off about into onto by and or but so as if when then than is are was "
              "were be been being not still just always never really very too all the a an this that these those "
              "which i you we he she they it me us them my your our their his her its there here")
_OWNER = re.compile(rf"\b([a-z]+)['’]s\b(?!\s*(?:[^\w\s]|$|(?:{'|'.join(_NOT_OWNED.split())})\b))")
_PEOPLE = frozenset("mum mom mother dad father son daughter wife husband partner sister brother cousin nan nana gran granny "
                    "grandma grandmother grandad grandpa grandfather aunt auntie uncle niece nephew friend boyfriend "
                    "girlfriend fiance fiancee kid kids child children baby ex buyer seller landlord tenant neighbour "
                    "neighbor boss colleague lad mate doctor gp dentist vet nurse teacher coach".split())
# "it's", "what's", "let's", "someone's": no owner
_NOT_OWNERS = frozenset("it what that there here who where how when let he she one everyone someone somebody anyone "
                        "anybody nobody everybody today yesterday".split())


def owners_named(text: str) -> list[str]:
    """The words a question names as the owner of what it asks about ("what is easyjet's cancellation policy?" ->
    ["easyjet"]), leaving out people and days ("my mum's car", "tomorrow's lesson") and "it's", "what's"..."""
    return [w for w in _OWNER.findall(text.lower()) if w not in _PEOPLE and w not in _WHEN_WORDS
            and w not in _NOT_OWNERS]


def names_place(section: Section, place: str) -> bool:
    """Does a section name the place (its last word, singular or plural: "swimming pool", "pools"; "bank" not in
    "bank holidays", which every opening-hours entry in Britain names)? A place named by a word any business's
    premises could be ("post office", "ticket office", "corner shop") is named only with the words before it: a
    self-storage firm's "the office is staffed from 9am" does not name the post office."""
    *before, last = place.split()
    word = re.escape(last.removesuffix("s"))
    if before and last in ANY_BUSINESS:
        word = r"\s+".join(map(re.escape, before)) + rf"\s+{word}"
    # a landmark the directions name is not a part of the business: an optician "opposite the library" does not
    # say when the library opens ("what time does the library open today?" was answered from its opening hours)
    text = section.text
    return any(_LANDMARK.search(text, max(0, m.start() - _LANDMARK_REACH), m.start()) is None
               for m in re.finditer(rf"\b{word}(?:s|es)?\b(?! holiday)", text, re.I))


# The words before a place that the directions to the business name ("opposite the library", "next to the town hall",
# "a short walk from the station"), up to the place named (two words of its name at most).
_LANDMARK = re.compile(r"\b(?:opposite|next to|near|nearby|beside|behind|across from|across the road from|close to|"
                       r"round the corner from|around the corner from|facing|past|from|by)\s+(?:the\s+|a\s+)?"
                       r"(?:[\w'-]+\s+){0,2}$", re.I)
_LANDMARK_REACH = 100  # characters before the place that can hold one: read those, not all the text before it


def unhoured(tokens: Sequence[str], section: Section) -> bool:
    """Does the question ask whether or when the business is open, while the section does not say when ("Open a
    ticket within 30 days" in "What is your uptime guarantee?" does not answer "are you open today?")?"""
    return asks_hours(tokens) and not says_hours(section)


def untimed(tokens: Sequence[str], section: Section) -> bool:
    """Does the question ask how long or how often, while every heading and alternate of the section is a
    question that asks something else, and nothing in the section says it (no length of time or distance /
    no frequency)?"""
    question = " ".join(tokens).lower()
    asked = kinds_asked(question) - {PRICE}
    if len(asked) != 1:
        return False
    phrasings = [" ".join(p.lower().split()) for p in (section.heading, *section.alternates)]
    since = DURATION in asked and _ASKS_SINCE.search(question) is not None
    # "How long will my repair take?" asks a length of time to come, not how long the business has been going: a
    # computer repairer answered "how long have you been in business?" from it at 0.77
    if not all(_QUESTION.search(p) and not (kinds_asked(p) & asked and (not since or _ASKS_SINCE.search(p)))
               for p in phrasings):
        return False
    text = section.text
    if DURATION in asked:  # "how long" may ask a length too ("how long is the route?")
        if since:  # "how long have you been open?": "we opened in 2009"
            # a start answers it, not any length of time ("passed years ago", "within three miles")
            return _NAMES_START.search(text) is None
        taking = _ASKS_TAKING.search(question) is not None
        # How long a thing takes to do is no distance ("how long does the first visit take?" was answered at 0.67
        # from a physio's home visits, "within five miles"), unless it is a way to go ("how long does it take to
        # get to you?": "two miles from the station" tells it).
        far = _LENGTHS.search(text) is not None and (not taking or _TRAVEL.search(question) is not None)
        return not names_duration(text, taking=taking) and not far
    return _NAMES_FREQUENCY.search(text) is None


# A way to go, which a distance measures: "how long does it take to get to you?", "how long is the drive?"
_TRAVEL = re.compile(r"\b(?:get|gets|getting|go|going|drive|driving|walk|walking|cycle|cycling|ride|travel|travelling|"
                     r"traveling|journey|trip|commute|route|trail|hike|run|swim|flight|fly|there|here|from|to you)\b")
# How long something takes to do ("how long does it take?", "how long will the repair take?"), not how long a state
# lasts ("how long will I be red?", which "you may be red for two or three days afterwards" answers)
_ASKS_TAKING = re.compile(r"\bhow long (?:\S+ ){0,4}?(?:take|takes|taking|took)\b")
# A length of time before something else or after it ("arrive 10 minutes before", "up to 7 days before arrival", "24
# hours' notice", "some soreness for two or three days afterwards"): no time the thing itself takes. A length after
# "within" or "up to" still counts: "ready within a week", "takes up to an hour".
_NOT_TAKEN = re.compile(r"^\W*(?:afterwards|after|before|beforehand|ahead|in advance|notice|of notice)\b", re.I)


def names_duration(text: str, taking: bool = False) -> bool:
    """Does a text give a length of time ("two days", "an hour or so", "overnight"), not only frequencies
    ("every six months", "every three to four months", "twice a day")? taking: one that something may take, not
    only a time before or after something else (`_NOT_TAKEN`)."""
    for m in _UNITS.finditer(text):
        before = text[max(0, m.start() - 40):m.start()]
        if _EVERY.search(before):
            continue
        if taking and _NOT_TAKEN.search(text[m.end():m.end() + 20]):
            continue
        return True
    return False


def asks_price(tokens: Sequence[str]) -> bool:
    """Does a question (its words, lower case) ask what something costs?"""
    return ASKS_PRICE.search(" ".join(tokens).lower()) is not None


# How or when a visitor pays the business: "can I pay later?", "how do I pay?", "do you take credit cards?", "apple
# pay?", "payment" (not "which ATMs accept this card?"). A question that asks what something costs is a price
# question instead ("do I have to pay?").
_METHODS = (r"(?:credit |debit )?(?<!gift )cards?|cash|cheques?|checks?|contactless|apple pay|google pay|paypal|amex|"
            r"american express|visa|mastercard|venmo|zelle|klarna|bank transfer|direct debit|instalments?|"
            r"installments?|finance|financing")
_ASKS_PAYMENT = re.compile(
    r"\b(?:can|could|do|does|may|will|would|how|when|where)\b(?:\W+\w+){0,3}?\W+pay\b"
    rf"|\b(?:you|u)\W+(?:\w+\W+){{0,2}}?(?:take|accept)\W+(?:\w+\W+)?(?:{_METHODS})\b"
    rf"|^\W*(?:payments?|paying|(?:{_METHODS})(?: or (?:{_METHODS}))?)\W*$")
# A section that tells how or when to pay: a heading or alternate about paying, or a way or a time of paying in its
# text ("we take all major cards", "paid in full when you book", "in two instalments").
_ABOUT_PAYING = re.compile(r"\b(?:pay|paying|payment|payments|paid|(?<!gift )cards?|cash|instalments?|installments?|"
                           r"deposit|deposits|invoice|invoices|invoicing|billing|bill|bills|finance|financing)\b", re.I)
_TELLS_PAYING = re.compile(
    rf"\b(?:{_METHODS}|invoices?|invoiced|upfront|up front)\b"
    r"|\bpa(?:y|ys|id|ying|yment|yments)\b[^.!?\n]{0,60}?\b(?:on the day|in advance|on completion|in full|later|"
    r"monthly|weekly|afterwards|after|before|when|at the end|on arrival|on collection|by)\b", re.I)


# Asking for an invoice or a receipt ("can i get an invoice?", "do you give receipts?", "receipt?"): the document,
# which a section gives only when it is about paying or billing, or says it issues one. Its words "bill" and
# "billing" are left out of what a text must say: "your next billing date", "a utility bill", "tolls are billed to
# your card" and "billing@..." answered "can i get an invoice" at 0.64-0.84 from a membership pause, proof of
# address, the extras and a cancellation.
# Asked for, not told of: "my receipt shows an extra charge" asks about a charge (banking77's transfer fee).
_DOC = r"(?:vat |tax |itemi[sz]ed )?(?:invoice|invoices|receipt|receipts)"
_ASKS_INVOICE = re.compile(
    rf"^\W*(?:an? |my |the )?{_DOC}\W*$"
    rf"|\b(?:get|send|give|issue|provide|email|e-mail|need|want|have|request|ask for|copy of|do you do)\b"
    rf"(?:\W+\w+){{0,3}}?\W+{_DOC}\b"
    rf"|\b(?:do|can|could|will|would) (?:you|u|i|we)\b(?:\W+\w+){{0,4}}?\W+{_DOC}\b")
_TELLS_INVOICE = re.compile(r"\b(?:invoices?|invoiced|invoicing|receipts?)\b", re.I)


def asks_invoice(tokens: Sequence[str]) -> bool:
    """Does a question (its words, lower case) ask for an invoice or a receipt?"""
    return _ASKS_INVOICE.search(" ".join(tokens).lower()) is not None


def tells_invoice(section: Section) -> bool:
    """Is a section about paying or billing (a heading or alternate), or does its text say it issues an invoice
    or a receipt?"""
    return (any(_ABOUT_PAYING.search(p) for p in (section.heading, *section.alternates))
            or _TELLS_INVOICE.search(section.body) is not None)


_PAY_FOR = re.compile(r"\bpay for\b")
_NAMES_METHOD = re.compile(rf"\b(?:{_METHODS})\b")


def asks_payment(tokens: Sequence[str]) -> bool:
    """Does a question (its words, lower case) ask how or when to pay the business, not what it costs?"""
    text = " ".join(tokens).lower()
    if _ASKS_PAYMENT.search(text) is None or ASKS_PRICE.search(text) is not None or "how much" in text:
        return False
    # "do I pay for the retest?" asks whether it costs; "can I pay for it by card?" asks how
    return _PAY_FOR.search(text) is None or _NAMES_METHOD.search(text) is not None


def tells_payment(section: Section) -> bool:
    """Does a section tell how or when to pay: a heading or alternate about paying, or a way or a time of paying in
    its text?"""
    return (any(_ABOUT_PAYING.search(p) for p in (section.heading, *section.alternates))
            or _TELLS_PAYING.search(section.body) is not None)


def names_price(section: Section) -> bool:
    """Does a section's heading, alternates or body say anything about money, or one of its phrasings ask it?"""
    phrasings = (section.heading, *section.alternates)
    return (NAMES_PRICE.search("\n".join((*phrasings, section.body))) is not None
            or any(ASKS_PRICE.search(p.lower()) for p in phrasings))


# Whether something is safe for someone, in a state or with something: "is it safe for diabetics?", "is microneedling
# safe during pregnancy?", "is it ok while breastfeeding?", "can I have it done while pregnant?". The words after the
# preposition say for whom or what it is asked. "ok" asks it of a state only ("are board shorts ok for my boy?" asks
# what to wear, which an entry about swimwear answers without writing "boy"), "can I" of having a service done ("can I
# receive a new card while I am in China?" asks no such thing); "a suitable time for a group" is no question of it.
_SAFETY = r"safe|safely|unsafe|dangerous|risky|harmful|suitable|advisable"
_TO_DO = r"(?: to(?: \w+){1,3}?)?"  # "is it safe to do microneedling during pregnancy?"
_ASKS_SUITED = re.compile(
    rf"\b(?:(?:{_SAFETY}){_TO_DO} (?:for|during|while|with|if|when|on)|(?:ok|okay|alright|fine){_TO_DO} (?:during|while))"
    r" (?P<a>.+)$"
    r"|^(?:can|could|should|may) (?:i|we|you|one|my \w+) (?:have|get|do|start|book|try)(?: \w+){0,3}? (?:while|during)"
    r" (?P<b>.+)$")


_CLAUSE_END = re.compile(r"\b(?:or|but|because|so|though|although|since|as)\b")


def suited_words(tokens: Sequence[str]) -> tuple[str, ...]:
    """The words of whom or what a question asks whether something is safe for ("diabetics", "pregnancy",
    "breastfeeding"); () when it asks no such thing."""
    found = _ASKS_SUITED.search(" ".join(tokens).lower())
    if not found:
        return ()
    # up to the next clause: "is my data safe on dropbox or could someone steal it?" asks it of dropbox
    return tuple(_CLAUSE_END.split(found.group("a") or found.group("b"), maxsplit=1)[0].split())
