"""Shared fixtures."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


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
