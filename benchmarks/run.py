"""Whole-process benchmarks of meshgate, with medians and ratios against the anchors.

    python benchmarks/run.py            # all scenarios
    python benchmarks/run.py single     # one descriptor, side by side with check-jsonschema
    python benchmarks/run.py bulk       # 1,000 and 10,000 descriptors: descriptors/s and peak memory
    python benchmarks/run.py errors     # the same with descriptors that carry schema and policy findings
    python benchmarks/run.py all --against ea792e0   # side by side with meshgate as of another commit
    .venv/bin/python benchmarks/run.py opa   # 1,000 descriptors with --engine opa against the OPA test
                                        # server (tests/opa_server.py, real OPA engine, loopback; run it with
                                        # the Python that has the engine, .ci/run's venv): vs the embedded
                                        # engine, and batch size 1 vs the default
    python benchmarks/run.py against    # validate --against REF vs plain validate, 100 descriptors at two commits
    python benchmarks/run.py audit      # a generated mesh (benchmarks/mesh.py) of 1,000 and 10,000 descriptors:
                                        # the audit with every output vs validate, peak memory, the mesh
                                        # rules' time per count, and 4 shards merged vs one run
    python benchmarks/run.py audit-memory --counts 100000   # one audit per count: its time, the peak of
                                        # its largest process and of all its processes together

Each measurement runs the real command in a fresh process, several times, and
reports the median (min-max). Peak memory is the largest resident set of the
process and its workers (ru_maxrss from os.wait4 of that very run).

The tools run from benchmarks/.work/venv, where this checkout is installed as a
wheel (as users get it, with compiled bytecode) beside check-jsonschema; the
venv is rebuilt when the sources change.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from descriptor import broken_descriptor, descriptor
from mesh import mesh

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
WORK = HERE / ".work"
VENV = WORK / "venv"
BIN = VENV / "bin"
SCHEMA = REPO / "schemas" / "bitol-odps" / "v1.0.0.schema.json"
ANCHOR = "check-jsonschema==0.39.0"


def _source_digest() -> str:
    digest = hashlib.sha256(ANCHOR.encode())
    for root in ("src", "schemas", "policies", "pyproject.toml"):
        paths = [REPO / root] if (REPO / root).is_file() else sorted((REPO / root).rglob("*"))
        for path in paths:
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(str(path.relative_to(REPO)).encode() + path.read_bytes())
    return digest.hexdigest()


def ensure_venv() -> None:
    """Install this checkout (as a wheel) and the anchor tool into a venv of their own."""
    stamp = VENV / "meshgate-source.sha256"
    digest = _source_digest()
    if stamp.is_file() and stamp.read_text() == digest:
        return
    print("installing meshgate and check-jsonschema into benchmarks/.work/venv ...", file=sys.stderr)
    shutil.rmtree(VENV, ignore_errors=True)
    subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
    subprocess.run([str(BIN / "pip"), "install", "--quiet", str(REPO), ANCHOR], check=True)
    stamp.write_text(digest)


AGAINST: Path | None = None  # bin/ of a venv holding meshgate as of --against REV


def ensure_against(revision: str) -> Path:
    """meshgate as of a git revision, installed from `git archive` into a venv of its own."""
    sha = subprocess.run(
        ["git", "rev-parse", "--verify", f"{revision}^{{commit}}"], cwd=REPO, capture_output=True, text=True, check=True
    ).stdout.strip()
    venv = WORK / f"venv-{sha[:12]}"
    if (venv / "bin" / "meshgate").exists():
        return venv / "bin"
    print(f"installing meshgate {sha[:12]} into {venv} ...", file=sys.stderr)
    source = WORK / f"src-{sha[:12]}"
    shutil.rmtree(source, ignore_errors=True)
    source.mkdir(parents=True)
    archive = subprocess.run(["git", "archive", sha], cwd=REPO, capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(source)], input=archive, check=True)
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    subprocess.run([str(venv / "bin" / "pip"), "install", "--quiet", str(source)], check=True)
    return venv / "bin"


@dataclass
class Measurement:
    name: str
    runs: list[float]
    peak_rss_mb: float
    exit_code: int

    @property
    def median(self) -> float:
        return statistics.median(self.runs)

    def describe(self) -> str:
        return f"{self.median:.3f} s (min {min(self.runs):.3f}, max {max(self.runs):.3f}, n={len(self.runs)})"


def _reaped(process: subprocess.Popen[bytes], *, block: bool = True) -> float | None:
    """Reap ``process`` (or, with ``block`` False, None while it runs) and return its own peak RSS in MB.

    ``os.wait4`` gives the peak of this process and the descendants it waited for (its workers), where
    ``getrusage(RUSAGE_CHILDREN)`` would give the largest of every child this harness ever ran.
    """
    pid, status, usage = os.wait4(process.pid, 0 if block else os.WNOHANG)
    if pid == 0:
        return None
    process.returncode = os.waitstatus_to_exitcode(status)
    return usage.ru_maxrss / 1024


def _timed(command: Sequence[str]) -> tuple[float, float, int]:
    """Wall time, peak RSS (MB) of the process and its workers, and exit code of one run."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    assert process.stderr is not None  # stderr=PIPE
    stderr = process.stderr.read()
    peak = _reaped(process)
    elapsed = time.perf_counter() - start
    if process.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(command)} exited {process.returncode}:\n{stderr.decode()}")
    return elapsed, peak or 0.0, process.returncode


