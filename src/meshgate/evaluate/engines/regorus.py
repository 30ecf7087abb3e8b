"""The embedded engine: regorus (Microsoft's Rust Rego interpreter), no server, OPA v1 semantics.

Policies are compiled once per run together with the generated runtime
module, so answering an entry point for one input is one query. regorus
errors become ``PolicyError`` (while compiling) or ``EngineFailure`` (while
evaluating one input) here and nowhere else.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from functools import cache
from pathlib import Path
from typing import Any

from meshgate.errors import PolicyError
from meshgate.evaluate.engines import Answer, EngineFailure, Text, own_process, size_of, whole
from meshgate.evaluate.policies import Module, PolicySet
from meshgate.evaluate.runtime import RUNTIME_PACKAGE, EntryPoint, answered_entries, runtime_module

_LOCATION = re.compile(r"-->\s*(?P<file>.+?):(?P<line>\d+):(?P<column>\d+)")
_MESSAGE = re.compile(r"^error:\s*(?P<message>.+)$", re.MULTILINE)
_TAB_WIDTH = 4
_CONTEXT: dict[str, Any] = {"file": "", "document": 1, "environment": None, "today": "2000-01-01"}
# Inputs of each entry point's shape, evaluated once so that every module is
# compiled (unsafe variables, conflicts, unknown references) before any document.
_PROBES: dict[EntryPoint, dict[str, Any]] = {
    EntryPoint.DOCUMENT: {"descriptor": {}, "product": {"ports": []}, "spec": {}, "context": _CONTEXT},
    EntryPoint.MESH: {"products": [], "documents": [], "context": _CONTEXT},
    EntryPoint.CHANGE: {"previous": {}, "current": {}, "context": _CONTEXT},
}


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


def _located(error: Exception, fallback: str, sources: Mapping[str, str] | None) -> EngineFailure:
    text = str(error).split("Stack backtrace:")[0].strip()
    location = _LOCATION.search(text)
    message = _MESSAGE.search(text)
    detail = message.group("message").strip() if message else text.splitlines()[0] if text else fallback
    if location is None:
        return EngineFailure(detail)
    file, line, column = location.group("file"), int(location.group("line")), int(location.group("column"))
    if sources is not None and file in sources:
        column = character_column(sources[file], line, column)
    return EngineFailure(detail, file, line, column)


def policy_error(error: Exception, fallback: str, sources: Mapping[str, str] | None = None) -> PolicyError:
    """Turn a regorus error into a PolicyError that names the policy file, line and column."""
    failure = _located(error, fallback, sources)
    if failure.file is None:
        return PolicyError(failure.message)
    return PolicyError(
        failure.message,
        file=failure.file,
        line=failure.line,
        column=failure.column,
        hint=(
            "A regular expression the policy reads from data (--data, the configuration's data) may be the cause: "
            "check the patterns there, else fix the policy. meshgate stops rather than report a partial result."
            if "regex" in failure.message
            else "Fix the policy; meshgate stops rather than report a partial result."
        ),
    )


@cache
def _version() -> str:
    """The installed regorus build's version, from its dist-info folder name.

    importlib.metadata would find it too, but scans every installed
    distribution to do so: a tenth of the one-file budget.
    """
    import regorus

    site = Path(regorus.__file__).resolve().parent.parent
    for info in sorted(site.glob("gordon_to_regorus-*.dist-info")):
        return info.name.removeprefix("gordon_to_regorus-").removesuffix(".dist-info")
    return "unknown version"  # a build of regorus under another name


class RegorusEvaluator:
    """A policy set compiled into one regorus engine."""

    def __init__(self, policy_set: PolicySet) -> None:
        import regorus

        self._policy_set = policy_set
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
        self._entries = answered_entries(policy_set.policies)
        for entry in sorted(self._entries):
            try:
                self._query(entry, json.dumps(_PROBES[entry]))
            except RuntimeError as error:
                raise policy_error(error, "the policies do not compile", self._sources) from error

    @property
    def description(self) -> str:
        return f"regorus {_version()} (embedded)"

    def _query(self, entry: EntryPoint, input_json: str) -> dict[str, Any]:
        self._engine.set_input_json(input_json)
        return self._answer(entry)

    def _answer(self, entry: EntryPoint) -> dict[str, Any]:
        """The entry point's answer for the input the engine holds."""
        # A rule, not a query: regorus parses a query on every call, a tenth of a document's time.
        value = json.loads(self._engine.eval_rule_as_json(entry.rule))
        return value if isinstance(value, dict) else {}  # "<undefined>": no evaluated policy answers it

    def evaluate(self, entry: EntryPoint, inputs: Sequence[Text]) -> list[Answer]:
        if entry is EntryPoint.MESH and entry in self._entries and sum(map(size_of, inputs)) >= own_process.FROM_CHARS:
            return own_process.evaluate(self._policy_set, entry, inputs)
        return self.evaluate_here(entry, [whole(text) for text in inputs])

    def evaluate_here(self, entry: EntryPoint, inputs: list[str]) -> list[Answer]:
        """The answers, computed in this process; ``inputs`` is emptied as they are read.

        The engine holds its own copy of an input once given it: letting go of the text at once keeps the
        mesh's (the largest input of a run) in memory once, not twice.
        """
        count = len(inputs)
        if entry not in self._entries:
            inputs.clear()
            return [{} for _ in range(count)]
        answers: list[Answer] = []
        inputs.reverse()  # taken from the end: each in turn, in order
        while inputs:
            try:
                self._engine.set_input_json(inputs.pop())
                answers.append(self._answer(entry))
            except (RuntimeError, ValueError) as error:
                answers.append(_located(error, "the engine could not evaluate this input", self._sources))
        # The engine keeps its last input: let go of it (the mesh's holds every product of the run).
        self._engine.set_input_json("{}")
        return answers


