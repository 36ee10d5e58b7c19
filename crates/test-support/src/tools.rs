//! Unmodified third-party clients for end-to-end tests: `gcloud` (google-cloud-cli) in
//! its own configuration directory, pointed at one runlane by `runlane gcloud-config`,
//! and `hey`. A test that needs one of them fails, saying what to install, when it is missing.

use crate::Runlane;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

/// What a tool printed.
pub struct Out {
    pub ok: bool,
    pub stdout: String,
    pub stderr: String,
}

impl Out {
    /// stdout then stderr (gcloud prints results and progress on stderr).
    pub fn all(&self) -> String {
        format!("{}{}", self.stdout, self.stderr)
    }
}

/// A program found on PATH (or in the environment variable `env`), or a panic naming the package.
pub fn require(program: &str, env: &str, install: &str) -> PathBuf {
    std::env::var_os(env)
        .map(PathBuf::from)
        .or_else(|| std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default()).map(|d| d.join(program)).find(|p| p.is_file()))
        .unwrap_or_else(|| panic!("{program} is not installed and this test drives it; install {install} (or set {env})"))
}

/// gcloud with a private configuration directory, set up for one runlane.
pub struct Gcloud {
    binary: PathBuf,
    config: tempfile::TempDir,
    /// XDG_DATA_HOME for `runlane gcloud-config` (where it writes gcloud's token file).
    data: tempfile::TempDir,
}

impl Gcloud {
    /// gcloud with an empty configuration; `configure*` points it at a runlane.
    pub fn new() -> Gcloud {
        Gcloud {
            binary: require("gcloud", "RUNLANE_GCLOUD", "google-cloud-cli (https://cloud.google.com/sdk/docs/install#deb)"),
            config: tempfile::tempdir().expect("a temp dir for gcloud's configuration"),
            data: tempfile::tempdir().expect("a temp dir for gcloud's token file"),
        }
    }

    /// gcloud configured for `r` (see [`Gcloud::configure`]).
    pub fn for_runlane(r: &Runlane) -> Gcloud {
        let g = Gcloud::new();
        g.configure(r);
        g
    }

    /// The `gcloud config set KEY VALUE` lines `runlane gcloud-config` prints, as pairs;
    /// `runlane_env` is what the runlane CLI needs to reach the API (RUNLANE_API, token, CA).
    pub fn config_lines(&self, runlane_bin: &Path, runlane_env: &[(&str, &str)]) -> Vec<(String, String)> {
        let out = Command::new(runlane_bin)
            .arg("gcloud-config")
            .envs(runlane_env.iter().copied())
            .env("XDG_DATA_HOME", self.data.path())
            .env_remove("RUNLANE_NAMESPACE")
            .output()
            .expect("run runlane gcloud-config");
        let text = String::from_utf8_lossy(&out.stdout).into_owned();
        assert!(out.status.success(), "runlane gcloud-config failed: {text}{}", String::from_utf8_lossy(&out.stderr));
        text.lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .map(|l| {
                let rest = l.strip_prefix("gcloud config set ").unwrap_or_else(|| panic!("not a gcloud config line: {l}"));
                let (key, value) = rest.split_once(' ').expect("gcloud config set KEY VALUE");
                (key.to_owned(), value.trim_matches('\'').to_owned())
            })
            .collect()
    }

    /// Applies `runlane gcloud-config` for `r` by writing gcloud's properties file directly
    /// (fast; `configure_with_gcloud` has gcloud check every value).
    pub fn configure(&self, r: &Runlane) {
        let token_file = r.token_file();
        let env = [("RUNLANE_API", r.api.as_str()), ("RUNLANE_TOKEN_FILE", token_file.to_str().expect("a UTF-8 token path"))];
        self.configure_from(&r.bin, &env);
    }

