"""Every architecture × storage type the forge reads, against the real llama.cpp (node-llama-cpp 3.22, CPU, F32 K/V,
no flash attention), on generated models: scaled-down shapes of each family, random weights, a real tokenizer of the
family's kind, quantized by forge-py's reference quantizers and loaded by both.

Why the tolerances are what they are. The forge decodes every weight to exactly ggml's dequantized values (float32,
same products) and trains in float32. llama.cpp's CPU matmul does not multiply float32 activations by them: it first
rounds the activations to the weight type's "vec_dot" type (Q8_0 blocks of 32 with an f16 scale for Q4_0/Q8_0, Q8_K
blocks of 256 for the K-quants, F16 for F16, BF16 for BF16), and Gemma's GELU reads an f16 table. So:

1. The forge's own forward pass (what training sees) differs from llama.cpp by that activation rounding, no more.
   `PLAIN` bounds it per type at about 1.5× the largest gap measured: 8-bit rounding of every matmul's input for the
   quantized types (up to 0.51 on logits of magnitude 15-60), F16's 11-bit (up to 0.012) and BF16's 8-bit (up to
   0.11) rounding; F32 float32 accumulation order (1.7e-5).
2. With that rounding emulated (tests/dot_emulation.py), the quantized types agree to float32 accumulation noise
   (~1e-5 on logits of magnitude 15-60): proof that the weights decode bit-for-bit as llama.cpp decodes them. Rarely an activation sits within
   float noise of a rounding boundary and rounds the other way in llama.cpp; from there on the two are apart by what
   activation rounding does (a cascade: the changed value moves later activations, and later positions through
   attention, across their own boundaries; a position before it is untouched). So every model stays within `PLAIN`,
   and for each type the positions before the first flip, summed over the six architectures, agree within 1e-4 at
   a third or more of all positions (a sixth for BF16); a wrong decoding agrees nowhere.
3. The 1e-4 is far below what quantizing does to llama.cpp's own logits (against the F32 model's: 0.17-0.46 for
   Q8_0, 0.06-0.16 for BF16, 1-7 for the 4- to 6-bit types): a weight decoded one level off would fail it.
"""
import os
import tempfile
import unittest

import numpy as np

from forge.gguf.constants import TensorType as T
from forge.model.llama import Llama
from forge.model.synthetic import FLAVOURS, write_synthetic
from tests.dot_emulation import like_llama_cpp
from tests.llama_reference import llama_cpp_batch

TYPES = (T.F32, T.F16, T.BF16, T.Q8_0, T.Q4_0, T.Q4_K, T.Q5_K, T.Q6_K)
# F16 is left out of the exact check: its 11-bit activation rounding flips within the first position or two (its
# decoding is IEEE's, numpy's own); BF16's 8-bit rounding flips as often as the quantized types' (8-bit) do.
EXACT_TYPES = (T.BF16, T.Q8_0, T.Q4_0, T.Q4_K, T.Q5_K, T.Q6_K)
PLAIN = {T.F32: 5e-5, T.F16: 0.03, T.BF16: 0.15, T.Q8_0: 0.8, T.Q4_0: 0.8, T.Q4_K: 0.8, T.Q5_K: 0.8, T.Q6_K: 0.8}
# Gemma's GELU goes through llama.cpp's f16 table, which the float32 forward does not: F32 logits differ by ~2e-3.
PLAIN_GEMMA_F32 = 5e-3
TOKENS = 12
EXACT = 1e-4  # float32 accumulation noise on logits of magnitude ~15-60


class ArchitectureLogitsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls) -> None:
        cls.tmp = tempfile.TemporaryDirectory()
        rng = np.random.default_rng(7)
        cls.cases: list[tuple[str, T, str, list[int]]] = []
        jobs = []
        for flavour in FLAVOURS:
            tokens = None
            for t in TYPES:
                path = os.path.join(cls.tmp.name, f"{flavour}-{t.name}.gguf")
                config, _ = write_synthetic(path, flavour, t, seed=3)
                if tokens is None:
                    tokens = [int(x) for x in rng.integers(0, config.vocab_size, TOKENS)]
                cls.cases.append((flavour, t, path, tokens))
                jobs.append({"model": path, "tokens": tokens})
        answers = llama_cpp_batch(jobs)
        cls.reference = {(f, t): a["logits"] for (f, t, _, _), a in zip(cls.cases, answers)}

    @classmethod
    def tearDownClass(cls) -> None:
        cls.tmp.cleanup()

    def forge_logits(self, path: str, tokens: list[int], emulate: bool) -> np.ndarray:
        model = Llama.from_gguf(path, quantized=True)
        if emulate:
            with like_llama_cpp():
                return model.forward(np.array([tokens]))[0][0]
        return model.forward(np.array([tokens]))[0][0]

    def test_forward_pass_matches_llama_cpp_within_activation_rounding(self) -> None:
        for flavour, t, path, tokens in self.cases:
            with self.subTest(arch=flavour, type=t.name):
                ref = self.reference[(flavour, t)]
                ours = self.forge_logits(path, tokens, emulate=False)
                self.assertEqual(ours.shape, ref.shape)
                tolerance = PLAIN_GEMMA_F32 if (flavour == "gemma3" and t == T.F32) else PLAIN[t]
                self.assertLess(np.abs(ours - ref).max(), tolerance)

    def test_quantized_weights_decode_exactly_as_llama_cpp_decodes_them(self) -> None:
        agreeing: dict[T, int] = {t: 0 for t in EXACT_TYPES}
        for flavour, t, path, tokens in self.cases:
            if t not in EXACT_TYPES:
                continue
            with self.subTest(arch=flavour, type=t.name):
                ref = self.reference[(flavour, t)]
                per_position = np.abs(self.forge_logits(path, tokens, emulate=True) - ref).max(axis=1)
                self.assertLess(per_position.max(), PLAIN[t])
                # Positions before the first activation that rounded the other way agree to float32 noise.
                apart = per_position >= EXACT
                agreeing[t] += int(np.argmax(apart)) if apart.any() else len(per_position)
                # The check is sharp: quantizing moved llama.cpp's logits far more than float32 noise.
                self.assertGreater(np.abs(ref - self.reference[(flavour, T.F32)]).max(), 300 * EXACT)
        for t, positions in agreeing.items():
            total = TOKENS * len(FLAVOURS)
            # Seen: 40 to 58 of 72 for the quantized types, 33 for BF16; a wrong decoding would give 0.
            self.assertGreaterEqual(positions, total // (6 if t == T.BF16 else 3), f"{t.name}: {positions} of {total}")

if __name__ == "__main__":
    unittest.main()
