"""Chapter 7: 2D attention heads: keys are points, the query is a direction, the hull answers.

With head dimension 2 every key is a point in the plane. Hard-max attention returns the key
with the largest dot product with the query, and that key is always a vertex of the keys'
convex hull: the point where a line perpendicular to the query first touches the hull. Keeping
the hull and binary-searching it finds the key in O(log t) instead of scanning all t keys.
Before the hull, a concrete reason keys are 2D: the index lookup stores position j as the key
(2j, -j^2), on a parabola, and the query (i, 1) scores -(j - i)^2 + i^2, largest at j = i.
Keys, hull, query, winner and the search's probes all come from ``scenes.compute.hull``.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from manim import (
    LEFT,
    RIGHT,
    UP,
    Arrow,
    Circle,
    Create,
    DashedLine,
    Dot,
    FadeIn,
    GrowArrow,
    LaggedStart,
    Line,
    Mobject,
    ParametricFunction,
    Polygon,
    Succession,
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
QUERY_LENGTH = 1.8  # the query arrow's length in key space: a direction, so any length
SWEEP_START = 2.75  # the supporting line's first offset along the query (outside the hull)
SWEEP_SPAN = (-1.2, 1.1)  # the supporting line's extent along its own direction
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
# The index-lookup beat: keys j = 0..7 on a parabola, scaled unequally to fit a small plot
LOOKUP_POSITIONS = range(8)  # the positions j whose keys are drawn
LOOKUP_I = 5  # the position the query asks for
PARABOLA_ORIGIN = np.array([-6.2, 1.8, 0.0])  # where key (0, 0) (position 0) sits on screen
# screen units per key-space unit along x and y: the ratio 0.2 puts the tangent at j = 5 at
# 45 degrees, where the parabola bends most visibly
PARABOLA_SCALE = np.array([0.38, 0.076])
PARABOLA_SPAN = (-0.4, 7.4)  # the faint curve's extent, in positions j
INDEX_LABEL_GAP = 0.3  # from a key to its position number, towards the inside of the curve
LOOKUP_QUERY_SPAN = (0.35, 1.5)  # the query arrow along its direction, from the winner out
LOOKUP_QUERY_LABEL_GAP = 0.15  # from the query arrow's tip up to its label (which ends there)
TANGENT_SPAN = 0.9  # half-length of the winning score's level line (tangent to the curve)
CURVE_OPACITY = 0.5
TABLE_LABEL_WIDTH = 5  # characters of the score table's row labels ("j", "score")
TABLE_CELL_WIDTH = 3  # characters per position in the score table
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


def supporting_line(direction: np.ndarray, offset: float) -> DashedLine:
    """The line perpendicular to the query at ``offset`` along it: a level set of the score."""
    normal = np.array([-direction[1], direction[0]])
    start = offset * direction + SWEEP_SPAN[0] * normal
    end = offset * direction + SWEEP_SPAN[1] * normal
    return DashedLine(
        to_screen(start), to_screen(end), color=t.HIGHLIGHT, stroke_width=t.THIN_STROKE
    )


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


def chain_path(indices: Sequence[int], color: str, width: float) -> VMobject:
    """A polyline through the keys with these indices (a hull chain)."""
    path = VMobject(color=color, stroke_width=width)
    path.set_points_as_corners([to_screen(SCENE_KEYS[i]) for i in indices])
    return path


class HullHeads(t.ChapterScene):
    """Keys as points, the convex hull, the query as a direction, and the O(log t) search."""

    def construct(self) -> None:
        cache = HullCache(SCENE_KEYS)
        direction = unit(SCENE_QUERY)
        answer = cache.query(SCENE_QUERY)
        if answer.best_index != brute_force_argmax(SCENE_KEYS, SCENE_QUERY):
            raise RuntimeError("the hull search and the full scan disagree on the best key")
        winner = SCENE_KEYS[answer.best_index]
        best_offset = dot(winner, direction)  # the winner's score for the unit direction

        self.next_section("parabola-keys")
        heading = t.heading("2D heads and the convex hull")
        with self.say(
            "Percepta makes looking back cheap with one choice: every lookup head is "
            "two-dimensional. Each key is just a point in the plane."
        ):
            self.play(Write(heading))

        self._index_lookup()  # a lookup by position is a 2D lookup (keys on a parabola)
        self.clear_stage(keep=[heading])

        self.next_section("keys")
        # The column of explanations, built up beat by beat on the right
        column = t.stack(
            [
                t.prose("Head dimension 2: every key is a point"),
                t.prose("The outer keys form the convex hull", color=t.SECONDARY),
                t.prose("The query is a direction, not a point", color=t.WARNING),
                t.prose(
                    "Hard-max attention: the largest dot\nproduct wins, always a hull vertex",
                    color=t.HIGHLIGHT,
                ),
                t.stack(
                    [
                        t.code(self._search_line(answer.steps)),
                        t.code(f"full scan:   {len(SCENE_KEYS):>2} scores", color=t.MUTED),
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
        with self.say("Now take any keys. With head dimension two, every key is a point."):
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
            "Stretch a rubber band around them: that outline is their convex hull. "
            "The keys it touches are its vertices."
        ) as line:
            self.play(Create(hull), FadeIn(hull_line, shift=UP * t.NUDGE), run_time=t.DRAW_TIME)
            line.wait_until("convex")
            self.play(FadeIn(hull_label), run_time=t.FADE_TIME)

        self.next_section("query")  # a direction from the origin
        query = Arrow(
            to_screen((0, 0)),
            to_screen(QUERY_LENGTH * direction),
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
            "The query is a direction. Its dot product with a key says how far that key "
            "reaches along it."
        ):
            self.play(GrowArrow(query), FadeIn(query_line, shift=UP * t.NUDGE))
            self.play(FadeIn(query_label), run_time=t.FADE_TIME)

        self.next_section("supporting-line")
        # Sweep a line perpendicular to the query in from outside: the first key it touches wins
        offset = ValueTracker(SWEEP_START)
        sweep = always_redraw(lambda: supporting_line(direction, offset.get_value()))
        with self.say(
            "Slide a line across, square to the query, in from far outside. "
            "The first key it touches has the largest dot product."
        ) as line:
            self.play(Create(sweep), run_time=t.FADE_TIME)
            self.play(offset.animate.set_value(best_offset), run_time=line.until("first"))
        sweep.clear_updaters()
        best = Dot(to_screen(winner), radius=WINNER_RADIUS, color=t.HIGHLIGHT).set_z_index(2)
        best_label = beyond_line(
            t.prose("best key", size=t.CAPTION_SIZE, color=t.HIGHLIGHT),
            direction,
            best_offset,
            along=BEST_LABEL_ALONG,
        )
        with self.say(
            "That is the key hard-max attention picks, and it is always a vertex of the hull."
        ):
            self.play(
                FadeIn(best, scale=2), FadeIn(best_label), FadeIn(rule_line, shift=UP * t.NUDGE)
            )

        self.next_section("hull-search")  # along the upper chain, one probe at a time
        lower, upper = cache.chains()
        chain = upper if direction[1] > 0 else lower
        chain_mark = chain_path(chain, t.SECONDARY, t.STROKE + 3)
        ring = Circle(radius=PROBE_RADIUS, color=t.TEXT, stroke_width=t.THIN_STROKE)
        ring.move_to(to_screen(SCENE_KEYS[answer.probes[0]])).set_z_index(3)
        shown = t.code(self._search_line(1)).move_to(search_count, aligned_edge=LEFT)
        with self.say(
            "So keep only the hull, and binary-search along it. Each comparison halves the "
            "vertices left to check."
        ):
            self.play(Create(chain_mark), run_time=t.MOVE_TIME)
            self.play(Create(ring), FadeIn(shown), run_time=t.FADE_TIME)
        with self.say(
            f"Here, {answer.steps} comparisons find the key that a full scan needs "
            f"{len(SCENE_KEYS)} scores to find."
        ):
            for step, probe in enumerate(answer.probes[1:], start=2):
                nxt = t.code(self._search_line(step)).move_to(search_count, aligned_edge=LEFT)
                self.play(
                    Succession(
                        ring.animate(run_time=PROBE_MOVE_TIME).move_to(
                            to_screen(SCENE_KEYS[probe])
                        ),
                        Transform(shown, nxt, run_time=PROBE_MOVE_TIME / 2),
                    )
                )
            self.play(FadeIn(scan_count, shift=UP * t.NUDGE))

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

    def _index_lookup(self) -> None:
        """Keys (2j, -j^2) on a parabola; the query (i, 1) picks exactly position i."""
        keys = [parabola_key(j) for j in LOOKUP_POSITIONS]
        query = index_query(LOOKUP_I)
        found = HullCache(keys).query(query).best_index
        if not found == brute_force_argmax(keys, query) == LOOKUP_I:
            raise RuntimeError(f"the lookup for position {LOOKUP_I} found key {found}")
        scores = [round(dot(key, query)) for key in keys]

        # The explanation column, on the right as in the hull beat
        def row(label: str, cells: Sequence[int]) -> str:
            return f"{label:<{TABLE_LABEL_WIDTH}}" + "".join(
                f"{cell:>{TABLE_CELL_WIDTH}}" for cell in cells
            )

        table_lines = [row("j", LOOKUP_POSITIONS), row("score", scores)]
        table = t.code_block(table_lines, color=t.MUTED)
        column = t.stack(
            [
                t.prose(f"Index lookup: position j → key (2j, {MINUS}j²)", color=t.ACCENT),
                t.prose(
                    f"Query (i, 1) scores {MINUS}(j {MINUS} i)² + i²; here i = {LOOKUP_I}",
                    color=t.WARNING,
                ),
                table,
                t.prose(f"Largest exactly at j = i: key {found} wins", color=t.HIGHLIGHT),
                t.prose("A lookup by position is a 2D lookup", color=t.POSITIVE, bold=True),
            ],
            buff=t.GAP_M,
        )
        t.fit_width(column, t.safe_right() - COLUMN_LEFT)
        column.move_to([COLUMN_LEFT, 0, 0], aligned_edge=LEFT)
        key_line, query_line, _, winner_line, takeaway = column
        start = TABLE_LABEL_WIDTH + TABLE_CELL_WIDTH * found  # the winner's cells, in characters
        winner_cells = VGroup(
            *(
                t.glyph_span(text_row, line, start, start + TABLE_CELL_WIDTH)
                for text_row, line in zip(table, table_lines, strict=True)
            )
        )

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
        )
        numbers = VGroup()
        for j, key in enumerate(keys):
            tangent = np.array([2.0, -2.0 * j]) * PARABOLA_SCALE
            inside = np.append(unit([tangent[1], -tangent[0]]), 0.0)  # the concave side
            number = t.prose(str(j), size=t.CAPTION_SIZE, color=t.MUTED)
            numbers.add(number.move_to(to_parabola_screen(key) + INDEX_LABEL_GAP * inside))
        column.set_y(VGroup(curve, numbers).get_center()[1])
        with self.say(
            "Take a lookup by position. Position j is stored as the key two j, minus j "
            "squared: the keys lie on a parabola.",
            caption=f"Take a lookup by position. Position j is stored as the key (2j, {MINUS}j²): "
            "the keys lie on a parabola.",
        ):
            self.play(Create(curve), FadeIn(key_line, shift=UP * t.NUDGE), run_time=t.MOVE_TIME)
            self.play(
                LaggedStart(*(FadeIn(d, scale=0.5) for d in dots), lag_ratio=0.15),
                LaggedStart(*(FadeIn(n) for n in numbers), lag_ratio=0.15),
                run_time=t.DRAW_TIME,
            )

        self.next_section("index-query")  # the query for position i, and every key's score
        winner = to_parabola_screen(keys[found])
        direction = parabola_screen_direction(query)
        arrow = Arrow(
            winner + LOOKUP_QUERY_SPAN[0] * direction,
            winner + LOOKUP_QUERY_SPAN[1] * direction,
            buff=0,
            color=t.WARNING,
            stroke_width=t.STROKE,
        )
        arrow_label = t.code(f"query ({LOOKUP_I}, 1)", color=t.WARNING)
        arrow_label.next_to(arrow.get_end(), UP, buff=LOOKUP_QUERY_LABEL_GAP, aligned_edge=RIGHT)
        with self.say(
            f"To fetch position {LOOKUP_I}, the query is {LOOKUP_I}, 1. Its dot product with key "
            f"j is minus j minus {LOOKUP_I} squared, plus {LOOKUP_I * LOOKUP_I}.",
            caption=f"To fetch position {LOOKUP_I}, the query is ({LOOKUP_I}, 1). Its dot "
            f"product with key j is {MINUS}(j {MINUS} {LOOKUP_I})² + {LOOKUP_I * LOOKUP_I}.",
        ):
            self.play(
                GrowArrow(arrow), FadeIn(arrow_label), FadeIn(query_line, shift=UP * t.NUDGE)
            )
            self.play(FadeIn(table, shift=UP * t.NUDGE), run_time=t.FADE_TIME)

        self.next_section("index-winner")
        # The winner: the score's level line touches the parabola at j = i
        along = np.array([direction[1], -direction[0], 0.0])
        level = DashedLine(
            winner - TANGENT_SPAN * along,
            winner + TANGENT_SPAN * along,
            color=t.HIGHLIGHT,
            stroke_width=t.THIN_STROKE,
        )
        best = Dot(winner, radius=WINNER_RADIUS, color=t.HIGHLIGHT).set_z_index(2)
        with self.say(
            f"The score is largest exactly at j equals {LOOKUP_I}: the wanted position wins."
        ):
            self.play(
                Create(level),
                FadeIn(best, scale=2),
                numbers[found].animate.set_color(t.HIGHLIGHT),
                winner_cells.animate.set_color(t.HIGHLIGHT),
                FadeIn(winner_line, shift=UP * t.NUDGE),
            )
        with self.say("A lookup by position is a lookup in two dimensions."):
            self.play(FadeIn(takeaway, shift=UP * t.NUDGE), run_time=t.FADE_TIME)
        self.hold()

    @staticmethod
    def _search_line(steps: int) -> str:
        """The counter's text; padded so the counts line up with the full scan's."""
        noun = "comparison" if steps == 1 else "comparisons"
        return f"hull search: {steps:>2} {noun}"
