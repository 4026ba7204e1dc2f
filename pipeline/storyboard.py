"""Each chapter's key frame (its final composition, saved beside its clip when it renders)
and the storyboard: a contact sheet of them all, titled, written beside the video so a whole
build can be judged at a glance.
"""

from __future__ import annotations

import io
from pathlib import Path

from pipeline.join import extract_frame, video_duration
from pipeline.plan import write_atomically
from scenes.fonts import regular_font

# The key frame of a chapter: inside its closing hold (style.HOLD), before the final fade.
KEY_FRAME_BEFORE_END = 1.0
STORYBOARD_COLUMNS, STORYBOARD_TILE_WIDTH = 3, 480
STORYBOARD_CAPTION_HEIGHT, STORYBOARD_FONT_SIZE = 36, 20


def key_frame_path(clip: Path) -> Path:
    return clip.with_suffix(".key.png")


def save_key_frame(clip: Path) -> Path:
    """Save the chapter's key frame (its final composition) as PNG beside the clip."""
    path = key_frame_path(clip)
    image = extract_frame(clip, video_duration(clip) - KEY_FRAME_BEFORE_END)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    write_atomically(path, buffer.getvalue())
    return path


def storyboard(key_frames: list[Path], titles: list[str], output: Path) -> None:
    """A contact sheet: each chapter's key frame with its number and title below."""
    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.truetype(str(regular_font()), STORYBOARD_FONT_SIZE)
    tiles = []
    for frame in key_frames:
        with Image.open(frame) as image:
            height = round(image.height * STORYBOARD_TILE_WIDTH / image.width)
            tiles.append(image.convert("RGB").resize((STORYBOARD_TILE_WIDTH, height)))
    tile_h = tiles[0].height + STORYBOARD_CAPTION_HEIGHT
    rows = -(-len(tiles) // STORYBOARD_COLUMNS)
    sheet = Image.new("RGB", (STORYBOARD_COLUMNS * STORYBOARD_TILE_WIDTH, rows * tile_h), "black")
    draw = ImageDraw.Draw(sheet)
    for index, (tile, title) in enumerate(zip(tiles, titles, strict=True)):
        row, column = divmod(index, STORYBOARD_COLUMNS)
        x, y = column * STORYBOARD_TILE_WIDTH, row * tile_h
        sheet.paste(tile, (x, y))
        draw.text((x + 10, y + tile.height + 7), f"{index + 1}. {title}", fill="white", font=font)
    buffer = io.BytesIO()
    sheet.save(buffer, format="PNG", optimize=True)
    write_atomically(output, buffer.getvalue())
