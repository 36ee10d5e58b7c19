"""Google's own Cloud Run v2 client library (google-cloud-run, REST transport) against a
real `runlane up`: ServicesClient and RevisionsClient create, read, list, update,
delete, with assertions on what comes back. Driven by tests/client_libraries.rs, which
passes RUNLANE_API (http://127.0.0.1:PORT), RUNLANE_TOKEN and RUNLANE_ROUTER
(127.0.0.1:PORT). Exits non-zero with the
failing assertion on any difference."""

import os
import sys
import http.client
import urllib.parse

from google.api_core import client_options, exceptions
from google.cloud import run_v2
from google.iam.v1 import iam_policy_pb2, policy_pb2
from google.oauth2.credentials import Credentials
from google.protobuf import field_mask_pb2

API = os.environ["RUNLANE_API"].rstrip("/")
TOKEN = os.environ["RUNLANE_TOKEN"]
ROUTER = os.environ["RUNLANE_ROUTER"]
PROJECT = "default"
PARENT = f"projects/{PROJECT}/locations/us-central1"
NAME = f"{PARENT}/services/jokes"
TIMEOUT = 60
LATEST = run_v2.TrafficTargetAllocationType.TRAFFIC_TARGET_ALLOCATION_TYPE_LATEST
REVISION = run_v2.TrafficTargetAllocationType.TRAFFIC_TARGET_ALLOCATION_TYPE_REVISION
SUCCEEDED = run_v2.Condition.State.CONDITION_SUCCEEDED

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


def fetch(uri):
    """GET `uri` through runlane's router on loopback, with the URI's host as Host
    (*.localhost names need not resolve where the test runs). Returns (status, body)."""
    parts = urllib.parse.urlsplit(uri)
    connection = http.client.HTTPConnection(ROUTER, timeout=10)
    connection.request("GET", parts.path or "/", headers={"Host": parts.netloc})
    response = connection.getresponse()
    body = response.read().decode()
    connection.close()
    return response.status, body


def hello_from(uri):
    status, body = fetch(uri)
    check(status == 200, f"{uri} answered {status}: {body}")
    return body


# The REST transport takes an http:// endpoint as it is (plain HTTP on loopback), and
# the runlane API token as an OAuth bearer token.
options = client_options.ClientOptions(api_endpoint=API)
credentials = Credentials(token=TOKEN)
services = run_v2.ServicesClient(credentials=credentials, transport="rest", client_options=options)
revisions = run_v2.RevisionsClient(credentials=credentials, transport="rest", client_options=options)


def hello(revision, greeting):
    return run_v2.Service(
        labels={"team": "fun"},
        template=run_v2.RevisionTemplate(
            revision=revision,
            scaling=run_v2.RevisionScaling(max_instance_count=3),
            max_instance_request_concurrency=20,
            containers=[run_v2.Container(image="runlane/hello", env=[run_v2.EnvVar(name="GREETING", value=greeting)])],
        ),
    )


# --- create, then wait on the long-running operation ---
operation = services.create_service(parent=PARENT, service=hello("jokes-one", "one"), service_id="jokes")
created = operation.result(timeout=TIMEOUT)
check(created.name == NAME, f"created name {created.name}")
check(created.uri.startswith("http://jokes.") and created.urls == [created.uri], f"uri {created.uri} urls {created.urls}")
check(created.latest_ready_revision == f"{NAME}/revisions/jokes-one", f"latest ready {created.latest_ready_revision}")
check(created.latest_created_revision == created.latest_ready_revision, "latest created is the ready one")
check(created.terminal_condition.type_ == "Ready" and created.terminal_condition.state == SUCCEEDED, f"terminal condition {created.terminal_condition}")
check(not created.reconciling, "not reconciling once ready")
check(created.labels == {"team": "fun"}, f"labels {created.labels}")
check(created.template.scaling.max_instance_count == 3 and created.template.max_instance_request_concurrency == 20, f"template {created.template}")
check([(t.type_, t.percent) for t in created.traffic] == [(LATEST, 100)], f"traffic {created.traffic}")
check([(t.type_, t.revision, t.percent) for t in created.traffic_statuses] == [(LATEST, "jokes-one", 100)], f"traffic statuses {created.traffic_statuses}")
check(created.etag and created.uid and created.generation == 1, f"etag {created.etag} uid {created.uid} generation {created.generation}")
check(created.create_time.year >= 2024, f"create time {created.create_time}")
check("Hello from jokes-one!" in hello_from(created.uri), "the service answers at its uri")

