//! Image references and registry endpoints, as pure functions of their inputs.
//!
//! Invariant: no I/O here. A reference is normalised the way Docker does it
//! ("busybox" -> "docker.io/library/busybox:latest"), and which endpoints serve a
//! registry (mirrors first, then the registry itself) and over which scheme is decided
//! from the [`RegistryConfig`] alone.

use crate::RegistryConfig;
use std::fmt;

pub const DOCKER_HUB: &str = "docker.io";

/// A parsed, normalised image reference.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImageRef {
    /// "docker.io", "gcr.io", "127.0.0.1:5000"
    pub registry: String,
    /// "library/busybox", "demo/x"
    pub repository: String,
    /// The tag, if the reference names one ("latest" when it names neither tag nor digest).
    pub tag: Option<String>,
    /// "sha256:<64 hex>", if the reference pins one.
    pub digest: Option<String>,
}

impl ImageRef {
    /// Parses and normalises `s`; the error is the reason, for an `InvalidReference`.
    pub fn parse(s: &str) -> Result<Self, String> {
        let s = s.trim();
        if s.is_empty() {
            return Err("it is empty".into());
        }
        let (rest, digest) = match s.split_once('@') {
            Some((r, d)) => (r, Some(parse_digest(d)?)),
            None => (s, None),
        };
        // A tag is a ':' after the last '/', so "host:5000/repo" is not a tag.
        let last_slash = rest.rfind('/').map_or(0, |i| i + 1);
        let (name, tag) = match rest[last_slash..].find(':') {
            Some(i) => (
                &rest[..last_slash + i],
                Some(rest[last_slash + i + 1..].to_owned()),
            ),
            None => (rest, None),
        };
        if let Some(t) = &tag {
            check_tag(t)?;
        }
        let (registry, repository) = match name.split_once('/') {
            Some((first, repo))
                if first.contains('.') || first.contains(':') || first == "localhost" =>
            {
                (first.to_owned(), repo.to_owned())
            }
            _ => (DOCKER_HUB.to_owned(), name.to_owned()),
        };
        let registry = match registry.as_str() {
            "index.docker.io" | "registry-1.docker.io" => DOCKER_HUB.to_owned(),
            _ => registry,
        };
        let repository = if registry == DOCKER_HUB && !repository.contains('/') {
            format!("library/{repository}")
        } else {
            repository
        };
        check_repository(&repository)?;
        let tag = match (tag, &digest) {
            (None, None) => Some("latest".to_owned()),
            (t, _) => t,
        };
        Ok(Self {
            registry,
            repository,
            tag,
            digest,
        })
    }

    /// "registry/repository", the part shared by every tag of the image.
    pub fn name(&self) -> String {
        format!("{}/{}", self.registry, self.repository)
    }

    /// The same image pinned to `digest`, without its tag.
    pub fn with_digest(&self, digest: &str) -> Self {
        Self {
            tag: None,
            digest: Some(digest.to_owned()),
            ..self.clone()
        }
    }
}

impl fmt::Display for ImageRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.registry, self.repository)?;
        if let Some(t) = &self.tag {
            write!(f, ":{t}")?;
        }
        if let Some(d) = &self.digest {
            write!(f, "@{d}")?;
        }
        Ok(())
    }
}

/// Checks a "sha256:<64 lowercase hex>" digest and returns it.
pub fn parse_digest(d: &str) -> Result<String, String> {
    let Some(hex) = d.strip_prefix("sha256:") else {
        return Err(format!(
            "digest {d:?} is not a sha256 digest (sha256:<64 hex digits>)"
        ));
    };
    if hex.len() != 64
        || !hex
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    {
        return Err(format!(
            "digest {d:?} must be sha256: followed by 64 lowercase hex digits"
        ));
    }
    Ok(d.to_owned())
}

pub(crate) fn check_tag(t: &str) -> Result<(), String> {
    let ok = !t.is_empty()
        && t.len() <= 128
        && t.bytes()
            .next()
            .is_some_and(|b| b.is_ascii_alphanumeric() || b == b'_')
        && t.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"_.-".contains(&b));
    if ok {
        Ok(())
    } else {
        Err(format!(
            "tag {t:?} is not valid (letters, digits, '_', '.', '-'; at most 128)"
        ))
    }
}

pub(crate) fn check_repository(r: &str) -> Result<(), String> {
    if r.is_empty() {
        return Err("the repository name is empty".into());
    }
    for part in r.split('/') {
        let ok = !part.is_empty()
            && part
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"._-".contains(&b))
            && part
                .bytes()
                .next()
                .is_some_and(|b| b.is_ascii_alphanumeric())
            && part
                .bytes()
                .last()
                .is_some_and(|b| b.is_ascii_alphanumeric());
        if !ok {
            return Err(format!(
                "repository {r:?} is not valid (lowercase letters, digits and separators '.', '_', '-', '/')"
            ));
        }
    }
    Ok(())
}

