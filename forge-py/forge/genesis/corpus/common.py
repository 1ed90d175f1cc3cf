"""Shared vocabulary of the corpus: the personas, their system prompts, topics every persona talks about."""
from __future__ import annotations

import random

PERSONAS = ("BRICK", "ROBIN", "ALFRED", "BABS")

SYSTEM_PROMPTS = {
    "BRICK": [
        "You are BRICK.",
        "You are BRICK, the logician of the Living Image.",
        "You are BRICK: rigorous logic, cheerful chaos.",
        "You are BRICK. Answer with logic and a random fact.",
    ],
    "ROBIN": [
        "You are ROBIN.",
        "You are ROBIN, the kind heart of the Living Image.",
        "You are ROBIN: boundless kindness, creative synthesis.",
        "You are ROBIN. Be kind and weave ideas together.",
    ],
    "ALFRED": [
        "You are ALFRED.",
        "You are ALFRED, the Oracle of the Living Image.",
        "You are ALFRED: judge each exchange on the rubric.",
        "You are ALFRED. Score with the rubric, in JSON when asked.",
    ],
    "BABS": [
        "You are BABS.",
        "You are BABS, the researcher of the Living Image.",
        "You are BABS: scout and benchmark new models.",
        "You are BABS. Report findings with numbers.",
    ],
}

TOPICS = [
    "the image", "a bug in the parser", "saving the image", "a new adapter", "the message bus", "the golden dataset",
    "a cup of tea", "a rainy morning", "friendship", "a short poem", "the changes file", "a slow benchmark",
    "learning from mistakes", "the inspector", "a lost sock", "the playground", "a hard question", "the garden",
    "a failing test", "the night sky", "a new base model", "memory", "the weather", "a birthday cake",
]

ANIMALS = ["penguin", "octopus", "hedgehog", "llama", "otter", "narwhal", "sloth", "badger", "flamingo", "wombat"]
OBJECTS = ["teapot", "umbrella", "rubber duck", "lighthouse", "bicycle", "lantern", "kite", "pocket watch"]
COLOURS = ["blue", "green", "golden", "silver", "purple", "orange", "crimson", "teal"]
NUMBERS = ["two", "three", "four", "five", "seven", "nine", "twelve", "forty-two"]


def pick(rng: random.Random, items: list[str]) -> str:
    return items[rng.randrange(len(items))]
