"""The narration script: every line the chapters say, in film order, chapter by chapter.

The lines live in the chapters' code, beside the beats they go with, so the script is read
by running each chapter in a dry run (``scenes.stepping``, which draws no frame) with an
estimating narrator, so nothing is synthesized or drawn: what is printed is exactly
what the film says.
"""

from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass

from scenes.chapters import CHAPTERS, Chapter


@dataclass(frozen=True)
class ScriptLine:
    beat: str
    spoken: str
    caption: str  # the written form; equal to ``spoken`` unless the chapter gave another


def chapter_lines(chapter: Chapter) -> list[ScriptLine]:
    """The lines one chapter says, in order (runs it in a fast dry run)."""
    from scenes.stepping import run_stepped
    from scenes.voice import EstimatingNarrator

    said: list[ScriptLine] = []

    def keep_lines(scene, step) -> None:
        said[:] = [
            ScriptLine(line.beat, line.speech.text, line.caption) for line in scene.narration
        ]

    run_stepped(chapter.scene_class(), keep_lines, narrator=EstimatingNarrator())
    return said


def script_lines(chapters: list[Chapter] | None = None) -> dict[Chapter, list[ScriptLine]]:
    """Every chapter's lines, chapters run side by side."""
    chapters = list(chapters or CHAPTERS)
    with ProcessPoolExecutor() as pool:
        return dict(zip(chapters, pool.map(chapter_lines, chapters), strict=True))


def format_script(lines: dict[Chapter, list[ScriptLine]]) -> str:
    """The script as text: a heading per chapter, a paragraph per beat, captions noted."""
    out: list[str] = []
    for chapter, said in lines.items():
        out.append(f"{chapter.number}. {chapter.title}")
        beat = None
        for line in said:
            if line.beat != beat:
                out.append(f"\n  [{line.beat}]")
                beat = line.beat
            out.append(f"  {line.spoken}")
            if line.caption != line.spoken:
                out.append(f"    (captioned: {line.caption})")
        out.append("")
    return "\n".join(out)
