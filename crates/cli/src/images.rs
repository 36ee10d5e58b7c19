//! `runlane images list|load|prune`: the images runlane has pulled or loaded, as
//! `docker images`, `docker load` and `docker image prune -a` show and manage them.

use crate::format::{render_list, render_table, Format};
use crate::http::Api;
use crate::Output;
use bytes::Bytes;
use serde_json::{json, Value};
use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

const IMAGES: &str = "/apis/runlane.dev/v1/images";

#[derive(clap::Subcommand, Debug, Clone)]
pub enum ImagesCommand {
    /// Every stored image: names, digest, size, last use.
    List,
    /// Load a `docker save` or OCI archive tarball, for machines with no registry;
    /// deploy it by the name it carries.
    Load {
        /// The tarball (`docker save -o FILE`, `skopeo copy … docker-archive:FILE` or `oci-archive:FILE`).
        file: PathBuf,
    },
    /// Delete every image no revision runs.
    Prune,
}

impl ImagesCommand {
    pub fn name(&self) -> &'static str {
        match self {
            ImagesCommand::List => "runlane.images.list",
            ImagesCommand::Load { .. } => "runlane.images.load",
            ImagesCommand::Prune => "runlane.images.prune",
        }
    }
}

pub async fn run(api: &Api, command: ImagesCommand, format: &Format, io: &mut Output) -> anyhow::Result<ExitCode> {
    match command {
        ImagesCommand::List => {
            let reply = api.get(IMAGES).await?;
            let items = items(&reply);
            if items.is_empty() && *format == Format::Table {
                writeln!(io.err, "Listed 0 items.")?;
                return Ok(ExitCode::SUCCESS);
            }
            let text = render_list(format, &items).unwrap_or_else(|| table(&items));
            io.out.write_all(text.as_bytes())?;
        }
        ImagesCommand::Load { file } => {
            let bytes = tokio::fs::read(&file)
                .await
                .map_err(|e| anyhow::anyhow!("cannot read {} ({e}); give the path of a docker save or OCI archive tarball", file.display()))?;
            writeln!(io.err, "Loading {} ({:.1} MB)...", file.display(), bytes.len() as f64 / 1e6)?;
            let reply = api.post_bytes(&format!("{IMAGES}:load"), "application/x-tar", Bytes::from(bytes)).await?;
            for image in items(&reply) {
                writeln!(io.err, "Loaded image {} ({})", names(&image), image["digest"].as_str().unwrap_or(""))?;
            }
        }
        ImagesCommand::Prune => {
            let reply = api.post(&format!("{IMAGES}:prune"), &json!({})).await?;
            let deleted = reply["deleted"].as_array().cloned().unwrap_or_default();
            let bytes: u64 = deleted.iter().filter_map(|i| i["size_bytes"].as_u64()).sum();
            for image in &deleted {
                writeln!(io.err, "Deleted {} ({})", names(image), image["digest"].as_str().unwrap_or(""))?;
            }
            writeln!(io.err, "Deleted {} image(s), {:.1} MB.", deleted.len(), bytes as f64 / 1e6)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn items(reply: &Value) -> Vec<Value> {
    reply["items"].as_array().cloned().unwrap_or_default()
}

fn names(image: &Value) -> String {
    let names: Vec<&str> = image["names"].as_array().map(|n| n.iter().filter_map(Value::as_str).collect()).unwrap_or_default();
    if names.is_empty() {
        "<none>".to_owned()
    } else {
        names.join(", ")
    }
}

/// NAME, DIGEST (short), SIZE, LAST USED.
pub fn table(items: &[Value]) -> String {
    let rows: Vec<Vec<String>> = items
        .iter()
        .map(|i| {
            let digest = i["digest"].as_str().unwrap_or("");
            let short = digest.strip_prefix("sha256:").map_or(digest, |hex| &hex[..hex.len().min(12)]);
            let size = i["size_bytes"].as_u64().unwrap_or(0) as f64 / 1e6;
            let used = i["last_used_unix"].as_i64().filter(|t| *t > 0).map_or("never".to_owned(), |t| {
                time::OffsetDateTime::from_unix_timestamp(t).map_or(t.to_string(), |d| d.format(&time::format_description::well_known::Rfc3339).unwrap_or_default())
            });
            vec![names(i), short.to_owned(), format!("{size:.1} MB"), used]
        })
        .collect();
    render_table(&["NAME", "DIGEST", "SIZE", "LAST USED"], &rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn images_table_shows_names_short_digests_and_sizes() {
        let items = vec![
            json!({"digest": format!("sha256:{}", "ab".repeat(32)), "names": ["127.0.0.1:5000/demo/hello:1"], "size_bytes": 1_234_567, "last_used_unix": 0}),
            json!({"digest": "sha256:cd", "names": [], "size_bytes": 0, "last_used_unix": 1_700_000_000}),
        ];
        let text = table(&items);
        assert!(text.contains("127.0.0.1:5000/demo/hello:1"), "{text}");
        assert!(text.contains("abababababab "), "{text}");
        assert!(text.contains("1.2 MB"), "{text}");
        assert!(text.contains("never"), "{text}");
        assert!(text.contains("<none>"), "{text}");
        assert!(text.contains("2023-11-14T22:13:20Z"), "{text}");
    }
}
