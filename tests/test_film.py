"""Every chapter, run once in a dry run (no video encoded): it is built of named beats, each
with its narration; its lines never overlap; its layout is clean and every text stays long
enough to read; it ends on a hold that holds the key frame; its heading is its title; and
its key frames match the committed references.

The one run per chapter feeds every check; running chapters is the slow part of the tests.
"""

from __future__ import annotations

from itertools import pairwise

import pytest

from checks import frames
from checks.dry_run import DryRun
from checks.layout import format_findings
from checks.screen_text import MAX_PROSE_SHARE, film_prose_share, format_table
from pipeline.script import script_lines
from pipeline.storyboard import KEY_FRAME_BEFORE_END
from scenes import style, voice
from scenes.chapters import CHAPTERS, Chapter
from scenes.stepping import UNNAMED_BEAT


@pytest.fixture
def runs(dry_runs) -> dict[Chapter, DryRun]:
    return dry_runs


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda c: c.scene)
def test_chapter_is_told_in_named_beats(runs, chapter):
    run = runs[chapter]
    plays = [step for step in run.steps if step.kind == "play"]
    assert len(plays) > 3 and run.steps[-1].end > 5, "a chapter lasts more than a few seconds"
    assert UNNAMED_BEAT not in run.beats(), "start every beat with self.next_section(name)"
    # each beat is one stretch: a name never comes back after another beat began
    stretches = [
        step.beat
        for i, step in enumerate(run.steps)
        if i == 0 or step.beat != run.steps[i - 1].beat
    ]
    assert stretches == run.beats(), f"beat names repeat: {stretches}"
    assert all(step.beat in {p.beat for p in plays} for step in run.steps), "a beat with no play"


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda c: c.scene)
def test_every_beat_is_narrated_and_lines_never_overlap_or_get_cut(runs, chapter):
    run = runs[chapter]
    assert {line.beat for line in run.lines} == set(run.beats()), "a beat without a line"
    for before, after in pairwise(run.lines):
        assert after.start >= before.end, f"{after.spoken!r} starts before {before.spoken!r} ends"
    assert run.steps[-1].end >= run.lines[-1].end, "the chapter ends before its last line"


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda c: c.scene)
def test_the_chapters_heading_is_its_title(runs, chapter):
    assert chapter.title in runs[chapter].texts


HYPE = ("breakthrough", "key unlock", "revolution", "game-chang", "game chang", "mind-blow")


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda c: c.scene)
def test_no_hype_words_on_screen_or_in_the_narration(runs, chapter):
    run = runs[chapter]
    said = [text for line in run.lines for text in (line.spoken, line.caption)]
    for text in [*run.texts, *said]:
        assert not any(word in text.lower() for word in HYPE), text


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda c: c.scene)
def test_chapter_layout_is_clean(runs, chapter):
    findings = runs[chapter].findings
    assert not findings, "\n" + format_findings(findings)


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda c: c.scene)
def test_every_beats_last_frame_keeps_inside_the_title_safe_area(runs, chapter):
    """Drawn pixels, not just the layout's boxes: each beat's last frame leaves the 5% border
    (style.SAFE_FRACTION) empty."""
    inked = {
        beat: count
        for beat, frame in frames.last_frames(runs[chapter].frames).items()
        if (count := frames.ink_outside_title_safe(frame, style.SAFE_FRACTION))
    }
    assert not inked, f"pixels drawn in the title-safe border, by beat: {inked}"


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda c: c.scene)
def test_key_frame_lies_inside_the_chapters_closing_hold(runs, chapter):
    """Every chapter ends on a hold on its final picture, then clears it, or hands it on to
    the next chapter, which opens on it (``scenes.carry_over``); the key frame is in the hold."""
    steps = runs[chapter].steps
    hold = steps[-2] if steps[-1].kind == "clear" else steps[-1]
    assert hold.kind == "hold", f"beat {hold.beat!r} ends on a {hold.kind}"
    key_frame = steps[-1].end - KEY_FRAME_BEFORE_END
    assert hold.start <= key_frame < hold.end, f"beat {hold.beat!r}: key frame outside the hold"


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda c: c.scene)
def test_chapter_matches_its_reference_frames(runs, chapter):
    captured = runs[chapter].frames
    assert {name.rsplit("-", 1)[0] for name in captured} == set(runs[chapter].beats())
    failures = [
        f"{chapter.module} frame {r.name}: "
        f"{r.difference.describe() if r.difference else r.detail} "
        f"(see {frames.DIFF_DIR / f'{chapter.module}-{r.name}.png'})"
        for r in frames.check_against_references(chapter, captured)
        if not r.ok
    ]
    assert not failures, "\n".join(failures)


def test_references_stay_small():
    files = list(frames.REFERENCE_DIR.rglob("*.png"))
    assert len(files) >= 3 * len(CHAPTERS)
    assert sum(f.stat().st_size for f in files) < 4_000_000


def test_the_script_is_what_the_film_says(runs):
    """``render.py --script`` (estimated timings, nothing synthesized) prints the lines the
    chapter says when it is heard."""
    chapter = CHAPTERS[1]
    (said,) = script_lines([chapter]).values()
    heard = [(line.beat, line.spoken, line.caption) for line in runs[chapter].lines]
    assert [(line.beat, line.spoken, line.caption) for line in said] == heard


def test_every_written_word_of_the_film_starts_where_the_voice_says_it(runs):
    """Each line's anchors, one per written word, sit on the phonemes the voice said: at the
    start of a spoken word, or inside one where espeak merged two written words ("with the")."""
    lines = [line.spoken for run in runs.values() for line in run.lines]
    merged = []
    for text in lines:
        speech = voice.speak(text)  # from the cache the dry runs filled
        assert len(speech.word_starts) == len(voice.text_words(text)), text
        assert list(speech.word_starts) == sorted(speech.word_starts), text
        spoken_starts = voice.spoken_word_starts(speech.phonemes)
        phoneme_starts = {start for _, start in speech.phonemes}
        assert set(speech.word_starts) <= phoneme_starts, text
        for start in speech.word_starts:
            if start not in spoken_starts:  # inside a spoken word: a merge
                host = max(s for s in spoken_starts if s < start)
                assert host in speech.word_starts, f"{text!r}: a word starts mid-word alone"
                merged.append(text)
    assert len(lines) > 80 and merged, "the film has merged words, and they are placed"


def test_the_screen_shows_and_the_voice_tells(runs):
    """Prose (six words or more, code and formulas aside) is on screen for at most a tenth of
    the film, and no on-screen text repeats the narration."""
    measures = [run.screen_text for run in runs.values()]
    assert film_prose_share(measures) <= MAX_PROSE_SHARE, "\n" + format_table(measures)
    echoes = [f"{m.chapter}: {echo!r}" for m in measures for echo in m.echoes]
    assert not echoes, "on-screen text that repeats the narration:\n" + "\n".join(echoes)
