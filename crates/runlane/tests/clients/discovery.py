"""Google's discovery-based client (google-api-python-client, with the discovery documents
it ships: no network) against a real `runlane up`: Cloud Run v1 (Knative services),
Cloud Monitoring v3 (services, SLOs, notification channels, alert policies, time series)
and Cloud Logging v2 (entries, paged), with assertions on what comes back. Driven by
tests/client_libraries.rs, which passes RUNLANE_API, RUNLANE_TOKEN and RUNLANE_ROUTER and
has deployed the service `hello`. Exits non-zero with the failing assertion on any
difference."""

import http.client
import os
import time

import httplib2

from google.oauth2.credentials import Credentials
from googleapiclient.discovery import build
from googleapiclient.errors import HttpError

API = os.environ["RUNLANE_API"].rstrip("/")
TOKEN = os.environ["RUNLANE_TOKEN"]
ROUTER = os.environ["RUNLANE_ROUTER"]
PROJECT = "projects/default"
SENT = 12

checks = 0


def check(condition, what):
    global checks
    if not condition:
        raise AssertionError(what)
    checks += 1


def client(name, version, credentials=Credentials(TOKEN)):
    return build(name, version, credentials=credentials, static_discovery=True,
                 client_options={"api_endpoint": API + "/"}, cache_discovery=False)


def expect_http_error(status, call, *words):
    try:
        call.execute()
    except HttpError as e:
        check(e.resp.status == status, f"expected HTTP {status}, got {e.resp.status}: {e.content!r}")
        text = e.content.decode()
        for w in words:
            check(w in text, f"the error {text!r} should mention {w!r}")
        return
    raise AssertionError(f"expected HTTP {status} mentioning {words}")


# Traffic first, so that metrics and logs have something to show.
for _ in range(SENT):
    c = http.client.HTTPConnection(ROUTER, timeout=10)
    c.request("GET", "/", headers={"Host": "hello.localhost"})
    r = c.getresponse()
    r.read()
    check(r.status == 200, f"the router answered {r.status}")
    c.close()
start = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() - 600))

# --- Cloud Run Admin API v1 ---
run = client("run", "v1")
services = run.namespaces().services().list(parent="namespaces/default").execute()
names = [s["metadata"]["name"] for s in services.get("items", [])]
check("hello" in names, f"run v1 list: {names}")
hello = run.namespaces().services().get(name="namespaces/default/services/hello").execute()
check(hello["kind"] == "Service" and hello["status"]["url"].startswith("http://hello."), f"run v1 get: {hello.get('status')}")
ready = [c for c in hello["status"]["conditions"] if c["type"] == "Ready"]
check(ready and ready[0]["status"] == "True", f"run v1 Ready: {hello['status']['conditions']}")
expect_http_error(404, run.namespaces().services().get(name="namespaces/default/services/nope"), "nope")

# --- Cloud Monitoring v3 ---
monitoring = client("monitoring", "v3")
listed = monitoring.services().list(parent=PROJECT).execute()
check(any(s["name"].endswith("/services/hello") for s in listed.get("services", [])), f"monitoring services: {listed}")
slos = monitoring.services().serviceLevelObjectives()
slo = slos.create(parent=f"{PROJECT}/services/hello", serviceLevelObjectiveId="availability", body={
    "displayName": "hello availability",
    "goal": 0.99,
    "rollingPeriod": "86400s",
    "serviceLevelIndicator": {"requestBased": {"goodTotalRatio": {
        "goodServiceFilter": 'metric.type="run.googleapis.com/request_count" AND metric.labels.response_code_class="2xx"',
        "totalServiceFilter": 'metric.type="run.googleapis.com/request_count"',
    }}},
}).execute()
check(slo["name"] == f"{PROJECT}/services/hello/serviceLevelObjectives/availability", f"slo name {slo['name']}")
patched = slos.patch(name=slo["name"], updateMask="displayName", body={"displayName": "renamed"}).execute()
check(patched["displayName"] == "renamed" and patched["goal"] == 0.99, f"slo patch: {patched}")
got = slos.get(name=slo["name"]).execute()
check(got["displayName"] == "renamed", f"slo get after patch: {got}")
expect_http_error(400, slos.create(parent=f"{PROJECT}/services/hello", body={
    "goal": 1.5, "rollingPeriod": "86400s",
    "serviceLevelIndicator": {"requestBased": {"goodTotalRatio": {"goodServiceFilter": "metric.type=\"run.googleapis.com/request_count\"", "totalServiceFilter": "metric.type=\"run.googleapis.com/request_count\""}}},
}), "goal")

