"""A check, end to end: prepare → evaluate → govern, returning the report.

prepare   (workers)  load → detect → schema → normalize, per file
evaluate  (workers, then the parent)
                     the contract index from every document's detected kind;
                     each document joined and evaluated (``document`` entry point)
                     in the worker that prepared it; then ``mesh`` over every product
govern    (parent)   policy lifecycles (draft, grace), the baseline, waivers;
                     which policies run, and their severity and scope, are
                     settled from the same Governance before evaluate

Why documents are evaluated in the workers rather than the parent: policy
evaluation is a third of the time spent on a document, so one parent
evaluating every document would cap a run at what one core can evaluate,
below the bulk target; keeping each prepared document in the worker that
made it also spares shipping descriptors between processes twice. The parent
still sees the whole run before any document is evaluated, which is what the
join needs.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from meshgate._version import __version__
from meshgate.discover import Target
from meshgate.evaluate.evaluation import BATCH, Evaluated, Evaluation, Placement, export_of
from meshgate.evaluate.join import ContractExport, ContractIndex, build_index
from meshgate.evaluate.policies import PolicySet, load_policies, rules_for
from meshgate.govern import Governance, govern
from meshgate.govern.controls import configure
from meshgate.model import rules
from meshgate.model.finding import Finding, Status
from meshgate.model.report import DocumentResult, Report
from meshgate.options import Options
from meshgate.prepare import Prepared, Preparer, pack, unpack
from meshgate.specs.classification import Scale
from meshgate.workers import jobs_for, run_shares


@dataclass(slots=True)
class Prepared1:
    """What the first phase tells the parent about a share of the files."""

    findings: list[Finding] = field(default_factory=list)
    documents: list[DocumentResult] = field(default_factory=list)
    contracts: list[ContractExport] = field(default_factory=list)


# A share of more files than this keeps what it prepared packed (a tenth of the memory, a little more time).
KEEP_UNPACKED_UP_TO = 1_000


class CheckShare:
    """One process's share of a check: prepare its files, keep them, then evaluate them."""

    def __init__(self, options: Options, evaluation: Evaluation) -> None:
        self.preparer = Preparer(options, scale=Scale.from_data(evaluation.policy_set.data))
        self.evaluation = evaluation
        self.kept: list[Prepared | bytes] = []

    def first(self, targets: Sequence[Target]) -> Prepared1:
        summary = Prepared1()
        packed = len(targets) > KEEP_UNPACKED_UP_TO
        for target in targets:
            outcome = self.preparer.prepare_file(target)
            summary.findings += outcome.findings
            summary.documents += outcome.results
            summary.contracts += [export for item in outcome.prepared if (export := export_of(item)) is not None]
            self.kept += [pack(item) for item in outcome.prepared] if packed else outcome.prepared
        return summary

    def second(self, index: ContractIndex) -> list[Evaluated]:
        kept, self.kept = self.kept, []
        evaluated: list[Evaluated] = []
        for start in range(0, len(kept), BATCH):
            batch = [item if isinstance(item, Prepared) else unpack(item) for item in kept[start : start + BATCH]]
            evaluated += self.evaluation.documents(batch, index)
        return evaluated


def load(options: Options) -> PolicySet:
    return load_policies(options.policy_dirs, options.data_files, builtin=options.builtin_policies)


