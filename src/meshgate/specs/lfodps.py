"""Linux Foundation Open Data Product Specification (opendataproducts.org) 4.1."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from meshgate.model.product import Access, Contact, Port, Product, QualityRule, Slo, Terms
from meshgate.specs import DECLARED, MARKER, Declared, SpecInfo
from meshgate.specs.classification import Scale
from meshgate.specs.fields import Fields, Raw, as_text

# SLA dimensions of LF ODPS, mapped to the normalized SLO fields.
_SLA_DIMENSIONS = {"uptime": "availability", "latency": "latency", "updateFrequency": "frequency"}


class LfOdpsSpec(SpecInfo):
    def match(self, data: Mapping[str, Any], filename: str) -> int:
        if not isinstance(data.get("product"), Mapping):
            return 0
        schema = data.get("schema")
        if isinstance(schema, str) and "opendataproducts.org" in schema:
            return DECLARED
        return MARKER if "schema" in data or "version" in data else 0

    def declared_version(self, data: Mapping[str, Any]) -> Declared:
        return Declared(as_text(data.get("version")), "/version")

    def normalize(self, root: Raw, version: str, scale: Scale) -> Product:
        product = root.mapping("product") or Raw({}, root.pointer + "/product")
        details = next((raw for _, raw in product.members("details")), None) or Raw({}, product.pointer + "/details")
        fields = Fields(details)
        fields.text("id", "productID")
        fields.text("name", "name")
        fields.text("description", "description")
        fields.text("status", "status")
        fields.text("version", "productVersion")
        fields.texts("tags", "tags")
        fields.put("spec", self.name)
        fields.put("spec_version", version)
        holder = _localized(product, "dataHolder")
        if holder is not None:
            owner = Fields(holder)
            owner.text("owner", "legalName", "email")
            owner.text("owner_name", "contactName")
            owner.text("domain", "businessDomain")
            fields.values.update(owner.values)
            fields.sources.update(owner.sources)
            fields.put("contacts", tuple(_contacts(holder)))
        visibility = details.get("visibility")
        slo = _slo(product)
        terms = _terms(product)
        ports = tuple(_ports(product, visibility, slo, terms))
        fields.put("ports", ports)
        built = fields.build()
        built["pointer"] = root.pointer
        return Product(**built)


def _contacts(holder: Raw) -> Iterator[Contact]:
    for key, kind in (("email", "email"), ("URL", "url"), ("phoneNumber", "phone")):
        if (found := holder.get(key)) is not None and (value := as_text(found.value)):
            yield Contact(kind=kind, value=value, pointer=found.pointer, sources={"value": found.pointer})


def _localized(product: Raw, block: str) -> Raw | None:
    """A block as 4.x writes it, or the first language of one keyed by language (3.x: dataHolder.en)."""
    found = product.mapping(block)
    if found is None or any(type(value) is not dict for value in found.value.values()):
        return found
    return next((raw for key, raw in found.members() if len(key) == 2 and key.isalpha()), found)


def _terms(product: Raw) -> Terms | None:
    """The license's scope: its definition is the terms and conditions, its restrictions the limitations."""
    license_ = _localized(product, "license")
    if license_ is None:
        return None
    terms = Fields(license_)
    terms.text("terms_and_conditions", "scope/definition")
    terms.text("limitations", "scope/restrictions")
    terms.put("declared", True)
    return Terms(**terms.build())


def _ports(product: Raw, visibility: Raw | None, slo: Slo, terms: Terms | None) -> Iterator[Port]:
    found = product.get("dataAccess")
    if found is None:
        return
    entries: list[tuple[str | None, Raw]] = (
        [(None, raw) for raw in product.items("dataAccess")]
        if isinstance(found.value, list)
        else list(product.members("dataAccess"))
    )
    for key, entry in entries:
        port = Fields(entry)
        port.text("id", "name", "outputPortType")
        port.text("name", "name", "outputPortType")
        if key is not None and "name" not in port.values:
            # dataAccess written as a mapping names each port by its key (dataAccess.API).
            port.put("id", key)
            port.put("name", key)
        port.text("type", "outputPortType", "type")
        access = Fields(entry)
        if visibility is not None:
            access.put("visibility", as_text(visibility.value), visibility.pointer)
        access.put("terms", terms)
        port.put("access", Access(**access.build()))
        port.put("slo", slo)
        yield Port(**port.build())


def _slo(product: Raw) -> Slo:
    slo = Fields(product)
    for declaration in _declarations(product, "SLA"):
        for item in declaration.items("dimensions"):
            dimension = as_text(item.value.get("dimension"))
            name = _SLA_DIMENSIONS.get(dimension or "")
            if name and name not in slo.values:
                objective, unit = item.value.get("objective"), as_text(item.value.get("unit"))
                text = (
                    f"{objective}{'%' if unit == 'percent' else ' ' + unit if unit else ''}"
                    if objective is not None
                    else None
                )
                slo.put(name, text, item.pointer)
    quality = [
        QualityRule(dimension=as_text(item.value.get("dimension")), pointer=item.pointer)
        for declaration in _declarations(product, "dataQuality")
        for item in declaration.items("dimensions")
    ]
    quality_block = product.get("dataQuality")
    slo.put("quality", tuple(quality), quality_block.pointer if quality_block is not None else product.pointer)
    sla = product.get("SLA")
    slo.put("declared", sla is not None)
    # A missing service level is written in the SLA block, when there is one.
    return Slo(**{**slo.build(), "pointer": sla.pointer if sla is not None else product.pointer})


def _declarations(product: Raw, block: str) -> Iterator[Raw]:
    found = product.get(f"{block}/declarative")
    if found is None:
        return
    if isinstance(found.value, list):
        yield from product.items(f"{block}/declarative")
    elif isinstance(found.value, Mapping):
        yield from (raw for _, raw in product.members(f"{block}/declarative"))


SPEC = LfOdpsSpec(
    name="lf-odps",
    content_hints=("opendataproducts.org",),
    content_marker=r"opendataproducts\.org",
    title="Open Data Product Specification (Linux Foundation)",
    kind="product",
    version_field="version",
    markers="schema + version + product (opendataproducts.org)",
    # LF ODPS documents have no conventional file name: name them on the command line or with --pattern.
    patterns=(),
    capabilities=frozenset({"access", "slo", "terms"}),
    statuses=("announcement", "draft", "development", "testing", "acceptance", "production", "sunset", "retired"),
)
