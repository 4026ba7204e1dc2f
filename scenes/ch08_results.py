"""Chapter 8: what the compiled computer achieves, and Arto Inkala's Sudoku solved.

Three result cards with the post's own wording, each saying where it comes from: 30k+ tokens/s
on a CPU and millions of correct execution steps, measured by Percepta; 100% of the answers
on its Sudoku benchmarks, exact by construction
(reported by Percepta; it follows from exact execution). Then the promise
of chapter 1 is kept: Inkala's puzzle, "regarded as the hardest Sudoku in the world", fills in
wave by wave, one wave per depth of a backtracking search (``solve_in_waves``), and the post's
result: solved correctly in under 3 minutes, entirely inside the transformer.
"""

from __future__ import annotations

from collections.abc import Sequence

from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    AnimationGroup,
    Create,
    FadeIn,
    FadeOut,
    LaggedStart,
    Mobject,
    VGroup,
    Write,
)

from scenes import theme as t
from scenes.compute import source
from scenes.compute.sudoku import INKALA, Wave, fill_order, parse, replay, solve, solve_in_waves
from scenes.sudoku_board import RESULTS_HEADING, SolvedSudoku, grow_in

# --- Layout of this chapter ------------------------------------------------------------------
CARD_WIDTH = 4.1  # three result cards in one row; their height follows their content
INKALA_FIRST_ROW = "812753649"  # the solution's first row, as the post reports it
EARLY_WAVES = 11  # waves shown under the line that explains them; the rest under the next
CHOICE_TIME = 0.3  # a wave's choice lands, then its forced cells follow round by round


class ResultCard(VGroup):
    """One result: its box, headline, caption and where the figure comes from, by name."""

    def __init__(self, box, headline, caption, note):
        super().__init__(box, headline, caption, note)
        self.box, self.headline, self.caption, self.note = box, headline, caption, note


def result_cards(specs: Sequence[tuple[str, str, str, str]]) -> VGroup:
    """A row of result cards from (headline, caption, note, colour): one size, shared baselines.

    For each kind of text, the tallest sets its line for every card, so all headlines sit on
    one baseline, all captions on another and all notes on a third, and the fullest card
    keeps its padding.
    """
    inner = CARD_WIDTH - 2 * t.CARD_PADDING
    columns = [
        [t.prose(head, size=t.TITLE_SIZE, color=color, bold=True) for head, *_, color in specs],
        [t.prose(words) for _, words, _, _ in specs],
        [t.prose(note, size=t.CAPTION_SIZE, color=t.MUTED) for _, _, note, _ in specs],
    ]
    for texts in columns:  # one size per kind of text: the widest sets it
        widest = max(text.width for text in texts)
        if widest > inner:
            for text in texts:
                text.scale(inner / widest)
    # baselines measured down from the card's top edge, one per kind of text
    drops, depth = [], t.CARD_PADDING
    for k, texts in enumerate(columns):
        ascent = max(x.get_top()[1] - t.baseline(x) for x in texts)
        drops.append(depth + (t.GAP_S if k else 0) + ascent)
        depth = drops[-1] + max(t.baseline(x) - x.get_bottom()[1] for x in texts)
    height = depth + t.CARD_PADDING

    row = VGroup()
    for k, (*_, color) in enumerate(specs):
        box = t.card(VGroup(), color=color, width=CARD_WIDTH, height=height).box
        top = box.get_top()[1]
        texts = [column[k] for column in columns]
        for text, drop in zip(texts, drops, strict=True):  # one left edge, inside the padding
            text.align_to(box.get_left() + RIGHT * t.CARD_PADDING, LEFT)
            t.set_baseline(text, top - drop)
        row.add(ResultCard(box, *texts))
    return row.arrange(RIGHT, buff=t.GAP_M)


