"""One call, two transports: GetAlertPolicy over gRPC (h2c, transcoded in-process to REST)
against the same read over REST (GET over HTTP/1.1 keep-alive), sequential calls from one
client to one `runlane up`, in ROUNDS rounds that rotate which goes first. Prints a
Markdown table of the median latency per call and the ratio gRPC / REST (each round's
ratio, then its median). Driven by compare.sh, which starts runlane and passes API, TOKEN.
Both clients send pre-built requests and do not decode the reply (gRPC) or only parse its
JSON (REST); the times include each client's own cost (grpcio's per-call overhead is part
of the gRPC figure), and on the server HTTP/2 framing, the gRPC codec and the transcoding
(proto -> REST call -> JSON -> proto)."""

import http.client
import json
import os
import statistics
import time
import urllib.parse

import grpc
from google.cloud import monitoring_v3

API = os.environ["API"]
TOKEN = os.environ["TOKEN"]
ROUNDS = int(os.environ.get("ROUNDS", "5"))
CALLS = int(os.environ.get("CALLS", "2000"))
netloc = urllib.parse.urlsplit(API).netloc
auth = {"Authorization": f"Bearer {TOKEN}"}

rest = http.client.HTTPConnection(netloc, timeout=10)


def rest_call(method, path, body=None):
    headers = dict(auth)
    if body is not None:
        headers["Content-Type"] = "application/json"
    rest.request(method, path, body=None if body is None else json.dumps(body), headers=headers)
    response = rest.getresponse()
    data = response.read()
    if response.status != 200:
        raise SystemExit(f"{method} {path}: {response.status} {data!r}")
    return json.loads(data)


rest_call("POST", "/v3/projects/default/services?serviceId=checkout", {"displayName": "Checkout", "custom": {}})
slo = rest_call("POST", "/v3/projects/default/services/checkout/serviceLevelObjectives?serviceLevelObjectiveId=availability",
                {"goal": 0.99, "rollingPeriod": "86400s", "serviceLevelIndicator": {"requestBased": {"goodTotalRatio": {
                    "goodServiceFilter": 'metric.type="run.googleapis.com/request_count" resource.labels.service_name="checkout" metric.labels.response_code_class="2xx"',
                    "totalServiceFilter": 'metric.type="run.googleapis.com/request_count" resource.labels.service_name="checkout"'}}}})
policy = rest_call("POST", "/v3/projects/default/alertPolicies", {
    "displayName": "bench", "documentation": {"content": "a policy to read"},
    "conditions": [{"displayName": "fast burn", "conditionThreshold": {"filter": f'select_slo_burn_rate("{slo["name"]}", "3600s")', "comparison": "COMPARISON_GT", "thresholdValue": 10}}]})
name = policy["name"]

channel = grpc.insecure_channel(netloc)
get_policy = channel.unary_unary("/google.monitoring.v3.AlertPolicyService/GetAlertPolicy", request_serializer=None, response_deserializer=None)
request = monitoring_v3.GetAlertPolicyRequest.serialize(monitoring_v3.GetAlertPolicyRequest(name=name))
metadata = [("authorization", f"Bearer {TOKEN}")]
reply = monitoring_v3.AlertPolicy.deserialize(get_policy(request, metadata=metadata))
assert reply.name == name and reply.display_name == "bench", reply


def time_grpc():
    start = time.perf_counter()
    for _ in range(CALLS):
        get_policy(request, metadata=metadata)
    return (time.perf_counter() - start) / CALLS


bad_request = monitoring_v3.GetAlertPolicyRequest.serialize(monitoring_v3.GetAlertPolicyRequest(name="projects/default/alertPolicies/a/b"))


def time_grpc_floor():
    """A call refused before any REST call (a name of the wrong shape): the client's,
    HTTP/2's and tonic's share of a gRPC call, without the transcoding."""
    start = time.perf_counter()
    for _ in range(CALLS):
        try:
            get_policy(bad_request, metadata=metadata)
        except grpc.RpcError as e:
            assert e.code() == grpc.StatusCode.INVALID_ARGUMENT, e
    return (time.perf_counter() - start) / CALLS


def time_rest():
    start = time.perf_counter()
    for _ in range(CALLS):
        rest_call("GET", f"/v3/{name}")
    return (time.perf_counter() - start) / CALLS


time_grpc(), time_rest(), time_grpc_floor()  # warm both connections and caches
grpc_times, rest_times, floor_times = [], [], []
for round_ in range(ROUNDS):
    order = [(time_grpc, grpc_times), (time_rest, rest_times), (time_grpc_floor, floor_times)]
    order = order[round_ % 3:] + order[:round_ % 3]
    for measure, into in order:
        into.append(measure())
ratios = [g / r for g, r in zip(grpc_times, rest_times)]
print(f"| transport | median µs per GetAlertPolicy ({ROUNDS} rounds × {CALLS} calls) |")
print("|---|---|")
print(f"| REST (HTTP/1.1 keep-alive, JSON) | {statistics.median(rest_times) * 1e6:.0f} |")
print(f"| gRPC (h2c, transcoded to REST) | {statistics.median(grpc_times) * 1e6:.0f} |")
print(f"| gRPC refused before the REST call (client + HTTP/2 + tonic floor) | {statistics.median(floor_times) * 1e6:.0f} |")
print(f"\ngRPC / REST: {statistics.median(grpc_times) / statistics.median(rest_times):.2f}x (ratio of medians), {statistics.median(ratios):.2f}x (median of each round's ratio)")
