"""Google's own Monitoring v3 and Logging v2 client libraries (google-cloud-monitoring,
google-cloud-logging) over their default gRPC transport against a real `runlane up`:
services and SLOs, alert policies, notification channels, time series with aggregation,
and log entries with google-cloud-logging's default filter, paged. Driven by
tests/client_libraries.rs, which passes RUNLANE_API (http://127.0.0.1:PORT),
RUNLANE_TOKEN and RUNLANE_ROUTER (127.0.0.1:PORT). With an http:// API the gRPC channel
is plaintext (h2c) to loopback, as a sidecar or a local proxy gives it; with an https://
API it is TLS (h2) checked against RUNLANE_CA_CERT. The token goes as call metadata
(`authorization: Bearer TOKEN`). Exits non-zero with the failing assertion on any
difference."""

import datetime
import http.client
import os
import threading
import time
import urllib.parse

import grpc
from google.api_core import client_options, exceptions
from google.cloud import logging as cloud_logging
from google.cloud import monitoring_v3, run_v2
from google.cloud.logging_v2 import _gapic
from google.cloud.logging_v2 import types as logging_types
from google.cloud.logging_v2.services.logging_service_v2 import LoggingServiceV2Client
from google.cloud.logging_v2.services.logging_service_v2.transports import LoggingServiceV2GrpcTransport
from google.cloud.monitoring_v3.services.alert_policy_service.transports import AlertPolicyServiceGrpcTransport
from google.cloud.monitoring_v3.services.metric_service.transports import MetricServiceGrpcTransport
from google.cloud.monitoring_v3.services.notification_channel_service.transports import NotificationChannelServiceGrpcTransport
from google.cloud.monitoring_v3.services.service_monitoring_service.transports import ServiceMonitoringServiceGrpcTransport
from google.api import metric_pb2
from google.auth.credentials import AnonymousCredentials
from google.oauth2.credentials import Credentials
from google.protobuf import duration_pb2, field_mask_pb2, timestamp_pb2
from google.rpc import error_details_pb2

API = os.environ["RUNLANE_API"].rstrip("/")
TOKEN = os.environ["RUNLANE_TOKEN"]
ROUTER = os.environ["RUNLANE_ROUTER"]
GRPC_TARGET = urllib.parse.urlsplit(API).netloc
TLS = API.startswith("https://")
CA_CERT = os.environ.get("RUNLANE_CA_CERT")
PROJECT = "projects/default"
REQUESTS = 23
TIMEOUT = 60

checks = 0


def check(condition, what):
    global checks
    if not condition:
        raise AssertionError(what)
    checks += 1


def expect_error(kind, call, *words):
    """`call` must raise `kind` (a google.api_core exception) whose message has `words`."""
    try:
        call()
    except kind as e:
        for w in words:
            check(w in e.message, f"{kind.__name__} message {e.message!r} should mention {w!r}")
        return e
    raise AssertionError(f"expected {kind.__name__} mentioning {words}")


def field_violations(error):
    """The (field, description) pairs of the google.rpc.BadRequest details of `error`."""
    out = []
    for detail in error.details:
        if isinstance(detail, error_details_pb2.BadRequest):
            out.extend((v.field, v.description) for v in detail.field_violations)
    return out


def eventually(what, probe, seconds=30):
    """Polls `probe` until it returns something truthy, or fails after `seconds`."""
    deadline = time.monotonic() + seconds
    while True:
        last = probe()
        if last:
            return last
        if time.monotonic() > deadline:
            raise AssertionError(f"{what}: not within {seconds}s (last: {last!r})")
        time.sleep(0.2)


def channel(token=TOKEN, calls=None):
    """A plaintext channel to the API's address that sends `token` with every call, and
    appends each call's (method, a copy of its request) to `calls` when given."""
    if TLS:
        with open(CA_CERT, "rb") as f:
            plain = grpc.secure_channel(GRPC_TARGET, grpc.ssl_channel_credentials(root_certificates=f.read()))
    else:
        plain = grpc.insecure_channel(GRPC_TARGET)
    if token is None:
        return plain
    return grpc.intercept_channel(plain, _Interceptor(token, calls))


