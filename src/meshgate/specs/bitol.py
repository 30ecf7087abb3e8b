"""Shapes shared by the Bitol standards (ODPS and ODCS): team, support, custom properties."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any, ClassVar

from meshgate import specs
from meshgate.model.product import Contact, Member, Team, Terms
from meshgate.specs import Declared, SpecInfo
from meshgate.specs.fields import Fields, Raw, as_text

_OWNER_ROLE = re.compile(r"owner", re.IGNORECASE)
_MAJOR = re.compile(r"^v?(\d+)\.")
# The statuses both Bitol standards define.
STATUSES = ("proposed", "draft", "in development", "active", "deprecated", "retired")


def match(data: Mapping[str, Any], filename: str, kind: str, extension: str, majors: frozenset[str]) -> int:
    """How sure a Bitol standard whose documents say ``kind`` is that data is one of them.

    ``apiVersion`` is every Bitol standard's version field: with it, the file
    name (``.odps.``) and a version of one of the standard's major versions
    are hints; without ``kind`` or ``apiVersion`` the document is not Bitol.
    """
    if data.get("kind") == kind:
        return specs.DECLARED
    version = data.get("apiVersion")
    if version is None:
        return 0
    if f".{extension}." in filename:
        return specs.HINT + 10
    major = _MAJOR.match(version) if isinstance(version, str) else None
    return specs.HINT if major and major.group(1) in majors else specs.SHAPE


def majors(versions: tuple[str, ...]) -> frozenset[str]:
    return frozenset(found.group(1) for version in versions if (found := _MAJOR.match(version)))


def declared(data: Mapping[str, Any]) -> tuple[str | None, str | None]:
    value = data.get("apiVersion")
    if value is None:
        return None, None
    return (as_text(value), "/apiVersion")


class BitolSpec(SpecInfo):
    """A Bitol standard: its documents say ``kind: <document_kind>``, its files are named ``*.<extension>.yaml``."""

    document_kind: ClassVar[str]
    extension: ClassVar[str]

    def match(self, data: Mapping[str, Any], filename: str) -> int:
        return match(data, filename, self.document_kind, self.extension, majors(self.versions))

    def declared_version(self, data: Mapping[str, Any]) -> Declared:
        return Declared(*declared(data))


def team(root: Raw) -> Team | None:
    """The team: an object {name, members} (v1.0.0+) or a bare member list (older)."""
    found = root.get("team")
    if found is None:
        return None
    if isinstance(found.value, list):
        members = tuple(member(item) for item in root.items("team"))
        return Team(members=members, pointer=found.pointer)
    if not isinstance(found.value, Mapping):
        return Team(pointer=found.pointer)
    fields = Fields(found)
    fields.text("name", "name")
    fields.put("members", tuple(member(item) for item in found.items("members")))
    return Team(**fields.build())


def member(raw: Raw) -> Member:
    fields = Fields(raw)
    fields.text("id", "username", "email", "id")
    fields.text("name", "name")
    fields.text("role", "role")
    fields.text("date_in", "dateIn")
    fields.text("date_out", "dateOut")
    return Member(**fields.build())


def owner(fields: Fields, product_team: Team | None) -> None:
    """The accountable owner: the team's name, else a member whose role names an owner."""
    if product_team is None:
        return
    if product_team.name is not None:
        fields.put("owner", product_team.name, product_team.sources.get("name"))
        return
    for person in product_team.members:
        if person.role and _OWNER_ROLE.search(person.role) and person.id:
            fields.put("owner", person.id, person.sources.get("id"))
            fields.put("owner_name", person.name, person.sources.get("name"))
            return


def support(root: Raw) -> Iterator[Contact]:
    for item in root.items("support"):
        fields = Fields(item)
        fields.text("value", "url", "email")
        fields.text("name", "channel")
        fields.text("purpose", "scope")
        tool = as_text(item.value.get("tool"))
        value = fields.values.get("value")
        kind = tool.lower() if tool else "email" if value and "@" in value else "url" if value else None
        fields.put("kind", kind)
        yield Contact(**fields.build())


def custom_properties(raw: Raw) -> dict[str, Raw]:
    """customProperties entries by lower-cased property name (the first of each name wins)."""
    found: dict[str, Raw] = {}
    for item in raw.items("customProperties"):
        prop = item.value.get("property")
        if isinstance(prop, str) and "value" in item.value:
            found.setdefault(prop.lower(), Raw(item.value["value"], item.pointer + "/value"))
    return found


def custom_property(raw: Raw, *names: str) -> Raw | None:
    """The value of the first customProperties entry whose property is one of names."""
    properties = custom_properties(raw)
    return next((properties[name.lower()] for name in names if name.lower() in properties), None)


def description_terms(root: Raw) -> Terms | None:
    found = root.mapping("description")
    if found is None:
        return None
    fields = Fields(found)
    fields.text("purpose", "purpose")
    fields.text("usage", "usage")
    fields.text("limitations", "limitations")
    fields.put("declared", True)
    return Terms(**fields.build())


_END_OF_LIFE = ("endOfLife", "endOfSupport", "sunsetDate", "retirementDate", "decommissionDate")
_SUCCESSOR = ("successor", "replacedBy", "supersededBy", "replacement")


def lifecycle(fields: Fields, properties: dict[str, Raw]) -> None:
    """deprecated, end_of_life and successor from the block itself and its custom properties."""
    fields.flag("deprecated", "deprecated")
    for name, keys in (("end_of_life", _END_OF_LIFE), ("successor", _SUCCESSOR)):
        found = next((properties[key.lower()] for key in keys if key.lower() in properties), None)
        if found is not None:
            fields.put(name, as_text(found.value), found.pointer)


def common_fields(root: Raw, spec: str, version: str) -> tuple[Fields, dict[str, Raw]]:
    """What ODPS and ODCS write alike: identity, status, team, owner, support and lifecycle.

    Returns the fields and the document's custom properties, which ports read too.
    """
    fields = Fields(root)
    fields.text("id", "id")
    fields.text("name", "name")
    fields.text("domain", "domain")
    fields.text("version", "version")
    fields.text("status", "status")
    fields.text("description", "description/purpose")
    fields.texts("tags", "tags")
    fields.put("spec", spec)
    fields.put("spec_version", version)
    document_team = team(root)
    fields.put("team", document_team)
    owner(fields, document_team)
    fields.put("contacts", tuple(support(root)))
    properties = custom_properties(root)
    lifecycle(fields, properties)
    return fields, properties
