"""The camera's view must hold what it frames inside its own safe area, and no more than
it needs to."""

from __future__ import annotations

import pytest

from scenes.compute.framing import fit_view, fit_view_under, view_box

ASPECT, SAFE = 16 / 9, 0.05


def contains(outer: tuple[float, ...], inner: tuple[float, ...]) -> bool:
    return (
        outer[0] <= inner[0] + 1e-9
        and outer[1] <= inner[1] + 1e-9
        and inner[2] <= outer[2] + 1e-9
        and inner[3] <= outer[3] + 1e-9
    )


@pytest.mark.parametrize("box", [(-6, 0, 0, 1), (1, -3, 2, 3), (-1, -1, 1, 1)])
def test_the_view_holds_the_box_in_its_safe_area_and_touches_it(box) -> None:
    centre, width = fit_view(box, ASPECT, SAFE)
    safe = view_box(centre, width, ASPECT, SAFE)
    assert contains(safe, box)
    # tight on one axis: the box reaches the safe area's sides or its top and bottom
    assert min(abs(safe[0] - box[0]), abs(safe[1] - box[1])) < 1e-9


def test_a_minimum_width_keeps_the_view_from_zooming_in_too_far() -> None:
    _, width = fit_view((0, 0, 0.1, 0.1), ASPECT, SAFE, min_width=5.0)
    assert width == 5.0


def test_an_inverted_box_is_refused() -> None:
    with pytest.raises(ValueError):
        fit_view((1, 0, 0, 1), ASPECT, SAFE)


def test_a_view_under_a_ceiling_shows_nothing_above_it_and_holds_the_box() -> None:
    box, ceiling = (-6.4, -3.46, -0.06, -1.06), -0.86
    centre, width = fit_view_under(box, ceiling, ASPECT, SAFE)
    view = view_box(centre, width, ASPECT)
    safe = view_box(centre, width, ASPECT, SAFE)
    assert view[3] < ceiling
    assert contains(
        tuple(s + d for s, d in zip(safe, (-1e-3, -1e-3, 1e-3, 1e-3), strict=True)), box
    )


def test_a_box_too_close_under_its_ceiling_is_refused() -> None:
    with pytest.raises(ValueError):
        fit_view_under((-6.4, -3.46, -0.06, -1.06), -1.0, ASPECT, SAFE)