    /// Like `configure`, with the runlane CLI's environment given (e.g. an https API and its CA).
    pub fn configure_from(&self, runlane_bin: &Path, runlane_env: &[(&str, &str)]) {
        let mut sections: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
        for (key, value) in self.config_lines(runlane_bin, runlane_env) {
            let (section, name) = key.split_once('/').unwrap_or(("core", &key));
            sections.entry(section.to_owned()).or_default().insert(name.to_owned(), value);
        }
        let ini: String = sections
            .iter()
            .map(|(s, props)| format!("[{s}]\n{}", props.iter().map(|(k, v)| format!("{k} = {v}\n")).collect::<String>()))
            .collect();
        std::fs::create_dir_all(self.config.path().join("configurations")).expect("gcloud configurations dir");
        std::fs::write(self.config.path().join("configurations/config_default"), ini).expect("write gcloud configuration");
        std::fs::write(self.config.path().join("active_config"), "default").expect("write gcloud active_config");
    }

    /// Applies `runlane gcloud-config` for `r` by running each line through gcloud itself,
    /// which checks every value (slow: one gcloud start per line).
    pub fn configure_with_gcloud(&self, r: &Runlane) {
        let token_file = r.token_file();
        let env = [("RUNLANE_API", r.api.as_str()), ("RUNLANE_TOKEN_FILE", token_file.to_str().expect("a UTF-8 token path"))];
        for (key, value) in self.config_lines(&r.bin, &env) {
            self.ok(&["config", "set", &key, &value]);
        }
    }

    /// The configuration directory (CLOUDSDK_CONFIG); files for `--policy-from-file` can go here too.
    pub fn dir(&self) -> &Path {
        self.config.path()
    }

    pub fn run(&self, args: &[&str]) -> Out {
        let out = self.command(args).output().expect("run gcloud");
        Out { ok: out.status.success(), stdout: strip_ansi(&out.stdout), stderr: strip_ansi(&out.stderr) }
    }

    /// gcloud with `args` and this configuration, not started (for a command that runs
    /// until stopped, such as `gcloud beta logging tail`).
    pub fn command(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new(&self.binary);
        for (k, _) in std::env::vars_os() {
            if k.to_string_lossy().starts_with("CLOUDSDK_") {
                cmd.env_remove(k);
            }
        }
        cmd.args(args)
            // gcloud's HTTP library lets these override core/custom_ca_certs_file.
            .env_remove("REQUESTS_CA_BUNDLE")
            .env_remove("CURL_CA_BUNDLE")
            .env("CLOUDSDK_CONFIG", self.config.path())
            .env("CLOUDSDK_CORE_DISABLE_PROMPTS", "1")
            .env("CLOUDSDK_CORE_DISABLE_COLOR", "true")
            .env("CLOUDSDK_CORE_DISABLE_USAGE_REPORTING", "true")
            .env("CLOUDSDK_COMPONENT_MANAGER_DISABLE_UPDATE_CHECK", "true")
            .env("CLOUDSDK_CORE_SHOW_STRUCTURED_LOGS", "never");
        cmd
    }

    /// Runs gcloud; panics with what it printed when it fails.
    pub fn ok(&self, args: &[&str]) -> Out {
        let out = self.run(args);
        assert!(out.ok, "gcloud {} failed:\n{}", args.join(" "), out.all());
        out
    }

    /// Runs gcloud, which must fail; returns what it printed.
    pub fn fails(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(!out.ok, "gcloud {} should have failed:\n{}", args.join(" "), out.all());
        out.all()
    }

    /// Runs gcloud with `--format json` and parses what it printed.
    pub fn json(&self, args: &[&str]) -> serde_json::Value {
        let mut args = args.to_vec();
        args.extend(["--format", "json"]);
        let out = self.ok(&args);
        serde_json::from_str(&out.stdout).unwrap_or_else(|e| panic!("gcloud {args:?} printed no JSON ({e}):\n{}", out.all()))
    }
}

impl Default for Gcloud {
    fn default() -> Self {
        Gcloud::new()
    }
}

/// The hey binary (Debian package `hey`).
pub fn hey() -> PathBuf {
    require("hey", "RUNLANE_HEY", "hey (apt-get install hey; scripts/test.sh does)")
}

