//! A service's IAM policy, as Cloud Run keeps one per service: role bindings such as
//! `roles/run.invoker` → `allUsers` (what `--allow-unauthenticated` sets). Stored with
//! the service; the controller precomputes `allows_unauthenticated` into the route table,
//! and the router asks every request to a service without it for an invoker token.
//!
//! Pure: validation names the field at fault (`policy.bindings[0].members[1]`) and the
//! etag is a hash of the content, so a stale read-modify-write can be refused.

use crate::error::FieldErrors;
use serde::{Deserialize, Serialize};

pub const ROLE_INVOKER: &str = "roles/run.invoker";
pub const ALL_USERS: &str = "allUsers";

/// Member prefixes IAM accepts, besides the special `allUsers` and `allAuthenticatedUsers`.
const MEMBER_KINDS: &[&str] = &[
    "user:",
    "serviceAccount:",
    "group:",
    "domain:",
    "principal:",
    "principalSet:",
    "deleted:",
];

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct IamPolicy {
    /// IAM policy version: 1, or 3 (the version that allows conditions; runlane has none).
    pub version: u32,
    pub bindings: Vec<Binding>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Binding {
    pub role: String,
    pub members: Vec<String>,
}

impl IamPolicy {
    /// The policy of a public service: `allUsers` may invoke it. A new service starts with
    /// it only when `runlane up --new-services public` says so; otherwise, as on Cloud
    /// Run, it starts private and `--allow-unauthenticated` (a `setIamPolicy` after the
    /// create) makes it public.
    pub fn public() -> IamPolicy {
        IamPolicy {
            version: 1,
            bindings: vec![Binding { role: ROLE_INVOKER.to_owned(), members: vec![ALL_USERS.to_owned()] }],
        }
    }

    /// Whether anyone may invoke the service without credentials.
    pub fn allows_unauthenticated(&self) -> bool {
        self.bindings
            .iter()
            .any(|b| b.role == ROLE_INVOKER && b.members.iter().any(|m| m == ALL_USERS))
    }

    /// Checks a policy a client wants to set, and normalises it: version 0 becomes 1,
    /// repeated members are dropped, and bindings left without members disappear (as in IAM).
    pub fn validated(mut self) -> Result<IamPolicy, FieldErrors> {
        let mut errors = FieldErrors::default();
        match self.version {
            0 => self.version = 1,
            1 | 3 => {}
            v => errors.push(
                "policy.version",
                format!("{v} is not a policy version; use 1 or 3"),
            ),
        }
        for (i, b) in self.bindings.iter_mut().enumerate() {
            if !b.role.starts_with("roles/") || b.role.len() == "roles/".len() {
                errors.push(
                    format!("policy.bindings[{i}].role"),
                    format!("{:?} is not a role; use one like {ROLE_INVOKER}", b.role),
                );
            }
            for (j, m) in b.members.iter().enumerate() {
                let known = m == ALL_USERS
                    || m == "allAuthenticatedUsers"
                    || MEMBER_KINDS
                        .iter()
                        .any(|k| m.len() > k.len() && m.starts_with(k));
                if !known {
                    errors.push(
                        format!("policy.bindings[{i}].members[{j}]"),
                        format!("{m:?} is not a member; use allUsers, allAuthenticatedUsers or a prefixed one such as user:EMAIL or serviceAccount:EMAIL"),
                    );
                }
            }
            let mut seen = Vec::with_capacity(b.members.len());
            b.members.retain(|m| {
                let new = !seen.contains(m);
                seen.push(m.clone());
                new
            });
        }
        errors.into_result()?;
        self.bindings.retain(|b| !b.members.is_empty());
        Ok(self)
    }

    /// A hash of the content (FNV-1a, 64 bits): equal policies have equal etags, and a
    /// client that read an older policy sends a different one.
    pub fn etag(&self) -> u64 {
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        let mut eat = |bytes: &[u8]| {
            for &b in bytes {
                h ^= u64::from(b);
                h = h.wrapping_mul(0x0000_0100_0000_01b3);
            }
            // A separator, so that ("ab","c") and ("a","bc") differ.
            h ^= 0xff;
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        };
        eat(&self.version.to_be_bytes());
        for b in &self.bindings {
            eat(b.role.as_bytes());
            for m in &b.members {
                eat(m.as_bytes());
            }
        }
        h
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy(version: u32, bindings: &[(&str, &[&str])]) -> IamPolicy {
        IamPolicy {
            version,
            bindings: bindings
                .iter()
                .map(|(r, ms)| Binding {
                    role: (*r).into(),
                    members: ms.iter().map(|m| (*m).into()).collect(),
                })
                .collect(),
        }
    }

    fn check_err(p: IamPolicy, field: &str, words: &str) {
        let errors = p.validated().unwrap_err();
        assert!(
            errors
                .0
                .iter()
                .any(|e| e.field == field && e.description.contains(words)),
            "expected {field} ~ {words}, got {errors:?}"
        );
    }

    #[test]
    fn invalid_policies_name_the_field() {
        check_err(policy(2, &[]), "policy.version", "use 1 or 3");
        check_err(
            policy(1, &[("run.invoker", &["allUsers"])]),
            "policy.bindings[0].role",
            "not a role",
        );
        check_err(
            policy(1, &[(ROLE_INVOKER, &["allUsers", "bob@example.com"])]),
            "policy.bindings[0].members[1]",
            "user:EMAIL",
        );
        check_err(
            policy(1, &[(ROLE_INVOKER, &["user:"])]),
            "policy.bindings[0].members[0]",
            "not a member",
        );
    }

    #[test]
    fn validation_normalises() {
        let p = policy(
            0,
            &[
                (ROLE_INVOKER, &["allUsers", "allUsers", "user:a@b.c"]),
                ("roles/run.admin", &[]),
            ],
        )
        .validated()
        .unwrap();
        assert_eq!(p, policy(1, &[(ROLE_INVOKER, &["allUsers", "user:a@b.c"])]));
        assert!(p.allows_unauthenticated());
        assert!(!policy(1, &[("roles/run.admin", &["allUsers"])]).allows_unauthenticated());
    }

    #[test]
    fn etags_follow_content() {
        let a = policy(1, &[(ROLE_INVOKER, &["allUsers"])]);
        assert_eq!(a.etag(), a.clone().etag());
        assert_ne!(a.etag(), IamPolicy::default().etag());
        assert_ne!(
            policy(1, &[("roles/ab", &["user:c"])]).etag(),
            policy(1, &[("roles/a", &["buser:c"])]).etag()
        );
    }
}
