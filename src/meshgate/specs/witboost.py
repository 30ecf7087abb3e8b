"""Agile Lab / Witboost Data Product Specification (defined in CUE; no version field)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from meshgate.model import pointer as jp
from meshgate.model.product import (
    Access,
    Contact,
    Dependency,
    Port,
    Product,
    QualityRule,
    Slo,
    Support,
    Team,
    Terms,
)
from meshgate.specs import DECLARED, HINT, MARKER, Declared, SpecInfo, Unwrapped, key_marker, personal
from meshgate.specs.classification import Scale
from meshgate.specs.fields import Fields, Raw, as_scalar, as_text

_WRAPPER_KEY = "dataProduct"
CURRENT = "0.0.1"
"""The current revision of the CUE definition (commit 904d7e5)."""
JANUARY_2023 = "0.0.1-2023-01"
"""The revision of January 2023 (commit 5cec68b) most tech-adapter fixtures were written against."""
_CURRENT_BLOCKS = ("supportSLA", "businessInfo", "securityInfo")
_MARKERS = ("dataProductOwner", "dataProductOwnerDisplayName", "devGroup", "ownerGroup")
_OBSERVED_QUALITY = ("dataQuality", "completeness", "freshness", "availability", "dataProfiling")


class WitboostSpec(SpecInfo):
    def match(self, data: Mapping[str, Any], filename: str) -> int:
        kind = data.get("kind")
        identifier = data.get("id")
        if kind == "dataproduct":
            return DECLARED
        if (isinstance(identifier, str) and identifier.startswith("urn:dmb:dp:")) or any(
            marker in data for marker in _MARKERS
        ):
            return MARKER
        return HINT if isinstance(kind, str) and kind.lower() == "dataproduct" else 0

    def unwrap(self, data: Mapping[str, Any]) -> Unwrapped | None:
        # A provisioning request: {dataProduct: <descriptor>, componentIdToProvision: ...}.
        inner = data.get(_WRAPPER_KEY)
        if isinstance(inner, Mapping) and "kind" not in data and "id" not in data:
            return Unwrapped(jp.join("", _WRAPPER_KEY), inner, "a provisioning request")
        return None

    def declared_version(self, data: Mapping[str, Any]) -> Declared:
        # The definition has no version field: its revision is told by shape.
        # The January 2023 revision has informationSLA and none of the blocks
        # the current one added (supportSLA, businessInfo, securityInfo).
        if "informationSLA" in data and not any(key in data for key in _CURRENT_BLOCKS):
            return Declared(JANUARY_2023, "/informationSLA", implicit=True)
        return Declared(CURRENT, None, implicit=True)

    @property
    def versions(self) -> tuple[str, ...]:
        """The current revision only: the definition has no version field to declare another.

        The January 2023 revision's schema sits beside it and is chosen by
        shape (``declared_version``); it is not offered as a version to compare
        against, so schema errors are not doubled by a "fits better" finding.
        """
        return (CURRENT,)

    def revision_note(self, version: str) -> str | None:
        """Why a descriptor is checked against an older revision than the current one, if it is."""
        if version != JANUARY_2023:
            return None
        return (
            "follows the January 2023 revision of the Witboost specification (informationSLA; no supportSLA, "
            f"businessInfo or securityInfo), so it is checked against that revision, not the current one ({CURRENT})"
        )

    def normalize(self, root: Raw, version: str, scale: Scale) -> Product:
        fields = Fields(root)
        fields.text("id", "id")
        fields.text("name", "name")
        fields.text("description", "description")
        fields.text("domain", "domain")
        fields.text("version", "version")
        fields.text("status", "status")
        fields.text("owner", "dataProductOwner")
        fields.text("owner_name", "dataProductOwnerDisplayName")
        tags = [Raw(item.value.get("tagFQN"), item.pointer) for item in root.items("tags")]
        fields.put("tags", tuple(text for tag in tags if (text := as_text(tag.value)) is not None))
        fields.text("maturity", "maturity")
        fields.put("spec", self.name)
        fields.put("spec_version", version)
        team = Fields(root)
        team.text("name", "ownerGroup", "devGroup")
        fields.put("team", Team(**team.build()))
        fields.put("contacts", tuple(_contacts(root)))
        if (sla := root.mapping("supportSLA")) is not None:
            support = Fields(sla)
            support.scalar("hours", "supportHours")
            support.scalar("response_time", "responseTime")
            support.scalar("resolution_time", "resolutionTime")
            support.scalar("information", "informationTime")
            support.put("declared", True)
            fields.put("support", Support(**support.build()))
            fields.text("end_of_life", "supportSLA/endOfSupport")
        elif (information := root.get("informationSLA")) is not None:
            # The January 2023 revision's one support-level field.
            support = Fields(root)
            support.scalar("information", "informationSLA")
            support.put("declared", True)
            fields.put("support", Support(**{**support.build(), "pointer": information.pointer}))
        components = list(root.items("components"))
        fields.put("dependencies", tuple(_dependencies(root, components)))
        observed = _observed_quality(components)
        fields.put(
            "ports",
            tuple(
                _port(root, component, observed)
                for component in components
                if str(component.value.get("kind", "")).lower() == "outputport"
            ),
        )
        return Product(**fields.build())


def _dependencies(root: Raw, components: list[Raw]) -> Iterator[Dependency]:
    """The product's dependsOn (other products) and its output ports' dependsOn outside the product."""
    for item in _strings(root, "dependsOn"):
        yield Dependency(via="dependsOn", product=as_text(item.value), pointer=item.pointer)
    own = {as_text(component.value.get("id")) for component in components}
    for component in components:
        if str(component.value.get("kind", "")).lower() != "outputport":
            continue
        for item in _strings(component, "dependsOn"):
            target = as_text(item.value)
            if target in own:
                continue  # a component of the product itself
            product = _product_of(target)
            yield Dependency(via="dependsOn", product=product, port=target, pointer=item.pointer)


def _strings(raw: Raw, key: str) -> Iterator[Raw]:
    found = raw.get(key)
    if found is None or type(found.value) is not list:
        return
    for index, item in enumerate(found.value):
        if as_text(item) is not None:
            yield Raw(item, f"{found.pointer}/{index}")


def _product_of(component_id: str | None) -> str | None:
    """urn:dmb:cmp:<domain>:<name>:<major>:<component> belongs to urn:dmb:dp:<domain>:<name>:<major>."""
    parts = component_id.split(":") if component_id else []
    if len(parts) == 7 and parts[:3] == ["urn", "dmb", "cmp"]:
        return ":".join(["urn", "dmb", "dp", *parts[3:6]])
    return None


def _contacts(root: Raw) -> Iterator[Contact]:
    for path, purpose in (
        ("email", "product"),
        ("contacts/ownerContact", "owner"),
        ("contacts/supportContact", "support"),
        ("contacts/suportContact", "support"),  # the spec's own spelling
    ):
        found = root.get(path)
        if found is not None and (value := as_text(found.value)):
            kind = "email" if "@" in value else "url" if "://" in value else None
            yield Contact(
                kind=kind, value=value, purpose=purpose, pointer=found.pointer, sources={"value": found.pointer}
            )


def _observed_quality(components: list[Raw]) -> list[tuple[tuple[str, ...], QualityRule]]:
    """Quality declared by observability components, with the port ids each one covers."""
    observed = []
    for component in components:
        if str(component.value.get("kind", "")).lower() != "observability":
            continue
        depends = component.value.get("dependsOn")
        targets = tuple(str(item) for item in depends) if isinstance(depends, list) else ()
        for key in _OBSERVED_QUALITY:
            found = component.get(key)
            if found is not None and found.value not in (None, {}, [], ""):
                rule = QualityRule(
                    name=as_text(component.value.get("name")),
                    type="observability",
                    dimension=key,
                    pointer=found.pointer,
                )
                observed.append((targets, rule))
    return observed


def _port(root: Raw, component: Raw, observed: list[tuple[tuple[str, ...], QualityRule]]) -> Port:
    port = Fields(component)
    port.text("id", "id")
    port.text("name", "name")
    port.text("version", "version")
    port.text("description", "description")
    port.text("type", "outputPortType")
    port.put("access", _access(root, component))
    port.put("slo", _slo(component, port.values.get("id"), observed))
    return Port(**port.build())


def _access(root: Raw, component: Raw) -> Access:
    security = root.mapping("securityInfo") or Raw({}, root.pointer + "/securityInfo")
    access = Fields(security)
    access.text("classification", "confidentiality")
    access.text("visibility", "visibility")
    columns = personal.personal_fields(
        (as_text(column.value.get("name")), column) for column in component.items("dataContract/schema")
    )
    access.put("personal_fields", columns)
    if access.flag("pii", "GDPR", "gdpr") is None:
        if (tag := personal.tag_mark(component) or personal.tag_mark(root)) is not None:
            access.put("pii", True, tag)
        elif columns:
            access.put("pii", True, columns[0].sources.get("name"))
    agreement = _first_mapping(
        component,
        "dataSharingAgreement",
        "dataContract/dataSharingAgreement",
        "dataSharingAgreements",
        "dataContract/dataSharingAgreements",
    )
    if agreement is not None:
        terms = Fields(agreement)
        terms.text("purpose", "purpose")
        terms.text("usage", "intendedUsage")
        terms.text("limitations", "limitations")
        terms.text("billing", "billing")
        terms.text("security", "security")
        terms.text("confidentiality", "confidentiality")
        terms.text("lifecycle", "lifeCycle")
        terms.text("terms_and_conditions", "termsAndConditions")
        terms.put("declared", True)
        if "terms_and_conditions" not in terms.values and (found := component.get("dataContract/termsAndConditions")):
            terms.put("terms_and_conditions", as_text(found.value), found.pointer)
        access.put("terms", Terms(**terms.build()))
    return Access(**{**access.build(), "pointer": component.pointer})


def _slo(component: Raw, port_id: str | None, observed: list[tuple[tuple[str, ...], QualityRule]]) -> Slo:
    sla = component.mapping("dataContract/SLA")
    slo = Fields(sla or Raw({}, component.pointer))
    if sla is not None:
        slo.scalar("availability", "upTime")
        slo.scalar("freshness", "timeliness")
        slo.scalar("frequency", "intervalOfChange")
    retention = component.get("retentionTime")
    if retention is not None:
        slo.put("retention", as_scalar(retention.value), retention.pointer)
    rules = [
        QualityRule(
            name=as_text(item.value.get("name")) or as_text(item.value.get("id")),
            type=as_text(item.value.get("type")),
            dimension=as_text(item.value.get("dimension")),
            description=as_text(item.value.get("description")),
            pointer=item.pointer,
        )
        for item in component.items("dataContract/quality")
    ]
    rules += [rule for targets, rule in observed if not targets or (port_id is not None and port_id in targets)]
    # Quality rules are written in the data contract (dataContract.quality).
    contract = component.mapping("dataContract")
    slo.put("quality", tuple(rules), contract.pointer if contract is not None else None)
    slo.put("declared", sla is not None)
    return Slo(**{**slo.build(), "pointer": sla.pointer if sla is not None else component.pointer})


def _first_mapping(raw: Raw, *paths: str) -> Raw | None:
    for path in paths:
        if (found := raw.mapping(path)) is not None:
            return found
    return None


SPEC = WitboostSpec(
    name="witboost-dps",
    content_hints=("dataProductOwner", "ownerGroup", "devGroup", "urn:dmb:dp:", "dataproduct"),
    # An id that is a data product URN, not any mention of one (a waiver's product: urn:dmb:dp:...).
    content_marker=key_marker("dataProductOwner", "ownerGroup", "devGroup")
    + "|"
    + key_marker("id", value=r"[\"']?urn:dmb:dp:")
    + "|"
    + key_marker("kind", value=r"[\"']?dataproduct\b"),
    title="Agile Lab / Witboost Data Product Specification",
    kind="product",
    version_field="(none: the version is implicit)",
    markers="kind: dataproduct, an id starting urn:dmb:dp:, dataProductOwner, ownerGroup or devGroup",
    patterns=("data-product.yaml", "data-product.yml", "data-product.json"),
    capabilities=frozenset({"access", "slo", "terms"}),
    statuses=("draft", "published", "retired"),
    owner_pattern=r"^(user|group):[^\s:]+$",
)
