//! How the router opens a connection to an instance. Most instances are reached at
//! their address directly; a [`Dial`] given in [`crate::RouterConfig::dialer`] may
//! reach some another way. The runtime uses it for containers: a socket made inside
//! the container's network namespace reaches the app over that namespace's loopback,
//! as Knative's queue-proxy does inside a pod, instead of through the veth pair and a
//! second network stack on every packet.

use std::fmt::Debug;
use std::future::Future;
use std::io;
use std::net::SocketAddr;
use std::pin::Pin;
use std::time::Duration;

use tokio::net::TcpStream;

use crate::error::UpstreamError;

/// A connection being opened another way.
pub type Dialing = Pin<Box<dyn Future<Output = io::Result<TcpStream>> + Send>>;

/// Opens connections to the instance addresses it knows how to reach.
pub trait Dial: Debug + Send + Sync + 'static {
    /// A connection to the instance whose endpoint is `addr`, or `None` when the
    /// router should connect to `addr` itself.
    fn dial(&self, addr: SocketAddr) -> Option<Dialing>;
}

/// Pool settings, copied from the router's configuration.
#[derive(Clone, Copy, Debug)]
pub(crate) struct PoolConfig {
    pub(crate) idle_timeout: Duration,
    pub(crate) max_idle_per_instance: usize,
    pub(crate) dialer: Option<&'static dyn Dial>,
}

/// A new connection to the instance at `addr`, with Nagle's algorithm off (a
/// request head is one write; waiting to coalesce it only adds latency).
pub(crate) async fn open(
    addr: SocketAddr,
    dialer: Option<&'static dyn Dial>,
) -> Result<TcpStream, UpstreamError> {
    let dialing = dialer.and_then(|dialer| dialer.dial(addr));
    let stream = match dialing {
        Some(dialing) => dialing.await,
        None => TcpStream::connect(addr).await,
    }
    .map_err(UpstreamError::Connect)?;
    if let Err(err) = stream.set_nodelay(true) {
        tracing::debug!(%addr, %err, "could not set TCP_NODELAY on an upstream connection");
    }
    Ok(stream)
}
