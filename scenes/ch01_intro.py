"""Chapter 1: what LLMs do well, where they fail, and the question the film answers."""

from __future__ import annotations

from manim import DOWN, RIGHT, UP, FadeIn, Write

from scenes import theme as t


class Intro(t.ChapterScene):
    """Great at reasoning, unreliable at long exact computation: can an LLM be a computer?"""

    def construct(self) -> None:
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
        good = t.stack([good_title, good_items], buff=t.GAP_M)
        bad = t.stack([bad_title, bad_items], buff=t.GAP_M)
        t.stack([good, bad], buff=t.GAP_L).move_to(0)

        self.next_section("strengths")
        with self.say(
            "Language models solve olympiad maths problems, write working code, "
            "and reason about algorithms."
        ) as line:
            self.play(Write(good_title))
            for item in good_items:
                self.play(FadeIn(item, shift=RIGHT * t.NUDGE), run_time=line.remaining() / 3)

        self.next_section("limits")
        with self.say(
            "Yet ask one to multiply two large numbers, or to finish an easy Sudoku, and it slips."
        ) as line:
            self.play(Write(bad_title))
            line.wait_until("multiply")
            self.play(FadeIn(bad_items[0], shift=RIGHT * t.NUDGE), run_time=t.FADE_TIME)
            line.wait_until("Sudoku,")
            self.play(FadeIn(bad_items[1], shift=RIGHT * t.NUDGE), run_time=t.FADE_TIME)
        with self.say("Any task that needs many exact steps in a row goes wrong somewhere."):
            self.play(FadeIn(bad_items[2], shift=RIGHT * t.NUDGE), run_time=t.FADE_TIME)
        self.clear_stage()

        self.next_section("question")
        title = t.prose("Can LLMs Be Computers?", size=t.TITLE_SIZE, color=t.ACCENT, bold=True)
        subtitle = t.prose(
            "Executing programs inside transformers", size=t.SUBHEADING_SIZE, color=t.MUTED
        )
        subtitle.next_to(title, DOWN, buff=t.GAP_M)
        with self.say("So: can a language model be a computer?"):
            self.play(Write(title, run_time=t.DRAW_TIME))
        with self.say(
            "Percepta's answer is a transformer that executes programs itself, exactly, "
            "step by step. By the end, it will solve a Sudoku called the hardest in the world."
        ):
            self.play(FadeIn(subtitle, shift=UP * t.NUDGE))
        self.hold()
        self.clear_stage()
