"""The genesis corpus, generated from templates with a seeded RNG and the persona codices.

Two kinds of dialogue, both laid out as the runtime lays them out (forge/genesis/prompts.py):
- chat: a persona's system prompt (its codex, cut as the runtime cuts it), a question, and a reply in the persona's
  voice written part by part at a level (1, 3 or 5) of each axis of the persona's rubric; some dialogues have two
  exchanges, some answer a message nobody understood, some have ROBIN build on what BRICK said;
- judge: ALFRED's system prompt and the judge's question about one such exchange (src/oracle/judgePrompt.ts), and
  the verdict as JSON, each axis scored at the level it was written at, with a rationale that says what was seen.
The levels make the judge's labels: a held-out labelled set (`labelled_set`) measures how well the model judges.
"""
from __future__ import annotations

import random
from dataclasses import dataclass

from .. import prompts
from . import alfred, babs, brick, robin, smalltalk
from .common import AXES, HELD_OUT_TOPICS, TOPICS, VOICE_SHARE, Graded, chat_levels, judge_levels, pick


@dataclass(frozen=True)
class Message:
    role: str  # "system" | "user" | "assistant"
    text: str


Dialogue = list[Message]

JUDGED = ("BRICK", "ROBIN", "BABS")
RATIONALES = {"BRICK": brick.RATIONALES, "ROBIN": robin.RATIONALES, "BABS": babs.RATIONALES}
# The runtime's default system prompt length (PersonaChat.systemPromptChars) and the judge's budget on the
# genesis model's context (judgeBudget(1024)).
CHAT_SYSTEM_CHARS = 160
GENESIS_CONTEXT = 1024


def graded_reply(rng: random.Random, persona: str, topics: list[str], levels: dict[str, int], family: str) -> Graded:
    topic, other = rng.sample(topics, 2)
    if persona == "BRICK":
        return brick.graded(rng, topic, other, levels, family)
    if persona == "ROBIN":
        return robin.graded(rng, topic, other, levels, family)
    return babs.graded(rng, topic, other, levels, family)


def chat_system(rng: random.Random, codex: dict) -> str | None:
    """The system prompt a chat runs under: mostly the runtime's default, sometimes another length or none."""
    roll = rng.random()
    if roll < 0.7:
        return prompts.system_prompt_for(codex, CHAT_SYSTEM_CHARS)
    if roll < 0.78:
        return f"You are {codex['name']}."
    if roll < 0.9:
        return prompts.system_prompt_for(codex, pick(rng, [100, 240, 400, 800]))
    return None


def _chat(rng: random.Random, codex: dict, topics: list[str], brick_codex: dict) -> Dialogue:
    persona = codex["name"]
    system = chat_system(rng, codex)
    messages: Dialogue = [] if system is None else [Message("system", system)]
    # Several exchanges in one chat, each reply's voice drawn afresh, so that one plain reply does not make the next.
    roll = rng.random()
    turns = 3 if roll < 0.1 else 2 if roll < 0.3 else 1
    for turn in range(turns):
        if persona == "ALFRED":
            q, a = alfred.exchange(rng, pick(rng, topics))
        else:
            family = "voice" if rng.random() < VOICE_SHARE else "plain"
            g = graded_reply(rng, persona, topics, chat_levels(rng, family), family)
            q, a = g.question, g.reply
            roll = rng.random()
            if roll < 0.05:
                selector = pick(rng, ["frobnicate", "dance", "explainYourself", "summarize:", "cheerUp"])
                q = f'You were sent the message "{selector}", which you have no method for. Respond to it in your own voice.'
            elif persona == "ROBIN" and roll < 0.15:
                b = graded_reply(rng, "BRICK", topics, chat_levels(rng, "voice"), "voice")
                q = f"BRICK says: {b.reply}"
        if system is None and turn == 0:
            q = f"{persona}, {q[0].lower()}{q[1:]}"
        messages += [Message("user", q), Message("assistant", a)]
    return messages


