#!/usr/bin/env bash
# Install meshgate for the GitHub Action: a released version, or the action's own source.
set -euo pipefail
python="${MESHGATE_PYTHON:-python}"
if [[ -n "${MESHGATE_VERSION:-}" ]]; then
  "$python" -m pip install --disable-pip-version-check --quiet "meshgate==${MESHGATE_VERSION}"
else
  "$python" -m pip install --disable-pip-version-check --quiet "${GITHUB_ACTION_PATH:?}"
fi
