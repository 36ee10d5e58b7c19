//! Protocols: bodies stream both ways without buffering, h2c clients work,
//! and `Upgrade` requests are joined end to end.

use std::convert::Infallible;

use bytes::Bytes;
use futures_util::stream;
use http::Request;
use http_body::Frame;
use http_body_util::{BodyExt, StreamBody};
use hyper::body::Incoming;
use hyper_util::rt::{TokioExecutor, TokioIo};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::sync::mpsc;

use crate::support::*;

#[tokio::test]
async fn bodies_stream_both_ways_chunk_by_chunk() {
    let (router, _backend) = router_with_one_backend("echo").await;
    let (tx, rx) = mpsc::channel::<Bytes>(1);
    let chunks = stream::unfold(rx, |mut rx| async move {
        rx.recv()
            .await
            .map(|chunk| (Ok::<_, Infallible>(Frame::data(chunk)), rx))
    });
    let req = Request::post(format!("http://{}/echo", router.addr))
        .header("host", router.host("svc"))
        .body(StreamBody::new(chunks).boxed())
        .unwrap();
    let response = client().request(req).await.unwrap();
    assert_eq!(response.status(), 200);
    // Nothing buffers the whole body, in either direction.
    let chunks = (0..5).map(|i| Bytes::from(format!("chunk {i};")));
    assert_streams_chunk_by_chunk(tx, response.into_body(), chunks).await;
}

/// Sends each of `chunks` through `tx` and checks that it comes out of `body`
/// before the next one is sent, then that `body` ends once `tx` is dropped.
async fn assert_streams_chunk_by_chunk(
    tx: mpsc::Sender<Bytes>,
    mut body: Incoming,
    chunks: impl IntoIterator<Item = Bytes>,
) {
    for chunk in chunks {
        tx.send(chunk.clone()).await.unwrap();
        let mut got = Vec::new();
        while got.len() < chunk.len() {
            let frame = tokio::time::timeout(PATIENCE, body.frame())
                .await
                .expect("the chunk in time")
                .unwrap()
                .unwrap();
            got.extend_from_slice(frame.data_ref().unwrap());
        }
        assert_eq!(got, chunk);
    }
    drop(tx);
    let rest = tokio::time::timeout(PATIENCE, body.collect())
        .await
        .expect("the end in time")
        .unwrap();
    assert!(rest.to_bytes().is_empty());
}

#[tokio::test]
async fn a_large_body_is_echoed_intact() {
    let (router, _backend) = router_with_one_backend("echo").await;
    let payload: Vec<u8> = (0..4 * 1024 * 1024).map(|i: u32| (i % 251) as u8).collect();
    let req = Request::post(format!("http://{}/echo", router.addr))
        .header("host", router.host("svc"))
        .body(body(payload.clone()))
        .unwrap();
    let response = client().request(req).await.unwrap();
    let echoed = response.into_body().collect().await.unwrap().to_bytes();
    assert!(
        echoed == payload,
        "echoed {} bytes, sent {}",
        echoed.len(),
        payload.len()
    );
}

#[tokio::test]
async fn a_large_response_to_a_get_arrives_intact_and_its_connection_serves_the_next() {
    let (router, backend) = router_with_one_backend("plain").await;
    let client = client();
    for _ in 0..3 {
        let req = request(router.addr, &router.host("svc"), "/big")
            .body(body(""))
            .unwrap();
        let response = client.request(req).await.unwrap();
        assert_eq!(response.status(), 200);
        assert_eq!(response.headers()["content-length"], "4194304");
        let got = response.into_body().collect().await.unwrap().to_bytes();
        assert!(got == big_body(), "got {} bytes", got.len());
    }
    let (status, text) = get(&client, router.addr, &router.host("svc"), "/").await;
    assert_eq!((status.as_u16(), text), (200, backend.name.clone()));
}

