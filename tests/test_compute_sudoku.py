"""The solver on Inkala's puzzle: unique and correct; bad puzzles fail clearly."""

from __future__ import annotations

import pytest

from scenes.compute.sudoku import (
    INKALA,
    count_solutions,
    fill_order,
    format_grid,
    is_complete_solution,
    parse,
    solve,
)


def test_inkala_has_21_clues() -> None:
    grid = parse(INKALA)
    assert sum(d != 0 for row in grid for d in row) == 21


def test_inkala_solution() -> None:
    puzzle = parse(INKALA)
    solution = solve(puzzle)
    assert is_complete_solution(solution)
    assert "".join(map(str, solution[0])) == "812753649"
    for r in range(9):
        for c in range(9):
            if puzzle[r][c]:
                assert solution[r][c] == puzzle[r][c]
    assert count_solutions(puzzle) == 1


def test_parse_and_format_round_trip() -> None:
    grid = parse(INKALA)
    assert parse(format_grid(grid)) == grid
    assert format_grid(grid).splitlines()[0] == "8........"


def test_parse_errors() -> None:
    with pytest.raises(ValueError, match="81 cells, got 80"):
        parse(INKALA[:-1])
    with pytest.raises(ValueError, match="bad character 'x' at row 1, column 2"):
        parse("8x" + INKALA[2:])


def test_conflicting_clues_raise() -> None:
    clash = "88" + INKALA[2:]  # two 8s in the first row
    with pytest.raises(ValueError, match="repeats"):
        solve(parse(clash))


def test_unsolvable_puzzle_raises() -> None:
    # Row 1 needs a 9 in its last cell, but column 9 already has one; no clue clashes.
    cells = ["."] * 81
    cells[:8] = list("12345678")
    cells[4 * 9 + 8] = "9"
    puzzle = parse("".join(cells))
    assert count_solutions(puzzle) == 0
    with pytest.raises(ValueError, match="no solution"):
        solve(puzzle)


def test_count_solutions_stops_at_the_limit() -> None:
    empty = parse("." * 81)
    assert count_solutions(empty, limit=2) == 2
    assert is_complete_solution(solve(empty))
    assert not is_complete_solution(empty)


def test_fill_order_reveals_every_empty_cell_once() -> None:
    puzzle = parse(INKALA)
    solution = solve(puzzle)
    order = fill_order(puzzle, solution)
    empty = {(r, c) for r in range(9) for c in range(9) if not puzzle[r][c]}
    assert len(order) == len(empty) == 60
    assert {(r, c) for r, c, _ in order} == empty
    assert all(solution[r][c] == d for r, c, d in order)


def test_fill_order_rejects_a_solution_that_changes_a_clue() -> None:
    puzzle = parse(INKALA)
    solution = solve(puzzle)
    changed = parse("1" + "." * 80)
    with pytest.raises(ValueError, match="changes the clue 1"):
        fill_order(changed, solution)
    with pytest.raises(ValueError, match="not a complete"):
        fill_order(puzzle, puzzle)
