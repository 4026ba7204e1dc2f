"""Chapter 9's pictures: the opcode circle with one unit's threshold line and activations,
and the byte adder whose carry moves from one byte to the next.

Every position comes from ``scenes.compute.feed_forward``: a dot sits at its opcode's point
times the circle's radius, the threshold line at the unit's threshold along its direction,
each activation bar is as tall as the activation the unit computes.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from manim import (
    DOWN,
    LEFT,
    ORIGIN,
    RIGHT,
    UP,
    Animation,
    Arrow,
    Circle,
    DashedLine,
    Dot,
    Line,
    Mobject,
    Rectangle,
    UpdateFromAlphaFunc,
    VGroup,
)

from scenes import drawing, palette, style
from scenes.compute import feed_forward as ff

CIRCLE_RADIUS = 1.9
DOT_RADIUS = 0.06
NAMED = ("i32.const", "i32.add", "output", "halt")  # the opcodes labelled on the circle
LABEL_OUT = 0.45  # how far outside the circle an opcode's label sits
BAR_WIDTH = 0.07
BAR_HEIGHT = 1.6  # the height of an activation of 1
BAR_GAP = 0.04
LINE_HALF = 0.5  # half the threshold line's length, in radii
DIMMED = 0.35  # the opacity of an opcode the unit scores zero


class OpcodeCircle(VGroup):
    """Every opcode a dot on a circle, at its index's angle; a few of them named."""

    def __init__(self, center: Sequence[float], radius: float = CIRCLE_RADIUS) -> None:
        super().__init__()
        self.origin = np.array([*center[:2], 0.0])
        self.radius = radius
        self.ring = Circle(radius=radius, color=palette.MUTED, stroke_width=style.THIN_STROKE)
        self.ring.move_to(self.origin)
        self.dots = VGroup(
            *(Dot(self.at(i), radius=DOT_RADIUS, color=palette.ACCENT) for i in self.indices)
        )
        self.labels = VGroup(*(self._label(name) for name in NAMED))
        self.add(self.ring, self.dots, self.labels)

    @property
    def indices(self) -> range:
        return range(len(ff.OPCODES))

    def at(self, index: int) -> np.ndarray:
        """The screen point of opcode ``index``: its point on the unit circle, scaled."""
        x, y = ff.opcode_point(index)
        return self.origin + self.radius * np.array([x, y, 0.0])

    def direction(self, index: int) -> np.ndarray:
        return (self.at(index) - self.origin) / self.radius

    def _label(self, name: str) -> Mobject:
        index = ff.opcode_index(name)
        label = drawing.code(name, size=style.CAPTION_SIZE, color=palette.MUTED)
        outward = self.direction(index)
        anchor = self.at(index) + LABEL_OUT * outward
        # the label's box reaches back to the anchor and no further: its extent along the
        # outward direction is |x| w/2 + |y| h/2, so long names grow away from the circle
        reach = abs(outward[0]) * label.width / 2 + abs(outward[1]) * label.height / 2
        label.move_to(anchor + reach * outward)
        return label

    def label_of(self, name: str) -> Mobject:
        return self.labels[NAMED.index(name)]

    def unit_arrow(self, index: int) -> Arrow:
        """The unit's weights: the opcode's own point, as an arrow from the centre."""
        return Arrow(
            self.origin,
            self.at(index),
            buff=0,
            color=palette.QUERY,
            stroke_width=style.STROKE,
            max_tip_length_to_length_ratio=0.12,
        )

    def threshold_line(self, index: int, level: float) -> DashedLine:
        """The line of every point that scores ``level`` for this unit: across its direction,
        at ``level`` times the radius from the centre, spanning the circle."""
        direction = self.direction(index)
        across = np.array([-direction[1], direction[0], 0.0])
        half = self.radius * LINE_HALF
        middle = self.origin + level * self.radius * direction
        return DashedLine(
            middle - half * across,
            middle + half * across,
            color=palette.QUERY,
            stroke_width=style.THIN_STROKE,
            dash_length=style.DASH,
        )

    def sweep(self, unit: int) -> tuple[DashedLine, Animation]:
        """The threshold line slides in from the far side to its place; every opcode it passes
        scores below it and dims. Returns the line (at its place) and the animation."""
        scores, threshold = ff.unit_scores(unit), ff.unit_threshold()
        line = self.threshold_line(unit, -1.0)
        start = line.copy()

        def update(moving: Mobject, alpha: float) -> None:
            level = -1.0 + alpha * (threshold + 1.0)
            moving.become(start.copy().shift((level + 1.0) * self.radius * self.direction(unit)))
            for dot, score in zip(self.dots, scores, strict=True):
                dot.set_opacity(DIMMED if score < level else 1.0)

        return line, UpdateFromAlphaFunc(line, update)


