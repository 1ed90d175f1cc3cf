"""The genesis tokenizer: a SentencePiece-style `llama` vocabulary of single characters with byte fallback.

With single-character pieces llama.cpp's SPM merge loop finds no pair to merge, so its output is exactly
this: each character's piece if it has one, else the UTF-8 bytes as `<0xXX>` tokens. Spaces are `▁`, and
`add_space_prefix` is false so no `▁` is inserted after special tokens.
"""
from __future__ import annotations

import string

from ..gguf.constants import ValueType
from ..gguf.metadata import Meta

SPACE = "\u2581"
UNK, BOS, EOS, IM_START, IM_END = "<unk>", "<s>", "</s>", "<|im_start|>", "<|im_end|>"

# llama.cpp token types
NORMAL, UNKNOWN, CONTROL, BYTE = 1, 2, 3, 6

CHATML_TEMPLATE = (
    "{% for message in messages %}{{'<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n'}}"
    "{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}"
)


class CharTokenizer:
    """I map text to ids: printable ASCII as characters (space as `▁`), everything else as UTF-8 bytes."""

    def __init__(self) -> None:
        pieces = [UNK, BOS, EOS, IM_START, IM_END]
        types = [UNKNOWN, CONTROL, CONTROL, CONTROL, CONTROL]
        pieces += [f"<0x{b:02X}>" for b in range(256)]
        types += [BYTE] * 256
        chars = [SPACE] + [c for c in string.printable if c.isprintable() and c != " "]
        pieces += chars
        types += [NORMAL] * len(chars)
        self.pieces = pieces
        self.types = types
        self.ids = {p: i for i, p in enumerate(pieces)}
        self.bos_id, self.eos_id = self.ids[BOS], self.ids[EOS]
        self.im_start_id, self.im_end_id = self.ids[IM_START], self.ids[IM_END]
        self._byte0 = self.ids["<0x00>"]
        self._char_ids = {c: self.ids[c] for c in chars}

    @property
    def vocab_size(self) -> int:
        return len(self.pieces)

    def encode(self, text: str) -> list[int]:
        out: list[int] = []
        for ch in text.replace(" ", SPACE):
            tid = self._char_ids.get(ch)
            if tid is not None:
                out.append(tid)
            else:
                out.extend(self._byte0 + b for b in ch.encode("utf-8"))
        return out

    def decode(self, ids: list[int]) -> str:
        raw = bytearray()
        for tid in ids:
            piece = self.pieces[tid]
            if self.types[tid] == BYTE:
                raw.append(int(piece[3:5], 16))
            elif self.types[tid] == NORMAL:
                raw += piece.replace(SPACE, " ").encode("utf-8")
            elif tid in (self.im_start_id, self.im_end_id):
                raw += piece.encode("utf-8")
        return raw.decode("utf-8", errors="replace")

    def metadata(self) -> dict[str, Meta]:
        # Scores only order merges; with single characters there are none, so they are all zero.
        return {
            "tokenizer.ggml.model": Meta.str("llama"),
            "tokenizer.ggml.tokens": Meta.array(ValueType.STRING, self.pieces),
            "tokenizer.ggml.scores": Meta.array(ValueType.FLOAT32, [0.0] * self.vocab_size),
            "tokenizer.ggml.token_type": Meta.array(ValueType.INT32, self.types),
            "tokenizer.ggml.unknown_token_id": Meta.u32(self.ids[UNK]),
            "tokenizer.ggml.bos_token_id": Meta.u32(self.bos_id),
            "tokenizer.ggml.eos_token_id": Meta.u32(self.eos_id),
            "tokenizer.ggml.eot_token_id": Meta.u32(self.im_end_id),
            "tokenizer.ggml.add_bos_token": Meta.bool(True),
            "tokenizer.ggml.add_eos_token": Meta.bool(False),
            "tokenizer.ggml.add_space_prefix": Meta.bool(False),
            "tokenizer.chat_template": Meta.str(CHATML_TEMPLATE),
        }
