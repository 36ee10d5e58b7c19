//! House-style checks over the source tree: every Rust file says why it exists in a
//! leading `//!` comment; ARCHITECTURE.md's "Where does it happen" table and flag list
//! match the sources; a test that drives a program beyond Rust is in the second tier.

use std::path::{Path, PathBuf};

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            // `gen`: code generated from .proto files (crates/grpc/codegen), not written here.
            if path.file_name().is_some_and(|n| n != "target" && n != "fuzz" && n != "gen") {
                rust_files(&path, out);
            }
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn every_rust_file_opens_with_a_module_comment() {
    let crates = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let mut files = Vec::new();
    rust_files(crates, &mut files);
    assert!(files.len() > 20, "found only {} files under {}", files.len(), crates.display());
    let missing: Vec<String> = files
        .iter()
        .filter(|f| !std::fs::read_to_string(f).unwrap().trim_start().starts_with("//!"))
        .map(|f| f.display().to_string())
        .collect();
    assert!(missing.is_empty(), "these files lack a leading //! comment saying why they exist: {missing:#?}");
}

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The backticked words of a line of Markdown.
fn backticked(line: &str) -> Vec<&str> {
    line.split('`').skip(1).step_by(2).collect()
}

/// Whether `source` defines a function named `name` (`fn name(` or `fn name<`).
fn defines_fn(source: &str, name: &str) -> bool {
    [format!("fn {name}("), format!("fn {name}<")].iter().any(|def| source.contains(def.as_str()))
}

/// ARCHITECTURE.md's "Where does it happen" table: in each row's chain, a backticked
/// `crates/…/FILE.rs` names the file, and each backticked name after it is a function of
/// that file (`Type::method` names `method`).
#[test]
fn the_where_does_it_happen_table_names_functions_that_exist() {
    let root = workspace_root();
    let doc = std::fs::read_to_string(root.join("ARCHITECTURE.md")).unwrap();
    let section = doc.split("\n## Where does it happen\n").nth(1).expect("ARCHITECTURE.md has a \"## Where does it happen\" section");
    let section = section.split("\n## ").next().unwrap();
    let rows: Vec<&str> = section.lines().filter(|l| l.starts_with('|') && !l.starts_with("|---") && !l.starts_with("| what |")).collect();
    assert!(rows.len() >= 9, "the table has only {} rows", rows.len());
    let mut wrong = Vec::new();
    for row in rows {
        let chain = row.split('|').nth(2).unwrap_or_default();
        let what = row.split('|').nth(1).unwrap_or_default().trim();
        let mut file: Option<(String, String)> = None;
        let mut names = 0;
        for word in backticked(chain) {
            if word.ends_with(".rs") {
                match std::fs::read_to_string(root.join(word)) {
                    Ok(source) => file = Some((word.to_owned(), source)),
                    Err(err) => {
                        wrong.push(format!("{what}: {word} cannot be read ({err})"));
                        file = None;
                    }
                }
                continue;
            }
            let name = word.rsplit("::").next().unwrap_or(word).trim_end_matches("()");
            names += 1;
            match &file {
                Some((path, source)) if !defines_fn(source, name) => wrong.push(format!("{what}: {path} has no `fn {name}`")),
                Some(_) => {}
                None => wrong.push(format!("{what}: `{word}` comes before any file")),
            }
        }
        if names == 0 {
            wrong.push(format!("{what}: the chain names no function"));
        }
    }
    assert!(wrong.is_empty(), "ARCHITECTURE.md's \"Where does it happen\" table is out of date; fix these rows: {wrong:#?}");
}

/// The `--flags` clap defines with `long` in a Rust source: each `#[arg(…long…)]` block's
/// explicit `long = "NAME"`, or its field's name in kebab case.
fn long_flags(source: &str) -> Vec<String> {
    let lines: Vec<&str> = source.lines().map(str::trim).collect();
    let mut flags = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        if !lines[i].starts_with("#[arg(") {
            i += 1;
            continue;
        }
        let mut attribute = String::new();
        while i < lines.len() && !attribute.trim_end().ends_with(")]") {
            attribute.push_str(lines[i]);
            attribute.push(' ');
            i += 1;
        }
        if !attribute.split(|c: char| !c.is_alphanumeric() && c != '_').any(|w| w == "long") {
            continue;
        }
        if let Some(explicit) = attribute.split("long = \"").nth(1) {
            flags.push(explicit.split('"').next().unwrap_or_default().to_owned());
            continue;
        }
        while i < lines.len() && (lines[i].starts_with('#') || lines[i].starts_with("//")) {
            i += 1;
        }
        let field = lines.get(i).copied().unwrap_or_default().trim_start_matches("pub ");
        flags.push(field.split(':').next().unwrap_or_default().trim().replace('_', "-"));
    }
    flags
}

/// Whether `text` mentions `--flag` as a whole flag (not as the start of a longer one).
fn mentions_flag(text: &str, flag: &str) -> bool {
    let needle = format!("--{flag}");
    text.match_indices(&needle).any(|(at, _)| {
        !text[at + needle.len()..].starts_with(|c: char| c.is_alphanumeric() || c == '-' || c == '_')
    })
}

