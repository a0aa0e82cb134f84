#!/bin/sh
# Time to the first value for a fresh python3-opendht node's first get, with limits.verify-sources-before-values on
# and off (issue 14). Two landhts on loopback (rule on, rule off), each holding a 60 kB value and a 100-byte value;
# ROUNDS times, a fresh node per get bootstraps to one landht and gets one key at once, alternating on/off.
# Loopback only, bounded: each get waits at most 15 s. Usage: bench/first-value.sh [ROUNDS] (default 10).
# Needs target/landht.jar (mvn -q -B package -DskipTests) and python3-opendht ($PYTHON, default /usr/bin/python3).
set -eu
ROUNDS=${1:-10}
cd "$(dirname "$0")/.."
JAR=target/landht.jar
PY=bench/first_value.py
PYTHON=${PYTHON:-/usr/bin/python3} # Debian's, which has the opendht module
[ -f "$JAR" ] || { echo "build first: mvn -q -B package -DskipTests" >&2; exit 1; }
TMP=$(mktemp -d)
PIDS=""
cleanup() { for p in $PIDS; do kill "$p" 2>/dev/null || true; done; rm -rf "$TMP"; }
trap cleanup EXIT INT TERM

free_port() { python3 -c 'import socket; s=socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

start() { # $1 = on|off; prints "udp_port ops_port"
    udp=$(free_port); ops=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
    flag=true; [ "$1" = off ] && flag=false
    LANDHT_LIMITS_VERIFY_SOURCES_BEFORE_VALUES=$flag java -Xmx256m -jar "$JAR" --bind 127.0.0.1 --port "$udp" \
        --no-peer-discovery --ops-bind 127.0.0.1 --ops-port "$ops" --state-dir "$TMP/state-$1" --log-level warn \
        > "$TMP/landht-$1.log" 2>&1 &
    PIDS="$PIDS $!"
    echo "$udp $ops"
}

set -- $(start on); ON_UDP=$1; ON_OPS=$2
set -- $(start off); OFF_UDP=$1; OFF_OPS=$2
for i in $(seq 1 100); do # wait for both ops endpoints (at most 20 s)
    curl -sf "http://127.0.0.1:$ON_OPS/health" >/dev/null 2>&1 && curl -sf "http://127.0.0.1:$OFF_OPS/health" >/dev/null 2>&1 && break
    sleep 0.2
done

for port in $ON_UDP $OFF_UDP; do
    timeout 30 "$PYTHON" $PY put --bootstrap 127.0.0.1:$port --key big --size 60000 > /dev/null
    timeout 30 "$PYTHON" $PY put --bootstrap 127.0.0.1:$port --key small --size 100 > /dev/null
done

echo "round mode key first_value_ms done_ms"
for r in $(seq 1 "$ROUNDS"); do
    for key in big small; do
        for mode in on off; do
            port=$ON_UDP; [ $mode = off ] && port=$OFF_UDP
            line=$(timeout 30 "$PYTHON" $PY get --bootstrap 127.0.0.1:$port --key $key)
            echo "$r $mode $key $(echo "$line" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["first_value_ms"], d["done_ms"])')"
        done
    done
done | tee "$TMP/results.txt"

echo
echo "mode key n median_first_ms min max"
for mode in on off; do for key in big small; do
    awk -v m=$mode -v k=$key '$2==m && $3==k && $4!="None" {print $4}' "$TMP/results.txt" | sort -n | awk -v m=$mode -v k=$key '
        {v[NR]=$1} END {if (NR) printf "%s %s %d %.1f %.1f %.1f\n", m, k, NR, (NR%2 ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2), v[1], v[NR]}'
done; done
echo
echo "rule on, /metrics:"
curl -s "http://127.0.0.1:$ON_OPS/metrics" | grep -E '^landht_(unverified|verification|verified)' || true
