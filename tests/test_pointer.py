from __future__ import annotations

import pytest

from meshgate.model import pointer as jp


@pytest.mark.parametrize(
    ("pointer", "tokens"),
    [("", []), ("/a", ["a"]), ("/a/0/b", ["a", "0", "b"]), ("/a~1b/c~0d", ["a/b", "c~d"]), ("/", [""])],
)
def test_tokens_round_trip(pointer: str, tokens: list[str]) -> None:
    assert jp.tokens(pointer) == tokens
    assert jp.from_parts(tokens) == pointer


def test_join_escapes() -> None:
    assert jp.join("/outputPorts", 0, "a/b") == "/outputPorts/0/a~1b"


def test_ancestors_walk_to_the_root() -> None:
    assert list(jp.ancestors("/a/b/0")) == ["/a/b/0", "/a/b", "/a", ""]


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/owner", "/owner"),
        ("", ""),
        ("outputPorts[0].name", "/outputPorts/0/name"),
        ("$.team.members[1]", "/team/members/1"),
        ("owner", "/owner"),
        ("a..b", None),
        ("[x]", None),
        ("a[0]x", None),
    ],
)
def test_normalize_accepts_pointers_and_dotted_paths(path: str, expected: str | None) -> None:
    assert jp.normalize(path) == expected


def test_resolve() -> None:
    data = {"a": [{"b": 1}]}
    assert jp.resolve(data, "/a/0/b") == 1
    with pytest.raises(KeyError):
        jp.resolve(data, "/x")


def test_is_within() -> None:
    assert jp.is_within("/ports/1/name", "/ports/1")
    assert jp.is_within("/ports/1", "/ports/1")
    assert not jp.is_within("/ports/10", "/ports/1")
