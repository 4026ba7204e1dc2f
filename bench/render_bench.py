#!/usr/bin/env python3
"""Benchmark render.py against plain manim, on a temporary copy of the project.

    .venv/bin/python bench/render_bench.py            # 480p15, as CI would
    .venv/bin/python bench/render_bench.py -q m
    .venv/bin/python bench/render_bench.py --narration-only
    .venv/bin/python bench/render_bench.py --film-1080 [--baseline REV]
    .venv/bin/python bench/render_bench.py --profile ToolUse [--repeat 2]

The default prints one table:
  (a) a cold build of every chapter with render.py vs. the same chapters rendered one after
      another with plain `python -m manim render` (manim's defaults, its cache on);
  (b) a rebuild with nothing changed;
  (c) a rebuild after editing one chapter, vs. that chapter's own plain render time.
  (d) the narration: every line synthesized into an empty cache (cold), then read back from
      it (cached), in one process.
Targets (2 cores): (a) ratio <= 0.55, (b) < 3 s, (c) <= chapter time + 3 s.

--film-1080: the film as `make video` builds it: a cold 1080p60 build of every chapter, its
time against the film's length, per chapter and in total (target <= 0.8x on 2 cores), the
clips' and the film's size per minute, then (b) and (c) at 1080p60. With --baseline REV the
same cold build is first made from git revision REV (read with `git archive`), for a
before/after. Takes about as long as the film lasts, per build: run it on a quiet machine.

--profile CHAPTER: where one chapter's 1080p60 render spends its time (drawing, copying
mobjects, converting frames, encoding), in this process's threads, for manim as it comes
(its writer, libx264's defaults) and as this project renders (scenes/frame_writer.py and
manim.cfg), run alternately --repeat times; then the clips' sizes and PSNR (against each
other, and each against the frames it was given).

The benchmark reports; it does not fail a build.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path

import numpy as np

# The project is installed (editable), so this script, run from bench/, imports it directly.
from scenes.chapters import CHAPTERS, Chapter, find_chapter

ROOT = Path(__file__).resolve().parent.parent

EDITED_CHAPTER = "KeyIdea"  # a chapter of middling length
FILM_TARGET = 0.8  # a cold 1080p60 build, as a share of the film's length (2 cores)


def timed(command: list[str], cwd: Path) -> float:
    start = time.monotonic()
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"benchmark step failed: {' '.join(command)}\n{result.stdout}{result.stderr}")
    return time.monotonic() - start


def copy_project(to: Path, source: Path = ROOT) -> Path:
    """What a build reads. The copy's render.py imports the copy's pipeline and scenes."""
    to.mkdir()
    for name in ("render.py", "manim.cfg"):
        shutil.copy(source / name, to / name)
    for folder in ("scenes", "pipeline", "assets"):
        shutil.copytree(source / folder, to / folder, ignore=shutil.ignore_patterns("__pycache__"))
    return to


def export_revision(revision: str, to: Path) -> Path:
    """The project as it was at git ``revision`` (read only: `git archive`)."""
    to.mkdir()
    archive = subprocess.run(
        ["git", "archive", "--format=tar", revision, "render.py", "manim.cfg", "scenes",
         "pipeline", "assets"],
        cwd=ROOT, capture_output=True, check=True,
    )  # fmt: skip
    subprocess.run(["tar", "-x", "-C", str(to)], input=archive.stdout, check=True)
    return to


def narration_bench() -> None:
    """(d): synthesis of the whole script, cold and cached, in a cache of its own."""
    from pipeline.script import script_lines
    from scenes import voice

    lines = [line.spoken for said in script_lines().values() for line in said]
    with tempfile.TemporaryDirectory(prefix="voice-bench-") as cache:
        os.environ["NARRATION_CACHE"] = cache
        start = time.monotonic()
        audio = sum(voice.speak(line).duration for line in lines)
        cold = time.monotonic() - start
        start = time.monotonic()
        for line in lines:
            voice.speak(line)
        cached = time.monotonic() - start
    words = sum(len(line.split()) for line in lines)
    print(
        f"(d) narration: {len(lines)} lines, {words} words, {audio:.1f} s of speech "
        f"({words / audio * 60:.0f} words a minute)\n"
        f"    cold {cold:.1f} s ({audio / cold:.1f} s of speech per second, "
        f"{cold / len(lines):.2f} s a line); cached {cached:.2f} s"
    )


def print_rows(rows: list[tuple]) -> None:
    """Rows of (label, value, detail, target, met)."""
    widths = [max(len(str(row[i])) for row in rows) for i in range(4)]
    for row in rows:
        cells = [str(cell).ljust(width) for cell, width in zip(row[:4], widths, strict=True)]
        print("  ".join(cells), "  met" if row[4] else "  MISSED")


def default_bench(quality: str) -> None:
    with tempfile.TemporaryDirectory(prefix="render-bench-") as tmp:
        work = Path(tmp)
        project = copy_project(work / "project")
        plain_cfg = work / "plain.cfg"  # manim as it comes: its cache on
        plain_cfg.write_text(f"[CLI]\nmedia_dir = {work / 'plain'}\ndisable_caching = False\n")
        python = sys.executable

        print("(a) plain manim, one chapter after another ...", flush=True)
        plain = {
            chapter.scene: timed(
                [python, "-m", "manim", "render", "-q", quality, "--config_file",
                 str(plain_cfg), "--progress_bar", "none", chapter.path, chapter.scene],
                project,
            )
            for chapter in CHAPTERS
        }  # fmt: skip
        build = [python, "render.py", "-q", quality, "--output", str(work / "video.mp4")]
        print("(a) render.py, cold ...", flush=True)
        cold = timed(build, project)
        print("(b) render.py, nothing changed ...", flush=True)
        unchanged = timed(build, project)
        edited = find_chapter(EDITED_CHAPTER)
        with (project / edited.path).open("a") as module:
            module.write("\n# an edit\n")
        print(f"(c) render.py after editing {edited.path} ...", flush=True)
        after_edit = timed(build, project)

    total_plain = sum(plain.values())
    rows = [
        ("(a) cold build", f"{cold:.1f} s vs plain {total_plain:.1f} s",
         f"ratio {cold / total_plain:.2f}", "<= 0.55", cold / total_plain <= 0.55),
        ("(b) no-change rebuild", f"{unchanged:.1f} s", "", "< 3 s", unchanged < 3),
        (f"(c) edit {edited.scene}", f"{after_edit:.1f} s vs chapter {plain[edited.scene]:.1f} s",
         f"{after_edit - plain[edited.scene]:+.1f} s", "<= +3 s",
         after_edit <= plain[edited.scene] + 3),
    ]  # fmt: skip
    print(f"\nRender benchmark, quality {quality}, {len(CHAPTERS)} chapters")
    print_rows(rows)
    print("\nplain manim per chapter: " + ", ".join(f"{k} {v:.1f} s" for k, v in plain.items()))
    narration_bench()


# --- The film at 1080p60 ---------------------------------------------------------------------
def longest_first_makespan(seconds: list[float], workers: int) -> float:
    """When the last of ``seconds`` jobs ends, started longest first on ``workers``."""
    ends = [0.0] * workers
    for job in sorted(seconds, reverse=True):
        ends[ends.index(min(ends))] += job
    return max(ends)


def cold_film_build(
    project: Path, output: Path, label: str, quality: str
) -> tuple[float, list[dict]]:
    """A cold build in ``project``; its time and, per chapter, what it made."""
    from pipeline.join import video_duration
    from pipeline.plan import quality_presets

    folder = quality_presets()[quality].label
    print(f"{label}: cold {folder} build of {len(CHAPTERS)} chapters ...", flush=True)
    seconds = timed([sys.executable, "render.py", "-q", quality, "--output", str(output)], project)
    chapters = []
    for chapter in CHAPTERS:
        videos = project / "build" / "chapters" / chapter.module / "videos" / chapter.module
        clip = videos / folder / f"{chapter.scene}.mp4"
        record = json.loads(clip.with_suffix(".build.json").read_text())
        chapters.append(
            {
                "chapter": chapter,
                "length": video_duration(clip),
                "render": record["seconds"],
                "bytes": clip.stat().st_size,
            }
        )
    return seconds, chapters


def print_film_table(label: str, seconds: float, chapters: list[dict], video: Path) -> float:
    """The per-chapter table of a cold build; returns the build's ratio to the film."""
    from pipeline.join import video_duration

    length = video_duration(video)
    print(f"\n{label}: cold build, {os.cpu_count()} cores")
    print(f"{'chapter':<16} {'length s':>9} {'render s':>9} {'ratio':>6} {'MB':>6} {'MB/min':>7}")
    for row in chapters:
        megabytes = row["bytes"] / 1e6
        print(
            f"{row['chapter'].scene:<16} {row['length']:>9.1f} {row['render']:>9.1f} "
            f"{row['render'] / row['length']:>6.2f} {megabytes:>6.1f} "
            f"{megabytes / row['length'] * 60:>7.2f}"
        )
    megabytes = video.stat().st_size / 1e6
    print(
        f"{'film (wall)':<16} {length:>9.1f} {seconds:>9.1f} {seconds / length:>6.2f} "
        f"{megabytes:>6.1f} {megabytes / length * 60:>7.2f}"
    )
    renders = [row["render"] for row in chapters]
    workers = os.cpu_count() or 1
    longest = max(chapters, key=lambda row: row["render"])
    print(
        f"chapter renders: {sum(renders):.1f} s in all, the longest {longest['render']:.1f} s "
        f"({longest['chapter'].scene}); on {workers} workers, longest first, the last ends "
        f"at {longest_first_makespan(renders, workers):.1f} s, evenly shared at "
        f"{sum(renders) / workers:.1f} s: splitting chapters could gain at most the difference"
    )
    return seconds / length


