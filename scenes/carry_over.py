"""Pictures that carry over from one chapter to the next.

A chapter that hands its picture on ends on it (a hold, no fade-out), and the next chapter
opens on the same picture, built by the same function here, under the old heading: the cut
between the two clips cannot be seen, and the story's objects move on instead of being drawn
again. Each chapter renders alone, so the picture is rebuilt, never passed between processes.
(Results' solved Sudoku, which the recap opens on, is with the board, in
``scenes.sudoku_board``.)
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UL,
    UP,
    Arrow,
    DashedLine,
    Line,
    Mobject,
    RoundedRectangle,
    VGroup,
)

from scenes import drawing, fonts, palette, style
from scenes.compute.wasm import (
    ADD_3_5,
    Execution,
    Instruction,
    Step,
    instruction_tokens,
    program_tokens,
)

# Chapter 2's heading and its tool loop (chapter 3 opens on them); chapter 2's analogy
# puts its human and airplane where the loop's boxes will be
TOOLS_HEADING = "Today: tools do the computing"
BOX_WIDTH, BOX_HEIGHT = 3.0, 1.4
BOX_X = 3.4  # the two boxes sit at -BOX_X and +BOX_X
DIAGRAM_Y = 0.3  # the boxes sit a little above the centre, their labels below them

# Chapter 3's heading and the steps its machine writes (chapter 4 opens on them)
KEY_IDEA_HEADING = "A computer inside the transformer"
WRITTEN_STEPS = 2  # the steps the CPU writes in chapter 3 (the rest run in chapter 4)

# The commit token's parts, in the order the token writes them (chapter 4 names them)
COMMIT_PARTS = ("stack-depth change", "stored on the stack", "branch taken")


class ToolLoop(VGroup):
    """The LLM sends code to an interpreter and gets the result back; it never executes.

    Chapter 2 builds it piece by piece and ends on it whole; chapter 3 opens on it whole.
    """

    ARROW_OFFSET = 0.22  # the two arrows, above and below the line between the boxes

    def __init__(self) -> None:
        self.llm = drawing.labelled_box("LLM", palette.ACCENT, BOX_WIDTH, BOX_HEIGHT)
        self.interpreter = drawing.labelled_box(
            "Interpreter", palette.POSITIVE, BOX_WIDTH, BOX_HEIGHT
        )
        self.llm.move_to(LEFT * BOX_X + UP * DIAGRAM_Y)
        self.interpreter.move_to(RIGHT * BOX_X + UP * DIAGRAM_Y)
        model_side, tool_side = self.llm.get_right(), self.interpreter.get_left()
        self.sends, self.sends_label = self._link(
            model_side, tool_side, "sends code", palette.HIGHLIGHT, UP
        )
        self.returns, self.returns_label = self._link(
            tool_side, model_side, "returns the result", palette.POSITIVE, DOWN
        )
        self.note = drawing.prose("describes, never executes", color=palette.WARNING)
        drawing.below(self.note, self.llm, buff=style.GAP_L)
        super().__init__(
            self.llm, self.interpreter, self.sends, self.sends_label, self.returns,
            self.returns_label, self.note,
        )  # fmt: skip

    @classmethod
    def _link(
        cls, start: np.ndarray, end: np.ndarray, text: str, color: str, side: np.ndarray
    ) -> tuple[Arrow, Mobject]:
        """One arrow of the loop, moved off the centre line to ``side`` (UP or DOWN), and its
        label beyond it."""
        arrow = Arrow(start, end, color=color, stroke_width=style.STROKE, buff=style.GAP_S)
        arrow.shift(side * cls.ARROW_OFFSET)
        label = drawing.prose(text, size=style.CAPTION_SIZE, color=color).next_to(
            arrow, side, buff=style.GAP_S
        )
        return arrow, label


class PromptBlock(VGroup):
    """The program as prompt tokens: one row per instruction, its braces on the first and last.

    ``rows[i]`` is the TextLine of instruction i; ``opcodes[i]`` and ``arguments[i]`` are the
    glyphs of its opcode token and of its four byte tokens; ``braces`` the two braces.
    """

    def __init__(self, program: Sequence[Instruction], color: str):
        rows = [instruction_tokens(instruction) for instruction in program]
        lines = []
        for i, tokens in enumerate(rows):
            prefix = "{ " if i == 0 else "  "  # the later rows line up under the first
            suffix = " }" if i == len(rows) - 1 else ""
            lines.append(prefix + " ".join(tokens) + suffix)
        shown = " ".join(" ".join(line.split()) for line in lines)
        if shown != " ".join(program_tokens(program)):
            raise ValueError(f"the prompt on screen is not the program's tokens: {shown}")
        block = drawing.code_block(lines, color=color)
        super().__init__(*block)
        self.rows = block
        self.opcodes, self.arguments = [], []
        for line, row, tokens in zip(lines, block, rows, strict=True):
            start = line.index(tokens[0])
            end = start + len(" ".join(tokens))
            self.opcodes.append(drawing.glyph_span(row, line, start, start + len(tokens[0])))
            self.arguments.append(drawing.glyph_span(row, line, start + len(tokens[0]) + 1, end))
        self.braces = VGroup(
            drawing.glyph_span(block[0], lines[0], 0, 1),
            drawing.glyph_span(block[-1], lines[-1], -1, None),
        )


class Machine(VGroup):
    """The machine inside the transformer: the prompt it reads, the CPU, the trace it writes
    and reads back. Chapter 3 builds it piece by piece; chapter 4 opens on its last state.
    """

    MODEL_WIDTH, MODEL_HEIGHT = 12.6, 6.0  # inside the title-safe area
    MODEL_TOP = 2.5  # y of the model's top edge, under the heading
    MODEL_LABEL_INSET = 0.24  # from the model's top-left corner to its label
    PANEL_TOP = 1.4  # y of the top edge of the prompt and trace panels
    PANEL_INSET = 0.5  # from the model's sides to the panels
    CPU_WIDTH, CPU_HEIGHT = 9.0, 1.0
    CPU_BOTTOM_INSET = 0.3  # from the model's bottom edge to the CPU's
    LINK_GAP = 0.6  # the write and read-back arrows sit this far either side of the trace's centre

    def __init__(self, program: Sequence[Instruction], steps: Sequence[Step]) -> None:
        self._build_model()
        self._build_panels(program, steps)
        self._build_cpu()
        self._build_links()
        super().__init__(
            self.model, self.model_label, self.prompt_panel, self.prompt_label, self.prompt,
            self.trace_panel, self.trace_label, self.trace, self.cpu, self.reads_program,
            self.reads_label, self.writes, self.writes_label, self.reads_back, self.back_label,
        )  # fmt: skip

    def _build_model(self) -> None:
        """The transformer: one large box under the heading, named in its top-left corner."""
        self.model = RoundedRectangle(
            corner_radius=style.CORNER_RADIUS, width=self.MODEL_WIDTH, height=self.MODEL_HEIGHT,
            color=palette.ACCENT, stroke_width=style.STROKE,
        )  # fmt: skip
        self.model.move_to([0, self.MODEL_TOP - self.MODEL_HEIGHT / 2, 0])
        self.model_label = drawing.prose(
            "Transformer: compiled weights, not trained",
            size=style.CAPTION_SIZE,
            color=palette.ACCENT,
        )
        self.model_label.next_to(
            self.model.get_corner(UL), DOWN + RIGHT, buff=self.MODEL_LABEL_INSET
        )

    def _build_panels(self, program: Sequence[Instruction], steps: Sequence[Step]) -> None:
        """The prompt's panel at the model's left, the trace's at its right, one height, each
        named above it on one baseline."""
        self.prompt = PromptBlock(program, palette.ACCENT)
        self.trace = drawing.code_block(
            [" ".join(step.tokens) for step in steps], color=palette.HIGHLIGHT
        )
        panel_height = self.prompt.height + 2 * style.CARD_PADDING  # the trace's first rows fit too
        self.prompt_panel = self._panel(self.prompt.width + 2 * style.CARD_PADDING, panel_height)
        self.trace_panel = self._panel(self.trace.width + 2 * style.CARD_PADDING, panel_height)
        self.prompt_panel.align_to(self.model, LEFT).shift(RIGHT * self.PANEL_INSET)
        self.trace_panel.align_to(self.model, RIGHT).shift(LEFT * self.PANEL_INSET)
        for box in (self.prompt_panel, self.trace_panel):
            box.set_y(self.PANEL_TOP - panel_height / 2)
        self.trace.move_to(self.trace_panel).align_to(self.trace_panel, UP)
        self.trace.shift(DOWN * style.CARD_PADDING)
        self.prompt.move_to(self.prompt_panel)
        self.prompt_label = drawing.prose(
            "Prompt: the program", size=style.CAPTION_SIZE, color=palette.MUTED
        )
        self.trace_label = drawing.prose(
            "Trace: the memory", size=style.CAPTION_SIZE, color=palette.MUTED
        )
        for label, box in (
            (self.prompt_label, self.prompt_panel),
            (self.trace_label, self.trace_panel),
        ):
            label.next_to(box, UP, buff=style.GAP_S).align_to(box, LEFT)
        drawing.set_baseline(self.trace_label, drawing.baseline(self.prompt_label))

    @staticmethod
    def _panel(width: float, height: float) -> RoundedRectangle:
        """An outlined region of the context: the prompt's, or the trace's."""
        return RoundedRectangle(
            corner_radius=style.CORNER_RADIUS, width=width, height=height,
            color=palette.MUTED, stroke_width=style.THIN_STROKE,
        )  # fmt: skip

    def _build_cpu(self) -> None:
        """The virtual CPU, along the model's bottom edge."""
        cpu_text = drawing.prose("Virtual CPU: a WebAssembly interpreter", color=palette.POSITIVE)
        self.cpu = drawing.card(
            cpu_text, color=palette.POSITIVE, width=self.CPU_WIDTH, height=self.CPU_HEIGHT
        )
        cpu_y = self.model.get_bottom()[1] + self.CPU_BOTTOM_INSET + self.CPU_HEIGHT / 2
        self.cpu.move_to([0, cpu_y, 0])

    def _build_links(self) -> None:
        """The arrows between the panels and the CPU: it reads the program, writes the trace
        and reads it back; each named beside it, the names on one baseline."""
        prompt_x, trace_x = self.prompt_panel.get_center()[0], self.trace_panel.get_center()[0]
        cpu_top = self.cpu.get_top()[1]
        prompt_bottom = self.prompt_panel.get_bottom()[1]
        trace_bottom = self.trace_panel.get_bottom()[1]
        self.reads_program = self._link(prompt_x, prompt_bottom, cpu_top, palette.MUTED)
        self.writes = self._link(trace_x - self.LINK_GAP, cpu_top, trace_bottom, palette.HIGHLIGHT)
        self.reads_back = self._link(trace_x + self.LINK_GAP, trace_bottom, cpu_top, palette.MUTED)
        self.reads_label = drawing.prose(
            "reads the program", size=style.CAPTION_SIZE, color=palette.MUTED
        )
        self.reads_label.next_to(self.reads_program, RIGHT, buff=style.GAP_S)
        self.writes_label = drawing.prose(
            "writes", size=style.CAPTION_SIZE, color=palette.HIGHLIGHT
        )
        self.writes_label.next_to(self.writes, LEFT, buff=style.GAP_S)
        self.back_label = drawing.prose("reads back", size=style.CAPTION_SIZE, color=palette.MUTED)
        self.back_label.next_to(self.reads_back, RIGHT, buff=style.GAP_S)
        for label in (self.writes_label, self.back_label):
            drawing.set_baseline(label, drawing.baseline(self.reads_label))

    @staticmethod
    def _link(x: float, from_y: float, to_y: float, color: str) -> Arrow:
        """A thin vertical arrow at ``x``, between a panel and the CPU."""
        return Arrow(
            [x, from_y, 0],
            [x, to_y, 0],
            color=color,
            stroke_width=style.THIN_STROKE,
            buff=style.GAP_S,
        )

    def last_state(self) -> list[Mobject]:
        """What chapter 3 ends on: the steps it wrote, and the trace named its memory."""
        self.trace_label.set_color(palette.HIGHLIGHT)
        parts: list[Mobject] = []
        for part in self.submobjects:
            if part is self.prompt:
                parts += self.prompt.rows
            elif part is self.trace:
                parts += self.trace[:WRITTEN_STEPS]
            else:
                parts.append(part)
        return parts


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


