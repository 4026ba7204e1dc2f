"""The film's type scale, spacing and timing: the numbers every chapter shares.

One home for each size, gap and duration, so chapters pick a named step instead of a loose
number. Manim units: the frame is 14.2 x 8. No Manim here.
"""

from __future__ import annotations

# --- Type: the font families are listed in scenes/fonts.py ---------------------------------
TITLE_SIZE = 56  # the video's title card
HEADING_SIZE = 38  # one per chapter section, top of the frame
SUBHEADING_SIZE = 30  # column heads, card numbers
BODY_SIZE = 26  # sentences
CAPTION_SIZE = 22  # labels on diagrams
CODE_SIZE = 22  # tokens and code
MIN_FONT_SIZE = 20  # nothing on screen is smaller (about 14 px tall at 480p)
LINE_SPACING = 0.9  # Text's line_spacing is relative; keep multi-line blocks compact
CODE_LINE_SPACING = 0.8  # lines of code sit a little closer than prose
QUOTE_OPEN, QUOTE_CLOSE = "\u201c", "\u201d"  # a quote from the source is marked as one

# --- Spacing --------------------------------------------------------------------------------
# Title-safe area: the frame inset by 5% of its width at the sides and 5% of its height at
# the top and bottom (0.71 and 0.4 units in the 14.2 x 8 frame). Nothing is drawn outside it.
SAFE_FRACTION = 0.05
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
HOLD = 1.5  # a deliberate, silent hold on a chapter's key picture
LINE_GAP = 0.35  # the breath after a narrated line, before anything else is said
ON_WORD = 0.2  # an action anchored on a word starts at most this long after it
MAX_IDLE = 2.0  # longest plain wait: beyond this the viewer sees nothing happen
