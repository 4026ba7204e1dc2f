"""What chapter 9 computes: the feed-forward layer's opcode decoding and its byte adder.

Decoding: each opcode is a point on the unit circle, at an angle set by its index. The unit
for one opcode has that point as its weights: it scores every opcode by a dot product (the
cosine of the angle between them), subtracts a threshold that sits between its own score (1)
and its nearest neighbour's, and keeps what is left through a ReLU, scaled so its own opcode
gives exactly 1 and every other exactly 0.

In the released code (``transformer_vm/wasm/interpreter.py``) the points are whole-number
points on the circle x^2 + y^2 = 32045 and the gate is ``p . x - 32045 + 1``: 1 for the match,
negative for every other (``lattice_points``, ``released_gate`` reproduce that).

Adding: i32 values are 4 bytes, least significant first. The adder works byte by byte,
lowest first: value = byte + byte + carry in; carry out = value >= 256; byte = value - 256 *
carry (``add_value = second_byte + top_byte + carry``). In the released code each written byte
token carries its carry out (``00'``), which the next byte reads back.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from scenes.compute.lookup import add_with_carry

# The released code's opcodes, in its order (``OPCODES`` in wasm/interpreter.py).
OPCODES: tuple[str, ...] = (
    "halt", "return", "call", "br", "br_if", "drop", "select", "local.get", "local.set",
    "local.tee", "global.get", "global.set", "i32.load", "i32.load8_s", "i32.load8_u",
    "i32.load16_s", "i32.load16_u", "i32.store", "i32.store8", "i32.store16", "i32.const",
    "i32.eqz", "i32.eq", "i32.ne", "i32.lt_s", "i32.lt_u", "i32.gt_s", "i32.gt_u",
    "i32.le_s", "i32.le_u", "i32.ge_s", "i32.ge_u", "i32.add", "i32.sub", "output",
    "input_base",
)  # fmt: skip

RELEASED_RADIUS_SQUARED = 32045  # pointsR2 in the released code
BYTES = 4  # an i32 is 4 bytes
BYTE = 256
CARRY_MARK = "'"  # the released code's byte token with a carry: 00'


def opcode_angle(index: int, count: int = len(OPCODES)) -> float:
    """The angle of opcode ``index`` on the circle: its share of a full turn."""
    return 2 * math.pi * index / count


def opcode_point(index: int, count: int = len(OPCODES)) -> tuple[float, float]:
    """Where opcode ``index`` sits on the unit circle."""
    angle = opcode_angle(index, count)
    return math.cos(angle), math.sin(angle)


def opcode_index(name: str) -> int:
    return OPCODES.index(name)


def _steps_apart(unit: int, opcode: int, count: int) -> int:
    """How many places apart two opcodes are around the circle (0 to count // 2)."""
    apart = (opcode - unit) % count
    return min(apart, count - apart)


def unit_scores(unit: int, count: int = len(OPCODES)) -> list[float]:
    """The unit for opcode ``unit`` scores every opcode by the dot product of their points:
    the cosine of the angle between them (computed from the steps apart, so the unit's own
    score is exactly 1 and both neighbours score the same)."""
    return [math.cos(opcode_angle(_steps_apart(unit, op, count), count)) for op in range(count)]


def unit_threshold(count: int = len(OPCODES)) -> float:
    """The unit's threshold: halfway between its own score (1) and its neighbours'."""
    return (1 + math.cos(opcode_angle(1, count))) / 2


def unit_activations(unit: int, count: int = len(OPCODES)) -> list[float]:
    """ReLU of the score past the threshold, scaled so the unit's own opcode gives 1: the
    unit fires for its own opcode, exactly 1, and for no other, exactly 0."""
    threshold = unit_threshold(count)
    return [max(0.0, (s - threshold) / (1 - threshold)) for s in unit_scores(unit, count)]


def lattice_points(radius_squared: int = RELEASED_RADIUS_SQUARED) -> list[tuple[int, int]]:
    """Every whole-number point on the circle x^2 + y^2 = radius_squared."""
    top = math.isqrt(radius_squared)
    return [
        (x, y)
        for x in range(-top, top + 1)
        for y in range(-top, top + 1)
        if x * x + y * y == radius_squared
    ]


def released_gate(
    unit: tuple[int, int], opcode: tuple[int, int], r2: int = RELEASED_RADIUS_SQUARED
) -> int:
    """The released code's gate (``op_dot``): the dot product, minus r2, plus 1."""
    return unit[0] * opcode[0] + unit[1] * opcode[1] - r2 + 1


# --- The byte adder ---------------------------------------------------------------------------


def to_bytes(value: int) -> list[int]:
    """An i32 value's 4 bytes, least significant first (as the trace writes them)."""
    return [(value >> (8 * i)) & 0xFF for i in range(BYTES)]


def hex_byte(byte: int) -> str:
    return f"{byte:02X}"


@dataclass(frozen=True)
class ByteStep:
    """One byte of the add: the two bytes, the carry in, their sum, the byte written and the
    carry out."""

    top: int
    second: int
    carry_in: int
    value: int  # second + top + carry in, 0 to 511
    byte: int  # value - 256 * carry out
    carry_out: int  # 1 when value >= 256

    @property
    def token(self) -> str:
        """The byte token the released code writes: with a mark when it carries."""
        return hex_byte(self.byte) + (CARRY_MARK if self.carry_out else "")


def add_bytes(second: int, top: int) -> list[ByteStep]:
    """Add two i32 values byte by byte, lowest first, the carry passing to the next byte
    (``lookup.add_with_carry``, with each byte's carry in and sum spelled out)."""
    steps, carry_in = [], 0
    for a, b, (byte, carry_out) in zip(
        to_bytes(second), to_bytes(top), add_with_carry(second, top), strict=True
    ):
        steps.append(ByteStep(b, a, carry_in, byte + BYTE * carry_out, byte, carry_out))
        carry_in = carry_out
    return steps


def sum_of(steps: list[ByteStep]) -> int:
    """The i32 value the written bytes spell."""
    return sum(step.byte << (8 * i) for i, step in enumerate(steps))


ADD_EXAMPLE = (255, 1)  # the chapter's sum that carries: 255 + 1