# --- get and list (two pages of one) ---
got = services.get_service(name=NAME)
check(got.uid == created.uid and got.etag == created.etag, "get returns the created service")
services.create_service(parent=PARENT, service=hello("quotes-one", "q"), service_id="quotes").result(timeout=TIMEOUT)
pager = services.list_services(request={"parent": PARENT, "page_size": 1})
pages = list(pager.pages)
check(len(pages) == 2 and all(len(p.services) == 1 for p in pages), f"two pages of one: {[len(p.services) for p in pages]}")
check([s.name for p in pages for s in p.services] == [NAME, f"{PARENT}/services/quotes"], "listed in name order")
check([s.name for s in services.list_services(parent="projects/default/locations/-")] == [NAME, f"{PARENT}/services/quotes"], "location - lists every region")

# --- update image/env: a new revision takes the traffic ---
got.template.revision = "jokes-two"
got.template.containers[0].env[0].value = "two"
updated = services.update_service(service=got).result(timeout=TIMEOUT)
check(updated.latest_ready_revision == f"{NAME}/revisions/jokes-two", f"latest ready {updated.latest_ready_revision}")
check(updated.generation == 2 and updated.observed_generation == 2, f"generation {updated.generation}/{updated.observed_generation}")
check(updated.template.containers[0].env[0].value == "two", "env updated")
check("Hello from jokes-two!" in hello_from(updated.uri), "the new revision serves")

# --- a stale etag is refused, and changes nothing ---
got.template.revision = "jokes-stale"
expect_error(exceptions.Conflict, lambda: services.update_service(service=got), "etag", "read it again")
check(services.get_service(name=NAME).template.revision == "jokes-two", "the stale update changed nothing")

# --- traffic and a tag, with an update mask ---
split = run_v2.Service(
    name=NAME,
    traffic=[
        run_v2.TrafficTarget(type_=REVISION, revision="jokes-one", percent=20, tag="old"),
        run_v2.TrafficTarget(type_=LATEST, percent=80),
    ],
)
moved = services.update_service(service=split, update_mask=field_mask_pb2.FieldMask(paths=["traffic"])).result(timeout=TIMEOUT)
statuses = sorted((t.revision, t.percent, t.tag) for t in moved.traffic_statuses)
check(statuses == [("jokes-one", 20, "old"), ("jokes-two", 80, "")], f"traffic statuses {statuses}")
tagged = [t for t in moved.traffic_statuses if t.tag == "old"][0]
check(tagged.uri.startswith("http://old---jokes."), f"tag uri {tagged.uri}")
check("Hello from jokes-one!" in hello_from(tagged.uri), "the tag URL reaches the tagged revision")
check(moved.template.revision == "jokes-two" and moved.labels == {"team": "fun"}, "the mask left the template and labels alone")

# --- a bad request names the field, and changes nothing ---
bad = run_v2.Service(name=NAME, traffic=[run_v2.TrafficTarget(type_=LATEST, percent=90)])
expect_error(exceptions.BadRequest, lambda: services.update_service(service=bad, update_mask=field_mask_pb2.FieldMask(paths=["traffic"])), "service.traffic", "sum to 100")
bad = run_v2.Service(name=NAME, traffic=[run_v2.TrafficTarget(type_=REVISION, revision="jokes-nine", percent=100)])
expect_error(exceptions.BadRequest, lambda: services.update_service(service=bad, update_mask=field_mask_pb2.FieldMask(paths=["traffic"])), "service.traffic[0].revision", "jokes-nine")
expect_error(exceptions.BadRequest, lambda: services.update_service(service=bad, update_mask=field_mask_pb2.FieldMask(paths=["colour"])), "updateMask", "colour")
expect_error(exceptions.BadRequest, lambda: services.create_service(parent=PARENT, service=hello("Bad", "x"), service_id="Bad_Name"), "serviceId")
check(len(services.get_service(name=NAME).traffic) == 2, "the refused updates changed nothing")