class WaveCounter:
    """``wave n of N``: the words stay (``label``), only the ``number`` changes from wave to
    wave, in a slot as wide as the widest number."""

    def __init__(self, total: int):
        self.word, self.total = t.prose("wave"), t.prose(f"of {total}")
        slot = t.prose(str(total))
        VGroup(self.word, slot, self.total).arrange(RIGHT, buff=t.GAP_S)
        for text in (slot, self.total):
            t.set_baseline(text, t.baseline(self.word))
        self.label = VGroup(self.word, self.total)
        self.slot = slot.get_right() - self.word.get_left()  # where a number ends
        self.number = self.numeral(1)

    def numeral(self, number: int) -> Mobject:
        text = t.prose(str(number))
        text.move_to(self.word.get_left() + self.slot, aligned_edge=RIGHT)
        return t.set_baseline(text, t.baseline(self.word))

    def move_to(self, point, aligned_edge) -> WaveCounter:
        shift = point - VGroup(self.label, self.number).get_critical_point(aligned_edge)
        for part in (self.label, self.number):
            part.shift(shift)
        return self

    def count_to(self, scene: t.ChapterScene, number: int) -> None:
        """Show ``number`` instead of the current one, at once: waves come fast, and two
        numbers fading across each other would read as neither."""
        old, self.number = self.number, self.numeral(number)
        scene.remove(old)
        scene.add(self.number)


