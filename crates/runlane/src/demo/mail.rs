//! The demo's mailbox: a minimal SMTP receiver on loopback that keeps every message as a
//! `.eml` file, so `runlane demo` shows the alert email really arriving without the
//! operator installing a mail server. The conversation is a pure state machine
//! (`Session::line`), tested below; `serve` only moves bytes.

use std::path::{Path, PathBuf};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;
use tokio::sync::mpsc;

/// A message the mailbox received and wrote to disk.
#[derive(Debug)]
pub struct Received {
    pub path: PathBuf,
    pub text: String,
}

/// Accepts SMTP connections until the listener fails; each message goes to `dir` and to `tx`.
pub async fn serve(listener: TcpListener, dir: PathBuf, tx: mpsc::UnboundedSender<Received>) {
    let mut count = 0u32;
    let (msg_tx, mut msg_rx) = mpsc::unbounded_channel::<String>();
    let accept = async {
        while let Ok((stream, _)) = listener.accept().await {
            let msg_tx = msg_tx.clone();
            tokio::spawn(async move {
                let (read, mut write) = stream.into_split();
                let mut lines = BufReader::new(read).lines();
                let mut session = Session::default();
                if write.write_all(b"220 runlane-demo mailbox\r\n").await.is_err() {
                    return;
                }
                while let Ok(Some(line)) = lines.next_line().await {
                    let step = session.line(&line);
                    if let Some(message) = step.message {
                        let _ = msg_tx.send(message);
                    }
                    if let Some(reply) = step.reply {
                        if write.write_all(reply.as_bytes()).await.is_err() {
                            return;
                        }
                    }
                    if step.close {
                        return;
                    }
                }
            });
        }
    };
    let store = async {
        while let Some(text) = msg_rx.recv().await {
            count += 1;
            let path = dir.join(format!("{count:04}.eml"));
            if let Err(e) = std::fs::write(&path, &text) {
                tracing::warn!(error = %e, path = %path.display(), "the demo mailbox cannot save a message");
            }
            let _ = tx.send(Received { path, text });
        }
    };
    tokio::join!(accept, store);
}

/// What one client line leads to.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Step {
    pub reply: Option<String>,
    /// A complete message (after DATA's final dot).
    pub message: Option<String>,
    pub close: bool,
}

/// One SMTP conversation: commands, or the lines of a message after DATA.
#[derive(Debug, Default)]
pub struct Session {
    in_data: bool,
    data: String,
}

impl Session {
    pub fn line(&mut self, line: &str) -> Step {
        let line = line.trim_end_matches('\r');
        if self.in_data {
            if line == "." {
                self.in_data = false;
                return Step { reply: Some("250 OK: message kept\r\n".into()), message: Some(std::mem::take(&mut self.data)), close: false };
            }
            // Transparency (RFC 5321 4.5.2): a leading dot was doubled by the client.
            self.data.push_str(line.strip_prefix('.').unwrap_or(line));
            self.data.push('\n');
            return Step::default();
        }
        let verb = line.split_whitespace().next().unwrap_or("").to_ascii_uppercase();
        let reply = |text: &str| Step { reply: Some(format!("{text}\r\n")), message: None, close: false };
        match verb.as_str() {
            "EHLO" => reply("250-runlane-demo\r\n250-8BITMIME\r\n250 SMTPUTF8"),
            "HELO" => reply("250 runlane-demo"),
            "MAIL" | "RCPT" | "RSET" | "NOOP" => {
                if verb == "RSET" {
                    self.data.clear();
                }
                reply("250 OK")
            }
            "DATA" => {
                self.in_data = true;
                self.data.clear();
                reply("354 End data with <CR><LF>.<CR><LF>")
            }
            "QUIT" => Step { reply: Some("221 Bye\r\n".into()), message: None, close: true },
            _ => reply("502 Command not implemented"),
        }
    }
}

/// The readable parts of a message: (header value, decoded body).
pub fn header(text: &str, name: &str) -> String {
    let mut lines = text.lines().skip_while(|l| !l.to_ascii_lowercase().starts_with(&format!("{}:", name.to_ascii_lowercase())));
    let Some(first) = lines.next() else { return String::new() };
    let mut value = first[name.len() + 1..].trim().to_owned();
    for l in lines.take_while(|l| l.starts_with(' ') || l.starts_with('\t')) {
        value.push(' ');
        value.push_str(l.trim());
    }
    decode_words(&value)
}

