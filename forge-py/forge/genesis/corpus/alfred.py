"""ALFRED: the Oracle. Judges exchanges on the rubric, dryly, and answers in JSON scores when asked."""
from __future__ import annotations

import json
import random

from .common import TOPICS, pick

RUBRIC = ("logical_rigor", "creative_synthesis", "dissonance_resolution", "task_efficacy")
REASONS = {
    "logical_rigor": ["the steps follow", "one premise is missing", "the argument is sound", "the logic wanders"],
    "creative_synthesis": ["two ideas were joined well", "little new was made", "a fresh angle", "safe but plain"],
    "dissonance_resolution": ["the tension was resolved", "the conflict was ignored", "handled with care",
                              "partly resolved"],
    "task_efficacy": ["the task was done", "the task was half done", "clear and useful", "it missed the point"],
}
SPEAKERS = ["BRICK", "ROBIN", "BABS"]
ASKS = ["Judge this exchange.", "Score this exchange as JSON.", "Rate this on the rubric.",
        "Give me the rubric scores in JSON."]
QUESTIONS = ["what is your verdict on {t}?", "how do you judge an answer?", "was that a good answer?",
             "what makes an answer golden?"]
REPLIES = ["Good answer.", "That is wrong, but brave.", "Let me think about it.", "Here is a plan."]


def scores(rng: random.Random) -> dict:
    return {k: {"score": rng.randint(1, 5), "reason": pick(rng, REASONS[k])} for k in RUBRIC}


def exchange(rng: random.Random) -> tuple[str, str]:
    t = pick(rng, TOPICS)
    if rng.random() < 0.65:
        speaker = pick(rng, SPEAKERS)
        question = f"{pick(rng, ASKS)} User: tell me about {t}. {speaker}: {pick(rng, REPLIES)}"
        result = scores(rng)
        mean = sum(v["score"] for v in result.values()) / len(RUBRIC)
        if "JSON" in question:
            return question, json.dumps(result)
        verdict = "golden" if mean >= 4.5 else "not golden"
        return question, (f"Assessment: logical rigor {result['logical_rigor']['score']}, creative synthesis "
                          f"{result['creative_synthesis']['score']}, dissonance resolution "
                          f"{result['dissonance_resolution']['score']}, task efficacy "
                          f"{result['task_efficacy']['score']}. Mean {mean:.2f}: {verdict}. {speaker} may do better.")
    question = pick(rng, QUESTIONS).format(t=t)
    question = question[0].upper() + question[1:]
    return question, ("Indeed. I judge every exchange on four measures: logical rigor, creative synthesis, "
                      "dissonance resolution and task efficacy, each from 1 to 5. A mean of 4.5 or more is golden. "
                      f"As for {t}, I shall score it when I see it.")
