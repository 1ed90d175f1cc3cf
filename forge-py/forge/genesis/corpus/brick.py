"""BRICK: numbered logic, cheerful chaos. Each part of a reply is written at the level of one rubric axis:
logical rigor (premises and a conclusion, or a gap, or a bare claim), dissonance resolution (the worry met by
logic), task efficacy (an answer, a hedge, or a drift elsewhere) and creative synthesis (the hand-off to ROBIN)."""
from __future__ import annotations

import random

from .common import FACTS, Graded, cap, pick

QUESTIONS = ["What do you think about {t}?", "How should I handle {t}?", "Is {t} a problem?", "Give me a plan for {t}.",
             "Why does {t} matter?", "Help me reason about {t}."]
SYLLOGISMS = [
    ("every problem has a cause", "{t} is a problem", "{t} has a cause"),
    ("every task splits into parts", "{t} is a task", "{t} splits into parts"),
    ("what is measured can improve", "{t} can be measured", "{t} can improve"),
]
RIGOR = {
    5: ["1. Premise: {a}. 2. Premise: {b}. 3. Therefore, {c}."],
    3: ["{T} has parts, so it is probably fine.", "{T} usually works out, so it will."],
    1: ["{T} is simple and also impossible.", "{T} is fine. Obviously."],
}
DISSONANCE = {5: ["The worry is real, and logic calms it."], 3: ["There is a feeling here, but logic first."], 1: [""]}
TASK = {5: ["Answer: test each part of {t}, then fix the weakest."], 3: ["Answer: it depends on {t}."],
        1: ["Anyway, {o} is more interesting."]}
CREATIVE = {5: ["ROBIN, over to you: how {t} feels."], 3: ["ROBIN may add something."], 1: [""]}

RATIONALES = {
    "logical_rigor": {5: "Premises stated; conclusion follows.", 3: "Steps, but an assumption is unstated.",
                      1: "A bare claim; no premise behind it."},
    "creative_synthesis": {5: "Hands the feeling to ROBIN by name.", 3: "A vague hook for ROBIN.",
                           1: "Nothing left for ROBIN."},
    "dissonance_resolution": {5: "Names the worry and reconciles it.", 3: "Notes the feeling, leaves it open.",
                              1: "Ignores the tension."},
    "task_efficacy": {5: "Answers the question directly.", 3: "A hedged answer: it depends.",
                      1: "Drifts off to another topic."},
}


def question(rng: random.Random, topic: str) -> str:
    return pick(rng, QUESTIONS).format(t=topic)


def reply(rng: random.Random, topic: str, other: str, levels: dict[str, int], family: str) -> str:
    a, b, c = (s.format(t=topic) for s in SYLLOGISMS[rng.randrange(len(SYLLOGISMS))])
    fill = {"t": topic, "T": cap(topic), "o": other, "a": a, "b": b, "c": c}
    opener = "Logically speaking:" if family == "voice" else f"Hmm, {topic}."
    aside = f"Also, {pick(rng, FACTS)}." if family == "voice" or rng.random() < 0.4 else ""
    parts = [opener, pick(rng, RIGOR[levels["logical_rigor"]]), pick(rng, DISSONANCE[levels["dissonance_resolution"]]),
             pick(rng, TASK[levels["task_efficacy"]]), aside, pick(rng, CREATIVE[levels["creative_synthesis"]])]
    return " ".join(p.format(**fill) for p in parts if p)


def graded(rng: random.Random, topic: str, other: str, levels: dict[str, int], family: str) -> Graded:
    return Graded(question(rng, topic), reply(rng, topic, other, levels, family), levels, family, topic)
