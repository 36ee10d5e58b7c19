//! The Cloud Monitoring filter language, the subset SLO definitions use:
//! `key = "value"`, `key != "value"`, `key = one_of("a", "b")`, terms side by side
//! (AND), `AND`, `OR`, `NOT`, parentheses. Anything else is refused with a message
//! that says what is supported: a filter is never silently read as something else.
//!
//! Keys are `metric.type`, `resource.type`, `resource.labels.NAME` and
//! `metric.labels.NAME` (`metric.label.NAME` and `resource.label.NAME` too).

use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Filter {
    /// Matches everything (the empty filter).
    All,
    Eq {
        key: String,
        values: Vec<String>,
    },
    Ne {
        key: String,
        value: String,
    },
    And(Vec<Filter>),
    Or(Vec<Filter>),
    Not(Box<Filter>),
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("filter error at character {offset}: {message}")]
pub struct FilterError {
    pub offset: usize,
    pub message: String,
}

pub const KEYS_HELP: &str = "metric.type, resource.type, resource.labels.NAME, metric.labels.NAME";

pub fn parse(text: &str) -> Result<Filter, FilterError> {
    let tokens = lex(text)?;
    let mut p = Parser { tokens, pos: 0 };
    if p.peek().is_none() {
        return Ok(Filter::All);
    }
    let f = p.or()?;
    if let Some(t) = p.peek() {
        return Err(p.error(t.offset, format!("unexpected {}", t.kind)));
    }
    Ok(f)
}

impl Filter {
    /// Whether an event with these labels matches; `label(key)` answers for the keys above.
    pub fn matches(&self, label: &dyn Fn(&str) -> Option<String>) -> bool {
        match self {
            Filter::All => true,
            Filter::Eq { key, values } => label(key).is_some_and(|v| values.contains(&v)),
            Filter::Ne { key, value } => label(key).as_deref() != Some(value.as_str()),
            Filter::And(fs) => fs.iter().all(|f| f.matches(label)),
            Filter::Or(fs) => fs.iter().any(|f| f.matches(label)),
            Filter::Not(f) => !f.matches(label),
        }
    }

    /// The value an `AND` of terms pins `key` to (e.g. the metric type), if any.
    pub fn required(&self, key: &str) -> Option<&str> {
        match self {
            Filter::Eq { key: k, values } if k == key && values.len() == 1 => Some(&values[0]),
            Filter::And(fs) => fs.iter().find_map(|f| f.required(key)),
            _ => None,
        }
    }
}

impl fmt::Display for Filter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Filter::All => Ok(()),
            Filter::Eq { key, values } if values.len() == 1 => {
                write!(f, "{key}={}", quoted(&values[0]))
            }
            Filter::Eq { key, values } => {
                let quoted: Vec<String> = values.iter().map(|v| quoted(v)).collect();
                write!(f, "{key}=one_of({})", quoted.join(","))
            }
            Filter::Ne { key, value } => write!(f, "{key}!={}", quoted(value)),
            Filter::And(fs) => join(f, fs, " AND "),
            Filter::Or(fs) => join(f, fs, " OR "),
            Filter::Not(inner) => write!(f, "NOT ({inner})"),
        }
    }
}

/// A value in double quotes, with `"` and `\` escaped so it parses back to itself.
fn quoted(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('"');
    for ch in value.chars() {
        if ch == '"' || ch == '\\' {
            out.push('\\');
        }
        out.push(ch);
    }
    out.push('"');
    out
}

fn join(f: &mut fmt::Formatter<'_>, fs: &[Filter], sep: &str) -> fmt::Result {
    f.write_str("(")?;
    for (i, x) in fs.iter().enumerate() {
        if i > 0 {
            f.write_str(sep)?;
        }
        write!(f, "{x}")?;
    }
    f.write_str(")")
}

/// Canonical key: `metric.label.x` → `metric.labels.x`.
fn canonical_key(key: &str, offset: usize) -> Result<String, FilterError> {
    let key = key.replacen("metric.label.", "metric.labels.", 1).replacen(
        "resource.label.",
        "resource.labels.",
        1,
    );
    let ok = key == "metric.type"
        || key == "resource.type"
        || key
            .strip_prefix("resource.labels.")
            .is_some_and(|n| !n.is_empty())
        || key
            .strip_prefix("metric.labels.")
            .is_some_and(|n| !n.is_empty());
    if ok {
        Ok(key)
    } else {
        Err(FilterError {
            offset,
            message: format!("{key:?} is not a filter key runlane knows; use {KEYS_HELP}"),
        })
    }
}

