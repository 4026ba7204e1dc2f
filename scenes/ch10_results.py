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
    Animation,
    AnimationGroup,
    Create,
    FadeIn,
    FadeOut,
    LaggedStart,
    Mobject,
    VGroup,
    Write,
)

from scenes import drawing, palette, stage, style
from scenes.compute import source
from scenes.compute.sudoku import (
    INKALA,
    Grid,
    Wave,
    fill_order,
    parse,
    replay,
    solve,
    solve_in_waves,
)
from scenes.sudoku_board import RESULTS_HEADING, SolvedSudoku, SudokuBoard, grow_in

EARLY_WAVES = 5  # waves shown under the line that names the trace; the rest under the next
BREATH = 1.0 - style.LINE_GAP  # with the gap after the line, a second's hold on a payoff
CLOSING_HOLD = 1.1  # the last picture: the storyboard's key frame, 1 s before the end, in it


def inkala_waves(puzzle: Grid) -> list[Wave]:
    """The waves that solve ``puzzle``, once the solver agrees with the post's first row and
    the waves are seen to fill in that solution."""
    solution = solve(puzzle)
    if "".join(map(str, solution[0])) != "812753649":  # the first row, as the post reports it
        raise RuntimeError("the solver disagrees with the post's first row")
    if replay(puzzle, fill_order(puzzle)) != solution:
        raise RuntimeError("the waves do not fill in the solution")
    return solve_in_waves(puzzle)


class ResultCard(VGroup):
    """One result: its box, headline, caption and where the figure comes from, by name."""

    def __init__(self, box, headline, caption, note):
        super().__init__(box, headline, caption, note)
        self.box, self.headline, self.caption, self.note = box, headline, caption, note


class ResultCards(VGroup):
    """A row of result cards from (headline, caption, note, colour): one size, shared baselines.

    For each kind of text, the tallest sets its line for every card, so all headlines sit on
    one baseline, all captions on another and all notes on a third, and the fullest card
    keeps its padding.
    """

    CARD_WIDTH = 3.95  # three cards and their gaps fit the safe width; height follows content

    def __init__(self, specs: Sequence[tuple[str, str, str, str]]):
        super().__init__()
        columns = self.texts(specs)
        drops, height = self.baselines(columns)
        for k, (*_, color) in enumerate(specs):
            box = drawing.card(VGroup(), color=color, width=self.CARD_WIDTH, height=height).box
            top = box.get_top()[1]
            texts = [column[k] for column in columns]
            for text, drop in zip(texts, drops, strict=True):  # one left edge, in the padding
                text.align_to(box.get_left() + RIGHT * style.CARD_PADDING, LEFT)
                drawing.set_baseline(text, top - drop)
            self.add(ResultCard(box, *texts))
        self.arrange(RIGHT, buff=style.GAP_M)

    @classmethod
    def texts(cls, specs: Sequence[tuple[str, str, str, str]]) -> list[list[Mobject]]:
        """Headlines, captions and notes, one list per kind, each kind at one size: the
        widest that fits inside the padding sets it."""
        inner = cls.CARD_WIDTH - 2 * style.CARD_PADDING
        columns = [
            [drawing.prose(head, size=style.TITLE_SIZE, color=color, bold=True)
             for head, *_, color in specs],
            [drawing.prose(words) for _, words, _, _ in specs],
            [drawing.prose(note, size=style.CAPTION_SIZE, color=palette.MUTED)
             for _, _, note, _ in specs],
        ]  # fmt: skip
        for texts in columns:
            widest = max(text.width for text in texts)
            if widest > inner:
                for text in texts:
                    text.scale(inner / widest)
        return columns

    @staticmethod
    def baselines(columns: list[list[Mobject]]) -> tuple[list[float], float]:
        """Each kind's baseline, measured down from a card's top edge, and the cards' height."""
        drops, depth = [], style.CARD_PADDING
        for k, texts in enumerate(columns):
            ascent = max(x.get_top()[1] - drawing.baseline(x) for x in texts)
            drops.append(depth + (style.GAP_S if k else 0) + ascent)
            depth = drops[-1] + max(drawing.baseline(x) - x.get_bottom()[1] for x in texts)
        return drops, depth + style.CARD_PADDING


