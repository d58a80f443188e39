"""Every matching signal, declared once: how it is computed, how it ranks, how it feeds the confidence.

`SIGNALS` is the one table. The ranking score (bot/ranking.py), the default `Weights`, the confidence
features, bench/calibrate.py's features, signs and weight grid, and the table in docs/matching.md
are all derived from it. To add a signal: write its function (here if it is computed for every section or
the best few, in bot/best.py if for the best match only), add a row, test it, then run
`python -m bot.signals docs/matching.md` (the docs test fails until you do). A weight or coefficient
that bot/calibration.json does not hold yet falls back to the row's default (a coefficient to 0).
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Mapping

import numpy as np

from .best import (anchor, displaced, elsewhere, found, found_long, known, large_share, margin, misplaced, miss, passing,
                   replaced, score, sem_over, sem_word, specific, unaged, unarrived, unbooked, uncredited, unhoured,
                   uninvoiced, unnamed, unknown, unpaid, unparked, unpriced, unreachable, unsuited, untimed, vote, z)
from .match import Match, top_sections

# Sections re-ranked with rapidfuzz. Its weight (0.1) rarely lifts a section from below the fifth: measured on
# bench/calibrate.py's check halves (2026-12-02), 5 instead of 10 gave the same top-1 on all 8 knowledge bases
# in both modes and halved the fuzzy matching, a quarter of a lexical question's time.
FUZZ_CANDIDATES = 5
LEXICAL = "lexical"  # the mode (calibration entry) of an index without sentence vectors


# ---- over every section: arrays, one value per section ---------------------------------------
def head(m: Match) -> np.ndarray:
    """Word TF-IDF cosine with the best of the heading and the alternate questions."""
    return m.best_heading("words")


def clf(m: Match) -> np.ndarray:
    """The phrasings' classifier's probability of the section (knowledge bases made of example phrasings only)."""
    p = m.classified(vectors=False)
    return np.zeros(len(m.index.sections_), dtype=np.float32) if p is None else p


def sem_clf(m: Match) -> np.ndarray:
    """The phrasings' classifier's probability of the section, from the question's sentence vector (knowledge bases
    made of example phrasings only)."""
    p = m.classified(vectors=True)
    return np.zeros(len(m.index.sections_), dtype=np.float32) if p is None else p


def body(m: Match) -> np.ndarray:
    """Word TF-IDF cosine with the whole section."""
    return m.sections("words")


def char(m: Match) -> np.ndarray:
    """Character 3-5-gram TF-IDF cosine with the best heading or alternate (typos, fragments)."""
    return m.best_heading("chars")


def cover(m: Match) -> np.ndarray:
    """Idf-weighted share of the subject terms (content words, not question words) found in the section."""
    return m.sections("subject", binary=True)


def unit(m: Match) -> np.ndarray:
    """Idf-weighted share of the subject terms found together in one heading, alternate or sentence."""
    return np.maximum(m.best_heading("subject", binary=True), m.best_sentence("subject", binary=True))


def hcover(m: Match) -> np.ndarray:
    """Idf-weighted share of the subject terms found in the heading and alternates taken together."""
    return m.headings("subject", binary=True)


def sent(m: Match) -> np.ndarray:
    """Word TF-IDF cosine with the best single sentence (an answer often sits deep in a section)."""
    return m.best_sentence("words")


def sem(m: Match) -> np.ndarray:
    """Sentence-encoder cosine with the best of the heading and the alternate questions (0 without an encoder)."""
    return m.semantic("headings")


def sem_mean(m: Match) -> np.ndarray:
    """Sentence-encoder cosine with the mean of the heading's and alternates' vectors (= `sem` without alternates)."""
    # Measured with the encoder alone (bench/calibrate.py's check queries, 2026-12-02): ranking by the mean
    # and the best together, half each, is right at top 1 for 0.833 of clinc150-intents and 0.816 of
    # banking77, against 0.787 and 0.804 by the best alone and 0.848 and 0.784 by the mean alone.
    return m.semantic("centroid")


def sem_body(m: Match) -> np.ndarray:
    """Sentence-encoder cosine with the section's heading and text (its first 256 tokens; 0 without an encoder)."""
    return m.semantic("sections")