def measure(name: str, command: Sequence[str], runs: int, warmup: int = 1) -> Measurement:
    for _ in range(warmup):
        _timed(command)
    times, peaks, code = [], [], 0
    for _ in range(runs):
        elapsed, peak, code = _timed(command)
        times.append(elapsed)
        peaks.append(peak)
    return Measurement(name, times, max(peaks), code)


def interleaved(commands: dict[str, list[str]], runs: int) -> dict[str, Measurement]:
    """Each command once to warm the caches, then ``runs`` rounds of all of them, so drift in machine load
    hits them alike."""
    results = {name: Measurement(name, [], 0.0, 0) for name in commands}
    for command in commands.values():
        _timed(command)
    for _ in range(runs):
        for name, command in commands.items():
            elapsed, peak, code = _timed(command)
            results[name].runs.append(elapsed)
            results[name].peak_rss_mb = max(results[name].peak_rss_mb, peak)
            results[name].exit_code = code
    return results


def _proportional(pid: int) -> int:
    """A process's proportional set size (bytes): its own pages, and its share of pages it shares."""
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1]) * 1024
    except (OSError, IndexError, ValueError):
        pass  # ended while it was read, or a kernel without smaps_rollup
    return 0


def _process_tree_peaks(command: Sequence[str]) -> tuple[float, float, float, float]:
    """Wall time, the largest process's peak RSS, and the peaks of all the processes' RSS and PSS together (MB).

    Sampled from /proc every 0.1 s (Linux), so short peaks can be missed; the largest process's is
    ru_maxrss, exact. The sums are what a machine or a container limit must hold: the audit's workers,
    then its parent and the process that evaluates the mesh, run at the same time. The RSS sum counts
    the pages forked workers share with the parent once per process; the PSS sum (each process's own
    pages and its share of shared ones) counts them once, as a memory limit does.
    """
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    together = proportional = 0
    while (largest := _reaped(process, block=False)) is None:
        parents: dict[int, int] = {}
        sizes: dict[int, int] = {}
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                resident = int((entry / "statm").read_text().split()[1])
            except (OSError, IndexError, ValueError):
                continue  # a process that ended while it was read
            pid = int(entry.name)
            parents[pid], sizes[pid] = int(stat[1]), resident * os.sysconf("SC_PAGE_SIZE")
        tree, grown = {process.pid}, True
        while grown:
            found = {pid for pid, parent in parents.items() if parent in tree} - tree
            tree |= found
            grown = bool(found)
        together = max(together, sum(sizes.get(pid, 0) for pid in tree))
        proportional = max(proportional, sum(_proportional(pid) for pid in tree))
        time.sleep(0.1)
    elapsed = time.perf_counter() - start
    return elapsed, largest, together / 2**20, proportional / 2**20


