"""Rego evaluation behind one small interface.

The embedded engine is regorus. Policies are compiled once per run together
with a generated module that gathers every policy's deny/warn rules into one
object, so evaluating a document is one query. Engine errors become
``PolicyError`` here and nowhere else.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any, Protocol

from meshgate.errors import PolicyError
from meshgate.evaluate.policies import Policy, PolicySet

Results = dict[str, dict[str, list[Any]]]

RUNTIME_PACKAGE = "meshgate_runtime"
_QUERY = f"data.{RUNTIME_PACKAGE}.results"
_LOCATION = re.compile(r"-->\s*(?P<file>.+?):(?P<line>\d+):(?P<column>\d+)")
_MESSAGE = re.compile(r"^error:\s*(?P<message>.+)$", re.MULTILINE)
_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_TAB_WIDTH = 4
_PROBE_INPUT: dict[str, Any] = {"descriptor": {}, "product": {"ports": []}, "spec": {}, "context": {}}


class PolicyEngine(Protocol):
    def evaluate(self, input_json: str) -> Results:
        """Every policy's rule results for one input document, keyed by policy id then rule."""
        ...


def _ref(package: str, rule: str) -> str:
    parts = [*package.split("."), rule]
    return "data" + "".join(f".{part}" if _IDENTIFIER.match(part) else f"[{json.dumps(part)}]" for part in parts)


def _condition(policy: Policy) -> str:
    conditions = []
    if policy.specs:
        conditions.append(f"input.spec.name in {{{', '.join(json.dumps(spec) for spec in policy.specs)}}}")
    if policy.capabilities:
        # Any of them: the spec writes that part of its ports natively.
        wanted = ", ".join(json.dumps(name) for name in policy.capabilities)
        conditions.append(f"some capability in input.spec.capabilities; capability in {{{wanted}}}")
    if policy.environments:
        names = ", ".join(json.dumps(env) for env in policy.environments)
        conditions.append(f"input.context.environment in {{{names}}}")
    return f" if {{ {'; '.join(conditions)} }}" if conditions else ""


def runtime_module(policies: tuple[Policy, ...]) -> str:
    """Rego that gathers every rule of every policy, honouring each policy's scope."""
    lines = [f"package {RUNTIME_PACKAGE}", "", "import rego.v1", ""]
    for policy in policies:
        for rule in policy.rules:
            key = f"results[{json.dumps(policy.id)}][{json.dumps(rule)}]"
            lines.append(f"{key} := {_ref(policy.package, rule)}{_condition(policy)}")
    return "\n".join(lines) + "\n"


def character_column(source: str, line: int, column: int) -> int:
    """regorus counts a tab as 4 columns; editors count characters."""
    lines = source.splitlines()
    if not 1 <= line <= len(lines):
        return column
    width = 1
    for index, character in enumerate(lines[line - 1]):
        if width >= column:
            return index + 1
        width += _TAB_WIDTH if character == "\t" else 1
    return len(lines[line - 1]) + 1


def policy_error(error: Exception, fallback: str, sources: Mapping[str, str] | None = None) -> PolicyError:
    """Turn a regorus error into a PolicyError that names the policy file, line and column."""
    text = str(error).split("Stack backtrace:")[0].strip()
    location = _LOCATION.search(text)
    message = _MESSAGE.search(text)
    detail = message.group("message").strip() if message else text.splitlines()[0] if text else fallback
    if location is None:
        return PolicyError(detail)
    file, line, column = location.group("file"), int(location.group("line")), int(location.group("column"))
    if sources is not None and file in sources:
        column = character_column(sources[file], line, column)
    return PolicyError(
        detail,
        file=file,
        line=line,
        column=column,
        hint="Fix the policy; meshgate stops rather than report a partial result.",
    )


class RegorusEngine:
    """The embedded engine: no server, OPA v1 Rego semantics."""

    def __init__(self, policy_set: PolicySet) -> None:
        import regorus

        self._engine = regorus.Engine()
        self._sources = {module.path: module.source for module in policy_set.modules}
        for module in policy_set.modules:
            try:
                self._engine.add_policy(module.path, module.source)
            except RuntimeError as error:
                raise policy_error(error, "the policy does not parse", self._sources) from error
        try:
            self._engine.add_policy(f"<{RUNTIME_PACKAGE}>", runtime_module(policy_set.policies))
            self._engine.add_data(dict(policy_set.data))
        except (RuntimeError, ValueError, TypeError) as error:
            raise policy_error(error, "the policies or their data do not load", self._sources) from error
        # The first query compiles every module: unsafe variables, rule
        # conflicts and unknown references surface here, before any document.
        self.evaluate(json.dumps(_PROBE_INPUT))

    def evaluate(self, input_json: str) -> Results:
        try:
            self._engine.set_input_json(input_json)
            answer = json.loads(self._engine.eval_query_as_json(_QUERY))
        except RuntimeError as error:
            raise policy_error(error, "a policy failed while evaluating", self._sources) from error
        result = answer.get("result") or []
        if not result:
            return {}
        value = result[0]["expressions"][0]["value"]
        return value if isinstance(value, dict) else {}
