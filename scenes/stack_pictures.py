"""Pictures of the machine's own lookup on the 3 + 5 trace: each stack write a key on a parabola.

``AddReads`` gathers what i32.add reads in the real run (``scenes.compute.lookup``), and a
``StackBoard`` draws it: first the ``TokenTape`` of every token so far and its averages
(``scenes.lookup_pictures``), then the ``TraceTable`` the keys come from, the ``ReadsPanel``
under it, and the ``StackKeys`` on their ``Parabola`` in a ``KeyPlot`` of
``scenes.hull_pictures``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from manim import DOWN, LEFT, RIGHT, UP, Animation, Mobject, ParametricFunction, VGroup

from scenes import drawing, palette, style
from scenes.compute.hull import dot
from scenes.compute.lookup import (
    Key,
    Read,
    RunningSum,
    Token,
    add_with_carry,
    hard_max,
    operand_reads,
    read_stack,
    read_value,
    running_sum_at,
    score_parts,
    sequence,
    softmax_blend,
    stack_keys,
    value_position,
)
from scenes.compute.wasm import ADD_3_5, Step, program_tokens, run
from scenes.hull_pictures import KeyCloud, KeyPlot
from scenes.lookup_pictures import AverageLines, TokenTape, depth_line

Point = Sequence[float]


class Parabola(ParametricFunction):
    """The faint curve the stack keys sit on: depth k at (2k, -k^2 + lift), for depths
    ``depths``; ``lift`` is the bonus the first write's key carries, so the curve runs
    through the keys. Its top, ``apex``, is at depth 0, inside the drawn range, so the
    curve is seen to turn there."""

    OPACITY = 0.5
    STEP = 0.05  # depth between the curve's samples

    def __init__(self, plot: KeyPlot, lift: float, depths: Point) -> None:
        if not depths[0] < 0 < depths[1]:
            raise ValueError(f"the drawn depths {depths} must run either side of the apex")
        super().__init__(
            lambda k: plot.to_screen((2 * k, -k * k + lift)),
            t_range=[*depths, self.STEP],  # depths[0] a multiple of STEP: a sample at the apex
            color=palette.MUTED,
            stroke_width=style.THIN_STROKE,
            stroke_opacity=self.OPACITY,
        )
        self.lift, self.depths = lift, tuple(depths)

    @property
    def apex(self) -> tuple[float, float]:
        """The curve's top in key space: depth 0, where -k^2 is largest."""
        return (0.0, self.lift)


class StackKeys(KeyCloud):
    """The keys the stack's writes leave (``records``, in trace order, ``self[k]`` the dot of
    ``records[k]``), each drawn one labelled with its depth (``labels``). Only the first
    ``drawn`` have a dot: a later write's key is there to be ringed when it is written."""

    LABEL_GAP = 0.22  # from a key to its depth label
    LABEL_DROP = 0.2  # labels sit left of and a little under their keys, where no query's line
    # sweeps in (queries point right and up) and under the curve

    def __init__(self, plot: KeyPlot, records: Sequence[Key], drawn: int) -> None:
        super().__init__(plot, [(key.x, key.y) for key in records[:drawn]])
        self.records = list(records)
        self.key_points += [(key.x, key.y) for key in records[drawn:]]
        self.labels = [
            drawing.prose(f"depth {key.depth}", size=style.CAPTION_SIZE, color=palette.ACCENT)
            .next_to(mark, LEFT, buff=self.LABEL_GAP)
            .shift(DOWN * self.LABEL_DROP)
            for key, mark in zip(records[:drawn], self, strict=True)
        ]

    def index(self, key: Key) -> int:
        """The index of ``key`` among the keys (what a ring around it keeps)."""
        return self.records.index(key)

    def best_offset(self, direction: np.ndarray) -> float:
        """The highest score among the drawn keys for the unit ``direction``: where a line
        square to it first touches them."""
        return max(dot(self.key_points[k], direction) for k in range(len(self)))


def instruction_name(step: Step) -> str:
    """How the trace names a step's instruction: ``i32.const 3``, ``i32.add``."""
    if step.instruction.op == "i32.const":
        return f"i32.const {step.instruction.arg}"
    return step.instruction.op


