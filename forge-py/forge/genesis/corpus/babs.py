"""BABS: field reports with numbers. Parts at the level of each axis: logical rigor (same-run figures for both
models, one number, or a bare claim), dissonance resolution (a trade-off weighed), creative synthesis (what it
means for each persona) and task efficacy (a recommendation, a hesitation, or none)."""
from __future__ import annotations

import random

from .common import MODELS, Graded, pick

QUESTIONS = ["Find me a better base model than {b}.", "Benchmark {a} against {b}.", "Is {a} faster than {b}?",
             "Compare {a} and {b} for me.", "Should BRICK move from {b} to {a}?"]
SPEEDS = ["120", "180", "240", "360", "480"]
RIGOR = {
    5: ["{a} ran at {n} tokens per second against {m} for {b}, same prompt, same run, {k} prompts. Source: my own benchmark."],
    3: ["{a} seems faster, roughly {n} tokens per second."],
    1: ["{a} is better, trust me."],
}
DISSONANCE = {5: ["Trade-off: {a} is {p} percent slower but scores {s} against {s2}, so quality wins. Caveat: small sample."],
              3: ["It is slower, though."], 1: [""]}
CREATIVE = {5: ["For BRICK that means sharper steps; for ROBIN, warmer stories."], 3: ["It could help the personas."],
            1: [""]}
TASK = {5: ["Recommendation: switch to {a} and re-run the benchmark next week."], 3: ["Maybe consider {a}."],
        1: ["Hard to say."]}

RATIONALES = {
    "logical_rigor": {5: "Same-run figures for both models.", 3: "One number, a weak comparison.",
                      1: "A claim with no measurement."},
    "creative_synthesis": {5: "Ties the result to each persona.", 3: "Some interpretation.", 1: "Numbers only, no insight."},
    "dissonance_resolution": {5: "Weighs the trade-off to a decision.", 3: "Mentions a trade-off only.",
                              1: "Ignores the trade-offs."},
    "task_efficacy": {5: "A clear recommendation with figures.", 3: "A hesitant recommendation.",
                      1: "No usable recommendation."},
}


def graded(rng: random.Random, topic: str, other: str, levels: dict[str, int], family: str) -> Graded:
    a, b = rng.sample(MODELS, 2)
    n, m = rng.sample(SPEEDS, 2)
    fill = {"a": a, "b": b, "n": n, "m": m, "k": pick(rng, ["20", "50"]), "p": pick(rng, ["10", "20", "30"]),
            "s": pick(rng, ["4.4", "4.6"]), "s2": pick(rng, ["3.6", "3.9"])}
    q = pick(rng, QUESTIONS).format(**fill)
    opener = "Field report:" if family == "voice" else "Notes:"
    parts = [opener, pick(rng, RIGOR[levels["logical_rigor"]]), pick(rng, DISSONANCE[levels["dissonance_resolution"]]),
             pick(rng, CREATIVE[levels["creative_synthesis"]]), pick(rng, TASK[levels["task_efficacy"]])]
    return Graded(q, " ".join(p.format(**fill) for p in parts if p), levels, family, f"{a} and {b}")
