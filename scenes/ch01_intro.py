"""Chapter 1: the cold open. A language model slips on a Sudoku; a compiled transformer fills
the same puzzle one exact step at a time; the promise; then the question the film answers.

The puzzle is Arto Inkala's. The slip is an illustration, computed by
``scenes.compute.sudoku.typical_slip`` (guesses that fit their row, until one repeats a digit
in its column) and labelled as one on screen. The compiled side fills its first cells in the
order a real search fixes them (``fill_order``). Chapter 8 draws the same board
(``scenes.sudoku_board``) and solves it.
"""

from __future__ import annotations

from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Create,
    FadeIn,
    FadeOut,
    LaggedStart,
    VGroup,
    Write,
)

from scenes import theme as t
from scenes.compute import source
from scenes.compute.sudoku import INKALA, fill_order, parse, typical_slip
from scenes.sudoku_board import SudokuBoard, grow_in

# --- Layout of this chapter ---------------------------------------------------------------------
BOARD_CELL = 0.46  # side of one Sudoku cell: two boards side by side
BOARD_X = 3.5  # the two boards sit this far left and right of the centre
BOARD_Y = -0.35  # and their centres this far from the frame's middle
CLUE_LAG = 0.05  # lag ratio while the clues appear
SHOWN_CELLS = 12  # how many of the search's cells the cold open fills in (of 60)



