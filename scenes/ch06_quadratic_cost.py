"""Chapter 6: attention in brief, then the cost of looking back: O(t) per step vs O(log t).

First, attention on five keys: a query scores every key by a dot product and hard max picks
the highest (``scenes.compute.attention``). Then the same query sweeps a growing trace while
a counter climbs, one dot product per key (``scenes.compute.cost``), and the counts become
the cost curves. The "at 1 million steps" figures are counted from the same formulas; the
race is the article's measurement, credited as such.
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
    CurvedArrow,
    FadeIn,
    FadeOut,
    GrowFromEdge,
    Indicate,
    Mobject,
    Rectangle,
    RoundedRectangle,
    SurroundingRectangle,
    Transform,
    VGroup,
    Write,
)

from scenes import theme as t
from scenes.compute.attention import SCENE_KEYS, SCENE_QUERY, Lookup, hard_max, products
from scenes.compute.cost import (
    ARTICLE_RACE,
    hull_cost,
    scan_cost,
    scan_counter,
    step_costs,
    total_cost,
)

# The attention picture (keys ACCENT, query WARNING, winner HIGHLIGHT: later chapters echo it);
# the hull, its curve and its cache are SECONDARY, as in chapter 7
VECTOR_PADDING = t.GAP_S  # inside a key's or the query's card
LABEL_SIZE = t.BODY_SIZE  # the picture's numbers and labels: it fills the stage alone
KEY_SIDE = 0.6  # a key drawn as a bare square once its numbers no longer matter
COUNT_SIZE = t.SUBHEADING_SIZE  # the climbing count of dot products under each query
# Docked beside the graph, the sweep shrinks to fit the cards' column; its smallest text
# (LABEL_SIZE) stays above the theme's minimum font size
SWEEP_DOCKED_SCALE = 0.8
SWEEP_LAST = 9  # the growing trace's last step looks back over this many keys
SLOW_TICK = 0.5  # seconds per key scored in the first sweep; later sweeps speed up
FAST_TICK = 0.1
LOOKBACK_ANGLE = -1.4  # radians: the "two tokens it needs" arcs bend down, under the row
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
INDICATE_SCALE = 1.1  # a pulse on tokens in a row or a card: it stays clear of its neighbours


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


def vector_text(vector: tuple[int, ...]) -> str:
    """A key or query as written on screen: (2, 1)."""
    return "(" + ", ".join(str(x) for x in vector) + ")"


def vector_card(vector: tuple[int, ...], color: str) -> t.Card:
    """A key (ACCENT) or the query (WARNING): its numbers in a card of its colour."""
    text = t.code(vector_text(vector), size=LABEL_SIZE, color=color)
    return t.card(text, color=color, padding=VECTOR_PADDING)


def digit_baseline(card: t.Card) -> float:
    """The baseline of a vector card's numbers: the bottom of its first digit (after "(")."""
    return card.content[1].get_bottom()[1]


def label_baseline(label: Mobject) -> float:
    """The baseline of a label that starts with a descender ("query"): its second glyph's bottom."""
    return label[1].get_bottom()[1]


def count_text(value: int) -> Mobject:
    """A count of dot products (a cost, so WARNING)."""
    return t.code(str(value), size=COUNT_SIZE, color=t.WARNING)


def key_square(color: str) -> RoundedRectangle:
    """A key (or the query) once only its place in the trace matters: a bare square."""
    return RoundedRectangle(
        corner_radius=t.CORNER_RADIUS,
        width=KEY_SIDE,
        height=KEY_SIDE,
        color=color,
        stroke_width=t.STROKE,
        fill_color=t.SURFACE,
        fill_opacity=1,
    )


def frame_around(mobject: Mobject, color: str) -> SurroundingRectangle:
    """The query's scan mark (WARNING) on the key it is scoring, or the winner's (HIGHLIGHT)."""
    return SurroundingRectangle(
        mobject, buff=t.GAP_XS, corner_radius=t.CORNER_RADIUS, color=color, stroke_width=t.STROKE
    )


def cache_box(keys: Mobject) -> SurroundingRectangle:
    """The KV cache: a thin ACCENT box around every key kept."""
    return frame_around(keys, t.ACCENT).set_stroke(width=t.THIN_STROKE)


