"""Chapter 9's pictures are in register with their numbers, read from the mobjects' points."""

from __future__ import annotations

import numpy as np
import pytest

from scenes.compute import feed_forward as ff
from scenes.weights_pictures import ActivationBars, ByteAdder, OpcodeCircle

CENTER, RADIUS = (-2.0, -0.5), 2.0
ADD = ff.opcode_index("i32.add")


@pytest.fixture(scope="module")
def circle() -> OpcodeCircle:
    return OpcodeCircle(CENTER, RADIUS)


def test_every_opcode_dot_lies_on_the_ring_at_its_index_angle(circle):
    origin = circle.ring.get_center()
    assert np.isclose(circle.ring.width / 2, RADIUS)
    for index, dot in enumerate(circle.dots):
        offset = dot.get_center() - origin
        assert np.isclose(np.linalg.norm(offset), RADIUS)
        angle = np.arctan2(offset[1], offset[0]) % (2 * np.pi)
        assert np.isclose(angle, ff.opcode_angle(index) % (2 * np.pi), atol=1e-9)


def test_each_name_sits_outside_the_ring_beside_its_own_dot(circle):
    origin = circle.ring.get_center()
    for name, label in zip(("i32.const", "i32.add", "output", "halt"), circle.labels, strict=True):
        corners = [label.get_corner(np.array([x, y, 0])) for x in (-1, 1) for y in (-1, 1)]
        assert min(np.linalg.norm(c - origin) for c in corners) > RADIUS
        nearest = min(
            circle.indices, key=lambda i: np.linalg.norm(circle.at(i) - label.get_center())
        )
        assert nearest == ff.opcode_index(name)


def test_the_unit_arrow_points_at_its_own_opcode(circle):
    arrow = circle.unit_arrow(ADD)
    direction = arrow.get_end() - arrow.get_start()
    assert np.allclose(direction / np.linalg.norm(direction), circle.direction(ADD))


def test_the_threshold_line_has_only_the_units_own_opcode_beyond_it(circle):
    line = circle.level_line(ADD, ff.unit_threshold())
    start, end = line.get_start(), line.get_end()
    along = circle.direction(ADD)
    assert np.isclose(np.dot(end - start, along), 0, atol=1e-9)  # across the unit's direction
    level = np.dot(start - circle.ring.get_center(), along)
    assert np.isclose(level, ff.unit_threshold() * RADIUS)
    beyond = [
        i for i in circle.indices if np.dot(circle.at(i) - circle.ring.get_center(), along) > level
    ]
    assert beyond == [ADD]


def test_the_sweep_ends_on_the_threshold_with_every_other_dot_dimmed():
    circle = OpcodeCircle(CENTER, RADIUS)
    line, sweep = circle.sweep(ADD)
    sweep.interpolate_mobject(1.0)
    expected = circle.level_line(ADD, ff.unit_threshold())
    assert np.allclose(line.get_start(), expected.get_start())
    bright = [i for i, dot in enumerate(circle.dots) if dot.get_fill_opacity() == 1.0]
    assert bright == [ADD]


def test_activation_bars_are_as_tall_as_the_activations_and_only_the_unit_stands():
    bars = ActivationBars(ADD, (1.0, -1.5))
    heights = [bar.height for bar in bars.bars]
    tallest = max(range(len(heights)), key=heights.__getitem__)
    assert tallest == ADD
    for bar, activation in zip(bars.bars, ff.unit_activations(ADD), strict=True):
        assert np.isclose(bar.get_bottom()[1], bars.baseline.get_y())
        if activation:
            assert np.isclose(bar.height / heights[ADD], activation)
        else:
            assert bar.height < 0.05 * heights[ADD]
    xs = [bar.get_x() for bar in bars.bars]
    assert xs == sorted(xs)  # in opcode order
    assert np.isclose(bars.one.get_x(), bars.bars[ADD].get_x())


@pytest.fixture(scope="module")
def adder() -> ByteAdder:
    return ByteAdder(*ff.ADD_EXAMPLE, (0.0, 0.0), 1.6)


def test_each_byte_sits_in_its_column_lowest_on_the_left(adder):
    for index in range(ff.BYTES):
        column = [adder.rows[0][index], adder.rows[1][index]]
        digits = adder.results[index][:2]
        for cell in [*column, digits]:
            assert np.isclose(cell.get_x(), adder.x_of(index))
    xs = [adder.x_of(i) for i in range(ff.BYTES)]
    assert xs == sorted(xs)


def test_the_rows_spell_the_operands_and_the_result_bytes_the_adder_computed(adder):
    second, top = ff.ADD_EXAMPLE
    assert [c.text for c in adder.rows[0]] == [ff.hex_byte(b) for b in ff.to_bytes(second)]
    assert [c.text for c in adder.rows[1]] == [ff.hex_byte(b) for b in ff.to_bytes(top)]
    assert [c.text for c in adder.results] == [s.token for s in adder.steps]
    assert adder.total.text.endswith(str(ff.sum_of(adder.steps)))


def test_the_hex_sum_reads_as_one_number_with_its_byte_on_the_result_slot(adder):
    high, low = adder.sum_in_hex(0)
    assert high.text + low.text == f"{adder.steps[0].value:03X}"
    assert np.isclose(low.get_x(), adder.x_of(0))
    assert np.isclose(low.get_y(), adder.results[0][:2].get_y(), atol=0.05)
    assert high.get_right()[0] < low.get_left()[0]


def test_the_carry_moves_to_the_next_columns_result_slot(adder):
    slot = adder.carry_slot(1)
    assert np.isclose(slot.get_x(), adder.x_of(1))
    assert np.isclose(slot.get_y(), adder.y_of(2))
    assert adder.steps[0].carry_out == adder.steps[1].carry_in == 1


def test_the_column_frame_holds_its_whole_column(adder):
    frame = adder.column_frame(0)
    for cell in (adder.rows[0][0], adder.rows[1][0], adder.results[0][:2]):
        assert frame.get_left()[0] < cell.get_left()[0] < cell.get_right()[0] < frame.get_right()[0]
        assert frame.get_bottom()[1] < cell.get_bottom()[1] < cell.get_top()[1] < frame.get_top()[1]
