"""Data Mesh Manager / Entropy Data Data Product Specification (DPS) 0.0.1."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from meshgate.model.product import Access, Dependency, Port, Product
from meshgate.specs import DECLARED, SHAPE, Declared, SpecInfo, contract_link, key_marker
from meshgate.specs.classification import Scale
from meshgate.specs.fields import Fields, Raw, as_text


class DmmSpec(SpecInfo):
    def match(self, data: Mapping[str, Any], filename: str) -> int:
        if "dataProductSpecification" in data:
            return DECLARED
        info = data.get("info")
        shaped = (
            "id" in data
            and isinstance(info, Mapping)
            and ("owner" in info or "title" in info)
            and ("outputPorts" in data or "inputPorts" in data)
        )
        return SHAPE if shaped else 0

    def declared_version(self, data: Mapping[str, Any]) -> Declared:
        if "dataProductSpecification" not in data:
            # Allowed by the spec; the shape is DPS 0.0.1, the only version.
            return Declared(self.versions[0], None, implicit=True)
        return Declared(as_text(data.get("dataProductSpecification")), "/dataProductSpecification")

    def normalize(self, root: Raw, version: str, scale: Scale) -> Product:
        fields = Fields(root)
        fields.text("id", "id", "info/id")
        fields.text("name", "info/title", "info/name")
        fields.text("description", "info/description")
        fields.text("domain", "info/domain")
        fields.text("status", "info/status")
        fields.text("owner", "info/owner", "info/owner/teamId")
        fields.texts("tags", "tags")
        fields.put("spec", self.name)
        fields.put("spec_version", version)
        fields.put("ports", tuple(_port(item) for item in root.items("outputPorts")))
        fields.put("dependencies", tuple(_input(item) for item in root.items("inputPorts")))
        return Product(**fields.build())


def _input(item: Raw) -> Dependency:
    """An input port: the output port (and product) it reads, by id."""
    found = Fields(item)
    found.text("name", "name", "id")
    found.text("port", "sourceOutputPortId")
    found.text("system", "sourceSystemId")
    found.put("via", "inputPort")
    if (contract := as_text(item.value.get("dataContractId"))) is not None:
        found.put("contract", contract, f"{item.pointer}/dataContractId")
    return Dependency(**found.build())


def _port(item: Raw) -> Port:
    port = Fields(item)
    port.text("id", "id", "name")
    port.text("name", "name")
    port.text("description", "description")
    port.text("type", "type")
    port.text("status", "status")
    if (contract := contract_link(item, "dataContractId")) is not None:
        port.put("contract", contract)
    access = Fields(item)
    access.flag("pii", "containsPii")
    access.flag("auto_approve", "autoApprove")
    port.put("access", Access(**access.build()))
    return Port(**port.build())


SPEC = DmmSpec(
    name="dmm-dps",
    content_hints=("dataProductSpecification",),
    content_marker=key_marker("dataProductSpecification"),
    title="Data Mesh Manager Data Product Specification",
    kind="product",
    version_field="dataProductSpecification",
    markers="dataProductSpecification, or id + info.owner + outputPorts",
    patterns=("dataproduct.yaml", "dataproduct.yml", "dataproduct.json", "*.dataproduct.yaml", "*.dataproduct.yml"),
    # Ports point at data contracts for access and service levels.
    capabilities=frozenset(),
    statuses=("proposed", "in development", "active", "deprecated", "retired"),
)
