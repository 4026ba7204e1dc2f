"""What a build has to do: which files each chapter's clip depends on, where its clip and
the record of what it was rendered from live, and so which clips last build left that can be
reused. Nothing here starts manim, so deciding that a build has nothing to do is quick.
"""

from __future__ import annotations

import ast
import functools
import hashlib
import importlib.metadata
import json
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from scenes.chapters import Chapter
from scenes.voice import ENGINE_PACKAGES

ROOT = Path(__file__).resolve().parent.parent  # the project: render.py, scenes/, assets/
# Bump when the way chapters are rendered changes, so every old clip is rendered anew.
# 2: libx264 "superfast" on one thread (manim.cfg), held frames converted once
# (scenes/frame_writer.py).
RENDER_RECIPE = "2"
# The packages besides manim that decide a clip's pixels, its encoding and its voice.
RENDER_PACKAGES = ("manimpango", "pycairo", "av", *ENGINE_PACKAGES)


@dataclass(frozen=True)
class Quality:
    """One of manim's quality presets, as ``quality_presets`` reads it from manim."""

    flag: str
    width: int
    height: int
    fps: int

    @property
    def label(self) -> str:
        """Manim's name for the preset's folder, e.g. ``480p15``."""
        return f"{self.height}p{self.fps}"


def quality_presets() -> dict[str, Quality]:
    """Manim's own presets (``manim.constants.QUALITIES``) by flag letter, lowest first."""
    # Imported here rather than at the top: importing manim takes about a second, and
    # `render.py --list`, `--help` and most usage errors need no preset at all.
    from manim.constants import QUALITIES

    presets = [
        Quality(q["flag"], q["pixel_width"], q["pixel_height"], q["frame_rate"])
        for q in QUALITIES.values()
        if q["flag"]  # manim's "example_quality" has no flag
    ]
    return {q.flag: q for q in sorted(presets, key=lambda q: (q.height, q.fps))}


