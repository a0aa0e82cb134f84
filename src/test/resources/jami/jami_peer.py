#!/usr/bin/python3
"""One headless Jami daemon (Debian's jamid 13.7) on a private D-Bus session bus, driven over stdin/stdout.

Started (by the Java class JamiPeer) inside a network namespace the test made:

    /usr/bin/python3 -u jami_peer.py --dir DIR [--log FILE] [--jamid /usr/libexec/jamid] [--stop-seconds 10]

DIR becomes HOME, XDG_DATA_HOME, XDG_CONFIG_HOME and XDG_CACHE_HOME of the daemon (fresh account store, fresh name
cache, fresh proxy cache) and holds the bus socket (DIR/bus: keep DIR short, a socket path has at most 107 bytes);
the daemon's console log (-c -d) goes to FILE (default DIR/jamid.log). The script
starts dbus-daemon (--nofork, its own socket file), then `jamid -c -d -p` on that bus, waits (bounded) until the
daemon owns cx.ring.Ring, and prints one JSON line per event on stdout:

    {"event": "ready", "jamid_pid": N, "bus_pid": N, "bus": "unix:path=..."}
    {"event": "signal", "name": "<member>", "args": [...]}     every cx.ring.Ring.ConfigurationManager signal
                                                               (except the log mirror "messageSend")
    {"event": "reply", "id": N, "result": ...}  or  {"event": "reply", "id": N, "error": "..."}
    {"event": "stopped", "jamid_status": N, "bus_status": N}

stdin takes one JSON command a line: {"id": N, "call": "<ConfigurationManager method>", "args": [...]} (argument
types come from the daemon's introspection data, so a JSON object is an a{ss}, a list of ints an ay), or
{"quit": true}. EOF, "quit" and SIGTERM all stop jamid, then the bus, by PID (SIGTERM, SIGKILL after
--stop-seconds). Both children also get SIGKILL from the kernel if this script dies (PR_SET_PDEATHSIG).

The environment is passed on to jamid except XDG_* and DBUS_* (replaced): to debug, set SIPLOGLEVEL=5 (pjsip and
pjnath, e.g. ICE candidates) or DHTLOGLEVEL for the test JVM.
"""
import argparse
import ctypes
import json
import os
import signal
import subprocess
import sys
import time

import dbus
import dbus.mainloop.glib
from gi.repository import GLib

SERVICE = "cx.ring.Ring"
CONFIG_PATH = "/cx/ring/Ring/ConfigurationManager"
CONFIG_IFACE = "cx.ring.Ring.ConfigurationManager"
PR_SET_PDEATHSIG = 1
IGNORED_SIGNALS = {"messageSend"}


def die_with_parent():
    """preexec_fn: the child gets SIGKILL when this script goes away, however it goes."""
    ctypes.CDLL("libc.so.6", use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)


def emit(obj):
    sys.stdout.write(json.dumps(obj, separators=(",", ":")) + "\n")
    sys.stdout.flush()


def plain(value):
    """D-Bus values as JSON: strings, numbers, booleans, lists, objects; byte arrays as lists of ints."""
    if isinstance(value, (dbus.Dictionary, dict)):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (bytes, bytearray, dbus.ByteArray)):
        return list(bytes(value))
    if isinstance(value, (dbus.Array, dbus.Struct, list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, dbus.Boolean):
        return bool(value)
    if isinstance(value, dbus.Byte):
        return int(value)
    if isinstance(value, (dbus.Int16, dbus.Int32, dbus.Int64, dbus.UInt16, dbus.UInt32, dbus.UInt64)):
        return int(value)
    if isinstance(value, dbus.Double):
        return float(value)
    if isinstance(value, (dbus.String, dbus.ObjectPath, dbus.Signature, str)):
        return str(value)
    return value


def stop(proc, seconds):
    """SIGTERM to proc's own PID, SIGKILL after `seconds`; returns the exit status."""
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=seconds)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    return proc.returncode


