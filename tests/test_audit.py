"""meshgate audit: scores, levels, roll-ups, changes, views, repositories, shards and merge."""

from __future__ import annotations

import csv
import dataclasses
import json
import os
import re
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal

import pytest
from pydantic import TypeAdapter

from conftest import RunCli
from meshgate.audit.model import Audit, AuditFinding, Dependency, Inputs, PolicyInfo, ProductInput, WaiverInfo
from meshgate.audit.scoring import compute, score_product

REPO = Path(__file__).resolve().parent.parent
TODAY = "2026-12-01"
BASE = ("--config", "examples/governance.yaml", "--today", TODAY)


def _policy(policy_id: str, severity: str = "error", **extra: object) -> PolicyInfo:
    return PolicyInfo.model_validate(
        {
            "id": policy_id,
            "title": policy_id,
            "severity": severity,
            "area": policy_id.split("/")[0],
            "lifecycle": "enabled",
            **extra,
        }
    )


def _finding(
    rule: str,
    severity: Literal["error", "warning", "info"] = "error",
    status: Literal["fail", "waived", "grace"] = "fail",
    port: str | None = None,
    waiver: WaiverInfo | None = None,
) -> AuditFinding:
    return AuditFinding(
        rule_id=rule,
        severity=severity,
        status=status,
        message=f"{rule} failed",
        file="p.yaml",
        document=1,
        line=3,
        column=1,
        pointer="",
        remediation="fix it",
        product_id="p",
        port_id=port,
        fingerprint=f"{rule}-{port}",
        waiver=waiver,
    )


def _product(
    *findings: AuditFinding,
    ports: tuple[str, ...] = ("a", "b", "c", "d"),
    owner: str | None = "team-a",
    key: str = "p.yaml#1",
    domain: str = "sales",
    reads: tuple[Dependency, ...] = (),
    contracts: tuple[str | None, ...] = (),
) -> ProductInput:
    return ProductInput(
        key=key,
        file=key.split("#")[0],
        document=1,
        repository=None,
        id=key.split(".")[0],
        name=None,
        domain=domain,
        owner=owner,
        spec="odps",
        spec_version="1.0.0",
        kind="product",
        capabilities=[],
        ports=list(ports),
        findings=list(findings),
        port_contracts=list(contracts),
        dependencies=list(reads),
    )


CATALOGUE = {
    p.id: p
    for p in (
        _policy("ownership/owner", "error"),
        _policy("access/terms", "error"),
        _policy("slo/quality", "warning"),
        _policy("doc/info", "info"),
        _policy("slo/retention", "warning", lifecycle="grace", enforce_after="2027-01-31"),
        _policy("other/spec-only", "error", specs=["dpds"]),
        _policy("acme/draft", "error", lifecycle="draft"),
    )
}


def test_a_clean_product_scores_100_and_is_gold() -> None:
    score = score_product(_product(), CATALOGUE)
    assert (score.score, score.level) == (100.0, "gold")
    # the spec-scoped, draft policies do not apply; the grace one weighs zero
    assert [r.policy for r in score.policies] == [
        "access/terms",
        "doc/info",
        "ownership/owner",
        "slo/quality",
        "slo/retention",
    ]
    assert next(r for r in score.policies if r.policy == "slo/retention").weight == 0


def test_weights_by_severity_and_one_unit_per_policy() -> None:
    # access/terms (10) fails three times: it weighs as one; weights 10+10+5+1 = 26
    score = score_product(_product(*(_finding("access/terms") for _ in range(3))), CATALOGUE)
    assert score.score == round(100 * 16 / 26, 1)
    assert score.level == "bronze"  # owned and valid, but an error policy fails
    assert score_product(_product(_finding("slo/quality", "warning")), CATALOGUE).level == "silver"
    assert score_product(_product(_finding("ownership/owner")), CATALOGUE).level == "none"
    assert score_product(_product(owner=None), CATALOGUE).level == "none"


def test_port_level_findings_give_partial_credit() -> None:
    score = score_product(_product(_finding("access/terms", port="a")), CATALOGUE)
    terms = next(r for r in score.policies if r.policy == "access/terms")
    assert (terms.status, terms.credit) == ("partial", 0.75)
    assert score.score == round(100 * (16 + 7.5) / 26, 1)


