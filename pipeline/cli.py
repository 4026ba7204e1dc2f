"""The command line of ``render.py``: reading the options, checking the machine can render,
running a build (plan, render, join, storyboard, publish) and turning how it ended into an exit
code.

Exit codes: 0 the video was written; 1 a chapter failed, or the set-up is incomplete;
2 bad usage (argparse's own code); 128 + the signal's number when stopped by one: 130 for
Ctrl-C (SIGINT), 143 for SIGTERM (a cancelled CI job, ``kill``).
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from types import FrameType
from typing import NoReturn

from pipeline.captions import sidecar_paths, write_sidecars
from pipeline.jobs import run_jobs
from pipeline.join import Film, concatenate, youtube_timestamps
from pipeline.lock import build_lock
from pipeline.plan import (
    CLIP_CHANGED,
    ROOT,
    Quality,
    film_fingerprint,
    film_is_up_to_date,
    plan,
    quality_presets,
    write_atomically,
    write_record,
)
from pipeline.progress import summary
from pipeline.publish import chapters_path, publish_paths, write_published
from pipeline.storyboard import key_frame_path, save_key_frame, storyboard
from scenes.chapters import CHAPTERS, Chapter, find_chapter
from scenes.fonts import missing_fonts

BUILD_DIR = ROOT / "build"
EXIT_OK, EXIT_FAILED = 0, 1
DEFAULT_QUALITY = "h"
INSTALL_HINT = (
    "Run `make setup` (Debian/Ubuntu: it installs libcairo2-dev libpango1.0-dev "
    "pkg-config and the project into .venv), then use .venv/bin/python."
)


class UsageError(Exception):
    """Bad command-line input; the message says what is wrong and how to fix it."""


class SetupError(Exception):
    """The machine lacks something rendering needs; the message says how to install it."""


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised where Ctrl-C raises KeyboardInterrupt, so both stop a build alike."""


def _terminate(signum: int, frame: FrameType | None) -> NoReturn:
    signal.signal(signal.SIGTERM, signal.SIG_IGN)  # one is enough: let the clean-up finish
    raise Terminated


def usable_cpus() -> int:
    """The CPUs this process may run on (its affinity set, which containers and taskset
    limit), not all the machine has."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


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


def check_setup() -> None:
    """Fail early, with the fix, when manim, Cairo, Pango or any shipped font is missing."""
    for module in ("manim", "cairo", "manimpango", "av"):
        if importlib.util.find_spec(module) is None:
            raise SetupError(f"Python package {module!r} is not installed. {INSTALL_HINT}")
    probe = subprocess.run(
        [sys.executable, "-c", "import cairo, manimpango"], capture_output=True, text=True
    )
    if probe.returncode != 0:
        detail = probe.stderr.strip().splitlines()[-1:] or ["unknown error"]
        raise SetupError(f"Cairo/Pango cannot be loaded ({detail[0]}). {INSTALL_HINT}")
    missing = missing_fonts()
    if missing:
        raise SetupError(
            f"Fonts missing from assets/fonts/: {', '.join(missing)}. "
            "Restore them with `git checkout -- assets/fonts`."
        )


def read_presets() -> dict[str, Quality]:
    """Manim's quality presets; a manim that cannot be imported is a set-up error."""
    try:
        return quality_presets()
    except ImportError as error:
        check_setup()  # names what is missing, with the fix
        raise SetupError(f"manim cannot be imported ({error}). {INSTALL_HINT}") from None


def default_output(quality: Quality) -> Path:
    return BUILD_DIR / f"can-llms-be-computers-{quality.label}.mp4"


def print_chapter_list() -> None:
    print(f"{'#':>2}  {'module':<24} {'scene':<16} title")
    for c in CHAPTERS:
        print(f"{c.number:>2}  {c.module:<24} {c.scene:<16} {c.title}")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """The options, checked; ``preset`` is the chosen ``Quality`` (None for a plain --list).

    Exits 2 on bad usage; raises SetupError when manim, needed to read its presets, is missing.
    """
    parser = argparse.ArgumentParser(
        description='Render "Can LLMs Be Computers?" and join its chapters into one MP4.'
    )
    parser.add_argument(
        "-q", "--quality", default=DEFAULT_QUALITY, metavar="{l,m,h,p,k}",
        # Spelled out so that --help needs no manim; the letter is checked against manim's.
        help="manim preset: l=480p15 m=720p30 h=1080p60 (default) p=1440p60 k=2160p60",
    )  # fmt: skip
    parser.add_argument(
        "--chapters", metavar="A,B", help="render only these chapters (class or module names)"
    )
    parser.add_argument("-o", "--output", type=Path, help="path of the final MP4")
    parser.add_argument(
        "-j", "--jobs", type=int, default=usable_cpus(),
        help="chapters rendered at once (default: the CPUs this process may use)",
    )  # fmt: skip
    parser.add_argument(
        "--force", action="store_true", help="re-render every chapter, even if unchanged"
    )
    parser.add_argument(
        "--media-dir", type=Path, default=BUILD_DIR / "chapters",
        help="where the chapters' clips are kept (default: build/chapters)",
    )  # fmt: skip
    parser.add_argument("--list", action="store_true", help="print the chapters and exit")
    parser.add_argument(
        "--script", action="store_true",
        help="print the narration in film order, chapter by chapter, and exit",
    )  # fmt: skip
    args = parser.parse_args(argv)
    args.preset = None
    # a plain --list or --script needs no preset, so skips importing manim for them
    if not ((args.list or args.script) and args.quality == DEFAULT_QUALITY):
        presets = read_presets()
        if args.quality not in presets:
            names = ", ".join(f"{flag}={q.label}" for flag, q in presets.items())
            parser.error(
                f"unknown quality {args.quality!r}; use one of {', '.join(presets)} ({names})"
            )
        args.preset = presets[args.quality]
    if args.jobs < 1:
        parser.error(f"--jobs must be at least 1, got {args.jobs}")
    if args.output is not None and args.output.suffix.lower() != ".mp4":
        parser.error(f"--output must end in .mp4, got {str(args.output)!r}")
    try:
        args.chapter_list = select_chapters(args.chapters)
    except UsageError as error:
        parser.error(str(error))
    return args


