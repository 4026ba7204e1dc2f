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


def test_a_recoloured_theme_role_is_caught(monkeypatch):
    chapter = find_chapter("Intro")  # its "great at" list is drawn in theme.POSITIVE
    monkeypatch.setattr(theme, "POSITIVE", "#ff00ff")
    results = snap.check_against_references(chapter, snap.capture_chapter(chapter))
    assert not all(r.ok for r in results)


def test_a_moved_element_is_caught(monkeypatch):
    chapter = find_chapter("Intro")  # its two lists are GAP_L apart
    monkeypatch.setattr(theme, "GAP_L", theme.GAP_L + 0.3)
    results = snap.check_against_references(chapter, snap.capture_chapter(chapter))
    assert not all(r.ok for r in results)


def test_noise_below_the_tolerance_is_ignored():
    rng = np.random.default_rng(0)
    frame = rng.integers(0, 200, size=(snap.HEIGHT, snap.WIDTH, 3), dtype=np.uint8)
    noisy = np.clip(frame.astype(int) + rng.integers(-20, 21, frame.shape), 0, 255)
    assert snap.compare(noisy.astype(np.uint8), frame) == 0
    moved = np.roll(frame, 5, axis=1)
    assert snap.compare(moved, frame) > snap.CHANGED_PIXELS_ALLOWED
