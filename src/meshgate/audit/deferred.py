"""The mesh policies over every shard at once.

A shard checks its own repositories (schema, document policies, governance)
and, rather than run the mesh policies over a part of the mesh, keeps what
they need: each product's view with where its values sit, the places of its
contracts and its inline waivers (``Inputs.deferred_mesh``). ``audit merge``
runs the mesh policies once over the products of every shard, governs what
they find with the same waivers and files each finding under its product: a
sharded audit merged is the audit of one run.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections import defaultdict
from collections.abc import Iterable, Sequence

from pydantic import ValidationError

from meshgate.audit.findings import UNUSED_WAIVER, audit_finding, finding_key
from meshgate.audit.model import (
    AuditFinding,
    DeferredContract,
    DeferredMesh,
    DeferredProduct,
    InlineWaiver,
    Inputs,
    ProductInput,
)
from meshgate.errors import UsageError
from meshgate.evaluate import evaluation as evaluate
from meshgate.evaluate.join import ContractPlace
from meshgate.govern import Governance
from meshgate.govern.controls import configure
from meshgate.govern.waivers import InlineComment, inline_comments
from meshgate.model.finding import Finding, places_of, spans_at
from meshgate.model.product import product_adapter, to_data
from meshgate.options import Options
from meshgate.pipeline import load, mesh_report

GOVERN = "govern/"


def kept(deferred: evaluate.DeferredMesh, files: Iterable[str], governance: Governance) -> DeferredMesh:
    """What a shard keeps for the mesh policies: its products, its contracts' places, its inline waivers."""
    products = []
    for entry in deferred.entries:
        placement = entry.placement()
        products.append(
            DeferredProduct(
                file=entry.file,
                document=entry.document,
                root=placement.root,
                spec=dict(entry.spec),
                view=to_data(placement.product),
                json_safe=entry.json_safe,
                spans=places_of(placement.spans),
            )
        )
    contracts = [
        DeferredContract(file=place.file, document=place.document, spans=places_of(place.spans))
        for place in sorted(deferred.contracts.values(), key=lambda place: place.file)
    ]
    waivers = [
        InlineWaiver(file=comment.file, line=comment.line, text=comment.text, covers=comment.covered)
        for comment in inline_comments(files)
    ]
    return DeferredMesh(
        products=sorted(products, key=lambda product: (product.file, product.document)),
        contracts=contracts,
        inline_waivers=waivers,
        governance_digest=governance_digest(governance),
    )


def _entry(product: DeferredProduct, where: str, slim: bool) -> evaluate.MeshEntry:
    try:
        view = product_adapter().validate_python(product.view)
    except ValidationError as error:
        first = error.errors()[0]
        field = "/".join(str(part) for part in first["loc"])
        raise UsageError(
            f"{where}/view/{field}: not a product view meshgate wrote: {first['msg']}",
            hint="Merge shards written by `meshgate audit --shard i/n` of this version, unedited.",
        ) from error
    placement = evaluate.Placement(
        product.file, product.document, product.root, product.spec, view, spans_at(product.spans)
    )
    return evaluate.MeshEntry.placed(placement, json_safe=product.json_safe, slim=slim)


def governance_digest(governance: Governance) -> str:
    """What decides how findings are governed, as a digest: a shard and the merge of its mesh must agree on it."""
    baseline = governance.baseline
    decided = (
        governance.waivers,
        governance.inline_waivers,
        governance.max_waiver_days,
        governance.notice_days,
        governance.controls,
        sorted(baseline.entries) if baseline is not None else None,
    )
    return hashlib.sha256(repr(decided).encode("utf-8")).hexdigest()