def film_bench(baseline: str | None, quality: str = "h") -> None:
    with tempfile.TemporaryDirectory(prefix="film-bench-") as tmp:
        work = Path(tmp)
        before = None
        if baseline:
            old = export_revision(baseline, work / "baseline")
            before = cold_film_build(old, work / "baseline.mp4", f"baseline {baseline}", quality)
        project = copy_project(work / "project")
        video = work / "video.mp4"
        cold, chapters = cold_film_build(project, video, "this tree", quality)
        build = [sys.executable, "render.py", "-q", quality, "--output", str(video)]
        print("(b) nothing changed ...", flush=True)
        unchanged = timed(build, project)
        edited = find_chapter(EDITED_CHAPTER)
        edited_render = next(r["render"] for r in chapters if r["chapter"] == edited)
        with (project / edited.path).open("a") as module:
            module.write("\n# an edit\n")
        print(f"(c) after editing {edited.path} ...", flush=True)
        after_edit = timed(build, project)

        if before:
            print_film_table(f"baseline {baseline}", *before, work / "baseline.mp4")
        ratio = print_film_table("this tree", cold, chapters, video)
        print()
        print_rows(
            [
                ("(a) cold build", f"{cold:.1f} s", f"{ratio:.2f}x the film",
                 f"<= {FILM_TARGET}x", ratio <= FILM_TARGET),
                ("(b) no-change rebuild", f"{unchanged:.1f} s", "", "< 3 s", unchanged < 3),
                (f"(c) edit {edited.scene}", f"{after_edit:.1f} s",
                 f"its cold render {edited_render:.1f} s", "<= chapter + 3 s",
                 after_edit <= edited_render + 3),
            ]
        )  # fmt: skip


