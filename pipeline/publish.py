"""What goes out with the film, written beside it from the sources the film is made of (the
chapter list, the captions, the source's facts, the voice and font credits): a description a
video site reads chapters from, a transcript by chapter, a thumbnail and a watch page.

The texts are small pure functions of those facts, so they are tested without a render; the
watch page itself is assembled in ``pipeline.page``, the thumbnail drawn in
``pipeline.thumbnail``; ``write_published`` writes all four.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from pathlib import Path

from pipeline.captions import Cue
from pipeline.join import youtube_timestamps
from pipeline.plan import write_atomically
from scenes.compute.source import (
    ARTICLE_AUTHORS,
    ARTICLE_DATE,
    ARTICLE_TITLE,
    ARTICLE_URL,
    CODE_REPOSITORY,
    FOLLOW_UP,
    FOLLOW_UP_URL,
    PRIOR_WORK,
    SPEED_CLAIM,
    STEPS_CLAIM,
)
from scenes.fonts import FONT_FILES, FONTS_DIR
from scenes.voice import VOICE_CREDIT

MANIM_URL = "https://www.manim.community/"
SUMMARY = (
    f"An explainer of \u201c{ARTICLE_TITLE}\u201d ({ARTICLE_AUTHORS}, {ARTICLE_DATE}): a "
    "transformer whose weights are compiled, not trained, to run a WebAssembly interpreter, "
    "writing the program's execution trace token by token. "
    "Its 2-dimensional lookup heads find the best-matching key on the keys' convex hull in "
    f"O(log t) steps instead of t, so it runs {STEPS_CLAIM.lower()} of exact steps at "
    f"{SPEED_CLAIM} tokens a second on a CPU."
)


@dataclass(frozen=True)
class Link:
    """A credit or source: what it is, and where to find it (``url`` empty when nowhere)."""

    text: str
    url: str = ""


def code_link() -> Link:
    """The article's code: ``CODE_REPOSITORY`` is its address, then its licence."""
    address, licence = CODE_REPOSITORY.split(" ", 1)
    return Link(f"Code: {address.rsplit('/', 1)[-1]} {licence}", f"https://{address}")


def sources() -> list[Link]:
    """The work the film explains, then the work it builds on."""
    return [
        Link(f"\u201c{ARTICLE_TITLE}\u201d, {ARTICLE_AUTHORS}, {ARTICLE_DATE}", ARTICLE_URL),
        Link(f"Follow-up: {FOLLOW_UP}", FOLLOW_UP_URL),
        code_link(),
        *(Link(f"Prior work: {work.credit}") for work in PRIOR_WORK),
    ]


def font_licence(family: str) -> str:
    """A shipped font's licence, as its licence file's first ``License:`` field names it."""
    path = FONTS_DIR / f"LICENSE-{family.replace(' ', '')}.txt"
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("License:"):
            return line.removeprefix("License:").strip()
    raise ValueError(f"{path} names no licence")


def credits() -> list[Link]:
    """Who and what made the film: the voice, the fonts, the renderer."""
    fonts = [Link(f"Font: {family} ({font_licence(family)})") for family in FONT_FILES]
    return [
        Link(VOICE_CREDIT),
        *fonts,
        Link("Animated with Manim Community Edition (MIT)", MANIM_URL),
    ]


def clock(seconds: float) -> str:
    """``m:ss`` (``h:mm:ss`` past an hour), as the chapter timestamps count."""
    return youtube_timestamps([seconds], [""]).strip()


@dataclass(frozen=True)
class Section:
    """One chapter's part of the narration."""

    number: int
    title: str
    start: float  # seconds
    cues: list[Cue]


def sections(cues: list[Cue], starts: list[float], titles: list[str]) -> list[Section]:
    """The cues grouped by the chapter they start in (chapters start at ``starts``, seconds)."""
    grouped: list[list[Cue]] = [[] for _ in starts]
    for cue in cues:
        grouped[max(bisect.bisect_right(starts, cue.start / 1000) - 1, 0)].append(cue)
    return [
        Section(number, title, start, group)
        for number, (title, start, group) in enumerate(
            zip(titles, starts, grouped, strict=True), start=1
        )
    ]


def one_line(text: str) -> str:
    """A cue's lines as one line of prose."""
    return " ".join(text.split())


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


def write_published(video: Path, starts: list[float], titles: list[str], cues: list[Cue]) -> None:
    """Write the thumbnail, description, transcript and watch page beside ``video`` (each
    atomically); the video's storyboard must be written already, the page embeds it."""
    from pipeline.page import watch_page
    from pipeline.thumbnail import thumbnail
    from scenes.palette import palette

    paths = publish_paths(video)
    poster = thumbnail(palette())
    write_atomically(paths["thumbnail"], poster)
    write_atomically(paths["description"], description(starts, titles).encode())
    write_atomically(paths["transcript"], transcript_markdown(cues, starts, titles).encode())
    board = video.with_suffix(".storyboard.png").read_bytes()
    page = watch_page(video.name, starts, titles, cues, palette(), poster, board)
    write_atomically(paths["page"], page.encode())
