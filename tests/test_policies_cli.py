"""meshgate policies list / show / doc."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

from conftest import REPO, RunCli
from meshgate.evaluate.docs import reference
from meshgate.evaluate.policies import load_policies

CUSTOM = textwrap.dedent(
    """\
    # METADATA
    # title: Cost centre declared
    # description: Every product names the cost centre that pays for it.
    # custom:
    #   severity: warning
    #   remediation: Add a costCentre custom property.
    #   since: 1.0.0
    #   scope:
    #     specs: [bitol-odps]
    #   examples:
    #     spec: bitol-odps
    #     failing: |
    #       customProperties: []
    #     passing: |
    #       customProperties:
    #         - property: costCentre
    #           value: CC-1234
    package meshgate.acme.cost_centre

    import rego.v1

    warn contains "no cost centre" if not input.descriptor.customProperties
    """
)


def test_list_has_every_builtin_policy(run_cli: RunCli) -> None:
    result = run_cli("policies", "list")
    assert result.returncode == 0
    header, *rows = result.stdout.splitlines()
    assert header.split() == ["ID", "SEVERITY", "STATE", "DATE", "TITLE", "SPECS"]
    assert any(row.startswith("ownership/owner-required ") for row in rows)


def test_list_json_and_custom_policies(run_cli: RunCli, tmp_path: Path) -> None:
    (tmp_path / "cost_centre.rego").write_text(CUSTOM)
    result = run_cli("policies", "list", "--policies", str(tmp_path), "--no-builtin-policies", "--format", "json")
    assert json.loads(result.stdout) == [
        {
            "id": "acme/cost-centre",
            "severity": "warning",
            "state": "enabled",
            "enforce_after": None,
            "title": "Cost centre declared",
            "specs": ["bitol-odps"],
            "file": f"{tmp_path}/cost_centre.rego",
        }
    ]


def test_show_prints_description_remediation_and_examples(run_cli: RunCli, tmp_path: Path) -> None:
    (tmp_path / "cost_centre.rego").write_text(CUSTOM)
    result = run_cli("policies", "show", "acme/cost-centre", "--policies", str(tmp_path))
    assert result.returncode == 0
    text = result.stdout
    assert text.startswith("# `acme/cost-centre`: Cost centre declared\n")
    assert "Every product names the cost centre that pays for it." in text
    assert "**Fix.** Add a costCentre custom property." in text
    assert "Fails (bitol-odps):\n\n```yaml\ncustomProperties: []\n```" in text
    assert "value: CC-1234" in text


def test_show_of_an_unknown_policy_is_a_usage_error(run_cli: RunCli) -> None:
    result = run_cli("policies", "show", "owner-required")
    assert result.returncode == 2
    assert "no policy 'owner-required'" in result.stderr
    assert "ownership/owner-required" in result.stderr


def test_doc_writes_markdown(run_cli: RunCli, tmp_path: Path) -> None:
    target = tmp_path / "docs" / "policies.md"
    result = run_cli("policies", "doc", "--output", str(target))
    assert result.returncode == 0
    text = target.read_text()
    assert text.startswith("# meshgate policies\n")
    assert "## `ownership/owner-required`: " in text


def test_committed_reference_is_current() -> None:
    committed = REPO / "docs" / "policies.md"
    assert committed.read_text(encoding="utf-8") == reference(load_policies([]).policies), (
        "docs/policies.md is stale: run `meshgate policies doc --output docs/policies.md` and commit it"
    )
