"""constraints.txt pins every dependency pyproject.toml declares, inside its range."""

from __future__ import annotations

import tomllib

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

from conftest import REPO


def _declared() -> list[Requirement]:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    texts = list(project["dependencies"])
    for extra in project.get("optional-dependencies", {}).values():
        texts.extend(extra)
    return [Requirement(text) for text in texts]


def _pins() -> dict[str, Version]:
    pins: dict[str, Version] = {}
    for number, line in enumerate((REPO / "constraints.txt").read_text(encoding="utf-8").splitlines(), start=1):
        text = line.split("#", 1)[0].strip()
        if not text:
            continue
        name, equals, version = text.partition("==")
        assert equals, f"constraints.txt:{number}: {line!r} is not an exact pin (name==version)"
        pins[canonicalize_name(name)] = Version(version.strip())
    return pins


def test_every_declared_dependency_is_pinned_within_its_range() -> None:
    pins = _pins()
    problems = []
    for requirement in _declared():
        pinned = pins.get(canonicalize_name(requirement.name))
        if pinned is None:
            problems.append(f"{requirement.name} is not in constraints.txt")
        elif not requirement.specifier.contains(pinned, prereleases=True):
            problems.append(f"{requirement.name}=={pinned} is outside pyproject.toml's {requirement}")
    assert not problems, "regenerate constraints.txt (see its header): " + "; ".join(problems)


def test_the_test_extra_has_what_other_tests_need() -> None:
    names = {canonicalize_name(requirement.name) for requirement in _declared()}
    assert {"hypothesis", "import-linter", "pytest", "mypy", "ruff"} <= names


def test_ci_installs_with_the_constraints() -> None:
    assert "-c constraints.txt" in (REPO / ".ci" / "run").read_text(encoding="utf-8")
