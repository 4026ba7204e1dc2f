"""The build pipeline: what a chapter depends on, when a clip is reused, the storyboard, and
that a build stopped by Ctrl-C or SIGTERM stops its processes and leaves the previous video
alone."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PIL import Image

from pipeline import plan as planning
from pipeline.join import youtube_timestamps
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
from pipeline.storyboard import STORYBOARD_CAPTION_HEIGHT, STORYBOARD_COLUMNS, storyboard
from scenes.chapters import CHAPTERS, find_chapter

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
        "scenes/ch08_results.py", "scenes/theme.py", "scenes/fonts.py", "scenes/__init__.py",
        "scenes/compute/__init__.py", "scenes/compute/source.py", "scenes/compute/sudoku.py",
        "manim.cfg", "assets/fonts/Inter-Regular.otf",
    } <= names  # fmt: skip
    assert "scenes/compute/hull.py" not in names
    assert "scenes/ch07_hull_heads.py" not in names
    assert "scenes/chapters.py" not in names


EDITS = [
    ("scenes/ch05_append_only_trace.py", {"AppendOnlyTrace"}),
    ("scenes/compute/hull.py", {"HullHeads"}),
    ("scenes/compute/sudoku.py", {"Intro", "Results"}),
    ("scenes/sudoku_board.py", {"Intro", "Results"}),  # the board both draw
    ("scenes/compute/source.py", {"Intro", "KeyIdea", "Results", "Recap"}),
    ("scenes/compute/wasm.py", {"KeyIdea", "ToolVsInModel", "AppendOnlyTrace"}),
    ("scenes/compute/attention.py", {"QuadraticCost"}),
    ("scenes/voice.py", ALL),  # the narrator's settings: every line is heard anew
    ("scenes/theme.py", ALL),
    ("scenes/fonts.py", ALL),  # the theme registers the fonts
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
    assert not media.exists(), "no manim process was started"


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


def start_build(tmp_path: Path, chapters: str, **popen) -> tuple[subprocess.Popen, Path, Path]:
    """Start a one-job build over an old video; return once manim is writing frames."""
    media, output = tmp_path / "media", tmp_path / "video.mp4"
    output.write_bytes(b"the previous video")
    build = subprocess.Popen(
        [sys.executable, "render.py", "-q", "l", "--chapters", chapters,
         "--jobs", "1", "--media-dir", str(media), "--output", str(output)],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, **popen,
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
    assert [p.name for p in tmp_path.iterdir() if p.is_file()] == ["video.mp4"]
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
    build, media, _ = start_build(tmp_path, LONG_CHAPTER, preexec_fn=ignore_sigint)
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
