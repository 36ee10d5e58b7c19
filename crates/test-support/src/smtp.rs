//! A real SMTP server for end-to-end tests: Debian's `python3-aiosmtpd`, keeping every
//! message it receives as a file in a Maildir, so a test reads exactly what a mail
//! client would. A machine without aiosmtpd fails the test that needs it, loudly.

use crate::eventually;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, UNIX_EPOCH};

/// One received message.
#[derive(Clone, Debug)]
pub struct Mail {
    /// When the server wrote it (unix seconds).
    pub received: f64,
    /// The whole message, quoted-printable decoded.
    pub text: String,
}

impl Mail {
    /// The Subject header, unfolded.
    pub fn subject(&self) -> String {
        let mut lines = self.text.lines().skip_while(|l| !l.starts_with("Subject:"));
        let mut s = lines.next().unwrap_or("").trim_start_matches("Subject:").trim().to_owned();
        for l in lines.take_while(|l| l.starts_with(' ') || l.starts_with('\t')) {
            s.push(' ');
            s.push_str(l.trim());
        }
        s
    }
}

/// An aiosmtpd child listening on a free loopback port.
pub struct SmtpServer {
    child: Child,
    pub port: u16,
    dir: tempfile::TempDir,
}

impl SmtpServer {
    /// Starts aiosmtpd with its Maildir handler; panics, saying what to install, when it is missing.
    pub async fn start() -> SmtpServer {
        SmtpServer::start_with_data_delay(None).await
    }

    /// Like [`SmtpServer::start`], but the server answers the end of each message only
    /// `delay` after it has stored it, as a mail server busy with its checks would: a
    /// client that gives up early and sends again makes a second copy.
    pub async fn start_slow(delay: Duration) -> SmtpServer {
        SmtpServer::start_with_data_delay(Some(delay)).await
    }

    async fn start_with_data_delay(delay: Option<Duration>) -> SmtpServer {
        let python = aiosmtpd_python();
        let dir = tempfile::tempdir().expect("a temp dir for the Maildir");
        for sub in ["tmp", "new", "cur"] {
            std::fs::create_dir_all(dir.path().join(sub)).expect("Maildir folders");
        }
        let port = std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).expect("a free port").port();
        let mut command = Command::new(python);
        command.args(["-m", "aiosmtpd", "-n", "-l", &format!("127.0.0.1:{port}"), "-c"]);
        match delay {
            None => command.arg("aiosmtpd.handlers.Mailbox").arg(dir.path()),
            Some(delay) => {
                let module = dir.path().join("handler");
                std::fs::create_dir_all(&module).expect("a folder for the handler");
                std::fs::write(module.join("slow_mailbox.py"), SLOW_MAILBOX).expect("the handler module");
                command
                    .env("PYTHONPATH", &module)
                    .arg("slow_mailbox.SlowMailbox")
                    .arg(dir.path())
                    .arg(delay.as_secs_f64().to_string())
            }
        };
        let child = command
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start aiosmtpd");
        eventually(Duration::from_secs(20), "the SMTP server to listen", || async move {
            tokio::net::TcpStream::connect(("127.0.0.1", port)).await.ok().map(|_| ())
        })
        .await;
        SmtpServer { child, port, dir }
    }

    /// `smtp://127.0.0.1:PORT`, for `runlane up --smtp-url`.
    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    /// Messages received so far, oldest first.
    pub fn messages(&self) -> Vec<Mail> {
        let mut out: Vec<Mail> = std::fs::read_dir(self.dir.path().join("new"))
            .expect("the Maildir")
            .filter_map(|e| {
                let path = e.ok()?.path();
                let modified = std::fs::metadata(&path).ok()?.modified().ok()?;
                let received = modified.duration_since(UNIX_EPOCH).ok()?.as_secs_f64();
                Some(Mail { received, text: decode_quoted_printable(&std::fs::read_to_string(&path).ok()?) })
            })
            .collect();
        out.sort_by(|a, b| a.received.total_cmp(&b.received));
        out
    }
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// aiosmtpd's Maildir handler, answering 250 only `delay` seconds after the message is stored.
const SLOW_MAILBOX: &str = r#"
import asyncio
from aiosmtpd.handlers import Mailbox

class SlowMailbox(Mailbox):
    def __init__(self, mail_dir, delay):
        super().__init__(mail_dir)
        self.delay = float(delay)

    async def handle_DATA(self, server, session, envelope):
        reply = await super().handle_DATA(server, session, envelope)
        await asyncio.sleep(self.delay)
        return reply

    @classmethod
    def from_cli(cls, parser, *args):
        return cls(args[0], args[1])
"#;

/// A python3 that imports aiosmtpd (Debian's lives in /usr/bin, which a pyenv shim may hide).
fn aiosmtpd_python() -> PathBuf {
    ["/usr/bin/python3", "python3"]
        .into_iter()
        .map(PathBuf::from)
        .find(|p| imports_aiosmtpd(p))
        .expect("python3-aiosmtpd is not installed; this test needs a real SMTP server: apt-get install python3-aiosmtpd (scripts/test.sh does)")
}

fn imports_aiosmtpd(python: &Path) -> bool {
    Command::new(python)
        .args(["-c", "import aiosmtpd"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// Undoes quoted-printable soft line breaks and escapes (enough to read a body).
pub fn decode_quoted_printable(text: &str) -> String {
    let bytes = quoted_printable::decode(text, quoted_printable::ParseMode::Robust).unwrap_or_else(|_| text.as_bytes().to_vec());
    // The decoder ends lines with CRLF, as on the wire; people read them with LF.
    String::from_utf8_lossy(&bytes).replace("\r\n", "\n")
}
