"""Shared fixtures."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest

from scenes.chapters import CHAPTERS, Chapter

ROOT = Path(__file__).resolve().parent.parent
SMOKE_DIR = ROOT / "build" / "smoke"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of everything a build reads, so a test can edit it freely.

    ``python render.py`` run in the copy imports the copy's ``pipeline`` and ``scenes`` (the
    script's folder comes first on sys.path), so an edit here never touches the real project.
    """
    copy = tmp_path / "project"
    copy.mkdir()
    for name in ("render.py", "manim.cfg", "pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, copy / name)
    for folder in ("scenes", "pipeline", "assets"):
        shutil.copytree(ROOT / folder, copy / folder, ignore=shutil.ignore_patterns("__pycache__"))
    return copy


@pytest.fixture(scope="session")
def dry_runs() -> dict[Chapter, object]:
    """Every chapter run once in a dry run (``checks.dry_run``), chapters side by side.

    Running chapters is the slow part of the checks, so the whole session shares one run of
    each: the layout, timing and visual checks, and the captions the smoke film must carry.
    """
    from checks.dry_run import dry_run

    with ProcessPoolExecutor() as pool:
        return dict(zip(CHAPTERS, pool.map(dry_run, CHAPTERS), strict=True))


HOLD_LOCK = """
import sys
from pathlib import Path
from pipeline.lock import build_lock
with build_lock([Path(sys.argv[1])], announce=lambda text: print(text, flush=True)):
    print("locked", flush=True)
    sys.stdin.readline()
print("released", flush=True)
"""


def hold_lock(folder: Path) -> subprocess.Popen:
    """Start a process that waits for ``folder``'s build lock, holds it until a line comes
    on its stdin, then prints "released"; it says "locked" once it holds it."""
    return subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(folder)], cwd=ROOT, text=True,
        stdin=subprocess.PIPE, stdout=subprocess.PIPE,
    )  # fmt: skip


@pytest.fixture
def lock_holder() -> Iterator[Callable[[Path], subprocess.Popen]]:
    """Take a folder's build lock in another process: ``lock_holder(folder)`` returns once
    it is held. Every holder is stopped at the end of the test."""
    started: list[subprocess.Popen] = []

    def take(folder: Path) -> subprocess.Popen:
        holder = hold_lock(folder)
        started.append(holder)
        assert holder.stdout.readline() == "locked\n"
        return holder

    yield take
    for holder in started:
        holder.kill()
        holder.wait()


# --- The smoke film: every chapter at low quality, shared by the whole session ---------------
def build_command(video: Path, media: Path) -> list[str]:
    return [
        sys.executable, "render.py", "-q", "l", "--output", str(video), "--media-dir", str(media)
    ]  # fmt: skip


def build(video: Path, media: Path) -> subprocess.CompletedProcess:
    result = subprocess.run(build_command(video, media), cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"Wrote {video}" in result.stdout or f"Up to date: {video}" in result.stdout
    return result


@pytest.fixture(scope="session")
def smoke_build() -> tuple[Path, Path]:
    """Every chapter at low quality, built with render.py (kept in build/smoke/ between runs,
    so a run re-renders only what changed); return (video, media dir)."""
    video, media = SMOKE_DIR / "video.mp4", SMOKE_DIR / "media"
    build(video, media)
    return video, media