def result_cards() -> ResultCards:
    """Speed, length of run and accuracy, each saying who measured or reported it."""
    return ResultCards(
        [
            (source.SPEED_CLAIM, "tokens/s\non a CPU", "measured by Percepta",
             palette.POSITIVE),
            (source.STEPS_CLAIM, "correct steps\n(tokens)",
             "measured by Percepta", palette.HIGHLIGHT),
            (source.ACCURACY_CLAIM, "of Sudoku\nbenchmark answers",
             "reported by Percepta", palette.ACCENT),
        ]
    )  # fmt: skip


def limits_rows() -> tuple[VGroup, VGroup]:
    """What the model is not, and what is still open, as Percepta says: a tag and its items
    in a row each, the items revealed as they are said."""
    rows = []
    for tag, items, color in (
        ("is not", ("a chat model", "trained: compiled", "memory grows with the trace"),
         palette.WARNING),
        ("open", ("joined to an LLM?", "exact softmax, as fast?"),
         palette.MUTED),
    ):  # fmt: skip
        label = drawing.prose(tag, size=style.CAPTION_SIZE, color=color, bold=True)
        texts = [drawing.prose(t, size=style.CAPTION_SIZE, color=color) for t in items]
        rows.append(VGroup(label, *texts).arrange(RIGHT, buff=style.GAP_M))
    for row in rows[1:]:
        row[0].align_to(rows[0][0], LEFT)
    return rows[0], rows[1]


class WaveCounter:
    """``wave n of N``: the words stay (``label``), only the ``number`` changes from wave to
    wave, in a slot as wide as the widest number."""

    def __init__(self, total: int):
        self.word, self.total = drawing.prose("wave"), drawing.prose(f"of {total}")
        slot = drawing.prose(str(total))
        VGroup(self.word, slot, self.total).arrange(RIGHT, buff=style.GAP_S)
        for text in (slot, self.total):
            drawing.set_baseline(text, drawing.baseline(self.word))
        self.label = VGroup(self.word, self.total)
        self.slot = slot.get_right() - self.word.get_left()  # where a number ends
        self.number = self.numeral(1)

    def numeral(self, number: int) -> Mobject:
        text = drawing.prose(str(number))
        text.move_to(self.word.get_left() + self.slot, aligned_edge=RIGHT)
        return drawing.set_baseline(text, drawing.baseline(self.word))

    def move_to(self, point, aligned_edge) -> WaveCounter:
        shift = point - VGroup(self.label, self.number).get_critical_point(aligned_edge)
        for part in (self.label, self.number):
            part.shift(shift)
        return self

    def parts(self) -> tuple[Mobject, Mobject]:
        return self.label, self.number

    def count_to(self, scene: stage.ChapterScene, number: int) -> None:
        """Show ``number`` instead of the current one, at once: waves come fast, and two
        numbers fading across each other would read as neither."""
        old, self.number = self.number, self.numeral(number)
        scene.remove(old)
        scene.add(self.number)


