"""Issue 8, the newcomer's path: what a new user meets following the README, and messages to act on."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from conftest import EXAMPLES, REPO, RunCli

ODPS = EXAMPLES / "inventory" / "stock-levels.odps.yaml"
CLEAN_ODPS = """\
apiVersion: v1.0.0
kind: DataProduct
id: clean-product
name: clean
status: active
"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "finance").mkdir()
    shutil.copy(ODPS, tmp_path / "finance" / "ledger.odps.yaml")
    shutil.copy(ODPS, tmp_path / "stock.odps.yaml")
    return tmp_path


def _files(result_stdout: str) -> list[str]:
    return sorted(json.loads(result_stdout)["files"])


def test_write_baseline_does_not_say_failed(run_cli: RunCli, project: Path) -> None:
    result = run_cli("validate", "--write-baseline", "b.json", "stock.odps.yaml", cwd=project)
    assert result.returncode == 0, result.stderr
    summary = result.stdout.splitlines()[-1]
    assert "failed" not in summary.replace("the run fails", "")
    assert "recorded in the baseline b.json, gate not applied (without it the run fails, fail-on: error)" in summary
    assert "wrote" in result.stderr


def test_test_command_without_tests_says_why(run_cli: RunCli, tmp_path: Path) -> None:
    (tmp_path / "policies").mkdir()
    (tmp_path / "policies" / "p.rego").write_text("package acme.p\n\nimport rego.v1\n\nallow if true\n")
    result = run_cli("test", "policies", cwd=tmp_path)
    assert result.returncode == 1
    assert "no tests found in policies: no rule named test_*" in result.stderr


def test_parse_a_document_the_file_does_not_have(run_cli: RunCli, tmp_path: Path) -> None:
    (tmp_path / "one.yaml").write_text(CLEAN_ODPS)
    result = run_cli("parse", "-n", "2", "one.yaml", cwd=tmp_path)
    assert result.returncode == 1
    assert "one.yaml has 1 document, so there is no document 2" in result.stderr
    assert "hint: Use --document 1." in result.stderr


def test_exclude_a_directory_name(run_cli: RunCli, project: Path) -> None:
    result = run_cli("validate", ".", "--exclude", "finance", "-f", "json", "--fail-on", "never", cwd=project)
    assert result.returncode == 0, result.stderr
    assert _files(result.stdout) == ["stock.odps.yaml"]


def test_a_broad_pattern_does_not_check_the_configuration(run_cli: RunCli, project: Path) -> None:
    (project / "meshgate.yaml").write_text("fail-on: never\n")
    (project / ".meshgate.yml").write_text("fail-on: never\n")
    result = run_cli("validate", ".", "--pattern", "*.yaml", "--pattern", "*.yml", "-f", "json", cwd=project)
    assert result.returncode == 0, result.stderr
    assert _files(result.stdout) == ["finance/ledger.odps.yaml", "stock.odps.yaml"]


@pytest.mark.parametrize("configured", [False, True])
def test_named_files_that_are_excluded_are_skipped_quietly(run_cli: RunCli, project: Path, configured: bool) -> None:
    args = ["validate", "finance/ledger.odps.yaml"]
    if configured:
        (project / "meshgate.yaml").write_text("exclude: [finance]\n")
    else:
        args += ["--exclude", "**/finance/**", "--exclude", "finance"]
    result = run_cli(*args, cwd=project)
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    assert "nothing to check: every file named matches an exclude pattern" in result.stderr
    # A named file that is not excluded is still checked beside it.
    both = run_cli(*args, "stock.odps.yaml", "-f", "json", "--fail-on", "never", cwd=project)
    assert _files(both.stdout) == ["stock.odps.yaml"]


def test_exclude_behaviour_is_the_same_in_readme_and_help(run_cli: RunCli) -> None:
    readme = " ".join((REPO / "README.md").read_text(encoding="utf-8").split())
    assert "skipped quietly" in readme
    assert "exits 0" in readme
    assert "always checked" not in readme
    help_text = " ".join(run_cli("validate", "--help").stdout.split())
    assert "named files too: a run left with nothing to check passes" in help_text


