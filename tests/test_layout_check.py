"""The layout check: it flags each class of defect in a small synthetic scene and passes a
clean one. (That every chapter is clean is checked in test_film.py, on its one dry run.)"""

from __future__ import annotations

import numpy as np
import pytest
from manim import DOWN, LEFT, RIGHT, UP, Arrow, FadeIn, FadeOut, Line, Rectangle, config

from checks.layout import (
    KINDS,
    check_scene,
    contrast_ratio,
    inside_polygon,
)
from scenes import drawing, palette, stage, style


def kinds_found(construct) -> set[str]:
    """Run a one-off ChapterScene whose construct() is ``construct`` and return finding kinds."""
    scene_class = type("Synthetic", (stage.ChapterScene,), {"construct": construct})
    return {finding.kind for finding in check_scene(scene_class)}


def show(scene, *mobjects):
    scene.play(*(FadeIn(m) for m in mobjects))


def test_a_clean_scene_has_no_findings():
    def construct(scene):
        heading = drawing.heading("A clean heading")
        left = drawing.card(drawing.prose("left"), color=palette.ACCENT).shift(LEFT * 3)
        right = drawing.card(drawing.prose("right"), color=palette.POSITIVE).shift(RIGHT * 3)
        arrow = Arrow(left.get_right(), right.get_left(), buff=0)  # ends at the cards' edges
        label = drawing.prose("a label", size=style.CAPTION_SIZE).next_to(arrow, UP)
        show(scene, heading, left, right, arrow, label)
        scene.hold(3)  # a deliberate hold is not idle

    assert kinds_found(construct) == set()


def test_text_outside_the_safe_area_is_found():
    def construct(scene):
        text = drawing.prose("too close to the edge")
        text.move_to([config.frame_width / 2 - text.width / 2 - 0.1, 0, 0])
        show(scene, text)

    assert kinds_found(construct) == {"outside-safe-area"}


def test_a_shape_outside_the_safe_area_is_found():
    def construct(scene):
        show(scene, Line(LEFT, RIGHT).move_to([0, -config.frame_height / 2 + 0.1, 0]))

    assert kinds_found(construct) == {"outside-safe-area"}


def test_overlapping_texts_are_found():
    def construct(scene):
        first = drawing.prose("Transformer")
        second = drawing.prose("INSIDE the model").move_to(first).shift(DOWN * 0.1)
        show(scene, first, second)

    assert kinds_found(construct) == {"text-overlap"}


def test_a_line_through_a_text_is_found():
    def construct(scene):
        text = drawing.prose("EXECUTION TRACE")
        show(scene, text, Arrow(text.get_top() + UP, text.get_bottom() + DOWN))

    assert kinds_found(construct) == {"stroke-through-text"}


def test_an_arrow_ending_at_a_texts_edge_is_fine():
    def construct(scene):
        text = drawing.prose("target")
        show(scene, text, Arrow(text.get_left() + LEFT * 2, text.get_left(), buff=0))

    assert kinds_found(construct) == set()


def test_text_spilling_out_of_its_box_is_found():
    def construct(scene):
        text = drawing.prose("Millions of steps")
        box = Rectangle(width=text.width * 0.7, height=1.5, color=palette.HIGHLIGHT)
        show(scene, box, text)

    assert kinds_found(construct) == {"text-spills-box"}


def test_text_below_the_minimum_size_is_found():
    def construct(scene):
        show(scene, drawing.prose("tiny", size=style.MIN_FONT_SIZE - 4))

    assert kinds_found(construct) == {"text-too-small"}


def test_text_scaled_below_the_minimum_size_is_found():
    def construct(scene):
        show(scene, drawing.prose("shrunk to fit", size=style.BODY_SIZE).scale(0.6))

    assert kinds_found(construct) == {"text-too-small"}


def test_low_contrast_text_is_found():
    def construct(scene):
        show(scene, drawing.prose("the seed's dim grey", color="#666677"))

    assert kinds_found(construct) == {"low-contrast"}


def test_large_text_may_have_lower_contrast():
    grey = "#6a6a80"  # between 3:1 and 4.5:1 on the background
    assert 3 < contrast_ratio(grey, palette.BACKGROUND) < 4.5

    def large(scene):
        show(scene, drawing.prose("large", size=40, color=grey))

    def small(scene):
        show(scene, drawing.prose("small", size=style.BODY_SIZE, color=grey))

    assert kinds_found(large) == set()
    assert kinds_found(small) == {"low-contrast"}


def test_a_character_the_font_cannot_draw_is_found():
    def construct(scene):
        show(scene, drawing.prose("漢"))

    assert kinds_found(construct) == {"missing-glyph"}


def test_a_long_plain_wait_is_idle():
    def construct(scene):
        show(scene, drawing.prose("nothing moves"))
        scene.wait(style.MAX_IDLE + 1)

    assert kinds_found(construct) == {"idle"}


def test_allowances_excuse_a_named_finding():
    def construct(scene):
        show(scene, drawing.prose("tiny on purpose", size=style.MIN_FONT_SIZE - 4))

    scene_class = type(
        "Allowed",
        (stage.ChapterScene,),
        {"construct": construct, "LAYOUT_ALLOWANCES": {("text-too-small", "tiny"): "a test"}},
    )
    assert check_scene(scene_class) == []


def test_every_defect_class_is_tested():
    tested = {
        "outside-safe-area", "text-overlap", "stroke-through-text", "text-spills-box",
        "text-too-small", "low-contrast", "missing-glyph", "idle", "too-brief", "bare-frame",
        "empty-lower-half", "off-word",
    }  # fmt: skip
    assert tested == set(KINDS)


