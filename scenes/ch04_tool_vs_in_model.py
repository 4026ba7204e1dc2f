"""Chapter 4: the same sum, 3 + 5, by tool use and by in-model execution.

Tool use is one short line (the middle is hidden). In-model execution runs on screen, step by
step, driven by ``scenes.compute.wasm.run``: the current instruction lights up, the stack
changes as each step reports it, and each step writes its trace tokens under the program.
"""

from __future__ import annotations

from manim import (
    LEFT,
    RIGHT,
    UP,
    Animation,
    Create,
    FadeIn,
    FadeOut,
    GrowArrow,
    ReplacementTransform,
    SurroundingRectangle,
    VGroup,
)

from scenes import theme as t
from scenes.carry_over import (
    CELL_HEIGHT,
    CELL_WIDTH,
    COMMIT_PARTS,
    KEY_IDEA_HEADING,
    POINTER_BUFF,
    STACK_X,
    Comparison,
    Machine,
    token_span,
)
from scenes.compute.wasm import (
    ADD_3_5,
    Step,
    parse_commit,
    run,
)


def stack_cell(value: int) -> t.Card:
    """One value on the stack, in a box."""
    return t.card(
        t.code(str(value)), color=t.POSITIVE, width=CELL_WIDTH, height=CELL_HEIGHT, padding=0
    )


