"""The tool's own failures.

A descriptor's problems are findings; these exceptions are for problems with
meshgate's inputs that are not descriptors (options, configuration, policies,
data files) and with its engine. The CLI maps every one of them to exit code 2.
"""

from __future__ import annotations


class MeshgateError(Exception):
    """A problem the user can fix in how meshgate is run (exit code 2)."""

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return self.message

    def __reduce__(self) -> tuple[object, ...]:
        # Keep every attribute when an error crosses from a worker process.
        return (_restore, (type(self), self.args, dict(self.__dict__)))


def _restore(kind: type[MeshgateError], args: tuple[object, ...], state: dict[str, object]) -> MeshgateError:
    error = kind.__new__(kind)
    Exception.__init__(error, *args)
    error.__dict__.update(state)
    return error


class UsageError(MeshgateError):
    """A bad option, path or data file."""


def temporary_space(error: OSError) -> MeshgateError:
    """A temporary file a large run keeps its data in could not be made, written or read."""
    import tempfile

    return MeshgateError(
        f"cannot use a temporary file in {tempfile.gettempdir()}: {error.strerror or error}",
        hint="A large run keeps part of its data there: free some space, or point TMPDIR at a larger disk.",
    )


class PolicyError(MeshgateError):
    """A policy that does not load, compile or evaluate."""

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        line: int | None = None,
        column: int | None = None,
        hint: str | None = None,
    ) -> None:
        location = file or ""
        if file and line:
            location = f"{file}:{line}:{column or 1}"
        super().__init__(f"{location}: {message}" if location else message, hint=hint)
        self.file = file
        self.line = line
        self.column = column
