"""`forge genesis`: builds the project's own base model from nothing, on the CPU.

A small llama with the tokenizer of `genesis/tokenizer.py` and a ChatML template, trained on the corpus of
`genesis/corpus/` (the personas' chats under their codices' system prompts, and ALFRED's verdicts as the judge
asks for them), written as an F32 GGUF that llama.cpp loads.
"""
from __future__ import annotations

import os
import time

import numpy as np

from ..cancel import CancelToken
from ..errors import JobError
from ..events import EventWriter
from ..genesis.chatml import chatml_prompt, chatml_tokens
from ..genesis.corpus import GENESIS_CONTEXT, Message, build_corpus
from ..genesis.prompts import load_codices, system_prompt_for
from ..genesis.tokenizer import GenesisTokenizer
from ..gguf.metadata import Meta
from ..gguf.reader import read_gguf
from ..gguf.validate import validate_llama
from ..gguf.writer import TensorSpec, write_gguf
from ..job import Job
from ..model.config import LlamaConfig
from ..model.llama import Llama
from ..train.loop import TrainSettings, evaluate, train
from ..train.samples import Sample

SAMPLE_PROMPTS = [
    ("BRICK", "Is it rational to worry about a late train?"),
    ("ROBIN", "I feel stuck with a late train."),
    ("ALFRED", "What makes a golden answer?"),
    ("BABS", "Is tinyllama faster than gemma-2B?"),
]


def init_params(config: LlamaConfig, rng: np.random.Generator) -> dict[str, np.ndarray]:
    """GPT-2 style: N(0, 0.02), residual projections scaled by 1/sqrt(2·n_layer), norms at one; tied head."""
    c = config
    std = 0.02
    resid = std / np.sqrt(2 * c.n_layer)
    kv = c.n_head_kv * c.head_dim

    def normal(shape: tuple[int, ...], s: float) -> np.ndarray:
        return (rng.standard_normal(shape) * s).astype(np.float32)

    params = {"token_embd.weight": normal((c.vocab_size, c.n_embd), std),
              "output_norm.weight": np.ones(c.n_embd, np.float32)}
    for i in range(c.n_layer):
        p = f"blk.{i}."
        params.update({
            p + "attn_norm.weight": np.ones(c.n_embd, np.float32), p + "ffn_norm.weight": np.ones(c.n_embd, np.float32),
            p + "attn_q.weight": normal((c.n_embd, c.n_embd), std), p + "attn_k.weight": normal((kv, c.n_embd), std),
            p + "attn_v.weight": normal((kv, c.n_embd), std), p + "attn_output.weight": normal((c.n_embd, c.n_embd), resid),
            p + "ffn_gate.weight": normal((c.n_ff, c.n_embd), std), p + "ffn_up.weight": normal((c.n_ff, c.n_embd), std),
            p + "ffn_down.weight": normal((c.n_embd, c.n_ff), resid),
        })
    return params


def greedy_reply(model: Llama, tok: GenesisTokenizer, system: str, user: str, max_tokens: int = 200) -> str:
    """Greedy decoding without a KV cache: fine for a few short samples of a tiny model."""
    dialogue = ([Message("system", system)] if system else []) + [Message("user", user)]
    ids = chatml_prompt(tok, dialogue)
    out: list[int] = []
    for _ in range(max_tokens):
        if len(ids) >= model.config.context_length:
            break
        logits, _ = model.forward(np.array([ids]), keep=False)
        nxt = int(np.argmax(logits[0, -1]))
        if nxt in (tok.im_end_id, tok.eos_id):
            break
        ids.append(nxt)
        out.append(nxt)
    return tok.decode(out)


def _weigh_scores(tok: GenesisTokenizer, tokens: list[int], mask: list[float], weight: float) -> list[float]:
    """A verdict is mostly JSON the grammar writes anyway; its four score digits carry the judgement, so they weigh more."""
    out = list(mask)
    p = tok.pieces
    for i in range(4, len(tokens)):
        if out[i] and p[tokens[i]] in ("1", "2", "3", "4", "5") and p[tokens[i - 1]] == "\u2581" and p[tokens[i - 2]] == ":" \
                and p[tokens[i - 4]] == "score":
            out[i] = weight
    return out


