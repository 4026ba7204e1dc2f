"""Chapter 9's pictures: the opcode circle with one unit's threshold line and activations,
and the byte adder whose carry moves from one byte to the next.

Every position comes from ``scenes.compute.feed_forward``: a dot sits at its opcode's point
times the circle's radius, the threshold line at the unit's threshold along its direction,
each activation bar is as tall as the activation the unit computes, each byte of the adder
is one the adder computed, in its column.
"""

from __future__ import annotations

import math
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

DOT_RADIUS = 0.06
NAMED = ("i32.const", "i32.add", "output", "halt")  # the opcodes labelled on the circle
LABEL_OUT = 0.3  # how far outside the circle an opcode's label starts
CHORD_MARGIN = 0.15  # how far the threshold line reaches past the circle at each end
DIMMED = 0.3  # the opacity of an opcode that scores below the line
RECAP_DIMMED = 0.6  # the same in the recap's small picture, where dots are few pixels
BAR_WIDTH = 0.07
BAR_GAP = 0.04
BAR_HEIGHT = 1.6  # the height of an activation of 1
ZERO_TICK = 0.02  # a zero activation: a flat tick on the baseline, still visible


def on_plane(point: Sequence[float]) -> np.ndarray:
    return np.array([point[0], point[1], 0.0])


class OpcodeCircle(VGroup):
    """Every opcode a dot on a circle, at its index's angle; a few of them named."""

    def __init__(self, center: Sequence[float], radius: float) -> None:
        super().__init__()
        self.origin, self.radius = on_plane(center), radius
        self.ring = Circle(radius=radius, color=palette.MUTED, stroke_width=style.THIN_STROKE)
        self.ring.move_to(self.origin)
        self.dots = VGroup(
            *(Dot(self.at(i), radius=DOT_RADIUS, color=palette.ACCENT) for i in self.indices)
        )
        self.labels = VGroup(*(self._label(name) for name in NAMED))
        self.released = drawing.prose(
            f"released code: x\u00b2 + y\u00b2 = {ff.RELEASED_RADIUS_SQUARED}",
            size=style.CAPTION_SIZE,
            color=palette.MUTED,
        ).next_to(self.ring, DOWN, buff=style.GAP_M)
        self.add(self.ring, self.dots, self.labels, self.released)

    @property
    def indices(self) -> range:
        return range(len(ff.OPCODES))

    def at(self, index: int) -> np.ndarray:
        """The screen point of opcode ``index``: its point on the unit circle, scaled."""
        return self.origin + self.radius * on_plane(ff.opcode_point(index))

    def direction(self, index: int) -> np.ndarray:
        return on_plane(ff.opcode_point(index))

    def _label(self, name: str) -> Mobject:
        index = ff.opcode_index(name)
        label = drawing.code(name, size=style.CAPTION_SIZE, color=palette.MUTED)
        outward = self.direction(index)
        # the label's box reaches back to the anchor and no further: its extent along the
        # outward direction is |x| w/2 + |y| h/2, so long names grow away from the circle
        reach = abs(outward[0]) * label.width / 2 + abs(outward[1]) * label.height / 2
        label.move_to(self.at(index) + (LABEL_OUT + reach) * outward)
        return label

    def label_of(self, name: str) -> Mobject:
        return self.labels[NAMED.index(name)]

    def unit_arrow(self, index: int) -> Arrow:
        """The unit's weights: the opcode's own point, as an arrow from the centre."""
        return Arrow(
            self.origin,
            self.at(index),
            buff=DOT_RADIUS,
            color=palette.QUERY,
            stroke_width=style.STROKE,
            max_tip_length_to_length_ratio=0.1,
        )

    def level_line(self, index: int, level: float) -> DashedLine:
        """Every point that scores ``level`` for this unit: the chord across its direction at
        ``level`` radii from the centre, a little longer than the circle's."""
        direction = self.direction(index)
        across = np.array([-direction[1], direction[0], 0.0])
        half = self.radius * math.sqrt(max(0.0, 1 - level * level)) + CHORD_MARGIN
        middle = self.origin + level * self.radius * direction
        return DashedLine(
            middle - half * across,
            middle + half * across,
            color=palette.QUERY,
            stroke_width=style.THIN_STROKE,
            dash_length=style.DASH / 2,
        )

    def sweep(self, unit: int) -> tuple[DashedLine, Animation]:
        """The level line slides from the far side to the unit's threshold; every opcode it
        passes scores less and dims. Returns the line (starting at the far side) and the
        animation that leaves it at the threshold."""
        scores, threshold = ff.unit_scores(unit), ff.unit_threshold()
        line = self.level_line(unit, -1.0)

        def update(moving: Mobject, alpha: float) -> None:
            level = -1.0 + alpha * (threshold + 1.0)
            moving.become(self.level_line(unit, level))
            for dot, score in zip(self.dots, scores, strict=True):
                dot.set_opacity(DIMMED if score < level else 1.0)

        return line, UpdateFromAlphaFunc(line, update)


