"""The HF→GGUF conversion of PEFT LoRA weights, and the GPU commands' missing-dependency error."""
import importlib.util
import io
import json
import os
import tempfile
import unittest

import numpy as np

from forge.cli import main
from forge.events import EventWriter
from forge.gguf.validate import validate_adapter
from forge.hf.peft_to_gguf import (adapter_metadata, gguf_name, gguf_to_peft_state, peft_to_gguf_tensors, permute_qk,
                                  unpermute_qk)
from forge.model import layers as L


def hf_rope(x: np.ndarray, pos: np.ndarray, base: float = 10000.0) -> np.ndarray:
    """Hugging Face llama's RoPE: rotate_half pairs dimension i with i + d/2. x: (T, H, d)."""
    d = x.shape[-1]
    inv = base ** (-np.arange(0, d, 2) / d)
    ang = np.concatenate([pos[:, None] * inv, pos[:, None] * inv], axis=-1)[:, None, :]
    rot = np.concatenate([-x[..., d // 2 :], x[..., : d // 2]], axis=-1)
    return x * np.cos(ang) + rot * np.sin(ang)


class PermutationTest(unittest.TestCase):
    def test_permuted_weights_give_hf_attention_scores_under_llama_cpp_rope(self) -> None:
        rng = np.random.default_rng(0)
        n_embd, n_head, n_head_kv, T = 32, 4, 2, 6
        hd = n_embd // n_head
        wq = rng.standard_normal((n_embd, n_embd))
        wk = rng.standard_normal((n_head_kv * hd, n_embd))
        x = rng.standard_normal((T, n_embd))
        pos = np.arange(T, dtype=np.float64)
        q_hf = hf_rope((x @ wq.T).reshape(T, n_head, hd), pos)
        k_hf = hf_rope((x @ wk.T).reshape(T, n_head_kv, hd), pos)
        cos, sin = L.rope_tables(T, hd, 10000.0, np.float64)
        q_gg = L.rope_forward((x @ permute_qk(wq, n_head, n_head).T).reshape(1, T, n_head, hd), cos, sin)[0]
        k_gg = L.rope_forward((x @ permute_qk(wk, n_head, n_head_kv).T).reshape(1, T, n_head_kv, hd), cos, sin)[0]
        for h in range(n_head):
            kv = h // (n_head // n_head_kv)
            np.testing.assert_allclose(q_gg[:, h] @ k_gg[:, kv].T, q_hf[:, h] @ k_hf[:, kv].T, rtol=1e-10, atol=1e-10)
        # without the permutation llama.cpp's convention would give other scores
        q_bad = L.rope_forward((x @ wq.T).reshape(1, T, n_head, hd), cos, sin)[0]
        self.assertGreater(np.abs(q_bad[:, 0] @ k_gg[:, 0].T - q_hf[:, 0] @ k_hf[:, 0].T).max(), 1e-3)

    def test_unpermute_inverts_permute(self) -> None:
        w = np.arange(64 * 3, dtype=np.float64).reshape(64, 3)
        for heads in ((8, 8), (8, 4), (8, 2)):
            np.testing.assert_array_equal(unpermute_qk(permute_qk(w[: 64 // (8 // heads[1])], *heads), *heads),
                                          w[: 64 // (8 // heads[1])])

    def test_peft_state_dict_becomes_gguf_lora_with_permuted_b(self) -> None:
        rng = np.random.default_rng(1)
        n_embd, n_head, n_head_kv, n_ff, r = 16, 4, 2, 24, 2
        kv = n_embd // n_head * n_head_kv
        shapes = {"self_attn.q_proj": (n_embd, n_embd), "self_attn.k_proj": (kv, n_embd),
                  "self_attn.v_proj": (kv, n_embd), "self_attn.o_proj": (n_embd, n_embd),
                  "mlp.gate_proj": (n_ff, n_embd), "mlp.up_proj": (n_ff, n_embd), "mlp.down_proj": (n_embd, n_ff)}
        state, dense_hf = {}, {}
        for layer in range(2):
            for module, (out, inp) in shapes.items():
                prefix = f"base_model.model.model.layers.{layer}.{module}"
                a, b = rng.standard_normal((r, inp)), rng.standard_normal((out, r))
                state[prefix + ".lora_A.weight"], state[prefix + ".lora_B.weight"] = a, b
                dense_hf[(layer, module)] = b @ a
        state["base_model.model.lm_head.weight"] = np.zeros((5, n_embd))  # not LoRA: ignored
        specs = {s.name: s.array for s in peft_to_gguf_tensors(state, n_head, n_head_kv)}
        self.assertEqual(len(specs), 2 * 7 * 2)
        self.assertEqual(specs["blk.1.attn_k.weight.lora_a"].shape, (r, n_embd))
        self.assertEqual(specs["blk.1.attn_k.weight.lora_b"].shape, (kv, r))
        self.assertEqual(specs["blk.0.ffn_down.weight.lora_a"].shape, (r, n_ff))
        self.assertTrue(all(a.dtype == np.float32 for a in specs.values()))
        gguf_of = {"self_attn.q_proj": "attn_q", "self_attn.k_proj": "attn_k", "self_attn.v_proj": "attn_v",
                   "self_attn.o_proj": "attn_output", "mlp.gate_proj": "ffn_gate", "mlp.up_proj": "ffn_up",
                   "mlp.down_proj": "ffn_down"}
        for (layer, module), delta in dense_hf.items():
            name = f"blk.{layer}.{gguf_of[module]}.weight"
            got = specs[name + ".lora_b"].astype(np.float64) @ specs[name + ".lora_a"].astype(np.float64)
            # The GGUF delta is the converter's permutation of the HF delta (for Q and K), unchanged otherwise.
            want = permute_qk(delta, n_head, n_head) if module.endswith("q_proj") else \
                permute_qk(delta, n_head, n_head_kv) if module.endswith("k_proj") else delta
            np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-5, err_msg=name)
        validate_adapter(adapter_metadata(16.0), peft_to_gguf_tensors(state, n_head, n_head_kv))

    def test_gguf_adapter_back_to_peft_state_is_the_inverse(self) -> None:
        # The unsloth and peft backends continue from a persona's current GGUF adapter this way.
        rng = np.random.default_rng(2)
        n_embd, n_head, n_head_kv, r = 16, 4, 2, 2
        kv = n_embd // n_head * n_head_kv
        state = {}
        for module, out in (("self_attn.q_proj", n_embd), ("self_attn.k_proj", kv), ("mlp.up_proj", 24)):
            prefix = f"base_model.model.model.layers.1.{module}"
            state[prefix + ".lora_A.weight"] = rng.standard_normal((r, n_embd)).astype(np.float32)
            state[prefix + ".lora_B.weight"] = rng.standard_normal((out, r)).astype(np.float32)
        tensors = {s.name: s.array for s in peft_to_gguf_tensors(state, n_head, n_head_kv)}
        back = gguf_to_peft_state(tensors, n_head, n_head_kv)
        self.assertEqual(set(back), set(state))
        for key, value in state.items():
            np.testing.assert_array_equal(back[key], value, err_msg=key)
        with self.assertRaises(Exception):
            gguf_to_peft_state({"token_embd.weight": np.zeros((2, 2))}, n_head, n_head_kv)

    def test_names(self) -> None:
        self.assertEqual(gguf_name("base_model.model.model.layers.12.mlp.down_proj.lora_B.default.weight"),
                         ("blk.12.ffn_down.weight", "b"))
        self.assertEqual(gguf_name("model.layers.0.self_attn.o_proj.lora_A.weight"), ("blk.0.attn_output.weight", "a"))
        self.assertIsNone(gguf_name("model.embed_tokens.weight"))


class MissingDependencyTest(unittest.TestCase):
    @unittest.skipIf(importlib.util.find_spec("unsloth") is not None, "unsloth is installed here")
    def test_unsloth_missing_fails_at_once_with_a_clear_error(self) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            job = os.path.join(tmp, "job.json")
            with open(job, "w") as f:
                json.dump({"hf_model": "x", "persona": "BRICK", "train": []}, f)
            out = io.StringIO()
            code = main(["unsloth", "--job", job], EventWriter(out, io.StringIO()))
            events = [json.loads(line) for line in out.getvalue().splitlines()]
            self.assertEqual(code, 1)
            self.assertEqual([e["type"] for e in events], ["error"])
            self.assertEqual(events[0]["kind"], "missing_dependency")
            self.assertIn("unsloth", events[0]["message"])
            self.assertIn("forge lora", events[0]["message"])
            self.assertEqual(os.listdir(tmp), ["job.json"])

    @unittest.skipIf(all(importlib.util.find_spec(m) for m in ("torch", "transformers", "peft", "trl", "datasets")),
                     "the PEFT stack is installed here")
    def test_peft_missing_fails_at_once_with_a_clear_error(self) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            job = os.path.join(tmp, "job.json")
            with open(job, "w") as f:
                json.dump({"hf_model": "x", "persona": "BRICK", "train": []}, f)
            out = io.StringIO()
            self.assertEqual(main(["peft", "--job", job], EventWriter(out, io.StringIO())), 1)
            events = [json.loads(line) for line in out.getvalue().splitlines()]
            self.assertEqual([e["type"] for e in events], ["error"])
            self.assertEqual(events[0]["kind"], "missing_dependency")
            self.assertIn("pip install", events[0]["message"])


if __name__ == "__main__":
    unittest.main()