@pytest.mark.parametrize("size", ["0", "0KB", "0.0001"])
def test_max_file_size_zero_is_refused(run_cli: RunCli, size: str) -> None:
    result = run_cli("validate", "--max-file-size", size, str(ODPS))
    assert result.returncode == 2
    assert "out of range" in result.stderr


def test_environment_names_are_case_insensitive(run_cli: RunCli, tmp_path: Path) -> None:
    policies = tmp_path / "policies"
    policies.mkdir()
    (policies / "prod.rego").write_text(
        "# METADATA\n# title: Production only\n# custom:\n#   id: acme/prod-only\n#   severity: error\n"
        "#   scope:\n#     environments: [Production]\n"
        "package acme.prod\n\nimport rego.v1\n\n"
        'deny contains {"msg": "production run"} if true\n'
    )
    (tmp_path / "p.odps.yaml").write_text(CLEAN_ODPS)
    for environment, expected in (("production", True), ("PRODUCTION", True), ("staging", False)):
        result = run_cli(
            "validate",
            "p.odps.yaml",
            "-p",
            "policies",
            "--no-builtin-policies",
            "-e",
            environment,
            "-f",
            "json",
            cwd=tmp_path,
        )
        rules = {finding["rule_id"] for finding in json.loads(result.stdout)["findings"]}
        assert ("acme/prod-only" in rules) is expected, (environment, result.stderr)


@pytest.mark.parametrize(("args", "env"), [(("--color",), {}), ((), {"FORCE_COLOR": "1", "NO_COLOR": ""})])
def test_color_reaches_a_pipe(run_cli_process: RunCli, args: tuple[str, ...], env: dict[str, str]) -> None:
    result = run_cli_process("validate", *args, str(ODPS), env=env)
    assert "\x1b[" in result.stdout


def _with_stdin(monkeypatch: pytest.MonkeyPatch, data: bytes) -> None:
    import io
    import sys

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))


@pytest.mark.parametrize(("name", "shown"), [((), "<stdin>"), (("--stdin-filename", "products/p.odps.yaml"), None)])
def test_validate_reads_standard_input(
    run_cli: RunCli, monkeypatch: pytest.MonkeyPatch, name: tuple[str, ...], shown: str | None
) -> None:
    _with_stdin(monkeypatch, ODPS.read_bytes())
    result = run_cli("validate", "-", *name, "-f", "json")
    assert result.returncode == 1, result.stderr
    report = json.loads(result.stdout)
    assert report["files"] == [shown or name[1]]
    assert {finding["file"] for finding in report["findings"]} == {shown or name[1]}
    assert any("[load/duplicate-key]" in finding["message"] and finding["line"] == 24 for finding in report["findings"])


def test_standard_input_garbage_is_a_finding_with_its_line(run_cli: RunCli, monkeypatch: pytest.MonkeyPatch) -> None:
    _with_stdin(monkeypatch, b'{"a": [\n\x00\xff')
    result = run_cli("validate", "-", "--stdin-filename", "x.json")
    assert result.returncode == 1
    assert result.stdout.startswith("x.json:")


def test_standard_input_takes_the_name_for_excludes(run_cli: RunCli, monkeypatch: pytest.MonkeyPatch) -> None:
    _with_stdin(monkeypatch, ODPS.read_bytes())
    result = run_cli("validate", "-", "--stdin-filename", "finance/x.odps.yaml", "--exclude", "finance")
    assert result.returncode == 0
    assert "nothing to check" in result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("validate", str(ODPS), "--stdin-filename", "x.yaml"), "but no path is -"),
        (("validate", "-", "--stdin-filename", "\x1b]0;title\x07"), "is not a file name findings can carry"),
        (("validate", "-", "--stdin-filename", " "), "is not a file name findings can carry"),
    ],
)
def test_stdin_filename_garbage_is_a_usage_error(
    run_cli: RunCli, monkeypatch: pytest.MonkeyPatch, args: tuple[str, ...], message: str
) -> None:
    _with_stdin(monkeypatch, b"a: 1\n")
    result = run_cli(*args)
    assert result.returncode == 2
    assert message in result.stderr