class Intro(t.ChapterScene):
    """A slip, an exact run, the promise (Inkala's Sudoku), then: can an LLM be a computer?"""

    def construct(self) -> None:
        puzzle = parse(INKALA)
        slip = typical_slip(puzzle)
        steps = fill_order(puzzle)[:SHOWN_CELLS]

        guessed = SudokuBoard(puzzle, BOARD_CELL).move_to([-BOARD_X, BOARD_Y, 0])
        exact = SudokuBoard(puzzle, BOARD_CELL).move_to([BOARD_X, BOARD_Y, 0])
        llm_label = t.prose("a language model", size=t.SUBHEADING_SIZE)
        compiled_label = t.prose("a compiled transformer", size=t.SUBHEADING_SIZE, color=t.ACCENT)
        for label, board in ((llm_label, guessed), (compiled_label, exact)):
            label.next_to(board, UP, buff=t.GAP_SM).set_x(board.get_x())
        t.set_baseline(compiled_label, t.baseline(llm_label))  # one baseline for both labels
        illustration = t.prose("illustration: a typical slip", color=t.MUTED)
        spoils = t.prose("one slip spoils the rest", color=t.WARNING)
        below_guessed = t.stack([illustration, spoils], buff=t.GAP_XS, aligned_edge=LEFT)
        below_guessed.next_to(guessed, DOWN, buff=t.GAP_SM).set_x(guessed.get_x())
        every_step = t.prose("every step exact", color=t.POSITIVE)
        every_step.next_to(exact, DOWN, buff=t.GAP_SM).set_x(exact.get_x())
        t.set_baseline(every_step, t.baseline(illustration))

        guesses = [guessed.digit(r, c, d, t.MUTED) for r, c, d in slip.guesses]
        wrong = guessed.digit(*slip.slip, t.WARNING)
        clash = VGroup(
            guessed.column_frame(slip.slip[1], t.WARNING),
            guessed.cell_frame(*slip.peer, t.WARNING),
        )
        if slip.unit != "column":
            raise RuntimeError(f"the narration names a column, the slip breaks its {slip.unit}")
        solved = [exact.digit(r, c, d, t.POSITIVE) for r, c, d in steps]
        # The failure opens alone, centred; it makes room when the compiled side arrives.
        failure = VGroup(guessed, llm_label, below_guessed, *guesses, wrong, clash)
        failure.shift(RIGHT * BOARD_X)

        self.next_section("slip")  # the film opens on the failure, not on a title
        with self.say(
            "Language models write working code and solve olympiad problems. "
            "Ask one to fill in this Sudoku, though, and a typical attempt goes like this."
        ) as line:
            self.play(Create(guessed.lines), FadeIn(llm_label), run_time=t.DRAW_TIME)
            self.play(
                LaggedStart(*(grow_in(c) for c in guessed.clues), lag_ratio=CLUE_LAG),
                run_time=line.until("Ask"),
            )
            line.wait_until("typical")
            self.play(FadeIn(illustration, shift=UP * t.NUDGE), run_time=line.remaining())
        digit = slip.slip[2]
        with self.say(
            f"Each digit fits its row. Then a {digit}, in a column that already has a {digit}."
        ) as line:
            for guess in guesses:
                self.play(grow_in(guess), run_time=line.until("Then") / len(guesses))
            self.play(grow_in(wrong), run_time=t.FADE_TIME)
            line.wait_until("column")
            self.play(Create(clash), run_time=line.remaining())
        with self.say(
            "Multiplying large numbers, or any long, exact computation: "
            "one slip, and every step after it is wrong."
        ) as line:
            self.play(
                clash.animate.set_stroke(opacity=0.5), rate_func=lambda x: 1 - abs(1 - 2 * x),
                run_time=line.until("one"),
            )  # fmt: skip
            self.play(FadeIn(spoils, shift=UP * t.NUDGE), run_time=line.remaining())

        self.next_section("exact")
        with self.say(
            "Now a transformer whose weights are compiled, not trained, "
            "runs a solver on the same puzzle."
        ) as line:
            self.play(failure.animate.shift(LEFT * BOARD_X), run_time=t.MOVE_TIME)
            self.play(Create(exact.lines), FadeIn(compiled_label), run_time=t.DRAW_TIME)
            self.play(
                LaggedStart(*(grow_in(c) for c in exact.clues), lag_ratio=CLUE_LAG),
                run_time=line.remaining(),
            )
        shown = len(solved) // 2
        with self.say(
            "It fills the cells one at a time, in the order its search fixes them. "
            "Every step is exact."
        ) as line:
            self.play(
                LaggedStart(*(grow_in(d) for d in solved[:shown]), lag_ratio=1),
                run_time=line.until("Every"),
            )
            self.play(FadeIn(every_step, shift=UP * t.NUDGE), run_time=line.remaining())

        self.next_section("promise")
        name = t.prose(
            "Arto Inkala's Sudoku", size=t.SUBHEADING_SIZE, color=t.ACCENT, bold=True
        )
        accolade = t.prose(f"{t.QUOTE_OPEN}{source.SUDOKU_ACCOLADE}{t.QUOTE_CLOSE}", color=t.MUTED)
        title_block = VGroup(name, accolade).arrange(DOWN, buff=t.GAP_XS)
        title_block.next_to(llm_label, UP, buff=t.GAP_M).set_x(0)
        rest = solved[shown:]
        with self.say(
            "This is Arto Inkala's Sudoku, regarded as the hardest in the world."
        ) as line:
            self.play(FadeIn(name, shift=DOWN * t.NUDGE), grow_in(rest[0]))
            line.wait_until("regarded")
            self.play(
                FadeIn(accolade, shift=UP * t.NUDGE), grow_in(rest[1]),  # from below
                run_time=line.remaining(),
            )  # fmt: skip
        with self.say(
            "By the end of this film, this model will have solved it, "
            "entirely inside the transformer."
        ) as line:
            self.play(
                LaggedStart(*(grow_in(d) for d in rest[2:]), lag_ratio=1),
                run_time=line.remaining(),
            )

        self.next_section("question")
        title = t.prose(source.ARTICLE_TITLE, size=t.TITLE_SIZE, color=t.ACCENT, bold=True)
        subtitle = t.prose(
            "Executing programs inside transformers", size=t.SUBHEADING_SIZE, color=t.MUTED
        )
        subtitle.next_to(title, DOWN, buff=t.GAP_M)
        with self.say("So: can a language model be a computer?") as line:
            self.play(*(FadeOut(m) for m in self.mobjects), run_time=t.FADE_TIME)
            self.play(
                Write(title), FadeIn(subtitle, shift=UP * t.NUDGE), run_time=t.DRAW_TIME
            )
        self.hold()
        self.clear_stage()
