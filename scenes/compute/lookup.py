"""How the machine finds what it needs in its own trace: running sums and 2D lookups, as the
released code builds them (Percepta-Core/transformer-vm, ``wasm/interpreter.py`` and
``graph/core.py``), computed on a real run of ``wasm.run`` so the film draws what happens.

- **Running sums.** The stack depth is the sum of every commit token's depth change. An
  attention head whose keys are all equal ties on every earlier token and returns their
  average; one feed-forward unit multiplies it by the position, which gives back the sum.
- **The latest write at a depth.** Each commit that stored a value on the stack leaves a key
  on the parabola, ``(2k, -k^2)`` for its depth k, plus a small bonus that grows with its
  position; every other token's key is pushed far down (by 10^30), out of the running, so
  only the stack writes are drawn here. The query for
  depth d is ``(d, 1)``: its dot product with a key is ``d^2 - (d - k)^2 + bonus``, highest
  where k = d, and among equal depths the latest write wins by its bonus.
- **Hard max.** The head returns the winning key's value alone (ties average), where ordinary
  attention blends every value weighted by softmax.

An ``out`` token carries no depth change (in the released code too), so these sums follow
the stack up to a program's first output; the 3 + 5 program outputs last. The released code
starts the depth at 3 (the prompt's closing token adds 3); depths here
count from 0 as the film's stack does, which shifts every key alike and changes no winner.
No Manim here.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from scenes.compute.wasm import Execution, Instruction, parse_commit, program_tokens

LATEST_BONUS = 0.3  # the released code's LATEST_ALPHA: how much a later write outranks


@dataclass(frozen=True)
class Token:
    """One token of the whole sequence (prompt, then trace) at its position."""

    position: int
    text: str
    depth_change: int  # what it adds to the running stack depth (commit tokens only)
    stores: bool  # a commit that stored a value on the stack (sts=1)


@dataclass(frozen=True)
class RunningSum:
    """The depth at one position, as the averaging head and its multiplier find it."""

    position: int
    average: float  # what the head returns: the mean depth change over positions 1..p
    depth: int  # average x position


@dataclass(frozen=True)
class Key:
    """The 2D key a stack write leaves: a point on the parabola, lifted by its bonus."""

    position: int  # of the commit token
    depth: int
    x: float
    y: float
    value: int  # the value it wrote (its 4 byte tokens, little-endian)


@dataclass(frozen=True)
class Read:
    """One stack lookup: the query for a depth, every key's score, the winner and its value."""

    depth: int
    query: tuple[float, float]
    scores: tuple[float, ...]  # one per key, in key order
    winner: Key


def sequence(program: Sequence[Instruction], execution: Execution) -> list[Token]:
    """The prompt's tokens, then the trace's, with positions and what each commit says."""
    texts = [*program_tokens(program), *execution.trace_tokens]
    tokens = []
    for position, text in enumerate(texts):
        change, stores = 0, False
        if text.startswith("commit("):
            change, stores, _ = parse_commit(text)
        tokens.append(Token(position, text, change, stores))
    return tokens


def running_sums(tokens: Sequence[Token]) -> list[RunningSum]:
    """The stack depth at every position after the first, the way the head computes it:
    the average of the depth changes over positions 1..p (the first token is left out, as
    the released code's start token is), times p. The current token counts."""
    sums, total = [], 0
    for token in tokens[1:]:
        total += token.depth_change
        average = total / token.position
        sums.append(RunningSum(token.position, average, round(average * token.position)))
    return sums


def averaged_tokens(tokens: Sequence[Token], position: int) -> list[Token]:
    """The tokens the averaging head weighs equally at ``position``: every one from position 1
    to it (the start token is left out, as in the released code), so each weighs 1/position."""
    return list(tokens[1 : position + 1])


def running_sum_at(tokens: Sequence[Token], position: int) -> RunningSum:
    """The running sum the head and its multiplier find at ``position``."""
    return next(s for s in running_sums(tokens) if s.position == position)


def latest_bonus(position: int) -> float:
    """The key's lift for a write at ``position``: grows with the position and stays under
    one, so a later write wins among equal depths and never across depths."""
    return LATEST_BONUS * (1 / math.log(2) - 1 / math.log(position + 2))


def stack_keys(tokens: Sequence[Token]) -> list[Key]:
    """The key of every stack write (a commit with sts=1), in trace order: its depth (the
    running sum at its own position) on the parabola, plus its bonus. Its value is the
    4 byte tokens before it."""
    depth_at = {s.position: s.depth for s in running_sums(tokens)}
    keys = []
    for token in tokens:
        if token.stores:
            depth = depth_at[token.position]
            data = [int(tokens[token.position - 4 + k].text[:2], 16) for k in range(4)]
            value = sum(byte << (8 * k) for k, byte in enumerate(data))
            y = -(depth**2) + latest_bonus(token.position)
            keys.append(Key(token.position, depth, 2.0 * depth, y, value))
    return keys


def depth_query(depth: int) -> tuple[float, float]:
    """The query that asks for the latest write at ``depth``."""
    return (float(depth), 1.0)


def score(query: tuple[float, float], key: Key) -> float:
    """The dot product of a query with a key: d^2 - (d - k)^2 + bonus."""
    return query[0] * key.x + query[1] * key.y


