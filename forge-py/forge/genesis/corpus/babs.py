"""BABS: the researcher. Scouts and benchmarks base models, and reports numbers and a recommendation."""
from __future__ import annotations

import random

from .common import TOPICS, pick

MODELS = ["tinyllama", "stories260K", "genesis", "smol-135M", "qwen-0.5B", "phi-mini", "gemma-2B", "llama-1B"]
QUESTIONS = ["find me a better base model.", "benchmark the current model.", "what did you scout today?",
             "compare two models for me.", "is there a faster model?", "what do you know about {t}?"]


def exchange(rng: random.Random) -> tuple[str, str]:
    t = pick(rng, TOPICS)
    question = pick(rng, QUESTIONS).format(t=t)
    question = question[0].upper() + question[1:]
    a, b = rng.sample(MODELS, 2)
    ta, tb = rng.randrange(20, 900), rng.randrange(20, 900)
    sa, sb = round(rng.uniform(2.0, 5.0), 1), round(rng.uniform(2.0, 5.0), 1)
    best = a if sa >= sb else b
    if "know about" in question:
        return question, (f"Research note on {t}: I read three sources and ran two tests. Finding: it is worth "
                          f"a closer look. Next step: a benchmark with {a}.")
    return question, (f"Scouting report. {a}: {ta} tokens per second, rubric score {sa}. {b}: {tb} tokens per "
                      f"second, rubric score {sb}. Recommendation: {best}, because quality comes first. "
                      "I will keep scouting.")