class _Interceptor(grpc.UnaryUnaryClientInterceptor, grpc.UnaryStreamClientInterceptor, grpc.StreamStreamClientInterceptor):
    """grpc's ClientCallDetails is not a namedtuple everywhere: rebuild it with the token."""

    def __init__(self, token, calls):
        self.token = token
        self.calls = calls

    def _details(self, details):
        d = _CallDetails()
        d.method = details.method
        d.timeout = details.timeout
        d.credentials = details.credentials
        d.wait_for_ready = getattr(details, "wait_for_ready", None)
        d.compression = getattr(details, "compression", None)
        d.metadata = list(details.metadata or []) + [("authorization", f"Bearer {self.token}")]
        return d

    def intercept_unary_unary(self, continuation, details, request):
        if self.calls is not None:
            # A copy: the library's pager reuses one request object for every page.
            self.calls.append((details.method, type(request).deserialize(type(request).serialize(request))))
        return continuation(self._details(details), request)

    def intercept_unary_stream(self, continuation, details, request):
        return continuation(self._details(details), request)

    def intercept_stream_stream(self, continuation, details, requests):
        return continuation(self._details(details), requests)


class _CallDetails(grpc.ClientCallDetails):
    pass


def fetch(uri):
    """GET `uri` through runlane's router on loopback with the URI's host as Host."""
    parts = urllib.parse.urlsplit(uri)
    connection = http.client.HTTPConnection(ROUTER, timeout=10)
    connection.request("GET", parts.path or "/", headers={"Host": parts.netloc})
    response = connection.getresponse()
    body = response.read().decode()
    connection.close()
    return response.status, body


# --- a service to measure, deployed with the Cloud Run v2 client over REST, and traffic ---
run = run_v2.ServicesClient(credentials=Credentials(token=TOKEN), transport="rest", client_options=client_options.ClientOptions(api_endpoint=API))
jokes = run.create_service(
    parent="projects/default/locations/us-central1",
    service_id="jokes",
    service=run_v2.Service(template=run_v2.RevisionTemplate(revision="jokes-one", containers=[run_v2.Container(image="runlane/hello")])),
).result(timeout=TIMEOUT)
for _ in range(REQUESTS):
    status, body = fetch(jokes.uri)
    check(status == 200 and "Hello from jokes-one!" in body, f"jokes answered {status}: {body}")

# --- ServiceMonitoringService: services and SLOs ---
services = monitoring_v3.ServiceMonitoringServiceClient(transport=ServiceMonitoringServiceGrpcTransport(channel=channel()))
listed = {s.name: s for s in services.list_services(parent=PROJECT)}
check(f"{PROJECT}/services/jokes" in listed, f"the deployed service is a Monitoring service: {list(listed)}")
check(listed[f"{PROJECT}/services/jokes"].cloud_run.service_name == "jokes", f"cloud_run identity {listed[f'{PROJECT}/services/jokes']}")
custom = services.create_service(request={"parent": PROJECT, "service_id": "checkout", "service": monitoring_v3.Service(display_name="Checkout", custom={}, user_labels={"team": "pay"})})
check(custom.name == f"{PROJECT}/services/checkout" and custom.display_name == "Checkout", f"created service {custom}")
check(dict(custom.user_labels) == {"team": "pay"}, f"user labels {custom.user_labels}")
check(services.get_service(name=custom.name).display_name == "Checkout", "get returns the created service")
pages = list(services.list_services(request={"parent": PROJECT, "page_size": 1}).pages)
check(len(pages) == 2 and all(len(p.services) == 1 for p in pages), f"two pages of one service: {[len(p.services) for p in pages]}")
expect_error(exceptions.AlreadyExists, lambda: services.create_service(request={"parent": PROJECT, "service_id": "checkout", "service": monitoring_v3.Service(custom={})}), "checkout")
custom.display_name = "Checkout v2"
custom.user_labels["team"] = "ignored: not in the mask"
renamed = services.update_service(request={"service": custom, "update_mask": field_mask_pb2.FieldMask(paths=["display_name"])})
check(renamed.display_name == "Checkout v2" and dict(renamed.user_labels) == {"team": "pay"}, f"only the masked name changed: {renamed}")
check(services.get_service(name=custom.name).display_name == "Checkout v2", "the update is stored")
expect_error(exceptions.FailedPrecondition, lambda: services.update_service(service=listed[f"{PROJECT}/services/jokes"]), "runlane deploy")

