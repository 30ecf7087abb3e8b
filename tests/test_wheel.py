"""The built wheel carries schemas/ and policies/ and works from a clean virtual environment."""

from __future__ import annotations

import shutil
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

from conftest import EXAMPLES, REPO

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "--quiet",
            "-w",
            str(out),
            str(REPO),
        ],
        check=True,
        capture_output=True,
    )
    (built,) = out.glob("meshgate-*.whl")
    return built


def test_wheel_ships_schemas_and_policies(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for required in (
        "meshgate/schemas/bitol-odps/v1.0.0.schema.json",
        "meshgate/schemas/witboost-dps/0.0.1.schema.json",
        "meshgate/schemas/meshgate/report-v1.schema.json",
        "meshgate/policies/data.json",
        "meshgate/policies/ownership/owner_required.rego",
        "meshgate/py.typed",
    ):
        assert required in names


def test_installed_wheel_validates_the_examples(wheel: Path, tmp_path: Path) -> None:
    environment = tmp_path / "venv"
    venv.create(environment, with_pip=True)
    python = environment / "bin" / "python"
    install = subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", str(wheel)], capture_output=True, text=True, check=False
    )
    assert install.returncode == 0, install.stderr
    mesh = tmp_path / "mesh"
    shutil.copytree(EXAMPLES, mesh)
    result = subprocess.run(
        [str(environment / "bin" / "meshgate"), "validate", "mesh", "--today", "2026-11-24"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1, result.stderr
    assert "checked 10 files (10 documents) against 32 policies" in result.stdout
    assert "mesh/finance/data-product.yaml:43:5: error [spec/witboost-version-alignment]" in result.stdout
