"""Chapter 7: 2D attention heads: keys are points, the query is a direction, the hull answers.

With head dimension 2 every key is a point in the plane. Hard-max attention returns the key
with the largest dot product with the query, and that key is always a vertex of the keys'
convex hull: the point where a line perpendicular to the query first touches the hull. Keeping
the hull and binary-searching it finds the key in O(log t) instead of scanning all t keys.
First any keys: the search halves a range of hull vertices until one is left, and only then
is it the winner. Then the machine's own lookup on the 3 + 5 trace: each stack write leaves
a key on a parabola, and the queries for the top and the value below it touch their keys.
Keys, hull, query, the search's ranges and probes all come from ``scenes.compute.hull``, the
stack's keys and reads from ``scenes.compute.lookup``; the pictures are ``scenes.hull_pictures``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Create,
    FadeIn,
    FadeOut,
    FadeTransform,
    GrowArrow,
    Indicate,
    LaggedStart,
    Mobject,
    ReplacementTransform,
    VGroup,
    Write,
)

from scenes import drawing, palette, stage, style
from scenes.compute.hull import (
    SCENE_KEYS,
    SCENE_QUERY,
    HullCache,
    HullQuery,
    brute_force_argmax,
    dot,
)
from scenes.compute.lookup import Read
from scenes.hull_pictures import (
    Counter,
    Hull,
    HullSearch,
    KeyCloud,
    KeyMark,
    KeyPlot,
    KeyRing,
    QueryArrow,
    SlidingLine,
    SupportingLine,
    across,
    unit,
)
from scenes.stack_pictures import AddReads, StackBoard, weights_cards

COLUMN_LEFT = 2.3  # left edge of the column right of the plot (wide enough: no shrinking)
SWEEP_PARK = 2.6  # where the supporting line waits, outside the hull, while the search runs
PROBE_MOVE_TIME = 0.6  # one step of the hull search


# --- Any keys: the general picture ---------------------------------------------------------


def checked_search(cache: HullCache, direction: np.ndarray) -> HullQuery:
    """The hull search for the scene's query, checked against what the narration says."""
    answer = cache.query(SCENE_QUERY)
    if answer.range_keys(answer.steps) != (brute_force_argmax(SCENE_KEYS, SCENE_QUERY),):
        raise RuntimeError("the hull search and the full scan disagree on the best key")
    if [answer.rising(k) for k in range(answer.steps)] != [True] + [False] * (answer.steps - 1):
        raise RuntimeError("the narration says the first comparison rises, then falls")
    if max(dot(k, direction) for k in SCENE_KEYS) >= SWEEP_PARK:
        raise RuntimeError("the supporting line would wait inside the hull")
    return answer


@dataclass
class CostColumn:
    """Right of the plot: the two counters, then the takeaway (the plot has its own labels)."""

    search: Counter
    scan: Counter
    takeaway: drawing.Card

    @classmethod
    def build(cls) -> CostColumn:
        """The column, fitted to the frame's right half, its top left at (COLUMN_LEFT, 2.75)."""
        search, scan = (
            Counter("hull search", palette.POSITIVE),
            Counter("full scan", palette.WARNING),
        )
        summary = drawing.stack(
            [
                drawing.prose("O(log t), not O(t)", color=palette.POSITIVE, bold=True),
                drawing.prose(
                    "hull cache: updated per key",
                    size=style.CAPTION_SIZE,
                    t2c={"hull cache": palette.ACCENT},
                ),
            ],
            buff=style.GAP_S,
        )
        takeaway = drawing.card(summary, color=palette.POSITIVE)
        column = drawing.stack(
            [drawing.stack([search, scan], buff=style.GAP_S), takeaway], buff=style.GAP_L
        )
        drawing.fit_width(column, drawing.safe_width() / 2 - COLUMN_LEFT)
        column.move_to([COLUMN_LEFT, 2.75, 0], aligned_edge=LEFT + UP)
        return cls(search, scan, takeaway)


