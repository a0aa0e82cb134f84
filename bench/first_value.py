#!/usr/bin/env python3
"""The two clients of bench/first-value.sh, on loopback only.

put-raw: stores one unsigned value of SIZE bytes under SHA-1(KEY) on one node with raw msgpack (find for a token, then
put, in value parts when large: fact sheet §13), flagged as a client (s:true) so that it never enters a routing table
and never holds the value itself.
get: a fresh python3-opendht node that bootstraps from one node and gets KEY at once; prints, as JSON, the
milliseconds from the bootstrap call to the first value, and exits.
get-raw: one raw get from a new address (no pagination, resent after 1 s like OpenDHT, pings answered); prints the
milliseconds to the whole value. All are bounded by --timeout.
"""
import argparse
import hashlib
import json
import os
import socket
import threading
import time


def put_raw(node, key, size, timeout):
    import msgpack
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind(("127.0.0.1", 0))
    my_id = os.urandom(20)
    deadline = time.monotonic() + timeout

    def ask(tid, query, args, parts=()):
        msg = {"a": dict(id=my_id, **args), "q": query, "t": tid, "y": "q", "v": "RNG1", "s": True}
        datagrams = [msgpack.packb(msg, use_bin_type=True)] + list(parts)
        while time.monotonic() < deadline:
            for d in datagrams:
                sock.sendto(d, node)
            sock.settimeout(1.0)
            try:
                while True:
                    data, _ = sock.recvfrom(65536)
                    m = msgpack.unpackb(data, raw=False, strict_map_key=False)
                    if isinstance(m, dict) and m.get("t") == tid and ("r" in m or "e" in m):
                        return m
            except socket.timeout:
                continue
        raise SystemExit(f"no answer to {query} from {node}")

    h = hashlib.sha1(key.encode()).digest()
    token = ask(1, "find", {"target": h})["r"]["token"]
    value = msgpack.packb({"id": 1, "dat": {"body": {"type": 0, "data": b"x" * size}}}, use_bin_type=True)
    if len(value) < 600:
        values, parts = [msgpack.unpackb(value, raw=False)], []  # inline: the value map itself
    else:
        values = [len(value)]
        parts = [msgpack.packb({"y": "p", "t": 2, "p": {0: {"o": off, "d": value[off:off + 1280]}}},
                               use_bin_type=True) for off in range(0, len(value), 1280)]
    answer = ask(2, "put", {"h": h, "token": token, "values": values}, parts)
    if "e" in answer:
        raise SystemExit(f"put refused: {answer['e']}")
    return {"op": "put-raw", "key": key, "bytes": len(value)}


def get_raw(node, key, timeout):
    """A one-shot get without pagination (what RawDhtClient does): sent again after 1 s while unanswered, as OpenDHT
    retransmits (fact sheet §12); pings from the node are answered. Milliseconds to the whole value."""
    import msgpack
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind(("127.0.0.1", 0))
    my_id = os.urandom(20)
    get = msgpack.packb({"a": {"id": my_id, "h": hashlib.sha1(key.encode()).digest()}, "q": "get", "t": 7,
                         "y": "q", "v": "RNG1"}, use_bin_type=True)
    t0 = time.monotonic()
    deadline, resend, expected, got = t0 + timeout, t0, None, 0
    while time.monotonic() < deadline:
        if expected is None and time.monotonic() >= resend:
            sock.sendto(get, node)
            resend = time.monotonic() + 1.0
        sock.settimeout(max(0.001, min(resend, deadline) - time.monotonic()))
        try:
            data, src = sock.recvfrom(65536)
        except socket.timeout:
            continue
        m = msgpack.unpackb(data, raw=False, strict_map_key=False)
        if m.get("y") == "q" and m.get("q") == "ping":
            sock.sendto(msgpack.packb({"r": {"id": my_id, "sa": socket.inet_aton(src[0])}, "t": m["t"], "y": "r",
                                       "v": "RNG1"}, use_bin_type=True), src)
        elif m.get("t") == 7 and "r" in m:
            values = m["r"].get("values", [])
            expected = sum(v for v in values if isinstance(v, int))
            if expected == 0:
                return {"op": "get-raw", "key": key, "first_value_ms": round((time.monotonic() - t0) * 1000, 1)}
        elif m.get("y") == "p" and m.get("t") == 7:
            got += sum(len(part["d"]) for part in m["p"].values())
            if expected is not None and got >= expected:
                return {"op": "get-raw", "key": key, "first_value_ms": round((time.monotonic() - t0) * 1000, 1)}
    return {"op": "get-raw", "key": key, "first_value_ms": None}


_RUNNERS = []  # never destroyed: the binding's DhtRunner destructor can hang joining its threads; os._exit ends all


def get(node, key, timeout):
    import opendht as dht
    runner = dht.DhtRunner()
    _RUNNERS.append(runner)
    runner.run(port=0, ipv4="127.0.0.1")
    if os.environ.get("FIRST_VALUE_LOG"):
        runner.enableFileLogging(os.environ["FIRST_VALUE_LOG"])
    first, done = [], threading.Event()

    def on_value(v):
        if not first:
            first.append((time.monotonic(), len(v.data)))
            done.set()
        return True

    t0 = time.monotonic()
    runner.bootstrap(node[0], str(node[1]))
    # get once connected: a search started before has no node and expires at once (src/dht.cpp searchStep)
    while "[good]" not in runner.getRoutingTablesLog(socket.AF_INET) and time.monotonic() < t0 + timeout:
        time.sleep(0.001)
    runner.get(dht.InfoHash.get(key), get_cb=on_value, done_cb=lambda ok, nodes: done.set())
    done.wait(max(0.0, t0 + timeout - time.monotonic()))
    out = {"op": "get", "key": key, "first_value_ms": None}
    if first:
        out.update(first_value_ms=round((first[0][0] - t0) * 1000, 1), bytes=first[0][1])
    return out


def main():
    import faulthandler
    import sys
    faulthandler.dump_traceback_later(25, exit=True, file=sys.stderr)  # a hung binding says where, then exits
    ap = argparse.ArgumentParser()
    ap.add_argument("op", choices=["put-raw", "get", "get-raw"])
    ap.add_argument("--node", required=True, metavar="127.0.0.1:PORT")
    ap.add_argument("--key", required=True)
    ap.add_argument("--size", type=int, default=100)
    ap.add_argument("--timeout", type=float, default=15.0)
    args = ap.parse_args()
    host, _, port = args.node.rpartition(":")
    if not host.startswith("127."):
        raise SystemExit("loopback only")
    node = (host, int(port))
    op = {"put-raw": lambda: put_raw(node, args.key, args.size, args.timeout),
          "get": lambda: get(node, args.key, args.timeout),
          "get-raw": lambda: get_raw(node, args.key, args.timeout)}[args.op]
    out = op()
    print(json.dumps(out), flush=True)
    os._exit(0)  # do not wait for the DHT runner's threads


if __name__ == "__main__":
    main()
