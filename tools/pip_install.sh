#!/usr/bin/env bash
# Installs requirements.txt into the project's environment and names the package that failed.
# Usage: tools/pip_install.sh PYTHON REQUIREMENTS
set -u
py=$1
req=$2
log=$(mktemp)
trap 'rm -f "$log"' EXIT
echo "installing the pinned Python packages from $req (first time only; a few minutes)..."
if "$py" -m pip install --disable-pip-version-check -q -r "$req" >"$log" 2>&1; then
  exit 0
fi
pkg=$(grep -oE "(No matching distribution found for|Could not find a version that satisfies the requirement|Failed to build|Failed building wheel for) [^ ]+" "$log" | head -1 | awk '{print $NF}')
tail -n 20 "$log" >&2
if [ -n "$pkg" ]; then
  echo "rnn-workbench: pip could not install '$pkg' (pinned in $req). PyPI must be reachable from this machine (check proxy settings), and the pinned version must exist for this Python." >&2
else
  echo "rnn-workbench: 'pip install -r $req' failed (output above). PyPI must be reachable from this machine (check proxy settings)." >&2
fi
exit 1
