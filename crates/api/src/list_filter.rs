//! Cloud Monitoring's `filter` on `alertPolicies.list` and `notificationChannels.list`
//! (the "Sorting and filtering" reference): comparisons of a field to a literal joined by
//! `AND`, `OR` (or side by side, meaning AND), `NOT` and parentheses, e.g.
//! `display_name="jokes fast burn" AND user_labels.team="a"`, `type="email"`,
//! `enabled=true`, `display_name:"burn"` (has: a substring of a string, a key of a map, an
//! item of a list), `display_name=starts_with("jokes")`, `starts_with(display_name, "jokes")`.
//!
//! Field paths are the proto's snake_case names (`display_name`, `user_labels.team`, the
//! singular `user_label.team` too; camelCase is accepted as well) looked up in the
//! resource's JSON. A filter naming a field the list does not know, an operator or a
//! function runlane does not implement is refused, never ignored: a filter that matched
//! everything would hand a script the wrong policies to delete.
//!
//! Pure: parsed once per request, evaluated against each item's JSON.

use serde_json::Value;

/// Which list a filter is for: the fields it may name (first path segment, snake_case).
pub struct Fields {
    pub list: &'static str,
    pub names: &'static [&'static str],
}

pub const POLICY_FIELDS: Fields = Fields {
    list: "alertPolicies",
    names: &[
        "name", "display_name", "enabled", "combiner", "severity", "user_labels",
        "notification_channels", "documentation",
    ],
};

pub const CHANNEL_FIELDS: Fields = Fields {
    list: "notificationChannels",
    names: &[
        "name", "type", "display_name", "description", "enabled", "labels", "user_labels",
        "verification_status",
    ],
};

const SYNTAX: &str = "accepted: FIELD OP VALUE with OP one of = != : < <= > >= (`:` is has: substring, map key or list item), \
VALUE a \"quoted string\", a number, true or false, or starts_with(\"x\") / ends_with(\"x\") / has_substring(\"x\"); \
the functions also as starts_with(FIELD, \"x\"); terms joined by AND, OR (side by side means AND), NOT and parentheses";

