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

``compile_c`` is the first step of the article's pipeline in miniature: it compiles the few
lines of C the film shows (``output(<sum>);`` statements) into these instructions, and says
which piece of the source each instruction came from.
"""

from __future__ import annotations

import re
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
_TAKES_ARGUMENT = frozenset({"i32.const", "local.get", "local.set", "br_if"})


class WasmError(Exception):
    """The program is malformed or went wrong while running."""


@dataclass(frozen=True)
class Instruction:
    """One instruction: an opcode from OPCODES and its 32-bit argument (0 if unused)."""

    op: str
    arg: int = 0


@dataclass(frozen=True)
class Step:
    """One executed instruction, the trace tokens it appended and the stack it left."""

    instruction: Instruction
    tokens: tuple[str, ...]
    pc: int  # index of the instruction in the program; len(program) for running off the end
    stack: tuple[int, ...] = ()  # the operand stack after the step, bottom first


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


def instruction_tokens(instruction: Instruction) -> list[str]:
    """One instruction as prompt tokens: its opcode, then the 4 bytes of its argument."""
    return [instruction.op, *byte_tokens(instruction.arg)]


def instruction_text(instruction: Instruction) -> str:
    """An instruction as WebAssembly's text format writes it: ``i32.const 3``, ``i32.add``."""
    if instruction.op in _TAKES_ARGUMENT:
        return f"{instruction.op} {instruction.arg}"
    return instruction.op


def commit_token(dstack: int, stored: bool, branched: bool) -> str:
    """The commit token, e.g. commit(+1,sts=1,bt=0)."""
    return f"commit({dstack:+d},sts={int(stored)},bt={int(branched)})"


_COMMIT = re.compile(r"commit\((?P<dstack>[+-]\d+),sts=(?P<sts>[01]),bt=(?P<bt>[01])\)")


def parse_commit(token: str) -> tuple[int, bool, bool]:
    """The parts of a commit token: (stack-depth change, stored to the stack, branch taken)."""
    match = _COMMIT.fullmatch(token)
    if match is None:
        raise WasmError(f"not a commit token: {token!r}")
    return int(match["dstack"]), match["sts"] == "1", match["bt"] == "1"


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
        tokens.extend(instruction_tokens(instruction))
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
            execution.steps.append(Step(Instruction("halt"), ("halt",), pc, tuple(stack)))
            return execution
        instruction = program[pc]
        op = instruction.op
        needed = _POPS.get(op, 0)
        if len(stack) < needed:
            raise WasmError(
                f"stack underflow: {op} at instruction {pc} needs {needed} value(s), "
                f"the stack holds {len(stack)}"
            )
        if op == "halt":
            execution.steps.append(Step(instruction, ("halt",), pc, tuple(stack)))
            return execution
        tokens, next_pc = _execute(instruction, pc, stack, local_values, execution.output)
        execution.steps.append(Step(instruction, tokens, pc, tuple(stack)))
        pc = next_pc


def _execute(
    instruction: Instruction,
    pc: int,
    stack: list[int],
    local_values: list[int],
    output: list[int],
) -> tuple[tuple[str, ...], int]:
    """Run one (non-halting) instruction on the machine's state, in place: the tokens the
    step writes and the next instruction's index."""
    op, arg = instruction.op, instruction.arg
    if op == "output":
        value = stack.pop()
        output.append(value)
        return (f"out({value & 0xFF:02x})",), pc + 1
    if op == "local.set":
        value = stack.pop()
        local_values[arg] = value
        return (*byte_tokens(value), commit_token(-1, stored=False, branched=False)), pc + 1
    if op == "br_if":
        condition = stack.pop()
        taken = condition != 0
        tokens = (*byte_tokens(condition), commit_token(-1, stored=False, branched=taken))
        return tokens, arg if taken else pc + 1
    # the instructions that push a result
    if op == "i32.const":
        value, dstack = arg & MASK, +1
    elif op == "local.get":
        value, dstack = local_values[arg], +1
    else:
        b, a = stack.pop(), stack.pop()
        value = (a + b if op == "i32.add" else a - b) & MASK
        dstack = -1
    stack.append(value)
    return (*byte_tokens(value), commit_token(dstack, stored=True, branched=False)), pc + 1


ADD_3_5: tuple[Instruction, ...] = (
    Instruction("i32.const", 3),
    Instruction("i32.const", 5),
    Instruction("i32.add"),
    Instruction("output"),
)
"""The article's 3 + 5 example."""


ADD_3_5_C = "int main() {\n  output(3 + 5);\n}"
"""The 3 + 5 example as the few lines of C it is compiled from."""


@dataclass(frozen=True)
class Compiled:
    """One compiled instruction and the piece of the C source it came from."""

    instruction: Instruction
    start: int  # source[start:end] is the C text the instruction was made from
    end: int


_MAIN = re.compile(r"\s*int\s+main\s*\(\s*\)\s*\{(?P<body>[^{}]*)\}\s*")
_STATEMENT = re.compile(r"output\((?P<sum>[^()]*)\)")
_TERM = re.compile(r"\s*(?P<op>[+-]?)\s*(?P<number>\d+)\s*")
_C_OPS = {"+": "i32.add", "-": "i32.sub"}


def compile_c(source: str) -> tuple[Compiled, ...]:
    """Compile ``int main() { output(<sum>); ... }`` into instructions, as clang would.

    A sum is decimal integers joined by ``+`` and ``-``, evaluated left to right on the
    stack: ``output(3 + 5);`` becomes ``i32.const 3, i32.const 5, i32.add, output``. Anything
    else is a WasmError: this is the film's example, not a C compiler.
    """
    main = _MAIN.fullmatch(source)
    if main is None:
        raise WasmError("expected one function: int main() { ... }")
    compiled: list[Compiled] = []
    *statements, rest = main["body"].split(";")
    offset = main.start("body")
    for statement in statements:
        match = _STATEMENT.fullmatch(statement.strip())
        if match is None:
            raise WasmError(f"unsupported statement {statement.strip()!r}: only output(<sum>);")
        at = offset + statement.index(match[0])  # where the statement starts in the source
        compiled.extend(_compile_sum(match["sum"], at + match.start("sum")))
        compiled.append(Compiled(Instruction("output"), at, at + len("output")))
        offset += len(statement) + 1
    if rest.strip():
        raise WasmError(f"unsupported code {rest.strip()!r}: statements end with ';'")
    return tuple(compiled)


def _compile_sum(text: str, offset: int) -> list[Compiled]:
    """The instructions of one sum, ``text``, found at ``offset`` in the source."""
    compiled: list[Compiled] = []
    at = 0
    while at < len(text):
        term = _TERM.match(text, at)
        if term is None or bool(term["op"]) != bool(compiled):  # an operator between numbers
            raise WasmError(f"cannot compile {text.strip()!r}: expected numbers joined by + or -")
        value = int(term["number"])
        if value > ARG_MAX:
            raise WasmError(f"{value} does not fit in 32 bits")
        number = Compiled(
            Instruction("i32.const", value),
            offset + term.start("number"),
            offset + term.end("number"),
        )
        compiled.append(number)
        if term["op"]:
            operator = offset + term.start("op")
            compiled.append(Compiled(Instruction(_C_OPS[term["op"]]), operator, operator + 1))
        at = term.end()
    if not compiled:
        raise WasmError("output() needs a value")
    return compiled


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
