#!/usr/bin/env python3
"""Build "Can LLMs Be Computers?": render every chapter, then join the clips into one MP4.

Each chapter renders in its own ``python -m manim`` process (manim's config is a global
singleton), several at a time. The clips are joined by stream copy through PyAV, so nothing
is re-encoded and the video's duration is the sum of the chapters'.

    python render.py                      # all chapters, 1080p60
    python render.py -q l --chapters Intro,Recap --output build/short.mp4
    python render.py --list
"""

from __future__ import annotations

import argparse
import io
import os
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

from scenes import CHAPTERS, Chapter, find_chapter

ROOT = Path(__file__).resolve().parent
BUILD_DIR = ROOT / "build"
EXIT_OK, EXIT_RENDER_FAILED, EXIT_USAGE = 0, 1, 2


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


@dataclass(frozen=True)
class RenderResult:
    chapter: Chapter
    clip: Path
    seconds: float
    error: str | None = None  # the tail of manim's output when the render failed


class UsageError(Exception):
    """Bad command-line input; the message says what is wrong and how to fix it."""


def select_chapters(spec: str | None) -> list[Chapter]:
    """Chapters named in a comma-separated ``spec`` (class or module names), in video order."""
    if not spec:
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


def clip_path(media_dir: Path, chapter: Chapter, quality: Quality) -> Path:
    """Where manim writes a chapter's clip (its ``video_dir`` layout)."""
    return media_dir / "videos" / chapter.module / quality.label / f"{chapter.scene}.mp4"


def manim_command(chapter: Chapter, quality: Quality, media_dir: Path) -> list[str]:
    return [
        sys.executable, "-m", "manim", "render",
        "-q", quality.flag,
        "--media_dir", str(media_dir),
        "--disable_caching",
        "--progress_bar", "none",
        "-v", "WARNING",
        chapter.path, chapter.scene,
    ]  # fmt: skip


def render_chapter(chapter: Chapter, quality: Quality, media_dir: Path) -> RenderResult:
    """Render one chapter in its own manim process; never raises for a failed render."""
    clip = clip_path(media_dir, chapter, quality)
    clip.unlink(missing_ok=True)  # a failed render must not leave an old clip looking fresh
    start = time.monotonic()
    process = subprocess.run(
        manim_command(chapter, quality, media_dir),
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    seconds = time.monotonic() - start
    if process.returncode != 0 or not clip.exists():
        output = (process.stdout + process.stderr).strip().splitlines()
        tail = "\n".join(output[-25:]) or f"manim exited {process.returncode} and wrote no clip"
        return RenderResult(chapter, clip, seconds, error=tail)
    return RenderResult(chapter, clip, seconds)


def render_all(
    chapters: list[Chapter], quality: Quality, media_dir: Path, jobs: int
) -> list[RenderResult]:
    """Render chapters ``jobs`` at a time, printing a line as each one finishes."""
    total = len(chapters)
    results: dict[Chapter, RenderResult] = {}
    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        futures = {pool.submit(render_chapter, c, quality, media_dir): c for c in chapters}
        print(f"Rendering {total} chapter(s) at {quality.label}, {jobs} at a time ...")
        for future in as_completed(futures):
            result = future.result()
            results[result.chapter] = result
            status = "failed" if result.error else "done"
            print(
                f"  [{len(results)}/{total}] {result.chapter.module:<26} {status} "
                f"in {result.seconds:5.1f} s",
                flush=True,
            )
    return [results[c] for c in chapters]


def concatenate(clips: list[Path], output: Path) -> None:
    """Join clips by stream copy (no re-encode) into ``output``, written atomically."""
    import av  # PyAV comes with manim; imported here so --list stays fast

    output.parent.mkdir(parents=True, exist_ok=True)
    partial = output.with_name(f".{output.stem}.partial{output.suffix}")
    manifest = "".join(f"file 'file:{clip.resolve().as_posix()}'\n" for clip in clips)
    try:
        with (
            av.open(io.BytesIO(manifest.encode()), format="concat", options={"safe": "0"}) as src,
            av.open(str(partial), mode="w", format="mp4") as dst,
        ):
            in_stream = src.streams.video[0]
            out_stream = dst.add_stream_from_template(template=in_stream)
            for packet in src.demux(in_stream):
                if packet.dts is None:  # demux's flushing packets
                    continue
                packet.stream = out_stream
                dst.mux(packet)
        partial.replace(output)
    finally:
        partial.unlink(missing_ok=True)


def video_duration(path: Path) -> float:
    """Duration in seconds of a video file's first video stream."""
    import av

    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        if stream.duration is not None:
            return float(stream.duration * stream.time_base)
        return container.duration / 1_000_000


def extract_frame(path: Path, at_seconds: float):
    """The decoded frame shown at ``at_seconds`` (clamped to the video) as a PIL image."""
    import av

    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        last = None
        for frame in container.decode(stream):
            if frame.time is not None and frame.time > at_seconds + 1e-6 and last is not None:
                break
            last = frame
        if last is None:
            raise ValueError(f"{path} has no video frames")
        return last.to_image()


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
        "--media-dir", type=Path, default=BUILD_DIR / "media",
        help="where manim writes chapter clips (default: build/media)",
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
    try:
        args.chapter_list = select_chapters(args.chapters)
    except UsageError as error:
        parser.error(str(error))
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.list:
        print_chapter_list()
        return EXIT_OK
    quality = QUALITIES[args.quality]
    output = (args.output or default_output(quality)).resolve()
    media_dir = args.media_dir.resolve()

    results = render_all(args.chapter_list, quality, media_dir, args.jobs)
    failed = [r for r in results if r.error]
    for result in failed:
        chapter = result.chapter
        print(f"\nChapter {chapter.module} ({chapter.scene}) failed:", file=sys.stderr)
        print(result.error, file=sys.stderr)
    if failed:
        names = ", ".join(r.chapter.scene for r in failed)
        print(
            f"\nNo video written: {len(failed)} chapter(s) failed ({names}). Fix the error above, "
            f"or preview one with: manim -ql {failed[0].chapter.path} {failed[0].chapter.scene}",
            file=sys.stderr,
        )
        return EXIT_RENDER_FAILED

    concatenate([r.clip for r in results], output)
    print(f"Wrote {output} ({video_duration(output):.1f} s, {len(results)} chapters)")
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