class ActivationBars(VGroup):
    """One bar per opcode, in index order: how strongly the unit fires for it (its ReLU)."""

    def __init__(self, unit: int, left: Sequence[float]) -> None:
        super().__init__()
        self.unit = unit
        self.activations = ff.unit_activations(unit)
        span = len(self.activations) * (BAR_WIDTH + BAR_GAP) - BAR_GAP
        self.baseline = Line(ORIGIN, RIGHT * span, color=palette.MUTED)
        self.baseline.move_to(on_plane(left), aligned_edge=LEFT)
        self.bars = VGroup(*(self._bar(i, a) for i, a in enumerate(self.activations)))
        self.one = drawing.code("1", color=palette.HIGHLIGHT)
        self.one.next_to(self.bars[unit], UP, buff=style.GAP_S)
        self.zero = drawing.code("0", color=palette.MUTED)
        self.zero.next_to(self.baseline.get_left(), DOWN, buff=style.GAP_S)
        self.name = drawing.code(ff.OPCODES[unit], size=style.CAPTION_SIZE, color=palette.MUTED)
        self.name.next_to(self.bars[unit], DOWN, buff=style.GAP_S)
        self.add(self.baseline, self.bars, self.one, self.zero, self.name)

    def x_of(self, index: int) -> float:
        return self.baseline.get_left()[0] + index * (BAR_WIDTH + BAR_GAP) + BAR_WIDTH / 2

    def _bar(self, index: int, activation: float) -> Mobject:
        """A bar as tall as the activation; a zero is a flat tick on the baseline."""
        height = max(activation * BAR_HEIGHT, ZERO_TICK)
        color = palette.HIGHLIGHT if activation > 0 else palette.MUTED
        bar = Rectangle(width=BAR_WIDTH, height=height, stroke_width=0)
        bar.set_fill(color, opacity=1)
        bar.move_to([self.x_of(index), self.baseline.get_y(), 0], aligned_edge=DOWN)
        return bar

    def zeros(self) -> list[Mobject]:
        return [bar for i, bar in enumerate(self.bars) if i != self.unit]


