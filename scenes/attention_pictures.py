"""Attention drawn for chapter 6: keys and a query as number pairs scored by dot product
(``AttentionPicture``), and the growing trace they become, bare squares a query sweeps
(``Sweep``).

Colours: keys ACCENT, the query QUERY (its card, its square, its scan mark), the winner
HIGHLIGHT (later chapters echo them); a count of dot products is a cost, so WARNING.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Animation,
    CurvedArrow,
    FadeIn,
    Indicate,
    Mobject,
    RoundedRectangle,
    SurroundingRectangle,
    Transform,
    VGroup,
)

from scenes import drawing, fonts, palette, style
from scenes.compute.attention import Lookup, products

LABEL_SIZE = style.BODY_SIZE  # the pictures' numbers and labels: each fills the stage alone
KEY_SIDE = 0.6  # a key drawn as a bare square once its numbers no longer matter


def vector_text(vector: tuple[int, ...]) -> str:
    """A key or query as written on screen: (2, 1)."""
    return "(" + ", ".join(str(x) for x in vector) + ")"


def vector_card(vector: tuple[int, ...], color: str) -> drawing.Card:
    """A key (ACCENT) or the query (QUERY): its numbers in a snug card of its colour."""
    text = drawing.code(vector_text(vector), size=LABEL_SIZE, color=color)
    return drawing.card(text, color=color, padding=style.GAP_S)


def digit_baseline(card: drawing.Card) -> float:
    """The baseline of a vector card's numbers: the bottom of its first digit (after "(")."""
    return card.content[1].get_bottom()[1]


def number_baseline(number: Mobject) -> float:
    """The baseline of a number, which may start with a minus sign: its last digit's bottom."""
    return number[-1].get_bottom()[1]


def label_baseline(label: Mobject) -> float:
    """The baseline of a label that starts with a descender ("query"): its second glyph's bottom."""
    return label[1].get_bottom()[1]


def count_text(value: int) -> Mobject:
    """A count of dot products, large enough to read as it climbs under each query."""
    return drawing.code(str(value), size=style.SUBHEADING_SIZE, color=palette.WARNING)


def key_square(color: str) -> RoundedRectangle:
    """A key (or the query) once only its place in the trace matters: a bare square."""
    return RoundedRectangle(
        corner_radius=style.CORNER_RADIUS,
        width=KEY_SIDE,
        height=KEY_SIDE,
        color=color,
        stroke_width=style.STROKE,
        fill_color=palette.SURFACE,
        fill_opacity=1,
    )


def frame_around(mobject: Mobject, color: str) -> SurroundingRectangle:
    """The query's scan mark (QUERY) on the key it is scoring, or the winner's (HIGHLIGHT)."""
    return SurroundingRectangle(
        mobject,
        buff=style.GAP_XS,
        corner_radius=style.CORNER_RADIUS,
        color=color,
        stroke_width=style.STROKE,
    )


def cache_box(keys: Mobject) -> SurroundingRectangle:
    """The KV cache: a thin ACCENT box around every key kept."""
    return frame_around(keys, palette.ACCENT).set_stroke(width=style.THIN_STROKE)


def dot_formula(query: tuple[int, ...], key: tuple[int, ...]) -> tuple[Mobject, Mobject, Mobject]:
    """The worked dot product, query factors in QUERY, key factors in ACCENT.

    For (2, 1) and (1, 3): "(2, 1) dot (1, 3) = 2 times 1 + 1 times 3 = 5", with a middle dot
    and multiplication signs. Returns the line, the glyphs of its sum of products and those
    of its result.
    """
    terms = products(query, key)
    pieces: list[tuple[str, str]] = [
        (vector_text(query), palette.QUERY),
        (" \N{MIDDLE DOT} ", palette.TEXT),
        (vector_text(key), palette.ACCENT),
        (" = ", palette.TEXT),
    ]
    for n, (q, k) in enumerate(zip(query, key, strict=True)):
        if n:
            pieces.append((" + ", palette.TEXT))
        pieces += [
            (str(q), palette.QUERY),
            ("\N{MULTIPLICATION SIGN}", palette.TEXT),
            (str(k), palette.ACCENT),
        ]
    pieces += [(" = ", palette.TEXT), (str(sum(terms)), palette.TEXT)]
    source = "".join(text for text, _ in pieces)
    colors: dict[str, str] = {}
    start = 0
    for text, color in pieces:
        colors[f"[{start}:{start + len(text)}]"] = color
        start += len(text)
    line = drawing.prose(source, t2f={f"[0:{len(source)}]": fonts.MONO}, t2c=colors)
    result = drawing.glyph_span(line, source, len(source) - len(pieces[-1][0]), len(source))
    first_term = sum(len(text) for text, _ in pieces[:4])  # after the vectors and " = "
    last_term = len(source) - len(pieces[-1][0]) - len(pieces[-2][0])  # before " = sum"
    sum_of_products = drawing.glyph_span(line, source, first_term, last_term)
    return line, sum_of_products, result


