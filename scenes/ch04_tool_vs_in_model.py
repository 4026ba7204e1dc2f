"""Chapter 4: the same sum, 3 + 5, by tool use and by in-model execution, side by side."""

from __future__ import annotations

from manim import DOWN, LEFT, RIGHT, UP, DashedLine, FadeIn, Write

from scenes import theme as t
from scenes.compute.wasm import ADD_3_5, program_tokens, run

DIVIDER_X = -1.3  # the code column needs more room than the tool-use column
TOKENS_PER_INSTRUCTION = 5  # opcode + 4 little-endian argument bytes


def program_lines() -> list[str]:
    """The prompt's tokens for 3 + 5, one instruction per line, braces included."""
    tokens = program_tokens(ADD_3_5)
    body = tokens[1:-1]
    lines = [
        " ".join(body[i : i + TOKENS_PER_INSTRUCTION])
        for i in range(0, len(body), TOKENS_PER_INSTRUCTION)
    ]
    lines[0] = f"{tokens[0]} {lines[0]}"
    lines[-1] = f"{lines[-1]} {tokens[-1]}"
    return lines


class ToolVsInModel(t.ChapterScene):
    """Tool use hides the computation; in-model execution writes every step as tokens."""

    def construct(self) -> None:
        execution = run(ADD_3_5)
        result = execution.output[0]
        a, b = (i.arg for i in ADD_3_5 if i.op == "i32.const")  # the same sum, as Python

        self.next_section("tool-use")
        heading = t.heading("Tool use vs in-model execution")
        top = heading.get_bottom()[1] - t.GAP_M
        divider = DashedLine(
            [DIVIDER_X, top, 0], [DIVIDER_X, -t.safe_top(), 0],
            color=t.MUTED, dash_length=t.DASH,
        )  # fmt: skip
        # Left: tool use
        left_title = t.prose("Tool use", size=t.SUBHEADING_SIZE, color=t.WARNING, bold=True)
        writes = t.stack(
            [t.prose("LLM writes", color=t.ACCENT), t.code(f"print({a}+{b})", color=t.HIGHLIGHT)],
            buff=t.GAP_S,
        )
        writes.arrange(RIGHT, buff=t.GAP_S, aligned_edge=DOWN)
        left_rows = t.stack(
            [
                writes,
                t.prose("→ sent to an interpreter", color=t.MUTED),
                t.prose(f"← result: {result}", color=t.POSITIVE),
            ],
            buff=t.GAP_M,
        )
        opaque = t.prose("Execution is a black box.", color=t.WARNING)
        left = t.stack([left_title, left_rows], buff=t.GAP_L)
        left_x = (-t.safe_right() + DIVIDER_X) / 2
        left.move_to([left_x, 0, 0]).align_to([0, top, 0], UP)
        opaque.align_to(left, LEFT).align_to([0, -t.safe_top(), 0], DOWN)

        # Right: in-model execution, tokens from our WebAssembly-subset interpreter
        right_title = t.prose(
            "In-model execution", size=t.SUBHEADING_SIZE, color=t.POSITIVE, bold=True
        )
        prompt_label = t.prose("prompt: the program", size=t.CAPTION_SIZE, color=t.MUTED)
        prompt = t.code_block(program_lines(), color=t.ACCENT)
        trace_label = t.prose("trace: written by the model", size=t.CAPTION_SIZE, color=t.MUTED)
        trace = t.code_block([" ".join(step.tokens) for step in execution.steps], color=t.HIGHLIGHT)
        right = t.stack(
            [right_title, t.stack([prompt_label, prompt]), t.stack([trace_label, trace])],
            buff=t.GAP_M,
        )
        right_x = (DIVIDER_X + t.safe_right()) / 2
        right.move_to([right_x, 0, 0]).align_to([0, top, 0], UP)
        visible = t.prose("Every step is visible in the token stream.", color=t.POSITIVE)
        visible.align_to(right, LEFT).align_to(opaque, DOWN)

        with self.say("Take the smallest program there is: three plus five."):
            self.play(Write(heading))
            self.play(FadeIn(divider))
        with self.say(
            f"With tool use, the model writes print, {a} plus {b}. An interpreter answers "
            f"{result}, and what happened in between is hidden.",
            caption=f"With tool use, the model writes print({a}+{b}). An interpreter answers "
            f"{result}, and what happened in between is hidden.",
        ) as line:
            self.play(Write(left_title))
            for row in left_rows:
                self.play(FadeIn(row, shift=RIGHT * t.NUDGE), run_time=t.FADE_TIME)
            line.wait_until("hidden.")
            self.play(FadeIn(opaque, shift=UP * t.NUDGE))

        self.next_section("in-model-execution")
        with self.say(
            "In the model, the prompt holds the program: "
            "each instruction is an opcode token, then four byte tokens."
        ):
            self.play(Write(right_title))
            self.play(FadeIn(prompt_label), FadeIn(prompt, shift=LEFT * t.NUDGE))
        with self.say(
            "Then the model writes the trace. Each instruction it executes adds its result, "
            "as four bytes, and a commit token: how the stack depth changed, whether a value "
            "was stored, and whether a branch was taken."
        ) as line:
            self.play(FadeIn(trace_label))
            self.play(FadeIn(trace[0], shift=LEFT * t.NUDGE), run_time=t.FADE_TIME)
        with self.say(
            f"{a}, then {b}, then {result}; then the output, and halt. "
            "Every step is there, in the token stream."
        ) as line:
            for row in trace[1:]:
                self.play(FadeIn(row, shift=LEFT * t.NUDGE), run_time=t.FADE_TIME)
            line.wait_until("Every")
            self.play(FadeIn(visible, shift=UP * t.NUDGE))
        self.wait(t.SHORT_PAUSE)  # time to read the last line
        self.hold()
        self.clear_stage()
