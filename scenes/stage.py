"""The stage every chapter plays on: its background, its narrator and the staging calls
(``say``, ``hold``, ``clear_stage``) that keep picture and voice in step.

The narrator is passed in (``ChapterScene(narrator=...)``): the film's Piper voice by
default, an estimating one when only the script is wanted, so no flag elsewhere decides
whether a line is synthesized.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from manim import (
    UP,
    FadeIn,
    FadeOut,
    Mobject,
    MovingCamera,
    MovingCameraScene,
    Scene,
    config,
    smooth,
    squish_rate_func,
)

from scenes import palette, style
from scenes.captions import caption_starts, cut_cues
from scenes.frame_writer import HoldOnceScene
from scenes.voice import Narrator, PiperNarrator, Speech

# A word that replaces another in place: the old one is gone by the move's midpoint and the
# new one comes after it, so two words are never half-drawn over each other.
FIRST_HALF = squish_rate_func(smooth, 0, 0.5)
SECOND_HALF = squish_rate_func(smooth, 0.5, 1)


def current_beat(scene: Scene) -> str:
    """The name of the beat (manim section) a scene is in; manim keeps it, in a dry run too."""
    return scene.renderer.file_writer.sections[-1].name


class SpokenLine:
    """A narrated line as it is spoken: when it started, and timing for what runs under it."""

    def __init__(self, scene: Scene, speech: Speech, caption: str, beat: str):
        self.scene = scene
        self.speech = speech
        self.caption = caption
        self.beat = beat
        self.start = scene.time
        self.late: list[tuple[str, float]] = []  # (word, seconds) an action came after its word

    @property
    def end(self) -> float:
        return self.start + self.speech.duration

    def remaining(self) -> float:
        """Seconds of the line still to be spoken: a run time that ends with it."""
        return max(0.0, self.end - self.scene.time)

    def until(self, word: str, occurrence: int = 1) -> float:
        """Seconds from now until ``word`` is said (0 if it has been): a run time that lands
        an animation on the word.

        Asked more than ``style.ON_WORD`` after the word, the action it times is late (the
        animation before it ran over): that is kept in ``late`` for the layout check."""
        ahead = self.start + self.speech.start_of(word, occurrence) - self.scene.time
        if ahead < -style.ON_WORD:
            self.late.append((word, -ahead))
        return max(0.0, ahead)

    def wait_until(self, word: str, occurrence: int = 1) -> None:
        """Wait until ``word`` is said, so the next animation starts on it."""
        if (seconds := self.until(word, occurrence)) > 0:
            self.scene.wait(seconds)

    def reveal(self, mobjects: Sequence[Mobject], words: Sequence[str]) -> None:
        """Fade each of ``mobjects`` in as its word of ``words`` is said: labels that arrive
        with the words that name them."""
        for mobject, word in zip(mobjects, words, strict=True):
            self.wait_until(word)
            self.scene.play(FadeIn(mobject, shift=UP * style.NUDGE), run_time=style.FADE_TIME)


class ChapterScene(HoldOnceScene, MovingCameraScene):
    """Base of every chapter: the theme's background, the narrator and a few staging helpers.

    Its video is written by ``frame_writer`` (a held frame is converted once, not per frame).
    The camera can move (``self.camera.frame.animate.scale(0.5).move_to(...)``) to lead the
    eye; a chapter ends with it back on the whole frame, where the next chapter opens.
    """

    def __init__(self, *args, narrator: Narrator | None = None, **kwargs) -> None:
        self.narrator = narrator or PiperNarrator()
        kwargs.setdefault("camera_class", MovingCamera)
        super().__init__(*args, **kwargs)

    def setup(self) -> None:
        self.camera.background_color = palette.BACKGROUND
        self.narration: list[SpokenLine] = []  # every line said, in order
        self.carried_over: set[int] = set()  # the previous chapter's picture, by identity

    def open_on(self, *mobjects: Mobject) -> None:
        """Open on the previous chapter's last picture (``scenes.carry_over``), already on
        screen: its texts were read in that chapter, so the checks don't time them anew."""
        self.add(*mobjects)
        self.carried_over = {id(part) for mobject in mobjects for part in mobject.get_family()}

    @contextmanager
    def say(self, spoken: str, caption: str | None = None) -> Iterator[SpokenLine]:
        """Speak a line while the animations in the ``with`` block run under it.

        The voice starts now, the captions follow its words, and leaving the block waits for
        the line to end (plus a breath), so the next line never starts early. ``caption``
        is the written form where it differs from what is heard ("O(log t)" for "O of log t").
        """
        if self.narration and self.time < self.narration[-1].end:
            raise RuntimeError(f"a line starts before the last one ended: {spoken!r}")
        speech = self.narrator.speak(spoken)
        caption = " ".join((caption or speech.text).split())
        line = SpokenLine(self, speech, caption, current_beat(self))
        if speech.wav is not None:  # None: the script is being read, not heard
            self.add_sound(str(speech.wav))
        words = caption.split()
        if caption == speech.text:
            starts = list(speech.word_starts)
        else:
            starts = caption_starts(words, list(speech.word_starts))
        for cue in cut_cues(words, starts, speech.duration):
            self.add_subcaption(cue.text, duration=cue.end - cue.start, offset=cue.start)
        self.narration.append(line)
        yield line
        self.finish_line(line)

    def settle(self, pieces: Sequence[Mobject], *texts: Mobject) -> None:
        """After animations that built ``texts`` out of loose glyphs, put the texts themselves
        on stage (the same glyphs, so nothing moves), for the checks to read them as texts."""
        self.remove(*pieces)
        self.add(*texts)

    def finish_line(self, line: SpokenLine) -> None:
        """Wait out the rest of ``line`` and a breath after it.

        In whole frames, rounded up: manim rounds a wait down to whole frames, which at a
        low frame rate would let the next line start before this one ended.
        """
        frames = math.ceil((line.remaining() + style.LINE_GAP) * config.frame_rate - 1e-6)
        if frames > 0:
            self.wait(frames / config.frame_rate)

    def hold(self, seconds: float | None = None) -> None:
        """A deliberate pause on a key message (plain waits stay under ``MAX_IDLE``)."""
        self.wait(style.HOLD if seconds is None else seconds)

    def clear_stage(self, run_time: float | None = None, keep: Sequence[Mobject] = ()) -> None:
        """Fade out everything on stage (except ``keep``) to end a beat."""
        leaving = [m for m in self.mobjects if m not in keep]
        if leaving:
            self.play(*(FadeOut(m) for m in leaving), run_time=run_time or style.FADE_TIME)
