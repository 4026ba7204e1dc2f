"""Chapter 9: the six steps of the argument, each recalled by a small picture of its own
chapter and a label, then the takeaway and the credits."""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from manim import (
    DOWN,
    LEFT,
    ORIGIN,
    RIGHT,
    UP,
    Arrow,
    Dot,
    FadeIn,
    FadeOut,
    FadeTransform,
    Line,
    Mobject,
    Polygon,
    Rectangle,
    RoundedRectangle,
    Square,
    VGroup,
    Write,
)

from scenes import drawing, palette, stage, style, voice
from scenes.compute import source
from scenes.compute.hull import SCENE_KEYS, SCENE_QUERY, HullCache
from scenes.compute.sudoku import INKALA, parse, solve
from scenes.sudoku_board import SolvedSudoku
from scenes.weights_pictures import recap_picture

PICTURE_SIZE = 1.25  # each recap picture is drawn in a square this wide, then scaled
BREATH = 0.35  # the takeaway's hold: with the gap after its line and the fade, about a second
END_HOLD = 2.7  # the end card's silent hold after its line: short, the film is over


class RecapPoint(NamedTuple):
    """One step of the argument: its label on screen, its colour by role, what the narrator
    says, and the caption where it differs from what is heard."""

    label: str
    color: str
    spoken: str
    caption: str | None = None


def recap_points() -> list[RecapPoint]:
    """The problem, today's workaround, the idea, the trace, why it is fast, the results. A
    function, so the colours are the theme's when the chapter is drawn."""
    return [
        RecapPoint(
            "one slip,\na wrong answer",
            palette.WARNING,
            "Language models slip on long, exact computation.",
        ),
        RecapPoint(
            "tools compute\nfor them",
            palette.TEXT,
            "Today, tools compute for them, as airplanes fly for us.",
        ),
        RecapPoint(
            "compiled,\nnot trained",
            palette.POSITIVE,
            "Percepta compiles a computer into a transformer's weights.",
        ),
        RecapPoint(
            "a trace it\nreads back",
            palette.HIGHLIGHT,
            "The model runs the program, writing a trace that it reads back.",
        ),
        RecapPoint(
            "hull search:\nO(log t)",
            palette.ACCENT,
            "Two-dimensional heads search a convex hull: O of log t.",
            "Two-dimensional heads search a convex hull: O(log t).",
        ),
        RecapPoint(
            "decode, and add\nwith a carry",
            palette.POSITIVE,
            "Feed-forward units decode each instruction, and add byte by byte.",
        ),
        RecapPoint(
            f"{source.SPEED_CLAIM} tokens/s\nSudoku in < {source.SUDOKU_MINUTES} min",
            palette.POSITIVE,
            "Thirty thousand tokens a second, and Inkala's Sudoku in under "
            f"{source.SUDOKU_MINUTES} minutes.",
        ),
    ]


def credits() -> tuple[drawing.Card, VGroup, VGroup]:
    """The closing card, the article this video explains and the prior work it builds on."""
    article = drawing.stack(
        [
            drawing.prose("Based on", size=style.CAPTION_SIZE, color=palette.MUTED),
            drawing.prose(
                source.ARTICLE_TITLE, size=style.SUBHEADING_SIZE, color=palette.ACCENT, bold=True
            ),
            drawing.prose(f"{source.ARTICLE_AUTHORS}, {source.ARTICLE_DATE}"),
            drawing.prose(f"Follow-up: {source.FOLLOW_UP}", size=style.CAPTION_SIZE),
            drawing.prose(f"Code: {source.CODE_REPOSITORY}", size=style.CAPTION_SIZE),
        ],
        buff=style.GAP_S,
    )
    prior = drawing.stack(
        [
            drawing.prose("Prior work", size=style.CAPTION_SIZE, color=palette.MUTED),
            *(drawing.prose(work.credit, size=style.CAPTION_SIZE) for work in source.PRIOR_WORK),
        ],
        buff=style.GAP_S,
    )
    narration = drawing.stack(
        [
            drawing.prose("Narration", size=style.CAPTION_SIZE, color=palette.MUTED),
            drawing.prose(voice.VOICE_CREDIT, size=style.CAPTION_SIZE),
        ],
        buff=style.GAP_S,
    )
    prior = drawing.stack([prior, narration], buff=style.GAP_SM)
    return (
        drawing.card(drawing.stack([article, prior], buff=style.GAP_L), color=palette.MUTED),
        article,
        prior,
    )


