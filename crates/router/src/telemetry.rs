//! The router's telemetry hook: every request routed to a revision is counted
//! in that revision's [`RevisionRecorder`] (sharded atomics, no shared lock)
//! and, when logs are kept, queued as a request log entry (try_send: a full
//! queue drops and counts, never waits).
//!
//! A request is recorded when its response ends: [`RecordedBody`] wraps the
//! response body and records on its last frame, or when it is dropped (the
//! client went away, an empty body hyper never polled, an upgrade), so each
//! request is recorded exactly once, with the bytes actually sent. A body that
//! fails part-way is recorded as 502 (see [`Completion`]'s `finish`), so the
//! status recorded is the one the client effectively got.

use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::SystemTime;

use bytes::Bytes;
use http::header::{HeaderValue, CONTENT_LENGTH, REFERER, USER_AGENT};
use http::{HeaderMap, Method, Uri, Version};
use http_body::{Body, Frame, SizeHint};

use runlane_telemetry::{Outcome, RequestRecord, RequestSink, Started};
use tokio::time::Instant;

use crate::backend::Routed;
use crate::body::ResponseBody;
use crate::h1::headers::Field;
use crate::h1::timer::ExchangeClock;
use crate::upstream::Lease;

/// What is kept of a request head for its log entry. Values are copied out of
/// the request: hyper's header values share the connection's read buffer, so
/// keeping them queued for the log writer would pin a whole buffer per request
/// (and make hyper allocate a fresh one for the next request).
#[derive(Debug)]
pub(crate) struct RequestMeta {
    method: Method,
    uri: Uri,
    host: Option<HeaderValue>,
    version: Version,
    user_agent: Option<HeaderValue>,
    referer: Option<HeaderValue>,
    trace: Option<HeaderValue>,
    remote: SocketAddr,
}

impl RequestMeta {
    pub(crate) fn of<B>(
        req: &http::Request<B>,
        host: &HeaderValue,
        remote: SocketAddr,
    ) -> RequestMeta {
        let h = req.headers();
        let owned = |v: &HeaderValue| {
            HeaderValue::from_bytes(v.as_bytes()).expect("a header value is a valid header value")
        };
        let path = req.uri().path_and_query().map_or("/", |p| p.as_str());
        RequestMeta {
            method: req.method().clone(),
            uri: Uri::try_from(path).unwrap_or_else(|_| Uri::from_static("/")),
            host: Some(owned(host)),
            version: req.version(),
            user_agent: h.get(USER_AGENT).map(owned),
            referer: h.get(REFERER).map(owned),
            trace: h
                .get("traceparent")
                .or_else(|| h.get("x-cloud-trace-context"))
                .map(owned),
            remote,
        }
    }
}