def sem_small(m: Match) -> np.ndarray:
    """`sem_body` again on a small knowledge base, where `semz` does not count (all of it up to 25 sections, none
    from 60, log scale between); it orders the sections only and is left out of the `score` feature."""
    # Measured (bench/calibrate.py --encoder minilm --search sem_small, session 21): on the small FAQs without
    # alternates the encoder's reading of the whole entry ranks better than the words do. Top-1 of the dev
    # FAQs 0.886 -> 0.905 and of the held-out ones 0.826 -> 0.846 (top-3 0.919 -> 0.930), the article's dev
    # questions 0.931 -> 0.938. Added to the `score` feature as well, it answered more of everything (the
    # article's out-of-scope questions refused 0.84 -> 0.72 at 0.4): hence a ranking-only signal.
    n = len(m.index.sections_)
    small = 1.0 - large_share(n)
    if small == 0.0:
        return np.zeros(n, dtype=np.float32)
    return (sem_body(m) * small).astype(np.float32)


def semz(m: Match) -> np.ndarray:
    """How far the section's sentence-encoder cosine (half `sem`, half `sem_mean`) stands above the others':
    its z-score /4, clipped to [0, 1]; weighed in with the knowledge base's size (none up to 25 sections,
    all from 60) and with how high the best cosine is (none up to 0.3, all from 0.6)."""
    # Measured on 11 knowledge bases (bench/calibrate.py, 2026-12-02): leaning more on the encoder lifts
    # top-1 on every one with 77-150 entries (StackFAQ, banking77, clinc150-intents) and lowers it on
    # every one with 17-22 (the article and all seven small FAQs), where the lexical signals rank better.
    # With example phrasings, their mean (sem_mean) alongside the best one lifted top-1 over every in-scope
    # query from 0.812 to 0.828 on clinc150-intents and from 0.834 to 0.838 on banking77 (2026-12-02).
    x, n = 0.5 * (sem(m) + sem_mean(m)), len(m.index.sections_)
    share = large_share(n)
    if n < 3 or share == 0.0:
        return np.zeros(n, dtype=np.float32)
    x64 = x.astype(np.float64)
    zs = (x64 - x64.mean()) / (x64.std() + 1e-6)
    # A z-score alone would lift whichever section leads for "hello" as much as for a real paraphrase.
    level = float(np.clip((x64.max() - 0.3) / 0.3, 0.0, 1.0))
    return (np.clip(zs / 4.0, 0.0, 1.0) * share * level).astype(np.float32)


# ---- re-ranking the best few (m.score: the ranking so far) ----------------------------------
def fuzz(m: Match) -> np.ndarray:
    """rapidfuzz token-set ratio with the best heading or alternate."""
    from rapidfuzz import fuzz as rf
    from rapidfuzz import process

    out = np.zeros_like(m.score)
    best = top_sections(m.score, FUZZ_CANDIDATES)
    if not len(best):
        return out
    per_section = [m.index.heading_words(int(i)) for i in best]  # a heading, then its alternates: never empty
    texts = [t for ts in per_section for t in ts]
    sims = process.cdist([" ".join(m.query.tokens)], texts, scorer=rf.token_set_ratio, dtype=np.float32)[0].tolist()
    maxima, start = [], 0
    for ts in per_section:  # each section's best, in Python: a few values, fewer calls than numpy's reduceat
        maxima.append(max(sims[start:start + len(ts)]))
        start += len(ts)
    out[best] = np.array(maxima, dtype=np.float32) / 100.0
    return out