class WaveFill:
    """The board filled wave by wave: a cursor marks each wave's choice, the counter says
    which wave it is, and the cells the choice forces follow round by round."""

    CHOICE_TIME = 0.3  # a wave's choice lands, then its forced cells follow round by round

    def __init__(self, board: SudokuBoard, waves: Sequence[Wave], counter: WaveCounter):
        if waves[0].forced:
            raise RuntimeError("the first wave is drawn as a lone choice, but it forces cells")
        self.board, self.waves, self.counter = board, waves, counter
        self.cursor = board.cell_frame(*waves[0].choice[:2], palette.POSITIVE)

    def start(self) -> list[Animation]:
        """The counter and the cursor in, and the first wave's lone choice."""
        return [
            FadeIn(self.counter.label), FadeIn(self.counter.number), Create(self.cursor),
            grow_in(self.board.digit(*self.waves[0].choice, palette.POSITIVE)),
        ]  # fmt: skip

    def play(self, scene: stage.ChapterScene, selected: Sequence[Wave], seconds: float) -> None:
        """Each wave: its choice (the cursor moves there), then its forced cells, round by
        round; a wave's time grows with its rounds."""
        weights = [self.CHOICE_TIME + len(w.forced) * self.CHOICE_TIME for w in selected]
        scale = seconds / sum(weights)
        for wave, weight in zip(selected, weights, strict=True):
            choice = self.board.digit(*wave.choice, palette.POSITIVE)
            self.counter.count_to(scene, self.waves.index(wave) + 1)
            arrive = [self.cursor.animate.move_to(choice), grow_in(choice)]
            choice_time = self.CHOICE_TIME * scale
            if not wave.forced:
                scene.play(*arrive, run_time=weight * scale)
                continue
            scene.play(*arrive, run_time=choice_time)
            scene.play(self.rounds(wave), run_time=weight * scale - choice_time)

    def rounds(self, wave: Wave) -> LaggedStart:
        """The cells ``wave`` forces, one round after another, each round at once."""
        return LaggedStart(
            *(
                AnimationGroup(
                    *(grow_in(self.board.digit(*cell, palette.POSITIVE)) for cell in round_)
                )
                for round_ in wave.forced
            ),
            lag_ratio=1,
        )

    def finish(self) -> list[Animation]:
        """The cursor and the count leave: the result takes their place."""
        return [
            FadeOut(self.cursor),
            *(FadeOut(part, shift=UP * style.NUDGE) for part in self.counter.parts()),
        ]


