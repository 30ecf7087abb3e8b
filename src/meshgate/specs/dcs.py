"""datacontract.com Data Contract Specification (DCS), deprecated upstream in favour of ODCS."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from meshgate.model.product import Access, Contact, Port, Product, QualityRule, Role, Slo, Support, Terms
from meshgate.specs import DECLARED, Declared, SpecInfo, key_marker, personal
from meshgate.specs.classification import Scale
from meshgate.specs.fields import Fields, Raw, as_text


class DcsSpec(SpecInfo):
    def match(self, data: Mapping[str, Any], filename: str) -> int:
        return DECLARED if "dataContractSpecification" in data else 0

    def declared_version(self, data: Mapping[str, Any]) -> Declared:
        return Declared(as_text(data.get("dataContractSpecification")), "/dataContractSpecification")

    def normalize(self, root: Raw, version: str, scale: Scale) -> Product:
        fields = Fields(root)
        fields.text("id", "id")
        fields.text("name", "info/title")
        fields.text("description", "info/description")
        fields.text("version", "info/version")
        fields.text("status", "info/status")
        fields.text("owner", "info/owner")
        fields.texts("tags", "tags")
        fields.put("kind", "contract")
        fields.put("spec", self.name)
        fields.put("spec_version", version)
        if (contact := root.mapping("info/contact")) is not None:
            fields.put("contacts", tuple(_contacts(contact)))
        if (support := root.mapping("servicelevels/support")) is not None:
            hours = Fields(support)
            hours.scalar("hours", "time")
            hours.scalar("response_time", "responseTime")
            hours.put("declared", True)
            fields.put("support", Support(**hours.build()))
        fields.put("ports", (_port(root, scale),))
        return Product(**fields.build())


def _contacts(contact: Raw) -> Iterator[Contact]:
    name = as_text(contact.value.get("name"))
    for key, kind in (("email", "email"), ("url", "url")):
        if (found := contact.get(key)) is not None and (value := as_text(found.value)):
            yield Contact(kind=kind, value=value, name=name, pointer=found.pointer, sources={"value": found.pointer})


def _fields(root: Raw) -> Iterator[tuple[str, Raw]]:
    """Every field of every model, nested ones too, with its name."""
    stack = [item for _, model in root.members("models") for item in model.members("fields")]
    stack.reverse()
    while stack:
        name, raw = stack.pop()
        yield name, raw
        stack.extend(reversed(list(raw.members("fields"))))


def _port(root: Raw, scale: Scale) -> Port:
    port = Fields(root)
    port.text("id", "id")
    port.text("name", "info/title")
    port.text("version", "info/version")
    port.text("status", "info/status")
    access = Fields(root)
    classified: list[tuple[str, str]] = []
    for _, raw in _fields(root):
        found = raw.get("classification")
        text = as_text(found.value) if found is not None else None
        if found is not None and text is not None:
            classified.append((text, found.pointer))
    fields = personal.personal_fields(_fields(root))
    access.put("personal_fields", fields)
    if fields:
        access.put("pii", True, fields[0].sources.get("name"))
    if (strictest := scale.strictest(classified)) is not None:
        access.put("classification", *strictest)
    roles = []
    for _, server in root.members("servers"):
        for item in server.items("roles"):
            role = Fields(item)
            role.text("name", "name")
            role.text("description", "description")
            roles.append(Role(**role.build()))
    access.put("roles", tuple(roles))
    if (terms := root.mapping("terms")) is not None:
        written = Fields(terms)
        written.text("usage", "usage")
        written.text("limitations", "limitations")
        written.text("billing", "billing")
        written.text("notice_period", "noticePeriod")
        written.put("declared", True)
        access.put("terms", Terms(**written.build()))
    # The access model has no block of its own in DCS: with no pointer, a
    # finding about a missing value lands on the port that joins the contract
    # (an ODPS or DPS port), or on the contract itself when it is checked alone.
    port.put("access", Access(**{**access.build(), "pointer": None}))
    slo = Fields(root)
    slo.scalar("availability", "servicelevels/availability/percentage")
    slo.scalar("freshness", "servicelevels/freshness/threshold")
    slo.scalar("latency", "servicelevels/latency/threshold")
    slo.scalar("retention", "servicelevels/retention/period")
    slo.scalar(
        "frequency", "servicelevels/frequency/interval", "servicelevels/frequency/cron", "servicelevels/frequency/type"
    )
    quality = [
        QualityRule(
            type=as_text(item.value.get("type")),
            description=as_text(item.value.get("description")),
            pointer=item.pointer,
        )
        for _, model in root.members("models")
        for item in model.items("quality")
    ]
    if (legacy := root.mapping("quality")) is not None:
        quality.append(QualityRule(type=as_text(legacy.value.get("type")), pointer=legacy.pointer))
    models = root.get("models")
    slo.put("quality", tuple(quality), models.pointer if models is not None else None)
    built = {**slo.build(), "pointer": None}  # as for access, when servicelevels is missing
    if (levels := root.mapping("servicelevels")) is not None:
        built["pointer"] = levels.pointer
        built["declared"] = True
    port.put("slo", Slo(**built))
    return Port(**port.build())


SPEC = DcsSpec(
    name="datacontract-dcs",
    content_hints=("dataContractSpecification",),
    content_marker=key_marker("dataContractSpecification"),
    title="Data Contract Specification (datacontract.com)",
    kind="contract",
    version_field="dataContractSpecification",
    markers="dataContractSpecification",
    patterns=("datacontract.yaml", "datacontract.yml", "*.datacontract.yaml", "*.datacontract.yml"),
    capabilities=frozenset({"access", "slo", "terms"}),
    statuses=("proposed", "in development", "active", "deprecated", "retired"),
)
