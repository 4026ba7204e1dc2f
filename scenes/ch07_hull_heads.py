"""Chapter 7: 2D attention heads: keys are points, the query is a direction, the hull answers.

With head dimension 2 every key is a point in the plane: chapter 6's five keys, and the keys
that came after (one set, ``scenes.compute.keys``). A key's score is how far it reaches
along the query. The best key is where a line square to the query first touches the keys'
convex hull, always a hull vertex; along the hull's top side the scores rise to one peak and
fall, so a binary search that compares neighbours finds it in O(log t) instead of scanning
all t keys. The released code has both: the hull cache (the fast path) and plain attention
(the slow path, scoring every key); they agree. Chapter 8 turns the trick on the stack.
Keys, hull, query, scores, the search's ranges and probes all come from
``scenes.compute.hull``; the pictures are ``scenes.hull_pictures``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from manim import (
    DOWN,
    LEFT,
    ORIGIN,
    UP,
    Create,
    FadeIn,
    FadeOut,
    GrowArrow,
    Indicate,
    LaggedStart,
    Mobject,
    ReplacementTransform,
    Transform,
    VGroup,
    Write,
    config,
)

from scenes import drawing, palette, stage, style
from scenes.compute.hull import (
    SCENE_KEYS,
    SCENE_QUERY,
    HullCache,
    HullQuery,
    brute_force_argmax,
    chain_scores,
    peak_position,
)
from scenes.compute.keys import ARRIVING_KEY, FIRST_KEYS
from scenes.hull_pictures import (
    ChainScores,
    Counter,
    Hull,
    HullSearch,
    KeyCloud,
    KeyPlot,
    Projection,
    QueryArrow,
    ScoreProfile,
    SlidingLine,
    across,
    unit,
)

COLUMN_LEFT = 2.3  # left edge of the column right of the plot
PROFILE_AT = (COLUMN_LEFT, -1.7)  # the scores' profile, under the column: its zero line's left
SWEEP_START = 3.4  # where the supporting line comes in from, outside the hull
SWEEP_PARK = 2.95  # where it waits while the search runs: beyond the hull and its scores
SWEEP_HALF = 0.55  # half the supporting line's length, in key units
PROBE_MOVE_TIME = 0.6  # one step of the hull search
BREATH = 0.5  # between two beats: the narration keeps under 140 words a minute
PAYOFF_HOLD = 1.0  # after a payoff (the best key found; both paths agree)
PROJECTED_KEY = 14  # the key whose score is worked out as a reach: a top-side vertex
CLOSE_UP = 0.8  # the camera's frame, as a share of the whole, when it looks closer:
# the whole plot in view, the heading out of it


def turn_word(rising: bool) -> str:
    """How the narration says a comparison's verdict."""
    return "rises" if rising else "falls"


def half_word(rising: bool) -> str:
    """Which half a comparison drops: rising, the near half; falling, the far one."""
    return "first" if rising else "far"


# --- Any keys: the general picture ---------------------------------------------------------


def checked_search(cache: HullCache, direction: np.ndarray) -> HullQuery:
    """The hull search for the scene's query, checked against what the narration says."""
    answer = cache.query(SCENE_QUERY)
    if answer.range_keys(answer.steps) != (brute_force_argmax(SCENE_KEYS, SCENE_QUERY),):
        raise RuntimeError("the hull search and the full scan disagree on the best key")
    if answer.steps != 3 or answer.rising(1) != answer.rising(2):
        raise RuntimeError("the narration says 'once more': three steps, the last two alike")
    scores = chain_scores(SCENE_KEYS, answer.chain, direction)
    if peak_position(scores) in (None, 0, len(scores) - 1):
        raise RuntimeError("the narration says the scores rise to one peak, then fall")
    if max(float(np.dot(k, direction)) for k in SCENE_KEYS) >= SWEEP_PARK:
        raise RuntimeError("the supporting line would wait inside the hull")
    return answer


