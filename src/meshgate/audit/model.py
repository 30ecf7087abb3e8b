"""The audit's one canonical result, modelled with pydantic v2.

An audit has two halves. ``inputs`` is what the map phase saw: every scored
document with its place, its findings (already governed: waived, grace) and
the policy catalogue; every repository and file that could not be scored,
with the reason. ``results`` is what the reduce phase computes from the
inputs alone (scores, levels, roll-ups, changes), so a shard's inputs merged
with the others give the same results as one run over everything.

Previous audits and shard results are read back through these models,
strictly: an unknown field, a missing one or a value of the wrong type is an
error naming the field. ``schemas/meshgate/audit-v1.schema.json`` is generated
from them (``UPDATE_GOLDEN=1`` regenerates it; a test keeps it current).

The network metrics (consumers, zero-consumer products and ports, the domain
matrix) are derived from each product's dependencies (``ProductInput.dependencies``)
in the reduce phase (``meshgate.audit.network``). An audit written before they
were is read with them empty: ``ProductScore.consumers`` ``None`` ("not derived").
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field
from pydantic.dataclasses import dataclass

from meshgate.model.finding import Place

FORMAT = "meshgate-audit"
VERSION = 1
Level = Literal["gold", "silver", "bronze", "none"]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


# The records an audit holds one of per product, finding or dependency (hundreds of thousands in a large
# audit) are slotted pydantic dataclasses, not models: about 150 bytes where a model takes over a thousand
# (its __dict__ and its set of fields set), and they read and write the same JSON as strictly.
@dataclass(config=ConfigDict(extra="forbid", strict=True), frozen=True, slots=True, kw_only=True)
class WaiverInfo:
    source: str
    reason: str
    approved_by: str
    expires: str
    ticket: str | None = None


@dataclass(config=ConfigDict(extra="forbid", strict=True), frozen=True, slots=True, kw_only=True)
class AuditFinding:
    rule_id: str
    severity: Literal["error", "warning", "info"]
    status: Literal["fail", "waived", "baselined", "grace", "draft", "error"]
    message: str
    file: str
    document: int
    line: int
    column: int
    pointer: str
    remediation: str
    product_id: str | None
    port_id: str | None
    fingerprint: str
    waiver: WaiverInfo | None = None
    enforce_after: str | None = None


class PolicyInfo(Strict):
    id: str
    title: str
    severity: Literal["error", "warning", "info"]
    area: str
    lifecycle: Literal["draft", "grace", "enabled", "retired"]
    enforce_after: str | None = None
    specs: list[str] = Field(default_factory=list)
    capabilities: list[str] = Field(default_factory=list)
    domains: list[str] = Field(default_factory=list)
    products: list[str] = Field(default_factory=list)
    remediation: str = ""
    mesh: bool = Field(default=False, description="a meshgate.mesh.* policy: it sees every product at once")


@dataclass(config=ConfigDict(extra="forbid", strict=True), frozen=True, slots=True, kw_only=True)
class Dependency:
    """What a product reads from, as its input port (or dependsOn) names it."""

    product: str | None = None
    port: str | None = None
    contract: str | None = None


@dataclass(config=ConfigDict(extra="forbid", strict=True), frozen=True, slots=True, kw_only=True)
class History:
    """A descriptor's life in git, where it sits in a checkout with its history (time to market)."""

    first_commit: str | None = Field(description="when the descriptor was first committed (committer date, ISO 8601)")
    live_commit: str | None = Field(
        description="the first commit where the product's status is live (the last group of status_order)"
    )
    time_to_market_days: int | None = Field(description="days from the first commit to the first live one")
    note: str | None = Field(description="why what is null is not derivable")


