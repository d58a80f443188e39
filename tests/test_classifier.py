"""The phrasings' classifier (bot/classifier.py): trained at build for knowledge bases made of example phrasings,
stored as plain arrays, equal to the scikit-learn model it was fitted as, and used to order the sections
(issue 13: intent knowledge bases, whose entries share words and differ by a few)."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp

from bot import classifier, index_files
from bot.ranking import Weights, rank
from _files import csv_bot

INTENTS = [
    "question,answer,alternates",
    "When will my card arrive?,Cards arrive in 3-5 working days.,"
    "when will my card arrive|how long until my new card comes|my card still hasn't arrived|where is my new card|"
    "is my card in the post yet|the card you sent never came|track my card delivery|card not delivered yet",
    "How do I activate my card?,Activate it in the app.,"
    "how do i activate my card|activate my new card|card activation|i got my card what now|set up my new card|"
    "turn on my new card|start using my card|my card needs activating",
    "My card was declined,Check your balance and card status.,"
    "my card was declined|card declined at the shop|why was my card refused|payment with card rejected|"
    "card not working in store|my card keeps getting declined|the till refused my card|card payment failed",
    "I lost my card,Freeze it in the app and order a new one.,"
    "i lost my card|my card is lost|i can't find my card|my card was stolen|someone took my wallet|"
    "card missing|lost wallet with card|report a stolen card",
    "How do I top up?,Top up by bank transfer or card.,"
    "how do i top up|add money to my account|top up my balance|put money in|load funds|"
    "deposit money|how to add cash|fund my account",
    "What are the fees?,Transfers are free; cash withdrawals over 200 a month cost 2%.,"
    "what are the fees|is there a charge|how much does it cost|any hidden fees|fee for withdrawals|"
    "do you charge for transfers|atm fees|monthly fee",
]


@pytest.fixture(scope="module")
def intents(tmp_path_factory):
    return csv_bot(tmp_path_factory.mktemp("intents"), INTENTS)


def test_it_is_trained_where_the_phrasings_are_the_content_only(intents, tmp_path):
    index = intents.current().loaded.index
    assert index.clf_alpha_.shape == (len(index.q_owner_), 6) and index.clf_bias_.shape == (6,)
    # an FAQ page without alternates has none; nor has the article (below), nor a very large knowledge base
    faq = csv_bot(tmp_path / "faq", [row.rsplit(",", 1)[0] for row in INTENTS]).current().loaded.index
    assert faq.clf_alpha_ is None
    assert not classifier.wanted(phrasings=326, sentences=203, sections=22)  # the article's figures
    assert classifier.wanted(phrasings=847, sentences=77, sections=77)  # banking77's
    assert not classifier.wanted(phrasings=classifier.MAX_PHRASINGS + 1, sentences=1, sections=2)
    assert not classifier.wanted(phrasings=4994, sentences=454, sections=454)  # its fit took 32 s


def test_the_stored_weights_answer_as_the_fitted_regression_does(intents, tmp_path):
    # also when one phrasing is written twice in an entry and once more in another (its rows are then linearly
    # dependent: the weights over the phrasings are solved for all the same)
    duplicated = csv_bot(tmp_path, [INTENTS[0], INTENTS[1] + "|my card is lost|my card is lost", *INTENTS[2:]])
    for index in (intents.current().loaded.index, duplicated.current().loaded.index):
        _same_as_sklearn(index)


def _same_as_sklearn(index) -> None:
    from sklearn.linear_model import LogisticRegression

    assert index.clf_alpha_ is not None and np.isfinite(index.clf_alpha_).all()
    X = sp.hstack([index.W_q_.tocsr(), index.C_q_.tocsr()]).tocsr()
    model = LogisticRegression(C=classifier.C, max_iter=3000).fit(X, index.q_owner_)
    for question in ("my new card hasn't come", "is delivery missing", "cost of a cash withdrawal"):
        q = sp.hstack([_row(index.word_.vector(question), index.W_q_.shape[1]),
                       _row(index.char_.vector(question), index.C_q_.shape[1])]).tocsr()
        ours = classifier.probabilities(index.clf_alpha_, index.clf_bias_, np.asarray((X @ q.T).todense()).ravel())
        assert np.abs(ours - model.predict_proba(q)[0]).max() < 1e-4, question
    # the check the build makes: the weights give back the regression's decision on every phrasing
    assert np.allclose((X @ X.T).toarray() @ index.clf_alpha_ + index.clf_bias_, model.decision_function(X), atol=1e-3)


def _row(vector: tuple[np.ndarray, np.ndarray], width: int) -> sp.csr_matrix:
    cols, vals = vector
    return sp.csr_matrix((vals, (np.zeros(len(cols), dtype=int), cols)), shape=(1, width))


def test_it_orders_the_sections_and_leaves_the_score_to_the_confidence(intents):
    index, shipped = intents.current().loaded.index, Weights.load(None)
    assert shipped.rank["clf"] > 0 and Weights.load("minilm").rank["clf"] == 0  # lexical only: it hurt minilm
    without = Weights(rank={**shipped.rank, "clf": 0.0}, coef=shipped.coef)
    # "is delivery missing": the best single phrasing is the lost card's "card missing"; the arrival entry's
    # phrasings ("card not delivered yet", "never came") make it the classifier's
    before, after = rank(index, without, "is delivery missing"), rank(index, shipped, "is delivery missing")
    assert index.sections_[before.order[0]].heading == "I lost my card"
    assert index.sections_[after.order[0]].heading == "When will my card arrive?"
    clf = after.signals["clf"]
    assert int(np.argmax(clf)) == after.order[0] and abs(float(clf.sum()) - 1) < 1e-5
    assert np.array_equal(before.score, after.score)  # order only: `score`, `margin` and `z` read without it


def test_the_classifier_votes_for_or_against_the_best_section_in_the_confidence(intents, tmp_path):
    """The `vote` feature: the classifier's log-odds of the best section above those of one in four; it moves the
    confidence of a knowledge base made of phrasings and of no other."""
    from bot.best import VOTE_EVEN

    index, shipped = intents.current().loaded.index, Weights.load(None)
    assert shipped.coef["vote"] > 0
    silent = Weights(rank=shipped.rank, coef={**shipped.coef, "vote": 0.0})

    def vote_of(ranked):  # the feature from the classifier's probability of the best section
        p = float(ranked.signals["clf"][ranked.order[0]])
        return float(np.clip((np.log(p / (1 - p)) - np.log(VOTE_EVEN / (1 - VOTE_EVEN))) / 4, -1, 1))

    sure = rank(index, shipped, "my card still hasn't arrived")  # one of its phrasings, as written
    assert sure.features["vote"] == pytest.approx(vote_of(sure), abs=1e-6) and sure.features["vote"] > 0.5
    assert sure.confidence > rank(index, silent, "my card still hasn't arrived").confidence
    # A word the knowledge base never uses is one the classifier cannot read: a vote for the best section counts only
    # for the share of the question's subject words the knowledge base knows.
    blind = rank(index, shipped, "my card from klarna still hasn't arrived")
    assert blind.query.unknown == ["klarna"] and float(blind.signals["clf"][blind.order[0]]) > 0.5
    assert 0 < blind.features["vote"] == pytest.approx(vote_of(blind) * blind.features["known"], abs=1e-6)
    assert blind.features["known"] < 1 and blind.features["vote"] < sure.features["vote"]
    # Ranked without the classifier, "atm card" goes to the fees' "atm fees": the classifier, computed for the vote
    # all the same, reads the lost card's "card" phrasings and votes against the fees.
    unordered = Weights(rank={**shipped.rank, "clf": 0.0}, coef=shipped.coef)
    against = rank(index, unordered, "atm card")
    assert index.sections_[against.order[0]].heading == "What are the fees?"
    assert not against.signals["clf"].any()  # not computed for the ranking at weight 0
    assert -1 <= against.features["vote"] < -0.1
    assert 0 < against.confidence < rank(index, Weights(rank=unordered.rank, coef=silent.coef), "atm card").confidence
    # An FAQ page without phrasings has no classifier: no vote, the confidence is what it was without the feature.
    faq = csv_bot(tmp_path / "faq", [row.rsplit(",", 1)[0] for row in INTENTS]).current().loaded.index
    for question in ("when will my card arrive", "is delivery missing", "what are the fees"):
        ranked = rank(faq, shipped, question)
        assert ranked.features["vote"] == 0 and ranked.confidence == rank(faq, silent, question).confidence


def _saved(bot, folder):
    """The bot's index saved into folder, and as loaded back: (index, loaded copy)."""
    index = bot.current().loaded.index
    folder.mkdir()
    index_files.save(index, folder)
    return index, index_files.load(type(index), folder)


