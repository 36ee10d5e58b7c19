//! House-style checks over the source tree: every Rust file says why it exists in a
//! leading `//!` comment, and no test waits with `thread::sleep`.

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