# --- Where one chapter's time goes -----------------------------------------------------------
MANIM_DEFAULTS = {"video_encoder_options": {}, "max_inflight_encoders": 1}
VARIANTS = {
    # manim as it comes: its writer, which converts every repeat of a held frame, and
    # libx264 with manim's defaults (crf 23, preset medium), one segment encoded at a time
    "manim": {"writer": "per-repeat", "config": MANIM_DEFAULTS},
    # as render.py renders: scenes/frame_writer.py and manim.cfg's settings
    "project": {"writer": "hold-once", "config": {}},
}
STAGES = [  # (bucket, what it is)
    ("draw", "drawing (Cairo: static background, moving mobjects)"),
    ("frame", "frame buffers (copying the camera's pixels)"),
    ("copy", "copying mobjects (deepcopy, as animations begin)"),
    ("python", "other Python (interpolation, updaters, the chapter)"),
    ("wait", "waiting for the encoder thread"),
    ("combine", "joining segments, muxing sound"),
    ("convert", "converting RGBA to yuv420p (encoder thread)"),
    ("encode", "libx264 calls and muxing (encoder thread)"),
    ("encoder-other", "encoder thread, other"),
    ("workers", "libx264 and swscale worker threads"),
]
MAIN_STAGES = {"draw", "frame", "copy", "python", "wait", "combine"}
SAMPLE_EVERY = 30  # frames between the source frames kept for PSNR


