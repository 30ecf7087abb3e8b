"""The plain-shape shortcut and inlined references give jsonschema's own verdicts, error for error.

Every example, fixture and corpus file is compared with stock jsonschema, and
our own files also after breaking them one place at a time: a value of the
wrong type, an unexpected property, a missing one.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from jsonschema.protocols import Validator
from jsonschema.validators import validator_for

from conftest import CORPUS, EXAMPLES, REPO
from meshgate.limits import Limits
from meshgate.load.files import load_file
from meshgate.model import pointer as jp
from meshgate.schema.validate import SchemaSet
from meshgate.specs.detect import detect

SCHEMAS = SchemaSet()
_SUFFIXES = {".yaml", ".yml", ".json"}
# A value of another type for each JSON type, to break leaves one at a time.
_OTHER: dict[type, Any] = {str: 12345, int: "twelve", float: "1.5", bool: "yes", type(None): ["x"]}
_MUTATED_LEAVES = 40


def _descriptors(root: Path) -> list[Path]:
    return sorted(path for path in root.rglob("*") if path.suffix in _SUFFIXES) if root.is_dir() else []


FILES = [
    *_descriptors(EXAMPLES),
    *_descriptors(REPO / "tests" / "fixtures"),
    *_descriptors(CORPUS),
]


def _stock(spec: str, version: str) -> Validator:
    schema = json.loads(SCHEMAS.path(spec, version).read_text(encoding="utf-8"))
    cls = validator_for(schema)
    validator: Validator = cls(schema, format_checker=cls.FORMAT_CHECKER)
    return validator


def _errors(validator: Validator, instance: Any) -> list[tuple[str, str, str]]:
    return sorted(
        (jp.from_parts(error.absolute_path), str(error.validator), error.message)
        for error in validator.iter_errors(instance)
    )


def _leaves(node: Any, path: tuple[str | int, ...] = ()) -> Iterator[tuple[str | int, ...]]:
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _leaves(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _leaves(value, (*path, index))
    elif path:
        yield path


def _mappings(node: Any, path: tuple[str | int, ...] = ()) -> Iterator[tuple[str | int, ...]]:
    if isinstance(node, dict):
        yield path
        for key, value in node.items():
            yield from _mappings(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _mappings(value, (*path, index))


_REMOVED = object()


def _replaced(node: Any, path: tuple[str | int, ...], value: Any) -> Any:
    if not path:
        return value
    head, rest = path[0], path[1:]
    if isinstance(node, dict):
        if not rest:
            return (
                {key: item for key, item in node.items() if key != head} if value is _REMOVED else {**node, head: value}
            )
        return {**node, str(head): _replaced(node[head], rest, value)}
    copy = list(node)
    copy[int(head)] = _replaced(node[int(head)], rest, value)
    return copy


@pytest.mark.parametrize("path", FILES, ids=lambda path: str(path.relative_to(REPO.parent)))
def test_same_errors_as_stock_jsonschema(path: Path) -> None:
    loaded = load_file(path, str(path), Limits())
    for document in loaded.documents:
        detection, _ = detect(document)
        if detection is None or detection.version is None or not SCHEMAS.has(detection.spec.name, detection.version):
            continue
        fast = SCHEMAS.validator(detection.spec.name, detection.version)
        stock = _stock(detection.spec.name, detection.version)
        instance = jp.resolve(document.data, detection.root)
        assert _errors(fast, instance) == _errors(stock, instance)
        if CORPUS in path.parents:
            continue  # mutating every corpus file would take minutes; our own files cover each spec
        for leaf in list(_leaves(instance))[:_MUTATED_LEAVES]:
            current = jp.resolve(instance, jp.from_parts(leaf))
            broken = _replaced(instance, leaf, _OTHER[type(current)])
            assert _errors(fast, broken) == _errors(stock, broken), leaf
        for mapping in list(_mappings(instance))[:_MUTATED_LEAVES]:
            members = jp.resolve(instance, jp.from_parts(mapping))
            extended = _replaced(instance, (*mapping, "zzUnexpected"), "x")
            assert _errors(fast, extended) == _errors(stock, extended), mapping
            for key in list(members)[:3]:
                shortened = _replaced(instance, (*mapping, key), _REMOVED)
                assert _errors(fast, shortened) == _errors(stock, shortened), (*mapping, key)
