//! What can go wrong on the data plane, whose fault it was, and which status
//! code the client gets, decided in one place ([`ProxyError::status`]).
//!
//! Every message is what the client reads in the error page: one sentence
//! that names the host, service or revision and says what to do next.

use std::error::Error as StdError;
use std::time::Duration;

use http::StatusCode;
use runlane_model::split::SplitError;

use crate::h1::instance::PlainError;
use crate::invoker::InvokerDenied;

/// Who caused a failed request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fault {
    /// The request itself is wrong (bad host, unknown service or tag).
    Client,
    /// The instance refused, reset, or did not answer in time.
    Upstream,
    /// runlane had nothing to route to (no ready instance, no traffic).
    Platform,
}

/// A request the router answered itself instead of the app.
#[derive(Debug, thiserror::Error)]
pub enum ProxyError {
    #[error("the request has no Host header; send one naming the service, like SERVICE.{domain}")]
    MissingHost { domain: String },

    #[error("the Host header {host:?} is not a valid host name; send one naming the service, like SERVICE.{domain}")]
    InvalidHost { host: String, domain: String },

    #[error("the request has {count} Host headers; send exactly one, naming the service, like SERVICE.{domain}")]
    DuplicateHost { count: usize, domain: String },

    #[error("no service answers for host {host:?}; {hint}")]
    UnknownHost { host: String, hint: String },

    #[error("service {service:?} has no tag {tag:?}; {hint}")]
    UnknownTag {
        service: String,
        tag: String,
        hint: String,
    },

    #[error("service {service:?} requires an invoker token ({}); send Authorization: Bearer TOKEN with the token from `runlane auth print-identity-token`, or make the service public with `gcloud run services add-iam-policy-binding {service} --member=allUsers --role=roles/run.invoker`", match denied { InvokerDenied::NoToken => "this request has none", InvokerDenied::WrongToken => "the bearer token sent is not valid" })]
    InvokerRequired {
        service: String,
        denied: InvokerDenied,
    },

    #[error("service {service:?} has no revision receiving traffic; deploy a revision or give one a traffic percent")]
    NoTraffic { service: String },

    #[error("revision {revision:?} of service {service:?} had no ready instance after waiting {waited:?}; check the revision's logs for why its instances do not start or become ready")]
    NoEndpoint {
        service: String,
        revision: String,
        waited: Duration,
    },

    #[error("every instance of revision {revision:?} was serving its limit of {limit} concurrent requests for {waited:?}; raise its containerConcurrency (--concurrency) or maxScale (--max-instances), or retry later")]
    NoCapacity {
        revision: String,
        limit: u32,
        waited: Duration,
    },

    #[error("revision {revision:?} already has {queued} requests waiting for an instance; retry later, or raise its containerConcurrency (--concurrency) or maxScale (--max-instances)")]
    Overloaded { revision: String, queued: usize },

    #[error("no instance of revision {revision:?} accepted a connection ({}); check the revision's logs for crashes", root_cause(.source))]
    Connect {
        revision: String,
        #[source]
        source: std::io::Error,
    },

    #[error("an instance of revision {revision:?} failed before sending a complete response head ({}); check the revision's logs", root_cause(&**.source))]
    Upstream {
        revision: String,
        #[source]
        source: Box<dyn StdError + Send + Sync>,
    },

    #[error("the request body broke off while it was sent to revision {revision:?} ({}); resend the request", root_cause(.source))]
    ClientBody {
        revision: String,
        #[source]
        source: hyper::Error,
    },

    #[error("revision {revision:?} sent no response within its {timeout:?} request timeout; raise the revision's timeoutSeconds or make the handler answer sooner")]
    Timeout { revision: String, timeout: Duration },
}

impl ProxyError {
    /// Whose fault the failure was.
    pub fn fault(&self) -> Fault {
        match self {
            ProxyError::MissingHost { .. }
            | ProxyError::InvalidHost { .. }
            | ProxyError::DuplicateHost { .. }
            | ProxyError::UnknownHost { .. }
            | ProxyError::UnknownTag { .. }
            | ProxyError::InvokerRequired { .. }
            | ProxyError::ClientBody { .. } => Fault::Client,
            ProxyError::Connect { .. }
            | ProxyError::Upstream { .. }
            | ProxyError::Timeout { .. } => Fault::Upstream,
            ProxyError::NoTraffic { .. }
            | ProxyError::NoEndpoint { .. }
            | ProxyError::NoCapacity { .. }
            | ProxyError::Overloaded { .. } => Fault::Platform,
        }
    }

    /// Whether sending the same request again cannot have side effects twice:
    /// true when the request never reached an instance.
    pub fn retry_safe(&self) -> bool {
        match self {
            ProxyError::Connect { .. } => true,
            ProxyError::Upstream { .. }
            | ProxyError::ClientBody { .. }
            | ProxyError::Timeout { .. } => false,
            _ => true,
        }
    }

    /// The status code the client gets.
    pub fn status(&self) -> StatusCode {
        match self {
            ProxyError::MissingHost { .. }
            | ProxyError::InvalidHost { .. }
            | ProxyError::DuplicateHost { .. }
            | ProxyError::ClientBody { .. } => StatusCode::BAD_REQUEST,
            ProxyError::UnknownHost { .. } | ProxyError::UnknownTag { .. } => StatusCode::NOT_FOUND,
            ProxyError::InvokerRequired { .. } => StatusCode::FORBIDDEN,
            ProxyError::NoTraffic { .. }
            | ProxyError::NoEndpoint { .. }
            | ProxyError::NoCapacity { .. } => StatusCode::SERVICE_UNAVAILABLE,
            ProxyError::Overloaded { .. } => StatusCode::TOO_MANY_REQUESTS,
            ProxyError::Connect { .. } | ProxyError::Upstream { .. } => StatusCode::BAD_GATEWAY,
            ProxyError::Timeout { .. } => StatusCode::GATEWAY_TIMEOUT,
        }
    }

