"""Where the moving camera looks: the view that shows a part of the picture large, inside
the title-safe area of that view (no Manim here: boxes in, centre and width out)."""

from __future__ import annotations

from collections.abc import Sequence


def fit_view(
    box: Sequence[float], aspect: float, safe_fraction: float, min_width: float = 0.0
) -> tuple[tuple[float, float], float]:
    """The centre and width of the smallest view of the frame's ``aspect`` (width / height)
    whose safe area (inset by ``safe_fraction`` of its width at the sides, of its height at
    the top and bottom) holds ``box`` = (left, bottom, right, top); at least ``min_width``."""
    left, bottom, right, top = box
    if right < left or top < bottom:
        raise ValueError(f"not a box: {tuple(box)}")
    usable = 1 - 2 * safe_fraction
    width = max((right - left) / usable, (top - bottom) * aspect / usable, min_width)
    return ((left + right) / 2, (bottom + top) / 2), width


def view_box(
    centre: tuple[float, float], width: float, aspect: float, inset: float = 0.0
) -> tuple[float, float, float, float]:
    """The box (left, bottom, right, top) a view shows, inset by ``inset`` of its size."""
    height = width / aspect
    half_w, half_h = width * (0.5 - inset), height * (0.5 - inset)
    x, y = centre
    return (x - half_w, y - half_h, x + half_w, y + half_h)


def fit_view_under(
    box: Sequence[float], ceiling: float, aspect: float, safe_fraction: float
) -> tuple[tuple[float, float], float]:
    """Like ``fit_view``, but the view's top edge sits just under ``ceiling``, so whatever
    lies above it is wholly out of view (a view cutting through a text would show half of
    it); a ValueError if ``box`` then cannot fit the view's safe area."""
    (x, _), width = fit_view(box, aspect, safe_fraction)
    height = width / aspect
    top = ceiling - CLEARANCE
    safe_top, safe_bottom = top - height * safe_fraction, top - height * (1 - safe_fraction)
    if safe_top < box[3] - TOLERANCE or safe_bottom > box[1] + TOLERANCE:
        raise ValueError(f"{tuple(box)} does not fit a view under {ceiling}")
    return (x, top - height / 2), width


CLEARANCE = 1e-3  # how far under its ceiling a view's top edge sits
TOLERANCE = 1e-3  # how far a box may reach past the safe area (as the layout check allows)
