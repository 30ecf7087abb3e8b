"""Bitol Open Data Contract Standard (ODCS) v3.0.x and v3.1.0.

A contract describes one dataset as it is served: it is normalized as a
product of kind "contract" with a single port, and that port's access model
and service levels are what an ODPS output port joins in through contractId.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from meshgate.model.product import Access, Port, Product, QualityRule, Role, Slo
from meshgate.specs import bitol, key_marker, personal
from meshgate.specs.classification import Scale
from meshgate.specs.fields import Fields, Raw, as_scalar, as_text

# ODCS slaProperties: property names (and their short synonyms) per SLO field.
# Each is read for what it is: timeOfAvailability is a time of day, not a duration.
_SLA_FIELDS = {
    "availability": ("availability", "av", "uptime"),
    "latency": ("latency", "ly"),
    "freshness": ("freshness", "latency", "ly"),
    "frequency": ("frequency", "fy"),
    "retention": ("retention", "rt"),
    "time_of_availability": ("timeofavailability", "toa"),
}


class OdcsSpec(bitol.BitolSpec):
    document_kind = "DataContract"
    extension = "odcs"

    def normalize(self, root: Raw, version: str, scale: Scale) -> Product:
        fields, properties = bitol.common_fields(root, self.name, version)
        # datacontract-cli and Entropy Data write the owner as a custom property.
        if "owner" not in fields.values and (owner := properties.get("owner")) is not None:
            fields.put("owner", as_text(owner.value), owner.pointer)
        fields.put("kind", "contract")
        fields.put("ports", (contract_port(root, scale),))
        return Product(**fields.build())


def contract_port(root: Raw, scale: Scale) -> Port:
    """The dataset the contract describes, as one port."""
    port = Fields(root)
    port.text("id", "id")
    port.text("name", "name")
    port.text("version", "version")
    port.text("status", "status")
    port.text("description", "description/purpose")
    servers = list(root.items("servers"))
    if servers:
        port.text("type", "servers/0/type")
    port.put("access", _access(root, servers, scale))
    port.put("slo", _slo(root))
    properties = bitol.custom_properties(root)
    bitol.lifecycle(port, properties)
    for item in root.items("slaProperties"):
        prop = as_text(item.value.get("property"))
        if (
            prop is not None
            and prop.lower() in ("endoflife", "eol", "endofsupport", "eos")
            and "end_of_life" not in port.values
        ):
            port.put("end_of_life", as_text(item.value.get("value")), item.pointer)
    return Port(**port.build())


def _access(root: Raw, servers: list[Raw], scale: Scale) -> Access:
    access = Fields(root)
    classified: list[tuple[str, str]] = []
    for raw in _schema_objects(root):
        found = raw.get("classification")
        text = as_text(found.value) if found is not None else None
        if found is None or text is None:
            continue
        classified.append((text, found.pointer))
    if (strictest := scale.strictest(classified)) is not None:
        access.put("classification", *strictest)
    elif (schema := root.get("schema")) is not None:
        access.sources["classification"] = schema.pointer  # where a classification would be written
    fields = personal.personal_fields((as_text(raw.value.get("name")), raw) for raw in _schema_objects(root))
    access.put("personal_fields", fields)
    if (flagged := personal.flag_mark(root)) is not None:
        access.put("pii", flagged[0], flagged[1])
    elif (tag := personal.tag_mark(root)) is not None:
        access.put("pii", True, tag)
    elif fields:
        access.put("pii", True, fields[0].sources.get("name"))
    if (visibility := bitol.custom_property(root, "visibility")) is not None:
        access.put("visibility", as_text(visibility.value), visibility.pointer)
    roles = [_role(item) for item in root.items("roles")]
    for server in servers:
        roles += [_role(item) for item in server.items("roles")]
    access.put("roles", tuple(roles))
    if (found := root.get("roles")) is not None:
        access.sources.setdefault("roles", found.pointer)
    access.put("terms", bitol.description_terms(root))
    # No block of its own: a finding about a missing value lands on the joining port (or the contract).
    return Access(**{**access.build(), "pointer": None})


def _role(item: Raw) -> Role:
    fields = Fields(item)
    fields.text("name", "role", "name")
    fields.text("access", "access")
    fields.text("description", "description")
    approvers: list[str] = []
    for key in ("firstLevelApprovers", "secondLevelApprovers", "approvers"):
        value = item.value.get(key)
        values = value if isinstance(value, list) else [value]
        approvers += [text for text in map(as_text, values) if text]
        if value is not None:
            fields.sources.setdefault("approvers", f"{item.pointer}/{key}")
    fields.put("approvers", tuple(approvers))
    return Role(**fields.build())


def _slo(root: Raw) -> Slo:
    slo = Fields(root)
    found = root.get("slaProperties")
    for name, synonyms in _SLA_FIELDS.items():
        for item in root.items("slaProperties"):
            prop = as_text(item.value.get("property"))
            if prop is not None and prop.lower() in synonyms and name not in slo.values:
                slo.put(name, _sla_value(item.value), item.pointer)
    schema = root.get("schema")
    slo.put("quality", tuple(_quality(root)), schema.pointer if schema is not None else None)
    built = {**slo.build(), "pointer": None}  # without slaProperties, as for access
    if found is not None:
        built["pointer"] = found.pointer
        built["declared"] = True
    return Slo(**built)


def _sla_value(item: Mapping[str, Any]) -> Any:
    value = as_scalar(item.get("value"))
    unit = as_text(item.get("unit"))
    if value is None or unit is None:
        return value
    if unit.lower() not in ("%", "percent", "percentage"):
        return f"{value} {unit}"
    # A percentage written with its sign ("95%" with unit "%") keeps it.
    return value if isinstance(value, str) and value.endswith("%") else f"{value}%"


def _quality(root: Raw) -> Iterator[QualityRule]:
    for raw in _schema_objects(root):
        for item in raw.items("quality"):
            yield QualityRule(
                name=as_text(item.value.get("name"))
                or as_text(item.value.get("rule"))
                or as_text(item.value.get("metric")),
                type=as_text(item.value.get("type")),
                dimension=as_text(item.value.get("dimension")),
                description=as_text(item.value.get("description")),
                pointer=item.pointer,
            )


def _schema_objects(root: Raw) -> Iterator[Raw]:
    """Every schema object and property, however deeply nested."""
    stack = list(root.items("schema"))
    stack.reverse()
    while stack:
        raw = stack.pop()
        yield raw
        children = list(raw.items("properties"))
        if (items := raw.mapping("items")) is not None:
            children.append(items)
        stack.extend(reversed(children))


SPEC = OdcsSpec(
    name="bitol-odcs",
    content_hints=("DataContract",),
    content_marker=key_marker("kind", value=r"[\"']?DataContract\b"),
    title="Bitol Open Data Contract Standard",
    kind="contract",
    version_field="apiVersion",
    markers="kind: DataContract with apiVersion",
    patterns=("*.odcs.yaml", "*.odcs.yml", "*.odcs.json"),
    capabilities=frozenset({"access", "slo", "terms"}),
    statuses=bitol.STATUSES,
)
