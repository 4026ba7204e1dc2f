"""Tools that inspect the film without encoding it: the layout check, the visual regression,
the screen-text measure and one dry run that feeds them all (stepping through a chapter is
``scenes.stepping``). Used by the tests and developers, never by the film itself.
"""

from __future__ import annotations

import argparse

from scenes.chapters import CHAPTERS, Chapter, find_chapter


def chapters_argument(parser: argparse.ArgumentParser) -> None:
    """Add a check's positional chapter names (class or module names; none means all)."""
    parser.add_argument("chapters", nargs="*", help="class or module names (default: all)")


def chosen_chapters(parser: argparse.ArgumentParser, names: list[str]) -> list[Chapter]:
    """The chapters named, in the order given, or all; an unknown name is a usage error."""
    try:
        return [find_chapter(name) for name in names] or list(CHAPTERS)
    except KeyError as error:
        parser.error(error.args[0])
