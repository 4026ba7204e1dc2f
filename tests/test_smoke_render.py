"""Smoke render: the whole video at 480p15 through render.py, then real checks on its frames.

Key frames (one second before each chapter ends, on its final composition) are saved as PNG
under build/test-frames/ so CI keeps them for people to look at.
"""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import av
import numpy as np
import pytest
from PIL import ImageColor

import render
from scenes import CHAPTERS, theme

ROOT = Path(__file__).resolve().parent.parent
FRAMES_DIR = ROOT / "build" / "test-frames"
LOW = render.QUALITIES["l"]
KEY_FRAME_BEFORE_END = theme.FADE_TIME + 0.5  # inside every chapter's final hold


@pytest.fixture(scope="session")
def smoke_build(tmp_path_factory) -> tuple[Path, Path]:
    """Render every chapter at low quality with render.py; return (video, media dir)."""
    work = tmp_path_factory.mktemp("smoke")
    video, media = work / "video.mp4", work / "media"
    result = subprocess.run(
        [sys.executable, "render.py", "-q", "l", "--output", str(video), "--media-dir", str(media)],
        cwd=ROOT, capture_output=True, text=True,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"Wrote {video}" in result.stdout
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
    clips = [render.clip_path(media, c, LOW) for c in CHAPTERS]
    expected = [digest for clip in clips for digest in packet_digests(clip)]
    assert packet_digests(video) == expected  # same packets, same order: nothing re-encoded


def test_video_duration_is_the_sum_of_the_chapters(smoke_build):
    video, media = smoke_build
    parts = sum(render.video_duration(render.clip_path(media, c, LOW)) for c in CHAPTERS)
    assert render.video_duration(video) == pytest.approx(parts, abs=1.5 / LOW.fps)
    assert parts > 120, "the video runs two minutes or more"


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda c: c.scene)
def test_chapter_key_frame_is_a_real_picture(smoke_build, chapter):
    _, media = smoke_build
    clip = render.clip_path(media, chapter, LOW)
    at = render.video_duration(clip) - KEY_FRAME_BEFORE_END
    image = render.extract_frame(clip, at)
    FRAMES_DIR.mkdir(parents=True, exist_ok=True)
    image.save(FRAMES_DIR / f"{chapter.module}.png")

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