def test_waived_counts_as_passing_and_grace_projects_the_enforced_score() -> None:
    waiver = WaiverInfo(source="w.yaml:3", reason="r", approved_by="board", expires="2027-01-01")
    waived = score_product(_product(_finding("access/terms", status="waived", waiver=waiver)), CATALOGUE)
    assert (waived.score, waived.waived, waived.level) == (100.0, 1, "gold")
    assert next(r for r in waived.policies if r.policy == "access/terms").status == "waived"
    grace = score_product(_product(_finding("slo/retention", "warning", status="grace")), CATALOGUE)
    assert grace.score == 100.0
    assert grace.score_when_enforced == round(100 * 26 / 31, 1)


def test_a_schema_invalid_product_is_capped_and_not_certified() -> None:
    score = score_product(_product(_finding("schema/required")), CATALOGUE)
    assert (score.score, score.schema_valid, score.level) == (50.0, False, "none")


def _inputs(*products: ProductInput) -> Inputs:
    return Inputs(
        tool_version="x",
        policy_digest="d",
        engine="regorus",
        today=TODAY,
        environment=None,
        units=[],
        repositories=[],
        policies=list(CATALOGUE.values()),
        products=list(products),
        unscored=[],
        governance=[],
    )


def test_rollups_show_the_distribution_beside_the_mean() -> None:
    results = compute(
        _inputs(
            _product(key="a.yaml#1"),
            _product(_finding("access/terms"), key="b.yaml#1"),
            _product(_finding("join/contract-not-found", "warning"), key="c.yaml#1", domain="finance", owner=None),
        )
    )
    sales = next(d for d in results.domains if d.name == "sales")
    assert (sales.stats.count, sales.stats.minimum, sales.stats.maximum) == (2, 61.5, 100.0)
    assert sales.stats.distribution == {"0-49": 0, "50-69": 1, "70-89": 0, "90-100": 1}
    assert [t.name for t in results.teams] == ["(no owner)", "team-a"]
    terms = next(p for p in results.policies if p.policy == "access/terms")
    assert (terms.failing, terms.applicable, terms.failure_rate) == (1, 3, 33.3)
    assert results.policies[0].policy == "access/terms"  # the most failing first
    # a built-in check reports only where it fails, but applies to every product
    joined = next(p for p in results.policies if p.policy == "join/contract-not-found")
    assert (joined.severity, joined.failing, joined.applicable) == ("warning", 1, 3)


A_READS_B = (Dependency(product="b"),)
B_READS_A = (Dependency(product="a"),)


def test_changes_since_the_previous_audit() -> None:
    # a and b read each other, so each has a consumer (Gold needs one).
    before = _inputs(
        _product(_finding("access/terms"), key="a.yaml#1", reads=A_READS_B), _product(key="b.yaml#1", reads=B_READS_A)
    )
    previous = Audit(inputs=before, results=compute(before))
    after = _inputs(
        _product(key="a.yaml#1", reads=A_READS_B),
        _product(_finding("slo/quality", "warning"), key="b.yaml#1", reads=B_READS_A),
    )
    changes = compute(after, previous).changes
    assert changes is not None
    assert [f.rule_id for f in changes.new_findings] == ["slo/quality"]
    assert [f.rule_id for f in changes.fixed_findings] == ["access/terms"]
    assert [(c.key, c.level_before, c.level_after) for c in changes.level_changes] == [
        ("a.yaml#1", "bronze", "gold"),
        ("b.yaml#1", "gold", "silver"),
    ]
    assert changes.products[0].change == round(100 - 100 * 16 / 26, 1)


def test_the_audit_schema_is_current() -> None:
    from meshgate.audit.model import json_schema
    from meshgate.resources import schemas_dir

    path = schemas_dir() / "meshgate" / "audit-v1.schema.json"
    text = json.dumps(json_schema(), indent=2, sort_keys=True) + "\n"
    if os.environ.get("UPDATE_GOLDEN") == "1":
        path.write_text(text, encoding="utf-8")
    assert path.read_text(encoding="utf-8") == text, "run the tests with UPDATE_GOLDEN=1 to regenerate it"


