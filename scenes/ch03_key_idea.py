"""Chapter 3: the idea: put the computer inside the transformer itself.

The compile path happens on screen: three lines of C become WebAssembly instructions
(``scenes.compute.wasm.compile_c``), each instruction becomes its five prompt tokens
(``instruction_tokens``), and the prompt goes into the machine the transformer runs, whose
memory is the trace it writes (``run``).
"""

from __future__ import annotations

from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Arrow,
    Create,
    FadeIn,
    FadeOut,
    GrowArrow,
    LaggedStart,
    Mobject,
    RoundedRectangle,
    Transform,
    UpdateFromAlphaFunc,
    VGroup,
)

from scenes import theme as t
from scenes.carry_over import TOOLS_HEADING, WRITTEN_STEPS, Machine, PromptBlock, ToolLoop
from scenes.compute.source import SUBSET_OPCODES
from scenes.compute.wasm import (
    ADD_3_5_C,
    Compiled,
    Instruction,
    compile_c,
    instruction_text,
    instruction_tokens,
    run,
)

# The idea: the LLM's box grows around the interpreter (chapter 2's tool loop)
IDEA_WIDTH, IDEA_HEIGHT = 8.0, 2.2
IDEA_Y = 1.2  # the model's centre, under the heading, its reasons below it
IDEA_INSET = 0.4  # from the model's right edge to the interpreter inside it
# The compile path: three columns (C, WebAssembly, prompt tokens) and the arrows between them
PATH_Y = 0.2  # the columns' rows are centred on this height
PATH_ARROW = 1.0  # length of the arrows between the columns


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
        # Chapter 2's last picture, under its heading: the computer is outside the model
        before = t.heading(TOOLS_HEADING)
        loop = ToolLoop()
        self.open_on(before, *loop)  # its pieces one by one, as chapter 2 staged them
        heading = t.heading("A computer inside the transformer")
        # The LLM's box grows around the interpreter: the computer moves inside the model
        model = RoundedRectangle(
            corner_radius=t.CORNER_RADIUS, width=IDEA_WIDTH, height=IDEA_HEIGHT,
            color=t.ACCENT, stroke_width=t.STROKE, fill_color=t.SURFACE, fill_opacity=1,
        ).move_to([0, IDEA_Y, 0])  # fmt: skip
        inside = loop.interpreter.copy()
        inside.align_to(model, RIGHT).shift(LEFT * IDEA_INSET).set_y(IDEA_Y)
        model_name = loop.llm.content.copy()
        model_name.move_to([(model.get_left()[0] + inside.get_left()[0]) / 2, IDEA_Y, 0])
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
        reasons = VGroup(outside, gains).arrange(DOWN, buff=t.GAP_L)
        reasons.next_to(model, DOWN, buff=t.GAP_L)
        links = [loop.sends, loop.sends_label, loop.returns, loop.returns_label]
        with self.say(
            "In Percepta's words, with a tool, the capability still lives outside the model. "
            "Their idea: put the computer inside the transformer."
        ) as line:
            # the old heading leaves before the new one comes: never two headings at once
            self.play(FadeOut(before), FadeOut(loop.note), run_time=t.FADE_TIME)
            self.play(FadeIn(heading), run_time=t.FADE_TIME)
            line.wait_until("capability")
            self.play(
                FadeIn(outside, shift=UP * t.NUDGE),
                t.pulse(loop.interpreter, loop.interpreter.content, t.WARNING),
                run_time=t.MOVE_TIME,
            )
            line.wait_until("inside")
            self.play(*map(FadeOut, links), run_time=t.FADE_TIME)
            self.play(
                Transform(loop.llm.box, model),
                Transform(loop.llm.content, model_name),
                Transform(loop.interpreter, inside),
                run_time=t.MOVE_TIME,
            )
        with self.say(
            "Inside, there is no gap between a solution the model suggests and one that is "
            "verified. The computation stays in the model's own decoding loop, where, they "
            "suggest, a larger model could one day use it as a fast path."
        ) as line:
            line.reveal(gains, ("gap", "decoding", "larger"))
        self.hold(t.SHORT_PAUSE)
        self.play(
            FadeOut(reasons), FadeOut(loop.llm), FadeOut(loop.interpreter), run_time=t.FADE_TIME
        )

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

        self.next_section("the-machine")
        machine = Machine(program, steps)  # chapter 4 opens on its last state
        done = [source, *wasm, compile_arrow, token_arrow, clang, subset, *labels]  # as staged
        with self.say(
            "Inside, nothing is trained. The weights are compiled, worked out exactly, "
            "so that the transformer runs a WebAssembly interpreter."
        ) as line:
            self.play(*map(FadeOut, done), run_time=t.FADE_TIME)  # the old columns leave first
            self.play(prompt.animate.move_to(machine.prompt), run_time=t.MOVE_TIME)
            self.play(Create(machine.model), FadeIn(machine.model_label))
            self.play(
                FadeIn(machine.prompt_panel), FadeIn(machine.prompt_label),
                FadeIn(machine.trace_panel), FadeIn(machine.trace_label), run_time=t.FADE_TIME,
            )  # fmt: skip
            line.wait_until("runs")
            self.play(FadeIn(machine.cpu, shift=UP * t.NUDGE))
        with self.say("It reads the program from the prompt."):
            self.play(GrowArrow(machine.reads_program), FadeIn(machine.reads_label))
        with self.say("Step by step, one token each, it writes its results to the trace.") as line:
            self.play(GrowArrow(machine.writes), FadeIn(machine.writes_label), run_time=t.FADE_TIME)
            for row in machine.trace[:WRITTEN_STEPS]:
                self.play(FadeIn(row, shift=RIGHT * t.NUDGE), run_time=t.MOVE_TIME)
        written = machine.trace[:WRITTEN_STEPS]
        values = VGroup(*(row[:2] for row in written))  # the first byte tokens
        with self.say(
            "And it reads back what it wrote, when it needs it. The trace is its memory."
        ) as line:
            self.play(
                GrowArrow(machine.reads_back), FadeIn(machine.back_label), run_time=t.FADE_TIME
            )
            # The values travel down beside the read-back arrow and stop short of the CPU
            read = values.copy().next_to(machine.reads_back.get_start(), LEFT, buff=t.GAP_S)
            read.align_to(machine.reads_back.get_start(), UP)
            self.play(
                *(t.pulse(row, row[:2], t.TEXT) for row in written),
                run_time=t.FADE_TIME,
            )  # fmt: skip
            self.play(FadeIn(read, shift=DOWN * t.NUDGE), run_time=t.FADE_TIME)
            low = machine.reads_back.get_end()[1] + t.NUDGE  # the fade-out ends at the arrow's tip
            self.play(read.animate.shift(UP * (low - read.get_bottom()[1])), run_time=t.MOVE_TIME)
            self.play(FadeOut(read, shift=DOWN * t.NUDGE), run_time=t.FADE_TIME)
            line.wait_until("memory.")
            self.play(machine.trace_label.animate.set_color(t.HIGHLIGHT), run_time=t.FADE_TIME)
        self.hold()  # no fade-out: chapter 4 opens on this picture


def instruction_spoken(instruction: Instruction) -> str:
    """What the narrator says for an instruction: "Push 3", "Add the two", ..."""
    return {
        "i32.const": f"Push {instruction.arg}",
        "i32.add": "Add the two",
        "output": "Output the result",
    }[instruction.op]