#[tokio::test]
async fn a_streamed_response_to_a_get_arrives_chunk_by_chunk() {
    let (router, backend) = router_with_one_backend("plain").await;
    let client = client();
    for round in 0..2 {
        let tx = backend.stream();
        let req = request(router.addr, &router.host("svc"), "/stream")
            .body(body(""))
            .unwrap();
        let response = client.request(req).await.unwrap();
        assert_eq!(response.status(), 200);
        let chunks = (0..5).map(|i| Bytes::from(format!("round {round} chunk {i};")));
        assert_streams_chunk_by_chunk(tx, response.into_body(), chunks).await;
    }
}

#[tokio::test]
async fn a_head_request_gets_the_length_and_no_body() {
    let (router, _backend) = router_with_one_backend("plain").await;
    let client = client();
    for _ in 0..2 {
        let req = request(router.addr, &router.host("svc"), "/big")
            .method(http::Method::HEAD)
            .body(body(""))
            .unwrap();
        let response = client.request(req).await.unwrap();
        assert_eq!(response.status(), 200);
        assert_eq!(response.headers()["content-length"], "4194304");
        assert!(response
            .into_body()
            .collect()
            .await
            .unwrap()
            .to_bytes()
            .is_empty());
    }
}

#[tokio::test]
async fn h2c_clients_are_served() {
    let (router, _backend) = router_with_one_backend("echo").await;
    let stream = TcpStream::connect(router.addr).await.unwrap();
    let (sender, conn) =
        hyper::client::conn::http2::handshake(TokioExecutor::new(), TokioIo::new(stream))
            .await
            .unwrap();
    tokio::spawn(conn);

    // Several concurrent streams on one connection.
    let mut tasks = Vec::new();
    for i in 0..10 {
        let mut sender = sender.clone();
        let uri = format!("http://{}/echo", router.host("svc"));
        tasks.push(tokio::spawn(async move {
            let payload = format!("h2 stream {i}");
            let req = Request::post(uri).body(body(payload.clone())).unwrap();
            let response = sender.send_request(req).await.unwrap();
            assert_eq!(response.status(), 200);
            assert_eq!(response.version(), http::Version::HTTP_2);
            let echoed = response.into_body().collect().await.unwrap().to_bytes();
            assert_eq!(echoed, payload.as_bytes());
        }));
    }
    for task in tasks {
        task.await.unwrap();
    }

    let mut sender = sender.clone();
    let req = Request::get(format!("http://{}/", router.host("svc")))
        .body(body(""))
        .unwrap();
    let response = sender.send_request(req).await.unwrap();
    let name = response.into_body().collect().await.unwrap().to_bytes();
    assert_eq!(name, "echo");
}

#[tokio::test]
async fn upgrades_are_joined_end_to_end() {
    let (router, _backend) = router_with_one_backend("echo").await;
    let mut stream = TcpStream::connect(router.addr).await.unwrap();
    let head = format!(
        "GET /upgrade HTTP/1.1\r\nHost: {}\r\nConnection: Upgrade\r\nUpgrade: echo\r\n\r\n",
        router.host("svc")
    );
    stream.write_all(head.as_bytes()).await.unwrap();

    let mut got = Vec::new();
    let mut buf = [0u8; 1024];
    while !got.windows(4).any(|w| w == b"\r\n\r\n") {
        let n = tokio::time::timeout(PATIENCE, stream.read(&mut buf))
            .await
            .unwrap()
            .unwrap();
        assert!(
            n > 0,
            "connection closed during the upgrade: {}",
            String::from_utf8_lossy(&got)
        );
        got.extend_from_slice(&buf[..n]);
    }
    let response = String::from_utf8(got).unwrap().to_ascii_lowercase();
    assert!(
        response.starts_with("http/1.1 101 switching protocols\r\n"),
        "{response}"
    );
    assert!(response.contains("\r\nupgrade: echo\r\n"), "{response}");
    assert!(
        response.contains("\r\nconnection: upgrade\r\n"),
        "{response}"
    );

    for message in ["ping", "a longer message over the tunnel"] {
        stream.write_all(message.as_bytes()).await.unwrap();
        let mut echoed = vec![0u8; message.len()];
        tokio::time::timeout(PATIENCE, stream.read_exact(&mut echoed))
            .await
            .unwrap()
            .unwrap();
        assert_eq!(echoed, message.as_bytes());
    }
}
