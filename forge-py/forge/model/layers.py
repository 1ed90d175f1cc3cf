"""The layers of a llama block, each a forward that returns a cache and a backward that consumes it.

Shapes: activations are (N, D) rows (batch and time flattened) except attention, which needs (B, T, …).
Every function works in the dtype of its inputs, so gradient checks can run in float64.
"""
from __future__ import annotations

import numpy as np


# ---- RMSNorm: y = x / sqrt(mean(x²) + eps) · w -------------------------------------------------------------

def rmsnorm_forward(x: np.ndarray, w: np.ndarray, eps: float) -> tuple[np.ndarray, tuple]:
    r = 1.0 / np.sqrt(np.mean(x * x, axis=-1, keepdims=True) + x.dtype.type(eps))
    xr = x * r
    return xr * w, (xr, r, w)


def rmsnorm_backward(dy: np.ndarray, cache: tuple) -> tuple[np.ndarray, np.ndarray]:
    xr, r, w = cache
    dw = np.sum((dy * xr).reshape(-1, xr.shape[-1]), axis=0)
    g = dy * w
    dx = r * (g - xr * np.mean(g * xr, axis=-1, keepdims=True))
    return dx, dw


# ---- RoPE, llama.cpp's "normal" mode: adjacent pairs (x[2i], x[2i+1]) rotate by pos·base^(-2i/n_rot) ------

def rope_tables(n_pos: int, n_rot: int, base: float, dtype: np.dtype) -> tuple[np.ndarray, np.ndarray]:
    inv_freq = base ** (-np.arange(0, n_rot, 2, dtype=np.float64) / n_rot)
    angles = np.arange(n_pos, dtype=np.float64)[:, None] * inv_freq[None, :]
    return np.cos(angles).astype(dtype), np.sin(angles).astype(dtype)


