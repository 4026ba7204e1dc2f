"""A tiny WebAssembly-subset interpreter that speaks in the article's tokens.

The program goes into the prompt as ``{``, then each instruction as its opcode token and the
4 little-endian bytes of its argument, then ``}``. Running it appends a trace, at most
5 tokens per executed instruction:

============  ===========================================  ================================
instruction   effect                                       trace tokens
============  ===========================================  ================================
i32.const a   push a                                       bytes(a) commit(+1,sts=1,bt=0)
i32.add       pop b, pop a, push a+b (mod 2**32)           bytes(a+b) commit(-1,sts=1,bt=0)
i32.sub       pop b, pop a, push a-b (mod 2**32)           bytes(a-b) commit(-1,sts=1,bt=0)
local.get k   push local k                                 bytes(value) commit(+1,sts=1,bt=0)
local.set k   pop a value into local k                     bytes(value) commit(-1,sts=0,bt=0)
br_if k       pop c; if c != 0 jump to instruction k       bytes(c) commit(-1,sts=0,bt=1|0)
output        pop a value and write it out                 out(XX), XX its low byte
halt          stop (so does running off the end)           halt
============  ===========================================  ================================

``bytes(v)`` is 4 two-digit lowercase hex tokens, least significant byte first. In
``commit(dstack,sts=S,bt=B)``, dstack is the change in stack depth, S is 1 when the
instruction stored a value on the stack, and B is 1 when it took a branch. ``local.set`` and
``br_if`` store nothing on the stack, so their bytes are the value they consumed.

Unlike real WebAssembly, ``br_if`` takes an absolute instruction index instead of a label, so
a loop reads plainly on screen.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

OPCODES: tuple[str, ...] = (
    "i32.const",
    "i32.add",
    "i32.sub",
    "local.get",
    "local.set",
    "br_if",
    "output",
    "halt",
)

MASK = 0xFFFF_FFFF  # i32 values wrap modulo 2**32; we keep them unsigned
ARG_MIN = -(2**31)  # an argument may be written signed (-1) or unsigned (0xffffffff)
ARG_MAX = MASK
DEFAULT_MAX_STEPS = 100_000

# How many values each instruction pops off the stack.
_POPS = {"i32.add": 2, "i32.sub": 2, "local.set": 1, "br_if": 1, "output": 1}


class WasmError(Exception):
    """The program is malformed or went wrong while running."""


@dataclass(frozen=True)
class Instruction:
    """One instruction: an opcode from OPCODES and its 32-bit argument (0 if unused)."""

    op: str
    arg: int = 0


@dataclass(frozen=True)
class Step:
    """One executed instruction and the trace tokens it appended."""

    instruction: Instruction
    tokens: tuple[str, ...]
    pc: int  # index of the instruction in the program; len(program) for running off the end


@dataclass(frozen=True)
class Execution:
    """What a run produced: one Step per executed instruction, and the values output."""

    steps: list[Step] = field(default_factory=list)
    output: list[int] = field(default_factory=list)  # full unsigned values; out() shows low byte

    @property
    def trace_tokens(self) -> list[str]:
        """The whole trace, as the model would append it."""
        return [token for step in self.steps for token in step.tokens]


def byte_tokens(value: int) -> list[str]:
    """The 4 little-endian byte tokens of an i32, e.g. 3 -> ["03", "00", "00", "00"]."""
    value &= MASK
    return [f"{(value >> (8 * k)) & 0xFF:02x}" for k in range(4)]


def commit_token(dstack: int, stored: bool, branched: bool) -> str:
    """The commit token, e.g. commit(+1,sts=1,bt=0)."""
    return f"commit({dstack:+d},sts={int(stored)},bt={int(branched)})"


def _check_instruction(index: int, instruction: Instruction) -> None:
    if instruction.op not in OPCODES:
        raise WasmError(
            f"unknown opcode {instruction.op!r} at instruction {index}; "
            f"supported: {', '.join(OPCODES)}"
        )
    if not ARG_MIN <= instruction.arg <= ARG_MAX:
        raise WasmError(
            f"argument {instruction.arg} of {instruction.op} at instruction {index} "
            "does not fit in 32 bits"
        )


def _check_program(program: Sequence[Instruction], locals_count: int) -> None:
    for index, instruction in enumerate(program):
        _check_instruction(index, instruction)
        op, arg = instruction.op, instruction.arg
        if op in ("local.get", "local.set") and not 0 <= arg < locals_count:
            raise WasmError(
                f"bad local index {arg} in {op} at instruction {index}; "
                f"there are {locals_count} locals (0..{locals_count - 1})"
            )
        if op == "br_if" and not 0 <= arg < len(program):
            raise WasmError(
                f"branch target {arg} at instruction {index} is out of range; "
                f"the program has instructions 0..{len(program) - 1}"
            )


def program_tokens(program: Sequence[Instruction]) -> list[str]:
    """The program as prompt tokens: ``{``, opcode + 4 argument bytes each, ``}``."""
    tokens = ["{"]
    for index, instruction in enumerate(program):
        _check_instruction(index, instruction)
        tokens.append(instruction.op)
        tokens.extend(byte_tokens(instruction.arg))
    tokens.append("}")
    return tokens


def run(
    program: Sequence[Instruction],
    locals_count: int = 4,
    max_steps: int = DEFAULT_MAX_STEPS,
) -> Execution:
    """Execute the program and record the trace tokens of every step (see module docstring).

    Locals start at 0. Raises WasmError on a malformed program, stack underflow, or when more
    than ``max_steps`` instructions (counting the final halt) would run.
    """
    if locals_count < 0:
        raise WasmError(f"locals_count must be >= 0, got {locals_count}")
    _check_program(program, locals_count)
    stack: list[int] = []
    local_values = [0] * locals_count
    execution = Execution()
    pc = 0
    while True:
        if len(execution.steps) >= max_steps:
            raise WasmError(
                f"step limit of {max_steps} exceeded at instruction {pc}; "
                "does the program loop forever?"
            )
        if pc == len(program):  # running off the end halts, like returning from main
            execution.steps.append(Step(Instruction("halt"), ("halt",), pc))
            return execution
        instruction = program[pc]
        op, arg = instruction.op, instruction.arg
        needed = _POPS.get(op, 0)
        if len(stack) < needed:
            raise WasmError(
                f"stack underflow: {op} at instruction {pc} needs {needed} value(s), "
                f"the stack holds {len(stack)}"
            )
        next_pc = pc + 1
        if op == "halt":
            execution.steps.append(Step(instruction, ("halt",), pc))
            return execution
        if op == "output":
            value = stack.pop()
            execution.output.append(value)
            tokens: tuple[str, ...] = (f"out({value & 0xFF:02x})",)
        elif op == "local.set":
            value = stack.pop()
            local_values[arg] = value
            tokens = (*byte_tokens(value), commit_token(-1, stored=False, branched=False))
        elif op == "br_if":
            condition = stack.pop()
            taken = condition != 0
            if taken:
                next_pc = arg
            tokens = (*byte_tokens(condition), commit_token(-1, stored=False, branched=taken))
        else:  # the instructions that push a result
            if op == "i32.const":
                value, dstack = arg & MASK, +1
            elif op == "local.get":
                value, dstack = local_values[arg], +1
            else:
                b, a = stack.pop(), stack.pop()
                value = (a + b if op == "i32.add" else a - b) & MASK
                dstack = -1
            stack.append(value)
            tokens = (*byte_tokens(value), commit_token(dstack, stored=True, branched=False))
        execution.steps.append(Step(instruction, tokens, pc))
        pc = next_pc


ADD_3_5: tuple[Instruction, ...] = (
    Instruction("i32.const", 3),
    Instruction("i32.const", 5),
    Instruction("i32.add"),
    Instruction("output"),
)
"""The article's 3 + 5 example."""


def countdown_program(n: int) -> tuple[Instruction, ...]:
    """A loop that outputs n, n-1, ..., 1: local 0 counts down, br_if jumps back while > 0."""
    if not 1 <= n <= ARG_MAX:
        raise ValueError(f"countdown needs 1 <= n < 2**32, got {n}")
    loop = 2
    return (
        Instruction("i32.const", n),
        Instruction("local.set", 0),
        Instruction("local.get", 0),  # loop:
        Instruction("output"),
        Instruction("local.get", 0),
        Instruction("i32.const", 1),
        Instruction("i32.sub"),
        Instruction("local.set", 0),
        Instruction("local.get", 0),
        Instruction("br_if", loop),  # jump back while the counter is nonzero
        Instruction("halt"),
    )
