"""The optimised listing the film sets aside must be what constant folding makes of the
example: the same answer, with no add left for the model to do."""

from __future__ import annotations

from scenes.compute.folding import fold_constants, instruction_kinds
from scenes.compute.wasm import ADD_3_5, ADD_3_5_C, Instruction, compile_c, run


def test_folding_the_example_leaves_one_constant_and_the_output() -> None:
    program = [c.instruction for c in compile_c(ADD_3_5_C)]
    folded = fold_constants(program)
    assert [i.op for i in folded] == ["i32.const", "output"]
    assert run(folded).output == run(program).output


def test_folding_keeps_the_answer_of_a_longer_sum() -> None:
    program = [c.instruction for c in compile_c("int main() {\n  output(7 - 9 + 4);\n}")]
    folded = fold_constants(program)
    assert len(folded) == 2
    assert run(folded).output == run(program).output


def test_folding_leaves_values_not_known_at_compile_time() -> None:
    program = [
        Instruction("i32.const", 2),
        Instruction("local.set", 0),
        Instruction("local.get", 0),
        Instruction("i32.const", 1),
        Instruction("i32.add"),
        Instruction("output"),
    ]
    assert fold_constants(program) == tuple(program)


def test_the_kinds_of_instruction_are_counted_once_each_in_order() -> None:
    kinds = instruction_kinds(ADD_3_5)
    assert len(kinds) == len(set(kinds))
    assert set(kinds) == {i.op for i in ADD_3_5}
    assert kinds[0] == ADD_3_5[0].op
