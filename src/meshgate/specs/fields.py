"""Reading raw descriptor values while remembering where each one came from.

Normalizers run on every document that loads, valid or not, so nothing here
assumes a shape: a value of the wrong type reads as absent. Loaded documents
are built of dict and list only, so those are the types checked (an ABC check
costs several times more, on every value of every descriptor).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from meshgate.model import pointer as jp
from meshgate.records import record

_TRUE = frozenset({"true", "yes", "y", "on", "1"})
_FALSE = frozenset({"false", "no", "n", "off", "0"})


@record
class Raw:
    """A raw value and its JSON pointer."""

    value: Any
    pointer: str

    def get(self, path: str) -> Raw | None:
        """The value at a '/'-separated path of plain names below this one, if every step exists."""
        value, pointer = self.value, self.pointer
        for key in path.split("/") if path else ():
            if type(value) is dict and key in value:
                value, pointer = value[key], f"{pointer}/{key}"
            elif type(value) is list and key.isdigit() and int(key) < len(value):
                value, pointer = value[int(key)], f"{pointer}/{key}"
            else:
                return None
        return Raw(value, pointer)

    def mapping(self, path: str = "") -> Raw | None:
        found = self.get(path)
        return found if found is not None and type(found.value) is dict else None

    def items(self, path: str = "") -> Iterator[Raw]:
        """The mapping items of a list (other items are skipped)."""
        found = self.get(path)
        if found is None or type(found.value) is not list:
            return
        for index, item in enumerate(found.value):
            if type(item) is dict:
                yield Raw(item, f"{found.pointer}/{index}")

    def members(self, path: str = "") -> Iterator[tuple[str, Raw]]:
        """The (key, value) pairs of a mapping whose values are mappings."""
        found = self.mapping(path)
        if found is None:
            return
        for key, value in found.value.items():
            if type(value) is dict:
                yield key, Raw(value, jp.join(found.pointer, key))


def as_text(value: Any) -> str | None:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str | int | float):
        text = str(value).strip()
        return text or None
    return None


def as_flag(value: Any) -> bool | None:
    if isinstance(value, bool):
        return value
    text = as_text(value)
    if text is None:
        return None
    lowered = text.lower()
    return True if lowered in _TRUE else False if lowered in _FALSE else None


def as_scalar(value: Any) -> str | int | float | bool | None:
    if isinstance(value, str):
        return value.strip() or None
    return value if isinstance(value, int | float | bool) else None


@dataclass
class Fields:
    """Collects a model's fields and the pointer each one was read from."""

    origin: Raw
    values: dict[str, Any] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)

    def _pick(self, name: str, paths: tuple[str, ...], convert: Any) -> Any:
        # The first path holding a usable value wins; a present-but-empty value
        # still records where it is, so a finding about it lands on its line.
        for path in paths:
            found = self.origin.get(path)
            if found is None:
                continue
            value = convert(found.value)
            if value is not None:
                self.values[name] = value
                self.sources[name] = found.pointer
                return value
            self.sources.setdefault(name, found.pointer)
        return None

    def text(self, name: str, *paths: str) -> str | None:
        result: str | None = self._pick(name, paths, as_text)
        return result

    def scalar(self, name: str, *paths: str) -> Any:
        return self._pick(name, paths, as_scalar)

    def flag(self, name: str, *paths: str) -> bool | None:
        result: bool | None = self._pick(name, paths, as_flag)
        return result

    def texts(self, name: str, *paths: str) -> tuple[str, ...]:
        for path in paths:
            found = self.origin.get(path)
            if found is None:
                continue
            raw = found.value if isinstance(found.value, list) else [found.value]
            texts = tuple(text for text in map(as_text, raw) if text is not None)
            self.sources.setdefault(name, found.pointer)
            if texts:
                self.values[name] = texts
                self.sources[name] = found.pointer
                return texts
        return ()

    def put(self, name: str, value: Any, source: str | None = None) -> None:
        self.values[name] = value
        if source is not None:
            self.sources[name] = source

    def build(self) -> dict[str, Any]:
        """Keyword arguments for the model: the values plus pointer and sources."""
        return {**self.values, "pointer": self.origin.pointer, "sources": dict(self.sources)}
