from __future__ import annotations

import json
import textwrap
from pathlib import Path
from typing import Any

import pytest

from meshgate.errors import PolicyError
from meshgate.evaluate.engines import EngineFailure, Evaluator, engine
from meshgate.evaluate.policies import load_policies
from meshgate.evaluate.runtime import EntryPoint, runtime_module


def engine_for(tmp_path: Path, text: str, name: str = "p.rego") -> Evaluator:
    (tmp_path / name).write_text(textwrap.dedent(text), encoding="utf-8")
    return engine("regorus").compile(load_policies([tmp_path], builtin=False))


def answer(evaluator: Evaluator, **document: Any) -> Any:
    base = {
        "descriptor": {},
        "product": {"ports": []},
        "spec": {"name": "bitol-odps"},
        "context": {"environment": None},
    }
    (found,) = evaluator.evaluate(EntryPoint.DOCUMENT, [json.dumps({**base, **document})])
    return found


def evaluate(evaluator: Evaluator, **document: Any) -> dict[str, Any]:
    found = answer(evaluator, **document)
    assert not isinstance(found, EngineFailure), found
    return dict(found)


def test_results_are_keyed_by_policy_and_rule(tmp_path: Path) -> None:
    engine = engine_for(
        tmp_path,
        """\
        package meshgate.a.b

        import rego.v1

        deny contains {"msg": "bad", "path": "/x"} if input.descriptor.x == 1

        warn_style contains "soft" if input.descriptor.x == 1
        """,
    )
    assert evaluate(engine, descriptor={"x": 1}) == {
        "a/b": {"deny": [{"msg": "bad", "path": "/x"}], "warn_style": ["soft"]}
    }
    assert evaluate(engine, descriptor={"x": 2}) == {"a/b": {"deny": [], "warn_style": []}}


def test_scope_limits_where_a_policy_runs(tmp_path: Path) -> None:
    engine = engine_for(
        tmp_path,
        """\
        # METADATA
        # custom:
        #   scope:
        #     specs: [witboost-dps]
        #     environments: [production]
        package meshgate.a.b

        import rego.v1

        deny contains "always" if true
        """,
    )
    assert evaluate(engine, spec={"name": "witboost-dps"}, context={"environment": "production"})["a/b"] == {
        "deny": ["always"]
    }
    assert evaluate(engine, spec={"name": "bitol-odps"}, context={"environment": "production"}).get("a/b", {}) == {}
    assert evaluate(engine, spec={"name": "witboost-dps"}, context={"environment": "dev"}).get("a/b", {}) == {}


def test_runtime_module_quotes_unusual_package_names() -> None:
    (policy,) = [p for p in load_policies([]).policies if p.id == "ownership/owner-required"]
    text = runtime_module((policy,))
    assert 'document["ownership/owner-required"]["deny"] := data.meshgate.ownership.owner_required.deny' in text


def test_syntax_error_names_file_and_line(tmp_path: Path) -> None:
    with pytest.raises(PolicyError) as caught:
        engine_for(tmp_path, "package meshgate.a.b\n\nimport rego.v1\n\ndeny contains x if {\n  x :=\n}\n")
    assert caught.value.file is not None
    assert caught.value.file.endswith("p.rego")
    assert caught.value.line == 6


def test_unsafe_variable_is_found_before_any_document(tmp_path: Path) -> None:
    with pytest.raises(PolicyError, match="unsafe") as caught:
        engine_for(tmp_path, "package meshgate.a.b\n\nimport rego.v1\n\ndeny contains x if {\n  y == 1\n  x := 2\n}\n")
    assert caught.value.line == 6


def test_runtime_error_on_one_input_is_answered_with_the_policy_line(tmp_path: Path) -> None:
    evaluator = engine_for(
        tmp_path, "package meshgate.a.b\n\nimport rego.v1\n\ndeny contains x if {\n  x := 10 / input.descriptor.n\n}\n"
    )
    failure = answer(evaluator, descriptor={"n": 0})
    assert isinstance(failure, EngineFailure)
    assert "divide by zero" in failure.message
    assert (failure.line, failure.file is not None and failure.file.endswith("p.rego")) == (6, True)
    # The next input is evaluated as usual.
    assert evaluate(evaluator, descriptor={"n": 5}) == {"a/b": {"deny": [2]}}


def test_an_input_the_engine_rejects_is_a_failure_not_a_crash(tmp_path: Path) -> None:
    evaluator = engine_for(tmp_path, "package meshgate.a.b\n\nimport rego.v1\n\ndeny contains 1 if false\n")
    (failure,) = evaluator.evaluate(EntryPoint.DOCUMENT, ['{"descriptor": 1e400}'])
    assert isinstance(failure, EngineFailure)


def test_policies_answer_the_entry_point_of_their_package(tmp_path: Path) -> None:
    evaluator = engine_for(
        tmp_path,
        """\
        package meshgate.mesh.unique

        import rego.v1

        deny contains {"msg": "twice", "product": 1} if count(input.products) > 1
        """,
    )
    assert evaluate(evaluator) == {}
    (mesh,) = evaluator.evaluate(EntryPoint.MESH, [json.dumps({"products": [{}, {}], "documents": [], "context": {}})])
    assert mesh == {"mesh/unique": {"deny": [{"msg": "twice", "product": 1}]}}


def test_rego_v0_syntax_is_refused(tmp_path: Path) -> None:
    with pytest.raises(PolicyError, match="if"):
        engine_for(tmp_path, 'package main\n\ndeny[msg] {\n  msg := "x"\n}\n')
