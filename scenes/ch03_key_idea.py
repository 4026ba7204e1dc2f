"""Chapter 3: the idea: put the computer inside the transformer itself.

The compile path happens on screen: three lines of C become WebAssembly instructions
(``scenes.compute.wasm.compile_c``), each instruction becomes its five prompt tokens
(``instruction_tokens``), and the prompt goes into the machine the transformer runs, whose
memory is the trace it writes (``run``).
"""

from __future__ import annotations

from collections.abc import Sequence

from manim import (
    DOWN,
    LEFT,
    ORIGIN,
    RIGHT,
    UL,
    UP,
    Arrow,
    Create,
    FadeIn,
    FadeOut,
    GrowArrow,
    LaggedStart,
    Mobject,
    RoundedRectangle,
    UpdateFromAlphaFunc,
    VGroup,
    Write,
)

from scenes import theme as t
from scenes.compute.source import SUBSET_OPCODES
from scenes.compute.wasm import (
    ADD_3_5_C,
    Compiled,
    Instruction,
    compile_c,
    instruction_text,
    instruction_tokens,
    program_tokens,
    run,
)

# The compile path: three columns (C, WebAssembly, prompt tokens) and the arrows between them
PATH_Y = 0.2  # the columns' rows are centred on this height
PATH_ARROW = 1.0  # length of the arrows between the columns
# The machine inside the transformer
MODEL_WIDTH, MODEL_HEIGHT = 13.0, 6.0
MODEL_TOP = 2.5  # y of the model's top edge, under the heading
MODEL_LABEL_INSET = 0.24  # from the model's top-left corner to its label
PANEL_TOP = 1.4  # y of the top edge of the prompt and trace panels
PANEL_INSET = 0.5  # from the model's sides to the panels
CPU_WIDTH, CPU_HEIGHT = 9.0, 1.0
CPU_BOTTOM_INSET = 0.3  # from the model's bottom edge to the CPU's
LINK_GAP = 0.6  # the write and read-back arrows sit this far either side of the trace's centre
WRITTEN_STEPS = 2  # the steps the CPU writes in this chapter (the rest run in chapter 4)


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
        block = t.code_block(lines, color=color)
        super().__init__(*block)
        self.rows = block
        self.opcodes, self.arguments = [], []
        for line, row, tokens in zip(lines, block, rows, strict=True):
            start = line.index(tokens[0])
            end = start + len(" ".join(tokens))
            self.opcodes.append(t.glyph_span(row, line, start, start + len(tokens[0])))
            self.arguments.append(t.glyph_span(row, line, start + len(tokens[0]) + 1, end))
        self.braces = VGroup(
            t.glyph_span(block[0], lines[0], 0, 1), t.glyph_span(block[-1], lines[-1], -1, None)
        )


def column_label(text: str, column: Mobject, top: float) -> Mobject:
    label = t.prose(text, size=t.CAPTION_SIZE, color=t.MUTED)
    return label.next_to([column.get_center()[0], top, 0], UP, buff=t.GAP_M)


