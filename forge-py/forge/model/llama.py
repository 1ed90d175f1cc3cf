"""A llama model in numpy: batched forward and manual backward, with optional LoRA on the projections."""
from __future__ import annotations

from typing import Any

import numpy as np

from ..errors import ModelError
from ..gguf.reader import GgufFile, read_gguf
from . import layers as L
from .config import LlamaConfig
from .lora import LoraWeights

_BLOCK_WEIGHTS = (
    "attn_norm", "attn_q", "attn_k", "attn_v", "attn_output", "ffn_norm", "ffn_gate", "ffn_up", "ffn_down",
)


class Llama:
    """I am a llama model: `params` maps GGUF tensor names to numpy arrays in GGUF's numpy layout.

    Without `output.weight` the output head is tied to `token_embd.weight`, as llama.cpp does.
    """

    def __init__(self, config: LlamaConfig, params: dict[str, np.ndarray]) -> None:
        config.validate()
        self.config = config
        self.params = params
        self._check()
        self._rope_cache: dict[int, tuple[np.ndarray, np.ndarray]] = {}

    @staticmethod
    def from_gguf(source: str | GgufFile, dtype: Any = np.float32) -> "Llama":
        gguf = read_gguf(source) if isinstance(source, str) else source
        config = LlamaConfig.from_gguf(gguf)
        params = {name: np.array(gguf.tensor(name), dtype=dtype) for name in gguf.tensors}
        return Llama(config, params)

    @property
    def tied(self) -> bool:
        return "output.weight" not in self.params

    @property
    def dtype(self) -> np.dtype:
        return self.params["token_embd.weight"].dtype

    def _check(self) -> None:
        c = self.config
        kv = c.n_head_kv * c.head_dim
        expected = {"token_embd.weight": (c.vocab_size, c.n_embd), "output_norm.weight": (c.n_embd,)}
        for i in range(c.n_layer):
            p = f"blk.{i}."
            expected.update({
                p + "attn_norm.weight": (c.n_embd,), p + "ffn_norm.weight": (c.n_embd,),
                p + "attn_q.weight": (c.n_embd, c.n_embd), p + "attn_k.weight": (kv, c.n_embd),
                p + "attn_v.weight": (kv, c.n_embd), p + "attn_output.weight": (c.n_embd, c.n_embd),
                p + "ffn_gate.weight": (c.n_ff, c.n_embd), p + "ffn_up.weight": (c.n_ff, c.n_embd),
                p + "ffn_down.weight": (c.n_embd, c.n_ff),
            })
        if "output.weight" in self.params:
            expected["output.weight"] = (c.vocab_size, c.n_embd)
        for name, shape in expected.items():
            got = self.params.get(name)
            if got is None:
                raise ModelError(f"the model lacks tensor {name!r}", tensor=name)
            if got.shape != shape:
                raise ModelError(f"tensor {name!r} has shape {got.shape}, expected {shape}", tensor=name)

    def _rope(self, T: int) -> tuple[np.ndarray, np.ndarray]:
        tables = self._rope_cache.get(T)
        if tables is None:
            c = self.config
            tables = L.rope_tables(T, c.n_rot, c.rope_base, self.dtype)
            self._rope_cache[T] = tables
        return tables

    # ---- linear with optional LoRA ------------------------------------------------------------------------

    def _linear(self, x: np.ndarray, name: str, lora: LoraWeights | None, dropout: float,
                rng: np.random.Generator | None) -> tuple[np.ndarray, tuple]:
        w = self.params[name]
        y = x @ w.T
        if lora is None or name not in lora.a:
            return y, (x, None, None, None)
        xm, keep = x, None
        if dropout > 0.0 and rng is not None:
            keep = (rng.random(x.shape, dtype=np.float32) >= dropout).astype(x.dtype) / x.dtype.type(1.0 - dropout)
            xm = x * keep
        h = xm @ lora.a[name].T
        y += x.dtype.type(lora.scale) * (h @ lora.b[name].T)
        return y, (x, xm, h, keep)

    def _linear_backward(self, dy: np.ndarray, cache: tuple, name: str, lora: LoraWeights | None,
                         grads: dict[str, np.ndarray], base_grads: bool) -> np.ndarray:
        x, xm, h, keep = cache
        w = self.params[name]
        dx = dy @ w
        if base_grads:
            _accumulate(grads, name, dy.T @ x)
        if xm is not None and lora is not None:
            s = dy.dtype.type(lora.scale)
            a, b = lora.a[name], lora.b[name]
            dh = (dy @ b) * s
            _accumulate(grads, name + ".lora_b", s * (dy.T @ h))
            _accumulate(grads, name + ".lora_a", dh.T @ xm)
            dxm = dh @ a
            dx += dxm if keep is None else dxm * keep
        return dx

    # ---- model ----------------------------------------------------------------------------------------------

    def forward(self, tokens: np.ndarray, lora: LoraWeights | None = None, dropout: float = 0.0,
                rng: np.random.Generator | None = None, keep: bool = True) -> tuple[np.ndarray, list]:
        """tokens: (B, T) ints → logits (B, T, vocab) and the tape for `backward` (empty if not `keep`)."""
        c = self.config
        B, T = tokens.shape
        cos, sin = self._rope(T)
        p = self.params
        x = p["token_embd.weight"][tokens].reshape(B * T, c.n_embd)
        tape: list = []
        for i in range(c.n_layer):
            pre = f"blk.{i}."
            h, c_n1 = L.rmsnorm_forward(x, p[pre + "attn_norm.weight"], c.rms_eps)
            q, c_q = self._linear(h, pre + "attn_q.weight", lora, dropout, rng)
            k, c_k = self._linear(h, pre + "attn_k.weight", lora, dropout, rng)
            v, c_v = self._linear(h, pre + "attn_v.weight", lora, dropout, rng)
            q = L.rope_forward(q.reshape(B, T, c.n_head, c.head_dim), cos, sin)
            k = L.rope_forward(k.reshape(B, T, c.n_head_kv, c.head_dim), cos, sin)
            att, c_att = L.attention_forward(q, k, v.reshape(B, T, c.n_head_kv, c.head_dim))
            o, c_o = self._linear(att.reshape(B * T, c.n_embd), pre + "attn_output.weight", lora, dropout, rng)
            x = x + o
            h2, c_n2 = L.rmsnorm_forward(x, p[pre + "ffn_norm.weight"], c.rms_eps)
            gate, c_g = self._linear(h2, pre + "ffn_gate.weight", lora, dropout, rng)
            up, c_u = self._linear(h2, pre + "ffn_up.weight", lora, dropout, rng)
            a, c_sw = L.swiglu_forward(gate, up)
            f, c_d = self._linear(a, pre + "ffn_down.weight", lora, dropout, rng)
            x = x + f
            if keep:
                tape.append((c_n1, c_q, c_k, c_v, c_att, c_o, c_n2, c_g, c_u, c_sw, c_d))
        hf, c_nf = L.rmsnorm_forward(x, p["output_norm.weight"], c.rms_eps)
        head = p["token_embd.weight"] if self.tied else p["output.weight"]
        logits = hf @ head.T
        if keep:
            tape.append((tokens, c_nf, hf))
        return logits.reshape(B, T, c.vocab_size), tape

    def backward(self, tape: list, dlogits: np.ndarray, lora: LoraWeights | None = None,
                 base_grads: bool = True) -> dict[str, np.ndarray]:
        """Gradients of the loss whose logits gradient is `dlogits` (B, T, vocab).

        Returns base weight gradients (when `base_grads`) and `<name>.lora_a` / `.lora_b` gradients.
        """
        c = self.config
        p = self.params
        grads: dict[str, np.ndarray] = {}
        tokens, c_nf, hf = tape[-1]
        B, T = tokens.shape
        cos, sin = self._rope(T)
        dl = dlogits.reshape(B * T, c.vocab_size)
        head_name = "token_embd.weight" if self.tied else "output.weight"
        dx = dl @ p[head_name]
        if base_grads:
            _accumulate(grads, head_name, dl.T @ hf)
        dx, dw = L.rmsnorm_backward(dx, c_nf)
        if base_grads:
            grads["output_norm.weight"] = dw
        for i in reversed(range(c.n_layer)):
            pre = f"blk.{i}."
            c_n1, c_q, c_k, c_v, c_att, c_o, c_n2, c_g, c_u, c_sw, c_d = tape[i]
            da = self._linear_backward(dx, c_d, pre + "ffn_down.weight", lora, grads, base_grads)
            dgate, dup = L.swiglu_backward(da, c_sw)
            dh2 = self._linear_backward(dgate, c_g, pre + "ffn_gate.weight", lora, grads, base_grads)
            dh2 += self._linear_backward(dup, c_u, pre + "ffn_up.weight", lora, grads, base_grads)
            dxn, dw = L.rmsnorm_backward(dh2, c_n2)
            if base_grads:
                grads[pre + "ffn_norm.weight"] = dw
            dx = dx + dxn
            datt = self._linear_backward(dx, c_o, pre + "attn_output.weight", lora, grads, base_grads)
            dq, dk, dv = L.attention_backward(datt.reshape(B, T, c.n_head, c.head_dim), c_att)
            dq = L.rope_backward(dq, cos, sin).reshape(B * T, -1)
            dk = L.rope_backward(dk, cos, sin).reshape(B * T, -1)
            dh = self._linear_backward(dq, c_q, pre + "attn_q.weight", lora, grads, base_grads)
            dh += self._linear_backward(dk, c_k, pre + "attn_k.weight", lora, grads, base_grads)
            dh += self._linear_backward(dv.reshape(B * T, -1), c_v, pre + "attn_v.weight", lora, grads, base_grads)
            dxn, dw = L.rmsnorm_backward(dh, c_n1)
            if base_grads:
                grads[pre + "attn_norm.weight"] = dw
            dx = dx + dxn
        if base_grads:
            demb = np.zeros_like(p["token_embd.weight"])
            np.add.at(demb, tokens.reshape(-1), dx)
            _accumulate(grads, "token_embd.weight", demb)
        return grads

    def loss(self, tokens: np.ndarray, mask: np.ndarray, lora: LoraWeights | None = None) -> tuple[float, float]:
        """(summed masked next-token loss, number of masked targets) without keeping a tape."""
        logits, _ = self.forward(tokens[:, :-1], lora, keep=False)
        w = mask[:, 1:].reshape(-1).astype(logits.dtype)
        loss, _ = L.cross_entropy_forward(logits.reshape(-1, self.config.vocab_size), tokens[:, 1:].reshape(-1), w)
        n = float(w.sum())
        return loss * max(n, 1.0), n


def _accumulate(grads: dict[str, np.ndarray], name: str, g: np.ndarray) -> None:
    if name in grads:
        grads[name] += g
    else:
        grads[name] = g
