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
//! Code map:
//! - `config`: [`RouterConfig`], the knobs and their defaults.
//! - `table`: [`RouteTable`] and host → revision resolution (pure).
//! - `backend`: [`RevisionBackend`], a revision's endpoints with their in-flight
//!   slots, the bounded queue, draining ([`RevisionBackend::drained`]), demand
//!   for the autoscaler ([`Demand`]) and counters.
//! - `front`: one client connection: plain requests read and answered by hand,
//!   anything else handed with the connection to hyper's server.
//! - `proxy`: one request, from routing to the upstream response or an error page.
//! - `invoker`: [`InvokerTokens`], the bearer-token check for private services (pure).
//! - `headers`: the one hop-by-hop table, stripping, and `Forwarded`/`X-Forwarded-*`, over a
//!   `HeaderMap` or a plain request's raw fields (pure).
//! - `dial`: [`Dial`], a way to reach some instances other than by their address (the
//!   runtime's: a container's own loopback).
//! - `upstream`: keep-alive connections to instances through hyper's client,
//!   pooled per serving thread.
//! - `plain`: the path for plain requests (GET or HEAD, no body, no upgrade):
//!   head written and response read by hand on connections pooled per serving
//!   thread, inside the request's own task.
//! - `error`: [`ProxyError`], whose fault it was, and which status it becomes.
//! - `server`: [`Router`], its serving threads (one event loop each), accept
//!   loops (plain, redirecting to HTTPS, or TLS) and graceful shutdown.
//! - `https`: TLS connections (handshake on the serving thread, then hyper with
//!   `proxy::handle`, HSTS) and the plain listeners' 308 redirect to HTTPS.
//! - `tls`: [`tls::Certificates`], PEM certificate pairs picked by SNI and
//!   reloaded when their files change, with the certificates ACME issued; the admin API
//!   uses the same set. [`tls::Challenges`]: ACME's HTTP-01 and TLS-ALPN-01 answers.
//! - `telemetry`: per-request metrics and request log entries (runlane-telemetry).
//!
//! Invariants: the router never touches the database or the runtime; it only
//! reads what it was given. No instance ever has more requests in flight than
//! its revision's containerConcurrency; an instance out of the endpoint list
//! gets no new request. Responses reach the client as the app sent them,
//! minus hop-by-hop headers.
#![forbid(unsafe_code)]

mod backend;
mod client_slots;
mod config;
mod counters;
mod dial;
mod error;
mod front;
mod headers;
mod https;
mod invoker;
mod plain;
mod proxy;
mod server;
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
