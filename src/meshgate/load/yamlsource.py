"""YAML text to JSON-like data, a position for every value, and load findings.

PyYAML's C parser composes the node tree (it carries line and column marks);
this module builds the data from the nodes itself instead of using PyYAML's
constructor, so one pass yields the data, the position table and the findings
about YAML surprises. Nothing here ever builds a Python object from a tag.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, ClassVar

import yaml
from yaml._yaml import CParser
from yaml.constructor import SafeConstructor
from yaml.events import CollectionEndEvent, CollectionStartEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.resolver import Resolver

from meshgate.limits import Limits
from meshgate.load import values
from meshgate.load.document import Document, Positions
from meshgate.load.placeholders import placeholder_finding
from meshgate.model import pointer as jp
from meshgate.model import rules
from meshgate.model.finding import Finding, Place, Span
from meshgate.records import record

_TAG = "tag:yaml.org,2002:"
_STR = _TAG + "str"
_INT = _TAG + "int"
_FLOAT = _TAG + "float"
_BOOL = _TAG + "bool"
_NULL = _TAG + "null"
_MERGE = _TAG + "merge"
# Standard tags whose value is kept as the text written (timestamps stay
# strings, as check-jsonschema and datacontract-cli do).
_TEXT_TAGS = frozenset({_STR, _TAG + "timestamp", _TAG + "binary", _TAG + "value"})
_COLLECTION_TAGS = frozenset({_TAG + "map", _TAG + "seq", _TAG + "set", _TAG + "omap", _TAG + "pairs"})
_YAML12_BOOLEANS = frozenset({"true", "false"})
_OCTAL_OR_SEXAGESIMAL = re.compile(r"^[-+]?(0[0-7_]+|[0-9][0-9_]*(:[0-5]?[0-9])+(\.[0-9_]*)?)$")
_VERSION_KEY = re.compile(r"version$", re.IGNORECASE)
# Below this size a document cannot nest deeply enough to exhaust the C
# parser's stack (it recurses once per level), so the event pre-scan is skipped.
_PRESCAN_ABOVE_CHARS = 16_000
# The problem libyaml (0.2.6 and later) reports when input nests past its own
# limit of 1000 levels; it is the same finding as meshgate's own depth check.
_LIBYAML_TOO_DEEP = "exceeded maximum nesting depth"

_scalars = SafeConstructor()
_BOOLEANS: dict[str, bool] = dict(SafeConstructor.bool_values)
_RESOLVED_CACHE_SIZE = 16_384
_RESOLVED_VALUE_CHARS = 80


class _Abort(Exception):
    """Stops building a document that breaks a limit."""

    def __init__(self, finding: Finding) -> None:
        super().__init__(finding.message)
        self.finding = finding


def _span(node: Node) -> Span:
    start, end = node.start_mark, node.end_mark
    return Span(start.line + 1, start.column + 1, end.line + 1, end.column + 1)


def _at_mark(mark: Any) -> Span:
    """A zero-width span at a PyYAML mark (0-based line and column)."""
    if mark is None:
        return Span(1, 1, 1, 1)
    return Span(mark.line + 1, mark.column + 1, mark.line + 1, mark.column + 1)


def _point(node: Node) -> Span:
    return _at_mark(node.start_mark)


def _place(node: Node) -> Span:
    """Where a finding about node goes: a scalar (or a key) whole, a collection at its start."""
    return _span(node) if isinstance(node, ScalarNode) else _point(node)


@record
class NodePositions:
    """Pointer to node, turned into a span only for the pointers a finding asks about."""

    nodes: dict[str, Node]

    def locate(self, pointer: str) -> Span:
        for candidate in jp.ancestors(pointer):
            node = self.nodes.get(candidate)
            if node is not None:
                return _place(node)
        return Span(1, 1, 1, 1)

    def compact(self) -> Positions:
        places: dict[str, Place] = {}
        for pointer, node in self.nodes.items():
            start = node.start_mark
            if isinstance(node, ScalarNode):  # as _place(): a scalar (or a key) whole, a collection at its start
                end = node.end_mark
                places[pointer] = (start.line + 1, start.column + 1, end.line + 1, end.column + 1)
            else:
                places[pointer] = (start.line + 1, start.column + 1, start.line + 1, start.column + 1)
        return Positions(places)


def _member(pointer: str, key: str) -> str:
    return f"{pointer}/{key}" if "~" not in key and "/" not in key else jp.join(pointer, key)


@dataclass
class _Builder:
    """Builds one YAML document's data, recording the node of every value for its position."""

    path: str
    index: int
    limits: Limits
    # Mapping members are recorded by their key node, so a finding about
    # '/owner' lands on the 'owner:' line.
    nodes: dict[str, Node] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    seen: set[int] = field(default_factory=set)
    expanded: int = 0
    # Only a document with an alias ('*name') can reach a node twice.
    aliases: bool = True

    def finding(
        self, rule: rules.Rule, message: str, pointer: str, span: Span, remediation: str | None = None
    ) -> Finding:
        return rule.finding(
            self.path, message, pointer=pointer, span=span, document=self.index, remediation=remediation
        )

    def build(self, node: Node, pointer: str, depth: int, key: str | None = None) -> Any:
        """The value of node; depth counts the collections it sits in (the root is 1)."""
        if self.aliases:
            if id(node) in self.seen:
                self._count_alias(node, pointer)
            else:
                self.seen.add(id(node))
        if isinstance(node, ScalarNode):
            return self._scalar(node, pointer, key)
        if depth > self.limits.max_depth:
            raise _Abort(
                self.finding(
                    rules.TOO_DEEP, f"values nest more than {self.limits.max_depth} levels deep", pointer, _point(node)
                )
            )
        if node.tag not in _COLLECTION_TAGS:
            self._unsupported_tag(node, pointer)
        if isinstance(node, SequenceNode):
            items = []
            for position, item in enumerate(node.value):
                item_pointer = f"{pointer}/{position}"
                self.nodes[item_pointer] = item
                items.append(self.build(item, item_pointer, depth + 1))
            return items
        assert isinstance(node, MappingNode)
        return self._mapping(node, pointer, depth)

    def _count_alias(self, node: Node, pointer: str) -> None:
        self.expanded += 1
        if self.expanded > self.limits.max_alias_values:
            raise _Abort(
                self.finding(
                    rules.ALIAS_LIMIT,
                    f"YAML aliases expand to more than {self.limits.max_alias_values:,} values "
                    "(a 'billion laughs' document); meshgate stopped reading it",
                    pointer,
                    _point(node),
                )
            )

    def _mapping(self, node: MappingNode, pointer: str, depth: int) -> dict[str, Any]:
        result: dict[str, Any] = {}
        first_seen: dict[str, Node] = {}
        merged: list[tuple[Node, Node]] = []
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE:
                merged.extend(self._merge_sources(value_node, pointer))
                continue
            key = self._key(key_node, pointer)
            member = _member(pointer, key)
            if key in first_seen:
                first = first_seen[key].start_mark
                self.findings.append(
                    self.finding(
                        rules.DUPLICATE_KEY,
                        f"key '{key}' appears again (first on line {first.line + 1}); "
                        "YAML parsers keep only one of the values",
                        member,
                        _span(key_node),
                        f"Remove one of the two '{key}' entries.",
                    )
                )
            first_seen.setdefault(key, key_node)
            self.nodes[member] = key_node
            result[key] = self.build(value_node, member, depth + 1, key)
        # Keys written in the mapping win over merged ones; among merged
        # mappings the earlier one wins (YAML merge key semantics).
        for key_node, value_node in merged:
            key = self._key(key_node, pointer)
            if key not in result:
                member = _member(pointer, key)
                self.nodes[member] = key_node
                result[key] = self.build(value_node, member, depth + 1, key)
        return result

    def _merge_sources(self, value: Node, pointer: str) -> list[tuple[Node, Node]]:
        sources = value.value if isinstance(value, SequenceNode) else [value]
        pairs: list[tuple[Node, Node]] = []
        for source in sources:
            if isinstance(source, MappingNode):
                self._count_alias(source, pointer)
                pairs.extend(source.value)
            else:
                self.findings.append(
                    self.finding(
                        rules.BAD_MERGE,
                        "the merge key '<<' must be followed by a mapping or a list of mappings",
                        pointer,
                        _point(source),
                    )
                )
        return pairs

    def _key(self, node: Node, pointer: str) -> str:
        if isinstance(node, ScalarNode):
            # Keys are names: keep the text written ('on', 'yes', '1').
            return str(node.value)
        self.findings.append(
            self.finding(
                rules.COMPLEX_KEY,
                "a mapping key is itself a list or mapping, which JSON cannot represent",
                pointer,
                _point(node),
            )
        )
        return f"<complex key at line {node.start_mark.line + 1}>"

    def _scalar(self, node: ScalarNode, pointer: str, key: str | None) -> Any:
        tag = node.tag
        text = node.value
        if tag in _TEXT_TAGS:
            if ("{{" in text or "${" in text) and (found := placeholder_finding(text)):
                rule, message = found
                self.findings.append(self.finding(rule, message, pointer, _span(node)))
            return text
        if tag == _NULL:
            return None
        if tag == _BOOL:
            if text.lower() not in _BOOLEANS:
                return self._bad_tagged(node, pointer, "a boolean")
            if text.lower() not in _YAML12_BOOLEANS:
                self.findings.append(
                    self.finding(
                        rules.YAML11_BOOLEAN,
                        f"'{text}' is read as the boolean {str(text.lower() in ('yes', 'on')).lower()} "
                        "(YAML 1.1); YAML 1.2 tools read it as a string",
                        pointer,
                        _span(node),
                        f"Write true/false for a boolean, or quote it ('{text}') for a string.",
                    )
                )
            return _BOOLEANS[text.lower()]
        if tag in (_INT, _FLOAT):
            return self._number(node, pointer, key)
        self._unsupported_tag(node, pointer)
        return text

    def _number(self, node: ScalarNode, pointer: str, key: str | None) -> Any:
        text = node.value
        try:
            value: Any = _scalars.construct_yaml_int(node) if node.tag == _INT else _scalars.construct_yaml_float(node)
        except (ValueError, IndexError, KeyError, OverflowError):
            # An explicit tag on a value that is not a number ('!!int 0x'), or
            # more digits than Python turns into an integer: PyYAML's
            # constructors raise for both.
            if values.digits_too_many(text):
                return self._too_large(node, pointer)
            return self._bad_tagged(node, pointer, "an integer" if node.tag == _INT else "a number")
        if isinstance(value, int) and values.int_too_large(value):
            return self._too_large(node, pointer)
        if isinstance(value, float) and not math.isfinite(value):
            self.findings.append(
                self.finding(
                    rules.NON_JSON_NUMBER,
                    f"'{text}' is not a number JSON can hold",
                    pointer,
                    _span(node),
                    "Quote it if it is meant as text.",
                )
            )
            return text
        if key is not None and _VERSION_KEY.search(key):
            self.findings.append(
                self.finding(
                    rules.NUMERIC_VERSION,
                    f"{key}: {text} is read as the number {value!r}, not the string '{text}'",
                    pointer,
                    _span(node),
                    f"Quote the version: {key}: '{text}'.",
                )
            )
        elif _OCTAL_OR_SEXAGESIMAL.match(text):
            self.findings.append(
                self.finding(
                    rules.YAML11_NUMBER,
                    f"'{text}' is read as the number {value!r} (YAML 1.1 octal or base-60 notation)",
                    pointer,
                    _span(node),
                    f"Quote it ('{text}') if it is meant as text.",
                )
            )
        return value

    def _bad_tagged(self, node: ScalarNode, pointer: str, kind: str) -> str:
        tag = node.tag.replace(_TAG, "!!")
        self.findings.append(
            self.finding(
                rules.BAD_TAGGED_VALUE,
                f"'{values.shown(node.value)}' is tagged {tag} but is not {kind}; meshgate reads it as text",
                pointer,
                _span(node),
                f"Remove the tag {tag}, or write {kind} here.",
            )
        )
        return str(node.value)

    def _too_large(self, node: ScalarNode, pointer: str) -> str:
        self.findings.append(
            self.finding(
                rules.NON_JSON_NUMBER,
                values.too_large_message(node.value),
                pointer,
                _span(node),
                "Quote it if it is meant as text.",
            )
        )
        return str(node.value)

    def _unsupported_tag(self, node: Node, pointer: str) -> None:
        self.findings.append(
            self.finding(
                rules.UNSUPPORTED_TAG,
                f"the tag '{node.tag.replace(_TAG, '!!')}' is not allowed in a descriptor; "
                "meshgate reads the value as plain data",
                pointer,
                _point(node),
            )
        )


