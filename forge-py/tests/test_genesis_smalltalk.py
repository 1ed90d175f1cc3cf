import io
import json
import os
import random
import re
import tempfile
import unittest

import numpy as np

from forge.cli import main
from forge.events import EventWriter
from forge.genesis.corpus import build_corpus, smalltalk
from forge.genesis.prompts import load_codices
from forge.genesis.tokenizer import GenesisTokenizer
from forge.gguf.reader import read_gguf
from tests.llama_reference import REPO_ROOT

CODICES = load_codices(os.path.join(REPO_ROOT, "codices"))


class SmalltalkCorpusTest(unittest.TestCase):
    def test_dialogues_are_laid_out_as_the_synthesizer_asks(self) -> None:
        rng = random.Random(3)
        for _ in range(200):
            prompt, source = smalltalk.dialogue(rng, "ROBIN")
            self.assertEqual(prompt.system, "You are ROBIN. You write methods in Smalltalk.")
            lines = prompt.user.split("\n")
            selector = re.match(r"Write the method #(\S+) for ROBIN\.$", lines[0]).group(1)
            self.assertTrue(lines[1].startswith("Pattern: "))
            self.assertTrue(source.startswith(lines[1][len("Pattern: "):] + "\n\t"), "the reply starts with the pattern")
            self.assertTrue(lines[2].startswith("Slots: ") and lines[3].startswith("Methods: "))
            self.assertEqual(lines[4], "Examples:")
            self.assertTrue(all(f" {selector.split(':')[0]}" in line for line in lines[5:] if not line.startswith("Failed: ")))

    def test_the_corpus_gains_synthesis_dialogues_and_stays_deterministic(self) -> None:
        a = build_corpus(5, CODICES, 6, 3, synthesis=40)
        self.assertEqual(a, build_corpus(5, CODICES, 6, 3, synthesis=40))
        self.assertEqual(len(a), 3 * 6 + 2 + 3 * 3 + 40)
        methods = [d for d in a if d[0].text.endswith("You write methods in Smalltalk.")]
        self.assertEqual(len(methods), 40)
        without = build_corpus(5, CODICES, 6, 3)
        self.assertEqual(sorted(map(repr, without)), sorted(map(repr, [d for d in a if d not in methods])),
                         "the other dialogues are the same with or without synthesis")

    def test_held_out_selectors_are_never_trained_on(self) -> None:
        held = smalltalk.held_out_tasks()
        self.assertGreaterEqual(len(held), 30)
        self.assertEqual(len({t.selector for t in held}), len(held))
        rng = random.Random(1234 * 7919 + 17)
        trained = {smalltalk.training_task(rng).selector for _ in range(20000)}
        corpus = "\n".join(m.text for d in build_corpus(1234, CODICES, 3, 1, synthesis=3000) for m in d)
        for task in held:
            self.assertNotIn(task.selector, trained)
            self.assertNotIn(f"#{task.selector} ", corpus)
            self.assertIsNone(re.search(rf"(^|\s){re.escape(task.selector)}(\s|$)", corpus), task.selector)

    def test_prompts_fit_the_genesis_context(self) -> None:
        tok = GenesisTokenizer.characters_only()
        rng = random.Random(9)
        for _ in range(300):
            prompt, source = smalltalk.dialogue(rng, "ALFRED")
            # Characters bound tokens: even one token per character leaves room in a 512-token context.
            self.assertLess(len(tok.encode(prompt.system + prompt.user + source)), 500)



def genesis(tmp: str, name: str, **job: object) -> tuple[str, list[dict]]:
    path = os.path.join(tmp, f"{name}.json")
    out = os.path.join(tmp, f"{name}.gguf")
    with open(path, "w") as f:
        json.dump({"output": out, "batch_size": 4, "sample_tokens": 3, "validation_fraction": 0.25, "warmup_steps": 0,
                   "lr": 0.01, "codices": os.path.join(REPO_ROOT, "codices"), **job}, f)
    stdout = io.StringIO()
    code = main(["genesis", "--job", path], EventWriter(stdout, io.StringIO()))
    events = [json.loads(line) for line in stdout.getvalue().splitlines()]
    assert code == 0, events[-2:]
    return out, events


class GoOnTrainingTest(unittest.TestCase):
    def test_init_goes_on_training_a_genesis_model_with_its_tokenizer(self) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            first, _ = genesis(tmp, "first", steps=2, n_embd=32, n_layer=1, n_head=2, n_head_kv=1, n_ff=64,
                               chat_per_persona=6, judge_per_persona=2, pieces=300)
            second, events = genesis(tmp, "second", init=first, steps=3, chat_per_persona=3, judge_per_persona=1,
                                     synthesis_dialogues=12)
            start = events[0]
            self.assertEqual(start["init"], first)
            self.assertEqual(start["config"]["n_embd"], 32)  # the base's shape, not the job's defaults
            a, b = read_gguf(first), read_gguf(second)
            self.assertEqual(list(a.value("tokenizer.ggml.tokens")), list(b.value("tokenizer.ggml.tokens")))
            self.assertIn("continued from first.gguf", b.value("general.description"))
            changed = [n for n in a.tensors if not np.array_equal(np.array(a.tensor(n)), np.array(b.tensor(n)))]
            self.assertGreater(len(changed), 0)
            evals = {e["when"]: e["loss"] for e in events if e["type"] == "eval"}
            self.assertLess(evals["after"], evals["before"])

    def test_init_that_is_not_a_file_is_a_clear_error(self) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "job.json")
            with open(path, "w") as f:
                json.dump({"output": os.path.join(tmp, "x.gguf"), "init": os.path.join(tmp, "missing.gguf"), "steps": 1,
                           "chat_per_persona": 3, "judge_per_persona": 1, "codices": os.path.join(REPO_ROOT, "codices")}, f)
            stdout = io.StringIO()
            self.assertNotEqual(main(["genesis", "--job", path], EventWriter(stdout, io.StringIO())), 0)
            self.assertIn("not a file", stdout.getvalue())
            self.assertFalse(os.path.exists(os.path.join(tmp, "x.gguf")))


if __name__ == "__main__":
    unittest.main()
