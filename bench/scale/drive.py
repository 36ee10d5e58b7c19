"""Drives one run of bench/scale/create.sh: creates N services × 2 revisions through the
Knative API of a running `runlane up` (and, with SLOS=1, one availability SLO per service
with the SRE Workbook's alert set through the Cloud Monitoring v3 API) and prints one
Markdown table row (see create.sh)."""
import http.client, json, os, statistics, sys, time, urllib.parse

api = urllib.parse.urlparse(os.environ["API"])
token = os.environ["TOKEN"]
n = int(os.environ["N"])
pid = int(os.environ["PID"])
with_slos = os.environ.get("SLOS", "0") == "1"
conn = http.client.HTTPConnection(api.hostname, api.port, timeout=120)
BASE = "/apis/serving.knative.dev/v1/namespaces/default/services"


def call(method, path, body=None, ok=200):
    data = json.dumps(body).encode() if body is not None else None
    headers = {"authorization": f"Bearer {token}", "content-type": "application/json"}
    started = time.perf_counter()
    conn.request(method, path, body=data, headers=headers)
    reply = conn.getresponse()
    text = reply.read()
    ms = (time.perf_counter() - started) * 1000
    if reply.status != ok:
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


COUNT = 'metric.type="run.googleapis.com/request_count"'


def create_slo(name):
    """A 99.9% availability SLO over 28 days, as `runlane slo create NAME --availability`
    sends it, and the SRE Workbook's multiwindow burn-rate set on it (4 policies:
    14.4x over 1h and 5m, 6x over 6h and 30m, 3x over 1d and 2h, 1x over 3d and 6h)."""
    slo = {
        "displayName": "availability",
        "goal": 0.999,
        "rollingPeriod": f"{28 * 86400}s",
        "serviceLevelIndicator": {"requestBased": {"goodTotalRatio": {
            "goodServiceFilter": f'{COUNT} AND metric.labels.response_code_class="2xx"',
            "badServiceFilter": f'{COUNT} AND metric.labels.response_code_class="5xx"',
        }}},
    }
    call("POST", f"/v3/projects/default/services/{name}/serviceLevelObjectives?serviceLevelObjectiveId=availability", slo)
    _, reply = call("POST", "/v3/projects/default/alertPolicies:sreWorkbook",
                    {"slo": f"projects/default/services/{name}/serviceLevelObjectives/availability", "notificationChannels": [], "userLabels": {}})
    return len(reply["alertPolicies"])


def update_traffic(name, revisions, rounds=20):
    """Moves the split between the two revisions back and forth; median PUT latency."""
    return update_traffic_cpu(name, revisions, rounds)[0]


def update_traffic_cpu(name, revisions, rounds=20):
    """update_traffic's median latency, and the daemon's CPU per change in µs (its CPU
    time over the rounds, so less at the mercy of the shared machine than a latency)."""
    times = []
    cpu0 = cpu_seconds()
    for i in range(rounds):
        a = 50 if i % 2 == 0 else 100
        traffic = [{"revisionName": revisions[0], "percent": a}, {"revisionName": revisions[1], "percent": 100 - a}]
        ms, _ = call("PUT", f"{BASE}/{name}", service(name, 1, traffic))
        times.append(ms)
    return statistics.median(times), (cpu_seconds() - cpu0) / rounds * 1e6


def cpu_seconds():
    """The daemon's CPU time, all threads, from /proc/PID/task/*/schedstat (nanoseconds)."""
    total = 0
    for task in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{task}/schedstat") as f:
                total += int(f.read().split()[0])
        except (FileNotFoundError, ProcessLookupError):
            pass  # a thread that just ended
    return total / 1e9


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
time.sleep(3)  # as below: measured once the runtime is quiet
one_service_ms, one_service_cpu = update_traffic_cpu(first_name, first_revisions, 200)
for i in range(1, n):
    t, _ = create(f"scale{i:04d}")
    creates += t
policies = 0
if with_slos:
    for i in range(n):
        policies += create_slo(f"scale{i:04d}")
total_s = time.perf_counter() - began
# Right after the last create, the runtime is still reporting the last revisions' failed
# starts (each event still costs O(revisions): see bench/README.md); then it is quiet.
busy_ms = update_traffic(first_name, first_revisions)
time.sleep(3)  # failed revisions settle
n_services_ms, n_services_cpu = update_traffic_cpu(first_name, first_revisions, 200)
# Idle CPU: the median of 3 windows of 10 s (the machine is shared; one window can be unlucky).
idle = []
for _ in range(3):
    cpu0, t0 = cpu_seconds(), time.perf_counter()
    time.sleep(10)
    idle.append((cpu_seconds() - cpu0) / (time.perf_counter() - t0) * 100)
idle_cpu = statistics.median(idle)
head, tail = statistics.median(creates[:20]), statistics.median(creates[-20:])
slos = f" {n if with_slos else 0} | {policies} |"
print(f"| {n} | {2 * n} |{slos} {head:.1f} | {tail:.1f} | {one_service_ms:.2f} | {n_services_ms:.2f} | {busy_ms:.2f} | {one_service_cpu:.0f} | {n_services_cpu:.0f} | {idle_cpu:.1f} | {rss_mb():.0f} | {total_s:.0f} |", flush=True)
