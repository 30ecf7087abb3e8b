"""How much discovery by content costs over name matching, on a repository of 10,000 files.

The tree mixes descriptors under their default names, descriptors under other
names (dpd-core.json, dataproducts/*.yaml, contracts/*.odcs.yml...), and
ordinary YAML/JSON files (CI workflows, dbt models, package manifests) of a
few KB, as a monorepo holds them. Each mode is timed five times on a warm file
system cache; the medians are printed.

Run: python benchmarks/discover_content.py [--files 10000]
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from pathlib import Path

from meshgate.discover import discover

ODPS = "apiVersion: v1.0.0\nkind: DataProduct\nid: p{n}\nstatus: active\n"
DCS = "dataContractSpecification: 1.1.0\nid: c{n}\ninfo:\n  title: C\n  version: 1.0.0\n"
WITBOOST = "id: urn:dmb:dp:d:p{n}:1\nkind: dataproduct\ndataProductOwner: user:a\n"
OTHER_YAML = "name: build {n}\non: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n" + "    # padding\n" * 200
OTHER_JSON = json.dumps(
    {"name": "pkg{n}", "version": "1.0.0", "dependencies": {f"dep{i}": "^1.0.0" for i in range(120)}}
)


def build(root: Path, files: int) -> None:
    for n in range(files):
        folder = root / f"team{n % 50}" / f"area{n % 7}"
        folder.mkdir(parents=True, exist_ok=True)
        kind = n % 20
        if kind == 0:
            (folder / f"p{n}.odps.yaml").write_text(ODPS.format(n=n))
        elif kind == 1:
            (folder / f"dataproduct-{n}.yaml").write_text(ODPS.format(n=n))  # a name no pattern matches
        elif kind == 2:
            (folder / f"contract-{n}.yml").write_text(DCS.format(n=n))
        elif kind == 3:
            (folder / f"dp-{n}.yaml").write_text(WITBOOST.format(n=n))
        elif kind < 12:
            (folder / f"workflow-{n}.yaml").write_text(OTHER_YAML.format(n=n))
        elif kind < 18:
            (folder / f"package-{n}.json").write_text(OTHER_JSON.replace("pkg{n}", f"pkg{n}"))
        else:
            (folder / f"notes-{n}.md").write_text("# notes\n" * 50)


def timed(root: Path, content: bool) -> tuple[float, int]:
    runs = []
    found = 0
    for _ in range(5):
        start = time.perf_counter()
        found = len(discover([root], content=content))
        runs.append(time.perf_counter() - start)
    return statistics.median(runs), found


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--files", type=int, default=10_000)
    files = parser.parse_args().files
    with tempfile.TemporaryDirectory() as directory:
        root = Path(directory)
        build(root, files)
        names, by_name = timed(root, content=False)
        content, by_content = timed(root, content=True)
    print(f"{files} files: names {names:.3f} s ({by_name} found), content {content:.3f} s ({by_content} found)")
    print(f"discovery by content costs {content - names:.3f} s more")


if __name__ == "__main__":
    main()
