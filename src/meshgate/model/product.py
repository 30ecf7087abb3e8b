"""The normalized view of a data product that every policy reads as ``input.product``.

Ownership, access and service levels sit at different paths in every spec;
each spec's normalizer fills this one model so one policy library covers all
of them. Every object remembers where it came from: ``pointer`` is its place
in the raw descriptor, ``sources`` maps each of its fields to the pointer of
the value it was read from, and ``file`` is set when the object was joined in
from another document (an ODCS contract an ODPS port points at). A finding on
a normalized field is mapped back through these to a line of the original.

The model is records (frozen dataclasses, ``meshgate.records``) so a run does
not pay pydantic's import and build time (about 90 ms, half the single-file
budget), nor the dataclass methods it never calls. pydantic validates
it all the same: ``product_adapter()`` gives the TypeAdapter the tests check
every normalizer's output with, and the JSON Schema for policy authors
(``schemas/meshgate/product-v1.schema.json``) is generated from it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import field, fields
from functools import cache
from typing import TYPE_CHECKING, Any, Literal

from meshgate.records import record

if TYPE_CHECKING:
    from pydantic import TypeAdapter

Scalar = str | int | float | bool | None

# Read by pydantic: attribute docstrings become JSON Schema descriptions.
_PYDANTIC_CONFIG = {"use_attribute_docstrings": True, "extra": "forbid"}


@record(kw_only=True)
class Node:
    """Where a normalized object was read from: its pointer, its file when joined in, each field's source."""

    __pydantic_config__ = _PYDANTIC_CONFIG

    pointer: str | None = None
    """JSON pointer of this object in the raw descriptor."""
    file: str | None = None
    """Set when the object comes from another document (a joined contract)."""
    sources: Mapping[str, str] = field(default_factory=dict)
    """Field name to the JSON pointer it was read from ('file#pointer' when from another file)."""

    def __reduce__(self) -> tuple[Any, ...]:
        # Faster to unpickle than dataclasses' own state functions, which call fields() for every object.
        names = _FIELD_NAMES[type(self)]
        return (_rebuild, (type(self), tuple([getattr(self, name) for name in names])))


@record(kw_only=True)
class Contact(Node):
    """A way to reach the product's people: e-mail, URL, chat channel, ..."""

    kind: str | None = None
    """email, url, slack, teams, phone, ... as far as it can be told."""
    value: str | None = None
    name: str | None = None
    purpose: str | None = None
    """What the channel is for: owner, support, issues, ..."""


@record(kw_only=True)
class Member(Node):
    """A person of the product's team."""

    id: str | None = None
    """Username or e-mail."""
    name: str | None = None
    role: str | None = None
    date_in: str | None = None
    """When the member joined the team, as written (ODPS/ODCS dateIn)."""
    date_out: str | None = None
    """When the member left the team, as written (ODPS/ODCS dateOut); policies compare it with input.context.today."""


@record(kw_only=True)
class Team(Node):
    """The team that runs the product, and its members."""

    name: str | None = None
    members: tuple[Member, ...] = ()


@record(kw_only=True)
class Role(Node):
    """A role consumers can be granted on a port, and who approves it."""

    name: str | None = None
    access: str | None = None
    """read, write, ... as written."""
    approvers: tuple[str, ...] = ()
    description: str | None = None


@record(kw_only=True)
class Terms(Node):
    """The terms of use a port's consumers accept."""

    declared: bool = False
    """True when the descriptor has the block, even if every value in it is empty."""
    purpose: str | None = None
    usage: str | None = None
    limitations: str | None = None
    terms_and_conditions: str | None = None
    billing: str | None = None
    security: str | None = None
    confidentiality: str | None = None
    lifecycle: str | None = None
    notice_period: str | None = None
    """How long before a change or termination consumers are told (DCS terms.noticePeriod)."""


