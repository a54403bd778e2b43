#!/usr/bin/env python3
"""The scapy side of bench/packet-throughput.ts: the same job, done the way
the common P4 packet-test frameworks (PTF) do it with scapy. Run inside the
benchmark's network namespace: builds N UDP frames with a sequence number,
sends them on one port, captures on another, parses each captured frame with
scapy and checks it against its expected packet. Prints one JSON line."""
import json
import select
import socket
import sys
import threading
import time

from scapy.all import Ether, IP, UDP, Raw, conf

send_iface, recv_iface, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
SO_RCVBUFFORCE = 33


def frame(i):
    return Ether(dst="ff:ff:ff:ff:ff:ff", src="02:00:00:00:00:01") / IP(src="10.0.0.1", dst="10.0.0.2", ttl=64) / UDP(sport=1000, dport=2000) / Raw(b"seq %08d" % i)


rx = conf.L2listen(iface=recv_iface)
rx.ins.setsockopt(socket.SOL_SOCKET, SO_RCVBUFFORCE, 64 * 1024 * 1024)
tx = conf.L2socket(iface=send_iface)
checked = 0
bad = 0
seen = set()


def sender():
    for raw in expected:
        tx.outs.send(raw)


# Timed like the tollgate side: building the frames and their expectations counts.
start = time.perf_counter()
packets = [frame(i) for i in range(count)]
expected = [bytes(p) for p in packets]
built = time.perf_counter() - start
thread = threading.Thread(target=sender)
thread.start()
last = start
while checked + bad < count:
    # A lost frame must not stall the count: stop after 2 s without any.
    if not select.select([rx.ins], [], [], 2.0)[0]:
        break
    _, raw, _ = rx.recv_raw()
    if not raw:
        continue
    pkt = Ether(raw)
    if not pkt.haslayer(Raw):
        continue
    data = bytes(pkt[Raw].load)
    if not data.startswith(b"seq "):
        continue
    i = int(data[4:12])
    want = packets[i]
    # PTF-style verification: the parsed packet's fields against the expected packet's.
    ok = pkt[Ether].src == want.src and pkt[Ether].dst == want.dst and pkt[IP].src == want[IP].src and pkt[IP].dst == want[IP].dst \
        and pkt[IP].ttl == want[IP].ttl and pkt[UDP].dport == want[UDP].dport and raw[: len(expected[i])] == expected[i]
    if ok and i not in seen:
        seen.add(i)
        checked += 1
        last = time.perf_counter()
    else:
        bad += 1
elapsed = last - start
thread.join()
print(json.dumps({"checked": checked, "bad": bad, "seconds": elapsed, "buildSeconds": built, "perSecond": checked / elapsed}))
