"""The best match's features and vetoes: what the confidence reads of the top section (bot/signals.py's
table declares each one, its sign or that it vetoes).

A feature is one number about the best section (its score, its lead, how much of the question the
knowledge base knows...), fitted into the confidence by bench/calibrate.py. A veto is a rule: 1 sets the
confidence to 0, whatever the features say.
"""

from __future__ import annotations

import math
import re

import numpy as np

from .asks import (ANY_BUSINESS, ASKS_HOUR, BOOKED, HOUR, HOURS_STEMS, PRICE, about_event, about_hours, asks_age,
                   asks_alike, asks_arrival, asks_booking, asks_invoice, asks_payment, asks_price, credential_asked,
                   events_named, names_place, owners_named, place_asked, place_asked_at, suited_words, tells_invoice,
                   untimed as asks_untimed, vouches)
from .contact import CONTACT_STEMS, PLACE, answers_contact, tells_place
from .index import QUESTION_STEMS
from .match import Match
from .terms import generic_words


def score(m: Match) -> float:
    """The ranking score of the best section."""
    return float(m.score[m.top])


def margin(m: Match) -> float:
    """The best section's lead over the runner-up."""
    second = m.score[m.order[1]] if len(m.order) > 1 else 0.0
    return float(m.score[m.top] - second)


def known(m: Match) -> float:
    """Share of the subject terms the knowledge base knows at all."""
    terms = list(dict.fromkeys(m.query.subject_terms))
    if not terms:
        return 0.0
    return float(sum(t in m.index.vocab_ for t in terms) / len(terms))


def unknown(m: Match) -> float:
    """Number of content words the knowledge base has never seen."""
    return float(len(m.query.unknown))


def miss(m: Match) -> float:
    """The rarest subject term absent from the best section, as idf / max idf (1 for an unknown term)."""
    # An average hides a missing subject ("redness after a chemical peel" matches the redness
    # sections on everything but "peel"); the maximum does not.
    index, top, worst = m.index, m.top, 0.0
    for t in dict.fromkeys(m.query.subject_terms):
        col = index.vocab_.get(t)
        if col is None:
            return 1.0
        if not index.in_section(col, top):
            worst = max(worst, float(index.idf_[col]) / index.max_idf_)
    return worst


def found(m: Match) -> float:
    """How much of the question's own subject the best section holds, however long the question: the idf / max idf
    of each specific subject term it writes, summed, /3, at most 1."""
    # `cover` is a share, so a long message whose story words the knowledge base never uses reads as a weak match
    # even when three of its words are the best section's own.
    key = ("found", m.top)  # computed once per match: a feature, and read by `found_long`
    value = m.best_values.get(key)
    if value is None:
        index, top, total = m.index, m.top, 0.0
        for t in _specific_terms(m):
            col = index.vocab_.get(t)
            if col is not None and index.in_section(col, top):
                total += float(index.idf_[col]) / index.max_idf_
        value = m.best_values[key] = min(total / 3.0, 1.0)
    return value


SMALL, LARGE = 25, 60  # sections: a knowledge base counts as small up to SMALL, as large from LARGE (log scale between)


def large_share(n: int) -> float:
    """How large a knowledge base of n sections counts as: 0 up to SMALL sections, 1 from LARGE (log scale between)."""
    return float(np.clip(np.log(max(n, 1) / SMALL) / np.log(LARGE / SMALL), 0.0, 1.0))


LONG_FROM, LONG_AT = 4, 8  # subject terms: a message counts as long from LONG_FROM, fully from LONG_AT (linear between)


def found_long(m: Match) -> float:
    """`found` again for a message of many subject terms (none up to 4, all from 8) to a small knowledge base (all up
    to 25 sections, none from 60, log scale between); 0 for any other."""
    # A long message (a story, then the question) whose story words the knowledge base never uses reads as a weak
    # match on every share (`cover`, `unit`, `known`), so it was refused with the right entry first: the dev small
    # FAQs' messages of 15 words or more were answered right 0.15 of the time, their right entry first for 0.57.
    # Counted by subject terms, not words: "hi there, i have an appointment on saturday but i'm not well, can i move
    # it to next week?" has 4, and by words it was answered from a pharmacy's travel vaccinations and a photo
    # studio's opening hours (bench/visitors.py). Small knowledge bases only: the more sections, the likelier some
    # entry holds a few words of a long off-topic message by chance (over StackFAQ's 125 entries it answered 3 more
    # of CLINC150's 200 off-topic queries: "what university in the united states offers the best biomedical
    # engineering program" -> "What is Wolfram Alpha good for?"). Measured (session 59, lexical, fitted alone with
    # the bias held: bench/calibrate.py --no-grid --fit-only found_long --keep-bias): every labeled single question
    # asked in process, dev small FAQs 0.576 -> 0.602 answered right (13 more, 3 more wrong, 2 more off-topic
    # answered), held-out 0.451 -> 0.465 (12 more, 1 more wrong, off-topic refused 0.891 both); the article,
    # StackFAQ, banking77, clinc150-intents and the judged visitor battery unchanged.
    n = len(dict.fromkeys(m.query.subject_terms))
    long = min(max((n - LONG_FROM) / (LONG_AT - LONG_FROM), 0.0), 1.0)
    small = 1.0 - large_share(len(m.index.sections_)) if long else 0.0
    return found(m) * long * small if small else 0.0


