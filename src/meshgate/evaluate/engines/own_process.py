"""One large input evaluated by the embedded engine in a process of its own, whose memory leaves with it.

regorus keeps what it allocated for an input (the mesh's: about five times
its JSON, and the indexes the mesh rules build) until the process ends, and
Python's own objects cannot reuse that memory. So the mesh of a large run is
evaluated in a child, ``python -m meshgate.evaluate.engines.own_process
ANSWERS``: it reads the policy set, the entry point and the inputs (pickled)
on its standard input and writes the answers (pickled) to the file ANSWERS,
leaving its standard output to anything a policy prints.
"""

from __future__ import annotations

import pickle
import sys
from collections.abc import Sequence
from pathlib import Path

from meshgate.errors import MeshgateError, temporary_space
from meshgate.evaluate.engines import Answer, EngineFailure
from meshgate.evaluate.policies import PolicySet
from meshgate.evaluate.runtime import EntryPoint

# From this many characters of input (about 5,000 products' mesh views), the mesh is evaluated in a child:
FROM_CHARS = 4_000_000  # below, starting the child (a quarter of a second) costs more than it saves
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


def evaluate(policy_set: PolicySet, entry: EntryPoint, inputs: Sequence[str]) -> list[Answer]:
    """The engine's answers for ``inputs``, computed in a child process."""
    import subprocess
    import tempfile

    request = pickle.dumps((policy_set, entry, list(inputs)), protocol=pickle.HIGHEST_PROTOCOL)
    try:
        handle = tempfile.NamedTemporaryFile(prefix="meshgate-answers-", delete=False)  # noqa: SIM115
        handle.close()
    except OSError as error:
        raise temporary_space(error) from error
    answers_file = Path(handle.name)
    try:
        done = subprocess.run(  # noqa: S603 - this Python, this module, a path of our own
            _command(answers_file), input=request, capture_output=True, check=False
        )
        if done.returncode != 0:
            raise _died(done.returncode, done.stderr)
        try:
            answers = pickle.loads(answers_file.read_bytes())  # noqa: S301 - written by our own child process
        except (*_UNPICKLING, OSError) as error:
            raise MeshgateError(
                f"the process evaluating the mesh gave no readable answer ({type(error).__name__}: {error})",
                hint="This is unexpected: run again, and report it if it repeats.",
            ) from error
    finally:
        answers_file.unlink(missing_ok=True)
    if not isinstance(answers, list) or len(answers) != len(inputs):
        raise MeshgateError(
            "the process evaluating the mesh answered something else than one answer per input",
            hint="This is unexpected: run again, and report it if it repeats.",
        )
    return [answer if isinstance(answer, dict | EngineFailure) else {} for answer in answers]


def _main(answers_file: str) -> None:
    from meshgate.evaluate.engines.regorus import RegorusEvaluator

    policy_set, entry, inputs = pickle.load(sys.stdin.buffer)  # noqa: S301 - sent by the parent process
    answers = RegorusEvaluator(policy_set).evaluate_here(entry, inputs)
    Path(answers_file).write_bytes(pickle.dumps(answers, protocol=pickle.HIGHEST_PROTOCOL))


if __name__ == "__main__":
    _main(sys.argv[1])