    /// Seconds a client should wait before retrying, for errors that say "retry later".
    pub fn retry_after(&self) -> Option<u32> {
        match self {
            ProxyError::Overloaded { .. } | ProxyError::NoCapacity { .. } => Some(1),
            _ => None,
        }
    }

    /// Sorts an upstream error into connect failure (never sent, safe to
    /// retry), broken request body (the client's doing), or instance failure.
    pub(crate) fn from_upstream(revision: &str, err: UpstreamError) -> Self {
        let revision = revision.to_owned();
        match err {
            UpstreamError::Connect(source) => ProxyError::Connect { revision, source },
            UpstreamError::Send(source) if caused_by_request_body(&source) => {
                ProxyError::ClientBody { revision, source }
            }
            UpstreamError::Send(source) => ProxyError::Upstream {
                revision,
                source: source.into(),
            },
            UpstreamError::Plain(source) => ProxyError::Upstream {
                revision,
                source: source.into(),
            },
        }
    }
}

/// Errors that explain *why* a route table cannot be built.
#[derive(Debug, thiserror::Error)]
pub enum RouteTableError {
    #[error("the router domain {domain:?} is not a host name; use lowercase DNS labels like \"localhost\" or \"run.example.com\"")]
    InvalidDomain { domain: String },

    #[error("service name {name:?} cannot be part of a host name; use lowercase letters, digits and '-'")]
    InvalidServiceName { name: String },

    #[error("service {name:?} is listed twice in the route table; list each service once")]
    DuplicateService { name: String },

    #[error("tag {tag:?} of service {service:?} cannot be part of a host name; use lowercase letters, digits and '-', without '---'")]
    InvalidTag { service: String, tag: String },

    #[error("tag {tag:?} of service {service:?} is listed twice; give each tag one revision")]
    DuplicateTag { service: String, tag: String },

    #[error("service {service:?}: {source}")]
    Split {
        service: String,
        #[source]
        source: SplitError,
    },
}

/// The innermost error's message: "Connection refused (os error 111)" says
/// more than hyper-util's "client error (Connect)".
fn root_cause(err: &(dyn StdError + 'static)) -> String {
    let mut cause = err;
    while let Some(next) = cause.source() {
        cause = next;
    }
    cause.to_string()
}

/// True when hyper reports the failure as coming from the body we were
/// streaming to the instance, that is from the client's side.
fn caused_by_request_body(err: &(dyn StdError + 'static)) -> bool {
    let mut cause = Some(err);
    while let Some(err) = cause {
        if let Some(hyper_err) = err.downcast_ref::<hyper::Error>() {
            if hyper_err.is_user() {
                return true;
            }
        }
        cause = err.source();
    }
    false
}

/// Why a request did not get a response head from an instance.
#[derive(Debug)]
pub(crate) enum UpstreamError {
    /// No connection could be made: the request never left.
    Connect(std::io::Error),
    /// The connection failed while or after the request was sent.
    Send(hyper::Error),
    /// The same, for a request on the plain path (see [`crate::plain`]).
    Plain(PlainError),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_and_fault_follow_the_variant() {
        let check = |err: ProxyError, status: u16, fault: Fault| {
            assert_eq!(err.status().as_u16(), status, "{err}");
            assert_eq!(err.fault(), fault, "{err}");
        };
        let domain = "localhost".to_owned();
        check(
            ProxyError::MissingHost {
                domain: domain.clone(),
            },
            400,
            Fault::Client,
        );
        check(
            ProxyError::InvalidHost {
                host: "a b".into(),
                domain,
            },
            400,
            Fault::Client,
        );
        check(
            ProxyError::UnknownHost {
                host: "x".into(),
                hint: String::new(),
            },
            404,
            Fault::Client,
        );
        check(
            ProxyError::NoTraffic {
                service: "s".into(),
            },
            503,
            Fault::Platform,
        );
        check(
            ProxyError::NoEndpoint {
                service: "s".into(),
                revision: "s-1".into(),
                waited: Duration::from_secs(10),
            },
            503,
            Fault::Platform,
        );
        check(
            ProxyError::Timeout {
                revision: "s-1".into(),
                timeout: Duration::from_millis(200),
            },
            504,
            Fault::Upstream,
        );
        check(
            ProxyError::NoCapacity {
                revision: "s-1".into(),
                limit: 1,
                waited: Duration::from_secs(10),
            },
            503,
            Fault::Platform,
        );
        check(
            ProxyError::Overloaded {
                revision: "s-1".into(),
                queued: 1000,
            },
            429,
            Fault::Platform,
        );
    }

    #[test]
    fn messages_name_the_thing_and_the_next_step() {
        let err = ProxyError::Timeout {
            revision: "hello-00002-abc".into(),
            timeout: Duration::from_secs(300),
        };
        assert_eq!(
            err.to_string(),
            "revision \"hello-00002-abc\" sent no response within its 300s request timeout; \
             raise the revision's timeoutSeconds or make the handler answer sooner"
        );
    }
}
