//! gRPC for Cloud Monitoring v3 and Cloud Logging v2, on the admin API's own address, so
//! `google-cloud-monitoring` and `google-cloud-logging` (which speak only gRPC by
//! default) work against runlane unchanged.
//!
//! Each gRPC method is the reverse of Google's HTTP transcoding: the method's
//! `google.api.http` rule (in the vendored `.proto`) names the REST call it stands for, and
//! [`transcode::Rest`] makes that call on the REST router in-process, the request message
//! rendered in protobuf's JSON mapping and the answer read back the same way. So REST and
//! gRPC share every validation, store write, page token and error message.
//!
//! Invariants: this crate knows no runlane type (only the REST router and Google's JSON);
//! a gRPC call passes the same authentication as REST, because its `authorization`
//! metadata is the REST call's header; an error carries REST's field violations as
//! `google.rpc.BadRequest` details.
#![forbid(unsafe_code)]

mod logging;
mod monitoring;
mod tail;
mod transcode;

/// The code generated from `proto/` by `codegen/` (prost messages, tonic server traits,
/// pbjson serde impls following protobuf's JSON mapping).
#[allow(clippy::all, clippy::pedantic, missing_docs, rustdoc::all)]
pub mod google {
    pub mod api {
        include!("gen/google.api.rs");
        include!("gen/google.api.serde.rs");
    }
    pub mod logging {
        pub mod r#type {
            include!("gen/google.logging.r#type.rs");
            include!("gen/google.logging.r#type.serde.rs");
        }
        pub mod v2 {
            include!("gen/google.logging.v2.rs");
            include!("gen/google.logging.v2.serde.rs");
        }
    }
    pub mod monitoring {
        pub mod v3 {
            include!("gen/google.monitoring.v3.rs");
            include!("gen/google.monitoring.v3.serde.rs");
        }
    }
    pub mod rpc {
        include!("gen/google.rpc.rs");
        include!("gen/google.rpc.serde.rs");
    }
    pub mod r#type {
        include!("gen/google.r#type.rs");
        include!("gen/google.r#type.serde.rs");
    }
}

use axum::extract::Request;
use tower::ServiceExt as _;

/// `rest` with gRPC beside it: a request whose `content-type` is `application/grpc…`
/// (HTTP/2, h2c or h2 over TLS) goes to the gRPC services, every other one to `rest`.
pub fn beside(rest: axum::Router) -> axum::Router {
    let grpc = services(transcode::Rest::new(rest.clone())).into_axum_router();
    axum::Router::new().fallback_service(tower::service_fn(move |request: Request| {
        let target = if is_grpc(&request) { grpc.clone() } else { rest.clone() };
        target.oneshot(request)
    }))
}

fn is_grpc(request: &Request) -> bool {
    request.headers().get(http::header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).is_some_and(|v| v.starts_with("application/grpc"))
}

