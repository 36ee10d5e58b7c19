//! Prometheus as an SLO's data source: the SLI's good/bad/total PromQL queries, with
//! `{{.window}}` replaced by the window's length in seconds, evaluated by the server's
//! instant-query API (`GET /api/v1/query?query=…&time=END`) at the window's end. Series
//! that carry a `revision` label give the per-revision breakdown.
//!
//! Blocking (the evaluator and the status call run on the blocking pool), plain HTTP/1.0
//! over a socket with a timeout: no runtime is needed, and a slow server costs one tick.

use crate::counts::{FieldError, Measured};
use runlane_slo::budget::Counts;
use runlane_slo::sli::RatioShape;
use runlane_telemetry::Range;
use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::time::Duration;

pub const WINDOW: &str = "{{.window}}";

/// A validated Prometheus source.
#[derive(Debug, Clone, PartialEq)]
pub struct PromSource {
    /// `host:port`.
    pub authority: String,
    /// The URL's path prefix, without a trailing slash (a Prometheus behind `--web.route-prefix`).
    pub prefix: String,
    pub shape: RatioShape,
    pub good: Option<String>,
    pub bad: Option<String>,
    pub total: Option<String>,
}

impl PromSource {
    /// Checks the URL and queries; `field` is the indicator's path for errors.
    pub fn new(
        url: &str,
        good: Option<&str>,
        bad: Option<&str>,
        total: Option<&str>,
        field: &str,
    ) -> Result<PromSource, FieldError> {
        let err = |f: &str, m: String| (format!("{field}.{f}"), m);
        let rest = url.strip_prefix("http://").ok_or_else(|| {
            err(
                "url",
                format!("{url:?} is not an http:// URL; give the Prometheus server as http://HOST:PORT"),
            )
        })?;
        let (authority, prefix) = rest.split_once('/').map_or((rest, ""), |(a, p)| (a, p));
        let port_ok = authority
            .rsplit_once(':')
            .is_some_and(|(h, p)| !h.is_empty() && p.parse::<u16>().is_ok());
        if !port_ok {
            return Err(err(
                "url",
                format!("{url:?} has no host and port; give the Prometheus server as http://HOST:PORT"),
            ));
        }
        let shape = RatioShape::of(good.is_some(), bad.is_some(), total.is_some())
            .map_err(|m| err("", m))
            .map_err(|(f, m)| (f.trim_end_matches('.').to_owned(), m))?;
        for (name, q) in [("goodQuery", good), ("badQuery", bad), ("totalQuery", total)] {
            if let Some(q) = q {
                if !q.contains(WINDOW) {
                    return Err(err(
                        name,
                        format!("the query must count events over {WINDOW}, e.g. sum(increase(http_requests_total[{WINDOW}]))"),
                    ));
                }
            }
        }
        Ok(PromSource {
            authority: authority.to_owned(),
            prefix: prefix.trim_end_matches('/').to_owned(),
            shape,
            good: good.map(str::to_owned),
            bad: bad.map(str::to_owned),
            total: total.map(str::to_owned),
        })
    }

    /// The SLI's counts over `range` (unix seconds), as the server sees them at its end.
    pub fn measure(&self, range: Range, timeout: Duration) -> Result<Measured, String> {
        let secs = range.end - range.start;
        if secs <= 0 {
            return Ok(Measured::default());
        }
        let mut sums: BTreeMap<String, [u64; 3]> = BTreeMap::new();
        for (i, q) in [&self.good, &self.bad, &self.total].into_iter().enumerate() {
            let Some(q) = q else { continue };
            let query = q.replace(WINDOW, &format!("{secs}s"));
            for (revision, n) in self.query(&query, range.end, timeout)? {
                sums.entry(revision).or_default()[i] += n;
            }
        }
        let mut counts = Counts::default();
        let mut by_revision = BTreeMap::new();
        let [mut g, mut b, mut t] = [0u64; 3];
        for (revision, [rg, rb, rt]) in sums {
            g += rg;
            b += rb;
            t += rt;
            if !revision.is_empty() {
                by_revision.insert(revision, self.shape.counts(rg, rb, rt));
            }
        }
        if g + b + t > 0 {
            counts = self.shape.counts(g, b, t);
        }
        Ok(Measured {
            counts,
            by_revision,
        })
    }

    /// (revision label or "", value rounded to events) per result series.
    fn query(&self, query: &str, at: i64, timeout: Duration) -> Result<Vec<(String, u64)>, String> {
        let path = format!(
            "{}/api/v1/query?query={}&time={at}",
            if self.prefix.is_empty() { String::new() } else { format!("/{}", self.prefix) },
            encode(query)
        );
        let body = get(&self.authority, &path, timeout)
            .map_err(|e| format!("the Prometheus server {} did not answer ({e}); check that it runs", self.authority))?;
        parse_result(&body).map_err(|e| format!("Prometheus at {} answered {query:?} with {e}", self.authority))
    }
}

