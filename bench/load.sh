#!/usr/bin/env bash
# Side-by-side load benchmark: landht vs Debian's dhtnode, on loopback only, A B A B.
#
#   bench/load.sh                      # uses target/landht.jar (build it first: mvn -B package)
#   BENCH_JAR=target-x/landht.jar ROUNDS=3 bench/load.sh
#   TARGETS="landht landht-old=/tmp/old.jar dhtnode" bench/load.sh   # compare two landht builds too
#
# For each round and each target (in the order of TARGETS) it:
#   1. starts the target fresh (rate limits lifted: landht -U, dhtnode --no-rate-limit) and measures the first
#      ping answered after the process was exec'ed;
#   2. starts PEERS dhtnode peers bootstrapped to it and waits until a find reply carries their nodes;
#   3. warms up (WARMUP_MS at WARMUP_RATE, not reported): 200,000 requests by default, enough for the JVM's JIT to
#      reach steady state (after 40,000 at 4,000/s it was still compiling 40 s later and landht's p99 at 4,000/s
#      was 1-2.5 ms instead of 0.25-0.35 ms; BENCHMARKS.md); dhtnode gets the same warm-up;
#   4. runs bench/loadgen: one step at FIXED_RATE (latency at a common offered rate), then steps the offered rate
#      up by FACTOR until the reply ratio drops below 99 %, then bisects (each step STEP_MS + 0.5 s drain);
#   5. reads peak RSS (VmHWM) and stops everything it started, by PID.
# The load is ping/find/get (MIX weights) from SOURCES addresses 127.0.0.2.. with their own node ids.
# Output: bench/target/load-<UTC date>/ (raw loadgen lines per run, summary.md); the summary is also printed.
# Every loop is bounded; the whole run stops starting new work after BUDGET_S seconds.
set -u -o pipefail

# shellcheck source=bench/landht-env.sh
. "$(dirname "$0")/landht-env.sh" # HERE (this folder), ROOT, BENCH_JAR, JAVA_BIN, BENCH_JAVA_OPTS
TARGETS="${TARGETS:-landht dhtnode}"
ROUNDS="${ROUNDS:-2}"
PEERS="${PEERS:-3}"
SOURCES="${SOURCES:-64}"
MIX="${MIX:-40,30,30}"
STEP_MS="${STEP_MS:-3000}"
START_RATE="${START_RATE:-4000}"
MAX_RATE="${MAX_RATE:-300000}"
FACTOR="${FACTOR:-1.5}"
BISECT="${BISECT:-3}"
FIXED_RATE="${FIXED_RATE:-4000}"
WARMUP_RATE="${WARMUP_RATE:-20000}"
WARMUP_MS="${WARMUP_MS:-10000}"
BUDGET_S="${BUDGET_S:-600}"
PORT_BASE="${PORT_BASE:-$((41000 + RANDOM % 8000))}"
OUT="${OUT:-$HERE/target/load-$(date -u +%Y%m%dT%H%M%SZ)}"

command -v dhtnode >/dev/null || { echo "dhtnode not found (apt-get install dhtnode)" >&2; exit 1; }
[ -f "$BENCH_JAR" ] || { echo "no $BENCH_JAR: build it first (mvn -B package)" >&2; exit 1; }
mkdir -p "$OUT"
LOADGEN="$OUT/loadgen"
gcc -O2 -Wall -o "$LOADGEN" "$HERE/loadgen.c" || exit 1

T0=$(date +%s)
STARTED=()   # every PID this script started
log() { echo "[$(date -u +%H:%M:%S)] $*" | tee -a "$OUT/run.log" >&2; }

stop_pid() {
    local pid=$1
    kill "$pid" 2>/dev/null || return 0
    for _ in $(seq 1 50); do
        kill -0 "$pid" 2>/dev/null || return 0
        sleep 0.1
    done
    kill -9 "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
}

stop_all() {
    for pid in "${STARTED[@]}"; do
        stop_pid "$pid"
    done
    STARTED=()
}
trap 'stop_all' EXIT
trap 'stop_all; exit 130' INT TERM

