"""The descriptor specifications meshgate knows, in the order detection tries them.

Each spec says whether a document belongs to it, which version the document
declares, and how to read the document into the normalized ``Product``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal, Protocol

from meshgate.model.product import Contract, Product
from meshgate.specs.fields import Raw, as_text


@dataclass(frozen=True, slots=True)
class Declared:
    """The version a document declares (or that its spec implies)."""

    value: str | None
    pointer: str | None
    implicit: bool = False


class Spec(Protocol):
    @property
    def name(self) -> str: ...

    @property
    def title(self) -> str: ...

    @property
    def kind(self) -> Literal["product", "contract"]: ...

    @property
    def versions(self) -> tuple[str, ...]:
        """Every version meshgate has the schema of."""
        ...

    @property
    def version_field(self) -> str: ...

    @property
    def markers(self) -> str:
        """What detection looks for, for the message when nothing matches."""
        ...

    def claims(self, data: Mapping[str, Any], filename: str) -> bool: ...

    def declared_version(self, data: Mapping[str, Any]) -> Declared: ...

    def normalize(self, root: Raw, version: str) -> Product: ...


def contract_link(port: Raw, key: str) -> Contract | None:
    """The data contract a port names by id under ``key``, if it names one."""
    found = port.get(key)
    if found is None or not (contract_id := as_text(found.value)):
        return None
    return Contract(id=contract_id, pointer=found.pointer, sources={"id": found.pointer})


def _registry() -> tuple[Spec, ...]:
    from meshgate.specs import dcs, dmm, dpds, lfodps, odcs, odps, witboost

    # Specs with an explicit marker field first; shape-based guesses last.
    return (odps.SPEC, odcs.SPEC, dpds.SPEC, dcs.SPEC, lfodps.SPEC, witboost.SPEC, dmm.SPEC)


SPECS: tuple[Spec, ...] = _registry()
BY_NAME: dict[str, Spec] = {spec.name: spec for spec in SPECS}