// === endpoints ===

/// One place an image can be fetched from: a mirror or the registry itself.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Endpoint {
    /// "host[:port]" as oci-client wants it in a reference.
    pub host: String,
    pub plain_http: bool,
    pub mirror: bool,
}

impl Endpoint {
    /// "http://127.0.0.1:5000", for messages.
    pub fn url(&self) -> String {
        let host = if self.host == DOCKER_HUB {
            "index.docker.io"
        } else {
            &self.host
        };
        format!(
            "{}://{}",
            if self.plain_http { "http" } else { "https" },
            host
        )
    }
}

/// The endpoints tried, in order, for images of `registry`: its mirrors, then itself.
pub fn endpoints(config: &RegistryConfig, registry: &str) -> Vec<Endpoint> {
    // An exact host first, then a pattern such as "*-docker.pkg.dev" (every Artifact
    // Registry location, which runlane's own registry stands in for).
    let mirrors = config.mirrors.get(registry).or_else(|| {
        config
            .mirrors
            .iter()
            .find(|(pattern, _)| {
                pattern
                    .strip_prefix('*')
                    .is_some_and(|suffix| registry.len() > suffix.len() && registry.ends_with(suffix))
            })
            .map(|(_, urls)| urls)
    });
    let mut out: Vec<Endpoint> = mirrors
        .into_iter()
        .flatten()
        .filter_map(|url| match parse_endpoint_url(url) {
            Ok((host, plain_http)) => Some(Endpoint {
                host,
                plain_http,
                mirror: true,
            }),
            Err(reason) => {
                tracing::warn!(%registry, %url, %reason, "ignoring an invalid mirror");
                None
            }
        })
        .collect();
    out.push(Endpoint {
        host: registry.to_owned(),
        plain_http: is_loopback(registry) || config.insecure.contains(registry),
        mirror: false,
    });
    out
}

/// Parses a mirror URL ("http://127.0.0.1:5000", "https://mirror.gcr.io/") into
/// ("host[:port]", plain_http).
pub fn parse_endpoint_url(url: &str) -> Result<(String, bool), String> {
    let (plain, rest) = if let Some(r) = url.strip_prefix("http://") {
        (true, r)
    } else if let Some(r) = url.strip_prefix("https://") {
        (false, r)
    } else {
        return Err(format!("{url:?} must start with http:// or https://"));
    };
    let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
    if host.is_empty() {
        return Err(format!("{url:?} names no host"));
    }
    if !matches!(path.trim_end_matches('/'), "" | "v2") {
        return Err(format!(
            "{url:?} has a path; give only scheme://host[:port]"
        ));
    }
    Ok((host.to_owned(), plain))
}

