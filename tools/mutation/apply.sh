# Sourced by the mutation scripts. Applies one mutant: exactly one line of FILE holds ANCHOR, and
# FIND occurs exactly once on it, replaced by REPLACE. Exit 2 otherwise (a stale mutant list).
apply() {
    local file=$1 anchor=$2 find=$3 replace=$4
    awk -v anchor="$anchor" -v find="$find" -v repl="$replace" '
        index($0, anchor) {
            n++
            i = index($0, find)
            if (i == 0) { bad = 1 }
            else {
                rest = substr($0, i + length(find))
                if (index(rest, find)) { bad = 1 }
                $0 = substr($0, 1, i - 1) repl rest
            }
        }
        { print }
        END { if (n != 1 || bad) exit 2 }' "$file" > "$file.mutant" && mv "$file.mutant" "$file"
}
