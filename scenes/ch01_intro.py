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
    Animation,
    Create,
    FadeIn,
    FadeOut,
    Mobject,
    Text,
    VGroup,
    Write,
)

from scenes import drawing, palette, stage, style
from scenes.compute import source
from scenes.compute.sudoku import INKALA, Grid, Slip, fill_order, parse, typical_slip
from scenes.framing import view_on, whole_frame
from scenes.sudoku_board import SudokuBoard, grow_in, grow_in_turn

# --- Layout of this chapter ---------------------------------------------------------------------
BOARD_CELL = 0.46  # side of one Sudoku cell: two boards side by side
BOARD_X = 3.5  # the two boards sit this far left and right of the centre
BOARD_Y = -0.35  # and their centres this far from the frame's middle
BREATH = 1.0  # a hold after a payoff, before the next line


def labelled_board(puzzle: Grid, x: float, label: str, color: str) -> tuple[SudokuBoard, Text]:
    """A board at ``x`` with its label over it, centred on it."""
    board = SudokuBoard(puzzle, BOARD_CELL).move_to([x, BOARD_Y, 0])
    title = drawing.prose(label, size=style.SUBHEADING_SIZE, color=color)
    title.next_to(board, UP, buff=style.GAP_SM).set_x(board.get_x())
    return board, title


class ModelAttempt(VGroup):
    """The language model's side: the board, guesses that fit their row, the one that breaks
    its column, and what that slip costs. It opens alone, centred (``centre``), and makes room
    when the compiled side arrives (``make_room``)."""

    def __init__(self, puzzle: Grid, slip: Slip):
        if slip.unit != "column":
            raise RuntimeError(f"the narration names a column, the slip breaks its {slip.unit}")
        self.slip = slip
        self.board, self.label = labelled_board(puzzle, -BOARD_X, "a language model", palette.TEXT)
        self.illustration = drawing.prose("illustration: a typical slip", color=palette.MUTED)
        self.spoils = drawing.prose("one slip spoils the rest", color=palette.WARNING)
        below = drawing.stack(
            [self.illustration, self.spoils], buff=style.GAP_XS, aligned_edge=LEFT
        )
        below.next_to(self.board, DOWN, buff=style.GAP_SM).set_x(self.board.get_x())
        self.guesses = [self.board.digit(r, c, d, palette.MUTED) for r, c, d in slip.guesses]
        self.wrong = self.board.digit(*slip.slip, palette.WARNING)
        self.clash = VGroup(
            self.board.column_frame(slip.slip[1], palette.WARNING),
            self.board.cell_frame(*slip.peer, palette.WARNING),
        )
        super().__init__(self.board, self.label, below, *self.guesses, self.wrong, self.clash)

    @property
    def digit(self) -> int:
        """The digit the slip repeats in its column."""
        return self.slip.slip[2]

    def centre(self) -> ModelAttempt:
        """Alone on stage, the attempt opens in the middle of the frame."""
        return self.shift(RIGHT * BOARD_X)

    def make_room(self) -> Animation:
        """Back to its own side, for the compiled run."""
        return self.animate.shift(LEFT * BOARD_X).build()

    def draw(self) -> list[Animation]:
        """The empty board drawn, its label in."""
        return [Create(self.board.lines), FadeIn(self.label)]

    def view(self, frame: Mobject) -> Animation:
        """The camera close on the board, its label and its note: the digits readable."""
        return view_on(frame, self.board, self.label, self.illustration)

    def flash_clash(self) -> Animation:
        """The clash's frames dim and come back: the slip, pointed at once more."""
        there_and_back = lambda x: 1 - abs(1 - 2 * x)  # noqa: E731
        return self.clash.animate(rate_func=there_and_back).set_stroke(opacity=0.5).build()


