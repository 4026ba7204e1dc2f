"""Chapter 5: the append-only trace, on the real machine.

The 3 + 5 trace (``scenes.compute.wasm``) grows one row per instruction and is never edited:
to add, the machine must look back at the 3 and the 5 it wrote, however far back they are,
which raises the question the next chapters answer: how does it find them? Every token on
screen is one the interpreter actually produces.
"""

from __future__ import annotations

from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Create,
    CurvedArrow,
    FadeIn,
    FadeOut,
    Indicate,
    ReplacementTransform,
    ShowPassingFlash,
    VGroup,
)

from scenes import theme as t
from scenes.carry_over import Comparison
from scenes.compute.wasm import ADD_3_5, Execution, byte_tokens, run

ARC_TIP = 0.16  # tip length of the look-back arcs
# The 3 + 5 trace: instruction labels on the left, trace rows on the right, arcs between them
MACHINE_COLUMN_GAP = 1.4  # room between the two columns for the look-back arcs
MACHINE_LINE_SPACING = 1.4  # rows further apart than code, so the arcs between them read
# Bend of the arcs (radians; negative bends the upward arcs out to the left): the arc to the
# older operand bends more, so the two leave the add's row in different directions
MACHINE_ARC_ANGLES = (-2.3, -1.5)
MACHINE_ARC_BUFF = 0.12  # from an arc's start to the add's row
MACHINE_ARC_END_BUFF = 0.22  # from an arc's arrowhead to the operand it points at: clear of it
FLASH_WIDTH = 0.4  # the travelling part of the arcs' flash, as a fraction of their length
INDICATE_SCALE = 1.1  # a pulse on tokens in a row or a card: it stays clear of its neighbours


class MachineTrace(VGroup):
    """The first steps of the 3 + 5 trace, up to the add, and the add's two look-backs.

    ``labels`` name the instruction each ``rows`` entry came from; ``arcs`` run from the add's
    row back to the first byte token of each operand's row (``operands``).
    """

    def __init__(self, execution: Execution):
        super().__init__()
        steps = execution.steps
        add = next(i for i, step in enumerate(steps) if step.instruction.op == "i32.add")
        operand_steps = steps[add - 2 : add]  # the two pushes just before it: its stack top
        a, b = (step.instruction.arg for step in operand_steps)
        if any(step.instruction.op != "i32.const" for step in operand_steps) or (
            steps[add].tokens[:4] != tuple(byte_tokens(a + b))
            or [step.tokens[:4] for step in operand_steps] != [tuple(byte_tokens(a)),
                                                               tuple(byte_tokens(b))]
        ):
            raise RuntimeError("the drawn look-backs would not be the add's operands")
        self.a, self.b, self.result = a, b, a + b
        shown = steps[: add + 1]
        self.labels = t.code_block(
            [
                f"{s.instruction.op} {s.instruction.arg}" if s.instruction.op == "i32.const"
                else s.instruction.op
                for s in shown
            ],
            size=t.BODY_SIZE,
            color=t.MUTED,
            line_spacing=MACHINE_LINE_SPACING,
        )  # fmt: skip
        self.rows = t.code_block(
            [" ".join(step.tokens) for step in shown],
            size=t.BODY_SIZE,
            color=t.HIGHLIGHT,
            line_spacing=MACHINE_LINE_SPACING,
        )
        self.rows.next_to(self.labels, RIGHT, buff=MACHINE_COLUMN_GAP)
        for label, row in zip(self.labels, self.rows, strict=True):
            t.set_baseline(label, t.baseline(row))
        self.label_head = t.prose("instruction", size=t.CAPTION_SIZE, color=t.MUTED)
        self.trace_head = t.prose("trace", size=t.CAPTION_SIZE, color=t.HIGHLIGHT)
        self.label_head.next_to(self.labels, UP, buff=t.GAP_S).align_to(self.labels, LEFT)
        self.trace_head.align_to(self.rows, LEFT)
        t.set_baseline(self.trace_head, t.baseline(self.label_head))
        self.add_row = self.rows[add]
        self.operands = VGroup(*(self.rows[i][:2] for i in range(add - 2, add)))  # "03", "05"
        start = self.add_row.get_left() + LEFT * MACHINE_ARC_BUFF
        self.arcs = VGroup(
            *(
                CurvedArrow(
                    start,
                    [operand.get_left()[0] - MACHINE_ARC_END_BUFF, operand.get_center()[1], 0],
                    angle=angle,
                    color=t.HIGHLIGHT,
                    stroke_width=t.THIN_STROKE,
                    tip_length=ARC_TIP,
                )
                for operand, angle in zip(self.operands, MACHINE_ARC_ANGLES, strict=True)
            )
        )
        self.add(self.label_head, self.trace_head, self.labels, self.rows, self.arcs)


