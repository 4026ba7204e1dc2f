"""Chapter 4: the same sum, 3 + 5, by tool use and by in-model execution.

Tool use is one short line (the middle is hidden). In-model execution runs on screen, step by
step, driven by ``scenes.compute.wasm.run``: the current instruction lights up, the stack
changes as each step reports it, and each step writes its trace tokens under the program.
"""

from __future__ import annotations

from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Animation,
    Arrow,
    Create,
    DashedLine,
    FadeIn,
    FadeOut,
    GrowArrow,
    Line,
    Mobject,
    SurroundingRectangle,
    VGroup,
    Write,
)

from scenes import theme as t
from scenes.compute.wasm import (
    ADD_3_5,
    Step,
    instruction_tokens,
    parse_commit,
    program_tokens,
    run,
)

TOOL_Y = 2.4  # the tool-use line, under the heading
DIVIDER_Y = 1.9  # the dashed line between tool use and in-model execution
STACK_X = 4.6  # centre of the stack, in the right half, above the legend
CELL_WIDTH, CELL_HEIGHT = 1.1, 0.5  # one stack cell
LEGEND_X = 2.6  # left edge of the commit token's legend, clear of the trace
LEGEND_PAD = 6  # the legend's tokens are padded to this many characters, so names align
POINTER_BUFF = 0.06  # the current instruction's frame, around its tokens
COMMIT_PARTS = ("stack-depth change", "stored on the stack", "branch taken")


def program_rows() -> list[str]:
    """The prompt's instructions for 3 + 5, one row of five tokens each (no braces)."""
    return [" ".join(instruction_tokens(instruction)) for instruction in ADD_3_5]


def program_lines() -> list[str]:
    """The prompt's tokens for 3 + 5, one instruction per line, braces included."""
    lines = program_rows()
    lines[0] = f"{{ {lines[0]}"
    lines[-1] = f"{lines[-1]} }}"
    if " ".join(lines) != " ".join(program_tokens(ADD_3_5)):
        raise ValueError("the rows on screen are not the program's tokens")
    return lines


def stack_cell(value: int) -> t.Card:
    """One value on the stack, in a box."""
    return t.card(
        t.code(str(value)), color=t.POSITIVE, width=CELL_WIDTH, height=CELL_HEIGHT, padding=0
    )


def commit_legend(token: str) -> VGroup:
    """One row per part of a commit token: the part (as the token writes it), then its name."""
    inside = token[token.index("(") + 1 : -1]
    rows = VGroup()
    for part, name in zip(inside.split(","), COMMIT_PARTS, strict=True):
        mono = f"[0:{LEGEND_PAD}]"
        row = t.prose(
            part.ljust(LEGEND_PAD) + name, size=t.CAPTION_SIZE,
            t2f={mono: t.MONO}, t2c={mono: t.HIGHLIGHT},
        )  # fmt: skip
        row.part = t.glyph_span(row, row.original_text, 0, len(part))
        rows.add(row)
    return t.stack(rows, buff=t.GAP_S)


def token_span(row: Mobject, text: str, piece: str) -> VGroup:
    """The glyphs of ``piece`` (its first occurrence) in a row of ``text``."""
    start = text.index(piece)
    return t.glyph_span(row, text, start, start + len(piece))


def cut(line: t.TextLine, text: str, piece: str) -> t.TextLine:
    """The glyphs of ``piece`` in a line of code, as a text of their own (in place)."""
    glyphs = token_span(line, text, piece)
    return t.TextLine(glyphs.submobjects, piece, t.MONO, line.font_size)