def _audit_out() -> Path:
    """The audit scenarios' output directory, emptied."""
    out = WORK / "audit-out"
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    return out


def _audit_command(directory: Path, out: Path) -> list[str]:
    """`meshgate audit run` over ``directory`` with every output (HTML, JSON, CSV, Markdown) into ``out``."""
    outputs = [f"html={out / 'audit.html'}", f"json={out / 'audit.json'}", f"csv={out / 'csv'}"]
    outputs.append(f"markdown={out / 'audit.md'}")
    return [str(BIN / "meshgate"), "audit", "run", str(directory), *(arg for o in outputs for arg in ("--format", o))]


def audit_peak(counts: Sequence[int]) -> dict[str, object]:
    """One audit with every output per count: its time and memory, the largest process and all together."""
    out = _audit_out()
    summary: dict[str, object] = {}
    print("\n## Audit memory: one run with every output, on the generated mesh (benchmarks/mesh.py)\n")
    print("| descriptors | wall time | largest process (peak RSS) | all processes together: RSS | PSS |")
    print("|---|---|---|---|---|")
    for count in counts:
        elapsed, largest, together, proportional = _process_tree_peaks(_audit_command(_mesh(count), out))
        print(f"| {count:,} | {elapsed:.0f} s | {largest:.0f} MB | {together:.0f} MB | {proportional:.0f} MB |")
        summary[f"audit {count}"] = {
            "seconds": round(elapsed, 1),
            "largest_mb": round(largest),
            "all_mb": round(together),
            "all_pss_mb": round(proportional),
        }
    print("\ntarget: at 100,000 descriptors, peak memory <= 1 GiB")
    return summary


def single(runs: int) -> dict[str, object]:
    WORK.mkdir(exist_ok=True)
    file = WORK / "single.odps.yaml"
    file.write_text(descriptor(1), encoding="utf-8")
    meshgate = [str(BIN / "meshgate"), "validate", str(file)]
    checker = [str(BIN / "check-jsonschema"), "--schemafile", str(SCHEMA), str(file)]
    commands = {
        "python -c pass": [str(BIN / "python"), "-c", "pass"],
        "meshgate validate (schema + all policies)": meshgate,
    }
    if AGAINST is not None:
        commands["meshgate validate, --against revision"] = [str(AGAINST / "meshgate"), "validate", str(file)]
    if (BIN / "check-jsonschema").exists():
        commands["check-jsonschema (schema only)"] = checker
    results = interleaved(commands, runs)
    print(f"\n## One descriptor ({file.stat().st_size:,} bytes, Bitol ODPS v1.0.0), {runs} runs each\n")
    print("| command | median wall time | peak RSS |")
    print("|---|---|---|")
    for result in results.values():
        print(f"| {result.name} | {result.describe()} | {result.peak_rss_mb:.0f} MB |")
    mesh = results["meshgate validate (schema + all policies)"].median
    summary: dict[str, object] = {"meshgate_median_s": round(mesh, 4), "target_s": 0.2}
    if AGAINST is not None:
        ratio = mesh / results["meshgate validate, --against revision"].median
        summary["ratio_to_against"] = round(ratio, 3)
        print(f"\nmeshgate / meshgate at the --against revision = {ratio:.2f}")
    if "check-jsonschema (schema only)" in results:
        ratio = mesh / results["check-jsonschema (schema only)"].median
        summary["ratio_to_check_jsonschema"] = round(ratio, 3)
        print(f"\nmeshgate / check-jsonschema = {ratio:.2f} (target: meshgate <= 0.2 s and below check-jsonschema)")
    summary["measurements"] = {name: asdict(result) for name, result in results.items()}
    return summary


KINDS = {
    "clean": (descriptor, "3 KB Bitol ODPS descriptors as published (their ports name contracts kept elsewhere)"),
    "errors": (broken_descriptor, "the same descriptors with 5 schema errors and 7 policy or load findings each"),
}