class Stopwatch:
    """Exclusive wall and CPU time per bucket, per thread: a nested timed call's time counts
    for its own bucket, not its caller's."""

    def __init__(self) -> None:
        self.wall: dict[str, float] = defaultdict(float)
        self.cpu: dict[str, float] = defaultdict(float)
        self.local = threading.local()
        self.lock = threading.Lock()

    def wrap(self, owner: type, name: str, bucket: str) -> None:
        original = owner.__dict__[name]
        watch = self

        @functools.wraps(original)
        def timed_call(*args, **kwargs):
            stack = watch.local.__dict__.setdefault("stack", [])
            if stack and stack[-1][0] == bucket:  # recursion (deepcopy): already counted
                return original(*args, **kwargs)
            frame = [bucket, time.perf_counter(), time.thread_time(), 0.0, 0.0]
            stack.append(frame)
            try:
                return original(*args, **kwargs)
            finally:
                stack.pop()
                wall = time.perf_counter() - frame[1]
                cpu = time.thread_time() - frame[2]
                with watch.lock:
                    watch.wall[bucket] += wall - frame[3]
                    watch.cpu[bucket] += cpu - frame[4]
                if stack:
                    stack[-1][3] += wall
                    stack[-1][4] += cpu

        setattr(owner, name, timed_call)


