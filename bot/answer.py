"""The policy: combine the index's signals, decide confidence, pick the concise answer -> Answer.

Every reply records why it scored what it did (`Answer.explain`).
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Sequence

import numpy as np

from .analysis import smalltalk_reply
from .index import Index, Query
from .model import Answer, Suggestion
from .text import words

NO_ANSWER = "Sorry, I don't have an answer to that. Maybe one of these topics helps?"
NO_ANSWER_NO_SUGGESTIONS = "Sorry, I don't have an answer to that."
MAX_ANSWER_CHARS = 400

# Follow-ups that lean on an earlier question: pronouns and very short fragments.
_ANAPHORA = frozenset("it its it's that this those these they them there same one such also too what about".split())

CALIBRATION_FILE = Path(__file__).with_name("calibration.json")


@dataclass
class Weights:
    """How signals combine into a ranking score, and the logistic map from features to confidence."""

    head: float = 0.30
    body: float = 0.10
    sent: float = 0.20
    char: float = 0.15
    fuzz: float = 0.10
    cover: float = 0.15
    unit: float = 0.0
    hcover: float = 0.0
    # Logistic confidence over features (see `features`), fitted by bench/calibrate.py.
    coef: dict[str, float] = field(default_factory=lambda: {
        "score": 6.0, "cover": 5.0, "margin": 4.0, "known": 2.0, "unknown": -1.5, "bias": -6.5})

    @classmethod
    def load(cls, path: Path = CALIBRATION_FILE) -> "Weights":
        """Weights from the calibration file shipped with the package, or the defaults."""
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
        except FileNotFoundError:
            return cls()
        w = cls()
        for k, v in data.get("rank", {}).items():
            setattr(w, k, float(v))
        if "coef" in data:
            w.coef = {k: float(v) for k, v in data["coef"].items()}
        return w


@dataclass
class Ranked:
    """One question evaluated against the index: ranked sections and the features of the top one."""

    query: Query
    order: np.ndarray  # section indices, best first
    score: np.ndarray  # ranking score per section
    signals: dict[str, np.ndarray]
    features: dict[str, float]
    confidence: float


class Policy:
    """Turns a question (and this chat's history) into an Answer."""

    def __init__(self, index: Index, threshold: float = 0.5, weights: Weights | None = None) -> None:
        self.index = index
        self.threshold = threshold
        self.weights = weights or Weights.load()
        self._folded_cache: dict[int, str] = {}

    # ---- ranking -------------------------------------------------------------------------
    def rank(self, question: str, context: Sequence[str] = ()) -> Ranked:
        """Score every section, re-rank the best few with fuzzy heading similarity, compute confidence."""
        idx, w = self.index, self.weights
        q = idx.analyse(question, context)

        def without_sentences(sig: dict) -> np.ndarray:
            return (w.head * sig["head"] + w.body * sig["body"] + w.char * sig["char"]
                    + w.cover * sig["cover"] + w.unit * sig["unit"] + w.hcover * sig["hcover"])

        sig = idx.signals(q, prescore=without_sentences)
        score = without_sentences(sig) + w.sent * sig["sent"]
        fuzz = np.zeros_like(score)
        top = _top(score, FUZZ_CANDIDATES)
        if len(top):
            fuzz[top] = self._fuzz(" ".join(q.tokens), top)
            score = score + w.fuzz * fuzz
        sig["fuzz"] = fuzz
        order = _top(score, RANKED)
        feats = self.features(q, score, order, sig)
        return Ranked(q, order, score, sig, feats, self.confidence(feats))

    def _fuzz(self, qtext: str, sections: np.ndarray) -> np.ndarray:
        """Best rapidfuzz token-set similarity of the question to each section's heading or alternates."""
        from rapidfuzz import fuzz as rf
        from rapidfuzz import process

        idx = self.index
        units = [np.arange(idx.q_bounds_[i], idx.q_bounds_[i + 1]) for i in sections]
        texts = [self._folded(u) for us in units for u in us]
        sims = process.cdist([qtext], texts, scorer=rf.token_set_ratio, dtype=np.float32)[0] / 100.0
        out, k = np.zeros(len(sections), dtype=np.float32), 0
        for j, us in enumerate(units):
            out[j] = sims[k:k + len(us)].max() if len(us) else 0.0
            k += len(us)
        return out

    def _folded(self, unit: int) -> str:
        # Headings and alternates as folded words, made once per unit and only for units that are asked.
        text = self._folded_cache.get(unit)
        if text is None:
            text = self._folded_cache[unit] = " ".join(words(self.index.unit_text(unit)))
        return text

    def features(self, q: Query, score: np.ndarray, order: np.ndarray, sig: dict) -> dict[str, float]:
        """Knowledge-base-independent features of the best match."""
        if len(order) == 0:
            return {"score": 0.0, "cover": 0.0, "margin": 0.0, "known": 0.0, "unknown": 0.0, "miss": 1.0,
                    "unit": 0.0, "head": 0.0, "hcover": 0.0, "anchor": 0.0, "z": 0.0}
        top = order[0]
        second = score[order[1]] if len(order) > 1 else 0.0
        # How far the best match stands out from the rest, in standard deviations: scale-free,
        # so it means the same for a 20-section article and a 2,000-entry FAQ table.
        n = len(score)
        z = 0.0
        if n > 2:
            s64 = score.astype(np.float64)
            mean = (s64.sum() - s64[top]) / (n - 1)
            var = max((np.dot(s64, s64) - s64[top] ** 2) / (n - 1) - mean ** 2, 0.0)
            z = float((s64[top] - mean) / (np.sqrt(var) + 1e-6))
        return {
            "score": float(score[top]),
            "cover": float(sig["cover"][top]),
            "margin": float(score[top] - second),
            "known": float(self.index.known_share(q)),
            "unknown": float(len(q.unknown)),
            "miss": float(self.index.missing(q.subject_terms, int(top))),
            "unit": float(sig["unit"][top]),
            "head": float(sig["head"][top]),
            "hcover": float(sig["hcover"][top]),
            "anchor": self.index.anchor(q.subject_terms, int(top)),
            "z": min(z, 10.0) / 10.0,
        }

    def confidence(self, feats: dict[str, float]) -> float:
        """Calibrated probability that the top section is right."""
        if feats["score"] <= 0:
            return 0.0
        c = self.weights.coef
        z = c.get("bias", 0.0) + sum(c.get(k, 0.0) * v for k, v in feats.items())
        # Rounded as serialized, so `answered` always agrees with the confidence shown.
        return round(1.0 / (1.0 + math.exp(-z)), 4)

    # ---- the reply -----------------------------------------------------------------------
    def ask(self, question: str, history: Sequence[str] = (), top_k: int = 3) -> Answer:
        """The Answer for a question; history is this chat's earlier questions, newest last."""
        question = question.strip()
        reply = smalltalk_reply(question)
        if reply is not None:
            return Answer(question=question, answered=False, kind="smalltalk", answer=reply,
                          explain={"reason": "smalltalk"})
        if not words(question):
            return self._no_answer(question, None, top_k, reason="no words")
        ranked = self.rank(question)
        how = "alone"
        if history:
            ranked, how = self._with_history(question, ranked, history)
        if ranked.confidence >= self.threshold and ranked.features["score"] > 0:
            return self._answer(question, ranked, top_k, how)
        return self._no_answer(question, ranked, top_k, reason=f"confidence below threshold ({how})")

    def _with_history(self, question: str, alone: Ranked, history: Sequence[str]) -> tuple[Ranked, str]:
        """Read a follow-up in the context of the previous question when it leans on it."""
        ctx = [h for h in history if isinstance(h, str) and h.strip()][-1:]
        if not ctx:
            return alone, "alone"
        toks = words(question)
        leaning = len(set(alone.query.subject_terms)) <= 2 or any(t in _ANAPHORA for t in toks)
        if not leaning and alone.confidence >= self.threshold:
            return alone, "alone"
        joint = self.rank(question, context=ctx)
        # Coverage and missing-subject features are computed on the follow-up's own words, so
        # context supplies the subject but never vouches for words the knowledge base lacks.
        if leaning and (joint.confidence >= self.threshold or alone.confidence < self.threshold):
            return joint, "with history"
        if joint.confidence > alone.confidence:
            return joint, "with history"
        return alone, "alone"

    def _answer(self, question: str, r: Ranked, top_k: int, how: str) -> Answer:
        i = int(r.order[0])
        s = self.index.sections_[i]
        concise = self.concise(i, r)
        return Answer(
            question=question, answered=True, kind="answer", answer=concise, full_answer=s.body,
            heading=s.heading, section_id=s.id, confidence=r.confidence,
            source={"document": s.document, "title": s.title, "url": s.url},
            suggestions=self._suggestions(r, top_k, skip=1),
            explain={"how": how, **{k: round(v, 4) for k, v in r.features.items()},
                     "fixes": r.query.fixes, "unknown_words": r.query.unknown},
        )

    def _no_answer(self, question: str, r: Ranked | None, top_k: int, reason: str) -> Answer:
        sugg = self._suggestions(r, top_k, skip=0) if r is not None else []
        return Answer(
            question=question, answered=False, kind="no_answer",
            answer=NO_ANSWER if sugg else NO_ANSWER_NO_SUGGESTIONS,
            confidence=r.confidence if r is not None else 0.0, suggestions=sugg,
            explain={"reason": reason, **({k: round(v, 4) for k, v in r.features.items()} if r else {}),
                     "unknown_words": r.query.unknown if r else []},
        )

    def _suggestions(self, r: Ranked, top_k: int, skip: int) -> list[Suggestion]:
        """The next-best sections, each with its own confidence-like score."""
        out = []
        top_score = float(r.score[r.order[0]]) if len(r.order) else 0.0
        for i in r.order[skip: skip + top_k]:
            sc = float(r.score[i])
            if sc <= 0:
                break
            s = self.index.sections_[int(i)]
            rel = r.confidence * sc / top_score if top_score > 0 else 0.0
            out.append(Suggestion(heading=s.heading, section_id=s.id, confidence=round(rel, 4), url=s.url))
        return out

    # ---- concise answer ------------------------------------------------------------------
    def concise(self, i: int, r: Ranked) -> str:
        """The 1-3 sentences of section i that best answer the question (at most ~400 chars)."""
        lo, hi = self.index.section_sentences(i)
        sents = self.index.sentences_of(i)
        if not sents:
            return self.index.sections_[i].body[:MAX_ANSWER_CHARS]
        scores = np.asarray(r.signals["_sent_scores"][lo:hi], dtype=float)
        # The kind of answer asked for ("how long" wants a duration) lifts sentences that hold one.
        qtext = " ".join(r.query.tokens)
        for asks, holds in _ANSWER_TYPES:
            if asks.search(qtext):
                scores = scores + np.array([0.15 if holds.search(x) else 0.0 for x in sents])
        # A sentence that asks a question ("how long does redness last?") does not answer it.
        scores = scores - np.array([0.2 if x.rstrip().endswith("?") else 0.0 for x in sents])
        # Early sentences usually state the section's point: a small bonus breaks ties toward them.
        scores = scores + 0.02 * np.exp(-np.arange(len(sents)) / 3.0)
        best = int(np.argmax(scores))
        if scores[best] < 0.05:
            best = 0
        chosen = [best]
        text = sents[best]
        # A list intro ("...: ") brings its items; a short sentence brings the next one.
        j = best + 1
        while j < len(sents) and len(chosen) < 6:
            nxt = sents[j]
            is_item = nxt.startswith("•")
            if not (text.rstrip().endswith(":") or is_item and sents[j - 1].startswith("•")
                    or len(text) < 120 and len(chosen) < 3 and scores[j] > 0.05):
                break
            if len(text) + 1 + len(nxt) > MAX_ANSWER_CHARS:
                break
            text = text + ("\n" if is_item else " ") + nxt
            chosen.append(j)
            j += 1
        return _clip(text)


_NUM = r"(?:\d+(?:\s*[-–]\s*\d+)?\+?|one|two|three|four|five|six|seven|eight|nine|ten|twelve|a few|few|several|a couple of|couple of)"
_UNIT = r"(?:minutes?|hours?|days?|weeks?|months?|years?)"
# (what the question asks for, what a sentence that answers it contains)
_ANSWER_TYPES = [
    (re.compile(r"\bhow (long|soon|quickly|fast)\b|\bwhen\b|\bhow many (minutes|hours|days|weeks|months)\b"
                r"|\buntil\b|\bstill\b|\btomorrow\b|\bnext (day|week)\b|\bby (the weekend|monday|friday)\b"),
     re.compile(rf"\b{_NUM}[\s-]*{_UNIT}\b|\b(hours?|days?|weeks?|months?)\b", re.I)),
    (re.compile(r"\bhow (often|frequently|many (sessions|treatments|times))\b|\b(next|another) (session|treatment)\b"),
     re.compile(r"\bevery\b|\bat least\b|\bsessions?\b|\bweeks?\b|\bmonths?\b|\btwice\b|\bdaily\b|\b(two|three) times\b", re.I)),
    (re.compile(r"\b(put|apply|rub|wear) on\b|\bwhat (can|should) i (use|apply|put)\b"),
     re.compile(r"^(apply|use|wear)\b|\b(you can|you could|try) (apply|use|put)\b", re.I)),
    (re.compile(r"\bwhy\b|\bwhat (affects|determines|decides|causes|influences)\b|\bdepend"),
     re.compile(r"\bbecause\b|\bdepend|\bfactors?\b|\bdue to\b|\bsuch as\b", re.I)),
]


FUZZ_CANDIDATES = 10  # sections re-ranked with rapidfuzz
RANKED = 32  # sections kept in rank order: the answer, suggestions (top_k <= 10) and some margin


def _top(score: np.ndarray, k: int) -> np.ndarray:
    """The k best sections, best first; ties broken by section order so answers are deterministic.

    argpartition instead of a full sort: the cost stays flat as the knowledge base grows.
    """
    n = len(score)
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    r = np.round(score, 6)
    if n > k:
        kth = np.partition(r, n - k)[n - k]
        above = np.flatnonzero(r > kth)
        ties = np.flatnonzero(r == kth)[: k - len(above)]
        cand = np.concatenate([above, ties])
    else:
        cand = np.arange(n)
    return cand[np.lexsort((cand, -r[cand]))][:k]


def _clip(text: str) -> str:
    if len(text) <= MAX_ANSWER_CHARS:
        return text
    cut = text[:MAX_ANSWER_CHARS]
    m = re.search(r"^(.*[.!?])\s", cut, re.S)
    return m.group(1) if m and len(m.group(1)) > 100 else cut.rsplit(" ", 1)[0] + "…"
