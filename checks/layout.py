"""Layout and legibility check: every chapter, every animation step, in seconds.

Each chapter runs in a dry run (no frames encoded). After every ``play`` and ``wait`` the
stage is inspected for what makes a frame unclean: anything outside the safe area, texts
that overlap, strokes through text, text spilling out of its box, text too small, too little
contrast, glyphs the font cannot draw, and long stretches where nothing happens.

    python -m checks.layout                 # all chapters, a table of findings
    python -m checks.layout HullHeads       # some chapters

Findings name the beat (the chapter's ``next_section``) and the time they first appear.

A chapter may excuse a finding that is a deliberate design choice with a class attribute
``LAYOUT_ALLOWANCES = {(kind, text): "why"}``; keep these rare.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import cache

import numpy as np

try:
    from fontTools.ttLib import TTFont
except ImportError as error:  # the film itself does not need it
    raise ImportError(
        "The layout check reads the fonts with fontTools, which is not installed: "
        "run `make setup` or `.venv/bin/pip install -e '.[checks]'`."
    ) from error
from manim import Mobject, Scene, Text, VMobject, config
from manim.utils.color import ManimColor

from checks import chapters_argument, chosen_chapters
from scenes import drawing, fonts, palette, style
from scenes.chapters import Chapter
from scenes.stepping import Step, run_stepped

KINDS = {
    "outside-safe-area": "drawn outside the frame inset by the theme's margin",
    "text-overlap": "two texts overlap",
    "stroke-through-text": "a line, arrow or shape crosses a text",
    "text-spills-box": "a text spills out of the box that frames it",
    "text-too-small": f"font size below the theme's minimum ({style.MIN_FONT_SIZE})",
    "low-contrast": "text contrast with its background below WCAG AA",
    "missing-glyph": "a character the font cannot draw",
    "off-word": f"an action started more than {style.ON_WORD} s after the word it is anchored on",
    "idle": f"more than {style.MAX_IDLE} s with nothing new on screen or said",
    "too-brief": "a text of three or more words gone before it can be read (words/3 + 1 s)",
    "bare-frame": "a line spoken over a frame holding nothing but its heading",
    "empty-lower-half": "the frame's lower half left empty for long while the voice speaks",
}
BARE_SECONDS = 1.0  # a line may start over a bare frame for this long while its picture arrives
EMPTY_HALF_SECONDS = 6.0  # the picture may use only the top half of the frame this long
READING_WORDS_PER_SECOND = 3  # a viewer reads about 3 words a second...
READING_START = 1.0  # ...after a second to find the text
EDGE_TOLERANCE = 0.03  # arrows may touch a text's box; they may not enter it by more
OVERLAP_TOLERANCE = 0.01
CONTRAST_NORMAL, CONTRAST_LARGE, LARGE_TEXT_SIZE = 4.5, 3.0, 36  # WCAG AA
SAMPLES_PER_CURVE = 9
VISIBLE = 0.05  # opacities below this count as invisible


@dataclass(frozen=True)
class Finding:
    chapter: str
    beat: str  # the named beat (section) it appeared in
    time: float  # scene time (s) when the defect was first on stage
    kind: str  # a key of KINDS
    subject: str  # the text (or shape) involved
    detail: str


@dataclass(frozen=True)
class TextBox:
    """A text on stage, reduced to what the check needs."""

    text: str
    font: str
    font_size: float
    box: np.ndarray  # [xmin, ymin, xmax, ymax]
    colors: tuple[tuple[str, float], ...]  # (hex colour, opacity) of its glyphs
    order: int  # drawing order on stage
    key: int = 0  # the text mobject's identity, to follow it from step to step


@dataclass(frozen=True)
class Shape:
    name: str
    box: np.ndarray
    samples: np.ndarray  # (n, 2) points along its stroke; empty if it has no visible stroke
    outline: np.ndarray  # (n, 2) points along its path, whether stroked or not
    closed: bool
    fill: tuple[str, float] | None  # (hex colour, opacity) when visibly filled
    order: int


# --- Pure helpers ----------------------------------------------------------------------------
def relative_luminance(color: str) -> float:
    """WCAG relative luminance of a ``#rrggbb`` colour."""
    rgb = np.array([int(color.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)])
    linear = np.where(rgb <= 0.04045, rgb / 12.92, ((rgb + 0.055) / 1.055) ** 2.4)
    return float(linear @ np.array([0.2126, 0.7152, 0.0722]))


