//! `ImageStore::load`: images from a `docker save` tarball (manifest.json + layer tars)
//! or an OCI archive (oci-layout + index.json + blobs/), names included.
//!
//! Invariant: the archive is untrusted like a layer: only plain relative paths are
//! extracted (into `tmp/`), symlinks inside it are followed only within it, and every
//! blob is copied into the store through a sha256 check.

use crate::error::{io_at, ImageError};
use crate::manifest::{self, Parsed};
use crate::reference::ImageRef;
use crate::store::{remove_any, Commit, ImageStore};
use crate::unpack::{sniff_compression, Compression, MAX_SYMLINK_HOPS};
use crate::ImageSummary;
use sha2::{Digest as _, Sha256};
use std::collections::HashMap;
use std::fs;
use std::io::{BufRead, BufReader, Read, Write as _};
use std::path::{Component, Path, PathBuf};

pub(crate) fn load(store: &ImageStore, tarball: &Path) -> Result<Vec<ImageSummary>, ImageError> {
    let work = store.tmp_path("load");
    fs::create_dir(&work).map_err(io_at("create", &work))?;
    let result = extract(tarball, &work).and_then(|archive| {
        let ctx = Ctx {
            store,
            tarball,
            archive,
        };
        if ctx.archive.exists("index.json") {
            ctx.load_oci()
        } else if ctx.archive.exists("manifest.json") {
            ctx.load_docker()
        } else {
            Err(ctx.bad(
                "it has neither manifest.json (docker save) nor index.json (OCI archive)".into(),
            ))
        }
    });
    let _ = remove_any(&work);
    let digests = result?;
    let listed = store.list();
    Ok(digests
        .iter()
        .filter_map(|d| listed.iter().find(|s| &s.digest == d).cloned())
        .collect())
}

/// An extracted archive: regular files on disk, symlinks remembered.
struct Archive {
    root: PathBuf,
    symlinks: HashMap<PathBuf, PathBuf>,
}

impl Archive {
    /// Resolves `rel` inside the archive, following its symlinks lexically, never out of it.
    fn resolve(&self, rel: &str) -> Option<PathBuf> {
        let mut path = normalise(Path::new(rel), Path::new(""))?;
        for _ in 0..MAX_SYMLINK_HOPS {
            // Follow a symlink at any prefix of the path.
            let hit = path
                .ancestors()
                .find_map(|a| self.symlinks.get(a).map(|t| (a.to_path_buf(), t.clone())));
            let Some((link, target)) = hit else {
                return Some(self.root.join(path));
            };
            let rest = path.strip_prefix(&link).ok()?.to_path_buf();
            let base = link.parent().unwrap_or(Path::new(""));
            path = normalise(&target.join(rest), base)?;
        }
        None
    }

    fn exists(&self, rel: &str) -> bool {
        self.resolve(rel).is_some_and(|p| p.is_file())
    }
}

/// Joins `p` onto `base` lexically; `None` if it climbs out or is absolute.
fn normalise(p: &Path, base: &Path) -> Option<PathBuf> {
    let mut out = if p.has_root() {
        PathBuf::new()
    } else {
        base.to_path_buf()
    };
    for c in p.components() {
        match c {
            Component::Normal(n) => out.push(n),
            Component::CurDir | Component::RootDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    return None;
                }
            }
            Component::Prefix(_) => return None,
        }
    }
    Some(out)
}

fn extract(tarball: &Path, dir: &Path) -> Result<Archive, ImageError> {
    let bad = |detail: String| ImageError::BadArchive {
        path: tarball.to_owned(),
        detail,
    };
    let file = fs::File::open(tarball).map_err(io_at("open", tarball))?;
    let mut reader = BufReader::new(file);
    let gz =
        sniff_compression(reader.fill_buf().map_err(io_at("read", tarball))?) == Compression::Gzip;
    let input: Box<dyn Read> = if gz {
        Box::new(flate2::bufread::GzDecoder::new(reader))
    } else {
        Box::new(reader)
    };
    let mut archive = tar::Archive::new(input);
    let mut symlinks = HashMap::new();
    for entry in archive
        .entries()
        .map_err(|e| bad(format!("it is not a tar archive ({e})")))?
    {
        let mut entry =
            entry.map_err(|e| bad(format!("it is not a readable tar archive ({e})")))?;
        let path = entry.path().map_err(|e| bad(e.to_string()))?.into_owned();
        let Some(rel) = normalise(&path, Path::new(""))
            .filter(|p| !p.as_os_str().is_empty() && !path.has_root())
        else {
            tracing::debug!(path = %path.display(), "skipping an archive entry with an unusual path");
            continue;
        };
        let dest = dir.join(&rel);
        match entry.header().entry_type() {
            tar::EntryType::Regular | tar::EntryType::Continuous => {
                if let Some(parent) = dest.parent() {
                    fs::create_dir_all(parent).map_err(io_at("create", parent))?;
                }
                let mut out = fs::File::create(&dest).map_err(io_at("create", &dest))?;
                std::io::copy(&mut entry, &mut out)
                    .map_err(|e| bad(format!("{} is truncated ({e})", rel.display())))?;
            }
            tar::EntryType::Symlink => {
                if let Ok(Some(target)) = entry.link_name() {
                    symlinks.insert(rel, target.into_owned());
                }
            }
            _ => {}
        }
    }
    Ok(Archive {
        root: dir.to_path_buf(),
        symlinks,
    })
}

