"""The source article's facts and claims, worded as the article words them.

Chapters quote these instead of typing their own versions, so a claim on screen can only say
what the source says (see ``../shared/seed/NOTES.md`` for the addresses behind each).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Work:
    """A publication to credit."""

    authors: str
    year: int
    title: str

    @property
    def credit(self) -> str:
        return f"{self.authors} ({self.year}): {self.title}"


ARTICLE_TITLE = "Can LLMs Be Computers?"
ARTICLE_AUTHORS = "Christos Tzamos and others, Percepta"
ARTICLE_DATE = "11 March 2026"
FOLLOW_UP = "Constructing an LLM-Computer (Percepta Research Team, 25 March 2026)"
CODE_REPOSITORY = "github.com/Percepta-Core/transformer-vm (Apache-2.0)"
ARTICLE_URL = "https://www.percepta.ai/blog/can-llms-be-computers"
FOLLOW_UP_URL = "https://www.percepta.ai/blog/constructing-llm-computer"

SUBSET_OPCODES = 35  # the model runs a subset of WebAssembly: "about 35 opcodes"

# Headline results, in the post's words.
SPEED_CLAIM = "30k+"  # "more than 30k tokens/sec on a CPU"
SPEED_FLOOR = 30_000  # tokens per second that "30k+" promises
STEPS_CLAIM = "Millions"  # "millions of correct execution steps" (steps are tokens)
ACCURACY_CLAIM = "100%"  # on its Sudoku benchmarks: exact by construction, none named
SUDOKU_MINUTES = 3  # Arto Inkala's Sudoku solved correctly "in under 3 minutes"
SUDOKU_ACCOLADE = "regarded as the hardest Sudoku in the world"

PRIOR_WORK: tuple[Work, ...] = (
    Work("Pérez et al.", 2019, "attention is Turing-complete"),
    Work("Weiss et al.", 2021, "RASP, thinking like transformers"),
    Work("Lindner et al.", 2023, "Tracr, programs compiled into transformer weights"),
    Work("Giannou et al.", 2023, "Looped transformers as programmable computers"),
)