class AppendOnlyTrace(t.ChapterScene):
    """Nothing is overwritten: to add, the machine looks back at two values it wrote."""

    def construct(self) -> None:
        execution = run(ADD_3_5)
        machine = MachineTrace(execution)
        a, b, result = machine.a, machine.b, machine.result

        self.next_section("heading")
        # Chapter 4's last picture, under its heading: the trace it wrote becomes this
        # chapter's; the rest makes way, and the rows are named by their instructions
        before = Comparison(execution)
        self.open_on(*before.last_state())
        rows = before.trace[: len(machine.rows)]  # up to the add
        title = t.heading("The append-only trace")
        subtitle = t.prose("nothing is overwritten", color=t.MUTED)
        t.below(subtitle, title, buff=t.GAP_S)
        machine.move_to([0, (subtitle.get_bottom()[1] - t.safe_top()) / 2, 0])
        with self.say(
            "The trace is never edited. The model only appends to it, and reads back what it "
            "wrote."
        ) as line:
            self.play(*(FadeOut(m) for m in self.mobjects if m not in rows), run_time=t.FADE_TIME)
            self.play(
                FadeIn(title),
                *(  # the same tokens, larger and further apart
                    ReplacementTransform(old, new)
                    for old, new in zip(rows, machine.rows, strict=True)
                ),
                run_time=t.MOVE_TIME,
            )
            self.play(
                FadeIn(subtitle, shift=DOWN * t.NUDGE),
                FadeIn(machine.labels, shift=RIGHT * t.NUDGE),
                FadeIn(machine.label_head),
                FadeIn(machine.trace_head),
                run_time=t.FADE_TIME,
            )
            line.wait_until("appends")
            self.play(t.pulse(machine.add_row, machine.add_row, t.TEXT), run_time=t.MOVE_TIME)

        self.next_section("machine-lookback")  # the real machine, adding 3 and 5
        with self.say(
            f"To execute the add, the machine first had to find the {a} and the {b} it wrote "
            "earlier.",
            caption=f"To execute i32.add, the machine first had to find the {a} and the {b} "
            "it wrote earlier.",
        ) as line:
            line.wait_until("add,")
            self.play(t.pulse(machine.labels[-1], machine.labels[-1], t.TEXT))
            for arc, value, operand in zip(machine.arcs, (a, b), machine.operands, strict=True):
                line.wait_until(str(value))
                self.play(
                    Create(arc),
                    # glyph by glyph: a pulse on the row's own glyphs adds nothing to the stage
                    *(
                        Indicate(glyph, color=t.HIGHLIGHT, scale_factor=INDICATE_SCALE)
                        for glyph in operand
                    ),
                    run_time=t.MOVE_TIME,
                )
        with self.say(f"Only then could it append the result, {result}.") as line:
            line.wait_until(str(result))
            sum_token = machine.add_row[:2]  # its first byte token
            self.play(t.pulse(machine.add_row, sum_token, t.TEXT), run_time=t.MOVE_TIME)

        self.next_section("machine-again")  # however far back: the add's two look-backs
        with self.say(
            "However long the trace grows, the add looks back at just two values, wherever "
            "in the trace they were written."
        ) as line:
            line.wait_until("two")
            self.play(
                *(
                    ShowPassingFlash(arc.copy().set_stroke(width=t.STROKE), time_width=FLASH_WIDTH)
                    for arc in machine.arcs
                ),
                run_time=t.DRAW_TIME,
            )
        with self.say("But how does it find them?"):
            self.play(
                *(
                    Indicate(glyph, color=t.HIGHLIGHT, scale_factor=INDICATE_SCALE)
                    for operand in machine.operands
                    for glyph in operand
                ),
                run_time=t.DRAW_TIME,
            )
        self.hold()
        self.clear_stage()
