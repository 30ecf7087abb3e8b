"""The reduce phase: scores, levels, roll-ups and changes, from an audit's inputs alone.

Everything here is a pure function of ``Inputs`` (and a previous audit), so a
merge of shards and a single run compute the same bytes.
"""

from __future__ import annotations

import fnmatch
import statistics
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Literal

from meshgate.audit.model import (
    AreaStat,
    Audit,
    AuditFinding,
    ChangedFinding,
    Changes,
    Inputs,
    Level,
    PolicyInfo,
    PolicyResult,
    PolicyStat,
    ProductChange,
    ProductInput,
    ProductScore,
    Results,
    Rollup,
    Stats,
)
from meshgate.audit.network import ages, time_to_market
from meshgate.audit.network import network as derive_network

Status = Literal["pass", "fail", "partial", "waived", "grace"]
WEIGHTS = {"error": 10, "warning": 5, "info": 1}
SCHEMA_CAP = 50.0
BANDS = (("0-49", 0.0), ("50-69", 50.0), ("70-89", 70.0), ("90-100", 90.0))
LEVELS: tuple[Level, ...] = ("gold", "silver", "bronze", "none")
UNSCORED_PREFIXES = ("schema/",)  # the schema is a gate (the cap), not a weighed policy
FAILING = ("fail", "error", "baselined")

METHOD = [
    (
        "Unit: one policy on one product. It fails when at least one of its findings there is not waived and not in "
        "grace; fifty findings of one policy weigh as one."
    ),
    (
        "Weights: error 10, warning 5, info 1. Score = 100 x sum(weight x credit) / sum(weight) over the policies that "
        "apply to the product: in its spec and capability scope and its domain and product scope, plus any rule that "
        "reported a finding there. Draft policies weigh nothing."
    ),
    (
        "Port-level partial credit: when every failing finding of a policy names a port, the credit is the share of "
        "the product's ports without one (1 bad port of 10 gives 0.9)."
    ),
    (
        "Waived findings count as passing and are listed. Policies in their grace period weigh zero; the score when "
        "enforced counts them at their weight."
    ),
    (
        "Schema gate: a product whose descriptor is not valid against its spec's schema is capped at 50 and is not "
        "certified."
    ),
    (
        "Levels: Bronze = schema-valid and owned (an owner, and no failing error policy of the ownership area); "
        "Silver = Bronze and no failing error policy; Gold = Silver, no failing warning policy, at least one "
        "consumer (a product) and no deprecated dependency (mesh/deprecated-dependency)."
    ),
    (
        "Roll-ups (domain, team): the unweighted mean of their products' scores, always beside the minimum, median, "
        "maximum and the distribution over score bands and levels. Policy failure rate = failing / applicable products."
    ),
    (
        "Unscored: repositories that could not be fetched and files that could not be read or recognized are listed "
        "with the reason, never scored and never dropped."
    ),
    (
        "Changes (--previous): score change per product and domain; new and fixed findings by fingerprint (rule, file, "
        "document, JSON pointer, offending value: line moves do not count); level changes."
    ),
    (
        "Time to market: where a descriptor sits in a git checkout with its history, the days from its first commit "
        "(under its current path) to the first commit where its product's status is live (the last group of the "
        "policies' status_order: active, published, ...). Otherwise the reason is counted, never a guess: not in git, "
        "a shallow clone (history: true in the repositories file fetches it whole), not committed, no status, not "
        "live yet. A zero-consumer product's age is the days since its first commit."
    ),
]


def _round(value: float) -> float:
    return round(value + 0.0, 1)


def applies(policy: PolicyInfo, product: ProductInput) -> bool:
    if policy.lifecycle in ("retired", "draft"):
        return False
    if policy.specs and product.spec not in policy.specs:
        return False
    if policy.capabilities and not set(policy.capabilities) & set(product.capabilities):
        return False
    if policy.domains and product.domain not in policy.domains:
        return False
    return not policy.products or any(fnmatch.fnmatchcase(product.id or "", glob) for glob in policy.products)


def area_of(rule_id: str) -> str:
    return rule_id.split("/", 1)[0] if "/" in rule_id else rule_id


def _credit(findings: Sequence[AuditFinding], ports: Sequence[str], failing: Iterable[str]) -> float:
    bad = [finding for finding in findings if finding.status in failing]
    if not bad:
        return 1.0
    if ports and all(finding.port_id for finding in bad):
        broken = {finding.port_id for finding in bad}
        return max(0.0, 1 - len(broken) / len(ports))
    return 0.0


DEPRECATED_DEPENDENCY = "mesh/deprecated-dependency"


ResultKey = tuple[str, str, int, str, float, int]


