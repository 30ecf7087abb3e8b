"""Records: frozen, slotted dataclasses whose methods are made when first needed.

Python 3.11's ``dataclass`` writes the source of every method it adds
(``__init__``, ``__repr__``, ``__eq__``, ``__hash__``, and a frozen class's
``__setattr__`` and ``__delattr__``) and compiles it when the class is
defined. For the seventy-odd classes a run defines that was a fifth of a
one-file run, though most of those methods are never called in it.

A record is a standard dataclass (``fields()``, ``replace()``, ``asdict()``
and ``is_dataclass()`` see one; mypy checks it as a frozen dataclass) made by
``dataclass`` with no method of its own. Then ``__init__`` binds its
arguments in Python for a class's first instances and is compiled once the
class has been instantiated ``COMPILE_AFTER`` times (the classes a bulk run
builds by the thousand), equality, hashing and ``repr`` read the fields
through ``operator.attrgetter`` (nothing compiled), and assignment and
deletion raise ``FrozenInstanceError``, as they do for ``frozen=True``.
Fields may have defaults, ``default_factory``, ``kw_only`` and
``compare=False``; ``init=False`` fields, ``__post_init__`` and ``InitVar``
are refused (use ``dataclass`` for those).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import MISSING, Field, FrozenInstanceError, dataclass, field
from operator import attrgetter
from typing import Any, TypeVar, dataclass_transform, overload

C = TypeVar("C", bound=type)
# Instances of a class built in Python before its __init__ is compiled: a one-file run builds most record
# classes a few times, a bulk run its findings and spans by the thousand.
COMPILE_AFTER = 32
_FACTORY = object()  # the default of a field whose default is made by a factory


@overload
def record(cls: C, /) -> C: ...
@overload
def record(*, kw_only: bool = False) -> Callable[[C], C]: ...
@dataclass_transform(frozen_default=True, field_specifiers=(field, Field))
def record(cls: Any = None, /, *, kw_only: bool = False) -> Any:
    """``@dataclass(frozen=True, slots=True[, kw_only=True])``, with its methods made on first use."""

    def wrap(cls: type) -> type:
        return _made(cls, kw_only=kw_only)

    return wrap if cls is None else wrap(cls)


def _made(cls: type, *, kw_only: bool) -> type:
    if "__post_init__" in cls.__dict__:
        raise TypeError(f"{cls.__qualname__}: a record has no __post_init__; use dataclass")
    made: type = dataclass(cls, init=False, repr=False, eq=False, slots=True, kw_only=kw_only)
    own = dataclasses.fields(made)
    if any(not item.init for item in own):
        raise TypeError(f"{made.__qualname__}: a record's fields are all set by __init__; use dataclass")
    names = tuple(item.name for item in own)
    shown = tuple(item.name for item in own if item.repr)
    values = _getter(names)
    key = _getter(tuple(item.name for item in own if item.compare))

    def __repr__(self: Any) -> str:
        return f"{type(self).__qualname__}({', '.join(f'{name}={getattr(self, name)!r}' for name in shown)})"

    def __eq__(self: Any, other: Any) -> Any:
        return key(self) == key(other) if other.__class__ is self.__class__ else NotImplemented

    def __hash__(self: Any) -> int:
        return hash(key(self))

    # Pickled as the fields' values: the default for slots would set them through __setattr__.
    def __getstate__(self: Any) -> tuple[Any, ...]:
        return values(self)

    def __setstate__(self: Any, state: tuple[Any, ...]) -> None:
        for name, value in zip(names, state, strict=True):
            object.__setattr__(self, name, value)

    methods: dict[str, Callable[..., Any]] = {
        "__init__": _interpreted_init(made),
        "__repr__": __repr__,
        "__eq__": __eq__,
        "__hash__": __hash__,
        "__setattr__": _refuse_assignment,
        "__delattr__": _refuse_deletion,
        "__getstate__": __getstate__,
        "__setstate__": __setstate__,
    }
    for name, method in methods.items():
        if name not in ("__setattr__", "__delattr__"):
            method.__qualname__ = f"{made.__qualname__}.{name}"
        setattr(made, name, method)
    return made


def _getter(names: tuple[str, ...]) -> Callable[[Any], tuple[Any, ...]]:
    """The values of ``names``, always as a tuple (attrgetter gives a bare value for one name)."""
    if len(names) > 1:
        return attrgetter(*names)
    if names:
        (name,) = names
        return lambda item: (getattr(item, name),)
    return lambda _item: ()


def _refuse_assignment(_self: Any, name: str, _value: Any) -> None:
    raise FrozenInstanceError(f"cannot assign to field {name!r}")


def _refuse_deletion(_self: Any, name: str) -> None:
    raise FrozenInstanceError(f"cannot delete field {name!r}")


def _interpreted_init(cls: type) -> Callable[..., None]:
    """An ``__init__`` that binds its arguments by hand until the class is instantiated often enough to
    be worth compiling one (``COMPILE_AFTER`` times): most record classes are built a few times a run."""
    items = dataclasses.fields(cls)
    names = tuple(item.name for item in items)
    positional = tuple(item.name for item in items if not item.kw_only)
    defaults = {item.name: item.default for item in items if item.default is not MISSING}
    factories = {item.name: item.default_factory for item in items if item.default_factory is not MISSING}
    where = f"{cls.__qualname__}.__init__()"
    # As CPython words it, counting self: "takes 3 positional arguments", "takes from 2 to 4 ...".
    required = 1 + sum(1 for name in positional if name not in defaults and name not in factories)
    most = len(positional) + 1
    counted = f"from {required} to {most}" if required < most else str(most)
    accepted = f"{counted} positional argument{'' if counted == '1' else 's'}"
    calls = 0

    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
        nonlocal calls
        calls += 1
        if calls == COMPILE_AFTER:
            setattr(cls, "__init__", _compiled_init(cls))  # noqa: B010 - on the class, for the next instances
        if len(args) > len(positional):
            raise TypeError(f"{where} takes {accepted} but {len(args) + 1} were given")
        values = dict(zip(positional, args, strict=False))
        for name, value in kwargs.items():
            if name not in names:
                raise TypeError(f"{where} got an unexpected keyword argument {name!r}")
            if name in values:
                raise TypeError(f"{where} got multiple values for argument {name!r}")
            values[name] = value
        for name in names:
            if name in values:
                value = values[name]
            elif name in defaults:
                value = defaults[name]
            elif name in factories:
                value = factories[name]()
            else:
                kind = "positional" if name in positional else "keyword-only"
                raise TypeError(f"{where} missing 1 required {kind} argument: {name!r}")
            object.__setattr__(self, name, value)

    return __init__


def _compiled_init(cls: type) -> Callable[..., None]:
    """The ``__init__`` dataclass would write for a frozen class, compiled now."""
    namespace: dict[str, Any] = {"__set": object.__setattr__, "__factory": _FACTORY}
    positional: list[str] = []
    keyword: list[str] = []
    body: list[str] = []
    for item in dataclasses.fields(cls):
        name = item.name
        parameter = name
        value = name
        if item.default is not MISSING:
            namespace[f"__default_{name}"] = item.default
            parameter = f"{name}=__default_{name}"
        elif item.default_factory is not MISSING:
            namespace[f"__make_{name}"] = item.default_factory
            parameter = f"{name}=__factory"
            value = f"__make_{name}() if {name} is __factory else {name}"
        (keyword if item.kw_only else positional).append(parameter)
        body.append(f"    __set(self, {name!r}, {value})")
    parameters = ", ".join(["self", *positional, *(["*", *keyword] if keyword else [])])
    source = f"def __init__({parameters}) -> None:\n" + ("\n".join(body) or "    pass") + "\n"
    exec(compile(source, f"<record {cls.__qualname__}>", "exec"), namespace)  # noqa: S102 - our own source
    method: Callable[..., None] = namespace["__init__"]
    method.__qualname__ = f"{cls.__qualname__}.__init__"
    return method
