"""The fitted index: sections -> sparse TF-IDF matrices; question -> per-section signals.

Shaped like a scikit-learn estimator: `__init__` stores parameters, `fit` learns, learned
state ends in `_`. Persisted as JSON + `.npz` (no pickle); see `save` / `load`.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Callable, Sequence

import numpy as np
import scipy.sparse as sp

from .analysis import Analyzer, SpellFixer
from .model import KnowledgeBase, Section
from .text import QUESTION_WORDS, fold, remember, sentences, stem, stop_words, words
from .vectorize import Tfidf, char_wb_ngrams

FORMAT_VERSION = 6
# Above this many sections, only the best this many (by every signal but the sentence ones) have
# their sentences scored. Below it every sentence is scored: small knowledge bases are unchanged.
SENTENCE_CANDIDATES = 2000
# Question words as the index sees them ("why" -> "whi", "many" -> "mani"), precomputed so
# answering never needs the stemmer for them.
QUESTION_STEMS = frozenset({"who", "whom", "whose", "what", "when", "where", "whi", "how", "which",
                            "long", "often", "much", "mani", "soon"})


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


class Index:
    """Word and character TF-IDF over headings, alternates, sentences and whole sections."""

    def __init__(self, char_ngrams: tuple[int, int] = (3, 5)) -> None:
        self.char_ngrams = char_ngrams

    # ---- fitting -------------------------------------------------------------------------
    def fit(self, kb: KnowledgeBase) -> "Index":
        """Learn vocabularies and matrices from the knowledge base's sections."""
        from sklearn.feature_extraction.text import CountVectorizer, TfidfTransformer, TfidfVectorizer

        self.sections_: list[Section] = list(kb.sections)
        self.synonyms_ = [list(g) for g in kb.synonyms]
        self.documents_ = [list(d) for d in kb.documents]
        self.analyzer_ = Analyzer(self.synonyms_)
        q_texts, q_owner, s_texts, s_owner = [], [], [], []
        for i, s in enumerate(self.sections_):
            for q in (s.heading, *s.alternates):
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
        U = counter.fit_transform([self.analyzer_.ngrams(t) for t in units]).tocsr()
        owner = np.concatenate([self.q_owner_, self.s_owner_])
        A = sp.csr_matrix((np.ones(len(units), np.float32), (owner, np.arange(len(units)))),
                          shape=(len(self.sections_), len(units)))
        doc_counts = (A @ U).tocsr()
        tfidf = TfidfTransformer(sublinear_tf=True).fit(doc_counts)
        self.W_doc_ = _csc(tfidf.transform(doc_counts))
        self.W_q_ = _csc(tfidf.transform(U[: len(q_texts)]))
        self.W_sent_ = _csc(tfidf.transform(U[len(q_texts):]))
        char = TfidfVectorizer(analyzer="char_wb", ngram_range=self.char_ngrams,
                               preprocessor=self._char_pre, sublinear_tf=True, dtype=np.float32)
        self.C_q_ = _csc(char.fit_transform(q_texts))
        self._vectorizers(counter.vocabulary_, tfidf.idf_, char.vocabulary_, char.idf_)
        # Which section contains which term at all: the "is the subject here" signal.
        vocab_words = set()
        for t in units:
            vocab_words.update(words(t))
        for g in self.synonyms_:
            for t in g:
                vocab_words.update(words(t))
        self.spell_vocab_ = sorted(vocab_words)
        self._post_fit()
        return self

    @staticmethod
    def _char_pre(text: str) -> str:
        return " ".join(words(text))

    def _char_analyzer(self, text: str) -> list[str]:
        return char_wb_ngrams(self._char_pre(text), *self.char_ngrams)

    def _vectorizers(self, word_vocab: dict, word_idf: np.ndarray, char_vocab: dict, char_idf: np.ndarray) -> None:
        self.word_ = Tfidf(self.analyzer_.ngrams, {k: int(v) for k, v in word_vocab.items()}, word_idf)
        self.char_ = Tfidf(self._char_analyzer, {k: int(v) for k, v in char_vocab.items()}, char_idf)

    def _post_fit(self) -> None:
        unigrams = frozenset(t for t in self.word_.vocabulary if " " not in t)
        self.analyzer_.known_stems = unigrams
        self.spell_ = SpellFixer(self.spell_vocab_, unigrams, stemmer=self.analyzer_.stem)
        self.idf_ = self.word_.idf
        self.max_idf_ = float(self.idf_.max()) if len(self.idf_) else 1.0
        self.vocab_ = self.word_.vocabulary
        self.df_ = np.diff(self.W_doc_.indptr).astype(np.int32)  # sections containing each term
        self.q_bounds_ = _bounds(self.q_owner_, len(self.sections_))
        self.s_bounds_ = _bounds(self.s_owner_, len(self.sections_))
        self.q_segments_ = _Segments(self.q_bounds_)
        # Which terms each section's heading and alternates contain, together (sections x terms).
        n, u = len(self.sections_), len(self.q_owner_)
        agg = sp.csr_matrix((np.ones(u, np.float32), (self.q_owner_, np.arange(u))), shape=(n, u))
        self.H_ = _csc(agg @ self.W_q_.tocsr())
        self.s_segments_ = _Segments(self.s_bounds_)
        # Row-major sentences, for scoring only the candidate sections' sentences on large indexes.
        self.sentence_candidates_ = SENTENCE_CANDIDATES
        self.W_sent_rows_ = self.W_sent_.tocsr() if len(self.sections_) > SENTENCE_CANDIDATES else None

    # ---- querying ------------------------------------------------------------------------
    def analyse(self, question: str, context: Sequence[str] = ()) -> Query:
        """Correct typos against the vocabulary and vectorise; context words are added at lower weight."""
        a = self.analyzer_
        toks, unknown, fixes = self.spell_.correct(words(question), a.is_stop)
        terms = a.terms(toks)
        subject = [t for t in terms if t not in QUESTION_STEMS]
        text = " ".join(toks)
        wv = self.word_.vector(text)
        cv = self.char_.vector(question)
        if context:
            # A follow-up inherits the earlier question's subject (and its unknown words: "botox?"
            # then "how long does it last?" stays unanswerable), at half the weight in the vectors.
            ctx_toks, ctx_unknown, _ = self.spell_.correct(words(" ".join(context)), a.is_stop)
            subject = subject + [t for t in a.terms(ctx_toks) if t not in QUESTION_STEMS]
            unknown = unknown + ctx_unknown
            wv = _blend(wv, self.word_.vector(" ".join(ctx_toks)), 0.5)
            cv = _blend(cv, self.char_.vector(" ".join(context)), 0.5)
        return Query(question, toks, terms, subject, unknown, fixes, wv, cv)

    def signals(self, q: Query, prescore: Callable[[dict], np.ndarray] | None = None) -> dict[str, np.ndarray]:
        """Per-section scores: heading/alternates, whole section, best sentence, characters, subject coverage.

        The matrices are stored term-major (CSC), so each product reads only the postings of the
        question's own terms: the cost follows the question, not the size of the knowledge base.
        On a large index, `prescore` (the ranking without the sentence signals) picks the sections
        whose sentences are scored at all: sentences are most of the rows, and the best sentence of
        a section that is far from the top cannot bring it back.
        """
        wc, wv = q.word_vec
        cc, cv = _prune_common(self.C_q_, *q.char_vec)
        qseg = self.q_segments_
        sc, sw = self.subject_weights(q.subject_terms)
        sig = {
            "head": qseg.max(_matvec(self.W_q_, wc, wv)),
            "body": _matvec(self.W_doc_, wc, wv),
            "char": qseg.max(_matvec(self.C_q_, cc, cv)),
            "cover": _matvec(self.W_doc_, sc, sw, binary=True),
            # Subject terms anywhere in a section's heading and alternates (FAQ questions live there).
            "hcover": _matvec(self.H_, sc, sw, binary=True),
            "unit": qseg.max(_matvec(self.W_q_, sc, sw, binary=True)),
        }
        if prescore is None or self.W_sent_rows_ is None:  # a small index: every sentence is scored
            sseg = self.s_segments_
            sent_scores = _matvec(self.W_sent_, wc, wv)
            sig["sent"] = sseg.max(sent_scores)
            unit_sent = sseg.max(_matvec(self.W_sent_, sc, sw, binary=True))
        else:
            k = self.sentence_candidates_
            cand = np.argpartition(-prescore(sig), k)[:k]
            sent_scores, sig["sent"], unit_sent = self._candidate_sentences(np.sort(cand), wc, wv, sc, sw)
        # Best single heading, alternate or sentence: do the subject terms occur *together*?
        sig["unit"] = np.maximum(sig["unit"], unit_sent)
        sig["_sent_scores"] = sent_scores
        return sig

    def _candidate_sentences(self, cand: np.ndarray, wc, wv, sc, sw):
        """Sentence signals for the candidate sections only, from the row-major sentence matrix."""
        n, rows_total = len(self.sections_), self.W_sent_.shape[0]
        lo, hi = self.s_bounds_[cand], self.s_bounds_[cand + 1]
        rows = _ranges(lo, hi - lo)
        sub = self.W_sent_rows_[rows]
        qv = np.zeros(self.W_sent_.shape[1], dtype=np.float32)
        qv[wc] = wv
        sv = np.zeros(self.W_sent_.shape[1], dtype=np.float32)
        sv[sc] = sw
        vals = sub @ qv
        sub.data = np.ones_like(sub.data)
        bvals = sub @ sv
        sent_scores = np.zeros(rows_total, dtype=np.float32)
        sent_scores[rows] = vals
        owners = self.s_owner_[rows]
        sent, unit = np.zeros(n, dtype=np.float32), np.zeros(n, dtype=np.float32)
        np.maximum.at(sent, owners, vals)
        np.maximum.at(unit, owners, bvals)
        return sent_scores, sent, unit

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

    def _in_section(self, col: int, i: int) -> bool:
        rows = self.W_doc_.indices[self.W_doc_.indptr[col]:self.W_doc_.indptr[col + 1]]
        k = np.searchsorted(rows, i)
        return bool(k < len(rows) and rows[k] == i)

    def missing(self, subject_terms: Sequence[str], i: int) -> float:
        """The rarest subject term absent from section i, as idf / max idf (1.0 for an unknown term).

        An average hides a missing subject ("redness after a chemical peel" matches the redness
        sections on everything but "peel"); the maximum does not.
        """
        worst = 0.0
        for t in dict.fromkeys(subject_terms):
            col = self.vocab_.get(t)
            if col is None:
                return 1.0
            if not self._in_section(col, i):
                worst = max(worst, float(self.idf_[col]) / self.max_idf_)
        return worst

    def anchor(self, subject_terms: Sequence[str], i: int) -> float:
        """How much the knowledge base talks about the best-known subject term found in section i.

        log(1 + sections containing it) / log(1 + all sections): a question about "gmail" to a
        web-apps FAQ, or "redness" to a redness article, names something the knowledge base is
        about; one that only meets a word mentioned once in passing ("art") probably is not.
        """
        best = 0
        for t in dict.fromkeys(subject_terms):
            col = self.vocab_.get(t)
            if col is not None and " " not in t and self._in_section(col, i):
                best = max(best, int(self.df_[col]))
        return float(np.log1p(best) / np.log1p(max(len(self.sections_), 1)))

    def known_share(self, q: Query) -> float:
        """Share of the question's subject terms the knowledge base knows at all."""
        terms = list(dict.fromkeys(q.subject_terms))
        if not terms:
            return 0.0
        return sum(t in self.vocab_ for t in terms) / len(terms)

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
        s = self.sections_[i]
        return (s.heading, *s.alternates)[unit - int(self.q_bounds_[i])]

    # ---- persistence ---------------------------------------------------------------------
    def save(self, directory: Path) -> None:
        """Write index.json and matrices.npz into directory (data only, no pickle)."""
        directory = Path(directory)
        meta = {
            "format": FORMAT_VERSION,
            "char_ngrams": list(self.char_ngrams),
            "sections": [asdict(s) for s in self.sections_],
            "synonyms": self.synonyms_,
            "documents": self.documents_,
            "word_vocabulary": self.word_.vocabulary,
            "char_vocabulary": self.char_.vocabulary,
            # Stems of every word the knowledge base uses, and the stop list: loading and
            # answering then need neither nltk nor scikit-learn imported.
            "stems": {w: stem(w) for w in self.spell_vocab_},
            "stop_words": sorted(stop_words() | QUESTION_WORDS),
            "spell_vocab": self.spell_vocab_,
        }
        (directory / "index.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
        arrays = {"word_idf": self.word_.idf, "char_idf": self.char_.idf, "s_spans": self.s_spans_,
                  "q_owner": self.q_owner_, "s_owner": self.s_owner_}
        for name in ("W_doc_", "W_q_", "W_sent_", "C_q_"):
            m = getattr(self, name)
            key = name.rstrip("_")
            arrays[key + ".data"], arrays[key + ".indices"] = m.data, m.indices
            arrays[key + ".indptr"], arrays[key + ".shape"] = m.indptr, np.asarray(m.shape)
        with open(directory / "matrices.npz", "wb") as fh:
            np.savez(fh, **arrays)  # uncompressed: zlib was a third of loading a large index

    @classmethod
    def load(cls, directory: Path) -> "Index":
        """Rebuild a fitted Index from save()'s files; raises ValueError if they don't fit together."""
        directory = Path(directory)
        meta = json.loads((directory / "index.json").read_text(encoding="utf-8"))
        if meta.get("format") != FORMAT_VERSION:
            raise ValueError(f"index format {meta.get('format')} is not {FORMAT_VERSION}")
        remember(stems=meta["stems"], stop=meta["stop_words"])
        self = cls(char_ngrams=tuple(meta["char_ngrams"]))
        self.sections_ = [Section(**{**s, "alternates": tuple(s["alternates"])}) for s in meta["sections"]]
        self.synonyms_ = meta["synonyms"]
        self.documents_ = meta["documents"]
        self.spell_vocab_ = meta["spell_vocab"]
        self.analyzer_ = Analyzer(self.synonyms_)
        with np.load(directory / "matrices.npz", allow_pickle=False) as z:
            arrays = {k: z[k] for k in z.files}
        self._vectorizers(meta["word_vocabulary"], arrays["word_idf"], meta["char_vocabulary"], arrays["char_idf"])
        self.q_owner_, self.s_owner_ = arrays["q_owner"], arrays["s_owner"]
        self.s_spans_ = arrays["s_spans"]
        for name in ("W_doc", "W_q", "W_sent", "C_q"):
            m = sp.csc_matrix((arrays[name + ".data"], arrays[name + ".indices"], arrays[name + ".indptr"]),
                              shape=tuple(arrays[name + ".shape"]))
            setattr(self, name + "_", m)
        self._post_fit()
        return self


def _ranges(starts: np.ndarray, lens: np.ndarray) -> np.ndarray:
    """starts[0]..starts[0]+lens[0]-1, starts[1]..., concatenated, without a Python loop."""
    return np.arange(int(lens.sum())) - np.repeat(np.cumsum(lens) - lens, lens) + np.repeat(starts, lens)


def _bounds(owner: np.ndarray, n: int) -> np.ndarray:
    """Start offset of each section's rows (owner is sorted), plus the end."""
    return np.searchsorted(owner, np.arange(n + 1)).astype(np.int64)


class _Segments:
    """Rows grouped by section (contiguous, in section order): per-section maximum in one reduceat."""

    def __init__(self, bounds: np.ndarray) -> None:
        self.n, self.rows = len(bounds) - 1, int(bounds[-1])
        self.nonempty = bounds[1:] > bounds[:-1]
        self.starts = np.minimum(bounds[:-1], max(self.rows - 1, 0))

    def max(self, values: np.ndarray) -> np.ndarray:
        out = np.zeros(self.n, dtype=values.dtype)
        if self.rows and self.n:
            red = np.maximum.reduceat(values, self.starts)
            out[self.nonempty] = red[self.nonempty]
        return out


def _identity(terms: list[str]) -> list[str]:
    return terms


def _csc(m: sp.spmatrix) -> sp.csc_matrix:
    """Term-major storage with sorted row indices (the layout `_matvec` and `_in_section` need)."""
    c = sp.csc_matrix(m, dtype=np.float32)
    c.sort_indices()
    return c


def _matvec(M: sp.csc_matrix, cols: np.ndarray, vals: np.ndarray, binary: bool = False) -> np.ndarray:
    """M[:, cols] @ vals, reading only those columns' postings (binary: count presence, not weight)."""
    if len(cols) == 0:
        return np.zeros(M.shape[0], dtype=np.float32)
    cols = np.asarray(cols)
    starts, ends = M.indptr[cols], M.indptr[cols + 1]
    lens = ends - starts
    total = int(lens.sum())
    if total == 0:
        return np.zeros(M.shape[0], dtype=np.float32)
    pos = _ranges(starts, lens)  # positions of every posting of every column
    weights = np.repeat(np.asarray(vals, dtype=np.float32), lens)
    if not binary:
        weights = weights * M.data[pos]
    return np.bincount(M.indices[pos], weights=weights, minlength=M.shape[0])


def _prune_common(M: sp.csc_matrix, cols: np.ndarray, vals: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Drop the question's character n-grams found in over a quarter of a large index's rows.

    Their idf is near the floor, so they barely move a score, yet their postings are the
    longest ones: on 100,000 sections they would cost more than everything else together.
    """
    limit = max(2000, M.shape[0] // 4)
    keep = np.diff(M.indptr)[cols] <= limit
    return cols[keep], vals[keep]



def _blend(a: tuple[np.ndarray, np.ndarray], b: tuple[np.ndarray, np.ndarray],
           weight: float) -> tuple[np.ndarray, np.ndarray]:
    """L2-normalised a + weight * b, for vectors given as (sorted columns, values)."""
    cols = np.union1d(a[0], b[0])
    vals = np.zeros(len(cols), dtype=np.float32)
    vals[np.searchsorted(cols, a[0])] += a[1]
    vals[np.searchsorted(cols, b[0])] += weight * b[1]
    norm = float(np.sqrt(np.dot(vals, vals)))
    return cols, (vals / norm if norm > 0 else vals)
__all__ = ["Index", "Query", "FORMAT_VERSION", "fold"]
