"""The parity trace follows its rule, and each token needs exactly two lookbacks."""

from __future__ import annotations

import pytest

from scenes.compute.parity import PROMPT, PROMPT_WORDS, VERBS, next_step, parity_trace


def test_prompt_trace() -> None:
    trace = parity_trace(PROMPT.split(), VERBS)
    # "runs" (word 2) makes the count odd; "jumps" (word 6) makes it even again.
    expected = ["even", "even", "odd", "odd", "odd", "odd", "even", "even", "even", "even"]
    assert [step.token for step in trace] == expected
    assert [step.word for step in trace if step.is_verb] == ["runs", "jumps"]


def test_parity_is_the_parity_of_the_verbs_so_far() -> None:
    words = (*PROMPT_WORDS, "and", "runs", "runs", "jumps", "sits")
    trace = parity_trace(words, VERBS)
    for i, step in enumerate(trace):
        verbs_so_far = sum(word in VERBS for word in words[: i + 1])
        assert step.odd == (verbs_so_far % 2 == 1)
        assert step.token == ("odd" if step.odd else "even")


def test_empty_input() -> None:
    assert parity_trace([], VERBS) == []


def test_a_string_is_not_a_list_of_words() -> None:
    with pytest.raises(TypeError, match="sequence of words"):
        parity_trace(PROMPT, VERBS)


def test_each_step_looks_back_at_its_word_and_the_previous_token_only() -> None:
    trace = parity_trace(PROMPT_WORDS, VERBS)
    assert trace[0].previous_index is None
    for step in trace:
        assert step.prompt_index == step.position
        assert step.word == PROMPT_WORDS[step.prompt_index]
        previous = None if step.previous_index is None else trace[step.previous_index]
        if previous is not None:
            assert previous.position == step.position - 1
        # Rebuilt from the two lookbacks alone, the step comes out the same.
        assert next_step(step.position, PROMPT_WORDS[step.prompt_index], previous, VERBS) == step


def test_the_previous_token_matters() -> None:
    first = parity_trace(["runs"], VERBS)[0]
    assert first.odd
    assert not next_step(1, "runs", first, VERBS).odd
    assert next_step(1, "cat", first, VERBS).odd
