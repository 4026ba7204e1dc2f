"""The one theme of the video: palette, type scale, fonts, spacing and shared layout helpers.

Chapters ask this module for *roles* ("heading", "muted", "code") rather than raw hex strings
or loose font sizes, so one edit here restyles the whole video. Layout helpers live here once
two or more chapters need them.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager

from manim import (
    BOLD,
    DOWN,
    LEFT,
    NORMAL,
    RIGHT,
    UP,
    FadeIn,
    FadeOut,
    Mobject,
    RoundedRectangle,
    Scene,
    Text,
    UpdateFromAlphaFunc,
    VGroup,
    config,
    interpolate_color,
    there_and_back,
)
from manim.utils.color import ManimColor

from scenes import fonts, voice
from scenes.captions import caption_starts, cut_cues
from scenes.frame_writer import HoldOnceScene

# --- Palette: named roles on a dark background --------------------------------------------
# Every text colour keeps a WCAG contrast of at least 4.5:1 against BACKGROUND.
BACKGROUND = "#0f0f1a"
SURFACE = "#1a1a2c"  # fill of cards and panels, one step above the background
TEXT = "#e6e6ef"  # body prose
MUTED = "#a3a3ba"  # secondary prose, axes, dividers (7.7:1; the seed's #666677 was 3.4:1)
ACCENT = "#4fc3f7"  # cyan: headings, the model, keys
SECONDARY = "#ce93d8"  # purple: numbering, second accent
POSITIVE = "#81c784"  # green: what works, in-model execution
WARNING = "#ff8a65"  # orange: what fails, costs, problems
HIGHLIGHT = "#ffd54f"  # gold: the key message, the trace, the winner
PALETTE_ROLES = (
    "BACKGROUND", "SURFACE", "TEXT", "MUTED", "ACCENT", "SECONDARY", "POSITIVE", "WARNING",
    "HIGHLIGHT",
)  # fmt: skip


def palette() -> dict[str, str]:
    """Every colour role and its colour, as the theme has them now."""
    return {role: globals()[role] for role in PALETTE_ROLES}


# --- Type: the fonts are listed in scenes/fonts.py and registered at import --------------
SANS, MONO = fonts.SANS, fonts.MONO

TITLE_SIZE = 56  # the video's title card
HEADING_SIZE = 38  # one per chapter section, top of the frame
SUBHEADING_SIZE = 30  # column heads, card numbers
BODY_SIZE = 26  # sentences
CAPTION_SIZE = 22  # labels on diagrams
CODE_SIZE = 22  # tokens and code
MIN_FONT_SIZE = 20  # nothing on screen is smaller (about 14 px tall at 480p)
LINE_SPACING = 0.9  # Text's line_spacing is relative; keep multi-line blocks compact
QUOTE_OPEN, QUOTE_CLOSE = "\u201c", "\u201d"  # a quote from the source is marked as one

# --- Spacing (manim units; the frame is 14.2 x 8) ------------------------------------------
FRAME_MARGIN = 0.4  # the safe area is the frame inset by this on every side
TITLE_BUFF = 0.45  # from the top edge to a chapter heading
# One scale of gaps, smallest to largest: chapters pick a step instead of scaling one.
GAP_XS = 0.1  # between the lines of one two-line label
GAP_S = 0.2  # between lines of one list
GAP_SM = 0.3  # between a marker and its text; between cards in a column
GAP_M = 0.4  # between a heading and what it heads
GAP_L = 0.8  # between blocks
CARD_PADDING = 0.3
CORNER_RADIUS = 0.15
STROKE = 3  # boxes and cards
THIN_STROKE = 2  # arrows and connectors

# --- Timing ---------------------------------------------------------------------------------
FADE_TIME = 0.5  # a fade in or out
MOVE_TIME = 1.0  # a move, or a row of things fading in together
DRAW_TIME = 1.5  # drawing a title, a curve or a diagram
NUDGE = 0.2  # how far things slide as they fade in
DASH = 0.15  # dash length of dashed lines
# Pauses, shortest to longest (plain waits; MAX_IDLE caps them)
SHORT_PAUSE = 0.5  # a breath between two steps that belong together
READ_PAUSE = 1.0  # after a line the viewer must read
HOLD = 1.5  # a deliberate, silent hold on a chapter's key picture
LINE_GAP = 0.35  # the breath after a narrated line, before anything else is said
MAX_IDLE = 2.0  # longest plain wait: beyond this the viewer sees nothing happen


fonts.register_fonts()


# --- Text -------------------------------------------------------------------------------------
# Defaults are None and resolved when called, so restyling a role (or patching it in a test)
# reaches every use.
def prose(
    text: str,
    size: float | None = None,
    color: str | None = None,
    bold: bool = False,
    **kwargs,
) -> Text:
    """A line (or lines) of prose in the video's sans-serif (body size, text colour)."""
    return Text(
        text,
        font=SANS,
        font_size=size or BODY_SIZE,
        color=color or TEXT,
        weight=BOLD if bold else NORMAL,
        line_spacing=kwargs.pop("line_spacing", LINE_SPACING),
        **kwargs,
    )


