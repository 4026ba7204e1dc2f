"""Chapter 9: the six steps of the argument, each recalled by a small picture of its own
chapter and a label, then the takeaway and the credits."""

from __future__ import annotations

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

from scenes import theme as t
from scenes import voice
from scenes.compute import source
from scenes.compute.hull import SCENE_KEYS, SCENE_QUERY, HullCache
from scenes.compute.sudoku import INKALA, parse, solve
from scenes.sudoku_board import SolvedSudoku

# --- Layout of this chapter ------------------------------------------------------------------
TAKEAWAY_WRITE_TIME = 2.0
PICTURE_SIZE = 1.25  # each recap picture is drawn in a square this wide...
PICTURE_SHOWN = (2.6, 1.45)  # ...and shown as large as fits this box, above its label
PICTURE_GAP = 0.25  # between a picture and its label
RECAP_COLUMNS = 3  # three pairs of tiles, each pair a column: read down, then across
RECAP_COLUMNS_GAP = 0.35
RECAP_ROWS_GAP = 0.4
MINI_CELL = PICTURE_SIZE / 9  # one cell of the small Sudoku grids


CREDITS_HOLD = 8.0  # the end card stays this long after its line: time to read every credit


def recap_points() -> list[tuple[str, str, str, str | None]]:
    """(point on screen, colour by role, what the narrator says, its caption if it differs):
    the problem, today's workaround, the idea, the trace, why it is fast, the results. A
    function, so the colours are the theme's when the chapter is drawn."""
    return [
        (
            "one slip, a wrong answer",
            t.WARNING,
            "Language models slip on long, exact computation.",
            None,
        ),
        (
            "tools compute for them",
            t.TEXT,
            "Today, tools compute for them, as airplanes fly for us.",
            None,
        ),
        (
            "compiled, not trained",
            t.POSITIVE,
            "Percepta compiles a computer into a transformer's weights.",
            None,
        ),
        (
            "a trace it reads back",
            t.HIGHLIGHT,
            "The model runs the program, writing a trace that it reads back.",
            None,
        ),
        (
            "hull search: O(log t)",
            t.ACCENT,
            "Two-dimensional heads find what they need by searching a convex hull: O of log t.",
            "Two-dimensional heads find what they need by searching a convex hull: O(log t).",
        ),
        (
            f"{source.SPEED_CLAIM} tokens/s\nSudoku in < {source.SUDOKU_MINUTES} min",
            t.POSITIVE,
            "Millions of exact steps, over thirty thousand tokens a second on a CPU, and "
            f"Inkala's Sudoku in under {source.SUDOKU_MINUTES} minutes.",
            None,
        ),
    ]
TAKEAWAY = "a computer, not a coordinator"


def credits() -> tuple[t.Card, VGroup, VGroup]:
    """The closing card, the article this video explains and the prior work it builds on."""
    article = t.stack(
        [
            t.prose("Based on", size=t.CAPTION_SIZE, color=t.MUTED),
            t.prose(source.ARTICLE_TITLE, size=t.SUBHEADING_SIZE, color=t.ACCENT, bold=True),
            t.prose(f"{source.ARTICLE_AUTHORS}, {source.ARTICLE_DATE}"),
            t.prose(f"Follow-up: {source.FOLLOW_UP}", size=t.CAPTION_SIZE),
            t.prose(f"Code: {source.CODE_REPOSITORY}", size=t.CAPTION_SIZE),
        ],
        buff=t.GAP_S,
    )
    prior = t.stack(
        [
            t.prose("Prior work", size=t.CAPTION_SIZE, color=t.MUTED),
            *(t.prose(work.credit, size=t.CAPTION_SIZE) for work in source.PRIOR_WORK),
        ],
        buff=t.GAP_S,
    )
    narration = t.stack(
        [
            t.prose("Narration", size=t.CAPTION_SIZE, color=t.MUTED),
            t.prose(voice.VOICE_CREDIT, size=t.CAPTION_SIZE),
        ],
        buff=t.GAP_S,
    )
    prior = t.stack([prior, narration], buff=t.GAP_SM)
    return t.card(t.stack([article, prior], buff=t.GAP_L), color=t.MUTED), article, prior


def slip_picture() -> VGroup:
    """Chapter 1's slip: a row of a grid, one digit wrong."""
    cells = VGroup(*(Square(PICTURE_SIZE / 4.2) for _ in range(4))).arrange(RIGHT, buff=0)
    cells.set_stroke(t.MUTED, width=t.THIN_STROKE)
    digits = VGroup(
        *(t.code(d, color=t.TEXT).move_to(c) for d, c in zip("2794", cells, strict=True))
    )
    digits[-1].set_color(t.WARNING)
    return VGroup(cells, digits)


