"""The article's verb-parity toy: a trace that tracks whether the verbs so far are odd or even.

Each new trace token is computed from exactly two lookbacks: its own prompt word (is it a
verb?) and the previous trace token (odd or even so far?). Nothing is overwritten; the state
is always recovered by looking back.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

PROMPT = "the cat runs and the dog jumps over fences quickly"
VERBS = frozenset({"runs", "jumps"})
PROMPT_WORDS: tuple[str, ...] = tuple(PROMPT.split())


@dataclass(frozen=True)
class ParityStep:
    """Trace token number ``position``: the parity of the verb count in words[0..position]."""

    position: int
    word: str
    is_verb: bool
    odd: bool

    @property
    def prompt_index(self) -> int:
        """First lookback: the prompt word this step reads."""
        return self.position

    @property
    def previous_index(self) -> int | None:
        """Second lookback: the previous trace token, or None for the first step."""
        return self.position - 1 if self.position > 0 else None

    @property
    def token(self) -> str:
        """The trace token as drawn: "odd" or "even" (the parity of the verbs so far)."""
        return "odd" if self.odd else "even"


def next_step(
    position: int, word: str, previous: ParityStep | None, verbs: Collection[str] = VERBS
) -> ParityStep:
    """One trace token from its two lookbacks: parity = previous parity XOR (word is a verb)."""
    is_verb = word in verbs
    was_odd = previous.odd if previous is not None else False  # no verbs yet: even
    return ParityStep(position, word, is_verb, was_odd != is_verb)


def parity_trace(words: Sequence[str], verbs: Collection[str] = VERBS) -> list[ParityStep]:
    """The whole trace for a prompt, one step per word."""
    if isinstance(words, str):
        raise TypeError("parity_trace wants a sequence of words (e.g. PROMPT.split()), not a str")
    trace: list[ParityStep] = []
    for position, word in enumerate(words):
        trace.append(next_step(position, word, trace[-1] if trace else None, verbs))
    return trace
