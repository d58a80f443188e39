"""The fitted index: sections -> sparse TF-IDF matrices; a question -> its analysed Query.

Shaped like a scikit-learn estimator: `__init__` stores parameters, `fit` learns, learned
state ends in `_`. Persisted as JSON + `.npz` (no pickle) by bot/index_files.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Sequence

import numpy as np
import scipy.sparse as sp

from . import classifier
from .asks import (AGE_WORDS, OPENING_WORDS, WORKING, about_hours, about_price, asks_age, gives_hours, names_price,
                   open_for_working, only_closes_for, opening_words, premises_named, says_hours, tells_age,
                   tells_arrival, tells_how_to_book, tells_payment, when_words)
from .contact import answers_contact, phrasings, tells_contact
from .model import KnowledgeBase, Section
from .postings import Segments, blend, bounds, csc
from .terms import Analyzer, generic_terms, generic_words, noun_kind, quality_words
from .text import sentences, spelled_out, stem, without_courtesies, words
from .typos import SpellFixer
from .vectorize import CharTfidf, Tfidf

# 9: a semantic index also stores centroid-vectors.npy; 10: "won't" is read as "will"; 11: a synonym phrase of
# the content keeps its own words ("car park": park, car); 12: "id" is a word ("photo ID"), not a stop word;
# 13: a semantic index also stores each section's words as the encoder read them (word-vectors.npy); 14: a section
# about reaching the business has the phrasings visitors ask for its details as extra heading rows (bot/contact.py);
# 15: "books" keeps its own stem, and no synonym group takes it as an inflection ("what books do I need?" is not
# booking); 16: "accessible" and "accessibility" keep their own stem (not "access"); 17: stock phrases give no terms
# ("subject to availability": bot/data/stock.phrases); 18: a .txt file that opens with a question over its answer
# has no title line (its first entry is a section of its own, not "introduction"), and a synonym group's words are
# known words only where the content writes the group; 19: an American spelling's stem is the British one's
# ("center" is "centr", as "centre" is: bot/data/spelling.variants); 20: a knowledge base made of example phrasings
# stores its phrasings' classifier (bot/classifier.py: `clf_alpha`, `clf_bias` in matrices.npz); 21: and, with an
# encoder, the one over their vectors (clf-weights.npy, clf-bias.npy: bot/semantic.py); 22: "registered" keeps its
# own stem (bot/text.py); 23: a numbered step's number is no sentence of its own ("1. Call us." is one: bot/text.py
# `sentences`), and a text's "Q1." labels are dropped at ingestion (bot/ingest/render.py); 24: ingestion reads more
# than it did (headings in other scripts and their ids, TOML front matter, a pasted web page's leftovers, HTML in a
# table's cells: bot/ingest), so an index built from such content by an earlier version is rebuilt.
FORMAT_VERSION = 24
# Above this many sections, only the best this many (by every signal but the sentence ones) have
# their sentences scored. Below it every sentence is scored: small knowledge bases are unchanged.
SENTENCE_CANDIDATES = 2000
# Question words as the index sees them ("why" -> "whi", "many" -> "mani"), precomputed so
# answering never needs the stemmer for them.
QUESTION_STEMS = frozenset({"who", "whom", "whose", "what", "when", "where", "whi", "how", "which",
                            "long", "often", "much", "mani", "soon"})
_WHAT_TIME = re.compile(r"\b(?:what|wat|which) times?\b")
_HYPHENATED = re.compile(r"\b([a-z]{2,})-([a-z]{2,})\b")  # "check-out", "wi-fi", "drop-off"


@dataclass
class Query:
    """A question analysed once: corrected tokens, terms, vectors and what was not recognised."""

    text: str
    tokens: list[str]
    terms: list[str]  # content terms (stems, synonym-canonical), question words included
    subject_terms: list[str]  # content terms without question words: what the question is about
    unknown: list[str]  # content words the knowledge base has never seen
    fixes: list[tuple[str, str]]
    word_vec: tuple[np.ndarray, np.ndarray]  # (columns, weights), L2-normalised
    char_vec: tuple[np.ndarray, np.ndarray]
    specific_terms: list[str] = field(default_factory=list)  # the question's own subject terms, minus generic words
    context: tuple[str, ...] = ()  # the earlier questions it was read with (for the sentence vector)
    context_fixes: list[tuple[str, str]] = field(default_factory=list)  # the typos fixed in them
    context_terms: list[str] = field(default_factory=list)  # the subject terms the context lends (in subject_terms)

    @property
    def encoder_text(self) -> str:
        """The question as the sentence encoder reads it (`with_fixes`)."""
        return with_fixes(self.text, self.fixes)

    @property
    def encoder_context(self) -> tuple[str, ...]:
        """The earlier questions as the sentence encoder reads them, with their typos fixed as well."""
        return tuple(with_fixes(c, self.context_fixes) for c in self.context)


def with_fixes(text: str, fixes: Sequence[tuple[str, str]]) -> str:
    """The text as typed, each word corrected as a typo replaced by its fix ("can i showr after class" -> "can i
    shower after class"): what the sentence encoder reads, which would take "showr" for "show" and "r"."""
    for typo, fix in fixes:
        text = re.sub(rf"(?<![\w']){re.escape(typo)}(?![\w'])", fix, text, flags=re.IGNORECASE)
    return text


# Verbs of bringing or allowing: "can I bring my dog?" asks what "are dogs allowed?" asks (`Index.analyse`).
PERMIT_VERBS = frozenset("bring brings bringing brought allow allows allowed allowing permit permitted welcome".split())


# The words that may open a slot of an entry's example phrasings ("in orlando", "at chilis", "for jennifer"), and
# how many different values a slot needs among them: two may be chance (the article's "on friday", "on all").
SLOT_OPENERS = frozenset({"to", "from", "in", "at", "near", "into", "for", "with", "on", "about", "of", "called", "named"})
SLOT_VALUES = 3
# A slot may also be a kind of noun (bot/data/noun.kinds) that an entry's phrasings vary wherever it stands ("how
# long do I cook a chicken", "how long does pizza take"): marked "<food>" among the openers. A kind that a quarter of
# the entries vary or more is what the knowledge base is about, no slot (a bakery's every entry names bakes).
SLOT_KIND_SHARE = 0.25


def kind_slot(kind: str) -> str:
    """The mark of a kind slot among a section's slot openers (no word looks like it)."""
    return f"<{kind}>"


def slot_values(tokens: Sequence[str], slots: frozenset[str], candidates: set[str]) -> set[str]:
    """The candidate words (the question's unknown words, and `Index.kind_fillers`) that fill one of these slots:
    right after an opener ("in boise idaho": "boise" and "idaho"), or of a kind the slots take ("<food>": "hummus")."""
    out: set[str] = set()
    for i, w in enumerate(tokens):
        if w in slots:
            j = i + 1
            while j < len(tokens) and tokens[j] in candidates:
                out.add(tokens[j])
                j += 1
        elif w in candidates and (kind := noun_kind(w)) and kind_slot(kind) in slots:
            out.add(w)
    return out


class _SectionsWriting:
    """How many sections write a word (its term; 0 for a word of no term): the typo fixer's tie-break. Holds the
    index's vocabulary and counts, not the index (a bound method would keep an old version alive: a cycle)."""

    def __init__(self, analyzer, vocab: dict, df: np.ndarray) -> None:
        self._analyzer, self._vocab, self._df = analyzer, vocab, df

    def __call__(self, word: str) -> float:
        terms = self._analyzer.terms([word])
        col = self._vocab.get(terms[0]) if terms else None
        return float(self._df[col]) if col is not None else 0.0


class Index:
    """Word and character TF-IDF over headings, alternates, sentences and whole sections (and, with an
    encoder, sentence vectors of the headings, alternates and sections: bot/semantic.py)."""

    encoder_ = None  # the sentence encoder (bot.encoder.Encoder) the vectors were made with; None: lexical
    encoder_info_: dict | None = None  # its name, fingerprint and dimensions, as the manifest records them
    unit_vectors_: np.ndarray | None = None  # one row per heading or alternate (heading-row order)
    section_vectors_: np.ndarray | None = None  # one row per section
    centroid_vectors_: np.ndarray | None = None  # one row per section: its headings' and alternates' mean
    sem_background_: float = 0.0  # the encoder's cosine between a section's phrasings and another's text, typically
    word_vectors_: np.ndarray | None = None  # float16, each section's words read in context (bot/semantic.py)
    word_bounds_: np.ndarray | None = None  # section i's words are rows word_bounds_[i]:word_bounds_[i + 1]
    derived_: list[tuple[str, ...]]  # per section: the contact phrasings it answers (`phrasings`)
    clf_alpha_: np.ndarray | None = None  # the phrasings' classifier (bot/classifier.py): phrasings x sections
    clf_bias_: np.ndarray | None = None  # and its bias per section; both None where it is not wanted
    sem_clf_weights_: np.ndarray | None = None  # with an encoder: the classifier over the phrasings' vectors
    sem_clf_bias_: np.ndarray | None = None

    def __init__(self, char_ngrams: tuple[int, int] = (3, 5)) -> None:
        self.char_ngrams = char_ngrams

    # ---- fitting -------------------------------------------------------------------------
    def fit(self, kb: KnowledgeBase, progress: bool = False, phrasings_classifier: bool = True) -> "Index":
        """Learn vocabularies and matrices from the knowledge base's sections. `phrasings_classifier`: train the
        lexical classifier of the phrasings where it is wanted (an index embedded with a sentence encoder trains
        the one over their vectors instead: bot/semantic.py)."""
        from sklearn.feature_extraction.text import CountVectorizer, TfidfTransformer, TfidfVectorizer

        self.sections_: list[Section] = list(kb.sections)
        self.synonyms_ = [list(g) for g in kb.synonyms]
        self.documents_ = [list(d) for d in kb.documents]
        self.analyzer_ = Analyzer(self.synonyms_)
        self.generic_terms_ = generic_terms(self.analyzer_)
        q_texts, q_owner, s_texts, s_owner = [], [], [], []
        self.derived_ = [phrasings(s) for s in self.sections_]
        for i, s in enumerate(self.sections_):
            for q in self.phrasings(i):
                q_texts.append(q)
                q_owner.append(i)
            for sent in sentences(s.body) or [s.body]:
                s_texts.append(sent)
                s_owner.append(i)
        # Sentences as (start, end) offsets into their section's body: the text is not stored twice.
        spans, pos, owner_prev = [], 0, -1
        for text, i in zip(s_texts, s_owner):
            if i != owner_prev:
                pos, owner_prev = 0, i
            body = self.sections_[i].body
            start = body.find(text, pos)
            if start < 0:  # not expected (sentences are stripped slices, in order); stay correct anyway
                start = max(body.find(text), 0)
            spans.append((start, start + len(text)))
            pos = start + len(text)
        self.s_spans_ = np.asarray(spans, dtype=np.int64).reshape(-1, 2)
        self.q_owner_ = np.asarray(q_owner, dtype=np.int32)
        self.s_owner_ = np.asarray(s_owner, dtype=np.int32)

        # Each heading, alternate and sentence is analysed once; a section's counts are the sum
        # of its units' counts. scikit-learn learns vocabularies and idf; the lighter Tfidf
        # transform (same figures) is what answers questions, so serving never imports it.
        units = q_texts + s_texts
        counter = CountVectorizer(analyzer=_identity, dtype=np.float32)
        # A generator, not a list: scikit-learn reads each unit's terms once, and holding every unit's
        # term list at the same time was most of a large build's peak memory.
        # Content keeps the words of its synonym phrases beside their canonical term ("car park": car).
        U = counter.fit_transform(self.analyzer_.ngrams(t, phrase_words=True) for t in _shown(units, progress)).tocsr()
        owner = np.concatenate([self.q_owner_, self.s_owner_])
        A = sp.csr_matrix((np.ones(len(units), np.float32), (owner, np.arange(len(units)))),
                          shape=(len(self.sections_), len(units)))
        doc_counts = (A @ U).tocsr()
        tfidf = TfidfTransformer(sublinear_tf=True).fit(doc_counts)
        self.W_doc_ = csc(tfidf.transform(doc_counts))
        self.W_q_ = csc(tfidf.transform(U[: len(q_texts)]))
        self.W_sent_ = csc(tfidf.transform(U[len(q_texts):]))
        char = TfidfVectorizer(analyzer="char_wb", ngram_range=self.char_ngrams,
                               preprocessor=self._char_pre, sublinear_tf=True, dtype=np.float32)
        self.C_q_ = csc(char.fit_transform(q_texts))
        self._vectorizers(counter.vocabulary_, tfidf.idf_, char.vocabulary_, char.idf_)
        # Entries defined by their example phrasings: a classifier of them, for the ranking (`clf`)
        if phrasings_classifier and classifier.wanted(len(q_texts), len(s_texts), len(self.sections_)):
            self.clf_alpha_, self.clf_bias_ = classifier.fit(self.W_q_, self.C_q_, self.q_owner_,
                                                             len(self.sections_)) or (None, None)
        # Which section contains which term at all: the "is the subject here" signal.
        vocab_words = set()
        for t in units:
            vocab_words.update(words(t))
        # The words of a synonym group are known words (no unknown subject, never a typo) only where the content
        # writes the group ("loo" where it says "toilet"): elsewhere "taking" of "taking apart" or "day" of "day
        # and night" is as unknown as any word the content never writes.
        for g in self.synonyms_:
            if " ".join(self.analyzer_.terms(g[0])) in counter.vocabulary_:
                for t in g:
                    vocab_words.update(words(t))
        self.spell_vocab_ = sorted(vocab_words)
        self._post_fit()
        return self

    @staticmethod
    def _char_pre(text: str) -> str:
        return " ".join(words(text))


    def _vectorizers(self, word_vocab: dict, word_idf: np.ndarray, char_vocab: dict, char_idf: np.ndarray) -> None:
        self.word_ = Tfidf(self.analyzer_.ngrams, {k: int(v) for k, v in word_vocab.items()}, word_idf)
        self.char_ = CharTfidf(words, tuple(self.char_ngrams), {k: int(v) for k, v in char_vocab.items()}, char_idf)

    def _post_fit(self, derived: bool = False) -> None:
        """What answering needs beyond the fitted matrices; derived=True: heading_terms_ and W_sent_rows_
        were loaded with them (saved by `save`), so they are not computed again."""
        unigrams = frozenset(t for t in self.word_.vocabulary if " " not in t)
        self.analyzer_.known_stems = unigrams
        self.idf_ = self.word_.idf
        self.max_idf_ = float(self.idf_.max()) if len(self.idf_) else 1.0
        self.vocab_ = self.word_.vocabulary
        self.df_ = np.diff(self.W_doc_.indptr).astype(np.int32)  # sections containing each term
        self.spell_ = SpellFixer(self.spell_vocab_, self.analyzer_.stop, unigrams, stemmer=self.analyzer_.stem,
                                 used=_SectionsWriting(self.analyzer_, self.vocab_, self.df_))
        self.q_bounds_ = bounds(self.q_owner_, len(self.sections_))
        self.s_bounds_ = bounds(self.s_owner_, len(self.sections_))
        self.q_segments_ = Segments(self.q_bounds_)
        # Which terms each section's heading and alternates contain, together (sections x terms).
        if not derived:
            n, u = len(self.sections_), len(self.q_owner_)
            agg = sp.csr_matrix((np.ones(u, np.float32), (self.q_owner_, np.arange(u))), shape=(n, u))
            self.heading_terms_ = csc(agg @ self.W_q_.tocsr())
            self.W_sent_rows_ = None
        # Row-major sentences, for scoring only the candidate sections' sentences on large indexes.
        large = len(self.sections_) > SENTENCE_CANDIDATES
        if large and self.W_sent_rows_ is None:
            self.W_sent_rows_ = self.W_sent_.tocsr()
        elif not large:
            self.W_sent_rows_ = None
        self.s_segments_ = Segments(self.s_bounds_)
        self.sentence_candidates_ = SENTENCE_CANDIDATES
        self._compounds: dict[str, tuple[str, str]] | None = None  # "checkout" -> ("check", "out"), found on first use
        self._slots: list[frozenset[str]] | None = None  # per section, the words opening a slot of its alternates
        self._heading_words: dict[int, list[str]] = {}  # section -> folded headings, filled as questions need them
        self._dwells_on: dict[str, int | None] = {}  # term -> the section that writes it most (`dwells_on`)
        self._heading_subjects: dict[int, list[frozenset[str]]] = {}  # section -> specific terms per heading
        self._heading_terms: dict[int, list[list[tuple[str, tuple[str, ...]]]]] = {}  # section -> its words' terms
        self._only_derived: dict[int, frozenset[str]] = {}  # section -> terms only its derived phrasings have
        self._names_price: dict[int, bool] = {}  # section -> does it say anything about money (bot/asks.py)
        self._most_sections: int | None = None  # the most sections any one term is written in (`most_sections`)
        self._tells_contact: dict[tuple[frozenset[str], bool], np.ndarray] = {}  # channels -> sections telling them
        self._per_section: dict[Callable[[Section], bool], np.ndarray] = {}  # a test of bot/asks.py -> its answers

    # ---- querying ------------------------------------------------------------------------
    def analyse(self, question: str, context: Sequence[str] = (), filled: frozenset[str] = frozenset()) -> Query:
        """Correct typos against the vocabulary and vectorise; context words are added at lower weight. The words
        of `filled` fill a slot of an entry's alternates (`slot_values`): they are no missing subject."""
        analyzer = self.analyzer_
        tokens, unknown, fixes = self._corrected(question)
        # "do you work weekends?" asks whether the business is open then, as "are you open weekends?" does: an hours
        # entry answers it and never says "work" (it was refused at 0.00)
        opened = open_for_working(tokens)
        if opened is not tokens:
            tokens, unknown = opened, [w for w in unknown if w not in WORKING]
        terms = analyzer.terms(tokens)
        subject = [t for t in terms if t not in QUESTION_STEMS]
        text = " ".join(tokens)
        # "what time do you close?" asks when, as "when do you close?" does, of content that never says "time"
        # ("We open at 8am"); "is the shop open?" asks of the business, as "are you open?" does: neither word is
        # what the question is about.
        asked = {"time"} if _WHAT_TIME.search(text) and "time" not in self.vocab_ else set()
        asked |= premises_named(tokens)
        # "when does the bar close?", "spa opening times": the place named is what it asks about, and its hours
        # answer it though they never write "close" ("open from 4pm until 11pm"); every word that asks when a place
        # opens goes, as "opening times" is also read as "opening hours" (bot/data/everyday.synonyms)
        if opening_words(tokens):
            asked |= OPENING_WORDS
        # "how late are you open?", "are you open on sundays?" ask the hours, which answer them whether or not the
        # content writes "late" or "sunday" ("Monday to Saturday, 9am to 6pm"): such a word it never writes is
        # no missing subject, unless another word is missing too ("is the gym open on sundays?" to a shop).
        when = when_words(tokens)
        if when and all(w in when or w in asked for w in unknown):
            asked |= set(unknown)
        # "is she too young to start?", "is my son old enough?" ask how old one must be, as "what age can my child
        # start?" does: of content that gives an age ("from age 5") and never writes "young", that word is what it
        # asks, not about what, as the hours' words are, when the question names whom or what it asks of ("my son")
        # in a word of the content's; "is there a minimum age?" alone is answered only from words the content writes
        if asks_age(tokens) and self.tells_age().any():
            ages = {w for w in tokens if w in AGE_WORDS}
            if self._rest_known(ages, subject, asked, least=1, all_known=False):
                asked |= ages & set(unknown)
        # "what happens if I miss my appointment?": an everyday word the content never writes is no missing subject
        # when two or more specific words of the question are the content's, whatever other words the content lacks
        # ("my bosch motor is making a noise": "noise" stays missing, "making" goes); with one left, it carries the
        # meaning ("what if I'm running late?", "I'm vegan, is that a problem?") and stays. So does a word that says
        # which or how ("is android better than iphone?", "do I need to bring my old x-rays?", "how fast can the
        # redness fade?").
        everyday = {w for w in unknown if w in generic_words() and w not in quality_words() and w not in asked}
        if everyday and self._rest_known(everyday, subject, asked, least=2, all_known=False):
            asked |= everyday
        # "can I bring my dog?" to a B&B whose "Do you allow dogs?" never says "bring": a verb of bringing or
        # allowing that the content never writes asks whether, not about what; with one specific word of the
        # question the content's, that word is the subject.
        permit = {w for w in tokens if w in PERMIT_VERBS and w not in asked
                  and not any(t in self.vocab_ for t in analyzer.terms([w]))}
        if permit and self._rest_known(permit, subject, asked, least=1):
            asked |= permit
        asked |= filled
        if asked:
            asked |= {t for w in asked for t in analyzer.terms([w])}
            subject = [t for t in subject if t not in asked]
            unknown = [w for w in unknown if w not in asked]
        specific = [t for t in subject if t not in self.generic_terms_]
        word_vec = self.word_.vector(text)
        char_vec = self.char_.vector(question)
        context_fixes: list[tuple[str, str]] = []
        if context:
            # A follow-up inherits the earlier question's subject (and its unknown words: "botox?"
            # then "how long does it last?" stays unanswerable), at half the weight in the vectors.
            context_tokens, context_unknown, context_fixes = self._corrected(" ".join(context))
            lent = [t for t in analyzer.terms(context_tokens) if t not in QUESTION_STEMS]
            subject = subject + lent
            unknown = unknown + context_unknown
            word_vec = blend(word_vec, self.word_.vector(" ".join(context_tokens)), 0.5)
            char_vec = blend(char_vec, self.char_.vector(" ".join(context)), 0.5)
        return Query(question, tokens, terms, subject, unknown, fixes, word_vec, char_vec,
                     specific_terms=specific, context=tuple(context), context_fixes=context_fixes,
                     context_terms=lent if context else [])

    def _rest_known(self, words_: set[str], subject: list[str], asked: set[str], least: int,
                    all_known: bool = True) -> bool:
        """Without these words (and those already asked), does the question keep at least `least` specific
        subject terms known to the content, and (`all_known`) every one of its remaining subject terms?"""
        dropped = {t for w in words_ for t in self.analyzer_.terms([w])}
        rest = {t for t in subject if t not in dropped and t not in asked}
        specific_rest = {t for t in rest - self.generic_terms_ if " " not in t and not t[:1].isdigit()
                         and t in self.vocab_}
        return len(specific_rest) >= least and (not all_known or all(t in self.vocab_ for t in rest))

    def encoder_text(self, question: str) -> str:
        """The question as the sentence encoder reads it, with the typos `analyse` would fix fixed (the same
        text as `analyse(question).encoder_text`, without vectorising it)."""
        return with_fixes(question, self._corrected(question)[2])

    def _corrected(self, question: str) -> tuple[list[str], list[str], list[tuple[str, str]]]:
        """(tokens, unknown content words, [(typo, fix)]): the question spelled out, then its typos corrected."""
        return self.spell_.correct(self._spelled_out(question), self.analyzer_.is_stop)

    def uses(self, word: str) -> bool:
        """Does this index use this word: its stem is a term, or the content writes the word itself ("whats" is
        read "what is" though its stem is "what", a word of every FAQ)?"""
        return word in self.analyzer_.known_stems or self.spell_.uses(word)

    def writes_apart(self, a: str, b: str) -> bool:
        """Does the content write these two words as a pair (their stems' bigram is a term)?"""
        return f"{self.analyzer_.stem(a)} {self.analyzer_.stem(b)}" in self.vocab_

    def without_courtesies(self, question: str) -> str:
        """The question without the courtesies around it (bot/text.py `without_courtesies`: "sorry to bother you",
        "thanks in advance"), but for those this index writes itself, as `_spelled_out` keeps its words."""
        return without_courtesies(question, self.uses, self.writes_apart, self.analyzer_.is_stop)

    def _spelled_out(self, question: str) -> list[str]:
        """The question's words as the visitor meant them (`spelled_out`: chat shorthand, greetings, glued
        numbers, drawn-out words), a word this index uses always kept as typed (`uses`)."""
        return spelled_out(words(question), self.uses, self.analyzer_.is_stop, self.writes_apart,
                           self.hyphenated().get)

    def kind_fillers(self, tokens: Sequence[str], section: int, slots: frozenset[str]) -> frozenset[str]:
        """The question's words of a kind these slots take that this section never writes, though the knowledge
        base may elsewhere ("recipe for beef stroganoff" to a recipe entry whose phrasings name other dishes, while
        another entry names beef)."""
        out = set()
        for w in tokens:
            kind = noun_kind(w)
            if kind and kind_slot(kind) in slots:
                cols = [self.vocab_[t] for t in self.analyzer_.terms([w]) if t in self.vocab_]
                if not any(self.in_section(col, section) for col in cols):
                    out.add(w)
        return frozenset(out)

    def slots(self, section: int) -> frozenset[str]:
        """The words that open a slot in this section's alternates: a preposition followed, across them, by three
        or more different words that no other section's alternates and no heading or answer write ("what's the
        weather in orlando", "in sarasota", "in tampa"; "in french" may recur among a translation entry's own). A
        verb after "to" is written elsewhere too; an answer that lists the values ("We ship to France, Spain and
        Italy") answers for those, so an unlisted one ("to japan") stays a missing subject.

        And the kinds of noun (`kind_slot`) of which the alternates name three or more different words that no
        heading or answer writes, wherever they stand ("how healthy is spaghetti", "nutritional info for pizza",
        "how healthy are french fries"): a section whose own heading or answer names one has no such slot, for
        the same reason, nor has any section a kind that a quarter of the sections or more would take. Found for
        every section on first use; none without alternates."""
        if self._slots is None:
            texts = [[words(a) for a in s.alternates] for s in self.sections_]
            counts: dict[str, int] = {}  # word -> sections whose alternates write it
            for alts in texts:
                for w in {w for t in alts for w in t}:
                    counts[w] = counts.get(w, 0) + 1
            written: list[set[str]] = []  # per section: the kinds its heading and answer name
            content: set[str] = set()  # the words of every heading and answer
            for s in self.sections_:  # a word of a heading or an answer is the content's, no slot value
                own = words(f"{s.heading} {s.body}")
                written.append({k for w in own if (k := noun_kind(w))})
                content.update(own)
                for w in own:
                    counts[w] = 2
            found = []
            for alts, kinds_written in zip(texts, written):
                values: dict[str, set[str]] = {}
                for t in alts:
                    for a, b in zip(t, t[1:]):
                        if a in SLOT_OPENERS and counts.get(b) == 1 and not b[:1].isdigit():
                            values.setdefault(a, set()).add(b)
                    for w in t:
                        if w not in content and (kind := noun_kind(w)) and kind not in kinds_written:
                            values.setdefault(kind_slot(kind), set()).add(stem(w))
                found.append({a for a, v in values.items() if len(v) >= SLOT_VALUES})
            taken: dict[str, int] = {}  # kind slot -> sections that have it
            for slots in found:
                for a in slots:
                    taken[a] = taken.get(a, 0) + 1
            common = {a for a, n in taken.items() if a.startswith("<") and n >= SLOT_KIND_SHARE * len(found)}
            self._slots = [frozenset(slots - common) for slots in found]
        return self._slots[section]

    def hyphenated(self) -> dict[str, tuple[str, str]]:
        """The content's hyphenated words, by the one word a visitor types for them: {"checkout": ("check",
        "out"), "wifi": ("wi", "fi")}. Found once, on first use."""
        if self._compounds is None:
            found: dict[str, tuple[str, str]] = {}
            for s in self.sections_:
                for text in (s.heading, *s.alternates, s.body):
                    for a, b in _HYPHENATED.findall(text.lower()):
                        found.setdefault(a + b, (a, b))
            self._compounds = found
        return self._compounds

    def subject_weights(self, subject_terms: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """(vocabulary columns, idf weights) of the question's subject terms, weights summing to <= 1.

        A term the knowledge base has never seen counts at the highest idf and matches nothing:
        a question about "fillers" cannot be covered by any section, however well "how long" matches.
        """
        terms = list(dict.fromkeys(subject_terms))
        cols = np.asarray([self.vocab_[t] for t in terms if t in self.vocab_], dtype=np.int64)
        total = float(self.idf_[cols].sum()) + self.max_idf_ * (len(terms) - len(cols))
        if total <= 0 or len(cols) == 0:
            return np.zeros(0, np.int64), np.zeros(0, np.float32)
        return cols, (self.idf_[cols] / total).astype(np.float32)

    def in_any_heading(self, col: int) -> bool:
        """Does a heading or alternate question of any section contain the term in vocabulary column col?"""
        return bool(self.W_q_.indptr[col + 1] > self.W_q_.indptr[col])

    def in_section(self, col: int, i: int) -> bool:
        """Does section i contain the term in vocabulary column col?"""
        rows = self.W_doc_.indices[self.W_doc_.indptr[col]:self.W_doc_.indptr[col + 1]]
        k = rows.searchsorted(i)
        return bool(k < len(rows) and rows[k] == i)

    def section_sentences(self, i: int) -> tuple[int, int]:
        """Range of sentence rows belonging to section i."""
        return int(self.s_bounds_[i]), int(self.s_bounds_[i + 1])

    def sentences_of(self, i: int) -> list[str]:
        """The sentences (and list items) of section i, in order."""
        body = self.sections_[i].body
        lo, hi = self.section_sentences(i)
        return [body[a:b] for a, b in self.s_spans_[lo:hi].tolist()]

    def unit_text(self, unit: int) -> str:
        """A heading or alternate question by its row in the heading matrices."""
        i = int(self.q_owner_[unit])
        return self.phrasings(i)[unit - int(self.q_bounds_[i])]

    def phrasings(self, i: int) -> tuple[str, ...]:
        """Section i's heading, its alternate questions, then the contact phrasings it answers (bot/contact.py
        `phrasings`, found at build): the texts of its heading rows."""
        s = self.sections_[i]
        return (s.heading, *s.alternates, *self.derived_[i])

    def only_derived(self, i: int) -> frozenset[str]:
        """The terms section i's heading rows have only from its derived contact phrasings (`phrasings`), none of
        its own text: "phone" for "How do I contact you?" when its text only says "call". Found once per section."""
        found = self._only_derived.get(i)
        if found is None:
            found = frozenset()
            if self.derived_[i]:
                analyzer = self.analyzer_
                own = set(analyzer.terms(self.sections_[i].text, phrase_words=True))
                found = frozenset(t for p in self.derived_[i] for t in analyzer.terms(p, phrase_words=True)
                                  if t not in own and t not in QUESTION_STEMS)
            self._only_derived[i] = found
        return found

    def dwells_on(self, term: str) -> int | None:
        """The section that writes this term (of the vocabulary) more often than any other, twice or more ("mat"
        in "What should I bring to class?": "Bring a yoga mat... If you don't have a mat..."), or None when no
        section does. Found once per term, and only for terms asked about."""
        found = self._dwells_on.get(term, -1)
        if found == -1:
            col = self.vocab_[term]
            rows = self.W_doc_.indices[self.W_doc_.indptr[col]:self.W_doc_.indptr[col + 1]]
            counts = sorted(((self.analyzer_.terms(self.sections_[int(i)].body).count(term), int(i)) for i in rows),
                            reverse=True)
            found = counts[0][1] if counts and counts[0][0] >= 2 and (
                len(counts) == 1 or counts[0][0] > counts[1][0]) else None
            if len(self._dwells_on) < 4096:
                self._dwells_on[term] = found
        return found

    def heading_words(self, i: int) -> list[str]:
        """Section i's heading and alternate questions as folded words, made once and only for sections
        asked about."""
        texts = self._heading_words.get(i)
        if texts is None:
            texts = self._heading_words[i] = [" ".join(words(t)) for t in self.phrasings(i)]
        return texts

    def heading_terms(self, i: int) -> list[list[tuple[str, tuple[str, ...]]]]:
        """Section i's heading and alternate questions as (word, its terms) pairs, made once and only for
        sections asked about."""
        read = self._heading_terms.get(i)
        if read is None:
            terms = self.analyzer_.terms
            read = self._heading_terms[i] = [[(w, tuple(terms([w]))) for w in h.split()] for h in self.heading_words(i)]
        return read

    def heading_subjects(self, i: int) -> list[frozenset[str]]:
        """Per heading and alternate question of section i: its specific subject terms (not question words,
        not everyday words), made once and only for sections asked about."""
        subjects = self._heading_subjects.get(i)
        if subjects is None:
            skip = QUESTION_STEMS | self.generic_terms_
            subjects = self._heading_subjects[i] = [
                frozenset(t for t in self.analyzer_.terms(text, phrase_words=True) if t not in skip and " " not in t)
                for text in self.phrasings(i)]
        return subjects

    def tells_contact(self, asked: frozenset[str], fully: bool = False) -> np.ndarray:
        """Per section: does it give one of these contact details or is it about contacting the business; or
        (`fully`) does it answer a question asking only for them (bot/contact.py `tells_contact`,
        `answers_contact`)? Found once per set of channels."""
        told = self._tells_contact.get((asked, fully))
        if told is None:
            test = answers_contact if fully else tells_contact
            told = np.array([test(s, asked) for s in self.sections_], dtype=bool)
            if len(self._tells_contact) < 64:
                self._tells_contact[(asked, fully)] = told
        return told

    def _each_section(self, test: Callable[[Section], bool]) -> np.ndarray:
        """Per section: the answer of one of bot/asks.py's tests of a section, found once."""
        found = self._per_section.get(test)
        if found is None:
            found = self._per_section[test] = np.array([test(s) for s in self.sections_], dtype=bool)
        return found

    def says_hours(self) -> np.ndarray:
        """Per section: does it say when the business is open (bot/asks.py)?"""
        return self._each_section(says_hours)

    def about_hours(self) -> np.ndarray:
        """Per section: is a heading or alternate about opening hours (bot/asks.py)?"""
        return self._each_section(about_hours)

    def tells_payment(self) -> np.ndarray:
        """Per section: does it tell how or when to pay (bot/asks.py)?"""
        return self._each_section(tells_payment)

    def tells_age(self) -> np.ndarray:
        """Per section: does it answer how old one must be: a heading or alternate that asks it, or an age in its text
        (bot/asks.py)?"""
        return self._each_section(tells_age)

    def tells_arrival(self) -> np.ndarray:
        """Per section: is it about the visitor arriving (bot/asks.py)?"""
        return self._each_section(tells_arrival)

    def tells_how_to_book(self) -> np.ndarray:
        """Per section: is it about booking other than only when one can book again (bot/asks.py)?"""
        return self._each_section(tells_how_to_book)

    def only_closes_for(self) -> np.ndarray:
        """Per section: is it about opening hours only by closing for a reason (bot/asks.py)?"""
        return self._each_section(only_closes_for)

    def gives_hours(self) -> np.ndarray:
        """Per section: does its text give opening times as a span ("6am to 10pm") (bot/asks.py)?"""
        return self._each_section(gives_hours)

    def about_price(self) -> np.ndarray:
        """Per section: does a heading or alternate ask what something costs (bot/asks.py)?"""
        return self._each_section(about_price)

    def names_price(self, i: int) -> bool:
        """Does section i say anything about money (bot/asks.py)? Found once and only for sections asked about."""
        named = self._names_price.get(i)
        if named is None:
            named = self._names_price[i] = names_price(self.sections_[i])
        return named

    def most_sections(self) -> int:
        """The most sections any one term is written in, found once."""
        if self._most_sections is None:
            self._most_sections = int(self.df_.max()) if len(self.df_) else 0
        return self._most_sections

    @property
    def phrasings_only(self) -> bool:
        """Is the knowledge base made of example phrasings, an assistant's intents (bot/classifier.py `wanted`), so
        that their classifier was trained?"""
        return self.clf_alpha_ is not None or self.sem_clf_weights_ is not None

    @property
    def encoder_name(self) -> str:
        """The sentence encoder's name, or "" for a lexical index."""
        return self.encoder_info_["name"] if self.encoder_info_ else ""

    # ---- persistence (bot/index_files.py) ---------------------------------------------------
    def save(self, directory: Path) -> None:
        """Write index.json and matrices.npz (and any sentence vectors) into directory: data only, no pickle."""
        from .index_files import save

        save(self, Path(directory))

    @classmethod
    def load(cls, directory: Path) -> "Index":
        """Rebuild a fitted Index from save()'s files; raises ValueError if they don't fit together.

        An index with sentence vectors also loads the process's encoder (bot.semantic.load says what
        it raises when this install cannot); a lexical one never imports it.
        """
        from .index_files import load

        return load(cls, Path(directory))


PROGRESS_FROM = 20_000  # headings, alternates and sentences: below this a build takes a few seconds


def _shown(units: list[str], progress: bool):
    """The units, with a progress bar on stderr while a large knowledge base is analysed (progress=True)."""
    if not progress or len(units) < PROGRESS_FROM:
        return units
    from tqdm import tqdm

    return tqdm(units, desc="faqbot: analysing", unit=" texts", unit_scale=True, mininterval=1.0, leave=False)


def _identity(terms: list[str]) -> list[str]:
    return terms
