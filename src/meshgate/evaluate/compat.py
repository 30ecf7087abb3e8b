"""Rego that real OPA v1 accepts and meshgate allows: calls only to OPA's builtins or the policies' own functions.

regorus implements a few builtins OPA does not have; a policy that calls one
runs here but would break on an OPA server. Some OPA builtins reach outside
the descriptor (``http.send``, DNS) or the run's fixed date (``time.now_ns``,
random numbers): a gate must give the same verdict for the same input, so
meshgate refuses them too. ``foreign_calls`` finds both; ``refuse_foreign``
turns the first into a ``PolicyError`` when the policies load, so such a rule
never silently fails to fire.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import cache
from pathlib import Path
from typing import Any

from meshgate.errors import PolicyError
from meshgate.evaluate.engines import Engine
from meshgate.evaluate.engines.regorus import character_column
from meshgate.evaluate.policies import Module
from meshgate.records import record

_IMPORT = re.compile(r"^\s*import\s+data\.([\w.]+?)(?:\s+as\s+(\w+))?\s*$", re.MULTILINE)
_FUNCTION_HEAD = re.compile(r"^(?:default\s+)?([A-Za-z_]\w*)\(", re.MULTILINE)


# Builtins OPA has and meshgate refuses, with the reason given to the policy's author.
DISALLOWED = {
    "http.send": "policies judge the descriptor alone; a network call makes the verdict depend on a server",
    "net.lookup_ip_addr": "policies judge the descriptor alone; a DNS lookup makes the verdict depend on the network",
    "opa.runtime": "policies see the run through input.context, not the engine's environment",
    "time.now_ns": "policies see the run's date as input.context.today (set with --today), so verdicts repeat",
    "rand.intn": "a random number makes the same descriptor pass one run and fail the next",
    "uuid.rfc4122": "a random UUID makes the report differ from run to run",
}


@record
class ForeignCall:
    file: str
    line: int
    column: int
    name: str

    @property
    def reason(self) -> str:
        if self.name in DISALLOWED:
            return f"'{self.name}' is not allowed in meshgate policies: {DISALLOWED[self.name]}"
        return (
            f"'{self.name}' is not an OPA v1 builtin nor a function the policies define "
            "(an OPA server would refuse the policy)"
        )


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
            if head == "data" or head in aliases or name in functions[module.package]:
                continue
            if name in builtins and name not in DISALLOWED:
                continue
            found.append(ForeignCall(module.path, line, character_column(module.source, line, column), name))
    return found


def refuse_foreign(modules: Iterable[Module], engine: Engine) -> None:
    """Raise a PolicyError at the first call OPA v1 would refuse or meshgate does not allow."""
    found = foreign_calls(modules, engine)
    if found:
        first = found[0]
        more = f" (and {len(found) - 1} more such calls)" if len(found) > 1 else ""
        raise PolicyError(
            f"{first.reason}{more}",
            file=first.file,
            line=first.line,
            column=first.column,
            hint="Use only OPA v1 builtins that read the input; `meshgate test` lists every such call.",
        )
