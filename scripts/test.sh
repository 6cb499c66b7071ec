#!/usr/bin/env bash
# Runs every test project of the solution and ends with one line:
#   N passed, N failed, N skipped
# summed over all test projects. Exit code 0 only when the build worked and nothing failed.
set -uo pipefail
cd "$(dirname "$0")/.."
log=$(mktemp)
trap 'rm -f "$log"' EXIT
dotnet test --solution EbpfCat.sln -c Release "$@" 2>&1 | tee "$log"
rc=${PIPESTATUS[0]}
# Microsoft.Testing.Platform ends with one summary over all test projects:
#   Test run summary: Passed!
#     total: 13
#     failed: 0
#     succeeded: 12
#     skipped: 1
summary() { sed -n '/Test run summary/,$p' "$log" | sed -nE "s/^\s*$1:\s*([0-9]+).*/\1/p" | tail -1; }
passed=$(summary succeeded); failed=$(summary failed); skipped=$(summary skipped)
passed=${passed:-0}; failed=${failed:-0}; skipped=${skipped:-0}
if [[ $rc -ne 0 && $failed -eq 0 ]]; then
  # The build or a test host failed before any test could report: count it, never hide it.
  echo "error: dotnet test exited with $rc without a failing test; counting it as one failure" >&2
  failed=1
fi
echo "$passed passed, $failed failed, $skipped skipped"
[[ $rc -eq 0 && $failed -eq 0 ]]
