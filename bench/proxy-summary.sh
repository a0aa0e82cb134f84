#!/usr/bin/env bash
# Prints the table of a bench/proxy.sh run from its steps.txt: per variant, route and concurrency, landht's and
# dhtnode's answers of 200 per second, p50 / p99 latency in ms (over every answer), errors (answers other than 200,
# socket errors, timeouts) and CPU ms per request, and landht / dhtnode of the first. With several rounds, one row
# per round.
#   bench/proxy-summary.sh bench/target/proxy-<date>
set -u -o pipefail
OUT=${1:?usage: proxy-summary.sh RESULT_DIR}
[ -f "$OUT/steps.txt" ] || { echo "no $OUT/steps.txt" >&2; exit 1; }
echo "# DHT proxy benchmark, $(head -1 "$OUT/meta.txt" 2>/dev/null)"
echo
sed -n '2,$p' "$OUT/meta.txt" 2>/dev/null
awk '
function kv(line, k,   n, i, a, f) {
    n = split(line, f, " ")
    for (i = 1; i <= n; i++) { split(f[i], a, "="); if (a[1] == k) return a[2] }
    return ""
}
function cell(id) {
    if (!(id in rps)) return "– | – | – | –"
    return sprintf("%s | %s / %s | %s | %s", fmt(rps[id]), p50[id], p99[id], err[id], cpu[id])
}
function fmt(x) { return (x >= 100) ? sprintf("%.0f", x) : sprintf("%.1f", x) }
/^step / {
    id = kv($0, "round") SUBSEP kv($0, "variant") SUBSEP kv($0, "route") SUBSEP kv($0, "c") SUBSEP kv($0, "target")
    # answers of 200 per second: a refusal (429) is answered fast and would count as throughput
    n = kv($0, "requests")
    rps[id] = (n > 0) ? kv($0, "rps") * (n - kv($0, "non200")) / n : 0; p50[id] = kv($0, "p50_ms"); p99[id] = kv($0, "p99_ms")
    err[id] = kv($0, "non200") + kv($0, "connect") + kv($0, "read") + kv($0, "write") + kv($0, "timeout")
    cpu[id] = kv($0, "cpu_ms_per_req")
    row = kv($0, "round") SUBSEP kv($0, "variant") SUBSEP kv($0, "route") SUBSEP kv($0, "c")
    if (!(row in seen)) { seen[row] = 1; rows[++nrows] = row }
    if (kv($0, "load1") > maxload) maxload = kv($0, "load1")
    if (minload == "" || kv($0, "load1") < minload) minload = kv($0, "load1")
}
END {
    print ""
    print "| round | variant | route | conns | landht 200s/s | p50 / p99 ms | errors | CPU ms/req | dhtnode 200s/s | p50 / p99 ms | errors | CPU ms/req | landht / dhtnode |"
    print "|---|---|---|---|---|---|---|---|---|---|---|---|---|"
    for (i = 1; i <= nrows; i++) {
        split(rows[i], r, SUBSEP)
        l = rows[i] SUBSEP "landht"; d = rows[i] SUBSEP "dhtnode"
        ratio = ((l in rps) && (d in rps) && rps[d] > 0) ? sprintf("%.2f", rps[l] / rps[d]) : "–"
        printf "| %s | %s | %s | %s | %s | %s | %s |\n", r[1], r[2], r[3], r[4], cell(l), cell(d), ratio
    }
    print ""
    print "load average (1 min) at the steps: " minload "–" maxload
}' "$OUT/steps.txt"
