"""Chapter 9: inside the weights, the feed-forward layer decodes the instruction and adds.

Chapter 8 found the operands; this one answers which instruction it is and how it adds.
Each opcode is a point on a circle; the unit for i32.add scores every opcode by a dot product
with its own point (a line sweeping across the circle is a level of that score), and past
its threshold only add is left: a ReLU fires 1 for add, 0 for every other. Then the adder on
the real bytes of 255 + 1, lowest byte first: FF + 01 is 100 in hex, the byte 00 is written
(marked with its carry, as the released code writes the token) and the 1 moves on to the next
byte. Every number comes from ``scenes.compute.feed_forward``.

The film's simplification, said in the narration: the points here are spread evenly by the
opcode's number; in the released code they are whole-number points on x^2 + y^2 = 32045.
"""

from __future__ import annotations

from manim import (
    DOWN,
    ORIGIN,
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
    config,
)

from scenes import drawing, palette, stage, style
from scenes.compute import feed_forward as ff
from scenes.weights_pictures import ActivationBars, ByteAdder, OpcodeCircle

TITLE = "Inside the weights: decode and add"
UNIT = "i32.add"  # the opcode whose unit the chapter follows
CIRCLE_CENTER = (-2.5, -0.45)
CIRCLE_RADIUS = 2.1
BARS_LEFT = (1.3, -1.5)
BRIDGE_CENTER = (1.5, 0.2)  # the operands and the opcode, mostly right of the circle to come
ADDER_CENTER = (-0.6, 0.1)
ADDER_COLUMN = 1.7
CLOSE_UP = 0.75  # the camera's frame, as a share of the whole, on the adder while it adds
ADDER_VIEW = (-0.3, -0.15, 0)  # where it looks: the whole adder, the heading out of view
BREATH = 1.0 - style.LINE_GAP  # with the gap after the line, a second's hold on a payoff
CARRY_DIP = 0.32  # the carry drops under the byte it leaves, then rises into the next one
CARRY_DIP_TIME = 0.3
FIRST_SUM = (3, 5)  # the running example, which never carries


