"""Hostile and broken files: every one is a finding with a line, never a crash."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import RunCli


def _alias_bomb() -> bytes:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for level in range(1, 10):
        name, previous = chr(97 + level), chr(96 + level)
        lines.append(f"{name}: &{name} [{', '.join(['*' + previous] * 9)}]")
    return ("\n".join(lines) + "\n").encode()


def _deep_block(depth: int) -> bytes:
    return "".join(f"{' ' * level}k{level}:\n" for level in range(depth)).encode() + b" " * depth + b"end\n"


HOSTILE: dict[str, tuple[bytes, str]] = {
    "empty.odps.yaml": (b"", "load/empty"),
    "binary.odps.yaml": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "load/binary"),
    "latin1.odps.yaml": ("apiVersion: v1.0.0\nname: Café\n".encode("latin-1"), "load/encoding"),
    "deep-flow.odps.yaml": (b"[" * 10_000 + b"]" * 10_000, "load/too-deep"),
    "deeper-flow.odps.yaml": (b"[" * 200_000 + b"]" * 200_000, "load/too-deep"),
    "deep-block.odps.yaml": (_deep_block(3_000), "load/too-deep"),
    "deep-sequence.odps.yaml": (b"- " * 10_000 + b"x\n", "load/too-deep"),
    "deep.odps.json": (b'{"a":' * 10_000 + b"1" + b"}" * 10_000, "load/too-deep"),
    # Deep enough to exhaust a recursive locator, shallow enough for json.loads.
    "deepish.odps.json": (b'{"a":' * 500 + b"1" + b"}" * 500, "load/too-deep"),
    "bomb.odps.yaml": (_alias_bomb(), "load/alias-limit"),
    "python.odps.yaml": (
        b"apiVersion: !!python/object/apply:os.system ['touch /tmp/meshgate-pwned']\n",
        "load/unsupported-tag",
    ),
    "unclosed.odps.yaml": (b"apiVersion: v1.0.0\nkind: [DataProduct\n", "load/parse-error"),
    "tabs.odps.yaml": (b"apiVersion: v1.0.0\n\tkind: DataProduct\n", "load/parse-error"),
    "control.odps.yaml": (b"apiVersion: v1.0.0\nkind: Data\x07Product\n", "load/parse-error"),
    "list.odps.yaml": (b"- apiVersion: v1.0.0\n", "detect/not-a-mapping"),
    "scalar.odps.json": (b'"just a string"', "detect/not-a-mapping"),
    "nan.odps.json": (b'{"apiVersion": NaN}', "load/non-json-number"),
    "broken.odps.json": (b'{"apiVersion": "v1.0.0",}', "load/parse-error"),
}


@pytest.fixture(scope="module")
def hostile_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("hostile")
    for name, (content, _) in HOSTILE.items():
        (directory / name).write_bytes(content)
    with (directory / "huge.odps.yaml").open("w") as stream:
        line = "description: " + "x" * 1000 + "\n"
        for _ in range(52 * 1024):
            stream.write(line)
    return directory


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_file_is_a_finding(run_cli: RunCli, hostile_dir: Path, name: str) -> None:
    result = run_cli("validate", str(hostile_dir / name), "-f", "json")
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    findings = json.loads(result.stdout)["findings"]
    expected = HOSTILE[name][1]
    assert expected in {f["rule_id"] for f in findings}, findings
    assert all(f["line"] >= 1 for f in findings)


def test_fifty_megabytes_is_refused_quickly(run_cli: RunCli, hostile_dir: Path) -> None:
    huge = hostile_dir / "huge.odps.yaml"
    assert huge.stat().st_size > 50 * 1024 * 1024
    result = run_cli("validate", str(huge), "-f", "json")
    assert result.returncode == 1
    (finding,) = json.loads(result.stdout)["findings"]
    assert finding["rule_id"] == "load/too-large"


def test_python_tag_runs_nothing(run_cli: RunCli, hostile_dir: Path) -> None:
    marker = Path("/tmp/meshgate-pwned")
    marker.unlink(missing_ok=True)
    run_cli("validate", str(hostile_dir / "python.odps.yaml"))
    assert not marker.exists()


def test_a_run_over_all_of_them_loses_nothing(run_cli: RunCli, hostile_dir: Path, tmp_path: Path) -> None:
    good = hostile_dir / "good.odps.yaml"
    good.write_text("apiVersion: v1.0.0\nkind: DataProduct\nid: fine\nstatus: active\n")
    output = tmp_path / "report.json"
    result = run_cli("validate", str(hostile_dir), "-f", "json", "-o", str(output), "--jobs", "2")
    assert result.returncode == 1, result.stderr
    report = json.loads(output.read_text())
    assert len(report["files"]) == len(HOSTILE) + 2
    assert {d["file"].rsplit("/", 1)[-1] for d in report["documents"]} >= {"good.odps.yaml"}
    files_with_findings = {f["file"].rsplit("/", 1)[-1] for f in report["findings"]}
    assert set(HOSTILE) | {"huge.odps.yaml"} <= files_with_findings
