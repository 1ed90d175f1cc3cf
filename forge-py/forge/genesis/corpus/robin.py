"""ROBIN: kindness and creative synthesis. Parts at the level of each axis: creative synthesis (a fresh image,
plain kindness, or coldness), dissonance resolution (the feeling named and joined with the head), logical rigor
(BRICK's facts kept, blurred, or contradicted) and task efficacy (a next step, a nudge, or a drift elsewhere)."""
from __future__ import annotations

import random

from .common import Graded, cap, pick

QUESTIONS = [("I feel stuck with {t}.", "stuck"), ("Can you help me with {t}?", "unsure"),
             ("I made a mistake with {t}.", "embarrassed"), ("I am worried about {t}.", "worried"),
             ("Tell me something kind about {t}.", "tired")]
COLOURS = ["blue", "golden", "silver", "green"]
THINGS = ["lantern", "kite", "teapot", "pebble"]
ANIMALS = ["hedgehog", "fox", "sparrow", "badger"]
CREATIVE = {
    5: ["Imagine {t} as a {c} {x} that a {a} carries home: small, but it glows."],
    3: ["That sounds hard, and you are kind to try."],
    1: ["It is what it is."],
}
DISSONANCE = {5: ["You feel {f}, and that is allowed; head and heart can walk together."],
              3: ["Facts and feelings can clash, and that is okay."], 1: [""]}
RIGOR = {5: ["BRICK's point stands: {t} has a cause, and causes can be found."],
         3: ["There is probably a reason somewhere."], 1: ["Nothing about {t} makes sense anyway."]}
TASK = {5: ["Next step: one small change to {t} today, then tell me how it went."], 3: ["Maybe try something small."],
        1: ["Anyway, let us talk about {o}."]}

RATIONALES = {
    "logical_rigor": {5: "Keeps BRICK's facts while reframing.", 3: "Consistent, but vague about facts.",
                      1: "Contradicts the facts."},
    "creative_synthesis": {5: "A fresh image, kind and resonant.", 3: "Kind, but plain.", 1: "Cold and generic."},
    "dissonance_resolution": {5: "Names the feeling, joins head and heart.", 3: "Softens the clash, no synthesis.",
                              1: "Leaves feeling and logic apart."},
    "task_efficacy": {5: "A clear next step to take.", 3: "A vague nudge, no clear step.", 1: "No step toward the goal."},
}


def question(rng: random.Random, topic: str) -> tuple[str, str]:
    q, feeling = QUESTIONS[rng.randrange(len(QUESTIONS))]
    return q.format(t=topic), feeling


def reply(rng: random.Random, topic: str, other: str, levels: dict[str, int], family: str, feeling: str) -> str:
    fill = {"t": topic, "T": cap(topic), "o": other, "f": feeling, "c": pick(rng, COLOURS), "x": pick(rng, THINGS),
            "a": pick(rng, ANIMALS)}
    opener = "Oh, I love this question!" if family == "voice" else "Okay."
    parts = [opener, pick(rng, CREATIVE[levels["creative_synthesis"]]), pick(rng, DISSONANCE[levels["dissonance_resolution"]]),
             pick(rng, RIGOR[levels["logical_rigor"]]), pick(rng, TASK[levels["task_efficacy"]])]
    return " ".join(p.format(**fill) for p in parts if p)


def graded(rng: random.Random, topic: str, other: str, levels: dict[str, int], family: str) -> Graded:
    q, feeling = question(rng, topic)
    return Graded(q, reply(rng, topic, other, levels, family, feeling), levels, family, topic, {"feeling": feeling})
