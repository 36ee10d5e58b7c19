//! The load itself: worker threads, each with a single-threaded tokio runtime (as wrk
//! runs one event loop per thread), running workers that each own one client
//! connection and drive it inside their own task, so a request costs no cross-task
//! wake-ups. HTTP/1.1 goes through the lean client in `h1` (the request serialised
//! once, one read buffer per connection); `-h2` through hyper's HTTP/2 client. Workers claim request numbers from one atomic counter; in the open model the
//! number gives the intended send time (`Schedule::intended`), and latency counts from
//! it when every connection was busy at that time (coordinated-omission correction, as
//! wrk2); the wait for that time is the `pacer`'s, finer than tokio's millisecond
//! timers. The coordinator drains each worker's `Shard` every tick, for progress and the
//! final `Summary`.
//!
//! Clock: `tokio::time::Instant`. Outside tests with a paused clock it is a thin wrapper
//! over the monotonic clock, so reading it twice per request costs what std's does.

use crate::config::{Config, Pacing, LATE_AFTER};
use crate::h1::{self, H1Error, Wire};
use crate::pacer::{Pacer, PacerHandle};
use crate::stats::{ErrorKind, Shard, Totals};
use crate::stream::{DialError, Dialer, Stream};
use bytes::Bytes;
use http::{Request, Response};
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper::client::conn::http2;
use hyper_util::rt::{TokioExecutor, TokioIo};
use std::future::{poll_fn, Future};
use std::net::SocketAddr;
use std::pin::{pin, Pin};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::task::Poll;
use std::time::Duration;
use tokio::sync::{watch, Semaphore};
use tokio::time::{Instant, Sleep};

/// How long workers try to connect before the clock starts, when `-t` is 0.
const PRECONNECT_LIMIT: Duration = Duration::from_secs(10);

/// Runs the load and returns the totals; `on_tick` sees the totals so far every
/// `tick` (for progress) and decides nothing.
pub async fn execute(
    config: Arc<Config>,
    dialer: Arc<Dialer>,
    tick: Duration,
    mut on_tick: impl FnMut(&Totals, Duration),
) -> Result<Outcome, std::io::Error> {
    let shards: Arc<[Mutex<Shard>]> = (0..config.workers)
        .map(|_| Mutex::new(Shard::default()))
        .collect();
    let shared = Arc::new(Shared {
        next: AtomicU64::new(0),
        stop: AtomicBool::new(false),
        ready: Semaphore::new(0),
        start: watch::channel(None).0,
        abort: watch::channel(false).0,
    });
    let wire = Arc::new(Wire::of(&config.request));
    let (done_tx, mut done_rx) = tokio::sync::mpsc::unbounded_channel::<()>();
    // Send times finer than tokio's millisecond timers; only the open model waits.
    let pacer = match config.pacing {
        Pacing::Open(_) => Some(Pacer::start()?),
        Pacing::Closed => None,
    };
    for t in 0..config.threads {
        let (config, dialer, shared, shards, done_tx, wire) = (
            config.clone(),
            dialer.clone(),
            shared.clone(),
            shards.clone(),
            done_tx.clone(),
            wire.clone(),
        );
        let pacer = pacer.as_ref().map(Pacer::handle);
        let mine: Vec<usize> = (t..config.workers).step_by(config.threads).collect();
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()?;
        std::thread::Builder::new()
            .name(format!("load-{t}"))
            .spawn(move || {
                runtime.block_on(async {
                    let mut abort = shared.abort.subscribe();
                    let mut set = tokio::task::JoinSet::new();
                    for w in mine {
                        set.spawn(worker(
                            config.clone(),
                            wire.clone(),
                            dialer.clone(),
                            shared.clone(),
                            shards.clone(),
                            pacer.clone(),
                            w,
                        ));
                    }
                    tokio::select! {
                        _ = async { while set.join_next().await.is_some() {} } => {}
                        _ = abort.wait_for(|a| *a) => {}
                    }
                });
                // Dropping the runtime cancels whatever is still running.
                drop(runtime);
                let _ = done_tx.send(());
            })?;
    }
    drop(done_tx);

    // Start the clock once every worker has its connection (or has failed to get one).
    let _ = shared.ready.acquire_many(config.workers as u32).await;
    let start = Instant::now();
    shared.start.send_replace(Some(start));

    let mut totals = Totals::new();
    let mut ticker = tokio::time::interval_at(start + tick, tick);
    ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
    let mut interrupted = false;
    let mut ctrl_c = pin!(tokio::signal::ctrl_c());
    let mut running = config.threads;
    while running > 0 {
        tokio::select! {
            d = done_rx.recv() => match d {
                Some(()) => running -= 1,
                None => break,
            },
            _ = ticker.tick() => {
                drain(&shards, &mut totals);
                on_tick(&totals, start.elapsed());
            }
            _ = &mut ctrl_c, if !interrupted => {
                interrupted = true;
                shared.stop.store(true, Ordering::Relaxed);
                shared.abort.send_replace(true);
            }
        }
    }
    let elapsed = start.elapsed();
    drain(&shards, &mut totals);
    Ok(Outcome {
        totals,
        elapsed,
        interrupted,
    })
}

