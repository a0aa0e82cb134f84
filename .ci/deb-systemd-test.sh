#!/usr/bin/env bash
# The Debian package under a real systemd (PID 1 of a podman container, as root): what .ci/deb-install-test.sh
# cannot see, since systemd does not run there. Checks that
#   1. apt-get install ./landht_V_all.deb makes the postinst enable AND start landht.service, and the hardened unit
#      really runs: active, no ERROR in its journal, a dynamic (non-root) UID with no capabilities, no new
#      privileges and a seccomp filter, started through /usr/bin/landht, its state in /var/lib/private/landht
#      (StateDirectory= with DynamicUser=), GET /health and the status page (GET /, with the node id) on the ops
#      port 8422, and a real OpenDHT ping on UDP 4222 answered;
#   2. an upgrade to the same package with a higher version (repacked with dpkg-deb), after an edit of the conffile,
#      restarts the service (a new MainPID), keeps the edit (--force-confold) and the node id;
#   3. apt-get remove stops it (inactive, ops port closed, the state kept), apt-get purge deletes /etc/landht,
#      /var/lib/landht and /var/lib/private/landht.
#
#   .ci/deb-systemd-test.sh [DEB]     (default: target/landht_<pom version>_all.deb, made by mvn package)
#
# The image: FROM the base image ../shared/tools/container-smoke.sh makes (BASE_IMAGE, default
# docker.io/library/debian:bookworm-slim) with systemd, curl, python3 and the package's Java runtime installed (the
# only step that uses the network: the Debian mirror, through the host's), and without the base image's
# /usr/sbin/policy-rc.d, which forbids starting services. It is kept as DEB_SYSTEMD_IMAGE (default
# localhost/landht-deb-systemd:bookworm) and rebuilt only when missing or made from another base image or recipe;
# DEB_SYSTEMD_REMOVE_IMAGE=1 removes it at the end. The container runs with --network=none: the packaged
# configuration has multicast peer discovery on, and with only `lo` nothing leaves the container; every check runs
# inside it (podman exec). If podman cannot run systemd here, the test fails: it never skips.
# Prints PASS/FAIL lines; exit status 0 only when every check passed. Removes only the container it started (and
# the image it replaced or, when asked, made), by id, also on failure.
set -Eeuo pipefail
cd "$(dirname "$0")/.."

LOG_TAG=deb-systemd-test
. .ci/deb-test-lib.sh

BASE_IMAGE=${BASE_IMAGE:-docker.io/library/debian:bookworm-slim}
IMAGE=${DEB_SYSTEMD_IMAGE:-localhost/landht-deb-systemd:bookworm}
PORT=4222        # the packaged configuration's ports: the container has its own network namespace
PORT2=4223       # dht.port after the edit of the conffile
OPS=http://127.0.0.1:8422
STATE=/var/lib/private/landht

deb_under_test "${1:-}"
podman_setup
podman image exists "$BASE_IMAGE" ||
  die "base image $BASE_IMAGE missing: ../shared/tools/container-smoke.sh makes it (.ci/run runs that first)"

# drop_image ID: removes image ID unless a tag or a container still uses it (podman rmi ID would take it even
# from its last tag).
drop_image() {
  if [ "$(podman image inspect --format '{{len .RepoTags}}' "$1" 2>/dev/null)" = 0 ] && podman rmi "$1" >/dev/null 2>&1
  then log "removed image ${1:0:12}"; else log "kept image ${1:0:12}: a tag or a container uses it"; fi
}

WORK=$(mktemp -d /var/tmp/landht-deb-systemd.XXXXXX)
CID=
IMAGE_ID=
cleanup() {
  local rc=$?
  if [ -n "$CID" ]; then
    if [ "$rc" != 0 ] || [ "$FAILED" != 0 ]; then
      log "systemctl status landht, and the last of its journal:"
      podman exec "$CID" sh -c 'systemctl status --no-pager landht; journalctl -u landht --no-pager | tail -40' \
        >&2 2>&1 || true
    fi
    podman rm -f -t 5 "$CID" >/dev/null 2>&1 || true
    log "removed container ${CID:0:12}"
  fi
  if [ "${DEB_SYSTEMD_REMOVE_IMAGE:-}" = 1 ] && [ -n "$IMAGE_ID" ]; then
    podman untag "$IMAGE_ID" "$IMAGE" >/dev/null 2>&1 || true
    drop_image "$IMAGE_ID"
  fi
  rm -rf "$WORK"
  log "total $((SECONDS - T0)) s"
}
trap cleanup EXIT

