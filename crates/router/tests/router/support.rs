//! Fixtures for the router tests: in-process backends, a running router,
//! HTTP clients, and `eventually` for waiting on a condition with a deadline.

use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use http::{Request, Response, StatusCode};
use http_body::Frame;
use http_body_util::combinators::BoxBody;
use http_body_util::{BodyExt, Either, Full, StreamBody};
use hyper::body::Incoming;
use hyper::service::service_fn;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::client::legacy::Client;
use hyper_util::rt::{TokioExecutor, TokioIo};
use runlane_router::{RevisionBackend, RouteTable, Router, RouterConfig, ServiceRoute};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{mpsc, oneshot, watch};
use tokio::task::JoinHandle;
use tokio::time::Instant;

pub const DOMAIN: &str = "localhost";

/// How long any single wait in these tests may take before it fails.
pub const PATIENCE: Duration = Duration::from_secs(10);

// === Backends ===

/// A tiny HTTP/1.1 app on a loopback port. Paths:
/// - anything else: 200 with the backend's name as body;
/// - `/echo`: streams the request body back;
/// - `/headers`: the request headers as `name: value` lines, and a response
///   carrying hop-by-hop headers the router must strip;
/// - `/slow`: answers only after [`Backend::release`];
/// - `/upgrade`: switches to a byte-echo protocol;
/// - `/big`: 4 MiB of a repeating pattern ([`big_body`]), with its length;
/// - `/stream`: a chunked body of what the test sends through
///   [`Backend::stream`], ending when the test drops its sender.
pub struct Backend {
    pub name: String,
    pub addr: SocketAddr,
    state: Arc<BackendState>,
}

struct BackendState {
    name: String,
    slow_waiting: AtomicUsize,
    release: watch::Sender<bool>,
    stream: std::sync::Mutex<Option<mpsc::Receiver<Bytes>>>,
}

type BackendBody = Either<Either<Incoming, Full<Bytes>>, StreamedBody>;
type StreamedBody = StreamBody<ReceiverStream>;
type ReceiverStream = futures_util::stream::BoxStream<'static, Result<Frame<Bytes>, Infallible>>;

/// The body `/big` answers with.
pub fn big_body() -> Vec<u8> {
    (0..4 * 1024 * 1024).map(|i: u32| (i % 251) as u8).collect()
}

impl Backend {
    pub async fn start(name: &str) -> Backend {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let state = Arc::new(BackendState {
            name: name.to_owned(),
            slow_waiting: AtomicUsize::new(0),
            release: watch::channel(false).0,
            stream: std::sync::Mutex::new(None),
        });
        let accept_state = state.clone();
        tokio::spawn(async move {
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    return;
                };
                let state = accept_state.clone();
                tokio::spawn(async move {
                    let service = service_fn(move |req| {
                        let state = state.clone();
                        async move { Ok::<_, Infallible>(answer(&state, req).await) }
                    });
                    let _ = hyper::server::conn::http1::Builder::new()
                        .serve_connection(TokioIo::new(stream), service)
                        .with_upgrades()
                        .await;
                });
            }
        });
        Backend {
            name: name.to_owned(),
            addr,
            state,
        }
    }

    /// Lets every `/slow` request, waiting or future, answer.
    pub fn release(&self) {
        self.state.release.send_replace(true);
    }

    /// What the next `/stream` request answers: each chunk sent here, as it is sent.
    pub fn stream(&self) -> mpsc::Sender<Bytes> {
        let (tx, rx) = mpsc::channel(1);
        *self.state.stream.lock().unwrap() = Some(rx);
        tx
    }

    /// `/slow` requests waiting for [`Backend::release`].
    pub fn slow_waiting(&self) -> usize {
        self.state.slow_waiting.load(Ordering::SeqCst)
    }
}