# ---- the table ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class Signal:
    """One signal: where it is computed, its default ranking weight, its confidence sign, what it means."""

    name: str
    compute: Callable[[Match], "np.ndarray | float"]
    over: str  # "sections": every section, before ranking; "rerank": the best few; "best": the top one
    weight: float | None = None  # default ranking weight; None: not part of the ranking score
    grid: tuple[float, ...] = ()  # ranking weights bench/calibrate.py tries
    sign: int | None = None  # a confidence feature whose coefficient is fitted >= 0 (+1) or <= 0 (-1)
    empty: float = 0.0  # the feature's value when the index has no section at all
    veto: bool = False  # a rule on the best section, not a fitted feature: 1 sets the confidence to 0
    vectors: bool = False  # reads the index's sentence vectors: 0, and not computed, on a lexical index
    order_only: bool = False  # orders the sections but is not part of the `score` feature

    @property
    def about(self) -> str:
        """What it measures: its function's docstring (one line, shown in docs/matching.md)."""
        return " ".join((self.compute.__doc__ or "").split())


SIGNALS: tuple[Signal, ...] = (
    #      name      function  computed for  weight  calibration grid   confidence sign
    Signal("head",   head,     "sections",   0.30,   (0.2, 0.3),        +1),
    Signal("body",   body,     "sections",   0.10,   (0.0, 0.1)),
    Signal("char",   char,     "sections",   0.15,   (0.05, 0.15)),
    Signal("cover",  cover,    "sections",   0.15,   (0.1, 0.2),        +1),
    Signal("unit",   unit,     "sections",   0.0,    (0.1, 0.2),        +1),
    Signal("hcover", hcover,   "sections",   0.0,    (0.0, 0.1, 0.2),   +1),
    Signal("sent",   sent,     "sections",   0.20,   (0.1, 0.2)),
    Signal("sem",    sem,      "sections",   0.30,   (0.2, 0.3, 0.5),   +1, vectors=True),
    Signal("sem_mean", sem_mean, "sections", 0.0,    (0.0, 0.15, 0.3),  vectors=True),
    Signal("sem_body", sem_body, "sections", 0.10,   (0.0, 0.1),        +1, vectors=True),
    Signal("semz",   semz,     "sections",   0.0,    (0.0, 0.3, 0.6),   vectors=True),
    Signal("sem_small", sem_small, "sections", 0.0,  (0.0, 0.1, 0.2, 0.3, 0.4), vectors=True, order_only=True),
    Signal("fuzz",   fuzz,     "rerank",     0.10,   (0.0, 0.1)),
    Signal("clf",    clf,      "sections",   0.0,    (0.0, 0.5, 1.0, 2.0), order_only=True),
    Signal("sem_clf", sem_clf, "sections",   0.0,    (0.0, 1.0, 2.0, 5.0), vectors=True, order_only=True),
    Signal("score",  score,    "best",       sign=+1),
    Signal("margin", margin,   "best",       sign=+1),
    Signal("known",  known,    "best",       sign=+1),
    Signal("unknown", unknown, "best",       sign=-1),
    Signal("miss",   miss,     "best",       sign=-1, empty=1.0),
    Signal("anchor", anchor,   "best",       sign=+1),
    Signal("found",  found,    "best",       sign=+1),
    Signal("found_long", found_long, "best", sign=+1),
    Signal("z",      z,        "best",       sign=+1),
    Signal("specific", specific, "best",     sign=+1),
    Signal("vote",   vote,     "best",       sign=+1),
    Signal("sem_word", sem_word, "best",     sign=+1, vectors=True),
    Signal("sem_over", sem_over, "best",     sign=+1, vectors=True),
    Signal("unpriced", unpriced, "best",     veto=True),
    Signal("unpaid", unpaid, "best",         veto=True),
    Signal("uninvoiced", uninvoiced, "best", veto=True),
    Signal("untimed", untimed, "best",       veto=True),
    Signal("elsewhere", elsewhere, "best",   veto=True),
    Signal("passing", passing, "best",       veto=True),
    Signal("unreachable", unreachable, "best", veto=True),
    Signal("uncredited", uncredited, "best", veto=True),
    Signal("unhoured", unhoured, "best",     veto=True),
    Signal("misplaced", misplaced, "best",   veto=True),
    Signal("displaced", displaced, "best",   veto=True),
    Signal("replaced", replaced, "best",     veto=True),
    Signal("unnamed", unnamed, "best",       veto=True),
    Signal("unaged", unaged, "best",         veto=True),
    Signal("unsuited", unsuited, "best",     veto=True),
    Signal("unarrived", unarrived, "best",   veto=True),
    Signal("unbooked", unbooked, "best",     veto=True),
    Signal("unparked", unparked, "best",     veto=True),
)

