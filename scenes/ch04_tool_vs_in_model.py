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
    Mobject,
    ReplacementTransform,
    SurroundingRectangle,
    VGroup,
)

from scenes import drawing, palette, stage, style
from scenes.carry_over import (
    COMMIT_PARTS,
    KEY_IDEA_HEADING,
    Comparison,
    Machine,
    token_span,
)
from scenes.compute.wasm import (
    ADD_3_5,
    Execution,
    Step,
    parse_commit,
    run,
)
from scenes.framing import view_under, whole_frame

BREATH = 1.0  # a hold after a payoff, before the next line


class ToolVsInModel(stage.ChapterScene):
    """Tool use hides the computation; in-model execution writes every step as tokens."""

    POINTER_BUFF = 0.06  # the current instruction's frame, around its tokens

    def construct(self) -> None:
        execution = run(ADD_3_5)
        result = execution.output[0]
        a, b = (i.arg for i in ADD_3_5 if i.op == "i32.const")  # the same sum, as Python
        self.layout = Comparison(execution)  # chapter 5 opens on its last state
        self.tool_use(execution.steps, a, b)
        self.tool_call(a, b, result)
        self.the_program()
        self.run_program(execution)
        self.every_step()
        self.hold()  # no fade-out: chapter 5 opens on this picture

    # --- Tool use ---------------------------------------------------------------------------

    def tool_use(self, steps: list[Step], a: int, b: int) -> None:
        """Chapter 3's last picture, under its heading. Its program settles where the model
        will run it, below; tool use takes the top."""
        layout = self.layout
        self.next_section("tool-use")
        before = drawing.heading(KEY_IDEA_HEADING)
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
                run_time=style.FADE_TIME,
            )  # fmt: skip
            self.play(  # the same rows, moved whole (a morph would scramble their glyphs)
                FadeIn(layout.heading),
                *(
                    row.animate.move_to(target)
                    for row, target in zip(machine.prompt.rows, layout.block, strict=True)
                ),
                ReplacementTransform(machine.prompt_label, layout.prompt_label),
                run_time=style.MOVE_TIME,
            )
            # in their place, this chapter's rows, cut from their braces, so the current
            # instruction can be framed on its own
            self.remove(*machine.prompt.rows)
            self.add(*layout.program, layout.open_brace, layout.close_brace)
            self.play(
                FadeIn(layout.tool_title, shift=RIGHT * style.NUDGE), run_time=style.FADE_TIME
            )

    def tool_call(self, a: int, b: int, result: int) -> None:
        """The call goes to an interpreter and the answer comes back; the middle is hidden."""
        layout = self.layout
        with self.say(
            f"The model writes print, {a} plus {b}. An interpreter answers {result}. "
            "What happens in between stays hidden.",
            caption=f"The model writes print({a}+{b}). An interpreter answers {result}. "
            "What happens in between stays hidden.",
        ) as line:
            self.play(FadeIn(layout.call, shift=RIGHT * style.NUDGE), run_time=style.FADE_TIME)
            line.wait_until("interpreter")
            self.play(GrowArrow(layout.sends), FadeIn(layout.interpreter), run_time=style.FADE_TIME)
            self.play(GrowArrow(layout.returns), FadeIn(layout.answer), run_time=style.FADE_TIME)
            line.wait_until("hidden.")
            self.play(FadeIn(layout.hidden, shift=LEFT * style.NUDGE), run_time=style.FADE_TIME)

    # --- In-model execution -----------------------------------------------------------------

    def the_program(self) -> None:
        """Below the line, the model's own run: its program, and a stack to work on."""
        layout = self.layout
        self.next_section("the-program")
        with self.say(
            "Now inside the model: the same program, as tokens, and a stack to work on."
        ) as line:
            self.play(Create(layout.divider), FadeIn(layout.model_title), run_time=style.FADE_TIME)
            line.wait_until("program")
            self.play(
                *(drawing.pulse(row, row, palette.TEXT) for row in layout.program),
                run_time=style.MOVE_TIME,
            )
            line.wait_until("stack")
            self.play(
                Create(layout.stack.floor), FadeIn(layout.stack.label), run_time=style.FADE_TIME
            )

    def run_program(self, execution: Execution) -> None:
        """One beat per instruction; after the first, its commit token's parts are named."""
        self.pointer = self.frame_around(self.layout.program[0])
        self.cells: list[drawing.Card] = []  # the stack as drawn, bottom first
        said = step_lines(execution.steps, execution.output[0])
        for step, (name, spoken, caption) in zip(execution.steps, said, strict=True):
            self.next_section(name)
            with self.say(spoken, caption=caption) as line:
                self.point_at(step)
                self.execute(step, line)
            if step.pc == 0:  # the first commit token: name its parts
                self.name_commit_parts()
            if step.instruction.op == "i32.add":
                self.hold(BREATH)  # the exact answer, 8, before the run goes on

    def frame_around(self, target: Mobject) -> SurroundingRectangle:
        """The pointer's frame around the current instruction."""
        return SurroundingRectangle(
            target, color=palette.POSITIVE, stroke_width=style.THIN_STROKE, buff=self.POINTER_BUFF
        )

    def point_at(self, step: Step) -> None:
        """Frame the instruction ``step`` runs (the closing brace once the program is done);
        the first frame comes with the trace's label."""
        program = self.layout.program
        target = program[step.pc] if step.pc < len(program) else self.layout.close_brace
        if step.pc == 0:
            self.play(
                Create(self.pointer), FadeIn(self.layout.trace_label), run_time=style.FADE_TIME
            )
        else:
            self.play(
                self.pointer.animate.become(self.frame_around(target)), run_time=style.FADE_TIME
            )

    def execute(self, step: Step, line: stage.SpokenLine) -> None:
        """Draw what ``step`` does to the trace and the stack, then check the stack drawn
        against the run's."""
        draw = {
            "i32.const": self.push,
            "i32.add": self.add_top_two,
            "output": self.output,
            "halt": self.halt,
        }.get(step.instruction.op)
        if draw is None:
            raise NotImplementedError(f"chapter 4 draws no {step.instruction.op}")
        if step.pc == 0:  # the first step: the camera comes close on the trace it writes
            self.push_first(step, line)
        else:
            draw(step)
        drawn = tuple(int(cell.content.text) for cell in self.cells)
        if drawn != step.stack:
            raise ValueError(f"the stack drawn {drawn} is not the run's {step.stack}")

    def push(self, step: Step, read: bool = True) -> None:
        """The argument lights up in the instruction as its tokens are written, and the new
        top of the stack is read back from them."""
        start = len(step.instruction.op) + 1  # the argument's first (lowest) byte
        instruction = self.layout.program[step.pc]
        argument = drawing.glyph_span(instruction, self.layout.rows[step.pc], start, start + 2)
        self.write(step, drawing.pulse(instruction, argument, palette.HIGHLIGHT))
        if read:
            self.read_back(step, len(self.cells))

    def push_first(self, step: Step, line: stage.SpokenLine) -> None:
        """The first push, read close up: the instruction and the tokens it writes, its bytes
        and its commit token each lit as they are named; the camera draws back to the stack
        as it is read back from them."""
        layout = self.layout
        self.play(
            view_under(
                self.camera.frame, layout.model_title, layout.prompt_label, layout.program,
                layout.trace_label, layout.trace[0],
            ),
            run_time=style.MOVE_TIME,
        )  # fmt: skip
        self.push(step, read=False)
        row, text = layout.trace[step.pc], layout.trace_rows[step.pc]
        for word, tokens in (("bytes,", step.tokens[:4]), ("commit", step.tokens[-1:])):
            line.wait_until(word)
            named = token_span(row, text, " ".join(tokens))
            self.play(drawing.pulse(row, named, palette.TEXT), run_time=style.FADE_TIME)
        line.wait_until("stack")
        self.play(whole_frame(self.camera.frame), run_time=line.until(str(step.stack[-1]), 2))
        self.read_back(step, len(self.cells))

    def add_top_two(self, step: Step) -> None:
        """The two operands leave, then their sum is written and read back in their place:
        no frame mixes them."""
        self.play(*map(FadeOut, self.cells[-2:]), run_time=style.FADE_TIME)
        del self.cells[-2:]
        self.write(step)
        self.read_back(step, len(self.cells))

    def output(self, step: Step) -> None:
        """The value lights up on the stack, leaves it, and is written out; nothing travels
        across the trace rows above."""
        leaving = self.cells.pop()
        self.play(
            drawing.pulse(leaving, leaving.content, palette.HIGHLIGHT), run_time=style.FADE_TIME
        )
        row = self.layout.trace[step.pc]
        self.play(
            FadeOut(leaving), FadeIn(row, shift=RIGHT * style.NUDGE), run_time=style.FADE_TIME
        )

    def halt(self, step: Step) -> None:
        """The trace's last row: halt."""
        self.play(
            FadeIn(self.layout.trace[step.pc], shift=UP * style.NUDGE), run_time=style.FADE_TIME
        )

    def write(self, step: Step, *lit: Animation) -> None:
        """Append the value and commit tokens ``step`` wrote to its trace row."""
        row, text = self.layout.trace[step.pc], self.layout.trace_rows[step.pc]
        value = token_span(row, text, " ".join(step.tokens[:4]))
        commit = token_span(row, text, step.tokens[-1])
        self.play(
            *lit,
            FadeIn(value, shift=RIGHT * style.NUDGE),
            FadeIn(commit, shift=RIGHT * style.NUDGE),
            run_time=style.MOVE_TIME,
        )  # fmt: skip
        self.settle([value, commit], row)

    def read_back(self, step: Step, depth: int) -> None:
        """The stack cell at ``depth``, read back from the row ``step`` wrote: its first
        byte lights up as the cell takes its value. The stack is what the trace says, not
        a memory apart. (A byte flying across would cross the labels between them.)"""
        row, text = self.layout.trace[step.pc], self.layout.trace_rows[step.pc]
        cell = self.layout.stack.cell(step.stack[-1], depth)
        byte = token_span(row, text, step.tokens[0])
        self.play(
            drawing.pulse(row, byte, palette.TEXT),
            FadeIn(cell, shift=UP * style.NUDGE),
            run_time=style.MOVE_TIME,
        )
        self.cells[depth:] = [cell]

    def name_commit_parts(self) -> None:
        """Each part of the first commit token lands in the legend as the voice names it."""
        layout = self.layout
        self.next_section("commit-token")
        spoken, caption, cues = commit_token_line(layout.first_commit)
        with self.say(spoken, caption=caption) as line:
            commit_text = layout.trace_rows[0]
            self.play(FadeIn(layout.legend_label), run_time=style.FADE_TIME)
            for legend_row, word in zip(layout.legend, cues, strict=True):
                line.wait_until(word)
                part = legend_row.original_text.split()[0]
                source = token_span(layout.trace[0], commit_text, part)
                name = VGroup(*legend_row[len(legend_row.part) :])
                # the part lights up in the token as its copy appears in the legend:
                # a copy flying out would overprint the token it leaves
                self.play(
                    drawing.pulse(layout.trace[0], source, palette.TEXT),
                    FadeIn(legend_row.part, shift=RIGHT * style.NUDGE),
                    FadeIn(name, shift=RIGHT * style.NUDGE), run_time=style.MOVE_TIME,
                )  # fmt: skip
                self.settle([legend_row.part, name], legend_row)

    def every_step(self) -> None:
        """The pointer leaves; the trace the model wrote lights up; the point: every step
        is in it."""
        self.next_section("every-step")
        with self.say(
            "Tool use hid all this. Here the model writes out every step itself."
        ) as line:
            self.play(FadeOut(self.pointer), run_time=style.FADE_TIME)
            line.wait_until("writes")
            self.play(
                *(drawing.pulse(row, row, palette.TEXT) for row in self.layout.trace),
                run_time=line.until("every"),
            )
            self.play(FadeIn(self.layout.visible, shift=UP * style.NUDGE))