def sound(film: Film) -> str:
    """How the film sounds, for the closing line."""
    if film.loudness is None or film.peak is None:
        return "no sound"
    if film.loudness == float("-inf"):
        return "silent sound track"
    return f"sound {film.loudness:.1f} LUFS, peak {film.peak:.1f} dBFS"


def build(args: argparse.Namespace) -> int:
    """Build the video, one build at a time per folder it writes; return the exit code."""
    output = (args.output or default_output(args.preset)).resolve()
    media_dir = args.media_dir.resolve()
    with build_lock([media_dir, output.parent], announce=lambda text: print(text, flush=True)):
        return build_locked(args, output, media_dir)


def build_locked(args: argparse.Namespace, output: Path, media_dir: Path) -> int:
    """Render what changed, then join, mark, caption, storyboard and publish the video (watch
    page, thumbnail, description, transcript); return the exit code."""
    quality: Quality = args.preset
    start = time.monotonic()
    jobs = plan(args.chapter_list, quality, media_dir, args.force)
    for job in jobs:
        if job.reason == CLIP_CHANGED:
            print(
                f"warning: the clip {job.clip} no longer matches its record; "
                f"rendering {job.chapter.scene} again",
                file=sys.stderr,
            )
    if any(job.reason for job in jobs):
        check_setup()
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
        return EXIT_FAILED

    titles = [job.chapter.title for job in jobs]
    chapters_txt = chapters_path(output)
    board = output.with_suffix(".storyboard.png")
    published = publish_paths(output)
    made = film_fingerprint(jobs, titles)
    products = [chapters_txt, board, *sidecar_paths(output), *published.values()]
    if film_is_up_to_date(output, made, products):
        print(f"Up to date: {output} (no chapter, title or join changed since it was written)")
        return EXIT_OK
    film = concatenate([job.clip for job in jobs], titles, output)
    write_atomically(chapters_txt, youtube_timestamps(film.starts, titles).encode())
    srt_file, vtt_file = write_sidecars(output, film.cues)
    for job in jobs:  # clips from before key frames were kept
        if not key_frame_path(job.clip).exists():
            save_key_frame(job.clip)
    storyboard([key_frame_path(job.clip) for job in jobs], titles, board)
    write_published(output, film.starts, titles, film.cues)
    write_record(output, {"fingerprint": made})  # last: a record means all of it is whole
    print(
        f"Wrote {output} ({film.duration:.1f} s, {len(jobs)} chapter(s); {sound(film)}) "
        f"in {time.monotonic() - start:.1f} s\n"
        f"  chapter timestamps: {chapters_txt}\n"
        f"  captions ({len(film.cues)} cues): {srt_file}, {vtt_file}\n  storyboard: {board}\n"
        f"  watch page: {published['page']}\n  thumbnail: {published['thumbnail']}\n"
        f"  description: {published['description']}\n  transcript: {published['transcript']}"
    )
    return EXIT_OK


def main(argv: list[str] | None = None) -> int:
    """Run ``render.py`` with ``argv`` (default: the command line); return the exit code."""
    try:
        args = parse_args(argv)
        if args.list:
            print_chapter_list()
            return EXIT_OK
        if args.script:
            from pipeline.script import format_script, script_lines

            print(format_script(script_lines(args.chapter_list)))
            return EXIT_OK
        # SIGTERM stops a build the way Ctrl-C does. SIGINT keeps Python's own handler: it
        # raises KeyboardInterrupt, or, when the build started with SIGINT ignored (a
        # script's background job), Python leaves it ignored, as that script expects.
        previous = signal.signal(signal.SIGTERM, _terminate)
        try:
            return build(args)
        except KeyboardInterrupt as stop:
            signum = signal.SIGTERM if isinstance(stop, Terminated) else signal.SIGINT
            how = "Terminated" if signum == signal.SIGTERM else "Interrupted"
            print(f"\n{how}: chapter processes stopped; the previous video is untouched.")
            return 128 + signum
        finally:
            if previous is not None:  # None: a handler installed outside Python
                signal.signal(signal.SIGTERM, previous)
    except SetupError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_FAILED
