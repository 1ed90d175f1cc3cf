"""`python3 -m forge merge`: base + LoRA adapter → one GGUF, checked in the real llama.cpp against the base model with
the adapter loaded.

Tolerances. F32 base: the merged weights are W + ΔW in float32, so llama.cpp's logits agree to float32 noise (1e-4).
F16 base: W + ΔW rounded to F16, as llama.cpp's F16 activation rounding already moves logits (PLAIN F16, 0.03).
Quantized bases: llama.cpp rounds activations to 8 bits before every quantized matmul, so any change of weights moves
its logits by that rounding (up to 0.8 here, PLAIN); on top of it the merged weights must be re-quantized. Into Q8_0
that costs little: the merged model must be at least 4x closer to base + adapter than the base model is. Into Q4_K a
change below the 4-bit step is lost; an adapter whose changes exceed the step survives, closer than half way.
Seen (logits of magnitude 15-60): F32 7e-6; F16 0.017; Q4_K base merged to Q8_0 0.20 against an adapter effect of
1.42; Q4_K to Q4_K 5.1 against 14.3; Q6_K to Q6_K 1.0 against 5.8."""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

import numpy as np

from forge.gguf.constants import TensorType as T
from forge.gguf.reader import read_gguf
from forge.gguf.writer import write_gguf
from forge.model.llama import Llama
from forge.model.lora import LORA_TARGETS, LoraWeights, lora_base_names
from forge.model.synthetic import write_synthetic
from tests.llama_reference import llama_cpp_batch
from tests.test_architectures import PLAIN

FORGE_PY = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# (architecture, base type, merged type or None for the base's, lora_b scale)
CASES = (("qwen2", T.F32, None, 0.02), ("llama", T.F16, None, 0.02), ("gemma3", T.Q4_K, "Q8_0", 0.05),
         ("qwen2", T.Q4_K, None, 0.2), ("llama", T.Q6_K, None, 0.05))


def merge(job: dict, tmp: str) -> tuple[int, list[dict], str]:
    path = os.path.join(tmp, "merge.json")
    with open(path, "w") as f:
        json.dump(job, f)
    result = subprocess.run([sys.executable, "-m", "forge", "merge", "--job", path], cwd=FORGE_PY,
                            capture_output=True, text=True, timeout=300)
    return result.returncode, [json.loads(line) for line in result.stdout.splitlines()], result.stderr


def random_adapter(base: str, path: str, b_scale: float, seed: int = 0) -> None:
    model = Llama.from_gguf(base, quantized=True)
    rng = np.random.default_rng(seed)
    lora = LoraWeights.init(model.params, lora_base_names(model.config, list(LORA_TARGETS)), 4, 8.0, rng)
    for b in lora.b.values():
        b[...] = rng.standard_normal(b.shape).astype(np.float32) * b_scale
    write_gguf(path, lora.metadata("", model.config.arch), lora.tensor_specs())


class MergeTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls) -> None:
        cls.tmp = tempfile.mkdtemp()
        cls.runs = []
        jobs = []
        for i, (flavour, t, merged_type, b_scale) in enumerate(CASES):
            base = os.path.join(cls.tmp, f"{i}-{flavour}-{t.name}.gguf")
            config, _ = write_synthetic(base, flavour, t, seed=2)
            adapter = os.path.join(cls.tmp, f"{i}-adapter.gguf")
            random_adapter(base, adapter, b_scale)
            output = os.path.join(cls.tmp, f"{i}-merged.gguf")
            code, events, stderr = merge({"base_model": base, "adapter": adapter, "output": output,
                                          **({"type": merged_type} if merged_type else {})}, cls.tmp)
            tokens = [int(x) for x in np.random.default_rng(i).integers(0, config.vocab_size, 12)]
            cls.runs.append({"case": CASES[i], "base": base, "adapter": adapter, "output": output, "code": code,
                             "events": events, "stderr": stderr})
            jobs += [{"model": base, "tokens": tokens},
                     {"model": base, "tokens": tokens, "lora": [{"filePath": adapter, "scale": 1}]}]
            if code == 0:
                jobs.append({"model": output, "tokens": tokens})
        answers = iter(llama_cpp_batch(jobs))
        for run in cls.runs:
            run["llama_base"] = next(answers)["logits"]
            run["llama_adapter"] = next(answers)["logits"]
            if run["code"] == 0:
                run["llama_merged"] = next(answers)["logits"]

    @classmethod
    def tearDownClass(cls) -> None:
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def test_merged_models_answer_as_base_plus_adapter(self) -> None:
        for run in self.runs:
            flavour, t, merged_type, _ = run["case"]
            with self.subTest(arch=flavour, type=t.name, merged=merged_type):
                self.assertEqual(run["code"], 0, run["stderr"][-2000:])
                effect = np.abs(run["llama_adapter"] - run["llama_base"]).max()
                gap = np.abs(run["llama_merged"] - run["llama_adapter"]).max()
                self.assertGreater(effect, 0.5)  # the adapter matters
                if t == T.F32:
                    self.assertLess(gap, 1e-4)
                elif t == T.F16:
                    self.assertLess(gap, PLAIN[T.F16])
                elif merged_type == "Q8_0":
                    self.assertLess(gap, effect / 4)
                else:
                    self.assertLess(gap, effect / 2)

    def test_merged_file_keeps_the_base_where_the_adapter_does_not_reach(self) -> None:
        for run in self.runs:
            flavour, t, merged_type, _ = run["case"]
            with self.subTest(arch=flavour, type=t.name):
                base, merged = read_gguf(run["base"]), read_gguf(run["output"])
                self.assertEqual(set(base.tensors), set(merged.tensors))
                adapted = {n[: -len(".lora_a")] for n in read_gguf(run["adapter"]).tensors if n.endswith(".lora_a")}
                for name, info in base.tensors.items():
                    if name in adapted:
                        want = T[merged_type] if merged_type else info.type
                        self.assertEqual(merged.tensors[name].type, want, name)
                    else:
                        self.assertEqual(bytes(merged.raw(name)), bytes(base.raw(name)), name)
                self.assertEqual(merged.value("general.architecture"), flavour if flavour != "llama" else "llama")
                self.assertEqual(run["events"][-1]["type"], "done")
                self.assertEqual(run["events"][-1]["merged"], len(adapted))
                del base, merged

    def test_refusals_name_the_problem(self) -> None:
        run = self.runs[0]
        other = os.path.join(self.tmp, "other-llama.gguf")
        write_synthetic(other, "llama", T.F32, seed=1)
        for job, words in (
            ({"base_model": other, "adapter": run["adapter"], "output": os.path.join(self.tmp, "x.gguf")}, "qwen2"),
            ({"base_model": run["base"], "adapter": run["base"], "output": os.path.join(self.tmp, "y.gguf")},
             "not a GGUF LoRA adapter"),
            ({"base_model": run["base"], "adapter": run["adapter"], "output": run["base"]}, "new file"),
            ({"base_model": run["base"], "adapter": run["adapter"], "output": os.path.join(self.tmp, "z.gguf"),
              "type": "Q3_K"}, "Q3_K"),
        ):
            code, events, _ = merge(job, self.tmp)
            self.assertEqual(code, 1)
            self.assertIn(words, events[-1]["message"])
            self.assertFalse(os.path.exists(os.path.join(self.tmp, "x.gguf")))


if __name__ == "__main__":
    unittest.main()
