"""A decoder model in numpy (llama, qwen2, qwen3, gemma3): batched forward and manual backward, with optional LoRA
on the projections, over dense or quantized (QuantizedMatrix) base weights."""
from __future__ import annotations

from typing import Any

import numpy as np

from ..errors import ModelError
from ..gguf.reader import GgufFile, read_gguf
from . import layers as L
from .config import LlamaConfig
from .lora import LoraWeights
from .weights import QuantizedMatrix, Weight, load_params, matmul, matmul_t, take_rows


class Llama:
    """I am a decoder model: `params` maps GGUF tensor names to weights in GGUF's numpy layout (numpy arrays, or
    QuantizedMatrix for a frozen quantized base). Without `output.weight` the head is tied to `token_embd.weight`.

    Per layer: x += o(attn(norm(x))) and x += down(act(gate(norm(x))) · up(norm(x))), with the architecture's
    switches from LlamaConfig (biases, q/k norms, post norms, GELU, sliding window, NEOX RoPE).
    """

    def __init__(self, config: LlamaConfig, params: dict[str, Weight]) -> None:
        config.validate()
        self.config = config
        self.params = params
        self._check()
        self._rope_cache: dict[tuple[int, bool], tuple[np.ndarray, np.ndarray]] = {}

    @staticmethod
    def from_gguf(source: str | GgufFile, dtype: Any = np.float32, quantized: bool = False) -> "Llama":
        """Loads a model. With `quantized`, matrices stored in a quantized (or F16/BF16) type stay so in memory and
        are dequantized band by band where used: the way to train an adapter over a big quantized base."""
        gguf = read_gguf(source) if isinstance(source, str) else source
        config = LlamaConfig.from_gguf(gguf)
        return Llama(config, load_params(gguf, dtype, quantized))

    @property
    def tied(self) -> bool:
        return "output.weight" not in self.params

    @property
    def dtype(self) -> np.dtype:
        return np.dtype(self.params["output_norm.weight"].dtype)

    @property
    def quantized(self) -> bool:
        return any(isinstance(w, QuantizedMatrix) for w in self.params.values())

    def expected_shapes(self) -> dict[str, tuple[int, ...]]:
        c = self.config
        E, Q, KV, F = c.n_embd, c.q_dim, c.kv_dim, c.n_ff
        expected: dict[str, tuple[int, ...]] = {"token_embd.weight": (c.vocab_size, E), "output_norm.weight": (E,)}
        for i in range(c.n_layer):
            p = f"blk.{i}."
            expected.update({
                p + "attn_norm.weight": (E,), p + "ffn_norm.weight": (E,),
                p + "attn_q.weight": (Q, E), p + "attn_k.weight": (KV, E), p + "attn_v.weight": (KV, E),
                p + "attn_output.weight": (E, Q),
                p + "ffn_gate.weight": (F, E), p + "ffn_up.weight": (F, E), p + "ffn_down.weight": (E, F),
            })
            if c.qkv_bias:
                expected.update({p + "attn_q.bias": (Q,), p + "attn_k.bias": (KV,), p + "attn_v.bias": (KV,)})
            if c.qk_norm:
                expected.update({p + "attn_q_norm.weight": (c.head_dim,), p + "attn_k_norm.weight": (c.head_dim,)})
            if c.post_norms:
                expected.update({p + "post_attention_norm.weight": (E,), p + "post_ffw_norm.weight": (E,)})
        if "output.weight" in self.params:
            expected["output.weight"] = (c.vocab_size, E)
        return expected

    def _check(self) -> None:
        for name, shape in self.expected_shapes().items():
            got = self.params.get(name)
            if got is None:
                raise ModelError(f"the model lacks tensor {name!r}", tensor=name)
            if tuple(got.shape) != shape:
                raise ModelError(f"tensor {name!r} has shape {tuple(got.shape)}, expected {shape}", tensor=name)

    def _rope(self, T: int, local: bool) -> tuple[np.ndarray, np.ndarray]:
        tables = self._rope_cache.get((T, local))
        if tables is None:
            c = self.config
            factors = self.params.get("rope_freqs.weight")
            base, scale = (c.rope_base_swa, 1.0) if local else (c.rope_base, c.rope_scale)
            tables = L.rope_tables_scaled(T, c.n_rot, base, self.dtype, scale,
                                          None if factors is None else np.asarray(factors))
            self._rope_cache[(T, local)] = tables
        return tables

    # ---- linear with optional LoRA ------------------------------------------------------------------------

    def _linear(self, x: np.ndarray, name: str, lora: LoraWeights | None, dropout: float,
                rng: np.random.Generator | None) -> tuple[np.ndarray, tuple]:
        y = matmul(x, self.params[name])
        bias = self.params.get(name[: -len("weight")] + "bias")
        if bias is not None:
            y += bias
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
        dx = matmul_t(dy, w)
        if base_grads:
            _accumulate(grads, name, dy.T @ x)
            bias = name[: -len("weight")] + "bias"
            if bias in self.params:
                _accumulate(grads, bias, dy.sum(axis=0))
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
        p = self.params
        hd = c.head_dim
        x = take_rows(p["token_embd.weight"], tokens).reshape(B * T, c.n_embd).astype(self.dtype, copy=False)
        if c.embed_scale != 1.0:
            x = x * self.dtype.type(c.embed_scale)
        tape: list = []
        for i in range(c.n_layer):
            pre = f"blk.{i}."
            local = c.is_local(i)
            cos, sin = self._rope(T, local)
            h, c_n1 = L.rmsnorm_forward(x, p[pre + "attn_norm.weight"], c.rms_eps)
            q, c_q = self._linear(h, pre + "attn_q.weight", lora, dropout, rng)
            k, c_k = self._linear(h, pre + "attn_k.weight", lora, dropout, rng)
            v, c_v = self._linear(h, pre + "attn_v.weight", lora, dropout, rng)
            q = q.reshape(B, T, c.n_head, hd)
            k = k.reshape(B, T, c.n_head_kv, hd)
            c_qn = c_kn = None
            if c.qk_norm:
                q, c_qn = L.rmsnorm_forward(q, p[pre + "attn_q_norm.weight"], c.rms_eps)
                k, c_kn = L.rmsnorm_forward(k, p[pre + "attn_k_norm.weight"], c.rms_eps)
            q = L.rope_forward(q, cos, sin, c.rope_neox)
            k = L.rope_forward(k, cos, sin, c.rope_neox)
            att, c_att = L.attention_forward(q, k, v.reshape(B, T, c.n_head_kv, hd), c.scale,
                                             c.sliding_window if local else 0)
            o, c_o = self._linear(att.reshape(B * T, c.q_dim), pre + "attn_output.weight", lora, dropout, rng)
            c_pa = None
            if c.post_norms:
                o, c_pa = L.rmsnorm_forward(o, p[pre + "post_attention_norm.weight"], c.rms_eps)
            x = x + o
            h2, c_n2 = L.rmsnorm_forward(x, p[pre + "ffn_norm.weight"], c.rms_eps)
            gate, c_g = self._linear(h2, pre + "ffn_gate.weight", lora, dropout, rng)
            up, c_u = self._linear(h2, pre + "ffn_up.weight", lora, dropout, rng)
            a, c_sw = (L.geglu_forward if c.activation == "gelu" else L.swiglu_forward)(gate, up)
            f, c_d = self._linear(a, pre + "ffn_down.weight", lora, dropout, rng)
            c_pf = None
            if c.post_norms:
                f, c_pf = L.rmsnorm_forward(f, p[pre + "post_ffw_norm.weight"], c.rms_eps)
            x = x + f
            if keep:
                tape.append((c_n1, c_q, c_k, c_v, c_qn, c_kn, c_att, c_o, c_pa, c_n2, c_g, c_u, c_sw, c_d, c_pf))
        hf, c_nf = L.rmsnorm_forward(x, p["output_norm.weight"], c.rms_eps)
        logits = matmul(hf, p["token_embd.weight"] if self.tied else p["output.weight"])
        if keep:
            tape.append((tokens, c_nf, hf))
        return logits.reshape(B, T, c.vocab_size), tape

    def backward(self, tape: list, dlogits: np.ndarray, lora: LoraWeights | None = None,
                 base_grads: bool = True) -> dict[str, np.ndarray]:
        """Gradients of the loss whose logits gradient is `dlogits` (B, T, vocab).

        Returns base weight gradients (when `base_grads`, dense weights only) and `<name>.lora_a` / `.lora_b`.
        """
        c = self.config
        p = self.params
        if base_grads and self.quantized:
            raise ModelError("a quantized base is frozen: train a LoRA adapter over it (base_grads=False), "
                             "or load it with quantized=False")
        grads: dict[str, np.ndarray] = {}
        tokens, c_nf, hf = tape[-1]
        B, T = tokens.shape
        hd = c.head_dim
        dl = dlogits.reshape(B * T, c.vocab_size)
        head_name = "token_embd.weight" if self.tied else "output.weight"
        dx = matmul_t(dl, p[head_name])
        if base_grads:
            _accumulate(grads, head_name, dl.T @ hf)
        dx, dw = L.rmsnorm_backward(dx, c_nf)
        if base_grads:
            grads["output_norm.weight"] = dw
        for i in reversed(range(c.n_layer)):
            pre = f"blk.{i}."
            cos, sin = self._rope(T, c.is_local(i))
            (c_n1, c_q, c_k, c_v, c_qn, c_kn, c_att, c_o, c_pa, c_n2, c_g, c_u, c_sw, c_d, c_pf) = tape[i]
            df = dx
            if c_pf is not None:
                df, dw = L.rmsnorm_backward(dx, c_pf)
                _base(grads, base_grads, pre + "post_ffw_norm.weight", dw)
            da = self._linear_backward(df, c_d, pre + "ffn_down.weight", lora, grads, base_grads)
            dgate, dup = (L.geglu_backward if c.activation == "gelu" else L.swiglu_backward)(da, c_sw)
            dh2 = self._linear_backward(dgate, c_g, pre + "ffn_gate.weight", lora, grads, base_grads)
            dh2 += self._linear_backward(dup, c_u, pre + "ffn_up.weight", lora, grads, base_grads)
            dxn, dw = L.rmsnorm_backward(dh2, c_n2)
            _base(grads, base_grads, pre + "ffn_norm.weight", dw)
            dx = dx + dxn
            do = dx
            if c_pa is not None:
                do, dw = L.rmsnorm_backward(dx, c_pa)
                _base(grads, base_grads, pre + "post_attention_norm.weight", dw)
            datt = self._linear_backward(do, c_o, pre + "attn_output.weight", lora, grads, base_grads)
            dq, dk, dv = L.attention_backward(datt.reshape(B, T, c.n_head, hd), c_att)
            dq = L.rope_backward(dq, cos, sin, c.rope_neox)
            dk = L.rope_backward(dk, cos, sin, c.rope_neox)
            if c_qn is not None:
                dq, dw = L.rmsnorm_backward(dq, c_qn)
                _base(grads, base_grads, pre + "attn_q_norm.weight", dw)
                dk, dw = L.rmsnorm_backward(dk, c_kn)
                _base(grads, base_grads, pre + "attn_k_norm.weight", dw)
            dh = self._linear_backward(dq.reshape(B * T, -1), c_q, pre + "attn_q.weight", lora, grads, base_grads)
            dh += self._linear_backward(dk.reshape(B * T, -1), c_k, pre + "attn_k.weight", lora, grads, base_grads)
            dh += self._linear_backward(dv.reshape(B * T, -1), c_v, pre + "attn_v.weight", lora, grads, base_grads)
            dxn, dw = L.rmsnorm_backward(dh, c_n1)
            _base(grads, base_grads, pre + "attn_norm.weight", dw)
            dx = dx + dxn
        if base_grads:
            if c.embed_scale != 1.0:
                dx = dx * dx.dtype.type(c.embed_scale)
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


# The name for what this class has become: any of the decoder architectures in config.ARCHITECTURES.
Transformer = Llama


def _base(grads: dict[str, np.ndarray], base_grads: bool, name: str, g: np.ndarray) -> None:
    if base_grads:
        grads[name] = g.reshape(-1, g.shape[-1]).sum(axis=0) if g.ndim > 1 else g


def _accumulate(grads: dict[str, np.ndarray], name: str, g: np.ndarray) -> None:
    if name in grads:
        grads[name] += g
    else:
        grads[name] = g
