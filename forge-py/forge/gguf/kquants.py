"""The K-quants Q4_K, Q5_K and Q6_K: super-blocks of 256 values with quantized sub-block scales.

Decoders give ggml's dequantize_row_q{4,5,6}_K values exactly. Encoders follow quantize_row_q{4,5,6}_K_ref
(make_qkx2_quants for Q4_K/Q5_K, make_qx_quants for Q6_K), each step vectorised over every sub-block at once, in
float32 as ggml computes; nearest_int is rounding half to even, as ggml's float trick does.
"""
from __future__ import annotations

import numpy as np

from .constants import TensorType

QK_K = 256
_Q4_K = np.dtype([("d", "<f2"), ("dmin", "<f2"), ("scales", "u1", (12,)), ("qs", "u1", (128,))])
_Q5_K = np.dtype([("d", "<f2"), ("dmin", "<f2"), ("scales", "u1", (12,)), ("qh", "u1", (32,)), ("qs", "u1", (128,))])
_Q6_K = np.dtype([("ql", "u1", (128,)), ("qh", "u1", (64,)), ("scales", "i1", (16,)), ("d", "<f2")])
F32 = np.float32


# ---- the 6-bit scales and mins of Q4_K/Q5_K, packed in 12 bytes ----------------------------------------------

