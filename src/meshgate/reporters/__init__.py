"""Report renderers: pure functions from a Report to text, by format name.

Each format's module is imported only when the format is used: a run that
prints text does not pay for the XML and SARIF machinery.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass

from meshgate.model.report import Report


@dataclass(frozen=True, slots=True)
class Style:
    color: bool = False


Reporter = Callable[[Report, Style], str]

_MODULES = {
    "text": "text",
    "json": "json_report",
    "sarif": "sarif",
    "junit": "junit",
    "github": "github",
    "markdown": "markdown",
}


class _Registry(Mapping[str, Reporter]):
    def __getitem__(self, name: str) -> Reporter:
        module = importlib.import_module(f"meshgate.reporters.{_MODULES[name]}")
        render: Reporter = module.render
        return render

    def __iter__(self) -> Iterator[str]:
        return iter(_MODULES)

    def __len__(self) -> int:
        return len(_MODULES)


REPORTERS: Mapping[str, Reporter] = _Registry()
