//! Manifests, image indexes and image configs: parsing and platform choice, no I/O.
//!
//! Both OCI and Docker v2 media types parse into `oci_spec` types (their JSON shapes
//! are the same); an index (or Docker manifest list) yields its linux/amd64 entry.

use crate::ImageConfig;
use oci_spec::image::{Arch, ImageConfiguration, ImageIndex, ImageManifest, Os};

/// What a manifest blob turned out to be (short-lived, so its size does not matter).
#[derive(Debug)]
#[allow(clippy::large_enum_variant)]
pub enum Parsed {
    Index(ImageIndex),
    Manifest(ImageManifest),
}

/// The media types asked for when fetching a manifest.
pub const ACCEPTED_MANIFEST_TYPES: &[&str] = &[
    "application/vnd.oci.image.manifest.v1+json",
    "application/vnd.oci.image.index.v1+json",
    "application/vnd.docker.distribution.manifest.v2+json",
    "application/vnd.docker.distribution.manifest.list.v2+json",
];

/// Parses a manifest or index; the error is a reason for the user.
pub fn parse(bytes: &[u8]) -> Result<Parsed, String> {
    let value: serde_json::Value =
        serde_json::from_slice(bytes).map_err(|e| format!("the manifest is not JSON ({e})"))?;
    if value.get("schemaVersion").and_then(|v| v.as_i64()) == Some(1) {
        return Err("it uses Docker's schema 1 manifest format, which is not supported; push it again with a current docker, buildah or skopeo".into());
    }
    if value.get("manifests").is_some() {
        serde_json::from_value(value)
            .map(Parsed::Index)
            .map_err(|e| format!("the image index cannot be read ({e})"))
    } else if value.get("layers").is_some() {
        serde_json::from_value(value)
            .map(Parsed::Manifest)
            .map_err(|e| format!("the image manifest cannot be read ({e})"))
    } else {
        Err("the manifest is neither an image manifest nor an image index (an artifact?)".into())
    }
}

/// The digest of the linux/amd64 image in an index, if it has one.
pub fn pick_linux_amd64(index: &ImageIndex) -> Option<String> {
    index
        .manifests()
        .iter()
        .find(|d| {
            d.platform()
                .as_ref()
                .is_some_and(|p| *p.os() == Os::Linux && *p.architecture() == Arch::Amd64)
        })
        .map(|d| d.digest().to_string())
}

/// The platforms an index offers, for the error when linux/amd64 is not among them.
pub fn platforms(index: &ImageIndex) -> String {
    let list: Vec<String> = index
        .manifests()
        .iter()
        .filter_map(|d| {
            d.platform()
                .as_ref()
                .map(|p| format!("{}/{}", p.os(), p.architecture()))
        })
        .collect();
    if list.is_empty() {
        "none named".into()
    } else {
        list.join(", ")
    }
}

/// The run settings of an image config blob, and its creation time.
pub fn image_config(bytes: &[u8]) -> Result<(ImageConfig, Option<String>), String> {
    let cfg: ImageConfiguration = serde_json::from_slice(bytes)
        .map_err(|e| format!("the image config cannot be read ({e})"))?;
    let created = cfg.created().clone();
    let Some(c) = cfg.config() else {
        return Ok((ImageConfig::default(), created));
    };
    let out = ImageConfig {
        entrypoint: c.entrypoint().clone().unwrap_or_default(),
        cmd: c.cmd().clone().unwrap_or_default(),
        env: c.env().clone().unwrap_or_default(),
        working_dir: c.working_dir().clone().filter(|w| !w.is_empty()),
        user: c.user().clone().filter(|u| !u.is_empty()),
        exposed_ports: c.exposed_ports().clone().unwrap_or_default(),
    };
    Ok((out, created))
}

#[cfg(test)]
mod tests {
    use super::*;

    const A: &str = "sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    const B: &str = "sha256:bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";
    const C: &str = "sha256:cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc";