async fn answer(state: &BackendState, mut req: Request<Incoming>) -> Response<BackendBody> {
    match req.uri().path() {
        "/echo" => Response::new(Either::Left(Either::Left(req.into_body()))),
        "/big" => Response::new(full(big_body())),
        "/stream" => {
            let rx = state
                .stream
                .lock()
                .unwrap()
                .take()
                .expect("Backend::stream was called");
            let chunks = futures_util::stream::unfold(rx, |mut rx| async move {
                rx.recv().await.map(|chunk| (Ok(Frame::data(chunk)), rx))
            });
            Response::new(Either::Right(StreamBody::new(
                Box::pin(chunks) as ReceiverStream
            )))
        }
        "/headers" => {
            let mut lines: Vec<String> = req
                .headers()
                .iter()
                .map(|(n, v)| format!("{n}: {}\n", v.to_str().unwrap()))
                .collect();
            lines.sort();
            Response::builder()
                .header("connection", "x-hop")
                .header("x-hop", "1")
                .header("keep-alive", "timeout=5")
                .header("proxy-authenticate", "Basic")
                .header("x-app", "yes")
                .body(full(lines.concat()))
                .unwrap()
        }
        "/slow" => {
            state.slow_waiting.fetch_add(1, Ordering::SeqCst);
            let mut released = state.release.subscribe();
            let _ = released.wait_for(|r| *r).await;
            state.slow_waiting.fetch_sub(1, Ordering::SeqCst);
            Response::new(full(state.name.clone()))
        }
        "/upgrade" => {
            let on_upgrade = hyper::upgrade::on(&mut req);
            tokio::spawn(async move {
                let Ok(upgraded) = on_upgrade.await else {
                    return;
                };
                let mut io = TokioIo::new(upgraded);
                let mut buf = [0u8; 1024];
                loop {
                    match io.read(&mut buf).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => {
                            if io.write_all(&buf[..n]).await.is_err() {
                                return;
                            }
                        }
                    }
                }
            });
            Response::builder()
                .status(StatusCode::SWITCHING_PROTOCOLS)
                .header("connection", "upgrade")
                .header("upgrade", "echo")
                .body(full(""))
                .unwrap()
        }
        _ => Response::new(full(state.name.clone())),
    }
}

fn full(body: impl Into<Bytes>) -> BackendBody {
    Either::Left(Either::Right(Full::new(body.into())))
}

/// An address where nothing listens: connections are refused.
pub async fn refused_addr() -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    listener.local_addr().unwrap()
}

/// An address that accepts connections and never answers.
pub async fn silent_addr() -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((stream, _)) = listener.accept().await {
            held.push(stream);
        }
    });
    addr
}

// === Route tables ===

pub fn revision(service: &str, name: &str, endpoints: &[SocketAddr]) -> Arc<RevisionBackend> {
    let backend = RevisionBackend::new(service, name, Duration::from_secs(5));
    backend.set_endpoints(endpoints.to_vec());
    backend
}

pub fn service(
    name: &str,
    split: &[(&Arc<RevisionBackend>, u32)],
    tags: &[(&str, &Arc<RevisionBackend>)],
) -> ServiceRoute {
    ServiceRoute {
        name: name.to_owned(),
        split: split.iter().map(|(b, w)| (Arc::clone(b), *w)).collect(),
        tags: tags
            .iter()
            .map(|(t, b)| ((*t).to_owned(), Arc::clone(b)))
            .collect(),
    }
}

pub fn table(services: Vec<ServiceRoute>) -> RouteTable {
    RouteTable::new(DOMAIN, services).unwrap()
}

/// A router with default settings whose one service, `svc`, sends all its traffic
/// to one revision on one [`Backend`] named `name`.
pub async fn router_with_one_backend(name: &str) -> (RunningRouter, Backend) {
    router_with_one_backend_configured(RouterConfig::new(DOMAIN), name).await
}

/// [`router_with_one_backend`], the router started with `config`.
pub async fn router_with_one_backend_configured(
    config: RouterConfig,
    name: &str,
) -> (RunningRouter, Backend) {
    let router = RunningRouter::start(config).await;
    let backend = Backend::start(name).await;
    let rev = revision("svc", "svc-1", &[backend.addr]);
    router
        .router
        .publish(table(vec![service("svc", &[(&rev, 10_000)], &[])]));
    (router, backend)
}

// === A running router ===

pub struct RunningRouter {
    pub router: Router,
    pub addr: SocketAddr,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<()>>,
}

