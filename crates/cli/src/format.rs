//! Output formats shared by every command: `--format table|json|yaml|value(field.path,...)`,
//! the column table printer, and gcloud's `value()` projection (dotted paths, `a[0].b`
//! indexing, lists joined with `;`).

use serde_json::Value;
use std::fmt::Write as _;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Format {
    /// A table for lists, a human description for one resource.
    Table,
    Json,
    Yaml,
    /// Tab-separated field values, one line per resource.
    Value(Vec<FieldPath>),
    /// What `runlane export` writes: knative, prometheus-rules, alertmanager, openslo
    /// (other commands refuse it).
    Export(String),
}

/// The document formats of `runlane export --format`.
pub const EXPORT_FORMATS: [&str; 4] = ["knative", "prometheus-rules", "alertmanager", "openslo"];

/// A field path such as `status.traffic[1].url` or `metadata.labels.'serving.knative.dev/service'`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldPath(Vec<Step>);

#[derive(Debug, Clone, PartialEq, Eq)]
enum Step {
    Key(String),
    Index(i64),
}

pub fn parse_format(text: &str) -> Result<Format, String> {
    let unknown =
        || format!("unknown format {text:?}; use table, json, yaml or value(field.path,...)");
    match text.trim() {
        "table" => Ok(Format::Table),
        "json" => Ok(Format::Json),
        "yaml" => Ok(Format::Yaml),
        t if EXPORT_FORMATS.contains(&t) => Ok(Format::Export(t.to_owned())),
        t => {
            let inner = t
                .strip_prefix("value(")
                .and_then(|r| r.strip_suffix(')'))
                .ok_or_else(unknown)?;
            let paths = inner
                .split(',')
                .map(|p| parse_path(p.trim()))
                .collect::<Result<Vec<_>, _>>()
                .map_err(|e| format!("{e} in {text:?}"))?;
            Ok(Format::Value(paths))
        }
    }
}

fn parse_path(text: &str) -> Result<FieldPath, String> {
    let bad = |why: &str| format!("field path {text:?} {why}; write it like status.traffic[0].url");
    let mut steps = Vec::new();
    let mut chars = text.chars().peekable();
    let mut name = String::new();
    let mut quoted = false;
    let flush = |name: &mut String, quoted: &mut bool, steps: &mut Vec<Step>| {
        if !name.is_empty() || *quoted {
            steps.push(Step::Key(std::mem::take(name)));
        }
        *quoted = false;
    };
    while let Some(c) = chars.next() {
        match c {
            '\'' | '"' if name.is_empty() => {
                quoted = true;
                loop {
                    match chars.next() {
                        Some(q) if q == c => break,
                        Some(other) => name.push(other),
                        None => return Err(bad("has an unclosed quote")),
                    }
                }
            }
            '.' => {
                if name.is_empty() && !quoted && !matches!(steps.last(), Some(Step::Index(_))) {
                    return Err(bad("has an empty part"));
                }
                flush(&mut name, &mut quoted, &mut steps);
            }
            '[' => {
                flush(&mut name, &mut quoted, &mut steps);
                let mut digits = String::new();
                loop {
                    match chars.next() {
                        Some(']') => break,
                        Some(d) => digits.push(d),
                        None => return Err(bad("has an unclosed [")),
                    }
                }
                let index = digits
                    .trim()
                    .parse()
                    .map_err(|_| bad("has a non-numeric index"))?;
                steps.push(Step::Index(index));
            }
            c if quoted => return Err(bad(&format!("has {c:?} after a quote"))),
            c => name.push(c),
        }
    }
    flush(&mut name, &mut quoted, &mut steps);
    if steps.is_empty() || text.ends_with('.') {
        return Err(bad("is empty or ends in a dot"));
    }
    Ok(FieldPath(steps))
}

/// The value at `path`; walking a list with a field name maps over its elements.
pub fn resolve(value: &Value, path: &FieldPath) -> Value {
    walk(value, &path.0).unwrap_or(Value::Null)
}

fn walk(value: &Value, steps: &[Step]) -> Option<Value> {
    let Some((step, rest)) = steps.split_first() else {
        return Some(value.clone());
    };
    match (step, value) {
        (Step::Key(key), Value::Object(map)) => walk(map.get(key)?, rest),
        (Step::Key(_), Value::Array(items)) => Some(Value::Array(
            items
                .iter()
                .filter_map(|item| walk(item, steps))
                .filter(|v| !v.is_null())
                .collect(),
        )),
        (Step::Index(i), Value::Array(items)) => {
            let len = items.len() as i64;
            let index = if *i < 0 { len + i } else { *i };
            walk(items.get(usize::try_from(index).ok()?)?, rest)
        }
        _ => None,
    }
}

