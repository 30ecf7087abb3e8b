"""Report renderers: pure functions from a Report to text, by format name."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from meshgate.report import Report


@dataclass(frozen=True, slots=True)
class Style:
    color: bool = False


Reporter = Callable[[Report, Style], str]


def _registry() -> dict[str, Reporter]:
    from meshgate.reporters import github, json_report, junit, markdown, sarif, text

    return {
        "text": text.render,
        "json": json_report.render,
        "sarif": sarif.render,
        "junit": junit.render,
        "github": github.render,
        "markdown": markdown.render,
    }


REPORTERS: dict[str, Reporter] = _registry()
