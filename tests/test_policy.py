from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from meshgate.errors import PolicyError, UsageError
from meshgate.evaluate.policies import load_data, load_policies, rule_id_for
from meshgate.model.finding import Severity


def write(directory: Path, name: str, text: str) -> Path:
    path = directory / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


POLICY = """\
# METADATA
# title: Cost centre declared
# description: Every product names the cost centre that pays for it.
# custom:
#   severity: warning
#   remediation: Add a cost centre.
#   since: 1.2.0
#   scope:
#     specs: [bitol-odps]
#     environments: production
package meshgate.acme.cost_centre

import rego.v1

warn contains "no cost centre" if not input.descriptor.costCentre
"""


def test_metadata_and_rule_id(tmp_path: Path) -> None:
    write(tmp_path, "acme/cost_centre.rego", POLICY)
    write(tmp_path, "acme/cost_centre_test.rego", "package meshgate.acme.cost_centre_test\n")
    write(tmp_path, "lib/helpers.rego", "package meshgate.lib.acme\n\nimport rego.v1\n\nhelper := 1\n")
    policy_set = load_policies([tmp_path], builtin=False)
    (policy,) = policy_set.policies
    assert policy.id == "acme/cost-centre"
    assert (policy.title, policy.severity, policy.remediation, policy.since) == (
        "Cost centre declared",
        Severity.WARNING,
        "Add a cost centre.",
        "1.2.0",
    )
    assert (policy.specs, policy.environments, policy.rules) == (("bitol-odps",), ("production",), ("warn",))
    assert policy.line == 11
    assert {module.package for module in policy_set.modules} == {"meshgate.acme.cost_centre", "meshgate.lib.acme"}
    assert policy_set.digest.startswith("sha256:")


def test_rule_ids_come_from_packages() -> None:
    assert rule_id_for("meshgate.ownership.owner_required") == "ownership/owner-required"
    assert rule_id_for("main") == "main"


def test_custom_id_and_defaults(tmp_path: Path) -> None:
    write(
        tmp_path,
        "p.rego",
        '# METADATA\n# custom:\n#   id: ACME-001\npackage main\n\nimport rego.v1\n\ndeny contains "x" if false\n',
    )
    (policy,) = load_policies([tmp_path], builtin=False).policies
    assert (policy.id, policy.title, policy.severity) == ("ACME-001", "ACME-001", Severity.ERROR)


def test_bad_severity_names_the_file_and_line(tmp_path: Path) -> None:
    write(tmp_path, "p.rego", POLICY.replace("severity: warning", "severity: critical"))
    with pytest.raises(PolicyError, match=r"p\.rego:5:1: METADATA custom.severity is 'critical'"):
        load_policies([tmp_path], builtin=False)


def test_metadata_that_is_not_yaml(tmp_path: Path) -> None:
    write(tmp_path, "p.rego", "# METADATA\n# title: [unclosed\npackage meshgate.x.y\n\ndeny contains 1 if false\n")
    with pytest.raises(PolicyError, match=r"p\.rego:\d+:\d+: the METADATA is not valid YAML"):
        load_policies([tmp_path], builtin=False)


def test_file_without_package(tmp_path: Path) -> None:
    write(tmp_path, "p.rego", "deny contains 1 if true\n")
    with pytest.raises(PolicyError, match=r"p\.rego:1:1: no 'package' declaration"):
        load_policies([tmp_path], builtin=False)


def test_two_packages_with_one_id(tmp_path: Path) -> None:
    write(tmp_path, "a.rego", "package meshgate.a.b_c\n\nimport rego.v1\n\ndeny contains 1 if false\n")
    write(
        tmp_path,
        "b.rego",
        "package meshgate.a.b-c\n\nimport rego.v1\n\ndeny contains 1 if false\n".replace("b-c", "b_c_"),
    )
    write(
        tmp_path,
        "c.rego",
        "# METADATA\n# custom:\n#   id: a/b-c\npackage meshgate.z\n\nimport rego.v1\n\ndeny contains 1 if false\n",
    )
    with pytest.raises(PolicyError, match="policy id a/b-c is used by"):
        load_policies([tmp_path], builtin=False)


def test_missing_policy_directory(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="does not exist"):
        load_policies([tmp_path / "nope"], builtin=False)


def test_data_files_merge_key_by_key(tmp_path: Path) -> None:
    first = write(
        tmp_path, "a.yaml", "meshgate:\n  config:\n    availability_minimum_percent: 99.5\nacme:\n  extra: [1]\n"
    )
    second = write(tmp_path, "b.json", '{"meshgate": {"config": {"known_domains": ["x"]}}, "acme": {"extra": [2]}}')
    data = load_data([first, second], builtin=None)
    assert data == {
        "meshgate": {"config": {"availability_minimum_percent": 99.5, "known_domains": ["x"]}},
        "acme": {"extra": [2]},
    }


@pytest.mark.parametrize(("text", "message"), [("- a\n", "must hold a mapping"), ("a: [\n", "not valid YAML or JSON")])
def test_bad_data_files(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(UsageError, match=message):
        load_data([write(tmp_path, "d.yaml", text)], builtin=None)


def test_builtin_library_loads() -> None:
    policy_set = load_policies([])
    ids = {policy.id for policy in policy_set.policies}
    assert {"ownership/owner-required", "access/classification-required", "slo/availability-declared"} <= ids
    for policy in policy_set.policies:
        assert policy.title != policy.id, f"{policy.id} has no METADATA title"
        assert policy.description, f"{policy.id} has no description"
        assert policy.remediation, f"{policy.id} has no remediation"
        assert policy.since, f"{policy.id} has no since"
    assert policy_set.data["meshgate"]["config"]["availability_minimum_percent"] == 99.0
