"""Open Data Mesh Data Product Descriptor Specification (DPDS) 1.0.0.

DPDS keeps access terms and service levels in opaque "standard definitions"
({specification, definition}); the normalizer reads the common fields out of
them (``x-operationalSlo.availability`` and the like) and otherwise records
that a definition is present.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from typing import Any

from meshgate.model.product import Access, Contact, Dependency, Port, Product, Slo, Terms
from meshgate.specs import DECLARED, Declared, SpecInfo, key_marker
from meshgate.specs.classification import Scale
from meshgate.specs.fields import Fields, Raw, as_scalar, as_text

_SLO_KEYS = {
    "availability": ("availability", "uptime"),
    "freshness": ("freshness", "timeliness"),
    "latency": ("latency", "responsetime"),
    "frequency": ("frequency", "updatefrequency"),
    "retention": ("retention", "retentionperiod"),
}
_SUMMARY_CHARS = 200
_EXTENSION = re.compile(r"^x-")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class DpdsSpec(SpecInfo):
    def match(self, data: Mapping[str, Any], filename: str) -> int:
        return DECLARED if "dataProductDescriptor" in data else 0

    def declared_version(self, data: Mapping[str, Any]) -> Declared:
        return Declared(as_text(data.get("dataProductDescriptor")), "/dataProductDescriptor")

    def normalize(self, root: Raw, version: str, scale: Scale) -> Product:
        info = root.mapping("info") or Raw({}, root.pointer + "/info")
        fields = Fields(info)
        fields.text("id", "fullyQualifiedName", "id")
        fields.text("name", "name")
        fields.text("description", "description")
        fields.text("domain", "domain")
        fields.text("version", "version")
        fields.text("owner", "owner/id")
        fields.text("owner_name", "owner/name")
        fields.put("spec", self.name)
        fields.put("spec_version", version)
        contacts = list(_contacts(info))
        # DPDS asks for the owner's e-mail address as its id: that is a contact too.
        owner = fields.values.get("owner")
        if owner is not None and _EMAIL.match(owner) and all(contact.value != owner for contact in contacts):
            where = fields.sources["owner"]
            contacts.append(
                Contact(kind="email", value=owner, purpose="owner", pointer=where, sources={"value": where})
            )
        fields.put("contacts", tuple(contacts))
        fields.put(
            "dependencies",
            tuple(_input(item) for item in root.items("interfaceComponents/inputPorts")),
        )
        ports = tuple(_port(item) for item in root.items("interfaceComponents/outputPorts"))
        fields.put("ports", ports)
        tags = root.get("tags")
        if tags is not None and isinstance(tags.value, list):
            fields.texts("tags", "tags")
        built = fields.build()
        built["pointer"] = root.pointer
        return Product(**built)


def _input(item: Raw) -> Dependency:
    """An input port: the port it names (its fully qualified name or reference)."""
    found = Fields(item)
    found.text("port", "fullyQualifiedName", "$ref", "id")
    found.text("name", "name")
    found.put("via", "inputPort")
    return Dependency(**found.build())


def _contacts(info: Raw) -> Iterator[Contact]:
    for item in info.items("contactPoints"):
        fields = Fields(item)
        fields.text("kind", "channel")
        fields.text("value", "address")
        fields.text("name", "name")
        fields.text("purpose", "description")
        yield Contact(**fields.build())


def _port(item: Raw) -> Port:
    port = Fields(item)
    port.text("id", "fullyQualifiedName", "id", "name", "$ref")
    port.text("name", "name", "displayName")
    port.text("version", "version")
    port.text("description", "description")
    port.text("type", "promises/servicesType", "promises/serviceType")
    if (policy := item.get("promises/deprecationPolicy")) is not None and policy.value is not None:
        port.put("deprecation_policy", _summary(policy.value), policy.pointer)
    expectations = item.mapping("expectations") or item.mapping("expectatctions")
    obligations = item.mapping("obligations")
    access = Fields(item)
    access.text("classification", "x-classification", "x-confidentiality")
    if expectations is not None and (audience := expectations.get("audience")) is not None:
        access.put("visibility", _summary(audience.value), audience.pointer)
    terms = Fields(item)
    if expectations is not None and (usage := expectations.get("usage")) is not None:
        terms.put("usage", _summary(usage.value), usage.pointer)
    if obligations is not None:
        for name, key in (("terms_and_conditions", "termsAndConditions"), ("billing", "billingPolicy")):
            if (found := obligations.get(key)) is not None:
                terms.put(name, _summary(found.value), found.pointer)
    if terms.values:
        terms.put("declared", True)
        access.put("terms", Terms(**terms.build()))
    port.put("access", Access(**access.build()))
    port.put("slo", _slo(item))
    return Port(**port.build())


def _slo(item: Raw) -> Slo:
    slo = Fields(item)
    for path in ("promises/slo", "obligations/sla"):
        block = item.mapping(path)
        if block is None:
            continue
        definition = block.get("definition")
        if definition is None or not isinstance(definition.value, Mapping):
            continue
        for name, keys in _SLO_KEYS.items():
            if name not in slo.values and (found := _find_key(definition, keys)) is not None:
                slo.put(name, as_scalar(found.value), found.pointer)
    built = slo.build()
    if (block := item.mapping("promises/slo")) is not None:
        built["pointer"] = block.pointer
    built["declared"] = item.get("promises/slo") is not None or item.get("obligations/sla") is not None
    return Slo(**built)


def _find_key(raw: Raw, keys: tuple[str, ...]) -> Raw | None:
    """Breadth-first search for the first key (ignoring 'x-' and case) among keys."""
    queue = [raw]
    while queue:
        current = queue.pop(0)
        if not isinstance(current.value, Mapping):
            continue
        for key, value in current.value.items():
            if _EXTENSION.sub("", str(key)).lower() in keys and not isinstance(value, Mapping | list):
                return current.get(str(key)) if "/" not in str(key) else Raw(value, current.pointer)
        queue.extend(child for _, child in current.members())
    return None


def _summary(value: Any) -> str | None:
    """A standard definition as short text: its description or definition."""
    if isinstance(value, Mapping):
        for key in ("description", "definition"):
            text = as_text(value.get(key))
            if text:
                return text
        definition = value.get("definition")
        if isinstance(definition, Mapping) and definition:
            return json.dumps(definition, sort_keys=True)[:_SUMMARY_CHARS]
        return None
    return as_text(value)


SPEC = DpdsSpec(
    name="odm-dpds",
    content_hints=("dataProductDescriptor",),
    content_marker=key_marker("dataProductDescriptor"),
    title="Open Data Mesh Data Product Descriptor Specification",
    kind="product",
    version_field="dataProductDescriptor",
    markers="dataProductDescriptor",
    patterns=(
        "data-product-descriptor.yaml",
        "data-product-descriptor.yml",
        "data-product-descriptor.json",
        "*.dpds.yaml",
        "*.dpds.yml",
        "*.dpds.json",
        "*.dpd.json",
    ),
    capabilities=frozenset({"slo", "terms"}),
    # DPDS defines no statuses; its owner is an e-mail address.
    owner_pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$",
)
