"""Does a question ask how to reach the business, and does a section tell it?

    channels_asked("what's your email address")                  # {"an email address"}
    tells_contact(section, channels_asked("what is your email"))  # False for "What should I bring?"

A visitor asks every site for its phone number, email, address or website, and a small business's FAQ
often has no entry for them (they are on its contact page). Such a question then matches whichever entry
mentions the channel in passing: a dentist's "What should I bring to my first appointment?" ("ask your
old dentist to email them to us") answered "what is your email?" at 0.81, a tax preparer's "What documents
should I bring?" answered "where are you located?", a groomer's "How do I book?" ("book through our
website") answered "do you have a website?". bot/signals.py `unreachable` vetoes a section that neither
gives what was asked nor is about reaching the business:

- a question asks a channel when it asks for *the business's*: "your phone number", "can I call you",
  "what's your email", "email you", "where are you (located)?", "your address", "how do I find you", "do you
  have a website", "are you on Instagram"; or any channel: "how do I contact you", "how can I reach you",
  "get in touch", "contact details". "My email address", "change my phone number", "can I email my
  documents" ask something else;
- a section tells it when its text gives the detail itself (a phone number of 7 digits or more, an email
  address, a web address, a street, a postcode, "we are located in/at...", an @handle or the network's
  name), or when one of its heading and alternates asks it or is about contacting the business ("How do I
  contact support?", "Where are you and is there parking?"). "How do I set up email accounts?" is about
  email as a product, not about reaching anyone.

The concise answer of such a question picks the sentence with the detail (bot/concise.py).
"""

from __future__ import annotations

import re

from .model import Section

PHONE, EMAIL, PLACE, WEB, SOCIAL = "a phone number", "an email address", "an address", "a website", "social media"
CHANNELS = frozenset({PHONE, EMAIL, PLACE, WEB, SOCIAL})

_NETWORKS = r"instagram|insta|facebook|fb|twitter|tiktok|linkedin|youtube|pinterest|social media|socials"
PREMISES = (r"shop|store|office|studio|clinic|salon|surgery|practice|garage|school|centre|center|business|gym|"
             r"premises|building|venue|workshop|bakery|cafe|warehouse|facility|branch|location|place|restaurant|"
             r"hotel|showroom")
_YOU = r"(?:you|u|you guys|ya)"
_WHATS = r"\bwhat (?:is |s |are )?"  # "what is", "whats", "what's" (words() drops the 's)
# Only as the question's opening words: "where are you?", not "text john the message 'where are you'".
_OPENING = r"^(?:(?:hi|hello|hey|ok|okay|so|and|but|sorry|please|um|excuse me)\s+)*"

