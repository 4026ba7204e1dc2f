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
    Animation,
    AnimationGroup,
    Arrow,
    Create,
    CurvedArrow,
    FadeIn,
    FadeOut,
    GrowArrow,
    GrowFromCenter,
    LaggedStart,
    Mobject,
    ReplacementTransform,
    RoundedRectangle,
    ShowPassingFlash,
    Square,
    Transform,
    UpdateFromAlphaFunc,
    VGroup,
)

from scenes import drawing, palette, stage, style
from scenes.carry_over import (
    KEY_IDEA_HEADING,
    TOOLS_HEADING,
    WRITTEN_STEPS,
    Machine,
    PromptBlock,
    ToolLoop,
)
from scenes.compute.folding import fold_constants, instruction_kinds
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
from scenes.framing import view_on, whole_frame

FLASH_WIDTH = 0.4  # the travelling part of a flash along a curve, as a fraction of it
BREATH = 1.0  # a hold after a payoff, before the next line
CLOSE_VIEW_WIDTH = 7.0  # the camera's view on the C program alone: about twice as close


class ComputerInside(VGroup):
    """Where chapter 2's tool loop goes: the LLM's box grown around the interpreter (the
    loop's own pieces move there); inside it, the suggestion checked where it is made, and
    below it the decoding loop it runs in, each reason of the authors' named beside it."""

    WIDTH, HEIGHT = 8.0, 2.2
    Y = 1.2  # the model's centre, under the heading, its reasons below it
    INSET = 0.4  # from the model's right edge to the interpreter inside it
    LOOP_SPAN = 5.0  # from the decoding loop's start to its end, under the model
    LOOP_ANGLE = -2.2  # its bend (radians; negative bends it down, under the model)

    def __init__(self, loop: ToolLoop) -> None:
        self.box = RoundedRectangle(
            corner_radius=style.CORNER_RADIUS, width=self.WIDTH, height=self.HEIGHT,
            color=palette.ACCENT, stroke_width=style.STROKE, fill_color=palette.SURFACE,
            fill_opacity=1,
        ).move_to([0, self.Y, 0])  # fmt: skip
        self.interpreter = loop.interpreter.copy()
        self.interpreter.align_to(self.box, RIGHT).shift(LEFT * self.INSET).set_y(self.Y)
        self.model_name = loop.llm.content.copy()
        name_x = (self.box.get_left()[0] + self.interpreter.get_left()[0]) / 2
        self.model_name.move_to([name_x, self.Y, 0])
        self.outside = drawing.prose(
            f"{style.QUOTE_OPEN}the capability still lives outside the model{style.QUOTE_CLOSE}",
            size=style.SUBHEADING_SIZE,
            color=palette.MUTED,
        )
        self.outside.next_to(loop.note, DOWN, buff=style.GAP_M)
        self.suggests = Arrow(
            self.model_name.get_right(), self.interpreter.get_left(), color=palette.POSITIVE,
            stroke_width=style.THIN_STROKE, buff=style.GAP_S,
        )  # fmt: skip
        bottom = self.box.get_bottom()[1] - style.GAP_S
        self.decoding = CurvedArrow(
            [self.LOOP_SPAN / 2, bottom, 0], [-self.LOOP_SPAN / 2, bottom, 0],
            angle=self.LOOP_ANGLE, color=palette.ACCENT, stroke_width=style.THIN_STROKE,
        )  # fmt: skip
        self.gains = VGroup(
            drawing.prose("suggested = verified", color=palette.POSITIVE),
            drawing.prose("inside the decoding loop", color=palette.ACCENT),
            drawing.prose("a possible fast path", color=palette.SECONDARY),
        ).arrange(RIGHT, buff=style.GAP_L)
        self.gains.next_to(self.decoding, DOWN, buff=style.GAP_M)
        super().__init__(
            self.box, self.model_name, self.interpreter, self.suggests, self.decoding, self.gains
        )

    def fast_path(self) -> Animation:
        """A bright pulse runs round the decoding loop: the fast path the authors foresee."""
        return ShowPassingFlash(
            self.decoding.copy().set_stroke(color=palette.SECONDARY, width=style.STROKE),
            time_width=FLASH_WIDTH,
        )


