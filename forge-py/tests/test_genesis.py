import io
import json
import os
import tempfile
import unittest

from forge.cli import main
from forge.events import EventWriter
from forge.genesis.chatml import chatml_tokens
from forge.genesis.corpus import AXES, Message, build_corpus, golden_conversations, labelled_set
from forge.genesis.prompts import judge_budget, load_codices, system_prompt_for
from forge.genesis.tokenizer import GenesisTokenizer
from forge.gguf.reader import read_gguf
from tests.llama_reference import REPO_ROOT, llama_cpp_tokenize

GENESIS = os.path.join(REPO_ROOT, "models", "living-image-genesis.gguf")
CODICES = load_codices(os.path.join(REPO_ROOT, "codices"))


class TokenizerTest(unittest.TestCase):
    def test_round_trip_with_byte_fallback(self) -> None:
        tok = GenesisTokenizer.characters_only()
        text = "BRICK says: héllo 日本 {\"score\": 4}\n\tok"
        ids = tok.encode(text)
        self.assertEqual(tok.decode(ids), text)
        self.assertIn(tok.ids["<0x0A>"], ids)  # newline through byte fallback
        self.assertNotIn(tok.ids["<unk>"], ids)

    def test_chatml_layout_and_mask(self) -> None:
        tok = GenesisTokenizer.characters_only()
        d = [Message("system", ""), Message("user", "Hi"), Message("assistant", "Yo")]
        tokens, mask = chatml_tokens(tok, d)
        # An empty system message is left out, as node-llama-cpp's ChatML wrapper does.
        self.assertEqual(tok.decode(tokens), "<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\nYo<|im_end|>\n")
        self.assertEqual(tokens[0], tok.bos_id)
        learned = [t for t, m in zip(tokens, mask) if m]
        self.assertEqual(learned, tok.encode("Yo") + [tok.im_end_id])

    def test_corpus_is_deterministic_and_covers_every_persona_and_the_judge(self) -> None:
        a, b = build_corpus(5, CODICES, 12, 6), build_corpus(5, CODICES, 12, 6)
        self.assertEqual(a, b)
        self.assertEqual(len(a), 3 * 12 + 4 + 3 * 6)
        text = " ".join(m.text for d in a for m in d)
        for persona in ("BRICK", "ROBIN", "ALFRED", "BABS"):
            # Chats run under the system prompt the runtime sends (the codex, cut to 160 characters).
            self.assertIn(system_prompt_for(CODICES[persona], 160), text)
        judged = [d for d in a if d[-1].text.startswith('{"logical_rigor": {"score": ')]
        self.assertEqual(len(judged), 18)
        budget = judge_budget(1024)
        for d in judged:
            self.assertEqual(d[0].text, system_prompt_for(CODICES["ALFRED"], budget.system_prompt_chars))
            self.assertTrue(d[1].text.startswith("Score this exchange as JSON. "))
            self.assertLessEqual(len(d[1].text), budget.max_prompt_chars)
            verdict = json.loads(d[-1].text)
            self.assertEqual(list(verdict), list(AXES))
            for axis in verdict.values():
                self.assertIn(axis["score"], (1, 3, 5))
                self.assertLessEqual(len(axis["rationale"]), budget.rationale_chars)

    def test_labelled_set_is_held_out_and_labelled_by_the_rubric(self) -> None:
        items = labelled_set(7, CODICES, 10)
        self.assertEqual(len(items), 30)
        train_text = " ".join(m.text for d in build_corpus(7, CODICES, 30, 10) for m in d)
        for item in items:
            weights = {a["id"]: a["weight"] for a in CODICES[item["persona"]]["rubric"]}
            expected = sum(weights[a] * item["levels"][a] for a in AXES) / sum(weights.values())
            self.assertAlmostEqual(item["label"], expected, places=5)
            if item["persona"] != "BABS":  # BABS is asked about model pairs, not topics
                self.assertFalse(item["messages"][0]["content"] in train_text, "held-out topics are never trained on")

    def test_golden_conversations_are_in_the_codex_voice(self) -> None:
        conversations = golden_conversations(3, "BABS", 5)
        self.assertEqual(len(conversations), 5)
        for user, reply in conversations:
            self.assertEqual((user["role"], reply["role"]), ("user", "assistant"))
            self.assertTrue(reply["content"].startswith("Field report:"), reply["content"])  # BABS's voice, not her plain notes
        self.assertEqual(conversations, golden_conversations(3, "BABS", 5))
        self.assertTrue(golden_conversations(3, "BRICK", 1)[0][1]["content"].startswith("Logically speaking"))

    def test_llama_cpp_tokenizes_like_python(self) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            path = self.tiny_genesis(tmp)
            texts = ["Hello world", "two  spaces ", " leading", "héllo ünïcode 日本", "line\nbreak\ttab",
                     '{"logical_rigor": {"score": 4, "reason": "ok"}}', "~`!@#$%^&*()_+-=[]\\|;:'<>,.?/"]
            tok = GenesisTokenizer.from_gguf(read_gguf(path))
            self.assertGreater(tok.vocab_size, 400)  # learned pieces, not only characters
            texts += [m.text for d in build_corpus(99, CODICES, 6, 3) for m in d]  # many strings, as LLAMA-FACTS advises
            self.assertEqual(llama_cpp_tokenize(path, texts), [tok.encode(t) for t in texts])

    def test_llama_cpp_tokenizes_random_strings_like_python_on_the_committed_model(self) -> None:
        import random

        tok = GenesisTokenizer.from_gguf(read_gguf(GENESIS))
        rng = random.Random(0)
        words = [p.replace("\u2581", " ") for p in tok.pieces[5 + 256 :]]
        extra = list("  \n\t.,!?'\"{}[]0123456789") + ["é", "日本", "🙂", "ß"]
        texts = ["".join(rng.choice(words if rng.random() < 0.7 else extra) for _ in range(rng.randint(1, 25)))
                 for _ in range(300)]
        self.assertEqual(llama_cpp_tokenize(GENESIS, texts), [tok.encode(t) for t in texts])

    def tiny_genesis(self, tmp: str) -> str:
        job = os.path.join(tmp, "job.json")
        out = os.path.join(tmp, "g.gguf")
        with open(job, "w") as f:
            json.dump({"output": out, "steps": 3, "n_embd": 32, "n_layer": 1, "n_head": 2, "n_head_kv": 1,
                       "n_ff": 64, "chat_per_persona": 6, "judge_per_persona": 2, "pieces": 300, "batch_size": 4,
                       "sample_tokens": 3, "validation_fraction": 0.25, "warmup_steps": 0, "lr": 0.01,
                       "codices": os.path.join(REPO_ROOT, "codices")}, f)
        stdout = io.StringIO()
        self.assertEqual(main(["genesis", "--job", job], EventWriter(stdout, io.StringIO())), 0)
        self.events = [json.loads(line) for line in stdout.getvalue().splitlines()]
        return out

    def test_genesis_command_writes_a_loadable_llama(self) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            path = self.tiny_genesis(tmp)
            types = [e["type"] for e in self.events]
            self.assertEqual(types[0], "start")
            self.assertEqual(types[-2:], ["artifact", "done"])
            self.assertIn("progress", types)
            evals = {e["when"]: e["loss"] for e in self.events if e["type"] == "eval"}
            self.assertLess(evals["after"], evals["before"])  # training every weight lowers held-out loss
            g = read_gguf(path)
            self.assertEqual(g.value("tokenizer.ggml.add_space_prefix"), False)
            self.assertIn("<|im_start|>", g.value("tokenizer.chat_template"))
            self.assertEqual(g.value("tokenizer.ggml.token_type")[3], 3)
            self.assertEqual(self.events[-2]["sha256"], self.events[-1]["sha256"])
            self.assertNotIn("output.weight", g.tensors)  # tied head
            first_sha = self.events[-1]["sha256"]
            os.unlink(path)
            # The README's rebuild promise: the same job and seed give the same bytes.
            self.tiny_genesis(tmp)
            self.assertEqual(self.events[-1]["sha256"], first_sha)


if __name__ == "__main__":
    unittest.main()
