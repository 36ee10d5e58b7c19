//! Applies image layers (tar streams) to a root filesystem directory, safely.
//!
//! Layers come from registries and tarballs we do not trust. Every path in a layer —
//! entry names and hard-link targets — is resolved *inside* the rootfs as if the rootfs
//! were `/`: `..` stops at the root and symlinks already unpacked are followed with the
//! rootfs as their root (at most [`MAX_SYMLINK_HOPS`] hops), never out of it. Only the
//! last component of an entry is created or replaced, and it is never followed.
//!
//! Invariant: nothing is written, linked or deleted through a path that leaves `root`.
//! Invariant: whiteouts (`.wh.NAME`, `.wh..wh..opq`) only remove what lower layers put
//! there, as the OCI image spec says.

use std::cell::Cell;
use std::collections::HashSet;
use std::ffi::OsString;
use std::fs;
use std::io::{self, BufRead, Read, Write};
use std::os::unix::fs::{lchown, PermissionsExt};
use std::path::{Component, Path, PathBuf};
use std::rc::Rc;

/// Linux's limit on symlinks followed while resolving one path.
pub const MAX_SYMLINK_HOPS: usize = 40;

/// Buffer for copying file contents out of a layer (the default 8 KiB costs a
/// decompressor call per 8 KiB).
const COPY_BUF: usize = 256 << 10;

const WHITEOUT_PREFIX: &str = ".wh.";
const OPAQUE_MARKER: &str = ".wh..wh..opq";

/// Why a layer could not be applied; the caller adds which image and layer it was.
#[derive(Debug, thiserror::Error)]
pub enum UnpackError {
    #[error("the layer is not a readable tar stream: {0}")]
    Tar(io::Error),
    #[error("entry {entry:?}: {source}")]
    Io { entry: String, source: io::Error },
    #[error("entry {entry:?}: more than {MAX_SYMLINK_HOPS} symlinks while resolving the path (a symlink loop?)")]
    SymlinkLoop { entry: String },
    #[error(
        "entry {entry:?} is a hard link to {target:?}, which the layers so far do not contain"
    )]
    MissingLinkTarget { entry: String, target: String },
    #[error(
        "the image unpacks to more than {limit} bytes (file contents plus 512 bytes per entry)"
    )]
    TooLarge { limit: u64 },
}

/// What applying layers produced, for the image's size and logs.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct UnpackStats {
    pub files: u64,
    pub bytes: u64,
    pub skipped_devices: u64,
    /// Every tar entry applied, of any kind (whiteouts included).
    pub entries: u64,
}

/// What the unpacked image counts against a size limit: its file contents, and a tar
/// header's 512 bytes per entry, so that a layer of millions of empty files or
/// directories (a tar bomb of inodes) is bounded too.
const ENTRY_COST: u64 = 512;

impl UnpackStats {
    fn unpacked_cost(&self) -> u64 {
        self.bytes
            .saturating_add(self.entries.saturating_mul(ENTRY_COST))
    }
}

/// Layer compression, told by the first bytes rather than by the (untrusted) media type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Compression {
    None,
    Gzip,
    Zstd,
}

/// Sniffs the compression of a layer blob from its magic bytes.
pub fn sniff_compression(head: &[u8]) -> Compression {
    match head {
        [0x1f, 0x8b, ..] => Compression::Gzip,
        [0x28, 0xb5, 0x2f, 0xfd, ..] => Compression::Zstd,
        _ => Compression::None,
    }
}

/// A reader of a zstd stream of one or more frames (skippable frames are skipped, as
/// zstd:chunked layers carry some), decoded by the pure-Rust `ruzstd`.
pub struct ZstdFrames<R: BufRead> {
    source: R,
    decoder: ruzstd::decoding::FrameDecoder,
    in_frame: bool,
}

impl<R: BufRead> ZstdFrames<R> {
    pub fn new(source: R) -> Self {
        Self {
            source,
            decoder: ruzstd::decoding::FrameDecoder::new(),
            in_frame: false,
        }
    }
}