def slip_picture() -> VGroup:
    """Chapter 1's slip: a row of a grid, one digit wrong."""
    cells = VGroup(*(Square(PICTURE_SIZE / 4.2) for _ in range(4))).arrange(RIGHT, buff=0)
    cells.set_stroke(palette.MUTED, width=style.THIN_STROKE)
    digits = VGroup(
        *(
            drawing.code(d, color=palette.TEXT).move_to(c)
            for d, c in zip("2794", cells, strict=True)
        )
    )
    digits[-1].set_color(palette.WARNING)
    return VGroup(cells, digits)


def tool_picture() -> VGroup:
    """Chapter 2's loop: the model sends code to a tool and gets a result back."""
    model = RoundedRectangle(corner_radius=0.08, width=0.45, height=0.4, color=palette.ACCENT)
    tool = RoundedRectangle(corner_radius=0.08, width=0.45, height=0.4, color=palette.POSITIVE)
    tool.next_to(model, RIGHT, buff=0.55)
    def arrow(start, end, color: str, lift) -> Arrow:
        return Arrow(
            start,
            end,
            buff=0.05,
            color=color,
            stroke_width=style.THIN_STROKE,
            max_tip_length_to_length_ratio=0.3,
        ).shift(lift)

    out = arrow(model.get_right(), tool.get_left(), palette.HIGHLIGHT, UP * 0.08)
    back = arrow(tool.get_left(), model.get_right(), palette.POSITIVE, DOWN * 0.08)
    return VGroup(model, tool, out, back).set_stroke(width=style.THIN_STROKE)  # fmt: skip


def weights_picture() -> VGroup:
    """Chapter 3's machine: a transformer whose weights are a fixed, compiled grid."""
    box = RoundedRectangle(corner_radius=0.1, width=PICTURE_SIZE, height=0.75, color=palette.ACCENT)
    weights = VGroup(
        *(Square(0.12).set_fill(palette.POSITIVE, opacity=1).set_stroke(width=0) for _ in range(12))
    ).arrange_in_grid(rows=3, cols=4, buff=0.06)
    return VGroup(box.set_stroke(width=style.THIN_STROKE), weights.move_to(box))


def trace_picture() -> VGroup:
    """Chapters 4 and 5: the trace, rows appended one under another."""
    rows = VGroup(
        *(Line(LEFT * width / 2, RIGHT * width / 2) for width in (1.0, 1.0, 0.75))
    ).arrange(DOWN, buff=0.16, aligned_edge=LEFT)
    return rows.set_stroke(palette.HIGHLIGHT, width=style.STROKE + 2)


def hull_picture() -> VGroup:
    """Chapter 7: keys as points, their hull, the query, the best key."""
    scale = PICTURE_SIZE / 5.2
    keys = [(x * scale, y * scale, 0) for x, y in SCENE_KEYS]
    cache = HullCache(SCENE_KEYS)
    hull = Polygon(*(keys[i] for i in cache.vertices()), color=palette.SECONDARY,
                   stroke_width=style.THIN_STROKE)  # fmt: skip
    dots = VGroup(*(Dot(k, radius=0.03, color=palette.ACCENT) for k in keys))
    best = Dot(keys[cache.query(SCENE_QUERY).best_index], radius=0.06, color=palette.HIGHLIGHT)
    query = Arrow([0, 0, 0], [SCENE_QUERY[0] * 0.5, SCENE_QUERY[1] * 0.5, 0], buff=0,
                  color=palette.QUERY, stroke_width=style.THIN_STROKE,
                  max_tip_length_to_length_ratio=0.3)  # fmt: skip
    return VGroup(hull, dots, query, best)


