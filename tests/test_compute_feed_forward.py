"""The feed-forward layer's numbers: opcode points, one unit per opcode, the byte adder."""

from __future__ import annotations

import itertools
import math
import random

import pytest

from scenes.compute import feed_forward as ff

COUNT = len(ff.OPCODES)


def test_the_opcodes_are_the_released_codes_distinct_names():
    assert len(set(ff.OPCODES)) == COUNT
    assert {"i32.const", "i32.add", "output", "halt"} <= set(ff.OPCODES)


def test_every_opcode_is_a_distinct_point_on_the_unit_circle():
    points = [ff.opcode_point(i) for i in range(COUNT)]
    for x, y in points:
        assert math.isclose(math.hypot(x, y), 1.0)
    for p, q in itertools.combinations(points, 2):
        assert math.dist(p, q) > 0.1


@pytest.mark.parametrize("unit", range(COUNT))
def test_a_units_scores_are_the_dot_products_of_the_points(unit):
    ux, uy = ff.opcode_point(unit)
    for op, score in enumerate(ff.unit_scores(unit)):
        x, y = ff.opcode_point(op)
        assert math.isclose(score, ux * x + uy * y, abs_tol=1e-12)


@pytest.mark.parametrize("unit", range(COUNT))
def test_each_unit_fires_exactly_one_for_its_own_opcode_and_zero_for_every_other(unit):
    activations = ff.unit_activations(unit)
    assert activations[unit] == 1.0
    assert [a for op, a in enumerate(activations) if op != unit] == [0.0] * (COUNT - 1)


def test_the_threshold_lies_between_a_units_own_score_and_every_other():
    scores = ff.unit_scores(0)
    threshold = ff.unit_threshold()
    assert max(scores[1:]) < threshold < scores[0]


def test_the_released_codes_points_are_whole_numbers_on_its_circle_enough_for_every_opcode():
    points = ff.lattice_points()
    assert len(points) >= COUNT
    assert all(x * x + y * y == ff.RELEASED_RADIUS_SQUARED for x, y in points)


def test_the_released_gate_is_one_for_the_match_and_negative_for_every_other():
    points = ff.lattice_points()
    for unit, opcode in itertools.product(points, repeat=2):
        gate = ff.released_gate(unit, opcode)
        assert gate == 1 if unit == opcode else gate < 0


def test_bytes_are_least_significant_first():
    value = 0x12345678
    assert sum(b << (8 * i) for i, b in enumerate(ff.to_bytes(value))) == value
    assert ff.to_bytes(value)[0] == value & 0xFF


def test_255_plus_1_carries_out_of_the_lowest_byte_into_the_next():
    steps = ff.add_bytes(*ff.ADD_EXAMPLE)
    assert steps[0].value >= ff.BYTE and steps[0].carry_out == 1
    assert steps[1].carry_in == 1
    assert ff.sum_of(steps) == sum(ff.ADD_EXAMPLE)
    assert steps[0].token.endswith(ff.CARRY_MARK)
    assert not steps[1].token.endswith(ff.CARRY_MARK)


def test_the_byte_adder_equals_pythons_add_modulo_2_to_the_32():
    rng = random.Random(25)
    edges = [0, 1, 255, 256, 0xFFFF, 0xFFFFFFFF, 0x80000000, 0x7FFFFFFF]
    pairs = [*itertools.product(edges, repeat=2)]
    pairs += [(rng.getrandbits(32), rng.getrandbits(32)) for _ in range(2000)]
    for a, b in pairs:
        steps = ff.add_bytes(a, b)
        assert ff.sum_of(steps) == (a + b) % 2**32
        for before, after in itertools.pairwise(steps):
            assert after.carry_in == before.carry_out
        assert all(s.value == s.top + s.second + s.carry_in for s in steps)
        assert all(0 <= s.byte < ff.BYTE for s in steps)
