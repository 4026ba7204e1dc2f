"""Counting the cost of looking back, for the cost chapter.

The unit is one dot product with the query, i.e. the work of scoring one key. A standard KV
cache scores every key. The hull cache binary-searches a hull chain: each step is one dot
product of the query with a hull edge (the difference of two neighbouring keys), and one more
dot product scores the winner.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


def _check_keys(t: int) -> None:
    if t < 1:
        raise ValueError(f"a lookup needs at least 1 key, got t={t}")


def scan_cost(t: int) -> int:
    """Dot products a standard KV cache computes for one lookup among t keys: all t."""
    _check_keys(t)
    return t


def hull_cost(t: int) -> int:
    """Worst-case dot products of one hull lookup among t keys: ceil(log2 t) + 1.

    The worst case is every key on the searched hull chain (as for the parabola keys):
    binary search over t vertices makes ceil(log2 t) edge comparisons (``HullQuery.steps``),
    and scoring the winner is one more (``HullQuery.dot_products`` = steps + 1).
    """
    _check_keys(t)
    return (t - 1).bit_length() + 1  # (t - 1).bit_length() == ceil(log2 t), exactly


def scan_counter(t: int) -> list[int]:
    """The running count of dot products as a standard cache scans t keys: 1, 2, ..., t.

    Entry k is the count once key k (0-based, oldest first) has been scored; the last entry
    is ``scan_cost(t)``.
    """
    return list(range(1, scan_cost(t) + 1))


def step_costs(cost_fn: Callable[[int], int], first: int, last: int) -> list[int]:
    """Dot products of each step whose lookup sees first, first + 1, ..., last keys."""
    _check_keys(first)
    if last < first:
        raise ValueError(f"no steps from {first} to {last} keys")
    return [cost_fn(k) for k in range(first, last + 1)]


def total_cost(cost_fn: Callable[[int], int], t: int) -> int:
    """Cost of a whole trace of t tokens: lookup number k sees k keys, for k = 1..t."""
    if t < 0:
        raise ValueError(f"a trace cannot have a negative length, got t={t}")
    return sum(cost_fn(k) for k in range(1, t + 1))


@dataclass(frozen=True)
class MeasuredRace:
    """One measured run of the same trace with both caches, as reported in the source."""

    trace_tokens: int
    hull_tokens_per_s: float
    hull_seconds: float
    standard_seconds: float
    source: str

    @property
    def speedup(self) -> float:
        """How many times faster the hull cache finished."""
        return self.standard_seconds / self.hull_seconds


ARTICLE_RACE = MeasuredRace(
    trace_tokens=41_709,
    hull_tokens_per_s=31_037,
    hull_seconds=1.3,
    standard_seconds=258.9,
    source="Percepta, 'Can LLMs Be Computers?', 11 March 2026",
)
