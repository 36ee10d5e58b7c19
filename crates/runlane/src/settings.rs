//! `runlane up`'s settings from a file: `--config FILE` (or `RUNLANE_CONFIG`), TOML with
//! the flags' names as keys. Precedence, as operators expect: a flag on the command line,
//! then its `RUNLANE_*` variable, then the file, then the default. The file's settings
//! become command-line arguments for the flags the command line and the environment left
//! unset, so clap parses and checks them exactly as it does flags. `--print-config` shows
//! the result.

use std::collections::BTreeSet;
use std::ffi::OsString;
use std::path::Path;

use clap::parser::ValueSource;
use clap::{ArgAction, ArgMatches, Command};

/// Flags of `up` that are not settings.
const NOT_SETTINGS: [&str; 4] = ["config", "print-config", "help", "version"];

/// `argv` with the config file's settings added for `up`, and the names of the settings
/// that came from the file. Unchanged when the command is not `up` or names no file, or
/// when clap refuses the command line (its own parse then says why).
pub fn apply(command: Command, argv: Vec<OsString>) -> Result<(Vec<OsString>, BTreeSet<String>), String> {
    let Ok(matches) = command.clone().try_get_matches_from(&argv) else {
        return Ok((argv, BTreeSet::new()));
    };
    let Some(("up", up)) = matches.subcommand() else {
        return Ok((argv, BTreeSet::new()));
    };
    let Some(path) = up.get_one::<std::path::PathBuf>("config").cloned() else {
        return Ok((argv, BTreeSet::new()));
    };
    let up_command = command.find_subcommand("up").cloned().ok_or("no up command")?;
    let added = settings_from_file(&up_command, up, &path)?;
    let names = added.iter().map(|(name, _)| name.clone()).collect();
    let mut argv = argv;
    argv.extend(added.into_iter().map(|(_, arg)| arg));
    Ok((argv, names))
}

/// The arguments the file adds (name, `--name=value` or `--name`), for the settings the
/// command line and the environment left unset.
fn settings_from_file(up: &Command, matches: &ArgMatches, path: &Path) -> Result<Vec<(String, OsString)>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read the config file {} ({e})", path.display()))?;
    let table: toml::Table = text.parse().map_err(|e: toml::de::Error| format!("the config file {} is not valid TOML: {e}", path.display()))?;
    let mut added = Vec::new();
    for (key, value) in &table {
        let Some(arg) = up.get_arguments().find(|a| a.get_long() == Some(key.as_str()) && !NOT_SETTINGS.contains(&key.as_str())) else {
            let known: Vec<&str> = up.get_arguments().filter_map(|a| a.get_long()).filter(|l| !NOT_SETTINGS.contains(l)).collect();
            return Err(format!(
                "the config file {} has an unknown setting {key:?}; settings are runlane up's flags without the dashes: {}",
                path.display(),
                known.join(", ")
            ));
        };
        if matches!(matches.value_source(arg.get_id().as_str()), Some(ValueSource::CommandLine | ValueSource::EnvVariable)) {
            continue;
        }
        let is_switch = matches!(arg.get_action(), ArgAction::SetTrue);
        let values: Vec<&toml::Value> = match value {
            toml::Value::Array(items) => items.iter().collect(),
            other => vec![other],
        };
        for value in values {
            let flag = match (value, is_switch) {
                (toml::Value::Boolean(true), true) => format!("--{key}"),
                (toml::Value::Boolean(false), true) => continue,
                (_, true) => return Err(format!("{key} in {} is a switch: write {key} = true or false", path.display())),
                (toml::Value::String(s), false) => format!("--{key}={s}"),
                (toml::Value::Integer(n), false) => format!("--{key}={n}"),
                (toml::Value::Float(x), false) => format!("--{key}={x}"),
                (toml::Value::Boolean(b), false) => format!("--{key}={b}"),
                (toml::Value::Datetime(d), false) => format!("--{key}={d}"),
                (toml::Value::Array(_) | toml::Value::Table(_), false) => {
                    return Err(format!("{key} in {} must be a value or a list of values", path.display()))
                }
            };
            added.push((key.clone(), OsString::from(flag)));
        }
    }
    Ok(added)
}

/// The settings in force as a config file, each with where it came from, secrets masked.
pub fn print(command: &Command, argv: &[OsString], from_file: &BTreeSet<String>) -> String {
    let Ok(matches) = command.clone().try_get_matches_from(argv) else {
        return String::new();
    };
    let (Some(("up", up)), Some(up_command)) = (matches.subcommand(), command.find_subcommand("up")) else {
        return String::new();
    };
    let mut out = String::from("# runlane up: the settings in force (a flag beats its RUNLANE_* variable, which beats --config, which beats the default)\n");
    for arg in up_command.get_arguments() {
        let Some(long) = arg.get_long() else { continue };
        if NOT_SETTINGS.contains(&long) {
            continue;
        }
        let id = arg.get_id().as_str();
        let values: Vec<String> = up.get_raw(id).into_iter().flatten().map(|v| mask(&v.to_string_lossy())).collect();
        let source = match up.value_source(id) {
            _ if from_file.contains(long) => "config file".to_owned(),
            Some(ValueSource::CommandLine) => "flag".to_owned(),
            Some(ValueSource::EnvVariable) => format!("environment ({})", arg.get_env().map_or(String::new(), |e| e.to_string_lossy().into_owned())),
            Some(ValueSource::DefaultValue) => "default".to_owned(),
            _ => "unset".to_owned(),
        };
        let is_switch = matches!(arg.get_action(), ArgAction::SetTrue);
        let value = match values.as_slice() {
            [] => {
                out.push_str(&format!("# {long} =  # {source}\n"));
                continue;
            }
            [one] if is_switch => one.clone(),
            [one] if !matches!(arg.get_action(), ArgAction::Append) => toml_string(one),
            many => format!("[{}]", many.iter().map(|v| toml_string(v)).collect::<Vec<_>>().join(", ")),
        };
        out.push_str(&format!("{long} = {value}  # {source}\n"));
    }
    out
}

fn toml_string(s: &str) -> String {
    toml::Value::String(s.to_owned()).to_string()
}

/// A URL's password (`scheme://user:password@host`) as `****`.
fn mask(value: &str) -> String {
    let Some((scheme, rest)) = value.split_once("://") else {
        return value.to_owned();
    };
    let Some((userinfo, host)) = rest.split_once('@') else {
        return value.to_owned();
    };
    match userinfo.split_once(':') {
        Some((user, _)) => format!("{scheme}://{user}:****@{host}"),
        None => value.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_in_urls_are_masked() {
        assert_eq!(mask("smtp://alice:s3cret@mail.example.com:587"), "smtp://alice:****@mail.example.com:587");
        assert_eq!(mask("smtp://alice@mail.example.com"), "smtp://alice@mail.example.com");
        assert_eq!(mask("127.0.0.1:8484"), "127.0.0.1:8484");
    }
}
