#!/usr/bin/env bash
# Install test of the Debian package in a fresh debian:bookworm-slim container (podman, as root):
#   1. apt-get install ./landht_V_all.deb resolves its dependencies (Debian's Java runtime) from the mirror;
#   2. landht --version works and the postinst enabled landht.service;
#   3. the installed unit's ExecStart, run as systemd would run it (an unprivileged user, the DynamicUser layout of
#      StateDirectory=landht, STATE_DIRECTORY, no peer discovery), answers a real OpenDHT ping;
#   4. an upgrade to the same package with a higher version (repacked with dpkg-deb) keeps an edited conffile and
#      the state folder: the node comes back with the same node id, on the port the edited file names;
#   5. apt-get purge leaves no file of landht behind and dpkg forgets it.
# systemd is not PID 1 in the container, so the maintainer scripts take their "systemd not running" branch (the
# service is enabled, not started) and the test starts ExecStart itself; .ci/deb-systemd-test.sh checks the other
# branch and the unit itself under a real systemd. Helpers shared with it: .ci/deb-test-lib.sh.
#
#   .ci/deb-install-test.sh [DEB]     (default: target/landht_<pom version>_all.deb, made by mvn package)
#
# The base image is the one ../shared/tools/container-smoke.sh makes (BASE_IMAGE, default
# docker.io/library/debian:bookworm-slim); .ci/run runs this after that script. The container uses the host's
# network (the Debian mirror, and the ping from here): landht listens on 127.0.0.1 only, on ports chosen by
# DEB_TEST_PORT (UDP, and the next port after the upgrade), DEB_TEST_HTTP_PORT and DEB_TEST_OPS_PORT (TCP).
# Prints PASS/FAIL lines; exit status 0 only when every check passed. Removes only the container it started.
set -Eeuo pipefail
cd "$(dirname "$0")/.."

LOG_TAG=deb-install-test
. .ci/deb-test-lib.sh

BASE_IMAGE=${BASE_IMAGE:-docker.io/library/debian:bookworm-slim}
PORT=${DEB_TEST_PORT:-24322}
PORT2=$((PORT + 1))
HTTP_PORT=${DEB_TEST_HTTP_PORT:-28301}
OPS_PORT=${DEB_TEST_OPS_PORT:-28424}
RUN_UID=61422   # stands for the dynamic user systemd would allocate (61184..65519)

deb_under_test "${1:-}"
podman_setup
podman image exists "$BASE_IMAGE" ||
  die "base image $BASE_IMAGE missing: ../shared/tools/container-smoke.sh makes it (.ci/run runs that first)"

WORK=$(mktemp -d /var/tmp/landht-deb-test.XXXXXX)
CID=
cleanup() {
  local rc=$?
  if [ -n "$CID" ]; then
    if [ "$rc" != 0 ] || [ "$FAILED" != 0 ]; then
      log "landht output of the last start:"; podman exec "$CID" cat /tmp/run.log >&2 2>/dev/null || true
    fi
    podman rm -f -t 2 "$CID" >/dev/null 2>&1 || true
  fi
  rm -rf "$WORK"
  log "total $((SECONDS - T0)) s"
}
trap cleanup EXIT

# ---------------------------------------------------------------- the two packages
repack_deb "$WORK"

# ---------------------------------------------------------------- helpers
CID=$("${PODMAN[@]}" run -d --network=host "${ULIMITS[@]}" -v "$WORK:/pkgs:ro" "$BASE_IMAGE" sleep 3600) ||
  die "podman run $BASE_IMAGE failed"
log "container ${CID:0:12} from $BASE_IMAGE"

# start_unit [VAR=VALUE...]: runs the installed unit's ExecStart (plus --no-peer-discovery) the way systemd would:
# as an unprivileged user, in the state folder, with STATE_DIRECTORY and UMask=0027, in the background.
START_PID=
start_unit() {
  local exec_start
  exec_start=$(in_c sed -n 's/^ExecStart=//p' /lib/systemd/system/landht.service)
  [ -n "$exec_start" ] || die "no ExecStart= in the installed unit"
  log "starting as the unit would: $exec_start --no-peer-discovery ($*)"
  # shellcheck disable=SC2086  # ExecStart is split into words, as systemd does for this simple line
  podman exec "$CID" sh -c 'echo $$ >/tmp/run.pid; cd /var/lib/landht && umask 0027 && exec "$@" >/tmp/run.log 2>&1' \
    sh setpriv --reuid=$RUN_UID --regid=$RUN_UID --clear-groups --inh-caps=-all \
    env STATE_DIRECTORY=/var/lib/landht LANDHT_DHT_BIND4=127.0.0.1 LANDHT_DHT_IPV6=false \
    LANDHT_HTTP_BIND=127.0.0.1 LANDHT_HTTP_PORT="$HTTP_PORT" LANDHT_OPS_PORT="$OPS_PORT" "$@" \
    $exec_start --no-peer-discovery &
  START_PID=$!
}