def dot_formula(query: tuple[int, ...], key: tuple[int, ...]) -> tuple[Mobject, Mobject]:
    """The worked dot product, query factors in WARNING, key factors in ACCENT.

    For (2, 1) and (1, 3): "(2, 1) dot (1, 3) = 2 times 1 + 1 times 3 = 5", with a middle dot
    and multiplication signs. Returns the line and the glyphs of its result.
    """
    terms = products(query, key)
    pieces: list[tuple[str, str]] = [
        (vector_text(query), t.WARNING),
        (" \N{MIDDLE DOT} ", t.TEXT),
        (vector_text(key), t.ACCENT),
        (" = ", t.TEXT),
    ]
    for n, (q, k) in enumerate(zip(query, key, strict=True)):
        if n:
            pieces.append((" + ", t.TEXT))
        pieces += [(str(q), t.WARNING), ("\N{MULTIPLICATION SIGN}", t.TEXT), (str(k), t.ACCENT)]
    pieces += [(" = ", t.TEXT), (str(sum(terms)), t.TEXT)]
    source = "".join(text for text, _ in pieces)
    colors: dict[str, str] = {}
    start = 0
    for text, color in pieces:
        colors[f"[{start}:{start + len(text)}]"] = color
        start += len(text)
    line = t.prose(source, t2f={f"[0:{len(source)}]": t.MONO}, t2c=colors)
    result = t.glyph_span(line, source, len(source) - len(pieces[-1][0]), len(source))
    return line, result


class AttentionPicture(VGroup):
    """Five keys (ACCENT) and a query (WARNING) as number pairs, the keys' scores below them,
    the worked first dot product, the winner's frame (HIGHLIGHT) and the KV cache's box.

    Parts are reached by name; the chapter animates them in, one idea at a time.
    """

    def __init__(self, lookup: Lookup):
        super().__init__()
        self.key_cards = VGroup(*(vector_card(key, t.ACCENT) for key in lookup.keys))
        self.key_cards.arrange(RIGHT, buff=t.GAP_SM)
        self.query_card = vector_card(lookup.query, t.WARNING)
        self.query_card.next_to(self.key_cards, RIGHT, buff=t.GAP_L)
        self.kv_box = cache_box(self.key_cards)
        self.keys_label = t.prose("keys", size=LABEL_SIZE, color=t.ACCENT)
        self.keys_label.next_to(self.kv_box, LEFT, buff=t.GAP_S)
        t.set_baseline(self.keys_label, digit_baseline(self.key_cards[0]))
        self.scores = VGroup(*(t.code(str(score), size=LABEL_SIZE) for score in lookup.scores))
        for score, card in zip(self.scores, self.key_cards, strict=True):
            score.next_to(card, DOWN, buff=t.GAP_M)
            t.set_baseline(score, t.baseline(self.scores[0]))
        self.scores_label = t.prose("scores", size=LABEL_SIZE)
        t.set_baseline(self.scores_label, t.baseline(self.scores[0]))
        self.scores_label.align_to(self.keys_label, RIGHT)
        self.query_label = t.prose("query", size=LABEL_SIZE, color=t.WARNING)
        self.query_label.next_to(self.query_card, UP, buff=t.GAP_S)
        self.kv_label = t.prose("KV cache", size=LABEL_SIZE, color=t.ACCENT)
        self.kv_label.align_to(self.kv_box, LEFT)
        t.set_baseline(self.kv_label, label_baseline(self.query_label))
        self.add(
            self.kv_label, self.query_label, self.keys_label, self.kv_box, self.key_cards,
            self.query_card, self.scores_label, self.scores,
        )  # fmt: skip
        self.move_to([0, 0, 0])
        self.formula, self.result = dot_formula(lookup.query, lookup.keys[0])
        self.formula.next_to(self.scores, DOWN, buff=t.GAP_L).set_x(self.key_cards.get_x())
        best = VGroup(self.key_cards[lookup.best], self.scores[lookup.best])
        self.winner = frame_around(best, t.HIGHLIGHT)
        self.winner_label = t.prose(
            "hard max: top score wins", size=LABEL_SIZE, color=t.HIGHLIGHT
        )
        self.winner_label.next_to(self.winner, DOWN, buff=t.GAP_S)
        self.add(self.formula, self.winner, self.winner_label)


