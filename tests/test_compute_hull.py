"""Hull lookups must agree with scanning every key, and stay logarithmic."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy.spatial import ConvexHull

from scenes.compute.hull import (
    SCENE_KEYS,
    SCENE_QUERY,
    HullCache,
    brute_force_argmax,
    chain_scores,
    dot,
    index_query,
    parabola_key,
    peak_position,
)
from scenes.compute.keys import ARRIVING_KEY


def check_query(points: list[tuple[float, float]], direction: tuple[float, float]) -> None:
    """The hull answer scores as high as the brute-force scan, is a hull vertex, and is fast."""
    cache = HullCache(points)
    answer = cache.query(direction)
    best = max(dot(p, direction) for p in points)
    assert answer.best_score == pytest.approx(best, rel=1e-12, abs=1e-12)
    assert answer.best_score == dot(points[answer.best_index], direction)
    vertices = cache.vertices()
    assert answer.best_index in vertices
    assert answer.steps == len(answer.probes)
    assert answer.steps <= math.ceil(math.log2(len(vertices))) + 2
    check_search_trail(cache, answer, direction)
    brute = brute_force_argmax(points, direction)
    assert dot(points[brute], direction) == best


def check_search_trail(cache: HullCache, answer, direction: tuple[float, float]) -> None:
    """The recorded ranges nest, halve, always hold a best key, and close on the answer."""
    chain, ranges = answer.chain, answer.ranges
    assert chain in cache.chains() or chain == (answer.best_index,)
    assert len(ranges) == answer.steps + 1
    assert ranges[0] == (0, len(chain) - 1)
    best = max(dot(cache.point(k), direction) for k in range(len(cache)))
    for step, (lo, hi) in enumerate(ranges):
        assert 0 <= lo <= hi < len(chain)
        in_play = answer.range_keys(step)
        assert in_play == chain[lo : hi + 1]
        assert max(dot(cache.point(k), direction) for k in in_play) == best  # never lost
    for step, probe in enumerate(answer.probes):
        (lo, hi), (new_lo, new_hi) = ranges[step], ranges[step + 1]
        mid = answer.probe_position(step)
        assert lo <= mid < hi and chain[mid] == probe
        assert (new_lo, new_hi) == ((mid + 1, hi) if answer.rising(step) else (lo, mid))
        here, after = cache.point(chain[mid]), cache.point(chain[mid + 1])
        assert answer.rising(step) == (dot(after, direction) > dot(here, direction))
        size, new_size = hi - lo + 1, new_hi - new_lo + 1
        assert new_size <= (size + 1) // 2  # each comparison halves the range, at least
        dropped = answer.dropped(step)
        assert len(dropped) == size - new_size
        assert set(dropped) | set(answer.range_keys(step + 1)) == set(answer.range_keys(step))
    lo, hi = ranges[-1]
    assert lo == hi and chain[lo] == answer.best_index  # the closed range is the answer
    brute = brute_force_argmax([cache.point(k) for k in range(len(cache))], direction)
    assert dot(cache.point(brute), direction) == dot(cache.point(chain[lo]), direction)


def test_parabola_keys_index_exactly() -> None:
    for t in (1, 2, 7, 64):
        for i in range(t):
            scores = [dot(index_query(i), parabola_key(j)) for j in range(t)]
            assert scores.index(max(scores)) == i
            assert scores.count(max(scores)) == 1
            assert all(s == i * i - (j - i) ** 2 for j, s in enumerate(scores))


def test_hull_cache_indexes_parabola_keys() -> None:
    cache = HullCache()
    for j in range(300):
        assert cache.add(parabola_key(j)) == j
    assert len(cache.vertices()) == 300  # every key on a parabola is a hull vertex
    for i in range(300):
        answer = cache.query(index_query(i))
        assert answer.best_index == i
        check_search_trail(cache, answer, index_query(i))


def test_random_float_keys_against_brute_force() -> None:
    rng = np.random.default_rng(1)
    for _ in range(1500):
        n = int(rng.integers(1, 40))
        points = [tuple(map(float, p)) for p in rng.normal(size=(n, 2))]
        direction = tuple(map(float, rng.normal(size=2)))
        check_query(points, direction)


def test_integer_grids_with_ties_are_exact() -> None:
    rng = np.random.default_rng(2)
    for _ in range(1500):
        n = int(rng.integers(1, 30))
        points = [tuple(map(float, p)) for p in rng.integers(-3, 4, size=(n, 2))]
        direction = (0.0, 0.0)
        while direction == (0.0, 0.0):
            direction = tuple(map(float, rng.integers(-3, 4, size=2)))
        cache = HullCache(points)
        answer = cache.query(direction)
        assert answer.best_score == max(dot(p, direction) for p in points)  # exact
        check_query(points, direction)


def test_collinear_and_duplicate_keys() -> None:
    rng = np.random.default_rng(3)
    for _ in range(300):
        n = int(rng.integers(1, 20))
        ks = rng.integers(-5, 6, size=n)
        points = [(float(k), float(2 * k + 1)) for k in ks]  # all on one line, with repeats
        direction = tuple(map(float, rng.integers(-3, 4, size=2)))
        if direction == (0.0, 0.0):
            continue
        assert len(HullCache(points).vertices()) <= 2
        check_query(points, direction)


def test_duplicates_keep_the_first_index() -> None:
    cache = HullCache([(1.0, 1.0)] * 5)
    assert cache.vertices() == [0]
    for direction in [(1, 0), (0, 1), (-1, -1)]:
        assert cache.query(direction).best_index == 0


def test_search_trail_of_the_chapters_two_lookups() -> None:
    """The ranges chapter 7 draws: the parabola lookup for position 5 and the scene's query."""
    keys = [parabola_key(j) for j in range(8)]
    lookup = HullCache(keys).query(index_query(5))
    assert lookup.chain == tuple(range(8))  # the upper chain is the whole parabola
    assert lookup.ranges == ((0, 7), (4, 7), (4, 5), (5, 5))
    assert lookup.probes == (3, 5, 4)
    assert [lookup.dropped(k) for k in range(3)] == [(0, 1, 2, 3), (6, 7), (4,)]
    assert lookup.range_keys(3) == (brute_force_argmax(keys, index_query(5)),)

    scene = HullCache(SCENE_KEYS).query(SCENE_QUERY)
    assert scene.ranges[-1] == (4, 4)
    assert scene.range_keys(scene.steps) == (brute_force_argmax(SCENE_KEYS, SCENE_QUERY),)
    assert [scene.rising(k) for k in range(scene.steps)] == [True, False, False]