slo_parent = f"{PROJECT}/services/jokes"
availability = monitoring_v3.ServiceLevelObjective(
    display_name="99% of requests succeed",
    goal=0.99,
    rolling_period=duration_pb2.Duration(seconds=86400),
    service_level_indicator=monitoring_v3.ServiceLevelIndicator(basic_sli=monitoring_v3.BasicSli(availability={})),
)
slo = services.create_service_level_objective(request={"parent": slo_parent, "service_level_objective_id": "availability", "service_level_objective": availability})
check(slo.name == f"{slo_parent}/serviceLevelObjectives/availability", f"slo name {slo.name}")
check(slo.goal == 0.99 and slo.rolling_period.total_seconds() == 86400, f"goal {slo.goal} period {slo.rolling_period}")
check("availability" in slo.service_level_indicator.basic_sli, f"sli {slo.service_level_indicator}")
latency = monitoring_v3.ServiceLevelObjective(
    display_name="fast",
    goal=0.95,
    calendar_period="WEEK",
    service_level_indicator=monitoring_v3.ServiceLevelIndicator(
        request_based=monitoring_v3.RequestBasedSli(
            distribution_cut=monitoring_v3.DistributionCut(
                distribution_filter='metric.type="run.googleapis.com/request_latencies" resource.labels.service_name="jokes"',
                range_=monitoring_v3.Range(max=300),
            )
        )
    ),
)
services.create_service_level_objective(request={"parent": slo_parent, "service_level_objective_id": "latency", "service_level_objective": latency})
got = services.get_service_level_objective(name=slo.name)
check(got.display_name == "99% of requests succeed" and got.goal == 0.99, f"get {got}")
names = [s.name for s in services.list_service_level_objectives(parent=slo_parent)]
check(names == [f"{slo_parent}/serviceLevelObjectives/availability", f"{slo_parent}/serviceLevelObjectives/latency"], f"listed SLOs {names}")
pages = list(services.list_service_level_objectives(request={"parent": slo_parent, "page_size": 1}).pages)
check([len(p.service_level_objectives) for p in pages] == [1, 1], f"two pages of one SLO: {[len(p.service_level_objectives) for p in pages]}")
got.goal = 0.995
got.display_name = "changed, but not in the mask"
updated = services.update_service_level_objective(request={"service_level_objective": got, "update_mask": field_mask_pb2.FieldMask(paths=["goal"])})
check(updated.goal == 0.995 and updated.display_name == "99% of requests succeed", f"only the masked goal changed: {updated}")
check(services.get_service_level_objective(name=slo.name).goal == 0.995, "the update is stored")
bad = monitoring_v3.ServiceLevelObjective(goal=0.99, service_level_indicator=monitoring_v3.ServiceLevelIndicator(basic_sli=monitoring_v3.BasicSli(availability={})))
error = expect_error(exceptions.InvalidArgument, lambda: services.create_service_level_objective(parent=slo_parent, service_level_objective=bad), "rollingPeriod")
check([f for f, _ in field_violations(error)] == ["rollingPeriod"], f"the violation names the field, as REST does: {field_violations(error)}")
check("calendarPeriod" in field_violations(error)[0][1], f"and says what is accepted: {field_violations(error)}")
error = expect_error(exceptions.InvalidArgument, lambda: services.get_service_level_objective(name="projects/default/serviceLevelObjectives/x"), "name")
check([f for f, _ in field_violations(error)] == ["name"], f"a malformed name is a violation of name: {field_violations(error)}")
services.delete_service_level_objective(name=f"{slo_parent}/serviceLevelObjectives/latency")
expect_error(exceptions.NotFound, lambda: services.get_service_level_objective(name=f"{slo_parent}/serviceLevelObjectives/latency"))
services.delete_service(name=custom.name)
expect_error(exceptions.NotFound, lambda: services.get_service(name=custom.name), "checkout")