impl RequestMeta {
    /// The same, for a plain request read by hand ([`crate::h1::request`]):
    /// `fields` as the client sent them.
    pub(crate) fn of_plain(
        method: Method,
        uri: Uri,
        host: &[u8],
        fields: &[httparse::Header<'_>],
        remote: SocketAddr,
    ) -> RequestMeta {
        let first = |wanted: Field| {
            fields
                .iter()
                .find(|field| Field::of(field.name) == wanted)
                .and_then(|field| HeaderValue::from_bytes(field.value).ok())
        };
        RequestMeta {
            method,
            uri,
            host: HeaderValue::from_bytes(host).ok(),
            version: Version::HTTP_11,
            user_agent: first(Field::UserAgent),
            referer: first(Field::Referer),
            trace: first(Field::TraceParent).or_else(|| first(Field::CloudTraceContext)),
            remote,
        }
    }
}

/// The request body size the client announced (0 when it did not).
pub(crate) fn request_bytes(headers: &HeaderMap) -> u64 {
    headers
        .get(CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

/// Records a request when it finishes.
#[derive(Debug)]
pub(crate) struct Completion {
    /// The revision and the instance permit (moved from the request, not cloned: no
    /// extra shared atomic); given back when the response ends.
    pub(crate) routed: Routed,
    pub(crate) started: Started,
    pub(crate) sink: RequestSink,
    pub(crate) start: Instant,
    /// When the revision's timeout ends the exchange (from when the request
    /// left for its instance).
    pub(crate) deadline: Instant,
    pub(crate) status: u16,
    pub(crate) request_bytes: u64,
    pub(crate) meta: Option<Box<RequestMeta>>,
    pub(crate) upstream: Option<http::uri::Authority>,
    /// The instance connection the response came on: pooled again only if
    /// the response was read to its end.
    pub(crate) lease: Option<Lease>,
}

impl Completion {
    /// Records the request. `read_to_end`: the response body was read to its
    /// end, so its instance connection may be pooled again. `broken`: the
    /// instance's body failed part-way (a bad chunk, a cut connection), so the
    /// client never got a complete response: it counts as the 502 it would
    /// have been had the failure come before the head, whatever status the
    /// head said, or SLOs, alerts and rollouts would see a success.
    fn finish(mut self, response_bytes: u64, read_to_end: bool, broken: bool) {
        if let Some(lease) = self.lease.take() {
            if read_to_end {
                lease.release();
            }
        }
        if broken {
            self.status = http::StatusCode::BAD_GATEWAY.as_u16();
        }
        self.routed.backend.record(self.status);
        let end = Instant::now();
        let outcome = Outcome {
            status: self.status,
            latency: end.saturating_duration_since(self.start),
            request_bytes: self.request_bytes,
            response_bytes,
        };
        let recorder = self.routed.backend.recorder();
        recorder.finish(self.started, &outcome);
        // One event per request at debug level (RUST_LOG=runlane_router::request=debug):
        // off, it costs the callsite's cached interest check and formats nothing.
        tracing::debug!(
            target: "runlane_router::request",
            service = recorder.service(),
            revision = recorder.revision(),
            instance = ?self.upstream,
            status = self.status,
            micros = u64::try_from(outcome.latency.as_micros()).unwrap_or(u64::MAX),
            response_bytes,
            "request"
        );
        if let Some(meta) = self.meta {
            self.sink.log(RequestRecord {
                recorder: recorder.clone(),
                end: SystemTime::now(),
                outcome,
                method: meta.method,
                uri: meta.uri,
                host: meta.host,
                version: meta.version,
                user_agent: meta.user_agent,
                referer: meta.referer,
                remote_ip: meta.remote.ip(),
                trace: meta.trace,
                upstream: self.upstream,
            });
        }
        self.routed.finish(end);
    }
}

pin_project_lite::pin_project! {
    /// The response body, recording the request when it ends.
    pub(crate) struct RecordedBody {
        #[pin]
        inner: ResponseBody,
        completion: Option<Completion>,
        bytes: u64,
        // The connection's clock for the revision's timeout, on hyper's
        // HTTP/1.1 path: disarmed when the response ends.
        clock: Option<Arc<ExchangeClock>>,
    }

    impl PinnedDrop for RecordedBody {
        fn drop(this: Pin<&mut Self>) {
            let this = this.project();
            if let Some(mut c) = this.completion.take() {
                // Dropped unpolled (an empty body) or cut short (the client
                // left, or the revision's timeout closed the connection).
                let ended = this.inner.is_end_stream();
                if !ended && this.clock.as_ref().is_some_and(|clock| clock.timed_out()) {
                    c.status = http::StatusCode::GATEWAY_TIMEOUT.as_u16();
                }
                c.finish(*this.bytes, ended, false);
            }
            if let Some(clock) = this.clock.take() {
                clock.disarm();
            }
        }
    }
}

impl RecordedBody {
    pub(crate) fn new(inner: ResponseBody, completion: Option<Completion>) -> RecordedBody {
        RecordedBody {
            inner,
            completion,
            bytes: 0,
            clock: None,
        }
    }

    /// Arms `clock` (the connection's) with the exchange's deadline, until
    /// this response ends. Not for a response that
    /// shares its connection with others in flight (HTTP/2).
    pub(crate) fn watched_by(&mut self, clock: &Arc<ExchangeClock>) {
        if let Some(c) = &self.completion {
            clock.arm(c.deadline);
            self.clock = Some(clock.clone());
        }
    }

    /// The revision's timeout ended the exchange before the response was
    /// delivered: recorded as 504 (the client got no complete response), and
    /// the permit given back now.
    pub(crate) fn time_out(self: Pin<&mut Self>) {
        let this = self.project();
        if let Some(mut c) = this.completion.take() {
            c.status = http::StatusCode::GATEWAY_TIMEOUT.as_u16();
            c.finish(*this.bytes, false, false);
        }
    }
}

impl Body for RecordedBody {
    type Data = Bytes;
    type Error = <ResponseBody as Body>::Error;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Self::Error>>> {
        let mut this = self.project();
        let polled = this.inner.as_mut().poll_frame(cx);
        // (ended, read to its end without error)
        let (done, clean) = match &polled {
            Poll::Ready(Some(Ok(frame))) => {
                if let Some(data) = frame.data_ref() {
                    *this.bytes += data.len() as u64;
                }
                (this.inner.is_end_stream(), true)
            }
            Poll::Ready(None) => (true, true),
            Poll::Ready(Some(Err(_))) => (true, false),
            Poll::Pending => (false, false),
        };
        if done {
            if let Some(c) = this.completion.take() {
                c.finish(*this.bytes, clean, !clean);
            }
            if let Some(clock) = this.clock.take() {
                clock.disarm();
            }
        }
        polled
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.inner.size_hint()
    }
}
