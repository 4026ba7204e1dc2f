"""Smoke render: the whole video at 480p15 through render.py, then real checks on the video,
its chapter markers, and its frames. Every test here uses that build, so all are ``slow``.

Key frames (one second before each chapter ends, on its final composition) are copied to
build/test-frames/ so CI keeps them for people to look at.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
from pathlib import Path

import av
import numpy as np
import pytest
from PIL import Image, ImageColor

from pipeline.join import read_chapter_markers, video_duration
from pipeline.plan import clip_path, quality_presets
from pipeline.storyboard import STORYBOARD_COLUMNS, STORYBOARD_TILE_WIDTH, key_frame_path
from scenes import theme
from scenes.chapters import CHAPTERS

pytestmark = pytest.mark.slow  # every test here uses the smoke build, a real render
ROOT = Path(__file__).resolve().parent.parent
FRAMES_DIR = ROOT / "build" / "test-frames"
LOW = quality_presets()["l"]


def build(video: Path, media: Path) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [sys.executable, "render.py", "-q", "l", "--output", str(video), "--media-dir", str(media)],
        cwd=ROOT, capture_output=True, text=True,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"Wrote {video}" in result.stdout
    return result


@pytest.fixture(scope="session")
def smoke_build(tmp_path_factory) -> tuple[Path, Path]:
    """Render every chapter at low quality with render.py; return (video, media dir)."""
    work = tmp_path_factory.mktemp("smoke")
    video, media = work / "video.mp4", work / "media"
    build(video, media)
    return video, media


def packet_digests(path: Path) -> list[str]:
    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        return [
            hashlib.sha1(bytes(packet)).hexdigest()
            for packet in container.demux(stream)
            if packet.size
        ]


def test_video_is_the_chapters_in_order_by_stream_copy(smoke_build):
    video, media = smoke_build
    clips = [clip_path(media, c, LOW) for c in CHAPTERS]
    expected = [digest for clip in clips for digest in packet_digests(clip)]
    assert packet_digests(video) == expected  # same packets, same order: nothing re-encoded


def test_video_duration_is_the_sum_of_the_chapters(smoke_build):
    video, media = smoke_build
    parts = sum(video_duration(clip_path(media, c, LOW)) for c in CHAPTERS)
    assert video_duration(video) == pytest.approx(parts, abs=1.5 / LOW.fps)
    assert parts > 120, "the video runs two minutes or more"


def test_video_carries_chapter_markers_and_timestamps(smoke_build):
    video, media = smoke_build
    durations = [video_duration(clip_path(media, c, LOW)) for c in CHAPTERS]
    starts = [sum(durations[:i]) for i in range(len(CHAPTERS))]
    markers = read_chapter_markers(video)
    assert [title for _, title in markers] == [c.title for c in CHAPTERS]
    assert [start for start, _ in markers] == pytest.approx(starts, abs=0.002)
    lines = video.with_suffix(".chapters.txt").read_text().splitlines()
    assert lines[0] == f"0:00 {CHAPTERS[0].title}"
    assert [line.split(" ", 1)[1] for line in lines] == [c.title for c in CHAPTERS]


def test_storyboard_has_a_tile_per_chapter(smoke_build):
    video, _ = smoke_build
    with Image.open(video.with_suffix(".storyboard.png")) as sheet:
        rows = -(-len(CHAPTERS) // STORYBOARD_COLUMNS)
        assert sheet.width == STORYBOARD_COLUMNS * STORYBOARD_TILE_WIDTH
        assert sheet.height > rows * STORYBOARD_TILE_WIDTH * LOW.height / LOW.width


def test_a_rebuild_with_nothing_changed_reuses_every_clip(smoke_build):
    video, media = smoke_build
    before = packet_digests(video)
    result = build(video, media)
    assert f"0 to render, {len(CHAPTERS)} reused" in result.stdout
    assert result.stdout.count(" reused\n") == len(CHAPTERS)  # the summary table
    assert packet_digests(video) == before


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda c: c.scene)
def test_chapter_key_frame_is_a_real_picture(smoke_build, chapter):
    _, media = smoke_build
    key_frame = key_frame_path(clip_path(media, chapter, LOW))
    FRAMES_DIR.mkdir(parents=True, exist_ok=True)
    shutil.copy(key_frame, FRAMES_DIR / f"{chapter.module}.png")
    image = Image.open(key_frame)

    assert image.size == (LOW.width, LOW.height)
    pixels = np.asarray(image.convert("RGB")).astype(int)
    background = np.array(ImageColor.getrgb(theme.BACKGROUND))
    corners = [pixels[2, 2], pixels[2, -3], pixels[-3, 2], pixels[-3, -3]]
    for corner in corners:
        assert np.abs(corner - background).max() <= 3, f"corner {corner} is not the background"
    drawn = np.abs(pixels - background).max(axis=2) > 40
    assert drawn.mean() > 0.01, "the key frame is (nearly) blank"
    distinct = np.unique(pixels[drawn].reshape(-1, 3) // 16, axis=0)
    assert len(distinct) >= 4, "expected text and shapes in several colours"
