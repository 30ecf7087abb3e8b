"""JSON text to data, with positions computed only when a finding needs them."""

from __future__ import annotations

import bisect
import json
import math
import re
from dataclasses import dataclass, field
from typing import Any

from meshgate.limits import Limits
from meshgate.load import values
from meshgate.load.document import Document, Positions
from meshgate.load.placeholders import placeholder_finding
from meshgate.model import pointer as jp
from meshgate.model import rules
from meshgate.model.finding import Finding, Span, places_of
from meshgate.records import record

_TOKEN = re.compile(
    r"""[ \t\r\n]*(?:
        (?P<string>"(?:[^"\\]|\\.)*")
      | (?P<punct>[{}\[\]:,])
      | (?P<scalar>[^ \t\r\n{}\[\]:,"]+)
    )""",
    re.VERBOSE | re.DOTALL,
)


class _NonFinite(ValueError):
    pass


def _reject_constant(name: str) -> Any:
    raise _NonFinite(name)


class _Unheld(str):
    """A number the JSON parser read that JSON tools and the policy engine cannot hold; kept as its text."""

    __slots__ = ()


def _parse_int(text: str) -> Any:
    # Checked before int(): Python refuses to convert more than 4,300 digits.
    return _Unheld(text) if values.digits_too_many(text) else int(text)


def _parse_float(text: str) -> Any:
    number = float(text)
    return number if math.isfinite(number) else _Unheld(text)


@dataclass
class JsonLocator:
    """Finds where a pointer sits by scanning the text the first time it is asked."""

    text: str
    _positions: Positions | None = field(default=None, init=False)
    duplicates: list[tuple[str, Span]] = field(default_factory=list, init=False)

    def locate(self, pointer: str) -> Span:
        return self.compact().locate(pointer)

    def compact(self) -> Positions:
        if self._positions is None:
            self._positions = Positions(places_of(_Scanner(self.text, self.duplicates).scan()))
        return self._positions


class _Scanner:
    def __init__(self, text: str, duplicates: list[tuple[str, Span]]) -> None:
        self.text = text
        self.tokens = [
            (m.lastgroup, m.group(m.lastgroup or 0), m.start(m.lastgroup or 0)) for m in _TOKEN.finditer(text)
        ]
        self.position = 0
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self.spans: dict[str, Span] = {}
        self.duplicates = duplicates

    def span(self, start: int, length: int) -> Span:
        line = bisect.bisect_right(self.line_starts, start) - 1
        column = start - self.line_starts[line] + 1
        return Span(line + 1, column, line + 1, column + length)

    def next(self) -> tuple[str | None, str, int]:
        token = self.tokens[self.position] if self.position < len(self.tokens) else (None, "", len(self.text))
        self.position += 1
        return token

    def scan(self) -> dict[str, Span]:
        if self.tokens:
            self.spans[""] = self.span(self.tokens[0][2], 1)
            self.value("")
        return self.spans

    def value(self, pointer: str) -> None:
        kind, text, start = self.next()
        if text == "{":
            self.members(pointer)
        elif text == "[":
            self.items(pointer)
        elif kind in ("string", "scalar"):
            self.spans.setdefault(pointer, self.span(start, len(text)))

    def members(self, pointer: str) -> None:
        seen: set[str] = set()
        while True:
            kind, text, start = self.next()
            if kind is None or text == "}":
                return
            if kind != "string":
                continue
            key = json.loads(text)
            member = jp.join(pointer, key)
            if key in seen:
                self.duplicates.append((member, self.span(start, len(text))))
            seen.add(key)
            self.spans[member] = self.span(start, len(text))
            self.next()  # the colon
            self.value(member)
            if self.next()[1] != ",":
                return

    def items(self, pointer: str) -> None:
        index = 0
        while True:
            kind, text, start = self.tokens[self.position] if self.position < len(self.tokens) else (None, "", 0)
            if kind is None or text == "]":
                self.position += 1
                return
            item = f"{pointer}/{index}"
            self.spans[item] = self.span(start, len(text) if kind != "punct" else 1)
            self.value(item)
            index += 1
            if self.next()[1] != ",":
                return


@record
class JsonLoad:
    """The documents of a JSON text, and what was wrong with it."""

    documents: list[Document]
    findings: list[Finding]


def load_json(text: str, path: str, limits: Limits) -> JsonLoad:
    duplicate_keys: list[str] = []

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        result = dict(items)
        if len(result) != len(items):
            duplicate_keys.append("")
        return result

    try:
        data = json.loads(
            text,
            object_pairs_hook=pairs,
            parse_constant=_reject_constant,
            parse_int=_parse_int,
            parse_float=_parse_float,
        )
    except json.JSONDecodeError as error:
        span = Span(error.lineno, error.colno, error.lineno, error.colno)
        return JsonLoad([], [rules.PARSE_ERROR.finding(path, error.msg, span=span)])
    except _NonFinite as error:
        message = f"'{error}' is not a number JSON allows"
        return JsonLoad([], [rules.NON_JSON_NUMBER.finding(path, message)])
    except RecursionError:
        # Python's own limit stopped the parser: the same finding as meshgate's.
        pointer, span = _first_too_deep(text, limits) or ("", Span(1, 1, 1, 1))
        return JsonLoad([], [_too_deep(path, limits, pointer, span)])
    locator = JsonLocator(text)
    findings: list[Finding] = []
    too_deep = _walk(data, path, limits, locator, findings)
    if isinstance(data, str):
        data = _checked_string(data, "", path, locator, findings)
    if too_deep is not None:
        # The locator recurses once per level; deep input is located without recursion.
        pointer, span = _first_too_deep(text, limits) or (too_deep, Span(1, 1, 1, 1))
        return JsonLoad([], [_too_deep(path, limits, pointer, span)])
    if duplicate_keys:
        locator.locate("")
        for written, span in locator.duplicates:
            member = values.without_surrogates(written)
            key = jp.tokens(member)[-1]
            message = f"key '{key}' appears more than once in the same object; JSON parsers keep only one value"
            findings.append(
                rules.DUPLICATE_KEY.finding(
                    path, message, pointer=member, span=span, remediation=f"Remove one of the '{key}' entries."
                )
            )
    return JsonLoad([Document(path=path, data=data, locator=locator)], findings)


