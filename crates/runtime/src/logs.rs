//! Instance logs: each child's stdout and stderr are read line by line into a
//! bounded channel for whoever collects logs, and into a small ring of recent
//! lines that explains a failed start. A slow collector loses lines (counted)
//! rather than stalling the child on a full pipe.

use std::collections::VecDeque;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

use tokio::io::{AsyncBufReadExt as _, AsyncRead, BufReader};
use tokio::sync::mpsc;

/// Longest line kept; the rest of a longer line is dropped.
pub const MAX_LINE_BYTES: usize = 16 * 1024;
/// How many recent lines a `StartFailure` carries.
pub const RECENT_LINES: usize = 20;
const TRUNCATED: &str = " [truncated]";

/// One line an instance wrote.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LogLine {
    pub service: String,
    pub revision: String,
    pub instance: String,
    pub stream: Stream,
    pub line: String,
    pub time: SystemTime,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Stream {
    Stdout,
    Stderr,
}

/// Where instance log lines go. Sending never waits: when the channel is
/// full (or its receiver is gone) the line is dropped and counted.
#[derive(Clone, Debug)]
pub struct LogSink {
    tx: Option<mpsc::Sender<LogLine>>,
    dropped: Arc<AtomicU64>,
}

// === impl LogSink ===

impl LogSink {
    /// A sink buffering up to `capacity` lines (at least 1) for the receiver.
    pub fn new(capacity: usize) -> (LogSink, mpsc::Receiver<LogLine>) {
        let (tx, rx) = mpsc::channel(capacity.max(1));
        let sink = LogSink {
            tx: Some(tx),
            dropped: Arc::default(),
        };
        (sink, rx)
    }

    /// A sink that throws every line away (not counted as dropped).
    pub fn discard() -> LogSink {
        LogSink {
            tx: None,
            dropped: Arc::default(),
        }
    }

    /// Lines lost because the receiver was full or gone.
    pub fn dropped(&self) -> u64 {
        self.dropped.load(Ordering::Relaxed)
    }

    pub(crate) fn send(&self, line: LogLine) {
        if let Some(tx) = &self.tx {
            if tx.try_send(line).is_err() {
                self.dropped.fetch_add(1, Ordering::Relaxed);
            }
        }
    }
}

/// The last [`RECENT_LINES`] lines of one process, both streams interleaved.
#[derive(Clone, Debug, Default)]
pub(crate) struct RecentLines(Arc<Mutex<VecDeque<String>>>);

impl RecentLines {
    fn push(&self, line: &str) {
        let mut lines = self.0.lock().unwrap_or_else(|e| e.into_inner());
        if lines.len() == RECENT_LINES {
            lines.pop_front();
        }
        lines.push_back(line.to_owned());
    }

    pub(crate) fn snapshot(&self) -> Vec<String> {
        let lines = self.0.lock().unwrap_or_else(|e| e.into_inner());
        lines.iter().cloned().collect()
    }
}

/// Who wrote the lines being read.
#[derive(Clone, Debug)]
pub(crate) struct Labels {
    pub service: String,
    pub revision: String,
    pub instance: String,
}

/// Reads `reader` to its end, sending each line to `sink` and `recent`.
pub(crate) async fn pump(
    reader: impl AsyncRead + Unpin,
    stream: Stream,
    labels: Labels,
    sink: LogSink,
    recent: RecentLines,
) {
    let emit = |bytes: &[u8], truncated: bool| {
        let bytes = bytes.strip_suffix(b"\r").unwrap_or(bytes);
        let mut line = String::from_utf8_lossy(bytes).into_owned();
        if truncated {
            line.push_str(TRUNCATED);
        }
        recent.push(&line);
        sink.send(LogLine {
            service: labels.service.clone(),
            revision: labels.revision.clone(),
            instance: labels.instance.clone(),
            stream,
            line,
            time: SystemTime::now(),
        });
    };
    let mut reader = BufReader::with_capacity(8 * 1024, reader);
    let mut line = Vec::new();
    let mut truncated = false;
    loop {
        let buf = match reader.fill_buf().await {
            Ok([]) | Err(_) => break,
            Ok(buf) => buf,
        };
        let (chunk, newline) = match buf.iter().position(|&b| b == b'\n') {
            Some(i) => (&buf[..i], true),
            None => (buf, false),
        };
        let room = MAX_LINE_BYTES - line.len();
        if chunk.len() > room {
            truncated = true;
        }
        line.extend_from_slice(&chunk[..chunk.len().min(room)]);
        let used = chunk.len() + usize::from(newline);
        reader.consume(used);
        if newline {
            emit(&line, truncated);
            line.clear();
            truncated = false;
        }
    }
    if !line.is_empty() || truncated {
        emit(&line, truncated);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn lines_of(input: &[u8]) -> Vec<String> {
        let (sink, mut rx) = LogSink::new(1000);
        let labels = Labels {
            service: "s".into(),
            revision: "r".into(),
            instance: "i".into(),
        };
        pump(input, Stream::Stderr, labels, sink, RecentLines::default()).await;
        let mut out = Vec::new();
        while let Ok(line) = rx.try_recv() {
            assert_eq!(line.stream, Stream::Stderr);
            assert_eq!(
                (&*line.service, &*line.revision, &*line.instance),
                ("s", "r", "i")
            );
            out.push(line.line);
        }
        out
    }

    #[tokio::test]
    async fn splits_lines() {
        assert_eq!(lines_of(b"a\nb\r\n\nlast").await, ["a", "b", "", "last"]);
        assert_eq!(lines_of(b"").await, Vec::<String>::new());
        assert_eq!(lines_of(b"bad \xff utf8\n").await, ["bad \u{fffd} utf8"]);
    }

    #[tokio::test]
    async fn truncates_long_lines() {
        let mut input = vec![b'x'; MAX_LINE_BYTES * 3];
        input.extend_from_slice(b"\nnext\n");
        let lines = lines_of(&input).await;
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0], "x".repeat(MAX_LINE_BYTES) + TRUNCATED);
        assert_eq!(lines[1], "next");
    }

    #[tokio::test]
    async fn a_full_sink_drops_and_counts() {
        let (sink, mut rx) = LogSink::new(2);
        let recent = RecentLines::default();
        let labels = Labels {
            service: "s".into(),
            revision: "r".into(),
            instance: "i".into(),
        };
        let input: Vec<u8> = (0..30)
            .flat_map(|i| format!("{i}\n").into_bytes())
            .collect();
        pump(
            &input[..],
            Stream::Stdout,
            labels,
            sink.clone(),
            recent.clone(),
        )
        .await;
        assert_eq!(sink.dropped(), 28);
        assert_eq!(rx.try_recv().unwrap().line, "0");
        let expected: Vec<String> = (10..30).map(|i| i.to_string()).collect();
        assert_eq!(recent.snapshot(), expected);
        assert_eq!(LogSink::discard().dropped(), 0);
    }
}
