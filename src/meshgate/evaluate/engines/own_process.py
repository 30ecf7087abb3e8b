"""One large input evaluated by the embedded engine in a process of its own, whose memory leaves with it.

regorus keeps what it allocated for an input (the mesh's: about five times
its JSON, and the indexes the mesh rules build) until the process ends, and
Python's own objects cannot reuse that memory. So the mesh of a large run is
evaluated in a child, ``python -m meshgate.evaluate.engines.own_process
ANSWERS``: it reads the policy set and the entry point (pickled) on its
standard input, then each input as frames of UTF-8 (a 4-byte length, then the
bytes; an empty frame ends the input), and writes the answers (pickled) to
the file ANSWERS, leaving its standard output to anything a policy prints.
The inputs are framed, not pickled, so that the parent sends the pieces it
holds and never a second copy of the mesh.
"""

from __future__ import annotations

import pickle
import struct
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import IO

from meshgate.errors import MeshgateError, temporary_space
from meshgate.evaluate.engines import Answer, EngineFailure, Text
from meshgate.evaluate.policies import PolicySet
from meshgate.evaluate.runtime import EntryPoint

# From this many characters of input (about 5,000 products' mesh views), the mesh is evaluated in a child:
FROM_CHARS = 4_000_000  # below, starting the child (a quarter of a second) costs more than it saves
_FRAME_CHARS = 1 << 20
_LENGTH = struct.Struct(">I")
_UNPICKLING = (pickle.UnpicklingError, EOFError, ValueError, TypeError, AttributeError, ImportError, IndexError)


def _command(answers: Path) -> list[str]:
    return [sys.executable, "-m", __name__, str(answers)]


def _died(code: int, stderr: bytes) -> MeshgateError:
    how = f"killed by signal {-code}" if code < 0 else f"exit code {code}"
    said = stderr.decode("utf-8", "replace").strip().splitlines()
    return MeshgateError(
        f"the process evaluating the mesh ended without answering ({how})" + (f": {said[-1][:200]}" if said else ""),
        hint="It was probably out of memory: check the machine's limits, or audit the mesh in shards "
        "(meshgate audit --shard i/n, then meshgate audit merge).",
    )


def _send(stream: IO[bytes], policy_set: PolicySet, entry: EntryPoint, inputs: Sequence[Text]) -> None:
    pickle.dump((policy_set, entry, len(inputs)), stream, protocol=pickle.HIGHEST_PROTOCOL)
    for text in inputs:
        for piece in (text,) if isinstance(text, str) else text:
            for start in range(0, len(piece), _FRAME_CHARS):
                # surrogatepass: the child rebuilds the very string sent, as pickle would
                data = piece[start : start + _FRAME_CHARS].encode("utf-8", "surrogatepass")
                stream.write(_LENGTH.pack(len(data)))
                stream.write(data)
        stream.write(_LENGTH.pack(0))


def _received(stream: IO[bytes]) -> tuple[PolicySet, EntryPoint, list[str]]:
    policy_set, entry, count = pickle.load(stream)  # noqa: S301 - sent by the parent process
    inputs: list[str] = []
    for _ in range(count):
        pieces: list[str] = []
        while size := _LENGTH.unpack(_exactly(stream, _LENGTH.size))[0]:
            pieces.append(_exactly(stream, size).decode("utf-8", "surrogatepass"))
        inputs.append("".join(pieces))
    return policy_set, entry, inputs


def _exactly(stream: IO[bytes], size: int) -> bytes:
    data = stream.read(size)
    if len(data) != size:
        raise EOFError(f"the input ended early ({len(data)} of {size} bytes)")
    return data


def evaluate(policy_set: PolicySet, entry: EntryPoint, inputs: Sequence[Text]) -> list[Answer]:
    """The engine's answers for ``inputs``, computed in a child process."""
    import subprocess
    import tempfile

    try:
        handle = tempfile.NamedTemporaryFile(prefix="meshgate-answers-", delete=False)  # noqa: SIM115
        handle.close()
        errors = tempfile.TemporaryFile()  # noqa: SIM115 - closed below
    except OSError as error:
        raise temporary_space(error) from error
    answers_file = Path(handle.name)
    try:
        # Its standard error goes to a file, not a pipe: a child that writes much while the parent is still
        # sending would otherwise wait on a full pipe, and the parent on it.
        try:
            child = subprocess.Popen(  # noqa: S603 - this Python, this module, a path of our own
                _command(answers_file), stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=errors
            )
        except OSError as error:
            raise MeshgateError(
                f"the process to evaluate the mesh could not be started: {error}",
                hint="Check the machine's process and memory limits, or audit the mesh in shards "
                "(meshgate audit --shard i/n, then meshgate audit merge).",
            ) from error
        try:
            assert child.stdin is not None  # stdin=PIPE
            with child.stdin:
                _send(child.stdin, policy_set, entry, inputs)
        except BrokenPipeError:
            pass  # the child ended before reading it all: its exit code and standard error say why
        finally:
            code = child.wait()
        if code != 0:
            errors.seek(0)
            raise _died(code, errors.read())
        try:
            answers = pickle.loads(answers_file.read_bytes())  # noqa: S301 - written by our own child process
        except (*_UNPICKLING, OSError) as error:
            raise MeshgateError(
                f"the process evaluating the mesh gave no readable answer ({type(error).__name__}: {error})",
                hint="This is unexpected: run again, and report it if it repeats.",
            ) from error
    finally:
        errors.close()
        answers_file.unlink(missing_ok=True)
    if not isinstance(answers, list) or len(answers) != len(inputs):
        raise MeshgateError(
            "the process evaluating the mesh answered something else than one answer per input",
            hint="This is unexpected: run again, and report it if it repeats.",
        )
    return [answer if isinstance(answer, dict | EngineFailure) else {} for answer in answers]


def _main(answers_file: str) -> None:
    from meshgate.evaluate.engines.regorus import RegorusEvaluator

    policy_set, entry, inputs = _received(sys.stdin.buffer)
    answers = RegorusEvaluator(policy_set).evaluate_here(entry, inputs)
    Path(answers_file).write_bytes(pickle.dumps(answers, protocol=pickle.HIGHEST_PROTOCOL))


if __name__ == "__main__":
    _main(sys.argv[1])