def check(
    targets: Sequence[Target],
    options: Options,
    governance: Governance | None = None,
    *,
    evaluation: Evaluation | None = None,
) -> Report:
    """Check every target and return the governed report."""
    governance = governance or Governance()
    evaluation = evaluation or Evaluation(configure(load(options), governance.controls), options)
    joined: list[Finding] = []
    indexes: list[ContractIndex] = []

    def index_of(summaries: list[Prepared1]) -> ContractIndex:
        index, duplicates = build_index(export for summary in summaries for export in summary.contracts)
        joined.extend(duplicates)
        indexes.append(index)
        return index

    summaries, evaluated_shares = run_shares(
        lambda: CheckShare(options, evaluation), targets, jobs_for(len(targets), options.jobs), index_of
    )
    evaluated = [item for share in evaluated_shares for item in share]
    findings = [finding for summary in summaries for finding in summary.findings] + joined
    findings += _without_repeats(evaluated)
    placements: list[Placement] = [item.placement for item in evaluated if item.placement is not None]
    placements.sort(key=lambda placement: (placement.file, placement.document))
    findings += evaluation.mesh(placements, indexes[0])
    findings = _one_per_problem(findings)
    findings.sort(key=Finding.sort_key)
    documents = sorted((d for summary in summaries for d in summary.documents), key=lambda d: (d.file, d.document))
    report = Report(
        tool_version=__version__,
        evaluated_on=options.today.isoformat(),
        environment=options.environment,
        fail_on=options.fail_on,
        policy_count=sum(1 for policy in evaluation.policies.values() if policy.evaluated),
        policy_digest=evaluation.policy_set.digest,
        files=tuple(sorted(target.display for target in targets)),
        documents=tuple(documents),
        findings=tuple(findings),
        rules=rules_for(evaluation.policies.values(), {finding.rule_id for finding in findings}),
        engine=evaluation.evaluator.description,
    )
    return govern(report, governance)


def _without_repeats(evaluated: Sequence[Evaluated]) -> list[Finding]:
    """Every document's findings, less a product's finding about a joined contract value the contract reports itself.

    A contract is checked on its own too: when a product port joins it, a
    finding about a value the contract holds (or lacks) lands in the
    contract, where the contract's own check may already report it.
    """
    own = {
        (finding.rule_id, finding.file, finding.document, finding.pointer)
        for item in evaluated
        for finding in item.findings
        if (finding.file, finding.document) == item.subject
    }
    kept = []
    for item in evaluated:
        for finding in item.findings:
            place = (finding.rule_id, finding.file, finding.document, finding.pointer)
            if (finding.file, finding.document) != item.subject and place in own:
                continue
            kept.append(finding)
    return kept


# Load findings that name the cause of what other checks then see at the same place:
# version: 1.0 read as a number, Yes read as a boolean, a key written twice, {{...}}.
_CAUSES = frozenset(
    {rules.NUMERIC_VERSION.id, rules.YAML11_BOOLEAN.id, rules.DUPLICATE_KEY.id, rules.TEMPLATE_PLACEHOLDER.id}
)


def _precedence(finding: Finding) -> tuple[int, int]:
    """Which finding of a group speaks for it: the most severe; then a schema error, a load finding, a policy's."""
    stage = 0 if finding.rule_id.startswith("schema/") else 1 if finding.rule_id in _CAUSES else 2
    return (-finding.severity.rank, stage)


def _one_per_problem(findings: list[Finding]) -> list[Finding]:
    """One finding per problem: what a load finding explains is not reported again at the same place.

    ``version: 1.0`` was three findings (read as a number; not of type string;
    not a semantic version) and a duplicate key two. Findings at the very
    place (file, document, pointer) of a load finding that names the cause
    become one: the most severe speaks (a schema error before a load or policy
    finding, so schema verdicts and rule ids stay), at the load finding's
    position (the value itself), its message naming the others with their rule
    ids, its fix adding theirs.
    """
    causes = {
        (finding.file, finding.document, finding.pointer): finding
        for finding in findings
        if finding.rule_id in _CAUSES and finding.pointer and finding.status is Status.FAIL
    }
    if not causes:
        return findings
    groups: dict[tuple[str, int, str], list[Finding]] = {}
    kept: list[Finding] = []
    for finding in findings:
        place = (finding.file, finding.document, finding.pointer)
        if place in causes and finding.status is Status.FAIL:
            groups.setdefault(place, []).append(finding)
        else:
            kept.append(finding)
    for place, group in groups.items():
        if len(group) == 1:
            kept.extend(group)
            continue
        group.sort(key=_precedence)
        speaker = group[0]
        others = sorted(group[1:], key=lambda item: _precedence(item)[1])  # the cause first
        also = "; ".join(f"{other.message} [{other.rule_id}]" for other in others)
        fixes: list[str] = []
        for item in group:
            if item.remediation and item.remediation not in fixes:
                fixes.append(item.remediation)
        kept.append(
            replace(
                speaker,
                span=causes[place].span,
                message=f"{speaker.message}; {also}",
                remediation=" ".join(fix if fix.endswith(".") else fix + "." for fix in fixes),
            )
        )
    return kept
