"""Write the default descriptor names into the README and the pre-commit hook, from meshgate.discover.

``meshgate.discover.DEFAULT_PATTERNS`` is the one list of the file names
directories are searched for. ``validate --help`` prints it when asked; the
README's list (between the ``default-patterns`` markers) and the
``meshgate-validate`` hook's ``files:`` regular expression are generated from it
by this script, and tests/test_newcomer.py fails when either is out of date.

Run: python tools/default_patterns.py
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from meshgate.discover import DEFAULT_PATTERNS, describe_patterns, precommit_files_regex

REPO = Path(__file__).resolve().parents[1]
README = REPO / "README.md"
HOOKS = REPO / ".pre-commit-hooks.yaml"
BEGIN, END = "<!-- default-patterns -->", "<!-- /default-patterns -->"
_BLOCK = re.compile(re.escape(BEGIN) + r".*?" + re.escape(END), re.DOTALL)
# The descriptor hooks' files: lines (meshgate-validate, meshgate-breaking); meshgate-test's is \.rego$.
_FILES = re.compile(r"^(?P<indent>\s*)files: \(\?i\).*$", re.MULTILINE)


def readme_block() -> str:
    names = ", ".join(f"`{name}`" for name in describe_patterns(DEFAULT_PATTERNS).split(", "))
    return f"{BEGIN}{names}{END}"


def readme_text(text: str) -> str:
    if not _BLOCK.search(text):
        raise SystemExit(f"{README}: no {BEGIN} ... {END} block")
    return _BLOCK.sub(lambda _: readme_block(), text, count=1)


def hooks_text(text: str) -> str:
    """The hook file with every descriptor hook's files: regex replaced."""
    if not _FILES.search(text):
        raise SystemExit(f"{HOOKS}: no files: line")
    return _FILES.sub(lambda match: f"{match['indent']}files: {precommit_files_regex(DEFAULT_PATTERNS)}", text)


def main() -> int:
    for path, rewrite in ((README, readme_text), (HOOKS, hooks_text)):
        text = path.read_text(encoding="utf-8")
        path.write_text(rewrite(text), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
