"""The interpreter must reproduce the article's tokens and fail loudly on bad programs."""

from __future__ import annotations

import pytest

from scenes.compute.wasm import (
    ADD_3_5,
    ADD_3_5_C,
    OPCODES,
    Instruction,
    WasmError,
    byte_tokens,
    commit_token,
    compile_c,
    countdown_program,
    instruction_text,
    instruction_tokens,
    parse_commit,
    program_tokens,
    run,
)


def test_add_3_5_program_tokens_match_the_article() -> None:
    expected = (
        "{ i32.const 03 00 00 00 i32.const 05 00 00 00 i32.add 00 00 00 00 output 00 00 00 00 }"
    )
    assert " ".join(program_tokens(ADD_3_5)) == expected


def test_add_3_5_trace_matches_the_article() -> None:
    execution = run(ADD_3_5)
    expected = (
        "03 00 00 00 commit(+1,sts=1,bt=0) 05 00 00 00 commit(+1,sts=1,bt=0) "
        "08 00 00 00 commit(-1,sts=1,bt=0) out(08) halt"
    )
    assert " ".join(execution.trace_tokens) == expected
    assert execution.output == [8]


def test_every_opcode_is_one_token_plus_four_bytes_in_the_prompt() -> None:
    program = [Instruction(op) for op in OPCODES]
    tokens = program_tokens(program)
    assert len(tokens) == 2 + 5 * len(program)
    assert tokens[1::5][: len(program)] == list(OPCODES)


@pytest.mark.parametrize("n", [1, 2, 5, 12])
def test_countdown_outputs_n_down_to_1(n: int) -> None:
    execution = run(countdown_program(n))
    assert execution.output == list(range(n, 0, -1))
    taken = [t for t in execution.trace_tokens if t.startswith("commit(") and t.endswith("bt=1)")]
    assert len(taken) == n - 1  # the loop jumps back after every output but the last
    assert execution.trace_tokens[-1] == "halt"


def test_countdown_rejects_zero() -> None:
    with pytest.raises(ValueError, match="countdown"):
        countdown_program(0)


def test_at_most_five_tokens_per_instruction_and_commits_track_the_stack() -> None:
    execution = run(countdown_program(4))
    depth = 0
    for step in execution.steps:
        assert 1 <= len(step.tokens) <= 5
        last = step.tokens[-1]
        if last.startswith("commit("):
            assert len(step.tokens) == 5
            depth += int(last[len("commit(") : last.index(",")])
        elif last.startswith("out("):
            depth -= 1
        assert depth >= 0
    assert depth == 0  # the countdown leaves nothing on the stack


def test_steps_record_where_they_ran() -> None:
    program = countdown_program(2)
    execution = run(program)
    for step in execution.steps:
        assert step.instruction == program[step.pc]


def test_i32_wraps_around() -> None:
    zero_minus_one = [
        Instruction("i32.const", 0),
        Instruction("i32.const", 1),
        Instruction("i32.sub"),
    ]
    execution = run([*zero_minus_one, Instruction("output")])
    assert execution.steps[2].tokens[:4] == ("ff", "ff", "ff", "ff")
    assert execution.output == [0xFFFF_FFFF]
    assert execution.trace_tokens[-2] == "out(ff)"

    minus_one_plus_one = [Instruction("i32.const", -1), Instruction("i32.const", 1)]
    execution = run([*minus_one_plus_one, Instruction("i32.add")])
    assert execution.steps[2].tokens[:4] == ("00", "00", "00", "00")
    assert program_tokens([Instruction("i32.const", -1)])[2:6] == ["ff", "ff", "ff", "ff"]


def test_running_off_the_end_and_halt_both_emit_halt() -> None:
    assert run([]).trace_tokens == ["halt"]
    execution = run([Instruction("halt"), Instruction("i32.const", 7), Instruction("output")])
    assert execution.trace_tokens == ["halt"]
    assert execution.output == []


def test_unknown_opcode() -> None:
    with pytest.raises(WasmError, match=r"unknown opcode 'i32\.mul'"):
        run([Instruction("i32.mul")])
    with pytest.raises(WasmError, match="unknown opcode"):
        program_tokens([Instruction("nop")])


def test_argument_must_fit_in_32_bits() -> None:
    with pytest.raises(WasmError, match="32 bits"):
        program_tokens([Instruction("i32.const", 2**32)])


