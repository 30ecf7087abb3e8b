from __future__ import annotations

import json
from pathlib import Path

import pytest
from jsonschema.validators import validator_for

from helpers import document
from meshgate.model.finding import Finding
from meshgate.resources import schemas_dir
from meshgate.schema.validate import SchemaSet
from meshgate.specs import SPECS
from meshgate.specs.detect import detect

SCHEMAS = SchemaSet()


def validate(text: str, path: str = "d.yaml") -> list[Finding]:
    doc = document(text, path)
    detection, _ = detect(doc)
    assert detection is not None
    return SCHEMAS.validate(doc, detection)


@pytest.mark.parametrize(("spec", "version"), [(spec.name, version) for spec in SPECS for version in spec.versions])
def test_every_supported_version_has_a_valid_schema(spec: str, version: str) -> None:
    path = SCHEMAS.path(spec, version)
    schema = json.loads(path.read_text(encoding="utf-8"))
    validator_for(schema).check_schema(schema)


def test_report_schema_is_a_valid_schema() -> None:
    schema = json.loads((schemas_dir() / "meshgate" / "report-v1.schema.json").read_text(encoding="utf-8"))
    validator_for(schema).check_schema(schema)


def test_valid_document_has_no_findings() -> None:
    assert validate("apiVersion: v1.0.0\nkind: DataProduct\nid: p\nstatus: active\n") == []


def test_missing_required_property_points_at_the_object() -> None:
    finding, hint = validate("apiVersion: v1.0.0\nkind: DataProduct\nid: p\n")
    assert (finding.rule_id, finding.pointer, finding.line) == ("schema/required", "", 1)
    # v1.1.0 made status optional, so the document fits v1.1.0: said, but not hidden.
    assert (hint.rule_id, hint.severity.value) == ("schema/version-mismatch", "warning")
    assert finding.message == "'status' is a required property"
    assert finding.remediation == "Add 'status'."


def test_unexpected_property_points_at_its_key_and_suggests_a_name() -> None:
    (finding,) = validate(
        """\
        apiVersion: v1.0.0
        kind: DataProduct
        id: p
        status: active
        outputPorts:
          - name: a
            version: 1.0.0
            contractID: c1
        """
    )
    assert (finding.rule_id, finding.pointer, finding.line, finding.column) == (
        "schema/additional-properties",
        "/outputPorts/0/contractID",
        8,
        5,
    )
    assert finding.message == "property 'contractID' is not allowed here"
    assert finding.remediation.startswith("Did you mean 'contractId'?")


def test_typo_hint_for_a_missing_property() -> None:
    findings = validate(
        """\
        id: urn:dmb:dp:s:r:1
        kind: dataproduct
        contacts:
          ownerContact: a@acme.example
          suportContacts: b@acme.example
        """
    )
    hint = next(f for f in findings if f.pointer == "/contacts")
    assert hint.message == "'suportContact' is a required property"
    assert "This object has 'suportContacts': a typo?" in hint.remediation


def test_type_errors_read_well_and_keep_the_line() -> None:
    (finding,) = validate("apiVersion: v1.0.0\nkind: DataProduct\nid: p\nstatus: active\nversion: 1.0\n")
    assert (finding.rule_id, finding.line) == ("schema/type", 5)
    assert finding.message == "1.0 is not of type string"
    assert "quote it" in finding.remediation


def test_enum_error_lists_the_choices() -> None:
    (finding,) = validate("apiVersion: v1.0.0\nkind: DataProduc\nid: p\nstatus: active\n")
    assert finding.rule_id == "schema/enum"
    assert finding.remediation == 'Use "DataProduct".'


def test_oneof_reports_the_cause_in_the_intended_alternative() -> None:
    text = json.dumps(
        {
            "dataProductDescriptor": "1.0.0",
            "info": {
                "fullyQualifiedName": "urn:dpds:acme:dataproducts:trips:1",
                "name": "trips",
                "version": "1.0.0",
                "domain": "transport",
                "owner": {"id": "a@b.c"},
            },
            "interfaceComponents": {
                "outputPorts": [{"fullyQualifiedName": "urn:dpds:acme:dataproducts:trips:1:outputports:x", "name": "x"}]
            },
        },
        indent=1,
    )
    findings = validate(text, "d.json")
    assert [(f.rule_id, f.pointer, f.message) for f in findings] == [
        ("schema/required", "/interfaceComponents/outputPorts/0", "'version' is a required property")
    ]


def test_declared_version_with_another_versions_shape_is_told() -> None:
    findings = validate(
        """\
        apiVersion: v0.9.0
        kind: DataProduct
        id: p
        status: active
        team:
          name: checkout
        """
    )
    assert [f.rule_id for f in findings] == ["schema/type", "schema/version-mismatch"]
    mismatch = findings[1]
    assert (mismatch.pointer, mismatch.line) == ("/apiVersion", 1)
    assert (
        mismatch.message
        == "declares apiVersion v0.9.0 but fits v1.0.0 better: no schema errors under v1.0.0, 1 under v0.9.0"
    )


def test_odcs_unexpected_property_is_reported_once() -> None:
    findings = validate(
        """\
        apiVersion: v3.1.0
        kind: DataContract
        id: c
        version: 1.0.0
        status: active
        change_management: weekly
        """
    )
    assert [(f.rule_id, f.pointer) for f in findings] == [("schema/additional-properties", "/change_management")]


def test_long_values_are_shortened_in_messages() -> None:
    findings = validate(
        "apiVersion: v1.0.0\nkind: DataProduct\nid: p\nstatus: active\ntags: {"
        + ", ".join(f"k{i}: v{i}" for i in range(40))
        + "}\n"
    )
    (finding,) = findings
    assert len(finding.message) < 120
    assert finding.message.endswith("is not of type array")


def test_the_formats_checked_do_not_depend_on_what_else_is_installed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """jsonschema checks date-time, uri, hostname, ... only where optional packages are importable: meshgate
    checks the same formats everywhere, so a package installed beside it cannot change a verdict."""
    from jsonschema import Draft202012Validator, FormatChecker

    from meshgate.schema.validate import CHECKED_FORMATS

    assert set(SchemaSet().validator("bitol-odps", "v1.0.0").format_checker.checkers) == CHECKED_FORMATS  # type: ignore[attr-defined]
    # As if rfc3339-validator and rfc3987 were installed: their checks join the draft's own.
    refuse = {name: (lambda value: False, ()) for name in ("date-time", "uri", "hostname")}
    monkeypatch.setattr(FormatChecker, "checkers", {**FormatChecker.checkers, **refuse})
    monkeypatch.setattr(Draft202012Validator, "FORMAT_CHECKER", FormatChecker())
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "type": "object",
        "properties": {name: {"type": "string", "format": name} for name in ("date", "date-time", "uri", "uuid")},
    }
    (tmp_path / "bitol-odps").mkdir()
    (tmp_path / "bitol-odps" / "v1.0.0.schema.json").write_text(json.dumps(schema), encoding="utf-8")
    doc = document(
        "apiVersion: v1.0.0\nkind: DataProduct\nid: p\nstatus: active\n"
        "date: '2026-13-45'\ndate-time: yesterday\nuri: not a uri\nuuid: not-a-uuid\n"
    )
    detection, _ = detect(doc)
    assert detection is not None
    findings = SchemaSet(tmp_path).validate(doc, detection)
    assert sorted((finding.rule_id, finding.pointer) for finding in findings) == [
        ("schema/format", "/date"),
        ("schema/format", "/uuid"),
    ]
