"""Policy engines behind one small protocol, chosen by name (``--engine``, config ``engine:``).

An engine compiles a policy set once and then answers entry points
(``document``, ``mesh``, ``change``) for batches of inputs. It returns each
input's raw rule values, keyed by policy id then rule name, or the error that
stopped it on that input; turning either into findings happens in
``meshgate.evaluate.verdicts`` and nowhere else. ``meshgate test`` and the
OPA-compatibility check reach the engine through the same registry.

Each engine's module is imported only when it is chosen, so the embedded
path never pays for a client library it does not use.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any, Protocol

from meshgate.errors import UsageError
from meshgate.evaluate.policies import Module, PolicySet
from meshgate.evaluate.runtime import EntryPoint
from meshgate.options import Options
from meshgate.records import record

# policy id -> rule name -> the rule's value as the engine returned it (JSON)
RuleValues = Mapping[str, Mapping[str, Any]]


@record
class EngineFailure:
    """The engine stopped on one input: its message and, when it names one, the policy's place."""

    message: str
    file: str | None = None
    line: int | None = None
    column: int | None = None

    def where(self) -> str:
        if self.file and self.line:
            return f"{self.file}:{self.line}:{self.column or 1}"
        return self.file or ""


Answer = RuleValues | EngineFailure


class Pieces:
    """A large input's JSON text in pieces that make it when joined in order, each read when it is reached.

    The mesh's input is every product's view as the workers wrote it: joined, it would be a second copy of
    the largest input of a run, and held, a first one in the parent. So an engine joins the pieces only
    where it needs one string, and a child process is sent them one at a time, as they are read.
    ``size`` is the text's length, or an upper bound of it.
    """

    __slots__ = ("_make", "size")

    def __init__(self, make: Callable[[], Iterable[str]], size: int) -> None:
        self._make = make
        self.size = size

    def __iter__(self) -> Iterator[str]:
        return iter(self._make())


# An input's JSON text: whole, or in pieces.
Text = str | Pieces


def whole(text: Text) -> str:
    return text if isinstance(text, str) else "".join(text)


def size_of(text: Text) -> int:
    """The text's length in characters (for ``Pieces``, its size: at least that)."""
    return len(text) if isinstance(text, str) else text.size


class Evaluator(Protocol):
    """A compiled policy set that answers entry points."""

    @property
    def description(self) -> str:
        """Which engine evaluated, for the report (e.g. 'regorus 0.13.0 (embedded)')."""
        ...

    def evaluate(self, entry: EntryPoint, inputs: Sequence[Text]) -> list[Answer]:
        """One answer per input (JSON text), in order; an input the engine rejects gets an EngineFailure."""
        ...


class TestSession(Protocol):
    """Rules evaluated one at a time, as ``meshgate test`` runs Rego unit tests."""

    def eval_rule(self, rule: str) -> tuple[Any, str | None, tuple[str, ...]]:
        """The rule's value (None when undefined), the error if it failed, and what it printed."""
        ...

    def coverage(self) -> list[tuple[str, tuple[int, ...], tuple[int, ...]]]:
        """(file, covered lines, lines not covered) for every module loaded."""
        ...


class Engine(Protocol):
    name: str

    def compile(self, policy_set: PolicySet) -> Evaluator:
        """The policy set compiled; a policy that does not compile is a PolicyError (exit 2)."""
        ...

    def test_session(self, modules: Sequence[Module], data: Mapping[str, Any], *, coverage: bool) -> TestSession: ...

    def parse(self, module: Module) -> Any:
        """The module's syntax tree as the engine gives it (for the OPA-compatibility check)."""
        ...


# Engine name -> module under meshgate.evaluate.engines that defines ENGINE
# (and, for an engine with settings, ``configured(options) -> Engine``).
_MODULES = {"regorus": "regorus", "opa": "opa"}
NAMES = tuple(_MODULES)
DEFAULT = "regorus"


def engine(name: str = DEFAULT, options: Options | None = None) -> Engine:
    """The engine called ``name``, set up from the run's options when it takes any."""
    if name not in _MODULES:
        raise UsageError(f"unknown engine '{name}'", hint=f"Use one of: {', '.join(NAMES)}.")
    module = importlib.import_module(f"meshgate.evaluate.engines.{_MODULES[name]}")
    configured = getattr(module, "configured", None)
    if options is not None and configured is not None:
        made: Engine = configured(options)
        return made
    found: Engine = module.ENGINE
    return found