# Questions: lower-case words as bot/text.py's `words` gives them ("what's" -> "what", "e-mail" -> "e mail").
# Each asks for *the business's* detail: "your website", but not "the option on your website I can't find".
_ASKS = {
    PHONE: re.compile(
        rf"{_WHATS}(?:your|the) (?:\w+ )?(?:phone|telephone|mobile|landline|whatsapp|contact(?! lens)|office)\b"
        rf"|\byour (?:\w+ )?(?:phone |telephone |mobile |contact |office )?(?:number|no)\b(?!.*\bmy\b)"
        # "can I call you (tomorrow)?", not "can I call you adam?", "what may I call you?" or "what to call you" (a name)
        rf"|(?<!\bwhat )(?<!\bwhat may i )(?<!\bwhat can i )(?<!\bwhat should i )(?<!\bwhat do i )(?<!\bwhat to )"
        rf"(?<!\bwhat i should )(?<!\bwhat i can )(?<!\bwhat shall i )"
        rf"\b(?:call|phone|ring|text|whatsapp) {_YOU}(?:\s+(?:up|back|now|today|tomorrow|later|directly|first|on|at|to|"
        rf"about|for|before|after|when|if|during|instead)\b.*)?$"
        rf"|\bdo {_YOU} have a (?:phone|telephone|phone number)\b"),
    EMAIL: re.compile(
        rf"{_WHATS}(?:your|the) (?:\w+ )?e ?mail\b(?!.*\bmy\b)|\byour (?:\w+ )?e ?mail address\b(?!.*\bmy\b)"
        rf"|\b(?:e ?mail|mail) {_YOU}\b|\bdo {_YOU} have an? e ?mail\b"),
    PLACE: re.compile(
        # "where are you (located)?", not "where are you getting your exchange rates?"
        rf"{_OPENING}where (?:are|r) {_YOU}(?: (?:located|based|situated|exactly|now))?(?: and\b|$)"
        rf"|\bwhere (?:about |abouts )?(?:are|is) {_YOU}r? (?:located|based|situated)\b"
        rf"|\bwhere (?:is|s) (?:your|the) (?:{PREMISES})\b"  # "where is the school?" on a school's own site
        rf"|{_WHATS}(?:your|the) (?:(?:postal|street|home|office|shop|business|physical|full|exact) )?"
        rf"(?:address|location|postcode|zip)\b(?!.*\bmy\b)|{_OPENING}your (?:address|location)\s*(?:please)?$"
        rf"|\bwhere (?:can|do|will) (?:i|we) find {_YOU}\b|\bhow (?:do|can|will) (?:i|we) (?:find|get to) {_YOU}\b"
        rf"|\bdirections to {_YOU}\b"),
    WEB: re.compile(
        rf"\bdo {_YOU} have an? (?:website|web site|webpage|web page|site online|online shop)\b"
        rf"|{_WHATS}(?:your|the) (?:website|web site|webpage|web page|url|web address)\b"
        rf"|\byour (?:website|web site) (?:address|url|link)\b|\blink to your (?:website|web site|site)\b"),
    SOCIAL: re.compile(
        rf"\b(?:are|is) {_YOU} on (?:{_NETWORKS})\b|{_WHATS}your (?:{_NETWORKS})\b"
        rf"|\bdo {_YOU} have (?:an? )?(?:{_NETWORKS})\b|\bcan (?:i|we) follow {_YOU}\b"),
}
# A message that is only the name of a detail ("address?", "phone number", "email please"), in a chat widget the
# business's own. "number" and "contact" alone say too little.
# What may ask for a contact detail named bare: "can you tell me phone number", "also, email?", "what about address"
_BARE_ASKING = (r"(?:(?:can|could|would|will) (?:you|u) (?:tell|give|send) me |(?:tell|give|send) me "
                r"|i(?: would|d)? like(?: to know)? |i need |(?:do|would) (?:you|u) (?:know|have) |what about "
                r"|(?:what is|whats|what s) )")


def bare(names: str) -> str:
    """A pattern for a message (lower-case words) that is only one of these names, after a greeting at most and
    what asks for it ("hi, your address please", "can you tell me phone number", "also, email?"), and before
    "please"."""
    return (rf"^(?:(?:hi|hello|hey|ok|okay|so|and|also|sorry)\s+)*{_BARE_ASKING}?(?:your |ur |the |yr |a |an )?"
            rf"(?:{names})(?:\s+please)?$")


_ASKS_BARE = {
    PHONE: re.compile(bare(r"phone|phone number|telephone|telephone number|tel|phone no|mobile number")),
    EMAIL: re.compile(bare(r"e ?mail|e ?mail address")),
    PLACE: re.compile(bare(r"address|location|postcode|post code|zip code|directions|full address")),
    WEB: re.compile(bare(r"website|web site|url|web address")),
}
# Any channel: "how do I contact you?", "how can we reach you", "contact details".
_ASKS_ANY = re.compile(
    rf"\b(?:contact|reach|get hold of|get in touch with) {_YOU}\b"
    rf"|\bhow (?:do|can|could|should|would) (?:i|we) (?:contact|reach|get in touch)\b|\bhow to (?:contact|reach)\b"
    r"|\bget in touch\b|\byour contact (?:details|info|information)\b|^contact (?:details|info|information|us)\b")

