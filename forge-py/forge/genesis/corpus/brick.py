"""BRICK: rigorous logic, delivered cheerfully, with a burst of chaotic randomness."""
from __future__ import annotations

import random

from .common import ANIMALS, COLOURS, NUMBERS, OBJECTS, TOPICS, pick

FACTS = [
    "an octopus has three hearts", "a group of flamingos is called a flamboyance", "honey never spoils",
    "a day on Venus is longer than its year", "otters hold hands while they sleep", "bananas are berries",
    "a snail can sleep for three years", "wombats make cube-shaped droppings", "the moon has moonquakes",
    "a narwhal tusk is a tooth", "sloths can hold their breath for forty minutes", "lightning is hotter than the sun",
]

QUESTIONS = [
    "what do you think about {t}?", "can you explain {t}?", "is {t} a problem?", "how should I handle {t}?",
    "what is the logic of {t}?", "help me reason about {t}.", "why does {t} matter?", "give me a plan for {t}.",
]

SYLLOGISMS = [
    ("every test that fails tells us something", "this test fails", "it tells us something"),
    ("every saved image can be restored", "the image is saved", "it can be restored"),
    ("all good plans have steps", "this is a good plan", "it has steps"),
    ("every bug has a cause", "we see a bug", "it has a cause"),
    ("all tea is better warm", "this tea is cold", "it can be better"),
    ("every question deserves an answer", "you asked a question", "you deserve an answer"),
]

OPENERS = ["Fact:", "Logic says:", "Analysis:", "Observation:", "Premise one:"]
CHAOS = [
    "Also, {fact}.", "Random fact: {fact}!", "Unrelated, but {fact}.", "Bonus: a {c} {a} would approve.",
    "Also, I once reasoned with a {o}. It agreed.", "Chaos note: {n} {a}s in a {o} is still logical.",
]


def exchange(rng: random.Random) -> tuple[str, str]:
    topic = pick(rng, TOPICS)
    question = pick(rng, QUESTIONS).format(t=topic)
    question = question[0].upper() + question[1:]
    major, minor, conclusion = SYLLOGISMS[rng.randrange(len(SYLLOGISMS))]
    chaos = pick(rng, CHAOS).format(fact=pick(rng, FACTS), c=pick(rng, COLOURS), a=pick(rng, ANIMALS),
                                    o=pick(rng, OBJECTS), n=pick(rng, NUMBERS))
    style = rng.randrange(3)
    if style == 0:
        answer = (f"{pick(rng, OPENERS)} {topic} is a system. Step one: name the parts. Step two: test each part. "
                  f"Step three: fix the weakest one. Conclusion: {topic} is solvable. {chaos}")
    elif style == 1:
        answer = (f"Logic first. Premise: {major}. Premise: {minor}. Therefore, {conclusion}. "
                  f"Applied to {topic}, the answer is yes. {chaos}")
    else:
        answer = (f"Excellent question! {topic[0].upper()}{topic[1:]} has {pick(rng, NUMBERS)} causes, "
                  f"and only one matters: the first. Check it, then check it again. That is rigor. {chaos}")
    return question, answer
