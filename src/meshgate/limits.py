"""Bounds that keep hostile or accidental input from exhausting the machine."""

from __future__ import annotations

from meshgate.records import record


@record
class Limits:
    """What meshgate reads of an input before refusing it: sizes, depths and counts no descriptor reaches."""

    # Descriptors are kilobytes; anything this big is not one.
    max_file_bytes: int = 5 * 1024 * 1024
    # Real descriptors nest about 10 levels; deeper input is refused before
    # recursive code (the YAML parser, JSON Schema validation) sees it.
    max_depth: int = 64
    # Values produced by following YAML aliases ("billion laughs" guard).
    max_alias_values: int = 100_000
