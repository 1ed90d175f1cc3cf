"""Finite-difference checks (float64) of the backward pass of every architecture (llama with rope_freqs, qwen2's
biases, qwen3's q/k norms and wide q, gemma3's post norms, GELU, embedding scale, sliding window and linear RoPE
scaling), and of LoRA gradients through a frozen base kept quantized (Q4_K, Q6_K, Q8_0) and dequantized band by band."""
import os
import tempfile
import unittest

import numpy as np

from forge.errors import ModelError
from forge.gguf.constants import TensorType as T
from forge.model import layers as L
from forge.model.llama import Llama
from forge.model.lora import LORA_TARGETS, LoraWeights, lora_base_names
from forge.model.synthetic import FLAVOURS, flavour_config, random_params, write_synthetic
from forge.model.weights import QuantizedMatrix
from tests.test_gradients import numeric_grad

# Small enough for finite differences; gemma3's window (4) is shorter than the sequence, so it masks.
TINY = dict(n_embd=8, n_layer=2, n_head=4, n_head_kv=2, n_ff=12, context_length=16)
KEY_LENGTH = {"qwen3": 4, "gemma3": 4}


def tiny(flavour: str, seed: int = 0) -> Llama:
    shape = dict(TINY, **({"key_length": KEY_LENGTH[flavour]} if flavour in KEY_LENGTH else {}))
    if flavour == "gemma3":
        shape.update(n_head_kv=1, embed_scale=float(np.sqrt(8)))
    config, spec = flavour_config(flavour, 11, **shape)
    params = random_params(config, np.random.default_rng(seed), spec.get("tied", False), spec.get("rope_freqs", False))
    return Llama(config, {k: v.astype(np.float64) * (4.0 if v.ndim == 2 else 1.0) for k, v in params.items()})


class Batch:
    def __init__(self, vocab: int, seed: int = 7) -> None:
        rng = np.random.default_rng(seed)
        self.tokens = rng.integers(0, vocab, (2, 8))
        self.mask = (rng.random((2, 8)) > 0.2).astype(np.float64)

    def loss_and_grads(self, model: Llama, lora: LoraWeights | None, base: bool) -> tuple:
        inputs, targets = self.tokens[:, :-1], self.tokens[:, 1:]
        logits, tape = model.forward(inputs, lora)
        B, S, V = logits.shape
        loss, ce = L.cross_entropy_forward(logits.reshape(B * S, V), targets.reshape(-1), self.mask[:, 1:].reshape(-1))
        return loss, model.backward(tape, L.cross_entropy_backward(ce).reshape(B, S, V), lora, base_grads=base)


class ArchitectureGradientTest(unittest.TestCase):
    def test_every_base_weight_of_every_architecture(self) -> None:
        for flavour in FLAVOURS:
            with self.subTest(arch=flavour):
                model = tiny(flavour)
                batch = Batch(model.config.vocab_size)
                _, grads = batch.loss_and_grads(model, None, True)
                trainable = {k for k in model.params if k != "rope_freqs.weight"}  # fixed factors, not learned
                self.assertEqual(set(grads), trainable)
                f = lambda: batch.loss_and_grads(model, None, True)[0]
                for name in sorted(trainable):
                    idx, num = numeric_grad(f, model.params[name], 4)
                    np.testing.assert_allclose(grads[name].reshape(-1)[idx], num, rtol=1e-4, atol=1e-7,
                                               err_msg=f"{flavour} {name}")

    def test_window_and_scaling_really_change_gemma3(self) -> None:
        # Without these switches the check above could pass on a model that ignores them.
        model = tiny("gemma3")
        tokens = Batch(model.config.vocab_size).tokens
        base = model.forward(tokens)[0]
        for change in ({"sliding_window": 0}, {"rope_scale": 1.0}, {"embed_scale": 1.0}):
            other = Llama(model.config.__class__(**{**model.config.__dict__, **change}), model.params)
            self.assertGreater(np.abs(other.forward(tokens)[0] - base).max(), 1e-3, change)


class QuantizedBaseGradientTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls) -> None:
        cls.tmp = tempfile.TemporaryDirectory()

    @classmethod
    def tearDownClass(cls) -> None:
        cls.tmp.cleanup()

    def quantized(self, flavour: str, t: T) -> Llama:
        path = os.path.join(self.tmp.name, f"{flavour}-{t.name}.gguf")
        write_synthetic(path, flavour, t, seed=1, n_embd=256, n_ff=256, n_layer=1, n_head=2, n_head_kv=1,
                        key_length=128)
        return Llama.from_gguf(path, np.float64, quantized=True)

    def test_lora_gradients_through_quantized_layers(self) -> None:
        for flavour, t in (("qwen2", T.Q4_K), ("gemma3", T.Q6_K), ("llama3", T.Q8_0)):
            with self.subTest(arch=flavour, type=t.name):
                model = self.quantized(flavour, t)
                self.assertIsInstance(model.params["blk.0.attn_q.weight"], QuantizedMatrix)
                self.assertEqual(model.params["blk.0.attn_q.weight"].type, t)
                lora = LoraWeights.init(model.params, lora_base_names(model.config, list(LORA_TARGETS)), 2, 4.0,
                                        np.random.default_rng(1))
                rng = np.random.default_rng(2)
                for b in lora.b.values():
                    b[...] = rng.standard_normal(b.shape) * 0.05
                batch = Batch(model.config.vocab_size)
                _, grads = batch.loss_and_grads(model, lora, False)
                params = lora.parameters()
                self.assertEqual(set(grads), set(params))
                f = lambda: batch.loss_and_grads(model, lora, False)[0]
                for name, p in params.items():
                    idx, num = numeric_grad(f, p, 3)
                    np.testing.assert_allclose(grads[name].reshape(-1)[idx], num, rtol=1e-4, atol=1e-8,
                                               err_msg=f"{flavour} {t.name} {name}")

    def test_a_quantized_layer_multiplies_as_its_dequantized_matrix(self) -> None:
        model = self.quantized("llama", T.Q4_K)
        w = model.params["blk.0.ffn_down.weight"]
        dense = w.dense()
        rng = np.random.default_rng(3)
        x, dy = rng.standard_normal((5, w.shape[1])), rng.standard_normal((5, w.shape[0]))
        np.testing.assert_allclose(w.matmul(x), x @ dense.T, rtol=1e-12)
        np.testing.assert_allclose(w.matmul_t(dy), dy @ dense, rtol=1e-12)
        ids = np.array([[3, 1], [3, 0]])
        emb = model.params["token_embd.weight"]
        np.testing.assert_array_equal(emb.take(ids), emb.dense()[ids])

    def test_a_quantized_base_is_frozen(self) -> None:
        model = self.quantized("llama", T.Q4_K)
        batch = Batch(model.config.vocab_size)
        with self.assertRaises(ModelError) as caught:
            batch.loss_and_grads(model, None, True)
        self.assertIn("LoRA", str(caught.exception))


if __name__ == "__main__":
    unittest.main()
