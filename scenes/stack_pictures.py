"""Pictures of the machine's own lookup on the 3 + 5 trace: each stack write a key on a parabola.

``AddReads`` gathers what i32.add reads in the real run (``scenes.compute.lookup``), and a
``StackBoard`` draws it: the ``TraceTable`` the keys come from, the ``ReadsPanel`` under it,
and the ``StackKeys`` on their ``Parabola`` in a ``KeyPlot`` of ``scenes.hull_pictures``.
The compiled weights' two cards (``weights_cards``) sit beside the keys at the end.
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
    add_with_carry,
    hard_max,
    operand_reads,
    running_sums,
    sequence,
    softmax_blend,
    stack_keys,
)
from scenes.compute.wasm import ADD_3_5, Step, program_tokens, run
from scenes.hull_pictures import KeyCloud, KeyPlot

Point = Sequence[float]
TIMES = "\u00d7"  # the multiplication sign


class Parabola(ParametricFunction):
    """The faint curve the stack keys sit on: depth k at (2k, -k^2 + lift), for depths
    ``depths``; ``lift`` is the bonus the first write's key carries, so the curve runs
    through the keys. Its top, ``apex``, is at depth 0."""

    OPACITY = 0.5

    def __init__(self, plot: KeyPlot, lift: float, depths: Point) -> None:
        super().__init__(
            lambda k: plot.to_screen((2 * k, -k * k + lift)),
            t_range=[*depths],
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

    def __init__(self, plot: KeyPlot, records: Sequence[Key], drawn: int) -> None:
        super().__init__(plot, [(key.x, key.y) for key in records[:drawn]])
        self.records = list(records)
        self.key_points += [(key.x, key.y) for key in records[drawn:]]
        self.labels = [
            drawing.prose(
                f"depth {key.depth}", size=style.CAPTION_SIZE, color=palette.ACCENT
            ).next_to(mark, RIGHT, buff=self.LABEL_GAP)
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
    rows' commit tokens and ``depth_marks`` the depth each commit's key is written at."""

    TOP = 2.55  # y of the first row
    ROW_GAP = 0.8  # between the rows: room for a depth under each
    LABEL_GAP = 0.45  # between an instruction's name and its row

    def __init__(self, steps: Sequence[Step], keys: Sequence[Key]) -> None:
        sources = [" ".join(step.tokens) for step in steps]
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

    ``steps`` is the trace up to the add, which writes one stack key each (``keys``, so row
    k of the trace wrote key k); ``before`` are the keys the add's reads can see, ``top`` and
    ``below`` its two reads, ``written`` the key its result leaves. The keys carry the
    released code's small bonus for later writes, so they sit a little above the parabola
    -k^2; ``lift`` is the first write's bonus, which lifts the faint curve through them (the
    bonus differs between these writes by less than a hundredth).
    """

    steps: list[Step]
    keys: list[Key]
    before: list[Key]
    written: Key
    top: Read
    below: Read
    summed: RunningSum  # the depth the top read asks for, as a running sum
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
        reads = cls(
            steps=execution.steps[: add + 1],
            keys=keys,
            before=before,
            written=next(key for key in keys if key.position > first_byte),
            top=top,
            below=below,
            summed=next(s for s in running_sums(tokens) if s.position == top.winner.position),
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

    def check(self) -> None:
        """The narration's numbers are what the lookups return."""
        top, below, written = self.top, self.below, self.written
        said = (top.winner.value, below.winner.value, written.value, written.depth, self.kept)
        if said != (5, 3, 8, below.depth, 5) or [byte for byte, _ in self.result] != [8, 0, 0, 0]:
            raise RuntimeError("the narration's 5, 3 and 8 are not what the lookups return")


