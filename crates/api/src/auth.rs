//! Admin API authentication: every request but `/healthz` carries
//! `Authorization: Bearer <token>`, where the token is the one `runlane up` generated
//! at first start and keeps (mode 0600) in the data dir. Comparison is constant-time.
//!
//! The web console's browser session is the other credential, in two halves, both
//! keyed by the token (HMAC-SHA256) and given when the browser opens the `?token=` URL
//! `runlane up` prints: a cookie ([`SESSION_COOKIE`], HttpOnly, SameSite=Strict, valid for
//! [`SESSION_LIFETIME`]: its value carries its expiry and a MAC over it) and a key
//! ([`ApiAuth::console_key`]) the console's script keeps in its origin's storage and sends
//! in [`CONSOLE_HEADER`] with every API call. The API wants both. Cookies are not bound
//! to a port, so a browser sends the cookie to anything listening on the API's host (a
//! deployed app that opened a port of its own, say); the storage is bound to the API's
//! exact origin (scheme, host and port), so the cookie alone, wherever it leaks, calls
//! nothing. A page on another origin cannot add the header without a CORS preflight, which
//! this API never grants, nor read the key.

use crate::error::ApiError;
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::io::Write;
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, SystemTime};

pub const TOKEN_FILE: &str = "api-token";
/// The token that may call private services (`runlane auth print-identity-token`).
pub const INVOKER_TOKEN_FILE: &str = "invoker-token";
/// The console's session cookie.
pub const SESSION_COOKIE: &str = "runlane_session";
/// The header in which the console sends its key with every API call.
pub const CONSOLE_HEADER: &str = "x-runlane-console";
/// How long a console session cookie is accepted after the login that made it.
pub const SESSION_LIFETIME: Duration = Duration::from_secs(12 * 3600);

/// The API's credentials and where they are kept (for the 401 message).
#[derive(Clone)]
pub struct ApiAuth {
    token: Arc<str>,
    /// HMAC-SHA256 keyed by the token: the console's cookie and key. A new token (a new
    /// file) ends every session.
    mac_key: ring::hmac::Key,
    path: Arc<Path>,
}

impl ApiAuth {
    /// Reads the data dir's token, creating one (32 random bytes from the OS, hex) at first start.
    pub fn load_or_create(data_dir: &Path) -> std::io::Result<ApiAuth> {
        Self::load_or_create_at(data_dir.join(TOKEN_FILE))
    }