def test_stack_underflow() -> None:
    with pytest.raises(WasmError, match=r"stack underflow: i32\.add at instruction 1"):
        run([Instruction("i32.const", 1), Instruction("i32.add")])
    with pytest.raises(WasmError, match="stack underflow: output"):
        run([Instruction("output")])


def test_bad_local_index() -> None:
    with pytest.raises(WasmError, match="bad local index 4"):
        run([Instruction("local.get", 4)], locals_count=4)
    with pytest.raises(WasmError, match="bad local index -1"):
        run([Instruction("i32.const", 1), Instruction("local.set", -1)])


def test_branch_target_out_of_range() -> None:
    with pytest.raises(WasmError, match="branch target 3"):
        run([Instruction("i32.const", 0), Instruction("br_if", 3)])


def test_step_limit() -> None:
    forever = [Instruction("i32.const", 1), Instruction("br_if", 0)]
    with pytest.raises(WasmError, match="step limit of 50 exceeded"):
        run(forever, max_steps=50)
    assert len(run(ADD_3_5, max_steps=5).steps) == 5  # the final halt counts as a step
    with pytest.raises(WasmError, match="step limit"):
        run(ADD_3_5, max_steps=4)


def test_each_step_reports_its_instruction_and_the_stack_after_it() -> None:
    steps = run(ADD_3_5).steps
    assert [step.pc for step in steps] == [0, 1, 2, 3, 4]  # 4: ran off the end, halt
    assert [step.stack for step in steps] == [(3,), (3, 5), (8,), (), ()]


@pytest.mark.parametrize("program", [ADD_3_5, countdown_program(3)], ids=["add", "countdown"])
def test_the_stack_agrees_with_the_commit_tokens(program) -> None:
    depth = 0
    for step in run(program).steps:
        *value, last = step.tokens
        if last.startswith("commit("):
            dstack, stored, _ = parse_commit(last)
            depth += dstack
            if stored:  # the bytes are the value now on top of the stack
                assert byte_tokens(step.stack[-1]) == value
        elif last.startswith("out("):
            depth -= 1
        assert len(step.stack) == depth


def test_parse_commit() -> None:
    assert parse_commit("commit(+1,sts=1,bt=0)") == (1, True, False)
    assert parse_commit("commit(-1,sts=0,bt=1)") == (-1, False, True)
    assert parse_commit(commit_token(-2, stored=False, branched=False)) == (-2, False, False)
    with pytest.raises(WasmError, match="not a commit token"):
        parse_commit("out(08)")


def test_instruction_tokens_and_text() -> None:
    assert instruction_tokens(Instruction("i32.const", 3)) == ["i32.const", "03", "00", "00", "00"]
    assert instruction_tokens(Instruction("output")) == ["output", "00", "00", "00", "00"]
    assert [instruction_text(i) for i in ADD_3_5] == [
        "i32.const 3",
        "i32.const 5",
        "i32.add",
        "output",
    ]
    assert instruction_text(Instruction("br_if", 2)) == "br_if 2"


def test_the_c_source_compiles_to_the_articles_program() -> None:
    compiled = compile_c(ADD_3_5_C)
    assert tuple(c.instruction for c in compiled) == ADD_3_5
    assert [ADD_3_5_C[c.start : c.end] for c in compiled] == ["3", "5", "+", "output"]


def test_compile_c_evaluates_left_to_right_on_the_stack() -> None:
    source = "int main() {\n  output(10 - 4 + 1);\n  output(2);\n}"
    compiled = compile_c(source)
    assert [source[c.start : c.end] for c in compiled] == [
        "10", "4", "-", "1", "+", "output", "2", "output",
    ]  # fmt: skip
    assert run([c.instruction for c in compiled]).output == [7, 2]


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("output(3);", "int main"),
        ("int main() { return 0; }", "unsupported statement"),
        ("int main() { output(3 * 5); }", "numbers joined by"),
        ("int main() { output(+3); }", "numbers joined by"),
        ("int main() { output(); }", "needs a value"),
        ("int main() { output(3) }", "statements end"),
        ("int main() { output(4294967296); }", "32 bits"),
    ],
)
def test_compile_c_rejects_what_it_does_not_know(source: str, message: str) -> None:
    with pytest.raises(WasmError, match=message):
        compile_c(source)