class TraceTable:
    """The trace, as chapters 4 and 5 show it: each instruction's name (``labels``, aligned
    on their left) and its tokens (``rows``, right-aligned on the frame); ``commits`` are the
    rows' commit tokens and ``depth_marks`` the depth each commit's key is written at;
    ``sources`` are the rows' texts."""

    TOP = 2.55  # y of the first row
    ROW_GAP = 0.8  # between the rows: room for a depth under each
    LABEL_GAP = 0.45  # between an instruction's name and its row

    def __init__(self, steps: Sequence[Step], keys: Sequence[Key]) -> None:
        self.sources = sources = [" ".join(step.tokens) for step in steps]
        self.rows = VGroup(*(drawing.code(source, color=palette.HIGHLIGHT) for source in sources))
        self.labels = VGroup(
            *(drawing.code(instruction_name(s), color=palette.MUTED) for s in steps)
        )
        for k, (label, row) in enumerate(zip(self.labels, self.rows, strict=True)):
            row.move_to([drawing.safe_right(), 0, 0], aligned_edge=RIGHT)
            drawing.set_baseline(row, self.TOP - k * self.ROW_GAP)
            label.next_to(row, LEFT, buff=self.LABEL_GAP)
            drawing.set_baseline(label, drawing.baseline(row))
        left = min(label.get_left()[0] for label in self.labels)
        for label in self.labels:
            label.shift(RIGHT * (left - label.get_left()[0]))
        self.commits = [
            drawing.glyph_span(row, source, len(source) - len(step.tokens[-1]), len(source))
            for row, source, step in zip(self.rows, sources, steps, strict=True)
        ]
        self.depth_marks = VGroup(
            *(
                drawing.prose(
                    f"depth {key.depth}", size=style.MIN_FONT_SIZE, color=palette.SECONDARY
                ).next_to(commit, DOWN, buff=style.GAP_XS)
                for key, commit in zip(keys, self.commits, strict=True)
            )
        )

    def lines(self, start: int, stop: int) -> VGroup:
        """Rows ``start`` to ``stop - 1`` with their names."""
        return VGroup(*self.labels[start:stop], *self.rows[start:stop])

    def pulse_commits(self, count: int, color: str) -> list[Animation]:
        """Light up the first ``count`` rows' commit tokens."""
        return [
            drawing.pulse(row, commit, color)
            for row, commit in zip(self.rows[:count], self.commits[:count], strict=True)
        ]


@dataclass(frozen=True)
class AddReads:
    """What i32.add reads in the 3 + 5 trace, from ``scenes.compute.lookup`` on the real run.

    ``tokens`` is the whole sequence, prompt then trace; ``steps`` the trace up to the add,
    which writes one stack key each (``keys``, so row k of the trace wrote key k); ``before``
    are the keys the add's reads can see, ``top`` and ``below`` its two reads (made at the
    token before ``first_byte``, the add's first result byte), ``written`` the key its result
    leaves and ``after`` the read of that depth once it is written. The keys carry the
    released code's small bonus for later writes, so they sit a little above the parabola
    -k^2; ``lift`` is the first write's bonus, which lifts the faint curve through them (the
    bonus differs between these writes by less than a hundredth).
    """

    tokens: list[Token]
    steps: list[Step]
    keys: list[Key]
    before: list[Key]
    written: Key
    top: Read
    below: Read
    after: Read
    first_byte: int
    summed: RunningSum  # the depth the top read asks for, as a running sum
    later: RunningSum  # the same sum one token later
    blend: float  # what softmax attention would return for the top read
    kept: float  # what the hard-max head returns
    result: list[tuple[int, int]]  # the add's little-endian (byte, carry)s
    lift: float

    @classmethod
    def of_3_plus_5(cls) -> AddReads:
        """Run the 3 + 5 program and read what its add reads, checked against the narration."""
        execution = run(ADD_3_5)
        tokens = sequence(ADD_3_5, execution)
        add = next(i for i, step in enumerate(execution.steps) if step.instruction.op == "i32.add")
        first_byte = len(program_tokens(ADD_3_5)) + sum(
            len(step.tokens) for step in execution.steps[:add]
        )
        top, below = operand_reads(tokens, first_byte)
        keys = stack_keys(tokens)
        before = [key for key in keys if key.position < first_byte]
        values = [key.value for key in before]
        written = next(key for key in keys if key.position > first_byte)
        reads = cls(
            tokens=tokens,
            steps=execution.steps[: add + 1],
            keys=keys,
            before=before,
            written=written,
            top=top,
            below=below,
            after=read_stack(keys, written.depth, written.position + 1),
            first_byte=first_byte,
            summed=running_sum_at(tokens, first_byte - 1),
            later=running_sum_at(tokens, first_byte),
            blend=softmax_blend(top.scores, values),
            kept=hard_max(top.scores, values),
            result=add_with_carry(below.winner.value, top.winner.value),
            lift=before[0].y + before[0].depth ** 2,
        )
        reads.check()
        return reads

    @property
    def add(self) -> int:
        """The add's row in the trace."""
        return len(self.steps) - 1

    @property
    def total(self) -> int:
        """The value of the add's little-endian result bytes."""
        return sum(byte << (8 * k) for k, (byte, _) in enumerate(self.result))

    def prompt_rows(self) -> list[list[Token]]:
        """The prompt as the tape lays it out: one row per instruction, the opening brace on
        the first row and the closing one on the last."""
        body = len(program_tokens(ADD_3_5)) - 1  # the tokens before the closing brace
        rows = [list(self.tokens[p : p + 5]) for p in range(1, body, 5)]
        rows[0].insert(0, self.tokens[0])
        rows[-1].append(self.tokens[body])
        return rows

    def trace_rows(self) -> list[list[Token]]:
        """The trace as the tape lays it out, one row per step up to the add's first byte,
        that byte alone on the last row (the token one later)."""
        rows, position = [], len(program_tokens(ADD_3_5))
        for step in self.steps[: self.add]:
            rows.append(list(self.tokens[position : position + len(step.tokens)]))
            position += len(step.tokens)
        return [*rows, [self.tokens[self.first_byte]]]

    def bonus_parts(self) -> list[tuple[int, float, float]]:
        """The keys at the written depth, oldest first: (value, parabola's part, bonus)."""
        at_depth = [key for key in self.keys if key.depth == self.written.depth]
        return [(key.value, *score_parts(self.after.query, key)) for key in at_depth]

    def check(self) -> None:
        """The narration's numbers are what the lookups return."""
        top, below, written = self.top, self.below, self.written
        said = (top.winner.value, below.winner.value, written.value, written.depth, self.kept)
        if said != (5, 3, 8, below.depth, 5) or [byte for byte, _ in self.result] != [8, 0, 0, 0]:
            raise RuntimeError("the narration's 5, 3 and 8 are not what the lookups return")
        if self.after.winner != written or self.summed.depth != self.later.depth:
            raise RuntimeError("the latest write must win, and one token later keep the depth")
        for read in (top, below):
            if read_value(self.tokens, value_position(read.winner)) != read.winner.value:
                raise RuntimeError("the byte lookup must read back the value the key stands for")