def test_a_level_query_needs_no_comparison() -> None:
    cache = HullCache([(0.0, 0.0), (2.0, 1.0), (1.0, -1.0)])
    answer = cache.query((1.0, 0.0))
    assert (answer.best_index, answer.steps, answer.chain, answer.ranges) == (1, 0, (1,), ((0, 0),))
    assert answer.range_keys(0) == (1,)


def test_one_and_two_keys() -> None:
    one = HullCache([(0.5, -2.0)])
    assert one.vertices() == [0]
    answer = one.query((3.0, 4.0))
    assert (answer.best_index, answer.steps, answer.probes) == (0, 0, ())
    assert answer.best_score == 0.5 * 3.0 - 2.0 * 4.0

    two = HullCache([(0.0, 0.0), (1.0, 1.0)])
    assert sorted(two.vertices()) == [0, 1]
    assert two.query((1.0, 1.0)).best_index == 1
    assert two.query((-1.0, -1.0)).best_index == 0
    assert two.query((1.0, -1.0)).best_score == 0.0


def test_out_of_order_keys_rebuild_to_the_same_hull() -> None:
    rng = np.random.default_rng(4)
    points = [tuple(map(float, p)) for p in rng.normal(size=(200, 2))]
    in_order = HullCache(sorted(points))
    shuffled = HullCache(points)
    as_points = {in_order.point(k) for k in in_order.vertices()}
    assert as_points == {shuffled.point(k) for k in shuffled.vertices()}
    shuffled.add((100.0, 100.0))  # after a rebuild, keys can keep arriving
    assert shuffled.query((1.0, 1.0)).best_index == 200


