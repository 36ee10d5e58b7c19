//! Unit tests for layer application: whiteouts, replacements, and escape attempts,
//! with layers built in memory by the `tar` crate (raw header names, so `..` survives).

use super::*;
use std::os::unix::fs::MetadataExt;

enum E<'a> {
    Dir(&'a str),
    File(&'a str, &'a str),
    Mode(&'a str, &'a str, u32),
    Sym(&'a str, &'a str),
    Hard(&'a str, &'a str),
    Fifo(&'a str),
}

fn raw_header(name: &str, kind: tar::EntryType, mode: u32, size: u64, link: &str) -> tar::Header {
    let mut h = tar::Header::new_ustar();
    h.set_entry_type(kind);
    h.set_mode(mode);
    h.set_size(size);
    h.set_uid(0);
    h.set_gid(0);
    h.set_mtime(0);
    let old = h.as_old_mut();
    old.name[..name.len()].copy_from_slice(name.as_bytes());
    old.linkname[..link.len()].copy_from_slice(link.as_bytes());
    h.set_cksum();
    h
}

fn layer(entries: &[E<'_>]) -> Vec<u8> {
    let mut b = tar::Builder::new(Vec::new());
    for e in entries {
        let (h, data): (tar::Header, &[u8]) = match *e {
            E::Dir(n) => (raw_header(n, tar::EntryType::Directory, 0o755, 0, ""), b""),
            E::File(n, d) => (
                raw_header(n, tar::EntryType::Regular, 0o644, d.len() as u64, ""),
                d.as_bytes(),
            ),
            E::Mode(n, d, m) => (
                raw_header(n, tar::EntryType::Regular, m, d.len() as u64, ""),
                d.as_bytes(),
            ),
            E::Sym(n, t) => (raw_header(n, tar::EntryType::Symlink, 0o777, 0, t), b""),
            E::Hard(n, t) => (raw_header(n, tar::EntryType::Link, 0o644, 0, t), b""),
            E::Fifo(n) => (raw_header(n, tar::EntryType::Fifo, 0o644, 0, ""), b""),
        };
        b.append(&h, data).unwrap();
    }
    b.into_inner().unwrap()
}

/// A rootfs inside a sandbox dir, so an escape would land in `sandbox/` where we can see it.
struct Fixture {
    _tmp: tempfile::TempDir,
    sandbox: PathBuf,
    root: PathBuf,
}

fn fixture() -> Fixture {
    let tmp = tempfile::tempdir().unwrap();
    let sandbox = tmp.path().join("a/b/c");
    let root = sandbox.join("rootfs");
    fs::create_dir_all(&root).unwrap();
    Fixture {
        sandbox: tmp.path().to_path_buf(),
        root,
        _tmp: tmp,
    }
}

impl Fixture {
    fn apply(&self, entries: &[E<'_>]) -> Result<UnpackStats, UnpackError> {
        let mut stats = UnpackStats::default();
        apply_layer(&self.root, &layer(entries)[..], &mut stats, u64::MAX).map(|()| stats)
    }
    fn read(&self, rel: &str) -> Option<String> {
        fs::read_to_string(self.root.join(rel)).ok()
    }
    fn exists(&self, rel: &str) -> bool {
        fs::symlink_metadata(self.root.join(rel)).is_ok()
    }
    /// Every path under the sandbox outside the rootfs (escapes show up here).
    fn outside(&self) -> Vec<String> {
        fn walk(dir: &Path, root: &Path, out: &mut Vec<String>) {
            for e in fs::read_dir(dir).unwrap() {
                let p = e.unwrap().path();
                if p == root {
                    continue;
                }
                out.push(p.display().to_string());
                if fs::symlink_metadata(&p).unwrap().is_dir() {
                    walk(&p, root, out);
                }
            }
        }
        let mut out = Vec::new();
        walk(&self.sandbox, &self.root, &mut out);
        out.retain(|p| !self.root.starts_with(p));
        out
    }
}

#[test]
fn plain_files_dirs_and_modes() {
    let f = fixture();
    let stats = f
        .apply(&[
            E::Dir("./"),
            E::Dir("./bin/"),
            E::Mode("./bin/app", "#!", 0o4755),
            E::File("etc/hostname", "x"),
        ])
        .unwrap();
    assert_eq!(f.read("bin/app").as_deref(), Some("#!"));
    assert_eq!(f.read("etc/hostname").as_deref(), Some("x"));
    assert_eq!(
        fs::metadata(f.root.join("bin/app")).unwrap().mode() & 0o7777,
        0o4755
    );
    assert_eq!(
        stats,
        UnpackStats {
            files: 2,
            bytes: 3,
            skipped_devices: 0,
            entries: 4,
        }
    );
}

#[test]
fn whiteout_removes_lower_file_and_dir() {
    let f = fixture();
    f.apply(&[
        E::File("www/secret", "s"),
        E::File("www/keep", "k"),
        E::File("old/x", "x"),
    ])
    .unwrap();
    f.apply(&[E::File("www/.wh.secret", ""), E::File(".wh.old", "")])
        .unwrap();
    assert!(!f.exists("www/secret"));
    assert!(!f.exists("www/.wh.secret"));
    assert!(!f.exists("old"));
    assert_eq!(f.read("www/keep").as_deref(), Some("k"));
}

#[test]
fn whiteout_does_not_hide_same_layer_file() {
    let f = fixture();
    f.apply(&[E::File("d/a", "new"), E::File("d/.wh.a", "")])
        .unwrap();
    assert_eq!(f.read("d/a").as_deref(), Some("new"));
}

#[test]
fn opaque_dir_empties_lower_content_only() {
    let f = fixture();
    f.apply(&[
        E::File("etc/junk/a", "a"),
        E::File("etc/junk/sub/x", "x"),
        E::File("etc/other", "o"),
    ])
    .unwrap();
    // The marker comes after this layer's own entry: that one must survive.
    f.apply(&[
        E::Dir("etc/junk/"),
        E::File("etc/junk/b", "b"),
        E::File("etc/junk/new/y", "y"),
        E::File("etc/junk/.wh..wh..opq", ""),
    ])
    .unwrap();
    assert!(!f.exists("etc/junk/a"));
    assert!(!f.exists("etc/junk/sub"));
    assert_eq!(f.read("etc/junk/b").as_deref(), Some("b"));
    assert_eq!(f.read("etc/junk/new/y").as_deref(), Some("y"));
    assert!(!f.exists("etc/junk/.wh..wh..opq"));
    assert_eq!(f.read("etc/other").as_deref(), Some("o"));
}

#[test]
fn dir_replaced_by_file_and_file_by_dir() {
    let f = fixture();
    f.apply(&[E::File("data/old", "old"), E::File("conf", "c")])
        .unwrap();
    f.apply(&[
        E::File("data", "data is now a file"),
        E::Dir("conf/"),
        E::File("conf/x", "x"),
    ])
    .unwrap();
    assert_eq!(f.read("data").as_deref(), Some("data is now a file"));
    assert_eq!(f.read("conf/x").as_deref(), Some("x"));
}

#[test]
fn file_in_the_way_of_a_parent_becomes_a_dir() {
    let f = fixture();
    f.apply(&[E::File("p", "file")]).unwrap();
    f.apply(&[E::File("p/q", "q")]).unwrap();
    assert_eq!(f.read("p/q").as_deref(), Some("q"));
}

#[test]
fn dotdot_in_entry_names_stays_inside() {
    let f = fixture();
    f.apply(&[
        E::File("../../etc/x", "1"),
        E::File("a/../../../../y", "2"),
        E::File("/abs/z", "3"),
    ])
    .unwrap();
    assert_eq!(f.read("etc/x").as_deref(), Some("1"));
    assert_eq!(f.read("y").as_deref(), Some("2"));
    assert_eq!(f.read("abs/z").as_deref(), Some("3"));
    assert_eq!(f.outside(), Vec::<String>::new());
}

#[test]
fn absolute_symlink_to_root_is_followed_inside() {
    let f = fixture();
    f.apply(&[
        E::Sym("evil", "/"),
        E::File("evil/etc/passwd", "root:x:0:0"),
    ])
    .unwrap();
    assert_eq!(f.read("etc/passwd").as_deref(), Some("root:x:0:0"));
    assert!(fs::symlink_metadata(f.root.join("evil"))
        .unwrap()
        .file_type()
        .is_symlink());
    assert_eq!(f.outside(), Vec::<String>::new());
}

#[test]
fn relative_symlink_climbing_out_is_clamped() {
    let f = fixture();
    f.apply(&[
        E::Dir("x/"),
        E::Sym("x/up", "../../.."),
        E::File("x/up/escaped", "e"),
        E::Sym("abs", "/../../tmp"),
    ])
    .unwrap();
    f.apply(&[E::File("abs/t", "t")]).unwrap();
    assert_eq!(f.read("escaped").as_deref(), Some("e"));
    assert_eq!(f.read("tmp/t").as_deref(), Some("t"));
    assert_eq!(f.outside(), Vec::<String>::new());
}

#[test]
fn symlink_chain_across_layers_stays_inside() {
    let f = fixture();
    f.apply(&[
        E::Sym("lib", "usr/lib"),
        E::Sym("usr", "/opt/../real"),
        E::Dir("real/"),
    ])
    .unwrap();
    f.apply(&[E::File("lib/libc.so", "c")]).unwrap();
    assert_eq!(f.read("real/lib/libc.so").as_deref(), Some("c"));
    assert_eq!(f.outside(), Vec::<String>::new());
}

#[test]
fn final_symlink_is_replaced_not_followed() {
    let f = fixture();
    fs::write(f.sandbox.join("victim"), "host").unwrap();
    f.apply(&[E::Sym("link", "../../../../victim")]).unwrap();
    f.apply(&[E::File("link", "overwritten")]).unwrap();
    assert_eq!(
        fs::read_to_string(f.sandbox.join("victim")).unwrap(),
        "host"
    );
    assert_eq!(f.read("link").as_deref(), Some("overwritten"));
    assert!(!fs::symlink_metadata(f.root.join("link"))
        .unwrap()
        .file_type()
        .is_symlink());
}

#[test]
fn whiteout_through_symlink_stays_inside() {
    let f = fixture();
    fs::write(f.sandbox.join("victim"), "host").unwrap();
    f.apply(&[E::Sym("out", "../../../..")]).unwrap();
    f.apply(&[E::File("out/.wh.victim", ""), E::File("../.wh.victim", "")])
        .unwrap();
    assert!(f.sandbox.join("victim").exists());
}

#[test]
fn symlink_loop_is_an_error() {
    let f = fixture();
    f.apply(&[E::Sym("a", "b"), E::Sym("b", "a")]).unwrap();
    let err = f.apply(&[E::File("a/x", "x")]).unwrap_err();
    assert!(matches!(err, UnpackError::SymlinkLoop { .. }), "{err}");
}

#[test]
fn hardlinks_inside_work() {
    let f = fixture();
    f.apply(&[
        E::File("bin/busybox", "bb"),
        E::Hard("bin/sh", "bin/busybox"),
        E::Hard("bin/ls", "./bin/../bin/busybox"),
    ])
    .unwrap();
    let a = fs::metadata(f.root.join("bin/busybox")).unwrap();
    let b = fs::metadata(f.root.join("bin/sh")).unwrap();
    assert_eq!(a.ino(), b.ino());
    assert_eq!(f.read("bin/ls").as_deref(), Some("bb"));
}

#[test]
fn hardlink_escape_is_resolved_inside() {
    let f = fixture();
    fs::write(f.sandbox.join("victim"), "host").unwrap();
    let host = fs::metadata(f.sandbox.join("victim")).unwrap();
    // A target climbing out of the rootfs names the rootfs's own file of that name...
    f.apply(&[
        E::File("victim", "image"),
        E::Hard("h1", "../../../../victim"),
    ])
    .unwrap();
    let h1 = fs::metadata(f.root.join("h1")).unwrap();
    assert_ne!(h1.ino(), host.ino());
    assert_eq!(f.read("h1").as_deref(), Some("image"));
    // ...and through a symlink, too.
    f.apply(&[E::Sym("up", "../../../.."), E::Hard("h2", "up/victim")])
        .unwrap();
    assert_ne!(fs::metadata(f.root.join("h2")).unwrap().ino(), host.ino());
    // A target that is not in the image is an error, not a link to the host.
    let err = f
        .apply(&[E::Hard("h3", "../../../../a/b/c/victim-not-there")])
        .unwrap_err();
    assert!(
        matches!(err, UnpackError::MissingLinkTarget { .. }),
        "{err}"
    );
    assert_eq!(fs::metadata(f.sandbox.join("victim")).unwrap().nlink(), 1);
}

#[test]
fn device_nodes_and_fifos_are_skipped() {
    let f = fixture();
    let stats = f.apply(&[E::Fifo("dev/fifo"), E::File("ok", "1")]).unwrap();
    assert_eq!(stats.skipped_devices, 1);
    assert!(!f.exists("dev/fifo"));
}

#[test]
fn garbage_is_a_tar_error() {
    let f = fixture();
    let mut stats = UnpackStats::default();
    let err = apply_layer(
        &f.root,
        &b"this is not a tar archive, not at all, no......"[..],
        &mut stats,
        u64::MAX,
    );
    // tar treats short garbage as a truncated archive or a bad checksum.
    assert!(err.is_err() || stats == UnpackStats::default());
}

#[test]
fn split_entry_path_cases() {
    fn check(input: &str, expected: Option<(&[&str], &str)>) {
        let got = split_entry_path(Path::new(input));
        let want = expected.map(|(p, b)| {
            (
                p.iter().map(OsString::from).collect::<Vec<_>>(),
                OsString::from(b),
            )
        });
        assert_eq!(got, want, "{input}");
    }
    check("./", None);
    check("/", None);
    check("..", None);
    check("a", Some((&[], "a")));
    check("./a/b/", Some((&["a"], "b")));
    check("/etc/passwd", Some((&["etc"], "passwd")));
    check("../../etc/x", Some((&["..", "..", "etc"], "x")));
    check("a/b/..", Some((&[], "a")));
}

#[test]
fn sniff_compression_cases() {
    assert_eq!(sniff_compression(&[0x1f, 0x8b, 8]), Compression::Gzip);
    assert_eq!(
        sniff_compression(&[0x28, 0xb5, 0x2f, 0xfd, 0]),
        Compression::Zstd
    );
    assert_eq!(sniff_compression(b"bin/"), Compression::None);
    assert_eq!(sniff_compression(b""), Compression::None);
}

#[test]
fn zstd_layers_with_several_frames_and_skippable_frames() {
    use ruzstd::encoding::{compress_to_vec, CompressionLevel};
    let tar = layer(&[
        E::File("a/one", "1111"),
        E::File("a/two", &"2".repeat(100_000)),
    ]);
    let (head, tail) = tar.split_at(tar.len() / 3);
    let mut stream = compress_to_vec(head, CompressionLevel::Fastest);
    stream.extend_from_slice(&0x184D_2A50u32.to_le_bytes());
    stream.extend_from_slice(&5u32.to_le_bytes());
    stream.extend_from_slice(b"skip!");
    stream.extend_from_slice(&compress_to_vec(tail, CompressionLevel::Fastest));
    assert_eq!(sniff_compression(&stream), Compression::Zstd);

    let mut decoded = Vec::new();
    ZstdFrames::new(&stream[..])
        .read_to_end(&mut decoded)
        .unwrap();
    assert_eq!(decoded, tar);

    let f = fixture();
    let mut stats = UnpackStats::default();
    apply_layer(&f.root, ZstdFrames::new(&stream[..]), &mut stats, u64::MAX).unwrap();
    assert_eq!(f.read("a/one").as_deref(), Some("1111"));
    assert_eq!(f.read("a/two").map(|s| s.len()), Some(100_000));

    // A truncated stream is an error, not a short rootfs.
    let cut = &stream[..stream.len() - 20];
    let mut sink = Vec::new();
    assert!(ZstdFrames::new(cut).read_to_end(&mut sink).is_err());
}

#[test]
fn layers_without_final_padding_are_accepted_but_truncated_files_are_not() {
    // umoci 0.4.7 (issue #436) writes no padding after the last entry and no end blocks.
    let full = layer(&[
        E::Dir("www/"),
        E::File("www/a", "aaaa"),
        E::File("www/b", "abc"),
    ]);
    let unpadded = &full[..512 * 4 + 3]; // dir, a (header + block), b (header + 3 bytes)
    let f = fixture();
    let mut stats = UnpackStats::default();
    apply_layer(&f.root, unpadded, &mut stats, u64::MAX).unwrap();
    assert_eq!(f.read("www/a").as_deref(), Some("aaaa"));
    assert_eq!(f.read("www/b").as_deref(), Some("abc"));

    let truncated = &full[..512 * 4 + 2];
    let f = fixture();
    let err = apply_layer(&f.root, truncated, &mut UnpackStats::default(), u64::MAX).unwrap_err();
    assert!(
        err.to_string()
            .contains("the layer ends inside this file (3 bytes declared)"),
        "{err}"
    );

    // An empty stream is not a layer.
    let f = fixture();
    assert!(apply_layer(&f.root, &full[..100], &mut UnpackStats::default(), u64::MAX).is_err());
}

#[test]
fn a_layer_past_the_limit_stops_before_the_disk_takes_it() {
    let f = fixture();
    let zeros = "\0".repeat(64 << 10);
    let mut stats = UnpackStats::default();
    let err = apply_layer(
        &f.root,
        &layer(&[E::File("small", "x"), E::File("bomb", &zeros)])[..],
        &mut stats,
        16 << 10,
    )
    .unwrap_err();
    assert!(
        matches!(err, UnpackError::TooLarge { limit } if limit == 16 << 10),
        "{err}"
    );
    // The file past the limit was cut at the room that was left, not written whole.
    let written = fs::metadata(f.root.join("bomb")).map_or(0, |m| m.len());
    assert!(written <= 16 << 10, "{written} bytes written");
}

#[test]
fn entries_count_against_the_limit_so_empty_files_cannot_exhaust_inodes() {
    let f = fixture();
    let names: Vec<String> = (0..100).map(|i| format!("d{i}/")).collect();
    let entries: Vec<E<'_>> = names.iter().map(|n| E::Dir(n)).collect();
    let err = apply_layer(
        &f.root,
        &layer(&entries)[..],
        &mut UnpackStats::default(),
        50 * 512,
    )
    .unwrap_err();
    assert!(matches!(err, UnpackError::TooLarge { .. }), "{err}");
    let made = fs::read_dir(&f.root).unwrap().count();
    assert!(made <= 50, "{made} directories made");
    // Under the limit the same layer applies.
    let g = fixture();
    let mut stats = UnpackStats::default();
    apply_layer(&g.root, &layer(&entries)[..], &mut stats, 100 * 512).unwrap();
    assert_eq!(stats.entries, 100);
}