channels = monitoring.projects().notificationChannels()
channel = channels.create(name=PROJECT, body={"type": "email", "displayName": "oncall", "labels": {"email_address": "oncall@example.com"}}).execute()
check(channel["name"].startswith(f"{PROJECT}/notificationChannels/") and channel["labels"]["email_address"] == "oncall@example.com", f"channel: {channel}")
policies = monitoring.projects().alertPolicies()
policy = policies.create(name=PROJECT, body={
    "displayName": "fast burn",
    "combiner": "OR",
    "notificationChannels": [channel["name"]],
    "conditions": [{"displayName": "burn", "conditionThreshold": {
        "filter": f'select_slo_burn_rate("{slo["name"]}", "3600s")',
        "comparison": "COMPARISON_GT", "thresholdValue": 14.4, "duration": "0s"}}],
}).execute()
check(policy["name"].startswith(f"{PROJECT}/alertPolicies/") and policy["notificationChannels"] == [channel["name"]], f"policy: {policy}")
page = policies.list(name=PROJECT, filter='display_name="fast burn"').execute()
check([p["name"] for p in page.get("alertPolicies", [])] == [policy["name"]], f"policies filtered: {page}")
# orderBy (the filter's fields, `-` for descending) applies before paging.
second = {**channel, "displayName": "a second"}
second = channels.create(name=PROJECT, body={k: second[k] for k in ("type", "displayName", "labels")}).execute()
for order, want in [("display_name", ["a second", "oncall"]), ("-display_name", ["oncall", "a second"])]:
    first_page = channels.list(name=PROJECT, orderBy=order, pageSize=1).execute()
    rest = channels.list(name=PROJECT, orderBy=order, pageSize=1, pageToken=first_page["nextPageToken"]).execute()
    got = [c["displayName"] for c in first_page["notificationChannels"] + rest["notificationChannels"]]
    check(got == want and "nextPageToken" not in rest, f"channels by {order}, in pages of one: {got}")
expect_http_error(400, channels.list(name=PROJECT, orderBy="display_name desc"), "orderBy", "leading `-`")
channels.delete(name=second["name"]).execute()
renamed = policies.patch(name=policy["name"], updateMask="displayName", body={"displayName": "page me"}).execute()
check(renamed["displayName"] == "page me" and len(renamed["conditions"]) == 1, f"policy patch: {renamed}")

end = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() + 1))
total = 0
for _ in range(100):
    series = monitoring.projects().timeSeries().list(
        name=PROJECT,
        filter='metric.type="run.googleapis.com/request_count" AND resource.labels.service_name="hello"',
        interval_startTime=start, interval_endTime=time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() + 1)),
        aggregation_alignmentPeriod="1200s", aggregation_perSeriesAligner="ALIGN_DELTA",
        aggregation_crossSeriesReducer="REDUCE_SUM", aggregation_groupByFields="resource.labels.revision_name",
    ).execute()
    total = sum(int(p["value"]["int64Value"]) for ts in series.get("timeSeries", []) for p in ts["points"])
    if total >= SENT:
        break
    time.sleep(0.1)  # metrics land once a second; poll with a bound
check(total == SENT, f"timeSeries counted {total} requests, {SENT} were sent")
expect_http_error(400, monitoring.projects().timeSeries().list(name=PROJECT, filter='metric.type="run.googleapis.com/request_count"', interval_endTime=end, aggregation_alignmentPeriod="60s", aggregation_perSeriesAligner="ALIGN_STDDEV"), "perSeriesAligner", "ALIGN_DELTA")

policies.delete(name=policy["name"]).execute()
channels.delete(name=channel["name"]).execute()
slos.delete(name=slo["name"]).execute()
expect_http_error(404, slos.get(name=slo["name"]), "availability")

# --- Cloud Logging v2 ---
logging = client("logging", "v2")
seen, token, pages = [], None, 0
for _ in range(100):
    seen, token, pages = [], None, 0
    while True:
        body = {"resourceNames": [PROJECT], "filter": 'resource.labels.service_name="hello" AND httpRequest.status=200', "orderBy": "timestamp asc", "pageSize": 5}
        if token:
            body["pageToken"] = token
        reply = logging.entries().list(body=body).execute()
        seen += reply.get("entries", [])
        pages += 1
        token = reply.get("nextPageToken")
        if not token:
            break
    if len(seen) >= SENT:
        break
    time.sleep(0.1)  # request logs are written in batches; poll with a bound
check(len(seen) == SENT and pages >= 3, f"entries.list: {len(seen)} entries in {pages} pages")
stamps = [e["timestamp"] for e in seen]
check(stamps == sorted(stamps), "timestamp asc")
check(all(e["httpRequest"]["status"] == 200 for e in seen), "every entry is a 200")
expect_http_error(400, logging.entries().list(body={"resourceNames": [PROJECT], "filter": "severity=~ERROR"}), "regular expressions")

# Without the token (a plain HTTP client, so no credentials to refresh): 401 in Google's
# error format, saying where the token is.
anonymous = build("monitoring", "v3", static_discovery=True, client_options={"api_endpoint": API + "/"},
                  http=httplib2.Http(), cache_discovery=False)
expect_http_error(401, anonymous.services().list(parent=PROJECT), "UNAUTHENTICATED", "api-token")

print(f"discovery client: {checks} checks passed")
