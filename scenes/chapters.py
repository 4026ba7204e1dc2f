"""The chapters of "Can LLMs Be Computers?", in video order.

``CHAPTERS`` is the one source of truth for the order: ``render.py``, the tests and the
README's chapter table all read it. No chapter imports this module, so retitling a chapter
re-renders nothing; importing it does not import Manim.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass


@dataclass(frozen=True)
class Chapter:
    """One chapter: a module in ``scenes/`` holding one Scene class."""

    number: int
    module: str  # module stem in scenes/, e.g. "ch01_intro"
    scene: str  # the Scene class inside it
    title: str  # shown in listings and chapter markers

    @property
    def path(self) -> str:
        """Path of the chapter's file, relative to the project root."""
        return f"scenes/{self.module}.py"

    @property
    def import_name(self) -> str:
        return f"scenes.{self.module}"

    def scene_class(self) -> type:
        """Import the chapter's module (and so Manim) and return its Scene class."""
        return getattr(importlib.import_module(self.import_name), self.scene)


CHAPTERS: tuple[Chapter, ...] = (
    Chapter(1, "ch01_intro", "Intro", "Can LLMs Be Computers?"),
    Chapter(2, "ch02_tool_use", "ToolUse", "Today: tools do the computing"),
    Chapter(3, "ch03_key_idea", "KeyIdea", "A computer inside the transformer"),
    Chapter(4, "ch04_tool_vs_in_model", "ToolVsInModel", "Tool use vs in-model execution"),
    Chapter(5, "ch05_append_only_trace", "AppendOnlyTrace", "The append-only trace"),
    Chapter(6, "ch06_quadratic_cost", "QuadraticCost", "The cost of looking back"),
    Chapter(7, "ch07_hull_heads", "HullHeads", "2D heads and the convex hull"),
    Chapter(8, "ch08_machine_lookup", "MachineLookup", "How the machine finds its operands"),
    Chapter(9, "ch09_feed_forward", "FeedForward", "Inside the weights: decode and add"),
    Chapter(10, "ch10_results", "Results", "Results"),
    Chapter(11, "ch11_recap", "Recap", "Recap"),
)


def find_chapter(name: str) -> Chapter:
    """Look a chapter up by class name or module stem (case-insensitive)."""
    wanted = name.strip().lower()
    for chapter in CHAPTERS:
        if wanted in (chapter.scene.lower(), chapter.module.lower()):
            return chapter
    valid = ", ".join(f"{c.scene} ({c.module})" for c in CHAPTERS)
    raise KeyError(f"unknown chapter {name!r}; valid chapters: {valid}")