def read_stack(keys: Sequence[Key], depth: int, before: int) -> Read:
    """The hard-max lookup of the latest write at ``depth`` among the keys written before
    position ``before`` (what the head can see when that token is written)."""
    seen = [key for key in keys if key.position < before]
    if not seen:
        raise ValueError(f"no stack write before position {before}")
    query = depth_query(depth)
    scores = tuple(score(query, key) for key in seen)
    return Read(depth, query, scores, seen[max(range(len(seen)), key=scores.__getitem__)])


def operand_reads(tokens: Sequence[Token], add_position: int) -> tuple[Read, Read]:
    """The two lookups that fetch i32.add's operands when its first result byte, at
    ``add_position``, is written: the top of the stack (the current depth) and the value
    below it (one less)."""
    depth = next(s.depth for s in running_sums(tokens) if s.position == add_position - 1)
    keys = stack_keys(tokens)
    return read_stack(keys, depth, add_position), read_stack(keys, depth - 1, add_position)


def add_with_carry(a: int, b: int) -> list[tuple[int, int]]:
    """The feed-forward add, byte by byte as the released code does it: each result byte is
    a_byte + b_byte + carry, less 256 if that reaches 256 (the next carry). (byte, carry)
    for each of the 4 little-endian bytes."""
    out, carry = [], 0
    for k in range(4):
        total = ((a >> (8 * k)) & 0xFF) + ((b >> (8 * k)) & 0xFF) + carry
        carry = int(total >= 256)
        out.append((total - 256 * carry, carry))
    return out


def softmax_blend(scores: Sequence[float], values: Sequence[float]) -> float:
    """What ordinary attention returns: every value, weighted by the softmax of its score."""
    top = max(scores)
    weights = [math.exp(s - top) for s in scores]
    return sum(w * v for w, v in zip(weights, values, strict=True)) / sum(weights)


def hard_max(scores: Sequence[float], values: Sequence[float]) -> float:
    """What these heads return: the top-scoring key's value; a tie averages the tied values."""
    top = max(scores)
    tied = [v for s, v in zip(scores, values, strict=True) if s == top]
    return sum(tied) / len(tied)


# --- Why the keys sit on a parabola ----------------------------------------------------------


def line_key(depth: int) -> tuple[float, float]:
    """The key a depth would leave if keys lay on a straight line: (2k, 0), the parabola's key
    without its -k^2 (the failing first try the film shows)."""
    return (2.0 * depth, 0.0)


def parabola_key(depth: int) -> tuple[float, float]:
    """The key a write at depth k leaves, without its small bonus: (2k, -k^2)."""
    return (2.0 * depth, -float(depth * depth))


def key_scores(query: Sequence[float], points: Sequence[Sequence[float]]) -> tuple[float, ...]:
    """The score of every key for ``query``: its dot product, how far along the query it lies."""
    return tuple(query[0] * p[0] + query[1] * p[1] for p in points)


def best_key(scores: Sequence[float]) -> int:
    """The index of the highest score (the first among equals): the key a hard max picks."""
    return max(range(len(scores)), key=scores.__getitem__)


def parabola_score(asked: int, depth: int) -> int:
    """Key (2j, -j^2) scored by query (i, 1), in closed form: i^2 - (j - i)^2, highest at j = i."""
    return asked * asked - (depth - asked) ** 2


def hull_vertices(points: Sequence[Sequence[float]]) -> set[int]:
    """The indices of the points that are corners of their convex hull (Andrew's monotone
    chain; a point in the middle of an edge is not a corner)."""
    order = sorted(range(len(points)), key=lambda k: (points[k][0], points[k][1]))

    def turn(o: int, a: int, b: int) -> float:
        (ox, oy), (ax, ay), (bx, by) = points[o], points[a], points[b]
        return (ax - ox) * (by - oy) - (ay - oy) * (bx - ox)

    corners: set[int] = set()
    for chain in (order, order[::-1]):
        hull: list[int] = []
        for k in chain:
            while len(hull) >= 2 and turn(hull[-2], hull[-1], k) <= 0:
                hull.pop()
            hull.append(k)
        corners.update(hull)
    return corners


# --- Two lookups per operand, and the latest write ------------------------------------------


def value_position(key: Key) -> int:
    """Where the value a stack key stands for was written: its first byte, 4 tokens before the
    commit. The first lookup (by depth) returns this position."""
    return key.position - 4


def byte_reads(tokens: Sequence[Token], start: int) -> list[Token]:
    """The second lookup: the 4 byte tokens from ``start``, each found by a hard max over every
    token's position key (2p, -p^2) with the query (start + b, 1), exactly as a depth is."""
    points = [parabola_key(token.position) for token in tokens]
    return [tokens[best_key(key_scores(depth_query(start + b), points))] for b in range(4)]


def read_value(tokens: Sequence[Token], start: int) -> int:
    """The little-endian value of the 4 byte tokens the second lookup reads from ``start``."""
    data = [int(token.text[:2], 16) for token in byte_reads(tokens, start)]
    return sum(byte << (8 * k) for k, byte in enumerate(data))


def score_parts(query: tuple[float, float], key: Key) -> tuple[float, float]:
    """A key's score split in two: the parabola's part, i^2 - (k - i)^2, and the position's
    bonus; among keys at one depth the first part ties and the bonus decides."""
    return float(parabola_score(round(query[0]), key.depth)), latest_bonus(key.position)