def anchor(m: Match) -> float:
    """log(1 + sections holding the best-known subject term found there) / log(1 + all sections)."""
    # A question about "gmail" to a web-apps FAQ, or "redness" to a redness article, names something
    # the knowledge base is about; one that only meets a word mentioned once in passing ("art")
    # probably is not.
    index, top, best = m.index, m.top, 0
    for t in dict.fromkeys(m.query.subject_terms):
        col = index.vocab_.get(t)
        if col is not None and " " not in t and index.in_section(col, top):
            best = max(best, int(index.df_[col]))
    return float(np.log1p(best) / np.log1p(max(len(index.sections_), 1)))


def _specific_terms(m: Match) -> list[str]:
    """The question's own specific subject terms (no everyday words, no bigrams), each once."""
    return [t for t in dict.fromkeys(m.query.specific_terms) if " " not in t]


def _topic_word(m: Match, col: int) -> bool:
    """Is this term the knowledge base's own subject: written in more than half of its sections (4 or more)?"""
    n = len(m.index.sections_)
    return n >= 4 and 2 * int(m.index.df_[col]) > n


def specific(m: Match) -> float:
    """Idf-weighted share of the question's specific subject terms (not everyday words) in the best section,
    leaving out a term written in most sections that this one lacks; 1 for a question made of everyday words
    alone that asks a price or a time of day ("what are your prices?", "what time can I come?") when a
    heading or alternate of the best section asks the same ("How much does it cost?", "What time do you
    open?"); 1 for a question asking the business's phone number, email, address or website when the best
    section gives it or is about contacting the business (bot/contact.py)."""
    key = ("specific", m.top)  # computed once per match: a feature, and read by `elsewhere`
    value = m.best_values.get(key)
    if value is None:
        value = m.best_values[key] = _specific(m)
    return value


def _specific(m: Match) -> float:
    """`specific`, computed (see its docstring)."""
    # "what's the time now" shares only "time" with a section on healing time: everyday words
    # (bot/data/generic.words) say nothing about what a question is about, so they vouch for nothing. The
    # price words are everyday words too, but a pricing entry is about exactly what such a question asks,
    # and so is an entry that asks "what time" for "what time can I come?". Not so a length of time: an
    # article's alternates ask "how long" of many things, and "how many hours a week should I work?" was
    # answered at 0.66 from one of them.
    # And the knowledge base's own subject ("dog" at a dog groomer's, in most of its entries) is no sign of
    # another subject when the best section does not write it ("how much for a small dog?" to a price list of
    # "small breeds").
    index = m.index
    if m.channels and index.tells_contact(m.channels)[m.top]:
        return 1.0  # "what's your phone number?" and a section that gives it, whatever its words
    if m.asks_hours and _about_hours(m) and all(t in HOURS_STEMS for t in m.query.subject_terms):
        return 1.0  # "hours?", "are you open on sundays?" and "What are your opening hours?"
    terms = [t for t in _specific_terms(m) if not ((col := index.vocab_.get(t)) is not None
                                                    and not index.in_section(col, m.top) and _topic_word(m, col))]
    if not terms:
        return 1.0 if _heading_asks_it(m, PRICE) or _heading_asks_it(m, HOUR) else 0.0
    weight = [float(index.idf_[index.vocab_[t]]) if t in index.vocab_ else index.max_idf_ for t in terms]
    found = [w for t, w in zip(terms, weight) if t in index.vocab_ and index.in_section(index.vocab_[t], m.top)]
    return float(sum(found) / sum(weight))


def _about_hours(m: Match) -> bool:
    """Is a heading or alternate of the best section about opening hours (bot/asks.py)?"""
    return about_hours(m.index.sections_[m.top])


def unpriced(m: Match) -> float:
    """1 when the question asks what something costs and the best section says nothing about money
    ("how much is a checkup?" against "How often should I have a checkup?": bot/asks.py); else 0.
    Vetoes the answer."""
    return 1.0 if asks_price(m.query.tokens) and not m.index.names_price(m.top) else 0.0


def unpaid(m: Match) -> float:
    """1 when the question asks how or when to pay the business ("can I pay later?", "do you take cards?") and the
    best section tells neither: no heading or alternate about paying, and no way or time of paying in its text
    ("can I pay later?" against "Can I change my plan later?": bot/asks.py); else 0. Vetoes the answer."""
    return 1.0 if asks_payment(m.query.tokens) and not m.index.tells_payment()[m.top] else 0.0


def uninvoiced(m: Match) -> float:
    """1 when the question asks for an invoice or a receipt ("can I get an invoice?") and the best section neither
    is about paying or billing (no heading or alternate about it) nor says in its text that it issues an invoice
    or a receipt ("can I get an invoice?" against "Can I pause my membership?", "before your next billing date":
    bot/asks.py); else 0. Vetoes the answer."""
    return 1.0 if asks_invoice(m.query.tokens) and not tells_invoice(m.index.sections_[m.top]) else 0.0


def untimed(m: Match) -> float:
    """1 when the question asks how long or how often, every heading and alternate of the best section asks
    something else, and the section gives no length of time or frequency ("how long is a checkup?" against
    "How often should I have a checkup?": bot/asks.py); else 0. Vetoes the answer."""
    return 1.0 if asks_untimed(m.query.tokens, m.index.sections_[m.top]) else 0.0


# What a question asking only for the business's contact details reads of a section that gives them (or is about
# them): its subject is that detail, and the section holds it, whatever their words; so the premises word it
# names is not a passing mention ("where is your school?" against "Where are you and is there parking?", whose
# text says "Our school is at 14 Albion Street" and "no parking at the school itself").
CONTACT_TOLD = {"cover": 1.0, "unit": 1.0, "hcover": 1.0, "known": 1.0, "unknown": 0.0, "miss": 0.0, "passing": 0.0,
                "sem_word": 1.0}