/// What `execute` measured.
pub struct Outcome {
    pub totals: Totals,
    pub elapsed: Duration,
    pub interrupted: bool,
}

struct Shared {
    /// The number of the next request to claim.
    next: AtomicU64,
    stop: AtomicBool,
    /// One permit per worker that is ready to start.
    ready: Semaphore,
    start: watch::Sender<Option<Instant>>,
    abort: watch::Sender<bool>,
}

fn drain(shards: &[Mutex<Shard>], totals: &mut Totals) {
    for shard in shards {
        let mut shard = shard.lock().unwrap_or_else(|p| p.into_inner());
        totals.absorb(&mut shard);
    }
}

async fn worker(
    config: Arc<Config>,
    wire: Arc<Wire>,
    dialer: Arc<Dialer>,
    shared: Arc<Shared>,
    shards: Arc<[Mutex<Shard>]>,
    pacer: Option<PacerHandle>,
    index: usize,
) {
    let shard = &shards[index];
    // Open the connection before the clock starts, as wrk does, within the request
    // timeout (a host that drops SYNs must not hold the start for minutes); a failure
    // is recorded when the first request tries again.
    let mut conn = if config.keepalive {
        let open = Conn::open(&config, &dialer);
        let limit = config.timeout.unwrap_or(PRECONNECT_LIMIT);
        tokio::time::timeout(limit, open)
            .await
            .ok()
            .and_then(Result::ok)
    } else {
        None
    };
    shared.ready.add_permits(1);
    let Ok(start) = shared
        .start
        .subscribe()
        .wait_for(Option::is_some)
        .await
        .map(|s| s.expect("checked"))
    else {
        return;
    };
    let deadline = config.duration.map(|d| start + d);
    // Timers live as long as the worker: none is allocated per request.
    let mut timeout = pin!(tokio::time::sleep_until(start));
    let mut now = start;
    loop {
        if shared.stop.load(Ordering::Relaxed) || deadline.is_some_and(|d| now >= d) {
            break;
        }
        let k = shared.next.fetch_add(1, Ordering::Relaxed);
        if config.limit.is_some_and(|n| k >= n) {
            break;
        }
        // `due`: the time latency counts from; `sent`: when the request really goes out.
        let (due, sent) = match &config.pacing {
            Pacing::Closed => (now, now),
            Pacing::Open(schedule) => {
                let Some(offset) = schedule.intended(k) else {
                    break;
                };
                if config.duration.is_some_and(|z| offset >= z) {
                    break;
                }
                let at = start + offset;
                now = Instant::now();
                if at > now {
                    // This connection is free before the request is due: wait for it. The
                    // wake-up comes a little late (a few microseconds with the pacer);
                    // that is the generator's jitter, not the server's latency, so
                    // latency counts from the wake-up.
                    match &pacer {
                        Some(pacer) => pacer.until(at).await,
                        None => tokio::time::sleep_until(at).await,
                    }
                    let woke = Instant::now();
                    (woke, woke)
                } else {
                    // Every connection was busy when this request was due: it goes out
                    // late and its latency counts from when it was due, so a stalled
                    // server shows in the percentiles.
                    let lag = now - at;
                    if lag > LATE_AFTER {
                        lock(shard).late(lag);
                    }
                    (at, now)
                }
            }
        };
        let result = exchange(&config, &wire, &dialer, &mut conn, timeout.as_mut(), sent).await;
        now = Instant::now();
        let latency = now.saturating_duration_since(due);
        let mut shard = lock(shard);
        match result {
            Ok((status, bytes)) => shard.response(latency, status, bytes),
            Err(failure) => shard.error(failure.kind, || failure.message()),
        }
    }
}

fn lock(shard: &Mutex<Shard>) -> std::sync::MutexGuard<'_, Shard> {
    shard.lock().unwrap_or_else(|p| p.into_inner())
}