class ToolVsInModel(t.ChapterScene):
    """Tool use hides the computation; in-model execution writes every step as tokens."""

    def construct(self) -> None:
        execution = run(ADD_3_5)
        steps = execution.steps
        result = execution.output[0]
        a, b = (i.arg for i in ADD_3_5 if i.op == "i32.const")  # the same sum, as Python

        # --- Tool use: one line, its middle hidden ----------------------------------------
        heading = t.heading("Tool use vs in-model execution")
        tool_title = t.prose("Tool use", size=t.SUBHEADING_SIZE, color=t.WARNING, bold=True)
        call = t.code(f"print({a}+{b})")
        interpreter = t.card(
            t.prose("interpreter", color=t.MUTED), color=t.WARNING, padding=t.GAP_S
        )
        answer = t.code(str(result), color=t.POSITIVE)
        hidden = t.prose("its steps stay hidden", size=t.CAPTION_SIZE, color=t.WARNING)
        tool_line = VGroup(tool_title, call, interpreter, answer, hidden)
        tool_line.arrange(RIGHT, buff=t.GAP_L)
        tool_line.align_to([-t.safe_right(), 0, 0], LEFT).set_y(TOOL_Y)
        for text in (call, answer, hidden):
            t.set_baseline(text, t.baseline(tool_title))
        sends, returns = (
            Arrow(
                left.get_right(), right.get_left(), color=t.MUTED,
                stroke_width=t.THIN_STROKE, buff=t.GAP_S,
            )
            for left, right in ((call, interpreter), (interpreter, answer))
        )  # fmt: skip
        for arrow in (sends, returns):
            arrow.set_y(interpreter.get_center()[1])
        divider = DashedLine(
            [-t.safe_right(), DIVIDER_Y, 0], [t.safe_right(), DIVIDER_Y, 0],
            color=t.MUTED, dash_length=t.DASH,
        )  # fmt: skip

        # --- In-model execution: the program, its stack, its trace ------------------------
        model_title = t.prose(
            "In-model execution", size=t.SUBHEADING_SIZE, color=t.POSITIVE, bold=True
        )
        model_title.next_to([-t.safe_right(), DIVIDER_Y, 0], DOWN, buff=t.GAP_S)
        model_title.align_to([-t.safe_right(), 0, 0], LEFT)
        rows = program_rows()
        lines = program_lines()  # checks the rows against the program's tokens
        prompt_label = t.prose("Prompt: the program", size=t.CAPTION_SIZE, color=t.MUTED)
        shown = [lines[0], *(f"  {line}" for line in lines[1:])]  # rows line up under the first
        block = t.code_block(shown, color=t.ACCENT)
        prompt = t.stack([prompt_label, block], buff=t.GAP_S)
        prompt.next_to(model_title, DOWN, buff=t.GAP_S).align_to(model_title, LEFT)
        # Cut the braces off the rows, so the current instruction can be framed on its own
        program = VGroup(*(cut(block[i], shown[i], row) for i, row in enumerate(rows)))
        open_brace, close_brace = cut(block[0], shown[0], "{"), cut(block[-1], shown[-1], "}")

        trace_rows = [" ".join(step.tokens) for step in steps]
        trace = t.code_block(trace_rows, color=t.HIGHLIGHT)
        trace_label = t.prose("Trace: written by the model", size=t.CAPTION_SIZE, color=t.MUTED)
        written = t.stack([trace_label, trace], buff=t.GAP_S)
        written.next_to(block, DOWN, buff=t.GAP_S).align_to(block, LEFT)
        trace.align_to(program, LEFT)

        floor_y = program[-1].get_bottom()[1]  # the stack stands level with the program
        floor = Line(
            [STACK_X - CELL_WIDTH / 2 - t.GAP_S, floor_y, 0],
            [STACK_X + CELL_WIDTH / 2 + t.GAP_S, floor_y, 0],
            color=t.MUTED, stroke_width=t.STROKE,
        )  # fmt: skip
        stack_label = t.prose("Stack", size=t.CAPTION_SIZE, color=t.MUTED)
        stack_label.next_to(floor, LEFT, buff=t.GAP_S)  # beside its floor: the cells go above
        t.set_baseline(stack_label, floor_y)

        first_commit = steps[0].tokens[-1]
        legend = commit_legend(first_commit)
        legend.align_to([LEGEND_X, 0, 0], LEFT)
        names_baseline = legend[0][len(legend[0].part)].get_bottom()[1]  # "+" floats; "s" sits
        legend.shift(UP * (t.baseline(trace[0]) - names_baseline))  # level with the trace's rows
        legend_label = t.prose("commit token", size=t.CAPTION_SIZE, color=t.MUTED)
        legend_label.align_to(legend, LEFT)
        t.set_baseline(legend_label, t.baseline(trace_label))
        visible = t.prose("every step in the trace", color=t.POSITIVE)
        visible.align_to([t.safe_right(), 0, 0], RIGHT)
        t.set_baseline(visible, t.baseline(trace[-1]))

        self.next_section("tool-use")
        with self.say(
            f"The same {a} plus {b}, first with tool use.",
            caption=f"The same {a} + {b}, first with tool use.",
        ):
            self.play(Write(heading), FadeIn(tool_title, shift=RIGHT * t.NUDGE))
        with self.say(
            f"The model writes print, {a} plus {b}. An interpreter answers {result}. "
            "What happened in between stays hidden.",
            caption=f"The model writes print({a}+{b}). An interpreter answers {result}. "
            "What happened in between stays hidden.",
        ) as line:
            self.play(FadeIn(call, shift=RIGHT * t.NUDGE), run_time=t.FADE_TIME)
            line.wait_until("interpreter")
            self.play(GrowArrow(sends), FadeIn(interpreter), run_time=t.FADE_TIME)
            self.play(GrowArrow(returns), FadeIn(answer), run_time=t.FADE_TIME)
            line.wait_until("hidden.")
            self.play(FadeIn(hidden, shift=LEFT * t.NUDGE), run_time=t.FADE_TIME)

        self.next_section("the-program")
        with self.say(
            "Now inside the model. The prompt holds the same program, as tokens, "
            "and the model has a stack to work on."
        ) as line:
            self.play(Create(divider), FadeIn(model_title), run_time=t.FADE_TIME)
            self.play(
                FadeIn(prompt_label), FadeIn(program), FadeIn(open_brace), FadeIn(close_brace),
                run_time=t.MOVE_TIME,
            )  # fmt: skip
            line.wait_until("stack")
            self.play(Create(floor), FadeIn(stack_label), run_time=t.FADE_TIME)

        # --- The run: one beat per instruction ----------------------------------------------
        pointer = SurroundingRectangle(
            program[0], color=t.POSITIVE, stroke_width=t.THIN_STROKE, buff=POINTER_BUFF
        )
        cells: list[t.Card] = []  # the stack as drawn, bottom first

        def cell_position(depth: int) -> list[float]:
            return [STACK_X, floor_y + CELL_HEIGHT * (depth + 0.5) + t.GAP_XS, 0]

        def point_at(step: Step) -> None:
            target = program[step.pc] if step.pc < len(program) else close_brace
            frame = SurroundingRectangle(
                target, color=t.POSITIVE, stroke_width=t.THIN_STROKE, buff=POINTER_BUFF
            )
            if step.pc == 0:
                self.play(Create(pointer), FadeIn(trace_label), run_time=t.FADE_TIME)
            else:
                self.play(pointer.animate.become(frame), run_time=t.FADE_TIME)

        def write(step: Step, *lit: Animation) -> None:
            """Append the value and commit tokens ``step`` wrote to its trace row."""
            row, text = trace[step.pc], trace_rows[step.pc]
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
            row, text = trace[step.pc], trace_rows[step.pc]
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
            row = trace[step.pc]
            op = step.instruction.op
            if op == "i32.const":
                start = len(step.instruction.op) + 1  # the argument's first (lowest) byte
                argument = t.glyph_span(program[step.pc], rows[step.pc], start, start + 2)
                write(step, t.pulse(program[step.pc], argument, t.HIGHLIGHT))
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
                dstack, stored, branched = parse_commit(first_commit)
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
                    commit_text = trace_rows[0]
                    self.play(FadeIn(legend_label), run_time=t.FADE_TIME)
                    cues = (spoken_number(dstack).split()[0], "Stored", "Branch")
                    for legend_row, word in zip(legend, cues, strict=True):
                        line.wait_until(word)  # each part lands as the voice names it
                        part = legend_row.original_text.split()[0]
                        source = token_span(trace[0], commit_text, part)
                        name = VGroup(*legend_row[len(legend_row.part) :])
                        # the part lights up in the token as its copy appears in the legend:
                        # a copy flying out would overprint the token it leaves
                        self.play(
                            t.pulse(trace[0], source, t.TEXT),
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
            self.play(FadeIn(visible, shift=UP * t.NUDGE))
        self.hold()
        self.clear_stage()


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