def contact_told(m: Match) -> bool:
    """Does the question ask only for the business's phone number, email, address or website (no other subject
    word: "where are you located?", not "what's the number for emergencies?") and does the best section answer
    it: a heading or alternate about it, or the detail itself in its text (bot/contact.py `answers_contact`)?"""
    return (bool(m.channels) and all(t in CONTACT_STEMS for t in m.query.subject_terms)
            and answers_contact(m.index.sections_[m.top], m.channels))


def unhoured(m: Match) -> float:
    """1 when the question asks whether or when the business is open and the best section neither says when (a
    time of day, a day of the week, "24/7") nor has a heading or alternate about opening hours ("are you open
    today?" against "What is your uptime guarantee?", whose "open a ticket" matched: bot/asks.py); and 1 when it asks
    a time of day ("what time do you close?") and the best section is about hours only by closing for a reason ("Do
    you close for bad weather?") and gives no opening times as a span; else 0. Vetoes the answer."""
    if not m.asks_hours:
        return 0.0
    index, top = m.index, m.top
    if not index.says_hours()[top]:
        return 1.0
    # "what time do you close?" against "Do you close for bad weather?" ("we decide by 1pm"): a time of day asked, and
    # a section about closing for a reason that gives no opening times
    return 1.0 if (ASKS_HOUR.search(" ".join(m.query.tokens).lower()) and index.only_closes_for()[top]
                   and not index.gives_hours()[top]) else 0.0


def misplaced(m: Match) -> float:
    """1 when the question asks about another place or party than the business: when another place opens, and the
    best section does not both name it and say when: opening times given as a span, or a heading or alternate about
    hours ("what time does the bank open?" against "What are your opening hours?", whose "time" and "open" matched;
    "is the post office open?" against "Where are you?", "at the post office"; "is the bank open on sunday?"
    against "How do I pay tuition?", "due every Monday ... by bank draft"; a place a section names only to give
    directions, "opposite the library", it does not name); where to park, or whether a dog is allowed,
    at a place the knowledge base never names ("where can i park near the hospital", "are dogs allowed on the
    beach"); or another party's thing, named by a word the knowledge base never uses ("what is easyjet's cancellation
    policy?", "my cat's gums are bleeding"), these two of a section without example phrasings only: bot/asks.py;
    else 0. Vetoes the answer."""
    place = place_asked(m.query.tokens)
    if not place:
        # Parking or a dog at another place the knowledge base never names ("where can i park near the hospital"
        # against "Where can I park?", "are dogs allowed on the beach" against "Are dogs allowed?"): the business's
        # parking is not the hospital's, nor its rules the beach's. Nor is another party's thing the business's,
        # named by a word the knowledge base never uses ("what is easyjet's cancellation policy?" against "What is
        # your cancellation policy?", "my cat's gums are bleeding" against "Why do my gums bleed?"). Read of a
        # section without example phrasings only: an entry written with them is matched by what they say, and an
        # assistant's intents take any airline, bank or restaurant ("are more than one carry on allowed at klm",
        # "cancel my reservation at hoss's steak house": clinc150-intents).
        if m.index.sections_[m.top].alternates:
            return 0.0
        there = place_asked_at(m.query.tokens)
        others = [w for w in owners_named(m.query.text) if w in m.query.unknown]
        return 1.0 if (there and there.split()[-1] in m.query.unknown) or others else 0.0
    says_when = m.index.gives_hours()[m.top] or _about_hours(m)
    return 0.0 if says_when and names_place(m.index.sections_[m.top], place) else 1.0


def _named(m: Match) -> set[str]:
    """The specific terms a heading or alternate of the best section names."""
    return set().union(*m.index.heading_subjects(m.top))


def displaced(m: Match) -> float:
    """1 when the question asks about the time after or before another event than the best section's: a heading or
    alternate of it asks about the time around its own ("after microneedling", "aftercare"), and the event the question
    names has a word that no heading or alternate of that section names and that the knowledge base never writes, or
    writes once, in another section ("can I wear makeup after botox?" or "after a chemical peel?" against "What Is The
    Aftercare Process For Microneedling?": bot/asks.py), in a knowledge base that is not made of example phrasings
    alone; else 0. Vetoes the answer."""
    # A clinic's article on one treatment is asked about the others it offers; the aftercare of one is not another's.
    # A word written in several sections, or in the best one, is part of what the knowledge base is about ("can i
    # drive after the eye drops?" to an optician's eye-test entry, the one place that names them). An assistant's
    # intents take any event, as they take any restaurant ("how long to wait before dining in restaurant beta":
    # clinc150-intents' "how busy").
    index = m.index
    events = [] if index.phrasings_only else events_named(m.query.tokens, index.analyzer_.is_stop)
    if not events or not any(about_event(h) for h in index.heading_words(m.top)):
        return 0.0
    named = _named(m)
    guessed = {fix for _, fix in m.query.fixes}  # a typo's fix is a guess: "after microneedlng" is no other event
    for event in events:
        for t in index.analyzer_.terms([w for w in event if w not in guessed]):
            if t in named or t in index.generic_terms_:
                continue
            col = index.vocab_.get(t)
            if col is None or (int(index.df_[col]) <= 1 and not index.in_section(col, m.top)):
                return 1.0
    return 0.0


