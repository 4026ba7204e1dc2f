"""The film's captions: each chapter's cues (manim's subcaptions, ``<Scene>.srt`` beside its
clip) moved to where the chapter starts in the film, written beside the video as ``.srt`` and
``.vtt`` (what web players load) and carried inside the MP4 as a ``mov_text`` track.

Times are whole milliseconds, as SRT, WebVTT and the track all count them. A cue ends at the
end of its chapter at the latest (the chapter's sound is cut there too), so none runs into the
next chapter or past the film's end.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from fractions import Fraction
from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING

import srt

from pipeline.plan import write_atomically

if TYPE_CHECKING:
    from av.container import OutputContainer
    from av.packet import Packet
    from av.subtitles.stream import SubtitleStream

MILLISECOND = Fraction(1, 1000)
# The one style the mov_text track names (players draw it their own way); FFmpeg's default.
ASS_HEADER = """\
[Script Info]
ScriptType: v4.00+
PlayResX: 384
PlayResY: 288
ScaledBorderAndShadow: yes

[V4+ Styles]
Format: Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, OutlineColour, BackColour, \
Bold, Italic, Underline, StrikeOut, ScaleX, ScaleY, Spacing, Angle, BorderStyle, Outline, \
Shadow, Alignment, MarginL, MarginR, MarginV, Encoding
Style: Default,Arial,16,&Hffffff,&Hffffff,&H0,&H0,0,0,0,0,100,100,0,0,1,1,0,2,10,10,10,0

[Events]
Format: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text
"""


@dataclass(frozen=True)
class Cue:
    """One caption: shown from ``start`` to ``end`` (milliseconds), its lines joined by \\n."""

    start: int
    end: int
    text: str


def srt_path(clip: Path) -> Path:
    """Where manim writes a clip's subcaptions."""
    return clip.with_suffix(".srt")


def read_clip_cues(clip: Path) -> list[Cue]:
    """The cues of a clip's ``.srt`` in time order; none when it has none.

    An ``.srt`` older than its clip is left over from an earlier render (manim writes it only
    when a scene has subcaptions, after the video) and is ignored.
    """
    path = srt_path(clip)
    if not path.is_file() or path.stat().st_mtime_ns < clip.stat().st_mtime_ns:
        return []
    cues = [
        Cue(to_ms(item.start), to_ms(item.end), clean_text(item.content))
        for item in srt.parse(path.read_text(encoding="utf-8-sig"))
    ]
    return sorted((c for c in cues if c.text and c.end > c.start), key=lambda c: c.start)


def to_ms(delta: datetime.timedelta) -> int:
    return round(delta / datetime.timedelta(milliseconds=1))


def clean_text(text: str) -> str:
    """The cue's lines as written, without blank lines (they would end a cue in SRT/VTT)."""
    return "\n".join(line.strip() for line in text.splitlines() if line.strip())


def shift_cues(cues: list[Cue], start: Fraction | float, end: Fraction | float) -> list[Cue]:
    """A chapter's cues moved to its place in the film, ``start`` to ``end`` (seconds): each is
    clipped to the chapter's end, and one starting at or after it is dropped."""
    offset = round(Fraction(start) / MILLISECOND)
    last = round(Fraction(end) / MILLISECOND)
    moved = [Cue(offset + c.start, min(offset + c.end, last), c.text) for c in cues]
    return [c for c in moved if c.end > c.start]


def film_cues(clips: list[Path], bounds: list[Fraction]) -> list[Cue]:
    """Every chapter's cues in film time; ``bounds`` are the chapters' starts and the end."""
    return [
        cue
        for clip, (start, end) in zip(clips, pairwise(bounds), strict=True)
        for cue in shift_cues(read_clip_cues(clip), start, end)
    ]