struct Ctx<'a> {
    store: &'a ImageStore,
    tarball: &'a Path,
    archive: Archive,
}

impl Ctx<'_> {
    fn bad(&self, detail: String) -> ImageError {
        ImageError::BadArchive {
            path: self.tarball.to_owned(),
            detail,
        }
    }

    fn read(&self, rel: &str) -> Result<Vec<u8>, ImageError> {
        let p = self
            .archive
            .resolve(rel)
            .filter(|p| p.is_file())
            .ok_or_else(|| self.bad(format!("it lacks {rel}")))?;
        fs::read(&p).map_err(io_at("read", &p))
    }

    /// Copies a file of the archive into the blob store; with `expected`, checks it.
    /// Returns (digest, size, compression).
    fn import(
        &self,
        rel: &str,
        expected: Option<&str>,
    ) -> Result<(String, u64, Compression), ImageError> {
        let src = self
            .archive
            .resolve(rel)
            .filter(|p| p.is_file())
            .ok_or_else(|| self.bad(format!("it lacks {rel}")))?;
        let mut input = BufReader::new(fs::File::open(&src).map_err(io_at("open", &src))?);
        let compression = sniff_compression(input.fill_buf().map_err(io_at("read", &src))?);
        let tmp = self.store.tmp_path("import");
        let mut out = fs::File::create(&tmp).map_err(io_at("create", &tmp))?;
        let mut hasher = Sha256::new();
        let mut size = 0u64;
        let mut buf = vec![0u8; 256 * 1024];
        loop {
            let n = input.read(&mut buf).map_err(io_at("read", &src))?;
            if n == 0 {
                break;
            }
            hasher.update(&buf[..n]);
            out.write_all(&buf[..n]).map_err(io_at("write", &tmp))?;
            size += n as u64;
        }
        out.sync_all().map_err(io_at("write", &tmp))?;
        drop(out);
        let digest = format!("sha256:{:x}", hasher.finalize());
        if let Some(want) = expected {
            if want != digest {
                let _ = fs::remove_file(&tmp);
                return Err(self.bad(format!(
                    "{rel} does not match its digest {want} (it is {digest})"
                )));
            }
        }
        let dest = self.store.blob_path(&digest)?;
        if dest.exists() {
            let _ = fs::remove_file(&tmp);
        } else {
            fs::rename(&tmp, &dest).map_err(io_at("store", &dest))?;
        }
        Ok((digest, size, compression))
    }

    fn load_docker(&self) -> Result<Vec<String>, ImageError> {
        #[derive(serde::Deserialize)]
        #[serde(rename_all = "PascalCase")]
        struct Entry {
            config: String,
            #[serde(default)]
            repo_tags: Option<Vec<String>>,
            layers: Vec<String>,
        }
        let entries: Vec<Entry> = serde_json::from_slice(&self.read("manifest.json")?)
            .map_err(|e| self.bad(format!("its manifest.json cannot be read ({e})")))?;
        let mut out = Vec::new();
        for entry in entries {
            let (config_digest, config_size, _) = self.import(&entry.config, None)?;
            let mut layers = Vec::new();
            for l in &entry.layers {
                let (digest, size, compression) = self.import(l, None)?;
                let media_type = match compression {
                    Compression::Gzip => "application/vnd.oci.image.layer.v1.tar+gzip",
                    Compression::Zstd => "application/vnd.oci.image.layer.v1.tar+zstd",
                    Compression::None => "application/vnd.oci.image.layer.v1.tar",
                };
                layers.push(
                    serde_json::json!({"mediaType": media_type, "digest": digest, "size": size}),
                );
            }
            // A docker archive has no manifest: write the OCI one it implies.
            let manifest_json = serde_json::to_vec(&serde_json::json!({
                "schemaVersion": 2,
                "mediaType": "application/vnd.oci.image.manifest.v1+json",
                "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "digest": config_digest, "size": config_size},
                "layers": layers,
            }))
            .map_err(|e| self.bad(e.to_string()))?;
            let digest = crate::store::sha256_hex(&manifest_json);
            self.store.write_blob(&digest, &manifest_json)?;
            let Ok(Parsed::Manifest(m)) = manifest::parse(&manifest_json) else {
                return Err(self.bad("its manifest.json describes an unusable image".into()));
            };
            let names = self.names(
                entry
                    .repo_tags
                    .unwrap_or_default()
                    .iter()
                    .map(String::as_str),
            );
            self.commit(digest.clone(), digest.clone(), m, names)?;
            out.push(digest);
        }
        Ok(out)
    }

    fn load_oci(&self) -> Result<Vec<String>, ImageError> {
        let index = match manifest::parse(&self.read("index.json")?) {
            Ok(Parsed::Index(i)) => i,
            Ok(Parsed::Manifest(_)) => {
                return Err(self.bad("its index.json is a manifest, not an index".into()))
            }
            Err(e) => return Err(self.bad(format!("its index.json cannot be read: {e}"))),
        };
        let mut out = Vec::new();
        for desc in index.manifests() {
            let digest = desc.digest().to_string();
            let annotations = desc.annotations().clone().unwrap_or_default();
            let name = annotations
                .get("io.containerd.image.name")
                .or_else(|| annotations.get("org.opencontainers.image.ref.name"))
                .cloned();
            let top = self.blob(&digest)?;
            let (manifest_digest, m) = match manifest::parse(&top).map_err(|e| self.bad(e))? {
                Parsed::Manifest(m) => (digest.clone(), m),
                Parsed::Index(i) => {
                    let Some(d) = manifest::pick_linux_amd64(&i) else {
                        return Err(self.bad(format!(
                            "image {digest} has no linux/amd64 entry (it has: {})",
                            manifest::platforms(&i)
                        )));
                    };
                    match manifest::parse(&self.blob(&d)?).map_err(|e| self.bad(e))? {
                        Parsed::Manifest(m) => (d, m),
                        Parsed::Index(_) => {
                            return Err(self.bad(format!("image {digest} nests indexes")))
                        }
                    }
                }
            };
            self.blob(m.config().digest().as_ref())?;
            for l in m.layers() {
                self.blob(l.digest().as_ref())?;
            }
            let names = self.names(name.as_deref().into_iter());
            self.commit(digest.clone(), manifest_digest, m, names)?;
            out.push(digest);
        }
        Ok(out)
    }

    /// Imports `blobs/sha256/HEX` of an OCI archive, verified; returns its bytes for
    /// manifests (small) and nothing useful for layers.
    fn blob(&self, digest: &str) -> Result<Vec<u8>, ImageError> {
        let hex = crate::reference::parse_digest(digest).map_err(|e| self.bad(e))?
            ["sha256:".len()..]
            .to_owned();
        let rel = format!("blobs/sha256/{hex}");
        self.import(&rel, Some(digest))?;
        let path = self.store.blob_path(digest)?;
        let len = fs::metadata(&path).map_err(io_at("read", &path))?.len();
        if len > 4 << 20 {
            return Ok(Vec::new());
        }
        fs::read(&path).map_err(io_at("read", &path))
    }

    /// Normalised names; a bare tag (an OCI ref.name like "1") names no repository and is skipped.
    fn names<'n>(&self, raw: impl Iterator<Item = &'n str>) -> Vec<String> {
        raw.filter_map(|n| {
            if !n.contains('/') && !n.contains(':') {
                tracing::debug!(name = n, "an archive name without a repository is ignored");
                return None;
            }
            match ImageRef::parse(n) {
                Ok(r) => Some(r.to_string()),
                Err(e) => {
                    tracing::warn!(name = n, error = %e, "ignoring an unusable image name in an archive");
                    None
                }
            }
        })
        .collect()
    }

    fn commit(
        &self,
        digest: String,
        manifest_digest: String,
        manifest: oci_spec::image::ImageManifest,
        names: Vec<String>,
    ) -> Result<(), ImageError> {
        tracing::info!(%digest, ?names, archive = %self.tarball.display(), "loading an image");
        self.store.commit(Commit {
            reference: names.first().cloned().unwrap_or_else(|| digest.clone()),
            digest,
            manifest_digest,
            manifest,
            loaded_names: names.clone(),
            names,
        })?;
        Ok(())
    }
}
