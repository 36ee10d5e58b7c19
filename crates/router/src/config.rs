//! The router's settings, as one plain struct with documented defaults, so the
//! binary can fill it from flags and tests can shrink the timeouts.

use std::time::Duration;

/// How long a request waits for a revision with no ready instance by default.
pub const DEFAULT_HOLD_TIMEOUT: Duration = Duration::from_secs(10);
/// Requests that may wait per revision by default (for a first instance, or for a
/// free permit when every instance serves its containerConcurrency); more get 429.
pub const DEFAULT_QUEUE_DEPTH: usize = 1000;
/// Largest request head accepted by default (HTTP/1 read buffer, HTTP/2 header list).
pub const DEFAULT_MAX_HEADER_BYTES: usize = 64 * 1024;
/// How long a client may take to send a complete request head by default.
pub const DEFAULT_HEADER_READ_TIMEOUT: Duration = Duration::from_secs(30);
/// How long `serve` lets in-flight requests finish after shutdown by default.
pub const DEFAULT_DRAIN_TIMEOUT: Duration = Duration::from_secs(30);
/// How long an idle upstream connection stays pooled by default.
pub const DEFAULT_UPSTREAM_IDLE_TIMEOUT: Duration = Duration::from_secs(90);
/// How many idle upstream connections are kept per instance by default.
pub const DEFAULT_UPSTREAM_MAX_IDLE_PER_INSTANCE: usize = 512;

/// hyper refuses an HTTP/1 read buffer smaller than this.
const MIN_HTTP1_BUFFER: usize = 8 * 1024;

/// Everything [`crate::Router::new`] needs.
#[derive(Clone, Debug)]
pub struct RouterConfig {
    /// Services answer at `SERVICE.DOMAIN`, tags at `TAG---SERVICE.DOMAIN`.
    /// Used for the empty table a new router starts with; each published
    /// [`crate::RouteTable`] carries its own.
    pub domain: String,
    /// How long a request for a revision with no ready instance (or none with a
    /// free permit) waits for one before it gets a 503.
    pub hold_timeout: Duration,
    /// How many requests may wait per revision (for a first instance, or for a permit
    /// when every instance is at its containerConcurrency); the next ones get 429.
    /// Waiting requests are bounded by `hold_timeout` too.
    pub queue_depth: usize,
    /// Largest request head accepted; larger ones get 431. At least 8 KiB is used.
    pub max_header_bytes: usize,
    /// A client that has not sent a whole request head in this time is disconnected.
    pub header_read_timeout: Duration,
    /// After shutdown, in-flight requests and upgraded connections get this
    /// long to finish before they are cut.
    pub drain_timeout: Duration,
    /// How long an idle keep-alive connection to an instance is kept.
    pub upstream_idle_timeout: Duration,
    /// How many idle keep-alive connections are kept per instance, by each
    /// serving thread (each keeps its own pool).
    pub upstream_max_idle_per_instance: usize,
    /// Tokens that may call a private service (one the route table restricts).
    pub invoker_tokens: crate::invoker::InvokerTokens,
    /// Threads that serve connections, each with its own event loop and its own
    /// pool of upstream connections. At least one is used.
    pub serving_threads: usize,
    /// Most client connections open at once, so that they cannot take the file
    /// descriptors the API, the upstream connections and the data dir need: at the
    /// cap a new connection takes the place of the oldest idle one, and with none
    /// idle it waits in the listen backlog until one closes (`connection_cap`).
    /// `router_connection_cap` sizes it from the open-file limit.
    pub max_connections: usize,
    /// Opens connections to the instances it knows another way to reach (see
    /// [`crate::Dial`]); the rest are connected to directly.
    pub dialer: Option<std::sync::Arc<dyn crate::dial::Dial>>,
    /// ACME challenges in progress: HTTP-01 tokens are answered on every listener
    /// (before routing and before the redirect to HTTPS), TLS-ALPN-01 certificates by
    /// the HTTPS listeners' certificate resolver.
    pub acme_challenges: std::sync::Arc<crate::tls::Challenges>,
}

/// The router's share of the open-file limit `nofile`: three eighths (each proxied
/// request also holds an upstream connection, and the API has its own eighth), at
/// least 64.
pub fn router_connection_cap(nofile: u64) -> usize {
    usize::try_from(nofile.saturating_mul(3) / 8).unwrap_or(usize::MAX).max(64)
}

impl RouterConfig {
    /// The defaults above, for `domain`.
    pub fn new(domain: impl Into<String>) -> Self {
        RouterConfig {
            domain: domain.into(),
            hold_timeout: DEFAULT_HOLD_TIMEOUT,
            queue_depth: DEFAULT_QUEUE_DEPTH,
            max_header_bytes: DEFAULT_MAX_HEADER_BYTES,
            header_read_timeout: DEFAULT_HEADER_READ_TIMEOUT,
            drain_timeout: DEFAULT_DRAIN_TIMEOUT,
            upstream_idle_timeout: DEFAULT_UPSTREAM_IDLE_TIMEOUT,
            upstream_max_idle_per_instance: DEFAULT_UPSTREAM_MAX_IDLE_PER_INSTANCE,
            invoker_tokens: crate::invoker::InvokerTokens::default(),
            serving_threads: std::thread::available_parallelism().map_or(1, usize::from),
            max_connections: tokio::sync::Semaphore::MAX_PERMITS,
            dialer: None,
            acme_challenges: std::sync::Arc::default(),
        }
    }

    pub(crate) fn http1_buffer(&self) -> usize {
        self.max_header_bytes.max(MIN_HTTP1_BUFFER)
    }

    pub(crate) fn http2_header_list(&self) -> u32 {
        u32::try_from(self.max_header_bytes).unwrap_or(u32::MAX)
    }
}

impl Default for RouterConfig {
    /// The defaults, for the domain `localhost`.
    fn default() -> Self {
        RouterConfig::new("localhost")
    }
}
