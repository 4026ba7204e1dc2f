"""Chapter 8: how the machine finds its operands, with the same 2D trick on its own trace.

To add 3 + 5 the machine needs the two values on top of its stack. The depth is a running sum
(a head that weighs every token equally, times the position); each stack write leaves a key
on a parabola, so the query for a depth touches exactly that depth's key; a hard max returns
its value, not a softmax blend; the add's result is written as a new, latest key. Then what
the compiled weights do: attention heads fetch, feed-forward units compute. Everything shown
comes from ``scenes.compute.lookup`` run on the real trace (``stack_pictures.AddReads``).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from manim import (
    LEFT,
    RIGHT,
    UP,
    Create,
    FadeIn,
    FadeOut,
    FadeTransform,
    GrowArrow,
    LaggedStart,
    Mobject,
    VGroup,
)

from scenes import drawing, palette, stage, style
from scenes.compute.lookup import Read
from scenes.hull_pictures import QueryArrow, SlidingLine, SupportingLine, across, unit
from scenes.stack_pictures import AddReads, StackBoard, weights_cards

HEADING = "2D heads and the convex hull"  # chapter 7's heading, which this chapter opens on
TITLE = "How the machine finds its operands"


class MachineLookup(stage.ChapterScene):
    """The machine's own lookup on the 3 + 5 trace, and what the compiled weights compute."""

    def construct(self) -> None:
        carried = drawing.heading(HEADING)
        self.open_on(carried)
        heading = drawing.heading(TITLE)
        self.next_section("machine-lookup")
        self.play(
            FadeOut(carried, rate_func=stage.FIRST_HALF),
            FadeIn(heading, rate_func=stage.SECOND_HALF),
            run_time=2 * style.FADE_TIME,
        )
        plot = self._stack_lookup()  # the machine's own lookup, on the 3 + 5 trace
        self._inside_the_weights(keep=[heading, *plot])  # named beside the stack's keys

    # --- The machine's own lookup ----------------------------------------------------------

    def _stack_lookup(self) -> list[Mobject]:
        """The machine's own lookup on the 3 + 5 trace: the depth as a running sum, each stack
        write a key on a parabola, the queries for the top and the value below it, hard max
        against a softmax blend, and the add's result written as a new, latest key. Everything
        shown comes from ``scenes.compute.lookup`` run on the real trace (``AddReads``).
        Returns the plot, which stays."""
        reads = AddReads.of_3_plus_5()
        board = StackBoard(reads)
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
