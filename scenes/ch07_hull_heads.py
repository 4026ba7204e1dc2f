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
    Rotate,
    Transform,
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
    index_query,
    parabola_key,
)

# --- Layout of this chapter ------------------------------------------------------------------
PLOT_ORIGIN = np.array([-3.7, -0.4, 0.0])  # where key space's (0, 0) sits on screen
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
COLUMN_LEFT = -0.1  # left edge of the explanation column (wide enough: no shrinking)
COLUMN_TOP = 2.75
HULL_FILL_OPACITY = 0.08
AXIS_OPACITY = 0.6  # the axes recede behind the keys
# Labels on the plot, in key space: each sits in empty space, clear of keys, edges and axes
KEYS_LABEL_AT = (2.0, -1.95)  # below-right of the hull
HULL_LABEL_AT = (-1.75, -2.05)  # below-left of the hull
QUERY_LABEL_ALONG = 0.6  # fraction of the arrow's length
QUERY_LABEL_SIDE = 0.5  # distance to the right of the arrow
BEST_LABEL_ALONG = -0.3  # slide along the supporting line, away from the probe ring
PROBE_MOVE_TIME = 0.6
COUNTER_CHARS = 28  # a counter's line, label and number, in monospace characters
SCAN_STEP_TIME = 0.25  # the full scan scores one key per step
# The index-lookup beat: keys j = 0..7 on a parabola, scaled unequally to fit a small plot
LOOKUP_POSITIONS = range(8)  # the positions j whose keys are drawn
LOOKUP_I = 5  # the position the query asks for
PARABOLA_ORIGIN = np.array([-6.3, 1.9, 0.0])  # where key (0, 0) (position 0) sits on screen
# screen units per key-space unit along x and y: the ratio 0.2 puts the tangent at j = 5 at
# 45 degrees, where the parabola bends most visibly
PARABOLA_SCALE = np.array([0.42, 0.084])
PARABOLA_SPAN = (-0.4, 7.4)  # the faint curve's extent, in positions j
INDEX_LABEL_GAP = 0.35  # from a key to its position number, outside the curve (and the hull)
LOOKUP_QUERY_LENGTH = 1.0  # the query arrow from the origin (key 0), in screen units
LOOKUP_QUERY_LABEL_GAP = 0.15  # from the query arrow's tip to its label
# half-length of the winning score's level line at key 5: keys 4 and 6 score only 1 less and
# sit about 1.1 units along it, almost on it, so a long line would look like a tie
TANGENT_SPAN = 0.5
# the level line square to the query waits outside the keys and their numbers, this far past
# the farthest of them (screen units), until the search has found the key it touches
LOOKUP_LEVEL_CLEARANCE = 0.25
LOOKUP_LEVEL_HALF = 1.0  # its half-length while it waits, spanning the middle keys
NOTE_TOP = -2.35  # y of the top of the note on the scaled axes: under the hull, left of key 7
HULL_EDGE_TIME = 0.4  # the parabola's hull is drawn one edge at a time, each key lighting up
CURVE_OPACITY = 0.5
MINUS = "\u2212"  # the typographic minus sign, for formulas on screen


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


def to_parabola_screen(point: Sequence[float]) -> np.ndarray:
    """A key-space point of the index-lookup plot on screen (x and y scaled differently)."""
    x, y = PARABOLA_SCALE * np.asarray(point, dtype=float)
    return PARABOLA_ORIGIN + np.array([x, y, 0.0])


