#!/usr/bin/env bash
# Prints the summary of a bench/load.sh run: the median of the rounds per target and metric, and landht / dhtnode.
#   bench/summarize.sh bench/target/load-<date>
set -u -o pipefail
OUT=${1:?usage: summarize.sh RESULT_DIR}

median() { sort -g | awk '{a[NR]=$1} END {if (NR==0) print "NA"; else if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }

# target names in the order of their first round
NAMES=$(cat "$OUT/targets.txt" 2>/dev/null || ls -d "$OUT"/r1-* 2>/dev/null | sed 's|.*/r1-||')
[ -n "$NAMES" ] || { echo "no rounds in $OUT" >&2; exit 1; }

echo "# Load benchmark, $(cat "$OUT/meta.txt" 2>/dev/null | head -1)"
echo
sed -n '2,$p' "$OUT/meta.txt" 2>/dev/null
echo
FIRST=$(echo $NAMES | cut -d' ' -f1)
echo "| median of $(ls -d "$OUT"/r*-"$FIRST" 2>/dev/null | wc -l) rounds | $(echo $NAMES | sed 's/ / | /g') | landht / dhtnode |"
echo "|---|$(for _ in $NAMES; do printf -- '---|'; done)---|"
# From the per-step lines: the highest passing rate whose p99 also stayed within 20 ms (a deep socket buffer can
# keep the reply ratio at 99 % while requests queue for a long time).
for d in "$OUT"/r*-*/; do
    [ -f "$d/run.txt" ] && [ -f "$d/result.txt" ] || continue
    grep -q '^sustained_p99_20ms=' "$d/result.txt" && continue
    v=$(awk '/^step (ramp|bisect)/ && / OK$/ {o=0; p=0; for (i=1;i<=NF;i++) {split($i,kv,"="); if (kv[1]=="offered") o=kv[2]; if (kv[1]=="p99_us") p=kv[2]} if (p<=20000 && o>m) m=o} END {print m+0}' "$d/run.txt")
    echo "sustained_p99_20ms=$v" >>"$d/result.txt"
done

while read -r m label; do
    row="| $label |"
    declare -A val=()
    for name in $NAMES; do
        v=$(cat "$OUT"/r*-"$name"/result.txt 2>/dev/null | sed -n "s/^$m=//p" | grep -v '^$' | median)
        val[$name]=$v
        row="$row $v |"
    done
    ratio=$(awk -v a="${val[landht]:-NA}" -v b="${val[dhtnode]:-NA}" \
        'BEGIN {if (a=="NA"||b=="NA"||b+0==0) print "–"; else printf "%.2f", a/b}')
    echo "$row $ratio |"
done <<'EOF'
sustained sustained requests/s at ≥ 99 % replies
sustained_p99_20ms … and with p99 ≤ 20 ms too
p50_us p50 latency at that rate (µs)
p99_us p99 latency at that rate (µs)
cpu_s_per_M CPU s per million requests at that rate
fixed_ratio reply ratio at the common rate
fixed_p50_us p50 latency at the common rate (µs)
fixed_p99_us p99 latency at the common rate (µs)
fixed_cpu_s_per_M CPU s per million requests at the common rate
hwm_kb peak RSS, VmHWM (KiB)
first_ping_ms first ping answered after exec (ms)
first_ping_cpu_ms CPU used by the target until then (ms)
nodes nodes in a find reply before the load
steal_pct CPU stolen by the hypervisor during the load (%)
EOF
# p99 at the same offered rate, step by step: the fixed step and the first attempt of each ramp step, in the same
# round, where both targets answered >= 99 %.
# prints "KIND@OFFERED P99_US" for each first attempt of a step that answered >= 99 %, sorted for join
steps() {
    awk '/^step (fixed|ramp)/ {
        o = ""; p = ""; r = 0
        for (i = 3; i <= NF; i++) {
            split($i, kv, "=")
            if (kv[1] == "offered") o = kv[2]; if (kv[1] == "p99_us") p = kv[2]; if (kv[1] == "ratio") r = kv[2]
        }
        k = $2 "@" o
        if (!(k in seen) && r >= 0.99) print k, p
        seen[k] = 1
    }' "$1" | sort
}
pairs=$(for a in "$OUT"/r*-landht/run.txt; do
    b=${a/-landht\//-dhtnode/}
    [ -f "$b" ] && join <(steps "$a") <(steps "$b")
done)
if [ -n "$pairs" ]; then
    echo
    won=$(echo "$pairs" | awk '$2 <= $3' | wc -l)
    ratio=$(echo "$pairs" | awk '{print $2 / $3}' | median)
    echo "p99 at the same offered rate (the fixed step and each ramp step, same round, both answering ≥ 99 %):" \
        "landht's p99 ≤ dhtnode's at $won of $(echo "$pairs" | wc -l) steps; median landht / dhtnode $(printf %.2f "$ratio")"
fi

echo
echo "Per round (raw loadgen output in each r<round>-<target>/run.txt):"
echo
for f in "$OUT"/r*/result.txt; do echo "- $(tr '\n' ' ' <"$f")"; done