@record
class YamlLoad:
    """The documents of a YAML stream, and what was wrong with it."""

    documents: list[Document]
    findings: list[Finding]


def _error_span(error: yaml.YAMLError) -> Span:
    return _at_mark(getattr(error, "problem_mark", None) or getattr(error, "context_mark", None))


def _tab_indent(error: yaml.YAMLError, text: str) -> tuple[int, int] | None:
    """Where a tab indents a line, when that is what broke the parse: the error's line, else one above it.

    PyYAML says "found character that cannot start any token" (or "a tab
    character that violates indentation") at a tab; the tab is named instead.
    Returns a 1-based (line, column).
    """
    mark = getattr(error, "problem_mark", None)
    if mark is None:
        return None
    if 0 <= mark.index < len(text) and text[mark.index] == "\t":
        return mark.line + 1, mark.column + 1
    lines = text.split("\n", mark.line + 1)[: mark.line + 1]
    for number in range(len(lines) - 1, -1, -1):
        line = lines[number]
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in indent and line.strip():
            return number + 1, indent.index("\t") + 1
        if number < mark.line - 1:
            break  # only the error's line and the one above it
    return None


def _describe(error: yaml.YAMLError) -> str:
    if isinstance(error, yaml.MarkedYAMLError):
        parts = [error.context, error.problem]
        return "; ".join(part for part in parts if part) or "invalid YAML"
    if isinstance(error, yaml.reader.ReaderError):
        return f"character {error.character!r} is not allowed in YAML"
    return str(error).splitlines()[0]


