//! One container's bundle directory under `STATE/bundles/ID`: a tmpfs sized
//! to the memory limit (so writes count against memory, as on Cloud Run's
//! in-memory filesystem) holding the overlay's upper and work directories,
//! the overlay root filesystem over the shared read-only image, and the
//! generated `config.json`, `hosts` and `resolv.conf`.

use std::io;
use std::path::{Path, PathBuf};

use nix::mount::{mount, umount2, MntFlags, MsFlags};

/// Paths inside one bundle.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Bundle {
    pub dir: PathBuf,
}

// === impl Bundle ===

impl Bundle {
    pub(crate) fn new(bundles: &Path, id: &str) -> Self {
        Self {
            dir: bundles.join(id),
        }
    }

    pub(crate) fn rootfs(&self) -> PathBuf {
        self.dir.join("rootfs")
    }

    fn memory(&self) -> PathBuf {
        self.dir.join("mem")
    }

    pub(crate) fn pid_file(&self) -> PathBuf {
        self.dir.join("init.pid")
    }

    pub(crate) fn hosts(&self) -> PathBuf {
        self.dir.join("hosts")
    }

    pub(crate) fn resolv_conf(&self) -> PathBuf {
        self.dir.join("resolv.conf")
    }

    /// Mounts the tmpfs and the overlay of `image` under it.
    pub(crate) fn prepare(&self, image: &Path, memory_bytes: Option<u64>) -> io::Result<()> {
        std::fs::create_dir_all(self.memory())?;
        std::fs::create_dir_all(self.rootfs())?;
        let mut options = "mode=0755".to_owned();
        if let Some(bytes) = memory_bytes {
            options.push_str(&format!(",size={bytes}"));
        }
        mount(
            Some("tmpfs"),
            &self.memory(),
            Some("tmpfs"),
            MsFlags::MS_NOSUID | MsFlags::MS_NODEV,
            Some(options.as_str()),
        )
        .map_err(|e| {
            io::Error::other(format!(
                "mounting a tmpfs on {}: {e}",
                self.memory().display()
            ))
        })?;
        let upper = self.memory().join("upper");
        let work = self.memory().join("work");
        std::fs::create_dir_all(&upper)?;
        std::fs::create_dir_all(&work)?;
        let overlay = format!(
            "lowerdir={},upperdir={},workdir={}",
            image.display(),
            upper.display(),
            work.display()
        );
        mount(
            Some("overlay"),
            &self.rootfs(),
            Some("overlay"),
            MsFlags::empty(),
            Some(overlay.as_str()),
        )
        .map_err(|e| {
            io::Error::other(format!(
                "mounting the overlay on {}: {e}",
                self.rootfs().display()
            ))
        })
    }

    /// Unmounts everything under the bundle and removes it.
    pub(crate) fn remove(&self) {
        let mounts = std::fs::read_to_string("/proc/mounts").unwrap_or_default();
        for point in mounts_under(&mounts, &self.dir) {
            unmount(&point);
        }
        if let Err(e) = std::fs::remove_dir_all(&self.dir) {
            if e.kind() != io::ErrorKind::NotFound {
                tracing::warn!(error = %e, bundle = %self.dir.display(), "could not remove a container bundle");
            }
        }
    }
}

/// Unmounts `point`, lazily if it is busy.
pub(crate) fn unmount(point: &Path) {
    if umount2(point, MntFlags::empty()).is_err() {
        if let Err(e) = umount2(point, MntFlags::MNT_DETACH) {
            tracing::warn!(error = %e, mount = %point.display(), "could not unmount");
        }
    }
}

/// Mount points at or under `dir` in `/proc/mounts` text, deepest first.
pub(crate) fn mounts_under(proc_mounts: &str, dir: &Path) -> Vec<PathBuf> {
    let mut points: Vec<PathBuf> = proc_mounts
        .lines()
        .filter_map(|line| line.split(' ').nth(1))
        .map(|p| PathBuf::from(unescape(p)))
        .filter(|p| p.starts_with(dir))
        .collect();
    points.sort_by_key(|p| std::cmp::Reverse(p.components().count()));
    points.dedup();
    points
}

/// Undoes `/proc/mounts` octal escapes (`\040` for a space).
fn unescape(field: &str) -> String {
    let bytes = field.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'\\'
            && i + 3 < bytes.len()
            && bytes[i + 1..i + 4]
                .iter()
                .all(|b| (b'0'..=b'7').contains(b))
        {
            let value =
                (bytes[i + 1] - b'0') * 64 + (bytes[i + 2] - b'0') * 8 + (bytes[i + 3] - b'0');
            out.push(value);
            i += 4;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_our_mounts_deepest_first() {
        let mounts = "\
proc /proc proc rw 0 0
tmpfs /data/run/bundles/a/mem tmpfs rw 0 0
overlay /data/run/bundles/a/rootfs overlay rw 0 0
tmpfs /data/run/bundles/with\\040space/mem tmpfs rw 0 0
proc /data/run/bundles/a/rootfs/proc proc rw 0 0
tmpfs /data/other tmpfs rw 0 0
";
        let got = mounts_under(mounts, Path::new("/data/run/bundles"));
        let got: Vec<&str> = got.iter().map(|p| p.to_str().unwrap()).collect();
        assert_eq!(
            got,
            [
                "/data/run/bundles/a/rootfs/proc",
                "/data/run/bundles/a/mem",
                "/data/run/bundles/a/rootfs",
                "/data/run/bundles/with space/mem",
            ]
        );
        assert!(mounts_under(mounts, Path::new("/data/run/bundles/b")).is_empty());
    }
}