class InstructionSet(VGroup):
    """The model's instruction set, one chip per kind of instruction, in rows under a label
    naming the count; the kinds a program uses light up (``used``)."""

    PER_ROW = 7
    CHIP = 0.2  # a chip's side
    CHIP_GAP = 0.06

    def __init__(self, kinds: int, used: int) -> None:
        if not 0 < used <= kinds:
            raise ValueError(f"a program uses 1 to {kinds} kinds of instruction, not {used}")
        self.chips = VGroup(
            *(
                Square(
                    self.CHIP, color=palette.MUTED, stroke_width=style.THIN_STROKE,
                    fill_color=palette.MUTED, fill_opacity=0.3,
                )
                for _ in range(kinds)
            )
        ).arrange_in_grid(cols=self.PER_ROW, buff=self.CHIP_GAP)  # fmt: skip
        self.used = self.chips[:used]
        self.label = drawing.prose(
            f"~{kinds} kinds of instruction", size=style.CAPTION_SIZE, color=palette.MUTED
        )
        self.label.next_to(self.chips, UP, buff=style.GAP_S).align_to(self.chips, LEFT)
        super().__init__(self.chips, self.label)

    def fill(self) -> Animation:
        """The chips arrive one by one, row by row: the size of the set, counted out."""
        return LaggedStart(*(GrowFromCenter(chip) for chip in self.chips), lag_ratio=0.08)

    def light_used(self) -> Animation:
        """The kinds the program uses turn to the program's colour."""
        return AnimationGroup(
            *(chip.animate.set_fill(palette.ACCENT, 1).set_stroke(palette.ACCENT)
              for chip in self.used),
        )  # fmt: skip