repack_deb "$WORK"

# ---------------------------------------------------------------- the image
# The recipe's key (a hash of it, base image id included) is a label: another base or recipe means a rebuild.
base_id=$(podman image inspect --format '{{.Id}}' "$BASE_IMAGE")
recipe="FROM $BASE_IMAGE
# The slim image lacks /usr/share/man/man1, which the JRE's postinst needs for its alternatives.
RUN mkdir -p /usr/share/man/man1 && apt-get update -q \\
 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \\
      systemd systemd-sysv curl python3 default-jre-headless \\
 && rm -rf /var/lib/apt/lists/* && rm -f /usr/sbin/policy-rc.d"
key=$(printf '%s\n%s\n' "$base_id" "$recipe" | sha256sum | cut -c1-16)
old_id=
if podman image exists "$IMAGE"; then
  if [ "$(podman image inspect --format '{{index .Labels "landht.deb-systemd.key"}}' "$IMAGE")" = "$key" ]; then
    IMAGE_ID=$(podman image inspect --format '{{.Id}}' "$IMAGE")
  else
    old_id=$(podman image inspect --format '{{.Id}}' "$IMAGE")
    log "$IMAGE is from another base image or recipe: rebuilding it"
  fi
fi
if [ -n "$IMAGE_ID" ]; then
  log "image $IMAGE present (${IMAGE_ID:0:12})"
else
  printf '%s\nLABEL landht.deb-systemd.key=%s\n' "$recipe" "$key" >"$WORK/Containerfile"
  mkdir "$WORK/ctx"
  log "podman build -t $IMAGE (systemd, curl, python3, default-jre-headless from the mirror)"
  "${PODMAN[@]}" build -q --pull=never --network=host --force-rm "${ULIMITS[@]}" -f "$WORK/Containerfile" \
    -t "$IMAGE" "$WORK/ctx" >"$WORK/build.log" 2>&1 || { tail -30 "$WORK/build.log"; die "podman build $IMAGE failed"; }
  IMAGE_ID=$(podman image inspect --format '{{.Id}}' "$IMAGE")
  log "built $IMAGE (${IMAGE_ID:0:12})"
  # the replaced image was made here too (same tag): drop it unless something still uses it
  [ -z "$old_id" ] || [ "$old_id" = "$IMAGE_ID" ] || drop_image "$old_id"
fi

# ---------------------------------------------------------------- systemd as PID 1
CID=$("${PODMAN[@]}" run -d --network=none --systemd=always "${ULIMITS[@]}" "$IMAGE" /sbin/init 2>"$WORK/run.log") ||
  { cat "$WORK/run.log"; CID=; die "podman cannot start systemd here (podman run --systemd=always ... /sbin/init)"; }
log "container ${CID:0:12} from $IMAGE, systemd booting"
PING_RUN=(podman exec "$CID")

[ "$(in_c cat /proc/1/comm 2>/dev/null)" = systemd ] ||
  die "PID 1 of the container is $(in_c cat /proc/1/comm 2>&1 || true), not systemd"
boot=
for _ in $(seq 1 90); do   # bounded: 90 tries, 1 s apart
  boot=$(in_c systemctl is-system-running 2>/dev/null || true)
  case $boot in running|degraded) break ;; esac
  sleep 1
done
case $boot in
  running) pass "systemd is PID 1 and the system is running" ;;
  degraded) failed_units=$(in_c systemctl --failed --plain --no-legend | cut -d' ' -f1 | tr '\n' ' ')
    pass "systemd is PID 1 and the system is up (degraded: $failed_units)" ;;
  *) podman logs --tail 30 "$CID" >&2 2>&1 || true; die "systemd did not finish booting in 90 s: '$boot'" ;;
esac
podman cp "$WORK/landht_${V}_all.deb" "$CID:/root/" && podman cp "$WORK/landht_${V2}_all.deb" "$CID:/root/" ||
  die "podman cp of the packages into the container failed"

# ---------------------------------------------------------------- helpers
dpkg_status() { in_c dpkg-query -W -f='${Status} ${Version}' landht 2>/dev/null || true; }
active() { in_c systemctl is-active landht 2>/dev/null || true; }
still_running() { [ "$(active)" = active ]; }
main_pid() { in_c systemctl show -p MainPID --value landht; }
# healthy: GET /health on the ops port answers 2xx (bounded: 60 tries, 0.5 s apart), while the unit is active.
healthy() {
  for _ in $(seq 1 60); do
    in_c curl -sf -m 2 -o /dev/null "$OPS/health" 2>/dev/null && return 0
    still_running || return 1
    sleep 0.5
  done
  return 1
}
# no_error_logged WHEN: the unit's journal so far has no ERROR line.
no_error_logged() {
  local errors
  errors=$(in_c journalctl -u landht --no-pager -o cat | grep -E '(^|[[:space:]])ERROR[[:space:]]' || true)
  [ -z "$errors" ] && pass "no ERROR in journalctl -u landht $1" || fail "ERROR in journalctl -u landht $1: $errors"
}

# ---------------------------------------------------------------- 1. install: enabled, started, sandboxed
log "apt-get install ./landht_${V}_all.deb (no network: its Java runtime is in the image)"
apt_in install "/root/landht_${V}_all.deb" || die "apt-get install ./landht_${V}_all.deb failed"
dpkg_installed "$V"
[ "$(in_c systemctl is-enabled landht 2>&1)" = enabled ] && pass "postinst enabled landht.service" ||
  fail "landht.service is $(in_c systemctl is-enabled landht 2>&1 || true), not enabled"
[ "$(active)" = active ] && pass "postinst started landht.service: systemctl is-active landht = active" ||
  die "landht.service is $(active) after the install, not active: the postinst did not start it"
healthy && pass "GET $OPS/health answered 2xx" || fail "GET $OPS/health did not answer 2xx (service $(active))"
if id1=$(answer "$PORT"); then pass "OpenDHT ping on UDP $PORT answered (node $id1)"
else die "no OpenDHT reply on UDP $PORT from the service"; fi
page=$(in_c curl -sf -m 5 "$OPS/" || true)
case $page in *"<html"*"<title>landht $id1</title>"*) pass "status page GET $OPS/ is HTML naming node $id1" ;;
  *) fail "status page GET $OPS/ is not HTML with node $id1: $(head -c 200 <<<"$page")" ;; esac

pid1=$(main_pid)
proc=$(in_c sh -c "grep -E '^(Uid|Gid|CapEff|NoNewPrivs|Seccomp):' /proc/$pid1/status" | tr -s '\t ' ' ')
uid=$(sed -n 's/^Uid: \([0-9]*\) .*/\1/p' <<<"$proc")
# systemd allocates dynamic users from 61184..65519 (DynamicUser=)
[ -n "$uid" ] && [ "$uid" -ge 61184 ] && [ "$uid" -le 65519 ] &&
  [ "$(grep -c "^Uid: $uid $uid $uid $uid\$" <<<"$proc")" = 1 ] &&
  pass "MainPID $pid1 runs as a dynamic user (UID $uid)" ||
  fail "MainPID $pid1 is not a dynamic user: $(tr '\n' ' ' <<<"$proc")"
