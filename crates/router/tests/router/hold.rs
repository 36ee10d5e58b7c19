//! A revision with no ready instance holds requests until one appears, up to
//! the hold timeout, then answers 503.

use std::time::Duration;

use runlane_router::RouterConfig;

use crate::support::*;

#[tokio::test]
async fn a_held_request_proceeds_when_an_endpoint_appears() {
    let router = RunningRouter::with_defaults().await;
    let backend = Backend::start("late").await;
    let rev = revision("svc", "svc-1", &[]);
    router
        .router
        .publish(table(vec![service("svc", &[(&rev, 10_000)], &[])]));

    let request = tokio::spawn({
        let (host, addr) = (router.host("svc"), router.addr);
        async move { get(&client(), addr, &host, "/").await }
    });
    eventually("the request is held", || rev.held() == 1).await;
    assert!(!request.is_finished());

    rev.set_endpoints(vec![backend.addr]);
    let (status, body) = request.await.unwrap();
    assert_eq!((status.as_u16(), body.as_str()), (200, "late"));
    assert_eq!(rev.held(), 0);
    assert_eq!(rev.counts().success, 1);
}

#[tokio::test]
async fn a_request_held_too_long_gets_503_naming_the_revision() {
    let mut config = RouterConfig::new(DOMAIN);
    config.hold_timeout = Duration::from_millis(200);
    let router = RunningRouter::start(config).await;
    let rev = revision("svc", "svc-00001-abc", &[]);
    router
        .router
        .publish(table(vec![service("svc", &[(&rev, 10_000)], &[])]));

    let (status, body) = get(&client(), router.addr, &router.host("svc"), "/").await;
    assert_eq!(status, 503);
    assert_eq!(
        body,
        "revision \"svc-00001-abc\" of service \"svc\" had no ready instance after waiting 200ms; \
         check the revision's logs for why its instances do not start or become ready\n"
    );
    assert_eq!(rev.counts().server_error, 1);
    assert_eq!(rev.held(), 0);
}

/// A request held for a revision that a newly published table no longer routes to
/// (the deploy that replaced it became ready first) follows the new table.
#[tokio::test]
async fn a_held_request_follows_a_newly_published_table() {
    let router = RunningRouter::with_defaults().await;
    let backend = Backend::start("new").await;
    let old = revision("svc", "svc-1", &[]);
    let new = revision("svc", "svc-2", &[]);
    router.router.publish(table(vec![service("svc", &[(&old, 10_000)], &[])]));

    let request = tokio::spawn({
        let (host, addr) = (router.host("svc"), router.addr);
        async move { get(&client(), addr, &host, "/").await }
    });
    eventually("the request is held on the old revision", || old.held() == 1).await;

    new.set_endpoints(vec![backend.addr]);
    router.router.publish(table(vec![service("svc", &[(&new, 10_000)], &[])]));
    let (status, body) = request.await.unwrap();
    assert_eq!((status.as_u16(), body.as_str()), (200, "new"));
    assert_eq!((old.held(), old.counts().total()), (0, 0));
    assert_eq!(new.counts().success, 1);
}
