"""The prompts the runtime sends, laid out exactly as the TypeScript side lays them out, so that the genesis model
is trained on what it will be asked: a persona's system prompt (src/llm/systemPromptFor.ts), the judge's budget
(src/oracle/judgeBudget.ts), the judge's question (src/oracle/judgePrompt.ts) and the golden score
(src/oracle/goldenScore.ts). `test/oracle/genesisPrompts.test.ts` checks both sides give the same text.
"""
from __future__ import annotations

import json
import math
import os
import re
from dataclasses import dataclass

AXES = ("logical_rigor", "creative_synthesis", "dissonance_resolution", "task_efficacy")


def load_codices(directory: str) -> dict[str, dict]:
    """The codices of `directory` (codices/*.json), by persona name."""
    out: dict[str, dict] = {}
    for name in sorted(os.listdir(directory)):
        if name.endswith(".json") and not name.endswith(".schema.json"):
            with open(os.path.join(directory, name), encoding="utf-8") as f:
                codex = json.load(f)
            out[codex["name"]] = codex
    return out


def js_len(text: str) -> int:
    """A string's length as JavaScript counts it (UTF-16 code units), which the TypeScript limits use."""
    return len(text.encode("utf-16-le")) // 2


def js_slice(text: str, start: int, end: int | None = None) -> str:
    """`text.slice(start, end)` in UTF-16 code units (the texts here are BMP-only, so indices agree)."""
    return text[start:end]


def system_prompt_for(codex: dict, max_chars: int = 4000) -> str:
    """Port of systemPromptFor: identity, role, voice, principles (heaviest first), then examples, whole sections only."""
    principles = sorted(codex["principles"], key=lambda p: -p["weight"])  # sort is stable, as Array.prototype.sort
    voice = codex["voice"]
    sections = [
        f"You are {codex['name']}. {codex['identity']}".strip(),
        f"Your role: {codex['role']}",
        f"Your voice: {voice['description']} ({'; '.join(voice['styleMarkers'])})" if voice["styleMarkers"]
        else f"Your voice: {voice['description']}",
    ]
    if principles:
        sections.append("Your principles:\n" + "\n".join(f"- {p['statement']}" for p in principles))
    for example in codex["examples"]:
        sections.append(f"Example:\nUser: {example['user']}\n{codex['name']}: {example['persona']}")
    prompt = ""
    for section in sections:
        nxt = section if prompt == "" else f"{prompt}\n\n{section}"
        if js_len(nxt) > max_chars:
            break
        prompt = nxt
    if prompt == "":
        first = sections[0] if sections else ""
        prompt = js_slice(first, 0, max(0, max_chars)) if max_chars <= 1 else js_slice(first, 0, max_chars - 1) + "…"
    return prompt


@dataclass(frozen=True)
class JudgeBudget:
    max_tokens: int
    rationale_chars: int
    max_prompt_chars: int
    system_prompt_chars: int


def judge_budget(context_tokens: int | None, axes: int = 4) -> JudgeBudget:
    """Port of judgeBudget with nothing given: the sizes a judge on a model of this context uses."""
    context = context_tokens if context_tokens is not None else 4096
    rationale = 16 if context <= 768 else 40 if context <= 2048 else 80
    max_tokens = axes * (rationale + 60) + 20
    room = max(64, context - max_tokens - 48)
    system = min(1000, room // 5)
    prompt = min(6000, max(32, room - system))
    return JudgeBudget(max_tokens, rationale, prompt, system)


def rubric_for(codex: dict) -> list[dict]:
    """Port of rubricFor: the four axes in order, each with its normalised weight."""
    by_id = {axis["id"]: axis for axis in codex["rubric"]}
    axes = [by_id[a] for a in AXES]
    total = sum(a["weight"] for a in axes)
    return [{**a, "normalizedWeight": a["weight"] / total} for a in axes]


def golden_score(rubric: list[dict], scores: dict[str, int]) -> float:
    """Port of goldenScore (all axes given)."""
    s = sum(scores[a["id"]] * a["normalizedWeight"] for a in rubric)
    w = sum(a["normalizedWeight"] for a in rubric)
    return round((s / w) * 1e6) / 1e6


def _round2(n: float) -> float:
    return math.floor(n * 100 + 0.5) / 100  # Math.round


def _fmt_num(n: float) -> str:
    """A number as JavaScript's template literals print it (0.4, 0.15, 1)."""
    return str(int(n)) if float(n).is_integer() else repr(n)


def _one_line(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def exchange_line(role: str, content: str, persona: str, speakers: tuple[str, ...] = ()) -> str:
    text = _one_line(content)
    if role == "user":
        return f"User: {text}"
    return text if any(text.startswith(f"{s}: ") for s in speakers) else f"{persona}: {text}"


def judge_prompt(codex: dict, transcript: list[tuple[str, str]], system: str, max_chars: int = 6000,
                 speakers: tuple[str, ...] = ()) -> list[tuple[str, str]]:
    """Port of judgePrompt: the (role, content) turns a judge is asked."""
    persona = codex["name"]
    rubric = rubric_for(codex)

    def lines(detail: str) -> str:
        out = []
        for axis in rubric:
            head = f"- {axis['id']} ({axis['name']}, weight {_fmt_num(_round2(axis['normalizedWeight']))})"
            d = axis["descriptors"]
            if detail == "full":
                out.append(f"{head}: 1 = {d['1']} 3 = {d['3']} 5 = {d['5']}")
            elif detail == "ends":
                out.append(f"{head}: 1 = {d['1']} 5 = {d['5']}")
            else:
                out.append(head)
        return "\n".join(out)

    exchange = [exchange_line(role, content, persona, speakers) for role, content in transcript if role != "system"]
    ask = f"Score this exchange as JSON. Judge {persona} on its rubric, 1 to 5 per axis, one short rationale each."
    head = f"Score this exchange as JSON. Judge {persona}.\n"
    body = "\n".join(exchange)
    candidates = [f"{ask}\nRubric:\n{lines(d)}\nExchange:\n{body}" for d in ("full", "ends", "names")] + [head + body]
    fitting = next((c for c in candidates if js_len(c) <= max_chars), None)
    if fitting is None:
        turns = list(exchange)
        while len(turns) > 1 and js_len(head + "\n".join(turns)) > max_chars:
            turns.pop(0)
        text = "\n".join(turns)
        room = max(0, max_chars - js_len(head))
        fitting = head + (text if js_len(text) <= room else "…" + js_slice(text, js_len(text) - room + 1))
    return ([("system", system)] if system != "" else []) + [("user", fitting)]


def verdict_json(scores: dict[str, int], rationales: dict[str, str]) -> str:
    """A verdict as the judge's JSON-schema grammar lets the model write it (axes in order, score then rationale)."""
    return json.dumps({a: {"score": scores[a], "rationale": rationales[a]} for a in AXES}, ensure_ascii=False)
