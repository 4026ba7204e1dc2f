"""Chapter 6: attention in brief, then the cost of looking back: O(t) per step vs O(log t).

First, attention on five keys: a query scores every key by a dot product and hard max picks
the highest (``scenes.compute.attention``). Then the same query sweeps a growing trace while
a counter climbs, one dot product per key (``scenes.compute.cost``), and the counts become
the cost curves. The "at 1 million steps" figures are counted from the same formulas; the
race is the article's measurement, credited as such.
"""

from __future__ import annotations

from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Create,
    FadeIn,
    FadeOut,
    GrowFromEdge,
    Mobject,
    VGroup,
    Write,
)

from scenes import drawing, palette, stage, style
from scenes.attention_pictures import AttentionPicture, Sweep, frame_around
from scenes.compute.attention import SCENE_KEYS, SCENE_QUERY, hard_max
from scenes.compute.cost import (
    ARTICLE_RACE,
    MeasuredRace,
    hull_cost,
    scan_cost,
    scan_counter,
    step_costs,
)
from scenes.compute.keys import FIRST_KEYS
from scenes.cost_pictures import CostBoard

SWEEP_LAST = 8  # the growing trace's last step looks back over this many keys
SLOW_TICK = 0.4  # seconds per key scored in the first sweep; later sweeps speed up
FAST_TICK = 0.1
STEP_FADE = 0.25  # a scan mark or the next query fading, between the sweep's steps
BIG_T = 1_000_000  # the "at 1 million steps" comparison


