"""Chapter 2: how LLMs compute today: the airplane analogy, then the tool-use loop."""

from __future__ import annotations

from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Arrow,
    FadeIn,
    FadeOut,
    GrowArrow,
    Mobject,
    ReplacementTransform,
    VGroup,
    Write,
)

from scenes import drawing, palette, stage, style
from scenes.carry_over import BOX_HEIGHT, BOX_WIDTH, BOX_X, DIAGRAM_Y, TOOLS_HEADING, ToolLoop


class Analogy(VGroup):
    """The airplane analogy: a human who can't fly delegates flying to a machine that can."""

    def __init__(self) -> None:
        self.human = drawing.labelled_box(
            "Human", palette.ACCENT, BOX_WIDTH, BOX_HEIGHT, label_color=palette.TEXT
        )
        self.plane = drawing.labelled_box(
            "Airplane", palette.POSITIVE, BOX_WIDTH, BOX_HEIGHT, label_color=palette.TEXT
        )
        self.human.move_to(LEFT * BOX_X + UP * DIAGRAM_Y)
        self.plane.move_to(RIGHT * BOX_X + UP * DIAGRAM_Y)
        self.delegate = Arrow(
            self.human.get_right(),
            self.plane.get_left(),
            color=palette.MUTED,
            stroke_width=style.STROKE,
            buff=style.GAP_S,
        )
        self.delegate_label = drawing.prose(
            "delegates flying", size=style.CAPTION_SIZE, color=palette.MUTED
        ).next_to(self.delegate, UP, buff=style.GAP_S)
        self.cannot = drawing.prose("can't fly", color=palette.WARNING).next_to(
            self.human, DOWN, buff=style.GAP_M
        )
        self.for_us = drawing.prose("flies for us", color=palette.POSITIVE).next_to(
            self.plane, DOWN, buff=style.GAP_M
        )
        super().__init__(
            self.human, self.plane, self.delegate, self.delegate_label, self.cannot, self.for_us
        )


class ToolUse(stage.ChapterScene):
    """Tool use makes an LLM *use* a computer; it does not make it one."""

    def construct(self) -> None:
        heading = drawing.heading(TOOLS_HEADING)  # the chapter's title throughout
        analogy = self.airplane_analogy(heading)
        self.tool_use_loop(analogy)

    def airplane_analogy(self, heading: Mobject) -> Analogy:
        self.next_section("airplane-analogy")
        analogy = Analogy()
        with self.say(
            "Percepta starts with an analogy. Humans can't fly, and building airplanes doesn't "
            "change that."
        ) as said:
            self.play(
                Write(heading), FadeIn(analogy.human), FadeIn(analogy.plane),
                run_time=style.MOVE_TIME,
            )  # fmt: skip
            said.wait_until("fly,")
            self.play(FadeIn(analogy.cannot, shift=UP * style.NUDGE), run_time=style.FADE_TIME)
            said.wait_until("airplanes")
            self.play(
                GrowArrow(analogy.delegate), FadeIn(analogy.delegate_label),
                run_time=style.MOVE_TIME,
            )  # fmt: skip
        with self.say("It only means we built a machine that flies for us.") as said:
            said.wait_until("flies")
            self.play(FadeIn(analogy.for_us, shift=UP * style.NUDGE), run_time=style.FADE_TIME)
        self.hold()
        # the boxes become the model and its tool
        self.clear_stage(keep=[heading, analogy.human, analogy.plane])
        return analogy

    def tool_use_loop(self, analogy: Analogy) -> None:
        self.next_section("tool-use-loop")
        human, plane = analogy.human, analogy.plane
        loop = ToolLoop()  # chapter 3 opens on it
        with self.say("Language models today are in the same position."):
            # the boxes morph while their words change: the old ones leave before the new
            # ones come, so no two words are ever half-drawn over each other
            self.play(
                ReplacementTransform(human.box, loop.llm.box),
                FadeOut(human.content, rate_func=stage.FIRST_HALF),
                ReplacementTransform(plane.box, loop.interpreter.box),
                FadeOut(plane.content, rate_func=stage.FIRST_HALF),
                run_time=style.MOVE_TIME,
            )
            self.play(
                FadeIn(loop.llm.content), FadeIn(loop.interpreter.content), run_time=style.FADE_TIME
            )
        with self.say("When a result must be exact, the model writes code and sends it off."):
            self.play(GrowArrow(loop.sends), FadeIn(loop.sends_label))
        with self.say("An interpreter runs the code, and returns the result."):
            self.play(GrowArrow(loop.returns), FadeIn(loop.returns_label))
        with self.say("The model describes the computation, but never executes it itself."):
            self.play(FadeIn(loop.note, shift=UP * style.NUDGE))
        self.hold()  # no fade-out: chapter 3 opens on this picture