/// Sends one request and reads the whole response, opening a connection first if
/// there is none; returns the status and the number of body bytes.
async fn exchange(
    config: &Config,
    wire: &Wire,
    dialer: &Dialer,
    conn: &mut Option<Conn>,
    timer: Pin<&mut Sleep>,
    sent: Instant,
) -> Result<(u16, u64), Failure> {
    let attempt = async {
        let c = match conn {
            Some(c) => c,
            None => conn.insert(Conn::open(config, dialer).await?),
        };
        match c {
            Conn::H1(c) => {
                let got = c.exchange(wire).await.map_err(Failure::h1)?;
                Ok((got.status, got.body_bytes, got.keep_alive))
            }
            Conn::H2(c) => {
                let response = c.send(request(config)).await?;
                let status = response.status().as_u16();
                let mut body = response.into_body();
                let mut bytes = 0u64;
                while let Some(frame) = c.io.drive(body.frame()).await? {
                    let frame = frame.map_err(Failure::hyper)?;
                    if let Some(data) = frame.data_ref() {
                        bytes += data.len() as u64;
                    }
                }
                Ok((status, bytes, true))
            }
        }
    };
    let result = match config.timeout {
        Some(t) => {
            // The timer is only ever early (it was armed for an earlier request), never
            // late: re-arm it when it fires before this request's deadline. Resetting a
            // timer costs a lock on the timer wheel; this does it once per timeout
            // period, not once per request.
            let deadline = sent + t;
            let mut timer = timer;
            let mut attempt = pin!(attempt);
            loop {
                tokio::select! {
                    biased;
                    r = &mut attempt => break r,
                    _ = timer.as_mut() => {
                        if Instant::now() >= deadline {
                            break Err(Failure { kind: ErrorKind::Timeout, cause: Cause::Timeout(t) });
                        }
                        timer.as_mut().reset(deadline);
                    }
                }
            }
        }
        None => attempt.await,
    };
    // A failed exchange leaves the connection in an unknown state; without keep-alive
    // every request has its own; a server that closed it gets a new one, with no error.
    let reusable = matches!(result, Ok((_, _, true)));
    if !reusable || !config.keepalive || conn.as_ref().is_some_and(Conn::is_closed) {
        *conn = None;
    }
    result.map(|(status, bytes, _)| (status, bytes))
}

fn request(config: &Config) -> Request<Full<Bytes>> {
    let t = &config.request;
    let mut req = Request::new(Full::new(t.body.clone()));
    *req.method_mut() = t.method.clone();
    *req.uri_mut() = t.uri.clone();
    // hyper takes the request by value, so each one needs its own header map: the one
    // allocation per request that cannot be avoided.
    *req.headers_mut() = t.headers.clone();
    req
}

// === impl Conn ===

type Io = TokioIo<Stream>;
type Driver = Pin<Box<dyn Future<Output = hyper::Result<()>> + Send>>;

/// One client connection, driven by the worker's own task.
enum Conn {
    H1(h1::Conn),
    H2(H2Conn),
}

/// An HTTP/2 connection: hyper's sender and the connection's I/O future.
struct H2Conn {
    sender: http2::SendRequest<Full<Bytes>>,
    io: Driving,
}

/// A connection's I/O future, polled by whoever waits on the connection.
struct Driving {
    /// None once it has finished.
    driver: Option<Driver>,
    /// Why it finished, if it failed.
    error: Option<hyper::Error>,
}

impl Conn {
    async fn open(config: &Config, dialer: &Dialer) -> Result<Conn, Failure> {
        let stream = dialer.dial().await.map_err(|e| Failure {
            kind: ErrorKind::Connect,
            cause: match e {
                DialError::Connect(addr, e) => Cause::Connect(addr, e),
                DialError::Handshake(e) => Cause::Handshake(e),
            },
        })?;
        if !config.http2 {
            return Ok(Conn::H1(h1::Conn::new(stream)));
        }
        let io: Io = TokioIo::new(stream);
        let (sender, driver) = http2::handshake(TokioExecutor::new(), io)
            .await
            .map_err(Failure::hyper)?;
        Ok(Conn::H2(H2Conn {
            sender,
            io: Driving {
                driver: Some(Box::pin(driver)),
                error: None,
            },
        }))
    }

    fn is_closed(&self) -> bool {
        match self {
            Conn::H1(_) => false,
            Conn::H2(c) => c.io.driver.is_none() || c.sender.is_closed(),
        }
    }
}