// === lexer ===

#[derive(Debug, Clone, PartialEq)]
enum Kind {
    Word(String),
    Str(String),
    Eq,
    Ne,
    LParen,
    RParen,
    Comma,
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Kind::Word(w) => write!(f, "{w:?}"),
            Kind::Str(s) => write!(f, "string \"{s}\""),
            Kind::Eq => f.write_str("'='"),
            Kind::Ne => f.write_str("'!='"),
            Kind::LParen => f.write_str("'('"),
            Kind::RParen => f.write_str("')'"),
            Kind::Comma => f.write_str("','"),
        }
    }
}

#[derive(Debug, Clone)]
struct Token {
    kind: Kind,
    offset: usize,
}

fn lex(text: &str) -> Result<Vec<Token>, FilterError> {
    let bytes = text.as_bytes();
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        let start = i;
        match c {
            b' ' | b'\t' | b'\n' | b'\r' => i += 1,
            b'(' => {
                tokens.push(Token {
                    kind: Kind::LParen,
                    offset: start,
                });
                i += 1;
            }
            b')' => {
                tokens.push(Token {
                    kind: Kind::RParen,
                    offset: start,
                });
                i += 1;
            }
            b',' => {
                tokens.push(Token {
                    kind: Kind::Comma,
                    offset: start,
                });
                i += 1;
            }
            b'=' => {
                tokens.push(Token {
                    kind: Kind::Eq,
                    offset: start,
                });
                i += 1;
            }
            b'!' if bytes.get(i + 1) == Some(&b'=') => {
                tokens.push(Token {
                    kind: Kind::Ne,
                    offset: start,
                });
                i += 2;
            }
            b'"' | b'\'' => {
                let quote = char::from(c);
                let mut value = String::new();
                let mut chars = text[i + 1..].char_indices();
                let mut closed = None;
                while let Some((at, ch)) = chars.next() {
                    match ch {
                        ch if ch == quote => {
                            closed = Some(i + 1 + at + 1);
                            break;
                        }
                        '\\' => match chars.next() {
                            Some((_, escaped)) => value.push(escaped),
                            None => {
                                return Err(FilterError { offset: i + 1 + at, message: "a backslash ends the filter; escape something after it or remove it".into() })
                            }
                        },
                        ch => value.push(ch),
                    }
                }
                let Some(next) = closed else {
                    return Err(FilterError {
                        offset: start,
                        message: "unterminated string; close it with a matching quote".into(),
                    });
                };
                i = next;
                tokens.push(Token {
                    kind: Kind::Str(value),
                    offset: start,
                });
            }
            c if c.is_ascii_alphanumeric() || c == b'_' || c == b'.' || c == b'-' || c == b'/' => {
                while i < bytes.len()
                    && (bytes[i].is_ascii_alphanumeric() || b"_.-/".contains(&bytes[i]))
                {
                    i += 1;
                }
                tokens.push(Token {
                    kind: Kind::Word(text[start..i].to_owned()),
                    offset: start,
                });
            }
            _ => {
                let ch = text[i..].chars().next().unwrap_or('?');
                let hint = match ch {
                    ':' | '<' | '>' | '~' => {
                        format!("operator {ch:?} is not supported in SLO filters; use = or !=")
                    }
                    _ => format!("{ch:?} is not allowed here"),
                };
                return Err(FilterError {
                    offset: start,
                    message: hint,
                });
            }
        }
    }
    Ok(tokens)
}

// === parser ===

