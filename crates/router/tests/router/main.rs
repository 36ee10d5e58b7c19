//! End-to-end tests of the router over real loopback sockets: a router on
//! port 0, tiny hyper backends on port 0 that answer their own name, and
//! hyper clients (HTTP/1.1 and h2c) or raw TCP in front.
//!
//! Module index:
//! - `support`: backends, router harness, clients, polling helper.
//! - `split`: exact weighted splits under concurrent clients.
//! - `routing`: tag URLs, unknown hosts and tags, bad Host headers.
//! - `switch`: publish() swaps tables atomically; old in-flight requests finish.
//! - `hold`: requests wait for a revision's first endpoint, or get 503.
//! - `concurrency`: containerConcurrency per instance, the bounded queue, 429.
//! - `upstream_errors`: 502 on refused connections, retry on the next endpoint, 504.
//! - `protocols`: streamed bodies, h2c clients, upgrade pass-through.
//! - `forwarding`: hop-by-hop stripping and Forwarded/X-Forwarded-* headers.
//! - `invoker`: private services, invoker tokens, redaction.
//! - `shutdown`: graceful drain of in-flight requests.
//! - `hardening`: broken instance responses recorded as 502,
//!   permits held past the timeout, FIFO queue, exact split, one Host, bounded reads.
//! - `connections`: client connections on the wire: pipelining across the
//!   hand-over to hyper, `Connection: close`, idle timeout, chunking, draining.

mod concurrency;
mod connections;
mod forwarding;
mod hardening;
mod hold;
mod invoker;
mod protocols;
mod routing;
mod shutdown;
mod split;
mod support;
mod switch;
mod upstream_errors;
