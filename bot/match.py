"""One question against one index: the products the signals read, each computed once.

A signal asks for a product by vector ("words", "chars", "subject") and by where to look (whole
sections, the heading and alternates together, the best single heading or alternate, the best
sentence); `Match` computes it from the index's term-major matrices. With sentence vectors
(bot/semantic.py), `semantic` compares the question's one encoder vector with them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import scipy.sparse as sp

from .asks import asks_hours
from .classifier import probabilities, softmax
from .contact import channels_asked
from .index import Index, Query
from .postings import matvec, prune_common, ranges
from .text import words

if TYPE_CHECKING:  # pragma: no cover
    from .encoder import Words


class Match:
    """The analysed question's vectors and, for the ranking, the products of them with the index."""

    def __init__(self, index: Index, query: Query) -> None:
        self.index, self.query = index, query
        self.vectors: dict[str, tuple[np.ndarray, np.ndarray]] = {
            "words": query.word_vec,  # the question's word TF-IDF vector
            "chars": prune_common(index.C_q_, *query.char_vec),  # its character n-gram vector
            "subject": index.subject_weights(query.subject_terms),  # idf share of each subject term
        }
        # On a large index only the candidate sections' sentences are scored, chosen by the ranking
        # without them (see `score_sentences`); until then a signal that reads sentences sees zeros,
        # and `read_unscored` tells the ranking to compute it again.
        self.sentences_scored = index.W_sent_rows_ is None
        self.read_unscored = False
        self._products: dict[tuple[str, str, bool], np.ndarray] = {}  # a signal computed again reuses them
        self.best_values: dict[tuple[str, int], float] = {}  # (feature, best section) -> value, read more than once
        self._candidates: tuple[np.ndarray, sp.csr_matrix] | None = None
        self._question_vector: np.ndarray | None = None
        self._question_words = None
        self._channels: frozenset[str] | None = None
        self._asks_hours: bool | None = None
        self.score: np.ndarray | None = None  # the ranking score so far, for re-ranking and features
        self.order: np.ndarray | None = None  # sections best first, once ranked

    @property
    def top(self) -> int:
        """The best section (once ranked)."""
        return int(self.order[0])

    def sections(self, vector: str, binary: bool = False) -> np.ndarray:
        """Per section: the vector against the whole section (binary: presence, not weight)."""
        key = ("sections", vector, binary)
        if key not in self._products:
            self._products[key] = matvec(self.index.W_doc_, *self.vectors[vector], binary=binary)
        return self._products[key]

    def headings(self, vector: str, binary: bool = False) -> np.ndarray:
        """Per section: the vector against its heading and alternates taken together."""
        key = ("headings", vector, binary)
        if key not in self._products:
            self._products[key] = matvec(self.index.heading_terms_, *self.vectors[vector], binary=binary)
        return self._products[key]

    def best_heading(self, vector: str, binary: bool = False) -> np.ndarray:
        """Per section: the vector against its best single heading or alternate question."""
        key = ("best heading", vector, binary)
        if key not in self._products:
            matrix = self.index.C_q_ if vector == "chars" else self.index.W_q_
            rows = matvec(matrix, *self.vectors[vector], binary=binary)
            self._products[("heading rows", vector, binary)] = rows
            self._products[key] = self.index.q_segments_.max(rows)
        return self._products[key]

    def heading_rows(self, vector: str) -> np.ndarray:
        """Per heading or alternate question (in the index's row order): the vector against it."""
        self.best_heading(vector)
        return self._products[("heading rows", vector, False)]

    def best_sentence(self, vector: str, binary: bool = False) -> np.ndarray:
        """Per section: the vector against its best single sentence (or list item)."""
        if not self.sentences_scored:
            self.read_unscored = True
            return np.zeros(len(self.index.sections_), dtype=np.float32)
        key = ("best sentence", vector, binary)
        if key not in self._products:
            if self._candidates is None:
                self._products[key] = self.index.s_segments_.max(self.sentence_rows(vector, binary))
            else:
                rows, values = self._candidate_rows(vector, binary)
                best = np.zeros(len(self.index.sections_), dtype=np.float32)
                np.maximum.at(best, self.index.s_owner_[rows], values)
                self._products[key] = best
        return self._products[key]

    @property
    def channels(self) -> frozenset[str]:
        """The business's contact details the question asks for (bot/contact.py); empty for most questions."""
        if self._channels is None:
            self._channels = (channels_asked(" ".join(self.query.tokens))
                              | channels_asked(" ".join(words(self.query.text))))
        return self._channels

    @property
    def asks_hours(self) -> bool:
        """Does the question ask whether or when the business is open (bot/asks.py)?"""
        if self._asks_hours is None:
            self._asks_hours = asks_hours(self.query.tokens)
        return self._asks_hours

    def classified(self, vectors: bool) -> np.ndarray | None:
        """Per section: the phrasings' classifier's probability (bot/classifier.py), from the question's sentence
        vector (`vectors`) or from its word and character rows; None where that classifier was not trained."""
        key = ("classifier", "vectors" if vectors else "rows", False)
        if key not in self._products:
            index = self.index
            if vectors and index.sem_clf_weights_ is not None:
                logits = index.sem_clf_weights_ @ self.question_vector.astype(np.float32) + index.sem_clf_bias_
                self._products[key] = softmax(logits)
            elif not vectors and index.clf_alpha_ is not None:
                rows = self.heading_rows("words") + self.heading_rows("chars")
                self._products[key] = probabilities(index.clf_alpha_, index.clf_bias_, rows)
            else:
                return None
        return self._products[key]

    @property
    def question_vector(self) -> np.ndarray:
        """The question's sentence-encoder vector (with its context), computed on first use only."""
        if self._question_vector is None:
            from .semantic import question_vector

            q = self.query
            self._question_vector = question_vector(self.index.encoder_, q.encoder_text, q.encoder_context)
        return self._question_vector

    @property
    def question_words(self) -> "Words":
        """The question's words as the sentence encoder read them (bot.encoder.Words), on first use only."""
        if self._question_words is None:
            from .semantic import question_words

            self._question_words = question_words(self.index.encoder_, self.query.encoder_text)
        return self._question_words

    def semantic(self, where: str) -> np.ndarray:
        """Per section: the question vector's cosine (negatives as 0) with its best heading or alternate
        (where="headings"), with the mean of its heading and alternates ("centroid") or with the whole
        section ("sections"); all 0 on an index without vectors."""
        key = ("semantic", where, False)
        if key not in self._products:
            index = self.index
            if index.encoder_ is None:
                out = np.zeros(len(index.sections_), dtype=np.float32)
            elif where == "headings":
                out = index.q_segments_.max(index.unit_vectors_ @ self.question_vector)
            elif where == "centroid":
                out = index.centroid_vectors_ @ self.question_vector
            else:
                out = index.section_vectors_ @ self.question_vector
            self._products[key] = np.maximum(out, 0, out=out)
        return self._products[key]

    def sentence_rows(self, vector: str, binary: bool = False) -> np.ndarray:
        """Per sentence row: the vector against that sentence (0 for sentences that were not scored)."""
        key = ("sentences", vector, binary)
        if key not in self._products:
            if self._candidates is None:
                self._products[key] = matvec(self.index.W_sent_, *self.vectors[vector], binary=binary)
            else:
                rows, values = self._candidate_rows(vector, binary)
                out = np.zeros(self.index.W_sent_.shape[0], dtype=np.float32)
                out[rows] = values
                self._products[key] = out
        return self._products[key]

    def score_sentences(self, prescore: np.ndarray) -> None:
        """Score the sentences of the sections that lead on every other signal (a large index only).

        Sentences are most of the rows, and the best sentence of a section that is far from the
        top cannot bring it back.
        """
        k = self.index.sentence_candidates_
        cand = np.sort(np.argpartition(-prescore, k)[:k])
        lo, hi = self.index.s_bounds_[cand], self.index.s_bounds_[cand + 1]
        rows = ranges(lo, hi - lo)
        self._candidates = (rows, self.index.W_sent_rows_[rows])
        self.sentences_scored = True

    def _candidate_rows(self, vector: str, binary: bool) -> tuple[np.ndarray, np.ndarray]:
        """(sentence rows, their scores) for the candidate sections, from the row-major matrix."""
        rows, sub = self._candidates
        key = ("candidate sentences", vector, binary)
        if key not in self._products:
            cols, weights = self.vectors[vector]
            dense = np.zeros(sub.shape[1], dtype=np.float32)
            dense[cols] = weights
            if binary:  # presence, not weight: the same matrix with ones for a moment (it is this Match's own)
                data, sub.data = sub.data, np.ones_like(sub.data)
                try:
                    self._products[key] = sub @ dense
                finally:
                    sub.data = data
            else:
                self._products[key] = sub @ dense
        return rows, self._products[key]


FEW_SECTIONS = 64  # up to this many sections, `top_sections` sorts in Python


def top_sections(score: np.ndarray, k: int) -> np.ndarray:
    """The k best sections, best first; ties broken by section order so answers are deterministic.

    argpartition instead of a full sort: the cost stays flat as the knowledge base grows.
    """
    n = len(score)
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    r = np.round(score, 6)
    if n <= FEW_SECTIONS:  # a small knowledge base: sorted in Python, cheaper than numpy's many calls on few values
        rounded = r.tolist()
        return np.array(sorted(range(n), key=lambda i: (-rounded[i], i))[:k], dtype=np.int64)
    if n > k:
        kth = np.partition(r, n - k)[n - k]
        above = np.flatnonzero(r > kth)
        ties = np.flatnonzero(r == kth)[: k - len(above)]
        cand = np.concatenate([above, ties])
    else:
        cand = np.arange(n)
    return cand[np.lexsort((cand, -r[cand]))][:k]
