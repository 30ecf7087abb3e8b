"""meshgate's own inputs fail closed: policy data, METADATA, configuration discovery, baselines.

Each mistake is exit 2 with the file and line (never a silent pass, never a
traceback). The fuzz reproducers these come from are named in the test ids.
"""

from __future__ import annotations

import json
import re
import textwrap
from pathlib import Path

import pytest

from conftest import EXAMPLES, REPO
from meshgate.cli import main
from meshgate.errors import PolicyError, UsageError
from meshgate.evaluate import policy_data
from meshgate.evaluate.policies import load_data, load_policies
from meshgate.specs import BY_NAME, CAPABILITIES

DESCRIPTOR = "data-product.yaml"


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty working directory holding one Witboost descriptor."""
    (tmp_path / DESCRIPTOR).write_text((EXAMPLES / "finance" / DESCRIPTOR).read_text(encoding="utf-8"))
    monkeypatch.chdir(tmp_path)
    return tmp_path


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err, captured.err
    return code, captured.err


# --- 1. policy data -------------------------------------------------------------------------------------------------

BAD_DATA = [
    # (id, file name, content, line, message)
    ("m38-quoted-threshold", "t.yaml", 'meshgate:\n  config:\n    availability_minimum_percent: "99.5"\n', 3, "'99.5' is not of type 'number'"),
    ("m38-domains-string", "t.yaml", "meshgate:\n  config:\n    known_domains: finance\n", 3, "'finance' is not of type 'array'"),
    ("read-only-string", "t.yaml", "meshgate:\n  config:\n    read_only_access: read\n", 3, "is not of type 'array'"),
    ("threshold-text", "t.yaml", "meshgate:\n  config:\n    availability_minimum_percent: high\n", 3, "'high' is not of type 'number'"),
    ("threshold-range", "t.yaml", "meshgate:\n  config:\n    availability_minimum_percent: 250\n", 3, "greater than the maximum"),
    ("misspelt-key", "t.yaml", "meshgate:\n  config:\n    availabilty_minimum_percent: 99\n", 3, "unknown key 'availabilty_minimum_percent'"),
    ("m07-date-unknown-key", "t.yaml", "meshgate:\n  config:\n    review_cutoff: 2024-01-01\n", 3, "unknown key 'review_cutoff'"),
    ("m11-config-number", "t.yaml", "meshgate:\n  config: 5\n", 2, "5 is not of type 'object'"),
    ("meshgate-other-key", "t.yaml", "meshgate:\n  config: {}\n  ownership: {}\n", 3, "unknown key 'ownership'"),
    ("m11-nan", "t.yaml", "meshgate:\n  config:\n    availability_minimum_percent: .nan\n", 3, "'.nan' is not a number JSON can hold"),
    ("json-infinity", "t.json", '{"meshgate": {"config":\n {"availability_minimum_percent": 1e400}}}', 2, "'1e400' is too large a number"),
    ("m08-400-digits", "t.yaml", "meshgate:\n  config:\n    availability_minimum_percent: " + "9" * 400 + "\n", 3, "(400 characters)' is too large a number"),
    ("big-int-own-namespace", "t.yaml", "acme:\n  limit: " + "9" * 30 + "\n", 2, "integer of 30 digits"),
    ("lone-surrogate", "t.json", '{"acme":\n {"name": "\\ud800"}}', 2, "lone surrogate"),
    ("m12-runtime-package", "t.yaml", "meshgate_runtime: {results: 1}\n", 1, "'meshgate_runtime' is reserved"),
    ("duplicate-key", "t.yaml", "acme: 1\nacme: 2\n", 2, "appears again"),
    ("upper-case", "t.yaml", "meshgate:\n  config:\n    read_only_access: [Read]\n", 3, "does not match"),
    ("unknown-spec", "t.yaml", "meshgate:\n  config:\n    owner_patterns:\n      bitol-odp: '^x$'\n", 4, "bitol-odp"),
    ("not-a-level", "t.yaml", "meshgate:\n  config:\n    pii_minimum_classification: private\n", 3, "'private' is not one of the classification levels"),
    ("top-level-list", "t.yaml", "- a\n", 1, "must hold a mapping at the top level, not a list"),
    ("not-yaml", "t.yaml", "a: [\n", 2, "not valid YAML or JSON"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("name", "text", "line", "message"), [case[1:] for case in BAD_DATA], ids=[c[0] for c in BAD_DATA]
)
def test_bad_data_file_names_file_and_line(tmp_path: Path, name: str, text: str, line: int, message: str) -> None:
    path = write(tmp_path / name, text)
    with pytest.raises(UsageError) as caught:
        load_data([path], REPO / "policies")
    assert f"{name}:{line}" in str(caught.value)
    assert message in str(caught.value)


def test_m10_alias_bomb_in_data_is_refused_quickly(tmp_path: Path) -> None:
    levels = ["a0: &a0 [x,x,x,x,x,x,x,x,x,x]"] + [
        f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 10)}]" for n in range(1, 8)
    ]
    path = write(tmp_path / "bomb.yaml", "\n".join([*levels, "acme: {bomb: *a7}", ""]))
    with pytest.raises(UsageError, match=r"bomb\.yaml:\d+:\d+: YAML aliases expand"):
        load_data([path], None)


def test_m09_integer_past_pythons_digit_limit(tmp_path: Path) -> None:
    path = write(tmp_path / "t.yaml", "meshgate:\n  config:\n    availability_minimum_percent: " + "9" * 5000 + "\n")
    with pytest.raises(UsageError, match=r"t\.yaml"):
        load_data([path], None)


def test_misspelt_key_suggests_the_real_one(tmp_path: Path) -> None:
    path = write(tmp_path / "t.yaml", "meshgate:\n  config:\n    known_domain: [finance]\n")
    with pytest.raises(UsageError) as caught:
        load_data([path], None)
    assert caught.value.hint is not None
    assert "Did you mean 'known_domains'?" in caught.value.hint


def test_merged_data_error_names_the_file_that_set_it(tmp_path: Path) -> None:
    levels = write(tmp_path / "levels.yaml", "meshgate:\n  config:\n    classification_levels: [open, closed]\n")
    # The levels file made the default minimum invalid: the message names it.
    with pytest.raises(UsageError, match=r"levels\.yaml:2: 'confidential' is not one of the classification levels"):
        load_data([levels], REPO / "policies")
    more = write(
        tmp_path / "more.yaml",
        "meshgate:\n  config:\n    classification_levels: [public, internal, confidential, restricted, secret, sealed]\n"
        "    pii_minimum_classification: sealed\n",
    )
    assert load_data([levels, more], REPO / "policies")["meshgate"]["config"]["pii_minimum_classification"] == "sealed"


def test_good_data_files_merge_and_other_namespaces_are_free(tmp_path: Path) -> None:
    first = write(tmp_path / "a.yaml", "meshgate:\n  config:\n    availability_minimum_percent: 99.5\nacme: {x: [1]}\n")
    second = write(tmp_path / "b.json", '\ufeff{"acme": {"y": "{{ not a placeholder here }}"}}')
    data = load_data([first, second], REPO / "policies")
    assert data["meshgate"]["config"]["availability_minimum_percent"] == 99.5
    assert data["meshgate"]["config"]["read_only_access"][0] == "read"
    assert data["acme"] == {"x": [1], "y": "{{ not a placeholder here }}"}


def test_cli_data_errors_exit_2_with_file_and_line(here: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(here / "thresholds.yaml", 'meshgate:\n  config:\n    availability_minimum_percent: "99.5"\n')
    code, err = run(capsys, "validate", DESCRIPTOR, "-d", "thresholds.yaml")
    assert code == 2
    assert "thresholds.yaml:3: '99.5' is not of type 'number' (at /meshgate/config/availability_minimum_percent)" in err
    assert "hint: Write a number, without quotes here." in err
    code, err = run(capsys, "test", "-d", "thresholds.yaml", str(here))
    assert code == 2
    assert "thresholds.yaml:3:" in err


def test_configured_data_file_is_checked(here: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(here / "meshgate.yaml", "data: [governance/limits.yaml]\n")
    write(here / "governance" / "limits.yaml", "meshgate:\n  config:\n    read_only_access: read\n")
    code, err = run(capsys, "validate", DESCRIPTOR)
    assert code == 2
    assert "governance/limits.yaml:3: 'read' is not of type 'array'" in err


def test_shipped_defaults_are_valid_against_the_schema() -> None:
    from jsonschema import Draft202012Validator

    schema = policy_data.schema()
    Draft202012Validator.check_schema(schema)
    defaults = json.loads((REPO / "policies" / "data.json").read_text(encoding="utf-8"))
    assert list(Draft202012Validator(schema).iter_errors(defaults)) == []
    # Every key the built-in policies get a default for is one the schema lists, and the other way round.
    assert sorted(defaults["meshgate"]["config"]) == sorted(policy_data.config_keys())


def test_every_schema_key_is_read_by_a_policy() -> None:
    sources = "\n".join(
        path.read_text(encoding="utf-8")
        for path in (REPO / "policies").rglob("*.rego")
        if not path.name.endswith("_test.rego")
    )
    # Built-in policies read the configuration through its cached rule, data.meshgate.lib.facts.config.
    read = r"data\.meshgate\.(?:lib\.facts\.)?config\."
    unread = [key for key in policy_data.config_keys() if not re.search(rf"{read}{key}\b", sources)]
    assert unread == [], f"the policy-data schema lists keys no built-in policy reads: {unread}"


def test_schema_spec_names_are_the_registry() -> None:
    assert sorted(policy_data.schema()["$defs"]["spec"]["enum"]) == sorted(BY_NAME)


# --- 2. METADATA -----------------------------------------------------------------------------------------------------

POLICY = """\
# METADATA
# title: Cost centre declared
# custom:
#   severity: warning
#   scope:
#     specs: [bitol-odps]
#     environments: [production]
package meshgate.acme.cost_centre

