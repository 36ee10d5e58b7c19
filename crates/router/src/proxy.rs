//! One request through the router: pick the revision from the host, take a permit
//! on an instance under its containerConcurrency (waiting in the revision's
//! queue if every instance is full or there is none yet), forward with rewritten
//! headers, and hand back the instance's response (or join both sides of an
//! upgrade). The permit is given back when the response ends.
//!
//! Timeouts: the revision's `timeout` covers the whole exchange, from when the
//! request leaves for its instance to the end of its response's delivery (Cloud Run's and
//! Knative's request timeout): no response head in time is a 504 page, and a
//! response not delivered in time (a client that does not read) is cut off with
//! its connection and recorded as 504 (`front` watches both, on the plain path
//! and on hyper's HTTP/1.1 connections). An upgraded connection (WebSocket) is
//! closed once nothing crossed it for the revision's timeout. Time spent waiting for a permit is bounded separately by
//! the router's hold timeout, and the number of waiting requests by its queue depth.

use std::future::Future;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use http::header::{HeaderValue, CONTENT_TYPE, HOST, RETRY_AFTER};
use http::uri::{self, PathAndQuery};
use http::{HeaderMap, Method, Request, Response, StatusCode, Uri, Version};
use http_body::Body;
use http_body_util::Full;
use hyper::body::Incoming;
use hyper::upgrade::OnUpgrade;
use hyper_util::rt::TokioIo;
use tokio::time::Instant;

use crate::backend::{RevisionBackend, Routed};
use crate::body::ResponseBody;
use crate::dial::{Dial, PoolConfig};
use crate::error::{ProxyError, UpstreamError};
use crate::h1::headers::{self, Forwarding};
use crate::h1::instance::PlainHead;
use crate::h1::request::PlainRequest;
use crate::h1::timer::Timer;
use crate::invoker::InvokerDenied;
use crate::plain::{self, PlainBody};
use crate::serving::Serving;
use crate::table::ServiceRef;
use crate::telemetry::{self, Completion, RecordedBody, RequestMeta};
use crate::upstream::{self, Lease};
use runlane_telemetry::Started;

/// Answers one client request; never fails, errors become error pages.
/// A request routed to a revision is recorded when its response ends.
/// `ahead`: the request was already routed by [`route_plain`] (its split counter
/// moved) before it was handed to hyper; it is not routed again, so the split
/// counts it once.
pub(crate) async fn handle(
    serving: &Serving,
    mut req: Request<Incoming>,
    peer: SocketAddr,
    forwarding: &Forwarding,
    ahead: Option<RoutedAhead>,
) -> Response<RecordedBody> {
    let start = Instant::now();
    if let Some(answer) = acme_http01_answer(serving, req.uri().path()) {
        return answer.map(|body| RecordedBody::new(body, None));
    }
    let tokens = &serving.inner.config.invoker_tokens;
    // The header that carried an accepted invoker token (private services only).
    let mut credential = None;
    // Read before the table: a table published after this is noticed by a
    // request that has to wait (see `acquire_following_table`).
    let mut generation = serving.inner.generation.load(Ordering::Acquire);
    // The service's entry in the table that routed the request, when it was
    // routed ahead and found no permit.
    let mut entry = None;
    let table = serving.inner.table.load();
    let routed = {
        request_host(&req, table.domain()).and_then(|host| match host.to_str() {
            Ok(name) if ahead.as_ref().is_some_and(|a| a.host == name) => {
                let ahead = ahead.expect("checked");
                generation = ahead.generation;
                entry = ahead.entry;
                Ok((ahead.backend, host.clone()))
            }
            Ok(name) => table
                .route_as(name, || {
                    credential = Some(tokens.check(req.headers())?);
                    Ok(())
                })
                .map(|backend| (backend.clone(), host.clone())),
            Err(_) => Err(ProxyError::InvalidHost {
                host: String::from_utf8_lossy(host.as_bytes()).into_owned(),
                domain: table.domain().to_owned(),
            }),
        })
    };
    let (backend, host) = match routed {
        Ok(routed) => routed,
        Err(err) => return error_response(&err).map(|body| RecordedBody::new(body, None)),
    };
    let mut routed = Routed::enter(backend, start);
    // The wait for a permit is boxed: it is the cold path, and its futures would
    // enlarge every request's future, which hyper moves into its connection state.
    let acquired = match routed.backend.try_acquire() {
        Some(endpoint) => {
            drop(table);
            routed.hold(endpoint);
            Ok(())
        }
        None => {
            let entry = entry.or_else(|| table.service_of(host.to_str().unwrap_or_default()));
            drop(table);
            Box::pin(acquire_following_table(
                serving,
                &mut routed,
                &host,
                req.headers(),
                &mut credential,
                (&mut generation, entry),
            ))
            .await
        }
    };
    if let Some(name) = credential {
        req.headers_mut()
            .insert(name, HeaderValue::from_static(crate::invoker::REDACTED));
    }
    let sink = &serving.inner.telemetry;
    let started = sink.start_from(routed.backend.recorder(), peer);
    let meta = sink
        .wants_logs()
        .then(|| Box::new(RequestMeta::of(&req, &host, peer)));
    let request_bytes = telemetry::request_bytes(req.headers());
    let mut upstream = None;
    // The revision's timeout runs from when the request leaves for its
    // instance (time in the queue is the hold timeout's).
    let deadline = Instant::now() + routed.backend.timeout();
    let forwarded = match acquired {
        Ok(()) => forward(serving, &mut routed, req, host, forwarding, &mut upstream).await,
        Err(err) => Err(err),
    };
    let (response, lease) = match forwarded {
        Ok(forwarded) => forwarded,
        Err(err) => (error_response(&err), None),
    };
    let completion = Completion {
        routed,
        started,
        sink: sink.clone(),
        start,
        deadline,
        status: 0,
        request_bytes,
        meta,
        upstream,
        lease,
    };
    recorded(response, completion)
}

