"""The published pre-commit hook matches the file names meshgate looks for."""

from __future__ import annotations

import fnmatch
import re

import pytest
import yaml

from conftest import REPO
from meshgate.discover import DEFAULT_PATTERNS

HOOKS = {hook["id"]: hook for hook in yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))}
NAMES = [
    "orders.odps.yaml",
    "orders.ODPS.yml",
    "orders-v1.odcs.json",
    "data-product.yaml",
    "DataProduct.yml",
    "dataproduct.json",
    "sales.dataproduct.yaml",
    "data-product-descriptor.json",
    "trips.dpds.yml",
    "trips.dpd.json",
    "datacontract.yaml",
    "orders.datacontract.yml",
    "catalog-info.yaml",
    "values.yaml",
    "odps.yaml",
    "my-data-product.yaml",
    "data-product.yaml.bak",
]


@pytest.mark.parametrize("name", NAMES)
def test_hook_files_pattern_agrees_with_discovery(name: str) -> None:
    hook = HOOKS["meshgate-validate"]
    by_hook = re.search(hook["files"], f"products/{name}") is not None
    by_discovery = any(fnmatch.fnmatchcase(name.lower(), pattern) for pattern in DEFAULT_PATTERNS)
    assert by_hook == by_discovery


def test_hook_runs_the_validate_command() -> None:
    hook = HOOKS["meshgate-validate"]
    assert hook["entry"] == "meshgate validate"
    assert hook["language"] == "python"
    assert hook["require_serial"] is True


def test_project_url_is_said_once() -> None:
    import tomllib

    from meshgate._version import __url__

    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["urls"]["Homepage"] == __url__