def _too_deep(text: str, limits: Limits) -> Span | None:
    """The first place that nests deeper than allowed, if any.

    libyaml's composer recurses in C once per nesting level, so very deep input
    must be refused before composing. Its event parser keeps an explicit
    stack; stopping at the limit keeps this cheap even for hostile input.
    """
    depth = 0
    for event in yaml.parse(text, Loader=yaml.CSafeLoader):
        if isinstance(event, CollectionStartEvent):
            depth += 1
            if depth > limits.max_depth:
                return _at_mark(event.start_mark)
        elif isinstance(event, CollectionEndEvent):
            depth -= 1
    return None


def _libyaml_too_deep(error: yaml.YAMLError, text: str, limits: Limits) -> Span | None:
    """Where the nesting breaks meshgate's limit, when libyaml stopped it with its own.

    libyaml 0.2.6 (PyYAML 6.0.4's wheels) refuses more than 1000 levels itself,
    sometimes before the pre-scan sees a single event. The text before its
    error mark parses as far as it goes, so the pre-scan finds the same place
    it would have found without libyaml's limit.
    """
    if not isinstance(error, yaml.MarkedYAMLError) or error.problem != _LIBYAML_TOO_DEEP:
        return None
    mark = error.problem_mark
    try:
        span = _too_deep(text[: mark.index], limits) if mark is not None else None
    except yaml.YAMLError:
        span = None
    return span or _at_mark(mark)


