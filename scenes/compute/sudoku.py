"""Sudoku: Arto Inkala's "hardest" puzzle, a bitmask solver, and the order to show its fills.

The video only needs a correct solution and a pleasant order to reveal it; the model in the
article runs a compiled solver of its own, which this module does not imitate.
"""

from __future__ import annotations

from collections.abc import Iterator

INKALA = "8........ ..36..... .7..9.2.. .5...7... ....457.. ...1...3. ..1....68 ..85...1. .9....4.."

Grid = tuple[tuple[int, ...], ...]  # 9 rows of 9 digits, 0 = empty

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


def format_grid(grid: Grid) -> str:
    """Nine lines of nine characters, '.' for empty; ``parse`` reads it back."""
    _check_shape(grid)
    return "\n".join("".join(str(d) if d else "." for d in row) for row in grid)


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


def fill_order(puzzle: Grid, solution: Grid) -> list[tuple[int, int, int]]:
    """The empty cells as (row, col, digit), in the order the video reveals them.

    Most constrained first, as a person (or the solver's heuristic) would: next comes the
    empty cell with the fewest candidates given the cells already shown, ties in row-major
    order. Rows and columns count from 0.
    """
    cells, answer = _flatten(puzzle), _flatten(solution)
    if not is_complete_solution(solution):
        raise ValueError("the solution is not a complete, valid Sudoku grid")
    for k, d in enumerate(cells):
        if d and d != answer[k]:
            raise ValueError(
                f"the solution changes the clue {d} at row {_ROW[k] + 1}, column {_COL[k] + 1}"
            )
    rows, cols, boxes = _masks(cells)
    order: list[tuple[int, int, int]] = []
    empty = [k for k in range(81) if not cells[k]]
    while empty:
        k = min(empty, key=lambda k: _candidates(k, rows, cols, boxes).bit_count())
        empty.remove(k)
        d = answer[k]
        rows[_ROW[k]] |= 1 << d
        cols[_COL[k]] |= 1 << d
        boxes[_BOX[k]] |= 1 << d
        order.append((_ROW[k], _COL[k], d))
    return order
