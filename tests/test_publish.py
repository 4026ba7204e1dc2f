"""What is published beside the film (description, transcript, thumbnail, watch page), made
from small made-up inputs: fast, no render."""

from __future__ import annotations

import io
import json
import re

import numpy as np
import pytest
from PIL import Image, ImageColor

from pipeline.captions import Cue
from pipeline.join import youtube_timestamps
from pipeline.page import page_data, slug, watch_page
from pipeline.plan import ROOT, project_imports
from pipeline.publish import description, publish_paths, transcript_markdown
from pipeline.published_text import ARTICLE_URL, clock, credits, font_licence, sections
from pipeline.thumbnail import (
    MAX_THUMBNAIL_BYTES,
    SMALL_WIDTH,
    THUMBNAIL_SIZE,
    small,
    thumbnail,
    wrap,
)
from scenes import palette
from scenes.compute.explorables import figures
from scenes.compute.source import ARTICLE_AUTHORS, ARTICLE_DATE, ARTICLE_TITLE
from scenes.voice import VOICE_CREDIT

STARTS = [0.0, 12.5, 75.0]
TITLES = ["Opening", "Middle <part>", "End & after"]
CUES = [
    Cue(100, 2000, "First line,\nsecond half."),
    Cue(12_500, 14_000, "Starts the middle."),
    Cue(20_000, 22_000, "Has a </script> in it."),
    Cue(3_700_000, 3_701_000, "An hour in."),
]


def test_cues_are_grouped_by_the_chapter_they_start_in():
    grouped = sections(CUES, STARTS, TITLES)
    assert [s.title for s in grouped] == TITLES
    assert [len(s.cues) for s in grouped] == [1, 2, 1]
    assert grouped[1].number == 2 and grouped[1].start == 12.5


def test_clock_counts_as_the_chapter_timestamps_do():
    assert clock(0) == "0:00" and clock(75.9) == "1:15" and clock(3700) == "1:01:40"


def test_description_has_summary_chapters_source_and_credits():
    text = description(STARTS, TITLES)
    summary = text.split("\n\n")[0]
    assert summary.count(". ") == 1 and summary.endswith(".")  # two sentences
    assert youtube_timestamps(STARTS, TITLES) in text  # the .chapters.txt lines
    assert ARTICLE_TITLE in text and ARTICLE_AUTHORS in text and ARTICLE_DATE in text
    assert ARTICLE_URL in text and VOICE_CREDIT in text
    assert "Inter (OFL-1.1" in text and "JetBrains Mono (Apache-2" in text


def test_font_licences_are_read_from_the_shipped_files():
    assert font_licence("Inter").startswith("OFL-1.1")
    assert any("JetBrains Mono" in link.text for link in credits())


def test_transcript_lists_every_cue_under_its_chapter_with_its_time():
    text = transcript_markdown(CUES, STARTS, TITLES)
    assert "## 2. Middle <part> (0:12)" in text
    assert "- **0:00** First line, second half.\n" in text
    assert "- **1:01:40** An hour in.\n" in text
    assert text.index("Starts the middle") < text.index("## 3.")


def test_published_files_sit_beside_the_video(tmp_path):
    paths = publish_paths(tmp_path / "film.mp4")
    assert sorted(p.name for p in paths.values()) == [
        "film.description.txt", "film.html", "film.thumbnail.png", "film.transcript.md",
    ]  # fmt: skip


def test_thumbnail_is_1280x720_png_under_2_mb():
    data = thumbnail(palette.palette())
    assert len(data) < MAX_THUMBNAIL_BYTES
    with Image.open(io.BytesIO(data)) as image:
        assert image.format == "PNG" and image.size == THUMBNAIL_SIZE
        assert image.convert("RGB").getpixel((5, 5)) == ImageColor.getrgb(palette.BACKGROUND)


def test_thumbnail_draws_the_computed_lookup():
    """The key ringed is the one the hull lookup finds: another query rings another key."""
    assert thumbnail(palette.palette(), query=(-1.0, 0.0)) != thumbnail(palette.palette())


def near(image: np.ndarray, colour: str, within: int = 90) -> np.ndarray:
    """Which pixels are close to ``colour``."""
    return np.abs(image.astype(int) - ImageColor.getrgb(colour)).sum(axis=-1) < within


def runs(flags: np.ndarray) -> list[tuple[int, int]]:
    """The [start, end) runs of True in a 1-D array."""
    edges = np.diff(np.concatenate([[0], flags.astype(int), [0]]))
    return list(zip(np.flatnonzero(edges == 1), np.flatnonzero(edges == -1), strict=True))


