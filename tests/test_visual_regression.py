"""The visual regression sees what a viewer sees: any theme colour role shifted by 12 levels in
one channel, a moved element or a missing one fails the comparison; anti-aliasing noise, as
between two machines of the same kind, passes.

Each case draws a scene with the theme patched, in a worker process. The roles are drawn as
the film draws them at their thinnest (caption-size text in each role, on the background and
on a card), the other cases are the recap chapter against its committed references.
On a mismatch of the real film, `tests/test_film.py` names the chapter and frame and writes
actual | expected | difference to build/visual-diffs/.
"""

from __future__ import annotations

import contextlib
from concurrent.futures import ProcessPoolExecutor
from unittest import mock

import numpy as np
import pytest
from manim import RIGHT, FadeIn, VGroup, config

from checks import frames
from scenes import drawing, palette, stage, style
from scenes.chapters import find_chapter

ROLES = palette.ROLES
SHIFT = 12  # levels, in one channel
NOISE_CHAPTER = "Recap"  # a real chapter, compared with its committed references


class Swatches(stage.ChapterScene):
    """Every role as a caption on the background and on a card (the card's fill is SURFACE)."""

    def construct(self) -> None:
        self.next_section("swatches")
        inks = [role for role in ROLES if role not in frames.GROUNDS]

        def captions() -> VGroup:
            return drawing.stack(
                [drawing.prose(r, size=style.CAPTION_SIZE, color=getattr(palette, r)) for r in inks]
            )

        swatches = VGroup(captions(), drawing.card(captions()))
        self.play(FadeIn(swatches.arrange(RIGHT, buff=style.GAP_L)))


def shifted(color: str, channel: int, by: int = SHIFT) -> str:
    """``color`` with one channel moved by ``by`` levels (down where up would clip)."""
    rgb = [int(color.lstrip("#")[i : i + 2], 16) for i in (0, 2, 4)]
    rgb[channel] += by if rgb[channel] + by <= 255 else -by
    return "#" + "".join(f"{c:02x}" for c in rgb)


def patch(case: str) -> contextlib.AbstractContextManager:
    """The change to the theme that ``case`` names (undone on exit: workers are reused)."""
    if case in ROLES:  # each role in another channel, so all three channels are exercised
        return mock.patch.object(
            palette, case, shifted(getattr(palette, case), ROLES.index(case) % 3)
        )
    if case == "moved":  # the credits' two blocks are GAP_L apart: the lower one moves down
        return mock.patch.object(style, "GAP_L", style.GAP_L + 0.3)
    if case == "missing":  # every card's box is there but not drawn
        card = drawing.card

        def boxless(*args, **kwargs):
            drawn = card(*args, **kwargs)
            drawn.box.set_stroke(opacity=0).set_fill(opacity=0)
            return drawn

        return mock.patch.object(drawing, "card", boxless)
    if case == "subpixel":  # the picture a sixteenth of a pixel off: edges anti-alias anew
        setup = stage.ChapterScene.setup

        def shifted_camera(scene):
            setup(scene)
            pixel = config.frame_width / frames.WIDTH
            scene.camera.frame_center = np.array([1, -1, 0]) * pixel / 16

        return mock.patch.object(stage.ChapterScene, "setup", shifted_camera)
    return contextlib.nullcontext()


def capture_patched(case: str) -> dict[str, np.ndarray]:
    """Key frames drawn with one patch applied (run in a worker process).

    Role cases and ``swatches...`` draw the swatches, the others chapter 1.
    """
    scene, _, patched = case.partition(":")
    with patch(patched or scene):
        if scene == "swatches" or scene in ROLES:
            return frames.capture(Swatches)
        return frames.capture_chapter(find_chapter(NOISE_CHAPTER))


@pytest.fixture(scope="module")
def captures() -> dict[str, dict[str, np.ndarray]]:
    cases = [*ROLES, "swatches", "swatches:subpixel", "moved", "missing", "subpixel", "unpatched"]
    with ProcessPoolExecutor() as pool:
        return dict(zip(cases, pool.map(capture_patched, cases), strict=True))


def failing_frames(chapter: str, captured: dict[str, np.ndarray]) -> list[str]:
    results = frames.check_against_references(find_chapter(chapter), captured)
    return [r.name for r in results if not r.ok]


def test_the_unpatched_chapters_pass(captures):
    assert failing_frames(NOISE_CHAPTER, captures["unpatched"]) == []


@pytest.mark.parametrize("role", ROLES)
def test_a_theme_role_shifted_by_12_levels_in_one_channel_fails(captures, role):
    ((name, expected),) = captures["swatches"].items()
    assert frames.compare(captures["swatches:subpixel"][name], expected).ok, "noise failed"
    assert not frames.compare(captures[role][name], expected).ok, f"{role} +{SHIFT} passed"


def test_a_moved_element_fails(captures):
    failing = failing_frames(NOISE_CHAPTER, captures["moved"])
    assert "credits-2" in failing  # the prior work, drawn lower
    assert not any(name.startswith("recap-points") for name in failing)  # no GAP_L there


def test_a_missing_element_fails(captures):
    failing = failing_frames(NOISE_CHAPTER, captures["missing"])
    assert {"takeaway-3", "credits-1", "credits-2"} <= set(failing)  # the frames with cards
    assert not any(name.startswith("recap-points") for name in failing)


def test_anti_aliasing_noise_passes(captures):
    """A subpixel shift redraws every edge a little differently, as another machine might."""
    subpixel = captures["subpixel"]
    unpatched = captures["unpatched"]
    assert any(not np.array_equal(subpixel[n], unpatched[n]) for n in unpatched), "no noise made"
    assert failing_frames(NOISE_CHAPTER, subpixel) == []


def test_small_noise_everywhere_passes_and_a_tint_does_not():
    rng = np.random.default_rng(0)
    frame = np.zeros((frames.HEIGHT, frames.WIDTH, 3), dtype=np.uint8)
    frame[:] = frames.rgb(palette.BACKGROUND)
    frame[100:150, 100:300] = frames.rgb(palette.ACCENT)  # a drawn shape
    noisy = np.clip(frame.astype(int) + rng.integers(-2, 3, frame.shape), 0, 255)
    assert frames.compare(noisy.astype(np.uint8), frame).ok
    tinted = frame.copy()
    tinted[..., 2] += SHIFT
    assert not frames.compare(tinted, frame).ok
    moved = np.roll(frame, 5, axis=1)
    assert not frames.compare(moved, frame).ok


def test_ink_in_the_title_safe_border_is_counted_and_each_beats_last_frame_picked():
    ground = frames.rgb(palette.BACKGROUND)
    frame = np.tile(ground, (frames.HEIGHT, frames.WIDTH, 1)).astype(np.uint8)
    inside = frame.copy()
    inside[100:120, 200:260] = frames.rgb(palette.TEXT)  # well inside the safe area
    assert frames.ink_outside_title_safe(inside, style.SAFE_FRACTION) == 0
    at_edge = inside.copy()
    at_edge[130:140, 5:15] = frames.rgb(palette.TEXT)  # 10 x 10 pixels in the left border
    assert frames.ink_outside_title_safe(at_edge, style.SAFE_FRACTION) == 100
    picked = frames.last_frames({"a-1": frame, "a-3": at_edge, "b-1": inside, "a-2": inside})
    assert picked.keys() == {"a", "b"} and picked["a"] is at_edge and picked["b"] is inside