def test_vertices_match_scipy_in_counter_clockwise_order() -> None:
    rng = np.random.default_rng(5)
    for _ in range(200):
        n = int(rng.integers(3, 60))
        points = rng.uniform(-2.5, 2.5, size=(n, 2))
        ours = HullCache(map(tuple, points)).vertices()
        theirs = list(ConvexHull(points).vertices)  # counter-clockwise for 2D input
        assert set(ours) == set(theirs)
        start = theirs.index(ours[0])
        assert ours == theirs[start:] + theirs[:start]


def test_errors() -> None:
    with pytest.raises(ValueError, match="empty HullCache"):
        HullCache().query((1.0, 0.0))
    with pytest.raises(ValueError, match=r"\(0, 0\)"):
        HullCache([(1.0, 2.0)]).query((0.0, 0.0))
    with pytest.raises(ValueError, match="2 coordinates"):
        HullCache().add((1.0, 2.0, 3.0))
    with pytest.raises(ValueError, match="finite"):
        HullCache().add((math.nan, 0.0))
    with pytest.raises(ValueError, match="zero keys"):
        brute_force_argmax([], (1.0, 0.0))


def test_scene_keys_and_query_make_a_good_picture() -> None:
    assert 12 <= len(SCENE_KEYS) <= 20
    assert all(abs(c) <= 2.5 for p in SCENE_KEYS for c in p)
    assert len(set(SCENE_KEYS)) == len(SCENE_KEYS)
    cache = HullCache(SCENE_KEYS)
    answer = cache.query(SCENE_QUERY)
    assert answer.best_index == brute_force_argmax(SCENE_KEYS, SCENE_QUERY)
    assert answer.best_index in cache.vertices()
    assert len(cache.vertices()) < len(SCENE_KEYS)  # some keys sit inside the hull
    assert answer.steps >= 3
    assert answer.best_index != answer.probes[0]
    scores = sorted((dot(p, SCENE_QUERY) for p in SCENE_KEYS), reverse=True)
    assert scores[0] - scores[1] > 0.2  # the winner is clear to the eye
    assert math.hypot(*SCENE_QUERY) == pytest.approx(1.0)


def searched_chain_scores(points, direction) -> tuple[float, ...]:
    """The scores along the chain a query's hull search runs on."""
    answer = HullCache(points).query(direction)
    return chain_scores(points, answer.chain, direction)


def test_scores_along_the_searched_chain_rise_to_one_peak_then_fall() -> None:
    rng = np.random.default_rng(7)
    key_sets = [list(SCENE_KEYS)] + [
        [tuple(p) for p in rng.normal(size=(n, 2))] for n in (3, 8, 40, 200)
    ]
    for points in key_sets:
        for degrees in np.arange(0.5, 360, 1.0):  # never level: a level query has no chain
            angle = math.radians(degrees)
            direction = (math.cos(angle), math.sin(angle))
            answer = HullCache(points).query(direction)
            scores = chain_scores(points, answer.chain, direction)
            peak = peak_position(scores)
            assert peak is not None, (degrees, scores)
            assert answer.chain[peak] == answer.best_index


def test_the_scenes_scores_rise_and_fall_round_the_best_key() -> None:
    scores = searched_chain_scores(SCENE_KEYS, SCENE_QUERY)
    peak = peak_position(scores)
    assert peak is not None and 0 < peak < len(scores) - 1  # both a rise and a fall to show
    answer = HullCache(SCENE_KEYS).query(SCENE_QUERY)
    assert answer.chain[peak] == brute_force_argmax(SCENE_KEYS, SCENE_QUERY)


def test_peak_position_rejects_anything_but_one_peak() -> None:
    assert peak_position([1.0, 3.0, 2.0]) == 1
    assert peak_position([1.0, 2.0, 3.0]) == 2 and peak_position([3.0, 2.0]) == 0
    assert peak_position([1.0]) == 0
    assert peak_position([]) is None
    assert peak_position([2.0, 1.0, 3.0]) is None  # a dip: two peaks
    assert peak_position([1.0, 2.0, 2.0]) is None  # a plateau: no single peak


def test_the_arriving_key_changes_the_hull() -> None:
    cache = HullCache(SCENE_KEYS)
    before = set(cache.vertices())
    index = cache.add(ARRIVING_KEY)
    after = set(cache.vertices())
    assert index in after and not before <= after  # it joins the hull and pushes a vertex in
