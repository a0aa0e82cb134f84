#!/usr/bin/python3
"""One OpenDHT (python3-opendht) test peer for landht's integration tests.

Run with Debian's /usr/bin/python3. Binds only to a loopback address (127.0.0.1, or ::1 with --ipv6) and
bootstraps only to the given addresses.

stdout: one JSON object per line. First {"event":"ready","node_id":hex,"port":p,"family":4|6}, then one
{"event":"reply","cmd":...} line per command, in command order, and {"event":"value",...} lines pushed by
listens (at any time, between replies).

stdin: one command per line:
  stats                 routing table per family: good/dubious/expired counts, the nodes and the buckets
  put KEY TEXT...       put a plain (unsigned) value whose data is TEXT (utf-8); answers when the put is done
  get KEY               the values found at KEY
  listen KEY            from now on, values arriving at KEY are printed as {"event":"value",...}
  quit                  stop (end of stdin does the same)
KEY is 40 hex digits, or any other word (then SHA-1 of it, as dhtnode does).

Traps of python3-opendht 2.4.12 this script avoids: Value.owner on an unsigned value segfaults (never read);
join() after shutdown() can hang (we exit with os._exit instead). Listen callbacks did not fire when the runner
had only an IPv6 socket (2.4.12, seen on ::1), so listen is only reliable with IPv4.
"""
import argparse
import json
import os
import re
import signal
import sys
import threading

import opendht as dht

AF_INET, AF_INET6 = 2, 10
_out_lock = threading.Lock()
_NODE_LINE = re.compile(r"^\s+Node ([0-9a-f]{40}) (\S+)(.*)$")
_BUCKET_LINE = re.compile(r"^([0-9a-f]{40}) count: (\d+)")


def emit(obj):
    line = json.dumps(obj, separators=(",", ":"))
    with _out_lock:
        sys.stdout.write(line + "\n")
        sys.stdout.flush()


def infohash(key):
    if re.fullmatch(r"[0-9a-fA-F]{40}", key):
        return dht.InfoHash(key.lower().encode())
    return dht.InfoHash.get(key)


_SIGNED = re.compile(r"signed \(v(\d+)\)")


def value_json(v):
    data = v.data  # bytes; v.owner is read only for signed values (segfault on unsigned ones)
    out = {"id": str(v.id), "data": data.decode("utf-8", "replace"), "data_hex": data.hex()}
    # Value::toString says "signed (v<seq>)" for a value with an owner and a signature; values handed to callbacks
    # passed SecureDht's signature check, so a signed one here is a verified one.
    m = _SIGNED.search(str(v))
    if m:
        out.update(signed=True, seq=int(m.group(1)), owner_id=str(v.owner.getId()))
    return out


def table(runner, af):
    """Parses getRoutingTablesLog: per bucket '<first id> count: N updated: ...[ (cached)]', then per node
    '    Node <id> <addr> updated: ...[, replied: ...] [good]|[expired]'."""
    nodes, buckets = [], []
    for line in runner.getRoutingTablesLog(af).splitlines():
        b = _BUCKET_LINE.match(line)
        if b:
            buckets.append({"first": b.group(1), "count": int(b.group(2)), "cached": "(cached)" in line})
        m = _NODE_LINE.match(line)
        if not m:
            continue
        tail = m.group(3)
        state = "good" if "[good]" in tail else "expired" if "[expired]" in tail else "dubious"
        nodes.append({"id": m.group(1), "addr": m.group(2), "state": state})
    counts = {s: sum(1 for n in nodes if n["state"] == s) for s in ("good", "dubious", "expired")}
    return dict(counts, nodes=nodes, buckets=buckets)


def wait_done(start, timeout):
    """Runs start(done_cb) and waits at most timeout seconds for done_cb(ok, nodes)."""
    ev, res = threading.Event(), {}

    def done(ok, nodes):
        res["ok"], res["nodes"] = bool(ok), len(nodes)
        ev.set()

    start(done)
    finished = ev.wait(timeout)
    return finished, res


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--bootstrap", action="append", default=[], metavar="HOST:PORT")
    ap.add_argument("--ipv6", action="store_true", help="bind ::1 instead of 127.0.0.1")
    ap.add_argument("--network-id", type=int, default=0)
    ap.add_argument("--node-id", help="40 hex digits (default: random)")
    ap.add_argument("--log", help="write OpenDHT's log to this file")
    ap.add_argument("--op-timeout", type=float, default=30.0, help="seconds to wait for a put/get")
    args = ap.parse_args()

    signal.signal(signal.SIGTERM, lambda *_: os._exit(0))
    config = dht.DhtConfig()
    if args.network_id:
        config.setNetwork(args.network_id)
    if args.node_id:
        config.setNodeId(dht.InfoHash(args.node_id.lower().encode()))
    runner = dht.DhtRunner()
    if args.ipv6:
        runner.run(port=args.port, ipv6="::1", config=config)
    else:
        runner.run(port=args.port, ipv4="127.0.0.1", config=config)
    if args.log:
        runner.enableFileLogging(args.log)  # after run(): set before, it only logs the runner's state changes
    for b in args.bootstrap:
        host, _, port = b.rpartition(":")
        runner.bootstrap(host.strip("[]"), port)
    family = 6 if args.ipv6 else 4
    bound = runner.getBound(AF_INET6 if args.ipv6 else AF_INET)
    emit({"event": "ready", "node_id": runner.getNodeId().decode(), "port": bound.getPort(), "family": family})

    listens = []  # keeps the tokens (and their callbacks) alive
    for line in sys.stdin:
        words = line.split()
        if not words:
            continue
        cmd = words[0]
        reply = {"event": "reply", "cmd": cmd}
        try:
            if cmd == "quit":
                emit(reply)
                break
            elif cmd == "stats":
                reply["ipv4"] = table(runner, AF_INET)
                reply["ipv6"] = table(runner, AF_INET6)
            elif cmd == "put" and len(words) >= 3:
                key, text = infohash(words[1]), line.strip().split(None, 2)[2]
                value = dht.Value(text.encode("utf-8"))
                finished, res = wait_done(lambda cb: runner.put(key, value, done_cb=cb), args.op_timeout)
                reply.update(key=str(key), ok=finished and res["ok"], timeout=not finished, nodes=res.get("nodes", 0))
            elif cmd == "get" and len(words) == 2:
                key, found = infohash(words[1]), []

                def on_value(v):
                    found.append(value_json(v))
                    return True

                finished, res = wait_done(lambda cb: runner.get(key, get_cb=on_value, done_cb=cb), args.op_timeout)
                reply.update(key=str(key), ok=finished and res["ok"], timeout=not finished, values=list(found))
            elif cmd == "listen" and len(words) == 2:
                key = infohash(words[1])

                def on_listen(v, expired=False, k=str(key)):
                    emit(dict(value_json(v), event="value", key=k, expired=bool(expired)))
                    return True

                listens.append(runner.listen(key, on_listen))
                reply.update(key=str(key), ok=True)
            else:
                reply["error"] = "unknown or malformed command"
        except Exception as e:  # a bad command must not kill the peer; the test sees the error
            reply["error"] = "%s: %s" % (type(e).__name__, e)
        emit(reply)

    done = threading.Event()
    runner.shutdown(lambda: done.set())
    done.wait(3)
    os._exit(0)


if __name__ == "__main__":
    main()
