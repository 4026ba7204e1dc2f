"""The smoke film's published files: the watch page driven in a real browser (Debian's
Chromium through Playwright), opened from disk and from a static server, and the thumbnail
and description beside it.

One browser for the module, one page per origin; screenshots at desktop and phone widths go
to build/ for people to look at.
"""

from __future__ import annotations

import math
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote

import av
import pytest
from conftest import build
from PIL import Image

from pipeline.captions import parse_sidecar
from pipeline.join import (
    frame_rate,
    read_chapter_markers,
    top_level_boxes,
    video_duration,
    youtube_timestamps,
)
from pipeline.publish import publish_paths
from pipeline.published_text import one_line
from pipeline.thumbnail import MAX_THUMBNAIL_BYTES, THUMBNAIL_SIZE, small
from scenes.chapters import CHAPTERS
from scenes.compute.explorables import POSITIONS, direction, loop_figure
from scenes.compute.hull import SCENE_KEYS, brute_force_argmax
from scenes.compute.source import ARTICLE_TITLE

pytestmark = pytest.mark.slow  # the smoke build, a real render
ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
# Debian's Chromium as root on a closed network: no sandbox, nothing fetched in the background.
CHROMIUM_FLAGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip
DESKTOP, PHONE = {"width": 1280, "height": 800}, {"width": 390, "height": 844}
SEEK_TOLERANCE = 0.05  # seconds


