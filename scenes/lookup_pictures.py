"""Pictures for why the machine's lookups are exact: the running depth and the keys' curve.

A ``TokenTape`` lays out the whole sequence up to the add (the prompt, then the trace), each
token with the depth change it carries, and the ``AverageLines`` under it say what the
averaging head returns and what the position turns it into. ``ScoreLabels`` put each key's
score for a query beside its dot; ``QueryLine`` is chapter 7's sliding supporting line in the
query's colour; ``BonusLines`` split two same-depth keys' scores into the parabola's part and
the position's bonus. Every number comes from ``scenes.compute.lookup``.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from manim import DOWN, LEFT, RIGHT, UP, Mobject, VGroup

from scenes import drawing, palette, style
from scenes.compute.lookup import RunningSum, Token
from scenes.hull_pictures import (
    KeyCloud,
    KeyPlot,
    KeyRing,
    QueryArrow,
    SlidingLine,
    SupportingLine,
    across,
)

TIMES = "\u00d7"  # the multiplication sign


def change_text(token: Token) -> str:
    """How the tape writes a token's depth change: ``+1``, ``-1`` or ``0``."""
    return f"{token.depth_change:+d}" if token.depth_change else "0"


class TokenTape(VGroup):
    """The sequence as rows of tokens (``rows[r][c]`` a token's text), the prompt's rows at the
    left and the trace's at the right, each token over the depth change it carries
    (``changes``, same shape). ``cells`` and ``marks`` list them in position order."""

    ROW_GAP = 0.72  # from one row of tokens to the next: room for the changes under them
    BLOCK_GAP = 0.9  # between the prompt's rows and the trace's
    TITLE_GAP = 0.3  # from a block's name to its first row

    def __init__(self, prompt: Sequence[Sequence[Token]], trace: Sequence[Sequence[Token]]):
        super().__init__()
        self.tokens: list[Token] = []
        self.cells: list[Mobject] = []
        self.marks: list[Mobject] = []
        blocks = [self._block(rows, color) for rows, color in
                  ((prompt, palette.TEXT), (trace, palette.HIGHLIGHT))]  # fmt: skip
        self.prompt, self.trace = blocks
        self.trace.next_to(self.prompt, RIGHT, buff=self.BLOCK_GAP, aligned_edge=UP)
        self.titles = VGroup(
            *(
                drawing.prose(name, size=style.CAPTION_SIZE, color=palette.MUTED).next_to(
                    block, UP, buff=self.TITLE_GAP, aligned_edge=LEFT
                )
                for name, block in zip(("prompt", "trace"), blocks, strict=True)
            )
        )
        self.add(self.titles, *blocks)

    def _block(self, rows: Sequence[Sequence[Token]], color: str) -> VGroup:
        """One block of rows, each token a text over its change; fills ``cells`` and ``marks``."""
        block = VGroup()
        space = drawing.code("0").width
        for r, row in enumerate(rows):
            cells = VGroup(*(drawing.code(t.text, color=color) for t in row))
            cells.arrange(RIGHT, buff=space, aligned_edge=DOWN)
            cells.move_to([0, -r * self.ROW_GAP, 0], aligned_edge=LEFT)
            marks = VGroup(
                *(
                    drawing.prose(
                        change_text(t),
                        size=style.MIN_FONT_SIZE,
                        color=palette.SECONDARY if t.depth_change else palette.MUTED,
                    ).next_to(cell, DOWN, buff=style.GAP_XS)
                    for t, cell in zip(row, cells, strict=True)
                )
            )
            self.tokens += row
            self.cells += list(cells)
            self.marks += list(marks)
            block.add(VGroup(cells, marks))
        return block

    def cell(self, position: int) -> Mobject:
        """The text of the token at ``position``."""
        return self.cells[[t.position for t in self.tokens].index(position)]

    def mark(self, position: int) -> Mobject:
        """The depth change under the token at ``position``."""
        return self.marks[[t.position for t in self.tokens].index(position)]

    def row_cells(self, block: VGroup, row: int) -> VGroup:
        """The token texts of one row of ``block`` (``self.prompt`` or ``self.trace``)."""
        return block[row][0]


