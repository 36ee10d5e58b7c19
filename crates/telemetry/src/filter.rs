//! The filter language shared by Cloud Logging (`entries:list`, `gcloud logging
//! read`) and Cloud Monitoring (`timeSeries.list`, SLI filters), parsed into
//! one [`Expr`]; `logs` and `query` give the fields meaning.
//!
//! Supported: comparisons `=`, `!=`, `<`, `<=`, `>`, `>=`, `:` (has); `AND`,
//! `OR`, `NOT` (and `-`), juxtaposition as AND, parentheses; quoted or bare
//! values; bare text terms (searched in the entry's text); Monitoring's value
//! functions `starts_with`, `ends_with`, `one_of`. Anything else — regular
//! expressions (`=~`), other functions — is an error that says so, never a
//! silently different query.

use std::fmt;

/// A parsed filter.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Expr {
    And(Vec<Expr>),
    Or(Vec<Expr>),
    Not(Box<Expr>),
    Cmp {
        path: String,
        op: Op,
        value: Value,
    },
    /// A bare term: matches entries whose text contains it.
    Text(String),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Op {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    Has,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Value {
    Str(String),
    StartsWith(String),
    EndsWith(String),
    OneOf(Vec<String>),
}

impl Value {
    /// Whether `s` matches for `=` (functions) or equals (plain strings).
    pub fn equals(&self, s: &str) -> bool {
        match self {
            Value::Str(v) => v == s,
            Value::StartsWith(p) => s.starts_with(p.as_str()),
            Value::EndsWith(p) => s.ends_with(p.as_str()),
            Value::OneOf(vs) => vs.iter().any(|v| v == s),
        }
    }

    /// The plain string, if this is one.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::Str(s) => Some(s),
            _ => None,
        }
    }
}

/// Why a filter could not be parsed or used.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct FilterError {
    pub message: String,
}

impl FilterError {
    pub fn new(message: impl fmt::Display) -> FilterError {
        FilterError {
            message: message.to_string(),
        }
    }
}

/// Parses a filter; an empty filter is `And([])`, which matches everything.
pub fn parse(text: &str) -> Result<Expr, FilterError> {
    let tokens = lex(text)?;
    let mut p = Parser { tokens, pos: 0 };
    if p.tokens.is_empty() {
        return Ok(Expr::And(Vec::new()));
    }
    let expr = p.or()?;
    if let Some(t) = p.peek() {
        return Err(FilterError::new(format!(
            "unexpected {} in the filter; expected AND, OR or the end",
            t.describe()
        )));
    }
    Ok(expr)
}

/// A filter printed so that [`parse`] reads it back to the same [`Expr`]: values and bare
/// terms quoted, nested AND and OR in parentheses. What `Display` writes is canonical, so
/// it also serves to compare filters.
impl fmt::Display for Expr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fn nested(e: &Expr, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            match e {
                Expr::And(_) | Expr::Or(_) => write!(f, "({e})"),
                _ => write!(f, "{e}"),
            }
        }
        fn joined(items: &[Expr], word: &str, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            for (i, e) in items.iter().enumerate() {
                if i > 0 {
                    write!(f, " {word} ")?;
                }
                nested(e, f)?;
            }
            Ok(())
        }
        match self {
            Expr::And(items) => joined(items, "AND", f),
            Expr::Or(items) => joined(items, "OR", f),
            Expr::Not(e) => {
                write!(f, "NOT ")?;
                nested(e, f)
            }
            // A path that starts with '-' (only "-" itself, read where whitespace followed
            // it) would read back as NOT if the operator followed at once.
            Expr::Cmp { path, op, value } if path.starts_with('-') => write!(f, "{path} {}{value}", op_text(*op)),
            Expr::Cmp { path, op, value } => write!(f, "{path}{}{value}", op_text(*op)),
            Expr::Text(t) => write!(f, "{}", Quoted(t)),
        }
    }
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Str(s) => write!(f, "{}", Quoted(s)),
            Value::StartsWith(s) => write!(f, "starts_with({})", Quoted(s)),
            Value::EndsWith(s) => write!(f, "ends_with({})", Quoted(s)),
            Value::OneOf(vs) => {
                write!(f, "one_of(")?;
                for (i, v) in vs.iter().enumerate() {
                    if i > 0 {
                        write!(f, ",")?;
                    }
                    write!(f, "{}", Quoted(v))?;
                }
                write!(f, ")")
            }
        }
    }
}

/// A string in double quotes, with `\` and `"` escaped as the lexer reads them.
struct Quoted<'a>(&'a str);

impl fmt::Display for Quoted<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "\"")?;
        for c in self.0.chars() {
            if matches!(c, '\\' | '"') {
                write!(f, "\\")?;
            }
            write!(f, "{c}")?;
        }
        write!(f, "\"")
    }
}

