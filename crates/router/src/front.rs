//! One client connection. Its requests are read by hand while they are plain (a
//! GET or HEAD with no body and no upgrade, the bulk of what a router carries):
//! the head is parsed in place ([`crate::h1::request`]), [`crate::proxy`] routes
//! it and has [`crate::plain`] send it, and the response is written back as one
//! buffer ([`crate::h1::response`]) from the field lines `plain` kept of the
//! instance's, with no `Request`, no `HeaderMap` and no hyper connection state.
//!
//! The first request that is anything else (a body, another method, HTTP/1.0,
//! h2c, an upgrade, a private service, a routing error, a revision with no free
//! permit, a head that does not parse) hands the connection over to hyper, with
//! the bytes already read, that request first: from then on hyper serves it and
//! [`crate::proxy::handle`] answers, as for every request before this path
//! existed. Nothing about a request is counted or sent before that decision but
//! the split's counter, and a request routed to a revision with no free permit is
//! handed over with its route, so it is routed and counted once. Error pages,
//! 400s and 431s therefore all come from one place.
//!
//! What the hand-written side keeps of hyper's server (with `h1`'s help): the
//! header read timeout (armed whenever a head is awaited, idle keep-alive
//! included), the head size limit (larger heads go to hyper, which answers
//! 431), pipelining (requests are answered in order from the buffer),
//! `Connection: close`, a `Date` on every response, the response framing rules
//! (RFC 9112 §6), dropping a request whose client closed the connection, and
//! graceful draining.

use std::future::{poll_fn, Future};
use std::io;
use std::net::SocketAddr;
use std::pin::pin;
use std::sync::Arc;
use std::task::Poll;

