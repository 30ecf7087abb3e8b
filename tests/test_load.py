from __future__ import annotations

import codecs
import os
from pathlib import Path

import pytest

from meshgate.limits import Limits
from meshgate.load.files import load_bytes, load_file


def only_rule(raw: bytes, **kwargs: object) -> str:
    loaded = load_bytes(raw, "d.yaml", Limits(), **kwargs)  # type: ignore[arg-type]
    (finding,) = loaded.findings
    assert loaded.documents == []
    return finding.rule_id


@pytest.mark.parametrize("raw", [b"", b"   \n\n", b"# only a comment\n", b"---\n...\n"])
def test_empty_input(raw: bytes) -> None:
    assert only_rule(raw) == "load/empty"


def test_binary_input() -> None:
    assert only_rule(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR") == "load/binary"


def test_invalid_utf8_names_the_line() -> None:
    loaded = load_bytes(b"a: 1\nb: caf\xe9\n", "d.yaml", Limits())
    (finding,) = loaded.findings
    assert (finding.rule_id, finding.line, finding.column) == ("load/encoding", 2, 7)


def test_utf8_bom_and_utf16_are_read() -> None:
    assert load_bytes(codecs.BOM_UTF8 + b"a: 1\n", "d.yaml", Limits()).documents[0].data == {"a": 1}
    assert load_bytes("a: 1\n".encode("utf-16"), "d.yaml", Limits()).documents[0].data == {"a": 1}


def test_json_is_sniffed_from_content() -> None:
    loaded = load_bytes(b'{"a": [1, 2]}\n', "d.yaml", Limits())
    assert loaded.documents[0].data == {"a": [1, 2]}


def test_flow_yaml_is_not_mistaken_for_json() -> None:
    loaded = load_bytes(b"{a: 1, b: [x]}\n", "d.yaml", Limits())
    assert loaded.findings == []
    assert loaded.documents[0].data == {"a": 1, "b": ["x"]}


def test_too_large_file_is_not_read(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    with big.open("wb") as stream:
        stream.truncate(6 * 1024 * 1024)
    loaded = load_file(big, "big.yaml", Limits())
    (finding,) = loaded.findings
    assert finding.rule_id == "load/too-large"
    assert "6,291,456 bytes" in finding.message


@pytest.mark.parametrize(("grown_to", "rule"), [(100, None), (6 * 1024 * 1024, "load/too-large")])
def test_a_file_that_grows_after_its_size_was_read_is_read_to_the_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, grown_to: int, rule: str | None
) -> None:
    """The read is sized by stat: a file longer by then is still read whole, or refused past the limit."""
    file = tmp_path / "growing.yaml"
    file.write_bytes(b"#" * (grown_to - 6) + b"\na: 1\n")  # what stat saw is a comment alone
    real_fstat = os.fstat

    def stale_fstat(descriptor: int) -> os.stat_result:
        info = real_fstat(descriptor)
        return os.stat_result((info.st_mode, *[0] * 5, 5, *[0] * 3))  # st_size 5: as before it grew

    monkeypatch.setattr(os, "fstat", stale_fstat)
    loaded = load_file(file, "growing.yaml", Limits())
    assert [finding.rule_id for finding in loaded.findings] == ([rule] if rule else [])
    if rule is None:
        assert loaded.documents[0].data == {"a": 1}


def test_unreadable_and_special_files(tmp_path: Path) -> None:
    assert load_file(tmp_path, "dir", Limits()).findings[0].rule_id == "load/not-a-file"
    if hasattr(os, "mkfifo"):
        fifo = tmp_path / "pipe.yaml"
        os.mkfifo(fifo)
        assert load_file(fifo, "pipe.yaml", Limits()).findings[0].rule_id == "load/not-a-file"
    missing = load_file(tmp_path / "gone.yaml", "gone.yaml", Limits())
    assert missing.findings[0].rule_id == "load/unreadable"
