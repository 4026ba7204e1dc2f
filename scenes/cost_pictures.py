"""The cost of looking back, drawn for chapter 6: the two cost curves (``CostGraph``), the
counts at a million steps (``NumbersCard``) and the article's measured race (``RaceCard``),
laid out together under the heading (``CostBoard``).

Standard attention is WARNING; the hull, its curve and its cache are SECONDARY, as in
chapter 7. Every number is counted by ``scenes.compute.cost`` or quoted from its
``MeasuredRace``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
from manim import (
    DL,
    DOWN,
    DR,
    LEFT,
    RIGHT,
    UP,
    Axes,
    Mobject,
    Rectangle,
    RoundedRectangle,
    VGroup,
)

from scenes import drawing, palette, style
from scenes.compute.cost import MeasuredRace, hull_cost, scan_cost, total_cost

CARD_WIDTH = 7.1  # both cards, so they stack into one column
ROW_GAP = 0.2  # between the rows of the numbers table and of the bar chart


def right_align(mobjects: list[Mobject], x: float) -> None:
    """Put every mobject's right edge at ``x`` (a column of numbers)."""
    for mobject in mobjects:
        mobject.shift(RIGHT * (x - mobject.get_right()[0]))


def fixed_box(content: VGroup, color: str) -> RoundedRectangle:
    """A ``CARD_WIDTH`` card's box around ``content``, which it left-aligns in its padding.

    (``drawing.card`` raises if the content does not fit, so every size stays a theme constant.)
    """
    box = drawing.card(content, color=color, width=CARD_WIDTH).box
    content.align_to(box, LEFT).shift(RIGHT * style.CARD_PADDING)
    return box


def curve_label(name: str, cost: str, color: str, aligned_edge: np.ndarray = LEFT) -> VGroup:
    """Two lines naming a curve, the method then its cost per step, aligned to one edge."""
    return drawing.stack(
        [
            drawing.prose(name, size=style.CAPTION_SIZE, color=color, bold=True),
            drawing.prose(cost, size=style.CAPTION_SIZE, color=color),
        ],
        buff=style.GAP_XS,
        aligned_edge=aligned_edge,
    )


class CostGraph(VGroup):
    """Dot products per step against the keys behind it: standard attention's straight line
    (``scan``) and the hull's flat log curve (``hull``), each with its label, on axes
    labelled by hand (``axes``, ``axis_labels``: no LaTeX)."""

    T_MAX = 64  # keys on the x axis: long enough for log t to flatten out visibly
    Y_MAX = 64  # top of the y axis; the O(t) line leaves the plot through it
    TICK_STEP = 16
    X_LENGTH = 4.4
    Y_LENGTH = 4.0
    TICK_LABEL_BUFF = 0.15
    ORIGIN_LABEL_BUFF = 0.075  # the corner's 0 sits closer, diagonally

    def __init__(self) -> None:
        super().__init__()
        self.axes = Axes(
            x_range=[0, self.T_MAX, self.TICK_STEP],
            y_range=[0, self.Y_MAX, self.TICK_STEP],
            x_length=self.X_LENGTH,
            y_length=self.Y_LENGTH,
            tips=False,
            axis_config={"color": palette.MUTED, "stroke_width": style.THIN_STROKE},
        )
        self.axis_labels = self.label_axes()
        keys = list(range(1, self.T_MAX + 1))
        scan_keys = [k for k in keys if scan_cost(k) <= self.Y_MAX]
        self.scan = self.curve(scan_keys, scan_cost, palette.WARNING)
        self.hull = self.curve(keys, hull_cost, palette.SECONDARY)
        self.scan_label = curve_label(
            "standard attention", "O(t): scans all t keys", palette.WARNING
        )
        self.scan_label.next_to(self.axes.c2p(self.TICK_STEP * 0.25, self.Y_MAX), DR, buff=0)
        self.hull_label = curve_label(
            "hull attention", "O(log t): binary search", palette.SECONDARY, aligned_edge=RIGHT
        )
        self.hull_label.next_to(
            self.axes.c2p(self.T_MAX, hull_cost(self.T_MAX)), UP, buff=style.GAP_S
        )
        self.hull_label.align_to(self.axes.c2p(self.T_MAX, 0), RIGHT)
        self.add(
            self.axes, self.axis_labels, self.scan, self.hull, self.scan_label, self.hull_label
        )

    def label_axes(self) -> VGroup:
        """Tick numbers on both axes, the corner's 0, and the axes' names."""
        axes = self.axes
        ticks = VGroup()
        for value in range(self.TICK_STEP, self.T_MAX + 1, self.TICK_STEP):
            x_tick = drawing.code(str(value), color=palette.MUTED)
            ticks.add(x_tick.next_to(axes.c2p(value, 0), DOWN, buff=self.TICK_LABEL_BUFF))
        for value in range(self.TICK_STEP, self.Y_MAX + 1, self.TICK_STEP):
            y_tick = drawing.code(str(value), color=palette.MUTED)
            ticks.add(y_tick.next_to(axes.c2p(0, value), LEFT, buff=self.TICK_LABEL_BUFF))
        origin = drawing.code("0", color=palette.MUTED)
        ticks.add(origin.next_to(axes.c2p(0, 0), DL, buff=self.ORIGIN_LABEL_BUFF))
        x_label = drawing.prose(
            "keys behind the step (t)", size=style.CAPTION_SIZE, color=palette.MUTED
        )
        x_label.next_to(ticks, DOWN, buff=style.GAP_S).set_x(axes.get_center()[0])
        y_label = drawing.prose(
            "dot products per step", size=style.CAPTION_SIZE, color=palette.MUTED
        )
        y_label.next_to(axes, UP, buff=style.GAP_S).align_to(ticks, LEFT)
        return VGroup(ticks, x_label, y_label)

    def curve(self, keys: list[int], cost: Callable[[int], int], color: str) -> VGroup:
        """The cost ``cost(k)`` of a step with k keys behind it, for each of ``keys``."""
        return self.axes.plot_line_graph(
            keys, [cost(k) for k in keys], add_vertex_dots=False, line_color=color
        )


