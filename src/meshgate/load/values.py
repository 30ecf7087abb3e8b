"""Values Python reads but JSON tools and the policy engine cannot hold."""

from __future__ import annotations

import re

# A number whose magnitude passes the largest double (about 1.8e308): the
# policy engine refuses it, and one with thousands of digits passes Python's
# own limit on turning digits into an integer.
_MAX_BITS = 1024
_MAX_DIGITS = 308
_DIGITS = re.compile(r"[-+]?[0-9_]+")
_SURROGATE = re.compile("[\ud800-\udfff]")
_SHOWN_CHARS = 24


def int_too_large(value: int) -> bool:
    return value.bit_length() > _MAX_BITS


def digits_too_many(text: str) -> bool:
    """Whether text is an integer written with more digits than a double holds."""
    return len(text) > _MAX_DIGITS and _DIGITS.fullmatch(text) is not None


def shown(text: str) -> str:
    """Text short enough to quote in a message."""
    return text if len(text) <= _SHOWN_CHARS else f"{text[:_SHOWN_CHARS]}... ({len(text):,} characters)"


def too_large_message(text: str) -> str:
    return f"'{shown(text)}' is too large a number for JSON tools and the policy engine (more than about 1.8e308)"


def has_surrogate(text: str) -> bool:
    return _SURROGATE.search(text) is not None


def without_surrogates(text: str) -> str:
    """Text with each lone surrogate replaced by U+FFFD, the replacement character."""
    return _SURROGATE.sub("\ufffd", text)


def surrogate_message(text: str) -> str:
    found = _SURROGATE.search(text)
    code = ord(found.group()) if found else 0xFFFD
    return (
        f"'\\u{code:04x}' is a lone surrogate escape, not a character; meshgate reads it as U+FFFD "
        f"('{shown(without_surrogates(text))}')"
    )
