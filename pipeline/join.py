"""Reading and joining the chapters' clips with PyAV (which comes with manim): durations,
frames, and the one video made of them by stream copy, so nothing is re-encoded and the video
lasts exactly as long as its chapters. PyAV is imported inside each function, so a build that
never joins (``--list``, a usage error) does not pay for loading it.
"""

from __future__ import annotations

import io
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PIL.Image import Image


def video_duration(path: Path) -> float:
    """Duration in seconds of a video file's first video stream."""
    import av

    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        if stream.duration is not None:
            return float(stream.duration * stream.time_base)
        return container.duration / 1_000_000


def concatenate(clips: list[Path], titles: list[str], output: Path) -> list[float]:
    """Join clips by stream copy into ``output`` (written atomically) with chapter markers.

    Returns each chapter's start time in seconds.
    """
    import av

    durations = [video_duration(clip) for clip in clips]
    starts = [sum(durations[:i]) for i in range(len(clips))]
    output.parent.mkdir(parents=True, exist_ok=True)
    partial = output.with_name(f".{output.stem}.partial{output.suffix}")
    manifest = "".join(f"file 'file:{clip.resolve().as_posix()}'\n" for clip in clips)
    time_base = Fraction(1, 1000)
    markers = [
        {
            "id": number,
            "start": round(start / time_base),
            "end": round((start + duration) / time_base),
            "time_base": time_base,
            "metadata": {"title": title},
        }
        for number, (start, duration, title) in enumerate(
            zip(starts, durations, titles, strict=True), start=1
        )
    ]
    try:
        with (
            av.open(io.BytesIO(manifest.encode()), format="concat", options={"safe": "0"}) as src,
            av.open(str(partial), mode="w", format="mp4") as dst,
        ):
            in_stream = src.streams.video[0]
            out_stream = dst.add_stream_from_template(template=in_stream)
            dst.set_chapters(markers)
            for packet in src.demux(in_stream):
                if packet.dts is None:  # demux's flushing packets
                    continue
                packet.stream = out_stream
                dst.mux(packet)
        partial.replace(output)
    finally:
        partial.unlink(missing_ok=True)
    return starts


def read_chapter_markers(path: Path) -> list[tuple[float, str]]:
    """(start in seconds, title) of each chapter marker in a video file."""
    import av

    with av.open(str(path)) as container:
        return [
            (float(c["start"] * c["time_base"]), c["metadata"].get("title", ""))
            for c in container.chapters()
        ]


def youtube_timestamps(starts: list[float], titles: list[str]) -> str:
    """Chapter lines as YouTube reads them from a description: ``0:00 Title``."""

    def stamp(seconds: float) -> str:
        whole = int(seconds)
        hours, rest = divmod(whole, 3600)
        minutes, secs = divmod(rest, 60)
        return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"

    return "".join(f"{stamp(s)} {title}\n" for s, title in zip(starts, titles, strict=True))


def extract_frame(path: Path, at_seconds: float) -> Image:
    """The decoded frame shown at ``at_seconds`` (clamped to the video) as a PIL image."""
    import av

    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        target = max(0.0, at_seconds)
        container.seek(int(target / stream.time_base), stream=stream, backward=True)
        last = None
        for frame in container.decode(stream):
            if frame.time is not None and frame.time > target + 1e-6 and last is not None:
                break
            last = frame
        if last is None:
            raise ValueError(f"{path} has no video frames")
        return last.to_image()