# A heading or alternate about reaching the business ("How do I contact support?"), or about where it is
# ("Location and parking"), beyond one that asks a channel itself. Words that name the business ("get in touch",
# "reach us", "find us", "getting here") count wherever they are written; "contact", "location", "address" and
# "directions" only in a heading made of such words (`_TITLE_WORDS`): "Who should I contact about the second
# charge?", "Where is the card PIN located?", "share my location" and "Any way to contact a user on Github?" are
# about something else.
_ABOUT_CONTACT = re.compile(r"\b(?:get in touch|reach (?:you|us))\b")
_ABOUT_PLACE = re.compile(r"\b(?:how to get here|getting here|find (?:you|us)|where we are)\b")
_TITLED_CONTACT = re.compile(r"\bcontact(?! lens)\b")  # not an optician's contact lens
_TITLED_PLACE = re.compile(r"\b(?:location|locations|located|directions)\b"
                           r"|(?<!mail )(?<!web )(?<!\bip )(?<!billing )\baddress\b")
_TITLE_WORDS = frozenset("contact contacts details detail info information location locations located address directions "
                         "us our your you we the a and or of to in here find get getting how where are map maps "
                         "parking park opening hours times visit visiting".split())
# A contact detail asked for another purpose: "What's the phone number to freeze a card?" is an example phrasing of a
# card-freezing entry, not of one about reaching the business; such an entry tells the detail only if its text gives
# it.
_PURPOSE = re.compile(r"\b(?:number|contact|call|ring|phone|e ?mail)\s+(?:to|about|regarding|for)\b")

# The detail itself, in a section's text (case as written).
_STREET = (r"\b(?:[A-Z][\w'-]+ ){1,3}(?:Street|Road|Lane|Avenue|Drive|Way|Place|Court|Close|Crescent|Terrace|"
           r"Boulevard|Parade|Square|Mews|Quay|Wharf|Plaza)\b")
_DIGITS = re.compile(r"\+?\(?\d[\d ().-]{5,}\d")
_GIVES = {
    EMAIL: re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"),
    WEB: re.compile(r"\bhttps?://|\bwww\.|(?<![@\w.])[a-z0-9-]+\.(?:com|co\.uk|org|org\.uk|net|io|uk|ie|us|ca|au|"
                    r"nz|example|shop|studio|app)\b(?!\.\w)", re.I),
    PLACE: re.compile(
        r"\b\d+[a-z]? (?:[A-Z][\w'-]+ ){1,3}(?:St|Rd|Ave|Dr|Ln|Blvd|Ct|Pl)\b\.?"
        rf"|{_STREET}"  # not "Park", "Green", "Hill": names too ("Linda Park")
        r"|\b[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}\b"  # a UK postcode
        r"|\b[A-Z]{2} \d{5}(?:-\d{4})?\b"  # a US state and ZIP code
        r"|\b(?:we are|we're|we’re|you'll find us|find us) (?:\w+ )?(?:in|at|on|opposite|behind|above|next to|beside|near|"
        r"just off)\b"
        # with no "we", a place named after it: "located in Leeds", "based at 22 Mill Lane", not "sheets are created
        # based on the number of labels" (StackFAQ answered "where are you?" from it) or "located in your settings"
        r"|\b(?:located|based|situated) (?:\w+ )?(?:in|at|on|opposite|behind|above|next to|beside|near|just off) "
        r"(?:the )?(?:[A-Z\d]|heart|cent|middle|town|city|village)"),
    SOCIAL: re.compile(rf"(?<![\w.])@[A-Za-z_]\w+\b(?!\.)|\b(?:{_NETWORKS})\b", re.I),
}


# Every pattern above needs one of these words: most questions are let go after this one search.
_TRIGGERS = re.compile(
    rf"\b(?:phone|telephone|tel|mobile|landline|whatsapp|contact|office|number|no|call|ring|text|e ?mail|where|address|"
    rf"location|postcode|post|zip|find|get to|directions|website|web|webpage|url|link|online|follow|reach|touch|hold|"
    rf"{_NETWORKS})\b")