@dataclass(config=ConfigDict(extra="forbid", strict=True), frozen=True, slots=True, kw_only=True)
class ProductInput:
    key: str = Field(description="file#document: the product's identity in the audit")
    file: str
    document: int
    repository: str | None
    id: str | None
    name: str | None
    domain: str | None
    owner: str | None
    spec: str | None
    spec_version: str | None
    kind: str | None
    capabilities: list[str]
    ports: list[str]
    findings: list[AuditFinding]
    port_names: list[str | None] = Field(default_factory=list, description="each port's name, in the order of ports")
    port_contracts: list[str | None] = Field(
        default_factory=list, description="each port's contract id, in the order of ports"
    )
    dependencies: list[Dependency] = Field(default_factory=list, description="what the product reads from")
    history: History | None = Field(default=None, description="its life in git; null: not looked for (--no-history)")


class Unscored(Strict):
    source: str = Field(description="the repository URL or the file")
    reason: str


class Repository(Strict):
    name: str
    url: str
    ref: str | None
    path: str | None
    commit: str | None = Field(description="the commit audited; null when it could not be fetched")


class DeferredProduct(Strict):
    """A shard's product as the mesh policies see it, and where its values sit, for ``audit merge``."""

    file: str
    document: int
    root: str = Field(description="the JSON pointer of the descriptor in its document")
    spec: dict[str, Any] = Field(description="the spec facts mesh policies read as input.documents[i].spec")
    view: dict[str, Any] = Field(
        description="input.products[i] with where each value was read from (pointer, file, sources)"
    )
    json_safe: bool = Field(description="false: the product holds a value JSON cannot hold, and the policies fail")
    spans: dict[str, Place] = Field(description="each JSON pointer the view records, to its place in the file")


class DeferredContract(Strict):
    """Where a contract's values sit, for a mesh finding about a value a port joined from it."""

    file: str
    document: int
    spans: dict[str, Place]


class InlineWaiver(Strict):
    """A '# meshgate:waive' comment in a shard's descriptors, as written."""

    file: str
    line: int
    text: str = Field(description="what follows 'meshgate:waive'")
    covers: tuple[int, int] = Field(description="the first and last line of the descriptor it covers")


class DeferredMesh(Strict):
    """What ``audit merge`` needs to run the mesh policies over every shard's products at once."""

    products: list[DeferredProduct]
    contracts: list[DeferredContract]
    inline_waivers: list[InlineWaiver]
    governance_digest: str = Field(description="the waivers and policy settings the shard was governed with")


class Inputs(Strict):
    tool_version: str
    policy_digest: str
    engine: str
    today: str
    environment: str | None
    units: list[str] = Field(description="the repositories and directories audited, the units --shard splits")
    repositories: list[Repository]
    policies: list[PolicyInfo]
    products: list[ProductInput]
    unscored: list[Unscored]
    governance: list[AuditFinding] = Field(
        description="findings about the governance files themselves: expired, unused or invalid waivers"
    )
    deferred_mesh: DeferredMesh | None = Field(
        default=None,
        description="a shard's products for the mesh policies, which run once over every shard (audit merge); "
        "null in a whole or merged audit",
    )


class Stats(Strict):
    count: int
    mean: float | None
    minimum: float | None
    median: float | None
    maximum: float | None
    distribution: dict[str, int] = Field(description="products per score band: 0-49, 50-69, 70-89, 90-100")
    levels: dict[str, int]


# One per product and policy, millions in a large audit, and most of them the same "pass": scoring
# shares one instance per distinct value (they are frozen).
@dataclass(config=ConfigDict(extra="forbid", strict=True), frozen=True, slots=True, kw_only=True)
class PolicyResult:
    policy: str
    severity: Literal["error", "warning", "info"]
    weight: int
    status: Literal["pass", "fail", "partial", "waived", "grace"]
    credit: Annotated[float, Field(description="1 pass, 0 fail, the share of passing ports for a port-level policy")]
    findings: int


@dataclass(config=ConfigDict(extra="forbid", strict=True), frozen=True, slots=True, kw_only=True)
class ProductScore:
    key: str
    id: str | None
    domain: str | None
    owner: str | None
    score: float
    score_when_enforced: float = Field(description="the score once every grace policy fails the gate")
    level: Level
    schema_valid: bool
    errors: int
    warnings: int
    waived: int
    grace: int
    policies: list[PolicyResult]
    consumers: int | None = Field(default=None, description="distinct consuming products; null: not derived")