impl<R: BufRead> Read for ZstdFrames<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        use ruzstd::decoding::errors::{FrameDecoderError, ReadFrameHeaderError};
        use ruzstd::decoding::BlockDecodingStrategy;
        if buf.is_empty() {
            return Ok(0);
        }
        loop {
            if !self.in_frame {
                if self.source.fill_buf()?.is_empty() {
                    return Ok(0);
                }
                match self.decoder.reset(&mut self.source) {
                    Ok(()) => self.in_frame = true,
                    Err(FrameDecoderError::ReadFrameHeaderError(
                        ReadFrameHeaderError::SkipFrame { length, .. },
                    )) => {
                        let skipped = io::copy(
                            &mut (&mut self.source).take(u64::from(length)),
                            &mut io::sink(),
                        )?;
                        if skipped < u64::from(length) {
                            return Err(io::Error::new(
                                io::ErrorKind::UnexpectedEof,
                                "truncated zstd skippable frame",
                            ));
                        }
                        continue;
                    }
                    Err(e) => return Err(io::Error::other(e)),
                }
            }
            while self.decoder.can_collect() < buf.len() && !self.decoder.is_finished() {
                let wanted = buf.len() - self.decoder.can_collect();
                self.decoder
                    .decode_blocks(&mut self.source, BlockDecodingStrategy::UptoBytes(wanted))
                    .map_err(io::Error::other)?;
            }
            let n = self.decoder.read(buf)?;
            if n > 0 {
                return Ok(n);
            }
            if self.decoder.is_finished() {
                self.in_frame = false;
            }
        }
    }
}

/// Applies one uncompressed layer tar stream on top of `root` (which must exist).
/// Fails with `TooLarge` as soon as `stats` (this layer and the ones before it) would
/// pass `max_bytes`, before the byte past the limit is written: a compressed layer is
/// small on the wire and may expand without bound.
pub fn apply_layer<R: Read>(
    root: &Path,
    layer: R,
    stats: &mut UnpackStats,
    max_bytes: u64,
) -> Result<(), UnpackError> {
    let eof_at = Rc::new(Cell::new(None));
    let mut archive = tar::Archive::new(PadAtEof {
        inner: layer,
        pos: 0,
        eof_at: eof_at.clone(),
        pad_left: 0,
    });
    // Paths added by this layer: whiteouts must not remove them (they hide lower layers only).
    let mut added: HashSet<PathBuf> = HashSet::new();
    let mut buf = vec![0u8; COPY_BUF];
    for entry in archive.entries().map_err(UnpackError::Tar)? {
        let mut entry = entry.map_err(UnpackError::Tar)?;
        stats.entries += 1;
        if stats.unpacked_cost() > max_bytes {
            return Err(UnpackError::TooLarge { limit: max_bytes });
        }
        let raw = entry.path().map_err(UnpackError::Tar)?.into_owned();
        let name = raw.to_string_lossy().into_owned();
        let io_err = |source: io::Error| UnpackError::Io {
            entry: name.clone(),
            source,
        };

        let Some((parent, base)) = split_entry_path(&raw) else {
            // "." or "/" itself: the root directory keeps its mode.
            continue;
        };
        let parent_dir = resolve(root, &parent, true).map_err(|e| map_resolve(e, &name))?;
        let base_str = base.to_string_lossy();

        if base_str == OPAQUE_MARKER {
            if is_dir(&parent_dir) {
                clear_dir_except(&parent_dir, &added).map_err(io_err)?;
            }
            continue;
        }
        if let Some(hidden) = base_str.strip_prefix(WHITEOUT_PREFIX) {
            let victim = parent_dir.join(hidden);
            if !added.contains(&victim) {
                remove_any(&victim).map_err(io_err)?;
            }
            continue;
        }

        ensure_dir_chain(root, &parent_dir, &mut added).map_err(io_err)?;
        let target = parent_dir.join(&base);
        let size = entry.size();
        let header = entry.header();
        let kind = header.entry_type();
        let mode = header.mode().map_err(io_err)? & 0o7777;
        let uid = header.uid().ok().and_then(|u| u32::try_from(u).ok());
        let gid = header.gid().ok().and_then(|g| u32::try_from(g).ok());

        use tar::EntryType as T;
        match kind {
            T::Directory => {
                if !is_dir(&target) {
                    remove_any(&target).map_err(io_err)?;
                    fs::create_dir(&target).map_err(io_err)?;
                }
                lchown(&target, uid, gid).map_err(io_err)?;
                fs::set_permissions(&target, fs::Permissions::from_mode(mode)).map_err(io_err)?;
            }
            T::Regular | T::Continuous | T::GNUSparse => {
                remove_any(&target).map_err(io_err)?;
                let mut file = fs::OpenOptions::new()
                    .write(true)
                    .create_new(true)
                    .open(&target)
                    .map_err(io_err)?;
                let room = max_bytes.saturating_sub(stats.unpacked_cost());
                let n = copy_with(
                    &mut (&mut entry).take(room.saturating_add(1)),
                    &mut file,
                    &mut buf,
                )
                .map_err(io_err)?;
                if n > room {
                    return Err(UnpackError::TooLarge { limit: max_bytes });
                }
                drop(file);
                let past_end = eof_at
                    .get()
                    .is_some_and(|end| entry.raw_file_position() + size > end);
                if past_end || (kind != T::GNUSparse && n != size) {
                    return Err(io_err(io::Error::new(
                        io::ErrorKind::UnexpectedEof,
                        format!("the layer ends inside this file ({size} bytes declared)"),
                    )));
                }
                lchown(&target, uid, gid).map_err(io_err)?;
                fs::set_permissions(&target, fs::Permissions::from_mode(mode)).map_err(io_err)?;
                stats.files += 1;
                stats.bytes += n;
            }
            T::Symlink => {
                let link = entry
                    .link_name()
                    .map_err(io_err)?
                    .unwrap_or_default()
                    .into_owned();
                remove_any(&target).map_err(io_err)?;
                // The target is stored verbatim: it is only ever interpreted inside the
                // container, or by `resolve` with the rootfs as root.
                std::os::unix::fs::symlink(&link, &target).map_err(io_err)?;
                lchown(&target, uid, gid).map_err(io_err)?;
            }
            T::Link => {
                let link = entry
                    .link_name()
                    .map_err(io_err)?
                    .unwrap_or_default()
                    .into_owned();
                let link_name = link.to_string_lossy().into_owned();
                let source =
                    resolve_no_follow_last(root, &link).map_err(|e| map_resolve(e, &name))?;
                if fs::symlink_metadata(&source).is_err() {
                    return Err(UnpackError::MissingLinkTarget {
                        entry: name,
                        target: link_name,
                    });
                }
                if source != target {
                    remove_any(&target).map_err(io_err)?;
                    // std's hard_link does not follow a symlink at `source` (linkat without
                    // AT_SYMLINK_FOLLOW), so a link to a symlink stays a link to the symlink.
                    fs::hard_link(&source, &target).map_err(io_err)?;
                }
            }
            T::Char | T::Block | T::Fifo => {
                tracing::debug!(entry = %name, ?kind, "skipping a device node or fifo in a layer");
                stats.skipped_devices += 1;
                continue;
            }
            T::XGlobalHeader | T::XHeader | T::GNULongName | T::GNULongLink => continue,
            other => {
                tracing::debug!(entry = %name, kind = ?other, "skipping an unknown tar entry type");
                continue;
            }
        }
        added.insert(target);
    }
    Ok(())
}

