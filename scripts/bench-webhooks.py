"""The webhook line of `make bench`: a receiver on loopback that writes, for each delivery,
the time from the change (the body's `timestamp`, taken in the change's transaction just
before its commit) to its arrival; then the percentiles of those times.

    python3 scripts/bench-webhooks.py receive PORT FILE
    python3 scripts/bench-webhooks.py report FILE EXPECTED
"""

import json
import sys
import time
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def moment(text):
    # Python reads at most microseconds: the server writes nanoseconds.
    head, _, frac = text.rstrip("Z").partition(".")
    return datetime.fromisoformat(f"{head}.{(frac + '000000')[:6]}+00:00").timestamp()


def receive(port, path):
    out = open(path, "a", buffering=1)

    class Hook(BaseHTTPRequestHandler):
        # Keep-alive, as a receiver in production would: a connection per delivery is not
        # what is measured.
        protocol_version = "HTTP/1.1"

        def do_POST(self):
            body = json.loads(self.rfile.read(int(self.headers["content-length"])))
            out.write(f"{(time.time() - moment(body['timestamp'])) * 1000:.2f} {self.headers['webhook-id']}\n")
            self.send_response(204)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args):
            pass

    class Server(ThreadingHTTPServer):
        # The sender opens up to 32 connections at once: a backlog of 5 (the default) drops
        # the rest's first SYN and times the kernel's retransmission, not the delivery.
        request_queue_size = 256
        daemon_threads = True

    Server(("127.0.0.1", int(port)), Hook).serve_forever()


def report(path, expected):
    lines = [l.split() for l in open(path) if l.strip()]
    ms = sorted(float(l[0]) for l in lines)
    ids = {l[1] for l in lines}
    pick = lambda q: ms[min(len(ms) - 1, int(q * len(ms)))] if ms else 0.0
    print(json.dumps({"name": "webhook delivery, change to receiver, create @100/s", "webhook": True,
                      "deliveries": len(ms), "distinct": len(ids), "expected": int(expected),
                      "p50_ms": pick(0.50), "p95_ms": pick(0.95), "p99_ms": pick(0.99), "max_ms": ms[-1] if ms else 0.0}))


if __name__ == "__main__":
    {"receive": receive, "report": report}[sys.argv[1]](*sys.argv[2:])
