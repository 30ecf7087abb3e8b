"""A gate that never passes by mistake: each case here let a run pass (or stay silent) before the core's second shape."""

from __future__ import annotations

import json
import shutil
import textwrap
from pathlib import Path
from typing import Any

import pytest

from conftest import EXAMPLES, TODAY
from meshgate.cli import main

PII_PORT = """\
    contractId: checkout-orders-v1
    customProperties:
      - property: containsPii
        value: true
"""


def validate(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict[str, Any], str]:
    code = main(["validate", "--format", "json", "--today", TODAY, *args])
    captured = capsys.readouterr()
    report = json.loads(captured.out) if captured.out.strip() else {}
    return code, report, captured.err


def findings(report: dict[str, Any], rule: str) -> list[tuple[str, int]]:
    return [(f["file"], f["line"]) for f in report["findings"] if f["rule_id"] == rule]


def checkout(tmp_path: Path, *, comment: str = "", copies: int = 0) -> Path:
    """The checkout example, its port marked as holding personal data (the contract classifies it internal)."""
    mesh = tmp_path / "mesh"
    shutil.copytree(EXAMPLES / "checkout", mesh / "checkout")
    product = mesh / "checkout" / "orders.odps.yaml"
    text = product.read_text(encoding="utf-8").replace("    contractId: checkout-orders-v1\n", PII_PORT)
    product.write_text(comment + text, encoding="utf-8")
    for index in range(copies):  # enough files for worker processes
        clean = (EXAMPLES / "sales" / "data-product.yaml").read_text(encoding="utf-8")
        (mesh / f"team-{index:02d}").mkdir()
        (mesh / f"team-{index:02d}" / "data-product.yaml").write_text(clean, encoding="utf-8")
    return mesh


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_product_that_mentions_datacontract_is_still_joined(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], jobs: str
) -> None:
    # Which files are contracts was guessed from the bytes "datacontract" in their first 64 KiB: this product
    # was checked with the contracts, before any join, and its port lost every access and SLO check (exit 0).
    mesh = checkout(tmp_path, comment="# Contract: https://datacontract.com/ (see the ODCS file)\n", copies=60)
    code, report, _ = validate(capsys, str(mesh), "--jobs", jobs)
    assert code == 1
    assert findings(report, "access/pii-classification") == [
        (f"{mesh.as_posix()}/checkout/orders-v1.odcs.yaml".removeprefix(f"{Path.cwd().as_posix()}/"), 29)
    ]


def policy(directory: Path, name: str, text: str) -> Path:
    directory.mkdir(exist_ok=True)
    (directory / name).write_text(textwrap.dedent(text), encoding="utf-8")
    return directory


@pytest.mark.parametrize(
    ("rule", "problem"),
    [
        ('deny := "always fails"', 'the rule is "always fails", not a set of findings'),
        ('warn := {"msg": "x"}', "not a set of findings"),
        ("deny contains 42 if true", "an item is 42, not a string or an object with a 'msg'"),
        ('deny contains {"message_text": "x"} if true', "an item has no 'msg'"),
        ('deny contains {"msg": "x", "severity": "fatal"} if true', "'severity' is \"fatal\""),
        ('deny contains {"msg": "x", "path": 7} if true', "'path' is 7, not a string"),
        ('deny contains {"msg": "x", "field": "ports..0"} if true', "neither a JSON pointer nor a dotted path"),
        ('deny contains {"msg": 5} if true', "'msg' is 5, not a string"),
    ],
)
def test_a_result_outside_the_contract_is_an_error_finding(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], rule: str, problem: str
) -> None:
    policies = policy(tmp_path / "policies", "shape.rego", f"package meshgate.acme.shape\n\nimport rego.v1\n\n{rule}\n")
    code, report, _ = validate(capsys, str(EXAMPLES / "checkout"), "--policies", str(policies), "--fail-on", "never")
    bad = [f for f in report["findings"] if f["rule_id"] == "evaluate/policy-result"]
    assert len(bad) == 2  # one per document, each at its file
    assert {f["status"] for f in bad} == {"error"}
    assert all("acme/shape" in f["message"] and problem in f["message"] for f in bad), bad
    assert code == 0  # --fail-on never is the user's choice ...
    code, _, _ = validate(capsys, str(EXAMPLES / "checkout"), "--policies", str(policies))
    assert code == 1  # ... any other threshold fails: the documents were not checked


MESH_POLICY = """\
    # METADATA
    # title: Product ids are unique across the mesh
    # custom:
    #   severity: error
    #   remediation: Give each product its own id.
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


def test_mesh_policies_see_every_product(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    policies = policy(tmp_path / "policies", "unique_ids.rego", MESH_POLICY)
    mesh = tmp_path / "mesh"
    for team in ("a", "b"):
        (mesh / team).mkdir(parents=True)
        shutil.copy(EXAMPLES / "sales" / "data-product.yaml", mesh / team / "data-product.yaml")
    code, report, err = validate(capsys, str(mesh), "--policies", str(policies))
    assert code == 1, err
    (finding,) = [f for f in report["findings"] if f["rule_id"] == "mesh/unique-ids"]
    assert finding["file"].endswith("b/data-product.yaml")
    assert finding["pointer"] == "/id"
    lines = (EXAMPLES / "sales" / "data-product.yaml").read_text(encoding="utf-8").splitlines()
    assert finding["line"] == 1 + next(number for number, line in enumerate(lines) if line.startswith("id:"))
    assert "a/data-product.yaml" in finding["message"]
    assert report["run"]["policies"]["count"] == 33  # the 32 built-in policies and this one


def test_a_mesh_finding_must_name_its_product(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = 'package meshgate.mesh.loose\n\nimport rego.v1\n\ndeny contains "somewhere" if true\n'
    policies = policy(tmp_path / "policies", "loose.rego", text)
    code, report, _ = validate(capsys, str(EXAMPLES / "checkout"), "--policies", str(policies))
    assert code == 1
    (bad,) = [f for f in report["findings"] if f["rule_id"] == "evaluate/policy-result"]
    assert "must name 'product'" in bad["message"]


MIXED_MESH_POLICY = """\
package meshgate.mesh.mixed