/// The response, recorded by `completion` when its body ends.
fn recorded(response: Response<ResponseBody>, completion: Completion) -> Response<RecordedBody> {
    let (parts, body) = response.into_parts();
    let body = recorded_body(parts.status, body, completion);
    Response::from_parts(parts, body)
}

/// A response body with `status`, recorded (and counted by class) by
/// `completion` when it ends, so a body that fails part-way counts as 502.
fn recorded_body(
    status: StatusCode,
    body: ResponseBody,
    mut completion: Completion,
) -> RecordedBody {
    completion.status = status.as_u16();
    RecordedBody::new(body, Some(completion))
}

/// What a plain request read by [`crate::front`] gets.
pub(crate) enum PlainAnswer {
    /// The instance's response: its head as [`plain`] read it, and its body.
    Instance(PlainHead, RecordedBody),
    /// A router error page.
    Page(Response<RecordedBody>),
}

/// A plain request that [`route_plain`] routed but could not give a permit
/// (every instance busy, or none): hyper takes it, and [`handle`] waits for a
/// permit without routing it again.
pub(crate) struct RoutedAhead {
    host: String,
    backend: Arc<RevisionBackend>,
    /// The table generation read before it was routed.
    generation: u64,
    /// The service's entry in the table that routed it.
    entry: Option<ServiceRef>,
}

/// What [`route_plain`] decided.
pub(crate) enum PlainRoute {
    /// Routed and holding a permit: `front` sends it.
    Ready(PlainExchange),
    /// For hyper and [`handle`], routed already or not.
    Hyper(Option<RoutedAhead>),
}

/// A plain request read by [`crate::front`], routed and holding a permit on an
/// instance, with its head written for the instance.
pub(crate) struct PlainExchange {
    routed: Routed,
    started: Started,
    start: Instant,
    meta: Option<Box<RequestMeta>>,
    head: Vec<u8>,
    head_request: bool,
}

