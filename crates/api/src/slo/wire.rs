//! Cloud Monitoring v3's JSON as it comes in: serde-derived structs read through
//! `serde_path_to_error`, so an error names the field's path from the document's root
//! (`serviceLevelIndicator.requestBased.goodTotalRatio.goodServiceFilter`). `slo`
//! converts them to `runlane_alerting`'s types with explicit functions and checks what
//! a field's shape cannot say (which fields go together, ranges).
//!
//! Every field is optional: a null is an absent field, and unknown fields are ignored,
//! as runlane has always read these documents. The leaf types at the end refuse a
//! wrong shape saying what was expected and what came (`expected a string, got 3`), in
//! runlane's words rather than serde's.

use crate::error::ApiError;
use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer};
use serde_json::Value;
use std::collections::BTreeMap;
use std::fmt;

/// Reads a document (a JSON object) into its wire struct; an error names the field.
pub(super) fn read<T: de::DeserializeOwned>(v: &Value) -> Result<T, ApiError> {
    serde_path_to_error::deserialize(v).map_err(|e| {
        let path = e.path().to_string();
        let path = if path == "." || path.is_empty() { "body".to_owned() } else { path };
        ApiError::field(path, e.into_inner().to_string())
    })
}

/// The visit methods of a visitor that wants a list or an object: any other value is
/// refused with the visitor's `refused(the value as JSON)`.
macro_rules! refuse_scalars {
    ($t:ty) => {
        fn visit_bool<E: de::Error>(self, v: bool) -> Result<$t, E> {
            Err(E::custom(self.refused(Value::Bool(v))))
        }
        fn visit_i64<E: de::Error>(self, v: i64) -> Result<$t, E> {
            Err(E::custom(self.refused(Value::from(v))))
        }
        fn visit_u64<E: de::Error>(self, v: u64) -> Result<$t, E> {
            Err(E::custom(self.refused(Value::from(v))))
        }
        fn visit_f64<E: de::Error>(self, v: f64) -> Result<$t, E> {
            Err(E::custom(self.refused(Value::from(v))))
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<$t, E> {
            Err(E::custom(self.refused(Value::from(v))))
        }
        fn visit_unit<E: de::Error>(self) -> Result<$t, E> {
            Err(E::custom(self.refused(Value::Null)))
        }
    };
}

// === documents ===

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct ServiceWire {
    pub display_name: Option<Text>,
    pub user_labels: Option<Labels>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct WorkbookWire {
    pub slo: Option<Text>,
    pub notification_channels: Option<Strings>,
    pub user_labels: Option<Labels>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct IncidentActionWire {
    pub by: Option<Text>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct ChannelWire {
    #[serde(rename = "type")]
    pub kind: Option<Text>,
    pub display_name: Option<Text>,
    pub description: Option<Text>,
    pub labels: Option<Labels>,
    pub user_labels: Option<Labels>,
    pub enabled: Option<Flag>,
}

// === leaves ===

/// A string.
pub(super) struct Text(pub String);

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        match Value::deserialize(d)? {
            Value::String(s) => Ok(Text(s)),
            other => Err(de::Error::custom(format!("expected a string, got {other}"))),
        }
    }
}

/// `true` or `false`.
pub(super) struct Flag(pub bool);

impl<'de> Deserialize<'de> for Flag {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        match Value::deserialize(d)? {
            Value::Bool(b) => Ok(Flag(b)),
            other => Err(de::Error::custom(format!("expected true or false, got {other}"))),
        }
    }
}

/// An object of strings (`userLabels`, a channel's `labels`); a value that is not a
/// string is refused at its own key.
pub(super) struct Labels(pub BTreeMap<String, String>);

struct LabelValue(String);

impl<'de> Deserialize<'de> for LabelValue {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        match Value::deserialize(d)? {
            Value::String(s) => Ok(LabelValue(s)),
            other => Err(de::Error::custom(format!("label values are strings, got {other}"))),
        }
    }
}

impl<'de> Deserialize<'de> for Labels {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl V {
            fn refused(&self, got: Value) -> String {
                format!("expected an object of strings, got {got}")
            }
        }
        impl<'de> Visitor<'de> for V {
            type Value = Labels;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an object of strings")
            }
            fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<Labels, A::Error> {
                let mut out = BTreeMap::new();
                while let Some((k, LabelValue(v))) = map.next_entry::<String, LabelValue>()? {
                    out.insert(k, v);
                }
                Ok(Labels(out))
            }
            fn visit_seq<A: de::SeqAccess<'de>>(self, seq: A) -> Result<Labels, A::Error> {
                let got = Value::deserialize(de::value::SeqAccessDeserializer::new(seq))?;
                Err(de::Error::custom(self.refused(got)))
            }
            refuse_scalars!(Labels);
        }
        d.deserialize_any(V)
    }
}

/// A list of strings (`notificationChannels`, `groupByFields`).
pub(super) struct Strings(pub Vec<String>);

struct Item(String);

impl<'de> Deserialize<'de> for Item {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        match Value::deserialize(d)? {
            Value::String(s) => Ok(Item(s)),
            _ => Err(de::Error::custom("expected a string")),
        }
    }
}

impl<'de> Deserialize<'de> for Strings {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl V {
            fn refused(&self, got: Value) -> String {
                format!("expected a list of strings, got {got}")
            }
        }
        impl<'de> Visitor<'de> for V {
            type Value = Strings;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a list of strings")
            }
            fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Strings, A::Error> {
                let mut out = Vec::new();
                while let Some(Item(s)) = seq.next_element()? {
                    out.push(s);
                }
                Ok(Strings(out))
            }
            fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<Strings, A::Error> {
                let got = Value::deserialize(de::value::MapAccessDeserializer::new(map))?;
                Err(de::Error::custom(self.refused(got)))
            }
            refuse_scalars!(Strings);
        }
        d.deserialize_any(V)
    }
}