class NumbersCard(drawing.Card):
    """A small table, counted from the cost formulas, not timed: dot products per step and
    in a whole run of ``steps`` steps, standard cache against hull cache.

    ``rows`` are the table's header and its two rows, shown one by one.
    """

    COLUMN_GAP = 0.4  # between the table's columns

    def __init__(self, steps: int):
        title = drawing.prose(
            f"Counted at {steps:,} steps",
            size=style.SUBHEADING_SIZE,
            color=palette.HIGHLIGHT,
            bold=True,
        )
        rows = self.table(steps)
        note = drawing.prose(
            "counts from formulas, not timed", size=style.CAPTION_SIZE, color=palette.MUTED
        )
        content = drawing.stack([title, VGroup(*rows), note], buff=style.GAP_SM)
        super().__init__(fixed_box(content, palette.HIGHLIGHT), content)
        self.title, self.rows, self.note = title, rows, note

    def table(self, steps: int) -> list[VGroup]:
        """Header and rows top to bottom: labels share a left edge, numbers their column's
        right edge."""
        header = [
            drawing.prose("standard", size=style.CAPTION_SIZE, color=palette.WARNING, bold=True),
            drawing.prose("hull", size=style.CAPTION_SIZE, color=palette.SECONDARY, bold=True),
        ]
        counts = [
            ("per step", scan_cost(steps), hull_cost(steps)),
            ("in total", total_cost(scan_cost, steps), total_cost(hull_cost, steps)),
        ]
        labels = [drawing.prose(name, size=style.CAPTION_SIZE) for name, _, _ in counts]
        numbers = [
            [
                drawing.code(f"{scan:,}", color=palette.WARNING),
                drawing.code(f"{hull:,}", color=palette.SECONDARY),
            ]
            for _, scan, hull in counts
        ]
        rows = [VGroup(*header)] + [
            VGroup(label, *nums) for label, nums in zip(labels, numbers, strict=True)
        ]
        scan_column = [header[0]] + [row[0] for row in numbers]
        hull_column = [header[1]] + [row[1] for row in numbers]
        label_width = max(label.width for label in labels)
        scan_right = label_width + self.COLUMN_GAP + max(cell.width for cell in scan_column)
        hull_right = scan_right + self.COLUMN_GAP + max(cell.width for cell in hull_column)
        for label in labels:
            label.align_to([0, 0, 0], LEFT)
        right_align(scan_column, scan_right)
        right_align(hull_column, hull_right)
        y = 0.0
        for row in rows:
            row.set_y(y - row.height / 2)
            y -= row.height + ROW_GAP
        return rows


