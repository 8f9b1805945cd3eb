"""The branch-free selections give np.where / np.select's results bit for bit."""

from __future__ import annotations

import numpy as np

from geo.accounts._arrays import first_true, keep, pick


def _values(n: int, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    out = rng.normal(0, 1e3, n)
    out[rng.random(n) < 0.2] = np.nan
    out[:6] = [0.0, -0.0, np.inf, -np.inf, 5e-324, -1.5]
    return out


def test_keep_and_pick_are_np_where_bit_for_bit() -> None:
    a, b = _values(2_000, 1), _values(2_000, 2)
    mask = np.random.default_rng(3).random(2_000) < 0.5
    assert keep(a, mask).tobytes() == np.where(mask, a, 0.0).tobytes()
    assert pick(mask, a, b).tobytes() == np.where(mask, a, b).tobytes()
    assert pick(mask, a, np.nan).tobytes() == np.where(mask, a, np.nan).tobytes()
    assert pick(mask[:0], a[:0], np.nan).size == 0


def test_first_true_is_np_select() -> None:
    rng = np.random.default_rng(4)
    conditions = [rng.random(2_000) < p for p in (0.1, 0.3, 0.5, 0.2)]
    expected = np.select(conditions, [0, 1, 2, 3], default=7)
    assert first_true(conditions, default=7).tolist() == expected.tolist()