def _within(span: Span, text: str) -> Span:
    """span, moved to the end of the last line when it lies past it.

    libyaml reports a problem at the end of the input on the line after the
    last one when the text does not end with a line break.
    """
    lines = text.split("\n")  # the line after a final line break is where an editor puts the end
    if span.line <= len(lines):
        return span
    column = len(lines[-1]) + 1
    return Span(len(lines), column, len(lines), column)


def load_yaml(text: str, path: str, limits: Limits) -> YamlLoad:
    too_deep = f"values nest more than {limits.max_depth} levels deep"
    try:
        if len(text) > _PRESCAN_ABOVE_CHARS and (span := _too_deep(text, limits)):
            return YamlLoad([], [rules.TOO_DEEP.finding(path, too_deep, span=_within(span, text))])
        nodes = _compose_all(text)
    except yaml.YAMLError as error:
        if deep := _libyaml_too_deep(error, text, limits):
            return YamlLoad([], [rules.TOO_DEEP.finding(path, too_deep, span=_within(deep, text))])
        if tab := _tab_indent(error, text):
            line, column = tab
            return YamlLoad(
                [],
                [
                    rules.PARSE_ERROR.finding(
                        path,
                        f"a tab character at line {line}, column {column}, where YAML expects spaces: "
                        "YAML indents with spaces only",
                        span=Span(line, column, line, column + 1),
                        remediation="Replace the tab with spaces "
                        "(two per level, as the lines around it); set your editor to insert spaces in YAML files.",
                    )
                ],
            )
        return YamlLoad([], [rules.PARSE_ERROR.finding(path, _describe(error), span=_within(_error_span(error), text))])
    documents: list[Document] = []
    findings: list[Finding] = []
    kept: dict[str, int] = {}
    for index, node in enumerate(nodes, start=1):
        if isinstance(node, ScalarNode) and node.tag == _NULL and not node.value:
            continue  # an empty document ('---' alone)
        builder = _Builder(path, index, limits, aliases="*" in text)
        builder.nodes[""] = node
        try:
            data = builder.build(node, "", 1)
        except _Abort as abort:
            findings.append(abort.finding)
            continue
        findings.extend(builder.findings)
        repeat = None
        if len(nodes) > 1:
            # One canonical text per document, so finding a repeat is a lookup, not
            # a comparison with every earlier document (quadratic in many tiny ones).
            canonical = json.dumps(data, sort_keys=True, separators=(",", ":"))
            repeat = kept.get(canonical)
            kept.setdefault(canonical, index)
        if index > 1:
            findings.append(_multi_document_finding(path, index, len(nodes), repeat, _point(node)))
            if repeat is not None:
                continue
        documents.append(Document(path=path, data=data, locator=NodePositions(builder.nodes), index=index))
    return YamlLoad(documents, findings)


