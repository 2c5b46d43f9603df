"""The headless runs' plumbing: output files written whole or not at all,
ticks run in chunks with a progress bar on a terminal (the CSV and JSON runs
themselves are in ``game.labruns``).

Pure: the standard library and (on a terminal only) tqdm; pygame is
imported by the caller that draws.

A run of many balls (``MANY_BALLS`` or more: a ``--screenshot`` with a long
``--balls`` list) first asks glibc to keep freed blocks
(:func:`game.memory.keep_freed_memory`, as the window does): measured on
Rosenbrock with Adam, 10,000 balls tick in 1.25 instead of 1.9 ms of CPU; at
1,000 balls and below (a race, a trajectory, ``--rates``) it changes nothing,
so those runs leave the C library's settings alone.

An output file is written to a temporary file beside it and renamed into
place only when complete, so a failed or interrupted run never leaves half a
file (nor clobbers the old one). A target that already exists and is not a
regular file (``/dev/null``, ``/dev/stdout``, a pipe) is written directly.
"""
from __future__ import annotations

import contextlib
import os
import secrets
import stat
import sys
import time

from . import memory

MANY_BALLS = 4096       # from here a tick's (2, n) and (2, 2, n) temporaries pass glibc's mmap threshold
PROGRESS_DELAY = 2.0    # seconds a run must last before its bar appears
CHUNK_SECONDS = 0.1     # a progress update about this often
CSV_CHUNK = 1024        # trajectory rows formatted and written at a time


class OutputError(Exception):
    """The output could not be written: its text is the one line the user sees."""


@contextlib.contextmanager
def output_file(path: str, mode: str = "w"):
    """Open ``path`` for writing; on leaving without an error the file is in place.

    >>> import pathlib, tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     with output_file(os.path.join(d, "a.txt")) as out:
    ...         _ = out.write("ok")
    ...     os.listdir(d), pathlib.Path(d, "a.txt").read_text()
    (['a.txt'], 'ok')
    """
    newline = {} if "b" in mode else {"newline": ""}
    try:
        try:
            direct = not stat.S_ISREG(os.stat(path).st_mode)
        except FileNotFoundError:
            direct = False
        # a symlink's target is replaced, not the link (/dev/stdout is written as it is)
        target = path if direct else os.path.realpath(path)
        tmp = None if direct else _create_beside(target)
        if tmp is None:
            handle = open(target, mode, **newline)
        else:
            handle = os.fdopen(tmp[0], mode, **newline)
    except OSError as exc:
        raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from None
    done = False
    try:
        with handle:
            yield handle
        if tmp is not None:
            os.replace(tmp[1], target)
        done = True
    except OSError as exc:
        raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from None
    finally:
        if tmp is not None and not done:
            with contextlib.suppress(OSError):
                os.unlink(tmp[1])


def _create_beside(target: str):
    """A new temporary file in ``target``'s folder: ``(fd, name)``, or None when
    only ``target`` itself is writable there."""
    folder, base = os.path.split(target)
    for _ in range(100):
        name = os.path.join(folder, f".{base}.{secrets.token_hex(4)}.part")
        try:
            # 0o666 under the umask: the same permissions a plain open() gives
            return os.open(name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666), name
        except FileExistsError:
            continue
        except PermissionError:
            if os.path.isfile(target) and os.access(target, os.W_OK):
                return None
            raise
    raise FileExistsError(f"no free temporary name beside {target}")


class _Silent:
    def update(self, n):
        pass


@contextlib.contextmanager
def progress(total: int, what: str):
    """A tqdm bar on stderr when stderr is a terminal and the run lasts more
    than ``PROGRESS_DELAY`` seconds; otherwise nothing at all."""
    isatty = getattr(sys.stderr, "isatty", None)
    if total <= 0 or not (isatty and isatty()):
        yield _Silent()
        return
    from tqdm import tqdm
    with tqdm(total=total, desc=what, unit="tick", unit_scale=True, file=sys.stderr,
              delay=PROGRESS_DELAY, leave=False, dynamic_ncols=True) as bar:
        yield bar


def run_ticks(world, ticks: int, what: str = "ticks") -> None:
    """``world.run(ticks)``, in chunks of about ``CHUNK_SECONDS`` so that a
    progress bar can follow it; freed memory kept for reuse when the world
    holds ``MANY_BALLS`` or more."""
    if world.count >= MANY_BALLS:
        memory.keep_freed_memory()
    done, chunk = 0, 16
    with progress(ticks, what) as bar:
        while done < ticks:
            k = min(chunk, ticks - done)
            t0 = time.perf_counter()
            world.run(k)
            dt = time.perf_counter() - t0
            done += k
            bar.update(k)
            if dt < CHUNK_SECONDS / 2:
                chunk *= 2
            elif dt > 2 * CHUNK_SECONDS and chunk > 1:
                chunk //= 2