import rego.v1

warn contains "no cost centre" if not input.descriptor.costCentre
"""

BAD_METADATA = [
    # (id, replace this, with this, line, message)
    ("scope-typo", "    environments: [production]", "    enviroments: [production]", 7, "custom.scope.enviroments is not a key"),
    ("unknown-spec", "specs: [bitol-odps]", "specs: [bitol-odps, bitol-odp]", 6, "custom.scope.specs.1 is 'bitol-odp', not a known name"),
    ("unknown-capability", "    specs: [bitol-odps]", "    capabilities: [sla]", 6, "custom.scope.capabilities.0 is 'sla', not a known name"),
    ("empty-specs", "specs: [bitol-odps]", "specs: []", 6, "is an empty list"),
    ("scope-not-mapping", "#   scope:\n#     specs: [bitol-odps]\n#     environments: [production]", "#   scope: production", 5, "custom.scope must be a mapping"),
    ("unknown-top-level", "# title: Cost centre declared", "# title: Cost centre declared\n# severity: warning", 3, "METADATA severity is not a key"),
    ("unknown-custom", "#   severity: warning", "#   severity: warning\n#   remedation: x", 5, "custom.remedation is not a key"),
    ("bad-severity", "severity: warning", "severity: critical", 4, "custom.severity is 'critical'"),
    ("title-not-text", "# title: Cost centre declared", "# title: [a, b]", 2, "METADATA title must be text"),
    ("opa-scope", "# title: Cost centre declared", "# title: t\n# scope: everywhere", 3, "METADATA scope is 'everywhere'"),
    ("enforce-after", "#   severity: warning", "#   enforce_after: soon", 4, "custom.enforce_after is 'soon', not a date"),
    ("m23-bad-tag", "# title: Cost centre declared", "# title: !!int abc", 2, "is tagged !!int but is not an integer"),
    ("m35-builtin-id", "#   severity: warning", "#   id: load/parse-error", 4, "custom.id: load/parse-error is in the namespace"),
    ("duplicate-key", "#   severity: warning", "#   severity: warning\n#   severity: info", 5, "appears again"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("old", "new", "line", "message"), [case[1:] for case in BAD_METADATA], ids=[c[0] for c in BAD_METADATA]
)
def test_bad_metadata_names_the_line_of_the_key(tmp_path: Path, old: str, new: str, line: int, message: str) -> None:
    assert old in POLICY
    write(tmp_path / "acme" / "cost_centre.rego", POLICY.replace(old, new))
    with pytest.raises(PolicyError) as caught:
        load_policies([tmp_path], builtin=False)
    assert f"cost_centre.rego:{line}:" in str(caught.value)
    assert message in str(caught.value)


def test_organisation_keys_and_capabilities_are_accepted(tmp_path: Path) -> None:
    extended = POLICY.replace("#   severity: warning", "#   severity: warning\n#   x-owner: governance-team").replace(
        "    specs: [bitol-odps]", "    specs: bitol-odps\n#     capabilities: [slo, terms]"
    )
    write(tmp_path / "acme" / "cost_centre.rego", extended)
    (policy,) = load_policies([tmp_path], builtin=False).policies
    assert (policy.specs, policy.environments) == (("bitol-odps",), ("production",))
    assert policy.custom["x-owner"] == "governance-team"
    assert set(CAPABILITIES) == {"access", "slo", "terms"}


def test_m24_alias_bomb_in_metadata(tmp_path: Path) -> None:
    levels = ["#   l0: &l0 [xxxxxxxxxx, xxxxxxxxxx, xxxxxxxxxx, xxxxxxxxxx, xxxxxxxxxx, xxxxxxxxxx]"] + [
        f"#   l{n}: &l{n} [{', '.join([f'*l{n - 1}'] * 10)}]" for n in range(1, 9)
    ]
    text = "\n".join(
        ["# METADATA", "# title: t", "# custom:", *levels, "package meshgate.b.bomb", "", "import rego.v1", ""]
    )
    write(tmp_path / "b" / "bomb.rego", text + 'deny contains "x" if { false }\n')
    with pytest.raises(PolicyError, match=r"bomb\.rego:\d+:\d+: YAML aliases expand"):
        load_policies([tmp_path], builtin=False)


def test_derived_id_in_a_builtin_namespace(tmp_path: Path) -> None:
    write(tmp_path / "s.rego", "package meshgate.schema.extra\n\nimport rego.v1\n\ndeny contains 1 if false\n")
    with pytest.raises(PolicyError, match=r"s\.rego:1:1: the policy id schema/extra \(from package"):
        load_policies([tmp_path], builtin=False)


def test_cli_m35_builtin_id_exits_2(here: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(
        here / "p" / "c.rego",
        "# METADATA\n# title: Harmless style note\n# custom:\n#   id: load/parse-error\n#   severity: info\n"
        'package meshgate.x.clash\n\nimport rego.v1\n\ndeny contains "style note" if { false }\n',
    )
    code, err = run(capsys, "validate", DESCRIPTOR, "-p", "p")
    assert code == 2
    assert "p/c.rego:4:1: METADATA custom.id: load/parse-error is in the namespace of meshgate's own checks" in err


# --- 3. configuration ------------------------------------------------------------------------------------------------


def test_m04_broken_pyproject_is_not_skipped(
    here: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A parent meshgate.yaml must not win over a broken pyproject.toml nearer the working directory."""
    write(here / "meshgate.yaml", "fail-on: never\n")
    sub = here / "repo"
    write(sub / "pyproject.toml", '[tool.meshgate]\nfail-on = "never"\n\n[project\nname = "x"\n')
    (sub / DESCRIPTOR).write_text((here / DESCRIPTOR).read_text())
    monkeypatch.chdir(sub)
    code, err = run(capsys, "validate", DESCRIPTOR)
    assert code == 2
    assert "pyproject.toml:4:9: Expected ']' at the end of a table declaration" in err