@pytest.fixture(scope="module")
def example_audit(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from meshgate.cli import main

    out = tmp_path_factory.mktemp("audit")
    cwd = Path.cwd()
    os.chdir(REPO)
    try:
        code = main(
            [
                "audit",
                "examples",
                *BASE,
                "--format",
                f"json={out / 'a.json'}",
                "--format",
                f"html={out / 'a.html'}",
                "--format",
                f"csv={out / 'csv'}",
                "--format",
                f"markdown={out / 'a.md'}",
            ]
        )
    finally:
        os.chdir(cwd)
    assert code == 0
    return out


def test_audit_of_the_examples_writes_every_view(example_audit: Path) -> None:
    audit = Audit.model_validate_json((example_audit / "a.json").read_text())
    assert audit.results.mesh.count == len(audit.inputs.products) > 5
    assert {d.name for d in audit.results.domains} >= {"checkout", "finance", "marketing", "sales"}
    assert audit.results.counts["waived"] >= 1
    assert audit.results.counts["grace"] >= 1
    # governance applied: the grace policy weighs zero
    assert any(
        r.policy == "slo/retention-declared" and r.weight == 0 for p in audit.results.products for r in p.policies
    )
    with (example_audit / "csv" / "findings.csv").open() as handle:
        rows = list(csv.DictReader(handle))
    assert {"waived", "grace", "fail"} <= {row["status"] for row in rows}
    assert all(row["file"] and row["line"] for row in rows)
    assert any(row["waiver"] and row["waiver_expires"] for row in rows)
    with (example_audit / "csv" / "products.csv").open() as handle:
        assert len(list(csv.DictReader(handle))) == audit.results.mesh.count
    assert (example_audit / "a.md").read_text().startswith(f"# Data mesh audit, {TODAY}")
    page = (example_audit / "a.html").read_text()
    assert "expired on 2026-10-31" in page  # the expired waiver fails loudly, in the waivers and errors sections
    # nothing the page could load: no src, no stylesheet link, no url(), no absolute href
    assert not re.search(r"""\ssrc=|<link|url\(|href=(?!["']?#)|@import""", page.split('id="audit-data"')[0])
    assert "default-src 'none'" in page
    embedded = page.split('<script type="application/json" id="audit-data">')[1].split("</script>")[0]
    assert Audit.model_validate_json(embedded) == audit


def test_an_audit_scores_no_change_policy_and_writes_its_json_as_json_dumps_would(example_audit: Path) -> None:
    text = (example_audit / "a.json").read_text()
    audit = Audit.model_validate_json(text)
    # An audit compares no two versions: a change policy never ran, so it neither passes nor fails.
    assert not [policy.id for policy in audit.inputs.policies if policy.id.startswith("change/")]
    assert not {r.policy for p in audit.results.products for r in p.policies if r.policy.startswith("change/")}
    assert text == json.dumps(audit.model_dump(mode="json"), indent=2, ensure_ascii=False) + "\n"


def test_the_page_embeds_the_audit_as_json_dumps_would_in_ascii(example_audit: Path) -> None:
    from meshgate.audit import render

    audit = Audit.model_validate_json((example_audit / "a.json").read_text())
    first = dataclasses.replace(audit.inputs.products[0], name="Caf\u00e9 \U0001f600 \u2028 \x7f \x1f </script>")
    products = [first, *audit.inputs.products[1:]]
    odd = audit.model_copy(update={"inputs": audit.inputs.model_copy(update={"products": products})})
    expected = json.dumps(odd.model_dump(mode="json"), ensure_ascii=True, separators=(",", ":"))
    assert render._ascii_json(odd) == expected
    assert "<\\/script>" in render.to_html(odd)


def test_the_json_and_the_page_are_written_a_product_at_a_time(run_cli: RunCli, example_audit: Path) -> None:
    """A large audit's JSON never exists whole: each product is its own piece, and the pieces make the same bytes."""
    from meshgate.audit import render

    text = (example_audit / "a.json").read_text()
    audit = Audit.model_validate_json(text)
    pieces = list(render.json_pieces(audit))
    assert "".join(pieces) == text == audit.model_dump_json(indent=2) + "\n"
    products = [*audit.inputs.products, *audit.results.products]
    assert len(pieces) > 2 * len(products)
    largest = max(len(TypeAdapter(type(product)).dump_json(product, indent=2)) for product in products)
    inside = [piece for piece in pieces if '"key": ' in piece]  # a product input or score, each once
    assert len(inside) == len(products)
    assert all(len(piece) <= largest + 8 * len(piece.splitlines()) for piece in inside)
    page = "".join(render.html_pieces(audit))
    assert page == (example_audit / "a.html").read_text()
    embedded = page.split('id="audit-data">')[1].split("</script>")[0]
    assert embedded == json.dumps(audit.model_dump(mode="json"), separators=(",", ":")).replace("</", "<\\/")
    # the same pieces on standard output
    result = run_cli("audit", "examples", *BASE, "--format", "json", "--jobs", "1")
    assert result.returncode == 0, result.stderr
    assert result.stdout == text


def test_the_same_inputs_give_the_same_bytes(run_cli: RunCli, tmp_path: Path, example_audit: Path) -> None:
    for name in ("json", "html"):
        result = run_cli("audit", "examples", *BASE, "--format", f"{name}={tmp_path / name}", "--jobs", "1")
        assert result.returncode == 0, result.stderr
        assert (tmp_path / name).read_bytes() == (example_audit / f"a.{name}").read_bytes()


def test_four_shards_merged_give_the_same_json_as_one_run(run_cli: RunCli, tmp_path: Path, example_audit: Path) -> None:
    shards = []
    for index in range(1, 5):
        shard = tmp_path / f"shard-{index}.json"
        result = run_cli("audit", "examples", *BASE, "--shard", f"{index}/4", "--format", f"json={shard}")
        assert result.returncode == 0, result.stderr
        shards.append(str(shard))
    sizes = [len(Audit.model_validate_json(Path(s).read_text()).inputs.products) for s in shards]
    assert sum(sizes) == Audit.model_validate_json((example_audit / "a.json").read_text()).results.mesh.count
    assert sum(1 for size in sizes if size) > 1  # really split
    # a waiver only some shards use is not unused once merged
    unused = [
        f
        for s in shards
        for f in Audit.model_validate_json(Path(s).read_text()).inputs.governance
        if f.rule_id == "govern/waiver-unused"
    ]
    assert unused
    # The example mesh's cycle and deprecated dependency cross shards (finance, marketing): no shard alone sees them.
    alone = {
        f.rule_id
        for s in shards
        for p in Audit.model_validate_json(Path(s).read_text()).inputs.products
        for f in p.findings
    }
    assert "mesh/dependency-cycle" not in alone
    result = run_cli("audit", "merge", *shards, *BASE[:2], "--format", f"json={tmp_path / 'merged.json'}")
    assert result.returncode == 0, result.stderr
    assert "warning" not in result.stderr
    # The merge ran the mesh policies over every shard's products and governed them: the JSON of one run.
    assert (tmp_path / "merged.json").read_bytes() == (example_audit / "a.json").read_bytes()
    whole = Audit.model_validate_json((example_audit / "a.json").read_text())
    assert {f.rule_id for p in whole.inputs.products for f in p.findings if f.rule_id.startswith("mesh/")} == {
        "mesh/dangling-dependency",
        "mesh/dependency-cycle",
        "mesh/deprecated-dependency",
    }
    assert whole.inputs.deferred_mesh is None
    again = run_cli("audit", "merge", shards[0], shards[0], *BASE[:2], "--format", "json=-")
    assert again.returncode == 2
    assert "overlap" in again.stderr


@pytest.fixture(scope="module")
def example_shards(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    from meshgate.cli import main

    out = tmp_path_factory.mktemp("shards")
    cwd = Path.cwd()
    os.chdir(REPO)
    try:
        for index in (1, 2):
            args = ["audit", "examples", *BASE, "--shard", f"{index}/2", "--format", f"json={out / f'{index}.json'}"]
            assert main(args) == 0
    finally:
        os.chdir(cwd)
    return [out / "1.json", out / "2.json"]


def _shard_with(path: Path, out: Path, change: Callable[[dict[str, Any]], None]) -> str:
    data = json.loads(path.read_text())
    change(data)
    out.write_text(json.dumps(data))
    return str(out)


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda d: d["inputs"]["deferred_mesh"]["products"][0]["view"].update(ports="none"), "/view/ports"),
        (lambda d: d["inputs"]["deferred_mesh"]["products"][0].update(spans={"": [1, 2]}), "/spans"),
        (lambda d: d["inputs"]["deferred_mesh"].pop("governance_digest"), "/governance_digest"),
        (lambda d: d["inputs"]["deferred_mesh"].update(governance_digest="0" * 64), "other waivers"),
        (lambda d: d["inputs"].update(deferred_mesh=None), "is a whole audit, not a shard"),
        (
            lambda d: d["inputs"]["deferred_mesh"]["products"][0].update(file="elsewhere.yaml"),
            "is not a product of any shard",
        ),
    ],
    ids=["view", "spans", "no-digest", "other-waivers", "whole-with-shard", "foreign-product"],
)
def test_a_shard_that_does_not_hold_together_is_refused_naming_the_field(
    run_cli: RunCli,
    tmp_path: Path,
    example_shards: list[Path],
    change: Callable[[dict[str, Any]], None],
    expected: str,
) -> None:
    shard = next(p for p in example_shards if json.loads(p.read_text())["inputs"]["deferred_mesh"]["products"])
    other = next(p for p in example_shards if p != shard)
    broken = _shard_with(shard, tmp_path / "broken.json", change)
    result = run_cli("audit", "merge", broken, str(other), *BASE[:2], "--format", "json=-")
    assert result.returncode == 2, result.stderr
    assert expected in result.stderr


