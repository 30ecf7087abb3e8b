"""JSON Schema validation of a document against the schema of its exact spec version.

This is the one place where ``jsonschema`` errors become findings.
"""

from __future__ import annotations

import contextlib
import difflib
import functools
import json
import re
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from jsonschema import FormatChecker, ValidationError
from jsonschema.protocols import Validator
from jsonschema.validators import extend, validator_for
from referencing import Registry

from meshgate import specs as registry
from meshgate.errors import UsageError
from meshgate.load.document import Document
from meshgate.model import pointer as jp
from meshgate.model import rules
from meshgate.model.finding import Finding
from meshgate.records import record
from meshgate.specs import Spec
from meshgate.specs.detect import Detection

_WEAK = frozenset({"anyOf", "oneOf"})
_SHORT_VALUE_CHARS = 60
_LONG_MESSAGE_CHARS = 200
_EXTRA_PROPERTIES = re.compile(r"\((.+) (?:was|were) unexpected\)")
_QUOTED = re.compile(r"'((?:[^'\\]|\\.)*)'")
_OFFLINE: Registry[Any] = Registry()
_SIBLINGS_IGNORED = frozenset(
    {
        "http://json-schema.org/draft-03/schema#",
        "http://json-schema.org/draft-04/schema#",
        "http://json-schema.org/draft-06/schema#",
        "http://json-schema.org/draft-07/schema#",
    }
)
_MINIMUM_OF = {"minItems": "item", "minLength": "character", "minProperties": "property"}
# Keywords that annotate a value and never reject it.
_ANNOTATIONS = frozenset(
    {"$comment", "default", "deprecated", "description", "examples", "readOnly", "title", "writeOnly"}
)