@record(kw_only=True)
class PersonalField(Node):
    """A column, property or field the descriptor marks as personal data (see meshgate.specs.personal)."""

    name: str | None = None
    classification: str | None = None
    """The field's own classification, as written; null when it has none."""


@record(kw_only=True)
class Access(Node):
    """How consumers get at a port: its classification, personal data, roles, approvers and terms."""

    classification: str | None = None
    """Confidentiality level as written (public, internal, confidential, restricted, ...)."""
    visibility: str | None = None
    pii: bool | None = None
    """Whether the port exposes personal data; null when unknown."""
    personal_fields: tuple[PersonalField, ...] = ()
    """The fields marked as personal data, each with its own classification."""
    auto_approve: bool | None = None
    roles: tuple[Role, ...] = ()
    approvers: tuple[str, ...] = ()
    """Who approves access to the port as a whole."""
    terms: Terms | None = None


@record(kw_only=True)
class QualityRule(Node):
    """A data quality check the product promises."""

    name: str | None = None
    type: str | None = None
    dimension: str | None = None
    description: str | None = None


@record(kw_only=True)
class Slo(Node):
    """A port's service levels and quality promises."""

    declared: bool = False
    """True when the descriptor has a service-level block for the port, even if every value in it is empty."""
    availability: Scalar = None
    """As written: '99.9%', 0.999, ..."""
    freshness: Scalar = None
    latency: Scalar = None
    frequency: Scalar = None
    retention: Scalar = None
    time_of_availability: Scalar = None
    """The time of day the data is available (ODCS timeOfAvailability, e.g. 08:00+01:00); not a duration."""
    quality: tuple[QualityRule, ...] = ()


@record(kw_only=True)
class Support(Node):
    """The support the product promises its consumers."""

    declared: bool = False
    """True when the descriptor has the block, even if every value in it is empty."""
    hours: Scalar = None
    response_time: Scalar = None
    resolution_time: Scalar = None
    information: Scalar = None
    """Witboost informationSLA (January 2023 revision) or supportSLA.informationTime."""


@record(kw_only=True)
class Contract(Node):
    """The data contract a port names, and whether the run joined it in."""

    id: str | None = None
    found: bool = False
    """True when the contract was part of the same run and joined in."""


@record(kw_only=True)
class Port(Node):
    """An output port: what consumers read, with its contract, access model and service levels."""

    id: str | None = None
    name: str | None = None
    version: str | None = None
    description: str | None = None
    type: str | None = None
    status: str | None = None
    deprecated: bool | None = None
    end_of_life: str | None = None
    """Date (as written) after which the port is no longer served."""
    successor: str | None = None
    """What replaces the port once it is retired."""
    deprecation_policy: str | None = None
    """How the port is retired (DPDS promises.deprecationPolicy), summarized as written."""
    contract: Contract | None = None
    access: Access = field(default_factory=Access)
    slo: Slo = field(default_factory=Slo)


@record(kw_only=True)
class Dependency(Node):
    """What the product reads from: another product, one of its ports, or a data contract."""

    via: str | None = None
    """How the descriptor states it: inputPort, dependsOn, readsFrom, ..."""
    product: str | None = None
    """The id of the product read from, when the descriptor names it."""
    port: str | None = None
    """The id of the output port (or Witboost component) read from, when named."""
    contract: str | None = None
    """The id of the data contract read through, when named."""
    system: str | None = None
    """A source system that is not a data product (DMM sourceSystemId), when named."""
    name: str | None = None
    """The input port's own name, when it has one."""