def tool_picture() -> VGroup:
    """Chapter 2's loop: the model sends code to a tool and gets a result back."""
    model = RoundedRectangle(corner_radius=0.08, width=0.45, height=0.4, color=t.ACCENT)
    tool = RoundedRectangle(corner_radius=0.08, width=0.45, height=0.4, color=t.POSITIVE)
    tool.next_to(model, RIGHT, buff=0.55)
    out = Arrow(model.get_right(), tool.get_left(), buff=0.05, color=t.HIGHLIGHT,
                stroke_width=t.THIN_STROKE, max_tip_length_to_length_ratio=0.3).shift(UP * 0.08)
    back = Arrow(tool.get_left(), model.get_right(), buff=0.05, color=t.POSITIVE,
                 stroke_width=t.THIN_STROKE, max_tip_length_to_length_ratio=0.3).shift(DOWN * 0.08)
    return VGroup(model, tool, out, back).set_stroke(width=t.THIN_STROKE)  # fmt: skip


def weights_picture() -> VGroup:
    """Chapter 3's machine: a transformer whose weights are a fixed, compiled grid."""
    box = RoundedRectangle(corner_radius=0.1, width=PICTURE_SIZE, height=0.75, color=t.ACCENT)
    weights = VGroup(
        *(Square(0.12).set_fill(t.POSITIVE, opacity=1).set_stroke(width=0) for _ in range(12))
    ).arrange_in_grid(rows=3, cols=4, buff=0.06)
    return VGroup(box.set_stroke(width=t.THIN_STROKE), weights.move_to(box))


def trace_picture() -> VGroup:
    """Chapters 4 and 5: the trace, rows appended one under another."""
    rows = VGroup(
        *(Line(LEFT * width / 2, RIGHT * width / 2) for width in (1.0, 1.0, 0.75))
    ).arrange(DOWN, buff=0.16, aligned_edge=LEFT)
    return rows.set_stroke(t.HIGHLIGHT, width=t.STROKE + 2)


def hull_picture() -> VGroup:
    """Chapter 7: keys as points, their hull, the query, the best key."""
    scale = PICTURE_SIZE / 5.2
    keys = [(x * scale, y * scale, 0) for x, y in SCENE_KEYS]
    cache = HullCache(SCENE_KEYS)
    hull = Polygon(*(keys[i] for i in cache.vertices()), color=t.SECONDARY,
                   stroke_width=t.THIN_STROKE)  # fmt: skip
    dots = VGroup(*(Dot(k, radius=0.03, color=t.ACCENT) for k in keys))
    best = Dot(keys[cache.query(SCENE_QUERY).best_index], radius=0.06, color=t.HIGHLIGHT)
    query = Arrow([0, 0, 0], [SCENE_QUERY[0] * 0.5, SCENE_QUERY[1] * 0.5, 0], buff=0,
                  color=t.WARNING, stroke_width=t.THIN_STROKE,
                  max_tip_length_to_length_ratio=0.3)  # fmt: skip
    return VGroup(hull, dots, query, best)


def grid_picture() -> VGroup:
    """Chapter 8: Inkala's Sudoku, solved."""
    puzzle = parse(INKALA)
    solved = solve(puzzle)
    cells = VGroup()
    for r in range(9):
        for c in range(9):
            color = t.MUTED if puzzle[r][c] else t.POSITIVE
            cell = Square(MINI_CELL).set_stroke(width=0).set_fill(color, opacity=0.8)
            cells.add(cell.move_to([c * MINI_CELL, -r * MINI_CELL, 0]))
    if any(0 in row for row in solved):
        raise RuntimeError("the recap's grid is not solved")
    frame = Square(MINI_CELL * 9).move_to(cells).set_stroke(t.TEXT, width=t.THIN_STROKE)
    return VGroup(cells, frame)


PICTURES = (slip_picture, tool_picture, weights_picture, trace_picture, hull_picture,
            grid_picture)  # fmt: skip