class Sweep(VGroup):
    """The growing trace as bare squares: keys (ACCENT) in the KV cache's box, the query
    (WARNING) in the next slot, and under each query the dot products its step computed."""

    def __init__(self, first: int, last: int, row_y: float):
        super().__init__()
        pitch = KEY_SIDE + t.GAP_SM
        self.slots = [
            np.array([(i - last / 2) * pitch, row_y, 0.0]) for i in range(last + 1)
        ]  # keys 0..last-1, and the last step's query at slot ``last``
        self.keys = VGroup(*(key_square(t.ACCENT).move_to(self.slots[i]) for i in range(first)))
        self.query = key_square(t.WARNING).move_to(self.slots[first])
        self.kv_box = cache_box(self.keys)
        self.kv_label = t.prose("KV cache", size=LABEL_SIZE, color=t.ACCENT)
        self.kv_label.next_to(self.kv_box, UP, buff=t.GAP_S).align_to(self.kv_box, LEFT)
        self.query_label = t.prose("query", size=LABEL_SIZE, color=t.WARNING)
        self.query_label.next_to(self.query, UP, buff=t.GAP_S)
        t.set_baseline(self.kv_label, label_baseline(self.query_label))
        self.count_y = t.baseline(count_text(0).next_to(self.query, DOWN, buff=t.GAP_M))
        self.counts_label = t.prose("dot products per step", size=LABEL_SIZE, color=t.MUTED)
        t.set_baseline(self.counts_label, self.count_y)
        self.counts_label.align_to(self.keys, RIGHT)
        self.counts = VGroup()  # one number per step shown, under that step's query
        self.add(self.keys, self.query, self.kv_box, self.kv_label, self.query_label)
        self.add(self.counts)  # the counts' label joins once it is shown

    def count(self, value: int, slot: int) -> Mobject:
        """The counter under the query in ``slot``, showing ``value`` dot products."""
        number = count_text(value).set_x(self.slots[slot][0])
        return t.set_baseline(number, self.count_y)


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
        x_label = t.prose("keys behind the step (t)", size=t.CAPTION_SIZE, color=t.MUTED)
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
            keys, [hull_cost(k) for k in keys], add_vertex_dots=False, line_color=t.SECONDARY
        )
        scan_label = curve_label("standard attention", "O(t): scans all t keys", t.WARNING)
        scan_label.next_to(axes.c2p(TICK_STEP * 0.25, Y_MAX), DR, buff=0)
        hull_label = curve_label(
            "hull attention", "O(log t): binary search", t.SECONDARY, aligned_edge=RIGHT
        )
        hull_label.next_to(axes.c2p(T_MAX, hull_cost(T_MAX)), UP, buff=t.GAP_S)
        hull_label.align_to(axes.c2p(T_MAX, 0), RIGHT)
        return axes, axis_labels, scan, hull, scan_label, hull_label

    def build_numbers_card(self) -> tuple[t.Card, Mobject, list[VGroup], Mobject]:
        """A small table: per-step and whole-run dot products at 1 million steps, counted."""
        title = t.prose(
            f"Counted at {BIG_T:,} steps", size=t.SUBHEADING_SIZE, color=t.HIGHLIGHT, bold=True
        )
        header = [
            t.prose("standard", size=t.CAPTION_SIZE, color=t.WARNING, bold=True),
            t.prose("hull", size=t.CAPTION_SIZE, color=t.SECONDARY, bold=True),
        ]
        rows = [
            ("per step", scan_cost(BIG_T), hull_cost(BIG_T)),
            ("in total", total_cost(scan_cost, BIG_T), total_cost(hull_cost, BIG_T)),
        ]
        labels = [t.prose(name, size=t.CAPTION_SIZE) for name, _, _ in rows]
        numbers = [
            [t.code(f"{scan:,}", color=t.WARNING), t.code(f"{hull:,}", color=t.SECONDARY)]
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
        note = t.prose("counts from formulas, not timed", size=t.CAPTION_SIZE, color=t.MUTED)
        content = t.stack([title, table, note], buff=t.GAP_SM)
        return fixed_card(content, t.HIGHLIGHT), title, grid_rows, note

    def build_race_card(self) -> tuple[t.Card, Mobject, VGroup, VGroup, VGroup, VGroup]:
        """The article's measured race: bars proportional to the seconds each cache took."""
        race = ARTICLE_RACE
        title = t.prose(f"Measured on one {race.trace_tokens:,}-token trace", bold=True)
        names = [
            t.prose("hull cache", size=t.CAPTION_SIZE, color=t.SECONDARY),
            t.prose("standard cache", size=t.CAPTION_SIZE, color=t.WARNING),
        ]
        seconds = [race.hull_seconds, race.standard_seconds]
        values = [
            t.code(f"{race.hull_seconds:,} s", color=t.SECONDARY),
            t.code(f"{race.standard_seconds:,} s", color=t.WARNING),
        ]
        name_width = max(name.width for name in names)
        value_width = max(value.width for value in values)
        bar_max = CARD_WIDTH - 2 * t.CARD_PADDING - name_width - value_width - 2 * t.GAP_S
        bars = VGroup()
        rows = VGroup()
        for name, value, secs, color in zip(
            names, values, seconds, (t.SECONDARY, t.WARNING), strict=True
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

    def leave(self, group: Mobject, run_time: float = t.FADE_TIME) -> None:
        """Fade out whatever of ``group`` is on stage (its parts were played in one by one)."""
        self.play(*(FadeOut(m) for m in self.on_stage(group)), run_time=run_time)

    def on_stage(self, group: Mobject) -> list[Mobject]:
        """The mobjects on stage that belong to ``group`` (played in part by part)."""
        family = set(group.get_family())
        return [m for m in self.mobjects if m in family]

    def adopt(self, group: Mobject, mobject: Mobject) -> None:
        """Make ``mobject``, just played in on its own, part of ``group`` (already on stage).

        It must not be in ``group`` while it is removed from the stage: removing a member
        would break the group apart.
        """
        self.remove(mobject)
        group.add(mobject)

    def construct(self) -> None:
        lookup = hard_max(SCENE_QUERY, SCENE_KEYS)
        if not lookup.unique:
            raise RuntimeError("the example's best key ties with another: hard max is ambiguous")
        title = t.heading("How attention looks back")
        picture = self.attention(lookup, title)
        sweep = self.sweep(lookup, picture, title)
        self.costs(title, sweep)

    # --- Attention in brief: a query, five keys, their scores, the winner, the KV cache -------
    def attention(self, lookup: Lookup, title: Mobject) -> AttentionPicture:
        """Keys and query as number pairs; scores by dot product, one by one; then hard max."""
        picture = AttentionPicture(lookup)
        cards, scores = picture.key_cards, picture.scores

        self.next_section("query-and-keys")
        with self.say("A transformer looks back with attention.") as line:
            # the tokens it looks back over are on screen from the first word
            self.play(
                Write(title),
                FadeIn(cards, lag_ratio=0.2, shift=UP * t.NUDGE),
                run_time=min(t.DRAW_TIME, line.remaining()),
            )
        with self.say("Every token it writes leaves a key: here, a pair of numbers.") as line:
            line.wait_until("key:")
            self.play(FadeIn(picture.keys_label, shift=RIGHT * t.NUDGE), run_time=t.FADE_TIME)
            line.wait_until("pair")
            self.play(
                *(
                    Indicate(card.content, color=t.ACCENT, scale_factor=INDICATE_SCALE)
                    for card in cards
                ),
                run_time=t.MOVE_TIME,
            )
        with self.say("The new token asks with a query, another pair."):
            self.play(FadeIn(picture.query_card, shift=LEFT * t.NUDGE), FadeIn(picture.query_label))

        self.next_section("scores")
        scan = frame_around(cards[0], t.WARNING)
        with self.say(
            "Multiply the matching numbers and add them. That is the dot product: "
            "the key's score."
        ) as line:
            self.play(
                Create(scan), FadeIn(picture.formula, shift=UP * t.NUDGE), run_time=t.MOVE_TIME
            )
            line.wait_until("score.")
            # the sum lights up in the formula as the score appears under its key: a copy
            # rising from the formula would cross the key cards' row on its way
            self.play(
                t.pulse(picture.formula, picture.result, t.HIGHLIGHT),
                FadeIn(scores[0], shift=DOWN * t.NUDGE),
                FadeIn(picture.scores_label),
                run_time=t.MOVE_TIME,
            )
        with self.say("The query scores every key the same way, one by one.") as line:
            rest = range(1, len(cards))
            tick = line.remaining() / (2 * len(rest))
            for n in rest:
                self.play(scan.animate.move_to(cards[n]), run_time=tick)
                self.play(FadeIn(scores[n], shift=DOWN * t.NUDGE), run_time=tick)
            self.play(FadeOut(scan), run_time=t.FADE_TIME)

        self.next_section("hard-max")  # only now, with every score shown, is the winner known
        with self.say("Hard max keeps the one key with the highest score.") as line:
            self.play(FadeOut(picture.formula), run_time=t.FADE_TIME)
            line.wait_until("highest")
            self.play(
                Create(picture.winner),
                scores[lookup.best].animate.set_color(t.HIGHLIGHT),
                FadeIn(picture.winner_label, shift=UP * t.NUDGE),
                run_time=t.MOVE_TIME,
            )
        self.next_section("kv-cache")
        with self.say(
            "The model keeps every key it has seen, with its value, in the KV cache.",
            caption="The model keeps every key it has seen, with its value, in the KV cache "
            "(key-value cache).",
        ) as line:
            line.wait_until("KV")
            self.play(Create(picture.kv_box), FadeIn(picture.kv_label), run_time=t.MOVE_TIME)
        return picture

    # --- Why two look-backs still cost t: the query sweeps every key of a growing trace ------
    def sweep(self, lookup: Lookup, picture: AttentionPicture, title: Mobject) -> Sweep:
        first = len(lookup.keys)
        totals = step_costs(scan_cost, first, SWEEP_LAST)
        sweep = Sweep(first, SWEEP_LAST, picture.key_cards.get_y())
        new_title = t.heading("The cost of looking back")
        needs = (lookup.best, first - 1)  # two keys the step needs: say, the winner and the last
        arcs = VGroup(
            *(
                CurvedArrow(
                    sweep.query.get_bottom() + DOWN * t.GAP_S,
                    sweep.keys[i].get_bottom() + DOWN * t.GAP_S,
                    angle=LOOKBACK_ANGLE,
                    color=t.HIGHLIGHT,
                    stroke_width=t.THIN_STROKE,
                )
                for i in needs
            )
        )

        def scan_step(keys: int, tick: float) -> None:
            """The query scores keys 0..keys-1 in turn; its counter climbs 1, 2, ..., keys."""
            counter = scan_counter(keys)
            if counter[-1] != totals[keys - first]:
                raise RuntimeError("the counter and the cost formula disagree")
            frame = frame_around(sweep.keys[0], t.WARNING)
            number = sweep.count(counter[0], keys)
            self.play(Create(frame), FadeIn(number), run_time=tick)
            for n, value in enumerate(counter[1:], start=1):
                self.play(frame.animate.move_to(sweep.keys[n]), run_time=tick)
                self.remove(number)
                number = sweep.count(value, keys)
                self.add(number)
            self.play(FadeOut(frame), run_time=t.FADE_TIME)
            self.adopt(sweep.counts, number)

        def append_key(keys: int) -> None:
            """The query's token becomes a key in the cache; the next token's query arrives."""
            old_query = sweep.query
            sweep.keys.add(old_query)
            sweep.query = key_square(t.WARNING).move_to(sweep.slots[keys + 1])
            self.play(
                old_query.animate.set_stroke(t.ACCENT),
                Transform(sweep.kv_box, cache_box(sweep.keys)),
                FadeIn(sweep.query, shift=LEFT * t.NUDGE),
                sweep.query_label.animate.next_to(sweep.query, UP, buff=t.GAP_S),
                run_time=t.FADE_TIME,
            )
            self.adopt(sweep, sweep.query)

        self.next_section("two-lookbacks")
        with self.say("To add, the machine needed just two earlier values.") as line:
            # The old heading and the numbers fade out first, so no box shrinks over its text
            # and the two headings are never legible on top of each other; then the new
            # heading fades in on the same line while the cards become bare squares.
            self.play(
                FadeOut(title),
                *(FadeOut(m) for m in self.on_stage(VGroup(
                    picture.scores, picture.scores_label, picture.winner, picture.winner_label,
                    picture.keys_label,
                ))),
                *(FadeOut(card.content) for card in (*picture.key_cards, picture.query_card)),
                run_time=t.FADE_TIME,
            )  # fmt: skip
            self.play(
                FadeIn(new_title),
                *(Transform(card.box, square)
                  for card, square in zip(picture.key_cards, sweep.keys, strict=True)),
                Transform(picture.query_card.box, sweep.query),
                Transform(picture.kv_box, sweep.kv_box),
                Transform(picture.kv_label, sweep.kv_label),
                Transform(picture.query_label, sweep.query_label),
                run_time=t.MOVE_TIME,
            )  # fmt: skip
            # from here on the sweep's own squares stand where the cards' boxes arrived
            self.remove(*(card.box for card in (*picture.key_cards, picture.query_card)))
            self.remove(picture.kv_box, picture.kv_label, picture.query_label)
            self.add(sweep)
            line.wait_until("two")
            self.play(*(Create(arc) for arc in arcs), run_time=t.MOVE_TIME)

        self.next_section("every-key")
        with self.say(
            f"But attention cannot go straight to them. To find the best, it scores every key "
            f"in the cache: {totals[0]} dot products."
        ) as line:
            line.wait_until("cannot")
            self.leave(arcs)
            line.wait_until("scores")
            scan_step(first, SLOW_TICK)
            self.play(FadeIn(sweep.counts_label), run_time=t.FADE_TIME)
            self.adopt(sweep, sweep.counts_label)
        with self.say(
            f"The next token computes {totals[1]}, the one after {totals[2]}: a step with t "
            "keys behind it computes t dot products, however few it needs."
        ) as line:
            append_key(first)
            scan_step(first + 1, (SLOW_TICK + FAST_TICK) / 2)
            line.wait_until("after")
            append_key(first + 1)
            scan_step(first + 2, FAST_TICK)
            for keys in range(first + 3, SWEEP_LAST + 1):
                append_key(keys - 1)
                scan_step(keys, FAST_TICK)
        return sweep

    # --- The counts as curves, the counts at a million steps, the article's measured race -----
    def costs(self, title: Mobject, sweep: Sweep) -> None:
        axes, axis_labels, scan, hull, scan_label, hull_label = self.build_graph()
        graph = VGroup(axes, axis_labels, scan, hull, scan_label, hull_label)
        numbers_card, numbers_title, number_rows, numbers_note = self.build_numbers_card()
        race_card, race_title, names, bars, values, footer = self.build_race_card()
        cards = t.stack([numbers_card, race_card], buff=t.GAP_SM)
        layout = VGroup(graph, cards).arrange(RIGHT, buff=COLUMN_GAP, aligned_edge=UP)
        top = title.get_bottom()[1] - t.GAP_M
        bottom = -(t.safe_height() / 2)
        layout.move_to([0, (top + bottom) / 2, 0])
        cards.set_y(layout.get_y())
        graph.set_y(layout.get_y())
        # the sweep, scaled about its top centre, moves to the top of the cards' column
        pivot = np.array([sweep.get_x(), sweep.get_top()[1], 0])
        sweep_shift = np.array([cards.get_x(), cards.get_top()[1], 0]) - pivot

        self.next_section("standard-attention")  # the counts, for every t, as a line
        with self.say(
            "Drawn against t, that count is a straight line: standard attention costs O of t "
            "per step.",
            caption="Drawn against t, that count is a straight line: standard attention costs "
            "O(t) per step.",
        ) as line:
            # The counts become the graph: they leave as the axis takes their name
            counted = [sweep.counts_label, sweep.counts]
            for holder in sweep.get_family():
                holder.remove(*(part for part in counted if part in holder.submobjects))
            self.add(*counted)  # on stage on their own now, to fade out
            self.play(
                *(
                    m.animate.scale(SWEEP_DOCKED_SCALE, about_point=pivot).shift(sweep_shift)
                    for m in self.on_stage(sweep)
                ),
                *(FadeOut(part) for part in counted),
                run_time=t.MOVE_TIME,
            )
            self.play(Create(axes), FadeIn(axis_labels), run_time=t.MOVE_TIME)
            self.play(Create(scan), FadeIn(scan_label), run_time=max(t.DRAW_TIME, line.remaining()))

        self.next_section("hull-attention")  # a binary search over the hull
        with self.say(
            "Percepta's hull cache computes only about log t dot products per step, in a "
            "binary search. "
            "The next chapter shows why."
        ):
            self.play(Create(hull), FadeIn(hull_label), run_time=t.DRAW_TIME)

        self.next_section("million-steps")
        with self.say(
            f"At a million steps, that is {scan_cost(BIG_T):,} dot products per step, "
            f"against {hull_cost(BIG_T)}. These are counts from a formula, not a stopwatch."
        ) as line:
            self.leave(sweep)
            self.play(FadeIn(numbers_card.box), Write(numbers_title), run_time=t.MOVE_TIME)
            for row in number_rows:
                self.play(FadeIn(row, shift=RIGHT * t.NUDGE), run_time=t.FADE_TIME)
            line.wait_until("counts")
            self.play(FadeIn(numbers_note, shift=UP * t.NUDGE), run_time=t.FADE_TIME)

        race = ARTICLE_RACE
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