def test_merge_refuses_other_policies_or_waivers_than_the_shards_ran(
    run_cli: RunCli, tmp_path: Path, example_shards: list[Path]
) -> None:
    shards = [str(path) for path in example_shards]
    # without the configuration: the built-in policies only, not the example's
    bare = run_cli("audit", "merge", *shards, "--format", "json=-")
    assert bare.returncode == 2
    assert "loads other policies than the shards ran" in bare.stderr
    # the same policies, another waivers file
    waivers = tmp_path / "waivers.yaml"
    waivers.write_text(
        "waivers:\n  - rule: mesh/dependency-cycle\n    files: ['*']\n    reason: A known cycle\n"
        "    approved_by: The board\n    expires: 2026-12-31\n"
    )
    other = run_cli("audit", "merge", *shards, *BASE[:2], "--waivers", str(waivers), "--format", "json=-")
    assert other.returncode == 2
    assert "governed with other waivers" in other.stderr


def test_previous_audit_and_shards_are_read_strictly(run_cli: RunCli, tmp_path: Path, example_audit: Path) -> None:
    data = json.loads((example_audit / "a.json").read_text())
    data["results"]["mesh"]["count"] = "many"
    corrupt = tmp_path / "corrupt.json"
    corrupt.write_text(json.dumps(data))
    result = run_cli("audit", "examples", *BASE, "--previous", str(corrupt), "--format", "json=-")
    assert result.returncode == 2
    assert "/results/mesh/count" in result.stderr
    data["results"]["mesh"]["count"] = "5"  # no coercion either
    corrupt.write_text(json.dumps(data))
    result = run_cli("audit", "merge", str(corrupt), "--format", "json=-")
    assert result.returncode == 2
    assert "/results/mesh/count" in result.stderr
    foreign = tmp_path / "foreign.json"
    foreign.write_text('{"version": 2, "runs": []}')
    result = run_cli("audit", "merge", str(foreign), "--format", "markdown=-")
    assert result.returncode == 2
    assert "foreign.json: not a meshgate audit" in result.stderr
    assert "/format" in result.stderr or "/version" in result.stderr
    previous = run_cli("audit", "examples", *BASE, "--previous", str(example_audit / "a.json"), "--format", "json=-")
    assert previous.returncode == 0, previous.stderr
    changes = json.loads(previous.stdout)["results"]["changes"]
    assert changes["new_findings"] == []
    assert changes["fixed_findings"] == []
    assert all(change["change"] == 0 for change in changes["products"])