def replaced(m: Match) -> float:
    """1 when the question puts a word the knowledge base never uses where a heading or alternate of the best
    section puts one of its own, after a word both write ("how do i apply for a passport?" against a tax preparer's
    "Can you help me apply for an ITIN?", "can i bring a pram?" against a salon's "Can I bring my kids?", "do you
    offer aerial yoga?" against "Do you offer prenatal yoga?"), or as the one-word subject of a word both write
    where the heading has its own ("what payment methods does the irs accept?" against "What payment methods do you
    accept?", "is this milk suitable for babies?" against "Is it suitable for children?"): the question asks about
    another thing. Not when the question names the heading's word too ("cancel my tuesday class"), nor after an
    everyday word ("see"), nor for an everyday word, a typo's fix or a word that could be a word of the headings
    misspelt or inflected ("kidz", "heel", "lenses"); lexical indexes only (with an encoder, its reading decides:
    it takes "do you fix teslas?" to "Do you repair electric cars?"), in a knowledge base not made of example
    phrasings alone; else 0. Vetoes the answer."""
    index = m.index
    if index.encoder_ is not None or index.phrasings_only:
        return 0.0
    q = m.query
    guessed = {fix for _, fix in q.fixes}
    everyday = generic_words()
    unknown = {w for w in q.unknown if w not in guessed and w not in everyday}
    if not unknown:
        return 0.0
    analyzer, asked = index.analyzer_, set(q.terms)
    headings = index.heading_terms(m.top)
    for i, word in enumerate(q.tokens):
        if word in unknown or analyzer.is_stop(word):
            continue
        slot = _slot(q.tokens, i)
        if slot not in unknown:
            continue
        terms = tuple(analyzer.terms([word]))
        if not terms or terms[0] in QUESTION_STEMS or terms[0] in index.generic_terms_:
            continue  # an everyday verb takes anything ("see someone's albums")
        for heading in headings:
            for a, (other, said) in enumerate(heading):
                if said != terms or other in unknown:
                    continue
                own = analyzer.terms([_slot([w for w, _ in heading], a) or ""])
                if (own and own[0] not in asked and own[0] not in QUESTION_STEMS and own[0] not in index.generic_terms_
                        and own[0] in index.vocab_ and not _misspelt(slot, {w for h in headings for w, _ in h})):
                    return 1.0
    return 1.0 if _subject_replaced(m, unknown) else 0.0


def _subject_replaced(m: Match, unknown: set[str]) -> bool:
    """Does the question name, with a word the knowledge base never uses, the one who does or is what a heading or
    alternate of the best section says of its own subject: the word after it (past "is", "does"...) is one both
    write, and right before that word the heading has another subject ("does the irs accept cheques?" against
    "What payment methods do you accept?", "is this milk suitable for babies?" against "Is it suitable for
    children?", "my car is making a banging noise" against "Why is my boiler making a banging noise?")?"""
    index, q = m.index, m.query
    analyzer, asked, tokens = index.analyzer_, set(q.terms), q.tokens
    headings = index.heading_terms(m.top)
    for i, word in enumerate(tokens):
        if word not in unknown or word in ANY_BUSINESS or not _subject_at(tokens, i, named=True):
            continue  # the subject, named as a thing: "does the irs", "my car is", "is this milk", "does the 42 bus";
            # not the business's own premises ("is the building accessible?" of "Is the house accessible?")
        j = i + 1
        while j < len(tokens) and tokens[j] in _BETWEEN_SUBJECT_AND_VERB:
            j += 1
        if j == len(tokens) or tokens[j] in unknown or analyzer.is_stop(tokens[j]):
            continue
        said = tuple(analyzer.terms([tokens[j]]))
        if not said or said[0] in QUESTION_STEMS:
            continue
        then: tuple[str, ...] = ()  # an everyday verb says nothing alone: "making" must be "making a rumbling noise"
        if said[0] in index.generic_terms_:
            k = j + 1
            while k < len(tokens) and k <= j + 3 and tokens[k] in _BEFORE_A_THING:
                k += 1
            then = tuple(analyzer.terms([tokens[k]])) if k < len(tokens) and tokens[k] not in unknown else ()
            if not then or then[0] in QUESTION_STEMS or then[0] in index.generic_terms_:
                continue
        for heading in headings:
            for a, (_, theirs) in enumerate(heading):
                if theirs != said or then and then not in (t for _, t in heading[a + 1:a + 4]):
                    continue
                own = heading[a - 1][0].lower() if a else ""
                if not own or not _subject_at([w.lower() for w, _ in heading], a - 1):
                    continue  # "Do you make custom cakes?": "custom" is what is made, not who makes ("a birthday cake")
                if own in _STANDS_IN:
                    return True  # the business, or the one thing the section is about
                mine = analyzer.terms([own])
                if (mine and mine[0] not in asked and mine[0] in index.vocab_ and mine[0] not in QUESTION_STEMS
                        and mine[0] not in index.generic_terms_
                        and not _misspelt(word, {w for h in headings for w, _ in h})):
                    return True
    return False


def _subject_at(tokens: list[str], i: int, named: bool = False) -> bool:
    """Is tokens[i] a clause's subject, one word (after a determiner, which `named` requires, and numbers), at
    the start or after an auxiliary, a question word or a conjunction ("do you", "are dogs", "does the 42 bus")?
    Not a verb's object ("do you make custom cakes", "can i order a birthday cake"), nor a word before another
    ("is the boat wheelchair accessible", "is my water heater making": which is the subject, a word alone does not
    tell)."""
    j = i
    while j > 0 and tokens[j - 1].isdigit():
        j -= 1
    if j > 0 and tokens[j - 1] in _BEFORE_A_THING:
        j -= 1
    elif named:
        return False
    return j == 0 or tokens[j - 1] in _OPENS_A_CLAUSE


