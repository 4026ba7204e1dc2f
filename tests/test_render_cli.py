"""render.py's command line: listing, presets and the errors a user can make."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from manim.constants import QUALITIES as MANIM_QUALITIES

import render
from scenes import CHAPTERS

ROOT = Path(__file__).resolve().parent.parent


def run_cli(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "render.py", *args], cwd=cwd, capture_output=True, text=True
    )


def test_list_prints_every_chapter_in_order():
    result = run_cli("--list")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()[1:]
    assert len(lines) == len(CHAPTERS) == 9
    for line, chapter in zip(lines, CHAPTERS, strict=True):
        assert line.split()[:3] == [str(chapter.number), chapter.module, chapter.scene]
        assert line.endswith(chapter.title)


def test_quality_presets_match_manims():
    manim_presets = {
        q["flag"]: (q["pixel_width"], q["pixel_height"], q["frame_rate"])
        for q in MANIM_QUALITIES.values()
        if q["flag"]
    }
    ours = {flag: (q.width, q.height, q.fps) for flag, q in render.QUALITIES.items()}
    assert ours == manim_presets


def test_chapters_subset_comes_back_in_video_order():
    picked = render.select_chapters("Recap, ch02_tool_use,intro")
    assert [c.scene for c in picked] == ["Intro", "ToolUse", "Recap"]


def test_unknown_chapter_is_a_usage_error_that_lists_valid_names():
    result = run_cli("--chapters", "Intro,NoSuchChapter")
    assert result.returncode == 2
    assert "unknown chapter 'NoSuchChapter'" in result.stderr
    assert all(c.scene in result.stderr for c in CHAPTERS)


@pytest.mark.parametrize(
    "args",
    [["-q", "x"], ["--quality", "hd"], ["--jobs", "0"], ["--output", "video.avi"],
     ["--chapters", ""], ["--chapters", ","]],
)
def test_bad_options_are_usage_errors(args):
    result = run_cli(*args)
    assert result.returncode == 2
    assert "usage:" in result.stderr


def test_a_failing_chapter_is_named_the_others_finish_and_no_video_is_written(
    tmp_path, project
):
    broken, good = CHAPTERS[0], CHAPTERS[2]
    module = project / broken.path
    module.write_text(
        module.read_text().replace(
            "def construct(self) -> None:",
            "def construct(self) -> None:\n        raise RuntimeError('deliberately broken')",
        )
    )
    output, media = tmp_path / "video.mp4", tmp_path / "media"
    result = run_cli(
        "-q", "l", "--chapters", f"{broken.scene},{good.scene}", "--output", str(output),
        "--media-dir", str(media), cwd=project,
    )  # fmt: skip
    assert result.returncode == 1
    assert f"Chapter {broken.module} ({broken.scene}) failed" in result.stderr
    assert "deliberately broken" in result.stderr
    assert "No video written" in result.stderr
    assert not output.exists()
    assert not list(tmp_path.glob("*.mp4"))
    good_clip = render.clip_path(media, good, render.QUALITIES["l"])
    assert good_clip.exists() and render.record_path(good_clip).exists()  # kept for next time
    assert not render.record_path(render.clip_path(media, broken, render.QUALITIES["l"])).exists()


def test_a_chapter_previews_from_any_directory(tmp_path):
    """The project is installed, so manim finds the theme wherever it runs."""
    chapter = CHAPTERS[0]
    result = subprocess.run(
        [sys.executable, "-m", "manim", "render", "--dry_run", "--disable_caching", "--fps", "2",
         "--media_dir", str(tmp_path),
         str(ROOT / chapter.path), chapter.scene],
        cwd=tmp_path, capture_output=True, text=True,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
