"""Chapter 5: the append-only notebook, from the real machine to the verb-parity toy and back.

It opens on the 3 + 5 trace (``scenes.compute.wasm``): to add, the machine must look back at
the 3 and the 5 it wrote. The article's verb-parity toy (``scenes.compute.parity``) then shows
the idea step by step, and the chapter ends on the machine again. Every token on screen is
one the interpreter or the toy's rule actually produces.
"""

from __future__ import annotations

from collections.abc import Sequence

from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Arrow,
    Create,
    CurvedArrow,
    FadeIn,
    FadeOut,
    GrowArrow,
    Indicate,
    ShowPassingFlash,
    Text,
    VGroup,
    Write,
)

from scenes import theme as t
from scenes.compute.parity import PROMPT, VERBS, ParityStep, parity_trace
from scenes.compute.wasm import ADD_3_5, Execution, byte_tokens, run

WORD_GAP = 0.55  # horizontal gap between prompt words (also spaces the trace columns)
LOOKBACK_DROP = 1.15  # vertical distance from the prompt row down to the trace row
ARC_ANGLE = 1.9  # bend of the trace-to-trace arcs (radians); they bulge below the trace row
ARC_TIP = 0.16  # tip length of the trace-to-trace arcs
SLOW_STEPS = 3  # the first steps run slowly, with time to read their caption
SLOW_STEP_TIME = 0.9
FAST_STEP_TIME = 0.55
# The 3 + 5 trace: instruction labels on the left, trace rows on the right, arcs between them
MACHINE_COLUMN_GAP = 1.4  # room between the two columns for the look-back arcs
MACHINE_LINE_SPACING = 1.4  # rows further apart than code, so the arcs between them read
# Bend of the arcs (radians; negative bends the upward arcs out to the left): the arc to the
# older operand bends more, so the two leave the add's row in different directions
MACHINE_ARC_ANGLES = (-2.3, -1.5)
MACHINE_ARC_BUFF = 0.12  # from an arc's start to the add's row
MACHINE_ARC_END_BUFF = 0.22  # from an arc's arrowhead to the operand it points at: clear of it
FLASH_WIDTH = 0.4  # the travelling part of the arcs' flash, as a fraction of their length
INDICATE_SCALE = 1.1  # a pulse on tokens in a row or a card: it stays clear of its neighbours


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


class MachineTrace(VGroup):
    """The first steps of the 3 + 5 trace, up to the add, and the add's two look-backs.

    ``labels`` name the instruction each ``rows`` entry came from; ``arcs`` run from the add's
    row back to the first byte token of each operand's row (``operands``).
    """

    def __init__(self, execution: Execution):
        super().__init__()
        steps = execution.steps
        add = next(i for i, step in enumerate(steps) if step.instruction.op == "i32.add")
        operand_steps = steps[add - 2 : add]  # the two pushes just before it: its stack top
        a, b = (step.instruction.arg for step in operand_steps)
        if any(step.instruction.op != "i32.const" for step in operand_steps) or (
            steps[add].tokens[:4] != tuple(byte_tokens(a + b))
            or [step.tokens[:4] for step in operand_steps] != [tuple(byte_tokens(a)),
                                                               tuple(byte_tokens(b))]
        ):
            raise RuntimeError("the drawn look-backs would not be the add's operands")
        self.a, self.b, self.result = a, b, a + b
        shown = steps[: add + 1]
        self.labels = t.code_block(
            [
                f"{s.instruction.op} {s.instruction.arg}" if s.instruction.op == "i32.const"
                else s.instruction.op
                for s in shown
            ],
            size=t.BODY_SIZE,
            color=t.MUTED,
            line_spacing=MACHINE_LINE_SPACING,
        )  # fmt: skip
        self.rows = t.code_block(
            [" ".join(step.tokens) for step in shown],
            size=t.BODY_SIZE,
            color=t.HIGHLIGHT,
            line_spacing=MACHINE_LINE_SPACING,
        )
        self.rows.next_to(self.labels, RIGHT, buff=MACHINE_COLUMN_GAP)
        for label, row in zip(self.labels, self.rows, strict=True):
            t.set_baseline(label, t.baseline(row))
        self.label_head = t.prose("instruction", size=t.CAPTION_SIZE, color=t.MUTED)
        self.trace_head = t.prose("trace", size=t.CAPTION_SIZE, color=t.HIGHLIGHT)
        self.label_head.next_to(self.labels, UP, buff=t.GAP_S).align_to(self.labels, LEFT)
        self.trace_head.align_to(self.rows, LEFT)
        t.set_baseline(self.trace_head, t.baseline(self.label_head))
        self.add_row = self.rows[add]
        self.operands = VGroup(*(self.rows[i][:2] for i in range(add - 2, add)))  # "03", "05"
        start = self.add_row.get_left() + LEFT * MACHINE_ARC_BUFF
        self.arcs = VGroup(
            *(
                CurvedArrow(
                    start,
                    [operand.get_left()[0] - MACHINE_ARC_END_BUFF, operand.get_center()[1], 0],
                    angle=angle,
                    color=t.HIGHLIGHT,
                    stroke_width=t.THIN_STROKE,
                    tip_length=ARC_TIP,
                )
                for operand, angle in zip(self.operands, MACHINE_ARC_ANGLES, strict=True)
            )
        )
        self.written = VGroup(*self.rows[:add], *self.labels[:add])  # before the add runs
        self.add(self.label_head, self.trace_head, self.labels, self.rows, self.arcs)


