"""Hard-max attention: dot-product scores, the winner, and the scene's example."""

from __future__ import annotations

import itertools

import pytest

from scenes.compute import hull
from scenes.compute.attention import SCENE_KEYS, SCENE_QUERY, dot, hard_max, products


def test_dot_product_multiplies_matching_numbers_and_adds() -> None:
    assert products((2, 1), (1, 3)) == (2, 3)
    assert dot((2, 1), (1, 3)) == 5
    assert dot((1, 2, 3), (4, 5, 6)) == 32
    assert dot((-1, 2), (3, 4)) == 5


def test_dot_agrees_with_the_hull_module() -> None:
    for query, key in itertools.product(itertools.product(range(-2, 3), repeat=2), repeat=2):
        assert dot(query, key) == hull.dot(query, key)


def test_mismatched_or_empty_vectors_are_errors() -> None:
    with pytest.raises(ValueError, match="differ in length"):
        dot((1, 2), (1, 2, 3))
    with pytest.raises(ValueError, match="empty"):
        dot((), ())
    with pytest.raises(ValueError, match="zero keys"):
        hard_max((1, 0), [])


def test_hard_max_scores_every_key_and_picks_the_highest() -> None:
    lookup = hard_max((1, 0), [(0, 5), (3, 0), (2, 9)])
    assert lookup.scores == (0, 3, 2)
    assert lookup.best == 1 and lookup.keys[lookup.best] == (3, 0) and lookup.best_score == 3
    assert lookup.dot_products == 3
    assert lookup.unique


def test_a_tie_goes_to_the_earliest_key_and_is_reported() -> None:
    lookup = hard_max((1, 1), [(0, 1), (2, 0), (1, 1)])
    assert lookup.scores == (1, 2, 2)
    assert lookup.best == 1
    assert not lookup.unique


def test_hard_max_agrees_with_the_brute_force_scan() -> None:
    keys = [(x, y) for x in range(-2, 3) for y in range(-2, 3)]
    for query in [(1, 0), (0, 1), (2, 1), (-1, 3), (3, -2)]:
        lookup = hard_max(query, keys)
        assert lookup.best_score == max(dot(query, key) for key in keys)
        assert lookup.best == hull.brute_force_argmax(keys, query)


def test_the_scene_example() -> None:
    """What the chapter shows: the film's first 5 keys, the best one unique and inside."""
    lookup = hard_max(SCENE_QUERY, SCENE_KEYS)
    assert lookup.scores == tuple(dot(SCENE_QUERY, key) for key in SCENE_KEYS)
    assert lookup.unique
    assert 0 < lookup.best < len(SCENE_KEYS) - 1  # not found by looking at an end
    assert all(len(key) == 2 for key in SCENE_KEYS) and len(SCENE_QUERY) == 2  # 2D heads
    assert all(isinstance(x, int) for key in SCENE_KEYS for x in key)  # said aloud


def test_chapter_6s_keys_are_the_first_keys_chapter_7_searches() -> None:
    assert [tuple(map(float, key)) for key in SCENE_KEYS] == list(
        hull.SCENE_KEYS[: len(SCENE_KEYS)]
    )
    length = (SCENE_QUERY[0] ** 2 + SCENE_QUERY[1] ** 2) ** 0.5
    assert hull.SCENE_QUERY == pytest.approx([x / length for x in SCENE_QUERY])