class Results(stage.ChapterScene):
    """Three result cards, each with its source; then Inkala's Sudoku solved, wave by wave."""

    def construct(self) -> None:
        puzzle = parse(INKALA)
        waves = inkala_waves(puzzle)
        self.next_section("result-cards")
        cards = self.show_results()
        self.hold(BREATH)  # the payoff: 100%
        self.next_section("limits")  # what the model is not, and what is open, as Percepta says
        limits = self.show_limits(cards)
        self.next_section("sudoku")  # the promise of chapter 1, kept
        solved = SolvedSudoku(puzzle)  # chapter 11 opens on its last state
        self.show_board(solved, leaving=(*cards, *limits))
        self.next_section("pipeline")  # the same pipeline the film built
        self.fill_waves(solved, waves)
        self.hold(CLOSING_HOLD)  # the payoff, the solved Sudoku; chapter 11 opens on it

    def show_results(self) -> ResultCards:
        # Beat: the heading, then one card per line: speed, steps, accuracy
        heading = drawing.heading(RESULTS_HEADING)
        cards = result_cards()
        cards.set_y((heading.get_bottom()[1] - drawing.safe_top()) / 2)  # centred below the heading
        speed, steps, accuracy = cards
        with self.say(
            "Percepta measured more than thirty thousand tokens per second, on a CPU."
        ) as line:
            self.play(
                Write(heading), FadeIn(speed, shift=UP * style.NUDGE), run_time=style.MOVE_TIME
            )
            line.wait_until("thirty")
            self.play(drawing.pulse(speed, speed.headline, palette.TEXT), run_time=1.0)
            line.wait_until("CPU")
            self.play(drawing.pulse(speed, speed.caption, palette.POSITIVE), run_time=1.0)
        with self.say("They measured runs of millions of correct steps, one token each.") as line:
            self.play(FadeIn(steps, shift=UP * style.NUDGE), run_time=line.remaining())
        with self.say(
            "On its Sudoku benchmarks, Percepta reports one hundred percent correct.",
            caption="On its Sudoku benchmarks, Percepta reports 100% correct.",
        ) as line:
            self.play(
                FadeIn(VGroup(accuracy.box, accuracy.caption)), run_time=line.until("reports")
            )
            self.play(FadeIn(accuracy.note, shift=UP * style.NUDGE), run_time=style.FADE_TIME)
            line.wait_until("hundred")
            self.play(FadeIn(accuracy.headline, scale=1.2), run_time=line.remaining())
        return cards

    def show_limits(self, cards: ResultCards) -> VGroup:
        # Beat: each limit under the cards, then what is open, as the narrator names it
        not_row, open_row = limits_rows()
        rows = VGroup(not_row, open_row).arrange(DOWN, buff=style.GAP_SM, aligned_edge=LEFT)
        rows.next_to(cards, DOWN, buff=style.GAP_L).set_x(0)
        with self.say(
            "It is not a chat model, and not trained: its weights are compiled. Its memory grows "
            "with every token."
        ) as line:
            self.play(FadeIn(not_row[0]), run_time=line.until("chat"))
            line.reveal(not_row[1:], ("chat", "trained", "memory"))
        with self.say(
            "Still open: joining it with a large language model, their natural next step, and "
            "keeping exact softmax attention this fast."
        ) as line:
            self.play(FadeIn(open_row[0]), run_time=style.FADE_TIME)
            line.reveal(open_row[1:], ("joining", "keeping"))
        return rows

    def show_board(self, solved: SolvedSudoku, leaving: Sequence[Mobject]) -> None:
        # Beat: the cards make way for Inkala's board, its clues and its reputation
        board = solved.board
        with self.say(
            "The promise from the start: Arto Inkala's Sudoku, regarded as the hardest in the "
            "world."
        ) as line:
            self.play(
                *(FadeOut(m, shift=UP * style.NUDGE) for m in leaving), run_time=style.MOVE_TIME
            )
            self.play(Create(board.lines), run_time=style.MOVE_TIME)
            self.play(board.clues_in(), run_time=line.until("regarded"))
            self.play(FadeIn(solved.accolade, shift=UP * style.NUDGE), run_time=line.remaining())

    def fill_waves(self, solved: SolvedSudoku, waves: Sequence[Wave]) -> None:
        # Beat: the run labelled in the film's terms, the waves along its trace, the result
        counter = WaveCounter(len(waves))
        counter.move_to(solved.solved_in.get_corner(UP + LEFT), aligned_edge=UP + LEFT)
        fill = WaveFill(solved.board, waves, counter)
        program, trace, output = solved.pipeline.rows
        with self.say(
            "The same pipeline: the program in the prompt is a Sudoku solver; the model writes "
            "its trace."
        ) as line:
            line.wait_until("program")
            self.play(FadeIn(program, shift=UP * style.NUDGE), run_time=style.FADE_TIME)
            line.wait_until("writes")
            self.play(FadeIn(trace, shift=UP * style.NUDGE), *fill.start(), run_time=0.6)
            fill.play(self, waves[1:EARLY_WAVES], line.remaining())
        late = waves[EARLY_WAVES:]
        with self.say(
            "Each wave is one choice of its search, and the cells it forces, up to the output: "
            "the solved grid."
        ) as line:
            fill.play(self, late, line.until("output"))
            self.play(FadeIn(output, shift=UP * style.NUDGE), *fill.finish(),
                      run_time=style.FADE_TIME)  # fmt: skip
        with self.say(
            f"Correct, in under {source.SUDOKU_MINUTES} minutes, entirely inside the "
            "transformer, by Percepta's timing."
        ) as line:
            self.play(
                Create(solved.done), FadeIn(solved.solved_in, shift=UP * style.NUDGE),
                run_time=line.until("entirely"),
            )  # fmt: skip
            self.play(FadeIn(solved.inside, shift=UP * style.NUDGE), run_time=line.until("by"))
            self.play(FadeIn(solved.timed, shift=UP * style.NUDGE), run_time=line.remaining())
