import os
import struct
import tempfile
import unittest

import numpy as np

from forge.errors import GgufError
from forge.gguf.constants import TensorType, ValueType
from forge.gguf.metadata import Meta
from forge.gguf.quant import decode, encode
from forge.gguf.reader import read_gguf
from forge.gguf.validate import validate_adapter, validate_llama
from forge.gguf.writer import TensorSpec, encode_gguf, write_gguf
from tests.llama_reference import STORIES


def every_type_metadata() -> dict:
    return {
        "t.u8": Meta.u8(255), "t.i8": Meta.i8(-128), "t.u16": Meta.u16(65535), "t.i16": Meta.i16(-32768),
        "t.u32": Meta.u32(4294967295), "t.i32": Meta.i32(-2147483648), "t.f32": Meta.f32(0.5),
        "t.bool": Meta.bool(True), "t.false": Meta.bool(False), "t.str": Meta.str("héllo ▁ <|im_start|>"),
        "t.u64": Meta.u64(2**64 - 1), "t.i64": Meta.i64(-(2**63)), "t.f64": Meta.f64(1.0 / 3.0),
        "t.arr.i32": Meta.array(ValueType.INT32, [1, -2, 3]),
        "t.arr.f32": Meta.array(ValueType.FLOAT32, [0.25, -1.5]),
        "t.arr.str": Meta.array(ValueType.STRING, ["a", "", "▁b"]),
        "t.arr.bool": Meta.array(ValueType.BOOL, [True, False]),
        "t.arr.u8": Meta.array(ValueType.UINT8, [0, 7, 255]),
        "t.arr.f64": Meta.array(ValueType.FLOAT64, [1e300]),
        "t.arr.empty": Meta.array(ValueType.UINT64, []),
        "t.arr.nested": Meta.array(ValueType.ARRAY, [Meta.array(ValueType.INT16, [1, 2]),
                                                      Meta.array(ValueType.STRING, ["x"])]),
    }


class GgufRoundTripTest(unittest.TestCase):
    def setUp(self) -> None:
        self.tmp = tempfile.TemporaryDirectory()
        self.addCleanup(self.tmp.cleanup)

    def path(self, name: str) -> str:
        return os.path.join(self.tmp.name, name)

    def test_every_metadata_type_and_f32_f16_tensors_round_trip(self) -> None:
        rng = np.random.default_rng(0)
        meta = every_type_metadata()
        f32 = rng.standard_normal((3, 5)).astype(np.float32)
        f16 = rng.standard_normal((7,)).astype(np.float32)
        sha = write_gguf(self.path("a.gguf"), meta, [TensorSpec("w32", f32), TensorSpec("w16", f16, TensorType.F16)])
        g = read_gguf(self.path("a.gguf"))
        self.assertEqual(len(sha), 64)
        self.assertEqual(g.version, 3)
        for key, value in meta.items():
            got = g.metadata[key]
            self.assertEqual(got.type, value.type, key)
            self.assertEqual(got.item_type, value.item_type, key)
            if key == "t.f32":
                self.assertEqual(got.value, 0.5)
            else:
                self.assertEqual(got.value, value.value, key)
        self.assertEqual(g.tensors["w32"].shape, (3, 5))
        np.testing.assert_array_equal(g.tensor("w32"), f32)
        np.testing.assert_array_equal(g.tensor("w16"), f16.astype(np.float16).astype(np.float32))
        self.assertEqual(g.tensors["w16"].type, TensorType.F16)

    def test_tensor_data_is_aligned_and_alignment_key_equals_padding(self) -> None:
        for alignment in (32, 64):
            data = encode_gguf({"x": Meta.u8(1)}, [TensorSpec("a", np.ones(3, np.float32)),
                                                   TensorSpec("b", np.ones(5, np.float32))], alignment)
            with open(self.path("b.gguf"), "wb") as f:
                f.write(data)
            g = read_gguf(self.path("b.gguf"))
            self.assertEqual(g.alignment, alignment)
            self.assertEqual(g.data_offset % alignment, 0)
            self.assertTrue(all(t.offset % alignment == 0 for t in g.tensors.values()))
            self.assertEqual("general.alignment" in g.metadata, alignment != 32)
            np.testing.assert_array_equal(g.tensor("b"), np.ones(5, np.float32))
        with self.assertRaises(GgufError):
            encode_gguf({"general.alignment": Meta.u32(64)}, [], 32)

    def test_q8_0_is_read(self) -> None:
        rng = np.random.default_rng(1)
        w = rng.standard_normal((4, 64)).astype(np.float32)
        write_gguf(self.path("q.gguf"), {}, [TensorSpec("q", w, TensorType.Q8_0)])
        got = read_gguf(self.path("q.gguf")).tensor("q")
        self.assertEqual(got.shape, (4, 64))
        # Q8_0 keeps about 1/127 of each block's largest magnitude.
        bound = np.abs(w.reshape(-1, 32)).max(axis=1, keepdims=True) / 127 * 0.51 + 1e-3
        self.assertTrue((np.abs(got - w).reshape(-1, 32) <= bound).all())

    def test_q8_0_block_layout_by_hand(self) -> None:
        # One block: f16 scale 0.5, then int8 values 0..31 → 0, 0.5, 1, ...
        raw = np.float16(0.5).tobytes() + bytes(range(32))
        np.testing.assert_array_equal(decode(TensorType.Q8_0, raw, (32,)), np.arange(32, dtype=np.float32) * 0.5)
        self.assertEqual(len(encode(TensorType.Q8_0, np.zeros(64, np.float32))), 68)

    def test_reads_a_real_llama_cpp_model(self) -> None:
        g = read_gguf(STORIES)
        self.assertEqual(g.value("general.architecture"), "llama")
        self.assertEqual(g.value("llama.block_count"), 5)
        self.assertEqual(len(g.value("tokenizer.ggml.tokens")), 512)
        self.assertEqual(g.tensors["blk.0.attn_k.weight"].shape, (32, 64))
        self.assertEqual(g.tensor("token_embd.weight").shape, (512, 64))

    def test_rejects_files_that_are_not_gguf(self) -> None:
        with open(self.path("x.gguf"), "wb") as f:
            f.write(b"NOPE" + struct.pack("<I", 3))
        with self.assertRaisesRegex(GgufError, "not a GGUF"):
            read_gguf(self.path("x.gguf"))
        with open(self.path("t.gguf"), "wb") as f:
            f.write(encode_gguf({"k": Meta.str("v" * 100)}, [])[:40])
        with self.assertRaisesRegex(GgufError, "truncated"):
            read_gguf(self.path("t.gguf"))

    def test_metadata_type_mismatch_is_refused(self) -> None:
        with self.assertRaises(GgufError):
            encode_gguf({"k": Meta(ValueType.UINT8, 300)}, [])


