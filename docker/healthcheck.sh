#!/bin/bash
# landht's Docker HEALTHCHECK: GET /health on the node's ops endpoint with bash alone (the image has no curl);
# healthy (exit 0) on 200, which the node answers while its UDP sockets are up.
# The endpoint is found as the node itself reads its settings, highest first: its command line (--ops-port,
# --ops-bind), the environment ($LANDHT_OPS_PORT, $LANDHT_OPS_BIND), the config file it reads (-c/--config, else
# /etc/landht/landht.yaml: the "port:" and "bind:" lines under "ops:", block style), the defaults (127.0.0.1:8422).
# A wildcard bind (0.0.0.0, ::) is asked on loopback. The command line is the landht java process's, found in /proc
# ($LANDHT_HEALTHCHECK_CMDLINE names a file of NUL-separated arguments instead, for tests).
set -u

args=()
cmdline=${LANDHT_HEALTHCHECK_CMDLINE:-}
if [ -z "$cmdline" ]; then
  for f in /proc/[0-9]*/cmdline; do
    if grep -qa 'landht\.jar' "$f" 2>/dev/null; then
      cmdline=$f
      break
    fi
  done
fi
if [ -n "$cmdline" ] && [ -r "$cmdline" ]; then
  mapfile -d '' args < "$cmdline"
fi

# The value of option $1 (or its alias $2) in the node's command line: "-c FILE", "--config FILE" or "--config=FILE".
option() {
  local i a
  for ((i = 0; i < ${#args[@]}; i++)); do
    a=${args[i]}
    for name in "$1" "${2:-$1}"; do
      if [ "$a" = "$name" ]; then
        echo "${args[i + 1]:-}"
        return
      elif [ "${a#"$name"=}" != "$a" ]; then
        echo "${a#"$name"=}"
        return
      fi
    done
  done
}

# The value of key $2 in the top-level section $1 of YAML file $3 (block style, one key per line), unquoted.
yaml_value() {
  [ -r "$3" ] || return 0
  awk -v section="$1" -v key="$2" '
    /^[^[:space:]#]/ { in_section = ($0 ~ "^" section ":[[:space:]]*(#.*)?$"); next }
    in_section && $0 ~ "^[[:space:]]+" key ":" {
      sub("^[[:space:]]+" key ":[[:space:]]*", ""); sub("[[:space:]]+#.*$", ""); gsub(/["\047]/, "")
      print; exit
    }' "$3"
}

config=$(option -c --config)
config=${config:-/etc/landht/landht.yaml}
port=$(option --ops-port)
port=${port:-${LANDHT_OPS_PORT:-$(yaml_value ops port "$config")}}
port=${port:-8422}
host=$(option --ops-bind)
host=${host:-${LANDHT_OPS_BIND:-$(yaml_value ops bind "$config")}}
case "${host:-0.0.0.0}" in
  0.0.0.0) host=127.0.0.1 ;;
  ::) host=::1 ;;
esac

exec 3<>"/dev/tcp/$host/$port" || exit 1
printf 'GET /health HTTP/1.0\r\nHost: %s\r\n\r\n' "$host" >&3
read -r -t 4 _ code _ <&3
[ "${code:-}" = 200 ]