/// `io::copy` through a caller's (larger) buffer.
fn copy_with(src: &mut impl Read, dst: &mut impl Write, buf: &mut [u8]) -> io::Result<u64> {
    let mut total = 0u64;
    loop {
        let n = match src.read(buf) {
            Ok(0) => return Ok(total),
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        dst.write_all(&buf[..n])?;
        total += n as u64;
    }
}

// === lenient end of archive ===

/// umoci 0.4.7 (issue #436) ends layers without the last entry's padding and the two
/// end-of-archive blocks, which tar readers reject. After the real end of the stream
/// this reader yields the zeros such an archive lacks, and records where the real data
/// ended, so that a file reaching past it is still reported as truncated.
struct PadAtEof<R> {
    inner: R,
    pos: u64,
    eof_at: Rc<Cell<Option<u64>>>,
    pad_left: u64,
}

impl<R: Read> Read for PadAtEof<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.eof_at.get().is_none() {
            let n = self.inner.read(buf)?;
            if n > 0 || buf.is_empty() {
                self.pos += n as u64;
                return Ok(n);
            }
            self.eof_at.set(Some(self.pos));
            self.pad_left = (512 - self.pos % 512) % 512 + 1024;
        }
        let n = usize::try_from(self.pad_left)
            .unwrap_or(usize::MAX)
            .min(buf.len());
        buf[..n].fill(0);
        self.pad_left -= n as u64;
        Ok(n)
    }
}

// === path resolution ===

#[derive(Debug)]
pub enum ResolveError {
    Loop,
    Io(io::Error),
}

fn map_resolve(e: ResolveError, entry: &str) -> UnpackError {
    match e {
        ResolveError::Loop => UnpackError::SymlinkLoop {
            entry: entry.to_owned(),
        },
        ResolveError::Io(source) => UnpackError::Io {
            entry: entry.to_owned(),
            source,
        },
    }
}

