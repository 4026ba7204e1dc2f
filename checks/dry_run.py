"""One dry run of a chapter, looked at every way at once.

Running a chapter is the slow part of every check, so the tests run each chapter once and
feed every step to the layout check, the frame capture of the visual regression, the screen
text measure and a plain record of the steps (for the hold timing); the narration it said
comes along.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from manim import Scene

from checks.frames import HEIGHT, WIDTH, FrameCapture
from checks.layout import Finding, layout_inspector
from checks.screen_text import ScreenText, ScreenTextRecorder
from scenes.chapters import Chapter
from scenes.stepping import Step, run_stepped


@dataclass(frozen=True)
class SaidLine:
    """A narrated line as the chapter said it."""

    beat: str
    spoken: str
    caption: str
    start: float
    end: float


@dataclass(frozen=True)
class DryRun:
    """What one dry run of a chapter saw."""

    chapter: Chapter
    steps: list[Step]
    findings: list[Finding]
    frames: dict[str, np.ndarray]  # key frames, named "<beat>-<k>"
    texts: list[str]  # every text shown, in order of appearance
    lines: list[SaidLine]  # every narrated line, in order
    screen_text: ScreenText  # how much prose it shows, and what echoes the voice

    def beats(self) -> list[str]:
        """The chapter's named beats, in order."""
        return list(dict.fromkeys(step.beat for step in self.steps))


def dry_run(chapter: Chapter) -> DryRun:
    """Run ``chapter`` once without encoding, collecting steps, findings, frames and lines."""
    scene_class = chapter.scene_class()
    steps: list[Step] = []
    layout = layout_inspector(scene_class, chapter.scene)
    frames = FrameCapture()
    shown = ScreenTextRecorder()
    said: list[SaidLine] = []

    def after_step(scene: Scene, step: Step) -> None:
        steps.append(step)
        layout(scene, step)
        frames(scene, step)
        shown(scene, step)
        said[:] = [
            SaidLine(line.beat, line.speech.text, line.caption, line.start, line.end)
            for line in scene.narration
        ]

    run_stepped(scene_class, after_step, pixel_width=WIDTH, pixel_height=HEIGHT)
    texts = list(layout.texts)
    screen = shown.screen_text(chapter, [line.spoken for line in said])
    return DryRun(chapter, steps, layout.findings, frames.key_frames(), texts, said, screen)
