from __future__ import annotations

import json

import pytest

from meshgate.limits import Limits
from meshgate.load.jsonsource import JsonLocator, load_json
from meshgate.model.finding import Span

TEXT = """{
  "dataProductDescriptor": "1.0.0",
  "info": {"name": "trips", "owner": {"id": "a@b.c"}},
  "ports": [
    {"name": "p1"},
    {"name": "p2", "tags": ["x", "y"]}
  ]
}
"""


def test_data_and_lazy_positions() -> None:
    loaded = load_json(TEXT, "d.json", Limits())
    assert loaded.findings == []
    (document,) = loaded.documents
    assert document.data == json.loads(TEXT)
    assert document.locate("/info") == Span(3, 3, 3, 9)
    assert document.locate("/info/owner/id") == Span(3, 39, 3, 43)
    assert document.locate("/ports/1/name") == Span(6, 6, 6, 12)
    assert document.locate("/ports/1/tags/1") == Span(6, 34, 6, 37)
    assert document.locate("/ports/1/missing") == document.locate("/ports/1")


def test_syntax_error_has_line_and_column() -> None:
    loaded = load_json('{"a": 1,\n "b": }\n', "d.json", Limits())
    (finding,) = loaded.findings
    assert (finding.rule_id, finding.line, finding.column) == ("load/parse-error", 2, 7)


def test_duplicate_keys_are_found_with_positions() -> None:
    loaded = load_json('{"a": 1,\n "b": {"c": 1, "c": 2},\n "a": 3}\n', "d.json", Limits())
    assert [(f.rule_id, f.pointer, f.line) for f in loaded.findings] == [
        ("load/duplicate-key", "/b/c", 2),
        ("load/duplicate-key", "/a", 3),
    ]


def test_nan_is_rejected() -> None:
    (finding,) = load_json('{"a": NaN}', "d.json", Limits()).findings
    assert finding.rule_id == "load/non-json-number"


def test_deep_nesting_is_refused() -> None:
    for depth in (Limits().max_depth + 1, 5000):
        (finding,) = load_json("[" * depth + "]" * depth, "d.json", Limits()).findings
        assert finding.rule_id == "load/too-deep"


@pytest.mark.parametrize("depth", [65, 500, 999, 1_000, 5_000, 100_000])
def test_too_deep_is_the_same_finding_whichever_layer_stops_it(depth: int) -> None:
    """meshgate's depth check, or Python's recursion limit in the parser: same pointer and place."""
    (objects,) = load_json('{"a":' * depth + "1" + "}" * depth, "d.json", Limits()).findings
    assert (objects.rule_id, objects.message) == ("load/too-deep", "values nest more than 64 levels deep")
    # The 65th level is the member '/a/.../a' (64 keys), located at its key, as the locator does.
    assert (objects.pointer, objects.line, objects.column) == ("/a" * 64, 1, 5 * 63 + 2)
    (arrays,) = load_json("[" * depth + "]" * depth, "d.json", Limits()).findings
    assert (arrays.rule_id, arrays.pointer, arrays.line, arrays.column) == ("load/too-deep", "/0" * 64, 1, 65)


def test_too_deep_place_follows_keys_items_and_lines() -> None:
    text = '{"x": [1, {"a/b": "[{", "k": [0, 1,\n' + '{"b": [' * 40 + "1" + "]}" * 40 + "]}]}"
    (finding,) = load_json(text, "d.json", Limits()).findings
    assert finding.rule_id == "load/too-deep"
    assert finding.pointer == "/x/1/k/2" + "/b/0" * 30
    assert (finding.line, finding.column) == (2, 30 * 7 + 1)
    assert JsonLocator(text).locate(finding.pointer) == finding.span


def test_placeholders_in_strings() -> None:
    loaded = load_json('{"id": "{{ID}}", "env": "${ENV}"}', "d.json", Limits())
    assert sorted(f.rule_id for f in loaded.findings) == ["load/template-placeholder", "load/variable-placeholder"]
