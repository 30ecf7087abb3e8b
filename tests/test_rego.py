"""Every policy's Rego unit tests pass, run by the embedded engine."""

from __future__ import annotations

import json
import re

import pytest
import regorus

from meshgate.resources import policies_dir

POLICIES = policies_dir()
TEST_RULE = re.compile(r"^(test_\w+)", re.MULTILINE)
PACKAGE = re.compile(r"^package\s+([\w.]+)", re.MULTILINE)


def _engine() -> regorus.Engine:
    engine = regorus.Engine()
    for path in sorted(POLICIES.rglob("*.rego")):
        engine.add_policy(str(path.relative_to(POLICIES)), path.read_text(encoding="utf-8"))
    engine.add_data(json.loads((POLICIES / "data.json").read_text(encoding="utf-8")))
    return engine


ENGINE = _engine()
CASES = [
    (PACKAGE.search(text).group(1), name)  # type: ignore[union-attr]
    for path in sorted(POLICIES.rglob("*_test.rego"))
    for text in [path.read_text(encoding="utf-8")]
    for name in TEST_RULE.findall(text)
]


def test_every_policy_has_tests_beside_it() -> None:
    for policy in POLICIES.rglob("*.rego"):
        if not policy.name.endswith("_test.rego"):
            assert policy.with_name(policy.stem + "_test.rego").is_file(), f"{policy} has no _test.rego beside it"


@pytest.mark.parametrize(("package", "test"), CASES, ids=[f"{p.removeprefix('meshgate.')}.{t}" for p, t in CASES])
def test_rego(package: str, test: str) -> None:
    assert ENGINE.eval_rule(f"data.{package}.{test}") is True