# --- NotificationChannelService ---
channels = monitoring_v3.NotificationChannelServiceClient(transport=NotificationChannelServiceGrpcTransport(channel=channel()))
oncall = channels.create_notification_channel(
    name=PROJECT,
    notification_channel=monitoring_v3.NotificationChannel(type_="email", display_name="On call", labels={"email_address": "oncall@example.com"}),
)
check(oncall.name.startswith(f"{PROJECT}/notificationChannels/") and oncall.type_ == "email", f"created channel {oncall}")
check(dict(oncall.labels) == {"email_address": "oncall@example.com"} and oncall.enabled, f"labels {oncall.labels} enabled {oncall.enabled}")
team = channels.create_notification_channel(
    name=PROJECT,
    notification_channel=monitoring_v3.NotificationChannel(type_="email", display_name="Team", labels={"email_address": "team@example.com"}),
)
check(channels.get_notification_channel(name=oncall.name).display_name == "On call", "get returns the created channel")
listed = [c.name for c in channels.list_notification_channels(name=PROJECT)]
check(sorted(listed) == sorted([oncall.name, team.name]), f"listed channels {listed}")
filtered = [c.display_name for c in channels.list_notification_channels(request={"name": PROJECT, "filter": 'display_name="Team"'})]
check(filtered == ["Team"], f"filtered channels {filtered}")
pages = list(channels.list_notification_channels(request={"name": PROJECT, "page_size": 1}).pages)
check([len(p.notification_channels) for p in pages] == [1, 1], "two pages of one channel")
oncall.display_name = "Primary on call"
oncall.labels["email_address"] = "ignored@example.com"
renamed = channels.update_notification_channel(notification_channel=oncall, update_mask=field_mask_pb2.FieldMask(paths=["display_name"]))
check(renamed.display_name == "Primary on call" and renamed.labels["email_address"] == "oncall@example.com", f"only the masked name changed: {renamed}")
expect_error(exceptions.InvalidArgument, lambda: channels.create_notification_channel(name=PROJECT, notification_channel=monitoring_v3.NotificationChannel(display_name="no type")), "type")
expect_error(exceptions.MethodNotImplemented, lambda: channels.verify_notification_channel(name=oncall.name, code="G-123"), "VerifyNotificationChannel")

# --- AlertPolicyService ---
policies = monitoring_v3.AlertPolicyServiceClient(transport=AlertPolicyServiceGrpcTransport(channel=channel()))
burn = monitoring_v3.AlertPolicy(
    display_name="fast burn",
    combiner=monitoring_v3.AlertPolicy.ConditionCombinerType.OR,
    conditions=[
        monitoring_v3.AlertPolicy.Condition(
            display_name="burn rate above 10",
            condition_threshold=monitoring_v3.AlertPolicy.Condition.MetricThreshold(
                filter=f'select_slo_burn_rate("{slo.name}", "3600s")',
                comparison=monitoring_v3.ComparisonType.COMPARISON_GT,
                threshold_value=10,
                duration=duration_pb2.Duration(seconds=0),
                trigger=monitoring_v3.AlertPolicy.Condition.Trigger(count=1),
            ),
        )
    ],
    notification_channels=[oncall.name],
    documentation=monitoring_v3.AlertPolicy.Documentation(content="Roll back the last deploy.", mime_type="text/markdown"),
)
policy = policies.create_alert_policy(name=PROJECT, alert_policy=burn)
check(policy.name.startswith(f"{PROJECT}/alertPolicies/") and policy.display_name == "fast burn", f"created policy {policy}")
condition = policy.conditions[0].condition_threshold
check(condition.filter == f'select_slo_burn_rate("{slo.name}", "3600s")' and condition.threshold_value == 10, f"condition {condition}")
check(condition.comparison == monitoring_v3.ComparisonType.COMPARISON_GT and condition.trigger.count == 1, f"comparison and trigger {condition}")
check(list(policy.notification_channels) == [oncall.name] and policy.enabled, f"channels {policy.notification_channels} enabled {policy.enabled}")
check(policy.documentation.content == "Roll back the last deploy.", f"documentation {policy.documentation}")
check(policies.get_alert_policy(name=policy.name).conditions[0].display_name == "burn rate above 10", "get returns the created policy")
slow = policies.create_alert_policy(name=PROJECT, alert_policy=monitoring_v3.AlertPolicy(display_name="slow burn", conditions=burn.conditions, notification_channels=[team.name]))
listed = sorted(p.display_name for p in policies.list_alert_policies(name=PROJECT))
check(listed == ["fast burn", "slow burn"], f"listed policies {listed}")
pages = list(policies.list_alert_policies(request={"name": PROJECT, "page_size": 1}).pages)
check([len(p.alert_policies) for p in pages] == [1, 1], "two pages of one policy")
policy.display_name = "fast burn, paged"
policy.enabled = False
changed = policies.update_alert_policy(alert_policy=policy, update_mask=field_mask_pb2.FieldMask(paths=["display_name", "enabled"]))
check(changed.display_name == "fast burn, paged" and not changed.enabled, f"masked update {changed}")
check(not policies.get_alert_policy(name=policy.name).enabled, "the update is stored")
bad_policy = monitoring_v3.AlertPolicy(display_name="bad", conditions=[monitoring_v3.AlertPolicy.Condition(condition_threshold=monitoring_v3.AlertPolicy.Condition.MetricThreshold(filter="x", comparison=monitoring_v3.ComparisonType.COMPARISON_EQ))])
error = expect_error(exceptions.InvalidArgument, lambda: policies.create_alert_policy(name=PROJECT, alert_policy=bad_policy), "COMPARISON_EQ")
check([f for f, _ in field_violations(error)] == ["conditions[0].conditionThreshold.comparison"], f"violation field {field_violations(error)}")
policies.delete_alert_policy(name=slow.name)
expect_error(exceptions.NotFound, lambda: policies.get_alert_policy(name=slow.name))
channels.delete_notification_channel(name=team.name)
expect_error(exceptions.NotFound, lambda: channels.get_notification_channel(name=team.name))

