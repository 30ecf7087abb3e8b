"""Rego that real OPA v1 accepts: calls only to OPA's builtins or to functions the policies define.

regorus implements a few builtins OPA does not have; a policy that calls one
runs here but would break on an OPA server. ``foreign_calls`` finds them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from meshgate.evaluate.engines import Engine
from meshgate.evaluate.engines.regorus import character_column
from meshgate.evaluate.policies import Module

_IMPORT = re.compile(r"^\s*import\s+data\.([\w.]+?)(?:\s+as\s+(\w+))?\s*$", re.MULTILINE)
_FUNCTION_HEAD = re.compile(r"^(?:default\s+)?([A-Za-z_]\w*)\(", re.MULTILINE)


@dataclass(frozen=True, slots=True)
class ForeignCall:
    file: str
    line: int
    column: int
    name: str


@cache
def opa_builtins() -> frozenset[str]:
    text = (Path(__file__).parent / "opa_builtins.txt").read_text(encoding="utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


def _name(node: Any) -> str | None:
    """The dotted name of a called function (Var, or RefDot chains of fields)."""
    if not isinstance(node, dict):
        return None
    if "Var" in node:
        value = node["Var"].get("value")
        return value if isinstance(value, str) else None
    if "RefDot" in node:
        inner = _name(node["RefDot"].get("refr"))
        field = node["RefDot"].get("field")
        if inner is not None and isinstance(field, list) and len(field) == 2 and isinstance(field[1], str):
            return f"{inner}.{field[1]}"
    return None


def _start(node: Any) -> Any:
    """The span of a reference's first name (a RefDot's own span is its last field)."""
    while isinstance(node, dict) and "RefDot" in node:
        node = node["RefDot"].get("refr")
    inner: Any = next(iter(node.values()), {}) if isinstance(node, dict) else {}
    return inner.get("span", {}) if isinstance(inner, dict) else {}


def _calls(node: Any) -> Iterator[tuple[str, int, int]]:
    if isinstance(node, dict):
        call = node.get("Call")
        function = call.get("fcn") if isinstance(call, dict) else None
        if isinstance(function, dict) and (name := _name(function)) is not None:
            span = _start(function)
            yield name, int(span.get("line", 1)), int(span.get("col", 1))
        for value in node.values():
            yield from _calls(value)
    elif isinstance(node, list):
        for value in node:
            yield from _calls(value)


def foreign_calls(modules: Iterable[Module], engine: Engine) -> list[ForeignCall]:
    modules = list(modules)
    functions: dict[str, set[str]] = {}
    for module in modules:
        functions.setdefault(module.package, set()).update(_FUNCTION_HEAD.findall(module.source))
    builtins = opa_builtins()
    found = []
    for module in modules:
        aliases = {alias or path.rsplit(".", 1)[-1] for path, alias in _IMPORT.findall(module.source)}
        for name, line, column in _calls(engine.parse(module)):
            head = name.split(".", 1)[0]
            if head == "data" or head in aliases or name in functions[module.package] or name in builtins:
                continue
            found.append(ForeignCall(module.path, line, character_column(module.source, line, column), name))
    return found