class AppendOnlyTrace(t.ChapterScene):
    """Nothing is overwritten: each trace token is computed by looking back at two tokens."""

    def leave(self, group: VGroup, run_time: float = t.FADE_TIME) -> None:
        """Fade out whatever of ``group`` is on stage (its parts were played in one by one)."""
        family = set(group.get_family())
        self.play(*(FadeOut(m) for m in self.mobjects if m in family), run_time=run_time)

    def construct(self) -> None:
        words = PROMPT.split()
        trace = parity_trace(words, VERBS)
        machine = MachineTrace(run(ADD_3_5))
        a, b, result = machine.a, machine.b, machine.result

        self.next_section("heading")
        title = t.heading("The append-only trace")
        subtitle = t.prose(
            "Nothing is overwritten: the model only appends, and looks back",
            color=t.MUTED,
        )
        t.below(subtitle, title, buff=t.GAP_S)
        machine.move_to([0, (subtitle.get_bottom()[1] - t.safe_top()) / 2, 0])
        # The machine's program and its trace are on screen from the first sentence: the
        # trace grows only at the bottom, one row per instruction
        with self.say(
            "The trace is never edited. The model only appends to it, and reads back what it "
            "wrote."
        ) as line:
            self.play(
                Write(title),
                FadeIn(machine.label_head),
                FadeIn(machine.labels, lag_ratio=0.3),  # the program it runs
                FadeIn(machine.trace_head),
                run_time=t.MOVE_TIME,
            )
            self.play(FadeIn(subtitle, shift=DOWN * t.NUDGE), run_time=t.FADE_TIME)
            line.wait_until("appends")
            for row in machine.rows[:2]:
                self.play(FadeIn(row, shift=LEFT * t.NUDGE), run_time=t.FADE_TIME)

        self.next_section("machine-lookback")  # the real machine, adding 3 and 5
        with self.say(
            f"Take {a} plus {b}. The machine has already written the {a}, then the {b}.",
            caption=f"Take {a} + {b}. The machine has already written the {a}, then the {b}.",
        ) as line:
            for value, operand in zip((a, b), machine.operands, strict=True):
                line.wait_until(str(value), 2)  # "the 3", "the 5"
                # glyph by glyph: a pulse on the row's own glyphs adds no new group to the stage
                self.play(
                    *(
                        Indicate(glyph, color=t.HIGHLIGHT, scale_factor=INDICATE_SCALE)
                        for glyph in operand
                    ),
                    run_time=t.MOVE_TIME,
                )
        with self.say(
            f"To execute the add, it must first find the {a} and the {b} it wrote earlier.",
            caption=f"To execute i32.add, it must first find the {a} and the {b} it wrote "
            "earlier.",
        ) as line:
            line.wait_until(str(a))
            self.play(Create(machine.arcs[0]), run_time=t.MOVE_TIME)
            line.wait_until(str(b))
            self.play(Create(machine.arcs[1]), run_time=t.MOVE_TIME)
        with self.say(f"Only then can it append the result, {result}."):
            self.play(FadeIn(machine.add_row, shift=LEFT * t.NUDGE), run_time=t.MOVE_TIME)

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

        # Look-back arrows point from the new token back at what it reads, as in the 3 + 5 trace
        word_arrows = VGroup(
            *(
                Arrow(
                    trace_row[step.position].get_top(),
                    prompt_row[step.prompt_index].get_bottom(),
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
                    trace_row[step.position].get_bottom() + DOWN * 0.06,
                    trace_row[step.previous_index].get_bottom() + DOWN * 0.06,
                    angle=-ARC_ANGLE,
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

        with self.say("Percepta shows the same idea on a simpler toy.") as line:
            line.wait_until("same")
            self.leave(machine)
            self.play(FadeIn(notebook), FadeIn(prompt_row, lag_ratio=0.1), run_time=t.MOVE_TIME)
        with self.say("The prompt is a sentence.") as line:
            self.play(FadeIn(prompt_label, shift=DOWN * t.NUDGE), run_time=t.FADE_TIME)
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

        self.next_section("machine-again")  # back to the machine: the add's two look-backs
        machine.move_to(VGroup(notebook, rule))
        with self.say(
            "The real machine is the same. To add, it needs the two values on top of its stack, "
            "wherever in the trace they were written."
        ) as line:
            self.leave(VGroup(notebook, contents, rule))
            self.play(
                FadeIn(VGroup(machine.label_head, machine.trace_head, machine.written)),
                run_time=t.FADE_TIME,
            )
            line.wait_until("two")
            self.play(
                FadeIn(machine.labels[2]),
                *(Create(arc) for arc in machine.arcs),
                run_time=t.MOVE_TIME,
            )
            line.wait_until("wherever")
            self.play(FadeIn(machine.add_row, shift=LEFT * t.NUDGE), run_time=t.MOVE_TIME)
        with self.say("But how does it find them?"):
            self.play(
                *(
                    ShowPassingFlash(arc.copy().set_stroke(width=t.STROKE), time_width=FLASH_WIDTH)
                    for arc in machine.arcs
                ),
                run_time=t.DRAW_TIME,
            )
        self.hold()
        self.clear_stage()