# Starts a target; prints its PID. The start time (ns) is written by the same process just before exec.
# A target is "dhtnode", "landht" (BENCH_JAR) or "landht<suffix>=JAR".
start_target() {
    local kind=$1 port=$2 peer=$3 dir=$4
    local jar="$BENCH_JAR"
    case "$kind" in *=*) jar="${kind#*=}"; kind=landht ;; esac
    mkdir -p "$dir/state"
    case "$kind" in
        landht*)
            # the LAN HTTP port (DHT proxy, on every interface by default) stays closed; older jars lack the option
            local no_http=()
            "$JAVA_BIN" -jar "$jar" --help 2>/dev/null | grep -q -- '--no-http' && no_http=(--no-http)
            # shellcheck disable=SC2086
            bash -c 'date +%s%N > "$0/start_ns"; exec "$@"' "$dir" "$JAVA_BIN" $BENCH_JAVA_OPTS -jar "$jar" \
                -U --no-peer-discovery --no-ops "${no_http[@]}" --bind 127.0.0.1 -p "$port" -b "127.0.0.1:$peer" \
                --state-dir "$dir/state" >"$dir/target.log" 2>&1 &
            ;;
        dhtnode)
            bash -c 'date +%s%N > "$0/start_ns"; exec "$@"' "$dir" dhtnode -s --no-rate-limit -p "$port" \
                -b "127.0.0.1:$peer" >"$dir/target.log" 2>&1 &
            ;;
        *) echo "unknown target $kind" >&2; return 1 ;;
    esac
    echo $!
}

# Prints "steal total" CPU ticks of the whole machine (/proc/stat): time the hypervisor gave to other guests.
cpu_ticks() { awk '/^cpu / {t = 0; for (i = 2; i <= NF; i++) t += $i; print $9, t; exit}' /proc/stat; }

field() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" | head -1; }

