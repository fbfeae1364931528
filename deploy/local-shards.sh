#!/usr/bin/env bash
# Runs on one machine exactly what the GitHub Actions matrix and the Kubernetes Indexed Job
# run: N shards of the sweep (one after the other, each as its own process), then the merge.
#   deploy/local-shards.sh [N] [OUT]      (from the repository root; defaults: 4, out/local-shards)
# Extra sweep flags can be passed in VWB_SWEEP_FLAGS, e.g. VWB_SWEEP_FLAGS="--iterations 20".
set -uo pipefail
cd "$(dirname "$0")/.."
n="${1:-4}"
out="${2:-out/local-shards}"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 COYOTE_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
mkdir -p "$out"
dotnet build -c Release src/VerifiedWriteback.Cli >/dev/null || exit 1
vwb=(dotnet src/VerifiedWriteback.Cli/bin/Release/net10.0/vwb.dll)
for ((i = 0; i < n; i++)); do
  JOB_COMPLETION_INDEX=$i
  # shellcheck disable=SC2086
  "${vwb[@]}" sweep --plain ${VWB_SWEEP_FLAGS:-} --shard "$JOB_COMPLETION_INDEX/$n" --out "$out/shard-$JOB_COMPLETION_INDEX" >"$out/shard-$i.log" 2>&1
  code=$?
  echo "shard $i/$n: exit $code (log: $out/shard-$i.log)"
  if [ "$code" -ne 0 ] && [ "$code" -ne 2 ]; then tail -n 3 "$out/shard-$i.log"; fi
done
"${vwb[@]}" merge --plain "$out"/shard-* --out "$out/merged"