def _too_deep(path: str, limits: Limits, pointer: str, span: Span) -> Finding:
    return rules.TOO_DEEP.finding(
        path, f"values nest more than {limits.max_depth} levels deep", pointer=pointer, span=span
    )


_STRUCTURE = re.compile(r'"(?:[^"\\]|\\.)*"|[{}\[\],]')


def _first_too_deep(text: str, limits: Limits) -> tuple[str, Span] | None:
    """The pointer and place of the first value that nests deeper than allowed.

    A loop over the brackets, not recursion, so any depth is fine; the place is
    where the locator would put it (a member's key, an item's first character).
    """
    line_starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def span(start: int, length: int) -> Span:
        line = bisect.bisect_right(line_starts, start) - 1
        column = start - line_starts[line] + 1
        return Span(line + 1, column, line + 1, column + length)

    # One entry per open container: its pointer, whether it is an array, the
    # current item index, and the last key read with where it was written.
    stack: list[tuple[str, bool, int, str, int, int]] = []
    expecting_key = False
    for match in _STRUCTURE.finditer(text):
        symbol, start = match.group(), match.start()
        if symbol in ("{", "["):
            if stack:
                parent, is_array, index, key, key_start, key_length = stack[-1]
                member = f"{parent}/{index}" if is_array else jp.join(parent, key)
                place = span(start, 1) if is_array else span(key_start, key_length)
            else:
                member, place = "", span(start, 1)
            if len(stack) + 1 > limits.max_depth:
                return member, place
            stack.append((member, symbol == "[", 0, "", 0, 0))
            expecting_key = symbol == "{"
        elif symbol in ("}", "]"):
            if stack:
                stack.pop()
            expecting_key = False
        elif symbol == ",":
            if stack:
                parent, is_array, index, key, key_start, key_length = stack[-1]
                stack[-1] = (parent, is_array, index + 1, key, key_start, key_length)
                expecting_key = not is_array
        elif expecting_key and stack:
            parent, is_array, index, _, _, _ = stack[-1]
            stack[-1] = (parent, is_array, index, json.loads(symbol), start, len(symbol))
            expecting_key = False
    return None


def _walk(data: Any, path: str, limits: Limits, locator: JsonLocator, findings: list[Finding]) -> str | None:
    """Check nesting depth, look for placeholders and replace values nothing downstream can hold.

    Numbers past a double's range become their text and lone surrogate escapes
    U+FFFD, each with a finding where it is written; returns where the data
    nests too deep, if it does.
    """
    stack: list[tuple[Any, str, int]] = [(data, "", 1)]
    while stack:
        value, pointer, depth = stack.pop()
        if isinstance(value, dict | list) and depth > limits.max_depth:
            return pointer
        if isinstance(value, dict):
            if any(values.has_surrogate(key) for key in value):
                _replace_keys(value, pointer, path, locator, findings)
            for key, item in value.items():
                member = jp.join(pointer, key)
                if isinstance(item, str):
                    value[key] = _checked_string(item, member, path, locator, findings)
                else:
                    stack.append((item, member, depth + 1))
        elif isinstance(value, list):
            for index, item in enumerate(value):
                if isinstance(item, str):
                    value[index] = _checked_string(item, f"{pointer}/{index}", path, locator, findings)
                else:
                    stack.append((item, f"{pointer}/{index}", depth + 1))
    return None


def _replace_keys(
    mapping: dict[str, Any], pointer: str, path: str, locator: JsonLocator, findings: list[Finding]
) -> None:
    replaced: dict[str, Any] = {}
    for key, item in mapping.items():
        if values.has_surrogate(key):
            member = jp.join(pointer, key)
            findings.append(
                rules.LONE_SURROGATE.finding(
                    path,
                    values.surrogate_message(key),
                    pointer=values.without_surrogates(member),
                    span=locator.locate(member),
                )
            )
            key = values.without_surrogates(key)
        replaced.setdefault(key, item)
    mapping.clear()
    mapping.update(replaced)


def _checked_string(text: str, pointer: str, path: str, locator: JsonLocator, findings: list[Finding]) -> str:
    if isinstance(text, _Unheld):
        findings.append(
            rules.NON_JSON_NUMBER.finding(
                path,
                values.too_large_message(text),
                pointer=pointer,
                span=locator.locate(pointer),
                remediation="Quote it if it is meant as text.",
            )
        )
        return str.__str__(text)
    if values.has_surrogate(text):
        findings.append(
            rules.LONE_SURROGATE.finding(
                path, values.surrogate_message(text), pointer=pointer, span=locator.locate(pointer)
            )
        )
        text = values.without_surrogates(text)
    if ("{{" in text or "${" in text) and (found := placeholder_finding(text)):
        rule, message = found
        findings.append(rule.finding(path, message, pointer=pointer, span=locator.locate(pointer)))
    return text