class Peer:
    def __init__(self, args):
        self.args = args
        self.dir = os.path.abspath(args.dir)
        self.bus_proc = None
        self.jamid = None
        self.jamid_log = None
        self.loop = GLib.MainLoop()
        self.config = None
        self.stopping = False

    def environment(self):
        env = {k: v for k, v in os.environ.items() if not k.startswith(("XDG_", "DBUS_"))}
        env["HOME"] = self.dir
        for var, sub in (("XDG_DATA_HOME", "data"), ("XDG_CONFIG_HOME", "config"), ("XDG_CACHE_HOME", "cache")):
            path = os.path.join(self.dir, sub)
            os.makedirs(path, exist_ok=True)
            env[var] = path
        return env

    def start(self):
        env = self.environment()
        socket = os.path.join(self.dir, "bus")
        self.bus_proc = subprocess.Popen(
            ["dbus-daemon", "--session", "--nofork", "--nopidfile", "--address=unix:path=" + socket,
             "--print-address=1"],
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, env=env, preexec_fn=die_with_parent)
        address = self.bus_proc.stdout.readline().decode().strip()
        if not address:
            raise RuntimeError("dbus-daemon printed no address (status %s)" % self.bus_proc.poll())
        env["DBUS_SESSION_BUS_ADDRESS"] = address
        self.jamid_log = open(self.args.log or os.path.join(self.dir, "jamid.log"), "ab")
        self.jamid = subprocess.Popen([self.args.jamid, "-c", "-d", "-p"], stdin=subprocess.DEVNULL,
                                      stdout=self.jamid_log, stderr=subprocess.STDOUT, env=env,
                                      preexec_fn=die_with_parent)
        dbus.mainloop.glib.DBusGMainLoop(set_as_default=True)
        bus = dbus.bus.BusConnection(address)
        deadline = time.monotonic() + self.args.start_seconds
        while not bus.name_has_owner(SERVICE):
            if self.jamid.poll() is not None:
                raise RuntimeError("jamid exited with status %s before owning %s" % (self.jamid.returncode, SERVICE))
            if time.monotonic() > deadline:
                raise RuntimeError("jamid did not own %s within %s s" % (SERVICE, self.args.start_seconds))
            time.sleep(0.1)
        bus.add_signal_receiver(self.on_signal, dbus_interface=CONFIG_IFACE, path=CONFIG_PATH,
                                member_keyword="member")
        self.config = dbus.Interface(bus.get_object(SERVICE, CONFIG_PATH), CONFIG_IFACE)
        emit({"event": "ready", "jamid_pid": self.jamid.pid, "bus_pid": self.bus_proc.pid, "bus": address})

    def on_signal(self, *args, member=None):
        if member not in IGNORED_SIGNALS:
            emit({"event": "signal", "name": member, "args": plain(list(args))})

    def on_stdin(self, channel, condition):
        if condition & GLib.IO_IN:
            line = sys.stdin.readline()
            if line:
                self.handle(line.strip())
                return True
        self.quit()
        return False

    def handle(self, line):
        if not line:
            return
        try:
            command = json.loads(line)
        except ValueError as e:
            emit({"event": "reply", "id": None, "error": "bad JSON command: %s" % e})
            return
        if command.get("quit"):
            self.quit()
            return
        reply = {"event": "reply", "id": command.get("id")}
        try:
            method = getattr(self.config, command["call"])
            reply["result"] = plain(method(*command.get("args", []), timeout=self.args.call_seconds))
        except (dbus.DBusException, KeyError, TypeError, ValueError) as e:
            reply["error"] = "%s: %s" % (type(e).__name__, e)
        emit(reply)

    def on_sigterm(self):
        self.quit()
        return False

    def quit(self):
        if not self.stopping:
            self.stopping = True
            self.loop.quit()

    def shutdown(self):
        jamid_status = stop(self.jamid, self.args.stop_seconds) if self.jamid else None
        bus_status = stop(self.bus_proc, self.args.stop_seconds) if self.bus_proc else None
        if self.jamid_log:
            self.jamid_log.close()
        emit({"event": "stopped", "jamid_status": jamid_status, "bus_status": bus_status})

    def run(self):
        GLib.unix_signal_add(GLib.PRIORITY_DEFAULT, signal.SIGTERM, self.on_sigterm)
        GLib.io_add_watch(GLib.IOChannel.unix_new(sys.stdin.fileno()), GLib.PRIORITY_DEFAULT,
                          GLib.IO_IN | GLib.IO_HUP | GLib.IO_ERR, self.on_stdin)
        self.loop.run()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--dir", required=True, help="HOME and XDG folders of the daemon, bus socket, log")
    parser.add_argument("--log", help="the daemon's log file (default DIR/jamid.log)")
    parser.add_argument("--jamid", default="/usr/libexec/jamid")
    parser.add_argument("--start-seconds", type=float, default=30.0)
    parser.add_argument("--call-seconds", type=float, default=30.0)
    parser.add_argument("--stop-seconds", type=float, default=10.0)
    args = parser.parse_args()
    peer = Peer(args)
    try:
        peer.start()
        peer.run()
    except Exception as e:  # reported on stdout for the Java side, then the children are stopped
        emit({"event": "failed", "error": "%s: %s" % (type(e).__name__, e)})
    finally:
        peer.shutdown()


if __name__ == "__main__":
    main()
