"""How much the screen reads aloud: prose on screen, and on-screen text that echoes the voice.

The voice tells, the screen shows: labels, values, code and formulas belong on screen; an
argument in sentences belongs to the narration. From the dry run, this measures per chapter:

- **prose time**: the share of the chapter's running time with prose on screen, prose being
  a text in the sans-serif of six or more words (code and tokens are in the monospace and
  never count; chapter headings and marked quotes do not count either);
- **echoes**: on-screen texts whose word triples are mostly also in the chapter's narration,
  a text the viewer reads while hearing it.

    python -m checks.screen_text            # every chapter: a table, the worst texts named
    python -m checks.screen_text Recap      # one chapter
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass

from manim import Scene

from checks import chapters_argument, chosen_chapters
from checks.layout import read_stage
from scenes import fonts
from scenes.chapters import CHAPTERS, Chapter
from scenes.stepping import Step, run_stepped

PROSE_WORDS = 6  # a sans-serif text of this many words or more is prose
MAX_PROSE_SHARE = 0.10  # of the film's running time with prose on screen, at most
ECHO_SHARE = 0.5  # a text with at least this share of its word triples in the narration echoes
# Shorter texts (a label of up to four words, a value) name what the voice says, as they
# should; from five words up, a text mostly in the narration repeats it.
MIN_ECHO_TRIPLES = 3
QUOTE_MARKS = ("\u201c", '"')  # a text opening with one is a quote from the source


@dataclass(frozen=True)
class Shown:
    """One text, on stage from ``start`` to ``end`` (scene seconds)."""

    text: str
    font: str
    start: float
    end: float


class ScreenTextRecorder:
    """A step callback that records when each text is on stage. A text on stage at the end
    of a step counts as shown for the whole step (it may have faded in), and so does a text
    that left in an animation (it faded out)."""

    def __init__(self) -> None:
        self.open: dict[int, Shown] = {}  # on stage now, by the text mobject's identity
        self.shown: list[Shown] = []
        self.end = 0.0

    def __call__(self, scene: Scene, step: Step) -> None:
        texts, _ = read_stage(scene.mobjects)
        on_stage = {text.key: text for text in texts}
        for key in [k for k in self.open if k not in on_stage]:
            left = self.open.pop(key)
            end = step.end if step.kind in ("play", "clear") else left.end
            self.shown.append(Shown(left.text, left.font, left.start, end))
        for key, text in on_stage.items():
            before = self.open.get(key)
            start = before.start if before else step.start
            self.open[key] = Shown(text.text, text.font, start, step.end)
        self.end = step.end

    def finished(self) -> list[Shown]:
        """Every stretch a text was on stage, the ones still on stage at the end included."""
        return sorted([*self.shown, *self.open.values()], key=lambda s: (s.start, s.text))

    def screen_text(self, chapter: Chapter, narration: Sequence[str]) -> ScreenText:
        """The chapter's prose time and echoes, from what was recorded and the lines it said
        (the film's chapter titles count as headings)."""
        headings = [c.title for c in CHAPTERS]
        return measure(chapter.scene, self.finished(), self.end, narration, headings=headings)


def words(text: str) -> list[str]:
    """A text's words, lower case, without punctuation; a token without a letter (a number,
    an operator: formulas aside) is no word."""
    stripped = (re.sub(r"[^\w'-]", "", w).lower() for w in text.split())
    return [w for w in stripped if any(c.isalpha() for c in w)]


def is_prose(shown: Shown, headings: Iterable[str] = ()) -> bool:
    """A sentence the viewer has to read: sans-serif, six words or more, not a heading, not
    a quote."""
    text = " ".join(shown.text.split())
    return (
        shown.font == fonts.SANS
        and len(words(text)) >= PROSE_WORDS
        and text not in set(headings)
        and not text.startswith(QUOTE_MARKS)
    )


def covered_seconds(stretches: Iterable[tuple[float, float]]) -> float:
    """The length of the union of time stretches."""
    total, reach = 0.0, float("-inf")
    for start, end in sorted(stretches):
        if end > reach:
            total += end - max(start, reach)
            reach = end
    return total


def triples(text: str) -> set[tuple[str, ...]]:
    found = words(text)
    return {tuple(found[i : i + 3]) for i in range(len(found) - 2)}


def echo_share(text: str, narration: Sequence[str]) -> float:
    """The share of the text's word triples that the narration also says (0 for texts too
    short to judge)."""
    own = triples(text)
    if len(own) < MIN_ECHO_TRIPLES or text.startswith(QUOTE_MARKS):
        return 0.0
    said = set().union(*(triples(line) for line in narration)) if narration else set()
    return len(own & said) / len(own)


@dataclass(frozen=True)
class ScreenText:
    """One chapter's measure."""

    chapter: str
    duration: float
    prose_seconds: float
    prose: list[tuple[str, float]]  # each prose text and its seconds on screen, longest first
    echoes: list[str]  # texts that repeat the narration

    @property
    def prose_share(self) -> float:
        return self.prose_seconds / self.duration if self.duration else 0.0


def measure(
    chapter: str,
    shown: Sequence[Shown],
    duration: float,
    narration: Sequence[str],
    headings: Iterable[str] = (),
) -> ScreenText:
    """Prose time and echoes of one chapter, from what its dry run showed and said."""
    headings = set(headings)
    prose = [s for s in shown if is_prose(s, headings)]
    seconds: dict[str, float] = {}
    for s in prose:
        seconds[s.text] = seconds.get(s.text, 0.0) + s.end - s.start
    echoes = list(
        dict.fromkeys(
            s.text
            for s in shown
            if s.font == fonts.SANS
            and " ".join(s.text.split()) not in headings
            and echo_share(s.text, narration) >= ECHO_SHARE
        )
    )
    return ScreenText(
        chapter,
        duration,
        covered_seconds((s.start, s.end) for s in prose),
        sorted(seconds.items(), key=lambda item: -item[1]),
        echoes,
    )


def chapter_measure(chapter: Chapter) -> ScreenText:
    """Run the chapter in a dry run (no frame drawn) and measure its screen text."""
    shown = ScreenTextRecorder()
    spoken: list[str] = []

    def after_step(scene: Scene, step: Step) -> None:
        shown(scene, step)
        spoken[:] = [line.speech.text for line in scene.narration]

    run_stepped(chapter.scene_class(), after_step)
    return shown.screen_text(chapter, spoken)


def film_prose_share(measures: Sequence[ScreenText]) -> float:
    """The share of the whole film's running time with prose on screen."""
    total = sum(m.duration for m in measures)
    return sum(m.prose_seconds for m in measures) / total if total else 0.0


def format_table(measures: Sequence[ScreenText], worst: int = 3) -> str:
    lines = [f"{'chapter':<18} {'prose':>6} {'of':>7}  echoes  longest prose on screen"]
    total = sum(m.duration for m in measures)
    for m in measures:
        longest = "; ".join(f"{text[:40]!r} {secs:.0f} s" for text, secs in m.prose[:worst])
        lines.append(
            f"{m.chapter:<18} {m.prose_share:>6.0%} {m.duration:>6.0f}s  {len(m.echoes):>6}  "
            f"{longest}"
        )
    lines.append(f"{'the film':<18} {film_prose_share(measures):>6.0%} {total:>6.0f}s  "
                 f"{sum(len(m.echoes) for m in measures):>6}")  # fmt: skip
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Measure prose and echoes on screen.")
    chapters_argument(parser)
    args = parser.parse_args(argv)
    chapters = chosen_chapters(parser, args.chapters)
    with ProcessPoolExecutor() as pool:
        measures = list(pool.map(chapter_measure, chapters))
    print(format_table(measures))
    for m in measures:
        for echo in m.echoes:
            print(f"echo in {m.chapter}: {echo!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