#[derive(Debug, Clone, PartialEq)]
pub enum Literal {
    Str(String),
    Num(f64),
    Bool(bool),
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Op {
    Eq,
    Ne,
    Has,
    Lt,
    Le,
    Gt,
    Ge,
    StartsWith,
    EndsWith,
    HasSubstring,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Filter {
    And(Box<Filter>, Box<Filter>),
    Or(Box<Filter>, Box<Filter>),
    Not(Box<Filter>),
    /// The JSON path (camelCase segments) and how to compare it.
    Compare { path: Vec<String>, op: Op, value: Literal },
}

/// Parses `text` for the list `fields`; the error says what is wrong and what is accepted.
pub fn parse(text: &str, fields: &Fields) -> Result<Option<Filter>, String> {
    let tokens = tokenize(text)?;
    if tokens.is_empty() {
        return Ok(None);
    }
    let mut p = Parser { tokens, at: 0, fields };
    let f = p.or()?;
    if let Some(t) = p.peek() {
        return Err(format!("unexpected {} at the end of the filter; {SYNTAX}", t.describe()));
    }
    Ok(Some(f))
}

/// True when the item (a resource's JSON, camelCase) passes the filter.
pub fn matches(f: &Filter, item: &Value) -> bool {
    match f {
        Filter::And(a, b) => matches(a, item) && matches(b, item),
        Filter::Or(a, b) => matches(a, item) || matches(b, item),
        Filter::Not(a) => !matches(a, item),
        Filter::Compare { path, op, value } => {
            let mut v = Some(item);
            for seg in path {
                v = v.and_then(|v| v.get(seg));
            }
            compare(v, *op, value)
        }
    }
}

fn compare(field: Option<&Value>, op: Op, lit: &Literal) -> bool {
    let Some(field) = field.filter(|v| !v.is_null()) else {
        // An absent field equals nothing, so it is "not equal" to everything.
        return op == Op::Ne;
    };
    match (op, field, lit) {
        (Op::Has, Value::Object(m), Literal::Str(s)) => m.contains_key(s),
        (Op::Has, Value::Array(items), _) => items.iter().any(|i| compare(Some(i), Op::Eq, lit)),
        (Op::Has | Op::HasSubstring, Value::String(s), Literal::Str(x)) => s.contains(x.as_str()),
        (Op::StartsWith, Value::String(s), Literal::Str(x)) => s.starts_with(x.as_str()),
        (Op::EndsWith, Value::String(s), Literal::Str(x)) => s.ends_with(x.as_str()),
        (Op::Eq, _, _) => equal(field, lit),
        (Op::Ne, _, _) => !equal(field, lit),
        (Op::Lt | Op::Le | Op::Gt | Op::Ge, _, _) => match ordering(field, lit) {
            Some(o) => match op {
                Op::Lt => o.is_lt(),
                Op::Le => o.is_le(),
                Op::Gt => o.is_gt(),
                _ => o.is_ge(),
            },
            None => false,
        },
        _ => false,
    }
}

fn equal(field: &Value, lit: &Literal) -> bool {
    match (field, lit) {
        (Value::String(s), Literal::Str(x)) => s == x,
        (Value::Bool(b), Literal::Bool(x)) => b == x,
        // `enabled="true"` as some clients quote it.
        (Value::Bool(b), Literal::Str(x)) => x == if *b { "true" } else { "false" },
        (Value::Number(n), Literal::Num(x)) => n.as_f64() == Some(*x),
        (Value::String(s), Literal::Num(x)) => s.parse::<f64>().ok() == Some(*x),
        _ => false,
    }
}

fn ordering(field: &Value, lit: &Literal) -> Option<std::cmp::Ordering> {
    match (field, lit) {
        (Value::Number(n), Literal::Num(x)) => n.as_f64()?.partial_cmp(x),
        (Value::String(s), Literal::Str(x)) => Some(s.as_str().cmp(x.as_str())),
        _ => None,
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Ident(String),
    Str(String),
    Num(f64),
    Op(&'static str),
    Open,
    Close,
    Comma,
}

impl Token {
    fn describe(&self) -> String {
        match self {
            Token::Ident(s) => format!("`{s}`"),
            Token::Str(s) => format!("\"{s}\""),
            Token::Num(n) => format!("{n}"),
            Token::Op(o) => format!("`{o}`"),
            Token::Open => "`(`".into(),
            Token::Close => "`)`".into(),
            Token::Comma => "`,`".into(),
        }
    }
}

fn tokenize(text: &str) -> Result<Vec<Token>, String> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            c if c.is_whitespace() => i += 1,
            '(' => { out.push(Token::Open); i += 1 }
            ')' => { out.push(Token::Close); i += 1 }
            ',' => { out.push(Token::Comma); i += 1 }
            '"' | '\'' => {
                let mut s = String::new();
                i += 1;
                loop {
                    match chars.get(i) {
                        None => return Err(format!("a string starting with {c} is not closed; {SYNTAX}")),
                        Some('\\') => {
                            if let Some(n) = chars.get(i + 1) {
                                s.push(*n);
                            }
                            i += 2;
                        }
                        Some(q) if *q == c => { i += 1; break }
                        Some(x) => { s.push(*x); i += 1 }
                    }
                }
                out.push(Token::Str(s));
            }
            '=' | '!' | '<' | '>' | ':' => {
                let two: String = chars[i..(i + 2).min(chars.len())].iter().collect();
                let op = match two.as_str() {
                    "!=" => "!=",
                    "<=" => "<=",
                    ">=" => ">=",
                    "=~" | "!~" => return Err(format!("the regular-expression operator `{two}` is not supported by runlane; {SYNTAX}")),
                    _ => match c {
                        '=' => "=",
                        '<' => "<",
                        '>' => ">",
                        ':' => ":",
                        _ => return Err(format!("`!` must be followed by `=`; {SYNTAX}")),
                    },
                };
                i += op.len();
                out.push(Token::Op(op));
            }
            c if c.is_ascii_digit() || (c == '-' && chars.get(i + 1).is_some_and(|d| d.is_ascii_digit())) => {
                let start = i;
                i += 1;
                while i < chars.len() && (chars[i].is_ascii_digit() || chars[i] == '.' || chars[i] == 'e') {
                    i += 1;
                }
                let s: String = chars[start..i].iter().collect();
                out.push(Token::Num(s.parse().map_err(|_| format!("{s:?} is not a number; {SYNTAX}"))?));
            }
            '-' => {
                // `-term` negates, as in Google's list filters.
                out.push(Token::Ident("NOT".into()));
                i += 1;
            }
            c if c.is_alphanumeric() || c == '_' => {
                let start = i;
                while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_' || chars[i] == '.') {
                    i += 1;
                }
                out.push(Token::Ident(chars[start..i].iter().collect()));
            }
            other => return Err(format!("unexpected character {other:?}; {SYNTAX}")),
        }
    }
    Ok(out)
}

