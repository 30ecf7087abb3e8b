"""Parity: every shipped policy gives byte-identical findings on the embedded engine and on real OPA.

The OPA side is the real OPA v1 engine behind tests/opa_server.py, serving the
bundle ``meshgate bundle`` builds, queried over HTTP by the opa engine. What is
compared is the whole ``findings`` array of the JSON report: rule, severity,
message, file, line, column, pointer and fingerprint.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from conftest import CORPUS, EXAMPLES, REPO, TODAY, RunCli
from meshgate.evaluate import bundle
from meshgate.evaluate.policies import load_policies

if TYPE_CHECKING:
    from opa_server import OpaServer

LIBRARY = REPO / "tests" / "fixtures" / "library"
EXTRA = EXAMPLES / "policies"


def _corpus_files() -> list[str]:
    if not (CORPUS / "INDEX.json").is_file():
        return []
    return sorted(
        str(path)
        for path in CORPUS.rglob("*")
        if path.is_file()
        and path.suffix in (".yaml", ".yml", ".json")
        and path.parts[len(CORPUS.parts)] != "schemas"
        and path.name != "INDEX.json"
    )


def _findings(run_cli: RunCli, paths: list[str], extra: list[str]) -> tuple[int, str]:
    done = run_cli("validate", *paths, *extra, "--format", "json", "--today", TODAY, "--fail-on", "never")
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    return len(report["documents"]), json.dumps(report["findings"], sort_keys=True, indent=1)


SOURCES = {
    "examples": ([str(EXAMPLES)], []),
    "examples with the example organisation policies": ([str(EXAMPLES)], ["-p", str(EXTRA)]),
    "policy fixtures": (sorted(str(p) for p in LIBRARY.rglob("*") if p.is_file() and ".expected." not in p.name), []),
}


@pytest.mark.parametrize("source", list(SOURCES))
def test_findings_are_identical_on_both_engines(run_cli: RunCli, opa_server: OpaServer, source: str) -> None:
    paths, extra = SOURCES[source]
    dirs = [Path(extra[1])] if extra else []
    opa_server.state.load_bundle(bundle.build(load_policies(dirs)))
    documents, embedded = _findings(run_cli, paths, extra)
    served_documents, served = _findings(
        run_cli, paths, [*extra, "--engine", "opa", "--opa-url", opa_server.url, "--opa-mode", "bundle"]
    )
    assert documents > 0
    assert served_documents == documents
    assert served == embedded


@pytest.mark.corpus
@pytest.mark.skipif(not (CORPUS / "INDEX.json").is_file(), reason="../shared/corpus is not beside this checkout")
def test_corpus_findings_are_identical_on_both_engines(run_cli: RunCli, opa_server: OpaServer) -> None:
    opa_server.state.load_bundle(bundle.build(load_policies([])))
    paths = _corpus_files()
    documents, embedded = _findings(run_cli, paths, [])
    served_documents, served = _findings(
        run_cli, paths, ["--engine", "opa", "--opa-url", opa_server.url, "--opa-mode", "bundle"]
    )
    assert documents > 50
    assert served_documents == documents
    assert served == embedded
