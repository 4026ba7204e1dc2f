"""The facts every published text is made of, shared by the description and transcript
(``pipeline.publish``) and the watch page (``pipeline.page``): the summary, the sources and
credits as links, the narration grouped by chapter, and how times and lines are written.

Small pure functions of the source's facts, the captions and the shipped files; nothing here
imports the page or the publishing, so both can import it.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from pipeline.captions import Cue
from pipeline.join import youtube_timestamps
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
