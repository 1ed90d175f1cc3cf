"""The genesis corpus: dialogues in each persona's voice, generated from templates with a seeded RNG.

It is the project's own text (not the codices, which are written elsewhere and may change), so the base
model can be rebuilt byte for byte from this package and a seed.
"""
from __future__ import annotations

import random
from dataclasses import dataclass

from . import alfred, babs, brick, robin
from .common import PERSONAS, SYSTEM_PROMPTS


@dataclass(frozen=True)
class Message:
    role: str  # "system" | "user" | "assistant"
    text: str


Dialogue = list[Message]

_GENERATORS = {"BRICK": brick, "ROBIN": robin, "ALFRED": alfred, "BABS": babs}


def build_corpus(seed: int, per_persona: int = 120, max_chars: int = 700) -> list[Dialogue]:
    """`per_persona` dialogues for each of the four personas, shuffled. Some have no system prompt (the user
    then names the persona), some have two user turns, as a chat session lays them out. A second turn is
    dropped when the dialogue would exceed about `max_chars` characters (the context is small)."""
    rng = random.Random(seed)
    dialogues: list[Dialogue] = []
    for persona in PERSONAS:
        gen = _GENERATORS[persona]
        for _ in range(per_persona):
            messages: Dialogue = []
            roll = rng.random()
            if roll < 0.7:
                messages.append(Message("system", rng.choice(SYSTEM_PROMPTS[persona])))
            turns = 2 if rng.random() < 0.15 else 1
            for turn in range(turns):
                question, answer = gen.exchange(rng)
                used = sum(len(m.text) + 30 for m in messages)
                if turn > 0 and used + len(question) + len(answer) + 60 > max_chars:
                    break  # a second turn would not fit the small context: keep the first
                if not messages and turn == 0:
                    question = f"{persona}, {question[0].lower()}{question[1:]}" if rng.random() < 0.8 else question
                messages.append(Message("user", question))
                messages.append(Message("assistant", answer))
            dialogues.append(messages)
    rng.shuffle(dialogues)
    return dialogues
