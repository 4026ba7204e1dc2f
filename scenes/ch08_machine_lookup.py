"""Chapter 8: how the machine finds its operands, with the same 2D trick on its own trace.

To add 3 + 5 the machine needs the two values on top of its stack. The depth is a running
sum: a head weighs each of the tokens so far equally and returns their average depth change,
and the position turns that back into the sum. Each stack write leaves a key; on a straight
line an end key would always win, so the keys sit on a parabola, where the query for a depth
scores exactly that depth's key highest. Each operand takes two lookups (the latest write at
the depth gives the value's position, then its bytes are read there); a hard max returns the
value exactly, not a softmax blend; when the add writes its 8 at depth 1 the newer key wins
by its small position bonus. Everything shown comes from ``scenes.compute.lookup`` run on the
real trace (``stack_pictures.AddReads``). Depths count from 0 here, from 3 in the released
code (its closing prompt token adds 3), which the narration says.
"""

from __future__ import annotations

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
    Transform,
    VGroup,
)

from scenes import drawing, palette, stage, style
from scenes.compute.lookup import Read, key_scores, line_key, parabola_key, value_position
from scenes.hull_pictures import KeyRing, unit
from scenes.lookup_pictures import BonusLines, ScoreLabels, Touch, keys_moved, query_arrow
from scenes.stack_pictures import AddReads, StackBoard

HEADING = "2D heads and the convex hull"  # chapter 7's heading, which this chapter opens on
TITLE = "How the machine finds its operands"
TAPE_ZOOM = 0.8  # the camera's frame on the token tape, as a part of the whole frame
TAPE_VIEW = np.array([0.0, 0.7, 0.0])  # its centre: the heading stays inside its safe area
TIMES, MINUS = "\u00d7", "\u2212"  # the multiplication and the typographic minus signs


