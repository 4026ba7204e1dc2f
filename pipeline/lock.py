"""One build at a time per build folder.

Two builds writing the same clips or the same video break each other: one reads a clip the
other is still writing, or overwrites what the other just made. So a build takes an
exclusive lock (``flock``) on each folder it writes (its clips' folder and its video's), and
a second build on the same folders waits, saying whose build it waits for, as cargo does.
The operating system drops a lock when its process ends, however it ends, so a killed build
never leaves a stale lock behind.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

LOCK_NAME = ".render.lock"


def lock_path(folder: Path) -> Path:
    return folder / LOCK_NAME


def holder(path: Path) -> str:
    """The pid written in a lock file by the build holding it ("unknown" if not yet)."""
    try:
        return path.read_text().strip() or "unknown"
    except OSError:
        return "unknown"


def shown(folder: Path) -> str:
    """A folder as a user typed it: relative to the working directory where it can be."""
    try:
        return f"{folder.relative_to(Path.cwd())}/"
    except ValueError:
        return f"{folder}/"


@contextmanager
def build_lock(folders: Iterable[Path], announce: Callable[[str], None] = print) -> Iterator[None]:
    """Hold the build lock of every folder in ``folders`` (created if missing) for the block.

    A folder another build holds is waited for, once ``announce``-d; the locks are always
    taken in the same order, so two builds never wait for each other.
    """
    with ExitStack() as held:
        for folder in sorted({Path(f).resolve() for f in folders}):
            folder.mkdir(parents=True, exist_ok=True)
            path = lock_path(folder)
            file = held.enter_context(path.open("a+"))
            try:
                fcntl.flock(file, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                announce(f"Waiting for the build in {shown(folder)} (pid {holder(path)}) to finish")
                fcntl.flock(file, fcntl.LOCK_EX)
            file.seek(0)
            file.truncate()
            file.write(f"{os.getpid()}\n")
            file.flush()
        yield
