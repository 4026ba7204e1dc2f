"""What goes out with the film, written beside it from the sources the film is made of (the
chapter list, the captions, the source's facts, the voice and font credits): a description a
video site reads chapters from, a transcript by chapter, a thumbnail and a watch page.

The texts are small pure functions of those facts (shared with the page in
``pipeline.published_text``), so they are tested without a render; the watch page itself is
assembled in ``pipeline.page``, the thumbnail drawn in ``pipeline.thumbnail``;
``write_published`` writes all four.
"""

from __future__ import annotations

from pathlib import Path

from pipeline.captions import Cue, sidecar_paths
from pipeline.join import frame_rate, youtube_timestamps
from pipeline.page import watch_page
from pipeline.plan import write_atomically
from pipeline.published_text import (
    SUMMARY,
    Link,
    clock,
    credits,
    one_line,
    sections,
    sources,
)
from pipeline.thumbnail import thumbnail
from scenes.compute.source import ARTICLE_TITLE
from scenes.palette import palette


def link_line(link: Link) -> str:
    return f"{link.text}: {link.url}" if link.url else link.text


def description(starts: list[float], titles: list[str]) -> str:
    """The video site's description: summary, chapters (``.chapters.txt``'s lines, which the
    sites read as chapters), sources and credits."""
    return (
        f"{SUMMARY}\n\nChapters\n{youtube_timestamps(starts, titles)}\n"
        "Source\n" + "".join(f"{link_line(link)}\n" for link in sources()) + "\n"
        "Credits\n" + "".join(f"{link_line(link)}\n" for link in credits())
    )


def transcript_markdown(cues: list[Cue], starts: list[float], titles: list[str]) -> str:
    """The narration by chapter, each caption with the time it is spoken."""
    parts = [f"# {ARTICLE_TITLE}: transcript\n"]
    for section in sections(cues, starts, titles):
        parts.append(f"\n## {section.number}. {section.title} ({clock(section.start)})\n\n")
        parts += [f"- **{clock(c.start / 1000)}** {one_line(c.text)}\n" for c in section.cues]
    return "".join(parts)


def publish_paths(video: Path) -> dict[str, Path]:
    """Where each published file goes, beside the video."""
    return {
        "page": video.with_suffix(".html"),
        "thumbnail": video.with_suffix(".thumbnail.png"),
        "description": video.with_suffix(".description.txt"),
        "transcript": video.with_suffix(".transcript.md"),
    }


def downloads(video: Path) -> list[tuple[str, str]]:
    """What the watch page offers to download, all beside the video: (label, file name)."""
    srt_file, vtt_file = sidecar_paths(video)
    files = [
        ("Film (MP4)", video),
        ("Captions (.srt)", srt_file),
        ("Captions (.vtt)", vtt_file),
        ("Transcript (Markdown)", publish_paths(video)["transcript"]),
        ("Chapters (text)", chapters_path(video)),
    ]
    return [(label, path.name) for label, path in files]


def chapters_path(video: Path) -> Path:
    """The chapter timestamps beside the video, as video sites read them."""
    return video.with_suffix(".chapters.txt")


def write_published(video: Path, starts: list[float], titles: list[str], cues: list[Cue]) -> None:
    """Write the thumbnail, description, transcript and watch page beside ``video`` (each
    atomically); the video's storyboard must be written already, the page embeds it."""

    paths = publish_paths(video)
    poster = thumbnail(palette())
    write_atomically(paths["thumbnail"], poster)
    write_atomically(paths["description"], description(starts, titles).encode())
    write_atomically(paths["transcript"], transcript_markdown(cues, starts, titles).encode())
    board = video.with_suffix(".storyboard.png").read_bytes()
    page = watch_page(
        video.name, starts, titles, cues, palette(), poster, board,
        thumbnail_name=paths["thumbnail"].name,
        downloads=downloads(video),
        frame_rate=float(frame_rate(video)),
    )  # fmt: skip
    write_atomically(paths["page"], page.encode())
