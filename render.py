#!/usr/bin/env python3
"""Build "Can LLMs Be Computers?": render the chapters, then join them into one MP4.

Each chapter renders in its own ``python -m manim`` process (manim's config is a global
singleton), several at a time, longest first. A chapter is re-rendered only when something
it depends on changed (its module and every project module it imports, assets, manim.cfg,
the manim version, the quality); otherwise last build's clip is reused without starting
manim. Clips are joined by stream copy through PyAV (no re-encode), with chapter markers;
``<video>.chapters.txt`` and a storyboard PNG are written beside the video.

    python render.py                      # all chapters, 1080p60
    python render.py -q l --chapters Intro,Recap --output build/short.mp4
    python render.py --list
"""

from __future__ import annotations

import argparse
import ast
import hashlib
import importlib.metadata
import importlib.util
import io
import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor, wait
from contextlib import suppress
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path

from scenes import CHAPTERS, Chapter, find_chapter

ROOT = Path(__file__).resolve().parent
BUILD_DIR = ROOT / "build"
EXIT_OK, EXIT_RENDER_FAILED, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130
# Bump when the way chapters are rendered changes, so every old clip is rendered anew.
RENDER_RECIPE = "1"
# The key frame of a chapter: inside its closing hold (theme.HOLD), before the final fade.
KEY_FRAME_BEFORE_END = 1.0
STORYBOARD_COLUMNS, STORYBOARD_TILE_WIDTH = 3, 480
DRAWING_PACKAGES = ("manimpango", "pycairo", "av")


@dataclass(frozen=True)
class Quality:
    """One of manim's quality presets (tests check these against ``manim.constants``)."""

    flag: str
    width: int
    height: int
    fps: int

    @property
    def label(self) -> str:
        """Manim's name for the preset's folder, e.g. ``480p15``."""
        return f"{self.height}p{self.fps}"


QUALITIES: dict[str, Quality] = {
    q.flag: q
    for q in (
        Quality("l", 854, 480, 15),
        Quality("m", 1280, 720, 30),
        Quality("h", 1920, 1080, 60),
        Quality("p", 2560, 1440, 60),
        Quality("k", 3840, 2160, 60),
    )
}


class UsageError(Exception):
    """Bad command-line input; the message says what is wrong and how to fix it."""


class SetupError(Exception):
    """The machine lacks something rendering needs; the message says how to install it."""


# --- What a chapter depends on ---------------------------------------------------------------
def project_imports(path: Path, root: Path) -> set[Path]:
    """Project modules that ``path`` imports, directly or through other project modules."""
    seen: set[Path] = set()
    pending = [path]
    while pending:
        current = pending.pop()
        if current in seen:
            continue
        seen.add(current)
        for node in ast.walk(ast.parse(current.read_text(), filename=str(current))):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
            for name in names:
                parts = name.split(".")
                for candidate in (
                    root.joinpath(*parts).with_suffix(".py"),
                    root.joinpath(*parts, "__init__.py"),
                ):
                    if candidate.is_file():
                        pending.append(candidate)
                # a package's __init__ runs before any of its modules
                for depth in range(1, len(parts)):
                    package = root.joinpath(*parts[:depth], "__init__.py")
                    if package.is_file():
                        pending.append(package)
    return seen


def chapter_inputs(chapter: Chapter, root: Path = ROOT) -> list[Path]:
    """Every file whose change must re-render ``chapter``."""
    files = project_imports(root / chapter.path, root)
    files |= {p for p in (root / "assets").rglob("*") if p.is_file()}
    files.add(root / "manim.cfg")
    return sorted(files)


def manim_version() -> str:
    return importlib.metadata.version("manim")


def drawing_versions() -> str:
    """Versions of the libraries besides manim that decide a clip's pixels and encoding."""
    return " ".join(importlib.metadata.version(name) for name in DRAWING_PACKAGES)


def fingerprint(chapter: Chapter, quality: Quality, root: Path = ROOT) -> str:
    """A digest of everything the chapter's clip depends on."""
    digest = hashlib.sha256()
    for part in (RENDER_RECIPE, manim_version(), drawing_versions(), quality.label, chapter.scene):
        digest.update(part.encode() + b"\0")
    for path in chapter_inputs(chapter, root):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