@pytest.mark.parametrize("text", ["tool = 5\n", 'tool = "meshgate"\n', "tool = [1]\n"])
def test_m03_pyproject_tool_not_a_table(here: Path, capsys: pytest.CaptureFixture[str], text: str) -> None:
    write(here / "pyproject.toml", text)
    code, err = run(capsys, "validate", DESCRIPTOR)
    assert code == 2
    assert "pyproject.toml:1: 'tool' must be a table" in err


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("jobs: 2.0\n", "meshgate.yaml:1: jobs is 2.0; it must be a whole number"),
        ("max-file-size: 5.0\n", "meshgate.yaml:1: max-file-size is 5.0"),
        ("fail-on: never\nmax-file-size: '" + "9" * 40 + "'\n", "meshgate.yaml:2: a size of 40 digits is out of range"),
        ("max-file-size: 0\n", "meshgate.yaml:1: 0 is less than the minimum of 1"),
        ("max-file-size: 2GiB\n", "meshgate.yaml:1: a size of 2,147,483,648 bytes is out of range"),
    ],
    ids=["m01-jobs-float", "m02-size-float", "size-digits", "size-zero", "size-too-big"],
)
def test_config_numbers_python_would_mishandle(
    here: Path, capsys: pytest.CaptureFixture[str], text: str, message: str
) -> None:
    write(here / "meshgate.yaml", text)
    code, err = run(capsys, "validate", DESCRIPTOR)
    assert code == 2
    assert message in err