def test_usage_errors_and_fail_under(run_cli: RunCli) -> None:
    assert run_cli("audit", "examples", *BASE, "--shard", "5/4").returncode == 2
    assert run_cli("audit", "examples", *BASE, "--format", "pdf=x").returncode == 2
    assert run_cli("audit", "examples", *BASE, "--format", "html").returncode == 2
    low = run_cli("audit", "examples", *BASE, "--fail-under", "99", "--format", "markdown=-")
    assert low.returncode == 1
    assert "below --fail-under" in low.stderr
    assert run_cli("audit", "examples", *BASE, "--fail-under", "10", "--format", "markdown=-").returncode == 0


def _git(*args: str, cwd: Path) -> None:
    subprocess.run(
        ["git", "-c", "user.name=x", "-c", "user.email=y", "-c", "init.defaultBranch=main", *args],
        cwd=cwd,
        check=True,
        capture_output=True,
    )


def test_repositories_are_fetched_shallow_and_failures_are_unscored(run_cli: RunCli, tmp_path: Path) -> None:
    origin = tmp_path / "sales-repo"
    (origin / "mesh").mkdir(parents=True)
    _git("init", "-q", ".", cwd=origin)
    (origin / "mesh" / "data-product.yaml").write_text((REPO / "examples/sales/data-product.yaml").read_text())
    (origin / "mesh" / "broken.odps.yaml").write_text("id: [unclosed\n")
    _git("add", ".", cwd=origin)
    _git("commit", "-q", "-m", "first", cwd=origin)
    _git("tag", "v1", cwd=origin)
    repos = tmp_path / "repos.yaml"
    repos.write_text(
        "repositories:\n"
        f"  - url: file://{origin}\n    ref: v1\n    path: mesh\n    name: sales\n"
        f"  - url: file://{tmp_path}/missing\n"
    )
    cache = tmp_path / "cache"
    args = ("audit", "--repos", str(repos), "--cache", str(cache), "--today", TODAY, "--format", "json=-")
    result = run_cli(*args)
    assert result.returncode == 0, result.stderr
    audit = Audit.model_validate_json(result.stdout)
    assert [p.file for p in audit.inputs.products] == ["sales/data-product.yaml"]
    assert audit.inputs.products[0].repository == "sales"
    unscored = {u.source: u.reason for u in audit.inputs.unscored}
    assert any("cannot be fetched" in reason for source, reason in unscored.items() if source.endswith("missing"))
    assert any(source.startswith("sales/broken.odps.yaml") for source in unscored)
    commit = next(r.commit for r in audit.inputs.repositories if r.name == "sales")
    assert commit is not None
    assert len(commit) == 40
    # a second run fetches into the same cache, and a new commit is seen
    (origin / "mesh" / "broken.odps.yaml").unlink()
    _git("commit", "-q", "-am", "fix", cwd=origin)
    _git("tag", "-f", "v1", cwd=origin)
    again = Audit.model_validate_json(run_cli(*args).stdout)
    assert not any(u.source.startswith("sales/") for u in again.inputs.unscored)
    assert next(r.commit for r in again.inputs.repositories if r.name == "sales") != commit