/// gcloud's value() rendering: strings bare, booleans True/False, lists joined with `;`,
/// maps as `key=value;...`, missing as empty.
pub fn render_value(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::Bool(true) => "True".to_string(),
        Value::Bool(false) => "False".to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => s.clone(),
        Value::Array(items) => items.iter().map(render_value).collect::<Vec<_>>().join(";"),
        Value::Object(map) => map
            .iter()
            .map(|(k, v)| format!("{k}={}", render_value(v)))
            .collect::<Vec<_>>()
            .join(";"),
    }
}

pub fn value_line(resource: &Value, paths: &[FieldPath]) -> String {
    paths
        .iter()
        .map(|p| render_value(&resolve(resource, p)))
        .collect::<Vec<_>>()
        .join("\t")
}

/// Left-aligned columns two spaces apart, headers first, no trailing spaces.
pub fn render_table(headers: &[&str], rows: &[Vec<String>]) -> String {
    let mut widths: Vec<usize> = headers.iter().map(|h| h.chars().count()).collect();
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let mut out = String::new();
    let header: Vec<String> = headers.iter().map(|h| h.to_string()).collect();
    for row in std::iter::once(&header).chain(rows) {
        let mut line = String::new();
        for (i, (cell, w)) in row.iter().zip(&widths).enumerate() {
            if i > 0 {
                line.push_str("  ");
            }
            let _ = write!(line, "{cell:<w$}");
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// A list of resources in a machine format; `None` for `Format::Table`.
pub fn render_list(format: &Format, items: &[Value]) -> Option<String> {
    match format {
        Format::Table | Format::Export(_) => None,
        Format::Json => Some(to_json(&Value::Array(items.to_vec()))),
        Format::Yaml => Some(items.iter().map(to_yaml).collect::<Vec<_>>().join("---\n")),
        Format::Value(paths) => Some(
            items
                .iter()
                .map(|item| value_line(item, paths) + "\n")
                .collect(),
        ),
    }
}

/// One resource in a machine format; `None` for `Format::Table`.
pub fn render_one(format: &Format, item: &Value) -> Option<String> {
    match format {
        Format::Table | Format::Export(_) => None,
        Format::Json => Some(to_json(item)),
        Format::Yaml => Some(to_yaml(item)),
        Format::Value(paths) => Some(value_line(item, paths) + "\n"),
    }
}

fn to_json(value: &Value) -> String {
    serde_json::to_string_pretty(value).unwrap_or_default() + "\n"
}

fn to_yaml(value: &Value) -> String {
    let mut text = serde_saphyr::to_string(value).unwrap_or_default();
    if !text.ends_with('\n') {
        text.push('\n');
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn service() -> Value {
        json!({
            "metadata": {"name": "jokes", "generation": 3, "labels": {"serving.knative.dev/service": "jokes"}},
            "status": {
                "url": "http://jokes.localhost:8080",
                "traffic": [
                    {"latestRevision": true, "revisionName": "jokes-00002-xyz", "percent": 100},
                    {"revisionName": "jokes-00001-abc", "tag": "good", "url": "http://good---jokes.localhost:8080"},
                    {"revisionName": "jokes-00002-xyz", "tag": "next", "url": "http://next---jokes.localhost:8080"}
                ],
                "conditions": [{"type": "Ready", "status": "True"}]
            }
        })
    }

    #[test]
    fn value_format_cases() {
        fn check(format: &str, expected: &str) {
            let got = match parse_format(format) {
                Ok(f) => render_one(&f, &service()).unwrap_or_default(),
                Err(e) => format!("error: {e}"),
            };
            assert_eq!(got, expected, "{format}");
        }
        check("value(status.url)", "http://jokes.localhost:8080\n");
        check(
            "value(metadata.name,status.url)",
            "jokes\thttp://jokes.localhost:8080\n",
        );
        check("value(metadata.name, metadata.generation)", "jokes\t3\n");
        check("value(status.traffic[0].url)", "\n");
        check(
            "value(status.traffic[1].url)",
            "http://good---jokes.localhost:8080\n",
        );
        check("value(status.traffic[-1].tag)", "next\n");
        check("value(status.traffic[9].url)", "\n");
        check(
            "value(status.traffic.url)",
            "http://good---jokes.localhost:8080;http://next---jokes.localhost:8080\n",
        );
        check("value(status.traffic.tag)", "good;next\n");
        check("value(status.traffic[0].latestRevision)", "True\n");
        check("value(status.conditions[0])", "status=True;type=Ready\n");
        check(
            "value(metadata.labels.'serving.knative.dev/service')",
            "jokes\n",
        );
        check(
            "value(metadata.labels)",
            "serving.knative.dev/service=jokes\n",
        );
        check("value(nothing.here)", "\n");
        check("value(metadata.name.deeper)", "\n");
        check("value()", "error: field path \"\" is empty or ends in a dot; write it like status.traffic[0].url in \"value()\"");
        check("value(a..b)", "error: field path \"a..b\" has an empty part; write it like status.traffic[0].url in \"value(a..b)\"");
        check("value(a[x])", "error: field path \"a[x]\" has a non-numeric index; write it like status.traffic[0].url in \"value(a[x])\"");
        check("value(a[0)", "error: field path \"a[0\" has an unclosed [; write it like status.traffic[0].url in \"value(a[0)\"");
        check(
            "csv",
            "error: unknown format \"csv\"; use table, json, yaml or value(field.path,...)",
        );
        check("json", "{\n  \"metadata\": {\n    \"generation\": 3,\n    \"labels\": {\n      \"serving.knative.dev/service\": \"jokes\"\n    },\n    \"name\": \"jokes\"\n  },\n  \"status\": {\n    \"conditions\": [\n      {\n        \"status\": \"True\",\n        \"type\": \"Ready\"\n      }\n    ],\n    \"traffic\": [\n      {\n        \"latestRevision\": true,\n        \"percent\": 100,\n        \"revisionName\": \"jokes-00002-xyz\"\n      },\n      {\n        \"revisionName\": \"jokes-00001-abc\",\n        \"tag\": \"good\",\n        \"url\": \"http://good---jokes.localhost:8080\"\n      },\n      {\n        \"revisionName\": \"jokes-00002-xyz\",\n        \"tag\": \"next\",\n        \"url\": \"http://next---jokes.localhost:8080\"\n      }\n    ],\n    \"url\": \"http://jokes.localhost:8080\"\n  }\n}\n");
    }

    #[test]
    fn yaml_round_trips() {
        let yaml = render_one(&Format::Yaml, &service()).unwrap();
        let back: Value = serde_saphyr::from_str(&yaml).unwrap();
        assert_eq!(back, service());
        let list = render_list(&Format::Yaml, &[json!({"a": 1}), json!({"b": 0.1})]).unwrap();
        assert_eq!(list, "a: 1\n---\nb: 0.1\n");
    }

    #[test]
    fn table_cases() {
        fn check(rows: &[&[&str]], expected: &str) {
            let rows: Vec<Vec<String>> = rows
                .iter()
                .map(|r| r.iter().map(|c| c.to_string()).collect())
                .collect();
            assert_eq!(render_table(&["", "SERVICE", "URL"], &rows), expected);
        }
        check(&[], "  SERVICE  URL\n");
        check(
            &[
                &["✔", "jokes", "http://jokes.localhost:8080"],
                &["✘", "a", ""],
            ],
            "   SERVICE  URL\n✔  jokes    http://jokes.localhost:8080\n✘  a\n",
        );
    }
}

/// Text that came from an app or a user (log lines, env values, labels, condition
/// messages) with its control characters written out as Rust escapes (`\u{1b}`, `\r`,
/// as `journalctl` and `kubectl logs` neutralise them), so printing it cannot move the
/// cursor, recolour, retitle or clear the operator's terminal, nor fake a line. Tab is
/// kept; bidirectional overrides are escaped too (they reorder what is shown).
pub fn escape_control(text: &str) -> std::borrow::Cow<'_, str> {
    escape(text, false)
}

/// [`escape_control`] for multi-line output built by runlane: its own newlines stay.
pub fn escape_control_lines(text: &str) -> std::borrow::Cow<'_, str> {
    escape(text, true)
}

fn escape(text: &str, keep_newlines: bool) -> std::borrow::Cow<'_, str> {
    let unsafe_char = |c: char| {
        (c.is_control() && c != '\t' && !(keep_newlines && c == '\n'))
            || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
    };
    if !text.chars().any(unsafe_char) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if unsafe_char(c) {
            match c {
                '\n' => out.push_str("\\n"),
                '\r' => out.push_str("\\r"),
                _ => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            }
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

#[cfg(test)]
mod escape_tests {
    use super::*;

    /// Escape codes from apps reach the terminal written out.
    #[test]
    fn control_characters_are_written_out() {
        let check = |input: &str, want: &str, want_lines: &str| {
            assert_eq!(escape_control(input), want, "{input:?}");
            assert_eq!(escape_control_lines(input), want_lines, "{input:?}");
        };
        check("plain text\twith tab", "plain text\twith tab", "plain text\twith tab");
        check("\x1b[2J\x1b]0;owned\x07", "\\u{1b}[2J\\u{1b}]0;owned\\u{7}", "\\u{1b}[2J\\u{1b}]0;owned\\u{7}");
        check("a\nb\rc", "a\\nb\\rc", "a\nb\\rc");
        check("\u{9b}31m C1 CSI, DEL\u{7f}", "\\u{9b}31m C1 CSI, DEL\\u{7f}", "\\u{9b}31m C1 CSI, DEL\\u{7f}");
        check("ab\u{202e}cd", "ab\\u{202e}cd", "ab\\u{202e}cd");
        check("héllo ✔", "héllo ✔", "héllo ✔");
    }
}
