//! Failures of the instance: refused connections (502, or a retry on the next
//! endpoint) and responses that do not come in time (504).

use std::time::Duration;

use http::Request;
use runlane_router::RevisionBackend;
use tokio::time::Instant;

use crate::support::*;

#[tokio::test]
async fn a_refused_connection_gets_502_naming_the_revision() {
    let router = RunningRouter::with_defaults().await;
    let rev = revision("svc", "svc-1", &[refused_addr().await]);
    router
        .router
        .publish(table(vec![service("svc", &[(&rev, 10_000)], &[])]));

    let (status, body) = get(&client(), router.addr, &router.host("svc"), "/").await;
    assert_eq!(status, 502);
    assert!(
        body.starts_with("no instance of revision \"svc-1\" accepted a connection ("),
        "{body}"
    );
    assert!(
        body.ends_with("); check the revision's logs for crashes\n"),
        "{body}"
    );
    assert_eq!(rev.counts().server_error, 1);
}

#[tokio::test]
async fn a_refused_connection_is_retried_on_the_next_endpoint_with_its_body() {
    let router = RunningRouter::with_defaults().await;
    let live = Backend::start("live").await;
    let rev = revision("svc", "svc-1", &[refused_addr().await, live.addr]);
    router
        .router
        .publish(table(vec![service("svc", &[(&rev, 10_000)], &[])]));
    let client = client();

    // Round robin starts on the dead endpoint every other request.
    for i in 0..6 {
        let payload = format!("payload {i}");
        let req = Request::post(format!("http://{}/echo", router.addr))
            .header("host", router.host("svc"))
            .body(body(payload.clone()))
            .unwrap();
        let (status, echoed) = send(&client, req).await;
        assert_eq!((status.as_u16(), echoed), (200, payload));
    }
    assert_eq!(rev.counts().success, 6);
}

#[tokio::test]
async fn no_response_head_within_the_timeout_gets_504() {
    let router = RunningRouter::with_defaults().await;
    let rev = RevisionBackend::new("svc", "svc-1", Duration::from_millis(200));
    rev.set_endpoints(vec![silent_addr().await]);
    router
        .router
        .publish(table(vec![service("svc", &[(&rev, 10_000)], &[])]));

    let started = Instant::now();
    let (status, body) = get(&client(), router.addr, &router.host("svc"), "/").await;
    assert_eq!(status, 504);
    assert!(started.elapsed() >= Duration::from_millis(200));
    assert_eq!(
        body,
        "revision \"svc-1\" sent no response within its 200ms request timeout; \
         raise the revision's timeoutSeconds or make the handler answer sooner\n"
    );
    assert_eq!(rev.counts().server_error, 1);
}