# --- the token rules are REST's ---
anonymous = monitoring_v3.AlertPolicyServiceClient(transport=AlertPolicyServiceGrpcTransport(channel=channel(token=None)))
expect_error(exceptions.Unauthenticated, lambda: list(anonymous.list_alert_policies(name=PROJECT)))
anonymous_services = monitoring_v3.ServiceMonitoringServiceClient(transport=ServiceMonitoringServiceGrpcTransport(channel=channel(token=None)))
expect_error(exceptions.Unauthenticated, lambda: anonymous_services.update_service(service=custom))
anonymous_metrics = monitoring_v3.MetricServiceClient(transport=MetricServiceGrpcTransport(channel=channel(token=None)))
expect_error(exceptions.Unauthenticated, lambda: anonymous_metrics.list_metric_descriptors(name=PROJECT))
wrong = monitoring_v3.AlertPolicyServiceClient(transport=AlertPolicyServiceGrpcTransport(channel=channel(token="not-the-token")))
expect_error(exceptions.Unauthenticated, lambda: wrong.get_alert_policy(name=policy.name))

# --- MetricService.list_time_series with aggregation ---
metrics = monitoring_v3.MetricServiceClient(transport=MetricServiceGrpcTransport(channel=channel()))
expect_error(exceptions.MethodNotImplemented, lambda: metrics.list_metric_descriptors(name=PROJECT), "ListMetricDescriptors", "ListTimeSeries")


def request_count_series():
    now = time.time()
    interval = monitoring_v3.TimeInterval(end_time=timestamp_pb2.Timestamp(seconds=int(now) + 1), start_time=timestamp_pb2.Timestamp(seconds=int(now) - 3600))
    aggregation = monitoring_v3.Aggregation(
        alignment_period=duration_pb2.Duration(seconds=3600),
        per_series_aligner=monitoring_v3.Aggregation.Aligner.ALIGN_DELTA,
        cross_series_reducer=monitoring_v3.Aggregation.Reducer.REDUCE_SUM,
        group_by_fields=["resource.labels.revision_name"],
    )
    return list(
        metrics.list_time_series(
            request={
                "name": PROJECT,
                "filter": 'metric.type="run.googleapis.com/request_count" AND resource.labels.service_name="jokes"',
                "interval": interval,
                "aggregation": aggregation,
                "view": monitoring_v3.ListTimeSeriesRequest.TimeSeriesView.FULL,
            }
        )
    )


