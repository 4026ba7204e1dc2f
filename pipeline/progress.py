"""Showing a build as it goes: a live table of every chapter on a terminal, plain lines
otherwise (logs, CI), and the summary table printed at the end. Displays only read the jobs
the workers update; they never change them.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from pipeline.plan import Job, Quality

if TYPE_CHECKING:
    from rich.table import Table


class PlainDisplay:
    """One line per chapter as it starts and finishes: for logs and CI."""

    def __init__(self, jobs: list[Job], quality: Quality) -> None:
        self.jobs, self.quality = jobs, quality
        self.reported: set[object] = set()

    def __enter__(self) -> PlainDisplay:
        todo = sum(1 for j in self.jobs if j.reason)
        print(
            f"Building {len(self.jobs)} chapter(s) at {self.quality.label}: "
            f"{todo} to render, {len(self.jobs) - todo} reused.",
            flush=True,
        )
        return self

    def refresh(self) -> None:
        for job in self.jobs:
            if job.state == "rendering" and (job.chapter, "start") not in self.reported:
                self.reported.add((job.chapter, "start"))
                print(f"  {job.chapter.module:<26} rendering ...", flush=True)
            if job.state in ("done", "failed") and job.chapter not in self.reported:
                self.reported.add(job.chapter)
                print(f"  {job.chapter.module:<26} {job.state} in {job.seconds:5.1f} s", flush=True)

    def __exit__(self, *exc: object) -> bool:
        self.refresh()
        return False


class LiveDisplay(PlainDisplay):
    """A table of every chapter's state, redrawn in place on a terminal."""

    def __enter__(self) -> LiveDisplay:
        from rich.live import Live  # rich comes with manim

        self.live = Live(self.table(), refresh_per_second=4, transient=True)
        self.live.__enter__()
        return self

    def refresh(self) -> None:
        self.live.update(self.table())

    def __exit__(self, *exc: object) -> bool:
        return bool(self.live.__exit__(*exc))

    def table(self) -> Table:
        from rich.table import Table

        table = Table(title=f"Rendering at {self.quality.label}", title_justify="left")
        for column in ("#", "chapter", "state", "progress", "seconds"):
            table.add_column(column)
        now = time.monotonic()
        for job in self.jobs:
            seconds = now - job.started if job.state == "rendering" else job.seconds
            table.add_row(
                str(job.chapter.number), job.chapter.module, job.state, job.progress,
                f"{seconds:.1f}" if job.state in ("rendering", "done", "failed") else "",
            )  # fmt: skip
        return table


def summary(jobs: list[Job]) -> str:
    """The closing table: chapter, status (rendered, reused, failed), seconds."""
    status = {"done": "rendered", "reused": "reused"}
    rows = [("#", "chapter", "status", "seconds")] + [
        (
            str(job.chapter.number),
            job.chapter.module,
            status.get(job.state, job.state),
            "" if job.state == "reused" else f"{job.seconds:.1f}",
        )
        for job in jobs
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = ("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) for row in rows)
    return "\n".join(line.rstrip() for line in lines)
