"""Visual regression: key frames of every chapter, compared with committed references.

For each beat of a chapter (the stretch between two clears of the stage) the frames at a
third, two thirds and the end of its animations are drawn at 480x270, straight from the
camera (no video encoding, so no compression noise). They are compared with the PNGs under
``tests/reference_frames/<module>/`` within a tolerance that ignores anti-aliasing but not a
moved, recoloured or missing element.

    python -m scenes.snapshots              # compare every chapter, print a table
    python -m scenes.snapshots --refresh    # rewrite the references (make refresh-frames)
"""

from __future__ import annotations

import argparse
import shutil
import sys
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from manim import Scene
from PIL import Image

from scenes import CHAPTERS, Chapter, find_chapter
from scenes.stepping import run_stepped

ROOT = Path(__file__).resolve().parent.parent
REFERENCE_DIR = ROOT / "tests" / "reference_frames"
DIFF_DIR = ROOT / "build" / "visual-diffs"
WIDTH, HEIGHT = 480, 270
PIXEL_TOLERANCE = 48  # a channel must change by more than this for a pixel to count as changed
CHANGED_PIXELS_ALLOWED = 0.002  # fraction of pixels that may change (edge anti-aliasing)
FRAMES_PER_BEAT = (1 / 3, 2 / 3, 1.0)  # where in a beat's animations the frames are taken


@dataclass(frozen=True)
class Comparison:
    chapter: Chapter
    name: str  # e.g. "beat2-3"
    changed: float  # fraction of pixels beyond tolerance; 1.0 when missing or resized
    detail: str = ""

    @property
    def ok(self) -> bool:
        return self.changed <= CHANGED_PIXELS_ALLOWED and not self.detail


def capture(scene_class: type[Scene]) -> dict[str, np.ndarray]:
    """The chapter's key frames as RGB arrays, named ``beat<b>-<k>``."""
    beats: list[list[np.ndarray]] = [[]]

    def after_step(scene: Scene, step: str) -> None:
        if step == "play":
            scene.renderer.static_image = None  # a full play leaves a stale background
            scene.renderer.update_frame(scene, ignore_skipping=True)
            beats[-1].append(scene.renderer.get_frame()[:, :, :3].copy())
        elif step == "beat-end":
            beats.append([])

    run_stepped(scene_class, after_step, pixel_width=WIDTH, pixel_height=HEIGHT)
    frames: dict[str, np.ndarray] = {}
    for b, plays in enumerate((beat for beat in beats if beat), start=1):
        picks = sorted({max(0, round(len(plays) * f) - 1) for f in FRAMES_PER_BEAT})
        for k, index in enumerate(picks, start=1):
            frames[f"beat{b}-{k}"] = plays[index]
    return frames


def capture_chapter(chapter: Chapter) -> dict[str, np.ndarray]:
    return capture(chapter.scene_class())


def compare(actual: np.ndarray, expected: np.ndarray) -> float:
    """Fraction of pixels that differ by more than the tolerance (1.0 if sizes differ)."""
    if actual.shape != expected.shape:
        return 1.0
    changed = np.abs(actual.astype(int) - expected.astype(int)).max(axis=2) > PIXEL_TOLERANCE
    return float(changed.mean())


def diff_image(actual: np.ndarray, expected: np.ndarray) -> Image.Image:
    """Actual, expected and their difference (changed pixels in magenta), side by side."""
    height, width = expected.shape[:2]
    actual = np.asarray(Image.fromarray(actual).resize((width, height)))
    changed = np.abs(actual.astype(int) - expected.astype(int)).max(axis=2) > PIXEL_TOLERANCE
    difference = (expected // 3).astype(np.uint8)
    difference[changed] = (255, 0, 255)
    return Image.fromarray(np.hstack([actual, expected, difference]))


def reference_path(chapter: Chapter, name: str) -> Path:
    return REFERENCE_DIR / chapter.module / f"{name}.png"


def check_against_references(chapter: Chapter, frames: dict[str, np.ndarray]) -> list[Comparison]:
    """Compare captured frames with the references; write side-by-sides for mismatches."""
    expected_names = {p.stem for p in (REFERENCE_DIR / chapter.module).glob("*.png")}
    for old in DIFF_DIR.glob(f"{chapter.module}-*.png"):  # from an earlier run
        old.unlink()
    results = []
    for name in sorted(expected_names | set(frames)):
        path = reference_path(chapter, name)
        if name not in frames:
            results.append(Comparison(chapter, name, 1.0, "frame no longer captured"))
            continue
        if not path.exists():
            results.append(Comparison(chapter, name, 1.0, "no reference (make refresh-frames)"))
            continue
        expected = np.asarray(Image.open(path).convert("RGB"))
        result = Comparison(chapter, name, compare(frames[name], expected))
        if not result.ok:
            DIFF_DIR.mkdir(parents=True, exist_ok=True)
            diff_image(frames[name], expected).save(DIFF_DIR / f"{chapter.module}-{name}.png")
        results.append(result)
    return results


def refresh(chapter: Chapter, frames: dict[str, np.ndarray]) -> int:
    """Replace the chapter's references with ``frames``; return how many were written."""
    folder = REFERENCE_DIR / chapter.module
    fresh = folder.with_name(f".{chapter.module}.new")
    shutil.rmtree(fresh, ignore_errors=True)
    fresh.mkdir(parents=True)
    for name, frame in frames.items():
        Image.fromarray(frame).save(fresh / f"{name}.png", optimize=True)
    shutil.rmtree(folder, ignore_errors=True)  # swapped in whole: never half old, half new
    fresh.rename(folder)
    return len(frames)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Compare or refresh the reference frames.")
    parser.add_argument("chapters", nargs="*", help="class or module names (default: all)")
    parser.add_argument("--refresh", action="store_true", help="rewrite the references")
    args = parser.parse_args(argv)
    try:
        chapters = [find_chapter(name) for name in args.chapters] or list(CHAPTERS)
    except KeyError as error:
        parser.error(error.args[0])
    with ProcessPoolExecutor() as pool:
        captured = dict(zip(chapters, pool.map(capture_chapter, chapters), strict=True))
    if args.refresh:
        for chapter, frames in captured.items():
            print(f"{chapter.module}: {refresh(chapter, frames)} reference frame(s) written")
        return 0
    failures = 0
    for chapter, frames in captured.items():
        for result in check_against_references(chapter, frames):
            failures += not result.ok
            status = "ok" if result.ok else f"DIFFERS {result.detail}".strip()
            print(f"{chapter.module:<26} {result.name:<9} {result.changed:7.2%}  {status}")
    if failures:
        print(f"\n{failures} frame(s) differ; side-by-sides in {DIFF_DIR}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