# stop_unit: SIGTERM, as systemctl stop sends; landht must exit 0 (a clean stop that saved its state).
stop_unit() {
  local rc=0
  in_c sh -c 'kill -TERM "$(cat /tmp/run.pid)"' || true
  wait "$START_PID" || rc=$?
  START_PID=
  if [ "$rc" = 0 ]; then pass "landht stopped cleanly on SIGTERM (exit 0)"; else fail "landht exited $rc on SIGTERM"; fi
}

# answer's test: the node started by start_unit is still running.
still_running() { [ -z "$START_PID" ] || kill -0 "$START_PID" 2>/dev/null; }

# ---------------------------------------------------------------- 1. install
log "apt-get install ./landht_${V}_all.deb (the JRE from the mirror)"
# The slim image drops /usr/share/man (dpkg path-exclude), and the JRE's postinst needs /usr/share/man/man1 for its
# alternatives; a regular Debian system has it (the Dockerfile does the same).
if in_c sh -ec 'mkdir -p /usr/share/man/man1; apt-get update -q >/dev/null' &&
   apt_in install "/pkgs/landht_${V}_all.deb"; then
  pass "apt-get install ./landht_${V}_all.deb resolved its dependencies ($(in_c sh -c 'readlink -f "$(command -v java)"'))"
else
  die "apt-get install ./landht_${V}_all.deb failed"
fi
dpkg_installed "$V"
out=$(in_c landht --version 2>&1) || true
[ "$(head -1 <<<"$out")" = "landht $V" ] && pass "landht --version: $(tr '\n' ' ' <<<"$out")" ||
  fail "landht --version printed: $out"
in_c test -L /etc/systemd/system/multi-user.target.wants/landht.service &&
  pass "postinst enabled landht.service (multi-user.target.wants link)" || fail "landht.service is not enabled"

# ---------------------------------------------------------------- 2. run as the unit would
# What StateDirectory=landht makes for a DynamicUser= service: /var/lib/private/landht owned by the dynamic user,
# and the link /var/lib/landht to it. /var/lib/private is 0700 on the host, but reachable inside the service's own
# mount namespace, which is what this emulates.
in_c sh -ec "install -d -m 0755 /var/lib/private
  install -d -o $RUN_UID -g $RUN_UID -m 0750 /var/lib/private/landht
  ln -s private/landht /var/lib/landht"
start_unit LANDHT_DHT_PORT="$PORT"
if id1=$(answer "$PORT"); then pass "the unit's ExecStart answered an OpenDHT ping on UDP $PORT (node $id1)"
else die "no OpenDHT reply on UDP $PORT from the unit's ExecStart"; fi
stop_unit
state1=$(in_c sh -c 'cd /var/lib/landht && ls -A | sort | tr "\n" " "')
[ -n "$state1" ] && pass "state folder written: $state1" || fail "state folder /var/lib/landht is empty"

# ---------------------------------------------------------------- 3. upgrade
edit_conffile
log "conffile edited (dht.port: $PORT2); apt-get install ./landht_${V2}_all.deb"
if apt_in install -o Dpkg::Options::=--force-confold "/pkgs/landht_${V2}_all.deb"; then
  pass "upgrade to $V2 installed"
else
  die "upgrade to $V2 failed"
fi
dpkg_installed "$V2"
conffile_kept
state2=$(in_c sh -c 'cd /var/lib/landht && ls -A | sort | tr "\n" " "')
[ "$state2" = "$state1" ] && pass "state folder kept across the upgrade: $state2" ||
  fail "state folder changed across the upgrade: '$state1' -> '$state2'"
start_unit   # the DHT port now comes from the edited file
same_node_on_port2 "the unit's ExecStart"
stop_unit

# ---------------------------------------------------------------- 4. purge
log "apt-get purge landht"
apt_in purge landht || fail "apt-get purge landht failed"
dpkg_forgot
left=$(in_c sh -c 'for p in /etc/landht /var/lib/landht /var/lib/private/landht /usr/share/landht /usr/bin/landht \
    /lib/systemd/system/landht.service /usr/share/doc/landht /etc/systemd/system/multi-user.target.wants/landht.service; do
    [ -e "$p" ] || [ -L "$p" ] && echo "$p"; done
  find / -xdev \( -path /pkgs -o -path /proc -o -path /sys \) -prune -o -name "*landht*" -print' | sort -u || true)
[ -z "$left" ] && pass "purge left nothing of landht behind" || fail "left after purge: $(tr '\n' ' ' <<<"$left")"

echo "deb install test: $FAILED check(s) failed"
[ "$FAILED" = 0 ]
