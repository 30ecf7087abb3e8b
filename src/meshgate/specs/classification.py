"""The classification scale, read from the policies' data.

``classification_levels`` (least to most strict) and ``classification_aliases``
in ``data.meshgate.config`` define the one scale both the normalizers (which
pick a contract's strictest classification) and the policies (which judge it)
use. A value outside the scale has no rank: it is never compared.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from functools import cache
from typing import Any, TypeVar

from meshgate.records import record
from meshgate.resources import policies_dir

T = TypeVar("T")


@record
class Scale:
    """Classification words (lower case) to their rank: 0 is the least strict."""

    ranks: Mapping[str, int]

    @classmethod
    def builtin(cls) -> Scale:
        """The scale of the built-in policy data (``policies/data.json``)."""
        return _builtin()

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> Scale:
        """The scale of ``data["meshgate"]["config"]`` (an empty scale when it has none, as in Rego)."""
        meshgate = data.get("meshgate")
        config = meshgate.get("config") if isinstance(meshgate, Mapping) else None
        if not isinstance(config, Mapping):
            return cls({})
        levels = config.get("classification_levels")
        aliases = config.get("classification_aliases")
        if not isinstance(levels, list):
            return cls({})
        named = {level.lower(): rank for rank, level in enumerate(levels) if isinstance(level, str)}
        ranks = dict(named)
        if isinstance(aliases, Mapping):
            # As lib/facts.rego: an alias names a level; an alias of an unknown level is ignored.
            for alias, level in aliases.items():
                if isinstance(alias, str) and isinstance(level, str) and level.lower() in named:
                    ranks[alias.lower()] = named[level.lower()]
        return cls(ranks)

    def rank(self, value: str) -> int | None:
        """The rank of a classification, compared in lower case; None outside the scale."""
        return self.ranks.get(value.strip().lower())

    def strictest(self, found: Iterable[tuple[str, T]]) -> tuple[str, T] | None:
        """The strictest of (classification, where) pairs, the first of equals.

        A value on the scale wins over any value outside it; when none is on
        the scale, the first value is kept (and policies do not judge it).
        """
        best: tuple[int, str, T] | None = None
        for text, where in found:
            rank = self.rank(text)
            rank = -1 if rank is None else rank
            if best is None or rank > best[0]:
                best = (rank, text, where)
        return None if best is None else (best[1], best[2])


@cache
def _builtin() -> Scale:
    data = json.loads((policies_dir() / "data.json").read_text(encoding="utf-8"))
    return Scale.from_data(data)