@pytest.mark.parametrize(
    "size", ["9" * 5000, "0", "0.1", "2GiB", "5.0.0"], ids=["m06-5000-digits", "0", "0.1", "2GiB", "bad"]
)
def test_m06_max_file_size_option_out_of_range(here: Path, capsys: pytest.CaptureFixture[str], size: str) -> None:
    code, err = run(capsys, "validate", DESCRIPTOR, "--max-file-size", size)
    assert code == 2
    assert "Invalid value for '--max-file-size'" in err
    assert len(err) < 1000


@pytest.mark.parametrize(
    "text", ["", "\n", "# nothing yet\n", "null\n", "~\n"], ids=["empty", "newline", "comment", "null", "tilde"]
)
def test_m29_empty_and_null_configuration_mean_no_settings(
    here: Path, capsys: pytest.CaptureFixture[str], text: str
) -> None:
    write(here / "meshgate.yaml", text)
    code, err = run(capsys, "validate", DESCRIPTOR, "--fail-on", "never")
    assert code == 0, err


def test_configured_baseline_must_exist_unless_written(here: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(here / "meshgate.yaml", "fail-on: never\nbaseline: .meshgate-baseline.json\n")
    code, err = run(capsys, "validate", DESCRIPTOR)
    assert code == 2
    assert "meshgate.yaml:2: the baseline .meshgate-baseline.json does not exist" in err
    code, err = run(capsys, "validate", DESCRIPTOR, "--write-baseline", ".meshgate-baseline.json")
    assert code == 0, err
    code, err = run(capsys, "validate", DESCRIPTOR)
    assert code == 0, err


# --- 4. baselines ----------------------------------------------------------------------------------------------------

BAD_BASELINES = [
    ("m13-deep", '{"format": "meshgate-baseline/v1", "findings": [], "x": ' + "[" * 5000 + "]" * 5000 + "}", "nest more than 64 levels"),
    ("m14-lone-surrogate", '{"format": "meshgate-baseline/v1", "findings": [\n{"fingerprint": "0", "rule_id": "x/y", "file": "data-product.yaml", "pointer": "", "message": "\\ud800"}]}', "lone surrogate"),
    ("entry-not-mapping", '{"format": "meshgate-baseline/v1",\n "findings": [\n 5]}', "entry 0 of the baseline is a number"),
    ("entry-wrong-type", '{"format": "meshgate-baseline/v1", "findings": [\n{"fingerprint": 1, "rule_id": "x/y", "file": "f", "pointer": "", "message": "m"}]}', "has a number for 'fingerprint'"),
    ("duplicate-key", '{"format": "meshgate-baseline/v1",\n "format": "x", "findings": []}', "appears more than once"),
    ("empty", "", "the baseline is empty"),
]  # fmt: skip


@pytest.mark.parametrize(("content", "message"), [c[1:] for c in BAD_BASELINES], ids=[c[0] for c in BAD_BASELINES])
def test_malformed_baseline_exits_2(here: Path, capsys: pytest.CaptureFixture[str], content: str, message: str) -> None:
    (here / "baseline.json").write_text(content, encoding="utf-8", errors="surrogatepass")
    code, err = run(capsys, "validate", DESCRIPTOR, "--baseline", "baseline.json", "--format", "json")
    assert code == 2
    assert "baseline.json" in err
    assert message in err


def test_m15_baseline_with_a_byte_order_mark(here: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", DESCRIPTOR, "--write-baseline", "baseline.json"]) == 0
    text = (here / "baseline.json").read_text(encoding="utf-8")
    (here / "baseline.json").write_text("\ufeff" + text, encoding="utf-8")
    capsys.readouterr()
    code, err = run(capsys, "validate", DESCRIPTOR, "--baseline", "baseline.json")
    assert code == 0, err