import rego.v1

deny contains {"msg": "the first product", "product": 0, "field": "/id"} if true

deny contains {"msg": "no such product", "product": 99} if true

deny contains "no product at all" if true

warn := true
"""


def test_a_mesh_answer_mixing_good_and_bad_items_places_the_good_and_reports_each_bad(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    policies = policy(tmp_path / "policies", "mixed.rego", MIXED_MESH_POLICY)
    code, report, _ = validate(capsys, str(EXAMPLES / "checkout"), "--policies", str(policies))
    assert code == 1
    (good,) = [f for f in report["findings"] if f["rule_id"] == "mesh/mixed"]
    assert good["message"] == "the first product"
    assert good["pointer"].endswith("/id")
    assert good["line"] > 1
    bad = sorted(f["message"] for f in report["findings"] if f["rule_id"] == "evaluate/policy-result")
    assert len(bad) == 3, bad
    assert sum("must name 'product'" in message for message in bad) == 3


def test_a_contract_id_that_names_nothing_is_said(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    mesh = checkout(tmp_path)
    product = mesh / "checkout" / "orders.odps.yaml"
    product.write_text(product.read_text().replace("checkout-orders-v1", "checkout-order-v1"), encoding="utf-8")
    code, report, _ = validate(capsys, str(mesh))
    assert findings(report, "join/contract-not-found") == [
        (product.as_posix().removeprefix(f"{Path.cwd().as_posix()}/"), 44)
    ]
    assert code == 0  # a warning in validate ...
    code, _, _ = validate(capsys, str(mesh), "--fail-on", "warning")
    assert code == 1


def test_two_contracts_with_one_id_fail_at_both(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    mesh = checkout(tmp_path)
    shutil.copy(mesh / "checkout" / "orders-v1.odcs.yaml", mesh / "checkout" / "orders-copy.odcs.yaml")
    code, report, _ = validate(capsys, str(mesh))
    assert code == 1
    assert sorted(Path(file).name for file, _ in findings(report, "join/duplicate-contract")) == [
        "orders-copy.odcs.yaml",
        "orders-v1.odcs.yaml",
    ]
    # Neither is joined: the port's personal data is not judged against either classification.
    assert findings(report, "access/pii-classification") == []


@pytest.mark.parametrize(
    ("call", "said"),
    [
        ('http.send({"method": "get", "url": "https://example.com"}).status_code == 200', "http.send"),
        ("time.now_ns() > 0", "time.now_ns"),
        # A function no engine knows: the compiler says so first, at the same line.
        ('strings.reverse_words("a b") == "b a"', "strings.reverse_words"),
    ],
)
def test_a_builtin_meshgate_refuses_stops_the_run_at_load(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], call: str, said: str
) -> None:
    policies = policy(
        tmp_path / "policies",
        "outside.rego",
        f'package meshgate.acme.outside\n\nimport rego.v1\n\ndeny contains "x" if {{\n\t{call}\n}}\n',
    )
    code, _, err = validate(capsys, str(EXAMPLES / "checkout"), "--policies", str(policies))
    assert code == 2
    assert "outside.rego:6:" in err
    assert said in err


class _FullDisk:
    """A temporary file on a full disk: made, but no byte can be written."""

    def write(self, data: bytes) -> int:
        raise OSError(28, "No space left on device")

    def seek(self, offset: int, whence: int = 0) -> int:
        return 0

    def read(self, size: int = -1) -> bytes:
        raise OSError(5, "Input/output error")

    def close(self) -> None:
        pass


@pytest.mark.parametrize("spool", ["between the phases", "mesh placements"])
def test_a_full_temporary_disk_is_a_clear_error(
    spool: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A large run keeps data in temporary files: when they cannot be written, it says where and what to do."""
    import tempfile

    from meshgate import pipeline

    monkeypatch.setattr(pipeline, "KEEP_UNPACKED_UP_TO", 0)  # every run is large: both spools are used
    made = tempfile.TemporaryFile
    calls: list[int] = []

    full_at = {"mesh placements": 1, "between the phases": 2}[spool]  # the run makes them in this order

    def full_disk(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        return _FullDisk() if len(calls) == full_at else made(*args, **kwargs)

    monkeypatch.setattr(tempfile, "TemporaryFile", full_disk)
    code = main(["validate", str(EXAMPLES / "sales"), "--today", TODAY, "--jobs", "1"])
    err = capsys.readouterr().err
    assert code == 2, err
    assert f"cannot use a temporary file in {tempfile.gettempdir()}: No space left on device" in err
    assert "TMPDIR" in err
    assert len(calls) >= full_at  # the full one was made (and written to)


def test_a_small_run_needs_no_temporary_file(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A pre-commit hook's run keeps everything in memory: it works where no temporary file can be made."""
    import tempfile

    def no_temporary_files(*args: Any, **kwargs: Any) -> Any:
        raise OSError(30, "Read-only file system")

    monkeypatch.setattr(tempfile, "TemporaryFile", no_temporary_files)
    monkeypatch.setattr(tempfile, "NamedTemporaryFile", no_temporary_files)
    code = main(["validate", str(EXAMPLES / "sales"), "--today", TODAY, "--jobs", "1"])
    assert code in (0, 1), capsys.readouterr().err
