//! Domain mappings (Cloud Run's `domains.cloudrun.com/v1` DomainMapping): a custom
//! domain whose requests go to one service, and the check of the domain's spelling.

use serde::{Deserialize, Serialize};

use crate::UnixMillis;

/// One domain mapped to one service. The domain is the mapping's name: a host maps to
/// at most one service, in any namespace.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DomainMapping {
    pub namespace: String,
    /// Lowercase, no trailing dot.
    pub domain: String,
    pub service: String,
    pub uid: String,
    pub created: UnixMillis,
}

/// `domain` lowercased without a trailing dot, or why it is not a domain a mapping can
/// take: a fully qualified DNS name of letters, digits and hyphens (no wildcard, no
/// address).
pub fn check_domain(domain: &str) -> Result<String, &'static str> {
    let lower = domain.strip_suffix('.').unwrap_or(domain).to_ascii_lowercase();
    if lower.starts_with("*.") {
        return Err("a wildcard cannot be mapped; map each name");
    }
    if lower.is_empty() || lower.len() > 253 || !lower.contains('.') {
        return Err("give a fully qualified domain name such as jokes.example.com");
    }
    for label in lower.split('.') {
        if label.is_empty() || label.len() > 63 || label.starts_with('-') || label.ends_with('-') {
            return Err("each dot-separated label is 1 to 63 letters, digits or hyphens, not starting or ending with a hyphen");
        }
        if !label.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
            return Err("only letters, digits, hyphens and dots are allowed");
        }
    }
    if lower.rsplit('.').next().is_some_and(|tld| tld.bytes().all(|b| b.is_ascii_digit())) {
        return Err("an IP address cannot be mapped; give a domain name");
    }
    Ok(lower)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn domains_are_checked_and_lowercased() {
        assert_eq!(check_domain("Jokes.Example.com.").unwrap(), "jokes.example.com");
        for (bad, why) in [
            ("*.example.com", "wildcard"),
            ("example", "fully qualified"),
            ("", "fully qualified"),
            ("a..example.com", "label"),
            ("-a.example.com", "hyphen"),
            ("a_b.example.com", "only letters"),
            ("jokes.example.com/x", "only letters"),
            ("10.0.0.1", "IP address"),
        ] {
            assert!(check_domain(bad).unwrap_err().contains(why), "{bad}");
        }
    }
}
