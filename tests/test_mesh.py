"""The mesh policies (meshgate.mesh.*) over a small mesh of three domains.

tests/fixtures/mesh holds products that read from each other across domains:
a cycle, a deprecated port past its end of life and one before it, a port kept
inside its domain read from another, a dependency on a contract no one
declares, a product with no output port, a product id declared twice and a
port id declared twice. Every finding lands on the line of the dependency (or
of the id) it is about.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import REPO, TODAY
from meshgate import pipeline
from meshgate.cli import main
from meshgate.evaluate import engines
from meshgate.evaluate.policies import load_policies

MESH = REPO / "tests" / "fixtures" / "mesh"


def _validate(capsys: pytest.CaptureFixture[str], *paths: Path) -> dict[str, Any]:
    args = ["validate", *(str(path.relative_to(REPO)) for path in paths), "--format", "json", "--today", TODAY]
    args += ["--pattern", "*.yaml", "--exclude", "expected.yaml"]
    code = main(args)
    captured = capsys.readouterr()
    assert code == 1, captured.err
    report: dict[str, Any] = json.loads(captured.out)
    return report


def _mesh_findings(report: dict[str, Any]) -> set[tuple[str, str, int, str]]:
    return {
        (f["rule_id"], Path(f["file"]).relative_to(MESH.relative_to(REPO)).as_posix(), f["line"], f["severity"])
        for f in report["findings"]
        if f["rule_id"].startswith("mesh/")
    }


@pytest.fixture(autouse=True)
def _in_repo(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)


def test_mesh_findings_land_on_the_expected_lines(capsys: pytest.CaptureFixture[str]) -> None:
    expected = {
        (item["rule_id"], item["file"], item["line"], item["severity"])
        for item in yaml.safe_load((MESH / "expected.yaml").read_text(encoding="utf-8"))
    }
    actual = _mesh_findings(_validate(capsys, MESH))
    assert sorted(actual - expected) == [], "findings not expected"
    assert sorted(expected - actual) == [], "expected findings missing"


def test_the_fixture_covers_every_mesh_policy() -> None:
    expected = yaml.safe_load((MESH / "expected.yaml").read_text(encoding="utf-8"))
    mesh_policies = {policy.id for policy in load_policies([]).policies if policy.id.startswith("mesh/")}
    assert mesh_policies == {item["rule_id"] for item in expected}


def test_a_dependency_is_dangling_only_when_the_run_lacks_what_it_names(capsys: pytest.CaptureFixture[str]) -> None:
    # Validated alone, finance's invoices read deals no document of the run declares.
    report = _validate(capsys, MESH / "finance")
    assert sorted(_mesh_findings(report)) == [
        ("mesh/dangling-dependency", "finance/invoices.yaml", 11, "warning"),
        ("mesh/dangling-dependency", "finance/invoices.yaml", 14, "warning"),
    ]


def test_a_deprecated_port_is_a_warning_until_its_end_of_life(capsys: pytest.CaptureFixture[str]) -> None:
    args = ["validate", str(MESH.relative_to(REPO)), "--format", "json", "--today", "2026-06-01"]
    main([*args, "--pattern", "*.yaml", "--exclude", "expected.yaml"])
    report = json.loads(capsys.readouterr().out)
    deprecated = {place for place in _mesh_findings(report) if place[0] == "mesh/deprecated-dependency"}
    assert deprecated == {
        ("mesh/deprecated-dependency", "finance/invoices.yaml", 11, "warning"),
        ("mesh/deprecated-dependency", "marketing/campaigns-copy.yaml", 14, "warning"),
    }


def _report(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, slim: bool, *args: str) -> str:
    import meshgate.evaluate.evaluation as evaluation

    monkeypatch.setattr(evaluation, "slim_applies", lambda modules: slim)
    code = main(["validate", *args, "--format", "json", "--today", TODAY, "--jobs", "1"])
    captured = capsys.readouterr()
    assert code in (0, 1), captured.err
    return captured.out


def _generated_mesh(directory: Path, count: int) -> Path:
    import sys

    sys.path.insert(0, str(REPO / "benchmarks"))
    try:
        from mesh import mesh
    finally:
        sys.path.remove(str(REPO / "benchmarks"))
    for name, text in mesh(count):
        (directory / name).parent.mkdir(parents=True, exist_ok=True)
        (directory / name).write_text(text, encoding="utf-8")
    return directory


@pytest.mark.parametrize("where", ["fixture", "examples", "generated"])
def test_the_shipped_mesh_policies_answer_the_same_on_the_mesh_view(
    where: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The mesh view leaves out only what no shipped mesh policy reads: every report is the same, byte for byte."""
    args = {
        "fixture": [str(MESH.relative_to(REPO)), "--pattern", "*.yaml", "--exclude", "expected.yaml"],
        "examples": ["examples"],
        "generated": [str(_generated_mesh(tmp_path, 120))],
    }[where]
    full = _report(capsys, monkeypatch, False, *args)
    slim = _report(capsys, monkeypatch, True, *args)
    mesh_rules = {f["rule_id"] for f in json.loads(full)["findings"] if f["rule_id"].startswith("mesh/")}
    assert mesh_rules, "the mesh raised no mesh finding to compare"
    assert slim == full