/// ARCHITECTURE.md's Configuration list names every flag of `runlane up` and of the client
/// commands.
#[test]
fn the_configuration_list_names_every_flag() {
    let root = workspace_root();
    let doc = std::fs::read_to_string(root.join("ARCHITECTURE.md")).unwrap();
    let list = doc.split("- **Configuration.**").nth(1).expect("ARCHITECTURE.md has a **Configuration.** item");
    let list = list.split("\n- ").next().unwrap();
    let mut missing = Vec::new();
    let mut count = 0;
    for file in ["crates/runlane/src/up.rs", "crates/runlane/src/images.rs", "crates/cli/src/args.rs"] {
        let source = std::fs::read_to_string(root.join(file)).unwrap();
        let start = source.find("pub struct UpArgs").or_else(|| source.find("pub struct RegistryArgs")).or_else(|| source.find("pub struct GlobalArgs"));
        let source = &source[start.unwrap_or_else(|| panic!("{file} lost its Args struct"))..];
        let source = &source[..source.find("\n}\n").unwrap_or(source.len())];
        for flag in long_flags(source) {
            count += 1;
            if !mentions_flag(list, &flag) {
                missing.push(format!("--{flag} ({file})"));
            }
        }
    }
    assert!(count > 40, "found only {count} flags; did the parser of #[arg(...)] lines break?");
    assert!(missing.is_empty(), "ARCHITECTURE.md's Configuration list lacks these flags: {missing:#?}");
}

/// What tells a test needs a program beyond Rust, python3 and a basic userland (`sh`,
/// coreutils, procps, util-linux): a name in its body, or in a function of the same file
/// that it calls. A program runlane itself runs (iptables) cannot be seen from here: such
/// a test is marked by hand.
const NEEDS: &[(&str, &str)] = &[
    ("Gcloud::", "gcloud"),
    ("tools::hey", "hey"),
    ("hey()", "hey"),
    ("SmtpServer", "aiosmtpd"),
    ("smtp::", "aiosmtpd"),
    ("\"chromium\"", "chromium"),
    ("\"node\"", "node"),
    ("\"promtool\"", "promtool"),
    ("\"amtool\"", "amtool"),
    ("Command::new(\"prometheus\")", "prometheus"),
    ("\"iptables\"", "iptables"),
    ("\"kubectl\"", "kubectl"),
    ("\"pebble\"", "pebble"),
    ("\"buildah\"", "buildah"),
    ("\"skopeo\"", "skopeo"),
    ("oci::push", "skopeo"),
    ("\"docker-registry\"", "docker-registry"),
    ("\"tmux\"", "tmux"),
    ("\"curl\"", "curl"),
    ("\"openssl\"", "openssl"),
    ("make_certificates(", "openssl"),
    ("make_ca(", "openssl"),
    ("make_cert(", "openssl"),
    ("\"certutil\"", "certutil"),
    ("\"systemd-analyze\"", "systemd-analyze"),
    ("\"htpasswd\"", "htpasswd"),
    ("\"nginx\"", "nginx"),
    ("RUNLANE_PYENV", "the Python venv"),
    ("grpcio", "python3-grpcio"),
    ("assert_root()", "root"),
    ("Command::new(\"mount\")", "root"),
    ("can_run_containers(", "runc"),
    ("which(\"runc\")", "runc"),
];

/// A function of a source file: its name, its attributes and its text.
struct Function<'s> {
    name: &'s str,
    attributes: Vec<&'s str>,
    text: &'s str,
}

/// Where the block that opens at `open` (a `{`) closes, skipping string, raw string and
/// character literals and comments.
fn block_end(src: &[u8], open: usize) -> usize {
    let mut depth = 0usize;
    let mut i = open;
    while i < src.len() {
        match src[i] {
            b'{' => depth += 1,
            b'}' => {
                depth -= 1;
                if depth == 0 {
                    return i + 1;
                }
            }
            b'/' if src.get(i + 1) == Some(&b'/') => {
                while i < src.len() && src[i] != b'\n' {
                    i += 1;
                }
            }
            b'r' if matches!(src.get(i + 1), Some(b'#' | b'"')) && (i == 0 || !src[i - 1].is_ascii_alphanumeric() && src[i - 1] != b'_') => {
                let hashes = src[i + 1..].iter().take_while(|&&c| c == b'#').count();
                if src.get(i + 1 + hashes) == Some(&b'"') {
                    let close: Vec<u8> = std::iter::once(b'"').chain(std::iter::repeat_n(b'#', hashes)).collect();
                    i += 2 + hashes;
                    while i < src.len() && !src[i..].starts_with(&close) {
                        i += 1;
                    }
                    i += close.len() - 1;
                }
            }
            b'"' => {
                i += 1;
                while i < src.len() && src[i] != b'"' {
                    i += if src[i] == b'\\' { 2 } else { 1 };
                }
            }
            // A character literal ('{', '\''), not a lifetime ('a).
            b'\'' if src.get(i + 2) == Some(&b'\'') => i += 2,
            b'\'' if src.get(i + 1) == Some(&b'\\') => {
                i += 2;
                while i < src.len() && src[i] != b'\'' {
                    i += 1;
                }
            }
            _ => {}
        }
        i += 1;
    }
    src.len()
}

