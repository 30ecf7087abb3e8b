"""Spec plugins: what is generated from the registry, and a spec added with nothing else edited."""

from __future__ import annotations

import datetime
import json
import os
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pytest

from conftest import REPO
from helpers import document
from meshgate import specs
from meshgate.discover import DEFAULT_PATTERNS, default_patterns, discover
from meshgate.model.product import Port, Product
from meshgate.options import Options
from meshgate.pipeline import check
from meshgate.prepare import Preparer
from meshgate.specs import CAPABILITIES, DECLARED, Declared, SpecInfo
from meshgate.specs.classification import Scale
from meshgate.specs.detect import detect
from meshgate.specs.fields import Fields, Raw, as_text

UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"
_ENUM = re.compile(r'("spec": \{"enum": )\[[^\]]*\]')


def _current(path: Path, text: str) -> None:
    if UPDATE:
        path.write_text(text, encoding="utf-8")
    assert path.read_text(encoding="utf-8") == text, f"{path} is stale: run the tests with UPDATE_GOLDEN=1"


def test_policy_specs_data_is_current() -> None:
    """policies/specs.json (data.meshgate.specs) is generated from the registry; UPDATE_GOLDEN=1 rewrites it."""
    text = json.dumps(specs.policy_data(specs.SPECS), indent=2, sort_keys=True) + "\n"
    _current(REPO / "policies" / "specs.json", text)


def test_config_schema_names_every_spec() -> None:
    """The configuration's enum of spec names is the registry's; UPDATE_GOLDEN=1 rewrites it."""
    path = REPO / "schemas" / "meshgate" / "config-v1.schema.json"
    text = path.read_text(encoding="utf-8")
    assert len(_ENUM.findall(text)) == 1
    names = json.dumps(sorted(specs.BY_NAME))
    _current(path, _ENUM.sub(lambda match: match.group(1) + names, text))


def test_default_patterns_are_the_plugins_patterns() -> None:
    assert set(DEFAULT_PATTERNS) == {pattern for spec in specs.SPECS for pattern in spec.patterns}
    assert len(DEFAULT_PATTERNS) == len(set(DEFAULT_PATTERNS))


def test_plugins_declare_known_capabilities_and_sorted_versions() -> None:
    for spec in specs.SPECS:
        assert spec.capabilities <= set(CAPABILITIES), spec.name
        assert spec.versions, spec.name
        assert list(spec.versions) == sorted(spec.versions, key=specs.version_key), spec.name
        assert all(status == status.lower() for status in spec.statuses), spec.name


def test_versions_sort_as_versions() -> None:
    assert sorted(["1.10.0", "1.2.0", "1.0.0", "1.0.0-DRAFT", "v0.9.0"], key=specs.version_key) == [
        "v0.9.0",
        "1.0.0-DRAFT",
        "1.0.0",
        "1.2.0",
        "1.10.0",
    ]


def test_a_tie_at_the_top_is_a_finding_naming_both() -> None:
    # Declares both DPDS and DCS: neither plugin can be surer than the other.
    detection, findings = detect(document("dataProductDescriptor: 1.0.0\ndataContractSpecification: 1.2.1\n"))
    assert detection is None
    (finding,) = findings
    assert finding.rule_id == "detect/unknown-spec"
    assert specs.BY_NAME["odm-dpds"].title in finding.message
    assert specs.BY_NAME["datacontract-dcs"].title in finding.message


# A spec meshgate has never heard of, defined here and nowhere else.


@dataclass(frozen=True)
class ToySpec(SpecInfo):
    def match(self, data: Mapping[str, Any], filename: str) -> int:
        return DECLARED if "toyProduct" in data else 0

    def declared_version(self, data: Mapping[str, Any]) -> Declared:
        return Declared(as_text(data.get("toyProduct")), "/toyProduct")

    def normalize(self, root: Raw, version: str, scale: Scale) -> Product:
        fields = Fields(root)
        fields.text("id", "id")
        fields.text("name", "name")
        fields.text("owner", "owner")
        fields.text("domain", "domain")
        fields.put("spec", self.name)
        fields.put("spec_version", version)
        port = Fields(root)
        port.text("id", "id")
        port.text("name", "name")
        fields.put("ports", (Port(**port.build()),))
        return Product(**fields.build())


TOY = ToySpec(
    name="toy-dps",
    title="Toy Data Product Specification",
    kind="product",
    version_field="toyProduct",
    markers="toyProduct",
    patterns=("*.toy.yaml",),
    capabilities=frozenset({"access", "slo", "terms"}),
    statuses=("alive",),
)

_TOY_SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "required": ["toyProduct", "id"],
    "properties": {"toyProduct": {"type": "string"}, "id": {"type": "string"}, "name": {"type": "string"}},
}


