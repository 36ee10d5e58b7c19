//! containerConcurrency enforced by the router: a full instance gets no request,
//! excess requests wait in the revision's bounded queue and proceed as permits free
//! up, an overflowing queue answers 429, a cancelled request gives its permit back,
//! and an upgraded connection holds its permit until it closes.

use std::sync::Arc;
use std::time::Duration;

use runlane_router::{RevisionBackend, RouterConfig};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::support::*;

fn limited(endpoints: &[std::net::SocketAddr], limit: u32) -> Arc<RevisionBackend> {
    let rev = RevisionBackend::with_concurrency("svc", "svc-1", Duration::from_secs(5), limit);
    rev.set_endpoints(endpoints.to_vec());
    rev
}

#[tokio::test]
async fn a_full_instance_gets_no_request_and_the_excess_waits() {
    let router = RunningRouter::with_defaults().await;
    let (a, b) = (Backend::start("a").await, Backend::start("b").await);
    let rev = limited(&[a.addr, b.addr], 1);
    router
        .router
        .publish(table(vec![service("svc", &[(&rev, 10_000)], &[])]));

    let requests: Vec<_> = (0..5)
        .map(|_| {
            let (host, addr) = (router.host("svc"), router.addr);
            tokio::spawn(async move { get(&client(), addr, &host, "/slow").await })
        })
        .collect();
    eventually("two in flight and three waiting", || {
        a.slow_waiting() == 1 && b.slow_waiting() == 1 && rev.held() == 3
    })
    .await;
    assert_eq!(rev.in_flight(), 2);
    a.release();
    b.release();
    for r in requests {
        assert_eq!(r.await.unwrap().0, 200);
    }
    assert_eq!(
        (rev.held(), rev.in_flight(), rev.counts().success),
        (0, 0, 5)
    );
}

#[tokio::test]
async fn an_overflowing_queue_answers_429_with_retry_after() {
    let mut config = RouterConfig::new(DOMAIN);
    config.queue_depth = 1;
    let router = RunningRouter::start(config).await;
    let backend = Backend::start("a").await;
    let rev = limited(&[backend.addr], 1);
    router
        .router
        .publish(table(vec![service("svc", &[(&rev, 10_000)], &[])]));

    let spawn = || {
        let (host, addr) = (router.host("svc"), router.addr);
        tokio::spawn(async move { get(&client(), addr, &host, "/slow").await })
    };
    let busy = spawn();
    eventually("one in flight", || backend.slow_waiting() == 1).await;
    let queued = spawn();
    eventually("one waiting", || rev.held() == 1).await;

    let response = client()
        .request(
            request(router.addr, &router.host("svc"), "/")
                .body(body(""))
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(response.status(), 429);
    assert_eq!(response.headers()["retry-after"], "1");
    assert_eq!(rev.overflows(), 1);

    backend.release();
    assert_eq!(busy.await.unwrap().0, 200);
    assert_eq!(queued.await.unwrap().0, 200);
    assert_eq!(rev.counts().client_error, 1);
}

#[tokio::test]
async fn a_cancelled_request_gives_its_permit_back() {
    let router = RunningRouter::with_defaults().await;
    let backend = Backend::start("a").await;
    let rev = limited(&[backend.addr], 1);
    router
        .router
        .publish(table(vec![service("svc", &[(&rev, 10_000)], &[])]));

    let abandoned = {
        let (host, addr) = (router.host("svc"), router.addr);
        tokio::spawn(async move { get(&client(), addr, &host, "/slow").await })
    };
    eventually("the slow request in flight", || rev.in_flight() == 1).await;
    abandoned.abort();
    eventually("the permit is free again", || rev.in_flight() == 0).await;
    backend.release();
    let (status, _) = get(&client(), router.addr, &router.host("svc"), "/").await;
    assert_eq!(status, 200);
}

#[tokio::test]
async fn an_upgraded_connection_holds_its_permit_until_it_closes() {
    let router = RunningRouter::with_defaults().await;
    let backend = Backend::start("a").await;
    let rev = limited(&[backend.addr], 1);
    router
        .router
        .publish(table(vec![service("svc", &[(&rev, 10_000)], &[])]));

    let mut stream = TcpStream::connect(router.addr).await.unwrap();
    let head = format!(
        "GET /upgrade HTTP/1.1\r\nHost: {}\r\nConnection: upgrade\r\nUpgrade: echo\r\n\r\n",
        router.host("svc")
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    let mut buf = vec![0u8; 1024];
    let n = stream.read(&mut buf).await.unwrap();
    assert!(String::from_utf8_lossy(&buf[..n]).starts_with("HTTP/1.1 101"));
    eventually("the tunnel holds the permit", || rev.in_flight() == 1).await;
    drop(stream);
    eventually("the permit is free once the tunnel closed", || {
        rev.in_flight() == 0
    })
    .await;
}
