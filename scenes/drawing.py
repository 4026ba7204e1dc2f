"""The film's drawing kit: text in the film's fonts, cards and boxes, and the layout rules
(safe area, baselines, stacking) that two or more chapters share.

Colours come from ``scenes.palette`` and sizes from ``scenes.style``, read when a function is
called, so a test that patches a role or a size reaches every use. The shipped fonts are
registered with Pango on the first text drawn, not when this module is imported.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import cache

from manim import (
    BOLD,
    DOWN,
    LEFT,
    NORMAL,
    UP,
    Mobject,
    RoundedRectangle,
    Text,
    UpdateFromAlphaFunc,
    VGroup,
    config,
    interpolate_color,
    there_and_back,
)
from manim.utils.color import ManimColor

from scenes import fonts, palette, style


@cache
def use_shipped_fonts() -> None:
    """Register the shipped fonts with Pango, once per process, before any text is drawn."""
    fonts.register_fonts()


def prose(
    text: str,
    size: float | None = None,
    color: str | None = None,
    bold: bool = False,
    **kwargs,
) -> Text:
    """A line (or lines) of prose in the video's sans-serif (body size, text colour)."""
    use_shipped_fonts()
    return Text(
        text,
        font=fonts.SANS,
        font_size=size or style.BODY_SIZE,
        color=color or palette.TEXT,
        weight=BOLD if bold else NORMAL,
        line_spacing=kwargs.pop("line_spacing", style.LINE_SPACING),
        **kwargs,
    )


def code(
    text: str, size: float | None = None, color: str | None = None, bold: bool = False
) -> Text:
    """Code or tokens in the video's monospace."""
    use_shipped_fonts()
    return Text(
        text,
        font=fonts.MONO,
        font_size=size or style.CODE_SIZE,
        color=color or palette.TEXT,
        weight=BOLD if bold else NORMAL,
    )


def glyph_span(text: Mobject, source: str, start: int, end: int) -> VGroup:
    """The glyphs that draw ``source[start:end]`` in ``text``, a Text (or line) of ``source``.

    A manim Text holds one glyph per non-space character, so a slice of the string maps to a
    slice of the glyphs once the spaces before it are discounted.
    """
    first = sum(1 for char in source[:start] if not char.isspace())
    count = sum(1 for char in source[start:end] if not char.isspace())
    return VGroup(*text[first : first + count])


class TextLine(VGroup):
    """One line cut out of a multi-line Text: keeps its text, font and size for the layout check."""

    def __init__(self, glyphs: Sequence[Mobject], text: str, font: str, font_size: float):
        super().__init__(*glyphs)
        self.text = text
        self.font = font
        self._base_font_size = font_size
        self._base_height = max(self.height, 1e-9)

    @property
    def font_size(self) -> float:
        return self._base_font_size * self.height / self._base_height


def code_block(
    lines: Sequence[str],
    size: float | None = None,
    color: str | None = None,
    line_spacing: float | None = None,
) -> VGroup:
    """Lines of code on an even baseline grid, as a VGroup of one ``TextLine`` per line.

    Stacking separate Texts would space lines by their ink (a line of parentheses sits lower
    than a line of digits); one multi-line Text keeps the baselines regular.
    """
    use_shipped_fonts()
    size = size or style.CODE_SIZE
    source = "\n".join(lines)
    spacing = style.CODE_LINE_SPACING if line_spacing is None else line_spacing
    block = Text(
        source, font=fonts.MONO, font_size=size, color=color or palette.TEXT, line_spacing=spacing
    )
    rows = VGroup()
    start = 0
    for line in lines:
        glyphs = glyph_span(block, source, start, start + len(line))
        rows.add(TextLine(glyphs.submobjects, line, fonts.MONO, size))
        start += len(line) + 1
    return rows


def heading(text: str, color: str | None = None, size: float | None = None) -> Text:
    """A chapter or section heading, placed at the top of the frame."""
    title = prose(text, size=size or style.HEADING_SIZE, color=color or palette.ACCENT, bold=True)
    fit_width(title, safe_width())
    return title.to_edge(UP, buff=style.TITLE_BUFF)


# --- Layout -----------------------------------------------------------------------------------
def safe_width() -> float:
    """Width of the safe area (read at call time so quality changes are honoured)."""
    return config.frame_width * (1 - 2 * style.SAFE_FRACTION)