use bytes::{Buf, Bytes, BytesMut};
use http::header::{HeaderValue, STRICT_TRANSPORT_SECURITY};
use http::Method;
use http_body::Body;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use tokio::io::{AsyncRead, AsyncWrite, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::time::Instant;

use crate::connection_cap::ClientState;
use crate::h1::headers::Forwarding;
use crate::h1::request::{parse, Parsed, MAX_FIELDS};
use crate::h1::response::{write_body, write_head, ResponseHead};
use crate::h1::rewind::Rewind;
use crate::h1::timer::{ExchangeClock, Timer};
use crate::proxy::{self, PlainAnswer, PlainRoute};
use crate::serving::Serving;

/// Room made in the read buffer before each read.
const READ_CHUNK: usize = 8 * 1024;

/// `Strict-Transport-Security` on HTTPS answers: a year, the value browsers'
/// preload lists ask for. Not `includeSubDomains`: the domain may have names
/// runlane does not serve.
static HSTS: HeaderValue = HeaderValue::from_static("max-age=31536000");

/// What the requests of one client connection share.
pub(crate) struct ClientConnection {
    pub(crate) serving: Arc<Serving>,
    pub(crate) peer: SocketAddr,
    pub(crate) forwarding: Forwarding,
    /// Answers carry `Strict-Transport-Security` (HTTPS connections when plain
    /// HTTP redirects to HTTPS).
    pub(crate) hsts: bool,
}

/// What to do next on a connection.
enum Step {
    Read,
    Exchange {
        exchange: proxy::PlainExchange,
        head_len: usize,
        head_request: bool,
        close: bool,
    },
    /// To hyper, with the first request's route if it was routed already.
    HandOff(Option<proxy::RoutedAhead>),
}

/// Serves one client connection until it closes, the router drains it, or
/// draining gives up; runs on a serving thread.
pub(crate) async fn serve_connection(
    stream: TcpStream,
    peer: SocketAddr,
    serving: Arc<Serving>,
    state: Arc<ClientState>,
) {
    let client = ClientConnection {
        serving: serving.clone(),
        peer,
        forwarding: Forwarding::new(peer.ip()),
        hsts: false,
    };
    tokio::select! {
        () = serve_plain(client, stream, &state) => {}
        () = serving.cut.wait() => {}
    }
}

/// Answers plain requests until the client or the router closes the
/// connection, or a request comes that hyper must serve.
async fn serve_plain(client: ClientConnection, mut stream: TcpStream, state: &ClientState) {
    // Its own handle: `client` moves on if the connection is handed over.
    let serving = client.serving.clone();
    let serving = &*serving;
    let config = &serving.inner.config;
    let mut buf = BytesMut::with_capacity(READ_CHUNK);
    let mut out = Vec::new();
    let mut head_timer = Timer::default();
    let mut answer_timer = Timer::default();
    let mut draining = pin!(serving.draining.wait());
    loop {
        head_timer.set(Instant::now() + config.header_read_timeout);
        state.set_waiting(true);
        let (exchange, head_request, close) = loop {
            let step = {
                let mut fields = [httparse::EMPTY_HEADER; MAX_FIELDS];
                match parse(&buf, &mut fields) {
                    // hyper answers 431.
                    Parsed::Plain(_, head_len) if head_len > config.http1_buffer() => {
                        Step::HandOff(None)
                    }
                    Parsed::Plain(req, head_len) => {
                        match proxy::route_plain(serving, &req, client.peer, &client.forwarding) {
                            PlainRoute::Ready(exchange) => Step::Exchange {
                                exchange,
                                head_len,
                                head_request: req.method == Method::HEAD,
                                close: req.close,
                            },
                            PlainRoute::Hyper(ahead) => Step::HandOff(ahead),
                        }
                    }
                    Parsed::Partial if buf.len() > config.http1_buffer() => Step::HandOff(None),
                    Parsed::Partial => Step::Read,
                    Parsed::Other => Step::HandOff(None),
                }
            };
            match step {
                Step::Exchange {
                    exchange,
                    head_len,
                    head_request,
                    close,
                } => {
                    buf.advance(head_len);
                    state.set_waiting(false);
                    break (exchange, head_request, close);
                }
                Step::HandOff(ahead) => {
                    state.set_waiting(false);
                    return hand_off(client, stream, buf.freeze(), ahead).await;
                }
                Step::Read => {}
            }
            buf.reserve(READ_CHUNK);
            let read = tokio::select! {
                biased;
                // An idle connection closes at once; a head under way may finish.
                () = &mut draining, if buf.is_empty() => return,
                // The router is full and this is the oldest connection with no request
                // in flight (idle, or a head still coming: nothing was promised yet).
                () = state.evicted() => return,
                () = head_timer.expired() => {
                    tracing::debug!(peer = %client.peer, "no complete request head within the header read timeout");
                    return;
                }
                read = tokio::io::AsyncReadExt::read_buf(&mut stream, &mut buf) => read,
            };
            match read {
                Ok(0) | Err(_) => return,
                Ok(_) => {}
            }
        };

        let watched =
            exchange_watching_client(exchange, serving, &mut answer_timer, &stream, &mut buf);
        let Some(answer) = watched.await else {
            // The client closed the connection while its request was in flight.
            return;
        };
        let close = close || serving.draining.is_raised();
        out.clear();
        let (body, framing) = match answer {
            PlainAnswer::Instance(head, body) => {
                let exact = body.size_hint().exact();
                let head = ResponseHead::Plain(&head);
                (body, write_head(&mut out, head, exact, head_request, close))
            }
            PlainAnswer::Page(page) => {
                let (parts, body) = page.into_parts();
                let exact = body.size_hint().exact();
                let head = ResponseHead::Map(&parts);
                (body, write_head(&mut out, head, exact, head_request, close))
            }
        };
        let mut body = pin!(body);
        // The revision's timeout covers the whole exchange, the response's
        // body too: a client that does not read its response does not keep
        // the instance's permit past it (Cloud Run's and Knative's request
        // timeout). `answer_timer` was set when the exchange began.
        let written = tokio::select! {
            biased;
            written = write_body(&mut stream, &mut out, body.as_mut(), framing) => written,
            () = answer_timer.expired() => {
                body.as_mut().time_out();
                tracing::debug!(peer = %client.peer, "the response was not delivered within the revision's timeout; closing the connection");
                return;
            }
        };
        match written {
            Ok(()) if !close => {}
            Ok(()) => {
                // Lets the client read the response before the socket closes.
                let _ = stream.shutdown().await;
                return;
            }
            Err(err) => {
                tracing::debug!(peer = %client.peer, %err, "answering the client failed; closing the connection");
                return;
            }
        }
    }
}

/// Runs `exchange` while watching the client's side of the connection: None if
/// the client closed it first (hyper's server drops such a request too). Bytes
/// the client sends meanwhile (the next pipelined request) are kept in `buf`.
async fn exchange_watching_client(
    exchange: proxy::PlainExchange,
    serving: &Serving,
    timer: &mut Timer,
    stream: &TcpStream,
    buf: &mut BytesMut,
) -> Option<PlainAnswer> {
    let mut exchange = pin!(exchange.run(serving, timer));
    // Past the buffer limit the client is not read from until what it sent
    // has been answered, as hyper's server does: a client that pipelines
    // faster than it is served is held back by TCP, not by the router's memory.
    let room = serving
        .inner
        .config
        .http1_buffer()
        .saturating_sub(buf.len());
    let mut watching = room > 0;
    poll_fn(|cx| {
        if let Poll::Ready(response) = exchange.as_mut().poll(cx) {
            return Poll::Ready(Some(response));
        }
        while watching {
            match stream.poll_read_ready(cx) {
                Poll::Pending => break,
                Poll::Ready(Err(_)) => return Poll::Ready(None),
                Poll::Ready(Ok(())) => {}
            }
            buf.reserve(READ_CHUNK.min(room));
            match stream.try_read_buf(&mut bytes::BufMut::limit(&mut *buf, room)) {
                Ok(0) => return Poll::Ready(None),
                // What comes next is read after this response.
                Ok(_) => watching = false,
                Err(err) if err.kind() == io::ErrorKind::WouldBlock => {}
                Err(_) => return Poll::Ready(None),
            }
        }
        Poll::Pending
    })
    .await
}

/// Hands the connection to hyper, `read` (what was read and not answered yet)
/// first, for the rest of its life. Draining shuts it down gracefully. `ahead`:
/// the first request's route, when it was routed already.
pub(crate) async fn hand_off<S>(
    client: ClientConnection,
    stream: S,
    read: Bytes,
    ahead: Option<proxy::RoutedAhead>,
) where
    S: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    let serving = client.serving.clone();
    let peer = client.peer;
    let client = Arc::new(client);
    let ahead = Arc::new(std::sync::Mutex::new(ahead));
    let clock = Arc::new(ExchangeClock::new());
    let service_clock = clock.clone();
    let service = service_fn(move |req: http::Request<hyper::body::Incoming>| {
        let client = client.clone();
        let clock = service_clock.clone();
        let ahead = ahead
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .take();
        // HTTP/1.1 has one exchange at a time on a connection, which the
        // connection's clock can watch; HTTP/2 streams have flow control.
        let one_at_a_time = req.version() != http::Version::HTTP_2;
        async move {
            let mut response =
                proxy::handle(&client.serving, req, client.peer, &client.forwarding, ahead).await;
            if one_at_a_time {
                response.body_mut().watched_by(&clock);
            }
            if client.hsts {
                response
                    .headers_mut()
                    .entry(STRICT_TRANSPORT_SECURITY)
                    .or_insert_with(|| HSTS.clone());
            }
            Ok::<_, std::convert::Infallible>(response)
        }
    });
    let io = TokioIo::new(Rewind { read, stream });
    let mut conn = pin!(serving.builder.serve_connection_with_upgrades(io, service));
    let result = tokio::select! {
        result = conn.as_mut() => result,
        () = serving.draining.wait() => {
            conn.as_mut().graceful_shutdown();
            conn.await
        }
        // The revision's timeout covers the whole exchange, as on the plain
        // path: a response the client does not read is given up (recorded as
        // 504) with the connection, and its permit given back.
        () = clock.expired() => {
            tracing::debug!(%peer, "the response was not delivered within the revision's timeout; closing the connection");
            return;
        }
    };
    if let Err(err) = result {
        tracing::debug!(%peer, %err, "client connection ended with an error");
    }
}
