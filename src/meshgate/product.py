"""The normalized view of a data product that every policy reads as ``input.product``.

Ownership, access and service levels sit at different paths in every spec;
each spec's normalizer fills this one model so one policy library covers all
of them. Every object remembers where it came from: ``pointer`` is its place
in the raw descriptor, ``sources`` maps each of its fields to the pointer of
the value it was read from, and ``file`` is set when the object was joined in
from another document (an ODCS contract an ODPS port points at). A finding on
a normalized field is mapped back through these to a line of the original.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Scalar = str | int | float | bool | None


class Node(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    pointer: str | None = Field(default=None, description="JSON pointer of this object in the raw descriptor.")
    file: str | None = Field(default=None, description="Set when the object comes from another document.")
    sources: dict[str, str] = Field(
        default_factory=dict, description="Field name to the JSON pointer it was read from."
    )


class Contact(Node):
    kind: str | None = Field(default=None, description="email, url, slack, teams, phone, ... as far as it can be told.")
    value: str | None = None
    name: str | None = None
    purpose: str | None = Field(default=None, description="What the channel is for: owner, support, issues, ...")


class Member(Node):
    id: str | None = Field(default=None, description="Username or e-mail.")
    name: str | None = None
    role: str | None = None


class Team(Node):
    name: str | None = None
    members: tuple[Member, ...] = ()


class Role(Node):
    name: str | None = None
    access: str | None = Field(default=None, description="read, write, ... as written.")
    approvers: tuple[str, ...] = ()
    description: str | None = None


class Terms(Node):
    purpose: str | None = None
    usage: str | None = None
    limitations: str | None = None
    terms_and_conditions: str | None = None
    billing: str | None = None
    security: str | None = None
    confidentiality: str | None = None
    lifecycle: str | None = None


class Access(Node):
    classification: str | None = Field(default=None, description="Confidentiality level as written.")
    visibility: str | None = None
    pii: bool | None = Field(default=None, description="Whether the port exposes personal data; null when unknown.")
    auto_approve: bool | None = None
    roles: tuple[Role, ...] = ()
    approvers: tuple[str, ...] = Field(default=(), description="Who approves access to the port as a whole.")
    terms: Terms | None = None


class QualityRule(Node):
    name: str | None = None
    type: str | None = None
    dimension: str | None = None
    description: str | None = None


class Slo(Node):
    availability: Scalar = Field(default=None, description="As written: '99.9%', 0.999, ...")
    freshness: Scalar = None
    latency: Scalar = None
    frequency: Scalar = None
    retention: Scalar = None
    quality: tuple[QualityRule, ...] = ()


class Support(Node):
    hours: Scalar = None
    response_time: Scalar = None
    resolution_time: Scalar = None


class Contract(Node):
    id: str | None = None
    found: bool = Field(default=False, description="True when the contract was part of the same run and joined in.")


class Port(Node):
    id: str | None = None
    name: str | None = None
    version: str | None = None
    description: str | None = None
    type: str | None = None
    status: str | None = None
    contract: Contract | None = None
    access: Access = Access()
    slo: Slo = Slo()


class Product(Node):
    kind: Literal["product", "contract"] = "product"
    spec: str
    spec_version: str
    id: str | None = None
    name: str | None = None
    description: str | None = None
    domain: str | None = None
    version: str | None = None
    status: str | None = None
    owner: str | None = Field(default=None, description="Identifier of the accountable owner (user, group or team).")
    owner_name: str | None = None
    team: Team | None = None
    contacts: tuple[Contact, ...] = ()
    support: Support | None = None
    ports: tuple[Port, ...] = ()
    tags: tuple[str, ...] = ()
