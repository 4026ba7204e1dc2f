"""Chapter 9: the six steps of the argument as labels, the takeaway, and the credits."""

from __future__ import annotations

from manim import DOWN, ORIGIN, RIGHT, UP, FadeIn, VGroup, Write

from scenes import theme as t
from scenes import voice
from scenes.compute import source

# --- Layout of this chapter ------------------------------------------------------------------
TAKEAWAY_WRITE_TIME = 2.0


CREDITS_HOLD = 8.0  # the end card stays this long after its line: time to read every credit


def recap_points() -> list[tuple[str, str, str, str | None]]:
    """(point on screen, colour by role, what the narrator says, its caption if it differs):
    the problem, today's workaround, the idea, the trace, why it is fast, the results. A
    function, so the colours are the theme's when the chapter is drawn."""
    return [
        (
            "long, exact computation: one slip",
            t.WARNING,
            "Language models slip on long, exact computation.",
            None,
        ),
        (
            "tools compute for them",
            t.TEXT,
            "Today, tools compute for them, as airplanes fly for us.",
            None,
        ),
        (
            "compiled weights, not trained",
            t.POSITIVE,
            "Percepta compiles a computer into a transformer's weights.",
            None,
        ),
        (
            "C \u2192 WebAssembly \u2192 tokens \u2192 trace",
            t.HIGHLIGHT,
            "The model runs the program, writing a trace that it reads back.",
            None,
        ),
        (
            "hull search: O(log t)",
            t.ACCENT,
            "Two-dimensional heads find what they need by searching a convex hull: O of log t.",
            "Two-dimensional heads find what they need by searching a convex hull: O(log t).",
        ),
        (
            f"{source.SPEED_CLAIM} tokens/s \u00b7 Sudoku < {source.SUDOKU_MINUTES} min",
            t.POSITIVE,
            "Millions of exact steps, over thirty thousand tokens a second on a CPU, and "
            f"Inkala's Sudoku in under {source.SUDOKU_MINUTES} minutes.",
            None,
        ),
    ]
TAKEAWAY = "a computer, not a coordinator"


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
    narration = t.stack(
        [
            t.prose("Narration", size=t.CAPTION_SIZE, color=t.MUTED),
            t.prose(voice.VOICE_CREDIT, size=t.CAPTION_SIZE),
        ],
        buff=t.GAP_S,
    )
    prior = t.stack([prior, narration], buff=t.GAP_SM)
    return t.card(t.stack([article, prior], buff=t.GAP_L), color=t.MUTED), article, prior


class Recap(t.ChapterScene):
    """Six numbered points, then the takeaway held on screen."""

    def construct(self) -> None:
        self.next_section("recap-points")
        heading = t.heading("Recap")

        # Six numbered points, left-aligned under one another
        spoken = recap_points()
        points = t.numbered_list(
            [(text, color) for text, color, _, _ in spoken], size=t.SUBHEADING_SIZE, buff=t.GAP_M
        )  # six short labels and the takeaway fill the frame
        takeaway = t.card(
            t.prose(TAKEAWAY, size=t.SUBHEADING_SIZE, color=t.HIGHLIGHT, bold=True),
            color=t.HIGHLIGHT,
        )
        body = VGroup(points, takeaway).arrange(DOWN, buff=t.GAP_M)  # both centred
        t.fit_width(body, t.safe_width())
        body.next_to(heading, DOWN, buff=t.GAP_M).set_x(0)
        for number, (row, (_, _, words, caption)) in enumerate(zip(points, spoken, strict=True)):
            with self.say(words, caption=caption):
                if number == 0:
                    self.play(Write(heading), run_time=t.FADE_TIME)
                self.play(FadeIn(row, shift=RIGHT * t.NUDGE), run_time=t.FADE_TIME)

        self.next_section("takeaway")
        with self.say(
            "Airplanes still fly for us. This model needs no tool to compute: it stops being "
            "a coordinator of computation, and becomes a computer itself."
        ):
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
        with self.say(
            "This film is based on Percepta's article, and on the prior work it builds on, "
            "credited here. The voice is Piper's Joe."
        ):
            self.play(FadeIn(card.box), FadeIn(article, shift=UP * t.NUDGE))
            self.play(FadeIn(prior, shift=UP * t.NUDGE))
        self.hold(CREDITS_HOLD)
        self.clear_stage()
