"""The genesis tokenizer: a SentencePiece-style `llama` vocabulary (byte fallback, ChatML control tokens,
printable ASCII characters, and word pieces learned from the corpus) with llama.cpp's own SPM algorithm.

`encode` is a transcription of llama.cpp's `llm_tokenizer_spm`: split into characters, then repeatedly
merge the adjacent pair whose concatenation is the highest-scoring token (ties: leftmost first), then
fall back to `<0xXX>` bytes for characters without a token. Learned pieces get scores that fall with
their merge rank. Spaces are `▁`, and `add_space_prefix` is false so no `▁` follows special tokens.
"""
from __future__ import annotations

import heapq
import re
import string
from collections import Counter
from typing import Iterable

from ..gguf.constants import ValueType
from ..gguf.metadata import Meta
from ..gguf.reader import GgufFile

SPACE = "\u2581"
UNK, BOS, EOS, IM_START, IM_END = "<unk>", "<s>", "</s>", "<|im_start|>", "<|im_end|>"

# llama.cpp token types
NORMAL, UNKNOWN, CONTROL, BYTE = 1, 2, 3, 6

CHATML_TEMPLATE = (
    "{% for message in messages %}{{'<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n'}}"
    "{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}"
)

# Learned pieces are whole or partial words: an optional ▁ and letters, never spanning punctuation.
_WORD = re.compile(SPACE + "?[A-Za-z]+")


def base_vocabulary() -> tuple[list[str], list[int]]:
    pieces = [UNK, BOS, EOS, IM_START, IM_END] + [f"<0x{b:02X}>" for b in range(256)]
    types = [UNKNOWN, CONTROL, CONTROL, CONTROL, CONTROL] + [BYTE] * 256
    chars = [SPACE] + [c for c in string.printable if c.isprintable() and c != " "]
    return pieces + chars, types + [NORMAL] * len(chars)


class GenesisTokenizer:
    """I turn text into token ids exactly as llama.cpp does for the vocabulary I hold."""

    def __init__(self, pieces: list[str], types: list[int], scores: list[float]) -> None:
        self.pieces, self.types, self.scores = pieces, types, scores
        self.ids = {p: i for i, p in enumerate(pieces)}
        self.bos_id, self.eos_id = self.ids[BOS], self.ids[EOS]
        self.im_start_id, self.im_end_id = self.ids[IM_START], self.ids[IM_END]
        self._byte0 = self.ids["<0x00>"]

    @staticmethod
    def characters_only() -> "GenesisTokenizer":
        pieces, types = base_vocabulary()
        return GenesisTokenizer(pieces, types, [0.0] * len(pieces))

    @staticmethod
    def train(texts: Iterable[str], n_pieces: int) -> "GenesisTokenizer":
        """Byte-pair merges over the words of `texts`: the `n_pieces` most frequent pairs, in order."""
        pieces, types = base_vocabulary()
        scores = [0.0] * len(pieces)
        words: Counter[tuple[str, ...]] = Counter()
        for text in texts:
            for word in _WORD.findall(text.replace(" ", SPACE)):
                words[tuple(word)] += 1
        known = set(pieces)
        for rank in range(n_pieces):
            pairs: Counter[tuple[str, str]] = Counter()
            for word, count in words.items():
                for a, b in zip(word, word[1:]):
                    pairs[(a, b)] += count
            if not pairs:
                break
            # Most frequent first; ties broken by the pair itself so training is deterministic.
            (a, b), count = min(pairs.items(), key=lambda kv: (-kv[1], kv[0]))
            if count < 2:
                break
            merged = a + b
            if merged not in known:
                pieces.append(merged)
                types.append(NORMAL)
                scores.append(-float(rank + 1))
                known.add(merged)
            new_words: Counter[tuple[str, ...]] = Counter()
            for word, c in words.items():
                out: list[str] = []
                i = 0
                while i < len(word):
                    if i + 1 < len(word) and word[i] == a and word[i + 1] == b:
                        out.append(merged)
                        i += 2
                    else:
                        out.append(word[i])
                        i += 1
                new_words[tuple(out)] += c
            words = new_words
        return GenesisTokenizer(pieces, types, scores)

    @staticmethod
    def from_gguf(gguf: GgufFile) -> "GenesisTokenizer":
        return GenesisTokenizer(list(gguf.value("tokenizer.ggml.tokens")), list(gguf.value("tokenizer.ggml.token_type")),
                                list(gguf.value("tokenizer.ggml.scores")))

    @property
    def vocab_size(self) -> int:
        return len(self.pieces)

    def encode(self, text: str) -> list[int]:
        """llama.cpp's SPM tokenization of plain text (no special-token parsing, no BOS)."""
        symbols = list(text.replace(" ", SPACE))
        n = len(symbols)
        if n == 0:
            return []
        prev = list(range(-1, n - 1))
        nxt = list(range(1, n + 1))
        nxt[-1] = -1
        alive = [True] * n
        heap: list[tuple[float, int, int, int, str]] = []

        def try_add(left: int, right: int) -> None:
            if left < 0 or right < 0:
                return
            merged = symbols[left] + symbols[right]
            tid = self.ids.get(merged)
            if tid is None:
                return
            # llama.cpp pops the highest score first, then the leftmost: a min-heap on (-score, left).
            heapq.heappush(heap, (-self.scores[tid], left, right, len(merged), merged))

        for i in range(1, n):
            try_add(i - 1, i)
        while heap:
            _, left, right, size, merged = heapq.heappop(heap)
            if not alive[left] or not alive[right] or len(symbols[left]) + len(symbols[right]) != size \
                    or nxt[left] != right or symbols[left] + symbols[right] != merged:
                continue
            symbols[left] = merged
            alive[right] = False
            nxt[left] = nxt[right]
            if nxt[right] >= 0:
                prev[nxt[right]] = left
            try_add(prev[left], left)
            try_add(left, nxt[left])
        out: list[int] = []
        i = 0
        while i >= 0:
            tid = self.ids.get(symbols[i])
            if tid is not None and self.types[tid] == NORMAL:
                out.append(tid)
            else:
                out.extend(self._byte0 + b for b in symbols[i].encode("utf-8"))
            i = nxt[i]
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
        return {
            "tokenizer.ggml.model": Meta.str("llama"),
            "tokenizer.ggml.tokens": Meta.array(ValueType.STRING, self.pieces),
            "tokenizer.ggml.scores": Meta.array(ValueType.FLOAT32, self.scores),
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
