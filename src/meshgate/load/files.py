"""Read a file into documents, turning every way it can be unreadable into a finding."""

from __future__ import annotations

import codecs
import os
import stat
from pathlib import Path

from meshgate.limits import Limits
from meshgate.load.document import Document
from meshgate.load.jsonsource import load_json
from meshgate.load.yamlsource import load_yaml
from meshgate.model import rules
from meshgate.model.finding import Finding, Span
from meshgate.records import record


def printable_path(path: str) -> str:
    """A path as text reports can hold: bytes of a file name that are not UTF-8 written as \\xff escapes.

    Python keeps such bytes as lone surrogates, which no report encoding accepts.
    """
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:
        return os.fsencode(path).decode("utf-8", "backslashreplace")
    return path


_BINARY_SNIFF_BYTES = 8192
_JSON_SUFFIXES = frozenset({".json"})
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
_UTF32_BOMS = (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)


@record
class Loaded:
    """A file's documents, and the findings about reading it (the file is named as findings show it)."""

    path: str
    documents: list[Document]
    findings: list[Finding]


def _failure(path: str, rule: rules.Rule, message: str, span: Span | None = None) -> Loaded:
    finding = rule.finding(path, message, span=span or Span(1, 1, 1, 1))
    return Loaded(path, [], [finding])


def load_file(file: Path, display: str, limits: Limits) -> Loaded:
    """Load ``file``; ``display`` is the path findings should name."""
    try:
        if not stat.S_ISREG(file.stat().st_mode):
            return _failure(display, rules.NOT_A_FILE, "not a regular file")
        # Opened without blocking and checked again through the descriptor: a
        # FIFO put in the file's place after the check never blocks the run.
        handle = os.open(file, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
        with os.fdopen(handle, "rb") as stream:
            info = os.fstat(stream.fileno())
            if not stat.S_ISREG(info.st_mode):
                return _failure(display, rules.NOT_A_FILE, "not a regular file")
            if info.st_size > limits.max_file_bytes:
                limit = limits.max_file_bytes
                message = f"file is {info.st_size:,} bytes; descriptors larger than {limit:,} bytes are not read"
                return _failure(display, rules.TOO_LARGE, message)
            # As large as stat says (a buffer of the limit's size would be allocated for every file), and a
            # byte more to notice a file that grew since: then on, to one byte past the limit.
            raw = stream.read(info.st_size + 1)
            if len(raw) > info.st_size:
                raw += stream.read(limits.max_file_bytes + 1 - len(raw))
    except OSError as error:
        return _failure(display, rules.UNREADABLE, f"cannot read the file: {error.strerror or error}")
    return load_bytes(raw, display, limits, json_text=file.suffix.lower() in _JSON_SUFFIXES)


def load_bytes(raw: bytes, display: str, limits: Limits, *, json_text: bool = False) -> Loaded:
    if len(raw) > limits.max_file_bytes:
        return _failure(
            display,
            rules.TOO_LARGE,
            f"input is {len(raw):,} bytes; descriptors larger than {limits.max_file_bytes:,} bytes are not read",
        )
    text_or_failure = _decode(raw, display)
    if isinstance(text_or_failure, Loaded):
        return text_or_failure
    text = text_or_failure
    if not text.strip():
        return _failure(display, rules.EMPTY, "the file is empty")
    if json_text:
        json_load = load_json(text, display, limits)
        return Loaded(display, json_load.documents, json_load.findings)
    if text.lstrip()[:1] in ("{", "["):
        # JSON content in a .yaml file reads faster and with exact positions as
        # JSON; flow-style YAML falls through to the YAML parser.
        json_load = load_json(text, display, limits)
        if json_load.documents:
            return Loaded(display, json_load.documents, json_load.findings)
    yaml_load = load_yaml(text, display, limits)
    findings = yaml_load.findings
    if not yaml_load.documents and not findings:
        return _failure(display, rules.EMPTY, "the file holds no YAML document")
    return Loaded(display, yaml_load.documents, findings)


def _decode(raw: bytes, display: str) -> str | Loaded:
    if raw.startswith(_UTF32_BOMS):
        # Checked first: the UTF-32 little-endian mark begins with UTF-16's.
        return _failure(display, rules.ENCODING, "the file is UTF-32 (it starts with a UTF-32 byte order mark)")
    if raw.startswith(_UTF16_BOMS):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError as error:
            return _utf16_failure(raw, display, error)
    if b"\x00" in raw[:_BINARY_SNIFF_BYTES]:
        return _failure(display, rules.BINARY, "the file is binary, not YAML or JSON text")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        return _encoding_failure(raw, display, error)


def _utf16_failure(raw: bytes, display: str, error: UnicodeDecodeError) -> Loaded:
    """Lines of a UTF-16 file are counted in its characters, not in its bytes."""
    before = raw[: error.start - (error.start % 2)].decode("utf-16", errors="replace")
    line = before.count("\n") + 1
    column = len(before) - (before.rfind("\n") + 1) + 1
    return _failure(
        display,
        rules.ENCODING,
        f"the bytes at offset {error.start} are not valid UTF-16",
        Span(line, column, line, column + 1),
    )


def _encoding_failure(raw: bytes, display: str, error: UnicodeDecodeError) -> Loaded:
    line = raw.count(b"\n", 0, error.start) + 1
    column = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
    return _failure(
        display,
        rules.ENCODING,
        f"byte 0x{raw[error.start]:02x} at offset {error.start} is not valid UTF-8",
        Span(line, column, line, column + 1),
    )


def display_path(file: Path) -> str:
    """The path as findings show it: relative to the working directory when inside it."""
    try:
        relative = os.path.relpath(file)
    except ValueError:  # another drive on Windows
        return printable_path(file.as_posix())
    return printable_path(Path(relative).as_posix() if not relative.startswith("..") else file.as_posix())
