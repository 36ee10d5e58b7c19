//! Prometheus as an SLO's data source: the SLI's good/bad/total PromQL queries, with
//! `{{.window}}` replaced by the window's length in seconds, evaluated by the server's
//! instant-query API (`GET /api/v1/query?query=…&time=END`) at the window's end. Series
//! that carry a `revision` label give the per-revision breakdown.
//!
//! Blocking (the evaluator and the status call run on the blocking pool, never under the
//! state lock): each query is one hyper request with a total deadline and a size cap, so
//! a server that dribbles its reply costs at most the deadline.

use crate::counts::{FieldError, Measured};
use runlane_slo::budget::Counts;
use runlane_slo::sli::RatioShape;
use runlane_telemetry::Range;
use std::collections::BTreeMap;
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
            requests: None,
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

/// The largest reply read: a query that names too many series is refused, not buffered.
pub const MAX_REPLY_BYTES: usize = 4 << 20;

/// One GET with a total deadline (connect, head and body together) and a size cap, by
/// hyper's client, as everything else runlane sends over HTTP. Callers are blocking (the
/// evaluator's thread, the status call, a rollout hook) and may sit on a runtime's thread,
/// where blocking on the runtime panics: the request runs on its own single-threaded
/// runtime on a scoped thread.
fn get(authority: &str, path: &str, deadline: Duration) -> Result<String, String> {
    std::thread::scope(|scope| {
        scope
            .spawn(|| {
                let runtime = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .map_err(|e| format!("no runtime for the query: {e}"))?;
                runtime.block_on(async {
                    tokio::time::timeout(deadline, fetch(authority, path))
                        .await
                        .map_err(|_| format!("no whole reply within {deadline:?}"))?
                })
            })
            .join()
            .unwrap_or_else(|_| Err("the query panicked".into()))
    })
}

async fn fetch(authority: &str, path: &str) -> Result<String, String> {
    use http_body_util::{BodyExt, Empty, Limited};
    use hyper_util::client::legacy::Client;
    use hyper_util::rt::TokioExecutor;
    let client = Client::builder(TokioExecutor::new())
        .build_http::<Empty<bytes::Bytes>>();
    let uri: http::Uri = format!("http://{authority}{path}")
        .parse()
        .map_err(|e| format!("not a URL ({e})"))?;
    let request = http::Request::get(uri)
        .header(http::header::ACCEPT, "application/json")
        .body(Empty::new())
        .map_err(|e| e.to_string())?;
    let response = client.request(request).await.map_err(|e| e.to_string())?;
    let status = response.status();
    let body = Limited::new(response.into_body(), MAX_REPLY_BYTES)
        .collect()
        .await
        .map_err(|e| {
            if e.is::<http_body_util::LengthLimitError>() {
                format!("a reply larger than {} MiB", MAX_REPLY_BYTES >> 20)
            } else {
                e.to_string()
            }
        })?
        .to_bytes();
    let body = String::from_utf8_lossy(&body).into_owned();
    if status != http::StatusCode::OK {
        return Err(format!("HTTP {}: {}", status.as_u16(), body.trim()));
    }
    Ok(body)
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

    /// A Prometheus stand-in on loopback that answers every connection with `reply`.
    fn serve(reply: fn(&mut std::net::TcpStream)) -> String {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        std::thread::spawn(move || {
            for conn in listener.incoming() {
                let Ok(mut conn) = conn else { return };
                std::thread::spawn(move || {
                    let mut head = [0u8; 4096];
                    let _ = std::io::Read::read(&mut conn, &mut head);
                    reply(&mut conn);
                });
            }
        });
        format!("http://{addr}")
    }

    fn source(url: &str) -> PromSource {
        let q = "sum(increase(x_total[{{.window}}]))";
        PromSource::new(url, Some(q), None, Some(q), "prometheus").unwrap()
    }

    /// A server that dribbles its reply (a byte every 100 ms, each read
    /// well inside a per-read timeout) must cost the deadline, not its whole reply.
    #[test]
    fn a_dribbling_server_costs_the_deadline() {
        let url = serve(|conn| {
            use std::io::Write;
            let _ = conn.write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 200\r\n\r\n");
            for _ in 0..200 {
                // Pacing the dribble, not synchronisation: the client must give up first.
                std::thread::sleep(Duration::from_millis(100));
                if conn.write_all(b" ").is_err() {
                    return;
                }
            }
        });
        let started = tokio::time::Instant::now();
        let err = source(&url)
            .measure(Range::new(0, 60), Duration::from_millis(800))
            .unwrap_err();
        let took = started.elapsed();
        assert!(err.contains("no whole reply within"), "{err}");
        assert!(took < Duration::from_secs(3), "took {took:?}: {err}");
    }

    #[test]
    fn a_reply_past_the_size_cap_is_refused() {
        let url = serve(|conn| {
            use std::io::Write;
            let _ = conn.write_all(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n");
            let chunk = format!("{:x}\r\n{}\r\n", 65536, " ".repeat(65536));
            while conn.write_all(chunk.as_bytes()).is_ok() {}
        });
        let err = source(&url)
            .measure(Range::new(0, 60), Duration::from_secs(20))
            .unwrap_err();
        assert!(err.contains("larger than 4 MiB"), "{err}");
    }
}