struct Parser {
    tokens: Vec<Token>,
    pos: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.pos)
    }

    fn next(&mut self) -> Option<Token> {
        let t = self.tokens.get(self.pos).cloned();
        self.pos += 1;
        t
    }

    fn error(&self, offset: usize, message: String) -> FilterError {
        FilterError { offset, message }
    }

    fn end_offset(&self) -> usize {
        self.tokens.last().map_or(0, |t| t.offset + 1)
    }

    fn is_word(&self, w: &str) -> bool {
        matches!(self.peek(), Some(Token { kind: Kind::Word(x), .. }) if x == w)
    }

    fn or(&mut self) -> Result<Filter, FilterError> {
        let mut parts = vec![self.and()?];
        while self.is_word("OR") {
            self.pos += 1;
            parts.push(self.and()?);
        }
        Ok(if parts.len() == 1 {
            parts.pop().unwrap()
        } else {
            Filter::Or(parts)
        })
    }

    fn and(&mut self) -> Result<Filter, FilterError> {
        let mut parts = vec![self.unary()?];
        loop {
            if self.is_word("AND") {
                self.pos += 1;
                parts.push(self.unary()?);
            } else if self.peek().is_some_and(|t| {
                matches!(t.kind, Kind::Word(ref w) if w != "OR") || t.kind == Kind::LParen
            }) {
                // Terms side by side mean AND.
                parts.push(self.unary()?);
            } else {
                break;
            }
        }
        Ok(if parts.len() == 1 {
            parts.pop().unwrap()
        } else {
            Filter::And(parts)
        })
    }

    fn unary(&mut self) -> Result<Filter, FilterError> {
        if self.is_word("NOT") {
            self.pos += 1;
            return Ok(Filter::Not(Box::new(self.unary()?)));
        }
        match self.next() {
            Some(Token {
                kind: Kind::LParen,
                offset,
            }) => {
                let inner = self.or()?;
                match self.next() {
                    Some(Token {
                        kind: Kind::RParen, ..
                    }) => Ok(inner),
                    _ => Err(self.error(offset, "this '(' is never closed; add ')'".into())),
                }
            }
            Some(Token {
                kind: Kind::Word(key),
                offset,
            }) => self.comparison(key, offset),
            Some(t) => Err(self.error(
                t.offset,
                format!(
                    "expected a term such as metric.type=\"…\", found {}",
                    t.kind
                ),
            )),
            None => Err(self.error(
                self.end_offset(),
                "the filter ends where a term was expected".into(),
            )),
        }
    }

    fn comparison(&mut self, key: String, offset: usize) -> Result<Filter, FilterError> {
        let key = canonical_key(&key, offset)?;
        let op = match self.next() {
            Some(Token { kind: Kind::Eq, .. }) => Kind::Eq,
            Some(Token { kind: Kind::Ne, .. }) => Kind::Ne,
            Some(t) => {
                return Err(self.error(
                    t.offset,
                    format!("expected = or != after {key}, found {}", t.kind),
                ))
            }
            None => {
                return Err(self.error(self.end_offset(), format!("expected = or != after {key}")))
            }
        };
        match self.next() {
            Some(Token {
                kind: Kind::Str(v), ..
            }) => Ok(self.build(op, key, vec![v])),
            Some(Token {
                kind: Kind::Word(w),
                offset,
            }) if w == "one_of" => {
                if op == Kind::Ne {
                    return Err(self.error(
                        offset,
                        "one_of(...) works with =, not !=; write NOT key=one_of(...)".into(),
                    ));
                }
                let values = self.one_of(offset)?;
                Ok(self.build(op, key, values))
            }
            Some(Token {
                kind: Kind::Word(w),
                offset,
            }) if self.peek().is_some_and(|t| t.kind == Kind::LParen) => Err(self.error(
                offset,
                format!("function {w}(...) is not supported; use a quoted value or one_of(...)"),
            )),
            Some(Token {
                kind: Kind::Word(w),
                ..
            }) => Ok(self.build(op, key, vec![w])),
            Some(t) => Err(self.error(
                t.offset,
                format!("expected a value after {key}, found {}", t.kind),
            )),
            None => Err(self.error(self.end_offset(), format!("expected a value after {key}"))),
        }
    }

    fn one_of(&mut self, offset: usize) -> Result<Vec<String>, FilterError> {
        if !matches!(
            self.next(),
            Some(Token {
                kind: Kind::LParen,
                ..
            })
        ) {
            return Err(self.error(offset, "one_of must be followed by '('".into()));
        }
        let mut values = Vec::new();
        loop {
            match self.next() {
                Some(Token {
                    kind: Kind::Str(v) | Kind::Word(v),
                    ..
                }) => values.push(v),
                _ => {
                    return Err(self.error(
                        offset,
                        "one_of(...) takes quoted values separated by commas".into(),
                    ))
                }
            }
            match self.next() {
                Some(Token {
                    kind: Kind::Comma, ..
                }) => continue,
                Some(Token {
                    kind: Kind::RParen, ..
                }) => return Ok(values),
                _ => return Err(self.error(offset, "one_of(...) is not closed; add ')'".into())),
            }
        }
    }

    fn build(&self, op: Kind, key: String, mut values: Vec<String>) -> Filter {
        if op == Kind::Ne {
            Filter::Ne {
                key,
                value: values.pop().unwrap_or_default(),
            }
        } else {
            Filter::Eq { key, values }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels<'a>(pairs: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |k| {
            pairs
                .iter()
                .find(|(key, _)| *key == k)
                .map(|(_, v)| (*v).to_owned())
        }
    }

    fn check(filter: &str, event: &[(&str, &str)], expected: bool) {
        let f = parse(filter).unwrap_or_else(|e| panic!("{filter}: {e}"));
        assert_eq!(
            f.matches(&labels(event)),
            expected,
            "{filter} on {event:?} (parsed as {f})"
        );
    }

    const FIVE_XX: &[(&str, &str)] = &[
        ("metric.type", "run.googleapis.com/request_count"),
        ("resource.type", "cloud_run_revision"),
        ("resource.labels.service_name", "jokes"),
        ("metric.labels.response_code_class", "5xx"),
    ];

    #[test]
    fn matches_slo_filters() {
        check("", FIVE_XX, true);
        check(
            r#"metric.type="run.googleapis.com/request_count" resource.type="cloud_run_revision" metric.labels.response_code_class="5xx""#,
            FIVE_XX,
            true,
        );
        check(
            r#"metric.type="run.googleapis.com/request_count" AND metric.labels.response_code_class="2xx""#,
            FIVE_XX,
            false,
        );
        check(r#"metric.label.response_code_class = "5xx""#, FIVE_XX, true);
        check(
            r#"metric.labels.response_code_class != "5xx""#,
            FIVE_XX,
            false,
        );
        check(
            r#"metric.labels.response_code_class=one_of("4xx","5xx")"#,
            FIVE_XX,
            true,
        );
        check(
            r#"NOT metric.labels.response_code_class="2xx""#,
            FIVE_XX,
            true,
        );
        check(
            r#"(metric.labels.response_code_class="2xx" OR metric.labels.response_code_class="5xx") resource.labels.service_name="jokes""#,
            FIVE_XX,
            true,
        );
        check(r#"resource.labels.revision_name="x""#, FIVE_XX, false);
    }

    #[test]
    fn pins_metric_type() {
        let f = parse(r#"metric.type="run.googleapis.com/request_count" resource.labels.service_name="jokes""#).unwrap();
        assert_eq!(
            f.required("metric.type"),
            Some("run.googleapis.com/request_count")
        );
        assert_eq!(f.required("resource.labels.service_name"), Some("jokes"));
        assert_eq!(f.required("resource.type"), None);
    }

    fn check_err(filter: &str, words: &str) {
        let e = parse(filter).unwrap_err();
        assert!(e.to_string().contains(words), "{filter}: {e}");
    }

    #[test]
    fn unsupported_syntax_is_refused_clearly() {
        check_err(r#"metric.type : "x""#, "operator ':' is not supported");
        check_err(
            r#"metric.labels.code > "4""#,
            "operator '>' is not supported",
        );
        check_err(r#"metric.type = starts_with("x")"#, "function starts_with");
        // Found by fuzzing: an escaped multi-byte character; quotes print escaped.
        let f = parse(r#"metric.labels.a="x\"y\\z""#).unwrap();
        assert_eq!(parse(&f.to_string()).unwrap(), f);
        assert_eq!(
            parse("metric.type=\"a\\é\"").unwrap(),
            parse("metric.type=\"aé\"").unwrap()
        );
        check_err("metric.type=\"\\", "backslash ends");
        check_err(r#"foo.bar="x""#, "not a filter key");
        check_err(r#"metric.type="x"#, "unterminated string");
        check_err(r#"(metric.type="x""#, "never closed");
        check_err(r#"metric.type="x" AND"#, "ends where a term");
        check_err(r#"metric.type"#, "expected = or !=");
    }
}