/// Routes a plain request and takes a permit for it, as [`handle`] would. For
/// hyper when the request needs what only `handle` does (an error page, a
/// private service's credentials, a wait for a permit), decided before anything
/// about it was counted but the split's counter, which a routed request carries
/// over: the caller then hands the connection, this request first, to hyper.
pub(crate) fn route_plain(
    serving: &Serving,
    req: &PlainRequest<'_>,
    peer: SocketAddr,
    forwarding: &Forwarding,
) -> PlainRoute {
    let start = Instant::now();
    // ACME validation requests are rare: hyper's side answers them (`handle`).
    if req.target.starts_with(crate::tls::HTTP01_PATH_PREFIX) {
        return PlainRoute::Hyper(None);
    }
    let Ok(host) = std::str::from_utf8(req.host) else {
        return PlainRoute::Hyper(None);
    };
    // hyper refuses a target `Uri` does not parse, with a 400.
    let Ok(uri) = Uri::try_from(req.target) else {
        return PlainRoute::Hyper(None);
    };
    let generation = serving.inner.generation.load(Ordering::Acquire);
    let table = serving.inner.table.load();
    let routed = table
        .route_as(host, || Err(InvokerDenied::NoToken))
        .map(Arc::clone);
    let Ok(backend) = routed else {
        return PlainRoute::Hyper(None);
    };
    // An h2c revision's requests all go through hyper's HTTP/2 client.
    let endpoint = if backend.speaks_h2c() {
        None
    } else {
        backend.try_acquire()
    };
    let Some(endpoint) = endpoint else {
        return PlainRoute::Hyper(Some(RoutedAhead {
            host: host.to_owned(),
            backend,
            generation,
            entry: table.service_of(host),
        }));
    };
    drop(table);
    let mut routed = Routed::enter(backend, start);
    routed.hold(endpoint);
    let sink = &serving.inner.telemetry;
    let started = sink.start_from(routed.backend.recorder(), peer);
    let meta = sink.wants_logs().then(|| {
        Box::new(RequestMeta::of_plain(
            req.method.clone(),
            uri,
            req.host,
            req.fields,
            peer,
        ))
    });
    let head = headers::plain_request_head(
        req.method.as_str(),
        req.target,
        req.fields,
        req.host,
        forwarding,
    );
    PlainRoute::Ready(PlainExchange {
        routed,
        started,
        start,
        meta,
        head,
        head_request: req.method == Method::HEAD,
    })
}

impl PlainExchange {
    /// Sends the request to its instance: the instance's response, or an error page.
    /// `timer` is the connection's, for the revision's timeout.
    pub(crate) async fn run(self, serving: &Serving, timer: &mut Timer) -> PlainAnswer {
        let PlainExchange {
            mut routed,
            started,
            start,
            meta,
            head,
            head_request,
        } = self;
        let mut upstream = None;
        let timeout = routed.backend.timeout();
        let deadline = Instant::now() + timeout;
        timer.set(deadline);
        let pool = pool_config(serving);
        let send_to = move |addr, head| send_plain(addr, pool, head, head_request);
        let sent = tokio::select! {
            biased;
            sent = send(&mut routed, head, &mut upstream, send_to) => sent,
            () = timer.expired() => Err(ProxyError::Timeout {
                revision: routed.backend.revision().to_owned(),
                timeout,
            }),
        };
        let completion = Completion {
            routed,
            started,
            sink: serving.inner.telemetry.clone(),
            start,
            deadline,
            status: 0,
            request_bytes: 0,
            meta,
            upstream,
            lease: None,
        };
        match sent {
            Ok((head, body)) => {
                let body = recorded_body(head.status, ResponseBody::Plain(body), completion);
                PlainAnswer::Instance(head, body)
            }
            Err(err) => PlainAnswer::Page(recorded(error_response(&err), completion)),
        }
    }
}