def test_a_saved_classifier_that_does_not_fit_its_index_is_refused(intents, tmp_path):
    folder = tmp_path / "copy"
    index, again = _saved(intents, folder)
    assert np.array_equal(again.clf_alpha_, index.clf_alpha_)
    arrays = dict(np.load(folder / "matrices.npz"))
    arrays["clf_alpha"] = arrays["clf_alpha"][:-1]  # one phrasing short
    with open(folder / "matrices.npz", "wb") as fh:
        np.savez(fh, **arrays)
    with pytest.raises(ValueError, match="classifier does not fit"):
        index_files.load(type(index), folder)


def test_the_shipped_article_has_none(article_bot):
    index = article_bot.current().loaded.index
    assert len(index.q_owner_) > 300 and index.clf_alpha_ is None  # its answers say what the phrasings do not


# With a sentence encoder: a regression over the phrasings' vectors (`sem_clf`), the lexical one left at weight 0.
@pytest.fixture(scope="module")
def encoded(tmp_path_factory):
    from test_semantic import _require_extra

    _require_extra()
    return csv_bot(tmp_path_factory.mktemp("encoded"), INTENTS, encoder="minilm")


def test_with_an_encoder_a_regression_over_the_phrasings_vectors_orders_the_sections(encoded):
    from sklearn.linear_model import LogisticRegression

    from bot.best import VOTE_EVEN
    from bot.match import Match

    index = encoded.current().loaded.index
    assert index.sem_clf_weights_.shape == (6, index.encoder_.dim) and index.sem_clf_bias_.shape == (6,)
    assert index.clf_alpha_ is None  # the lexical one (weight 0 with an encoder) is not trained: build seconds saved
    weights = Weights.load("minilm")
    assert weights.rank["sem_clf"] > 0 and weights.rank["clf"] == 0
    model = LogisticRegression(C=classifier.C, max_iter=3000).fit(np.asarray(index.unit_vectors_, float),
                                                                   index.q_owner_)
    for question in ("my new card hasn't come", "is delivery missing", "cost of a cash withdrawal"):
        ranked = rank(index, weights, question)
        vector = Match(index, ranked.query).question_vector
        assert np.abs(ranked.signals["sem_clf"] - model.predict_proba(vector.reshape(1, -1))[0]).max() < 1e-4
        without = rank(index, Weights(rank={**weights.rank, "sem_clf": 0.0}, coef=weights.coef), question)
        assert np.array_equal(without.score, ranked.score)  # order only
        p = float(ranked.signals["sem_clf"][ranked.order[0]])  # the vote reads this classifier with an encoder
        even = np.log(VOTE_EVEN / (1 - VOTE_EVEN))
        assert ranked.features["vote"] == pytest.approx(np.clip((np.log(p / (1 - p)) - even) / 4, -1, 1), abs=1e-5)


def test_the_vector_classifier_is_saved_and_a_wrong_one_refused(encoded, tmp_path):
    from bot import semantic

    folder = tmp_path / "copy"
    index, again = _saved(encoded, folder)
    assert np.array_equal(again.sem_clf_weights_, index.sem_clf_weights_)
    np.save(folder / semantic.CLF_BIAS, np.zeros(5, dtype=np.float32))  # one section short
    with pytest.raises(ValueError, match="clf-bias.npy"):
        index_files.load(type(index), folder)
