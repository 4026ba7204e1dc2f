"""Visual regression: key frames of every chapter, compared with committed references.

For each named beat of a chapter (its ``next_section``) the frames at a third, two thirds
and the end of its animations are drawn at 480x270, straight from the camera (no video
encoding, so no compression noise), and named ``<beat>-<k>``: adding an animation to one
beat renames no frame of another. They are compared with the PNGs under
``tests/reference_frames/<module>/`` in two ways:

- **structure**: a pixel that moves by more than PIXEL_TOLERANCE in a channel has changed;
  more than CHANGED_PIXELS_ALLOWED of them means something moved, appeared or vanished (a
  tick mark at this size is about 60 pixels);
- **colour**: the grounds (BACKGROUND, SURFACE) must keep their colour where the reference
  shows them, and every other role must keep its colour where it is drawn. Drawn text is
  mostly anti-aliased edge: a pixel there is a blend of the role and the ground, and
  anti-aliasing noise only slides it along that blend (more or less ink), while a recoloured
  role moves it off the blend. So for each role, the pixels of the reference that are mostly
  that role's ink must stay on its blend line, within COLOUR_TOLERANCE levels as a median. A
  whole-frame tint or one role shifted by 12 levels in one channel fails; noise does not.

    python -m checks.frames              # compare every chapter, print a table
    python -m checks.frames --refresh    # rewrite the references (make refresh-frames)
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
from manim.utils.color import ManimColor
from PIL import Image

from checks import chapters_argument, chosen_chapters
from scenes import palette
from scenes.chapters import Chapter
from scenes.stepping import Step, run_stepped

ROOT = Path(__file__).resolve().parent.parent
REFERENCE_DIR = ROOT / "tests" / "reference_frames"
DIFF_DIR = ROOT / "build" / "visual-diffs"
WIDTH, HEIGHT = 480, 270
PIXEL_TOLERANCE = 48  # a channel must change by more than this for a pixel to count as changed
CHANGED_PIXELS_ALLOWED = 20  # pixels that may change (stray anti-aliasing)
GROUNDS = ("BACKGROUND", "SURFACE")  # the roles that text and shapes are drawn on
ROLE_MIN_PIXELS = 12  # a role drawn on fewer pixels than this is not judged by its colour
MOSTLY_INK = 0.5  # a pixel with at least this much of a role's ink over a ground
ON_BLEND = 2.0  # levels from a blend line that still count as on it (rounding)
COLOUR_TOLERANCE = 4  # levels a role may move off its colour (median over its pixels)
FRAMES_PER_BEAT = (1 / 3, 2 / 3, 1.0)  # where in a beat's animations the frames are taken


@dataclass(frozen=True)
class Difference:
    """How a frame differs from its reference."""

    changed: int  # pixels beyond PIXEL_TOLERANCE; all of them when sizes differ
    colour_shift: float  # the largest median shift of a role's colour, in levels

    @property
    def ok(self) -> bool:
        return self.changed <= CHANGED_PIXELS_ALLOWED and self.colour_shift <= COLOUR_TOLERANCE

    def describe(self) -> str:
        return f"{self.changed} pixels changed, colours shifted by {self.colour_shift:g} levels"


@dataclass(frozen=True)
class Comparison:
    chapter: Chapter
    name: str  # "<beat>-<k>", e.g. "hull-search-2"
    difference: Difference | None  # None when the frame or its reference is missing
    detail: str = ""

    @property
    def ok(self) -> bool:
        return self.difference is not None and self.difference.ok


class FrameCapture:
    """A step callback that draws the stage after every play and keeps it, by beat."""

    def __init__(self) -> None:
        self.plays: dict[str, list[np.ndarray]] = {}  # beat -> frame after each play

    def __call__(self, scene: Scene, step: Step) -> None:
        if step.kind != "play":
            return
        scene.renderer.static_image = None  # a full play leaves a stale background
        scene.renderer.update_frame(scene, ignore_skipping=True)
        frame = scene.renderer.get_frame()[:, :, :3].copy()
        self.plays.setdefault(step.beat, []).append(frame)

    def key_frames(self) -> dict[str, np.ndarray]:
        """Frames at a third, two thirds and the end of each beat, named ``<beat>-<k>``."""
        frames: dict[str, np.ndarray] = {}
        for beat, plays in self.plays.items():
            picks = sorted({max(0, round(len(plays) * f) - 1) for f in FRAMES_PER_BEAT})
            for k, index in enumerate(picks, start=1):
                frames[f"{beat}-{k}"] = plays[index]
        return frames


def last_frames(frames: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Each beat's last key frame (``<beat>-<k>`` with the highest k), by beat."""
    last: dict[str, tuple[int, np.ndarray]] = {}
    for name, frame in frames.items():
        beat, k = name.rsplit("-", 1)
        if beat not in last or int(k) > last[beat][0]:
            last[beat] = (int(k), frame)
    return {beat: frame for beat, (_, frame) in last.items()}


