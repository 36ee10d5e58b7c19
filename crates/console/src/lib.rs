//! The web console: a single-page app (HTML, CSS and plain JavaScript embedded in the
//! binary, no CDN) served on the API address, and its login. Every page is the same
//! shell; the script renders services, revisions and traffic, rollouts, charts, SLOs, incidents and
//! logs, uptime checks and runlane's own disk by calling the public JSON API, as the CLI does.
//!
//! Login works as Jupyter's: `runlane up` prints `http://API/?token=…`; opening it sets
//! an HttpOnly, SameSite=Strict session cookie (valid for 12 hours, keyed by the token, see
//! `runlane_api::auth`) and redirects to the same page without the token, so the token
//! leaves the address bar and the history; the redirect's fragment carries the console's
//! key, which the script keeps in the origin's storage and sends with every API call
//! (a cookie is sent to every port of its host; the storage is the API origin's alone). A page opened without the cookie gets a login
//! page saying where the token is.
//!
//! Invariants: the console holds no state of its own (no store, no cache of API data): it
//! serves files and sets a cookie; an asset is found by exact name in a fixed table, never
//! by touching the file system, so no path can reach outside it.
#![forbid(unsafe_code)]

use axum::extract::{RawQuery, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use runlane_api::auth::ApiAuth;

/// Paths the single-page app answers (the script routes between them).
pub const PAGES: &[&str] = &[
    "/",
    "/services",
    "/services/{name}",
    "/services/{name}/{tab}",
    "/incidents",
    "/incidents/{id}",
    "/logs",
    "/uptime",
];

/// Where the embedded files are served.
pub const ASSETS_PREFIX: &str = "/console/assets/";

struct Asset {
    name: &'static str,
    content_type: &'static str,
    body: &'static [u8],
}

const ASSETS: &[Asset] = &[
    Asset { name: "app.js", content_type: "text/javascript; charset=utf-8", body: include_bytes!("../assets/app.js") },
    Asset { name: "charts.js", content_type: "text/javascript; charset=utf-8", body: include_bytes!("../assets/charts.js") },
    Asset { name: "style.css", content_type: "text/css; charset=utf-8", body: include_bytes!("../assets/style.css") },
    Asset { name: "icon.svg", content_type: "image/svg+xml", body: include_bytes!("../assets/icon.svg") },
];

/// Scripts, styles, images and API calls only from this origin; no frames.
const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// The console's routes; merge them into the API's router (they sit outside its bearer
/// token layer, since a page without the cookie must get the login page, not JSON).
pub fn routes(auth: ApiAuth) -> axum::Router {
    let mut router = axum::Router::new();
    for page in PAGES {
        router = router.route(page, get(page_or_login));
    }
    router
        .route(&format!("{ASSETS_PREFIX}{{*file}}"), get(asset))
        .route("/favicon.ico", get(|| async { serve_asset("icon.svg") }))
        .with_state(auth)
}

/// The API with the console mounted: what `runlane up` serves.
pub fn mount(api: axum::Router, auth: ApiAuth) -> axum::Router {
    api.merge(routes(auth))
}

/// The address `runlane up` prints: the console, logged in by the token.
pub fn login_url(api_base: &str, auth: &ApiAuth) -> String {
    format!("{}/?token={}", api_base.trim_end_matches('/'), auth.secret())
}

async fn page_or_login(State(auth): State<ApiAuth>, uri: Uri, RawQuery(query): RawQuery, headers: HeaderMap) -> Response {
    let presented = query.as_deref().unwrap_or("").split('&').find_map(|pair| pair.strip_prefix("token="));
    if let Some(token) = presented {
        if !auth.accepts(token) {
            return login_page(&auth, StatusCode::UNAUTHORIZED, "That token does not match this runlane's.");
        }
        // The path matched one of PAGES, so it is ours; never redirect off-site.
        let path = uri.path();
        let path = if path.starts_with('/') && !path.starts_with("//") { path } else { "/" };
        // Everything but the token stays (the project, `?ns=`, of an email's link).
        let kept: Vec<&str> = query.as_deref().unwrap_or("").split('&').filter(|p| !p.is_empty() && !p.starts_with("token=")).collect();
        let target = if kept.is_empty() { path.to_owned() } else { format!("{path}?{}", kept.join("&")) };
        let cookie = auth.session_cookie(std::time::SystemTime::now());
        // The key rides in the fragment, which no browser sends to a server: the script
        // moves it to this origin's storage and out of the address bar.
        let location = format!("{target}#key={}", auth.console_key());
        let mut response = (StatusCode::SEE_OTHER, [(header::LOCATION, location), (header::SET_COOKIE, cookie)]).into_response();
        secure_headers(response.headers_mut());
        return response;
    }
    if !auth.accepts_session(&headers) {
        return login_page(&auth, StatusCode::UNAUTHORIZED, "Sign in to see this runlane.");
    }
    let mut response = ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], SHELL).into_response();
    secure_headers(response.headers_mut());
    response
}