@pytest.fixture(scope="module")
def browser() -> Iterator:
    """Headless Chromium; missing, the tests fail saying how to install it (never skip)."""
    if not Path(CHROMIUM).is_file():
        pytest.fail(
            f"{CHROMIUM} is missing: run `make setup` (it installs the Debian package chromium)"
        )
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail("Playwright is missing: run `make setup` (it installs the dev extras)")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield chromium
        chromium.close()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def server(smoke_build) -> Iterator[str]:
    """``python -m http.server`` serving the smoke film's folder; yields its address."""
    port = free_port()
    folder = smoke_build[0].parent
    process = subprocess.Popen(
        [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1"],
        cwd=folder, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert time.monotonic() < deadline, "the static server did not start"
                time.sleep(0.1)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=10)


class WatchPage:
    """A page open on the watch page, with the errors its console reported."""

    def __init__(self, page, errors: list[str]) -> None:
        self.page, self.errors = page, errors

    def js(self, expression: str, arg=None):
        return self.page.evaluate(expression, arg)

    def seeks_to(self, seconds: float) -> None:
        """Wait until the film is at ``seconds`` (from a server that sends no parts of a file,
        the page first fetches the whole film)."""
        self.page.wait_for_function(
            f"Math.abs(document.getElementById('film').currentTime - {seconds}) < {SEEK_TOLERANCE}",
            timeout=30_000,
        )

    def active_cue(self) -> str | None:
        return self.js("(document.querySelector('.cue.active') || {}).id || null")


def opened(browser, url: str, viewport=DESKTOP):
    """A new page at ``url``, once the film's metadata is in; its console errors kept."""
    page = browser.new_page(viewport=viewport)
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(url)
    page.wait_for_function("document.getElementById('film').readyState >= 1", timeout=20_000)
    return WatchPage(page, errors)


@pytest.fixture(scope="module", params=["file", "http"])
def watch(request, browser, smoke_build, server) -> Iterator[WatchPage]:
    """The smoke film's watch page, opened from disk or from the static server."""
    page_file = publish_paths(smoke_build[0])["page"]
    url = page_file.as_uri() if request.param == "file" else f"{server}/{page_file.name}"
    watch = opened(browser, url)
    page = watch.page
    last = page.locator(".chapter").last
    last.click()  # seekable everywhere from now on (see WatchPage.seeks_to)
    watch.seeks_to(read_chapter_markers(smoke_build[0])[-1][0])
    yield watch
    page.close()


@pytest.fixture(scope="module")
def cues(smoke_build):
    return parse_sidecar(smoke_build[0].with_suffix(".vtt").read_text())


def test_video_loads_with_the_films_duration(watch, smoke_build):
    duration = watch.js("document.getElementById('film').duration")
    assert duration == pytest.approx(video_duration(smoke_build[0]), abs=0.1), (
        "Chromium did not load the H.264/AAC film (is it Debian's chromium, with its codecs?)"
    )


def test_captions_track_has_every_cue(watch, cues):
    """The track is loaded but hidden: the page writes the captions under the picture."""
    watch.page.wait_for_function(
        "n => Array.from(document.getElementById('film').textTracks)"
        ".some(t => t.mode === 'hidden' && t.cues && t.cues.length >= n)",
        arg=len(cues), timeout=10_000,
    )  # fmt: skip
    shown = watch.js(
        "Array.from(document.getElementById('film').textTracks)"
        ".filter(t => t.mode !== 'disabled')"
        ".map(t => [t.language, Array.from(t.cues).map(c => [c.startTime, c.endTime, c.text])])"
    )
    assert len(shown) == 1 and shown[0][0] == "en"
    assert [(round(s * 1000), round(e * 1000), t) for s, e, t in shown[0][1]] == [
        (c.start, c.end, c.text) for c in cues
    ]


WATCH_FRAMES = """() => {
  const film = document.getElementById('film');
  const shown = (now, frame) => {
    window.frameShown = frame.mediaTime;
    film.requestVideoFrameCallback(shown);
  };
  film.requestVideoFrameCallback(shown);
}"""


def test_clicking_a_chapter_lands_on_its_first_frame_and_marks_it(watch, smoke_build):
    """currentTime within 0.1 s of the chapter's start, and the frame on screen is the
    chapter's first (its time at or after the start), never the previous chapter's last."""
    video = smoke_build[0]
    starts = [start for start, _ in read_chapter_markers(video)]
    frame = 1 / float(frame_rate(video))
    buttons = watch.page.locator(".chapter")
    assert buttons.count() == len(CHAPTERS)
    watch.js(WATCH_FRAMES)
    for k in [*range(len(CHAPTERS)), 0]:
        watch.js("window.frameShown = null")
        buttons.nth(k).click()
        watch.page.wait_for_function(
            "([start, frame]) => { const film = document.getElementById('film');"
            " return !film.seeking && Math.abs(film.currentTime - start) < 0.1"
            " && window.frameShown !== null"
            " && window.frameShown > start - 1e-3 && window.frameShown < start + frame - 1e-3; }",
            arg=[starts[k], frame], timeout=30_000,
        )  # fmt: skip
        marked = watch.js(
            "Array.from(document.querySelectorAll('.chapter'))"
            ".map(b => b.getAttribute('aria-current') === 'true')"
        )
        assert marked == [i == k for i in range(len(CHAPTERS))]


def test_the_cue_being_spoken_is_highlighted_and_in_view(watch, cues):
    for index in (0, len(cues) // 2, len(cues) - 1):
        middle = (cues[index].start + cues[index].end) / 2000
        watch.js("t => { document.getElementById('film').currentTime = t; }", middle)
        watch.page.wait_for_function(
            "id => (document.querySelector('.cue.active') || {}).id === id", arg=f"cue-{index}"
        )
        box = watch.page.locator(f"#cue-{index}").bounding_box()
        lines = watch.page.locator("#lines").bounding_box()
        assert lines["y"] <= box["y"] and box["y"] + box["height"] <= lines["y"] + lines["height"]


def test_clicking_a_sentence_seeks_there(watch, cues):
    index = len(cues) // 3
    watch.page.locator(f"#cue-{index}").click()
    watch.seeks_to(cues[index].start / 1000)
    assert watch.active_cue() == f"cue-{index}"


def test_search_filters_the_transcript(watch, cues):
    word = "sudoku"
    expected = [i for i, cue in enumerate(cues) if word in one_line(cue.text).lower()]
    assert expected, "the smoke film should say the word searched for"
    search = watch.page.locator("#search")
    search.fill(word.upper())
    visible = watch.js(
        "Array.from(document.querySelectorAll('.cue'))"
        ".map((b, i) => [i, b.offsetParent !== null]).filter(p => p[1]).map(p => p[0])"
    )
    assert visible == expected
    marks = watch.js("Array.from(document.querySelectorAll('.cue mark')).map(m => m.textContent)")
    found = sum(one_line(cues[i].text).lower().count(word) for i in expected)
    assert len(marks) == found and all(m.lower() == word for m in marks)
    assert watch.page.locator("#search-status").inner_text().startswith(f"{len(expected)} of")
    search.fill("")
    assert watch.page.locator(".cue:visible").count() == len(cues)
    assert watch.page.locator(".cue mark").count() == 0
    assert watch.page.locator("#cue-0").inner_text() == one_line(cues[0].text)


def test_keyboard_reaches_and_uses_the_chapters(watch, smoke_build):
    starts = [start for start, _ in read_chapter_markers(smoke_build[0])]
    watch.page.locator(".chapter").nth(2).focus()
    watch.page.keyboard.press("Enter")
    watch.seeks_to(starts[2])
    outline = watch.js("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none", "a focused control must show it"


def test_layout_fits_desktop_and_phone_and_is_screenshotted(watch, request, cues):
    page = watch.page
    speaking = cues[len(cues) // 3]  # a frame with a caption and a highlighted line
    watch.js("t => { document.getElementById('film').currentTime = t; }", speaking.start / 1000 + 1)
    page.wait_for_function("(film => !film.seeking && film.readyState >= 2)(document.all.film)")
    page.evaluate("document.activeElement.blur()")  # no focus ring left by an earlier test
    for name, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        page.set_viewport_size(viewport)
        page.evaluate("window.scrollTo(0, 0)")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= viewport["width"], f"{name}: the page scrolls sideways"
        video = page.locator("#film").bounding_box()
        chapters = page.locator(".chapters").bounding_box()
        transcript = page.locator(".transcript").bounding_box()
        if name == "phone":  # stacked: film, chapters, transcript
            assert video["y"] + video["height"] <= chapters["y"]
            assert chapters["y"] + chapters["height"] <= transcript["y"]
        else:  # the transcript beside the film
            assert transcript["x"] >= video["x"] + video["width"]
        if request.node.callspec.params["watch"] == "http":
            page.screenshot(path=str(ROOT / "build" / f"watch-page-{name}.png"))
    page.set_viewport_size(DESKTOP)


def test_captions_show_under_the_picture_and_cc_turns_them_off(watch, cues):
    page = watch.page
    spoken = cues[len(cues) // 2]
    watch.js("t => { document.getElementById('film').currentTime = t; }", spoken.start / 1000 + 0.2)
    page.wait_for_function(
        "text => document.getElementById('caption').textContent === text", arg=spoken.text
    )
    video, caption = page.locator("#film").bounding_box(), page.locator("#caption").bounding_box()
    assert caption["y"] >= video["y"] + video["height"] - 1  # below, never over the picture
    page.locator("#cc").click()
    assert not page.locator("#caption").is_visible()
    assert page.locator("#cc").get_attribute("aria-pressed") == "false"
    page.locator("#film").focus()
    page.keyboard.press("c")
    assert page.locator("#caption").is_visible()


def test_keys_play_pause_skip_and_speed(watch):
    page = watch.page
    film = page.locator("#film")
    film.focus()
    watch.js("document.getElementById('film').currentTime = 30")
    watch.seeks_to(30)
    page.keyboard.press("ArrowRight")
    watch.seeks_to(35)
    page.keyboard.press("ArrowLeft")
    watch.seeks_to(30)
    watch.js("document.getElementById('film').muted = true")  # headless: no sound to play
    # the key asks the film to play, then to pause: counted by the film's own events, since
    # headless playback may stall, and from a server without byte ranges the page may swap in
    # the whole film and resume it afterwards
    watch.js(
        "window.events = []; const f = document.getElementById('film');"
        "f.addEventListener('play', () => events.push('play'));"
        "f.addEventListener('pause', () => events.push('pause'));"
    )
    page.keyboard.press(" ")
    page.wait_for_function("events.includes('play')")
    page.keyboard.press(" ")
    page.wait_for_function("events.indexOf('pause', events.indexOf('play')) > 0")
    for rate in ("0.75", "2", "1"):
        page.locator("#speed").select_option(rate)
        assert watch.js("document.getElementById('film').playbackRate") == float(rate)
    film.focus()
    page.keyboard.press("f")  # the picture and its captions, full screen
    page.wait_for_function("(document.fullscreenElement || {}).id === 'stage'")
    page.keyboard.press("f")
    page.wait_for_function("document.fullscreenElement === null")


def test_the_transcript_stops_following_when_the_reader_scrolls(watch, cues):
    page = watch.page

    def at(i: int) -> float:
        return (cues[i].start + cues[i].end) / 2000

    watch.js("t => { document.getElementById('film').currentTime = t; }", at(0))
    page.wait_for_function("(document.querySelector('.cue.active') || {}).id === 'cue-0'")
    assert not page.locator("#now").is_visible()
    page.locator("#lines").hover()
    page.mouse.wheel(0, 600)
    page.locator("#now").wait_for(state="visible")
    scrolled = watch.js("document.getElementById('lines').scrollTop")
    last = len(cues) - 1
    watch.js("t => { document.getElementById('film').currentTime = t; }", at(last))
    page.wait_for_function(f"(document.querySelector('.cue.active') || {{}}).id === 'cue-{last}'")
    assert watch.js("document.getElementById('lines').scrollTop") == scrolled  # left alone
    page.locator("#now").click()
    assert not page.locator("#now").is_visible()
    box, lines = page.locator(f"#cue-{last}").bounding_box(), page.locator("#lines").bounding_box()
    assert lines["y"] <= box["y"] and box["y"] + box["height"] <= lines["y"] + lines["height"]


def test_the_chapter_list_and_transcript_are_one_tab_stop_each(watch):
    page = watch.page
    page.locator(".chapter").nth(0).focus()
    page.keyboard.press("ArrowDown")
    assert watch.js("document.activeElement.dataset.slug") == watch.js(
        "document.querySelectorAll('.chapter')[1].dataset.slug"
    )
    page.keyboard.press("Tab")  # out of the list in one stop: the search box
    assert watch.js("document.activeElement.id") == "search"
    page.keyboard.press("Tab")  # the transcript: one stop, on one line
    assert watch.js("document.activeElement.classList.contains('cue')")
    page.keyboard.press("Home")
    assert watch.js("document.activeElement.id") == "cue-0"
    page.keyboard.press("ArrowDown")
    assert watch.js("document.activeElement.id") == "cue-1"
    page.keyboard.press("Tab")
    assert not watch.js("document.activeElement.classList.contains('cue')")
    stops = watch.js("document.querySelectorAll('.chapter[tabindex=\"0\"], .cue[tabindex=\"0\"]')")
    assert len(stops) == 2


def test_copy_link_gives_this_moment(watch):
    watch.js("document.getElementById('film').currentTime = 42.5")
    watch.seeks_to(42.5)
    watch.page.locator("#copy-link").click()
    watch.page.wait_for_function("document.getElementById('link-status').textContent !== ''")
    assert watch.page.locator("#link-status").inner_text().endswith("#t=42")


def test_dragging_the_query_selects_the_computed_argmax(watch):
    page = watch.page
    svg = page.locator("#hull-svg")
    svg.scroll_into_view_if_needed()
    start = int(svg.get_attribute("data-best"))
    handle = page.locator("#hull-svg .handle").bounding_box()
    box = svg.bounding_box()
    centre = (box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.move(handle["x"] + handle["width"] / 2, handle["y"] + handle["height"] / 2)
    page.mouse.down()
    seen = set()
    for dx, dy in ((-1, -0.2), (-0.5, 1), (1, 0.6)):  # to the left, down, right
        page.mouse.move(centre[0] + 150 * dx, centre[1] + 150 * dy, steps=5)
        degrees, best = int(svg.get_attribute("data-degrees")), int(svg.get_attribute("data-best"))
        assert degrees == round(math.degrees(math.atan2(-dy, dx))) % 360
        assert best == brute_force_argmax(SCENE_KEYS, direction(degrees))
        assert page.locator(f"#hull-key-{best}").get_attribute("class").endswith("best")
        seen.add(best)
    page.mouse.up()
    assert len(seen - {start}) >= 2  # the best key moved along the hull


def test_the_temperature_slider_turns_the_blend_into_a_hard_max(watch):
    page = watch.page
    weights = "Array.from(document.querySelectorAll('#softmax-reads .bar-row'))" \
        ".map(r => Number(r.dataset.weight))"  # fmt: skip
    before = watch.js(weights)
    slider = page.locator("#temperature")
    slider.focus()
    page.keyboard.press("End")  # the coldest: a hard max
    cold = watch.js(weights)
    assert cold != before and max(cold) > 0.999
    page.keyboard.press("Home")  # the hottest: a blend
    hot = watch.js(weights)
    assert max(hot) < max(before) < max(cold)


def test_stepping_the_trace_reaches_8(watch):
    page = watch.page
    page.locator("#trace-reset").click() if page.locator("#trace-reset").is_enabled() else None
    step = page.locator("#trace-step")
    clicks = 0
    while step.is_enabled():
        step.click()
        clicks += 1
        assert clicks <= 40
    assert clicks == 17  # 3 + 5's trace: 5 + 5 + 5 + out + halt tokens
    assert page.locator("#trace-output").inner_text() == "8"
    assert page.locator("#trace-stack").inner_text() == ""
    page.locator("#trace-back").click()
    page.locator("#trace-back").click()
    assert page.locator("#trace-stack span").all_inner_texts() == ["8"]


def test_on_the_parabola_the_asked_position_wins_on_the_line_an_end(watch):
    page = watch.page
    slider = page.locator("#position")
    slider.focus()
    page.keyboard.press("Home")
    svg = page.locator("#index-svg")
    for position in range(POSITIONS):
        assert int(svg.get_attribute("data-parabola")) == position
        assert int(svg.get_attribute("data-line")) in {0, POSITIONS - 1}
        page.keyboard.press("ArrowRight")


def test_the_loop_program_counts_down(watch):
    page = watch.page
    page.locator("#trace-program").select_option("loop")
    instructions = 0
    while page.locator("#trace-next").is_enabled():
        page.locator("#trace-next").click()
        instructions += 1
    assert instructions == len(loop_figure()["steps"])
    assert page.locator("#trace-output").inner_text() == "3, 2, 1"
    page.locator("#trace-program").select_option("trace")
    assert page.locator("#trace-output").inner_text() == "\u2014"  # a fresh start


def test_no_console_errors(watch):
    """Last of the page tests: every error logged while they ran."""
    assert watch.errors == []


@pytest.mark.parametrize("origin", ["file", "http"])
def test_a_link_opens_the_film_at_its_moment(browser, smoke_build, server, origin):
    video = smoke_build[0]
    page_file = publish_paths(video)["page"]
    url = page_file.as_uri() if origin == "file" else f"{server}/{page_file.name}"
    hull = next(i for i, c in enumerate(CHAPTERS) if "hull" in c.title.lower())
    hull_start = read_chapter_markers(video)[hull][0]
    assert video_duration(video) > 90
    links = [("t=90", 90), ("t=1m5s", 65), ("chapter=hull", hull_start)]
    for fragment, seconds in links if origin == "file" else links[:1]:  # served: fetches it all
        watch = opened(browser, f"{url}#{fragment}")
        try:
            watch.page.wait_for_function(
                f"Math.abs(document.getElementById('film').currentTime - {seconds}) < 0.1",
                timeout=30_000,
            )
            assert watch.errors == []
        finally:
            watch.page.close()


def test_tab_reaches_the_film_in_at_most_3_stops(browser, smoke_build):
    watch = opened(browser, publish_paths(smoke_build[0])["page"].as_uri())
    try:
        reached = []
        for _ in range(3):
            watch.page.keyboard.press("Tab")
            reached.append(watch.js("(e => e.id || e.className)(document.activeElement)"))
            if reached[-1] == "film":
                break
        assert reached[-1] == "film", reached
        assert reached[0] == "skip"  # a skip link first
        assert watch.js("getComputedStyle(document.activeElement).outlineStyle") != "none"
    finally:
        watch.page.close()


def test_on_a_phone_the_film_sticks_at_the_top(browser, smoke_build):
    watch = opened(browser, publish_paths(smoke_build[0])["page"].as_uri(), PHONE)
    try:
        watch.page.locator("#lines").scroll_into_view_if_needed()
        assert watch.js("window.scrollY") > 300
        video = watch.page.locator("#film").bounding_box()
        assert abs(video["y"]) < 2 and video["height"] > 150
        lines = watch.page.locator("#lines").bounding_box()
        assert lines["y"] >= video["y"] + video["height"]  # the transcript shows under it
    finally:
        watch.page.close()


def test_share_tags_and_downloads_point_at_built_files(smoke_build):
    page_file = publish_paths(smoke_build[0])["page"]
    text = page_file.read_text()
    meta = dict(re.findall(r'<meta (?:property|name)="([^"]*)" content="([^"]*)">', text))
    assert meta["og:title"] == meta["twitter:title"] == ARTICLE_TITLE
    assert meta["twitter:card"] == "summary_large_image" and meta["og:description"]
    assert unquote(meta["og:image"]) == publish_paths(smoke_build[0])["thumbnail"].name
    assert unquote(meta["og:video"]) == smoke_build[0].name
    for name in (meta["og:image"], meta["og:video"], meta["twitter:image"]):
        assert (page_file.parent / unquote(name)).is_file(), name
    downloads = re.findall(r'<a class="download" href="([^"]*)" download>', text)
    suffixes = sorted("".join(Path(unquote(name)).suffixes) for name in downloads)
    assert suffixes == [".chapters.txt", ".mp4", ".srt", ".transcript.md", ".vtt"]
    assert all((page_file.parent / unquote(name)).is_file() for name in downloads)


def test_the_film_streams_its_index_comes_first(smoke_build):
    """faststart: a browser reads the moov box (the index) before any media, so it plays and
    seeks before the whole file has arrived."""
    assert top_level_boxes(smoke_build[0], 2) == ["ftyp", "moov"]


def test_every_chapter_starts_on_a_key_frame(smoke_build):
    """A seek to a chapter decodes from its own first frame, not from the chapter before."""
    video = smoke_build[0]
    with av.open(str(video)) as container:
        stream = container.streams.video[0]
        keys = [
            float(packet.pts * stream.time_base)
            for packet in container.demux(stream)
            if packet.pts is not None and packet.is_keyframe
        ]
    for start, title in read_chapter_markers(video):
        assert min(abs(key - start) for key in keys) < 1e-3, title  # markers count in ms


def test_description_timestamps_are_the_films_chapter_markers(smoke_build):
    video = smoke_build[0]
    markers = read_chapter_markers(video)
    text = publish_paths(video)["description"].read_text()
    chapters = youtube_timestamps([s for s, _ in markers], [t for _, t in markers])
    assert f"\n{chapters}" in text
    lines = chapters.splitlines()
    assert lines[0].startswith("0:00 ") and len(lines) >= 3
    ends = [s for s, _ in markers[1:]] + [video_duration(video)]
    assert all(end - start >= 10 for (start, _), end in zip(markers, ends, strict=True))


def test_thumbnail_is_1280x720_under_2_mb(smoke_build):
    """And a 320 px copy goes to build/ for people to look at."""
    path = publish_paths(smoke_build[0])["thumbnail"]
    assert path.stat().st_size < MAX_THUMBNAIL_BYTES
    with Image.open(path) as image:
        assert image.size == THUMBNAIL_SIZE
    small(path.read_bytes()).save(ROOT / "build" / "thumbnail-320.png")


def test_transcript_has_every_cue_by_chapter(smoke_build, cues):
    text = publish_paths(smoke_build[0])["transcript"].read_text()
    assert text.count("\n## ") == len(CHAPTERS)
    assert all(one_line(cue.text) in text for cue in cues)


def test_published_files_are_kept_when_up_to_date_and_written_again_when_missing(smoke_build):
    """Last: it joins the smoke film again."""
    video, media = smoke_build
    paths = publish_paths(video).values()
    before = {path: (path.read_bytes(), path.stat().st_mtime_ns) for path in paths}
    assert f"Up to date: {video}" in build(video, media).stdout
    assert {path: (path.read_bytes(), path.stat().st_mtime_ns) for path in paths} == before
    publish_paths(video)["transcript"].unlink()
    assert f"Wrote {video}" in build(video, media).stdout
    assert {path: path.read_bytes() for path in paths} == {p: b for p, (b, _) in before.items()}