def test_waivers_close_to_their_expiry_are_marked_expiring() -> None:
    from meshgate.audit.render import waiver_state

    assert waiver_state("2027-03-31", TODAY) == "active"
    assert waiver_state("2026-12-10", TODAY) == "expiring in 10 days"
    assert waiver_state("2026-12-01", TODAY) == "expiring in 1 days"


MESH_POLICY = """\
# METADATA
# title: Product ids are unique across the mesh
# custom:
#   severity: error
package meshgate.mesh.unique_ids

import rego.v1

deny contains {"msg": msg, "product": j, "field": "/id"} if {
    some i, first in input.products
    some j, second in input.products
    i < j
    first.kind == "product"
    first.id == second.id
    msg := sprintf("product id '%s' is also declared in %s", [second.id, input.documents[i].file])
}
"""


def test_mesh_policies_score_and_a_merge_runs_them_over_every_shard(run_cli: RunCli, tmp_path: Path) -> None:
    (tmp_path / "policies").mkdir()
    (tmp_path / "policies" / "unique_ids.rego").write_text(MESH_POLICY)
    for team in ("a", "b", "c", "d", "e", "f"):
        (tmp_path / "mesh" / team).mkdir(parents=True)
        (tmp_path / "mesh" / team / "data-product.yaml").write_text(
            (REPO / "examples/sales/data-product.yaml").read_text()
        )
    common = ("--policies", "policies", "--today", TODAY)
    whole = run_cli("audit", "mesh", *common, "--format", "json=-", cwd=tmp_path)
    assert whole.returncode == 0, whole.stderr
    audit = Audit.model_validate_json(whole.stdout)
    assert next(p for p in audit.inputs.policies if p.id == "mesh/unique-ids").mesh
    failing = next(p for p in audit.results.policies if p.policy == "mesh/unique-ids")
    assert failing.failing == 5  # every copy after the first
    assert failing.applicable == 6
    shards = []
    for index in (1, 2):
        shard = tmp_path / f"shard-{index}.json"
        assert (
            run_cli(
                "audit", "mesh", *common, "--shard", f"{index}/2", "--format", f"json={shard}", cwd=tmp_path
            ).returncode
            == 0
        )
        shards.append(str(shard))
    # Each shard sees fewer copies than the mesh holds; the merge runs the policy over all six.
    alone = [
        sum(
            1
            for p in Audit.model_validate_json(Path(s).read_text()).inputs.products
            for f in p.findings
            if f.rule_id == "mesh/unique-ids"
        )
        for s in shards
    ]
    assert sum(alone) < 5
    merged = run_cli("audit", "merge", *shards, "--policies", "policies", "--format", "json=-", cwd=tmp_path)
    assert merged.returncode == 0, merged.stderr
    assert merged.stdout == whole.stdout
    # whole audits (no --shard) merged: their mesh policies saw one audit's products each, and the merge says so
    wholes = []
    for name in ("a", "b"):
        path = tmp_path / f"whole-{name}.json"
        assert run_cli("audit", f"mesh/{name}", *common, "--format", f"json={path}", cwd=tmp_path).returncode == 0
        wholes.append(str(path))
    caveat = run_cli("audit", "merge", *wholes, "--format", "json=-", cwd=tmp_path)
    assert caveat.returncode == 0, caveat.stderr
    named = caveat.stderr.split("mesh policies (", 1)[1].split(")", 1)[0].split(", ")
    assert "mesh/unique-ids" in named
    assert "mesh/dependency-cycle" in named  # the built-in ones too