class Rollup(Strict):
    name: str
    stats: Stats
    errors: int
    warnings: int
    change: float | None = None


class PolicyStat(Strict):
    policy: str
    area: str
    severity: str
    lifecycle: str
    applicable: int
    failing: int
    waived: int
    grace: int
    failure_rate: float
    failing_products: list[str]


class AreaStat(Strict):
    area: str
    applicable: int
    failing: int
    failure_rate: float


class ProductChange(Strict):
    key: str
    before: float | None
    after: float | None
    change: float | None
    level_before: str | None
    level_after: str | None


class ChangedFinding(Strict):
    fingerprint: str
    rule_id: str
    file: str
    product: str | None
    message: str


class Changes(Strict):
    previous_today: str
    mesh_before: float | None
    mesh_after: float | None
    products: list[ProductChange]
    domains: list[Rollup]
    new_findings: list[ChangedFinding]
    fixed_findings: list[ChangedFinding]
    level_changes: list[ProductChange]


class Mesh(Strict):
    """The network metrics, from the products' dependencies (null: not derived)."""

    derived: bool = False
    note: str = "consumers and the network effect need the dependencies view (input ports); not derived yet"
    consumers: dict[str, int] | None = Field(default=None, description="product key: distinct consuming products")
    zero_consumer_products: list[str] | None = Field(default=None, description="null: not derived")
    consumers_per_port: dict[str, int] | None = Field(default=None, description="product key#port: consumers")
    zero_consumer_ports: list[str] | None = Field(default=None, description="product key#port read by no product")
    edges: int | None = Field(default=None, description="distinct (consumer, provider) product pairs")
    cross_domain_edges: int | None = Field(default=None, description="edges between products of two domains")
    domain_matrix: dict[str, dict[str, int]] | None = Field(
        default=None, description="consuming domain -> providing domain -> dependency edges"
    )
    cross_domain_share: float | None = Field(
        default=None, description="share of products consumed from outside their domain"
    )
    cross_domain_share_before: float | None = Field(default=None, description="the share in --previous")
    cross_domain_share_change: float | None = Field(default=None, description="the change since --previous")
    zero_consumer_age_days: dict[str, int] | None = Field(
        default=None, description="zero-consumer product key: days since its first commit, where git history allows"
    )


class TimeToMarket(Strict):
    """Days from a product's first commit to its first live one, where git history allows; the rest by reason."""

    derived: int = Field(default=0, description="products whose time to market is derived")
    median_days: float | None = None
    fastest_days: int | None = None
    slowest_days: int | None = None
    by_domain: dict[str, float] = Field(default_factory=dict, description="domain: median days")
    not_derivable: dict[str, int] = Field(default_factory=dict, description="why not derivable: products")


class Results(Strict):
    mesh_score: float | None
    mesh: Stats
    products: list[ProductScore]
    domains: list[Rollup]
    teams: list[Rollup]
    policies: list[PolicyStat]
    areas: list[AreaStat]
    counts: dict[str, int]
    changes: Changes | None
    network: Mesh = Field(default_factory=Mesh)
    time_to_market: TimeToMarket = Field(default_factory=TimeToMarket)
    method: list[str]


class Audit(Strict):
    format: Literal["meshgate-audit"] = "meshgate-audit"
    version: Literal[1] = 1
    shard: str | None = Field(default=None, description="i/n for one shard's audit, null for a whole or merged one")
    inputs: Inputs
    results: Results


def json_schema() -> dict[str, object]:
    """The JSON Schema of an audit (schemas/meshgate/audit-v1.schema.json is this, a test keeps it current)."""
    schema: dict[str, object] = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://meshgate.dev/schemas/audit-v1.schema.json",
        **Audit.model_json_schema(),
    }
    return schema
