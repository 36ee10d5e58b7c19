#!/usr/bin/env python3
"""hold.py HOST PORT COUNT PER_PROCESS: opens COUNT connections to HOST:PORT and holds
them until stdin closes; every other one sends half a request head (a slow-header
client), the rest nothing. One process holds at most its own open-file limit, so the
connections are spread over processes of PER_PROCESS each. Prints how many connect()s
succeeded, then "held"."""
import socket
import subprocess
import sys


def hold(host, port, count):
    held = []
    for i in range(count):
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.settimeout(2)
        try:
            s.connect((host, port))
            if i % 2 == 1:
                s.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n")
            held.append(s)
        except OSError:
            s.close()
    print(len(held), flush=True)
    sys.stdin.read()


if sys.argv[1] == "--child":
    hold(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
    sys.exit(0)

host, port, count, per = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
children, opened = [], 0
while count > 0:
    n = min(count, per)
    child = subprocess.Popen([sys.executable, __file__, "--child", host, port, str(n)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    opened += int(child.stdout.readline())
    children.append(child)
    count -= n
print(opened, flush=True)
print("held", flush=True)
sys.stdin.read()
for child in children:
    child.stdin.close()
for child in children:
    child.wait()