class RegorusTestSession:
    def __init__(self, modules: Sequence[Module], data: Mapping[str, Any], *, coverage: bool) -> None:
        import regorus

        self._engine = regorus.Engine()
        self._engine.set_gather_prints(True)
        self._sources = {module.path: module.source for module in modules}
        for module in modules:
            try:
                self._engine.add_policy(module.path, module.source)
            except RuntimeError as error:
                raise policy_error(error, "the policy does not parse", self._sources) from error
        try:
            self._engine.add_data(dict(data))
        except (RuntimeError, ValueError, TypeError) as error:
            raise policy_error(error, "the policy data do not load", self._sources) from error
        if coverage:
            self._engine.set_enable_coverage(True)

    def eval_rule(self, rule: str) -> tuple[Any, str | None, tuple[str, ...]]:
        value: Any = None
        problem: str | None = None
        try:
            value = self._engine.eval_rule(rule)
        except RuntimeError as error:
            problem = str(policy_error(error, "the test failed to evaluate", self._sources))
        return value, problem, tuple(self._engine.take_prints())

    def coverage(self) -> list[tuple[str, tuple[int, ...], tuple[int, ...]]]:
        report = json.loads(self._engine.get_coverage_report_as_json())
        return [
            (
                str(item.get("path", "")),
                tuple(sorted(item.get("covered", []))),
                tuple(sorted(item.get("not_covered", []))),
            )
            for item in report.get("files", [])
        ]


class RegorusEngine:
    name = "regorus"

    def compile(self, policy_set: PolicySet) -> RegorusEvaluator:
        return RegorusEvaluator(policy_set)

    def test_session(self, modules: Sequence[Module], data: Mapping[str, Any], *, coverage: bool) -> RegorusTestSession:
        return RegorusTestSession(modules, data, coverage=coverage)

    def parse(self, module: Module) -> Any:
        import regorus

        engine = regorus.Engine()
        try:
            engine.add_policy(module.path, module.source)
        except RuntimeError as error:
            raise policy_error(error, "the policy does not parse", {module.path: module.source}) from error
        return json.loads(engine.get_ast_as_json())


ENGINE = RegorusEngine()
