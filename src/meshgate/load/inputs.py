"""meshgate's own inputs that users write: configuration, policy data, METADATA, baselines.

They are read with the descriptor loader (``load_bytes``), so they get the
same protection (size, nesting depth, alias bombs, duplicate keys, numbers
JSON cannot hold) and a position for every value. Unlike a descriptor's, a
problem here is not a finding: it stops the run with a usage (or policy)
error naming the file and line, and what to do. Values the Rego engine cannot
hold (integers past 64 bits, infinities, lone surrogates) are refused too:
they either crash the engine or are silently rounded.
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Mapping
from typing import Any

from meshgate.errors import MeshgateError, PolicyError, UsageError
from meshgate.limits import Limits
from meshgate.load.document import Document
from meshgate.load.files import load_bytes
from meshgate.model import pointer as jp
from meshgate.model import rules
from meshgate.model.finding import Severity
from meshgate.records import record

# Placeholders are a descriptor's problem: a data file lists placeholder
# patterns, a METADATA example may hold "{{...}}".
_DESCRIPTOR_ONLY = frozenset({rules.TEMPLATE_PLACEHOLDER.id, rules.VARIABLE_PLACEHOLDER.id})
_INT_MIN, _INT_MAX = -(2**63), 2**63 - 1
_TYPE_WORDS = {
    "object": "a mapping (key: value)",
    "array": "a list ([a, b])",
    "number": "a number, without quotes",
    "integer": "a whole number, without quotes",
    "string": "text (quoted if YAML would read it as a number, date or boolean)",
    "boolean": "true or false",
}

ErrorKind = type[UsageError] | type[PolicyError]


def input_error(
    kind: ErrorKind,
    file: str,
    message: str,
    *,
    line: int | None = None,
    column: int | None = None,
    hint: str | None = None,
) -> MeshgateError:
    """The error for a problem at file:line[:column], as the kind of input wants it."""
    if kind is PolicyError:
        return PolicyError(message, file=file, line=line, column=column, hint=hint)
    where = file if line is None else f"{file}:{line}" if column is None else f"{file}:{line}:{column}"
    return kind(f"{where}: {message}", hint=hint)


@record
class Input:
    """One input file's data, with the line of every value."""

    path: str
    data: Any
    document: Document | None = None
    line_offset: int = 0  # lines before the text that was parsed (a METADATA block)

    def line(self, pointer: str) -> int:
        if self.document is None:
            return self.line_offset + 1
        return self.document.locate(pointer).line + self.line_offset

    def where(self, pointer: str) -> str:
        return f"{self.path}:{self.line(pointer)}"


def read_input(
    raw: bytes,
    display: str,
    *,
    what: str,
    kind: ErrorKind = UsageError,
    json_text: bool = False,
    limits: Limits | None = None,
    line_offset: int = 0,
    column_offset: int = 0,
) -> Input:
    """Parse one input file; an empty file (or one holding only comments) gives ``data=None``.

    ``what`` names the input in messages ("data file", "configuration", ...).
    Every error-severity load finding is raised as ``kind`` at its position;
    warnings (YAML 1.1 booleans, say) are left to the schema of the input,
    which refuses a value of the wrong type.
    """
    try:
        loaded = load_bytes(raw, display, limits or Limits(), json_text=json_text)
    except (ValueError, RecursionError) as error:
        # Belt and braces: the loader turns what it knows into findings; a
        # value its constructors still refuse (an explicit '!!int abc', an
        # integer past Python's digit limit) must not become a traceback.
        detail = str(error).splitlines()[0] if str(error) else type(error).__name__
        raise input_error(
            kind,
            display,
            f"the {what} cannot be read: {detail}",
            line=line_offset + 1 if line_offset else None,
            hint="Quote values meant as text, and write numbers JSON can hold.",
        ) from error
    errors = [f for f in loaded.findings if f.severity is Severity.ERROR and f.rule_id not in _DESCRIPTOR_ONLY]
    empty = [f for f in errors if f.rule_id == rules.EMPTY.id]
    if empty and len(errors) == len(empty):
        return Input(display, None, None, line_offset)
    if errors:
        first = errors[0]
        raise input_error(
            kind,
            display,
            f"the {what} is not valid {'JSON' if json_text else 'YAML or JSON'}: {first.message}"
            if first.rule_id == rules.PARSE_ERROR.id
            else f"{first.message} (in the {what})",
            line=first.span.line + line_offset,
            column=first.span.column + (column_offset if first.span.line else 0),
            hint=first.remediation if first.rule_id != rules.TOO_LARGE.id else None,
        )
    if len(loaded.documents) > 1:
        second = loaded.documents[1]
        raise input_error(
            kind,
            display,
            f"the {what} must be one YAML document, not {len(loaded.documents)}",
            line=second.locate("").line + line_offset,
            hint="Remove the '---' separators.",
        )
    if not loaded.documents:
        return Input(display, None, None, line_offset)
    document = loaded.documents[0]
    result = Input(display, document.data, document, line_offset)
    check_engine_values(result, what=what, kind=kind)
    return result


