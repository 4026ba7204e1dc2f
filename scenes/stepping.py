"""Step through a chapter quickly, looking at the stage between animations.

The layout check and the visual regression snapshots both need the stage as the viewer
sees it when each animation has finished, not every frame in between. ``stepped`` wraps a
chapter's Scene class so that animations whose end is obvious (something appears or
disappears) jump straight to that end, skipping the deep copies manim makes to animate
them, and calls back after every step.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from manim import Animation, AnimationGroup, Scene, tempconfig
from manim.animation.animation import prepare_animation

# What the callback is told: "play" or "wait" after a step, "hold" after a deliberate
# pause on a key message, "beat-end" just before the stage is cleared, "clear" after it.
StepCallback = Callable[[Scene, str], None]


def has_obvious_end(animation: Animation) -> bool:
    """True for animations whose end is just "the mobject is on stage" or "it is gone"."""
    if isinstance(animation, AnimationGroup):
        return all(map(has_obvious_end, animation.animations))
    return animation.is_introducer() or animation.is_remover()


def apply_end_state(scene: Scene, animation: Animation) -> None:
    if isinstance(animation, AnimationGroup):
        for part in animation.animations:
            apply_end_state(scene, part)
    elif animation.is_remover():
        scene.remove(animation.mobject)
    else:
        scene.add(animation.mobject)


def stepped(scene_class: type[Scene], after_step: StepCallback) -> type[Scene]:
    """A subclass of ``scene_class`` that fast-forwards animations and reports each step."""

    class Stepped(scene_class):
        def play(self, *args, **kwargs):
            animations = [prepare_animation(a) for a in args]
            if all(map(has_obvious_end, animations)):
                for animation in animations:
                    apply_end_state(self, animation)
                self.renderer.time += kwargs.get("run_time", max(a.run_time for a in animations))
                self.renderer.num_plays += 1
            else:
                super().play(*args, **kwargs)
            if not getattr(self, "waiting", False):  # Scene.wait plays a Wait animation
                after_step(self, "clear" if getattr(self, "clearing", False) else "play")

        def wait(self, duration: float = 1.0, *args, **kwargs):
            self.waiting = True
            try:
                super().wait(duration, *args, **kwargs)
            finally:
                self.waiting = False
            after_step(self, "hold" if getattr(self, "holding", False) else "wait")

        def clear_stage(self, *args, **kwargs):
            after_step(self, "beat-end")
            self.clearing = True
            try:
                super().clear_stage(*args, **kwargs)
            finally:
                self.clearing = False

    Stepped.__name__ = scene_class.__name__
    return Stepped


def run_stepped(scene_class: type[Scene], after_step: StepCallback, **settings) -> None:
    """Run a chapter without writing video, calling ``after_step`` after each step."""
    base = {
        "dry_run": True,
        "disable_caching": True,
        "quality": "low_quality",
        "frame_rate": 1,  # the stage is looked at after each step, not per frame
        "progress_bar": "none",
        "verbosity": "ERROR",
        # Only manim's cache of text drawings lands here; one folder per process, so
        # parallel processes never read a drawing another is still writing.
        "media_dir": str(Path(tempfile.gettempdir()) / f"manim-stepping-{os.getpid()}"),
    }
    with tempconfig({**base, **settings}):
        stepped(scene_class, after_step)().render()
