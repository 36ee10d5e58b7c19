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

use tokio::net::TcpStream;

/// A connection being opened another way.
pub type Dialing = Pin<Box<dyn Future<Output = io::Result<TcpStream>> + Send>>;

/// Opens connections to the instance addresses it knows how to reach.
pub trait Dial: Debug + Send + Sync + 'static {
    /// A connection to the instance whose endpoint is `addr`, or `None` when the
    /// router should connect to `addr` itself.
    fn dial(&self, addr: SocketAddr) -> Option<Dialing>;
}