class ReadsPanel(VGroup):
    """The reads, under the trace, one line each, named: the running depth, the score a
    parabola key gets, the two queries (position of the value, then its bytes), softmax
    against hard max, and the add."""

    def __init__(self, reads: AddReads) -> None:
        top, below = reads.top, reads.below
        minus = "\u2212"  # the typographic minus sign
        lines = [
            depth_line(reads.later),  # where the tape's averages end, one token later
            drawing.code(f"score = i² {minus} (k {minus} i)²", color=palette.QUERY),
            self.read_line(top),
            self.read_line(below),
            drawing.code(f"softmax blend  {reads.blend:.2f}", color=palette.MUTED),
            drawing.code(f"hard max       {reads.kept:g}", color=palette.POSITIVE),
            drawing.code(
                f"{below.winner.value:02x} + {top.winner.value:02x} = {reads.result[0][0]:02x}",
                color=palette.HIGHLIGHT,
            ),
        ]
        super().__init__(*lines)
        self.arrange(DOWN, buff=0.33, aligned_edge=LEFT)
        self.move_to([0.7, 0.3, 0], aligned_edge=LEFT + UP)  # its top left, under the trace
        (self.sum_line, self.score_line, self.top_line, self.below_line, self.blend_line,
         self.max_line, self.add_line) = lines  # fmt: skip

    @staticmethod
    def read_line(read: Read) -> Mobject:
        """``query (2, 1) → at 27 → 05``: the query, where its key's value was written, and
        the value's low byte there (the last two glyphs)."""
        depth, position, value = read.depth, value_position(read.winner), read.winner.value
        text = f"query ({depth}, 1) → at {position} → {value:02x}"
        return drawing.code(text, color=palette.QUERY)


class StackBoard:
    """Everything the machine's lookup draws: the trace and its reads at the right, the
    stack's keys on their parabola at the top left (origin top left, depths running down).
    The tape of every token so far comes first, mid-frame."""

    DEPTHS = (-0.4, 2.3)  # the parabola's drawn depths: its apex inside them

    def __init__(self, reads: AddReads) -> None:
        self.tape = TokenTape(reads.prompt_rows(), reads.trace_rows())
        self.tape.move_to([0.0, 0.55, 0])
        self.averages = AverageLines(reads.summed, self.tape)
        self.trace = TraceTable(reads.steps, reads.keys)
        self.panel = ReadsPanel(reads)
        self.plot = KeyPlot(origin=(-5.5, 2.0), unit=1.0, x_range=(-0.8, 3.6), y_range=(-5.4, 0.9))
        self.curve = Parabola(self.plot, reads.lift, depths=self.DEPTHS)
        self.keys = StackKeys(self.plot, reads.keys, drawn=len(reads.before))
