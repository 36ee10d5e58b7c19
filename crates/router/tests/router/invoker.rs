//! Private services: a restricted table entry admits only requests with an invoker
//! token, the app sees the checked header redacted, and a request held while its
//! service turns private is asked again.

use runlane_router::{InvokerTokens, RouterConfig, REDACTED_TOKEN};

use crate::support::*;

fn config() -> RouterConfig {
    let mut config = RouterConfig::new(DOMAIN);
    config.invoker_tokens = InvokerTokens::new(["s3cret-invoker"]);
    config
}

async fn get_with(router: &RunningRouter, label: &str, path: &str, headers: &[(&str, &str)]) -> (u16, String) {
    let mut req = request(router.addr, &router.host(label), path);
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    let (status, body) = send(&client(), req.body(body("")).unwrap()).await;
    (status.as_u16(), body)
}

#[tokio::test]
async fn private_services_want_an_invoker_token_and_never_see_it() {
    let router = RunningRouter::start(config()).await;
    let backend = Backend::start("app").await;
    let private = revision("priv", "priv-1", &[backend.addr]);
    let public = revision("pub", "pub-1", &[backend.addr]);
    let mut t = table(vec![service("priv", &[(&private, 10_000)], &[("beta", &private)]), service("pub", &[(&public, 10_000)], &[])]);
    t.restrict("priv");
    router.router.publish(t);

    for label in ["priv", "beta---priv"] {
        let (status, body) = get_with(&router, label, "/headers", &[]).await;
        assert_eq!(status, 403, "{label}: {body}");
        assert!(body.starts_with("service \"priv\" requires an invoker token (this request has none)"), "{body}");
        let (status, body) = get_with(&router, label, "/headers", &[("authorization", "Bearer s3cret-invokerX")]).await;
        assert_eq!(status, 403, "{label}: {body}");
        let (status, body) = get_with(&router, label, "/headers", &[("authorization", "Bearer s3cret-invoker")]).await;
        assert_eq!(status, 200, "{label}: {body}");
        assert!(body.contains(&format!("authorization: {REDACTED_TOKEN}\n")) && !body.contains("s3cret"), "{body}");
    }
    // Refused requests reach no instance and count for no revision.
    assert_eq!(private.counts().success, 2);
    assert_eq!(private.counts().client_error, 0);
    // A public service passes Authorization through untouched.
    let (status, body) = get_with(&router, "pub", "/headers", &[("authorization", "Bearer app-token")]).await;
    assert_eq!((status, body.contains("authorization: Bearer app-token\n")), (200, true), "{body}");
}

#[tokio::test]
async fn a_held_request_is_asked_again_when_its_service_turns_private() {
    let router = RunningRouter::start(config()).await;
    let backend = Backend::start("late").await;
    let rev = revision("svc", "svc-1", &[]);
    router.router.publish(table(vec![service("svc", &[(&rev, 10_000)], &[])]));

    let anonymous = tokio::spawn({
        let (host, addr) = (router.host("svc"), router.addr);
        async move { get(&client(), addr, &host, "/headers").await }
    });
    let with_token = tokio::spawn({
        let (host, addr) = (router.host("svc"), router.addr);
        async move { send(&client(), request(addr, &host, "/headers").header("authorization", "Bearer s3cret-invoker").body(body("")).unwrap()).await }
    });
    eventually("both requests are held", || rev.held() == 2).await;

    let mut private = table(vec![service("svc", &[(&rev, 10_000)], &[])]);
    private.restrict("svc");
    router.router.publish(private);
    let (status, body) = anonymous.await.unwrap();
    assert_eq!(status, 403, "{body}");

    rev.set_endpoints(vec![backend.addr]);
    let (status, body) = with_token.await.unwrap();
    assert_eq!(status, 200, "{body}");
    assert!(body.contains(&format!("authorization: {REDACTED_TOKEN}\n")) && !body.contains("s3cret"), "{body}");
}