class KeyIdea(t.ChapterScene):
    """A transformer whose weights are compiled to run a WebAssembly interpreter."""

    def construct(self) -> None:
        compiled = compile_c(ADD_3_5_C)
        program = [c.instruction for c in compiled]
        steps = run(program).steps

        self.next_section("the-idea")  # and the authors' reasons for it, as theirs
        heading = t.heading("A computer inside the transformer")
        outside = t.prose(
            f"{t.QUOTE_OPEN}the capability still lives outside the model{t.QUOTE_CLOSE}",
            size=t.SUBHEADING_SIZE,
            color=t.MUTED,
        )
        gains = VGroup(
            t.prose("suggested = verified", color=t.POSITIVE),
            t.prose("inside the decoding loop", color=t.ACCENT),
            t.prose("a possible fast path", color=t.HIGHLIGHT),
        ).arrange(RIGHT, buff=t.GAP_L)
        reasons = VGroup(outside, gains).arrange(DOWN, buff=2 * t.GAP_L).move_to(ORIGIN)
        with self.say(
            "In Percepta's words, with a tool, the capability still lives outside the model. "
            "Their idea: put the computer inside the transformer."
        ):
            self.play(
                Write(heading), FadeIn(outside, shift=UP * t.NUDGE), run_time=t.MOVE_TIME
            )
        with self.say(
            "Inside, there is no gap between a solution the model suggests and one that is "
            "verified. The computation stays in the model's own decoding loop, where, they "
            "suggest, a larger model could one day use it as a fast path."
        ) as line:
            line.reveal(gains, ("gap", "decoding", "larger"))
        self.hold(t.SHORT_PAUSE)
        self.play(FadeOut(reasons), run_time=t.FADE_TIME)

        # --- The compile path: C -> WebAssembly -> prompt tokens ------------------------
        source_lines = ADD_3_5_C.split("\n")
        source = t.code_block(source_lines)
        wasm = t.code_block([instruction_text(i) for i in program])
        prompt = PromptBlock(program, t.ACCENT)
        columns = VGroup(source, wasm, prompt)
        columns.arrange(RIGHT, buff=PATH_ARROW + 2 * t.GAP_SM)
        columns.set_x(0)
        # The C line that holds the sum sits level with the first instruction, so the pieces
        # flying from it to the instructions never cross the arrow's label above it.
        sum_line = next(i for i, text in enumerate(source_lines) if "output" in text)
        wasm.shift(UP * (t.baseline(source[sum_line]) - t.baseline(wasm[0])))
        prompt.shift(UP * (t.baseline(wasm[0]) - t.baseline(prompt.rows[0])))  # row by row
        columns.shift(UP * (PATH_Y - columns.get_center()[1]))
        top = max(block.get_top()[1] for block in columns)
        labels = VGroup(
            column_label("C", source, top),
            column_label("WebAssembly", wasm, top),
            column_label("Prompt tokens", prompt, top),
        )
        label_y = t.baseline(labels[1])
        for label in labels:
            t.set_baseline(label, label_y)
        # The arrows run between the column labels, above the rows, so nothing that moves
        # from one column to the next crosses them.
        arrow_y = labels[1].get_center()[1]
        compile_arrow, token_arrow = (
            Arrow(
                [left.get_right()[0], arrow_y, 0], [right.get_left()[0], arrow_y, 0],
                color=t.MUTED, stroke_width=t.THIN_STROKE, buff=t.GAP_SM,
            )
            for left, right in ((labels[0], labels[1]), (labels[1], labels[2]))
        )  # fmt: skip
        clang = t.prose("clang", size=t.CAPTION_SIZE, color=t.MUTED)
        clang.next_to(compile_arrow, UP, buff=t.GAP_S)
        subset = t.prose(f"~{SUBSET_OPCODES} opcodes", size=t.CAPTION_SIZE, color=t.MUTED)
        subset.next_to(wasm, DOWN, buff=t.GAP_M).align_to(wasm, LEFT)

        def source_span(c: Compiled) -> VGroup:
            """The glyphs of the C text an instruction was compiled from."""
            line = ADD_3_5_C.count("\n", 0, c.start)
            line_start = ADD_3_5_C.rfind("\n", 0, c.start) + 1
            text = source_lines[line]
            return t.glyph_span(source[line], text, c.start - line_start, c.end - line_start)

        self.next_section("c-to-webassembly")
        a, b = (i.arg for i in program if i.op == "i32.const")
        with self.say(
            f"Take a tiny program in C. It outputs {a} plus {b}.",
            caption=f"Take a tiny program in C. It outputs {a} + {b}.",
        ):
            self.play(FadeIn(labels[0]), FadeIn(source, shift=RIGHT * t.NUDGE))
        with self.say(
            f"Clang compiles it to WebAssembly. The model runs a subset of it: "
            f"about {SUBSET_OPCODES} kinds of instruction."
        ) as line:
            self.play(
                GrowArrow(compile_arrow), FadeIn(clang), FadeIn(labels[1]), run_time=t.FADE_TIME
            )
            self.play(
                LaggedStart(*(FadeIn(row, shift=RIGHT * t.NUDGE) for row in wasm)),
                run_time=t.MOVE_TIME,
            )
            line.wait_until("subset")
            self.play(FadeIn(subset, shift=UP * t.NUDGE), run_time=t.FADE_TIME)
        said = [instruction_spoken(c.instruction) for c in compiled]
        with self.say(" ".join(f"{words}." for words in said)) as line:
            for i, (c, row) in enumerate(zip(compiled, wasm, strict=True)):
                first = said[i].split()[0]  # each instruction lights up on its first word
                line.wait_until(first, [s.split()[0] for s in said[: i + 1]].count(first))
                self.play(
                    t.pulse(source[ADD_3_5_C.count("\n", 0, c.start)], source_span(c), t.ACCENT),
                    t.pulse(row, row, t.ACCENT), run_time=t.MOVE_TIME,
                )  # fmt: skip

        self.next_section("prompt-tokens")
        per = len(instruction_tokens(program[0]))
        with self.say(
            f"Each instruction becomes {per} tokens: its opcode, then its argument "
            f"as {per - 1} bytes, lowest byte first."
        ):
            self.play(GrowArrow(token_arrow), FadeIn(labels[2]), run_time=t.FADE_TIME)
            # Each instruction lights up as its tokens arrive beside it: a copy flying across
            # would overprint its own source on the way out
            for i, row in enumerate(wasm):
                self.play(
                    t.pulse(row, row, t.ACCENT),
                    FadeIn(prompt.opcodes[i], shift=RIGHT * t.NUDGE),
                    FadeIn(prompt.arguments[i], shift=RIGHT * t.NUDGE),
                    run_time=t.MOVE_TIME,
                )
        prompt.braces.set_opacity(0)  # the rows are on stage whole; their braces come next
        self.settle([*prompt.opcodes, *prompt.arguments], *prompt.rows)
        with self.say("Two braces open and close the program. That is the prompt."):
            # Animated through the block (not on the stage), so the rows keep their braces
            self.play(UpdateFromAlphaFunc(prompt, lambda _, a: prompt.braces.set_opacity(a)))
            self.remove(prompt)  # playing it took its rows off the stage: put them back
            self.add(*prompt.rows)
        self.hold(t.SHORT_PAUSE)

        # --- The machine inside the transformer -----------------------------------------
        model = RoundedRectangle(
            corner_radius=t.CORNER_RADIUS, width=MODEL_WIDTH, height=MODEL_HEIGHT,
            color=t.ACCENT, stroke_width=t.STROKE,
        )  # fmt: skip
        model.move_to([0, MODEL_TOP - MODEL_HEIGHT / 2, 0])
        model_label = t.prose(
            "Transformer: compiled weights, not trained", size=t.CAPTION_SIZE, color=t.ACCENT
        )
        model_label.next_to(model.get_corner(UL), DOWN + RIGHT, buff=MODEL_LABEL_INSET)

        trace = t.code_block([" ".join(step.tokens) for step in steps], color=t.HIGHLIGHT)
        panel_height = prompt.height + 2 * t.CARD_PADDING  # the trace's first rows fit too
        prompt_panel = panel(prompt.width + 2 * t.CARD_PADDING, panel_height)
        trace_panel = panel(trace.width + 2 * t.CARD_PADDING, panel_height)
        prompt_panel.align_to(model, LEFT).shift(RIGHT * PANEL_INSET)
        trace_panel.align_to(model, RIGHT).shift(LEFT * PANEL_INSET)
        for box in (prompt_panel, trace_panel):
            box.set_y(PANEL_TOP - panel_height / 2)
        trace.move_to(trace_panel).align_to(trace_panel, UP).shift(DOWN * t.CARD_PADDING)
        prompt_target = prompt.copy().move_to(prompt_panel)
        prompt_label = t.prose("Prompt: the program", size=t.CAPTION_SIZE, color=t.MUTED)
        trace_label = t.prose("Trace: the memory", size=t.CAPTION_SIZE, color=t.MUTED)
        for label, box in ((prompt_label, prompt_panel), (trace_label, trace_panel)):
            label.next_to(box, UP, buff=t.GAP_S).align_to(box, LEFT)
        t.set_baseline(trace_label, t.baseline(prompt_label))

        cpu_text = t.prose("Virtual CPU: a WebAssembly interpreter", color=t.POSITIVE)
        cpu = t.card(cpu_text, color=t.POSITIVE, width=CPU_WIDTH, height=CPU_HEIGHT)
        cpu.move_to([0, model.get_bottom()[1] + CPU_BOTTOM_INSET + CPU_HEIGHT / 2, 0])

        reads_program = Arrow(
            [prompt_panel.get_center()[0], prompt_panel.get_bottom()[1], 0],
            [prompt_panel.get_center()[0], cpu.get_top()[1], 0],
            color=t.MUTED, stroke_width=t.THIN_STROKE, buff=t.GAP_S,
        )  # fmt: skip
        writes = Arrow(
            [trace_panel.get_center()[0] - LINK_GAP, cpu.get_top()[1], 0],
            [trace_panel.get_center()[0] - LINK_GAP, trace_panel.get_bottom()[1], 0],
            color=t.HIGHLIGHT, stroke_width=t.THIN_STROKE, buff=t.GAP_S,
        )  # fmt: skip
        reads_back = Arrow(
            [trace_panel.get_center()[0] + LINK_GAP, trace_panel.get_bottom()[1], 0],
            [trace_panel.get_center()[0] + LINK_GAP, cpu.get_top()[1], 0],
            color=t.MUTED, stroke_width=t.THIN_STROKE, buff=t.GAP_S,
        )  # fmt: skip
        reads_label = t.prose("reads the program", size=t.CAPTION_SIZE, color=t.MUTED)
        reads_label.next_to(reads_program, RIGHT, buff=t.GAP_S)
        writes_label = t.prose("writes", size=t.CAPTION_SIZE, color=t.HIGHLIGHT)
        writes_label.next_to(writes, LEFT, buff=t.GAP_S)
        back_label = t.prose("reads back", size=t.CAPTION_SIZE, color=t.MUTED)
        back_label.next_to(reads_back, RIGHT, buff=t.GAP_S)
        for label in (writes_label, back_label):
            t.set_baseline(label, t.baseline(reads_label))

        self.next_section("the-machine")
        done = [source, *wasm, compile_arrow, token_arrow, clang, subset, *labels]  # as staged
        with self.say(
            "Inside, nothing is trained. The weights are compiled, worked out exactly, "
            "so that the transformer runs a WebAssembly interpreter."
        ) as line:
            self.play(*map(FadeOut, done), run_time=t.FADE_TIME)  # the old columns leave first
            self.play(prompt.animate.move_to(prompt_target), run_time=t.MOVE_TIME)
            self.play(Create(model), FadeIn(model_label))
            self.play(
                FadeIn(prompt_panel), FadeIn(prompt_label), FadeIn(trace_panel),
                FadeIn(trace_label), run_time=t.FADE_TIME,
            )  # fmt: skip
            line.wait_until("runs")
            self.play(FadeIn(cpu, shift=UP * t.NUDGE))
        with self.say("It reads the program from the prompt."):
            self.play(GrowArrow(reads_program), FadeIn(reads_label))
        with self.say("Step by step, one token each, it writes its results to the trace.") as line:
            self.play(GrowArrow(writes), FadeIn(writes_label), run_time=t.FADE_TIME)
            for row in trace[:WRITTEN_STEPS]:
                self.play(FadeIn(row, shift=RIGHT * t.NUDGE), run_time=t.MOVE_TIME)
        values = VGroup(*(row[:2] for row in trace[:WRITTEN_STEPS]))  # the first byte tokens
        with self.say(
            "And it reads back what it wrote, when it needs it. The trace is its memory."
        ) as line:
            self.play(GrowArrow(reads_back), FadeIn(back_label), run_time=t.FADE_TIME)
            # The values travel down beside the read-back arrow and stop short of the CPU
            read = values.copy().next_to(reads_back.get_start(), LEFT, buff=t.GAP_S)
            read.align_to(reads_back.get_start(), UP)
            self.play(
                *(t.pulse(row, row[:2], t.TEXT) for row in trace[:WRITTEN_STEPS]),
                run_time=t.FADE_TIME,
            )  # fmt: skip
            self.play(FadeIn(read, shift=DOWN * t.NUDGE), run_time=t.FADE_TIME)
            low = reads_back.get_end()[1] + t.NUDGE  # the fade-out ends at the arrow's tip
            self.play(read.animate.shift(UP * (low - read.get_bottom()[1])), run_time=t.MOVE_TIME)
            self.play(FadeOut(read, shift=DOWN * t.NUDGE), run_time=t.FADE_TIME)
            line.wait_until("memory.")
            self.play(trace_label.animate.set_color(t.HIGHLIGHT), run_time=t.FADE_TIME)
        self.hold()
        self.clear_stage()


def panel(width: float, height: float) -> RoundedRectangle:
    """An outlined region of the context: the prompt's, or the trace's."""
    return RoundedRectangle(
        corner_radius=t.CORNER_RADIUS, width=width, height=height,
        color=t.MUTED, stroke_width=t.THIN_STROKE,
    )  # fmt: skip


def instruction_spoken(instruction: Instruction) -> str:
    """What the narrator says for an instruction: "Push 3", "Add the two", ..."""
    return {
        "i32.const": f"Push {instruction.arg}",
        "i32.add": "Add the two",
        "output": "Output the result",
    }[instruction.op]
