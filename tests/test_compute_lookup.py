"""The machine's own lookups on a real run: running sums, stack keys, the operands of the add."""

from __future__ import annotations

import itertools

import pytest

from scenes.compute.lookup import (
    add_with_carry,
    averaged_tokens,
    best_key,
    byte_reads,
    depth_query,
    hard_max,
    hull_vertices,
    key_scores,
    latest_bonus,
    line_key,
    operand_reads,
    parabola_key,
    parabola_score,
    read_stack,
    read_value,
    running_sum_at,
    running_sums,
    score,
    score_parts,
    sequence,
    softmax_blend,
    stack_keys,
    value_position,
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


def test_the_head_weighs_every_token_after_the_start_equally(tokens):
    for position in range(1, len(tokens)):
        weighed = averaged_tokens(tokens, position)
        summed = running_sum_at(tokens, position)
        assert len(weighed) == position and tokens[0] not in weighed
        assert sum(t.depth_change for t in weighed) == summed.depth
        assert summed.average * len(weighed) == pytest.approx(summed.depth)


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


# --- Why the keys sit on a parabola, two lookups per operand, the latest write ---------------

DEPTHS = range(0, 12)


def test_on_a_line_an_end_key_always_wins():
    """Along a line the score is linear, so for every query one of the two ends is best."""
    points = [line_key(k) for k in DEPTHS]
    for asked in DEPTHS:
        for query in (depth_query(asked), (-float(asked), 1.0)):
            if query[0] == 0:
                continue  # square to the line: every key ties
            assert best_key(key_scores(query, points)) in (0, len(points) - 1)
    assert best_key(key_scores(depth_query(1), [line_key(1), line_key(2)])) == 1  # not depth 1


def test_on_the_parabola_exactly_the_asked_depth_wins():
    points = [parabola_key(k) for k in DEPTHS]
    for asked in DEPTHS:
        scores = key_scores(depth_query(asked), points)
        assert scores == tuple(parabola_score(asked, k) for k in DEPTHS)
        assert best_key(scores) == asked
        assert sorted(scores)[-2] < scores[asked]  # strictly: no tie with a neighbour


def test_every_parabola_key_is_a_hull_corner_and_middle_line_keys_are_not():
    assert hull_vertices([parabola_key(k) for k in DEPTHS]) == set(range(len(DEPTHS)))
    assert hull_vertices([line_key(k) for k in DEPTHS]) == {0, len(DEPTHS) - 1}


def test_each_operand_takes_two_lookups_depth_then_bytes(tokens):
    first_byte = next(t.position for t in tokens if t.text == "08")
    for read in operand_reads(tokens, first_byte):
        start = value_position(read.winner)
        found = byte_reads(tokens, start)
        assert [t.position for t in found] == list(range(start, start + 4))
        assert tokens[start + 4].position == read.winner.position  # the commit after them
        assert read_value(tokens, start) == read.winner.value


def test_the_newer_write_wins_by_its_bonus_alone(tokens):
    keys = stack_keys(tokens)
    after = read_stack(keys, depth=1, before=len(tokens))
    at_depth = [key for key in keys if key.depth == 1]
    parts = [score_parts(after.query, key) for key in at_depth]
    assert len(at_depth) == 2 and parts[0][0] == parts[1][0]  # the parabola's part ties
    assert parts[0][1] < parts[1][1]  # the later write's bonus is larger
    for key, (base, bonus) in zip(at_depth, parts, strict=True):
        assert base + bonus == pytest.approx(score(after.query, key))
    assert after.winner == at_depth[1]
