"""JSON pointers (RFC 6901): the one way meshgate names a place in a document."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

_DOTTED_PART = re.compile(r"([^.\[\]]+)|\[(\d+)\]")
_DOTTED = re.compile(r"[^.\[\]]+(?:\.[^.\[\]]+|\[\d+\])*")


_POINTER = re.compile(r"(/([^~/]|~[01])*)*")


def escape(token: str | int) -> str:
    return str(token).replace("~", "~0").replace("/", "~1")


def join(base: str, *tokens: str | int) -> str:
    return base + "".join("/" + escape(token) for token in tokens)


def from_parts(parts: Iterable[str | int]) -> str:
    return "".join("/" + escape(part) for part in parts)


def tokens(pointer: str) -> list[str]:
    """Split a pointer into unescaped tokens; "" is the whole document."""
    if not pointer:
        return []
    return [part.replace("~1", "/").replace("~0", "~") for part in pointer[1:].split("/")]


def ancestors(pointer: str) -> Iterator[str]:
    """The pointer itself, then each parent up to the document root ("")."""
    while True:
        yield pointer
        if not pointer:
            return
        pointer = pointer[: pointer.rfind("/")]


def is_within(pointer: str, base: str) -> bool:
    return pointer == base or pointer.startswith(base + "/")


def normalize(path: str) -> str | None:
    """Accept a JSON pointer, or a dotted path such as ``outputPorts[0].name``.

    Policies written for other tools often use dotted paths; anything that is
    neither gives None so the caller can fall back to the document root.
    """
    if path == "" or path.startswith("/"):
        # RFC 6901: '~' is written only as ~0 ('~') or ~1 ('/').
        return path if _POINTER.fullmatch(path) else None
    if path.startswith(("$.", "$[")):
        path = path[1:].lstrip(".")
    if not _DOTTED.fullmatch(path):
        return None
    parts: list[str | int] = []
    for match in _DOTTED_PART.finditer(path):
        name, index = match.groups()
        parts.append(name if name is not None else int(index))
    return from_parts(parts)


def resolve(data: Any, pointer: str) -> Any:
    """The value at pointer; raises KeyError, IndexError or TypeError when absent."""
    for token in tokens(pointer):
        data = data[int(token)] if isinstance(data, list) else data[token]
    return data
