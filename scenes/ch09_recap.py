"""Chapter 9: the six steps of the argument, the one sentence to remember, and the credits."""

from __future__ import annotations

from manim import DOWN, ORIGIN, RIGHT, UP, FadeIn, VGroup, Write

from scenes import theme as t
from scenes.compute import source

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
        f"Exact by construction: millions of correct steps at {source.SPEED_CLAIM} tokens/s\n"
        f"on a CPU; Inkala's Sudoku solved correctly in under {source.SUDOKU_MINUTES} minutes",
        t.POSITIVE,
    ),
)
TAKEAWAY = "The model stops being a coordinator of computation\nand becomes a computer itself."


def credits() -> VGroup:
    """The closing card: the article this video explains, and the prior work it builds on."""
    article = t.stack(
        [
            t.prose("Based on", size=t.CAPTION_SIZE, color=t.MUTED),
            t.prose(source.ARTICLE_TITLE, size=t.SUBHEADING_SIZE, color=t.ACCENT, bold=True),
            t.prose(f"{source.ARTICLE_AUTHORS}, {source.ARTICLE_DATE}"),
            t.prose(f"Follow-up: {source.FOLLOW_UP}", size=t.CAPTION_SIZE),
            t.prose(f"Code: {source.CODE_REPOSITORY}", size=t.CAPTION_SIZE),
        ],
        buff=t.GAP_S,
    )
    prior = t.stack(
        [
            t.prose("Prior work", size=t.CAPTION_SIZE, color=t.MUTED),
            *(t.prose(work.credit, size=t.CAPTION_SIZE) for work in source.PRIOR_WORK),
        ],
        buff=t.GAP_S,
    )
    return t.card(t.stack([article, prior], buff=t.GAP_L), color=t.MUTED)


class Recap(t.ChapterScene):
    """Six numbered points, then the takeaway held on screen."""

    def construct(self) -> None:
        # Heading
        heading = t.heading("Recap")
        self.play(Write(heading))

        # Six numbered points, left-aligned under one another
        points = t.numbered_list(RECAP_POINTS, buff=LIST_GAP)
        takeaway = t.card(
            t.prose(TAKEAWAY, size=t.SUBHEADING_SIZE, color=t.HIGHLIGHT, bold=True),
            color=t.HIGHLIGHT,
        )
        body = VGroup(points, takeaway).arrange(DOWN, buff=t.GAP_M)  # both centred
        t.fit_width(body, t.safe_width())
        body.next_to(heading, DOWN, buff=t.GAP_M).set_x(0)
        for row in points:
            self.play(FadeIn(row, shift=RIGHT * t.NUDGE), run_time=t.FADE_TIME)
            self.wait(ROW_PAUSE)

        # The takeaway
        self.play(
            FadeIn(takeaway[0], shift=UP * t.NUDGE),
            Write(takeaway[1]),
            run_time=TAKEAWAY_WRITE_TIME,
        )
        self.hold()
        self.clear_stage()

        # Credits
        card = credits().move_to(ORIGIN)
        self.play(FadeIn(card[0]), FadeIn(card[1][0], shift=UP * t.NUDGE))
        self.play(FadeIn(card[1][1], shift=UP * t.NUDGE))
        self.hold()
        self.clear_stage()
