"""Contact sheets: a built film's frames laid out with the caption on air under each.

Reading what is said against what is drawn, frame by frame, is how a picture/voice mismatch,
a long still or a leftover from the last beat is found. Each sheet is a grid of frames, one
every ``--every`` seconds, each stamped with its time and the caption cue on air then.

    python -m checks.contact_sheet build/smoke/video.mp4                 # one sheet per chapter
    python -m checks.contact_sheet build/preview.mp4 --every 0.25 --start 40 --end 46

Sheets are written to ``build/contact/<video stem>/``; the paths are printed.
"""

from __future__ import annotations

import argparse
import sys
import textwrap
from collections.abc import Iterator, Sequence
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from pipeline.captions import Cue, parse_sidecar
from scenes import fonts, palette

TILE_WIDTH, TILE_HEIGHT = 480, 270  # each frame, scaled
CAPTION_LINES = 3
CAPTION_CHARS = 58  # characters per caption line under a tile
LINE_HEIGHT = 18
COLUMNS = 4
ROWS_PER_SHEET = 6


def cue_at(cues: Sequence[Cue], seconds: float) -> str:
    """The caption on air at ``seconds`` ("" between cues)."""
    ms = seconds * 1000
    return next((" ".join(c.text.split()) for c in cues if c.start <= ms < c.end), "")


def sample_times(start: float, end: float, every: float) -> list[float]:
    """Times from ``start`` up to (not including) ``end``, ``every`` seconds apart."""
    count = max(0, int((end - start) / every + 1e-9))
    return [round(start + k * every, 3) for k in range(count)]


def frames_at(video: Path, times: Sequence[float]) -> Iterator[tuple[float, Image.Image]]:
    """The frame on screen at each of ``times`` (sorted), in one pass of decoding."""
    import av

    wanted = list(times)
    with av.open(str(video)) as container:
        stream = container.streams.video[0]
        stream.thread_type = "AUTO"
        if wanted:
            container.seek(int(max(0.0, wanted[0] - 1) / stream.time_base), stream=stream)
        last = None
        for frame in container.decode(stream):
            while wanted and frame.time is not None and frame.time > wanted[0] + 1e-6:
                if last is not None:
                    yield wanted.pop(0), last
                else:
                    wanted.pop(0)
            if not wanted:
                return
            last = frame.to_image()
        for at in wanted:  # past the last frame: it stays on screen
            if last is not None:
                yield at, last


def draw_sheet(tiles: Sequence[tuple[float, Image.Image, str]], title: str) -> Image.Image:
    """One grid of tiles: each frame with its time and caption under it."""
    font = ImageFont.truetype(str(fonts.regular_font(fonts.SANS)), 15)
    bold = ImageFont.truetype(str(fonts.regular_font(fonts.MONO)), 15)
    label_height = LINE_HEIGHT * (CAPTION_LINES + 1) + 6
    rows = -(-len(tiles) // COLUMNS)
    sheet = Image.new(
        "RGB",
        (COLUMNS * (TILE_WIDTH + 8) + 8, 36 + rows * (TILE_HEIGHT + label_height + 8)),
        palette.BACKGROUND,
    )
    draw = ImageDraw.Draw(sheet)
    draw.text((8, 8), title, fill=palette.TEXT, font=bold)
    for index, (at, frame, caption) in enumerate(tiles):
        x = 8 + (index % COLUMNS) * (TILE_WIDTH + 8)
        y = 36 + (index // COLUMNS) * (TILE_HEIGHT + label_height + 8)
        sheet.paste(frame.convert("RGB").resize((TILE_WIDTH, TILE_HEIGHT)), (x, y))
        draw.rectangle((x, y, x + TILE_WIDTH - 1, y + TILE_HEIGHT - 1), outline=palette.MUTED)
        minutes, seconds = divmod(at, 60)
        draw.text((x, y + TILE_HEIGHT + 4), f"{int(minutes)}:{seconds:05.2f}", palette.ACCENT, bold)
        lines = textwrap.wrap(caption, CAPTION_CHARS)[:CAPTION_LINES] or ["(no caption)"]
        for k, line in enumerate(lines):
            top = y + TILE_HEIGHT + 4 + LINE_HEIGHT * (k + 1)
            draw.text((x, top), line, fill=palette.TEXT, font=font)
    return sheet


def chapter_spans(video: Path, duration: float) -> list[tuple[str, float, float]]:
    """(title, start, end) of each chapter marker in ``video``; the whole film if none."""
    from pipeline.join import read_chapter_markers

    markers = read_chapter_markers(video)
    if not markers:
        return [(video.stem, 0.0, duration)]
    starts = [start for start, _ in markers] + [duration]
    return [(title, s, e) for (s, title), e in zip(markers, starts[1:], strict=True)]


def film_duration(video: Path) -> float:
    import av

    with av.open(str(video)) as container:
        return container.duration / 1_000_000


def write_sheets(
    video: Path, every: float, start: float | None, end: float | None, out_dir: Path
) -> list[Path]:
    """Write the contact sheets of ``video`` (one per chapter, split every few rows)."""
    cues = parse_sidecar(video.with_suffix(".srt").read_text())
    duration = film_duration(video)
    spans = chapter_spans(video, duration)
    if start is not None or end is not None:
        spans = [(video.stem, start or 0.0, min(end or duration, duration))]
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for number, (title, span_start, span_end) in enumerate(spans, start=1):
        times = sample_times(span_start, span_end, every)
        tiles = [(at, image, cue_at(cues, at)) for at, image in frames_at(video, times)]
        per_sheet = COLUMNS * ROWS_PER_SHEET
        for page, first in enumerate(range(0, len(tiles), per_sheet), start=1):
            path = out_dir / f"{number:02d}-{page:02d}.png"
            draw_sheet(tiles[first : first + per_sheet], f"{title} (sheet {page})").save(path)
            written.append(path)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Contact sheets of a built film.")
    parser.add_argument("video", type=Path, help="a built film (its .srt beside it)")
    parser.add_argument("--every", type=float, default=1.0, help="seconds between frames")
    parser.add_argument("--start", type=float, help="from this time (s) instead of by chapter")
    parser.add_argument("--end", type=float, help="up to this time (s)")
    parser.add_argument("--out", type=Path, help="folder (default build/contact/<stem>)")
    args = parser.parse_args(argv)
    if not args.video.is_file():
        parser.error(f"no film at {args.video}: build one with render.py first")
    if not args.video.with_suffix(".srt").is_file():
        parser.error(f"no captions beside {args.video}: build it with render.py")
    if args.every <= 0:
        parser.error("--every must be a positive number of seconds")
    out_dir = args.out or Path("build/contact") / args.video.stem
    for path in write_sheets(args.video, args.every, args.start, args.end, out_dir):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