class QuadraticCost(stage.ChapterScene):
    """Scanning every key costs O(t) per step (O(t^2) in all); the hull makes it O(log t)."""

    def construct(self) -> None:
        lookup = hard_max(SCENE_QUERY, SCENE_KEYS)
        if not lookup.unique:
            raise RuntimeError("the example's best key ties with another: hard max is ambiguous")
        title = drawing.heading("How attention looks back")
        picture = AttentionPicture(lookup)

        # Attention in brief: a query, five keys, their scores, the winner, the KV cache
        self.next_section("query-and-keys")
        self.query_and_keys(picture, title)
        self.next_section("scores")
        self.scores(picture)
        self.next_section("hard-max")  # only now, with every score shown, is the winner known
        self.hard_max(picture, lookup.best)
        self.next_section("kv-cache")
        self.kv_cache(picture)

        # Why two look-backs still cost t: the query sweeps every key of a growing trace
        sweep = Sweep(len(lookup.keys), SWEEP_LAST, picture.key_cards.get_y())
        self.next_section("two-lookbacks")
        arcs = self.two_lookbacks(picture, sweep, title, needs=(lookup.best, len(lookup.keys) - 1))
        self.next_section("every-key")
        self.every_key(sweep, arcs)

        # The counts as curves, the counts at a million steps, the article's measured race
        # placed under the first heading, which has no descender: the one shown by then has
        # one ("looking"), so the board sits 0.3 below it, not GAP_M (frames kept as they are)
        board = CostBoard(title, BIG_T, ARTICLE_RACE)
        self.next_section("standard-attention")  # the counts, for every t, as a line
        self.standard_attention(board, sweep)
        self.next_section("hull-attention")  # a binary search over the hull
        self.hull_attention(board, sweep)
        self.next_section("million-steps")
        self.million_steps(board, sweep)
        self.next_section("measured-race")
        self.measured_race(board, ARTICLE_RACE)
        self.hold()  # the breath after the 200x, the footer still to read
        self.clear_stage()

    # --- Staging helpers ------------------------------------------------------------------
    def leave(self, group: Mobject, run_time: float = style.FADE_TIME) -> None:
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

    # --- Attention in brief ---------------------------------------------------------------
    def query_and_keys(self, picture: AttentionPicture, title: Mobject) -> None:
        """Keys and the query, as number pairs."""
        with self.say("A transformer looks back with attention.") as line:
            # the tokens it looks back over are on screen from the first word
            self.play(
                Write(title),
                FadeIn(picture.key_cards, lag_ratio=0.2, shift=UP * style.NUDGE),
                run_time=min(style.DRAW_TIME, line.remaining()),
            )
        with self.say("Every token it writes leaves a key: here, a pair of numbers.") as line:
            line.wait_until("key:")
            self.play(
                FadeIn(picture.keys_label, shift=RIGHT * style.NUDGE), run_time=style.FADE_TIME
            )
            line.wait_until("pair")
            self.play(*picture.indicate_keys(), run_time=style.MOVE_TIME)
        with self.say("The new token asks with a query, another pair."):
            self.play(
                FadeIn(picture.query_card, shift=LEFT * style.NUDGE), FadeIn(picture.query_label)
            )

    def scores(self, picture: AttentionPicture) -> None:
        """The first key's score, worked out as a dot product; then every key's, one by one."""
        cards, scores = picture.key_cards, picture.scores
        scan = frame_around(cards[0], palette.QUERY)
        with self.say(
            "Multiply the matching numbers and add them. That is the dot product: the key's score."
        ) as line:
            self.play(
                Create(scan),
                FadeIn(picture.formula, shift=UP * style.NUDGE),
                run_time=style.MOVE_TIME,
            )
            line.wait_until("add")  # the products, added, light up as they are named
            self.play(
                drawing.pulse(picture.formula, picture.terms, palette.HIGHLIGHT),
                run_time=style.MOVE_TIME,
            )
            line.wait_until("score.")
            # the sum lights up in the formula as the score appears under its key: a copy
            # rising from the formula would cross the key cards' row on its way
            self.play(
                drawing.pulse(picture.formula, picture.result, palette.HIGHLIGHT),
                FadeIn(scores[0], shift=DOWN * style.NUDGE),
                FadeIn(picture.scores_label),
                run_time=max(style.FADE_TIME, line.remaining()),
            )
        with self.say("The query scores every key the same way.") as line:
            rest = range(1, len(cards))
            tick = (line.remaining() - style.FADE_TIME) / (2 * len(rest))
            for n in rest:  # Beat: the scan mark moves on, the key's score appears
                self.play(scan.animate.move_to(cards[n]), run_time=tick)
                self.play(FadeIn(scores[n], shift=DOWN * style.NUDGE), run_time=tick)
            self.play(FadeOut(scan), run_time=style.FADE_TIME)

    def hard_max(self, picture: AttentionPicture, best: int) -> None:
        """The formula makes way; the top score's key wins."""
        with self.say("Hard max keeps the one key with the highest score.") as line:
            self.play(FadeOut(picture.formula), run_time=style.FADE_TIME)
            line.wait_until("highest")
            self.play(
                Create(picture.winner),
                picture.scores[best].animate.set_color(palette.HIGHLIGHT),
                FadeIn(picture.winner_label, shift=UP * style.NUDGE),
                run_time=style.MOVE_TIME,
            )

    def kv_cache(self, picture: AttentionPicture) -> None:
        """Every key seen is kept: the keys light up, the KV cache's box closes around them."""
        with self.say(
            "Every key it has seen stays in the KV cache, with its value.",
            caption="Every key it has seen stays in the KV cache (key-value cache), with its "
            "value.",
        ) as line:
            line.wait_until("key")
            self.play(*picture.indicate_keys(), run_time=style.MOVE_TIME)
            line.wait_until("KV")
            self.play(Create(picture.kv_box), FadeIn(picture.kv_label), run_time=style.MOVE_TIME)

    # --- Why two look-backs still cost t --------------------------------------------------
    def two_lookbacks(
        self, picture: AttentionPicture, sweep: Sweep, title: Mobject, needs: tuple[int, int]
    ) -> VGroup:
        """The cards become bare squares under the new heading; arcs reach the two keys
        the step ``needs`` (say, the winner and the last). Returns the arcs, still shown."""
        new_title = drawing.heading("The cost of looking back")
        arcs = sweep.lookback_arcs(needs)
        with self.say("To add, the machine needed just two earlier values.") as line:
            # The old heading and the numbers fade out first, so no box shrinks over its text
            # and the two headings are never legible on top of each other; then the new
            # heading fades in on the same line while the cards become bare squares.
            self.play(
                FadeOut(title),
                *(FadeOut(m) for m in self.on_stage(picture.scoring_parts())),
                *(FadeOut(card.content) for card in picture.cards),
                run_time=style.FADE_TIME,
            )
            self.play(FadeIn(new_title), *picture.become(sweep), run_time=style.MOVE_TIME)
            # from here on the sweep's own squares stand where the cards' boxes arrived
            self.remove(*picture.left_by_sweep())
            self.add(sweep)
            line.wait_until("two")
            self.play(*(Create(arc) for arc in arcs), run_time=style.MOVE_TIME)
        return arcs

    def every_key(self, sweep: Sweep, arcs: VGroup) -> None:
        """The ``arcs`` to the keys needed go: each step scores every key in the cache, and
        the next step one more."""
        first = sweep.first
        totals = step_costs(scan_cost, first, sweep.last)
        with self.say(
            f"But attention cannot go straight to them: it scores every key, {totals[0]} dot "
            "products."
        ) as line:
            line.wait_until("cannot")
            self.leave(arcs)
            line.wait_until("scores")
            self.scan_step(sweep, first, SLOW_TICK)
            self.play(FadeIn(sweep.counts_label), run_time=style.FADE_TIME)
            self.adopt(sweep, sweep.counts_label)
        with self.say(
            f"The next token computes {totals[1]}, then {totals[2]}: a step with t keys behind "
            "it costs t dot products."
        ) as line:
            self.next_step(sweep, first + 1, FAST_TICK)
            line.wait_until("then")
            for keys in range(first + 2, sweep.last + 1):
                self.next_step(sweep, keys, FAST_TICK)

    def scan_step(self, sweep: Sweep, keys: int, tick: float) -> None:
        """The query scores keys 0..keys-1 in turn; its counter climbs 1, 2, ..., keys."""
        counter = scan_counter(keys)
        if counter[-1] != scan_cost(keys):
            raise RuntimeError("the counter and the cost formula disagree")
        frame = frame_around(sweep.keys[0], palette.QUERY)
        number = sweep.count(counter[0], keys)
        self.play(Create(frame), FadeIn(number), run_time=tick)
        for n, value in enumerate(counter[1:], start=1):
            self.play(frame.animate.move_to(sweep.keys[n]), run_time=tick)
            self.remove(number)
            number = sweep.count(value, keys)
            self.add(number)
        self.play(FadeOut(frame), run_time=STEP_FADE)
        self.adopt(sweep.counts, number)

    def next_step(self, sweep: Sweep, keys: int, tick: float) -> None:
        """The query joins the cache, the next one arrives and scans all ``keys`` keys."""
        self.play(*sweep.next_query(keys), run_time=STEP_FADE)
        self.adopt(sweep, sweep.query)
        self.scan_step(sweep, keys, tick)

    # --- The counts as curves, at a million steps, and the measured race ------------------
    def standard_attention(self, board: CostBoard, sweep: Sweep) -> None:
        """The sweep makes room over the cards and its counts become the O(t) line."""
        pivot, shift = board.dock(sweep)  # measured with the counts still in the sweep
        graph = board.graph
        with self.say(
            "Drawn against t, that is a straight line: standard attention costs O of t per step.",
            caption="Drawn against t, that is a straight line: standard attention costs O(t) "
            "per step.",
        ) as line:
            # The counts become the graph: they leave as the axis takes their name
            counted = sweep.detach_counts()
            self.add(*counted)  # on stage on their own now, to fade out
            self.play(
                *(
                    m.animate.scale(board.DOCKED_SCALE, about_point=pivot).shift(shift)
                    for m in self.on_stage(sweep)
                ),
                *(FadeOut(part) for part in counted),
                run_time=style.MOVE_TIME,
            )
            self.play(Create(graph.axes), FadeIn(graph.axis_labels), run_time=style.MOVE_TIME)
            self.play(
                Create(graph.scan),
                FadeIn(graph.scan_label),
                run_time=max(style.DRAW_TIME, line.remaining()),
            )

    def hull_attention(self, board: CostBoard, sweep: Sweep) -> None:
        """The hull's curve, flat beside the line; the keys it will search are these."""
        graph = board.graph
        with self.say(
            "Percepta's hull cache needs only about log t, by a binary search. The next "
            "chapter runs it on these same keys."
        ) as line:
            line.wait_until("log")
            self.play(Create(graph.hull), run_time=style.MOVE_TIME)
            line.wait_until("binary")
            self.play(FadeIn(graph.hull_label, shift=UP * style.NUDGE), run_time=style.FADE_TIME)
            line.wait_until("same")
            self.play(*sweep.indicate_first(len(FIRST_KEYS)), run_time=style.MOVE_TIME)

    def million_steps(self, board: CostBoard, sweep: Sweep) -> None:
        """The sweep gives way to the counts at a million steps, row by row, on their words."""
        numbers = board.numbers
        scan, hull = scan_cost(BIG_T), hull_cost(BIG_T)
        with self.say(
            f"At a million steps: {scan:,} dot products per step against {hull}, "
            "counted from the formulas."
        ) as line:
            self.leave(sweep)
            header, per_step, in_total = numbers.rows
            self.play(
                FadeIn(numbers.box),
                Write(numbers.title),
                FadeIn(header, shift=RIGHT * style.NUDGE),
                run_time=line.until(f"{scan:,}"),
            )
            self.play(FadeIn(per_step, shift=RIGHT * style.NUDGE), run_time=style.FADE_TIME)
            line.wait_until(str(hull))
            self.play(
                drawing.pulse(per_step, per_step[-1], palette.HIGHLIGHT), run_time=style.FADE_TIME
            )
            line.wait_until("counted")
            self.play(
                FadeIn(in_total, shift=RIGHT * style.NUDGE),
                FadeIn(numbers.note, shift=UP * style.NUDGE),
                run_time=style.MOVE_TIME,
            )

    def measured_race(self, board: CostBoard, race: MeasuredRace) -> None:
        """The article's measured race: each bar grows as its seconds are said."""
        card = board.race
        (hull_name, standard_name), (hull_bar, standard_bar) = card.names, card.bars
        hull_value, standard_value = card.values
        with self.say(
            f"Percepta timed one trace of {race.trace_tokens:,} tokens. The hull cache took "
            f"{race.hull_seconds} seconds, the standard cache {race.standard_seconds}: "
            f"about {round(race.speedup, -1):.0f} times slower."
        ) as line:
            self.play(FadeIn(card.box), run_time=style.FADE_TIME)
            self.play(Write(card.title), run_time=line.until("hull"))  # as the trace is named
            self.play(
                FadeIn(hull_name), GrowFromEdge(hull_bar, LEFT), FadeIn(hull_value),
                run_time=style.FADE_TIME,
            )  # fmt: skip
            line.wait_until("standard")
            self.play(
                FadeIn(standard_name),
                GrowFromEdge(standard_bar, LEFT),
                run_time=line.until(f"{race.standard_seconds}:") + style.FADE_TIME,
            )
            self.play(FadeIn(standard_value), run_time=style.FADE_TIME)
            line.wait_until("about")
            self.play(FadeIn(card.footer, shift=UP * style.NUDGE), run_time=style.FADE_TIME)