class ToolVsInModel(t.ChapterScene):
    """Tool use hides the computation; in-model execution writes every step as tokens."""

    def construct(self) -> None:
        execution = run(ADD_3_5)
        steps = execution.steps
        result = execution.output[0]
        a, b = (i.arg for i in ADD_3_5 if i.op == "i32.const")  # the same sum, as Python

        layout = Comparison(execution)  # chapter 5 opens on its last state

        self.next_section("tool-use")
        # Chapter 3's last picture, under its heading. Its program settles where the model
        # will run it, below; tool use takes the top.
        before = t.heading(KEY_IDEA_HEADING)
        machine = Machine(ADD_3_5, steps)
        last = machine.last_state()
        self.open_on(before, *last)
        staying = [*machine.prompt.rows, machine.prompt_label]
        with self.say(
            f"The same {a} plus {b}, first with tool use.",
            caption=f"The same {a} + {b}, first with tool use.",
        ):
            self.play(
                FadeOut(before), *(FadeOut(m) for m in last if m not in staying),
                run_time=t.FADE_TIME,
            )  # fmt: skip
            self.play(  # the same rows, moved whole (a morph would scramble their glyphs)
                FadeIn(layout.heading),
                *(
                    row.animate.move_to(target)
                    for row, target in zip(machine.prompt.rows, layout.block, strict=True)
                ),
                ReplacementTransform(machine.prompt_label, layout.prompt_label),
                run_time=t.MOVE_TIME,
            )
            # in their place, this chapter's rows, cut from their braces, so the current
            # instruction can be framed on its own
            self.remove(*machine.prompt.rows)
            self.add(*layout.program, layout.open_brace, layout.close_brace)
            self.play(FadeIn(layout.tool_title, shift=RIGHT * t.NUDGE), run_time=t.FADE_TIME)
        with self.say(
            f"The model writes print, {a} plus {b}. An interpreter answers {result}. "
            "What happened in between stays hidden.",
            caption=f"The model writes print({a}+{b}). An interpreter answers {result}. "
            "What happened in between stays hidden.",
        ) as line:
            self.play(FadeIn(layout.call, shift=RIGHT * t.NUDGE), run_time=t.FADE_TIME)
            line.wait_until("interpreter")
            self.play(GrowArrow(layout.sends), FadeIn(layout.interpreter), run_time=t.FADE_TIME)
            self.play(GrowArrow(layout.returns), FadeIn(layout.answer), run_time=t.FADE_TIME)
            line.wait_until("hidden.")
            self.play(FadeIn(layout.hidden, shift=LEFT * t.NUDGE), run_time=t.FADE_TIME)

        self.next_section("the-program")
        with self.say(
            "Now inside the model. The prompt holds the same program, as tokens, "
            "and the model has a stack to work on."
        ) as line:
            self.play(Create(layout.divider), FadeIn(layout.model_title), run_time=t.FADE_TIME)
            line.wait_until("program")
            self.play(*(t.pulse(row, row, t.TEXT) for row in layout.program), run_time=t.MOVE_TIME)
            line.wait_until("stack")
            self.play(Create(layout.floor), FadeIn(layout.stack_label), run_time=t.FADE_TIME)

        # --- The run: one beat per instruction ----------------------------------------------
        pointer = SurroundingRectangle(
            layout.program[0], color=t.POSITIVE, stroke_width=t.THIN_STROKE, buff=POINTER_BUFF
        )
        cells: list[t.Card] = []  # the stack as drawn, bottom first

        def cell_position(depth: int) -> list[float]:
            return [STACK_X, layout.floor_y + CELL_HEIGHT * (depth + 0.5) + t.GAP_XS, 0]

        def point_at(step: Step) -> None:
            program = layout.program
            target = program[step.pc] if step.pc < len(program) else layout.close_brace
            frame = SurroundingRectangle(
                target, color=t.POSITIVE, stroke_width=t.THIN_STROKE, buff=POINTER_BUFF
            )
            if step.pc == 0:
                self.play(Create(pointer), FadeIn(layout.trace_label), run_time=t.FADE_TIME)
            else:
                self.play(pointer.animate.become(frame), run_time=t.FADE_TIME)

        def write(step: Step, *lit: Animation) -> None:
            """Append the value and commit tokens ``step`` wrote to its trace row."""
            row, text = layout.trace[step.pc], layout.trace_rows[step.pc]
            value = token_span(row, text, " ".join(step.tokens[:4]))
            commit = token_span(row, text, step.tokens[-1])
            self.play(
                *lit, FadeIn(value, shift=RIGHT * t.NUDGE), FadeIn(commit, shift=RIGHT * t.NUDGE),
                run_time=t.MOVE_TIME,
            )  # fmt: skip
            self.settle([value, commit], row)

        def read_back(step: Step, depth: int) -> None:
            """The stack cell at ``depth``, read back from the row ``step`` wrote: its first
            byte lights up as the cell takes its value. The stack is what the trace says, not
            a memory apart. (A byte flying across would cross the labels between them.)"""
            row, text = layout.trace[step.pc], layout.trace_rows[step.pc]
            cell = stack_cell(step.stack[-1]).move_to(cell_position(depth))
            byte = token_span(row, text, step.tokens[0])
            self.play(
                t.pulse(row, byte, t.TEXT),
                FadeIn(cell, shift=UP * t.NUDGE),
                run_time=t.MOVE_TIME,
            )
            cells[depth:] = [cell]

        def execute(step: Step) -> None:
            """Write the tokens ``step`` appends, then the stack as read back from them."""
            row = layout.trace[step.pc]
            op = step.instruction.op
            if op == "i32.const":
                start = len(step.instruction.op) + 1  # the argument's first (lowest) byte
                instruction = layout.program[step.pc]
                argument = t.glyph_span(instruction, layout.rows[step.pc], start, start + 2)
                write(step, t.pulse(instruction, argument, t.HIGHLIGHT))
                read_back(step, len(cells))
            elif op == "i32.add":
                # The two operands leave, then their sum is written and read back in their
                # place: no frame mixes them
                self.play(*map(FadeOut, cells[-2:]), run_time=t.FADE_TIME)
                del cells[-2:]
                write(step)
                read_back(step, len(cells))
            elif op == "output":
                leaving = cells.pop()
                # The value lights up on the stack, leaves it, and is written out; nothing
                # travels across the trace rows above
                self.play(t.pulse(leaving, leaving.content, t.HIGHLIGHT), run_time=t.FADE_TIME)
                self.play(
                    FadeOut(leaving), FadeIn(row, shift=RIGHT * t.NUDGE), run_time=t.FADE_TIME
                )
            elif op != "halt":
                raise NotImplementedError(f"chapter 4 draws no {op}")
            drawn = tuple(int(cell.content.text) for cell in cells)
            if drawn != step.stack:
                raise ValueError(f"the stack drawn {drawn} is not the run's {step.stack}")
            if op == "halt":
                self.play(FadeIn(row, shift=UP * t.NUDGE), run_time=t.FADE_TIME)

        said = step_lines(steps, result)
        for step, (name, spoken, caption) in zip(steps, said, strict=True):
            self.next_section(name)
            with self.say(spoken, caption=caption):
                point_at(step)
                execute(step)
            if step.pc == 0:  # the first commit token: name its parts
                self.next_section("commit-token")
                dstack, stored, branched = parse_commit(layout.first_commit)
                with self.say(
                    f"The commit token has {len(COMMIT_PARTS)} parts. "
                    f"{spoken_number(dstack)}: the change "
                    f"in stack depth. Stored to the stack: {yes_no(stored)}. "
                    f"Branch taken: {yes_no(branched)}.",
                    caption=f"The commit token has {len(COMMIT_PARTS)} parts. "
                    f"{dstack:+d}: the change in "
                    f"stack depth. Stored to the stack: {int(stored)}, {yes_no(stored)}. "
                    f"Branch taken: {int(branched)}, {yes_no(branched)}.",
                ) as line:
                    commit_text = layout.trace_rows[0]
                    self.play(FadeIn(layout.legend_label), run_time=t.FADE_TIME)
                    cues = (spoken_number(dstack).split()[0], "Stored", "Branch")
                    for legend_row, word in zip(layout.legend, cues, strict=True):
                        line.wait_until(word)  # each part lands as the voice names it
                        part = legend_row.original_text.split()[0]
                        source = token_span(layout.trace[0], commit_text, part)
                        name = VGroup(*legend_row[len(legend_row.part) :])
                        # the part lights up in the token as its copy appears in the legend:
                        # a copy flying out would overprint the token it leaves
                        self.play(
                            t.pulse(layout.trace[0], source, t.TEXT),
                            FadeIn(legend_row.part, shift=RIGHT * t.NUDGE),
                            FadeIn(name, shift=RIGHT * t.NUDGE), run_time=t.MOVE_TIME,
                        )  # fmt: skip
                        self.settle([legend_row.part, name], legend_row)

        self.next_section("every-step")
        with self.say(
            "Tool use hid all of this. Here every step is written out, by the model itself."
        ) as line:
            self.play(FadeOut(pointer), run_time=t.FADE_TIME)
            line.wait_until("every")
            self.play(FadeIn(layout.visible, shift=UP * t.NUDGE))
        self.hold()  # no fade-out: chapter 5 opens on this picture