class MachineLookup(stage.ChapterScene):
    """The machine's own lookup on the 3 + 5 trace: why it is exact, step by step."""

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
        reads = AddReads.of_3_plus_5()
        board = StackBoard(reads)
        self._machine_lookup(board)
        self.next_section("running-depth")
        self._depth_changes(board, reads)
        self._average(board, reads)
        self._times_position(board, reads)
        self.next_section("line-keys")
        marks = self._line_keys(board, reads)
        self.next_section("parabola-keys")
        marks = self._parabola_keys(board, reads, marks)
        self._in_general(board, marks)
        self.next_section("top-read")
        marks = self._top_read(board, reads)
        self.next_section("below-read")
        marks = self._below_read(board, reads, marks)
        self.next_section("hard-max")
        marks = self._hard_max(board, reads, marks)
        self.next_section("add-writes")
        new_key = self._add_writes(board, reads, marks)
        self.next_section("latest-write")
        self._latest_write(board, reads, new_key)

    # --- The running depth, on the tape of every token so far -----------------------------

    def _machine_lookup(self, board: StackBoard) -> None:
        """The tape of every token so far, the camera close on it; the two values light up."""
        tape = board.tape
        frame = self.camera.frame
        values = [tape.row_cells(tape.trace, row)[0] for row in (0, 1)]  # the 03 and the 05
        with self.say(
            "To add 3 plus 5, the machine needs the two values on top of its stack.",
            caption="To add 3 + 5, the machine needs the two values on top of its stack.",
        ) as line:
            self.play(
                FadeIn(VGroup(tape.titles, *tape.cells[:-1]), shift=UP * style.NUDGE),
                frame.animate.scale(TAPE_ZOOM).move_to(TAPE_VIEW),
                run_time=style.MOVE_TIME,
            )
            line.wait_until("values")
            self.play(
                LaggedStart(*(Indicate(v, color=palette.TEXT) for v in values), lag_ratio=0.6),
                run_time=line.until("top"),
            )
            self.play(  # the top of the stack: the latest value, 5
                Indicate(values[1], color=palette.TEXT), run_time=line.remaining()
            )

    def _depth_changes(self, board: StackBoard, reads: AddReads) -> None:
        """Every token's depth change under it: +1 on the two pushes' commits, 0 elsewhere."""
        tape = board.tape
        marks = tape.marks[:-1]  # the last token, the add's first byte, comes one token later
        pushes = [m for m, t in zip(marks, tape.tokens, strict=False) if t.depth_change]
        zeros = [m for m, t in zip(marks, tape.tokens, strict=False) if not t.depth_change]
        with self.say(
            "Where is the top? Each token changes the depth: plus one for a push, zero for "
            "the rest."
        ) as line:
            line.wait_until("Each")
            self.play(
                LaggedStart(*(FadeIn(m, shift=DOWN * style.NUDGE) for m in marks), lag_ratio=0.1),
                run_time=line.until("plus"),
            )
            self.play(
                *(Indicate(m, color=palette.SECONDARY, scale_factor=1.5) for m in pushes),
                run_time=line.until("zero"),
            )
            self.play(
                LaggedStart(*(Indicate(m, color=palette.TEXT) for m in zeros), lag_ratio=0.05),
                run_time=line.remaining(),
            )

    def _average(self, board: StackBoard, reads: AddReads) -> None:
        """The head weighs the tokens after the start equally: their average change."""
        tape, averages, summed = board.tape, board.averages, reads.summed
        start, start_mark = tape.cell(0), tape.mark(0)  # left out of the average
        weighed = [tape.cell(p) for p in range(1, summed.position + 1)]
        with self.say(
            f"There are {summed.position} tokens so far. A head that weighs each one "
            f"equally returns their average: {summed.depth} over {summed.position}.",
            caption=f"There are {summed.position} tokens so far. A head that weighs each "
            f"one equally returns their average: {summed.depth}/{summed.position}.",
        ) as line:
            line.wait_until("There")
            self.play(
                start.animate.set_color(palette.MUTED),
                FadeOut(start_mark),
                LaggedStart(*(Indicate(c, color=palette.TEXT) for c in weighed), lag_ratio=0.08),
                run_time=line.until("head"),
            )
            self.play(  # back out: the lines under the tape come into view
                self.camera.frame.animate.scale(1 / TAPE_ZOOM).move_to(np.zeros(3)),
                FadeIn(averages.weights, shift=UP * style.NUDGE),
                run_time=line.until("average"),
            )
            self.play(FadeIn(averages.average, shift=UP * style.NUDGE), run_time=style.FADE_TIME)

    def _times_position(self, board: StackBoard, reads: AddReads) -> None:
        """Times the position: the depth. One token later the average changes, the depth not."""
        tape, averages, summed, later = board.tape, board.averages, reads.summed, reads.later
        with self.say(
            f"Times the position, {summed.position}, that is depth {summed.depth}. One token "
            f"later: {later.depth} over {later.position}, times {later.position}, still "
            f"{later.depth}. The released code starts at three.",
            caption=f"Times the position, {summed.position}, that is depth {summed.depth}. One "
            f"token later: {later.depth}/{later.position} {TIMES} {later.position}, still "
            f"{later.depth}. (The released code starts at 3.)",
        ) as line:
            line.wait_until("position")
            self.play(FadeIn(averages.product, shift=UP * style.NUDGE), run_time=style.FADE_TIME)
            line.wait_until("later")
            self.play(
                FadeIn(VGroup(tape.cells[-1], tape.marks[-1]), shift=LEFT * style.NUDGE),
                run_time=style.FADE_TIME,
            )
            line.wait_until(str(later.position))
            self.play(
                *(Transform(a, b) for a, b in zip(averages, averages.at(later), strict=True)),
                run_time=style.MOVE_TIME,
            )
            line.wait_until("released")  # its depth is this one plus 3, the same way
            self.play(Indicate(averages.product, color=palette.TEXT), run_time=line.remaining())

    # --- Why the keys sit on a parabola -----------------------------------------------------

    def _to_the_board(self, board: StackBoard) -> None:
        """The tape's two written rows become the trace beside the plot; the rest goes, before
        the plot is drawn. The depth line moves into the panel."""
        tape, trace, averages = board.tape, board.trace, board.averages
        rows = [tape.row_cells(tape.trace, row) for row in (0, 1)]
        moving = {id(m) for m in (*rows[0], *rows[1], averages.product)}
        leaving = [
            m for m in (tape.titles, *tape.cells, *tape.marks, *averages) if id(m) not in moving
        ]
        self.play(
            *(FadeOut(m, rate_func=stage.FIRST_HALF) for m in leaving),
            *(ReplacementTransform(row, trace.rows[k]) for k, row in enumerate(rows)),
            ReplacementTransform(averages.product, board.panel.sum_line),
            FadeIn(trace.depth_marks[:2], rate_func=stage.SECOND_HALF),
            Create(board.plot, rate_func=stage.SECOND_HALF),
            run_time=style.MOVE_TIME,
        )

    def _line_keys(self, board: StackBoard, reads: AddReads) -> VGroup:
        """Keys on a straight line: the query for depth 1 scores depth 2 higher, an end wins.
        Returns what the parabola beat moves on: the line's dots, labels, scores, arrow."""
        keys, plot, below = board.keys, board.plot, reads.below
        depths = [key.depth for key in reads.before]
        dots, labels = keys_moved(keys, [line_key(d) for d in depths])
        scores = key_scores(below.query, [line_key(d) for d in depths])
        numbers = ScoreLabels(labels, scores)
        direction = unit(below.query)
        arrow = query_arrow(plot, direction, 1.25)
        with self.say(
            "A query scores a key by a dot product: how far it lies along the query. On a "
            f"line, at two k, ask for depth {below.depth}: scores {scores[0]:g} and "
            f"{scores[1]:g}. The score only grows one way: an end wins.",
            caption="A query scores a key by a dot product: how far it lies along the query. On "
            f"a line, at (2k, 0), ask for depth {below.depth}: scores {scores[0]:g} and "
            f"{scores[1]:g}. The score only grows one way: an end wins.",
        ) as line:
            self._to_the_board(board)
            line.wait_until("key")
            self.play(FadeIn(dots, scale=0.5), FadeIn(labels), run_time=style.FADE_TIME)
            line.wait_until("along")
            self.play(GrowArrow(arrow), run_time=style.FADE_TIME)
            line.wait_until("line")  # the keys lie on one: depth k at (2k, 0)
            self.play(LaggedStart(*(Indicate(d) for d in dots), lag_ratio=0.5), run_time=1.0)
            line.wait_until("scores", 2)  # the first "scores" is the verb
            self.play(FadeIn(numbers[0], shift=UP * style.NUDGE), run_time=style.FADE_TIME)
            line.wait_until(f"{scores[1]:g}")
            self.play(FadeIn(numbers[1], shift=UP * style.NUDGE), run_time=style.FADE_TIME)
            line.wait_until("grows")
            wrong = self._slide(board, direction, dots, line, "end")
            self.play(Create(wrong), run_time=style.FADE_TIME)
        return VGroup(dots, labels, numbers, arrow, wrong)

    def _slide(
        self, board: StackBoard, direction: np.ndarray, dots: VGroup, line, word: str
    ) -> VGroup:
        """A line square to ``direction`` slides in and stops on the best of ``dots`` by
        ``word``; returns it, still, with a ring on that key (in WARNING: a wrong pick)."""
        touch = Touch(board.plot, direction, dots, approach=0.6)
        self.play(FadeIn(touch.sweep.line), run_time=style.FADE_TIME)
        self.play(
            touch.sweep.slide_to(touch.line.offset), run_time=max(style.FADE_TIME, line.until(word))
        )
        self.remove(touch.sweep.line)
        self.add(touch.line)
        return VGroup(touch.line, touch.ring)

    def _parabola_keys(self, board: StackBoard, reads: AddReads, marks: VGroup) -> VGroup:
        """Drop each key by k^2 onto the parabola: now the asked depth scores highest."""
        dots, labels, numbers, arrow, wrong = marks
        keys, below = board.keys, reads.below
        scores = key_scores(below.query, [parabola_key(key.depth) for key in reads.before])
        new_numbers = ScoreLabels(keys.labels, scores)
        with self.say(
            "So bend it: drop each key by k squared, onto a parabola. Now the scores are "
            f"{scores[0]:g} and {scores[1]:g}: the asked depth wins.",
            caption="So bend it: drop each key by k², onto a parabola. Now the scores are "
            f"{scores[0]:g} and {scores[1]:g}: the asked depth wins.",
        ) as line:
            line.wait_until("drop")
            self.play(
                FadeOut(wrong),
                *(Transform(d, k) for d, k in zip(dots, keys, strict=False)),
                *(Transform(a, b) for a, b in zip(labels, keys.labels, strict=True)),
                *(Transform(a, b) for a, b in zip(numbers, new_numbers, strict=True)),
                run_time=line.until("parabola"),
            )
            self.remove(*dots, *labels)
            self.add(*keys, *keys.labels)
            self.play(Create(board.curve), run_time=style.MOVE_TIME)
            line.wait_until("asked")
            right = self._slide(board, unit(below.query), VGroup(*keys), line, "wins")
            right[1].set_color(palette.HIGHLIGHT)
            self.play(Create(right[1]), run_time=style.FADE_TIME)
        return VGroup(numbers, arrow, right)

    def _in_general(self, board: StackBoard, marks: VGroup) -> None:
        """The score in closed form, and every key a corner of the hull."""
        with self.say(
            "For query i, key k scores i squared minus, k minus i, squared: highest at "
            "exactly k equals i. Every key is a hull corner, so any depth can win.",
            caption=f"For query i, key k scores i² {MINUS} (k {MINUS} i)²: highest at "
            "exactly k = i. Every key is a hull corner, so any depth can win.",
        ) as line:
            line.wait_until("scores")
            self.play(
                FadeIn(board.panel.score_line, shift=UP * style.NUDGE), run_time=style.FADE_TIME
            )
            line.wait_until("exactly")
            self.play(Indicate(board.panel.score_line, color=palette.QUERY), run_time=1.0)
            line.wait_until("corner")
            self.play(
                LaggedStart(*(Indicate(k, scale_factor=2.0) for k in board.keys), lag_ratio=0.5),
                run_time=line.remaining(),
            )
        self.play(FadeOut(marks), run_time=style.FADE_TIME)

    # --- The two reads ------------------------------------------------------------------------

    def _top_read(self, board: StackBoard, reads: AddReads) -> VGroup:
        """The query for the top touches depth 2; its position, then its bytes: 5."""
        top = reads.top
        at = value_position(top.winner)
        with self.say(
            f"For the top, the query is {top.depth}, 1: depth {top.depth} wins. That lookup "
            f"gives the {top.winner.value}'s position, {at}; a second reads its bytes: "
            f"{top.winner.value}.",
            caption=f"For the top, the query is ({top.depth}, 1): depth {top.depth} wins. That "
            f"lookup gives the {top.winner.value}'s position, {at}; a second reads its bytes: "
            f"{top.winner.value}.",
        ) as line:
            return self._read(board, top, line, board.panel.top_line, ("wins", "position", "bytes"))

    def _below_read(self, board: StackBoard, reads: AddReads, marks: VGroup) -> VGroup:
        """The query for the value below touches depth 1; its position, its bytes: 3."""
        below = reads.below
        at = value_position(below.winner)
        with self.say(
            f"Below it, the query {below.depth}, 1 finds depth {below.depth}, position {at}, "
            f"bytes {below.winner.value}.",
            caption=f"Below it, the query ({below.depth}, 1) finds depth {below.depth}, "
            f"position {at}, bytes {below.winner.value}.",
        ) as line:
            self.play(FadeOut(marks), run_time=style.FADE_TIME)
            words = ("depth", "position", "bytes")
            return self._read(board, below, line, board.panel.below_line, words)

    def _read(
        self, board: StackBoard, answer: Read, line: stage.SpokenLine, told: Mobject, words
    ) -> VGroup:
        """The query arrow for ``answer``, its line sliding in to the key it touches by
        ``words[0]``; the value's position (``words[1]``), then its bytes (``words[2]``) in
        its trace row, and the panel line ``told`` as they come. Returns what to clear."""
        keys, rows = board.keys, board.trace.rows
        direction = unit(answer.query)
        winner = keys.index(answer.winner)  # also its trace row: one stack write per row
        arrow = query_arrow(keys.plot, direction, 1.25)  # a direction: any length
        text = told.original_text
        split, last = text.index("→"), text.rindex("→")
        asked, where, value = (drawing.glyph_span(told, text, a, b) for a, b in
                               ((0, split), (split, last), (last, len(text))))  # fmt: skip
        self.play(
            GrowArrow(arrow), FadeIn(asked), run_time=max(style.FADE_TIME, line.until("query"))
        )
        touching = self._slide(board, direction, VGroup(*keys), line, words[0])
        hit = touching[1].set_color(palette.HIGHLIGHT)
        self.play(Create(hit), run_time=style.FADE_TIME)
        line.wait_until(words[1])
        commit = board.trace.commits[winner]
        self.play(
            FadeIn(where, shift=RIGHT * style.NUDGE),
            drawing.pulse(rows[winner], commit, palette.QUERY),
            run_time=style.FADE_TIME,
        )
        line.wait_until(words[2])
        source = board.trace.sources[winner]
        data = drawing.glyph_span(rows[winner], source, 0, source.rindex(" "))  # its 4 bytes
        self.play(
            drawing.pulse(rows[winner], data, palette.QUERY),
            FadeIn(value, shift=RIGHT * style.NUDGE),
            run_time=style.MOVE_TIME,
        )
        self.settle([asked, where, value], told)
        return VGroup(arrow, touching)

    # --- Exactly one value, and the latest write --------------------------------------------

    def _hard_max(self, board: StackBoard, reads: AddReads, marks: VGroup) -> VGroup:
        """Softmax would blend the values (the top read's, over both keys); these heads keep
        the top key's alone, ringed. Returns the ring, to clear."""
        keys = board.keys
        kept = keys.ring(keys.index(reads.top.winner), palette.HIGHLIGHT)
        with self.say(
            f"Softmax would blend the values: {reads.blend:.2f}. These heads keep "
            f"only the top: exactly {reads.kept:g}, by construction, not training."
        ) as line:
            line.wait_until("blend")
            self.play(
                FadeOut(marks),  # the read below is done: this is the top read's choice
                FadeIn(board.panel.blend_line, shift=UP * style.NUDGE),
                run_time=style.FADE_TIME,
            )
            line.wait_until("only")
            self.play(
                FadeIn(board.panel.max_line, shift=UP * style.NUDGE),
                Create(kept),
                run_time=style.FADE_TIME,
            )
            line.wait_until("construction")
            self.play(Indicate(board.panel.max_line, color=palette.POSITIVE), run_time=1.0)
        self.hold(1.0)  # the exact answer: a breath
        return VGroup(kept)

    def _add_writes(self, board: StackBoard, reads: AddReads, marks: VGroup) -> KeyRing:
        """The add's result is appended; its key lands at depth 1, on the 3's. Returns its
        ring."""
        trace, keys, add = board.trace, board.keys, reads.add
        written, below, top = reads.written, reads.below.winner, reads.top.winner
        new_key = keys.ring(
            keys.index(written), palette.HIGHLIGHT, stroke_width=style.STROKE, z_index=4
        )
        with self.say(
            f"{below.value} plus {top.value} is {reads.total}, appended at depth "
            f"{written.depth}, where the {below.value} was.",
            caption=f"{below.value} + {top.value} = {reads.total}, appended at depth "
            f"{written.depth}, where the {below.value} was.",
        ) as line:
            self.play(
                FadeOut(marks),
                FadeIn(board.panel.add_line, shift=UP * style.NUDGE),
                run_time=style.FADE_TIME,
            )
            line.wait_until("appended")
            self.play(FadeIn(trace.rows[add], shift=UP * style.NUDGE), run_time=style.FADE_TIME)
            line.wait_until("depth")
            self.play(
                FadeIn(trace.depth_marks[add]),
                drawing.pulse(trace.rows[add], trace.commits[add], palette.ACCENT),
                Create(new_key),
                run_time=style.MOVE_TIME,
            )
        return new_key

    def _latest_write(self, board: StackBoard, reads: AddReads, new_key: KeyRing) -> None:
        """Two keys at depth 1: the parabola's part ties, the newer key's bonus wins. Then
        the bridge to the feed-forward layers."""
        panel, keys, written = board.panel, board.keys, reads.written
        parts = reads.bonus_parts()
        bonus = BonusLines(parts, winner=len(parts) - 1)
        bonus.move_to(panel.blend_line, aligned_edge=LEFT + UP)
        latest = drawing.prose(
            f"depth {written.depth}: {written.value:02x}",
            size=style.CAPTION_SIZE,
            color=palette.HIGHLIGHT,
        ).move_to(keys.labels[0], aligned_edge=RIGHT)
        with self.say(
            "Two keys, one depth: each has a small bonus that grows with position, so the "
            "latest write wins."
        ) as line:
            self.play(FadeOut(panel.blend_line), FadeOut(panel.max_line), run_time=style.FADE_TIME)
            line.wait_until("bonus")
            self.play(FadeIn(bonus, shift=UP * style.NUDGE), run_time=style.MOVE_TIME)
            line.wait_until("latest")
            self.play(
                Indicate(bonus[bonus.winner], color=palette.HIGHLIGHT),
                FadeTransform(keys.labels[0], latest),
                Indicate(new_key),
                run_time=line.remaining(),
            )
        with self.say(
            "Finding operands is attention's job. The feed-forward layers do the rest."
        ) as line:
            line.wait_until("feed-forward")
            self.play(Indicate(panel.add_line, color=palette.HIGHLIGHT), run_time=1.5)
        self.hold(1.0)  # a breath on the last picture
        self.clear_stage()  # chapter 9 opens on a plain stage with its own heading