def _bulk_command(bin_dir: Path, directory: Path) -> list[str]:
    output = WORK / f"bulk-report-{bin_dir.parent.name}.json"
    return [str(bin_dir / "meshgate"), "validate", str(directory), "--format", "json", "--output", str(output)]


def bulk(counts: Sequence[int], runs: int, kind: str = "clean") -> dict[str, object]:
    summary: dict[str, object] = {}
    _, label = KINDS[kind]
    print(f"\n## Bulk ({kind}): {label}; schema + all policies\n")
    print("| meshgate | descriptors | jobs | median wall time | descriptors/s | peak RSS (largest process) |")
    print("|---|---|---|---|---|---|")
    for count in counts:
        directory = _descriptors(count, kind)
        commands = {"meshgate": _bulk_command(BIN, directory)}
        if AGAINST is not None:
            commands["--against revision"] = _bulk_command(AGAINST, directory)
        measured = interleaved(commands, runs)
        for name, result in measured.items():
            rate = count / result.median
            peak = result.peak_rss_mb
            jobs = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
            print(f"| {name} | {count:,} | {jobs} | {result.describe()} | {rate:,.0f} | {peak:.0f} MB |")
            summary[f"{name} {count}"] = {
                "median_s": round(result.median, 3),
                "per_second": round(rate),
                "peak_rss_mb": round(peak),
                "runs": result.runs,
            }
        if AGAINST is not None:
            ratio = measured["meshgate"].median / measured["--against revision"].median
            print(f"| ratio (this / --against) | {count:,} | | {ratio:.2f} | | |")
    print("\ntarget: >= 1,000 descriptors/s")
    return summary


def _descriptors(count: int, kind: str = "clean") -> Path:
    make, _ = KINDS[kind]
    directory = WORK / f"bulk-{kind}-{count}"
    if not directory.is_dir() or len(list(directory.iterdir())) != count:
        shutil.rmtree(directory, ignore_errors=True)
        directory.mkdir(parents=True)
        for index in range(count):
            (directory / f"product-{index:05d}.odps.yaml").write_text(make(index), encoding="utf-8")
    return directory


def opa(count: int, runs: int) -> dict[str, object]:
    """--engine opa against the OPA test server on loopback (needs opa-golib-python-bindings in this Python)."""
    sys.path.insert(0, str(REPO / "tests"))
    try:
        from opa_server import OpaServer
    except ImportError as error:
        raise SystemExit(f"the opa scenario needs the OPA test server's engine: {error}") from error
    directory = _descriptors(count)
    bundle = WORK / "meshgate-bundle.tar.gz"
    subprocess.run([str(BIN / "meshgate"), "bundle", "-o", str(bundle)], check=True, capture_output=True)
    server = OpaServer().start()
    try:
        server.state.load_bundle(bundle)
        base = [str(BIN / "meshgate"), "validate", str(directory), "--format", "json"]
        base += ["--output", str(WORK / "opa-report.json")]
        served = [*base, "--engine", "opa", "--opa-url", server.url, "--opa-timeout", "60"]
        commands = {
            "embedded (regorus)": base,
            "opa, bundle mode, default batch (16)": [*served, "--opa-mode", "bundle"],
            "opa, bundle mode, batch size 1": [*served, "--opa-mode", "bundle", "--opa-batch-size", "1"],
            "opa, push mode (upload, verify, clean up included)": served,
        }
        results = {name: measure(name, command, runs) for name, command in commands.items()}
    finally:
        server.stop()
    embedded = results["embedded (regorus)"].median
    print(f"\n## --engine opa: {count:,} descriptors, OPA test server on loopback (real OPA 1.20.2 engine)\n")
    print("| engine | median wall time | descriptors/s | time / embedded |")
    print("|---|---|---|---|")
    summary: dict[str, object] = {}
    for name, result in results.items():
        rate = count / result.median
        print(f"| {name} | {result.describe()} | {rate:,.0f} | {result.median / embedded:.2f} |")
        summary[name] = {"median_s": round(result.median, 3), "per_second": round(rate), "runs": result.runs}
    batched = results["opa, bundle mode, default batch (16)"].median
    single_input = results["opa, bundle mode, batch size 1"].median
    print(f"\nbatching: batch size 1 takes {single_input / batched:.2f}x the time of the default batch")
    print("target: >= 250 descriptors/s with --engine opa")
    return summary


