"""The film's thumbnail: its title beside Arto Inkala's Sudoku as the solver in
``scenes/compute/sudoku.py`` completes it, in the film's palette and fonts.

The grid is computed, not typed, so the picture shows what the film shows. Sizes are chosen to
stay legible when a video site shrinks the picture to 320x180 (a quarter of each side).
"""

from __future__ import annotations

import io
from collections.abc import Callable

from scenes.compute.source import ARTICLE_TITLE
from scenes.compute.sudoku import INKALA, Grid, parse, solve
from scenes.fonts import FONT_FILES, FONTS_DIR, SANS

THUMBNAIL_SIZE = (1280, 720)
MAX_THUMBNAIL_BYTES = 2_000_000  # video sites refuse larger thumbnails
CELL = 60  # pixels per Sudoku cell: its digits stay about 10 px tall at 320x180
TAGLINE = "A transformer that runs programs"


def bold_font(family: str = SANS) -> str:
    return str(FONTS_DIR / FONT_FILES[family][1])


def wrap(text: str, fits: Callable[[str], bool]) -> list[str]:
    """``text`` broken between words into lines that each ``fits`` (a word alone always does)."""
    lines: list[str] = []
    for word in text.split():
        if lines and fits(f"{lines[-1]} {word}"):
            lines[-1] += f" {word}"
        else:
            lines.append(word)
    return lines


def thumbnail(palette: dict[str, str], puzzle: Grid | None = None) -> bytes:
    """The thumbnail as PNG bytes: the title left, the solved puzzle right, givens in the
    body colour and the digits the solver found in the accent colour."""
    from PIL import Image, ImageDraw, ImageFont

    puzzle = puzzle or parse(INKALA)
    solved = solve(puzzle)
    image = Image.new("RGB", THUMBNAIL_SIZE, palette["BACKGROUND"])
    draw = ImageDraw.Draw(image)
    width, height = THUMBNAIL_SIZE
    margin = (height - 9 * CELL) // 2
    left = width - margin - 9 * CELL

    text_width = left - 2 * margin
    y = 170
    for text, size, colour in ((ARTICLE_TITLE, 84, "ACCENT"), (TAGLINE, 38, "TEXT")):
        font = ImageFont.truetype(bold_font(), size)
        for line in wrap(text, lambda line, font=font: font.getlength(line) <= text_width):
            draw.text((margin, y), line, font=font, fill=palette[colour])
            y += round(size * 1.2)
        y += 30

    draw.rectangle([left, margin, left + 9 * CELL, margin + 9 * CELL], fill=palette["SURFACE"])
    digit_font = ImageFont.truetype(bold_font(), 38)
    for row in range(9):
        for column in range(9):
            given = puzzle[row][column] != 0
            centre = (left + column * CELL + CELL / 2, margin + row * CELL + CELL / 2)
            colour = palette["TEXT"] if given else palette["POSITIVE"]
            draw.text(centre, str(solved[row][column]), font=digit_font, fill=colour, anchor="mm")
    for k in sorted(range(10), key=lambda k: k % 3 == 0):  # box lines over cell lines
        thick = k % 3 == 0
        colour, line = (palette["ACCENT"], 5) if thick else (palette["MUTED"], 1)
        x, y = left + k * CELL, margin + k * CELL
        draw.line([(x, margin), (x, margin + 9 * CELL)], fill=colour, width=line)
        draw.line([(left, y), (left + 9 * CELL, y)], fill=colour, width=line)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()