def counted_all():
    series = request_count_series()
    total = sum(p.value.int64_value for s in series for p in s.points)
    return series if total == REQUESTS else None


series = eventually(f"{REQUESTS} requests counted by list_time_series", counted_all)
check(len(series) == 1 and series[0].resource.labels["revision_name"] == "jokes-one", f"one series per revision: {series}")
check(series[0].metric.type == "run.googleapis.com/request_count" and series[0].metric_kind == metric_pb2.MetricDescriptor.MetricKind.DELTA, f"series header {series[0]}")
point = series[0].points[0]
check(point.interval.end_time.timestamp() - point.interval.start_time.timestamp() == 3600, f"one aligned hour: {point.interval}")
error = expect_error(exceptions.InvalidArgument, lambda: list(metrics.list_time_series(name=PROJECT, filter='metric.type="run.googleapis.com/request_count"', interval=monitoring_v3.TimeInterval(start_time=timestamp_pb2.Timestamp(seconds=1)))), "interval.endTime")
check([f for f, _ in field_violations(error)] == ["interval.endTime"], f"violation field {field_violations(error)}")

# --- google-cloud-logging: list_entries with its default filter, over gRPC, in pages ---
logging_client = cloud_logging.Client(project="default", credentials=AnonymousCredentials(), _use_grpc=True)
log_calls = []
gapic = LoggingServiceV2Client(transport=LoggingServiceV2GrpcTransport(channel=channel(calls=log_calls)))
logging_client._logging_api = _gapic._LoggingAPI(gapic, logging_client)
request_filter = 'logName:"requests" AND resource.labels.service_name="jokes"'


def all_request_entries():
    entries = list(logging_client.list_entries(filter_=request_filter, page_size=5))
    return entries if len(entries) == REQUESTS else None


entries = eventually(f"{REQUESTS} request log entries", all_request_entries)
check(all(e.http_request and e.http_request.get("status") == 200 for e in entries), f"request entries carry their httpRequest: {entries[0].http_request}")
check(all(e.resource.labels.get("revision_name") == "jokes-one" for e in entries), f"resource labels {entries[0].resource}")
check(all(e.http_request.get("requestMethod") == "GET" for e in entries), "request method")
stamps = [e.timestamp for e in entries]
check(stamps == sorted(stamps), "the default order is oldest first")
day_ago = datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(days=1)
check(all(s > day_ago for s in stamps), "the default filter keeps the last day")
del log_calls[:]
check(len(list(logging_client.list_entries(filter_=request_filter, page_size=5))) == REQUESTS, "all entries again")
requests = [r for m, r in log_calls if m.endswith("/ListLogEntries")]
check(len(requests) == 5 and all(r.page_size == 5 for r in requests), f"{REQUESTS} entries in pages of 5 take 5 calls: {len(requests)}")
check(not requests[0].page_token and all(r.page_token for r in requests[1:]), "each call after the first follows the previous page's token")
check(len({r.page_token for r in requests}) == 5, "each page token is new")
check(all(r.filter.startswith(request_filter) and 'timestamp>="' in r.filter for r in requests), f"the library's default timestamp filter is sent and accepted: {requests[0].filter}")
check(list(requests[0].resource_names) == ["projects/default"], f"resource names {requests[0].resource_names}")
newest = list(logging_client.list_entries(filter_=request_filter, order_by=cloud_logging.DESCENDING, max_results=3))
check([e.timestamp for e in newest] == sorted(stamps, reverse=True)[:3], "descending order, capped")
error = expect_error(exceptions.InvalidArgument, lambda: list(logging_client.list_entries(filter_="severity>=LOUD")), "severity")
check(field_violations(error) and field_violations(error)[0][0] == "filter", f"a bad filter names the field: {field_violations(error)}")
expect_error(exceptions.MethodNotImplemented, lambda: logging_client.logger("app").log_text("hello"), "WriteLogEntries")