struct Parser<'a> {
    tokens: Vec<Token>,
    at: usize,
    fields: &'a Fields,
}

impl Parser<'_> {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.at)
    }

    fn next(&mut self) -> Option<Token> {
        let t = self.tokens.get(self.at).cloned();
        self.at += 1;
        t
    }

    fn keyword(&self, word: &str) -> bool {
        matches!(self.peek(), Some(Token::Ident(s)) if s == word)
    }

    fn or(&mut self) -> Result<Filter, String> {
        let mut f = self.and()?;
        while self.keyword("OR") {
            self.at += 1;
            f = Filter::Or(Box::new(f), Box::new(self.and()?));
        }
        Ok(f)
    }

    fn and(&mut self) -> Result<Filter, String> {
        let mut f = self.unary()?;
        loop {
            if self.keyword("AND") {
                self.at += 1;
            } else if self.peek().is_none() || self.keyword("OR") || self.peek() == Some(&Token::Close) {
                return Ok(f);
            }
            f = Filter::And(Box::new(f), Box::new(self.unary()?));
        }
    }

    fn unary(&mut self) -> Result<Filter, String> {
        if self.keyword("NOT") {
            self.at += 1;
            return Ok(Filter::Not(Box::new(self.unary()?)));
        }
        match self.next() {
            Some(Token::Open) => {
                let f = self.or()?;
                match self.next() {
                    Some(Token::Close) => Ok(f),
                    _ => Err(format!("a `(` is not closed; {SYNTAX}")),
                }
            }
            Some(Token::Ident(name)) if self.peek() == Some(&Token::Open) => {
                // starts_with(display_name, "x")
                let op = function(&name)?;
                self.at += 1;
                let path = match self.next() {
                    Some(Token::Ident(field)) => self.path(&field)?,
                    _ => return Err(format!("{name}( takes a field then a string; {SYNTAX}")),
                };
                if self.next() != Some(Token::Comma) {
                    return Err(format!("{name}( takes a field then a string; {SYNTAX}"));
                }
                let value = match self.next() {
                    Some(Token::Str(s)) => s,
                    _ => return Err(format!("{name}( takes a field then a string; {SYNTAX}")),
                };
                if self.next() != Some(Token::Close) {
                    return Err(format!("{name}( is not closed; {SYNTAX}"));
                }
                Ok(Filter::Compare { path, op, value: Literal::Str(value) })
            }
            Some(Token::Ident(field)) => {
                let path = self.path(&field)?;
                let op = match self.next() {
                    Some(Token::Op(o)) => o,
                    Some(t) => return Err(format!("expected an operator after `{field}`, found {}; {SYNTAX}", t.describe())),
                    None => return Err(format!("`{field}` needs an operator and a value; {SYNTAX}")),
                };
                let (op, value) = self.value(op, &field)?;
                Ok(Filter::Compare { path, op, value })
            }
            Some(t) => Err(format!("expected a field, NOT or `(`, found {}; {SYNTAX}", t.describe())),
            None => Err(format!("the filter ends where a term was expected; {SYNTAX}")),
        }
    }

    fn value(&mut self, op: &'static str, field: &str) -> Result<(Op, Literal), String> {
        let cmp = match op {
            "=" => Op::Eq,
            "!=" => Op::Ne,
            ":" => Op::Has,
            "<" => Op::Lt,
            "<=" => Op::Le,
            ">" => Op::Gt,
            _ => Op::Ge,
        };
        match self.next() {
            Some(Token::Str(s)) => Ok((cmp, Literal::Str(s))),
            Some(Token::Num(n)) => Ok((cmp, Literal::Num(n))),
            Some(Token::Ident(w)) if w == "true" || w == "false" => Ok((cmp, Literal::Bool(w == "true"))),
            Some(Token::Ident(name)) if self.peek() == Some(&Token::Open) && cmp == Op::Eq => {
                // display_name = starts_with("x")
                let f = function(&name)?;
                self.at += 1;
                let Some(Token::Str(s)) = self.next() else {
                    return Err(format!("{name}( takes one string here; {SYNTAX}"));
                };
                if self.next() != Some(Token::Close) {
                    return Err(format!("{name}( is not closed; {SYNTAX}"));
                }
                Ok((f, Literal::Str(s)))
            }
            Some(t) => Err(format!("`{field} {op}` needs a value, found {}; {SYNTAX}", t.describe())),
            None => Err(format!("`{field} {op}` needs a value; {SYNTAX}")),
        }
    }

    /// `user_labels.team` → ["userLabels", "team"], checking the first segment against the
    /// list's fields.
    fn path(&self, field: &str) -> Result<Vec<String>, String> {
        field_path(self.fields, field).ok_or_else(|| format!("{} cannot be filtered by `{field}`; fields: {}; {SYNTAX}", self.fields.list, self.fields.names.join(", ")))
    }
}

