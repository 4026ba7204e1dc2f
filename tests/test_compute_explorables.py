"""The watch page's figures' data: what the page draws is what the film's functions compute."""

from __future__ import annotations

import json
import math

import pytest

from scenes.compute.explorables import (
    DEGREES,
    POSITIONS,
    TEMPERATURES,
    direction,
    figures,
    hull_figure,
    index_figure,
    loop_figure,
    softmax_figure,
    softmax_weights,
    trace_figure,
)
from scenes.compute.hull import SCENE_KEYS, SCENE_QUERY, HullCache, brute_force_argmax
from scenes.compute.lookup import softmax_blend


def test_every_degree_finds_the_brute_force_argmax_on_the_hull():
    figure = hull_figure()
    assert len(figure["lookups"]) == DEGREES
    for degrees, lookup in enumerate(figure["lookups"]):
        assert lookup["best"] == brute_force_argmax(SCENE_KEYS, direction(degrees))
        assert lookup["best"] in figure["hull"] and lookup["best"] in lookup["chain"]
        assert len(lookup["probes"]) <= math.ceil(math.log2(len(lookup["chain"]))) + 1


def test_the_hull_figure_starts_at_the_films_query():
    figure = hull_figure()
    start = figure["lookups"][figure["start"]]
    drawn = HullCache(SCENE_KEYS).query(SCENE_QUERY)  # as chapter 7 draws it
    assert start["best"] == drawn.best_index and start["probes"] == list(drawn.probes)
    assert math.isclose(figure["start"], math.degrees(math.atan2(*SCENE_QUERY[::-1])), abs_tol=0.5)


def test_softmax_weights_sum_to_one_and_sharpen_as_the_temperature_falls():
    scores = [3.0, 4.0, 1.0]
    hot, cold = softmax_weights(scores, 10), softmax_weights(scores, 0.01)
    assert sum(hot) == pytest.approx(1) and sum(cold) == pytest.approx(1)
    assert max(hot) < 0.5 and cold[1] == pytest.approx(1)
    with pytest.raises(ValueError):
        softmax_weights(scores, 0)


def test_at_temperature_one_the_blend_is_ordinary_attentions():
    figure = softmax_figure([1.0])
    for read in figure["reads"]:
        assert read["blends"][0] == pytest.approx(softmax_blend(read["scores"], read["values"]))


def test_the_add_reads_5_then_3_and_the_coldest_blend_is_the_hard_max():
    figure = softmax_figure()
    assert [read["hard"] for read in figure["reads"]] == [5, 3]
    assert TEMPERATURES[0] > 1 > TEMPERATURES[-1]
    for read in figure["reads"]:
        assert read["blends"][-1] == pytest.approx(read["hard"], abs=1e-6)
        assert abs(read["blends"][0] - read["hard"]) > 0.5  # a hot softmax blends


def test_the_trace_runs_3_plus_5_to_8():
    figure = trace_figure()
    assert figure["output"] == [8]
    assert [step["instruction"] for step in figure["steps"]] == [
        "i32.const 3", "i32.const 5", "i32.add", "output", "halt",
    ]  # fmt: skip
    assert [step["stack"] for step in figure["steps"]] == [[3], [3, 5], [8], [], []]
    assert figure["steps"][3]["tokens"] == ["out(08)"]
    assert figure["prompt"][0] == "{" and figure["prompt"][-1] == "}"


def test_on_the_parabola_each_position_wins_its_query_on_a_line_only_an_end():
    figure = index_figure()
    assert [ask["parabola"]["best"] for ask in figure["asks"]] == list(range(POSITIONS))
    assert {ask["line"]["best"] for ask in figure["asks"]} <= {0, POSITIONS - 1}
    assert figure["line"][0] == figure["parabola"][0]
    assert figure["line"][-1] == figure["parabola"][-1]  # the same two ends


def test_the_loop_counts_down():
    figure = loop_figure(3)
    assert figure["output"] == [3, 2, 1]
    assert figure["source"].splitlines()[9].split() == ["9", "br_if", "2"]
    assert sum(len(step["tokens"]) for step in figure["steps"]) > 100


def test_figures_are_json():
    data = figures()
    assert json.loads(json.dumps(data)) == data