/// The terms of a top-level AND (or the expression itself).
pub fn conjuncts(expr: &Expr) -> Vec<&Expr> {
    match expr {
        Expr::And(items) => items.iter().flat_map(conjuncts).collect(),
        other => vec![other],
    }
}

#[derive(Clone, Debug, PartialEq)]
enum Tok {
    Word(String),
    /// A word directly followed by '(' (a function call).
    Func(String),
    Quoted(String),
    Op(Op),
    Regex,
    LParen,
    RParen,
    Comma,
    Minus,
}

impl Tok {
    fn describe(&self) -> String {
        match self {
            Tok::Word(w) => format!("{w:?}"),
            Tok::Func(f) => format!("{f}("),
            Tok::Quoted(q) => format!("\"{q}\""),
            Tok::Op(op) => format!("operator {}", op_text(*op)),
            Tok::Regex => "a regular expression operator".into(),
            Tok::LParen => "'('".into(),
            Tok::RParen => "')'".into(),
            Tok::Comma => "','".into(),
            Tok::Minus => "'-'".into(),
        }
    }
}

fn op_text(op: Op) -> &'static str {
    match op {
        Op::Eq => "=",
        Op::Ne => "!=",
        Op::Lt => "<",
        Op::Le => "<=",
        Op::Gt => ">",
        Op::Ge => ">=",
        Op::Has => ":",
    }
}

fn lex(text: &str) -> Result<Vec<Tok>, FilterError> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    // After an operator, a bare value may contain ':' and '.' (timestamps, URLs).
    let mut value_next = false;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        let was_value = std::mem::take(&mut value_next);
        match c {
            '(' => out.push(Tok::LParen),
            ')' => out.push(Tok::RParen),
            ',' => out.push(Tok::Comma),
            '"' | '\'' => {
                let mut s = String::new();
                i += 1;
                loop {
                    match chars.get(i) {
                        None => {
                            return Err(FilterError::new(format!(
                                "unterminated string in the filter: {c}{s}; close it with {c}"
                            )))
                        }
                        Some('\\') => {
                            if let Some(n) = chars.get(i + 1) {
                                s.push(*n);
                            }
                            i += 2;
                        }
                        Some(q) if *q == c => break,
                        Some(other) => {
                            s.push(*other);
                            i += 1;
                        }
                    }
                }
                out.push(Tok::Quoted(s));
            }
            '=' | '!' | '<' | '>' | ':' if !was_value => {
                let next = chars.get(i + 1).copied();
                let (tok, len) = match (c, next) {
                    ('=', Some('~')) | ('!', Some('~')) => (Tok::Regex, 2),
                    ('!', Some('=')) => (Tok::Op(Op::Ne), 2),
                    ('<', Some('=')) => (Tok::Op(Op::Le), 2),
                    ('>', Some('=')) => (Tok::Op(Op::Ge), 2),
                    ('=', _) => (Tok::Op(Op::Eq), 1),
                    ('<', _) => (Tok::Op(Op::Lt), 1),
                    ('>', _) => (Tok::Op(Op::Gt), 1),
                    (':', _) => (Tok::Op(Op::Has), 1),
                    _ => {
                        return Err(FilterError::new(
                            "'!' must be followed by '=' in the filter; use NOT to negate",
                        ))
                    }
                };
                out.push(tok);
                value_next = true;
                i += len;
                continue;
            }
            '-' if !was_value
                && chars.get(i + 1).is_some_and(|n| !n.is_whitespace())
                && starts_term(&out) =>
            {
                out.push(Tok::Minus)
            }
            _ => {
                let start = i;
                while i < chars.len() {
                    let d = chars[i];
                    let stop = d.is_whitespace()
                        || matches!(d, '(' | ')' | ',' | '"')
                        || (!was_value && matches!(d, '=' | '!' | '<' | '>' | ':'));
                    if stop {
                        break;
                    }
                    i += 1;
                }
                let word: String = chars[start..i].iter().collect();
                if chars.get(i) == Some(&'(') && !word.is_empty() {
                    out.push(Tok::Func(word));
                    i += 1;
                } else {
                    out.push(Tok::Word(word));
                }
                continue;
            }
        }
        i += 1;
    }
    Ok(out)
}

/// Whether a '-' here would start a term (so it means NOT).
fn starts_term(before: &[Tok]) -> bool {
    !matches!(before.last(), Some(Tok::Op(_)))
}

struct Parser {
    tokens: Vec<Tok>,
    pos: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Tok> {
        self.tokens.get(self.pos)
    }

    fn next(&mut self) -> Option<Tok> {
        let t = self.tokens.get(self.pos).cloned();
        self.pos += 1;
        t
    }

    fn keyword(&self, k: &str) -> bool {
        matches!(self.peek(), Some(Tok::Word(w)) if w == k)
    }

