#!/usr/bin/env bash
# Does `vwb prove` kill a mutant the killing sweep misses? (issue 11)
#
# For each given mutant id of mutants.txt (default: the ones results.tsv says the sweep left
# "same"), applies it alone in a scratch copy, rebuilds vwb, runs `vwb prove` over every matrix
# cell and compares each cell's outcome (exhausted / the violated spec / timeout) with the
# unmutated model's. A mutant is killed by prove when a cell's outcome differs; a cell that timed
# out (baseline or mutant) proves nothing and is ignored (run it on a quiet machine, or raise
# VWB_PROVE_TIMEOUT).
# usage: tools/mutation/prove-mutants.sh [MUTANT-ID ...]   (writes prove-results.tsv beside it)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
work=${VWB_MUTATION_DIR:-/tmp/vwb-prove-mutation}
timeout=${VWB_PROVE_TIMEOUT:-20}
export COYOTE_CLI_TELEMETRY_OPTOUT=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
log() { printf '%s %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

ids=("$@")
if ((${#ids[@]} == 0)); then
    mapfile -t ids < <(awk -F'\t' 'NR > 1 && $3 == "same" { print $1 }' "$here/results.tsv")
fi
copy=$work/repo
linux=$copy/src/VerifiedWriteback.Ext4/Linux
rm -rf "$work"
mkdir -p "$copy" "$work/pristine"
tar -C "$repo" --exclude=./.git --exclude='*/bin' --exclude='*/obj' -cf - . | tar -C "$copy" -xf -
cp -a "$linux/." "$work/pristine/"

build() { dotnet build "$copy/src/VerifiedWriteback.Cli/VerifiedWriteback.Cli.csproj" -c Release -nologo -v q > "$1" 2>&1; }
# One line per cell: "scenario/variant outcome" (counts and times dropped).
prove() {
    (cd "$copy" && src/VerifiedWriteback.Cli/bin/Release/net10.0/vwb prove --timeout "$timeout" --no-minimize --out "$work/out" || true) |
        sed -nE 's#^([a-z0-9-]+/[a-z0-9]+): (exhausted|timeout|[A-Za-z]+ after).*#\1 \2#p'
}
# apply FILE ANCHOR FIND REPLACE: one mutant, as every mutation script applies it.
. "$here/apply.sh"

log "baseline"
build "$work/build.log" || { cat "$work/build.log" >&2; exit 1; }
prove > "$work/baseline.txt"
results=$here/prove-results.tsv
printf 'id\tstatus\tfirst difference (cell: baseline -> mutant)\tseconds\n' > "$results"
for id in "${ids[@]}"; do
    start=$SECONDS
    IFS=$'\t' read -r _ file anchor find replace what < <(awk -F'\t' -v id="$id" '$1 == id' "$here/mutants.txt")
    cp -a "$work/pristine/." "$linux/"
    apply "$linux/$file" "$anchor" "$find" "$replace" || { printf '%s\tinvalid\t-\t0\n' "$id" >> "$results"; continue; }
    build "$work/$id.build.log" || { printf '%s\tstillborn\t-\t0\n' "$id" >> "$results"; continue; }
    prove > "$work/$id.txt"
    # A cell that timed out on either side proves nothing: only outcomes of finished searches count.
    diff=$(join <(sort "$work/baseline.txt" | sed 's/ /\t/') <(sort "$work/$id.txt" | sed 's/ /\t/') -t $'\t' |
        awk -F'\t' '$2 != $3 && $2 != "timeout" && $3 != "timeout" { print $1 ": " $2 " -> " $3 }' | head -1)
    timeouts=$(cat "$work/baseline.txt" "$work/$id.txt" | grep -c ' timeout$' || true)
    status=survived
    [[ -n "$diff" ]] && status=killed
    diff="${diff:-none}; $timeouts timed-out cell outcomes ignored"
    log "$id: $status $diff"
    printf '%s\t%s\t%s\t%d\n' "$id" "$status" "$diff" $((SECONDS - start)) >> "$results"
done
cp -a "$work/pristine/." "$linux/"