def test_consumers_are_distinct_products_matched_by_product_port_and_contract() -> None:
    sales = _product(key="sales.yaml#1", ports=("deals", "extract"), contracts=("deals-v1", None))
    finance = _product(
        key="finance.yaml#1",
        domain="finance",
        ports=("invoices",),
        reads=(
            Dependency(contract="deals-v1"),
            Dependency(product="sales", port="deals"),  # the same port again: one consumer
            Dependency(product="sales", port="deals", contract="deals-v9"),  # reaches nothing
        ),
    )
    marketing = _product(key="marketing.yaml#1", domain="marketing", ports=(), reads=(Dependency(product="finance"),))
    results = compute(_inputs(sales, finance, marketing))
    network = results.network
    assert network.derived
    assert network.consumers == {"finance.yaml#1": 1, "marketing.yaml#1": 0, "sales.yaml#1": 1}
    assert network.consumers_per_port == {
        "finance.yaml#1#invoices": 1,  # a product read as a whole is read through each of its ports
        "sales.yaml#1#deals": 1,
        "sales.yaml#1#extract": 0,
    }
    assert network.zero_consumer_products == ["marketing.yaml#1"]
    assert network.zero_consumer_ports == ["sales.yaml#1#extract"]
    assert network.domain_matrix == {"finance": {"sales": 1}, "marketing": {"finance": 1}}
    assert (network.edges, network.cross_domain_edges) == (2, 2)
    assert network.cross_domain_share == round(2 / 3, 4)
    assert {s.key: s.consumers for s in results.products} == network.consumers
    # Gold needs a consumer: marketing is clean but read by no one.
    assert {s.key: s.level for s in results.products}["marketing.yaml#1"] == "silver"
    assert {s.key: s.level for s in results.products}["sales.yaml#1"] == "gold"


