# Helpers shared by the Debian package's container tests (.ci/deb-install-test.sh, .ci/deb-systemd-test.sh);
# sourced, not run. The sourcing script sets LOG_TAG first and runs from the repository's root; the container
# helpers use its CID (the container), PORT2 (dht.port after the conffile edit) and id1 (the node id before the
# upgrade). It may define still_running (answer's "is the node still up" test) and set PING_RUN (the command
# prefix the ping runs under).

T0=$SECONDS
log() { printf '[%s +%4ss] %s\n' "$LOG_TAG" "$((SECONDS - T0))" "$*" >&2; }
FAILED=0
pass() { echo "PASS: $*"; }
fail() { echo "FAIL: $*"; FAILED=$((FAILED + 1)); }
die() { echo "FAIL: $*"; exit 1; }

# deb_under_test [DEB]: sets DEB (default target/landht_<pom version>_all.deb, made by mvn package), its version V
# and V2, the higher version of the upgrade; dies when the file is missing.
deb_under_test() {
  local version
  version=$(sed -n 's:^  <version>\(.*\)</version>:\1:p' pom.xml | head -1)
  DEB=${1:-target/landht_${version}_all.deb}
  [ -s "$DEB" ] || die "$DEB not found: build it with mvn -B -q package -DskipTests"
  V=$(dpkg-deb -f "$DEB" Version)
  V2="$V+upgradetest1"
}

# repack_deb OUT_DIR: copies DEB to OUT_DIR/landht_V_all.deb and repacks it as OUT_DIR/landht_V2_all.deb (same
# content, version V2) for the upgrade.
repack_deb() {
  local out=$1
  cp "$DEB" "$out/landht_${V}_all.deb"
  log "repacking $DEB as version $V2 (the upgrade)"
  dpkg-deb -R "$DEB" "$out/up"
  sed -i "s/^Version: .*/Version: $V2/" "$out/up/DEBIAN/control"
  dpkg-deb --root-owner-group -Zgzip -b "$out/up" "$out/landht_${V2}_all.deb" >/dev/null
  rm -rf "$out/up"
}

# in_c CMD...: runs CMD in the test's container CID.
in_c() { podman exec -e DEBIAN_FRONTEND=noninteractive "$CID" "$@"; }

# apt_in ARGS...: apt-get -y -q ARGS in the container; prints the last of its output only when it fails.
apt_in() {
  in_c sh -c 'apt-get -y -q "$@" >/tmp/apt.log 2>&1 || { tail -30 /tmp/apt.log; exit 1; }' sh "$@"
}

# dpkg_installed VERSION: PASS when dpkg in the container has landht VERSION installed, FAIL otherwise.
dpkg_installed() {
  local status
  status=$(in_c dpkg-query -W -f='${Status} ${Version}' landht 2>/dev/null || true)
  if [ "$status" = "install ok installed $1" ]; then pass "dpkg: landht $1 installed"
  else fail "dpkg status: $status"; fi
}

# dpkg_forgot: PASS when dpkg in the container no longer lists landht (after a purge), FAIL otherwise.
dpkg_forgot() {
  local status
  status=$(in_c sh -c 'dpkg-query -W -f="\${db:Status-Abbrev}" landht 2>/dev/null' || true)
  case "$status" in ""|"un "*|"pn "*) pass "dpkg no longer knows landht (${status:-not listed})" ;;
    *) fail "dpkg still lists landht: $status" ;; esac
}

