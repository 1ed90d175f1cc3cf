"""`python3 -m forge peft-export`: a GGUF LoRA adapter as PEFT files (what vLLM loads). The weights must describe the
same change of the model in Hugging Face's layout as the GGUF adapter does in llama.cpp's: for a llama base, Q and K
rows are permuted between the two layouts, for qwen2/qwen3/gemma3 they are not."""
import json
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import unittest

import numpy as np

from forge.gguf.constants import TensorType as T
from forge.gguf.reader import read_gguf
from forge.gguf.writer import write_gguf
from forge.hf.peft_to_gguf import HF_TO_GGUF, peft_to_gguf_tensors, unpermute_qk
from forge.hf.safetensors import encode_safetensors, read_safetensors
from forge.model.llama import Llama
from forge.model.lora import LORA_TARGETS, LoraWeights, lora_base_names
from forge.model.synthetic import write_synthetic

FORGE_PY = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def export(job: dict, tmp: str) -> tuple[int, list[dict], str]:
    path = os.path.join(tmp, "export.json")
    with open(path, "w") as f:
        json.dump(job, f)
    result = subprocess.run([sys.executable, "-m", "forge", "peft-export", "--job", path], cwd=FORGE_PY,
                            capture_output=True, text=True, timeout=120)
    return result.returncode, [json.loads(line) for line in result.stdout.splitlines()], result.stderr


class PeftExportTest(unittest.TestCase):
    def setUp(self) -> None:
        self.tmp = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, self.tmp, ignore_errors=True)

    def adapter(self, flavour: str, alpha: float = 8.0, targets: tuple[str, ...] = LORA_TARGETS) -> tuple[str, str, Llama, LoraWeights]:
        base = os.path.join(self.tmp, f"{flavour}.gguf")
        write_synthetic(base, flavour, T.Q8_0, seed=4)
        model = Llama.from_gguf(base, quantized=True)
        rng = np.random.default_rng(1)
        lora = LoraWeights.init(model.params, lora_base_names(model.config, list(targets)), 4, alpha, rng)
        for b in lora.b.values():
            b[...] = rng.standard_normal(b.shape).astype(np.float32)
        path = os.path.join(self.tmp, f"{flavour}-adapter.gguf")
        write_gguf(path, lora.metadata("", model.config.arch), lora.tensor_specs())
        return base, path, model, lora

    def test_the_peft_weights_make_the_same_change_in_hugging_face_layout(self) -> None:
        for flavour in ("llama", "qwen2", "gemma3"):
            with self.subTest(arch=flavour):
                base, path, model, lora = self.adapter(flavour)
                out = os.path.join(self.tmp, f"peft-{flavour}")
                code, events, stderr = export({"adapter": path, "base_model": base, "output_dir": out}, self.tmp)
                self.assertEqual(code, 0, stderr)
                state, meta = read_safetensors(os.path.join(out, "adapter_model.safetensors"))
                with open(os.path.join(out, "adapter_config.json")) as f:
                    config = json.load(f)
                self.assertEqual((config["peft_type"], config["r"], config["lora_alpha"]), ("LORA", 4, 8.0))
                self.assertEqual(sorted(config["target_modules"]),
                                 sorted(["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"]))
                self.assertEqual(meta, {"format": "pt"})
                self.assertEqual(len(state), 2 * len(lora.a))
                c = model.config
                for name in lora.a:
                    layer, module = name.split(".")[1], name.split(".")[2]
                    hf = next(k for k, v in HF_TO_GGUF.items() if v == module)
                    key = f"base_model.model.model.layers.{layer}.{hf}"
                    a, b = state[key + ".lora_A.weight"], state[key + ".lora_B.weight"]
                    peft_delta = (config["lora_alpha"] / config["r"]) * b @ a
                    gguf_delta = lora.scale * lora.b[name] @ lora.a[name]
                    # The HF weight is the GGUF one with Q/K rows un-permuted (llama only), and so must the delta be.
                    if flavour == "llama" and module in ("attn_q", "attn_k"):
                        gguf_delta = unpermute_qk(gguf_delta, c.n_head, c.n_head if module == "attn_q" else c.n_head_kv)
                    np.testing.assert_allclose(peft_delta, gguf_delta, rtol=1e-5, atol=1e-6, err_msg=name)
                if flavour == "llama":
                    # And back through the PEFT → GGUF converter the unsloth backend uses: the same tensors.
                    back = {s.name: s.array for s in peft_to_gguf_tensors(state, c.n_head, c.n_head_kv)}
                    gguf = read_gguf(path)
                    for name in gguf.tensors:
                        np.testing.assert_array_equal(back[name], gguf.tensor(name))
                    del gguf

    def test_alpha_zero_keeps_llama_cpps_scale_of_one(self) -> None:
        base, path, _, _ = self.adapter("qwen2", alpha=0.0, targets=("attn_v",))
        out = os.path.join(self.tmp, "peft")
        code, _, stderr = export({"adapter": path, "base_model": base, "output_dir": out, "base_model_name": "Qwen/x"},
                                 self.tmp)
        self.assertEqual(code, 0, stderr)
        with open(os.path.join(out, "adapter_config.json")) as f:
            config = json.load(f)
        self.assertEqual((config["lora_alpha"], config["r"], config["target_modules"]), (4.0, 4, ["v_proj"]))
        self.assertEqual(config["base_model_name_or_path"], "Qwen/x")

    def test_an_adapter_for_another_architecture_is_refused(self) -> None:
        base, path, _, _ = self.adapter("qwen2", targets=("attn_v",))
        other = os.path.join(self.tmp, "llama.gguf")
        write_synthetic(other, "llama", T.F32, seed=1)
        code, events, _ = export({"adapter": path, "base_model": other, "output_dir": self.tmp + "/x"}, self.tmp)
        self.assertEqual(code, 1)
        self.assertIn("qwen2", events[-1]["message"])
        self.assertFalse(os.path.exists(self.tmp + "/x"))


class SafetensorsLayoutTest(unittest.TestCase):
    def test_layout_follows_the_format(self) -> None:
        # 8-byte little-endian header size, JSON header padded with spaces to 8 bytes, data in header order.
        data = encode_safetensors({"b": np.arange(3, dtype=np.float32), "a": np.ones((2, 2), np.float16)}, {"k": "v"})
        (n,) = struct.unpack("<Q", data[:8])
        self.assertEqual(n % 8, 0)
        header = json.loads(data[8: 8 + n])
        self.assertEqual(header["__metadata__"], {"k": "v"})
        self.assertEqual(header["a"], {"dtype": "F16", "shape": [2, 2], "data_offsets": [0, 8]})
        self.assertEqual(header["b"], {"dtype": "F32", "shape": [3], "data_offsets": [8, 20]})
        self.assertEqual(data[8 + n + 8:], np.arange(3, dtype="<f4").tobytes())
        self.assertEqual(len(data), 8 + n + 20)


if __name__ == "__main__":
    unittest.main()
