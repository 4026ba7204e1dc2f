"""Chapter 7's pictures are in register with their numbers, read from the mobjects' own
coordinates (built as the chapter builds them; nothing is rendered): the supporting line
touches the key it is said to pick with every key on one side, the rings sit on the
brute-force argmax, the arrow points along the query, the outline is the computed hull, the
scores are those of the keys they sit by. And the chapter is told at a pace a viewer can
follow: at most 140 words a minute over its voiced span."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pytest
from manim import Mobject, Text, config
from scipy.spatial import ConvexHull

from scenes.ch07_hull_heads import (
    PROFILE_AT,
    PROJECTED_KEY,
    SWEEP_HALF,
    SWEEP_PARK,
    SWEEP_START,
    HullHeads,
    checked_search,
)
from scenes.compute.hull import (
    SCENE_KEYS,
    SCENE_QUERY,
    HullCache,
    brute_force_argmax,
    peak_position,
)
from scenes.compute.keys import ARRIVING_KEY
from scenes.hull_pictures import (
    ChainScores,
    Hull,
    HullSearch,
    KeyCloud,
    Projection,
    QueryArrow,
    ScoreProfile,
    score_text,
    unit,
)
from scenes.stepping import run_stepped

EPS = 1e-6
MAX_WORDS_PER_MINUTE = 140


def finish(animation) -> None:
    """Run an animation (or an ``.animate`` builder) to its end, as the chapter plays it."""
    if hasattr(animation, "build"):
        animation = animation.build()
    animation.begin()
    animation.finish()


def directions() -> list[np.ndarray]:
    """The chapter's query and others round the circle (the pictures are general)."""
    return [unit(SCENE_QUERY)] + [
        np.array([math.cos(a), math.sin(a)]) for a in np.radians(np.arange(7.0, 360, 23))
    ]


def drawn(mobject: Mobject) -> np.ndarray:
    """Where a mobject's centre is drawn, on screen (x, y)."""
    return mobject.get_center()[:2]


def side_of(line, point: np.ndarray, direction: np.ndarray) -> float:
    """How far ``point`` lies beyond ``line`` along the query ``direction`` (screen units)."""
    return float(np.dot(point - line.get_start()[:2], direction))


@pytest.fixture
def cloud() -> KeyCloud:
    return HullHeads.key_cloud()


def search_for(cloud: KeyCloud, direction: np.ndarray) -> HullSearch:
    return HullSearch(HullCache(SCENE_KEYS).query(direction), cloud, direction)


def test_the_supporting_line_touches_the_picked_key_with_every_key_on_one_side(cloud):
    for direction in directions():
        search = search_for(cloud, direction)
        sweep = search.supporting_line(SWEEP_START, SWEEP_HALF)
        finish(sweep.slide_to(search.best_offset()))
        line = sweep.line
        line.update()  # the redrawn line, at the end of its slide
        best = drawn(cloud[search.answer.best_index])
        start, end = line.get_start()[:2], line.get_end()[:2]
        along = np.dot(best - start, end - start) / np.dot(end - start, end - start)
        assert abs(side_of(line, best, direction)) < EPS  # on the line ...
        assert 0 < along < 1  # ... between its ends
        assert np.dot(end - start, direction) == pytest.approx(0, abs=EPS)  # square to it
        assert all(side_of(line, drawn(key), direction) < EPS for key in cloud)
        assert search.answer.best_index == brute_force_argmax(SCENE_KEYS, direction)


def test_the_waiting_line_is_outside_the_hull_and_crosses_no_score(cloud):
    direction = unit(SCENE_QUERY)
    search = HullSearch(checked_search(HullCache(SCENE_KEYS), direction), cloud, direction)
    hull = Hull(cloud, HullCache(SCENE_KEYS).vertices())
    scores = ChainScores(cloud, hull, search.answer.chain, HullHeads.chain_scores(search))
    for offset in (SWEEP_START, SWEEP_PARK):
        line = search.supporting_line(SWEEP_START, SWEEP_HALF).at(offset)
        assert all(side_of(line, drawn(key), direction) < 0 for key in cloud)
        for label in scores:
            corners = [label.get_corner(c)[:2] for c in ((1, 1, 0), (1, -1, 0), (-1, 1, 0))]
            corners.append(label.get_corner((-1, -1, 0))[:2])
            sides = {side_of(line, c, direction) > 0 for c in corners}
            assert len(sides) == 1, label.original_text  # the line does not cross it


def test_level_lines_pass_through_their_probes(cloud):
    for direction in directions():
        search = search_for(cloud, direction)
        for step, probe in enumerate(search.answer.probes):
            level = search.level(step)
            assert abs(side_of(level, drawn(cloud[probe]), direction)) < EPS


def test_the_rings_sit_on_the_brute_force_argmax(cloud):
    for direction in directions():
        search = search_for(cloud, direction)
        best = brute_force_argmax([tuple(cloud.located(k)) for k in range(len(cloud))], direction)
        for step in range(search.answer.steps):
            finish(*search.probe(step)) if step else None
        finish(search.close())
        marks = [search.ring, search.best_mark(), cloud.scan_ring(direction, "#ffffff")]
        for mark in marks:
            assert mark.key == best
            assert drawn(mark) == pytest.approx(drawn(cloud[best]), abs=EPS)


def test_the_query_arrow_points_along_the_query(cloud):
    direction = unit(SCENE_QUERY)
    arrow = QueryArrow(cloud.plot, direction, 1.8, heading=(1.0, 0.0))
    finish(arrow.turn())
    assert arrow.pointing() == pytest.approx(direction, abs=1e-4)
    assert arrow.get_start()[:2] == pytest.approx(cloud.plot.to_screen((0, 0))[:2], abs=EPS)


