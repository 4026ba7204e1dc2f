"""Motion under the voice: how much of the narrated time the picture stands still.

A film reads as slides when the picture freezes while the voice goes on. This check decodes
the built film (any quality; the smoke film at 480p15 is enough), marks each frame that
differs visibly from the one before, and holds the still stretches against the caption cues:

- **stills over 6 s**: the share of voiced time (the union of the cues) that falls inside a
  still stretch longer than ``LONG_STILL`` seconds (the goal: at most 5%);
- **still cues**: cues of ``STILL_CUE`` seconds or more during which nothing moves at all
  (the goal: none).

    python -m checks.motion build/smoke/video.mp4      # the film's .srt is read beside it
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from pipeline.captions import Cue, parse_sidecar

LONG_STILL = 6.0  # seconds: a picture frozen this long under a voice reads as a slide
STILL_CUE = 2.0  # seconds: a cue this long should see something move
# A frame has moved when enough pixels of its small grey copy changed by enough levels; the
# encoder's noise on a held frame stays well under both.
SAMPLE_WIDTH, SAMPLE_HEIGHT = 160, 90
LEVELS = 12
CHANGED_SHARE = 0.0005  # of the sample's pixels (7 of 14,400)
GOAL_LONG_STILLS = 0.05
GOAL_STILL_CUES = 0


@dataclass(frozen=True)
class Still:
    """A stretch of the film where no frame differs from the one before."""

    start: float
    end: float

    @property
    def length(self) -> float:
        return self.end - self.start


@dataclass(frozen=True)
class Motion:
    """What the check found over one film."""

    voiced: float  # seconds of the film with a caption on screen
    voiced_in_long_stills: float  # of those, seconds inside a still over LONG_STILL
    still_cues: list[Cue]  # cues of STILL_CUE s or more over a fully still picture
    longest_still: Still | None

    @property
    def long_still_share(self) -> float:
        return self.voiced_in_long_stills / self.voiced if self.voiced else 0.0

    @property
    def ok(self) -> bool:
        return self.long_still_share <= GOAL_LONG_STILLS and len(self.still_cues) <= GOAL_STILL_CUES

    def report(self) -> str:
        longest = (
            f"{self.longest_still.length:.1f} s at {self.longest_still.start:.1f} s"
            if self.longest_still
            else "none"
        )
        return (
            f"voiced time in stills > {LONG_STILL:g} s: {self.long_still_share:.1%} "
            f"(goal <= {GOAL_LONG_STILLS:.0%}); still cues >= {STILL_CUE:g} s: "
            f"{len(self.still_cues)} (goal {GOAL_STILL_CUES}); longest still: {longest}"
        )


def stills(moved: Sequence[bool], fps: float) -> list[Still]:
    """The still stretches of a film whose frame ``k`` (shown from ``k / fps``) moved if
    ``moved[k]``: each runs from the frame after a move to the next frame that moves."""
    found: list[Still] = []
    start = 0
    for k in range(1, len(moved) + 1):
        if k == len(moved) or moved[k]:
            if k - start > 1:
                found.append(Still(start / fps, k / fps))
            start = k
    return found


def overlap(a: tuple[float, float], b: tuple[float, float]) -> float:
    return max(0.0, min(a[1], b[1]) - max(a[0], b[0]))


def merged(intervals: Sequence[tuple[float, float]]) -> list[tuple[float, float]]:
    """The union of intervals, as disjoint sorted intervals."""
    out: list[tuple[float, float]] = []
    for start, end in sorted(intervals):
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


def measure(still_stretches: Sequence[Still], cues: Sequence[Cue]) -> Motion:
    """Hold the still stretches against the captions (cue times in milliseconds)."""
    voiced = merged([(c.start / 1000, c.end / 1000) for c in cues])
    long_ones = [s for s in still_stretches if s.length > LONG_STILL]
    in_long = sum(overlap(v, (s.start, s.end)) for v in voiced for s in long_ones)
    still_cues = [
        cue
        for cue in cues
        if (cue.end - cue.start) / 1000 >= STILL_CUE
        and any(s.start <= cue.start / 1000 and cue.end / 1000 <= s.end for s in still_stretches)
    ]
    longest = max(still_stretches, key=lambda s: s.length, default=None)
    return Motion(sum(e - s for s, e in voiced), in_long, still_cues, longest)


def moved_frames(video: Path) -> tuple[list[bool], float]:
    """Decode ``video`` and say, frame by frame, whether it differs from the still it would
    continue (the frame after the last move): a slow drift adds up until it counts, as it
    does for a viewer. The first frame counts as a move. Returns the flags and the frame
    rate."""
    import av

    moved: list[bool] = []
    anchor: np.ndarray | None = None
    limit = CHANGED_SHARE * SAMPLE_WIDTH * SAMPLE_HEIGHT
    with av.open(str(video)) as container:
        stream = container.streams.video[0]
        stream.thread_type = "AUTO"
        fps = float(stream.average_rate)
        for sample in small_grey_frames(container.decode(stream)):
            changed = (
                anchor is None or np.count_nonzero(np.abs(sample - anchor) > LEVELS) > limit
            )
            moved.append(bool(changed))
            if changed:
                anchor = sample
    return moved, fps


def small_grey_frames(frames: Iterator) -> Iterator[np.ndarray]:
    for frame in frames:
        grey = frame.reformat(width=SAMPLE_WIDTH, height=SAMPLE_HEIGHT, format="gray")
        yield grey.to_ndarray().astype(np.int16)


def film_motion(video: Path) -> Motion:
    """The motion check of a built film, against the ``.srt`` written beside it."""
    cues = parse_sidecar(video.with_suffix(".srt").read_text())
    moved, fps = moved_frames(video)
    return measure(stills(moved, fps), cues)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="How long the picture stands still under the voice."
    )
    parser.add_argument("video", type=Path, help="a built film (its .srt beside it)")
    args = parser.parse_args(argv)
    if not args.video.with_suffix(".srt").is_file():
        parser.error(f"no captions beside {args.video}: build it with render.py first")
    motion = film_motion(args.video)
    print(motion.report())
    for cue in motion.still_cues:
        print(f"  still cue at {cue.start / 1000:7.1f} s: {' '.join(cue.text.split())!r}")
    return 0 if motion.ok else 1


if __name__ == "__main__":
    sys.exit(main())
