"""Sudoku: Arto Inkala's "hardest" puzzle, solvers, the search's waves and a typical slip.

``solve`` and ``count_solutions`` are a plain backtracking search. ``solve_in_waves`` is a
second, independent search that also fills every forced cell (one digit left) before it
chooses: the cells it fixes on its way to the solution, one wave per depth of the search,
are what the video shows filling in. ``typical_slip`` is the illustration the film opens
on: guesses that fit their row, until one repeats a digit in its column or box. The model in
the article runs a compiled solver of its own, which this module does not imitate.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

INKALA = "8........ ..36..... .7..9.2.. .5...7... ....457.. ...1...3. ..1....68 ..85...1. .9....4.."

Grid = tuple[tuple[int, ...], ...]  # 9 rows of 9 digits, 0 = empty
Cell = tuple[int, int, int]  # (row, column, digit); rows and columns count from 0

ALL_DIGITS = 0b11_1111_1110  # bit d set for d = 1..9
_ROW = [k // 9 for k in range(81)]
_COL = [k % 9 for k in range(81)]
_BOX = [(k // 27) * 3 + (k % 9) // 3 for k in range(81)]


def parse(text: str) -> Grid:
    """Read 81 cells row by row: digits 1-9, and '.' or '0' for empty; whitespace is ignored."""
    chars = [c for c in text if not c.isspace()]
    if len(chars) != 81:
        raise ValueError(f"a Sudoku has 81 cells, got {len(chars)}")
    cells = []
    for k, c in enumerate(chars):
        if c in ".0":
            cells.append(0)
        elif c in "123456789":
            cells.append(int(c))
        else:
            raise ValueError(
                f"bad character {c!r} at row {_ROW[k] + 1}, column {_COL[k] + 1}; "
                "use 1-9, or '.' for an empty cell"
            )
    return tuple(tuple(cells[r * 9 : r * 9 + 9]) for r in range(9))


def _check_shape(grid: Grid) -> None:
    if len(grid) != 9 or any(len(row) != 9 for row in grid):
        raise ValueError("a Sudoku grid must be 9 rows of 9 cells")
    for r, row in enumerate(grid):
        for c, d in enumerate(row):
            if d not in range(10):
                raise ValueError(f"cell at row {r + 1}, column {c + 1} holds {d!r}, not 0-9")


def _flatten(grid: Grid) -> list[int]:
    _check_shape(grid)
    return [d for row in grid for d in row]


def _unflatten(cells: list[int]) -> Grid:
    return tuple(tuple(cells[r * 9 : r * 9 + 9]) for r in range(9))


def _masks(cells: list[int]) -> tuple[list[int], list[int], list[int]]:
    """Digits used in each row, column and box, as bitmasks; ValueError if clues clash."""
    rows, cols, boxes = [0] * 9, [0] * 9, [0] * 9
    for k, d in enumerate(cells):
        if d:
            bit = 1 << d
            r, c, b = _ROW[k], _COL[k], _BOX[k]
            if (rows[r] | cols[c] | boxes[b]) & bit:
                raise ValueError(
                    f"clue {d} at row {r + 1}, column {c + 1} repeats in its row, column or box"
                )
            rows[r] |= bit
            cols[c] |= bit
            boxes[b] |= bit
    return rows, cols, boxes


def _candidates(k: int, rows: list[int], cols: list[int], boxes: list[int]) -> int:
    """Bitmask of the digits still allowed in cell k."""
    return ALL_DIGITS & ~(rows[_ROW[k]] | cols[_COL[k]] | boxes[_BOX[k]])


def _solutions(grid: Grid) -> Iterator[list[int]]:
    """Every solution, by backtracking on the empty cell with the fewest candidates."""
    cells = _flatten(grid)
    rows, cols, boxes = _masks(cells)

    def search() -> Iterator[list[int]]:
        best, best_options, best_count = -1, 0, 10
        for k in range(81):
            if cells[k]:
                continue
            options = _candidates(k, rows, cols, boxes)
            count = options.bit_count()
            if count < best_count:
                best, best_options, best_count = k, options, count
                if count <= 1:
                    break
        if best < 0:
            yield list(cells)
            return
        r, c, b = _ROW[best], _COL[best], _BOX[best]
        while best_options:
            bit = best_options & -best_options
            best_options ^= bit
            cells[best] = bit.bit_length() - 1
            rows[r] |= bit
            cols[c] |= bit
            boxes[b] |= bit
            yield from search()
            rows[r] ^= bit
            cols[c] ^= bit
            boxes[b] ^= bit
        cells[best] = 0

    yield from search()


def solve(grid: Grid) -> Grid:
    """The first solution found; ValueError if the clues clash or there is no solution."""
    for solution in _solutions(grid):
        return _unflatten(solution)
    raise ValueError("this Sudoku has no solution")


def count_solutions(grid: Grid, limit: int = 2) -> int:
    """Number of solutions, counting no further than ``limit`` (2 tells unique from not)."""
    if limit < 1:
        raise ValueError(f"limit must be at least 1, got {limit}")
    count = 0
    for _ in _solutions(grid):
        count += 1
        if count >= limit:
            break
    return count


def is_complete_solution(grid: Grid) -> bool:
    """True if every row, column and box holds the digits 1-9 exactly once."""
    cells = _flatten(grid)
    if 0 in cells:
        return False
    try:
        _masks(cells)
    except ValueError:
        return False
    return True




# --- The search, wave by wave ----------------------------------------------------------------
@dataclass(frozen=True)
class Wave:
    """What the search fixes at one depth on its way to the solution.

    ``choice`` is the cell it chose (the empty cell with the fewest candidates, first in
    reading order) and the digit that led to the solution; ``None`` before the first choice.
    ``forced`` holds the rounds of propagation that followed: in each round, every empty cell
    with exactly one candidate left gets it, all at once.
    """

    depth: int
    choice: Cell | None
    forced: tuple[tuple[Cell, ...], ...]

    @property
    def cells(self) -> tuple[Cell, ...]:
        """The wave's cells in the order they were fixed: the choice, then round by round."""
        chosen = (self.choice,) if self.choice else ()
        return chosen + tuple(cell for round_ in self.forced for cell in round_)