/// `user_labels.team` → ["userLabels", "team"], or None when the first segment is not
/// one of the list's fields. Map keys (after `labels`/`user_labels`) are kept as written.
fn field_path(fields: &Fields, field: &str) -> Option<Vec<String>> {
    let mut segs = field.split('.');
    let head = segs.next().unwrap_or_default();
    let head = snake(head);
    let head = match head.as_str() {
        "user_label" => "user_labels".to_owned(),
        "label" => "labels".to_owned(),
        _ => head,
    };
    if !fields.names.contains(&head.as_str()) {
        return None;
    }
    // Keys after a `labels` map (at the top, or nested as in `metric.labels.x`).
    let mut in_map = head.ends_with("labels");
    let mut path = vec![camel(&head)];
    for s in segs {
        if in_map {
            path.push(s.to_owned());
        } else {
            let seg = snake(s);
            in_map = seg.ends_with("labels");
            path.push(camel(&seg));
        }
    }
    Some(path)
}

// === orderBy ===

/// A list's `orderBy`: fields (the ones its filter may name), each ascending or, written
/// with a leading `-`, descending; items equal on all of them keep name order.
#[derive(Debug, Clone, PartialEq)]
pub struct Order(Vec<(Vec<String>, bool)>);

/// Parses `orderBy` (`display_name`, `-display_name,enabled`, `user_labels.team`); the
/// error names the field and says what is accepted.
pub fn parse_order(text: &str, fields: &Fields) -> Result<Order, String> {
    let mut keys = Vec::new();
    for part in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let (field, descending) = match part.strip_prefix('-') {
            Some(f) => (f.trim(), true),
            None => (part, false),
        };
        let path = field_path(fields, field).filter(|_| !field.is_empty() && !field.contains(char::is_whitespace)).ok_or_else(|| {
            format!(
                "{} cannot be sorted by `{field}`; accepted: a comma-separated list of fields ({}), each with a leading `-` to sort it descending",
                fields.list,
                fields.names.join(", ")
            )
        })?;
        keys.push((path, descending));
    }
    Ok(Order(keys))
}

impl Order {
    /// Whether the order says nothing (an empty `orderBy`).
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// What `item` is sorted by: the value of each field (null when absent), then its name.
    pub fn key(&self, item: &Value) -> Vec<Value> {
        let mut key: Vec<Value> = self.0.iter().map(|(path, _)| path.iter().try_fold(item, |v, seg| v.get(seg)).cloned().unwrap_or(Value::Null)).collect();
        key.push(item.get("name").cloned().unwrap_or(Value::Null));
        key
    }

