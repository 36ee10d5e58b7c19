//! Checks the names that API paths carry before any handler sees them: the namespace
//! after `/namespaces/` and the project after `/projects/` must be DNS labels, so an
//! encoded `..%2F..` or a control character is refused with a field error instead of
//! becoming a namespace that is listed (empty) or created.

use crate::error::ApiError;
use axum::extract::Request;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

pub async fn check_path_names(request: Request, next: Next) -> Response {
    let path = request.uri().path();
    let mut segments = path.split('/');
    while let Some(segment) = segments.next() {
        let field = match segment {
            "namespaces" => "metadata.namespace",
            "projects" => "project",
            _ => continue,
        };
        let Some(raw) = segments.next() else { break };
        let decoded = percent_decode(raw);
        if let Err(e) = runlane_model::naming::check_namespace(&decoded) {
            return ApiError::field(field, format!("{} in the path {}", e.description, request.uri().path())).into_response();
        }
    }
    next.run(request).await
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let Some(b) = text.get(i + 1..i + 3).and_then(|hex| u8::from_str_radix(hex, 16).ok()) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_percent_escapes() {
        assert_eq!(percent_decode("..%2F..%2Fetc"), "../../etc");
        assert_eq!(percent_decode("demo"), "demo");
        assert_eq!(percent_decode("a%2"), "a%2");
        assert_eq!(percent_decode("%zz"), "%zz");
    }
}