# --- Clips and their records ---------------------------------------------------------------
def chapter_media_dir(media_dir: Path, chapter: Chapter) -> Path:
    """Each chapter's manim gets a media folder of its own: parallel renders share nothing
    (not even manim's cache of text drawings), and previews (build/media) never touch it."""
    return media_dir / chapter.module


def clip_path(media_dir: Path, chapter: Chapter, quality: Quality) -> Path:
    """Where manim writes a chapter's clip (its ``video_dir`` layout)."""
    return (
        chapter_media_dir(media_dir, chapter)
        / "videos" / chapter.module / quality.label / f"{chapter.scene}.mp4"
    )  # fmt: skip


def record_path(clip: Path) -> Path:
    """The JSON beside a clip saying what it was rendered from (absent: not trusted)."""
    return clip.with_suffix(".build.json")


def key_frame_path(clip: Path) -> Path:
    return clip.with_suffix(".key.png")


def read_record(clip: Path) -> dict:
    try:
        return json.loads(record_path(clip).read_text())
    except (OSError, ValueError):
        return {}


def clip_identity(clip: Path) -> list[int]:
    """Size and modification time: a clip overwritten after its record no longer matches."""
    stat = clip.stat()
    return [stat.st_size, stat.st_mtime_ns]


def write_atomically(path: Path, data: bytes) -> None:
    partial = path.with_name(f".{path.name}.partial")
    partial.write_bytes(data)
    partial.replace(path)


@dataclass
class Job:
    """One chapter's part in a build, updated by its worker thread as it goes."""

    chapter: Chapter
    clip: Path
    fingerprint: str
    reason: str  # why it renders ("module changed", ...), or "" when reused
    expected_seconds: float = 0.0  # last render's time, to start the longest first
    expected_animations: int = 0
    state: str = "queued"  # queued, rendering, done, reused, failed
    animation: int = 0
    fraction: float = 0.0  # of the current animation
    started: float = 0.0
    seconds: float = 0.0
    error: str = ""
    process: subprocess.Popen | None = field(default=None, repr=False)

    @property
    def progress(self) -> str:
        if self.state != "rendering":
            return ""
        if self.expected_animations:
            done = min((self.animation + self.fraction) / self.expected_animations, 1.0)
            return f"{done:4.0%}"
        return f"animation {self.animation + 1}"


def plan(
    chapters: list[Chapter], quality: Quality, media_dir: Path, force: bool, root: Path = ROOT
) -> list[Job]:
    """A job per chapter, saying whether its clip can be reused and, if not, why."""
    jobs = []
    for chapter in chapters:
        clip = clip_path(media_dir, chapter, quality)
        record = read_record(clip)
        digest = fingerprint(chapter, quality, root)
        if force:
            reason = "--force"
        elif not clip.exists() or not record:
            reason = "no clip yet"
        elif record.get("fingerprint") != digest:
            reason = "inputs changed"
        elif record.get("clip") != clip_identity(clip):
            reason = "clip changed since it was rendered"
        else:
            reason = ""
        # Longest first: last render's time, or on a first build the module's size.
        estimate = record.get("seconds") or (root / chapter.path).stat().st_size / 1000
        jobs.append(
            Job(
                chapter, clip, digest, reason,
                expected_seconds=estimate,
                expected_animations=record.get("animations", 0),
            )
        )  # fmt: skip
    return jobs


# --- Rendering -------------------------------------------------------------------------------
ANIMATION_PROGRESS = re.compile(r"Animation (\d+):.*?(\d+)%")


def manim_command(chapter: Chapter, quality: Quality, media_dir: Path) -> list[str]:
    return [
        sys.executable, "-m", "manim", "render",
        "-q", quality.flag,
        "--media_dir", str(chapter_media_dir(media_dir, chapter)),
        "--disable_caching",
        "--progress_bar", "display",
        "-v", "WARNING",
        chapter.path, chapter.scene,
    ]  # fmt: skip


@dataclass
class Stop:
    """Shared by the workers: once set, no new manim process starts."""

    requested: bool = False
    lock: threading.Lock = field(default_factory=threading.Lock)