def score_product(
    product: ProductInput,
    catalogue: dict[str, PolicyInfo],
    consumers: int | None = None,
    shared: dict[ResultKey, PolicyResult] | None = None,
) -> ProductScore:
    """A product's score and level; ``consumers`` is None for a contract or when not derived.

    ``shared`` holds one ``PolicyResult`` per distinct value across products: most are the same
    "pass", and an audit of 100,000 descriptors would otherwise hold millions of copies.
    """
    shared = {} if shared is None else shared
    by_rule: dict[str, list[AuditFinding]] = defaultdict(list)
    for finding in product.findings:
        by_rule[finding.rule_id].append(finding)
    schema_valid = not any(
        rule.startswith(UNSCORED_PREFIXES) and any(f.severity == "error" and f.status in FAILING for f in found)
        for rule, found in by_rule.items()
    )
    applicable = {policy.id for policy in catalogue.values() if applies(policy, product)}
    applicable |= {rule for rule in by_rule if not rule.startswith(UNSCORED_PREFIXES)}
    results: list[PolicyResult] = []
    now_sum = now_total = later_sum = later_total = 0.0
    failing_severities: set[tuple[str, str]] = set()
    for rule in sorted(applicable):
        policy = catalogue.get(rule)
        found = by_rule.get(rule, [])
        if policy is not None and policy.lifecycle == "draft":
            continue
        if found and all(finding.status == "draft" for finding in found):
            continue
        severity = (
            policy.severity
            if policy is not None
            else max((finding.severity for finding in found), key=lambda name: WEIGHTS[name])
        )
        weight = WEIGHTS[severity]
        in_grace = (policy is not None and policy.lifecycle == "grace") or any(f.status == "grace" for f in found)
        credit = _credit(found, product.ports, FAILING)
        enforced = _credit(found, product.ports, (*FAILING, "grace"))
        status: Status
        if in_grace:
            status = "grace" if enforced < 1 else "pass"
        elif credit == 1.0:
            status = "waived" if any(finding.status == "waived" for finding in found) else "pass"
        else:
            status = "fail" if credit == 0 else "partial"
            failing_severities.add((severity, area_of(rule)))
        key = (
            rule,
            severity,
            0 if in_grace else weight,
            status,
            round(credit if not in_grace else enforced, 4),
            len(found),
        )
        result = shared.get(key)
        if result is None:
            result = shared[key] = PolicyResult(
                policy=rule, severity=severity, weight=key[2], status=status, credit=key[4], findings=len(found)
            )
        results.append(result)
        if not in_grace:
            now_sum += weight * credit
            now_total += weight
        later_sum += weight * enforced
        later_total += weight
    score = 100.0 * now_sum / now_total if now_total else 100.0
    later = 100.0 * later_sum / later_total if later_total else 100.0
    if not schema_valid:
        score, later = min(score, SCHEMA_CAP), min(later, SCHEMA_CAP)
    counted = [finding for finding in product.findings if finding.status in FAILING]
    level: Level = "none"
    if schema_valid and product.owner and ("error", "ownership") not in failing_severities:
        level = "bronze"
        if not any(severity == "error" for severity, _ in failing_severities):
            level = "silver"
            deprecated = any(
                finding.rule_id == DEPRECATED_DEPENDENCY and finding.status in FAILING for finding in product.findings
            )
            used = consumers is None or consumers > 0
            if not any(severity == "warning" for severity, _ in failing_severities) and used and not deprecated:
                level = "gold"
    return ProductScore(
        key=product.key,
        id=product.id,
        domain=product.domain,
        owner=product.owner,
        score=_round(score),
        score_when_enforced=_round(later),
        level=level,
        schema_valid=schema_valid,
        errors=sum(1 for finding in counted if finding.severity == "error"),
        warnings=sum(1 for finding in counted if finding.severity == "warning"),
        waived=sum(1 for finding in product.findings if finding.status == "waived"),
        grace=sum(1 for finding in product.findings if finding.status == "grace"),
        policies=results,
        consumers=consumers,
    )


def stats(scores: Sequence[ProductScore]) -> Stats:
    values = sorted(score.score for score in scores)
    bands = {name: 0 for name, _ in BANDS}
    for value in values:
        bands[next(name for name, floor in reversed(BANDS) if value >= floor)] += 1
    levels: dict[str, int] = {level: sum(1 for score in scores if score.level == level) for level in LEVELS}
    return Stats(
        count=len(values),
        mean=_round(statistics.fmean(values)) if values else None,
        minimum=values[0] if values else None,
        median=_round(statistics.median(values)) if values else None,
        maximum=values[-1] if values else None,
        distribution=bands,
        levels=levels,
    )


def _rollups(scores: Sequence[ProductScore], key: str, unknown: str) -> list[Rollup]:
    groups: dict[str, list[ProductScore]] = defaultdict(list)
    for score in scores:
        groups[getattr(score, key) or unknown].append(score)
    return [
        Rollup(
            name=name,
            stats=stats(members),
            errors=sum(member.errors for member in members),
            warnings=sum(member.warnings for member in members),
        )
        for name, members in sorted(groups.items())
    ]