run_one() {
    local round=$1 target=$2 port=$3
    local kind="${target%%=*}"
    local dir="$OUT/r$round-$kind"
    mkdir -p "$dir"
    local peer=$((port + 1))
    log "round $round: $kind on 127.0.0.1:$port"
    local pid
    pid=$(start_target "$target" "$port" "$peer" "$dir") || return 1
    STARTED+=("$pid")
    for _ in $(seq 1 100); do [ -s "$dir/start_ns" ] && break; sleep 0.01; done
    "$LOADGEN" firstping "$port" "$(cat "$dir/start_ns")" 15000 "$pid" >"$dir/firstping.txt"
    log "  $(cat "$dir/firstping.txt")"
    if [ "$(awk '{print $2}' "$dir/firstping.txt")" = "-1" ]; then
        log "  $kind did not answer a ping: see $dir/target.log"
        stop_pid "$pid"
        STARTED=()
        return 1
    fi
    local peers=()
    for i in $(seq 1 "$PEERS"); do
        dhtnode -s -p $((port + i)) -b "127.0.0.1:$port" >"$dir/peer$i.log" 2>&1 &
        peers+=($!)
        STARTED+=($!)
    done
    local nodes=-1
    for _ in $(seq 1 60); do
        nodes=$("$LOADGEN" probe "$port" | awk '{print $2}')
        [ "${nodes:-0}" -ge "$PEERS" ] && break
        sleep 0.5
    done
    log "  find reply carries $nodes nodes"
    echo "$nodes" >"$dir/nodes.txt"
    local ticks0
    ticks0=$(cpu_ticks)
    "$LOADGEN" run "$port" "$pid" --sources "$SOURCES" --mix "$MIX" --start "$WARMUP_RATE" --max "$WARMUP_RATE" \
        --step-ms "$WARMUP_MS" --bisect 0 --budget-s 30 >"$dir/warmup.txt"
    "$LOADGEN" run "$port" "$pid" --sources "$SOURCES" --mix "$MIX" --start "$START_RATE" --max "$MAX_RATE" \
        --factor "$FACTOR" --bisect "$BISECT" --step-ms "$STEP_MS" --fixed "$FIXED_RATE" --budget-s 200 \
        >"$dir/run.txt"
    grep -E '^(step|summary)' "$dir/run.txt" | sed 's/^/    /' >&2
    # a round with much stolen CPU measured the host's other guests as much as the target
    local steal
    steal=$(echo "$ticks0 $(cpu_ticks)" | awk '{d = $4 - $2; printf "%.1f", (d > 0) ? 100 * ($3 - $1) / d : 0}')
    log "  CPU stolen by the hypervisor during the load: ${steal} %"
    awk '/^VmHWM|^VmRSS/ {print $1, $2}' "/proc/$pid/status" >"$dir/mem.txt"
    local hwm
    hwm=$(awk '/^VmHWM/ {print $2}' "$dir/mem.txt")
    log "  peak RSS ${hwm} kB"
    local fixed
    fixed=$(grep '^step fixed' "$dir/run.txt")
    {
        echo "target=$kind round=$round"
        echo "sustained=$(grep '^summary' "$dir/run.txt" | field sustained_rps)"
        echo "p50_us=$(grep '^summary' "$dir/run.txt" | field p50_us)"
        echo "p99_us=$(grep '^summary' "$dir/run.txt" | field p99_us)"
        echo "cpu_s_per_M=$(grep '^summary' "$dir/run.txt" | field cpu_s_per_M)"
        echo "fixed_p50_us=$(echo "$fixed" | field p50_us)"
        echo "fixed_p99_us=$(echo "$fixed" | field p99_us)"
        echo "fixed_ratio=$(echo "$fixed" | field ratio)"
        echo "fixed_cpu_s_per_M=$(echo "$fixed" | field cpu_s_per_M)"
        echo "hwm_kb=$hwm"
        echo "first_ping_ms=$(awk '{print $2}' "$dir/firstping.txt")"
        echo "first_ping_cpu_ms=$(awk '{print $4}' "$dir/firstping.txt")"
        echo "nodes=$nodes"
        echo "steal_pct=$steal"
    } >"$dir/result.txt"
    for p in "${peers[@]}"; do stop_pid "$p"; done
    stop_pid "$pid"
    STARTED=()
}

{
    echo "$(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores $(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)," \
        "$(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo), load at start $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "- targets: $TARGETS; landht JVM options: $BENCH_JAVA_OPTS; $("$JAVA_BIN" -version 2>&1 | head -1);" \
        "dhtnode $(dpkg-query -W -f='${Version}' dhtnode 2>/dev/null) --no-rate-limit"
    echo "- load: ping,find,get weights $MIX from $SOURCES source addresses; $PEERS dhtnode peers; warm-up" \
        "${WARMUP_MS} ms at ${WARMUP_RATE}/s; common rate ${FIXED_RATE}/s; steps of ${STEP_MS} ms from ${START_RATE}/s" \
        "× ${FACTOR} (a failing step is retried once), then ${BISECT} bisections; sustained = highest rate with ≥ 99 % of the step's requests answered before its 0.5 s drain ends"
} >"$OUT/meta.txt"
for t in $TARGETS; do echo "${t%%=*}"; done >"$OUT/targets.txt"
log "$(head -1 "$OUT/meta.txt")"
log "targets: $TARGETS; landht JVM options: $BENCH_JAVA_OPTS"
port=$PORT_BASE
for round in $(seq 1 "$ROUNDS"); do
    for target in $TARGETS; do
        if [ $(($(date +%s) - T0)) -gt "$BUDGET_S" ]; then
            log "budget of ${BUDGET_S}s spent: skipping round $round $target"
            continue
        fi
        run_one "$round" "$target" "$port"
        port=$((port + PEERS + 2))
    done
done

"$HERE/summarize.sh" "$OUT" | tee "$OUT/summary.md"
log "done in $(($(date +%s) - T0)) s; results in $OUT"
