"""Chapter 7: 2D attention heads: keys are points, the query is a direction, the hull answers.

With head dimension 2 every key is a point in the plane. Hard-max attention returns the key
with the largest dot product with the query, and that key is always a vertex of the keys'
convex hull: the point where a line perpendicular to the query first touches the hull. Keeping
the hull and binary-searching it finds the key in O(log t) instead of scanning all t keys.
First any keys: the search halves a range of hull vertices until one is left, and only then
is it the winner. Chapter 8 turns the same trick on the machine's own stack.
Keys, hull, query, the search's ranges and probes all come from ``scenes.compute.hull``; the
pictures are ``scenes.hull_pictures``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from manim import (
    DOWN,
    LEFT,
    UP,
    Create,
    FadeIn,
    FadeOut,
    GrowArrow,
    Indicate,
    LaggedStart,
    Mobject,
    ReplacementTransform,
    VGroup,
    Write,
)

from scenes import drawing, palette, stage, style
from scenes.compute.hull import (
    SCENE_KEYS,
    SCENE_QUERY,
    HullCache,
    HullQuery,
    brute_force_argmax,
    dot,
)
from scenes.hull_pictures import (
    Counter,
    Hull,
    HullSearch,
    KeyCloud,
    KeyMark,
    KeyPlot,
    KeyRing,
    QueryArrow,
    SlidingLine,
    across,
    unit,
)

COLUMN_LEFT = 2.3  # left edge of the column right of the plot (wide enough: no shrinking)
SWEEP_PARK = 2.6  # where the supporting line waits, outside the hull, while the search runs
PROBE_MOVE_TIME = 0.6  # one step of the hull search


# --- Any keys: the general picture ---------------------------------------------------------


def checked_search(cache: HullCache, direction: np.ndarray) -> HullQuery:
    """The hull search for the scene's query, checked against what the narration says."""
    answer = cache.query(SCENE_QUERY)
    if answer.range_keys(answer.steps) != (brute_force_argmax(SCENE_KEYS, SCENE_QUERY),):
        raise RuntimeError("the hull search and the full scan disagree on the best key")
    if [answer.rising(k) for k in range(answer.steps)] != [True] + [False] * (answer.steps - 1):
        raise RuntimeError("the narration says the first comparison rises, then falls")
    if max(dot(k, direction) for k in SCENE_KEYS) >= SWEEP_PARK:
        raise RuntimeError("the supporting line would wait inside the hull")
    return answer


@dataclass
class CostColumn:
    """Right of the plot: the two counters, then the takeaway (the plot has its own labels)."""

    search: Counter
    scan: Counter
    takeaway: drawing.Card

    @classmethod
    def build(cls) -> CostColumn:
        """The column, fitted to the frame's right half, its top left at (COLUMN_LEFT, 2.75)."""
        search, scan = (
            Counter("hull search", palette.POSITIVE),
            Counter("full scan", palette.WARNING),
        )
        summary = drawing.stack(
            [
                drawing.prose("O(log t), not O(t)", color=palette.POSITIVE, bold=True),
                drawing.prose(
                    "hull cache: updated per key",
                    size=style.CAPTION_SIZE,
                    t2c={"hull cache": palette.ACCENT},
                ),
            ],
            buff=style.GAP_S,
        )
        takeaway = drawing.card(summary, color=palette.POSITIVE)
        column = drawing.stack(
            [drawing.stack([search, scan], buff=style.GAP_S), takeaway], buff=style.GAP_L
        )
        drawing.fit_width(column, drawing.safe_width() / 2 - COLUMN_LEFT)
        column.move_to([COLUMN_LEFT, 2.75, 0], aligned_edge=LEFT + UP)
        return cls(search, scan, takeaway)


