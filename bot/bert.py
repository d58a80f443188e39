"""A torch-free BERT forward pass in numpy: Hugging Face's BertModel (eval mode) with mean pooling, as
sentence-transformers runs all-MiniLM-L6-v2, over the same safetensors weights.

Nothing here downloads anything; weights are mapped read-only from the file, so the page cache shares
them between worker processes.
"""

from __future__ import annotations

import json
import math
import os
import struct
from collections.abc import Mapping

import numpy as np
from scipy.special import erf

_INV_SQRT2 = np.float32(1 / math.sqrt(2))


def read_safetensors(path: str | os.PathLike) -> dict[str, np.ndarray]:
    """Every float32 tensor of a .safetensors file as a read-only array mapped from the file (no copy)."""
    with open(path, "rb") as fh:
        (size,) = struct.unpack("<Q", fh.read(8))
        header = json.loads(fh.read(size))
    data = np.memmap(path, dtype=np.uint8, mode="r", offset=8 + size)
    tensors = {}
    for name, info in header.items():
        if name == "__metadata__" or info["dtype"] in ("I64", "I32"):
            continue  # position_ids (I64) is a constant 0..511; we compute it
        if info["dtype"] != "F32":
            raise ValueError(f"{path}: tensor {name} is {info['dtype']}; this runtime reads float32 only")
        start, end = info["data_offsets"]
        # a plain ndarray view: np.memmap's Python-level hooks would run on every operation's result
        tensors[name] = data[start:end].view(np.ndarray).view("<f4").reshape(info["shape"])
    return tensors


def _layer_norm_(x: np.ndarray, weight: np.ndarray, bias: np.ndarray, eps: float) -> np.ndarray:
    """torch.nn.LayerNorm (biased variance) over the features of a (features, rows) array, in place."""
    x -= x.mean(axis=0)
    var = np.einsum("ij,ij->j", x, x)  # sum of squares without a squared temporary
    var /= x.shape[0]
    var += eps
    x /= np.sqrt(var, out=var)
    x *= weight
    x += bias
    return x


# Abramowitz & Stegun 7.1.26: |error| < 1.5e-7 (6e-7 in float32 arithmetic), 3x faster than scipy's erf
_AS_P = np.float32(0.3275911)
_AS_A = [np.float32(a) for a in (1.061405429, -1.453152027, 1.421413741, -0.284496736, 0.254829592)]


def fast_erf(x: np.ndarray) -> np.ndarray:
    """erf of a float32 array to within 1e-6 (Abramowitz & Stegun 7.1.26), without scipy's per-element cost."""
    a = np.abs(x)
    t = a * _AS_P
    t += 1
    np.reciprocal(t, out=t)
    y = t * _AS_A[0]
    for c in _AS_A[1:]:  # Horner, in place: every temporary is another pass over memory
        y += c
        y *= t
    np.multiply(a, a, out=a)
    np.negative(a, out=a)
    np.exp(a, out=a)
    y *= a
    np.subtract(1, y, out=y)
    return np.copysign(y, x, out=y)


_GELU_CHUNK = 96 * 1024  # float32 elements (384 KB): a chunk's temporaries stay in the L2 cache


