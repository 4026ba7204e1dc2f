"""The Sudoku board that chapters 1 and 8 share: one look for the puzzle the film promises
in its cold open and solves in its results; and the solved board chapter 8 ends on and
chapter 9 opens on (see ``scenes.carry_over``)."""

from __future__ import annotations

import numpy as np
from manim import (
    RIGHT,
    UL,
    FadeIn,
    Line,
    Mobject,
    Rectangle,
    Square,
    SurroundingRectangle,
    Text,
    VGroup,
)

from scenes import theme as t
from scenes.compute import source
from scenes.compute.sudoku import Grid, solve

CELL_STROKE = 1  # thin lines between cells; the 3x3 boxes use t.THIN_STROKE
CELL_LINE_OPACITY = 0.5  # cell lines recede behind the box lines
FRAME_STROKE = 4  # a frame that marks a cell or a column, above the board's lines
FRAME_INSET = 0.04  # frames sit just inside their cells, clear of the grid lines
DIGIT_SCALE = 0.6  # digits grow in from this scale
# Chapter 8's heading and its solved board
RESULTS_HEADING = "Results"
BOARD_CELL = 0.53  # the board of chapter 1, larger: alone on stage, digits one type step up
ACCOLADE_BREAK = 4  # words of the accolade on its first line


def grow_in(digit: Mobject) -> FadeIn:
    """A digit written into its cell: it fades in, growing to its size."""
    return FadeIn(digit, scale=DIGIT_SCALE)


class SudokuBoard(VGroup):
    """A 9x9 board with its clues; digits and frames for any cell, placed where the board is.

    ``lines`` and ``clues`` are on the board; ``digit``, ``cell_frame`` and ``column_frame``
    make new mobjects at a cell's place for a chapter to animate.
    """

    def __init__(self, puzzle: Grid, cell: float, digit_size: float | None = None):
        self.cell = cell
        self.digit_size = digit_size or t.BODY_SIZE  # a type step that suits ``cell``
        size = 9 * cell
        left, top = -size / 2, size / 2
        lines = VGroup()
        for k in range(10):
            offset = k * cell
            box_edge = k % 3 == 0
            pair = VGroup(
                Line([left, top - offset, 0], [left + size, top - offset, 0]),
                Line([left + offset, top, 0], [left + offset, top - size, 0]),
            )
            pair.set_stroke(
                t.MUTED,
                width=t.THIN_STROKE if box_edge else CELL_STROKE,
                opacity=1 if box_edge else CELL_LINE_OPACITY,
            )
            lines.add(*pair)
        self.lines = lines
        super().__init__(lines)
        self.clues = VGroup(
            *(
                self.digit(r, c, d, t.TEXT, bold=True)
                for r, row in enumerate(puzzle)
                for c, d in enumerate(row)
                if d
            )
        )
        self.add(self.clues)

    def cell_center(self, row: int, col: int) -> np.ndarray:
        corner = self.lines.get_corner(UL)
        return corner + np.array([(col + 0.5) * self.cell, -(row + 0.5) * self.cell, 0])

    def digit(self, row: int, col: int, value: int, color: str, bold: bool = False) -> Text:
        glyph = t.code(str(value), size=self.digit_size, color=color, bold=bold)
        return glyph.move_to(self.cell_center(row, col))

    def cell_frame(self, row: int, col: int, color: str) -> Square:
        frame = Square(self.cell - 2 * FRAME_INSET).set_stroke(color, width=FRAME_STROKE)
        return frame.move_to(self.cell_center(row, col))

    def column_frame(self, col: int, color: str) -> Rectangle:
        frame = Rectangle(width=self.cell - 2 * FRAME_INSET, height=9 * self.cell)
        frame.set_stroke(color, width=FRAME_STROKE)
        return frame.move_to(self.lines).set_x(self.cell_center(0, col)[0])


class SolvedSudoku:
    """Inkala's Sudoku beside what it is and what solving it took: chapter 8 fills the board
    wave by wave and ends on it solved; chapter 9 opens on it, and the board becomes its
    recap picture."""

    def __init__(self, puzzle: Grid) -> None:
        self.heading = t.heading(RESULTS_HEADING)
        self.board = SudokuBoard(puzzle, cell=BOARD_CELL, digit_size=t.SUBHEADING_SIZE)
        words = source.SUDOKU_ACCOLADE.split()
        self.accolade = t.prose(
            f"{t.QUOTE_OPEN}{' '.join(words[:ACCOLADE_BREAK])}\n"
            f"{' '.join(words[ACCOLADE_BREAK:])}{t.QUOTE_CLOSE}",
            color=t.MUTED,
        )
        self.solved_in = t.prose(f"solved in under {source.SUDOKU_MINUTES} minutes")
        self.inside = t.prose("inside the transformer", color=t.POSITIVE)
        self.timed = t.prose("time reported by Percepta", size=t.CAPTION_SIZE, color=t.MUTED)
        self.outcome = t.stack([self.solved_in, self.inside, self.timed], buff=t.GAP_S)
        story = t.stack([self.accolade, self.outcome], buff=t.GAP_L)
        body = VGroup(self.board, story).arrange(RIGHT, buff=t.GAP_L)
        body.move_to([0, (self.heading.get_bottom()[1] - t.safe_top()) / 2, 0])
        self.done = SurroundingRectangle(self.board.lines, color=t.HIGHLIGHT, buff=t.GAP_XS)
        self.puzzle = puzzle

    def last_state(self) -> list[Mobject]:
        """What chapter 8 ends on: the board solved, every text shown, the board framed."""
        solution = solve(self.puzzle)
        filled = [
            self.board.digit(r, c, solution[r][c], t.POSITIVE)
            for r in range(9)
            for c in range(9)
            if not self.puzzle[r][c]
        ]
        return [
            self.heading, self.board, *filled, self.accolade, self.solved_in, self.inside,
            self.timed, self.done,
        ]  # fmt: skip