def profile_child(chapter_name: str, spec: dict, out: Path) -> dict:
    """Render ``chapter_name`` at 1080p60 in this process under ``spec``, timing its stages.

    Runs in a process of its own (manim's config is global, and the wraps stay put).
    """
    import av
    from av.video.reformatter import VideoReformatter
    from manim import Camera, Mobject, tempconfig
    from manim.renderer.cairo_renderer import CairoRenderer
    from manim.scene import scene_file_writer as sfw

    from scenes.frame_writer import HoldOnceEncoder, HoldOnceWriter

    class PerRepeatEncoder(HoldOnceEncoder):
        """Manim's own encoder, step for step: a new frame, copied and converted, per repeat
        (it writes the same bytes as manim's; the test checks HoldOnceEncoder's do too)."""

        def convert(self, pixels):
            context = self._stream.codec_context
            self.conversions += 1
            return self._reformatter.reformat(
                av.VideoFrame.from_ndarray(pixels, format="rgba"),
                context.width, context.height, context.format, threads=context.thread_count,
            )  # fmt: skip

        def write_frame(self, pixels, *, repeat=1):
            self._validate_frame(pixels, repeat)
            for _ in range(repeat):
                self.encode(self.convert(pixels), 1)

    class PerRepeatWriter(HoldOnceWriter):
        def _create_segment_encoder(self, target):
            return PerRepeatEncoder(target=target, spec=self.video_encoder)

    encoders: list[HoldOnceEncoder] = []
    writer_base = PerRepeatWriter if spec["writer"] == "per-repeat" else HoldOnceWriter
    sources: dict[int, np.ndarray] = {}
    reformatter = VideoReformatter()

    class Writer(writer_base):
        written = 0

        def _create_segment_encoder(self, target):
            encoders.append(super()._create_segment_encoder(target))
            return encoders[-1]

        def write_frame(self, pixels, *, repeat=1):
            first = Writer.written
            Writer.written += repeat
            wanted = -(-first // SAMPLE_EVERY) * SAMPLE_EVERY
            if spec.get("sources") and wanted < Writer.written and self.output_spec.is_video:
                self.sample(pixels, wanted)
            super().write_frame(pixels, repeat=repeat)

        def sample(self, pixels, index):
            frame = av.VideoFrame.from_ndarray(pixels, format="rgba")
            sources[index] = reformatter.reformat(frame, format="yuv420p").to_ndarray()

    watch = Stopwatch()
    watch.wrap(CairoRenderer, "update_frame", "draw")
    watch.wrap(CairoRenderer, "get_frame", "frame")
    watch.wrap(Mobject, "copy", "copy")
    watch.wrap(Mobject, "__deepcopy__", "copy")
    watch.wrap(sfw._PartialMovieEncodeJob, "put", "wait")
    watch.wrap(sfw._PartialMovieEncodeJob, "join", "wait")
    watch.wrap(sfw.SceneFileWriter, "combine_to_movie", "combine")
    watch.wrap(sfw._PartialMovieEncodeJob, "_listen_and_write", "encoder-other")
    watch.wrap(HoldOnceEncoder, "convert", "convert")
    watch.wrap(PerRepeatEncoder, "convert", "convert")
    watch.wrap(HoldOnceEncoder, "encode", "encode")
    watch.wrap(sfw.VideoSegmentEncoder, "finish", "encode")
    watch.wrap(Writer, "sample", "sample")

    chapter = find_chapter(chapter_name)
    scene_class = chapter.scene_class()
    settings = {
        "quality": "high_quality",
        "media_dir": str(out / "media"),
        "disable_caching": True,
        "progress_bar": "none",
        "verbosity": "WARNING",
        "input_file": str(ROOT / chapter.path),
        "write_to_movie": True,
        **spec["config"],
    }
    with tempconfig(settings):
        from manim import config

        options = dict(config.video_encoder_options)
        inflight = config.max_inflight_encoders
        renderer = CairoRenderer(file_writer_class=Writer, camera_class=Camera)
        scene = scene_class(renderer=renderer)
        before = resource.getrusage(resource.RUSAGE_SELF)
        main_cpu, start = time.thread_time(), time.perf_counter()
        scene.render()
        wall = time.perf_counter() - start
        main_cpu = time.thread_time() - main_cpu
        after = resource.getrusage(resource.RUSAGE_SELF)
    process_cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    clip = Path(scene.renderer.file_writer.movie_file_path)
    cpu = dict(watch.cpu)
    sample_cpu = cpu.pop("sample", 0.0)
    timed_main = sum(cpu.get(b, 0.0) for b in MAIN_STAGES)
    cpu["python"] = main_cpu - sample_cpu - timed_main
    walls = {b: watch.wall.get(b, 0.0) for b in MAIN_STAGES}
    walls["python"] = wall - watch.wall.get("sample", 0.0) - sum(walls.values())
    cpu["workers"] = process_cpu - sample_cpu - sum(cpu.values())
    if sources:
        np.savez(out / "sources.npz", **{str(k): v for k, v in sources.items()})
    return {
        "wall": wall - watch.wall.get("sample", 0.0),
        "cpu": cpu,
        "main_wall": walls,
        "process_cpu": process_cpu - sample_cpu,
        "frames": sum(e._next_pts for e in encoders),
        "conversions": sum(e.conversions for e in encoders),
        "segments": len(encoders),
        "clip": str(clip),
        "bytes": clip.stat().st_size,
        "options": options,
        "inflight": inflight,
    }


def decoded_planes(clip: Path):
    """Each decoded frame of ``clip`` as its yuv420p planes stacked (H * 3/2 x W)."""
    import av

    with av.open(str(clip)) as container:
        for frame in container.decode(video=0):
            yield frame.reformat(format="yuv420p").to_ndarray()


def psnr(squared_error: float, count: int) -> float:
    mse = squared_error / count
    return float("inf") if mse == 0 else 10 * np.log10(255**2 / mse)


def compare_clips(first: Path, second: Path) -> dict:
    """PSNR of ``second``'s frames against ``first``'s: Y, all planes, the worst frame."""
    total = luma = 0.0
    count = luma_count = frames = 0
    worst = float("inf")
    pairs = zip(decoded_planes(first), decoded_planes(second), strict=True)
    for a, b in pairs:
        diff = (a.astype(np.int32) - b.astype(np.int32)) ** 2
        height = a.shape[0] * 2 // 3
        total += float(diff.sum())
        luma += float(diff[:height].sum())
        count += diff.size
        luma_count += diff[:height].size
        worst = min(worst, psnr(float(diff.sum()), diff.size))
        frames += 1
    return {"all": psnr(total, count), "y": psnr(luma, luma_count), "worst": worst, "n": frames}


def against_sources(clip: Path, sources: Path) -> float:
    """PSNR (all planes) of ``clip``'s sampled frames against the frames it was given."""
    kept = np.load(sources)
    wanted = {int(k): kept[k] for k in kept.files}
    total, count = 0.0, 0
    for index, planes in enumerate(decoded_planes(clip)):
        if index in wanted:
            total += float(((planes.astype(np.int32) - wanted[index]) ** 2).sum())
            count += planes.size
    return psnr(total, count)


def run_profile_child(chapter: str, spec: dict, out: Path) -> dict:
    out.mkdir(parents=True)
    command = [
        sys.executable, str(Path(__file__).resolve()), "--profile-child", chapter,
        json.dumps(spec), str(out),
    ]  # fmt: skip
    # the tree this script is in, with its manim.cfg, whatever the editable install points at
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, env=env)
    if result.returncode != 0:
        sys.exit(f"profile run failed:\n{result.stdout}{result.stderr}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def print_profile(chapter: Chapter, runs: dict[str, list[dict]]) -> None:
    names = list(runs)
    last = {name: runs[name][-1] for name in names}
    frames = last[names[0]]["frames"]
    print(f"\nProfile: {chapter.scene} at 1080p60, {frames} frames ({frames / 60:.1f} s), "
          f"{os.cpu_count()} cores; seconds of the last run of each (ms per frame)")  # fmt: skip
    header = f"{'stage':<52}"
    for name in names:
        header += f" {name + ' main':>14} {name + ' CPU':>14}"
    print(header)
    for bucket, label in STAGES:
        line = f"{label:<52}"
        for name in names:
            run = last[name]
            main = run["main_wall"].get(bucket)
            cpu = run["cpu"].get(bucket, 0.0)
            line += f" {'' if main is None else f'{main:6.1f} ({main / frames * 1000:4.1f})':>14}"
            line += f" {f'{cpu:6.1f} ({cpu / frames * 1000:4.1f})':>14}"
        print(line)
    for label, key in (("wall-clock render", "wall"), ("CPU, all threads", "process_cpu")):
        line = f"{label:<52}"
        for name in names:
            value = last[name][key]
            cell = f"{value:6.1f} ({value / frames * 1000:4.1f})"
            line += f" {cell if key == 'wall' else '':>14} {cell if key != 'wall' else '':>14}"
        print(line)
    print()
    for name in names:
        run = last[name]
        walls = ", ".join(f"{r['wall']:.1f}" for r in runs[name])
        seconds = frames / 60
        print(
            f"{name}: wall {walls} s (ratio to the chapter {run['wall'] / seconds:.2f}); "
            f"{run['segments']} segments, {run['conversions']} conversions for "
            f"{run['frames']} frames; libx264 {run['options'] or 'manim defaults'}, "
            f"{run['inflight']} segment(s) in flight; "
            f"{run['bytes'] / 1e6:.2f} MB ({run['bytes'] / 1e6 / seconds * 60:.2f} MB/min)"
        )


def profile_bench(chapter_name: str, repeat: int) -> None:
    chapter = find_chapter(chapter_name)
    runs: dict[str, list[dict]] = {name: [] for name in VARIANTS}
    with tempfile.TemporaryDirectory(prefix="profile-bench-") as tmp:
        work = Path(tmp)
        for attempt in range(repeat):
            for name, spec in VARIANTS.items():
                print(f"{name}, run {attempt + 1} of {repeat} ...", flush=True)
                wanted = {**spec, "sources": name == "manim" and attempt == 0}
                out = work / f"{name}{attempt}"
                runs[name].append(run_profile_child(chapter.scene, wanted, out))
        print_profile(chapter, runs)
        clips = {name: Path(runs[name][-1]["clip"]) for name in VARIANTS}
        sources = work / "manim0" / "sources.npz"
        same = compare_clips(clips["manim"], clips["project"])
        print(
            f"\nPSNR project vs manim, {same['n']} frames: Y {same['y']:.1f} dB, "
            f"all planes {same['all']:.1f} dB, worst frame {same['worst']:.1f} dB"
        )
        for name, clip in clips.items():
            print(
                f"PSNR {name} vs the frames it was given (every {SAMPLE_EVERY}th): "
                f"{against_sources(clip, sources):.1f} dB"
            )


def main() -> None:
    if len(sys.argv) == 5 and sys.argv[1] == "--profile-child":
        result = profile_child(sys.argv[2], json.loads(sys.argv[3]), Path(sys.argv[4]))
        print(json.dumps(result))
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-q", "--quality", default="l", help="manim preset letter (default l)")
    parser.add_argument(
        "--narration-only", action="store_true", help="only (d), the voice's synthesis time"
    )
    parser.add_argument(
        "--film-1080", action="store_true",
        help="the whole film cold at 1080p60 against its length (as long as the film lasts)",
    )  # fmt: skip
    parser.add_argument(
        "--baseline", metavar="REV", help="with --film-1080: first build git revision REV too"
    )
    parser.add_argument(
        "--profile", metavar="CHAPTER", help="where one chapter's 1080p60 render spends its time"
    )
    parser.add_argument("--repeat", type=int, default=2, help="--profile runs of each (default 2)")
    args = parser.parse_args()
    if args.narration_only:
        narration_bench()
    elif args.film_1080:
        film_bench(args.baseline)
    elif args.profile:
        profile_bench(args.profile, args.repeat)
    else:
        default_bench(args.quality)


if __name__ == "__main__":
    main()
