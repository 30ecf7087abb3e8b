"""Template placeholders left in a descriptor that was never rendered."""

from __future__ import annotations

import re

from meshgate.model.finding import Severity

_MUSTACHE = re.compile(r"\{\{[^{}]*\}\}")
_INTERPOLATION = re.compile(r"\$\{[A-Za-z_][A-Za-z0-9_.]*(?::?[-=?+][^}]*)?\}")

PlaceholderIssue = tuple[str, Severity, str, str]


def placeholder_finding(text: str) -> PlaceholderIssue | None:
    """The finding for the first placeholder in text, if it holds one."""
    if match := _MUSTACHE.search(text):
        return (
            "load/template-placeholder",
            Severity.ERROR,
            f"'{match.group()}' is an unrendered template placeholder",
            "Render the template, or replace the placeholder with the real value.",
        )
    if match := _INTERPOLATION.search(text):
        return (
            "load/variable-placeholder",
            Severity.WARNING,
            (
                f"'{match.group()}' is filled in from the environment when the descriptor is rendered; "
                "meshgate checks the text as written"
            ),
            "Check the rendered descriptor too, or write the value out if it never changes.",
        )
    return None