def _misspelt(word: str, others: set[str]) -> bool:
    """Could the visitor's word be one of these words misspelt or inflected ("kidz" for "kids", "heel" for "heal",
    "lenses" for "lens"), though neither the typo fixer nor the stemmer read it so?"""
    from rapidfuzz.distance import Levenshtein

    return any(Levenshtein.distance(word, other) <= max(1, len(other) // 4) or word.startswith(other)
               or other.startswith(word) for other in others if len(other) > 2)


def _slot(tokens: list[str], i: int) -> str | None:
    """The word tokens[i] takes (`_SLOT_SKIP`), or None."""
    j = i + 1
    while j < len(tokens) and j <= i + 2 and tokens[j] in _SLOT_SKIP:
        j += 1
    return tokens[j] if j < len(tokens) and tokens[j] not in _SLOT_SKIP else None


# "is it safe?", "is that safe?": a question that asks whether something is so without naming it
_UNNAMED = frozenset({"it", "that", "this"})
_ASKING = frozenset("is isn't isnt does doesn't doesnt will would can could should was are do".split())
_DETERMINERS = frozenset({"a", "an", "the", "your"})
ONE_THING = 0.8  # a term written in this share of the sections or more: the knowledge base is about one thing


def unnamed(m: Match) -> float:
    """1 when the question asks whether "it" or "that" is so without naming it or anything else ("is it safe?", "is
    it clean?"; not "is it a family business?", nor "is it open now?", asked of the business), stands alone (no
    earlier question names it), and no heading or alternate of the best section names its one word, which the
    section's text only uses ("is it safe?" against a bike shop's "How often should I have my bike serviced?", "keeps
    the bike safe"; "is it clean?" against a web host's "What happens if my site gets hacked?", "a clean copy"), or
    names it only as a thing or a deed when "is it <word>?" asks a quality ("Can you open a safe?", "Do you clean
    inside windows?"),
    unless the knowledge base is about one thing, which "it" then means (the article's "does it hurt?"), and the
    question is not just "is it <word>?" with a word no heading or alternate of the best section names (the article's
    "is it easy?", answered from the natural remedies' "easy to make at home"); else 0. Vetoes the answer."""
    q = m.query
    if (q.context or m.asks_hours or len(q.tokens) < 3 or q.tokens[0] not in _ASKING
            or q.tokens[1] not in _UNNAMED or q.tokens[2] in _DETERMINERS):
        return 0.0  # "is it a family business?" asks what the business is
    index = m.index
    terms = [t for t in dict.fromkeys(q.specific_terms) if " " not in t]
    if len(terms) != 1:
        return 0.0  # "is it suitable for pregnant women?" names whom it asks about
    naming = [heading for subjects, heading in zip(index.heading_subjects(m.top), index.heading_words(m.top))
              if terms[0] in subjects]
    quality = _asks_quality(q.tokens)
    if naming and (not quality or _quality_said(naming, q.tokens[2], terms[0], index.analyzer_)):
        return 0.0  # "Is hot yoga safe?" asks it
    if quality:
        return 1.0  # "is it easy?": a quality no heading or alternate asks, whatever "it" is
    return 0.0 if index.most_sections() >= ONE_THING * len(index.sections_) else 1.0


# "is it clean?" asks a quality: a heading asks it when it says the same word as one ("Is hot yoga safe for me?", "How
# do you keep my keys safe?"), not as a thing ("Can you open a safe?", "a dead hard drive"), nor as what the business
# does ("Do you clean the inside of windows?", "Do you do dental cleanings?"). A participle ("is it guaranteed?") is
# the deed itself ("Do you guarantee your repairs?").
_QUALITY_ASKED = frozenset("is isn't isnt are aren't arent was".split())
_BEFORE_A_THING = frozenset("a an the my your our their his her its this that these those any some".split())
# What a word takes (`_slot`, for `replaced`): the next word after at most two determiners or prepositions ("cancel
# my gym membership", "apply for a passport", "bring a pram").
_SLOT_SKIP = _BEFORE_A_THING | frozenset("for to with on in at of about vs versus".split())
_DOERS = frozenset("i we you they he she".split())
# Past these to the word that says what a subject does or is (`_subject_replaced`): "my car is making", "does the irs
# accept"; and the subjects a heading gives the business ("do you accept") or the thing it is about ("is it suitable")
_BETWEEN_SUBJECT_AND_VERB = frozenset("is isn't isnt are aren't arent was were does doesn't doesnt do don't dont did "
                                      "will won't would can can't cant could should has have had be been being".split())
_STANDS_IN = frozenset({"you", "we", "it"})
_OPENS_A_CLAUSE = _BETWEEN_SUBJECT_AND_VERB | frozenset("what which who whose why where when how and but so if".split())
_AFTER_A_QUALITY = frozenset("for to with in on at during after before around near when if enough is are was were".split())


def _asks_quality(tokens: list[str]) -> bool:
    """Is the question just "is it <word>?" with a word that is not a participle ("is it clean?", not "is it
    guaranteed?")?"""
    return len(tokens) == 3 and tokens[0] in _QUALITY_ASKED and not tokens[2].endswith("ed")


def _quality_said(headings: list[str], word: str, term: str, analyzer) -> bool:
    """Does one of these headings or alternates (folded words, each naming the term) say the word of "is it <word>?"
    as a quality (`_says_quality`), or name it only by a phrase of its synonym group, no single word of it being the
    word ("is it byob?" and "Can we bring our own wine?")? A heading's word says it when it is the word itself or its
    -ly form, or a synonym of it ("is it safe?" and "Is my data secure?"), not another form of its stem ("painful" is
    not "in pain", "clean" not "cleanings")."""
    stem = analyzer.snowball(word)

    def says(t: str) -> bool:
        return t in (word, word + "ly") or (analyzer.snowball(t) != stem and analyzer.terms(t) == [term])

    return any(_says_quality(h, says) or not any(says(t) or analyzer.snowball(t) == stem for t in h.split())
               for h in headings)


def _says_quality(heading: str, says) -> bool:
    """Does a heading (folded words) say the word (`says`: `_quality_said`) as a quality: not after "a"/"the"/"my" (a
    thing), nor within three words after "you"/"we" (a deed: "anything you won't clean"), nor before another word than
    a preposition or "is" ("a hard drive"; "How secure is the site?" asks it)?"""
    toks = heading.split()
    for i, t in enumerate(toks):
        if not says(t):
            continue
        if (i and toks[i - 1] in _BEFORE_A_THING) or _DOERS.intersection(toks[max(i - 3, 0):i]):
            continue
        if i + 1 < len(toks) and toks[i + 1] not in _AFTER_A_QUALITY:
            continue
        return True
    return False


def unaged(m: Match) -> float:
    """1 when the question asks how old one must be, or whether someone is too young or too old, and the best section
    neither asks it in a heading or alternate nor gives an age in its text ("what age do you have to be?" against the
    article's healing section, "the patient's age"; "is there a minimum age?" against "Is there a minimum rental
    period?": bot/asks.py); else 0. Vetoes the answer."""
    return 1.0 if asks_age(m.query.tokens) and not m.index.tells_age()[m.top] else 0.0


def unsuited(m: Match) -> float:
    """1 when the question asks whether something is safe for someone, in a state or with something ("is
    microneedling safe for diabetics?", "is it ok during pregnancy?", "can I do it while breastfeeding?") and the best
    section does not write a specific word of whom or what it asks it for (bot/asks.py); else 0. Vetoes the answer."""
    words = suited_words(m.query.tokens)
    if not words:
        return 0.0
    index = m.index
    for t in set(index.analyzer_.terms(list(words))) & set(m.query.specific_terms):
        if any(c.isdigit() for c in t):
            continue  # "is it suitable for children under 12?" of "children over 10": a detail, not whom
        col = index.vocab_.get(t)
        if col is None or not index.in_section(col, m.top):
            return 1.0
    return 0.0


def unarrived(m: Match) -> float:
    """1 when the question asks when or how the visitor arrives ("when should i arrive?", "what time should we turn
    up?") and the best section is not about them arriving: no heading or alternate in which they arrive or about
    check-in, and no text in which they do ("when should i arrive?" against an optician's "How long will my new
    glasses take?", "we text you as soon as they arrive"; a locksmith's "before our locksmith arrives": bot/asks.py);
    else 0. Vetoes the answer."""
    return 1.0 if asks_arrival(m.query.tokens) and not m.index.tells_arrival()[m.top] else 0.0


def unbooked(m: Match) -> float:
    """1 when the question asks how, where or whether the visitor books ("how do i book?", "booking", "where do i
    sign up?", "do i need an appointment?", "do you take appointments?", "is it by appointment only?", "do you take
    walk-ins?"), names nothing else the best section holds but
    what one books (an appointment, a session, a lesson...), and the best section is not about booking: no heading
    or alternate about booking or appointments other than in a clause of time or only about when one can book again,
    and no text that tells how or whether to book ("booking" against the article's introduction, whose alternate asks
    "what should I know about the redness before booking"; "how do I book?" against its wait between sessions, "can
    I book my next one in a month"; "can I book for someone else?" against "Do you have female instructors?":
    bot/asks.py); else 0. Vetoes the answer. "Can I just book a massage?" names the massage its entry's heading
    names, and "when can I book again?" asks a time, which a section that never says "book" may give: the ranking
    decides those."""
    if asks_booking(m.query.tokens) != "how" or m.index.tells_how_to_book()[m.top]:
        return 0.0
    index = m.index
    booked = {t for w in BOOKED for t in index.analyzer_.terms([w])}
    named = set().union(*index.heading_subjects(m.top)) - booked
    # what the chat names counts too: "can i reserve one?" after "is there parking?" asks to book a parking space,
    # which "Is there parking?" answers ("Spaces can't be reserved")
    return 0.0 if named & {*m.query.specific_terms, *m.query.context_terms} else 1.0


def unreachable(m: Match) -> float:
    """1 when the question asks how to reach the business (its phone number, email, address, website) and the
    best section neither gives that detail nor is about reaching it ("what is your email?" against "What
    should I bring?", which asks to "email them to us": bot/contact.py); else 0. Vetoes the answer. A question
    asking only where the business is ("where are you located?") is not answered by a heading about reaching it
    some other way ("How do I contact support?": an app's has no address), nor by a street named alone ("back to
    our Canal Street lot"), though such a section still ranks first for it, as the best suggestion. And 1 when the
    question asks no contact detail but names a word the best section has only from the contact phrasings derived
    for it (bot/contact.py `phrasings`): "can I change my phone number" is not answered by "How do I contact you?"
    because of its "what is your phone number"."""
    if not m.channels:
        only = m.index.only_derived(m.top)
        return 1.0 if only and not only.isdisjoint(m.query.subject_terms) else 0.0
    if not m.index.tells_contact(m.channels)[m.top]:
        return 1.0
    place_only = m.channels == {PLACE}
    return 1.0 if place_only and not tells_place(m.index.sections_[m.top]) else 0.0


def uncredited(m: Match) -> float:
    """1 when the question asks whether the business itself is insured, licensed, qualified... and the best
    section neither names it in a heading or alternate nor says it of the business ("are you insured?"
    against "Do you accept pet insurance?": bot/asks.py); else 0. Vetoes the answer."""
    credential = credential_asked(m.query.tokens)
    return 1.0 if credential and not vouches(m.index.sections_[m.top], credential) else 0.0


PARAPHRASE_COSINE = 0.6  # a sentence-encoder cosine this high with a heading or alternate reads as a paraphrase


def elsewhere(m: Match) -> float:
    """1 when no specific word of the question is in the best section (it shares everyday words at most),
    and each of its heading and alternates names a subject that neither the question nor its context
    does ("how many hours a week should I work" against "How long does it take for skin to heal?"),
    unless the sentence encoder reads it as a paraphrase of one of them; else 0. Vetoes the answer."""
    # Measured on the calibration sets at the shipped threshold, this turns wrong answers and off-topic
    # answers into refusals; a heading made of everyday words only ("How much does it cost?") is about
    # what such a question asks, so it is never vetoed.
    if specific(m) > 0:
        return 0.0
    if m.index.encoder_ is not None and float(m.semantic("headings")[m.top]) >= PARAPHRASE_COSINE:
        return 0.0  # the encoder reads the question as a paraphrase of a heading or alternate of the section
    index = m.index
    asked = set(m.query.subject_terms)  # the question's subject terms and its context's
    for subject in index.heading_subjects(m.top):
        if not subject or subject & asked:
            return 0.0
    return 1.0


def _heading_asks_it(m: Match, kind: str | None = None) -> bool:
    """Does a heading or alternate of the best section ask what the question asks (a price, a length of time,
    a frequency, a time of day: bot/asks.py; with `kind`, that kind only)?"""
    question = " ".join(m.query.tokens).lower()
    return any(asks_alike(question, h, kind) for h in m.index.heading_words(m.top))


def passing(m: Match) -> float:
    """1 when the question names one subject and the knowledge base only mentions it in passing: found in the
    best section's text but in none of its headings or alternates, named by no heading or alternate of any
    section, and written in two sections or more ("how do I book?" against a dentist whose gum-bleeding
    entry ends "book a checkup"), unless a heading or alternate of the best section asks what the question
    asks (a price list names each service once; an opening-hours entry answers "what time do you close?"), or
    the question asks when the business is open and the section gives opening times as a span, or the best
    section writes it more often than any other, twice or more (it dwells on it), or the question is a follow-up
    read with an earlier one that a heading or alternate of the best section names ("do i get a refund for it?"
    after "my son will miss next week's lesson", to "What happens if my child misses a lesson?");
    lexical indexes only (with an encoder, its reading of the text decides); else 0. Vetoes the answer."""
    index = m.index
    if index.encoder_ is not None:
        return 0.0  # with an encoder the veto cost as many right answers as it saved wrong ones (docs/matching.md)
    terms = _specific_terms(m)
    col = index.vocab_.get(terms[0]) if len(terms) == 1 else None
    if col is None or not index.in_section(col, m.top) or index.in_any_heading(col):
        return 0.0
    if _heading_asks_it(m):  # "how much for a men's cut?" to "How much does a haircut cost?": a price list names
        return 0.0  # each service once; "what time can we arrive?" to "What time is check-in?"
    if m.asks_hours and (_about_hours(m) or m.index.gives_hours()[m.top]):  # "what time do you close?" to "What
        # are your opening hours?", whose "closed on Mondays" is not a mention in passing; nor is "opening times" to a
        # self-storage firm's "When can I access my unit?", which gives them ("from 6am to 10pm"; "your PIN opens
        # the gate")
        return 0.0
    if index.dwells_on(terms[0]) == m.top:  # "do I need my own mat?" to "What should I bring to class?", which
        return 0.0  # says "mat" twice where another entry says it once: it dwells on it
    lent = set(m.query.context_terms)  # "do i get a refund for it?" after "my son will miss next week's lesson": a
    if lent and any(lent & h for h in index.heading_subjects(m.top)):  # follow-up asks a detail of the entry the
        return 0.0  # chat is about ("What happens if my child misses a lesson?"), which may name it once
    return 1.0 if index.df_[col] >= 2 else 0.0  # written once: the one place that answers it ("where is the stopcock")


# A name: two or more capitalised words in a row ("Brookfield Business Park", "Linda Park", "Park Road").
_NAME = re.compile(r"\b[A-Z][a-z]+(?:['’-][A-Za-z]+)*(?: [A-Z][a-z]+(?:['’-][A-Za-z]+)*)+\b")
_PARKING = frozenset("park parking parked parks".split())


def unparked(m: Match) -> float:
    """1 when the question asks about parking and nothing else, and the best section writes "park" only inside
    names, none of its headings or alternates naming it: "parking?" against a tax preparer's "Our owner, Linda
    Park, is an enrolled agent" or a pest controller's "Our office is at Unit 6, Brookfield Business Park" (a name
    is two or more capitalised words in a row); else 0. Vetoes the answer. Parking only: every business's address
    may be on a Park Road or in a Business Park, and there "park" is never parking; another word inside a name is
    often the very place asked about ("do you deliver to Boise Airport?")."""
    terms = _specific_terms(m)
    if len(terms) != 1 or _PARKING.isdisjoint(m.query.tokens):
        return 0.0
    term, index = terms[0], m.index
    col = index.vocab_.get(term)
    if col is None or not index.in_section(col, m.top) or any(term in h for h in index.heading_subjects(m.top)):
        return 0.0
    body = index.sections_[m.top].body
    analyzer = index.analyzer_
    if not any(term in analyzer.terms(name) for name in _NAME.findall(body)):
        return 0.0
    return 0.0 if term in analyzer.terms(_NAME.sub(" , ", body), phrase_words=True) else 1.0


def z(m: Match) -> float:
    """How many standard deviations the best score stands above the others (/10, at most 1)."""
    # Scale-free, so it means the same for a 20-section article and a 2,000-entry FAQ table.
    n, top = len(m.score), m.top
    value = 0.0
    if n > 2:
        s64 = m.score.astype(np.float64)
        mean = (s64.sum() - s64[top]) / (n - 1)
        var = max((np.dot(s64, s64) - s64[top] ** 2) / (n - 1) - mean ** 2, 0.0)
        value = float((s64[top] - mean) / (np.sqrt(var) + 1e-6))
    return min(value, 10.0) / 10.0


# Where the classifier's vote is neither for nor against. Fitted on the fit halves of banking77 and clinc150-intents
# with the confidence as shipped: the vote's slope and a shift of those knowledge bases' bias fitted together put
# the neutral point at 0.26 lexically and 0.27 with minilm.
VOTE_EVEN = 0.25
_EVEN_LOGIT = math.log(VOTE_EVEN / (1 - VOTE_EVEN))


def vote(m: Match) -> float:
    """The phrasings' classifier's vote for the best section (knowledge bases made of example phrasings only): the
    log-odds of its probability less those of one in four, /4, clipped to [-1, 1] (the classifier over the
    sentence vectors with an encoder); a vote for it counts only for the share of the question's subject words the
    knowledge base knows (`known`), as the classifier cannot read the others; 0 where no classifier was trained."""
    # The classifier tells a right best section from a wrong one better than the confidence does (the fit halves of
    # banking77 and clinc150-intents, area under the curve: lexical 0.83-0.84 against 0.76, with minilm 0.85-0.86
    # against 0.70-0.77), but it can be as sure of an out-of-scope question, so it votes and the features weigh in.
    p = m.classified(vectors=True) if m.index.encoder_ is not None else None
    if p is None:
        p = m.classified(vectors=False)
    if p is None:
        return 0.0
    q = min(max(float(p[m.top]), 1e-6), 1.0 - 1e-6)
    value = float(np.clip((math.log(q / (1.0 - q)) - _EVEN_LOGIT) / 4.0, -1.0, 1.0))
    # "how many calories does swimming burn?" to a calories entry: the classifier, blind to "swimming", is sure of it.
    # Not counting a vote for at all then lost most of the gain (an intent's phrasings are full of words that do not
    # matter: clinc150-intents' check half answered 0.620 right, against 0.655 counting it whole and 0.642 so).
    return value * known(m) if value > 0 and m.query.unknown else value


def sem_over(m: Match) -> float:
    """The best section's sentence-encoder cosine with its heading and text (`sem_body`) less the knowledge base's
    background, the cosine a section's headings and alternates typically have with another section's text (0 to
    1; 0 without an encoder)."""
    # The article's sections are all about microneedling: "is microneedling safe while breastfeeding?" reads 0.48
    # against its multiple-sessions entry, as close as a visitor's paraphrase reads against a dentist's entry, and
    # was answered (0.46). Its background is 0.52 (the dentist's 0.17), so that is nothing above it: refused (0.3957).
    index = m.index
    if index.encoder_ is None:
        return 0.0
    return float(min(max(float(m.semantic("sections")[m.top]) - index.sem_background_, 0.0), 1.0))


def sem_word(m: Match) -> float:
    """The question word the best section matches least, as the sentence encoder reads both in context: its
    cosine with the section's nearest word (1 for a word the section contains; 1 if no word is left)."""
    # "how do I cancel my gym membership?" to "How do I cancel my subscription?" matches every word but "gym"
    # (about 0.2 to its nearest word there); "where can I park my boat?" to a car park's entry: "boat" 0.17,
    # "automobile" 0.68 (near "cars"). The encoder reads a typo as fixed (Query.encoder_text); a typo it still
    # reads as typed is left out, and so are stop words, question words, numbers and single letters ("i'm" is
    # read as "i", "'", "m").
    index, top = m.index, m.top
    read = m.question_words
    analyzer, fixed = index.analyzer_, {typo for typo, _ in m.query.fixes}
    unmatched = []
    for word, vector in zip(read.words, read.vectors):
        if len(word) < 2 or word.isdigit() or word in fixed or analyzer.is_stop(word):
            continue
        terms = analyzer.terms([word])
        if not terms or terms[0] in QUESTION_STEMS:
            continue
        col = index.vocab_.get(terms[0])
        if col is None or not index.in_section(col, top):
            unmatched.append(vector)
    if not unmatched:
        return 1.0
    lo, hi = int(index.word_bounds_[top]), int(index.word_bounds_[top + 1])
    if lo == hi:
        return 0.0
    # float16 as stored; one product in float32 (numpy has no fast float16 product)
    sims = index.word_vectors_[lo:hi].astype(np.float32) @ np.asarray(unmatched, dtype=np.float32).T
    return max(float(sims.max(axis=0).min()), 0.0)