    /// Compares two keys from [`Order::key`].
    pub fn compare(&self, a: &[Value], b: &[Value]) -> std::cmp::Ordering {
        let descending = self.0.iter().map(|(_, d)| *d).chain(std::iter::once(false));
        for ((x, y), descending) in a.iter().zip(b).zip(descending) {
            let o = compare_values(x, y);
            if o.is_ne() {
                return if descending { o.reverse() } else { o };
            }
        }
        a.len().cmp(&b.len())
    }
}

/// Absent first, then false before true, numbers, text; lists and maps by their JSON.
fn compare_values(a: &Value, b: &Value) -> std::cmp::Ordering {
    fn rank(v: &Value) -> u8 {
        match v {
            Value::Null => 0,
            Value::Bool(_) => 1,
            Value::Number(_) => 2,
            Value::String(_) => 3,
            Value::Array(_) | Value::Object(_) => 4,
        }
    }
    match (a, b) {
        (Value::Bool(x), Value::Bool(y)) => x.cmp(y),
        (Value::Number(x), Value::Number(y)) => x.as_f64().unwrap_or(0.0).total_cmp(&y.as_f64().unwrap_or(0.0)),
        (Value::String(x), Value::String(y)) => x.cmp(y),
        _ => rank(a).cmp(&rank(b)).then_with(|| a.to_string().cmp(&b.to_string())),
    }
}

fn function(name: &str) -> Result<Op, String> {
    match name {
        "starts_with" => Ok(Op::StartsWith),
        "ends_with" => Ok(Op::EndsWith),
        "has_substring" => Ok(Op::HasSubstring),
        other => Err(format!("the function {other}() is not supported by runlane; {SYNTAX}")),
    }
}