# --- TailLogEntries: entries logged after the tail starts stream in, in order, once each ---
tail_gapic = LoggingServiceV2Client(transport=LoggingServiceV2GrpcTransport(channel=channel()))
tail_filter = 'logName:"requests" AND resource.labels.service_name="jokes" AND httpRequest.requestUrl:"/tail-"'
fetch(f"{jokes.uri}/tail-before")
eventually("the request before the tail is stored", lambda: list(logging_client.list_entries(filter_=f'{tail_filter} AND httpRequest.requestUrl:"/tail-before"')))


class Tail(threading.Thread):
    """Reads a TailLogEntries stream into `entries` (the library's call blocks until the
    first response, so it runs here). The request iterator ends after the first request,
    so the client closes its side at once: the tail goes on until cancelled."""

    def __init__(self, request):
        super().__init__(daemon=True)
        self.request, self.entries, self.call, self.error = request, [], None, None

    def run(self):
        try:
            self.call = tail_gapic.tail_log_entries(requests=iter([self.request]))
            for response in self.call:
                self.entries.extend(response.entries)
        except Exception as e:  # reported by the main thread (cancelling ends it too)
            self.error = e

    def paths(self):
        return [urllib.parse.urlsplit(e.http_request.request_url).path for e in list(self.entries)]


# buffer_window 0: only entries stamped after the call started (so not /tail-before).
tail = Tail(logging_types.TailLogEntriesRequest(resource_names=[PROJECT], filter=tail_filter, buffer_window=duration_pb2.Duration(seconds=0)))
tail.start()
warm = iter(range(1000))
# Until the tail is live (its first poll is made before the call is answered), requests
# to /tail-warm-N; then /tail-0 … /tail-29 and /tail-end, each to arrive once, in order.
eventually("the tail's first entry", lambda: fetch(f"{jokes.uri}/tail-warm-{next(warm)}") and any(p.startswith("/tail-warm-") for p in tail.paths()))
for i in range(30):
    fetch(f"{jokes.uri}/tail-{i}")
eventually("30 entries, tailed", lambda: "/tail-29" in tail.paths())
fetch(f"{jokes.uri}/tail-end")
eventually("the last entry, tailed", lambda: "/tail-end" in tail.paths())
paths = tail.paths()
warmed = [p for p in paths if p.startswith("/tail-warm-")]
check(paths == warmed + [f"/tail-{i}" for i in range(30)] + ["/tail-end"], f"every entry once, in order: {paths}")
check(len(set(warmed)) == len(warmed) and "/tail-before" not in paths, f"nothing twice, nothing from before the tail: {paths}")
check(all(e.http_request.status == 200 and e.resource.labels["service_name"] == "jokes" and e.insert_id for e in tail.entries), f"tailed entries are whole: {tail.entries[0]}")
stamps = [e.timestamp for e in tail.entries]
check(stamps == sorted(stamps), "in timestamp order")
tail.call.cancel()
tail.join(timeout=10)
check(not tail.is_alive(), "cancelling ends the tail")
error = expect_error(exceptions.InvalidArgument, lambda: next(iter(tail_gapic.tail_log_entries(requests=iter([logging_types.TailLogEntriesRequest(resource_names=[PROJECT], filter="severity>=LOUD")])))), "severity")
check([f for f, _ in field_violations(error)] == ["filter"], f"a bad filter names the field: {field_violations(error)}")
error = expect_error(exceptions.InvalidArgument, lambda: next(iter(tail_gapic.tail_log_entries(requests=iter([logging_types.TailLogEntriesRequest(resource_names=[PROJECT], buffer_window=duration_pb2.Duration(seconds=61))])))), "60s")
check([f for f, _ in field_violations(error)] == ["bufferWindow"], f"a long buffer window names the field: {field_violations(error)}")
unauthenticated = LoggingServiceV2Client(transport=LoggingServiceV2GrpcTransport(channel=channel(token="wrong")))
expect_error(exceptions.Unauthenticated, lambda: next(iter(unauthenticated.tail_log_entries(requests=iter([logging_types.TailLogEntriesRequest(resource_names=[PROJECT])])))))
print(f"tail_log_entries: {len(paths)} entries streamed, each once, in order")

print(f"monitoring-logging grpc clients ({'h2 over TLS' if TLS else 'h2c'}): {checks} checks passed")
