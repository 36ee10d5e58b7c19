//! Cloud Monitoring v3's JSON as it comes in: serde-derived structs read through
//! `serde_path_to_error`, so an error names the field's path from the document's root
//! (`serviceLevelIndicator.requestBased.goodTotalRatio.goodServiceFilter`). `slo`
//! converts them to `runlane_alerting`'s types with explicit functions and checks what
//! a field's shape cannot say (which fields go together, ranges).
//!
//! Every field is optional: a null is an absent field, and unknown fields are ignored,
//! as runlane has always read these documents (a trigger alone refuses a name it does
//! not know). The leaf types at the end refuse a wrong shape saying what was expected
//! and what came (`expected a string, got 3`), in runlane's words rather than serde's.

use crate::error::ApiError;
use serde::de::{self, IgnoredAny, Visitor};
use serde::{Deserialize, Deserializer};
use serde_json::Value;
use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;
use std::time::Duration;

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

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct PolicyWire {
    pub display_name: Option<Text>,
    pub conditions: Option<Listed<ConditionWire>>,
    pub combiner: Option<Text>,
    pub enabled: Option<Flag>,
    pub notification_channels: Option<Strings>,
    #[serde(default, deserialize_with = "object")]
    pub documentation: Option<DocumentationWire>,
    #[serde(default, deserialize_with = "object")]
    pub alert_strategy: Option<AlertStrategyWire>,
    pub user_labels: Option<Labels>,
    pub severity: Option<Text>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct ConditionWire {
    pub name: Option<Text>,
    pub display_name: Option<Text>,
    #[serde(default, deserialize_with = "object")]
    pub condition_threshold: Option<ThresholdWire>,
    #[serde(default, deserialize_with = "object")]
    pub condition_absent: Option<ThresholdWire>,
    /// The condition's other fields, to name a kind runlane lacks (`conditionMatchedLog`).
    #[serde(flatten)]
    pub others: BTreeMap<String, IgnoredAny>,
}

impl List for ConditionWire {
    fn refused(_: &Value) -> String {
        "expected a list of conditions".into()
    }
}

/// `conditionThreshold` and `conditionAbsent` (the latter without comparison and
/// threshold, which runlane does not read there).
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct ThresholdWire {
    pub filter: Option<Text>,
    pub comparison: Option<Text>,
    pub threshold_value: Option<Num>,
    pub duration: Option<GoogleDuration>,
    pub trigger: Option<TriggerWire>,
    pub aggregations: Option<Listed<AggregationWire>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct AggregationWire {
    pub alignment_period: Option<GoogleDuration>,
    pub per_series_aligner: Option<Text>,
    pub cross_series_reducer: Option<Text>,
    pub group_by_fields: Option<Strings>,
}

impl List for AggregationWire {
    fn refused(got: &Value) -> String {
        format!("expected a list of aggregations, got {got}")
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct DocumentationWire {
    pub content: Option<Text>,
    pub mime_type: Option<Text>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct AlertStrategyWire {
    pub auto_close: Option<GoogleDuration>,
}

/// `{"count": N}` or `{"percent": P}`; any other name is refused, naming it.
pub(super) struct TriggerWire {
    pub count: Option<f64>,
    pub percent: Option<f64>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct SloWire {
    pub name: Option<Text>,
    pub display_name: Option<Text>,
    pub goal: Option<Num>,
    pub rolling_period: Option<GoogleDuration>,
    pub calendar_period: Option<Text>,
    #[serde(default, deserialize_with = "object")]
    pub service_level_indicator: Option<SliWire>,
    pub user_labels: Option<Labels>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct SliWire {
    #[serde(default, deserialize_with = "object")]
    pub request_based: Option<RequestBasedWire>,
    #[serde(default, deserialize_with = "object")]
    pub basic_sli: Option<BasicSliWire>,
    #[serde(default, deserialize_with = "object")]
    pub prometheus: Option<PrometheusWire>,
    #[serde(default, deserialize_with = "object")]
    pub windows_based: Option<WindowsBasedWire>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct RequestBasedWire {
    #[serde(default, deserialize_with = "object")]
    pub good_total_ratio: Option<RatioWire>,
    #[serde(default, deserialize_with = "object")]
    pub distribution_cut: Option<DistributionCutWire>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct RatioWire {
    pub good_service_filter: Option<Text>,
    pub bad_service_filter: Option<Text>,
    pub total_service_filter: Option<Text>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct DistributionCutWire {
    pub distribution_filter: Option<Text>,
    #[serde(default, deserialize_with = "object")]
    pub range: Option<RangeWire>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct RangeWire {
    pub min: Option<Num>,
    pub max: Option<Num>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct BasicSliWire {
    pub availability: Option<IgnoredAny>,
    #[serde(default, deserialize_with = "object")]
    pub latency: Option<LatencyWire>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct LatencyWire {
    pub threshold: Option<GoogleDuration>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct PrometheusWire {
    pub url: Option<Text>,
    pub good_query: Option<Text>,
    pub bad_query: Option<Text>,
    pub total_query: Option<Text>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct WindowsBasedWire {
    pub window_period: Option<GoogleDuration>,
    pub good_bad_metric_filter: Option<Text>,
    #[serde(default, deserialize_with = "object")]
    pub good_total_ratio_threshold: Option<RatioThresholdWire>,
    #[serde(default, deserialize_with = "object")]
    pub metric_mean_in_range: Option<InRangeWire>,
    #[serde(default, deserialize_with = "object")]
    pub metric_sum_in_range: Option<InRangeWire>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct RatioThresholdWire {
    #[serde(default, deserialize_with = "object")]
    pub performance: Option<RequestBasedWire>,
    #[serde(default, deserialize_with = "object")]
    pub basic_sli_performance: Option<BasicSliWire>,
    pub threshold: Option<Num>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct InRangeWire {
    pub time_series: Option<Text>,
    #[serde(default, deserialize_with = "object")]
    pub range: Option<RangeWire>,
}

/// What each nested object is called when something else comes in its place.
macro_rules! object {
    ($t:ty, $what:literal) => {
        impl Object for $t {
            const WHAT: &'static str = $what;
        }
    };
}

object!(ConditionWire, "an object with conditionThreshold or conditionAbsent");
object!(ThresholdWire, "an object with filter, comparison, thresholdValue and duration");
object!(AggregationWire, "an object with alignmentPeriod, perSeriesAligner, crossSeriesReducer and groupByFields");
object!(DocumentationWire, "an object with content and mimeType");
object!(AlertStrategyWire, "an object with autoClose");
object!(SliWire, "an object with requestBased, basicSli or windowsBased");
object!(RequestBasedWire, "an object with goodTotalRatio or distributionCut");
object!(RatioWire, "an object with goodServiceFilter, badServiceFilter and totalServiceFilter");
object!(DistributionCutWire, "an object with distributionFilter and range");
object!(RangeWire, "an object with min and/or max");
object!(BasicSliWire, "an object with availability or latency");
object!(LatencyWire, "an object with threshold");
object!(PrometheusWire, "an object with url, goodQuery, badQuery and totalQuery");
object!(WindowsBasedWire, "an object with windowPeriod and one of goodBadMetricFilter, goodTotalRatioThreshold, metricMeanInRange or metricSumInRange");
object!(RatioThresholdWire, "an object with performance or basicSliPerformance, and threshold");
object!(InRangeWire, "an object with timeSeries and range");

// === leaves ===

/// A wire struct that sits inside a document.
pub(super) trait Object {
    /// `an object with …`, for the error when something else came.
    const WHAT: &'static str;
}

/// A nested object, or null for none; anything else (a list, a string) is refused
/// naming what was expected, rather than read as an object without fields.
fn object<'de, D: Deserializer<'de>, T: Deserialize<'de> + Object>(d: D) -> Result<Option<T>, D::Error> {
    struct V<T>(PhantomData<T>);
    impl<T: Object> V<T> {
        fn refused(&self, got: Value) -> String {
            format!("expected {}, got {got}", T::WHAT)
        }
    }
    impl<'de, T: Deserialize<'de> + Object> Visitor<'de> for V<T> {
        type Value = Option<T>;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str(T::WHAT)
        }
        fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<Option<T>, A::Error> {
            T::deserialize(de::value::MapAccessDeserializer::new(map)).map(Some)
        }
        fn visit_seq<A: de::SeqAccess<'de>>(self, seq: A) -> Result<Option<T>, A::Error> {
            let got = Value::deserialize(de::value::SeqAccessDeserializer::new(seq))?;
            Err(de::Error::custom(self.refused(got)))
        }
        fn visit_unit<E: de::Error>(self) -> Result<Option<T>, E> {
            Ok(None)
        }
        fn visit_none<E: de::Error>(self) -> Result<Option<T>, E> {
            Ok(None)
        }
        fn visit_bool<E: de::Error>(self, v: bool) -> Result<Option<T>, E> {
            Err(E::custom(self.refused(Value::Bool(v))))
        }
        fn visit_i64<E: de::Error>(self, v: i64) -> Result<Option<T>, E> {
            Err(E::custom(self.refused(Value::from(v))))
        }
        fn visit_u64<E: de::Error>(self, v: u64) -> Result<Option<T>, E> {
            Err(E::custom(self.refused(Value::from(v))))
        }
        fn visit_f64<E: de::Error>(self, v: f64) -> Result<Option<T>, E> {
            Err(E::custom(self.refused(Value::from(v))))
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<Option<T>, E> {
            Err(E::custom(self.refused(Value::from(v))))
        }
    }
    d.deserialize_any(V(PhantomData))
}

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

/// A number, or a string holding one (protobuf's JSON writes 64-bit integers so).
pub(super) struct Num(pub f64);

impl<'de> Deserialize<'de> for Num {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        match Value::deserialize(d)? {
            Value::Number(n) => n.as_f64().map(Num).ok_or_else(|| de::Error::custom(format!("{n} is not a number"))),
            Value::String(s) => s.parse().map(Num).map_err(|_| de::Error::custom(format!("{s:?} is not a number"))),
            other => Err(de::Error::custom(format!("expected a number, got {other}"))),
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

/// Google's JSON duration (`"300s"`, `"1.5s"`), as written and as read.
pub(super) struct GoogleDuration {
    pub text: String,
    pub value: Duration,
}

impl<'de> Deserialize<'de> for GoogleDuration {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let Text(text) = Text::deserialize(d)?;
        let value = runlane_model::duration::parse_google(&text).map_err(de::Error::custom)?;
        Ok(GoogleDuration { text, value })
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

/// A list of `T`s, each an object; anything else is refused in `T`'s words.
pub(super) struct Listed<T>(pub Vec<T>);

/// What a list of `T` says when it is not a list.
pub(super) trait List: Sized {
    fn refused(got: &Value) -> String;
}

/// One object of a list, read as [`object`] reads a field's.
struct Element<T>(Option<T>);

impl<'de, T: Deserialize<'de> + Object> Deserialize<'de> for Element<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        object(d)?.map(|t| Element(Some(t))).ok_or_else(|| de::Error::custom(format!("expected {}, got null", T::WHAT)))
    }
}

impl<'de, T: Deserialize<'de> + Object + List> Deserialize<'de> for Listed<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<T>(PhantomData<T>);
        impl<T: List> V<T> {
            fn refused(&self, got: Value) -> String {
                T::refused(&got)
            }
        }
        impl<'de, T: Deserialize<'de> + Object + List> Visitor<'de> for V<T> {
            type Value = Listed<T>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a list")
            }
            fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Listed<T>, A::Error> {
                let mut out = Vec::new();
                while let Some(Element(item)) = seq.next_element::<Element<T>>()? {
                    out.extend(item);
                }
                Ok(Listed(out))
            }
            fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<Listed<T>, A::Error> {
                let got = Value::deserialize(de::value::MapAccessDeserializer::new(map))?;
                Err(de::Error::custom(self.refused(got)))
            }
            refuse_scalars!(Listed<T>);
        }
        d.deserialize_any(V(PhantomData))
    }
}

impl<'de> Deserialize<'de> for TriggerWire {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl V {
            fn refused(&self, got: Value) -> String {
                format!("expected {{\"count\": N}} or {{\"percent\": P}}, got {got}")
            }
        }
        impl<'de> Visitor<'de> for V {
            type Value = TriggerWire;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("{\"count\": N} or {\"percent\": P}")
            }
            fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<TriggerWire, A::Error> {
                let mut t = TriggerWire { count: None, percent: None };
                while let Some(key) = map.next_key::<String>()? {
                    match key.as_str() {
                        "count" => t.count = map.next_value::<Option<Num>>()?.map(|n| n.0),
                        "percent" => t.percent = map.next_value::<Option<Num>>()?.map(|n| n.0),
                        // Refused while reading the value, so the error's path ends in the name.
                        _ => map.next_value_seed(Refuse("a trigger has count or percent"))?,
                    }
                }
                Ok(t)
            }
            fn visit_seq<A: de::SeqAccess<'de>>(self, seq: A) -> Result<TriggerWire, A::Error> {
                let got = Value::deserialize(de::value::SeqAccessDeserializer::new(seq))?;
                Err(de::Error::custom(self.refused(got)))
            }
            refuse_scalars!(TriggerWire);
        }
        d.deserialize_any(V)
    }
}

/// A value refused whatever it is.
struct Refuse(&'static str);

impl<'de> de::DeserializeSeed<'de> for Refuse {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        IgnoredAny::deserialize(d)?;
        Err(de::Error::custom(self.0))
    }
}
