"""The numpy forward pass against the real llama.cpp (node-llama-cpp 3.22, CPU, F32 K/V, no flash attention)."""
import os
import tempfile
import unittest

import numpy as np

from forge.gguf.writer import write_gguf
from forge.gguf.validate import validate_adapter
from forge.model.llama import Llama
from forge.model.lora import LORA_TARGETS, LoraWeights, lora_base_names
from tests.llama_reference import REPO_ROOT, STORIES, llama_cpp_logits

GENESIS = os.path.join(REPO_ROOT, "models", "living-image-genesis.gguf")
# A real TinyStories token sequence: BOS "Once upon a time, there was a little girl..."
STORY_TOKENS = [1, 403, 407, 261, 378, 505, 297, 268, 300, 301, 266, 370, 400, 260, 414, 269, 273, 290, 338, 267]


class LlamaCppLogitsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls) -> None:
        cls.reference = llama_cpp_logits(STORIES, STORY_TOKENS)

    def test_float64_forward_matches_llama_cpp(self) -> None:
        logits, _ = Llama.from_gguf(STORIES, np.float64).forward(np.array([STORY_TOKENS]))
        self.assertEqual(logits.shape, (1, len(STORY_TOKENS), 512))
        self.assertLess(np.abs(logits[0] - self.reference).max(), 2e-5)

    def test_float32_batched_forward_matches_llama_cpp(self) -> None:
        # Batched with a longer, padded neighbour: right padding must not change the real sequence.
        other = STORY_TOKENS[::-1] + [5, 6, 7]
        batch = np.zeros((2, len(other)), dtype=np.int64)
        batch[0, : len(STORY_TOKENS)] = STORY_TOKENS
        batch[1] = other
        logits, _ = Llama.from_gguf(STORIES).forward(batch)
        self.assertLess(np.abs(logits[0, : len(STORY_TOKENS)] - self.reference).max(), 5e-5)

    def test_lora_adapter_gives_llama_cpp_logits(self) -> None:
        self.check_adapter(STORIES, STORY_TOKENS)

    def test_lora_adapter_on_the_genesis_model_gives_llama_cpp_logits(self) -> None:
        # Tied output head, head_dim 32, GQA 4/2: a different shape of model from stories260K.
        self.check_adapter(GENESIS, [1, 3, 500, 400, 300, 200, 4, 100, 3, 700, 900, 955, 27])

    def check_adapter(self, model_path: str, tokens: list[int]) -> None:
        model = Llama.from_gguf(model_path)
        rng = np.random.default_rng(0)
        lora = LoraWeights.init(model.params, lora_base_names(model.config, list(LORA_TARGETS)), 4, 8.0, rng)
        for b in lora.b.values():
            b[...] = rng.standard_normal(b.shape).astype(np.float32) * 0.05
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "adapter.gguf")
            validate_adapter(lora.metadata(), lora.tensor_specs(), model.params)
            write_gguf(path, lora.metadata(), lora.tensor_specs())
            reference = llama_cpp_logits(model_path, tokens, [{"filePath": path, "scale": 1}])
        ours, _ = model.forward(np.array([tokens]), lora)
        base, _ = model.forward(np.array([tokens]))
        self.assertGreater(np.abs(base[0] - reference).max(), 0.1)  # the adapter really changes the output
        self.assertLess(np.abs(ours[0] - reference).max(), 5e-5)

    def test_genesis_model_matches_llama_cpp(self) -> None:
        from forge.genesis.chatml import chatml_prompt
        from forge.genesis.corpus import Message
        from forge.genesis.tokenizer import GenesisTokenizer
        from forge.gguf.reader import read_gguf

        tok = GenesisTokenizer.from_gguf(read_gguf(GENESIS))
        tokens = chatml_prompt(tok, [Message("system", "You are BRICK."), Message("user", "Hi, what is logic?")])
        reference = llama_cpp_logits(GENESIS, tokens)
        logits, _ = Llama.from_gguf(GENESIS, np.float64).forward(np.array([tokens]))
        self.assertLess(np.abs(logits[0] - reference).max(), 2e-5)


if __name__ == "__main__":
    unittest.main()
