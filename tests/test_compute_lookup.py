"""The machine's own lookups on a real run: running sums, stack keys, the operands of the add."""

from __future__ import annotations

import itertools

import pytest

from scenes.compute.lookup import (
    add_with_carry,
    hard_max,
    latest_bonus,
    operand_reads,
    read_stack,
    running_sums,
    sequence,
    softmax_blend,
    stack_keys,
)
from scenes.compute.wasm import ADD_3_5, Instruction, program_tokens, run


@pytest.fixture
def tokens():
    return sequence(ADD_3_5, run(ADD_3_5))


def test_the_averaging_head_times_the_position_is_the_running_depth(tokens):
    expected = list(itertools.accumulate(t.depth_change for t in tokens))[1:]
    sums = running_sums(tokens)
    assert [s.depth for s in sums] == expected
    assert all(s.average == pytest.approx(s.depth / s.position) for s in sums)
    commits = [s.depth for s in sums if tokens[s.position].text.startswith("commit")]
    assert commits == [len(step.stack) for step in run(ADD_3_5).steps[:3]] == [1, 2, 1]


def test_each_stack_write_leaves_a_key_on_the_parabola(tokens):
    keys = stack_keys(tokens)
    assert [(k.depth, k.value) for k in keys] == [(1, 3), (2, 5), (1, 8)]
    for key in keys:
        assert tokens[key.position].text == "commit" + tokens[key.position].text[6:]
        assert key.x == 2 * key.depth
        assert key.y == pytest.approx(-(key.depth**2) + latest_bonus(key.position))


def test_the_add_finds_5_on_top_and_3_below_it_then_writes_8(tokens):
    first_byte = next(t.position for t in tokens if t.text == "08")
    top, below = operand_reads(tokens, first_byte)
    assert (top.depth, top.winner.value) == (2, 5)
    assert (below.depth, below.winner.value) == (1, 3)
    assert top.winner.position < first_byte and below.winner.position < top.winner.position
    assert [byte for byte, _ in add_with_carry(3, 5)] == [8, 0, 0, 0]


def test_the_latest_write_at_a_depth_wins(tokens):
    keys = stack_keys(tokens)
    after = read_stack(keys, depth=1, before=len(tokens))
    assert after.winner.value == 8, "the 8 written at depth 1 shadows the 3 written there"
    assert after.scores[2] > after.scores[0]
    assert 0 < latest_bonus(10) < latest_bonus(10_000) < 1  # never crosses a depth


# A loop that pushes, adds, subtracts, stores and branches, but outputs nothing: an out token
# carries no depth change (in the released code too), so the sums hold up to an output.
LOOP = (
    Instruction("i32.const", 30), Instruction("local.set", 0),
    Instruction("local.get", 0), Instruction("i32.const", 1), Instruction("i32.sub"),
    Instruction("local.set", 0), Instruction("local.get", 0), Instruction("i32.const", 250),
    Instruction("i32.add"), Instruction("local.get", 0), Instruction("i32.add"),
    Instruction("local.set", 1), Instruction("local.get", 0), Instruction("br_if", 2),
)  # fmt: skip


def test_every_lookup_reads_what_the_interpreter_has_on_its_stack():
    """Over a loop of hundreds of steps, reading every depth right after every step gives
    the interpreter's own stack, cell for cell (the latest write at each depth wins)."""
    execution = run(LOOP)
    tokens = sequence(LOOP, execution)
    keys = stack_keys(tokens)
    position = len(program_tokens(LOOP))
    checked = 0
    for step in execution.steps:
        position += len(step.tokens)
        for depth, value in enumerate(step.stack, start=1):
            assert read_stack(keys, depth, position).winner.value == value
            checked += 1
    assert max(len(step.stack) for step in execution.steps) == 2 and checked > 300


def test_a_carry_moves_into_the_next_byte():
    assert add_with_carry(0xFF, 0x01) == [(0, 1), (1, 0), (0, 0), (0, 0)]
    assert add_with_carry(0x1234, 0x00FF) == [(0x33, 1), (0x13, 0), (0, 0), (0, 0)]


def test_hard_max_keeps_the_top_value_where_softmax_blends():
    scores, values = [1.0, 3.0, 2.0], [10.0, 50.0, 30.0]
    assert hard_max(scores, values) == 50.0
    blend = softmax_blend(scores, values)
    assert 30.0 < blend < 50.0
    assert softmax_blend([s * 1e10 for s in scores], values) == pytest.approx(50.0)
    assert hard_max([2.0, 2.0, 1.0], values) == 30.0  # a tie averages