# --- The narration ----------------------------------------------------------------------------


def spoken_number(dstack: int) -> str:
    return f"{'Plus' if dstack > 0 else 'Minus'} {abs(dstack)}"


def yes_no(flag: bool) -> str:
    return "yes" if flag else "no"


def commit_token_line(token: str) -> tuple[str, str, tuple[str, str, str]]:
    """What is said and shown naming a commit token's parts, and the word each part lands on."""
    dstack, stored, branched = parse_commit(token)
    spoken = (
        f"The commit token has {len(COMMIT_PARTS)} parts. {spoken_number(dstack)}: the change "
        f"in stack depth. Stored to the stack: {yes_no(stored)}. "
        f"Branch taken: {yes_no(branched)}."
    )
    caption = (
        f"The commit token has {len(COMMIT_PARTS)} parts. {dstack:+d}: the change in "
        f"stack depth. Stored to the stack: {int(stored)}, {yes_no(stored)}. "
        f"Branch taken: {int(branched)}, {yes_no(branched)}."
    )
    return spoken, caption, (spoken_number(dstack).split()[0], "Stored", "Branch")


def step_lines(steps: list[Step], result: int) -> list[tuple[str, str, str]]:
    """Each step's beat name, spoken line and caption, from what the step did."""
    said = []
    for step in steps:
        op = step.instruction.op
        if op == "i32.const":
            said.append(push_line(step))
        elif op == "i32.add":
            said.append(add_line(step))
        elif op == "output":
            caption = f"output pops {result} and writes it out: {step.tokens[0]}."
            said.append(("output", f"Output pops {result} and writes it out.", caption))
        elif op == "halt":
            said.append(("halt", "Then halt: the program and its trace end.", ""))
        else:
            raise NotImplementedError(f"chapter 4 narrates no {op}")
    return [(name, spoken, caption or spoken) for name, spoken, caption in said]


def push_line(step: Step) -> tuple[str, str, str]:
    """A push: the first one says what a step writes, the next ones only what changed."""
    value = step.stack[-1]
    size = len(step.tokens) - 1
    held = ", ".join(map(str, step.stack))
    if step.pc == 0:
        told = (
            f"writes {value} to the trace, as {size} bytes, and a commit token. The stack is "
            f"read back from the trace: {held}."
        )
        return f"push-{value}", f"The first instruction {told}", f"i32.const {value} {told}"
    told = f"writes {value} and another commit; the stack now holds {held}."
    return f"push-{value}", f"The next {told}", f"i32.const {value} {told}"


def add_line(step: Step) -> tuple[str, str, str]:
    """The add: its sum, and the stack one shorter, as the commit token says."""
    dstack = parse_commit(step.tokens[-1])[0]
    told = f"writes the sum of the top two, {step.stack[-1]}. The stack is {-dstack} shorter"
    spoken = f"Add {told}: {spoken_number(dstack).lower()}."
    return "add", spoken, f"i32.add {told}: {dstack:+d}."
