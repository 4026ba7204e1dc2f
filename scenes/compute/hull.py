"""2D lookups: hard-max attention as "the key furthest in the query's direction".

With 2-dimensional keys, the key with the largest dot product with a query direction is
always a vertex of the keys' convex hull. ``HullCache`` keeps that hull as keys arrive and
answers a lookup by binary search along one hull chain, in O(log t) instead of the O(t) scan
of a standard KV cache (``brute_force_argmax``).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise

from scenes.compute.keys import film_keys, query_direction

Point = tuple[float, float]


def parabola_key(j: int) -> Point:
    """Key for position j in an index lookup: (2j, -j^2), a point on a parabola."""
    return (2.0 * j, -float(j * j))


def index_query(i: int) -> Point:
    """Query that fetches position i: its score with key j is i^2 - (j - i)^2, largest at j = i."""
    return (float(i), 1.0)


def dot(a: Point, b: Point) -> float:
    """The attention score of a key with a query."""
    return a[0] * b[0] + a[1] * b[1]


def _cross(o: Point, a: Point, b: Point) -> float:
    """Positive when o -> a -> b turns left (counter-clockwise)."""
    return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])


def _as_point(point: Sequence[float], what: str) -> Point:
    if len(point) != 2:
        raise ValueError(f"{what} must have 2 coordinates, got {len(point)}: {point!r}")
    x, y = float(point[0]), float(point[1])
    if not (math.isfinite(x) and math.isfinite(y)):
        raise ValueError(f"{what} must be finite, got {point!r}")
    return (x, y)


def _as_direction(direction: Sequence[float]) -> Point:
    d = _as_point(direction, "query direction")
    if d == (0.0, 0.0):
        raise ValueError("query direction (0, 0) has no direction: every key would tie")
    return d


def brute_force_argmax(points: Sequence[Sequence[float]], direction: Sequence[float]) -> int:
    """Score every key, as a standard KV cache does; the lowest index among equal best."""
    if len(points) == 0:
        raise ValueError("cannot look up among zero keys")
    d = _as_direction(direction)
    scores = [dot(_as_point(p, "key"), d) for p in points]
    return scores.index(max(scores))


def chain_scores(
    points: Sequence[Sequence[float]], chain: Sequence[int], direction: Sequence[float]
) -> tuple[float, ...]:
    """The score (dot product with ``direction``) of each key of ``chain``, in chain order:
    what the hull search compares, neighbour against neighbour."""
    d = _as_direction(direction)
    return tuple(dot(_as_point(points[k], "key"), d) for k in chain)


def peak_position(scores: Sequence[float]) -> int | None:
    """Where ``scores`` peak, if they rise to one peak and then fall (strictly, either part
    possibly empty); None if not. Along the hull chain a query searches they always do,
    which is why comparing one vertex with its neighbour says which side the best lies on."""
    if not scores:
        return None
    peak = max(range(len(scores)), key=scores.__getitem__)
    rising = all(a < b for a, b in pairwise(scores[: peak + 1]))
    falling = all(a > b for a, b in pairwise(scores[peak:]))
    return peak if rising and falling else None


@dataclass(frozen=True)
class HullQuery:
    """The answer to one lookup and the trail of the binary search that found it.

    The search runs along ``chain`` (key indices, one hull chain from its smallest key to its
    largest). ``ranges[k]`` is the range of chain positions ``(lo, hi)`` still in play before
    the k-th comparison, and ``ranges[-1]`` the closed range ``(lo, lo)`` it ends on, so
    ``len(ranges) == steps + 1``. ``probes[k]`` is the hull vertex at the range's midpoint in
    the k-th comparison: the search asked whether the score still rises from it to its
    neighbour along the chain. ``steps`` is the number of those comparisons, so
    ``len(probes) == steps``. A query with no vertical part (dy == 0) needs no comparison: its
    answer is a chain end, and ``chain`` is that key alone.
    """

    best_index: int
    best_score: float
    probes: tuple[int, ...]
    steps: int
    chain: tuple[int, ...]
    ranges: tuple[tuple[int, int], ...]

    @property
    def dot_products(self) -> int:
        """Dot products with the query: one per comparison, one to score the winner."""
        return self.steps + 1

    def range_keys(self, step: int) -> tuple[int, ...]:
        """The key indices still in play before comparison ``step`` (``steps``: the end)."""
        lo, hi = self.ranges[step]
        return self.chain[lo : hi + 1]

    def probe_position(self, step: int) -> int:
        """Where comparison ``step`` probes, as a position along ``chain``: the midpoint."""
        lo, hi = self.ranges[step]
        return (lo + hi) // 2

    def rising(self, step: int) -> bool:
        """Whether comparison ``step`` found the score still rising past its probe."""
        return self.ranges[step + 1][0] > self.ranges[step][0]

    def dropped(self, step: int) -> tuple[int, ...]:
        """The key indices comparison ``step`` drops from the range (the half left behind)."""
        kept = set(self.range_keys(step + 1))
        return tuple(k for k in self.range_keys(step) if k not in kept)


class HullCache:
    """Keys arrive one at a time; the convex hull is kept for O(log t) lookups.

    The hull is Andrew's monotone chain: a lower and an upper chain of key indices, both
    running from the smallest key to the largest in (x, y) order. A key that arrives in that
    order (like the parabola keys, x increasing) extends the chains in amortised O(1); a key
    that arrives out of order marks the hull stale, and the next read rebuilds it by sorting.
    Collinear and duplicate keys are dropped from the chains (the earliest duplicate stays).
    """

    def __init__(self, points: Iterable[Sequence[float]] = ()) -> None:
        self._points: list[Point] = []
        self._lower: list[int] = []
        self._upper: list[int] = []
        self._stale = False
        for point in points:
            self.add(point)

    def __len__(self) -> int:
        return len(self._points)

    def point(self, index: int) -> Point:
        """The key with this index."""
        return self._points[index]

    def add(self, point: Sequence[float]) -> int:
        """Append a key; returns its index (0, 1, 2, ... in arrival order)."""
        p = _as_point(point, "key")
        index = len(self._points)
        self._points.append(p)
        if not self._stale:
            if self._lower and p < self._points[self._lower[-1]]:
                self._stale = True  # out of (x, y) order: rebuild lazily on the next read
            else:
                self._push(index)
        return index

    def _push(self, index: int) -> None:
        """One monotone-chain step for a key no smaller than every key already on the hull."""
        points = self._points
        p = points[index]
        if self._lower and p == points[self._lower[-1]]:
            return  # duplicate of the current largest key
        lower, upper = self._lower, self._upper
        while len(lower) >= 2 and _cross(points[lower[-2]], points[lower[-1]], p) <= 0:
            lower.pop()
        lower.append(index)
        while len(upper) >= 2 and _cross(points[upper[-2]], points[upper[-1]], p) >= 0:
            upper.pop()
        upper.append(index)

    def _refresh(self) -> None:
        if not self._stale:
            return
        self._lower, self._upper, self._stale = [], [], False
        for index in sorted(range(len(self._points)), key=lambda k: (self._points[k], k)):
            self._push(index)

    def chains(self) -> tuple[tuple[int, ...], tuple[int, ...]]:
        """The (lower, upper) chains as key indices, each from the smallest key to the largest."""
        self._refresh()
        return tuple(self._lower), tuple(self._upper)

    def vertices(self) -> list[int]:
        """Hull vertex key indices in counter-clockwise order, starting at the smallest key."""
        self._refresh()
        if len(self._lower) <= 1:
            return list(self._lower)
        return self._lower[:-1] + self._upper[:0:-1]

    def query(self, direction: Sequence[float]) -> HullQuery:
        """The key with the largest dot product with ``direction``, by binary search.

        Along the upper chain the scores of a direction pointing up (dy > 0) rise and then
        fall, so the first vertex whose next edge does not rise is the best; the lower chain
        serves dy < 0. For dy == 0 the answer is a chain end (smallest or largest x): no
        comparisons.
        """
        d = _as_direction(direction)
        if not self._points:
            raise ValueError("cannot query an empty HullCache: add a key first")
        self._refresh()
        probes: list[int] = []
        if d[1] == 0:
            best = self._lower[-1] if d[0] > 0 else self._lower[0]
            chain: list[int] = [best]
            ranges = [(0, 0)]
        else:
            chain = self._upper if d[1] > 0 else self._lower
            lo, hi = 0, len(chain) - 1
            ranges = [(lo, hi)]
            while lo < hi:
                mid = (lo + hi) // 2
                probes.append(chain[mid])
                here, after = self._points[chain[mid]], self._points[chain[mid + 1]]
                if dot(d, (after[0] - here[0], after[1] - here[1])) > 0:
                    lo = mid + 1  # still rising: the best is further along
                else:
                    hi = mid
                ranges.append((lo, hi))
            best = chain[lo]
        return HullQuery(
            best,
            dot(self._points[best], d),
            tuple(probes),
            len(probes),
            tuple(chain),
            tuple(ranges),
        )


# The keys and query chapter 7 draws: the film's keys (``scenes.compute.keys``; chapter 6
# scored the first five) and its query's unit direction (0.6, 0.8).
SCENE_KEYS: tuple[Point, ...] = film_keys()
SCENE_QUERY: Point = query_direction()
