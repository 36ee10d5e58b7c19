//! Keep-alive HTTP/1.1 connections to instances, pooled per serving thread.
//!
//! Each serving thread keeps its own idle connections (a thread-local map from
//! instance address to a stack of connections), so taking one and giving it
//! back touches no lock and no other thread's memory, and a connection's
//! driving task runs on the same thread as the requests that use it. A
//! connection goes back to the pool when the response that used it has been
//! read to its end (see [`Lease`]); one whose response was cut short, or that
//! was upgraded, is closed instead. Idle connections older than the idle
//! timeout are dropped when met, and by a sweep every few seconds.
//!
//! A request sent on a pooled connection that the instance had already closed
//! comes back unsent from hyper; it is sent once more on a new connection.

use std::cell::RefCell;
use std::collections::HashMap;
use std::net::SocketAddr;
use std::time::Duration;

use http::{Request, Response};
use hyper::body::Incoming;
use hyper::client::conn::http1::{self, SendRequest};
use hyper::client::conn::http2;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use tokio::time::Instant;

use crate::dial::{open, Dial, PoolConfig};
use crate::error::UpstreamError;

struct Idle {
    sender: SendRequest<Incoming>,
    since: Instant,
}

thread_local! {
    static IDLE: RefCell<HashMap<SocketAddr, Vec<Idle>>> = RefCell::new(HashMap::new());
}

/// The connection a response is being read from; give it back with
/// [`Lease::release`] once that response has ended, or drop it to close it.
#[derive(Debug)]
pub(crate) struct Lease {
    sender: SendRequest<Incoming>,
    addr: SocketAddr,
    config: PoolConfig,
}

impl Lease {
    /// Returns the connection to this thread's pool (or closes it if the pool
    /// for its instance is full or the connection is closing).
    pub(crate) fn release(self) {
        if self.sender.is_closed() || self.config.max_idle_per_instance == 0 {
            return;
        }
        let idle = Idle {
            sender: self.sender,
            since: Instant::now(),
        };
        IDLE.with(|pool| {
            let mut pool = pool.borrow_mut();
            let stack = pool.entry(self.addr).or_default();
            if stack.len() < self.config.max_idle_per_instance {
                stack.push(idle);
            }
        });
    }
}

/// Sends `req` to the instance at `addr` on a pooled connection or a new one.
/// On a connect error the request is handed back, never sent, so the caller
/// may try another instance.
pub(crate) async fn send(
    addr: SocketAddr,
    config: PoolConfig,
    mut req: Request<Incoming>,
) -> Result<(Response<Incoming>, Lease), (UpstreamError, Option<Request<Incoming>>)> {
    if let Some(mut sender) = checkout(addr, config) {
        match sender.try_send_request(req).await {
            Ok(response) => {
                return Ok((
                    response,
                    Lease {
                        sender,
                        addr,
                        config,
                    },
                ))
            }
            Err(mut err) => match err.take_message() {
                // The instance closed this idle connection before the request was
                // written: it never left, so a new connection may carry it.
                Some(unsent) => req = unsent,
                None => return Err((UpstreamError::Send(err.into_error()), None)),
            },
        }
    }
    // Boxed: connecting is the cold path, and its futures would enlarge every
    // request's future.
    let mut sender = match Box::pin(connect(addr, config.dialer)).await {
        Ok(sender) => sender,
        Err(err) => return Err((err, Some(req))),
    };
    match sender.send_request(req).await {
        Ok(response) => Ok((
            response,
            Lease {
                sender,
                addr,
                config,
            },
        )),
        Err(err) => Err((UpstreamError::Send(err), None)),
    }
}

/// The most recently used idle connection to `addr` that can take a request.
fn checkout(addr: SocketAddr, config: PoolConfig) -> Option<SendRequest<Incoming>> {
    loop {
        let idle = IDLE.with(|pool| pool.borrow_mut().get_mut(&addr).and_then(Vec::pop))?;
        if idle.sender.is_closed() || idle.since.elapsed() > config.idle_timeout {
            continue;
        }
        // A connection is given back when its response ended, and by then its
        // task has turned to the next request. One that has not (still sending
        // the body of a request the instance answered early) is closed rather
        // than waited for.
        if idle.sender.is_ready() {
            return Some(idle.sender);
        }
    }
}

async fn connect(
    addr: SocketAddr,
    dialer: Option<&'static dyn Dial>,
) -> Result<SendRequest<Incoming>, UpstreamError> {
    let stream = open(addr, dialer).await?;
    let (sender, connection) = http1::Builder::new()
        .handshake(TokioIo::new(stream))
        .await
        .map_err(UpstreamError::Send)?;
    tokio::spawn(async move {
        if let Err(err) = connection.with_upgrades().await {
            tracing::debug!(%addr, %err, "upstream connection ended with an error");
        }
    });
    Ok(sender)
}