@record(kw_only=True)
class Product(Node):
    """A data product (or a data contract) in the shape every spec is normalized to: input.product."""

    spec: str
    spec_version: str
    kind: Literal["product", "contract"] = "product"
    id: str | None = None
    name: str | None = None
    description: str | None = None
    domain: str | None = None
    version: str | None = None
    status: str | None = None
    deprecated: bool | None = None
    end_of_life: str | None = None
    """Date (as written) after which the product is no longer served."""
    successor: str | None = None
    """What replaces the product once it is retired."""
    owner: str | None = None
    """Identifier of the accountable owner (user, group or team)."""
    owner_name: str | None = None
    team: Team | None = None
    contacts: tuple[Contact, ...] = ()
    support: Support | None = None
    ports: tuple[Port, ...] = ()
    tags: tuple[str, ...] = ()
    dependencies: tuple[Dependency, ...] = ()
    """What the product reads from: input ports, Witboost dependsOn, ..."""
    maturity: str | None = None
    """Witboost maturity (tactical, strategic), as written."""


_VIEW_TYPES = (
    Node,
    Contact,
    Member,
    Team,
    Role,
    Terms,
    PersonalField,
    Access,
    QualityRule,
    Slo,
    Support,
    Contract,
    Port,
    Dependency,
    Product,
)
_PROVENANCE = ("pointer", "file", "sources")
_FIELD_NAMES: dict[type, tuple[str, ...]] = {kind: tuple(item.name for item in fields(kind)) for kind in _VIEW_TYPES}
_VALUE_NAMES: dict[type, tuple[str, ...]] = {
    kind: tuple(name for name in names if name not in _PROVENANCE) for kind, names in _FIELD_NAMES.items()
}


def _rebuild(kind: type[Node], values: tuple[Any, ...]) -> Node:
    node = object.__new__(kind)
    for name, value in zip(_FIELD_NAMES[kind], values, strict=True):
        object.__setattr__(node, name, value)
    return node


def to_data(value: Any, *, provenance: bool = True) -> Any:
    """The JSON-ready form of a view object.

    Policies see it without provenance (``pointer``, ``file``, ``sources``):
    they name a normalized value with ``field`` and meshgate maps it back.
    """
    return _data(value, _FIELD_NAMES if provenance else _VALUE_NAMES)


# Leaves are returned as they are without a call: a product has ten leaves for every object.
_LEAVES = frozenset({str, int, float, bool, type(None)})


def _data(value: Any, names_of: dict[type, tuple[str, ...]]) -> Any:
    kind = type(value)
    names = names_of.get(kind)
    if names is not None:
        data = {}
        for name in names:
            item = getattr(value, name)
            data[name] = item if type(item) in _LEAVES else _data(item, names_of)
        return data
    if kind is tuple or kind is list:
        return [item if type(item) in _LEAVES else _data(item, names_of) for item in value]
    if isinstance(value, Mapping):
        return dict(value)
    return value


def value_names(node: Node) -> tuple[str, ...]:
    """The names of a view object's own values (not its pointer, file and sources)."""
    return _VALUE_NAMES[type(node)]


def value_fields(node: Node) -> dict[str, Any]:
    """A view object's own values, without its pointer, file and sources."""
    return {name: getattr(node, name) for name in _VALUE_NAMES[type(node)]}


@cache
def product_adapter() -> TypeAdapter[Product]:
    """pydantic's validator and JSON Schema for the view (imported only when asked for)."""
    from pydantic import TypeAdapter

    return TypeAdapter(Product)


def view_json_schema() -> dict[str, Any]:
    """The JSON Schema of input.product as policies see it (no provenance; every key present)."""
    schema = product_adapter().json_schema()

    def tidy(definition: dict[str, Any]) -> None:
        properties = definition.get("properties", {})
        for name in _PROVENANCE:
            properties.pop(name, None)
        for item in properties.values():
            item.pop("default", None)
        definition["required"] = sorted(properties)

    tidy(schema)
    for definition in schema.get("$defs", {}).values():
        tidy(definition)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://meshgate.dev/schemas/meshgate/product-v1.schema.json",
        "description": "input.product: the normalized view of a data product or contract every meshgate policy reads. "
        "Generated from meshgate.model.product; do not edit.",
        **schema,
    }
