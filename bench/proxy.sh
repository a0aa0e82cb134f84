#!/usr/bin/env bash
# DHT proxy benchmark: landht's HTTP proxy (--http-port) next to Debian's `dhtnode --proxyserver`, loopback only.
#
#   bench/proxy.sh                     # needs target/landht.jar (mvn -B -DskipTests package), dhtnode, wrk, curl
#   DURATION=5 ROUNDS=2 bench/proxy.sh
#
# For each round, variant and target (swarm: landht, dhtnode; then lone: landht, dhtnode) it:
#   1. starts the target fresh on 127.0.0.1 (landht: --no-peer-discovery, UDP, HTTP and ops bound to 127.0.0.1;
#      dhtnode: `dhtnode -s -p UDP -b 127.0.0.1:UDP+1 --proxyserver HTTP`) with its default rate limits and JVM
#      options of the deploy (README "Memory and start time") and waits until GET / answers 200 (dhtnode caches
#      its node info and answers 503 for its first ~3 s);
#   2. swarm variant: starts PEERS `dhtnode -s` peers bootstrapped to it and waits until GET / reports them good,
#      so a get or put through the proxy is a real DHT search over UDP; lone variant: no peer at all;
#   3. puts one small value on KEY through the proxy (what the get steps read back);
#   4. warms up: WARMUP seconds of each route at 8 connections (not reported);
#   5. runs wrk (one thread per connection, closed loop: each sends its next request when the answer is in) for
#      DURATION seconds per step, for each route (GET /key/KEY, POST /key/<random key> of a small value, GET /) and
#      each concurrency of CONCURRENCY; wrk's request timeout is 10 s (landht answers a put at most 3 s after its
#      puts went out, dhtnode's own put timeout is longer);
#   6. stops everything it started, by PID.
# Each step line also carries the target's CPU (user + system, all threads) per request and the load average.
# Output: bench/target/proxy-<UTC date>/ (steps.txt, run.log, each process's log, landht's /metrics at the end).
# Bounded: each wait has a limit and the run starts no new target after BUDGET_S seconds.
set -u -o pipefail

# shellcheck source=bench/landht-env.sh
. "$(dirname "$0")/landht-env.sh" # HERE (this folder), ROOT, BENCH_JAR, JAVA_BIN, BENCH_JAVA_OPTS
TARGETS="${TARGETS:-landht dhtnode}"
VARIANTS="${VARIANTS:-swarm lone}"
ROUTES="${ROUTES:-get put info}"
CONCURRENCY="${CONCURRENCY:-1 8 32}"
ROUNDS="${ROUNDS:-1}"
PEERS="${PEERS:-3}"
# options of the peers; with the defaults each peer drops requests over 1,024/s from one address (OpenDHT's
# per-IP limit), and the proxy is one address: PEER_OPTS=--no-rate-limit lifts it
PEER_OPTS="${PEER_OPTS:-}"
DURATION="${DURATION:-10}"
WARMUP="${WARMUP:-3}"
BUDGET_S="${BUDGET_S:-540}"
KEY="${KEY:-5b4d6f1e0c2a39887766554433221100aabbccdd}"
PORT_BASE="${PORT_BASE:-$((42000 + RANDOM % 8000))}"
OUT="${OUT:-$HERE/target/proxy-$(date -u +%Y%m%dT%H%M%SZ)}"

for tool in dhtnode wrk curl; do
    command -v "$tool" >/dev/null || { echo "$tool not found (apt-get install $tool)" >&2; exit 1; }
done
[ -f "$BENCH_JAR" ] || { echo "no $BENCH_JAR: build it first (mvn -B -DskipTests package)" >&2; exit 1; }
mkdir -p "$OUT"

T0=$(date +%s)
STARTED=()   # every PID this script started and has not stopped yet
log() { echo "[$(date -u +%H:%M:%S)] $*" | tee -a "$OUT/run.log" >&2; }

stop_pid() {
    local pid=$1
    kill "$pid" 2>/dev/null || return 0
    for _ in $(seq 1 50); do
        kill -0 "$pid" 2>/dev/null || { wait "$pid" 2>/dev/null; return 0; }
        sleep 0.1
    done
    kill -9 "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
}
stop_all() {
    for pid in "${STARTED[@]}"; do stop_pid "$pid"; done
    STARTED=()
}
trap 'stop_all' EXIT
trap 'stop_all; exit 130' INT TERM

# CPU ticks (user + system, all threads) of a process
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0; }
# "steal total" CPU ticks of the whole machine
steal_ticks() { awk '/^cpu / {t = 0; for (i = 2; i <= NF; i++) t += $i; print $9, t; exit}' /proc/stat; }
HZ=$(getconf CLK_TCK)

# prints the "good" count of GET / (ipv4 + ipv6), or -1 when it does not answer 200
good_nodes() {
    curl -s -m 2 -o - -w '\n%{http_code}' "http://127.0.0.1:$1/" 2>/dev/null | python3 -c '
import json, sys
lines = sys.stdin.read().rsplit("\n", 1)
if len(lines) < 2 or lines[1].strip() != "200":
    print(-1); sys.exit()
try:
    j = json.loads(lines[0])
    print(sum(j.get(f, {}).get("good", 0) for f in ("ipv4", "ipv6")))
except Exception:
    print(-1)'
}

