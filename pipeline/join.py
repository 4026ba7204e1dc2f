"""Reading the chapters' clips and joining them into the film with PyAV (which comes with
manim): durations, frames, and the one MP4 made of them, with its sound, captions and
chapter markers.

- Video: the clips' packets by stream copy, each chapter's moved to where it starts, so
  nothing is re-encoded and the film lasts exactly as long as its chapters.
- Sound: the chapters' sounds joined in sync and mastered (``pipeline.sound``), copied in.
- Captions: a ``mov_text`` track (``pipeline.captions``) when any chapter has cues.
- Streaming: the index (``moov``) is written before the media (``faststart``), so a browser
  starts playing, and seeks, before the whole file has arrived. Each chapter's clip begins
  on a key frame, so every chapter start is one.

PyAV is imported inside each function, so a build that never joins (``--list``, a usage
error) does not pay for loading it.
"""

from __future__ import annotations

import heapq
import io
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from fractions import Fraction
from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.captions import Cue, add_subtitle_track, film_cues, subtitle_packets
from pipeline.sound import FILM_RATE, film_audio, mastered_sound, sample_bounds, sound_path

if TYPE_CHECKING:
    from av.container import InputContainer
    from av.packet import Packet
    from av.stream import Stream
    from PIL.Image import Image


# The muxer's options: "faststart" moves the moov box to the front once the file is written.
MP4_OPTIONS = {"movflags": "faststart"}


@dataclass(frozen=True)
class Film:
    """What ``concatenate`` made: chapter starts, length, captions and how loud it is."""

    starts: list[float]  # seconds, one per chapter
    duration: float  # seconds of video
    cues: list[Cue]
    loudness: float | None  # LUFS integrated, of the decoded film; None without sound
    peak: float | None  # dBFS sample peak, of the decoded film; None without sound


# --- Durations -------------------------------------------------------------------------------
def video_length(path: Path) -> Fraction:
    """Exact duration in seconds of a video file's first video stream."""
    import av

    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        if stream.duration is not None:
            return stream.duration * stream.time_base
        return Fraction(container.duration, 1_000_000)


def frame_rate(path: Path) -> Fraction:
    """Frames a second of a video file's first video stream."""
    import av

    with av.open(str(path)) as container:
        return Fraction(container.streams.video[0].guessed_rate)


def top_level_boxes(path: Path, count: int = 3) -> list[str]:
    """The types of an MP4 file's first ``count`` top-level boxes, in file order: a film that
    streams reads ``ftyp``, ``moov``, then its media."""
    types: list[str] = []
    with path.open("rb") as file:
        while len(types) < count:
            header = file.read(8)
            if len(header) < 8:
                break
            size, kind = int.from_bytes(header[:4], "big"), header[4:].decode("latin-1")
            types.append(kind)
            if size == 1:  # a 64-bit size follows the type
                size = int.from_bytes(file.read(8), "big") - 8
            elif size == 0:  # the box runs to the end of the file
                break
            file.seek(size - 8, 1)
    return types


def video_duration(path: Path) -> float:
    """Duration in seconds of a video file's first video stream."""
    return float(video_length(path))


def chapter_bounds(lengths: list[Fraction]) -> list[Fraction]:
    """Each chapter's start in the film, then the film's end (seconds)."""
    bounds = [Fraction(0)]
    for length in lengths:
        bounds.append(bounds[-1] + length)
    return bounds


# --- The film --------------------------------------------------------------------------------
def chapter_markers(bounds: list[Fraction], titles: list[str]) -> list[dict]:
    """Chapter markers as PyAV's ``set_chapters`` takes them, in milliseconds."""
    time_base = Fraction(1, 1000)
    return [
        {
            "id": number,
            "start": round(start / time_base),
            "end": round(end / time_base),
            "time_base": time_base,
            "metadata": {"title": title},
        }
        for number, ((start, end), title) in enumerate(
            zip(pairwise(bounds), titles, strict=True), start=1
        )
    ]


def video_packets(clips: list[Path], bounds: list[Fraction], stream: Stream) -> Iterator[Packet]:
    """Every clip's video packets, untouched but for their timestamps, moved to the chapter's
    start, for ``stream``."""
    import av

    for clip, start in zip(clips, bounds[:-1], strict=True):
        with av.open(str(clip)) as container:
            source = container.streams.video[0]
            shift = round(start / source.time_base)
            for packet in container.demux(source):
                if packet.dts is None:  # demux's flushing packets
                    continue
                packet.pts += shift
                packet.dts += shift
                packet.stream = stream
                yield packet


def copied_packets(container: InputContainer, stream: Stream) -> Iterator[Packet]:
    """A container's first audio stream's packets, for ``stream`` (stream copy)."""
    for packet in container.demux(container.streams.audio[0]):
        if packet.dts is not None:
            packet.stream = stream
            yield packet


def mux_time(packet: Packet) -> Fraction:
    return packet.dts * packet.time_base


def concatenate(clips: list[Path], titles: list[str], output: Path) -> Film:
    """Join clips into ``output`` (written atomically): the video by stream copy with chapter
    markers, the sound joined in sync and mastered, the captions as a subtitle track.

    The captions are returned (``Film.cues``) for the sidecar files (``pipeline.captions``).
    """
    import av

    bounds = chapter_bounds([video_length(clip) for clip in clips])
    cues = film_cues(clips, bounds)
    audio = film_audio(clips, sample_bounds(bounds, FILM_RATE))
    mastered = mastered_sound(audio, sound_path(output)) if audio is not None else None
    output.parent.mkdir(parents=True, exist_ok=True)
    partial = output.with_name(f".{output.stem}.partial{output.suffix}")
    try:
        with ExitStack() as stack:
            first = stack.enter_context(av.open(str(clips[0])))
            dst = stack.enter_context(
                av.open(str(partial), mode="w", format="mp4", options=MP4_OPTIONS)
            )
            video = dst.add_stream_from_template(template=first.streams.video[0])
            streams = [video_packets(clips, bounds, video)]
            if mastered is not None:
                sound = stack.enter_context(av.open(io.BytesIO(mastered.m4a)))
                out = dst.add_stream_from_template(template=sound.streams.audio[0])
                streams.append(copied_packets(sound, out))
            if cues:
                text = add_subtitle_track(dst)
                streams.append(iter(subtitle_packets(text, cues)))
            dst.set_chapters(chapter_markers(bounds, titles))
            for packet in heapq.merge(*streams, key=mux_time):
                dst.mux(packet)
        partial.replace(output)
    finally:
        partial.unlink(missing_ok=True)
    return Film(
        starts=[float(start) for start in bounds[:-1]],
        duration=float(bounds[-1]),
        cues=cues,
        loudness=mastered.loudness if mastered else None,
        peak=mastered.peak if mastered else None,
    )


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
