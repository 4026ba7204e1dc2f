"""Chapter 9: the six steps of the argument, and the one sentence to remember."""

from __future__ import annotations

from manim import DOWN, RIGHT, UP, FadeIn, Text, VGroup, Write

from scenes import theme as t

# --- Layout of this chapter ------------------------------------------------------------------
ROW_PAUSE = t.READ_PAUSE  # after each recap point: time to read it before the next
LIST_GAP = (t.GAP_S + t.GAP_M) / 2  # between recap points: six rows and the takeaway must fit
TAKEAWAY_WRITE_TIME = 2.0

# (point, colour by role): the problem, today's workaround, the idea, how, why fast, results
RECAP_POINTS: tuple[tuple[str, str], ...] = (
    ("LLMs struggle with long, exact computation", t.WARNING),
    ("Today external tools compute for them, the way airplanes fly for us", t.TEXT),
    ("A computer inside a transformer: compiled weights, not trained", t.POSITIVE),
    ("C \u2192 a subset of WebAssembly \u2192 tokens, executed by the model itself", t.HIGHLIGHT),
    ("2D attention heads and the convex hull: O(log t) lookups, not O(t)", t.ACCENT),
    (
        "Exact by construction: millions of correct steps at 30k+ tokens/s\n"
        "on a CPU; Inkala's Sudoku solved correctly in under 3 minutes",
        t.POSITIVE,
    ),
)
TAKEAWAY = "The model stops being a coordinator of computation\nand becomes a computer itself."


def number_on_first_line(number: Text, text: Text) -> None:
    """Put a list number on the baseline of its item's first line, not at a wrapped item's middle.

    Digits and the items' first letters sit on the baseline, so their glyph bottoms align.
    (``t.numbered_list`` centres the number on the whole item; this belongs in the theme.)
    """
    number.shift(UP * (text[0].get_bottom()[1] - number[0].get_bottom()[1]))


class Recap(t.ChapterScene):
    """Six numbered points, then the takeaway held on screen."""

    def construct(self) -> None:
        # Heading
        heading = t.heading("Recap")
        self.play(Write(heading))

        # Six numbered points, left-aligned under one another
        points = t.numbered_list(RECAP_POINTS, buff=LIST_GAP)
        for number, text in points:
            number_on_first_line(number, text)
        takeaway = t.card(
            t.prose(TAKEAWAY, size=t.SUBHEADING_SIZE, color=t.HIGHLIGHT, bold=True),
            color=t.HIGHLIGHT,
        )
        body = VGroup(points, takeaway).arrange(DOWN, buff=t.GAP_M)  # both centred
        t.fit_width(body, t.safe_width())
        body.next_to(heading, DOWN, buff=t.GAP_M).set_x(0)
        for row in points:
            self.play(FadeIn(row, shift=RIGHT * 0.3), run_time=0.6)
            self.wait(ROW_PAUSE)

        # The takeaway
        self.play(
            FadeIn(takeaway[0], shift=UP * 0.2), Write(takeaway[1]), run_time=TAKEAWAY_WRITE_TIME
        )
        self.hold()
        self.clear_stage()
