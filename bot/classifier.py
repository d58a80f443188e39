"""A classifier of the sections' phrasings, for knowledge bases whose entries are their example phrasings.

An intent knowledge base (banking77, clinc150-intents, a company chatbot's export) is a list of entries each
defined by ten or so ways visitors ask it, with a short answer. There a logistic regression trained on the
phrasings (their word and character TF-IDF rows, the ones `head` and `char` match against) tells apart entries
whose phrasings share words better than the best single phrasing does: it learns which words set an entry
apart. `clf` (bot/signals.py) adds its probability of each section to the ranking order, lexically.

It is trained at build, only where the phrasings are most of the content (`wanted`): on average three or more
per section and three or more per sentence of the answers. An article or an FAQ page, whose answers say what
the phrasings do not, keeps its ranking: on the article, whose 304 alternates make 1.6 phrasings a sentence,
the classifier cost two held-out questions their right section.

Saved without scikit-learn: an L2-regularised logistic regression's weights are a combination of its training
rows, so each section's decision is a weighted sum of the question's cosines with the phrasings (which the
ranking computes anyway) plus a bias. Those weights (`alpha`, one row per phrasing, one column per section) and
the biases are what the index stores, in matrices.npz; answering is one small matrix product.

With a sentence encoder, a second regression reads the phrasings' sentence vectors (`fit_vectors`, the
`sem_clf` signal): its weights are one vector a section, stored beside the other vectors (bot/semantic.py).
The lexical one hurt there (banking77's fit half: top-1 0.837 -> 0.823 with it at weight 1); this one helped.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

MIN_PER_SECTION = 3.0  # phrasings per section, on average
MIN_PER_SENTENCE = 3.0  # phrasings per sentence of the answers
MAX_PHRASINGS = 5000  # above, no classifier: the build's phrasing-by-phrasing product grows as its square
# ... nor above this many phrasings times sections: the fit's time grows with it (on this 2-core machine,
# clinc150-intents' 1,652 phrasings of 150 sections take about 3 s; 4,994 of 454 sections took 32 s)
MAX_WORK = 600_000
C = 10.0  # inverse regularisation strength (measured 3, 10, 30 on banking77's fit half: 10 or 30 best)
NO_PHRASING = -1e4  # the bias of a section with no phrasing: its probability is 0


def wanted(phrasings: int, sentences: int, sections: int) -> bool:
    """Are the phrasings most of this knowledge base's content (see the module's docstring)?"""
    return (sections >= 2 and phrasings <= MAX_PHRASINGS and phrasings * sections <= MAX_WORK
            and phrasings >= MIN_PER_SECTION * sections and phrasings >= MIN_PER_SENTENCE * sentences)


def _regression(X, owner: np.ndarray, sections: int) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
    """(classes, coef: one row per class, bias per section) of a logistic regression from rows X to their sections;
    None with fewer than two sections that have a phrasing."""
    from sklearn.linear_model import LogisticRegression

    classes = np.unique(owner)
    if len(classes) < 2:
        return None
    model = LogisticRegression(C=C, max_iter=3000).fit(X, owner)
    coef, intercept = model.coef_, model.intercept_
    if len(classes) == 2:  # sklearn keeps one row for two classes: the second's logit against the first's 0
        coef, intercept = np.vstack([np.zeros_like(coef), coef]), np.array([0.0, intercept[0]])
    bias = np.full(sections, NO_PHRASING, dtype=np.float32)
    bias[classes] = intercept
    return classes, coef, bias


def fit(words: sp.spmatrix, chars: sp.spmatrix, owner: np.ndarray, sections: int
        ) -> tuple[np.ndarray, np.ndarray] | None:
    """(alpha, bias) of a logistic regression from the phrasings' rows to their sections, or None if it cannot be
    expressed through the phrasings (checked on the training rows)."""
    X = sp.hstack([sp.csr_matrix(words), sp.csr_matrix(chars)]).tocsr().astype(np.float64)
    fitted = _regression(X, owner, sections)
    if fitted is None:
        return None
    classes, coef, bias = fitted
    # coef = alpha.T @ X: solve (X X^T) alpha = X coef^T, with a little jitter for repeated phrasings.
    gram = (X @ X.T).toarray()
    target = np.asarray(X @ coef.T)
    gram[np.diag_indices_from(gram)] += 1e-8
    try:
        alpha = np.linalg.solve(gram, target)
    except np.linalg.LinAlgError:
        return None
    if not np.allclose(gram @ alpha, target, atol=1e-4) or not np.isfinite(alpha).all():
        return None
    full = np.zeros((X.shape[0], sections), dtype=np.float32)
    full[:, classes] = alpha
    return full, bias


def fit_vectors(vectors: np.ndarray, owner: np.ndarray, sections: int) -> tuple[np.ndarray, np.ndarray] | None:
    """(weights, bias) of a logistic regression from the phrasings' sentence vectors to their sections: one row
    of weights per section (sections x dimensions), for `sem_clf`; None with fewer than two sections."""
    fitted = _regression(np.asarray(vectors, dtype=np.float64), owner, sections)
    if fitted is None:
        return None
    classes, coef, bias = fitted
    weights = np.zeros((sections, coef.shape[1]), dtype=np.float32)
    weights[classes] = coef
    return weights, bias


def softmax(logits: np.ndarray) -> np.ndarray:
    """Probabilities from per-section logits."""
    logits = logits - logits.max()
    p = np.exp(logits)
    return (p / p.sum()).astype(np.float32)


def probabilities(alpha: np.ndarray, bias: np.ndarray, cosines: np.ndarray) -> np.ndarray:
    """Per section, the classifier's probability, from the question's word plus character cosines with each
    phrasing (the kernel the regression was trained with)."""
    return softmax(cosines.astype(np.float32) @ alpha + bias)  # float32 as stored: no copy of the weights
