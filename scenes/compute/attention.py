"""Hard-max attention on a handful of keys: dot-product scores and the winner.

A key and a query are short vectors of numbers (in Percepta's lookup heads, pairs). The
score of a key is its dot product with the query: multiply the matching numbers and add.
Hard-max attention returns the one key with the highest score. Scoring every key, as here,
is what a standard KV cache does; the hull cache (``scenes.compute.hull``) finds the same
winner without scoring them all.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from scenes.compute.keys import FIRST_KEYS, QUERY

Vector = tuple[int, ...]


def _as_vector(numbers: Sequence[int], what: str) -> Vector:
    vector = tuple(numbers)
    if not vector:
        raise ValueError(f"{what} is empty: a key or query needs at least one number")
    return vector


def products(query: Sequence[int], key: Sequence[int]) -> Vector:
    """The matching numbers multiplied, one product per dimension: the dot product's terms."""
    q, k = _as_vector(query, "query"), _as_vector(key, "key")
    if len(q) != len(k):
        raise ValueError(f"query {q} and key {k} differ in length ({len(q)} vs {len(k)})")
    return tuple(a * b for a, b in zip(q, k, strict=True))


def dot(query: Sequence[int], key: Sequence[int]) -> int:
    """The score of ``key`` for ``query``: the sum of ``products(query, key)``."""
    return sum(products(query, key))


@dataclass(frozen=True)
class Lookup:
    """One hard-max lookup: every key's score, in order, and the key that wins."""

    query: Vector
    keys: tuple[Vector, ...]
    scores: tuple[int, ...]
    best: int  # index of the highest score (the lowest index among equal best)

    @property
    def best_score(self) -> int:
        return self.scores[self.best]

    @property
    def unique(self) -> bool:
        """True when no other key ties the best score (so the winner is unambiguous)."""
        return self.scores.count(self.best_score) == 1

    @property
    def dot_products(self) -> int:
        """How many dot products the lookup computed: one per key."""
        return len(self.scores)


def hard_max(query: Sequence[int], keys: Sequence[Sequence[int]]) -> Lookup:
    """Score every key against the query and pick the highest, as hard-max attention does."""
    if len(keys) == 0:
        raise ValueError("cannot look up among zero keys")
    q = _as_vector(query, "query")
    vectors = tuple(_as_vector(key, "key") for key in keys)
    scores = tuple(dot(q, key) for key in vectors)
    return Lookup(q, vectors, scores, scores.index(max(scores)))


# The example the cost chapter draws: the film's first five keys and its query
# (``scenes.compute.keys``, the keys chapter 7 searches). Its best key is neither the first
# nor the last, and no score ties, so the winner can only be found by scoring them all.
SCENE_QUERY: Vector = QUERY
SCENE_KEYS: tuple[Vector, ...] = FIRST_KEYS
