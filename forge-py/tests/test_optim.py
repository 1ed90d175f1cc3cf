import unittest

import numpy as np

from forge.model.optim import AdamW, clip_grad_norm, lr_at


class OptimTest(unittest.TestCase):
    def test_schedule_warms_up_then_decays_by_cosine(self) -> None:
        self.assertAlmostEqual(lr_at(0, 100, 1.0, 10), 0.1)
        self.assertAlmostEqual(lr_at(9, 100, 1.0, 10), 1.0)
        self.assertAlmostEqual(lr_at(10, 100, 1.0, 10), 1.0)
        self.assertAlmostEqual(lr_at(55, 100, 1.0, 10), 0.55)
        self.assertAlmostEqual(lr_at(100, 100, 1.0, 10), 0.1)
        lrs = [lr_at(s, 100, 1.0, 10) for s in range(10, 100)]
        self.assertTrue(all(a >= b for a, b in zip(lrs, lrs[1:])))

    def test_clipping_scales_to_the_global_norm(self) -> None:
        grads = {"a": np.array([3.0, 0.0]), "b": np.array([[4.0]])}
        self.assertAlmostEqual(clip_grad_norm(grads, 1.0), 5.0)
        self.assertAlmostEqual(float(np.sqrt(sum((g * g).sum() for g in grads.values()))), 1.0, places=5)
        small = {"a": np.array([0.1])}
        clip_grad_norm(small, 1.0)
        self.assertEqual(small["a"][0], 0.1)

    def test_adamw_first_step_and_decoupled_decay(self) -> None:
        p = {"w": np.array([[1.0, -2.0]]), "n": np.array([1.0])}
        opt = AdamW(p, weight_decay=0.1)
        opt.step({"w": np.array([[0.5, -0.5]]), "n": np.array([2.0])}, lr=0.01)
        # Bias-corrected first step moves each weight by lr·sign(g); decay shrinks matrices, not 1-D weights.
        np.testing.assert_allclose(p["w"], [[1.0 * (1 - 0.001) - 0.01, -2.0 * (1 - 0.001) + 0.01]], rtol=1e-6)
        np.testing.assert_allclose(p["n"], [1.0 - 0.01], rtol=1e-6)

    def test_adamw_minimises_a_quadratic(self) -> None:
        target = np.array([1.0, -3.0, 2.0])
        p = {"x": np.zeros(3)}
        opt = AdamW(p)
        for _ in range(2000):
            opt.step({"x": 2 * (p["x"] - target)}, lr=0.01)
        np.testing.assert_allclose(p["x"], target, atol=1e-3)


if __name__ == "__main__":
    unittest.main()
