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