def contrast_ratio(foreground: str, background: str) -> float:
    """WCAG contrast ratio, from 1 (none) to 21 (black on white)."""
    high, low = sorted((relative_luminance(foreground), relative_luminance(background)))[::-1]
    return (high + 0.05) / (low + 0.05)


def blend(color: str, opacity: float, under: str) -> str:
    """``color`` at ``opacity`` over ``under``, as ``#rrggbb``."""
    top = np.array([int(color.lstrip("#")[i : i + 2], 16) for i in (0, 2, 4)])
    bottom = np.array([int(under.lstrip("#")[i : i + 2], 16) for i in (0, 2, 4)])
    mixed = np.rint(opacity * top + (1 - opacity) * bottom).astype(int)
    return "#" + "".join(f"{c:02x}" for c in mixed)


def boxes_overlap(a: np.ndarray, b: np.ndarray, tolerance: float = OVERLAP_TOLERANCE) -> bool:
    return bool(
        min(a[2], b[2]) - max(a[0], b[0]) > tolerance
        and min(a[3], b[3]) - max(a[1], b[1]) > tolerance
    )


def box_contains(outer: np.ndarray, inner: np.ndarray, tolerance: float = 0.0) -> bool:
    return bool(
        inner[0] >= outer[0] - tolerance
        and inner[1] >= outer[1] - tolerance
        and inner[2] <= outer[2] + tolerance
        and inner[3] <= outer[3] + tolerance
    )


def shrink(box: np.ndarray, by: float) -> np.ndarray:
    return box + np.array([by, by, -by, -by])


def box_points(box: np.ndarray) -> np.ndarray:
    """The corners, edge midpoints and centre of a box, as (9, 2) points."""
    xs = np.array([box[0], (box[0] + box[2]) / 2, box[2]])
    ys = np.array([box[1], (box[1] + box[3]) / 2, box[3]])
    return np.array([(x, y) for x in xs for y in ys])


def inside_polygon(points: np.ndarray, polygon: np.ndarray) -> np.ndarray:
    """Even-odd rule: which of ``points`` (n, 2) lie inside the closed ``polygon`` (m, 2)."""
    x, y = points[:, 0][:, None], points[:, 1][:, None]
    x1, y1 = polygon[:, 0][None, :], polygon[:, 1][None, :]
    x2, y2 = np.roll(polygon[:, 0], -1)[None, :], np.roll(polygon[:, 1], -1)[None, :]
    straddles = (y1 > y) != (y2 > y)
    with np.errstate(divide="ignore", invalid="ignore"):
        crossing_x = x1 + (y - y1) * (x2 - x1) / (y2 - y1)
    return ((straddles & (x < crossing_x)).sum(axis=1) % 2) == 1


@cache
def font_characters(font: str) -> frozenset[str]:
    """Characters every shipped file of ``font`` can draw (empty if the font is not shipped)."""
    files = fonts.FONT_FILES.get(font, ())
    maps = [set(map(chr, TTFont(fonts.FONTS_DIR / name)["cmap"].getBestCmap())) for name in files]
    return frozenset(set.intersection(*maps)) if maps else frozenset()


# --- Reading the stage -------------------------------------------------------------------------
def _box(mobject: Mobject) -> np.ndarray | None:
    points = mobject.get_all_points()
    if len(points) == 0:
        return None
    return np.array([*points[:, :2].min(axis=0), *points[:, :2].max(axis=0)])


