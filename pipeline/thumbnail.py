"""The film's thumbnail: a short title beside chapter 7's picture, the keys, their convex hull
and a query arrow picking the best key, in the film's palette and fonts.

The lookup is computed, not drawn by hand (``scenes.compute.hull``), so the picture shows what
the film shows. It is drawn to read when a video site or a shared link shrinks it to 320x180
(a quarter of each side): the title's letters stay over 20 px tall there, the hull's lines
2 px wide, the keys 3 px across.
"""

from __future__ import annotations

import io
import math
from collections.abc import Callable, Sequence

from scenes.compute.hull import SCENE_KEYS, SCENE_QUERY, HullCache
from scenes.fonts import FONT_FILES, FONTS_DIR, SANS

THUMBNAIL_SIZE = (1280, 720)
SMALL_WIDTH = 320  # the width it must read at
MAX_THUMBNAIL_BYTES = 2_000_000  # video sites refuse larger thumbnails
TITLE = "Can LLMs Be Computers?"
TITLE_SIZE = 104  # px at 1280 wide: 26 px at 320
TAGLINE = "A transformer that runs programs"
TAGLINE_SIZE = 44
MARGIN = 64
HULL_CENTRE = (1000, 360)
HULL_SCALE = 118  # px per unit of the keys' coordinates
KEY_RADIUS, VERTEX_RADIUS, BEST_RADIUS = 12, 15, 26
LINE = 9  # the hull's stroke


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


def thumbnail(
    palette: dict[str, str],
    keys: Sequence[tuple[float, float]] = SCENE_KEYS,
    query: tuple[float, float] = SCENE_QUERY,
) -> bytes:
    """The thumbnail as PNG bytes: the title left; right, the keys (hull vertices brighter),
    the hull, the query arrow and the key the hull lookup finds for it, ringed."""
    from PIL import Image, ImageDraw, ImageFont

    image = Image.new("RGB", THUMBNAIL_SIZE, palette["BACKGROUND"])
    draw = ImageDraw.Draw(image)
    hull_left = HULL_CENTRE[0] + HULL_SCALE * min(x for x, _ in keys) - VERTEX_RADIUS
    text_width = hull_left - 1.5 * MARGIN
    title = ImageFont.truetype(bold_font(), TITLE_SIZE)
    tagline = ImageFont.truetype(bold_font(), TAGLINE_SIZE)
    blocks = [
        (wrap(TITLE, lambda line: title.getlength(line) <= text_width), title, "ACCENT"),
        (wrap(TAGLINE, lambda line: tagline.getlength(line) <= text_width), tagline, "TEXT"),
    ]
    heights = [len(lines) * round(font.size * 1.15) for lines, font, _ in blocks]
    y = (THUMBNAIL_SIZE[1] - sum(heights) - 40) // 2
    for lines, font, colour in blocks:
        for line in lines:
            draw.text((MARGIN, y), line, font=font, fill=palette[colour])
            y += round(font.size * 1.15)
        y += 40

    def at(point: Sequence[float]) -> tuple[float, float]:
        return (HULL_CENTRE[0] + HULL_SCALE * point[0], HULL_CENTRE[1] - HULL_SCALE * point[1])

    cache = HullCache(keys)
    hull = cache.vertices()
    found = cache.query(query)
    draw.polygon([at(keys[k]) for k in hull], fill=palette["SURFACE"])
    draw.line([at(keys[k]) for k in [*hull, hull[0]]], fill=palette["SECONDARY"], width=LINE)
    best = at(keys[found.best_index])
    length = math.hypot(*query)
    tip = at((2.75 * query[0] / length, 2.75 * query[1] / length))
    draw.line([at((0, 0)), tip], fill=palette["QUERY"], width=LINE + 3)
    angle = math.atan2(tip[1] - HULL_CENTRE[1], tip[0] - HULL_CENTRE[0])
    head = [
        (tip[0] + 34 * math.cos(angle), tip[1] + 34 * math.sin(angle)),
        (tip[0] + 26 * math.cos(angle + 2.2), tip[1] + 26 * math.sin(angle + 2.2)),
        (tip[0] + 26 * math.cos(angle - 2.2), tip[1] + 26 * math.sin(angle - 2.2)),
    ]
    draw.polygon(head, fill=palette["QUERY"])
    for index, key in enumerate(keys):
        x, y = at(key)
        radius, colour = (VERTEX_RADIUS, "TEXT") if index in hull else (KEY_RADIUS, "MUTED")
        draw.ellipse([x - radius, y - radius, x + radius, y + radius], fill=palette[colour])
    x, y = best
    ring = BEST_RADIUS + 10
    draw.ellipse([x - ring, y - ring, x + ring, y + ring], outline=palette["HIGHLIGHT"], width=7)
    draw.ellipse(
        [x - BEST_RADIUS, y - BEST_RADIUS, x + BEST_RADIUS, y + BEST_RADIUS],
        fill=palette["HIGHLIGHT"],
    )
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def small(png: bytes, width: int = SMALL_WIDTH):
    """The thumbnail as a site shows it, ``width`` px wide (a PIL image)."""
    from PIL import Image

    with Image.open(io.BytesIO(png)) as image:
        height = round(image.height * width / image.width)
        return image.convert("RGB").resize((width, height), Image.Resampling.LANCZOS)
