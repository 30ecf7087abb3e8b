from __future__ import annotations

from unittest import mock

import pytest

from helpers import document
from meshgate.specs import BY_NAME
from meshgate.specs.detect import detect


@pytest.mark.parametrize(
    ("text", "spec", "version"),
    [
        ("apiVersion: v1.0.0\nkind: DataProduct\nid: x\n", "bitol-odps", "v1.0.0"),
        ("apiVersion: v1.1.0\nkind: DataProduct\nid: x\n", "bitol-odps", "v1.1.0"),
        ("apiVersion: v3.1.0\nkind: DataContract\nid: x\n", "bitol-odcs", "v3.1.0"),
        ("apiVersion: v3.0.2\nkind: DataContract\nid: x\n", "bitol-odcs", "v3.0.2"),
        ("dataProductDescriptor: 1.0.0\ninfo: {}\n", "odm-dpds", "1.0.0"),
        ("id: urn:dmb:dp:sales:revenue:1\nkind: dataproduct\n", "witboost-dps", "0.0.1"),
        ("dataProductSpecification: 0.0.1\nid: x\ninfo: {title: t, owner: o}\n", "dmm-dps", "0.0.1"),
        ("dataContractSpecification: 1.2.1\nid: x\n", "datacontract-dcs", "1.2.1"),
        ("schema: https://opendataproducts.org/v4.1/schema/odps.json\nversion: '4.1'\nproduct: {}\n", "lf-odps", "4.1"),
    ],
)
def test_spec_and_version_come_from_the_document(text: str, spec: str, version: str) -> None:
    detection, findings = detect(document(text))
    assert detection is not None
    assert (detection.spec.name, detection.version, detection.root) == (spec, version, "")
    assert findings == []


def test_wrong_kind_with_odps_version_is_still_odps() -> None:
    detection, _ = detect(document("apiVersion: v1.0.0\nkind: SomethingElse\nid: x\n"))
    assert detection is not None
    assert detection.spec.name == "bitol-odps"


def test_unknown_version_is_an_error_on_the_version_field() -> None:
    detection, (finding,) = detect(document("x: 1\ndataProductDescriptor: 2.0.0\ninfo: {}\n"))
    assert detection is not None
    assert detection.version is None
    assert finding.rule_id == "detect/unknown-version"
    assert (finding.pointer, finding.line) == ("/dataProductDescriptor", 2)
    assert "1.0.0" in finding.message


def test_version_spelled_without_v_uses_that_schema() -> None:
    detection, findings = detect(document("apiVersion: 1.0.0\nkind: DataProduct\n"))
    assert detection is not None
    assert detection.version == "v1.0.0"
    assert findings == []


def test_missing_patch_version_uses_a_later_patch_and_says_so() -> None:
    # meshgate now has every DCS 0.9 patch; take 0.9.2 away to see the fallback.
    dcs = type(BY_NAME["datacontract-dcs"])
    without = property(lambda self: ("0.9.0", "0.9.1", "0.9.3", "1.1.0"))
    with mock.patch.object(dcs, "versions", without):
        detection, (finding,) = detect(document("dataContractSpecification: 0.9.2\nid: x\n"))
    assert detection is not None
    assert detection.version == "0.9.3"
    assert finding.rule_id == "detect/substitute-version"


def test_missing_version_field() -> None:
    detection, (finding,) = detect(document("kind: DataProduct\nid: x\n"))
    assert detection is not None
    assert detection.version is None
    assert finding.rule_id == "detect/missing-version"


def test_dps_without_version_field_is_inferred() -> None:
    detection, (finding,) = detect(document("id: x\ninfo: {title: t, owner: o}\noutputPorts: []\n"))
    assert detection is not None
    assert (detection.spec.name, detection.version) == ("dmm-dps", "0.0.1")
    assert finding.rule_id == "detect/implied-version"


def test_witboost_provisioning_request_is_unwrapped() -> None:
    detection, (finding,) = detect(
        document("dataProduct:\n  id: urn:dmb:dp:a:b:0\n  kind: dataproduct\ncomponentIdToProvision: c\n")
    )
    assert detection is not None
    assert detection.root == "/dataProduct"
    assert finding.rule_id == "detect/wrapped"


def test_unknown_document_says_what_was_looked_for() -> None:
    detection, (finding,) = detect(document("hello: world\n"))
    assert detection is None
    assert finding.rule_id == "detect/unknown-spec"
    for marker in ("apiVersion", "dataProductDescriptor", "dataContractSpecification", "urn:dmb:dp:"):
        assert marker in finding.message


@pytest.mark.parametrize(("text", "kind"), [("- a\n- b\n", "list"), ("just text\n", "str"), ("42\n", "int")])
def test_a_document_that_is_not_a_mapping(text: str, kind: str) -> None:
    detection, (finding,) = detect(document(text))
    assert detection is None
    assert finding.rule_id == "detect/not-a-mapping"
    assert kind in finding.message
