//! The console's routes against the API's real auth middleware: login by token URL,
//! the session cookie, refusal without it, the CSRF header on mutations, and asset paths
//! that try to leave the embedded table (over a real socket, bytes as sent).

use super::*;
use runlane_api::auth::SESSION_COOKIE;
use axum::body::Body;
use axum::http::Request;
use http_body_util::BodyExt;
use tower::ServiceExt;

struct Fixture {
    _dir: tempfile::TempDir,
    auth: ApiAuth,
    app: axum::Router,
}

fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let auth = ApiAuth::load_or_create(dir.path()).unwrap();
    // A stand-in API route behind the real bearer/cookie middleware.
    let api = axum::Router::new()
        .route("/apis/thing", get(|| async { "read" }).post(|| async { "changed" }))
        .layer(axum::middleware::from_fn_with_state(auth.clone(), runlane_api::auth::require_token));
    let app = mount(api, auth.clone());
    Fixture { _dir: dir, auth, app }
}

async fn send(app: &axum::Router, method: &str, uri: &str, headers: &[(&str, &str)]) -> (StatusCode, HeaderMap, String) {
    let mut request = Request::builder().method(method).uri(uri);
    for (k, v) in headers {
        request = request.header(*k, *v);
    }
    let response = app.clone().oneshot(request.body(Body::empty()).unwrap()).await.unwrap();
    let (parts, body) = response.into_parts();
    let body = String::from_utf8_lossy(&body.collect().await.unwrap().to_bytes()).into_owned();
    (parts.status, parts.headers, body)
}

fn cookie(f: &Fixture) -> String {
    format!("{SESSION_COOKIE}={}", f.auth.session_value(std::time::SystemTime::now()))
}

#[tokio::test]
async fn a_page_without_the_cookie_is_the_login_page_naming_the_token_file() {
    let f = fixture();
    for path in ["/", "/services/jokes", "/services/jokes/slos", "/incidents/7", "/logs", "/uptime"] {
        let (status, headers, body) = send(&f.app, "GET", path, &[]).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{path}");
        assert_eq!(headers[header::CONTENT_TYPE], "text/html; charset=utf-8");
        assert!(body.contains("Sign in"), "{body}");
        assert!(body.contains(&escape(&f.auth.path().display().to_string())), "{body}");
        assert!(!body.contains(f.auth.secret()), "the login page must not show the token");
    }
}

#[tokio::test]
async fn the_token_url_sets_an_http_only_strict_cookie_and_drops_the_token() {
    let f = fixture();
    let (status, headers, _) = send(&f.app, "GET", &format!("/incidents/7?token={}", f.auth.secret()), &[]).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(headers[header::LOCATION], format!("/incidents/7#key={}", f.auth.console_key()).as_str());
    let set = headers[header::SET_COOKIE].to_str().unwrap();
    assert!(set.starts_with(&format!("{}; ", cookie(&f))), "{set}");
    assert!(set.contains("HttpOnly") && set.contains("SameSite=Strict") && set.contains("Path=/") && set.contains("Max-Age=43200"), "{set}");
    assert!(!set.contains(f.auth.secret()));

    let (status, headers, body) = send(&f.app, "GET", "/incidents/7", &[("cookie", &cookie(&f))]).await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("/console/assets/app.js"), "{body}");
    assert!(headers[header::CONTENT_SECURITY_POLICY].to_str().unwrap().contains("script-src 'self'"));
    assert_eq!(headers[header::REFERRER_POLICY], "no-referrer");
}

/// An email's link names its project: logging in on it keeps the project, drops the token.
#[tokio::test]
async fn the_token_url_keeps_the_project_of_the_link() {
    let f = fixture();
    for (asked, kept) in [
        (format!("/incidents/7?ns=my-journey-4711&token={}", f.auth.secret()), "/incidents/7?ns=my-journey-4711"),
        (format!("/incidents/7?token={}&ns=my-journey-4711", f.auth.secret()), "/incidents/7?ns=my-journey-4711"),
        (format!("/?token={}", f.auth.secret()), "/"),
    ] {
        let (status, headers, _) = send(&f.app, "GET", &asked, &[]).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        assert_eq!(headers[header::LOCATION], format!("{kept}#key={}", f.auth.console_key()).as_str());
    }
}

#[tokio::test]
async fn a_wrong_token_sets_no_cookie() {
    let f = fixture();
    let (status, headers, body) = send(&f.app, "GET", "/?token=0000", &[]).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert!(headers.get(header::SET_COOKIE).is_none());
    assert!(body.contains("does not match"), "{body}");
}