class HullHeads(stage.ChapterScene):
    """Keys as points, the convex hull, the query as a direction, and the O(log t) search."""

    def construct(self) -> None:
        self._any_keys()  # the general picture: any keys, the hull, the search

    # --- Any keys ------------------------------------------------------------------------

    def _any_keys(self) -> Mobject:
        """Any keys: the hull, the query from the origin, the search that halves the range.
        Returns the chapter's heading, which stays."""
        cache = HullCache(SCENE_KEYS)
        direction = unit(SCENE_QUERY)
        cloud = self._key_cloud()
        search = HullSearch(checked_search(cache, direction), cloud, direction)
        column = CostColumn.build()
        heading = drawing.heading("2D heads and the convex hull")

        self.next_section("keys")
        self._keys(heading, cloud)
        self.next_section("convex-hull")
        hull = self._hull(cloud, cache.vertices())
        self.next_section("query")  # from the origin, turning to its direction
        self._query(cloud.plot, direction)
        self.next_section("supporting-line")  # in from outside; it waits there for the search
        sweep = self._supporting_line(cloud.plot, direction, hull)
        self.next_section("hull-search")  # the range of hull vertices, halved step by step
        self._hull_search(search, column.search)
        self._best_key(search, sweep)
        self.next_section("full-scan")  # every key scored, one by one
        self._full_scan(cloud, column.scan)
        self.next_section("takeaway")  # keep the hull, search it
        self._takeaway(column.takeaway)
        self.hold()  # the chapter's key picture
        self.clear_stage(keep=[heading])
        return heading

    @staticmethod
    def _key_cloud() -> KeyCloud:
        """The scene's keys on a plot with room round their hull (equal scales: angles stay
        true), left of the column."""
        plot = KeyPlot(origin=(-2.2, -0.4), unit=1.15, x_range=(-2.4, 2.6), y_range=(-2.6, 2.7))
        return KeyCloud(plot, SCENE_KEYS)

    def _keys(self, heading: Mobject, cloud: KeyCloud) -> None:
        """One point per past token; the first few keys come as pairs of numbers."""
        label = cloud.plot.place(  # below-right of the hull, clear of keys, edges and axes
            drawing.prose("keys", size=style.CAPTION_SIZE, color=palette.ACCENT), (2.0, -1.95)
        )
        shown_as_pairs = 3  # a key is a pair of numbers, as in chapter 6
        pairs = VGroup(
            *(
                drawing.card(
                    drawing.code(f"({x:g}, {y:g})", color=palette.ACCENT), color=palette.ACCENT
                )
                for x, y in SCENE_KEYS[:shown_as_pairs]
            )
        ).arrange(DOWN, buff=style.GAP_SM)
        pairs.move_to([COLUMN_LEFT, 0, 0], aligned_edge=LEFT)
        with self.say(
            "Percepta makes looking back cheap: every lookup head is two-dimensional, so "
            "each key is a point in the plane."
        ) as line:
            self.play(
                Write(heading), Create(cloud.plot), LaggedStart(*map(FadeIn, pairs), lag_ratio=0.3),
                run_time=style.MOVE_TIME,
            )  # fmt: skip
            line.wait_until("key")
            self.play(  # the pairs become their points; the other keys join them
                *(
                    ReplacementTransform(pair, key)
                    for pair, key in zip(pairs, cloud[: len(pairs)], strict=True)
                ),
                LaggedStart(*(FadeIn(k, scale=0.5) for k in cloud[len(pairs) :]), lag_ratio=0.15),
                FadeIn(label),
                run_time=line.remaining(),
            )

    def _hull(self, cloud: KeyCloud, vertices: Sequence[int]) -> Hull:
        """The rubber band round the keys."""
        hull = Hull(cloud, vertices)
        label = cloud.plot.place(  # below-left of the hull
            drawing.prose("convex hull", size=style.CAPTION_SIZE, color=palette.SECONDARY),
            (-1.75, -2.05),
        )
        with self.say("Their convex hull is the outline a rubber band would make."):
            self.play(Create(hull), run_time=style.DRAW_TIME)
            self.play(FadeIn(label), run_time=style.FADE_TIME)
        return hull

    def _query(self, plot: KeyPlot, direction: np.ndarray) -> None:
        """The query grows from the origin along the x axis and turns to its direction."""
        length = 1.8  # in key units: a direction, so any length
        query = QueryArrow(plot, direction, length, heading=(1.0, 0.0))
        label = drawing.prose("query", size=style.CAPTION_SIZE, color=palette.WARNING)
        # 0.6 of the way along the arrow, 0.5 to its right
        plot.place(label, 0.6 * length * direction + 0.5 * -across(direction))
        with self.say(
            "The query starts at the origin and turns to its direction. A key's score is "
            "how far it reaches along it."
        ) as line:
            self.play(GrowArrow(query))
            line.wait_until("turns")
            self.play(query.turn(), run_time=style.MOVE_TIME)
            self.play(FadeIn(label), run_time=style.FADE_TIME)

    def _supporting_line(self, plot: KeyPlot, direction: np.ndarray, hull: Hull) -> SlidingLine:
        """A line square to the query slides in and waits outside the hull."""
        sweep = SlidingLine(plot, direction, start=3.0, half=0.9)  # start outside the hull
        with self.say(
            "A line square to the query slides in from outside. The first key it touches "
            "scores highest, and it is always a hull vertex. Which one?"
        ) as line:
            self.play(FadeIn(sweep.line), run_time=style.FADE_TIME)
            self.play(sweep.slide_to(SWEEP_PARK), run_time=style.MOVE_TIME)
            line.wait_until("always")
            self.play(
                Indicate(hull, color=palette.HIGHLIGHT, scale_factor=1), run_time=style.FADE_TIME
            )
        return sweep

    def _hull_search(self, search: HullSearch, counter: Counter) -> None:
        """The range of hull vertices on one chain, halved by probe and neighbour."""
        chain_name = "top" if search.direction[1] > 0 else "bottom"  # where the query points
        with self.say(
            f"Search the {chain_name} side of the hull, where the query points: "
            f"{len(search.answer.chain)} vertices."
        ):
            self.play(Create(search.range), run_time=style.MOVE_TIME)
        level = search.level(0)
        with self.say(
            "Probe the middle one. The line through it marks its score. Its neighbour lies "
            "beyond: scores still rise, so drop the first half."
        ) as line:
            self.play(*search.probe(0), counter.count(1), run_time=PROBE_MOVE_TIME)
            line.wait_until("line")
            self.play(Create(level), run_time=style.FADE_TIME)
            line.wait_until("neighbour")
            self.play(*search.compare(0), run_time=style.FADE_TIME)
            line.wait_until("drop")
            search.drop(self, 0, PROBE_MOVE_TIME, level)
        with self.say("Next, the neighbour falls short: drop the far half. Once more."):
            for step in range(1, search.answer.steps):
                level = search.level(step)
                self.play(*search.probe(step), counter.count(step + 1), run_time=PROBE_MOVE_TIME)
                self.play(Create(level), *search.compare(step), run_time=PROBE_MOVE_TIME)
                search.drop(self, step, PROBE_MOVE_TIME, level)

    def _best_key(self, search: HullSearch, sweep: SlidingLine) -> None:
        """The range has closed; the waiting line comes in and touches that key."""
        cloud, best_index = search.cloud, search.answer.best_index
        best_offset = dot(SCENE_KEYS[best_index], search.direction)  # its score
        best = KeyMark(cloud.at(best_index), best_index, 0.11, palette.HIGHLIGHT)  # over its dot
        best.set_z_index(4)
        best_label = cloud.plot.place_beyond(  # slid along the line, away from the ring
            drawing.prose("best key", size=style.CAPTION_SIZE, color=palette.HIGHLIGHT),
            search.direction,
            best_offset,
            along=-0.3,
        )
        with self.say(
            f"The range closes on one vertex after {search.answer.steps} comparisons: the best key."
        ) as line:
            self.play(search.close(), run_time=PROBE_MOVE_TIME)
            self.play(sweep.slide_to(best_offset), run_time=line.until("best"))
            self.play(
                FadeOut(search.ring),
                FadeIn(best, scale=2),
                FadeIn(best_label),
                run_time=line.remaining(),
            )
        sweep.freeze()

    def _full_scan(self, cloud: KeyCloud, counter: Counter) -> None:
        """The full scan scores every key, one per step, and rings each."""
        with self.say(f"A full scan scores all {len(SCENE_KEYS)} keys for the same answer."):
            for k, key in enumerate(cloud):
                ring = KeyRing(key, k, palette.WARNING, radius=0.14)  # smaller than the probe's
                self.play(  # one key per step, a quarter second each
                    Create(ring), key.animate.set_opacity(1), counter.count(k + 1), run_time=0.25
                )

    def _takeaway(self, takeaway: Mobject) -> None:
        """O(log t), not O(t)."""
        with self.say(
            "That is O of log t comparisons per lookup, instead of O of t. Percepta's "
            "hull cache keeps the hull up to date as keys arrive.",
            caption="That is O(log t) comparisons per lookup, instead of O(t). Percepta's "
            "hull cache keeps the hull up to date as keys arrive.",
        ):
            self.play(FadeIn(takeaway, shift=UP * style.NUDGE))