def spoken_number(dstack: int) -> str:
    return f"{'Plus' if dstack > 0 else 'Minus'} {abs(dstack)}"


def yes_no(flag: bool) -> str:
    return "yes" if flag else "no"


def step_lines(steps: list[Step], result: int) -> list[tuple[str, str, str]]:
    """Each step's beat name, spoken line and caption, from what the step did."""
    said = []
    for step in steps:
        op, stack = step.instruction.op, step.stack
        if op == "i32.const":
            value = stack[-1]
            first = step.pc == 0
            size = len(step.tokens) - 1
            held = ", ".join(map(str, stack))
            spoken = (
                f"The first instruction writes {value} to the trace, as {size} bytes, and a "
                f"commit token. The stack is read back from the trace: {held}."
                if first
                else f"The next writes {value}, and another commit. Read from the trace, the "
                f"stack holds {held}."
            )
            caption = (
                f"i32.const {value} writes {value} to the trace, as {size} bytes, and a "
                f"commit token. The stack is read back from the trace: {held}."
                if first
                else f"i32.const {value} writes {value}, and another commit. Read from the "
                f"trace, the stack holds {held}."
            )
            said.append((f"push-{value}", spoken, caption))
        elif op == "i32.add":
            dstack = parse_commit(step.tokens[-1])[0]
            spoken = (
                f"Add writes the sum of the top two, {stack[-1]}. "
                f"The stack is {-dstack} shorter: {spoken_number(dstack).lower()}."
            )
            caption = (
                f"i32.add writes the sum of the top two, {stack[-1]}. "
                f"The stack is {-dstack} shorter: {dstack:+d}."
            )
            said.append(("add", spoken, caption))
        elif op == "output":
            spoken = f"Output pops {result} and writes it out."
            caption = f"output pops {result} and writes it out: {step.tokens[0]}."
            said.append(("output", spoken, caption))
        elif op == "halt":
            said.append(("halt", "The program ends, and so does the trace: halt.", ""))
        else:
            raise NotImplementedError(f"chapter 4 narrates no {op}")
    return [(name, spoken, caption or spoken) for name, spoken, caption in said]