class ByteAdder(VGroup):
    """Two i32 values as 4 byte columns each, lowest byte on the left as the trace writes
    them, their values on the right; under the rule, the bytes the adder writes."""

    def __init__(self, second: int, top: int, center: Sequence[float], column: float) -> None:
        super().__init__()
        self.steps = ff.add_bytes(second, top)
        self.column, self.origin = column, on_plane(center)
        operands = ([s.second for s in self.steps], [s.top for s in self.steps])
        self.rows = VGroup(*(self._row(bytes_, k) for k, bytes_ in enumerate(operands)))
        half = column * ff.BYTES / 2
        self.rule = Line(LEFT * half, RIGHT * half, color=palette.MUTED)
        self.rule.move_to([self.origin[0], (self.y_of(1) + self.y_of(2)) / 2, 0])
        self.plus = drawing.code("+", size=style.HEADING_SIZE, color=palette.MUTED)
        self.plus.move_to([self.x_of(-0.7), self.y_of(1), 0])
        self.values = VGroup(
            *(self._value(v, k, palette.MUTED) for k, v in enumerate((second, top)))
        )
        self.total = self._value(ff.sum_of(self.steps), 2, palette.HIGHLIGHT)
        self.results = VGroup(*(self._cell(s.token, 2, i) for i, s in enumerate(self.steps)))
        self.results.set_color(palette.HIGHLIGHT)
        self.mark_note = drawing.prose(
            f"{ff.CARRY_MARK} marks a carry, in the released code's byte token",
            size=style.CAPTION_SIZE,
            color=palette.MUTED,
        )
        self.mark_note.move_to([self.x_of(0), self.y_of(2.75), 0], aligned_edge=LEFT)
        self.mark_note.shift(LEFT * self.column * 0.4)
        self.add(self.rows, self.rule, self.plus, self.values)

    def x_of(self, index: float) -> float:
        return self.origin[0] + (index - (ff.BYTES - 1) / 2) * self.column

    def y_of(self, row: float) -> float:
        """Rows 0 and 1 the operands, 2 the result; -1 the carry slot over them."""
        return self.origin[1] + (0.5 - row) * style.GAP_L * 1.4

    def _cell(self, text: str, row: float, index: int, size: float | None = None) -> Mobject:
        """Text whose first two glyphs (a byte's digits) sit centred on the column: a carry
        mark hangs to their right."""
        cell = drawing.code(text, size=size or style.HEADING_SIZE)
        digits = drawing.glyph_span(cell, text, 0, 2)
        cell.shift([self.x_of(index), self.y_of(row), 0] - digits.get_center())
        return cell

    def _row(self, bytes_: Sequence[int], row: int) -> VGroup:
        return VGroup(*(self._cell(ff.hex_byte(b), row, i) for i, b in enumerate(bytes_)))

    def _value(self, value: int, row: int, color: str) -> Mobject:
        text = drawing.code(f"= {value}", size=style.SUBHEADING_SIZE, color=color)
        text.move_to([self.x_of(ff.BYTES - 0.35), self.y_of(row), 0], aligned_edge=LEFT)
        return text

    def sum_in_hex(self, index: int) -> tuple[Mobject, Mobject]:
        """A column's sum in hex on its result slot, as two texts that read as one: its high
        digit (the carry) and its two low digits (the byte), where the result byte goes."""
        text = f"{self.steps[index].value:03X}"
        whole = drawing.code(text, size=style.HEADING_SIZE)  # sets where each part sits
        whole.shift([self.x_of(index), self.y_of(2), 0] - whole[1:].get_center())
        high, low = (drawing.code(part, size=style.HEADING_SIZE) for part in (text[0], text[1:]))
        return high.move_to(whole[0]), low.move_to(whole[1:])

    def carry_slot(self, index: int) -> Mobject:
        """The carry into column ``index``, where it is read: on the result row, on the
        column's result slot, before that byte is written."""
        carry = drawing.code("1", size=style.HEADING_SIZE, color=palette.ACCENT)
        return carry.move_to([self.x_of(index), self.y_of(2), 0])

    def column_frame(self, index: int) -> Mobject:
        """A frame around one column, from its carry slot to its result."""
        top, bottom = self.y_of(-1.2), self.y_of(2.5)
        frame = Rectangle(
            width=self.column * 0.95,  # room for the hex sum's high digit
            height=top - bottom,
            color=palette.TEXT,
            stroke_width=style.THIN_STROKE,
        )
        return frame.move_to([self.x_of(index), (top + bottom) / 2, 0])


def recap_picture(radius: float = 0.6) -> VGroup:
    """Chapter 9 in small, for the recap: the opcode circle, add's unit and its dot lit."""
    circle = OpcodeCircle((0, 0), radius)
    unit = ff.opcode_index("i32.add")
    for index, dot in enumerate(circle.dots):
        if index != unit:
            dot.set_opacity(RECAP_DIMMED)
    circle.dots[unit].set_color(palette.HIGHLIGHT).scale(1.5)
    arrow = circle.unit_arrow(unit).set_stroke(width=style.THIN_STROKE)
    return VGroup(circle.ring, circle.dots, arrow)
