#!/usr/bin/python3
"""Sends OpenDHT's peer-discovery query (the msgpack string "q", bytes a1 71) to one multicast group and prints
every unicast answer as "<source address> <source port> <hex>" until the time is up. Run inside a test network
namespace only (the peer-discovery IT does so with `ip netns exec`).

usage: discovery_query.py GROUP PORT SECONDS
"""
import socket
import sys
import time

group, port, seconds = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
family = socket.AF_INET6 if ":" in group else socket.AF_INET
s = socket.socket(family, socket.SOCK_DGRAM)
s.bind(("::" if family == socket.AF_INET6 else "0.0.0.0", 0))
s.settimeout(0.5)
end = time.time() + seconds
while time.time() < end:
    s.sendto(b"\xa1q", (group, port))
    try:
        while True:
            data, addr = s.recvfrom(65536)
            print(addr[0], addr[1], data.hex(), flush=True)
    except socket.timeout:
        pass
