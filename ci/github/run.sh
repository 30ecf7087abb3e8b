#!/usr/bin/env bash
# Run meshgate for the GitHub Action: annotations on the pull request, a step summary,
# and SARIF for code scanning. The exit code goes to the step's outputs; this step
# itself succeeds so the SARIF upload still runs, and the action's last step fails the job.
set -uo pipefail
python="${MESHGATE_PYTHON:-python}"
command=(meshgate validate --format github --format "sarif=${MESHGATE_SARIF:-meshgate.sarif}")
[[ -n "${MESHGATE_FAIL_ON:-}" ]] && command+=(--fail-on "$MESHGATE_FAIL_ON")
[[ -n "${MESHGATE_AGAINST:-}" ]] && command+=(--against "$MESHGATE_AGAINST")

# Split an input as a shell splits a command line, quotes included, with no globbing
# and no expansion: --exclude "**/finance/**" arrives as **/finance/**, unexpanded.
split() {
  local words item
  words="$(mktemp)"
  if ! MESHGATE_SPLIT="$1" "$python" -c '
import os, shlex, sys
text = os.environ["MESHGATE_SPLIT"]
try:
    words = shlex.split(text)
except ValueError as error:
    sys.exit(f"meshgate action: cannot split the input {text!r}: {error}")
sys.stdout.write("".join(word + "\0" for word in words))
' > "$words"; then
    rm -f "$words"
    return 1
  fi
  while IFS= read -r -d '' item; do
    command+=("$item")
  done < "$words"
  rm -f "$words"
}

if { [[ -z "${MESHGATE_ARGS:-}" ]] || split "$MESHGATE_ARGS"; } &&
  { [[ -z "${MESHGATE_PATHS:-}" ]] || split "$MESHGATE_PATHS"; }; then
  "${command[@]}"
  code=$?
else
  code=2
fi
echo "exit-code=${code}" >> "${GITHUB_OUTPUT:?}"
if [[ $code -ge 2 ]]; then
  echo "::error title=meshgate::meshgate could not run (exit code ${code}); see the log above."
fi
exit 0