def code(
    text: str, size: float | None = None, color: str | None = None, bold: bool = False
) -> Text:
    """Code or tokens in the video's monospace."""
    return Text(
        text,
        font=MONO,
        font_size=size or CODE_SIZE,
        color=color or TEXT,
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
    line_spacing: float = 0.8,
) -> VGroup:
    """Lines of code on an even baseline grid, as a VGroup of one ``TextLine`` per line.

    Stacking separate Texts would space lines by their ink (a line of parentheses sits lower
    than a line of digits); one multi-line Text keeps the baselines regular.
    """
    size = size or CODE_SIZE
    source = "\n".join(lines)
    block = Text(source, font=MONO, font_size=size, color=color or TEXT, line_spacing=line_spacing)
    rows = VGroup()
    start = 0
    for line in lines:
        glyphs = glyph_span(block, source, start, start + len(line))
        rows.add(TextLine(glyphs.submobjects, line, MONO, size))
        start += len(line) + 1
    return rows


def heading(text: str, color: str | None = None, size: float | None = None) -> Text:
    """A chapter or section heading, placed at the top of the frame."""
    title = prose(text, size=size or HEADING_SIZE, color=color or ACCENT, bold=True)
    fit_width(title, safe_width())
    return title.to_edge(UP, buff=TITLE_BUFF)


# --- Layout -----------------------------------------------------------------------------------
def safe_width() -> float:
    """Width of the safe area (read at call time so quality changes are honoured)."""
    return config.frame_width - 2 * FRAME_MARGIN


def safe_height() -> float:
    return config.frame_height - 2 * FRAME_MARGIN


def safe_top() -> float:
    """y of the safe area's top edge (its bottom edge is ``-safe_top()``)."""
    return config.frame_height / 2 - FRAME_MARGIN


def safe_right() -> float:
    """x of the safe area's right edge (its left edge is ``-safe_right()``)."""
    return config.frame_width / 2 - FRAME_MARGIN


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
    group.arrange(DOWN, buff=GAP_S if buff is None else buff, aligned_edge=aligned_edge)
    return group


def below(mobject: Mobject, anchor: Mobject, buff: float | None = None) -> Mobject:
    """Place ``mobject`` under ``anchor`` (``GAP_M`` apart), horizontally centred."""
    mobject.next_to(anchor, DOWN, buff=GAP_M if buff is None else buff)
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
    padding = CARD_PADDING if padding is None else padding
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
        corner_radius=CORNER_RADIUS,
        width=width if width is not None else inner_width,
        height=height if height is not None else inner_height,
        color=color or ACCENT,
        stroke_width=STROKE,
        fill_color=SURFACE,
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
    text = prose(label, size=SUBHEADING_SIZE, color=label_color or color)
    return card(text, color=color, width=width, height=height)


def numbered_list(
    items: Sequence[tuple[str, str]], size: float | None = None, buff: float | None = None
) -> VGroup:
    """Rows of ``n  text`` from (text, colour) pairs: numbers in SECONDARY, texts left-aligned."""
    texts = stack(
        [prose(text, size=size, color=color) for text, color in items],
        buff=GAP_M if buff is None else buff,
    )
    labels = []
    for number, text in enumerate(texts, start=1):
        label = prose(str(number), size=size, color=SECONDARY, bold=True)
        label.next_to(text, LEFT, buff=GAP_M)
        set_baseline(label, baseline(text))  # on the first line of a wrapped item
        labels.append(label)
    right = min(label.get_right()[0] for label in labels)  # one edge, whatever their width
    for label in labels:
        label.shift(RIGHT * (right - label.get_right()[0]))
    rows = VGroup(*(VGroup(label, text) for label, text in zip(labels, texts, strict=True)))
    return rows


# --- Scenes -----------------------------------------------------------------------------------
def current_beat(scene: Scene) -> str:
    """The name of the beat (manim section) a scene is in; manim keeps it, in a dry run too."""
    return scene.renderer.file_writer.sections[-1].name