# --- What a chapter depends on ---------------------------------------------------------------
@functools.lru_cache(maxsize=512)
def imported_names(source: str, package: str = "") -> tuple[str, ...]:
    """The module names a module's source imports, anywhere in it (inside functions too), and
    each name it takes from them (``from a import b`` gives ``a`` and ``a.b``); a relative
    import is resolved against ``package``, the importing module's package. Cached by source
    text: a build plans every chapter, and each walks the same shared modules."""
    names: list[str] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".") if package else []
                anchor = parts[: len(parts) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            if base:
                names += [base] + [f"{base}.{alias.name}" for alias in node.names]
    return tuple(names)


def package_of(path: Path, root: Path) -> str:
    """The dotted package a module file belongs to (for a package's ``__init__.py``, that
    package itself), which its relative imports are resolved against."""
    return ".".join(path.relative_to(root).parts[:-1])


def project_imports(path: Path, root: Path) -> set[Path]:
    """Project modules that ``path`` imports, directly or through other project modules."""
    seen: set[Path] = set()
    pending = [path]
    while pending:
        current = pending.pop()
        if current in seen:
            continue
        seen.add(current)
        for name in imported_names(current.read_text(), package_of(current, root)):
            parts = name.split(".")
            for candidate in (
                root.joinpath(*parts).with_suffix(".py"),
                root.joinpath(*parts, "__init__.py"),
            ):
                if candidate.is_file():
                    pending.append(candidate)
            # a package's __init__ runs before any of its modules
            for depth in range(1, len(parts)):
                package = root.joinpath(*parts[:depth], "__init__.py")
                if package.is_file():
                    pending.append(package)
    return seen


def chapter_inputs(chapter: Chapter, root: Path = ROOT) -> list[Path]:
    """Every file whose change must re-render ``chapter``."""
    files = project_imports(root / chapter.path, root)
    files |= {p for p in (root / "assets").rglob("*") if p.is_file()}
    files.add(root / "manim.cfg")
    return sorted(files)


def manim_version() -> str:
    return importlib.metadata.version("manim")


def render_versions() -> str:
    """Versions of the packages besides manim that decide a clip's pixels, encoding and voice."""
    return " ".join(f"{name}={importlib.metadata.version(name)}" for name in RENDER_PACKAGES)


def fingerprint(chapter: Chapter, quality: Quality, root: Path = ROOT) -> str:
    """A digest of everything the chapter's clip depends on."""
    digest = hashlib.sha256()
    for part in (RENDER_RECIPE, manim_version(), render_versions(), quality.label, chapter.scene):
        digest.update(part.encode() + b"\0")
    for path in chapter_inputs(chapter, root):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


# --- Clips and their records -----------------------------------------------------------------
def chapter_media_dir(media_dir: Path, chapter: Chapter) -> Path:
    """Each chapter's manim gets a media folder of its own: parallel renders share nothing
    (not even manim's cache of text drawings), and previews (build/media) never touch it."""
    return media_dir / chapter.module


def clip_path(media_dir: Path, chapter: Chapter, quality: Quality) -> Path:
    """Where manim writes a chapter's clip (its ``video_dir`` layout)."""
    return (
        chapter_media_dir(media_dir, chapter)
        / "videos" / chapter.module / quality.label / f"{chapter.scene}.mp4"
    )  # fmt: skip


def record_path(clip: Path) -> Path:
    """The JSON beside a clip saying what it was rendered from (absent: not trusted)."""
    return clip.with_suffix(".build.json")


def read_record(clip: Path) -> dict:
    try:
        return json.loads(record_path(clip).read_text())
    except (OSError, ValueError):
        return {}


def write_record(clip: Path, record: dict) -> None:
    write_atomically(record_path(clip), json.dumps(record, indent=2).encode())


# The modules that make the video out of the clips (muxing, sound, captions, storyboard) and
# what is published beside it (page, thumbnail, description, transcript):
# a change to any of them, or to a project module they import, rewrites the video.
JOIN_ENTRY_POINTS = ("pipeline/join.py", "pipeline/storyboard.py", "pipeline/publish.py")


# Files a package reads beside its modules (the watch page's template, style sheet, script).
PACKAGE_DATA = (".html", ".css", ".js")


def join_inputs(root: Path = ROOT) -> list[Path]:
    """Every project module the join runs, found from the entry points' imports, and the data
    files in the folders of the packages among them."""
    found: set[Path] = set()
    for entry in JOIN_ENTRY_POINTS:
        found |= project_imports(root / entry, root)
    for package in [path.parent for path in found if path.name == "__init__.py"]:
        found |= {path for path in package.iterdir() if path.suffix in PACKAGE_DATA}
    return sorted(found)


def film_fingerprint(jobs: list[Job], titles: list[str], root: Path = ROOT) -> str:
    """A digest of everything the joined video is made of: each clip as it is on disk, the
    chapter titles, and the code that joins them. Equal digests: the video need not be
    written again."""
    digest = hashlib.sha256(json.dumps(titles).encode())
    for job in jobs:
        digest.update(f"{job.clip}\0{clip_identity(job.clip)}\0".encode())
    for path in join_inputs(root):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def film_is_up_to_date(output: Path, fingerprint: str, products: list[Path]) -> bool:
    """Whether ``output`` and everything written beside it were made from ``fingerprint``."""
    on_disk = all(path.is_file() for path in [output, *products])
    return on_disk and read_record(output).get("fingerprint") == fingerprint


def clip_identity(clip: Path) -> str:
    """A digest of the clip's bytes: a clip changed after its record no longer matches it,
    and a ``build/`` copied or restored elsewhere (new modification times) still does."""
    digest = hashlib.sha256()
    with clip.open("rb") as file:
        while block := file.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


def write_atomically(path: Path, data: bytes) -> None:
    """Write ``path`` whole or not at all: a stopped build never leaves half a file."""
    partial = path.with_name(f".{path.name}.partial")
    partial.write_bytes(data)
    partial.replace(path)


CLIP_CHANGED = "clip changed since it was rendered"  # a reason to render that warrants a warning


# --- The plan --------------------------------------------------------------------------------
@dataclass
class Job:
    """One chapter's part in a build, updated by its worker thread as it goes."""

    chapter: Chapter
    clip: Path
    fingerprint: str
    reason: str  # why it renders ("inputs changed", ...), or "" when reused
    expected_seconds: float = 0.0  # last render's time, to start the longest first
    expected_animations: int = 0
    state: str = "queued"  # queued, rendering, done, reused, failed
    animation: int = 0
    fraction: float = 0.0  # of the current animation
    started: float = 0.0
    seconds: float = 0.0
    error: str = ""
    process: subprocess.Popen | None = field(default=None, repr=False)

    @property
    def progress(self) -> str:
        if self.state != "rendering":
            return ""
        if self.expected_animations:
            done = min((self.animation + self.fraction) / self.expected_animations, 1.0)
            return f"{done:4.0%}"
        return f"animation {self.animation + 1}"


def plan(
    chapters: list[Chapter], quality: Quality, media_dir: Path, force: bool, root: Path = ROOT
) -> list[Job]:
    """A job per chapter, saying whether its clip can be reused and, if not, why."""
    jobs = []
    for chapter in chapters:
        clip = clip_path(media_dir, chapter, quality)
        record = read_record(clip)
        digest = fingerprint(chapter, quality, root)
        if force:
            reason = "--force"
        elif not clip.exists() or not record:
            reason = "no clip yet"
        elif record.get("fingerprint") != digest:
            reason = "inputs changed"
        elif record.get("clip") != clip_identity(clip):
            reason = CLIP_CHANGED
        else:
            reason = ""
        # Longest first: last render's time, or on a first build the module's size.
        estimate = record.get("seconds") or (root / chapter.path).stat().st_size / 1000
        jobs.append(
            Job(
                chapter, clip, digest, reason,
                expected_seconds=estimate,
                expected_animations=record.get("animations", 0),
            )
        )  # fmt: skip
    return jobs


def render_order(jobs: list[Job]) -> list[Job]:
    """The jobs to render, longest first (by last render's time), so none starts last."""
    return sorted((j for j in jobs if j.reason), key=lambda j: j.expected_seconds, reverse=True)