_REVENUE_PORT = """  - name: daily-revenue
    description: Revenue per day, market and product line, reconciled with finance after each monthly close.
    type: tables
    version: 1.0.0
"""


def _git(repo: Path, *args: str) -> None:
    identity = ["-c", "user.name=bench", "-c", "user.email=bench@meshgate.example", "-c", "commit.gpgsign=false"]
    subprocess.run(["git", *identity, *args], cwd=repo, check=True, capture_output=True)


def against(count: int, runs: int) -> dict[str, object]:
    """``validate --against HEAD~1`` on a repository whose descriptors all changed, vs plain ``validate``."""
    repo = WORK / f"against-{count}"
    if not (repo / ".git").is_dir():
        shutil.rmtree(repo, ignore_errors=True)
        (repo / "products").mkdir(parents=True)
        _git(repo, "init", "-q")
        for index in range(count):
            (repo / "products" / f"product-{index:05d}.odps.yaml").write_text(descriptor(index), encoding="utf-8")
        _git(repo, "add", "-A")
        _git(repo, "commit", "-q", "-m", "first")
        for index in range(count):  # every descriptor changes: half lose a port (breaking), half a description
            file = repo / "products" / f"product-{index:05d}.odps.yaml"
            text = file.read_text(encoding="utf-8")
            if index % 2:
                text = text.replace("refreshed hourly.", "refreshed every hour.")
            else:
                start = text.index(_REVENUE_PORT)
                text = text[:start] + text[text.index("\n", start + len(_REVENUE_PORT)) + 1 :]
            file.write_text(text, encoding="utf-8")
        _git(repo, "commit", "-q", "-a", "-m", "second")
    output = ["--format", "json", "--output", str(WORK / "against-report.json")]
    commands = {
        "validate": [str(BIN / "meshgate"), "validate", "products", *output],
        "validate --against HEAD~1": [str(BIN / "meshgate"), "validate", "products", "--against", "HEAD~1", *output],
    }
    cwd = Path.cwd()
    os.chdir(repo)
    try:
        results = interleaved(commands, runs)
    finally:
        os.chdir(cwd)
    ratio = results["validate --against HEAD~1"].median / results["validate"].median
    print(f"\n## validate --against: {count} descriptors changed between two commits, {runs} runs each\n")
    print("| command | median wall time |")
    print("|---|---|")
    for result in results.values():
        print(f"| meshgate {result.name} | {result.describe()} |")
    print(f"\nratio = {ratio:.2f} (target: <= 1.5)")
    return {
        "ratio": round(ratio, 3),
        "target_ratio": 1.5,
        "measurements": {name: asdict(result) for name, result in results.items()},
    }


def _mesh(count: int) -> Path:
    """The generated mesh of ``count`` descriptors, outside any git checkout (the audit reads histories)."""
    directory = Path(tempfile.gettempdir()) / "meshgate-bench" / f"mesh-{count}"
    stamp = directory / ".complete"
    if not stamp.is_file():
        shutil.rmtree(directory, ignore_errors=True)
        for name, text in mesh(count):
            path = directory / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        stamp.write_text(str(count), encoding="utf-8")
    return directory


def _mesh_seconds(directory: Path) -> tuple[float, int]:
    """The mesh entry point's time in one validate run, measured in a fresh process (benchmarks/mesh_time.py)."""
    out = subprocess.run(
        [str(BIN / "python"), str(HERE / "mesh_time.py"), str(directory)], capture_output=True, text=True, check=True
    ).stdout.split()
    return float(out[0]), int(out[1])


