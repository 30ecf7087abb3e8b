"""Hypothesis profiles and strategies of the property-based tests (tests/test_fuzz_*.py).

The normal suite runs the ``suite`` profile: few examples, a bounded time.
A developer starts a longer search by hand:

    HYPOTHESIS_PROFILE=long .venv/bin/pytest tests/test_fuzz_*.py

and a failing example is printed with the ``@reproduce_failure`` line that replays it.
"""

from __future__ import annotations

import json
import os

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from conftest import EXAMPLES

_QUIET = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much]
settings.register_profile("suite", max_examples=50, deadline=None, suppress_health_check=_QUIET, print_blob=True)
settings.register_profile("long", max_examples=3_000, deadline=None, suppress_health_check=_QUIET, print_blob=True)
PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "suite")
settings.load_profile(PROFILE)

# Scalars that broke meshgate once (issue 8) or are YAML's corner cases.
HOSTILE_SCALARS = (
    "!!int ''",
    "!!int 0x",
    "!!int 0b2",
    "!!int abc",
    "!!int 1:domain",
    "!<tag:yaml.org,2002:int> 0.0.1",
    "!!bool maybe",
    "!!float .",
    "!!float ''",
    "!!float urn:x",
    "!!str 1",
    "!!null x",
    "!!binary x",
    "!!timestamp 2020-13-45",
    "!!python/object:os.system x",
    "!custom x",
    "1e400",
    "-1e400",
    ".inf",
    "-.inf",
    ".nan",
    "9" * 4_400,
    "0x" + "f" * 5_000,
    "1" + "0" * 400,
    "0o17",
    "017",
    "1_000",
    "1:30:00",
    "+.5",
    "0b1",
    "Yes",
    "off",
    "~",
    "null",
    "PT05H",
    '"1h 05m"',
    '"099.9%"',
    '"\\e]0;title\\a"',
    '"\\u202e"',
    '"\\x00"',
    '"{{ owner }}"',
    '"${OWNER}"',
    "'unclosed",
    "[",
    "{a: [1, {b: 2}]}",
    "&anchor x",
    "*anchor",
    "*missing",
    "2001-12-14t21:59:43.10-05:00",
    "|\n  block",
    "",
)

_EXAMPLE_TEXTS = tuple(
    path.read_bytes() for path in sorted(EXAMPLES.rglob("*")) if path.suffix in (".yaml", ".yml", ".json")
)

plain_text = st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=40)


@st.composite
def mutated_example(draw: st.DrawFn) -> bytes:
    """An example descriptor with a few edits of the kinds the mutation fuzzer made."""
    raw = draw(st.sampled_from(_EXAMPLE_TEXTS))
    for _ in range(draw(st.integers(1, 4))):
        lines = raw.split(b"\n")
        index = draw(st.integers(0, len(lines) - 1))
        line = lines[index]
        edit = draw(st.sampled_from(["value", "insert", "truncate", "flip", "delete", "indent"]))
        if edit == "value" and b":" in line:
            scalar = draw(st.sampled_from(HOSTILE_SCALARS) | plain_text.map(json.dumps))
            lines[index] = line.split(b":", 1)[0] + b": " + scalar.encode("utf-8", "surrogatepass")
        elif edit == "insert":
            scalar = draw(st.sampled_from(HOSTILE_SCALARS))
            lines.insert(index, b" " * draw(st.integers(0, 6)) + b"key: " + scalar.encode())
        elif edit == "truncate":
            lines = lines[: index + 1]
            lines[-1] = line[: draw(st.integers(0, len(line)))]
        elif edit == "flip" and line:
            position = draw(st.integers(0, len(line) - 1))
            lines[index] = line[:position] + bytes([draw(st.integers(0, 255))]) + line[position + 1 :]
        elif edit == "delete":
            del lines[index]
        elif edit == "indent":
            lines[index] = b" " * draw(st.integers(1, 3)) + line
        raw = b"\n".join(lines)
    return raw


def _flow(node: object) -> str:
    if isinstance(node, list):
        return "[" + ", ".join(_flow(item) for item in node) + "]"
    if isinstance(node, dict):
        return "{" + ", ".join(f"{json.dumps(key)}: {_flow(value)}" for key, value in node.items()) + "}"
    return str(node)


def _block(node: object, indent: int = 0) -> str:
    pad = " " * indent
    if isinstance(node, dict) and node:
        return "".join(f"{pad}{json.dumps(key)}:\n{_block(value, indent + 2)}" for key, value in node.items())
    if isinstance(node, list) and node:
        return "".join(f"{pad}-\n{_block(item, indent + 2)}" for item in node)
    return f"{pad}{_flow(node)}\n"


yaml_scalars = st.sampled_from(HOSTILE_SCALARS).filter(lambda s: "\n" not in s and s not in ("[", "'unclosed")) | (
    plain_text.map(json.dumps)
)
yaml_trees = st.recursive(
    yaml_scalars,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(plain_text, children, max_size=4),
    max_leaves=20,
)


@st.composite
def yaml_documents(draw: st.DrawFn) -> bytes:
    """YAML text of a generated tree (block or flow style), possibly several documents, anchors and tags."""
    parts = []
    for _ in range(draw(st.integers(1, 3))):
        tree = draw(yaml_trees)
        text = _block(tree) if draw(st.booleans()) else _flow(tree) + "\n"
        if draw(st.booleans()):
            text = "---\n" + text
        parts.append(text)
    return "".join(parts).encode("utf-8", "surrogatepass")


def _json_token(node: object) -> str:
    if isinstance(node, list):
        return "[" + ",".join(_json_token(item) for item in node) + "]"
    if isinstance(node, dict):
        return "{" + ",\n".join(f"{json.dumps(key)}: {_json_token(value)}" for key, value in node.items()) + "}"
    return str(node)


json_scalars = st.sampled_from(
    ["1e400", "-1e400", "1" + "0" * 400, "9" * 4_400, "NaN", "Infinity", '"\\ud800"', '"a\\udc00b"', "0", "1.5", "true"]
) | st.text(max_size=20).map(json.dumps)
json_trees = st.recursive(
    json_scalars,
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(
            st.sampled_from(["id", "name", "\\ud800", "kind", "x"]) | st.text(max_size=8), children, max_size=4
        )
    ),
    max_leaves=20,
)


@st.composite
def json_documents(draw: st.DrawFn) -> bytes:
    """JSON text (a descriptor-like object) holding numbers and escapes that broke meshgate once."""
    tree = draw(json_trees)
    head = draw(
        st.sampled_from(['"dataProductDescriptor": "1.0.0"', '"apiVersion": "v1.0.0", "kind": "DataProduct"', '"x": 1'])
    )
    return ("{" + head + ",\n" + '"body": ' + _json_token(tree) + "}").encode("utf-8", "surrogatepass")
