//! runlane's data plane: the HTTP router that sends each request for
//! `SERVICE.DOMAIN` (or `TAG---SERVICE.DOMAIN`) to an instance of the right
//! revision.
//!
//! The controller builds an immutable [`RouteTable`] from the services'
//! traffic and [`Router::publish`]es it; the runtime reports each revision's
//! ready instances through [`RevisionBackend::set_endpoints`]. The request
//! path takes no lock: the table and the endpoint lists are behind `ArcSwap`,
//! the split is a precomputed [`runlane_model::split::SplitSequence`] indexed
//! by one atomic counter per service, each instance's containerConcurrency is
//! an atomic in-flight counter taken with one compare-and-swap, and status and
//! demand counters are sharded. Only a request that finds every instance full
//! (or none) waits, in the revision's bounded queue ([`Router::queued`] tells
//! the autoscaler at once).
//!
//! Layers, bottom first; a module names only modules below it (no two import
//! each other; `tests/layers.rs` reads the sources and holds this), so a
//! request's walk enters each module once, going down:
//!
//! 1. Protocol. `h1`: HTTP/1 framing as the router speaks it, knowing nothing of
//!    routes, revisions or pools: `h1::headers`, the one hop-by-hop table
//!    (`Field`), stripping, and `Forwarded`/`X-Forwarded-*` over a `HeaderMap` or
//!    a plain request's raw fields; `h1::request`, a client's request head parsed
//!    in place; `h1::response`, a response head and body written to a client;
//!    `h1::instance`, an instance's response head and chunked body read by hand;
//!    `h1::timer`, the deadlines a connection waits on; `h1::rewind`, bytes read
//!    ahead and read again.
//! 2. Foundations. `counters` (sharded atomics); `invoker`: [`InvokerTokens`], the
//!    bearer-token check for private services (pure); `error`: [`ProxyError`],
//!    whose fault it was and which status it becomes; `dial`: [`Dial`], a way to
//!    reach some instances other than by their address (the runtime's: a
//!    container's own loopback), and opening a connection to an instance; `tls`:
//!    [`tls::Certificates`], PEM certificate pairs picked by SNI and reloaded when
//!    their files change, with the certificates ACME issued (the admin API uses
//!    the same set), and [`tls::Challenges`], ACME's HTTP-01 and TLS-ALPN-01
//!    answers; `config`: [`RouterConfig`], the knobs and their defaults.
//! 3. Routing. `backend`: [`RevisionBackend`], a revision's endpoints with their
//!    in-flight permits, the bounded queue, draining ([`RevisionBackend::drained`]),
//!    demand for the autoscaler ([`Demand`]) and counters; `table`: [`RouteTable`]
//!    and host → revision resolution (pure); `connection_cap`: the cap on open client
//!    connections, and which one gives way at it.
//! 4. Forwarding. `plain`: a plain request (GET or HEAD, no body, no upgrade) sent
//!    and its response read by hand on connections pooled per serving thread,
//!    inside the request's own task; `upstream`: everything else, through hyper's
//!    client, pooled per serving thread (HTTP/1.1) or multiplexed (h2c); `body`:
//!    what the client gets, the instance's body or an error page; `telemetry`:
//!    per-request metrics and request log entries (runlane-telemetry), recorded
//!    when the response ends.
//! 5. Serving. `serving`: what one `serve` call's connections share (table,
//!    configuration, drain and cut signals); `proxy`: one request, from routing to
//!    the upstream response or an error page; `front`: one client connection,
//!    plain requests read and answered by hand, anything else handed with the
//!    connection to hyper's server; `https`: TLS connections (handshake on the
//!    serving thread, then hyper with `proxy::handle`, HSTS) and the plain
//!    listeners' 308 redirect to HTTPS; `server`: [`Router`], its serving threads
//!    (one event loop each), accept loops (plain, redirecting to HTTPS, or TLS)
//!    and graceful shutdown.
//!
//! Invariants: the router never touches the database or the runtime; it only
//! reads what it was given. No instance ever has more requests in flight than
//! its revision's containerConcurrency; an instance out of the endpoint list
//! gets no new request. Responses reach the client as the app sent them,
//! minus hop-by-hop headers.
#![forbid(unsafe_code)]

mod backend;
mod body;
mod connection_cap;
mod config;
mod counters;
mod dial;
mod error;
mod front;
mod h1;
mod https;
mod invoker;
mod plain;
mod proxy;
mod server;
mod serving;
mod table;
mod telemetry;
pub mod tls;
mod upstream;

pub use backend::{Demand, RevisionBackend, StatusCounts};
pub use config::{router_connection_cap, RouterConfig, DEFAULT_QUEUE_DEPTH};
pub use dial::{Dial, Dialing};
pub use error::{Fault, ProxyError, RouteTableError};
pub use invoker::{InvokerDenied, InvokerTokens, REDACTED as REDACTED_TOKEN};
pub use server::{Https, Router, ServingThreads};
pub use table::{RouteChange, RouteTable, ServiceRoute};