# --- revisions: list, get, delete ---
listed = [r.name.rsplit("/", 1)[1] for r in revisions.list_revisions(request={"parent": NAME, "page_size": 1})]
check(listed == ["jokes-two", "jokes-one"], f"revisions, newest first, one a page: {listed}")
one = revisions.get_revision(name=f"{NAME}/revisions/jokes-one")
check(one.service == NAME and one.containers[0].image == "runlane/hello", f"revision {one.name} of {one.service}")
check(one.containers[0].env[0].value == "one" and one.scaling.max_instance_count == 3, "the revision keeps its template")
check(any(c.type_ == "Ready" and c.state == SUCCEEDED for c in one.conditions), f"revision conditions {one.conditions}")
expect_error(exceptions.BadRequest, lambda: revisions.delete_revision(name=f"{NAME}/revisions/jokes-one"), "jokes-one", "cannot be deleted")
services.update_service(service=run_v2.Service(name=NAME, traffic=[run_v2.TrafficTarget(type_=LATEST, percent=100)]), update_mask=field_mask_pb2.FieldMask(paths=["traffic"])).result(timeout=TIMEOUT)
deleted = revisions.delete_revision(name=f"{NAME}/revisions/jokes-one").result(timeout=TIMEOUT)
check(deleted.name == f"{NAME}/revisions/jokes-one", f"deleted revision {deleted.name}")
expect_error(exceptions.NotFound, lambda: revisions.get_revision(name=f"{NAME}/revisions/jokes-one"), "jokes-one")
check([r.name.rsplit("/", 1)[1] for r in revisions.list_revisions(parent=NAME)] == ["jokes-two"], "one revision left")

# --- IAM ---
policy = services.get_iam_policy(request=iam_policy_pb2.GetIamPolicyRequest(resource=NAME))
check(any(b.role == "roles/run.invoker" and "allUsers" in b.members for b in policy.bindings), f"public by default: {policy}")
private = services.set_iam_policy(request=iam_policy_pb2.SetIamPolicyRequest(resource=NAME, policy=policy_pb2.Policy(etag=policy.etag)))
check(not private.bindings and private.etag != policy.etag, f"policy cleared: {private}")
status, _ = fetch(moved.uri)
check(status in (401, 403), f"a private service answers {status} without a token")
allowed = services.test_iam_permissions(request=iam_policy_pb2.TestIamPermissionsRequest(resource=NAME, permissions=["run.services.get"]))
check(list(allowed.permissions) == ["run.services.get"], f"permissions {allowed.permissions}")

# --- a revision that cannot start fails its operation with the reason ---
failing = run_v2.Service(template=run_v2.RevisionTemplate(containers=[run_v2.Container(image="runlane/process", command=["sh", "-c", "echo 'cannot find config.yaml' >&2; exit 4"])]))
error = expect_error(exceptions.GoogleAPICallError, lambda: services.create_service(parent=PARENT, service=failing, service_id="broken").result(timeout=TIMEOUT), "cannot find config.yaml")
check(isinstance(error, exceptions.FailedPrecondition), f"a failed deploy is FAILED_PRECONDITION, got {type(error).__name__}")
broken = services.get_service(name=f"{PARENT}/services/broken")
check(broken.terminal_condition.state == run_v2.Condition.State.CONDITION_FAILED, f"broken terminal condition {broken.terminal_condition}")
check(not broken.latest_ready_revision and broken.latest_created_revision, "nothing ready, one created")

# --- delete ---
for name in [NAME, f"{PARENT}/services/quotes", f"{PARENT}/services/broken"]:
    gone = services.delete_service(name=name).result(timeout=TIMEOUT)
    check(gone.name == name, f"deleted {gone.name}")
    expect_error(exceptions.NotFound, lambda: services.get_service(name=name), name.rsplit("/", 1)[1])
check(list(services.list_services(parent=PARENT)) == [], "no services left")

print(f"cloud-run-v2 client: {checks} checks passed")
