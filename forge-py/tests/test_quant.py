"""The tensor encodings people's GGUFs use: block layouts by hand, round trips within each format's precision, the
reference quantizers' choices, and the fallbacks llama-quantize makes. (Agreement with llama.cpp's own decoding
is shown on whole models in test_architectures.py.)"""
import os
import tempfile
import unittest

import numpy as np

from forge.errors import GgufError
from forge.gguf.constants import TENSOR_BLOCK, TensorType as T
from forge.gguf.kquants import _pack_scales, _unpack_scales
from forge.gguf.quant import SUPPORTED, decode, encode, storage_type, tensor_nbytes
from forge.gguf.reader import read_gguf
from forge.gguf.writer import TensorSpec, write_gguf

QUANTIZED = [t for t in SUPPORTED if TENSOR_BLOCK[t][0] > 1]

# The worst round-trip error, in units of each block's largest magnitude, each format allows: Q4_0/Q5_0 map the
# block's signed extreme to −8/−16, so the other end clips and errs by up to one step (1/8, 1/16); Q8_0 half a step
# of 1/127 plus its f16 scale's relative rounding (2^-11); Q4_1/Q5_1 half a step of max − min ≤ 2·max; the K-quants'
# searched scales and 6-bit sub-block scales cost some more. Measured maxima: 0.125, 0.066, 0.062, 0.032, 0.0042,
# 0.067, 0.033, 0.016.
STEP = {T.Q8_0: 0.5 / 127 + 2 ** -11, T.Q4_0: 1 / 8 * 1.01, T.Q4_1: 1 / 15 * 1.01,
        T.Q5_0: 1 / 16 * 1.01, T.Q5_1: 1 / 31 * 1.01, T.Q4_K: 0.5 / 15 * 2.6, T.Q5_K: 0.5 / 31 * 2.6,
        T.Q6_K: 0.5 / 32 * 1.6}


class BlockLayoutTest(unittest.TestCase):
    def test_q4_0_by_hand(self) -> None:
        # d = 0.5, byte j holds element j (low nibble) and element j + 16 (high nibble), stored minus 8.
        qs = bytes((j & 15) | ((15 - j) << 4) for j in range(16))
        raw = np.float16(0.5).tobytes() + qs
        want = [(j - 8) * 0.5 for j in range(16)] + [(15 - j - 8) * 0.5 for j in range(16)]
        np.testing.assert_array_equal(decode(T.Q4_0, raw, (32,)), np.array(want, np.float32))

    def test_q5_0_fifth_bits(self) -> None:
        # All low nibbles 0, qh bit j set for odd j: odd elements are 16 − 16 = 0, even ones 0 − 16 = −16.
        qh = sum(1 << j for j in range(1, 32, 2))
        raw = np.float16(1.0).tobytes() + int(qh).to_bytes(4, "little") + bytes(16)
        want = np.where(np.arange(32) % 2 == 1, 0.0, -16.0).astype(np.float32)
        np.testing.assert_array_equal(decode(T.Q5_0, raw, (32,)), want)

    def test_q4_k_by_hand(self) -> None:
        # d = 1, dmin = 0.5; sub-block s has scale s + 1 and min s; every nibble 3.
        scales = _pack_scales(np.arange(1, 9, dtype=np.uint8)[None], np.arange(8, dtype=np.uint8)[None])
        raw = np.float16(1.0).tobytes() + np.float16(0.5).tobytes() + scales.tobytes() + bytes([0x33] * 128)
        values = decode(T.Q4_K, raw, (256,)).reshape(8, 32)
        for s in range(8):
            np.testing.assert_array_equal(values[s], np.full(32, (s + 1) * 3 - 0.5 * s, np.float32))

    def test_k_scale_packing_round_trips_six_bits(self) -> None:
        rng = np.random.default_rng(0)
        ls, lm = rng.integers(0, 64, (50, 8), dtype=np.uint8), rng.integers(0, 64, (50, 8), dtype=np.uint8)
        sc, m = _unpack_scales(_pack_scales(ls, lm))
        np.testing.assert_array_equal(sc, ls)
        np.testing.assert_array_equal(m, lm)

    def test_q6_k_by_hand(self) -> None:
        # d = 0.25, scale of sub-block i = i − 8, every 6-bit level 40 (stored value 40 − 32 = 8).
        ql = bytes([(40 & 15) | ((40 & 15) << 4)] * 128)
        qh = bytes([(40 >> 4) * 0b01010101] * 64)
        raw = ql + qh + np.arange(-8, 8, dtype=np.int8).tobytes() + np.float16(0.25).tobytes()
        values = decode(T.Q6_K, raw, (256,)).reshape(16, 16)
        for i in range(16):
            np.testing.assert_array_equal(values[i], np.full(16, 0.25 * (i - 8) * 8, np.float32))

    def test_bf16_rounds_to_nearest_even_and_keeps_nan(self) -> None:
        x = np.array([1.0, 1.0 + 2 ** -8, 1.0 + 3 * 2 ** -8, -2.5, np.inf, np.nan], np.float32)
        back = decode(T.BF16, encode(T.BF16, x), (6,))
        np.testing.assert_array_equal(back[:5], np.array([1.0, 1.0, 1.0 + 2 ** -6, -2.5, np.inf], np.float32))
        self.assertTrue(np.isnan(back[5]))

    def test_sizes_follow_ggml(self) -> None:
        self.assertEqual(tensor_nbytes(T.Q4_K, 512), 288)
        self.assertEqual(tensor_nbytes(T.Q6_K, 256), 210)
        self.assertEqual(len(encode(T.Q5_K, np.zeros(256, np.float32))), 176)
        with self.assertRaises(GgufError):
            encode(T.Q4_K, np.zeros(200, np.float32))  # not a whole super-block


