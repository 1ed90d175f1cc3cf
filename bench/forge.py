"""Benchmark: training tokens/s of `forge lora` (numpy) against PyTorch on the CPU, same model and batch.

    python3 bench/forge.py [--threads 1] [--batch 8] [--seq 128] [--rank 8] [--steps 20]

Model: test/fixtures/models/stories260K.gguf; LoRA rank 8 on all seven projections; one training step =
forward, masked cross entropy, backward to the LoRA weights, AdamW. Both sides run in subprocesses with
the same BLAS thread count. PyTorch runs under the first interpreter that imports torch (this one, or
Debian's /usr/bin/python3 with `apt-get install python3-torch`); without it only numpy figures print.
Goal: numpy at least half of PyTorch's tokens/s.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
STORIES = os.path.join(ROOT, "test", "fixtures", "models", "stories260K.gguf")


def batch(args: argparse.Namespace):
    import numpy as np

    rng = np.random.default_rng(0)
    tokens = rng.integers(3, 512, (args.batch, args.seq))
    tokens[:, 0] = 1
    return tokens


def run_numpy(args: argparse.Namespace) -> dict:
    sys.path.insert(0, os.path.join(ROOT, "forge-py"))
    import numpy as np

    from forge.model import layers as L
    from forge.model.llama import Llama
    from forge.model.lora import LORA_TARGETS, LoraWeights, lora_base_names
    from forge.model.optim import AdamW, clip_grad_norm

    model = Llama.from_gguf(STORIES)
    lora = LoraWeights.init(model.params, lora_base_names(model.config, list(LORA_TARGETS)), args.rank,
                            2.0 * args.rank, np.random.default_rng(0))
    opt = AdamW(lora.parameters())
    tokens = batch(args)
    mask = np.ones(tokens[:, 1:].size, np.float32)
    times, first = [], None
    for step in range(args.steps + 3):
        t0 = time.perf_counter()
        logits, tape = model.forward(tokens[:, :-1], lora)
        B, T, V = logits.shape
        loss, ce = L.cross_entropy_forward(logits.reshape(B * T, V), tokens[:, 1:].reshape(-1), mask)
        grads = model.backward(tape, L.cross_entropy_backward(ce).reshape(B, T, V), lora, base_grads=False)
        first = loss if first is None else first
        clip_grad_norm(grads, 1.0)
        opt.step(grads, 1e-3)
        if step >= 3:
            times.append(time.perf_counter() - t0)
    times.sort()
    median = times[len(times) // 2]
    return {"impl": "numpy", "numpy": np.__version__, "step_ms": median * 1000,
            "tokens_per_s": args.batch * (args.seq - 1) / median, "first_loss": first}


def run_torch(args: argparse.Namespace) -> dict:
    sys.path.insert(0, os.path.join(ROOT, "forge-py"))
    import numpy as np
    import torch

    from forge.gguf.reader import read_gguf
    from forge.model.config import LlamaConfig

    torch.set_num_threads(args.threads)
    g = read_gguf(STORIES)
    c = LlamaConfig.from_gguf(g)
    W = {n: torch.tensor(np.array(g.tensor(n))) for n in g.tensors}
    gen = torch.Generator().manual_seed(0)
    lora = {}
    for i in range(c.n_layer):
        for t in ("attn_q", "attn_k", "attn_v", "attn_output", "ffn_gate", "ffn_up", "ffn_down"):
            w = W[f"blk.{i}.{t}.weight"]
            a = ((torch.rand(args.rank, w.shape[1], generator=gen) * 2 - 1) / w.shape[1] ** 0.5).requires_grad_()
            b = torch.zeros(w.shape[0], args.rank).requires_grad_()
            lora[f"blk.{i}.{t}.weight"] = (a, b)
    scale = 2.0
    hd = c.head_dim
    inv = c.rope_base ** (-torch.arange(0, hd, 2, dtype=torch.float64) / hd)
    T = args.seq - 1
    ang = torch.arange(T, dtype=torch.float64)[:, None] * inv[None]
    cos, sin = torch.cos(ang).float()[None, :, None], torch.sin(ang).float()[None, :, None]

    def lin(x, name):
        a, b = lora[name]
        return x @ W[name].T + scale * ((x @ a.T) @ b.T)

    def rope(x):
        xe, xo = x[..., 0::2], x[..., 1::2]
        return torch.stack([xe * cos - xo * sin, xe * sin + xo * cos], dim=-1).flatten(-2)

    def rms(x, w):
        return x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + c.rms_eps) * w

    causal = torch.triu(torch.full((T, T), float("-inf")), 1)

    def forward(tokens):
        B = tokens.shape[0]
        x = W["token_embd.weight"][tokens]
        for i in range(c.n_layer):
            p = f"blk.{i}."
            h = rms(x, W[p + "attn_norm.weight"])
            q = rope(lin(h, p + "attn_q.weight").view(B, T, c.n_head, hd)).transpose(1, 2)
            k = rope(lin(h, p + "attn_k.weight").view(B, T, c.n_head_kv, hd)).transpose(1, 2)
            v = lin(h, p + "attn_v.weight").view(B, T, c.n_head_kv, hd).transpose(1, 2)
            k = k.repeat_interleave(c.n_head // c.n_head_kv, dim=1)
            v = v.repeat_interleave(c.n_head // c.n_head_kv, dim=1)
            att = torch.softmax(q @ k.transpose(-1, -2) / hd ** 0.5 + causal, dim=-1) @ v
            x = x + lin(att.transpose(1, 2).reshape(B, T, c.n_embd), p + "attn_output.weight")
            h = rms(x, W[p + "ffn_norm.weight"])
            x = x + lin(torch.nn.functional.silu(lin(h, p + "ffn_gate.weight")) * lin(h, p + "ffn_up.weight"),
                        p + "ffn_down.weight")
        return rms(x, W["output_norm.weight"]) @ W["output.weight"].T

    tokens = torch.tensor(batch(args))
    params = [t for pair in lora.values() for t in pair]
    opt = torch.optim.AdamW(params, lr=1e-3, weight_decay=0.0)
    times, first = [], None
    for step in range(args.steps + 3):
        t0 = time.perf_counter()
        logits = forward(tokens[:, :-1])
        loss = torch.nn.functional.cross_entropy(logits.reshape(-1, logits.shape[-1]), tokens[:, 1:].reshape(-1))
        first = float(loss) if first is None else first
        opt.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(params, 1.0)
        opt.step()
        if step >= 3:
            times.append(time.perf_counter() - t0)
    times.sort()
    median = times[len(times) // 2]
    return {"impl": "torch", "torch": torch.__version__, "step_ms": median * 1000,
            "tokens_per_s": args.batch * (args.seq - 1) / median, "first_loss": first}


def child(impl: str, python: str, args: argparse.Namespace) -> dict | None:
    env = dict(os.environ, OPENBLAS_NUM_THREADS=str(args.threads), OMP_NUM_THREADS=str(args.threads),
               MKL_NUM_THREADS=str(args.threads))
    cmd = [python, __file__, "--child", impl, "--threads", str(args.threads), "--batch", str(args.batch),
           "--seq", str(args.seq), "--rank", str(args.rank), "--steps", str(args.steps)]
    result = subprocess.run(cmd, capture_output=True, text=True, env=env)
    if result.returncode != 0:
        print(f"{impl} under {python} failed:\n{result.stderr[-1500:]}", file=sys.stderr)
        return None
    return json.loads(result.stdout.strip().splitlines()[-1])


def torch_python() -> str | None:
    for python in (sys.executable, "/usr/bin/python3"):
        if os.path.exists(python) and subprocess.run([python, "-c", "import torch, numpy"],
                                                     capture_output=True).returncode == 0:
            return python
    return None


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--batch", type=int, default=8)
    parser.add_argument("--seq", type=int, default=128)
    parser.add_argument("--rank", type=int, default=8)
    parser.add_argument("--steps", type=int, default=20)
    parser.add_argument("--child", choices=["numpy", "torch"])
    args = parser.parse_args()
    if args.child:
        print(json.dumps(run_numpy(args) if args.child == "numpy" else run_torch(args)))
        return
    print(f"forge lora bench: stories260K, batch {args.batch} x {args.seq} tokens, rank {args.rank}, "
          f"{args.threads} thread(s), median of {args.steps} steps")
    ours = child("numpy", sys.executable, args)
    if ours:
        print(f"  numpy  : {ours['tokens_per_s']:9.0f} tokens/s  ({ours['step_ms']:.1f} ms/step, numpy {ours['numpy']}, first loss {ours['first_loss']:.5f})")
    python = torch_python()
    if python is None:
        print("  torch  : not importable (apt-get install python3-torch for /usr/bin/python3); no ratio")
        return
    theirs = child("torch", python, args)
    if theirs:
        print(f"  torch  : {theirs['tokens_per_s']:9.0f} tokens/s  ({theirs['step_ms']:.1f} ms/step, torch {theirs['torch']}, first loss {theirs['first_loss']:.5f})")
    if ours and theirs:
        ratio = ours["tokens_per_s"] / theirs["tokens_per_s"]
        print(f"  ratio numpy/torch: {ratio:.2f}  (goal >= 0.50: {'met' if ratio >= 0.5 else 'NOT met'})")


if __name__ == "__main__":
    main()
