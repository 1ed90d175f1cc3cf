"""Lays a dialogue out exactly as node-llama-cpp's ChatMLChatWrapper does at inference, with a loss mask.

BOS, then per turn `<|im_start|>system\\n…<|im_end|>\\n` (only when the system text is not empty),
`<|im_start|>user\\n…<|im_end|>\\n`, `<|im_start|>assistant\\n…<|im_end|>\\n`. The mask is 1 on the assistant's
text and its `<|im_end|>` (where generation must stop), 0 elsewhere.
"""
from __future__ import annotations

from .corpus import Dialogue
from .tokenizer import GenesisTokenizer


def chatml_tokens(tok: GenesisTokenizer, dialogue: Dialogue) -> tuple[list[int], list[int]]:
    tokens = [tok.bos_id]
    mask = [0]
    nl = tok.encode("\n")
    for message in dialogue:
        if message.role == "system" and not message.text:
            continue
        head = [tok.im_start_id] + tok.encode(message.role + "\n")
        body = tok.encode(message.text)
        learn = 1 if message.role == "assistant" else 0
        tokens += head + body + [tok.im_end_id] + nl
        mask += [0] * len(head) + [learn] * (len(body) + 1) + [0] * len(nl)
    return tokens, mask


def chatml_prompt(tok: GenesisTokenizer, dialogue: Dialogue) -> list[int]:
    """The prompt node-llama-cpp evaluates before generating the next assistant reply."""
    tokens, _ = chatml_tokens(tok, dialogue)
    return tokens + [tok.im_start_id] + tok.encode("assistant\n")