thread_local! {
    /// One HTTP/2 connection per h2c instance on each serving thread, shared by
    /// every request to it (streams are multiplexed; h2 flow control and the
    /// instance's SETTINGS_MAX_CONCURRENT_STREAMS bound them).
    static H2C: RefCell<HashMap<SocketAddr, http2::SendRequest<Incoming>>> = RefCell::new(HashMap::new());
}

/// Sends `req` over HTTP/2 with prior knowledge (h2c) to the instance at `addr`
/// (a revision whose port is named `h2c`, as Cloud Run's `--use-http2`), on this
/// thread's connection to it or a new one. `req` carries an absolute URI (the
/// `:scheme` and `:authority` h2 needs). On a connect error the request is
/// handed back, never sent, so the caller may try another instance.
pub(crate) async fn send_h2c(
    addr: SocketAddr,
    dialer: Option<&'static dyn Dial>,
    req: Request<Incoming>,
) -> Result<Response<Incoming>, (UpstreamError, Option<Request<Incoming>>)> {
    let pooled = H2C.with(|pool| {
        let mut pool = pool.borrow_mut();
        match pool.get(&addr) {
            Some(sender) if !sender.is_closed() => Some(sender.clone()),
            Some(_) => {
                pool.remove(&addr);
                None
            }
            None => None,
        }
    });
    let mut sender = match pooled {
        Some(sender) => sender,
        None => match Box::pin(connect_h2c(addr, dialer)).await {
            Ok(sender) => {
                H2C.with(|pool| pool.borrow_mut().insert(addr, sender.clone()));
                sender
            }
            Err(err) => return Err((err, Some(req))),
        },
    };
    sender
        .send_request(req)
        .await
        .map_err(|err| (UpstreamError::Send(err), None))
}

async fn connect_h2c(
    addr: SocketAddr,
    dialer: Option<&'static dyn Dial>,
) -> Result<http2::SendRequest<Incoming>, UpstreamError> {
    let stream = open(addr, dialer).await?;
    let (sender, connection) = http2::Builder::new(TokioExecutor::new())
        .timer(TokioTimer::new())
        .handshake(TokioIo::new(stream))
        .await
        .map_err(UpstreamError::Send)?;
    tokio::spawn(async move {
        if let Err(err) = connection.await {
            tracing::debug!(%addr, %err, "upstream h2c connection ended with an error");
        }
    });
    Ok(sender)
}

/// Drops this thread's idle connections that are closed or waited longer
/// than `idle_timeout`.
pub(crate) fn sweep(idle_timeout: Duration) {
    IDLE.with(|pool| {
        pool.borrow_mut().retain(|_, stack| {
            stack.retain(|idle| !idle.sender.is_closed() && idle.since.elapsed() <= idle_timeout);
            !stack.is_empty()
        });
    });
}