    fn index(entries: &[(&str, &str, &str)]) -> Vec<u8> {
        let manifests: Vec<serde_json::Value> = entries
            .iter()
            .map(|(d, os, arch)| {
                serde_json::json!({
                    "mediaType": "application/vnd.oci.image.manifest.v1+json",
                    "digest": d, "size": 100,
                    "platform": {"os": os, "architecture": arch}
                })
            })
            .collect();
        serde_json::to_vec(&serde_json::json!({
            "schemaVersion": 2,
            "mediaType": "application/vnd.docker.distribution.manifest.list.v2+json",
            "manifests": manifests
        }))
        .unwrap()
    }

    fn check_pick(entries: &[(&str, &str, &str)], expected: Option<&str>) {
        let Parsed::Index(i) = parse(&index(entries)).unwrap() else {
            panic!("not an index")
        };
        assert_eq!(pick_linux_amd64(&i).as_deref(), expected, "{entries:?}");
    }

    #[test]
    fn index_selection() {
        check_pick(
            &[
                (A, "linux", "arm64"),
                (B, "linux", "amd64"),
                (C, "windows", "amd64"),
            ],
            Some(B),
        );
        check_pick(&[(C, "windows", "amd64"), (A, "linux", "amd64")], Some(A));
        check_pick(&[(A, "linux", "arm64"), (B, "unknown", "unknown")], None);
        check_pick(&[], None);
        let Parsed::Index(i) =
            parse(&index(&[(A, "linux", "arm64"), (B, "linux", "s390x")])).unwrap()
        else {
            panic!()
        };
        assert_eq!(platforms(&i), "linux/arm64, linux/s390x");
    }

    #[test]
    fn manifest_kinds() {
        let docker_v2 = serde_json::json!({
            "schemaVersion": 2,
            "mediaType": "application/vnd.docker.distribution.manifest.v2+json",
            "config": {"mediaType": "application/vnd.docker.container.image.v1+json", "size": 7, "digest": A},
            "layers": [{"mediaType": "application/vnd.docker.image.rootfs.diff.tar.gzip", "size": 9, "digest": B}]
        });
        let Parsed::Manifest(m) = parse(&serde_json::to_vec(&docker_v2).unwrap()).unwrap() else {
            panic!()
        };
        assert_eq!(m.layers()[0].digest().to_string(), B);
        assert_eq!(m.config().digest().to_string(), A);
        let err = parse(br#"{"schemaVersion":1,"fsLayers":[]}"#).unwrap_err();
        assert!(err.contains("schema 1"), "{err}");
        assert!(parse(b"nope").unwrap_err().contains("not JSON"));
        assert!(parse(br#"{"schemaVersion":2}"#)
            .unwrap_err()
            .contains("neither"));
    }

    #[test]
    fn config_extraction() {
        let cfg = br#"{"architecture":"amd64","os":"linux","created":"2024-01-01T00:00:00Z",
            "config":{"Entrypoint":["/bin/sh","-c"],"Cmd":["exec httpd"],"Env":["PORT=8080"],
                      "WorkingDir":"/www","User":"1000:1000","ExposedPorts":{"8080/tcp":{}}},
            "rootfs":{"type":"layers","diff_ids":[]}, "container_config": {"Hostname": "x"}}"#;
        let (c, created) = image_config(cfg).unwrap();
        assert_eq!(
            c,
            ImageConfig {
                entrypoint: vec!["/bin/sh".into(), "-c".into()],
                cmd: vec!["exec httpd".into()],
                env: vec!["PORT=8080".into()],
                working_dir: Some("/www".into()),
                user: Some("1000:1000".into()),
                exposed_ports: vec!["8080/tcp".into()],
            }
        );
        assert_eq!(created.as_deref(), Some("2024-01-01T00:00:00Z"));
        let bare =
            br#"{"architecture":"amd64","os":"linux","rootfs":{"type":"layers","diff_ids":[]}}"#;
        assert_eq!(image_config(bare).unwrap(), (ImageConfig::default(), None));
    }
}
