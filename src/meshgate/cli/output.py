"""Writing what the commands produce: report files never half-written, sizes, colour."""

from __future__ import annotations

import os
import re
import sys
import tempfile
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


def write_atomically(path: Path, text: str) -> None:
    """Write a report so a reader never sees half of it: a temporary file, then a rename."""
    directory = path.parent
    try:
        directory.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
        try:
            with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
                stream.write(text)
            Path(temporary).replace(path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except OSError as error:
        raise UsageError(
            f"cannot write {path}: {error.strerror or error}", hint="Check the path and its permissions."
        ) from error


def append(path: Path, text: str) -> None:
    try:
        with path.open("a", encoding="utf-8") as stream:
            stream.write(text)
    except OSError as error:
        raise UsageError(f"cannot append to {path}: {error.strerror or error}") from error
