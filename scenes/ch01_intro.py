"""Chapter 1: the big question, and what LLMs are good and bad at."""

from __future__ import annotations

from manim import DOWN, RIGHT, UP, FadeIn, Write

from scenes import theme as t


class Intro(t.ChapterScene):
    """Can LLMs be computers? Great at reasoning, poor at long exact computation."""

    def construct(self) -> None:
        self.next_section("title")
        title = t.prose("Can LLMs Be Computers?", size=t.TITLE_SIZE, color=t.ACCENT, bold=True)
        subtitle = t.prose(
            "Executing programs inside transformers", size=t.SUBHEADING_SIZE, color=t.MUTED
        )
        subtitle.next_to(title, DOWN, buff=t.GAP_M)
        self.play(Write(title, run_time=t.DRAW_TIME))
        self.play(FadeIn(subtitle, shift=UP * t.NUDGE))
        self.wait(t.READ_PAUSE)
        self.clear_stage()

        # What LLMs are great at
        good_title = t.prose(
            "LLMs are great at…", size=t.SUBHEADING_SIZE, color=t.POSITIVE, bold=True
        )
        good_items = t.bullet_list(
            [
                "Solving hard math (IMO gold-medal level)",
                "Writing code and reasoning about algorithms",
                "Understanding natural language",
            ],
            marker="check",
            marker_color=t.POSITIVE,
        )
        # ...but poor at simple computation
        bad_title = t.prose(
            "…but unreliable at long, exact computation", size=t.SUBHEADING_SIZE,
            color=t.WARNING, bold=True,
        )  # fmt: skip
        bad_items = t.bullet_list(
            [
                "Multiplying two large numbers",
                "Solving even easy Sudoku puzzles",
                "Any task that needs many exact steps",
            ],
            marker="cross",
            marker_color=t.WARNING,
        )
        self.next_section("strengths")
        good = t.stack([good_title, good_items], buff=t.GAP_M)
        bad = t.stack([bad_title, bad_items], buff=t.GAP_M)
        t.stack([good, bad], buff=t.GAP_L).move_to(0)

        self.play(Write(good_title))
        for item in good_items:
            self.play(FadeIn(item, shift=RIGHT * t.NUDGE), run_time=t.FADE_TIME)
        self.wait(t.READ_PAUSE)

        self.next_section("limits")
        self.play(Write(bad_title))
        for item in bad_items:
            self.play(FadeIn(item, shift=RIGHT * t.NUDGE), run_time=t.FADE_TIME)
        self.hold()
        self.clear_stage()
