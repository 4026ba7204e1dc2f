"""Chapter 8: what the compiled computer achieves, and Arto Inkala's Sudoku.

Three result cards with the post's own wording (30k+ tokens/s on a CPU; millions of correct
execution steps; 100% accuracy because the result is exact by construction), then the
callout: Inkala's puzzle, "regarded as the hardest Sudoku in the world", solved correctly in
under 3 minutes entirely inside the transformer.
"""

from __future__ import annotations

from collections.abc import Sequence

from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    FadeIn,
    LaggedStart,
    Line,
    Text,
    VGroup,
    Write,
)

from scenes import theme as t
from scenes.compute import source
from scenes.compute.sudoku import INKALA, Grid, fill_order, parse, solve

# --- Layout of this chapter ------------------------------------------------------------------
CARD_WIDTH = 4.1  # three result cards in one row; their height follows their content
CELL = 0.36  # side of one Sudoku cell
CELL_STROKE = 1  # thin lines between cells; the 3x3 boxes use t.THIN_STROKE
CELL_LINE_OPACITY = 0.5  # cell lines recede behind the box lines
FILL_LAG = 0.03  # lag ratio while the solution's digits appear

INKALA_FIRST_ROW = "812753649"  # the solution's first row, as the post reports it
QUOTE_OPEN, QUOTE_CLOSE = "\u201c", "\u201d"


def result_cards(specs: Sequence[tuple[str, str, str]]) -> VGroup:
    """A row of result cards from (headline, caption, colour): one size, shared baselines.

    The tallest headline and the deepest caption set one layout for every card, so all
    headlines sit on one baseline, all captions on another, and the fullest card still keeps
    its padding on every side.
    """
    inner = CARD_WIDTH - 2 * t.CARD_PADDING
    titles = [
        t.fit_width(t.prose(head, size=t.HEADING_SIZE, color=color, bold=True), inner)
        for head, _, color in specs
    ]
    captions = [t.fit_width(t.prose(words), inner) for _, words, _ in specs]
    title_ascent = max(x.get_top()[1] - t.baseline(x) for x in titles)
    title_descent = max(t.baseline(x) - x.get_bottom()[1] for x in titles)
    caption_ascent = max(x.get_top()[1] - t.baseline(x) for x in captions)
    caption_depth = max(t.baseline(x) - x.get_bottom()[1] for x in captions)
    # baselines measured down from the card's top edge
    title_drop = t.CARD_PADDING + title_ascent
    caption_drop = title_drop + title_descent + t.GAP_S + caption_ascent
    height = caption_drop + caption_depth + t.CARD_PADDING

    row = VGroup()
    for title, words, (_, _, color) in zip(titles, captions, specs, strict=True):
        box = t.card(VGroup(), color=color, width=CARD_WIDTH, height=height).box
        top = box.get_top()[1]
        for text in (title, words):  # both start at one left edge, inside the padding
            text.align_to(box.get_left() + RIGHT * t.CARD_PADDING, LEFT)
        t.set_baseline(title, top - title_drop)
        t.set_baseline(words, top - caption_drop)
        row.add(VGroup(box, title, words))
    return row.arrange(RIGHT, buff=t.GAP_M)


def sudoku_grid(puzzle: Grid, solution: Grid) -> tuple[VGroup, VGroup, VGroup]:
    """The 9x9 board: (lines, clue digits, solved digits), centred on the origin.

    The solved digits come in the order the video reveals them (``fill_order``).
    """
    size = 9 * CELL
    left, top = -size / 2, size / 2
    lines = VGroup()
    for k in range(10):
        offset = k * CELL
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

    def digit(row: int, col: int, value: int, given: bool) -> Text:
        glyph = t.code(str(value), color=t.TEXT if given else t.POSITIVE, bold=given)
        return glyph.move_to([left + (col + 0.5) * CELL, top - (row + 0.5) * CELL, 0])

    clues = VGroup(
        *(digit(r, c, d, True) for r, row in enumerate(puzzle) for c, d in enumerate(row) if d)
    )
    solved = VGroup(*(digit(r, c, d, False) for r, c, d in fill_order(puzzle, solution)))
    return lines, clues, solved