impl RunningRouter {
    pub async fn start(config: RouterConfig) -> RunningRouter {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let router = Router::new(config);
        let (stop, stopped) = oneshot::channel::<()>();
        let serving = router.clone();
        let task = tokio::spawn(async move {
            serving
                .serve(vec![listener], async {
                    let _ = stopped.await;
                })
                .await
                .expect("the router starts its serving threads");
        });
        RunningRouter {
            router,
            addr,
            stop: Some(stop),
            task: Some(task),
        }
    }

    pub async fn with_defaults() -> RunningRouter {
        RunningRouter::start(RouterConfig::new(DOMAIN)).await
    }

    /// `SERVICE.localhost:PORT`, as a browser would send it.
    pub fn host(&self, label: &str) -> String {
        format!("{label}.{DOMAIN}:{}", self.addr.port())
    }

    /// Sends the shutdown signal; `serve` keeps draining in the background.
    pub fn signal_shutdown(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }

    pub fn serve_finished(&self) -> bool {
        self.task.as_ref().is_none_or(|t| t.is_finished())
    }

    /// Waits for `serve` to return.
    pub async fn wait_served(&mut self) {
        if let Some(task) = self.task.take() {
            tokio::time::timeout(PATIENCE, task)
                .await
                .expect("serve() did not return in time")
                .unwrap();
        }
    }
}

// === Clients ===

pub type ClientBody = BoxBody<Bytes, Infallible>;

pub fn client() -> Client<HttpConnector, ClientBody> {
    Client::builder(TokioExecutor::new()).build_http()
}

pub fn body(bytes: impl Into<Bytes>) -> ClientBody {
    Full::new(bytes.into()).boxed()
}

/// A request to the router for `host` and `path`.
pub fn request(router: SocketAddr, host: &str, path: &str) -> http::request::Builder {
    Request::get(format!("http://{router}{path}")).header("host", host)
}

/// Sends `req` and reads the whole response.
pub async fn send(
    client: &Client<HttpConnector, ClientBody>,
    req: Request<ClientBody>,
) -> (StatusCode, String) {
    let response = tokio::time::timeout(PATIENCE, client.request(req))
        .await
        .expect("response head in time")
        .unwrap();
    let status = response.status();
    let bytes = tokio::time::timeout(PATIENCE, response.into_body().collect())
        .await
        .expect("response body in time")
        .unwrap()
        .to_bytes();
    (status, String::from_utf8(bytes.to_vec()).unwrap())
}

/// GET `path` on `host` through the router.
pub async fn get(
    client: &Client<HttpConnector, ClientBody>,
    router: SocketAddr,
    host: &str,
    path: &str,
) -> (StatusCode, String) {
    send(client, request(router, host, path).body(body("")).unwrap()).await
}

/// Writes `raw` on a fresh connection and reads until the peer closes or a
/// whole response head plus `Content-Length` body has arrived.
pub async fn raw_exchange(router: SocketAddr, raw: &str) -> String {
    let mut stream = TcpStream::connect(router).await.unwrap();
    stream.write_all(raw.as_bytes()).await.unwrap();
    let mut got = Vec::new();
    let mut buf = [0u8; 4096];
    let deadline = Instant::now() + PATIENCE;
    loop {
        let n = tokio::time::timeout_at(deadline, stream.read(&mut buf))
            .await
            .expect("raw response in time")
            .unwrap();
        if n == 0 {
            break;
        }
        got.extend_from_slice(&buf[..n]);
        let text = String::from_utf8_lossy(&got);
        if let Some((head, rest)) = text.split_once("\r\n\r\n") {
            let length = head
                .lines()
                .find_map(|l| {
                    l.to_ascii_lowercase()
                        .strip_prefix("content-length: ")
                        .map(str::to_owned)
                })
                .and_then(|l| l.trim().parse::<usize>().ok());
            if length.is_some_and(|l| rest.len() >= l) {
                break;
            }
        }
    }
    String::from_utf8(got).unwrap()
}

// === Waiting ===

/// Polls `condition` until it holds, failing the test after [`PATIENCE`].
pub async fn eventually(what: &str, mut condition: impl FnMut() -> bool) {
    let deadline = Instant::now() + PATIENCE;
    while !condition() {
        assert!(Instant::now() < deadline, "timed out waiting until {what}");
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
}