/// A permit on an instance of the routed revision. When every instance is full, or
/// there is none, the request waits in the revision's bounded queue, in line
/// (up to the hold timeout), and pokes the autoscaler. If a new route table is
/// published meanwhile that changed the request's service (`routed_by`: its
/// generation, and the service's entry in the table that routed the request),
/// the request is routed again by it: a request held for a revision that the
/// new table replaced (a deploy that became ready, a rollback) goes where the
/// new table sends it, if its credentials still admit it (`credential` records
/// the header that carried an accepted invoker token, for redaction). A table
/// that left its service as it was changes nothing for it: it keeps its route
/// and its place in line, and takes no second place in the split.
async fn acquire_following_table(
    serving: &Serving,
    routed: &mut Routed,
    host: &HeaderValue,
    headers: &HeaderMap,
    credential: &mut Option<http::HeaderName>,
    routed_by: (&mut u64, Option<ServiceRef>),
) -> Result<(), ProxyError> {
    let (generation, mut entry) = routed_by;
    if let Some(endpoint) = routed.backend.try_acquire() {
        routed.hold(endpoint);
        return Ok(());
    }
    let config = &serving.inner.config;
    let hold = config.hold_timeout;
    let deadline = Instant::now() + hold;
    let name = host.to_str().unwrap_or_default();
    loop {
        let backend = routed.backend.clone();
        let Some(_queued) = backend.enqueue(config.queue_depth) else {
            return Err(backend.overloaded(config.queue_depth));
        };
        serving.inner.queued.notify_one();
        let mut in_line = None;
        let next = loop {
            let table_changed = serving.inner.table_changed.notified();
            tokio::pin!(table_changed);
            // Registered before the check, so a change between the check and
            // the wait is not missed.
            table_changed.as_mut().enable();
            // A newer table comes first, even when a permit is free too: the
            // service may have turned private or moved its traffic.
            let now = serving.inner.generation.load(Ordering::Acquire);
            if now != *generation {
                *generation = now;
                let table = serving.inner.table.load();
                let current = table.service_of(name);
                let unchanged =
                    matches!((&entry, &current), (Some(old), Some(new)) if old.same(new));
                if unchanged {
                    continue;
                }
                entry = current;
                // The service may have turned private meanwhile: ask again.
                let next = table.route_as(name, || {
                    *credential = Some(tokens_check(serving, headers)?);
                    Ok(())
                })?;
                if Arc::ptr_eq(next, &backend) {
                    continue;
                }
                break next.clone();
            }
            let line = in_line.get_or_insert_with(|| backend.wait_in_line());
            tokio::select! {
                biased;
                () = &mut table_changed => {}
                endpoint = line.permit() => {
                    routed.hold(endpoint);
                    return Ok(());
                }
                () = tokio::time::sleep_until(deadline) => return Err(backend.gave_up(hold)),
            }
        };
        drop(in_line);
        *routed = Routed::enter(next, Instant::now());
    }
}

/// The invoker-token check for a private service's request.
fn tokens_check(serving: &Serving, headers: &HeaderMap) -> Result<http::HeaderName, InvokerDenied> {
    serving.inner.config.invoker_tokens.check(headers)
}

