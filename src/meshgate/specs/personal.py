"""Personal data: every way a descriptor marks it, in one place.

A field (an ODCS schema object or property, a DCS field, a Witboost column)
is personal data when any of these says so:

- a ``pii`` (or ``containsPii``) key that is true: DCS fields, ODCS written by
  some tools;
- a ``customProperties`` entry ``pii`` or ``containsPii`` whose value is true
  (ODCS, ODPS: datacontract-cli and Entropy Data write them);
- a tag naming personal data in its ``tags``: a string (``pii``,
  ``personal-data``, ``gdpr``; ODCS and DCS) or a Witboost/OpenMetadata tag
  whose ``tagFQN`` does (``PII.Sensitive``, ``PersonalData.Personal``);
- a classification that names personal data (``pii``, ``personal``, ``gdpr``).

An ODCS contract or schema object tagged so marks the whole port. The
normalizers record each marked field as a ``PersonalField`` with its own
classification, and set ``access.pii``; ``access/pii-classification`` checks
both against ``pii_minimum_classification``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from meshgate.model.product import PersonalField
from meshgate.specs.fields import Raw, as_flag, as_text

_PERSONAL = re.compile(r"\bpii\b|personal|\bgdpr\b", re.IGNORECASE)
_FLAGS = ("pii", "containsPii")


def names_personal(text: str | None) -> bool:
    """Whether a tag or classification text names personal data."""
    return text is not None and _PERSONAL.search(text) is not None


def tag_mark(raw: Raw) -> str | None:
    """The pointer of the first tag of raw's ``tags`` that names personal data."""
    found = raw.get("tags")
    if found is None or type(found.value) is not list:
        return None
    for index, tag in enumerate(found.value):
        text = as_text(tag.get("tagFQN")) if type(tag) is dict else as_text(tag)
        if names_personal(text):
            return f"{found.pointer}/{index}"
    return None


def flag_mark(raw: Raw) -> tuple[bool, str] | None:
    """A ``pii``/``containsPii`` key or custom property of raw: its value and pointer, if written."""
    for key in _FLAGS:
        if (found := raw.get(key)) is not None and (flag := as_flag(found.value)) is not None:
            return flag, found.pointer
    for item in raw.items("customProperties"):
        prop = as_text(item.value.get("property"))
        if prop is not None and prop.lower() in ("pii", "containspii") and "value" in item.value:
            flag = as_flag(item.value["value"])
            if flag is not None:
                return flag, f"{item.pointer}/value"
    return None


def mark(raw: Raw) -> str | None:
    """The pointer of what marks raw (a field, a schema object, a contract) as personal data, if anything does."""
    flagged = flag_mark(raw)
    if flagged is not None:
        return flagged[1] if flagged[0] else None
    if (tag := tag_mark(raw)) is not None:
        return tag
    found = raw.get("classification")
    if found is not None and names_personal(as_text(found.value)):
        return found.pointer
    return None


def personal_fields(fields: Iterable[tuple[str | None, Raw]]) -> tuple[PersonalField, ...]:
    """The fields (name, raw) marked as personal data, each with its own classification."""
    found = []
    for name, raw in fields:
        where = mark(raw)
        if where is None:
            continue
        classification = raw.get("classification")
        sources = {"name": where}
        if classification is not None:
            sources["classification"] = classification.pointer
        found.append(
            PersonalField(
                name=name,
                classification=as_text(classification.value) if classification is not None else None,
                pointer=raw.pointer,
                sources=sources,
            )
        )
    return tuple(found)