/// The functions of `src` (nested ones too), found by their `fn NAME` and brace-matched.
fn functions(src: &str) -> Vec<Function<'_>> {
    let mut out = Vec::new();
    let mut line_start = 0;
    for line in src.split_inclusive('\n') {
        let at = line_start;
        line_start += line.len();
        let words: Vec<&str> = line.split_whitespace().collect();
        let Some(fn_at) = words.iter().position(|w| *w == "fn") else { continue };
        if !words[..fn_at].iter().all(|w| ["pub", "pub(crate)", "pub(super)", "async", "const", "unsafe"].contains(w)) {
            continue;
        }
        let Some(name) = words.get(fn_at + 1).and_then(|w| w.split(['(', '<']).next()).filter(|n| !n.is_empty()) else { continue };
        let Some(open) = src[at..].find(['{', ';']).map(|o| at + o).filter(|&o| src.as_bytes()[o] == b'{') else { continue };
        let end = block_end(src.as_bytes(), open);
        let attributes = src[..at].lines().rev().map(str::trim).take_while(|l| l.starts_with("#[") || l.starts_with("//")).collect();
        out.push(Function { name, attributes, text: &src[at..end] });
    }
    out
}

/// The tools a function needs, following calls to the other functions of its file.
fn needed_tools(functions: &[Function<'_>]) -> Vec<std::collections::BTreeSet<&'static str>> {
    let mut needs: Vec<std::collections::BTreeSet<&'static str>> =
        functions.iter().map(|f| NEEDS.iter().filter(|(mark, _)| f.text.contains(mark)).map(|(_, tool)| *tool).collect()).collect();
    let calls = |caller: &Function<'_>, callee: &Function<'_>| {
        caller.name != callee.name
            && caller.text.match_indices(callee.name).any(|(at, _)| {
                let before = caller.text[..at].chars().next_back();
                let after = caller.text[at + callee.name.len()..].chars().next();
                !before.is_some_and(|c| c.is_alphanumeric() || c == '_') && matches!(after, Some('(' | '<' | ':'))
            })
    };
    loop {
        let mut changed = false;
        for caller in 0..functions.len() {
            for callee in 0..functions.len() {
                if calls(&functions[caller], &functions[callee]) && !needs[callee].is_subset(&needs[caller]) {
                    let more = needs[callee].clone();
                    needs[caller].extend(more);
                    changed = true;
                }
            }
        }
        if !changed {
            return needs;
        }
    }
}

/// The second tier: a test that drives a program beyond that baseline is
/// `#[ignore = "needs TOOL; scripts/test.sh runs it"]`, so that `cargo test` passes on a
/// machine with Rust alone and `scripts/test.sh` (`--include-ignored`) runs it.
#[test]
fn tests_that_need_tools_are_in_the_second_tier() {
    let crates = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let mut files = Vec::new();
    rust_files(crates, &mut files);
    let mut unmarked = Vec::new();
    let mut marked = 0;
    for file in files.iter().filter(|f| !f.ends_with("tidy.rs")) {
        let src = std::fs::read_to_string(file).unwrap();
        let functions = functions(&src);
        let needs = needed_tools(&functions);
        for (f, tools) in functions.iter().zip(&needs) {
            let is_test = f.attributes.iter().any(|a| a.starts_with("#[test]") || a.starts_with("#[tokio::test"));
            let ignore = f.attributes.iter().find(|a| a.starts_with("#[ignore"));
            if let Some(ignore) = ignore.filter(|_| is_test) {
                assert!(
                    ignore.starts_with("#[ignore = \"needs ") && ignore.ends_with("; scripts/test.sh runs it\"]") || *ignore == "#[ignore = \"a timing, not a test\"]",
                    "{}: {} is ignored as {ignore}; say `#[ignore = \"needs TOOL; scripts/test.sh runs it\"]` (scripts/test.sh runs every ignored test) or `#[ignore = \"a timing, not a test\"]` (skipped there by name)",
                    file.display(),
                    f.name
                );
                marked += 1;
            }
            if is_test && !tools.is_empty() && ignore.is_none() {
                let tools: Vec<&str> = tools.iter().copied().collect();
                unmarked.push(format!("{}: {} needs {}", file.display(), f.name, tools.join(", ")));
            }
        }
    }
    assert!(marked > 50, "found only {marked} tests of the second tier; did the parser of functions break?");
    assert!(
        unmarked.is_empty(),
        "these tests drive programs that a machine with Rust alone lacks; mark each #[ignore = \"needs TOOL; scripts/test.sh runs it\"]: {unmarked:#?}"
    );
}