/// A cookie is sent to every port of its host, so the cookie alone (as a
/// deployed app listening on a port of the API's host would receive it) calls nothing.
#[tokio::test]
async fn the_api_wants_the_cookie_and_the_console_key_for_reads_and_changes() {
    let f = fixture();
    let c = cookie(&f);
    let check = |method: &'static str, headers: Vec<(&'static str, String)>, want: StatusCode| {
        let app = f.app.clone();
        async move {
            let h: Vec<(&str, &str)> = headers.iter().map(|(k, v)| (*k, v.as_str())).collect();
            let (status, _, body) = send(&app, method, "/apis/thing", &h).await;
            assert_eq!(status, want, "{method} {headers:?}: {body}");
            body
        }
    };
    check("GET", vec![], StatusCode::UNAUTHORIZED).await;
    check("GET", vec![("cookie", format!("{SESSION_COOKIE}=nope"))], StatusCode::UNAUTHORIZED).await;
    // The token itself is not a session.
    check("GET", vec![("cookie", format!("{SESSION_COOKIE}={}", f.auth.secret()))], StatusCode::UNAUTHORIZED).await;
    let key = f.auth.console_key();
    for method in ["GET", "POST"] {
        let refused = check(method, vec![("cookie", c.clone())], StatusCode::FORBIDDEN).await;
        assert!(refused.contains("x-runlane-console"), "{refused}");
        check(method, vec![("cookie", c.clone()), ("x-runlane-console", "1".into())], StatusCode::FORBIDDEN).await;
        // The key alone is nothing either.
        check(method, vec![("x-runlane-console", key.clone())], StatusCode::UNAUTHORIZED).await;
    }
    assert_eq!(check("GET", vec![("cookie", c.clone()), ("x-runlane-console", key.clone())], StatusCode::OK).await, "read");
    assert_eq!(check("POST", vec![("cookie", c.clone()), ("x-runlane-console", key.clone())], StatusCode::OK).await, "changed");
    let bearer = format!("Bearer {}", f.auth.secret());
    assert_eq!(check("POST", vec![("authorization", bearer)], StatusCode::OK).await, "changed");
}

#[tokio::test]
async fn assets_are_served_by_name_without_login() {
    let f = fixture();
    for (path, kind) in [
        ("/console/assets/app.js", "text/javascript; charset=utf-8"),
        ("/console/assets/charts.js", "text/javascript; charset=utf-8"),
        ("/console/assets/style.css", "text/css; charset=utf-8"),
        ("/favicon.ico", "image/svg+xml"),
    ] {
        let (status, headers, body) = send(&f.app, "GET", path, &[]).await;
        assert_eq!(status, StatusCode::OK, "{path}");
        assert_eq!(headers[header::CONTENT_TYPE], kind, "{path}");
        assert!(!body.is_empty());
    }
}

/// Sends `target` byte for byte over a real socket (no client normalises it) and returns
/// the status line and body.
async fn raw_get(addr: std::net::SocketAddr, target: &str) -> (String, String) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    stream.write_all(format!("GET {target} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n").as_bytes()).await.unwrap();
    let mut reply = String::new();
    stream.read_to_string(&mut reply).await.unwrap();
    let status = reply.lines().next().unwrap_or("").to_owned();
    let body = reply.split_once("\r\n\r\n").map(|(_, b)| b.to_owned()).unwrap_or_default();
    (status, body)
}

#[tokio::test]
async fn asset_paths_cannot_leave_the_embedded_table() {
    let f = fixture();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, f.app).await });
    let (status, _) = raw_get(addr, "/console/assets/style.css").await;
    assert!(status.contains(" 200 "), "{status}");
    for target in [
        "/console/assets/../../Cargo.toml",
        "/console/assets/../src/lib.rs",
        "/console/assets/..%2f..%2fCargo.toml",
        "/console/assets/%2e%2e/%2e%2e/Cargo.toml",
        "/console/assets/%2e%2e%2f%2e%2e%2fsrc%2flib.rs",
        "/console/assets//etc/passwd",
        "/console/assets/..\\..\\Cargo.toml",
        "/console/assets/app.js/../../../Cargo.toml",
        "/console/assets/./app.js%00.toml",
    ] {
        let (status, body) = raw_get(addr, target).await;
        let code: u16 = status.split_whitespace().nth(1).and_then(|c| c.parse().ok()).unwrap_or(0);
        assert!(code == 404 || code == 400 || code == 401, "{target}: {status}");
        assert!(!body.contains("[package]") && !body.contains("forbid(unsafe_code)") && !body.contains("root:"), "{target} leaked a file: {body}");
    }
}
