#!/usr/bin/env python3
"""Benchmark render.py against plain manim, on a temporary copy of the project.

    .venv/bin/python bench/render_bench.py            # 480p15, as CI would
    .venv/bin/python bench/render_bench.py -q m
    .venv/bin/python bench/render_bench.py --narration-only

Prints one table:
  (a) a cold build of every chapter with render.py vs. the same chapters rendered one after
      another with plain `python -m manim render` (manim's defaults, its cache on);
  (b) a rebuild with nothing changed;
  (c) a rebuild after editing one chapter, vs. that chapter's own plain render time.
  (d) the narration: every line synthesized into an empty cache (cold), then read back from
      it (cached), in one process.
Targets (2 cores): (a) ratio <= 0.55, (b) < 3 s, (c) <= chapter time + 3 s. The benchmark
reports; it does not fail a build.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# The project is installed (editable), so this script, run from bench/, imports it directly.
from scenes.chapters import CHAPTERS, find_chapter

ROOT = Path(__file__).resolve().parent.parent

EDITED_CHAPTER = "KeyIdea"  # a chapter of middling length


def timed(command: list[str], cwd: Path) -> float:
    start = time.monotonic()
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"benchmark step failed: {' '.join(command)}\n{result.stdout}{result.stderr}")
    return time.monotonic() - start


def copy_project(to: Path) -> Path:
    """What a build reads. The copy's render.py imports the copy's pipeline and scenes."""
    to.mkdir()
    for name in ("render.py", "manim.cfg"):
        shutil.copy(ROOT / name, to / name)
    for folder in ("scenes", "pipeline", "assets"):
        shutil.copytree(ROOT / folder, to / folder, ignore=shutil.ignore_patterns("__pycache__"))
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-q", "--quality", default="l", help="manim preset letter (default l)")
    parser.add_argument(
        "--narration-only", action="store_true", help="only (d), the voice's synthesis time"
    )
    args = parser.parse_args()
    if args.narration_only:
        narration_bench()
        return

    with tempfile.TemporaryDirectory(prefix="render-bench-") as tmp:
        work = Path(tmp)
        project = copy_project(work / "project")
        plain_cfg = work / "plain.cfg"  # manim as it comes: its cache on
        plain_cfg.write_text(f"[CLI]\nmedia_dir = {work / 'plain'}\ndisable_caching = False\n")
        python = sys.executable

        print("(a) plain manim, one chapter after another ...", flush=True)
        plain = {
            chapter.scene: timed(
                [python, "-m", "manim", "render", "-q", args.quality, "--config_file",
                 str(plain_cfg), "--progress_bar", "none", chapter.path, chapter.scene],
                project,
            )
            for chapter in CHAPTERS
        }
        build = [python, "render.py", "-q", args.quality, "--output", str(work / "video.mp4")]
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
    widths = [max(len(str(row[i])) for row in rows) for i in range(4)]
    print(f"\nRender benchmark, quality {args.quality}, {len(CHAPTERS)} chapters")
    for row in rows:
        cells = [str(cell).ljust(width) for cell, width in zip(row[:4], widths, strict=True)]
        print("  ".join(cells), "  met" if row[4] else "  MISSED")
    print("\nplain manim per chapter: " + ", ".join(f"{k} {v:.1f} s" for k, v in plain.items()))
    narration_bench()


if __name__ == "__main__":
    main()