# The stems (as bot/terms.py's Analyzer gives them) of the words a contact question is made of beyond stop words:
# "where are you located" (read as "address", bot/data/everyday.synonyms), "what's your phone number", "where is
# your salon". A question with any other subject word ("the phone number for emergencies") asks more than that.
CONTACT_STEMS = frozenset({
    "phone", "telephon", "mobil", "landlin", "whatsapp", "contact", "number", "no", "call", "ring", "text", "email",
    "mail", "address", "locat", "locate", "base", "based", "situat", "situate", "postcod", "zip", "find", "direct",
    "direction", "websit", "web", "webpag", "site", "url", "link", "onlin", "follow", "reach", "touch", "hold", "get",
    "detail", "info", "inform", "exact", "exactly", "full", "postal", "street", "physic", "physical",
    "instagram", "insta", "facebook", "fb", "twitter", "tiktok", "linkedin", "youtub", "youtube", "pinterest",
    "social", "media", "social media",
    # "where is your shop?" (the premises bot/contact.py's questions name)
    "shop", "store", "offic", "studio", "clinic", "salon", "surgeri", "practic", "garag", "school", "centr", "center",
    "business", "premis", "build", "venu", "workshop", "bakeri", "cafe", "warehous", "facil", "branch", "place"})


def channels_asked(question: str) -> frozenset[str]:
    """The business's contact details a question (lower-case words) asks for; all of them for "how do I
    contact you?"; none for a question about anything else."""
    if _TRIGGERS.search(question) is None:
        return frozenset()
    asked = {channel for channel, pattern in _ASKS.items() if pattern.search(question)}
    asked |= {channel for channel, pattern in _ASKS_BARE.items() if pattern.match(question)}
    if _ASKS_ANY.search(question):
        return CHANNELS
    return frozenset(asked)


# Runs of digits that are no phone number: a range of years ("2019-2023"), a date ("2016-05-20"), a decimal
# ("35.028028", a map's coordinates); and a run without separators unless it starts like one ("+44...", "01632960418"):
# "365915113919" is a Facebook note's id.
_NOT_PHONE = re.compile(r"\(?(?:\d{4}\)?\s*[-–]\s*\d{4}|\d{4}-\d{2}-\d{2}|\d+\.\d+)\)?")
_BARE_PHONE = re.compile(r"\+\d{7,15}|0\d{9,10}")


def gives_phone(text: str) -> bool:
    """Does a text give a phone number: 7-15 digits in a run of digits, spaces, brackets, dots and dashes, not inside
    a web address or a word, and neither a date, a range of years nor a decimal (`_NOT_PHONE`)?"""
    for m in _DIGITS.finditer(text):
        run = m.group()
        digits = sum(ch.isdigit() for ch in run)
        if not 7 <= digits <= 15 or (m.start() and not (text[m.start() - 1].isspace() or text[m.start() - 1] in ":(")):
            continue  # "?note_id=365915113919", "/a/12029701"
        if _NOT_PHONE.fullmatch(run.strip()) or (run.isdigit() and not _BARE_PHONE.fullmatch(run)):
            continue
        return True
    return False


def gives_contact(text: str, asked: frozenset[str]) -> bool:
    """Does a text (a section's, or one sentence) give one of the asked contact details itself?"""
    if PHONE in asked and gives_phone(text):
        return True
    return any(_GIVES[channel].search(text) for channel in asked if channel in _GIVES)


def _folded(phrasing: str) -> str:
    """A heading or alternate as the lower-case words the question patterns read."""
    return " ".join(re.findall(r"[a-z0-9]+", phrasing.lower()))


def heads_contact(section: Section, asked: frozenset[str], general: bool = True) -> bool:
    """Is one of a section's heading and alternates about one of the asked contact details ("Where are you and is
    there parking?"), or (`general`) about reaching the business at all ("How do I contact support?")?"""
    for phrasing in (section.heading, *section.alternates):
        about = reached(_folded(phrasing))
        if general if about == CHANNELS else about & asked:  # about reaching the business at all, or a detail asked
            return True
    return False


def reached(words: str) -> frozenset:
    """The contact details a heading or alternate (lower-case words) is about: CHANNELS for one about reaching the
    business at all ("How do I contact support?", "Get in touch"), {PLACE} for one about where it is ("Location and
    parking", "How to find us"), the channels one asks ("Where are you and is there parking?"); none for one asking
    a detail for another purpose ("What's the phone number to freeze a card?") or about anything else."""
    if _PURPOSE.search(words):
        return frozenset()
    about = channels_asked(words)
    if about == CHANNELS:
        return about
    titled = set(words.split()) <= _TITLE_WORDS
    if _ABOUT_CONTACT.search(words) or (titled and _TITLED_CONTACT.search(words)):
        return CHANNELS
    if _ABOUT_PLACE.search(words) or (titled and _TITLED_PLACE.search(words)):
        about = about | {PLACE}
    return frozenset(about)