fn services(rest: transcode::Rest) -> tonic::service::Routes {
    use google::logging::v2::logging_service_v2_server::LoggingServiceV2Server;
    use google::monitoring::v3::alert_policy_service_server::AlertPolicyServiceServer;
    use google::monitoring::v3::metric_service_server::MetricServiceServer;
    use google::monitoring::v3::notification_channel_service_server::NotificationChannelServiceServer;
    use google::monitoring::v3::service_monitoring_service_server::ServiceMonitoringServiceServer;
    tonic::service::Routes::new(ServiceMonitoringServiceServer::new(monitoring::Services(rest.clone())))
        .add_service(AlertPolicyServiceServer::new(monitoring::AlertPolicies(rest.clone())))
        .add_service(NotificationChannelServiceServer::new(monitoring::Channels(rest.clone())))
        .add_service(MetricServiceServer::new(monitoring::Metrics(rest.clone())))
        .add_service(LoggingServiceV2Server::new(logging::Logging(rest)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::response::IntoResponse as _;
    use axum::routing::get;
    use google::monitoring::v3::{AlertPolicy, GetAlertPolicyRequest};
    use http_body_util::BodyExt as _;
    use prost::Message as _;

    /// A REST router with one alert policy, which answers only with the right token (a
    /// path it lacks too, as runlane's REST does).
    fn rest() -> axum::Router {
        axum::Router::new()
            .route(
                "/v3/projects/{project}/alertPolicies/{id}",
                get(|axum::extract::Path((project, id)): axum::extract::Path<(String, String)>| async move {
                    if id == "bad" {
                        let body = serde_json::json!({"error": {"code": 400, "message": "The request has errors: x: y", "status": "INVALID_ARGUMENT",
                            "details": [{"@type": "type.googleapis.com/google.rpc.BadRequest", "fieldViolations": [{"field": "x", "description": "y"}]}]}});
                        return (http::StatusCode::BAD_REQUEST, axum::Json(body));
                    }
                    let body = serde_json::json!({"name": format!("projects/{project}/alertPolicies/{id}"), "displayName": "burn", "enabled": true,
                        "conditions": [{"conditionThreshold": {"thresholdValue": 10, "duration": "60s", "comparison": "COMPARISON_GT"}}],
                        "runlaneOnly": {"ignored": true}});
                    (http::StatusCode::OK, axum::Json(body))
                }),
            )
            .layer(axum::middleware::from_fn(|request: Request, next: axum::middleware::Next| async move {
                if request.headers().get("authorization").and_then(|v| v.to_str().ok()) != Some("Bearer secret") {
                    let body = serde_json::json!({"error": {"code": 401, "message": "no token", "status": "UNAUTHENTICATED"}});
                    return (http::StatusCode::UNAUTHORIZED, axum::Json(body)).into_response();
                }
                next.run(request).await
            }))
    }

    /// One unary gRPC call through `beside`: its status (from the headers of a
    /// trailers-only answer, or the trailers) and its reply message's bytes.
    async fn call_method(path: &str, token: &str, message: Vec<u8>) -> (tonic::Status, bytes::Bytes) {
        let mut framed = vec![0u8];
        framed.extend_from_slice(&u32::try_from(message.len()).unwrap().to_be_bytes());
        framed.extend_from_slice(&message);
        let request = http::Request::post(path)
            .header("content-type", "application/grpc")
            .header("te", "trailers")
            .header("authorization", format!("Bearer {token}"))
            .body(axum::body::Body::from(framed))
            .unwrap();
        let response = beside(rest()).oneshot(request).await.unwrap();
        assert_eq!(response.status(), 200, "gRPC answers 200 and puts its status in grpc-status");
        let mut headers = response.headers().clone();
        let collected = response.into_body().collect().await.unwrap();
        headers.extend(collected.trailers().cloned().unwrap_or_default());
        let status = tonic::Status::from_header_map(&headers).expect("a grpc-status");
        let body = collected.to_bytes();
        (status, if body.len() > 5 { body.slice(5..) } else { bytes::Bytes::new() })
    }

    async fn call(token: &str, name: &str) -> (tonic::Status, Option<AlertPolicy>) {
        let message = GetAlertPolicyRequest { name: name.to_owned() }.encode_to_vec();
        let (status, body) = call_method("/google.monitoring.v3.AlertPolicyService/GetAlertPolicy", token, message).await;
        (status, (!body.is_empty()).then(|| AlertPolicy::decode(body).unwrap()))
    }

    #[tokio::test]
    async fn an_unserved_method_is_unimplemented_only_to_a_caller_with_the_token() {
        let path = "/google.logging.v2.LoggingServiceV2/WriteLogEntries";
        let (status, _) = call_method(path, "wrong", Vec::new()).await;
        assert_eq!((status.code(), status.message()), (tonic::Code::Unauthenticated, "no token"));
        let (status, _) = call_method(path, "secret", Vec::new()).await;
        assert_eq!(status.code(), tonic::Code::Unimplemented);
        assert!(status.message().contains("WriteLogEntries") && status.message().contains("ListLogEntries"), "{}", status.message());
        let (status, _) = call_method("/google.monitoring.v3.NoSuchService/Get", "secret", Vec::new()).await;
        assert_eq!(status.code(), tonic::Code::Unimplemented, "a service runlane lacks: {status:?}");
    }

    #[tokio::test]
    async fn a_grpc_call_is_its_rest_call_and_the_answer_is_read_back() {
        let (status, reply) = call("secret", "projects/p/alertPolicies/a1").await;
        assert_eq!(status.code(), tonic::Code::Ok, "{status:?}");
        let policy = reply.expect("a reply message");
        assert_eq!((policy.name.as_str(), policy.display_name.as_str(), policy.enabled.map(|e| e.value)), ("projects/p/alertPolicies/a1", "burn", Some(true)));
        let threshold = match policy.conditions[0].condition.as_ref() {
            Some(google::monitoring::v3::alert_policy::condition::Condition::ConditionThreshold(t)) => t.clone(),
            other => panic!("condition {other:?}"),
        };
        assert_eq!((threshold.threshold_value, threshold.duration.map(|d| d.seconds)), (10.0, Some(60)));
    }

    #[tokio::test]
    async fn rest_refusals_come_back_as_statuses_with_their_details() {
        let (status, reply) = call("wrong", "projects/p/alertPolicies/a1").await;
        assert_eq!((status.code(), status.message(), reply), (tonic::Code::Unauthenticated, "no token", None));
        let (status, _) = call("secret", "projects/p/alertPolicies/bad").await;
        assert_eq!((status.code(), status.message()), (tonic::Code::InvalidArgument, "The request has errors: x: y"));
        let details = google::rpc::Status::decode(status.details()).unwrap();
        let bad = google::rpc::BadRequest::decode(details.details[0].value.clone()).unwrap();
        assert_eq!((bad.field_violations[0].field.as_str(), bad.field_violations[0].description.as_str()), ("x", "y"));
        let (status, _) = call("secret", "projects/p/alertPolicies/a/b").await;
        assert_eq!(status.code(), tonic::Code::InvalidArgument, "a name of the wrong shape is refused before any REST call: {status:?}");
    }

    /// The next message of a gRPC response body, skipping empty frames; None at its end.
    async fn next_message(body: &mut axum::body::Body) -> Option<bytes::Bytes> {
        while let Some(frame) = body.frame().await {
            if let Ok(data) = frame.unwrap().into_data() {
                if data.len() > 5 {
                    return Some(data.slice(5..));
                }
            }
        }
        None
    }

    #[tokio::test(start_paused = true)]
    async fn a_tail_streams_each_new_entry_once_and_stops_polling_when_dropped() {
        use google::logging::v2::{TailLogEntriesRequest, TailLogEntriesResponse};
        use std::sync::atomic::{AtomicUsize, Ordering};
        use std::sync::{Arc, Mutex};
        // A log answered whole at every call, as a build's log is: one timestamp, new lines appended.
        let entries = Arc::new(Mutex::new(vec![serde_json::json!({"insertId": "1", "timestamp": "2020-01-01T00:00:00Z", "textPayload": "one"})]));
        let calls = Arc::new(AtomicUsize::new(0));
        let (log, counted) = (entries.clone(), calls.clone());
        let rest = axum::Router::new().route(
            "/v2/entries:list",
            axum::routing::post(move || {
                counted.fetch_add(1, Ordering::SeqCst);
                let entries = log.lock().unwrap().clone();
                async move { axum::Json(serde_json::json!({ "entries": entries })) }
            }),
        );
        let message = TailLogEntriesRequest { resource_names: vec!["projects/p".into()], ..Default::default() }.encode_to_vec();
        let mut framed = vec![0u8];
        framed.extend_from_slice(&u32::try_from(message.len()).unwrap().to_be_bytes());
        framed.extend_from_slice(&message);
        let request = http::Request::post("/google.logging.v2.LoggingServiceV2/TailLogEntries")
            .header("content-type", "application/grpc")
            .header("te", "trailers")
            .body(axum::body::Body::from(framed))
            .unwrap();
        let response = beside(rest).oneshot(request).await.unwrap();
        assert_eq!(response.status(), 200);
        let mut body = response.into_body();
        let texts = |bytes: bytes::Bytes| TailLogEntriesResponse::decode(bytes).unwrap().entries.into_iter().map(|e| match e.payload {
            Some(google::logging::v2::log_entry::Payload::TextPayload(t)) => t,
            other => panic!("payload {other:?}"),
        }).collect::<Vec<_>>();
        assert_eq!(texts(next_message(&mut body).await.unwrap()), ["one"], "the first poll's answer, whole");
        entries.lock().unwrap().push(serde_json::json!({"insertId": "2", "timestamp": "2020-01-01T00:00:00Z", "textPayload": "two"}));
        assert_eq!(texts(next_message(&mut body).await.unwrap()), ["two"], "then only what is new");
        let polls = calls.load(Ordering::SeqCst);
        assert!(polls >= 2, "{polls}");
        drop(body);
        tokio::time::sleep(std::time::Duration::from_secs(10)).await;
        assert_eq!(calls.load(Ordering::SeqCst), polls, "a dropped tail polls no more");

        let (status, _) = call_method("/google.logging.v2.LoggingServiceV2/TailLogEntries", "secret", TailLogEntriesRequest::default().encode_to_vec()).await;
        assert_eq!(status.code(), tonic::Code::InvalidArgument);
        assert!(status.message().contains("resourceNames: is required"), "{}", status.message());
    }

    #[tokio::test]
    async fn requests_that_are_not_grpc_go_to_rest() {
        let request = http::Request::get("/v3/projects/p/alertPolicies/a1").header("authorization", "Bearer secret").body(axum::body::Body::empty()).unwrap();
        let response = beside(rest()).oneshot(request).await.unwrap();
        assert_eq!(response.status(), 200);
        let body: serde_json::Value = serde_json::from_slice(&response.into_body().collect().await.unwrap().to_bytes()).unwrap();
        assert_eq!(body["displayName"], "burn");
    }
}
