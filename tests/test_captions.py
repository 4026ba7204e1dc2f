"""Captions: cues of at most two lines of 42 characters, timed by the words they hold."""

from __future__ import annotations

from itertools import pairwise

import pytest

from scenes.captions import (
    MAX_CHARS,
    MAX_LINES,
    MIN_CUE_SECONDS,
    MIN_CUE_WORDS,
    caption_starts,
    cut_cues,
    wrap,
)

LONG = (
    "Every token it writes leaves a key: a short list of numbers. The token being written "
    "asks with a query, another list of numbers, and the best match wins."
)


def test_cues_keep_every_word_in_order_within_two_lines_of_42():
    words = LONG.split()
    starts = [0.3 * i for i in range(len(words))]
    cues = cut_cues(words, starts, end=len(words) * 0.3 + 0.5)
    assert " ".join(" ".join(cue.text.split()) for cue in cues) == LONG
    for cue in cues:
        lines = cue.text.split("\n")
        assert len(lines) <= MAX_LINES and all(len(line) <= MAX_CHARS for line in lines)
    assert len(cues) >= 3


def test_each_cue_is_on_screen_while_its_words_are_said():
    words = LONG.split()
    starts = [0.3 * i for i in range(len(words))]
    end = len(words) * 0.3 + 0.5
    cues = cut_cues(words, starts, end)
    assert cues[0].start == 0 and cues[-1].end == end
    for before, after in pairwise(cues):
        assert before.end == after.start  # back to back: no gap, no overlap
        first_word = after.text.split()[0]
        assert after.start == starts[words.index(first_word, words.index(before.text.split()[-1]))]


def test_a_full_cue_breaks_at_a_clause_not_mid_phrase():
    text = (
        "Each instruction it executes adds its result, as four bytes, and a commit token: how "
        "the stack depth changed, whether a value was stored, and whether a branch was taken."
    )
    words = text.split()
    cues = cut_cues(words, [0.3 * i for i in range(len(words))], 0.3 * len(words))
    assert all(cue.text.endswith((",", ":", ".")) for cue in cues)


def test_no_cue_flashes_by_when_a_neighbour_can_take_it():
    words = "The commit token says whether a branch was taken.".split()
    starts = [0.0, 0.2, 0.4, 0.6, 0.8, 1.0, 1.2, 1.4, 2.9]
    cues = cut_cues(words, starts, end=3.2)
    assert len(cues) == 1  # it all fits in one cue: "taken." is not left alone
    long_words = (LONG + " Done.").split()
    starts = [0.3 * i for i in range(len(long_words))]
    cues = cut_cues(long_words, starts, end=starts[-1] + 0.3)
    assert all(len(cue.text.split()) >= MIN_CUE_WORDS for cue in cues)
    assert all(cue.end - cue.start >= MIN_CUE_SECONDS for cue in cues)


def test_wrap_and_mismatched_input():
    assert wrap(["a" * 50, "b"]) == ["a" * 50, "b"]
    with pytest.raises(ValueError, match="3 words but 2 start times"):
        cut_cues(["a", "b", "c"], [0, 1], 2)


def test_a_caption_differing_from_the_speech_follows_it_proportionally():
    spoken = [0.0, 0.5, 1.0, 1.5]  # "O of log t"
    assert caption_starts(["O(log", "t)"], spoken) == [0.0, 1.0]
    assert caption_starts(["x"], []) == [0.0]
