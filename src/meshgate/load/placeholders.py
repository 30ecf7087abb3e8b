"""Template placeholders left in a descriptor that was never rendered."""

from __future__ import annotations

import re

from meshgate.model import rules

_MUSTACHE = re.compile(r"\{\{[^{}]*\}\}")
_INTERPOLATION = re.compile(r"\$\{[A-Za-z_][A-Za-z0-9_.]*(?::?[-=?+][^}]*)?\}")

PlaceholderIssue = tuple[rules.Rule, str]


def placeholder_finding(text: str) -> PlaceholderIssue | None:
    """The rule and message for the first placeholder in text, if it holds one."""
    if match := _MUSTACHE.search(text):
        return rules.TEMPLATE_PLACEHOLDER, f"'{match.group()}' is an unrendered template placeholder"
    if match := _INTERPOLATION.search(text):
        message = (
            f"'{match.group()}' is filled in from the environment when the descriptor is rendered; "
            "meshgate checks the text as written"
        )
        return rules.VARIABLE_PLACEHOLDER, message
    return None
