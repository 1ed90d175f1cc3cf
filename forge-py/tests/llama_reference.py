"""Reference logits from the real llama.cpp (through node-llama-cpp), for comparing the numpy forward pass.

Runs a small Node script in a subprocess from the repository root so `node_modules` resolves. The context
is set up as LLAMA-FACTS says logits agree to ~1e-6: no flash attention, F32 K/V cache, one thread.
"""
from __future__ import annotations

import json
import os
import pathlib
import shutil
import subprocess
import tempfile

import numpy as np

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
STORIES = os.path.join(REPO_ROOT, "test", "fixtures", "models", "stories260K.gguf")

_SCRIPT = r"""
const {getLlama} = await import(process.env.NODE_LLAMA_CPP_URL);
const [modelPath, tokensJson, loraJson] = process.argv.slice(2);
const tokens = JSON.parse(tokensJson);
const lora = loraJson ? JSON.parse(loraJson) : null;
const llama = await getLlama({gpu: false, build: "never", logLevel: "error"});
const model = await llama.loadModel({modelPath});
const context = await model.createContext({
    threads: 1, flashAttention: false, contextSize: 256, batchSize: 256,
    experimentalKvCacheKeyType: "F32", experimentalKvCacheValueType: "F32",
    ...(lora ? {lora: {adapters: lora}} : {})
});
const sequence = context.getSequence();
const out = await sequence.controlledEvaluate(tokens.map((t) => [t, {generateNext: {logits: true}}]));
const tokenize = process.env.TOKENIZE_TEXTS ? JSON.parse(process.env.TOKENIZE_TEXTS).map((t) => model.tokenize(t, true)) : null;
process.stdout.write(JSON.stringify({logits: out.map((o) => Array.from(o.next.logits.entries())), tokenize}));
await context.dispose();
await model.dispose();
await llama.dispose();
"""


def _run(args: list[str], env: dict[str, str]) -> dict:
    require_node()
    # A script file, not `node -e`: node-llama-cpp forks a test process with the parent's execArgv,
    # and `-e`/`--input-type` there makes its binary test fail.
    with tempfile.TemporaryDirectory() as tmp:
        script = os.path.join(tmp, "reference.mjs")
        with open(script, "w") as f:
            f.write(_SCRIPT)
        module = os.path.join(REPO_ROOT, "node_modules", "node-llama-cpp", "dist", "index.js")
        env = dict(os.environ, **env, NODE_LLAMA_CPP_URL=pathlib.Path(module).as_uri())
        result = subprocess.run(["node", script, *args], cwd=REPO_ROOT, capture_output=True, text=True,
                                timeout=120, env=env)
    if result.returncode != 0:
        raise RuntimeError(f"node-llama-cpp failed ({result.returncode}): {result.stderr[-2000:]}")
    return json.loads(result.stdout)


def require_node() -> None:
    """Fails (never skips) when node or node-llama-cpp is missing, saying how to get them."""
    if shutil.which("node") is None:
        raise RuntimeError("node is not on PATH: the llama.cpp reference runs through Node 20+. Install Node, then `npm ci`.")
    if not os.path.isdir(os.path.join(REPO_ROOT, "node_modules", "node-llama-cpp")):
        raise RuntimeError(f"node_modules/node-llama-cpp is missing in {REPO_ROOT}: run `npm ci` there first.")


_BATCH_SCRIPT = r"""
const {getLlama} = await import(process.env.NODE_LLAMA_CPP_URL);
const fs = await import("node:fs");
const jobs = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
const llama = await getLlama({gpu: false, build: "never", logLevel: "error"});
const results = [];
for (const job of jobs) {
    const model = await llama.loadModel({modelPath: job.model});
    const context = await model.createContext({
        threads: 1, flashAttention: false, contextSize: 256, batchSize: 256,
        experimentalKvCacheKeyType: "F32", experimentalKvCacheValueType: "F32",
        ...(job.lora ? {lora: {adapters: job.lora}} : {})
    });
    const out = await context.getSequence().controlledEvaluate(job.tokens.map((t) => [t, {generateNext: {logits: true}}]));
    // logits is a Map token → logit: Python lays it out by token id.
    results.push({logits: out.map((o) => Array.from(o.next.logits.entries())), vocab: model.vocabularyType,
                  tokenize: job.tokenize ? job.tokenize.map((t) => Array.from(model.tokenize(t, true))) : null});
    await context.dispose();
    await model.dispose();
}
fs.writeFileSync(process.argv[3], JSON.stringify(results));
await llama.dispose();
"""


def llama_cpp_batch(jobs: list[dict]) -> list[dict]:
    """Runs many {model, tokens, lora?, tokenize?} jobs in one node process (one start instead of one per model).
    Each answer has `logits` as a (len(tokens), vocab) float32 array, the vocabulary type, and any tokenizations."""
    require_node()
    with tempfile.TemporaryDirectory() as tmp:
        script = os.path.join(tmp, "batch.mjs")
        with open(script, "w") as f:
            f.write(_BATCH_SCRIPT)
        with open(os.path.join(tmp, "jobs.json"), "w") as f:
            json.dump(jobs, f)
        module = os.path.join(REPO_ROOT, "node_modules", "node-llama-cpp", "dist", "index.js")
        env = dict(os.environ, NODE_LLAMA_CPP_URL=pathlib.Path(module).as_uri())
        result = subprocess.run(["node", script, os.path.join(tmp, "jobs.json"), os.path.join(tmp, "out.json")],
                                cwd=REPO_ROOT, capture_output=True, text=True, timeout=600, env=env)
        if result.returncode != 0:
            raise RuntimeError(f"node-llama-cpp failed ({result.returncode}): {result.stderr[-2000:]}")
        with open(os.path.join(tmp, "out.json")) as f:
            answers = json.load(f)
    for answer in answers:
        answer["logits"] = _by_token_id(answer["logits"])
    return answers


def node_available() -> bool:
    return shutil.which("node") is not None and os.path.isdir(os.path.join(REPO_ROOT, "node_modules", "node-llama-cpp"))


def llama_cpp_logits(model_path: str, tokens: list[int], lora: list[dict] | None = None) -> np.ndarray:
    """(len(tokens), vocab) logits from llama.cpp; `lora` as node-llama-cpp's [{filePath, scale}]."""
    args = [model_path, json.dumps(tokens)] + ([json.dumps(lora)] if lora else [])
    return _by_token_id(_run(args, {})["logits"])


def _by_token_id(rows: list) -> np.ndarray:
    vocab = 1 + max(int(t) for row in rows for t, _ in row)
    out = np.full((len(rows), vocab), np.nan, dtype=np.float32)
    for i, row in enumerate(rows):
        for t, v in row:
            out[i, int(t)] = v
    return out


def llama_cpp_tokenize(model_path: str, texts: list[str]) -> list[list[int]]:
    """`model.tokenize(text, true)` (special tokens recognised) for each text."""
    return _run([model_path, "[1]"], {"TOKENIZE_TEXTS": json.dumps(texts)})["tokenize"]
