from __future__ import annotations

import textwrap

import pytest

from meshgate.limits import Limits
from meshgate.load.yamlsource import load_yaml
from meshgate.model.finding import Severity, Span


def load(text: str, limits: Limits | None = None):  # type: ignore[no-untyped-def]
    return load_yaml(textwrap.dedent(text), "d.yaml", limits or Limits())


def rules(text: str) -> list[tuple[str, int, int, str]]:
    return [(f.rule_id, f.line, f.column, f.pointer) for f in load(text).findings]


def test_plain_document_has_data_and_no_findings() -> None:
    loaded = load(
        """\
        id: orders
        ports:
          - name: a
            tags: [x, y]
        count: 3
        ratio: 0.5
        flag: true
        nothing: null
        """
    )
    assert loaded.findings == []
    (document,) = loaded.documents
    assert document.data == {
        "id": "orders",
        "ports": [{"name": "a", "tags": ["x", "y"]}],
        "count": 3,
        "ratio": 0.5,
        "flag": True,
        "nothing": None,
    }


def test_every_pointer_maps_to_its_line_and_column() -> None:
    (document,) = load(
        """\
        id: orders
        ports:
          - name: a
            tags: [x, y]
        """
    ).documents
    assert document.locate("/id") == Span(1, 1, 1, 3)
    assert document.locate("/ports") == Span(2, 1, 2, 6)
    assert document.locate("/ports/0/name") == Span(3, 5, 3, 9)
    assert document.locate("/ports/0/tags/1") == Span(4, 15, 4, 16)
    # A missing value sits where its nearest ancestor is.
    assert document.locate("/ports/0/owner") == document.locate("/ports/0")
    assert document.locate("/nope/deeper") == Span(1, 1, 1, 1)


def test_timestamps_stay_strings() -> None:
    (document,) = load("created: 2023-06-12T12:52:11.737Z\nday: 2024-01-31\n").documents
    assert document.data == {"created": "2023-06-12T12:52:11.737Z", "day": "2024-01-31"}


def test_duplicate_key_is_an_error_on_the_second_occurrence() -> None:
    loaded = load("ownerGroup: a\ndevGroup: b\nownerGroup: c\nownerGroup: d\n")
    assert [(f.rule_id, f.line, f.message) for f in loaded.findings] == [
        (
            "load/duplicate-key",
            3,
            "key 'ownerGroup' appears again (first on line 1); YAML parsers keep only one of the values",
        ),
        (
            "load/duplicate-key",
            4,
            "key 'ownerGroup' appears again (first on line 1); YAML parsers keep only one of the values",
        ),
    ]
    assert loaded.documents[0].data["ownerGroup"] == "d"


@pytest.mark.parametrize("word", ["Yes", "no", "ON", "off"])
def test_yaml11_booleans_are_flagged(word: str) -> None:
    loaded = load(f"gdpr: {word}\n")
    (finding,) = loaded.findings
    assert (finding.rule_id, finding.severity, finding.span) == (
        "load/yaml11-boolean",
        Severity.WARNING,
        Span(1, 7, 1, 7 + len(word)),
    )
    assert loaded.documents[0].data["gdpr"] is (word.lower() in ("yes", "on"))


def test_yaml12_booleans_and_quoted_words_are_fine() -> None:
    assert rules("a: true\nb: False\nc: 'yes'\n") == []


def test_numeric_version_is_flagged_with_the_key() -> None:
    loaded = load("version: 4.10\napiVersion: 3\nminor: 4.1\n")
    assert [(f.rule_id, f.pointer) for f in loaded.findings] == [
        ("load/numeric-version", "/version"),
        ("load/numeric-version", "/apiVersion"),
    ]
    assert "read as the number 4.1, not the string '4.10'" in loaded.findings[0].message


def test_octal_and_base60_numbers_are_flagged() -> None:
    loaded = load("port: 010\nduration: 1:30\nplain: 10\n")
    assert [(f.rule_id, f.pointer) for f in loaded.findings] == [
        ("load/yaml11-number", "/port"),
        ("load/yaml11-number", "/duration"),
    ]
    assert loaded.documents[0].data == {"port": 8, "duration": 90, "plain": 10}


def test_template_placeholders_are_findings() -> None:
    loaded = load("id: '{{ PRODUCT_ID }}'\nowner: ${OWNER:-nobody}\nplain: 'a {b} $c'\n")
    assert [(f.rule_id, f.severity, f.line) for f in loaded.findings] == [
        ("load/template-placeholder", Severity.ERROR, 1),
        ("load/variable-placeholder", Severity.WARNING, 2),
    ]


def test_python_tags_are_never_constructed() -> None:
    loaded = load("a: !!python/object/apply:os.system ['echo hacked']\nb: !!python/name:os.system ''\nc: !Ref other\n")
    assert [f.rule_id for f in loaded.findings] == ["load/unsupported-tag"] * 3
    assert "!!python/object/apply:os.system" in loaded.findings[0].message
    assert loaded.documents[0].data == {"a": ["echo hacked"], "b": "", "c": "other"}


def test_non_finite_numbers_are_findings() -> None:
    loaded = load("a: .nan\nb: -.inf\n")
    assert [f.rule_id for f in loaded.findings] == ["load/non-json-number"] * 2
    assert loaded.documents[0].data == {"a": ".nan", "b": "-.inf"}


def test_merge_keys_follow_yaml_rules() -> None:
    loaded = load(
        """\
        base: &base {a: 1, b: 2}
        more: &more {b: 20, c: 30}
        product:
          <<: [*base, *more]
          b: 3
        """
    )
    assert loaded.findings == []
    assert loaded.documents[0].data["product"] == {"a": 1, "b": 3, "c": 30}


