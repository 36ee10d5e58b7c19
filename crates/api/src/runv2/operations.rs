//! `google.longrunning.Operation`s of the v2 API, worked out from the services as they
//! are now rather than recorded: an operation id says what the operation waits for, and
//! `current` looks. A create or update is done when the service has moved past the
//! operation's generation or its `Ready` condition has settled at that generation
//! (succeeded: `response` is the Service; failed: `error` says why); a delete is done
//! when it is answered, since runlane deletes before it answers.

use super::wire;
use crate::error::ApiError;
use runlane_controller::{Controller, ServiceView};
use runlane_model::{Revision, Service};
use serde_json::{json, Value};
use std::time::Duration;

/// How long one `:wait` holds at most; a client that asked for longer waits again.
const MAX_WAIT: Duration = Duration::from_secs(60);
/// How often a wait looks again when nothing the controller announces has changed (an
/// image pull's progress or a crash loop are the runtime's, not announced).
const WAIT_RECHECK: Duration = Duration::from_millis(250);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpKind {
    Create,
    Update,
    Delete,
    DeleteRevision,
}

impl OpKind {
    fn word(self) -> &'static str {
        match self {
            OpKind::Create => "create",
            OpKind::Update => "update",
            OpKind::Delete => "delete",
            OpKind::DeleteRevision => "delete-revision",
        }
    }
}

/// An operation's id: `KIND.GENERATION.UID.NAME` (`update.3.1f2e3d4c.jokes`). Names are
/// DNS labels and uids hex, so the dots separate them unambiguously; the uid tells a
/// service from a later one of the same name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpId {
    pub kind: OpKind,
    pub generation: u64,
    pub uid: String,
    pub name: String,
}

const UID_CHARS: usize = 8;

fn short_uid(uid: &str) -> String {
    uid.chars().filter(char::is_ascii_hexdigit).take(UID_CHARS).collect()
}

impl OpId {
    pub fn new(kind: OpKind, s: &Service) -> OpId {
        OpId { kind, generation: s.meta.generation, uid: short_uid(&s.meta.uid), name: s.meta.name.clone() }
    }

    pub fn for_revision(r: &Revision) -> OpId {
        OpId { kind: OpKind::DeleteRevision, generation: r.meta.generation, uid: short_uid(&r.meta.uid), name: format!("{}.{}", r.service, r.meta.name) }
    }

    pub fn encode(&self) -> String {
        format!("{}.{}.{}.{}", self.kind.word(), self.generation, self.uid, self.name)
    }

    pub fn parse(text: &str) -> Option<OpId> {
        let mut parts = text.splitn(4, '.');
        let kind = match parts.next()? {
            "create" => OpKind::Create,
            "update" => OpKind::Update,
            "delete" => OpKind::Delete,
            "delete-revision" => OpKind::DeleteRevision,
            _ => return None,
        };
        let generation = parts.next()?.parse().ok()?;
        let uid = parts.next()?.to_owned();
        let name = parts.next()?.to_owned();
        let dots = name.matches('.').count();
        let name_ok = !name.is_empty() && dots == usize::from(kind == OpKind::DeleteRevision) && name.split('.').all(|n| runlane_model::naming::check_namespace(n).is_ok());
        (uid.len() == UID_CHARS && uid.chars().all(|c| c.is_ascii_hexdigit()) && name_ok).then_some(OpId { kind, generation, uid, name })
    }

    fn service(&self) -> &str {
        self.name.split('.').next().unwrap_or(&self.name)
    }
}

fn operation(id: &OpId, parent: &str, kind: &str, mut metadata: Value, outcome: Option<Result<Value, Value>>) -> Value {
    metadata["@type"] = json!(kind);
    let mut op = json!({ "name": format!("{parent}/operations/{}", id.encode()), "metadata": metadata, "done": outcome.is_some() });
    match outcome {
        Some(Ok(mut response)) => {
            response["@type"] = json!(kind);
            op["response"] = response;
        }
        Some(Err(status)) => op["error"] = status,
        None => {}
    }
    op
}

/// A finished operation whose result is `resource`.
pub fn done(id: &OpId, parent: &str, kind: &str, resource: Value) -> Value {
    operation(id, parent, kind, resource.clone(), Some(Ok(resource)))
}

/// The operation `id` of a create or update, as `view` (the service now) shows it.
pub fn service_op(id: &OpId, view: &ServiceView, project: &str) -> Value {
    let parent = format!("projects/{project}/locations/{}", crate::cloudrun::region_of(&view.service));
    let service = wire::service_json(view, &parent);
    let terminal = &service["terminalCondition"];
    let outcome = if view.service.meta.generation > id.generation || terminal["state"] == "CONDITION_SUCCEEDED" {
        Some(Ok(service.clone()))
    } else if terminal["state"] == "CONDITION_FAILED" {
        // google.rpc.Code FAILED_PRECONDITION: the service exists but does not serve.
        let why = terminal["message"].as_str().unwrap_or("the service is not ready");
        Some(Err(json!({ "code": 9, "message": format!("service {:?} is not ready: {why}", view.service.meta.name) })))
    } else {
        None
    };
    operation(id, &parent, wire::SERVICE_TYPE, service, outcome)
}

