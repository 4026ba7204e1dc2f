"""Chapter 9: the six steps of the argument, the one sentence to remember, and the credits."""

from __future__ import annotations

from manim import DOWN, ORIGIN, RIGHT, UP, FadeIn, VGroup, Write

from scenes import theme as t
from scenes.compute import source

# --- Layout of this chapter ------------------------------------------------------------------
TAKEAWAY_WRITE_TIME = 2.0


def recap_points() -> list[tuple[str, str]]:
    """(point, colour by role): the problem, today's workaround, the idea, how, why fast,
    results. A function, so the colours are the theme's when the chapter is drawn."""
    return [
        ("LLMs struggle with long, exact computation", t.WARNING),
        ("Today external tools compute for them, the way airplanes fly for us", t.TEXT),
        ("A computer inside a transformer: compiled weights, not trained", t.POSITIVE),
        (
            "C \u2192 a subset of WebAssembly \u2192 tokens, executed by the model itself",
            t.HIGHLIGHT,
        ),
        ("2D attention heads and the convex hull: O(log t) lookups, not O(t)", t.ACCENT),
        (
            f"Exact by construction: millions of correct steps at {source.SPEED_CLAIM} tokens/s\n"
            f"on a CPU; Inkala's Sudoku solved correctly in under {source.SUDOKU_MINUTES} minutes",
            t.POSITIVE,
        ),
    ]
TAKEAWAY = "The model stops being a coordinator of computation\nand becomes a computer itself."


def credits() -> tuple[t.Card, VGroup, VGroup]:
    """The closing card, the article this video explains and the prior work it builds on."""
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
    return t.card(t.stack([article, prior], buff=t.GAP_L), color=t.MUTED), article, prior


class Recap(t.ChapterScene):
    """Six numbered points, then the takeaway held on screen."""

    def construct(self) -> None:
        self.next_section("recap-points")
        heading = t.heading("Recap")
        self.play(Write(heading))

        # Six numbered points, left-aligned under one another
        points = t.numbered_list(recap_points(), buff=t.GAP_SM)  # six rows and the takeaway fit
        takeaway = t.card(
            t.prose(TAKEAWAY, size=t.SUBHEADING_SIZE, color=t.HIGHLIGHT, bold=True),
            color=t.HIGHLIGHT,
        )
        body = VGroup(points, takeaway).arrange(DOWN, buff=t.GAP_M)  # both centred
        t.fit_width(body, t.safe_width())
        body.next_to(heading, DOWN, buff=t.GAP_M).set_x(0)
        for row in points:
            self.play(FadeIn(row, shift=RIGHT * t.NUDGE), run_time=t.FADE_TIME)
            self.wait(t.READ_PAUSE)  # time to read it before the next

        self.next_section("takeaway")
        self.play(
            FadeIn(takeaway.box, shift=UP * t.NUDGE),
            Write(takeaway.content),
            run_time=TAKEAWAY_WRITE_TIME,
        )
        self.hold()
        self.clear_stage()

        self.next_section("credits")
        card, article, prior = credits()
        card.move_to(ORIGIN)
        self.play(FadeIn(card.box), FadeIn(article, shift=UP * t.NUDGE))
        self.play(FadeIn(prior, shift=UP * t.NUDGE))
        self.hold()
        self.clear_stage()
