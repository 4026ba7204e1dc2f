"""The motion check finds the picture standing still under the voice, from the built film."""

from __future__ import annotations

import pytest

from checks import motion
from checks.motion import Still, measure, stills
from pipeline.captions import Cue


def test_stills_run_from_a_move_to_the_next():
    # 10 fps: moves at frames 0, 3 and 9 of 12
    moved = [True, False, False, True, False, False, False, False, False, True, False, False]
    assert stills(moved, fps=10) == [Still(0.0, 0.3), Still(0.3, 0.9), Still(0.9, 1.2)]


def test_a_film_that_always_moves_has_no_stills():
    assert stills([True] * 30, fps=15) == []


def test_voiced_time_in_long_stills_and_still_cues_are_measured():
    frozen = Still(10.0, 20.0)  # a 10 s still
    cues = [
        Cue(0, 4000, "spoken while things move"),
        Cue(12000, 15000, "a cue of 3 s inside the still"),
        Cue(15000, 16500, "a short cue inside the still"),
        Cue(19000, 23000, "a cue that outlasts the still"),
    ]
    found = measure([Still(0.0, 1.0), frozen], cues)
    assert found.voiced == pytest.approx(4 + 3 + 1.5 + 4)
    assert found.voiced_in_long_stills == pytest.approx(3 + 1.5 + 1)
    assert [c.text for c in found.still_cues] == ["a cue of 3 s inside the still"]
    assert found.longest_still == frozen
    assert not found.ok


def test_a_short_still_is_a_breath_not_a_finding():
    found = measure([Still(0.0, 5.9)], [Cue(0, 1900, "a short line over a still")])
    assert found.long_still_share == 0 and found.still_cues == [] and found.ok


@pytest.mark.slow
def test_the_smoke_film_moves_under_its_voice(smoke_build, capsys):
    video, _ = smoke_build
    found = motion.film_motion(video)
    with capsys.disabled():
        print(f"\nmotion of the smoke film: {found.report()}")
    assert found.voiced > 0.5 * 600  # the film is mostly narrated: captions were read
    assert found.ok, found.report()
