//! One request through the router: pick the revision from the host, wait for
//! an instance if there is none yet, forward with rewritten headers, and
//! hand back the instance's response (or join both sides of an upgrade).
//!
//! Timeouts: the revision's `timeout` covers connecting, sending the request
//! head and waiting for the response head, including the one retry on a
//! refused connection. It does not cover streaming the response body or an
//! upgraded connection, which may legitimately run longer (server-sent
//! events, WebSockets). Time spent waiting for a first instance is bounded
//! separately by the router's hold timeout.

use std::net::SocketAddr;
use std::sync::Arc;

use bytes::Bytes;
use http::header::{HeaderValue, CONTENT_TYPE, HOST};
use http::uri::{self, PathAndQuery, Scheme};
use http::{HeaderMap, Method, Request, Response, StatusCode, Uri, Version};
use http_body_util::{Either, Full};
use hyper::body::Incoming;
use hyper::upgrade::OnUpgrade;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioIo;
use tokio::time::Instant;

use crate::backend::{Endpoint, RevisionBackend};
use crate::body::UpstreamBody;
use crate::error::ProxyError;
use crate::headers;
use crate::server::Serving;
use crate::telemetry::{self, Completion, RecordedBody, RequestMeta};

/// What the client gets: the instance's streamed body or a router error page.
pub(crate) type ResponseBody = Either<Incoming, Full<Bytes>>;

/// Pooled keep-alive HTTP/1.1 connections to instances.
pub(crate) type UpstreamClient = Client<HttpConnector, UpstreamBody>;