@dataclass
class CostColumn:
    """Right of the plot: the two counters, the scan's agreement, then the takeaway."""

    search: Counter
    scan: Counter
    agree: Mobject
    takeaway: drawing.Card

    @classmethod
    def build(cls) -> CostColumn:
        """The column, its top left at (COLUMN_LEFT, 2.75), inside the safe area."""
        search, scan = (
            Counter("hull search", palette.SECONDARY),
            Counter("full scan", palette.WARNING),
        )
        agree = drawing.prose("same key", size=style.CAPTION_SIZE, color=palette.POSITIVE)
        takeaway = drawing.card(
            drawing.prose("O(log t), not O(t)", color=palette.POSITIVE, bold=True),
            color=palette.POSITIVE,
        )
        column = drawing.stack(
            [drawing.stack([search, scan, agree], buff=style.GAP_S), takeaway], buff=style.GAP_L
        )
        column.move_to([COLUMN_LEFT, 2.75, 0], aligned_edge=LEFT + UP)
        if column.get_right()[0] > drawing.safe_right():
            raise RuntimeError("the cost column runs past the safe area")
        return cls(search, scan, agree, takeaway)


class HullHeads(stage.ChapterScene):
    """Keys as points, the convex hull, the query as a direction, and the O(log t) search."""

    def construct(self) -> None:
        cache = HullCache(SCENE_KEYS)
        direction = unit(SCENE_QUERY)
        cloud = self.key_cloud()
        search = HullSearch(checked_search(cache, direction), cloud, direction)
        column = CostColumn.build()
        heading = drawing.heading("2D heads and the convex hull")

        self.next_section("keys")  # chapter 6's keys, and the ones after them
        self._keys(heading, cloud)
        self.wait(BREATH)
        self.next_section("convex-hull")
        hull = self._hull(cloud, cache.vertices())
        self.wait(BREATH)
        self.next_section("query")  # a direction; a score is a reach along it
        self._query(cloud, direction)
        self.next_section("supporting-line")  # in from outside; it waits there for the search
        sweep = self._supporting_line(search, hull)
        self.wait(BREATH)  # "Which one?"
        self.next_section("hull-search")  # the range of hull vertices, halved step by step
        scores = ChainScores(cloud, hull, search.answer.chain, self.chain_scores(search))
        self._hull_search(search, scores, column.search)
        self._best_key(search, sweep, column.search)
        self.hold(PAYOFF_HOLD)  # the best key, found
        self.next_section("one-peak")  # why comparing neighbours works
        profile = self._one_peak(search, scores)
        self.wait(BREATH)
        self.next_section("full-scan")  # the slow path scores every key, and agrees
        self._full_scan(search, VGroup(scores, profile), column)
        self.hold(PAYOFF_HOLD)  # both paths, one key
        self.next_section("takeaway")  # O(log t); the hull kept as keys arrive
        self._takeaway(cloud, hull, column.takeaway)
        self.hold()  # the chapter's key picture
        self.clear_stage(keep=[heading])

    @staticmethod
    def key_cloud() -> KeyCloud:
        """The scene's keys on a plot with room round their hull (equal scales: angles stay
        true), left of the column."""
        plot = KeyPlot(origin=(-2.2, -0.75), unit=1.15, x_range=(-2.4, 2.6), y_range=(-2.4, 2.5))
        return KeyCloud(plot, SCENE_KEYS)

    @staticmethod
    def chain_scores(search: HullSearch) -> tuple[float, ...]:
        """The scores along the searched chain, from the keys as drawn."""
        located = [tuple(search.cloud.located(k)) for k in range(len(search.cloud))]
        return chain_scores(located, search.answer.chain, search.direction)

    def camera_to(self, center: np.ndarray | None, run_time: float) -> None:
        """Move the camera in close on ``center``, or back to the whole frame (None)."""
        frame = self.camera.frame
        if center is None:
            move = frame.animate.move_to(ORIGIN).set(width=config.frame_width)
        else:
            move = frame.animate.move_to(center).set(width=config.frame_width * CLOSE_UP)
        self.play(move, run_time=run_time)

    def _keys(self, heading: Mobject, cloud: KeyCloud) -> None:
        """Chapter 6's five keys come as pairs of numbers and become points; the rest join."""
        label = cloud.plot.place(  # below-right of the hull, clear of keys, edges and axes
            drawing.prose("keys", size=style.CAPTION_SIZE, color=palette.ACCENT), (2.0, -1.95)
        )
        pairs = VGroup(
            *(
                drawing.card(
                    drawing.code(f"({x}, {y})", color=palette.ACCENT), color=palette.ACCENT
                )
                for x, y in FIRST_KEYS
            )
        ).arrange(DOWN, buff=style.GAP_S)
        pairs.move_to([COLUMN_LEFT, -0.2, 0], aligned_edge=LEFT)
        first, later = cloud[: len(pairs)], cloud[len(pairs) :]
        with self.say(
            f"Percepta's lookup heads are two-dimensional: each key is a point. Here are "
            f"chapter six's {len(pairs)} keys, and {len(later)} more."
        ) as line:
            self.play(
                Write(heading), Create(cloud.plot), LaggedStart(*map(FadeIn, pairs), lag_ratio=0.2),
                run_time=style.MOVE_TIME,
            )  # fmt: skip
            line.wait_until("point.")
            self.play(  # the pairs become their points
                *(ReplacementTransform(pair, key) for pair, key in zip(pairs, first, strict=True)),
                run_time=style.MOVE_TIME,
            )
            line.wait_until("more.")
            self.play(
                LaggedStart(*(FadeIn(k, scale=0.5) for k in later), lag_ratio=0.1),
                FadeIn(label),
                run_time=max(style.MOVE_TIME, line.remaining()),
            )

    def _hull(self, cloud: KeyCloud, vertices: list[int]) -> Hull:
        """The rubber band round the keys."""
        hull = Hull(cloud, vertices)
        label = cloud.plot.place(  # below-left of the hull
            drawing.prose("convex hull", size=style.CAPTION_SIZE, color=palette.SECONDARY),
            (-1.75, -2.05),
        )
        with self.say("Their convex hull is the outline a rubber band would make.") as line:
            line.wait_until("convex")
            self.play(Create(hull), run_time=style.DRAW_TIME)
            self.play(FadeIn(label), run_time=style.FADE_TIME)
        return hull

    def _query(self, cloud: KeyCloud, direction: np.ndarray) -> None:
        """The query grows from the origin and turns to its direction; close up, one key's
        score is its reach along it."""
        plot, length = cloud.plot, 2.0  # a direction, so any length: past the key's reach
        query = QueryArrow(plot, direction, length, heading=(1.0, 0.0))
        label = drawing.prose("query", size=style.CAPTION_SIZE, color=palette.QUERY)
        plot.place(label, 0.6 * length * direction + 0.4 * across(direction))  # to its left
        projection = Projection(cloud, PROJECTED_KEY, direction)
        with self.say(
            "The query is a direction from the origin. A key's score is how far it reaches "
            "along it."
        ) as line:
            self.play(GrowArrow(query), run_time=style.FADE_TIME)
            line.wait_until("direction")
            self.play(query.turn(), FadeIn(label), run_time=style.MOVE_TIME)
            line.wait_until("score")
            self.camera_to(plot.get_center(), run_time=style.FADE_TIME)
            self.play(
                Indicate(cloud[PROJECTED_KEY], color=palette.ACCENT), run_time=style.FADE_TIME
            )
            line.wait_until("reaches")
            self.play(Create(projection.drop), run_time=style.FADE_TIME)
            self.play(Create(projection.reach), FadeIn(projection.label), run_time=style.MOVE_TIME)
        self.camera_to(None, run_time=style.MOVE_TIME)  # back to the whole hull, between lines
        self.play(FadeOut(projection), run_time=style.FADE_TIME)

    def _supporting_line(self, search: HullSearch, hull: Hull) -> SlidingLine:
        """A line square to the query slides in from outside and waits, still outside the
        hull; the hull's vertices light up: the candidates."""
        cloud = search.cloud
        sweep = search.supporting_line(SWEEP_START, SWEEP_HALF)
        vertices = VGroup(*(cloud[k] for k in hull.vertex_keys))
        with self.say(
            "Slide a line square to the query in from outside. The first key it touches "
            "scores highest, and it is always a hull vertex. Which one?"
        ) as line:
            self.play(FadeIn(sweep.line), run_time=style.FADE_TIME)
            self.play(sweep.slide_to(SWEEP_PARK), run_time=line.until("always"))
            self.play(
                LaggedStart(
                    *(Indicate(v, color=palette.SECONDARY, scale_factor=1.8) for v in vertices),
                    lag_ratio=0.1,
                ),
                run_time=style.MOVE_TIME,
            )
        return sweep

    def _hull_search(self, search: HullSearch, scores: ChainScores, counter: Counter) -> None:
        """The range of hull vertices on one chain, halved by comparing a probe's score with
        its neighbour's."""
        chain_name = "top" if search.direction[1] > 0 else "bottom"  # where the query points
        chain = VGroup(*(search.cloud[k] for k in search.answer.chain))
        with self.say(
            f"Search the {chain_name} side, where the query points: "
            f"{len(search.answer.chain)} vertices."
        ) as line:
            line.wait_until(chain_name)
            self.play(Create(search.range), run_time=style.MOVE_TIME)
            self.play(
                LaggedStart(*(Indicate(v, color=palette.SECONDARY) for v in chain), lag_ratio=0.1)
            )
        rising = search.answer.rising(0)
        with self.say(
            "Compare the middle vertex with its neighbour. The score "
            f"{turn_word(rising)}: drop the {half_word(rising)} half."
        ) as line:
            line.wait_until("middle")
            self.play(*search.probe(0), counter.count(1), run_time=PROBE_MOVE_TIME)
            line.wait_until("neighbour.")
            self.play(*search.compare(0), run_time=style.FADE_TIME)
            line.wait_until("score")
            self.play(*(FadeIn(scores[i]) for i in search.compared(0)), run_time=style.FADE_TIME)
            line.wait_until("drop")
            search.drop(self, 0, PROBE_MOVE_TIME)
        later = search.answer.rising(1)
        with self.say(f"Next, it {turn_word(later)}: drop the {half_word(later)} half. Once more."):
            for step in range(1, search.answer.steps):
                shown = [scores[i] for i in search.compared(step) if scores[i] not in self.mobjects]
                self.play(*search.probe(step), counter.count(step + 1), run_time=PROBE_MOVE_TIME)
                self.play(*search.compare(step), *map(FadeIn, shown), run_time=PROBE_MOVE_TIME)
                search.drop(self, step, PROBE_MOVE_TIME)

    def _best_key(self, search: HullSearch, sweep: SlidingLine, counter: Counter) -> None:
        """The range has closed on one vertex (its ring pulses, the count of comparisons
        too); the waiting line comes in and touches that key."""
        best = search.best_mark()
        with self.say(
            f"The range closes on one vertex after {search.answer.steps} comparisons: the best key."
        ) as line:
            self.play(search.close(), run_time=PROBE_MOVE_TIME)
            line.wait_until("one")
            self.play(Indicate(search.ring, color=palette.TEXT), run_time=style.MOVE_TIME)
            line.wait_until("comparisons:")
            self.play(Indicate(counter.number, color=palette.SECONDARY), run_time=style.MOVE_TIME)
            self.play(sweep.slide_to(search.best_offset()), run_time=line.until("best"))
            self.play(FadeOut(search.ring), FadeIn(best, scale=2), run_time=line.remaining())
        sweep.freeze()

    def _one_peak(self, search: HullSearch, scores: ChainScores) -> ScoreProfile:
        """Every vertex's score along the top side, and beside the plot their profile: it
        rises to one peak, then falls. Returns the profile, still shown."""
        missing = [label for label in scores if label not in self.mobjects]
        peak = scores[scores.peak()]
        profile = ScoreProfile(scores.scores, PROFILE_AT)
        with self.say(
            "Along the top, scores rise to one peak, then fall. That is why comparing "
            "neighbours works."
        ) as line:
            self.play(
                LaggedStart(*map(FadeIn, missing), lag_ratio=0.3),
                Create(profile.zero),
                FadeIn(profile.label),
                run_time=style.MOVE_TIME,
            )
            self.play(
                Create(profile.trace),
                LaggedStart(*map(FadeIn, profile.dots), lag_ratio=0.3),
                run_time=max(style.FADE_TIME, line.until("then")),
            )
            self.play(
                peak.animate.set_color(palette.HIGHLIGHT),
                profile.peak.animate.set_color(palette.HIGHLIGHT),
                run_time=style.FADE_TIME,
            )
            line.wait_until("comparing")
            self.play(
                LaggedStart(*(Indicate(n, color=palette.QUERY) for n in scores), lag_ratio=0.15),
                run_time=line.remaining(),
            )
        return profile

    def _full_scan(self, search: HullSearch, done: Mobject, column: CostColumn) -> None:
        """The slow path scores every key, one by one, and rings the same key the search
        found."""
        cloud = search.cloud
        agreement = cloud.scan_ring(search.direction, palette.POSITIVE)
        with self.say(
            f"The released code has a slow path too: plain attention scores all {len(cloud)} "
            "keys, and picks the same one."
        ) as line:
            self.play(FadeOut(done), run_time=style.FADE_TIME)  # the scores have made their point
            line.wait_until("scores")
            tick = (line.until("same") - style.FADE_TIME) / len(cloud)
            rings = VGroup()
            for k in range(len(cloud)):
                ring = cloud.ring(k, palette.WARNING, radius=0.14)  # smaller than the probe's
                rings.add(ring)
                self.play(  # one key per tick
                    Create(ring), cloud[k].animate.set_opacity(1), column.scan.count(k + 1),
                    run_time=tick,
                )  # fmt: skip
            line.wait_until("same")
            self.play(
                FadeOut(rings), Create(agreement), FadeIn(column.agree), run_time=style.MOVE_TIME
            )

    def _takeaway(self, cloud: KeyCloud, hull: Hull, takeaway: Mobject) -> None:
        """O(log t), not O(t); a key arrives outside the hull and the hull takes it in."""
        cache = HullCache(cloud.key_points)
        cache.add(ARRIVING_KEY)
        arrived = cloud.arrive(ARRIVING_KEY)
        grown = Hull(cloud, cache.vertices())
        with self.say(
            "That is O of log t per lookup, not O of t. The hull cache keeps the hull up to "
            "date as keys arrive.",
            caption="That is O(log t) per lookup, not O(t). The hull cache keeps the hull up "
            "to date as keys arrive.",
        ) as line:
            self.play(FadeIn(takeaway, shift=UP * style.NUDGE), run_time=style.MOVE_TIME)
            line.wait_until("keeps")
            self.play(
                Indicate(hull, color=palette.SECONDARY, scale_factor=1), run_time=style.FADE_TIME
            )
            line.wait_until("keys")
            self.play(FadeIn(arrived, scale=3), run_time=style.FADE_TIME)
            self.play(Transform(hull, grown), run_time=max(style.FADE_TIME, line.remaining()))
        hull.vertex_keys = grown.vertex_keys