def _short(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
    return text if len(text) <= _SHORT_VALUE_CHARS else text[: _SHORT_VALUE_CHARS - 1] + "…"


@record
class _Issue:
    """One schema error as a finding words it."""

    keyword: str
    pointer: str
    message: str
    remediation: str


# The formats meshgate checks, the same wherever it runs. jsonschema checks more (date-time, time, uri,
# hostname, duration, ...) only where optional packages happen to be importable: installing one beside
# meshgate would change verdicts. idn-hostname needs idna, which meshgate's dependencies bring.
CHECKED_FORMATS = frozenset({"date", "email", "idn-email", "idn-hostname", "ipv4", "ipv6", "regex", "uuid"})


def format_checker(cls: type[Validator]) -> FormatChecker:
    """The draft's own checks of the CHECKED_FORMATS it defines, and no other."""
    checker = FormatChecker(formats=())
    checker.checkers = {name: check for name, check in cls.FORMAT_CHECKER.checkers.items() if name in CHECKED_FORMATS}
    return checker


class SchemaSet:
    """The schemas of every supported spec version, loaded when first needed."""

    def __init__(self, directory: Path | None = None) -> None:
        self.directory = directory  # None: each spec's own schema directory
        self._validators: dict[tuple[str, str], Validator] = {}

    def path(self, spec: Spec | str, version: str) -> Path:
        """The schema file of a spec (or spec name) and version."""
        if isinstance(spec, str):
            spec = registry.BY_NAME[spec]
        directory = spec.schemas if self.directory is None else self.directory / spec.name
        return directory / f"{version}.schema.json"

    def has(self, spec: Spec | str, version: str) -> bool:
        name = spec if isinstance(spec, str) else spec.name
        # A compiled validator answers without asking the file system for every document.
        return (name, version) in self._validators or self.path(spec, version).is_file()

    def validator(self, spec: Spec | str, version: str) -> Validator:
        key = (spec if isinstance(spec, str) else spec.name, version)
        if key not in self._validators:
            file = self.path(spec, version)
            try:
                schema = json.loads(file.read_text(encoding="utf-8"))
            except (OSError, ValueError) as error:
                raise UsageError(f"cannot read the schema {file}: {error}") from error
            cls = with_shape_shortcut(validator_for(schema))
            siblings_apply = cls.META_SCHEMA.get("$schema", "") not in _SIBLINGS_IGNORED
            # Every vendored schema is self-contained (schemas/SOURCES.md): an
            # empty registry keeps any $ref left after inlining offline.
            inlined = inline_refs(schema, siblings_apply=siblings_apply)
            self._validators[key] = cls(inlined, registry=_OFFLINE, format_checker=format_checker(cls))
        return self._validators[key]

    def validate(self, document: Document, detection: Detection, *, configured: bool = False) -> list[Finding]:
        """Schema findings; ``configured``: the configuration's ``specs`` named the spec and version.

        A configured file need not state what the configuration states: a
        missing top-level field that only names the spec or its version (one the
        schema fixes to a constant, such as ODPS's ``kind: DataProduct`` and
        ``apiVersion``) is not reported. A present one with a wrong value is.
        """
        spec, version = detection.spec, detection.version
        if version is None or not self.has(spec, version):
            return []
        instance = jp.resolve(document.data, detection.root)
        validator = self.validator(spec, version)
        if configured:
            instance = _with_identity(instance, validator.schema, version)
        issues = list(_issues(validator.iter_errors(instance), detection.root, validator.schema))
        findings = [_finding(document, issue, detection) for issue in issues]
        if issues and not configured:
            findings.extend(self._version_mismatch(document, detection, instance, len(issues)))
        return findings

    def _version_mismatch(
        self, document: Document, detection: Detection, instance: Any, errors: int
    ) -> Iterator[Finding]:
        """Tell when the document fits another version of its spec better than the one it declares."""
        spec = detection.spec
        fits = []
        for other in spec.versions:
            if other != detection.version and self.has(spec, other):
                count = sum(1 for _ in _issues(self.validator(spec, other).iter_errors(instance), ""))
                fits.append((count, other))
        if not fits or min(fits)[0] >= errors:
            return
        count, other = min(fits)
        shape = "no schema errors" if count == 0 else f"{count} schema error{'s' if count > 1 else ''}"
        declared = spec.declared_version(instance)
        pointer = detection.root + declared.pointer if declared.pointer else detection.root
        yield rules.VERSION_MISMATCH.finding(
            document.path,
            f"declares {spec.version_field} {detection.version} but fits {other} better: "
            f"{shape} under {other}, {errors} under {detection.version}",
            remediation=f"If the descriptor follows {other}, set {spec.version_field} to {other}; "
            f"otherwise fix the errors against {detection.version}.",
            pointer=pointer,
            span=document.locate(pointer),
            document=document.index,
        )


def _with_identity(instance: Any, schema: Any, version: str) -> Any:
    """instance with the missing top-level fields that only say which spec and version it is, filled in."""
    if not isinstance(instance, Mapping) or not isinstance(schema, Mapping):
        return instance
    properties = schema.get("properties", {})
    filled = dict(instance)
    for name in schema.get("required", ()):
        if name in instance or not isinstance(properties.get(name), Mapping):
            continue
        field = properties[name]
        enum = field.get("enum")
        if "const" in field:
            filled[name] = field["const"]
        elif isinstance(enum, list) and len(enum) == 1:
            filled[name] = enum[0]
        elif isinstance(enum, list) and version in enum:
            filled[name] = version
    return filled


_SUBSCHEMA = frozenset(
    {
        "additionalItems", "additionalProperties", "contains", "else", "if", "not", "propertyNames",
        "then", "unevaluatedItems", "unevaluatedProperties", "items",
    }
)  # fmt: skip
_SUBSCHEMA_LISTS = frozenset({"allOf", "anyOf", "oneOf", "prefixItems", "items"})
_SUBSCHEMA_MAPS = frozenset(
    {"$defs", "definitions", "dependentSchemas", "patternProperties", "properties", "dependencies"}
)


# Python types whose values certainly are of a JSON type, in every draft; other
# values (1.0 as an integer, say) are asked of the validator's type checker.
_CERTAIN_TYPES: dict[str, frozenset[type]] = {
    "array": frozenset({list}),
    "boolean": frozenset({bool}),
    "integer": frozenset({int}),
    "null": frozenset({type(None)}),
    "number": frozenset({int, float}),
    "object": frozenset({dict}),
    "string": frozenset({str}),
}
_UNCERTAIN: frozenset[type] = frozenset()
# The keywords a plain shape may use; any other keyword sends the value to jsonschema.
_SHAPE_KEYWORDS = _ANNOTATIONS | {"type", "format", "properties", "required", "additionalProperties", "items"}


@record
class _Shape:
    """A subschema made only of type, format, properties, required, additionalProperties and items."""

    types: tuple[str, ...]
    format: str | None
    properties: Mapping[str, Any]
    required: tuple[str, ...]
    additional: Any  # True, False or a subschema
    items: Any  # True or a subschema


def _shape(subschema: Mapping[str, Any]) -> _Shape | None:
    """The plain shape a subschema describes, or None when it asks for more."""
    if not subschema.keys() <= _SHAPE_KEYWORDS:
        return None
    types = subschema.get("type", ())
    types = (types,) if isinstance(types, str) else types
    format_ = subschema.get("format")
    properties = subschema.get("properties", {})
    required = subschema.get("required", ())
    additional = subschema.get("additionalProperties", True)
    items = subschema.get("items", True)
    if (
        not isinstance(types, list | tuple)
        or not all(isinstance(name, str) for name in types)
        or not (format_ is None or isinstance(format_, str))
        or type(properties) is not dict
        or not isinstance(required, list | tuple)
        or type(additional) not in (bool, dict)
        or not (items is True or type(items) is dict)  # a list of schemas validates position by position
    ):
        return None
    return _Shape(tuple(types), format_, properties, tuple(required), additional, items)


def with_shape_shortcut(cls: type[Validator]) -> type[Validator]:
    """``cls``, answering for plain subschemas without descending into them.

    jsonschema builds a validator object for every subschema it descends into,
    and most of a descriptor meets subschemas that only name a type and a
    format, the properties of an object and which are required, or the items
    of an array. For those, a value is checked directly against the same
    keywords, with the validator's own type and format checkers, and passes
    only when it certainly is valid. A value that does not pass, and every
    other subschema, goes through jsonschema as usual, so every error is still
    jsonschema's own (tests/test_schema_shortcut.py compares the two).
    """
    shapes: dict[int, tuple[object, _Shape | None]] = {}
    properties_keyword = cls.VALIDATORS["properties"]
    items_keyword = cls.VALIDATORS["items"]

    def satisfied(validator: Any, subschema: Any, value: Any) -> bool:
        if subschema is True:
            return True
        if type(subschema) is not dict:
            return False
        cached = shapes.get(id(subschema))
        if cached is None:
            # The schema itself is kept so its id cannot be reused while cached.
            cached = shapes[id(subschema)] = (subschema, _shape(subschema))
        shape = cached[1]
        if shape is None:
            return False
        kind = type(value)
        if shape.types and not any(
            kind in _CERTAIN_TYPES.get(name, _UNCERTAIN) or validator.is_type(value, name) for name in shape.types
        ):
            return False
        checker = validator.format_checker
        if shape.format is not None and checker is not None and not checker.conforms(value, shape.format):
            return False
        if kind is dict:
            if not all(name in value for name in shape.required):
                return False
            for name, member in value.items():
                member_schema = shape.properties.get(name, shape.additional)
                if member_schema is not True and not satisfied(validator, member_schema, member):
                    return False
        elif kind is list and shape.items is not True:
            return all(satisfied(validator, shape.items, item) for item in value)
        return True

    def properties(validator: Any, properties: Any, instance: Any, schema: Any) -> Iterator[ValidationError]:
        if type(instance) is dict and type(properties) is dict:
            properties = {
                name: subschema
                for name, subschema in properties.items()
                if name in instance and not satisfied(validator, subschema, instance[name])
            }
        yield from properties_keyword(validator, properties, instance, schema)

    def items(validator: Any, items: Any, instance: Any, schema: Any) -> Iterator[ValidationError]:
        if (
            type(instance) is list
            and "prefixItems" not in schema
            and (items is True or type(items) is dict)
            and all(satisfied(validator, items, value) for value in instance)
        ):
            return
        yield from items_keyword(validator, items, instance, schema)

    shortcut: type[Validator] = extend(cls, {"properties": properties, "items": items})  # type: ignore[no-untyped-call]
    return shortcut


def inline_refs(schema: Any, *, siblings_apply: bool) -> Any:
    """The schema with its local '#/...' references replaced by what they point at.

    jsonschema resolves a $ref on every use, which is a fifth of the time spent
    on a descriptor; the vendored schemas use local references only and no
    nested $id, so resolving them once gives the same verdicts faster. Cyclic
    references are left as they are, and so are references with keywords beside
    them, which apply from draft 2019-09 on (``siblings_apply``); before that
    draft such keywords are ignored, as the draft says.
    """
    resolved: dict[str, Any] = {}

    def target(ref: str) -> Any:
        node = schema
        for token in jp.tokens(ref[1:]):
            node = node[int(token)] if isinstance(node, list) else node[token]
        return node

    def walk(node: Any, expanding: tuple[str, ...]) -> Any:
        if not isinstance(node, Mapping):
            return node
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/") and ref not in expanding:
            if ref not in resolved:
                resolved[ref] = walk(target(ref), (*expanding, ref))
            if not siblings_apply or node.keys() == {"$ref"}:
                return resolved[ref]
            # Keywords beside the $ref stay beside it: an allOf in its place
            # would count its properties as evaluated only when it is valid,
            # so unevaluatedProperties would call valid properties unexpected.
        result: dict[str, Any] = {}
        for key, value in node.items():
            if key in _SUBSCHEMA_MAPS and isinstance(value, Mapping):
                result[key] = {name: walk(item, expanding) for name, item in value.items()}
            elif key in _SUBSCHEMA_LISTS and isinstance(value, list):
                result[key] = [walk(item, expanding) for item in value]
            elif key in _SUBSCHEMA:
                result[key] = walk(value, expanding)
            else:
                result[key] = value
        return result

    return walk(schema, ())


def _finding(document: Document, issue: _Issue, detection: Detection) -> Finding:
    return rules.schema_rule(issue.keyword).finding(
        document.path,
        issue.message,
        remediation=issue.remediation or f"See the {detection.spec.title} {detection.version} schema.",
        pointer=issue.pointer,
        span=document.locate(issue.pointer),
        document=document.index,
    )


def _issues(errors: Iterable[ValidationError], root: str, schema: Any = None) -> Iterator[_Issue]:
    """Issues worded for people; ``schema`` (the whole schema) resolves the $refs property names hide behind."""
    seen: set[tuple[str, str]] = set()
    for error in sorted(errors, key=lambda e: (list(map(str, e.absolute_path)), str(e.validator))):
        cause, closest = _deepest_cause(error)
        for issue in _describe(cause, root, closest, schema):
            # additionalProperties and unevaluatedProperties both report the same key.
            key = (issue.pointer, issue.message)
            if key not in seen:
                seen.add(key)
                yield issue


@record
class _Closest:
    """The alternative of a oneOf/anyOf the document most resembles, and its errors."""

    label: str
    errors: tuple[ValidationError, ...]


def _deepest_cause(error: ValidationError) -> tuple[ValidationError, _Closest | None]:
    """For oneOf/anyOf, the error of the alternative the document most resembles.

    When that alternative has several errors, the oneOf/anyOf error itself is
    the cause, with the closest alternative's errors to name.
    """
    while error.validator in _WEAK and error.context:
        branches: dict[Any, list[ValidationError]] = {}
        for child in error.context:
            branches.setdefault(child.relative_schema_path[0], []).append(child)
        instance = error.instance
        alternatives = error.schema.get(str(error.validator)) if isinstance(error.schema, Mapping) else None
        index, best = max(
            branches.items(), key=lambda item: _resemblance(item[1], instance, _branch(alternatives, item[0]))
        )
        if len(best) > 1:
            return error, _Closest(_label(_branch(alternatives, index), index), tuple(best))
        error = best[0]
    return error, None


def _branch(alternatives: Any, index: Any) -> Mapping[str, Any]:
    if isinstance(alternatives, list) and isinstance(index, int) and 0 <= index < len(alternatives):
        branch = alternatives[index]
        return branch if isinstance(branch, Mapping) else {}
    return {}


def _label(branch: Mapping[str, Any], index: Any) -> str:
    title = branch.get("title")
    if isinstance(title, str) and title and len(title) <= _SHORT_VALUE_CHARS and "<" not in title:
        return f"{int(index) + 1}, '{title}'"
    return str(int(index) + 1)


def _branch_properties(branch: Mapping[str, Any]) -> set[str]:
    """Property names an alternative declares, its allOf members' included."""
    names = set(branch.get("properties", {}) or {})
    for member in branch.get("allOf", ()) or ():
        if isinstance(member, Mapping):
            names |= _branch_properties(member)
    return names


def _resemblance(group: list[ValidationError], instance: Any, branch: Mapping[str, Any]) -> tuple[int, int, int, int]:
    """How far the instance got into one alternative.

    First, an alternative that demands a '$ref' the instance does not have (a
    Reference Object) loses to one describing the value inline; then the
    deepest error, the property names shared, the fewest errors.
    """
    wants_reference = (
        isinstance(instance, Mapping)
        and "$ref" not in instance
        and any(child.validator == "required" and "'$ref'" in child.message for child in group)
    )
    depth = max(len(child.absolute_path) for child in group)
    overlap = 0
    if isinstance(instance, Mapping):
        declared = _branch_properties(branch)
        for child in group:
            properties = child.schema.get("properties") if isinstance(child.schema, Mapping) else None
            if isinstance(properties, Mapping):
                declared |= set(properties)
        overlap = len(set(instance) & declared)
    return (0 if wants_reference else 1, depth, overlap, -len(group))


_CLOSEST_LISTED = 6
_PROPERTY_DEPTH = 8
_APPLICATORS = ("allOf", "anyOf", "oneOf")
_CONDITIONALS = ("if", "then", "else")


def _declared_properties(schema: Mapping[str, Any], whole: Any, depth: int = 0) -> set[str]:
    """The property names a subschema declares, through local $refs, allOf/anyOf/oneOf and if/then/else."""
    if depth > _PROPERTY_DEPTH:  # deep enough for the vendored schemas; ends cyclic references
        return set()
    names = {str(name) for name in schema.get("properties", {}) or {}}
    members: list[Any] = [schema.get(key) for key in _CONDITIONALS]
    for key in _APPLICATORS:
        value = schema.get(key)
        if isinstance(value, list):
            members.extend(value)
    ref = schema.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/") and isinstance(whole, Mapping):
        with contextlib.suppress(KeyError, IndexError, TypeError, ValueError):
            members.append(jp.resolve(whole, ref[1:]))
    for member in members:
        if isinstance(member, Mapping):
            names |= _declared_properties(member, whole, depth + 1)
    return names


def _common_pointer(pointers: list[str]) -> str | None:
    if not pointers:
        return None
    split = [jp.tokens(pointer) for pointer in pointers]
    shared: list[str] = []
    for tokens in zip(*split, strict=False):
        if any(token != tokens[0] for token in tokens):
            break
        shared.append(tokens[0])
    return jp.from_parts(shared)


@functools.lru_cache(maxsize=4096)
def _closest_name(name: str, names: tuple[str, ...], cutoff: float) -> str | None:
    """The known name ``name`` is most likely a typo of, if any. Remembered: files made from one template
    repeat their mistakes, and difflib takes a tenth of a millisecond to compare a name with a schema's."""
    close = difflib.get_close_matches(name, names, n=1, cutoff=cutoff)
    return close[0] if close else None


def _describe(
    error: ValidationError, root: str, closest: _Closest | None = None, whole: Any = None
) -> Iterator[_Issue]:
    keyword = str(error.validator)
    pointer = root + jp.from_parts(error.absolute_path)
    instance, expected, schema = error.instance, error.validator_value, error.schema
    if closest is not None:
        # As check-jsonschema -v does: name what the closest alternative misses.
        causes = [issue for child in closest.errors for issue in _describe(_deepest_cause(child)[0], root, None, whole)]
        # Where every cause lies inside one value, the finding sits there (the port, not the whole product).
        shared = _common_pointer([issue.pointer for issue in causes])
        where = ""
        if shared is not None and shared.startswith(pointer) and shared != pointer:
            where = f" at {pointer}"
            pointer = shared
        listed = [
            f"{issue.message}" + (f" (at {issue.pointer[len(pointer) :]})" if issue.pointer != pointer else "")
            for issue in causes[:_CLOSEST_LISTED]
        ]
        more = f"; and {len(causes) - _CLOSEST_LISTED} more" if len(causes) > _CLOSEST_LISTED else ""
        fixes = [issue.remediation for issue in causes[:_CLOSEST_LISTED] if issue.remediation]
        yield _Issue(
            keyword,
            pointer,
            f"the value does not match any of the allowed shapes ({keyword}{where}); the closest is alternative "
            f"{closest.label}, where: {'; '.join(listed)}{more}",
            " ".join(dict.fromkeys(fixes)),
        )
        return
    if keyword in ("additionalProperties", "unevaluatedProperties") and isinstance(instance, Mapping):
        # Under unevaluatedProperties the names often sit behind a $ref or an allOf (ODCS v3.0.x columns).
        allowed: list[str] = []
        if isinstance(schema, Mapping):
            declared = _declared_properties(schema, whole) if keyword == "unevaluatedProperties" else None
            allowed = sorted(declared if declared is not None else schema.get("properties", {}))
        for extra in _extras(error, instance):
            close = _closest_name(extra, tuple(allowed), 0.7)
            hint = f"Did you mean '{close}'? " if close else ""
            allowed_text = (
                f"Allowed here: {', '.join(allowed[:12])}{', …' if len(allowed) > 12 else ''}." if allowed else ""
            )
            yield _Issue(
                "additionalProperties",
                jp.join(pointer, extra),
                f"property '{extra}' is not allowed here",
                f"{hint}Remove or rename '{extra}'. {allowed_text}".strip(),
            )
        return
    if keyword == "required" and isinstance(instance, Mapping):
        match = _QUOTED.search(error.message)
        missing = match.group(1) if match else str(expected)
        close = _closest_name(missing, tuple(str(key) for key in instance), 0.75)
        hint = f" This object has '{close}': a typo?" if close else ""
        yield _Issue(keyword, pointer, f"'{missing}' is a required property", f"Add '{missing}'.{hint}")
        return
    yield _Issue(keyword, pointer, _message(error), _remedy(keyword, expected))


def _extras(error: ValidationError, instance: Mapping[str, Any]) -> list[str]:
    match = _EXTRA_PROPERTIES.search(error.message)
    if match is None:
        return []
    named = [name for name in _QUOTED.findall(match.group(1)) if name in instance]
    return named or [str(key) for key in instance if repr(key) in match.group(1)]


def _message(error: ValidationError) -> str:
    keyword, instance, expected = error.validator, error.instance, error.validator_value
    if keyword == "type":
        wanted = " or ".join(expected) if isinstance(expected, list) else str(expected)
        return f"{_short(instance)} is not of type {wanted}"
    if keyword == "enum":
        return f"{_short(instance)} is not one of {_short(expected)}"
    if keyword == "const":
        return f"{_short(instance)} must be {_short(expected)}"
    if keyword in _WEAK:
        return f"{_short(instance)} does not match any of the allowed shapes ({keyword})"
    if len(error.message) > _LONG_MESSAGE_CHARS:
        text = repr(instance)
        if error.message.startswith(text):
            return _short(instance) + error.message[len(text) :]
        return error.message[: _LONG_MESSAGE_CHARS - 1] + "…"
    return error.message


def _remedy(keyword: str, expected: Any) -> str:
    if keyword in ("enum", "const"):
        values = expected if isinstance(expected, list) else [expected]
        return f"Use {'one of: ' if len(values) > 1 else ''}{', '.join(_short(value) for value in values[:12])}."
    if keyword == "type":
        wanted = " or ".join(expected) if isinstance(expected, list) else str(expected)
        return f"Write a value of type {wanted} here" + (
            " (quote it if YAML reads it as a number or boolean)." if "string" in wanted else "."
        )
    if keyword == "pattern":
        return f"Make the value match the pattern {expected}."
    if keyword == "format":
        return f"Write a valid {expected}."
    if keyword in _MINIMUM_OF:
        noun = _MINIMUM_OF[keyword] + ("" if expected == 1 else "s")
        return f"Provide at least {expected} {noun}."
    if keyword in ("maxItems", "maxLength", "maxProperties"):
        return f"Provide at most {expected}."
    return ""
