"""Topic clustering (bot/clusters.py `cluster`, for bot/topics.py) without the dense n x n similarity matrix: the
same clusters as average linkage over the whole matrix (the oracle below is how `cluster` read it before), and a
memory that grows with the largest group of near texts rather than with the square of all the texts."""

from __future__ import annotations

import itertools
import tracemalloc

import numpy as np
import pytest

from bot.clusters import SIMILARITY, _analyzer, _given, cluster
from bot.topics import MAX_CLUSTERED, key
from bot.text import words

TOPICS = ["gift cards", "parking", "sunday opening", "dogs", "children", "payment by card", "botox", "fillers",
          "laser hair removal", "tattoo removal", "a chemical peel", "swimming", "alcohol", "sunbathing", "makeup",
          "pregnancy", "acne scars", "stretch marks", "numbing cream", "a refund", "cancellation", "a voucher",
          "student discount", "wheelchair access", "evening appointments", "bank holidays", "a consultation"]
TEMPLATES = ["do you do {t}", "can I ask about {t}", "what about {t}?", "is {t} ok", "{t}?", "tell me about {t}",
             "how much for {t}", "do you offer {t}", "any info on {t}", "question about {t} please"]
TAILS = ["", " thanks", " for my mum", " next week", " after the treatment", " if I'm 17", " with a friend"]


def dense_labels(texts: list[str], min_similarity: float = SIMILARITY) -> list[int]:
    """The oracle: every pair's similarity in one n x n matrix, clustered by sklearn's average linkage."""
    from sklearn.cluster import AgglomerativeClustering
    from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer

    analyzer = _analyzer(None)
    terms = [analyzer.terms(t) or words(t) for t in texts]
    by_words = TfidfVectorizer(analyzer=_given, sublinear_tf=True).fit_transform(terms)
    by_chars = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True).fit_transform(texts)
    sets = CountVectorizer(analyzer=_given, binary=True).fit_transform(terms)
    sizes = np.asarray(sets.sum(axis=1)).ravel()
    overlap = (sets @ sets.T).toarray() / np.maximum(1, np.minimum.outer(sizes, sizes))
    sim = np.clip(((by_words @ by_words.T).toarray() + (by_chars @ by_chars.T).toarray() + overlap) / 3, 0.0, 1.0)
    labels = AgglomerativeClustering(n_clusters=None, metric="precomputed", linkage="average",
                                     distance_threshold=1.0 - min_similarity).fit(1.0 - sim).labels_
    renumber: dict[int, int] = {}
    return [renumber.setdefault(int(label), len(renumber)) for label in labels]


def phrasings(n: int) -> list[str]:
    """n distinct keys of visitors' questions: topic x template x tail, as bench/report_scale.py makes them."""
    made = (key(template.format(t=topic) + tail)
            for tail, template, topic in itertools.product(TAILS, TEMPLATES, TOPICS))
    return list(dict.fromkeys(made))[:n]


@pytest.mark.parametrize("n, min_similarity", [(300, SIMILARITY), (1200, SIMILARITY), (600, 0.35), (600, 0.7)])
def test_the_clusters_are_those_of_the_whole_matrix(n, min_similarity):
    texts = phrasings(n)
    found = cluster(texts, min_similarity)
    assert found == dense_labels(texts, min_similarity)
    assert 1 < max(found) < len(texts) - 1  # some texts grouped, not all in one


def test_the_labelled_questions_cluster_as_over_the_whole_matrix():
    from test_report import TOPICS as LABELLED

    texts = [key(t) for topic in LABELLED for t in topic]
    assert cluster(texts) == dense_labels(texts)


def test_clustering_many_texts_never_holds_their_square():
    # MAX_CLUSTERED texts, each near only one other (a typo of it): small parts, clustered one at a time
    letters = "bcdfghjklmnpqrstvwxz"
    made = ["".join(letters[(i // 20 ** k) % 20] + "aeiou"[(i * 7 + k) % 5] for k in range(3)) for i in range(8000)]
    texts = [f"{made[2 * i]} {made[2 * i + 1]} {extra}" for i in range(MAX_CLUSTERED // 2) for extra in ("", "now")]
    tracemalloc.start()
    try:
        found = cluster(texts)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert found == [i // 2 for i in range(len(texts))]  # each text with its twin, apart from the rest
    square = len(texts) ** 2 * 8  # one n x n matrix of float64: 18 MB; the dense clustering held several
    assert peak < square / 3, f"peak {peak / 1e6:.1f} MB"