def test_keys_keep_the_text_written() -> None:
    loaded = load("on: push\n1: one\nnull: x\n")
    assert loaded.documents[0].data == {"on": "push", "1": "one", "null": "x"}


def test_complex_key_is_a_finding() -> None:
    loaded = load("? [a, b]\n: c\n")
    assert [f.rule_id for f in loaded.findings] == ["load/complex-key"]


def test_parse_error_has_the_line() -> None:
    loaded = load("a: [1, 2\nb: 3\n")
    (finding,) = loaded.findings
    assert finding.rule_id == "load/parse-error"
    assert finding.line == 2
    assert loaded.documents == []


def test_identical_documents_are_checked_once() -> None:
    loaded = load("a: 1\n---\na: 1\n")
    assert len(loaded.documents) == 1
    (finding,) = loaded.findings
    assert (finding.rule_id, finding.severity, finding.document, finding.line) == (
        "load/repeated-document",
        Severity.WARNING,
        2,
        3,
    )


def test_distinct_documents_are_each_checked() -> None:
    loaded = load("a: 1\n---\na: 2\n")
    assert [d.index for d in loaded.documents] == [1, 2]
    assert [(f.rule_id, f.severity, f.document) for f in loaded.findings] == [("load/multi-document", Severity.INFO, 2)]


def test_alias_bomb_stops_with_a_finding() -> None:
    lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    for level in range(1, 9):
        refs = ", ".join([f"*{chr(96 + level)}"] * 10)
        lines.append(f"{chr(97 + level)}: &{chr(97 + level)} [{refs}]")
    loaded = load("\n".join(lines) + "\n")
    assert loaded.documents == []
    (finding,) = loaded.findings
    assert finding.rule_id == "load/alias-limit"
    assert "billion laughs" in finding.message


def test_modest_aliases_are_fine() -> None:
    loaded = load("a: &a {x: 1}\nb: *a\nc: *a\n")
    assert loaded.findings == []
    assert loaded.documents[0].data == {"a": {"x": 1}, "b": {"x": 1}, "c": {"x": 1}}


@pytest.mark.parametrize("depth", [65, 10_000, 200_000])
def test_deep_nesting_is_refused_without_crashing(depth: int) -> None:
    loaded = load("[" * depth + "]" * depth)
    assert loaded.documents == []
    (finding,) = loaded.findings
    assert finding.rule_id == "load/too-deep"


# libyaml 0.2.6 (PyYAML 6.0.4) stops nesting past 1000 levels itself; meshgate
# stops it past 64. Either way the finding is the same, at the 65th level.
LIBYAML_MAX_DEPTH = 1000


def _flow(depth: int) -> str:
    return "[" * depth + "]" * depth


def _block_sequence(depth: int) -> str:
    return "- " * depth + "x\n"


def _too_deep_findings(text: str) -> list[tuple[str, str, int, int, str]]:
    return [(f.rule_id, f.message, f.line, f.column, f.remediation) for f in load(text).findings]


TOO_DEEP = ("load/too-deep", "values nest more than 64 levels deep")
FLATTEN = "Flatten the document; descriptors never need this much nesting."


@pytest.mark.parametrize(
    "depth",
    [
        Limits().max_depth + 1,  # just over meshgate's limit
        LIBYAML_MAX_DEPTH - 1,
        LIBYAML_MAX_DEPTH,  # just under libyaml's own limit: meshgate's depth check stops it
        LIBYAML_MAX_DEPTH + 1,  # just over: libyaml stops it, before the document is composed
        10_000,  # above the pre-scan threshold: libyaml stops the pre-scan
    ],
)
def test_too_deep_flow_is_the_same_finding_whichever_layer_stops_it(depth: int) -> None:
    assert _too_deep_findings(_flow(depth)) == [(*TOO_DEEP, 1, 65, FLATTEN)]


@pytest.mark.parametrize("depth", [Limits().max_depth + 1, LIBYAML_MAX_DEPTH - 1, LIBYAML_MAX_DEPTH, 5_000])
def test_too_deep_block_sequence_is_the_same_finding_whichever_layer_stops_it(depth: int) -> None:
    # Level 65 is the 65th '- ', at column 2 * 64 + 1.
    assert _too_deep_findings(_block_sequence(depth)) == [(*TOO_DEEP, 1, 129, FLATTEN)]


def test_libyaml_stops_nesting_where_these_tests_assume() -> None:
    """The boundary tests above straddle libyaml's own limit; this checks it is where they say."""
    import yaml

    from meshgate.load.yamlsource import _LIBYAML_TOO_DEEP

    list(yaml.parse(_flow(LIBYAML_MAX_DEPTH), Loader=yaml.CSafeLoader))
    with pytest.raises(yaml.MarkedYAMLError) as caught:
        list(yaml.parse(_flow(LIBYAML_MAX_DEPTH + 1), Loader=yaml.CSafeLoader))
    assert caught.value.problem == _LIBYAML_TOO_DEEP
    with pytest.raises(yaml.MarkedYAMLError) as caught:
        list(yaml.parse(_block_sequence(LIBYAML_MAX_DEPTH), Loader=yaml.CSafeLoader))
    assert caught.value.problem == _LIBYAML_TOO_DEEP


def test_other_libyaml_errors_stay_parse_errors() -> None:
    (finding,) = load("a: [1, 2\n").findings
    assert finding.rule_id == "load/parse-error"


def test_nesting_up_to_the_limit_loads() -> None:
    depth = Limits().max_depth
    loaded = load("[" * depth + "]" * depth)
    assert loaded.findings == []