/// Sends the request to the instance `routed` holds a permit on. Returns the
/// response and, unless the connection was upgraded, the connection to give back
/// to the pool once the response has been read to its end.
async fn forward(
    serving: &Serving,
    routed: &mut Routed,
    mut req: Request<Incoming>,
    host: HeaderValue,
    forwarding: &Forwarding,
    upstream: &mut Option<uri::Authority>,
) -> Result<(Response<ResponseBody>, Option<Lease>), ProxyError> {
    let h2c = routed.backend.speaks_h2c();
    // HTTP/2 to the instance has no HTTP/1.1 upgrade to pass a protocol switch on.
    let upgrade = !h2c && req.version() == Version::HTTP_11 && headers::wants_upgrade(req.headers());
    let client_upgrade = upgrade.then(|| hyper::upgrade::on(&mut req));

    let (parts, body) = req.into_parts();
    let mut headers = parts.headers;
    // `TE: trailers` (gRPC sends it) says the client takes trailer fields: it goes on
    // to the instance, and the response comes back through hyper, which passes the
    // instance's trailers on (the plain path drops them).
    let trailers = headers::accepts_trailers(&headers);
    headers::strip_hop_by_hop(&mut headers, upgrade);
    if trailers {
        headers.insert(http::header::TE, HeaderValue::from_static("trailers"));
    }
    headers::add_forwarded(&mut headers, forwarding, &host);
    headers.insert(HOST, host);
    let path = parts
        .uri
        .path_and_query()
        .cloned()
        .unwrap_or_else(|| PathAndQuery::from_static("/"));
    let pool = pool_config(serving);
    let sent = if h2c {
        // h2 takes the target as `:scheme` and `:authority`, not a Host field.
        let authority = headers.remove(HOST).unwrap_or_else(|| HeaderValue::from_static("localhost"));
        let uri = Uri::builder()
            .scheme(uri::Scheme::HTTP)
            .authority(authority.as_bytes())
            .path_and_query(path)
            .build()
            .map_err(|_| ProxyError::InvalidHost {
                host: String::from_utf8_lossy(authority.as_bytes()).into_owned(),
                domain: serving.inner.table.load().domain().to_owned(),
            })?;
        let mut outgoing = Request::new(body);
        *outgoing.method_mut() = parts.method;
        *outgoing.uri_mut() = uri;
        *outgoing.version_mut() = Version::HTTP_2;
        *outgoing.headers_mut() = headers;
        let dialer = pool.dialer;
        let send_to = move |addr, req| send_h2c(addr, dialer, req);
        send_in_time(routed, outgoing, upstream, send_to).await
    } else if !trailers && headers::is_plain(&parts.method, body.is_end_stream(), upgrade) {
        let head = headers::request_head(&parts.method, path.as_str(), &headers);
        let head_request = parts.method == Method::HEAD;
        let send_to = move |addr, head| send_plain(addr, pool, head, head_request);
        let sent = send_in_time(routed, head, upstream, send_to).await;
        sent.map(|(head, body)| (head.into_response(ResponseBody::Plain(body)), None))
    } else {
        let mut outgoing = Request::new(body);
        *outgoing.method_mut() = parts.method;
        // Origin-form: instances are addressed by connection, not by URI.
        *outgoing.uri_mut() = Uri::from(path);
        *outgoing.version_mut() = Version::HTTP_11;
        *outgoing.headers_mut() = headers;
        let send_to = move |addr, req| send_hyper(addr, pool, req);
        send_in_time(routed, outgoing, upstream, send_to).await
    };
    let (mut response, lease) = sent?;

    match client_upgrade {
        Some(client_upgrade) if response.status() == StatusCode::SWITCHING_PROTOCOLS => {
            let upstream_upgrade = hyper::upgrade::on(&mut response);
            headers::strip_hop_by_hop(response.headers_mut(), true);
            // The upgraded connection keeps the instance's permit until it closes,
            // and its upstream connection is the tunnel's, never pooled again.
            let connection = routed.split_off(Instant::now());
            serving.spawn_tunnel(
                tunnel(
                    client_upgrade,
                    upstream_upgrade,
                    routed.backend.revision().to_owned(),
                    routed.backend.timeout(),
                ),
                connection,
            );
            drop(lease);
            Ok((response, None))
        }
        _ => {
            headers::strip_hop_by_hop(response.headers_mut(), false);
            Ok((response, lease))
        }
    }
}

/// [`send`], within the revision's timeout.
async fn send_in_time<O, R, Sending>(
    routed: &mut Routed,
    outgoing: O,
    upstream: &mut Option<uri::Authority>,
    send_to: impl Fn(SocketAddr, O) -> Sending,
) -> Result<R, ProxyError>
where
    Sending: Future<Output = Sent<O, R>>,
{
    let timeout = routed.backend.timeout();
    // Built inside `timeout`, not bound first: a bound future would be kept in
    // this future's state twice over, and the future is moved per request.
    tokio::time::timeout(timeout, send(routed, outgoing, upstream, send_to))
        .await
        .map_err(|_| ProxyError::Timeout {
            revision: routed.backend.revision().to_owned(),
            timeout,
        })?
}

fn pool_config(serving: &Serving) -> PoolConfig {
    PoolConfig {
        idle_timeout: serving.inner.config.upstream_idle_timeout,
        max_idle_per_instance: serving.inner.config.upstream_max_idle_per_instance,
        dialer: serving.inner.dialer,
    }
}

/// What sending a request (`O`: a plain request's head, or hyper's request) to
/// an instance came to: its response (`R`); or the error and, if the request
/// never left (the connection was refused), the request.
type Sent<O, R> = Result<R, (UpstreamError, Option<O>)>;

