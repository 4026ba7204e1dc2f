"""The solvers on Inkala's puzzle: unique and correct, wave by wave; the slip; bad puzzles
fail clearly."""

from __future__ import annotations

import pytest

from scenes.compute.sudoku import (
    INKALA,
    count_solutions,
    fill_order,
    is_complete_solution,
    parse,
    replay,
    solve,
    solve_in_waves,
    typical_slip,
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


def test_parse_reads_rows_of_nine_with_dots_for_empty_cells() -> None:
    grid = parse(INKALA)
    assert grid[0] == (8, 0, 0, 0, 0, 0, 0, 0, 0)
    assert sum(cell != 0 for row in grid for cell in row) == 21


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


def empty_cells(puzzle) -> set[tuple[int, int]]:
    return {(r, c) for r in range(9) for c in range(9) if not puzzle[r][c]}


def candidates(grid, r: int, c: int) -> set[int]:
    """Digits cell (r, c) of ``grid`` could still take."""
    top, left = r // 3 * 3, c // 3 * 3
    box = {grid[i][j] for i in range(top, top + 3) for j in range(left, left + 3)}
    return set(range(1, 10)) - set(grid[r]) - {grid[i][c] for i in range(9)} - box


def test_waves_partition_exactly_the_empty_cells() -> None:
    puzzle = parse(INKALA)
    cells = [(r, c) for wave in solve_in_waves(puzzle) for r, c, _ in wave.cells]
    assert len(cells) == len(set(cells)) == 60
    assert set(cells) == empty_cells(puzzle)


def test_waves_replay_to_the_unique_solution() -> None:
    puzzle = parse(INKALA)
    waves = solve_in_waves(puzzle)
    assert count_solutions(puzzle) == 1
    assert replay(puzzle, fill_order(puzzle)) == solve(puzzle)
    assert fill_order(puzzle) == [cell for wave in waves for cell in wave.cells]


def test_each_wave_is_one_choice_and_what_it_forces() -> None:
    puzzle = parse(INKALA)
    waves = solve_in_waves(puzzle)
    # the hardest: nothing is forced at the start, so the first wave is a choice
    assert waves[0].choice is not None and waves[0].depth == 1
    assert [w.depth for w in waves] == list(range(1, len(waves) + 1))
    grid = puzzle
    for wave in waves:
        counts = {(i, j): len(candidates(grid, i, j)) for i, j in sorted(empty_cells(grid))}
        fewest = min(counts, key=counts.get)  # the first such cell in reading order
        assert wave.choice[:2] == fewest and counts[fewest] > 1  # a real choice
        grid = replay(grid, [wave.choice])
        for round_ in wave.forced:
            assert round_, "a round fixes at least one cell"
            for i, j, digit in round_:  # each had one candidate left when the round began
                assert candidates(grid, i, j) == {digit}
            grid = replay(grid, list(round_))
    assert is_complete_solution(grid)


def test_a_puzzle_solved_by_propagation_alone_is_one_wave_without_a_choice() -> None:
    solution = solve(parse(INKALA))
    rows = [list(row) for row in solution]
    for r, c in ((0, 0), (4, 4), (8, 8), (2, 7)):
        rows[r][c] = 0
    puzzle = tuple(tuple(row) for row in rows)
    (wave,) = solve_in_waves(puzzle)
    assert wave.choice is None and wave.depth == 0
    assert replay(puzzle, list(wave.cells)) == solution


def test_waves_of_an_unsolvable_puzzle_raise() -> None:
    cells = ["."] * 81
    cells[:8] = list("12345678")
    cells[4 * 9 + 8] = "9"
    with pytest.raises(ValueError, match="no solution"):
        solve_in_waves(parse("".join(cells)))
    with pytest.raises(ValueError, match="repeats"):
        solve_in_waves(parse("88" + INKALA[2:]))


def test_replay_rejects_a_filled_cell_and_a_clash() -> None:
    puzzle = parse(INKALA)
    with pytest.raises(ValueError, match="row 1, column 1 is not empty"):
        replay(puzzle, [(0, 0, 8)])
    with pytest.raises(ValueError, match="repeats"):
        replay(puzzle, [(0, 1, 8)])


def test_the_slip_fits_its_row_and_breaks_its_column() -> None:
    puzzle = parse(INKALA)
    slip = typical_slip(puzzle)
    solution = solve(puzzle)
    # the guesses break no rule, in reading order, from the first empty cell
    grid = replay(puzzle, list(slip.guesses))
    assert slip.guesses[0][:2] == min(empty_cells(puzzle))
    r, c, digit = slip.slip
    assert digit not in grid[r]  # it fits its row...
    pr, pc = slip.peer
    assert slip.unit == "column" and pc == c and puzzle[pr][pc] == digit  # ...not its column
    assert solution[r][c] != digit
    with pytest.raises(ValueError, match="repeats"):
        replay(grid, [slip.slip])
    # on Inkala's puzzle: 1 and 2 are right, then a 3, then a 4 under which a 4 already sits
    assert [d for _, _, d in slip.guesses] == [1, 2, 3]
    assert slip.slip == (0, 4, 4) and slip.peer == (4, 4)


def test_a_grid_that_never_slips_raises() -> None:
    solution = solve(parse(INKALA))
    rows = [list(row) for row in solution]
    rows[0][0] = 0  # the row's only missing digit is the right one
    with pytest.raises(ValueError, match="no slip"):
        typical_slip(tuple(tuple(row) for row in rows))
