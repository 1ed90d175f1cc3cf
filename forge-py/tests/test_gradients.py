"""Finite-difference checks (float64) of every layer's backward, of LoRA, and of the whole model."""
import unittest

import numpy as np

from forge.model import layers as L
from forge.model.config import LlamaConfig
from forge.model.llama import Llama
from forge.model.lora import LoraWeights, lora_base_names, LORA_TARGETS

EPS = 1e-6


def numeric_grad(f, x: np.ndarray, n: int = 12, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Central differences of scalar f() with respect to `n` random entries of x (modified in place)."""
    rng = np.random.default_rng(seed)
    idx = rng.choice(x.size, size=min(n, x.size), replace=False)
    out = np.empty(len(idx))
    flat = x.reshape(-1)
    for j, i in enumerate(idx):
        old = flat[i]
        flat[i] = old + EPS
        plus = f()
        flat[i] = old - EPS
        minus = f()
        flat[i] = old
        out[j] = (plus - minus) / (2 * EPS)
    return idx, out


class LayerGradientTest(unittest.TestCase):
    def setUp(self) -> None:
        self.rng = np.random.default_rng(42)

    def check(self, f, x: np.ndarray, analytic: np.ndarray, n: int = 12) -> None:
        idx, num = numeric_grad(f, x, n)
        np.testing.assert_allclose(analytic.reshape(-1)[idx], num, rtol=1e-5, atol=1e-8)

    def test_rmsnorm(self) -> None:
        x = self.rng.standard_normal((5, 8))
        w = self.rng.standard_normal(8)
        up = self.rng.standard_normal((5, 8))
        f = lambda: float((L.rmsnorm_forward(x, w, 1e-5)[0] * up).sum())
        dx, dw = L.rmsnorm_backward(up, L.rmsnorm_forward(x, w, 1e-5)[1])
        self.check(f, x, dx)
        self.check(f, w, dw)

    def test_rope_partial_dimensions(self) -> None:
        x = self.rng.standard_normal((2, 6, 3, 8))
        cos, sin = L.rope_tables(6, 6, 10000.0, np.float64)  # rotates 6 of 8 dims
        up = self.rng.standard_normal(x.shape)
        f = lambda: float((L.rope_forward(x, cos, sin) * up).sum())
        self.check(f, x, L.rope_backward(up, cos, sin))
        # position 0 is not rotated; dims past n_rot never are
        np.testing.assert_array_equal(L.rope_forward(x, cos, sin)[:, 0], x[:, 0])
        np.testing.assert_array_equal(L.rope_forward(x, cos, sin)[..., 6:], x[..., 6:])

    def test_grouped_query_causal_attention(self) -> None:
        q = self.rng.standard_normal((2, 5, 4, 3))
        k = self.rng.standard_normal((2, 5, 2, 3))
        v = self.rng.standard_normal((2, 5, 2, 3))
        up = self.rng.standard_normal((2, 5, 4, 3))
        f = lambda: float((L.attention_forward(q, k, v)[0] * up).sum())
        dq, dk, dv = L.attention_backward(up, L.attention_forward(q, k, v)[1])
        self.check(f, q, dq)
        self.check(f, k, dk)
        self.check(f, v, dv)

    def test_attention_matches_a_naive_loop(self) -> None:
        q = self.rng.standard_normal((1, 4, 4, 2))
        k = self.rng.standard_normal((1, 4, 2, 2))
        v = self.rng.standard_normal((1, 4, 2, 2))
        y = L.attention_forward(q, k, v)[0]
        for h in range(4):
            kv = h // 2
            for t in range(4):
                s = np.array([q[0, t, h] @ k[0, u, kv] / np.sqrt(2) for u in range(t + 1)])
                p = np.exp(s - s.max())
                p /= p.sum()
                np.testing.assert_allclose(y[0, t, h], p @ v[0, : t + 1, kv], rtol=1e-12)

    def test_swiglu(self) -> None:
        g = self.rng.standard_normal((4, 6))
        u = self.rng.standard_normal((4, 6))
        up = self.rng.standard_normal((4, 6))
        f = lambda: float((L.swiglu_forward(g, u)[0] * up).sum())
        dg, du = L.swiglu_backward(up, L.swiglu_forward(g, u)[1])
        self.check(f, g, dg)
        self.check(f, u, du)

    def test_masked_cross_entropy(self) -> None:
        logits = self.rng.standard_normal((6, 10))
        targets = self.rng.integers(0, 10, 6)
        w = np.array([1, 0, 1, 1, 0, 1], dtype=np.float64)
        f = lambda: L.cross_entropy_forward(logits, targets, w)[0]
        d = L.cross_entropy_backward(L.cross_entropy_forward(logits, targets, w)[1])
        self.check(f, logits, d, n=30)
        self.assertTrue((d[[1, 4]] == 0).all())


def tiny_model(seed: int = 0, tied: bool = False) -> Llama:
    config = LlamaConfig(vocab_size=11, n_embd=8, n_layer=2, n_head=4, n_head_kv=2, n_ff=12, context_length=16)
    rng = np.random.default_rng(seed)
    params = {"token_embd.weight": rng.standard_normal((11, 8)), "output_norm.weight": 1 + 0.1 * rng.standard_normal(8)}
    if not tied:
        params["output.weight"] = rng.standard_normal((11, 8)) * 0.5
    for i in range(2):
        p = f"blk.{i}."
        params.update({
            p + "attn_norm.weight": 1 + 0.1 * rng.standard_normal(8), p + "ffn_norm.weight": 1 + 0.1 * rng.standard_normal(8),
            p + "attn_q.weight": rng.standard_normal((8, 8)) * 0.4, p + "attn_k.weight": rng.standard_normal((4, 8)) * 0.4,
            p + "attn_v.weight": rng.standard_normal((4, 8)) * 0.4, p + "attn_output.weight": rng.standard_normal((8, 8)) * 0.4,
            p + "ffn_gate.weight": rng.standard_normal((12, 8)) * 0.4, p + "ffn_up.weight": rng.standard_normal((12, 8)) * 0.4,
            p + "ffn_down.weight": rng.standard_normal((8, 12)) * 0.4,
        })
    return Llama(config, params)


class ModelGradientTest(unittest.TestCase):
    def setUp(self) -> None:
        rng = np.random.default_rng(7)
        self.tokens = rng.integers(0, 11, (3, 7))
        self.mask = (rng.random((3, 7)) > 0.3).astype(np.float64)

    def loss_and_grads(self, model: Llama, lora: LoraWeights | None, base: bool, dropout: float = 0.0) -> tuple:
        inputs, targets = self.tokens[:, :-1], self.tokens[:, 1:]
        # A fresh generator with one seed each call: the same dropout masks for every finite difference.
        logits, tape = model.forward(inputs, lora, dropout, np.random.default_rng(5))
        B, T, V = logits.shape
        loss, ce = L.cross_entropy_forward(logits.reshape(B * T, V), targets.reshape(-1), self.mask[:, 1:].reshape(-1))
        grads = model.backward(tape, L.cross_entropy_backward(ce).reshape(B, T, V), lora, base_grads=base)
        return loss, grads

    def test_every_base_weight(self) -> None:
        for tied in (False, True):
            model = tiny_model(tied=tied)
            _, grads = self.loss_and_grads(model, None, True)
            self.assertEqual(set(grads), set(model.params))
            f = lambda: self.loss_and_grads(model, None, True)[0]
            for name, p in model.params.items():
                idx, num = numeric_grad(f, p, 6)
                np.testing.assert_allclose(grads[name].reshape(-1)[idx], num, rtol=1e-4, atol=1e-7, err_msg=name)

    def test_every_lora_matrix(self) -> None:
        self.check_lora(0.0)

    def test_every_lora_matrix_with_dropout(self) -> None:
        self.check_lora(0.3)

    def check_lora(self, dropout: float) -> None:
        model = tiny_model()
        lora = LoraWeights.init(model.params, lora_base_names(model.config, list(LORA_TARGETS)), 3, 6.0,
                                np.random.default_rng(1))
        for b in lora.b.values():  # B starts at zero: make it non-zero so A has a gradient too
            b[...] = np.random.default_rng(2).standard_normal(b.shape) * 0.3
        _, grads = self.loss_and_grads(model, lora, False, dropout)
        params = lora.parameters()
        self.assertEqual(set(grads), set(params))
        f = lambda: self.loss_and_grads(model, lora, False, dropout)[0]
        for name, p in params.items():
            idx, num = numeric_grad(f, p, 6)
            np.testing.assert_allclose(grads[name].reshape(-1)[idx], num, rtol=1e-4, atol=1e-7, err_msg=name)

    def test_lora_equals_merged_weights(self) -> None:
        model = tiny_model()
        lora = LoraWeights.init(model.params, lora_base_names(model.config, ["attn_q", "ffn_down"]), 2, 4.0,
                                np.random.default_rng(3))
        for b in lora.b.values():
            b[...] = np.random.default_rng(4).standard_normal(b.shape)
        with_lora, _ = model.forward(self.tokens, lora)
        merged = {k: v.copy() for k, v in model.params.items()}
        for name in lora.a:
            merged[name] += lora.scale * lora.b[name] @ lora.a[name]
        np.testing.assert_allclose(Llama(model.config, merged).forward(self.tokens)[0], with_lora, rtol=1e-10)


if __name__ == "__main__":
    unittest.main()
