"""Writing what the commands produce: report files never half-written, sizes, colour."""

from __future__ import annotations

import io
import os
import re
import signal
import stat
import sys
from collections.abc import Callable, Iterable
from pathlib import Path

from meshgate.errors import UsageError

_SIZE = re.compile(r"^\s*(\d+)(?:\.(\d+))?\s*([kmg]?i?b?)\s*$", re.IGNORECASE)
_MAX_DIGITS = 20
_UNITS = {
    "": 1,
    "b": 1,
    "k": 1000,
    "kb": 1000,
    "kib": 1024,
    "m": 1000**2,
    "mb": 1000**2,
    "mib": 1024**2,
    "g": 1000**3,
    "gb": 1000**3,
    "gib": 1024**3,
}
# Descriptors are kilobytes; a limit past this is a typo, and reading such a
# file whole would exhaust the machine.
MAX_SIZE = 1024**3
_RANGE = "between 1 byte and 1GiB"


def parse_size(value: str | int) -> int:
    """Bytes from 5MB, 512KiB, 1000000 (between 1 byte and 1GiB); ValueError otherwise."""
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise ValueError(f"{value!r} is not a size such as 5MB, 512KiB or 1000000")
    if isinstance(value, int):
        size = value
    else:
        match = _SIZE.match(value)
        unit = match.group(3).lower() if match else ""
        if match is None or unit not in _UNITS:
            shown = value if len(value) <= 40 else value[:20] + "..." + value[-10:]
            raise ValueError(f"{shown!r} is not a size such as 5MB, 512KiB or 1000000 (at most 1GiB)")
        whole, fraction = match.group(1).lstrip("0") or "0", (match.group(2) or "")[:_MAX_DIGITS]
        if len(whole) > _MAX_DIGITS:
            raise ValueError(f"a size of {len(whole)} digits is out of range; use a size {_RANGE}")
        # Exact arithmetic: float() of a long number is inf, and int(inf) raises.
        size = int(whole + fraction) * _UNITS[unit] // 10 ** len(fraction)
    if not 1 <= size <= MAX_SIZE:
        shown = f"{size:,} bytes" if size < 10**_MAX_DIGITS else f"more than {_MAX_DIGITS} digits"
        raise ValueError(f"a size of {shown} is out of range; use a size {_RANGE}")
    return size


def use_color(choice: bool | None) -> bool:
    if choice is not None:
        return choice
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return sys.stdout.isatty()


# Signals that would end the process between creating the temporary file and
# renaming it, leaving it behind; held back while a report is written.
_HELD_SIGNALS = frozenset(getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name))


def refuse_special(path: Path) -> None:
    """A report replaces a regular file only: never a link, a FIFO, a device or a directory."""
    try:
        mode = path.lstat().st_mode
    except FileNotFoundError:
        return
    except OSError as error:
        raise UsageError(f"cannot write {path}: {error.strerror or error}") from error
    if stat.S_ISREG(mode):
        return
    kind = (
        "a symbolic link"
        if stat.S_ISLNK(mode)
        else "a directory"
        if stat.S_ISDIR(mode)
        else "a FIFO"
        if stat.S_ISFIFO(mode)
        else "a device"
        if stat.S_ISCHR(mode) or stat.S_ISBLK(mode)
        else "not a regular file"
    )
    raise UsageError(
        f"cannot write {path}: it is {kind}, and meshgate replaces only regular files",
        hint="Name a regular file (or a new one) for the report; write to standard output to pipe it.",
    )


def _new_file_mode(path: Path) -> int:
    """The mode the report gets: the old file's, else what the user's umask gives a new file."""
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except OSError:
        umask = os.umask(0o022)
        os.umask(umask)
        return 0o666 & ~umask


def write_atomically(path: Path, text: str | Iterable[str]) -> None:
    """Write a report so a reader never sees half of it: a temporary file, then a rename.

    The file gets the mode a new file gets (or keeps the mode of the file it
    replaces); a symbolic link, FIFO or device at the path is refused, not
    replaced; SIGTERM arriving meanwhile takes effect once the rename is done,
    so no temporary file is left behind.
    """
    refuse_special(path)
    directory = path.parent
    held = _HELD_SIGNALS if hasattr(signal, "pthread_sigmask") else frozenset()
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, held) if held else None
    try:
        directory.mkdir(parents=True, exist_ok=True)
        mode = _new_file_mode(path)
        import tempfile  # only runs that write a file need it

        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
        try:
            if hasattr(os, "fchmod"):
                os.fchmod(handle, mode)
            with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
                if isinstance(text, str):
                    stream.write(text)
                else:
                    stream.writelines(text)  # a large report, written a piece at a time
            Path(temporary).replace(path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except OSError as error:
        raise UsageError(
            f"cannot write {path}: {error.strerror or error}", hint="Check the path and its permissions."
        ) from error
    finally:
        if previous is not None:
            signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def to_stdout(echo: Callable[..., None], text: str, *, color: bool | None = None) -> None:
    """Print a report; standard output that cannot take it (disk full, EIO, a closed pipe) is a usage error."""
    try:
        echo(text, nl=False, color=color)
        sys.stdout.flush()
    except OSError as error:
        _discard_stdout()
        raise UsageError(
            f"cannot write the report to standard output: {error.strerror or error}",
            hint="Write it to a file with --format FORMAT=PATH or -o PATH.",
        ) from error


def _discard_stdout() -> None:
    """Point standard output at the null device, so exiting does not fail again flushing what is left."""
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
        os.close(null)
    except (OSError, ValueError, io.UnsupportedOperation):
        pass  # not a real file (tests capture output): nothing will be flushed at exit


def append(path: Path, text: str) -> None:
    try:
        with path.open("a", encoding="utf-8") as stream:
            stream.write(text)
    except OSError as error:
        raise UsageError(f"cannot append to {path}: {error.strerror or error}") from error