def render_job(job: Job, quality: Quality, media_dir: Path, root: Path, stop: Stop) -> None:
    """Render one chapter in its own manim process, recording progress on ``job``."""
    record_path(job.clip).unlink(missing_ok=True)  # an interrupted render is never reused
    job.clip.unlink(missing_ok=True)  # nor is an old clip, if manim writes none
    output: list[str] = []
    with stop.lock:
        if stop.requested:
            job.state, job.error = "failed", "interrupted"
            return
        job.state, job.started = "rendering", time.monotonic()
        process = subprocess.Popen(
            manim_command(job.chapter, quality, media_dir),
            cwd=root,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # Ctrl-C reaches render.py, which stops the children
        )
        job.process = process
    assert process.stdout is not None
    highest = -1
    for chunk in iter(lambda: process.stdout.read1(4096), b""):
        text = chunk.decode(errors="replace")
        output.append(text)
        for match in ANIMATION_PROGRESS.finditer(text):
            job.animation, job.fraction = int(match[1]), int(match[2]) / 100
            highest = max(highest, job.animation)
    returncode = process.wait()
    job.seconds = time.monotonic() - job.started
    if stop.requested:
        job.state, job.error = "failed", "interrupted"
        return
    if returncode != 0 or not job.clip.exists():
        lines = [
            line
            for line in "".join(output).replace("\r", "\n").splitlines()
            if line.strip() and not ANIMATION_PROGRESS.search(line)
        ]
        job.state = "failed"
        job.error = "\n".join(lines[-25:]) or f"manim exited {returncode} and wrote no clip"
        return
    save_key_frame(job.clip)
    record = {
        "fingerprint": job.fingerprint,
        "clip": clip_identity(job.clip),
        "seconds": round(job.seconds, 2),
        "animations": highest + 1,
    }
    write_atomically(record_path(job.clip), json.dumps(record, indent=2).encode())
    job.state = "done"