grep -qx 'CapEff: 0000000000000000' <<<"$proc" && grep -qx 'NoNewPrivs: 1' <<<"$proc" &&
  grep -qx 'Seccomp: 2' <<<"$proc" && pass "sandbox in force: no capabilities, no new privileges, a seccomp filter" ||
  fail "sandbox not in force: $(tr '\n' ' ' <<<"$proc")"
ro_root=$(in_c sh -c "awk '\$5 == \"/\" { print \$6 }' /proc/$pid1/mountinfo")
case ,$ro_root, in *,ro,*) pass "ProtectSystem=strict: / is read-only for the service" ;;
  *) fail "/ is not read-only for the service (mount options $ro_root)" ;; esac
cmd=$(in_c sh -c "tr '\\0' ' ' </proc/$pid1/cmdline")
case $cmd in "java -XX:+UseSerialGC "*" -jar /usr/share/landht/landht.jar -c /etc/landht/landht.yaml ")
    pass "started through /usr/bin/landht: $cmd" ;;
  *) fail "MainPID is not the /usr/bin/landht wrapper's java: $cmd" ;; esac
[ "$(in_c readlink /var/lib/landht)" = private/landht ] &&
  [ "$(in_c stat -c %u "$STATE")" = "$uid" ] &&
  [ "$(in_c cat "$STATE/node-id" | tr -d '\n')" = "$id1" ] &&
  pass "state in $STATE (owned by UID $uid, /var/lib/landht links to it): $(in_c ls -A "$STATE" | tr '\n' ' ')" ||
  fail "state folder: $(in_c ls -la /var/lib/landht "$STATE" 2>&1 | tr '\n' ' ')"
