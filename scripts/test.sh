#!/usr/bin/env bash
# The one test command (README, .ci/run and the GitHub workflow all call this): installs what the tests
# need on a fresh Debian machine, then builds and runs every test project.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup-test-deps.sh

dotnet build Orleans.Network.sln -c Release -warnaserror
log=$(mktemp)
status=0
# The cluster tests run three silos, Azurite and six agents as processes and assert failover bounds (the cluster takes
# orders again within 5 s of a kill); they run after the other assemblies, alone, so those assemblies' load on a small
# machine does not stretch the bounds they measure.
cluster=Microfactory.Cluster.Tests
dotnet test Orleans.Network.sln -c Release --no-build --filter "FullyQualifiedName!~$cluster" "$@" 2>&1 | tee "$log" || status=$?
dotnet test "tests/$cluster" -c Release --no-build "$@" 2>&1 | tee -a "$log" || status=$?

# Each failed test's name and message again at the end (a test's output, such as the logs of the processes it ran,
# can run to thousands of lines), then one closing line over every test assembly, in the plain form CI reads.
awk '/^[[:space:]]+Failed [^!]/ { if (!any++) print "\nThe failed tests, again:"; shown = 0; printing = 1 }
     printing && /^[[:space:]]+(Stack Trace|Standard Output Messages):/ { printing = 0 }
     printing && shown++ < 25 { print }' "$log"
awk '/(Passed|Failed)!  - Failed:/ {
       for (i = 1; i <= NF; i++) { if ($i == "Failed:") f += $(i+1); if ($i == "Passed:") p += $(i+1); if ($i == "Skipped:") s += $(i+1) }
     } END { gsub(",", "", p); printf "%d passed, %d failed, %d skipped\n", p, f, s }' "$log"
rm -f "$log"
exit "$status"