# Sets PODMAN (podman with runc) and ULIMITS, the flags every podman build/run here needs, as in
# ../shared/tools/container-smoke.sh: runc (crun refuses this host's hybrid cgroups) and ulimits within the hard
# limits (root lacks CAP_SYS_RESOURCE here, so podman's defaults fail in setrlimit).
podman_setup() {
  command -v podman >/dev/null || die "podman is not installed (apt-get install podman runc)"
  local hard_nofile hard_nproc pid_max
  hard_nofile=$(ulimit -Hn); [ "$hard_nofile" = unlimited ] && hard_nofile=1048576
  hard_nproc=$(ulimit -Hu); [ "$hard_nproc" = unlimited ] && hard_nproc=4194304
  pid_max=$(cat /proc/sys/kernel/pid_max 2>/dev/null || echo 32768)
  [ "$hard_nproc" -gt "$pid_max" ] && hard_nproc=$pid_max
  [ "$hard_nofile" -gt 1048576 ] && hard_nofile=1048576
  ULIMITS=(--ulimit "nofile=$hard_nofile:$hard_nofile" --ulimit "nproc=$hard_nproc:$hard_nproc")
  PODMAN=(podman --runtime "${CONTAINER_RUNTIME:-runc}")
}

# ping_node PORT: a real OpenDHT ping to 127.0.0.1:PORT (the datagram container-smoke.sh sends), run under
# PING_RUN (e.g. podman exec CID; default: here); prints the answering node's id in hex, fails without a reply.
PING_RUN=()
ping_node() {
  "${PING_RUN[@]}" python3 -c 'import os,socket,struct,sys
nid=os.urandom(20); tid=struct.unpack(">I",os.urandom(4))[0]
msg=(b"\x85\xa1a\x81\xa2id\xc4\x14"+nid+b"\xa1q\xa4ping\xa1t\xce"+struct.pack(">I",tid)
     +b"\xa1y\xa1q\xa1v\xa4RNG1")
s=socket.socket(socket.AF_INET,socket.SOCK_DGRAM);s.settimeout(2);s.sendto(msg,("127.0.0.1",int(sys.argv[1])))
try: d,a=s.recvfrom(65535)
except OSError as e: sys.exit("no reply: %s"%e)
i=d.find(b"\xa2id\xc4\x14")
if not (d[:1] and 0x80<=d[0]<=0x8f and b"\xa1r" in d and i>=0): sys.exit("not an OpenDHT reply")
print(d[i+5:i+25].hex())' "$1"
}

# answer PORT: pings until the node answers (bounded: 40 tries, 0.5 s apart, plus 2 s per unanswered try), giving
# up early once still_running (if the caller defines it) fails; prints the node id.
answer() {
  local i id
  for i in $(seq 1 40); do
    if id=$(ping_node "$1" 2>/dev/null); then echo "$id"; return 0; fi
    if declare -F still_running >/dev/null && ! still_running; then return 1; fi
    sleep 0.5
  done
  return 1
}

# The upgrade's conffile edit, and its checks. edit_conffile: dht.port 4222 -> PORT2 in the container's
# /etc/landht/landht.yaml (dies if the line is not there). conffile_kept: PASS when the upgrade kept that edit.
edit_conffile() {
  in_c sed -i "s/^  port: 4222 /  port: $PORT2 /" /etc/landht/landht.yaml
  in_c grep -q "^  port: $PORT2 " /etc/landht/landht.yaml || die "could not edit dht.port in /etc/landht/landht.yaml"
}
conffile_kept() {
  if in_c grep -q "^  port: $PORT2 " /etc/landht/landht.yaml; then pass "edited conffile kept across the upgrade"
  else fail "the upgrade replaced the edited /etc/landht/landht.yaml"; fi
}
# same_node_on_port2 WHO: PASS when the upgraded node (WHO: what runs it) answers on PORT2, the edited file's port,
# with the node id id1 it had before the upgrade.
same_node_on_port2() {
  local id2
  if id2=$(answer "$PORT2"); then
    pass "after the upgrade $1 answered on UDP $PORT2, the edited file's port"
    if [ "$id2" = "$id1" ]; then pass "same node id after the upgrade ($id2): the state folder was read"
    else fail "node id changed across the upgrade: $id1 -> $id2"; fi
  else
    fail "no OpenDHT reply on UDP $PORT2 after the upgrade"
  fi
}