run_one() {
    local round=$1 variant=$2 kind=$3 port=$4
    local http=$((port + PEERS + 1)) ops=$((port + PEERS + 2))
    local dir="$OUT/r$round-$variant-$kind"
    mkdir -p "$dir/state"
    log "round $round, $variant: $kind, UDP 127.0.0.1:$port, HTTP 127.0.0.1:$http"
    local pid
    case "$kind" in
        landht)
            # shellcheck disable=SC2086
            "$JAVA_BIN" $BENCH_JAVA_OPTS -jar "$BENCH_JAR" --no-peer-discovery --bind 127.0.0.1 -p "$port" \
                -b "127.0.0.1:$((port + 1))" --http-bind 127.0.0.1 --http-port "$http" --ops-bind 127.0.0.1 \
                --ops-port "$ops" --state-dir "$dir/state" --log-level warn >"$dir/target.log" 2>&1 &
            ;;
        dhtnode)
            dhtnode -s -p "$port" -b "127.0.0.1:$((port + 1))" --proxyserver "$http" >"$dir/target.log" 2>&1 &
            ;;
    esac
    pid=$!
    STARTED+=("$pid")
    local good=-1 t_start
    t_start=$(date +%s%N)
    for _ in $(seq 1 150); do
        good=$(good_nodes "$http")
        [ "$good" -ge 0 ] && break
        sleep 0.1
    done
    log "  GET / answered 200 after $((($(date +%s%N) - t_start) / 1000000)) ms (good=$good)"
    [ "$good" -ge 0 ] || { log "  no answer: see $dir/target.log"; stop_all; return 1; }
    if [ "$variant" = swarm ]; then
        for i in $(seq 1 "$PEERS"); do
            # shellcheck disable=SC2086
            dhtnode -s $PEER_OPTS -p $((port + i)) -b "127.0.0.1:$port" >"$dir/peer$i.log" 2>&1 &
            STARTED+=($!)
        done
        # dhtnode refreshes its cached node info every 3 s
        for _ in $(seq 1 30); do
            good=$(good_nodes "$http")
            [ "$good" -ge "$PEERS" ] && break
            sleep 0.5
        done
        log "  swarm: GET / reports good=$good"
    fi
    local put
    put=$(curl -s -m 15 -X POST -H 'Content-Type: application/json' \
        --data '{"data":"aGVsbG8gcHJveHk=","id":"0","type":0,"utype":"text/plain"}' \
        -w ' %{http_code} %{time_total}s' "http://127.0.0.1:$http/key/$KEY")
    log "  put of the value to read: $(echo "$put" | tr '\n' ' ')"
    log "  get: $(curl -s -m 15 -w ' %{http_code} %{time_total}s' "http://127.0.0.1:$http/key/$KEY" | tr '\n' ' ')"
    for route in $ROUTES; do
        wrk -t8 -c8 -d"${WARMUP}s" --timeout 10s -s "$HERE/proxy.lua" "http://127.0.0.1:$http" -- "$route" "$KEY" \
            >>"$dir/warmup.txt" 2>&1
    done
    for route in $ROUTES; do
        for c in $CONCURRENCY; do
            local cpu0 st0 load cpu1 st1 line
            cpu0=$(cpu_ticks "$pid")
            st0=$(steal_ticks)
            load=$(cut -d' ' -f1 /proc/loadavg)
            line=$(wrk -t"$c" -c"$c" -d"${DURATION}s" --timeout 10s -s "$HERE/proxy.lua" "http://127.0.0.1:$http" \
                -- "$route" "$KEY" 2>&1 | tee -a "$dir/wrk.txt" | grep '^step' \
                | sed "s/^step /step round=$round variant=$variant target=$kind route=$route c=$c /")
            cpu1=$(cpu_ticks "$pid")
            st1=$(steal_ticks)
            local reqs steal cpu_ms
            reqs=$(echo "$line" | sed -n 's/.* requests=\([0-9]*\).*/\1/p')
            cpu_ms=$(awk -v a="$cpu0" -v b="$cpu1" -v n="${reqs:-0}" -v hz="$HZ" \
                'BEGIN {printf "%.3f", (n > 0) ? 1000 * (b - a) / hz / n : 0}')
            steal=$(echo "$st0 $st1" | awk '{d = $4 - $2; printf "%.1f", (d > 0) ? 100 * ($3 - $1) / d : 0}')
            line="$line cpu_ms_per_req=$cpu_ms load1=$load steal_pct=$steal"
            echo "$line" >>"$OUT/steps.txt"
            log "  $line"
        done
    done
    [ "$kind" = landht ] && curl -s -m 5 "http://127.0.0.1:$ops/metrics" >"$dir/metrics.txt"
    awk '/^VmHWM/ {print $1, $2}' "/proc/$pid/status" >"$dir/mem.txt"
    stop_all
}

{
    echo "$(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores $(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)," \
        "load at start $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "targets: $TARGETS; variants: $VARIANTS; $PEERS dhtnode peers in the swarm" \
        "(options: ${PEER_OPTS:-none}); landht JVM options:" \
        "$BENCH_JAVA_OPTS; $("$JAVA_BIN" -version 2>&1 | head -1); dhtnode $(dpkg-query -W -f='${Version}' dhtnode);" \
        "$(wrk --version 2>&1 | head -1 | cut -d' ' -f1-2); steps of ${DURATION} s at concurrency $CONCURRENCY"
} >"$OUT/meta.txt"
log "$(head -1 "$OUT/meta.txt")"
port=$PORT_BASE
for round in $(seq 1 "$ROUNDS"); do
    for variant in $VARIANTS; do
        for target in $TARGETS; do
            if [ $(($(date +%s) - T0)) -gt "$BUDGET_S" ]; then
                log "budget of ${BUDGET_S}s spent: skipping round $round $variant $target"
                continue
            fi
            run_one "$round" "$variant" "$target" "$port"
            port=$((port + PEERS + 3))
        done
    done
done
log "load at end $(cut -d' ' -f1-3 /proc/loadavg); done in $(($(date +%s) - T0)) s; results in $OUT"
