//! Host routing: tag URLs reach their revision whatever the split, and
//! unknown hosts or tags get a 404 that lists what exists.

use crate::support::*;

#[tokio::test]
async fn tags_reach_their_revision_whatever_the_split() {
    let router = RunningRouter::with_defaults().await;
    let (blue, green) = (Backend::start("blue").await, Backend::start("green").await);
    let blue_rev = revision("svc", "svc-1", &[blue.addr]);
    let green_rev = revision("svc", "svc-2", &[green.addr]);
    router.router.publish(table(vec![service(
        "svc",
        &[(&blue_rev, 10_000), (&green_rev, 0)],
        &[("stable", &blue_rev), ("candidate", &green_rev)],
    )]));
    let client = client();

    for _ in 0..5 {
        assert_eq!(
            get(&client, router.addr, &router.host("svc"), "/").await.1,
            "blue"
        );
        assert_eq!(
            get(&client, router.addr, &router.host("candidate---svc"), "/")
                .await
                .1,
            "green"
        );
        assert_eq!(
            get(&client, router.addr, &router.host("Stable---SVC"), "/")
                .await
                .1,
            "blue"
        );
    }
    assert_eq!(green_rev.counts().success, 5);
    assert_eq!(blue_rev.counts().success, 10);
}

#[tokio::test]
async fn unknown_hosts_and_tags_get_404_naming_what_exists() {
    let router = RunningRouter::with_defaults().await;
    let backend = Backend::start("a").await;
    let rev = revision("a", "a-1", &[backend.addr]);
    router.router.publish(table(vec![
        service("a", &[(&rev, 10_000)], &[("v1", &rev)]),
        service("b", &[(&rev, 10_000)], &[]),
    ]));
    let client = client();
    let port = router.addr.port();

    let (status, body) = get(&client, router.addr, &router.host("x"), "/").await;
    assert_eq!(status, 404);
    assert_eq!(
        body,
        format!(
            "no service answers for host \"x.localhost\"; services: a, b (URLs are http://SERVICE.localhost:{port})\n"
        )
    );

    let (status, body) = get(&client, router.addr, &router.host("v2---a"), "/").await;
    assert_eq!(status, 404);
    assert_eq!(
        body,
        format!("service \"a\" has no tag \"v2\"; tags: v1 (URLs are http://TAG---a.localhost:{port})\n")
    );
    // Router-made 404s are not the revision's doing and count nowhere.
    assert_eq!(rev.counts(), Default::default());
}

#[tokio::test]
async fn a_missing_host_gets_400() {
    let router = RunningRouter::with_defaults().await;
    let response = raw_exchange(router.addr, "GET / HTTP/1.1\r\n\r\n").await;
    assert!(
        response.starts_with("HTTP/1.1 400 Bad Request\r\n"),
        "{response}"
    );
    assert!(
        response.ends_with(
            "the request has no Host header; send one naming the service, like SERVICE.localhost\n"
        ),
        "{response}"
    );
}

#[tokio::test]
async fn a_service_with_no_traffic_gets_503() {
    let router = RunningRouter::with_defaults().await;
    router.router.publish(table(vec![service("svc", &[], &[])]));
    let (status, body) = get(&client(), router.addr, &router.host("svc"), "/").await;
    assert_eq!(status, 503);
    assert!(
        body.starts_with("service \"svc\" has no revision receiving traffic;"),
        "{body}"
    );
}