class CompilePath(VGroup):
    """Three columns, C -> WebAssembly -> prompt tokens, named above, with the arrows
    between their names. The compiled instructions sit level with the C line they come
    from, and each prompt row level with its instruction. Beside the WebAssembly, for a
    moment, what an optimising clang would write instead (``folded``), set aside in the
    prompt's column before the prompt comes, and under it the model's instruction set."""

    Y = -0.2  # the columns' rows are centred on this height, the instruction set below
    ARROW_LENGTH = 1.0  # of the arrows between the columns

    def __init__(self, compiled: list[Compiled]) -> None:
        self.program = program = [c.instruction for c in compiled]
        self.source_lines = ADD_3_5_C.split("\n")
        self.source = drawing.code_block(self.source_lines)
        self.wasm = drawing.code_block([instruction_text(i) for i in program])
        self.prompt = PromptBlock(program, palette.ACCENT)
        self._place_columns()
        self._build_labels()
        self._build_arrows()
        self._build_listings()
        self.kinds = InstructionSet(SUBSET_OPCODES, len(instruction_kinds(program)))
        self.kinds.align_to(self.prompt, LEFT).align_to(self.unoptimised, UP)
        super().__init__(
            self.source, self.wasm, self.prompt, self.labels, self.compile_arrow,
            self.token_arrow, self.clang, self.unoptimised, self.folded, self.kinds,
        )  # fmt: skip

    def _build_listings(self) -> None:
        """The optimised listing, in the WebAssembly's place (``folded``) and where it is set
        aside (``aside``), each tagged; and the tag the unoptimised listing carries."""
        folded = fold_constants(self.program)
        self.folded = drawing.code_block([instruction_text(i) for i in folded])
        self.folded.align_to(self.wasm, UP + LEFT)
        self.folded_tag = drawing.prose(
            "optimised (clang -O2)", size=style.CAPTION_SIZE, color=palette.MUTED
        )
        self.folded_tag.next_to(self.folded, DOWN, buff=style.GAP_S).align_to(self.folded, LEFT)
        self.folded.add(self.folded_tag)
        self.aside = self.folded.copy().set_color(palette.MUTED)
        self.aside.align_to(self.prompt, LEFT).align_to(self.wasm, UP)
        self.unoptimised = drawing.prose(
            "unoptimised: not folded", size=style.CAPTION_SIZE, color=palette.MUTED
        )
        self.unoptimised.next_to(self.wasm, DOWN, buff=style.GAP_M).align_to(self.wasm, LEFT)

    def _place_columns(self) -> None:
        """Side by side, room for an arrow between each two, centred on ``Y``."""
        columns = VGroup(self.source, self.wasm, self.prompt)
        columns.arrange(RIGHT, buff=self.ARROW_LENGTH + 2 * style.GAP_SM)
        columns.set_x(0)
        # The C line that holds the sum sits level with the first instruction, so the pieces
        # flying from it to the instructions never cross the arrow's label above it.
        sum_line = next(i for i, text in enumerate(self.source_lines) if "output" in text)
        self.wasm.shift(
            UP * (drawing.baseline(self.source[sum_line]) - drawing.baseline(self.wasm[0]))
        )
        # and each prompt row level with its instruction
        self.prompt.shift(
            UP * (drawing.baseline(self.wasm[0]) - drawing.baseline(self.prompt.rows[0]))
        )
        columns.shift(UP * (self.Y - columns.get_center()[1]))

    def _build_labels(self) -> None:
        """The columns' names, on one baseline above the highest column."""
        top = max(block.get_top()[1] for block in (self.source, self.wasm, self.prompt))
        self.labels = VGroup(
            *(
                drawing.prose(text, size=style.CAPTION_SIZE, color=palette.MUTED).next_to(
                    [column.get_center()[0], top, 0], UP, buff=style.GAP_M
                )
                for text, column in (
                    ("C", self.source), ("WebAssembly", self.wasm), ("Prompt tokens", self.prompt)
                )
            )
        )  # fmt: skip
        label_y = drawing.baseline(self.labels[1])
        for label in self.labels:
            drawing.set_baseline(label, label_y)

    def _build_arrows(self) -> None:
        """The arrows run between the column names, above the rows, so nothing that moves
        from one column to the next crosses them."""
        arrow_y = self.labels[1].get_center()[1]
        self.compile_arrow, self.token_arrow = (
            Arrow(
                [left.get_right()[0], arrow_y, 0], [right.get_left()[0], arrow_y, 0],
                color=palette.MUTED, stroke_width=style.THIN_STROKE, buff=style.GAP_SM,
            )
            for left, right in ((self.labels[0], self.labels[1]), (self.labels[1], self.labels[2]))
        )  # fmt: skip
        self.clang = drawing.prose("clang", size=style.CAPTION_SIZE, color=palette.MUTED)
        self.clang.next_to(self.compile_arrow, UP, buff=style.GAP_S)

    def source_row(self, c: Compiled) -> drawing.TextLine:
        """The C line an instruction was compiled from."""
        return self.source[ADD_3_5_C.count("\n", 0, c.start)]

    def source_span(self, c: Compiled) -> VGroup:
        """The glyphs of the C text an instruction was compiled from."""
        line = ADD_3_5_C.count("\n", 0, c.start)
        line_start = ADD_3_5_C.rfind("\n", 0, c.start) + 1
        text = self.source_lines[line]
        return drawing.glyph_span(self.source[line], text, c.start - line_start, c.end - line_start)

    def compiled_part(self) -> list[Mobject]:
        """What the compile step left on stage, done with once the tokens come: the C, its
        arrow and name, the optimised listing set aside and the instruction set."""
        return [
            self.source, self.labels[0], self.compile_arrow, self.clang, self.aside, self.kinds,
        ]  # fmt: skip

    def tokenised_part(self) -> list[Mobject]:
        """What is on stage once the prompt is built, but the prompt: as it was staged."""
        return [*self.wasm, self.unoptimised, self.token_arrow, *self.labels[1:]]


