import random
import re
import unittest

from forge.genesis.corpus import build_corpus, smalltalk
from forge.genesis.prompts import load_codices
from forge.genesis.tokenizer import GenesisTokenizer
from tests.llama_reference import REPO_ROOT

import os

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


if __name__ == "__main__":
    unittest.main()