class ReadsPanel(VGroup):
    """The reads, under the trace, one line each, named: the running depth (``rule``,
    ``sum_line``), the two queries, softmax against hard max, and the add."""

    def __init__(self, reads: AddReads) -> None:
        top, below, summed = reads.top, reads.below, reads.summed
        average = f"{summed.depth}/{summed.position}"
        lines = [
            drawing.code(f"depth = average {TIMES} position", color=palette.SECONDARY),
            drawing.code(
                f"{average} {TIMES} {summed.position} = {summed.depth}", color=palette.SECONDARY
            ),
            drawing.code(f"query ({top.depth}, 1) → {top.winner.value:02x}", color=palette.WARNING),
            drawing.code(
                f"query ({below.depth}, 1) → {below.winner.value:02x}", color=palette.WARNING
            ),
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
        (self.rule, self.sum_line, self.top_line, self.below_line, self.blend_line,
         self.max_line, self.add_line) = lines  # fmt: skip


class Zoom:
    """Mobjects shown larger, about their own centre (``home``), and moved so ``framing`` is
    centred on ``at``; ``undo`` takes one (or its ``.animate``) back to its place."""

    def __init__(
        self, mobjects: Sequence[Mobject], factor: float, at: np.ndarray, framing: Mobject
    ) -> None:
        self.mobjects, self.factor = list(mobjects), factor
        self.home = VGroup(*mobjects).get_center()
        VGroup(*mobjects).scale(factor, about_point=self.home)
        self.away = at - framing.get_center()
        VGroup(*mobjects).shift(self.away)

    def undo(self, mobject):  # a mobject, or its .animate
        """Back to its place and size (on a mobject at once, on ``.animate`` as an animation)."""
        return mobject.shift(-self.away).scale(1 / self.factor, about_point=self.home)

    def undo_all(self, moving: Sequence[Mobject]) -> list[Animation]:
        """Put the zoomed mobjects back: ``moving`` (on stage) by animations, the rest at once."""
        for mobject in self.mobjects:
            if mobject not in moving:
                self.undo(mobject)
        return [self.undo(mobject.animate) for mobject in moving]


class StackBoard:
    """Everything the machine's lookup draws: the trace and its reads at the right, the
    stack's keys on their parabola at the top left (origin top left, depths running down)."""

    def __init__(self, reads: AddReads) -> None:
        self.trace = TraceTable(reads.steps, reads.keys)
        self.panel = ReadsPanel(reads)
        self.plot = KeyPlot(origin=(-5.7, 2.0), unit=1.0, x_range=(-0.4, 3.6), y_range=(-5.4, 0.9))
        self.curve = Parabola(self.plot, reads.lift, depths=(0.0, 2.25))
        self.keys = StackKeys(self.plot, reads.keys, drawn=len(reads.before))
        # The trace and its first reads start larger, mid-frame, while the voice reads them;
        # they move up beside the plot when it comes
        trace = self.trace
        self.zoom = Zoom(
            [*trace.labels, *trace.rows, *trace.depth_marks, self.panel.rule, self.panel.sum_line],
            factor=1.35,
            at=np.array([0.0, 0.2, 0.0]),
            framing=VGroup(*trace.labels, *trace.rows),
        )


def weights_card(title: str, rows: list[tuple[str, str]], color: str) -> drawing.Card:
    """A card headed ``title`` listing what each part does, the hows aligned in a column."""
    width = max(len(name) for name, _ in rows) + 2
    lines = [
        drawing.code(f"{name:<{width}}{how}", size=style.BODY_SIZE, color=palette.TEXT)
        for name, how in rows
    ]
    head = drawing.prose(title, size=style.SUBHEADING_SIZE, color=color, bold=True)
    return drawing.card(drawing.stack([head, *lines], buff=style.GAP_SM), color=color)


def weights_cards() -> tuple[drawing.Card, drawing.Card, Mobject]:
    """The weights' two cards, heads over units, and their source line, right of the keys."""
    fetches = [("instruction", "by position"), ("operands", "by depth"),
               ("running sums", "by averaging")]  # fmt: skip
    computes = [("opcode", "one unit fires"), ("add", "byte + byte + carry")]
    heads = weights_card("attention heads: fetch", fetches, palette.ACCENT)
    units = weights_card("feed-forward: compute", computes, palette.POSITIVE)
    cards = VGroup(heads, units).arrange(DOWN, buff=style.GAP_M, aligned_edge=LEFT)
    source = drawing.prose("as the released code builds it", color=palette.MUTED)
    drawing.below(source, cards, buff=style.GAP_M)
    VGroup(cards, source).move_to([0.3, -0.35, 0], aligned_edge=LEFT)
    return heads, units, source
