"""Step through a chapter quickly, looking at the stage between animations.

Used by what reads the film without encoding it: the script (``pipeline.script``) and the
checks (``checks/``); it lives with the scenes so neither of those depends on the other.

The layout check, the hold timing and the visual regression all need the stage as the viewer
sees it when each animation has finished, not every frame in between. ``stepped`` wraps a
chapter's Scene class so that animations whose end is obvious (something appears or
disappears) jump straight to that end, skipping the deep copies manim makes to animate
them, and reports every step with the named beat (manim section) it belongs to.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from manim import Animation, AnimationGroup, Scene, tempconfig
from manim.animation.animation import prepare_animation

from scenes.stage import current_beat
from scenes.voice import Narrator

# The beat manim opens by itself before a chapter's first ``next_section``: every step of a
# chapter should belong to a beat the chapter named.
UNNAMED_BEAT = "autocreated"
TEMP_PREFIX = "manim-stepping-"  # the temporary media folder of a run


@dataclass(frozen=True)
class Step:
    """One finished step of a chapter, as the viewer sees it end."""

    kind: str  # "play", "wait", "speech" (a wait while a line is said), "hold" (a deliberate
    # pause) or "clear" (the stage fades out)
    beat: str  # the named beat (manim section) the step belongs to
    start: float  # scene time (s) when it began
    end: float  # and when it ended


StepCallback = Callable[[Scene, Step], None]


def has_obvious_end(animation: Animation) -> bool:
    """True for animations whose end is just "the mobject is on stage" or "it is gone"."""
    if isinstance(animation, AnimationGroup):
        return all(map(has_obvious_end, animation.animations))
    return animation.is_introducer() or animation.is_remover()


def apply_end_state(scene: Scene, animation: Animation) -> None:
    """Leave the stage as the animation would. As ``Scene.play`` does, the animated mobject is
    added first, which takes its parts off the stage where they stood alone; a remover then
    takes it away, so a fade-out of a group of separately added mobjects removes them all."""
    if isinstance(animation, AnimationGroup):
        for part in animation.animations:
            apply_end_state(scene, part)
        return
    scene.add(animation.mobject)
    if animation.is_remover():
        scene.remove(animation.mobject)


def stepped(scene_class: type[Scene], after_step: StepCallback) -> type[Scene]:
    """A subclass of ``scene_class`` that fast-forwards animations and reports each step.

    ``say``, ``hold`` and ``clear_stage`` (of ``stage.ChapterScene``) are made of plain waits
    and plays; the staging call they are inside of names what the viewer sees.
    """
    inside: list[str] = []  # the enclosing staging calls, innermost last

    @contextmanager
    def within(kind: str) -> Iterator[None]:
        inside.append(kind)
        try:
            yield
        finally:
            inside.pop()

    def report(scene: Scene, kind: str, start: float) -> None:
        after_step(scene, Step(kind, current_beat(scene), start, scene.time))

    class Stepped(scene_class):
        def play(self, *args, **kwargs):
            start = self.time
            animations = [prepare_animation(a) for a in args]
            if all(map(has_obvious_end, animations)):
                for animation in animations:
                    apply_end_state(self, animation)
                self.renderer.time += kwargs.get("run_time", max(a.run_time for a in animations))
                self.renderer.num_plays += 1
            else:
                super().play(*args, **kwargs)
            if "wait" not in inside:  # Scene.wait plays a Wait animation
                report(self, "clear" if "clear" in inside else "play", start)

        def wait(self, *args, **kwargs):
            start = self.time
            with within("wait"):
                super().wait(*args, **kwargs)
            kind = next((k for k in ("hold", "speech") if k in inside), "wait")
            report(self, kind, start)

        @contextmanager
        def say(self, *args, **kwargs):
            with within("speech"), super().say(*args, **kwargs) as line:
                yield line

        def hold(self, *args, **kwargs):
            with within("hold"):
                super().hold(*args, **kwargs)

        def clear_stage(self, *args, **kwargs):
            with within("clear"):
                super().clear_stage(*args, **kwargs)

    Stepped.__name__ = scene_class.__name__
    return Stepped


def run_stepped(
    scene_class: type[Scene],
    after_step: StepCallback,
    narrator: Narrator | None = None,
    **settings,
) -> None:
    """Run a chapter without writing video or drawing frames, calling ``after_step`` after
    each step (which may draw the stage itself, as the visual regression does). The chapter
    speaks through ``narrator`` (the film's voice if None).

    Animations are skipped to their end (manim's ``skip_animations``): the stage after each
    step and the scene's clock are what a render has, without drawing the frames between.
    """
    base = {
        "dry_run": True,
        "disable_caching": True,
        "quality": "low_quality",
        # manim rounds waits down to whole frames: the film's rate keeps the dry run's clock
        # the film's.
        "frame_rate": 60,
        "progress_bar": "none",
        "verbosity": "ERROR",
    }
    # Only manim's cache of text drawings lands in the media folder: one per run, so
    # parallel processes never read a drawing another is still writing, removed after.
    with (
        tempfile.TemporaryDirectory(prefix=TEMP_PREFIX) as media,
        tempconfig({**base, "media_dir": media, **settings}),
    ):
        stepped(scene_class, after_step)(skip_animations=True, narrator=narrator).render()