async fn asset(axum::extract::Path(file): axum::extract::Path<String>) -> Response {
    serve_asset(&file)
}

fn serve_asset(name: &str) -> Response {
    match ASSETS.iter().find(|a| a.name == name) {
        Some(a) => {
            let mut response = ([(header::CONTENT_TYPE, a.content_type), (header::CACHE_CONTROL, "no-cache")], a.body).into_response();
            secure_headers(response.headers_mut());
            response
        }
        None => (
            StatusCode::NOT_FOUND,
            [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
            format!("no console asset {name:?}; the console serves {}\n", ASSETS.iter().map(|a| a.name).collect::<Vec<_>>().join(", ")),
        )
            .into_response(),
    }
}

fn secure_headers(headers: &mut HeaderMap) {
    headers.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(CSP));
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.entry(header::CACHE_CONTROL).or_insert(HeaderValue::from_static("no-store"));
}

fn login_page(auth: &ApiAuth, status: StatusCode, headline: &str) -> Response {
    let path = escape(&auth.path().display().to_string());
    let body = format!(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
<title>runlane — sign in</title><link rel=\"icon\" href=\"{ASSETS_PREFIX}icon.svg\"><link rel=\"stylesheet\" href=\"{ASSETS_PREFIX}style.css\"></head>\
<body><main class=\"login\"><h1>runlane console</h1><p class=\"lead\">{headline}</p>\
<p>Open the address <code>runlane up</code> printed on its <code>console</code> line, <code>http://…/?token=…</code>.</p>\
<p>The token is in <code>{path}</code>; open this address with <code>?token=</code> followed by the file's contents.</p></main></body></html>\n"
    );
    let mut response = (status, [(header::CONTENT_TYPE, "text/html; charset=utf-8")], body).into_response();
    secure_headers(response.headers_mut());
    response
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

const SHELL: &str = concat!(
    "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">",
    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">",
    "<title>runlane</title><link rel=\"icon\" href=\"/console/assets/icon.svg\">",
    "<link rel=\"stylesheet\" href=\"/console/assets/style.css\">",
    "<script type=\"module\" src=\"/console/assets/app.js\"></script></head>",
    "<body><a class=\"skip\" href=\"#main\">Skip to content</a>",
    "<header class=\"top\"><a class=\"brand\" href=\"/\">runlane</a><nav aria-label=\"Main\">",
    "<a href=\"/\" data-nav=\"services\">Services</a><a href=\"/incidents\" data-nav=\"incidents\">Incidents</a>",
    "<a href=\"/logs\" data-nav=\"logs\">Logs</a><a href=\"/uptime\" data-nav=\"uptime\">Uptime</a></nav>",
    "<label class=\"project\">Project <select id=\"project\"></select></label>",
    "<label class=\"live\"><input type=\"checkbox\" id=\"live\" checked> Live</label></header>",
    "<main id=\"main\" tabindex=\"-1\"><p class=\"muted\">Loading…</p></main>",
    "<div id=\"toast\" role=\"status\" aria-live=\"polite\"></div></body></html>\n"
);

#[cfg(test)]
mod tests;