def segments_cross_box(samples: np.ndarray, box: np.ndarray) -> bool:
    """Whether the polyline through consecutive points of each curve enters ``box``.

    ``samples`` holds SAMPLES_PER_CURVE points per curve, curve after curve; segments join
    points of one curve only (separate subpaths are not joined). Liang-Barsky clipping, so a
    long straight line through a thin text is caught wherever it crosses.
    """
    curves = samples.reshape(-1, SAMPLES_PER_CURVE, 2)
    start = curves[:, :-1].reshape(-1, 2)
    delta = curves[:, 1:].reshape(-1, 2) - start
    enter, leave = np.zeros(len(start)), np.ones(len(start))
    parallel_outside = np.zeros(len(start), dtype=bool)
    for p, q in (
        (-delta[:, 0], start[:, 0] - box[0]),
        (delta[:, 0], box[2] - start[:, 0]),
        (-delta[:, 1], start[:, 1] - box[1]),
        (delta[:, 1], box[3] - start[:, 1]),
    ):
        parallel = p == 0
        parallel_outside |= parallel & (q < 0)
        with np.errstate(divide="ignore", invalid="ignore"):
            ratio = np.where(parallel, 0.0, q / np.where(parallel, 1.0, p))
        enter = np.where(~parallel & (p < 0), np.maximum(enter, ratio), enter)
        leave = np.where(~parallel & (p > 0), np.minimum(leave, ratio), leave)
    return bool(np.any(~parallel_outside & (enter < leave)))


