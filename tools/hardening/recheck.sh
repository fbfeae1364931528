#!/usr/bin/env bash
# Re-runs, against the vwb built from this checkout, each misbehaviour an adversarial user found
# (memory growth, replays that "reproduced" a different run, internal errors and lenient inputs),
# and prints one line per check: the expected behaviour, PASS or FAIL, and what vwb said.
# usage: tools/hardening/recheck.sh [--memory]   (--memory adds a 20,000-iteration RSS sample, ~1 min)
# Exit 0 when every check passes.
set -uo pipefail
export COYOTE_CLI_TELEMETRY_OPTOUT=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

repo=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d /tmp/vwb-recheck.XXXXXX)
trap 'rm -rf "$work"' EXIT
dotnet publish "$repo/src/VerifiedWriteback.Cli" -c Release -o "$work/bin" >/dev/null || { echo "build failed"; exit 1; }
vwb=$work/bin/vwb
failed=0

# check NAME EXPECT-CODE STDOUT-RULE(empty|any) GREP -- ARGS...: runs vwb, checks the exit code,
# exactly one "vwb:" line on stderr for exit 1, no "internal error", and GREP in stderr+stdout.
check() {
  local name=$1 code=$2 out_rule=$3 pattern=$4; shift 5
  "$vwb" "$@" >"$work/out" 2>"$work/err"; local got=$?
  local lines; lines=$(wc -l <"$work/err")
  local said; said=$(head -c 300 "$work/err" | head -1); [ -n "$said" ] || said=$(grep -m1 -E "$pattern" "$work/out" | head -c 300)
  local ok=1
  [ "$got" = "$code" ] || ok=0
  grep -q "internal error" "$work/err" && ok=0
  if [ "$code" = 1 ]; then [ "$lines" = 1 ] && grep -q '^vwb: ' "$work/err" || ok=0; fi
  [ "$out_rule" = empty ] && [ -s "$work/out" ] && ok=0
  cat "$work/out" "$work/err" | grep -qE -- "$pattern" || ok=0
  if [ $ok = 1 ]; then printf 'PASS  %-62s exit %s: %s\n' "$name" "$got" "$said"
  else printf 'FAIL  %-62s exit %s (want %s), %s stderr line(s): %s\n' "$name" "$got" "$code" "$lines" "$said"; failed=1; fi
}

case_with() { # NAME RAW-OPENBIO: a valid example case with openBio replaced by RAW
  python3 - "$repo/examples/hole-submits-open-bio.json" "$2" >"$work/$1.json" <<'PY'
import json, sys
doc = open(sys.argv[1]).read()
start = doc.index('"openBio"')
depth = 0
i = doc.index('{', start)
for j in range(i, len(doc)):
    depth += {'{': 1, '}': -1}.get(doc[j], 0)
    if depth == 0: break
print(doc[:start] + '"openBio": ' + sys.argv[2] + doc[j + 1:])
PY
  echo "$work/$1.json"
}

trace_with() { # NAME PYTHON-EDIT: the F1 trace with one edit applied to t (the parsed trace)
  python3 - "$repo/tests/traces/f1-sync-enomem.trace.json" "$work/$1.trace.json" "$2" <<'PY'
import json, sys
t = json.load(open(sys.argv[1]))
exec(sys.argv[3])
json.dump(t, open(sys.argv[2], 'w'))
PY
  echo "$work/$1.trace.json"
}