def run_genesis(job: Job, events: EventWriter, cancel: CancelToken) -> dict:
    output = job.get("output", str, "models/living-image-genesis.gguf")
    seed = job.get("seed", int, 0)
    codices = load_codices(job.get("codices", str, "codices"))
    for name in ("BRICK", "ROBIN", "ALFRED", "BABS"):
        if name not in codices:
            raise JobError(f"the codices folder has no {name} codex: genesis writes the four personas' voices", field="codices")
    dialogues = build_corpus(seed, codices, job.positive_int("chat_per_persona", 1200), job.get("judge_per_persona", int, 1000),
                             job.get("synthesis_dialogues", int, 0))
    # `init`: go on training a genesis model (its weights and tokenizer) instead of starting from nothing, so that a
    # new corpus module is learned in minutes; the job's corpus then mixes the new dialogues with a replay of the old.
    init = job.get("init", str, "")
    base = None
    if init:
        if not os.path.isfile(init):
            raise JobError(f"init names {init}, which is not a file: give the genesis GGUF to go on training", field="init")
        base = read_gguf(init)
        tok = GenesisTokenizer.from_gguf(base)
        config = LlamaConfig.from_gguf(base)
    else:
        # Word pieces learned from the corpus shorten sequences about threefold (and attention ninefold).
        tok = GenesisTokenizer.train([m.text for d in dialogues for m in d] + ["system", "user", "assistant"],
                                     job.get("pieces", int, 800))
        config = LlamaConfig(
            vocab_size=tok.vocab_size,
            n_embd=job.positive_int("n_embd", 128),
            n_layer=job.positive_int("n_layer", 4),
            n_head=job.positive_int("n_head", 4),
            n_head_kv=job.positive_int("n_head_kv", 2),
            n_ff=job.positive_int("n_ff", 352),
            context_length=job.positive_int("context_length", GENESIS_CONTEXT),
            rms_eps=1e-5,
        )
    config.validate()
    settings = TrainSettings(
        steps=job.positive_int("steps", 1500), lr=job.get("lr", float, 3e-3),
        batch_size=job.positive_int("batch_size", 16), warmup_steps=job.get("warmup_steps", int, 100),
        weight_decay=job.get("weight_decay", float, 0.01), grad_clip=job.get("grad_clip", float, 1.0),
        seed=seed, progress_every=job.positive_int("progress_every", 25), bucket=True,
    )
    val_fraction = job.get("validation_fraction", float, 0.03)
    if not 0.0 <= val_fraction < 0.5:
        raise JobError("validation_fraction must be in [0, 0.5)", field="validation_fraction")

    started = time.perf_counter()
    samples = []
    skipped = 0
    score_weight = job.get("score_weight", float, 4.0)
    for d in dialogues:
        tokens, mask = chatml_tokens(tok, d)
        if d[-1].text.startswith('{"logical_rigor"'):
            mask = _weigh_scores(tok, tokens, mask, score_weight)
        if len(tokens) > config.context_length:
            if base is not None:  # the base's tokenizer was not made for this corpus: a replayed dialogue may not fit
                skipped += 1
                continue
            raise JobError(f"a corpus dialogue has {len(tokens)} tokens, over context_length {config.context_length}")
        samples.append(Sample(np.array(tokens, np.int64), np.array(mask, np.float32)))
    n_val = int(len(samples) * val_fraction)
    val, train_set = samples[:n_val], samples[n_val:]
    events.emit("start", command="genesis", output=output, seed=seed, dialogues=len(samples), validation=n_val,
                init=init or None, skipped=skipped,
                vocab_size=tok.vocab_size,
                train_tokens_per_epoch=int(sum(len(s.tokens) for s in train_set)), config=config.__dict__,
                steps=settings.steps)

    model = Llama.from_gguf(base) if base is not None else Llama(config, init_params(config, np.random.default_rng(seed)))
    n_params = int(sum(p.size for p in model.params.values()))
    before = evaluate(model, val, None, 16, cancel) if val else None
    if before is not None:
        events.emit("eval", split="validation", loss=before, when="before")
    result = train(model, train_set, settings, events, cancel)
    after = evaluate(model, val, None, 16, cancel) if val else None
    if after is not None:
        events.emit("eval", split="validation", loss=after, when="after")

    replies = {}
    sample_tokens = job.get("sample_tokens", int, 200)
    for persona, user in SAMPLE_PROMPTS:
        cancel.check()
        system = system_prompt_for(codices[persona], 160)
        replies[f"{persona} | {user}"] = greedy_reply(model, tok, system, user, sample_tokens)
        events.say(f"[{persona}] {user}\n  -> {replies[f'{persona} | {user}']}")

    metadata = {
        "general.architecture": Meta.str("llama"),
        "general.name": Meta.str("living-image-genesis"),
        "general.license": Meta.str("MIT"),
        "general.description": Meta.str(f"Living Image genesis model, trained by `forge genesis` with seed {seed}"
                                        + (f", continued from {os.path.basename(init)}" if init else "")),
        **config.to_metadata(),
        "llama.vocab_size": Meta.u32(config.vocab_size),
        "general.file_type": Meta.u32(0),
        **tok.metadata(),
    }
    specs = [TensorSpec(name, array) for name, array in model.params.items()]
    validate_llama(metadata, specs)
    cancel.check()
    sha = write_gguf(output, metadata, specs)
    events.emit("artifact", path=output, sha256=sha)
    return {
        "command": "genesis", "path": output, "sha256": sha, "parameters": n_params, "steps": result.steps,
        "train_tokens": result.tokens, "tokens_per_s": round(result.tokens_per_s, 1),
        "train_loss": result.final_loss, "validation_loss_before": before, "validation_loss_after": after,
        "seconds": round(time.perf_counter() - started, 1), "samples": replies,
    }
