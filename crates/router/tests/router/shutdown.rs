//! Graceful shutdown: `serve` stops accepting at once, lets the in-flight
//! request finish, then returns; past the drain timeout it cuts.

use std::time::Duration;

use runlane_router::RouterConfig;
use tokio::net::TcpStream;
use tokio::time::Instant;

use crate::support::*;

#[tokio::test]
async fn shutdown_lets_an_in_flight_request_finish() {
    let mut router = RunningRouter::with_defaults().await;
    let backend = Backend::start("slow").await;
    let rev = revision("svc", "svc-1", &[backend.addr]);
    router
        .router
        .publish(table(vec![service("svc", &[(&rev, 10_000)], &[])]));

    let in_flight = tokio::spawn({
        let (host, addr) = (router.host("svc"), router.addr);
        async move { get(&client(), addr, &host, "/slow").await }
    });
    eventually("the slow request reaches the backend", || {
        backend.slow_waiting() == 1
    })
    .await;

    router.signal_shutdown();
    let deadline = Instant::now() + PATIENCE;
    while TcpStream::connect(router.addr).await.is_ok() {
        assert!(
            Instant::now() < deadline,
            "the router still accepts after shutdown"
        );
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
    assert!(
        !router.serve_finished(),
        "serve() returned with a request in flight"
    );

    backend.release();
    let (status, body) = in_flight.await.unwrap();
    assert_eq!((status.as_u16(), body.as_str()), (200, "slow"));
    router.wait_served().await;
}

#[tokio::test]
async fn shutdown_cuts_requests_that_outlast_the_drain_timeout() {
    let mut config = RouterConfig::new(DOMAIN);
    config.drain_timeout = Duration::from_millis(200);
    let mut router = RunningRouter::start(config).await;
    let backend = Backend::start("stuck").await;
    let rev = revision("svc", "svc-1", &[backend.addr]);
    router
        .router
        .publish(table(vec![service("svc", &[(&rev, 10_000)], &[])]));

    let in_flight = tokio::spawn({
        let (host, addr) = (router.host("svc"), router.addr);
        async move {
            client()
                .request(request(addr, &host, "/slow").body(body("")).unwrap())
                .await
        }
    });
    eventually("the slow request reaches the backend", || {
        backend.slow_waiting() == 1
    })
    .await;

    router.signal_shutdown();
    router.wait_served().await;
    let result = tokio::time::timeout(PATIENCE, in_flight)
        .await
        .unwrap()
        .unwrap();
    assert!(
        result.is_err(),
        "the stuck request should have been cut: {result:?}"
    );
}
