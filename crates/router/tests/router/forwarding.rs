//! Headers crossing the router: hop-by-hop ones are dropped both ways, the
//! instance learns the client's address, and the original Host is kept.

use std::collections::BTreeMap;

use crate::support::*;

#[tokio::test]
async fn forwarded_headers_and_hop_by_hop_stripping() {
    let (router, _backend) = router_with_one_backend("app").await;
    let host = router.host("svc");

    let req = request(router.addr, &host, "/headers")
        .header("x-forwarded-for", "203.0.113.7")
        .header("x-forwarded-proto", "https")
        .header("connection", "x-drop")
        .header("x-drop", "secret")
        .header("te", "trailers")
        .header("proxy-authorization", "Basic eDp5")
        .header("x-app-request", "kept")
        .body(body(""))
        .unwrap();
    let response = client().request(req).await.unwrap();
    let headers = response.headers().clone();
    let text = http_body_util::BodyExt::collect(response.into_body())
        .await
        .unwrap()
        .to_bytes();
    let seen: BTreeMap<String, String> = std::str::from_utf8(&text)
        .unwrap()
        .lines()
        .filter_map(|l| l.split_once(": "))
        .map(|(n, v)| (n.to_owned(), v.to_owned()))
        .collect();

    assert_eq!(seen["host"], host);
    assert_eq!(seen["x-forwarded-for"], "203.0.113.7, 127.0.0.1");
    assert_eq!(seen["x-forwarded-proto"], "http");
    assert_eq!(
        seen["forwarded"],
        format!("for=127.0.0.1;proto=http;host=\"{host}\"")
    );
    assert_eq!(seen["x-app-request"], "kept");
    for gone in [
        "x-drop",
        "te",
        "proxy-authorization",
        "keep-alive",
        "upgrade",
    ] {
        assert!(
            !seen.contains_key(gone),
            "{gone} reached the instance: {seen:?}"
        );
    }

    assert_eq!(headers["x-app"], "yes");
    for gone in ["x-hop", "keep-alive", "proxy-authenticate"] {
        assert!(
            !headers.contains_key(gone),
            "{gone} reached the client: {headers:?}"
        );
    }
    assert!(
        !headers.get_all("connection").iter().any(|v| v == "x-hop"),
        "{headers:?}"
    );
}