def test_gold_needs_no_deprecated_dependency_and_the_share_changes_since_previous() -> None:
    a = _product(key="a.yaml#1", reads=A_READS_B)
    b = _product(key="b.yaml#1", reads=B_READS_A)
    before = _inputs(a, b)
    previous = Audit(inputs=before, results=compute(before))
    assert previous.results.network.cross_domain_share == 0.0
    # Set to info (which alone does not keep a product from Gold), it still does: it is a deprecated dependency.
    deprecated = _finding("mesh/deprecated-dependency", "info")
    waived = _finding("mesh/deprecated-dependency", "info", status="waived")
    after = _inputs(
        _product(waived, key="a.yaml#1", reads=A_READS_B),
        _product(key="b.yaml#1", reads=B_READS_A, domain="finance"),
    )
    results = compute(after, previous)
    assert results.network.cross_domain_share == 1.0
    assert results.network.cross_domain_share_before == 0.0
    assert results.network.cross_domain_share_change == 1.0
    # a waived deprecated dependency passes; a failing one keeps the product from Gold
    assert [s.level for s in results.products] == ["gold", "gold"]
    failing = _inputs(_product(deprecated, key="a.yaml#1", reads=A_READS_B), b)
    assert score_product(failing.products[0], CATALOGUE, 1).level == "silver"
    assert score_product(_product(_finding("slo/x", "info"), key="a.yaml#1"), CATALOGUE, 1).level == "gold"
    assert score_product(_product(key="a.yaml#1"), CATALOGUE, 0).level == "silver"
    assert score_product(_product(key="a.yaml#1"), CATALOGUE, 1).level == "gold"


def test_the_fixture_mesh_in_markdown_and_csv(run_cli: RunCli, tmp_path: Path) -> None:
    """tests/fixtures/mesh: sales and finance read each other, marketing (declared twice) reads sales."""
    for source in sorted((REPO / "tests" / "fixtures" / "mesh").glob("*/*.yaml")):
        target = tmp_path / "mesh" / source.parent.name / f"{source.stem}.odps.yaml"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    result = run_cli("audit", "mesh", "--today", TODAY, "--format", "markdown=-", "--format", "csv=csv", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    mesh = result.stdout.split("## Mesh", 1)[1]
    assert "4 dependency edges, 4 across domains; 50.0% of products are consumed from outside their domain" in mesh
    assert "| sales-deals | 2 |" in mesh  # finance, and marketing-campaigns once for its two documents
    assert "| marketing | 0 | 0 | 2 |" in mesh
    with (tmp_path / "csv" / "products.csv").open(encoding="utf-8") as handle:
        rows = {row["product"]: row["consumers"] for row in csv.DictReader(handle)}
    assert rows == {
        "mesh/finance/invoices.odps.yaml#1": "1",
        "mesh/marketing/campaigns-copy.odps.yaml#1": "0",
        "mesh/marketing/campaigns.odps.yaml#1": "0",
        "mesh/sales/deals.odps.yaml#1": "2",
    }


def test_the_csv_files_are_written_a_thousand_rows_a_piece(
    example_audit: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from meshgate.audit import render

    audit = Audit.model_validate_json((example_audit / "a.json").read_text())
    monkeypatch.setattr(render, "_ROWS_PER_PIECE", 2)
    pieces = list(render.findings_csv(audit))
    assert len(pieces) > 2
    assert "".join(pieces) == (example_audit / "csv" / "findings.csv").read_text()
    assert "".join(render.products_csv(audit)) == (example_audit / "csv" / "products.csv").read_text()
