"""Bitol Open Data Product Standard (ODPS) v0.9.0, v1.0.0 and v1.1.0."""

from __future__ import annotations

from meshgate.model.product import Access, Dependency, Port, Product
from meshgate.specs import bitol, contract_link, key_marker
from meshgate.specs.classification import Scale
from meshgate.specs.fields import Fields, Raw, as_flag, as_text


class OdpsSpec(bitol.BitolSpec):
    document_kind = "DataProduct"
    extension = "odps"

    def normalize(self, root: Raw, version: str, scale: Scale) -> Product:
        fields, product_properties = bitol.common_fields(root, self.name, version)
        fields.put("ports", tuple(_port(root, item, product_properties) for item in root.items("outputPorts")))
        fields.put("dependencies", tuple(_input(item) for item in root.items("inputPorts")))
        return Product(**fields.build())


def _input(item: Raw) -> Dependency:
    """An input port: the contract it reads through (contractId)."""
    found = Fields(item)
    found.text("name", "name")
    found.text("contract", "contractId")
    found.put("via", "inputPort")
    return Dependency(**found.build())


def _port(root: Raw, item: Raw, product_properties: dict[str, Raw]) -> Port:
    port = Fields(item)
    port.text("id", "id", "name")
    port.text("name", "name")
    port.text("version", "version")
    port.text("description", "description")
    port.text("type", "type")
    port.text("status", "status")
    if (contract := contract_link(item, "contractId")) is not None:
        port.put("contract", contract)
    port.put("access", _access(root, item, product_properties))
    bitol.lifecycle(port, bitol.custom_properties(item))
    return Port(**port.build())


def _access(root: Raw, item: Raw, product_properties: dict[str, Raw]) -> Access:
    # ODPS has no access model of its own; its ports point at an ODCS contract.
    # Entropy Data records access facts as custom properties (port, then product).
    access = Fields(item)
    port_properties = bitol.custom_properties(item)
    for name, keys, convert in (
        ("classification", ("classification", "confidentiality", "dataClassification"), as_text),
        ("visibility", ("visibility",), as_text),
        ("pii", ("containsPii", "pii"), as_flag),
        ("auto_approve", ("autoApprove",), as_flag),
    ):
        found = next(
            (
                props[key.lower()]
                for props in (port_properties, product_properties)
                for key in keys
                if key.lower() in props
            ),
            None,
        )
        if found is not None:
            access.put(name, convert(found.value), found.pointer)
    access.put("terms", bitol.description_terms(root))
    return Access(**access.build())


SPEC = OdpsSpec(
    name="bitol-odps",
    content_hints=("DataProduct",),
    content_marker=key_marker("kind", value=r"[\"']?DataProduct\b"),
    title="Bitol Open Data Product Standard",
    kind="product",
    version_field="apiVersion",
    markers="kind: DataProduct with apiVersion",
    patterns=("*.odps.yaml", "*.odps.yml", "*.odps.json"),
    # Ports point at ODCS contracts for access and service levels; the product states its purpose.
    capabilities=frozenset({"terms"}),
    statuses=bitol.STATUSES,
)
