"""What an optimising compiler would make of the film's example, for the film to set aside.

clang at -O2 (the released code's setting) folds a sum of constants at compile time:
``output(3 + 5)`` becomes ``i32.const 8, output``. The film shows the program unoptimised,
as the article writes it, so the model's trace has an add to do; ``fold_constants`` is the
optimised listing it shows beside it, and ``instruction_kinds`` what the listing needs of the
model's instruction set.
"""

from __future__ import annotations

from collections.abc import Sequence

from scenes.compute.wasm import MASK, Instruction

_FOLDED = {"i32.add": lambda a, b: a + b, "i32.sub": lambda a, b: a - b}


def fold_constants(program: Sequence[Instruction]) -> tuple[Instruction, ...]:
    """``program`` with every add or subtract of two constants replaced by their result
    (modulo 2**32, as i32 arithmetic wraps), repeatedly: a constant-folding pass."""
    folded: list[Instruction] = []
    for instruction in program:
        operation = _FOLDED.get(instruction.op)
        if operation and len(folded) >= 2 and all(i.op == "i32.const" for i in folded[-2:]):
            b, a = folded.pop(), folded.pop()
            folded.append(Instruction("i32.const", operation(a.arg, b.arg) & MASK))
        else:
            folded.append(instruction)
    return tuple(folded)


def instruction_kinds(program: Sequence[Instruction]) -> tuple[str, ...]:
    """The kinds of instruction (opcodes) ``program`` uses, in order of first use."""
    return tuple(dict.fromkeys(instruction.op for instruction in program))
