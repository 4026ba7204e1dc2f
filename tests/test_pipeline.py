"""render.py's build logic: what a chapter depends on, when a clip is reused, and that an
interrupted build stops its processes and leaves the previous video alone."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import render
from scenes import CHAPTERS, find_chapter

ROOT = Path(__file__).resolve().parent.parent
LOW = render.QUALITIES["l"]
ALL = {c.scene for c in CHAPTERS}


def fake_build(root: Path, media: Path, quality=LOW) -> None:
    """Pretend every chapter was rendered from ``root`` as it is now."""
    for chapter in CHAPTERS:
        clip = render.clip_path(media, chapter, quality)
        clip.parent.mkdir(parents=True, exist_ok=True)
        clip.write_bytes(b"clip")
        record = {
            "fingerprint": render.fingerprint(chapter, quality, root),
            "clip": render.clip_identity(clip),
            "seconds": 1.0,
        }
        render.record_path(clip).write_text(json.dumps(record))


def to_render(root: Path, media: Path, quality=LOW, force: bool = False) -> set[str]:
    jobs = render.plan(list(CHAPTERS), quality, media, force, root)
    return {job.chapter.scene for job in jobs if job.reason}


def test_a_chapter_depends_on_the_project_modules_it_imports():
    chapter = find_chapter("Results")
    names = {p.relative_to(ROOT).as_posix() for p in render.chapter_inputs(chapter)}
    assert {
        "scenes/ch08_results.py", "scenes/theme.py", "scenes/__init__.py",
        "scenes/compute/__init__.py", "scenes/compute/source.py", "scenes/compute/sudoku.py",
        "manim.cfg", "assets/fonts/Inter-Regular.otf",
    } <= names  # fmt: skip
    assert "scenes/compute/hull.py" not in names
    assert "scenes/ch07_hull_heads.py" not in names


EDITS = [
    ("scenes/ch05_append_only_trace.py", {"AppendOnlyTrace"}),
    ("scenes/compute/hull.py", {"HullHeads"}),
    ("scenes/compute/sudoku.py", {"Results"}),
    ("scenes/compute/source.py", {"Results", "Recap"}),
    ("scenes/compute/wasm.py", {"ToolVsInModel"}),
    ("scenes/theme.py", ALL),
    ("scenes/__init__.py", ALL),
    ("assets/fonts/LICENSE-Inter.txt", ALL),
    ("manim.cfg", ALL),
    ("README.md", set()),
    ("scenes/check.py", set()),  # the layout check is not part of any chapter
]


@pytest.mark.parametrize(("edited", "expected"), EDITS, ids=[e[0] for e in EDITS])
def test_exactly_the_affected_chapters_re_render(tmp_path, project, edited, expected):
    root, media = project, tmp_path / "media"
    fake_build(root, media)
    assert to_render(root, media) == set()
    with (root / edited).open("a") as file:
        file.write("\n# an edit\n")
    assert to_render(root, media) == expected


def test_a_new_manim_version_quality_or_force_re_renders_everything(tmp_path, project, monkeypatch):
    root, media = project, tmp_path / "media"
    fake_build(root, media)
    assert to_render(root, media, force=True) == ALL
    assert to_render(root, media, quality=render.QUALITIES["m"]) == ALL
    monkeypatch.setattr(render, "manim_version", lambda: "0.22.99")
    assert to_render(root, media) == ALL


def test_a_clip_without_its_record_is_not_trusted(tmp_path, project):
    root, media = project, tmp_path / "media"
    fake_build(root, media)
    render.record_path(render.clip_path(media, CHAPTERS[0], LOW)).unlink()
    assert to_render(root, media) == {CHAPTERS[0].scene}


def test_a_clip_overwritten_after_its_record_is_not_trusted(tmp_path, project):
    root, media = project, tmp_path / "media"
    fake_build(root, media)
    render.clip_path(media, CHAPTERS[1], LOW).write_bytes(b"a preview wrote over it")
    assert to_render(root, media) == {CHAPTERS[1].scene}


def test_the_longest_chapters_start_first():
    jobs = render.plan(list(CHAPTERS[:3]), LOW, Path("/nonexistent"), False)
    for job, seconds in zip(jobs, (5.0, 30.0, 12.0), strict=True):
        job.expected_seconds = seconds
    assert [j.chapter.number for j in render.render_order(jobs)] == [2, 3, 1]


def test_youtube_timestamps():
    text = render.youtube_timestamps([0, 75.4, 3725], ["Intro", "Middle", "Late"])
    assert text == "0:00 Intro\n1:15 Middle\n1:02:05 Late\n"


def test_missing_fonts_are_a_setup_error_with_the_fix(project):
    (project / "assets/fonts/Inter-Bold.otf").unlink()
    with pytest.raises(render.SetupError, match=r"Inter-Bold\.otf.*git checkout"):
        render.check_setup(project)


def processes_mentioning(text: str) -> list[str]:
    """Command lines of running processes that contain ``text`` (reads /proc)."""
    found = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            command = cmdline.read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:  # the process ended while we looked
            continue
        if text in command:
            found.append(command)
    return found


def test_interrupting_a_build_stops_manim_and_keeps_the_previous_video(tmp_path):
    """Ctrl-C while one chapter renders and two wait their turn (one job at a time)."""
    media, output = tmp_path / "media", tmp_path / "video.mp4"
    output.write_bytes(b"the previous video")
    build = subprocess.Popen(
        [sys.executable, "render.py", "-q", "l", "--chapters", "Intro,ToolUse,KeyIdea",
         "--jobs", "1", "--media-dir", str(media), "--output", str(output)],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    deadline = time.monotonic() + 60
    while not list(media.glob("*/videos/*/480p15/partial_movie_files/*/*.mp4")):
        assert time.monotonic() < deadline, "manim never started writing"
        assert build.poll() is None, build.stdout.read()
        time.sleep(0.2)
    interrupted = time.monotonic()
    build.send_signal(signal.SIGINT)
    out, _ = build.communicate(timeout=15)
    assert time.monotonic() - interrupted < 10, "Ctrl-C should stop the build promptly"
    assert build.returncode == 130, out
    assert "Interrupted" in out
    assert output.read_bytes() == b"the previous video"
    assert [p.name for p in tmp_path.iterdir() if p.is_file()] == ["video.mp4"]
    assert not processes_mentioning(str(media)), "manim processes survived the interrupt"
    time.sleep(1)  # a process started after the interrupt would show up by now
    assert not processes_mentioning(str(media)), "a queued chapter started after Ctrl-C"
    assert not list(media.rglob("*.build.json")), "half-rendered clips are never trusted"