class CompiledRun(VGroup):
    """The compiled transformer's side: the same board, filled in the order its search fixes
    the cells, each digit exact."""

    SHOWN_CELLS = 12  # how many of the search's cells the cold open fills in (of 60)

    def __init__(self, puzzle: Grid, baseline: float):
        self.board, self.label = labelled_board(
            puzzle, BOARD_X, "a compiled transformer", palette.ACCENT
        )
        self.every_step = drawing.prose("every step exact", color=palette.POSITIVE)
        self.every_step.next_to(self.board, DOWN, buff=style.GAP_SM).set_x(self.board.get_x())
        drawing.set_baseline(self.every_step, baseline)
        steps = fill_order(puzzle)[: self.SHOWN_CELLS]
        self.solved = [self.board.digit(r, c, d, palette.POSITIVE) for r, c, d in steps]
        super().__init__(self.board, self.label, self.every_step)

    def draw(self) -> list[Animation]:
        """The empty board drawn, its label in."""
        return [Create(self.board.lines), FadeIn(self.label)]

    @property
    def first_half(self) -> list[Text]:
        """The cells filled while the narrator explains the order."""
        return self.solved[: len(self.solved) // 2]

    @property
    def second_half(self) -> list[Text]:
        """The cells filled under the promise."""
        return self.solved[len(self.solved) // 2 :]


def inkala_title() -> tuple[Text, Text]:
    """The puzzle's name and its reputation, in a quote."""
    name = drawing.prose(
        "Arto Inkala's Sudoku", size=style.SUBHEADING_SIZE, color=palette.ACCENT, bold=True
    )
    accolade = drawing.prose(
        f"{style.QUOTE_OPEN}{source.SUDOKU_ACCOLADE}{style.QUOTE_CLOSE}", color=palette.MUTED
    )
    VGroup(name, accolade).arrange(DOWN, buff=style.GAP_XS)
    return name, accolade


class Intro(stage.ChapterScene):
    """A slip, an exact run, the promise (Inkala's Sudoku), then: can an LLM be a computer?"""

    def construct(self) -> None:
        puzzle = parse(INKALA)
        attempt = ModelAttempt(puzzle, typical_slip(puzzle))
        run = CompiledRun(puzzle, baseline=drawing.baseline(attempt.illustration))
        drawing.set_baseline(
            run.label, drawing.baseline(attempt.label)
        )  # one baseline for both labels
        attempt.centre()

        self.next_section("slip")  # the film opens on the failure, not on a title
        self.show_slip(attempt)
        self.next_section("exact")
        self.show_exact_run(attempt, run)
        self.next_section("promise")
        self.make_promise(attempt, run)
        self.next_section("question")
        self.ask_question()
        self.hold()
        self.clear_stage()

    def show_slip(self, attempt: ModelAttempt) -> None:
        # Beat: the board and its clues, the attempt flagged as an illustration
        with self.say(
            "Language models write code and solve olympiad problems. "
            "But ask one to fill in this Sudoku, and a typical attempt goes like this."
        ) as line:
            self.play(*attempt.draw(), run_time=style.DRAW_TIME)
            self.play(attempt.board.clues_in(), run_time=line.until("But"))
            line.wait_until("Sudoku,")  # the camera comes close on the board the model fills
            self.play(attempt.view(self.camera.frame), run_time=style.MOVE_TIME)
            line.wait_until("typical")
            self.play(
                FadeIn(attempt.illustration, shift=UP * style.NUDGE), run_time=line.remaining()
            )
        # Beat: guesses that fit their row, then the one that breaks its column
        digit = attempt.digit
        with self.say(
            f"Each digit fits its row. Then a {digit}, in a column that already has a {digit}."
        ) as line:
            for guess in attempt.guesses:
                self.play(grow_in(guess), run_time=line.until("Then") / len(attempt.guesses))
            self.play(grow_in(attempt.wrong), run_time=style.FADE_TIME)
            line.wait_until("column")
            self.play(Create(attempt.clash), run_time=line.remaining())
        # Beat: what one slip costs
        with self.say(
            "In any long, exact computation, one slip, and every step after it is wrong."
        ) as line:  # the camera draws back from the slip to what it costs
            self.play(
                attempt.flash_clash(), whole_frame(self.camera.frame), run_time=line.until("one")
            )
            self.play(FadeIn(attempt.spoils, shift=UP * style.NUDGE), run_time=line.remaining())

    def show_exact_run(self, attempt: ModelAttempt, run: CompiledRun) -> None:
        # Beat: the compiled side joins, on the same puzzle
        with self.say(
            "Now a transformer whose weights are compiled, not trained, "
            "runs a solver on the same puzzle."
        ) as line:
            self.play(attempt.make_room(), run_time=style.MOVE_TIME)
            self.play(*run.draw(), run_time=style.DRAW_TIME)
            self.play(run.board.clues_in(), run_time=line.remaining())
        # Beat: it fills cells in its search's order, each exact
        with self.say(
            "It fills the cells one at a time, as its search fixes them. Every step is exact."
        ) as line:
            self.play(grow_in_turn(run.first_half), run_time=line.until("Every"))
            self.play(FadeIn(run.every_step, shift=UP * style.NUDGE), run_time=line.remaining())

    def make_promise(self, attempt: ModelAttempt, run: CompiledRun) -> None:
        # Beat: the puzzle's name and reputation, over both boards, as the run goes on
        name, accolade = inkala_title()
        VGroup(name, accolade).next_to(attempt.label, UP, buff=style.GAP_M).set_x(0)
        rest = run.second_half
        with self.say("This is Arto Inkala's Sudoku, called the hardest in the world.") as line:
            self.play(FadeIn(name, shift=DOWN * style.NUDGE), grow_in(rest[0]))
            line.wait_until("called")
            self.play(
                FadeIn(accolade, shift=UP * style.NUDGE), grow_in(rest[1]),  # from below
                run_time=line.remaining(),
            )  # fmt: skip
        # Beat: the promise the film keeps in chapter 8
        with self.say(
            "By the end of this film, this model will have solved it, inside the transformer."
        ) as line:
            self.play(grow_in_turn(rest[2:]), run_time=line.remaining())
        self.hold(BREATH)  # the cells it filled, exact, before the question

    def ask_question(self) -> None:
        # Beat: the stage clears for the film's question, and its title
        title = drawing.prose(
            source.ARTICLE_TITLE, size=style.TITLE_SIZE, color=palette.ACCENT, bold=True
        )
        subtitle = drawing.prose(
            "Executing programs inside transformers",
            size=style.SUBHEADING_SIZE,
            color=palette.MUTED,
        )
        subtitle.next_to(title, DOWN, buff=style.GAP_M)
        with self.say("So: can a language model be a computer?"):
            self.play(*(FadeOut(m) for m in self.mobjects), run_time=style.FADE_TIME)
            self.play(
                Write(title), FadeIn(subtitle, shift=UP * style.NUDGE), run_time=style.DRAW_TIME
            )