def _mesh_findings(
    shards: Sequence[tuple[str, DeferredMesh]],
    known: set[str],
    evaluation: evaluate.Evaluation,
    governance: Governance,
) -> list[Finding]:
    """The mesh policies over the products of every shard (named by file), governed as one run governs them."""
    entries: list[evaluate.MeshEntry] = []
    contracts: dict[str, ContractPlace] = {}
    comments: list[InlineComment] = []
    for name, deferred in shards:
        for number, product in enumerate(deferred.products):
            where = f"shard {name}: /inputs/deferred_mesh/products/{number}"
            if f"{product.file}#{product.document}" not in known:
                raise UsageError(
                    f"{where}: {product.file}#{product.document} is not a product of any shard",
                    hint="Merge shards written by `meshgate audit --shard i/n` of this version, unedited.",
                )
            entries.append(_entry(product, where, evaluation.slim_mesh))
        for contract in deferred.contracts:
            contracts[contract.file] = ContractPlace.at(contract.file, contract.document, contract.spans)
        comments += [
            InlineComment(waiver.file, waiver.line, waiver.text, waiver.covers) for waiver in deferred.inline_waivers
        ]
    entries.sort(key=lambda entry: (entry.file, entry.document))  # the order of one run's mesh input
    report = mesh_report(evaluation, entries, contracts, governance, comments)
    return list(report.findings)


def evaluation_for(options: Options, governance: Governance) -> evaluate.Evaluation:
    """The policies as a run with these settings compiles them (a shard's, or audit merge's)."""
    return evaluate.Evaluation(configure(load(options), governance.controls), options)


def merged(
    inputs: Inputs, shards: Sequence[tuple[str, DeferredMesh]], evaluation: evaluate.Evaluation, governance: Governance
) -> Inputs:
    """The merged inputs with the mesh policies' findings over every shard, as one run would have them.

    A waiver the shards saw unused may be used by a finding only the whole mesh has: an unused-waiver finding
    stays only if the mesh's governance reports it too.
    """
    if evaluation.policy_set.digest != inputs.policy_digest:
        raise UsageError(
            "audit merge loads other policies than the shards ran "
            f"({evaluation.policy_set.digest[:19]}…, the shards' {inputs.policy_digest[:19]}…)",
            hint="Run audit merge with the configuration, --policies, --data and --builtin the shards ran with.",
        )
    digest = governance_digest(governance)
    for name, deferred in shards:
        if deferred.governance_digest != digest:
            raise UsageError(
                f"shard {name}: governed with other waivers, baseline or policy settings than audit merge has",
                hint="Run audit merge with the configuration and --waivers the shards ran with.",
            )
    found = [
        audit_finding(finding)
        for finding in _mesh_findings(shards, {product.key for product in inputs.products}, evaluation, governance)
    ]
    unused = {finding_key(item) for item in found if item.rule_id == UNUSED_WAIVER}
    mesh = [item for item in found if not item.rule_id.startswith(GOVERN)]  # the shards report the others

    def still_unused(item: AuditFinding) -> bool:
        return item.rule_id != UNUSED_WAIVER or finding_key(item) in unused

    products = [
        dataclasses.replace(product, findings=[item for item in product.findings if still_unused(item)])
        for product in _filed(inputs.products, mesh)
    ]
    governance_findings = [item for item in inputs.governance if still_unused(item)]
    return inputs.model_copy(update={"products": products, "governance": governance_findings})


def _filed(products: Sequence[ProductInput], findings: Iterable[AuditFinding]) -> list[ProductInput]:
    """The products with the mesh's findings filed under the product of their file and document."""
    by_key: dict[str, list[AuditFinding]] = defaultdict(list)
    for finding in findings:
        by_key[f"{finding.file}#{finding.document}"].append(finding)
    unknown = sorted(set(by_key) - {product.key for product in products})
    if unknown:  # a mesh finding is always about one of the products it was given
        raise UsageError(f"a mesh finding is about {unknown[0]}, which no shard holds")
    return [
        dataclasses.replace(
            product,
            findings=sorted(
                [*product.findings, *by_key[product.key]],
                key=lambda item: (item.line, item.column, item.rule_id, item.pointer, item.message),
            ),
        )
        if product.key in by_key
        else product
        for product in products
    ]
