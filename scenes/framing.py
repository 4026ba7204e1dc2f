"""Camera moves that lead the eye: a view fitted around part of the picture (inside the
view's own safe area, as ``checks.layout`` reads it), and the way back to the whole frame,
where every chapter ends (the next one opens on the whole frame)."""

from __future__ import annotations

from manim import ORIGIN, Animation, Mobject, VGroup, config

from scenes import style
from scenes.compute.framing import fit_view, fit_view_under


def view_box_of(*mobjects: Mobject) -> tuple[float, float, float, float]:
    """The box (left, bottom, right, top) that holds ``mobjects``."""
    group = VGroup(*mobjects)
    return (group.get_left()[0], group.get_bottom()[1], group.get_right()[0], group.get_top()[1])


def view_on(frame: Mobject, *mobjects: Mobject, min_width: float = 0.0) -> Animation:
    """Move and zoom the camera's ``frame`` so that ``mobjects`` fill its safe area."""
    aspect = frame.width / frame.height  # the camera's own (its pixels', not the scene's)
    (x, y), width = fit_view(view_box_of(*mobjects), aspect, style.SAFE_FRACTION, min_width)
    return frame.animate.move_to([x, y, 0]).set(width=width)


def whole_frame(frame: Mobject) -> Animation:
    """Back to the whole frame, unzoomed."""
    return frame.animate.move_to(ORIGIN).set(width=config.frame_width)


def view_under(frame: Mobject, ceiling: Mobject, *mobjects: Mobject) -> Animation:
    """Move and zoom the camera's ``frame`` onto ``mobjects``, its top edge just under
    ``ceiling``: what is above is wholly out of view, not cut in half."""
    aspect = frame.width / frame.height  # the camera's own (its pixels', not the scene's)
    (x, y), width = fit_view_under(
        view_box_of(*mobjects), ceiling.get_bottom()[1], aspect, style.SAFE_FRACTION
    )
    return frame.animate.move_to([x, y, 0]).set(width=width)