    /// Like `load_or_create`, for the token kept at `path` (e.g. the invoker token).
    pub fn load_or_create_at(path: PathBuf) -> std::io::Result<ApiAuth> {
        match std::fs::read_to_string(&path) {
            Ok(text) if !text.trim().is_empty() => {
                let mode = std::fs::metadata(&path)?.permissions().mode() & 0o777;
                if mode & 0o077 != 0 {
                    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600))?;
                    tracing::warn!(path = %path.display(), "the API token file was readable by others; made it 0600");
                }
                return Ok(ApiAuth::new(text.trim(), path));
            }
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(e),
        }
        let mut random = [0u8; 32];
        std::fs::File::open("/dev/urandom").and_then(|mut f| std::io::Read::read_exact(&mut f, &mut random))?;
        let token: String = random.iter().map(|b| format!("{b:02x}")).collect();
        let mut file = std::fs::OpenOptions::new().write(true).create(true).truncate(true).mode(0o600).open(&path)?;
        file.write_all(format!("{token}\n").as_bytes())?;
        file.sync_all()?;
        Ok(ApiAuth::new(&token, path))
    }

    fn new(token: &str, path: PathBuf) -> ApiAuth {
        ApiAuth { token: token.into(), mac_key: ring::hmac::Key::new(ring::hmac::HMAC_SHA256, token.as_bytes()), path: path.into() }
    }

    fn mac_hex(&self, message: &[u8]) -> String {
        ring::hmac::sign(&self.mac_key, message).as_ref().iter().map(|b| format!("{b:02x}")).collect()
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The token itself: the router's invoker check, the identity-token reply and the
    /// console's login URL that `runlane up` prints.
    pub fn secret(&self) -> &str {
        &self.token
    }

    /// Whether `presented` is the token, in time that does not depend on where they differ.
    pub fn accepts(&self, presented: &str) -> bool {
        constant_time_eq(presented.as_bytes(), self.token.as_bytes())
    }

    /// A console session cookie's value, made at `now` and valid for [`SESSION_LIFETIME`]:
    /// `EXPIRY.MAC`, the expiry in Unix seconds and an HMAC of it keyed by the token.
    pub fn session_value(&self, now: SystemTime) -> String {
        let expiry = (now + SESSION_LIFETIME).duration_since(SystemTime::UNIX_EPOCH).map_or(0, |d| d.as_secs());
        format!("{expiry}.{}", self.mac_hex(&session_message(expiry)))
    }

    /// The `Set-Cookie` header's value that starts a console session at `now`.
    pub fn session_cookie(&self, now: SystemTime) -> String {
        format!("{SESSION_COOKIE}={}; Path=/; Max-Age={}; HttpOnly; SameSite=Strict", self.session_value(now), SESSION_LIFETIME.as_secs())
    }

    /// Whether `value` is a session cookie this token made that has not expired at `now`.
    fn session_valid_at(&self, value: &str, now: SystemTime) -> bool {
        let Some((expiry, mac)) = value.split_once('.') else { return false };
        let Ok(expiry) = expiry.parse::<u64>() else { return false };
        let Some(mac) = hex_bytes(mac) else { return false };
        let unexpired = now.duration_since(SystemTime::UNIX_EPOCH).is_ok_and(|d| d.as_secs() < expiry);
        unexpired && ring::hmac::verify(&self.mac_key, &session_message(expiry), &mac).is_ok()
    }

    /// The console's key, its half of the session bound to the API's origin: keyed by the
    /// token (so it survives restarts) but neither the token nor the cookie's value.
    pub fn console_key(&self) -> String {
        self.mac_hex(b"runlane console key")
    }

    /// Whether the request carries both halves of a console session: the cookie and the
    /// key in [`CONSOLE_HEADER`].
    pub fn accepts_console(&self, headers: &axum::http::HeaderMap) -> bool {
        let key = self.console_key();
        let key_ok = headers
            .get(CONSOLE_HEADER)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| constant_time_eq(v.trim().as_bytes(), key.as_bytes()));
        key_ok && self.accepts_session(headers)
    }

    /// Whether a `Cookie` header carries a valid console session cookie (enough for the
    /// console's pages, which hold no data; not for the API).
    pub fn accepts_session(&self, headers: &axum::http::HeaderMap) -> bool {
        self.accepts_session_at(headers, SystemTime::now())
    }

    fn accepts_session_at(&self, headers: &axum::http::HeaderMap, now: SystemTime) -> bool {
        headers
            .get_all(axum::http::header::COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(';'))
            .filter_map(|pair| pair.trim().split_once('='))
            .any(|(name, value)| name == SESSION_COOKIE && self.session_valid_at(value, now))
    }
}

fn session_message(expiry: u64) -> Vec<u8> {
    format!("runlane console session\0{expiry}").into_bytes()
}

fn hex_bytes(text: &str) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) || !text.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    (0..text.len()).step_by(2).map(|i| u8::from_str_radix(text.get(i..i + 2)?, 16).ok()).collect()
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    subtle::ConstantTimeEq::ct_eq(a, b).into()
}