/// The body, decoded from quoted-printable or base64 as its header says.
pub fn body(text: &str) -> String {
    let (head, body) = text.split_once("\n\n").unwrap_or((text, ""));
    let encoding = header(head, "Content-Transfer-Encoding").to_ascii_lowercase();
    match encoding.as_str() {
        "quoted-printable" => quoted_printable(body),
        "base64" => {
            use base64::Engine;
            let joined: String = body.split_whitespace().collect();
            base64::engine::general_purpose::STANDARD.decode(joined).map(|b| String::from_utf8_lossy(&b).into_owned()).unwrap_or_else(|_| body.to_owned())
        }
        _ => body.to_owned(),
    }
}

/// RFC 2047 encoded words (`=?utf-8?b?…?=`, `=?utf-8?q?…?=`) as text.
fn decode_words(value: &str) -> String {
    use base64::Engine;
    let mut out = String::new();
    let mut last_was_word = false;
    for token in value.split(' ') {
        let decoded = token.strip_prefix("=?").and_then(|t| t.strip_suffix("?=")).and_then(|t| {
            let mut parts = t.splitn(3, '?');
            let (_charset, kind, text) = (parts.next()?, parts.next()?, parts.next()?);
            match kind {
                "b" | "B" => base64::engine::general_purpose::STANDARD.decode(text).ok().map(|b| String::from_utf8_lossy(&b).into_owned()),
                "q" | "Q" => Some(quoted_printable(&text.replace('_', " "))),
                _ => None,
            }
        });
        match decoded {
            Some(d) => {
                // Whitespace between adjacent encoded words is not part of the text.
                if !out.is_empty() && !last_was_word {
                    out.push(' ');
                }
                out.push_str(&d);
                last_was_word = true;
            }
            None => {
                if !out.is_empty() {
                    out.push(' ');
                }
                out.push_str(token);
                last_was_word = false;
            }
        }
    }
    out
}

fn quoted_printable(text: &str) -> String {
    let bytes = quoted_printable::decode(text, quoted_printable::ParseMode::Robust).unwrap_or_else(|_| text.as_bytes().to_vec());
    // The decoder ends lines with CRLF, as on the wire; people read them with LF.
    String::from_utf8_lossy(&bytes).replace("\r\n", "\n")
}

/// Where the demo keeps its mail.
pub fn dir(data_dir: &Path) -> PathBuf {
    data_dir.join("mail")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn converse(lines: &[&str]) -> (Vec<String>, Vec<String>, bool) {
        let mut s = Session::default();
        let (mut replies, mut messages, mut closed) = (Vec::new(), Vec::new(), false);
        for l in lines {
            let step = s.line(l);
            replies.extend(step.reply);
            messages.extend(step.message);
            closed |= step.close;
        }
        (replies, messages, closed)
    }

    #[test]
    fn a_whole_conversation_keeps_one_message() {
        let (replies, messages, closed) = converse(&["EHLO client", "MAIL FROM:<a@x>", "RCPT TO:<b@y>", "DATA", "Subject: hi", "", "..leading dot", "body", ".", "QUIT"]);
        assert_eq!(messages, ["Subject: hi\n\n.leading dot\nbody\n"]);
        assert!(replies[0].starts_with("250-runlane-demo"));
        assert_eq!(replies[3], "354 End data with <CR><LF>.<CR><LF>\r\n");
        assert_eq!(replies[4], "250 OK: message kept\r\n");
        assert!(closed);
    }

    #[test]
    fn unknown_commands_are_refused_and_nothing_is_kept() {
        let (replies, messages, closed) = converse(&["HELO c", "VRFY x", "RSET"]);
        assert_eq!(replies, ["250 runlane-demo\r\n", "502 Command not implemented\r\n", "250 OK\r\n"]);
        assert!(messages.is_empty() && !closed);
    }

    #[test]
    fn headers_and_bodies_are_decoded() {
        let text = "Subject: =?utf-8?b?W3J1bmxhbmVdIE9QRU4=?=\n =?utf-8?b?OiDDlw==?= (incident 1)\nContent-Transfer-Encoding: quoted-printable\n\nBurn rate: 12.0=C3=97 at open=\n, peak\n";
        assert_eq!(header(text, "subject"), "[runlane] OPEN: × (incident 1)");
        assert_eq!(body(text), "Burn rate: 12.0× at open, peak\n");
        assert_eq!(header("To: a@b\n", "To"), "a@b");
        assert_eq!(header("To: a@b\n", "From"), "");
        assert_eq!(body("Content-Transfer-Encoding: base64\n\naGVsbG8=\n"), "hello");
        assert_eq!(body("Subject: x\n\nplain"), "plain");
    }
}