# ---- derived --------------------------------------------------------------------------------------
RANKING = tuple(s for s in SIGNALS if s.weight is not None)  # in the order their terms are summed
RANK_WEIGHTS = {s.name: s.weight for s in RANKING}
WEIGHT_GRID = {s.name: list(s.grid) for s in RANKING}
FEATURES = [s.name for s in SIGNALS if s.sign is not None]  # confidence features, in this order
VETOES = [s.name for s in SIGNALS if s.veto]  # rules on the best section: any of them at 1 means no answer
SIGNS = {s.name: s.sign for s in SIGNALS if s.sign is not None}
_OVER = {"sections": "every section", "rerank": f"the {FUZZ_CANDIDATES} best", "best": "the best section"}


def markdown_table(fitted: Mapping[str, tuple[Mapping[str, float], Mapping[str, float]]]) -> str:
    """The signal table as docs/matching.md shows it, with the fitted (weights, coefficients) of each mode."""
    names = list(fitted)
    rows = ["| signal | computed for | default weight | "
            + " | ".join(f"weight: {n}" for n in names) + " | "
            + " | ".join(f"coefficient: {n}" for n in names) + " | sign | what it measures |",
            "|---|---|---:|" + "---:|" * (2 * len(names)) + ":---:|---|"]
    for s in SIGNALS:
        unused = {mode: s.vectors and mode == LEXICAL for mode in names}  # never computed in that mode
        weights = ["–" if s.weight is None or unused[mode] else f"{rank.get(s.name, s.weight):g}"
                   for mode, (rank, _) in fitted.items()]
        coefs = ["–" if s.sign is None or unused[mode] else f"{coef.get(s.name, 0.0) + 0.0:g}"  # no "-0"
                 for mode, (_, coef) in fitted.items()]
        default = "–" if s.weight is None else f"{s.weight:g}"
        sign = "veto" if s.veto else {1: "≥ 0", -1: "≤ 0", None: "–"}[s.sign]
        over = _OVER[s.over] + (" (with an encoder)" if s.vectors else "")
        rows.append(f"| `{s.name}` | {over} | {default} | {' | '.join(weights)} | {' | '.join(coefs)} | {sign} "
                    f"| {s.about} |")
    return "\n".join(rows) + "\n"


DOC_BEGIN = "<!-- signals table: generated by `python -m bot.signals docs/matching.md`; do not edit -->\n"
DOC_END = "<!-- end of signals table -->\n"


def with_table(doc: str) -> str:
    """The document with the text between the table markers replaced by the current table."""
    from .ranking import Weights, modes, read_calibration  # the ranking imports this table

    fitted = {}
    for mode in modes(read_calibration()):
        w = Weights.load(mode)
        fitted[mode] = (w.rank, w.coef)
    start, end = doc.index(DOC_BEGIN) + len(DOC_BEGIN), doc.index(DOC_END)
    return doc[:start] + markdown_table(fitted) + doc[end:]


if __name__ == "__main__":  # python -m bot.signals docs/matching.md: rewrite the table in place
    for name in sys.argv[1:] or [str(Path(__file__).parents[1] / "docs" / "matching.md")]:
        path = Path(name)
        path.write_text(with_table(path.read_text(encoding="utf-8")), encoding="utf-8")
        print(f"wrote the signal table into {path}")
