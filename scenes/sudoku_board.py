"""The Sudoku board that chapters 1 and 10 share: one look for the puzzle the film promises
in its cold open and solves in its results; and the solved board chapter 10 ends on and
chapter 11 opens on (see ``scenes.carry_over``)."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
from manim import (
    LEFT,
    RIGHT,
    UL,
    FadeIn,
    LaggedStart,
    Line,
    Mobject,
    Rectangle,
    Square,
    SurroundingRectangle,
    Text,
    VGroup,
)

from scenes import drawing, palette, style
from scenes.compute import source
from scenes.compute.sudoku import Grid, solve

RESULTS_HEADING = "Results"  # chapter 10's heading, over its solved board


def grow_in(digit: Mobject) -> FadeIn:
    """A digit written into its cell: it fades in, growing to its size (from 0.6 of it)."""
    return FadeIn(digit, scale=0.6)


def grow_in_turn(digits: Iterable[Mobject]) -> LaggedStart:
    """Digits written one after another, each once the last has grown in."""
    return LaggedStart(*(grow_in(d) for d in digits), lag_ratio=1)


class SudokuBoard(VGroup):
    """A 9x9 board with its clues; digits and frames for any cell, placed where the board is.

    ``lines`` and ``clues`` are on the board; ``digit``, ``cell_frame`` and ``column_frame``
    make new mobjects at a cell's place for a chapter to animate.
    """

    CELL_STROKE = 1  # thin lines between cells; the 3x3 boxes use style.THIN_STROKE
    CELL_LINE_OPACITY = 0.5  # cell lines recede behind the box lines
    FRAME_STROKE = 4  # a frame that marks a cell or a column, above the board's lines
    FRAME_INSET = 0.04  # frames sit just inside their cells, clear of the grid lines
    CLUE_LAG = 0.05  # the clues appear almost together, in reading order

    def __init__(self, puzzle: Grid, cell: float, digit_size: float | None = None):
        self.cell = cell
        self.digit_size = digit_size or style.BODY_SIZE  # a type step that suits ``cell``
        self.lines = self.grid_lines(cell)
        super().__init__(self.lines)
        self.clues = VGroup(
            *(
                self.digit(r, c, d, palette.TEXT, bold=True)
                for r, row in enumerate(puzzle)
                for c, d in enumerate(row)
                if d
            )
        )
        self.add(self.clues)

    @classmethod
    def grid_lines(cls, cell: float) -> VGroup:
        """The ten rows and ten columns of lines, centred on the origin; every third one,
        a box edge, drawn heavier."""
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
                palette.MUTED,
                width=style.THIN_STROKE if box_edge else cls.CELL_STROKE,
                opacity=1 if box_edge else cls.CELL_LINE_OPACITY,
            )
            lines.add(*pair)
        return lines

    def clues_in(self) -> LaggedStart:
        """The clues written in, one shortly after another."""
        return LaggedStart(*(grow_in(c) for c in self.clues), lag_ratio=self.CLUE_LAG)

    def cell_center(self, row: int, col: int) -> np.ndarray:
        """Where the cell at ``row``, ``col`` (from the top left, from 0) has its centre."""
        corner = self.lines.get_corner(UL)
        return corner + np.array([(col + 0.5) * self.cell, -(row + 0.5) * self.cell, 0])

    def digit(self, row: int, col: int, value: int, color: str, bold: bool = False) -> Text:
        """A digit in its cell, not yet on stage."""
        glyph = drawing.code(str(value), size=self.digit_size, color=color, bold=bold)
        return glyph.move_to(self.cell_center(row, col))

    def cell_frame(self, row: int, col: int, color: str) -> Square:
        """A frame just inside one cell."""
        frame = Square(self.cell - 2 * self.FRAME_INSET)
        frame.set_stroke(color, width=self.FRAME_STROKE)
        return frame.move_to(self.cell_center(row, col))

    def column_frame(self, col: int, color: str) -> Rectangle:
        """A frame just inside one column, top to bottom."""
        frame = Rectangle(width=self.cell - 2 * self.FRAME_INSET, height=9 * self.cell)
        frame.set_stroke(color, width=self.FRAME_STROKE)
        return frame.move_to(self.lines).set_x(self.cell_center(0, col)[0])


class PipelineLabels(VGroup):
    """What the Sudoku run is, in the film's own terms: the program in the prompt, the trace
    the model writes, and the output. One row each (``rows``), a tag and what it is."""

    ROWS = (
        ("program", "a Sudoku solver in C, as WebAssembly", palette.TEXT),
        ("trace", "every step, written by the model", palette.HIGHLIGHT),
        ("output", "the solved grid, in its out tokens", palette.POSITIVE),
    )

    def __init__(self) -> None:
        tags = [
            drawing.prose(tag, size=style.CAPTION_SIZE, color=color, bold=True)
            for tag, _, color in self.ROWS
        ]
        texts = [drawing.prose(text, size=style.CAPTION_SIZE) for _, text, _ in self.ROWS]
        column = max(tag.width for tag in tags) + style.GAP_S
        self.rows = []
        for k, (tag, text) in enumerate(zip(tags, texts, strict=True)):
            tag.move_to([0, -k * 2 * style.GAP_SM, 0], aligned_edge=LEFT)
            text.move_to([column, tag.get_y(), 0], aligned_edge=LEFT)
            drawing.set_baseline(text, drawing.baseline(tag))
            self.rows.append(VGroup(tag, text))
        super().__init__(*self.rows)


class SolvedSudoku:
    """Inkala's Sudoku beside what it is, what runs it and what solving it took: chapter 10
    fills the board wave by wave and ends on it solved; chapter 11 opens on it, and the board
    becomes its recap picture."""

    CELL = 0.53  # the board of chapter 1, larger: alone on stage, digits one type step up
    ACCOLADE_BREAK = 4  # words of the accolade on its first line

    def __init__(self, puzzle: Grid) -> None:
        self.heading = drawing.heading(RESULTS_HEADING)
        self.board = SudokuBoard(puzzle, cell=self.CELL, digit_size=style.SUBHEADING_SIZE)
        words = source.SUDOKU_ACCOLADE.split()
        self.accolade = drawing.prose(
            f"{style.QUOTE_OPEN}{' '.join(words[: self.ACCOLADE_BREAK])}\n"
            f"{' '.join(words[self.ACCOLADE_BREAK :])}{style.QUOTE_CLOSE}",
            color=palette.MUTED,
        )
        self.solved_in = drawing.prose(f"solved in under {source.SUDOKU_MINUTES} minutes")
        self.inside = drawing.prose("inside the transformer", color=palette.POSITIVE)
        self.timed = drawing.prose(
            "time reported by Percepta", size=style.CAPTION_SIZE, color=palette.MUTED
        )
        self.outcome = drawing.stack([self.solved_in, self.inside, self.timed], buff=style.GAP_S)
        self.pipeline = PipelineLabels()
        story = drawing.stack([self.accolade, self.pipeline, self.outcome], buff=style.GAP_M)
        body = VGroup(self.board, story).arrange(RIGHT, buff=style.GAP_L)
        body.move_to([0, (self.heading.get_bottom()[1] - drawing.safe_top()) / 2, 0])
        self.done = SurroundingRectangle(
            self.board.lines, color=palette.HIGHLIGHT, buff=style.GAP_XS
        )
        self.puzzle = puzzle

    def texts(self) -> list[Mobject]:
        """The words beside the board and above it, in the order they appear."""
        return [self.heading, self.accolade, *self.pipeline.rows, self.solved_in, self.inside,
                self.timed]  # fmt: skip

    def filled(self) -> list[Text]:
        """The solution's digits in every cell the puzzle leaves empty."""
        solution = solve(self.puzzle)
        return [
            self.board.digit(r, c, solution[r][c], palette.POSITIVE)
            for r in range(9)
            for c in range(9)
            if not self.puzzle[r][c]
        ]

    def last_state(self) -> list[Mobject]:
        """What chapter 10 ends on: the board solved, every text shown, the board framed."""
        return [
            self.heading, self.board, *self.filled(), self.accolade, *self.pipeline.rows,
            self.solved_in, self.inside, self.timed, self.done,
        ]  # fmt: skip