class KeyIdea(stage.ChapterScene):
    """A transformer whose weights are compiled to run a WebAssembly interpreter."""

    def construct(self) -> None:
        compiled = compile_c(ADD_3_5_C)
        program = [c.instruction for c in compiled]
        loop, inside = self.the_idea()
        done = self.its_reasons(loop, inside)
        path = CompilePath(compiled)
        self.c_to_webassembly(path, done)
        self.as_the_article_writes_it(path, compiled)
        self.instruction_set(path, compiled)
        self.prompt_tokens(path)
        machine = Machine(program, run(program).steps)  # chapter 4 opens on its last state
        self.the_machine(path, machine)
        self.writes_and_reads_back(machine)
        self.hold()  # no fade-out: chapter 4 opens on this picture

    def the_idea(self) -> tuple[ToolLoop, ComputerInside]:
        """Chapter 2's tool loop, under its heading; then the computer moves inside the model."""
        self.next_section("the-idea")  # and the authors' reasons for it, as theirs
        # Chapter 2's last picture, under its heading: the computer is outside the model
        before = drawing.heading(TOOLS_HEADING)
        loop = ToolLoop()
        self.open_on(before, *loop)  # its pieces one by one, as chapter 2 staged them
        heading = drawing.heading(KEY_IDEA_HEADING)
        inside = ComputerInside(loop)
        links = [loop.sends, loop.sends_label, loop.returns, loop.returns_label]
        with self.say(
            "With a tool, Percepta says, the capability lives outside the model. "
            "So put the computer inside."
        ) as line:
            # the old heading leaves before the new one comes: never two headings at once
            self.play(FadeOut(before), run_time=style.FADE_TIME)
            self.play(FadeIn(heading), run_time=style.FADE_TIME)
            line.wait_until("Percepta")
            self.play(
                FadeIn(inside.outside, shift=UP * style.NUDGE),
                drawing.pulse(loop.interpreter, loop.interpreter.content, palette.WARNING),
                run_time=style.MOVE_TIME,
            )
            line.wait_until("put")
            self.play(*map(FadeOut, [*links, loop.note]), run_time=style.FADE_TIME)
            line.wait_until("inside.")
            # The LLM's box grows around the interpreter: the computer moves inside the model
            self.play(
                Transform(loop.llm.box, inside.box),
                Transform(loop.llm.content, inside.model_name),
                Transform(loop.interpreter, inside.interpreter),
                FadeOut(inside.outside),
                run_time=style.MOVE_TIME,
            )
        self.title = heading  # it makes way while the camera is close, and comes back
        return loop, inside

    def its_reasons(self, loop: ToolLoop, inside: ComputerInside) -> list[Mobject]:
        """The authors' reasons, as theirs, each drawn on its word; returns what leaves
        when the next beat comes (all but the heading)."""
        checked, in_loop, fast = inside.gains
        with self.say(
            "Inside, what the model suggests is already verified. It runs in the model's own "
            "decoding loop: a possible fast path for larger models."
        ) as line:
            line.wait_until("suggests")
            self.play(GrowArrow(inside.suggests), run_time=style.FADE_TIME)
            line.wait_until("verified")
            self.play(
                drawing.pulse(loop.interpreter, loop.interpreter.content, palette.POSITIVE),
                FadeIn(checked, shift=UP * style.NUDGE), run_time=style.MOVE_TIME,
            )  # fmt: skip
            line.wait_until("decoding")
            self.play(Create(inside.decoding), FadeIn(in_loop, shift=UP * style.NUDGE))
            line.wait_until("fast")
            self.play(inside.fast_path(), FadeIn(fast, shift=UP * style.NUDGE))
        self.hold(BREATH)  # the idea and its reasons, whole, before the example begins
        return [inside.suggests, inside.decoding, inside.gains, loop.llm, loop.interpreter]

    def c_to_webassembly(self, path: CompilePath, done: list[Mobject]) -> None:
        """The reasons leave as the camera comes closer on the C program."""
        self.next_section("c-to-webassembly")
        a, b = (i.arg for i in path.program if i.op == "i32.const")
        frame = self.camera.frame
        with self.say(
            f"Take a tiny program in C. It outputs {a} plus {b}.",
            caption=f"Take a tiny program in C. It outputs {a} + {b}.",
        ) as line:
            self.play(*map(FadeOut, done), run_time=style.FADE_TIME)
            self.play(
                view_on(frame, path.labels[0], path.source, min_width=CLOSE_VIEW_WIDTH),
                FadeOut(self.title),
                FadeIn(path.labels[0]), FadeIn(path.source, shift=RIGHT * style.NUDGE),
                run_time=style.MOVE_TIME,
            )  # fmt: skip
            line.wait_until("outputs")
            row = path.source[1]  # the line that outputs the sum
            self.play(drawing.pulse(row, row, palette.ACCENT), run_time=style.MOVE_TIME)

    def as_the_article_writes_it(self, path: CompilePath, compiled: list[Compiled]) -> None:
        """Optimised, clang would write the answer itself; the film keeps the article's
        unoptimised listing, whose instructions each come from a piece of the C."""
        folded = fold_constants(path.program)[0].arg
        with self.say(
            f"Clang compiles it to WebAssembly. Optimised, that is just push {folded}; "
            "we keep it unoptimised, as the article does."
        ) as line:
            self.play(  # the camera draws back to take in what the compiler writes
                view_on(self.camera.frame, path.clang, path.source, path.aside, path.kinds),
                GrowArrow(path.compile_arrow), FadeIn(path.clang), FadeIn(path.labels[1]),
                run_time=style.MOVE_TIME,
            )  # fmt: skip
            line.wait_until("Optimised,")
            self.play(FadeIn(path.folded, shift=RIGHT * style.NUDGE), run_time=style.FADE_TIME)
            line.wait_until("unoptimised,")
            self.play(ReplacementTransform(path.folded, path.aside), run_time=style.MOVE_TIME)
            self.play(
                LaggedStart(*(FadeIn(row, shift=RIGHT * style.NUDGE) for row in path.wasm)),
                FadeIn(path.unoptimised, shift=UP * style.NUDGE), run_time=line.remaining(),
            )  # fmt: skip
        said = [instruction_spoken(c.instruction) for c in compiled]
        with self.say(" ".join(f"{words}." for words in said)) as line:
            for i, (c, row) in enumerate(zip(compiled, path.wasm, strict=True)):
                first = said[i].split()[0]  # each instruction lights up on its first word
                line.wait_until(first, [s.split()[0] for s in said[: i + 1]].count(first))
                self.play(
                    drawing.pulse(path.source_row(c), path.source_span(c), palette.ACCENT),
                    drawing.pulse(row, row, palette.ACCENT), run_time=style.MOVE_TIME,
                )  # fmt: skip

    def instruction_set(self, path: CompilePath, compiled: list[Compiled]) -> None:
        """The model's instruction set, counted out; the kinds this program uses light up."""
        kinds = path.kinds
        used = len(instruction_kinds(path.program))
        with self.say(
            f"The model knows about {SUBSET_OPCODES} kinds of instruction; "
            f"this one uses {spoken_count(used)}."
        ) as line:
            line.wait_until("about")
            self.play(kinds.fill(), run_time=line.until("kinds"))
            self.play(FadeIn(kinds.label, shift=UP * style.NUDGE), run_time=style.FADE_TIME)
            line.wait_until("uses")
            self.play(
                kinds.light_used(),
                *(drawing.pulse(row, row, palette.ACCENT) for row in path.wasm),
                run_time=style.MOVE_TIME,
            )

    def prompt_tokens(self, path: CompilePath) -> None:
        """The compile step leaves; the camera moves on to the prompt, whose tokens arrive
        beside each instruction; then the braces close it."""
        self.next_section("prompt-tokens")
        prompt = path.prompt
        per = len(instruction_tokens(path.program[0]))
        with self.say(
            f"Each instruction becomes {per} tokens: its opcode, then {per - 1} bytes, "
            "lowest first."
        ):
            self.play(*map(FadeOut, path.compiled_part()), run_time=style.FADE_TIME)
            self.play(
                view_on(self.camera.frame, path.labels[1], path.unoptimised, path.prompt),
                GrowArrow(path.token_arrow), FadeIn(path.labels[2]), run_time=style.FADE_TIME,
            )  # fmt: skip
            # Each instruction lights up as its tokens arrive beside it: a copy flying across
            # would overprint its own source on the way out
            for i, row in enumerate(path.wasm):
                self.play(
                    drawing.pulse(row, row, palette.ACCENT),
                    FadeIn(prompt.opcodes[i], shift=RIGHT * style.NUDGE),
                    FadeIn(prompt.arguments[i], shift=RIGHT * style.NUDGE),
                    run_time=style.MOVE_TIME,
                )
        prompt.braces.set_opacity(0)  # the rows are on stage whole; their braces come next
        self.settle([*prompt.opcodes, *prompt.arguments], *prompt.rows)
        with self.say("Two braces close it off: that is the prompt."):
            # Animated through the block (not on the stage), so the rows keep their braces
            self.play(UpdateFromAlphaFunc(prompt, lambda _, a: prompt.braces.set_opacity(a)))
            self.remove(prompt)  # playing it took its rows off the stage: put them back
            self.add(*prompt.rows)

    def the_machine(self, path: CompilePath, machine: Machine) -> None:
        """The camera pulls back; the prompt moves into the machine the compiled weights
        run, which reads it."""
        self.next_section("the-machine")
        with self.say(
            "Nothing is trained: the weights are compiled so that the transformer runs a "
            "WebAssembly interpreter."
        ) as line:
            self.play(
                *map(FadeOut, path.tokenised_part()), whole_frame(self.camera.frame),
                FadeIn(self.title), run_time=style.MOVE_TIME,
            )  # fmt: skip
            self.play(path.prompt.animate.move_to(machine.prompt), run_time=style.MOVE_TIME)
            self.play(Create(machine.model), FadeIn(machine.model_label))
            self.play(
                FadeIn(machine.prompt_panel), FadeIn(machine.prompt_label),
                FadeIn(machine.trace_panel), FadeIn(machine.trace_label), run_time=style.FADE_TIME,
            )  # fmt: skip
            line.wait_until("runs")
            self.play(FadeIn(machine.cpu, shift=UP * style.NUDGE))
        with self.say("It reads the program from the prompt."):
            self.play(GrowArrow(machine.reads_program), FadeIn(machine.reads_label))

    def writes_and_reads_back(self, machine: Machine) -> None:
        """The machine writes its first steps to the trace, and reads their values back."""
        with self.say("Step by step, it writes its results to the trace."):
            self.play(
                GrowArrow(machine.writes), FadeIn(machine.writes_label), run_time=style.FADE_TIME
            )
            for row in machine.trace[:WRITTEN_STEPS]:
                self.play(FadeIn(row, shift=RIGHT * style.NUDGE), run_time=style.MOVE_TIME)
        with self.say(
            "And reads back what it wrote when it needs it: the trace is its memory."
        ) as line:
            self.play(
                GrowArrow(machine.reads_back), FadeIn(machine.back_label), run_time=style.FADE_TIME
            )
            self.read_values_back(machine)
            line.wait_until("memory.")
            self.play(
                machine.trace_label.animate.set_color(palette.HIGHLIGHT), run_time=style.FADE_TIME
            )

    def read_values_back(self, machine: Machine) -> None:
        """The written values light up, and copies of them travel down beside the read-back
        arrow, fading out short of the CPU."""
        written = machine.trace[:WRITTEN_STEPS]
        values = VGroup(*(row[:2] for row in written))  # the first byte tokens
        read = values.copy().next_to(machine.reads_back.get_start(), LEFT, buff=style.GAP_S)
        read.align_to(machine.reads_back.get_start(), UP)
        self.play(
            *(drawing.pulse(row, row[:2], palette.TEXT) for row in written),
            run_time=style.FADE_TIME,
        )
        self.play(FadeIn(read, shift=DOWN * style.NUDGE), run_time=style.FADE_TIME)
        low = machine.reads_back.get_end()[1] + style.NUDGE  # the fade-out ends at the arrow's tip
        self.play(read.animate.shift(UP * (low - read.get_bottom()[1])), run_time=style.MOVE_TIME)
        self.play(FadeOut(read, shift=DOWN * style.NUDGE), run_time=style.FADE_TIME)


def instruction_spoken(instruction: Instruction) -> str:
    """What the narrator says for an instruction: "Push 3", "Add the two", ..."""
    return {
        "i32.const": f"Push {instruction.arg}",
        "i32.add": "Add the two",
        "output": "Output the result",
    }[instruction.op]


def spoken_count(n: int) -> str:
    """A small count as it is said: "three"."""
    words = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
    return words[n] if 0 <= n < len(words) else str(n)