class ValidationTest(unittest.TestCase):
    def stories(self) -> tuple[dict, list]:
        g = read_gguf(STORIES)
        return dict(g.metadata), [TensorSpec(n, g.tensor(n)) for n in g.tensors]

    def test_a_real_model_passes(self) -> None:
        validate_llama(*self.stories())

    def test_keys_whose_absence_aborts_llama_cpp_are_refused(self) -> None:
        for key in ("llama.feed_forward_length", "llama.attention.head_count", "llama.attention.head_count_kv",
                    "tokenizer.ggml.token_type"):
            meta, tensors = self.stories()
            del meta[key]
            with self.assertRaisesRegex(GgufError, key.replace(".", r"\.")):
                validate_llama(meta, tensors)
        meta, tensors = self.stories()
        meta["llama.block_count"] = Meta.i64(5)
        with self.assertRaisesRegex(GgufError, "UINT32"):
            validate_llama(meta, tensors)
        meta, tensors = self.stories()
        with self.assertRaisesRegex(GgufError, "attn_k"):
            validate_llama(meta, [t for t in tensors if t.name != "blk.2.attn_k.weight"])

    def test_adapter_validation(self) -> None:
        meta = {"general.architecture": Meta.str("llama"), "general.type": Meta.str("adapter"),
                "adapter.type": Meta.str("lora"), "adapter.lora.alpha": Meta.f32(16)}
        a = TensorSpec("blk.0.attn_q.weight.lora_a", np.zeros((4, 64), np.float32))
        b = TensorSpec("blk.0.attn_q.weight.lora_b", np.zeros((64, 4), np.float32))
        validate_adapter(meta, [a, b], {"blk.0.attn_q.weight": np.zeros((64, 64))})
        with self.assertRaisesRegex(GgufError, "lora_b"):
            validate_adapter(meta, [a])
        with self.assertRaisesRegex(GgufError, "base weight"):
            validate_adapter(meta, [a, b], {"blk.0.attn_q.weight": np.zeros((32, 64))})
        with self.assertRaisesRegex(GgufError, "adapter.lora.alpha"):
            validate_adapter({k: v for k, v in meta.items() if k != "adapter.lora.alpha"}, [a, b])


if __name__ == "__main__":
    unittest.main()