def _stroke_samples(mobject: VMobject) -> np.ndarray:
    """Points along a VMobject's own Bézier curves (not its children's)."""
    points = mobject.points
    if len(points) < 4:
        return np.empty((0, 2))
    curves = points[: len(points) // 4 * 4].reshape(-1, 4, 3)[:, :, :2]
    s = np.linspace(0, 1, SAMPLES_PER_CURVE)[:, None]
    weights = np.hstack([(1 - s) ** 3, 3 * s * (1 - s) ** 2, 3 * s**2 * (1 - s), s**3])
    return np.einsum("sk,ckd->csd", weights, curves).reshape(-1, 2)


def _is_text(mobject: Mobject) -> bool:
    return isinstance(mobject, Text | drawing.TextLine)


def _hex(color) -> str:
    return ManimColor(color).to_hex()[:7].lower()


def read_stage(mobjects: Iterable[Mobject]) -> tuple[list[TextBox], list[Shape]]:
    """The visible texts and shapes on stage, in drawing order."""
    texts: list[TextBox] = []
    shapes: list[Shape] = []
    order = 0

    def visit(mobject: Mobject) -> None:
        nonlocal order
        order += 1
        if _is_text(mobject):
            glyphs = [g for g in mobject.family_members_with_points() if isinstance(g, VMobject)]
            colors = tuple(
                (_hex(g.get_fill_color()), float(g.get_fill_opacity()))
                for g in glyphs
                if g.get_fill_opacity() >= VISIBLE
            )
            box = _box(mobject)
            if colors and box is not None:
                text = getattr(mobject, "original_text", mobject.text)
                texts.append(
                    TextBox(text, mobject.font, mobject.font_size, box, colors, order, id(mobject))
                )
            return
        if isinstance(mobject, VMobject) and mobject.has_points():
            stroked = mobject.get_stroke_opacity() >= VISIBLE and mobject.get_stroke_width() > 0
            filled = mobject.get_fill_opacity() >= VISIBLE
            if stroked or filled:
                outline = _stroke_samples(mobject)
                shapes.append(
                    Shape(
                        name=type(mobject).__name__,
                        box=np.array([*outline.min(axis=0), *outline.max(axis=0)]),
                        samples=outline if stroked else np.empty((0, 2)),
                        outline=outline,
                        closed=bool(mobject.is_closed()) and len(mobject.points) >= 8,
                        fill=(_hex(mobject.get_fill_color()), float(mobject.get_fill_opacity()))
                        if filled
                        else None,
                        order=order,
                    )
                )
        for child in mobject.submobjects:
            visit(child)

    for mobject in mobjects:
        visit(mobject)
    return texts, shapes


def _label(text: str) -> str:
    one_line = " ".join(text.split())
    return one_line if len(one_line) <= 40 else one_line[:37] + "..."


@dataclass(frozen=True)
class View:
    """What the camera shows: the part of the scene in frame, and how much it is magnified
    (a camera zoomed in to half the frame's width shows text at twice its size)."""

    center: tuple[float, float] = (0.0, 0.0)
    width: float = 0.0  # 0: the whole frame, unmoved
    height: float = 0.0

    @property
    def zoom(self) -> float:
        return config.frame_width / self.width if self.width else 1.0

    def box(self, inset: float = 0.0) -> np.ndarray:
        """The view's box, inset by ``inset`` of its width (sides) and height (top, bottom)."""
        width = self.width or config.frame_width
        height = self.height or config.frame_height
        half_w, half_h = width * (0.5 - inset), height * (0.5 - inset)
        x, y = self.center
        return np.array([x - half_w, y - half_h, x + half_w, y + half_h])


def camera_view(scene: Scene) -> View:
    """The view of ``scene``'s camera (a moving camera's frame, or the whole frame)."""
    frame = getattr(scene.camera, "frame", None)
    if frame is None:
        return View()
    x, y, _ = frame.get_center()
    return View((float(x), float(y)), float(frame.width), float(frame.height))


def inspect_stage(
    texts: list[TextBox], shapes: list[Shape], view: View | None = None
) -> Iterator[tuple[str, str, str]]:
    """Yield (kind, subject, detail) for every defect on a stage, as ``view`` shows it:
    what lies wholly out of the camera's view is not seen, so not inspected."""
    view = view or View()
    seen = view.box()
    texts = [text for text in texts if boxes_overlap(seen, text.box, tolerance=-1e-9)]
    shapes = [shape for shape in shapes if boxes_overlap(seen, shape.box, tolerance=-1e-9)]
    safe = view.box(style.SAFE_FRACTION)

    for text in texts:
        name = _label(text.text)
        if not box_contains(safe, text.box, tolerance=1e-3):
            yield "outside-safe-area", name, f"box {np.round(text.box, 2).tolist()}"
        if text.font_size * view.zoom < style.MIN_FONT_SIZE - 0.05:
            yield "text-too-small", name, f"font size {text.font_size * view.zoom:.1f}"
        if text.font not in fonts.FONT_FILES:
            shipped = ", ".join(fonts.FONT_FILES)
            yield "missing-glyph", name, f"font {text.font!r} is not shipped ({shipped})"
        else:
            drawable = font_characters(text.font)
            missing = sorted({c for c in text.text if not c.isspace() and c not in drawable})
            if missing:
                yield "missing-glyph", name, f"{text.font!r} lacks {''.join(missing)!r}"
        under = palette.BACKGROUND
        for shape in shapes:  # the topmost filled shape drawn before the text and behind all of it
            if shape.fill and shape.order < text.order and box_contains(shape.box, text.box):
                under = blend(*shape.fill, under)
        needed = CONTRAST_LARGE if text.font_size >= LARGE_TEXT_SIZE else CONTRAST_NORMAL
        worst = min(contrast_ratio(blend(c, o, under), under) for c, o in text.colors)
        if worst < needed:
            yield "low-contrast", name, f"{worst:.2f}:1 (needs {needed}:1)"

    for i, a in enumerate(texts):
        for b in texts[i + 1 :]:
            if boxes_overlap(a.box, b.box):
                yield "text-overlap", _label(a.text), f"overlaps {_label(b.text)!r}"

    for shape in shapes:
        if not box_contains(safe, shape.box, tolerance=1e-3):
            yield "outside-safe-area", shape.name, f"box {np.round(shape.box, 2).tolist()}"
        for text in texts:
            inner = shrink(text.box, EDGE_TOLERANCE)
            if not boxes_overlap(shape.box, inner, tolerance=-1e-9):  # a flat line has no area
                continue
            name = _label(text.text)
            if shape.closed:
                inside = inside_polygon(box_points(inner), shape.outline)
                if len(shape.samples) and inside[4] and not inside.all():
                    yield "text-spills-box", name, f"out of a {shape.name}"
                    continue
                if shape.fill and shape.order > text.order and inside.any():
                    yield "stroke-through-text", name, f"covered by a {shape.name}"
                    continue
            if len(shape.samples) and segments_cross_box(shape.samples, inner):
                yield "stroke-through-text", name, f"crossed by a {shape.name}"


# --- Running a chapter -----------------------------------------------------------------------
class LayoutInspector:
    """A step callback that inspects the stage after every step and keeps the findings.

    Each finding is kept once, at its first appearance; a chapter's ``LAYOUT_ALLOWANCES``
    excuse deliberate ones.
    """

    def __init__(self, chapter: str, allowances: dict[tuple[str, str], str]):
        self.chapter = chapter
        self.allowances = allowances
        self.findings: list[Finding] = []
        self.seen: set[tuple[str, str, str]] = set()
        self.last_change = 0.0  # when something last changed on stage
        self.shown: dict[int, tuple[str, float]] = {}  # text on stage -> (text, fully shown at)
        self.texts: dict[str, None] = {}  # every text seen, in order of appearance
        self.bare: dict[int, float] = {}  # a line (by its start) -> seconds said over a bare frame
        self.empty_half: tuple[str, float] | None = None  # (line, seconds) the lower half is empty

    def __call__(self, scene: Scene, step: Step) -> None:
        texts, shapes = read_stage(scene.mobjects)
        found = list(inspect_stage(texts, shapes, camera_view(scene)))
        if step.kind == "wait":  # waits in a row add up to one still stretch
            still = step.end - self.last_change
            if still > style.MAX_IDLE + 1e-6:
                found.append(("idle", "wait", f"{still:g} s with nothing new"))
        else:
            self.last_change = step.end
        carried_over = getattr(scene, "carried_over", set())  # read in the chapter before
        on_stage = {text.key: text.text for text in texts if text.key not in carried_over}
        found += self.too_brief(on_stage, step)
        found += self.spoken_over_bare_frame(scene, step, texts, shapes)
        found += self.lower_half_left_empty(scene, step, texts, shapes)
        found += [
            ("off-word", word, f"{seconds:.2f} s after {_label(line.speech.text)!r}")
            for line in getattr(scene, "narration", [])
            for word, seconds in line.late
        ]
        self.texts.update(dict.fromkeys(text.text for text in texts))
        for kind, subject, detail in found:
            if (kind, subject, detail) in self.seen or any(
                kind == k and text in subject for k, text in self.allowances
            ):
                continue
            self.seen.add((kind, subject, detail))
            self.findings.append(
                Finding(self.chapter, step.beat, round(step.end, 2), kind, subject, detail)
            )

    def spoken_over_bare_frame(
        self, scene: Scene, step: Step, texts: list[TextBox], shapes: list[Shape]
    ) -> list[tuple[str, str, str]]:
        """Lines said for more than ``BARE_SECONDS`` while the stage shows only a heading (or
        nothing): the picture should arrive with the words that name it."""
        content = shapes or [text for text in texts if text.font_size < style.HEADING_SIZE - 1]
        if content:
            return []
        found = []
        for line in getattr(scene, "narration", []):
            overlap = min(step.end, line.end) - max(step.start, line.start)
            if overlap <= 0:
                continue
            key = round(line.start * 1000)
            before = self.bare.get(key, 0.0)
            self.bare[key] = before + overlap
            if before <= BARE_SECONDS < self.bare[key]:
                found.append(
                    ("bare-frame", _label(line.speech.text), f"{self.bare[key]:.1f} s said over it")
                )
        return found

    def lower_half_left_empty(
        self, scene: Scene, step: Step, texts: list[TextBox], shapes: list[Shape]
    ) -> list[tuple[str, str, str]]:
        """A picture crowded into the top half while the voice goes on: once the lower half
        (below the frame's middle) has been empty for more than ``EMPTY_HALF_SECONDS`` of
        speech, the line that was speaking when it emptied is named."""
        boxes = [text.box for text in texts] + [shape.box for shape in shapes]
        spoken = [
            line for line in getattr(scene, "narration", [])
            if min(step.end, line.end) > max(step.start, line.start)
        ]  # fmt: skip
        if any(box[1] < 0 for box in boxes) or not spoken:
            self.empty_half = None
            return []
        line, before = self.empty_half or (_label(spoken[0].speech.text), 0.0)
        self.empty_half = (line, before + step.end - step.start)
        if before <= EMPTY_HALF_SECONDS < self.empty_half[1]:
            return [("empty-lower-half", line, f"over {EMPTY_HALF_SECONDS:g} s of speech")]
        return []

    def too_brief(self, on_stage: dict[int, str], step: Step) -> list[tuple[str, str, str]]:
        """Texts that left in this step before a viewer could read them."""
        found = []
        for key, (text, since) in list(self.shown.items()):
            if key in on_stage:
                continue
            del self.shown[key]
            words = len(text.split())
            needed = words / READING_WORDS_PER_SECOND + READING_START
            if words >= 3 and step.start - since < needed - 1e-6:
                seen = f"{step.start - since:.1f} s on screen, needs {needed:.1f} s"
                found.append(("too-brief", _label(text), seen))
        for key, text in on_stage.items():
            self.shown.setdefault(key, (text, step.end))
        return found


def layout_inspector(scene_class: type[Scene], name: str | None = None) -> LayoutInspector:
    """An inspector for a Scene class, with the allowances it declares."""
    allowances = getattr(scene_class, "LAYOUT_ALLOWANCES", {})
    return LayoutInspector(name or scene_class.__name__, allowances)


def check_scene(scene_class: type[Scene], name: str | None = None) -> list[Finding]:
    """Every layout finding of a Scene class, first occurrence of each, in scene order."""
    inspector = layout_inspector(scene_class, name)
    run_stepped(scene_class, inspector)
    return inspector.findings


def check_chapter(chapter: Chapter) -> list[Finding]:
    """Run one chapter in a dry run and return every layout finding, in scene order."""
    return check_scene(chapter.scene_class(), chapter.scene)


def format_findings(findings: list[Finding]) -> str:
    if not findings:
        return "No findings."
    rows = [("chapter", "beat", "time", "kind", "text", "detail")] + [
        (f.chapter, f.beat, f"{f.time:.1f}", f.kind, f.subject, f.detail) for f in findings
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(5)]
    lines = [
        "  ".join(cell.ljust(width) for cell, width in zip(row[:5], widths, strict=True))
        + "  "
        + row[5]
        for row in rows
    ]
    lines.insert(1, "-" * max(len(line) for line in lines))
    counts = {}
    for f in findings:
        counts[f.kind] = counts.get(f.kind, 0) + 1
    summary = ", ".join(f"{kind}: {n}" for kind, n in sorted(counts.items()))
    return "\n".join([*lines, "", f"{len(findings)} finding(s): {summary}"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Check every chapter's layout and legibility.")
    chapters_argument(parser)
    parser.add_argument("-j", "--jobs", type=int, default=None, help="parallel processes")
    args = parser.parse_args(argv)
    chapters = chosen_chapters(parser, args.chapters)
    with ProcessPoolExecutor(max_workers=args.jobs) as pool:
        results = list(pool.map(check_chapter, chapters))
    findings = [f for chapter_findings in results for f in chapter_findings]
    print(format_findings(findings))
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main())