# An address in a text that is the business's own: a postcode, a ZIP code, "we are located at". A street named in a
# text may be where to park or where the bus stops ("a free car park behind the building, entrance on Birch Lane").
_OWN_PLACE = re.compile(
    r"\b[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}\b|\b[A-Z]{2} \d{5}(?:-\d{4})?\b"
    r"|\b(?:we are|we're|we’re|you'll find us|find us|the (?:\w+ )?is) (?:located|based|situated) (?:in|at|on)\b"
    r"|\bour (?:\w+ )?address is\b")


_NUMBERED = re.compile(r"\b\d+[a-z]?,? ?$")


def tells_place(section: Section) -> bool:
    """Does a section tell where the business is: a heading or alternate about where, or its text gives an address
    as a house number and street, a postcode, a ZIP code or "we are on..."? A street named alone may be where
    something else is: a car rental's "every vehicle must come back to our Canal Street lot" answered "where are
    you located?" at 0.82 from its one-way rentals entry."""
    if heads_contact(section, frozenset({PLACE}), general=False):
        return True
    text = section.text
    for found in _GIVES[PLACE].finditer(text):
        if re.fullmatch(_STREET, found.group(0)) is None or _NUMBERED.search(text, 0, found.start()) is not None:
            return True
    return False


def answers_contact(section: Section, asked: frozenset[str]) -> bool:
    """Does a section answer a question asking only for these contact details: is one of its heading and
    alternates about them (or about contacting the business), or does its text give one of them, an address
    only as the business's own (a postcode, "we are located at")? Stricter than `tells_contact`, which decides
    what may be the answer at all; this decides what the question is fully answered by. "How do I contact
    you?" asks every channel, but "How do I get to you from the station?" does not answer it, nor "How do I
    contact support?" "where are you located?"."""
    if asked == CHANNELS:
        asked = CHANNELS - {PLACE}
    if heads_contact(section, asked, general=bool(asked - {PLACE})):
        return True
    text = section.text
    return gives_contact(text, asked - {PLACE}) or (PLACE in asked and _OWN_PLACE.search(text) is not None)


# How visitors ask for each detail: a section about reaching the business is also matched as if its editor had
# written these as its alternates (`phrasings`).
PHRASINGS = {
    PLACE: ("where are you located", "what is your address"),
    PHONE: ("what is your phone number", "can i call you"),
    EMAIL: ("what is your email address",),
    WEB: ("do you have a website",),
    SOCIAL: ("are you on social media",),
}
ANY_PHRASINGS = ("how do i contact you",)


def phrasings(section: Section) -> tuple[str, ...]:
    """The ways visitors ask for a contact detail, for a section whose heading asks for it as a visitor would
    ("Where is the studio?": the address), or asks how to reach the business and whose text gives it ("How do I
    contact you?" with a phone number): "what is your address" shares no word with "Where is the studio?"; an
    editor would write it as an alternate, and this writes it for them. Empty for any other section: one that
    gives a phone number in passing ("call our roadside line on ..."), or whose heading is about a location or an
    address of something else ("Create a Google maps link to a specific location")."""
    asked = channels_asked(_folded(section.heading))
    if not asked:
        return ()
    general = asked == CHANNELS  # "How do I contact you?": the details its text gives
    found: list[str] = list(ANY_PHRASINGS) if general else []
    for channel in (PLACE, PHONE, EMAIL, WEB, SOCIAL):
        if not general:
            given = channel in asked
        elif channel == PLACE:
            given = _OWN_PLACE.search(section.text) is not None
        else:
            given = gives_contact(section.text, frozenset({channel}))
        if given:
            found += PHRASINGS[channel]
    own = {_folded(p) for p in (section.heading, *section.alternates)}
    return tuple(dict.fromkeys(p for p in found if p not in own))


def tells_contact(section: Section, asked: frozenset[str], general: bool = True) -> bool:
    """Does a section give one of the asked contact details in its text, or is one of its heading and
    alternates about reaching the business (`general`) or ask one of those details itself?"""
    return heads_contact(section, asked, general) or gives_contact(section.text, asked)