def _propagate(cells: list[int]) -> list[tuple[Cell, ...]] | None:
    """Fill forced cells in place, round by round; None if a cell is left with no digit.

    Returns the rounds (cells fixed together). Two cells of one row, column or box forced to
    the same digit in one round also mean a dead end.
    """
    rounds: list[tuple[Cell, ...]] = []
    while True:
        try:
            rows, cols, boxes = _masks(cells)
        except ValueError:
            return None
        fixed = []
        for k in range(81):
            if cells[k]:
                continue
            options = _candidates(k, rows, cols, boxes)
            if not options:
                return None
            if options.bit_count() == 1:
                fixed.append(k)
                cells[k] = options.bit_length() - 1
        if not fixed:
            return rounds
        rounds.append(tuple((_ROW[k], _COL[k], cells[k]) for k in fixed))


@cache
def solve_in_waves(puzzle: Grid) -> tuple[Wave, ...]:
    """The waves of a depth-first search with propagation, along the branch that solves.

    At each depth the search fills the forced cells, then tries each candidate of the empty
    cell with the fewest (smallest digit first) and goes one level deeper. Waves that fix no
    cell (a puzzle with nothing forced at the start) are left out. ValueError if the clues
    clash or there is no solution.
    """
    start = _flatten(puzzle)
    _masks(start)  # clashing clues raise here

    def search(cells: list[int], depth: int, choice: Cell | None) -> list[Wave] | None:
        rounds = _propagate(cells)
        if rounds is None:
            return None
        wave = Wave(depth, choice, tuple(rounds))
        empty = [k for k in range(81) if not cells[k]]
        if not empty:
            return [wave]
        rows, cols, boxes = _masks(cells)
        k = min(empty, key=lambda k: _candidates(k, rows, cols, boxes).bit_count())
        options = _candidates(k, rows, cols, boxes)
        for digit in range(1, 10):
            if options >> digit & 1:
                trial = list(cells)
                trial[k] = digit
                deeper = search(trial, depth + 1, (_ROW[k], _COL[k], digit))
                if deeper is not None:
                    return [wave, *deeper]
        return None

    waves = search(list(start), 0, None)
    if waves is None:
        raise ValueError("this Sudoku has no solution")
    return tuple(wave for wave in waves if wave.cells)


def fill_order(puzzle: Grid) -> list[Cell]:
    """The empty cells as (row, col, digit), in the order ``solve_in_waves`` fixes them."""
    return [cell for wave in solve_in_waves(puzzle) for cell in wave.cells]


def replay(puzzle: Grid, cells: list[Cell]) -> Grid:
    """``puzzle`` with ``cells`` written in; ValueError if one is not empty or breaks a rule."""
    grid = _flatten(puzzle)
    for r, c, d in cells:
        if grid[r * 9 + c]:
            raise ValueError(f"row {r + 1}, column {c + 1} is not empty")
        grid[r * 9 + c] = d
        _masks(grid)
    return _unflatten(grid)


# --- The slip the film opens on --------------------------------------------------------------
@dataclass(frozen=True)
class Slip:
    """Guesses that fit their row, written in reading order, up to the first that breaks a rule.

    ``guesses`` break no rule; ``slip`` repeats the digit of the clue at ``peer``, which
    shares its ``unit`` ("column" or "box").
    """

    guesses: tuple[Cell, ...]
    slip: Cell
    peer: tuple[int, int]
    unit: str


def typical_slip(puzzle: Grid) -> Slip:
    """Fill empty cells in reading order with the smallest digit their row still lacks.

    A guess that keeps only its row in view: it stops at the first digit that already sits
    in the cell's column or box (checked against the clues and the guesses so far).
    ValueError if no guess ever breaks a rule.
    """
    cells = _flatten(puzzle)
    _masks(cells)
    guesses: list[Cell] = []
    for k in range(81):
        if cells[k]:
            continue
        row = {cells[j] for j in range(81) if _ROW[j] == _ROW[k]}
        digit = min(set(range(1, 10)) - row)
        for unit, same in (("column", _COL), ("box", _BOX)):
            peers = [j for j in range(81) if same[j] == same[k] and cells[j] == digit]
            if peers:
                return Slip(tuple(guesses), (_ROW[k], _COL[k], digit), divmod(peers[0], 9), unit)
        cells[k] = digit
        guesses.append((_ROW[k], _COL[k], digit))
    raise ValueError("every guess fits: this grid shows no slip")
