"""A loaded document: its data and where each of its values sits in the file."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol

from meshgate.model import pointer as jp
from meshgate.model.finding import UNKNOWN_SPAN, Place, Span
from meshgate.records import record


class Locator(Protocol):
    def locate(self, pointer: str) -> Span: ...

    def compact(self) -> Locator:
        """The same answers from plain spans, small and cheap to keep or to send to another process."""
        ...


@record
class Positions:
    """Maps JSON pointers to places (a span's four numbers).

    Members of a mapping are recorded under their own pointer with the span of
    the key, so a finding about ``/owner`` lands on the ``owner:`` line. A
    pointer that is not in the table (a missing property, say) resolves to its
    nearest recorded ancestor. Kept as plain tuples, made spans only when asked:
    a bulk run keeps every document's positions pickled between its phases, and
    plain tuples pickle several times faster than ``Span`` objects.
    """

    places: Mapping[str, Place]

    def locate(self, pointer: str) -> Span:
        for candidate in jp.ancestors(pointer):
            place = self.places.get(candidate)
            if place is not None:
                return Span(*place)
        return UNKNOWN_SPAN

    def compact(self) -> Positions:
        return self


@record
class Document:
    """One document of a file (YAML files may hold several)."""

    path: str
    data: Any
    locator: Locator
    index: int = 1

    def locate(self, pointer: str) -> Span:
        return self.locator.locate(pointer)