def grid_picture() -> VGroup:
    """Chapter 8: Inkala's Sudoku, solved."""
    puzzle = parse(INKALA)
    solved = solve(puzzle)
    cell_size = PICTURE_SIZE / 9
    cells = VGroup()
    for r in range(9):
        for c in range(9):
            color = palette.MUTED if puzzle[r][c] else palette.POSITIVE
            cell = Square(cell_size).set_stroke(width=0).set_fill(color, opacity=0.8)
            cells.add(cell.move_to([c * cell_size, -r * cell_size, 0]))
    if any(0 in row for row in solved):
        raise RuntimeError("the recap's grid is not solved")
    frame = Square(cell_size * 9).move_to(cells).set_stroke(palette.TEXT, width=style.THIN_STROKE)
    return VGroup(cells, frame)


# one picture per recap point, in the same order
PICTURES = (slip_picture, tool_picture, weights_picture, trace_picture, hull_picture,
            recap_picture, grid_picture)  # fmt: skip


class RecapTile(VGroup):
    """A picture, as large as its box allows (``picture``: the box and the picture in it),
    its label under it (``label``); ``width`` wide."""

    SHOWN = (2.6, 1.2)  # the box a picture is shown in, as large as fits, above its label
    LABEL_GAP = 0.25  # between a picture and its label

    def __init__(self, picture: Mobject, text: str, color: str, width: float):
        box_width, box_height = self.SHOWN
        picture.scale(min(box_width / picture.width, box_height / picture.height))
        slot = Rectangle(width=box_width, height=box_height).set_opacity(0)
        picture.move_to(slot)
        label = drawing.stack(
            [drawing.prose(line, size=style.BODY_SIZE, color=color) for line in text.split("\n")],
            buff=style.GAP_XS,
            aligned_edge=ORIGIN,
        )
        drawing.fit_width(label, width)
        label.next_to(slot, DOWN, buff=self.LABEL_GAP)
        self.picture, self.label = VGroup(slot, picture), label
        super().__init__(self.picture, label)


class RecapTiles(VGroup):
    """The seven tiles in pairs, a pair to a column, read down, then across: the problem and
    today's way round it, the idea and its trace, how it finds and how it computes; the
    result alone in the last column, level with the pairs."""

    COLUMNS = 4
    PER_COLUMN = 2
    COLUMNS_GAP = 0.35
    ROWS_GAP = 0.4

    def __init__(self, points: Sequence[RecapPoint]):
        width = (drawing.safe_width() - (self.COLUMNS - 1) * self.COLUMNS_GAP) / self.COLUMNS
        self.tiles = [
            RecapTile(picture(), point.label, point.color, width)
            for picture, point in zip(PICTURES, points, strict=True)
        ]
        columns = [
            VGroup(*self.tiles[k : k + self.PER_COLUMN]).arrange(DOWN, buff=self.ROWS_GAP)
            for k in range(0, len(self.tiles), self.PER_COLUMN)
        ]
        for k, column in enumerate(columns):  # each centred in its quarter of the frame
            column.set_x(-drawing.safe_width() / 2 + (k + 0.5) * width + k * self.COLUMNS_GAP)
            if len(column) == self.PER_COLUMN:
                column.align_to(columns[0], UP)
            else:
                column.set_y(columns[0].get_y())
        super().__init__(*columns)


