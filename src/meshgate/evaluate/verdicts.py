"""Policy results to findings: the one place engine output becomes ``Finding``.

A rule yields a string (the message) or an object ``{msg, path?, field?,
severity?, remediation?}``. ``path`` is a JSON pointer into the raw
descriptor; ``field`` is a JSON pointer into ``input.product`` and is mapped
back to the raw descriptor (or to the contract a port joined) through the
product's ``pointer``/``sources``. Without either, the finding sits on the
descriptor itself.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from meshgate.evaluate.engines.regorus import Results
from meshgate.evaluate.join import split_source
from meshgate.evaluate.policies import Policy
from meshgate.model import pointer as jp
from meshgate.model.finding import Finding, Severity, Span
from meshgate.model.product import Node, Product

_PROVENANCE = frozenset({"pointer", "file", "sources"})
# (file or None for the subject's own document, pointer) -> (span, document number)
Locate = Callable[[str | None, str], tuple[Span, int]]


@dataclass(frozen=True, slots=True)
class Subject:
    """What the findings are about: one document's product and where to place them."""

    file: str
    document: int
    root: str  # the descriptor's pointer inside the document
    product: Product
    locate: Locate


def resolve_field(product: Product, field: str) -> tuple[str | None, str]:
    """The (file, raw pointer) a normalized field was read from, or its nearest known ancestor."""
    node: Any = product
    file = product.file
    place: tuple[str | None, str] = (file, product.pointer or "")
    for token in jp.tokens(field):
        if isinstance(node, Node):
            source = node.sources.get(token)
            child = getattr(node, token, None) if token not in _PROVENANCE else None
            if source is not None:
                source_file, pointer = split_source(source)
                place = (source_file or file, pointer)
        elif isinstance(node, tuple) and token.isdigit() and int(token) < len(node):
            child = node[int(token)]
        else:
            break
        if isinstance(child, Node):
            file = child.file or file
            if child.pointer is not None:
                place = (file, child.pointer)
        node = child
    return place


def _port_id(subject: Subject, field: str | None, pointer: str) -> str | None:
    ports = subject.product.ports
    if field is not None:
        parts = jp.tokens(field)
        if len(parts) >= 2 and parts[0] == "ports" and parts[1].isdigit() and int(parts[1]) < len(ports):
            return ports[int(parts[1])].id
    for port in ports:
        if port.pointer and jp.is_within(pointer, port.pointer):
            return port.id
    return None


def _finding(policy: Policy, rule: str, item: Any, subject: Subject) -> Finding:
    severity = policy.severity_for(rule)
    field: str | None = None
    file: str | None = None
    pointer = subject.root
    remediation = policy.remediation
    if isinstance(item, Mapping):
        message = str(item.get("msg") or item.get("message") or policy.title)
        override = Severity.parse(item.get("severity"))
        severity = override or severity
        remediation = str(item.get("remediation") or remediation)
        raw_path = item.get("path")
        raw_field = item.get("field")
        if isinstance(raw_path, str) and (normal := jp.normalize(raw_path)) is not None:
            pointer = subject.root + normal
        elif isinstance(raw_field, str) and (normal := jp.normalize(raw_field)) is not None:
            field = normal
            file, pointer = resolve_field(subject.product, field)
    else:
        message = str(item)
    product_id = subject.product.id
    span, document = subject.locate(file, pointer)
    return Finding(
        rule_id=policy.id,
        severity=severity,
        message=message,
        remediation=remediation,
        file=file or subject.file,
        pointer=pointer,
        span=span,
        document=document,
        product_id=product_id,
        port_id=_port_id(subject, field, pointer),
    )


def to_findings(results: Results, policies: Mapping[str, Policy], subject: Subject) -> list[Finding]:
    findings: list[Finding] = []
    for policy_id, rules in results.items():
        policy = policies.get(policy_id)
        if policy is None or not isinstance(rules, Mapping):
            continue
        for rule, items in rules.items():
            # A set or list of results; a bare `deny if {...}` is true when it fails.
            values = items if isinstance(items, list) else [policy.title] if items is True else []
            findings.extend(_finding(policy, rule, item, subject) for item in values)
    return findings
