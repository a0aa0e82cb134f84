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
echo "| median of $(ls -d "$OUT"/r*-dhtnode 2>/dev/null | wc -l) rounds | $(echo $NAMES | sed 's/ / | /g') | landht / dhtnode |"
echo "|---|$(for _ in $NAMES; do printf -- '---|'; done)---|"
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
EOF
echo
echo "Per round (raw loadgen output in each r<round>-<target>/run.txt):"
echo
for f in "$OUT"/r*/result.txt; do echo "- $(tr '\n' ' ' <"$f")"; done
