#!/usr/bin/env bash
# Run meshgate for the GitHub Action: annotations on the pull request, a step summary,
# and SARIF for code scanning. The exit code goes to the step's outputs; this step
# itself succeeds so the SARIF upload still runs, and the action's last step fails the job.
set -uo pipefail
command=(meshgate validate --format github --format "sarif=${MESHGATE_SARIF:-meshgate.sarif}")
[[ -n "${MESHGATE_FAIL_ON:-}" ]] && command+=(--fail-on "$MESHGATE_FAIL_ON")
[[ -n "${MESHGATE_AGAINST:-}" ]] && command+=(--against "$MESHGATE_AGAINST")
# Word splitting is intended: paths and extra arguments are space-separated inputs.
# shellcheck disable=SC2206
[[ -n "${MESHGATE_ARGS:-}" ]] && command+=(${MESHGATE_ARGS})
# shellcheck disable=SC2206
[[ -n "${MESHGATE_PATHS:-}" ]] && command+=(${MESHGATE_PATHS})
"${command[@]}"
code=$?
echo "exit-code=${code}" >> "${GITHUB_OUTPUT:?}"
if [[ $code -ge 2 ]]; then
  echo "::error title=meshgate::meshgate could not run (exit code ${code}); see the log above."
fi
exit 0
