#!/usr/bin/env bash
# Runs every test project of the solution and ends with one line:
#   N passed, N failed, N skipped
# summed over all test projects. Exit code 0 only when the build worked and nothing failed.
set -uo pipefail
cd "$(dirname "$0")/.."
log=$(mktemp)
trap 'rm -f "$log"' EXIT
dotnet test EbpfCat.sln -c Release "$@" 2>&1 | tee "$log"
rc=${PIPESTATUS[0]}
# VSTest prints one summary per test project:
#   Passed!  - Failed:     0, Passed:    12, Skipped:     1, Total:    13, Duration: ...
read -r passed failed skipped < <(grep -E '^\s*(Passed|Failed)!' "$log" | awk '
  { for (i = 1; i <= NF; i++) { gsub(",", "", $(i+1));
      if ($i == "Failed:") f += $(i+1); if ($i == "Passed:") p += $(i+1); if ($i == "Skipped:") s += $(i+1) } }
  END { printf "%d %d %d\n", p, f, s }')
if [[ $rc -ne 0 && $failed -eq 0 ]]; then
  # The build or a test host failed before any test could report: count it, never hide it.
  echo "error: dotnet test exited with $rc without a failing test; counting it as one failure" >&2
  failed=1
fi
echo "$passed passed, $failed failed, $skipped skipped"
[[ $rc -eq 0 && $failed -eq 0 ]]
