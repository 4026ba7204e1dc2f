"""Chapter 2: how LLMs compute today: the airplane analogy, then the tool-use loop, with
chapter 4's sum (``print(3+5)``, its answer from ``scenes.compute.wasm.run``) riding it."""

from __future__ import annotations

from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Animation,
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
from scenes.compute.wasm import ADD_3_5, run


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


class Packets(VGroup):
    """What travels round the tool loop: the code the model sends (``code``), from the
    model's side of the send arrow to the interpreter, and the result it gets back
    (``result``), from the interpreter along the return arrow; each a small card that
    covers the arrow it rides, and is gone into the box it reaches."""

    def __init__(self, loop: ToolLoop, code: str, result: str) -> None:
        self.code = drawing.card(drawing.code(code), color=palette.HIGHLIGHT, padding=style.GAP_XS)
        self.result = drawing.card(
            drawing.code(result, color=palette.POSITIVE), color=palette.POSITIVE,
            padding=style.GAP_XS,
        )  # fmt: skip
        self.code.next_to(loop.llm, RIGHT, buff=style.GAP_S).set_y(loop.sends.get_y())
        self.result.next_to(loop.interpreter, LEFT, buff=style.GAP_S).set_y(loop.returns.get_y())
        self.targets = {id(self.code): loop.interpreter, id(self.result): loop.llm}
        super().__init__(self.code, self.result)
        self.set_z_index(1)  # over the arrows they ride

    def deliver(self, packet: Mobject) -> Animation:
        """The packet rides its arrow into the box at its end, and is gone."""
        return FadeOut(packet, target_position=self.targets[id(packet)], scale=0.5)


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
        with self.say("It means we built a machine that flies for us.") as said:
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
        with self.say("Language models are in the same position."):
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
        a, b = (i.arg for i in ADD_3_5 if i.op == "i32.const")  # chapter 4's sum, as Python
        packets = Packets(loop, f"print({a}+{b})", str(run(ADD_3_5).output[0]))
        with self.say("For an exact result, the model writes code and sends it off.") as said:
            said.wait_until("writes")
            self.play(FadeIn(packets.code, scale=0.8), run_time=style.FADE_TIME)
            said.wait_until("sends")  # the code rides the arrow as it is drawn
            self.play(
                GrowArrow(loop.sends), FadeIn(loop.sends_label), packets.deliver(packets.code),
                run_time=style.MOVE_TIME,
            )  # fmt: skip
        with self.say("An interpreter runs it, and returns the result.") as said:
            said.wait_until("runs")
            self.play(
                drawing.pulse(loop.interpreter, loop.interpreter.content, palette.POSITIVE),
                FadeIn(packets.result, scale=0.8), run_time=style.MOVE_TIME,
            )  # fmt: skip
            said.wait_until("returns")
            self.play(
                GrowArrow(loop.returns), FadeIn(loop.returns_label),
                packets.deliver(packets.result), run_time=style.MOVE_TIME,
            )  # fmt: skip
        with self.say("The model describes the computation, but never executes it.") as said:
            said.wait_until("describes")
            self.play(FadeIn(loop.note, shift=UP * style.NUDGE), run_time=style.FADE_TIME)
            said.wait_until("never")
            self.play(
                drawing.pulse(loop.llm, loop.llm.content, palette.WARNING), run_time=style.MOVE_TIME
            )
        self.hold()  # no fade-out: chapter 3 opens on this picture