/// The operation `id` as it stands now.
pub async fn current(c: &Controller, project: &str, location: &str, id: &OpId) -> Value {
    let parent = format!("projects/{project}/locations/{location}");
    match id.kind {
        OpKind::Create | OpKind::Update => match c.get_service(project, id.service()).await {
            Ok(view) if short_uid(&view.service.meta.uid) == id.uid => service_op(id, &view, project),
            _ => {
                let name = format!("{parent}/services/{}", id.service());
                let gone = json!({ "code": 5, "message": format!("service {name:?} was deleted before this operation finished") });
                operation(id, &parent, wire::SERVICE_TYPE, json!({ "name": name }), Some(Err(gone)))
            }
        },
        OpKind::Delete => {
            let name = json!({ "name": format!("{parent}/services/{}", id.service()) });
            done(id, &parent, wire::SERVICE_TYPE, name)
        }
        OpKind::DeleteRevision => {
            let revision = id.name.split('.').nth(1).unwrap_or_default();
            let name = json!({ "name": format!("{parent}/services/{}/revisions/{revision}", id.service()) });
            done(id, &parent, wire::REVISION_TYPE, name)
        }
    }
}

/// `WaitOperationRequest.timeout` (a Google duration), at most [`MAX_WAIT`].
pub fn wait_timeout(body: &[u8]) -> Result<Duration, ApiError> {
    #[derive(serde::Deserialize, Default)]
    struct WaitRequest {
        timeout: Option<String>,
    }
    let req: WaitRequest = crate::cloudrun::parse_body(body)?;
    match req.timeout.as_deref().filter(|t| !t.is_empty()) {
        None => Ok(MAX_WAIT),
        Some(text) => runlane_model::duration::parse_google(text).map(|d| d.min(MAX_WAIT)).map_err(|why| ApiError::field("timeout", why)),
    }
}

/// Answers when the operation is done or `timeout` has passed, whichever is first.
pub async fn wait(c: &Controller, project: &str, location: &str, id: &OpId, timeout: Duration) -> Value {
    let deadline = tokio::time::Instant::now() + timeout;
    let mut changes = c.subscribe();
    loop {
        let op = current(c, project, location, id).await;
        let now = tokio::time::Instant::now();
        if op["done"] == true || now >= deadline {
            return op;
        }
        let recheck = (now + WAIT_RECHECK).min(deadline);
        let _ = tokio::time::timeout_at(recheck, changes.changed()).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip_and_refuse_strangers() {
        let id = OpId { kind: OpKind::Update, generation: 3, uid: "1f2e3d4c".into(), name: "jokes".into() };
        assert_eq!(id.encode(), "update.3.1f2e3d4c.jokes");
        assert_eq!(OpId::parse(&id.encode()), Some(id));
        let rev = OpId { kind: OpKind::DeleteRevision, generation: 1, uid: "abcdef01".into(), name: "jokes.jokes-00001-abc".into() };
        assert_eq!(OpId::parse(&rev.encode()), Some(rev.clone()));
        assert_eq!(rev.service(), "jokes");
        for bad in ["", "create", "create.x.1f2e3d4c.jokes", "create.1.zz.jokes", "create.1.1f2e3d4c.", "create.1.1f2e3d4c.a.b", "make.1.1f2e3d4c.jokes", "create.1.1f2e3d4c.Jokes"] {
            assert_eq!(OpId::parse(bad), None, "{bad}");
        }
        assert_eq!(short_uid("1f2e3d4c-aaaa-bbbb"), "1f2e3d4c");
    }

    #[test]
    fn finished_operations_carry_their_result() {
        let id = OpId { kind: OpKind::Delete, generation: 2, uid: "1f2e3d4c".into(), name: "jokes".into() };
        let op = done(&id, "projects/p/locations/us-central1", wire::SERVICE_TYPE, json!({ "name": "n" }));
        assert_eq!(op["name"], "projects/p/locations/us-central1/operations/delete.2.1f2e3d4c.jokes");
        assert_eq!(op["done"], true);
        assert_eq!(op["response"]["@type"], wire::SERVICE_TYPE);
        assert_eq!(op["metadata"]["name"], "n");
        assert!(op.get("error").is_none());
    }

    #[test]
    fn wait_timeouts_are_bounded() {
        assert_eq!(wait_timeout(b"").unwrap(), MAX_WAIT);
        assert_eq!(wait_timeout(br#"{"timeout":"2.5s"}"#).unwrap(), Duration::from_millis(2500));
        assert_eq!(wait_timeout(br#"{"timeout":"3600s"}"#).unwrap(), MAX_WAIT);
        assert_eq!(wait_timeout(br#"{"timeout":"soon"}"#).unwrap_err().violations.0[0].field, "timeout");
    }
}