def commit_legend(token: str) -> VGroup:
    """One row per part of a commit token: the part (as the token writes it), then its name.

    Each row's ``part`` is the glyphs of the part; the glyphs after it spell its name.
    """
    pad = 6  # the parts are padded to this many characters, so the names align
    inside = token[token.index("(") + 1 : -1]
    rows = VGroup()
    for part, name in zip(inside.split(","), COMMIT_PARTS, strict=True):
        mono = f"[0:{pad}]"
        row = drawing.prose(
            part.ljust(pad) + name, size=style.CAPTION_SIZE,
            t2f={mono: fonts.MONO}, t2c={mono: palette.HIGHLIGHT},
        )  # fmt: skip
        row.part = drawing.glyph_span(row, row.original_text, 0, len(part))
        rows.add(row)
    return drawing.stack(rows, buff=style.GAP_S)


def token_span(row: Mobject, text: str, piece: str) -> VGroup:
    """The glyphs of ``piece`` (its first occurrence) in a row of ``text``."""
    start = text.index(piece)
    return drawing.glyph_span(row, text, start, start + len(piece))


def cut(line: drawing.TextLine, text: str, piece: str) -> drawing.TextLine:
    """The glyphs of ``piece`` in a line of code, as a text of their own (in place)."""
    glyphs = token_span(line, text, piece)
    return drawing.TextLine(glyphs.submobjects, piece, fonts.MONO, line.font_size)