def parabola_screen_direction(query: Sequence[float]) -> np.ndarray:
    """The query's direction on the unequally scaled plot, as a unit vector.

    A screen point s = origin + S k scores q . k = (S^-1 q) . (s - origin), so the query drawn
    as S^-1 q keeps every score's order and stays perpendicular to the score's level lines.
    """
    return np.append(unit(np.asarray(query, dtype=float) / PARABOLA_SCALE), 0.0)


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
        self._index_lookup()  # a lookup by position is a 2D lookup (keys on a parabola)
        self._any_keys()

    def _index_lookup(self) -> None:
        """Keys (2j, -j^2) on a parabola, all hull vertices; the hull search for (i, 1) finds i."""
        keys = [parabola_key(j) for j in LOOKUP_POSITIONS]
        query = index_query(LOOKUP_I)
        cache = HullCache(keys)
        lookup = cache.query(query)
        if not lookup.best_index == brute_force_argmax(keys, query) == LOOKUP_I:
            raise RuntimeError(f"the lookup for position {LOOKUP_I} found {lookup.best_index}")
        if len(cache.vertices()) != len(keys):
            raise RuntimeError("a key on the parabola is not a hull vertex")
        found = lookup.best_index

        self.next_section("parabola-keys")
        heading = t.heading("2D heads and the convex hull")
        # The explanation column, on the right as in the hull beats
        column = t.stack(
            [
                t.prose(f"Index lookup: position j → key (2j, {MINUS}j²)", color=t.ACCENT),
                t.prose(f"Query for position i: (i, 1); here i = {LOOKUP_I}", color=t.WARNING),
                t.prose("On a parabola every key is a hull vertex", color=t.SECONDARY),
                Counter("hull search  comparisons:", t.POSITIVE),
                t.prose(
                    f"Score {MINUS}(j {MINUS} i)² + i²: largest exactly at j = i",
                    color=t.HIGHLIGHT,
                ),
                t.prose("A lookup by position is a 2D lookup", color=t.POSITIVE, bold=True),
            ],
            buff=t.GAP_M,
        )
        t.fit_width(column, t.safe_right() - COLUMN_LEFT)
        key_line, query_line, hull_line, counter, score_line, takeaway = column

        # The keys on their parabola, each numbered by its position
        curve = ParametricFunction(
            lambda j: to_parabola_screen(parabola_key(j)),
            t_range=[*PARABOLA_SPAN],
            color=t.MUTED,
            stroke_width=t.THIN_STROKE,
            stroke_opacity=CURVE_OPACITY,
        )
        dots = VGroup(
            *(Dot(to_parabola_screen(k), radius=KEY_RADIUS, color=t.ACCENT) for k in keys)
        ).set_z_index(1)
        numbers = VGroup()
        for j, key in enumerate(keys):
            tangent = np.array([2.0, -2.0 * j]) * PARABOLA_SCALE
            outside = np.append(unit([-tangent[1], tangent[0]]), 0.0)  # away from the hull
            number = t.prose(str(j), size=t.CAPTION_SIZE, color=t.MUTED)
            numbers.add(number.move_to(to_parabola_screen(key) + INDEX_LABEL_GAP * outside))
        column.move_to([COLUMN_LEFT, COLUMN_TOP, 0], aligned_edge=LEFT + UP)
        with self.say(
            "Percepta makes looking back cheap: every lookup head is two-dimensional, "
            "so each key is a point in the plane."
        ) as line:
            self.play(Write(heading))
            line.wait_until("lookup")
            self.play(
                LaggedStart(*(FadeIn(d, scale=0.5) for d in dots), lag_ratio=0.15),
                run_time=line.remaining(),
            )
        with self.say(
            "A lookup by position stores position j as the key two j, minus j squared. "
            "The keys lie on a parabola.",
            caption=f"A lookup by position stores position j as the key (2j, {MINUS}j²). "
            "The keys lie on a parabola.",
        ) as line:
            self.play(FadeIn(key_line, shift=UP * t.NUDGE), run_time=t.FADE_TIME)
            self.play(
                LaggedStart(*(FadeIn(n) for n in numbers), lag_ratio=0.15), run_time=t.DRAW_TIME
            )
            line.wait_until("parabola")
            self.play(Create(curve), run_time=t.MOVE_TIME)

        self.next_section("index-query")  # a direction from the origin, where key 0 sits
        origin = to_parabola_screen((0.0, 0.0))
        direction = parabola_screen_direction(query)
        arrow = Arrow(
            origin,
            origin + LOOKUP_QUERY_LENGTH * direction,
            buff=0,
            color=t.WARNING,
            stroke_width=t.STROKE,
        )
        arrow_label = t.code(f"query ({LOOKUP_I}, 1)", color=t.WARNING)
        arrow_label.next_to(arrow.get_end(), RIGHT, buff=LOOKUP_QUERY_LABEL_GAP)
        with self.say(
            f"To fetch position {LOOKUP_I}, the query is {LOOKUP_I}, 1, drawn from the origin.",
            caption=f"To fetch position {LOOKUP_I}, the query is ({LOOKUP_I}, 1), drawn from the "
            "origin.",
        ) as line:
            self.play(FadeIn(query_line, shift=UP * t.NUDGE), run_time=t.FADE_TIME)
            line.wait_until("drawn")
            self.play(GrowArrow(arrow), FadeIn(arrow_label), run_time=t.MOVE_TIME)
        # The axes are scaled unequally, so the arrow is S^-1 q: square to the score's level
        # lines. One of them waits outside the keys; at the end it slides in to the winner.
        along = np.array([direction[1], -direction[0], 0.0])  # along the level lines

        def reach(mobject: Mobject) -> float:
            """How far along the query ``mobject``'s box reaches from the origin."""
            half = abs(direction[0]) * mobject.width / 2 + abs(direction[1]) * mobject.height / 2
            return float(np.dot(mobject.get_center() - origin, direction)) + half

        park = max(reach(m) for m in [*dots, *numbers]) + LOOKUP_LEVEL_CLEARANCE
        sideways = [float(np.dot(c - origin, along)) for c in map(to_parabola_screen, keys)]
        middle = origin + park * direction + (min(sideways) + max(sideways)) / 2 * along
        level = Line(
            middle - LOOKUP_LEVEL_HALF * along,
            middle + LOOKUP_LEVEL_HALF * along,
            color=t.WARNING,
            stroke_width=t.THIN_STROKE,
        ).set_z_index(3)  # over the hull's edge when it touches
        note = t.prose(
            "The axes are scaled unequally, so the arrow\nis drawn square to the score's "
            "level lines",
            size=t.CAPTION_SIZE,
            color=t.MUTED,
        )
        note.move_to([-t.safe_right(), NOTE_TOP, 0], aligned_edge=LEFT + UP)
        with self.say(
            "The axes are stretched, so the arrow is drawn square to the lines of equal "
            "score, like this one."
        ) as line:
            self.play(FadeIn(note), run_time=t.FADE_TIME)
            line.wait_until("lines")
            self.play(Create(level), run_time=line.remaining())

        self.next_section("parabola-hull")  # the hull passes through every key
        corners = [to_parabola_screen(k) for k in keys]
        ccw = cache.vertices()  # counter-clockwise from key 0: the chord to key 7 first
        order = [ccw[0], *ccw[:0:-1]]  # clockwise: along the keys, then the chord back
        edges = [
            Line(corners[a], corners[b], color=t.SECONDARY, stroke_width=t.THIN_STROKE)
            for a, b in zip(order, [*order[1:], order[0]], strict=True)
        ]
        hull_fill = Polygon(
            *(corners[k] for k in order),
            stroke_width=0,
            fill_color=t.SECONDARY,
            fill_opacity=HULL_FILL_OPACITY,
        )
        with self.say(
            "Draw their convex hull. It passes through every key: on a parabola, each key "
            "is a vertex."
        ) as line:
            self.play(FadeIn(hull_line, shift=UP * t.NUDGE), run_time=t.FADE_TIME)
            for start, edge in zip(order, edges, strict=True):  # each key lights as it is reached
                self.play(
                    Create(edge),
                    Indicate(dots[start], color=t.SECONDARY, scale_factor=2),
                    run_time=HULL_EDGE_TIME,
                )
            self.play(FadeIn(hull_fill), run_time=t.FADE_TIME)

        self.next_section("parabola-search")  # halving the hull's vertices, down to key i
        search = HullSearch(lookup, lambda k: corners[k], dots)
        best = Dot(corners[found], radius=WINNER_RADIUS, color=t.HIGHLIGHT).set_z_index(4)
        with self.say(
            "Binary-search the hull: each comparison drops half of the vertices left. "
            f"After {lookup.steps} comparisons, one is left: key {found}."
        ) as line:
            self.play(Create(search.range), run_time=t.FADE_TIME)
            # probe, then drop, and the ring on the last vertex left before "After" is said
            step_time = (line.until("After") - PROBE_MOVE_TIME) / (2 * lookup.steps)
            if step_time <= 0:
                raise RuntimeError("no time to search before 'After' is said")
            for step in range(lookup.steps):
                self.play(
                    *search.probe(step),
                    *search.compare(step),
                    counter.count(step + 1),
                    run_time=step_time,
                )
                search.drop(self, step, step_time)
            self.play(search.ring.animate.move_to(corners[found]), run_time=PROBE_MOVE_TIME)
            line.wait_until("key")
            self.play(
                FadeOut(search.ring),
                FadeIn(best, scale=2),
                numbers[found].animate.set_color(t.HIGHLIGHT),
                run_time=t.FADE_TIME,
            )

        self.next_section("index-winner")  # the maths agrees: the score's level line
        tangent = Line(
            corners[found] - TANGENT_SPAN * along,
            corners[found] + TANGENT_SPAN * along,
            color=t.WARNING,
            stroke_width=t.STROKE,
        ).set_z_index(3)  # over the hull's edge, which it almost follows
        with self.say(
            f"Its score, minus j minus {LOOKUP_I} squared, plus {LOOKUP_I * LOOKUP_I}, is "
            f"largest exactly at j equals {LOOKUP_I}.",
            caption=f"Its score, {MINUS}(j {MINUS} {LOOKUP_I})² + {LOOKUP_I * LOOKUP_I}, is "
            f"largest exactly at j = {LOOKUP_I}.",
        ):
            # the waiting level line slides in and first touches the parabola at the winner
            self.play(FadeIn(score_line, shift=UP * t.NUDGE), Transform(level, tangent))
        with self.say("A lookup by position is a lookup in two dimensions."):
            self.play(FadeIn(takeaway, shift=UP * t.NUDGE), run_time=t.FADE_TIME)
        self.hold(t.SHORT_PAUSE)  # long enough to read the takeaway
        self.clear_stage(keep=[heading])

    def _any_keys(self) -> None:
        """Any keys: the hull, the query from the origin, the search that halves the range."""
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
        # The column of explanations, built up beat by beat on the right
        column = t.stack(
            [
                t.prose("Head dimension 2: every key is a point"),
                t.prose("The outer keys form the convex hull", color=t.SECONDARY),
                t.prose("The query is a direction from the origin", color=t.WARNING),
                t.prose(
                    "Hard-max attention: the largest dot\nproduct wins, always a hull vertex",
                    color=t.HIGHLIGHT,
                ),
                t.stack(
                    [
                        Counter("hull search  comparisons:", t.POSITIVE),
                        Counter("full scan    scores:", t.WARNING),
                    ],
                    buff=t.GAP_S,
                ),
            ],
            buff=t.GAP_M,
        )
        takeaway = t.card(
            t.stack(
                [
                    t.prose("O(log t) per lookup, not O(t)", color=t.POSITIVE, bold=True),
                    t.prose(
                        "HullKVCache keeps the hull as keys arrive",
                        size=t.CAPTION_SIZE,
                        t2f={"HullKVCache": t.MONO},
                        t2c={"HullKVCache": t.ACCENT},
                    ),
                ],
                buff=t.GAP_S,
            ),
            color=t.POSITIVE,
        )
        panel = t.stack([column, takeaway], buff=t.GAP_M)
        t.fit_width(panel, t.safe_width() / 2 - COLUMN_LEFT)
        panel.move_to([COLUMN_LEFT, COLUMN_TOP, 0], aligned_edge=LEFT + UP)
        key_line, hull_line, query_line, rule_line, counts = column
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
        with self.say("Now take any keys: each is a point."):
            self.play(Create(axes), FadeIn(key_line, shift=UP * t.NUDGE))
            self.play(
                LaggedStart(*(FadeIn(k, scale=0.5) for k in keys), lag_ratio=0.15),
                FadeIn(keys_label),
                run_time=t.DRAW_TIME,
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
            self.play(Create(hull), FadeIn(hull_line, shift=UP * t.NUDGE), run_time=t.DRAW_TIME)
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
            self.play(GrowArrow(query), FadeIn(query_line, shift=UP * t.NUDGE))
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
            self.play(FadeIn(rule_line, shift=UP * t.NUDGE), run_time=t.FADE_TIME)

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
            "HullKVCache keeps the hull up to date as keys arrive.",
            caption="That is O(log t) comparisons per lookup, instead of O(t). Percepta's "
            "HullKVCache keeps the hull up to date as keys arrive.",
        ):
            self.play(FadeIn(takeaway, shift=UP * t.NUDGE))
        self.hold()
        self.clear_stage()
