"""Chapter 6: the cost of looking back, O(t) per step for standard attention vs O(log t) for hull.

Every number on screen is computed by ``scenes.compute.cost`` (or read from its record of the
article's measured race), so the curves and the "at 1 million steps" figures cannot drift from
the model they illustrate.
"""

from __future__ import annotations

import numpy as np
from manim import (
    DL,
    DOWN,
    DR,
    LEFT,
    RIGHT,
    UP,
    Axes,
    Create,
    FadeIn,
    GrowFromEdge,
    Mobject,
    Rectangle,
    VGroup,
    Write,
)

from scenes import theme as t
from scenes.compute.cost import ARTICLE_RACE, hull_cost, scan_cost, total_cost

T_MAX = 64  # keys on the plot's x axis: long enough for log t to flatten out visibly
Y_MAX = 64  # top of the y axis; the O(t) line leaves the plot through it
TICK_STEP = 16
AXIS_X_LENGTH = 4.6
AXIS_Y_LENGTH = 4.0
TICK_LABEL_BUFF = 0.15
ORIGIN_LABEL_BUFF = 0.075  # the corner's 0 sits closer, diagonally
BIG_T = 1_000_000  # the "at 1 million steps" comparison
COLUMN_GAP = 0.5  # between the graph and the right-hand cards
TABLE_COL_GAP = 0.45  # between the columns of the numbers table
ROW_GAP = 0.2  # between the rows of the numbers table and of the bar chart
BAR_HEIGHT = 0.28
CARD_WIDTH = 7.2


def right_align(mobjects: list[Mobject], x: float) -> None:
    """Put every mobject's right edge at ``x`` (a column of numbers)."""
    for mobject in mobjects:
        mobject.shift(RIGHT * (x - mobject.get_right()[0]))


def fixed_card(content: VGroup, color: str) -> t.Card:
    """A ``CARD_WIDTH`` card around ``content``, left-aligned inside its padding.

    (``t.card`` raises if the content does not fit, so every size stays a theme constant.)
    """
    card = t.card(content, color=color, width=CARD_WIDTH)
    content.align_to(card.box, LEFT).shift(RIGHT * t.CARD_PADDING)
    return card


def curve_label(name: str, cost: str, color: str, aligned_edge: np.ndarray = LEFT) -> VGroup:
    """Two lines naming a curve, the method then its cost per step, aligned to one edge."""
    return t.stack(
        [
            t.prose(name, size=t.CAPTION_SIZE, color=color, bold=True),
            t.prose(cost, size=t.CAPTION_SIZE, color=color),
        ],
        buff=t.GAP_XS,
        aligned_edge=aligned_edge,
    )


