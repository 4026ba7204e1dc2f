"""Chapter 8's picture is in register with its numbers, read from the mobjects' coordinates:
the parabola's drawn top is its computed vertex, every key's dot lies on the drawn curve, a
query's line touches the key the lookup picks with every key on one side, and the ring sits
on the computed argmax. Builds the pictures, renders nothing."""

from __future__ import annotations

import numpy as np
import pytest

from scenes.compute.lookup import best_key, key_scores, line_key
from scenes.hull_pictures import unit
from scenes.lookup_pictures import Touch, keys_moved
from scenes.stack_pictures import AddReads, StackBoard

TOLERANCE = 0.01  # screen units: well under a key dot's radius (0.07)


@pytest.fixture(scope="module")
def reads() -> AddReads:
    return AddReads.of_3_plus_5()


@pytest.fixture(scope="module")
def board(reads) -> StackBoard:
    return StackBoard(reads)


def curve_samples(board: StackBoard, count: int = 2001) -> np.ndarray:
    """Points along the drawn curve (its Bezier path, not the function it was built from)."""
    return np.array([board.curve.point_from_proportion(a) for a in np.linspace(0, 1, count)])


def test_the_drawn_apex_is_the_curves_top_and_its_computed_vertex(board, reads):
    samples = curve_samples(board)
    top = samples[np.argmax(samples[:, 1])]
    vertex = board.plot.to_screen(board.curve.apex)
    assert np.linalg.norm(top - vertex) < TOLERANCE
    # the vertex of -k^2 + lift is at depth 0, at the first write's bonus
    first = reads.before[0]
    assert board.curve.apex == pytest.approx((0.0, first.y + first.depth**2))
    # inside the drawn curve, so the curve is seen to turn there
    ends = (board.curve.get_start(), board.curve.get_end())
    assert all(end[1] < vertex[1] - 0.05 for end in ends)
    assert ends[0][0] < vertex[0] < ends[1][0]


def test_every_key_dot_lies_on_the_drawn_curve(board, reads):
    samples = curve_samples(board)
    for k, dot in enumerate(board.keys):
        gap = np.min(np.linalg.norm(samples - dot.get_center(), axis=1))
        assert gap < TOLERANCE, f"key {k} is {gap:.3f} off the curve"
        assert board.keys.located(k) == pytest.approx((reads.keys[k].x, reads.keys[k].y))


@pytest.mark.parametrize("which", ["top", "below"])
def test_the_query_line_touches_the_picked_key_with_every_key_on_one_side(board, reads, which):
    read = getattr(reads, which)
    direction = unit(read.query)
    touch = Touch(board.plot, direction, list(board.keys), approach=0.6)
    winner = board.keys.index(read.winner)
    assert touch.best == winner  # the ring goes on the computed argmax
    assert np.allclose(touch.ring.get_center(), board.keys[winner].get_center())
    # the line, as drawn, passes through the winner's dot ...
    start, end = (board.plot.to_key_space(p) for p in touch.line.get_start_and_end())
    point = board.keys.located(winner)
    along = np.clip(np.dot(point - start, end - start) / np.dot(end - start, end - start), 0, 1)
    assert np.linalg.norm(start + along * (end - start) - point) < TOLERANCE
    # ... and every key scores no more than the line's offset: none lies beyond it
    offset = float(np.dot(start, direction))
    assert offset == pytest.approx(float(np.dot(end, direction)))
    for k in range(len(board.keys)):
        assert float(np.dot(board.keys.located(k), direction)) <= offset + 1e-9


def test_on_the_line_the_end_key_is_touched_not_the_asked_one(board, reads):
    depths = [key.depth for key in reads.before]
    points = [line_key(d) for d in depths]
    dots, labels = keys_moved(board.keys, points)
    touch = Touch(board.plot, unit(reads.below.query), list(dots), approach=0.6)
    assert touch.best == best_key(key_scores(reads.below.query, points)) == len(depths) - 1
    assert depths[touch.best] != reads.below.depth  # the failing case the film shows first
    for k, (dot, point) in enumerate(zip(dots, points, strict=True)):
        assert np.allclose(board.plot.to_key_space(dot.get_center()), point)
        # each label keeps its place beside its own key
        offset = board.keys.labels[k].get_center() - board.keys[k].get_center()
        assert np.allclose(labels[k].get_center() - dot.get_center(), offset)