def check_engine_values(source: Input, *, what: str, kind: ErrorKind = UsageError) -> None:
    """Refuse values the Rego engine cannot hold exactly (it crashes on some, rounds others)."""

    def fail(parts: list[str], message: str, hint: str) -> MeshgateError:
        pointer = jp.from_parts(parts)
        return input_error(kind, source.path, f"{message} (at {pointer or '/'})", line=source.line(pointer), hint=hint)

    def text(value: str, parts: list[str]) -> None:
        if value.isascii():
            return
        try:
            value.encode("utf-8")
        except UnicodeEncodeError as error:
            raise fail(
                parts,
                f"the {what} holds a lone surrogate (\\u{ord(value[error.start]):04x}), which is not text",
                "Write the character itself, or a valid surrogate pair.",
            ) from None

    # The path is built only when something is wrong: this runs on every METADATA block.
    def visit(value: Any, parts: list[str]) -> None:
        if isinstance(value, str):
            text(value, parts)
        elif isinstance(value, bool) or value is None:
            return
        elif isinstance(value, int):
            if not _INT_MIN <= value <= _INT_MAX:
                raise fail(
                    parts,
                    f"the {what} holds an integer of {len(str(abs(value)))} digits, past what policies can compare",
                    "Write a number within 64 bits, or quote it if it is meant as text.",
                )
        elif isinstance(value, float):
            if not math.isfinite(value):
                raise fail(parts, f"the {what} holds {value}, not a number JSON can hold", "Write a finite number.")
        elif isinstance(value, Mapping):
            for key, item in value.items():
                text(str(key), parts)
                visit(item, [*parts, str(key)])
        elif isinstance(value, list):
            for index, item in enumerate(value):
                visit(item, [*parts, str(index)])

    visit(source.data, [])


def kind_of(value: Any) -> str:
    """What a value is, for a message: "a list", "text", "a number"..."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, Mapping):
        return "a mapping"
    return type(value).__name__


@record
class SchemaProblem:
    """The most relevant thing wrong with an input by its schema, worded for a person."""

    pointer: str
    message: str
    hint: str


def schema_problem(schema: Mapping[str, Any], data: Any, *, schema_name: str) -> SchemaProblem | None:
    """The most relevant JSON Schema error for data, worded for a person, or None."""
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import best_match

    errors = list(Draft202012Validator(schema).iter_errors(data))
    if not errors:
        return None
    error = best_match(errors)
    pointer = jp.from_parts(error.absolute_path)
    if error.validator == "additionalProperties" and isinstance(error.instance, Mapping):
        known = sorted(error.schema.get("properties", {}))
        unknown = sorted(str(key) for key in set(error.instance) - set(known))
        name = unknown[0] if unknown else "?"
        close = difflib.get_close_matches(name, known, n=1)
        hint = f"Did you mean '{close[0]}'? " if close else ""
        return SchemaProblem(jp.join(pointer, name), f"unknown key '{name}'", f"{hint}Known keys: {', '.join(known)}.")
    if "propertyNames" in error.schema_path and isinstance(error.instance, str):
        return SchemaProblem(
            jp.join(pointer, error.instance), f"unknown key '{error.instance}'", f"{error.message}. See {schema_name}."
        )
    if error.schema is False:
        return SchemaProblem(pointer, f"'{jp.tokens(pointer)[-1]}' is reserved", f"See {schema_name}.")
    if error.validator == "type":
        wanted = error.validator_value
        kinds = " or ".join(
            _TYPE_WORDS.get(str(name), str(name)) for name in (wanted if isinstance(wanted, list) else [wanted])
        )
        return SchemaProblem(pointer, error.message, f"Write {kinds} here. See {schema_name}.")
    described = error.schema.get("description") if isinstance(error.schema, Mapping) else None
    if error.validator == "pattern" and described:
        return SchemaProblem(pointer, error.message, f"{described} See {schema_name}.")
    return SchemaProblem(pointer, error.message, f"See {schema_name}.")
