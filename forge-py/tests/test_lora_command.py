"""`python3 -m forge lora` as the TypeScript side runs it: a real subprocess, JSON lines, real files."""
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import unittest

import numpy as np

from forge.gguf.reader import read_gguf
from forge.model.llama import Llama
from forge.model.lora import LoraWeights
from forge.train.loop import evaluate
from forge.train.samples import parse_samples
from tests.llama_reference import STORIES, llama_cpp_logits

FORGE_PY = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def brick_samples(n: int, seed: int = 0) -> list[dict]:
    """Token-level samples: a fixed stories260K phrase containing a distinctive token pattern, mask on all
    but the first token. Built from real vocabulary ids so no tokenizer is needed here."""
    rng = np.random.default_rng(seed)
    pattern = [403, 407, 261, 378, 505, 297, 268]
    out = []
    for _ in range(n):
        filler = rng.integers(3, 512, 6).tolist()
        tokens = [1] + filler + pattern + filler[:3] + pattern
        out.append({"tokens": tokens, "mask": [0] * 7 + [1] * (len(tokens) - 7)})
    return out


def run_forge(job: dict, tmp: str, timeout: float = 300) -> tuple[int, list[dict], str]:
    path = os.path.join(tmp, "job.json")
    with open(path, "w") as f:
        json.dump(job, f)
    result = subprocess.run([sys.executable, "-m", "forge", "lora", "--job", path], cwd=FORGE_PY,
                            capture_output=True, text=True, timeout=timeout)
    return result.returncode, [json.loads(line) for line in result.stdout.splitlines()], result.stderr


