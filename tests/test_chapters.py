"""The chapter list is the one source of truth, and each chapter module holds its one Scene.
(That every chapter runs is checked in test_film.py, on its one dry run.)"""

from __future__ import annotations

import importlib
import inspect
import re
from pathlib import Path

import pytest
from manim import Scene

from scenes.chapters import CHAPTERS, find_chapter
from scenes.stage import ChapterScene

ROOT = Path(__file__).resolve().parent.parent


def test_chapters_are_numbered_in_order_and_named_for_it():
    assert [c.number for c in CHAPTERS] == list(range(1, len(CHAPTERS) + 1))
    for chapter in CHAPTERS:
        assert chapter.module.startswith(f"ch{chapter.number:02d}_"), chapter
        assert (ROOT / chapter.path).is_file(), chapter.path


def test_every_scene_module_is_a_listed_chapter():
    listed = {c.module for c in CHAPTERS}
    on_disk = {p.stem for p in (ROOT / "scenes").glob("ch[0-9][0-9]_*.py")}
    assert on_disk == listed


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda c: c.scene)
def test_each_module_holds_exactly_its_one_chapter_scene(chapter):
    module = importlib.import_module(chapter.import_name)
    scenes = [
        obj
        for obj in vars(module).values()
        if inspect.isclass(obj) and issubclass(obj, Scene) and obj.__module__ == module.__name__
    ]
    assert [s.__name__ for s in scenes] == [chapter.scene]
    assert issubclass(scenes[0], ChapterScene)


def test_find_chapter_by_class_or_module_name():
    assert find_chapter("HullHeads").module == "ch07_hull_heads"
    assert find_chapter("ch07_hull_heads").scene == "HullHeads"
    assert find_chapter("intro").scene == "Intro"
    with pytest.raises(KeyError, match=r"unknown chapter 'Nope'.*Intro \(ch01_intro\)"):
        find_chapter("Nope")


def test_readme_chapter_table_matches_the_chapter_list():
    readme = (ROOT / "README.md").read_text()
    rows = re.findall(r"^\| (\d+) \| `([\w/.]+)` \| `(\w+)` \| (.+?) \|$", readme, re.MULTILINE)
    assert rows == [(str(c.number), c.path, c.scene, c.title) for c in CHAPTERS]


def test_chapter_4_shows_the_articles_program_and_trace_token_for_token():
    from scenes.carry_over import program_lines
    from scenes.compute.wasm import ADD_3_5, run

    program = " ".join(program_lines())
    assert program == (
        "{ i32.const 03 00 00 00 i32.const 05 00 00 00 i32.add 00 00 00 00 output 00 00 00 00 }"
    )
    trace = [" ".join(step.tokens) for step in run(ADD_3_5).steps]
    assert trace == [
        "03 00 00 00 commit(+1,sts=1,bt=0)",
        "05 00 00 00 commit(+1,sts=1,bt=0)",
        "08 00 00 00 commit(-1,sts=1,bt=0)",
        "out(08)",
        "halt",
    ]
