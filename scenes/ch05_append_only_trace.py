"""Chapter 5: the append-only notebook, shown on the article's verb-parity toy.

The trace is drawn from ``scenes.compute.parity`` rather than typed in, so the tokens on screen
are the ones the rule actually produces.
"""

from __future__ import annotations

from collections.abc import Sequence

from manim import (
    DOWN,
    LEFT,
    UP,
    Arrow,
    Create,
    CurvedArrow,
    FadeIn,
    FadeOut,
    GrowArrow,
    Text,
    VGroup,
    Write,
)

from scenes import theme as t
from scenes.compute.parity import PROMPT, VERBS, ParityStep, parity_trace

WORD_GAP = 0.55  # horizontal gap between prompt words (also spaces the trace columns)
LOOKBACK_DROP = 1.15  # vertical distance from the prompt row down to the trace row
ARC_ANGLE = 1.9  # bend of the trace-to-trace arcs (radians); they bulge below the trace row
ARC_TIP = 0.16  # tip length of the trace-to-trace arcs
SLOW_STEPS = 3  # the first steps run slowly, with time to read their caption
SLOW_STEP_TIME = 0.9
FAST_STEP_TIME = 0.55


def baseline_row(tokens: Sequence[str], color: str | None = None, buff: float = WORD_GAP) -> VGroup:
    """Monospace tokens in one row, spaced ``buff`` apart, all sitting on one baseline.

    Separate ``Text`` objects centred on one line would bob up and down with their ascenders
    and descenders ("runs" vs "jumps"); cutting one line of text into words keeps the baseline.
    (A candidate for the theme if another chapter lays tokens out in a row.)
    """
    source = " ".join(tokens)
    line = t.code(source, color=color)
    starts = [sum(len(token) + 1 for token in tokens[:i]) for i in range(len(tokens))]
    words = VGroup(
        *(t.glyph_span(line, source, start, start + len(token))
          for start, token in zip(starts, tokens, strict=True))
    )  # fmt: skip
    x = 0.0
    for word in words:
        word.shift(LEFT * (word.get_left()[0] - x))
        x = word.get_right()[0] + buff
    return words.set_x(0)


def step_line(step: ParityStep, previous: ParityStep | None) -> str:
    """What the narrator says for one step: the word, the rule applied, the new token."""
    if previous is None:
        return f"{step.word.capitalize()}: not a verb, and no verb came before, so {step.token}."
    if step.is_verb:
        flip = f"{previous.token} to {step.token}"
        return f"{step.word.capitalize()} is a verb, so the trace flips {flip}."
    return f"{step.word.capitalize()} is not a verb, so the trace keeps {step.token}."


def step_caption(step: ParityStep, previous: ParityStep | None) -> Text:
    """One line saying how this step's token follows from its two lookbacks.

    One ``Text`` (tokens switched to monospace by slice) keeps prose and tokens on one baseline.
    """
    verdict = "verb: flip" if step.is_verb else "no verb: keep"
    pieces: list[tuple[str, str | None, str | None]] = [(step.word, t.MONO, t.ACCENT)]
    if previous is None:
        pieces += [("  no verb yet  →  ", None, None)]
    else:
        pieces += [(f"  {verdict}  ", None, None), (previous.token, t.MONO, t.HIGHLIGHT)]
        pieces += [("  →  ", None, None)]
    pieces += [(step.token, t.MONO, t.HIGHLIGHT)]
    fonts: dict[str, str] = {}
    colors: dict[str, str] = {}
    start = 0
    for text, font, color in pieces:
        span = f"[{start}:{start + len(text)}]"
        if font:
            fonts[span] = font
        if color:
            colors[span] = color
        start += len(text)
    return t.prose("".join(text for text, _, _ in pieces), t2f=fonts, t2c=colors)


