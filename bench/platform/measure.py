#!/usr/bin/env python3
"""Measures runlane's platform latencies against a running `runlane up` (started by
bench/platform/latencies.sh, which passes where it listens). Prints Markdown tables.

1. traffic: update-traffic to effect under `runlane load --rate 2000`. Probe clients on
   keep-alive connections timestamp every response and the revision that answered it
   (the sample app names its revision); the split flips 100% a -> 100% b and back
   through the Knative API (PUT of the service, as the CLI and gcloud do). Per flip: the
   time from the API's answer to the last response from the old revision, and how many
   requests sent after the answer the old revision served (should be 0).
2. deploy: POST of a new service (the sample app) -> Ready condition True, polling the
   API every 2 ms; minus the app's own time to listen (`runlane hello` spawned
   directly with PORT, polled with TCP connects).
3. cold: first request to a revision at zero instances, minus that time to listen.
"""
import argparse
import http.client
import json
import os
import socket
import statistics
import subprocess
import threading
import time

KNATIVE = "/apis/serving.knative.dev/v1/namespaces/default"


class Api:
    def __init__(self, url, token):
        host, port = url.removeprefix("http://").rstrip("/").split(":")
        self.conn = http.client.HTTPConnection(host, int(port))
        self.headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}

    def call(self, method, path, body=None):
        data = json.dumps(body).encode() if body is not None else None
        self.conn.request(method, path, body=data, headers=self.headers)
        resp = self.conn.getresponse()
        payload = resp.read()
        if resp.status >= 300:
            raise SystemExit(f"ERROR: {method} {path} answered {resp.status}: {payload[:300]!r}")
        return json.loads(payload) if payload else None


def ready(obj):
    return any(
        c.get("type") == "Ready" and c.get("status") == "True"
        for c in obj.get("status", {}).get("conditions", [])
    )