class Recap(stage.ChapterScene):
    """Six pictures recalled with their labels, then the takeaway held on screen."""

    def construct(self) -> None:
        self.next_section("recap-points")
        heading = drawing.heading("Recap")
        points = recap_points()
        tiles = RecapTiles(points)
        takeaway = drawing.card(
            drawing.prose("a computer, not a coordinator", size=style.SUBHEADING_SIZE,
                    color=palette.HIGHLIGHT, bold=True),
            color=palette.HIGHLIGHT,
        )  # fmt: skip
        body = VGroup(tiles, takeaway).arrange(DOWN, buff=style.GAP_M)  # both centred
        drawing.fit_width(body, drawing.safe_width())
        top = heading.get_bottom()[1] - style.GAP_M
        body.move_to([0, (top - drawing.safe_top()) / 2, 0])  # centred in the rest of the frame
        self.recall(heading, tiles.tiles, points)

        self.next_section("takeaway")
        self.show_takeaway(takeaway, tiles.tiles)
        self.hold(BREATH)
        self.clear_stage()

        self.next_section("credits")
        self.show_credits()
        self.hold(END_HOLD)  # the end card stays, silent, a little after its line
        self.clear_stage()

    def recall(
        self, heading: Mobject, tiles: Sequence[RecapTile], points: Sequence[RecapPoint]
    ) -> None:
        # Chapter 8's last picture, under its heading: the solved board becomes its own
        # recap picture, which waits in its place while the others join it
        before = SolvedSudoku(parse(INKALA))
        last = before.last_state()
        self.open_on(*last)
        leaving = [*before.texts(), before.done]
        board = [m for m in last if m not in leaving]
        (first, *middle, final), (said_first, *said_middle, said_final) = tiles, points
        # Beat: the texts go, the board shrinks into its tile, then the first tile
        with self.say(said_first.spoken, caption=said_first.caption):
            self.play(*map(FadeOut, leaving), run_time=style.FADE_TIME)
            self.play(
                FadeIn(heading), FadeTransform(VGroup(*board), final.picture),
                run_time=style.MOVE_TIME,
            )  # fmt: skip
            self.remove(*board)  # faded out on the way; the grid is on stage
            # only now the first picture: the board has passed over its place
            self.play(FadeIn(first, shift=UP * style.NUDGE), run_time=style.FADE_TIME)
        # Beat: a tile for each point as it is said
        for tile, point in zip(middle, said_middle, strict=True):
            with self.say(point.spoken, caption=point.caption):
                self.play(FadeIn(tile, shift=UP * style.NUDGE), run_time=style.FADE_TIME)
        # Beat: the last picture is already there, the board it became: its label, line by
        # line as it is said, and the board lit on its name
        with self.say(said_final.spoken, caption=said_final.caption) as line:
            speed, sudoku = final.label
            self.play(FadeIn(speed, shift=UP * style.NUDGE), run_time=style.FADE_TIME)
            line.wait_until("Sudoku")
            self.play(
                FadeIn(sudoku, shift=UP * style.NUDGE),
                drawing.pulse(final.picture, final.picture, palette.HIGHLIGHT),
                run_time=line.remaining(),
            )

    def show_takeaway(self, takeaway: drawing.Card, tiles: Sequence[RecapTile]) -> None:
        # Beat: the takeaway, written in its card; the tiles it recalls lit on their words
        tool, idea = tiles[1], tiles[2]
        with self.say(
            "It needs no tool: it stops being a coordinator of computation, and becomes a "
            "computer itself."
        ) as line:
            line.wait_until("tool")
            self.play(drawing.pulse(tool, tool.picture, palette.WARNING), run_time=1.0)
            line.wait_until("stops")
            self.play(
                FadeIn(takeaway.box, shift=UP * style.NUDGE),
                Write(takeaway.content),
                run_time=style.MOVE_TIME,  # written in, then read while the line ends
            )
            line.wait_until("becomes")
            self.play(
                drawing.pulse(idea, idea.picture, palette.HIGHLIGHT),
                drawing.pulse(takeaway, takeaway.content, palette.TEXT),
                run_time=line.remaining(),
            )

    def show_credits(self) -> None:
        # Beat: the article this film explains, the prior work, the voice, each on its word
        card, article, prior = credits()
        drawing.fit_width(card, drawing.safe_width())  # inside the title-safe margin
        card.move_to(ORIGIN)
        works, narration = prior
        with self.say(
            "Based on Percepta's article, and the prior work credited here. The voice is "
            "Piper's Joe."
        ) as line:
            self.play(FadeIn(card.box), FadeIn(article, shift=UP * style.NUDGE),
                      run_time=line.until("prior"))  # fmt: skip
            self.play(FadeIn(works, shift=UP * style.NUDGE), run_time=line.until("voice"))
            self.play(FadeIn(narration, shift=UP * style.NUDGE), run_time=line.remaining())