class Results(t.ChapterScene):
    """Three result cards, then Inkala's Sudoku solved inside the transformer."""

    def construct(self) -> None:
        puzzle = parse(INKALA)
        solution = solve(puzzle)
        if "".join(map(str, solution[0])) != INKALA_FIRST_ROW:
            raise RuntimeError("the solver disagrees with the post's first row")

        self.next_section("result-cards")
        heading = t.heading("Results")

        # One row, same size, same baselines
        cards = result_cards(
            [
                (source.SPEED_CLAIM, "tokens per second\non a CPU", t.POSITIVE),
                (source.STEPS_CLAIM, "of correct execution\nsteps (tokens)", t.HIGHLIGHT),
                (source.ACCURACY_CLAIM, "on Sudoku: exact by\nconstruction", t.ACCENT),
            ]
        )
        cards.next_to(heading, DOWN, buff=t.GAP_M).set_x(0)
        speed, steps, accuracy = cards
        with self.say("What does it achieve? These are Percepta's own figures."):
            self.play(Write(heading))
        with self.say("On a CPU, more than thirty thousand tokens per second.") as line:
            self.play(FadeIn(speed, shift=UP * t.NUDGE), run_time=t.FADE_TIME)
        with self.say("Runs of millions of correct execution steps.") as line:
            self.play(FadeIn(steps, shift=UP * t.NUDGE), run_time=t.FADE_TIME)
        with self.say(
            "And on its Sudoku benchmarks, one hundred percent of the answers are correct: "
            "a correct solver, executed exactly, cannot slip.",
            caption="And on its Sudoku benchmarks, 100% of the answers are correct: "
            "a correct solver, executed exactly, cannot slip.",
        ):
            self.play(FadeIn(accuracy, shift=UP * t.NUDGE), run_time=t.FADE_TIME)

        self.next_section("sudoku")  # the board, then the words
        lines, clues, solved = sudoku_grid(puzzle, solution)
        name = t.prose(
            "Arto Inkala's Sudoku", size=t.SUBHEADING_SIZE, color=t.HIGHLIGHT, bold=True
        )
        accolade = t.prose(f"{QUOTE_OPEN}{source.SUDOKU_ACCOLADE}{QUOTE_CLOSE}", color=t.MUTED)
        solved_in = t.prose(f"solved correctly in under {source.SUDOKU_MINUTES} minutes,")
        inside = t.prose("entirely inside the transformer", color=t.POSITIVE)
        story = t.stack([name, accolade, solved_in, inside], buff=t.GAP_S)
        board = VGroup(lines, clues, solved)
        body = VGroup(board, story).arrange(RIGHT, buff=t.GAP_L)
        callout = t.card(body, color=t.HIGHLIGHT, width=cards.width)
        callout.next_to(cards, DOWN, buff=t.GAP_M).set_x(0)
        with self.say(
            "And the promise from the start: Arto Inkala's Sudoku, regarded as the hardest "
            "in the world."
        ) as line:
            self.play(FadeIn(callout.box), FadeIn(lines), FadeIn(name))
            self.play(LaggedStart(*(FadeIn(c, scale=0.6) for c in clues), lag_ratio=0.05))
            line.wait_until("regarded")
            self.play(FadeIn(accolade))
        with self.say(
            f"The compiled model solved it correctly, in under {source.SUDOKU_MINUTES} "
            "minutes, entirely inside the transformer."
        ) as line:
            self.play(
                LaggedStart(*(FadeIn(c) for c in solved), lag_ratio=FILL_LAG),
                FadeIn(solved_in, shift=UP * t.NUDGE),
                run_time=line.until("entirely"),
            )
            self.play(FadeIn(inside, shift=UP * t.NUDGE))
        self.hold()
        self.clear_stage()