class LoraCommandTest(unittest.TestCase):
    def setUp(self) -> None:
        self.tmp = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, self.tmp, ignore_errors=True)
        self.adapters = os.path.join(self.tmp, "adapters")

    def job(self, **over: object) -> dict:
        job = {"base_model": STORIES, "persona": "BRICK", "adapters_dir": self.adapters,
               "train": brick_samples(24), "validation": brick_samples(8, seed=1), "rank": 4, "alpha": 8,
               "steps": 30, "lr": 5e-3, "batch_size": 8, "seed": 0}
        job.update(over)
        return job

    def test_training_lowers_held_out_loss_and_writes_a_content_addressed_adapter(self) -> None:
        code, events, stderr = run_forge(self.job(), self.tmp)
        self.assertEqual(code, 0, stderr)
        types = [e["type"] for e in events]
        self.assertEqual(types[0], "start")
        self.assertEqual(types[-2:], ["artifact", "done"])
        self.assertEqual(types.count("progress"), 30)
        progress = [e for e in events if e["type"] == "progress"]
        self.assertEqual(set(progress[0]), {"type", "step", "total", "loss", "tokens_per_s", "lr", "grad_norm"})
        evals = {e["when"]: e["loss"] for e in events if e["type"] == "eval"}
        self.assertLess(evals["after"], evals["before"] * 0.7)
        artifact = events[-2]
        sha = artifact["sha256"]
        self.assertEqual(artifact["path"], os.path.join(self.adapters, "BRICK", f"brick-{sha[:16]}.gguf"))
        self.assertEqual(os.listdir(os.path.join(self.adapters, "BRICK")), [f"brick-{sha[:16]}.gguf"])
        g = read_gguf(artifact["path"])
        self.assertEqual(g.value("general.type"), "adapter")
        self.assertEqual(g.value("adapter.type"), "lora")
        self.assertEqual(g.value("adapter.lora.alpha"), 8.0)
        self.assertEqual(g.tensors["blk.0.attn_k.weight.lora_a"].shape, (4, 64))
        self.assertEqual(g.tensors["blk.0.attn_k.weight.lora_b"].shape, (32, 4))
        self.assertEqual(g.tensors["blk.4.ffn_down.weight.lora_a"].shape, (4, 172))
        self.assertFalse(any(n.startswith(("token_embd", "output")) for n in g.tensors))
        # The held-out loss the forge reported is the loss of the adapter it wrote.
        model = Llama.from_gguf(STORIES)
        val = parse_samples(brick_samples(8, seed=1), "v", 512, 2048)
        lora = LoraWeights.load(artifact["path"], model.params)
        self.assertAlmostEqual(evaluate(model, val, lora, 8), evals["after"], places=4)

    def test_targets_and_continuing_from_an_adapter(self) -> None:
        code, events, stderr = run_forge(self.job(targets=["attn_q", "ffn_up"], steps=3), self.tmp)
        self.assertEqual(code, 0, stderr)
        first = events[-1]["adapter"]
        names = set(read_gguf(first).tensors)
        self.assertEqual({n.split(".")[2] for n in names}, {"attn_q", "ffn_up"})
        code, events, stderr = run_forge(self.job(init_adapter=first, steps=3), self.tmp)
        self.assertEqual(code, 0, stderr)
        self.assertNotEqual(events[-1]["adapter"], first)
        self.assertEqual(set(read_gguf(events[-1]["adapter"]).tensors), names)

    def test_zero_b_adapter_leaves_llama_cpp_logits_unchanged(self) -> None:
        code, events, stderr = run_forge(self.job(zero_b=True, validation=[]), self.tmp)
        self.assertEqual(code, 0, stderr)
        self.assertNotIn("progress", [e["type"] for e in events])
        path = events[-1]["adapter"]
        g = read_gguf(path)
        self.assertTrue(all(not g.tensor(n).any() for n in g.tensors if n.endswith(".lora_b")))
        self.assertTrue(any(g.tensor(n).any() for n in g.tensors if n.endswith(".lora_a")))
        tokens = brick_samples(1)[0]["tokens"]
        np.testing.assert_array_equal(llama_cpp_logits(STORIES, tokens, [{"filePath": path, "scale": 1}]),
                                      llama_cpp_logits(STORIES, tokens))

    def test_invalid_jobs_end_with_an_error_event(self) -> None:
        cases = [
            ({"persona": None}, "persona"),
            ({"targets": ["token_embd"]}, "targets"),
            ({"train": [{"tokens": [1, 2, 3], "mask": [1]}]}, "mask"),
            ({"train": [{"tokens": [1, 9999]}]}, "vocabulary"),
            ({"base_model": os.path.join(self.tmp, "missing.gguf")}, "missing.gguf"),
        ]
        for override, needle in cases:
            code, events, _ = run_forge(self.job(**override), self.tmp)
            self.assertEqual(code, 1, override)
            self.assertEqual(events[-1]["type"], "error", override)
            self.assertIn(events[-1]["kind"], ("invalid_job", "invalid_gguf"), override)
            self.assertIn(needle, events[-1]["message"], override)
        self.assertFalse(os.path.exists(self.adapters))

    def test_sigterm_and_sigint_cancel_cleanly_and_leave_nothing(self) -> None:
        for sig in (signal.SIGTERM, signal.SIGINT):
            path = os.path.join(self.tmp, "job.json")
            with open(path, "w") as f:
                json.dump(self.job(steps=100000, progress_every=1), f)
            proc = subprocess.Popen([sys.executable, "-m", "forge", "lora", "--job", path], cwd=FORGE_PY,
                                    stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            assert proc.stdout is not None
            lines = []
            while True:  # wait until training is under way
                line = proc.stdout.readline()
                self.assertTrue(line, "forge ended before training started")
                lines.append(json.loads(line))
                if lines[-1]["type"] == "progress":
                    break
            started = time.monotonic()
            proc.send_signal(sig)
            rest, _ = proc.communicate(timeout=60)
            self.assertLess(time.monotonic() - started, 30)
            events = lines + [json.loads(line) for line in rest.splitlines()]
            self.assertEqual(proc.returncode, 130)
            self.assertEqual(events[-1]["type"], "error")
            self.assertEqual(events[-1]["kind"], "cancelled")
            self.assertNotIn("artifact", [e["type"] for e in events])
            leftovers = [os.path.join(d, f) for d, _, files in os.walk(self.tmp) for f in files if f != "job.json"]
            self.assertEqual(leftovers, [])


if __name__ == "__main__":
    unittest.main()
