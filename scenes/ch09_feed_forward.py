"""Chapter 9: inside the weights, the feed-forward layer decodes the instruction and adds.

Chapter 8 found the operands; this one answers which instruction it is and how it adds.
Each opcode is a point on a circle; the unit for i32.add scores every opcode by a dot product
with its own point, and past its threshold only add remains: a ReLU fires 1 for add, 0 for
every other. Then the adder on the real bytes of 255 + 1, lowest byte first, the carry moving
on to the next byte as the released code writes it (the byte token ``00'``). Every number comes
from ``scenes.compute.feed_forward``.
"""

from __future__ import annotations

from manim import (
    DOWN,
    UP,
    Create,
    FadeIn,
    FadeOut,
    FadeTransform,
    GrowArrow,
    GrowFromEdge,
    LaggedStart,
    Mobject,
    ReplacementTransform,
    VGroup,
    Write,
)

from scenes import drawing, palette, stage, style
from scenes.compute import feed_forward as ff
from scenes.weights_pictures import ActivationBars, ByteAdder, OpcodeCircle

TITLE = "Inside the weights: decode and add"
UNIT = "i32.add"  # the opcode whose unit the chapter follows
CIRCLE_CENTER = (-2.4, -0.4)
BARS_LEFT = (0.9, -1.6)
BRIDGE_CENTER = (2.5, 0.0, 0.0)  # right of where the circle will be drawn
ADDER_CENTER = (0.0, 0.2)
ADDER_COLUMN = 1.6


class FeedForward(stage.ChapterScene):
    """The opcode circle and one unit firing for its own opcode; the byte adder's carry."""

    def construct(self) -> None:
        heading = drawing.heading(TITLE)
        self.next_section("bridge")
        token = self._bridge(heading)
        self.next_section("opcode-circle")
        circle = OpcodeCircle(CIRCLE_CENTER)
        self._opcode_circle(circle, token)
        self.next_section("one-unit")
        self._one_unit(circle)
        self.next_section("byte-adder")
        self.clear_stage(keep=[heading])
        adder = ByteAdder(*ff.ADD_EXAMPLE, ADDER_CENTER, ADDER_COLUMN)
        self._adder(adder)
        self.hold(1.0)
        self.clear_stage()

    def _bridge(self, heading: Mobject) -> Mobject:
        """The question: which instruction is this, and how does it add?"""
        token = drawing.code(UNIT, size=style.SUBHEADING_SIZE, color=palette.ACCENT)
        operands = VGroup(
            *(drawing.code(" ".join(ff.hex_byte(b) for b in ff.to_bytes(v))) for v in (3, 5))
        ).arrange(DOWN, buff=style.GAP_S)
        VGroup(operands, token).arrange(DOWN, buff=style.GAP_L).move_to(BRIDGE_CENTER)
        with self.say(
            "Chapter eight found the operands. But how does the model know which instruction "
            "this is, and how does it add?"
        ) as line:
            self.play(FadeIn(heading), FadeIn(operands, shift=UP * style.NUDGE))
            line.wait_until("operands")
            self.play(*(drawing.pulse(operands, row, palette.HIGHLIGHT) for row in operands))
            line.wait_until("instruction")
            self.play(FadeIn(token, shift=UP * style.NUDGE), run_time=style.FADE_TIME)
            line.wait_until("add")
            self.play(FadeOut(operands), run_time=style.FADE_TIME)
        return token

    def _opcode_circle(self, circle: OpcodeCircle, token: Mobject) -> None:
        """Every opcode a dot on the circle; add's token lands on its dot."""
        with self.say(
            "In the feed-forward layer, each opcode is a point on a circle, at an angle set by "
            "its number."
        ) as line:
            line.wait_until("point")
            self.play(Create(circle.ring), run_time=line.until("angle"))
            self.play(
                LaggedStart(*(FadeIn(d, scale=0.5) for d in circle.dots), lag_ratio=0.1),
                FadeTransform(token, circle.label_of(UNIT)),
                run_time=line.until("number"),
            )
            others = [circle.label_of(n) for n in NAMED_OTHERS]
            self.play(*(FadeIn(label) for label in others), run_time=style.FADE_TIME)

    def _one_unit(self, circle: OpcodeCircle) -> None:
        """Add's unit scores every opcode; past its threshold only add remains; it fires."""
        unit = ff.opcode_index(UNIT)
        arrow = circle.unit_arrow(unit)
        bars = ActivationBars(unit, BARS_LEFT)
        with self.say(
            "The unit for add scores every opcode by a dot product with add's own point. "
            "Past its threshold, only add is left."
        ) as line:
            line.wait_until("unit")
            self.play(GrowArrow(arrow), run_time=style.FADE_TIME)
            line.wait_until("threshold")
            threshold, sweep = circle.sweep(unit)
            self.add(threshold)
            self.play(sweep, run_time=line.until("only"))
            self.play(circle.dots[unit].animate.set_color(palette.HIGHLIGHT), run_time=0.3)
        with self.say(
            "A relu keeps only what is past it: the unit fires one for add, and zero for every "
            "other opcode, exactly.",
            caption="A ReLU keeps only what is past it: the unit fires 1 for add, and 0 for "
            "every other opcode, exactly.",
        ) as line:
            self.play(Create(bars.baseline), run_time=style.FADE_TIME)
            line.wait_until("fires")
            self.play(GrowFromEdge(bars.bar_of(unit), DOWN), run_time=style.FADE_TIME)
            line.wait_until("zero")
            rest = [b for i, b in enumerate(bars.bars) if i != unit]
            self.play(LaggedStart(*(FadeIn(b) for b in rest), lag_ratio=0.05), run_time=1.0)
        self.hold(1.0)

    def _adder(self, adder: ByteAdder) -> None:
        """255 + 1, byte by byte: the low byte carries, the carry moves on."""
        steps, first = adder.steps, ByteAdder(3, 5, ADDER_CENTER, ADDER_COLUMN)
        with self.say(
            "Three plus five never carries, so take two hundred fifty-five plus one: four bytes "
            "each, lowest first.",
            caption="3 + 5 never carries, so take 255 + 1: four bytes each, lowest first.",
        ) as line:
            self.play(FadeIn(first), run_time=style.FADE_TIME)
            line.wait_until("take")
            self.play(ReplacementTransform(first, adder), run_time=style.MOVE_TIME)
        frame = adder.column_frame(0)
        with self.say(
            f"F F plus zero one is {steps[0].value}: too big for a byte. It writes zero zero, "
            "and a carry of one.",
            caption=f"FF + 01 is {steps[0].value}: too big for a byte. It writes 00, and a "
            "carry of 1.",
        ) as line:
            self.play(Create(frame), run_time=style.FADE_TIME)
            line.wait_until("writes")
            self.play(Write(adder.results[0]), run_time=style.FADE_TIME)
            line.wait_until("carry")
            self.play(FadeIn(adder.carries[0], shift=UP * style.NUDGE), run_time=style.FADE_TIME)
        with self.say(
            "The carry moves to the next byte: zero plus zero plus one is one. The rest stay zero.",
            caption="The carry moves to the next byte: 00 + 00 + 1 is 01. The rest stay 00.",
        ) as line:
            self.play(frame.animate.move_to([adder.x_of(1), frame.get_y(), 0]), run_time=0.6)
            line.wait_until("is")
            self.play(Write(adder.results[1]), run_time=style.FADE_TIME)
            line.wait_until("rest")
            self.play(FadeOut(frame), Write(VGroup(*adder.results[2:])), run_time=style.FADE_TIME)


NAMED_OTHERS = ("i32.const", "output", "halt")
