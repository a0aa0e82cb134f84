#!/bin/sh
# Time to the first value for a fresh python3-opendht node's first get, with limits.verify-sources-before-values on
# and off (issue 14). Each round starts two landhts on loopback (rule on, rule off), each seeded by a Debian dhtnode,
# and stores a 60 kB and a 100-byte value on each landht only (raw puts). Then, for each value and each landht, one
# fresh node bootstraps from the landht itself ("direct": the usual case, landht verifies it through its bootstrap
# ping) and one from the dhtnode ("via-seed": its first message to landht is a search request, before landht could
# verify it), and gets the key at once; and one raw one-shot get from a new address ("raw-get": no pagination,
# resent after 1 s as OpenDHT does, pings answered: the worst case, a value-carrying get before landht verified the
# source). Loopback only; bounded (each get waits at most 15 s, a round takes ~10 s).
# Usage: bench/first-value.sh [ROUNDS] (default 5). Needs target/landht.jar (mvn -q -B package -DskipTests),
# /usr/bin/dhtnode and python3-opendht with msgpack ($PYTHON, default /usr/bin/python3).
set -eu
ROUNDS=${1:-5}
cd "$(dirname "$0")/.."
JAR=target/landht.jar
PY=bench/first_value.py
PYTHON=${PYTHON:-/usr/bin/python3} # Debian's, which has the opendht module
[ -f "$JAR" ] || { echo "build first: mvn -q -B package -DskipTests" >&2; exit 1; }
TMP=$(mktemp -d)
PIDS=""
stop_all() { for p in $PIDS; do kill "$p" 2>/dev/null || true; done; for p in $PIDS; do wait "$p" 2>/dev/null || true; done; PIDS=""; }
trap 'stop_all; [ -n "${KEEP:-}" ] && echo "kept $TMP" >&2 || rm -rf "$TMP"' EXIT INT TERM

udp_port() { "$PYTHON" -c 'import socket; s=socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
tcp_port() { "$PYTHON" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

start_landht() { # $1 = on|off $2 = udp port $3 = ops port
    flag=true; [ "$1" = off ] && flag=false
    rm -rf "$TMP/state-$1"
    LANDHT_LIMITS_VERIFY_SOURCES_BEFORE_VALUES=$flag java -Xmx256m -jar "$JAR" --bind 127.0.0.1 --port "$2" \
        --no-peer-discovery --ops-bind 127.0.0.1 --ops-port "$3" --state-dir "$TMP/state-$1" --log-level warn \
        >> "$TMP/landht-$1.log" 2>&1 &
    PIDS="$PIDS $!"
}

get() { # $1 = node port, $2 = key, [$3 = get-raw]; prints the ms to the first value, or None
    rc=0; out=$(FIRST_VALUE_LOG=${KEEP:+$TMP/getter-$1-$2-${3:-get}.log} timeout 30 "$PYTHON" $PY "${3:-get}" \
        --node 127.0.0.1:$1 --key "$2" 2>> "$TMP/getters.log") || rc=$?
    [ -n "$out" ] || { echo "getter failed, exit status $rc" >> "$TMP/getters.log"; echo None; return; }
    echo "$out" | "$PYTHON" -c 'import json,sys; print(json.load(sys.stdin)["first_value_ms"])'
}

echo "round mode key path first_value_ms" > "$TMP/results.txt"
for r in $(seq 1 "$ROUNDS"); do
    ON=$(udp_port); OFF=$(udp_port); ON_OPS=$(tcp_port); OFF_OPS=$(tcp_port)
    start_landht on "$ON" "$ON_OPS"; start_landht off "$OFF" "$OFF_OPS"
    for i in $(seq 1 100); do # both up within 20 s
        curl -sf "http://127.0.0.1:$ON_OPS/health" >/dev/null 2>&1 && curl -sf "http://127.0.0.1:$OFF_OPS/health" >/dev/null 2>&1 && break
        sleep 0.2
    done
    SEED_ON=$(udp_port); SEED_OFF=$(udp_port)
    dhtnode -s -p "$SEED_ON" -b "127.0.0.1:$ON" > /dev/null 2>&1 & PIDS="$PIDS $!"
    dhtnode -s -p "$SEED_OFF" -b "127.0.0.1:$OFF" > /dev/null 2>&1 & PIDS="$PIDS $!"
    for port in $ON $OFF; do
        timeout 30 "$PYTHON" $PY put-raw --node 127.0.0.1:$port --key "big-$r" --size 60000 > /dev/null
        timeout 30 "$PYTHON" $PY put-raw --node 127.0.0.1:$port --key "small-$r" --size 100 > /dev/null
    done
    sleep 3 # the seeds and landht verify each other
    for key in big small; do
        for mode in on off; do
            port=$ON; seed=$SEED_ON; [ $mode = off ] && { port=$OFF; seed=$SEED_OFF; }
            echo "$r $mode $key direct $(get "$port" "$key-$r")" >> "$TMP/results.txt"
            echo "$r $mode $key via-seed $(get "$seed" "$key-$r")" >> "$TMP/results.txt"
            echo "$r $mode $key raw-get $(get "$port" "$key-$r" get-raw)" >> "$TMP/results.txt"
        done
    done
    withheld=$(curl -s "http://127.0.0.1:$ON_OPS/metrics" | awk '/^landht_unverified_withheld_total\{what="value_reply"\}/ {print $2}')
    echo "round $r: rule on, value replies withheld: $withheld" >&2
    stop_all
done
cat "$TMP/results.txt"
grep -c "getter failed" "$TMP/getters.log" 2>/dev/null | sed 's/^/getters that printed nothing: /' || true
echo
echo "mode key path n answered median_ms min_ms max_ms"
for mode in on off; do for key in big small; do for path in direct via-seed raw-get; do
    awk -v m=$mode -v k=$key -v p=$path '$2==m && $3==k && $4==p {print $5}' "$TMP/results.txt" | sort -n | awk -v m=$mode -v k=$key -v p=$path '
        {n++; if ($1 != "None") v[++a]=$1} END {if (a) printf "%s %s %s %d %d %.1f %.1f %.1f\n", m, k, p, n, a, (a%2 ? v[(a+1)/2] : (v[a/2]+v[a/2+1])/2), v[1], v[a]; else printf "%s %s %s %d 0 - - -\n", m, k, p, n}'
done; done; done