    fn or(&mut self) -> Result<Expr, FilterError> {
        let mut items = vec![self.and()?];
        while self.keyword("OR") {
            self.pos += 1;
            items.push(self.and()?);
        }
        Ok(if items.len() == 1 {
            items.remove(0)
        } else {
            Expr::Or(items)
        })
    }

    fn and(&mut self) -> Result<Expr, FilterError> {
        let mut items = vec![self.unary()?];
        loop {
            if self.keyword("AND") {
                self.pos += 1;
                items.push(self.unary()?);
                continue;
            }
            match self.peek() {
                None | Some(Tok::RParen) => break,
                Some(Tok::Word(w)) if w == "OR" => break,
                _ => items.push(self.unary()?),
            }
        }
        Ok(if items.len() == 1 {
            items.remove(0)
        } else {
            Expr::And(items)
        })
    }

    fn unary(&mut self) -> Result<Expr, FilterError> {
        if self.keyword("NOT") || self.peek() == Some(&Tok::Minus) {
            self.pos += 1;
            return Ok(Expr::Not(Box::new(self.unary()?)));
        }
        self.primary()
    }

    fn primary(&mut self) -> Result<Expr, FilterError> {
        match self.next() {
            None => Err(FilterError::new("the filter ends where a comparison was expected; complete it, e.g. severity>=ERROR")),
            Some(Tok::LParen) => {
                let e = self.or()?;
                match self.next() {
                    Some(Tok::RParen) => Ok(e),
                    _ => Err(FilterError::new("a '(' in the filter is not closed; add the matching ')'")),
                }
            }
            Some(Tok::Quoted(s)) => Ok(Expr::Text(s)),
            Some(Tok::Func(f)) => Err(FilterError::new(format!(
                "the function {f}() is not supported in runlane filters; use comparisons with =, !=, <, <=, >, >= and :"
            ))),
            Some(Tok::Word(w)) if matches!(w.as_str(), "AND" | "OR") => Err(FilterError::new(format!(
                "{w} in the filter needs a comparison on both sides"
            ))),
            Some(Tok::Word(w)) => match self.peek() {
                Some(Tok::Op(op)) => {
                    let op = *op;
                    self.pos += 1;
                    let value = self.value(&w)?;
                    Ok(Expr::Cmp { path: w, op, value })
                }
                Some(Tok::Regex) => Err(FilterError::new(format!(
                    "regular expressions (=~, !~) are not supported in runlane filters ({w}); use = or : (has)"
                ))),
                _ => Ok(Expr::Text(w)),
            },
            Some(t) => Err(FilterError::new(format!("unexpected {} in the filter", t.describe()))),
        }
    }

