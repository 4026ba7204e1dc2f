"""The cost model: O(t) scans against O(log t) hull lookups, and the article's race."""

from __future__ import annotations

import math

import pytest

from scenes.compute.cost import (
    ARTICLE_RACE,
    hull_cost,
    scan_cost,
    scan_counter,
    step_costs,
    total_cost,
)
from scenes.compute.hull import HullCache, index_query, parabola_key


def test_one_lookup_at_a_million_keys() -> None:
    assert scan_cost(10**6) == 10**6
    assert hull_cost(10**6) == math.ceil(math.log2(10**6)) + 1
    assert 20 <= hull_cost(10**6) <= 21


def test_hull_cost_is_ceil_log2_plus_one() -> None:
    for t in range(1, 5000):
        assert hull_cost(t) == math.ceil(math.log2(t)) + 1


def test_costs_grow_and_hull_never_costs_more() -> None:
    for t in range(1, 3000):
        assert scan_cost(t + 1) > scan_cost(t)
        assert hull_cost(t + 1) >= hull_cost(t)
        assert hull_cost(t) <= scan_cost(t)


def test_fewer_than_one_key_is_an_error() -> None:
    for cost in (scan_cost, hull_cost):
        with pytest.raises(ValueError, match="at least 1 key"):
            cost(0)
        with pytest.raises(ValueError):
            cost(-5)
    with pytest.raises(ValueError, match="negative"):
        total_cost(scan_cost, -1)


def test_total_cost_sums_over_the_trace() -> None:
    assert total_cost(scan_cost, 0) == 0
    for t in (1, 2, 10, 1000):
        assert total_cost(scan_cost, t) == t * (t + 1) // 2
        assert total_cost(hull_cost, t) == sum(math.ceil(math.log2(k)) + 1 for k in range(1, t + 1))
    assert total_cost(hull_cost, 10**4) < total_cost(scan_cost, 10**4) / 100


@pytest.mark.parametrize("t", [1, 2, 3, 5, 16, 17, 100, 1000, 5000])
def test_hull_cost_bounds_the_real_search(t: int) -> None:
    cache = HullCache(parabola_key(j) for j in range(t))
    queries = [cache.query(index_query(i)) for i in range(t)]
    assert all(q.best_index == i for i, q in enumerate(queries))
    assert max(q.steps for q in queries) <= hull_cost(t)
    assert max(q.dot_products for q in queries) == hull_cost(t)  # the bound is tight


def test_article_race() -> None:
    race = ARTICLE_RACE
    assert round(race.trace_tokens / race.hull_tokens_per_s, 1) == race.hull_seconds
    assert race.speedup == pytest.approx(199, abs=0.5)
    assert 190 < race.speedup < 210  # "about 200x slower"
    assert race.trace_tokens / race.standard_seconds < race.hull_tokens_per_s / 100
    assert "Percepta" in race.source and "11 March 2026" in race.source


def test_the_scan_counter_climbs_one_per_key() -> None:
    assert scan_counter(1) == [1]
    assert scan_counter(5) == [1, 2, 3, 4, 5]
    for t in (1, 7, 64):
        counter = scan_counter(t)
        assert counter[-1] == scan_cost(t)
        assert counter == list(range(1, t + 1))
    with pytest.raises(ValueError, match="at least 1 key"):
        scan_counter(0)


def test_step_costs_follow_the_cost_function() -> None:
    assert step_costs(scan_cost, 5, 8) == [5, 6, 7, 8]
    assert step_costs(hull_cost, 1, 5) == [1, 2, 3, 3, 4]
    assert sum(step_costs(scan_cost, 1, 100)) == total_cost(scan_cost, 100)
    with pytest.raises(ValueError, match="no steps"):
        step_costs(scan_cost, 5, 4)
    with pytest.raises(ValueError, match="at least 1 key"):
        step_costs(scan_cost, 0, 3)