def audit(counts: Sequence[int], runs: int) -> dict[str, object]:
    """`meshgate audit` with every output vs `meshgate validate` on the same generated mesh."""
    out = _audit_out()
    summary: dict[str, object] = {}
    print("\n## Audit: a generated mesh over 40 domains (benchmarks/mesh.py), every output vs validate\n")
    print("| descriptors | validate (json) | audit (html, json, csv, markdown) | audit / validate | audit peak RSS |")
    print("|---|---|---|---|---|")
    for count in counts:
        directory = _mesh(count)
        meshgate = str(BIN / "meshgate")
        commands = {
            "validate": [meshgate, "validate", str(directory), "--format", "json", "--output", str(out / "v.json")],
            "audit": _audit_command(directory, out),
        }
        measured = interleaved(commands, runs)
        times = {name: result.runs for name, result in measured.items()}
        validate_s, audit_s = measured["validate"].median, measured["audit"].median
        peak = measured["audit"].peak_rss_mb
        print(f"| {count:,} | {validate_s:.2f} s | {audit_s:.2f} s | {audit_s / validate_s:.2f} | {peak:.0f} MB |")
        summary[f"audit {count}"] = {
            "validate_median_s": round(validate_s, 3),
            "audit_median_s": round(audit_s, 3),
            "ratio": round(audit_s / validate_s, 3),
            "audit_peak_rss_mb": round(peak),
            "runs": times,
        }
    print("\ntarget: audit <= 1.5x validate at 10,000 descriptors")
    print("\n| descriptors | products | mesh rules (median) | per 1,000 products |")
    print("|---|---|---|---|")
    for count in counts:
        timings = [_mesh_seconds(_mesh(count)) for _ in range(runs)]
        seconds, products = statistics.median(m[0] for m in timings), timings[0][1]
        print(f"| {count:,} | {products:,} | {seconds:.2f} s | {seconds / products * 1000:.3f} s |")
        summary[f"mesh rules {count}"] = {"median_s": round(seconds, 3), "products": products}
    print("\ntarget: the mesh rules' time grows no faster than the mesh")
    directory = _mesh(counts[0])
    meshgate = str(BIN / "meshgate")
    one = out / "one.json"
    whole = [meshgate, "audit", "run", str(directory), "--format", f"json={one}"]
    subprocess.run(whole, check=True, capture_output=True)
    shards = [out / f"shard-{index}.json" for index in range(1, 5)]
    for index, shard in enumerate(shards, 1):
        shard_of = ["--shard", f"{index}/4", "--format", f"json={shard}"]
        subprocess.run([meshgate, "audit", "run", str(directory), *shard_of], check=True, capture_output=True)
    merged = out / "merged.json"
    merge = [meshgate, "audit", "merge", *map(str, shards), "--format", f"json={merged}"]
    subprocess.run(merge, check=True, capture_output=True)
    same = merged.read_bytes() == one.read_bytes()
    print(f"\n4 shards of {counts[0]:,} merged: {'the same JSON as one run, byte for byte' if same else 'DIFFERENT'}")
    summary["shards_merged_identical"] = same
    return summary


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    scenarios = ("single", "bulk", "errors", "opa", "against", "audit", "audit-memory", "all")
    parser.add_argument("scenario", nargs="?", choices=scenarios, default="all")
    parser.add_argument("--runs", type=int, default=0, help="runs per measurement (default: 11 single, 3 bulk)")
    parser.add_argument("--counts", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument("--against", metavar="REV", help="also measure meshgate as of this git revision, side by side")
    args = parser.parse_args()
    WORK.mkdir(exist_ok=True)
    ensure_venv()
    global AGAINST
    AGAINST = ensure_against(args.against) if args.against else None
    results: dict[str, object] = {}
    if args.scenario in ("single", "all"):
        results["single"] = single(args.runs or 11)
    if args.scenario in ("bulk", "all"):
        results["bulk"] = bulk(args.counts, args.runs or 3)
    if args.scenario in ("errors", "all"):
        results["bulk-errors"] = bulk(args.counts, args.runs or 3, "errors")
    if args.scenario == "opa":
        results["opa"] = opa(args.counts[0], args.runs or 3)
    if args.scenario in ("against", "all"):
        results["against"] = against(100, args.runs or 11)
    if args.scenario in ("audit", "all"):
        results["audit"] = audit(args.counts, args.runs or 3)
    if args.scenario == "audit-memory":
        results["audit-memory"] = audit_peak(args.counts)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