def safe_height() -> float:
    return config.frame_height * (1 - 2 * style.SAFE_FRACTION)


def safe_top() -> float:
    """y of the safe area's top edge (its bottom edge is ``-safe_top()``)."""
    return config.frame_height * (0.5 - style.SAFE_FRACTION)


def safe_right() -> float:
    """x of the safe area's right edge (its left edge is ``-safe_right()``)."""
    return config.frame_width * (0.5 - style.SAFE_FRACTION)


def baseline(text: Text) -> float:
    """The y of a text's first baseline: the bottom of its first glyph.

    That glyph must not descend below the baseline (a digit or a capital, say). Aligning by
    bounding box instead lets ascenders and descenders shift lines that should share a line.
    """
    return text[0].get_bottom()[1]


def set_baseline(text: Text, y: float) -> Text:
    """Move ``text`` vertically so its first line sits on ``y``."""
    text.shift(UP * (y - baseline(text)))
    return text


def fit_width(mobject: Mobject, max_width: float) -> Mobject:
    """Shrink ``mobject`` to ``max_width`` if it is wider; never enlarge."""
    if mobject.width > max_width:
        mobject.scale_to_fit_width(max_width)
    return mobject


def stack(
    mobjects: Iterable[Mobject], buff: float | None = None, aligned_edge=LEFT
) -> VGroup:
    """Stack mobjects top to bottom, ``GAP_S`` apart, aligned to one edge (left by default)."""
    group = VGroup(*mobjects)
    group.arrange(DOWN, buff=style.GAP_S if buff is None else buff, aligned_edge=aligned_edge)
    return group


def below(mobject: Mobject, anchor: Mobject, buff: float | None = None) -> Mobject:
    """Place ``mobject`` under ``anchor`` (``GAP_M`` apart), horizontally centred."""
    mobject.next_to(anchor, DOWN, buff=style.GAP_M if buff is None else buff)
    mobject.set_x(0)
    return mobject


class Card(VGroup):
    """A rounded box and the content it frames, reachable by name: ``.box``, ``.content``."""

    def __init__(self, box: RoundedRectangle, content: Mobject):
        super().__init__(box, content)
        self.box = box
        self.content = content


def card(
    content: Mobject,
    color: str | None = None,
    width: float | None = None,
    height: float | None = None,
    padding: float | None = None,
) -> Card:
    """A rounded box framing ``content``, sized to it or to a fixed ``width``/``height``.

    Content that does not fit a fixed size is an error, not silently shrunk below the
    type scale: widen the card or shorten the text.
    """
    padding = style.CARD_PADDING if padding is None else padding
    inner_width = content.width + 2 * padding
    inner_height = content.height + 2 * padding
    if (width is not None and inner_width > width + 1e-6) or (
        height is not None and inner_height > height + 1e-6
    ):
        raise ValueError(
            f"card content needs {inner_width:.2f} x {inner_height:.2f} units with padding, "
            f"more than the card's {width} x {height}: widen the card or shorten the text"
        )
    box = RoundedRectangle(
        corner_radius=style.CORNER_RADIUS,
        width=width if width is not None else inner_width,
        height=height if height is not None else inner_height,
        color=color or palette.ACCENT,
        stroke_width=style.STROKE,
        fill_color=palette.SURFACE,
        fill_opacity=1,
    )
    box.move_to(content)
    return Card(box, content)


def pulse(owner: Mobject, part: Mobject, color: str) -> UpdateFromAlphaFunc:
    """Flash ``part`` (inside ``owner``, which is on stage) to ``color`` and back.

    Animated through its owner, so a text or a card on stage is not broken into loose pieces
    (which the checks would read as the text leaving). Each drawn piece of ``part`` returns to
    its own colour (a slice of a text is a group, whose own colour is not its glyphs').
    """
    pieces = part.family_members_with_points() or [part]
    bases, flash = [piece.get_color() for piece in pieces], ManimColor(color)

    def update(_: Mobject, alpha: float) -> None:
        for piece, base in zip(pieces, bases, strict=True):
            piece.set_color(interpolate_color(base, flash, there_and_back(alpha)))

    return UpdateFromAlphaFunc(owner, update)


def labelled_box(
    label: str, color: str, width: float, height: float, label_color: str | None = None
) -> Card:
    """A box with a centred label: a component in a block diagram."""
    text = prose(label, size=style.SUBHEADING_SIZE, color=label_color or color)
    return card(text, color=color, width=width, height=height)
