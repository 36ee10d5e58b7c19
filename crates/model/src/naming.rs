//! Names: which strings are valid service, revision, tag and namespace names, how
//! revision names are generated, and which images run the built-in sample app.

use crate::error::FieldError;

/// Cloud Run limits service names to 49 characters so that revision names
/// (`SERVICE-NNNNN-xxx`) still fit in one 63-character DNS label.
pub const MAX_SERVICE_NAME: usize = 49;
pub const MAX_LABEL: usize = 63;

/// Images that run runlane's built-in sample app (`runlane hello`) on the process runtime.
pub const BUILTIN_HELLO_IMAGES: &[&str] = &["runlane/hello", "us-docker.pkg.dev/cloudrun/container/hello", "gcr.io/cloudrun/hello"];
/// The image a process revision shows when it was deployed with a command and no image.
pub const PROCESS_IMAGE: &str = "runlane/process";

/// Whether a container runs on the host as a process rather than from an image under
/// an OCI runtime: the built-in sample app's images, and commands given without an
/// image. Every other image is pulled from its registry and run as a container.
pub fn runs_on_host(container: &crate::Container) -> bool {
    let image = container.image.trim();
    image.is_empty() || image == PROCESS_IMAGE || is_builtin_hello(image)
}

/// Checks a DNS-1035 label: lowercase letters, digits and `-`, starting with a letter,
/// not ending with `-`. Returns what is wrong, in words.
pub fn check_dns_label(value: &str, max: usize) -> Result<(), String> {
    if value.is_empty() {
        return Err("must not be empty".into());
    }
    if value.len() > max {
        return Err(format!("{value:?} is {} characters long, at most {max} are allowed", value.len()));
    }
    let bytes = value.as_bytes();
    if !bytes[0].is_ascii_lowercase() {
        return Err(format!("{value:?} must start with a lowercase letter"));
    }
    if bytes[bytes.len() - 1] == b'-' {
        return Err(format!("{value:?} must not end with '-'"));
    }
    if let Some(bad) = value.chars().find(|c| !(c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '-')) {
        return Err(format!("{value:?} contains {bad:?}; use only lowercase letters, digits and '-'"));
    }
    Ok(())
}

pub fn check_service_name(name: &str) -> Result<(), FieldError> {
    check_dns_label(name, MAX_SERVICE_NAME).map_err(|e| FieldError::new("metadata.name", e))
}

/// Namespaces (gcloud's project) are DNS-1123 labels: they may start with a digit.
pub fn check_namespace(ns: &str) -> Result<(), FieldError> {
    let starts_ok = ns.as_bytes().first().is_some_and(|b| b.is_ascii_digit());
    let probe = if starts_ok { format!("n{ns}") } else { ns.to_owned() };
    check_dns_label(&probe, MAX_LABEL + usize::from(starts_ok))
        .map_err(|e| FieldError::new("metadata.namespace", e.replace(&format!("\"{probe}\""), &format!("{ns:?}"))))
}

/// A tag becomes the host `TAG---SERVICE.DOMAIN`, so the whole first label must fit.
pub fn check_tag(tag: &str, service: &str) -> Result<(), String> {
    check_dns_label(tag, MAX_LABEL)?;
    if tag.contains("---") {
        return Err(format!("{tag:?} must not contain '---', which separates tag and service in URLs"));
    }
    let label = tag.len() + 3 + service.len();
    if label > MAX_LABEL {
        return Err(format!(
            "{tag:?} makes the host label {tag}---{service} {label} characters long, at most {MAX_LABEL} are allowed; use a shorter tag"
        ));
    }
    Ok(())
}

/// `SERVICE-NNNNN-xxx`, as Knative and Cloud Run name generated revisions.
pub fn generated_revision_name(service: &str, counter: u64, suffix: &str) -> String {
    format!("{service}-{counter:05}-{suffix}")
}

/// Three lowercase letters from any source of randomness the caller chooses.
pub fn random_suffix(mut next_u32: impl FnMut() -> u32) -> String {
    (0..3).map(|_| char::from(b'a' + (next_u32() % 26) as u8)).collect()
}

/// Whether an image runs the built-in sample app. A tag or digest is ignored.
pub fn is_builtin_hello(image: &str) -> bool {
    let repo = image.split('@').next().unwrap_or(image);
    let repo = match repo.rsplit_once(':') {
        Some((r, tag)) if !tag.contains('/') => r,
        _ => repo,
    };
    BUILTIN_HELLO_IMAGES.contains(&repo)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dns_labels() {
        for ok in ["a", "jokes", "a-1", "abc123"] {
            assert_eq!(check_dns_label(ok, 63), Ok(()), "{ok}");
        }
        for (bad, why) in [
            ("", "empty"),
            ("Jokes", "start with a lowercase"),
            ("1abc", "start with a lowercase"),
            ("ab-", "end with"),
            ("a_b", "contains '_'"),
            ("a.b", "contains '.'"),
        ] {
            let err = check_dns_label(bad, 63).unwrap_err();
            assert!(err.contains(why), "{bad}: {err}");
        }
        assert!(check_dns_label(&"a".repeat(64), 63).unwrap_err().contains("64 characters"));
    }

    #[test]
    fn namespaces_may_start_with_a_digit() {
        assert!(check_namespace("123-project").is_ok());
        assert!(check_namespace("demo").is_ok());
        assert!(check_namespace("Demo").is_err());
    }

    #[test]
    fn tags_fit_the_host_label() {
        assert!(check_tag("next", "jokes").is_ok());
        assert!(check_tag("a---b", "jokes").is_err());
        assert!(check_tag(&"t".repeat(20), &"s".repeat(45)).unwrap_err().contains("shorter tag"));
    }

    #[test]
    fn builtin_images_ignore_tags_and_digests() {
        assert!(is_builtin_hello("runlane/hello"));
        assert!(is_builtin_hello("us-docker.pkg.dev/cloudrun/container/hello:latest"));
        assert!(is_builtin_hello("us-docker.pkg.dev/cloudrun/container/hello@sha256:abc"));
        assert!(!is_builtin_hello("example/jokes:1"));
    }

    #[test]
    fn generated_names() {
        assert_eq!(generated_revision_name("jokes", 7, "abc"), "jokes-00007-abc");
        let mut n = 0;
        assert_eq!(random_suffix(|| { n += 1; n }), "bcd");
    }
}
