#!/usr/bin/env python3
"""One python3-opendht node for bench/first-value.sh, bootstrapped to one landht on loopback.

put: stores one value of SIZE bytes under KEY and exits when the put is done.
get: a fresh node that bootstraps and gets KEY at once; prints the milliseconds from the bootstrap call to the first
value and to the end of the get, as JSON. Bounded by --timeout.
"""
import argparse
import json
import threading
import time

import opendht as dht


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("op", choices=["put", "get"])
    ap.add_argument("--bootstrap", required=True, metavar="127.0.0.1:PORT")
    ap.add_argument("--key", required=True)
    ap.add_argument("--size", type=int, default=100)
    ap.add_argument("--timeout", type=float, default=15.0)
    args = ap.parse_args()
    host, _, port = args.bootstrap.rpartition(":")
    if not host.startswith("127."):
        raise SystemExit("loopback only")

    runner = dht.DhtRunner()
    runner.run(port=0, ipv4="127.0.0.1")
    key = dht.InfoHash.get(args.key)
    done = threading.Event()
    out = {"op": args.op, "key": args.key}
    t0 = time.monotonic()
    runner.bootstrap(host, port)

    if args.op == "put":
        def on_done(ok, nodes):
            out["ok"] = bool(ok)
            done.set()
        runner.put(key, dht.Value(b"x" * args.size), done_cb=on_done)
    else:
        first = []

        def on_value(v):
            if not first:
                first.append(time.monotonic())
                out["bytes"] = len(v.data)
            return True

        def on_done(ok, nodes):
            out["ok"] = bool(ok)
            done.set()
        runner.get(key, get_cb=on_value, done_cb=on_done)
    finished = done.wait(args.timeout)
    t1 = time.monotonic()
    out["done_ms"] = round((t1 - t0) * 1000, 1) if finished else None
    if args.op == "get":
        out["first_value_ms"] = round((first[0] - t0) * 1000, 1) if first else None
    print(json.dumps(out), flush=True)
    runner.join()


if __name__ == "__main__":
    main()
