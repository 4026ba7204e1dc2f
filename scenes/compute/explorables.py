"""The watch page's interactive figures, as data: what the film computes, exported so the
page's script only draws it and never computes (or retypes) a number of its own.

- **The hull lookup** (chapter 7's keys): for every whole degree of query direction, the key
  the hull's binary search finds, the probes it made and the chain it searched.
- **Softmax against hard max** (the 3 + 5 add's two operand reads): each read's scores and
  values, and for a row of temperatures the softmax weights and the value they blend; the
  hard max is the limit as the temperature falls.
- **Why a parabola** (``hull.parabola_key``, ``index_query``): the query that asks for
  position i, scored against keys on the parabola and against keys on a straight line through
  its two ends; on the parabola position i wins, on the line only an end ever can.
- **The 3 + 5 trace, and a loop** (``wasm.run``): the prompt's tokens, then each step's
  instruction, the tokens it appends and the stack it leaves, and what the program outputs.

Plain lists, numbers and strings, ready for ``json.dumps``. No Manim here.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from scenes.compute.hull import (
    SCENE_KEYS,
    SCENE_QUERY,
    HullCache,
    brute_force_argmax,
    dot,
    index_query,
    parabola_key,
)
from scenes.compute.lookup import hard_max, operand_reads, sequence, stack_keys
from scenes.compute.wasm import (
    ADD_3_5,
    ADD_3_5_C,
    Instruction,
    countdown_program,
    instruction_text,
    program_tokens,
    run,
)

POSITIONS = 8  # keys in the parabola figure
COUNTDOWN = 3  # the loop program counts down from here
DEGREES = 360  # query directions the hull figure knows: one per degree
# Temperatures the softmax slider stops at, from a near-even blend to a near-hard max.
TEMPERATURES = tuple(round(10 ** (1 - 3 * k / 40), 4) for k in range(41))  # 10 ... 0.01


def direction(degrees: float) -> tuple[float, float]:
    """The unit query direction at ``degrees`` counter-clockwise from +x."""
    angle = math.radians(degrees)
    return (math.cos(angle), math.sin(angle))


def hull_figure(keys: Sequence[tuple[float, float]] = SCENE_KEYS) -> dict:
    """The keys, their hull (counter-clockwise) and, for each whole degree, the lookup:
    ``best`` key index, ``probes`` (the vertices the binary search compared, in order) and
    the ``chain`` it searched."""
    cache = HullCache(keys)
    lookups = []
    for degrees in range(DEGREES):
        found = cache.query(direction(degrees))
        lookups.append(
            {"best": found.best_index, "probes": list(found.probes), "chain": list(found.chain)}
        )
    start = round(math.degrees(math.atan2(SCENE_QUERY[1], SCENE_QUERY[0]))) % DEGREES
    return {
        "keys": [list(key) for key in keys],
        "hull": cache.vertices(),
        "start": start,
        "lookups": lookups,
    }


def softmax_weights(scores: Sequence[float], temperature: float) -> list[float]:
    """Softmax of ``scores / temperature``: ordinary attention's weights (temperature 1);
    as the temperature falls they go to the hard max's (all weight on the best)."""
    if temperature <= 0:
        raise ValueError(f"temperature must be positive, got {temperature}")
    top = max(scores)
    exps = [math.exp((s - top) / temperature) for s in scores]
    total = sum(exps)
    return [e / total for e in exps]


def add_reads(program: Sequence[Instruction] = ADD_3_5):
    """The two operand reads of the program's first ``i32.add`` (top of stack, then below),
    and the stack writes they look among, as chapter 7 draws them."""
    execution = run(program)
    tokens = sequence(program, execution)
    add = next(i for i, step in enumerate(execution.steps) if step.instruction.op == "i32.add")
    first_byte = len(program_tokens(program)) + sum(
        len(step.tokens) for step in execution.steps[:add]
    )
    keys = [key for key in stack_keys(tokens) if key.position < first_byte]
    return operand_reads(tokens, first_byte), keys


def softmax_figure(temperatures: Sequence[float] = TEMPERATURES) -> dict:
    """For each operand read of 3 + 5's add: its depth, every key's score and value, the hard
    max's value, and per temperature the softmax weights and the value they blend."""
    reads, keys = add_reads()
    values = [key.value for key in keys]
    figure = []
    for read in reads:
        weights = [softmax_weights(read.scores, t) for t in temperatures]
        figure.append(
            {
                "depth": read.depth,
                "scores": list(read.scores),
                "values": values,
                "depths": [key.depth for key in keys],
                "hard": hard_max(read.scores, values),
                "weights": weights,
                "blends": [sum(w * v for w, v in zip(ws, values, strict=True)) for ws in weights],
            }
        )
    return {"temperatures": list(temperatures), "reads": figure}


def trace_figure(program: Sequence[Instruction] = ADD_3_5, source: str = ADD_3_5_C) -> dict:
    """The program's C source and prompt tokens, each executed step (its instruction, the
    trace tokens it appends, the stack after it) and the values it outputs."""
    execution = run(program)
    return {
        "source": source,
        "prompt": program_tokens(program),
        "steps": [
            {
                "instruction": instruction_text(step.instruction),
                "tokens": list(step.tokens),
                "stack": list(step.stack),
            }
            for step in execution.steps
        ],
        "output": list(execution.output),
    }


def line_key(j: int, count: int = POSITIONS) -> tuple[float, float]:
    """Key j on the straight line through the parabola's first and last keys."""
    return (2.0 * j, -float((count - 1) * j))


def index_figure(count: int = POSITIONS) -> dict:
    """Keys on the parabola and on a straight line; for each position asked for, the query
    and, for each set of keys, every score and the position that wins."""
    shapes = {
        "parabola": [parabola_key(j) for j in range(count)],
        "line": [line_key(j, count) for j in range(count)],
    }
    asks = []
    for i in range(count):
        query = index_query(i)
        ask: dict = {"query": list(query)}
        for name, keys in shapes.items():
            ask[name] = {
                "scores": [dot(key, query) for key in keys],
                "best": brute_force_argmax(keys, query),
            }
        asks.append(ask)
    return {**{name: [list(k) for k in keys] for name, keys in shapes.items()}, "asks": asks}


def loop_figure(n: int = COUNTDOWN) -> dict:
    """The countdown loop's trace: its listing as the source, each step, its outputs."""
    program = countdown_program(n)
    listing = "\n".join(f"{k:>2}  {instruction_text(op)}" for k, op in enumerate(program))
    return trace_figure(program, listing)


def figures() -> dict:
    """Every figure's data, for the watch page."""
    return {
        "hull": hull_figure(),
        "index": index_figure(),
        "softmax": softmax_figure(),
        "trace": trace_figure(),
        "loop": loop_figure(),
    }