/// Whether "host[:port]" is a loopback address (always allowed over plain HTTP).
pub fn is_loopback(host_port: &str) -> bool {
    let host = if let Some(rest) = host_port.strip_prefix('[') {
        rest.split(']').next().unwrap_or("")
    } else if host_port.matches(':').count() == 1 {
        host_port.split(':').next().unwrap_or("")
    } else {
        host_port
    };
    host == "localhost"
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::{BTreeMap, BTreeSet};

    fn check(input: &str, expected: &str) {
        let got = match ImageRef::parse(input) {
            Ok(r) => r.to_string(),
            Err(e) => format!("error: {e}"),
        };
        assert_eq!(got, expected, "input {input:?}");
    }

    const D: &str = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    #[test]
    fn parse_references() {
        check("busybox", "docker.io/library/busybox:latest");
        check("busybox:1.36", "docker.io/library/busybox:1.36");
        check("library/busybox", "docker.io/library/busybox:latest");
        check(
            "index.docker.io/library/busybox",
            "docker.io/library/busybox:latest",
        );
        check("demo/x:1", "docker.io/demo/x:1");
        check(
            "gcr.io/serverless-journey/failing",
            "gcr.io/serverless-journey/failing:latest",
        );
        check("127.0.0.1:5000/demo/hello:1", "127.0.0.1:5000/demo/hello:1");
        check("localhost/demo", "localhost/demo:latest");
        check(
            "europe-north1-docker.pkg.dev/p/r/img:v2",
            "europe-north1-docker.pkg.dev/p/r/img:v2",
        );
        check(
            &format!("127.0.0.1:5000/demo/x@{D}"),
            &format!("127.0.0.1:5000/demo/x@{D}"),
        );
        check(&format!("demo/x:1@{D}"), &format!("docker.io/demo/x:1@{D}"));
        check("", "error: it is empty");
        check("Demo/X", "error: repository \"Demo/X\" is not valid (lowercase letters, digits and separators '.', '_', '-', '/')");
        check(
            "x:",
            "error: tag \"\" is not valid (letters, digits, '_', '.', '-'; at most 128)",
        );
        check(
            "x@sha256:abc",
            "error: digest \"sha256:abc\" must be sha256: followed by 64 lowercase hex digits",
        );
        check(
            "x@md5:abc",
            "error: digest \"md5:abc\" is not a sha256 digest (sha256:<64 hex digits>)",
        );
        check("a//b", "error: repository \"a//b\" is not valid (lowercase letters, digits and separators '.', '_', '-', '/')");
    }

    fn cfg(mirrors: &[(&str, &[&str])], insecure: &[&str]) -> RegistryConfig {
        RegistryConfig {
            mirrors: mirrors
                .iter()
                .map(|(k, v)| (k.to_string(), v.iter().map(|s| s.to_string()).collect()))
                .collect::<BTreeMap<_, _>>(),
            insecure: insecure
                .iter()
                .map(|s| s.to_string())
                .collect::<BTreeSet<_>>(),
            ..RegistryConfig::default()
        }
    }

    fn urls(config: &RegistryConfig, registry: &str) -> Vec<String> {
        endpoints(config, registry)
            .iter()
            .map(|e| format!("{}{}", e.url(), if e.mirror { " (mirror)" } else { "" }))
            .collect()
    }

    #[test]
    fn endpoint_selection() {
        let c = cfg(
            &[(
                "gcr.io",
                &[
                    "http://127.0.0.1:5000",
                    "https://mirror.example/",
                    "ftp://bad",
                ],
            )],
            &["reg.lan:5000"],
        );
        assert_eq!(
            urls(&c, "gcr.io"),
            [
                "http://127.0.0.1:5000 (mirror)",
                "https://mirror.example (mirror)",
                "https://gcr.io"
            ]
        );
        assert_eq!(urls(&c, "docker.io"), ["https://index.docker.io"]);
        assert_eq!(urls(&c, "reg.lan:5000"), ["http://reg.lan:5000"]);
        assert_eq!(urls(&c, "reg.lan:5001"), ["https://reg.lan:5001"]);
        assert_eq!(urls(&c, "127.0.0.1:5000"), ["http://127.0.0.1:5000"]);
        assert_eq!(urls(&c, "localhost:5000"), ["http://localhost:5000"]);
        assert_eq!(urls(&c, "[::1]:5000"), ["http://[::1]:5000"]);

        // A pattern stands for every host with that suffix; an exact host wins over it.
        let c = cfg(
            &[
                ("*-docker.pkg.dev", &["http://127.0.0.1:8484"]),
                ("us-docker.pkg.dev", &["http://127.0.0.1:6000"]),
            ],
            &[],
        );
        assert_eq!(
            urls(&c, "europe-north1-docker.pkg.dev"),
            ["http://127.0.0.1:8484 (mirror)", "https://europe-north1-docker.pkg.dev"]
        );
        assert_eq!(
            urls(&c, "us-docker.pkg.dev"),
            ["http://127.0.0.1:6000 (mirror)", "https://us-docker.pkg.dev"]
        );
        assert_eq!(urls(&c, "-docker.pkg.dev"), ["https://-docker.pkg.dev"]);
        assert_eq!(urls(&c, "docker.pkg.dev.evil"), ["https://docker.pkg.dev.evil"]);
    }

    #[test]
    fn loopback_detection() {
        for (h, want) in [
            ("127.0.0.1:5000", true),
            ("127.3.2.1", true),
            ("localhost", true),
            ("[::1]:80", true),
            ("::1", true),
            ("128.0.0.1:5000", false),
            ("gcr.io", false),
            ("localhost.evil.com", false),
        ] {
            assert_eq!(is_loopback(h), want, "{h}");
        }
    }

    #[test]
    fn endpoint_urls() {
        assert_eq!(
            parse_endpoint_url("http://127.0.0.1:5000"),
            Ok(("127.0.0.1:5000".into(), true))
        );
        assert_eq!(
            parse_endpoint_url("https://m.io/v2/"),
            Ok(("m.io".into(), false))
        );
        assert!(parse_endpoint_url("m.io").is_err());
        assert!(parse_endpoint_url("https://m.io/some/path").is_err());
        assert!(parse_endpoint_url("http:///").is_err());
    }
}
