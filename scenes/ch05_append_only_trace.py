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
    Animation,
    Create,
    CurvedArrow,
    FadeIn,
    FadeOut,
    Indicate,
    Mobject,
    ReplacementTransform,
    ShowPassingFlash,
    VGroup,
)

from scenes import drawing, palette, stage, style
from scenes.carry_over import Comparison
from scenes.compute.wasm import ADD_3_5, Execution, byte_tokens, instruction_text, run
from scenes.framing import view_on, whole_frame

BREATH = 1.0  # a hold after a payoff, before the next line
INDICATE_SCALE = 1.1  # a pulse on tokens in a row or a card: it stays clear of its neighbours


def first_add(execution: Execution) -> tuple[int, int, int]:
    """The step of the trace's first i32.add and the two values it adds (its stack top).

    Checked against the tokens the machine wrote, so the drawn look-backs are the add's
    real operands: two i32.const pushes just before it, whose bytes sum to the add's row.
    """
    steps = execution.steps
    add = next(i for i, step in enumerate(steps) if step.instruction.op == "i32.add")
    operand_steps = steps[add - 2 : add]
    a, b = (step.instruction.arg for step in operand_steps)
    written = [step.tokens[:4] for step in (*operand_steps, steps[add])]
    if any(step.instruction.op != "i32.const" for step in operand_steps) or written != [
        tuple(byte_tokens(value)) for value in (a, b, a + b)
    ]:
        raise RuntimeError("the drawn look-backs would not be the add's operands")
    return add, a, b


class MachineTrace(VGroup):
    """The first steps of the 3 + 5 trace, up to the add, and the add's two look-backs.

    ``labels`` name the instruction each ``rows`` entry came from; ``arcs`` run from the add's
    row back to the first byte token of each operand's row (``operands``).
    """

    COLUMN_GAP = 1.4  # room between the two columns for the look-back arcs
    LINE_SPACING = 1.4  # rows further apart than code, so the arcs between them read
    # Bend of the arcs (radians; negative bends the upward arcs out to the left): the arc to
    # the older operand bends more, so the two leave the add's row in different directions
    ARC_ANGLES = (-2.3, -1.5)
    ARC_BUFF = 0.12  # from an arc's start to the add's row
    ARC_END_BUFF = 0.22  # from an arc's arrowhead to the operand it points at: clear of it
    ARC_TIP = 0.16  # tip length of the look-back arcs
    FLASH_WIDTH = 0.4  # the travelling part of the arcs' flash, as a fraction of their length

    def __init__(self, execution: Execution):
        super().__init__()
        add, self.a, self.b = first_add(execution)
        self.result = self.a + self.b
        shown = execution.steps[: add + 1]
        self.labels = self.column([instruction_text(s.instruction) for s in shown], palette.MUTED)
        self.rows = self.column([" ".join(step.tokens) for step in shown], palette.HIGHLIGHT)
        self.rows.next_to(self.labels, RIGHT, buff=self.COLUMN_GAP)
        for label, row in zip(self.labels, self.rows, strict=True):
            drawing.set_baseline(label, drawing.baseline(row))
        self.label_head = drawing.prose("instruction", size=style.CAPTION_SIZE, color=palette.MUTED)
        self.trace_head = drawing.prose("trace", size=style.CAPTION_SIZE, color=palette.HIGHLIGHT)
        self.label_head.next_to(self.labels, UP, buff=style.GAP_S).align_to(self.labels, LEFT)
        self.trace_head.align_to(self.rows, LEFT)
        drawing.set_baseline(self.trace_head, drawing.baseline(self.label_head))
        self.add_row = self.rows[add]
        self.operands = VGroup(*(self.rows[i][:2] for i in range(add - 2, add)))  # "03", "05"
        self.arcs = VGroup(
            *(self.arc_to(operand, angle)
              for operand, angle in zip(self.operands, self.ARC_ANGLES, strict=True))
        )  # fmt: skip
        self.add(self.label_head, self.trace_head, self.labels, self.rows, self.arcs)

    def column(self, lines: list[str], color: str) -> VGroup:
        """One column of the picture: a line per step shown, spaced for the arcs."""
        return drawing.code_block(
            lines, size=style.BODY_SIZE, color=color, line_spacing=self.LINE_SPACING
        )

    def arc_to(self, operand: Mobject, angle: float) -> CurvedArrow:
        """A look-back from the add's row to an operand's first byte token."""
        start = self.add_row.get_left() + LEFT * self.ARC_BUFF
        end = [operand.get_left()[0] - self.ARC_END_BUFF, operand.get_center()[1], 0]
        return CurvedArrow(
            start, end, angle=angle, color=palette.HIGHLIGHT, stroke_width=style.THIN_STROKE,
            tip_length=self.ARC_TIP,
        )  # fmt: skip

    @property
    def sum_token(self) -> VGroup:
        """The add's first byte token: the result it appended."""
        return self.add_row[:2]

    def look_back(self, n: int) -> list[Animation]:
        """Draw the add's ``n``-th look-back as its operand lights up.

        Glyph by glyph: a pulse on the row's own glyphs adds nothing to the stage.
        """
        return [Create(self.arcs[n]), *indicate_glyphs(self.operands[n])]

    def flash_arcs(self, back: bool = False) -> list[Animation]:
        """Run a bright flash along both look-backs, which stay drawn: from the add's row to
        the operands, or (``back``) from the operands to the add's row, their values coming."""
        flashes = []
        for arc in self.arcs:
            flash = arc.copy().set_stroke(width=style.STROKE)
            if back:
                flash.reverse_points()
            flashes.append(ShowPassingFlash(flash, time_width=self.FLASH_WIDTH))
        return flashes

    def indicate_operands(self) -> list[Animation]:
        """Light up both operands at once, glyph by glyph."""
        return [anim for operand in self.operands for anim in indicate_glyphs(operand)]