    fn value(&mut self, path: &str) -> Result<Value, FilterError> {
        match self.next() {
            Some(Tok::Quoted(s)) => Ok(Value::Str(s)),
            Some(Tok::Func(w)) => {
                let mut args = Vec::new();
                loop {
                    match self.next() {
                        Some(Tok::Quoted(s)) | Some(Tok::Word(s)) => args.push(s),
                        Some(Tok::RParen) if args.is_empty() => break,
                        _ => {
                            return Err(FilterError::new(format!(
                                "{w}(…) in the filter takes quoted strings separated by commas"
                            )))
                        }
                    }
                    match self.next() {
                        Some(Tok::Comma) => continue,
                        Some(Tok::RParen) => break,
                        _ => {
                            return Err(FilterError::new(format!(
                                "{w}(…) in the filter is not closed; add ')'"
                            )))
                        }
                    }
                }
                let one = |args: Vec<String>| -> Result<String, FilterError> {
                    match <[String; 1]>::try_from(args) {
                        Ok([a]) => Ok(a),
                        Err(_) => Err(FilterError::new(format!("{w}() takes exactly one string"))),
                    }
                };
                match w.as_str() {
                    "starts_with" => Ok(Value::StartsWith(one(args)?)),
                    "ends_with" => Ok(Value::EndsWith(one(args)?)),
                    "one_of" => Ok(Value::OneOf(args)),
                    _ => Err(FilterError::new(format!(
                        "the function {w}() is not supported in runlane filters; use starts_with, ends_with or one_of"
                    ))),
                }
            }
            Some(Tok::Word(w)) => Ok(Value::Str(w)),
            _ => Err(FilterError::new(format!(
                "{path} in the filter is compared with nothing; add a value, e.g. {path}=\"x\""
            ))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &str, expected: &str) {
        let got = match parse(input) {
            Ok(e) => show(&e),
            Err(e) => format!("error: {e}"),
        };
        assert_eq!(got, expected, "{input}");
    }

    fn show(e: &Expr) -> String {
        match e {
            Expr::And(v) => format!("and({})", v.iter().map(show).collect::<Vec<_>>().join(", ")),
            Expr::Or(v) => format!("or({})", v.iter().map(show).collect::<Vec<_>>().join(", ")),
            Expr::Not(e) => format!("not({})", show(e)),
            Expr::Cmp { path, op, value } => format!("{path}{}{value:?}", op_text(*op)),
            Expr::Text(t) => format!("text({t})"),
        }
    }

    #[test]
    fn what_is_printed_parses_back_to_the_same_filter() {
        for text in [
            "",
            r#"metric.type="run.googleapis.com/request_count" AND resource.labels.service_name="jokes""#,
            r#"a=1 b=2 OR c:"x y" NOT d!=e"#,
            r#"a AND (b OR (c AND -d)) OR NOT (e OR f)"#,
            r#"metric.labels.response_code_class=one_of("2xx","5xx") resource.labels.revision_name=starts_with("jokes-") x=ends_with("\"q\\")"#,
            r#"timestamp>="2026-12-06T02:08:54.059127+0000" severity>=ERROR "bare text" plain"#,
            "x=one_of() y='single quoted' z=a'b",
            // Found by the fuzz target: a path that is a lone '-'.
            "-\n=\u{3}",
            "- = x OR NOT - :y",
        ] {
            let expr = parse(text).unwrap_or_else(|e| panic!("{text}: {e}"));
            let printed = expr.to_string();
            assert_eq!(parse(&printed).unwrap_or_else(|e| panic!("{printed}: {e}")), expr, "{text} printed as {printed}");
            assert_eq!(parse(&printed).unwrap().to_string(), printed, "printing is canonical");
        }
        assert_eq!(parse(r#"a="x" AND (b="y" OR c="z")"#).unwrap().to_string(), r#"a="x" AND (b="y" OR c="z")"#);
    }

    #[test]
    fn parses_what_gcloud_and_people_send() {
        check("", "and()");
        check(
            "resource.type = cloud_run_revision \n AND resource.labels.service_name = jokes \n AND severity >= DEFAULT \n AND timestamp>=\"2024-01-02T03:04:05Z\"",
            "and(resource.type=Str(\"cloud_run_revision\"), resource.labels.service_name=Str(\"jokes\"), severity>=Str(\"DEFAULT\"), timestamp>=Str(\"2024-01-02T03:04:05Z\"))",
        );
        check(
            r#"resource.type="cloud_run_revision" AND resource.labels.service_name="jokes" AND severity>=ERROR"#,
            r#"and(resource.type=Str("cloud_run_revision"), resource.labels.service_name=Str("jokes"), severity>=Str("ERROR"))"#,
        );
        check(
            "timestamp>=2024-01-02T03:04:05Z",
            "timestamp>=Str(\"2024-01-02T03:04:05Z\")",
        );
        check(
            "a=1 b=2 OR NOT c:x",
            "or(and(a=Str(\"1\"), b=Str(\"2\")), not(c:Str(\"x\")))",
        );
        check(
            "-httpRequest.status>=500 (x=1 OR y!=2)",
            "and(not(httpRequest.status>=Str(\"500\")), or(x=Str(\"1\"), y!=Str(\"2\")))",
        );
        check(
            "\"out of memory\" crashed",
            "and(text(out of memory), text(crashed))",
        );
        check(
            r#"metric.type="run.googleapis.com/request_count" resource.labels.service_name=starts_with("jo") metric.labels.response_code_class=one_of("4xx","5xx")"#,
            r#"and(metric.type=Str("run.googleapis.com/request_count"), resource.labels.service_name=StartsWith("jo"), metric.labels.response_code_class=OneOf(["4xx", "5xx"]))"#,
        );
        check(
            "httpRequest.requestUrl:\"/status/5\"",
            "httpRequest.requestUrl:Str(\"/status/5\")",
        );
    }

    #[test]
    fn refuses_what_it_does_not_support() {
        check("textPayload=~\"a.*\"", "error: regular expressions (=~, !~) are not supported in runlane filters (textPayload); use = or : (has)");
        check("sample(insertId, 0.1)", "error: the function sample() is not supported in runlane filters; use comparisons with =, !=, <, <=, >, >= and :");
        check("a=regex(\"x\")", "error: the function regex() is not supported in runlane filters; use starts_with, ends_with or one_of");
        check(
            "(a=1",
            "error: a '(' in the filter is not closed; add the matching ')'",
        );
        check(
            "a=",
            "error: a in the filter is compared with nothing; add a value, e.g. a=\"x\"",
        );
        check(
            "a=\"x",
            "error: unterminated string in the filter: \"x; close it with \"",
        );
        check("a=1 AND", "error: the filter ends where a comparison was expected; complete it, e.g. severity>=ERROR");
        check(
            "a=1)",
            "error: unexpected ')' in the filter; expected AND, OR or the end",
        );
    }
}