/// hey's `Status code distribution:` lines as (status, responses).
pub fn hey_status_counts(report: &str) -> BTreeMap<u16, u64> {
    report
        .lines()
        .skip_while(|l| !l.starts_with("Status code distribution:"))
        .skip(1)
        .map_while(|l| {
            let l = l.trim();
            let rest = l.strip_prefix('[')?;
            let (code, rest) = rest.split_once(']')?;
            let n = rest.split_whitespace().next()?;
            Some((code.parse().ok()?, n.parse().ok()?))
        })
        .collect()
}

/// gcloud bolds names even when its output is not a terminal.
fn strip_ansi(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes);
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            for c in chars.by_ref() {
                if c.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// A Debian tool a test needs: /usr/bin, /bin, /usr/sbin and /sbin first (instances run
/// as another user when runlane is root, and cannot run a copy under a private home such
/// as a pyenv shim under /root), then PATH; panics naming the package otherwise.
pub fn system_tool(name: &str, package: &str) -> PathBuf {
    ["/usr/bin", "/bin", "/usr/sbin", "/sbin"]
        .into_iter()
        .map(PathBuf::from)
        .chain(std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default()))
        .map(|dir| dir.join(name))
        .find(|p| p.is_file())
        .unwrap_or_else(|| panic!("{name} is not installed; install the Debian package {package} (scripts/test.sh does)"))
}

/// A finished command's stdout and stderr, as text (for assertion messages).
pub fn output_text(out: &std::process::Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr))
}

/// A CA and a server certificate for localhost, run.localhost, us-central1-run.localhost
/// and 127.0.0.1, made with the openssl CLI in `dir`; returns (ca, cert, key).
pub fn make_certificates(dir: &Path) -> (PathBuf, PathBuf, PathBuf) {
    let ca = make_ca(dir);
    let (cert, key) = make_cert(dir, "server", "localhost", "DNS:localhost,DNS:run.localhost,DNS:us-central1-run.localhost,IP:127.0.0.1");
    (ca, cert, key)
}

fn openssl(dir: &Path, args: &[&str]) {
    let openssl = require("openssl", "RUNLANE_OPENSSL", "the Debian package openssl");
    let out = Command::new(&openssl).args(args).current_dir(dir).output().unwrap();
    assert!(out.status.success(), "openssl {args:?} failed: {}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
}

const EC_KEY: [&str; 5] = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"];

/// A test CA in `dir` (ca.pem, ca.key), valid for two days; returns ca.pem's path.
pub fn make_ca(dir: &Path) -> PathBuf {
    openssl(dir, &[&["req", "-x509"][..], &EC_KEY, &["-keyout", "ca.key", "-out", "ca.pem", "-days", "2", "-subj", "/CN=runlane test CA", "-addext", "keyUsage=critical,keyCertSign,cRLSign"]].concat());
    dir.join("ca.pem")
}

/// A server certificate `NAME.pem` with key `NAME.key`, signed by the CA `make_ca` made in
/// `dir`, with common name `cn` and subject alternative names `sans`
/// (`DNS:jokes.localhost,IP:127.0.0.1`); returns (certificate, key).
pub fn make_cert(dir: &Path, name: &str, cn: &str, sans: &str) -> (PathBuf, PathBuf) {
    let (key, csr, ext, pem) = (format!("{name}.key"), format!("{name}.csr"), format!("{name}.ext"), format!("{name}.pem"));
    openssl(dir, &[&["req"][..], &EC_KEY, &["-keyout", &key, "-out", &csr, "-subj", &format!("/CN={cn}")]].concat());
    std::fs::write(
        dir.join(&ext),
        format!("subjectAltName={sans}\nbasicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n"),
    )
    .unwrap();
    openssl(dir, &["x509", "-req", "-in", &csr, "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial", "-out", &pem, "-days", "2", "-extfile", &ext]);
    (dir.join(pem), dir.join(key))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_heys_status_codes() {
        let report = "Summary:\n  Total:\t1.0 secs\n\nStatus code distribution:\n  [200]\t900 responses\n  [500]\t100 responses\n\nError distribution:\n";
        assert_eq!(hey_status_counts(report), BTreeMap::from([(200, 900), (500, 100)]));
        assert!(hey_status_counts("Summary:\n").is_empty());
    }
}
