"""Rendering the chapters that changed. Each renders in its own ``python -m manim`` process
(manim's config is a global singleton), several at a time, longest first, each process in a
session of its own so that only this build decides when it stops: when the build is
interrupted, no new process starts and every running one is stopped.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor, wait
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.plan import (
    Job,
    Quality,
    chapter_media_dir,
    clip_identity,
    record_path,
    render_order,
    write_record,
)
from pipeline.progress import LiveDisplay, PlainDisplay
from pipeline.storyboard import save_key_frame
from scenes.chapters import Chapter

ANIMATION_PROGRESS = re.compile(r"Animation (\d+):.*?(\d+)%")


def manim_command(chapter: Chapter, quality: Quality, media_dir: Path) -> list[str]:
    return [
        sys.executable, "-m", "manim", "render",
        "-q", quality.flag,
        "--media_dir", str(chapter_media_dir(media_dir, chapter)),
        "--disable_caching",
        "--progress_bar", "display",
        "-v", "WARNING",
        chapter.path, chapter.scene,
    ]  # fmt: skip


@dataclass
class Stop:
    """Shared by the workers: once set, no new manim process starts."""

    requested: bool = False
    lock: threading.Lock = field(default_factory=threading.Lock)


def render_job(job: Job, quality: Quality, media_dir: Path, root: Path, stop: Stop) -> None:
    """Render one chapter in its own manim process, recording progress on ``job``."""
    record_path(job.clip).unlink(missing_ok=True)  # an interrupted render is never reused
    job.clip.unlink(missing_ok=True)  # nor is an old clip, if manim writes none
    job.clip.with_suffix(".srt").unlink(missing_ok=True)  # manim writes one only if it has cues
    output: list[str] = []
    with stop.lock:
        if stop.requested:
            job.state, job.error = "failed", "interrupted"
            return
        job.state, job.started = "rendering", time.monotonic()
        process = subprocess.Popen(
            manim_command(job.chapter, quality, media_dir),
            cwd=root,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            # Its own session: a Ctrl-C at the terminal reaches only this build, which then
            # stops the children itself (stop_processes), in order.
            start_new_session=True,
        )
        job.process = process
    assert process.stdout is not None
    highest = -1
    for chunk in iter(lambda: process.stdout.read1(4096), b""):
        text = chunk.decode(errors="replace")
        output.append(text)
        for match in ANIMATION_PROGRESS.finditer(text):
            job.animation, job.fraction = int(match[1]), int(match[2]) / 100
            highest = max(highest, job.animation)
    returncode = process.wait()
    job.seconds = time.monotonic() - job.started
    if stop.requested:
        job.state, job.error = "failed", "interrupted"
        return
    if returncode != 0 or not job.clip.exists():
        lines = [
            line
            for line in "".join(output).replace("\r", "\n").splitlines()
            if line.strip() and not ANIMATION_PROGRESS.search(line)
        ]
        job.state = "failed"
        job.error = "\n".join(lines[-25:]) or f"manim exited {returncode} and wrote no clip"
        return
    save_key_frame(job.clip)
    record = {
        "fingerprint": job.fingerprint,
        "clip": clip_identity(job.clip),
        "seconds": round(job.seconds, 2),
        "animations": highest + 1,
    }
    write_record(job.clip, record)
    job.state = "done"


def signal_group(process: subprocess.Popen, signum: int) -> None:
    """Send ``signum`` to the process's group (manim and anything it started); to the process
    alone if it has not made its group yet (just started, before its setsid)."""
    try:
        os.killpg(process.pid, signum)
    except ProcessLookupError:
        with suppress(ProcessLookupError):
            process.send_signal(signum)


def stop_processes(jobs: list[Job], grace: float = 3.0) -> None:
    """Stop every running manim process: politely, then for good."""
    running = [j.process for j in jobs if j.process and j.process.poll() is None]
    for process in running:
        signal_group(process, signal.SIGTERM)
    deadline = time.monotonic() + grace
    for process in running:
        try:
            process.wait(timeout=max(0.0, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            signal_group(process, signal.SIGKILL)
            process.wait()


def run_jobs(
    jobs: list[Job], quality: Quality, media_dir: Path, workers: int, root: Path, live: bool
) -> None:
    """Render the jobs that need it, ``workers`` at a time, longest first, showing progress.

    However this ends (done, Ctrl-C, SIGTERM as ``pipeline.cli`` turns it into a
    ``KeyboardInterrupt``, or any error), no manim process outlives it: the running ones are
    stopped, the queued ones never start and are marked interrupted, and the error is raised
    again.
    """
    pending = render_order(jobs)
    for job in jobs:
        if not job.reason:
            job.state = "reused"
    stop = Stop()
    display = LiveDisplay(jobs, quality) if live else PlainDisplay(jobs, quality)
    pool = ThreadPoolExecutor(max_workers=max(1, workers))
    try:
        futures: list[Future] = [
            pool.submit(render_job, job, quality, media_dir, root, stop) for job in pending
        ]
        with display:
            while futures and not all(f.done() for f in futures):
                wait(futures, timeout=0.25)
                display.refresh()
            for future in futures:
                future.result()  # re-raise a bug in render_job itself
    finally:
        with stop.lock:  # no worker starts a process after this
            stop.requested = True
        pool.shutdown(wait=False, cancel_futures=True)
        stop_processes(pending)
        pool.shutdown(wait=True)
        for job in pending:
            if job.state in ("queued", "rendering"):
                job.state, job.error = "failed", "interrupted"
