//! Admin API authentication: every request but `/healthz` carries
//! `Authorization: Bearer <token>`, where the token is the one `runlane up` generated
//! at first start and keeps (mode 0600) in the data dir. Comparison is constant-time.

use crate::error::ApiError;
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::io::Write;
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::sync::Arc;

pub const TOKEN_FILE: &str = "api-token";
/// The token that may call private services (`runlane auth print-identity-token`).
pub const INVOKER_TOKEN_FILE: &str = "invoker-token";

/// The API's credentials and where they are kept (for the 401 message).
#[derive(Clone)]
pub struct ApiAuth {
    token: Arc<str>,
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
                return Ok(ApiAuth { token: text.trim().into(), path: path.into() });
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
        Ok(ApiAuth { token: token.into(), path: path.into() })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The token itself, for the router's invoker check and the identity-token reply.
    pub fn secret(&self) -> &str {
        &self.token
    }

    /// Whether `presented` is the token, in time that does not depend on where they differ.
    pub fn accepts(&self, presented: &str) -> bool {
        constant_time_eq(presented.as_bytes(), self.token.as_bytes())
    }
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Middleware: 401 in Google's error format unless the bearer token matches.
pub async fn require_token(State(auth): State<ApiAuth>, request: Request, next: Next) -> Response {
    if request.uri().path() == "/healthz" {
        return next.run(request).await;
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
        None => unauthenticated(&auth, "this request has no Authorization: Bearer token"),
    }
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
