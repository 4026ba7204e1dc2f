"""render.py's command line (pipeline.cli): listing, presets and the errors a user can make."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.cli import main, select_chapters
from pipeline.plan import clip_path, quality_presets, record_path
from scenes.chapters import CHAPTERS

ROOT = Path(__file__).resolve().parent.parent


def run_cli(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "render.py", *args], cwd=cwd, capture_output=True, text=True
    )


def test_list_prints_every_chapter_in_order():
    result = run_cli("--list")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()[1:]
    assert len(lines) == len(CHAPTERS) == 11
    for line, chapter in zip(lines, CHAPTERS, strict=True):
        assert line.split()[:3] == [str(chapter.number), chapter.module, chapter.scene]
        assert line.endswith(chapter.title)


def test_list_does_not_import_manim():
    """`render.py --list` stays instant: manim (a second to import) is read only to build."""
    code = (
        "import sys; from pipeline.cli import main; main(['--list']); "
        "assert 'manim' not in sys.modules, 'manim was imported'"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_quality_letters_are_manims_presets():
    presets = quality_presets()
    assert list(presets) == ["l", "m", "h", "p", "k"]
    assert (presets["l"].width, presets["l"].height, presets["l"].label) == (854, 480, "480p15")
    assert presets["h"].label == "1080p60"


def test_chapters_subset_comes_back_in_video_order():
    picked = select_chapters("Recap, ch02_tool_use,intro")
    assert [c.scene for c in picked] == ["Intro", "ToolUse", "Recap"]


def usage_error(capsys, *args: str) -> str:
    """What ``render.py *args`` prints to stderr, asserting it exits 2 before building.

    Run in-process: the same ``main`` the script calls, without a Python start per case.
    """
    with pytest.raises(SystemExit) as stopped:
        main(list(args))
    assert stopped.value.code == 2
    return capsys.readouterr().err


def test_unknown_chapter_is_a_usage_error_that_lists_valid_names(capsys):
    stderr = usage_error(capsys, "--chapters", "Intro,NoSuchChapter")
    assert "unknown chapter 'NoSuchChapter'" in stderr
    assert all(c.scene in stderr for c in CHAPTERS)


@pytest.mark.parametrize(
    "args",
    [["-q", "x"], ["--quality", "hd"], ["--list", "-q", "x"], ["--jobs", "0"],
     ["--output", "video.avi"], ["--chapters", ""], ["--chapters", ","]],
)
def test_bad_options_are_usage_errors(capsys, args):
    assert "usage:" in usage_error(capsys, *args)


def test_a_bad_quality_letter_names_manims_presets(capsys):
    stderr = usage_error(capsys, "-q", "x")
    assert "unknown quality 'x'; use one of l, m, h, p, k (l=480p15, m=720p30" in stderr


def test_the_script_reports_usage_errors_with_exit_2():
    result = run_cli("--jobs", "0")
    assert result.returncode == 2
    assert "--jobs must be at least 1" in result.stderr


@pytest.mark.slow
def test_a_failing_chapter_is_named_the_others_finish_and_no_video_is_written(
    tmp_path, project
):
    broken, good = CHAPTERS[0], CHAPTERS[1]  # the shortest chapter renders beside it
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
    low = quality_presets()["l"]
    good_clip = clip_path(media, good, low)
    assert good_clip.exists() and record_path(good_clip).exists()  # kept for next time
    assert not record_path(clip_path(media, broken, low)).exists()


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