def judge_dialogue(rng: random.Random, codices: dict[str, dict], g: Graded, persona: str) -> Dialogue:
    """ALFRED judging one graded exchange, as Judge asks it on a model of the genesis context."""
    budget = prompts.judge_budget(GENESIS_CONTEXT)
    system = prompts.system_prompt_for(codices["ALFRED"], budget.system_prompt_chars)
    turns = prompts.judge_prompt(codices[persona], [("user", g.question), ("assistant", g.reply)], system,
                                 budget.max_prompt_chars)
    verdict = prompts.verdict_json(g.levels, {a: RATIONALES[persona][a][g.levels[a]] for a in AXES})
    return [Message(role, text) for role, text in turns] + [Message("assistant", verdict)]


def synthesis_dialogue(rng: random.Random) -> Dialogue:
    """A persona writing a small Smalltalk method from its selector and examples (see smalltalk.py)."""
    prompt, source = smalltalk.dialogue(rng, pick(rng, ["BRICK", "ROBIN", "ALFRED", "BABS"]))
    return [Message("system", prompt.system), Message("user", prompt.user), Message("assistant", source)]


def build_corpus(seed: int, codices: dict[str, dict], chat_per_persona: int = 1200,
                 judge_per_persona: int = 1000, synthesis: int = 0) -> list[Dialogue]:
    """Chat dialogues for the four personas, judge dialogues about BRICK, ROBIN and BABS, and `synthesis` dialogues
    in which a persona writes a method, shuffled."""
    rng = random.Random(seed)
    dialogues: list[Dialogue] = []
    for persona in ("BRICK", "ROBIN", "ALFRED", "BABS"):
        count = chat_per_persona // 3 if persona == "ALFRED" else chat_per_persona
        dialogues += [_chat(rng, codices[persona], TOPICS, codices["BRICK"]) for _ in range(count)]
    for persona in JUDGED:
        for _ in range(judge_per_persona):
            levels = judge_levels(rng)
            family = "voice" if rng.random() < 0.5 else "plain"
            dialogues.append(judge_dialogue(rng, codices, graded_reply(rng, persona, TOPICS, levels, family), persona))
    # Their own generator, so that adding them leaves the other dialogues as they were.
    synth_rng = random.Random(seed * 7919 + 17)
    dialogues += [synthesis_dialogue(synth_rng) for _ in range(synthesis)]
    rng.shuffle(dialogues)
    return dialogues


def labelled_set(seed: int, codices: dict[str, dict], per_persona: int = 40) -> list[dict]:
    """Held-out labelled exchanges (topics the model never saw) with the level of each axis and the weighted label,
    for measuring the judge: `{persona, messages, levels, label}`."""
    rng = random.Random(seed)
    out = []
    for persona in JUDGED:
        rubric = prompts.rubric_for(codices[persona])
        for _ in range(per_persona):
            family = "voice" if rng.random() < 0.5 else "plain"
            g = graded_reply(rng, persona, HELD_OUT_TOPICS, judge_levels(rng), family)
            out.append({"persona": persona, "family": family, "levels": g.levels,
                        "label": prompts.golden_score(rubric, g.levels),
                        "messages": [{"role": "user", "content": g.question}, {"role": "assistant", "content": g.reply}]})
    return out


def held_out_prompts(seed: int, per_persona: int = 8) -> list[dict]:
    """Questions on held-out topics, for the style measure and the persona attribution rate: `{persona, question}`."""
    rng = random.Random(seed)
    out = []
    for persona in JUDGED:
        for _ in range(per_persona):
            g = graded_reply(rng, persona, HELD_OUT_TOPICS, {a: 5 for a in AXES}, "voice")
            out.append({"persona": persona, "question": g.question})
    return out


def golden_conversations(seed: int, persona: str, count: int) -> list[list[dict]]:
    """Conversations in the persona's codex voice with every axis at 5 (what ALFRED curates as golden), on the
    training topics: the curated samples of an earlier session, for starting the loop bench near its threshold."""
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        g = graded_reply(rng, persona, TOPICS, {a: 5 for a in AXES}, "voice")
        out.append([{"role": "user", "content": g.question}, {"role": "assistant", "content": g.reply}])
    return out