/// How many idle connections to `addr` this thread keeps (for tests).
#[cfg(test)]
fn idle_count(addr: SocketAddr) -> usize {
    IDLE.with(|pool| pool.borrow().get(&addr).map_or(0, Vec::len))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::convert::Infallible;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;

    use bytes::Bytes;
    use http_body_util::{BodyExt, Full};
    use hyper::service::service_fn;
    use tokio::net::{TcpListener, TcpStream};

    /// An app on a loopback port that counts the connections it accepted and
    /// closes each after `requests_per_connection` responses.
    async fn app(requests_per_connection: usize) -> (SocketAddr, Arc<AtomicUsize>) {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let accepted = Arc::new(AtomicUsize::new(0));
        let counter = accepted.clone();
        tokio::spawn(async move {
            loop {
                let (stream, _) = listener.accept().await.unwrap();
                counter.fetch_add(1, Ordering::SeqCst);
                tokio::spawn(async move {
                    let served = Arc::new(AtomicUsize::new(0));
                    let service = service_fn(move |_req| {
                        let n = served.fetch_add(1, Ordering::SeqCst) + 1;
                        async move {
                            let mut response = Response::new(Full::new(Bytes::from("hi")));
                            if n >= requests_per_connection {
                                response.headers_mut().insert(
                                    http::header::CONNECTION,
                                    http::HeaderValue::from_static("close"),
                                );
                            }
                            Ok::<_, Infallible>(response)
                        }
                    });
                    let _ = hyper::server::conn::http1::Builder::new()
                        .serve_connection(TokioIo::new(stream), service)
                        .await;
                });
            }
        });
        (addr, accepted)
    }

    /// A request with an empty `Incoming` body: made by sending through a
    /// one-shot local server, since `Incoming` has no public constructor.
    async fn requests(n: usize) -> Vec<Request<Incoming>> {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
        tokio::spawn(async move {
            let (stream, _) = listener.accept().await.unwrap();
            let service = service_fn(move |req: Request<Incoming>| {
                let tx = tx.clone();
                async move {
                    let mut req = Some(req);
                    let _ = tx.send(req.take().unwrap());
                    Ok::<_, Infallible>(Response::new(Full::new(Bytes::new())))
                }
            });
            let _ = hyper::server::conn::http1::Builder::new()
                .serve_connection(TokioIo::new(stream), service)
                .await;
        });
        let stream = TcpStream::connect(addr).await.unwrap();
        let (mut sender, conn) = http1::handshake::<_, Full<Bytes>>(TokioIo::new(stream))
            .await
            .unwrap();
        tokio::spawn(conn);
        let mut out = Vec::new();
        for _ in 0..n {
            let req = Request::builder()
                .uri("/")
                .header("host", "app")
                .body(Full::new(Bytes::new()))
                .unwrap();
            sender.send_request(req).await.unwrap();
            out.push(rx.recv().await.unwrap());
        }
        out
    }

    const CONFIG: PoolConfig = PoolConfig {
        idle_timeout: Duration::from_secs(60),
        max_idle_per_instance: 4,
        dialer: None,
    };

    async fn get(addr: SocketAddr, req: Request<Incoming>) -> String {
        let (response, lease) = send(addr, CONFIG, req).await.map_err(|(e, _)| e).unwrap();
        let body = response.into_body().collect().await.unwrap().to_bytes();
        lease.release();
        String::from_utf8(body.to_vec()).unwrap()
    }

    #[tokio::test]
    async fn a_released_connection_carries_the_next_request() {
        let (addr, accepted) = app(usize::MAX).await;
        for req in requests(5).await {
            assert_eq!(get(addr, req).await, "hi");
        }
        assert_eq!(accepted.load(Ordering::SeqCst), 1);
    }

    #[tokio::test]
    async fn a_connection_the_instance_closed_is_replaced() {
        // Every connection serves one response and closes.
        let (addr, accepted) = app(1).await;
        for req in requests(3).await {
            assert_eq!(get(addr, req).await, "hi");
        }
        assert_eq!(accepted.load(Ordering::SeqCst), 3);
    }

    #[tokio::test]
    async fn a_lease_dropped_unreleased_is_not_reused() {
        let (addr, accepted) = app(usize::MAX).await;
        let mut reqs = requests(2).await.into_iter();
        let (response, lease) = send(addr, CONFIG, reqs.next().unwrap())
            .await
            .map_err(|(e, _)| e)
            .unwrap();
        drop(response);
        drop(lease);
        assert_eq!(get(addr, reqs.next().unwrap()).await, "hi");
        assert_eq!(accepted.load(Ordering::SeqCst), 2);
    }

    #[tokio::test]
    async fn idle_connections_past_the_timeout_are_swept_and_the_pool_is_capped() {
        let (addr, _) = app(usize::MAX).await;
        let config = PoolConfig {
            idle_timeout: Duration::from_secs(60),
            max_idle_per_instance: 2,
            dialer: None,
        };
        // Three responses in flight at once need three connections; two stay.
        let mut sent = Vec::new();
        for req in requests(3).await {
            sent.push(send(addr, config, req).await.map_err(|(e, _)| e).unwrap());
        }
        for (response, lease) in sent {
            response.into_body().collect().await.unwrap();
            lease.release();
        }
        assert_eq!(idle_count(addr), 2);

        tokio::time::pause();
        // Not yet at the timeout: the sweep keeps them.
        tokio::time::advance(config.idle_timeout - Duration::from_secs(1)).await;
        sweep(config.idle_timeout);
        assert_eq!(idle_count(addr), 2);
        // Past it: gone.
        tokio::time::advance(Duration::from_secs(2)).await;
        sweep(config.idle_timeout);
        assert_eq!(idle_count(addr), 0);
    }

    #[tokio::test]
    async fn a_refused_connection_hands_the_request_back() {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        drop(listener);
        let req = requests(1).await.pop().unwrap();
        let Err((UpstreamError::Connect(_), Some(unsent))) = send(addr, CONFIG, req).await else {
            panic!("a refused connection must hand the request back");
        };
        assert_eq!(unsent.uri(), "/");
    }
}