class ActivationBars(VGroup):
    """One bar per opcode: how strongly the unit fires for it (ReLU past its threshold)."""

    def __init__(self, unit: int, left: Sequence[float]) -> None:
        super().__init__()
        self.activations = ff.unit_activations(unit)
        self.baseline = Line(ORIGIN, RIGHT * self._span(), color=palette.MUTED)
        self.baseline.move_to(np.array([*left[:2], 0.0]), aligned_edge=LEFT)
        self.bars = VGroup(*(self._bar(i, a) for i, a in enumerate(self.activations)))
        self.add(self.baseline, self.bars)

    def _span(self) -> float:
        return len(ff.OPCODES) * (BAR_WIDTH + BAR_GAP) - BAR_GAP

    def x_of(self, index: int) -> float:
        return self.baseline.get_left()[0] + index * (BAR_WIDTH + BAR_GAP) + BAR_WIDTH / 2

    def _bar(self, index: int, activation: float) -> Mobject:
        """A bar as tall as the activation; a zero is a flat tick on the baseline."""
        height = max(activation * BAR_HEIGHT, style.THIN_STROKE / 100)
        color = palette.HIGHLIGHT if activation > 0 else palette.MUTED
        bar = Rectangle(width=BAR_WIDTH, height=height, stroke_width=0)
        bar.set_fill(color, opacity=1)
        bar.move_to([self.x_of(index), self.baseline.get_y(), 0], aligned_edge=DOWN)
        return bar

    def bar_of(self, index: int) -> Mobject:
        return self.bars[index]


class ByteAdder(VGroup):
    """Two i32 values as 4 byte columns each, lowest byte on the left as the trace writes
    them; a carry slot over each column and a result row under the rule."""

    def __init__(self, second: int, top: int, center: Sequence[float], column: float) -> None:
        super().__init__()
        self.steps = ff.add_bytes(second, top)
        self.column = column
        self.origin = np.array([*center[:2], 0.0])
        rows = [[s.second for s in self.steps], [s.top for s in self.steps]]
        self.rows = VGroup(*(self._row(bytes_, k) for k, bytes_ in enumerate(rows)))
        width = column * ff.BYTES
        self.rule = Line(LEFT * width / 2, RIGHT * width / 2, color=palette.MUTED)
        self.rule.move_to(self.origin + DOWN * 1.5 * style.GAP_L)
        self.plus = drawing.code("+", color=palette.MUTED).next_to(self.rows[1], LEFT)
        self.values = VGroup(
            *(
                drawing.code(str(v), size=style.CAPTION_SIZE, color=palette.MUTED).next_to(
                    row, RIGHT, buff=style.GAP_M
                )
                for v, row in zip((second, top), self.rows, strict=True)
            )
        )
        self.results = VGroup(*(self._cell(s.token, 2, i) for i, s in enumerate(self.steps)))
        self.results.set_color(palette.HIGHLIGHT)
        self.carries = VGroup(
            *(self._carry(i + 1) for i, s in enumerate(self.steps[:-1]) if s.carry_out)
        )
        self.add(self.rows, self.rule, self.plus, self.values)

    def x_of(self, index: int) -> float:
        return self.origin[0] + (index - (ff.BYTES - 1) / 2) * self.column

    def y_of(self, row: int) -> float:
        return self.origin[1] + (0.5 - row) * style.GAP_L * 1.5

    def _cell(self, text: str, row: int, index: int) -> Mobject:
        cell = drawing.code(text, size=style.SUBHEADING_SIZE)
        # the byte's two digits sit on the column; a carry mark hangs to their right
        digits = drawing.glyph_span(cell, text, 0, 2)
        cell.shift([self.x_of(index), self.y_of(row), 0] - digits.get_center())
        return cell

    def _row(self, bytes_: Sequence[int], row: int) -> VGroup:
        return VGroup(*(self._cell(ff.hex_byte(b), row, i) for i, b in enumerate(bytes_)))

    def _carry(self, index: int) -> Mobject:
        """A carry into column ``index``, small, over its top byte."""
        carry = drawing.code("1", size=style.CAPTION_SIZE, color=palette.ACCENT)
        return carry.next_to(self.rows[0][index], UP, buff=style.GAP_S)

    def column_frame(self, index: int) -> Mobject:
        """A frame around one column, from its carry slot to its result."""
        top, bottom = self.y_of(-0.6), self.y_of(2.45)
        frame = Rectangle(
            width=self.column * 0.9,
            height=top - bottom,
            color=palette.TEXT,
            stroke_width=style.THIN_STROKE,
        )
        return frame.move_to([self.x_of(index), (top + bottom) / 2, 0])