class StackColumn(VGroup):
    """The model's stack: a floor and its name. Its cells are drawn one at a time, by depth
    (``cell``), and are not part of the picture: the stack is empty when chapter 4 ends."""

    X = 4.6  # the stack's centre, in the right half, above the commit token's legend
    CELL_WIDTH, CELL_HEIGHT = 1.1, 0.5

    def __init__(self, floor_y: float) -> None:
        self.floor_y = floor_y
        self.floor = Line(
            [self.X - self.CELL_WIDTH / 2 - style.GAP_S, floor_y, 0],
            [self.X + self.CELL_WIDTH / 2 + style.GAP_S, floor_y, 0],
            color=palette.MUTED, stroke_width=style.STROKE,
        )  # fmt: skip
        self.label = drawing.prose("Stack", size=style.CAPTION_SIZE, color=palette.MUTED)
        self.label.next_to(self.floor, LEFT, buff=style.GAP_S)  # the cells go above the floor
        drawing.set_baseline(self.label, floor_y)
        super().__init__(self.floor, self.label)

    def cell(self, value: int, depth: int) -> drawing.Card:
        """``value`` in a box, at ``depth`` on the stack (0 stands on the floor)."""
        box = drawing.card(
            drawing.code(str(value)), color=palette.POSITIVE, width=self.CELL_WIDTH,
            height=self.CELL_HEIGHT, padding=0,
        )  # fmt: skip
        y = self.floor_y + self.CELL_HEIGHT * (depth + 0.5) + style.GAP_XS
        return box.move_to([self.X, y, 0])