def test_the_builtin_library_named_with_policies_is_loaded_once(run_cli: RunCli, tmp_path: Path) -> None:
    from meshgate.resources import policies_dir

    (tmp_path / "library").symlink_to(policies_dir(), target_is_directory=True)
    shutil.copy(ODPS, tmp_path / "p.odps.yaml")
    for directory in (str(policies_dir()), "library"):
        result = run_cli("validate", "p.odps.yaml", "-p", directory, cwd=tmp_path)
        assert result.returncode == 1, result.stderr
        assert "against 32 policies" in result.stdout  # the document and mesh policies, once


def test_a_copy_of_the_builtin_library_suggests_no_builtin_policies(run_cli: RunCli, tmp_path: Path) -> None:
    from meshgate.resources import policies_dir

    shutil.copytree(policies_dir(), tmp_path / "policies")
    shutil.copy(ODPS, tmp_path / "p.odps.yaml")
    result = run_cli("validate", "p.odps.yaml", "-p", "policies", cwd=tmp_path)
    assert result.returncode == 2
    first = result.stderr.splitlines()[0]
    named = first[first.index("(") + 1 : first.rindex(")")].split(", ")
    assert len(set(named)) == 2, first
    assert "add --no-builtin-policies" in result.stderr
    assert run_cli("validate", "p.odps.yaml", "-p", "policies", "--no-builtin-policies", cwd=tmp_path).returncode == 1


@pytest.mark.parametrize(
    ("config", "pointer"),
    [
        ('placeholder_patterns: ["TODO", "(unclosed"]', "/meshgate/config/placeholder_patterns/1"),
        ('owner_patterns: {bitol-odps: "(?=lookahead)"}', "/meshgate/config/owner_patterns/bitol-odps"),
        ('default_owner_pattern: "(?=lookahead)"', "/meshgate/config/default_owner_pattern"),
    ],
)
def test_a_bad_regular_expression_in_data_is_blamed_on_the_data(
    run_cli: RunCli, tmp_path: Path, config: str, pointer: str
) -> None:
    (tmp_path / "thresholds.yaml").write_text(f"# thresholds\nmeshgate:\n  config:\n    {config}\n")
    shutil.copy(ODPS, tmp_path / "p.odps.yaml")
    result = run_cli("validate", "p.odps.yaml", "-d", "thresholds.yaml", cwd=tmp_path)
    assert result.returncode == 2
    assert "thresholds.yaml:4: " in result.stderr
    assert "is not a valid regular expression" in result.stderr
    assert f"(at {pointer})" in result.stderr
    assert "Fix the policy" not in result.stderr


def test_an_unknown_format_in_the_configuration_has_file_and_line(run_cli: RunCli, tmp_path: Path) -> None:
    (tmp_path / "meshgate.yaml").write_text("# settings\nformat:\n  - text\n  - texty\n")
    shutil.copy(ODPS, tmp_path / "p.odps.yaml")
    result = run_cli("validate", "p.odps.yaml", cwd=tmp_path)
    assert result.returncode == 2
    assert f"{tmp_path / 'meshgate.yaml'}:4: unknown format 'texty' (at /format/1)" in result.stderr
    # On the command line, the option is named instead.
    assert "--format: unknown format 'jsn'" in run_cli("validate", "p.odps.yaml", "-f", "jsn", cwd=tmp_path).stderr