def _unpack_scales(s: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(nb, 12) → scales and mins (nb, 8), as ggml's get_scale_min_k4."""
    s = s.astype(np.uint8)
    sc = np.empty((len(s), 8), np.uint8)
    m = np.empty((len(s), 8), np.uint8)
    sc[:, :4] = s[:, 0:4] & 63
    m[:, :4] = s[:, 4:8] & 63
    sc[:, 4:] = (s[:, 8:12] & 0x0F) | ((s[:, 0:4] >> 6) << 4)
    m[:, 4:] = (s[:, 8:12] >> 4) | ((s[:, 4:8] >> 6) << 4)
    return sc, m


def _pack_scales(ls: np.ndarray, lm: np.ndarray) -> np.ndarray:
    out = np.zeros((len(ls), 12), np.uint8)
    out[:, 0:4] = ls[:, :4] | ((ls[:, 4:] >> 4) << 6)
    out[:, 4:8] = lm[:, :4] | ((lm[:, 4:] >> 4) << 6)
    out[:, 8:12] = (ls[:, 4:] & 0x0F) | ((lm[:, 4:] & 0x0F) << 4)
    return out


def _scaled(q: np.ndarray, d: np.ndarray, dmin: np.ndarray, sc: np.ndarray, m: np.ndarray) -> np.ndarray:
    """q (nb, 8, 32) → d·sc·q − dmin·m per sub-block, with ggml's float32 products: (d·sc)·q − (dmin·m)."""
    d1 = (d.astype(F32)[:, None] * sc.astype(F32))[:, :, None]
    m1 = (dmin.astype(F32)[:, None] * m.astype(F32))[:, :, None]
    return (d1 * q.astype(F32) - m1).reshape(len(q), QK_K)


def _k_levels(b: np.ndarray, five: bool) -> np.ndarray:
    """Q4_K/Q5_K blocks as uint8 (nb, bytes) → float32 levels (nb, 8, 32): sub-block 2j is byte j's low nibbles of
    its 32-byte group, 2j + 1 the high ones; Q5_K adds bit s of qh[l] as the fifth bit of sub-block s."""
    nb = len(b)
    qs = b[:, 48:] if five else b[:, 16:]
    qs = qs.reshape(nb, 4, 32)
    q = np.empty((nb, 4, 2, 32), np.uint8)
    np.bitwise_and(qs, 0x0F, out=q[:, :, 0])
    np.right_shift(qs, 4, out=q[:, :, 1])
    q = q.reshape(nb, 8, 32)
    if five:
        q |= ((b[:, None, 16:48] >> np.arange(8, dtype=np.uint8)[None, :, None]) & 1) << 4
    return q.astype(F32)


def _decode_q45_k(raw, nb: int, five: bool) -> np.ndarray:
    b = np.frombuffer(raw, dtype=np.uint8, count=nb * (176 if five else 144)).reshape(nb, -1)
    d = b[:, 0:4].copy().view("<f2").astype(F32)  # d, dmin
    sc, m = _unpack_scales(b[:, 4:16])
    q = _k_levels(b, five)
    # ggml's products: (d·sc)·q − (dmin·m).
    q *= (d[:, 0:1] * sc.astype(F32))[:, :, None]
    q -= (d[:, 1:2] * m.astype(F32))[:, :, None]
    return q.reshape(nb, QK_K)


def decode_q4_k(raw, nb: int) -> np.ndarray:
    return _decode_q45_k(raw, nb, five=False)


def decode_q5_k(raw, nb: int) -> np.ndarray:
    return _decode_q45_k(raw, nb, five=True)


def decode_q6_k(raw, nb: int) -> np.ndarray:
    b = np.frombuffer(raw, dtype=np.uint8, count=nb * 210).reshape(nb, 210)
    ql = b[:, :128].reshape(nb, 2, 64)
    qh = b[:, 128:192].reshape(nb, 2, 32)
    q = np.empty((nb, 2, 4, 32), np.uint8)  # (half, group, 32)
    np.bitwise_and(ql[:, :, :32], 0x0F, out=q[:, :, 0])
    np.bitwise_and(ql[:, :, 32:], 0x0F, out=q[:, :, 1])
    np.right_shift(ql[:, :, :32], 4, out=q[:, :, 2])
    np.right_shift(ql[:, :, 32:], 4, out=q[:, :, 3])
    for g in range(4):
        q[:, :, g] |= ((qh >> (2 * g)) & 3) << 4
    out = q.view(np.int8).astype(F32)
    out -= F32(32)
    sc = b[:, 192:208].view(np.int8).astype(F32).reshape(nb, 2, 4, 2, 1)  # scale index 8·half + 2·group + l // 16
    d = b[:, 208:210].copy().view("<f2").astype(F32).reshape(nb, 1, 1, 1, 1)
    out = out.reshape(nb, 2, 4, 2, 16)
    out *= d * sc
    return out.reshape(nb, QK_K)


DECODERS = {TensorType.Q4_K: decode_q4_k, TensorType.Q5_K: decode_q5_k, TensorType.Q6_K: decode_q6_k}


# ---- the reference quantizers --------------------------------------------------------------------------------

def nearest_int(v: np.ndarray) -> np.ndarray:
    return np.rint(v).astype(np.int32)


def make_qkx2_quants(x: np.ndarray, w: np.ndarray, nmax: int, rmin: float, rdelta: float,
                     nstep: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Rows of x (g, n) with weights w → (levels L in 0..nmax, scale, the_min) per row, so x ≈ scale·L − the_min.

    A grid of nstep+1 inverse scales is tried; each fits scale and min by weighted least squares and the one of
    least weighted squared error wins (ggml's make_qkx2_quants with use_mad = false).
    """
    lo = np.minimum(x.min(axis=1), F32(0))
    hi = x.max(axis=1)
    sum_w = w.sum(axis=1)
    sum_x = (w * x).sum(axis=1)
    flat = hi == lo
    span = np.where(flat, F32(1), hi - lo)
    iscale = F32(nmax) / span
    scale = F32(1) / iscale
    L = np.clip(nearest_int(iscale[:, None] * (x - lo[:, None])), 0, nmax)
    best = (w * np.square(scale[:, None] * L + lo[:, None] - x)).sum(axis=1)
    mn = lo.copy()
    for step in range(nstep + 1):
        # ggml divides by max − min with the min of the best fit so far, not the first one.
        cur = hi - mn
        iscale = (F32(rmin) + F32(rdelta) * F32(step) + F32(nmax)) / np.where(cur > 0, cur, F32(1))
        la = np.clip(nearest_int(iscale[:, None] * (x - mn[:, None])), 0, nmax)
        lf = la.astype(F32)
        sum_l = (w * lf).sum(axis=1)
        sum_l2 = (w * lf * lf).sum(axis=1)
        sum_xl = (w * lf * x).sum(axis=1)
        D = sum_w * sum_l2 - sum_l * sum_l
        ok = D > 0
        safe_d = np.where(ok, D, F32(1))
        this_scale = (sum_w * sum_xl - sum_x * sum_l) / safe_d
        this_min = (sum_l2 * sum_x - sum_l * sum_xl) / safe_d
        positive = this_min > 0
        this_min = np.where(positive, F32(0), this_min)
        this_scale = np.where(positive, sum_xl / np.where(sum_l2 > 0, sum_l2, F32(1)), this_scale)
        err = (w * np.square(this_scale[:, None] * lf + this_min[:, None] - x)).sum(axis=1)
        better = ok & (err < best)
        L = np.where(better[:, None], la, L)
        best = np.where(better, err, best)
        scale = np.where(better, this_scale, scale)
        mn = np.where(better, this_min, mn)
    L = np.where(flat[:, None], 0, L)
    scale = np.where(flat, F32(0), scale)
    return L, scale.astype(F32), (-mn).astype(F32)


def make_qx_quants(x: np.ndarray, nmax: int) -> tuple[np.ndarray, np.ndarray]:
    """Rows of x (g, n) → (levels L in 0..2·nmax−1, scale) per row for signed levels −nmax..nmax−1 (make_qx_quants,
    rmse_type 1: weights x², 19 candidate inverse scales around −nmax/max, the best weighted least-squares fit)."""
    mx = np.take_along_axis(x, np.argmax(np.abs(x), axis=1)[:, None], axis=1)[:, 0]
    zero = np.abs(mx) < F32(1e-15)
    mx = np.where(zero, F32(1), mx)
    w = x * x

    def fit(iscale: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        levels = np.clip(nearest_int(iscale[:, None] * x), -nmax, nmax - 1)
        lf = levels.astype(F32)
        return levels, (w * x * lf).sum(axis=1), (w * lf * lf).sum(axis=1)

    L, sumlx, suml2 = fit(F32(-nmax) / mx)
    scale = np.where(suml2 > 0, sumlx / np.where(suml2 > 0, suml2, F32(1)), F32(0))
    best = scale * sumlx
    for step in range(-9, 10):
        if step == 0:
            continue
        levels, slx, sl2 = fit(-(F32(nmax) + F32(0.1) * F32(step)) / mx)
        better = (sl2 > 0) & (slx * slx > best * sl2)
        L = np.where(better[:, None], levels, L)
        scale = np.where(better, slx / np.where(sl2 > 0, sl2, F32(1)), scale)
        best = np.where(better, scale * slx, best)
    return np.where(zero[:, None], 0, L + nmax), np.where(zero, F32(0), scale).astype(F32)


def _encode_q45_k(x: np.ndarray, nmax: int, rmin: float, nstep: int, five: bool) -> bytes:
    nb = len(x)
    sub = x.reshape(nb * 8, 32)
    av_x = np.sqrt((sub * sub).sum(axis=1) / F32(32))
    weights = av_x[:, None] + np.abs(sub)
    first, scales, mins = make_qkx2_quants(sub, weights, nmax, rmin, 0.1, nstep)
    scales, mins = scales.reshape(nb, 8), mins.reshape(nb, 8)
    max_scale, max_min = scales.max(axis=1), mins.max(axis=1)
    inv_scale = np.where(max_scale > 0, F32(63) / np.where(max_scale > 0, max_scale, F32(1)), F32(0))
    inv_min = np.where(max_min > 0, F32(63) / np.where(max_min > 0, max_min, F32(1)), F32(0))
    ls = np.minimum(63, nearest_int(inv_scale[:, None] * scales).astype(np.uint8))
    lm = np.minimum(63, nearest_int(inv_min[:, None] * mins).astype(np.uint8))
    blocks = np.zeros(nb, dtype=_Q5_K if five else _Q4_K)
    blocks["scales"] = _pack_scales(ls, lm)
    blocks["d"] = (max_scale / F32(63)).astype("<f2")
    blocks["dmin"] = (max_min / F32(63)).astype("<f2")
    # Requantize with the scales as stored (f16 d and dmin times the 6-bit sub-block scales).
    sc, m = _unpack_scales(blocks["scales"])
    d = blocks["d"].astype(F32)[:, None] * sc.astype(F32)
    dm = blocks["dmin"].astype(F32)[:, None] * m.astype(F32)
    xs = x.reshape(nb, 8, 32)
    L = np.clip(nearest_int((xs + dm[:, :, None]) / np.where(d > 0, d, F32(1))[:, :, None]), 0, nmax)
    # A sub-block whose stored scale is 0 keeps the levels of the first fit, as ggml's `continue` leaves them.
    L = np.where((d > 0)[:, :, None], L, first.reshape(nb, 8, 32)).astype(np.uint8)
    L = L.reshape(nb, 4, 2, 32)
    blocks["qs"] = ((L[:, :, 0] & 0x0F) | ((L[:, :, 1] & 0x0F) << 4)).reshape(nb, 128)
    if five:
        high = (L.reshape(nb, 8, 32) >> 4) & 1
        blocks["qh"] = (high << np.arange(8, dtype=np.uint8)[None, :, None]).sum(axis=1, dtype=np.uint8)
    return blocks.tobytes()


def encode_q4_k(x: np.ndarray) -> bytes:
    return _encode_q45_k(x, 15, -1.0, 20, five=False)


def encode_q5_k(x: np.ndarray) -> bytes:
    return _encode_q45_k(x, 31, -0.5, 15, five=True)


def encode_q6_k(x: np.ndarray) -> bytes:
    nb = len(x)
    first, scales = make_qx_quants(x.reshape(nb * 16, 16), 32)
    scales = scales.reshape(nb, 16)
    max_scale = np.take_along_axis(scales, np.argmax(np.abs(scales), axis=1)[:, None], axis=1)[:, 0]
    zero = np.abs(max_scale) < F32(1e-15)
    iscale = F32(-128) / np.where(zero, F32(1), max_scale)
    blocks = np.zeros(nb, dtype=_Q6_K)
    blocks["d"] = np.where(zero, F32(0), F32(1) / iscale).astype("<f2")
    sc8 = np.minimum(127, nearest_int(iscale[:, None] * scales)).astype(np.int8)
    blocks["scales"] = np.where(zero[:, None], 0, sc8)
    d = blocks["d"].astype(F32)[:, None] * blocks["scales"].astype(F32)
    xs = x.reshape(nb, 16, 16)
    L = np.clip(nearest_int(xs / np.where(d != 0, d, F32(1))[:, :, None]), -32, 31) + 32
    L = np.where((d != 0)[:, :, None], L, first.reshape(nb, 16, 16)).astype(np.uint8)  # as ggml's `continue` leaves them
    L = np.where(zero[:, None, None], 0, L).reshape(nb, 2, 4, 32)  # an all-zero block is all zero bytes
    q1, q2, q3, q4 = L[:, :, 0], L[:, :, 1], L[:, :, 2], L[:, :, 3]
    blocks["ql"] = np.concatenate([(q1 & 0x0F) | ((q3 & 0x0F) << 4), (q2 & 0x0F) | ((q4 & 0x0F) << 4)], axis=2).reshape(nb, 128)
    blocks["qh"] = ((q1 >> 4) | ((q2 >> 4) << 2) | ((q3 >> 4) << 4) | ((q4 >> 4) << 6)).reshape(nb, 64)
    return blocks.tobytes()


ENCODERS = {TensorType.Q4_K: encode_q4_k, TensorType.Q5_K: encode_q5_k, TensorType.Q6_K: encode_q6_k}