class AttentionPicture(VGroup):
    """Five keys (ACCENT) and a query (QUERY) as number pairs, the keys' scores below them,
    the worked first dot product, the winner's frame (HIGHLIGHT) and the KV cache's box.

    Parts are reached by name; the chapter animates them in, one idea at a time.
    """

    INDICATE_SCALE = 1.1  # a pulse on the keys' numbers stays clear of their cards

    def __init__(self, lookup: Lookup):
        super().__init__()
        self.key_cards = VGroup(*(vector_card(key, palette.ACCENT) for key in lookup.keys))
        self.key_cards.arrange(RIGHT, buff=style.GAP_SM)
        self.query_card = vector_card(lookup.query, palette.QUERY)
        self.query_card.next_to(self.key_cards, RIGHT, buff=style.GAP_L)
        self.kv_box = cache_box(self.key_cards)
        self.keys_label = drawing.prose("keys", size=LABEL_SIZE, color=palette.ACCENT)
        self.keys_label.next_to(self.kv_box, LEFT, buff=style.GAP_S)
        drawing.set_baseline(self.keys_label, digit_baseline(self.key_cards[0]))
        self.scores = VGroup(
            *(drawing.code(str(score), size=LABEL_SIZE) for score in lookup.scores)
        )
        line = number_baseline(self.scores[0].next_to(self.key_cards[0], DOWN, buff=style.GAP_M))
        for score, card in zip(self.scores, self.key_cards, strict=True):
            score.next_to(card, DOWN, buff=style.GAP_M)
            score.shift(UP * (line - number_baseline(score)))  # "-1" on the digits' line
        self.scores_label = drawing.prose("scores", size=LABEL_SIZE)
        drawing.set_baseline(self.scores_label, line)
        self.scores_label.align_to(self.keys_label, RIGHT)
        self.query_label = drawing.prose("query", size=LABEL_SIZE, color=palette.QUERY)
        self.query_label.next_to(self.query_card, UP, buff=style.GAP_S)
        self.kv_label = drawing.prose("KV cache", size=LABEL_SIZE, color=palette.ACCENT)
        self.kv_label.align_to(self.kv_box, LEFT)
        drawing.set_baseline(self.kv_label, label_baseline(self.query_label))
        self.add(
            self.kv_label, self.query_label, self.keys_label, self.kv_box, self.key_cards,
            self.query_card, self.scores_label, self.scores,
        )  # fmt: skip
        self.move_to([0, 0, 0])
        drawing.fit_width(self, drawing.safe_width())  # a minus sign widens some cards
        self.formula, self.terms, self.result = dot_formula(lookup.query, lookup.keys[0])
        self.formula.next_to(self.scores, DOWN, buff=style.GAP_L).set_x(self.key_cards.get_x())
        best = VGroup(self.key_cards[lookup.best], self.scores[lookup.best])
        self.winner = frame_around(best, palette.HIGHLIGHT)
        self.winner_label = drawing.prose(
            "hard max: top score wins", size=LABEL_SIZE, color=palette.HIGHLIGHT
        )
        self.winner_label.next_to(self.winner, DOWN, buff=style.GAP_S)
        self.add(self.formula, self.winner, self.winner_label)

    @property
    def cards(self) -> list[drawing.Card]:
        """Every vector card: the keys', then the query's."""
        return [*self.key_cards, self.query_card]

    def indicate_keys(self) -> list[Animation]:
        """A pulse on every key's numbers (ACCENT): each is a pair."""
        return [
            Indicate(card.content, color=palette.ACCENT, scale_factor=self.INDICATE_SCALE)
            for card in self.key_cards
        ]

    def scoring_parts(self) -> VGroup:
        """What only the scoring needed: scores, the winner, the keys' label; gone once the
        picture becomes the sweep, where only places in the trace matter."""
        return VGroup(
            self.scores, self.scores_label, self.winner, self.winner_label, self.keys_label
        )

    def become(self, sweep: Sweep) -> list[Animation]:
        """The cards' boxes become the sweep's squares, the cache and labels theirs.

        Play once the cards' numbers are gone, then put the sweep on stage in their place.
        """
        return [
            *(Transform(card.box, square)
              for card, square in zip(self.key_cards, sweep.keys, strict=True)),
            Transform(self.query_card.box, sweep.query),
            Transform(self.kv_box, sweep.kv_box),
            Transform(self.kv_label, sweep.kv_label),
            Transform(self.query_label, sweep.query_label),
        ]  # fmt: skip

    def left_by_sweep(self) -> list[Mobject]:
        """What ``become`` moved onto the sweep's parts, to remove once the sweep is added."""
        return [*(card.box for card in self.cards), self.kv_box, self.kv_label, self.query_label]