no_error_logged "after the install"

# ---------------------------------------------------------------- 2. upgrade: restarted, edit kept
edit_conffile
log "conffile edited (dht.port: $PORT2); apt-get install ./landht_${V2}_all.deb (MainPID $pid1)"
apt_in install -o Dpkg::Options::=--force-confold "/root/landht_${V2}_all.deb" || die "upgrade to $V2 failed"
dpkg_installed "$V2"
conffile_kept
pid2=$(main_pid)
[ "$(active)" = active ] && [ "$pid2" != 0 ] && [ "$pid2" != "$pid1" ] &&
  [ "$(in_c systemctl show -p NRestarts --value landht)" = 0 ] &&
  pass "postinst restarted the service (MainPID $pid1 -> $pid2, no crash restart)" ||
  fail "service not restarted by the upgrade: $(active), MainPID $pid1 -> $pid2"
healthy && pass "GET $OPS/health answered 2xx after the upgrade" || fail "no health after the upgrade"
same_node_on_port2 "the service"
no_error_logged "after the upgrade"

# ---------------------------------------------------------------- 3. remove, purge
log "apt-get remove landht"
apt_in remove landht || fail "apt-get remove landht failed"
[ "$(active)" = inactive ] && pass "prerm stopped the service: systemctl is-active landht = inactive" ||
  fail "after remove the service is $(active)"
in_c curl -s -m 2 -o /dev/null "$OPS/health" && fail "the ops port still answers after remove" ||
  pass "ops port 8422 closed after remove"
left=$(in_c sh -c 'grep -l "landht[.]jar" /proc/[0-9]*/cmdline 2>/dev/null' || true)   # [.]: not this sh
[ -z "$left" ] && pass "no landht process left" || fail "landht processes left after remove: $left"
[ "$(dpkg_status)" = "deinstall ok config-files $V2" ] && in_c test -s "$STATE/node-id" &&
  pass "remove kept the configuration and the state" ||
  fail "after remove: $(dpkg_status), state $(in_c ls -A "$STATE" 2>&1)"
stops=$(in_c journalctl -u landht --no-pager -o cat | grep -c 'Daemon: landht stopped$' || true)
[ "$stops" = 2 ] && pass "both stops (upgrade, remove) were clean: 'landht stopped' logged twice" ||
  fail "'landht stopped' logged $stops times, not 2 (an unclean stop?)"
no_error_logged "up to the stop"

log "apt-get purge landht"
apt_in purge landht || fail "apt-get purge landht failed"
dpkg_forgot
left=$(in_c sh -c 'for p in /etc/landht /var/lib/landht /var/lib/private/landht \
    /etc/systemd/system/multi-user.target.wants/landht.service; do
    [ -e "$p" ] || [ -L "$p" ] && echo "$p"; done' || true)
[ -z "$left" ] && pass "purge deleted /etc/landht, /var/lib/landht, /var/lib/private/landht and the enablement" ||
  fail "left after purge: $(tr '\n' ' ' <<<"$left")"

echo "deb systemd test: $FAILED check(s) failed"
[ "$FAILED" = 0 ]
