"""Running Rego unit tests (``test_*`` rules) with the embedded engine, like ``opa test``.

Returns data only: each test's outcome and, when asked, line coverage of the
policies under test. The `meshgate test` command prints it.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterable
from enum import StrEnum
from pathlib import Path

from meshgate.evaluate import engines
from meshgate.evaluate.compat import ForeignCall, foreign_calls
from meshgate.evaluate.policies import Module, code_only, find_modules, load_data
from meshgate.records import record
from meshgate.resources import policies_dir

_TEST = re.compile(r"^((todo_)?test_\w+)\b", re.MULTILINE)


class Outcome(StrEnum):
    PASS = "pass"  # noqa: S105 - a test outcome, not a password
    FAIL = "fail"
    ERROR = "error"
    SKIP = "skip"


@record
class TestResult:
    package: str
    name: str
    file: str
    line: int
    outcome: Outcome
    duration_ms: float
    detail: str = ""  # the error, or the test's print() output

    @property
    def rule(self) -> str:
        return f"data.{self.package}.{self.name}"


@record
class FileCoverage:
    file: str
    covered: tuple[int, ...]
    not_covered: tuple[int, ...]

    @property
    def percent(self) -> float:
        total = len(self.covered) + len(self.not_covered)
        return 100.0 * len(self.covered) / total if total else 100.0


@record
class TestRun:
    results: tuple[TestResult, ...]
    coverage: tuple[FileCoverage, ...] | None
    foreign: tuple[ForeignCall, ...] = ()  # calls OPA v1 would refuse

    @property
    def passed(self) -> bool:
        return not self.foreign and all(result.outcome in (Outcome.PASS, Outcome.SKIP) for result in self.results)

    @property
    def coverage_percent(self) -> float | None:
        if self.coverage is None:
            return None
        covered = sum(len(item.covered) for item in self.coverage)
        total = covered + sum(len(item.not_covered) for item in self.coverage)
        return 100.0 * covered / total if total else 100.0


def _tests(module: Module) -> list[tuple[str, int, bool]]:
    """(rule name, line, is a todo) for each test rule of a module."""
    found: dict[str, tuple[int, bool]] = {}
    # A line inside a string or a comment that starts with test_ is text, not a rule.
    for match in _TEST.finditer(code_only(module.source)):
        # Rules may have several bodies (test_x if {...} test_x if {...}): one test.
        found.setdefault(match.group(1), (module.source.count("\n", 0, match.start()) + 1, match.group(2) is not None))
    return [(name, line, todo) for name, (line, todo) in found.items()]


def run_tests(
    directories: Iterable[Path],
    data_files: Iterable[Path] = (),
    *,
    builtin: bool = True,
    coverage: bool = False,
    pattern: str | None = None,
    engine_name: str = engines.DEFAULT,
) -> TestRun:
    directories = list(directories)
    tested = find_modules(directories, include_tests=True)
    shown = {module.path for module in tested}
    library = (
        [m for m in find_modules([policies_dir()], trusted=policies_dir()) if m.path not in shown] if builtin else []
    )
    engine = engines.engine(engine_name)
    session = engine.test_session([*library, *tested], load_data(data_files, policies_dir()), coverage=coverage)
    selector = re.compile(pattern) if pattern else None
    results = []
    for module in tested:
        for name, line, todo in _tests(module):
            if selector is not None and not selector.search(f"data.{module.package}.{name}"):
                continue
            results.append(_run(session, module, name, line, todo))
    covered = _coverage(session, shown) if coverage else None
    return TestRun(tuple(results), covered, tuple(foreign_calls(tested, engine)))


def _run(session: engines.TestSession, module: Module, name: str, line: int, todo: bool) -> TestResult:
    if todo:
        return TestResult(module.package, name, module.path, line, Outcome.SKIP, 0.0)
    start = time.perf_counter()
    value, problem, prints = session.eval_rule(f"data.{module.package}.{name}")
    if problem is not None:
        outcome, detail = Outcome.ERROR, problem
    else:
        outcome, detail = (Outcome.PASS if value is True else Outcome.FAIL), ""
    if prints:
        detail = "\n".join([detail, *prints]).strip()
    elapsed = (time.perf_counter() - start) * 1000
    return TestResult(module.package, name, module.path, line, outcome, elapsed, detail)


def _coverage(session: engines.TestSession, shown: set[str]) -> tuple[FileCoverage, ...]:
    files = [
        FileCoverage(path, covered, not_covered)
        for path, covered, not_covered in session.coverage()
        if path in shown and not path.endswith("_test.rego")
    ]
    return tuple(sorted(files, key=lambda item: item.file))