echo "== replay checks the whole interleaving"
check "unedited F1 trace reproduces" 0 any "reproduced" -- replay "$repo/tests/traces/f1-sync-enomem.trace.json"
steps='s=t["coyoteTrace"]["Steps"]'
check "schedule cut in half: not reproduced, divergence point" 2 any "NOT reproduced.*first diverged at event" -- replay "$(trace_with half "$steps; del s[len(s)//2:]")"
check "last scheduling step deleted: not reproduced (its events all match)" 2 any "NOT reproduced.*the schedule was edited" -- replay "$(trace_with last "$steps; del s[-1]")"
check "variant edited (seed -> 4.4-fixed): not reproduced" 2 any "NOT reproduced.*first diverged at event" -- replay "$(trace_with variant 't["variant"]="4.4-fixed"')"
check "variant edited (seed -> h1): not reproduced" 2 any "NOT reproduced.*first diverged at event" -- replay "$(trace_with variant2 't["variant"]="h1"')"
check "one recorded event edited: not reproduced" 2 any "NOT reproduced.*first diverged at event" -- replay "$(trace_with event 't["events"][3]=t["events"][3]+"x"')"

echo "== bad case files are refused"
for raw in '{"nextBlock": "7", "bhCount": 1}' '{"nextBlock": true}' '{"nextBlock": null}' '{"nextBlock": [7]}' '{"nextBlock": {}}'; do
  check "openBio $raw" 1 empty "openBio" -- run "$(case_with bad "$raw")"
done
check "unknown field inside openBio" 1 empty "openBio" -- run "$(case_with unknown '{"nextBlock": 7, "bhCount": 1, "surprise": 1}')"
printf '{"variant": "\\ud800"}' >"$work/surrogate.json"
check 'a lone \ud800 escape' 1 empty "." -- run "$work/surrogate.json"
check "empty path for run" 1 empty "." -- run ""
check "empty path for replay" 1 empty "." -- replay ""
check "empty path for explain --out" 1 empty "." -- explain "$repo/tests/traces/f1-sync-enomem.trace.json" --out ""
check "empty path for sweep --out" 1 empty "." -- sweep --out ""
check "a path with a newline in it" 1 empty "." -- run "$work/a
b.json"
python3 -c "
import sys; t=open(sys.argv[1]).read(); i=t.index('true') if 'true' in t else t.index('null'); open(sys.argv[2],'w').write(t[:i]+'tru'+t[i+4:])" "$repo/tests/traces/f1-sync-enomem.trace.json" "$work/literal.trace.json"
check "a corrupted literal in a trace (one line, no quotation of the file)" 1 empty "column [0-9]+: the value there is an invalid" -- replay "$work/literal.trace.json"

echo "== unwritable --out: nothing on stdout"
touch "$work/a-file"
check "sweep --out an existing file" 1 empty "is a file" -- sweep --scenario sync-enomem --variant seed --out "$work/a-file"
check "sweep --out /proc/vwb" 1 empty "cannot write" -- sweep --scenario sync-enomem --variant seed --out /proc/vwb
check "sweep --out /dev/full" 1 empty "." -- sweep --scenario sync-enomem --variant seed --out /dev/full

echo "== lenient configuration values"
cfg() { python3 -c "
import json,sys; c=json.load(open('$repo/coyote.json')); c['sweep'].pop('costsFile', None); exec(sys.argv[1]); json.dump(c, open('$work/cfg.json','w'))" "$1"; echo "$work/cfg.json"; }
check "a duplicated matrix entry" 1 empty "listed once|twice|repeats" -- sweep --config "$(cfg 'c["matrix"].append(c["matrix"][0])')"
check "timeoutSeconds -1" 1 empty "timeoutSeconds" -- sweep --config "$(cfg 'c["sweep"]["timeoutSeconds"]=-1')"
check "maxSteps 0" 1 empty "maxSteps" -- sweep --config "$(cfg 'c["engine"]["maxSteps"]=0')"

if [ "${1:-}" = --memory ]; then
  echo "== memory stays flat (a managed heap capped at 16 MB; the cap is the runtime's minimum)"
  DOTNET_GCHeapHardLimit=0x1000000 "$vwb" sweep --scenario contiguous-pages --variant 4.4-fixed --strategy random \
    --iterations 20000 --out "$work/mem" --plain >"$work/mem.out" 2>"$work/mem.err" &
  pid=$!; samples=()
  while kill -0 $pid 2>/dev/null; do
    samples+=("$(awk '/VmRSS/{print $2}' /proc/$pid/status 2>/dev/null)"); sleep 5
  done
  wait $pid; got=$?
  rss="${samples[*]}"
  if [ $got = 0 ] && grep -q "every outcome as expected" "$work/mem.out"; then
    printf 'PASS  %-62s exit 0, RSS kB every 5 s: %s\n' "20,000 iterations under a 16 MB heap cap" "$rss"
  else
    printf 'FAIL  %-62s exit %s: %s\n' "20,000 iterations under a 16 MB heap cap" "$got" "$(head -1 "$work/mem.err")"; failed=1
  fi
fi
# A run that does run out of memory is a tool failure (exit 1, "vwb: out of memory ..."), never a
# model bug: tests/VerifiedWriteback.Tests/Specs/OutOfMemoryTests.cs injects one, since a capped
# heap no longer runs out.

echo
[ $failed = 0 ] && echo "every check passed" || echo "SOME CHECKS FAILED"
exit $failed
