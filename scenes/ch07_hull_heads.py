"""Chapter 7: 2D attention heads: keys are points, the query is a direction, the hull answers.

With head dimension 2 every key is a point in the plane. Hard-max attention returns the key
with the largest dot product with the query, and that key is always a vertex of the keys'
convex hull: the point where a line perpendicular to the query first touches the hull. Keeping
the hull and binary-searching it finds the key in O(log t) instead of scanning all t keys.
First the index lookup: position j is stored as the key (2j, -j^2), on a parabola, so every
key is a hull vertex, and the hull search for the query (i, 1) lands on key i. Then any keys:
the search halves a range of hull vertices until one is left, and only then is it the winner.
Keys, hull, query, the search's ranges and probes all come from ``scenes.compute.hull``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Animation,
    Arrow,
    Circle,
    Create,
    DashedLine,
    Dot,
    FadeIn,
    FadeOut,
    FadeTransform,
    GrowArrow,
    Indicate,
    LaggedStart,
    Line,
    Mobject,
    ParametricFunction,
    Polygon,
    ReplacementTransform,
    Rotate,
    ValueTracker,
    VGroup,
    VMobject,
    Write,
    always_redraw,
)

from scenes import theme as t
from scenes.compute.hull import (
    SCENE_KEYS,
    SCENE_QUERY,
    HullCache,
    HullQuery,
    brute_force_argmax,
    dot,
)
from scenes.compute.lookup import (
    Key,
    add_with_carry,
    hard_max,
    operand_reads,
    running_sums,
    sequence,
    softmax_blend,
    stack_keys,
)
from scenes.compute.wasm import ADD_3_5, program_tokens, run

# --- Layout of this chapter ------------------------------------------------------------------
PLOT_ORIGIN = np.array([-2.2, -0.4, 0.0])  # where key space's (0, 0) sits on screen
PLOT_UNIT = 1.15  # screen units per key-space unit, equal on both axes so angles stay true
X_RANGE = (-2.4, 2.6)  # axis extents in key space
Y_RANGE = (-2.6, 2.7)
KEY_RADIUS = 0.07
WINNER_RADIUS = 0.11
PROBE_RADIUS = 0.19  # the ring that marks the binary search's current probe
SCAN_RING_RADIUS = 0.14  # the rings the full scan leaves on every key it scores
RANGE_STROKE = 7  # the hull vertices still in play, drawn over the hull's edge
DROPPED_OPACITY = 0.3  # keys the search has dropped fade back
NEIGHBOUR_RADIUS = 0.14  # the smaller ring on the neighbour a probe is compared with
QUERY_LENGTH = 1.8  # the query arrow's length in key space: a direction, so any length
SWEEP_START = 3.0  # the supporting line's first offset along the query (outside the hull)
SWEEP_PARK = 2.6  # where it waits, still outside the hull, while the search runs
SWEEP_HALF = 0.9  # the supporting line's half-length, along its own direction
PROBE_LEVEL_HALF = 0.8  # half-length of the level line through a probe, in key space
LABEL_CLEARANCE = 0.12  # key-space gap between the supporting line and a label beyond it
COLUMN_LEFT = 2.3  # left edge of the explanation column (wide enough: no shrinking)
COLUMN_TOP = 2.75
KEYS_AS_PAIRS = 3  # keys first shown as pairs of numbers, then as their points
HULL_FILL_OPACITY = 0.08
AXIS_OPACITY = 0.6  # the axes recede behind the keys
# Labels on the plot, in key space: each sits in empty space, clear of keys, edges and axes
KEYS_LABEL_AT = (2.0, -1.95)  # below-right of the hull
HULL_LABEL_AT = (-1.75, -2.05)  # below-left of the hull
QUERY_LABEL_ALONG = 0.6  # fraction of the arrow's length
QUERY_LABEL_SIDE = 0.5  # distance to the right of the arrow
BEST_LABEL_ALONG = -0.3  # slide along the supporting line, away from the probe ring
PROBE_MOVE_TIME = 0.6
COUNTER_CHARS = 16  # a counter's line, label and number, in monospace characters
SCAN_STEP_TIME = 0.25  # the full scan scores one key per step
# The index-lookup beat: keys j = 0..7 on a parabola, scaled unequally to fit a small plot
# The machine's own lookup: the 3 + 5 trace at the top right, its stack keys on the left
STACK_ORIGIN = np.array([-5.7, 2.0, 0.0])  # where key (0, 0) sits on screen
STACK_UNIT = 1.0  # screen units per key unit, the same on both axes: square stays square
STACK_DEPTHS = (0.0, 2.25)  # the faint parabola's extent, in depths k
STACK_AXES = ((-0.4, 3.6), (-5.4, 0.9))  # x and y extents of the axes, in key units
STACK_QUERY_LENGTH = 1.25  # the query arrows, in screen units (a direction: any length)
STACK_SWEEP_HALF = 0.75  # half-length of the supporting line, in screen units
# How far beyond the best score each read's line starts, in key units: clear of the keys'
# labels (top read) and of the heading (the read below)
STACK_SWEEP_STARTS = (2.0, 1.0)
KEY_LABEL_GAP = 0.22  # from a key to its depth label
TRACE_TOP = 2.55  # y of the trace table's first row
TRACE_ROW_GAP = 0.8  # between the trace table's rows: room for a depth under each
TRACE_LABEL_GAP = 0.45  # between an instruction's name and its trace row
PANEL_LEFT = 0.7  # the left edge of the reads, under the trace
PANEL_TOP = 0.3
PANEL_GAP = 0.33  # between the reads
WEIGHTS_LEFT, WEIGHTS_Y = 0.3, -0.35  # the weights' two cards, right of the stack's keys
TRACE_ZOOM = 1.35  # the trace and its first reads, larger, before the plot comes
ZOOMED_TRACE_AT = np.array([0.0, 0.2, 0.0])  # the trace's centre meanwhile: mid-frame
CURVE_OPACITY = 0.5
MINUS = "\u2212"  # the typographic minus sign, for formulas on screen
TIMES = "\u00d7"  # the multiplication sign


def to_screen(point: Sequence[float]) -> np.ndarray:
    """A key-space point on screen."""
    return PLOT_ORIGIN + PLOT_UNIT * np.array([point[0], point[1], 0.0])


def unit(vector: Sequence[float]) -> np.ndarray:
    """``vector`` scaled to length 1, so a dot product with it is a distance along it."""
    v = np.asarray(vector, dtype=float)
    return v / np.linalg.norm(v)


def place_in_key_space(label: Mobject, center: Sequence[float]) -> Mobject:
    """Centre ``label`` on a key-space point (labels sit in the plot's own coordinates)."""
    return label.move_to(to_screen(center))


def beyond_line(label: Mobject, direction: np.ndarray, offset: float, along: float) -> Mobject:
    """Put ``label`` just past the line {x : x . direction = offset}, on the far side.

    ``along`` slides it along the line (towards the left of ``direction`` when positive).
    The label's half-extent along ``direction`` keeps its whole box clear of the line.
    """
    normal = np.array([-direction[1], direction[0]])
    half_w, half_h = label.width / 2 / PLOT_UNIT, label.height / 2 / PLOT_UNIT
    reach = half_w * abs(direction[0]) + half_h * abs(direction[1])
    center = (offset + LABEL_CLEARANCE + reach) * direction + along * normal
    return place_in_key_space(label, center)


def level_line(center: np.ndarray, along: np.ndarray, half: float, color: str) -> DashedLine:
    """A dashed line through the screen point ``center``, ``half`` each way along ``along``:
    a level line of the score (every point on it scores the same) when ``along`` is square
    to the query."""
    return DashedLine(
        center - half * along, center + half * along, color=color, stroke_width=t.THIN_STROKE
    )


def supporting_line(direction: np.ndarray, offset: float) -> DashedLine:
    """The line square to the query at ``offset`` along it, centred on the query's axis."""
    along = np.array([-direction[1], direction[0], 0.0])
    return level_line(to_screen(offset * direction), along, SWEEP_HALF * PLOT_UNIT, t.WARNING)


def to_stack_screen(point: Sequence[float]) -> np.ndarray:
    """A key of the machine's stack lookup on screen (equal scales on both axes)."""
    return STACK_ORIGIN + STACK_UNIT * np.array([point[0], point[1], 0.0])


def stack_sweep(direction: np.ndarray, offset: float, side: float) -> DashedLine:
    """The line square to the query ``direction`` (a unit vector in key space) at ``offset``
    along it, centred ``side`` across it (level with the key it is to touch), on the stack
    lookup's plot."""
    across = np.array([-direction[1], direction[0]])
    center = to_stack_screen(offset * direction + side * across)
    return level_line(center, np.append(across, 0.0), STACK_SWEEP_HALF, t.WARNING)


class Counter(VGroup):
    """A counter in the column: a fixed label (``.label``) and a number (``.number``) that
    counts up, right-aligned ``COUNTER_CHARS`` monospace characters from the label's left edge
    so the hull search's and the full scan's counts line up."""

    def __init__(self, label: str, color: str) -> None:
        super().__init__()
        self.ink = color
        self.label = t.code(label, color=color)
        self.number = self.numeral(0)
        self.shown = False
        self.add(self.label, self.number)

    def numeral(self, count: int) -> Mobject:
        """The number ``count``, in place at the end of the counter's line."""
        number = t.code(str(count), color=self.ink)
        advance = (t.code("0" * 9).width - t.code("0").width) / 8  # one monospace character
        right = self.label.get_left()[0] + COUNTER_CHARS * advance
        number.shift(RIGHT * (right - number.get_right()[0]))
        return t.set_baseline(number, t.baseline(self.label))

    def count(self, count: int) -> Animation:
        """Show ``count``: the first time with its label, then by cross-fading the number (a
        morph between numbers of different lengths scrambles their glyphs halfway)."""
        new = self.numeral(count)
        if self.shown:
            animation = FadeTransform(self.number, new)
        else:
            animation = FadeIn(VGroup(self.label, new))
        self.remove(self.number)
        self.add(new)
        self.number, self.shown = new, True
        return animation


class HullSearch:
    """The binary search of a ``HullQuery`` drawn on its hull chain, step by step.

    ``at`` puts a key index on screen and ``dots`` are the keys' dots. The range still in
    play is a thick SECONDARY path over the chain; the probe is a TEXT ring; the neighbour it
    is compared with gets a smaller ring; the half a comparison drops fades to MUTED and
    goes, and its keys fade back. Nothing here is coloured as the winner: the chapter does
    that once the range has closed.
    """

    def __init__(
        self, answer: HullQuery, at: Callable[[int], np.ndarray], dots: Sequence[Dot]
    ) -> None:
        self.answer, self.at, self.dots = answer, at, dots
        self.range: VMobject | None = self.path(answer.range_keys(0))
        self.ring = Circle(radius=PROBE_RADIUS, color=t.TEXT, stroke_width=t.THIN_STROKE)
        self.ring.move_to(at(answer.probes[0])).set_z_index(3)
        self.neighbour: Circle | None = None

    def path(self, keys: Sequence[int]) -> VMobject:
        """The chain through these keys, drawn as the range in play."""
        path = VMobject(stroke_color=t.SECONDARY, stroke_width=RANGE_STROKE)
        path.set_points_as_corners([self.at(k) for k in keys])
        return path

    def probe(self, step: int) -> list:
        """Animations that put the ring on comparison ``step``'s probe."""
        if step == 0:
            return [Create(self.ring)]  # the ring starts there
        return [self.ring.animate.move_to(self.at(self.answer.probes[step]))]

    def compare(self, step: int) -> list:
        """Animations that mark the neighbour the probe is compared with (next along the chain)."""
        after = self.answer.chain[self.answer.probe_position(step) + 1]
        self.neighbour = Circle(radius=NEIGHBOUR_RADIUS, color=t.TEXT, stroke_width=t.THIN_STROKE)
        self.neighbour.move_to(self.at(after)).set_z_index(3)
        return [Create(self.neighbour)]

    def drop(self, scene: t.ChapterScene, step: int, run_time: float, *extra: Mobject) -> None:
        """Play comparison ``step``'s verdict: the dropped half fades, the range shrinks."""
        answer = self.answer
        lo, hi = answer.ranges[step]
        mid = answer.probe_position(step)
        kept = answer.range_keys(step + 1)
        # the dropped part of the path runs to the first vertex kept, so no edge is left over
        gone = answer.chain[lo : mid + 2] if answer.rising(step) else answer.chain[mid : hi + 1]
        gone_path = self.path(gone)
        scene.remove(self.range)  # the two halves look exactly like the whole
        scene.add(gone_path)
        self.range = self.path(kept) if len(kept) > 1 else None  # None: one vertex is left
        if self.range is not None:
            scene.add(self.range)
        leaving = [m for m in (self.neighbour, *extra) if m is not None]
        scene.play(
            gone_path.animate.set_stroke(t.MUTED, opacity=0),
            *(self.dots[k].animate.set_opacity(DROPPED_OPACITY) for k in answer.dropped(step)),
            *(FadeOut(m) for m in leaving),
            run_time=run_time,
        )
        scene.remove(gone_path)
        self.neighbour = None


class HullHeads(t.ChapterScene):
    """Keys as points, the convex hull, the query as a direction, and the O(log t) search."""

    def construct(self) -> None:
        heading = self._any_keys()  # the general picture: any keys, the hull, the search
        self._stack_lookup(heading)  # the machine's own lookup, on the 3 + 5 trace

    def _any_keys(self) -> Mobject:
        """Any keys: the hull, the query from the origin, the search that halves the range.
        Returns the chapter's heading, which stays."""
        cache = HullCache(SCENE_KEYS)
        direction = unit(SCENE_QUERY)
        answer = cache.query(SCENE_QUERY)
        if answer.range_keys(answer.steps) != (brute_force_argmax(SCENE_KEYS, SCENE_QUERY),):
            raise RuntimeError("the hull search and the full scan disagree on the best key")
        if [answer.rising(k) for k in range(answer.steps)] != [True] + [False] * (
            answer.steps - 1
        ):
            raise RuntimeError("the narration says the first comparison rises, then falls")
        if max(dot(k, direction) for k in SCENE_KEYS) >= SWEEP_PARK:
            raise RuntimeError("the supporting line would wait inside the hull")
        winner = SCENE_KEYS[answer.best_index]
        best_offset = dot(winner, direction)  # the winner's score for the unit direction
        chain_name = "top" if direction[1] > 0 else "bottom"  # the chain the search runs along

        self.next_section("keys")
        # On the right: the two counters, then the takeaway (the plot carries its own labels)
        counts = t.stack(
            [
                Counter("hull search", t.POSITIVE),
                Counter("full scan", t.WARNING),
            ],
            buff=t.GAP_S,
        )
        takeaway = t.card(
            t.stack(
                [
                    t.prose("O(log t), not O(t)", color=t.POSITIVE, bold=True),
                    t.prose(
                        "hull cache: updated per key",
                        size=t.CAPTION_SIZE,
                        t2c={"hull cache": t.ACCENT},
                    ),
                ],
                buff=t.GAP_S,
            ),
            color=t.POSITIVE,
        )
        panel = t.stack([counts, takeaway], buff=t.GAP_L)
        t.fit_width(panel, t.safe_width() / 2 - COLUMN_LEFT)
        panel.move_to([COLUMN_LEFT, COLUMN_TOP, 0], aligned_edge=LEFT + UP)
        search_count, scan_count = counts

        # One point per past token
        axes = VGroup(
            Line(to_screen((X_RANGE[0], 0)), to_screen((X_RANGE[1], 0))),
            Line(to_screen((0, Y_RANGE[0])), to_screen((0, Y_RANGE[1]))),
        ).set_stroke(t.MUTED, width=t.THIN_STROKE, opacity=AXIS_OPACITY)
        keys = VGroup(*(Dot(to_screen(p), radius=KEY_RADIUS, color=t.ACCENT) for p in SCENE_KEYS))
        keys.set_z_index(1)  # above the hull's edges
        keys_label = place_in_key_space(
            t.prose("keys", size=t.CAPTION_SIZE, color=t.ACCENT), KEYS_LABEL_AT
        )
        # A key is a pair of numbers, as in chapter 6: the first few are shown as pairs
        pairs = VGroup(
            *(
                t.card(t.code(f"({x:g}, {y:g})", color=t.ACCENT), color=t.ACCENT)
                for x, y in SCENE_KEYS[:KEYS_AS_PAIRS]
            )
        ).arrange(DOWN, buff=t.GAP_SM)
        pairs.move_to([COLUMN_LEFT, 0, 0], aligned_edge=LEFT)
        heading = t.heading("2D heads and the convex hull")
        with self.say(
            "Percepta makes looking back cheap: every lookup head is two-dimensional, so "
            "each key is a point in the plane."
        ) as line:
            self.play(
                Write(heading), Create(axes), LaggedStart(*map(FadeIn, pairs), lag_ratio=0.3),
                run_time=t.MOVE_TIME,
            )  # fmt: skip
            line.wait_until("key")
            self.play(  # the pairs become their points; the other keys join them
                *(
                    ReplacementTransform(pair, key)
                    for pair, key in zip(pairs, keys[: len(pairs)], strict=True)
                ),
                LaggedStart(*(FadeIn(k, scale=0.5) for k in keys[len(pairs) :]), lag_ratio=0.15),
                FadeIn(keys_label),
                run_time=line.remaining(),
            )

        self.next_section("convex-hull")
        hull = Polygon(
            *(to_screen(SCENE_KEYS[i]) for i in cache.vertices()),
            color=t.SECONDARY,
            stroke_width=t.THIN_STROKE,
            fill_color=t.SECONDARY,
            fill_opacity=HULL_FILL_OPACITY,
        )
        hull_label = place_in_key_space(
            t.prose("convex hull", size=t.CAPTION_SIZE, color=t.SECONDARY), HULL_LABEL_AT
        )
        with self.say(
            "Their convex hull is the outline a rubber band would make."
        ) as line:
            self.play(Create(hull), run_time=t.DRAW_TIME)
            self.play(FadeIn(hull_label), run_time=t.FADE_TIME)

        self.next_section("query")  # from the origin, turning to its direction
        origin = to_screen((0, 0))
        query = Arrow(
            origin,
            to_screen((QUERY_LENGTH, 0)),
            buff=0,
            color=t.WARNING,
            stroke_width=t.STROKE,
        )
        query_label = t.prose("query", size=t.CAPTION_SIZE, color=t.WARNING)
        normal_right = np.array([direction[1], -direction[0]])  # to the right of the arrow
        place_in_key_space(
            query_label,
            QUERY_LABEL_ALONG * QUERY_LENGTH * direction + QUERY_LABEL_SIDE * normal_right,
        )
        with self.say(
            "The query starts at the origin and turns to its direction. A key's score is "
            "how far it reaches along it."
        ) as line:
            self.play(GrowArrow(query))
            line.wait_until("turns")
            angle = float(np.arctan2(direction[1], direction[0]))
            self.play(Rotate(query, angle=angle, about_point=origin), run_time=t.MOVE_TIME)
            self.play(FadeIn(query_label), run_time=t.FADE_TIME)

        self.next_section("supporting-line")  # in from outside; it waits there for the search
        offset = ValueTracker(SWEEP_START)
        sweep = always_redraw(lambda: supporting_line(direction, offset.get_value()))
        with self.say(
            "A line square to the query slides in from outside. The first key it touches "
            "scores highest, and it is always a hull vertex. Which one?"
        ) as line:
            self.play(FadeIn(sweep), run_time=t.FADE_TIME)
            self.play(offset.animate.set_value(SWEEP_PARK), run_time=t.MOVE_TIME)
            line.wait_until("always")
            self.play(Indicate(hull, color=t.HIGHLIGHT, scale_factor=1), run_time=t.FADE_TIME)

        self.next_section("hull-search")  # the range of hull vertices, halved step by step
        search = HullSearch(answer, lambda k: to_screen(SCENE_KEYS[k]), keys)
        along = np.array([-direction[1], direction[0], 0.0])

        def probe_level(step: int) -> DashedLine:
            point = to_screen(SCENE_KEYS[answer.probes[step]])
            return level_line(point, along, PROBE_LEVEL_HALF * PLOT_UNIT, t.TEXT)

        with self.say(
            f"Search the {chain_name} side of the hull, where the query points: "
            f"{len(answer.chain)} vertices."
        ):
            self.play(Create(search.range), run_time=t.MOVE_TIME)
        level = probe_level(0)
        with self.say(
            "Probe the middle one. The line through it marks its score. Its neighbour lies "
            "beyond: scores still rise, so drop the first half."
        ) as line:
            self.play(*search.probe(0), search_count.count(1), run_time=PROBE_MOVE_TIME)
            line.wait_until("line")
            self.play(Create(level), run_time=t.FADE_TIME)
            line.wait_until("neighbour")
            self.play(*search.compare(0), run_time=t.FADE_TIME)
            line.wait_until("drop")
            search.drop(self, 0, PROBE_MOVE_TIME, level)
        with self.say("Next, the neighbour falls short: drop the far half. Once more."):
            for step in range(1, answer.steps):
                level = probe_level(step)
                self.play(
                    *search.probe(step), search_count.count(step + 1), run_time=PROBE_MOVE_TIME
                )
                self.play(Create(level), *search.compare(step), run_time=PROBE_MOVE_TIME)
                search.drop(self, step, PROBE_MOVE_TIME, level)
        best = Dot(to_screen(winner), radius=WINNER_RADIUS, color=t.HIGHLIGHT).set_z_index(4)
        best_label = beyond_line(
            t.prose("best key", size=t.CAPTION_SIZE, color=t.HIGHLIGHT),
            direction,
            best_offset,
            along=BEST_LABEL_ALONG,
        )
        with self.say(
            f"The range closes on one vertex after {answer.steps} comparisons: the best key."
        ) as line:
            self.play(search.ring.animate.move_to(to_screen(winner)), run_time=PROBE_MOVE_TIME)
            # the waiting line comes in and touches the key the search found
            self.play(offset.animate.set_value(best_offset), run_time=line.until("best"))
            self.play(
                FadeOut(search.ring),
                FadeIn(best, scale=2),
                FadeIn(best_label),
                run_time=line.remaining(),
            )
        sweep.clear_updaters()

        self.next_section("full-scan")  # every key scored, one by one
        with self.say(f"A full scan scores all {len(SCENE_KEYS)} keys for the same answer."):
            for k, key in enumerate(keys):
                ring = Circle(radius=SCAN_RING_RADIUS, color=t.WARNING, stroke_width=t.THIN_STROKE)
                ring.move_to(key).set_z_index(3)
                self.play(
                    Create(ring),
                    key.animate.set_opacity(1),
                    scan_count.count(k + 1),
                    run_time=SCAN_STEP_TIME,
                )

        self.next_section("takeaway")  # keep the hull, search it
        with self.say(
            "That is O of log t comparisons per lookup, instead of O of t. Percepta's "
            "hull cache keeps the hull up to date as keys arrive.",
            caption="That is O(log t) comparisons per lookup, instead of O(t). Percepta's "
            "hull cache keeps the hull up to date as keys arrive.",
        ):
            self.play(FadeIn(takeaway, shift=UP * t.NUDGE))
        self.clear_stage(keep=[heading])
        return heading

    def _stack_lookup(self, heading: Mobject) -> None:
        """The machine's own lookup on the 3 + 5 trace: the depth as a running sum, each stack
        write a key on a parabola, the queries for the top and the value below it, hard max
        against a softmax blend, and the add's result written as a new, latest key.

        Everything shown comes from ``scenes.compute.lookup`` run on the real trace. The keys
        carry the released code's small bonus for later writes, so they sit a little above
        the parabola -k^2; the faint curve is drawn through them (the bonus differs between
        these writes by less than a hundredth)."""
        execution = run(ADD_3_5)
        tokens = sequence(ADD_3_5, execution)
        add = next(i for i, step in enumerate(execution.steps) if step.instruction.op == "i32.add")
        first_byte = len(program_tokens(ADD_3_5)) + sum(
            len(step.tokens) for step in execution.steps[:add]
        )
        top, below = operand_reads(tokens, first_byte)
        keys = stack_keys(tokens)
        before = [key for key in keys if key.position < first_byte]
        written = next(key for key in keys if key.position > first_byte)
        values = [key.value for key in before]
        blend, kept = softmax_blend(top.scores, values), hard_max(top.scores, values)
        summed = next(s for s in running_sums(tokens) if s.position == top.winner.position)
        result = add_with_carry(below.winner.value, top.winner.value)
        if (top.winner.value, below.winner.value, written.value, written.depth, kept) != (
            5, 3, 8, below.depth, 5
        ) or [byte for byte, _ in result] != [8, 0, 0, 0]:
            raise RuntimeError("the narration's 5, 3 and 8 are not what the lookups return")
        lift = before[0].y + before[0].depth ** 2  # the bonus the first write's key carries

        # The trace, as chapters 4 and 5 show it: each instruction's name and its tokens
        shown = execution.steps[: add + 1]
        names = [
            f"i32.const {step.instruction.arg}" if step.instruction.op == "i32.const"
            else step.instruction.op
            for step in shown
        ]  # fmt: skip
        sources = [" ".join(step.tokens) for step in shown]
        rows = VGroup(*(t.code(source, color=t.HIGHLIGHT) for source in sources))
        labels = VGroup(*(t.code(name, color=t.MUTED) for name in names))
        for k, (label, row) in enumerate(zip(labels, rows, strict=True)):
            row.move_to([t.safe_right(), 0, 0], aligned_edge=RIGHT)
            t.set_baseline(row, TRACE_TOP - k * TRACE_ROW_GAP)
            label.next_to(row, LEFT, buff=TRACE_LABEL_GAP)
            t.set_baseline(label, t.baseline(row))
        left = min(label.get_left()[0] for label in labels)
        for label in labels:
            label.shift(RIGHT * (left - label.get_left()[0]))
        commits = [
            t.glyph_span(row, source, len(source) - len(step.tokens[-1]), len(source))
            for row, source, step in zip(rows, sources, shown, strict=True)
        ]
        depth_of = {key.position: key.depth for key in keys}
        depth_marks = VGroup(
            *(
                t.prose(f"depth {depth_of[key.position]}", size=t.MIN_FONT_SIZE, color=t.SECONDARY)
                .next_to(commit, DOWN, buff=t.GAP_XS)
                for key, commit in zip(keys, commits, strict=True)
            )
        )

        # The reads, under the trace
        average = f"{summed.depth}/{summed.position}"
        panel = t.stack(
            [
                t.code(f"depth = average {TIMES} position", color=t.SECONDARY),
                t.code(f"{average} {TIMES} {summed.position} = {summed.depth}", color=t.SECONDARY),
                t.code(f"query ({top.depth}, 1) → {top.winner.value:02x}", color=t.WARNING),
                t.code(f"query ({below.depth}, 1) → {below.winner.value:02x}", color=t.WARNING),
                t.code(f"softmax blend  {blend:.2f}", color=t.MUTED),
                t.code(f"hard max       {kept:g}", color=t.POSITIVE),
                t.code(
                    f"{below.winner.value:02x} + {top.winner.value:02x} = {result[0][0]:02x}",
                    color=t.HIGHLIGHT,
                ),
            ],
            buff=PANEL_GAP,
        )
        panel.move_to([PANEL_LEFT, PANEL_TOP, 0], aligned_edge=LEFT + UP)
        rule, sum_line, top_line, below_line, blend_line, max_line, add_line = panel

        # The plot: equal scales, the origin at the top left, depths running down the curve
        (x_lo, x_hi), (y_lo, y_hi) = STACK_AXES
        axes = VGroup(
            Line(to_stack_screen((x_lo, 0)), to_stack_screen((x_hi, 0))),
            Line(to_stack_screen((0, y_lo)), to_stack_screen((0, y_hi))),
        ).set_stroke(t.MUTED, width=t.THIN_STROKE, opacity=AXIS_OPACITY)
        curve = ParametricFunction(
            lambda k: to_stack_screen((2 * k, -k * k + lift)),
            t_range=[*STACK_DEPTHS],
            color=t.MUTED,
            stroke_width=t.THIN_STROKE,
            stroke_opacity=CURVE_OPACITY,
        )
        dots = [
            Dot(to_stack_screen((key.x, key.y)), radius=KEY_RADIUS, color=t.ACCENT).set_z_index(1)
            for key in before
        ]
        key_labels = [
            t.prose(f"depth {key.depth}", size=t.CAPTION_SIZE, color=t.ACCENT).next_to(
                mark, RIGHT, buff=KEY_LABEL_GAP
            )
            for key, mark in zip(before, dots, strict=True)
        ]

        # The trace and its first reads start large, in the middle of the frame, while the
        # voice reads them; they move up beside the plot when it comes
        zoomed = [*labels, *rows, *depth_marks, rule, sum_line]
        home = VGroup(*zoomed).get_center()
        VGroup(*zoomed).scale(TRACE_ZOOM, about_point=home)
        away = ZOOMED_TRACE_AT - VGroup(*labels, *rows).get_center()
        VGroup(*zoomed).shift(away)

        def zoom_out(mobject):  # a mobject, or its .animate
            return mobject.shift(-away).scale(1 / TRACE_ZOOM, about_point=home)

        self.next_section("machine-lookup")
        with self.say(
            "Now the machine's own lookup. To add 3 plus 5, it needs the two values on top "
            "of its stack.",
            caption="Now the machine's own lookup. To add 3 + 5, it needs the two values on "
            "top of its stack.",
        ) as line:
            self.play(
                FadeIn(VGroup(*labels[:add], *rows[:add]), shift=UP * t.NUDGE),
                run_time=t.MOVE_TIME,
            )
            line.wait_until("values")
            self.play(
                *(t.pulse(row, row[:2], t.TEXT) for row in rows[:add]),
                run_time=line.remaining(),
            )

        self.next_section("running-depth")
        with self.say(
            "Each commit says how the depth changed: plus one, plus one. A head that weighs "
            "every token equally returns their average; times the position, that is the sum: "
            f"depth {summed.depth}."
        ) as line:
            line.wait_until("plus")
            self.play(
                *(
                    t.pulse(row, commit, t.SECONDARY)
                    for row, commit in zip(rows[:add], commits[:add], strict=True)
                ),
                LaggedStart(*(FadeIn(m) for m in depth_marks[:add]), lag_ratio=0.5),
                run_time=line.until("head"),
            )
            line.wait_until("average")
            self.play(FadeIn(rule, shift=UP * t.NUDGE), run_time=t.FADE_TIME)
            line.wait_until("sum")
            self.play(FadeIn(sum_line, shift=UP * t.NUDGE), run_time=t.FADE_TIME)

        self.next_section("depth-keys")
        with self.say(
            "Each value written to the stack leaves a key on a parabola: depth k sits at two k, "
            "minus k squared.",
            caption=f"Each value written to the stack leaves a key on a parabola: depth k sits "
            f"at (2k, {MINUS}k²).",
        ) as line:
            staged = [*labels[:add], *rows[:add], *depth_marks[:add], rule, sum_line]
            for mobject in zoomed:
                if mobject not in staged:
                    zoom_out(mobject)
            self.play(*(zoom_out(m.animate) for m in staged), run_time=t.MOVE_TIME)
            self.play(Create(axes), Create(curve), run_time=t.MOVE_TIME)
            line.wait_until("depth")
            self.play(  # each key appears as its commit token lights up
                *(
                    t.pulse(row, commit, t.ACCENT)
                    for row, commit in zip(rows[:add], commits[:add], strict=True)
                ),
                *(FadeIn(mark, scale=0.5) for mark in dots),
                *(FadeIn(label) for label in key_labels),
                run_time=line.remaining(),
            )

        def read(
            answer, value_row: int, start: float, run_for: Callable[[str], float], read_line
        ) -> VGroup:
            """The query arrow for ``answer``, its line sliding in to the key it touches."""
            direction = unit(answer.query)
            origin = to_stack_screen((0, 0))
            arrow = Arrow(
                origin,
                origin + STACK_QUERY_LENGTH * np.append(direction, 0.0),
                buff=0,
                color=t.WARNING,
                stroke_width=t.STROKE,
            )
            best = max(dot(key_point(k), direction) for k in before)
            winner = answer.winner
            side = float(np.dot(key_point(winner), [-direction[1], direction[0]]))
            offset = ValueTracker(best + start)
            sliding = always_redraw(lambda: stack_sweep(direction, offset.get_value(), side))
            asked, value_text = read_line[:-2], read_line[-2:]  # "query (2, 1) -> ", "05"
            self.play(GrowArrow(arrow), FadeIn(asked), run_time=run_for("query"))
            self.play(FadeIn(sliding), run_time=t.FADE_TIME)
            self.play(offset.animate.set_value(best), run_time=run_for("touches"))
            touching = stack_sweep(direction, best, side)  # where it stopped, not redrawn
            self.remove(sliding)
            self.add(touching)
            hit = Circle(radius=PROBE_RADIUS, color=t.HIGHLIGHT, stroke_width=t.THIN_STROKE)
            hit.move_to(to_stack_screen(key_point(winner))).set_z_index(3)
            value = rows[value_row][:2]
            self.play(
                Create(hit),
                t.pulse(rows[value_row], value, t.TEXT),
                FadeIn(value_text, shift=RIGHT * t.NUDGE),
                run_time=run_for("value"),
            )
            self.settle([asked, value_text], read_line)
            return VGroup(arrow, touching, hit)

        self.next_section("top-read")
        with self.say(
            f"To read the top, the query is {top.depth}, 1. A line square to it slides in and "
            f"first touches the key at depth {top.depth}. The head returns its value, "
            f"{top.winner.value}.",
            caption=f"To read the top, the query is ({top.depth}, 1). A line square to it slides "
            f"in and first touches the key at depth {top.depth}. The head returns its value, "
            f"{top.winner.value}.",
        ) as line:
            marks = read(
                top, 1, STACK_SWEEP_STARTS[0], lambda w: max(t.FADE_TIME, line.until(w)), top_line
            )

        self.next_section("below-read")
        with self.say(
            f"For the value below it, the query is {below.depth}, 1, and the line touches "
            f"depth {below.depth}: its value, {below.winner.value}.",
            caption=f"For the value below it, the query is ({below.depth}, 1), and the line "
            f"touches depth {below.depth}: its value, {below.winner.value}.",
        ) as line:
            self.play(FadeOut(marks), run_time=t.FADE_TIME)
            marks = read(
                below, 0, STACK_SWEEP_STARTS[1], lambda w: max(t.FADE_TIME, line.until(w)),
                below_line,
            )  # fmt: skip

        self.next_section("hard-max")
        with self.say(
            "Ordinary attention would blend every value by its softmax weight, and return "
            f"{blend:.2f}. These heads keep the top key's value alone: exactly {kept:g}."
        ) as line:
            line.wait_until("blend")
            self.play(FadeIn(blend_line, shift=UP * t.NUDGE), run_time=t.FADE_TIME)
            line.wait_until("keep")
            self.play(FadeIn(max_line, shift=UP * t.NUDGE), run_time=t.FADE_TIME)

        self.next_section("add-writes")
        new_key = Circle(radius=PROBE_RADIUS, color=t.HIGHLIGHT, stroke_width=t.STROKE)
        new_key.move_to(to_stack_screen(key_point(written))).set_z_index(4)
        latest = t.prose(
            f"depth {written.depth}: {written.value:02x}",
            size=t.CAPTION_SIZE,
            color=t.HIGHLIGHT,
        ).move_to(key_labels[0], aligned_edge=LEFT)
        with self.say(
            f"{below.winner.value} plus {top.winner.value} is {total_of(result)}, and the "
            f"machine appends it. Its commit leaves a new key at depth {written.depth}, later "
            f"than the {below.winner.value}'s: the latest write wins.",
            caption=f"{below.winner.value} + {top.winner.value} = {total_of(result)}, and the "
            f"machine appends it. Its commit leaves a new key at depth {written.depth}, later "
            f"than the {below.winner.value}'s: the latest write wins.",
        ) as line:
            self.play(FadeOut(marks), FadeIn(add_line, shift=UP * t.NUDGE), run_time=t.FADE_TIME)
            line.wait_until("appends")
            self.play(
                FadeIn(VGroup(labels[add], rows[add]), shift=UP * t.NUDGE),
                run_time=t.FADE_TIME,
            )
            line.wait_until("new")
            self.play(
                FadeIn(depth_marks[add]),
                t.pulse(rows[add], commits[add], t.ACCENT),
                Create(new_key),
                run_time=t.MOVE_TIME,
            )
            line.wait_until("latest")
            self.play(FadeTransform(key_labels[0], latest), run_time=t.FADE_TIME)
        self.hold()
        # the keys stay: the weights that fetch and compute are named beside them
        plot = [axes, curve, *dots, *key_labels[1:], latest, new_key]
        self._inside_the_weights(keep=[heading, *plot])

    def _inside_the_weights(self, keep: Sequence[Mobject]) -> None:
        """What the compiled weights compute: attention heads fetch, feed-forward units
        compute (the released code's construction), beside the stack's keys (``keep``)."""
        fetches = [("instruction", "by position"), ("operands", "by depth"),
                   ("running sums", "by averaging")]  # fmt: skip
        computes = [("opcode", "one unit fires"), ("add", "byte + byte + carry")]

        def column(title: str, rows: list[tuple[str, str]], color: str) -> t.Card:
            width = max(len(name) for name, _ in rows) + 2
            lines = [
                t.code(f"{name:<{width}}{how}", size=t.BODY_SIZE, color=t.TEXT)
                for name, how in rows
            ]
            head = t.prose(title, size=t.SUBHEADING_SIZE, color=color, bold=True)
            return t.card(t.stack([head, *lines], buff=t.GAP_SM), color=color)

        heads = column("attention heads: fetch", fetches, t.ACCENT)
        units = column("feed-forward: compute", computes, t.POSITIVE)
        cards = VGroup(heads, units).arrange(DOWN, buff=t.GAP_M, aligned_edge=LEFT)
        source = t.prose("as the released code builds it", color=t.MUTED)
        t.below(source, cards, buff=t.GAP_M)
        column_of_cards = VGroup(cards, source)
        column_of_cards.move_to([WEIGHTS_LEFT, WEIGHTS_Y, 0], aligned_edge=LEFT)
        head_rows, unit_rows = heads.content[1:], units.content[1:]

        self.next_section("inside-the-weights")
        self.clear_stage(keep=keep)
        with self.say(
            "In the released code, attention heads fetch: the next instruction by its "
            "position, the operands by their depth, the running sums by averaging."
        ) as line:
            self.play(FadeIn(heads.box), FadeIn(heads.content[0]), run_time=t.FADE_TIME)
            line.reveal(head_rows, ("instruction", "operands", "running"))
        with self.say(
            "Feed-forward units compute: each opcode is a point on a circle, so one unit "
            "fires for it, and others add two bytes and a carry."
        ) as line:
            self.play(
                FadeIn(units.box), FadeIn(units.content[0]), FadeIn(source), run_time=t.FADE_TIME
            )
            line.reveal(unit_rows, ("opcode", "add"))
        self.hold()
        self.clear_stage()


def key_point(key: Key) -> tuple[float, float]:
    """A stack key as a point of the plot."""
    return (key.x, key.y)


def total_of(result: Sequence[tuple[int, int]]) -> int:
    """The value of the add's little-endian result bytes."""
    return sum(byte << (8 * k) for k, (byte, _) in enumerate(result))
