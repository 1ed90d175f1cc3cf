import io
import json
import unittest

from forge.events import EventWriter


class EventWriterTest(unittest.TestCase):
    def test_one_json_object_per_line_and_no_nan(self) -> None:
        out, err = io.StringIO(), io.StringIO()
        events = EventWriter(out, err)
        events.emit("progress", step=1, total=2, loss=float("nan"), tokens_per_s=10.0)
        events.emit("eval", split="validation", loss=float("inf"), when="after")
        events.say("human text")
        lines = out.getvalue().splitlines()
        self.assertEqual(len(lines), 2)
        self.assertEqual(json.loads(lines[0]), {"type": "progress", "step": 1, "total": 2, "loss": None,
                                                "tokens_per_s": 10.0})
        self.assertIsNone(json.loads(lines[1])["loss"])
        self.assertEqual(err.getvalue(), "human text\n")
        with self.assertRaises(ValueError):
            events.emit("started")


if __name__ == "__main__":
    unittest.main()
