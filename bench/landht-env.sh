# Sourced by bench/load.sh and bench/proxy.sh: where the bench folder is, and which landht jar they run and how.
# Each setting but HERE and ROOT can be given in the environment.
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
BENCH_JAR="${BENCH_JAR:-$ROOT/target/landht.jar}"
JAVA_BIN="${JAVA_BIN:-java}"
# JVM options for landht; the default is what the Dockerfile and the systemd unit use (README "Memory and start
# time"): the serial collector with a 32 MiB young generation.
BENCH_JAVA_OPTS="${BENCH_JAVA_OPTS:--XX:+UseSerialGC -Xmn32m}"