class Comparison(VGroup):
    """Tool use on one line at the top; below it, the model's own run of the same program:
    its prompt, its stack, the trace it writes and the commit token's parts. Chapter 4 stages
    it piece by piece; chapter 5 opens on its last state.
    """

    HEADING = "Tool use vs in-model execution"
    TOOL_Y = 2.4  # the tool-use line, under the heading
    DIVIDER_Y = 1.9  # the dashed line between tool use and in-model execution
    LEGEND_X = 2.4  # left edge of the commit token's legend: clear of the trace, and its
    # longest row inside the title-safe area

    def __init__(self, execution: Execution) -> None:
        self.heading = drawing.heading(self.HEADING)
        self._build_tool_use(execution.output[0])
        self._build_prompt()
        self._build_trace(execution.steps)
        self.stack = StackColumn(self.program[-1].get_bottom()[1])  # level with the rows
        self._build_legend(execution.steps[0])
        super().__init__(
            self.heading, self.tool_line, self.sends, self.returns, self.divider,
            self.model_title, self.prompt_label, self.program, self.open_brace,
            self.close_brace, self.stack, self.trace_label, self.trace,
            self.legend_label, self.legend, self.visible,
        )  # fmt: skip

    def _build_tool_use(self, result: int) -> None:
        """Tool use, on one line under the heading, its middle hidden; a dashed line below."""
        a, b = (i.arg for i in ADD_3_5 if i.op == "i32.const")  # the same sum, as Python
        self.tool_title = drawing.prose(
            "Tool use", size=style.SUBHEADING_SIZE, color=palette.WARNING, bold=True
        )
        self.call = drawing.code(f"print({a}+{b})")
        self.interpreter = drawing.card(
            drawing.prose("interpreter", color=palette.MUTED),
            color=palette.WARNING,
            padding=style.GAP_S,
        )
        self.answer = drawing.code(str(result), color=palette.POSITIVE)
        self.hidden = drawing.prose(
            "its steps stay hidden", size=style.CAPTION_SIZE, color=palette.WARNING
        )
        self.tool_line = VGroup(
            self.tool_title, self.call, self.interpreter, self.answer, self.hidden
        )
        self.tool_line.arrange(RIGHT, buff=style.GAP_L)
        self.tool_line.align_to([-drawing.safe_right(), 0, 0], LEFT).set_y(self.TOOL_Y)
        for text in (self.call, self.answer, self.hidden):
            drawing.set_baseline(text, drawing.baseline(self.tool_title))
        self.sends, self.returns = (
            Arrow(
                left.get_right(), right.get_left(), color=palette.MUTED,
                stroke_width=style.THIN_STROKE, buff=style.GAP_S,
            )
            for left, right in ((self.call, self.interpreter), (self.interpreter, self.answer))
        )  # fmt: skip
        for arrow in (self.sends, self.returns):
            arrow.set_y(self.interpreter.get_center()[1])
        self.divider = DashedLine(
            [-drawing.safe_right(), self.DIVIDER_Y, 0], [drawing.safe_right(), self.DIVIDER_Y, 0],
            color=palette.MUTED, dash_length=style.DASH,
        )  # fmt: skip

    def _build_prompt(self) -> None:
        """In-model execution's title and its prompt, the rows cut from their braces so the
        current instruction can be framed on its own."""
        self.model_title = drawing.prose(
            "In-model execution", size=style.SUBHEADING_SIZE, color=palette.POSITIVE, bold=True
        )
        self.model_title.next_to([-drawing.safe_right(), self.DIVIDER_Y, 0], DOWN, buff=style.GAP_S)
        self.model_title.align_to([-drawing.safe_right(), 0, 0], LEFT)
        self.rows = program_rows()
        lines = program_lines()  # checks the rows against the program's tokens
        self.prompt_label = drawing.prose(
            "Prompt: the program", size=style.CAPTION_SIZE, color=palette.MUTED
        )
        shown = [lines[0], *(f"  {line}" for line in lines[1:])]  # rows line up under the first
        self.block = drawing.code_block(shown, color=palette.ACCENT)
        self.prompt = drawing.stack([self.prompt_label, self.block], buff=style.GAP_S)
        self.prompt.next_to(self.model_title, DOWN, buff=style.GAP_S).align_to(
            self.model_title, LEFT
        )
        self.program = VGroup(
            *(cut(self.block[i], shown[i], row) for i, row in enumerate(self.rows))
        )
        self.open_brace = cut(self.block[0], shown[0], "{")
        self.close_brace = cut(self.block[-1], shown[-1], "}")

    def _build_trace(self, steps: Sequence[Step]) -> None:
        """The trace the model writes, under its prompt, its rows in line with the program's."""
        self.trace_rows = [" ".join(step.tokens) for step in steps]
        self.trace = drawing.code_block(self.trace_rows, color=palette.HIGHLIGHT)
        self.trace_label = drawing.prose(
            "Trace: written by the model", size=style.CAPTION_SIZE, color=palette.MUTED
        )
        written = drawing.stack([self.trace_label, self.trace], buff=style.GAP_S)
        written.next_to(self.block, DOWN, buff=style.GAP_S).align_to(self.block, LEFT)
        self.trace.align_to(self.program, LEFT)

    def _build_legend(self, first: Step) -> None:
        """The parts of the first step's commit token, named beside the trace and level with
        its rows; and the closing line, level with its last row."""
        self.first_commit = first.tokens[-1]
        self.legend = commit_legend(self.first_commit)
        self.legend.align_to([self.LEGEND_X, 0, 0], LEFT)
        # level with the trace's rows (measured on a name's "s", which sits; a "+" floats)
        names_baseline = self.legend[0][len(self.legend[0].part)].get_bottom()[1]
        self.legend.shift(UP * (drawing.baseline(self.trace[0]) - names_baseline))
        self.legend_label = drawing.prose(
            "commit token", size=style.CAPTION_SIZE, color=palette.MUTED
        )
        self.legend_label.align_to(self.legend, LEFT)
        drawing.set_baseline(self.legend_label, drawing.baseline(self.trace_label))
        self.visible = drawing.prose("every step in the trace", color=palette.POSITIVE)
        self.visible.align_to([drawing.safe_right(), 0, 0], RIGHT)
        drawing.set_baseline(self.visible, drawing.baseline(self.trace[-1]))

    def last_state(self) -> list[Mobject]:
        """What chapter 4 ends on: every part, the stack empty again, each text on its own."""
        groups = (self.tool_line, self.program, self.stack, self.trace, self.legend)
        return [
            piece for part in self.submobjects
            for piece in (part.submobjects if part in groups else [part])
        ]  # fmt: skip
