"""The policy: a question (and this chat's history) -> Answer: small talk, follow-ups, threshold,
concise answer, suggestions, or a polite no-answer.

Every reply records why it scored what it did (`Answer.explain`).
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Sequence

from .asks import measures_asked
from .contact import CHANNELS, CONTACT_STEMS, EMAIL, PHONE, PHRASINGS
from .concise import concise_answer
from .index import Index
from .model import Answer, Suggestion
from .ranking import Ranked, Weights, confidence, rank
from .redact import read_as_asked
from .signals import VETOES
from .smalltalk import kb_first_reply, small_talk
from .text import asked_clause, clauses_of, questions_in, spaced_once, unquoted, words
from .typos import is_english

NO_ANSWER_NO_SUGGESTIONS = "Sorry, I don't have an answer to that."
TOPICS = " Maybe one of these topics helps?"
NO_ANSWER = NO_ANSWER_NO_SUGGESTIONS + TOPICS
# A message with no word faqbot reads (words are Latin letters and digits, bot/text.py): letters of another script
# ("привет", "営業時間は？"), or none at all (emoji, "?", "..."). A bare "Sorry, I don't have an answer to that."
# left the visitor with nothing to try.
UNREAD_SCRIPT = "Sorry, I can only read questions written in English."
UNREAD_NO_WORDS = "Sorry, I didn't find a question in that: could you ask it in words?"


def no_answer_text(topics: bool, contact: str = "", sorry: str = NO_ANSWER_NO_SUGGESTIONS) -> str:
    """The no-answer reply: sorry, how to reach a person (FAQBOT_NO_ANSWER_CONTACT, if set), then the topics offered
    (the line that points to them last, right above them)."""
    said = sorry + (f" {contact}" if contact else "")
    return said + TOPICS if topics else said


# Follow-ups that lean on an earlier question: pronouns and very short fragments.
_ANAPHORA = frozenset("it its that this those these they them there same such".split())  # point back
_ELLIPSIS = ("and ", "what about ", "how about ", "also ", "then ")  # a follow-up that starts like this leans
# Only a continuation of the previous question: "e-bikes too?", "from what age?", "on sundays?" (a short
# phrase that opens with a preposition, or a phrase that ends with "too"/"as well" and is no question of its own)
_CONTINUES = re.compile(r"^(?:for|from|at|on|in|with|without|during|after|before|by|about|since|until)(?: \S+){0,3}$"
                        r"|\b(?:too|as well)$")
# A question of its own, put as one more thing asked for: "can i hire a harness as well" after "can i hire climbing
# shoes?", "do you do vr games too" after "what happens if we get stuck?". Its "too" adds a thing, it takes nothing
# from the earlier question (what it does not name, its pronouns lean on: "is that free too?").
_ASKS_ANEW = re.compile(r"^(?:(?:do|does|did|is|are|was|were|will|would|can|could|should|shall|may|might|must|has|have"
                        r"|had|how|what|when|where|which|who|whom|whose|why) (?!about\b)|(?:i|we|you) \S+ \S+)")
_LAST_POINTS_BACK = frozenset("that this those these them".split())  # "how long for that?"
_REFERENTS = 5  # the earlier question's best entries a word standing for its subject may point at (3 lost one right
# answer of the article's: "does it hurt?" after "what is microneedling?", from "How Does Microneedling Work?")
_CONTEXT_QUESTIONS = 2  # earlier questions a follow-up may be read with (`Policy._context`)


def leans_on_earlier(question: str) -> bool:
    """Does the question only make sense after another ("and on sundays?", "from what age?", "how long for
    that?")? Such a phrasing, logged without its history, is no alternate for a section on its own."""
    said = words(question)
    text = " ".join(said)
    return bool(said) and ((text + " ").startswith(_ELLIPSIS) or _continues(text) or said[-1] in _LAST_POINTS_BACK)


_MODIFIES = frozenset("for from at on in with without during after before by about since until if when than as over through"
                      " under around per within".split())


def _names_anew(text: str) -> bool:
    """After "and" / "what about" ..., does the follow-up name a thing ("what about the risks?") rather than put a
    circumstance to the earlier question ("and for a 2 year old?", "what about on the seal trip?", "and if it
    fails?")?"""
    rest = next(((text + " ")[len(p):] for p in _ELLIPSIS if (text + " ").startswith(p)), "").split()
    return bool(rest) and rest[0] not in _MODIFIES


def _continues(text: str) -> bool:
    """Does the question (its words, joined) only continue the previous one (`_CONTINUES`, not `_ASKS_ANEW`)?"""
    m = _CONTINUES.search(text)
    return m is not None and (m.start() == 0 or _ASKS_ANEW.match(text) is None)


# "it" that points at nothing: "is it safe to drive", "is it ok if I", "is it true that"
_EXPLETIVE = re.compile(r"\bit (?:\w+ ){0,2}?(?:to|if|that|when)\b")
# Of those, the ones that cannot be about a thing named before: a judgement of doing something ("is it safe to fly
# after a filling?", "is it ok if we bring a cake?", "is it a problem if i'm late?"); "is it cheaper if i buy ten?"
# can be
_IT_OF_NOTHING = re.compile(r"^it (?:\w+ )?(?:ok|okay|alright|safe|possible|fine|allowed|normal|necessary|true|wise"
                            r"|advisable|common|usual|easy|hard|difficult|important|required|mandatory|good|bad|wrong"
                            r"|rude|acceptable|appropriate|idea|problem) (?:to|if|that|when)\b")
# A word standing for a thing the chat named before: last ("how much do you charge for that?", "can i reserve
# one?"), in a short question ("is that free?", "how much are they?"), in what one gets ("can i rent one from you?")
# or what one asks of ("do they come with a warranty?")
_STANDS_FOR = frozenset("it that this those these them they one ones".split())
_CONDITION = re.compile(r"^(?:and |but |so )?(?:what (?:happens )?if|even if|if)\b")
_ASKED_OF = re.compile(r"^(?:and |but |so )?(?:(?:how (?:much|many|long|often|old|soon|far|big)|what(?: time)?|when"
                       r"|where|which|why) )?(?:do|does|did|is|are|was|were|will|would|can|could|has|have) "
                       r"(?:it|they|that|those|these|this)\b")  # "do they come with a warranty?", "how much do they cost?"
_GOT_VERBS = frozenset("rent borrow reserve book buy hire get have take bring use need want try keep".split())
_GOT = re.compile(rf"\b(?:{'|'.join(sorted(_GOT_VERBS))}) (?:it|one|ones|them|those|that)\b")
_PLURAL_STANDING = frozenset("they them those these ones".split())
_VERB_S = frozenset("does goes".split())  # not plurals of "doe" and "go"


def _names_several(text: str, stop: frozenset[str]) -> bool:
    """Does the text name something in the plural ("do you sell swim caps?", "do you teach adults?")? A word that is
    no stop word (stop: the index's stop list) and reads as a plural of a common English word ("caps": "cap",
    "classes": "class", "nappies"), or a word ending in s that is none ("goggles", "wetsuits", "airpods": the
    common words' list, a sentence encoder's vocabulary, lacks them, and a rarer word in -s is most often a plural)."""
    for w in words(text):
        if len(w) < 4 or w in stop or w in _VERB_S or w.endswith(("ss", "us", "is")):
            continue
        if _plural_of_english(w) or w.endswith("s") and not is_english(w):
            return True
    return False


def _plural_of_english(w: str) -> bool:
    """Does the word read as a plural of a common English word ("caps", "classes", "nappies")?"""
    return any(w.endswith(end) and is_english(w[:-len(end)] + base)
               for end, base in (("ies", "y"), ("es", ""), ("s", "")) if len(w) - len(end) >= 3)


# after "that", words that leave it pointing back: "can i pay that in instalments?", "cancel that please"
_AFTER_POINTING = frozenset("in on at for with to by from of the a an my your our please then now".split())
# before "that", words that leave it pointing back: "can you do that?", "how much is that for kids?"
_BEFORE_THAT_POINTING = frozenset("do does did is are was were will would can could should shall may might must has "
                                  "have had and but so like about".split())
_BE = frozenset("is are was were be been isn aren wasn weren".split())  # beside "there": "is there", "there are"


def _points_back(said: Sequence[str], stop: frozenset[str]) -> bool:
    """Does a word of the question (its words) point back (`_ANAPHORA`)? Not a "that" that opens a relative clause
    after the thing it describes ("what lead do you recommend for a dog that pulls?", "do you sedate dogs that
    won't sit still"): a word naming something before it, and a word after it that goes on to say what it does.
    Nor the "there" of "is there ...?" ("is there a cafe that sells coffee?"); "can i park there?" points back. Nor
    an "it" that points at nothing (`_IT_OF_NOTHING`: "is it safe to fly after a filling?").
    stop: the index's stop list (read from the saved index: answering never imports scikit-learn)."""
    for k, w in enumerate(said):
        if w not in _ANAPHORA:
            continue
        before = said[k - 1] if k else ""
        if w == "that" and 0 < k < len(said) - 1 and before not in stop and before not in _BEFORE_THAT_POINTING \
                and before not in _GOT_VERBS and said[k + 1] not in _AFTER_POINTING:
            continue
        if w == "there" and (before in _BE or (k + 1 < len(said) and said[k + 1] in _BE)):
            continue  # "is there a cafe?", "there are lockers?": there is, not a place named before
        if w == "it" and _IT_OF_NOTHING.match(" ".join(said[k:])):
            continue  # "is it safe to fly after a filling?", "is it ok if i bring my dog?": it points at nothing
        return True
    return False


def _stands_for_something(said: Sequence[str]) -> bool:
    """Does a word of the question (its words) stand for a thing named elsewhere (`_STANDS_FOR`)?"""
    text = " ".join(said)
    return bool(said) and not _EXPLETIVE.search(text) and (
        said[-1] in _STANDS_FOR or (len(said) <= 4 and not _STANDS_FOR.isdisjoint(said))
        or _GOT.search(text) is not None or _ASKED_OF.search(text) is not None)


class Policy:
    """Turns a question (and this chat's history) into an Answer."""

    def __init__(self, index: Index, threshold: float, weights: Weights | None = None, contact: str = "") -> None:
        self.index = index
        self.threshold = threshold  # required: the one default is the FAQBOT_THRESHOLD setting's
        self.contact = contact  # FAQBOT_NO_ANSWER_CONTACT: how to reach a person, ending every no-answer reply
        # A lexical and a semantic index rank with different signals: each has its own fitted weights.
        self.weights = weights or Weights.load(index.encoder_name)

    def rank(self, question: str, context: Sequence[str] = ()) -> Ranked:
        """Rank the sections for a question (read with context, if any), with the top one's confidence."""
        return rank(self.index, self.weights, question, context)

    def read(self, typed: str) -> str:
        """What the engine reads of a message, answered as typed: without the visitor's contact details, name and
        pasted links ("how long will my face stay red? my number is 07700 900123", bot/redact.py), without the
        courtesies around it ("sorry to bother you, ... thanks in advance", `Index.without_courtesies`), and
        without quotation marks around the whole of it. A message that is small talk as it stands ("hello anyone")
        keeps its courtesies: they are what it says."""
        text = unquoted(read_as_asked(spaced_once(typed.strip())))
        trimmed = self.index.without_courtesies(text)
        return text if trimmed != text and small_talk(text) is not None else trimmed

    def ask(self, question: str, history: Sequence[str] = (), top_k: int = 3) -> Answer:
        """The Answer for a question; history is this chat's earlier questions, newest last."""
        typed = question.strip()
        read = self.read(typed)
        answer = self._ask(read, [self.read(h) if isinstance(h, str) else h for h in history], top_k)
        return answer if read == typed else replace(answer, question=typed)

    def _ask(self, question: str, history: Sequence[str], top_k: int) -> Answer:
        talk = small_talk(question)
        if talk is not None:
            return Answer(question=question, answered=False, kind="smalltalk", answer=talk.reply,
                          suggestions=self._topics(top_k) if talk.topics else [], explain={"reason": "smalltalk"})
        if not words(question):
            return self._unread(question, top_k)
        ranked = self.rank(question)
        how = "alone"
        first = kb_first_reply(question)
        if first is not None:
            # The time, the date or the weather, or asking for a person: answered from the knowledge base
            # only if it answers it alone (a campsite's "What is the weather like?", a shop's "Can I speak
            # to a real person?"), never as a follow-up of the history.
            if self._answers(ranked) and first.answered_by(self.index.heading_words(ranked.match.top)):
                return self._answer(question, ranked, top_k, how)
            # "can I speak to a human?" to an FAQ with no such entry: the section that gives its phone number answers
            # it, as it answers "what is your phone number?" or "can I call you?"
            read = self._read_as(question, first.asked_as, top_k)
            if read is not None:
                return read
            # asking for a person or a call back, which no entry answers: the site's way to reach one, when it gives it
            reply = f"{first.reply} {self.contact}" if self.contact and first.asked_as else first.reply
            return Answer(question=question, answered=False, kind="smalltalk", answer=reply,
                          explain={"reason": f"smalltalk: {first.about}"})
        if history:
            ranked, how = self._with_history(question, ranked, history)
        # Two questions in one message ("how long does redness last and can I wear makeup?"): each is also
        # read on its own, so the one the answer does not cover leads the suggestions, and a message whose
        # whole is refused is answered from its most confident part.
        parts = self._parts(question, history)
        if self._answers(ranked):
            return self._answer(question, ranked, top_k, how, parts)
        answered = [(r, n) for n, r in enumerate(parts, 1) if self._answers(r)]
        if answered:
            best, n = max(answered, key=lambda rn: rn[0].confidence)
            return self._answer(question, best, top_k, f"question {n} of {len(parts)}", parts)
        # A question told with an aside or a reason ("I'm disabled, is the building accessible?"): words the
        # knowledge base never uses weigh the whole down, so the asking clause alone answers it when it finds the
        # same section and that section holds every word of the message the knowledge base does use (a longer
        # story is the question itself, and bot/text.py `asked_clause` finds no clause in it).
        clause = asked_clause(question)
        if clause is not None and len(ranked.order) and self._holds_the_rest(ranked):
            alone = self.rank(clause)
            asked = self._with_history(clause, alone, history)[0] if history else alone
            if self._answers(asked) and asked.match.top == ranked.match.top:
                return self._answer(question, asked, top_k, "its asking clause", parts)
        # "what's your phone number?" shares no word with "Book online, or call us on 01632 960 123": a question that
        # asks for a contact detail and nothing else is also asked the other ways a visitor asks it ("how do I
        # contact you?": the phone number, then the email address)
        channels = ranked.match.channels
        if channels and CONTACT_STEMS.issuperset(ranked.query.subject_terms):
            asked = (PHONE, EMAIL) if channels == CHANNELS else [c for c in PHRASINGS if c in channels]
            typed = " ".join(ranked.query.tokens)
            read = self._read_as(question, [p for c in asked for p in PHRASINGS[c] if p != typed], top_k)
            if read is not None:
                return read
        return self._no_answer(question, ranked, top_k, reason=self._refusal(ranked, how))

    def _read_as(self, question: str, readings: Sequence[str], top_k: int) -> Answer | None:
        """The answer to the first of these readings of a question that is answered by a section giving the contact
        detail it asks (bot/contact.py: "what is your phone number?", then "can I call you?", which also meets "call
        our roadside assistance line on ..."), or None."""
        for asked in readings:
            instead = self.rank(asked)
            channels = instead.match.channels
            if self._answers(instead) and channels and self.index.tells_contact(channels)[instead.match.top]:
                return self._answer(question, instead, top_k, f"read as {asked!r}")
        return None

    def _parts(self, question: str, history: Sequence[str]) -> list[Ranked]:
        """Each question of a message that asks several, ranked alone or, when it leans on the one before
        it ("what is microneedling, and how does it work?"), with it; [] for a message that asks one."""
        texts = questions_in(question)
        if len(texts) < 2:
            return []
        out = []
        for k, text in enumerate(texts):
            before = [texts[k - 1]] if k else list(history)
            alone = self.rank(text)
            out.append(self._with_history(text, alone, before)[0] if before else alone)
        return out

    def _holds_the_rest(self, r: Ranked) -> bool:
        """Does the best section hold every specific word of the question that the knowledge base uses?"""
        index, top = self.index, r.match.top
        return all(index.in_section(col, top) for t in dict.fromkeys(r.query.specific_terms)
                   if (col := index.vocab_.get(t)) is not None)

    def _answers(self, r: Ranked) -> bool:
        """Is the best section an answer: confident enough, and matched at all?"""
        return r.confidence >= self.threshold and r.features["score"] > 0

    def _refusal(self, r: Ranked, how: str) -> str:
        """Why a ranked question gets no answer: a veto that overruled a confidence that would have
        answered, or a confidence below the threshold."""
        vetoes = [k for k in VETOES if r.features.get(k, 0.0) >= 0.5]
        if vetoes and r.features["score"] > 0:
            unvetoed = confidence({k: v for k, v in r.features.items() if k not in VETOES}, self.weights.coef)
            if unvetoed >= self.threshold:
                return f"vetoed by {', '.join(vetoes)} (confidence {unvetoed:.2f} without it; {how})"
        return f"confidence below threshold ({how})"

    def _with_history(self, question: str, alone: Ranked, history: Sequence[str]) -> tuple[Ranked, str]:
        """Read a follow-up in the context of the previous question when it leans on it."""
        previous = self._context(history)
        if not previous:
            return alone, "alone"
        said = words(question)
        stands_for = _stands_for_something(said)
        # what its pronouns stand for, when the message names it in a clause before its last ("my employer gave me a
        # voucher for an eye test, do you take those?", "we got a badge last term, do you still give them?")
        stop = self.index.analyzer_.stop_words
        own = (stands_for or _points_back(said, stop)) and any(
            self.index.analyse(c).specific_terms for c in clauses_of(question)[:-1])
        # a word standing for a thing the chat named before; "they" and "those" stand for things: after "how warm is
        # the pool?", "do they do private lessons?" asks of the business (answered as alone), not of the pool
        bound = stands_for and not own and not (_STANDS_FOR.intersection(said) <= _PLURAL_STANDING
                                                and not any(_names_several(p, stop) for p in previous))
        ranked, how = self._read_with_history(question, alone, previous, said, bound, points_back=not own)
        if how == "with history" and self._asks_only_unknown(alone):
            # "are they vegan?" after "what shampoos do you use?", "is there a cafe up there?" after "can parents
            # watch the lessons?": the earlier question lends the subject, but what this one asks of it is in words
            # the knowledge base never uses, so the entry about that subject says nothing of it.
            return replace(ranked, confidence=0.0), how + ", asking of it in words the knowledge base never uses"
        if bound and len(ranked.order):
            # "how much do you charge for that?" after "do you sell swim caps?": "that" is the caps, so an entry
            # far from them ("How much do lessons cost?", which its own words match) answers something else.
            # An entry that names all the earlier question named is about it too ("Who can benefit from
            # microneedling?" for "who is it for?" after "what is microneedling?", where every entry is).
            earlier = self.rank(" ".join(previous))
            top = int(ranked.match.top)
            named = [self.index.vocab_[t] for t in dict.fromkeys(earlier.query.specific_terms) if t in self.index.vocab_]
            referents = {int(i) for i in earlier.order[:_REFERENTS]}
            if top not in referents and not (named and all(self.index.in_section(c, top) for c in named)):
                together = self._asked_together(question, previous, referents) if self._answers(earlier) else None
                if together is not None:
                    return together, "with history, asked with the earlier question"
                return replace(ranked, confidence=0.0), how + ", about another entry than the earlier question's"
        return ranked, how

    def _asked_together(self, question: str, previous: Sequence[str], referents: set[int]) -> Ranked | None:
        """A measure asked of what the chat named ("how much do you charge for that?" after "can you look at my
        engine warning light?", which is answered), read as one question with the earlier one: its reading when an
        entry of the earlier question answers it, the vetoes that read a measure holding (a price from a section that
        gives one), else None. Its own words alone match another entry ("How much is an MOT?"), which is no answer
        about that. After a question that is not answered ("do you have car mounts?"), what "that" is the knowledge
        base does not know, so none of its entries tells what it costs."""
        if not measures_asked(" ".join(words(question))):
            return None
        together = self.rank(" ".join([*previous, question]))
        return together if int(together.match.top) in referents and self._answers(together) else None

    def _asks_only_unknown(self, alone: Ranked) -> bool:
        """Lexically, are the question's own subject words (read alone) all words the knowledge base never uses,
        and does it ask no measure of the earlier subject? A sentence encoder relates such words to the knowledge
        base's ("a week before" to "7 days' notice"), so with one this never holds. A price, a length of time, a
        time of day or an age asked of it ("how much extra is it?") is in the words of asking: whether the entry
        gives one, the vetoes that read it tell (`unpriced`, `untimed`, `unaged`)."""
        own = alone.query.subject_terms
        if self.index.encoder_ is not None or not own or any(t in self.index.vocab_ for t in own):
            return False
        return not measures_asked(" ".join(alone.query.tokens).lower())

    def _read_with_history(self, question: str, alone: Ranked, previous: Sequence[str], said: Sequence[str],
                           bound: bool, points_back: bool) -> tuple[Ranked, str]:
        """`_with_history`'s reading; said: the question's words; points_back: False when its pronouns stand for
        what the message itself names."""
        # A question that stands on its own is answered on its own, whatever came before: the earlier
        # subject is only lent to one that names none ("how long does it last?"), that continues it
        # ("and the swelling?", "what about ..."), or that points back ("is it ...") and is not
        # answerable alone.
        own_subject = bool(alone.query.specific_terms)  # everyday words ("days", "work") name no subject
        text = " ".join(said)
        elliptic = (text + " ").startswith(_ELLIPSIS)  # "and the swelling?"
        points_back = points_back and _points_back(said, self.index.analyzer_.stop_words)
        # "what if it's the battery?", "even if i forgot the passcode?": a condition put to the earlier question,
        # when it is not answered alone ("what happens if my card payment fails?" is)
        conditional = _CONDITION.match(text) is not None
        leaning = not own_subject or elliptic or ((points_back or conditional) and alone.confidence < self.threshold)
        # "does it hurt?" after "is teeth whitening safe?": alone, its words match "Does a root canal hurt?",
        # but its "it" stands for a subject, and that heading names one neither question does.
        standing_in = (points_back and not _EXPLETIVE.search(text)
                       and self._names_another_subject(alone, previous[0]))
        continues = _continues(text)
        if not leaning and not standing_in and not continues and not bound:
            return alone, "alone"
        joint = self.rank(question, context=previous)
        if bound and joint.match.top != alone.match.top:
            # Its own words matched another entry ("Do you have sibling discounts?" for "can i rent one from you?"
            # after "do i need my own instrument?"): answered about what it stands for, or refused.
            return joint, "with history"
        if continues:
            # Alone it means nothing ("Do you work on e-bikes?" for "e-bikes too?" after "do you rent bikes?"):
            # answered with the previous question's subject, or refused.
            return joint, "with history"
        if standing_in:
            # Read with its subject, or refused with the sections of both readings as suggestions: the
            # section its own words match best is not an answer about something else.
            return (alone, "alone") if joint.match.top == alone.match.top else (joint, "with history")
        # "what about the risks?" after "who can benefit from microneedling?": it names a subject of its own, which
        # the heading of its own best section names and the earlier reading's heading does not, and that section
        # holds the earlier question's subject too (the risks of microneedling), so the visitor moved to it (with
        # history, 17 of 100 such follow-ups to the article were answered from the earlier question's section).
        # "and children?" after "how much are tickets?" asks the earlier question of it: "Are your tours suitable for
        # children?" names children but not tickets. "and for a 2 year old?", "what about on the seal trip?" put a
        # circumstance to the earlier question.
        if (elliptic and own_subject and _names_anew(text) and joint.match.top != alone.match.top
                and alone.confidence >= self.threshold
                and self._heading_names_own(alone, alone) and not self._heading_names_own(joint, alone)
                and self._holds_terms(alone, self.index.analyse(previous[-1]).specific_terms)):
            return alone, "alone"
        # Coverage and missing-subject features are computed on the follow-up's own words, so
        # context supplies the subject but never vouches for words the knowledge base lacks.
        if leaning and (joint.confidence >= self.threshold or alone.confidence < self.threshold):
            return joint, "with history"
        if joint.confidence > alone.confidence:
            return joint, "with history"
        return alone, "alone"

    def _context(self, history: Sequence[str]) -> list[str]:
        """The earlier questions a follow-up is read with: the newest, and before it the ones back to the newest
        that names a subject of its own, at most two in all ("can we try a lesson first?", "how much is it?", then
        "and do we get that back if we join?": "it" and "that" are the trial lesson)."""
        said = [h for h in history if isinstance(h, str) and h.strip()]
        out: list[str] = []
        for h in reversed(said[-_CONTEXT_QUESTIONS:]):
            out.insert(0, h)
            if self.index.analyse(h).specific_terms:
                break
        return out

    def _topics(self, top_k: int) -> list[Suggestion]:
        """The first sections whose heading is a question (else the first sections), in content order."""
        sections = self.index.sections_
        asked = [s for s in sections if s.heading.rstrip().endswith("?")] or list(sections)
        return [Suggestion(heading=s.heading, section_id=s.id, confidence=0.0, url=s.url) for s in asked[:top_k]]

    def _heading_names_own(self, r: Ranked, alone: Ranked) -> bool:
        """Does the heading of r's best section (not an alternate: what the section is about) name a specific
        subject term of the question read alone?"""
        own = {t for t in alone.query.specific_terms if " " not in t}
        return bool(own & self.index.heading_subjects(r.match.top)[0])

    def _holds_terms(self, r: Ranked, terms) -> bool:
        """Does r's best section (its headings or its text) hold one of these terms (not bigrams)?"""
        index = self.index
        for t in terms:
            col = index.vocab_.get(t)
            if " " not in t and col is not None and index.in_section(col, r.match.top):
                return True
        return False

    def _names_another_subject(self, alone: Ranked, previous: str) -> bool:
        """Does every heading and alternate of the best section (the question read alone) name subject terms
        the question lacks, not all of them from the previous question? ("Is hot yoga safe for me?" for "is
        it safe?" after "do you offer prenatal yoga?": "hot" is in neither.)"""
        asked = set(alone.query.subject_terms)
        before = set(self.index.analyse(previous).subject_terms)
        for subject in self.index.heading_subjects(alone.match.top):
            missing = subject - asked
            if not missing or missing <= before:
                return False
        return True

    def _answer(self, question: str, r: Ranked, top_k: int, how: str, parts: Sequence[Ranked] = ()) -> Answer:
        i = int(r.order[0])
        s = self.index.sections_[i]
        lo, hi = self.index.section_sentences(i)
        concise = concise_answer(s.body, self.index.sentences_of(i), r.match.sentence_rows("words")[lo:hi],
                                 r.query.tokens, r.match.channels)
        return Answer(
            question=question, answered=True, kind="answer", answer=concise, full_answer=s.body,
            heading=s.heading, section_id=s.id, confidence=r.confidence,
            source={"document": s.document, "title": s.title, "url": s.url},
            suggestions=self._suggestions(r, top_k, skip=1, first=[p for p in parts if self._answers(p)]),
            explain={"how": how, **{k: round(v, 4) for k, v in r.features.items()},
                     "fixes": r.query.fixes, "unknown_words": r.query.unknown},
        )

    def _no_answer(self, question: str, r: Ranked, top_k: int, reason: str) -> Answer:
        sugg = self._suggestions(r, top_k, skip=0)
        return Answer(
            question=question, answered=False, kind="no_answer", answer=no_answer_text(bool(sugg), self.contact),
            confidence=r.confidence, suggestions=sugg,
            explain={"reason": reason, **{k: round(v, 4) for k, v in r.features.items()},
                     "unknown_words": r.query.unknown},
        )

    def _unread(self, question: str, top_k: int) -> Answer:
        """The reply to a message with no word faqbot reads: that it reads English (letters of another script), or
        that it found no question (emoji, punctuation), with the first topics to try."""
        topics = self._topics(top_k)
        sorry = UNREAD_SCRIPT if any(c.isalpha() for c in question) else UNREAD_NO_WORDS
        return Answer(question=question, answered=False, kind="no_answer", confidence=0.0, suggestions=topics,
                      answer=no_answer_text(bool(topics), self.contact, sorry),
                      explain={"reason": "no words", "unknown_words": []})

    def _suggestions(self, r: Ranked, top_k: int, skip: int, first: Sequence[Ranked] = ()) -> list[Suggestion]:
        """The next-best sections, each with its own confidence-like score; `first`: the answers to the other
        questions of the message, which lead (the answered section itself is never suggested)."""
        out: list[Suggestion] = []
        taken = {int(i) for i in r.order[:skip]}
        for p in first:
            i = int(p.order[0])
            if i not in taken and len(out) < top_k:
                taken.add(i)
                s = self.index.sections_[i]
                out.append(Suggestion(heading=s.heading, section_id=s.id, confidence=round(p.confidence, 4),
                                      url=s.url))
        led = len(out)  # the other questions' answers lead as they come
        top_score = float(r.score[r.order[0]]) if len(r.order) else 0.0
        # Only a section that shares a word with the question is a topic close to it: letters alone ("xyzzy", "do you
        # take amex") offered three sections whose headings merely look alike ("Do you offer home visits?"). With an
        # encoder, its reading is a closeness of its own.
        for i in r.order[skip:]:
            score = float(r.score[i])
            if len(out) >= top_k:
                break
            if score <= 0 or int(i) in taken:  # not always in score order: bot/ranking.py's _answering_first
                continue
            s = self.index.sections_[int(i)]
            # never above the best section's own: the sections that can answer may come first with a lower score
            # (a section after them is one of those a veto refuses as the answer)
            relative = r.confidence * min(score / top_score, 1.0) if top_score > 0 else 0.0
            out.append(Suggestion(heading=s.heading, section_id=s.id, confidence=round(relative, 4), url=s.url))
        # The sections that can answer are taken first, but shown by their own confidence: "what time do you
        # close?" listed a vegan-options entry (it names a day) at 0.02 before a bread-discount one ("at closing
        # time") at 0.54.
        return out[:led] + sorted(out[led:], key=lambda x: -x.confidence)
