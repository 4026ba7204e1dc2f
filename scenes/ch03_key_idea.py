"""Chapter 3: the idea: put the computer inside the transformer itself."""

from __future__ import annotations

from manim import (
    DOWN,
    LEFT,
    ORIGIN,
    RIGHT,
    UL,
    Arrow,
    Create,
    FadeIn,
    GrowArrow,
    RoundedRectangle,
    VGroup,
    Write,
)

from scenes import theme as t

MODEL_WIDTH, MODEL_HEIGHT = 10.8, 3.0
PART_WIDTH, PART_HEIGHT = 4.3, 1.5
PART_X = 2.8  # CPU and memory sit this far left and right of the model's centre
MODEL_LABEL_INSET = 0.24  # from the model's top-left corner to its label


def part_card(name: str, caption: str, color: str) -> VGroup:
    """One part of the machine inside the model: a name over a caption, in a card."""
    lines = t.stack(
        [t.prose(name, color=color), t.prose(caption, size=t.CAPTION_SIZE, color=color)],
        aligned_edge=ORIGIN,
    )
    return t.card(lines, color=color, width=PART_WIDTH, height=PART_HEIGHT)


class KeyIdea(t.ChapterScene):
    """A transformer whose weights are compiled to run a WebAssembly interpreter."""

    def construct(self) -> None:
        self.next_section("the-idea")
        heading = t.heading("A computer inside the transformer")
        idea = t.prose(
            "Not a tool beside the model: a computer in its weights", size=t.SUBHEADING_SIZE
        )
        t.below(idea, heading)
        with self.say("Percepta's idea: put the computer inside the transformer itself."):
            self.play(Write(heading))
            self.play(FadeIn(idea, shift=DOWN * t.NUDGE))

        self.next_section("model-and-parts")
        model = RoundedRectangle(
            corner_radius=t.CORNER_RADIUS * 2, width=MODEL_WIDTH, height=MODEL_HEIGHT,
            color=t.ACCENT, stroke_width=t.STROKE,
        )  # fmt: skip
        t.below(model, idea, buff=t.GAP_L)
        model_label = t.prose(
            "Transformer: compiled weights, not trained", size=t.CAPTION_SIZE, color=t.ACCENT
        )
        model_label.next_to(model.get_corner(UL), DOWN + RIGHT, buff=MODEL_LABEL_INSET)

        cpu = part_card("Virtual CPU", "WebAssembly interpreter", t.HIGHLIGHT)
        memory = part_card("Memory & stack", "read back from the trace", t.POSITIVE)
        parts_y = model.get_center()[1] - t.GAP_S
        cpu.move_to([model.get_center()[0] - PART_X, parts_y, 0])
        memory.move_to([model.get_center()[0] + PART_X, parts_y, 0])
        link = Arrow(
            cpu.get_right(), memory.get_left(), color=t.MUTED, stroke_width=t.STROKE, buff=t.GAP_S
        )

        with self.say(
            "Nothing in it is trained. Its weights are compiled, worked out exactly, "
            "so that the model runs a WebAssembly interpreter."
        ) as line:
            self.play(Create(model), FadeIn(model_label))
            line.wait_until("runs")
            self.play(FadeIn(cpu, shift=RIGHT * t.NUDGE))
        with self.say(
            "Its memory is its own output: what it wrote earlier, read back when needed."
        ):
            self.play(FadeIn(memory, shift=LEFT * t.NUDGE))
            self.play(GrowArrow(link))

        self.next_section("what-it-runs")
        pipeline = t.stack(
            [
                t.prose("C program → a subset of WebAssembly → prompt tokens", color=t.ACCENT),
                t.prose("executed, step by step, by the model itself", color=t.ACCENT),
            ],
            aligned_edge=ORIGIN,
        )
        t.below(pipeline, model, buff=t.GAP_M)
        with self.say(
            "A program written in C is compiled to a subset of WebAssembly. "
            "Its instructions become the prompt's tokens, and the model executes them, "
            "one step at a time."
        ):
            self.play(Write(pipeline))
        self.hold()
        self.clear_stage()