def test_a_keys_score_is_its_reach_along_the_query(cloud):
    direction = unit(SCENE_QUERY)
    projection = Projection(cloud, PROJECTED_KEY, direction)
    key, foot = drawn(cloud[PROJECTED_KEY]), projection.foot[:2]
    origin = cloud.plot.to_screen((0, 0))[:2]
    off_line = (foot - origin)[0] * direction[1] - (foot - origin)[1] * direction[0]
    assert abs(off_line) < EPS  # the foot is on the query's line
    assert np.dot(key - foot, direction) == pytest.approx(0, abs=EPS)  # dropped square to it
    reach = projection.reach.get_end()[:2] - projection.reach.get_start()[:2]
    assert np.linalg.norm(reach) / cloud.plot.unit == pytest.approx(projection.score)
    assert projection.score == pytest.approx(np.dot(cloud.located(PROJECTED_KEY), direction))
    assert projection.label.text == score_text(projection.score)


def test_each_score_sits_by_its_own_vertex_and_says_its_score(cloud):
    direction = unit(SCENE_QUERY)
    search = HullSearch(checked_search(HullCache(SCENE_KEYS), direction), cloud, direction)
    hull = Hull(cloud, HullCache(SCENE_KEYS).vertices())
    scores = ChainScores(cloud, hull, search.answer.chain, HullHeads.chain_scores(search))
    keys = [drawn(key) for key in cloud]
    for label, key in zip(scores, search.answer.chain, strict=True):
        nearest = min(range(len(keys)), key=lambda k: np.linalg.norm(keys[k] - drawn(label)))
        assert nearest == key
        assert label.text == score_text(float(np.dot(cloud.located(key), direction)))
    assert search.answer.chain[scores.peak()] == search.answer.best_index


def hull_of_drawn(cloud: KeyCloud) -> set[int]:
    """The convex hull of the dots as drawn (scipy), as key indices."""
    return set(ConvexHull(np.array([drawn(key) for key in cloud])).vertices.tolist())


def test_the_outline_is_the_computed_hull_before_and_after_a_key_arrives(cloud):
    cache = HullCache(SCENE_KEYS)
    for _ in range(2):
        hull = Hull(cloud, cache.vertices())
        outline = hull.get_vertices()[:, :2]
        expected = [drawn(cloud[k]) for k in cache.vertices()]
        assert outline == pytest.approx(np.array(expected), abs=EPS)
        assert set(hull.vertex_keys) == hull_of_drawn(cloud)
        cloud.arrive(ARRIVING_KEY)  # then once more, with the key that arrives at the end
        cache.add(ARRIVING_KEY)


@dataclass
class ChapterRun:
    """What a dry run of the chapter said, and the stage and camera it ended on."""

    lines: list[tuple[str, float, float]]  # (spoken, start, end), in order
    texts_at_end: list[str]
    camera_at_end: tuple[np.ndarray, float]  # the camera frame's centre and width


@pytest.fixture(scope="module")
def hull_run() -> ChapterRun:
    """One dry run of chapter 7 (``scenes.stepping``: no frames drawn)."""
    seen: dict[str, object] = {}

    def after_step(scene, step) -> None:
        seen["lines"] = [(ln.speech.text, ln.start, ln.end) for ln in scene.narration]
        seen["texts"] = [m.original_text for m in scene.mobjects if isinstance(m, Text)]
        frame = scene.camera.frame
        seen["camera"] = (frame.get_center().copy(), float(frame.width))

    run_stepped(HullHeads, after_step)
    return ChapterRun(seen["lines"], seen["texts"], seen["camera"])


def test_the_hull_chapter_is_told_at_most_140_words_a_minute(hull_run):
    lines = hull_run.lines
    words = sum(len(spoken.split()) for spoken, _, _ in lines)
    voiced = lines[-1][2] - lines[0][1]  # from the first line's start to the last one's end
    assert words / voiced * 60 <= MAX_WORDS_PER_MINUTE, f"{words} words in {voiced:.1f} s"


def test_the_hull_chapter_ends_on_its_heading_alone_with_the_camera_home(hull_run):
    """Chapter 8 opens on this heading, alone, on the whole frame."""
    assert hull_run.texts_at_end == ["2D heads and the convex hull"]
    center, width = hull_run.camera_at_end
    assert center == pytest.approx([0, 0, 0], abs=EPS)
    assert width == pytest.approx(config.frame_width)


def test_the_score_profile_rises_to_the_best_key_then_falls(cloud):
    direction = unit(SCENE_QUERY)
    search = HullSearch(checked_search(HullCache(SCENE_KEYS), direction), cloud, direction)
    scores = HullHeads.chain_scores(search)
    profile = ScoreProfile(scores, PROFILE_AT)
    heights = [drawn(dot)[1] for dot in profile.dots]
    assert peak_position(heights) == peak_position(scores) is not None  # one peak, drawn
    assert search.answer.chain[peak_position(heights)] == search.answer.best_index
    assert profile.peak is profile.dots[peak_position(heights)]
    zero = profile.zero.get_start()[1]
    for height, score in zip(heights, scores, strict=True):  # above zero exactly when positive
        assert (height - zero) == pytest.approx(score * ScoreProfile.UNIT)
    xs = [drawn(dot)[0] for dot in profile.dots]
    assert xs == sorted(xs)  # in chain order, left to right
