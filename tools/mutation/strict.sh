#!/usr/bin/env bash
# Mutation score of the specifications ALONE, counted strictly (issue 13): a mutant is killed by the
# specs only when, in some cell of the killing sweep, a spec fires with a violation of another KIND
# (rule id "Spec/site", SpecVerdict.Kind) than the unmutated run's in that cell, or a spec fires on
# an earlier seed of the cell (SweepRunner's "before it"). An expected finding that merely goes
# missing, a kernel BUG, a crash or a changed sentence of the same kind do not count.
#
# Same copy-apply-build scheme as run.sh (whose columns and FINDINGS.md table it leaves alone); the
# whole killing sweep runs for every mutant (no --stop-on-diff), the sequential tests do not run.
# usage: tools/mutation/strict.sh [LIST] [MUTANT-ID ...]   LIST defaults to mutants-issue13.txt
#   VWB_MUTATION_ITERATIONS (default 150) iterations per cell, VWB_MUTATION_DIR scratch folder.
# Results: results-strict.tsv beside this script (id, strict, first cell, unmutated kind -> mutant kind).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
list=$here/${1:-mutants-issue13.txt}
shift || true
work=${VWB_MUTATION_DIR:-/tmp/vwb-mutation-strict}
iterations=${VWB_MUTATION_ITERATIONS:-150}
results=${VWB_MUTATION_RESULTS:-$here/results-strict.tsv}
export COYOTE_CLI_TELEMETRY_OPTOUT=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

log() { printf '%s %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

copy=$work/repo
linux=$copy/src/VerifiedWriteback.Ext4/Linux
rm -rf "$work"
mkdir -p "$copy" "$work/pristine"
tar -C "$repo" --exclude=./.git --exclude='*/bin' --exclude='*/obj' -cf - . | tar -C "$copy" -xf -
cp -a "$linux/." "$work/pristine/"

# Only the sweep tool and what it references: the test project is not needed here.
build() { dotnet build "$copy/tools/Findings/Findings.csproj" -c Release -nologo -v q > "$1" 2>&1; }
sweep() { (cd "$copy" && timeout "${VWB_MUTATION_TIMEOUT:-900}" dotnet tools/Findings/bin/Release/net10.0/vwb-findings.dll killsweep --iterations "$iterations"); }

# apply FILE ANCHOR FIND REPLACE: one mutant, as every mutation script applies it.
. "$here/apply.sh"

# For each cell (scenario, variant): the first column after the key is the kind. A spec kind has a '/'.
judge() {
    awk -F'\t' '
        NR == FNR { base[$1 "\t" $2] = $3; next }
        {
            key = $1 "\t" $2; kind = $3; before = ""
            if (match($0, /before it: [^\t]*/)) before = substr($0, RSTART + 11, RLENGTH - 11)
            n = split(before, others, ",")
            for (i = 1; i <= n; i++) {
                other = others[i]; sub(/ \(NEW\)$/, "", other)   # the sweep marks an unexpected outcome "(NEW)"
                if (other != "KernelBUG" && other != "Other" && other != "Deadlock") {
                    print "yes\t" $1 " " $2 "\t" base[key] " -> " others[i] " (on an earlier seed)"; exit
                }
            }
            if (index(kind, "/") && kind != base[key]) { print "yes\t" $1 " " $2 "\t" base[key] " -> " kind; exit }
        }
        END { }' "$1" "$2"
}

log "baseline: build, killing sweep ($iterations iterations per cell)"
build "$work/build.log" || { cat "$work/build.log" >&2; exit 1; }
sweep > "$work/baseline.tsv"
[[ -f "$results" ]] || printf 'id\tstrict\tcell\tunmutated -> mutant\tseconds\n' > "$results"
while IFS=$'\t' read -r id file anchor find replace what; do
    [[ -z "$id" || "$id" == \#* ]] && continue
    if (($# > 0)) && [[ ! " $* " == *" $id "* ]]; then continue; fi
    start=$SECONDS
    cp -a "$work/pristine/." "$linux/"
    if ! apply "$linux/$file" "$anchor" "$find" "$replace"; then
        printf '%s\tinvalid\t-\t-\t0\n' "$id" >> "$results"; continue
    fi
    if ! build "$work/$id.build.log"; then
        printf '%s\tstillborn\t-\t-\t%d\n' "$id" $((SECONDS - start)) >> "$results"; continue
    fi
    set +e
    sweep > "$work/$id.sweep.tsv" 2> "$work/$id.sweep.err"
    rc=$?
    set -e
    verdict=$(judge "$work/baseline.tsv" "$work/$id.sweep.tsv")
    if [[ -n "$verdict" ]]; then
        printf '%s\tkilled\t%s\t%d\n' "$id" "$(cut -f2- <<< "$verdict")" $((SECONDS - start)) >> "$results"
    elif ((rc == 124)); then
        printf '%s\tsurvived\ttimeout\t-\t%d\n' "$id" $((SECONDS - start)) >> "$results"
    else
        changed=$(diff <(cut -f1-3 "$work/baseline.tsv") <(cut -f1-3 "$work/$id.sweep.tsv") | grep -c '^>' || true)
        printf '%s\tsurvived\t-\t%s cell(s) changed, no spec of another kind\t%d\n' "$id" "$changed" $((SECONDS - start)) >> "$results"
    fi
    log "$id: $(tail -1 "$results" | cut -f2-4)"
done < "$list"
cp -a "$work/pristine/." "$linux/"
log "done: $(awk -F'\t' '$2 == "killed"' "$results" | wc -l) killed by a spec of another kind, $(awk -F'\t' '$2 == "survived"' "$results" | wc -l) survived ($results)"