fn snake(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if c.is_ascii_uppercase() {
            out.push('_');
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

fn camel(s: &str) -> String {
    let mut out = String::new();
    let mut upper = false;
    for c in s.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.push(c.to_ascii_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn policy(name: &str, team: &str, enabled: bool) -> Value {
        json!({"name": format!("projects/p/alertPolicies/{name}"), "displayName": name, "enabled": enabled,
               "userLabels": {"team": team}, "notificationChannels": ["projects/p/notificationChannels/1"]})
    }

    fn pick(filter: &str, items: &[Value]) -> Vec<String> {
        let f = parse(filter, &POLICY_FIELDS).unwrap().unwrap();
        items.iter().filter(|i| matches(&f, i)).map(|i| i["displayName"].as_str().unwrap().to_owned()).collect()
    }

    #[test]
    fn filters_policies_as_cloud_monitoring_does() {
        let items = [policy("jokes fast burn", "a", true), policy("jokes slow burn", "b", false), policy("quotes fast burn", "a", true)];
        assert_eq!(pick(r#"display_name="jokes slow burn""#, &items), ["jokes slow burn"]);
        assert_eq!(pick(r#"user_labels.team="a""#, &items), ["jokes fast burn", "quotes fast burn"]);
        assert_eq!(pick(r#"user_label.team = "b""#, &items), ["jokes slow burn"]);
        assert_eq!(pick("enabled=false", &items), ["jokes slow burn"]);
        assert_eq!(pick(r#"display_name:"fast""#, &items), ["jokes fast burn", "quotes fast burn"]);
        assert_eq!(pick(r#"starts_with(display_name, "jokes")"#, &items), ["jokes fast burn", "jokes slow burn"]);
        assert_eq!(pick(r#"display_name = starts_with("quotes")"#, &items), ["quotes fast burn"]);
        assert_eq!(pick(r#"display_name = ends_with("slow burn")"#, &items), ["jokes slow burn"]);
        assert_eq!(pick(r#"user_labels.team="a" AND NOT display_name:"quotes""#, &items), ["jokes fast burn"]);
        assert_eq!(pick(r#"user_labels.team="b" OR display_name="quotes fast burn""#, &items), ["jokes slow burn", "quotes fast burn"]);
        assert_eq!(pick(r#"(user_labels.team="b" OR enabled=true) -display_name:"quotes""#, &items), ["jokes fast burn", "jokes slow burn"]);
        assert_eq!(pick(r#"user_labels:"team""#, &items).len(), 3);
        assert_eq!(pick(r#"user_labels.owner!="x""#, &items).len(), 3, "an absent field is unequal to everything");
        assert_eq!(pick(r#"notification_channels:"projects/p/notificationChannels/1""#, &items).len(), 3);
        assert_eq!(pick(r#"displayName="jokes fast burn""#, &items), ["jokes fast burn"]);
    }

    #[test]
    fn filters_channels_by_type_and_labels() {
        let items = [json!({"type": "email", "displayName": "oncall", "labels": {"email_address": "o@x"}}),
                     json!({"type": "webhook_tokenauth", "displayName": "hook", "labels": {"url": "http://h"}})];
        let f = parse(r#"type="email""#, &CHANNEL_FIELDS).unwrap().unwrap();
        assert!(matches(&f, &items[0]) && !matches(&f, &items[1]));
        let f = parse(r#"labels.url:"http""#, &CHANNEL_FIELDS).unwrap().unwrap();
        assert!(!matches(&f, &items[0]) && matches(&f, &items[1]));
    }

    fn sorted(order_by: &str, items: &[Value]) -> Vec<String> {
        let order = parse_order(order_by, &POLICY_FIELDS).unwrap();
        let mut items = items.to_vec();
        items.sort_by(|a, b| order.compare(&order.key(a), &order.key(b)));
        items.iter().map(|i| i["displayName"].as_str().unwrap().to_owned()).collect()
    }

    #[test]
    fn orders_by_fields_ascending_or_descending_then_by_name() {
        let items = [policy("b", "x", true), policy("c", "y", false), policy("a", "y", true), json!({"name": "projects/p/alertPolicies/z", "displayName": "z", "enabled": true})];
        assert_eq!(sorted("display_name", &items), ["a", "b", "c", "z"]);
        assert_eq!(sorted("-display_name", &items), ["z", "c", "b", "a"]);
        assert_eq!(sorted("displayName", &items), ["a", "b", "c", "z"]);
        assert_eq!(sorted("enabled,-display_name", &items), ["c", "z", "b", "a"]);
        assert_eq!(sorted(" user_labels.team , display_name ", &items), ["z", "b", "a", "c"], "an absent label sorts first");
        assert_eq!(sorted("-user_labels.team,name", &items), ["a", "c", "b", "z"]);
        assert_eq!(sorted("", &items), ["a", "b", "c", "z"], "no order is name order");
        assert!(parse_order("", &POLICY_FIELDS).unwrap().is_empty());
    }

    #[test]
    fn refuses_an_order_by_field_it_does_not_know_naming_what_it_accepts() {
        for bad in ["conditions", "display_name desc", "-", "type", "display_name,,-bogus"] {
            let err = parse_order(bad, &POLICY_FIELDS).unwrap_err();
            assert!(err.contains("alertPolicies cannot be sorted by") && err.contains("display_name, enabled") && err.contains("leading `-`"), "{bad}: {err}");
        }
        assert!(parse_order("type,-verification_status", &CHANNEL_FIELDS).is_ok());
    }

    #[test]
    fn refuses_what_it_does_not_implement_naming_it() {
        let err = parse(r#"conditions.display_name="x""#, &POLICY_FIELDS).unwrap_err();
        assert!(err.contains("`conditions.display_name`") && err.contains("display_name, enabled"), "{err}");
        let err = parse(r#"type="email""#, &POLICY_FIELDS).unwrap_err();
        assert!(err.contains("alertPolicies cannot be filtered by `type`"), "{err}");
        assert!(parse(r#"display_name=~"j.*""#, &POLICY_FIELDS).unwrap_err().contains("`=~`"));
        assert!(parse(r#"display_name=one_of("a")"#, &POLICY_FIELDS).unwrap_err().contains("one_of()"));
        assert!(parse(r#"display_name="x"#, &POLICY_FIELDS).unwrap_err().contains("not closed"));
        assert!(parse(r#"(enabled=true"#, &POLICY_FIELDS).unwrap_err().contains("not closed"));
        assert!(parse(r#"display_name"#, &POLICY_FIELDS).unwrap_err().contains("needs an operator"));
        assert!(parse(r#"enabled=true )"#, &POLICY_FIELDS).unwrap_err().contains("at the end"));
        assert_eq!(parse("  ", &POLICY_FIELDS).unwrap(), None);
    }
}