def test_thumbnail_reads_at_320_px():
    """Shrunk to 320x180 as a site shows it: three lines of title with letters at least 16 px
    tall, the hull's outline crossing the picture's middle row twice, the best key ringed."""
    image = np.asarray(small(thumbnail(palette.palette())))
    assert image.shape[:2] == (180, SMALL_WIDTH)
    half = SMALL_WIDTH // 2
    lines = runs(near(image[:, :half], palette.ACCENT).any(axis=1))
    assert len(lines) == 3 and all(end - start >= 16 for start, end in lines), lines
    assert len(runs(near(image[90, half:], palette.SECONDARY))) >= 2  # the hull's two sides
    assert near(image[:, half:], palette.HIGHLIGHT).sum() >= 30  # the best key, a visible dot
    assert near(image[:, half:], palette.QUERY).sum() >= 30  # the query's arrow


def test_wrap_breaks_between_words():
    assert wrap("Can LLMs Be Computers?", lambda line: len(line) <= 10) == [
        "Can LLMs", "Be", "Computers?",
    ]  # fmt: skip


DOWNLOADS = [("Film", "my film.mp4"), ("Captions", "my film.srt")]


@pytest.fixture(scope="module")
def page() -> str:
    poster = thumbnail(palette.palette())
    return watch_page(
        "my film.mp4", STARTS, TITLES, CUES, palette.palette(), poster, poster,
        thumbnail_name="my film.thumbnail.png", downloads=DOWNLOADS, frame_rate=15,
    )  # fmt: skip


def test_page_fetches_nothing_but_the_video_and_its_captions(page):
    fetched = re.findall(r'(?:src|<link [^>]*href)="([^"]*)"|url\(([^)]*)\)', page)
    resources = {a or b for a, b in fetched if not (a or b).startswith(("data:", "#"))}
    assert resources == {"my%20film.mp4", "my%20film.vtt"}
    links = set(re.findall(r'<a href="([^"]*)"', page)) - {"#film"}  # the skip link
    assert all(link.startswith("https://") for link in links)
    downloads = set(re.findall(r'<a class="download" href="([^"]*)" download>', page))
    assert downloads == {"my%20film.mp4", "my%20film.srt"}  # files beside the page


def meta_tags(page: str) -> dict[str, str]:
    return dict(re.findall(r'<meta (?:property|name)="([^"]*)" content="([^"]*)">', page))


def test_page_has_open_graph_and_twitter_cards(page):
    meta = meta_tags(page)
    assert meta["og:title"] == meta["twitter:title"] == ARTICLE_TITLE
    assert meta["og:description"].startswith("An explainer of")
    assert meta["og:image"] == meta["twitter:image"] == "my%20film.thumbnail.png"
    assert meta["og:video"] == "my%20film.mp4" and meta["og:video:type"] == "video/mp4"
    assert meta["twitter:card"] == "summary_large_image"


def test_every_chapter_and_line_links_to_its_moment(page):
    assert re.findall(r'class="cue" id="cue-\d+" href="#t=([^"]*)"', page) == [
        "0.1", "12.5", "20", "3700",
    ]  # fmt: skip
    assert 'href="#chapter=middle-part"' in page


def test_chapters_have_link_names():
    assert slug("2D heads and the convex hull") == "2d-heads-and-the-convex-hull"
    assert slug("Tool use vs in-model execution") == "tool-use-vs-in-model-execution"


def test_page_embeds_every_cue_and_chapter_safely(page):
    assert "</script> in it" not in page  # escaped: it would end the script element
    embedded = re.search(r'id="film-data">(.*?)</script>', page, re.S).group(1)
    data = json.loads(embedded)
    assert data["chapters"] == [[s, t, slug(t)] for s, t in zip(STARTS, TITLES, strict=True)]
    assert data["frame"] == pytest.approx(1 / 15)
    assert data["figures"] == json.loads(json.dumps(figures()))  # exported, not retyped
    assert [c[2] for c in data["cues"]] == [c.text for c in CUES]
    assert page.count('class="cue"') == len(CUES)
    assert page.count('class="chapter"') == len(TITLES)


def test_page_uses_the_theme_palette_and_shipped_fonts(page):
    for role, colour in palette.palette().items():
        assert f"--{role.lower()}: {colour};" in page
    assert page.count("@font-face") == 3 and "url(data:font/otf;base64," in page
    assert "Middle &lt;part&gt;" in page  # titles are escaped


def test_page_data_escapes_closing_tags():
    assert "</" not in page_data([0.0], ["a</b"], [Cue(0, 1, "</script>")])


def test_the_page_and_the_publishing_import_no_circle():
    """publish imports the page; the page imports only the shared texts, never publish."""
    page = project_imports(ROOT / "pipeline/page/__init__.py", ROOT)
    publish = project_imports(ROOT / "pipeline/publish.py", ROOT)
    assert ROOT / "pipeline/publish.py" not in page
    assert ROOT / "pipeline/page/__init__.py" in publish
    assert ROOT / "pipeline/published_text.py" in page
