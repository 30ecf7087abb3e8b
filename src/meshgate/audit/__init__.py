"""meshgate audit: the governance board's view of the whole mesh.

collect (map: fetch, shard, check) → scoring (reduce: scores, levels,
roll-ups, changes) → render (JSON, HTML, CSV, Markdown). The model is the one
canonical result; every view is made from it alone.
"""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import ValidationError

from meshgate.audit.model import Audit
from meshgate.errors import UsageError


def read(path: Path, what: str) -> Audit:
    """An audit written by meshgate, read strictly; a corrupt or foreign file is a usage error naming the field."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise UsageError(f"{what} {path}: cannot be read: {error}") from error
    try:
        json.loads(text)  # a plain JSON error first, then the model's
    except json.JSONDecodeError as error:
        raise UsageError(f"{what} {path}: not JSON: {error}") from error
    try:
        return Audit.model_validate_json(text)  # strict: no coercion, no unknown field
    except ValidationError as error:
        first = error.errors()[0]
        field = "/" + "/".join(str(part) for part in first["loc"])
        raise UsageError(
            f"{what} {path}: not a meshgate audit (version 1): {field}: {first['msg']}",
            hint="Give a JSON written by `meshgate audit --format json=...` of this version.",
        ) from error
