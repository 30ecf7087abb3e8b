"""Discovery by content: --discover content / config discover: content.

tests/fixtures/discover holds descriptors under the names real repositories
give them (dpd-core.json, dataproducts/*.yaml, contracts/*.yml) beside YAML and
JSON files that only mention a marker in a comment or a string. Each spec
plugin decides from a file's first few KB (``Spec.sniff``).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import REPO, RunCli
from meshgate.discover import discover
from meshgate.specs import SPECS

FIXTURES = REPO / "tests" / "fixtures" / "discover"
BY_NAME: list[str] = []  # none of them has a default descriptor name (tests/ must hold none)
BY_CONTENT = [
    "tests/fixtures/discover/contracts/orders-contract.yml",
    "tests/fixtures/discover/dataproducts/checkout-orders.yaml",
    "tests/fixtures/discover/dpd-core.json",
]


def _found(content: bool) -> list[str]:
    return [target.path.relative_to(REPO).as_posix() for target in discover([FIXTURES], content=content)]


def test_names_find_only_the_default_names() -> None:
    assert _found(content=False) == BY_NAME


def test_content_finds_descriptors_under_any_name_and_nothing_else() -> None:
    assert _found(content=True) == BY_CONTENT


def test_every_spec_has_a_content_marker_its_own_descriptors_carry() -> None:
    library = REPO / "tests" / "fixtures" / "library"
    for spec in SPECS:
        assert spec.sniff("") is False
        samples = [path for path in (library / spec.name).glob("*") if ".expected." not in path.name]
        carried = [path.name for path in samples if spec.sniff(path.read_text("utf-8")[:4096])]
        assert carried, f"{spec.name}: no library fixture carries its marker"


@pytest.mark.parametrize(
    ("head", "spec"),
    [
        ('{"kind": "DataContract", "apiVersion": "v3.0.2"}', "bitol-odcs"),
        ("apiVersion: v1.0.0\nkind: DataProduct\n", "bitol-odps"),
        ("id: x\ndataProductOwner: user:a\n", "witboost-dps"),
        ('{"dataProductDescriptor": "1.0.0"}', "odm-dpds"),
        ("dataContractSpecification: 1.1.0\n", "datacontract-dcs"),
        ("dataProductSpecification: 0.0.1\n", "dmm-dps"),
        ("schema: https://opendataproducts.org/v4.1/schema/odps.yaml\n", "lf-odps"),
    ],
)
def test_each_plugin_recognizes_its_marker_only(head: str, spec: str) -> None:
    assert [candidate.name for candidate in SPECS if candidate.sniff(head)] == [spec]


def test_a_marker_in_a_comment_or_a_string_is_not_one() -> None:
    for head in ("# kind: DataContract\n", '{"description": "kind: DataProduct"}', "note: dataProductOwner is\n"):
        assert [spec.name for spec in SPECS if spec.sniff(head)] == [], head


def test_cli_option_and_configuration(run_cli: RunCli, tmp_path: Path) -> None:
    relative = str(FIXTURES.relative_to(REPO))
    by_option = run_cli("validate", relative, "--discover", "content", "-f", "json", "--fail-on", "never")
    assert by_option.returncode == 0, by_option.stderr
    assert sorted(json.loads(by_option.stdout)["files"]) == BY_CONTENT
    (tmp_path / "meshgate.yaml").write_text("discover: content\nfail-on: never\n", "utf-8")
    by_config = run_cli("validate", relative, "-f", "json", "--config", str(tmp_path / "meshgate.yaml"))
    assert by_config.returncode == 0, by_config.stderr
    assert sorted(json.loads(by_config.stdout)["files"]) == BY_CONTENT
    (tmp_path / "meshgate.yaml").write_text("discover: everything\n", "utf-8")
    wrong = run_cli("validate", str(FIXTURES), "--config", str(tmp_path / "meshgate.yaml"))
    assert wrong.returncode == 2
    assert "discover" in wrong.stderr