class AverageLines(VGroup):
    """What the averaging head does at one position, three lines under the tape: how many
    tokens it weighs and the weight of each, their average change, and that times the
    position. ``at(summed)`` draws the same lines for another position."""

    def __init__(self, summed: RunningSum, anchor: Mobject) -> None:
        super().__init__(*self.lines(summed))
        self.arrange(DOWN, buff=style.GAP_S, aligned_edge=LEFT)
        drawing.below(self, anchor, buff=style.GAP_L)
        self.set_x(anchor.get_x())
        self.weights, self.average, self.product = self

    @staticmethod
    def lines(summed: RunningSum) -> list[Mobject]:
        p, total = summed.position, summed.depth
        return [
            drawing.code(f"{p} tokens, each weighs 1/{p}", color=palette.MUTED),
            drawing.code(f"average change   {total}/{p}", color=palette.SECONDARY),
            depth_line(summed),
        ]

    def at(self, summed: RunningSum) -> list[Mobject]:
        """The three lines for ``summed``, each where its counterpart here sits."""
        return [
            new.move_to(old, aligned_edge=LEFT)
            for new, old in zip(self.lines(summed), self, strict=True)
        ]


def depth_line(summed: RunningSum) -> Mobject:
    """The running depth as one line, for the panel beside the keys."""
    p, total = summed.position, summed.depth
    return drawing.code(f"depth = {total}/{p} {TIMES} {p} = {total}", color=palette.SECONDARY)


class ScoreLabels(VGroup):
    """Each key's score for one query, in the query's colour, under the key's depth label
    (``labels``), so it reads as the second line of that label."""

    def __init__(self, labels: Sequence[Mobject], scores: Sequence[float]) -> None:
        super().__init__(
            *(
                drawing.prose(f"score {s:g}", size=style.CAPTION_SIZE, color=palette.QUERY)
                .next_to(label, DOWN, buff=style.GAP_XS)
                .align_to(label, RIGHT)
                for label, s in zip(labels, scores, strict=True)
            )
        )
        self.scores = tuple(scores)


def keys_moved(keys: KeyCloud, points: Sequence[Sequence[float]]) -> tuple[VGroup, VGroup]:
    """Copies of the drawn keys' dots and labels (``keys.labels``) moved to other key-space
    ``points``: where the keys would sit if they were placed another way."""
    dots, labels = VGroup(), VGroup()
    for k, point in enumerate(points):
        shift = keys.plot.to_screen(point) - keys[k].get_center()
        dots.add(keys[k].copy().shift(shift))
        labels.add(keys.labels[k].copy().shift(shift))
    return dots, labels


class QueryLine(SlidingLine):
    """Chapter 7's sliding supporting line, drawn in the query's colour."""

    def at(self, offset: float) -> SupportingLine:
        return super().at(offset).set_color(palette.QUERY)


class Touch:
    """A query's line coming in to the best of ``dots`` (square to the unit ``direction``):
    ``sweep`` starts ``approach`` key units beyond it, ``line`` is where it stops, touching
    key ``best`` (the highest score, read from where the dots are drawn), and ``ring`` marks
    that key."""

    HALF = 0.75  # half the line's length, in key units

    def __init__(
        self, plot: KeyPlot, direction: np.ndarray, dots: Sequence[Mobject], approach: float
    ) -> None:
        points = [plot.to_key_space(dot.get_center()) for dot in dots]
        self.scores = [float(np.dot(point, direction)) for point in points]
        self.best = int(np.argmax(self.scores))
        top, side = self.scores[self.best], float(np.dot(points[self.best], across(direction)))
        self.sweep = QueryLine(plot, direction, top + approach, half=self.HALF, side=side)
        self.line = self.sweep.at(top)
        self.ring = KeyRing(dots[self.best], self.best, palette.WARNING)


def query_arrow(plot: KeyPlot, direction: np.ndarray, length: float) -> QueryArrow:
    """Chapter 7's query arrow, in the query's colour."""
    return QueryArrow(plot, direction, length).set_color(palette.QUERY)


class BonusLines(VGroup):
    """Two keys at one depth, their scores for its query split in two: the parabola's part,
    which ties, and the position's bonus, which decides (``parts``: (value, base, bonus))."""

    def __init__(self, parts: Sequence[tuple[int, float, float]], winner: int) -> None:
        lines = [
            drawing.code(
                f"{value:02x}'s key  {base:g} + {bonus:.3f}",
                color=palette.HIGHLIGHT if k == winner else palette.MUTED,
            )
            for k, (value, base, bonus) in enumerate(parts)
        ]
        super().__init__(*lines)
        self.arrange(DOWN, buff=style.GAP_S, aligned_edge=LEFT)
        self.winner = winner
