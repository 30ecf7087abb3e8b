"""The evaluate phase's entry points through the engine seam: document, mesh and change."""

from __future__ import annotations

import datetime
import textwrap
from pathlib import Path

import pytest

from conftest import EXAMPLES, TODAY
from meshgate.discover import Target
from meshgate.errors import PolicyError
from meshgate.evaluate.evaluation import Evaluation, Placement, spans_of
from meshgate.evaluate.join import ContractIndex
from meshgate.evaluate.policies import load_policies
from meshgate.options import Options
from meshgate.prepare import Preparer

OPTIONS = Options(today=datetime.date.fromisoformat(TODAY), jobs=1)

CHANGE_POLICY = """\
    # METADATA
    # title: A product keeps its output ports
    # custom:
    #   severity: error
    package meshgate.change.port_removed

    import rego.v1

    deny contains {"msg": msg, "path": "/outputPorts"} if {
        some old in input.previous.product.ports
        not old.name in {port.name | some port in input.current.product.ports}
        msg := sprintf("output port '%s' was removed", [old.name])
    }
"""


def placement(file: Path, text: str | None = None) -> Placement:
    if text is not None:
        file.write_text(text, encoding="utf-8")
    (prepared,) = Preparer(OPTIONS).prepare_file(Target(file.name, file)).prepared
    return Placement(
        prepared.file,
        prepared.document.index,
        prepared.root,
        prepared.spec_input(),
        prepared.product,
        spans_of(prepared, prepared.product, whole_descriptor=True),
        prepared.descriptor,
    )


def test_change_policies_see_both_versions_and_land_on_the_current(tmp_path: Path) -> None:
    (tmp_path / "policies").mkdir()
    (tmp_path / "policies" / "port_removed.rego").write_text(textwrap.dedent(CHANGE_POLICY), encoding="utf-8")
    evaluation = Evaluation(load_policies([tmp_path / "policies"], builtin=False), OPTIONS)
    original = (EXAMPLES / "checkout" / "orders.odps.yaml").read_text(encoding="utf-8")
    previous = placement(tmp_path / "old.odps.yaml", original)
    current = placement(
        tmp_path / "new.odps.yaml", original.replace("outputPorts:\n", "outputPorts: []\nretired:\n", 1)
    )
    (finding,) = evaluation.changes([(previous, current)], ContractIndex())
    assert (finding.rule_id, finding.file, finding.message) == (
        "change/port-removed",
        "new.odps.yaml",
        "output port 'orders-v1' was removed",
    )
    assert finding.line == 39  # the outputPorts key of the current version
    assert finding.fingerprint
    # The same version twice: nothing changed, nothing found; document and mesh entry points are not asked.
    assert evaluation.changes([(previous, previous)], ContractIndex()) == []
    assert not evaluation.wants_mesh


def test_a_run_that_compares_nothing_does_not_compile_the_change_policies(tmp_path: Path) -> None:
    """validate without --against leaves the change policies out of the engine, and says so if asked for them."""
    (tmp_path / "policies").mkdir()
    # Not a policy the engine could compile (an unsafe variable): only a run that compares versions finds out.
    (tmp_path / "policies" / "unsafe.rego").write_text(
        'package meshgate.change.unsafe\n\nimport rego.v1\n\ndeny contains msg if {\n\tx == 1\n\tmsg := "a"\n}\n',
        encoding="utf-8",
    )
    (tmp_path / "policies" / "port_removed.rego").write_text(textwrap.dedent(CHANGE_POLICY), encoding="utf-8")
    policy_set = load_policies([tmp_path / "policies"], builtin=False)
    evaluation = Evaluation(policy_set, OPTIONS, changes=False)
    assert evaluation.policy_set is policy_set  # reports still count and describe every policy
    file = placement(tmp_path / "a.odps.yaml", (EXAMPLES / "checkout" / "orders.odps.yaml").read_text("utf-8"))
    with pytest.raises(RuntimeError, match="changes=False"):
        evaluation.changes([(file, file)], ContractIndex())
    with pytest.raises(PolicyError, match="unsafe"):
        Evaluation(policy_set, OPTIONS)
