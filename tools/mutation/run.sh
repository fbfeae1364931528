#!/usr/bin/env bash
# Mutation adequacy of the specifications (issue 6).
#
# Each line of mutants.txt is one single-statement change to one kernel line of
# src/VerifiedWriteback.Ext4/Linux/*.cs. The repository is copied once to a scratch folder
# ($VWB_MUTATION_DIR, default /tmp/vwb-mutation); there each mutant is applied alone, the solution
# is rebuilt, and the killing suite runs:
#   1. the killing sweep: every coyote.json matrix cell (seed and upstream in every scenario, and
#      the H cells) with the random strategy, seed 1 and $VWB_MUTATION_ITERATIONS iterations
#      (default 150), compared with the same sweep of the unmutated model: a mutant is killed when
#      any cell's outcome (the violated spec and what it says, or clean) differs;
#   2. the reference and property tests (dotnet test --filter on Tests.Reference, Tests.Properties).
# The kernel sources of the checkout are never edited. Results go to results.tsv beside this
# script; FINDINGS.md's mutant table is rendered from it with
#   dotnet tools/Findings/bin/Release/net10.0/vwb-findings.dll mutants --doc FINDINGS.md
#
# usage: tools/mutation/run.sh [MUTANT-ID ...]      (no ids: every mutant)
# Takes about a minute per mutant on two cores; run it in the background:
#   nohup tools/mutation/run.sh > /tmp/vwb-mutation.log 2>&1 &
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
work=${VWB_MUTATION_DIR:-/tmp/vwb-mutation}
iterations=${VWB_MUTATION_ITERATIONS:-150}
results=${VWB_MUTATION_RESULTS:-$here/results.tsv}
filter='FullyQualifiedName~VerifiedWriteback.Tests.Reference|FullyQualifiedName~VerifiedWriteback.Tests.Properties'
export COYOTE_CLI_TELEMETRY_OPTOUT=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

log() { printf '%s %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

copy=$work/repo
linux=$copy/src/VerifiedWriteback.Ext4/Linux
log "copying $repo to $copy"
rm -rf "$work"
mkdir -p "$copy" "$work/pristine"
tar -C "$repo" --exclude=./.git --exclude='*/bin' --exclude='*/obj' --exclude=./tools/mutation/results.tsv -cf - . | tar -C "$copy" -xf -
cp -a "$linux/." "$work/pristine/"

build() { dotnet build "$copy/VerifiedWriteback.sln" -c Release -nologo -v q > "$1" 2>&1; }
sweep() { (cd "$copy" && timeout "${VWB_MUTATION_TIMEOUT:-600}" dotnet tools/Findings/bin/Release/net10.0/vwb-findings.dll killsweep --iterations "$iterations" "$@"); }
tests() {
    timeout "${VWB_MUTATION_TIMEOUT:-600}" dotnet test "$copy/tests/VerifiedWriteback.Tests/VerifiedWriteback.Tests.csproj" \
        -c Release --no-build --filter "$filter" --logger "console;verbosity=normal" > "$1" 2>&1
}

# apply FILE ANCHOR FIND REPLACE: one mutant, as every mutation script applies it.
. "$here/apply.sh"

log "baseline: build, killing sweep ($iterations iterations per cell), tests"
build "$work/build.log" || { cat "$work/build.log" >&2; log "the unmutated model does not build"; exit 1; }
sweep > "$work/baseline.tsv"
tests "$work/tests.log" || { tail -30 "$work/tests.log" >&2; log "the unmutated model fails its tests"; exit 1; }
baseline_tests=$(grep -cE '^\s+Passed ' "$work/tests.log" || true)
log "baseline: $(wc -l < "$work/baseline.tsv") cells, $baseline_tests tests passed"
cp "$work/baseline.tsv" "$here/baseline.tsv"

# With mutant ids, only those are rerun and their rows replaced; the others stay as they were.
if (($# > 0)) && [[ -f "$results" ]]; then
    awk -F'\t' -v ids=" $* " 'NR == 1 || index(ids, " " $1 " ") == 0' "$results" > "$work/results.kept"
    mv "$work/results.kept" "$results"
else
    printf 'id\tstatus\tsweep\ttests\tseconds\n' > "$results"
fi
while IFS=$'\t' read -r id file anchor find replace what; do
    [[ -z "$id" || "$id" == \#* ]] && continue
    if (($# > 0)) && [[ ! " $* " == *" $id "* ]]; then
        continue
    fi
    start=$SECONDS
    cp -a "$work/pristine/." "$linux/"
    if ! apply "$linux/$file" "$anchor" "$find" "$replace"; then
        log "$id: does not apply to $file (anchor '$anchor', find '$find')"
        printf '%s\tinvalid\tmutant does not apply\t-\t0\n' "$id" >> "$results"
        continue
    fi
    if ! build "$work/$id.build.log"; then
        log "$id: stillborn (does not compile)"
        printf '%s\tstillborn\t%s\t-\t%d\n' "$id" "$(grep -m1 -oE 'error CS[0-9]+[^[]*' "$work/$id.build.log" | tr '\t' ' ')" $((SECONDS - start)) >> "$results"
        continue
    fi
    set +e
    sweep --baseline "$work/baseline.tsv" --stop-on-diff > "$work/$id.sweep.tsv" 2> "$work/$id.sweep.err"
    rc=$?
    set -e
    case $rc in
        0) swept=same ;;
        3) swept=$(grep -m1 '^DIFF ' "$work/$id.sweep.err" | cut -c6- | tr '\t' ' ') ;;
        124) swept='timeout (the model hangs without reaching a scheduling point)' ;;
        *) swept="error $rc: $(tail -1 "$work/$id.sweep.err" | tr '\t' ' ')" ;;
    esac
    set +e
    tests "$work/$id.tests.log"
    trc=$?
    set -e
    if ((trc == 0)); then
        tested=pass
    elif ((trc == 124)); then
        tested='timeout'
    else
        tested="fail: $(grep -E '^\s+Failed ' "$work/$id.tests.log" | sed -E 's/^\s+Failed //; s/ \[.*//; s/^VerifiedWriteback\.Tests\.//' | sort -u | head -3 | paste -sd ',' | tr '\t' ' ')"
    fi
    status=survived
    if [[ "$swept" != same || "$tested" != pass ]]; then
        status=killed
    fi
    log "$id: $status (sweep: $swept; tests: $tested)"
    printf '%s\t%s\t%s\t%s\t%d\n' "$id" "$status" "$swept" "$tested" $((SECONDS - start)) >> "$results"
done < "$here/mutants.txt"
cp -a "$work/pristine/." "$linux/"

# Keep the rows in the order of mutants.txt.
awk -F'\t' 'NR == FNR { if ($1 !~ /^#/ && $1 != "") order[$1] = ++n; next } FNR == 1 { print; next } { print order[$1] "\t" $0 }' \
    "$here/mutants.txt" "$results" | { read -r header; echo "$header"; sort -n | cut -f2-; } > "$work/results.sorted"
mv "$work/results.sorted" "$results"
killed=$(awk -F'\t' '$2 == "killed"' "$results" | wc -l)
survived=$(awk -F'\t' '$2 == "survived"' "$results" | wc -l)
log "done: $killed killed, $survived survived (results in $results)"