impl H2Conn {
    async fn send(&mut self, req: Request<Full<Bytes>>) -> Result<Response<Incoming>, Failure> {
        self.io
            .drive(self.sender.send_request(req))
            .await?
            .map_err(Failure::hyper)
    }
}

impl Driving {
    fn closed(&mut self) -> Failure {
        match self.error.take() {
            Some(e) => Failure::hyper(e),
            None => Failure {
                kind: ErrorKind::Closed,
                cause: Cause::Closed,
            },
        }
    }

    /// Polls `fut` while driving the connection's I/O in the same task: `fut` first
    /// (a body read must tell the connection it wants data), then the connection, then
    /// `fut` again, so what the connection just read is seen in the same poll rather
    /// than after another trip through the scheduler.
    async fn drive<F: Future>(&mut self, fut: F) -> Result<F::Output, Failure> {
        let mut fut = pin!(fut);
        poll_fn(|cx| {
            if let Poll::Ready(v) = fut.as_mut().poll(cx) {
                return Poll::Ready(Ok(v));
            }
            let Some(d) = self.driver.as_mut() else {
                return Poll::Ready(Err(self.closed()));
            };
            if let Poll::Ready(r) = d.as_mut().poll(cx) {
                self.driver = None;
                self.error = r.err();
            }
            match fut.as_mut().poll(cx) {
                Poll::Ready(v) => Poll::Ready(Ok(v)),
                Poll::Pending if self.driver.is_none() => Poll::Ready(Err(self.closed())),
                Poll::Pending => Poll::Pending,
            }
        })
        .await
    }
}

// === impl Failure ===

/// Why a request got no response; the message is only rendered for the first failure
/// of each kind.
struct Failure {
    kind: ErrorKind,
    cause: Cause,
}

enum Cause {
    Connect(SocketAddr, std::io::Error),
    Handshake(std::io::Error),
    Hyper(hyper::Error),
    Io(std::io::Error),
    Protocol(String),
    Timeout(Duration),
    Closed,
}

impl Failure {
    fn h1(e: H1Error) -> Failure {
        use std::io::ErrorKind as Io;
        match e {
            H1Error::Closed => Failure {
                kind: ErrorKind::Closed,
                cause: Cause::Closed,
            },
            H1Error::Protocol(message) => Failure {
                kind: ErrorKind::Protocol,
                cause: Cause::Protocol(message),
            },
            H1Error::Io(e) => Failure {
                kind: match e.kind() {
                    Io::ConnectionReset
                    | Io::BrokenPipe
                    | Io::UnexpectedEof
                    | Io::ConnectionAborted => ErrorKind::Closed,
                    _ => ErrorKind::Io,
                },
                cause: Cause::Io(e),
            },
        }
    }

    fn hyper(e: hyper::Error) -> Failure {
        let io_kind = io_source(&e).map(std::io::Error::kind);
        use std::io::ErrorKind as Io;
        let kind = if e.is_timeout() {
            ErrorKind::Timeout
        } else if e.is_parse() || e.is_parse_status() || e.is_parse_too_large() || e.is_user() {
            ErrorKind::Protocol
        } else if e.is_incomplete_message()
            || e.is_canceled()
            || e.is_closed()
            || matches!(
                io_kind,
                Some(
                    Io::ConnectionReset
                        | Io::BrokenPipe
                        | Io::UnexpectedEof
                        | Io::ConnectionAborted
                )
            )
        {
            ErrorKind::Closed
        } else {
            ErrorKind::Io
        };
        Failure {
            kind,
            cause: Cause::Hyper(e),
        }
    }

    fn message(&self) -> String {
        match &self.cause {
            Cause::Connect(addr, e) => format!("cannot connect to {addr}: {e}"),
            Cause::Handshake(e) => format!("TLS handshake failed: {e}"),
            Cause::Hyper(e) => {
                let mut msg = e.to_string();
                let mut source = std::error::Error::source(e);
                while let Some(s) = source {
                    msg.push_str(": ");
                    msg.push_str(&s.to_string());
                    source = s.source();
                }
                msg
            }
            Cause::Io(e) => e.to_string(),
            Cause::Protocol(message) => message.clone(),
            Cause::Timeout(t) => format!("no complete response within {t:?} (-t)"),
            Cause::Closed => {
                "the server closed the connection before the response was complete".to_owned()
            }
        }
    }
}

fn io_source(e: &hyper::Error) -> Option<&std::io::Error> {
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        if let Some(io) = s.downcast_ref::<std::io::Error>() {
            return Some(io);
        }
        source = s.source();
    }
    None
}