fn get(authority: &str, path: &str, timeout: Duration) -> std::io::Result<String> {
    use std::net::ToSocketAddrs;
    let addr = authority
        .to_socket_addrs()?
        .next()
        .ok_or_else(|| std::io::Error::other("no address"))?;
    let mut stream = std::net::TcpStream::connect_timeout(&addr, timeout)?;
    stream.set_read_timeout(Some(timeout))?;
    stream.set_write_timeout(Some(timeout))?;
    write!(stream, "GET {path} HTTP/1.0\r\nHost: {authority}\r\nAccept: application/json\r\n\r\n")?;
    let mut reply = String::new();
    stream.read_to_string(&mut reply)?;
    let (head, body) = reply
        .split_once("\r\n\r\n")
        .ok_or_else(|| std::io::Error::other("a reply without a body"))?;
    let status = head.split_whitespace().nth(1).unwrap_or("");
    if status != "200" {
        return Err(std::io::Error::other(format!("HTTP {status}: {}", body.trim())));
    }
    Ok(body.to_owned())
}

/// The series of an instant query's JSON reply.
pub fn parse_result(body: &str) -> Result<Vec<(String, u64)>, String> {
    let v: serde_json::Value =
        serde_json::from_str(body).map_err(|e| format!("a reply that is not JSON ({e})"))?;
    if v["status"] != "success" {
        return Err(format!("an error: {}", v["error"]));
    }
    let number = |x: &serde_json::Value| -> Result<u64, String> {
        let f: f64 = x[1].as_str().unwrap_or("").parse().map_err(|_| format!("a value that is not a number: {x}"))?;
        Ok(if f.is_finite() && f > 0.0 { f.round() as u64 } else { 0 })
    };
    match v["data"]["resultType"].as_str() {
        Some("vector") => v["data"]["result"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|s| Ok((s["metric"]["revision"].as_str().unwrap_or("").to_owned(), number(&s["value"])?)))
            .collect(),
        Some("scalar") => Ok(vec![(String::new(), number(&v["data"]["result"])?)]),
        other => Err(format!("a {other:?} result; the query must give an instant vector or a scalar")),
    }
}

fn encode(text: &str) -> String {
    let mut out = String::new();
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sources_are_checked_with_field_paths() {
        let q = "sum(increase(x_total[{{.window}}]))";
        let check = |url: &str, good: Option<&str>, bad: Option<&str>, total: Option<&str>, want: Result<(&str, &str), (&str, &str)>| {
            let got = PromSource::new(url, good, bad, total, "serviceLevelIndicator.prometheus");
            match (got, want) {
                (Ok(s), Ok((authority, prefix))) => assert_eq!((s.authority.as_str(), s.prefix.as_str()), (authority, prefix)),
                (Err((f, m)), Err((wf, wm))) => assert!(f == wf && m.contains(wm), "{f}: {m}"),
                (got, want) => panic!("{url}: got {got:?}, want {want:?}"),
            }
        };
        check("http://127.0.0.1:9090", Some(q), None, Some(q), Ok(("127.0.0.1:9090", "")));
        check("http://prom.example:9090/prom/", None, Some(q), Some(q), Ok(("prom.example:9090", "prom")));
        check("https://p:9090", Some(q), None, Some(q), Err(("serviceLevelIndicator.prometheus.url", "is not an http:// URL")));
        check("http://p", Some(q), None, Some(q), Err(("serviceLevelIndicator.prometheus.url", "has no host and port")));
        check("http://p:1", Some(q), None, Some("sum(x_total)"), Err(("serviceLevelIndicator.prometheus.totalQuery", "must count events over {{.window}}")));
        check("http://p:1", Some(q), None, None, Err(("serviceLevelIndicator.prometheus", "")));
    }

    #[test]
    fn replies_become_counts() {
        let vector = r#"{"status":"success","data":{"resultType":"vector","result":[
            {"metric":{"revision":"a"},"value":[1,"10.4"]},{"metric":{},"value":[1,"NaN"]},{"metric":{"revision":"b"},"value":[1,"2"]}]}}"#;
        assert_eq!(parse_result(vector).unwrap(), vec![("a".into(), 10), ("".into(), 0), ("b".into(), 2)]);
        assert_eq!(parse_result(r#"{"status":"success","data":{"resultType":"scalar","result":[1,"7"]}}"#).unwrap(), vec![("".into(), 7)]);
        assert!(parse_result(r#"{"status":"error","error":"parse error"}"#).unwrap_err().contains("parse error"));
        assert!(parse_result(r#"{"status":"success","data":{"resultType":"matrix","result":[]}}"#).unwrap_err().contains("instant vector"));
        assert_eq!(encode("a{b=\"c\"}[5s]"), "a%7Bb%3D%22c%22%7D%5B5s%5D");
    }
}
