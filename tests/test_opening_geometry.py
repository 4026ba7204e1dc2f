"""The opening chapters' pictures, read from their mobjects' coordinates (built, never
rendered): what the narration says lies where, lies there; what the camera frames fits its
view, and nothing is cut by the view's edge."""

from __future__ import annotations

import numpy as np
import pytest
from manim import SurroundingRectangle, config

from scenes import drawing, style
from scenes.carry_over import Comparison, Machine, ToolLoop
from scenes.ch02_tool_use import Packets
from scenes.ch03_key_idea import CompilePath, ComputerInside
from scenes.compute.folding import fold_constants, instruction_kinds
from scenes.compute.framing import fit_view_under, view_box
from scenes.compute.source import SUBSET_OPCODES
from scenes.compute.wasm import ADD_3_5, ADD_3_5_C, compile_c, instruction_text, run
from scenes.framing import view_box_of

ASPECT = config.frame_width / config.frame_height


def box(mobject) -> tuple[float, float, float, float]:
    return view_box_of(mobject)


def inside(outer, inner, tolerance: float = 1e-3) -> bool:
    return (
        outer[0] <= inner[0] + tolerance
        and outer[1] <= inner[1] + tolerance
        and inner[2] <= outer[2] + tolerance
        and inner[3] <= outer[3] + tolerance
    )


def disjoint(a, b) -> bool:
    return a[2] < b[0] or b[2] < a[0] or a[3] < b[1] or b[3] < a[1]


def safe_area() -> tuple[float, float, float, float]:
    return (-drawing.safe_right(), -drawing.safe_top(), drawing.safe_right(), drawing.safe_top())


@pytest.fixture(scope="module")
def path() -> CompilePath:
    return CompilePath(list(compile_c(ADD_3_5_C)))


def test_the_optimised_listing_is_the_folded_program_and_is_set_aside_clear_of_it(path):
    folded = fold_constants(path.program)
    shown = [line.text for line in path.folded[: len(folded)]]
    assert shown == [instruction_text(i) for i in folded]
    # in the WebAssembly's place at first, then aside in the prompt's column, clear of both
    assert np.isclose(box(path.folded)[0], box(path.wasm)[0])
    assert disjoint(box(path.aside), box(path.wasm))
    assert disjoint(box(path.aside), box(path.unoptimised))
    assert box(path.aside)[0] >= box(path.prompt)[0] - 1e-6


def test_the_instruction_set_has_a_chip_per_kind_and_lights_the_programs_kinds(path):
    assert len(path.kinds.chips) == SUBSET_OPCODES
    assert len(path.kinds.used) == len(instruction_kinds(path.program))
    assert disjoint(box(path.kinds), box(path.aside))
    assert disjoint(box(path.kinds), box(path.unoptimised))
    assert inside(safe_area(), box(path.kinds))


def test_the_suggestion_runs_from_the_model_to_the_interpreter_inside_the_box() -> None:
    computer = ComputerInside(ToolLoop())
    start, end = computer.suggests.get_start(), computer.suggests.get_end()
    assert computer.model_name.get_right()[0] <= start[0] < end[0]
    assert end[0] <= computer.interpreter.get_left()[0]
    assert inside(box(computer.box), box(computer.suggests))


def test_the_decoding_loop_runs_under_the_model_and_above_its_reasons() -> None:
    computer = ComputerInside(ToolLoop())
    loop = box(computer.decoding)
    assert loop[3] < computer.box.get_bottom()[1]
    assert computer.gains.get_top()[1] < loop[1]
    assert inside(safe_area(), box(computer.gains))


def test_the_machine_fits_the_title_safe_area() -> None:
    program = [c.instruction for c in compile_c(ADD_3_5_C)]
    machine = Machine(program, run(program).steps)
    assert inside(safe_area(), box(machine.model))


def test_the_commit_legend_fits_the_safe_area_clear_of_the_trace() -> None:
    layout = Comparison(run(ADD_3_5))
    assert inside(safe_area(), box(layout.legend))
    assert box(layout.trace)[2] < box(layout.legend)[0]


def test_the_close_view_of_the_trace_holds_it_and_cuts_nothing() -> None:
    """Chapter 4's camera on the first step: every part of the picture on stage then is
    wholly inside the view's safe area or wholly out of view."""
    layout = Comparison(run(ADD_3_5))
    framed = (layout.prompt_label, layout.program, layout.trace_label, layout.trace[0])
    centre, width = fit_view_under(
        view_box_of(*framed), layout.model_title.get_bottom()[1], ASPECT, style.SAFE_FRACTION
    )
    view = view_box(centre, width, ASPECT)
    safe = view_box(centre, width, ASPECT, style.SAFE_FRACTION)
    assert inside(safe, view_box_of(*framed))
    # the first instruction's frame, around its row, is in view whole
    assert inside(safe, view_box_of(SurroundingRectangle(layout.program[0], buff=0.06)))
    on_stage = [  # while the first step is written: its row alone of the trace
        layout.heading, *layout.tool_line, layout.sends, layout.returns, layout.divider,
        layout.model_title, layout.prompt_label, *layout.program, layout.open_brace,
        layout.close_brace, *layout.stack, layout.trace_label, layout.trace[0],
    ]  # fmt: skip
    for part in on_stage:
        seen = box(part)
        assert disjoint(view, seen) or inside(safe, seen), part


def test_the_packets_start_between_the_boxes_on_their_arrows() -> None:
    loop = ToolLoop()
    packets = Packets(loop, "print(3+5)", "8")
    between = (loop.llm.get_right()[0], loop.interpreter.get_left()[0])
    for packet, arrow in ((packets.code, loop.sends), (packets.result, loop.returns)):
        assert between[0] < packet.get_left()[0] < packet.get_right()[0] < between[1]
        assert np.isclose(packet.get_y(), arrow.get_y())