def gelu_(x: np.ndarray, exact: bool = False) -> np.ndarray:
    """Hugging Face's "gelu", x * Phi(x) with erf (not the tanh approximation), in place on a 2-D array.

    exact=True takes scipy's erf (float64 inside, 2-3x slower); the default polynomial differs by < 1e-6.
    """
    rows = max(1, _GELU_CHUNK // max(1, x.shape[1]))
    for i in range(0, x.shape[0], rows):
        chunk = x[i:i + rows]
        u = chunk * _INV_SQRT2
        u = erf(u, out=u) if exact else fast_erf(u)
        u += 1
        u *= 0.5
        chunk *= u
    return x


def gelu(x: np.ndarray, exact: bool = False) -> np.ndarray:
    """gelu_ on a copy, for any shape."""
    out = np.array(x, dtype=np.float32)
    gelu_(out.reshape(-1, out.shape[-1]) if out.ndim > 1 else out.reshape(1, -1), exact)
    return out


class Bert:
    """BertModel's encoder over a dict of weights named as in Hugging Face checkpoints; call it on token ids.

    Activations are kept feature-major, (hidden, tokens of all texts): a linear layer is then W @ x with W as
    stored, (out, in), which OpenBLAS runs about a third faster than x @ W.T when there are few tokens (one
    question), and as fast for a batch.
    """

    def __init__(self, weights: Mapping[str, np.ndarray], *, layers: int, heads: int, eps: float = 1e-12,
                 exact_erf: bool = False):
        self.heads = heads
        self.exact_erf = exact_erf
        self.eps = eps
        w = weights

        def norm(prefix):  # LayerNorm scale and shift as columns, to broadcast over (features, rows)
            return w[prefix + ".weight"].reshape(-1, 1), w[prefix + ".bias"].reshape(-1, 1)

        def linear(prefix):  # the (out, in) matrix as stored, and the bias as a column
            return w[prefix + ".weight"], w[prefix + ".bias"].reshape(-1, 1)

        self.word = w["embeddings.word_embeddings.weight"]
        self.position = w["embeddings.position_embeddings.weight"]
        self.token_type0 = np.asarray(w["embeddings.token_type_embeddings.weight"][0])
        self.emb_norm = norm("embeddings.LayerNorm")
        self.layers = []
        for i in range(layers):
            p = f"encoder.layer.{i}."
            att = p + "attention."
            # query/key/value stacked into one (3*hidden, hidden) matrix: one matmul instead of three
            qkv = np.concatenate([w[att + f"self.{n}.weight"] for n in ("query", "key", "value")])
            qkv_b = np.concatenate([w[att + f"self.{n}.bias"] for n in ("query", "key", "value")]).reshape(-1, 1)
            self.layers.append((
                qkv, qkv_b, *linear(att + "output.dense"), norm(att + "output.LayerNorm"),
                *linear(p + "intermediate.dense"), *linear(p + "output.dense"), norm(p + "output.LayerNorm"),
            ))

    @property
    def max_positions(self) -> int:
        """How many tokens a sequence can hold."""
        return self.position.shape[0]

    def __call__(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        """Last hidden states (batch, tokens, hidden) for token ids and their 0/1 attention mask (batch, tokens)."""
        batch, tokens = ids.shape
        x = self.word[ids] + self.position[:tokens] + self.token_type0
        hidden = x.shape[-1]
        rows = batch * tokens  # every token of every text: each linear layer is one 2-D matmul
        x = _layer_norm_(np.ascontiguousarray(x.reshape(rows, hidden).T), *self.emb_norm, self.eps)
        head_dim = hidden // self.heads
        scale = np.float32(1 / math.sqrt(head_dim))
        # padded keys get a huge negative score, so exp() gives them exactly 0 weight as in transformers
        # (its float32 minimum would overflow to -inf in the addition and warn)
        bias = np.where(mask[:, None, None, :] > 0, np.float32(0), np.float32(-1e30))
        for qkv, qkv_b, wo, bo, norm1, wi, bi, wo2, bo2, norm2 in self.layers:
            proj = qkv @ x
            proj += qkv_b
            proj = proj.reshape(3, self.heads, head_dim, batch, tokens)
            q = proj[0].transpose(2, 0, 3, 1)  # (batch, heads, tokens, head_dim)
            k = proj[1].transpose(2, 0, 1, 3)  # (batch, heads, head_dim, tokens)
            v = proj[2].transpose(2, 0, 3, 1)
            scores = q @ k
            scores *= scale
            scores += bias
            scores -= scores.max(axis=-1, keepdims=True)
            np.exp(scores, out=scores)
            scores /= scores.sum(axis=-1, keepdims=True)
            context = (scores @ v).transpose(1, 3, 0, 2).reshape(hidden, rows)
            h = wo @ context
            h += bo
            h += x
            x = _layer_norm_(h, *norm1, self.eps)
            h = wi @ x
            h += bi
            h = wo2 @ gelu_(h, self.exact_erf)
            h += bo2
            h += x
            x = _layer_norm_(h, *norm2, self.eps)
        return x.reshape(hidden, batch, tokens).transpose(1, 2, 0)


def mean_pool(hidden: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """Mean of the token vectors under the mask, L2-normalised, as sentence-transformers' Pooling + Normalize."""
    m = mask[:, :, None].astype(np.float32)
    summed = (hidden * m).sum(axis=1)
    pooled = summed / np.maximum(m.sum(axis=1), np.float32(1e-9))
    norm = np.linalg.norm(pooled, axis=1, keepdims=True)
    return (pooled / np.maximum(norm, np.float32(1e-12))).astype(np.float32)
