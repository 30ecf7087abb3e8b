"""Report renderers: pure functions from a Report to text, by format name.

Each format's module is imported only when the format is used: a run that
prints text does not pay for the XML and SARIF machinery.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable, Iterator, Mapping

from meshgate.model.report import Report
from meshgate.records import record


@record
class Style:
    """How a report is shown: only whether in colour, for a terminal."""

    color: bool = False


Reporter = Callable[[Report, Style], str]

# Characters a terminal or a viewer acts on instead of showing: C0 and C1
# controls (ESC starts colour, title and hyperlink sequences), DEL, and the
# Unicode line separators and bidirectional overrides that make text read
# differently from what it holds. Tab is shown as it is.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_LINE_ENDS = re.compile("[\n\r]")


def _escaped(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def visible(text: str, *, lines: bool = False) -> str:
    """Text from a descriptor or a policy with every control character written as an escape (ESC as \\x1b).

    Line ends are escaped too unless ``lines`` says the format shows them itself.
    """
    text = _CONTROL.sub(_escaped, text)
    return text if lines else _LINE_ENDS.sub(_escaped, text)


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