class HullHeads(stage.ChapterScene):
    """Keys as points, the convex hull, the query as a direction, and the O(log t) search."""

    def construct(self) -> None:
        heading = self._any_keys()  # the general picture: any keys, the hull, the search
        plot = self._stack_lookup()  # the machine's own lookup, on the 3 + 5 trace
        self._inside_the_weights(keep=[heading, *plot])  # named beside the stack's keys

    # --- Any keys ------------------------------------------------------------------------

    def _any_keys(self) -> Mobject:
        """Any keys: the hull, the query from the origin, the search that halves the range.
        Returns the chapter's heading, which stays."""
        cache = HullCache(SCENE_KEYS)
        direction = unit(SCENE_QUERY)
        cloud = self._key_cloud()
        search = HullSearch(checked_search(cache, direction), cloud, direction)
        column = CostColumn.build()
        heading = drawing.heading("2D heads and the convex hull")

        self.next_section("keys")
        self._keys(heading, cloud)
        self.next_section("convex-hull")
        hull = self._hull(cloud, cache.vertices())
        self.next_section("query")  # from the origin, turning to its direction
        self._query(cloud.plot, direction)
        self.next_section("supporting-line")  # in from outside; it waits there for the search
        sweep = self._supporting_line(cloud.plot, direction, hull)
        self.next_section("hull-search")  # the range of hull vertices, halved step by step
        self._hull_search(search, column.search)
        self._best_key(search, sweep)
        self.next_section("full-scan")  # every key scored, one by one
        self._full_scan(cloud, column.scan)
        self.next_section("takeaway")  # keep the hull, search it
        self._takeaway(column.takeaway)
        self.clear_stage(keep=[heading])
        return heading

    @staticmethod
    def _key_cloud() -> KeyCloud:
        """The scene's keys on a plot with room round their hull (equal scales: angles stay
        true), left of the column."""
        plot = KeyPlot(origin=(-2.2, -0.4), unit=1.15, x_range=(-2.4, 2.6), y_range=(-2.6, 2.7))
        return KeyCloud(plot, SCENE_KEYS)

    def _keys(self, heading: Mobject, cloud: KeyCloud) -> None:
        """One point per past token; the first few keys come as pairs of numbers."""
        label = cloud.plot.place(  # below-right of the hull, clear of keys, edges and axes
            drawing.prose("keys", size=style.CAPTION_SIZE, color=palette.ACCENT), (2.0, -1.95)
        )
        shown_as_pairs = 3  # a key is a pair of numbers, as in chapter 6
        pairs = VGroup(
            *(
                drawing.card(
                    drawing.code(f"({x:g}, {y:g})", color=palette.ACCENT), color=palette.ACCENT
                )
                for x, y in SCENE_KEYS[:shown_as_pairs]
            )
        ).arrange(DOWN, buff=style.GAP_SM)
        pairs.move_to([COLUMN_LEFT, 0, 0], aligned_edge=LEFT)
        with self.say(
            "Percepta makes looking back cheap: every lookup head is two-dimensional, so "
            "each key is a point in the plane."
        ) as line:
            self.play(
                Write(heading), Create(cloud.plot), LaggedStart(*map(FadeIn, pairs), lag_ratio=0.3),
                run_time=style.MOVE_TIME,
            )  # fmt: skip
            line.wait_until("key")
            self.play(  # the pairs become their points; the other keys join them
                *(
                    ReplacementTransform(pair, key)
                    for pair, key in zip(pairs, cloud[: len(pairs)], strict=True)
                ),
                LaggedStart(*(FadeIn(k, scale=0.5) for k in cloud[len(pairs) :]), lag_ratio=0.15),
                FadeIn(label),
                run_time=line.remaining(),
            )

    def _hull(self, cloud: KeyCloud, vertices: Sequence[int]) -> Hull:
        """The rubber band round the keys."""
        hull = Hull(cloud, vertices)
        label = cloud.plot.place(  # below-left of the hull
            drawing.prose("convex hull", size=style.CAPTION_SIZE, color=palette.SECONDARY),
            (-1.75, -2.05),
        )
        with self.say("Their convex hull is the outline a rubber band would make."):
            self.play(Create(hull), run_time=style.DRAW_TIME)
            self.play(FadeIn(label), run_time=style.FADE_TIME)
        return hull

    def _query(self, plot: KeyPlot, direction: np.ndarray) -> None:
        """The query grows from the origin along the x axis and turns to its direction."""
        length = 1.8  # in key units: a direction, so any length
        query = QueryArrow(plot, direction, length, heading=(1.0, 0.0))
        label = drawing.prose("query", size=style.CAPTION_SIZE, color=palette.WARNING)
        # 0.6 of the way along the arrow, 0.5 to its right
        plot.place(label, 0.6 * length * direction + 0.5 * -across(direction))
        with self.say(
            "The query starts at the origin and turns to its direction. A key's score is "
            "how far it reaches along it."
        ) as line:
            self.play(GrowArrow(query))
            line.wait_until("turns")
            self.play(query.turn(), run_time=style.MOVE_TIME)
            self.play(FadeIn(label), run_time=style.FADE_TIME)

    def _supporting_line(self, plot: KeyPlot, direction: np.ndarray, hull: Hull) -> SlidingLine:
        """A line square to the query slides in and waits outside the hull."""
        sweep = SlidingLine(plot, direction, start=3.0, half=0.9)  # start outside the hull
        with self.say(
            "A line square to the query slides in from outside. The first key it touches "
            "scores highest, and it is always a hull vertex. Which one?"
        ) as line:
            self.play(FadeIn(sweep.line), run_time=style.FADE_TIME)
            self.play(sweep.slide_to(SWEEP_PARK), run_time=style.MOVE_TIME)
            line.wait_until("always")
            self.play(
                Indicate(hull, color=palette.HIGHLIGHT, scale_factor=1), run_time=style.FADE_TIME
            )
        return sweep

    def _hull_search(self, search: HullSearch, counter: Counter) -> None:
        """The range of hull vertices on one chain, halved by probe and neighbour."""
        chain_name = "top" if search.direction[1] > 0 else "bottom"  # where the query points
        with self.say(
            f"Search the {chain_name} side of the hull, where the query points: "
            f"{len(search.answer.chain)} vertices."
        ):
            self.play(Create(search.range), run_time=style.MOVE_TIME)
        level = search.level(0)
        with self.say(
            "Probe the middle one. The line through it marks its score. Its neighbour lies "
            "beyond: scores still rise, so drop the first half."
        ) as line:
            self.play(*search.probe(0), counter.count(1), run_time=PROBE_MOVE_TIME)
            line.wait_until("line")
            self.play(Create(level), run_time=style.FADE_TIME)
            line.wait_until("neighbour")
            self.play(*search.compare(0), run_time=style.FADE_TIME)
            line.wait_until("drop")
            search.drop(self, 0, PROBE_MOVE_TIME, level)
        with self.say("Next, the neighbour falls short: drop the far half. Once more."):
            for step in range(1, search.answer.steps):
                level = search.level(step)
                self.play(*search.probe(step), counter.count(step + 1), run_time=PROBE_MOVE_TIME)
                self.play(Create(level), *search.compare(step), run_time=PROBE_MOVE_TIME)
                search.drop(self, step, PROBE_MOVE_TIME, level)

    def _best_key(self, search: HullSearch, sweep: SlidingLine) -> None:
        """The range has closed; the waiting line comes in and touches that key."""
        cloud, best_index = search.cloud, search.answer.best_index
        best_offset = dot(SCENE_KEYS[best_index], search.direction)  # its score
        best = KeyMark(cloud.at(best_index), best_index, 0.11, palette.HIGHLIGHT)  # over its dot
        best.set_z_index(4)
        best_label = cloud.plot.place_beyond(  # slid along the line, away from the ring
            drawing.prose("best key", size=style.CAPTION_SIZE, color=palette.HIGHLIGHT),
            search.direction,
            best_offset,
            along=-0.3,
        )
        with self.say(
            f"The range closes on one vertex after {search.answer.steps} comparisons: the best key."
        ) as line:
            self.play(search.close(), run_time=PROBE_MOVE_TIME)
            self.play(sweep.slide_to(best_offset), run_time=line.until("best"))
            self.play(
                FadeOut(search.ring),
                FadeIn(best, scale=2),
                FadeIn(best_label),
                run_time=line.remaining(),
            )
        sweep.freeze()

    def _full_scan(self, cloud: KeyCloud, counter: Counter) -> None:
        """The full scan scores every key, one per step, and rings each."""
        with self.say(f"A full scan scores all {len(SCENE_KEYS)} keys for the same answer."):
            for k, key in enumerate(cloud):
                ring = KeyRing(key, k, palette.WARNING, radius=0.14)  # smaller than the probe's
                self.play(  # one key per step, a quarter second each
                    Create(ring), key.animate.set_opacity(1), counter.count(k + 1), run_time=0.25
                )

    def _takeaway(self, takeaway: Mobject) -> None:
        """O(log t), not O(t)."""
        with self.say(
            "That is O of log t comparisons per lookup, instead of O of t. Percepta's "
            "hull cache keeps the hull up to date as keys arrive.",
            caption="That is O(log t) comparisons per lookup, instead of O(t). Percepta's "
            "hull cache keeps the hull up to date as keys arrive.",
        ):
            self.play(FadeIn(takeaway, shift=UP * style.NUDGE))

    # --- The machine's own lookup ----------------------------------------------------------

    def _stack_lookup(self) -> list[Mobject]:
        """The machine's own lookup on the 3 + 5 trace: the depth as a running sum, each stack
        write a key on a parabola, the queries for the top and the value below it, hard max
        against a softmax blend, and the add's result written as a new, latest key. Everything
        shown comes from ``scenes.compute.lookup`` run on the real trace (``AddReads``).
        Returns the plot, which stays."""
        reads = AddReads.of_3_plus_5()
        board = StackBoard(reads)
        self.next_section("machine-lookup")
        self._machine_lookup(board, reads)
        self.next_section("running-depth")
        self._running_depth(board, reads)
        self.next_section("depth-keys")
        self._depth_keys(board, reads)
        self.next_section("top-read")
        marks = self._top_read(board, reads)
        self.next_section("below-read")
        marks = self._below_read(board, reads, marks)
        self.next_section("hard-max")
        self._hard_max(board, reads)
        self.next_section("add-writes")
        return self._add_writes(board, reads, marks)

    def _machine_lookup(self, board: StackBoard, reads: AddReads) -> None:
        """The trace up to the add, large; the two values it needs light up."""
        trace, add = board.trace, reads.add
        with self.say(
            "Now the machine's own lookup. To add 3 plus 5, it needs the two values on top "
            "of its stack.",
            caption="Now the machine's own lookup. To add 3 + 5, it needs the two values on "
            "top of its stack.",
        ) as line:
            self.play(FadeIn(trace.lines(0, add), shift=UP * style.NUDGE), run_time=style.MOVE_TIME)
            line.wait_until("values")
            self.play(
                *(drawing.pulse(row, row[:2], palette.TEXT) for row in trace.rows[:add]),
                run_time=line.remaining(),
            )

    def _running_depth(self, board: StackBoard, reads: AddReads) -> None:
        """Each commit's depth change, their average, times the position: the depth."""
        trace, panel, add = board.trace, board.panel, reads.add
        with self.say(
            "Each commit says how the depth changed: plus one, plus one. A head that weighs "
            "every token equally returns their average; times the position, that is the sum: "
            f"depth {reads.summed.depth}."
        ) as line:
            line.wait_until("plus")
            self.play(
                *trace.pulse_commits(add, palette.SECONDARY),
                LaggedStart(*(FadeIn(m) for m in trace.depth_marks[:add]), lag_ratio=0.5),
                run_time=line.until("head"),
            )
            line.wait_until("average")
            self.play(FadeIn(panel.rule, shift=UP * style.NUDGE), run_time=style.FADE_TIME)
            line.wait_until("sum")
            self.play(FadeIn(panel.sum_line, shift=UP * style.NUDGE), run_time=style.FADE_TIME)

    def _depth_keys(self, board: StackBoard, reads: AddReads) -> None:
        """The trace moves up beside the plot; each write's key appears on the curve."""
        trace, keys, add = board.trace, board.keys, reads.add
        minus = "\u2212"  # the typographic minus sign
        with self.say(
            "Each value written to the stack leaves a key on a parabola: depth k sits at two k, "
            "minus k squared.",
            caption=f"Each value written to the stack leaves a key on a parabola: depth k sits "
            f"at (2k, {minus}k²).",
        ) as line:
            on_stage = [
                *trace.labels[:add], *trace.rows[:add], *trace.depth_marks[:add],
                board.panel.rule, board.panel.sum_line,
            ]  # fmt: skip
            self.play(*board.zoom.undo_all(on_stage), run_time=style.MOVE_TIME)
            self.play(Create(board.plot), Create(board.curve), run_time=style.MOVE_TIME)
            line.wait_until("depth")
            self.play(  # each key appears as its commit token lights up
                *trace.pulse_commits(add, palette.ACCENT),
                *(FadeIn(mark, scale=0.5) for mark in keys),
                *(FadeIn(label) for label in keys.labels),
                run_time=line.remaining(),
            )

    def _top_read(self, board: StackBoard, reads: AddReads) -> VGroup:
        """The query for the top of the stack touches its key: 5."""
        top = reads.top
        with self.say(
            f"To read the top, the query is {top.depth}, 1. A line square to it slides in and "
            f"first touches the key at depth {top.depth}. The head returns its value, "
            f"{top.winner.value}.",
            caption=f"To read the top, the query is ({top.depth}, 1). A line square to it slides "
            f"in and first touches the key at depth {top.depth}. The head returns its value, "
            f"{top.winner.value}.",
        ) as line:
            # the line starts 2 key units beyond the best score: clear of the keys' labels
            return self._read(board, top, 2.0, line, board.panel.top_line)

    def _below_read(self, board: StackBoard, reads: AddReads, marks: VGroup) -> VGroup:
        """The query for the value below touches the key one depth down: 3."""
        below = reads.below
        with self.say(
            f"For the value below it, the query is {below.depth}, 1, and the line touches "
            f"depth {below.depth}: its value, {below.winner.value}.",
            caption=f"For the value below it, the query is ({below.depth}, 1), and the line "
            f"touches depth {below.depth}: its value, {below.winner.value}.",
        ) as line:
            self.play(FadeOut(marks), run_time=style.FADE_TIME)
            # the line starts 1 key unit beyond the best score: clear of the heading
            return self._read(board, below, 1.0, line, board.panel.below_line)

    def _read(
        self, board: StackBoard, answer: Read, start: float, line: stage.SpokenLine, told: Mobject
    ) -> VGroup:
        """The query arrow for ``answer``, its line sliding in from ``start`` beyond the keys
        to the key it touches, and the value that key's row wrote (``told``: its panel line).
        Returns the arrow, the line and the ring, to clear."""
        keys, rows = board.keys, board.trace.rows
        direction = unit(answer.query)
        winner = keys.index(answer.winner)  # also its trace row: one stack write per row
        best = keys.best_offset(direction)
        side = float(np.dot(keys.key_points[winner], across(direction)))
        arrow = QueryArrow(keys.plot, direction, 1.25)  # a direction: any length
        sweep = SlidingLine(keys.plot, direction, best + start, half=0.75, side=side)
        asked, value_text = told[:-2], told[-2:]  # "query (2, 1) -> ", "05"

        def run_for(word: str) -> float:
            return max(style.FADE_TIME, line.until(word))

        self.play(GrowArrow(arrow), FadeIn(asked), run_time=run_for("query"))
        self.play(FadeIn(sweep.line), run_time=style.FADE_TIME)
        self.play(sweep.slide_to(best), run_time=run_for("touches"))
        touching: SupportingLine = sweep.at(best)  # where it stopped, not redrawn
        self.remove(sweep.line)
        self.add(touching)
        hit = keys.ring(winner, palette.HIGHLIGHT)
        self.play(
            Create(hit),
            drawing.pulse(rows[winner], rows[winner][:2], palette.TEXT),
            FadeIn(value_text, shift=RIGHT * style.NUDGE),
            run_time=run_for("value"),
        )
        self.settle([asked, value_text], told)
        return VGroup(arrow, touching, hit)

    def _hard_max(self, board: StackBoard, reads: AddReads) -> None:
        """Softmax would blend the values; these heads keep the top key's alone."""
        with self.say(
            "Ordinary attention would blend every value by its softmax weight, and return "
            f"{reads.blend:.2f}. These heads keep the top key's value alone: exactly "
            f"{reads.kept:g}."
        ) as line:
            line.wait_until("blend")
            self.play(
                FadeIn(board.panel.blend_line, shift=UP * style.NUDGE), run_time=style.FADE_TIME
            )
            line.wait_until("keep")
            self.play(
                FadeIn(board.panel.max_line, shift=UP * style.NUDGE), run_time=style.FADE_TIME
            )

    def _add_writes(self, board: StackBoard, reads: AddReads, marks: VGroup) -> list[Mobject]:
        """The add's result is appended; its key, at depth 1, is the latest write.
        Returns the plot as it stays."""
        trace, keys, add = board.trace, board.keys, reads.add
        written, below, top = reads.written, reads.below.winner, reads.top.winner
        new_key = keys.ring(
            keys.index(written), palette.HIGHLIGHT, stroke_width=style.STROKE, z_index=4
        )
        latest = drawing.prose(
            f"depth {written.depth}: {written.value:02x}",
            size=style.CAPTION_SIZE,
            color=palette.HIGHLIGHT,
        ).move_to(keys.labels[0], aligned_edge=LEFT)
        with self.say(
            f"{below.value} plus {top.value} is {reads.total}, and the machine appends it. Its "
            f"commit leaves a new key at depth {written.depth}, later than the {below.value}'s: "
            "the latest write wins.",
            caption=f"{below.value} + {top.value} = {reads.total}, and the machine appends it. "
            f"Its commit leaves a new key at depth {written.depth}, later than the "
            f"{below.value}'s: the latest write wins.",
        ) as line:
            self.play(
                FadeOut(marks),
                FadeIn(board.panel.add_line, shift=UP * style.NUDGE),
                run_time=style.FADE_TIME,
            )
            line.wait_until("appends")
            self.play(
                FadeIn(trace.lines(add, add + 1), shift=UP * style.NUDGE), run_time=style.FADE_TIME
            )
            line.wait_until("new")
            self.play(
                FadeIn(trace.depth_marks[add]),
                drawing.pulse(trace.rows[add], trace.commits[add], palette.ACCENT),
                Create(new_key),
                run_time=style.MOVE_TIME,
            )
            line.wait_until("latest")
            self.play(FadeTransform(keys.labels[0], latest), run_time=style.FADE_TIME)
        self.hold()
        return [board.plot, board.curve, *keys, *keys.labels[1:], latest, new_key]

    # --- Inside the weights ----------------------------------------------------------------

    def _inside_the_weights(self, keep: Sequence[Mobject]) -> None:
        """What the compiled weights compute: attention heads fetch, feed-forward units
        compute (the released code's construction), beside the stack's keys (``keep``)."""
        heads, units, source = weights_cards()
        self.next_section("inside-the-weights")
        self.clear_stage(keep=keep)
        with self.say(
            "In the released code, attention heads fetch: the next instruction by its "
            "position, the operands by their depth, the running sums by averaging."
        ) as line:
            self.play(FadeIn(heads.box), FadeIn(heads.content[0]), run_time=style.FADE_TIME)
            line.reveal(heads.content[1:], ("instruction", "operands", "running"))
        with self.say(
            "Feed-forward units compute: each opcode is a point on a circle, so one unit "
            "fires for it, and others add two bytes and a carry."
        ) as line:
            self.play(
                FadeIn(units.box),
                FadeIn(units.content[0]),
                FadeIn(source),
                run_time=style.FADE_TIME,
            )
            line.reveal(units.content[1:], ("opcode", "add"))
        self.hold()
        self.clear_stage()