class RoundTripTest(unittest.TestCase):
    def test_every_type_round_trips_within_its_precision(self) -> None:
        rng = np.random.default_rng(1)
        x = (rng.standard_normal(256 * 64) * rng.uniform(0.01, 3, 64).repeat(256)).astype(np.float32)
        for t in QUANTIZED:
            with self.subTest(type=t.name):
                block = TENSOR_BLOCK[t][0]
                back = decode(t, encode(t, x), x.shape)
                err = np.abs(back - x).reshape(-1, block).max(axis=1)
                amax = np.abs(x).reshape(-1, block).max(axis=1)
                self.assertLess((err / amax).max(), STEP[t])
        normal = x[np.abs(x) > 2 ** -14]  # F16's subnormals have less precision
        for t, rel in ((T.F16, 2 ** -11), (T.BF16, 2 ** -8)):
            back = decode(t, encode(t, normal), normal.shape)
            self.assertLessEqual((np.abs(back - normal) / np.abs(normal)).max(), rel)

    def test_k_quants_fit_better_than_plain_rounding(self) -> None:
        # The reference search (make_qkx2_quants / make_qx_quants) beats one fixed scale of the same bits.
        rng = np.random.default_rng(2)
        x = rng.standard_normal(256 * 16).astype(np.float32)
        def mse(t: T) -> float:
            return float(np.square(decode(t, encode(t, x), x.shape) - x).mean())

        self.assertLess(mse(T.Q4_K), mse(T.Q4_1))
        self.assertLess(mse(T.Q5_K), mse(T.Q5_1))
        self.assertLess(mse(T.Q6_K), mse(T.Q5_K) / 3)  # one more bit: about a quarter of the squared error

    def test_zero_and_constant_blocks(self) -> None:
        for t in QUANTIZED:
            with self.subTest(type=t.name):
                zeros = np.zeros(256, np.float32)
                np.testing.assert_array_equal(decode(t, encode(t, zeros), (256,)), zeros)
                const = np.full(256, -0.75, np.float32)
                np.testing.assert_allclose(decode(t, encode(t, const), (256,)), const, rtol=0.02)

    def test_quantized_tensors_survive_a_gguf_file(self) -> None:
        rng = np.random.default_rng(3)
        w = rng.standard_normal((8, 256)).astype(np.float32)
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "q.gguf")
            write_gguf(path, {}, [TensorSpec(t.name, w, t) for t in SUPPORTED])
            gguf = read_gguf(path)
            for t in SUPPORTED:
                self.assertEqual(gguf.tensors[t.name].type, t)
                np.testing.assert_array_equal(gguf.tensor(t.name), decode(t, encode(t, w), w.shape))
            del gguf


class StorageTypeTest(unittest.TestCase):
    def test_rows_that_are_not_whole_super_blocks_fall_back_as_llama_quantize_does(self) -> None:
        self.assertEqual(storage_type(T.Q4_K, 512), T.Q4_K)
        self.assertEqual(storage_type(T.Q4_K, 576), T.Q5_0)  # SmolLM2's width
        self.assertEqual(storage_type(T.Q6_K, 896), T.Q8_0)  # Qwen2.5-0.5B's
        self.assertEqual(storage_type(T.Q4_0, 48), T.F16)

    def test_an_unknown_type_is_named(self) -> None:
        with self.assertRaises(GgufError) as caught:
            decode(T.Q2_K, bytes(84), (256,))
        self.assertIn("Q2_K", str(caught.exception))
        self.assertIn("llama-quantize", str(caught.exception))


if __name__ == "__main__":
    unittest.main()
