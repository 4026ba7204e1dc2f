"""Visual regression: every chapter's key frames match the committed references.

On a mismatch the test names the chapter and frame and writes actual | expected | difference
to build/visual-diffs/. Refresh the references on purpose with `make refresh-frames`.
"""

from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor

import numpy as np
import pytest

from scenes import CHAPTERS, find_chapter, theme
from scenes import snapshots as snap


@pytest.fixture(scope="module")
def captured():
    with ProcessPoolExecutor() as pool:
        return dict(zip(CHAPTERS, pool.map(snap.capture_chapter, CHAPTERS), strict=True))


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda c: c.scene)
def test_chapter_matches_its_reference_frames(captured, chapter):
    frames = captured[chapter]
    assert len(frames) >= 3, "at least three key frames per chapter"
    results = snap.check_against_references(chapter, frames)
    failures = [
        f"{chapter.module} frame {r.name}: {r.changed:.2%} of pixels changed {r.detail} "
        f"(see {snap.DIFF_DIR / f'{chapter.module}-{r.name}.png'})"
        for r in results
        if not r.ok
    ]
    assert not failures, "\n".join(failures)


def test_references_stay_small():
    files = list(snap.REFERENCE_DIR.rglob("*.png"))
    assert len(files) >= 3 * len(CHAPTERS)
    assert sum(f.stat().st_size for f in files) < 4_000_000


@pytest.fixture(scope="module")
def intro_frames():
    return snap.capture_chapter(find_chapter("Intro"))


def changed_frames(frames, patched) -> list[str]:
    """Names of frames whose comparison with the unpatched capture fails."""
    assert frames.keys() == patched.keys()
    return [
        name
        for name in frames
        if snap.compare(patched[name], frames[name]) > snap.CHANGED_PIXELS_ALLOWED
    ]


def test_a_recoloured_theme_role_is_caught(intro_frames, monkeypatch):
    chapter = find_chapter("Intro")  # its "great at" list is drawn in theme.POSITIVE
    assert all(r.ok for r in snap.check_against_references(chapter, intro_frames))
    monkeypatch.setattr(theme, "POSITIVE", "#ff00ff")
    patched = snap.capture_chapter(chapter)
    assert changed_frames(intro_frames, patched) == ["beat2-1", "beat2-2", "beat2-3"]
    assert not all(r.ok for r in snap.check_against_references(chapter, patched))


def test_a_moved_element_is_caught(intro_frames, monkeypatch):
    chapter = find_chapter("Intro")  # its two lists are GAP_L apart
    monkeypatch.setattr(theme, "GAP_L", theme.GAP_L + 0.3)
    patched = snap.capture_chapter(chapter)
    assert "beat2-3" in changed_frames(intro_frames, patched)  # the whole page moves
    assert changed_frames(intro_frames, patched) == [n for n in patched if n.startswith("beat2")]


def test_noise_below_the_tolerance_is_ignored():
    rng = np.random.default_rng(0)
    frame = rng.integers(0, 200, size=(snap.HEIGHT, snap.WIDTH, 3), dtype=np.uint8)
    noisy = np.clip(frame.astype(int) + rng.integers(-20, 21, frame.shape), 0, 255)
    assert snap.compare(noisy.astype(np.uint8), frame) == 0
    moved = np.roll(frame, 5, axis=1)
    assert snap.compare(moved, frame) > snap.CHANGED_PIXELS_ALLOWED