# --- Sidecar files ---------------------------------------------------------------------------
def timestamp(ms: int, separator: str) -> str:
    hours, rest = divmod(ms, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    seconds, millis = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{seconds:02d}{separator}{millis:03d}"


def to_srt(cues: list[Cue]) -> str:
    return "".join(
        f"{number}\n{timestamp(c.start, ',')} --> {timestamp(c.end, ',')}\n{c.text}\n\n"
        for number, c in enumerate(cues, start=1)
    )


def to_vtt(cues: list[Cue]) -> str:
    def escape(text: str) -> str:  # WebVTT cue text is markup: &, < and > are escaped
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

    return "WEBVTT\n\n" + "".join(
        f"{timestamp(c.start, '.')} --> {timestamp(c.end, '.')}\n{escape(c.text)}\n\n" for c in cues
    )


def sidecar_paths(video: Path) -> tuple[Path, Path]:
    return video.with_suffix(".srt"), video.with_suffix(".vtt")


def write_sidecars(video: Path, cues: list[Cue]) -> tuple[Path, Path]:
    """Write ``<video>.srt`` and ``<video>.vtt`` (each atomically; empty of cues if none)."""
    srt_file, vtt_file = sidecar_paths(video)
    write_atomically(srt_file, to_srt(cues).encode())
    write_atomically(vtt_file, to_vtt(cues).encode())
    return srt_file, vtt_file


def parse_sidecar(text: str) -> list[Cue]:
    """Cues back from an ``.srt`` or ``.vtt`` this module wrote (for checks and tests)."""
    if not text.startswith("WEBVTT"):
        return [Cue(to_ms(c.start), to_ms(c.end), c.content) for c in srt.parse(text)]
    cues = []
    blocks = text.removeprefix("WEBVTT").strip()
    for block in blocks.split("\n\n") if blocks else []:
        timing, _, lines = block.partition("\n")
        start, _, end = timing.partition(" --> ")
        lines = lines.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
        cues.append(Cue(vtt_ms(start), vtt_ms(end), lines))
    return cues


def vtt_ms(stamp: str) -> int:
    hours, minutes, seconds = stamp.split(":")
    whole, millis = seconds.split(".")
    return ((int(hours) * 60 + int(minutes)) * 60 + int(whole)) * 1000 + int(millis)


# --- The MP4's subtitle track ----------------------------------------------------------------
def track_cues(cues: list[Cue]) -> list[Cue]:
    """The cues as a ``mov_text`` track can hold them: one at a time, so a cue that overlaps
    the next ends where the next begins (sidecar files keep the overlap)."""
    kept = [
        Cue(c.start, min(c.end, following.start), c.text) for c, following in pairwise(cues)
    ] + cues[-1:]
    return [c for c in kept if c.end > c.start]


def add_subtitle_track(container: OutputContainer) -> SubtitleStream:
    """A ``mov_text`` stream (MP4's own text track) in milliseconds, in English."""
    stream = container.add_stream("mov_text")
    stream.time_base = MILLISECOND
    stream.codec_context.subtitle_header = ASS_HEADER.encode()
    stream.metadata["language"] = "eng"
    return stream


def ass_text(text: str) -> str:
    """Cue text as an ASS event's text: lines joined by ``\\N``. (ASS has no escapes: a
    ``{\\`` would open a style override, a ``\\N`` break a line; narration has neither.)"""
    return text.replace("\n", "\\N")


def subtitle_packets(stream: SubtitleStream, cues: list[Cue]) -> list[Packet]:
    """The track's packets, one per cue, ready to mux."""
    from av.subtitles.subtitle import SubtitleSet

    packets = []
    for order, cue in enumerate(track_cues(cues)):
        event = f"{order},0,Default,,0,0,0,,{ass_text(cue.text)}".encode()
        subtitle = SubtitleSet.create(text=event, start=0, end=cue.end - cue.start, pts=cue.start)
        packet = stream.codec_context.encode_subtitle(subtitle)
        packet.stream = stream
        packet.time_base = MILLISECOND
        packets.append(packet)
    return packets


def read_subtitle_track(path: Path) -> list[Cue]:
    """The cues of a video's first subtitle track, decoded (for checks and tests)."""
    import av

    cues = []
    with av.open(str(path)) as container:
        if not container.streams.subtitles:
            return []
        stream = container.streams.subtitles[0]
        for packet in container.demux(stream):
            if packet.pts is None:
                continue
            start = round(packet.pts * packet.time_base / MILLISECOND)
            end = start + round(packet.duration * packet.time_base / MILLISECOND)
            for subtitle in packet.decode():
                text = subtitle.ass.decode().split(",", 8)[-1].replace("\\N", "\n")
                if text:
                    cues.append(Cue(start, end, text))
    return cues
