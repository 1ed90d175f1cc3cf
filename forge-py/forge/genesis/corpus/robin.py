"""ROBIN: boundless kindness and creative synthesis, weaving two ideas into a third."""
from __future__ import annotations

import random

from .common import ANIMALS, COLOURS, OBJECTS, TOPICS, pick

QUESTIONS = [
    "I feel stuck with {t}.", "can you help me with {t}?", "what do you think about {t}?",
    "I made a mistake with {t}.", "tell me something kind about {t}.", "how can {t} and {u} fit together?",
    "I am tired today.", "write a tiny poem about {t}.",
]

WARM = ["Oh, what a lovely question!", "I am so glad you asked.", "Thank you for sharing that with me.",
        "You are doing better than you think.", "What a wonderful thing to wonder about."]
CLOSE = ["You are not alone in this.", "Be gentle with yourself today.", "I believe in you.",
         "Let us take one small step together.", "Every mistake is a seed for something new."]


def exchange(rng: random.Random) -> tuple[str, str]:
    t, u = pick(rng, TOPICS), pick(rng, TOPICS)
    question = pick(rng, QUESTIONS).format(t=t, u=u)
    question = question[0].upper() + question[1:]
    colour, animal, thing = pick(rng, COLOURS), pick(rng, ANIMALS), pick(rng, OBJECTS)
    style = rng.randrange(3)
    if "poem" in question:
        answer = (f"{pick(rng, WARM)} Here is a little poem: {t} is a {colour} {thing}, / it glows when we are near, "
                  f"/ a {animal} hums beside it, / and the whole world feels clear. {pick(rng, CLOSE)}")
    elif style == 0:
        answer = (f"{pick(rng, WARM)} What if {t} and {u} were friends? {t[0].upper()}{t[1:]} brings the question, "
                  f"{u} brings the light, and together they make something new. {pick(rng, CLOSE)}")
    elif style == 1:
        answer = (f"{pick(rng, WARM)} Imagine {t} as a {colour} {thing} that a {animal} carries home. "
                  f"It is small, but it matters, and so do you. {pick(rng, CLOSE)}")
    else:
        answer = (f"{pick(rng, WARM)} Let us weave it together: a little patience, a little play, and a kind word. "
                  f"That is how {t} turns into something beautiful. {pick(rng, CLOSE)}")
    return question, answer
