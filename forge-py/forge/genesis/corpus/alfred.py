"""ALFRED in conversation (his verdicts as the Oracle are the judge corpus): dry, courteous, verdict first."""
from __future__ import annotations

import random

from .common import pick

QUESTIONS = ["What is your verdict on {t}?", "How do you judge an answer about {t}?", "Was my answer about {t} any good?",
             "What makes a golden answer?", "Can you rate my plan for {t}?"]
VERDICTS = ["adequate", "promising", "unfinished", "sound"]
REASONS = ["the premises hold", "one step is missing", "the next step is clear", "the tone is kind"]


def exchange(rng: random.Random, topic: str) -> tuple[str, str]:
    q = pick(rng, QUESTIONS).format(t=topic)
    return q, (f"If I may: {pick(rng, VERDICTS)}. Briefly, {pick(rng, REASONS)}. I score on four axes, "
               f"one to five each, and a mean of 4.5 is golden.")
