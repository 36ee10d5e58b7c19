//! The `runc` command line, under runlane's own `--root`: run detached with
//! the container's stdio passed through, signal, delete, list.

use std::path::{Path, PathBuf};
use std::process::Stdio;

use tokio::process::{Child, Command};

/// One runc binary and its state directory.
#[derive(Clone, Debug)]
pub(crate) struct Runc {
    pub binary: PathBuf,
    pub root: PathBuf,
}

// === impl Runc ===

impl Runc {
    fn command(&self) -> Command {
        let mut command = Command::new(&self.binary);
        command.arg("--root").arg(&self.root);
        command.stdin(Stdio::null()).kill_on_drop(true);
        command
    }

    /// `runc run -d`: returns runc itself, whose stdout and stderr are the
    /// container's (pass-through); it exits once the container runs, leaving
    /// the container's init to runlane, its subreaper.
    pub(crate) fn run(&self, bundle: &Path, pid_file: &Path, id: &str) -> std::io::Result<Child> {
        let mut command = self.command();
        command
            .args(["run", "-d", "--bundle"])
            .arg(bundle)
            .arg("--pid-file")
            .arg(pid_file)
            .arg(id)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        command.spawn()
    }

    /// `runc kill ID SIGNAL`; an error means the container is gone (or never ran).
    pub(crate) async fn kill(&self, id: &str, signal: &str) -> Result<(), String> {
        self.quiet(&["kill", id, signal]).await
    }

    /// `runc delete --force ID`.
    pub(crate) async fn delete(&self, id: &str) -> Result<(), String> {
        self.quiet(&["delete", "--force", id]).await
    }

    async fn quiet(&self, args: &[&str]) -> Result<(), String> {
        let output = self
            .command()
            .args(args)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .output()
            .await
            .map_err(|e| format!("could not run {} ({e})", self.binary.display()))?;
        if output.status.success() {
            Ok(())
        } else {
            Err(format!(
                "`runc {}` failed: {}",
                args.join(" "),
                String::from_utf8_lossy(&output.stderr).trim()
            ))
        }
    }
}

/// `runc list --format json` output (`null` when empty) as (id, pid).
pub(crate) fn parse_list(json: &str) -> Vec<(String, i32)> {
    let Ok(serde_json::Value::Array(items)) = serde_json::from_str(json.trim()) else {
        return Vec::new();
    };
    items
        .iter()
        .filter_map(|item| {
            let id = item.get("id")?.as_str()?.to_owned();
            let pid = item
                .get("pid")
                .and_then(|p| p.as_i64())
                .and_then(|p| i32::try_from(p).ok())
                .unwrap_or(0);
            Some((id, pid))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_runc_list() {
        assert_eq!(parse_list("null\n"), vec![]);
        assert_eq!(
            parse_list(
                r#"[{"ociVersion":"1.0.2","id":"a-1","pid":42,"status":"running"},{"id":"b","pid":0,"status":"stopped"}]"#
            ),
            vec![("a-1".to_owned(), 42), ("b".to_owned(), 0)]
        );
    }
}