@pytest.fixture
def toy(tmp_path: Path) -> Iterator[ToySpec]:
    schemas = tmp_path / "schemas" / TOY.name
    schemas.mkdir(parents=True)
    for version in ("1.10.0", "1.2.0"):
        (schemas / f"{version}.schema.json").write_text(json.dumps(_TOY_SCHEMA), encoding="utf-8")
    plugin = replace(TOY, schema_root=tmp_path / "schemas")
    specs.register(plugin)
    try:
        yield plugin
    finally:
        specs.unregister(plugin.name)


def test_a_plugin_registered_at_run_time_is_detected_validated_and_normalized(toy: ToySpec, tmp_path: Path) -> None:
    assert toy.versions == ("1.2.0", "1.10.0")
    mesh = tmp_path / "mesh"
    mesh.mkdir()
    (mesh / "shop.toy.yaml").write_text("toyProduct: 1.10.0\nid: 42\nname: shop\nowner: shop-team\n", encoding="utf-8")
    assert "*.toy.yaml" in default_patterns()
    (target,) = discover([mesh])

    preparer = Preparer(Options(jobs=1))
    outcome = preparer.prepare_file(target)
    (checked,) = outcome.prepared
    assert checked.spec is toy
    assert checked.version == "1.10.0"
    assert [f.rule_id for f in outcome.findings] == ["schema/type"]  # id: 42 is not a string, by the toy schema
    assert (checked.product.spec, checked.product.name, checked.product.owner) == ("toy-dps", "shop", "shop-team")
    assert checked.spec_input()["capabilities"] == ["access", "slo", "terms"]

    report = check(discover([mesh]), Options(jobs=1, today=datetime.date(2026, 1, 1)))
    rules = {finding.rule_id for finding in report.findings}
    assert "schema/type" in rules
    # Policies scoped by capability, or not scoped, judge the new spec too (those that
    # list spec names in custom.scope.specs do not, until the spec is added there).
    assert {"slo/availability-declared", "access/terms-declared"} <= rules
    assert "ownership/domain-required" not in rules
    assert report.documents[0].spec == "toy-dps"


def test_a_plugin_can_be_forced_by_name(toy: ToySpec) -> None:
    detection, _ = detect(document("id: x\n"), (toy.name, "1.2.0"))
    assert detection is not None
    assert detection.spec is toy


# One classification scale: the normalizers rank levels as the policies do (data.meshgate.config).

_CONTRACT = """\
apiVersion: v3.0.2
kind: DataContract
id: urn:datacontract:checkout:customers
name: customers
version: 1.0.0
status: active
domain: checkout
team:
  name: checkout-team
  members: [{username: anna@acme.example, role: owner}]
support: [{channel: '#checkout', url: https://chat.acme.example/checkout}]
description: {purpose: Customers, usage: Reporting, limitations: None known}
schema:
  - name: customers
    properties:
      - {name: country, logicalType: string, classification: internal}
      - {name: email, logicalType: string, classification: CLASSIFIED}
customProperties: [{property: containsPii, value: 'true'}]
slaProperties:
  - {property: latency, value: 4, unit: h}
  - {property: retention, value: 1, unit: y}
  - {property: availability, value: 99.9%}
"""


def _pii_findings(tmp_path: Path, classification: str) -> list[str]:
    path = tmp_path / "customers.odcs.yaml"
    path.write_text(_CONTRACT.replace("CLASSIFIED", classification), encoding="utf-8")
    report = check(discover([path]), Options(jobs=1))
    return [f.message for f in report.findings if f.rule_id == "access/pii-classification"]


def test_an_alias_on_the_scale_counts_as_its_level(tmp_path: Path) -> None:
    # 'private' is an alias of confidential in classification_aliases: the strictest column, no error.
    assert _pii_findings(tmp_path, "private") == []


def test_a_level_outside_the_scale_is_not_judged(tmp_path: Path) -> None:
    # 'amber' is on no scale: the contract's classification is the known 'internal', which is judged...
    assert _pii_findings(tmp_path, "amber") != []
    # ...and a contract whose only classification is off the scale is not judged.
    path = tmp_path / "customers.odcs.yaml"
    text = _CONTRACT.replace("classification: internal", "classification: amber").replace("CLASSIFIED", "amber")
    path.write_text(text, encoding="utf-8")
    assert [
        f for f in check(discover([path]), Options(jobs=1)).findings if f.rule_id == "access/pii-classification"
    ] == []


def test_the_scale_comes_from_the_data() -> None:
    data = {
        "meshgate": {"config": {"classification_levels": ["low", "high"], "classification_aliases": {"hi": "high"}}}
    }
    scale = Scale.from_data(data)
    assert (scale.rank("LOW"), scale.rank("hi"), scale.rank("confidential")) == (0, 1, None)
    assert scale.strictest([("low", "/a"), ("unknown", "/b"), ("hi", "/c"), ("high", "/d")]) == ("hi", "/c")
    assert Scale.builtin().rank("private") == Scale.builtin().rank("confidential")
