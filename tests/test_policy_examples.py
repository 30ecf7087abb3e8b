"""The examples every built-in policy documents (METADATA custom.examples) stay true.

``meshgate policies show`` and ``meshgate policies doc`` print each policy's
examples: a failing and a passing descriptor of one spec. Here each snippet
goes through the real pipeline: the failing one yields a finding of the
policy, the passing one none, and both are detected as the spec the example
names, so an example cannot drift from what the policy does.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest

from conftest import TODAY
from meshgate.discover import Target
from meshgate.evaluate.docs import examples_of
from meshgate.evaluate.evaluation import Evaluation
from meshgate.evaluate.policies import Policy, load_policies
from meshgate.model.finding import Finding
from meshgate.model.report import Report
from meshgate.options import Options
from meshgate.pipeline import check, diff_files, load
from meshgate.specs import BY_NAME

# Mesh policies (meshgate.mesh.*) judge a run of many documents, which one snippet cannot show:
# their examples are the mesh of tests/fixtures/mesh (tests/test_mesh.py).
POLICIES = sorted(
    (policy for policy in load_policies([]).policies if not policy.package.startswith("meshgate.mesh.")),
    key=lambda policy: policy.id,
)
SNIPPETS = ("failing", "passing")
EXAMPLE_KEYS = {"spec", "failing", "passing", "title", "previous"}
# Findings that say the snippet itself is not a well-formed descriptor of its spec.
NOT_A_DESCRIPTOR = ("load/", "detect/")


def _example_params() -> list[Any]:
    params = []
    for policy in POLICIES:
        for index, example in enumerate(examples_of(policy)):
            for which in SNIPPETS:
                name = f"{policy.id}-{index}-{example.get('spec')}-{which}"
                params.append(pytest.param(policy, example, which, id=name))
    return params


def _listing(findings: list[Finding]) -> str:
    return "\n".join(f"  {finding.rule_id}: {finding.message}" for finding in findings) or "  (no findings)"


@pytest.fixture(scope="module")
def options() -> Options:
    return Options(today=datetime.date.fromisoformat(TODAY), jobs=1)


@pytest.fixture(scope="module")
def pipeline(options: Options) -> Evaluation:
    """The built-in policies, compiled once for every example."""
    return Evaluation(load(options), options)


def _check(text: str, directory: Path, options: Options, pipeline: Evaluation) -> Report:
    path = directory / "data-product.yaml"
    path.write_text(text, encoding="utf-8")
    return check([Target(path.name, path)], options, evaluation=pipeline)


@pytest.mark.parametrize("policy", POLICIES, ids=[policy.id for policy in POLICIES])
def test_every_policy_has_an_example_of_a_spec_it_applies_to(policy: Policy) -> None:
    written = policy.custom.get("examples")
    assert isinstance(written, list), f"{policy.file}: METADATA custom.examples is not a list"
    examples = examples_of(policy)
    assert examples, f"{policy.file}: METADATA custom.examples is empty"
    assert len(examples) == len(written), f"{policy.file}: custom.examples holds an item that is not a mapping"
    for example in examples:
        assert set(example) <= EXAMPLE_KEYS, f"{policy.file}: unknown example keys {set(example) - EXAMPLE_KEYS}"
        for key in ("spec", "failing", "passing"):
            value = example.get(key)
            assert isinstance(value, str), f"{policy.file}: an example's {key} is not text"
            assert value.strip(), f"{policy.file}: an example has an empty {key}"
        spec = example["spec"]
        assert spec in BY_NAME, f"{policy.file}: example spec {spec!r} is not a spec meshgate knows"
        in_scope = not policy.specs or spec in policy.specs
        assert in_scope, f"{policy.file}: the policy does not apply to {spec} (custom.scope.specs)"
        assert example["failing"] != example["passing"], f"{policy.file}: the failing and passing {spec} are the same"
        # A change policy's example is a previous version and two current ones; a document policy's has none.
        assert ("previous" in example) == policy.package.startswith("meshgate.change."), f"{policy.file}: previous"


@pytest.mark.parametrize(("policy", "example", "which"), _example_params())
def test_example_holds(
    policy: Policy, example: Mapping[str, Any], which: str, tmp_path: Path, options: Options, pipeline: Evaluation
) -> None:
    if "previous" in example:
        (tmp_path / "previous.yaml").write_text(example["previous"], encoding="utf-8")
        (tmp_path / "current.yaml").write_text(example[which], encoding="utf-8")
        old, new = (Target(name, tmp_path / name) for name in ("previous.yaml", "current.yaml"))
        report = diff_files(old, new, options, evaluation=pipeline)
    else:
        report = _check(example[which], tmp_path, options, pipeline)
    findings = list(report.findings)
    specs = [document.spec for document in report.documents]
    assert specs == [example["spec"]], f"the {which} snippet is detected as {specs}:\n{_listing(findings)}"
    assert not [f for f in findings if f.rule_id.startswith("detect/")], f"detection:\n{_listing(findings)}"
    own = [finding for finding in findings if finding.rule_id == policy.id]
    if which == "failing":
        assert own, f"the failing snippet yields no {policy.id} finding; it yields:\n{_listing(findings)}"
    else:
        assert not own, f"the passing snippet yields {policy.id}:\n{_listing(own)}"
        malformed = [finding for finding in findings if finding.rule_id.startswith(NOT_A_DESCRIPTOR)]
        assert not malformed, f"the passing snippet does not load cleanly:\n{_listing(malformed)}"