class SpokenLine:
    """A narrated line as it is spoken: when it started, and timing for what runs under it."""

    def __init__(self, scene: Scene, speech: voice.Speech, caption: str, beat: str):
        self.scene = scene
        self.speech = speech
        self.caption = caption
        self.beat = beat
        self.start = scene.time

    @property
    def end(self) -> float:
        return self.start + self.speech.duration

    def remaining(self) -> float:
        """Seconds of the line still to be spoken: a run time that ends with it."""
        return max(0.0, self.end - self.scene.time)

    def until(self, word: str, occurrence: int = 1) -> float:
        """Seconds from now until ``word`` is said (0 if it has been): a run time that lands
        an animation on the word."""
        return max(0.0, self.start + self.speech.start_of(word, occurrence) - self.scene.time)

    def wait_until(self, word: str, occurrence: int = 1) -> None:
        """Wait until ``word`` is said, so the next animation starts on it."""
        if (seconds := self.until(word, occurrence)) > 0:
            self.scene.wait(seconds)

    def reveal(self, mobjects: Sequence[Mobject], words: Sequence[str]) -> None:
        """Fade each of ``mobjects`` in as its word of ``words`` is said: labels that arrive
        with the words that name them."""
        for mobject, word in zip(mobjects, words, strict=True):
            self.wait_until(word)
            self.scene.play(FadeIn(mobject, shift=UP * NUDGE), run_time=FADE_TIME)


class ChapterScene(HoldOnceScene):
    """Base of every chapter: the theme's background, the narrator and a few staging helpers.

    Its video is written by ``frame_writer`` (a held frame is converted once, not per frame).
    """

    def setup(self) -> None:
        self.camera.background_color = BACKGROUND
        self.narration: list[SpokenLine] = []  # every line said, in order
        self.carried_over: set[int] = set()  # the previous chapter's picture, by identity

    def open_on(self, *mobjects: Mobject) -> None:
        """Open on the previous chapter's last picture (``scenes.carry_over``), already on
        screen: its texts were read in that chapter, so the checks don't time them anew."""
        self.add(*mobjects)
        self.carried_over = {id(part) for mobject in mobjects for part in mobject.get_family()}

    @contextmanager
    def say(self, spoken: str, caption: str | None = None) -> Iterator[SpokenLine]:
        """Speak a line while the animations in the ``with`` block run under it.

        The voice starts now, the captions follow its words, and leaving the block waits for
        the line to end (plus a breath), so the next line never starts early. ``caption``
        is the written form where it differs from what is heard ("O(log t)" for "O of log t").
        """
        if self.narration and self.time < self.narration[-1].end:
            raise RuntimeError(f"a line starts before the last one ended: {spoken!r}")
        speech = voice.speak(spoken)
        caption = " ".join((caption or speech.text).split())
        line = SpokenLine(self, speech, caption, current_beat(self))
        if speech.wav is not None:  # None: the script is being read, not heard
            self.add_sound(str(speech.wav))
        words = caption.split()
        if caption == speech.text:
            starts = list(speech.word_starts)
        else:
            starts = caption_starts(words, list(speech.word_starts))
        for cue in cut_cues(words, starts, speech.duration):
            self.add_subcaption(cue.text, duration=cue.end - cue.start, offset=cue.start)
        self.narration.append(line)
        yield line
        self.finish_line(line)

    def settle(self, pieces: Sequence[Mobject], *texts: Mobject) -> None:
        """After animations that built ``texts`` out of loose glyphs, put the texts themselves
        on stage (the same glyphs, so nothing moves), for the checks to read them as texts."""
        self.remove(*pieces)
        self.add(*texts)

    def finish_line(self, line: SpokenLine) -> None:
        """Wait out the rest of ``line`` and a breath after it.

        In whole frames, rounded up: manim rounds a wait down to whole frames, which at a
        low frame rate would let the next line start before this one ended.
        """
        frames = math.ceil((line.remaining() + LINE_GAP) * config.frame_rate - 1e-6)
        if frames > 0:
            self.wait(frames / config.frame_rate)

    def hold(self, seconds: float | None = None) -> None:
        """A deliberate pause on a key message (plain waits stay under ``MAX_IDLE``)."""
        self.wait(HOLD if seconds is None else seconds)

    def clear_stage(self, run_time: float | None = None, keep: Sequence[Mobject] = ()) -> None:
        """Fade out everything on stage (except ``keep``) to end a beat."""
        leaving = [m for m in self.mobjects if m not in keep]
        if leaving:
            self.play(*(FadeOut(m) for m in leaving), run_time=run_time or FADE_TIME)