class Sweep(VGroup):
    """The growing trace as bare squares: keys (ACCENT) in the KV cache's box, the query
    (QUERY) in the next slot, and under each query the dot products its step computed.

    It starts with ``first`` keys and has room for steps up to one that looks back over
    ``last`` keys.
    """

    LOOKBACK_ANGLE = -1.4  # radians: the "two tokens it needs" arcs bend down, under the row

    def __init__(self, first: int, last: int, row_y: float):
        super().__init__()
        self.first, self.last = first, last
        pitch = KEY_SIDE + style.GAP_SM
        self.slots = [
            np.array([(i - last / 2) * pitch, row_y, 0.0]) for i in range(last + 1)
        ]  # keys 0..last-1, and the last step's query at slot ``last``
        self.keys = VGroup(
            *(key_square(palette.ACCENT).move_to(self.slots[i]) for i in range(first))
        )
        self.query = key_square(palette.QUERY).move_to(self.slots[first])
        self.kv_box = cache_box(self.keys)
        self.kv_label = drawing.prose("KV cache", size=LABEL_SIZE, color=palette.ACCENT)
        self.kv_label.next_to(self.kv_box, UP, buff=style.GAP_S).align_to(self.kv_box, LEFT)
        self.query_label = drawing.prose("query", size=LABEL_SIZE, color=palette.QUERY)
        self.query_label.next_to(self.query, UP, buff=style.GAP_S)
        drawing.set_baseline(self.kv_label, label_baseline(self.query_label))
        self.count_y = drawing.baseline(count_text(0).next_to(self.query, DOWN, buff=style.GAP_M))
        self.counts_label = drawing.prose(
            "dot products per step", size=LABEL_SIZE, color=palette.MUTED
        )
        drawing.set_baseline(self.counts_label, self.count_y)
        self.counts_label.align_to(self.keys, RIGHT)
        self.counts = VGroup()  # one number per step shown, under that step's query
        self.add(self.keys, self.query, self.kv_box, self.kv_label, self.query_label)
        self.add(self.counts)  # the counts' label joins once it is shown

    def count(self, value: int, slot: int) -> Mobject:
        """The counter under the query in ``slot``, showing ``value`` dot products."""
        number = count_text(value).set_x(self.slots[slot][0])
        return drawing.set_baseline(number, self.count_y)

    def lookback_arcs(self, keys: Sequence[int]) -> VGroup:
        """Arcs from the query down and back to the given keys: the ones its step needs."""
        return VGroup(
            *(
                CurvedArrow(
                    self.query.get_bottom() + DOWN * style.GAP_S,
                    self.keys[i].get_bottom() + DOWN * style.GAP_S,
                    angle=self.LOOKBACK_ANGLE,
                    color=palette.HIGHLIGHT,
                    stroke_width=style.THIN_STROKE,
                )
                for i in keys
            )
        )

    def next_query(self, slot: int) -> list[Animation]:
        """The query's token becomes a key in the cache; the next token's query arrives in
        ``slot``. The new ``query`` is not yet part of the picture: adopt it once played."""
        old_query = self.query
        self.keys.add(old_query)
        self.query = key_square(palette.QUERY).move_to(self.slots[slot])
        return [
            old_query.animate.set_stroke(palette.ACCENT),
            Transform(self.kv_box, cache_box(self.keys)),
            FadeIn(self.query, shift=LEFT * style.NUDGE),
            self.query_label.animate.next_to(self.query, UP, buff=style.GAP_S),
        ]

    def indicate_first(self, count: int) -> list[Animation]:
        """A pulse on the first ``count`` keys (ACCENT): the keys the next chapter searches."""
        return [Indicate(key, color=palette.ACCENT) for key in self.keys[:count]]

    def detach_counts(self) -> list[Mobject]:
        """Take the counts and their label out of the picture (to leave while it moves on)."""
        counted = [self.counts_label, self.counts]
        for holder in self.get_family():
            holder.remove(*(part for part in counted if part in holder.submobjects))
        return counted
