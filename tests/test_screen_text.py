"""The screen-text measure: prose time and echoes of the narration, from a dry run."""

from __future__ import annotations

import pytest
from manim import DOWN, UP, FadeIn, FadeOut

from checks.screen_text import (
    ScreenTextRecorder,
    Shown,
    covered_seconds,
    echo_share,
    is_prose,
    measure,
)
from scenes import drawing, fonts, stage, style
from scenes.stepping import run_stepped

SENTENCE = "The query scores every key and the best one wins"
SAID = ["Each key gets a score, and the best one wins the lookup."]


class Slide(stage.ChapterScene):
    """A heading all along, a sentence for 4 of 10 s, a label and code meanwhile."""

    def construct(self) -> None:
        self.next_section("slide")
        heading = drawing.heading("A chapter title")
        label = drawing.prose("query", size=style.CAPTION_SIZE).shift(2 * DOWN)
        tokens = drawing.code("commit(+1,sts=1,bt=0) 03 00 00 00").shift(2 * UP)
        self.play(FadeIn(heading), FadeIn(label), FadeIn(tokens), run_time=1)
        self.wait(1)
        sentence = drawing.prose(SENTENCE, size=style.CAPTION_SIZE)
        self.play(FadeIn(sentence), run_time=1)
        self.wait(2)
        self.play(FadeOut(sentence), run_time=1)
        self.wait(2)
        self.wait(2)


def test_a_sentence_on_screen_counts_its_seconds_labels_code_and_headings_do_not():
    recorder = ScreenTextRecorder()
    run_stepped(Slide, recorder)
    shown = recorder.finished()
    assert recorder.end == pytest.approx(10)
    result = measure("Slide", shown, recorder.end, SAID, headings=["A chapter title"])
    assert result.prose == [(SENTENCE, pytest.approx(4))]  # faded in, held, faded out
    assert result.prose_share == pytest.approx(0.4)
    assert result.echoes == []


def test_prose_is_six_words_of_sans_serif_not_a_heading_nor_a_quote():
    def shown(text: str, font: str = fonts.SANS) -> Shown:
        return Shown(text, font, 0, 1)

    assert is_prose(shown(SENTENCE))
    assert not is_prose(shown("keys to look back over"))  # five words: a label
    assert not is_prose(shown(SENTENCE, font=fonts.MONO))  # code and tokens
    assert not is_prose(shown("(2, 1) · (1, 3) = 2\u00d71 + 1\u00d73 = 5"))  # a formula
    assert not is_prose(shown(SENTENCE), headings=[SENTENCE])
    assert not is_prose(shown("\u201cgradient descent is no longer the only way\u201d"))


def test_a_text_that_repeats_the_narration_echoes_and_a_label_does_not():
    assert echo_share("the best one wins the lookup", SAID) == 1.0
    assert echo_share("every key gets a score", SAID) == pytest.approx(2 / 3)
    assert echo_share("best one", SAID) == 0.0  # too short to judge
    assert echo_share("a different thing entirely here", SAID) == 0.0
    result = measure("x", [Shown("the best one wins the lookup", fonts.SANS, 0, 1)], 1.0, SAID)
    assert result.echoes == ["the best one wins the lookup"]


def test_overlapping_stretches_count_once():
    assert covered_seconds([(0, 4), (2, 5), (7, 8)]) == 6
    assert covered_seconds([]) == 0
