"""Drives one run of bench/scale/create.sh: creates N services × 2 revisions through the
Knative API of a running `runlane up` and prints one Markdown table row (see create.sh)."""
import http.client, json, os, statistics, sys, time, urllib.parse

api = urllib.parse.urlparse(os.environ["API"])
token = os.environ["TOKEN"]
n = int(os.environ["N"])
pid = int(os.environ["PID"])
conn = http.client.HTTPConnection(api.hostname, api.port, timeout=120)
BASE = "/apis/serving.knative.dev/v1/namespaces/default/services"


def call(method, path, body=None):
    data = json.dumps(body).encode() if body is not None else None
    headers = {"authorization": f"Bearer {token}", "content-type": "application/json"}
    started = time.perf_counter()
    conn.request(method, path, body=data, headers=headers)
    reply = conn.getresponse()
    text = reply.read()
    ms = (time.perf_counter() - started) * 1000
    if reply.status != 200:
        sys.exit(f"{method} {path} answered {reply.status}: {text[:500]!r}")
    return ms, json.loads(text)


def service(name, version, traffic=None):
    spec = {"template": {"spec": {"containers": [{"image": "example/app", "command": ["/bin/false"], "env": [{"name": "V", "value": str(version)}]}]}}}
    if traffic is not None:
        spec["traffic"] = traffic
    return {"apiVersion": "serving.knative.dev/v1", "kind": "Service", "metadata": {"name": name, "namespace": "default"}, "spec": spec}


def create(name):
    """Two revisions: a create and a replace. Returns both latencies and the revision names."""
    first_ms, s = call("POST", BASE, service(name, 0))
    second_ms, s2 = call("PUT", f"{BASE}/{name}", service(name, 1))
    revisions = [s["status"]["latestCreatedRevisionName"], s2["status"]["latestCreatedRevisionName"]]
    return [first_ms, second_ms], revisions


def update_traffic(name, revisions, rounds=20):
    """Moves the split between the two revisions back and forth; median PUT latency."""
    times = []
    for i in range(rounds):
        a = 50 if i % 2 == 0 else 100
        traffic = [{"revisionName": revisions[0], "percent": a}, {"revisionName": revisions[1], "percent": 100 - a}]
        ms, _ = call("PUT", f"{BASE}/{name}", service(name, 1, traffic))
        times.append(ms)
    return statistics.median(times)


def cpu_seconds():
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def rss_mb():
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


began = time.perf_counter()
creates = []
first_name = "scale0000"
t, first_revisions = create(first_name)
creates += t
one_service_ms = update_traffic(first_name, first_revisions)
for i in range(1, n):
    t, _ = create(f"scale{i:04d}")
    creates += t
total_s = time.perf_counter() - began
n_services_ms = update_traffic(first_name, first_revisions)
time.sleep(3)  # failed revisions settle
cpu0, t0 = cpu_seconds(), time.perf_counter()
time.sleep(10)
idle_cpu = (cpu_seconds() - cpu0) / (time.perf_counter() - t0) * 100
head, tail = statistics.median(creates[:20]), statistics.median(creates[-20:])
print(f"| {n} | {2 * n} | {head:.1f} | {tail:.1f} | {one_service_ms:.1f} | {n_services_ms:.1f} | {idle_cpu:.1f} | {rss_mb():.0f} | {total_s:.0f} |", flush=True)
