#!/usr/bin/env bash
# The one test command (README, .ci/run and the GitHub workflow all call this): installs what the tests
# need on a fresh Debian machine, then builds and runs every test project.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup-test-deps.sh

dotnet build Orleans.Network.sln -c Release -warnaserror
dotnet test Orleans.Network.sln -c Release --no-build --logger "console;verbosity=normal" "$@"
