"""The Sudoku board that chapters 1 and 8 share: one look for the puzzle the film promises
in its cold open and solves in its results."""

from __future__ import annotations

import numpy as np
from manim import UL, FadeIn, Line, Mobject, Rectangle, Square, Text, VGroup

from scenes import theme as t
from scenes.compute.sudoku import Grid

CELL_STROKE = 1  # thin lines between cells; the 3x3 boxes use t.THIN_STROKE
CELL_LINE_OPACITY = 0.5  # cell lines recede behind the box lines
FRAME_STROKE = 4  # a frame that marks a cell or a column, above the board's lines
FRAME_INSET = 0.04  # frames sit just inside their cells, clear of the grid lines
DIGIT_SCALE = 0.6  # digits grow in from this scale


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
