"""Where the built-in schemas and policies live.

An installed wheel carries them inside the package (``meshgate/schemas``,
``meshgate/policies``); a source checkout keeps them at the repository root.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


@cache
def builtin_dir(name: str) -> Path:
    packaged = _PACKAGE / name
    if packaged.is_dir():
        return packaged
    checkout = _PACKAGE.parent.parent / name
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError(f"meshgate's built-in {name}/ directory is missing from {_PACKAGE}")


def schemas_dir() -> Path:
    return builtin_dir("schemas")


def policies_dir() -> Path:
    return builtin_dir("policies")