def rope_tables_scaled(n_pos: int, n_rot: int, base: float, dtype: np.dtype, scale: float = 1.0,
                       factors: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """As rope_tables, with linear scaling (positions × `scale`) and per-pair frequency divisors (`rope_freqs`)."""
    inv_freq = base ** (-np.arange(0, n_rot, 2, dtype=np.float64) / n_rot)
    if factors is not None:
        inv_freq = inv_freq / np.asarray(factors, dtype=np.float64)[: len(inv_freq)]
    angles = (np.arange(n_pos, dtype=np.float64) * scale)[:, None] * inv_freq[None, :]
    return np.cos(angles).astype(dtype), np.sin(angles).astype(dtype)


def rope_forward(x: np.ndarray, cos: np.ndarray, sin: np.ndarray, neox: bool = False) -> np.ndarray:
    """x: (B, T, H, head_dim); cos/sin: (T, n_rot/2). Dimensions past n_rot pass through unchanged.

    Normal mode rotates adjacent pairs (x[2i], x[2i+1]); NEOX mode (Qwen, Gemma) rotates (x[i], x[i + n_rot/2]).
    """
    half = cos.shape[-1]
    n_rot = half * 2
    out = x.copy()
    c = cos[None, :, None, :]
    s = sin[None, :, None, :]
    if neox:
        xe, xo = x[..., 0:half], x[..., half:n_rot]
        out[..., 0:half] = xe * c - xo * s
        out[..., half:n_rot] = xe * s + xo * c
        return out
    xe = x[..., 0:n_rot:2]
    xo = x[..., 1:n_rot:2]
    out[..., 0:n_rot:2] = xe * c - xo * s
    out[..., 1:n_rot:2] = xe * s + xo * c
    return out


def rope_backward(dy: np.ndarray, cos: np.ndarray, sin: np.ndarray, neox: bool = False) -> np.ndarray:
    # A rotation's transpose is the rotation by the opposite angle.
    return rope_forward(dy, cos, -sin, neox)


# ---- Grouped-query causal attention --------------------------------------------------------------------------

def attention_forward(q: np.ndarray, k: np.ndarray, v: np.ndarray, scale: float | None = None,
                      window: int = 0) -> tuple[np.ndarray, tuple]:
    """q: (B, T, H, hd); k, v: (B, T, Hkv, hd). Query head h reads KV head h // (H / Hkv).

    `scale` multiplies the scores (default 1/sqrt(hd)); `window` > 0 lets position i see only positions j with
    i − j < window (llama.cpp's standard sliding window).

    The `group` query heads sharing one KV head are stacked along time, so one matmul per KV head
    serves them all without copying K and V. Operands are made contiguous first: numpy's batched matmul
    on arbitrarily strided stacks falls off BLAS and runs several times slower.
    """
    B, T, H, hd = q.shape
    Hkv = k.shape[2]
    g = H // Hkv
    qg = np.ascontiguousarray(q.transpose(0, 2, 1, 3)).reshape(B, Hkv, g * T, hd)
    kc = np.ascontiguousarray(k.transpose(0, 2, 1, 3))  # (B, Hkv, T, hd)
    vc = np.ascontiguousarray(v.transpose(0, 2, 1, 3))  # (B, Hkv, T, hd)
    scale = q.dtype.type(1.0 / np.sqrt(hd) if scale is None else scale)
    scores = qg @ kc.transpose(0, 1, 3, 2)  # (B, Hkv, g*T, T)
    scores *= scale
    s5 = scores.reshape(B, Hkv, g, T, T)
    s5 += _causal_bias(T, q.dtype, window)
    scores -= scores.max(axis=-1, keepdims=True)
    p = np.exp(scores, out=scores)
    p /= p.sum(axis=-1, keepdims=True)
    out = p @ vc  # (B, Hkv, g*T, hd)
    y = out.reshape(B, H, T, hd).transpose(0, 2, 1, 3)
    return y, (qg, kc, vc, p, scale, (B, T, H, Hkv, hd))


_BIAS: dict[tuple[int, str, int], np.ndarray] = {}


def _causal_bias(T: int, dtype: np.dtype, window: int = 0) -> np.ndarray:
    key = (T, np.dtype(dtype).str, window)
    bias = _BIAS.get(key)
    if bias is None:
        masked = np.triu(np.ones((T, T), dtype=bool), 1)
        if window > 0:
            masked |= np.tril(np.ones((T, T), dtype=bool), -window)
        bias = np.where(masked, -np.inf, 0.0).astype(dtype)
        _BIAS[key] = bias
    return bias


def attention_backward(dy: np.ndarray, cache: tuple) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    qg, kc, vc, p, scale, (B, T, H, Hkv, hd) = cache
    g = H // Hkv
    dout = np.ascontiguousarray(dy.transpose(0, 2, 1, 3)).reshape(B, Hkv, g * T, hd)
    dv = p.transpose(0, 1, 3, 2) @ dout  # (B, Hkv, T, hd)
    dp = dout @ vc.transpose(0, 1, 3, 2)  # (B, Hkv, g*T, T)
    dp -= np.sum(dp * p, axis=-1, keepdims=True)
    dp *= p
    dp *= scale
    ds = dp
    dq = ds @ kc  # (B, Hkv, g*T, hd)
    dk = ds.transpose(0, 1, 3, 2) @ qg  # (B, Hkv, T, hd)
    dq = dq.reshape(B, H, T, hd).transpose(0, 2, 1, 3)
    return dq, dk.transpose(0, 2, 1, 3), dv.transpose(0, 2, 1, 3)


# ---- SwiGLU: a = silu(gate) · up -----------------------------------------------------------------------------

def swiglu_forward(gate: np.ndarray, up: np.ndarray) -> tuple[np.ndarray, tuple]:
    sig = 1.0 / (1.0 + np.exp(-gate))
    silu = gate * sig
    return silu * up, (gate, up, sig, silu)


def swiglu_backward(da: np.ndarray, cache: tuple) -> tuple[np.ndarray, np.ndarray]:
    gate, up, sig, silu = cache
    dup = da * silu
    dgate = da * up * (sig * (1.0 + gate * (1.0 - sig)))
    return dgate, dup


# ---- GEGLU (Gemma): a = gelu(gate) · up, GELU's tanh approximation as ggml computes it ----------------------

_GELU_C = float(np.sqrt(2.0 / np.pi))


def geglu_forward(gate: np.ndarray, up: np.ndarray) -> tuple[np.ndarray, tuple]:
    inner = gate.dtype.type(_GELU_C) * (gate + gate.dtype.type(0.044715) * gate * gate * gate)
    t = np.tanh(inner)
    gelu = gate.dtype.type(0.5) * gate * (1.0 + t)
    return gelu * up, (gate, up, t, gelu)


def geglu_backward(da: np.ndarray, cache: tuple) -> tuple[np.ndarray, np.ndarray]:
    gate, up, t, gelu = cache
    dgelu = 0.5 * (1.0 + t) + 0.5 * gate * (1.0 - t * t) * _GELU_C * (1.0 + 3 * 0.044715 * gate * gate)
    return da * up * dgelu.astype(gate.dtype), da * gelu


# ---- Masked next-token cross entropy -------------------------------------------------------------------------

def cross_entropy_forward(logits: np.ndarray, targets: np.ndarray, weights: np.ndarray) -> tuple[float, tuple]:
    """logits: (N, V); targets: (N,); weights: (N,) 0/1 loss mask. Mean over weighted positions."""
    # One array beside the logits, worked in place (shifted → exp → probabilities): with a 49152-token vocabulary
    # these are the largest arrays of a training step. The values are those of the out-of-place formulas.
    probs = logits - logits.max(axis=-1, keepdims=True)
    picked = probs[np.arange(len(targets)), targets]
    np.exp(probs, out=probs)
    total = probs.sum(axis=-1, keepdims=True)
    logp = picked - np.log(total[:, 0])
    denom = max(float(weights.sum()), 1.0)
    loss = float(-(logp * weights).sum() / denom)
    probs /= total
    return loss, (probs, targets, weights, denom)


def cross_entropy_backward(cache: tuple) -> np.ndarray:
    probs, targets, weights, denom = cache
    d = probs
    d[np.arange(len(targets)), targets] -= 1.0
    d *= (weights / denom)[:, None].astype(d.dtype)
    return d