def test_a_mesh_policy_of_its_own_sees_every_field_of_every_product(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """An organisation's mesh policy may read what the shipped ones do not: its run keeps the full views."""
    (tmp_path / "freshness.rego").write_text(
        "# METADATA\n# title: Every port of the mesh states its freshness\n# custom:\n#   severity: warning\n"
        "package meshgate.mesh.acme_freshness\n\nimport rego.v1\n\n"
        'deny contains {"msg": "no freshness", "product": i, "field": "/id"} if {\n'
        "\tsome i, p in input.products\n\tsome port in p.ports\n\tport.slo.freshness == null\n}\n",
        encoding="utf-8",
    )
    args = ["validate", str((MESH / "sales").relative_to(REPO)), "--pattern", "*.yaml", "--format", "json"]
    args += ["--today", TODAY]
    args += ["--policies", str(tmp_path), "--policy", "mesh/acme-freshness"]
    assert main(args) in (0, 1), capsys.readouterr().err

    def ours() -> list[str]:
        findings = json.loads(capsys.readouterr().out)["findings"]
        return [f["rule_id"] for f in findings if f["rule_id"] == "mesh/acme-freshness"]

    assert ours() == ["mesh/acme-freshness"]
    # The mesh view would have hidden the field, and the policy passed silently: what the default avoids.
    import meshgate.evaluate.evaluation as evaluation

    monkeypatch.setattr(evaluation, "slim_applies", lambda modules: True)
    assert main(args) in (0, 1), capsys.readouterr().err
    assert ours() == []


def test_only_the_shipped_mesh_and_library_modules_unchanged_give_the_mesh_view() -> None:
    from meshgate.evaluate.meshview import slim_applies
    from meshgate.evaluate.policies import Module

    shipped = {"policies/mesh/a.rego": "package meshgate.mesh.a", "policies/lib/mesh.rego": "package meshgate.lib.mesh"}
    ours = [Module(path, source, source.removeprefix("package "), builtin=True) for path, source in shipped.items()]
    assert slim_applies(ours)
    edited = Module("vendored/mesh/a.rego", "package meshgate.mesh.a\n# edited", "meshgate.mesh.a")
    assert not slim_applies([edited, ours[1]])  # a vendored copy, edited: the full views
    assert slim_applies([*ours, Module("acme/owner.rego", "", "meshgate.acme.owner")])
    assert not slim_applies([*ours, Module("acme/mesh.rego", "", "meshgate.mesh.acme")])
    assert not slim_applies([*ours, Module("acme/lib.rego", "", "meshgate.lib.mesh")])
    assert not slim_applies([*ours, Module("acme/lib.rego", "", "meshgate.lib")])
    assert slim_applies([*ours, Module("acme/lib.rego", "", "meshgate.library")])


def test_a_run_of_the_shipped_policies_gives_the_mesh_view(tmp_path: Path) -> None:
    from meshgate.evaluate.evaluation import Evaluation
    from meshgate.options import Options

    assert Evaluation(load_policies([]), Options()).slim_mesh
    (tmp_path / "ours.rego").write_text("package meshgate.mesh.ours\n\nimport rego.v1\n\ndeny contains 1 if false\n")
    assert not Evaluation(load_policies([tmp_path]), Options()).slim_mesh


def test_a_large_mesh_is_evaluated_in_a_process_of_its_own_with_the_same_report(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The engine keeps an input's memory until its process ends: a large mesh goes to a child, same findings."""
    from meshgate.evaluate.engines import own_process

    args = [str(MESH.relative_to(REPO)), "--pattern", "*.yaml", "--exclude", "expected.yaml"]
    here = _report(capsys, monkeypatch, True, *args)
    children: list[list[str]] = []
    command = own_process._command

    def counted(answers: Path) -> list[str]:
        children.append(command(answers))
        return children[-1]

    monkeypatch.setattr(own_process, "FROM_CHARS", 0)
    monkeypatch.setattr(own_process, "_command", counted)
    assert _report(capsys, monkeypatch, True, *args) == here
    assert len(children) == 1  # the mesh, once; documents are evaluated here
    # A large run: the views wait in the spool and are read back one at a time as they are sent.
    monkeypatch.setattr(pipeline, "KEEP_UNPACKED_UP_TO", 0)
    assert _report(capsys, monkeypatch, True, *args) == here
    assert len(children) == 2


def test_the_inputs_reach_the_mesh_process_as_they_were_sent(monkeypatch: pytest.MonkeyPatch) -> None:
    """Framed, not pickled: every piece, split across frames, rebuilds the very same strings."""
    import io

    from meshgate.evaluate.engines import own_process
    from meshgate.evaluate.runtime import EntryPoint

    monkeypatch.setattr(own_process, "_FRAME_CHARS", 3)
    policy_set = load_policies([])

    def pieces(*parts: str) -> engines.Pieces:  # read as they are sent
        return engines.Pieces(lambda: iter(parts), sum(map(len, parts)))

    inputs: list[engines.Text] = [
        "",
        pieces("", '{"a":', '"caf\u00e9 \ud83d \u2028"', "", "}"),
        '{"b": "\u00e9 x\ud800"}',  # a lone surrogate: sent as pickle would send it
        pieces("[", "1234567", "]"),
        pieces("[", "\u00e9\u00e9", "", "]"),
    ]
    stream = io.BytesIO()
    own_process._send(stream, policy_set, EntryPoint.MESH, inputs)
    stream.seek(0)
    received_set, entry, received = own_process._received(stream)
    assert entry is EntryPoint.MESH
    assert received_set.digest == policy_set.digest
    assert received == [text if isinstance(text, str) else "".join(text) for text in inputs]
    truncated = io.BytesIO(stream.getvalue()[:-3])
    with pytest.raises(EOFError, match="ended early"):
        own_process._received(truncated)


@pytest.mark.parametrize(
    ("child", "said"),
    [
        ("import os, signal; os.kill(os.getpid(), signal.SIGKILL)", "ended without answering (killed by signal 9)"),
        ("import sys; sys.exit('out of memory, say')", "ended without answering (exit code 1): out of memory, say"),
        ("import sys; open(sys.argv[1], 'w').write('garbage')", "gave no readable answer"),
        ("import pickle, sys; open(sys.argv[1], 'wb').write(pickle.dumps([]))", "one answer per input"),
    ],
)
def test_a_mesh_process_that_fails_is_a_clear_error(
    child: str, said: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import sys

    from meshgate.evaluate.engines import own_process

    monkeypatch.setattr(own_process, "FROM_CHARS", 0)
    monkeypatch.setattr(own_process, "_command", lambda answers: [sys.executable, "-c", child, str(answers)])
    code = main(["validate", str((MESH / "sales").relative_to(REPO)), "--pattern", "*.yaml", "--today", TODAY])
    err = capsys.readouterr().err
    assert code == 2, err
    assert said in err


def test_a_mesh_process_that_cannot_start_is_a_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from meshgate.evaluate.engines import own_process

    monkeypatch.setattr(own_process, "FROM_CHARS", 0)
    monkeypatch.setattr(own_process, "_command", lambda answers: [str(tmp_path / "no-such-python"), str(answers)])
    code = main(["validate", str((MESH / "sales").relative_to(REPO)), "--pattern", "*.yaml", "--today", TODAY])
    err = capsys.readouterr().err
    assert code == 2, err
    assert "the process to evaluate the mesh could not be started" in err
