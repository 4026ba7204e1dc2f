"""Pictures of 2D attention heads: keys as points in a plane, their hull, a query direction.

A ``KeyPlot`` maps key space to the screen with one scale on both axes, so angles and
distances stay true, and every picture here is placed through it: a ``KeyCloud`` of key dots,
their ``Hull``, a ``QueryArrow`` from the origin, ``LevelLine``s square to the query (a
``SupportingLine`` is the one that touches the best key; a ``SlidingLine`` slides it in),
``KeyRing``s that mark one key each, and the ``HullSearch`` that halves a chain of hull
vertices. A key's score is drawn as its ``Projection`` onto the query; ``ChainScores``
writes each chain vertex's score beside it and a ``ScoreProfile`` plots them (one peak).
Each picture keeps what it stands for (key indices, the query's direction, a line's offset
along it), so a test can compare the drawing with the numbers. The machine's own lookup
(its stack keys on a parabola) builds on these in ``scenes.stack_pictures``.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    Animation,
    Arrow,
    Circle,
    Create,
    DashedLine,
    Dot,
    FadeIn,
    FadeOut,
    FadeTransform,
    Line,
    Mobject,
    Polygon,
    Rotate,
    ValueTracker,
    VGroup,
    VMobject,
    always_redraw,
)

from scenes import drawing, palette, stage, style
from scenes.compute.hull import HullQuery, brute_force_argmax

Point = Sequence[float]


def unit(vector: Point) -> np.ndarray:
    """``vector`` scaled to length 1, so a dot product with it is a distance along it."""
    v = np.asarray(vector, dtype=float)
    return v / np.linalg.norm(v)


def across(direction: Point) -> np.ndarray:
    """``direction`` turned a quarter to the left: the way a level line square to it runs."""
    return np.array([-direction[1], direction[0]])


class KeyPlot(VGroup):
    """Key space on screen, drawn as its two axes: ``to_screen`` puts a key where it sits.

    One scale, ``unit`` screen units per key unit, on both axes: a query's direction on
    screen is its direction in key space, and a line square to it stays square.
    """

    AXIS_OPACITY = 0.6  # the axes recede behind the keys

    def __init__(self, origin: Point, unit: float, x_range: Point, y_range: Point) -> None:
        super().__init__()
        self.origin = np.array([origin[0], origin[1], 0.0])  # where key (0, 0) sits
        self.unit = unit
        (x_lo, x_hi), (y_lo, y_hi) = x_range, y_range
        self.add(
            Line(self.to_screen((x_lo, 0)), self.to_screen((x_hi, 0))),
            Line(self.to_screen((0, y_lo)), self.to_screen((0, y_hi))),
        )
        self.set_stroke(palette.MUTED, width=style.THIN_STROKE, opacity=self.AXIS_OPACITY)

    def to_screen(self, point: Point) -> np.ndarray:
        """A key-space point on screen."""
        return self.origin + self.unit * np.array([point[0], point[1], 0.0])

    def to_key_space(self, screen: Point) -> np.ndarray:
        """A screen point back in key space (the inverse of ``to_screen``)."""
        return (np.asarray(screen, dtype=float)[:2] - self.origin[:2]) / self.unit

    def place(self, label: Mobject, center: Point) -> Mobject:
        """Centre ``label`` on a key-space point (labels sit in the plot's own coordinates)."""
        return label.move_to(self.to_screen(center))

    def place_beyond(
        self, label: Mobject, direction: np.ndarray, offset: float, along: float
    ) -> Mobject:
        """Put ``label`` just past the line {x : x . direction = offset}, on the far side.

        ``along`` slides it along the line (towards the left of ``direction`` when positive).
        The label's half-extent along ``direction`` keeps its whole box clear of the line.
        """
        clearance = 0.12  # key-space gap between the line and the label's box
        half_w, half_h = label.width / 2 / self.unit, label.height / 2 / self.unit
        reach = half_w * abs(direction[0]) + half_h * abs(direction[1])
        center = (offset + clearance + reach) * direction + along * across(direction)
        return self.place(label, center)


class KeyMark(Dot):
    """A larger dot over one key (the one a search found); ``key`` says which."""

    def __init__(self, center: np.ndarray, key: int, radius: float, color: str) -> None:
        super().__init__(center, radius=radius, color=color)
        self.key = key


class KeyRing(Circle):
    """A ring around one key; ``key`` says which (an index into its ``KeyCloud``)."""

    RADIUS = 0.19  # the ring on a probe of the search, or on the key a lookup returns

    def __init__(
        self,
        center: np.ndarray | Mobject,
        key: int,
        color: str,
        radius: float = RADIUS,
        stroke_width: float = style.THIN_STROKE,
        z_index: int = 3,
    ) -> None:
        super().__init__(radius=radius, color=color, stroke_width=stroke_width)
        self.key = key
        self.move_to(center).set_z_index(z_index)


class KeyCloud(VGroup):
    """One dot per key, in key order: ``self[k]`` is key k's dot, ``at(k)`` where it sits."""

    KEY_RADIUS = 0.07

    def __init__(self, plot: KeyPlot, points: Sequence[Point]) -> None:
        super().__init__()
        self.plot = plot
        self.key_points = [tuple(p) for p in points]
        for point in points:
            self.add(Dot(plot.to_screen(point), radius=self.KEY_RADIUS, color=palette.ACCENT))
        self.set_z_index(1)  # above the hull's edges and the lines

    def at(self, key: int) -> np.ndarray:
        """Where key ``key`` sits on screen."""
        return self.plot.to_screen(self.key_points[key])

    def located(self, key: int) -> np.ndarray:
        """Where key ``key``'s dot is drawn, back in key space (for checks)."""
        return self.plot.to_key_space(self[key].get_center())

    def arrive(self, point: Point) -> Dot:
        """Key ``point`` arrives: its dot joins the cloud as the next key (not yet played)."""
        self.key_points.append(tuple(point))
        dot = Dot(self.plot.to_screen(point), radius=self.KEY_RADIUS, color=palette.ACCENT)
        self.add(dot.set_z_index(1))
        return dot

    def ring(self, key: int, color: str, **style) -> KeyRing:
        """A ``KeyRing`` around key ``key`` (``style``: radius, stroke_width, z_index)."""
        return KeyRing(self.at(key), key, color, **style)

    def scan_ring(self, direction: Point, color: str, radius: float = KeyRing.RADIUS) -> KeyRing:
        """A ring on the key a full scan picks: the highest score among the keys as drawn."""
        drawn = [tuple(self.located(k)) for k in range(len(self))]
        return self.ring(brute_force_argmax(drawn, direction), color, radius=radius)

    def move_ring(self, ring: KeyRing, key: int) -> Animation:
        """Move ``ring`` on to key ``key``."""
        ring.key = key
        return ring.animate.move_to(self.at(key))


class Hull(Polygon):
    """The keys' convex hull: the outline a rubber band would make around them.

    ``vertex_keys`` are the key indices of its vertices, in order round the outline.
    """

    FILL_OPACITY = 0.08

    def __init__(self, cloud: KeyCloud, vertex_keys: Sequence[int]) -> None:
        super().__init__(
            *(cloud.at(k) for k in vertex_keys),
            color=palette.SECONDARY,
            stroke_width=style.THIN_STROKE,
            fill_color=palette.SECONDARY,
            fill_opacity=self.FILL_OPACITY,
        )
        self.vertex_keys = tuple(vertex_keys)


class QueryArrow(Arrow):
    """The query, an arrow from the plot's origin: a direction, so its length is free.

    ``direction`` is the query's unit direction. It may be drawn pointing elsewhere first
    (``heading``) and ``turn`` onto it; ``pointing`` measures where it points on screen.
    """

    def __init__(
        self, plot: KeyPlot, direction: np.ndarray, length: float, heading: Point | None = None
    ) -> None:
        self.direction = direction
        self.heading = direction if heading is None else np.asarray(heading, dtype=float)
        self.origin = plot.to_screen((0, 0))
        super().__init__(
            self.origin,
            plot.to_screen(length * self.heading),
            buff=0,
            color=palette.QUERY,
            stroke_width=style.STROKE,
        )

    def turn(self) -> Animation:
        """Rotate about the origin from where it points on to the query's direction."""
        angle = float(np.arctan2(self.direction[1], self.direction[0])) - float(
            np.arctan2(self.heading[1], self.heading[0])
        )
        self.heading = self.direction
        return Rotate(self, angle=angle, about_point=self.origin)

    def pointing(self) -> np.ndarray:
        """The unit direction the arrow is drawn in (equal scales: the same in key space)."""
        return unit((self.get_end() - self.get_start())[:2])


class LevelLine(DashedLine):
    """A dashed line square to the unit query ``direction`` through key-space ``center``,
    ``half`` key units each way: every point on it scores ``offset``, its distance along the
    query; ``side`` is how far across the query its centre sits."""

    def __init__(
        self, plot: KeyPlot, direction: np.ndarray, center: Point, half: float, color: str
    ) -> None:
        middle = plot.to_screen(center)
        along = np.append(across(direction), 0.0)
        reach = half * plot.unit
        super().__init__(
            middle - reach * along,
            middle + reach * along,
            color=color,
            stroke_width=style.THIN_STROKE,
        )
        self.direction = direction
        self.offset = float(np.dot(center, direction))
        self.side = float(np.dot(center, across(direction)))


class SupportingLine(LevelLine):
    """The level line at ``offset`` along the query, ``side`` across it (level with the key it
    is to touch): once no key lies beyond it, the key it touches scores highest."""

    def __init__(
        self,
        plot: KeyPlot,
        direction: np.ndarray,
        offset: float,
        half: float,
        side: float = 0.0,
    ) -> None:
        center = offset * direction + side * across(direction)
        super().__init__(plot, direction, center, half, palette.QUERY)
        self.offset, self.side = offset, side


class SlidingLine:
    """A ``SupportingLine`` that slides along its query: ``line`` is redrawn each frame at
    ``offset``'s value until it is frozen or settled."""

    def __init__(
        self, plot: KeyPlot, direction: np.ndarray, start: float, half: float, side: float = 0.0
    ) -> None:
        self.plot, self.direction, self.half, self.side = plot, direction, half, side
        self.offset = ValueTracker(start)
        self.line = always_redraw(lambda: self.at(self.offset.get_value()))

    def at(self, offset: float) -> SupportingLine:
        """The line, still, at ``offset``."""
        return SupportingLine(self.plot, self.direction, offset, self.half, self.side)

    def slide_to(self, offset: float) -> Animation:
        """Slide the line to ``offset`` along the query."""
        return self.offset.animate.set_value(offset)

    def freeze(self) -> SupportingLine:
        """Stop redrawing: the line stays where it is, and says so."""
        self.line.clear_updaters()
        self.line.offset = self.offset.get_value()
        return self.line


class HullSearch:
    """The binary search of a ``HullQuery`` drawn on its hull chain, step by step.

    The range still in play is a thick SECONDARY path over the chain; the probe is a TEXT
    ring (``ring``), with a level line through it; the neighbour it is compared with gets a
    smaller ring; the half a comparison drops fades to MUTED and goes, and its keys fade back.
    Nothing here is coloured as the winner: the chapter does that once the range has closed.
    """

    RANGE_STROKE = 7  # the hull vertices still in play, drawn over the hull's edge
    DROPPED_OPACITY = 0.3  # keys the search has dropped fade back
    NEIGHBOUR_RADIUS = 0.14  # the smaller ring on the neighbour a probe is compared with
    LEVEL_HALF = 0.8  # half-length of the level line through a probe, in key units
    BEST_RADIUS = 0.11  # the winner's mark, a larger dot over its key

    def __init__(self, answer: HullQuery, cloud: KeyCloud, direction: np.ndarray) -> None:
        self.answer, self.cloud, self.direction = answer, cloud, direction
        self.range: VMobject | None = self.path(answer.range_keys(0))
        self.ring = cloud.ring(answer.probes[0], palette.TEXT)
        self.neighbour: KeyRing | None = None

    def path(self, keys: Sequence[int]) -> VMobject:
        """The chain through these keys, drawn as the range in play."""
        path = VMobject(stroke_color=palette.SECONDARY, stroke_width=self.RANGE_STROKE)
        path.set_points_as_corners([self.cloud.at(k) for k in keys])
        return path

    def level(self, step: int) -> LevelLine:
        """The level line through comparison ``step``'s probe: its score."""
        probe = self.cloud.key_points[self.answer.probes[step]]
        return LevelLine(self.cloud.plot, self.direction, probe, self.LEVEL_HALF, palette.TEXT)

    def probe(self, step: int) -> list[Animation]:
        """Animations that put the ring on comparison ``step``'s probe."""
        if step == 0:
            return [Create(self.ring)]  # the ring starts there
        return [self.cloud.move_ring(self.ring, self.answer.probes[step])]

    def compare(self, step: int) -> list[Animation]:
        """Animations that mark the neighbour the probe is compared with (next along the chain)."""
        after = self.answer.chain[self.answer.probe_position(step) + 1]
        self.neighbour = self.cloud.ring(after, palette.TEXT, radius=self.NEIGHBOUR_RADIUS)
        return [Create(self.neighbour)]

    def best_offset(self) -> float:
        """How far along the query the best key's drawn dot sits: where the supporting line
        touches it."""
        return float(np.dot(self.cloud.located(self.answer.best_index), self.direction))

    def best_side(self) -> float:
        """How far across the query the best key's drawn dot sits: a supporting line centred
        level with it reaches it, however long the line."""
        return float(np.dot(self.cloud.located(self.answer.best_index), across(self.direction)))

    def supporting_line(self, start: float, half: float) -> SlidingLine:
        """The line that will slide in and touch the best key: centred on the query's axis
        if the key is within its reach, else level with the key, so it always reaches it."""
        side = self.best_side()
        reach = half - 2 * self.cloud.KEY_RADIUS / self.cloud.plot.unit  # the dot, whole
        return SlidingLine(
            self.cloud.plot, self.direction, start, half, side=0.0 if abs(side) <= reach else side
        )

    def best_mark(self) -> KeyMark:
        """The winner's mark (HIGHLIGHT), over the dot of the key the search closed on."""
        best = self.answer.best_index
        return KeyMark(self.cloud.at(best), best, self.BEST_RADIUS, palette.HIGHLIGHT).set_z_index(
            4
        )

    def compared(self, step: int) -> tuple[int, int]:
        """The chain positions comparison ``step`` compares: the probe and its neighbour."""
        mid = self.answer.probe_position(step)
        return mid, mid + 1

    def close(self) -> Animation:
        """Move the ring on to the one vertex the range has closed on."""
        return self.cloud.move_ring(self.ring, self.answer.best_index)

    def drop(self, scene: stage.ChapterScene, step: int, run_time: float, *extra: Mobject) -> None:
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
        dropped = answer.dropped(step)
        scene.play(
            gone_path.animate.set_stroke(palette.MUTED, opacity=0),
            *(self.cloud[k].animate.set_opacity(self.DROPPED_OPACITY) for k in dropped),
            *(FadeOut(m) for m in leaving),
            run_time=run_time,
        )
        scene.remove(gone_path)
        self.neighbour = None


class Counter(VGroup):
    """A counter in the column: a fixed label (``.label``) and a number (``.number``) that
    counts up, right-aligned ``CHARS`` monospace characters from the label's left edge so
    the hull search's and the full scan's counts line up."""

    CHARS = 16  # a counter's line, label and number, in monospace characters

    def __init__(self, label: str, color: str) -> None:
        super().__init__()
        self.ink = color
        self.label = drawing.code(label, color=color)
        self.number = self.numeral(0)
        self.shown = False
        self.add(self.label, self.number)

    def numeral(self, count: int) -> Mobject:
        """The number ``count``, in place at the end of the counter's line."""
        number = drawing.code(str(count), color=self.ink)
        advance = (
            drawing.code("0" * 9).width - drawing.code("0").width
        ) / 8  # one monospace character
        right = self.label.get_left()[0] + self.CHARS * advance
        number.shift(RIGHT * (right - number.get_right()[0]))
        return drawing.set_baseline(number, drawing.baseline(self.label))

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


def score_text(score: float) -> str:
    """A score as the hull chapter writes it: one decimal (enough to tell neighbours apart)."""
    return f"{score:.1f}"


class Projection(VGroup):
    """How far one key reaches along the query: a dashed drop from the key's dot, square to
    the query, to its ``foot`` on the query's line; the ``reach`` from the origin to that
    foot, drawn (TEXT) over the query's arrow; and its ``score``, the reach's length, as a
    number beside it."""

    LABEL_GAP = 0.28  # key units from the foot to the number, across the query

    def __init__(self, cloud: KeyCloud, key: int, direction: np.ndarray) -> None:
        super().__init__()
        plot = cloud.plot
        self.key, self.direction = key, direction
        self.score = float(np.dot(cloud.key_points[key], direction))
        self.foot = plot.to_screen(self.score * direction)
        self.drop = DashedLine(
            cloud.at(key), self.foot, color=palette.MUTED, stroke_width=style.THIN_STROKE
        )
        self.reach = Line(plot.to_screen((0, 0)), self.foot, color=palette.TEXT)
        self.reach.set_stroke(width=style.STROKE + 3).set_z_index(2)  # over the query's arrow
        side = -np.sign(np.dot(cloud.key_points[key], across(direction))) or 1.0
        self.label = drawing.code(score_text(self.score), color=palette.QUERY)
        plot.place(
            self.label, (self.score / 2) * direction + side * self.LABEL_GAP * across(direction)
        )
        self.add(self.drop, self.reach, self.label)


class ChainScores(VGroup):
    """Each vertex's score along the hull chain a search runs on, in chain order: ``self[i]``
    is the number for chain position ``i``, set just outside the hull beyond its vertex."""

    OUTSIDE = 0.42  # key units from a vertex to its number's centre, away from the hull

    def __init__(self, cloud: KeyCloud, hull: Hull, chain: Sequence[int], scores: Sequence[float]):
        super().__init__()
        self.chain, self.scores = tuple(chain), tuple(scores)
        centre = np.mean([cloud.key_points[k] for k in hull.vertex_keys], axis=0)
        for key, score in zip(chain, scores, strict=True):
            point = np.asarray(cloud.key_points[key])
            label = drawing.code(score_text(score), size=style.CAPTION_SIZE, color=palette.TEXT)
            self.add(cloud.plot.place(label, point + self.OUTSIDE * unit(point - centre)))

    def peak(self) -> int:
        """The chain position of the highest score."""
        return int(np.argmax(self.scores))


class ScoreProfile(VGroup):
    """The scores along a hull chain as a profile, in chain order: one dot per vertex at its
    score's height (``dots``), joined left to right (``trace``), over a zero line (``zero``),
    with its label; the highest dot is ``peak``. It rises to that one peak, then falls."""

    WIDTH = 3.2  # screen units, first vertex to last
    UNIT = 0.45  # screen units per unit of score
    DOT_RADIUS = 0.06

    def __init__(self, scores: Sequence[float], left_middle: Point) -> None:
        super().__init__()
        self.scores = tuple(scores)
        x0, y0 = left_middle
        step = self.WIDTH / max(1, len(scores) - 1)
        points = [np.array([x0 + i * step, y0 + s * self.UNIT, 0.0]) for i, s in enumerate(scores)]
        self.zero = DashedLine(
            [x0, y0, 0], [x0 + self.WIDTH, y0, 0], color=palette.MUTED, stroke_width=1
        )
        self.trace = VMobject(stroke_color=palette.TEXT, stroke_width=style.THIN_STROKE)
        self.trace.set_points_as_corners(points)
        self.dots = VGroup(
            *(Dot(p, radius=self.DOT_RADIUS, color=palette.TEXT).set_z_index(1) for p in points)
        )
        self.peak = self.dots[int(np.argmax(self.scores))]
        self.label = drawing.prose("scores along the top", size=style.CAPTION_SIZE)
        self.label.next_to(VGroup(self.zero, self.dots), DOWN, buff=style.GAP_S)
        self.label.align_to(self.zero, LEFT)
        self.add(self.zero, self.trace, self.dots, self.label)
