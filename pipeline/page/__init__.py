"""The watch page: one static HTML file beside the video, with nothing to fetch but the video
(and, from a server, its ``.vtt``). Fonts and pictures are embedded as data URIs, so the page
works from a static host and opened from disk alike.

Chromium will not load a ``<track>`` from ``file://`` (each file is an origin of its own), so
the cues are embedded too: the script turns the ``<track>`` on only when served (it is not
``default``, which would make Chromium try, and log an error, from disk) and otherwise, or
when it fails or has no cues, adds the embedded cues as a text track. The transcript is always
drawn from the embedded cues.

The page's own code is in files beside this module, which an editor and a linter see:
``page.html`` (the template, ``string.Template`` placeholders), ``page.css`` and ``page.js``
(plain ES2017, no build step). They ship as package data (pyproject.toml).
"""

from __future__ import annotations

import base64
import html
import io
import json
import re
from collections.abc import Sequence
from pathlib import Path
from string import Template
from urllib.parse import quote

from pipeline.captions import Cue
from pipeline.published_text import SUMMARY, Link, clock, credits, one_line, sections, sources
from scenes.compute.explorables import figures
from scenes.compute.source import ARTICLE_TITLE
from scenes.fonts import FONT_FILES, FONTS_DIR, MONO, SANS

HERE = Path(__file__).resolve().parent  # page.html, page.css, page.js: shipped as package data
THUMBNAIL_ALT = "The title beside keys, their convex hull and the query that picks one"
STORYBOARD_QUALITY = 82  # JPEG: the storyboard's flat colours keep well, at a fifth the bytes

def asset(name: str) -> str:
    """One of the page's own files (the template, its style sheet, its script), as text."""
    return (HERE / name).read_text(encoding="utf-8")


def data_uri(mime: str, data: bytes) -> str:
    return f"data:{mime};base64,{base64.b64encode(data).decode()}"


def font_faces() -> str:
    """@font-face rules for the shipped fonts the page uses, embedded."""
    faces = [(SANS, 400, FONT_FILES[SANS][0]), (SANS, 700, FONT_FILES[SANS][1])]
    faces.append((MONO, 400, FONT_FILES[MONO][0]))
    rules = []
    for family, weight, name in faces:
        kind = "opentype" if name.endswith(".otf") else "truetype"
        uri = data_uri(f"font/{name.rsplit('.', 1)[1]}", (FONTS_DIR / name).read_bytes())
        rules.append(
            f'@font-face {{ font-family: "{family}"; font-weight: {weight}; '
            f'font-display: swap; src: url({uri}) format("{kind}"); }}'
        )
    return "\n".join(rules)


def as_jpeg(png: bytes) -> bytes:
    """A picture re-encoded as JPEG, to keep the page small."""
    from PIL import Image

    buffer = io.BytesIO()
    with Image.open(io.BytesIO(png)) as image:
        image.convert("RGB").save(buffer, format="JPEG", quality=STORYBOARD_QUALITY)
    return buffer.getvalue()


def link_item(link: Link) -> str:
    text = html.escape(link.text)
    if not link.url:
        return f"<li>{text}</li>"
    return f'<li><a href="{html.escape(link.url)}">{text}</a></li>'


def slug(title: str) -> str:
    """A chapter's name in a link (``#chapter=<slug>``): its title's words, lower case,
    joined by hyphens."""
    return "-".join(re.findall(r"[a-z0-9]+", title.lower()))


def page_data(
    starts: list[float], titles: list[str], cues: list[Cue], frame_rate: float = 30.0
) -> str:
    """What the script reads, as JSON safe inside a <script> element: the chapters (start in
    seconds, title, slug), the cues (seconds), one frame's length, and the figures' data
    (``scenes.compute.explorables``)."""
    data = {
        "chapters": [
            [start, title, slug(title)] for start, title in zip(starts, titles, strict=True)
        ],
        "cues": [[c.start / 1000, c.end / 1000, c.text] for c in cues],
        "frame": 1 / frame_rate,
        "figures": figures(),
    }
    return json.dumps(data, ensure_ascii=False).replace("</", "<\\/")


def watch_page(
    video_name: str,
    starts: list[float],
    titles: list[str],
    cues: list[Cue],
    palette: dict[str, str],
    poster_png: bytes,
    storyboard_png: bytes,
    *,
    thumbnail_name: str,
    downloads: Sequence[tuple[str, str]],
    frame_rate: float = 30.0,
) -> str:
    """The watch page's HTML: the film with captions under it, its chapters, the transcript
    (each chapter and line a link to its moment, ``#chapter=`` and ``#t=``; searchable,
    following the voice), downloads, the interactive figures, the
    storyboard, sources and credits, in the film's palette and fonts.

    ``thumbnail_name`` and ``downloads`` ((label, file name) pairs) name files beside the
    page: the thumbnail a shared link previews, the files a viewer may take away."""
    colours = "".join(f"--{role.lower()}: {colour}; " for role, colour in palette.items())
    vtt_name = quote(video_name.rsplit(".", 1)[0] + ".vtt")
    chapter_items = "\n".join(
        f'<li><a class="chapter" data-slug="{slug(title)}" href="#chapter={slug(title)}">'
        f'<span class="time">{clock(start)}</span>'
        f'<span class="title">{number}. {html.escape(title)}</span></a></li>'
        for number, (start, title) in enumerate(zip(starts, titles, strict=True), start=1)
    )
    transcript, index = [], 0
    for section in sections(cues, starts, titles):
        buttons = []
        for cue in section.cues:
            buttons.append(
                f'<a class="cue" id="cue-{index}" href="#t={cue.start / 1000:g}" '
                f'title="{clock(cue.start / 1000)}">{html.escape(one_line(cue.text))}</a>'
            )
            index += 1
        transcript.append(
            f'<section class="section"><h3>{section.number}. {html.escape(section.title)} '
            f'<span class="time">{clock(section.start)}</span></h3>'
            f"<p>{' '.join(buttons)}</p></section>"
        )
    title = html.escape(ARTICLE_TITLE)
    return Template(asset("page.html")).substitute(
        title=title,
        summary=html.escape(SUMMARY),
        style=f"{font_faces()}\n:root {{ {colours}color-scheme: dark; }}\n{asset('page.css')}",
        poster=data_uri("image/png", poster_png),
        video=quote(video_name),
        vtt=vtt_name,
        chapters=chapter_items,
        transcript="\n".join(transcript),
        storyboard=data_uri("image/jpeg", as_jpeg(storyboard_png)),
        sources="\n".join(link_item(link) for link in sources()),
        credits="\n".join(link_item(link) for link in credits()),
        thumbnail=quote(thumbnail_name),
        thumbnail_alt=html.escape(THUMBNAIL_ALT),
        downloads="\n".join(
            f'<li><a class="download" href="{quote(name)}" download>{html.escape(label)}</a></li>'
            for label, name in downloads
        ),
        data=page_data(starts, titles, cues, frame_rate),
        script=asset("page.js"),
    )
