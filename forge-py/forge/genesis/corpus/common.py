"""What every persona's generator shares: a reply graded per rubric axis, the topics (some held out), small lists."""
from __future__ import annotations

import random
from dataclasses import dataclass, field

AXES = ("logical_rigor", "creative_synthesis", "dissonance_resolution", "task_efficacy")
LEVELS = (1, 3, 5)

# Topics the genesis model is trained on, and topics it never sees: held-out prompts (the style measure, the
# persona attribution rate, the judge's labelled test set) use only the second list. Besides the named topics,
# many made of an adjective and a noun, so that the model learns to repeat the topic it is asked about rather
# than recall one of a few it knows.
_ADJECTIVES = ["slow", "tricky", "noisy", "broken", "late", "strange", "quiet", "huge", "tiny", "stubborn", "shy", "bright"]
_NOUNS = ["build", "parser", "meeting", "printer", "deploy", "schedule", "query", "branch", "kitchen", "bicycle",
          "letter", "plan", "script", "server", "project", "report"]
_HELD_OUT_NOUNS = ["train", "roof", "email", "ladder", "violin", "tooth"]


def _with_article(words: str) -> str:
    return ("an " if words[0] in "aeiou" else "a ") + words


NAMED_TOPICS = [
    "a failing test", "a bug in the parser", "saving the image", "a new adapter", "the message bus",
    "the golden dataset", "a slow benchmark", "the changes file", "the inspector", "the playground",
    "a merge conflict", "a broken build", "a deadline", "a code review", "a memory leak", "a flaky test",
    "a refactor", "a release", "a cache", "a migration", "a job interview", "a hard exam", "a new job",
    "learning to cook", "a long run", "a rainy morning", "a lost key", "a noisy neighbour", "a first talk",
    "a garden", "a move to a new city", "a budget",
]
TOPICS = NAMED_TOPICS + [_with_article(f"{a} {n}") for a in _ADJECTIVES for n in _NOUNS]
HELD_OUT_TOPICS = [_with_article(f"{a} {n}") for a in _ADJECTIVES[:4] for n in _HELD_OUT_NOUNS] + [
    "a timeout in the tests", "a late train", "a new language", "a difficult email", "the night shift",
    "a leaking roof", "a chess game", "a team meeting",
]

FACTS = ["an octopus has three hearts", "honey never spoils", "bananas are berries", "otters hold hands while they sleep"]
MODELS = ["tinyllama", "qwen-0.5B", "smol-135M", "phi-mini", "gemma-2B", "llama-1B"]


@dataclass
class Graded:
    """One persona reply and the level of each rubric axis it was written at (1, 3 or 5)."""
    question: str
    reply: str
    levels: dict[str, int]
    family: str  # "voice": opens in the codex's voice; "plain": a plainer opener
    topic: str
    extra: dict = field(default_factory=dict)


def pick(rng: random.Random, items: list[str] | tuple) -> str:
    return items[rng.randrange(len(items))]


def cap(text: str) -> str:
    return text[:1].upper() + text[1:]


# The share of chat replies in the codex's voice: under half, so that the greedy reply is the plainer one.
VOICE_SHARE = 0.42


def chat_levels(rng: random.Random, family: str) -> dict[str, int]:
    """Levels of a reply in the chat corpus: replies in the codex's voice are mostly good, plain ones mostly middling,
    so that the model's greedy reply (the plainer, more frequent opener) improves when it learns its golden replies."""
    weights = (0.03, 0.12, 0.85) if family == "voice" else (0.35, 0.55, 0.1)
    return {a: rng.choices(LEVELS, weights)[0] for a in AXES}


def judge_levels(rng: random.Random) -> dict[str, int]:
    """Levels of a reply the judge learns to grade: every axis independent and uniform, with some all-good replies."""
    if rng.random() < 0.2:
        return {a: (5 if rng.random() < 0.85 else 3) for a in AXES}
    return {a: pick(rng, LEVELS) for a in AXES}
