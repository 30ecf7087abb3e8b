"""Engine answers to findings: the one place a rule's value becomes a ``Finding``.

The result contract: a ``deny``/``violation``/``warn`` rule is a set whose
items are a string (the message) or an object ``{msg, path?, field?,
severity?, remediation?}``; a boolean rule (``deny if {...}``) that is true
is one finding with the policy's title. ``path`` is a JSON pointer (or a
dotted path) into the raw descriptor; ``field`` is a JSON pointer into
``input.product`` and is mapped back to the raw descriptor (or to the
contract a port joined) through the product's ``pointer``/``sources``.
Mesh rules add ``product``: the index of the product in ``input.products``
the finding is about. Change rules place findings on the current version.

Anything else a rule returns (a string where a set was expected, an object,
an item without a message, a field of the wrong type) is reported as an
``evaluate/policy-result`` error naming the policy, never dropped; an input
the engine could not evaluate is an ``evaluate/policy-error``. Both have the
status "error": the document was not checked, so the gate fails.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from meshgate.evaluate.engines import Answer, EngineFailure
from meshgate.evaluate.join import split_source
from meshgate.evaluate.policies import Policy
from meshgate.model import pointer as jp
from meshgate.model import rules
from meshgate.model.finding import Finding, Severity, Span, Status
from meshgate.model.product import Node, Product
from meshgate.records import record

_PROVENANCE = frozenset({"pointer", "file", "sources"})
_SHOWN_CHARS = 120
# (file or None for the subject's own document, pointer) -> (span, document number)
Locate = Callable[[str | None, str], tuple[Span, int]]


@record
class Subject:
    """What findings are about: one document's product and where to place them."""

    file: str
    document: int
    root: str  # the descriptor's pointer inside the document
    product: Product
    locate: Locate


class BadResult(Exception):
    """A rule value outside the result contract."""


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


def _shown(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
    return text if len(text) <= _SHOWN_CHARS else text[: _SHOWN_CHARS - 1] + "…"


def _text(item: Mapping[str, Any], key: str) -> str | None:
    value = item.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise BadResult(f"'{key}' is {_shown(value)}, not a string")
    return value


def _pointer(item: Mapping[str, Any], key: str) -> str | None:
    text = _text(item, key)
    if text is None:
        return None
    normal = jp.normalize(text)
    if normal is None:
        raise BadResult(f"'{key}' is {_shown(text)}, neither a JSON pointer nor a dotted path")
    return normal


def _finding(policy: Policy, rule: str, item: Any, subject: Subject) -> Finding:
    severity = policy.severity_for(rule)
    field: str | None = None
    file: str | None = None
    pointer = subject.root
    # The fix in the words of the spec the document follows, when the policy has one for it.
    remediation = policy.remediation_by_spec.get(subject.product.spec) or policy.remediation
    if isinstance(item, str):
        message = item
    elif isinstance(item, Mapping):
        message = _text(item, "msg") or _text(item, "message") or ""
        if not message:
            raise BadResult(f"an item has no 'msg': {_shown(item)}")
        if (named := _text(item, "severity")) is not None:
            override = Severity.parse(named)
            if override is None:
                raise BadResult(f"'severity' is {_shown(named)}; use error, warning or info")
            if not policy.severity_fixed:  # the configuration's severity wins over the policy's own
                severity = override
        remediation = _text(item, "remediation") or remediation
        path = _pointer(item, "path")
        wanted = _pointer(item, "field")
        if path is not None:
            pointer = subject.root + path
        elif wanted is not None:
            field = wanted
            file, pointer = resolve_field(subject.product, field)
            belongs = policy.field_by_spec.get(subject.product.spec)
            if belongs is not None and file in (None, subject.file) and pointer == (subject.product.pointer or ""):
                # Nothing was read for the field: point where the spec keeps it, which locate places
                # at the nearest enclosing block the document has (/info/owner, not 1:1).
                pointer = subject.root + belongs
    else:
        raise BadResult(f"an item is {_shown(item)}, not a string or an object with a 'msg'")
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
        product_id=subject.product.id,
        port_id=_port_id(subject, field, pointer),
    )


def _items(policy: Policy, value: Any) -> list[Any]:
    """The findings a rule value holds: a set (a JSON list) of items, or a boolean rule's verdict."""
    if isinstance(value, list):
        return value
    if value is True:
        return [policy.title]
    if value is False or value is None:
        return []
    raise BadResult(f"the rule is {_shown(value)}, not a set of findings")


def _problem(rule: rules.Rule, subject: Subject, message: str) -> Finding:
    span, document = subject.locate(None, subject.root)
    return rule.finding(
        subject.file,
        message,
        pointer=subject.root,
        span=span,
        document=document,
        status=Status.ERROR,
        product_id=subject.product.id,
    )


def rule_findings(
    policy: Policy, rule: str, value: Any, pick: Callable[[Any], Subject], fallback: Subject
) -> Iterator[Finding]:
    """The findings of one rule's value; ``pick`` chooses the subject an item is about."""
    try:
        items = _items(policy, value)
    except BadResult as bad:
        yield _problem(rules.POLICY_RESULT, fallback, f"{policy.id}: rule {rule} ({policy.file}): {bad}")
        return
    for item in items:
        try:
            subject = pick(item)
            if not policy.applies_to(subject.product):
                continue  # outside the domains or products the configuration scopes the policy to
            yield _finding(policy, rule, item, subject)
        except BadResult as bad:
            yield _problem(rules.POLICY_RESULT, fallback, f"{policy.id}: rule {rule} ({policy.file}): {bad}")


def to_findings(
    answer: Answer,
    policies: Mapping[str, Policy],
    subject: Subject,
    pick: Callable[[Any], Subject] | None = None,
) -> list[Finding]:
    """Every finding of one input's answer; ``subject`` is where problems with the answer itself go."""
    if isinstance(answer, EngineFailure):
        where = f" ({answer.where()})" if answer.where() else ""
        return [_problem(rules.POLICY_ERROR, subject, f"{answer.message}{where}")]
    chooser = pick or (lambda _item: subject)
    findings: list[Finding] = []
    for policy_id, values in answer.items():
        policy = policies.get(policy_id)
        if policy is None:
            continue  # the runtime module names only loaded policies
        for rule, value in values.items():
            findings.extend(rule_findings(policy, rule, value, chooser, subject))
    return findings