class FeedForward(stage.ChapterScene):
    """The opcode circle and one unit firing for its own opcode; the byte adder's carry."""

    def construct(self) -> None:
        heading = drawing.heading(TITLE)
        self.next_section("bridge")
        token = self._bridge(heading)
        self.next_section("opcode-circle")
        circle = OpcodeCircle(CIRCLE_CENTER, CIRCLE_RADIUS)
        self._opcode_circle(circle, token)
        self.next_section("one-unit")
        self._one_unit(circle)
        self.next_section("byte-adder")
        adder = ByteAdder(*ff.ADD_EXAMPLE, ADDER_CENTER, ADDER_COLUMN)
        self._operands(heading, adder)
        self.next_section("carry")
        self._carry(adder)
        self.hold(BREATH)  # the payoff: 256, exactly
        self.clear_stage()

    def _bridge(self, heading: Mobject) -> Mobject:
        """Chapter 8's two operands, then the question: which instruction, and how to add?"""
        token = drawing.code(UNIT, size=style.HEADING_SIZE, color=palette.ACCENT)
        operands = VGroup(
            *(
                drawing.code(
                    " ".join(ff.hex_byte(b) for b in ff.to_bytes(v)), size=style.SUBHEADING_SIZE
                )
                for v in FIRST_SUM
            )
        ).arrange(DOWN, buff=style.GAP_S)
        VGroup(operands, token).arrange(DOWN, buff=style.GAP_L).move_to([*BRIDGE_CENTER, 0])
        with self.say(
            "Found the operands; but which instruction is it, and how does it add?"
        ) as line:
            self.play(
                FadeIn(heading),
                FadeIn(operands, shift=UP * style.NUDGE),
                run_time=line.until("operands"),
            )
            self.play(
                *(drawing.pulse(operands, row, palette.HIGHLIGHT) for row in operands),
                run_time=line.until("which"),
            )
            line.wait_until("instruction")
            self.play(FadeIn(token, shift=UP * style.NUDGE), run_time=style.FADE_TIME)
            line.wait_until("add")
            self.play(FadeOut(operands), run_time=style.FADE_TIME)
        return token

    def _opcode_circle(self, circle: OpcodeCircle, token: Mobject) -> None:
        """Every opcode a dot on the circle; add's token lands on its dot's label."""
        with self.say(
            "Each opcode is a point on a circle; the released code uses whole-number points."
        ) as line:
            self.play(Create(circle.ring), run_time=line.until("point"))
            self.play(
                LaggedStart(*(FadeIn(d, scale=0.5) for d in circle.dots), lag_ratio=0.1),
                FadeTransform(token, circle.label_of(UNIT)),
                run_time=line.until("released"),
            )
            others = [label for label in circle.labels if label is not circle.label_of(UNIT)]
            self.play(*(FadeIn(label) for label in others), run_time=style.FADE_TIME)
            line.wait_until("whole-number")
            self.play(FadeIn(circle.released, shift=UP * style.NUDGE), run_time=style.FADE_TIME)

    def _one_unit(self, circle: OpcodeCircle) -> None:
        """Add's unit scores every opcode: a line across add's direction slides out, every
        opcode it passes scores less; at the threshold only add is left beyond it."""
        unit = ff.opcode_index(UNIT)
        with self.say("Add's unit scores every opcode by a dot product with add's point.") as line:
            self.play(GrowArrow(circle.unit_arrow(unit)), run_time=style.FADE_TIME)
            line.wait_until("scores")
            threshold, sweep = circle.sweep(unit)
            self.add(threshold)
            self.play(sweep, run_time=line.remaining())
        self._fires(circle, ActivationBars(unit, BARS_LEFT))

    def _fires(self, circle: OpcodeCircle, bars: ActivationBars) -> None:
        """Only add is past the threshold; one bar per opcode: 1 for add, 0 for the rest."""
        dot = circle.dots[bars.unit]
        with self.say(
            "Only add clears its threshold: a relu fires one, the rest zero.",
            caption="Only add clears its threshold: a ReLU fires 1, the rest 0.",
        ) as line:
            self.play(
                dot.animate.set_color(palette.HIGHLIGHT).scale(1.5),
                Create(bars.baseline),
                run_time=line.until("one"),
            )
            self.play(
                GrowFromEdge(bars.bars[bars.unit], DOWN),
                FadeIn(bars.one, bars.name),
                run_time=style.FADE_TIME,
            )
            line.wait_until("zero")
            self.play(
                LaggedStart(*(FadeIn(b) for b in bars.zeros()), lag_ratio=0.05),
                FadeIn(bars.zero),
                run_time=line.remaining(),
            )
        self.hold(BREATH)  # the payoff: exactly one unit fires

    def _operands(self, heading: Mobject, adder: ByteAdder) -> None:
        """3 + 5 gives way to 255 + 1, which carries, four bytes each, lowest first."""
        first = ByteAdder(*FIRST_SUM, ADDER_CENTER, ADDER_COLUMN)
        leaving = [m for m in self.mobjects if m is not heading]
        with self.say(
            "Now a sum that carries, two fifty-five plus one, low byte first.",
            caption="Now a sum that carries, 255 + 1, low byte first.",
        ) as line:
            self.play(*map(FadeOut, leaving), run_time=style.FADE_TIME)
            self.play(FadeIn(first), run_time=style.FADE_TIME)
            line.wait_until("two")
            self.play(ReplacementTransform(first, adder), run_time=line.until("low"))
            self.play(
                *(drawing.pulse(row, row[0], palette.HIGHLIGHT) for row in adder.rows),
                run_time=line.remaining(),
            )

    def _carry(self, adder: ByteAdder) -> None:
        """FF + 01 = 100 in hex: the byte 00 is written, the 1 moves to the next byte."""
        carry, byte_digits = adder.sum_in_hex(0)
        frame, column = self.camera.frame, adder.column_frame(0)
        low = adder.steps[0]
        with self.say(
            "F F plus zero one is one zero zero in hex: write zero zero, carry one.",
            caption=f"FF + 01 is {low.value:X} in hex: write 00, carry 1.",
        ) as line:
            self.play(
                Create(column),
                frame.animate.scale(CLOSE_UP).move_to(ADDER_VIEW),
                run_time=line.until("is"),
            )
            self.play(Write(carry), Write(byte_digits), run_time=style.FADE_TIME)
            line.wait_until("write")
            self.play(
                ReplacementTransform(byte_digits, adder.results[0]),
                FadeIn(adder.mark_note, shift=UP * style.NUDGE),
                run_time=style.FADE_TIME,
            )
            line.wait_until("carry")
            self.play(carry.animate.shift(DOWN * CARRY_DIP), run_time=CARRY_DIP_TIME)
            self.play(
                carry.animate.move_to(adder.carry_slot(1)),
                column.animate.move_to([adder.x_of(1), column.get_y(), 0]),
                run_time=line.remaining(),
            )
        self._next_bytes(adder, carry, column)

    def _next_bytes(self, adder: ByteAdder, carry: Mobject, column: Mobject) -> None:
        """The next byte takes the carry in and becomes 01; the rest stay zero: 256."""
        with self.say(
            "Then zero plus zero plus the one is one: two fifty-six, exactly.",
            caption="Then 00 + 00 + the 1 is 01: 256, exactly.",
        ) as line:
            line.wait_until("one")
            self.play(ReplacementTransform(carry, adder.results[1]), run_time=style.FADE_TIME)
            line.wait_until("two")
            self.play(
                self.camera.frame.animate.set(width=config.frame_width).move_to(ORIGIN),
                FadeOut(column, adder.mark_note),
                Write(VGroup(*adder.results[2:])),
                FadeIn(adder.total, shift=UP * style.NUDGE),
                run_time=line.remaining(),
            )
