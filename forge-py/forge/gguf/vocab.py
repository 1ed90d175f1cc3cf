"""Tokenizers of the two kinds real model families ship, small enough to write into generated test models.

- SentencePiece (`tokenizer.ggml.model = "llama"`): the genesis tokenizer (byte fallback, learned pieces), with the
  family's own special tokens (Llama 2/TinyLlama `<s>`, Gemma `<bos>` and `<start_of_turn>`).
- Byte-level BPE (`"gpt2"`): GPT-2's byte-to-character map, merges learned from text, and a pre-tokenizer name that
  llama.cpp knows (`qwen2`, `llama-bpe`, `smollm`); special tokens are control tokens.

llama.cpp tokenizes with them for real (the TypeScript side tokenizes through node-llama-cpp); Python never does.
"""
from __future__ import annotations

import re
from collections import Counter
from typing import Iterable

from ..genesis.tokenizer import CHATML_TEMPLATE, GenesisTokenizer
from .constants import ValueType
from .metadata import Meta

NORMAL, CONTROL = 1, 3

SAMPLE_TEXT = (
    "Once upon a time there was a little model that wanted to learn. It read the words of its persona and "
    "answered with logic and kindness. The forge trained an adapter over the quantized base, and the image "
    "swapped it in without a restart. BRICK said: the answer is 42, and ROBIN smiled. ALFRED judged the reply, "
    "and BABS scouted for a better model. Hello, world! What is logic? Logic is the study of good reasoning."
)

PRETOKENIZERS = ("qwen2", "llama-bpe", "smollm")


def byte_to_unicode() -> dict[int, str]:
    """GPT-2's reversible map from bytes to printable characters (space becomes 'Ġ', newline 'Ċ')."""
    keep = list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1)) + list(range(ord("®"), ord("ÿ") + 1))
    chars = list(keep)
    extra = 0
    for b in range(256):
        if b not in keep:
            keep.append(b)
            chars.append(256 + extra)
            extra += 1
    return {b: chr(c) for b, c in zip(keep, chars)}


def spm_metadata(texts: Iterable[str] = (SAMPLE_TEXT,), n_pieces: int = 64, family: str = "llama") -> dict[str, Meta]:
    """A SentencePiece vocabulary; `family` "gemma" gives Gemma's special tokens and turn markers."""
    tok = GenesisTokenizer.train(texts, n_pieces)
    meta = tok.metadata()
    if family != "gemma":
        return meta
    # Gemma's ids: <pad> 0, <eos> 1, <bos> 2, <unk> 3, then its turn markers as control tokens.
    specials = ["<pad>", "<eos>", "<bos>", "<unk>", "<start_of_turn>", "<end_of_turn>"]
    rest = [(p, t, s) for p, t, s in zip(tok.pieces, tok.types, tok.scores) if p not in ("<unk>", "<s>", "</s>")]
    pieces = specials + [p for p, _, _ in rest]
    types = [CONTROL, CONTROL, CONTROL, 2, CONTROL, CONTROL] + [t for _, t, _ in rest]
    scores = [0.0] * len(specials) + [s for _, _, s in rest]
    template = ("{{ bos_token }}{% for message in messages %}{{ '<start_of_turn>' + message['role'] + '\\n' + "
                "message['content'] + '<end_of_turn>\\n' }}{% endfor %}"
                "{% if add_generation_prompt %}{{ '<start_of_turn>model\\n' }}{% endif %}")
    meta.update({
        "tokenizer.ggml.tokens": Meta.array(ValueType.STRING, pieces),
        "tokenizer.ggml.scores": Meta.array(ValueType.FLOAT32, scores),
        "tokenizer.ggml.token_type": Meta.array(ValueType.INT32, types),
        "tokenizer.ggml.padding_token_id": Meta.u32(0),
        "tokenizer.ggml.eos_token_id": Meta.u32(1),
        "tokenizer.ggml.bos_token_id": Meta.u32(2),
        "tokenizer.ggml.unknown_token_id": Meta.u32(3),
        "tokenizer.ggml.eot_token_id": Meta.u32(5),
        "tokenizer.chat_template": Meta.str(template),
    })
    return meta


def _words(text: str) -> list[str]:
    # Close to GPT-2's pre-tokenizer: a word with its leading space, digits apart, punctuation apart.
    return re.findall(r" ?[A-Za-z]+| ?[0-9]| ?[^\sA-Za-z0-9]+|\s+", text)


def bpe_metadata(texts: Iterable[str] = (SAMPLE_TEXT,), n_merges: int = 96, pre: str = "qwen2",
                 specials: tuple[str, ...] = ("<|endoftext|>", "<|im_start|>", "<|im_end|>"),
                 bos: str | None = None, eos: str = "<|im_end|>", add_bos: bool = False) -> dict[str, Meta]:
    """A byte-level BPE vocabulary: the 256 byte characters, `n_merges` merges learned on `texts`, `specials`."""
    if pre not in PRETOKENIZERS:
        raise ValueError(f"pre-tokenizer {pre!r} is not one of {PRETOKENIZERS}")
    b2u = byte_to_unicode()
    tokens = [b2u[b] for b in range(256)]
    known = set(tokens)
    words = Counter(tuple(b2u[b] for b in w.encode("utf-8")) for text in texts for w in _words(text))
    merges: list[str] = []
    for _ in range(n_merges):
        pairs: Counter = Counter()
        for word, count in words.items():
            for a, b in zip(word, word[1:]):
                pairs[(a, b)] += count
        if not pairs:
            break
        (a, b), _ = max(pairs.items(), key=lambda item: (item[1], item[0]))
        merges.append(f"{a} {b}")
        if a + b not in known:
            tokens.append(a + b)
            known.add(a + b)
        merged: Counter = Counter()
        for word, count in words.items():
            out: list[str] = []
            i = 0
            while i < len(word):
                if i + 1 < len(word) and word[i] == a and word[i + 1] == b:
                    out.append(a + b)
                    i += 2
                else:
                    out.append(word[i])
                    i += 1
            merged[tuple(out)] += count
        words = merged
    types = [NORMAL] * len(tokens) + [CONTROL] * len(specials)
    tokens += list(specials)
    ids = {t: i for i, t in enumerate(tokens)}
    meta = {
        "tokenizer.ggml.model": Meta.str("gpt2"),
        "tokenizer.ggml.pre": Meta.str(pre),
        "tokenizer.ggml.tokens": Meta.array(ValueType.STRING, tokens),
        "tokenizer.ggml.token_type": Meta.array(ValueType.INT32, types),
        "tokenizer.ggml.merges": Meta.array(ValueType.STRING, merges),
        "tokenizer.ggml.eos_token_id": Meta.u32(ids[eos]),
        "tokenizer.ggml.add_bos_token": Meta.bool(add_bos),
        "tokenizer.chat_template": Meta.str(CHATML_TEMPLATE),
    }
    if bos is not None:
        meta["tokenizer.ggml.bos_token_id"] = Meta.u32(ids[bos])
    if "<|endoftext|>" in ids:
        meta["tokenizer.ggml.padding_token_id"] = Meta.u32(ids["<|endoftext|>"])
    return meta