class RaceCard(drawing.Card):
    """The article's measured race, credited: a bar per cache, proportional to the seconds it
    took (``names``, ``bars``, ``values``), and the speed-up under them (``footer``)."""

    BAR_HEIGHT = 0.28

    def __init__(self, race: MeasuredRace):
        title = drawing.prose(f"Measured on one {race.trace_tokens:,}-token trace", bold=True)
        names = VGroup(
            drawing.prose("hull cache", size=style.CAPTION_SIZE, color=palette.SECONDARY),
            drawing.prose("standard cache", size=style.CAPTION_SIZE, color=palette.WARNING),
        )
        values = VGroup(
            drawing.code(f"{race.hull_seconds:,} s", color=palette.SECONDARY),
            drawing.code(f"{race.standard_seconds:,} s", color=palette.WARNING),
        )
        rows, bars = bar_rows(
            names, values, [race.hull_seconds, race.standard_seconds],
            colors=(palette.SECONDARY, palette.WARNING), height=self.BAR_HEIGHT,
        )  # fmt: skip
        verdict = drawing.prose(
            f"hull: {race.hull_tokens_per_s:,} tokens/s, "
            f"about {round(race.speedup, -1):.0f}\N{MULTIPLICATION SIGN} faster",
            size=style.CAPTION_SIZE,
        )
        credit = drawing.prose(
            "measured by Percepta, 2026", size=style.CAPTION_SIZE, color=palette.MUTED
        )
        footer = drawing.stack([verdict, credit], buff=style.GAP_XS)
        content = drawing.stack([title, rows, footer], buff=style.GAP_SM)
        super().__init__(fixed_box(content, palette.MUTED), content)
        self.title, self.names, self.bars, self.values, self.footer = (
            title, names, bars, values, footer
        )  # fmt: skip


def bar_rows(
    names: VGroup, values: VGroup, seconds: list[float], colors: Sequence[str], height: float
) -> tuple[VGroup, VGroup]:
    """A bar chart's rows, one per name: the name, its bar in its colour (the longest fills
    the rest of a card's width), its value. Returns the rows and the bars."""
    name_width = max(name.width for name in names)
    value_width = max(value.width for value in values)
    bar_max = CARD_WIDTH - 2 * style.CARD_PADDING - name_width - value_width - 2 * style.GAP_S
    bars = VGroup()
    rows = VGroup()
    for name, value, secs, color in zip(names, values, seconds, colors, strict=True):
        bar = Rectangle(
            width=bar_max * secs / max(seconds),
            height=height,
            color=color,
            fill_color=color,
            fill_opacity=1,
            stroke_width=style.THIN_STROKE,
        )
        name.align_to([0, 0, 0], LEFT)
        bar.align_to([name_width + style.GAP_S, 0, 0], LEFT)
        value.next_to(bar, RIGHT, buff=style.GAP_S)
        bars.add(bar)
        rows.add(VGroup(name, bar, value))
    return rows.arrange(DOWN, buff=ROW_GAP, aligned_edge=LEFT), bars


class CostBoard(VGroup):
    """The chapter's last picture: the cost graph on the left and, stacked on the right, the
    counted numbers over the measured race; centred in the stage under ``title``."""

    COLUMN_GAP = 0.45  # between the graph and the cards
    DOCKED_SCALE = 0.8  # the sweep, docked over the cards: its smallest text stays legible

    def __init__(self, title: Mobject, steps: int, race: MeasuredRace):
        super().__init__()
        self.graph = CostGraph()
        self.numbers = NumbersCard(steps)
        self.race = RaceCard(race)
        self.cards = drawing.stack([self.numbers, self.race], buff=style.GAP_SM)
        self.add(self.graph, self.cards)
        self.arrange(RIGHT, buff=self.COLUMN_GAP, aligned_edge=UP)
        top = title.get_bottom()[1] - style.GAP_M
        bottom = -(drawing.safe_height() / 2)
        self.move_to([0, (top + bottom) / 2, 0])
        self.cards.set_y(self.get_y())
        self.graph.set_y(self.get_y())

    def dock(self, picture: Mobject) -> tuple[np.ndarray, np.ndarray]:
        """Where ``picture`` goes to make room: scaled by ``DOCKED_SCALE`` about the returned
        pivot (its top centre), then shifted by the returned vector to the cards' top."""
        pivot = np.array([picture.get_x(), picture.get_top()[1], 0])
        shift = np.array([self.cards.get_x(), self.cards.get_top()[1], 0]) - pivot
        return pivot, shift