def wait_for(what, done, timeout=60.0, interval=0.002):
    deadline = time.monotonic() + timeout
    while not done():
        if time.monotonic() > deadline:
            raise SystemExit(f"ERROR: timed out waiting for {what}")
        time.sleep(interval)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def app_time_to_listen(runlane):
    port = free_port()
    env = dict(os.environ, PORT=str(port), K_SERVICE="direct", K_REVISION="direct-00001-abc")
    started = time.perf_counter()
    child = subprocess.Popen([runlane, "hello"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                return time.perf_counter() - started
            except OSError:
                pass
    finally:
        child.kill()
        child.wait()


def summary(values_ms):
    return statistics.median(values_ms), max(values_ms)


def fmt(x):
    return f"{x:.1f}"


class Probe(threading.Thread):
    """One keep-alive client sending back to back; records (sent, answered, revision)."""

    def __init__(self, router_port, host, stop):
        super().__init__(daemon=True)
        self.router_port, self.host, self.stop = router_port, host, stop
        self.records = []
        self.failures = 0

    def run(self):
        conn = http.client.HTTPConnection("127.0.0.1", self.router_port)
        while not self.stop.is_set():
            sent = time.perf_counter()
            try:
                conn.request("GET", "/", headers={"Host": self.host})
                resp = conn.getresponse()
                body = resp.read().decode()
            except (OSError, http.client.HTTPException):
                self.failures += 1
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", self.router_port)
                continue
            answered = time.perf_counter()
            if resp.status != 200:
                self.failures += 1
                continue
            # "Hello from lat-a!"
            self.records.append((sent, answered, body.strip().removeprefix("Hello from ").rstrip("!")))


def traffic(args, api):
    svc, a, b = "lat", "lat-a", "lat-b"
    for suffix, extra in (("a", []), ("b", ["--no-traffic"])):
        subprocess.run(
            [args.runlane, "deploy", svc, "--image", "runlane/hello", "--revision-suffix", suffix,
             "--min-instances", "1", "--concurrency", "0", "--set-env-vars", f"WHICH={suffix}", *extra],
            check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    load = subprocess.Popen(
        [args.runlane, "load", "-z", f"{args.flips + 10}s", "--rate", "2000", "-c", "20",
         "--host", f"{svc}.localhost", f"http://127.0.0.1:{args.router_port}/"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    stop = threading.Event()
    probes = [Probe(args.router_port, f"{svc}.localhost", stop) for _ in range(args.probes)]
    for p in probes:
        p.start()
    time.sleep(2)  # a benchmark's warm-up: load and probes running before the first flip
    flips = []
    old, new = a, b
    for _ in range(args.flips):
        body = api.call("GET", f"{KNATIVE}/services/{svc}")
        body.pop("status", None)
        body["spec"]["traffic"] = [{"revisionName": new, "percent": 100}]
        sent = time.perf_counter()
        api.call("PUT", f"{KNATIVE}/services/{svc}", body)
        answered = time.perf_counter()
        time.sleep(0.5)  # let every request in flight at the answer finish
        flips.append((old, new, sent, answered))
        old, new = new, old
    stop.set()
    for p in probes:
        p.join()
    load_out = load.communicate()[0]
    if load.returncode != 0:
        raise SystemExit(f"ERROR: runlane load failed:\n{load_out}")
    records = sorted(r for p in probes for r in p.records)
    failures = sum(p.failures for p in probes)

    effect, raw, late, windows = [], [], 0, []
    for old, new, sent, answered in flips:
        window = [r for r in records if sent - 0.2 <= r[0] <= answered + 0.5]
        old_done = [r[1] for r in window if r[2] == old]
        last_old = max(old_done) if old_done else sent
        # Negative when the old revision's last answer came before the API's answer.
        raw.append((last_old - answered) * 1000)
        effect.append(max(0.0, raw[-1]))
        late += sum(1 for r in window if r[0] > answered and r[2] == old)
        windows.append((answered - sent) * 1000)
    rps = [line for line in load_out.splitlines() if "Requests/sec" in line or "rps" in line.lower()]
    return {
        "effect": effect,
        "raw": raw,
        "late": late,
        "api": windows,
        "probe_requests": len(records),
        "failures": failures,
        "load": rps[0].strip() if rps else load_out.strip().splitlines()[-1] if load_out.strip() else "",
    }


def deploy(args, api):
    created = []
    for i in range(args.rounds):
        name = f"dep{i}"
        body = {
            "apiVersion": "serving.knative.dev/v1",
            "kind": "Service",
            "metadata": {"name": name},
            "spec": {"template": {"spec": {"containers": [{"image": "runlane/hello"}]}}},
        }
        started = time.perf_counter()
        api.call("POST", f"{KNATIVE}/services", body)
        wait_for(f"service {name} to be Ready", lambda: ready(api.call("GET", f"{KNATIVE}/services/{name}")))
        created.append((time.perf_counter() - started) * 1000)
    return created


def cold(args, api):
    subprocess.run(
        [args.runlane, "deploy", "cold", "--image", "runlane/hello", "--revision-suffix", "a",
         "--min-instances", "0"],
        check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    first = []
    for _ in range(args.rounds):
        wait_for("revision cold-a to scale to zero",
                 lambda: not api.call("GET", f"{KNATIVE}/revisions/cold-a")["status"].get("runlane", {}).get("instances"),
                 timeout=120, interval=0.05)
        conn = http.client.HTTPConnection("127.0.0.1", args.router_port)
        started = time.perf_counter()
        conn.request("GET", "/", headers={"Host": "cold.localhost"})
        resp = conn.getresponse()
        resp.read()
        first.append((time.perf_counter() - started) * 1000)
        conn.close()
        if resp.status != 200:
            raise SystemExit(f"ERROR: the first request at zero answered {resp.status}")
    return first


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--runlane", required=True)
    p.add_argument("--api", required=True)
    p.add_argument("--token-file", required=True)
    p.add_argument("--router-port", type=int, required=True)
    p.add_argument("--rounds", type=int, default=10)
    p.add_argument("--flips", type=int, default=10)
    p.add_argument("--probes", type=int, default=4)
    args = p.parse_args()
    api = Api(args.api, open(args.token_file).read().strip())

    listen = [app_time_to_listen(args.runlane) * 1000 for _ in range(args.rounds)]
    t = traffic(args, api)
    d = deploy(args, api)
    c = cold(args, api)
    listen += [app_time_to_listen(args.runlane) * 1000 for _ in range(args.rounds)]

    lm, lx = summary(listen)
    dm, dx = summary(d)
    cm, cx = summary(c)
    em, ex = summary(t["effect"])
    am, ax = summary(t["api"])
    print(f"update-traffic under load: {t['probe_requests']} probe requests, {t['failures']} failed; "
          f"requests sent after an API answer served by the old revision: {t['late']}; load: {t['load']}")
    print(f"every flip, API answer to last old-revision response (ms): {', '.join(fmt(x) for x in t['raw'])} (negative: before the answer)")
    print()
    print("| figure | target | median | max | rounds |")
    print("|---|---:|---:|---:|---:|")
    print(f"| update-traffic: API answer → last response from the old revision, under 2,000 rps (ms) | ≤ 5 | {fmt(em)} | {fmt(ex)} | {len(t['effect'])} |")
    print(f"| update-traffic: the API call itself, PUT → answer (ms) | | {fmt(am)} | {fmt(ax)} | {len(t['api'])} |")
    print(f"| app's own time to listen (`runlane hello` spawned directly, ms) | | {fmt(lm)} | {fmt(lx)} | {len(listen)} |")
    print(f"| deploy: POST service → Ready (ms) | | {fmt(dm)} | {fmt(dx)} | {len(d)} |")
    print(f"| deploy overhead: median POST → Ready − median time to listen (ms) | ≤ 100 | {fmt(dm - lm)} | {fmt(dx - lm)} | |")
    print(f"| cold start: first request at zero instances (ms) | | {fmt(cm)} | {fmt(cx)} | {len(c)} |")
    print(f"| cold-start overhead: median first request − median time to listen (ms) | ≤ 20 | {fmt(cm - lm)} | {fmt(cx - lm)} | |")


if __name__ == "__main__":
    main()
