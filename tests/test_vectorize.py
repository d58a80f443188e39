"""The query-time TF-IDF transform against scikit-learn's as an oracle."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.feature_extraction.text import TfidfVectorizer

from bot.terms import Analyzer
from bot.text import words
from bot.vectorize import CharTfidf, Tfidf, char_wb_ngrams

DOCS = [
    "How long does redness last after microneedling?",
    "Redness  usually fades within 24-48 hours; swelling too.",
    "Apply aloe vera two times a day for three days.",
    "Sunscreen, sunblock and SPF 30+ when outdoors. Sunscreen again!",
    "a", "",
]
QUERIES = ["redness redness last", "aloe vera how often", "unknown words only", "", "sunblock spf"]


def _dense(m):
    return np.asarray(m.todense(), dtype=np.float64)


def test_word_transform_matches_scikit_learn():
    analyzer = Analyzer([("sunscreen", "sunblock", "spf")]).ngrams
    ref = TfidfVectorizer(analyzer=analyzer, sublinear_tf=True).fit(DOCS)
    ours = Tfidf(analyzer, ref.vocabulary_, ref.idf_)
    np.testing.assert_allclose(_dense(ours.transform(QUERIES + DOCS)), _dense(ref.transform(QUERIES + DOCS)),
                               rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("lo,hi", [(3, 5), (2, 4), (1, 1)])
def test_char_wb_matches_scikit_learn(lo, hi):
    ref = TfidfVectorizer(analyzer="char_wb", ngram_range=(lo, hi), sublinear_tf=True, lowercase=False).fit(DOCS)
    ours = Tfidf(lambda t: char_wb_ngrams(t, lo, hi), ref.vocabulary_, ref.idf_)
    texts = QUERIES + DOCS + ["microneedlign  recovry", "x"]
    np.testing.assert_allclose(_dense(ours.transform(texts)), _dense(ref.transform(texts)), rtol=1e-5, atol=1e-6)


def test_char_vectors_read_word_by_word_are_the_whole_texts_vectors():
    """CharTfidf remembers each word's columns; its vectors are Tfidf's over the joined words, every time."""
    pre = lambda t: " ".join(words(t))  # noqa: E731  (what the index's char vectorizer reads, as at build)
    ref = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), preprocessor=pre, sublinear_tf=True).fit(DOCS)
    whole = Tfidf(lambda t: char_wb_ngrams(pre(t), 3, 5), ref.vocabulary_, ref.idf_)
    ours = CharTfidf(words, (3, 5), ref.vocabulary_, ref.idf_)
    texts = QUERIES + DOCS + ["microneedlign  recovry", "Redness redness REDNESS after after", "x", "24-48h!"]
    for _ in range(2):  # the second time from the remembered words
        for text in texts:
            (c1, v1), (c2, v2) = whole.vector(text), ours.vector(text)
            assert np.array_equal(c1, c2) and np.array_equal(v1, v2) and v1.dtype == v2.dtype, text
    assert ours._columns, "no word was remembered"
    np.testing.assert_allclose(_dense(ours.transform(texts)), _dense(ref.transform(texts)), rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("lo,hi", [(3, 5), (2, 4), (1, 1), (1, 6)])
def test_char_wb_ngrams_are_scikit_learns_in_order(lo, hi):
    analyzer = TfidfVectorizer(analyzer="char_wb", ngram_range=(lo, hi), lowercase=False).build_analyzer()
    for text in DOCS + ["a\tb\nc  d\r\ne", "  leading and trailing  ", "ab abc abcd abcde abcdef", "x", "",
                        "naïve café — 24/7\u00a0ok", "microneedlign  recovry"]:
        assert char_wb_ngrams(text, lo, hi) == analyzer(text), text


def test_answering_does_not_import_scikit_learn_or_nltk(article_index):
    import subprocess
    import sys

    code = ("import sys; from bot.engine import Bot; from bot.settings import Settings;"
            f"b = Bot.from_index(Settings(index_dir={str(article_index)!r}));"
            "b.ask('how long does redness last after microneedling?');"
            "b.ask('where can I park my car near the clinic?');"  # words the index has never seen
            # follow-ups: what a pronoun stands for, a relative "that", "they" after things named in the plural
            "b.ask('how much do they cost?', history=['do you offer chemical peels and facials?']);"
            "b.ask('is there a cream that helps with that?', history=['how long does redness last?']);"
            "print('sklearn' in sys.modules, 'nltk' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "False"]


def test_question_stems_are_the_stemmed_question_words():
    from bot.index import QUESTION_STEMS
    from bot.text import QUESTION_WORDS, stem

    assert QUESTION_STEMS == {stem(w) for w in QUESTION_WORDS}


def test_stemming_shortcut_agrees_with_snowball(article_index):
    # Words the index does not know are left unstemmed only when no known stem could be theirs.
    from bot.artifact import load_current
    from bot.text import stem

    analyzer = load_current(article_index).index.analyzer_
    for word in ["skies", "dying", "redness", "reddened", "healing", "treatments", "microneedled", "parking",
                 "using", "making", "taking", "having"]:  # Snowball gives back their e: "use", "make"...
        got = analyzer.stem(word)
        assert got == stem(word) or stem(word) not in analyzer.known_stems, word


def test_stemming_shortcut_agrees_with_snowball_on_every_english_word(article_index):
    # The shortcut once left "using", "making" or "driving" unstemmed, though the index had "use", "make" and
    # "drive": a visitor's "how do I drive" matched, "driving lessons" did not.
    from importlib import resources

    from bot.artifact import load_current
    from bot.text import stem

    analyzer = load_current(article_index).index.analyzer_
    english = resources.files("bot").joinpath("data/english.words").read_text(encoding="utf-8").split()
    wrong = [w for w in english if w.islower() and analyzer.stem(w) != stem(w)
             and stem(w) in analyzer.known_stems]
    assert not wrong, wrong[:20]


def test_the_knowledge_bases_own_text_asked_as_a_question_is_read_with_its_indexed_terms(article_bot, faq_bots):
    # A question is analysed on a path of its own (typo fixes, spelled-out shorthand, the stemming shortcut);
    # asked, any heading or sentence of the knowledge base must give the terms the index holds for it. Before
    # the shortcut knew Snowball's restored e, 30 texts of these four knowledge bases did not ("using").
    for bot in [article_bot, *faq_bots.values()]:
        index = bot.current().loaded.index
        analyzer = index.analyzer_
        for i, section in enumerate(index.sections_):
            for text in [section.heading, *index.sentences_of(i)]:
                asked = index.analyse(text, ()).terms
                known, analyzer.known_stems = analyzer.known_stems, None  # as the build read it
                try:
                    indexed = analyzer.terms(text)
                finally:
                    analyzer.known_stems = known
                assert set(asked) == set(indexed), (text, sorted(set(asked) ^ set(indexed)))