def indicate_glyphs(glyphs: Mobject) -> list[Animation]:
    """A pulse on each glyph of ``glyphs``, kept small so it stays clear of its neighbours."""
    return [
        Indicate(glyph, color=palette.HIGHLIGHT, scale_factor=INDICATE_SCALE) for glyph in glyphs
    ]


class AppendOnlyTrace(stage.ChapterScene):
    """Nothing is overwritten: to add, the machine looks back at two values it wrote."""

    def construct(self) -> None:
        execution = run(ADD_3_5)
        machine = MachineTrace(execution)

        self.next_section("heading")
        self.heading(execution, machine)
        self.next_section("machine-lookback")  # the real machine, adding 3 and 5
        self.find_and_add(machine)
        self.next_section("machine-again")  # however far back: the add's two look-backs
        self.however_far(machine)
        self.hold()
        self.clear_stage()

    def heading(self, execution: Execution, machine: MachineTrace) -> None:
        """Chapter 4's last picture, under its heading: the trace it wrote becomes this
        chapter's; the rest makes way, and the rows are named by their instructions."""
        before = Comparison(execution)
        self.open_on(*before.last_state())
        rows = before.trace[: len(machine.rows)]  # up to the add
        title = drawing.heading("The append-only trace")
        subtitle = drawing.prose("nothing is overwritten", color=palette.MUTED)
        drawing.below(subtitle, title, buff=style.GAP_S)
        self.titles = VGroup(title, subtitle)  # they make way while the camera is close
        machine.move_to([0, (subtitle.get_bottom()[1] - drawing.safe_top()) / 2, 0])
        with self.say(
            "The trace is never edited. The model only appends to it, and reads back what it wrote."
        ) as line:
            # Beat: all but the trace makes way; its rows grow into the machine's
            self.play(
                *(FadeOut(m) for m in self.mobjects if m not in rows), run_time=style.FADE_TIME
            )
            self.play(
                FadeIn(title),
                *(  # the same tokens, larger and further apart
                    ReplacementTransform(old, new)
                    for old, new in zip(rows, machine.rows, strict=True)
                ),
                run_time=style.MOVE_TIME,
            )
            # Beat: the rows are named by their instructions
            self.play(
                FadeIn(subtitle, shift=DOWN * style.NUDGE),
                FadeIn(machine.labels, shift=RIGHT * style.NUDGE),
                FadeIn(machine.label_head),
                FadeIn(machine.trace_head),
                run_time=style.FADE_TIME,
            )
            line.wait_until("appends")
            self.play(
                drawing.pulse(machine.add_row, machine.add_row, palette.TEXT),
                run_time=style.MOVE_TIME,
            )
            line.wait_until("reads")  # what it wrote before: the rows above the newest
            self.play(
                *(drawing.pulse(row, row, palette.TEXT) for row in machine.rows[:-1]),
                run_time=style.MOVE_TIME,
            )

    def find_and_add(self, machine: MachineTrace) -> None:
        """To add, the machine reaches back to each operand, then appends the sum."""
        a, b = machine.a, machine.b
        with self.say(
            f"To execute the add, the machine first had to find the {a} and the {b} it wrote "
            "earlier.",
            caption=f"To execute i32.add, the machine first had to find the {a} and the {b} "
            "it wrote earlier.",
        ) as line:
            line.wait_until("add,")
            self.play(  # the camera comes close on the rows the add reads and writes
                view_on(self.camera.frame, machine),
                FadeOut(self.titles),
                drawing.pulse(machine.labels[-1], machine.labels[-1], palette.TEXT),
                run_time=style.MOVE_TIME,
            )  # fmt: skip
            line.wait_until(str(a))
            self.play(*machine.look_back(0), run_time=min(style.MOVE_TIME, line.until(str(b))))
            line.wait_until(str(b))  # Beat: one look-back per operand, as it is named
            self.play(*machine.look_back(1), run_time=style.MOVE_TIME)
        with self.say(f"Only then could it append the result, {machine.result}.") as line:
            self.play(*machine.flash_arcs(back=True), run_time=line.until("append"))
            self.play(
                drawing.pulse(machine.add_row, machine.add_row, palette.TEXT),
                run_time=line.until(str(machine.result)),
            )
            self.play(*indicate_glyphs(machine.sum_token), run_time=style.MOVE_TIME)
        self.hold(BREATH)  # the answer, 8, before the camera draws back

    def however_far(self, machine: MachineTrace) -> None:
        """However long the trace, two look-backs; and the question the next chapters answer."""
        with self.say(
            "However long the trace grows, the add looks back at just two values, wherever "
            "in the trace they were written."
        ) as line:
            self.play(whole_frame(self.camera.frame), FadeIn(self.titles), run_time=style.MOVE_TIME)
            line.wait_until("two")
            self.play(*machine.flash_arcs(), run_time=style.DRAW_TIME)
        with self.say("But how does it find them?"):
            self.play(*machine.indicate_operands(), run_time=style.DRAW_TIME)
