//! Invoker authentication, as Cloud Run does it for a service without `allUsers` in
//! `roles/run.invoker`: the caller presents `Authorization: Bearer TOKEN` (or
//! `X-Serverless-Authorization: Bearer TOKEN`, which wins when both are sent, so the
//! app keeps `Authorization` for itself). Whether a service is public is precomputed
//! in the route table; the tokens are fixed for the router's life, so the check takes
//! no lock and allocates nothing. Pure: the proxy calls [`InvokerTokens::check`].
//!
//! Like Cloud Run, which forwards the checked token with its signature removed, the
//! router forwards the header that carried the token with the token replaced by
//! [`REDACTED`]: the app sees that the request was authenticated, never the secret.

use std::fmt;
use std::sync::Arc;

use http::header::{HeaderName, AUTHORIZATION};
use http::HeaderMap;

/// The header Cloud Run checks before `Authorization`.
pub const SERVERLESS_AUTHORIZATION: HeaderName = HeaderName::from_static("x-serverless-authorization");

/// What the app sees in place of the token that was checked.
pub const REDACTED: &str = "Bearer SIGNATURE_REMOVED_BY_RUNLANE";

/// The tokens that may invoke a private service. Cheap to clone; `Debug` hides them.
#[derive(Clone, Default)]
pub struct InvokerTokens {
    tokens: Arc<[Box<[u8]>]>,
}

/// Why a request to a private service was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InvokerDenied {
    /// Neither header carries a bearer token.
    NoToken,
    /// A bearer token was sent but it is not one of the invoker tokens.
    WrongToken,
}

impl InvokerTokens {
    /// Accepts any of `tokens` (empty ones are ignored).
    pub fn new<I: IntoIterator<Item = S>, S: AsRef<str>>(tokens: I) -> Self {
        let tokens: Vec<Box<[u8]>> = tokens
            .into_iter()
            .map(|t| t.as_ref().trim().as_bytes().to_vec())
            .filter(|t| !t.is_empty())
            .map(Vec::into_boxed_slice)
            .collect();
        InvokerTokens { tokens: tokens.into() }
    }

    /// Which header carried an accepted token, or why the request is refused.
    pub fn check(&self, headers: &HeaderMap) -> Result<HeaderName, InvokerDenied> {
        let (name, value) = match headers.get(&SERVERLESS_AUTHORIZATION) {
            Some(value) => (SERVERLESS_AUTHORIZATION, value),
            None => (AUTHORIZATION, headers.get(AUTHORIZATION).ok_or(InvokerDenied::NoToken)?),
        };
        let token = bearer(value.as_bytes()).ok_or(InvokerDenied::NoToken)?;
        // Compare against every token, each in constant time, so timing says nothing.
        let matched = self
            .tokens
            .iter()
            .fold(false, |found, t| constant_time_eq(t, token) | found);
        if matched {
            Ok(name)
        } else {
            Err(InvokerDenied::WrongToken)
        }
    }
}

impl fmt::Debug for InvokerTokens {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "InvokerTokens({} hidden)", self.tokens.len())
    }
}

/// The token of `Bearer TOKEN` (scheme in any case), trimmed; None if empty or another scheme.
fn bearer(value: &[u8]) -> Option<&[u8]> {
    const SCHEME: &[u8] = b"bearer ";
    if value.len() <= SCHEME.len() || !value[..SCHEME.len()].eq_ignore_ascii_case(SCHEME) {
        return None;
    }
    let token = value[SCHEME.len()..].trim_ascii();
    (!token.is_empty()).then_some(token)
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    subtle::ConstantTimeEq::ct_eq(a, b).into()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (k, v) in pairs {
            map.append(HeaderName::from_bytes(k.as_bytes()).unwrap(), v.parse().unwrap());
        }
        map
    }

    #[test]
    fn checks_the_bearer_token_of_the_right_header() {
        let tokens = InvokerTokens::new(["invoker-secret", "admin-secret", ""]);
        type Case<'a> = (&'a [(&'a str, &'a str)], Result<&'a str, InvokerDenied>);
        let cases: &[Case] = &[
            (&[], Err(InvokerDenied::NoToken)),
            (&[("authorization", "Bearer invoker-secret")], Ok("authorization")),
            (&[("authorization", "bearer admin-secret ")], Ok("authorization")),
            (&[("authorization", "BEARER invoker-secret")], Ok("authorization")),
            (&[("authorization", "Bearer invoker-secreT")], Err(InvokerDenied::WrongToken)),
            (&[("authorization", "Bearer invoker-secre")], Err(InvokerDenied::WrongToken)),
            (&[("authorization", "Bearer ")], Err(InvokerDenied::NoToken)),
            (&[("authorization", "Basic aW52b2tlcg==")], Err(InvokerDenied::NoToken)),
            (&[("authorization", "invoker-secret")], Err(InvokerDenied::NoToken)),
            // X-Serverless-Authorization is checked first; Authorization is then the app's.
            (&[("x-serverless-authorization", "Bearer invoker-secret"), ("authorization", "Basic app")], Ok("x-serverless-authorization")),
            (&[("x-serverless-authorization", "Bearer nope"), ("authorization", "Bearer invoker-secret")], Err(InvokerDenied::WrongToken)),
        ];
        for (pairs, want) in cases {
            let got = tokens.check(&headers(pairs));
            assert_eq!(got.as_ref().map(HeaderName::as_str), want.as_ref().map(|s| *s), "{pairs:?}");
        }
    }

    #[test]
    fn no_tokens_admit_nobody_and_debug_hides_them() {
        let none = InvokerTokens::default();
        assert_eq!(none.check(&headers(&[("authorization", "Bearer x")])), Err(InvokerDenied::WrongToken));
        let some = InvokerTokens::new(["s3cret"]);
        assert!(!format!("{some:?}").contains("s3cret"));
    }
}
