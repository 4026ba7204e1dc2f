"""The film's colours, by what they mean on screen: a viewer learns each meaning once.

Every text colour keeps a WCAG contrast of at least 4.5:1 against BACKGROUND. Chapters ask for
a role (``palette.ACCENT``), never a hex string or one of Manim's named colours. No Manim
here: the watch page and the thumbnail read the same table.

| role       | colour | on screen it means                                              |
|------------|--------|-----------------------------------------------------------------|
| BACKGROUND | ink    | the ground everything is drawn on                               |
| SURFACE    | slate  | cards and panels, one step above the ground                     |
| TEXT       | white  | prose, values, code                                             |
| MUTED      | grey   | axes, dividers, secondary labels                                |
| ACCENT     | cyan   | the model and its keys; headings                                |
| SECONDARY  | purple | the hull and its fast path; numbering                           |
| POSITIVE   | green  | what works: in-model execution, a correct result                |
| WARNING    | orange | what costs or fails: the full scan's cost, the tool round trip  |
| HIGHLIGHT  | gold   | the answer: the trace the model writes, the winning key         |
| QUERY      | pink   | the query and what it asks: its arrow, its line, its numbers    |
"""

from __future__ import annotations

BACKGROUND = "#0f0f1a"
SURFACE = "#1a1a2c"
TEXT = "#e6e6ef"
MUTED = "#a3a3ba"  # 7.7:1 (the seed's #666677 was 3.4:1)
ACCENT = "#4fc3f7"
SECONDARY = "#ce93d8"
POSITIVE = "#81c784"
WARNING = "#ff8a65"
HIGHLIGHT = "#ffd54f"
QUERY = "#f06292"
ROLES = (
    "BACKGROUND", "SURFACE", "TEXT", "MUTED", "ACCENT", "SECONDARY", "POSITIVE", "WARNING",
    "HIGHLIGHT", "QUERY",
)  # fmt: skip


def palette() -> dict[str, str]:
    """Every colour role and its colour, as this module has them now (read at call time, so a
    test that patches a role sees it everywhere)."""
    return {role: globals()[role] for role in ROLES}