def ink_outside_title_safe(frame: np.ndarray, fraction: float) -> int:
    """Pixels drawn (off the background by more than PIXEL_TOLERANCE) in the frame's border:
    ``fraction`` of its width at the sides and of its height at the top and bottom. One pixel
    of slack at the border's inner edge, where anti-aliasing of a shape just inside spills."""
    height, width = frame.shape[:2]
    inner_x, inner_y = round(width * fraction) - 1, round(height * fraction) - 1
    drawn = np.abs(frame.astype(int) - rgb(palette.BACKGROUND)).max(axis=2) > PIXEL_TOLERANCE
    drawn[inner_y : height - inner_y, inner_x : width - inner_x] = False
    return int(drawn.sum())


def capture(scene_class: type[Scene]) -> dict[str, np.ndarray]:
    """A chapter's key frames as RGB arrays, named ``<beat>-<k>``."""
    frames = FrameCapture()
    run_stepped(scene_class, frames, pixel_width=WIDTH, pixel_height=HEIGHT)
    return frames.key_frames()


def capture_chapter(chapter: Chapter) -> dict[str, np.ndarray]:
    return capture(chapter.scene_class())


def changed_mask(actual: np.ndarray, expected: np.ndarray) -> np.ndarray:
    return np.abs(actual.astype(int) - expected.astype(int)).max(axis=2) > PIXEL_TOLERANCE


def rgb(color: str) -> np.ndarray:
    """A colour's 0-255 channels, as floats."""
    return np.array(ManimColor(color).to_int_rgb(), dtype=float)


def off_blend(pixels: np.ndarray, ground: np.ndarray, ink: np.ndarray) -> tuple[np.ndarray, ...]:
    """(share of ink, distance off the ground-to-ink blend line) of each pixel (n, 3)."""
    line = ink - ground
    share = (pixels - ground) @ line / (line @ line)
    distance = np.linalg.norm(pixels - ground - share[:, None] * line, axis=1)
    return share, distance


def colour_shift(actual: np.ndarray, expected: np.ndarray) -> float:
    """The largest median colour drift, in levels, over the grounds and the roles drawn on them."""
    actual = actual.reshape(-1, 3).astype(float)
    expected = expected.reshape(-1, 3).astype(float)
    roles = {role: rgb(color) for role, color in palette.palette().items()}
    drifts = []
    plain = np.zeros(len(expected), dtype=bool)  # pixels showing a ground carry no ink
    for ground in GROUNDS:  # where the reference shows the ground, it must stay that colour
        shown = np.abs(expected - roles[ground]).max(axis=1) <= 1
        if shown.sum() >= ROLE_MIN_PIXELS:
            drifts.append(np.median(np.abs(actual[shown] - expected[shown]).max(axis=1)))
        plain |= shown
    expected, actual = expected[~plain], actual[~plain]
    for ground in GROUNDS:
        for role, ink in roles.items():
            if role in GROUNDS:
                continue
            share, distance = off_blend(expected, roles[ground], ink)
            inked = (share >= MOSTLY_INK) & (share <= 1.02) & (distance <= ON_BLEND)
            if inked.sum() >= ROLE_MIN_PIXELS:
                _, moved = off_blend(actual[inked], roles[ground], ink)
                drifts.append(np.median(moved))
    return float(max(drifts, default=0.0))


def compare(actual: np.ndarray, expected: np.ndarray) -> Difference:
    """How ``actual`` differs from ``expected`` (as bad as can be if their sizes differ)."""
    if actual.shape != expected.shape:
        return Difference(expected.shape[0] * expected.shape[1], 255.0)
    return Difference(int(changed_mask(actual, expected).sum()), colour_shift(actual, expected))


def diff_image(actual: np.ndarray, expected: np.ndarray) -> Image.Image:
    """Actual, expected and their difference (changed pixels in magenta), side by side."""
    height, width = expected.shape[:2]
    actual = np.asarray(Image.fromarray(actual).resize((width, height)))
    difference = (expected // 3).astype(np.uint8)
    tinted = np.abs(actual.astype(int) - expected.astype(int)).max(axis=2) > COLOUR_TOLERANCE
    difference[tinted] = (255, 160, 0)  # colour drift in orange
    difference[changed_mask(actual, expected)] = (255, 0, 255)
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
            results.append(Comparison(chapter, name, None, "frame no longer captured"))
            continue
        if not path.exists():
            results.append(Comparison(chapter, name, None, "no reference (make refresh-frames)"))
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
    chapters_argument(parser)
    parser.add_argument("--refresh", action="store_true", help="rewrite the references")
    args = parser.parse_args(argv)
    chapters = chosen_chapters(parser, args.chapters)
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
            found = result.difference.describe() if result.difference else result.detail
            status = "ok" if result.ok else "DIFFERS"
            print(f"{chapter.module:<26} {result.name:<24} {status:<7}  {found}")
    if failures:
        print(f"\n{failures} frame(s) differ; side-by-sides in {DIFF_DIR}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