@pytest.mark.parametrize(
    ("file", "text", "args"),
    [
        ("meshgate.yaml", "fail-on: sometimes\n", ()),
        ("meshgate.yaml", "jobs: many\n", ()),
        ("d.yaml", "meshgate:\n  config:\n    availability_minimum_percent: high\n", ("-d", "d.yaml")),
    ],
)
def test_schema_hints_name_a_file_that_exists(
    run_cli: RunCli, tmp_path: Path, file: str, text: str, args: tuple[str, ...]
) -> None:
    import re

    (tmp_path / file).write_text(text)
    shutil.copy(ODPS, tmp_path / "p.odps.yaml")
    result = run_cli("validate", "p.odps.yaml", *args, cwd=tmp_path)
    assert result.returncode == 2
    named = re.search(r"See (\S+\.schema\.json)\.", result.stderr)
    assert named is not None, result.stderr
    assert Path(named.group(1)).is_absolute()
    assert Path(named.group(1)).is_file()


def _default_patterns_tool() -> object:
    import importlib.util

    spec = importlib.util.spec_from_file_location("default_patterns", REPO / "tools" / "default_patterns.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_help_readme_and_precommit_hook_list_the_same_default_names(run_cli: RunCli) -> None:
    import yaml

    from meshgate.discover import DEFAULT_PATTERNS, describe_patterns, precommit_files_regex

    tool: object = _default_patterns_tool()
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert tool.readme_text(readme) == readme, "README is out of date: run python tools/default_patterns.py"  # type: ignore[attr-defined]
    hooks = (REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    assert tool.hooks_text(hooks) == hooks, "the hook is out of date: run python tools/default_patterns.py"  # type: ignore[attr-defined]
    hook = next(item for item in yaml.safe_load(hooks) if item["id"] == "meshgate-validate")
    assert hook["files"] == precommit_files_regex(DEFAULT_PATTERNS)
    help_text = " ".join(run_cli("validate", "--help").stdout.split())
    assert describe_patterns(DEFAULT_PATTERNS) in help_text


def test_the_precommit_regex_accepts_exactly_what_discovery_finds(tmp_path: Path) -> None:
    import re

    import yaml

    from meshgate.discover import DEFAULT_PATTERNS, discover

    hook = next(
        item
        for item in yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
        if item["id"] == "meshgate-validate"
    )
    files = re.compile(hook["files"])
    names = {pattern.replace("*", "orders") for pattern in DEFAULT_PATTERNS}
    names |= {name.upper() for name in names}
    stems = ("datacontract", "data-product", "dataproduct", "x.dataproduct", "x.datacontract", "x.dpd", "x.odps")
    names |= {f"{stem}.{extension}" for stem in stems for extension in ("json", "yaml", "yml", "txt")}
    names |= {"meshgate.yaml", "odps.yaml", "x.odps.yaml.bak", "my-data-product.yaml"}
    for name in sorted(names):
        (tmp_path / "repo" / "sub").mkdir(parents=True, exist_ok=True)
        (tmp_path / "repo" / "sub" / name).write_text("a: 1\n")
    found = {target.path.name for target in discover([tmp_path / "repo"])}
    accepted = {name for name in names if files.search(f"sub/{name}")}
    assert found
    assert accepted == found


CONFIGURED = """\
specs:
  - files: ["legacy/*.yaml"]
    spec: bitol-odps
    version: v1.0.0
"""
LEGACY_CLEAN = """\
id: legacy-orders
name: orders
status: active
domain: sales
team:
  name: sales-team
  members:
    - username: pat@example.com
      role: owner
support:
  - channel: sales-help
    url: https://example.com/help
"""


def test_spec_override_globs_are_searched(run_cli: RunCli, tmp_path: Path) -> None:
    (tmp_path / "meshgate.yaml").write_text(CONFIGURED)
    (tmp_path / "legacy").mkdir()
    (tmp_path / "legacy" / "orders.yaml").write_text(LEGACY_CLEAN)
    (tmp_path / "legacy" / "notes.txt").write_text("not a descriptor\n")
    result = run_cli("validate", "-f", "json", "--fail-on", "never", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["files"] == ["legacy/orders.yaml"]
    assert [(d["spec"], d["spec_version"]) for d in report["documents"]] == [("bitol-odps", "v1.0.0")]


def test_a_clean_overridden_file_passes_under_fail_on_info(run_cli: RunCli, tmp_path: Path) -> None:
    (tmp_path / "meshgate.yaml").write_text(CONFIGURED)
    (tmp_path / "legacy").mkdir()
    (tmp_path / "legacy" / "orders.yaml").write_text(LEGACY_CLEAN)
    # The fragment declares no output port, which mesh/output-port-required would warn about.
    result = run_cli(
        "validate",
        "legacy/orders.yaml",
        "--fail-on",
        "info",
        "-f",
        "json",
        "--skip-policy",
        "mesh/output-port-required",
        cwd=tmp_path,
    )
    findings = json.loads(result.stdout)["findings"]
    # No finding about the configured spec, none requiring apiVersion or kind the configuration supplies.
    assert not [f for f in findings if f["rule_id"].startswith("detect/") or f["rule_id"] == "schema/required"]
    assert result.returncode == 0, [f["rule_id"] for f in findings]


def test_an_overridden_file_with_a_wrong_kind_is_still_reported(run_cli: RunCli, tmp_path: Path) -> None:
    (tmp_path / "meshgate.yaml").write_text(CONFIGURED)
    (tmp_path / "legacy").mkdir()
    (tmp_path / "legacy" / "orders.yaml").write_text("kind: Dataproduct\n" + LEGACY_CLEAN)
    result = run_cli("validate", "legacy/orders.yaml", "-f", "json", cwd=tmp_path)
    assert result.returncode == 1
    assert any(f["pointer"] == "/kind" and f["line"] == 1 for f in json.loads(result.stdout)["findings"])


@pytest.mark.parametrize(
    ("text", "line", "column"),
    [
        ("apiVersion: v1.0.0\nkind: DataProduct\nid: x\nteam:\n\tname: a\n", 5, 1),
        ("apiVersion: v1.0.0\nkind: DataProduct\nteam:\n  name: a\n\tmembers: []\n", 5, 1),
        ("kind: DataProduct\nports:\n  - a\n  -\tname: b\n", 4, 4),
        ("kind: DataProduct\nteam:\n  \tname: a\n", 3, 3),
    ],
)
def test_tab_indentation_is_named(run_cli: RunCli, tmp_path: Path, text: str, line: int, column: int) -> None:
    (tmp_path / "p.odps.yaml").write_text(text)
    result = run_cli("validate", "p.odps.yaml", "-f", "json", cwd=tmp_path)
    assert result.returncode == 1
    (finding,) = json.loads(result.stdout)["findings"]
    assert (finding["line"], finding["column"]) == (line, column)
    assert f"a tab character at line {line}, column {column}" in finding["message"]
    assert "YAML indents with spaces" in finding["message"]
    assert "yamllint" not in finding["remediation"]


def test_other_syntax_errors_keep_the_parser_message(run_cli: RunCli, tmp_path: Path) -> None:
    (tmp_path / "p.odps.yaml").write_text("kind: DataProduct\nteam: [a\n")
    result = run_cli("validate", "p.odps.yaml", cwd=tmp_path)
    assert "tab" not in result.stdout
    assert "[load/parse-error]" in result.stdout


def _findings_at(run_cli: RunCli, tmp_path: Path, text: str, pointer: str) -> list[dict[str, object]]:
    (tmp_path / "p.odps.yaml").write_text(text)
    result = run_cli("validate", "p.odps.yaml", "-f", "json", cwd=tmp_path)
    return [finding for finding in json.loads(result.stdout)["findings"] if finding["pointer"] == pointer]


def test_a_numeric_version_is_one_finding(run_cli: RunCli, tmp_path: Path) -> None:
    text = "apiVersion: v1.0.0\nkind: DataProduct\nid: x\nstatus: active\nversion: 1.0\n"
    (finding,) = _findings_at(run_cli, tmp_path, text, "/version")
    assert finding["rule_id"] == "schema/type"
    assert finding["severity"] == "error"
    assert (finding["line"], finding["column"]) == (5, 10)
    assert "[load/numeric-version]" in str(finding["message"])
    assert "[lifecycle/semantic-version]" in str(finding["message"])
    assert "Quote the version: version: '1.0'" in str(finding["remediation"])
    assert "MAJOR.MINOR.PATCH" in str(finding["remediation"])


def test_a_duplicate_key_is_one_finding(run_cli: RunCli, tmp_path: Path) -> None:
    text = (
        "apiVersion: v1.0.0\nkind: DataProduct\nid: x\nstatus: active\n"
        "outputPorts:\n  - name: a\n    version: '1.0.0'\n    status: x\n    status: y\n"
    )
    (finding,) = _findings_at(run_cli, tmp_path, text, "/outputPorts/0/status")
    assert finding["line"] == 9
    assert "[load/duplicate-key]" in str(finding["message"])
    # A duplicate of an allowed key stays the one duplicate-key finding.
    text = "apiVersion: v1.0.0\nkind: DataProduct\nid: x\nstatus: active\nname: a\nname: b\n"
    (finding,) = _findings_at(run_cli, tmp_path, text, "/name")
    assert finding["rule_id"] == "load/duplicate-key"


def _dpds_with_slo(tmp_path: Path, slo: object) -> Path:
    document = json.loads((EXAMPLES / "logistics" / "data-product-descriptor.json").read_text())
    document["interfaceComponents"]["outputPorts"][0]["promises"]["slo"] = slo
    path = tmp_path / "p.dpd.json"
    path.write_text(json.dumps(document, indent=2))
    return path


def _schema_findings(run_cli: RunCli, path: Path) -> list[dict[str, object]]:
    result = run_cli("validate", path.name, "--no-builtin-policies", "-f", "json", cwd=path.parent)
    return [f for f in json.loads(result.stdout)["findings"] if str(f["rule_id"]).startswith("schema/")]


def test_a_nested_one_of_names_what_the_closest_alternative_misses(run_cli: RunCli, tmp_path: Path) -> None:
    path = _dpds_with_slo(tmp_path, {"name": "slo", "version": 1, "definitio": {}})
    (finding,) = _schema_findings(run_cli, path)
    assert finding["rule_id"] == "schema/one-of"
    assert finding["pointer"] == "/interfaceComponents/outputPorts/0/promises/slo"
    message = str(finding["message"])
    assert "1 is not of type string (at /version)" in message
    assert "'specification' is a required property" in message
    assert "'definition' is a required property" in message
    assert "This object has 'definitio': a typo?" in str(finding["remediation"])


def test_an_inline_value_is_not_compared_with_a_reference_object(run_cli: RunCli, tmp_path: Path) -> None:
    # One error against the Reference Object ('$ref' required), three against the inline definition.
    (finding,) = _schema_findings(run_cli, _dpds_with_slo(tmp_path, {"name": "slo"}))
    assert "$ref" not in str(finding["message"])
    assert "'definition' is a required property" in str(finding["message"])


@pytest.mark.parametrize("version", ["v3.0.0", "v3.0.1", "v3.0.2", "v3.1.0"])
def test_a_misspelt_column_key_gets_a_did_you_mean_in_every_odcs_version(
    run_cli: RunCli, tmp_path: Path, version: str
) -> None:
    text = (EXAMPLES / "checkout" / "orders-v1.odcs.yaml").read_text()
    text = text.replace("apiVersion: v3.1.0", f"apiVersion: {version}")
    lines = text.splitlines()
    assert lines[26].strip() == "logicalType: string"
    lines[26] = lines[26].replace("logicalType", "logicalTyp")
    (tmp_path / "o.odcs.yaml").write_text("\n".join(lines) + "\n")
    findings = _schema_findings(run_cli, tmp_path / "o.odcs.yaml")
    (finding,) = [f for f in findings if str(f["pointer"]).endswith("/logicalTyp")]
    assert str(finding["remediation"]).startswith("Did you mean 'logicalType'?")


def test_a_missing_owner_sits_in_the_nearest_block_with_the_detected_specs_fix(run_cli: RunCli, tmp_path: Path) -> None:
    document = json.loads((EXAMPLES / "logistics" / "data-product-descriptor.json").read_text())
    del document["info"]["owner"]["id"]
    (tmp_path / "p.dpd.json").write_text(json.dumps(document, indent=2))
    result = run_cli("validate", "p.dpd.json", "-f", "json", cwd=tmp_path)
    (finding,) = [f for f in json.loads(result.stdout)["findings"] if f["rule_id"] == "ownership/owner-required"]
    assert finding["pointer"] == "/info/owner/id"
    lines = (tmp_path / "p.dpd.json").read_text().splitlines()
    assert lines[finding["line"] - 1].strip().startswith('"owner"')
    assert finding["remediation"] == "Name the owner in info.owner.id."


@pytest.mark.parametrize(
    ("text", "rule", "line", "fix"),
    [
        (
            "dataContractSpecification: 1.1.0\nid: c\ninfo:\n  title: C\n  version: 1.0.0\n",
            "ownership/contact-required",
            3,
            "Add a contact: info.contact.",
        ),
        (
            "apiVersion: v1.0.0\nkind: DataProduct\nid: x\nstatus: active\nteam:\n  members: []\n",
            "ownership/owner-required",
            5,
            "Name the owning team in team.name, or add a team member whose role is owner.",
        ),
    ],
)
def test_missing_ownership_fields_name_one_spec(
    run_cli: RunCli, tmp_path: Path, text: str, rule: str, line: int, fix: str
) -> None:
    name = "c.datacontract.yaml" if text.startswith("dataContract") else "p.odps.yaml"
    (tmp_path / name).write_text(text)
    result = run_cli("validate", name, "-f", "json", cwd=tmp_path)
    (finding,) = [f for f in json.loads(result.stdout)["findings"] if f["rule_id"] == rule]
    assert (finding["line"], finding["remediation"]) == (line, fix)


def test_an_slo_fix_names_the_detected_specs_field(run_cli: RunCli) -> None:
    result = run_cli("validate", str(EXAMPLES / "marketing" / "customer-cohorts-v2.odcs.yaml"), "-f", "json")
    (finding,) = [f for f in json.loads(result.stdout)["findings"] if f["rule_id"] == "slo/availability-declared"]
    assert finding["remediation"] == "Declare availability: a slaProperties entry with property availability."


@pytest.mark.parametrize(
    ("custom", "message"),
    [
        ("remediation_by_spec: {bitol-odsp: Fix it.}", "is 'bitol-odsp', not a known name"),
        ("remediation_by_spec: [a]", "must be a mapping of spec names"),
        ("field_by_spec: {bitol-odps: info.owner}", "not a JSON pointer"),
        ("field_by_spec: {bitol-odps: 3}", "must be text"),
    ],
)
def test_by_spec_metadata_garbage_is_refused_with_file_and_line(
    run_cli: RunCli, tmp_path: Path, custom: str, message: str
) -> None:
    (tmp_path / "policies").mkdir()
    (tmp_path / "policies" / "p.rego").write_text(
        f"# METADATA\n# title: T\n# custom:\n#   severity: error\n#   {custom}\n"
        'package acme.p\n\nimport rego.v1\n\ndeny contains {"msg": "m"} if false\n'
    )
    shutil.copy(ODPS, tmp_path / "p.odps.yaml")
    result = run_cli("validate", "p.odps.yaml", "-p", "policies", cwd=tmp_path)
    assert result.returncode == 2
    assert "policies/p.rego:5" in result.stderr
    assert message in result.stderr