/// Splits a tar entry path into its parent components and its last normal component.
/// `None` for paths naming the root itself ("", ".", "/", "./", "..").
fn split_entry_path(path: &Path) -> Option<(Vec<OsString>, OsString)> {
    let mut parts: Vec<OsString> = Vec::new();
    for c in path.components() {
        match c {
            Component::Normal(n) => parts.push(n.to_owned()),
            Component::ParentDir => parts.push(OsString::from("..")),
            Component::RootDir | Component::CurDir | Component::Prefix(_) => {}
        }
    }
    // A trailing ".." would make the entry name a directory above its parent; fold it.
    while parts.last().is_some_and(|p| p == "..") {
        parts.pop();
        parts.pop();
    }
    let base = parts.pop()?;
    Some((parts, base))
}

/// Resolves `components` under `root` as if `root` were `/`: `..` never climbs above it
/// and symlinks met on the way are followed inside it (the last one only if
/// `follow_last`). The result is `root` joined with real, symlink-free directories
/// (except maybe a final unfollowed symlink or a missing tail).
pub fn resolve(
    root: &Path,
    components: &[OsString],
    follow_last: bool,
) -> Result<PathBuf, ResolveError> {
    let mut pending: std::collections::VecDeque<OsString> = components.iter().cloned().collect();
    let mut resolved: Vec<OsString> = Vec::new();
    let mut hops = 0usize;
    while let Some(c) = pending.pop_front() {
        if c.is_empty() || c == "." {
            continue;
        }
        if c == ".." {
            resolved.pop();
            continue;
        }
        let mut candidate = root.to_path_buf();
        candidate.extend(&resolved);
        candidate.push(&c);
        let is_last = pending.is_empty();
        match fs::symlink_metadata(&candidate) {
            Ok(md) if md.file_type().is_symlink() && (!is_last || follow_last) => {
                hops += 1;
                if hops > MAX_SYMLINK_HOPS {
                    return Err(ResolveError::Loop);
                }
                let target = fs::read_link(&candidate).map_err(ResolveError::Io)?;
                if target.has_root() {
                    resolved.clear();
                }
                for (i, part) in path_parts(&target).into_iter().enumerate() {
                    pending.insert(i, part);
                }
            }
            Ok(_) => resolved.push(c),
            Err(e) if e.kind() == io::ErrorKind::NotFound => resolved.push(c),
            Err(e) => return Err(ResolveError::Io(e)),
        }
    }
    let mut out = root.to_path_buf();
    out.extend(&resolved);
    Ok(out)
}

/// Resolves a whole path (e.g. a hard-link target) inside `root`, not following its last component.
fn resolve_no_follow_last(root: &Path, path: &Path) -> Result<PathBuf, ResolveError> {
    let Some((parent, base)) = split_entry_path(path) else {
        return Ok(root.to_path_buf());
    };
    let dir = resolve(root, &parent, true)?;
    Ok(dir.join(base))
}

fn path_parts(path: &Path) -> Vec<OsString> {
    path.components()
        .filter_map(|c| match c {
            Component::Normal(n) => Some(n.to_owned()),
            Component::ParentDir => Some(OsString::from("..")),
            _ => None,
        })
        .collect()
}

// === filesystem helpers (all paths here come from `resolve`) ===

fn is_dir(path: &Path) -> bool {
    fs::symlink_metadata(path).is_ok_and(|m| m.is_dir())
}

/// Removes whatever is at `path` (file, symlink, or a directory tree); missing is fine.
fn remove_any(path: &Path) -> io::Result<()> {
    match fs::symlink_metadata(path) {
        Ok(md) if md.is_dir() => fs::remove_dir_all(path),
        Ok(_) => fs::remove_file(path),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(e),
    }
}

/// Creates the directories of `dir` below `root` that are missing; a non-directory in the
/// way (a lower layer's file) is replaced by a directory.
fn ensure_dir_chain(root: &Path, dir: &Path, added: &mut HashSet<PathBuf>) -> io::Result<()> {
    let rel = dir
        .strip_prefix(root)
        .map_err(|_| io::Error::other("resolved path left the rootfs"))?;
    let mut cur = root.to_path_buf();
    for c in rel.components() {
        let Component::Normal(n) = c else {
            return Err(io::Error::other("resolved path is not normalised"));
        };
        cur.push(n);
        match fs::symlink_metadata(&cur) {
            Ok(md) if md.is_dir() => {}
            Ok(_) => {
                fs::remove_file(&cur)?;
                fs::create_dir(&cur)?;
                added.insert(cur.clone());
            }
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                fs::create_dir(&cur)?;
                added.insert(cur.clone());
            }
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

/// Empties `dir` of everything not added by the current layer (an opaque whiteout).
fn clear_dir_except(dir: &Path, keep: &HashSet<PathBuf>) -> io::Result<()> {
    for child in fs::read_dir(dir)? {
        let path = child?.path();
        if !keep.contains(&path) {
            remove_any(&path)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests;