_resolve: Callable[[Resolver, type[Node], Any, tuple[bool, bool]], str] = Resolver.resolve


class _Composer(CParser, Resolver):
    """libyaml's parser with PyYAML's tag resolution, memoized.

    Resolving a plain scalar runs PyYAML's regular expressions in Python for
    every value; descriptors repeat the same keys and values, so the answer is
    cached (bounded, per process).
    """

    _resolved: ClassVar[dict[str, str]] = {}

    def __init__(self, text: str) -> None:
        CParser.__init__(self, text)
        Resolver.__init__(self)

    def resolve(self, kind: type[Node], value: Any, implicit: tuple[bool, bool]) -> str:
        if kind is ScalarNode and implicit[0] and isinstance(value, str):
            tag = self._resolved.get(value)
            if tag is None:
                tag = _resolve(self, kind, value, implicit)
                if len(self._resolved) < _RESOLVED_CACHE_SIZE and len(value) <= _RESOLVED_VALUE_CHARS:
                    self._resolved[value] = tag
            return tag
        return _resolve(self, kind, value, implicit)


def _compose_all(text: str) -> list[Node]:
    loader = _Composer(text)
    try:
        nodes = []
        while loader.check_node():
            node = loader.get_node()
            if node is not None:
                nodes.append(node)
        return nodes
    finally:
        loader.dispose()


def _multi_document_finding(path: str, index: int, count: int, repeat: int | None, span: Span) -> Finding:
    if repeat is not None:
        message = f"document {index} of {count} repeats document {repeat}; it is checked once"
        return rules.REPEATED_DOCUMENT.finding(path, message, span=span, document=index)
    message = f"document {index} of {count} in this file; each document is checked on its own"
    return rules.MULTI_DOCUMENT.finding(path, message, span=span, document=index)