class AppendOnlyTrace(t.ChapterScene):
    """Nothing is overwritten: each trace token is computed by looking back at two tokens."""

    def construct(self) -> None:
        words = PROMPT.split()
        trace = parity_trace(words, VERBS)

        self.next_section("heading")
        title = t.heading("The append-only trace")
        subtitle = t.prose(
            "Nothing is overwritten: the model only appends, and looks back",
            color=t.MUTED,
        )
        t.below(subtitle, title, buff=t.GAP_S)
        with self.say(
            "The trace is never edited. The model only appends to it, and reads back what it "
            "wrote."
        ):
            self.play(Write(title))
            self.play(FadeIn(subtitle, shift=DOWN * t.NUDGE), run_time=t.FADE_TIME)
        with self.say(
            "So to add, the machine must first find the three and the five it wrote earlier.",
            caption="So to execute i32.add, the machine must first find the 3 and the 5 it "
            "wrote earlier.",
        ):
            pass

        self.next_section("notebook")
        # The prompt row, the trace row beneath it, and every lookback arrow
        prompt_row = baseline_row(words)
        for word, step in zip(prompt_row, trace, strict=True):
            if step.is_verb:
                word.set_color(t.SECONDARY)
        trace_row = baseline_row([step.token for step in trace], color=t.HIGHLIGHT)
        for token, word in zip(trace_row, prompt_row, strict=True):
            token.set_x(word.get_x())
        trace_row.shift(DOWN * LOOKBACK_DROP)

        word_arrows = VGroup(
            *(
                Arrow(
                    prompt_row[step.prompt_index].get_bottom(),
                    trace_row[step.position].get_top(),
                    buff=0.1,
                    color=t.ACCENT,
                    stroke_width=t.THIN_STROKE,
                    max_tip_length_to_length_ratio=0.2,
                )
                for step in trace
            )
        )
        trace_arrows = VGroup(
            *(
                CurvedArrow(
                    trace_row[step.previous_index].get_bottom() + DOWN * 0.06,
                    trace_row[step.position].get_bottom() + DOWN * 0.06,
                    angle=ARC_ANGLE,
                    color=t.HIGHLIGHT,
                    stroke_width=t.THIN_STROKE,
                    tip_length=ARC_TIP,
                )
                for step in trace
                if step.previous_index is not None
            )
        )
        verb_list = " and ".join(step.word for step in trace if step.is_verb)
        prompt_label = t.prose(
            f"prompt: the input words (the verbs are {verb_list})",
            size=t.CAPTION_SIZE,
            color=t.MUTED,
            t2c={word: t.SECONDARY for word in VERBS},
        )
        prompt_label.next_to(prompt_row, UP, buff=t.GAP_M).align_to(prompt_row, LEFT)
        trace_label = t.prose(
            "execution trace: is the number of verbs so far odd or even?",
            size=t.CAPTION_SIZE,
            color=t.HIGHLIGHT,
        )
        trace_label.next_to(trace_arrows, DOWN, buff=t.GAP_S).align_to(prompt_row, LEFT)
        contents = VGroup(prompt_label, prompt_row, word_arrows, trace_row, trace_arrows)
        contents.add(trace_label)
        notebook = t.card(contents, color=t.MUTED).box
        VGroup(notebook, contents).next_to(subtitle, DOWN, buff=t.GAP_M).set_x(0)

        with self.say("Percepta shows it on a toy. The prompt is a sentence.") as line:
            self.play(FadeIn(notebook), FadeIn(prompt_label), run_time=t.FADE_TIME)
            self.play(FadeIn(prompt_row, lag_ratio=0.1), run_time=line.remaining())
        with self.say(
            "Under each word, the trace says whether the sentence has had an odd or an even "
            "number of verbs so far."
        ):
            self.play(FadeIn(trace_label), run_time=t.FADE_TIME)

        self.next_section("rule")
        rule = VGroup(
            t.prose("Each new token looks back at"),
            t.prose(
                "(1) its prompt word and (2) the previous trace token",
                t2c={"(1) its prompt word": t.ACCENT, "(2) the previous trace token": t.HIGHLIGHT},
            ),
        ).arrange(DOWN, buff=t.GAP_XS)  # centred lines, like the rest of the column
        rule.next_to(notebook, DOWN, buff=t.GAP_M).set_x(0)
        with self.say(
            "Each new trace token looks back at exactly two tokens: its own word in the prompt, "
            "and the previous trace token."
        ):
            self.play(Write(rule), run_time=t.DRAW_TIME)

        self.next_section("trace")
        # One token per step, each drawn with its two lookbacks
        caption_slot = rule.get_bottom() + DOWN * t.GAP_M
        caption: Text | None = None

        def lookback(step: ParityStep, run_time: float, *also) -> None:
            """Draw a step's two lookbacks, then its token."""
            arrows = [GrowArrow(word_arrows[step.position])]
            if step.previous_index is not None:
                arrows.append(Create(trace_arrows[step.previous_index]))
            self.play(*arrows, run_time=run_time)
            token = FadeIn(trace_row[step.position], shift=DOWN * t.NUDGE)
            self.play(token, *also, run_time=run_time)

        for step in trace[:SLOW_STEPS]:  # slowly, each with its reasoning spoken and shown
            previous = trace[step.previous_index] if step.previous_index is not None else None
            new_caption = step_caption(step, previous)
            new_caption.move_to(caption_slot, aligned_edge=UP).set_x(0)
            with self.say(step_line(step, previous)):
                leaving = [FadeOut(caption)] if caption is not None else []
                self.play(*leaving, FadeIn(new_caption, shift=UP * t.NUDGE), run_time=t.FADE_TIME)
                lookback(step, SLOW_STEP_TIME)
            self.wait(t.SHORT_PAUSE)  # time to read the step before the next
            caption = new_caption
        with self.say(
            "And so on to the end: each token from its word and the token before it."
        ) as line:
            self.play(FadeOut(caption), run_time=t.FADE_TIME)
            rest = trace[SLOW_STEPS:]
            for step in rest:
                lookback(step, max(FAST_STEP_TIME, line.remaining() / (2 * len(rest))))

        self.next_section("insight")
        insight = t.prose(
            "Each step looks back at just two tokens, however long the trace grows",
            color=t.HIGHLIGHT,
            bold=True,
        )
        t.fit_width(insight, t.safe_width())
        insight.move_to(caption_slot, aligned_edge=UP).set_x(0)
        with self.say("However long the trace grows, each step looks back at just two tokens."):
            self.play(FadeIn(insight, shift=UP * t.NUDGE))
        with self.say(
            "The real machine is the same: to add, it needs the two values on top of its stack, "
            "wherever in the trace they were written. But how does it find them?"
        ):
            pass
        self.hold()
        self.clear_stage()
