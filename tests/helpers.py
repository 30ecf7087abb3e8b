"""Small builders shared by the unit tests."""

from __future__ import annotations

import textwrap

from meshgate.limits import Limits
from meshgate.load.document import Document
from meshgate.load.files import load_bytes


def document(text: str, path: str = "d.yaml") -> Document:
    loaded = load_bytes(textwrap.dedent(text).encode(), path, Limits())
    assert len(loaded.documents) == 1, loaded.findings
    return loaded.documents[0]