def _policy_stats(scores: Sequence[ProductScore], catalogue: dict[str, PolicyInfo]) -> list[PolicyStat]:
    rows: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for score in scores:
        for result in score.policies:
            row = rows[result.policy]
            row["applicable"].append(score.key)
            if result.status in ("fail", "partial"):
                row["failing"].append(score.key)
            elif result.status in ("waived", "grace"):
                row[result.status].append(score.key)
    severities = {result.policy: result.severity for score in scores for result in score.policies}
    found = []
    for policy, row in rows.items():
        info = catalogue.get(policy)
        # a policy applies where its scope says; a built-in check (not in the catalogue) to every product
        applicable = len(row["applicable"]) if info else len(scores)
        found.append(
            PolicyStat(
                policy=policy,
                area=area_of(policy),
                severity=severities[policy],
                lifecycle=info.lifecycle if info else "enabled",
                applicable=applicable,
                failing=len(row["failing"]),
                waived=len(row["waived"]),
                grace=len(row["grace"]),
                failure_rate=_round(100.0 * len(row["failing"]) / applicable),
                failing_products=sorted(row["failing"]),
            )
        )
    return sorted(found, key=lambda stat: (-stat.failure_rate, -stat.failing, stat.policy))


def _areas(policies: Sequence[PolicyStat]) -> list[AreaStat]:
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for stat in policies:
        totals[stat.area][0] += stat.applicable
        totals[stat.area][1] += stat.failing
    return [
        AreaStat(area=area, applicable=a, failing=f, failure_rate=_round(100.0 * f / a) if a else 0.0)
        for area, (a, f) in sorted(totals.items())
    ]


def _delta(after: float | None, before: float | None) -> float | None:
    return _round(after - before) if after is not None and before is not None else None


def _changed(finding: AuditFinding) -> ChangedFinding:
    return ChangedFinding(
        fingerprint=finding.fingerprint,
        rule_id=finding.rule_id,
        file=finding.file,
        product=finding.product_id,
        message=finding.message,
    )


def _changes(
    inputs: Inputs, products: list[ProductScore], domains: list[Rollup], mesh: Stats, previous: Audit
) -> Changes:
    before = {score.key: score for score in previous.results.products}
    after = {score.key: score for score in products}
    product_changes = []
    for key in sorted(before.keys() | after.keys()):
        old, new = before.get(key), after.get(key)
        product_changes.append(
            ProductChange(
                key=key,
                before=old.score if old else None,
                after=new.score if new else None,
                change=_delta(new.score if new else None, old.score if old else None),
                level_before=old.level if old else None,
                level_after=new.level if new else None,
            )
        )
    old_domains = {rollup.name: rollup for rollup in previous.results.domains}
    domain_changes = [
        rollup.model_copy(
            update={"change": _delta(rollup.stats.mean, old_domains[rollup.name].stats.mean)}
            if rollup.name in old_domains
            else {}
        )
        for rollup in domains
    ]

    def failing(items: Iterable[ProductInput]) -> dict[str, AuditFinding]:
        return {
            finding.fingerprint: finding
            for item in items
            for finding in item.findings
            if finding.status in FAILING and finding.fingerprint
        }

    now, then = failing(inputs.products), failing(previous.inputs.products)
    return Changes(
        previous_today=previous.inputs.today,
        mesh_before=previous.results.mesh_score,
        mesh_after=mesh.mean,
        products=product_changes,
        domains=domain_changes,
        new_findings=[_changed(now[key]) for key in sorted(now.keys() - then.keys())],
        fixed_findings=[_changed(then[key]) for key in sorted(then.keys() - now.keys())],
        level_changes=[change for change in product_changes if change.level_before != change.level_after],
    )


def compute(inputs: Inputs, previous: Audit | None = None) -> Results:
    catalogue = {policy.id: policy for policy in inputs.policies}
    network = derive_network(inputs.products, previous.results.network if previous is not None else None)
    zero = network.zero_consumer_products or []
    network = network.model_copy(update={"zero_consumer_age_days": ages(inputs.products, zero, inputs.today)})
    consumers = network.consumers or {}
    shared: dict[ResultKey, PolicyResult] = {}
    products = [score_product(product, catalogue, consumers.get(product.key), shared) for product in inputs.products]
    mesh = stats(products)
    domains = _rollups(products, "domain", "(no domain)")
    policies = _policy_stats(products, catalogue)
    changes = _changes(inputs, products, domains, mesh, previous) if previous is not None else None
    if changes is not None:
        domains = changes.domains
    statuses: dict[str, int] = defaultdict(int)
    for product in inputs.products:
        for finding in product.findings:
            statuses[finding.status] += 1
    return Results(
        mesh_score=mesh.mean,
        mesh=mesh,
        products=products,
        domains=domains,
        teams=_rollups(products, "owner", "(no owner)"),
        policies=policies,
        areas=_areas(policies),
        counts={
            "products": len(products),
            "unscored": len(inputs.unscored),
            **{status: statuses.get(status, 0) for status in ("fail", "error", "waived", "grace", "draft")},
        },
        changes=changes,
        network=network,
        time_to_market=time_to_market(inputs.products),
        method=METHOD,
    )
