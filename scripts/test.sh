#!/usr/bin/env bash
# The one test command (README, .ci/run and the GitHub workflow all call this): installs what the tests
# need on a fresh Debian machine, then builds and runs every test project.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup-test-deps.sh

dotnet build Orleans.Network.sln -c Release -warnaserror
log=$(mktemp)
status=0
dotnet test Orleans.Network.sln -c Release --no-build "$@" 2>&1 | tee "$log" || status=$?

# One closing line over every test assembly, in the plain form CI reads.
awk '/(Passed|Failed)!  - Failed:/ {
       for (i = 1; i <= NF; i++) { if ($i == "Failed:") f += $(i+1); if ($i == "Passed:") p += $(i+1); if ($i == "Skipped:") s += $(i+1) }
     } END { gsub(",", "", p); printf "%d passed, %d failed, %d skipped\n", p, f, s }' "$log"
rm -f "$log"
exit "$status"
