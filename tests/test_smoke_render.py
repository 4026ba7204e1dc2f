"""Smoke render: the whole video at 480p15 through render.py, then real checks on the video,
its chapter markers, and its frames. Every test here uses that build, so all are ``slow``.

The build lives in build/smoke/ and is kept between runs: like any build, a second run
re-renders only the chapters that changed (none, when nothing did). Key frames (one second
before each chapter ends, on its final composition) are copied to build/test-frames/ so CI
keeps them for people to look at.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import time
from pathlib import Path

import av
import numpy as np
import pytest
from conftest import build, build_command
from PIL import Image, ImageColor

from pipeline.captions import parse_sidecar
from pipeline.join import read_chapter_markers, video_duration
from pipeline.loudness import (
    CEILING_DBFS,
    TARGET_LUFS,
    TOLERANCE_LU,
    integrated_loudness,
    peak_dbfs,
)
from pipeline.plan import clip_path, quality_presets
from pipeline.sound import FILM_RATE, decode_audio
from pipeline.storyboard import STORYBOARD_COLUMNS, STORYBOARD_TILE_WIDTH, key_frame_path
from scenes import palette
from scenes.chapters import CHAPTERS

pytestmark = pytest.mark.slow  # every test here uses the smoke build, a real render
ROOT = Path(__file__).resolve().parent.parent
FRAMES_DIR = ROOT / "build" / "test-frames"
LOW = quality_presets()["l"]


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
    assert f"Up to date: {video}" in result.stdout  # nothing to join again either
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
    background = np.array(ImageColor.getrgb(palette.BACKGROUND))
    corners = [pixels[2, 2], pixels[2, -3], pixels[-3, 2], pixels[-3, -3]]
    for corner in corners:
        assert np.abs(corner - background).max() <= 3, f"corner {corner} is not the background"
    drawn = np.abs(pixels - background).max(axis=2) > 40
    assert drawn.mean() > 0.01, "the key frame is (nearly) blank"
    distinct = np.unique(pixels[drawn].reshape(-1, 3) // 16, axis=0)
    assert len(distinct) >= 4, "expected text and shapes in several colours"


def test_a_second_build_waits_for_the_first_and_then_finds_it_done(smoke_build, lock_holder):
    """Two builds in one folder (two terminals, an editor's build beside a manual one): the
    second waits, naming the first, touches nothing meanwhile, then finds the work done."""
    video, media = smoke_build
    before = video.read_bytes()
    first = lock_holder(media)  # a process holding the build lock, as a running build does
    second = subprocess.Popen(
        build_command(video, media), cwd=ROOT, text=True,
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )  # fmt: skip
    assert second.stdout.readline() == (
        f"Waiting for the build in {media.relative_to(ROOT)}/ (pid {first.pid}) to finish\n"
    )
    time.sleep(1)
    assert second.poll() is None and video.read_bytes() == before
    first.communicate("\n", timeout=10)
    out, _ = second.communicate(timeout=120)
    assert second.returncode == 0, out
    assert f"Up to date: {video}" in out and "failed" not in out


# --- The narrated film: sound and captions -----------------------------------------------------
@pytest.fixture(scope="session")
def film_sound(smoke_build) -> np.ndarray:
    """The smoke film's sound, decoded once for every test that listens to it."""
    audio = decode_audio(smoke_build[0])
    assert audio is not None, "the film has no sound"
    return audio


def decoded_audio(film_sound: np.ndarray) -> tuple[np.ndarray, int]:
    """The film's sound as float samples (channels, n) and its rate."""
    return film_sound, FILM_RATE


def test_the_film_speaks_as_long_as_it_shows(smoke_build, film_sound):
    video, _ = smoke_build
    audio, rate = decoded_audio(film_sound)
    assert audio.shape[1] / rate == pytest.approx(video_duration(video), abs=1 / LOW.fps)


def test_every_chapters_sound_ends_with_its_picture(smoke_build, film_sound):
    """The join fits each chapter's sound to its video: the film's chapters start where the
    markers say, and its sound lasts to the last frame of the last one."""
    video, media = smoke_build
    durations = [video_duration(clip_path(media, c, LOW)) for c in CHAPTERS]
    starts = [start for start, _ in read_chapter_markers(video)]
    for chapter, start, duration, following in zip(
        CHAPTERS, starts, durations, [*starts[1:], None], strict=True
    ):
        end = following if following is not None else video_duration(video)
        assert end - start == pytest.approx(duration, abs=1 / LOW.fps), chapter.scene
    audio, rate = decoded_audio(film_sound)
    last_second = audio[:, -rate:]
    assert np.abs(audio).max() > 0.1 and last_second.shape[1] == rate


def test_the_film_is_at_minus_16_lufs_with_peaks_under_minus_1_dbfs(film_sound):
    audio, rate = decoded_audio(film_sound)
    assert integrated_loudness(audio, rate) == pytest.approx(TARGET_LUFS, abs=TOLERANCE_LU)
    assert peak_dbfs(audio) <= CEILING_DBFS + 1e-3


def spoken_captions(dry_runs) -> dict[str, str]:
    """Each chapter's captions as its dry run said them, words joined by single spaces."""
    return {
        chapter.scene: " ".join(" ".join(line.caption for line in run.lines).split())
        for chapter, run in dry_runs.items()
    }


def test_the_captions_are_the_script_in_order_and_inside_the_film(smoke_build, dry_runs):
    video, _ = smoke_build
    cues = parse_sidecar(video.with_suffix(".srt").read_text())
    assert parse_sidecar(video.with_suffix(".vtt").read_text()) == cues
    length_ms = video_duration(video) * 1000
    assert all(0 <= cue.start < cue.end <= length_ms + 1 for cue in cues)
    assert all(
        len(lines) <= 2 and all(len(line) <= 42 for line in lines)
        for lines in (cue.text.split("\n") for cue in cues)
    )
    starts = [start * 1000 for start, _ in read_chapter_markers(video)] + [length_ms + 1]
    expected = spoken_captions(dry_runs)
    for chapter, begin, end in zip(CHAPTERS, starts, starts[1:], strict=False):
        said = " ".join(" ".join(c.text.split()) for c in cues if begin <= c.start < end)
        assert said == expected[chapter.scene], chapter.scene


def test_the_mp4_carries_the_captions_as_a_subtitle_track(smoke_build):
    video, _ = smoke_build
    cues = parse_sidecar(video.with_suffix(".srt").read_text())
    with av.open(str(video)) as container:
        (track,) = container.streams.subtitles
        assert track.codec_context.name == "mov_text"
        subtitles = [sub for packet in container.demux(track) for sub in packet.decode()]
    shown = [sub.ass.decode().split(",", 8)[-1] for sub in subtitles if sub.ass]
    assert shown == [cue.text.replace("\n", "\\N") for cue in cues]
