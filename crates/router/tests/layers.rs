//! The router's modules depend one way: each may name only modules below it
//! in [`LAYERS`] (the order `lib.rs` and ARCHITECTURE.md describe), so no two
//! import each other and a request's walk enters each module once. This test
//! reads the sources and checks every `crate::` path against that order.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// The router's modules, bottom first, by layer. A module may name (`use
/// crate::…`, or a `crate::…` path in code) only modules listed before it.
const LAYERS: &[(&str, &[&str])] = &[
    // HTTP/1 framing: knows nothing of routes, revisions or pools.
    ("protocol", &["h1"]),
    // Plain parts every layer above may use.
    (
        "foundations",
        &["counters", "invoker", "error", "dial", "tls", "config"],
    ),
    // Which revision and instance a request goes to, and who may wait.
    ("routing", &["backend", "table", "connection_cap"]),
    // Sending to an instance and recording what came back.
    ("forwarding", &["plain", "upstream", "body", "telemetry"]),
    // One request's walk, and the servers that wire the rest.
    ("serving", &["serving", "proxy", "front", "https", "server"]),
];

fn order() -> Vec<&'static str> {
    LAYERS
        .iter()
        .flat_map(|(_, modules)| modules.iter().copied())
        .collect()
}

fn layer_of(module: &str) -> &'static str {
    LAYERS
        .iter()
        .find(|(_, modules)| modules.contains(&module))
        .map_or("?", |(layer, _)| layer)
}

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// Every `.rs` file under `dir`, with the top-level module it belongs to.
fn sources(dir: &Path, top: Option<&str>, out: &mut Vec<(String, PathBuf)>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for path in entries {
        let name = path.file_stem().unwrap().to_str().unwrap().to_owned();
        if path.is_dir() {
            sources(&path, Some(top.unwrap_or(&name)), out);
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            let module = top.map_or(name, str::to_owned);
            out.push((module, path));
        }
    }
}

/// The source without comments (line comments and doc comments; the router
/// has no block comments), so links in docs do not count as imports.
fn code(text: &str) -> String {
    text.lines()
        .map(|line| match line.find("//") {
            // A `//` inside a string literal is rare enough to be checked by eye.
            Some(at) if !line[..at].contains('"') => &line[..at],
            _ => line,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The top-level names each `crate::` path in `code` starts with, including
/// every name of a `crate::{a, b::c}` group.
fn named(code: &str) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    let ident = |s: &str| -> String {
        s.chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect()
    };
    for (at, _) in code.match_indices("crate::") {
        if at > 0 && code[..at].ends_with(|c: char| c.is_ascii_alphanumeric() || c == '_') {
            continue; // e.g. `runlane_crate::`
        }
        let rest = &code[at + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let mut depth = 0;
            let mut item = String::new();
            let mut items = Vec::new();
            for c in group.chars() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => break,
                    '}' => depth -= 1,
                    ',' if depth == 0 => items.push(std::mem::take(&mut item)),
                    _ => item.push(c),
                }
            }
            items.push(item);
            for item in items {
                let name = ident(item.trim());
                if !name.is_empty() {
                    names.insert(name);
                }
            }
        } else {
            names.insert(ident(rest));
        }
    }
    names
}

#[test]
fn lib_declares_the_modules_the_layers_list() {
    let lib = std::fs::read_to_string(src().join("lib.rs")).unwrap();
    let declared: BTreeSet<String> = lib
        .lines()
        .filter_map(|line| {
            let line = line
                .trim_start_matches("pub ")
                .trim_start_matches("pub(crate) ");
            line.strip_prefix("mod ")?
                .strip_suffix(';')
                .map(str::to_owned)
        })
        .collect();
    let listed: BTreeSet<String> = order().into_iter().map(str::to_owned).collect();
    assert_eq!(
        declared, listed,
        "lib.rs's modules and the layers in tests/layers.rs must match: place a new module in its layer"
    );
}

#[test]
fn no_module_names_one_above_it() {
    let order = order();
    let rank = |module: &str| order.iter().position(|m| *m == module);
    let mut files = Vec::new();
    sources(&src(), None, &mut files);
    let mut wrong = Vec::new();
    for (module, path) in &files {
        if module == "lib" {
            continue;
        }
        let Some(own) = rank(module) else {
            wrong.push(format!(
                "{}: module `{module}` is in no layer",
                path.display()
            ));
            continue;
        };
        let text = std::fs::read_to_string(path).unwrap();
        for name in named(&code(&text)) {
            if name == *module {
                continue;
            }
            match rank(&name) {
                Some(theirs) if theirs < own => {}
                Some(_) => wrong.push(format!(
                    "{}: `{module}` ({}) names `crate::{name}` ({}), which is not below it",
                    path.display(),
                    layer_of(module),
                    layer_of(&name),
                )),
                None => wrong.push(format!(
                    "{}: `crate::{name}` is not a module of a layer (name the module an item \
                     lives in, not lib.rs's re-export)",
                    path.display()
                )),
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "the router's modules depend downward only (tests/layers.rs, ARCHITECTURE.md):\n{}",
        wrong.join("\n")
    );
}

#[test]
fn the_checker_sees_grouped_and_inline_paths_but_not_comments() {
    let text = "use crate::a::B;\nuse crate::{c, d::{E, F}};\n// crate::g\n/// [`crate::h`]\nlet x = crate::i::j(); // crate::k\nuse other_crate::l;";
    let names: Vec<String> = named(&code(text)).into_iter().collect();
    assert_eq!(names, ["a", "c", "d", "i"]);
}
