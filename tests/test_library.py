"""The built-in policy library end to end: where its findings land, its metadata, its robustness.

Each directory of tests/fixtures/library holds small descriptors of one spec
and, beside each, ``<name>.expected.yaml``: the policy findings written by hand
from the descriptor (rule id, line, and file when the finding lands in another
descriptor, a contract the product joins). A directory is checked in one run,
so products join their contracts as they do in a real mesh.
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import EXAMPLES, REPO, TODAY
from meshgate._version import __version__
from meshgate.cli import main
from meshgate.discover import Target
from meshgate.errors import PolicyError
from meshgate.evaluate.evaluation import Evaluation
from meshgate.evaluate.policies import load_policies
from meshgate.options import Options
from meshgate.pipeline import check, load
from meshgate.resources import policies_dir
from meshgate.specs import BY_NAME

FIXTURES = REPO / "tests" / "fixtures" / "library"
SPECS = sorted(path.name for path in FIXTURES.iterdir() if path.is_dir())
# Mesh policies judge a run of many products: tests/test_mesh.py and tests/fixtures/mesh.
NOT_POLICIES = ("load/", "detect/", "schema/", "mesh/")
SEMVER = re.compile(r"^\d+\.\d+\.\d+$")

Place = tuple[str, str, int]  # rule id, file, line


def _descriptors(directory: Path) -> list[Path]:
    return sorted(
        path for path in directory.iterdir() if path.suffix in (".yaml", ".json") and ".expected." not in path.name
    )


def _expected(directory: Path) -> set[Place]:
    places: set[Place] = set()
    for descriptor in _descriptors(directory):
        stem = descriptor.name.split(".")[0]
        expectations = directory / f"{stem}.expected.yaml"
        assert expectations.is_file(), f"{descriptor} has no {expectations.name} beside it"
        for item in yaml.safe_load(expectations.read_text(encoding="utf-8")) or []:
            file = (directory / item["file"]) if "file" in item else descriptor
            places.add((item["rule_id"], file.relative_to(REPO).as_posix(), item["line"]))
    return places


def _validate(directory: Path, capsys: pytest.CaptureFixture[str]) -> dict[str, Any]:
    args = ["validate", str(directory.relative_to(REPO)), "--format", "json", "--today", TODAY]
    args += ["--pattern", "*.yaml", "--pattern", "*.json", "--exclude", "*.expected.yaml"]
    code = main(args)
    captured = capsys.readouterr()
    assert code in (0, 1), captured.err
    report: dict[str, Any] = json.loads(captured.out)
    return report


@pytest.fixture(autouse=True)
def _in_repo(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)


@pytest.mark.parametrize("spec", SPECS)
def test_findings_land_on_the_expected_lines(spec: str, capsys: pytest.CaptureFixture[str]) -> None:
    report = _validate(FIXTURES / spec, capsys)
    assert {document["spec"] for document in report["documents"]} <= {spec, "bitol-odcs", "datacontract-dcs"}
    # A policy finding at the place of a load finding that explains it is told inside that one ([rule-id]).
    told = {
        (rule_id, finding["file"], finding["line"])
        for finding in report["findings"]
        for rule_id in re.findall(r"\[([a-z0-9-]+/[a-z0-9-]+)\]", finding["message"])
    }
    actual = {
        place
        for place in {(finding["rule_id"], finding["file"], finding["line"]) for finding in report["findings"]} | told
        if not place[0].startswith(NOT_POLICIES)
    }
    expected = _expected(FIXTURES / spec)
    assert sorted(actual - expected) == [], "findings not expected"
    assert sorted(expected - actual) == [], "expected findings missing"


def test_fixtures_cover_every_policy(capsys: pytest.CaptureFixture[str]) -> None:
    covered = {rule for spec in SPECS for rule, _, _ in _expected(FIXTURES / spec)}
    document_policies = {
        policy.id for policy in load_policies([]).policies if not policy.id.startswith(("change/", "mesh/"))
    }
    assert document_policies - covered == set()  # change policies: tests/test_changes.py; mesh: tests/test_mesh.py


def test_every_policy_has_complete_metadata() -> None:
    policy_set = load_policies([])
    assert len(policy_set.policies) >= 20
    changelog = (REPO / "CHANGELOG.md").read_text(encoding="utf-8")
    for policy in policy_set.policies:
        assert policy.title != policy.id, f"{policy.file}: METADATA has no title"
        assert policy.description, f"{policy.file}: METADATA has no description"
        assert policy.remediation, f"{policy.file}: METADATA has no custom.remediation"
        assert "severity" in policy.custom, f"{policy.file}: METADATA has no custom.severity"
        assert policy.since is not None, f"{policy.file}: METADATA has no custom.since"
        assert SEMVER.match(policy.since), f"{policy.file}: custom.since is not a version"
        released = tuple(map(int, __version__.split(".")[:3]))
        # At most the next minor release, which the CHANGELOG's [Unreleased] section is on its way to.
        upcoming = (released[0], released[1] + 1, 0) if "## [Unreleased]" in changelog else released
        since = tuple(map(int, policy.since.split(".")[:3]))
        assert since <= upcoming, f"{policy.file}: custom.since is past the next release"
        assert set(policy.specs) <= set(BY_NAME), f"{policy.file}: unknown spec in custom.scope.specs"
        assert policy.id == policy.package.removeprefix("meshgate.").replace(".", "/").replace("_", "-")


def test_the_built_in_metadata_reads_the_same_with_the_quick_loader(monkeypatch: pytest.MonkeyPatch) -> None:
    """A run reads the shipped policies' METADATA with PyYAML's C loader alone; meshgate's own loader (duplicate
    keys, YAML 1.2 values, every limit) must find the same data and nothing wrong in every block."""
    from meshgate.evaluate import metadata
    from meshgate.load.inputs import Input

    blocks: list[tuple[str, str, int]] = []
    read = metadata.read

    def recorded(path: str, body: str, first_line: int, *, builtin: bool = False) -> Input:
        blocks.append((path, body, first_line))
        return read(path, body, first_line, builtin=builtin)

    monkeypatch.setattr(metadata, "read", recorded)
    load_policies([])
    assert len(blocks) >= 40
    for path, body, first_line in blocks:
        careful = metadata.parse(path, body, first_line)
        metadata.check(careful)
        assert read(path, body, first_line, builtin=True).data == careful.data, path
    # A mistake in a shipped block is read again carefully, for its line.
    with pytest.raises(PolicyError, match="severity") as raised:
        read("policies/x.rego", "title: X\ncustom:\n  severity: loud\n", 2, builtin=True)
    assert raised.value.line == 4


def test_every_config_key_is_read_by_a_policy() -> None:
    config = json.loads((policies_dir() / "data.json").read_text(encoding="utf-8"))["meshgate"]["config"]
    sources = "\n".join(path.read_text(encoding="utf-8") for path in policies_dir().rglob("*.rego"))
    # Built-in policies read the configuration through its cached rule, data.meshgate.lib.facts.config.
    assert [key for key in config if f"data.meshgate.lib.facts.config.{key}" not in sources] == []


# Robustness: no descriptor makes a policy fail. Random values replace random
# values of every fixture and example; a policy error raises PolicyError.

REPLACEMENTS: tuple[Any, ...] = (
    None,
    0,
    -1.5,
    True,
    "",
    "  ",
    "x",
    "99.9%",
    "{{X}}",
    "v1.0",
    [],
    [None],
    ["x", 1],
    {},
    {"a": None},
    {"property": "availability", "value": None},
)


def _paths(value: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield path
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _paths(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _paths(item, (*path, index))


def _replace(value: Any, path: tuple[Any, ...], new: Any) -> Any:
    if not path:
        return new
    head, rest = path[0], path[1:]
    if isinstance(value, dict):
        return {key: _replace(item, rest, new) if key == head else item for key, item in value.items()}
    return [_replace(item, rest, new) if index == head else item for index, item in enumerate(value)]


def _samples() -> list[Path]:
    files = [path for spec in SPECS for path in _descriptors(FIXTURES / spec)]
    files += sorted(
        path for path in EXAMPLES.rglob("*") if path.suffix in (".yaml", ".json") and "policies" not in path.parts
    )
    return files


def test_no_mutated_descriptor_makes_a_policy_fail(tmp_path: Path) -> None:
    options = Options(jobs=1)
    evaluation = Evaluation(load(options), options)
    generator = random.Random(20261124)
    checked = 0
    for number, sample in enumerate(_samples()):
        original = yaml.safe_load(sample.read_text(encoding="utf-8"))
        paths = list(_paths(original))
        # A sample's twenty mutations in one run: a policy that fails on one names its file.
        mutations: dict[str, Any] = {}
        for round_ in range(20):
            mutated = original
            for _ in range(generator.randint(1, 3)):
                path = generator.choice(paths)
                if _exists(mutated, path):
                    mutated = _replace(mutated, path, generator.choice(REPLACEMENTS))
            target = tmp_path / str(number) / f"{round_}-{sample.name}"
            target.parent.mkdir(exist_ok=True)
            target.write_text(json.dumps(mutated) if sample.suffix == ".json" else yaml.safe_dump(mutated), "utf-8")
            mutations[target.name] = mutated
        targets = [Target(name, tmp_path / str(number) / name) for name in mutations]
        report = check(targets, options, evaluation=evaluation)
        failed = [f for f in report.findings if f.rule_id.startswith("evaluate/")]
        assert failed == [], f"{failed[0].file} mutated as {mutations[failed[0].file]!r:.300}" if failed else ""
        checked += len(mutations)
    assert checked >= 300


def _exists(value: Any, path: tuple[Any, ...]) -> bool:
    for key in path:
        found = (isinstance(value, dict) and key in value) or (
            isinstance(value, list) and isinstance(key, int) and key < len(value)
        )
        if not found:
            return False
        value = value[key]
    return True