/// Sends to the instance `routed` holds a permit on, with `send_to`; if no
/// connection to it can be made and another instance has a free permit, sends once
/// more there (the request never left, so this is safe whatever the method).
/// Generic rather than over an enum of requests, so a plain request's future is
/// not as large as hyper's.
async fn send<O, R, Sending>(
    routed: &mut Routed,
    outgoing: O,
    answered: &mut Option<uri::Authority>,
    send_to: impl Fn(SocketAddr, O) -> Sending,
) -> Result<R, ProxyError>
where
    Sending: Future<Output = Sent<O, R>>,
{
    let backend = routed.backend.clone();
    let endpoint = routed
        .endpoint()
        .cloned()
        .expect("a request is sent only once it holds a permit");
    *answered = Some(endpoint.authority.clone());
    let (err, unsent) = match send_to(endpoint.addr(), outgoing).await {
        Ok(sent) => return Ok(sent),
        Err(failed) => failed,
    };
    let failed = |err| ProxyError::from_upstream(backend.revision(), err);
    let (UpstreamError::Connect(_), Some(outgoing)) = (&err, unsent) else {
        return Err(failed(err));
    };
    let Some(fallback) = backend.try_acquire_other(&endpoint) else {
        return Err(failed(err));
    };
    tracing::debug!(
        revision = backend.revision(),
        endpoint = %endpoint.authority,
        next = %fallback.authority,
        error = ?err,
        "instance refused the connection, trying the next one"
    );
    routed.hold(fallback.clone());
    *answered = Some(fallback.authority.clone());
    send_to(fallback.addr(), outgoing)
        .await
        .map_err(|(err, _)| failed(err))
}

/// Sends a plain request's `head` to the instance at `addr` ([`plain::send`]).
async fn send_plain(
    addr: SocketAddr,
    pool: PoolConfig,
    head: Vec<u8>,
    head_request: bool,
) -> Sent<Vec<u8>, (PlainHead, PlainBody)> {
    match plain::send(addr, pool, &head, head_request).await {
        Ok(response) => Ok(response),
        Err(err @ UpstreamError::Connect(_)) => Err((err, Some(head))),
        Err(err) => Err((err, None)),
    }
}

/// Sends `req` to the instance at `addr` through hyper's client ([`upstream::send`]).
async fn send_hyper(
    addr: SocketAddr,
    pool: PoolConfig,
    req: Request<Incoming>,
) -> Sent<Request<Incoming>, (Response<ResponseBody>, Option<Lease>)> {
    let (response, lease) = upstream::send(addr, pool, req).await?;
    Ok((response.map(ResponseBody::Hyper), Some(lease)))
}

/// Sends `req` to the h2c instance at `addr` ([`upstream::send_h2c`]); the
/// response is passed on as HTTP/1.1 to an HTTP/1.1 client (hyper's HTTP/2
/// server ignores the version).
async fn send_h2c(
    addr: SocketAddr,
    dialer: Option<&'static dyn Dial>,
    req: Request<Incoming>,
) -> Sent<Request<Incoming>, (Response<ResponseBody>, Option<Lease>)> {
    let mut response = upstream::send_h2c(addr, dialer, req).await?;
    *response.version_mut() = Version::HTTP_11;
    Ok((response.map(ResponseBody::Hyper), None))
}

/// Joins the client's and the instance's upgraded connections, until either
/// closes or nothing crosses in either direction for `idle` (the revision's
/// timeout, as Envoy's stream idle timeout and Knative's idle timeout close a
/// quiet WebSocket): an idle tunnel must not hold the instance's permit for ever.
async fn tunnel(client: OnUpgrade, upstream: OnUpgrade, revision: String, idle: Duration) {
    let (client, upstream) = match tokio::try_join!(client, upstream) {
        Ok(both) => both,
        Err(err) => {
            tracing::debug!(%revision, %err, "upgrade did not complete");
            return;
        }
    };
    let activity = Arc::new(Activity::new());
    let mut client = Stamped {
        io: TokioIo::new(client),
        activity: activity.clone(),
    };
    let mut upstream = Stamped {
        io: TokioIo::new(upstream),
        activity: activity.clone(),
    };
    let copy = tokio::io::copy_bidirectional(&mut client, &mut upstream);
    tokio::pin!(copy);
    loop {
        let quiet_until = activity.last() + idle;
        tokio::select! {
            copied = &mut copy => {
                match copied {
                    Ok((up, down)) => tracing::debug!(%revision, up, down, "upgraded connection closed"),
                    Err(err) => tracing::debug!(%revision, %err, "upgraded connection failed"),
                }
                return;
            }
            () = tokio::time::sleep_until(quiet_until) => {
                if activity.last() + idle <= Instant::now() {
                    tracing::debug!(%revision, ?idle, "upgraded connection idle for the revision's timeout; closed");
                    return;
                }
            }
        }
    }
}