class QuadraticCost(t.ChapterScene):
    """Scanning every key costs O(t) per step (O(t^2) in all); the hull makes it O(log t)."""

    def build_graph(self) -> tuple[Axes, VGroup, VGroup, VGroup, VGroup, VGroup]:
        """Axes, their hand-made labels (no LaTeX), the two cost curves and their labels."""
        axes = Axes(
            x_range=[0, T_MAX, TICK_STEP],
            y_range=[0, Y_MAX, TICK_STEP],
            x_length=AXIS_X_LENGTH,
            y_length=AXIS_Y_LENGTH,
            tips=False,
            axis_config={"color": t.MUTED, "stroke_width": t.THIN_STROKE},
        )
        ticks = VGroup()
        for value in range(TICK_STEP, T_MAX + 1, TICK_STEP):
            x_tick = t.code(str(value), color=t.MUTED)
            ticks.add(x_tick.next_to(axes.c2p(value, 0), DOWN, buff=TICK_LABEL_BUFF))
        for value in range(TICK_STEP, Y_MAX + 1, TICK_STEP):
            y_tick = t.code(str(value), color=t.MUTED)
            ticks.add(y_tick.next_to(axes.c2p(0, value), LEFT, buff=TICK_LABEL_BUFF))
        origin = t.code("0", color=t.MUTED).next_to(axes.c2p(0, 0), DL, buff=ORIGIN_LABEL_BUFF)
        ticks.add(origin)
        x_label = t.prose("keys to look back over (t)", size=t.CAPTION_SIZE, color=t.MUTED)
        x_label.next_to(ticks, DOWN, buff=t.GAP_S).set_x(axes.get_center()[0])
        y_label = t.prose("dot products per step", size=t.CAPTION_SIZE, color=t.MUTED)
        y_label.next_to(axes, UP, buff=t.GAP_S).align_to(ticks, LEFT)
        axis_labels = VGroup(ticks, x_label, y_label)

        keys = list(range(1, T_MAX + 1))
        scan_keys = [k for k in keys if scan_cost(k) <= Y_MAX]
        scan = axes.plot_line_graph(
            scan_keys,
            [scan_cost(k) for k in scan_keys],
            add_vertex_dots=False,
            line_color=t.WARNING,
        )
        hull = axes.plot_line_graph(
            keys, [hull_cost(k) for k in keys], add_vertex_dots=False, line_color=t.POSITIVE
        )
        scan_label = curve_label("standard attention", "O(t): scans all t keys", t.WARNING)
        scan_label.next_to(axes.c2p(TICK_STEP * 0.25, Y_MAX), DR, buff=0)
        hull_label = curve_label(
            "hull attention", "O(log t): binary search", t.POSITIVE, aligned_edge=RIGHT
        )
        hull_label.next_to(axes.c2p(T_MAX, hull_cost(T_MAX)), UP, buff=t.GAP_S)
        hull_label.align_to(axes.c2p(T_MAX, 0), RIGHT)
        return axes, axis_labels, scan, hull, scan_label, hull_label

    def build_numbers_card(self) -> tuple[t.Card, Mobject, list[VGroup]]:
        """A small table: per-step and whole-run dot products at 1 million steps."""
        title = t.prose(f"At {BIG_T:,} steps", size=t.SUBHEADING_SIZE, color=t.HIGHLIGHT, bold=True)
        header = [
            t.prose("standard", size=t.CAPTION_SIZE, color=t.WARNING, bold=True),
            t.prose("hull", size=t.CAPTION_SIZE, color=t.POSITIVE, bold=True),
        ]
        rows = [
            ("per step", scan_cost(BIG_T), hull_cost(BIG_T)),
            ("in total", total_cost(scan_cost, BIG_T), total_cost(hull_cost, BIG_T)),
        ]
        labels = [t.prose(name, size=t.CAPTION_SIZE) for name, _, _ in rows]
        numbers = [
            [t.code(f"{scan:,}", color=t.WARNING), t.code(f"{hull:,}", color=t.POSITIVE)]
            for _, scan, hull in rows
        ]
        # rows top to bottom, a common left edge for labels, right edges for number columns
        grid_rows = [VGroup(*header)] + [
            VGroup(label, *nums) for label, nums in zip(labels, numbers, strict=True)
        ]
        label_width = max(label.width for label in labels)
        scan_column = [header[0]] + [row[0] for row in numbers]
        hull_column = [header[1]] + [row[1] for row in numbers]
        scan_width = max(cell.width for cell in scan_column)
        hull_width = max(cell.width for cell in hull_column)
        scan_right = label_width + TABLE_COL_GAP + scan_width
        hull_right = scan_right + TABLE_COL_GAP + hull_width
        for label in labels:
            label.align_to([0, 0, 0], LEFT)
        right_align(scan_column, scan_right)
        right_align(hull_column, hull_right)
        y = 0.0
        for row in grid_rows:
            row.set_y(y - row.height / 2)
            y -= row.height + ROW_GAP
        table = VGroup(*grid_rows)
        return fixed_card(t.stack([title, table], buff=t.GAP_M), t.HIGHLIGHT), title, grid_rows

    def build_race_card(self) -> tuple[t.Card, Mobject, VGroup, VGroup, VGroup, VGroup]:
        """The article's measured race: bars proportional to the seconds each cache took."""
        race = ARTICLE_RACE
        title = t.prose(f"The same {race.trace_tokens:,}-token trace", bold=True)
        names = [
            t.prose("hull cache", size=t.CAPTION_SIZE, color=t.POSITIVE),
            t.prose("standard cache", size=t.CAPTION_SIZE, color=t.WARNING),
        ]
        seconds = [race.hull_seconds, race.standard_seconds]
        values = [
            t.code(f"{race.hull_seconds:,} s", color=t.POSITIVE),
            t.code(f"{race.standard_seconds:,} s", color=t.WARNING),
        ]
        name_width = max(name.width for name in names)
        value_width = max(value.width for value in values)
        bar_max = CARD_WIDTH - 2 * t.CARD_PADDING - name_width - value_width - 2 * t.GAP_S
        bars = VGroup()
        rows = VGroup()
        for name, value, secs, color in zip(
            names, values, seconds, (t.POSITIVE, t.WARNING), strict=True
        ):
            bar = Rectangle(
                width=bar_max * secs / max(seconds),
                height=BAR_HEIGHT,
                color=color,
                fill_color=color,
                fill_opacity=1,
                stroke_width=t.THIN_STROKE,
            )
            name.align_to([0, 0, 0], LEFT)
            bar.align_to([name_width + t.GAP_S, 0, 0], LEFT)
            value.next_to(bar, RIGHT, buff=t.GAP_S)
            bars.add(bar)
            rows.add(VGroup(name, bar, value))
        rows.arrange(DOWN, buff=ROW_GAP, aligned_edge=LEFT)
        verdict = t.prose(
            f"hull: {race.hull_tokens_per_s:,} tokens/s, "
            f"about {round(race.speedup, -1):.0f}\N{MULTIPLICATION SIGN} faster",
            size=t.CAPTION_SIZE,
        )
        credit = t.prose("measured by Percepta, 2026", size=t.CAPTION_SIZE, color=t.MUTED)
        footer = t.stack([verdict, credit], buff=t.GAP_XS)
        card = fixed_card(t.stack([title, rows, footer], buff=t.GAP_SM), t.MUTED)
        return card, title, VGroup(*names), bars, VGroup(*values), footer

    def construct(self) -> None:
        self.next_section("axes")
        title = t.heading("The cost of looking back")

        # Layout: the graph on the left, the numbers on the right, centred as one composition
        axes, axis_labels, scan, hull, scan_label, hull_label = self.build_graph()
        graph = VGroup(axes, axis_labels, scan, hull, scan_label, hull_label)
        numbers_card, numbers_title, number_rows = self.build_numbers_card()
        race_card, race_title, names, bars, values, footer = self.build_race_card()
        cards = t.stack([numbers_card, race_card], buff=t.GAP_SM)
        layout = VGroup(graph, cards).arrange(RIGHT, buff=COLUMN_GAP, aligned_edge=UP)
        top = title.get_bottom()[1] - t.GAP_M
        bottom = -(t.safe_height() / 2)
        layout.move_to([0, (top + bottom) / 2, 0])
        cards.set_y(layout.get_y())
        graph.set_y(layout.get_y())

        race = ARTICLE_RACE
        with self.say("A transformer looks back with attention."):
            self.play(Write(title))
        with self.say(
            "Every token it writes leaves a key: a short list of numbers. The token being "
            "written asks with a query, another list of numbers."
        ):
            pass
        with self.say(
            "The dot product of the query with a key scores how well they match, and hard-max "
            "attention takes the one key with the highest score."
        ):
            pass
        with self.say(
            "The model keeps every key it has seen, with its value, in the KV cache. "
            "To find the best one, standard attention scores them all.",
            caption="The model keeps every key it has seen, with its value, in the KV cache "
            "(key-value cache). To find the best one, standard attention scores them all.",
        ) as line:
            self.play(Create(axes), FadeIn(axis_labels), run_time=line.remaining())

        self.next_section("standard-attention")  # every step scores every earlier key
        with self.say(
            "So a step with t keys behind it computes t dot products. "
            "Looking back at just two tokens still means scanning every earlier one."
        ) as line:
            self.play(Create(scan), FadeIn(scan_label), run_time=t.DRAW_TIME)

        self.next_section("hull-attention")  # a binary search over the hull
        with self.say(
            "A hull cache computes only about log t dot products per step, in a binary search. "
            "The next chapter shows why."
        ):
            self.play(Create(hull), FadeIn(hull_label), run_time=t.DRAW_TIME)

        self.next_section("million-steps")
        with self.say(
            f"At a million steps, that is {scan_cost(BIG_T):,} dot products per step, "
            f"against {hull_cost(BIG_T)}. These counts come from the model, not a stopwatch."
        ) as line:
            self.play(FadeIn(numbers_card.box), Write(numbers_title), run_time=t.MOVE_TIME)
            for row in number_rows:
                self.play(FadeIn(row, shift=RIGHT * t.NUDGE), run_time=t.FADE_TIME)

        self.next_section("measured-race")
        with self.say(
            f"Percepta did time it, on one trace of {race.trace_tokens:,} tokens. "
            f"Their hull cache took {race.hull_seconds} seconds. "
            f"The standard cache took {race.standard_seconds} seconds, "
            f"about {round(race.speedup, -1):.0f} times slower."
        ) as line:
            self.play(FadeIn(race_card.box), FadeIn(race_title), run_time=t.MOVE_TIME)
            line.wait_until("Their")
            self.play(
                FadeIn(names),
                *(GrowFromEdge(bar, LEFT) for bar in bars),
                run_time=t.DRAW_TIME,
            )
            self.play(FadeIn(values), run_time=t.FADE_TIME)
            line.wait_until("about")
            self.play(FadeIn(footer, shift=UP * t.NUDGE), run_time=t.MOVE_TIME)
        self.wait(t.SHORT_PAUSE)  # time to read the footer
        self.hold()
        self.clear_stage()