class Results(t.ChapterScene):
    """Three result cards, each with its source; then Inkala's Sudoku solved, wave by wave."""

    def construct(self) -> None:
        puzzle = parse(INKALA)
        solution = solve(puzzle)
        if "".join(map(str, solution[0])) != INKALA_FIRST_ROW:
            raise RuntimeError("the solver disagrees with the post's first row")
        waves = solve_in_waves(puzzle)
        if replay(puzzle, fill_order(puzzle)) != solution:
            raise RuntimeError("the waves do not fill in the solution")

        self.next_section("result-cards")
        heading = t.heading(RESULTS_HEADING)
        cards = result_cards(
            [
                (source.SPEED_CLAIM, "tokens/s\non a CPU", "measured by Percepta",
                 t.POSITIVE),
                (source.STEPS_CLAIM, "correct steps\n(tokens)",
                 "measured by Percepta", t.HIGHLIGHT),
                (source.ACCURACY_CLAIM, "of Sudoku\nbenchmark answers",
                 "reported by Percepta", t.ACCENT),
            ]
        )  # fmt: skip
        cards.set_y((heading.get_bottom()[1] - t.safe_top()) / 2)  # centred below the heading
        speed, steps, accuracy = cards
        with self.say(
            "Percepta measured more than thirty thousand tokens per second, on a CPU."
        ) as line:
            self.play(Write(heading), FadeIn(speed, shift=UP * t.NUDGE), run_time=t.MOVE_TIME)
        with self.say(
            "They also measured runs of millions of correct execution steps, one token each."
        ) as line:
            self.play(FadeIn(steps, shift=UP * t.NUDGE), run_time=line.remaining())
        with self.say(
            "And on its Sudoku benchmarks, Percepta reports one hundred percent of the answers "
            "correct.",
            caption="And on its Sudoku benchmarks, Percepta reports 100% of the answers correct.",
        ) as line:
            self.play(
                FadeIn(VGroup(accuracy.box, accuracy.headline, accuracy.caption)),
                run_time=line.until("reports"),
            )
            self.play(FadeIn(accuracy.note, shift=UP * t.NUDGE), run_time=t.FADE_TIME)

        self.next_section("limits")  # what the model is not, as Percepta says
        limits = VGroup(
            *(
                t.prose(text, size=t.CAPTION_SIZE, color=t.WARNING)
                for text in ("not a chat model", "slower than ordinary computers",
                             "memory grows with the trace")
            )
        ).arrange(RIGHT, buff=t.GAP_L)  # fmt: skip
        limits.next_to(cards, DOWN, buff=t.GAP_L).set_x(0)
        with self.say(
            "What it is not: a chat model. It executes compiled programs, far slower than an "
            "ordinary computer, and its memory grows with every token of the trace."
        ) as line:
            line.reveal(limits, ("chat", "slower", "memory"))
        self.hold(t.SHORT_PAUSE)  # the last limit, read before the board takes the stage

        self.next_section("sudoku")  # the promise of chapter 1, kept
        solved = SolvedSudoku(puzzle)  # chapter 9 opens on its last state
        board, accolade = solved.board, solved.accolade
        counter = WaveCounter(len(waves))
        solved_in, inside, timed = solved.solved_in, solved.inside, solved.timed
        counter.move_to(solved_in.get_corner(UP + LEFT), aligned_edge=UP + LEFT)

        with self.say(
            "And the promise from the start: Arto Inkala's Sudoku, regarded as the hardest "
            "in the world."
        ) as line:
            self.play(
                *(FadeOut(card, shift=UP * t.NUDGE) for card in (*cards, *limits)),
                run_time=t.MOVE_TIME,
            )
            self.play(Create(board.lines), run_time=t.MOVE_TIME)
            self.play(
                LaggedStart(*(grow_in(c) for c in board.clues), lag_ratio=0.05),
                run_time=line.until("regarded"),
            )
            self.play(FadeIn(accolade, shift=UP * t.NUDGE), run_time=line.remaining())

        cursor = board.cell_frame(*waves[0].choice[:2], t.POSITIVE)  # marks each wave's choice

        def play_waves(selected: Sequence[Wave], seconds: float) -> None:
            """Each wave: its choice (the cursor moves there), then its forced cells, round by
            round; a wave's time grows with its rounds."""
            weights = [CHOICE_TIME + len(w.forced) * CHOICE_TIME for w in selected]
            scale = seconds / sum(weights)
            for wave, weight in zip(selected, weights, strict=True):
                choice = board.digit(*wave.choice, t.POSITIVE)
                counter.count_to(self, waves.index(wave) + 1)
                arrive = [
                    cursor.animate.move_to(choice),
                    grow_in(choice),
                ]
                choice_time = CHOICE_TIME * scale
                if not wave.forced:
                    self.play(*arrive, run_time=weight * scale)
                    continue
                rounds = [
                    AnimationGroup(
                        *(grow_in(board.digit(*cell, t.POSITIVE))
                          for cell in round_)
                    )
                    for round_ in wave.forced
                ]  # fmt: skip
                self.play(*arrive, run_time=choice_time)
                self.play(LaggedStart(*rounds, lag_ratio=1), run_time=weight * scale - choice_time)

        first = waves[0]
        if first.forced:
            raise RuntimeError("the first wave is drawn as a lone choice, but it forces cells")
        with self.say(
            "Watch it fill in, wave by wave, along the path its search found: "
            "each wave is one choice, and the cells that choice forces."
        ) as line:
            self.play(
                FadeIn(counter.label), FadeIn(counter.number), Create(cursor),
                grow_in(board.digit(*first.choice, t.POSITIVE)),
                run_time=line.until("wave"),
            )  # fmt: skip
            play_waves(waves[1:EARLY_WAVES], line.remaining())
        late = waves[EARLY_WAVES:]
        last = waves[-1]
        with self.say(
            "Near the end, each choice forces more cells. "
            f"The last one settles the final {len(last.cells)} cells."
        ) as line:
            play_waves(late[:-1], line.until("last"))
            play_waves([last], line.remaining())

        with self.say(
            f"The compiled model solved it correctly, in under {source.SUDOKU_MINUTES} "
            "minutes, entirely inside the transformer. That time is Percepta's own."
        ) as line:
            self.play(
                FadeOut(cursor),
                *(FadeOut(part, shift=UP * t.NUDGE) for part in (counter.label, counter.number)),
                run_time=t.FADE_TIME,
            )  # the count is done with: the result takes its place
            self.play(FadeIn(solved_in, shift=UP * t.NUDGE), run_time=line.until("entirely"))
            self.play(FadeIn(inside, shift=UP * t.NUDGE), run_time=line.until("That"))
            self.play(FadeIn(timed, shift=UP * t.NUDGE), run_time=line.remaining())
        done = solved.done
        with self.say("That was the promise at the start of the film. It is kept.") as line:
            self.play(Create(done), run_time=line.remaining())
        self.hold()  # no fade-out: chapter 9 opens on this picture