/// When bytes last crossed a tunnel, in either direction.
struct Activity {
    epoch: Instant,
    /// Nanoseconds from `epoch`.
    last: std::sync::atomic::AtomicU64,
}

impl Activity {
    fn new() -> Activity {
        Activity {
            epoch: Instant::now(),
            last: std::sync::atomic::AtomicU64::new(0),
        }
    }

    fn stamp(&self) {
        let since = Instant::now().saturating_duration_since(self.epoch);
        let nanos = u64::try_from(since.as_nanos()).unwrap_or(u64::MAX);
        self.last.store(nanos, Ordering::Relaxed);
    }

    fn last(&self) -> Instant {
        self.epoch + Duration::from_nanos(self.last.load(Ordering::Relaxed))
    }
}

/// One side of a tunnel, stamping [`Activity`] whenever bytes cross it.
struct Stamped<T> {
    io: T,
    activity: Arc<Activity>,
}

impl<T: tokio::io::AsyncRead + Unpin> tokio::io::AsyncRead for Stamped<T> {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut tokio::io::ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        let this = self.get_mut();
        let before = buf.filled().len();
        let polled = Pin::new(&mut this.io).poll_read(cx, buf);
        if buf.filled().len() > before {
            this.activity.stamp();
        }
        polled
    }
}

impl<T: tokio::io::AsyncWrite + Unpin> tokio::io::AsyncWrite for Stamped<T> {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        data: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        let this = self.get_mut();
        let polled = Pin::new(&mut this.io).poll_write(cx, data);
        if matches!(polled, Poll::Ready(Ok(n)) if n > 0) {
            this.activity.stamp();
        }
        polled
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.get_mut().io).poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.get_mut().io).poll_shutdown(cx)
    }
}

/// The host the client asked for: the URI authority (HTTP/2, absolute-form
/// HTTP/1) or else the `Host` header.
fn request_host(req: &Request<Incoming>, domain: &str) -> Result<HeaderValue, ProxyError> {
    let mut hosts = req.headers().get_all(HOST).iter();
    let host = hosts.next();
    // RFC 9112 §3.2: more than one Host is a 400; the router and the app
    // could each read a different one.
    if hosts.next().is_some() {
        return Err(ProxyError::DuplicateHost {
            count: req.headers().get_all(HOST).iter().count(),
            domain: domain.to_owned(),
        });
    }
    let missing = || ProxyError::MissingHost {
        domain: domain.to_owned(),
    };
    if let Some(authority) = req.uri().authority() {
        let host = authority.as_str();
        let host = host.rsplit_once('@').map_or(host, |(_, host)| host);
        return HeaderValue::from_str(host).map_err(|_| missing());
    }
    host.cloned().ok_or_else(missing)
}

/// The answer to an ACME HTTP-01 validation request for a token in progress (whatever
/// the host: the name being validated need not be a service's).
pub(crate) fn acme_http01_answer(serving: &Serving, path: &str) -> Option<Response<ResponseBody>> {
    let key_authorization = serving.inner.config.acme_challenges.http01_answer(path)?;
    tracing::info!(path, "answered an ACME HTTP-01 validation request");
    let mut response = Response::new(ResponseBody::Page(Full::new(Bytes::from(key_authorization))));
    response.headers_mut().insert(
        CONTENT_TYPE,
        HeaderValue::from_static("application/octet-stream"),
    );
    Some(response)
}

fn error_response(err: &ProxyError) -> Response<ResponseBody> {
    tracing::debug!(status = err.status().as_u16(), fault = ?err.fault(), "{err}");
    let mut message = err.to_string();
    message.push('\n');
    let mut response = Response::new(ResponseBody::Page(Full::new(Bytes::from(message))));
    *response.status_mut() = err.status();
    response.headers_mut().insert(
        CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    if let Some(seconds) = err.retry_after() {
        response
            .headers_mut()
            .insert(RETRY_AFTER, HeaderValue::from(seconds));
    }
    response
}