/// Answers one client request; never fails, errors become error pages.
/// A request routed to a revision is recorded when its response ends.
pub(crate) async fn handle(
    serving: &Serving,
    req: Request<Incoming>,
    peer: SocketAddr,
) -> Response<RecordedBody> {
    let start = Instant::now();
    let routed = {
        let table = serving.inner.table.load();
        request_host(&req)
            .ok_or_else(|| ProxyError::MissingHost {
                domain: table.domain().to_owned(),
            })
            .and_then(|host| match host.to_str() {
                Ok(name) => table
                    .route(name)
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
    let (backend, picked) = endpoint_following_table(serving, backend, &host).await;
    let sink = &serving.inner.telemetry;
    let started = sink.start(backend.recorder());
    let meta = sink
        .wants_logs()
        .then(|| Box::new(RequestMeta::of(&req, &host, peer)));
    let request_bytes = telemetry::request_bytes(req.headers());
    let mut upstream = None;
    let forwarded = match picked {
        Ok(picked) => forward(serving, &backend, picked, req, host, peer, &mut upstream).await,
        Err(err) => Err(err),
    };
    let response = match forwarded {
        Ok(response) => response,
        Err(err) => error_response(&err),
    };
    backend.record(response.status());
    let completion = Completion {
        backend,
        started,
        sink: sink.clone(),
        start,
        status: response.status().as_u16(),
        request_bytes,
        meta,
        upstream,
    };
    response.map(|body| RecordedBody::new(body, Some(completion)))
}

type Picked = (Endpoint, Option<Endpoint>);

/// An endpoint of the routed revision, waiting (up to the hold timeout) while it has
/// none. If a new route table is published meanwhile, the request is routed again by
/// it: a request held for a revision that the new table replaced (a deploy that
/// became ready, a rollback) goes where the new table sends it.
async fn endpoint_following_table(
    serving: &Serving,
    mut backend: Arc<RevisionBackend>,
    host: &HeaderValue,
) -> (Arc<RevisionBackend>, Result<Picked, ProxyError>) {
    if let Some(picked) = backend.try_pick() {
        return (backend, Ok(picked));
    }
    let hold = serving.inner.config.hold_timeout;
    let deadline = Instant::now() + hold;
    loop {
        let rerouted = {
            let _held = backend.hold();
            let endpoints = backend.endpoints_changed();
            let table = serving.inner.table_changed.notified();
            tokio::pin!(endpoints, table);
            // Register before checking, so a change between the check and the wait is not missed.
            endpoints.as_mut().enable();
            table.as_mut().enable();
            if let Some(picked) = backend.try_pick() {
                return (backend.clone(), Ok(picked));
            }
            tokio::select! {
                () = &mut endpoints => false,
                () = &mut table => true,
                () = tokio::time::sleep_until(deadline) => return (backend.clone(), Err(backend.no_endpoint(hold))),
            }
        };
        if rerouted {
            let table = serving.inner.table.load();
            let name = host.to_str().unwrap_or_default();
            match table.route(name) {
                Ok(next) => backend = next.clone(),
                Err(err) => return (backend, Err(err)),
            }
        }
    }
}

async fn forward(
    serving: &Serving,
    backend: &RevisionBackend,
    (endpoint, fallback): Picked,
    mut req: Request<Incoming>,
    host: HeaderValue,
    peer: SocketAddr,
    upstream: &mut Option<uri::Authority>,
) -> Result<Response<ResponseBody>, ProxyError> {
    *upstream = Some(endpoint.authority.clone());

    let upgrade = req.version() == Version::HTTP_11 && headers::wants_upgrade(req.headers());
    let client_upgrade = upgrade.then(|| hyper::upgrade::on(&mut req));

    let (parts, body) = req.into_parts();
    let mut headers = parts.headers;
    headers::strip_hop_by_hop(&mut headers, upgrade);
    headers::add_forwarded(&mut headers, peer.ip(), &host);
    headers.insert(HOST, host);
    let path = parts
        .uri
        .path_and_query()
        .cloned()
        .unwrap_or_else(|| PathAndQuery::from_static("/"));
    let outgoing = Outgoing {
        method: parts.method,
        headers,
        path,
    };

    let send = send(
        &serving.inner.client,
        backend,
        outgoing,
        body,
        endpoint,
        fallback,
        upstream,
    );
    let mut response = tokio::time::timeout(backend.timeout(), send)
        .await
        .map_err(|_| ProxyError::Timeout {
            revision: backend.revision().to_owned(),
            timeout: backend.timeout(),
        })??;

    match client_upgrade {
        Some(client_upgrade) if response.status() == StatusCode::SWITCHING_PROTOCOLS => {
            let upstream_upgrade = hyper::upgrade::on(&mut response);
            headers::strip_hop_by_hop(response.headers_mut(), true);
            serving.spawn_tunnel(tunnel(
                client_upgrade,
                upstream_upgrade,
                backend.revision().to_owned(),
            ));
        }
        _ => headers::strip_hop_by_hop(response.headers_mut(), false),
    }
    Ok(response.map(Either::Left))
}

/// The parts of a request needed to send it again.
struct Outgoing {
    method: Method,
    headers: HeaderMap,
    path: PathAndQuery,
}

impl Outgoing {
    fn request(self, endpoint: &Endpoint, body: UpstreamBody) -> Request<UpstreamBody> {
        let mut uri = uri::Parts::default();
        uri.scheme = Some(Scheme::HTTP);
        uri.authority = Some(endpoint.authority.clone());
        uri.path_and_query = Some(self.path);
        let mut req = Request::new(body);
        *req.method_mut() = self.method;
        *req.uri_mut() = Uri::from_parts(uri).expect("scheme, authority and path make a URI");
        *req.version_mut() = Version::HTTP_11;
        *req.headers_mut() = self.headers;
        req
    }
}

/// Sends to `endpoint`; if that connection is refused and there is another
/// endpoint, sends once more there (the request never left, so this is safe
/// whatever the method).
async fn send(
    client: &UpstreamClient,
    backend: &RevisionBackend,
    outgoing: Outgoing,
    body: Incoming,
    endpoint: Endpoint,
    fallback: Option<Endpoint>,
    answered: &mut Option<uri::Authority>,
) -> Result<Response<Incoming>, ProxyError> {
    let failed = |err| ProxyError::from_upstream(backend.revision(), err);
    let Some(fallback) = fallback else {
        let req = outgoing.request(&endpoint, UpstreamBody::direct(body));
        return client.request(req).await.map_err(failed);
    };

    let again = Outgoing {
        method: outgoing.method.clone(),
        headers: outgoing.headers.clone(),
        path: outgoing.path.clone(),
    };
    let (upstream, reclaim) = UpstreamBody::replayable(body);
    let err = match client.request(outgoing.request(&endpoint, upstream)).await {
        Ok(response) => return Ok(response),
        Err(err) => err,
    };
    if !err.is_connect() {
        return Err(failed(err));
    }
    let Some(body) = reclaim.take() else {
        return Err(failed(err));
    };
    tracing::debug!(
        revision = backend.revision(),
        endpoint = %endpoint.authority,
        next = %fallback.authority,
        error = %err,
        "instance refused the connection, trying the next one"
    );
    *answered = Some(fallback.authority.clone());
    let req = again.request(&fallback, UpstreamBody::direct(body));
    client.request(req).await.map_err(failed)
}

/// Joins the client's and the instance's upgraded connections.
async fn tunnel(client: OnUpgrade, upstream: OnUpgrade, revision: String) {
    let (client, upstream) = match tokio::try_join!(client, upstream) {
        Ok(both) => both,
        Err(err) => {
            tracing::debug!(%revision, %err, "upgrade did not complete");
            return;
        }
    };
    let mut client = TokioIo::new(client);
    let mut upstream = TokioIo::new(upstream);
    match tokio::io::copy_bidirectional(&mut client, &mut upstream).await {
        Ok((up, down)) => tracing::debug!(%revision, up, down, "upgraded connection closed"),
        Err(err) => tracing::debug!(%revision, %err, "upgraded connection failed"),
    }
}

/// The host the client asked for: the URI authority (HTTP/2, absolute-form
/// HTTP/1) or else the `Host` header.
fn request_host(req: &Request<Incoming>) -> Option<HeaderValue> {
    if let Some(authority) = req.uri().authority() {
        let host = authority.as_str();
        let host = host.rsplit_once('@').map_or(host, |(_, host)| host);
        return HeaderValue::from_str(host).ok();
    }
    req.headers().get(HOST).cloned()
}

fn error_response(err: &ProxyError) -> Response<ResponseBody> {
    tracing::debug!(status = err.status().as_u16(), fault = ?err.fault(), "{err}");
    let mut message = err.to_string();
    message.push('\n');
    let mut response = Response::new(Either::Right(Full::new(Bytes::from(message))));
    *response.status_mut() = err.status();
    response.headers_mut().insert(
        CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    response
}