def test_contrast_ratio_and_the_theme_palette():
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21)
    assert contrast_ratio("#777777", "#777777") == pytest.approx(1)
    for role in ("TEXT", "MUTED", "ACCENT", "SECONDARY", "POSITIVE", "WARNING", "HIGHLIGHT"):
        for under in (palette.BACKGROUND, palette.SURFACE):
            assert contrast_ratio(getattr(palette, role), under) >= 4.5, role


def test_inside_polygon():
    square = [[0, 0], [2, 0], [2, 2], [0, 2]]

    inside = inside_polygon(np.array([[1, 1], [3, 1], [-1, 1], [1, 2.5]]), np.array(square))
    assert inside.tolist() == [True, False, False, False]


def test_a_flat_line_through_a_text_is_found():
    def construct(scene):
        text = drawing.prose("struck through")
        show(scene, text, Line(text.get_left() + LEFT, text.get_right() + RIGHT))

    assert kinds_found(construct) == {"stroke-through-text"}


def test_a_long_line_through_a_thin_text_is_found():
    def construct(scene):
        text = drawing.prose("thin", size=style.MIN_FONT_SIZE).move_to([0.3, 0.41, 0])
        show(scene, text, Line([0.2, -3.5, 0], [0.4, 3.5, 0]))

    assert kinds_found(construct) == {"stroke-through-text"}


def test_waits_in_a_row_add_up_to_idle():
    def construct(scene):
        show(scene, drawing.prose("still"))
        for _ in range(3):
            scene.wait(style.MAX_IDLE * 0.6)

    assert kinds_found(construct) == {"idle"}


def test_a_finding_names_its_beat():
    def construct(scene):
        scene.next_section("clean")
        show(scene, drawing.prose("fine"))
        scene.next_section("crowded")
        show(scene, drawing.prose("tiny", size=style.MIN_FONT_SIZE - 4).shift(DOWN))

    scene_class = type("Beats", (stage.ChapterScene,), {"construct": construct})
    assert [(f.beat, f.kind) for f in check_scene(scene_class)] == [("crowded", "text-too-small")]


def test_a_text_gone_before_it_can_be_read_is_found():
    def construct(scene):
        sentence = drawing.prose("six words need three whole seconds")  # 6 / 3 + 1 s
        show(scene, sentence)
        scene.wait(1.5)
        scene.play(FadeOut(sentence))
        short = drawing.prose("two words")  # under three words: never too brief
        show(scene, short)
        scene.play(FadeOut(short))

    scene_class = type("Brief", (stage.ChapterScene,), {"construct": construct})
    findings = check_scene(scene_class)
    assert [(f.kind, f.subject) for f in findings] == [
        ("too-brief", "six words need three whole seconds")
    ]
    assert "1.5 s on screen, needs 3.0 s" in findings[0].detail  # fade-in end to fade-out


def test_a_text_shown_long_enough_is_not_too_brief():
    def construct(scene):
        sentence = drawing.prose("six words need three whole seconds")
        show(scene, sentence)
        scene.hold(3)
        scene.play(FadeOut(sentence))

    assert kinds_found(construct) == set()


def test_a_line_said_over_a_heading_alone_is_a_bare_frame():
    def bare(scene):
        scene.next_section("bare")
        with scene.say("A line said while the frame shows nothing but its heading."):
            scene.play(FadeIn(drawing.heading("A heading")), run_time=0.5)

    def pictured(scene):
        scene.next_section("pictured")
        with scene.say("A line said while the frame shows its picture."):
            scene.play(FadeIn(drawing.heading("A heading")), FadeIn(Rectangle()), run_time=0.5)

    assert "bare-frame" in kinds_found(bare)
    assert "bare-frame" not in kinds_found(pictured)


def test_a_picture_kept_in_the_top_half_while_the_voice_goes_on_leaves_the_lower_half_empty():
    lines = (
        "A picture that stays in the top half of the frame while the voice goes on.",
        "And the lower half of the frame stays empty for the whole of this second line.",
    )

    def told_over(picture: Rectangle):
        def construct(scene):
            scene.next_section("told")
            for line in lines:
                with scene.say(line):
                    scene.play(FadeIn(picture), run_time=0.5)

        return construct

    top_half = Rectangle(width=4, height=1.5).move_to(UP * 1.5)
    whole_frame = Rectangle(width=4, height=4)
    assert "empty-lower-half" in kinds_found(told_over(top_half))
    assert "empty-lower-half" not in kinds_found(told_over(whole_frame))


def test_an_action_that_comes_late_for_its_word_is_off_word():
    line = "The ring lands on the winner, and then the line moves on."

    def timed(overrun: float):
        def construct(scene):
            scene.next_section("timed")
            scene.add(Rectangle())
            with scene.say(line) as said:
                scene.wait(said.until("winner") + overrun)  # the move before ran over
                scene.play(FadeIn(drawing.prose("winner")), run_time=said.until("winner") or 0.5)

        return construct

    assert "off-word" in kinds_found(timed(style.ON_WORD + 0.3))
    assert "off-word" not in kinds_found(timed(0.0))


def test_the_moving_camera_sets_the_safe_area_and_the_size_text_is_seen_at():
    def zoomed_in(scene):
        text = drawing.prose("close up", size=style.MIN_FONT_SIZE - 6)  # small, but zoomed 2x
        scene.add(Rectangle(width=5, height=3))
        scene.play(scene.camera.frame.animate.scale(0.5).move_to(text))
        scene.play(FadeIn(text))

    def at_the_view_edge(scene):
        text = drawing.prose("cut by the zoom")
        scene.play(FadeIn(text))
        scene.play(scene.camera.frame.animate.scale(0.5).move_to(text.get_right() + LEFT * 3.4))

    assert kinds_found(zoomed_in) == set()
    assert kinds_found(at_the_view_edge) == {"outside-safe-area"}
