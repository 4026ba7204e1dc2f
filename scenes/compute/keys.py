"""The one set of keys the film's lookups search: chapter 6 scores its first five by hand,
chapter 7 finds the best of all of them on their convex hull (and the recap and the watch
page draw the same ones).

The first keys are small whole numbers, so chapter 6 can multiply them out aloud; the keys
that arrive after them sit on a jittered ring round those five and make the hull. The query
is the same in both chapters: (3, 4), which points along the unit direction (0.6, 0.8).
"""

from __future__ import annotations

import math

Point = tuple[float, float]

# Chapter 6's keys, in the order they arrived: whole numbers, inside the later keys' hull.
# With the query (3, 4) they score 3, 1, 7, 4, -1: the best is neither first nor last.
FIRST_KEYS: tuple[tuple[int, int], ...] = ((1, 0), (-1, 1), (1, 1), (0, 1), (1, -1))

# The keys that came after: 10 on a jittered ring (they make the hull) and one more inside
# it. Drawn once with numpy.random.default_rng(27) (ring angles 2*pi*(k + U(-0.3, 0.3))/10,
# radii U(1.8, 2.4); rounded to 2 decimals) and frozen here so the pictures never change.
LATER_KEYS: tuple[Point, ...] = (
    (-1.77, 0.89),
    (-2.03, -0.97),
    (1.62, 1.01),
    (-1.13, -0.37),
    (-0.81, -1.78),
    (1.85, -0.92),
    (-2.0, -0.22),
    (0.53, -2.21),
    (2.04, 0.15),
    (-0.57, 2.27),
    (1.02, 2.08),
)

QUERY: tuple[int, int] = (3, 4)

# A key that arrives once the lookup is done, outside the hull: the hull cache updates.
ARRIVING_KEY: Point = (-1.6, 1.9)


def film_keys() -> tuple[Point, ...]:
    """Every key the film's lookups search, in arrival order: chapter 6's first, then the
    later ones."""
    return tuple((float(x), float(y)) for x, y in FIRST_KEYS) + LATER_KEYS


def query_direction() -> Point:
    """The query's unit direction: a dot product with it is a distance along the query."""
    length = math.hypot(*QUERY)
    return (QUERY[0] / length, QUERY[1] / length)