/// Middleware: 401 in Google's error format unless the bearer token matches.
pub async fn require_token(State(auth): State<ApiAuth>, request: Request, next: Next) -> Response {
    if request.uri().path() == "/healthz" {
        return next.run(request).await;
    }
    if crate::registry::is_registry_path(request.uri().path()) {
        return registry_auth(&auth, request, next).await;
    }
    let presented = request
        .headers()
        .get(axum::http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer ").or_else(|| v.strip_prefix("bearer ")))
        .map(str::trim);
    match presented {
        Some(token) if auth.accepts(token) => next.run(request).await,
        Some(_) => unauthenticated(&auth, "the bearer token does not match"),
        None if auth.accepts_console(request.headers()) => next.run(request).await,
        None if auth.accepts_session(request.headers()) => ApiError::new(
            StatusCode::FORBIDDEN,
            "PERMISSION_DENIED",
            format!("the console's session cookie alone calls nothing: the console sends its key in the {CONSOLE_HEADER} header (open the console address runlane up printed again if it lost it); other clients use the bearer token"),
        )
        .into_response(),
        None => unauthenticated(&auth, "this request has no Authorization: Bearer token"),
    }
}

/// The embedded registry's credentials, as registry clients send them: Basic with the
/// API token as the password (any user name: `skopeo --creds runlane:TOKEN`, `buildah
/// login -p TOKEN`, Docker's config.json), or the token as a Bearer. Without them: 401 with
/// a Basic challenge, which every registry client answers with its configured credentials.
async fn registry_auth(auth: &ApiAuth, request: Request, next: Next) -> Response {
    let header = request.headers().get(axum::http::header::AUTHORIZATION).and_then(|v| v.to_str().ok()).map(str::trim).unwrap_or("");
    let (scheme, credential) = header.split_once(' ').unwrap_or((header, ""));
    let accepted = match scheme.to_ascii_lowercase().as_str() {
        "bearer" => auth.accepts(credential.trim()),
        "basic" => {
            use base64::Engine as _;
            base64::engine::general_purpose::STANDARD
                .decode(credential.trim())
                .ok()
                .and_then(|raw| String::from_utf8(raw).ok())
                .and_then(|pair| pair.split_once(':').map(|(_, password)| auth.accepts(password)))
                .unwrap_or(false)
        }
        _ => false,
    };
    if accepted {
        return next.run(request).await;
    }
    let why = if header.is_empty() { "this request has no credentials" } else { "the credentials do not match" };
    let mut e = crate::registry::RegistryError::new(
        StatusCode::UNAUTHORIZED,
        "UNAUTHORIZED",
        format!("{why}; log in with any user name and the API token as the password (it is in {}), e.g. skopeo login -u runlane --password-stdin HOST", auth.path().display()),
    )
    .into_response();
    e.headers_mut().insert(axum::http::header::WWW_AUTHENTICATE, axum::http::HeaderValue::from_static("Basic realm=\"runlane\""));
    e
}

fn unauthenticated(auth: &ApiAuth, what: &str) -> Response {
    ApiError::new(
        StatusCode::UNAUTHORIZED,
        "UNAUTHENTICATED",
        format!(
            "{what}; the API token is in {} (the runlane CLI reads it from there, or from --token-file / RUNLANE_TOKEN_FILE; for gcloud run `runlane gcloud-config`)",
            auth.path().display()
        ),
    )
    .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_is_created_once_private_and_compared_exactly() {
        let dir = tempfile::tempdir().unwrap();
        let a = ApiAuth::load_or_create(dir.path()).unwrap();
        let mode = std::fs::metadata(a.path()).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
        let b = ApiAuth::load_or_create(dir.path()).unwrap();
        assert_eq!(a.token, b.token);
        assert_eq!(a.token.len(), 64);
        assert!(a.accepts(&a.token));
        assert!(!a.accepts(&a.token[..63]));
        assert!(!a.accepts(""));
        let mut wrong = a.token.to_string();
        wrong.replace_range(0..1, if wrong.starts_with('0') { "1" } else { "0" });
        assert!(!a.accepts(&wrong));
    }

    #[test]
    fn the_session_cookie_is_keyed_by_the_token_checked_exactly_and_expires() {
        let dir = tempfile::tempdir().unwrap();
        let a = ApiAuth::load_or_create(dir.path()).unwrap();
        let login = SystemTime::UNIX_EPOCH + Duration::from_secs(1_800_000_000);
        let session = a.session_value(login);
        assert!(session.starts_with(&format!("{}.", 1_800_000_000 + SESSION_LIFETIME.as_secs())), "{session}");
        assert!(!session.contains(&*a.token));
        let check = |cookie: &str, now: SystemTime| {
            let mut headers = axum::http::HeaderMap::new();
            headers.insert(axum::http::header::COOKIE, cookie.parse().unwrap());
            a.accepts_session_at(&headers, now)
        };
        let soon = login + Duration::from_secs(60);
        assert!(check(&format!("{SESSION_COOKIE}={session}"), soon));
        assert!(check(&format!("other=1; {SESSION_COOKIE}={session}; x=y"), soon));
        assert!(!check(&format!("{SESSION_COOKIE}={}", &session[..session.len() - 1]), soon));
        assert!(!check(&format!("{SESSION_COOKIE}={}", a.token), soon));
        assert!(!check(&format!("x{SESSION_COOKIE}={session}"), soon));
        assert!(!a.accepts_session_at(&axum::http::HeaderMap::new(), soon));
        // Expired at its expiry; and a later expiry cannot be written in without the token.
        assert!(check(&format!("{SESSION_COOKIE}={session}"), login + SESSION_LIFETIME - Duration::from_secs(1)));
        assert!(!check(&format!("{SESSION_COOKIE}={session}"), login + SESSION_LIFETIME));
        let (_, mac) = session.split_once('.').unwrap();
        let extended = format!("{}.{mac}", 1_800_000_000 + 10 * SESSION_LIFETIME.as_secs());
        assert!(!check(&format!("{SESSION_COOKIE}={extended}"), soon));
        // Another token's sessions are not this one's.
        let other_dir = tempfile::tempdir().unwrap();
        let b = ApiAuth::load_or_create(other_dir.path()).unwrap();
        assert!(!check(&format!("{SESSION_COOKIE}={}", b.session_value(login)), soon));
        let cookie = a.session_cookie(login);
        assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict") && cookie.contains(&format!("Max-Age={}", SESSION_LIFETIME.as_secs())), "{cookie}");
    }

    #[test]
    fn the_console_needs_the_cookie_and_the_key() {
        let dir = tempfile::tempdir().unwrap();
        let a = ApiAuth::load_or_create(dir.path()).unwrap();
        let key = a.console_key();
        assert_eq!(key.len(), 64);
        let session = a.session_value(SystemTime::now());
        assert!(!session.contains(&key));
        assert!(!key.contains(&*a.token));
        let check = |cookie: Option<&str>, header: Option<&str>| {
            let mut headers = axum::http::HeaderMap::new();
            if let Some(c) = cookie {
                headers.insert(axum::http::header::COOKIE, c.parse().unwrap());
            }
            if let Some(h) = header {
                headers.insert(CONSOLE_HEADER, h.parse().unwrap());
            }
            a.accepts_console(&headers)
        };
        let cookie = format!("{SESSION_COOKIE}={session}");
        assert!(check(Some(&cookie), Some(&key)));
        assert!(!check(Some(&cookie), None), "a leaked cookie alone");
        assert!(!check(Some(&cookie), Some("1")));
        assert!(!check(Some(&cookie), Some(&session)), "the cookie's value is not the key");
        assert!(!check(None, Some(&key)));
    }

    #[test]
    fn a_token_file_readable_by_others_is_tightened() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(TOKEN_FILE);
        std::fs::write(&path, "abc\n").unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
        let a = ApiAuth::load_or_create(dir.path()).unwrap();
        assert!(a.accepts("abc"));
        assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
    }
}