def recap_tile(picture: Mobject, text: str, color: str, width: float) -> VGroup:
    """A picture, as large as its box allows, its label under it; ``width`` wide."""
    box_width, box_height = PICTURE_SHOWN
    picture.scale(min(box_width / picture.width, box_height / picture.height))
    slot = Rectangle(width=box_width, height=box_height).set_opacity(0)
    picture.move_to(slot)
    label = t.stack(
        [t.prose(line, size=t.BODY_SIZE, color=color) for line in text.split("\n")],
        buff=t.GAP_XS,
        aligned_edge=ORIGIN,
    )
    t.fit_width(label, width)
    label.next_to(slot, DOWN, buff=PICTURE_GAP)
    return VGroup(VGroup(slot, picture), label)


class Recap(t.ChapterScene):
    """Six pictures recalled with their labels, then the takeaway held on screen."""

    def construct(self) -> None:
        self.next_section("recap-points")
        heading = t.heading("Recap")

        # Six pictures with their labels in pairs, a pair to a column: the problem and
        # today's way round it, the idea and its trace, why it is fast and what it does
        spoken = recap_points()
        width = (t.safe_width() - (RECAP_COLUMNS - 1) * RECAP_COLUMNS_GAP) / RECAP_COLUMNS
        tiles = [
            recap_tile(picture(), text, color, width)
            for picture, (text, color, _, _) in zip(PICTURES, spoken, strict=True)
        ]
        per_column = len(tiles) // RECAP_COLUMNS
        columns = VGroup(
            *(
                VGroup(*tiles[k : k + per_column]).arrange(DOWN, buff=RECAP_ROWS_GAP)
                for k in range(0, len(tiles), per_column)
            )
        )
        for k, column in enumerate(columns):  # each centred in its third of the frame
            column.set_x(-t.safe_width() / 2 + (k + 0.5) * width + k * RECAP_COLUMNS_GAP)
            column.align_to(columns[0], UP)
        points = VGroup(*tiles)
        takeaway = t.card(
            t.prose(TAKEAWAY, size=t.SUBHEADING_SIZE, color=t.HIGHLIGHT, bold=True),
            color=t.HIGHLIGHT,
        )
        body = VGroup(columns, takeaway).arrange(DOWN, buff=t.GAP_M)  # both centred
        t.fit_width(body, t.safe_width())
        top = heading.get_bottom()[1] - t.GAP_M
        body.move_to([0, (top - t.safe_top()) / 2, 0])  # centred in the rest of the frame
        # Chapter 8's last picture, under its heading: the solved board becomes its own
        # recap picture, which waits in its place while the others join it
        before = SolvedSudoku(parse(INKALA))
        last = before.last_state()
        self.open_on(*last)
        texts = [before.heading, before.accolade, before.solved_in, before.inside, before.timed]
        board = [m for m in last if m not in (*texts, before.done)]
        grid = tiles[-1][0]  # the solved grid's picture, in its slot
        for number, (row, (_, _, words, caption)) in enumerate(zip(points, spoken, strict=True)):
            with self.say(words, caption=caption):
                if number == 0:
                    self.play(*map(FadeOut, (*texts, before.done)), run_time=t.FADE_TIME)
                    self.play(
                        FadeIn(heading), FadeTransform(VGroup(*board), grid), run_time=t.MOVE_TIME
                    )
                    self.remove(*board)  # faded out on the way; the grid is on stage
                    # only now the first picture: the board has passed over its place
                    self.play(FadeIn(row, shift=UP * t.NUDGE), run_time=t.FADE_TIME)
                elif row is tiles[-1]:
                    self.play(FadeIn(row[1], shift=UP * t.NUDGE), run_time=t.FADE_TIME)
                else:
                    self.play(FadeIn(row, shift=UP * t.NUDGE), run_time=t.FADE_TIME)

        self.next_section("takeaway")
        with self.say(
            "Airplanes still fly for us. This model needs no tool to compute: it stops being "
            "a coordinator of computation, and becomes a computer itself."
        ):
            self.play(
                FadeIn(takeaway.box, shift=UP * t.NUDGE),
                Write(takeaway.content),
                run_time=TAKEAWAY_WRITE_TIME,
            )
        self.hold()
        self.clear_stage()

        self.next_section("credits")
        card, article, prior = credits()
        card.move_to(ORIGIN)
        with self.say(
            "This film is based on Percepta's article, and on the prior work it builds on, "
            "credited here. The voice is Piper's Joe."
        ):
            self.play(FadeIn(card.box), FadeIn(article, shift=UP * t.NUDGE))
            self.play(FadeIn(prior, shift=UP * t.NUDGE))
        self.hold(CREDITS_HOLD)
        self.clear_stage()
