"""Chapter 2: how LLMs compute today: the airplane analogy, then the tool-use loop."""

from __future__ import annotations

from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Arrow,
    FadeIn,
    FadeTransform,
    GrowArrow,
    ReplacementTransform,
    Write,
)

from scenes import theme as t

BOX_WIDTH, BOX_HEIGHT = 3.0, 1.4
BOX_X = 3.4  # the two boxes sit at -BOX_X and +BOX_X
ARROW_OFFSET = 0.22  # the two arrows of the tool loop, above and below the centre line
DIAGRAM_Y = 0.3  # the boxes sit a little above the centre, their labels below them


class ToolUse(t.ChapterScene):
    """Tool use makes an LLM *use* a computer; it does not make it one."""

    def construct(self) -> None:
        self.next_section("airplane-analogy")
        heading = t.heading("Today: tools do the computing")  # the chapter's title throughout
        human = t.labelled_box("Human", t.ACCENT, BOX_WIDTH, BOX_HEIGHT, label_color=t.TEXT)
        plane = t.labelled_box("Airplane", t.POSITIVE, BOX_WIDTH, BOX_HEIGHT, label_color=t.TEXT)
        human.move_to(LEFT * BOX_X + UP * DIAGRAM_Y)
        plane.move_to(RIGHT * BOX_X + UP * DIAGRAM_Y)
        delegate = Arrow(
            human.get_right(), plane.get_left(), color=t.MUTED, stroke_width=t.STROKE, buff=t.GAP_S
        )
        delegate_label = t.prose("delegates flying", size=t.CAPTION_SIZE, color=t.MUTED)
        delegate_label.next_to(delegate, UP, buff=t.GAP_S)
        cannot = t.prose("can't fly", color=t.WARNING).next_to(human, DOWN, buff=t.GAP_M)
        for_us = t.prose("flies for us", color=t.POSITIVE).next_to(plane, DOWN, buff=t.GAP_M)

        with self.say(
            "Percepta starts with an analogy. Humans can't fly, and building airplanes doesn't "
            "change that."
        ) as said:
            self.play(Write(heading), FadeIn(human), FadeIn(plane), run_time=t.MOVE_TIME)
            said.wait_until("fly,")
            self.play(FadeIn(cannot, shift=UP * t.NUDGE), run_time=t.FADE_TIME)
            said.wait_until("airplanes")
            self.play(GrowArrow(delegate), FadeIn(delegate_label), run_time=t.MOVE_TIME)
        with self.say("It only means we built a machine that flies for us.") as said:
            said.wait_until("flies")
            self.play(FadeIn(for_us, shift=UP * t.NUDGE), run_time=t.FADE_TIME)
        self.hold()
        self.clear_stage(keep=[heading, human, plane])  # they become the model and its tool

        self.next_section("tool-use-loop")
        llm = t.labelled_box("LLM", t.ACCENT, BOX_WIDTH, BOX_HEIGHT)
        interpreter = t.labelled_box("Interpreter", t.POSITIVE, BOX_WIDTH, BOX_HEIGHT)
        llm.move_to(LEFT * BOX_X + UP * DIAGRAM_Y)
        interpreter.move_to(RIGHT * BOX_X + UP * DIAGRAM_Y)
        sends = Arrow(
            llm.get_right(), interpreter.get_left(), color=t.HIGHLIGHT,
            stroke_width=t.STROKE, buff=t.GAP_S,
        ).shift(UP * ARROW_OFFSET)  # fmt: skip
        sends_label = t.prose("sends code", size=t.CAPTION_SIZE, color=t.HIGHLIGHT)
        sends_label.next_to(sends, UP, buff=t.GAP_S)
        returns = Arrow(
            interpreter.get_left(), llm.get_right(), color=t.POSITIVE,
            stroke_width=t.STROKE, buff=t.GAP_S,
        ).shift(DOWN * ARROW_OFFSET)  # fmt: skip
        returns_label = t.prose("returns the result", size=t.CAPTION_SIZE, color=t.POSITIVE)
        returns_label.next_to(returns, DOWN, buff=t.GAP_S)
        note = t.stack(
            [t.prose("describes, never executes", color=t.WARNING)], aligned_edge=LEFT
        )
        t.below(note, llm, buff=t.GAP_L)

        with self.say("Language models today are in the same position."):
            self.play(  # boxes morph; words cross-fade (morphing glyphs look broken midway)
                ReplacementTransform(human.box, llm.box),
                FadeTransform(human.content, llm.content),
                ReplacementTransform(plane.box, interpreter.box),
                FadeTransform(plane.content, interpreter.content),
                run_time=t.MOVE_TIME,
            )
        with self.say("When a result must be exact, the model writes code and sends it off."):
            self.play(GrowArrow(sends), FadeIn(sends_label))
        with self.say("An interpreter runs the code, and returns the result."):
            self.play(GrowArrow(returns), FadeIn(returns_label))
        with self.say("The model describes the computation, but never executes it itself."):
            for line in note:
                self.play(FadeIn(line, shift=UP * t.NUDGE))
        self.hold()
        self.clear_stage()