def stop_processes(jobs: list[Job], grace: float = 3.0) -> None:
    """Stop every running manim process: politely, then for good."""
    running = [j.process for j in jobs if j.process and j.process.poll() is None]
    for process in running:
        with suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
    deadline = time.monotonic() + grace
    for process in running:
        try:
            process.wait(timeout=max(0.0, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            with suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)


def render_order(jobs: list[Job]) -> list[Job]:
    """The jobs to render, longest first (by last render's time), so none starts last."""
    return sorted((j for j in jobs if j.reason), key=lambda j: j.expected_seconds, reverse=True)


def run_jobs(
    jobs: list[Job], quality: Quality, media_dir: Path, workers: int, root: Path, live: bool
) -> None:
    """Render the jobs that need it, ``workers`` at a time, longest first, showing progress."""
    pending = render_order(jobs)
    for job in jobs:
        if not job.reason:
            job.state = "reused"
    stop = Stop()
    display = LiveDisplay(jobs, quality) if live else PlainDisplay(jobs, quality)
    pool = ThreadPoolExecutor(max_workers=max(1, workers))
    futures: list[Future] = [
        pool.submit(render_job, job, quality, media_dir, root, stop) for job in pending
    ]
    try:
        with display:
            while futures and not all(f.done() for f in futures):
                wait(futures, timeout=0.25)
                display.refresh()
            for future in futures:
                future.result()  # re-raise a bug in render_job itself
    except KeyboardInterrupt:
        with stop.lock:  # no worker starts a process after this
            stop.requested = True
        pool.shutdown(wait=False, cancel_futures=True)
        stop_processes(pending)
        pool.shutdown(wait=True)
        for job in pending:
            if job.state in ("queued", "rendering"):
                job.state, job.error = "failed", "interrupted"
        raise
    pool.shutdown(wait=True)


# --- Progress --------------------------------------------------------------------------------
class PlainDisplay:
    """One line per finished chapter: for logs and CI."""

    def __init__(self, jobs: list[Job], quality: Quality):
        self.jobs, self.quality, self.reported = jobs, quality, set()

    def __enter__(self):
        todo = sum(1 for j in self.jobs if j.reason)
        print(
            f"Building {len(self.jobs)} chapter(s) at {self.quality.label}: "
            f"{todo} to render, {len(self.jobs) - todo} reused.",
            flush=True,
        )
        return self

    def refresh(self) -> None:
        for job in self.jobs:
            if job.state == "rendering" and (job.chapter, "start") not in self.reported:
                self.reported.add((job.chapter, "start"))
                print(f"  {job.chapter.module:<26} rendering ...", flush=True)
            if job.state in ("done", "failed") and job.chapter not in self.reported:
                self.reported.add(job.chapter)
                print(f"  {job.chapter.module:<26} {job.state} in {job.seconds:5.1f} s", flush=True)

    def __exit__(self, *exc):
        self.refresh()
        return False


class LiveDisplay(PlainDisplay):
    """A table of every chapter's state, redrawn in place on a terminal."""

    def __enter__(self):
        from rich.live import Live  # rich comes with manim

        self.live = Live(self.table(), refresh_per_second=4, transient=True)
        self.live.__enter__()
        return self

    def refresh(self) -> None:
        self.live.update(self.table())

    def __exit__(self, *exc):
        return self.live.__exit__(*exc)

    def table(self):
        from rich.table import Table

        table = Table(title=f"Rendering at {self.quality.label}", title_justify="left")
        for column in ("#", "chapter", "state", "progress", "seconds"):
            table.add_column(column)
        now = time.monotonic()
        for job in self.jobs:
            seconds = now - job.started if job.state == "rendering" else job.seconds
            table.add_row(
                str(job.chapter.number), job.chapter.module, job.state, job.progress,
                f"{seconds:.1f}" if job.state in ("rendering", "done", "failed") else "",
            )  # fmt: skip
        return table


def summary(jobs: list[Job]) -> str:
    """The closing table: chapter, status (rendered, reused, failed), seconds."""
    status = {"done": "rendered", "reused": "reused"}
    rows = [("#", "chapter", "status", "seconds")] + [
        (
            str(job.chapter.number),
            job.chapter.module,
            status.get(job.state, job.state),
            "" if job.state == "reused" else f"{job.seconds:.1f}",
        )
        for job in jobs
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = ("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) for row in rows)
    return "\n".join(line.rstrip() for line in lines)


# --- Joining, markers, storyboard ------------------------------------------------------------
def video_duration(path: Path) -> float:
    """Duration in seconds of a video file's first video stream."""
    import av  # PyAV comes with manim; imported late so --list stays fast

    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        if stream.duration is not None:
            return float(stream.duration * stream.time_base)
        return container.duration / 1_000_000


def concatenate(clips: list[Path], titles: list[str], output: Path) -> list[float]:
    """Join clips by stream copy into ``output`` (written atomically) with chapter markers.

    Returns each chapter's start time in seconds.
    """
    import av

    durations = [video_duration(clip) for clip in clips]
    starts = [sum(durations[:i]) for i in range(len(clips))]
    output.parent.mkdir(parents=True, exist_ok=True)
    partial = output.with_name(f".{output.stem}.partial{output.suffix}")
    manifest = "".join(f"file 'file:{clip.resolve().as_posix()}'\n" for clip in clips)
    time_base = Fraction(1, 1000)
    markers = [
        {
            "id": number,
            "start": round(start / time_base),
            "end": round((start + duration) / time_base),
            "time_base": time_base,
            "metadata": {"title": title},
        }
        for number, (start, duration, title) in enumerate(
            zip(starts, durations, titles, strict=True), start=1
        )
    ]
    try:
        with (
            av.open(io.BytesIO(manifest.encode()), format="concat", options={"safe": "0"}) as src,
            av.open(str(partial), mode="w", format="mp4") as dst,
        ):
            in_stream = src.streams.video[0]
            out_stream = dst.add_stream_from_template(template=in_stream)
            dst.set_chapters(markers)
            for packet in src.demux(in_stream):
                if packet.dts is None:  # demux's flushing packets
                    continue
                packet.stream = out_stream
                dst.mux(packet)
        partial.replace(output)
    finally:
        partial.unlink(missing_ok=True)
    return starts


def read_chapter_markers(path: Path) -> list[tuple[float, str]]:
    """(start in seconds, title) of each chapter marker in a video file."""
    import av

    with av.open(str(path)) as container:
        return [
            (float(c["start"] * c["time_base"]), c["metadata"].get("title", ""))
            for c in container.chapters()
        ]


def youtube_timestamps(starts: list[float], titles: list[str]) -> str:
    """Chapter lines as YouTube reads them from a description: ``0:00 Title``."""

    def stamp(seconds: float) -> str:
        whole = int(seconds)
        hours, rest = divmod(whole, 3600)
        minutes, secs = divmod(rest, 60)
        return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"

    return "".join(f"{stamp(s)} {title}\n" for s, title in zip(starts, titles, strict=True))


def extract_frame(path: Path, at_seconds: float):
    """The decoded frame shown at ``at_seconds`` (clamped to the video) as a PIL image."""
    import av

    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        target = max(0.0, at_seconds)
        container.seek(int(target / stream.time_base), stream=stream, backward=True)
        last = None
        for frame in container.decode(stream):
            if frame.time is not None and frame.time > target + 1e-6 and last is not None:
                break
            last = frame
        if last is None:
            raise ValueError(f"{path} has no video frames")
        return last.to_image()


def save_key_frame(clip: Path) -> Path:
    """Save the chapter's key frame (its final composition) as PNG beside the clip."""
    path = key_frame_path(clip)
    image = extract_frame(clip, video_duration(clip) - KEY_FRAME_BEFORE_END)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    write_atomically(path, buffer.getvalue())
    return path


def storyboard(key_frames: list[Path], titles: list[str], output: Path) -> None:
    """A contact sheet: each chapter's key frame with its number and title below."""
    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.truetype(str(ROOT / "assets" / "fonts" / "Inter-Regular.otf"), 20)
    tiles = []
    for frame in key_frames:
        with Image.open(frame) as image:
            height = round(image.height * STORYBOARD_TILE_WIDTH / image.width)
            tiles.append(image.convert("RGB").resize((STORYBOARD_TILE_WIDTH, height)))
    caption = 36
    tile_h = tiles[0].height + caption
    rows = -(-len(tiles) // STORYBOARD_COLUMNS)
    sheet = Image.new("RGB", (STORYBOARD_COLUMNS * STORYBOARD_TILE_WIDTH, rows * tile_h), "black")
    draw = ImageDraw.Draw(sheet)
    for index, (tile, title) in enumerate(zip(tiles, titles, strict=True)):
        row, column = divmod(index, STORYBOARD_COLUMNS)
        x, y = column * STORYBOARD_TILE_WIDTH, row * tile_h
        sheet.paste(tile, (x, y))
        draw.text((x + 10, y + tile.height + 7), f"{index + 1}. {title}", fill="white", font=font)
    buffer = io.BytesIO()
    sheet.save(buffer, format="PNG", optimize=True)
    write_atomically(output, buffer.getvalue())


# --- The command line ------------------------------------------------------------------------
def select_chapters(spec: str | None) -> list[Chapter]:
    """Chapters named in a comma-separated ``spec`` (class or module names), in video order."""
    if spec is None:
        return list(CHAPTERS)
    wanted = set()
    for name in filter(None, (part.strip() for part in spec.split(","))):
        try:
            wanted.add(find_chapter(name))
        except KeyError as error:
            raise UsageError(error.args[0]) from None
    if not wanted:
        raise UsageError("--chapters is empty; give names such as Intro,Recap (see --list)")
    return [chapter for chapter in CHAPTERS if chapter in wanted]


def check_setup(root: Path = ROOT) -> None:
    """Fail early, with the fix, when manim, Cairo, Pango or the fonts are missing."""
    install = (
        "Run `make setup` (Debian/Ubuntu: it installs libcairo2-dev libpango1.0-dev "
        "pkg-config and the project into .venv), then use .venv/bin/python."
    )
    for module in ("manim", "cairo", "manimpango", "av"):
        if importlib.util.find_spec(module) is None:
            raise SetupError(f"Python package {module!r} is not installed. {install}")
    probe = subprocess.run(
        [sys.executable, "-c", "import cairo, manimpango"], capture_output=True, text=True
    )
    if probe.returncode != 0:
        detail = probe.stderr.strip().splitlines()[-1:] or ["unknown error"]
        raise SetupError(f"Cairo/Pango cannot be loaded ({detail[0]}). {install}")
    missing = [
        name
        for name in ("Inter-Regular.otf", "Inter-Bold.otf", "JetBrainsMono-Regular.ttf")
        if not (root / "assets" / "fonts" / name).is_file()
    ]
    if missing:
        raise SetupError(
            f"Fonts missing from assets/fonts/: {', '.join(missing)}. "
            "Restore them with `git checkout -- assets/fonts`."
        )


def default_output(quality: Quality) -> Path:
    return BUILD_DIR / f"can-llms-be-computers-{quality.label}.mp4"


def print_chapter_list() -> None:
    print(f"{'#':>2}  {'module':<24} {'scene':<16} title")
    for c in CHAPTERS:
        print(f"{c.number:>2}  {c.module:<24} {c.scene:<16} {c.title}")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description='Render "Can LLMs Be Computers?" and join its chapters into one MP4.'
    )
    parser.add_argument(
        "-q", "--quality", default="h", metavar="{l,m,h,p,k}",
        help="manim preset: l=480p15 m=720p30 h=1080p60 (default) p=1440p60 k=2160p60",
    )  # fmt: skip
    parser.add_argument(
        "--chapters", metavar="A,B", help="render only these chapters (class or module names)"
    )
    parser.add_argument("-o", "--output", type=Path, help="path of the final MP4")
    parser.add_argument(
        "-j", "--jobs", type=int, default=os.cpu_count() or 1,
        help="chapters rendered at once (default: CPU count)",
    )  # fmt: skip
    parser.add_argument(
        "--force", action="store_true", help="re-render every chapter, even if unchanged"
    )
    parser.add_argument(
        "--media-dir", type=Path, default=BUILD_DIR / "chapters",
        help="where the chapters' clips are kept (default: build/chapters)",
    )  # fmt: skip
    parser.add_argument("--list", action="store_true", help="print the chapters and exit")
    args = parser.parse_args(argv)
    if args.quality not in QUALITIES:
        parser.error(
            f"unknown quality {args.quality!r}; use one of {', '.join(QUALITIES)} "
            "(l=480p15, m=720p30, h=1080p60, p=1440p60, k=2160p60)"
        )
    if args.jobs < 1:
        parser.error(f"--jobs must be at least 1, got {args.jobs}")
    if args.output is not None and args.output.suffix.lower() != ".mp4":
        parser.error(f"--output must end in .mp4, got {str(args.output)!r}")
    try:
        args.chapter_list = select_chapters(args.chapters)
    except UsageError as error:
        parser.error(str(error))
    return args


def build(args: argparse.Namespace) -> int:
    """Render what changed, then join, mark and storyboard the video; return the exit code."""
    quality = QUALITIES[args.quality]
    output = (args.output or default_output(quality)).resolve()
    media_dir = args.media_dir.resolve()
    start = time.monotonic()
    jobs = plan(args.chapter_list, quality, media_dir, args.force)
    try:
        if any(job.reason for job in jobs):
            check_setup()
    except SetupError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_RENDER_FAILED
    run_jobs(jobs, quality, media_dir, args.jobs, ROOT, live=sys.stdout.isatty())
    print(summary(jobs))

    failed = [job for job in jobs if job.state == "failed"]
    for job in failed:
        chapter = job.chapter
        print(f"\nChapter {chapter.module} ({chapter.scene}) failed:", file=sys.stderr)
        print(job.error, file=sys.stderr)
    if failed:
        names = ", ".join(job.chapter.scene for job in failed)
        print(
            f"\nNo video written: {len(failed)} chapter(s) failed ({names}); the clips of the "
            "others are kept for the next run. Fix the error above, or preview one chapter "
            f"with: manim -ql {failed[0].chapter.path} {failed[0].chapter.scene}",
            file=sys.stderr,
        )
        return EXIT_RENDER_FAILED

    titles = [job.chapter.title for job in jobs]
    starts = concatenate([job.clip for job in jobs], titles, output)
    chapters_txt = output.with_suffix(".chapters.txt")
    write_atomically(chapters_txt, youtube_timestamps(starts, titles).encode())
    for job in jobs:  # clips from before key frames were kept
        if not key_frame_path(job.clip).exists():
            save_key_frame(job.clip)
    board = output.with_suffix(".storyboard.png")
    storyboard([key_frame_path(job.clip) for job in jobs], titles, board)
    print(
        f"Wrote {output} ({video_duration(output):.1f} s, {len(jobs)} chapter(s)) "
        f"in {time.monotonic() - start:.1f} s\n"
        f"  chapter timestamps: {chapters_txt}\n  storyboard: {board}"
    )
    return EXIT_OK


def _interrupt(signum: int, frame) -> None:
    raise KeyboardInterrupt  # SIGTERM (a cancelled CI job) is handled like Ctrl-C


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.list:
        print_chapter_list()
        return EXIT_OK
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        return build(args)
    except KeyboardInterrupt:
        print("\nInterrupted: chapter processes stopped; the previous video is untouched.")
        return EXIT_INTERRUPTED


if __name__ == "__main__":
    sys.exit(main())
