impl serde::Serialize for Aggregation {
    #[allow(deprecated)]
    fn serialize<S>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error>
    where
        S: serde::Serializer,
    {
        use serde::ser::SerializeStruct;
        let mut len = 0;
        if self.alignment_period.is_some() {
            len += 1;
        }
        if self.per_series_aligner != 0 {
            len += 1;
        }
        if self.cross_series_reducer != 0 {
            len += 1;
        }
        if !self.group_by_fields.is_empty() {
            len += 1;
        }
        let mut struct_ser = serializer.serialize_struct("google.monitoring.v3.Aggregation", len)?;
        if let Some(v) = self.alignment_period.as_ref() {
            struct_ser.serialize_field("alignmentPeriod", v)?;
        }
        if self.per_series_aligner != 0 {
            let v = aggregation::Aligner::try_from(self.per_series_aligner)
                .map_err(|_| serde::ser::Error::custom(format!("Invalid variant {}", self.per_series_aligner)))?;
            struct_ser.serialize_field("perSeriesAligner", &v)?;
        }
        if self.cross_series_reducer != 0 {
            let v = aggregation::Reducer::try_from(self.cross_series_reducer)
                .map_err(|_| serde::ser::Error::custom(format!("Invalid variant {}", self.cross_series_reducer)))?;
            struct_ser.serialize_field("crossSeriesReducer", &v)?;
        }
        if !self.group_by_fields.is_empty() {
            struct_ser.serialize_field("groupByFields", &self.group_by_fields)?;
        }
        struct_ser.end()
    }
}
impl<'de> serde::Deserialize<'de> for Aggregation {
    #[allow(deprecated)]
    fn deserialize<D>(deserializer: D) -> std::result::Result<Self, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        const FIELDS: &[&str] = &[
            "alignment_period",
            "alignmentPeriod",
            "per_series_aligner",
            "perSeriesAligner",
            "cross_series_reducer",
            "crossSeriesReducer",
            "group_by_fields",
            "groupByFields",
        ];

        #[allow(clippy::enum_variant_names)]
        enum GeneratedField {
            AlignmentPeriod,
            PerSeriesAligner,
            CrossSeriesReducer,
            GroupByFields,
            __SkipField__,
        }
        impl<'de> serde::Deserialize<'de> for GeneratedField {
            fn deserialize<D>(deserializer: D) -> std::result::Result<GeneratedField, D::Error>
            where
                D: serde::Deserializer<'de>,
            {
                struct GeneratedVisitor;

                impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
                    type Value = GeneratedField;

                    fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        write!(formatter, "expected one of: {:?}", &FIELDS)
                    }

                    #[allow(unused_variables)]
                    fn visit_str<E>(self, value: &str) -> std::result::Result<GeneratedField, E>
                    where
                        E: serde::de::Error,
                    {
                        match value {
                            "alignmentPeriod" | "alignment_period" => Ok(GeneratedField::AlignmentPeriod),
                            "perSeriesAligner" | "per_series_aligner" => Ok(GeneratedField::PerSeriesAligner),
                            "crossSeriesReducer" | "cross_series_reducer" => Ok(GeneratedField::CrossSeriesReducer),
                            "groupByFields" | "group_by_fields" => Ok(GeneratedField::GroupByFields),
                            _ => Ok(GeneratedField::__SkipField__),
                        }
                    }
                }
                deserializer.deserialize_identifier(GeneratedVisitor)
            }
        }
        struct GeneratedVisitor;
        impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
            type Value = Aggregation;

            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str("struct google.monitoring.v3.Aggregation")
            }

            fn visit_map<V>(self, mut map_: V) -> std::result::Result<Aggregation, V::Error>
                where
                    V: serde::de::MapAccess<'de>,
            {
                let mut alignment_period__ = None;
                let mut per_series_aligner__ = None;
                let mut cross_series_reducer__ = None;
                let mut group_by_fields__ = None;
                while let Some(k) = map_.next_key()? {
                    match k {
                        GeneratedField::AlignmentPeriod => {
                            if alignment_period__.is_some() {
                                return Err(serde::de::Error::duplicate_field("alignmentPeriod"));
                            }
                            alignment_period__ = map_.next_value()?;
                        }
                        GeneratedField::PerSeriesAligner => {
                            if per_series_aligner__.is_some() {
                                return Err(serde::de::Error::duplicate_field("perSeriesAligner"));
                            }
                            per_series_aligner__ = Some(map_.next_value::<aggregation::Aligner>()? as i32);
                        }
                        GeneratedField::CrossSeriesReducer => {
                            if cross_series_reducer__.is_some() {
                                return Err(serde::de::Error::duplicate_field("crossSeriesReducer"));
                            }
                            cross_series_reducer__ = Some(map_.next_value::<aggregation::Reducer>()? as i32);
                        }
                        GeneratedField::GroupByFields => {
                            if group_by_fields__.is_some() {
                                return Err(serde::de::Error::duplicate_field("groupByFields"));
                            }
                            group_by_fields__ = Some(map_.next_value()?);
                        }
                        GeneratedField::__SkipField__ => {
                            let _ = map_.next_value::<serde::de::IgnoredAny>()?;
                        }
                    }
                }
                Ok(Aggregation {
                    alignment_period: alignment_period__,
                    per_series_aligner: per_series_aligner__.unwrap_or_default(),
                    cross_series_reducer: cross_series_reducer__.unwrap_or_default(),
                    group_by_fields: group_by_fields__.unwrap_or_default(),
                })
            }
        }
        deserializer.deserialize_struct("google.monitoring.v3.Aggregation", FIELDS, GeneratedVisitor)
    }
}
impl serde::Serialize for aggregation::Aligner {
    #[allow(deprecated)]
    fn serialize<S>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error>
    where
        S: serde::Serializer,
    {
        let variant = match self {
            Self::AlignNone => "ALIGN_NONE",
            Self::AlignDelta => "ALIGN_DELTA",
            Self::AlignRate => "ALIGN_RATE",
            Self::AlignInterpolate => "ALIGN_INTERPOLATE",
            Self::AlignNextOlder => "ALIGN_NEXT_OLDER",
            Self::AlignMin => "ALIGN_MIN",
            Self::AlignMax => "ALIGN_MAX",
            Self::AlignMean => "ALIGN_MEAN",
            Self::AlignCount => "ALIGN_COUNT",
            Self::AlignSum => "ALIGN_SUM",
            Self::AlignStddev => "ALIGN_STDDEV",
            Self::AlignCountTrue => "ALIGN_COUNT_TRUE",
            Self::AlignCountFalse => "ALIGN_COUNT_FALSE",
            Self::AlignFractionTrue => "ALIGN_FRACTION_TRUE",
            Self::AlignPercentile99 => "ALIGN_PERCENTILE_99",
            Self::AlignPercentile95 => "ALIGN_PERCENTILE_95",
            Self::AlignPercentile50 => "ALIGN_PERCENTILE_50",
            Self::AlignPercentile05 => "ALIGN_PERCENTILE_05",
            Self::AlignPercentChange => "ALIGN_PERCENT_CHANGE",
        };
        serializer.serialize_str(variant)
    }
}
impl<'de> serde::Deserialize<'de> for aggregation::Aligner {
    #[allow(deprecated)]
    fn deserialize<D>(deserializer: D) -> std::result::Result<Self, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        const FIELDS: &[&str] = &[
            "ALIGN_NONE",
            "ALIGN_DELTA",
            "ALIGN_RATE",
            "ALIGN_INTERPOLATE",
            "ALIGN_NEXT_OLDER",
            "ALIGN_MIN",
            "ALIGN_MAX",
            "ALIGN_MEAN",
            "ALIGN_COUNT",
            "ALIGN_SUM",
            "ALIGN_STDDEV",
            "ALIGN_COUNT_TRUE",
            "ALIGN_COUNT_FALSE",
            "ALIGN_FRACTION_TRUE",
            "ALIGN_PERCENTILE_99",
            "ALIGN_PERCENTILE_95",
            "ALIGN_PERCENTILE_50",
            "ALIGN_PERCENTILE_05",
            "ALIGN_PERCENT_CHANGE",
        ];

        struct GeneratedVisitor;

        impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
            type Value = aggregation::Aligner;

            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                write!(formatter, "expected one of: {:?}", &FIELDS)
            }

            fn visit_i64<E>(self, v: i64) -> std::result::Result<Self::Value, E>
            where
                E: serde::de::Error,
            {
                i32::try_from(v)
                    .ok()
                    .and_then(|x| x.try_into().ok())
                    .ok_or_else(|| {
                        serde::de::Error::invalid_value(serde::de::Unexpected::Signed(v), &self)
                    })
            }

            fn visit_u64<E>(self, v: u64) -> std::result::Result<Self::Value, E>
            where
                E: serde::de::Error,
            {
                i32::try_from(v)
                    .ok()
                    .and_then(|x| x.try_into().ok())
                    .ok_or_else(|| {
                        serde::de::Error::invalid_value(serde::de::Unexpected::Unsigned(v), &self)
                    })
            }

            fn visit_str<E>(self, value: &str) -> std::result::Result<Self::Value, E>
            where
                E: serde::de::Error,
            {
                match value {
                    "ALIGN_NONE" => Ok(aggregation::Aligner::AlignNone),
                    "ALIGN_DELTA" => Ok(aggregation::Aligner::AlignDelta),
                    "ALIGN_RATE" => Ok(aggregation::Aligner::AlignRate),
                    "ALIGN_INTERPOLATE" => Ok(aggregation::Aligner::AlignInterpolate),
                    "ALIGN_NEXT_OLDER" => Ok(aggregation::Aligner::AlignNextOlder),
                    "ALIGN_MIN" => Ok(aggregation::Aligner::AlignMin),
                    "ALIGN_MAX" => Ok(aggregation::Aligner::AlignMax),
                    "ALIGN_MEAN" => Ok(aggregation::Aligner::AlignMean),
                    "ALIGN_COUNT" => Ok(aggregation::Aligner::AlignCount),
                    "ALIGN_SUM" => Ok(aggregation::Aligner::AlignSum),
                    "ALIGN_STDDEV" => Ok(aggregation::Aligner::AlignStddev),
                    "ALIGN_COUNT_TRUE" => Ok(aggregation::Aligner::AlignCountTrue),
                    "ALIGN_COUNT_FALSE" => Ok(aggregation::Aligner::AlignCountFalse),
                    "ALIGN_FRACTION_TRUE" => Ok(aggregation::Aligner::AlignFractionTrue),
                    "ALIGN_PERCENTILE_99" => Ok(aggregation::Aligner::AlignPercentile99),
                    "ALIGN_PERCENTILE_95" => Ok(aggregation::Aligner::AlignPercentile95),
                    "ALIGN_PERCENTILE_50" => Ok(aggregation::Aligner::AlignPercentile50),
                    "ALIGN_PERCENTILE_05" => Ok(aggregation::Aligner::AlignPercentile05),
                    "ALIGN_PERCENT_CHANGE" => Ok(aggregation::Aligner::AlignPercentChange),
                    _ => Err(serde::de::Error::unknown_variant(value, FIELDS)),
                }
            }
        }
        deserializer.deserialize_any(GeneratedVisitor)
    }
}
impl serde::Serialize for aggregation::Reducer {
    #[allow(deprecated)]
    fn serialize<S>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error>
    where
        S: serde::Serializer,
    {
        let variant = match self {
            Self::ReduceNone => "REDUCE_NONE",
            Self::ReduceMean => "REDUCE_MEAN",
            Self::ReduceMin => "REDUCE_MIN",
            Self::ReduceMax => "REDUCE_MAX",
            Self::ReduceSum => "REDUCE_SUM",
            Self::ReduceStddev => "REDUCE_STDDEV",
            Self::ReduceCount => "REDUCE_COUNT",
            Self::ReduceCountTrue => "REDUCE_COUNT_TRUE",
            Self::ReduceCountFalse => "REDUCE_COUNT_FALSE",
            Self::ReduceFractionTrue => "REDUCE_FRACTION_TRUE",
            Self::ReducePercentile99 => "REDUCE_PERCENTILE_99",
            Self::ReducePercentile95 => "REDUCE_PERCENTILE_95",
            Self::ReducePercentile50 => "REDUCE_PERCENTILE_50",
            Self::ReducePercentile05 => "REDUCE_PERCENTILE_05",
        };
        serializer.serialize_str(variant)
    }
}
impl<'de> serde::Deserialize<'de> for aggregation::Reducer {
    #[allow(deprecated)]
    fn deserialize<D>(deserializer: D) -> std::result::Result<Self, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        const FIELDS: &[&str] = &[
            "REDUCE_NONE",
            "REDUCE_MEAN",
            "REDUCE_MIN",
            "REDUCE_MAX",
            "REDUCE_SUM",
            "REDUCE_STDDEV",
            "REDUCE_COUNT",
            "REDUCE_COUNT_TRUE",
            "REDUCE_COUNT_FALSE",
            "REDUCE_FRACTION_TRUE",
            "REDUCE_PERCENTILE_99",
            "REDUCE_PERCENTILE_95",
            "REDUCE_PERCENTILE_50",
            "REDUCE_PERCENTILE_05",
        ];

        struct GeneratedVisitor;

        impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
            type Value = aggregation::Reducer;

            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                write!(formatter, "expected one of: {:?}", &FIELDS)
            }

            fn visit_i64<E>(self, v: i64) -> std::result::Result<Self::Value, E>
            where
                E: serde::de::Error,
            {
                i32::try_from(v)
                    .ok()
                    .and_then(|x| x.try_into().ok())
                    .ok_or_else(|| {
                        serde::de::Error::invalid_value(serde::de::Unexpected::Signed(v), &self)
                    })
            }

            fn visit_u64<E>(self, v: u64) -> std::result::Result<Self::Value, E>
            where
                E: serde::de::Error,
            {
                i32::try_from(v)
                    .ok()
                    .and_then(|x| x.try_into().ok())
                    .ok_or_else(|| {
                        serde::de::Error::invalid_value(serde::de::Unexpected::Unsigned(v), &self)
                    })
            }

            fn visit_str<E>(self, value: &str) -> std::result::Result<Self::Value, E>
            where
                E: serde::de::Error,
            {
                match value {
                    "REDUCE_NONE" => Ok(aggregation::Reducer::ReduceNone),
                    "REDUCE_MEAN" => Ok(aggregation::Reducer::ReduceMean),
                    "REDUCE_MIN" => Ok(aggregation::Reducer::ReduceMin),
                    "REDUCE_MAX" => Ok(aggregation::Reducer::ReduceMax),
                    "REDUCE_SUM" => Ok(aggregation::Reducer::ReduceSum),
                    "REDUCE_STDDEV" => Ok(aggregation::Reducer::ReduceStddev),
                    "REDUCE_COUNT" => Ok(aggregation::Reducer::ReduceCount),
                    "REDUCE_COUNT_TRUE" => Ok(aggregation::Reducer::ReduceCountTrue),
                    "REDUCE_COUNT_FALSE" => Ok(aggregation::Reducer::ReduceCountFalse),
                    "REDUCE_FRACTION_TRUE" => Ok(aggregation::Reducer::ReduceFractionTrue),
                    "REDUCE_PERCENTILE_99" => Ok(aggregation::Reducer::ReducePercentile99),
                    "REDUCE_PERCENTILE_95" => Ok(aggregation::Reducer::ReducePercentile95),
                    "REDUCE_PERCENTILE_50" => Ok(aggregation::Reducer::ReducePercentile50),
                    "REDUCE_PERCENTILE_05" => Ok(aggregation::Reducer::ReducePercentile05),
                    _ => Err(serde::de::Error::unknown_variant(value, FIELDS)),
                }
            }
        }
        deserializer.deserialize_any(GeneratedVisitor)
    }
}
impl serde::Serialize for AlertPolicy {
    #[allow(deprecated)]
    fn serialize<S>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error>
    where
        S: serde::Serializer,
    {
        use serde::ser::SerializeStruct;
        let mut len = 0;
        if !self.name.is_empty() {
            len += 1;
        }
        if !self.display_name.is_empty() {
            len += 1;
        }
        if self.documentation.is_some() {
            len += 1;
        }
        if !self.user_labels.is_empty() {
            len += 1;
        }
        if !self.conditions.is_empty() {
            len += 1;
        }
        if self.combiner != 0 {
            len += 1;
        }
        if self.enabled.is_some() {
            len += 1;
        }
        if self.validity.is_some() {
            len += 1;
        }
        if !self.notification_channels.is_empty() {
            len += 1;
        }
        if self.creation_record.is_some() {
            len += 1;
        }
        if self.mutation_record.is_some() {
            len += 1;
        }
        if self.alert_strategy.is_some() {
            len += 1;
        }
        if self.severity != 0 {
            len += 1;
        }
        let mut struct_ser = serializer.serialize_struct("google.monitoring.v3.AlertPolicy", len)?;
        if !self.name.is_empty() {
            struct_ser.serialize_field("name", &self.name)?;
        }
        if !self.display_name.is_empty() {
            struct_ser.serialize_field("displayName", &self.display_name)?;
        }
        if let Some(v) = self.documentation.as_ref() {
            struct_ser.serialize_field("documentation", v)?;
        }
        if !self.user_labels.is_empty() {
            struct_ser.serialize_field("userLabels", &self.user_labels)?;
        }
        if !self.conditions.is_empty() {
            struct_ser.serialize_field("conditions", &self.conditions)?;
        }
        if self.combiner != 0 {
            let v = alert_policy::ConditionCombinerType::try_from(self.combiner)
                .map_err(|_| serde::ser::Error::custom(format!("Invalid variant {}", self.combiner)))?;
            struct_ser.serialize_field("combiner", &v)?;
        }
        if let Some(v) = self.enabled.as_ref() {
            struct_ser.serialize_field("enabled", v)?;
        }
        if let Some(v) = self.validity.as_ref() {
            struct_ser.serialize_field("validity", v)?;
        }
        if !self.notification_channels.is_empty() {
            struct_ser.serialize_field("notificationChannels", &self.notification_channels)?;
        }
        if let Some(v) = self.creation_record.as_ref() {
            struct_ser.serialize_field("creationRecord", v)?;
        }
        if let Some(v) = self.mutation_record.as_ref() {
            struct_ser.serialize_field("mutationRecord", v)?;
        }
        if let Some(v) = self.alert_strategy.as_ref() {
            struct_ser.serialize_field("alertStrategy", v)?;
        }
        if self.severity != 0 {
            let v = alert_policy::Severity::try_from(self.severity)
                .map_err(|_| serde::ser::Error::custom(format!("Invalid variant {}", self.severity)))?;
            struct_ser.serialize_field("severity", &v)?;
        }
        struct_ser.end()
    }
}
impl<'de> serde::Deserialize<'de> for AlertPolicy {
    #[allow(deprecated)]
    fn deserialize<D>(deserializer: D) -> std::result::Result<Self, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        const FIELDS: &[&str] = &[
            "name",
            "display_name",
            "displayName",
            "documentation",
            "user_labels",
            "userLabels",
            "conditions",
            "combiner",
            "enabled",
            "validity",
            "notification_channels",
            "notificationChannels",
            "creation_record",
            "creationRecord",
            "mutation_record",
            "mutationRecord",
            "alert_strategy",
            "alertStrategy",
            "severity",
        ];

        #[allow(clippy::enum_variant_names)]
        enum GeneratedField {
            Name,
            DisplayName,
            Documentation,
            UserLabels,
            Conditions,
            Combiner,
            Enabled,
            Validity,
            NotificationChannels,
            CreationRecord,
            MutationRecord,
            AlertStrategy,
            Severity,
            __SkipField__,
        }
        impl<'de> serde::Deserialize<'de> for GeneratedField {
            fn deserialize<D>(deserializer: D) -> std::result::Result<GeneratedField, D::Error>
            where
                D: serde::Deserializer<'de>,
            {
                struct GeneratedVisitor;

                impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
                    type Value = GeneratedField;

                    fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        write!(formatter, "expected one of: {:?}", &FIELDS)
                    }

                    #[allow(unused_variables)]
                    fn visit_str<E>(self, value: &str) -> std::result::Result<GeneratedField, E>
                    where
                        E: serde::de::Error,
                    {
                        match value {
                            "name" => Ok(GeneratedField::Name),
                            "displayName" | "display_name" => Ok(GeneratedField::DisplayName),
                            "documentation" => Ok(GeneratedField::Documentation),
                            "userLabels" | "user_labels" => Ok(GeneratedField::UserLabels),
                            "conditions" => Ok(GeneratedField::Conditions),
                            "combiner" => Ok(GeneratedField::Combiner),
                            "enabled" => Ok(GeneratedField::Enabled),
                            "validity" => Ok(GeneratedField::Validity),
                            "notificationChannels" | "notification_channels" => Ok(GeneratedField::NotificationChannels),
                            "creationRecord" | "creation_record" => Ok(GeneratedField::CreationRecord),
                            "mutationRecord" | "mutation_record" => Ok(GeneratedField::MutationRecord),
                            "alertStrategy" | "alert_strategy" => Ok(GeneratedField::AlertStrategy),
                            "severity" => Ok(GeneratedField::Severity),
                            _ => Ok(GeneratedField::__SkipField__),
                        }
                    }
                }
                deserializer.deserialize_identifier(GeneratedVisitor)
            }
        }
        struct GeneratedVisitor;
        impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
            type Value = AlertPolicy;

            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str("struct google.monitoring.v3.AlertPolicy")
            }

            fn visit_map<V>(self, mut map_: V) -> std::result::Result<AlertPolicy, V::Error>
                where
                    V: serde::de::MapAccess<'de>,
            {
                let mut name__ = None;
                let mut display_name__ = None;
                let mut documentation__ = None;
                let mut user_labels__ = None;
                let mut conditions__ = None;
                let mut combiner__ = None;
                let mut enabled__ = None;
                let mut validity__ = None;
                let mut notification_channels__ = None;
                let mut creation_record__ = None;
                let mut mutation_record__ = None;
                let mut alert_strategy__ = None;
                let mut severity__ = None;
                while let Some(k) = map_.next_key()? {
                    match k {
                        GeneratedField::Name => {
                            if name__.is_some() {
                                return Err(serde::de::Error::duplicate_field("name"));
                            }
                            name__ = Some(map_.next_value()?);
                        }
                        GeneratedField::DisplayName => {
                            if display_name__.is_some() {
                                return Err(serde::de::Error::duplicate_field("displayName"));
                            }
                            display_name__ = Some(map_.next_value()?);
                        }
                        GeneratedField::Documentation => {
                            if documentation__.is_some() {
                                return Err(serde::de::Error::duplicate_field("documentation"));
                            }
                            documentation__ = map_.next_value()?;
                        }
                        GeneratedField::UserLabels => {
                            if user_labels__.is_some() {
                                return Err(serde::de::Error::duplicate_field("userLabels"));
                            }
                            user_labels__ = Some(
                                map_.next_value::<std::collections::HashMap<_, _>>()?
                            );
                        }
                        GeneratedField::Conditions => {
                            if conditions__.is_some() {
                                return Err(serde::de::Error::duplicate_field("conditions"));
                            }
                            conditions__ = Some(map_.next_value()?);
                        }
                        GeneratedField::Combiner => {
                            if combiner__.is_some() {
                                return Err(serde::de::Error::duplicate_field("combiner"));
                            }
                            combiner__ = Some(map_.next_value::<alert_policy::ConditionCombinerType>()? as i32);
                        }
                        GeneratedField::Enabled => {
                            if enabled__.is_some() {
                                return Err(serde::de::Error::duplicate_field("enabled"));
                            }
                            enabled__ = map_.next_value()?;
                        }
                        GeneratedField::Validity => {
                            if validity__.is_some() {
                                return Err(serde::de::Error::duplicate_field("validity"));
                            }
                            validity__ = map_.next_value()?;
                        }
                        GeneratedField::NotificationChannels => {
                            if notification_channels__.is_some() {
                                return Err(serde::de::Error::duplicate_field("notificationChannels"));
                            }
                            notification_channels__ = Some(map_.next_value()?);
                        }
                        GeneratedField::CreationRecord => {
                            if creation_record__.is_some() {
                                return Err(serde::de::Error::duplicate_field("creationRecord"));
                            }
                            creation_record__ = map_.next_value()?;
                        }
                        GeneratedField::MutationRecord => {
                            if mutation_record__.is_some() {
                                return Err(serde::de::Error::duplicate_field("mutationRecord"));
                            }
                            mutation_record__ = map_.next_value()?;
                        }
                        GeneratedField::AlertStrategy => {
                            if alert_strategy__.is_some() {
                                return Err(serde::de::Error::duplicate_field("alertStrategy"));
                            }
                            alert_strategy__ = map_.next_value()?;
                        }
                        GeneratedField::Severity => {
                            if severity__.is_some() {
                                return Err(serde::de::Error::duplicate_field("severity"));
                            }
                            severity__ = Some(map_.next_value::<alert_policy::Severity>()? as i32);
                        }
                        GeneratedField::__SkipField__ => {
                            let _ = map_.next_value::<serde::de::IgnoredAny>()?;
                        }
                    }
                }
                Ok(AlertPolicy {
                    name: name__.unwrap_or_default(),
                    display_name: display_name__.unwrap_or_default(),
                    documentation: documentation__,
                    user_labels: user_labels__.unwrap_or_default(),
                    conditions: conditions__.unwrap_or_default(),
                    combiner: combiner__.unwrap_or_default(),
                    enabled: enabled__,
                    validity: validity__,
                    notification_channels: notification_channels__.unwrap_or_default(),
                    creation_record: creation_record__,
                    mutation_record: mutation_record__,
                    alert_strategy: alert_strategy__,
                    severity: severity__.unwrap_or_default(),
                })
            }
        }
        deserializer.deserialize_struct("google.monitoring.v3.AlertPolicy", FIELDS, GeneratedVisitor)
    }
}
impl serde::Serialize for alert_policy::AlertStrategy {
    #[allow(deprecated)]
    fn serialize<S>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error>
    where
        S: serde::Serializer,
    {
        use serde::ser::SerializeStruct;
        let mut len = 0;
        if self.notification_rate_limit.is_some() {
            len += 1;
        }
        if !self.notification_prompts.is_empty() {
            len += 1;
        }
        if self.auto_close.is_some() {
            len += 1;
        }
        if !self.notification_channel_strategy.is_empty() {
            len += 1;
        }
        let mut struct_ser = serializer.serialize_struct("google.monitoring.v3.AlertPolicy.AlertStrategy", len)?;
        if let Some(v) = self.notification_rate_limit.as_ref() {
            struct_ser.serialize_field("notificationRateLimit", v)?;
        }
        if !self.notification_prompts.is_empty() {
            let v = self.notification_prompts.iter().cloned().map(|v| {
                alert_policy::alert_strategy::NotificationPrompt::try_from(v)
                    .map_err(|_| serde::ser::Error::custom(format!("Invalid variant {}", v)))
                }).collect::<std::result::Result<Vec<_>, _>>()?;
            struct_ser.serialize_field("notificationPrompts", &v)?;
        }
        if let Some(v) = self.auto_close.as_ref() {
            struct_ser.serialize_field("autoClose", v)?;
        }
        if !self.notification_channel_strategy.is_empty() {
            struct_ser.serialize_field("notificationChannelStrategy", &self.notification_channel_strategy)?;
        }
        struct_ser.end()
    }
}
impl<'de> serde::Deserialize<'de> for alert_policy::AlertStrategy {
    #[allow(deprecated)]
    fn deserialize<D>(deserializer: D) -> std::result::Result<Self, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        const FIELDS: &[&str] = &[
            "notification_rate_limit",
            "notificationRateLimit",
            "notification_prompts",
            "notificationPrompts",
            "auto_close",
            "autoClose",
            "notification_channel_strategy",
            "notificationChannelStrategy",
        ];

        #[allow(clippy::enum_variant_names)]
        enum GeneratedField {
            NotificationRateLimit,
            NotificationPrompts,
            AutoClose,
            NotificationChannelStrategy,
            __SkipField__,
        }
        impl<'de> serde::Deserialize<'de> for GeneratedField {
            fn deserialize<D>(deserializer: D) -> std::result::Result<GeneratedField, D::Error>
            where
                D: serde::Deserializer<'de>,
            {
                struct GeneratedVisitor;

                impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
                    type Value = GeneratedField;

                    fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        write!(formatter, "expected one of: {:?}", &FIELDS)
                    }

                    #[allow(unused_variables)]
                    fn visit_str<E>(self, value: &str) -> std::result::Result<GeneratedField, E>
                    where
                        E: serde::de::Error,
                    {
                        match value {
                            "notificationRateLimit" | "notification_rate_limit" => Ok(GeneratedField::NotificationRateLimit),
                            "notificationPrompts" | "notification_prompts" => Ok(GeneratedField::NotificationPrompts),
                            "autoClose" | "auto_close" => Ok(GeneratedField::AutoClose),
                            "notificationChannelStrategy" | "notification_channel_strategy" => Ok(GeneratedField::NotificationChannelStrategy),
                            _ => Ok(GeneratedField::__SkipField__),
                        }
                    }
                }
                deserializer.deserialize_identifier(GeneratedVisitor)
            }
        }
        struct GeneratedVisitor;
        impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
            type Value = alert_policy::AlertStrategy;

            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str("struct google.monitoring.v3.AlertPolicy.AlertStrategy")
            }

            fn visit_map<V>(self, mut map_: V) -> std::result::Result<alert_policy::AlertStrategy, V::Error>
                where
                    V: serde::de::MapAccess<'de>,
            {
                let mut notification_rate_limit__ = None;
                let mut notification_prompts__ = None;
                let mut auto_close__ = None;
                let mut notification_channel_strategy__ = None;
                while let Some(k) = map_.next_key()? {
                    match k {
                        GeneratedField::NotificationRateLimit => {
                            if notification_rate_limit__.is_some() {
                                return Err(serde::de::Error::duplicate_field("notificationRateLimit"));
                            }
                            notification_rate_limit__ = map_.next_value()?;
                        }
                        GeneratedField::NotificationPrompts => {
                            if notification_prompts__.is_some() {
                                return Err(serde::de::Error::duplicate_field("notificationPrompts"));
                            }
                            notification_prompts__ = Some(map_.next_value::<Vec<alert_policy::alert_strategy::NotificationPrompt>>()?.into_iter().map(|x| x as i32).collect());
                        }
                        GeneratedField::AutoClose => {
                            if auto_close__.is_some() {
                                return Err(serde::de::Error::duplicate_field("autoClose"));
                            }
                            auto_close__ = map_.next_value()?;
                        }
                        GeneratedField::NotificationChannelStrategy => {
                            if notification_channel_strategy__.is_some() {
                                return Err(serde::de::Error::duplicate_field("notificationChannelStrategy"));
                            }
                            notification_channel_strategy__ = Some(map_.next_value()?);
                        }
                        GeneratedField::__SkipField__ => {
                            let _ = map_.next_value::<serde::de::IgnoredAny>()?;
                        }
                    }
                }
                Ok(alert_policy::AlertStrategy {
                    notification_rate_limit: notification_rate_limit__,
                    notification_prompts: notification_prompts__.unwrap_or_default(),
                    auto_close: auto_close__,
                    notification_channel_strategy: notification_channel_strategy__.unwrap_or_default(),
                })
            }
        }
        deserializer.deserialize_struct("google.monitoring.v3.AlertPolicy.AlertStrategy", FIELDS, GeneratedVisitor)
    }
}
impl serde::Serialize for alert_policy::alert_strategy::NotificationChannelStrategy {
    #[allow(deprecated)]
    fn serialize<S>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error>
    where
        S: serde::Serializer,
    {
        use serde::ser::SerializeStruct;
        let mut len = 0;
        if !self.notification_channel_names.is_empty() {
            len += 1;
        }
        if self.renotify_interval.is_some() {
            len += 1;
        }
        let mut struct_ser = serializer.serialize_struct("google.monitoring.v3.AlertPolicy.AlertStrategy.NotificationChannelStrategy", len)?;
        if !self.notification_channel_names.is_empty() {
            struct_ser.serialize_field("notificationChannelNames", &self.notification_channel_names)?;
        }
        if let Some(v) = self.renotify_interval.as_ref() {
            struct_ser.serialize_field("renotifyInterval", v)?;
        }
        struct_ser.end()
    }
}
impl<'de> serde::Deserialize<'de> for alert_policy::alert_strategy::NotificationChannelStrategy {
    #[allow(deprecated)]
    fn deserialize<D>(deserializer: D) -> std::result::Result<Self, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        const FIELDS: &[&str] = &[
            "notification_channel_names",
            "notificationChannelNames",
            "renotify_interval",
            "renotifyInterval",
        ];

        #[allow(clippy::enum_variant_names)]
        enum GeneratedField {
            NotificationChannelNames,
            RenotifyInterval,
            __SkipField__,
        }
        impl<'de> serde::Deserialize<'de> for GeneratedField {
            fn deserialize<D>(deserializer: D) -> std::result::Result<GeneratedField, D::Error>
            where
                D: serde::Deserializer<'de>,
            {
                struct GeneratedVisitor;

                impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
                    type Value = GeneratedField;

                    fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        write!(formatter, "expected one of: {:?}", &FIELDS)
                    }

                    #[allow(unused_variables)]
                    fn visit_str<E>(self, value: &str) -> std::result::Result<GeneratedField, E>
                    where
                        E: serde::de::Error,
                    {
                        match value {
                            "notificationChannelNames" | "notification_channel_names" => Ok(GeneratedField::NotificationChannelNames),
                            "renotifyInterval" | "renotify_interval" => Ok(GeneratedField::RenotifyInterval),
                            _ => Ok(GeneratedField::__SkipField__),
                        }
                    }
                }
                deserializer.deserialize_identifier(GeneratedVisitor)
            }
        }
        struct GeneratedVisitor;
        impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
            type Value = alert_policy::alert_strategy::NotificationChannelStrategy;

            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str("struct google.monitoring.v3.AlertPolicy.AlertStrategy.NotificationChannelStrategy")
            }

            fn visit_map<V>(self, mut map_: V) -> std::result::Result<alert_policy::alert_strategy::NotificationChannelStrategy, V::Error>
                where
                    V: serde::de::MapAccess<'de>,
            {
                let mut notification_channel_names__ = None;
                let mut renotify_interval__ = None;
                while let Some(k) = map_.next_key()? {
                    match k {
                        GeneratedField::NotificationChannelNames => {
                            if notification_channel_names__.is_some() {
                                return Err(serde::de::Error::duplicate_field("notificationChannelNames"));
                            }
                            notification_channel_names__ = Some(map_.next_value()?);
                        }
                        GeneratedField::RenotifyInterval => {
                            if renotify_interval__.is_some() {
                                return Err(serde::de::Error::duplicate_field("renotifyInterval"));
                            }
                            renotify_interval__ = map_.next_value()?;
                        }
                        GeneratedField::__SkipField__ => {
                            let _ = map_.next_value::<serde::de::IgnoredAny>()?;
                        }
                    }
                }
                Ok(alert_policy::alert_strategy::NotificationChannelStrategy {
                    notification_channel_names: notification_channel_names__.unwrap_or_default(),
                    renotify_interval: renotify_interval__,
                })
            }
        }
        deserializer.deserialize_struct("google.monitoring.v3.AlertPolicy.AlertStrategy.NotificationChannelStrategy", FIELDS, GeneratedVisitor)
    }
}
impl serde::Serialize for alert_policy::alert_strategy::NotificationPrompt {
    #[allow(deprecated)]
    fn serialize<S>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error>
    where
        S: serde::Serializer,
    {
        let variant = match self {
            Self::Unspecified => "NOTIFICATION_PROMPT_UNSPECIFIED",
            Self::Opened => "OPENED",
            Self::Closed => "CLOSED",
        };
        serializer.serialize_str(variant)
    }
}
impl<'de> serde::Deserialize<'de> for alert_policy::alert_strategy::NotificationPrompt {
    #[allow(deprecated)]
    fn deserialize<D>(deserializer: D) -> std::result::Result<Self, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        const FIELDS: &[&str] = &[
            "NOTIFICATION_PROMPT_UNSPECIFIED",
            "OPENED",
            "CLOSED",
        ];

        struct GeneratedVisitor;

        impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
            type Value = alert_policy::alert_strategy::NotificationPrompt;

            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                write!(formatter, "expected one of: {:?}", &FIELDS)
            }

            fn visit_i64<E>(self, v: i64) -> std::result::Result<Self::Value, E>
            where
                E: serde::de::Error,
            {
                i32::try_from(v)
                    .ok()
                    .and_then(|x| x.try_into().ok())
                    .ok_or_else(|| {
                        serde::de::Error::invalid_value(serde::de::Unexpected::Signed(v), &self)
                    })
            }

            fn visit_u64<E>(self, v: u64) -> std::result::Result<Self::Value, E>
            where
                E: serde::de::Error,
            {
                i32::try_from(v)
                    .ok()
                    .and_then(|x| x.try_into().ok())
                    .ok_or_else(|| {
                        serde::de::Error::invalid_value(serde::de::Unexpected::Unsigned(v), &self)
                    })
            }

            fn visit_str<E>(self, value: &str) -> std::result::Result<Self::Value, E>
            where
                E: serde::de::Error,
            {
                match value {
                    "NOTIFICATION_PROMPT_UNSPECIFIED" => Ok(alert_policy::alert_strategy::NotificationPrompt::Unspecified),
                    "OPENED" => Ok(alert_policy::alert_strategy::NotificationPrompt::Opened),
                    "CLOSED" => Ok(alert_policy::alert_strategy::NotificationPrompt::Closed),
                    _ => Err(serde::de::Error::unknown_variant(value, FIELDS)),
                }
            }
        }
        deserializer.deserialize_any(GeneratedVisitor)
    }
}
impl serde::Serialize for alert_policy::alert_strategy::NotificationRateLimit {
    #[allow(deprecated)]
    fn serialize<S>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error>
    where
        S: serde::Serializer,
    {
        use serde::ser::SerializeStruct;
        let mut len = 0;
        if self.period.is_some() {
            len += 1;
        }
        let mut struct_ser = serializer.serialize_struct("google.monitoring.v3.AlertPolicy.AlertStrategy.NotificationRateLimit", len)?;
        if let Some(v) = self.period.as_ref() {
            struct_ser.serialize_field("period", v)?;
        }
        struct_ser.end()
    }
}
impl<'de> serde::Deserialize<'de> for alert_policy::alert_strategy::NotificationRateLimit {
    #[allow(deprecated)]
    fn deserialize<D>(deserializer: D) -> std::result::Result<Self, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        const FIELDS: &[&str] = &[
            "period",
        ];

        #[allow(clippy::enum_variant_names)]
        enum GeneratedField {
            Period,
            __SkipField__,
        }
        impl<'de> serde::Deserialize<'de> for GeneratedField {
            fn deserialize<D>(deserializer: D) -> std::result::Result<GeneratedField, D::Error>
            where
                D: serde::Deserializer<'de>,
            {
                struct GeneratedVisitor;

                impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
                    type Value = GeneratedField;

                    fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        write!(formatter, "expected one of: {:?}", &FIELDS)
                    }

                    #[allow(unused_variables)]
                    fn visit_str<E>(self, value: &str) -> std::result::Result<GeneratedField, E>
                    where
                        E: serde::de::Error,
                    {
                        match value {
                            "period" => Ok(GeneratedField::Period),
                            _ => Ok(GeneratedField::__SkipField__),
                        }
                    }
                }
                deserializer.deserialize_identifier(GeneratedVisitor)
            }
        }
        struct GeneratedVisitor;
        impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
            type Value = alert_policy::alert_strategy::NotificationRateLimit;

            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str("struct google.monitoring.v3.AlertPolicy.AlertStrategy.NotificationRateLimit")
            }

            fn visit_map<V>(self, mut map_: V) -> std::result::Result<alert_policy::alert_strategy::NotificationRateLimit, V::Error>
                where
                    V: serde::de::MapAccess<'de>,
            {
                let mut period__ = None;
                while let Some(k) = map_.next_key()? {
                    match k {
                        GeneratedField::Period => {
                            if period__.is_some() {
                                return Err(serde::de::Error::duplicate_field("period"));
                            }
                            period__ = map_.next_value()?;
                        }
                        GeneratedField::__SkipField__ => {
                            let _ = map_.next_value::<serde::de::IgnoredAny>()?;
                        }
                    }
                }
                Ok(alert_policy::alert_strategy::NotificationRateLimit {
                    period: period__,
                })
            }
        }
        deserializer.deserialize_struct("google.monitoring.v3.AlertPolicy.AlertStrategy.NotificationRateLimit", FIELDS, GeneratedVisitor)
    }
}
impl serde::Serialize for alert_policy::Condition {
    #[allow(deprecated)]
    fn serialize<S>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error>
    where
        S: serde::Serializer,
    {
        use serde::ser::SerializeStruct;
        let mut len = 0;
        if !self.name.is_empty() {
            len += 1;
        }
        if !self.display_name.is_empty() {
            len += 1;
        }
        if self.condition.is_some() {
            len += 1;
        }
        let mut struct_ser = serializer.serialize_struct("google.monitoring.v3.AlertPolicy.Condition", len)?;
        if !self.name.is_empty() {
            struct_ser.serialize_field("name", &self.name)?;
        }
        if !self.display_name.is_empty() {
            struct_ser.serialize_field("displayName", &self.display_name)?;
        }
        if let Some(v) = self.condition.as_ref() {
            match v {
                alert_policy::condition::Condition::ConditionThreshold(v) => {
                    struct_ser.serialize_field("conditionThreshold", v)?;
                }
                alert_policy::condition::Condition::ConditionAbsent(v) => {
                    struct_ser.serialize_field("conditionAbsent", v)?;
                }
                alert_policy::condition::Condition::ConditionMatchedLog(v) => {
                    struct_ser.serialize_field("conditionMatchedLog", v)?;
                }
                alert_policy::condition::Condition::ConditionMonitoringQueryLanguage(v) => {
                    struct_ser.serialize_field("conditionMonitoringQueryLanguage", v)?;
                }
                alert_policy::condition::Condition::ConditionPrometheusQueryLanguage(v) => {
                    struct_ser.serialize_field("conditionPrometheusQueryLanguage", v)?;
                }
                alert_policy::condition::Condition::ConditionSql(v) => {
                    struct_ser.serialize_field("conditionSql", v)?;
                }
            }
        }
        struct_ser.end()
    }
}
impl<'de> serde::Deserialize<'de> for alert_policy::Condition {
    #[allow(deprecated)]
    fn deserialize<D>(deserializer: D) -> std::result::Result<Self, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        const FIELDS: &[&str] = &[
            "name",
            "display_name",
            "displayName",
            "condition_threshold",
            "conditionThreshold",
            "condition_absent",
            "conditionAbsent",
            "condition_matched_log",
            "conditionMatchedLog",
            "condition_monitoring_query_language",
            "conditionMonitoringQueryLanguage",
            "condition_prometheus_query_language",
            "conditionPrometheusQueryLanguage",
            "condition_sql",
            "conditionSql",
        ];

        #[allow(clippy::enum_variant_names)]
        enum GeneratedField {
            Name,
            DisplayName,
            ConditionThreshold,
            ConditionAbsent,
            ConditionMatchedLog,
            ConditionMonitoringQueryLanguage,
            ConditionPrometheusQueryLanguage,
            ConditionSql,
            __SkipField__,
        }
        impl<'de> serde::Deserialize<'de> for GeneratedField {
            fn deserialize<D>(deserializer: D) -> std::result::Result<GeneratedField, D::Error>
            where
                D: serde::Deserializer<'de>,
            {
                struct GeneratedVisitor;

                impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
                    type Value = GeneratedField;

                    fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        write!(formatter, "expected one of: {:?}", &FIELDS)
                    }

                    #[allow(unused_variables)]
                    fn visit_str<E>(self, value: &str) -> std::result::Result<GeneratedField, E>
                    where
                        E: serde::de::Error,
                    {
                        match value {
                            "name" => Ok(GeneratedField::Name),
                            "displayName" | "display_name" => Ok(GeneratedField::DisplayName),
                            "conditionThreshold" | "condition_threshold" => Ok(GeneratedField::ConditionThreshold),
                            "conditionAbsent" | "condition_absent" => Ok(GeneratedField::ConditionAbsent),
                            "conditionMatchedLog" | "condition_matched_log" => Ok(GeneratedField::ConditionMatchedLog),
                            "conditionMonitoringQueryLanguage" | "condition_monitoring_query_language" => Ok(GeneratedField::ConditionMonitoringQueryLanguage),
                            "conditionPrometheusQueryLanguage" | "condition_prometheus_query_language" => Ok(GeneratedField::ConditionPrometheusQueryLanguage),
                            "conditionSql" | "condition_sql" => Ok(GeneratedField::ConditionSql),
                            _ => Ok(GeneratedField::__SkipField__),
                        }
                    }
                }
                deserializer.deserialize_identifier(GeneratedVisitor)
            }
        }
        struct GeneratedVisitor;
        impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
            type Value = alert_policy::Condition;

            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str("struct google.monitoring.v3.AlertPolicy.Condition")
            }

            fn visit_map<V>(self, mut map_: V) -> std::result::Result<alert_policy::Condition, V::Error>
                where
                    V: serde::de::MapAccess<'de>,
            {
                let mut name__ = None;
                let mut display_name__ = None;
                let mut condition__ = None;
                while let Some(k) = map_.next_key()? {
                    match k {
                        GeneratedField::Name => {
                            if name__.is_some() {
                                return Err(serde::de::Error::duplicate_field("name"));
                            }
                            name__ = Some(map_.next_value()?);
                        }
                        GeneratedField::DisplayName => {
                            if display_name__.is_some() {
                                return Err(serde::de::Error::duplicate_field("displayName"));
                            }
                            display_name__ = Some(map_.next_value()?);
                        }
                        GeneratedField::ConditionThreshold => {
                            if condition__.is_some() {
                                return Err(serde::de::Error::duplicate_field("conditionThreshold"));
                            }
                            condition__ = map_.next_value::<::std::option::Option<_>>()?.map(alert_policy::condition::Condition::ConditionThreshold)
;
                        }
                        GeneratedField::ConditionAbsent => {
                            if condition__.is_some() {
                                return Err(serde::de::Error::duplicate_field("conditionAbsent"));
                            }
                            condition__ = map_.next_value::<::std::option::Option<_>>()?.map(alert_policy::condition::Condition::ConditionAbsent)
;
                        }
                        GeneratedField::ConditionMatchedLog => {
                            if condition__.is_some() {
                                return Err(serde::de::Error::duplicate_field("conditionMatchedLog"));
                            }
                            condition__ = map_.next_value::<::std::option::Option<_>>()?.map(alert_policy::condition::Condition::ConditionMatchedLog)
;
                        }
                        GeneratedField::ConditionMonitoringQueryLanguage => {
                            if condition__.is_some() {
                                return Err(serde::de::Error::duplicate_field("conditionMonitoringQueryLanguage"));
                            }
                            condition__ = map_.next_value::<::std::option::Option<_>>()?.map(alert_policy::condition::Condition::ConditionMonitoringQueryLanguage)
;
                        }
                        GeneratedField::ConditionPrometheusQueryLanguage => {
                            if condition__.is_some() {
                                return Err(serde::de::Error::duplicate_field("conditionPrometheusQueryLanguage"));
                            }
                            condition__ = map_.next_value::<::std::option::Option<_>>()?.map(alert_policy::condition::Condition::ConditionPrometheusQueryLanguage)
;
                        }
                        GeneratedField::ConditionSql => {
                            if condition__.is_some() {
                                return Err(serde::de::Error::duplicate_field("conditionSql"));
                            }
                            condition__ = map_.next_value::<::std::option::Option<_>>()?.map(alert_policy::condition::Condition::ConditionSql)
;
                        }
                        GeneratedField::__SkipField__ => {
                            let _ = map_.next_value::<serde::de::IgnoredAny>()?;
                        }
                    }
                }
                Ok(alert_policy::Condition {
                    name: name__.unwrap_or_default(),
                    display_name: display_name__.unwrap_or_default(),
                    condition: condition__,
                })
            }
        }
        deserializer.deserialize_struct("google.monitoring.v3.AlertPolicy.Condition", FIELDS, GeneratedVisitor)
    }
}
impl serde::Serialize for alert_policy::condition::EvaluationMissingData {
    #[allow(deprecated)]
    fn serialize<S>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error>
    where
        S: serde::Serializer,
    {
        let variant = match self {
            Self::Unspecified => "EVALUATION_MISSING_DATA_UNSPECIFIED",
            Self::Inactive => "EVALUATION_MISSING_DATA_INACTIVE",
            Self::Active => "EVALUATION_MISSING_DATA_ACTIVE",
            Self::NoOp => "EVALUATION_MISSING_DATA_NO_OP",
        };
        serializer.serialize_str(variant)
    }
}
impl<'de> serde::Deserialize<'de> for alert_policy::condition::EvaluationMissingData {
    #[allow(deprecated)]
    fn deserialize<D>(deserializer: D) -> std::result::Result<Self, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        const FIELDS: &[&str] = &[
            "EVALUATION_MISSING_DATA_UNSPECIFIED",
            "EVALUATION_MISSING_DATA_INACTIVE",
            "EVALUATION_MISSING_DATA_ACTIVE",
            "EVALUATION_MISSING_DATA_NO_OP",
        ];

        struct GeneratedVisitor;

        impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
            type Value = alert_policy::condition::EvaluationMissingData;

            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                write!(formatter, "expected one of: {:?}", &FIELDS)
            }

            fn visit_i64<E>(self, v: i64) -> std::result::Result<Self::Value, E>
            where
                E: serde::de::Error,
            {
                i32::try_from(v)
                    .ok()
                    .and_then(|x| x.try_into().ok())
                    .ok_or_else(|| {
                        serde::de::Error::invalid_value(serde::de::Unexpected::Signed(v), &self)
                    })
            }

            fn visit_u64<E>(self, v: u64) -> std::result::Result<Self::Value, E>
            where
                E: serde::de::Error,
            {
                i32::try_from(v)
                    .ok()
                    .and_then(|x| x.try_into().ok())
                    .ok_or_else(|| {
                        serde::de::Error::invalid_value(serde::de::Unexpected::Unsigned(v), &self)
                    })
            }

            fn visit_str<E>(self, value: &str) -> std::result::Result<Self::Value, E>
            where
                E: serde::de::Error,
            {
                match value {
                    "EVALUATION_MISSING_DATA_UNSPECIFIED" => Ok(alert_policy::condition::EvaluationMissingData::Unspecified),
                    "EVALUATION_MISSING_DATA_INACTIVE" => Ok(alert_policy::condition::EvaluationMissingData::Inactive),
                    "EVALUATION_MISSING_DATA_ACTIVE" => Ok(alert_policy::condition::EvaluationMissingData::Active),
                    "EVALUATION_MISSING_DATA_NO_OP" => Ok(alert_policy::condition::EvaluationMissingData::NoOp),
                    _ => Err(serde::de::Error::unknown_variant(value, FIELDS)),
                }
            }
        }
        deserializer.deserialize_any(GeneratedVisitor)
    }
}
impl serde::Serialize for alert_policy::condition::LogMatch {
    #[allow(deprecated)]
    fn serialize<S>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error>
    where
        S: serde::Serializer,
    {
        use serde::ser::SerializeStruct;
        let mut len = 0;
        if !self.filter.is_empty() {
            len += 1;
        }
        if !self.label_extractors.is_empty() {
            len += 1;
        }
        let mut struct_ser = serializer.serialize_struct("google.monitoring.v3.AlertPolicy.Condition.LogMatch", len)?;
        if !self.filter.is_empty() {
            struct_ser.serialize_field("filter", &self.filter)?;
        }
        if !self.label_extractors.is_empty() {
            struct_ser.serialize_field("labelExtractors", &self.label_extractors)?;
        }
        struct_ser.end()
    }
}
impl<'de> serde::Deserialize<'de> for alert_policy::condition::LogMatch {
    #[allow(deprecated)]
    fn deserialize<D>(deserializer: D) -> std::result::Result<Self, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        const FIELDS: &[&str] = &[
            "filter",
            "label_extractors",
            "labelExtractors",
        ];

        #[allow(clippy::enum_variant_names)]
        enum GeneratedField {
            Filter,
            LabelExtractors,
            __SkipField__,
        }
        impl<'de> serde::Deserialize<'de> for GeneratedField {
            fn deserialize<D>(deserializer: D) -> std::result::Result<GeneratedField, D::Error>
            where
                D: serde::Deserializer<'de>,
            {
                struct GeneratedVisitor;

                impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
                    type Value = GeneratedField;

                    fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        write!(formatter, "expected one of: {:?}", &FIELDS)
                    }

                    #[allow(unused_variables)]
                    fn visit_str<E>(self, value: &str) -> std::result::Result<GeneratedField, E>
                    where
                        E: serde::de::Error,
                    {
                        match value {
                            "filter" => Ok(GeneratedField::Filter),
                            "labelExtractors" | "label_extractors" => Ok(GeneratedField::LabelExtractors),
                            _ => Ok(GeneratedField::__SkipField__),
                        }
                    }
                }
                deserializer.deserialize_identifier(GeneratedVisitor)
            }
        }
        struct GeneratedVisitor;
        impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
            type Value = alert_policy::condition::LogMatch;

            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str("struct google.monitoring.v3.AlertPolicy.Condition.LogMatch")
            }

            fn visit_map<V>(self, mut map_: V) -> std::result::Result<alert_policy::condition::LogMatch, V::Error>
                where
                    V: serde::de::MapAccess<'de>,
            {
                let mut filter__ = None;
                let mut label_extractors__ = None;
                while let Some(k) = map_.next_key()? {
                    match k {
                        GeneratedField::Filter => {
                            if filter__.is_some() {
                                return Err(serde::de::Error::duplicate_field("filter"));
                            }
                            filter__ = Some(map_.next_value()?);
                        }
                        GeneratedField::LabelExtractors => {
                            if label_extractors__.is_some() {
                                return Err(serde::de::Error::duplicate_field("labelExtractors"));
                            }
                            label_extractors__ = Some(
                                map_.next_value::<std::collections::HashMap<_, _>>()?
                            );
                        }
                        GeneratedField::__SkipField__ => {
                            let _ = map_.next_value::<serde::de::IgnoredAny>()?;
                        }
                    }
                }
                Ok(alert_policy::condition::LogMatch {
                    filter: filter__.unwrap_or_default(),
                    label_extractors: label_extractors__.unwrap_or_default(),
                })
            }
        }
        deserializer.deserialize_struct("google.monitoring.v3.AlertPolicy.Condition.LogMatch", FIELDS, GeneratedVisitor)
    }
}
impl serde::Serialize for alert_policy::condition::MetricAbsence {
    #[allow(deprecated)]
    fn serialize<S>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error>
    where
        S: serde::Serializer,
    {
        use serde::ser::SerializeStruct;
        let mut len = 0;
        if !self.filter.is_empty() {
            len += 1;
        }
        if !self.aggregations.is_empty() {
            len += 1;
        }
        if self.duration.is_some() {
            len += 1;
        }
        if self.trigger.is_some() {
            len += 1;
        }
        let mut struct_ser = serializer.serialize_struct("google.monitoring.v3.AlertPolicy.Condition.MetricAbsence", len)?;
        if !self.filter.is_empty() {
            struct_ser.serialize_field("filter", &self.filter)?;
        }
        if !self.aggregations.is_empty() {
            struct_ser.serialize_field("aggregations", &self.aggregations)?;
        }
        if let Some(v) = self.duration.as_ref() {
            struct_ser.serialize_field("duration", v)?;
        }
        if let Some(v) = self.trigger.as_ref() {
            struct_ser.serialize_field("trigger", v)?;
        }
        struct_ser.end()
    }
}
impl<'de> serde::Deserialize<'de> for alert_policy::condition::MetricAbsence {
    #[allow(deprecated)]
    fn deserialize<D>(deserializer: D) -> std::result::Result<Self, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        const FIELDS: &[&str] = &[
            "filter",
            "aggregations",
            "duration",
            "trigger",
        ];

        #[allow(clippy::enum_variant_names)]
        enum GeneratedField {
            Filter,
            Aggregations,
            Duration,
            Trigger,
            __SkipField__,
        }
        impl<'de> serde::Deserialize<'de> for GeneratedField {
            fn deserialize<D>(deserializer: D) -> std::result::Result<GeneratedField, D::Error>
            where
                D: serde::Deserializer<'de>,
            {
                struct GeneratedVisitor;

                impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
                    type Value = GeneratedField;

                    fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        write!(formatter, "expected one of: {:?}", &FIELDS)
                    }

                    #[allow(unused_variables)]
                    fn visit_str<E>(self, value: &str) -> std::result::Result<GeneratedField, E>
                    where
                        E: serde::de::Error,
                    {
                        match value {
                            "filter" => Ok(GeneratedField::Filter),
                            "aggregations" => Ok(GeneratedField::Aggregations),
                            "duration" => Ok(GeneratedField::Duration),
                            "trigger" => Ok(GeneratedField::Trigger),
                            _ => Ok(GeneratedField::__SkipField__),
                        }
                    }
                }
                deserializer.deserialize_identifier(GeneratedVisitor)
            }
        }
        struct GeneratedVisitor;
        impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
            type Value = alert_policy::condition::MetricAbsence;

            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str("struct google.monitoring.v3.AlertPolicy.Condition.MetricAbsence")
            }

            fn visit_map<V>(self, mut map_: V) -> std::result::Result<alert_policy::condition::MetricAbsence, V::Error>
                where
                    V: serde::de::MapAccess<'de>,
            {
                let mut filter__ = None;
                let mut aggregations__ = None;
                let mut duration__ = None;
                let mut trigger__ = None;
                while let Some(k) = map_.next_key()? {
                    match k {
                        GeneratedField::Filter => {
                            if filter__.is_some() {
                                return Err(serde::de::Error::duplicate_field("filter"));
                            }
                            filter__ = Some(map_.next_value()?);
                        }
                        GeneratedField::Aggregations => {
                            if aggregations__.is_some() {
                                return Err(serde::de::Error::duplicate_field("aggregations"));
                            }
                            aggregations__ = Some(map_.next_value()?);
                        }
                        GeneratedField::Duration => {
                            if duration__.is_some() {
                                return Err(serde::de::Error::duplicate_field("duration"));
                            }
                            duration__ = map_.next_value()?;
                        }
                        GeneratedField::Trigger => {
                            if trigger__.is_some() {
                                return Err(serde::de::Error::duplicate_field("trigger"));
                            }
                            trigger__ = map_.next_value()?;
                        }
                        GeneratedField::__SkipField__ => {
                            let _ = map_.next_value::<serde::de::IgnoredAny>()?;
                        }
                    }
                }
                Ok(alert_policy::condition::MetricAbsence {
                    filter: filter__.unwrap_or_default(),
                    aggregations: aggregations__.unwrap_or_default(),
                    duration: duration__,
                    trigger: trigger__,
                })
            }
        }
        deserializer.deserialize_struct("google.monitoring.v3.AlertPolicy.Condition.MetricAbsence", FIELDS, GeneratedVisitor)
    }
}
impl serde::Serialize for alert_policy::condition::MetricThreshold {
    #[allow(deprecated)]
    fn serialize<S>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error>
    where
        S: serde::Serializer,
    {
        use serde::ser::SerializeStruct;
        let mut len = 0;
        if !self.filter.is_empty() {
            len += 1;
        }
        if !self.aggregations.is_empty() {
            len += 1;
        }
        if !self.denominator_filter.is_empty() {
            len += 1;
        }
        if !self.denominator_aggregations.is_empty() {
            len += 1;
        }
        if self.forecast_options.is_some() {
            len += 1;
        }
        if self.comparison != 0 {
            len += 1;
        }
        if self.threshold_value != 0. {
            len += 1;
        }
        if self.duration.is_some() {
            len += 1;
        }
        if self.trigger.is_some() {
            len += 1;
        }
        if self.evaluation_missing_data != 0 {
            len += 1;
        }
        let mut struct_ser = serializer.serialize_struct("google.monitoring.v3.AlertPolicy.Condition.MetricThreshold", len)?;
        if !self.filter.is_empty() {
            struct_ser.serialize_field("filter", &self.filter)?;
        }
        if !self.aggregations.is_empty() {
            struct_ser.serialize_field("aggregations", &self.aggregations)?;
        }
        if !self.denominator_filter.is_empty() {
            struct_ser.serialize_field("denominatorFilter", &self.denominator_filter)?;
        }
        if !self.denominator_aggregations.is_empty() {
            struct_ser.serialize_field("denominatorAggregations", &self.denominator_aggregations)?;
        }
        if let Some(v) = self.forecast_options.as_ref() {
            struct_ser.serialize_field("forecastOptions", v)?;
        }
        if self.comparison != 0 {
            let v = ComparisonType::try_from(self.comparison)
                .map_err(|_| serde::ser::Error::custom(format!("Invalid variant {}", self.comparison)))?;
            struct_ser.serialize_field("comparison", &v)?;
        }
        if self.threshold_value != 0. {
            struct_ser.serialize_field("thresholdValue", &self.threshold_value)?;
        }
        if let Some(v) = self.duration.as_ref() {
            struct_ser.serialize_field("duration", v)?;
        }
        if let Some(v) = self.trigger.as_ref() {
            struct_ser.serialize_field("trigger", v)?;
        }
        if self.evaluation_missing_data != 0 {
            let v = alert_policy::condition::EvaluationMissingData::try_from(self.evaluation_missing_data)
                .map_err(|_| serde::ser::Error::custom(format!("Invalid variant {}", self.evaluation_missing_data)))?;
            struct_ser.serialize_field("evaluationMissingData", &v)?;
        }
        struct_ser.end()
    }
}
impl<'de> serde::Deserialize<'de> for alert_policy::condition::MetricThreshold {
    #[allow(deprecated)]
    fn deserialize<D>(deserializer: D) -> std::result::Result<Self, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        const FIELDS: &[&str] = &[
            "filter",
            "aggregations",
            "denominator_filter",
            "denominatorFilter",
            "denominator_aggregations",
            "denominatorAggregations",
            "forecast_options",
            "forecastOptions",
            "comparison",
            "threshold_value",
            "thresholdValue",
            "duration",
            "trigger",
            "evaluation_missing_data",
            "evaluationMissingData",
        ];

        #[allow(clippy::enum_variant_names)]
        enum GeneratedField {
            Filter,
            Aggregations,
            DenominatorFilter,
            DenominatorAggregations,
            ForecastOptions,
            Comparison,
            ThresholdValue,
            Duration,
            Trigger,
            EvaluationMissingData,
            __SkipField__,
        }
        impl<'de> serde::Deserialize<'de> for GeneratedField {
            fn deserialize<D>(deserializer: D) -> std::result::Result<GeneratedField, D::Error>
            where
                D: serde::Deserializer<'de>,
            {
                struct GeneratedVisitor;

                impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
                    type Value = GeneratedField;

                    fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        write!(formatter, "expected one of: {:?}", &FIELDS)
                    }

                    #[allow(unused_variables)]
                    fn visit_str<E>(self, value: &str) -> std::result::Result<GeneratedField, E>
                    where
                        E: serde::de::Error,
                    {
                        match value {
                            "filter" => Ok(GeneratedField::Filter),
                            "aggregations" => Ok(GeneratedField::Aggregations),
                            "denominatorFilter" | "denominator_filter" => Ok(GeneratedField::DenominatorFilter),
                            "denominatorAggregations" | "denominator_aggregations" => Ok(GeneratedField::DenominatorAggregations),
                            "forecastOptions" | "forecast_options" => Ok(GeneratedField::ForecastOptions),
                            "comparison" => Ok(GeneratedField::Comparison),
                            "thresholdValue" | "threshold_value" => Ok(GeneratedField::ThresholdValue),
                            "duration" => Ok(GeneratedField::Duration),
                            "trigger" => Ok(GeneratedField::Trigger),
                            "evaluationMissingData" | "evaluation_missing_data" => Ok(GeneratedField::EvaluationMissingData),
                            _ => Ok(GeneratedField::__SkipField__),
                        }
                    }
                }
                deserializer.deserialize_identifier(GeneratedVisitor)
            }
        }
        struct GeneratedVisitor;
        impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
            type Value = alert_policy::condition::MetricThreshold;

            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str("struct google.monitoring.v3.AlertPolicy.Condition.MetricThreshold")
            }

            fn visit_map<V>(self, mut map_: V) -> std::result::Result<alert_policy::condition::MetricThreshold, V::Error>
                where
                    V: serde::de::MapAccess<'de>,
            {
                let mut filter__ = None;
                let mut aggregations__ = None;
                let mut denominator_filter__ = None;
                let mut denominator_aggregations__ = None;
                let mut forecast_options__ = None;
                let mut comparison__ = None;
                let mut threshold_value__ = None;
                let mut duration__ = None;
                let mut trigger__ = None;
                let mut evaluation_missing_data__ = None;
                while let Some(k) = map_.next_key()? {
                    match k {
                        GeneratedField::Filter => {
                            if filter__.is_some() {
                                return Err(serde::de::Error::duplicate_field("filter"));
                            }
                            filter__ = Some(map_.next_value()?);
                        }
                        GeneratedField::Aggregations => {
                            if aggregations__.is_some() {
                                return Err(serde::de::Error::duplicate_field("aggregations"));
                            }
                            aggregations__ = Some(map_.next_value()?);
                        }
                        GeneratedField::DenominatorFilter => {
                            if denominator_filter__.is_some() {
                                return Err(serde::de::Error::duplicate_field("denominatorFilter"));
                            }
                            denominator_filter__ = Some(map_.next_value()?);
                        }
                        GeneratedField::DenominatorAggregations => {
                            if denominator_aggregations__.is_some() {
                                return Err(serde::de::Error::duplicate_field("denominatorAggregations"));
                            }
                            denominator_aggregations__ = Some(map_.next_value()?);
                        }
                        GeneratedField::ForecastOptions => {
                            if forecast_options__.is_some() {
                                return Err(serde::de::Error::duplicate_field("forecastOptions"));
                            }
                            forecast_options__ = map_.next_value()?;
                        }
                        GeneratedField::Comparison => {
                            if comparison__.is_some() {
                                return Err(serde::de::Error::duplicate_field("comparison"));
                            }
                            comparison__ = Some(map_.next_value::<ComparisonType>()? as i32);
                        }
                        GeneratedField::ThresholdValue => {
                            if threshold_value__.is_some() {
                                return Err(serde::de::Error::duplicate_field("thresholdValue"));
                            }
                            threshold_value__ = 
                                Some(map_.next_value::<::pbjson::private::NumberDeserialize<_>>()?.0)
                            ;
                        }
                        GeneratedField::Duration => {
                            if duration__.is_some() {
                                return Err(serde::de::Error::duplicate_field("duration"));
                            }
                            duration__ = map_.next_value()?;
                        }
                        GeneratedField::Trigger => {
                            if trigger__.is_some() {
                                return Err(serde::de::Error::duplicate_field("trigger"));
                            }
                            trigger__ = map_.next_value()?;
                        }
                        GeneratedField::EvaluationMissingData => {
                            if evaluation_missing_data__.is_some() {
                                return Err(serde::de::Error::duplicate_field("evaluationMissingData"));
                            }
                            evaluation_missing_data__ = Some(map_.next_value::<alert_policy::condition::EvaluationMissingData>()? as i32);
                        }
                        GeneratedField::__SkipField__ => {
                            let _ = map_.next_value::<serde::de::IgnoredAny>()?;
                        }
                    }
                }
                Ok(alert_policy::condition::MetricThreshold {
                    filter: filter__.unwrap_or_default(),
                    aggregations: aggregations__.unwrap_or_default(),
                    denominator_filter: denominator_filter__.unwrap_or_default(),
                    denominator_aggregations: denominator_aggregations__.unwrap_or_default(),
                    forecast_options: forecast_options__,
                    comparison: comparison__.unwrap_or_default(),
                    threshold_value: threshold_value__.unwrap_or_default(),
                    duration: duration__,
                    trigger: trigger__,
                    evaluation_missing_data: evaluation_missing_data__.unwrap_or_default(),
                })
            }
        }
        deserializer.deserialize_struct("google.monitoring.v3.AlertPolicy.Condition.MetricThreshold", FIELDS, GeneratedVisitor)
    }
}
impl serde::Serialize for alert_policy::condition::metric_threshold::ForecastOptions {
    #[allow(deprecated)]
    fn serialize<S>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error>
    where
        S: serde::Serializer,
    {
        use serde::ser::SerializeStruct;
        let mut len = 0;
        if self.forecast_horizon.is_some() {
            len += 1;
        }
        let mut struct_ser = serializer.serialize_struct("google.monitoring.v3.AlertPolicy.Condition.MetricThreshold.ForecastOptions", len)?;
        if let Some(v) = self.forecast_horizon.as_ref() {
            struct_ser.serialize_field("forecastHorizon", v)?;
        }
        struct_ser.end()
    }
}
impl<'de> serde::Deserialize<'de> for alert_policy::condition::metric_threshold::ForecastOptions {
    #[allow(deprecated)]
    fn deserialize<D>(deserializer: D) -> std::result::Result<Self, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        const FIELDS: &[&str] = &[
            "forecast_horizon",
            "forecastHorizon",
        ];

        #[allow(clippy::enum_variant_names)]
        enum GeneratedField {
            ForecastHorizon,
            __SkipField__,
        }
        impl<'de> serde::Deserialize<'de> for GeneratedField {
            fn deserialize<D>(deserializer: D) -> std::result::Result<GeneratedField, D::Error>
            where
                D: serde::Deserializer<'de>,
            {
                struct GeneratedVisitor;

                impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
                    type Value = GeneratedField;

                    fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        write!(formatter, "expected one of: {:?}", &FIELDS)
                    }

                    #[allow(unused_variables)]
                    fn visit_str<E>(self, value: &str) -> std::result::Result<GeneratedField, E>
                    where
                        E: serde::de::Error,
                    {
                        match value {
                            "forecastHorizon" | "forecast_horizon" => Ok(GeneratedField::ForecastHorizon),
                            _ => Ok(GeneratedField::__SkipField__),
                        }
                    }
                }
                deserializer.deserialize_identifier(GeneratedVisitor)
            }
        }
        struct GeneratedVisitor;
        impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
            type Value = alert_policy::condition::metric_threshold::ForecastOptions;

            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str("struct google.monitoring.v3.AlertPolicy.Condition.MetricThreshold.ForecastOptions")
            }

            fn visit_map<V>(self, mut map_: V) -> std::result::Result<alert_policy::condition::metric_threshold::ForecastOptions, V::Error>
                where
                    V: serde::de::MapAccess<'de>,
            {
                let mut forecast_horizon__ = None;
                while let Some(k) = map_.next_key()? {
                    match k {
                        GeneratedField::ForecastHorizon => {
                            if forecast_horizon__.is_some() {
                                return Err(serde::de::Error::duplicate_field("forecastHorizon"));
                            }
                            forecast_horizon__ = map_.next_value()?;
                        }
                        GeneratedField::__SkipField__ => {
                            let _ = map_.next_value::<serde::de::IgnoredAny>()?;
                        }
                    }
                }
                Ok(alert_policy::condition::metric_threshold::ForecastOptions {
                    forecast_horizon: forecast_horizon__,
                })
            }
        }
        deserializer.deserialize_struct("google.monitoring.v3.AlertPolicy.Condition.MetricThreshold.ForecastOptions", FIELDS, GeneratedVisitor)
    }
}
impl serde::Serialize for alert_policy::condition::MonitoringQueryLanguageCondition {
    #[allow(deprecated)]
    fn serialize<S>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error>
    where
        S: serde::Serializer,
    {
        use serde::ser::SerializeStruct;
        let mut len = 0;
        if !self.query.is_empty() {
            len += 1;
        }
        if self.duration.is_some() {
            len += 1;
        }
        if self.trigger.is_some() {
            len += 1;
        }
        if self.evaluation_missing_data != 0 {
            len += 1;
        }
        let mut struct_ser = serializer.serialize_struct("google.monitoring.v3.AlertPolicy.Condition.MonitoringQueryLanguageCondition", len)?;
        if !self.query.is_empty() {
            struct_ser.serialize_field("query", &self.query)?;
        }
        if let Some(v) = self.duration.as_ref() {
            struct_ser.serialize_field("duration", v)?;
        }
        if let Some(v) = self.trigger.as_ref() {
            struct_ser.serialize_field("trigger", v)?;
        }
        if self.evaluation_missing_data != 0 {
            let v = alert_policy::condition::EvaluationMissingData::try_from(self.evaluation_missing_data)
                .map_err(|_| serde::ser::Error::custom(format!("Invalid variant {}", self.evaluation_missing_data)))?;
            struct_ser.serialize_field("evaluationMissingData", &v)?;
        }
        struct_ser.end()
    }
}
impl<'de> serde::Deserialize<'de> for alert_policy::condition::MonitoringQueryLanguageCondition {
    #[allow(deprecated)]
    fn deserialize<D>(deserializer: D) -> std::result::Result<Self, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        const FIELDS: &[&str] = &[
            "query",
            "duration",
            "trigger",
            "evaluation_missing_data",
            "evaluationMissingData",
        ];

        #[allow(clippy::enum_variant_names)]
        enum GeneratedField {
            Query,
            Duration,
            Trigger,
            EvaluationMissingData,
            __SkipField__,
        }
        impl<'de> serde::Deserialize<'de> for GeneratedField {
            fn deserialize<D>(deserializer: D) -> std::result::Result<GeneratedField, D::Error>
            where
                D: serde::Deserializer<'de>,
            {
                struct GeneratedVisitor;

                impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
                    type Value = GeneratedField;

                    fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        write!(formatter, "expected one of: {:?}", &FIELDS)
                    }

                    #[allow(unused_variables)]
                    fn visit_str<E>(self, value: &str) -> std::result::Result<GeneratedField, E>
                    where
                        E: serde::de::Error,
                    {
                        match value {
                            "query" => Ok(GeneratedField::Query),
                            "duration" => Ok(GeneratedField::Duration),
                            "trigger" => Ok(GeneratedField::Trigger),
                            "evaluationMissingData" | "evaluation_missing_data" => Ok(GeneratedField::EvaluationMissingData),
                            _ => Ok(GeneratedField::__SkipField__),
                        }
                    }
                }
                deserializer.deserialize_identifier(GeneratedVisitor)
            }
        }
        struct GeneratedVisitor;
        impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
            type Value = alert_policy::condition::MonitoringQueryLanguageCondition;

            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str("struct google.monitoring.v3.AlertPolicy.Condition.MonitoringQueryLanguageCondition")
            }

            fn visit_map<V>(self, mut map_: V) -> std::result::Result<alert_policy::condition::MonitoringQueryLanguageCondition, V::Error>
                where
                    V: serde::de::MapAccess<'de>,
            {
                let mut query__ = None;
                let mut duration__ = None;
                let mut trigger__ = None;
                let mut evaluation_missing_data__ = None;
                while let Some(k) = map_.next_key()? {
                    match k {
                        GeneratedField::Query => {
                            if query__.is_some() {
                                return Err(serde::de::Error::duplicate_field("query"));
                            }
                            query__ = Some(map_.next_value()?);
                        }
                        GeneratedField::Duration => {
                            if duration__.is_some() {
                                return Err(serde::de::Error::duplicate_field("duration"));
                            }
                            duration__ = map_.next_value()?;
                        }
                        GeneratedField::Trigger => {
                            if trigger__.is_some() {
                                return Err(serde::de::Error::duplicate_field("trigger"));
                            }
                            trigger__ = map_.next_value()?;
                        }
                        GeneratedField::EvaluationMissingData => {
                            if evaluation_missing_data__.is_some() {
                                return Err(serde::de::Error::duplicate_field("evaluationMissingData"));
                            }
                            evaluation_missing_data__ = Some(map_.next_value::<alert_policy::condition::EvaluationMissingData>()? as i32);
                        }
                        GeneratedField::__SkipField__ => {
                            let _ = map_.next_value::<serde::de::IgnoredAny>()?;
                        }
                    }
                }
                Ok(alert_policy::condition::MonitoringQueryLanguageCondition {
                    query: query__.unwrap_or_default(),
                    duration: duration__,
                    trigger: trigger__,
                    evaluation_missing_data: evaluation_missing_data__.unwrap_or_default(),
                })
            }
        }
        deserializer.deserialize_struct("google.monitoring.v3.AlertPolicy.Condition.MonitoringQueryLanguageCondition", FIELDS, GeneratedVisitor)
    }
}
impl serde::Serialize for alert_policy::condition::PrometheusQueryLanguageCondition {
    #[allow(deprecated)]
    fn serialize<S>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error>
    where
        S: serde::Serializer,
    {
        use serde::ser::SerializeStruct;
        let mut len = 0;
        if !self.query.is_empty() {
            len += 1;
        }
        if self.duration.is_some() {
            len += 1;
        }
        if self.evaluation_interval.is_some() {
            len += 1;
        }
        if !self.labels.is_empty() {
            len += 1;
        }
        if !self.rule_group.is_empty() {
            len += 1;
        }
        if !self.alert_rule.is_empty() {
            len += 1;
        }
        if self.disable_metric_validation {
            len += 1;
        }
        let mut struct_ser = serializer.serialize_struct("google.monitoring.v3.AlertPolicy.Condition.PrometheusQueryLanguageCondition", len)?;
        if !self.query.is_empty() {
            struct_ser.serialize_field("query", &self.query)?;
        }
        if let Some(v) = self.duration.as_ref() {
            struct_ser.serialize_field("duration", v)?;
        }
        if let Some(v) = self.evaluation_interval.as_ref() {
            struct_ser.serialize_field("evaluationInterval", v)?;
        }
        if !self.labels.is_empty() {
            struct_ser.serialize_field("labels", &self.labels)?;
        }
        if !self.rule_group.is_empty() {
            struct_ser.serialize_field("ruleGroup", &self.rule_group)?;
        }
        if !self.alert_rule.is_empty() {
            struct_ser.serialize_field("alertRule", &self.alert_rule)?;
        }
        if self.disable_metric_validation {
            struct_ser.serialize_field("disableMetricValidation", &self.disable_metric_validation)?;
        }
        struct_ser.end()
    }
}
impl<'de> serde::Deserialize<'de> for alert_policy::condition::PrometheusQueryLanguageCondition {
    #[allow(deprecated)]
    fn deserialize<D>(deserializer: D) -> std::result::Result<Self, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        const FIELDS: &[&str] = &[
            "query",
            "duration",
            "evaluation_interval",
            "evaluationInterval",
            "labels",
            "rule_group",
            "ruleGroup",
            "alert_rule",
            "alertRule",
            "disable_metric_validation",
            "disableMetricValidation",
        ];

        #[allow(clippy::enum_variant_names)]
        enum GeneratedField {
            Query,
            Duration,
            EvaluationInterval,
            Labels,
            RuleGroup,
            AlertRule,
            DisableMetricValidation,
            __SkipField__,
        }
        impl<'de> serde::Deserialize<'de> for GeneratedField {
            fn deserialize<D>(deserializer: D) -> std::result::Result<GeneratedField, D::Error>
            where
                D: serde::Deserializer<'de>,
            {
                struct GeneratedVisitor;

                impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
                    type Value = GeneratedField;

                    fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        write!(formatter, "expected one of: {:?}", &FIELDS)
                    }

                    #[allow(unused_variables)]
                    fn visit_str<E>(self, value: &str) -> std::result::Result<GeneratedField, E>
                    where
                        E: serde::de::Error,
                    {
                        match value {
                            "query" => Ok(GeneratedField::Query),
                            "duration" => Ok(GeneratedField::Duration),
                            "evaluationInterval" | "evaluation_interval" => Ok(GeneratedField::EvaluationInterval),
                            "labels" => Ok(GeneratedField::Labels),
                            "ruleGroup" | "rule_group" => Ok(GeneratedField::RuleGroup),
                            "alertRule" | "alert_rule" => Ok(GeneratedField::AlertRule),
                            "disableMetricValidation" | "disable_metric_validation" => Ok(GeneratedField::DisableMetricValidation),
                            _ => Ok(GeneratedField::__SkipField__),
                        }
                    }
                }
                deserializer.deserialize_identifier(GeneratedVisitor)
            }
        }
        struct GeneratedVisitor;
        impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
            type Value = alert_policy::condition::PrometheusQueryLanguageCondition;

            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str("struct google.monitoring.v3.AlertPolicy.Condition.PrometheusQueryLanguageCondition")
            }

            fn visit_map<V>(self, mut map_: V) -> std::result::Result<alert_policy::condition::PrometheusQueryLanguageCondition, V::Error>
                where
                    V: serde::de::MapAccess<'de>,
            {
                let mut query__ = None;
                let mut duration__ = None;
                let mut evaluation_interval__ = None;
                let mut labels__ = None;
                let mut rule_group__ = None;
                let mut alert_rule__ = None;
                let mut disable_metric_validation__ = None;
                while let Some(k) = map_.next_key()? {
                    match k {
                        GeneratedField::Query => {
                            if query__.is_some() {
                                return Err(serde::de::Error::duplicate_field("query"));
                            }
                            query__ = Some(map_.next_value()?);
                        }
                        GeneratedField::Duration => {
                            if duration__.is_some() {
                                return Err(serde::de::Error::duplicate_field("duration"));
                            }
                            duration__ = map_.next_value()?;
                        }
                        GeneratedField::EvaluationInterval => {
                            if evaluation_interval__.is_some() {
                                return Err(serde::de::Error::duplicate_field("evaluationInterval"));
                            }
                            evaluation_interval__ = map_.next_value()?;
                        }
                        GeneratedField::Labels => {
                            if labels__.is_some() {
                                return Err(serde::de::Error::duplicate_field("labels"));
                            }
                            labels__ = Some(
                                map_.next_value::<std::collections::HashMap<_, _>>()?
                            );
                        }
                        GeneratedField::RuleGroup => {
                            if rule_group__.is_some() {
                                return Err(serde::de::Error::duplicate_field("ruleGroup"));
                            }
                            rule_group__ = Some(map_.next_value()?);
                        }
                        GeneratedField::AlertRule => {
                            if alert_rule__.is_some() {
                                return Err(serde::de::Error::duplicate_field("alertRule"));
                            }
                            alert_rule__ = Some(map_.next_value()?);
                        }
                        GeneratedField::DisableMetricValidation => {
                            if disable_metric_validation__.is_some() {
                                return Err(serde::de::Error::duplicate_field("disableMetricValidation"));
                            }
                            disable_metric_validation__ = Some(map_.next_value()?);
                        }
                        GeneratedField::__SkipField__ => {
                            let _ = map_.next_value::<serde::de::IgnoredAny>()?;
                        }
                    }
                }
                Ok(alert_policy::condition::PrometheusQueryLanguageCondition {
                    query: query__.unwrap_or_default(),
                    duration: duration__,
                    evaluation_interval: evaluation_interval__,
                    labels: labels__.unwrap_or_default(),
                    rule_group: rule_group__.unwrap_or_default(),
                    alert_rule: alert_rule__.unwrap_or_default(),
                    disable_metric_validation: disable_metric_validation__.unwrap_or_default(),
                })
            }
        }
        deserializer.deserialize_struct("google.monitoring.v3.AlertPolicy.Condition.PrometheusQueryLanguageCondition", FIELDS, GeneratedVisitor)
    }
}
impl serde::Serialize for alert_policy::condition::SqlCondition {
    #[allow(deprecated)]
    fn serialize<S>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error>
    where
        S: serde::Serializer,
    {
        use serde::ser::SerializeStruct;
        let mut len = 0;
        if !self.query.is_empty() {
            len += 1;
        }
        if self.schedule.is_some() {
            len += 1;
        }
        if self.evaluate.is_some() {
            len += 1;
        }
        let mut struct_ser = serializer.serialize_struct("google.monitoring.v3.AlertPolicy.Condition.SqlCondition", len)?;
        if !self.query.is_empty() {
            struct_ser.serialize_field("query", &self.query)?;
        }
        if let Some(v) = self.schedule.as_ref() {
            match v {
                alert_policy::condition::sql_condition::Schedule::Minutes(v) => {
                    struct_ser.serialize_field("minutes", v)?;
                }
                alert_policy::condition::sql_condition::Schedule::Hourly(v) => {
                    struct_ser.serialize_field("hourly", v)?;
                }
                alert_policy::condition::sql_condition::Schedule::Daily(v) => {
                    struct_ser.serialize_field("daily", v)?;
                }
            }
        }
        if let Some(v) = self.evaluate.as_ref() {
            match v {
                alert_policy::condition::sql_condition::Evaluate::RowCountTest(v) => {
                    struct_ser.serialize_field("rowCountTest", v)?;
                }
                alert_policy::condition::sql_condition::Evaluate::BooleanTest(v) => {
                    struct_ser.serialize_field("booleanTest", v)?;
                }
            }
        }
        struct_ser.end()
    }
}
impl<'de> serde::Deserialize<'de> for alert_policy::condition::SqlCondition {
    #[allow(deprecated)]
    fn deserialize<D>(deserializer: D) -> std::result::Result<Self, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        const FIELDS: &[&str] = &[
            "query",
            "minutes",
            "hourly",
            "daily",
            "row_count_test",
            "rowCountTest",
            "boolean_test",
            "booleanTest",
        ];

        #[allow(clippy::enum_variant_names)]
        enum GeneratedField {
            Query,
            Minutes,
            Hourly,
            Daily,
            RowCountTest,
            BooleanTest,
            __SkipField__,
        }
        impl<'de> serde::Deserialize<'de> for GeneratedField {
            fn deserialize<D>(deserializer: D) -> std::result::Result<GeneratedField, D::Error>
            where
                D: serde::Deserializer<'de>,
            {
                struct GeneratedVisitor;

                impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
                    type Value = GeneratedField;

                    fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        write!(formatter, "expected one of: {:?}", &FIELDS)
                    }

                    #[allow(unused_variables)]
                    fn visit_str<E>(self, value: &str) -> std::result::Result<GeneratedField, E>
                    where
                        E: serde::de::Error,
                    {
                        match value {
                            "query" => Ok(GeneratedField::Query),
                            "minutes" => Ok(GeneratedField::Minutes),
                            "hourly" => Ok(GeneratedField::Hourly),
                            "daily" => Ok(GeneratedField::Daily),
                            "rowCountTest" | "row_count_test" => Ok(GeneratedField::RowCountTest),
                            "booleanTest" | "boolean_test" => Ok(GeneratedField::BooleanTest),
                            _ => Ok(GeneratedField::__SkipField__),
                        }
                    }
                }
                deserializer.deserialize_identifier(GeneratedVisitor)
            }
        }
        struct GeneratedVisitor;
        impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
            type Value = alert_policy::condition::SqlCondition;

            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str("struct google.monitoring.v3.AlertPolicy.Condition.SqlCondition")
            }

            fn visit_map<V>(self, mut map_: V) -> std::result::Result<alert_policy::condition::SqlCondition, V::Error>
                where
                    V: serde::de::MapAccess<'de>,
            {
                let mut query__ = None;
                let mut schedule__ = None;
                let mut evaluate__ = None;
                while let Some(k) = map_.next_key()? {
                    match k {
                        GeneratedField::Query => {
                            if query__.is_some() {
                                return Err(serde::de::Error::duplicate_field("query"));
                            }
                            query__ = Some(map_.next_value()?);
                        }
                        GeneratedField::Minutes => {
                            if schedule__.is_some() {
                                return Err(serde::de::Error::duplicate_field("minutes"));
                            }
                            schedule__ = map_.next_value::<::std::option::Option<_>>()?.map(alert_policy::condition::sql_condition::Schedule::Minutes)
;
                        }
                        GeneratedField::Hourly => {
                            if schedule__.is_some() {
                                return Err(serde::de::Error::duplicate_field("hourly"));
                            }
                            schedule__ = map_.next_value::<::std::option::Option<_>>()?.map(alert_policy::condition::sql_condition::Schedule::Hourly)
;
                        }
                        GeneratedField::Daily => {
                            if schedule__.is_some() {
                                return Err(serde::de::Error::duplicate_field("daily"));
                            }
                            schedule__ = map_.next_value::<::std::option::Option<_>>()?.map(alert_policy::condition::sql_condition::Schedule::Daily)
;
                        }
                        GeneratedField::RowCountTest => {
                            if evaluate__.is_some() {
                                return Err(serde::de::Error::duplicate_field("rowCountTest"));
                            }
                            evaluate__ = map_.next_value::<::std::option::Option<_>>()?.map(alert_policy::condition::sql_condition::Evaluate::RowCountTest)
;
                        }
                        GeneratedField::BooleanTest => {
                            if evaluate__.is_some() {
                                return Err(serde::de::Error::duplicate_field("booleanTest"));
                            }
                            evaluate__ = map_.next_value::<::std::option::Option<_>>()?.map(alert_policy::condition::sql_condition::Evaluate::BooleanTest)
;
                        }
                        GeneratedField::__SkipField__ => {
                            let _ = map_.next_value::<serde::de::IgnoredAny>()?;
                        }
                    }
                }
                Ok(alert_policy::condition::SqlCondition {
                    query: query__.unwrap_or_default(),
                    schedule: schedule__,
                    evaluate: evaluate__,
                })
            }
        }
        deserializer.deserialize_struct("google.monitoring.v3.AlertPolicy.Condition.SqlCondition", FIELDS, GeneratedVisitor)
    }
}
impl serde::Serialize for alert_policy::condition::sql_condition::BooleanTest {
    #[allow(deprecated)]
    fn serialize<S>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error>
    where
        S: serde::Serializer,
    {
        use serde::ser::SerializeStruct;
        let mut len = 0;
        if !self.column.is_empty() {
            len += 1;
        }
        let mut struct_ser = serializer.serialize_struct("google.monitoring.v3.AlertPolicy.Condition.SqlCondition.BooleanTest", len)?;
        if !self.column.is_empty() {
            struct_ser.serialize_field("column", &self.column)?;
        }
        struct_ser.end()
    }
}
impl<'de> serde::Deserialize<'de> for alert_policy::condition::sql_condition::BooleanTest {
    #[allow(deprecated)]
    fn deserialize<D>(deserializer: D) -> std::result::Result<Self, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        const FIELDS: &[&str] = &[
            "column",
        ];

        #[allow(clippy::enum_variant_names)]
        enum GeneratedField {
            Column,
            __SkipField__,
        }
        impl<'de> serde::Deserialize<'de> for GeneratedField {
            fn deserialize<D>(deserializer: D) -> std::result::Result<GeneratedField, D::Error>
            where
                D: serde::Deserializer<'de>,
            {
                struct GeneratedVisitor;

                impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
                    type Value = GeneratedField;

                    fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        write!(formatter, "expected one of: {:?}", &FIELDS)
                    }

                    #[allow(unused_variables)]
                    fn visit_str<E>(self, value: &str) -> std::result::Result<GeneratedField, E>
                    where
                        E: serde::de::Error,
                    {
                        match value {
                            "column" => Ok(GeneratedField::Column),
                            _ => Ok(GeneratedField::__SkipField__),
                        }
                    }
                }
                deserializer.deserialize_identifier(GeneratedVisitor)
            }
        }
        struct GeneratedVisitor;
        impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
            type Value = alert_policy::condition::sql_condition::BooleanTest;

            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str("struct google.monitoring.v3.AlertPolicy.Condition.SqlCondition.BooleanTest")
            }

            fn visit_map<V>(self, mut map_: V) -> std::result::Result<alert_policy::condition::sql_condition::BooleanTest, V::Error>
                where
                    V: serde::de::MapAccess<'de>,
            {
                let mut column__ = None;
                while let Some(k) = map_.next_key()? {
                    match k {
                        GeneratedField::Column => {
                            if column__.is_some() {
                                return Err(serde::de::Error::duplicate_field("column"));
                            }
                            column__ = Some(map_.next_value()?);
                        }
                        GeneratedField::__SkipField__ => {
                            let _ = map_.next_value::<serde::de::IgnoredAny>()?;
                        }
                    }
                }
                Ok(alert_policy::condition::sql_condition::BooleanTest {
                    column: column__.unwrap_or_default(),
                })
            }
        }
        deserializer.deserialize_struct("google.monitoring.v3.AlertPolicy.Condition.SqlCondition.BooleanTest", FIELDS, GeneratedVisitor)
    }
}
impl serde::Serialize for alert_policy::condition::sql_condition::Daily {
    #[allow(deprecated)]
    fn serialize<S>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error>
    where
        S: serde::Serializer,
    {
        use serde::ser::SerializeStruct;
        let mut len = 0;
        if self.periodicity != 0 {
            len += 1;
        }
        if self.execution_time.is_some() {
            len += 1;
        }
        let mut struct_ser = serializer.serialize_struct("google.monitoring.v3.AlertPolicy.Condition.SqlCondition.Daily", len)?;
        if self.periodicity != 0 {
            struct_ser.serialize_field("periodicity", &self.periodicity)?;
        }
        if let Some(v) = self.execution_time.as_ref() {
            struct_ser.serialize_field("executionTime", v)?;
        }
        struct_ser.end()
    }
}
impl<'de> serde::Deserialize<'de> for alert_policy::condition::sql_condition::Daily {
    #[allow(deprecated)]
    fn deserialize<D>(deserializer: D) -> std::result::Result<Self, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        const FIELDS: &[&str] = &[
            "periodicity",
            "execution_time",
            "executionTime",
        ];

        #[allow(clippy::enum_variant_names)]
        enum GeneratedField {
            Periodicity,
            ExecutionTime,
            __SkipField__,
        }
        impl<'de> serde::Deserialize<'de> for GeneratedField {
            fn deserialize<D>(deserializer: D) -> std::result::Result<GeneratedField, D::Error>
            where
                D: serde::Deserializer<'de>,
            {
                struct GeneratedVisitor;

                impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
                    type Value = GeneratedField;

                    fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        write!(formatter, "expected one of: {:?}", &FIELDS)
                    }

                    #[allow(unused_variables)]
                    fn visit_str<E>(self, value: &str) -> std::result::Result<GeneratedField, E>
                    where
                        E: serde::de::Error,
                    {
                        match value {
                            "periodicity" => Ok(GeneratedField::Periodicity),
                            "executionTime" | "execution_time" => Ok(GeneratedField::ExecutionTime),
                            _ => Ok(GeneratedField::__SkipField__),
                        }
                    }
                }
                deserializer.deserialize_identifier(GeneratedVisitor)
            }
        }
        struct GeneratedVisitor;
        impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
            type Value = alert_policy::condition::sql_condition::Daily;

            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str("struct google.monitoring.v3.AlertPolicy.Condition.SqlCondition.Daily")
            }

            fn visit_map<V>(self, mut map_: V) -> std::result::Result<alert_policy::condition::sql_condition::Daily, V::Error>
                where
                    V: serde::de::MapAccess<'de>,
            {
                let mut periodicity__ = None;
                let mut execution_time__ = None;
                while let Some(k) = map_.next_key()? {
                    match k {
                        GeneratedField::Periodicity => {
                            if periodicity__.is_some() {
                                return Err(serde::de::Error::duplicate_field("periodicity"));
                            }
                            periodicity__ = 
                                Some(map_.next_value::<::pbjson::private::NumberDeserialize<_>>()?.0)
                            ;
                        }
                        GeneratedField::ExecutionTime => {
                            if execution_time__.is_some() {
                                return Err(serde::de::Error::duplicate_field("executionTime"));
                            }
                            execution_time__ = map_.next_value()?;
                        }
                        GeneratedField::__SkipField__ => {
                            let _ = map_.next_value::<serde::de::IgnoredAny>()?;
                        }
                    }
                }
                Ok(alert_policy::condition::sql_condition::Daily {
                    periodicity: periodicity__.unwrap_or_default(),
                    execution_time: execution_time__,
                })
            }
        }
        deserializer.deserialize_struct("google.monitoring.v3.AlertPolicy.Condition.SqlCondition.Daily", FIELDS, GeneratedVisitor)
    }
}
impl serde::Serialize for alert_policy::condition::sql_condition::Hourly {
    #[allow(deprecated)]
    fn serialize<S>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error>
    where
        S: serde::Serializer,
    {
        use serde::ser::SerializeStruct;
        let mut len = 0;
        if self.periodicity != 0 {
            len += 1;
        }
        if self.minute_offset.is_some() {
            len += 1;
        }
        let mut struct_ser = serializer.serialize_struct("google.monitoring.v3.AlertPolicy.Condition.SqlCondition.Hourly", len)?;
        if self.periodicity != 0 {
            struct_ser.serialize_field("periodicity", &self.periodicity)?;
        }
        if let Some(v) = self.minute_offset.as_ref() {
            struct_ser.serialize_field("minuteOffset", v)?;
        }
        struct_ser.end()
    }
}
impl<'de> serde::Deserialize<'de> for alert_policy::condition::sql_condition::Hourly {
    #[allow(deprecated)]
    fn deserialize<D>(deserializer: D) -> std::result::Result<Self, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        const FIELDS: &[&str] = &[
            "periodicity",
            "minute_offset",
            "minuteOffset",
        ];

        #[allow(clippy::enum_variant_names)]
        enum GeneratedField {
            Periodicity,
            MinuteOffset,
            __SkipField__,
        }
        impl<'de> serde::Deserialize<'de> for GeneratedField {
            fn deserialize<D>(deserializer: D) -> std::result::Result<GeneratedField, D::Error>
            where
                D: serde::Deserializer<'de>,
            {
                struct GeneratedVisitor;

                impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
                    type Value = GeneratedField;

                    fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        write!(formatter, "expected one of: {:?}", &FIELDS)
                    }

                    #[allow(unused_variables)]
                    fn visit_str<E>(self, value: &str) -> std::result::Result<GeneratedField, E>
                    where
                        E: serde::de::Error,
                    {
                        match value {
                            "periodicity" => Ok(GeneratedField::Periodicity),
                            "minuteOffset" | "minute_offset" => Ok(GeneratedField::MinuteOffset),
                            _ => Ok(GeneratedField::__SkipField__),
                        }
                    }
                }
                deserializer.deserialize_identifier(GeneratedVisitor)
            }
        }
        struct GeneratedVisitor;
        impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
            type Value = alert_policy::condition::sql_condition::Hourly;

            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str("struct google.monitoring.v3.AlertPolicy.Condition.SqlCondition.Hourly")
            }

            fn visit_map<V>(self, mut map_: V) -> std::result::Result<alert_policy::condition::sql_condition::Hourly, V::Error>
                where
                    V: serde::de::MapAccess<'de>,
            {
                let mut periodicity__ = None;
                let mut minute_offset__ = None;
                while let Some(k) = map_.next_key()? {
                    match k {
                        GeneratedField::Periodicity => {
                            if periodicity__.is_some() {
                                return Err(serde::de::Error::duplicate_field("periodicity"));
                            }
                            periodicity__ = 
                                Some(map_.next_value::<::pbjson::private::NumberDeserialize<_>>()?.0)
                            ;
                        }
                        GeneratedField::MinuteOffset => {
                            if minute_offset__.is_some() {
                                return Err(serde::de::Error::duplicate_field("minuteOffset"));
                            }
                            minute_offset__ = 
                                map_.next_value::<::std::option::Option<::pbjson::private::NumberDeserialize<_>>>()?.map(|x| x.0)
                            ;
                        }
                        GeneratedField::__SkipField__ => {
                            let _ = map_.next_value::<serde::de::IgnoredAny>()?;
                        }
                    }
                }
                Ok(alert_policy::condition::sql_condition::Hourly {
                    periodicity: periodicity__.unwrap_or_default(),
                    minute_offset: minute_offset__,
                })
            }
        }
        deserializer.deserialize_struct("google.monitoring.v3.AlertPolicy.Condition.SqlCondition.Hourly", FIELDS, GeneratedVisitor)
    }
}
impl serde::Serialize for alert_policy::condition::sql_condition::Minutes {
    #[allow(deprecated)]
    fn serialize<S>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error>
    where
        S: serde::Serializer,
    {
        use serde::ser::SerializeStruct;
        let mut len = 0;
        if self.periodicity != 0 {
            len += 1;
        }
        let mut struct_ser = serializer.serialize_struct("google.monitoring.v3.AlertPolicy.Condition.SqlCondition.Minutes", len)?;
        if self.periodicity != 0 {
            struct_ser.serialize_field("periodicity", &self.periodicity)?;
        }
        struct_ser.end()
    }
}
impl<'de> serde::Deserialize<'de> for alert_policy::condition::sql_condition::Minutes {
    #[allow(deprecated)]
    fn deserialize<D>(deserializer: D) -> std::result::Result<Self, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        const FIELDS: &[&str] = &[
            "periodicity",
        ];

        #[allow(clippy::enum_variant_names)]
        enum GeneratedField {
            Periodicity,
            __SkipField__,
        }
        impl<'de> serde::Deserialize<'de> for GeneratedField {
            fn deserialize<D>(deserializer: D) -> std::result::Result<GeneratedField, D::Error>
            where
                D: serde::Deserializer<'de>,
            {
                struct GeneratedVisitor;

                impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
                    type Value = GeneratedField;

                    fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        write!(formatter, "expected one of: {:?}", &FIELDS)
                    }

                    #[allow(unused_variables)]
                    fn visit_str<E>(self, value: &str) -> std::result::Result<GeneratedField, E>
                    where
                        E: serde::de::Error,
                    {
                        match value {
                            "periodicity" => Ok(GeneratedField::Periodicity),
                            _ => Ok(GeneratedField::__SkipField__),
                        }
                    }
                }
                deserializer.deserialize_identifier(GeneratedVisitor)
            }
        }
        struct GeneratedVisitor;
        impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
            type Value = alert_policy::condition::sql_condition::Minutes;

            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str("struct google.monitoring.v3.AlertPolicy.Condition.SqlCondition.Minutes")
            }

            fn visit_map<V>(self, mut map_: V) -> std::result::Result<alert_policy::condition::sql_condition::Minutes, V::Error>
                where
                    V: serde::de::MapAccess<'de>,
            {
                let mut periodicity__ = None;
                while let Some(k) = map_.next_key()? {
                    match k {
                        GeneratedField::Periodicity => {
                            if periodicity__.is_some() {
                                return Err(serde::de::Error::duplicate_field("periodicity"));
                            }
                            periodicity__ = 
                                Some(map_.next_value::<::pbjson::private::NumberDeserialize<_>>()?.0)
                            ;
                        }
                        GeneratedField::__SkipField__ => {
                            let _ = map_.next_value::<serde::de::IgnoredAny>()?;
                        }
                    }
                }
                Ok(alert_policy::condition::sql_condition::Minutes {
                    periodicity: periodicity__.unwrap_or_default(),
                })
            }
        }
        deserializer.deserialize_struct("google.monitoring.v3.AlertPolicy.Condition.SqlCondition.Minutes", FIELDS, GeneratedVisitor)
    }
}
impl serde::Serialize for alert_policy::condition::sql_condition::RowCountTest {
    #[allow(deprecated)]
    fn serialize<S>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error>
    where
        S: serde::Serializer,
    {
        use serde::ser::SerializeStruct;
        let mut len = 0;
        if self.comparison != 0 {
            len += 1;
        }
        if self.threshold != 0 {
            len += 1;
        }
        let mut struct_ser = serializer.serialize_struct("google.monitoring.v3.AlertPolicy.Condition.SqlCondition.RowCountTest", len)?;
        if self.comparison != 0 {
            let v = ComparisonType::try_from(self.comparison)
                .map_err(|_| serde::ser::Error::custom(format!("Invalid variant {}", self.comparison)))?;
            struct_ser.serialize_field("comparison", &v)?;
        }
        if self.threshold != 0 {
            #[allow(clippy::needless_borrow)]
            #[allow(clippy::needless_borrows_for_generic_args)]
            struct_ser.serialize_field("threshold", ToString::to_string(&self.threshold).as_str())?;
        }
        struct_ser.end()
    }
}
impl<'de> serde::Deserialize<'de> for alert_policy::condition::sql_condition::RowCountTest {
    #[allow(deprecated)]
    fn deserialize<D>(deserializer: D) -> std::result::Result<Self, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        const FIELDS: &[&str] = &[
            "comparison",
            "threshold",
        ];

        #[allow(clippy::enum_variant_names)]
        enum GeneratedField {
            Comparison,
            Threshold,
            __SkipField__,
        }
        impl<'de> serde::Deserialize<'de> for GeneratedField {
            fn deserialize<D>(deserializer: D) -> std::result::Result<GeneratedField, D::Error>
            where
                D: serde::Deserializer<'de>,
            {
                struct GeneratedVisitor;

                impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
                    type Value = GeneratedField;

                    fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        write!(formatter, "expected one of: {:?}", &FIELDS)
                    }

                    #[allow(unused_variables)]
                    fn visit_str<E>(self, value: &str) -> std::result::Result<GeneratedField, E>
                    where
                        E: serde::de::Error,
                    {
                        match value {
                            "comparison" => Ok(GeneratedField::Comparison),
                            "threshold" => Ok(GeneratedField::Threshold),
                            _ => Ok(GeneratedField::__SkipField__),
                        }
                    }
                }
                deserializer.deserialize_identifier(GeneratedVisitor)
            }
        }
        struct GeneratedVisitor;
        impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
            type Value = alert_policy::condition::sql_condition::RowCountTest;

            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str("struct google.monitoring.v3.AlertPolicy.Condition.SqlCondition.RowCountTest")
            }

            fn visit_map<V>(self, mut map_: V) -> std::result::Result<alert_policy::condition::sql_condition::RowCountTest, V::Error>
                where
                    V: serde::de::MapAccess<'de>,
            {
                let mut comparison__ = None;
                let mut threshold__ = None;
                while let Some(k) = map_.next_key()? {
                    match k {
                        GeneratedField::Comparison => {
                            if comparison__.is_some() {
                                return Err(serde::de::Error::duplicate_field("comparison"));
                            }
                            comparison__ = Some(map_.next_value::<ComparisonType>()? as i32);
                        }
                        GeneratedField::Threshold => {
                            if threshold__.is_some() {
                                return Err(serde::de::Error::duplicate_field("threshold"));
                            }
                            threshold__ = 
                                Some(map_.next_value::<::pbjson::private::NumberDeserialize<_>>()?.0)
                            ;
                        }
                        GeneratedField::__SkipField__ => {
                            let _ = map_.next_value::<serde::de::IgnoredAny>()?;
                        }
                    }
                }
                Ok(alert_policy::condition::sql_condition::RowCountTest {
                    comparison: comparison__.unwrap_or_default(),
                    threshold: threshold__.unwrap_or_default(),
                })
            }
        }
        deserializer.deserialize_struct("google.monitoring.v3.AlertPolicy.Condition.SqlCondition.RowCountTest", FIELDS, GeneratedVisitor)
    }
}
impl serde::Serialize for alert_policy::condition::Trigger {
    #[allow(deprecated)]
    fn serialize<S>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error>
    where
        S: serde::Serializer,
    {
        use serde::ser::SerializeStruct;
        let mut len = 0;
        if self.r#type.is_some() {
            len += 1;
        }
        let mut struct_ser = serializer.serialize_struct("google.monitoring.v3.AlertPolicy.Condition.Trigger", len)?;
        if let Some(v) = self.r#type.as_ref() {
            match v {
                alert_policy::condition::trigger::Type::Count(v) => {
                    struct_ser.serialize_field("count", v)?;
                }
                alert_policy::condition::trigger::Type::Percent(v) => {
                    struct_ser.serialize_field("percent", v)?;
                }
            }
        }
        struct_ser.end()
    }
}
impl<'de> serde::Deserialize<'de> for alert_policy::condition::Trigger {
    #[allow(deprecated)]
    fn deserialize<D>(deserializer: D) -> std::result::Result<Self, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        const FIELDS: &[&str] = &[
            "count",
            "percent",
        ];

        #[allow(clippy::enum_variant_names)]
        enum GeneratedField {
            Count,
            Percent,
            __SkipField__,
        }
        impl<'de> serde::Deserialize<'de> for GeneratedField {
            fn deserialize<D>(deserializer: D) -> std::result::Result<GeneratedField, D::Error>
            where
                D: serde::Deserializer<'de>,
            {
                struct GeneratedVisitor;

                impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
                    type Value = GeneratedField;

                    fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        write!(formatter, "expected one of: {:?}", &FIELDS)
                    }

                    #[allow(unused_variables)]
                    fn visit_str<E>(self, value: &str) -> std::result::Result<GeneratedField, E>
                    where
                        E: serde::de::Error,
                    {
                        match value {
                            "count" => Ok(GeneratedField::Count),
                            "percent" => Ok(GeneratedField::Percent),
                            _ => Ok(GeneratedField::__SkipField__),
                        }
                    }
                }
                deserializer.deserialize_identifier(GeneratedVisitor)
            }
        }
        struct GeneratedVisitor;
        impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
            type Value = alert_policy::condition::Trigger;

            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str("struct google.monitoring.v3.AlertPolicy.Condition.Trigger")
            }

            fn visit_map<V>(self, mut map_: V) -> std::result::Result<alert_policy::condition::Trigger, V::Error>
                where
                    V: serde::de::MapAccess<'de>,
            {
                let mut r#type__ = None;
                while let Some(k) = map_.next_key()? {
                    match k {
                        GeneratedField::Count => {
                            if r#type__.is_some() {
                                return Err(serde::de::Error::duplicate_field("count"));
                            }
                            r#type__ = map_.next_value::<::std::option::Option<::pbjson::private::NumberDeserialize<_>>>()?.map(|x| alert_policy::condition::trigger::Type::Count(x.0));
                        }
                        GeneratedField::Percent => {
                            if r#type__.is_some() {
                                return Err(serde::de::Error::duplicate_field("percent"));
                            }
                            r#type__ = map_.next_value::<::std::option::Option<::pbjson::private::NumberDeserialize<_>>>()?.map(|x| alert_policy::condition::trigger::Type::Percent(x.0));
                        }
                        GeneratedField::__SkipField__ => {
                            let _ = map_.next_value::<serde::de::IgnoredAny>()?;
                        }
                    }
                }
                Ok(alert_policy::condition::Trigger {
                    r#type: r#type__,
                })
            }
        }
        deserializer.deserialize_struct("google.monitoring.v3.AlertPolicy.Condition.Trigger", FIELDS, GeneratedVisitor)
    }
}
impl serde::Serialize for alert_policy::ConditionCombinerType {
    #[allow(deprecated)]
    fn serialize<S>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error>
    where
        S: serde::Serializer,
    {
        let variant = match self {
            Self::CombineUnspecified => "COMBINE_UNSPECIFIED",
            Self::And => "AND",
            Self::Or => "OR",
            Self::AndWithMatchingResource => "AND_WITH_MATCHING_RESOURCE",
        };
        serializer.serialize_str(variant)
    }
}
impl<'de> serde::Deserialize<'de> for alert_policy::ConditionCombinerType {
    #[allow(deprecated)]
    fn deserialize<D>(deserializer: D) -> std::result::Result<Self, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        const FIELDS: &[&str] = &[
            "COMBINE_UNSPECIFIED",
            "AND",
            "OR",
            "AND_WITH_MATCHING_RESOURCE",
        ];

        struct GeneratedVisitor;

        impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
            type Value = alert_policy::ConditionCombinerType;

            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                write!(formatter, "expected one of: {:?}", &FIELDS)
            }

            fn visit_i64<E>(self, v: i64) -> std::result::Result<Self::Value, E>
            where
                E: serde::de::Error,
            {
                i32::try_from(v)
                    .ok()
                    .and_then(|x| x.try_into().ok())
                    .ok_or_else(|| {
                        serde::de::Error::invalid_value(serde::de::Unexpected::Signed(v), &self)
                    })
            }

            fn visit_u64<E>(self, v: u64) -> std::result::Result<Self::Value, E>
            where
                E: serde::de::Error,
            {
                i32::try_from(v)
                    .ok()
                    .and_then(|x| x.try_into().ok())
                    .ok_or_else(|| {
                        serde::de::Error::invalid_value(serde::de::Unexpected::Unsigned(v), &self)
                    })
            }

            fn visit_str<E>(self, value: &str) -> std::result::Result<Self::Value, E>
            where
                E: serde::de::Error,
            {
                match value {
                    "COMBINE_UNSPECIFIED" => Ok(alert_policy::ConditionCombinerType::CombineUnspecified),
                    "AND" => Ok(alert_policy::ConditionCombinerType::And),
                    "OR" => Ok(alert_policy::ConditionCombinerType::Or),
                    "AND_WITH_MATCHING_RESOURCE" => Ok(alert_policy::ConditionCombinerType::AndWithMatchingResource),
                    _ => Err(serde::de::Error::unknown_variant(value, FIELDS)),
                }
            }
        }
        deserializer.deserialize_any(GeneratedVisitor)
    }
}
impl serde::Serialize for alert_policy::Documentation {
    #[allow(deprecated)]
    fn serialize<S>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error>
    where
        S: serde::Serializer,
    {
        use serde::ser::SerializeStruct;
        let mut len = 0;
        if !self.content.is_empty() {
            len += 1;
        }
        if !self.mime_type.is_empty() {
            len += 1;
        }
        if !self.subject.is_empty() {
            len += 1;
        }
        if !self.links.is_empty() {
            len += 1;
        }
        let mut struct_ser = serializer.serialize_struct("google.monitoring.v3.AlertPolicy.Documentation", len)?;
        if !self.content.is_empty() {
            struct_ser.serialize_field("content", &self.content)?;
        }
        if !self.mime_type.is_empty() {
            struct_ser.serialize_field("mimeType", &self.mime_type)?;
        }
        if !self.subject.is_empty() {
            struct_ser.serialize_field("subject", &self.subject)?;
        }
        if !self.links.is_empty() {
            struct_ser.serialize_field("links", &self.links)?;
        }
        struct_ser.end()
    }
}
impl<'de> serde::Deserialize<'de> for alert_policy::Documentation {
    #[allow(deprecated)]
    fn deserialize<D>(deserializer: D) -> std::result::Result<Self, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        const FIELDS: &[&str] = &[
            "content",
            "mime_type",
            "mimeType",
            "subject",
            "links",
        ];

        #[allow(clippy::enum_variant_names)]
        enum GeneratedField {
            Content,
            MimeType,
            Subject,
            Links,
            __SkipField__,
        }
        impl<'de> serde::Deserialize<'de> for GeneratedField {
            fn deserialize<D>(deserializer: D) -> std::result::Result<GeneratedField, D::Error>
            where
                D: serde::Deserializer<'de>,
            {
                struct GeneratedVisitor;

                impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
                    type Value = GeneratedField;

                    fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        write!(formatter, "expected one of: {:?}", &FIELDS)
                    }

                    #[allow(unused_variables)]
                    fn visit_str<E>(self, value: &str) -> std::result::Result<GeneratedField, E>
                    where
                        E: serde::de::Error,
                    {
                        match value {
                            "content" => Ok(GeneratedField::Content),
                            "mimeType" | "mime_type" => Ok(GeneratedField::MimeType),
                            "subject" => Ok(GeneratedField::Subject),
                            "links" => Ok(GeneratedField::Links),
                            _ => Ok(GeneratedField::__SkipField__),
                        }
                    }
                }
                deserializer.deserialize_identifier(GeneratedVisitor)
            }
        }
        struct GeneratedVisitor;
        impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
            type Value = alert_policy::Documentation;

            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str("struct google.monitoring.v3.AlertPolicy.Documentation")
            }

            fn visit_map<V>(self, mut map_: V) -> std::result::Result<alert_policy::Documentation, V::Error>
                where
                    V: serde::de::MapAccess<'de>,
            {
                let mut content__ = None;
                let mut mime_type__ = None;
                let mut subject__ = None;
                let mut links__ = None;
                while let Some(k) = map_.next_key()? {
                    match k {
                        GeneratedField::Content => {
                            if content__.is_some() {
                                return Err(serde::de::Error::duplicate_field("content"));
                            }
                            content__ = Some(map_.next_value()?);
                        }
                        GeneratedField::MimeType => {
                            if mime_type__.is_some() {
                                return Err(serde::de::Error::duplicate_field("mimeType"));
                            }
                            mime_type__ = Some(map_.next_value()?);
                        }
                        GeneratedField::Subject => {
                            if subject__.is_some() {
                                return Err(serde::de::Error::duplicate_field("subject"));
                            }
                            subject__ = Some(map_.next_value()?);
                        }
                        GeneratedField::Links => {
                            if links__.is_some() {
                                return Err(serde::de::Error::duplicate_field("links"));
                            }
                            links__ = Some(map_.next_value()?);
                        }
                        GeneratedField::__SkipField__ => {
                            let _ = map_.next_value::<serde::de::IgnoredAny>()?;
                        }
                    }
                }
                Ok(alert_policy::Documentation {
                    content: content__.unwrap_or_default(),
                    mime_type: mime_type__.unwrap_or_default(),
                    subject: subject__.unwrap_or_default(),
                    links: links__.unwrap_or_default(),
                })
            }
        }
        deserializer.deserialize_struct("google.monitoring.v3.AlertPolicy.Documentation", FIELDS, GeneratedVisitor)
    }
}
impl serde::Serialize for alert_policy::documentation::Link {
    #[allow(deprecated)]
    fn serialize<S>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error>
    where
        S: serde::Serializer,
    {
        use serde::ser::SerializeStruct;
        let mut len = 0;
        if !self.display_name.is_empty() {
            len += 1;
        }
        if !self.url.is_empty() {
            len += 1;
        }
        let mut struct_ser = serializer.serialize_struct("google.monitoring.v3.AlertPolicy.Documentation.Link", len)?;
        if !self.display_name.is_empty() {
            struct_ser.serialize_field("displayName", &self.display_name)?;
        }
        if !self.url.is_empty() {
            struct_ser.serialize_field("url", &self.url)?;
        }
        struct_ser.end()
    }
}
impl<'de> serde::Deserialize<'de> for alert_policy::documentation::Link {
    #[allow(deprecated)]
    fn deserialize<D>(deserializer: D) -> std::result::Result<Self, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        const FIELDS: &[&str] = &[
            "display_name",
            "displayName",
            "url",
        ];

        #[allow(clippy::enum_variant_names)]
        enum GeneratedField {
            DisplayName,
            Url,
            __SkipField__,
        }
        impl<'de> serde::Deserialize<'de> for GeneratedField {
            fn deserialize<D>(deserializer: D) -> std::result::Result<GeneratedField, D::Error>
            where
                D: serde::Deserializer<'de>,
            {
                struct GeneratedVisitor;

                impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
                    type Value = GeneratedField;

                    fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        write!(formatter, "expected one of: {:?}", &FIELDS)
                    }

                    #[allow(unused_variables)]
                    fn visit_str<E>(self, value: &str) -> std::result::Result<GeneratedField, E>
                    where
                        E: serde::de::Error,
                    {
                        match value {
                            "displayName" | "display_name" => Ok(GeneratedField::DisplayName),
                            "url" => Ok(GeneratedField::Url),
                            _ => Ok(GeneratedField::__SkipField__),
                        }
                    }
                }
                deserializer.deserialize_identifier(GeneratedVisitor)
            }
        }
        struct GeneratedVisitor;
        impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
            type Value = alert_policy::documentation::Link;

            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str("struct google.monitoring.v3.AlertPolicy.Documentation.Link")
            }

            fn visit_map<V>(self, mut map_: V) -> std::result::Result<alert_policy::documentation::Link, V::Error>
                where
                    V: serde::de::MapAccess<'de>,
            {
                let mut display_name__ = None;
                let mut url__ = None;
                while let Some(k) = map_.next_key()? {
                    match k {
                        GeneratedField::DisplayName => {
                            if display_name__.is_some() {
                                return Err(serde::de::Error::duplicate_field("displayName"));
                            }
                            display_name__ = Some(map_.next_value()?);
                        }
                        GeneratedField::Url => {
                            if url__.is_some() {
                                return Err(serde::de::Error::duplicate_field("url"));
                            }
                            url__ = Some(map_.next_value()?);
                        }
                        GeneratedField::__SkipField__ => {
                            let _ = map_.next_value::<serde::de::IgnoredAny>()?;
                        }
                    }
                }
                Ok(alert_policy::documentation::Link {
                    display_name: display_name__.unwrap_or_default(),
                    url: url__.unwrap_or_default(),
                })
            }
        }
        deserializer.deserialize_struct("google.monitoring.v3.AlertPolicy.Documentation.Link", FIELDS, GeneratedVisitor)
    }
}
impl serde::Serialize for alert_policy::Severity {
    #[allow(deprecated)]
    fn serialize<S>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error>
    where
        S: serde::Serializer,
    {
        let variant = match self {
            Self::Unspecified => "SEVERITY_UNSPECIFIED",
            Self::Critical => "CRITICAL",
            Self::Error => "ERROR",
            Self::Warning => "WARNING",
        };
        serializer.serialize_str(variant)
    }
}
impl<'de> serde::Deserialize<'de> for alert_policy::Severity {
    #[allow(deprecated)]
    fn deserialize<D>(deserializer: D) -> std::result::Result<Self, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        const FIELDS: &[&str] = &[
            "SEVERITY_UNSPECIFIED",
            "CRITICAL",
            "ERROR",
            "WARNING",
        ];

        struct GeneratedVisitor;

        impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
            type Value = alert_policy::Severity;

            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                write!(formatter, "expected one of: {:?}", &FIELDS)
            }

            fn visit_i64<E>(self, v: i64) -> std::result::Result<Self::Value, E>
            where
                E: serde::de::Error,
            {
                i32::try_from(v)
                    .ok()
                    .and_then(|x| x.try_into().ok())
                    .ok_or_else(|| {
                        serde::de::Error::invalid_value(serde::de::Unexpected::Signed(v), &self)
                    })
            }

            fn visit_u64<E>(self, v: u64) -> std::result::Result<Self::Value, E>
            where
                E: serde::de::Error,
            {
                i32::try_from(v)
                    .ok()
                    .and_then(|x| x.try_into().ok())
                    .ok_or_else(|| {
                        serde::de::Error::invalid_value(serde::de::Unexpected::Unsigned(v), &self)
                    })
            }

            fn visit_str<E>(self, value: &str) -> std::result::Result<Self::Value, E>
            where
                E: serde::de::Error,
            {
                match value {
                    "SEVERITY_UNSPECIFIED" => Ok(alert_policy::Severity::Unspecified),
                    "CRITICAL" => Ok(alert_policy::Severity::Critical),
                    "ERROR" => Ok(alert_policy::Severity::Error),
                    "WARNING" => Ok(alert_policy::Severity::Warning),
                    _ => Err(serde::de::Error::unknown_variant(value, FIELDS)),
                }
            }
        }
        deserializer.deserialize_any(GeneratedVisitor)
    }
}
impl serde::Serialize for BasicSli {
    #[allow(deprecated)]
    fn serialize<S>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error>
    where
        S: serde::Serializer,
    {
        use serde::ser::SerializeStruct;
        let mut len = 0;
        if !self.method.is_empty() {
            len += 1;
        }
        if !self.location.is_empty() {
            len += 1;
        }
        if !self.version.is_empty() {
            len += 1;
        }
        if self.sli_criteria.is_some() {
            len += 1;
        }
        let mut struct_ser = serializer.serialize_struct("google.monitoring.v3.BasicSli", len)?;
        if !self.method.is_empty() {
            struct_ser.serialize_field("method", &self.method)?;
        }
        if !self.location.is_empty() {
            struct_ser.serialize_field("location", &self.location)?;
        }
        if !self.version.is_empty() {
            struct_ser.serialize_field("version", &self.version)?;
        }
        if let Some(v) = self.sli_criteria.as_ref() {
            match v {
                basic_sli::SliCriteria::Availability(v) => {
                    struct_ser.serialize_field("availability", v)?;
                }
                basic_sli::SliCriteria::Latency(v) => {
                    struct_ser.serialize_field("latency", v)?;
                }
            }
        }
        struct_ser.end()
    }
}
impl<'de> serde::Deserialize<'de> for BasicSli {
    #[allow(deprecated)]
    fn deserialize<D>(deserializer: D) -> std::result::Result<Self, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        const FIELDS: &[&str] = &[
            "method",
            "location",
            "version",
            "availability",
            "latency",
        ];

        #[allow(clippy::enum_variant_names)]
        enum GeneratedField {
            Method,
            Location,
            Version,
            Availability,
            Latency,
            __SkipField__,
        }
        impl<'de> serde::Deserialize<'de> for GeneratedField {
            fn deserialize<D>(deserializer: D) -> std::result::Result<GeneratedField, D::Error>
            where
                D: serde::Deserializer<'de>,
            {
                struct GeneratedVisitor;

                impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
                    type Value = GeneratedField;

                    fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        write!(formatter, "expected one of: {:?}", &FIELDS)
                    }

                    #[allow(unused_variables)]
                    fn visit_str<E>(self, value: &str) -> std::result::Result<GeneratedField, E>
                    where
                        E: serde::de::Error,
                    {
                        match value {
                            "method" => Ok(GeneratedField::Method),
                            "location" => Ok(GeneratedField::Location),
                            "version" => Ok(GeneratedField::Version),
                            "availability" => Ok(GeneratedField::Availability),
                            "latency" => Ok(GeneratedField::Latency),
                            _ => Ok(GeneratedField::__SkipField__),
                        }
                    }
                }
                deserializer.deserialize_identifier(GeneratedVisitor)
            }
        }
        struct GeneratedVisitor;
        impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
            type Value = BasicSli;

            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str("struct google.monitoring.v3.BasicSli")
            }

            fn visit_map<V>(self, mut map_: V) -> std::result::Result<BasicSli, V::Error>
                where
                    V: serde::de::MapAccess<'de>,
            {
                let mut method__ = None;
                let mut location__ = None;
                let mut version__ = None;
                let mut sli_criteria__ = None;
                while let Some(k) = map_.next_key()? {
                    match k {
                        GeneratedField::Method => {
                            if method__.is_some() {
                                return Err(serde::de::Error::duplicate_field("method"));
                            }
                            method__ = Some(map_.next_value()?);
                        }
                        GeneratedField::Location => {
                            if location__.is_some() {
                                return Err(serde::de::Error::duplicate_field("location"));
                            }
                            location__ = Some(map_.next_value()?);
                        }
                        GeneratedField::Version => {
                            if version__.is_some() {
                                return Err(serde::de::Error::duplicate_field("version"));
                            }
                            version__ = Some(map_.next_value()?);
                        }
                        GeneratedField::Availability => {
                            if sli_criteria__.is_some() {
                                return Err(serde::de::Error::duplicate_field("availability"));
                            }
                            sli_criteria__ = map_.next_value::<::std::option::Option<_>>()?.map(basic_sli::SliCriteria::Availability)
;
                        }
                        GeneratedField::Latency => {
                            if sli_criteria__.is_some() {
                                return Err(serde::de::Error::duplicate_field("latency"));
                            }
                            sli_criteria__ = map_.next_value::<::std::option::Option<_>>()?.map(basic_sli::SliCriteria::Latency)
;
                        }
                        GeneratedField::__SkipField__ => {
                            let _ = map_.next_value::<serde::de::IgnoredAny>()?;
                        }
                    }
                }
                Ok(BasicSli {
                    method: method__.unwrap_or_default(),
                    location: location__.unwrap_or_default(),
                    version: version__.unwrap_or_default(),
                    sli_criteria: sli_criteria__,
                })
            }
        }
        deserializer.deserialize_struct("google.monitoring.v3.BasicSli", FIELDS, GeneratedVisitor)
    }
}
impl serde::Serialize for basic_sli::AvailabilityCriteria {
    #[allow(deprecated)]
    fn serialize<S>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error>
    where
        S: serde::Serializer,
    {
        use serde::ser::SerializeStruct;
        let len = 0;
        let struct_ser = serializer.serialize_struct("google.monitoring.v3.BasicSli.AvailabilityCriteria", len)?;
        struct_ser.end()
    }
}
impl<'de> serde::Deserialize<'de> for basic_sli::AvailabilityCriteria {
    #[allow(deprecated)]
    fn deserialize<D>(deserializer: D) -> std::result::Result<Self, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        const FIELDS: &[&str] = &[
        ];

        #[allow(clippy::enum_variant_names)]
        enum GeneratedField {
            __SkipField__,
        }
        impl<'de> serde::Deserialize<'de> for GeneratedField {
            fn deserialize<D>(deserializer: D) -> std::result::Result<GeneratedField, D::Error>
            where
                D: serde::Deserializer<'de>,
            {
                struct GeneratedVisitor;

                impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
                    type Value = GeneratedField;

                    fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        write!(formatter, "expected one of: {:?}", &FIELDS)
                    }

                    #[allow(unused_variables)]
                    fn visit_str<E>(self, value: &str) -> std::result::Result<GeneratedField, E>
                    where
                        E: serde::de::Error,
                    {
                            Ok(GeneratedField::__SkipField__)
                    }
                }
                deserializer.deserialize_identifier(GeneratedVisitor)
            }
        }
        struct GeneratedVisitor;
        impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
            type Value = basic_sli::AvailabilityCriteria;

            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str("struct google.monitoring.v3.BasicSli.AvailabilityCriteria")
            }

            fn visit_map<V>(self, mut map_: V) -> std::result::Result<basic_sli::AvailabilityCriteria, V::Error>
                where
                    V: serde::de::MapAccess<'de>,
            {
                while map_.next_key::<GeneratedField>()?.is_some() {
                    let _ = map_.next_value::<serde::de::IgnoredAny>()?;
                }
                Ok(basic_sli::AvailabilityCriteria {
                })
            }
        }
        deserializer.deserialize_struct("google.monitoring.v3.BasicSli.AvailabilityCriteria", FIELDS, GeneratedVisitor)
    }
}
impl serde::Serialize for basic_sli::LatencyCriteria {
    #[allow(deprecated)]
    fn serialize<S>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error>
    where
        S: serde::Serializer,
    {
        use serde::ser::SerializeStruct;
        let mut len = 0;
        if self.threshold.is_some() {
            len += 1;
        }
        let mut struct_ser = serializer.serialize_struct("google.monitoring.v3.BasicSli.LatencyCriteria", len)?;
        if let Some(v) = self.threshold.as_ref() {
            struct_ser.serialize_field("threshold", v)?;
        }
        struct_ser.end()
    }
}
impl<'de> serde::Deserialize<'de> for basic_sli::LatencyCriteria {
    #[allow(deprecated)]
    fn deserialize<D>(deserializer: D) -> std::result::Result<Self, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        const FIELDS: &[&str] = &[
            "threshold",
        ];

        #[allow(clippy::enum_variant_names)]
        enum GeneratedField {
            Threshold,
            __SkipField__,
        }
        impl<'de> serde::Deserialize<'de> for GeneratedField {
            fn deserialize<D>(deserializer: D) -> std::result::Result<GeneratedField, D::Error>
            where
                D: serde::Deserializer<'de>,
            {
                struct GeneratedVisitor;

                impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
                    type Value = GeneratedField;

                    fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        write!(formatter, "expected one of: {:?}", &FIELDS)
                    }

                    #[allow(unused_variables)]
                    fn visit_str<E>(self, value: &str) -> std::result::Result<GeneratedField, E>
                    where
                        E: serde::de::Error,
                    {
                        match value {
                            "threshold" => Ok(GeneratedField::Threshold),
                            _ => Ok(GeneratedField::__SkipField__),
                        }
                    }
                }
                deserializer.deserialize_identifier(GeneratedVisitor)
            }
        }
        struct GeneratedVisitor;
        impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
            type Value = basic_sli::LatencyCriteria;

            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str("struct google.monitoring.v3.BasicSli.LatencyCriteria")
            }

            fn visit_map<V>(self, mut map_: V) -> std::result::Result<basic_sli::LatencyCriteria, V::Error>
                where
                    V: serde::de::MapAccess<'de>,
            {
                let mut threshold__ = None;
                while let Some(k) = map_.next_key()? {
                    match k {
                        GeneratedField::Threshold => {
                            if threshold__.is_some() {
                                return Err(serde::de::Error::duplicate_field("threshold"));
                            }
                            threshold__ = map_.next_value()?;
                        }
                        GeneratedField::__SkipField__ => {
                            let _ = map_.next_value::<serde::de::IgnoredAny>()?;
                        }
                    }
                }
                Ok(basic_sli::LatencyCriteria {
                    threshold: threshold__,
                })
            }
        }
        deserializer.deserialize_struct("google.monitoring.v3.BasicSli.LatencyCriteria", FIELDS, GeneratedVisitor)
    }
}
impl serde::Serialize for ComparisonType {
    #[allow(deprecated)]
    fn serialize<S>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error>
    where
        S: serde::Serializer,
    {
        let variant = match self {
            Self::ComparisonUnspecified => "COMPARISON_UNSPECIFIED",
            Self::ComparisonGt => "COMPARISON_GT",
            Self::ComparisonGe => "COMPARISON_GE",
            Self::ComparisonLt => "COMPARISON_LT",
            Self::ComparisonLe => "COMPARISON_LE",
            Self::ComparisonEq => "COMPARISON_EQ",
            Self::ComparisonNe => "COMPARISON_NE",
        };
        serializer.serialize_str(variant)
    }
}
impl<'de> serde::Deserialize<'de> for ComparisonType {
    #[allow(deprecated)]
    fn deserialize<D>(deserializer: D) -> std::result::Result<Self, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        const FIELDS: &[&str] = &[
            "COMPARISON_UNSPECIFIED",
            "COMPARISON_GT",
            "COMPARISON_GE",
            "COMPARISON_LT",
            "COMPARISON_LE",
            "COMPARISON_EQ",
            "COMPARISON_NE",
        ];

        struct GeneratedVisitor;

        impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
            type Value = ComparisonType;

            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                write!(formatter, "expected one of: {:?}", &FIELDS)
            }

            fn visit_i64<E>(self, v: i64) -> std::result::Result<Self::Value, E>
            where
                E: serde::de::Error,
            {
                i32::try_from(v)
                    .ok()
                    .and_then(|x| x.try_into().ok())
                    .ok_or_else(|| {
                        serde::de::Error::invalid_value(serde::de::Unexpected::Signed(v), &self)
                    })
            }

            fn visit_u64<E>(self, v: u64) -> std::result::Result<Self::Value, E>
            where
                E: serde::de::Error,
            {
                i32::try_from(v)
                    .ok()
                    .and_then(|x| x.try_into().ok())
                    .ok_or_else(|| {
                        serde::de::Error::invalid_value(serde::de::Unexpected::Unsigned(v), &self)
                    })
            }

            fn visit_str<E>(self, value: &str) -> std::result::Result<Self::Value, E>
            where
                E: serde::de::Error,
            {
                match value {
                    "COMPARISON_UNSPECIFIED" => Ok(ComparisonType::ComparisonUnspecified),
                    "COMPARISON_GT" => Ok(ComparisonType::ComparisonGt),
                    "COMPARISON_GE" => Ok(ComparisonType::ComparisonGe),
                    "COMPARISON_LT" => Ok(ComparisonType::ComparisonLt),
                    "COMPARISON_LE" => Ok(ComparisonType::ComparisonLe),
                    "COMPARISON_EQ" => Ok(ComparisonType::ComparisonEq),
                    "COMPARISON_NE" => Ok(ComparisonType::ComparisonNe),
                    _ => Err(serde::de::Error::unknown_variant(value, FIELDS)),
                }
            }
        }
        deserializer.deserialize_any(GeneratedVisitor)
    }
}
impl serde::Serialize for CreateAlertPolicyRequest {
    #[allow(deprecated)]
    fn serialize<S>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error>
    where
        S: serde::Serializer,
    {
        use serde::ser::SerializeStruct;
        let mut len = 0;
        if !self.name.is_empty() {
            len += 1;
        }
        if self.alert_policy.is_some() {
            len += 1;
        }
        let mut struct_ser = serializer.serialize_struct("google.monitoring.v3.CreateAlertPolicyRequest", len)?;
        if !self.name.is_empty() {
            struct_ser.serialize_field("name", &self.name)?;
        }
        if let Some(v) = self.alert_policy.as_ref() {
            struct_ser.serialize_field("alertPolicy", v)?;
        }
        struct_ser.end()
    }
}
impl<'de> serde::Deserialize<'de> for CreateAlertPolicyRequest {
    #[allow(deprecated)]
    fn deserialize<D>(deserializer: D) -> std::result::Result<Self, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        const FIELDS: &[&str] = &[
            "name",
            "alert_policy",
            "alertPolicy",
        ];

        #[allow(clippy::enum_variant_names)]
        enum GeneratedField {
            Name,
            AlertPolicy,
            __SkipField__,
        }
        impl<'de> serde::Deserialize<'de> for GeneratedField {
            fn deserialize<D>(deserializer: D) -> std::result::Result<GeneratedField, D::Error>
            where
                D: serde::Deserializer<'de>,
            {
                struct GeneratedVisitor;

                impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
                    type Value = GeneratedField;

                    fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        write!(formatter, "expected one of: {:?}", &FIELDS)
                    }

                    #[allow(unused_variables)]
                    fn visit_str<E>(self, value: &str) -> std::result::Result<GeneratedField, E>
                    where
                        E: serde::de::Error,
                    {
                        match value {
                            "name" => Ok(GeneratedField::Name),
                            "alertPolicy" | "alert_policy" => Ok(GeneratedField::AlertPolicy),
                            _ => Ok(GeneratedField::__SkipField__),
                        }
                    }
                }
                deserializer.deserialize_identifier(GeneratedVisitor)
            }
        }
        struct GeneratedVisitor;
        impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
            type Value = CreateAlertPolicyRequest;

            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str("struct google.monitoring.v3.CreateAlertPolicyRequest")
            }

            fn visit_map<V>(self, mut map_: V) -> std::result::Result<CreateAlertPolicyRequest, V::Error>
                where
                    V: serde::de::MapAccess<'de>,
            {
                let mut name__ = None;
                let mut alert_policy__ = None;
                while let Some(k) = map_.next_key()? {
                    match k {
                        GeneratedField::Name => {
                            if name__.is_some() {
                                return Err(serde::de::Error::duplicate_field("name"));
                            }
                            name__ = Some(map_.next_value()?);
                        }
                        GeneratedField::AlertPolicy => {
                            if alert_policy__.is_some() {
                                return Err(serde::de::Error::duplicate_field("alertPolicy"));
                            }
                            alert_policy__ = map_.next_value()?;
                        }
                        GeneratedField::__SkipField__ => {
                            let _ = map_.next_value::<serde::de::IgnoredAny>()?;
                        }
                    }
                }
                Ok(CreateAlertPolicyRequest {
                    name: name__.unwrap_or_default(),
                    alert_policy: alert_policy__,
                })
            }
        }
        deserializer.deserialize_struct("google.monitoring.v3.CreateAlertPolicyRequest", FIELDS, GeneratedVisitor)
    }
}
impl serde::Serialize for CreateMetricDescriptorRequest {
    #[allow(deprecated)]
    fn serialize<S>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error>
    where
        S: serde::Serializer,
    {
        use serde::ser::SerializeStruct;
        let mut len = 0;
        if !self.name.is_empty() {
            len += 1;
        }
        if self.metric_descriptor.is_some() {
            len += 1;
        }
        let mut struct_ser = serializer.serialize_struct("google.monitoring.v3.CreateMetricDescriptorRequest", len)?;
        if !self.name.is_empty() {
            struct_ser.serialize_field("name", &self.name)?;
        }
        if let Some(v) = self.metric_descriptor.as_ref() {
            struct_ser.serialize_field("metricDescriptor", v)?;
        }
        struct_ser.end()
    }
}
impl<'de> serde::Deserialize<'de> for CreateMetricDescriptorRequest {
    #[allow(deprecated)]
    fn deserialize<D>(deserializer: D) -> std::result::Result<Self, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        const FIELDS: &[&str] = &[
            "name",
            "metric_descriptor",
            "metricDescriptor",
        ];

        #[allow(clippy::enum_variant_names)]
        enum GeneratedField {
            Name,
            MetricDescriptor,
            __SkipField__,
        }
        impl<'de> serde::Deserialize<'de> for GeneratedField {
            fn deserialize<D>(deserializer: D) -> std::result::Result<GeneratedField, D::Error>
            where
                D: serde::Deserializer<'de>,
            {
                struct GeneratedVisitor;

                impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
                    type Value = GeneratedField;

                    fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        write!(formatter, "expected one of: {:?}", &FIELDS)
                    }

                    #[allow(unused_variables)]
                    fn visit_str<E>(self, value: &str) -> std::result::Result<GeneratedField, E>
                    where
                        E: serde::de::Error,
                    {
                        match value {
                            "name" => Ok(GeneratedField::Name),
                            "metricDescriptor" | "metric_descriptor" => Ok(GeneratedField::MetricDescriptor),
                            _ => Ok(GeneratedField::__SkipField__),
                        }
                    }
                }
                deserializer.deserialize_identifier(GeneratedVisitor)
            }
        }
        struct GeneratedVisitor;
        impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
            type Value = CreateMetricDescriptorRequest;

            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str("struct google.monitoring.v3.CreateMetricDescriptorRequest")
            }

            fn visit_map<V>(self, mut map_: V) -> std::result::Result<CreateMetricDescriptorRequest, V::Error>
                where
                    V: serde::de::MapAccess<'de>,
            {
                let mut name__ = None;
                let mut metric_descriptor__ = None;
                while let Some(k) = map_.next_key()? {
                    match k {
                        GeneratedField::Name => {
                            if name__.is_some() {
                                return Err(serde::de::Error::duplicate_field("name"));
                            }
                            name__ = Some(map_.next_value()?);
                        }
                        GeneratedField::MetricDescriptor => {
                            if metric_descriptor__.is_some() {
                                return Err(serde::de::Error::duplicate_field("metricDescriptor"));
                            }
                            metric_descriptor__ = map_.next_value()?;
                        }
                        GeneratedField::__SkipField__ => {
                            let _ = map_.next_value::<serde::de::IgnoredAny>()?;
                        }
                    }
                }
                Ok(CreateMetricDescriptorRequest {
                    name: name__.unwrap_or_default(),
                    metric_descriptor: metric_descriptor__,
                })
            }
        }
        deserializer.deserialize_struct("google.monitoring.v3.CreateMetricDescriptorRequest", FIELDS, GeneratedVisitor)
    }
}
impl serde::Serialize for CreateNotificationChannelRequest {
    #[allow(deprecated)]
    fn serialize<S>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error>
    where
        S: serde::Serializer,
    {
        use serde::ser::SerializeStruct;
        let mut len = 0;
        if !self.name.is_empty() {
            len += 1;
        }
        if self.notification_channel.is_some() {
            len += 1;
        }
        let mut struct_ser = serializer.serialize_struct("google.monitoring.v3.CreateNotificationChannelRequest", len)?;
        if !self.name.is_empty() {
            struct_ser.serialize_field("name", &self.name)?;
        }
        if let Some(v) = self.notification_channel.as_ref() {
            struct_ser.serialize_field("notificationChannel", v)?;
        }
        struct_ser.end()
    }
}
impl<'de> serde::Deserialize<'de> for CreateNotificationChannelRequest {
    #[allow(deprecated)]
    fn deserialize<D>(deserializer: D) -> std::result::Result<Self, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        const FIELDS: &[&str] = &[
            "name",
            "notification_channel",
            "notificationChannel",
        ];

        #[allow(clippy::enum_variant_names)]
        enum GeneratedField {
            Name,
            NotificationChannel,
            __SkipField__,
        }
        impl<'de> serde::Deserialize<'de> for GeneratedField {
            fn deserialize<D>(deserializer: D) -> std::result::Result<GeneratedField, D::Error>
            where
                D: serde::Deserializer<'de>,
            {
                struct GeneratedVisitor;

                impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
                    type Value = GeneratedField;

                    fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        write!(formatter, "expected one of: {:?}", &FIELDS)
                    }

                    #[allow(unused_variables)]
                    fn visit_str<E>(self, value: &str) -> std::result::Result<GeneratedField, E>
                    where
                        E: serde::de::Error,
                    {
                        match value {
                            "name" => Ok(GeneratedField::Name),
                            "notificationChannel" | "notification_channel" => Ok(GeneratedField::NotificationChannel),
                            _ => Ok(GeneratedField::__SkipField__),
                        }
                    }
                }
                deserializer.deserialize_identifier(GeneratedVisitor)
            }
        }
        struct GeneratedVisitor;
        impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
            type Value = CreateNotificationChannelRequest;

            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str("struct google.monitoring.v3.CreateNotificationChannelRequest")
            }

            fn visit_map<V>(self, mut map_: V) -> std::result::Result<CreateNotificationChannelRequest, V::Error>
                where
                    V: serde::de::MapAccess<'de>,
            {
                let mut name__ = None;
                let mut notification_channel__ = None;
                while let Some(k) = map_.next_key()? {
                    match k {
                        GeneratedField::Name => {
                            if name__.is_some() {
                                return Err(serde::de::Error::duplicate_field("name"));
                            }
                            name__ = Some(map_.next_value()?);
                        }
                        GeneratedField::NotificationChannel => {
                            if notification_channel__.is_some() {
                                return Err(serde::de::Error::duplicate_field("notificationChannel"));
                            }
                            notification_channel__ = map_.next_value()?;
                        }
                        GeneratedField::__SkipField__ => {
                            let _ = map_.next_value::<serde::de::IgnoredAny>()?;
                        }
                    }
                }
                Ok(CreateNotificationChannelRequest {
                    name: name__.unwrap_or_default(),
                    notification_channel: notification_channel__,
                })
            }
        }
        deserializer.deserialize_struct("google.monitoring.v3.CreateNotificationChannelRequest", FIELDS, GeneratedVisitor)
    }
}
impl serde::Serialize for CreateServiceLevelObjectiveRequest {
    #[allow(deprecated)]
    fn serialize<S>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error>
    where
        S: serde::Serializer,
    {
        use serde::ser::SerializeStruct;
        let mut len = 0;
        if !self.parent.is_empty() {
            len += 1;
        }
        if !self.service_level_objective_id.is_empty() {
            len += 1;
        }
        if self.service_level_objective.is_some() {
            len += 1;
        }
        let mut struct_ser = serializer.serialize_struct("google.monitoring.v3.CreateServiceLevelObjectiveRequest", len)?;
        if !self.parent.is_empty() {
            struct_ser.serialize_field("parent", &self.parent)?;
        }
        if !self.service_level_objective_id.is_empty() {
            struct_ser.serialize_field("serviceLevelObjectiveId", &self.service_level_objective_id)?;
        }
        if let Some(v) = self.service_level_objective.as_ref() {
            struct_ser.serialize_field("serviceLevelObjective", v)?;
        }
        struct_ser.end()
    }
}
impl<'de> serde::Deserialize<'de> for CreateServiceLevelObjectiveRequest {
    #[allow(deprecated)]
    fn deserialize<D>(deserializer: D) -> std::result::Result<Self, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        const FIELDS: &[&str] = &[
            "parent",
            "service_level_objective_id",
            "serviceLevelObjectiveId",
            "service_level_objective",
            "serviceLevelObjective",
        ];

        #[allow(clippy::enum_variant_names)]
        enum GeneratedField {
            Parent,
            ServiceLevelObjectiveId,
            ServiceLevelObjective,
            __SkipField__,
        }
        impl<'de> serde::Deserialize<'de> for GeneratedField {
            fn deserialize<D>(deserializer: D) -> std::result::Result<GeneratedField, D::Error>
            where
                D: serde::Deserializer<'de>,
            {
                struct GeneratedVisitor;

                impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
                    type Value = GeneratedField;

                    fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        write!(formatter, "expected one of: {:?}", &FIELDS)
                    }

                    #[allow(unused_variables)]
                    fn visit_str<E>(self, value: &str) -> std::result::Result<GeneratedField, E>
                    where
                        E: serde::de::Error,
                    {
                        match value {
                            "parent" => Ok(GeneratedField::Parent),
                            "serviceLevelObjectiveId" | "service_level_objective_id" => Ok(GeneratedField::ServiceLevelObjectiveId),
                            "serviceLevelObjective" | "service_level_objective" => Ok(GeneratedField::ServiceLevelObjective),
                            _ => Ok(GeneratedField::__SkipField__),
                        }
                    }
                }
                deserializer.deserialize_identifier(GeneratedVisitor)
            }
        }
        struct GeneratedVisitor;
        impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
            type Value = CreateServiceLevelObjectiveRequest;

            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str("struct google.monitoring.v3.CreateServiceLevelObjectiveRequest")
            }

            fn visit_map<V>(self, mut map_: V) -> std::result::Result<CreateServiceLevelObjectiveRequest, V::Error>
                where
                    V: serde::de::MapAccess<'de>,
            {
                let mut parent__ = None;
                let mut service_level_objective_id__ = None;
                let mut service_level_objective__ = None;
                while let Some(k) = map_.next_key()? {
                    match k {
                        GeneratedField::Parent => {
                            if parent__.is_some() {
                                return Err(serde::de::Error::duplicate_field("parent"));
                            }
                            parent__ = Some(map_.next_value()?);
                        }
                        GeneratedField::ServiceLevelObjectiveId => {
                            if service_level_objective_id__.is_some() {
                                return Err(serde::de::Error::duplicate_field("serviceLevelObjectiveId"));
                            }
                            service_level_objective_id__ = Some(map_.next_value()?);
                        }
                        GeneratedField::ServiceLevelObjective => {
                            if service_level_objective__.is_some() {
                                return Err(serde::de::Error::duplicate_field("serviceLevelObjective"));
                            }
                            service_level_objective__ = map_.next_value()?;
                        }
                        GeneratedField::__SkipField__ => {
                            let _ = map_.next_value::<serde::de::IgnoredAny>()?;
                        }
                    }
                }
                Ok(CreateServiceLevelObjectiveRequest {
                    parent: parent__.unwrap_or_default(),
                    service_level_objective_id: service_level_objective_id__.unwrap_or_default(),
                    service_level_objective: service_level_objective__,
                })
            }
        }
        deserializer.deserialize_struct("google.monitoring.v3.CreateServiceLevelObjectiveRequest", FIELDS, GeneratedVisitor)
    }
}
impl serde::Serialize for CreateServiceRequest {
    #[allow(deprecated)]
    fn serialize<S>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error>
    where
        S: serde::Serializer,
    {
        use serde::ser::SerializeStruct;
        let mut len = 0;
        if !self.parent.is_empty() {
            len += 1;
        }
        if !self.service_id.is_empty() {
            len += 1;
        }
        if self.service.is_some() {
            len += 1;
        }
        let mut struct_ser = serializer.serialize_struct("google.monitoring.v3.CreateServiceRequest", len)?;
        if !self.parent.is_empty() {
            struct_ser.serialize_field("parent", &self.parent)?;
        }
        if !self.service_id.is_empty() {
            struct_ser.serialize_field("serviceId", &self.service_id)?;
        }
        if let Some(v) = self.service.as_ref() {
            struct_ser.serialize_field("service", v)?;
        }
        struct_ser.end()
    }
}
impl<'de> serde::Deserialize<'de> for CreateServiceRequest {
    #[allow(deprecated)]
    fn deserialize<D>(deserializer: D) -> std::result::Result<Self, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        const FIELDS: &[&str] = &[
            "parent",
            "service_id",
            "serviceId",
            "service",
        ];

        #[allow(clippy::enum_variant_names)]
        enum GeneratedField {
            Parent,
            ServiceId,
            Service,
            __SkipField__,
        }
        impl<'de> serde::Deserialize<'de> for GeneratedField {
            fn deserialize<D>(deserializer: D) -> std::result::Result<GeneratedField, D::Error>
            where
                D: serde::Deserializer<'de>,
            {
                struct GeneratedVisitor;

                impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
                    type Value = GeneratedField;

                    fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        write!(formatter, "expected one of: {:?}", &FIELDS)
                    }

                    #[allow(unused_variables)]
                    fn visit_str<E>(self, value: &str) -> std::result::Result<GeneratedField, E>
                    where
                        E: serde::de::Error,
                    {
                        match value {
                            "parent" => Ok(GeneratedField::Parent),
                            "serviceId" | "service_id" => Ok(GeneratedField::ServiceId),
                            "service" => Ok(GeneratedField::Service),
                            _ => Ok(GeneratedField::__SkipField__),
                        }
                    }
                }
                deserializer.deserialize_identifier(GeneratedVisitor)
            }
        }
        struct GeneratedVisitor;
        impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
            type Value = CreateServiceRequest;

            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str("struct google.monitoring.v3.CreateServiceRequest")
            }

            fn visit_map<V>(self, mut map_: V) -> std::result::Result<CreateServiceRequest, V::Error>
                where
                    V: serde::de::MapAccess<'de>,
            {
                let mut parent__ = None;
                let mut service_id__ = None;
                let mut service__ = None;
                while let Some(k) = map_.next_key()? {
                    match k {
                        GeneratedField::Parent => {
                            if parent__.is_some() {
                                return Err(serde::de::Error::duplicate_field("parent"));
                            }
                            parent__ = Some(map_.next_value()?);
                        }
                        GeneratedField::ServiceId => {
                            if service_id__.is_some() {
                                return Err(serde::de::Error::duplicate_field("serviceId"));
                            }
                            service_id__ = Some(map_.next_value()?);
                        }
                        GeneratedField::Service => {
                            if service__.is_some() {
                                return Err(serde::de::Error::duplicate_field("service"));
                            }
                            service__ = map_.next_value()?;
                        }
                        GeneratedField::__SkipField__ => {
                            let _ = map_.next_value::<serde::de::IgnoredAny>()?;
                        }
                    }
                }
                Ok(CreateServiceRequest {
                    parent: parent__.unwrap_or_default(),
                    service_id: service_id__.unwrap_or_default(),
                    service: service__,
                })
            }
        }
        deserializer.deserialize_struct("google.monitoring.v3.CreateServiceRequest", FIELDS, GeneratedVisitor)
    }
}
impl serde::Serialize for CreateTimeSeriesError {
    #[allow(deprecated)]
    fn serialize<S>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error>
    where
        S: serde::Serializer,
    {
        use serde::ser::SerializeStruct;
        let mut len = 0;
        if self.time_series.is_some() {
            len += 1;
        }
        if self.status.is_some() {
            len += 1;
        }
        let mut struct_ser = serializer.serialize_struct("google.monitoring.v3.CreateTimeSeriesError", len)?;
        if let Some(v) = self.time_series.as_ref() {
            struct_ser.serialize_field("timeSeries", v)?;
        }
        if let Some(v) = self.status.as_ref() {
            struct_ser.serialize_field("status", v)?;
        }
        struct_ser.end()
    }
}
impl<'de> serde::Deserialize<'de> for CreateTimeSeriesError {
    #[allow(deprecated)]
    fn deserialize<D>(deserializer: D) -> std::result::Result<Self, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        const FIELDS: &[&str] = &[
            "time_series",
            "timeSeries",
            "status",
        ];

        #[allow(clippy::enum_variant_names)]
        enum GeneratedField {
            TimeSeries,
            Status,
            __SkipField__,
        }
        impl<'de> serde::Deserialize<'de> for GeneratedField {
            fn deserialize<D>(deserializer: D) -> std::result::Result<GeneratedField, D::Error>
            where
                D: serde::Deserializer<'de>,
            {
                struct GeneratedVisitor;

                impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
                    type Value = GeneratedField;

                    fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        write!(formatter, "expected one of: {:?}", &FIELDS)
                    }

                    #[allow(unused_variables)]
                    fn visit_str<E>(self, value: &str) -> std::result::Result<GeneratedField, E>
                    where
                        E: serde::de::Error,
                    {
                        match value {
                            "timeSeries" | "time_series" => Ok(GeneratedField::TimeSeries),
                            "status" => Ok(GeneratedField::Status),
                            _ => Ok(GeneratedField::__SkipField__),
                        }
                    }
                }
                deserializer.deserialize_identifier(GeneratedVisitor)
            }
        }
        struct GeneratedVisitor;
        impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
            type Value = CreateTimeSeriesError;

            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str("struct google.monitoring.v3.CreateTimeSeriesError")
            }

            fn visit_map<V>(self, mut map_: V) -> std::result::Result<CreateTimeSeriesError, V::Error>
                where
                    V: serde::de::MapAccess<'de>,
            {
                let mut time_series__ = None;
                let mut status__ = None;
                while let Some(k) = map_.next_key()? {
                    match k {
                        GeneratedField::TimeSeries => {
                            if time_series__.is_some() {
                                return Err(serde::de::Error::duplicate_field("timeSeries"));
                            }
                            time_series__ = map_.next_value()?;
                        }
                        GeneratedField::Status => {
                            if status__.is_some() {
                                return Err(serde::de::Error::duplicate_field("status"));
                            }
                            status__ = map_.next_value()?;
                        }
                        GeneratedField::__SkipField__ => {
                            let _ = map_.next_value::<serde::de::IgnoredAny>()?;
                        }
                    }
                }
                Ok(CreateTimeSeriesError {
                    time_series: time_series__,
                    status: status__,
                })
            }
        }
        deserializer.deserialize_struct("google.monitoring.v3.CreateTimeSeriesError", FIELDS, GeneratedVisitor)
    }
}
impl serde::Serialize for CreateTimeSeriesRequest {
    #[allow(deprecated)]
    fn serialize<S>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error>
    where
        S: serde::Serializer,
    {
        use serde::ser::SerializeStruct;
        let mut len = 0;
        if !self.name.is_empty() {
            len += 1;
        }
        if !self.time_series.is_empty() {
            len += 1;
        }
        let mut struct_ser = serializer.serialize_struct("google.monitoring.v3.CreateTimeSeriesRequest", len)?;
        if !self.name.is_empty() {
            struct_ser.serialize_field("name", &self.name)?;
        }
        if !self.time_series.is_empty() {
            struct_ser.serialize_field("timeSeries", &self.time_series)?;
        }
        struct_ser.end()
    }
}
impl<'de> serde::Deserialize<'de> for CreateTimeSeriesRequest {
    #[allow(deprecated)]
    fn deserialize<D>(deserializer: D) -> std::result::Result<Self, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        const FIELDS: &[&str] = &[
            "name",
            "time_series",
            "timeSeries",
        ];

        #[allow(clippy::enum_variant_names)]
        enum GeneratedField {
            Name,
            TimeSeries,
            __SkipField__,
        }
        impl<'de> serde::Deserialize<'de> for GeneratedField {
            fn deserialize<D>(deserializer: D) -> std::result::Result<GeneratedField, D::Error>
            where
                D: serde::Deserializer<'de>,
            {
                struct GeneratedVisitor;

                impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
                    type Value = GeneratedField;

                    fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        write!(formatter, "expected one of: {:?}", &FIELDS)
                    }

                    #[allow(unused_variables)]
                    fn visit_str<E>(self, value: &str) -> std::result::Result<GeneratedField, E>
                    where
                        E: serde::de::Error,
                    {
                        match value {
                            "name" => Ok(GeneratedField::Name),
                            "timeSeries" | "time_series" => Ok(GeneratedField::TimeSeries),
                            _ => Ok(GeneratedField::__SkipField__),
                        }
                    }
                }
                deserializer.deserialize_identifier(GeneratedVisitor)
            }
        }
        struct GeneratedVisitor;
        impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
            type Value = CreateTimeSeriesRequest;

            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str("struct google.monitoring.v3.CreateTimeSeriesRequest")
            }

            fn visit_map<V>(self, mut map_: V) -> std::result::Result<CreateTimeSeriesRequest, V::Error>
                where
                    V: serde::de::MapAccess<'de>,
            {
                let mut name__ = None;
                let mut time_series__ = None;
                while let Some(k) = map_.next_key()? {
                    match k {
                        GeneratedField::Name => {
                            if name__.is_some() {
                                return Err(serde::de::Error::duplicate_field("name"));
                            }
                            name__ = Some(map_.next_value()?);
                        }
                        GeneratedField::TimeSeries => {
                            if time_series__.is_some() {
                                return Err(serde::de::Error::duplicate_field("timeSeries"));
                            }
                            time_series__ = Some(map_.next_value()?);
                        }
                        GeneratedField::__SkipField__ => {
                            let _ = map_.next_value::<serde::de::IgnoredAny>()?;
                        }
                    }
                }
                Ok(CreateTimeSeriesRequest {
                    name: name__.unwrap_or_default(),
                    time_series: time_series__.unwrap_or_default(),
                })
            }
        }
        deserializer.deserialize_struct("google.monitoring.v3.CreateTimeSeriesRequest", FIELDS, GeneratedVisitor)
    }
}
impl serde::Serialize for CreateTimeSeriesSummary {
    #[allow(deprecated)]
    fn serialize<S>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error>
    where
        S: serde::Serializer,
    {
        use serde::ser::SerializeStruct;
        let mut len = 0;
        if self.total_point_count != 0 {
            len += 1;
        }
        if self.success_point_count != 0 {
            len += 1;
        }
        if !self.errors.is_empty() {
            len += 1;
        }
        let mut struct_ser = serializer.serialize_struct("google.monitoring.v3.CreateTimeSeriesSummary", len)?;
        if self.total_point_count != 0 {
            struct_ser.serialize_field("totalPointCount", &self.total_point_count)?;
        }
        if self.success_point_count != 0 {
            struct_ser.serialize_field("successPointCount", &self.success_point_count)?;
        }
        if !self.errors.is_empty() {
            struct_ser.serialize_field("errors", &self.errors)?;
        }
        struct_ser.end()
    }
}
impl<'de> serde::Deserialize<'de> for CreateTimeSeriesSummary {
    #[allow(deprecated)]
    fn deserialize<D>(deserializer: D) -> std::result::Result<Self, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        const FIELDS: &[&str] = &[
            "total_point_count",
            "totalPointCount",
            "success_point_count",
            "successPointCount",
            "errors",
        ];

        #[allow(clippy::enum_variant_names)]
        enum GeneratedField {
            TotalPointCount,
            SuccessPointCount,
            Errors,
            __SkipField__,
        }
        impl<'de> serde::Deserialize<'de> for GeneratedField {
            fn deserialize<D>(deserializer: D) -> std::result::Result<GeneratedField, D::Error>
            where
                D: serde::Deserializer<'de>,
            {
                struct GeneratedVisitor;

                impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
                    type Value = GeneratedField;

                    fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        write!(formatter, "expected one of: {:?}", &FIELDS)
                    }

                    #[allow(unused_variables)]
                    fn visit_str<E>(self, value: &str) -> std::result::Result<GeneratedField, E>
                    where
                        E: serde::de::Error,
                    {
                        match value {
                            "totalPointCount" | "total_point_count" => Ok(GeneratedField::TotalPointCount),
                            "successPointCount" | "success_point_count" => Ok(GeneratedField::SuccessPointCount),
                            "errors" => Ok(GeneratedField::Errors),
                            _ => Ok(GeneratedField::__SkipField__),
                        }
                    }
                }
                deserializer.deserialize_identifier(GeneratedVisitor)
            }
        }
        struct GeneratedVisitor;
        impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
            type Value = CreateTimeSeriesSummary;

            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str("struct google.monitoring.v3.CreateTimeSeriesSummary")
            }

            fn visit_map<V>(self, mut map_: V) -> std::result::Result<CreateTimeSeriesSummary, V::Error>
                where
                    V: serde::de::MapAccess<'de>,
            {
                let mut total_point_count__ = None;
                let mut success_point_count__ = None;
                let mut errors__ = None;
                while let Some(k) = map_.next_key()? {
                    match k {
                        GeneratedField::TotalPointCount => {
                            if total_point_count__.is_some() {
                                return Err(serde::de::Error::duplicate_field("totalPointCount"));
                            }
                            total_point_count__ = 
                                Some(map_.next_value::<::pbjson::private::NumberDeserialize<_>>()?.0)
                            ;
                        }
                        GeneratedField::SuccessPointCount => {
                            if success_point_count__.is_some() {
                                return Err(serde::de::Error::duplicate_field("successPointCount"));
                            }
                            success_point_count__ = 
                                Some(map_.next_value::<::pbjson::private::NumberDeserialize<_>>()?.0)
                            ;
                        }
                        GeneratedField::Errors => {
                            if errors__.is_some() {
                                return Err(serde::de::Error::duplicate_field("errors"));
                            }
                            errors__ = Some(map_.next_value()?);
                        }
                        GeneratedField::__SkipField__ => {
                            let _ = map_.next_value::<serde::de::IgnoredAny>()?;
                        }
                    }
                }
                Ok(CreateTimeSeriesSummary {
                    total_point_count: total_point_count__.unwrap_or_default(),
                    success_point_count: success_point_count__.unwrap_or_default(),
                    errors: errors__.unwrap_or_default(),
                })
            }
        }
        deserializer.deserialize_struct("google.monitoring.v3.CreateTimeSeriesSummary", FIELDS, GeneratedVisitor)
    }
}
impl serde::Serialize for create_time_series_summary::Error {
    #[allow(deprecated)]
    fn serialize<S>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error>
    where
        S: serde::Serializer,
    {
        use serde::ser::SerializeStruct;
        let mut len = 0;
        if self.status.is_some() {
            len += 1;
        }
        if self.point_count != 0 {
            len += 1;
        }
        let mut struct_ser = serializer.serialize_struct("google.monitoring.v3.CreateTimeSeriesSummary.Error", len)?;
        if let Some(v) = self.status.as_ref() {
            struct_ser.serialize_field("status", v)?;
        }
        if self.point_count != 0 {
            struct_ser.serialize_field("pointCount", &self.point_count)?;
        }
        struct_ser.end()
    }
}
impl<'de> serde::Deserialize<'de> for create_time_series_summary::Error {
    #[allow(deprecated)]
    fn deserialize<D>(deserializer: D) -> std::result::Result<Self, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        const FIELDS: &[&str] = &[
            "status",
            "point_count",
            "pointCount",
        ];

        #[allow(clippy::enum_variant_names)]
        enum GeneratedField {
            Status,
            PointCount,
            __SkipField__,
        }
        impl<'de> serde::Deserialize<'de> for GeneratedField {
            fn deserialize<D>(deserializer: D) -> std::result::Result<GeneratedField, D::Error>
            where
                D: serde::Deserializer<'de>,
            {
                struct GeneratedVisitor;

                impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
                    type Value = GeneratedField;

                    fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        write!(formatter, "expected one of: {:?}", &FIELDS)
                    }

                    #[allow(unused_variables)]
                    fn visit_str<E>(self, value: &str) -> std::result::Result<GeneratedField, E>
                    where
                        E: serde::de::Error,
                    {
                        match value {
                            "status" => Ok(GeneratedField::Status),
                            "pointCount" | "point_count" => Ok(GeneratedField::PointCount),
                            _ => Ok(GeneratedField::__SkipField__),
                        }
                    }
                }
                deserializer.deserialize_identifier(GeneratedVisitor)
            }
        }
        struct GeneratedVisitor;
        impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
            type Value = create_time_series_summary::Error;

            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str("struct google.monitoring.v3.CreateTimeSeriesSummary.Error")
            }

            fn visit_map<V>(self, mut map_: V) -> std::result::Result<create_time_series_summary::Error, V::Error>
                where
                    V: serde::de::MapAccess<'de>,
            {
                let mut status__ = None;
                let mut point_count__ = None;
                while let Some(k) = map_.next_key()? {
                    match k {
                        GeneratedField::Status => {
                            if status__.is_some() {
                                return Err(serde::de::Error::duplicate_field("status"));
                            }
                            status__ = map_.next_value()?;
                        }
                        GeneratedField::PointCount => {
                            if point_count__.is_some() {
                                return Err(serde::de::Error::duplicate_field("pointCount"));
                            }
                            point_count__ = 
                                Some(map_.next_value::<::pbjson::private::NumberDeserialize<_>>()?.0)
                            ;
                        }
                        GeneratedField::__SkipField__ => {
                            let _ = map_.next_value::<serde::de::IgnoredAny>()?;
                        }
                    }
                }
                Ok(create_time_series_summary::Error {
                    status: status__,
                    point_count: point_count__.unwrap_or_default(),
                })
            }
        }
        deserializer.deserialize_struct("google.monitoring.v3.CreateTimeSeriesSummary.Error", FIELDS, GeneratedVisitor)
    }
}
impl serde::Serialize for DeleteAlertPolicyRequest {
    #[allow(deprecated)]
    fn serialize<S>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error>
    where
        S: serde::Serializer,
    {
        use serde::ser::SerializeStruct;
        let mut len = 0;
        if !self.name.is_empty() {
            len += 1;
        }
        let mut struct_ser = serializer.serialize_struct("google.monitoring.v3.DeleteAlertPolicyRequest", len)?;
        if !self.name.is_empty() {
            struct_ser.serialize_field("name", &self.name)?;
        }
        struct_ser.end()
    }
}
impl<'de> serde::Deserialize<'de> for DeleteAlertPolicyRequest {
    #[allow(deprecated)]
    fn deserialize<D>(deserializer: D) -> std::result::Result<Self, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        const FIELDS: &[&str] = &[
            "name",
        ];

        #[allow(clippy::enum_variant_names)]
        enum GeneratedField {
            Name,
            __SkipField__,
        }
        impl<'de> serde::Deserialize<'de> for GeneratedField {
            fn deserialize<D>(deserializer: D) -> std::result::Result<GeneratedField, D::Error>
            where
                D: serde::Deserializer<'de>,
            {
                struct GeneratedVisitor;

                impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
                    type Value = GeneratedField;

                    fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        write!(formatter, "expected one of: {:?}", &FIELDS)
                    }

                    #[allow(unused_variables)]
                    fn visit_str<E>(self, value: &str) -> std::result::Result<GeneratedField, E>
                    where
                        E: serde::de::Error,
                    {
                        match value {
                            "name" => Ok(GeneratedField::Name),
                            _ => Ok(GeneratedField::__SkipField__),
                        }
                    }
                }
                deserializer.deserialize_identifier(GeneratedVisitor)
            }
        }
        struct GeneratedVisitor;
        impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
            type Value = DeleteAlertPolicyRequest;

            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str("struct google.monitoring.v3.DeleteAlertPolicyRequest")
            }

            fn visit_map<V>(self, mut map_: V) -> std::result::Result<DeleteAlertPolicyRequest, V::Error>
                where
                    V: serde::de::MapAccess<'de>,
            {
                let mut name__ = None;
                while let Some(k) = map_.next_key()? {
                    match k {
                        GeneratedField::Name => {
                            if name__.is_some() {
                                return Err(serde::de::Error::duplicate_field("name"));
                            }
                            name__ = Some(map_.next_value()?);
                        }
                        GeneratedField::__SkipField__ => {
                            let _ = map_.next_value::<serde::de::IgnoredAny>()?;
                        }
                    }
                }
                Ok(DeleteAlertPolicyRequest {
                    name: name__.unwrap_or_default(),
                })
            }
        }
        deserializer.deserialize_struct("google.monitoring.v3.DeleteAlertPolicyRequest", FIELDS, GeneratedVisitor)
    }
}
impl serde::Serialize for DeleteMetricDescriptorRequest {
    #[allow(deprecated)]
    fn serialize<S>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error>
    where
        S: serde::Serializer,
    {
        use serde::ser::SerializeStruct;
        let mut len = 0;
        if !self.name.is_empty() {
            len += 1;
        }
        let mut struct_ser = serializer.serialize_struct("google.monitoring.v3.DeleteMetricDescriptorRequest", len)?;
        if !self.name.is_empty() {
            struct_ser.serialize_field("name", &self.name)?;
        }
        struct_ser.end()
    }
}
impl<'de> serde::Deserialize<'de> for DeleteMetricDescriptorRequest {
    #[allow(deprecated)]
    fn deserialize<D>(deserializer: D) -> std::result::Result<Self, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        const FIELDS: &[&str] = &[
            "name",
        ];

        #[allow(clippy::enum_variant_names)]
        enum GeneratedField {
            Name,
            __SkipField__,
        }
        impl<'de> serde::Deserialize<'de> for GeneratedField {
            fn deserialize<D>(deserializer: D) -> std::result::Result<GeneratedField, D::Error>
            where
                D: serde::Deserializer<'de>,
            {
                struct GeneratedVisitor;

                impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
                    type Value = GeneratedField;

                    fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        write!(formatter, "expected one of: {:?}", &FIELDS)
                    }

                    #[allow(unused_variables)]
                    fn visit_str<E>(self, value: &str) -> std::result::Result<GeneratedField, E>
                    where
                        E: serde::de::Error,
                    {
                        match value {
                            "name" => Ok(GeneratedField::Name),
                            _ => Ok(GeneratedField::__SkipField__),
                        }
                    }
                }
                deserializer.deserialize_identifier(GeneratedVisitor)
            }
        }
        struct GeneratedVisitor;
        impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
            type Value = DeleteMetricDescriptorRequest;

            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str("struct google.monitoring.v3.DeleteMetricDescriptorRequest")
            }

            fn visit_map<V>(self, mut map_: V) -> std::result::Result<DeleteMetricDescriptorRequest, V::Error>
                where
                    V: serde::de::MapAccess<'de>,
            {
                let mut name__ = None;
                while let Some(k) = map_.next_key()? {
                    match k {
                        GeneratedField::Name => {
                            if name__.is_some() {
                                return Err(serde::de::Error::duplicate_field("name"));
                            }
                            name__ = Some(map_.next_value()?);
                        }
                        GeneratedField::__SkipField__ => {
                            let _ = map_.next_value::<serde::de::IgnoredAny>()?;
                        }
                    }
                }
                Ok(DeleteMetricDescriptorRequest {
                    name: name__.unwrap_or_default(),
                })
            }
        }
        deserializer.deserialize_struct("google.monitoring.v3.DeleteMetricDescriptorRequest", FIELDS, GeneratedVisitor)
    }
}
impl serde::Serialize for DeleteNotificationChannelRequest {
    #[allow(deprecated)]
    fn serialize<S>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error>
    where
        S: serde::Serializer,
    {
        use serde::ser::SerializeStruct;
        let mut len = 0;
        if !self.name.is_empty() {
            len += 1;
        }
        if self.force {
            len += 1;
        }
        let mut struct_ser = serializer.serialize_struct("google.monitoring.v3.DeleteNotificationChannelRequest", len)?;
        if !self.name.is_empty() {
            struct_ser.serialize_field("name", &self.name)?;
        }
        if self.force {
            struct_ser.serialize_field("force", &self.force)?;
        }
        struct_ser.end()
    }
}
impl<'de> serde::Deserialize<'de> for DeleteNotificationChannelRequest {
    #[allow(deprecated)]
    fn deserialize<D>(deserializer: D) -> std::result::Result<Self, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        const FIELDS: &[&str] = &[
            "name",
            "force",
        ];

        #[allow(clippy::enum_variant_names)]
        enum GeneratedField {
            Name,
            Force,
            __SkipField__,
        }
        impl<'de> serde::Deserialize<'de> for GeneratedField {
            fn deserialize<D>(deserializer: D) -> std::result::Result<GeneratedField, D::Error>
            where
                D: serde::Deserializer<'de>,
            {
                struct GeneratedVisitor;

                impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
                    type Value = GeneratedField;

                    fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        write!(formatter, "expected one of: {:?}", &FIELDS)
                    }

                    #[allow(unused_variables)]
                    fn visit_str<E>(self, value: &str) -> std::result::Result<GeneratedField, E>
                    where
                        E: serde::de::Error,
                    {
                        match value {
                            "name" => Ok(GeneratedField::Name),
                            "force" => Ok(GeneratedField::Force),
                            _ => Ok(GeneratedField::__SkipField__),
                        }
                    }
                }
                deserializer.deserialize_identifier(GeneratedVisitor)
            }
        }
        struct GeneratedVisitor;
        impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
            type Value = DeleteNotificationChannelRequest;

            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str("struct google.monitoring.v3.DeleteNotificationChannelRequest")
            }

            fn visit_map<V>(self, mut map_: V) -> std::result::Result<DeleteNotificationChannelRequest, V::Error>
                where
                    V: serde::de::MapAccess<'de>,
            {
                let mut name__ = None;
                let mut force__ = None;
                while let Some(k) = map_.next_key()? {
                    match k {
                        GeneratedField::Name => {
                            if name__.is_some() {
                                return Err(serde::de::Error::duplicate_field("name"));
                            }
                            name__ = Some(map_.next_value()?);
                        }
                        GeneratedField::Force => {
                            if force__.is_some() {
                                return Err(serde::de::Error::duplicate_field("force"));
                            }
                            force__ = Some(map_.next_value()?);
                        }
                        GeneratedField::__SkipField__ => {
                            let _ = map_.next_value::<serde::de::IgnoredAny>()?;
                        }
                    }
                }
                Ok(DeleteNotificationChannelRequest {
                    name: name__.unwrap_or_default(),
                    force: force__.unwrap_or_default(),
                })
            }
        }
        deserializer.deserialize_struct("google.monitoring.v3.DeleteNotificationChannelRequest", FIELDS, GeneratedVisitor)
    }
}
impl serde::Serialize for DeleteServiceLevelObjectiveRequest {
    #[allow(deprecated)]
    fn serialize<S>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error>
    where
        S: serde::Serializer,
    {
        use serde::ser::SerializeStruct;
        let mut len = 0;
        if !self.name.is_empty() {
            len += 1;
        }
        let mut struct_ser = serializer.serialize_struct("google.monitoring.v3.DeleteServiceLevelObjectiveRequest", len)?;
        if !self.name.is_empty() {
            struct_ser.serialize_field("name", &self.name)?;
        }
        struct_ser.end()
    }
}
impl<'de> serde::Deserialize<'de> for DeleteServiceLevelObjectiveRequest {
    #[allow(deprecated)]
    fn deserialize<D>(deserializer: D) -> std::result::Result<Self, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        const FIELDS: &[&str] = &[
            "name",
        ];

        #[allow(clippy::enum_variant_names)]
        enum GeneratedField {
            Name,
            __SkipField__,
        }
        impl<'de> serde::Deserialize<'de> for GeneratedField {
            fn deserialize<D>(deserializer: D) -> std::result::Result<GeneratedField, D::Error>
            where
                D: serde::Deserializer<'de>,
            {
                struct GeneratedVisitor;

                impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
                    type Value = GeneratedField;

                    fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        write!(formatter, "expected one of: {:?}", &FIELDS)
                    }

                    #[allow(unused_variables)]
                    fn visit_str<E>(self, value: &str) -> std::result::Result<GeneratedField, E>
                    where
                        E: serde::de::Error,
                    {
                        match value {
                            "name" => Ok(GeneratedField::Name),
                            _ => Ok(GeneratedField::__SkipField__),
                        }
                    }
                }
                deserializer.deserialize_identifier(GeneratedVisitor)
            }
        }
        struct GeneratedVisitor;
        impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
            type Value = DeleteServiceLevelObjectiveRequest;

            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str("struct google.monitoring.v3.DeleteServiceLevelObjectiveRequest")
            }

            fn visit_map<V>(self, mut map_: V) -> std::result::Result<DeleteServiceLevelObjectiveRequest, V::Error>
                where
                    V: serde::de::MapAccess<'de>,
            {
                let mut name__ = None;
                while let Some(k) = map_.next_key()? {
                    match k {
                        GeneratedField::Name => {
                            if name__.is_some() {
                                return Err(serde::de::Error::duplicate_field("name"));
                            }
                            name__ = Some(map_.next_value()?);
                        }
                        GeneratedField::__SkipField__ => {
                            let _ = map_.next_value::<serde::de::IgnoredAny>()?;
                        }
                    }
                }
                Ok(DeleteServiceLevelObjectiveRequest {
                    name: name__.unwrap_or_default(),
                })
            }
        }
        deserializer.deserialize_struct("google.monitoring.v3.DeleteServiceLevelObjectiveRequest", FIELDS, GeneratedVisitor)
    }
}
impl serde::Serialize for DeleteServiceRequest {
    #[allow(deprecated)]
    fn serialize<S>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error>
    where
        S: serde::Serializer,
    {
        use serde::ser::SerializeStruct;
        let mut len = 0;
        if !self.name.is_empty() {
            len += 1;
        }
        let mut struct_ser = serializer.serialize_struct("google.monitoring.v3.DeleteServiceRequest", len)?;
        if !self.name.is_empty() {
            struct_ser.serialize_field("name", &self.name)?;
        }
        struct_ser.end()
    }
}
impl<'de> serde::Deserialize<'de> for DeleteServiceRequest {
    #[allow(deprecated)]
    fn deserialize<D>(deserializer: D) -> std::result::Result<Self, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        const FIELDS: &[&str] = &[
            "name",
        ];

        #[allow(clippy::enum_variant_names)]
        enum GeneratedField {
            Name,
            __SkipField__,
        }
        impl<'de> serde::Deserialize<'de> for GeneratedField {
            fn deserialize<D>(deserializer: D) -> std::result::Result<GeneratedField, D::Error>
            where
                D: serde::Deserializer<'de>,
            {
                struct GeneratedVisitor;

                impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
                    type Value = GeneratedField;

                    fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        write!(formatter, "expected one of: {:?}", &FIELDS)
                    }

                    #[allow(unused_variables)]
                    fn visit_str<E>(self, value: &str) -> std::result::Result<GeneratedField, E>
                    where
                        E: serde::de::Error,
                    {
                        match value {
                            "name" => Ok(GeneratedField::Name),
                            _ => Ok(GeneratedField::__SkipField__),
                        }
                    }
                }
                deserializer.deserialize_identifier(GeneratedVisitor)
            }
        }
        struct GeneratedVisitor;
        impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
            type Value = DeleteServiceRequest;

            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str("struct google.monitoring.v3.DeleteServiceRequest")
            }

            fn visit_map<V>(self, mut map_: V) -> std::result::Result<DeleteServiceRequest, V::Error>
                where
                    V: serde::de::MapAccess<'de>,
            {
                let mut name__ = None;
                while let Some(k) = map_.next_key()? {
                    match k {
                        GeneratedField::Name => {
                            if name__.is_some() {
                                return Err(serde::de::Error::duplicate_field("name"));
                            }
                            name__ = Some(map_.next_value()?);
                        }
                        GeneratedField::__SkipField__ => {
                            let _ = map_.next_value::<serde::de::IgnoredAny>()?;
                        }
                    }
                }
                Ok(DeleteServiceRequest {
                    name: name__.unwrap_or_default(),
                })
            }
        }
        deserializer.deserialize_struct("google.monitoring.v3.DeleteServiceRequest", FIELDS, GeneratedVisitor)
    }
}
impl serde::Serialize for DistributionCut {
    #[allow(deprecated)]
    fn serialize<S>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error>
    where
        S: serde::Serializer,
    {
        use serde::ser::SerializeStruct;
        let mut len = 0;
        if !self.distribution_filter.is_empty() {
            len += 1;
        }
        if self.range.is_some() {
            len += 1;
        }
        let mut struct_ser = serializer.serialize_struct("google.monitoring.v3.DistributionCut", len)?;
        if !self.distribution_filter.is_empty() {
            struct_ser.serialize_field("distributionFilter", &self.distribution_filter)?;
        }
        if let Some(v) = self.range.as_ref() {
            struct_ser.serialize_field("range", v)?;
        }
        struct_ser.end()
    }
}
impl<'de> serde::Deserialize<'de> for DistributionCut {
    #[allow(deprecated)]
    fn deserialize<D>(deserializer: D) -> std::result::Result<Self, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        const FIELDS: &[&str] = &[
            "distribution_filter",
            "distributionFilter",
            "range",
        ];

        #[allow(clippy::enum_variant_names)]
        enum GeneratedField {
            DistributionFilter,
            Range,
            __SkipField__,
        }
        impl<'de> serde::Deserialize<'de> for GeneratedField {
            fn deserialize<D>(deserializer: D) -> std::result::Result<GeneratedField, D::Error>
            where
                D: serde::Deserializer<'de>,
            {
                struct GeneratedVisitor;

                impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
                    type Value = GeneratedField;

                    fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        write!(formatter, "expected one of: {:?}", &FIELDS)
                    }

                    #[allow(unused_variables)]
                    fn visit_str<E>(self, value: &str) -> std::result::Result<GeneratedField, E>
                    where
                        E: serde::de::Error,
                    {
                        match value {
                            "distributionFilter" | "distribution_filter" => Ok(GeneratedField::DistributionFilter),
                            "range" => Ok(GeneratedField::Range),
                            _ => Ok(GeneratedField::__SkipField__),
                        }
                    }
                }
                deserializer.deserialize_identifier(GeneratedVisitor)
            }
        }
        struct GeneratedVisitor;
        impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
            type Value = DistributionCut;

            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str("struct google.monitoring.v3.DistributionCut")
            }

            fn visit_map<V>(self, mut map_: V) -> std::result::Result<DistributionCut, V::Error>
                where
                    V: serde::de::MapAccess<'de>,
            {
                let mut distribution_filter__ = None;
                let mut range__ = None;
                while let Some(k) = map_.next_key()? {
                    match k {
                        GeneratedField::DistributionFilter => {
                            if distribution_filter__.is_some() {
                                return Err(serde::de::Error::duplicate_field("distributionFilter"));
                            }
                            distribution_filter__ = Some(map_.next_value()?);
                        }
                        GeneratedField::Range => {
                            if range__.is_some() {
                                return Err(serde::de::Error::duplicate_field("range"));
                            }
                            range__ = map_.next_value()?;
                        }
                        GeneratedField::__SkipField__ => {
                            let _ = map_.next_value::<serde::de::IgnoredAny>()?;
                        }
                    }
                }
                Ok(DistributionCut {
                    distribution_filter: distribution_filter__.unwrap_or_default(),
                    range: range__,
                })
            }
        }
        deserializer.deserialize_struct("google.monitoring.v3.DistributionCut", FIELDS, GeneratedVisitor)
    }
}
impl serde::Serialize for GetAlertPolicyRequest {
    #[allow(deprecated)]
    fn serialize<S>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error>
    where
        S: serde::Serializer,
    {
        use serde::ser::SerializeStruct;
        let mut len = 0;
        if !self.name.is_empty() {
            len += 1;
        }
        let mut struct_ser = serializer.serialize_struct("google.monitoring.v3.GetAlertPolicyRequest", len)?;
        if !self.name.is_empty() {
            struct_ser.serialize_field("name", &self.name)?;
        }
        struct_ser.end()
    }
}
impl<'de> serde::Deserialize<'de> for GetAlertPolicyRequest {
    #[allow(deprecated)]
    fn deserialize<D>(deserializer: D) -> std::result::Result<Self, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        const FIELDS: &[&str] = &[
            "name",
        ];

        #[allow(clippy::enum_variant_names)]
        enum GeneratedField {
            Name,
            __SkipField__,
        }
        impl<'de> serde::Deserialize<'de> for GeneratedField {
            fn deserialize<D>(deserializer: D) -> std::result::Result<GeneratedField, D::Error>
            where
                D: serde::Deserializer<'de>,
            {
                struct GeneratedVisitor;

                impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
                    type Value = GeneratedField;

                    fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        write!(formatter, "expected one of: {:?}", &FIELDS)
                    }

                    #[allow(unused_variables)]
                    fn visit_str<E>(self, value: &str) -> std::result::Result<GeneratedField, E>
                    where
                        E: serde::de::Error,
                    {
                        match value {
                            "name" => Ok(GeneratedField::Name),
                            _ => Ok(GeneratedField::__SkipField__),
                        }
                    }
                }
                deserializer.deserialize_identifier(GeneratedVisitor)
            }
        }
        struct GeneratedVisitor;
        impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
            type Value = GetAlertPolicyRequest;

            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str("struct google.monitoring.v3.GetAlertPolicyRequest")
            }

            fn visit_map<V>(self, mut map_: V) -> std::result::Result<GetAlertPolicyRequest, V::Error>
                where
                    V: serde::de::MapAccess<'de>,
            {
                let mut name__ = None;
                while let Some(k) = map_.next_key()? {
                    match k {
                        GeneratedField::Name => {
                            if name__.is_some() {
                                return Err(serde::de::Error::duplicate_field("name"));
                            }
                            name__ = Some(map_.next_value()?);
                        }
                        GeneratedField::__SkipField__ => {
                            let _ = map_.next_value::<serde::de::IgnoredAny>()?;
                        }
                    }
                }
                Ok(GetAlertPolicyRequest {
                    name: name__.unwrap_or_default(),
                })
            }
        }
        deserializer.deserialize_struct("google.monitoring.v3.GetAlertPolicyRequest", FIELDS, GeneratedVisitor)
    }
}
impl serde::Serialize for GetMetricDescriptorRequest {
    #[allow(deprecated)]
    fn serialize<S>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error>
    where
        S: serde::Serializer,
    {
        use serde::ser::SerializeStruct;
        let mut len = 0;
        if !self.name.is_empty() {
            len += 1;
        }
        let mut struct_ser = serializer.serialize_struct("google.monitoring.v3.GetMetricDescriptorRequest", len)?;
        if !self.name.is_empty() {
            struct_ser.serialize_field("name", &self.name)?;
        }
        struct_ser.end()
    }
}
impl<'de> serde::Deserialize<'de> for GetMetricDescriptorRequest {
    #[allow(deprecated)]
    fn deserialize<D>(deserializer: D) -> std::result::Result<Self, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        const FIELDS: &[&str] = &[
            "name",
        ];

        #[allow(clippy::enum_variant_names)]
        enum GeneratedField {
            Name,
            __SkipField__,
        }
        impl<'de> serde::Deserialize<'de> for GeneratedField {
            fn deserialize<D>(deserializer: D) -> std::result::Result<GeneratedField, D::Error>
            where
                D: serde::Deserializer<'de>,
            {
                struct GeneratedVisitor;

                impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
                    type Value = GeneratedField;

                    fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        write!(formatter, "expected one of: {:?}", &FIELDS)
                    }

                    #[allow(unused_variables)]
                    fn visit_str<E>(self, value: &str) -> std::result::Result<GeneratedField, E>
                    where
                        E: serde::de::Error,
                    {
                        match value {
                            "name" => Ok(GeneratedField::Name),
                            _ => Ok(GeneratedField::__SkipField__),
                        }
                    }
                }
                deserializer.deserialize_identifier(GeneratedVisitor)
            }
        }
        struct GeneratedVisitor;
        impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
            type Value = GetMetricDescriptorRequest;

            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str("struct google.monitoring.v3.GetMetricDescriptorRequest")
            }

            fn visit_map<V>(self, mut map_: V) -> std::result::Result<GetMetricDescriptorRequest, V::Error>
                where
                    V: serde::de::MapAccess<'de>,
            {
                let mut name__ = None;
                while let Some(k) = map_.next_key()? {
                    match k {
                        GeneratedField::Name => {
                            if name__.is_some() {
                                return Err(serde::de::Error::duplicate_field("name"));
                            }
                            name__ = Some(map_.next_value()?);
                        }
                        GeneratedField::__SkipField__ => {
                            let _ = map_.next_value::<serde::de::IgnoredAny>()?;
                        }
                    }
                }
                Ok(GetMetricDescriptorRequest {
                    name: name__.unwrap_or_default(),
                })
            }
        }
        deserializer.deserialize_struct("google.monitoring.v3.GetMetricDescriptorRequest", FIELDS, GeneratedVisitor)
    }
}
impl serde::Serialize for GetMonitoredResourceDescriptorRequest {
    #[allow(deprecated)]
    fn serialize<S>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error>
    where
        S: serde::Serializer,
    {
        use serde::ser::SerializeStruct;
        let mut len = 0;
        if !self.name.is_empty() {
            len += 1;
        }
        let mut struct_ser = serializer.serialize_struct("google.monitoring.v3.GetMonitoredResourceDescriptorRequest", len)?;
        if !self.name.is_empty() {
            struct_ser.serialize_field("name", &self.name)?;
        }
        struct_ser.end()
    }
}
impl<'de> serde::Deserialize<'de> for GetMonitoredResourceDescriptorRequest {
    #[allow(deprecated)]
    fn deserialize<D>(deserializer: D) -> std::result::Result<Self, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        const FIELDS: &[&str] = &[
            "name",
        ];

        #[allow(clippy::enum_variant_names)]
        enum GeneratedField {
            Name,
            __SkipField__,
        }
        impl<'de> serde::Deserialize<'de> for GeneratedField {
            fn deserialize<D>(deserializer: D) -> std::result::Result<GeneratedField, D::Error>
            where
                D: serde::Deserializer<'de>,
            {
                struct GeneratedVisitor;

                impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
                    type Value = GeneratedField;

                    fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        write!(formatter, "expected one of: {:?}", &FIELDS)
                    }

                    #[allow(unused_variables)]
                    fn visit_str<E>(self, value: &str) -> std::result::Result<GeneratedField, E>
                    where
                        E: serde::de::Error,
                    {
                        match value {
                            "name" => Ok(GeneratedField::Name),
                            _ => Ok(GeneratedField::__SkipField__),
                        }
                    }
                }
                deserializer.deserialize_identifier(GeneratedVisitor)
            }
        }
        struct GeneratedVisitor;
        impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
            type Value = GetMonitoredResourceDescriptorRequest;

            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str("struct google.monitoring.v3.GetMonitoredResourceDescriptorRequest")
            }

            fn visit_map<V>(self, mut map_: V) -> std::result::Result<GetMonitoredResourceDescriptorRequest, V::Error>
                where
                    V: serde::de::MapAccess<'de>,
            {
                let mut name__ = None;
                while let Some(k) = map_.next_key()? {
                    match k {
                        GeneratedField::Name => {
                            if name__.is_some() {
                                return Err(serde::de::Error::duplicate_field("name"));
                            }
                            name__ = Some(map_.next_value()?);
                        }
                        GeneratedField::__SkipField__ => {
                            let _ = map_.next_value::<serde::de::IgnoredAny>()?;
                        }
                    }
                }
                Ok(GetMonitoredResourceDescriptorRequest {
                    name: name__.unwrap_or_default(),
                })
            }
        }
        deserializer.deserialize_struct("google.monitoring.v3.GetMonitoredResourceDescriptorRequest", FIELDS, GeneratedVisitor)
    }
}
impl serde::Serialize for GetNotificationChannelDescriptorRequest {
    #[allow(deprecated)]
    fn serialize<S>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error>
    where
        S: serde::Serializer,
    {
        use serde::ser::SerializeStruct;
        let mut len = 0;
        if !self.name.is_empty() {
            len += 1;
        }
        let mut struct_ser = serializer.serialize_struct("google.monitoring.v3.GetNotificationChannelDescriptorRequest", len)?;
        if !self.name.is_empty() {
            struct_ser.serialize_field("name", &self.name)?;
        }
        struct_ser.end()
    }
}
impl<'de> serde::Deserialize<'de> for GetNotificationChannelDescriptorRequest {
    #[allow(deprecated)]
    fn deserialize<D>(deserializer: D) -> std::result::Result<Self, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        const FIELDS: &[&str] = &[
            "name",
        ];

        #[allow(clippy::enum_variant_names)]
        enum GeneratedField {
            Name,
            __SkipField__,
        }
        impl<'de> serde::Deserialize<'de> for GeneratedField {
            fn deserialize<D>(deserializer: D) -> std::result::Result<GeneratedField, D::Error>
            where
                D: serde::Deserializer<'de>,
            {
                struct GeneratedVisitor;

                impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
                    type Value = GeneratedField;

                    fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        write!(formatter, "expected one of: {:?}", &FIELDS)
                    }

                    #[allow(unused_variables)]
                    fn visit_str<E>(self, value: &str) -> std::result::Result<GeneratedField, E>
                    where
                        E: serde::de::Error,
                    {
                        match value {
                            "name" => Ok(GeneratedField::Name),
                            _ => Ok(GeneratedField::__SkipField__),
                        }
                    }
                }
                deserializer.deserialize_identifier(GeneratedVisitor)
            }
        }
        struct GeneratedVisitor;
        impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
            type Value = GetNotificationChannelDescriptorRequest;

            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str("struct google.monitoring.v3.GetNotificationChannelDescriptorRequest")
            }

            fn visit_map<V>(self, mut map_: V) -> std::result::Result<GetNotificationChannelDescriptorRequest, V::Error>
                where
                    V: serde::de::MapAccess<'de>,
            {
                let mut name__ = None;
                while let Some(k) = map_.next_key()? {
                    match k {
                        GeneratedField::Name => {
                            if name__.is_some() {
                                return Err(serde::de::Error::duplicate_field("name"));
                            }
                            name__ = Some(map_.next_value()?);
                        }
                        GeneratedField::__SkipField__ => {
                            let _ = map_.next_value::<serde::de::IgnoredAny>()?;
                        }
                    }
                }
                Ok(GetNotificationChannelDescriptorRequest {
                    name: name__.unwrap_or_default(),
                })
            }
        }
        deserializer.deserialize_struct("google.monitoring.v3.GetNotificationChannelDescriptorRequest", FIELDS, GeneratedVisitor)
    }
}
impl serde::Serialize for GetNotificationChannelRequest {
    #[allow(deprecated)]
    fn serialize<S>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error>
    where
        S: serde::Serializer,
    {
        use serde::ser::SerializeStruct;
        let mut len = 0;
        if !self.name.is_empty() {
            len += 1;
        }
        let mut struct_ser = serializer.serialize_struct("google.monitoring.v3.GetNotificationChannelRequest", len)?;
        if !self.name.is_empty() {
            struct_ser.serialize_field("name", &self.name)?;
        }
        struct_ser.end()
    }
}
impl<'de> serde::Deserialize<'de> for GetNotificationChannelRequest {
    #[allow(deprecated)]
    fn deserialize<D>(deserializer: D) -> std::result::Result<Self, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        const FIELDS: &[&str] = &[
            "name",
        ];

        #[allow(clippy::enum_variant_names)]
        enum GeneratedField {
            Name,
            __SkipField__,
        }
        impl<'de> serde::Deserialize<'de> for GeneratedField {
            fn deserialize<D>(deserializer: D) -> std::result::Result<GeneratedField, D::Error>
            where
                D: serde::Deserializer<'de>,
            {
                struct GeneratedVisitor;

                impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
                    type Value = GeneratedField;

                    fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        write!(formatter, "expected one of: {:?}", &FIELDS)
                    }

                    #[allow(unused_variables)]
                    fn visit_str<E>(self, value: &str) -> std::result::Result<GeneratedField, E>
                    where
                        E: serde::de::Error,
                    {
                        match value {
                            "name" => Ok(GeneratedField::Name),
                            _ => Ok(GeneratedField::__SkipField__),
                        }
                    }
                }
                deserializer.deserialize_identifier(GeneratedVisitor)
            }
        }
        struct GeneratedVisitor;
        impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
            type Value = GetNotificationChannelRequest;

            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str("struct google.monitoring.v3.GetNotificationChannelRequest")
            }

            fn visit_map<V>(self, mut map_: V) -> std::result::Result<GetNotificationChannelRequest, V::Error>
                where
                    V: serde::de::MapAccess<'de>,
            {
                let mut name__ = None;
                while let Some(k) = map_.next_key()? {
                    match k {
                        GeneratedField::Name => {
                            if name__.is_some() {
                                return Err(serde::de::Error::duplicate_field("name"));
                            }
                            name__ = Some(map_.next_value()?);
                        }
                        GeneratedField::__SkipField__ => {
                            let _ = map_.next_value::<serde::de::IgnoredAny>()?;
                        }
                    }
                }
                Ok(GetNotificationChannelRequest {
                    name: name__.unwrap_or_default(),
                })
            }
        }
        deserializer.deserialize_struct("google.monitoring.v3.GetNotificationChannelRequest", FIELDS, GeneratedVisitor)
    }
}
impl serde::Serialize for GetNotificationChannelVerificationCodeRequest {
    #[allow(deprecated)]
    fn serialize<S>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error>
    where
        S: serde::Serializer,
    {
        use serde::ser::SerializeStruct;
        let mut len = 0;
        if !self.name.is_empty() {
            len += 1;
        }
        if self.expire_time.is_some() {
            len += 1;
        }
        let mut struct_ser = serializer.serialize_struct("google.monitoring.v3.GetNotificationChannelVerificationCodeRequest", len)?;
        if !self.name.is_empty() {
            struct_ser.serialize_field("name", &self.name)?;
        }
        if let Some(v) = self.expire_time.as_ref() {
            struct_ser.serialize_field("expireTime", v)?;
        }
        struct_ser.end()
    }
}
impl<'de> serde::Deserialize<'de> for GetNotificationChannelVerificationCodeRequest {
    #[allow(deprecated)]
    fn deserialize<D>(deserializer: D) -> std::result::Result<Self, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        const FIELDS: &[&str] = &[
            "name",
            "expire_time",
            "expireTime",
        ];

        #[allow(clippy::enum_variant_names)]
        enum GeneratedField {
            Name,
            ExpireTime,
            __SkipField__,
        }
        impl<'de> serde::Deserialize<'de> for GeneratedField {
            fn deserialize<D>(deserializer: D) -> std::result::Result<GeneratedField, D::Error>
            where
                D: serde::Deserializer<'de>,
            {
                struct GeneratedVisitor;

                impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
                    type Value = GeneratedField;

                    fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        write!(formatter, "expected one of: {:?}", &FIELDS)
                    }

                    #[allow(unused_variables)]
                    fn visit_str<E>(self, value: &str) -> std::result::Result<GeneratedField, E>
                    where
                        E: serde::de::Error,
                    {
                        match value {
                            "name" => Ok(GeneratedField::Name),
                            "expireTime" | "expire_time" => Ok(GeneratedField::ExpireTime),
                            _ => Ok(GeneratedField::__SkipField__),
                        }
                    }
                }
                deserializer.deserialize_identifier(GeneratedVisitor)
            }
        }
        struct GeneratedVisitor;
        impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
            type Value = GetNotificationChannelVerificationCodeRequest;

            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str("struct google.monitoring.v3.GetNotificationChannelVerificationCodeRequest")
            }

            fn visit_map<V>(self, mut map_: V) -> std::result::Result<GetNotificationChannelVerificationCodeRequest, V::Error>
                where
                    V: serde::de::MapAccess<'de>,
            {
                let mut name__ = None;
                let mut expire_time__ = None;
                while let Some(k) = map_.next_key()? {
                    match k {
                        GeneratedField::Name => {
                            if name__.is_some() {
                                return Err(serde::de::Error::duplicate_field("name"));
                            }
                            name__ = Some(map_.next_value()?);
                        }
                        GeneratedField::ExpireTime => {
                            if expire_time__.is_some() {
                                return Err(serde::de::Error::duplicate_field("expireTime"));
                            }
                            expire_time__ = map_.next_value()?;
                        }
                        GeneratedField::__SkipField__ => {
                            let _ = map_.next_value::<serde::de::IgnoredAny>()?;
                        }
                    }
                }
                Ok(GetNotificationChannelVerificationCodeRequest {
                    name: name__.unwrap_or_default(),
                    expire_time: expire_time__,
                })
            }
        }
        deserializer.deserialize_struct("google.monitoring.v3.GetNotificationChannelVerificationCodeRequest", FIELDS, GeneratedVisitor)
    }
}
impl serde::Serialize for GetNotificationChannelVerificationCodeResponse {
    #[allow(deprecated)]
    fn serialize<S>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error>
    where
        S: serde::Serializer,
    {
        use serde::ser::SerializeStruct;
        let mut len = 0;
        if !self.code.is_empty() {
            len += 1;
        }
        if self.expire_time.is_some() {
            len += 1;
        }
        let mut struct_ser = serializer.serialize_struct("google.monitoring.v3.GetNotificationChannelVerificationCodeResponse", len)?;
        if !self.code.is_empty() {
            struct_ser.serialize_field("code", &self.code)?;
        }
        if let Some(v) = self.expire_time.as_ref() {
            struct_ser.serialize_field("expireTime", v)?;
        }
        struct_ser.end()
    }
}
impl<'de> serde::Deserialize<'de> for GetNotificationChannelVerificationCodeResponse {
    #[allow(deprecated)]
    fn deserialize<D>(deserializer: D) -> std::result::Result<Self, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        const FIELDS: &[&str] = &[
            "code",
            "expire_time",
            "expireTime",
        ];

        #[allow(clippy::enum_variant_names)]
        enum GeneratedField {
            Code,
            ExpireTime,
            __SkipField__,
        }
        impl<'de> serde::Deserialize<'de> for GeneratedField {
            fn deserialize<D>(deserializer: D) -> std::result::Result<GeneratedField, D::Error>
            where
                D: serde::Deserializer<'de>,
            {
                struct GeneratedVisitor;

                impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
                    type Value = GeneratedField;

                    fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        write!(formatter, "expected one of: {:?}", &FIELDS)
                    }

                    #[allow(unused_variables)]
                    fn visit_str<E>(self, value: &str) -> std::result::Result<GeneratedField, E>
                    where
                        E: serde::de::Error,
                    {
                        match value {
                            "code" => Ok(GeneratedField::Code),
                            "expireTime" | "expire_time" => Ok(GeneratedField::ExpireTime),
                            _ => Ok(GeneratedField::__SkipField__),
                        }
                    }
                }
                deserializer.deserialize_identifier(GeneratedVisitor)
            }
        }
        struct GeneratedVisitor;
        impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
            type Value = GetNotificationChannelVerificationCodeResponse;

            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str("struct google.monitoring.v3.GetNotificationChannelVerificationCodeResponse")
            }

            fn visit_map<V>(self, mut map_: V) -> std::result::Result<GetNotificationChannelVerificationCodeResponse, V::Error>
                where
                    V: serde::de::MapAccess<'de>,
            {
                let mut code__ = None;
                let mut expire_time__ = None;
                while let Some(k) = map_.next_key()? {
                    match k {
                        GeneratedField::Code => {
                            if code__.is_some() {
                                return Err(serde::de::Error::duplicate_field("code"));
                            }
                            code__ = Some(map_.next_value()?);
                        }
                        GeneratedField::ExpireTime => {
                            if expire_time__.is_some() {
                                return Err(serde::de::Error::duplicate_field("expireTime"));
                            }
                            expire_time__ = map_.next_value()?;
                        }
                        GeneratedField::__SkipField__ => {
                            let _ = map_.next_value::<serde::de::IgnoredAny>()?;
                        }
                    }
                }
                Ok(GetNotificationChannelVerificationCodeResponse {
                    code: code__.unwrap_or_default(),
                    expire_time: expire_time__,
                })
            }
        }
        deserializer.deserialize_struct("google.monitoring.v3.GetNotificationChannelVerificationCodeResponse", FIELDS, GeneratedVisitor)
    }
}
impl serde::Serialize for GetServiceLevelObjectiveRequest {
    #[allow(deprecated)]
    fn serialize<S>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error>
    where
        S: serde::Serializer,
    {
        use serde::ser::SerializeStruct;
        let mut len = 0;
        if !self.name.is_empty() {
            len += 1;
        }
        if self.view != 0 {
            len += 1;
        }
        let mut struct_ser = serializer.serialize_struct("google.monitoring.v3.GetServiceLevelObjectiveRequest", len)?;
        if !self.name.is_empty() {
            struct_ser.serialize_field("name", &self.name)?;
        }
        if self.view != 0 {
            let v = service_level_objective::View::try_from(self.view)
                .map_err(|_| serde::ser::Error::custom(format!("Invalid variant {}", self.view)))?;
            struct_ser.serialize_field("view", &v)?;
        }
        struct_ser.end()
    }
}
impl<'de> serde::Deserialize<'de> for GetServiceLevelObjectiveRequest {
    #[allow(deprecated)]
    fn deserialize<D>(deserializer: D) -> std::result::Result<Self, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        const FIELDS: &[&str] = &[
            "name",
            "view",
        ];

        #[allow(clippy::enum_variant_names)]
        enum GeneratedField {
            Name,
            View,
            __SkipField__,
        }
        impl<'de> serde::Deserialize<'de> for GeneratedField {
            fn deserialize<D>(deserializer: D) -> std::result::Result<GeneratedField, D::Error>
            where
                D: serde::Deserializer<'de>,
            {
                struct GeneratedVisitor;

                impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
                    type Value = GeneratedField;

                    fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        write!(formatter, "expected one of: {:?}", &FIELDS)
                    }

                    #[allow(unused_variables)]
                    fn visit_str<E>(self, value: &str) -> std::result::Result<GeneratedField, E>
                    where
                        E: serde::de::Error,
                    {
                        match value {
                            "name" => Ok(GeneratedField::Name),
                            "view" => Ok(GeneratedField::View),
                            _ => Ok(GeneratedField::__SkipField__),
                        }
                    }
                }
                deserializer.deserialize_identifier(GeneratedVisitor)
            }
        }
        struct GeneratedVisitor;
        impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
            type Value = GetServiceLevelObjectiveRequest;

            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str("struct google.monitoring.v3.GetServiceLevelObjectiveRequest")
            }

            fn visit_map<V>(self, mut map_: V) -> std::result::Result<GetServiceLevelObjectiveRequest, V::Error>
                where
                    V: serde::de::MapAccess<'de>,
            {
                let mut name__ = None;
                let mut view__ = None;
                while let Some(k) = map_.next_key()? {
                    match k {
                        GeneratedField::Name => {
                            if name__.is_some() {
                                return Err(serde::de::Error::duplicate_field("name"));
                            }
                            name__ = Some(map_.next_value()?);
                        }
                        GeneratedField::View => {
                            if view__.is_some() {
                                return Err(serde::de::Error::duplicate_field("view"));
                            }
                            view__ = Some(map_.next_value::<service_level_objective::View>()? as i32);
                        }
                        GeneratedField::__SkipField__ => {
                            let _ = map_.next_value::<serde::de::IgnoredAny>()?;
                        }
                    }
                }
                Ok(GetServiceLevelObjectiveRequest {
                    name: name__.unwrap_or_default(),
                    view: view__.unwrap_or_default(),
                })
            }
        }
        deserializer.deserialize_struct("google.monitoring.v3.GetServiceLevelObjectiveRequest", FIELDS, GeneratedVisitor)
    }
}
impl serde::Serialize for GetServiceRequest {
    #[allow(deprecated)]
    fn serialize<S>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error>
    where
        S: serde::Serializer,
    {
        use serde::ser::SerializeStruct;
        let mut len = 0;
        if !self.name.is_empty() {
            len += 1;
        }
        let mut struct_ser = serializer.serialize_struct("google.monitoring.v3.GetServiceRequest", len)?;
        if !self.name.is_empty() {
            struct_ser.serialize_field("name", &self.name)?;
        }
        struct_ser.end()
    }
}
impl<'de> serde::Deserialize<'de> for GetServiceRequest {
    #[allow(deprecated)]
    fn deserialize<D>(deserializer: D) -> std::result::Result<Self, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        const FIELDS: &[&str] = &[
            "name",
        ];

        #[allow(clippy::enum_variant_names)]
        enum GeneratedField {
            Name,
            __SkipField__,
        }
        impl<'de> serde::Deserialize<'de> for GeneratedField {
            fn deserialize<D>(deserializer: D) -> std::result::Result<GeneratedField, D::Error>
            where
                D: serde::Deserializer<'de>,
            {
                struct GeneratedVisitor;

                impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
                    type Value = GeneratedField;

                    fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        write!(formatter, "expected one of: {:?}", &FIELDS)
                    }

                    #[allow(unused_variables)]
                    fn visit_str<E>(self, value: &str) -> std::result::Result<GeneratedField, E>
                    where
                        E: serde::de::Error,
                    {
                        match value {
                            "name" => Ok(GeneratedField::Name),
                            _ => Ok(GeneratedField::__SkipField__),
                        }
                    }
                }
                deserializer.deserialize_identifier(GeneratedVisitor)
            }
        }
        struct GeneratedVisitor;
        impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
            type Value = GetServiceRequest;

            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str("struct google.monitoring.v3.GetServiceRequest")
            }

            fn visit_map<V>(self, mut map_: V) -> std::result::Result<GetServiceRequest, V::Error>
                where
                    V: serde::de::MapAccess<'de>,
            {
                let mut name__ = None;
                while let Some(k) = map_.next_key()? {
                    match k {
                        GeneratedField::Name => {
                            if name__.is_some() {
                                return Err(serde::de::Error::duplicate_field("name"));
                            }
                            name__ = Some(map_.next_value()?);
                        }
                        GeneratedField::__SkipField__ => {
                            let _ = map_.next_value::<serde::de::IgnoredAny>()?;
                        }
                    }
                }
                Ok(GetServiceRequest {
                    name: name__.unwrap_or_default(),
                })
            }
        }
        deserializer.deserialize_struct("google.monitoring.v3.GetServiceRequest", FIELDS, GeneratedVisitor)
    }
}
impl serde::Serialize for LabelValue {
    #[allow(deprecated)]
    fn serialize<S>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error>
    where
        S: serde::Serializer,
    {
        use serde::ser::SerializeStruct;
        let mut len = 0;
        if self.value.is_some() {
            len += 1;
        }
        let mut struct_ser = serializer.serialize_struct("google.monitoring.v3.LabelValue", len)?;
        if let Some(v) = self.value.as_ref() {
            match v {
                label_value::Value::BoolValue(v) => {
                    struct_ser.serialize_field("boolValue", v)?;
                }
                label_value::Value::Int64Value(v) => {
                    #[allow(clippy::needless_borrow)]
                    #[allow(clippy::needless_borrows_for_generic_args)]
                    struct_ser.serialize_field("int64Value", ToString::to_string(&v).as_str())?;
                }
                label_value::Value::StringValue(v) => {
                    struct_ser.serialize_field("stringValue", v)?;
                }
            }
        }
        struct_ser.end()
    }
}
impl<'de> serde::Deserialize<'de> for LabelValue {
    #[allow(deprecated)]
    fn deserialize<D>(deserializer: D) -> std::result::Result<Self, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        const FIELDS: &[&str] = &[
            "bool_value",
            "boolValue",
            "int64_value",
            "int64Value",
            "string_value",
            "stringValue",
        ];

        #[allow(clippy::enum_variant_names)]
        enum GeneratedField {
            BoolValue,
            Int64Value,
            StringValue,
            __SkipField__,
        }
        impl<'de> serde::Deserialize<'de> for GeneratedField {
            fn deserialize<D>(deserializer: D) -> std::result::Result<GeneratedField, D::Error>
            where
                D: serde::Deserializer<'de>,
            {
                struct GeneratedVisitor;

                impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
                    type Value = GeneratedField;

                    fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        write!(formatter, "expected one of: {:?}", &FIELDS)
                    }

                    #[allow(unused_variables)]
                    fn visit_str<E>(self, value: &str) -> std::result::Result<GeneratedField, E>
                    where
                        E: serde::de::Error,
                    {
                        match value {
                            "boolValue" | "bool_value" => Ok(GeneratedField::BoolValue),
                            "int64Value" | "int64_value" => Ok(GeneratedField::Int64Value),
                            "stringValue" | "string_value" => Ok(GeneratedField::StringValue),
                            _ => Ok(GeneratedField::__SkipField__),
                        }
                    }
                }
                deserializer.deserialize_identifier(GeneratedVisitor)
            }
        }
        struct GeneratedVisitor;
        impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
            type Value = LabelValue;

            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str("struct google.monitoring.v3.LabelValue")
            }

            fn visit_map<V>(self, mut map_: V) -> std::result::Result<LabelValue, V::Error>
                where
                    V: serde::de::MapAccess<'de>,
            {
                let mut value__ = None;
                while let Some(k) = map_.next_key()? {
                    match k {
                        GeneratedField::BoolValue => {
                            if value__.is_some() {
                                return Err(serde::de::Error::duplicate_field("boolValue"));
                            }
                            value__ = map_.next_value::<::std::option::Option<_>>()?.map(label_value::Value::BoolValue);
                        }
                        GeneratedField::Int64Value => {
                            if value__.is_some() {
                                return Err(serde::de::Error::duplicate_field("int64Value"));
                            }
                            value__ = map_.next_value::<::std::option::Option<::pbjson::private::NumberDeserialize<_>>>()?.map(|x| label_value::Value::Int64Value(x.0));
                        }
                        GeneratedField::StringValue => {
                            if value__.is_some() {
                                return Err(serde::de::Error::duplicate_field("stringValue"));
                            }
                            value__ = map_.next_value::<::std::option::Option<_>>()?.map(label_value::Value::StringValue);
                        }
                        GeneratedField::__SkipField__ => {
                            let _ = map_.next_value::<serde::de::IgnoredAny>()?;
                        }
                    }
                }
                Ok(LabelValue {
                    value: value__,
                })
            }
        }
        deserializer.deserialize_struct("google.monitoring.v3.LabelValue", FIELDS, GeneratedVisitor)
    }
}
impl serde::Serialize for ListAlertPoliciesRequest {
    #[allow(deprecated)]
    fn serialize<S>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error>
    where
        S: serde::Serializer,
    {
        use serde::ser::SerializeStruct;
        let mut len = 0;
        if !self.name.is_empty() {
            len += 1;
        }
        if !self.filter.is_empty() {
            len += 1;
        }
        if !self.order_by.is_empty() {
            len += 1;
        }
        if self.page_size != 0 {
            len += 1;
        }
        if !self.page_token.is_empty() {
            len += 1;
        }
        let mut struct_ser = serializer.serialize_struct("google.monitoring.v3.ListAlertPoliciesRequest", len)?;
        if !self.name.is_empty() {
            struct_ser.serialize_field("name", &self.name)?;
        }
        if !self.filter.is_empty() {
            struct_ser.serialize_field("filter", &self.filter)?;
        }
        if !self.order_by.is_empty() {
            struct_ser.serialize_field("orderBy", &self.order_by)?;
        }
        if self.page_size != 0 {
            struct_ser.serialize_field("pageSize", &self.page_size)?;
        }
        if !self.page_token.is_empty() {
            struct_ser.serialize_field("pageToken", &self.page_token)?;
        }
        struct_ser.end()
    }
}
impl<'de> serde::Deserialize<'de> for ListAlertPoliciesRequest {
    #[allow(deprecated)]
    fn deserialize<D>(deserializer: D) -> std::result::Result<Self, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        const FIELDS: &[&str] = &[
            "name",
            "filter",
            "order_by",
            "orderBy",
            "page_size",
            "pageSize",
            "page_token",
            "pageToken",
        ];

        #[allow(clippy::enum_variant_names)]
        enum GeneratedField {
            Name,
            Filter,
            OrderBy,
            PageSize,
            PageToken,
            __SkipField__,
        }
        impl<'de> serde::Deserialize<'de> for GeneratedField {
            fn deserialize<D>(deserializer: D) -> std::result::Result<GeneratedField, D::Error>
            where
                D: serde::Deserializer<'de>,
            {
                struct GeneratedVisitor;

                impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
                    type Value = GeneratedField;

                    fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        write!(formatter, "expected one of: {:?}", &FIELDS)
                    }

                    #[allow(unused_variables)]
                    fn visit_str<E>(self, value: &str) -> std::result::Result<GeneratedField, E>
                    where
                        E: serde::de::Error,
                    {
                        match value {
                            "name" => Ok(GeneratedField::Name),
                            "filter" => Ok(GeneratedField::Filter),
                            "orderBy" | "order_by" => Ok(GeneratedField::OrderBy),
                            "pageSize" | "page_size" => Ok(GeneratedField::PageSize),
                            "pageToken" | "page_token" => Ok(GeneratedField::PageToken),
                            _ => Ok(GeneratedField::__SkipField__),
                        }
                    }
                }
                deserializer.deserialize_identifier(GeneratedVisitor)
            }
        }
        struct GeneratedVisitor;
        impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
            type Value = ListAlertPoliciesRequest;

            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str("struct google.monitoring.v3.ListAlertPoliciesRequest")
            }

            fn visit_map<V>(self, mut map_: V) -> std::result::Result<ListAlertPoliciesRequest, V::Error>
                where
                    V: serde::de::MapAccess<'de>,
            {
                let mut name__ = None;
                let mut filter__ = None;
                let mut order_by__ = None;
                let mut page_size__ = None;
                let mut page_token__ = None;
                while let Some(k) = map_.next_key()? {
                    match k {
                        GeneratedField::Name => {
                            if name__.is_some() {
                                return Err(serde::de::Error::duplicate_field("name"));
                            }
                            name__ = Some(map_.next_value()?);
                        }
                        GeneratedField::Filter => {
                            if filter__.is_some() {
                                return Err(serde::de::Error::duplicate_field("filter"));
                            }
                            filter__ = Some(map_.next_value()?);
                        }
                        GeneratedField::OrderBy => {
                            if order_by__.is_some() {
                                return Err(serde::de::Error::duplicate_field("orderBy"));
                            }
                            order_by__ = Some(map_.next_value()?);
                        }
                        GeneratedField::PageSize => {
                            if page_size__.is_some() {
                                return Err(serde::de::Error::duplicate_field("pageSize"));
                            }
                            page_size__ = 
                                Some(map_.next_value::<::pbjson::private::NumberDeserialize<_>>()?.0)
                            ;
                        }
                        GeneratedField::PageToken => {
                            if page_token__.is_some() {
                                return Err(serde::de::Error::duplicate_field("pageToken"));
                            }
                            page_token__ = Some(map_.next_value()?);
                        }
                        GeneratedField::__SkipField__ => {
                            let _ = map_.next_value::<serde::de::IgnoredAny>()?;
                        }
                    }
                }
                Ok(ListAlertPoliciesRequest {
                    name: name__.unwrap_or_default(),
                    filter: filter__.unwrap_or_default(),
                    order_by: order_by__.unwrap_or_default(),
                    page_size: page_size__.unwrap_or_default(),
                    page_token: page_token__.unwrap_or_default(),
                })
            }
        }
        deserializer.deserialize_struct("google.monitoring.v3.ListAlertPoliciesRequest", FIELDS, GeneratedVisitor)
    }
}
impl serde::Serialize for ListAlertPoliciesResponse {
    #[allow(deprecated)]
    fn serialize<S>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error>
    where
        S: serde::Serializer,
    {
        use serde::ser::SerializeStruct;
        let mut len = 0;
        if !self.alert_policies.is_empty() {
            len += 1;
        }
        if !self.next_page_token.is_empty() {
            len += 1;
        }
        if self.total_size != 0 {
            len += 1;
        }
        let mut struct_ser = serializer.serialize_struct("google.monitoring.v3.ListAlertPoliciesResponse", len)?;
        if !self.alert_policies.is_empty() {
            struct_ser.serialize_field("alertPolicies", &self.alert_policies)?;
        }
        if !self.next_page_token.is_empty() {
            struct_ser.serialize_field("nextPageToken", &self.next_page_token)?;
        }
        if self.total_size != 0 {
            struct_ser.serialize_field("totalSize", &self.total_size)?;
        }
        struct_ser.end()
    }
}
impl<'de> serde::Deserialize<'de> for ListAlertPoliciesResponse {
    #[allow(deprecated)]
    fn deserialize<D>(deserializer: D) -> std::result::Result<Self, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        const FIELDS: &[&str] = &[
            "alert_policies",
            "alertPolicies",
            "next_page_token",
            "nextPageToken",
            "total_size",
            "totalSize",
        ];

        #[allow(clippy::enum_variant_names)]
        enum GeneratedField {
            AlertPolicies,
            NextPageToken,
            TotalSize,
            __SkipField__,
        }
        impl<'de> serde::Deserialize<'de> for GeneratedField {
            fn deserialize<D>(deserializer: D) -> std::result::Result<GeneratedField, D::Error>
            where
                D: serde::Deserializer<'de>,
            {
                struct GeneratedVisitor;

                impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
                    type Value = GeneratedField;

                    fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        write!(formatter, "expected one of: {:?}", &FIELDS)
                    }

                    #[allow(unused_variables)]
                    fn visit_str<E>(self, value: &str) -> std::result::Result<GeneratedField, E>
                    where
                        E: serde::de::Error,
                    {
                        match value {
                            "alertPolicies" | "alert_policies" => Ok(GeneratedField::AlertPolicies),
                            "nextPageToken" | "next_page_token" => Ok(GeneratedField::NextPageToken),
                            "totalSize" | "total_size" => Ok(GeneratedField::TotalSize),
                            _ => Ok(GeneratedField::__SkipField__),
                        }
                    }
                }
                deserializer.deserialize_identifier(GeneratedVisitor)
            }
        }
        struct GeneratedVisitor;
        impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
            type Value = ListAlertPoliciesResponse;

            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str("struct google.monitoring.v3.ListAlertPoliciesResponse")
            }

            fn visit_map<V>(self, mut map_: V) -> std::result::Result<ListAlertPoliciesResponse, V::Error>
                where
                    V: serde::de::MapAccess<'de>,
            {
                let mut alert_policies__ = None;
                let mut next_page_token__ = None;
                let mut total_size__ = None;
                while let Some(k) = map_.next_key()? {
                    match k {
                        GeneratedField::AlertPolicies => {
                            if alert_policies__.is_some() {
                                return Err(serde::de::Error::duplicate_field("alertPolicies"));
                            }
                            alert_policies__ = Some(map_.next_value()?);
                        }
                        GeneratedField::NextPageToken => {
                            if next_page_token__.is_some() {
                                return Err(serde::de::Error::duplicate_field("nextPageToken"));
                            }
                            next_page_token__ = Some(map_.next_value()?);
                        }
                        GeneratedField::TotalSize => {
                            if total_size__.is_some() {
                                return Err(serde::de::Error::duplicate_field("totalSize"));
                            }
                            total_size__ = 
                                Some(map_.next_value::<::pbjson::private::NumberDeserialize<_>>()?.0)
                            ;
                        }
                        GeneratedField::__SkipField__ => {
                            let _ = map_.next_value::<serde::de::IgnoredAny>()?;
                        }
                    }
                }
                Ok(ListAlertPoliciesResponse {
                    alert_policies: alert_policies__.unwrap_or_default(),
                    next_page_token: next_page_token__.unwrap_or_default(),
                    total_size: total_size__.unwrap_or_default(),
                })
            }
        }
        deserializer.deserialize_struct("google.monitoring.v3.ListAlertPoliciesResponse", FIELDS, GeneratedVisitor)
    }
}
impl serde::Serialize for ListMetricDescriptorsRequest {
    #[allow(deprecated)]
    fn serialize<S>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error>
    where
        S: serde::Serializer,
    {
        use serde::ser::SerializeStruct;
        let mut len = 0;
        if !self.name.is_empty() {
            len += 1;
        }
        if !self.filter.is_empty() {
            len += 1;
        }
        if self.page_size != 0 {
            len += 1;
        }
        if !self.page_token.is_empty() {
            len += 1;
        }
        if self.active_only {
            len += 1;
        }
        let mut struct_ser = serializer.serialize_struct("google.monitoring.v3.ListMetricDescriptorsRequest", len)?;
        if !self.name.is_empty() {
            struct_ser.serialize_field("name", &self.name)?;
        }
        if !self.filter.is_empty() {
            struct_ser.serialize_field("filter", &self.filter)?;
        }
        if self.page_size != 0 {
            struct_ser.serialize_field("pageSize", &self.page_size)?;
        }
        if !self.page_token.is_empty() {
            struct_ser.serialize_field("pageToken", &self.page_token)?;
        }
        if self.active_only {
            struct_ser.serialize_field("activeOnly", &self.active_only)?;
        }
        struct_ser.end()
    }
}
impl<'de> serde::Deserialize<'de> for ListMetricDescriptorsRequest {
    #[allow(deprecated)]
    fn deserialize<D>(deserializer: D) -> std::result::Result<Self, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        const FIELDS: &[&str] = &[
            "name",
            "filter",
            "page_size",
            "pageSize",
            "page_token",
            "pageToken",
            "active_only",
            "activeOnly",
        ];

        #[allow(clippy::enum_variant_names)]
        enum GeneratedField {
            Name,
            Filter,
            PageSize,
            PageToken,
            ActiveOnly,
            __SkipField__,
        }
        impl<'de> serde::Deserialize<'de> for GeneratedField {
            fn deserialize<D>(deserializer: D) -> std::result::Result<GeneratedField, D::Error>
            where
                D: serde::Deserializer<'de>,
            {
                struct GeneratedVisitor;

                impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
                    type Value = GeneratedField;

                    fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        write!(formatter, "expected one of: {:?}", &FIELDS)
                    }

                    #[allow(unused_variables)]
                    fn visit_str<E>(self, value: &str) -> std::result::Result<GeneratedField, E>
                    where
                        E: serde::de::Error,
                    {
                        match value {
                            "name" => Ok(GeneratedField::Name),
                            "filter" => Ok(GeneratedField::Filter),
                            "pageSize" | "page_size" => Ok(GeneratedField::PageSize),
                            "pageToken" | "page_token" => Ok(GeneratedField::PageToken),
                            "activeOnly" | "active_only" => Ok(GeneratedField::ActiveOnly),
                            _ => Ok(GeneratedField::__SkipField__),
                        }
                    }
                }
                deserializer.deserialize_identifier(GeneratedVisitor)
            }
        }
        struct GeneratedVisitor;
        impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
            type Value = ListMetricDescriptorsRequest;

            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str("struct google.monitoring.v3.ListMetricDescriptorsRequest")
            }

            fn visit_map<V>(self, mut map_: V) -> std::result::Result<ListMetricDescriptorsRequest, V::Error>
                where
                    V: serde::de::MapAccess<'de>,
            {
                let mut name__ = None;
                let mut filter__ = None;
                let mut page_size__ = None;
                let mut page_token__ = None;
                let mut active_only__ = None;
                while let Some(k) = map_.next_key()? {
                    match k {
                        GeneratedField::Name => {
                            if name__.is_some() {
                                return Err(serde::de::Error::duplicate_field("name"));
                            }
                            name__ = Some(map_.next_value()?);
                        }
                        GeneratedField::Filter => {
                            if filter__.is_some() {
                                return Err(serde::de::Error::duplicate_field("filter"));
                            }
                            filter__ = Some(map_.next_value()?);
                        }
                        GeneratedField::PageSize => {
                            if page_size__.is_some() {
                                return Err(serde::de::Error::duplicate_field("pageSize"));
                            }
                            page_size__ = 
                                Some(map_.next_value::<::pbjson::private::NumberDeserialize<_>>()?.0)
                            ;
                        }
                        GeneratedField::PageToken => {
                            if page_token__.is_some() {
                                return Err(serde::de::Error::duplicate_field("pageToken"));
                            }
                            page_token__ = Some(map_.next_value()?);
                        }
                        GeneratedField::ActiveOnly => {
                            if active_only__.is_some() {
                                return Err(serde::de::Error::duplicate_field("activeOnly"));
                            }
                            active_only__ = Some(map_.next_value()?);
                        }
                        GeneratedField::__SkipField__ => {
                            let _ = map_.next_value::<serde::de::IgnoredAny>()?;
                        }
                    }
                }
                Ok(ListMetricDescriptorsRequest {
                    name: name__.unwrap_or_default(),
                    filter: filter__.unwrap_or_default(),
                    page_size: page_size__.unwrap_or_default(),
                    page_token: page_token__.unwrap_or_default(),
                    active_only: active_only__.unwrap_or_default(),
                })
            }
        }
        deserializer.deserialize_struct("google.monitoring.v3.ListMetricDescriptorsRequest", FIELDS, GeneratedVisitor)
    }
}
impl serde::Serialize for ListMetricDescriptorsResponse {
    #[allow(deprecated)]
    fn serialize<S>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error>
    where
        S: serde::Serializer,
    {
        use serde::ser::SerializeStruct;
        let mut len = 0;
        if !self.metric_descriptors.is_empty() {
            len += 1;
        }
        if !self.next_page_token.is_empty() {
            len += 1;
        }
        let mut struct_ser = serializer.serialize_struct("google.monitoring.v3.ListMetricDescriptorsResponse", len)?;
        if !self.metric_descriptors.is_empty() {
            struct_ser.serialize_field("metricDescriptors", &self.metric_descriptors)?;
        }
        if !self.next_page_token.is_empty() {
            struct_ser.serialize_field("nextPageToken", &self.next_page_token)?;
        }
        struct_ser.end()
    }
}
impl<'de> serde::Deserialize<'de> for ListMetricDescriptorsResponse {
    #[allow(deprecated)]
    fn deserialize<D>(deserializer: D) -> std::result::Result<Self, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        const FIELDS: &[&str] = &[
            "metric_descriptors",
            "metricDescriptors",
            "next_page_token",
            "nextPageToken",
        ];

        #[allow(clippy::enum_variant_names)]
        enum GeneratedField {
            MetricDescriptors,
            NextPageToken,
            __SkipField__,
        }
        impl<'de> serde::Deserialize<'de> for GeneratedField {
            fn deserialize<D>(deserializer: D) -> std::result::Result<GeneratedField, D::Error>
            where
                D: serde::Deserializer<'de>,
            {
                struct GeneratedVisitor;

                impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
                    type Value = GeneratedField;

                    fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        write!(formatter, "expected one of: {:?}", &FIELDS)
                    }

                    #[allow(unused_variables)]
                    fn visit_str<E>(self, value: &str) -> std::result::Result<GeneratedField, E>
                    where
                        E: serde::de::Error,
                    {
                        match value {
                            "metricDescriptors" | "metric_descriptors" => Ok(GeneratedField::MetricDescriptors),
                            "nextPageToken" | "next_page_token" => Ok(GeneratedField::NextPageToken),
                            _ => Ok(GeneratedField::__SkipField__),
                        }
                    }
                }
                deserializer.deserialize_identifier(GeneratedVisitor)
            }
        }
        struct GeneratedVisitor;
        impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
            type Value = ListMetricDescriptorsResponse;

            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str("struct google.monitoring.v3.ListMetricDescriptorsResponse")
            }

            fn visit_map<V>(self, mut map_: V) -> std::result::Result<ListMetricDescriptorsResponse, V::Error>
                where
                    V: serde::de::MapAccess<'de>,
            {
                let mut metric_descriptors__ = None;
                let mut next_page_token__ = None;
                while let Some(k) = map_.next_key()? {
                    match k {
                        GeneratedField::MetricDescriptors => {
                            if metric_descriptors__.is_some() {
                                return Err(serde::de::Error::duplicate_field("metricDescriptors"));
                            }
                            metric_descriptors__ = Some(map_.next_value()?);
                        }
                        GeneratedField::NextPageToken => {
                            if next_page_token__.is_some() {
                                return Err(serde::de::Error::duplicate_field("nextPageToken"));
                            }
                            next_page_token__ = Some(map_.next_value()?);
                        }
                        GeneratedField::__SkipField__ => {
                            let _ = map_.next_value::<serde::de::IgnoredAny>()?;
                        }
                    }
                }
                Ok(ListMetricDescriptorsResponse {
                    metric_descriptors: metric_descriptors__.unwrap_or_default(),
                    next_page_token: next_page_token__.unwrap_or_default(),
                })
            }
        }
        deserializer.deserialize_struct("google.monitoring.v3.ListMetricDescriptorsResponse", FIELDS, GeneratedVisitor)
    }
}
impl serde::Serialize for ListMonitoredResourceDescriptorsRequest {
    #[allow(deprecated)]
    fn serialize<S>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error>
    where
        S: serde::Serializer,
    {
        use serde::ser::SerializeStruct;
        let mut len = 0;
        if !self.name.is_empty() {
            len += 1;
        }
        if !self.filter.is_empty() {
            len += 1;
        }
        if self.page_size != 0 {
            len += 1;
        }
        if !self.page_token.is_empty() {
            len += 1;
        }
        let mut struct_ser = serializer.serialize_struct("google.monitoring.v3.ListMonitoredResourceDescriptorsRequest", len)?;
        if !self.name.is_empty() {
            struct_ser.serialize_field("name", &self.name)?;
        }
        if !self.filter.is_empty() {
            struct_ser.serialize_field("filter", &self.filter)?;
        }
        if self.page_size != 0 {
            struct_ser.serialize_field("pageSize", &self.page_size)?;
        }
        if !self.page_token.is_empty() {
            struct_ser.serialize_field("pageToken", &self.page_token)?;
        }
        struct_ser.end()
    }
}
impl<'de> serde::Deserialize<'de> for ListMonitoredResourceDescriptorsRequest {
    #[allow(deprecated)]
    fn deserialize<D>(deserializer: D) -> std::result::Result<Self, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        const FIELDS: &[&str] = &[
            "name",
            "filter",
            "page_size",
            "pageSize",
            "page_token",
            "pageToken",
        ];

        #[allow(clippy::enum_variant_names)]
        enum GeneratedField {
            Name,
            Filter,
            PageSize,
            PageToken,
            __SkipField__,
        }
        impl<'de> serde::Deserialize<'de> for GeneratedField {
            fn deserialize<D>(deserializer: D) -> std::result::Result<GeneratedField, D::Error>
            where
                D: serde::Deserializer<'de>,
            {
                struct GeneratedVisitor;

                impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
                    type Value = GeneratedField;

                    fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        write!(formatter, "expected one of: {:?}", &FIELDS)
                    }

                    #[allow(unused_variables)]
                    fn visit_str<E>(self, value: &str) -> std::result::Result<GeneratedField, E>
                    where
                        E: serde::de::Error,
                    {
                        match value {
                            "name" => Ok(GeneratedField::Name),
                            "filter" => Ok(GeneratedField::Filter),
                            "pageSize" | "page_size" => Ok(GeneratedField::PageSize),
                            "pageToken" | "page_token" => Ok(GeneratedField::PageToken),
                            _ => Ok(GeneratedField::__SkipField__),
                        }
                    }
                }
                deserializer.deserialize_identifier(GeneratedVisitor)
            }
        }
        struct GeneratedVisitor;
        impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
            type Value = ListMonitoredResourceDescriptorsRequest;

            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str("struct google.monitoring.v3.ListMonitoredResourceDescriptorsRequest")
            }

            fn visit_map<V>(self, mut map_: V) -> std::result::Result<ListMonitoredResourceDescriptorsRequest, V::Error>
                where
                    V: serde::de::MapAccess<'de>,
            {
                let mut name__ = None;
                let mut filter__ = None;
                let mut page_size__ = None;
                let mut page_token__ = None;
                while let Some(k) = map_.next_key()? {
                    match k {
                        GeneratedField::Name => {
                            if name__.is_some() {
                                return Err(serde::de::Error::duplicate_field("name"));
                            }
                            name__ = Some(map_.next_value()?);
                        }
                        GeneratedField::Filter => {
                            if filter__.is_some() {
                                return Err(serde::de::Error::duplicate_field("filter"));
                            }
                            filter__ = Some(map_.next_value()?);
                        }
                        GeneratedField::PageSize => {
                            if page_size__.is_some() {
                                return Err(serde::de::Error::duplicate_field("pageSize"));
                            }
                            page_size__ = 
                                Some(map_.next_value::<::pbjson::private::NumberDeserialize<_>>()?.0)
                            ;
                        }
                        GeneratedField::PageToken => {
                            if page_token__.is_some() {
                                return Err(serde::de::Error::duplicate_field("pageToken"));
                            }
                            page_token__ = Some(map_.next_value()?);
                        }
                        GeneratedField::__SkipField__ => {
                            let _ = map_.next_value::<serde::de::IgnoredAny>()?;
                        }
                    }
                }
                Ok(ListMonitoredResourceDescriptorsRequest {
                    name: name__.unwrap_or_default(),
                    filter: filter__.unwrap_or_default(),
                    page_size: page_size__.unwrap_or_default(),
                    page_token: page_token__.unwrap_or_default(),
                })
            }
        }
        deserializer.deserialize_struct("google.monitoring.v3.ListMonitoredResourceDescriptorsRequest", FIELDS, GeneratedVisitor)
    }
}
impl serde::Serialize for ListMonitoredResourceDescriptorsResponse {
    #[allow(deprecated)]
    fn serialize<S>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error>
    where
        S: serde::Serializer,
    {
        use serde::ser::SerializeStruct;
        let mut len = 0;
        if !self.resource_descriptors.is_empty() {
            len += 1;
        }
        if !self.next_page_token.is_empty() {
            len += 1;
        }
        let mut struct_ser = serializer.serialize_struct("google.monitoring.v3.ListMonitoredResourceDescriptorsResponse", len)?;
        if !self.resource_descriptors.is_empty() {
            struct_ser.serialize_field("resourceDescriptors", &self.resource_descriptors)?;
        }
        if !self.next_page_token.is_empty() {
            struct_ser.serialize_field("nextPageToken", &self.next_page_token)?;
        }
        struct_ser.end()
    }
}
impl<'de> serde::Deserialize<'de> for ListMonitoredResourceDescriptorsResponse {
    #[allow(deprecated)]
    fn deserialize<D>(deserializer: D) -> std::result::Result<Self, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        const FIELDS: &[&str] = &[
            "resource_descriptors",
            "resourceDescriptors",
            "next_page_token",
            "nextPageToken",
        ];

        #[allow(clippy::enum_variant_names)]
        enum GeneratedField {
            ResourceDescriptors,
            NextPageToken,
            __SkipField__,
        }
        impl<'de> serde::Deserialize<'de> for GeneratedField {
            fn deserialize<D>(deserializer: D) -> std::result::Result<GeneratedField, D::Error>
            where
                D: serde::Deserializer<'de>,
            {
                struct GeneratedVisitor;

                impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
                    type Value = GeneratedField;

                    fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        write!(formatter, "expected one of: {:?}", &FIELDS)
                    }

                    #[allow(unused_variables)]
                    fn visit_str<E>(self, value: &str) -> std::result::Result<GeneratedField, E>
                    where
                        E: serde::de::Error,
                    {
                        match value {
                            "resourceDescriptors" | "resource_descriptors" => Ok(GeneratedField::ResourceDescriptors),
                            "nextPageToken" | "next_page_token" => Ok(GeneratedField::NextPageToken),
                            _ => Ok(GeneratedField::__SkipField__),
                        }
                    }
                }
                deserializer.deserialize_identifier(GeneratedVisitor)
            }
        }
        struct GeneratedVisitor;
        impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
            type Value = ListMonitoredResourceDescriptorsResponse;

            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str("struct google.monitoring.v3.ListMonitoredResourceDescriptorsResponse")
            }

            fn visit_map<V>(self, mut map_: V) -> std::result::Result<ListMonitoredResourceDescriptorsResponse, V::Error>
                where
                    V: serde::de::MapAccess<'de>,
            {
                let mut resource_descriptors__ = None;
                let mut next_page_token__ = None;
                while let Some(k) = map_.next_key()? {
                    match k {
                        GeneratedField::ResourceDescriptors => {
                            if resource_descriptors__.is_some() {
                                return Err(serde::de::Error::duplicate_field("resourceDescriptors"));
                            }
                            resource_descriptors__ = Some(map_.next_value()?);
                        }
                        GeneratedField::NextPageToken => {
                            if next_page_token__.is_some() {
                                return Err(serde::de::Error::duplicate_field("nextPageToken"));
                            }
                            next_page_token__ = Some(map_.next_value()?);
                        }
                        GeneratedField::__SkipField__ => {
                            let _ = map_.next_value::<serde::de::IgnoredAny>()?;
                        }
                    }
                }
                Ok(ListMonitoredResourceDescriptorsResponse {
                    resource_descriptors: resource_descriptors__.unwrap_or_default(),
                    next_page_token: next_page_token__.unwrap_or_default(),
                })
            }
        }
        deserializer.deserialize_struct("google.monitoring.v3.ListMonitoredResourceDescriptorsResponse", FIELDS, GeneratedVisitor)
    }
}
impl serde::Serialize for ListNotificationChannelDescriptorsRequest {
    #[allow(deprecated)]
    fn serialize<S>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error>
    where
        S: serde::Serializer,
    {
        use serde::ser::SerializeStruct;
        let mut len = 0;
        if !self.name.is_empty() {
            len += 1;
        }
        if self.page_size != 0 {
            len += 1;
        }
        if !self.page_token.is_empty() {
            len += 1;
        }
        let mut struct_ser = serializer.serialize_struct("google.monitoring.v3.ListNotificationChannelDescriptorsRequest", len)?;
        if !self.name.is_empty() {
            struct_ser.serialize_field("name", &self.name)?;
        }
        if self.page_size != 0 {
            struct_ser.serialize_field("pageSize", &self.page_size)?;
        }
        if !self.page_token.is_empty() {
            struct_ser.serialize_field("pageToken", &self.page_token)?;
        }
        struct_ser.end()
    }
}
impl<'de> serde::Deserialize<'de> for ListNotificationChannelDescriptorsRequest {
    #[allow(deprecated)]
    fn deserialize<D>(deserializer: D) -> std::result::Result<Self, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        const FIELDS: &[&str] = &[
            "name",
            "page_size",
            "pageSize",
            "page_token",
            "pageToken",
        ];

        #[allow(clippy::enum_variant_names)]
        enum GeneratedField {
            Name,
            PageSize,
            PageToken,
            __SkipField__,
        }
        impl<'de> serde::Deserialize<'de> for GeneratedField {
            fn deserialize<D>(deserializer: D) -> std::result::Result<GeneratedField, D::Error>
            where
                D: serde::Deserializer<'de>,
            {
                struct GeneratedVisitor;

                impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
                    type Value = GeneratedField;

                    fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        write!(formatter, "expected one of: {:?}", &FIELDS)
                    }

                    #[allow(unused_variables)]
                    fn visit_str<E>(self, value: &str) -> std::result::Result<GeneratedField, E>
                    where
                        E: serde::de::Error,
                    {
                        match value {
                            "name" => Ok(GeneratedField::Name),
                            "pageSize" | "page_size" => Ok(GeneratedField::PageSize),
                            "pageToken" | "page_token" => Ok(GeneratedField::PageToken),
                            _ => Ok(GeneratedField::__SkipField__),
                        }
                    }
                }
                deserializer.deserialize_identifier(GeneratedVisitor)
            }
        }
        struct GeneratedVisitor;
        impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
            type Value = ListNotificationChannelDescriptorsRequest;

            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str("struct google.monitoring.v3.ListNotificationChannelDescriptorsRequest")
            }

            fn visit_map<V>(self, mut map_: V) -> std::result::Result<ListNotificationChannelDescriptorsRequest, V::Error>
                where
                    V: serde::de::MapAccess<'de>,
            {
                let mut name__ = None;
                let mut page_size__ = None;
                let mut page_token__ = None;
                while let Some(k) = map_.next_key()? {
                    match k {
                        GeneratedField::Name => {
                            if name__.is_some() {
                                return Err(serde::de::Error::duplicate_field("name"));
                            }
                            name__ = Some(map_.next_value()?);
                        }
                        GeneratedField::PageSize => {
                            if page_size__.is_some() {
                                return Err(serde::de::Error::duplicate_field("pageSize"));
                            }
                            page_size__ = 
                                Some(map_.next_value::<::pbjson::private::NumberDeserialize<_>>()?.0)
                            ;
                        }
                        GeneratedField::PageToken => {
                            if page_token__.is_some() {
                                return Err(serde::de::Error::duplicate_field("pageToken"));
                            }
                            page_token__ = Some(map_.next_value()?);
                        }
                        GeneratedField::__SkipField__ => {
                            let _ = map_.next_value::<serde::de::IgnoredAny>()?;
                        }
                    }
                }
                Ok(ListNotificationChannelDescriptorsRequest {
                    name: name__.unwrap_or_default(),
                    page_size: page_size__.unwrap_or_default(),
                    page_token: page_token__.unwrap_or_default(),
                })
            }
        }
        deserializer.deserialize_struct("google.monitoring.v3.ListNotificationChannelDescriptorsRequest", FIELDS, GeneratedVisitor)
    }
}
impl serde::Serialize for ListNotificationChannelDescriptorsResponse {
    #[allow(deprecated)]
    fn serialize<S>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error>
    where
        S: serde::Serializer,
    {
        use serde::ser::SerializeStruct;
        let mut len = 0;
        if !self.channel_descriptors.is_empty() {
            len += 1;
        }
        if !self.next_page_token.is_empty() {
            len += 1;
        }
        let mut struct_ser = serializer.serialize_struct("google.monitoring.v3.ListNotificationChannelDescriptorsResponse", len)?;
        if !self.channel_descriptors.is_empty() {
            struct_ser.serialize_field("channelDescriptors", &self.channel_descriptors)?;
        }
        if !self.next_page_token.is_empty() {
            struct_ser.serialize_field("nextPageToken", &self.next_page_token)?;
        }
        struct_ser.end()
    }
}
impl<'de> serde::Deserialize<'de> for ListNotificationChannelDescriptorsResponse {
    #[allow(deprecated)]
    fn deserialize<D>(deserializer: D) -> std::result::Result<Self, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        const FIELDS: &[&str] = &[
            "channel_descriptors",
            "channelDescriptors",
            "next_page_token",
            "nextPageToken",
        ];

        #[allow(clippy::enum_variant_names)]
        enum GeneratedField {
            ChannelDescriptors,
            NextPageToken,
            __SkipField__,
        }
        impl<'de> serde::Deserialize<'de> for GeneratedField {
            fn deserialize<D>(deserializer: D) -> std::result::Result<GeneratedField, D::Error>
            where
                D: serde::Deserializer<'de>,
            {
                struct GeneratedVisitor;

                impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
                    type Value = GeneratedField;

                    fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        write!(formatter, "expected one of: {:?}", &FIELDS)
                    }

                    #[allow(unused_variables)]
                    fn visit_str<E>(self, value: &str) -> std::result::Result<GeneratedField, E>
                    where
                        E: serde::de::Error,
                    {
                        match value {
                            "channelDescriptors" | "channel_descriptors" => Ok(GeneratedField::ChannelDescriptors),
                            "nextPageToken" | "next_page_token" => Ok(GeneratedField::NextPageToken),
                            _ => Ok(GeneratedField::__SkipField__),
                        }
                    }
                }
                deserializer.deserialize_identifier(GeneratedVisitor)
            }
        }
        struct GeneratedVisitor;
        impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
            type Value = ListNotificationChannelDescriptorsResponse;

            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str("struct google.monitoring.v3.ListNotificationChannelDescriptorsResponse")
            }

            fn visit_map<V>(self, mut map_: V) -> std::result::Result<ListNotificationChannelDescriptorsResponse, V::Error>
                where
                    V: serde::de::MapAccess<'de>,
            {
                let mut channel_descriptors__ = None;
                let mut next_page_token__ = None;
                while let Some(k) = map_.next_key()? {
                    match k {
                        GeneratedField::ChannelDescriptors => {
                            if channel_descriptors__.is_some() {
                                return Err(serde::de::Error::duplicate_field("channelDescriptors"));
                            }
                            channel_descriptors__ = Some(map_.next_value()?);
                        }
                        GeneratedField::NextPageToken => {
                            if next_page_token__.is_some() {
                                return Err(serde::de::Error::duplicate_field("nextPageToken"));
                            }
                            next_page_token__ = Some(map_.next_value()?);
                        }
                        GeneratedField::__SkipField__ => {
                            let _ = map_.next_value::<serde::de::IgnoredAny>()?;
                        }
                    }
                }
                Ok(ListNotificationChannelDescriptorsResponse {
                    channel_descriptors: channel_descriptors__.unwrap_or_default(),
                    next_page_token: next_page_token__.unwrap_or_default(),
                })
            }
        }
        deserializer.deserialize_struct("google.monitoring.v3.ListNotificationChannelDescriptorsResponse", FIELDS, GeneratedVisitor)
    }
}
impl serde::Serialize for ListNotificationChannelsRequest {
    #[allow(deprecated)]
    fn serialize<S>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error>
    where
        S: serde::Serializer,
    {
        use serde::ser::SerializeStruct;
        let mut len = 0;
        if !self.name.is_empty() {
            len += 1;
        }
        if !self.filter.is_empty() {
            len += 1;
        }
        if !self.order_by.is_empty() {
            len += 1;
        }
        if self.page_size != 0 {
            len += 1;
        }
        if !self.page_token.is_empty() {
            len += 1;
        }
        let mut struct_ser = serializer.serialize_struct("google.monitoring.v3.ListNotificationChannelsRequest", len)?;
        if !self.name.is_empty() {
            struct_ser.serialize_field("name", &self.name)?;
        }
        if !self.filter.is_empty() {
            struct_ser.serialize_field("filter", &self.filter)?;
        }
        if !self.order_by.is_empty() {
            struct_ser.serialize_field("orderBy", &self.order_by)?;
        }
        if self.page_size != 0 {
            struct_ser.serialize_field("pageSize", &self.page_size)?;
        }
        if !self.page_token.is_empty() {
            struct_ser.serialize_field("pageToken", &self.page_token)?;
        }
        struct_ser.end()
    }
}
impl<'de> serde::Deserialize<'de> for ListNotificationChannelsRequest {
    #[allow(deprecated)]
    fn deserialize<D>(deserializer: D) -> std::result::Result<Self, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        const FIELDS: &[&str] = &[
            "name",
            "filter",
            "order_by",
            "orderBy",
            "page_size",
            "pageSize",
            "page_token",
            "pageToken",
        ];

        #[allow(clippy::enum_variant_names)]
        enum GeneratedField {
            Name,
            Filter,
            OrderBy,
            PageSize,
            PageToken,
            __SkipField__,
        }
        impl<'de> serde::Deserialize<'de> for GeneratedField {
            fn deserialize<D>(deserializer: D) -> std::result::Result<GeneratedField, D::Error>
            where
                D: serde::Deserializer<'de>,
            {
                struct GeneratedVisitor;

                impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
                    type Value = GeneratedField;

                    fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        write!(formatter, "expected one of: {:?}", &FIELDS)
                    }

                    #[allow(unused_variables)]
                    fn visit_str<E>(self, value: &str) -> std::result::Result<GeneratedField, E>
                    where
                        E: serde::de::Error,
                    {
                        match value {
                            "name" => Ok(GeneratedField::Name),
                            "filter" => Ok(GeneratedField::Filter),
                            "orderBy" | "order_by" => Ok(GeneratedField::OrderBy),
                            "pageSize" | "page_size" => Ok(GeneratedField::PageSize),
                            "pageToken" | "page_token" => Ok(GeneratedField::PageToken),
                            _ => Ok(GeneratedField::__SkipField__),
                        }
                    }
                }
                deserializer.deserialize_identifier(GeneratedVisitor)
            }
        }
        struct GeneratedVisitor;
        impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
            type Value = ListNotificationChannelsRequest;

            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str("struct google.monitoring.v3.ListNotificationChannelsRequest")
            }

            fn visit_map<V>(self, mut map_: V) -> std::result::Result<ListNotificationChannelsRequest, V::Error>
                where
                    V: serde::de::MapAccess<'de>,
            {
                let mut name__ = None;
                let mut filter__ = None;
                let mut order_by__ = None;
                let mut page_size__ = None;
                let mut page_token__ = None;
                while let Some(k) = map_.next_key()? {
                    match k {
                        GeneratedField::Name => {
                            if name__.is_some() {
                                return Err(serde::de::Error::duplicate_field("name"));
                            }
                            name__ = Some(map_.next_value()?);
                        }
                        GeneratedField::Filter => {
                            if filter__.is_some() {
                                return Err(serde::de::Error::duplicate_field("filter"));
                            }
                            filter__ = Some(map_.next_value()?);
                        }
                        GeneratedField::OrderBy => {
                            if order_by__.is_some() {
                                return Err(serde::de::Error::duplicate_field("orderBy"));
                            }
                            order_by__ = Some(map_.next_value()?);
                        }
                        GeneratedField::PageSize => {
                            if page_size__.is_some() {
                                return Err(serde::de::Error::duplicate_field("pageSize"));
                            }
                            page_size__ = 
                                Some(map_.next_value::<::pbjson::private::NumberDeserialize<_>>()?.0)
                            ;
                        }
                        GeneratedField::PageToken => {
                            if page_token__.is_some() {
                                return Err(serde::de::Error::duplicate_field("pageToken"));
                            }
                            page_token__ = Some(map_.next_value()?);
                        }
                        GeneratedField::__SkipField__ => {
                            let _ = map_.next_value::<serde::de::IgnoredAny>()?;
                        }
                    }
                }
                Ok(ListNotificationChannelsRequest {
                    name: name__.unwrap_or_default(),
                    filter: filter__.unwrap_or_default(),
                    order_by: order_by__.unwrap_or_default(),
                    page_size: page_size__.unwrap_or_default(),
                    page_token: page_token__.unwrap_or_default(),
                })
            }
        }
        deserializer.deserialize_struct("google.monitoring.v3.ListNotificationChannelsRequest", FIELDS, GeneratedVisitor)
    }
}
impl serde::Serialize for ListNotificationChannelsResponse {
    #[allow(deprecated)]
    fn serialize<S>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error>
    where
        S: serde::Serializer,
    {
        use serde::ser::SerializeStruct;
        let mut len = 0;
        if !self.notification_channels.is_empty() {
            len += 1;
        }
        if !self.next_page_token.is_empty() {
            len += 1;
        }
        if self.total_size != 0 {
            len += 1;
        }
        let mut struct_ser = serializer.serialize_struct("google.monitoring.v3.ListNotificationChannelsResponse", len)?;
        if !self.notification_channels.is_empty() {
            struct_ser.serialize_field("notificationChannels", &self.notification_channels)?;
        }
        if !self.next_page_token.is_empty() {
            struct_ser.serialize_field("nextPageToken", &self.next_page_token)?;
        }
        if self.total_size != 0 {
            struct_ser.serialize_field("totalSize", &self.total_size)?;
        }
        struct_ser.end()
    }
}
impl<'de> serde::Deserialize<'de> for ListNotificationChannelsResponse {
    #[allow(deprecated)]
    fn deserialize<D>(deserializer: D) -> std::result::Result<Self, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        const FIELDS: &[&str] = &[
            "notification_channels",
            "notificationChannels",
            "next_page_token",
            "nextPageToken",
            "total_size",
            "totalSize",
        ];

        #[allow(clippy::enum_variant_names)]
        enum GeneratedField {
            NotificationChannels,
            NextPageToken,
            TotalSize,
            __SkipField__,
        }
        impl<'de> serde::Deserialize<'de> for GeneratedField {
            fn deserialize<D>(deserializer: D) -> std::result::Result<GeneratedField, D::Error>
            where
                D: serde::Deserializer<'de>,
            {
                struct GeneratedVisitor;

                impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
                    type Value = GeneratedField;

                    fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        write!(formatter, "expected one of: {:?}", &FIELDS)
                    }

                    #[allow(unused_variables)]
                    fn visit_str<E>(self, value: &str) -> std::result::Result<GeneratedField, E>
                    where
                        E: serde::de::Error,
                    {
                        match value {
                            "notificationChannels" | "notification_channels" => Ok(GeneratedField::NotificationChannels),
                            "nextPageToken" | "next_page_token" => Ok(GeneratedField::NextPageToken),
                            "totalSize" | "total_size" => Ok(GeneratedField::TotalSize),
                            _ => Ok(GeneratedField::__SkipField__),
                        }
                    }
                }
                deserializer.deserialize_identifier(GeneratedVisitor)
            }
        }
        struct GeneratedVisitor;
        impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
            type Value = ListNotificationChannelsResponse;

            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str("struct google.monitoring.v3.ListNotificationChannelsResponse")
            }

            fn visit_map<V>(self, mut map_: V) -> std::result::Result<ListNotificationChannelsResponse, V::Error>
                where
                    V: serde::de::MapAccess<'de>,
            {
                let mut notification_channels__ = None;
                let mut next_page_token__ = None;
                let mut total_size__ = None;
                while let Some(k) = map_.next_key()? {
                    match k {
                        GeneratedField::NotificationChannels => {
                            if notification_channels__.is_some() {
                                return Err(serde::de::Error::duplicate_field("notificationChannels"));
                            }
                            notification_channels__ = Some(map_.next_value()?);
                        }
                        GeneratedField::NextPageToken => {
                            if next_page_token__.is_some() {
                                return Err(serde::de::Error::duplicate_field("nextPageToken"));
                            }
                            next_page_token__ = Some(map_.next_value()?);
                        }
                        GeneratedField::TotalSize => {
                            if total_size__.is_some() {
                                return Err(serde::de::Error::duplicate_field("totalSize"));
                            }
                            total_size__ = 
                                Some(map_.next_value::<::pbjson::private::NumberDeserialize<_>>()?.0)
                            ;
                        }
                        GeneratedField::__SkipField__ => {
                            let _ = map_.next_value::<serde::de::IgnoredAny>()?;
                        }
                    }
                }
                Ok(ListNotificationChannelsResponse {
                    notification_channels: notification_channels__.unwrap_or_default(),
                    next_page_token: next_page_token__.unwrap_or_default(),
                    total_size: total_size__.unwrap_or_default(),
                })
            }
        }
        deserializer.deserialize_struct("google.monitoring.v3.ListNotificationChannelsResponse", FIELDS, GeneratedVisitor)
    }
}
impl serde::Serialize for ListServiceLevelObjectivesRequest {
    #[allow(deprecated)]
    fn serialize<S>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error>
    where
        S: serde::Serializer,
    {
        use serde::ser::SerializeStruct;
        let mut len = 0;
        if !self.parent.is_empty() {
            len += 1;
        }
        if !self.filter.is_empty() {
            len += 1;
        }
        if self.page_size != 0 {
            len += 1;
        }
        if !self.page_token.is_empty() {
            len += 1;
        }
        if self.view != 0 {
            len += 1;
        }
        let mut struct_ser = serializer.serialize_struct("google.monitoring.v3.ListServiceLevelObjectivesRequest", len)?;
        if !self.parent.is_empty() {
            struct_ser.serialize_field("parent", &self.parent)?;
        }
        if !self.filter.is_empty() {
            struct_ser.serialize_field("filter", &self.filter)?;
        }
        if self.page_size != 0 {
            struct_ser.serialize_field("pageSize", &self.page_size)?;
        }
        if !self.page_token.is_empty() {
            struct_ser.serialize_field("pageToken", &self.page_token)?;
        }
        if self.view != 0 {
            let v = service_level_objective::View::try_from(self.view)
                .map_err(|_| serde::ser::Error::custom(format!("Invalid variant {}", self.view)))?;
            struct_ser.serialize_field("view", &v)?;
        }
        struct_ser.end()
    }
}
impl<'de> serde::Deserialize<'de> for ListServiceLevelObjectivesRequest {
    #[allow(deprecated)]
    fn deserialize<D>(deserializer: D) -> std::result::Result<Self, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        const FIELDS: &[&str] = &[
            "parent",
            "filter",
            "page_size",
            "pageSize",
            "page_token",
            "pageToken",
            "view",
        ];

        #[allow(clippy::enum_variant_names)]
        enum GeneratedField {
            Parent,
            Filter,
            PageSize,
            PageToken,
            View,
            __SkipField__,
        }
        impl<'de> serde::Deserialize<'de> for GeneratedField {
            fn deserialize<D>(deserializer: D) -> std::result::Result<GeneratedField, D::Error>
            where
                D: serde::Deserializer<'de>,
            {
                struct GeneratedVisitor;

                impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
                    type Value = GeneratedField;

                    fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        write!(formatter, "expected one of: {:?}", &FIELDS)
                    }

                    #[allow(unused_variables)]
                    fn visit_str<E>(self, value: &str) -> std::result::Result<GeneratedField, E>
                    where
                        E: serde::de::Error,
                    {
                        match value {
                            "parent" => Ok(GeneratedField::Parent),
                            "filter" => Ok(GeneratedField::Filter),
                            "pageSize" | "page_size" => Ok(GeneratedField::PageSize),
                            "pageToken" | "page_token" => Ok(GeneratedField::PageToken),
                            "view" => Ok(GeneratedField::View),
                            _ => Ok(GeneratedField::__SkipField__),
                        }
                    }
                }
                deserializer.deserialize_identifier(GeneratedVisitor)
            }
        }
        struct GeneratedVisitor;
        impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
            type Value = ListServiceLevelObjectivesRequest;

            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str("struct google.monitoring.v3.ListServiceLevelObjectivesRequest")
            }

            fn visit_map<V>(self, mut map_: V) -> std::result::Result<ListServiceLevelObjectivesRequest, V::Error>
                where
                    V: serde::de::MapAccess<'de>,
            {
                let mut parent__ = None;
                let mut filter__ = None;
                let mut page_size__ = None;
                let mut page_token__ = None;
                let mut view__ = None;
                while let Some(k) = map_.next_key()? {
                    match k {
                        GeneratedField::Parent => {
                            if parent__.is_some() {
                                return Err(serde::de::Error::duplicate_field("parent"));
                            }
                            parent__ = Some(map_.next_value()?);
                        }
                        GeneratedField::Filter => {
                            if filter__.is_some() {
                                return Err(serde::de::Error::duplicate_field("filter"));
                            }
                            filter__ = Some(map_.next_value()?);
                        }
                        GeneratedField::PageSize => {
                            if page_size__.is_some() {
                                return Err(serde::de::Error::duplicate_field("pageSize"));
                            }
                            page_size__ = 
                                Some(map_.next_value::<::pbjson::private::NumberDeserialize<_>>()?.0)
                            ;
                        }
                        GeneratedField::PageToken => {
                            if page_token__.is_some() {
                                return Err(serde::de::Error::duplicate_field("pageToken"));
                            }
                            page_token__ = Some(map_.next_value()?);
                        }
                        GeneratedField::View => {
                            if view__.is_some() {
                                return Err(serde::de::Error::duplicate_field("view"));
                            }
                            view__ = Some(map_.next_value::<service_level_objective::View>()? as i32);
                        }
                        GeneratedField::__SkipField__ => {
                            let _ = map_.next_value::<serde::de::IgnoredAny>()?;
                        }
                    }
                }
                Ok(ListServiceLevelObjectivesRequest {
                    parent: parent__.unwrap_or_default(),
                    filter: filter__.unwrap_or_default(),
                    page_size: page_size__.unwrap_or_default(),
                    page_token: page_token__.unwrap_or_default(),
                    view: view__.unwrap_or_default(),
                })
            }
        }
        deserializer.deserialize_struct("google.monitoring.v3.ListServiceLevelObjectivesRequest", FIELDS, GeneratedVisitor)
    }
}
impl serde::Serialize for ListServiceLevelObjectivesResponse {
    #[allow(deprecated)]
    fn serialize<S>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error>
    where
        S: serde::Serializer,
    {
        use serde::ser::SerializeStruct;
        let mut len = 0;
        if !self.service_level_objectives.is_empty() {
            len += 1;
        }
        if !self.next_page_token.is_empty() {
            len += 1;
        }
        let mut struct_ser = serializer.serialize_struct("google.monitoring.v3.ListServiceLevelObjectivesResponse", len)?;
        if !self.service_level_objectives.is_empty() {
            struct_ser.serialize_field("serviceLevelObjectives", &self.service_level_objectives)?;
        }
        if !self.next_page_token.is_empty() {
            struct_ser.serialize_field("nextPageToken", &self.next_page_token)?;
        }
        struct_ser.end()
    }
}
impl<'de> serde::Deserialize<'de> for ListServiceLevelObjectivesResponse {
    #[allow(deprecated)]
    fn deserialize<D>(deserializer: D) -> std::result::Result<Self, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        const FIELDS: &[&str] = &[
            "service_level_objectives",
            "serviceLevelObjectives",
            "next_page_token",
            "nextPageToken",
        ];

        #[allow(clippy::enum_variant_names)]
        enum GeneratedField {
            ServiceLevelObjectives,
            NextPageToken,
            __SkipField__,
        }
        impl<'de> serde::Deserialize<'de> for GeneratedField {
            fn deserialize<D>(deserializer: D) -> std::result::Result<GeneratedField, D::Error>
            where
                D: serde::Deserializer<'de>,
            {
                struct GeneratedVisitor;

                impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
                    type Value = GeneratedField;

                    fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        write!(formatter, "expected one of: {:?}", &FIELDS)
                    }

                    #[allow(unused_variables)]
                    fn visit_str<E>(self, value: &str) -> std::result::Result<GeneratedField, E>
                    where
                        E: serde::de::Error,
                    {
                        match value {
                            "serviceLevelObjectives" | "service_level_objectives" => Ok(GeneratedField::ServiceLevelObjectives),
                            "nextPageToken" | "next_page_token" => Ok(GeneratedField::NextPageToken),
                            _ => Ok(GeneratedField::__SkipField__),
                        }
                    }
                }
                deserializer.deserialize_identifier(GeneratedVisitor)
            }
        }
        struct GeneratedVisitor;
        impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
            type Value = ListServiceLevelObjectivesResponse;

            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str("struct google.monitoring.v3.ListServiceLevelObjectivesResponse")
            }

            fn visit_map<V>(self, mut map_: V) -> std::result::Result<ListServiceLevelObjectivesResponse, V::Error>
                where
                    V: serde::de::MapAccess<'de>,
            {
                let mut service_level_objectives__ = None;
                let mut next_page_token__ = None;
                while let Some(k) = map_.next_key()? {
                    match k {
                        GeneratedField::ServiceLevelObjectives => {
                            if service_level_objectives__.is_some() {
                                return Err(serde::de::Error::duplicate_field("serviceLevelObjectives"));
                            }
                            service_level_objectives__ = Some(map_.next_value()?);
                        }
                        GeneratedField::NextPageToken => {
                            if next_page_token__.is_some() {
                                return Err(serde::de::Error::duplicate_field("nextPageToken"));
                            }
                            next_page_token__ = Some(map_.next_value()?);
                        }
                        GeneratedField::__SkipField__ => {
                            let _ = map_.next_value::<serde::de::IgnoredAny>()?;
                        }
                    }
                }
                Ok(ListServiceLevelObjectivesResponse {
                    service_level_objectives: service_level_objectives__.unwrap_or_default(),
                    next_page_token: next_page_token__.unwrap_or_default(),
                })
            }
        }
        deserializer.deserialize_struct("google.monitoring.v3.ListServiceLevelObjectivesResponse", FIELDS, GeneratedVisitor)
    }
}
impl serde::Serialize for ListServicesRequest {
    #[allow(deprecated)]
    fn serialize<S>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error>
    where
        S: serde::Serializer,
    {
        use serde::ser::SerializeStruct;
        let mut len = 0;
        if !self.parent.is_empty() {
            len += 1;
        }
        if !self.filter.is_empty() {
            len += 1;
        }
        if self.page_size != 0 {
            len += 1;
        }
        if !self.page_token.is_empty() {
            len += 1;
        }
        let mut struct_ser = serializer.serialize_struct("google.monitoring.v3.ListServicesRequest", len)?;
        if !self.parent.is_empty() {
            struct_ser.serialize_field("parent", &self.parent)?;
        }
        if !self.filter.is_empty() {
            struct_ser.serialize_field("filter", &self.filter)?;
        }
        if self.page_size != 0 {
            struct_ser.serialize_field("pageSize", &self.page_size)?;
        }
        if !self.page_token.is_empty() {
            struct_ser.serialize_field("pageToken", &self.page_token)?;
        }
        struct_ser.end()
    }
}
impl<'de> serde::Deserialize<'de> for ListServicesRequest {
    #[allow(deprecated)]
    fn deserialize<D>(deserializer: D) -> std::result::Result<Self, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        const FIELDS: &[&str] = &[
            "parent",
            "filter",
            "page_size",
            "pageSize",
            "page_token",
            "pageToken",
        ];

        #[allow(clippy::enum_variant_names)]
        enum GeneratedField {
            Parent,
            Filter,
            PageSize,
            PageToken,
            __SkipField__,
        }
        impl<'de> serde::Deserialize<'de> for GeneratedField {
            fn deserialize<D>(deserializer: D) -> std::result::Result<GeneratedField, D::Error>
            where
                D: serde::Deserializer<'de>,
            {
                struct GeneratedVisitor;

                impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
                    type Value = GeneratedField;

                    fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        write!(formatter, "expected one of: {:?}", &FIELDS)
                    }

                    #[allow(unused_variables)]
                    fn visit_str<E>(self, value: &str) -> std::result::Result<GeneratedField, E>
                    where
                        E: serde::de::Error,
                    {
                        match value {
                            "parent" => Ok(GeneratedField::Parent),
                            "filter" => Ok(GeneratedField::Filter),
                            "pageSize" | "page_size" => Ok(GeneratedField::PageSize),
                            "pageToken" | "page_token" => Ok(GeneratedField::PageToken),
                            _ => Ok(GeneratedField::__SkipField__),
                        }
                    }
                }
                deserializer.deserialize_identifier(GeneratedVisitor)
            }
        }
        struct GeneratedVisitor;
        impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
            type Value = ListServicesRequest;

            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str("struct google.monitoring.v3.ListServicesRequest")
            }

            fn visit_map<V>(self, mut map_: V) -> std::result::Result<ListServicesRequest, V::Error>
                where
                    V: serde::de::MapAccess<'de>,
            {
                let mut parent__ = None;
                let mut filter__ = None;
                let mut page_size__ = None;
                let mut page_token__ = None;
                while let Some(k) = map_.next_key()? {
                    match k {
                        GeneratedField::Parent => {
                            if parent__.is_some() {
                                return Err(serde::de::Error::duplicate_field("parent"));
                            }
                            parent__ = Some(map_.next_value()?);
                        }
                        GeneratedField::Filter => {
                            if filter__.is_some() {
                                return Err(serde::de::Error::duplicate_field("filter"));
                            }
                            filter__ = Some(map_.next_value()?);
                        }
                        GeneratedField::PageSize => {
                            if page_size__.is_some() {
                                return Err(serde::de::Error::duplicate_field("pageSize"));
                            }
                            page_size__ = 
                                Some(map_.next_value::<::pbjson::private::NumberDeserialize<_>>()?.0)
                            ;
                        }
                        GeneratedField::PageToken => {
                            if page_token__.is_some() {
                                return Err(serde::de::Error::duplicate_field("pageToken"));
                            }
                            page_token__ = Some(map_.next_value()?);
                        }
                        GeneratedField::__SkipField__ => {
                            let _ = map_.next_value::<serde::de::IgnoredAny>()?;
                        }
                    }
                }
                Ok(ListServicesRequest {
                    parent: parent__.unwrap_or_default(),
                    filter: filter__.unwrap_or_default(),
                    page_size: page_size__.unwrap_or_default(),
                    page_token: page_token__.unwrap_or_default(),
                })
            }
        }
        deserializer.deserialize_struct("google.monitoring.v3.ListServicesRequest", FIELDS, GeneratedVisitor)
    }
}
impl serde::Serialize for ListServicesResponse {
    #[allow(deprecated)]
    fn serialize<S>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error>
    where
        S: serde::Serializer,
    {
        use serde::ser::SerializeStruct;
        let mut len = 0;
        if !self.services.is_empty() {
            len += 1;
        }
        if !self.next_page_token.is_empty() {
            len += 1;
        }
        let mut struct_ser = serializer.serialize_struct("google.monitoring.v3.ListServicesResponse", len)?;
        if !self.services.is_empty() {
            struct_ser.serialize_field("services", &self.services)?;
        }
        if !self.next_page_token.is_empty() {
            struct_ser.serialize_field("nextPageToken", &self.next_page_token)?;
        }
        struct_ser.end()
    }
}
impl<'de> serde::Deserialize<'de> for ListServicesResponse {
    #[allow(deprecated)]
    fn deserialize<D>(deserializer: D) -> std::result::Result<Self, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        const FIELDS: &[&str] = &[
            "services",
            "next_page_token",
            "nextPageToken",
        ];

        #[allow(clippy::enum_variant_names)]
        enum GeneratedField {
            Services,
            NextPageToken,
            __SkipField__,
        }
        impl<'de> serde::Deserialize<'de> for GeneratedField {
            fn deserialize<D>(deserializer: D) -> std::result::Result<GeneratedField, D::Error>
            where
                D: serde::Deserializer<'de>,
            {
                struct GeneratedVisitor;

                impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
                    type Value = GeneratedField;

                    fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        write!(formatter, "expected one of: {:?}", &FIELDS)
                    }

                    #[allow(unused_variables)]
                    fn visit_str<E>(self, value: &str) -> std::result::Result<GeneratedField, E>
                    where
                        E: serde::de::Error,
                    {
                        match value {
                            "services" => Ok(GeneratedField::Services),
                            "nextPageToken" | "next_page_token" => Ok(GeneratedField::NextPageToken),
                            _ => Ok(GeneratedField::__SkipField__),
                        }
                    }
                }
                deserializer.deserialize_identifier(GeneratedVisitor)
            }
        }
        struct GeneratedVisitor;
        impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
            type Value = ListServicesResponse;

            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str("struct google.monitoring.v3.ListServicesResponse")
            }

            fn visit_map<V>(self, mut map_: V) -> std::result::Result<ListServicesResponse, V::Error>
                where
                    V: serde::de::MapAccess<'de>,
            {
                let mut services__ = None;
                let mut next_page_token__ = None;
                while let Some(k) = map_.next_key()? {
                    match k {
                        GeneratedField::Services => {
                            if services__.is_some() {
                                return Err(serde::de::Error::duplicate_field("services"));
                            }
                            services__ = Some(map_.next_value()?);
                        }
                        GeneratedField::NextPageToken => {
                            if next_page_token__.is_some() {
                                return Err(serde::de::Error::duplicate_field("nextPageToken"));
                            }
                            next_page_token__ = Some(map_.next_value()?);
                        }
                        GeneratedField::__SkipField__ => {
                            let _ = map_.next_value::<serde::de::IgnoredAny>()?;
                        }
                    }
                }
                Ok(ListServicesResponse {
                    services: services__.unwrap_or_default(),
                    next_page_token: next_page_token__.unwrap_or_default(),
                })
            }
        }
        deserializer.deserialize_struct("google.monitoring.v3.ListServicesResponse", FIELDS, GeneratedVisitor)
    }
}
impl serde::Serialize for ListTimeSeriesRequest {
    #[allow(deprecated)]
    fn serialize<S>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error>
    where
        S: serde::Serializer,
    {
        use serde::ser::SerializeStruct;
        let mut len = 0;
        if !self.name.is_empty() {
            len += 1;
        }
        if !self.filter.is_empty() {
            len += 1;
        }
        if self.interval.is_some() {
            len += 1;
        }
        if self.aggregation.is_some() {
            len += 1;
        }
        if self.secondary_aggregation.is_some() {
            len += 1;
        }
        if !self.order_by.is_empty() {
            len += 1;
        }
        if self.view != 0 {
            len += 1;
        }
        if self.page_size != 0 {
            len += 1;
        }
        if !self.page_token.is_empty() {
            len += 1;
        }
        let mut struct_ser = serializer.serialize_struct("google.monitoring.v3.ListTimeSeriesRequest", len)?;
        if !self.name.is_empty() {
            struct_ser.serialize_field("name", &self.name)?;
        }
        if !self.filter.is_empty() {
            struct_ser.serialize_field("filter", &self.filter)?;
        }
        if let Some(v) = self.interval.as_ref() {
            struct_ser.serialize_field("interval", v)?;
        }
        if let Some(v) = self.aggregation.as_ref() {
            struct_ser.serialize_field("aggregation", v)?;
        }
        if let Some(v) = self.secondary_aggregation.as_ref() {
            struct_ser.serialize_field("secondaryAggregation", v)?;
        }
        if !self.order_by.is_empty() {
            struct_ser.serialize_field("orderBy", &self.order_by)?;
        }
        if self.view != 0 {
            let v = list_time_series_request::TimeSeriesView::try_from(self.view)
                .map_err(|_| serde::ser::Error::custom(format!("Invalid variant {}", self.view)))?;
            struct_ser.serialize_field("view", &v)?;
        }
        if self.page_size != 0 {
            struct_ser.serialize_field("pageSize", &self.page_size)?;
        }
        if !self.page_token.is_empty() {
            struct_ser.serialize_field("pageToken", &self.page_token)?;
        }
        struct_ser.end()
    }
}
impl<'de> serde::Deserialize<'de> for ListTimeSeriesRequest {
    #[allow(deprecated)]
    fn deserialize<D>(deserializer: D) -> std::result::Result<Self, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        const FIELDS: &[&str] = &[
            "name",
            "filter",
            "interval",
            "aggregation",
            "secondary_aggregation",
            "secondaryAggregation",
            "order_by",
            "orderBy",
            "view",
            "page_size",
            "pageSize",
            "page_token",
            "pageToken",
        ];

        #[allow(clippy::enum_variant_names)]
        enum GeneratedField {
            Name,
            Filter,
            Interval,
            Aggregation,
            SecondaryAggregation,
            OrderBy,
            View,
            PageSize,
            PageToken,
            __SkipField__,
        }
        impl<'de> serde::Deserialize<'de> for GeneratedField {
            fn deserialize<D>(deserializer: D) -> std::result::Result<GeneratedField, D::Error>
            where
                D: serde::Deserializer<'de>,
            {
                struct GeneratedVisitor;

                impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
                    type Value = GeneratedField;

                    fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        write!(formatter, "expected one of: {:?}", &FIELDS)
                    }

                    #[allow(unused_variables)]
                    fn visit_str<E>(self, value: &str) -> std::result::Result<GeneratedField, E>
                    where
                        E: serde::de::Error,
                    {
                        match value {
                            "name" => Ok(GeneratedField::Name),
                            "filter" => Ok(GeneratedField::Filter),
                            "interval" => Ok(GeneratedField::Interval),
                            "aggregation" => Ok(GeneratedField::Aggregation),
                            "secondaryAggregation" | "secondary_aggregation" => Ok(GeneratedField::SecondaryAggregation),
                            "orderBy" | "order_by" => Ok(GeneratedField::OrderBy),
                            "view" => Ok(GeneratedField::View),
                            "pageSize" | "page_size" => Ok(GeneratedField::PageSize),
                            "pageToken" | "page_token" => Ok(GeneratedField::PageToken),
                            _ => Ok(GeneratedField::__SkipField__),
                        }
                    }
                }
                deserializer.deserialize_identifier(GeneratedVisitor)
            }
        }
        struct GeneratedVisitor;
        impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
            type Value = ListTimeSeriesRequest;

            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str("struct google.monitoring.v3.ListTimeSeriesRequest")
            }

            fn visit_map<V>(self, mut map_: V) -> std::result::Result<ListTimeSeriesRequest, V::Error>
                where
                    V: serde::de::MapAccess<'de>,
            {
                let mut name__ = None;
                let mut filter__ = None;
                let mut interval__ = None;
                let mut aggregation__ = None;
                let mut secondary_aggregation__ = None;
                let mut order_by__ = None;
                let mut view__ = None;
                let mut page_size__ = None;
                let mut page_token__ = None;
                while let Some(k) = map_.next_key()? {
                    match k {
                        GeneratedField::Name => {
                            if name__.is_some() {
                                return Err(serde::de::Error::duplicate_field("name"));
                            }
                            name__ = Some(map_.next_value()?);
                        }
                        GeneratedField::Filter => {
                            if filter__.is_some() {
                                return Err(serde::de::Error::duplicate_field("filter"));
                            }
                            filter__ = Some(map_.next_value()?);
                        }
                        GeneratedField::Interval => {
                            if interval__.is_some() {
                                return Err(serde::de::Error::duplicate_field("interval"));
                            }
                            interval__ = map_.next_value()?;
                        }
                        GeneratedField::Aggregation => {
                            if aggregation__.is_some() {
                                return Err(serde::de::Error::duplicate_field("aggregation"));
                            }
                            aggregation__ = map_.next_value()?;
                        }
                        GeneratedField::SecondaryAggregation => {
                            if secondary_aggregation__.is_some() {
                                return Err(serde::de::Error::duplicate_field("secondaryAggregation"));
                            }
                            secondary_aggregation__ = map_.next_value()?;
                        }
                        GeneratedField::OrderBy => {
                            if order_by__.is_some() {
                                return Err(serde::de::Error::duplicate_field("orderBy"));
                            }
                            order_by__ = Some(map_.next_value()?);
                        }
                        GeneratedField::View => {
                            if view__.is_some() {
                                return Err(serde::de::Error::duplicate_field("view"));
                            }
                            view__ = Some(map_.next_value::<list_time_series_request::TimeSeriesView>()? as i32);
                        }
                        GeneratedField::PageSize => {
                            if page_size__.is_some() {
                                return Err(serde::de::Error::duplicate_field("pageSize"));
                            }
                            page_size__ = 
                                Some(map_.next_value::<::pbjson::private::NumberDeserialize<_>>()?.0)
                            ;
                        }
                        GeneratedField::PageToken => {
                            if page_token__.is_some() {
                                return Err(serde::de::Error::duplicate_field("pageToken"));
                            }
                            page_token__ = Some(map_.next_value()?);
                        }
                        GeneratedField::__SkipField__ => {
                            let _ = map_.next_value::<serde::de::IgnoredAny>()?;
                        }
                    }
                }
                Ok(ListTimeSeriesRequest {
                    name: name__.unwrap_or_default(),
                    filter: filter__.unwrap_or_default(),
                    interval: interval__,
                    aggregation: aggregation__,
                    secondary_aggregation: secondary_aggregation__,
                    order_by: order_by__.unwrap_or_default(),
                    view: view__.unwrap_or_default(),
                    page_size: page_size__.unwrap_or_default(),
                    page_token: page_token__.unwrap_or_default(),
                })
            }
        }
        deserializer.deserialize_struct("google.monitoring.v3.ListTimeSeriesRequest", FIELDS, GeneratedVisitor)
    }
}
impl serde::Serialize for list_time_series_request::TimeSeriesView {
    #[allow(deprecated)]
    fn serialize<S>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error>
    where
        S: serde::Serializer,
    {
        let variant = match self {
            Self::Full => "FULL",
            Self::Headers => "HEADERS",
        };
        serializer.serialize_str(variant)
    }
}
impl<'de> serde::Deserialize<'de> for list_time_series_request::TimeSeriesView {
    #[allow(deprecated)]
    fn deserialize<D>(deserializer: D) -> std::result::Result<Self, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        const FIELDS: &[&str] = &[
            "FULL",
            "HEADERS",
        ];

        struct GeneratedVisitor;

        impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
            type Value = list_time_series_request::TimeSeriesView;

            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                write!(formatter, "expected one of: {:?}", &FIELDS)
            }

            fn visit_i64<E>(self, v: i64) -> std::result::Result<Self::Value, E>
            where
                E: serde::de::Error,
            {
                i32::try_from(v)
                    .ok()
                    .and_then(|x| x.try_into().ok())
                    .ok_or_else(|| {
                        serde::de::Error::invalid_value(serde::de::Unexpected::Signed(v), &self)
                    })
            }

            fn visit_u64<E>(self, v: u64) -> std::result::Result<Self::Value, E>
            where
                E: serde::de::Error,
            {
                i32::try_from(v)
                    .ok()
                    .and_then(|x| x.try_into().ok())
                    .ok_or_else(|| {
                        serde::de::Error::invalid_value(serde::de::Unexpected::Unsigned(v), &self)
                    })
            }

            fn visit_str<E>(self, value: &str) -> std::result::Result<Self::Value, E>
            where
                E: serde::de::Error,
            {
                match value {
                    "FULL" => Ok(list_time_series_request::TimeSeriesView::Full),
                    "HEADERS" => Ok(list_time_series_request::TimeSeriesView::Headers),
                    _ => Err(serde::de::Error::unknown_variant(value, FIELDS)),
                }
            }
        }
        deserializer.deserialize_any(GeneratedVisitor)
    }
}
impl serde::Serialize for ListTimeSeriesResponse {
    #[allow(deprecated)]
    fn serialize<S>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error>
    where
        S: serde::Serializer,
    {
        use serde::ser::SerializeStruct;
        let mut len = 0;
        if !self.time_series.is_empty() {
            len += 1;
        }
        if !self.next_page_token.is_empty() {
            len += 1;
        }
        if !self.execution_errors.is_empty() {
            len += 1;
        }
        if !self.unit.is_empty() {
            len += 1;
        }
        let mut struct_ser = serializer.serialize_struct("google.monitoring.v3.ListTimeSeriesResponse", len)?;
        if !self.time_series.is_empty() {
            struct_ser.serialize_field("timeSeries", &self.time_series)?;
        }
        if !self.next_page_token.is_empty() {
            struct_ser.serialize_field("nextPageToken", &self.next_page_token)?;
        }
        if !self.execution_errors.is_empty() {
            struct_ser.serialize_field("executionErrors", &self.execution_errors)?;
        }
        if !self.unit.is_empty() {
            struct_ser.serialize_field("unit", &self.unit)?;
        }
        struct_ser.end()
    }
}
impl<'de> serde::Deserialize<'de> for ListTimeSeriesResponse {
    #[allow(deprecated)]
    fn deserialize<D>(deserializer: D) -> std::result::Result<Self, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        const FIELDS: &[&str] = &[
            "time_series",
            "timeSeries",
            "next_page_token",
            "nextPageToken",
            "execution_errors",
            "executionErrors",
            "unit",
        ];

        #[allow(clippy::enum_variant_names)]
        enum GeneratedField {
            TimeSeries,
            NextPageToken,
            ExecutionErrors,
            Unit,
            __SkipField__,
        }
        impl<'de> serde::Deserialize<'de> for GeneratedField {
            fn deserialize<D>(deserializer: D) -> std::result::Result<GeneratedField, D::Error>
            where
                D: serde::Deserializer<'de>,
            {
                struct GeneratedVisitor;

                impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
                    type Value = GeneratedField;

                    fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        write!(formatter, "expected one of: {:?}", &FIELDS)
                    }

                    #[allow(unused_variables)]
                    fn visit_str<E>(self, value: &str) -> std::result::Result<GeneratedField, E>
                    where
                        E: serde::de::Error,
                    {
                        match value {
                            "timeSeries" | "time_series" => Ok(GeneratedField::TimeSeries),
                            "nextPageToken" | "next_page_token" => Ok(GeneratedField::NextPageToken),
                            "executionErrors" | "execution_errors" => Ok(GeneratedField::ExecutionErrors),
                            "unit" => Ok(GeneratedField::Unit),
                            _ => Ok(GeneratedField::__SkipField__),
                        }
                    }
                }
                deserializer.deserialize_identifier(GeneratedVisitor)
            }
        }
        struct GeneratedVisitor;
        impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
            type Value = ListTimeSeriesResponse;

            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str("struct google.monitoring.v3.ListTimeSeriesResponse")
            }

            fn visit_map<V>(self, mut map_: V) -> std::result::Result<ListTimeSeriesResponse, V::Error>
                where
                    V: serde::de::MapAccess<'de>,
            {
                let mut time_series__ = None;
                let mut next_page_token__ = None;
                let mut execution_errors__ = None;
                let mut unit__ = None;
                while let Some(k) = map_.next_key()? {
                    match k {
                        GeneratedField::TimeSeries => {
                            if time_series__.is_some() {
                                return Err(serde::de::Error::duplicate_field("timeSeries"));
                            }
                            time_series__ = Some(map_.next_value()?);
                        }
                        GeneratedField::NextPageToken => {
                            if next_page_token__.is_some() {
                                return Err(serde::de::Error::duplicate_field("nextPageToken"));
                            }
                            next_page_token__ = Some(map_.next_value()?);
                        }
                        GeneratedField::ExecutionErrors => {
                            if execution_errors__.is_some() {
                                return Err(serde::de::Error::duplicate_field("executionErrors"));
                            }
                            execution_errors__ = Some(map_.next_value()?);
                        }
                        GeneratedField::Unit => {
                            if unit__.is_some() {
                                return Err(serde::de::Error::duplicate_field("unit"));
                            }
                            unit__ = Some(map_.next_value()?);
                        }
                        GeneratedField::__SkipField__ => {
                            let _ = map_.next_value::<serde::de::IgnoredAny>()?;
                        }
                    }
                }
                Ok(ListTimeSeriesResponse {
                    time_series: time_series__.unwrap_or_default(),
                    next_page_token: next_page_token__.unwrap_or_default(),
                    execution_errors: execution_errors__.unwrap_or_default(),
                    unit: unit__.unwrap_or_default(),
                })
            }
        }
        deserializer.deserialize_struct("google.monitoring.v3.ListTimeSeriesResponse", FIELDS, GeneratedVisitor)
    }
}
impl serde::Serialize for MutationRecord {
    #[allow(deprecated)]
    fn serialize<S>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error>
    where
        S: serde::Serializer,
    {
        use serde::ser::SerializeStruct;
        let mut len = 0;
        if self.mutate_time.is_some() {
            len += 1;
        }
        if !self.mutated_by.is_empty() {
            len += 1;
        }
        let mut struct_ser = serializer.serialize_struct("google.monitoring.v3.MutationRecord", len)?;
        if let Some(v) = self.mutate_time.as_ref() {
            struct_ser.serialize_field("mutateTime", v)?;
        }
        if !self.mutated_by.is_empty() {
            struct_ser.serialize_field("mutatedBy", &self.mutated_by)?;
        }
        struct_ser.end()
    }
}
impl<'de> serde::Deserialize<'de> for MutationRecord {
    #[allow(deprecated)]
    fn deserialize<D>(deserializer: D) -> std::result::Result<Self, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        const FIELDS: &[&str] = &[
            "mutate_time",
            "mutateTime",
            "mutated_by",
            "mutatedBy",
        ];

        #[allow(clippy::enum_variant_names)]
        enum GeneratedField {
            MutateTime,
            MutatedBy,
            __SkipField__,
        }
        impl<'de> serde::Deserialize<'de> for GeneratedField {
            fn deserialize<D>(deserializer: D) -> std::result::Result<GeneratedField, D::Error>
            where
                D: serde::Deserializer<'de>,
            {
                struct GeneratedVisitor;

                impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
                    type Value = GeneratedField;

                    fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        write!(formatter, "expected one of: {:?}", &FIELDS)
                    }

                    #[allow(unused_variables)]
                    fn visit_str<E>(self, value: &str) -> std::result::Result<GeneratedField, E>
                    where
                        E: serde::de::Error,
                    {
                        match value {
                            "mutateTime" | "mutate_time" => Ok(GeneratedField::MutateTime),
                            "mutatedBy" | "mutated_by" => Ok(GeneratedField::MutatedBy),
                            _ => Ok(GeneratedField::__SkipField__),
                        }
                    }
                }
                deserializer.deserialize_identifier(GeneratedVisitor)
            }
        }
        struct GeneratedVisitor;
        impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
            type Value = MutationRecord;

            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str("struct google.monitoring.v3.MutationRecord")
            }

            fn visit_map<V>(self, mut map_: V) -> std::result::Result<MutationRecord, V::Error>
                where
                    V: serde::de::MapAccess<'de>,
            {
                let mut mutate_time__ = None;
                let mut mutated_by__ = None;
                while let Some(k) = map_.next_key()? {
                    match k {
                        GeneratedField::MutateTime => {
                            if mutate_time__.is_some() {
                                return Err(serde::de::Error::duplicate_field("mutateTime"));
                            }
                            mutate_time__ = map_.next_value()?;
                        }
                        GeneratedField::MutatedBy => {
                            if mutated_by__.is_some() {
                                return Err(serde::de::Error::duplicate_field("mutatedBy"));
                            }
                            mutated_by__ = Some(map_.next_value()?);
                        }
                        GeneratedField::__SkipField__ => {
                            let _ = map_.next_value::<serde::de::IgnoredAny>()?;
                        }
                    }
                }
                Ok(MutationRecord {
                    mutate_time: mutate_time__,
                    mutated_by: mutated_by__.unwrap_or_default(),
                })
            }
        }
        deserializer.deserialize_struct("google.monitoring.v3.MutationRecord", FIELDS, GeneratedVisitor)
    }
}
impl serde::Serialize for NotificationChannel {
    #[allow(deprecated)]
    fn serialize<S>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error>
    where
        S: serde::Serializer,
    {
        use serde::ser::SerializeStruct;
        let mut len = 0;
        if !self.r#type.is_empty() {
            len += 1;
        }
        if !self.name.is_empty() {
            len += 1;
        }
        if !self.display_name.is_empty() {
            len += 1;
        }
        if !self.description.is_empty() {
            len += 1;
        }
        if !self.labels.is_empty() {
            len += 1;
        }
        if !self.user_labels.is_empty() {
            len += 1;
        }
        if self.verification_status != 0 {
            len += 1;
        }
        if self.enabled.is_some() {
            len += 1;
        }
        if self.creation_record.is_some() {
            len += 1;
        }
        if !self.mutation_records.is_empty() {
            len += 1;
        }
        let mut struct_ser = serializer.serialize_struct("google.monitoring.v3.NotificationChannel", len)?;
        if !self.r#type.is_empty() {
            struct_ser.serialize_field("type", &self.r#type)?;
        }
        if !self.name.is_empty() {
            struct_ser.serialize_field("name", &self.name)?;
        }
        if !self.display_name.is_empty() {
            struct_ser.serialize_field("displayName", &self.display_name)?;
        }
        if !self.description.is_empty() {
            struct_ser.serialize_field("description", &self.description)?;
        }
        if !self.labels.is_empty() {
            struct_ser.serialize_field("labels", &self.labels)?;
        }
        if !self.user_labels.is_empty() {
            struct_ser.serialize_field("userLabels", &self.user_labels)?;
        }
        if self.verification_status != 0 {
            let v = notification_channel::VerificationStatus::try_from(self.verification_status)
                .map_err(|_| serde::ser::Error::custom(format!("Invalid variant {}", self.verification_status)))?;
            struct_ser.serialize_field("verificationStatus", &v)?;
        }
        if let Some(v) = self.enabled.as_ref() {
            struct_ser.serialize_field("enabled", v)?;
        }
        if let Some(v) = self.creation_record.as_ref() {
            struct_ser.serialize_field("creationRecord", v)?;
        }
        if !self.mutation_records.is_empty() {
            struct_ser.serialize_field("mutationRecords", &self.mutation_records)?;
        }
        struct_ser.end()
    }
}
impl<'de> serde::Deserialize<'de> for NotificationChannel {
    #[allow(deprecated)]
    fn deserialize<D>(deserializer: D) -> std::result::Result<Self, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        const FIELDS: &[&str] = &[
            "type",
            "name",
            "display_name",
            "displayName",
            "description",
            "labels",
            "user_labels",
            "userLabels",
            "verification_status",
            "verificationStatus",
            "enabled",
            "creation_record",
            "creationRecord",
            "mutation_records",
            "mutationRecords",
        ];

        #[allow(clippy::enum_variant_names)]
        enum GeneratedField {
            Type,
            Name,
            DisplayName,
            Description,
            Labels,
            UserLabels,
            VerificationStatus,
            Enabled,
            CreationRecord,
            MutationRecords,
            __SkipField__,
        }
        impl<'de> serde::Deserialize<'de> for GeneratedField {
            fn deserialize<D>(deserializer: D) -> std::result::Result<GeneratedField, D::Error>
            where
                D: serde::Deserializer<'de>,
            {
                struct GeneratedVisitor;

                impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
                    type Value = GeneratedField;

                    fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        write!(formatter, "expected one of: {:?}", &FIELDS)
                    }

                    #[allow(unused_variables)]
                    fn visit_str<E>(self, value: &str) -> std::result::Result<GeneratedField, E>
                    where
                        E: serde::de::Error,
                    {
                        match value {
                            "type" => Ok(GeneratedField::Type),
                            "name" => Ok(GeneratedField::Name),
                            "displayName" | "display_name" => Ok(GeneratedField::DisplayName),
                            "description" => Ok(GeneratedField::Description),
                            "labels" => Ok(GeneratedField::Labels),
                            "userLabels" | "user_labels" => Ok(GeneratedField::UserLabels),
                            "verificationStatus" | "verification_status" => Ok(GeneratedField::VerificationStatus),
                            "enabled" => Ok(GeneratedField::Enabled),
                            "creationRecord" | "creation_record" => Ok(GeneratedField::CreationRecord),
                            "mutationRecords" | "mutation_records" => Ok(GeneratedField::MutationRecords),
                            _ => Ok(GeneratedField::__SkipField__),
                        }
                    }
                }
                deserializer.deserialize_identifier(GeneratedVisitor)
            }
        }
        struct GeneratedVisitor;
        impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
            type Value = NotificationChannel;

            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str("struct google.monitoring.v3.NotificationChannel")
            }

            fn visit_map<V>(self, mut map_: V) -> std::result::Result<NotificationChannel, V::Error>
                where
                    V: serde::de::MapAccess<'de>,
            {
                let mut r#type__ = None;
                let mut name__ = None;
                let mut display_name__ = None;
                let mut description__ = None;
                let mut labels__ = None;
                let mut user_labels__ = None;
                let mut verification_status__ = None;
                let mut enabled__ = None;
                let mut creation_record__ = None;
                let mut mutation_records__ = None;
                while let Some(k) = map_.next_key()? {
                    match k {
                        GeneratedField::Type => {
                            if r#type__.is_some() {
                                return Err(serde::de::Error::duplicate_field("type"));
                            }
                            r#type__ = Some(map_.next_value()?);
                        }
                        GeneratedField::Name => {
                            if name__.is_some() {
                                return Err(serde::de::Error::duplicate_field("name"));
                            }
                            name__ = Some(map_.next_value()?);
                        }
                        GeneratedField::DisplayName => {
                            if display_name__.is_some() {
                                return Err(serde::de::Error::duplicate_field("displayName"));
                            }
                            display_name__ = Some(map_.next_value()?);
                        }
                        GeneratedField::Description => {
                            if description__.is_some() {
                                return Err(serde::de::Error::duplicate_field("description"));
                            }
                            description__ = Some(map_.next_value()?);
                        }
                        GeneratedField::Labels => {
                            if labels__.is_some() {
                                return Err(serde::de::Error::duplicate_field("labels"));
                            }
                            labels__ = Some(
                                map_.next_value::<std::collections::HashMap<_, _>>()?
                            );
                        }
                        GeneratedField::UserLabels => {
                            if user_labels__.is_some() {
                                return Err(serde::de::Error::duplicate_field("userLabels"));
                            }
                            user_labels__ = Some(
                                map_.next_value::<std::collections::HashMap<_, _>>()?
                            );
                        }
                        GeneratedField::VerificationStatus => {
                            if verification_status__.is_some() {
                                return Err(serde::de::Error::duplicate_field("verificationStatus"));
                            }
                            verification_status__ = Some(map_.next_value::<notification_channel::VerificationStatus>()? as i32);
                        }
                        GeneratedField::Enabled => {
                            if enabled__.is_some() {
                                return Err(serde::de::Error::duplicate_field("enabled"));
                            }
                            enabled__ = map_.next_value()?;
                        }
                        GeneratedField::CreationRecord => {
                            if creation_record__.is_some() {
                                return Err(serde::de::Error::duplicate_field("creationRecord"));
                            }
                            creation_record__ = map_.next_value()?;
                        }
                        GeneratedField::MutationRecords => {
                            if mutation_records__.is_some() {
                                return Err(serde::de::Error::duplicate_field("mutationRecords"));
                            }
                            mutation_records__ = Some(map_.next_value()?);
                        }
                        GeneratedField::__SkipField__ => {
                            let _ = map_.next_value::<serde::de::IgnoredAny>()?;
                        }
                    }
                }
                Ok(NotificationChannel {
                    r#type: r#type__.unwrap_or_default(),
                    name: name__.unwrap_or_default(),
                    display_name: display_name__.unwrap_or_default(),
                    description: description__.unwrap_or_default(),
                    labels: labels__.unwrap_or_default(),
                    user_labels: user_labels__.unwrap_or_default(),
                    verification_status: verification_status__.unwrap_or_default(),
                    enabled: enabled__,
                    creation_record: creation_record__,
                    mutation_records: mutation_records__.unwrap_or_default(),
                })
            }
        }
        deserializer.deserialize_struct("google.monitoring.v3.NotificationChannel", FIELDS, GeneratedVisitor)
    }
}
impl serde::Serialize for notification_channel::VerificationStatus {
    #[allow(deprecated)]
    fn serialize<S>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error>
    where
        S: serde::Serializer,
    {
        let variant = match self {
            Self::Unspecified => "VERIFICATION_STATUS_UNSPECIFIED",
            Self::Unverified => "UNVERIFIED",
            Self::Verified => "VERIFIED",
        };
        serializer.serialize_str(variant)
    }
}
impl<'de> serde::Deserialize<'de> for notification_channel::VerificationStatus {
    #[allow(deprecated)]
    fn deserialize<D>(deserializer: D) -> std::result::Result<Self, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        const FIELDS: &[&str] = &[
            "VERIFICATION_STATUS_UNSPECIFIED",
            "UNVERIFIED",
            "VERIFIED",
        ];

        struct GeneratedVisitor;

        impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
            type Value = notification_channel::VerificationStatus;

            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                write!(formatter, "expected one of: {:?}", &FIELDS)
            }

            fn visit_i64<E>(self, v: i64) -> std::result::Result<Self::Value, E>
            where
                E: serde::de::Error,
            {
                i32::try_from(v)
                    .ok()
                    .and_then(|x| x.try_into().ok())
                    .ok_or_else(|| {
                        serde::de::Error::invalid_value(serde::de::Unexpected::Signed(v), &self)
                    })
            }

            fn visit_u64<E>(self, v: u64) -> std::result::Result<Self::Value, E>
            where
                E: serde::de::Error,
            {
                i32::try_from(v)
                    .ok()
                    .and_then(|x| x.try_into().ok())
                    .ok_or_else(|| {
                        serde::de::Error::invalid_value(serde::de::Unexpected::Unsigned(v), &self)
                    })
            }

            fn visit_str<E>(self, value: &str) -> std::result::Result<Self::Value, E>
            where
                E: serde::de::Error,
            {
                match value {
                    "VERIFICATION_STATUS_UNSPECIFIED" => Ok(notification_channel::VerificationStatus::Unspecified),
                    "UNVERIFIED" => Ok(notification_channel::VerificationStatus::Unverified),
                    "VERIFIED" => Ok(notification_channel::VerificationStatus::Verified),
                    _ => Err(serde::de::Error::unknown_variant(value, FIELDS)),
                }
            }
        }
        deserializer.deserialize_any(GeneratedVisitor)
    }
}
impl serde::Serialize for NotificationChannelDescriptor {
    #[allow(deprecated)]
    fn serialize<S>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error>
    where
        S: serde::Serializer,
    {
        use serde::ser::SerializeStruct;
        let mut len = 0;
        if !self.name.is_empty() {
            len += 1;
        }
        if !self.r#type.is_empty() {
            len += 1;
        }
        if !self.display_name.is_empty() {
            len += 1;
        }
        if !self.description.is_empty() {
            len += 1;
        }
        if !self.labels.is_empty() {
            len += 1;
        }
        if !self.supported_tiers.is_empty() {
            len += 1;
        }
        if self.launch_stage != 0 {
            len += 1;
        }
        let mut struct_ser = serializer.serialize_struct("google.monitoring.v3.NotificationChannelDescriptor", len)?;
        if !self.name.is_empty() {
            struct_ser.serialize_field("name", &self.name)?;
        }
        if !self.r#type.is_empty() {
            struct_ser.serialize_field("type", &self.r#type)?;
        }
        if !self.display_name.is_empty() {
            struct_ser.serialize_field("displayName", &self.display_name)?;
        }
        if !self.description.is_empty() {
            struct_ser.serialize_field("description", &self.description)?;
        }
        if !self.labels.is_empty() {
            struct_ser.serialize_field("labels", &self.labels)?;
        }
        if !self.supported_tiers.is_empty() {
            let v = self.supported_tiers.iter().cloned().map(|v| {
                ServiceTier::try_from(v)
                    .map_err(|_| serde::ser::Error::custom(format!("Invalid variant {}", v)))
                }).collect::<std::result::Result<Vec<_>, _>>()?;
            struct_ser.serialize_field("supportedTiers", &v)?;
        }
        if self.launch_stage != 0 {
            let v = super::super::api::LaunchStage::try_from(self.launch_stage)
                .map_err(|_| serde::ser::Error::custom(format!("Invalid variant {}", self.launch_stage)))?;
            struct_ser.serialize_field("launchStage", &v)?;
        }
        struct_ser.end()
    }
}
impl<'de> serde::Deserialize<'de> for NotificationChannelDescriptor {
    #[allow(deprecated)]
    fn deserialize<D>(deserializer: D) -> std::result::Result<Self, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        const FIELDS: &[&str] = &[
            "name",
            "type",
            "display_name",
            "displayName",
            "description",
            "labels",
            "supported_tiers",
            "supportedTiers",
            "launch_stage",
            "launchStage",
        ];

        #[allow(clippy::enum_variant_names)]
        enum GeneratedField {
            Name,
            Type,
            DisplayName,
            Description,
            Labels,
            SupportedTiers,
            LaunchStage,
            __SkipField__,
        }
        impl<'de> serde::Deserialize<'de> for GeneratedField {
            fn deserialize<D>(deserializer: D) -> std::result::Result<GeneratedField, D::Error>
            where
                D: serde::Deserializer<'de>,
            {
                struct GeneratedVisitor;

                impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
                    type Value = GeneratedField;

                    fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        write!(formatter, "expected one of: {:?}", &FIELDS)
                    }

                    #[allow(unused_variables)]
                    fn visit_str<E>(self, value: &str) -> std::result::Result<GeneratedField, E>
                    where
                        E: serde::de::Error,
                    {
                        match value {
                            "name" => Ok(GeneratedField::Name),
                            "type" => Ok(GeneratedField::Type),
                            "displayName" | "display_name" => Ok(GeneratedField::DisplayName),
                            "description" => Ok(GeneratedField::Description),
                            "labels" => Ok(GeneratedField::Labels),
                            "supportedTiers" | "supported_tiers" => Ok(GeneratedField::SupportedTiers),
                            "launchStage" | "launch_stage" => Ok(GeneratedField::LaunchStage),
                            _ => Ok(GeneratedField::__SkipField__),
                        }
                    }
                }
                deserializer.deserialize_identifier(GeneratedVisitor)
            }
        }
        struct GeneratedVisitor;
        impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
            type Value = NotificationChannelDescriptor;

            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str("struct google.monitoring.v3.NotificationChannelDescriptor")
            }

            fn visit_map<V>(self, mut map_: V) -> std::result::Result<NotificationChannelDescriptor, V::Error>
                where
                    V: serde::de::MapAccess<'de>,
            {
                let mut name__ = None;
                let mut r#type__ = None;
                let mut display_name__ = None;
                let mut description__ = None;
                let mut labels__ = None;
                let mut supported_tiers__ = None;
                let mut launch_stage__ = None;
                while let Some(k) = map_.next_key()? {
                    match k {
                        GeneratedField::Name => {
                            if name__.is_some() {
                                return Err(serde::de::Error::duplicate_field("name"));
                            }
                            name__ = Some(map_.next_value()?);
                        }
                        GeneratedField::Type => {
                            if r#type__.is_some() {
                                return Err(serde::de::Error::duplicate_field("type"));
                            }
                            r#type__ = Some(map_.next_value()?);
                        }
                        GeneratedField::DisplayName => {
                            if display_name__.is_some() {
                                return Err(serde::de::Error::duplicate_field("displayName"));
                            }
                            display_name__ = Some(map_.next_value()?);
                        }
                        GeneratedField::Description => {
                            if description__.is_some() {
                                return Err(serde::de::Error::duplicate_field("description"));
                            }
                            description__ = Some(map_.next_value()?);
                        }
                        GeneratedField::Labels => {
                            if labels__.is_some() {
                                return Err(serde::de::Error::duplicate_field("labels"));
                            }
                            labels__ = Some(map_.next_value()?);
                        }
                        GeneratedField::SupportedTiers => {
                            if supported_tiers__.is_some() {
                                return Err(serde::de::Error::duplicate_field("supportedTiers"));
                            }
                            supported_tiers__ = Some(map_.next_value::<Vec<ServiceTier>>()?.into_iter().map(|x| x as i32).collect());
                        }
                        GeneratedField::LaunchStage => {
                            if launch_stage__.is_some() {
                                return Err(serde::de::Error::duplicate_field("launchStage"));
                            }
                            launch_stage__ = Some(map_.next_value::<super::super::api::LaunchStage>()? as i32);
                        }
                        GeneratedField::__SkipField__ => {
                            let _ = map_.next_value::<serde::de::IgnoredAny>()?;
                        }
                    }
                }
                Ok(NotificationChannelDescriptor {
                    name: name__.unwrap_or_default(),
                    r#type: r#type__.unwrap_or_default(),
                    display_name: display_name__.unwrap_or_default(),
                    description: description__.unwrap_or_default(),
                    labels: labels__.unwrap_or_default(),
                    supported_tiers: supported_tiers__.unwrap_or_default(),
                    launch_stage: launch_stage__.unwrap_or_default(),
                })
            }
        }
        deserializer.deserialize_struct("google.monitoring.v3.NotificationChannelDescriptor", FIELDS, GeneratedVisitor)
    }
}
impl serde::Serialize for Point {
    #[allow(deprecated)]
    fn serialize<S>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error>
    where
        S: serde::Serializer,
    {
        use serde::ser::SerializeStruct;
        let mut len = 0;
        if self.interval.is_some() {
            len += 1;
        }
        if self.value.is_some() {
            len += 1;
        }
        let mut struct_ser = serializer.serialize_struct("google.monitoring.v3.Point", len)?;
        if let Some(v) = self.interval.as_ref() {
            struct_ser.serialize_field("interval", v)?;
        }
        if let Some(v) = self.value.as_ref() {
            struct_ser.serialize_field("value", v)?;
        }
        struct_ser.end()
    }
}
impl<'de> serde::Deserialize<'de> for Point {
    #[allow(deprecated)]
    fn deserialize<D>(deserializer: D) -> std::result::Result<Self, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        const FIELDS: &[&str] = &[
            "interval",
            "value",
        ];

        #[allow(clippy::enum_variant_names)]
        enum GeneratedField {
            Interval,
            Value,
            __SkipField__,
        }
        impl<'de> serde::Deserialize<'de> for GeneratedField {
            fn deserialize<D>(deserializer: D) -> std::result::Result<GeneratedField, D::Error>
            where
                D: serde::Deserializer<'de>,
            {
                struct GeneratedVisitor;

                impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
                    type Value = GeneratedField;

                    fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        write!(formatter, "expected one of: {:?}", &FIELDS)
                    }

                    #[allow(unused_variables)]
                    fn visit_str<E>(self, value: &str) -> std::result::Result<GeneratedField, E>
                    where
                        E: serde::de::Error,
                    {
                        match value {
                            "interval" => Ok(GeneratedField::Interval),
                            "value" => Ok(GeneratedField::Value),
                            _ => Ok(GeneratedField::__SkipField__),
                        }
                    }
                }
                deserializer.deserialize_identifier(GeneratedVisitor)
            }
        }
        struct GeneratedVisitor;
        impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
            type Value = Point;

            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str("struct google.monitoring.v3.Point")
            }

            fn visit_map<V>(self, mut map_: V) -> std::result::Result<Point, V::Error>
                where
                    V: serde::de::MapAccess<'de>,
            {
                let mut interval__ = None;
                let mut value__ = None;
                while let Some(k) = map_.next_key()? {
                    match k {
                        GeneratedField::Interval => {
                            if interval__.is_some() {
                                return Err(serde::de::Error::duplicate_field("interval"));
                            }
                            interval__ = map_.next_value()?;
                        }
                        GeneratedField::Value => {
                            if value__.is_some() {
                                return Err(serde::de::Error::duplicate_field("value"));
                            }
                            value__ = map_.next_value()?;
                        }
                        GeneratedField::__SkipField__ => {
                            let _ = map_.next_value::<serde::de::IgnoredAny>()?;
                        }
                    }
                }
                Ok(Point {
                    interval: interval__,
                    value: value__,
                })
            }
        }
        deserializer.deserialize_struct("google.monitoring.v3.Point", FIELDS, GeneratedVisitor)
    }
}
impl serde::Serialize for QueryError {
    #[allow(deprecated)]
    fn serialize<S>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error>
    where
        S: serde::Serializer,
    {
        use serde::ser::SerializeStruct;
        let mut len = 0;
        if self.locator.is_some() {
            len += 1;
        }
        if !self.message.is_empty() {
            len += 1;
        }
        let mut struct_ser = serializer.serialize_struct("google.monitoring.v3.QueryError", len)?;
        if let Some(v) = self.locator.as_ref() {
            struct_ser.serialize_field("locator", v)?;
        }
        if !self.message.is_empty() {
            struct_ser.serialize_field("message", &self.message)?;
        }
        struct_ser.end()
    }
}
impl<'de> serde::Deserialize<'de> for QueryError {
    #[allow(deprecated)]
    fn deserialize<D>(deserializer: D) -> std::result::Result<Self, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        const FIELDS: &[&str] = &[
            "locator",
            "message",
        ];

        #[allow(clippy::enum_variant_names)]
        enum GeneratedField {
            Locator,
            Message,
            __SkipField__,
        }
        impl<'de> serde::Deserialize<'de> for GeneratedField {
            fn deserialize<D>(deserializer: D) -> std::result::Result<GeneratedField, D::Error>
            where
                D: serde::Deserializer<'de>,
            {
                struct GeneratedVisitor;

                impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
                    type Value = GeneratedField;

                    fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        write!(formatter, "expected one of: {:?}", &FIELDS)
                    }

                    #[allow(unused_variables)]
                    fn visit_str<E>(self, value: &str) -> std::result::Result<GeneratedField, E>
                    where
                        E: serde::de::Error,
                    {
                        match value {
                            "locator" => Ok(GeneratedField::Locator),
                            "message" => Ok(GeneratedField::Message),
                            _ => Ok(GeneratedField::__SkipField__),
                        }
                    }
                }
                deserializer.deserialize_identifier(GeneratedVisitor)
            }
        }
        struct GeneratedVisitor;
        impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
            type Value = QueryError;

            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str("struct google.monitoring.v3.QueryError")
            }

            fn visit_map<V>(self, mut map_: V) -> std::result::Result<QueryError, V::Error>
                where
                    V: serde::de::MapAccess<'de>,
            {
                let mut locator__ = None;
                let mut message__ = None;
                while let Some(k) = map_.next_key()? {
                    match k {
                        GeneratedField::Locator => {
                            if locator__.is_some() {
                                return Err(serde::de::Error::duplicate_field("locator"));
                            }
                            locator__ = map_.next_value()?;
                        }
                        GeneratedField::Message => {
                            if message__.is_some() {
                                return Err(serde::de::Error::duplicate_field("message"));
                            }
                            message__ = Some(map_.next_value()?);
                        }
                        GeneratedField::__SkipField__ => {
                            let _ = map_.next_value::<serde::de::IgnoredAny>()?;
                        }
                    }
                }
                Ok(QueryError {
                    locator: locator__,
                    message: message__.unwrap_or_default(),
                })
            }
        }
        deserializer.deserialize_struct("google.monitoring.v3.QueryError", FIELDS, GeneratedVisitor)
    }
}
impl serde::Serialize for QueryErrorList {
    #[allow(deprecated)]
    fn serialize<S>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error>
    where
        S: serde::Serializer,
    {
        use serde::ser::SerializeStruct;
        let mut len = 0;
        if !self.errors.is_empty() {
            len += 1;
        }
        if !self.error_summary.is_empty() {
            len += 1;
        }
        let mut struct_ser = serializer.serialize_struct("google.monitoring.v3.QueryErrorList", len)?;
        if !self.errors.is_empty() {
            struct_ser.serialize_field("errors", &self.errors)?;
        }
        if !self.error_summary.is_empty() {
            struct_ser.serialize_field("errorSummary", &self.error_summary)?;
        }
        struct_ser.end()
    }
}
impl<'de> serde::Deserialize<'de> for QueryErrorList {
    #[allow(deprecated)]
    fn deserialize<D>(deserializer: D) -> std::result::Result<Self, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        const FIELDS: &[&str] = &[
            "errors",
            "error_summary",
            "errorSummary",
        ];

        #[allow(clippy::enum_variant_names)]
        enum GeneratedField {
            Errors,
            ErrorSummary,
            __SkipField__,
        }
        impl<'de> serde::Deserialize<'de> for GeneratedField {
            fn deserialize<D>(deserializer: D) -> std::result::Result<GeneratedField, D::Error>
            where
                D: serde::Deserializer<'de>,
            {
                struct GeneratedVisitor;

                impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
                    type Value = GeneratedField;

                    fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        write!(formatter, "expected one of: {:?}", &FIELDS)
                    }

                    #[allow(unused_variables)]
                    fn visit_str<E>(self, value: &str) -> std::result::Result<GeneratedField, E>
                    where
                        E: serde::de::Error,
                    {
                        match value {
                            "errors" => Ok(GeneratedField::Errors),
                            "errorSummary" | "error_summary" => Ok(GeneratedField::ErrorSummary),
                            _ => Ok(GeneratedField::__SkipField__),
                        }
                    }
                }
                deserializer.deserialize_identifier(GeneratedVisitor)
            }
        }
        struct GeneratedVisitor;
        impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
            type Value = QueryErrorList;

            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str("struct google.monitoring.v3.QueryErrorList")
            }

            fn visit_map<V>(self, mut map_: V) -> std::result::Result<QueryErrorList, V::Error>
                where
                    V: serde::de::MapAccess<'de>,
            {
                let mut errors__ = None;
                let mut error_summary__ = None;
                while let Some(k) = map_.next_key()? {
                    match k {
                        GeneratedField::Errors => {
                            if errors__.is_some() {
                                return Err(serde::de::Error::duplicate_field("errors"));
                            }
                            errors__ = Some(map_.next_value()?);
                        }
                        GeneratedField::ErrorSummary => {
                            if error_summary__.is_some() {
                                return Err(serde::de::Error::duplicate_field("errorSummary"));
                            }
                            error_summary__ = Some(map_.next_value()?);
                        }
                        GeneratedField::__SkipField__ => {
                            let _ = map_.next_value::<serde::de::IgnoredAny>()?;
                        }
                    }
                }
                Ok(QueryErrorList {
                    errors: errors__.unwrap_or_default(),
                    error_summary: error_summary__.unwrap_or_default(),
                })
            }
        }
        deserializer.deserialize_struct("google.monitoring.v3.QueryErrorList", FIELDS, GeneratedVisitor)
    }
}
impl serde::Serialize for QueryTimeSeriesRequest {
    #[allow(deprecated)]
    fn serialize<S>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error>
    where
        S: serde::Serializer,
    {
        use serde::ser::SerializeStruct;
        let mut len = 0;
        if !self.name.is_empty() {
            len += 1;
        }
        if !self.query.is_empty() {
            len += 1;
        }
        if self.page_size != 0 {
            len += 1;
        }
        if !self.page_token.is_empty() {
            len += 1;
        }
        let mut struct_ser = serializer.serialize_struct("google.monitoring.v3.QueryTimeSeriesRequest", len)?;
        if !self.name.is_empty() {
            struct_ser.serialize_field("name", &self.name)?;
        }
        if !self.query.is_empty() {
            struct_ser.serialize_field("query", &self.query)?;
        }
        if self.page_size != 0 {
            struct_ser.serialize_field("pageSize", &self.page_size)?;
        }
        if !self.page_token.is_empty() {
            struct_ser.serialize_field("pageToken", &self.page_token)?;
        }
        struct_ser.end()
    }
}
impl<'de> serde::Deserialize<'de> for QueryTimeSeriesRequest {
    #[allow(deprecated)]
    fn deserialize<D>(deserializer: D) -> std::result::Result<Self, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        const FIELDS: &[&str] = &[
            "name",
            "query",
            "page_size",
            "pageSize",
            "page_token",
            "pageToken",
        ];

        #[allow(clippy::enum_variant_names)]
        enum GeneratedField {
            Name,
            Query,
            PageSize,
            PageToken,
            __SkipField__,
        }
        impl<'de> serde::Deserialize<'de> for GeneratedField {
            fn deserialize<D>(deserializer: D) -> std::result::Result<GeneratedField, D::Error>
            where
                D: serde::Deserializer<'de>,
            {
                struct GeneratedVisitor;

                impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
                    type Value = GeneratedField;

                    fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        write!(formatter, "expected one of: {:?}", &FIELDS)
                    }

                    #[allow(unused_variables)]
                    fn visit_str<E>(self, value: &str) -> std::result::Result<GeneratedField, E>
                    where
                        E: serde::de::Error,
                    {
                        match value {
                            "name" => Ok(GeneratedField::Name),
                            "query" => Ok(GeneratedField::Query),
                            "pageSize" | "page_size" => Ok(GeneratedField::PageSize),
                            "pageToken" | "page_token" => Ok(GeneratedField::PageToken),
                            _ => Ok(GeneratedField::__SkipField__),
                        }
                    }
                }
                deserializer.deserialize_identifier(GeneratedVisitor)
            }
        }
        struct GeneratedVisitor;
        impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
            type Value = QueryTimeSeriesRequest;

            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str("struct google.monitoring.v3.QueryTimeSeriesRequest")
            }

            fn visit_map<V>(self, mut map_: V) -> std::result::Result<QueryTimeSeriesRequest, V::Error>
                where
                    V: serde::de::MapAccess<'de>,
            {
                let mut name__ = None;
                let mut query__ = None;
                let mut page_size__ = None;
                let mut page_token__ = None;
                while let Some(k) = map_.next_key()? {
                    match k {
                        GeneratedField::Name => {
                            if name__.is_some() {
                                return Err(serde::de::Error::duplicate_field("name"));
                            }
                            name__ = Some(map_.next_value()?);
                        }
                        GeneratedField::Query => {
                            if query__.is_some() {
                                return Err(serde::de::Error::duplicate_field("query"));
                            }
                            query__ = Some(map_.next_value()?);
                        }
                        GeneratedField::PageSize => {
                            if page_size__.is_some() {
                                return Err(serde::de::Error::duplicate_field("pageSize"));
                            }
                            page_size__ = 
                                Some(map_.next_value::<::pbjson::private::NumberDeserialize<_>>()?.0)
                            ;
                        }
                        GeneratedField::PageToken => {
                            if page_token__.is_some() {
                                return Err(serde::de::Error::duplicate_field("pageToken"));
                            }
                            page_token__ = Some(map_.next_value()?);
                        }
                        GeneratedField::__SkipField__ => {
                            let _ = map_.next_value::<serde::de::IgnoredAny>()?;
                        }
                    }
                }
                Ok(QueryTimeSeriesRequest {
                    name: name__.unwrap_or_default(),
                    query: query__.unwrap_or_default(),
                    page_size: page_size__.unwrap_or_default(),
                    page_token: page_token__.unwrap_or_default(),
                })
            }
        }
        deserializer.deserialize_struct("google.monitoring.v3.QueryTimeSeriesRequest", FIELDS, GeneratedVisitor)
    }
}
impl serde::Serialize for QueryTimeSeriesResponse {
    #[allow(deprecated)]
    fn serialize<S>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error>
    where
        S: serde::Serializer,
    {
        use serde::ser::SerializeStruct;
        let mut len = 0;
        if self.time_series_descriptor.is_some() {
            len += 1;
        }
        if !self.time_series_data.is_empty() {
            len += 1;
        }
        if !self.next_page_token.is_empty() {
            len += 1;
        }
        if !self.partial_errors.is_empty() {
            len += 1;
        }
        let mut struct_ser = serializer.serialize_struct("google.monitoring.v3.QueryTimeSeriesResponse", len)?;
        if let Some(v) = self.time_series_descriptor.as_ref() {
            struct_ser.serialize_field("timeSeriesDescriptor", v)?;
        }
        if !self.time_series_data.is_empty() {
            struct_ser.serialize_field("timeSeriesData", &self.time_series_data)?;
        }
        if !self.next_page_token.is_empty() {
            struct_ser.serialize_field("nextPageToken", &self.next_page_token)?;
        }
        if !self.partial_errors.is_empty() {
            struct_ser.serialize_field("partialErrors", &self.partial_errors)?;
        }
        struct_ser.end()
    }
}
impl<'de> serde::Deserialize<'de> for QueryTimeSeriesResponse {
    #[allow(deprecated)]
    fn deserialize<D>(deserializer: D) -> std::result::Result<Self, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        const FIELDS: &[&str] = &[
            "time_series_descriptor",
            "timeSeriesDescriptor",
            "time_series_data",
            "timeSeriesData",
            "next_page_token",
            "nextPageToken",
            "partial_errors",
            "partialErrors",
        ];

        #[allow(clippy::enum_variant_names)]
        enum GeneratedField {
            TimeSeriesDescriptor,
            TimeSeriesData,
            NextPageToken,
            PartialErrors,
            __SkipField__,
        }
        impl<'de> serde::Deserialize<'de> for GeneratedField {
            fn deserialize<D>(deserializer: D) -> std::result::Result<GeneratedField, D::Error>
            where
                D: serde::Deserializer<'de>,
            {
                struct GeneratedVisitor;

                impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
                    type Value = GeneratedField;

                    fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        write!(formatter, "expected one of: {:?}", &FIELDS)
                    }

                    #[allow(unused_variables)]
                    fn visit_str<E>(self, value: &str) -> std::result::Result<GeneratedField, E>
                    where
                        E: serde::de::Error,
                    {
                        match value {
                            "timeSeriesDescriptor" | "time_series_descriptor" => Ok(GeneratedField::TimeSeriesDescriptor),
                            "timeSeriesData" | "time_series_data" => Ok(GeneratedField::TimeSeriesData),
                            "nextPageToken" | "next_page_token" => Ok(GeneratedField::NextPageToken),
                            "partialErrors" | "partial_errors" => Ok(GeneratedField::PartialErrors),
                            _ => Ok(GeneratedField::__SkipField__),
                        }
                    }
                }
                deserializer.deserialize_identifier(GeneratedVisitor)
            }
        }
        struct GeneratedVisitor;
        impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
            type Value = QueryTimeSeriesResponse;

            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str("struct google.monitoring.v3.QueryTimeSeriesResponse")
            }

            fn visit_map<V>(self, mut map_: V) -> std::result::Result<QueryTimeSeriesResponse, V::Error>
                where
                    V: serde::de::MapAccess<'de>,
            {
                let mut time_series_descriptor__ = None;
                let mut time_series_data__ = None;
                let mut next_page_token__ = None;
                let mut partial_errors__ = None;
                while let Some(k) = map_.next_key()? {
                    match k {
                        GeneratedField::TimeSeriesDescriptor => {
                            if time_series_descriptor__.is_some() {
                                return Err(serde::de::Error::duplicate_field("timeSeriesDescriptor"));
                            }
                            time_series_descriptor__ = map_.next_value()?;
                        }
                        GeneratedField::TimeSeriesData => {
                            if time_series_data__.is_some() {
                                return Err(serde::de::Error::duplicate_field("timeSeriesData"));
                            }
                            time_series_data__ = Some(map_.next_value()?);
                        }
                        GeneratedField::NextPageToken => {
                            if next_page_token__.is_some() {
                                return Err(serde::de::Error::duplicate_field("nextPageToken"));
                            }
                            next_page_token__ = Some(map_.next_value()?);
                        }
                        GeneratedField::PartialErrors => {
                            if partial_errors__.is_some() {
                                return Err(serde::de::Error::duplicate_field("partialErrors"));
                            }
                            partial_errors__ = Some(map_.next_value()?);
                        }
                        GeneratedField::__SkipField__ => {
                            let _ = map_.next_value::<serde::de::IgnoredAny>()?;
                        }
                    }
                }
                Ok(QueryTimeSeriesResponse {
                    time_series_descriptor: time_series_descriptor__,
                    time_series_data: time_series_data__.unwrap_or_default(),
                    next_page_token: next_page_token__.unwrap_or_default(),
                    partial_errors: partial_errors__.unwrap_or_default(),
                })
            }
        }
        deserializer.deserialize_struct("google.monitoring.v3.QueryTimeSeriesResponse", FIELDS, GeneratedVisitor)
    }
}
impl serde::Serialize for Range {
    #[allow(deprecated)]
    fn serialize<S>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error>
    where
        S: serde::Serializer,
    {
        use serde::ser::SerializeStruct;
        let mut len = 0;
        if self.min != 0. {
            len += 1;
        }
        if self.max != 0. {
            len += 1;
        }
        let mut struct_ser = serializer.serialize_struct("google.monitoring.v3.Range", len)?;
        if self.min != 0. {
            struct_ser.serialize_field("min", &self.min)?;
        }
        if self.max != 0. {
            struct_ser.serialize_field("max", &self.max)?;
        }
        struct_ser.end()
    }
}
impl<'de> serde::Deserialize<'de> for Range {
    #[allow(deprecated)]
    fn deserialize<D>(deserializer: D) -> std::result::Result<Self, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        const FIELDS: &[&str] = &[
            "min",
            "max",
        ];

        #[allow(clippy::enum_variant_names)]
        enum GeneratedField {
            Min,
            Max,
            __SkipField__,
        }
        impl<'de> serde::Deserialize<'de> for GeneratedField {
            fn deserialize<D>(deserializer: D) -> std::result::Result<GeneratedField, D::Error>
            where
                D: serde::Deserializer<'de>,
            {
                struct GeneratedVisitor;

                impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
                    type Value = GeneratedField;

                    fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        write!(formatter, "expected one of: {:?}", &FIELDS)
                    }

                    #[allow(unused_variables)]
                    fn visit_str<E>(self, value: &str) -> std::result::Result<GeneratedField, E>
                    where
                        E: serde::de::Error,
                    {
                        match value {
                            "min" => Ok(GeneratedField::Min),
                            "max" => Ok(GeneratedField::Max),
                            _ => Ok(GeneratedField::__SkipField__),
                        }
                    }
                }
                deserializer.deserialize_identifier(GeneratedVisitor)
            }
        }
        struct GeneratedVisitor;
        impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
            type Value = Range;

            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str("struct google.monitoring.v3.Range")
            }

            fn visit_map<V>(self, mut map_: V) -> std::result::Result<Range, V::Error>
                where
                    V: serde::de::MapAccess<'de>,
            {
                let mut min__ = None;
                let mut max__ = None;
                while let Some(k) = map_.next_key()? {
                    match k {
                        GeneratedField::Min => {
                            if min__.is_some() {
                                return Err(serde::de::Error::duplicate_field("min"));
                            }
                            min__ = 
                                Some(map_.next_value::<::pbjson::private::NumberDeserialize<_>>()?.0)
                            ;
                        }
                        GeneratedField::Max => {
                            if max__.is_some() {
                                return Err(serde::de::Error::duplicate_field("max"));
                            }
                            max__ = 
                                Some(map_.next_value::<::pbjson::private::NumberDeserialize<_>>()?.0)
                            ;
                        }
                        GeneratedField::__SkipField__ => {
                            let _ = map_.next_value::<serde::de::IgnoredAny>()?;
                        }
                    }
                }
                Ok(Range {
                    min: min__.unwrap_or_default(),
                    max: max__.unwrap_or_default(),
                })
            }
        }
        deserializer.deserialize_struct("google.monitoring.v3.Range", FIELDS, GeneratedVisitor)
    }
}
impl serde::Serialize for RequestBasedSli {
    #[allow(deprecated)]
    fn serialize<S>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error>
    where
        S: serde::Serializer,
    {
        use serde::ser::SerializeStruct;
        let mut len = 0;
        if self.method.is_some() {
            len += 1;
        }
        let mut struct_ser = serializer.serialize_struct("google.monitoring.v3.RequestBasedSli", len)?;
        if let Some(v) = self.method.as_ref() {
            match v {
                request_based_sli::Method::GoodTotalRatio(v) => {
                    struct_ser.serialize_field("goodTotalRatio", v)?;
                }
                request_based_sli::Method::DistributionCut(v) => {
                    struct_ser.serialize_field("distributionCut", v)?;
                }
            }
        }
        struct_ser.end()
    }
}
impl<'de> serde::Deserialize<'de> for RequestBasedSli {
    #[allow(deprecated)]
    fn deserialize<D>(deserializer: D) -> std::result::Result<Self, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        const FIELDS: &[&str] = &[
            "good_total_ratio",
            "goodTotalRatio",
            "distribution_cut",
            "distributionCut",
        ];

        #[allow(clippy::enum_variant_names)]
        enum GeneratedField {
            GoodTotalRatio,
            DistributionCut,
            __SkipField__,
        }
        impl<'de> serde::Deserialize<'de> for GeneratedField {
            fn deserialize<D>(deserializer: D) -> std::result::Result<GeneratedField, D::Error>
            where
                D: serde::Deserializer<'de>,
            {
                struct GeneratedVisitor;

                impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
                    type Value = GeneratedField;

                    fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        write!(formatter, "expected one of: {:?}", &FIELDS)
                    }

                    #[allow(unused_variables)]
                    fn visit_str<E>(self, value: &str) -> std::result::Result<GeneratedField, E>
                    where
                        E: serde::de::Error,
                    {
                        match value {
                            "goodTotalRatio" | "good_total_ratio" => Ok(GeneratedField::GoodTotalRatio),
                            "distributionCut" | "distribution_cut" => Ok(GeneratedField::DistributionCut),
                            _ => Ok(GeneratedField::__SkipField__),
                        }
                    }
                }
                deserializer.deserialize_identifier(GeneratedVisitor)
            }
        }
        struct GeneratedVisitor;
        impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
            type Value = RequestBasedSli;

            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str("struct google.monitoring.v3.RequestBasedSli")
            }

            fn visit_map<V>(self, mut map_: V) -> std::result::Result<RequestBasedSli, V::Error>
                where
                    V: serde::de::MapAccess<'de>,
            {
                let mut method__ = None;
                while let Some(k) = map_.next_key()? {
                    match k {
                        GeneratedField::GoodTotalRatio => {
                            if method__.is_some() {
                                return Err(serde::de::Error::duplicate_field("goodTotalRatio"));
                            }
                            method__ = map_.next_value::<::std::option::Option<_>>()?.map(request_based_sli::Method::GoodTotalRatio)
;
                        }
                        GeneratedField::DistributionCut => {
                            if method__.is_some() {
                                return Err(serde::de::Error::duplicate_field("distributionCut"));
                            }
                            method__ = map_.next_value::<::std::option::Option<_>>()?.map(request_based_sli::Method::DistributionCut)
;
                        }
                        GeneratedField::__SkipField__ => {
                            let _ = map_.next_value::<serde::de::IgnoredAny>()?;
                        }
                    }
                }
                Ok(RequestBasedSli {
                    method: method__,
                })
            }
        }
        deserializer.deserialize_struct("google.monitoring.v3.RequestBasedSli", FIELDS, GeneratedVisitor)
    }
}
impl serde::Serialize for SendNotificationChannelVerificationCodeRequest {
    #[allow(deprecated)]
    fn serialize<S>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error>
    where
        S: serde::Serializer,
    {
        use serde::ser::SerializeStruct;
        let mut len = 0;
        if !self.name.is_empty() {
            len += 1;
        }
        let mut struct_ser = serializer.serialize_struct("google.monitoring.v3.SendNotificationChannelVerificationCodeRequest", len)?;
        if !self.name.is_empty() {
            struct_ser.serialize_field("name", &self.name)?;
        }
        struct_ser.end()
    }
}
impl<'de> serde::Deserialize<'de> for SendNotificationChannelVerificationCodeRequest {
    #[allow(deprecated)]
    fn deserialize<D>(deserializer: D) -> std::result::Result<Self, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        const FIELDS: &[&str] = &[
            "name",
        ];

        #[allow(clippy::enum_variant_names)]
        enum GeneratedField {
            Name,
            __SkipField__,
        }
        impl<'de> serde::Deserialize<'de> for GeneratedField {
            fn deserialize<D>(deserializer: D) -> std::result::Result<GeneratedField, D::Error>
            where
                D: serde::Deserializer<'de>,
            {
                struct GeneratedVisitor;

                impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
                    type Value = GeneratedField;

                    fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        write!(formatter, "expected one of: {:?}", &FIELDS)
                    }

                    #[allow(unused_variables)]
                    fn visit_str<E>(self, value: &str) -> std::result::Result<GeneratedField, E>
                    where
                        E: serde::de::Error,
                    {
                        match value {
                            "name" => Ok(GeneratedField::Name),
                            _ => Ok(GeneratedField::__SkipField__),
                        }
                    }
                }
                deserializer.deserialize_identifier(GeneratedVisitor)
            }
        }
        struct GeneratedVisitor;
        impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
            type Value = SendNotificationChannelVerificationCodeRequest;

            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str("struct google.monitoring.v3.SendNotificationChannelVerificationCodeRequest")
            }

            fn visit_map<V>(self, mut map_: V) -> std::result::Result<SendNotificationChannelVerificationCodeRequest, V::Error>
                where
                    V: serde::de::MapAccess<'de>,
            {
                let mut name__ = None;
                while let Some(k) = map_.next_key()? {
                    match k {
                        GeneratedField::Name => {
                            if name__.is_some() {
                                return Err(serde::de::Error::duplicate_field("name"));
                            }
                            name__ = Some(map_.next_value()?);
                        }
                        GeneratedField::__SkipField__ => {
                            let _ = map_.next_value::<serde::de::IgnoredAny>()?;
                        }
                    }
                }
                Ok(SendNotificationChannelVerificationCodeRequest {
                    name: name__.unwrap_or_default(),
                })
            }
        }
        deserializer.deserialize_struct("google.monitoring.v3.SendNotificationChannelVerificationCodeRequest", FIELDS, GeneratedVisitor)
    }
}
impl serde::Serialize for Service {
    #[allow(deprecated)]
    fn serialize<S>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error>
    where
        S: serde::Serializer,
    {
        use serde::ser::SerializeStruct;
        let mut len = 0;
        if !self.name.is_empty() {
            len += 1;
        }
        if !self.display_name.is_empty() {
            len += 1;
        }
        if self.basic_service.is_some() {
            len += 1;
        }
        if self.telemetry.is_some() {
            len += 1;
        }
        if !self.user_labels.is_empty() {
            len += 1;
        }
        if self.identifier.is_some() {
            len += 1;
        }
        let mut struct_ser = serializer.serialize_struct("google.monitoring.v3.Service", len)?;
        if !self.name.is_empty() {
            struct_ser.serialize_field("name", &self.name)?;
        }
        if !self.display_name.is_empty() {
            struct_ser.serialize_field("displayName", &self.display_name)?;
        }
        if let Some(v) = self.basic_service.as_ref() {
            struct_ser.serialize_field("basicService", v)?;
        }
        if let Some(v) = self.telemetry.as_ref() {
            struct_ser.serialize_field("telemetry", v)?;
        }
        if !self.user_labels.is_empty() {
            struct_ser.serialize_field("userLabels", &self.user_labels)?;
        }
        if let Some(v) = self.identifier.as_ref() {
            match v {
                service::Identifier::Custom(v) => {
                    struct_ser.serialize_field("custom", v)?;
                }
                service::Identifier::AppEngine(v) => {
                    struct_ser.serialize_field("appEngine", v)?;
                }
                service::Identifier::CloudEndpoints(v) => {
                    struct_ser.serialize_field("cloudEndpoints", v)?;
                }
                service::Identifier::ClusterIstio(v) => {
                    struct_ser.serialize_field("clusterIstio", v)?;
                }
                service::Identifier::MeshIstio(v) => {
                    struct_ser.serialize_field("meshIstio", v)?;
                }
                service::Identifier::IstioCanonicalService(v) => {
                    struct_ser.serialize_field("istioCanonicalService", v)?;
                }
                service::Identifier::CloudRun(v) => {
                    struct_ser.serialize_field("cloudRun", v)?;
                }
                service::Identifier::GkeNamespace(v) => {
                    struct_ser.serialize_field("gkeNamespace", v)?;
                }
                service::Identifier::GkeWorkload(v) => {
                    struct_ser.serialize_field("gkeWorkload", v)?;
                }
                service::Identifier::GkeService(v) => {
                    struct_ser.serialize_field("gkeService", v)?;
                }
            }
        }
        struct_ser.end()
    }
}
impl<'de> serde::Deserialize<'de> for Service {
    #[allow(deprecated)]
    fn deserialize<D>(deserializer: D) -> std::result::Result<Self, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        const FIELDS: &[&str] = &[
            "name",
            "display_name",
            "displayName",
            "basic_service",
            "basicService",
            "telemetry",
            "user_labels",
            "userLabels",
            "custom",
            "app_engine",
            "appEngine",
            "cloud_endpoints",
            "cloudEndpoints",
            "cluster_istio",
            "clusterIstio",
            "mesh_istio",
            "meshIstio",
            "istio_canonical_service",
            "istioCanonicalService",
            "cloud_run",
            "cloudRun",
            "gke_namespace",
            "gkeNamespace",
            "gke_workload",
            "gkeWorkload",
            "gke_service",
            "gkeService",
        ];

        #[allow(clippy::enum_variant_names)]
        enum GeneratedField {
            Name,
            DisplayName,
            BasicService,
            Telemetry,
            UserLabels,
            Custom,
            AppEngine,
            CloudEndpoints,
            ClusterIstio,
            MeshIstio,
            IstioCanonicalService,
            CloudRun,
            GkeNamespace,
            GkeWorkload,
            GkeService,
            __SkipField__,
        }
        impl<'de> serde::Deserialize<'de> for GeneratedField {
            fn deserialize<D>(deserializer: D) -> std::result::Result<GeneratedField, D::Error>
            where
                D: serde::Deserializer<'de>,
            {
                struct GeneratedVisitor;

                impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
                    type Value = GeneratedField;

                    fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        write!(formatter, "expected one of: {:?}", &FIELDS)
                    }

                    #[allow(unused_variables)]
                    fn visit_str<E>(self, value: &str) -> std::result::Result<GeneratedField, E>
                    where
                        E: serde::de::Error,
                    {
                        match value {
                            "name" => Ok(GeneratedField::Name),
                            "displayName" | "display_name" => Ok(GeneratedField::DisplayName),
                            "basicService" | "basic_service" => Ok(GeneratedField::BasicService),
                            "telemetry" => Ok(GeneratedField::Telemetry),
                            "userLabels" | "user_labels" => Ok(GeneratedField::UserLabels),
                            "custom" => Ok(GeneratedField::Custom),
                            "appEngine" | "app_engine" => Ok(GeneratedField::AppEngine),
                            "cloudEndpoints" | "cloud_endpoints" => Ok(GeneratedField::CloudEndpoints),
                            "clusterIstio" | "cluster_istio" => Ok(GeneratedField::ClusterIstio),
                            "meshIstio" | "mesh_istio" => Ok(GeneratedField::MeshIstio),
                            "istioCanonicalService" | "istio_canonical_service" => Ok(GeneratedField::IstioCanonicalService),
                            "cloudRun" | "cloud_run" => Ok(GeneratedField::CloudRun),
                            "gkeNamespace" | "gke_namespace" => Ok(GeneratedField::GkeNamespace),
                            "gkeWorkload" | "gke_workload" => Ok(GeneratedField::GkeWorkload),
                            "gkeService" | "gke_service" => Ok(GeneratedField::GkeService),
                            _ => Ok(GeneratedField::__SkipField__),
                        }
                    }
                }
                deserializer.deserialize_identifier(GeneratedVisitor)
            }
        }
        struct GeneratedVisitor;
        impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
            type Value = Service;

            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str("struct google.monitoring.v3.Service")
            }

            fn visit_map<V>(self, mut map_: V) -> std::result::Result<Service, V::Error>
                where
                    V: serde::de::MapAccess<'de>,
            {
                let mut name__ = None;
                let mut display_name__ = None;
                let mut basic_service__ = None;
                let mut telemetry__ = None;
                let mut user_labels__ = None;
                let mut identifier__ = None;
                while let Some(k) = map_.next_key()? {
                    match k {
                        GeneratedField::Name => {
                            if name__.is_some() {
                                return Err(serde::de::Error::duplicate_field("name"));
                            }
                            name__ = Some(map_.next_value()?);
                        }
                        GeneratedField::DisplayName => {
                            if display_name__.is_some() {
                                return Err(serde::de::Error::duplicate_field("displayName"));
                            }
                            display_name__ = Some(map_.next_value()?);
                        }
                        GeneratedField::BasicService => {
                            if basic_service__.is_some() {
                                return Err(serde::de::Error::duplicate_field("basicService"));
                            }
                            basic_service__ = map_.next_value()?;
                        }
                        GeneratedField::Telemetry => {
                            if telemetry__.is_some() {
                                return Err(serde::de::Error::duplicate_field("telemetry"));
                            }
                            telemetry__ = map_.next_value()?;
                        }
                        GeneratedField::UserLabels => {
                            if user_labels__.is_some() {
                                return Err(serde::de::Error::duplicate_field("userLabels"));
                            }
                            user_labels__ = Some(
                                map_.next_value::<std::collections::HashMap<_, _>>()?
                            );
                        }
                        GeneratedField::Custom => {
                            if identifier__.is_some() {
                                return Err(serde::de::Error::duplicate_field("custom"));
                            }
                            identifier__ = map_.next_value::<::std::option::Option<_>>()?.map(service::Identifier::Custom)
;
                        }
                        GeneratedField::AppEngine => {
                            if identifier__.is_some() {
                                return Err(serde::de::Error::duplicate_field("appEngine"));
                            }
                            identifier__ = map_.next_value::<::std::option::Option<_>>()?.map(service::Identifier::AppEngine)
;
                        }
                        GeneratedField::CloudEndpoints => {
                            if identifier__.is_some() {
                                return Err(serde::de::Error::duplicate_field("cloudEndpoints"));
                            }
                            identifier__ = map_.next_value::<::std::option::Option<_>>()?.map(service::Identifier::CloudEndpoints)
;
                        }
                        GeneratedField::ClusterIstio => {
                            if identifier__.is_some() {
                                return Err(serde::de::Error::duplicate_field("clusterIstio"));
                            }
                            identifier__ = map_.next_value::<::std::option::Option<_>>()?.map(service::Identifier::ClusterIstio)
;
                        }
                        GeneratedField::MeshIstio => {
                            if identifier__.is_some() {
                                return Err(serde::de::Error::duplicate_field("meshIstio"));
                            }
                            identifier__ = map_.next_value::<::std::option::Option<_>>()?.map(service::Identifier::MeshIstio)
;
                        }
                        GeneratedField::IstioCanonicalService => {
                            if identifier__.is_some() {
                                return Err(serde::de::Error::duplicate_field("istioCanonicalService"));
                            }
                            identifier__ = map_.next_value::<::std::option::Option<_>>()?.map(service::Identifier::IstioCanonicalService)
;
                        }
                        GeneratedField::CloudRun => {
                            if identifier__.is_some() {
                                return Err(serde::de::Error::duplicate_field("cloudRun"));
                            }
                            identifier__ = map_.next_value::<::std::option::Option<_>>()?.map(service::Identifier::CloudRun)
;
                        }
                        GeneratedField::GkeNamespace => {
                            if identifier__.is_some() {
                                return Err(serde::de::Error::duplicate_field("gkeNamespace"));
                            }
                            identifier__ = map_.next_value::<::std::option::Option<_>>()?.map(service::Identifier::GkeNamespace)
;
                        }
                        GeneratedField::GkeWorkload => {
                            if identifier__.is_some() {
                                return Err(serde::de::Error::duplicate_field("gkeWorkload"));
                            }
                            identifier__ = map_.next_value::<::std::option::Option<_>>()?.map(service::Identifier::GkeWorkload)
;
                        }
                        GeneratedField::GkeService => {
                            if identifier__.is_some() {
                                return Err(serde::de::Error::duplicate_field("gkeService"));
                            }
                            identifier__ = map_.next_value::<::std::option::Option<_>>()?.map(service::Identifier::GkeService)
;
                        }
                        GeneratedField::__SkipField__ => {
                            let _ = map_.next_value::<serde::de::IgnoredAny>()?;
                        }
                    }
                }
                Ok(Service {
                    name: name__.unwrap_or_default(),
                    display_name: display_name__.unwrap_or_default(),
                    basic_service: basic_service__,
                    telemetry: telemetry__,
                    user_labels: user_labels__.unwrap_or_default(),
                    identifier: identifier__,
                })
            }
        }
        deserializer.deserialize_struct("google.monitoring.v3.Service", FIELDS, GeneratedVisitor)
    }
}
impl serde::Serialize for service::AppEngine {
    #[allow(deprecated)]
    fn serialize<S>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error>
    where
        S: serde::Serializer,
    {
        use serde::ser::SerializeStruct;
        let mut len = 0;
        if !self.module_id.is_empty() {
            len += 1;
        }
        let mut struct_ser = serializer.serialize_struct("google.monitoring.v3.Service.AppEngine", len)?;
        if !self.module_id.is_empty() {
            struct_ser.serialize_field("moduleId", &self.module_id)?;
        }
        struct_ser.end()
    }
}
impl<'de> serde::Deserialize<'de> for service::AppEngine {
    #[allow(deprecated)]
    fn deserialize<D>(deserializer: D) -> std::result::Result<Self, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        const FIELDS: &[&str] = &[
            "module_id",
            "moduleId",
        ];

        #[allow(clippy::enum_variant_names)]
        enum GeneratedField {
            ModuleId,
            __SkipField__,
        }
        impl<'de> serde::Deserialize<'de> for GeneratedField {
            fn deserialize<D>(deserializer: D) -> std::result::Result<GeneratedField, D::Error>
            where
                D: serde::Deserializer<'de>,
            {
                struct GeneratedVisitor;

                impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
                    type Value = GeneratedField;

                    fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        write!(formatter, "expected one of: {:?}", &FIELDS)
                    }

                    #[allow(unused_variables)]
                    fn visit_str<E>(self, value: &str) -> std::result::Result<GeneratedField, E>
                    where
                        E: serde::de::Error,
                    {
                        match value {
                            "moduleId" | "module_id" => Ok(GeneratedField::ModuleId),
                            _ => Ok(GeneratedField::__SkipField__),
                        }
                    }
                }
                deserializer.deserialize_identifier(GeneratedVisitor)
            }
        }
        struct GeneratedVisitor;
        impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
            type Value = service::AppEngine;

            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str("struct google.monitoring.v3.Service.AppEngine")
            }

            fn visit_map<V>(self, mut map_: V) -> std::result::Result<service::AppEngine, V::Error>
                where
                    V: serde::de::MapAccess<'de>,
            {
                let mut module_id__ = None;
                while let Some(k) = map_.next_key()? {
                    match k {
                        GeneratedField::ModuleId => {
                            if module_id__.is_some() {
                                return Err(serde::de::Error::duplicate_field("moduleId"));
                            }
                            module_id__ = Some(map_.next_value()?);
                        }
                        GeneratedField::__SkipField__ => {
                            let _ = map_.next_value::<serde::de::IgnoredAny>()?;
                        }
                    }
                }
                Ok(service::AppEngine {
                    module_id: module_id__.unwrap_or_default(),
                })
            }
        }
        deserializer.deserialize_struct("google.monitoring.v3.Service.AppEngine", FIELDS, GeneratedVisitor)
    }
}
impl serde::Serialize for service::BasicService {
    #[allow(deprecated)]
    fn serialize<S>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error>
    where
        S: serde::Serializer,
    {
        use serde::ser::SerializeStruct;
        let mut len = 0;
        if !self.service_type.is_empty() {
            len += 1;
        }
        if !self.service_labels.is_empty() {
            len += 1;
        }
        let mut struct_ser = serializer.serialize_struct("google.monitoring.v3.Service.BasicService", len)?;
        if !self.service_type.is_empty() {
            struct_ser.serialize_field("serviceType", &self.service_type)?;
        }
        if !self.service_labels.is_empty() {
            struct_ser.serialize_field("serviceLabels", &self.service_labels)?;
        }
        struct_ser.end()
    }
}
impl<'de> serde::Deserialize<'de> for service::BasicService {
    #[allow(deprecated)]
    fn deserialize<D>(deserializer: D) -> std::result::Result<Self, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        const FIELDS: &[&str] = &[
            "service_type",
            "serviceType",
            "service_labels",
            "serviceLabels",
        ];

        #[allow(clippy::enum_variant_names)]
        enum GeneratedField {
            ServiceType,
            ServiceLabels,
            __SkipField__,
        }
        impl<'de> serde::Deserialize<'de> for GeneratedField {
            fn deserialize<D>(deserializer: D) -> std::result::Result<GeneratedField, D::Error>
            where
                D: serde::Deserializer<'de>,
            {
                struct GeneratedVisitor;

                impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
                    type Value = GeneratedField;

                    fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        write!(formatter, "expected one of: {:?}", &FIELDS)
                    }

                    #[allow(unused_variables)]
                    fn visit_str<E>(self, value: &str) -> std::result::Result<GeneratedField, E>
                    where
                        E: serde::de::Error,
                    {
                        match value {
                            "serviceType" | "service_type" => Ok(GeneratedField::ServiceType),
                            "serviceLabels" | "service_labels" => Ok(GeneratedField::ServiceLabels),
                            _ => Ok(GeneratedField::__SkipField__),
                        }
                    }
                }
                deserializer.deserialize_identifier(GeneratedVisitor)
            }
        }
        struct GeneratedVisitor;
        impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
            type Value = service::BasicService;

            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str("struct google.monitoring.v3.Service.BasicService")
            }

            fn visit_map<V>(self, mut map_: V) -> std::result::Result<service::BasicService, V::Error>
                where
                    V: serde::de::MapAccess<'de>,
            {
                let mut service_type__ = None;
                let mut service_labels__ = None;
                while let Some(k) = map_.next_key()? {
                    match k {
                        GeneratedField::ServiceType => {
                            if service_type__.is_some() {
                                return Err(serde::de::Error::duplicate_field("serviceType"));
                            }
                            service_type__ = Some(map_.next_value()?);
                        }
                        GeneratedField::ServiceLabels => {
                            if service_labels__.is_some() {
                                return Err(serde::de::Error::duplicate_field("serviceLabels"));
                            }
                            service_labels__ = Some(
                                map_.next_value::<std::collections::HashMap<_, _>>()?
                            );
                        }
                        GeneratedField::__SkipField__ => {
                            let _ = map_.next_value::<serde::de::IgnoredAny>()?;
                        }
                    }
                }
                Ok(service::BasicService {
                    service_type: service_type__.unwrap_or_default(),
                    service_labels: service_labels__.unwrap_or_default(),
                })
            }
        }
        deserializer.deserialize_struct("google.monitoring.v3.Service.BasicService", FIELDS, GeneratedVisitor)
    }
}
impl serde::Serialize for service::CloudEndpoints {
    #[allow(deprecated)]
    fn serialize<S>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error>
    where
        S: serde::Serializer,
    {
        use serde::ser::SerializeStruct;
        let mut len = 0;
        if !self.service.is_empty() {
            len += 1;
        }
        let mut struct_ser = serializer.serialize_struct("google.monitoring.v3.Service.CloudEndpoints", len)?;
        if !self.service.is_empty() {
            struct_ser.serialize_field("service", &self.service)?;
        }
        struct_ser.end()
    }
}
impl<'de> serde::Deserialize<'de> for service::CloudEndpoints {
    #[allow(deprecated)]
    fn deserialize<D>(deserializer: D) -> std::result::Result<Self, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        const FIELDS: &[&str] = &[
            "service",
        ];

        #[allow(clippy::enum_variant_names)]
        enum GeneratedField {
            Service,
            __SkipField__,
        }
        impl<'de> serde::Deserialize<'de> for GeneratedField {
            fn deserialize<D>(deserializer: D) -> std::result::Result<GeneratedField, D::Error>
            where
                D: serde::Deserializer<'de>,
            {
                struct GeneratedVisitor;

                impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
                    type Value = GeneratedField;

                    fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        write!(formatter, "expected one of: {:?}", &FIELDS)
                    }

                    #[allow(unused_variables)]
                    fn visit_str<E>(self, value: &str) -> std::result::Result<GeneratedField, E>
                    where
                        E: serde::de::Error,
                    {
                        match value {
                            "service" => Ok(GeneratedField::Service),
                            _ => Ok(GeneratedField::__SkipField__),
                        }
                    }
                }
                deserializer.deserialize_identifier(GeneratedVisitor)
            }
        }
        struct GeneratedVisitor;
        impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
            type Value = service::CloudEndpoints;

            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str("struct google.monitoring.v3.Service.CloudEndpoints")
            }

            fn visit_map<V>(self, mut map_: V) -> std::result::Result<service::CloudEndpoints, V::Error>
                where
                    V: serde::de::MapAccess<'de>,
            {
                let mut service__ = None;
                while let Some(k) = map_.next_key()? {
                    match k {
                        GeneratedField::Service => {
                            if service__.is_some() {
                                return Err(serde::de::Error::duplicate_field("service"));
                            }
                            service__ = Some(map_.next_value()?);
                        }
                        GeneratedField::__SkipField__ => {
                            let _ = map_.next_value::<serde::de::IgnoredAny>()?;
                        }
                    }
                }
                Ok(service::CloudEndpoints {
                    service: service__.unwrap_or_default(),
                })
            }
        }
        deserializer.deserialize_struct("google.monitoring.v3.Service.CloudEndpoints", FIELDS, GeneratedVisitor)
    }
}
impl serde::Serialize for service::CloudRun {
    #[allow(deprecated)]
    fn serialize<S>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error>
    where
        S: serde::Serializer,
    {
        use serde::ser::SerializeStruct;
        let mut len = 0;
        if !self.service_name.is_empty() {
            len += 1;
        }
        if !self.location.is_empty() {
            len += 1;
        }
        let mut struct_ser = serializer.serialize_struct("google.monitoring.v3.Service.CloudRun", len)?;
        if !self.service_name.is_empty() {
            struct_ser.serialize_field("serviceName", &self.service_name)?;
        }
        if !self.location.is_empty() {
            struct_ser.serialize_field("location", &self.location)?;
        }
        struct_ser.end()
    }
}
impl<'de> serde::Deserialize<'de> for service::CloudRun {
    #[allow(deprecated)]
    fn deserialize<D>(deserializer: D) -> std::result::Result<Self, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        const FIELDS: &[&str] = &[
            "service_name",
            "serviceName",
            "location",
        ];

        #[allow(clippy::enum_variant_names)]
        enum GeneratedField {
            ServiceName,
            Location,
            __SkipField__,
        }
        impl<'de> serde::Deserialize<'de> for GeneratedField {
            fn deserialize<D>(deserializer: D) -> std::result::Result<GeneratedField, D::Error>
            where
                D: serde::Deserializer<'de>,
            {
                struct GeneratedVisitor;

                impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
                    type Value = GeneratedField;

                    fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        write!(formatter, "expected one of: {:?}", &FIELDS)
                    }

                    #[allow(unused_variables)]
                    fn visit_str<E>(self, value: &str) -> std::result::Result<GeneratedField, E>
                    where
                        E: serde::de::Error,
                    {
                        match value {
                            "serviceName" | "service_name" => Ok(GeneratedField::ServiceName),
                            "location" => Ok(GeneratedField::Location),
                            _ => Ok(GeneratedField::__SkipField__),
                        }
                    }
                }
                deserializer.deserialize_identifier(GeneratedVisitor)
            }
        }
        struct GeneratedVisitor;
        impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
            type Value = service::CloudRun;

            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str("struct google.monitoring.v3.Service.CloudRun")
            }

            fn visit_map<V>(self, mut map_: V) -> std::result::Result<service::CloudRun, V::Error>
                where
                    V: serde::de::MapAccess<'de>,
            {
                let mut service_name__ = None;
                let mut location__ = None;
                while let Some(k) = map_.next_key()? {
                    match k {
                        GeneratedField::ServiceName => {
                            if service_name__.is_some() {
                                return Err(serde::de::Error::duplicate_field("serviceName"));
                            }
                            service_name__ = Some(map_.next_value()?);
                        }
                        GeneratedField::Location => {
                            if location__.is_some() {
                                return Err(serde::de::Error::duplicate_field("location"));
                            }
                            location__ = Some(map_.next_value()?);
                        }
                        GeneratedField::__SkipField__ => {
                            let _ = map_.next_value::<serde::de::IgnoredAny>()?;
                        }
                    }
                }
                Ok(service::CloudRun {
                    service_name: service_name__.unwrap_or_default(),
                    location: location__.unwrap_or_default(),
                })
            }
        }
        deserializer.deserialize_struct("google.monitoring.v3.Service.CloudRun", FIELDS, GeneratedVisitor)
    }
}
impl serde::Serialize for service::ClusterIstio {
    #[allow(deprecated)]
    fn serialize<S>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error>
    where
        S: serde::Serializer,
    {
        use serde::ser::SerializeStruct;
        let mut len = 0;
        if !self.location.is_empty() {
            len += 1;
        }
        if !self.cluster_name.is_empty() {
            len += 1;
        }
        if !self.service_namespace.is_empty() {
            len += 1;
        }
        if !self.service_name.is_empty() {
            len += 1;
        }
        let mut struct_ser = serializer.serialize_struct("google.monitoring.v3.Service.ClusterIstio", len)?;
        if !self.location.is_empty() {
            struct_ser.serialize_field("location", &self.location)?;
        }
        if !self.cluster_name.is_empty() {
            struct_ser.serialize_field("clusterName", &self.cluster_name)?;
        }
        if !self.service_namespace.is_empty() {
            struct_ser.serialize_field("serviceNamespace", &self.service_namespace)?;
        }
        if !self.service_name.is_empty() {
            struct_ser.serialize_field("serviceName", &self.service_name)?;
        }
        struct_ser.end()
    }
}
impl<'de> serde::Deserialize<'de> for service::ClusterIstio {
    #[allow(deprecated)]
    fn deserialize<D>(deserializer: D) -> std::result::Result<Self, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        const FIELDS: &[&str] = &[
            "location",
            "cluster_name",
            "clusterName",
            "service_namespace",
            "serviceNamespace",
            "service_name",
            "serviceName",
        ];

        #[allow(clippy::enum_variant_names)]
        enum GeneratedField {
            Location,
            ClusterName,
            ServiceNamespace,
            ServiceName,
            __SkipField__,
        }
        impl<'de> serde::Deserialize<'de> for GeneratedField {
            fn deserialize<D>(deserializer: D) -> std::result::Result<GeneratedField, D::Error>
            where
                D: serde::Deserializer<'de>,
            {
                struct GeneratedVisitor;

                impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
                    type Value = GeneratedField;

                    fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        write!(formatter, "expected one of: {:?}", &FIELDS)
                    }

                    #[allow(unused_variables)]
                    fn visit_str<E>(self, value: &str) -> std::result::Result<GeneratedField, E>
                    where
                        E: serde::de::Error,
                    {
                        match value {
                            "location" => Ok(GeneratedField::Location),
                            "clusterName" | "cluster_name" => Ok(GeneratedField::ClusterName),
                            "serviceNamespace" | "service_namespace" => Ok(GeneratedField::ServiceNamespace),
                            "serviceName" | "service_name" => Ok(GeneratedField::ServiceName),
                            _ => Ok(GeneratedField::__SkipField__),
                        }
                    }
                }
                deserializer.deserialize_identifier(GeneratedVisitor)
            }
        }
        struct GeneratedVisitor;
        impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
            type Value = service::ClusterIstio;

            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str("struct google.monitoring.v3.Service.ClusterIstio")
            }

            fn visit_map<V>(self, mut map_: V) -> std::result::Result<service::ClusterIstio, V::Error>
                where
                    V: serde::de::MapAccess<'de>,
            {
                let mut location__ = None;
                let mut cluster_name__ = None;
                let mut service_namespace__ = None;
                let mut service_name__ = None;
                while let Some(k) = map_.next_key()? {
                    match k {
                        GeneratedField::Location => {
                            if location__.is_some() {
                                return Err(serde::de::Error::duplicate_field("location"));
                            }
                            location__ = Some(map_.next_value()?);
                        }
                        GeneratedField::ClusterName => {
                            if cluster_name__.is_some() {
                                return Err(serde::de::Error::duplicate_field("clusterName"));
                            }
                            cluster_name__ = Some(map_.next_value()?);
                        }
                        GeneratedField::ServiceNamespace => {
                            if service_namespace__.is_some() {
                                return Err(serde::de::Error::duplicate_field("serviceNamespace"));
                            }
                            service_namespace__ = Some(map_.next_value()?);
                        }
                        GeneratedField::ServiceName => {
                            if service_name__.is_some() {
                                return Err(serde::de::Error::duplicate_field("serviceName"));
                            }
                            service_name__ = Some(map_.next_value()?);
                        }
                        GeneratedField::__SkipField__ => {
                            let _ = map_.next_value::<serde::de::IgnoredAny>()?;
                        }
                    }
                }
                Ok(service::ClusterIstio {
                    location: location__.unwrap_or_default(),
                    cluster_name: cluster_name__.unwrap_or_default(),
                    service_namespace: service_namespace__.unwrap_or_default(),
                    service_name: service_name__.unwrap_or_default(),
                })
            }
        }
        deserializer.deserialize_struct("google.monitoring.v3.Service.ClusterIstio", FIELDS, GeneratedVisitor)
    }
}
impl serde::Serialize for service::Custom {
    #[allow(deprecated)]
    fn serialize<S>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error>
    where
        S: serde::Serializer,
    {
        use serde::ser::SerializeStruct;
        let len = 0;
        let struct_ser = serializer.serialize_struct("google.monitoring.v3.Service.Custom", len)?;
        struct_ser.end()
    }
}
impl<'de> serde::Deserialize<'de> for service::Custom {
    #[allow(deprecated)]
    fn deserialize<D>(deserializer: D) -> std::result::Result<Self, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        const FIELDS: &[&str] = &[
        ];

        #[allow(clippy::enum_variant_names)]
        enum GeneratedField {
            __SkipField__,
        }
        impl<'de> serde::Deserialize<'de> for GeneratedField {
            fn deserialize<D>(deserializer: D) -> std::result::Result<GeneratedField, D::Error>
            where
                D: serde::Deserializer<'de>,
            {
                struct GeneratedVisitor;

                impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
                    type Value = GeneratedField;

                    fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        write!(formatter, "expected one of: {:?}", &FIELDS)
                    }

                    #[allow(unused_variables)]
                    fn visit_str<E>(self, value: &str) -> std::result::Result<GeneratedField, E>
                    where
                        E: serde::de::Error,
                    {
                            Ok(GeneratedField::__SkipField__)
                    }
                }
                deserializer.deserialize_identifier(GeneratedVisitor)
            }
        }
        struct GeneratedVisitor;
        impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
            type Value = service::Custom;

            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str("struct google.monitoring.v3.Service.Custom")
            }

            fn visit_map<V>(self, mut map_: V) -> std::result::Result<service::Custom, V::Error>
                where
                    V: serde::de::MapAccess<'de>,
            {
                while map_.next_key::<GeneratedField>()?.is_some() {
                    let _ = map_.next_value::<serde::de::IgnoredAny>()?;
                }
                Ok(service::Custom {
                })
            }
        }
        deserializer.deserialize_struct("google.monitoring.v3.Service.Custom", FIELDS, GeneratedVisitor)
    }
}
impl serde::Serialize for service::GkeNamespace {
    #[allow(deprecated)]
    fn serialize<S>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error>
    where
        S: serde::Serializer,
    {
        use serde::ser::SerializeStruct;
        let mut len = 0;
        if !self.project_id.is_empty() {
            len += 1;
        }
        if !self.location.is_empty() {
            len += 1;
        }
        if !self.cluster_name.is_empty() {
            len += 1;
        }
        if !self.namespace_name.is_empty() {
            len += 1;
        }
        let mut struct_ser = serializer.serialize_struct("google.monitoring.v3.Service.GkeNamespace", len)?;
        if !self.project_id.is_empty() {
            struct_ser.serialize_field("projectId", &self.project_id)?;
        }
        if !self.location.is_empty() {
            struct_ser.serialize_field("location", &self.location)?;
        }
        if !self.cluster_name.is_empty() {
            struct_ser.serialize_field("clusterName", &self.cluster_name)?;
        }
        if !self.namespace_name.is_empty() {
            struct_ser.serialize_field("namespaceName", &self.namespace_name)?;
        }
        struct_ser.end()
    }
}
impl<'de> serde::Deserialize<'de> for service::GkeNamespace {
    #[allow(deprecated)]
    fn deserialize<D>(deserializer: D) -> std::result::Result<Self, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        const FIELDS: &[&str] = &[
            "project_id",
            "projectId",
            "location",
            "cluster_name",
            "clusterName",
            "namespace_name",
            "namespaceName",
        ];

        #[allow(clippy::enum_variant_names)]
        enum GeneratedField {
            ProjectId,
            Location,
            ClusterName,
            NamespaceName,
            __SkipField__,
        }
        impl<'de> serde::Deserialize<'de> for GeneratedField {
            fn deserialize<D>(deserializer: D) -> std::result::Result<GeneratedField, D::Error>
            where
                D: serde::Deserializer<'de>,
            {
                struct GeneratedVisitor;

                impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
                    type Value = GeneratedField;

                    fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        write!(formatter, "expected one of: {:?}", &FIELDS)
                    }

                    #[allow(unused_variables)]
                    fn visit_str<E>(self, value: &str) -> std::result::Result<GeneratedField, E>
                    where
                        E: serde::de::Error,
                    {
                        match value {
                            "projectId" | "project_id" => Ok(GeneratedField::ProjectId),
                            "location" => Ok(GeneratedField::Location),
                            "clusterName" | "cluster_name" => Ok(GeneratedField::ClusterName),
                            "namespaceName" | "namespace_name" => Ok(GeneratedField::NamespaceName),
                            _ => Ok(GeneratedField::__SkipField__),
                        }
                    }
                }
                deserializer.deserialize_identifier(GeneratedVisitor)
            }
        }
        struct GeneratedVisitor;
        impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
            type Value = service::GkeNamespace;

            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str("struct google.monitoring.v3.Service.GkeNamespace")
            }

            fn visit_map<V>(self, mut map_: V) -> std::result::Result<service::GkeNamespace, V::Error>
                where
                    V: serde::de::MapAccess<'de>,
            {
                let mut project_id__ = None;
                let mut location__ = None;
                let mut cluster_name__ = None;
                let mut namespace_name__ = None;
                while let Some(k) = map_.next_key()? {
                    match k {
                        GeneratedField::ProjectId => {
                            if project_id__.is_some() {
                                return Err(serde::de::Error::duplicate_field("projectId"));
                            }
                            project_id__ = Some(map_.next_value()?);
                        }
                        GeneratedField::Location => {
                            if location__.is_some() {
                                return Err(serde::de::Error::duplicate_field("location"));
                            }
                            location__ = Some(map_.next_value()?);
                        }
                        GeneratedField::ClusterName => {
                            if cluster_name__.is_some() {
                                return Err(serde::de::Error::duplicate_field("clusterName"));
                            }
                            cluster_name__ = Some(map_.next_value()?);
                        }
                        GeneratedField::NamespaceName => {
                            if namespace_name__.is_some() {
                                return Err(serde::de::Error::duplicate_field("namespaceName"));
                            }
                            namespace_name__ = Some(map_.next_value()?);
                        }
                        GeneratedField::__SkipField__ => {
                            let _ = map_.next_value::<serde::de::IgnoredAny>()?;
                        }
                    }
                }
                Ok(service::GkeNamespace {
                    project_id: project_id__.unwrap_or_default(),
                    location: location__.unwrap_or_default(),
                    cluster_name: cluster_name__.unwrap_or_default(),
                    namespace_name: namespace_name__.unwrap_or_default(),
                })
            }
        }
        deserializer.deserialize_struct("google.monitoring.v3.Service.GkeNamespace", FIELDS, GeneratedVisitor)
    }
}
impl serde::Serialize for service::GkeService {
    #[allow(deprecated)]
    fn serialize<S>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error>
    where
        S: serde::Serializer,
    {
        use serde::ser::SerializeStruct;
        let mut len = 0;
        if !self.project_id.is_empty() {
            len += 1;
        }
        if !self.location.is_empty() {
            len += 1;
        }
        if !self.cluster_name.is_empty() {
            len += 1;
        }
        if !self.namespace_name.is_empty() {
            len += 1;
        }
        if !self.service_name.is_empty() {
            len += 1;
        }
        let mut struct_ser = serializer.serialize_struct("google.monitoring.v3.Service.GkeService", len)?;
        if !self.project_id.is_empty() {
            struct_ser.serialize_field("projectId", &self.project_id)?;
        }
        if !self.location.is_empty() {
            struct_ser.serialize_field("location", &self.location)?;
        }
        if !self.cluster_name.is_empty() {
            struct_ser.serialize_field("clusterName", &self.cluster_name)?;
        }
        if !self.namespace_name.is_empty() {
            struct_ser.serialize_field("namespaceName", &self.namespace_name)?;
        }
        if !self.service_name.is_empty() {
            struct_ser.serialize_field("serviceName", &self.service_name)?;
        }
        struct_ser.end()
    }
}
impl<'de> serde::Deserialize<'de> for service::GkeService {
    #[allow(deprecated)]
    fn deserialize<D>(deserializer: D) -> std::result::Result<Self, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        const FIELDS: &[&str] = &[
            "project_id",
            "projectId",
            "location",
            "cluster_name",
            "clusterName",
            "namespace_name",
            "namespaceName",
            "service_name",
            "serviceName",
        ];

        #[allow(clippy::enum_variant_names)]
        enum GeneratedField {
            ProjectId,
            Location,
            ClusterName,
            NamespaceName,
            ServiceName,
            __SkipField__,
        }
        impl<'de> serde::Deserialize<'de> for GeneratedField {
            fn deserialize<D>(deserializer: D) -> std::result::Result<GeneratedField, D::Error>
            where
                D: serde::Deserializer<'de>,
            {
                struct GeneratedVisitor;

                impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
                    type Value = GeneratedField;

                    fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        write!(formatter, "expected one of: {:?}", &FIELDS)
                    }

                    #[allow(unused_variables)]
                    fn visit_str<E>(self, value: &str) -> std::result::Result<GeneratedField, E>
                    where
                        E: serde::de::Error,
                    {
                        match value {
                            "projectId" | "project_id" => Ok(GeneratedField::ProjectId),
                            "location" => Ok(GeneratedField::Location),
                            "clusterName" | "cluster_name" => Ok(GeneratedField::ClusterName),
                            "namespaceName" | "namespace_name" => Ok(GeneratedField::NamespaceName),
                            "serviceName" | "service_name" => Ok(GeneratedField::ServiceName),
                            _ => Ok(GeneratedField::__SkipField__),
                        }
                    }
                }
                deserializer.deserialize_identifier(GeneratedVisitor)
            }
        }
        struct GeneratedVisitor;
        impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
            type Value = service::GkeService;

            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str("struct google.monitoring.v3.Service.GkeService")
            }

            fn visit_map<V>(self, mut map_: V) -> std::result::Result<service::GkeService, V::Error>
                where
                    V: serde::de::MapAccess<'de>,
            {
                let mut project_id__ = None;
                let mut location__ = None;
                let mut cluster_name__ = None;
                let mut namespace_name__ = None;
                let mut service_name__ = None;
                while let Some(k) = map_.next_key()? {
                    match k {
                        GeneratedField::ProjectId => {
                            if project_id__.is_some() {
                                return Err(serde::de::Error::duplicate_field("projectId"));
                            }
                            project_id__ = Some(map_.next_value()?);
                        }
                        GeneratedField::Location => {
                            if location__.is_some() {
                                return Err(serde::de::Error::duplicate_field("location"));
                            }
                            location__ = Some(map_.next_value()?);
                        }
                        GeneratedField::ClusterName => {
                            if cluster_name__.is_some() {
                                return Err(serde::de::Error::duplicate_field("clusterName"));
                            }
                            cluster_name__ = Some(map_.next_value()?);
                        }
                        GeneratedField::NamespaceName => {
                            if namespace_name__.is_some() {
                                return Err(serde::de::Error::duplicate_field("namespaceName"));
                            }
                            namespace_name__ = Some(map_.next_value()?);
                        }
                        GeneratedField::ServiceName => {
                            if service_name__.is_some() {
                                return Err(serde::de::Error::duplicate_field("serviceName"));
                            }
                            service_name__ = Some(map_.next_value()?);
                        }
                        GeneratedField::__SkipField__ => {
                            let _ = map_.next_value::<serde::de::IgnoredAny>()?;
                        }
                    }
                }
                Ok(service::GkeService {
                    project_id: project_id__.unwrap_or_default(),
                    location: location__.unwrap_or_default(),
                    cluster_name: cluster_name__.unwrap_or_default(),
                    namespace_name: namespace_name__.unwrap_or_default(),
                    service_name: service_name__.unwrap_or_default(),
                })
            }
        }
        deserializer.deserialize_struct("google.monitoring.v3.Service.GkeService", FIELDS, GeneratedVisitor)
    }
}
impl serde::Serialize for service::GkeWorkload {
    #[allow(deprecated)]
    fn serialize<S>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error>
    where
        S: serde::Serializer,
    {
        use serde::ser::SerializeStruct;
        let mut len = 0;
        if !self.project_id.is_empty() {
            len += 1;
        }
        if !self.location.is_empty() {
            len += 1;
        }
        if !self.cluster_name.is_empty() {
            len += 1;
        }
        if !self.namespace_name.is_empty() {
            len += 1;
        }
        if !self.top_level_controller_type.is_empty() {
            len += 1;
        }
        if !self.top_level_controller_name.is_empty() {
            len += 1;
        }
        let mut struct_ser = serializer.serialize_struct("google.monitoring.v3.Service.GkeWorkload", len)?;
        if !self.project_id.is_empty() {
            struct_ser.serialize_field("projectId", &self.project_id)?;
        }
        if !self.location.is_empty() {
            struct_ser.serialize_field("location", &self.location)?;
        }
        if !self.cluster_name.is_empty() {
            struct_ser.serialize_field("clusterName", &self.cluster_name)?;
        }
        if !self.namespace_name.is_empty() {
            struct_ser.serialize_field("namespaceName", &self.namespace_name)?;
        }
        if !self.top_level_controller_type.is_empty() {
            struct_ser.serialize_field("topLevelControllerType", &self.top_level_controller_type)?;
        }
        if !self.top_level_controller_name.is_empty() {
            struct_ser.serialize_field("topLevelControllerName", &self.top_level_controller_name)?;
        }
        struct_ser.end()
    }
}
impl<'de> serde::Deserialize<'de> for service::GkeWorkload {
    #[allow(deprecated)]
    fn deserialize<D>(deserializer: D) -> std::result::Result<Self, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        const FIELDS: &[&str] = &[
            "project_id",
            "projectId",
            "location",
            "cluster_name",
            "clusterName",
            "namespace_name",
            "namespaceName",
            "top_level_controller_type",
            "topLevelControllerType",
            "top_level_controller_name",
            "topLevelControllerName",
        ];

        #[allow(clippy::enum_variant_names)]
        enum GeneratedField {
            ProjectId,
            Location,
            ClusterName,
            NamespaceName,
            TopLevelControllerType,
            TopLevelControllerName,
            __SkipField__,
        }
        impl<'de> serde::Deserialize<'de> for GeneratedField {
            fn deserialize<D>(deserializer: D) -> std::result::Result<GeneratedField, D::Error>
            where
                D: serde::Deserializer<'de>,
            {
                struct GeneratedVisitor;

                impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
                    type Value = GeneratedField;

                    fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        write!(formatter, "expected one of: {:?}", &FIELDS)
                    }

                    #[allow(unused_variables)]
                    fn visit_str<E>(self, value: &str) -> std::result::Result<GeneratedField, E>
                    where
                        E: serde::de::Error,
                    {
                        match value {
                            "projectId" | "project_id" => Ok(GeneratedField::ProjectId),
                            "location" => Ok(GeneratedField::Location),
                            "clusterName" | "cluster_name" => Ok(GeneratedField::ClusterName),
                            "namespaceName" | "namespace_name" => Ok(GeneratedField::NamespaceName),
                            "topLevelControllerType" | "top_level_controller_type" => Ok(GeneratedField::TopLevelControllerType),
                            "topLevelControllerName" | "top_level_controller_name" => Ok(GeneratedField::TopLevelControllerName),
                            _ => Ok(GeneratedField::__SkipField__),
                        }
                    }
                }
                deserializer.deserialize_identifier(GeneratedVisitor)
            }
        }
        struct GeneratedVisitor;
        impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
            type Value = service::GkeWorkload;

            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str("struct google.monitoring.v3.Service.GkeWorkload")
            }

            fn visit_map<V>(self, mut map_: V) -> std::result::Result<service::GkeWorkload, V::Error>
                where
                    V: serde::de::MapAccess<'de>,
            {
                let mut project_id__ = None;
                let mut location__ = None;
                let mut cluster_name__ = None;
                let mut namespace_name__ = None;
                let mut top_level_controller_type__ = None;
                let mut top_level_controller_name__ = None;
                while let Some(k) = map_.next_key()? {
                    match k {
                        GeneratedField::ProjectId => {
                            if project_id__.is_some() {
                                return Err(serde::de::Error::duplicate_field("projectId"));
                            }
                            project_id__ = Some(map_.next_value()?);
                        }
                        GeneratedField::Location => {
                            if location__.is_some() {
                                return Err(serde::de::Error::duplicate_field("location"));
                            }
                            location__ = Some(map_.next_value()?);
                        }
                        GeneratedField::ClusterName => {
                            if cluster_name__.is_some() {
                                return Err(serde::de::Error::duplicate_field("clusterName"));
                            }
                            cluster_name__ = Some(map_.next_value()?);
                        }
                        GeneratedField::NamespaceName => {
                            if namespace_name__.is_some() {
                                return Err(serde::de::Error::duplicate_field("namespaceName"));
                            }
                            namespace_name__ = Some(map_.next_value()?);
                        }
                        GeneratedField::TopLevelControllerType => {
                            if top_level_controller_type__.is_some() {
                                return Err(serde::de::Error::duplicate_field("topLevelControllerType"));
                            }
                            top_level_controller_type__ = Some(map_.next_value()?);
                        }
                        GeneratedField::TopLevelControllerName => {
                            if top_level_controller_name__.is_some() {
                                return Err(serde::de::Error::duplicate_field("topLevelControllerName"));
                            }
                            top_level_controller_name__ = Some(map_.next_value()?);
                        }
                        GeneratedField::__SkipField__ => {
                            let _ = map_.next_value::<serde::de::IgnoredAny>()?;
                        }
                    }
                }
                Ok(service::GkeWorkload {
                    project_id: project_id__.unwrap_or_default(),
                    location: location__.unwrap_or_default(),
                    cluster_name: cluster_name__.unwrap_or_default(),
                    namespace_name: namespace_name__.unwrap_or_default(),
                    top_level_controller_type: top_level_controller_type__.unwrap_or_default(),
                    top_level_controller_name: top_level_controller_name__.unwrap_or_default(),
                })
            }
        }
        deserializer.deserialize_struct("google.monitoring.v3.Service.GkeWorkload", FIELDS, GeneratedVisitor)
    }
}
impl serde::Serialize for service::IstioCanonicalService {
    #[allow(deprecated)]
    fn serialize<S>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error>
    where
        S: serde::Serializer,
    {
        use serde::ser::SerializeStruct;
        let mut len = 0;
        if !self.mesh_uid.is_empty() {
            len += 1;
        }
        if !self.canonical_service_namespace.is_empty() {
            len += 1;
        }
        if !self.canonical_service.is_empty() {
            len += 1;
        }
        let mut struct_ser = serializer.serialize_struct("google.monitoring.v3.Service.IstioCanonicalService", len)?;
        if !self.mesh_uid.is_empty() {
            struct_ser.serialize_field("meshUid", &self.mesh_uid)?;
        }
        if !self.canonical_service_namespace.is_empty() {
            struct_ser.serialize_field("canonicalServiceNamespace", &self.canonical_service_namespace)?;
        }
        if !self.canonical_service.is_empty() {
            struct_ser.serialize_field("canonicalService", &self.canonical_service)?;
        }
        struct_ser.end()
    }
}
impl<'de> serde::Deserialize<'de> for service::IstioCanonicalService {
    #[allow(deprecated)]
    fn deserialize<D>(deserializer: D) -> std::result::Result<Self, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        const FIELDS: &[&str] = &[
            "mesh_uid",
            "meshUid",
            "canonical_service_namespace",
            "canonicalServiceNamespace",
            "canonical_service",
            "canonicalService",
        ];

        #[allow(clippy::enum_variant_names)]
        enum GeneratedField {
            MeshUid,
            CanonicalServiceNamespace,
            CanonicalService,
            __SkipField__,
        }
        impl<'de> serde::Deserialize<'de> for GeneratedField {
            fn deserialize<D>(deserializer: D) -> std::result::Result<GeneratedField, D::Error>
            where
                D: serde::Deserializer<'de>,
            {
                struct GeneratedVisitor;

                impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
                    type Value = GeneratedField;

                    fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        write!(formatter, "expected one of: {:?}", &FIELDS)
                    }

                    #[allow(unused_variables)]
                    fn visit_str<E>(self, value: &str) -> std::result::Result<GeneratedField, E>
                    where
                        E: serde::de::Error,
                    {
                        match value {
                            "meshUid" | "mesh_uid" => Ok(GeneratedField::MeshUid),
                            "canonicalServiceNamespace" | "canonical_service_namespace" => Ok(GeneratedField::CanonicalServiceNamespace),
                            "canonicalService" | "canonical_service" => Ok(GeneratedField::CanonicalService),
                            _ => Ok(GeneratedField::__SkipField__),
                        }
                    }
                }
                deserializer.deserialize_identifier(GeneratedVisitor)
            }
        }
        struct GeneratedVisitor;
        impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
            type Value = service::IstioCanonicalService;

            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str("struct google.monitoring.v3.Service.IstioCanonicalService")
            }

            fn visit_map<V>(self, mut map_: V) -> std::result::Result<service::IstioCanonicalService, V::Error>
                where
                    V: serde::de::MapAccess<'de>,
            {
                let mut mesh_uid__ = None;
                let mut canonical_service_namespace__ = None;
                let mut canonical_service__ = None;
                while let Some(k) = map_.next_key()? {
                    match k {
                        GeneratedField::MeshUid => {
                            if mesh_uid__.is_some() {
                                return Err(serde::de::Error::duplicate_field("meshUid"));
                            }
                            mesh_uid__ = Some(map_.next_value()?);
                        }
                        GeneratedField::CanonicalServiceNamespace => {
                            if canonical_service_namespace__.is_some() {
                                return Err(serde::de::Error::duplicate_field("canonicalServiceNamespace"));
                            }
                            canonical_service_namespace__ = Some(map_.next_value()?);
                        }
                        GeneratedField::CanonicalService => {
                            if canonical_service__.is_some() {
                                return Err(serde::de::Error::duplicate_field("canonicalService"));
                            }
                            canonical_service__ = Some(map_.next_value()?);
                        }
                        GeneratedField::__SkipField__ => {
                            let _ = map_.next_value::<serde::de::IgnoredAny>()?;
                        }
                    }
                }
                Ok(service::IstioCanonicalService {
                    mesh_uid: mesh_uid__.unwrap_or_default(),
                    canonical_service_namespace: canonical_service_namespace__.unwrap_or_default(),
                    canonical_service: canonical_service__.unwrap_or_default(),
                })
            }
        }
        deserializer.deserialize_struct("google.monitoring.v3.Service.IstioCanonicalService", FIELDS, GeneratedVisitor)
    }
}
impl serde::Serialize for service::MeshIstio {
    #[allow(deprecated)]
    fn serialize<S>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error>
    where
        S: serde::Serializer,
    {
        use serde::ser::SerializeStruct;
        let mut len = 0;
        if !self.mesh_uid.is_empty() {
            len += 1;
        }
        if !self.service_namespace.is_empty() {
            len += 1;
        }
        if !self.service_name.is_empty() {
            len += 1;
        }
        let mut struct_ser = serializer.serialize_struct("google.monitoring.v3.Service.MeshIstio", len)?;
        if !self.mesh_uid.is_empty() {
            struct_ser.serialize_field("meshUid", &self.mesh_uid)?;
        }
        if !self.service_namespace.is_empty() {
            struct_ser.serialize_field("serviceNamespace", &self.service_namespace)?;
        }
        if !self.service_name.is_empty() {
            struct_ser.serialize_field("serviceName", &self.service_name)?;
        }
        struct_ser.end()
    }
}
impl<'de> serde::Deserialize<'de> for service::MeshIstio {
    #[allow(deprecated)]
    fn deserialize<D>(deserializer: D) -> std::result::Result<Self, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        const FIELDS: &[&str] = &[
            "mesh_uid",
            "meshUid",
            "service_namespace",
            "serviceNamespace",
            "service_name",
            "serviceName",
        ];

        #[allow(clippy::enum_variant_names)]
        enum GeneratedField {
            MeshUid,
            ServiceNamespace,
            ServiceName,
            __SkipField__,
        }
        impl<'de> serde::Deserialize<'de> for GeneratedField {
            fn deserialize<D>(deserializer: D) -> std::result::Result<GeneratedField, D::Error>
            where
                D: serde::Deserializer<'de>,
            {
                struct GeneratedVisitor;

                impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
                    type Value = GeneratedField;

                    fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        write!(formatter, "expected one of: {:?}", &FIELDS)
                    }

                    #[allow(unused_variables)]
                    fn visit_str<E>(self, value: &str) -> std::result::Result<GeneratedField, E>
                    where
                        E: serde::de::Error,
                    {
                        match value {
                            "meshUid" | "mesh_uid" => Ok(GeneratedField::MeshUid),
                            "serviceNamespace" | "service_namespace" => Ok(GeneratedField::ServiceNamespace),
                            "serviceName" | "service_name" => Ok(GeneratedField::ServiceName),
                            _ => Ok(GeneratedField::__SkipField__),
                        }
                    }
                }
                deserializer.deserialize_identifier(GeneratedVisitor)
            }
        }
        struct GeneratedVisitor;
        impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
            type Value = service::MeshIstio;

            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str("struct google.monitoring.v3.Service.MeshIstio")
            }

            fn visit_map<V>(self, mut map_: V) -> std::result::Result<service::MeshIstio, V::Error>
                where
                    V: serde::de::MapAccess<'de>,
            {
                let mut mesh_uid__ = None;
                let mut service_namespace__ = None;
                let mut service_name__ = None;
                while let Some(k) = map_.next_key()? {
                    match k {
                        GeneratedField::MeshUid => {
                            if mesh_uid__.is_some() {
                                return Err(serde::de::Error::duplicate_field("meshUid"));
                            }
                            mesh_uid__ = Some(map_.next_value()?);
                        }
                        GeneratedField::ServiceNamespace => {
                            if service_namespace__.is_some() {
                                return Err(serde::de::Error::duplicate_field("serviceNamespace"));
                            }
                            service_namespace__ = Some(map_.next_value()?);
                        }
                        GeneratedField::ServiceName => {
                            if service_name__.is_some() {
                                return Err(serde::de::Error::duplicate_field("serviceName"));
                            }
                            service_name__ = Some(map_.next_value()?);
                        }
                        GeneratedField::__SkipField__ => {
                            let _ = map_.next_value::<serde::de::IgnoredAny>()?;
                        }
                    }
                }
                Ok(service::MeshIstio {
                    mesh_uid: mesh_uid__.unwrap_or_default(),
                    service_namespace: service_namespace__.unwrap_or_default(),
                    service_name: service_name__.unwrap_or_default(),
                })
            }
        }
        deserializer.deserialize_struct("google.monitoring.v3.Service.MeshIstio", FIELDS, GeneratedVisitor)
    }
}
impl serde::Serialize for service::Telemetry {
    #[allow(deprecated)]
    fn serialize<S>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error>
    where
        S: serde::Serializer,
    {
        use serde::ser::SerializeStruct;
        let mut len = 0;
        if !self.resource_name.is_empty() {
            len += 1;
        }
        let mut struct_ser = serializer.serialize_struct("google.monitoring.v3.Service.Telemetry", len)?;
        if !self.resource_name.is_empty() {
            struct_ser.serialize_field("resourceName", &self.resource_name)?;
        }
        struct_ser.end()
    }
}
impl<'de> serde::Deserialize<'de> for service::Telemetry {
    #[allow(deprecated)]
    fn deserialize<D>(deserializer: D) -> std::result::Result<Self, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        const FIELDS: &[&str] = &[
            "resource_name",
            "resourceName",
        ];

        #[allow(clippy::enum_variant_names)]
        enum GeneratedField {
            ResourceName,
            __SkipField__,
        }
        impl<'de> serde::Deserialize<'de> for GeneratedField {
            fn deserialize<D>(deserializer: D) -> std::result::Result<GeneratedField, D::Error>
            where
                D: serde::Deserializer<'de>,
            {
                struct GeneratedVisitor;

                impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
                    type Value = GeneratedField;

                    fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        write!(formatter, "expected one of: {:?}", &FIELDS)
                    }

                    #[allow(unused_variables)]
                    fn visit_str<E>(self, value: &str) -> std::result::Result<GeneratedField, E>
                    where
                        E: serde::de::Error,
                    {
                        match value {
                            "resourceName" | "resource_name" => Ok(GeneratedField::ResourceName),
                            _ => Ok(GeneratedField::__SkipField__),
                        }
                    }
                }
                deserializer.deserialize_identifier(GeneratedVisitor)
            }
        }
        struct GeneratedVisitor;
        impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
            type Value = service::Telemetry;

            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str("struct google.monitoring.v3.Service.Telemetry")
            }

            fn visit_map<V>(self, mut map_: V) -> std::result::Result<service::Telemetry, V::Error>
                where
                    V: serde::de::MapAccess<'de>,
            {
                let mut resource_name__ = None;
                while let Some(k) = map_.next_key()? {
                    match k {
                        GeneratedField::ResourceName => {
                            if resource_name__.is_some() {
                                return Err(serde::de::Error::duplicate_field("resourceName"));
                            }
                            resource_name__ = Some(map_.next_value()?);
                        }
                        GeneratedField::__SkipField__ => {
                            let _ = map_.next_value::<serde::de::IgnoredAny>()?;
                        }
                    }
                }
                Ok(service::Telemetry {
                    resource_name: resource_name__.unwrap_or_default(),
                })
            }
        }
        deserializer.deserialize_struct("google.monitoring.v3.Service.Telemetry", FIELDS, GeneratedVisitor)
    }
}
impl serde::Serialize for ServiceLevelIndicator {
    #[allow(deprecated)]
    fn serialize<S>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error>
    where
        S: serde::Serializer,
    {
        use serde::ser::SerializeStruct;
        let mut len = 0;
        if self.r#type.is_some() {
            len += 1;
        }
        let mut struct_ser = serializer.serialize_struct("google.monitoring.v3.ServiceLevelIndicator", len)?;
        if let Some(v) = self.r#type.as_ref() {
            match v {
                service_level_indicator::Type::BasicSli(v) => {
                    struct_ser.serialize_field("basicSli", v)?;
                }
                service_level_indicator::Type::RequestBased(v) => {
                    struct_ser.serialize_field("requestBased", v)?;
                }
                service_level_indicator::Type::WindowsBased(v) => {
                    struct_ser.serialize_field("windowsBased", v)?;
                }
            }
        }
        struct_ser.end()
    }
}
impl<'de> serde::Deserialize<'de> for ServiceLevelIndicator {
    #[allow(deprecated)]
    fn deserialize<D>(deserializer: D) -> std::result::Result<Self, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        const FIELDS: &[&str] = &[
            "basic_sli",
            "basicSli",
            "request_based",
            "requestBased",
            "windows_based",
            "windowsBased",
        ];

        #[allow(clippy::enum_variant_names)]
        enum GeneratedField {
            BasicSli,
            RequestBased,
            WindowsBased,
            __SkipField__,
        }
        impl<'de> serde::Deserialize<'de> for GeneratedField {
            fn deserialize<D>(deserializer: D) -> std::result::Result<GeneratedField, D::Error>
            where
                D: serde::Deserializer<'de>,
            {
                struct GeneratedVisitor;

                impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
                    type Value = GeneratedField;

                    fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        write!(formatter, "expected one of: {:?}", &FIELDS)
                    }

                    #[allow(unused_variables)]
                    fn visit_str<E>(self, value: &str) -> std::result::Result<GeneratedField, E>
                    where
                        E: serde::de::Error,
                    {
                        match value {
                            "basicSli" | "basic_sli" => Ok(GeneratedField::BasicSli),
                            "requestBased" | "request_based" => Ok(GeneratedField::RequestBased),
                            "windowsBased" | "windows_based" => Ok(GeneratedField::WindowsBased),
                            _ => Ok(GeneratedField::__SkipField__),
                        }
                    }
                }
                deserializer.deserialize_identifier(GeneratedVisitor)
            }
        }
        struct GeneratedVisitor;
        impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
            type Value = ServiceLevelIndicator;

            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str("struct google.monitoring.v3.ServiceLevelIndicator")
            }

            fn visit_map<V>(self, mut map_: V) -> std::result::Result<ServiceLevelIndicator, V::Error>
                where
                    V: serde::de::MapAccess<'de>,
            {
                let mut r#type__ = None;
                while let Some(k) = map_.next_key()? {
                    match k {
                        GeneratedField::BasicSli => {
                            if r#type__.is_some() {
                                return Err(serde::de::Error::duplicate_field("basicSli"));
                            }
                            r#type__ = map_.next_value::<::std::option::Option<_>>()?.map(service_level_indicator::Type::BasicSli)
;
                        }
                        GeneratedField::RequestBased => {
                            if r#type__.is_some() {
                                return Err(serde::de::Error::duplicate_field("requestBased"));
                            }
                            r#type__ = map_.next_value::<::std::option::Option<_>>()?.map(service_level_indicator::Type::RequestBased)
;
                        }
                        GeneratedField::WindowsBased => {
                            if r#type__.is_some() {
                                return Err(serde::de::Error::duplicate_field("windowsBased"));
                            }
                            r#type__ = map_.next_value::<::std::option::Option<_>>()?.map(service_level_indicator::Type::WindowsBased)
;
                        }
                        GeneratedField::__SkipField__ => {
                            let _ = map_.next_value::<serde::de::IgnoredAny>()?;
                        }
                    }
                }
                Ok(ServiceLevelIndicator {
                    r#type: r#type__,
                })
            }
        }
        deserializer.deserialize_struct("google.monitoring.v3.ServiceLevelIndicator", FIELDS, GeneratedVisitor)
    }
}
impl serde::Serialize for ServiceLevelObjective {
    #[allow(deprecated)]
    fn serialize<S>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error>
    where
        S: serde::Serializer,
    {
        use serde::ser::SerializeStruct;
        let mut len = 0;
        if !self.name.is_empty() {
            len += 1;
        }
        if !self.display_name.is_empty() {
            len += 1;
        }
        if self.service_level_indicator.is_some() {
            len += 1;
        }
        if self.goal != 0. {
            len += 1;
        }
        if !self.user_labels.is_empty() {
            len += 1;
        }
        if self.period.is_some() {
            len += 1;
        }
        let mut struct_ser = serializer.serialize_struct("google.monitoring.v3.ServiceLevelObjective", len)?;
        if !self.name.is_empty() {
            struct_ser.serialize_field("name", &self.name)?;
        }
        if !self.display_name.is_empty() {
            struct_ser.serialize_field("displayName", &self.display_name)?;
        }
        if let Some(v) = self.service_level_indicator.as_ref() {
            struct_ser.serialize_field("serviceLevelIndicator", v)?;
        }
        if self.goal != 0. {
            struct_ser.serialize_field("goal", &self.goal)?;
        }
        if !self.user_labels.is_empty() {
            struct_ser.serialize_field("userLabels", &self.user_labels)?;
        }
        if let Some(v) = self.period.as_ref() {
            match v {
                service_level_objective::Period::RollingPeriod(v) => {
                    struct_ser.serialize_field("rollingPeriod", v)?;
                }
                service_level_objective::Period::CalendarPeriod(v) => {
                    let v = super::super::r#type::CalendarPeriod::try_from(*v)
                        .map_err(|_| serde::ser::Error::custom(format!("Invalid variant {}", *v)))?;
                    struct_ser.serialize_field("calendarPeriod", &v)?;
                }
            }
        }
        struct_ser.end()
    }
}
impl<'de> serde::Deserialize<'de> for ServiceLevelObjective {
    #[allow(deprecated)]
    fn deserialize<D>(deserializer: D) -> std::result::Result<Self, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        const FIELDS: &[&str] = &[
            "name",
            "display_name",
            "displayName",
            "service_level_indicator",
            "serviceLevelIndicator",
            "goal",
            "user_labels",
            "userLabels",
            "rolling_period",
            "rollingPeriod",
            "calendar_period",
            "calendarPeriod",
        ];

        #[allow(clippy::enum_variant_names)]
        enum GeneratedField {
            Name,
            DisplayName,
            ServiceLevelIndicator,
            Goal,
            UserLabels,
            RollingPeriod,
            CalendarPeriod,
            __SkipField__,
        }
        impl<'de> serde::Deserialize<'de> for GeneratedField {
            fn deserialize<D>(deserializer: D) -> std::result::Result<GeneratedField, D::Error>
            where
                D: serde::Deserializer<'de>,
            {
                struct GeneratedVisitor;

                impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
                    type Value = GeneratedField;

                    fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        write!(formatter, "expected one of: {:?}", &FIELDS)
                    }

                    #[allow(unused_variables)]
                    fn visit_str<E>(self, value: &str) -> std::result::Result<GeneratedField, E>
                    where
                        E: serde::de::Error,
                    {
                        match value {
                            "name" => Ok(GeneratedField::Name),
                            "displayName" | "display_name" => Ok(GeneratedField::DisplayName),
                            "serviceLevelIndicator" | "service_level_indicator" => Ok(GeneratedField::ServiceLevelIndicator),
                            "goal" => Ok(GeneratedField::Goal),
                            "userLabels" | "user_labels" => Ok(GeneratedField::UserLabels),
                            "rollingPeriod" | "rolling_period" => Ok(GeneratedField::RollingPeriod),
                            "calendarPeriod" | "calendar_period" => Ok(GeneratedField::CalendarPeriod),
                            _ => Ok(GeneratedField::__SkipField__),
                        }
                    }
                }
                deserializer.deserialize_identifier(GeneratedVisitor)
            }
        }
        struct GeneratedVisitor;
        impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
            type Value = ServiceLevelObjective;

            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str("struct google.monitoring.v3.ServiceLevelObjective")
            }

            fn visit_map<V>(self, mut map_: V) -> std::result::Result<ServiceLevelObjective, V::Error>
                where
                    V: serde::de::MapAccess<'de>,
            {
                let mut name__ = None;
                let mut display_name__ = None;
                let mut service_level_indicator__ = None;
                let mut goal__ = None;
                let mut user_labels__ = None;
                let mut period__ = None;
                while let Some(k) = map_.next_key()? {
                    match k {
                        GeneratedField::Name => {
                            if name__.is_some() {
                                return Err(serde::de::Error::duplicate_field("name"));
                            }
                            name__ = Some(map_.next_value()?);
                        }
                        GeneratedField::DisplayName => {
                            if display_name__.is_some() {
                                return Err(serde::de::Error::duplicate_field("displayName"));
                            }
                            display_name__ = Some(map_.next_value()?);
                        }
                        GeneratedField::ServiceLevelIndicator => {
                            if service_level_indicator__.is_some() {
                                return Err(serde::de::Error::duplicate_field("serviceLevelIndicator"));
                            }
                            service_level_indicator__ = map_.next_value()?;
                        }
                        GeneratedField::Goal => {
                            if goal__.is_some() {
                                return Err(serde::de::Error::duplicate_field("goal"));
                            }
                            goal__ = 
                                Some(map_.next_value::<::pbjson::private::NumberDeserialize<_>>()?.0)
                            ;
                        }
                        GeneratedField::UserLabels => {
                            if user_labels__.is_some() {
                                return Err(serde::de::Error::duplicate_field("userLabels"));
                            }
                            user_labels__ = Some(
                                map_.next_value::<std::collections::HashMap<_, _>>()?
                            );
                        }
                        GeneratedField::RollingPeriod => {
                            if period__.is_some() {
                                return Err(serde::de::Error::duplicate_field("rollingPeriod"));
                            }
                            period__ = map_.next_value::<::std::option::Option<_>>()?.map(service_level_objective::Period::RollingPeriod)
;
                        }
                        GeneratedField::CalendarPeriod => {
                            if period__.is_some() {
                                return Err(serde::de::Error::duplicate_field("calendarPeriod"));
                            }
                            period__ = map_.next_value::<::std::option::Option<super::super::r#type::CalendarPeriod>>()?.map(|x| service_level_objective::Period::CalendarPeriod(x as i32));
                        }
                        GeneratedField::__SkipField__ => {
                            let _ = map_.next_value::<serde::de::IgnoredAny>()?;
                        }
                    }
                }
                Ok(ServiceLevelObjective {
                    name: name__.unwrap_or_default(),
                    display_name: display_name__.unwrap_or_default(),
                    service_level_indicator: service_level_indicator__,
                    goal: goal__.unwrap_or_default(),
                    user_labels: user_labels__.unwrap_or_default(),
                    period: period__,
                })
            }
        }
        deserializer.deserialize_struct("google.monitoring.v3.ServiceLevelObjective", FIELDS, GeneratedVisitor)
    }
}
impl serde::Serialize for service_level_objective::View {
    #[allow(deprecated)]
    fn serialize<S>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error>
    where
        S: serde::Serializer,
    {
        let variant = match self {
            Self::Unspecified => "VIEW_UNSPECIFIED",
            Self::Full => "FULL",
            Self::Explicit => "EXPLICIT",
        };
        serializer.serialize_str(variant)
    }
}
impl<'de> serde::Deserialize<'de> for service_level_objective::View {
    #[allow(deprecated)]
    fn deserialize<D>(deserializer: D) -> std::result::Result<Self, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        const FIELDS: &[&str] = &[
            "VIEW_UNSPECIFIED",
            "FULL",
            "EXPLICIT",
        ];

        struct GeneratedVisitor;

        impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
            type Value = service_level_objective::View;

            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                write!(formatter, "expected one of: {:?}", &FIELDS)
            }

            fn visit_i64<E>(self, v: i64) -> std::result::Result<Self::Value, E>
            where
                E: serde::de::Error,
            {
                i32::try_from(v)
                    .ok()
                    .and_then(|x| x.try_into().ok())
                    .ok_or_else(|| {
                        serde::de::Error::invalid_value(serde::de::Unexpected::Signed(v), &self)
                    })
            }

            fn visit_u64<E>(self, v: u64) -> std::result::Result<Self::Value, E>
            where
                E: serde::de::Error,
            {
                i32::try_from(v)
                    .ok()
                    .and_then(|x| x.try_into().ok())
                    .ok_or_else(|| {
                        serde::de::Error::invalid_value(serde::de::Unexpected::Unsigned(v), &self)
                    })
            }

            fn visit_str<E>(self, value: &str) -> std::result::Result<Self::Value, E>
            where
                E: serde::de::Error,
            {
                match value {
                    "VIEW_UNSPECIFIED" => Ok(service_level_objective::View::Unspecified),
                    "FULL" => Ok(service_level_objective::View::Full),
                    "EXPLICIT" => Ok(service_level_objective::View::Explicit),
                    _ => Err(serde::de::Error::unknown_variant(value, FIELDS)),
                }
            }
        }
        deserializer.deserialize_any(GeneratedVisitor)
    }
}
impl serde::Serialize for ServiceTier {
    #[allow(deprecated)]
    fn serialize<S>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error>
    where
        S: serde::Serializer,
    {
        let variant = match self {
            Self::Unspecified => "SERVICE_TIER_UNSPECIFIED",
            Self::Basic => "SERVICE_TIER_BASIC",
            Self::Premium => "SERVICE_TIER_PREMIUM",
        };
        serializer.serialize_str(variant)
    }
}
impl<'de> serde::Deserialize<'de> for ServiceTier {
    #[allow(deprecated)]
    fn deserialize<D>(deserializer: D) -> std::result::Result<Self, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        const FIELDS: &[&str] = &[
            "SERVICE_TIER_UNSPECIFIED",
            "SERVICE_TIER_BASIC",
            "SERVICE_TIER_PREMIUM",
        ];

        struct GeneratedVisitor;

        impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
            type Value = ServiceTier;

            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                write!(formatter, "expected one of: {:?}", &FIELDS)
            }

            fn visit_i64<E>(self, v: i64) -> std::result::Result<Self::Value, E>
            where
                E: serde::de::Error,
            {
                i32::try_from(v)
                    .ok()
                    .and_then(|x| x.try_into().ok())
                    .ok_or_else(|| {
                        serde::de::Error::invalid_value(serde::de::Unexpected::Signed(v), &self)
                    })
            }

            fn visit_u64<E>(self, v: u64) -> std::result::Result<Self::Value, E>
            where
                E: serde::de::Error,
            {
                i32::try_from(v)
                    .ok()
                    .and_then(|x| x.try_into().ok())
                    .ok_or_else(|| {
                        serde::de::Error::invalid_value(serde::de::Unexpected::Unsigned(v), &self)
                    })
            }

            fn visit_str<E>(self, value: &str) -> std::result::Result<Self::Value, E>
            where
                E: serde::de::Error,
            {
                match value {
                    "SERVICE_TIER_UNSPECIFIED" => Ok(ServiceTier::Unspecified),
                    "SERVICE_TIER_BASIC" => Ok(ServiceTier::Basic),
                    "SERVICE_TIER_PREMIUM" => Ok(ServiceTier::Premium),
                    _ => Err(serde::de::Error::unknown_variant(value, FIELDS)),
                }
            }
        }
        deserializer.deserialize_any(GeneratedVisitor)
    }
}
impl serde::Serialize for TextLocator {
    #[allow(deprecated)]
    fn serialize<S>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error>
    where
        S: serde::Serializer,
    {
        use serde::ser::SerializeStruct;
        let mut len = 0;
        if !self.source.is_empty() {
            len += 1;
        }
        if self.start_position.is_some() {
            len += 1;
        }
        if self.end_position.is_some() {
            len += 1;
        }
        if self.nested_locator.is_some() {
            len += 1;
        }
        if !self.nesting_reason.is_empty() {
            len += 1;
        }
        let mut struct_ser = serializer.serialize_struct("google.monitoring.v3.TextLocator", len)?;
        if !self.source.is_empty() {
            struct_ser.serialize_field("source", &self.source)?;
        }
        if let Some(v) = self.start_position.as_ref() {
            struct_ser.serialize_field("startPosition", v)?;
        }
        if let Some(v) = self.end_position.as_ref() {
            struct_ser.serialize_field("endPosition", v)?;
        }
        if let Some(v) = self.nested_locator.as_ref() {
            struct_ser.serialize_field("nestedLocator", v)?;
        }
        if !self.nesting_reason.is_empty() {
            struct_ser.serialize_field("nestingReason", &self.nesting_reason)?;
        }
        struct_ser.end()
    }
}
impl<'de> serde::Deserialize<'de> for TextLocator {
    #[allow(deprecated)]
    fn deserialize<D>(deserializer: D) -> std::result::Result<Self, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        const FIELDS: &[&str] = &[
            "source",
            "start_position",
            "startPosition",
            "end_position",
            "endPosition",
            "nested_locator",
            "nestedLocator",
            "nesting_reason",
            "nestingReason",
        ];

        #[allow(clippy::enum_variant_names)]
        enum GeneratedField {
            Source,
            StartPosition,
            EndPosition,
            NestedLocator,
            NestingReason,
            __SkipField__,
        }
        impl<'de> serde::Deserialize<'de> for GeneratedField {
            fn deserialize<D>(deserializer: D) -> std::result::Result<GeneratedField, D::Error>
            where
                D: serde::Deserializer<'de>,
            {
                struct GeneratedVisitor;

                impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
                    type Value = GeneratedField;

                    fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        write!(formatter, "expected one of: {:?}", &FIELDS)
                    }

                    #[allow(unused_variables)]
                    fn visit_str<E>(self, value: &str) -> std::result::Result<GeneratedField, E>
                    where
                        E: serde::de::Error,
                    {
                        match value {
                            "source" => Ok(GeneratedField::Source),
                            "startPosition" | "start_position" => Ok(GeneratedField::StartPosition),
                            "endPosition" | "end_position" => Ok(GeneratedField::EndPosition),
                            "nestedLocator" | "nested_locator" => Ok(GeneratedField::NestedLocator),
                            "nestingReason" | "nesting_reason" => Ok(GeneratedField::NestingReason),
                            _ => Ok(GeneratedField::__SkipField__),
                        }
                    }
                }
                deserializer.deserialize_identifier(GeneratedVisitor)
            }
        }
        struct GeneratedVisitor;
        impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
            type Value = TextLocator;

            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str("struct google.monitoring.v3.TextLocator")
            }

            fn visit_map<V>(self, mut map_: V) -> std::result::Result<TextLocator, V::Error>
                where
                    V: serde::de::MapAccess<'de>,
            {
                let mut source__ = None;
                let mut start_position__ = None;
                let mut end_position__ = None;
                let mut nested_locator__ = None;
                let mut nesting_reason__ = None;
                while let Some(k) = map_.next_key()? {
                    match k {
                        GeneratedField::Source => {
                            if source__.is_some() {
                                return Err(serde::de::Error::duplicate_field("source"));
                            }
                            source__ = Some(map_.next_value()?);
                        }
                        GeneratedField::StartPosition => {
                            if start_position__.is_some() {
                                return Err(serde::de::Error::duplicate_field("startPosition"));
                            }
                            start_position__ = map_.next_value()?;
                        }
                        GeneratedField::EndPosition => {
                            if end_position__.is_some() {
                                return Err(serde::de::Error::duplicate_field("endPosition"));
                            }
                            end_position__ = map_.next_value()?;
                        }
                        GeneratedField::NestedLocator => {
                            if nested_locator__.is_some() {
                                return Err(serde::de::Error::duplicate_field("nestedLocator"));
                            }
                            nested_locator__ = map_.next_value()?;
                        }
                        GeneratedField::NestingReason => {
                            if nesting_reason__.is_some() {
                                return Err(serde::de::Error::duplicate_field("nestingReason"));
                            }
                            nesting_reason__ = Some(map_.next_value()?);
                        }
                        GeneratedField::__SkipField__ => {
                            let _ = map_.next_value::<serde::de::IgnoredAny>()?;
                        }
                    }
                }
                Ok(TextLocator {
                    source: source__.unwrap_or_default(),
                    start_position: start_position__,
                    end_position: end_position__,
                    nested_locator: nested_locator__,
                    nesting_reason: nesting_reason__.unwrap_or_default(),
                })
            }
        }
        deserializer.deserialize_struct("google.monitoring.v3.TextLocator", FIELDS, GeneratedVisitor)
    }
}
impl serde::Serialize for text_locator::Position {
    #[allow(deprecated)]
    fn serialize<S>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error>
    where
        S: serde::Serializer,
    {
        use serde::ser::SerializeStruct;
        let mut len = 0;
        if self.line != 0 {
            len += 1;
        }
        if self.column != 0 {
            len += 1;
        }
        let mut struct_ser = serializer.serialize_struct("google.monitoring.v3.TextLocator.Position", len)?;
        if self.line != 0 {
            struct_ser.serialize_field("line", &self.line)?;
        }
        if self.column != 0 {
            struct_ser.serialize_field("column", &self.column)?;
        }
        struct_ser.end()
    }
}
impl<'de> serde::Deserialize<'de> for text_locator::Position {
    #[allow(deprecated)]
    fn deserialize<D>(deserializer: D) -> std::result::Result<Self, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        const FIELDS: &[&str] = &[
            "line",
            "column",
        ];

        #[allow(clippy::enum_variant_names)]
        enum GeneratedField {
            Line,
            Column,
            __SkipField__,
        }
        impl<'de> serde::Deserialize<'de> for GeneratedField {
            fn deserialize<D>(deserializer: D) -> std::result::Result<GeneratedField, D::Error>
            where
                D: serde::Deserializer<'de>,
            {
                struct GeneratedVisitor;

                impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
                    type Value = GeneratedField;

                    fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        write!(formatter, "expected one of: {:?}", &FIELDS)
                    }

                    #[allow(unused_variables)]
                    fn visit_str<E>(self, value: &str) -> std::result::Result<GeneratedField, E>
                    where
                        E: serde::de::Error,
                    {
                        match value {
                            "line" => Ok(GeneratedField::Line),
                            "column" => Ok(GeneratedField::Column),
                            _ => Ok(GeneratedField::__SkipField__),
                        }
                    }
                }
                deserializer.deserialize_identifier(GeneratedVisitor)
            }
        }
        struct GeneratedVisitor;
        impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
            type Value = text_locator::Position;

            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str("struct google.monitoring.v3.TextLocator.Position")
            }

            fn visit_map<V>(self, mut map_: V) -> std::result::Result<text_locator::Position, V::Error>
                where
                    V: serde::de::MapAccess<'de>,
            {
                let mut line__ = None;
                let mut column__ = None;
                while let Some(k) = map_.next_key()? {
                    match k {
                        GeneratedField::Line => {
                            if line__.is_some() {
                                return Err(serde::de::Error::duplicate_field("line"));
                            }
                            line__ = 
                                Some(map_.next_value::<::pbjson::private::NumberDeserialize<_>>()?.0)
                            ;
                        }
                        GeneratedField::Column => {
                            if column__.is_some() {
                                return Err(serde::de::Error::duplicate_field("column"));
                            }
                            column__ = 
                                Some(map_.next_value::<::pbjson::private::NumberDeserialize<_>>()?.0)
                            ;
                        }
                        GeneratedField::__SkipField__ => {
                            let _ = map_.next_value::<serde::de::IgnoredAny>()?;
                        }
                    }
                }
                Ok(text_locator::Position {
                    line: line__.unwrap_or_default(),
                    column: column__.unwrap_or_default(),
                })
            }
        }
        deserializer.deserialize_struct("google.monitoring.v3.TextLocator.Position", FIELDS, GeneratedVisitor)
    }
}
impl serde::Serialize for TimeInterval {
    #[allow(deprecated)]
    fn serialize<S>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error>
    where
        S: serde::Serializer,
    {
        use serde::ser::SerializeStruct;
        let mut len = 0;
        if self.end_time.is_some() {
            len += 1;
        }
        if self.start_time.is_some() {
            len += 1;
        }
        let mut struct_ser = serializer.serialize_struct("google.monitoring.v3.TimeInterval", len)?;
        if let Some(v) = self.end_time.as_ref() {
            struct_ser.serialize_field("endTime", v)?;
        }
        if let Some(v) = self.start_time.as_ref() {
            struct_ser.serialize_field("startTime", v)?;
        }
        struct_ser.end()
    }
}
impl<'de> serde::Deserialize<'de> for TimeInterval {
    #[allow(deprecated)]
    fn deserialize<D>(deserializer: D) -> std::result::Result<Self, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        const FIELDS: &[&str] = &[
            "end_time",
            "endTime",
            "start_time",
            "startTime",
        ];

        #[allow(clippy::enum_variant_names)]
        enum GeneratedField {
            EndTime,
            StartTime,
            __SkipField__,
        }
        impl<'de> serde::Deserialize<'de> for GeneratedField {
            fn deserialize<D>(deserializer: D) -> std::result::Result<GeneratedField, D::Error>
            where
                D: serde::Deserializer<'de>,
            {
                struct GeneratedVisitor;

                impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
                    type Value = GeneratedField;

                    fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        write!(formatter, "expected one of: {:?}", &FIELDS)
                    }

                    #[allow(unused_variables)]
                    fn visit_str<E>(self, value: &str) -> std::result::Result<GeneratedField, E>
                    where
                        E: serde::de::Error,
                    {
                        match value {
                            "endTime" | "end_time" => Ok(GeneratedField::EndTime),
                            "startTime" | "start_time" => Ok(GeneratedField::StartTime),
                            _ => Ok(GeneratedField::__SkipField__),
                        }
                    }
                }
                deserializer.deserialize_identifier(GeneratedVisitor)
            }
        }
        struct GeneratedVisitor;
        impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
            type Value = TimeInterval;

            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str("struct google.monitoring.v3.TimeInterval")
            }

            fn visit_map<V>(self, mut map_: V) -> std::result::Result<TimeInterval, V::Error>
                where
                    V: serde::de::MapAccess<'de>,
            {
                let mut end_time__ = None;
                let mut start_time__ = None;
                while let Some(k) = map_.next_key()? {
                    match k {
                        GeneratedField::EndTime => {
                            if end_time__.is_some() {
                                return Err(serde::de::Error::duplicate_field("endTime"));
                            }
                            end_time__ = map_.next_value()?;
                        }
                        GeneratedField::StartTime => {
                            if start_time__.is_some() {
                                return Err(serde::de::Error::duplicate_field("startTime"));
                            }
                            start_time__ = map_.next_value()?;
                        }
                        GeneratedField::__SkipField__ => {
                            let _ = map_.next_value::<serde::de::IgnoredAny>()?;
                        }
                    }
                }
                Ok(TimeInterval {
                    end_time: end_time__,
                    start_time: start_time__,
                })
            }
        }
        deserializer.deserialize_struct("google.monitoring.v3.TimeInterval", FIELDS, GeneratedVisitor)
    }
}
impl serde::Serialize for TimeSeries {
    #[allow(deprecated)]
    fn serialize<S>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error>
    where
        S: serde::Serializer,
    {
        use serde::ser::SerializeStruct;
        let mut len = 0;
        if self.metric.is_some() {
            len += 1;
        }
        if self.resource.is_some() {
            len += 1;
        }
        if self.metadata.is_some() {
            len += 1;
        }
        if self.metric_kind != 0 {
            len += 1;
        }
        if self.value_type != 0 {
            len += 1;
        }
        if !self.points.is_empty() {
            len += 1;
        }
        if !self.unit.is_empty() {
            len += 1;
        }
        if !self.description.is_empty() {
            len += 1;
        }
        let mut struct_ser = serializer.serialize_struct("google.monitoring.v3.TimeSeries", len)?;
        if let Some(v) = self.metric.as_ref() {
            struct_ser.serialize_field("metric", v)?;
        }
        if let Some(v) = self.resource.as_ref() {
            struct_ser.serialize_field("resource", v)?;
        }
        if let Some(v) = self.metadata.as_ref() {
            struct_ser.serialize_field("metadata", v)?;
        }
        if self.metric_kind != 0 {
            let v = super::super::api::metric_descriptor::MetricKind::try_from(self.metric_kind)
                .map_err(|_| serde::ser::Error::custom(format!("Invalid variant {}", self.metric_kind)))?;
            struct_ser.serialize_field("metricKind", &v)?;
        }
        if self.value_type != 0 {
            let v = super::super::api::metric_descriptor::ValueType::try_from(self.value_type)
                .map_err(|_| serde::ser::Error::custom(format!("Invalid variant {}", self.value_type)))?;
            struct_ser.serialize_field("valueType", &v)?;
        }
        if !self.points.is_empty() {
            struct_ser.serialize_field("points", &self.points)?;
        }
        if !self.unit.is_empty() {
            struct_ser.serialize_field("unit", &self.unit)?;
        }
        if !self.description.is_empty() {
            struct_ser.serialize_field("description", &self.description)?;
        }
        struct_ser.end()
    }
}
impl<'de> serde::Deserialize<'de> for TimeSeries {
    #[allow(deprecated)]
    fn deserialize<D>(deserializer: D) -> std::result::Result<Self, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        const FIELDS: &[&str] = &[
            "metric",
            "resource",
            "metadata",
            "metric_kind",
            "metricKind",
            "value_type",
            "valueType",
            "points",
            "unit",
            "description",
        ];

        #[allow(clippy::enum_variant_names)]
        enum GeneratedField {
            Metric,
            Resource,
            Metadata,
            MetricKind,
            ValueType,
            Points,
            Unit,
            Description,
            __SkipField__,
        }
        impl<'de> serde::Deserialize<'de> for GeneratedField {
            fn deserialize<D>(deserializer: D) -> std::result::Result<GeneratedField, D::Error>
            where
                D: serde::Deserializer<'de>,
            {
                struct GeneratedVisitor;

                impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
                    type Value = GeneratedField;

                    fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        write!(formatter, "expected one of: {:?}", &FIELDS)
                    }

                    #[allow(unused_variables)]
                    fn visit_str<E>(self, value: &str) -> std::result::Result<GeneratedField, E>
                    where
                        E: serde::de::Error,
                    {
                        match value {
                            "metric" => Ok(GeneratedField::Metric),
                            "resource" => Ok(GeneratedField::Resource),
                            "metadata" => Ok(GeneratedField::Metadata),
                            "metricKind" | "metric_kind" => Ok(GeneratedField::MetricKind),
                            "valueType" | "value_type" => Ok(GeneratedField::ValueType),
                            "points" => Ok(GeneratedField::Points),
                            "unit" => Ok(GeneratedField::Unit),
                            "description" => Ok(GeneratedField::Description),
                            _ => Ok(GeneratedField::__SkipField__),
                        }
                    }
                }
                deserializer.deserialize_identifier(GeneratedVisitor)
            }
        }
        struct GeneratedVisitor;
        impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
            type Value = TimeSeries;

            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str("struct google.monitoring.v3.TimeSeries")
            }

            fn visit_map<V>(self, mut map_: V) -> std::result::Result<TimeSeries, V::Error>
                where
                    V: serde::de::MapAccess<'de>,
            {
                let mut metric__ = None;
                let mut resource__ = None;
                let mut metadata__ = None;
                let mut metric_kind__ = None;
                let mut value_type__ = None;
                let mut points__ = None;
                let mut unit__ = None;
                let mut description__ = None;
                while let Some(k) = map_.next_key()? {
                    match k {
                        GeneratedField::Metric => {
                            if metric__.is_some() {
                                return Err(serde::de::Error::duplicate_field("metric"));
                            }
                            metric__ = map_.next_value()?;
                        }
                        GeneratedField::Resource => {
                            if resource__.is_some() {
                                return Err(serde::de::Error::duplicate_field("resource"));
                            }
                            resource__ = map_.next_value()?;
                        }
                        GeneratedField::Metadata => {
                            if metadata__.is_some() {
                                return Err(serde::de::Error::duplicate_field("metadata"));
                            }
                            metadata__ = map_.next_value()?;
                        }
                        GeneratedField::MetricKind => {
                            if metric_kind__.is_some() {
                                return Err(serde::de::Error::duplicate_field("metricKind"));
                            }
                            metric_kind__ = Some(map_.next_value::<super::super::api::metric_descriptor::MetricKind>()? as i32);
                        }
                        GeneratedField::ValueType => {
                            if value_type__.is_some() {
                                return Err(serde::de::Error::duplicate_field("valueType"));
                            }
                            value_type__ = Some(map_.next_value::<super::super::api::metric_descriptor::ValueType>()? as i32);
                        }
                        GeneratedField::Points => {
                            if points__.is_some() {
                                return Err(serde::de::Error::duplicate_field("points"));
                            }
                            points__ = Some(map_.next_value()?);
                        }
                        GeneratedField::Unit => {
                            if unit__.is_some() {
                                return Err(serde::de::Error::duplicate_field("unit"));
                            }
                            unit__ = Some(map_.next_value()?);
                        }
                        GeneratedField::Description => {
                            if description__.is_some() {
                                return Err(serde::de::Error::duplicate_field("description"));
                            }
                            description__ = Some(map_.next_value()?);
                        }
                        GeneratedField::__SkipField__ => {
                            let _ = map_.next_value::<serde::de::IgnoredAny>()?;
                        }
                    }
                }
                Ok(TimeSeries {
                    metric: metric__,
                    resource: resource__,
                    metadata: metadata__,
                    metric_kind: metric_kind__.unwrap_or_default(),
                    value_type: value_type__.unwrap_or_default(),
                    points: points__.unwrap_or_default(),
                    unit: unit__.unwrap_or_default(),
                    description: description__.unwrap_or_default(),
                })
            }
        }
        deserializer.deserialize_struct("google.monitoring.v3.TimeSeries", FIELDS, GeneratedVisitor)
    }
}
impl serde::Serialize for TimeSeriesData {
    #[allow(deprecated)]
    fn serialize<S>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error>
    where
        S: serde::Serializer,
    {
        use serde::ser::SerializeStruct;
        let mut len = 0;
        if !self.label_values.is_empty() {
            len += 1;
        }
        if !self.point_data.is_empty() {
            len += 1;
        }
        let mut struct_ser = serializer.serialize_struct("google.monitoring.v3.TimeSeriesData", len)?;
        if !self.label_values.is_empty() {
            struct_ser.serialize_field("labelValues", &self.label_values)?;
        }
        if !self.point_data.is_empty() {
            struct_ser.serialize_field("pointData", &self.point_data)?;
        }
        struct_ser.end()
    }
}
impl<'de> serde::Deserialize<'de> for TimeSeriesData {
    #[allow(deprecated)]
    fn deserialize<D>(deserializer: D) -> std::result::Result<Self, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        const FIELDS: &[&str] = &[
            "label_values",
            "labelValues",
            "point_data",
            "pointData",
        ];

        #[allow(clippy::enum_variant_names)]
        enum GeneratedField {
            LabelValues,
            PointData,
            __SkipField__,
        }
        impl<'de> serde::Deserialize<'de> for GeneratedField {
            fn deserialize<D>(deserializer: D) -> std::result::Result<GeneratedField, D::Error>
            where
                D: serde::Deserializer<'de>,
            {
                struct GeneratedVisitor;

                impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
                    type Value = GeneratedField;

                    fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        write!(formatter, "expected one of: {:?}", &FIELDS)
                    }

                    #[allow(unused_variables)]
                    fn visit_str<E>(self, value: &str) -> std::result::Result<GeneratedField, E>
                    where
                        E: serde::de::Error,
                    {
                        match value {
                            "labelValues" | "label_values" => Ok(GeneratedField::LabelValues),
                            "pointData" | "point_data" => Ok(GeneratedField::PointData),
                            _ => Ok(GeneratedField::__SkipField__),
                        }
                    }
                }
                deserializer.deserialize_identifier(GeneratedVisitor)
            }
        }
        struct GeneratedVisitor;
        impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
            type Value = TimeSeriesData;

            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str("struct google.monitoring.v3.TimeSeriesData")
            }

            fn visit_map<V>(self, mut map_: V) -> std::result::Result<TimeSeriesData, V::Error>
                where
                    V: serde::de::MapAccess<'de>,
            {
                let mut label_values__ = None;
                let mut point_data__ = None;
                while let Some(k) = map_.next_key()? {
                    match k {
                        GeneratedField::LabelValues => {
                            if label_values__.is_some() {
                                return Err(serde::de::Error::duplicate_field("labelValues"));
                            }
                            label_values__ = Some(map_.next_value()?);
                        }
                        GeneratedField::PointData => {
                            if point_data__.is_some() {
                                return Err(serde::de::Error::duplicate_field("pointData"));
                            }
                            point_data__ = Some(map_.next_value()?);
                        }
                        GeneratedField::__SkipField__ => {
                            let _ = map_.next_value::<serde::de::IgnoredAny>()?;
                        }
                    }
                }
                Ok(TimeSeriesData {
                    label_values: label_values__.unwrap_or_default(),
                    point_data: point_data__.unwrap_or_default(),
                })
            }
        }
        deserializer.deserialize_struct("google.monitoring.v3.TimeSeriesData", FIELDS, GeneratedVisitor)
    }
}
impl serde::Serialize for time_series_data::PointData {
    #[allow(deprecated)]
    fn serialize<S>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error>
    where
        S: serde::Serializer,
    {
        use serde::ser::SerializeStruct;
        let mut len = 0;
        if !self.values.is_empty() {
            len += 1;
        }
        if self.time_interval.is_some() {
            len += 1;
        }
        let mut struct_ser = serializer.serialize_struct("google.monitoring.v3.TimeSeriesData.PointData", len)?;
        if !self.values.is_empty() {
            struct_ser.serialize_field("values", &self.values)?;
        }
        if let Some(v) = self.time_interval.as_ref() {
            struct_ser.serialize_field("timeInterval", v)?;
        }
        struct_ser.end()
    }
}
impl<'de> serde::Deserialize<'de> for time_series_data::PointData {
    #[allow(deprecated)]
    fn deserialize<D>(deserializer: D) -> std::result::Result<Self, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        const FIELDS: &[&str] = &[
            "values",
            "time_interval",
            "timeInterval",
        ];

        #[allow(clippy::enum_variant_names)]
        enum GeneratedField {
            Values,
            TimeInterval,
            __SkipField__,
        }
        impl<'de> serde::Deserialize<'de> for GeneratedField {
            fn deserialize<D>(deserializer: D) -> std::result::Result<GeneratedField, D::Error>
            where
                D: serde::Deserializer<'de>,
            {
                struct GeneratedVisitor;

                impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
                    type Value = GeneratedField;

                    fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        write!(formatter, "expected one of: {:?}", &FIELDS)
                    }

                    #[allow(unused_variables)]
                    fn visit_str<E>(self, value: &str) -> std::result::Result<GeneratedField, E>
                    where
                        E: serde::de::Error,
                    {
                        match value {
                            "values" => Ok(GeneratedField::Values),
                            "timeInterval" | "time_interval" => Ok(GeneratedField::TimeInterval),
                            _ => Ok(GeneratedField::__SkipField__),
                        }
                    }
                }
                deserializer.deserialize_identifier(GeneratedVisitor)
            }
        }
        struct GeneratedVisitor;
        impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
            type Value = time_series_data::PointData;

            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str("struct google.monitoring.v3.TimeSeriesData.PointData")
            }

            fn visit_map<V>(self, mut map_: V) -> std::result::Result<time_series_data::PointData, V::Error>
                where
                    V: serde::de::MapAccess<'de>,
            {
                let mut values__ = None;
                let mut time_interval__ = None;
                while let Some(k) = map_.next_key()? {
                    match k {
                        GeneratedField::Values => {
                            if values__.is_some() {
                                return Err(serde::de::Error::duplicate_field("values"));
                            }
                            values__ = Some(map_.next_value()?);
                        }
                        GeneratedField::TimeInterval => {
                            if time_interval__.is_some() {
                                return Err(serde::de::Error::duplicate_field("timeInterval"));
                            }
                            time_interval__ = map_.next_value()?;
                        }
                        GeneratedField::__SkipField__ => {
                            let _ = map_.next_value::<serde::de::IgnoredAny>()?;
                        }
                    }
                }
                Ok(time_series_data::PointData {
                    values: values__.unwrap_or_default(),
                    time_interval: time_interval__,
                })
            }
        }
        deserializer.deserialize_struct("google.monitoring.v3.TimeSeriesData.PointData", FIELDS, GeneratedVisitor)
    }
}
impl serde::Serialize for TimeSeriesDescriptor {
    #[allow(deprecated)]
    fn serialize<S>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error>
    where
        S: serde::Serializer,
    {
        use serde::ser::SerializeStruct;
        let mut len = 0;
        if !self.label_descriptors.is_empty() {
            len += 1;
        }
        if !self.point_descriptors.is_empty() {
            len += 1;
        }
        let mut struct_ser = serializer.serialize_struct("google.monitoring.v3.TimeSeriesDescriptor", len)?;
        if !self.label_descriptors.is_empty() {
            struct_ser.serialize_field("labelDescriptors", &self.label_descriptors)?;
        }
        if !self.point_descriptors.is_empty() {
            struct_ser.serialize_field("pointDescriptors", &self.point_descriptors)?;
        }
        struct_ser.end()
    }
}
impl<'de> serde::Deserialize<'de> for TimeSeriesDescriptor {
    #[allow(deprecated)]
    fn deserialize<D>(deserializer: D) -> std::result::Result<Self, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        const FIELDS: &[&str] = &[
            "label_descriptors",
            "labelDescriptors",
            "point_descriptors",
            "pointDescriptors",
        ];

        #[allow(clippy::enum_variant_names)]
        enum GeneratedField {
            LabelDescriptors,
            PointDescriptors,
            __SkipField__,
        }
        impl<'de> serde::Deserialize<'de> for GeneratedField {
            fn deserialize<D>(deserializer: D) -> std::result::Result<GeneratedField, D::Error>
            where
                D: serde::Deserializer<'de>,
            {
                struct GeneratedVisitor;

                impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
                    type Value = GeneratedField;

                    fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        write!(formatter, "expected one of: {:?}", &FIELDS)
                    }

                    #[allow(unused_variables)]
                    fn visit_str<E>(self, value: &str) -> std::result::Result<GeneratedField, E>
                    where
                        E: serde::de::Error,
                    {
                        match value {
                            "labelDescriptors" | "label_descriptors" => Ok(GeneratedField::LabelDescriptors),
                            "pointDescriptors" | "point_descriptors" => Ok(GeneratedField::PointDescriptors),
                            _ => Ok(GeneratedField::__SkipField__),
                        }
                    }
                }
                deserializer.deserialize_identifier(GeneratedVisitor)
            }
        }
        struct GeneratedVisitor;
        impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
            type Value = TimeSeriesDescriptor;

            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str("struct google.monitoring.v3.TimeSeriesDescriptor")
            }

            fn visit_map<V>(self, mut map_: V) -> std::result::Result<TimeSeriesDescriptor, V::Error>
                where
                    V: serde::de::MapAccess<'de>,
            {
                let mut label_descriptors__ = None;
                let mut point_descriptors__ = None;
                while let Some(k) = map_.next_key()? {
                    match k {
                        GeneratedField::LabelDescriptors => {
                            if label_descriptors__.is_some() {
                                return Err(serde::de::Error::duplicate_field("labelDescriptors"));
                            }
                            label_descriptors__ = Some(map_.next_value()?);
                        }
                        GeneratedField::PointDescriptors => {
                            if point_descriptors__.is_some() {
                                return Err(serde::de::Error::duplicate_field("pointDescriptors"));
                            }
                            point_descriptors__ = Some(map_.next_value()?);
                        }
                        GeneratedField::__SkipField__ => {
                            let _ = map_.next_value::<serde::de::IgnoredAny>()?;
                        }
                    }
                }
                Ok(TimeSeriesDescriptor {
                    label_descriptors: label_descriptors__.unwrap_or_default(),
                    point_descriptors: point_descriptors__.unwrap_or_default(),
                })
            }
        }
        deserializer.deserialize_struct("google.monitoring.v3.TimeSeriesDescriptor", FIELDS, GeneratedVisitor)
    }
}
impl serde::Serialize for time_series_descriptor::ValueDescriptor {
    #[allow(deprecated)]
    fn serialize<S>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error>
    where
        S: serde::Serializer,
    {
        use serde::ser::SerializeStruct;
        let mut len = 0;
        if !self.key.is_empty() {
            len += 1;
        }
        if self.value_type != 0 {
            len += 1;
        }
        if self.metric_kind != 0 {
            len += 1;
        }
        if !self.unit.is_empty() {
            len += 1;
        }
        let mut struct_ser = serializer.serialize_struct("google.monitoring.v3.TimeSeriesDescriptor.ValueDescriptor", len)?;
        if !self.key.is_empty() {
            struct_ser.serialize_field("key", &self.key)?;
        }
        if self.value_type != 0 {
            let v = super::super::api::metric_descriptor::ValueType::try_from(self.value_type)
                .map_err(|_| serde::ser::Error::custom(format!("Invalid variant {}", self.value_type)))?;
            struct_ser.serialize_field("valueType", &v)?;
        }
        if self.metric_kind != 0 {
            let v = super::super::api::metric_descriptor::MetricKind::try_from(self.metric_kind)
                .map_err(|_| serde::ser::Error::custom(format!("Invalid variant {}", self.metric_kind)))?;
            struct_ser.serialize_field("metricKind", &v)?;
        }
        if !self.unit.is_empty() {
            struct_ser.serialize_field("unit", &self.unit)?;
        }
        struct_ser.end()
    }
}
impl<'de> serde::Deserialize<'de> for time_series_descriptor::ValueDescriptor {
    #[allow(deprecated)]
    fn deserialize<D>(deserializer: D) -> std::result::Result<Self, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        const FIELDS: &[&str] = &[
            "key",
            "value_type",
            "valueType",
            "metric_kind",
            "metricKind",
            "unit",
        ];

        #[allow(clippy::enum_variant_names)]
        enum GeneratedField {
            Key,
            ValueType,
            MetricKind,
            Unit,
            __SkipField__,
        }
        impl<'de> serde::Deserialize<'de> for GeneratedField {
            fn deserialize<D>(deserializer: D) -> std::result::Result<GeneratedField, D::Error>
            where
                D: serde::Deserializer<'de>,
            {
                struct GeneratedVisitor;

                impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
                    type Value = GeneratedField;

                    fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        write!(formatter, "expected one of: {:?}", &FIELDS)
                    }

                    #[allow(unused_variables)]
                    fn visit_str<E>(self, value: &str) -> std::result::Result<GeneratedField, E>
                    where
                        E: serde::de::Error,
                    {
                        match value {
                            "key" => Ok(GeneratedField::Key),
                            "valueType" | "value_type" => Ok(GeneratedField::ValueType),
                            "metricKind" | "metric_kind" => Ok(GeneratedField::MetricKind),
                            "unit" => Ok(GeneratedField::Unit),
                            _ => Ok(GeneratedField::__SkipField__),
                        }
                    }
                }
                deserializer.deserialize_identifier(GeneratedVisitor)
            }
        }
        struct GeneratedVisitor;
        impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
            type Value = time_series_descriptor::ValueDescriptor;

            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str("struct google.monitoring.v3.TimeSeriesDescriptor.ValueDescriptor")
            }

            fn visit_map<V>(self, mut map_: V) -> std::result::Result<time_series_descriptor::ValueDescriptor, V::Error>
                where
                    V: serde::de::MapAccess<'de>,
            {
                let mut key__ = None;
                let mut value_type__ = None;
                let mut metric_kind__ = None;
                let mut unit__ = None;
                while let Some(k) = map_.next_key()? {
                    match k {
                        GeneratedField::Key => {
                            if key__.is_some() {
                                return Err(serde::de::Error::duplicate_field("key"));
                            }
                            key__ = Some(map_.next_value()?);
                        }
                        GeneratedField::ValueType => {
                            if value_type__.is_some() {
                                return Err(serde::de::Error::duplicate_field("valueType"));
                            }
                            value_type__ = Some(map_.next_value::<super::super::api::metric_descriptor::ValueType>()? as i32);
                        }
                        GeneratedField::MetricKind => {
                            if metric_kind__.is_some() {
                                return Err(serde::de::Error::duplicate_field("metricKind"));
                            }
                            metric_kind__ = Some(map_.next_value::<super::super::api::metric_descriptor::MetricKind>()? as i32);
                        }
                        GeneratedField::Unit => {
                            if unit__.is_some() {
                                return Err(serde::de::Error::duplicate_field("unit"));
                            }
                            unit__ = Some(map_.next_value()?);
                        }
                        GeneratedField::__SkipField__ => {
                            let _ = map_.next_value::<serde::de::IgnoredAny>()?;
                        }
                    }
                }
                Ok(time_series_descriptor::ValueDescriptor {
                    key: key__.unwrap_or_default(),
                    value_type: value_type__.unwrap_or_default(),
                    metric_kind: metric_kind__.unwrap_or_default(),
                    unit: unit__.unwrap_or_default(),
                })
            }
        }
        deserializer.deserialize_struct("google.monitoring.v3.TimeSeriesDescriptor.ValueDescriptor", FIELDS, GeneratedVisitor)
    }
}
impl serde::Serialize for TimeSeriesRatio {
    #[allow(deprecated)]
    fn serialize<S>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error>
    where
        S: serde::Serializer,
    {
        use serde::ser::SerializeStruct;
        let mut len = 0;
        if !self.good_service_filter.is_empty() {
            len += 1;
        }
        if !self.bad_service_filter.is_empty() {
            len += 1;
        }
        if !self.total_service_filter.is_empty() {
            len += 1;
        }
        let mut struct_ser = serializer.serialize_struct("google.monitoring.v3.TimeSeriesRatio", len)?;
        if !self.good_service_filter.is_empty() {
            struct_ser.serialize_field("goodServiceFilter", &self.good_service_filter)?;
        }
        if !self.bad_service_filter.is_empty() {
            struct_ser.serialize_field("badServiceFilter", &self.bad_service_filter)?;
        }
        if !self.total_service_filter.is_empty() {
            struct_ser.serialize_field("totalServiceFilter", &self.total_service_filter)?;
        }
        struct_ser.end()
    }
}
impl<'de> serde::Deserialize<'de> for TimeSeriesRatio {
    #[allow(deprecated)]
    fn deserialize<D>(deserializer: D) -> std::result::Result<Self, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        const FIELDS: &[&str] = &[
            "good_service_filter",
            "goodServiceFilter",
            "bad_service_filter",
            "badServiceFilter",
            "total_service_filter",
            "totalServiceFilter",
        ];

        #[allow(clippy::enum_variant_names)]
        enum GeneratedField {
            GoodServiceFilter,
            BadServiceFilter,
            TotalServiceFilter,
            __SkipField__,
        }
        impl<'de> serde::Deserialize<'de> for GeneratedField {
            fn deserialize<D>(deserializer: D) -> std::result::Result<GeneratedField, D::Error>
            where
                D: serde::Deserializer<'de>,
            {
                struct GeneratedVisitor;

                impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
                    type Value = GeneratedField;

                    fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        write!(formatter, "expected one of: {:?}", &FIELDS)
                    }

                    #[allow(unused_variables)]
                    fn visit_str<E>(self, value: &str) -> std::result::Result<GeneratedField, E>
                    where
                        E: serde::de::Error,
                    {
                        match value {
                            "goodServiceFilter" | "good_service_filter" => Ok(GeneratedField::GoodServiceFilter),
                            "badServiceFilter" | "bad_service_filter" => Ok(GeneratedField::BadServiceFilter),
                            "totalServiceFilter" | "total_service_filter" => Ok(GeneratedField::TotalServiceFilter),
                            _ => Ok(GeneratedField::__SkipField__),
                        }
                    }
                }
                deserializer.deserialize_identifier(GeneratedVisitor)
            }
        }
        struct GeneratedVisitor;
        impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
            type Value = TimeSeriesRatio;

            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str("struct google.monitoring.v3.TimeSeriesRatio")
            }

            fn visit_map<V>(self, mut map_: V) -> std::result::Result<TimeSeriesRatio, V::Error>
                where
                    V: serde::de::MapAccess<'de>,
            {
                let mut good_service_filter__ = None;
                let mut bad_service_filter__ = None;
                let mut total_service_filter__ = None;
                while let Some(k) = map_.next_key()? {
                    match k {
                        GeneratedField::GoodServiceFilter => {
                            if good_service_filter__.is_some() {
                                return Err(serde::de::Error::duplicate_field("goodServiceFilter"));
                            }
                            good_service_filter__ = Some(map_.next_value()?);
                        }
                        GeneratedField::BadServiceFilter => {
                            if bad_service_filter__.is_some() {
                                return Err(serde::de::Error::duplicate_field("badServiceFilter"));
                            }
                            bad_service_filter__ = Some(map_.next_value()?);
                        }
                        GeneratedField::TotalServiceFilter => {
                            if total_service_filter__.is_some() {
                                return Err(serde::de::Error::duplicate_field("totalServiceFilter"));
                            }
                            total_service_filter__ = Some(map_.next_value()?);
                        }
                        GeneratedField::__SkipField__ => {
                            let _ = map_.next_value::<serde::de::IgnoredAny>()?;
                        }
                    }
                }
                Ok(TimeSeriesRatio {
                    good_service_filter: good_service_filter__.unwrap_or_default(),
                    bad_service_filter: bad_service_filter__.unwrap_or_default(),
                    total_service_filter: total_service_filter__.unwrap_or_default(),
                })
            }
        }
        deserializer.deserialize_struct("google.monitoring.v3.TimeSeriesRatio", FIELDS, GeneratedVisitor)
    }
}
impl serde::Serialize for TypedValue {
    #[allow(deprecated)]
    fn serialize<S>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error>
    where
        S: serde::Serializer,
    {
        use serde::ser::SerializeStruct;
        let mut len = 0;
        if self.value.is_some() {
            len += 1;
        }
        let mut struct_ser = serializer.serialize_struct("google.monitoring.v3.TypedValue", len)?;
        if let Some(v) = self.value.as_ref() {
            match v {
                typed_value::Value::BoolValue(v) => {
                    struct_ser.serialize_field("boolValue", v)?;
                }
                typed_value::Value::Int64Value(v) => {
                    #[allow(clippy::needless_borrow)]
                    #[allow(clippy::needless_borrows_for_generic_args)]
                    struct_ser.serialize_field("int64Value", ToString::to_string(&v).as_str())?;
                }
                typed_value::Value::DoubleValue(v) => {
                    struct_ser.serialize_field("doubleValue", v)?;
                }
                typed_value::Value::StringValue(v) => {
                    struct_ser.serialize_field("stringValue", v)?;
                }
                typed_value::Value::DistributionValue(v) => {
                    struct_ser.serialize_field("distributionValue", v)?;
                }
            }
        }
        struct_ser.end()
    }
}
impl<'de> serde::Deserialize<'de> for TypedValue {
    #[allow(deprecated)]
    fn deserialize<D>(deserializer: D) -> std::result::Result<Self, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        const FIELDS: &[&str] = &[
            "bool_value",
            "boolValue",
            "int64_value",
            "int64Value",
            "double_value",
            "doubleValue",
            "string_value",
            "stringValue",
            "distribution_value",
            "distributionValue",
        ];

        #[allow(clippy::enum_variant_names)]
        enum GeneratedField {
            BoolValue,
            Int64Value,
            DoubleValue,
            StringValue,
            DistributionValue,
            __SkipField__,
        }
        impl<'de> serde::Deserialize<'de> for GeneratedField {
            fn deserialize<D>(deserializer: D) -> std::result::Result<GeneratedField, D::Error>
            where
                D: serde::Deserializer<'de>,
            {
                struct GeneratedVisitor;

                impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
                    type Value = GeneratedField;

                    fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        write!(formatter, "expected one of: {:?}", &FIELDS)
                    }

                    #[allow(unused_variables)]
                    fn visit_str<E>(self, value: &str) -> std::result::Result<GeneratedField, E>
                    where
                        E: serde::de::Error,
                    {
                        match value {
                            "boolValue" | "bool_value" => Ok(GeneratedField::BoolValue),
                            "int64Value" | "int64_value" => Ok(GeneratedField::Int64Value),
                            "doubleValue" | "double_value" => Ok(GeneratedField::DoubleValue),
                            "stringValue" | "string_value" => Ok(GeneratedField::StringValue),
                            "distributionValue" | "distribution_value" => Ok(GeneratedField::DistributionValue),
                            _ => Ok(GeneratedField::__SkipField__),
                        }
                    }
                }
                deserializer.deserialize_identifier(GeneratedVisitor)
            }
        }
        struct GeneratedVisitor;
        impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
            type Value = TypedValue;

            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str("struct google.monitoring.v3.TypedValue")
            }

            fn visit_map<V>(self, mut map_: V) -> std::result::Result<TypedValue, V::Error>
                where
                    V: serde::de::MapAccess<'de>,
            {
                let mut value__ = None;
                while let Some(k) = map_.next_key()? {
                    match k {
                        GeneratedField::BoolValue => {
                            if value__.is_some() {
                                return Err(serde::de::Error::duplicate_field("boolValue"));
                            }
                            value__ = map_.next_value::<::std::option::Option<_>>()?.map(typed_value::Value::BoolValue);
                        }
                        GeneratedField::Int64Value => {
                            if value__.is_some() {
                                return Err(serde::de::Error::duplicate_field("int64Value"));
                            }
                            value__ = map_.next_value::<::std::option::Option<::pbjson::private::NumberDeserialize<_>>>()?.map(|x| typed_value::Value::Int64Value(x.0));
                        }
                        GeneratedField::DoubleValue => {
                            if value__.is_some() {
                                return Err(serde::de::Error::duplicate_field("doubleValue"));
                            }
                            value__ = map_.next_value::<::std::option::Option<::pbjson::private::NumberDeserialize<_>>>()?.map(|x| typed_value::Value::DoubleValue(x.0));
                        }
                        GeneratedField::StringValue => {
                            if value__.is_some() {
                                return Err(serde::de::Error::duplicate_field("stringValue"));
                            }
                            value__ = map_.next_value::<::std::option::Option<_>>()?.map(typed_value::Value::StringValue);
                        }
                        GeneratedField::DistributionValue => {
                            if value__.is_some() {
                                return Err(serde::de::Error::duplicate_field("distributionValue"));
                            }
                            value__ = map_.next_value::<::std::option::Option<_>>()?.map(typed_value::Value::DistributionValue)
;
                        }
                        GeneratedField::__SkipField__ => {
                            let _ = map_.next_value::<serde::de::IgnoredAny>()?;
                        }
                    }
                }
                Ok(TypedValue {
                    value: value__,
                })
            }
        }
        deserializer.deserialize_struct("google.monitoring.v3.TypedValue", FIELDS, GeneratedVisitor)
    }
}
impl serde::Serialize for UpdateAlertPolicyRequest {
    #[allow(deprecated)]
    fn serialize<S>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error>
    where
        S: serde::Serializer,
    {
        use serde::ser::SerializeStruct;
        let mut len = 0;
        if self.update_mask.is_some() {
            len += 1;
        }
        if self.alert_policy.is_some() {
            len += 1;
        }
        let mut struct_ser = serializer.serialize_struct("google.monitoring.v3.UpdateAlertPolicyRequest", len)?;
        if let Some(v) = self.update_mask.as_ref() {
            struct_ser.serialize_field("updateMask", v)?;
        }
        if let Some(v) = self.alert_policy.as_ref() {
            struct_ser.serialize_field("alertPolicy", v)?;
        }
        struct_ser.end()
    }
}
impl<'de> serde::Deserialize<'de> for UpdateAlertPolicyRequest {
    #[allow(deprecated)]
    fn deserialize<D>(deserializer: D) -> std::result::Result<Self, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        const FIELDS: &[&str] = &[
            "update_mask",
            "updateMask",
            "alert_policy",
            "alertPolicy",
        ];

        #[allow(clippy::enum_variant_names)]
        enum GeneratedField {
            UpdateMask,
            AlertPolicy,
            __SkipField__,
        }
        impl<'de> serde::Deserialize<'de> for GeneratedField {
            fn deserialize<D>(deserializer: D) -> std::result::Result<GeneratedField, D::Error>
            where
                D: serde::Deserializer<'de>,
            {
                struct GeneratedVisitor;

                impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
                    type Value = GeneratedField;

                    fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        write!(formatter, "expected one of: {:?}", &FIELDS)
                    }

                    #[allow(unused_variables)]
                    fn visit_str<E>(self, value: &str) -> std::result::Result<GeneratedField, E>
                    where
                        E: serde::de::Error,
                    {
                        match value {
                            "updateMask" | "update_mask" => Ok(GeneratedField::UpdateMask),
                            "alertPolicy" | "alert_policy" => Ok(GeneratedField::AlertPolicy),
                            _ => Ok(GeneratedField::__SkipField__),
                        }
                    }
                }
                deserializer.deserialize_identifier(GeneratedVisitor)
            }
        }
        struct GeneratedVisitor;
        impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
            type Value = UpdateAlertPolicyRequest;

            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str("struct google.monitoring.v3.UpdateAlertPolicyRequest")
            }

            fn visit_map<V>(self, mut map_: V) -> std::result::Result<UpdateAlertPolicyRequest, V::Error>
                where
                    V: serde::de::MapAccess<'de>,
            {
                let mut update_mask__ = None;
                let mut alert_policy__ = None;
                while let Some(k) = map_.next_key()? {
                    match k {
                        GeneratedField::UpdateMask => {
                            if update_mask__.is_some() {
                                return Err(serde::de::Error::duplicate_field("updateMask"));
                            }
                            update_mask__ = map_.next_value()?;
                        }
                        GeneratedField::AlertPolicy => {
                            if alert_policy__.is_some() {
                                return Err(serde::de::Error::duplicate_field("alertPolicy"));
                            }
                            alert_policy__ = map_.next_value()?;
                        }
                        GeneratedField::__SkipField__ => {
                            let _ = map_.next_value::<serde::de::IgnoredAny>()?;
                        }
                    }
                }
                Ok(UpdateAlertPolicyRequest {
                    update_mask: update_mask__,
                    alert_policy: alert_policy__,
                })
            }
        }
        deserializer.deserialize_struct("google.monitoring.v3.UpdateAlertPolicyRequest", FIELDS, GeneratedVisitor)
    }
}
impl serde::Serialize for UpdateNotificationChannelRequest {
    #[allow(deprecated)]
    fn serialize<S>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error>
    where
        S: serde::Serializer,
    {
        use serde::ser::SerializeStruct;
        let mut len = 0;
        if self.update_mask.is_some() {
            len += 1;
        }
        if self.notification_channel.is_some() {
            len += 1;
        }
        let mut struct_ser = serializer.serialize_struct("google.monitoring.v3.UpdateNotificationChannelRequest", len)?;
        if let Some(v) = self.update_mask.as_ref() {
            struct_ser.serialize_field("updateMask", v)?;
        }
        if let Some(v) = self.notification_channel.as_ref() {
            struct_ser.serialize_field("notificationChannel", v)?;
        }
        struct_ser.end()
    }
}
impl<'de> serde::Deserialize<'de> for UpdateNotificationChannelRequest {
    #[allow(deprecated)]
    fn deserialize<D>(deserializer: D) -> std::result::Result<Self, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        const FIELDS: &[&str] = &[
            "update_mask",
            "updateMask",
            "notification_channel",
            "notificationChannel",
        ];

        #[allow(clippy::enum_variant_names)]
        enum GeneratedField {
            UpdateMask,
            NotificationChannel,
            __SkipField__,
        }
        impl<'de> serde::Deserialize<'de> for GeneratedField {
            fn deserialize<D>(deserializer: D) -> std::result::Result<GeneratedField, D::Error>
            where
                D: serde::Deserializer<'de>,
            {
                struct GeneratedVisitor;

                impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
                    type Value = GeneratedField;

                    fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        write!(formatter, "expected one of: {:?}", &FIELDS)
                    }

                    #[allow(unused_variables)]
                    fn visit_str<E>(self, value: &str) -> std::result::Result<GeneratedField, E>
                    where
                        E: serde::de::Error,
                    {
                        match value {
                            "updateMask" | "update_mask" => Ok(GeneratedField::UpdateMask),
                            "notificationChannel" | "notification_channel" => Ok(GeneratedField::NotificationChannel),
                            _ => Ok(GeneratedField::__SkipField__),
                        }
                    }
                }
                deserializer.deserialize_identifier(GeneratedVisitor)
            }
        }
        struct GeneratedVisitor;
        impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
            type Value = UpdateNotificationChannelRequest;

            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str("struct google.monitoring.v3.UpdateNotificationChannelRequest")
            }

            fn visit_map<V>(self, mut map_: V) -> std::result::Result<UpdateNotificationChannelRequest, V::Error>
                where
                    V: serde::de::MapAccess<'de>,
            {
                let mut update_mask__ = None;
                let mut notification_channel__ = None;
                while let Some(k) = map_.next_key()? {
                    match k {
                        GeneratedField::UpdateMask => {
                            if update_mask__.is_some() {
                                return Err(serde::de::Error::duplicate_field("updateMask"));
                            }
                            update_mask__ = map_.next_value()?;
                        }
                        GeneratedField::NotificationChannel => {
                            if notification_channel__.is_some() {
                                return Err(serde::de::Error::duplicate_field("notificationChannel"));
                            }
                            notification_channel__ = map_.next_value()?;
                        }
                        GeneratedField::__SkipField__ => {
                            let _ = map_.next_value::<serde::de::IgnoredAny>()?;
                        }
                    }
                }
                Ok(UpdateNotificationChannelRequest {
                    update_mask: update_mask__,
                    notification_channel: notification_channel__,
                })
            }
        }
        deserializer.deserialize_struct("google.monitoring.v3.UpdateNotificationChannelRequest", FIELDS, GeneratedVisitor)
    }
}
impl serde::Serialize for UpdateServiceLevelObjectiveRequest {
    #[allow(deprecated)]
    fn serialize<S>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error>
    where
        S: serde::Serializer,
    {
        use serde::ser::SerializeStruct;
        let mut len = 0;
        if self.service_level_objective.is_some() {
            len += 1;
        }
        if self.update_mask.is_some() {
            len += 1;
        }
        let mut struct_ser = serializer.serialize_struct("google.monitoring.v3.UpdateServiceLevelObjectiveRequest", len)?;
        if let Some(v) = self.service_level_objective.as_ref() {
            struct_ser.serialize_field("serviceLevelObjective", v)?;
        }
        if let Some(v) = self.update_mask.as_ref() {
            struct_ser.serialize_field("updateMask", v)?;
        }
        struct_ser.end()
    }
}
impl<'de> serde::Deserialize<'de> for UpdateServiceLevelObjectiveRequest {
    #[allow(deprecated)]
    fn deserialize<D>(deserializer: D) -> std::result::Result<Self, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        const FIELDS: &[&str] = &[
            "service_level_objective",
            "serviceLevelObjective",
            "update_mask",
            "updateMask",
        ];

        #[allow(clippy::enum_variant_names)]
        enum GeneratedField {
            ServiceLevelObjective,
            UpdateMask,
            __SkipField__,
        }
        impl<'de> serde::Deserialize<'de> for GeneratedField {
            fn deserialize<D>(deserializer: D) -> std::result::Result<GeneratedField, D::Error>
            where
                D: serde::Deserializer<'de>,
            {
                struct GeneratedVisitor;

                impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
                    type Value = GeneratedField;

                    fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        write!(formatter, "expected one of: {:?}", &FIELDS)
                    }

                    #[allow(unused_variables)]
                    fn visit_str<E>(self, value: &str) -> std::result::Result<GeneratedField, E>
                    where
                        E: serde::de::Error,
                    {
                        match value {
                            "serviceLevelObjective" | "service_level_objective" => Ok(GeneratedField::ServiceLevelObjective),
                            "updateMask" | "update_mask" => Ok(GeneratedField::UpdateMask),
                            _ => Ok(GeneratedField::__SkipField__),
                        }
                    }
                }
                deserializer.deserialize_identifier(GeneratedVisitor)
            }
        }
        struct GeneratedVisitor;
        impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
            type Value = UpdateServiceLevelObjectiveRequest;

            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str("struct google.monitoring.v3.UpdateServiceLevelObjectiveRequest")
            }

            fn visit_map<V>(self, mut map_: V) -> std::result::Result<UpdateServiceLevelObjectiveRequest, V::Error>
                where
                    V: serde::de::MapAccess<'de>,
            {
                let mut service_level_objective__ = None;
                let mut update_mask__ = None;
                while let Some(k) = map_.next_key()? {
                    match k {
                        GeneratedField::ServiceLevelObjective => {
                            if service_level_objective__.is_some() {
                                return Err(serde::de::Error::duplicate_field("serviceLevelObjective"));
                            }
                            service_level_objective__ = map_.next_value()?;
                        }
                        GeneratedField::UpdateMask => {
                            if update_mask__.is_some() {
                                return Err(serde::de::Error::duplicate_field("updateMask"));
                            }
                            update_mask__ = map_.next_value()?;
                        }
                        GeneratedField::__SkipField__ => {
                            let _ = map_.next_value::<serde::de::IgnoredAny>()?;
                        }
                    }
                }
                Ok(UpdateServiceLevelObjectiveRequest {
                    service_level_objective: service_level_objective__,
                    update_mask: update_mask__,
                })
            }
        }
        deserializer.deserialize_struct("google.monitoring.v3.UpdateServiceLevelObjectiveRequest", FIELDS, GeneratedVisitor)
    }
}
impl serde::Serialize for UpdateServiceRequest {
    #[allow(deprecated)]
    fn serialize<S>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error>
    where
        S: serde::Serializer,
    {
        use serde::ser::SerializeStruct;
        let mut len = 0;
        if self.service.is_some() {
            len += 1;
        }
        if self.update_mask.is_some() {
            len += 1;
        }
        let mut struct_ser = serializer.serialize_struct("google.monitoring.v3.UpdateServiceRequest", len)?;
        if let Some(v) = self.service.as_ref() {
            struct_ser.serialize_field("service", v)?;
        }
        if let Some(v) = self.update_mask.as_ref() {
            struct_ser.serialize_field("updateMask", v)?;
        }
        struct_ser.end()
    }
}
impl<'de> serde::Deserialize<'de> for UpdateServiceRequest {
    #[allow(deprecated)]
    fn deserialize<D>(deserializer: D) -> std::result::Result<Self, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        const FIELDS: &[&str] = &[
            "service",
            "update_mask",
            "updateMask",
        ];

        #[allow(clippy::enum_variant_names)]
        enum GeneratedField {
            Service,
            UpdateMask,
            __SkipField__,
        }
        impl<'de> serde::Deserialize<'de> for GeneratedField {
            fn deserialize<D>(deserializer: D) -> std::result::Result<GeneratedField, D::Error>
            where
                D: serde::Deserializer<'de>,
            {
                struct GeneratedVisitor;

                impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
                    type Value = GeneratedField;

                    fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        write!(formatter, "expected one of: {:?}", &FIELDS)
                    }

                    #[allow(unused_variables)]
                    fn visit_str<E>(self, value: &str) -> std::result::Result<GeneratedField, E>
                    where
                        E: serde::de::Error,
                    {
                        match value {
                            "service" => Ok(GeneratedField::Service),
                            "updateMask" | "update_mask" => Ok(GeneratedField::UpdateMask),
                            _ => Ok(GeneratedField::__SkipField__),
                        }
                    }
                }
                deserializer.deserialize_identifier(GeneratedVisitor)
            }
        }
        struct GeneratedVisitor;
        impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
            type Value = UpdateServiceRequest;

            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str("struct google.monitoring.v3.UpdateServiceRequest")
            }

            fn visit_map<V>(self, mut map_: V) -> std::result::Result<UpdateServiceRequest, V::Error>
                where
                    V: serde::de::MapAccess<'de>,
            {
                let mut service__ = None;
                let mut update_mask__ = None;
                while let Some(k) = map_.next_key()? {
                    match k {
                        GeneratedField::Service => {
                            if service__.is_some() {
                                return Err(serde::de::Error::duplicate_field("service"));
                            }
                            service__ = map_.next_value()?;
                        }
                        GeneratedField::UpdateMask => {
                            if update_mask__.is_some() {
                                return Err(serde::de::Error::duplicate_field("updateMask"));
                            }
                            update_mask__ = map_.next_value()?;
                        }
                        GeneratedField::__SkipField__ => {
                            let _ = map_.next_value::<serde::de::IgnoredAny>()?;
                        }
                    }
                }
                Ok(UpdateServiceRequest {
                    service: service__,
                    update_mask: update_mask__,
                })
            }
        }
        deserializer.deserialize_struct("google.monitoring.v3.UpdateServiceRequest", FIELDS, GeneratedVisitor)
    }
}
impl serde::Serialize for VerifyNotificationChannelRequest {
    #[allow(deprecated)]
    fn serialize<S>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error>
    where
        S: serde::Serializer,
    {
        use serde::ser::SerializeStruct;
        let mut len = 0;
        if !self.name.is_empty() {
            len += 1;
        }
        if !self.code.is_empty() {
            len += 1;
        }
        let mut struct_ser = serializer.serialize_struct("google.monitoring.v3.VerifyNotificationChannelRequest", len)?;
        if !self.name.is_empty() {
            struct_ser.serialize_field("name", &self.name)?;
        }
        if !self.code.is_empty() {
            struct_ser.serialize_field("code", &self.code)?;
        }
        struct_ser.end()
    }
}
impl<'de> serde::Deserialize<'de> for VerifyNotificationChannelRequest {
    #[allow(deprecated)]
    fn deserialize<D>(deserializer: D) -> std::result::Result<Self, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        const FIELDS: &[&str] = &[
            "name",
            "code",
        ];

        #[allow(clippy::enum_variant_names)]
        enum GeneratedField {
            Name,
            Code,
            __SkipField__,
        }
        impl<'de> serde::Deserialize<'de> for GeneratedField {
            fn deserialize<D>(deserializer: D) -> std::result::Result<GeneratedField, D::Error>
            where
                D: serde::Deserializer<'de>,
            {
                struct GeneratedVisitor;

                impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
                    type Value = GeneratedField;

                    fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        write!(formatter, "expected one of: {:?}", &FIELDS)
                    }

                    #[allow(unused_variables)]
                    fn visit_str<E>(self, value: &str) -> std::result::Result<GeneratedField, E>
                    where
                        E: serde::de::Error,
                    {
                        match value {
                            "name" => Ok(GeneratedField::Name),
                            "code" => Ok(GeneratedField::Code),
                            _ => Ok(GeneratedField::__SkipField__),
                        }
                    }
                }
                deserializer.deserialize_identifier(GeneratedVisitor)
            }
        }
        struct GeneratedVisitor;
        impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
            type Value = VerifyNotificationChannelRequest;

            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str("struct google.monitoring.v3.VerifyNotificationChannelRequest")
            }

            fn visit_map<V>(self, mut map_: V) -> std::result::Result<VerifyNotificationChannelRequest, V::Error>
                where
                    V: serde::de::MapAccess<'de>,
            {
                let mut name__ = None;
                let mut code__ = None;
                while let Some(k) = map_.next_key()? {
                    match k {
                        GeneratedField::Name => {
                            if name__.is_some() {
                                return Err(serde::de::Error::duplicate_field("name"));
                            }
                            name__ = Some(map_.next_value()?);
                        }
                        GeneratedField::Code => {
                            if code__.is_some() {
                                return Err(serde::de::Error::duplicate_field("code"));
                            }
                            code__ = Some(map_.next_value()?);
                        }
                        GeneratedField::__SkipField__ => {
                            let _ = map_.next_value::<serde::de::IgnoredAny>()?;
                        }
                    }
                }
                Ok(VerifyNotificationChannelRequest {
                    name: name__.unwrap_or_default(),
                    code: code__.unwrap_or_default(),
                })
            }
        }
        deserializer.deserialize_struct("google.monitoring.v3.VerifyNotificationChannelRequest", FIELDS, GeneratedVisitor)
    }
}
impl serde::Serialize for WindowsBasedSli {
    #[allow(deprecated)]
    fn serialize<S>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error>
    where
        S: serde::Serializer,
    {
        use serde::ser::SerializeStruct;
        let mut len = 0;
        if self.window_period.is_some() {
            len += 1;
        }
        if self.window_criterion.is_some() {
            len += 1;
        }
        let mut struct_ser = serializer.serialize_struct("google.monitoring.v3.WindowsBasedSli", len)?;
        if let Some(v) = self.window_period.as_ref() {
            struct_ser.serialize_field("windowPeriod", v)?;
        }
        if let Some(v) = self.window_criterion.as_ref() {
            match v {
                windows_based_sli::WindowCriterion::GoodBadMetricFilter(v) => {
                    struct_ser.serialize_field("goodBadMetricFilter", v)?;
                }
                windows_based_sli::WindowCriterion::GoodTotalRatioThreshold(v) => {
                    struct_ser.serialize_field("goodTotalRatioThreshold", v)?;
                }
                windows_based_sli::WindowCriterion::MetricMeanInRange(v) => {
                    struct_ser.serialize_field("metricMeanInRange", v)?;
                }
                windows_based_sli::WindowCriterion::MetricSumInRange(v) => {
                    struct_ser.serialize_field("metricSumInRange", v)?;
                }
            }
        }
        struct_ser.end()
    }
}
impl<'de> serde::Deserialize<'de> for WindowsBasedSli {
    #[allow(deprecated)]
    fn deserialize<D>(deserializer: D) -> std::result::Result<Self, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        const FIELDS: &[&str] = &[
            "window_period",
            "windowPeriod",
            "good_bad_metric_filter",
            "goodBadMetricFilter",
            "good_total_ratio_threshold",
            "goodTotalRatioThreshold",
            "metric_mean_in_range",
            "metricMeanInRange",
            "metric_sum_in_range",
            "metricSumInRange",
        ];

        #[allow(clippy::enum_variant_names)]
        enum GeneratedField {
            WindowPeriod,
            GoodBadMetricFilter,
            GoodTotalRatioThreshold,
            MetricMeanInRange,
            MetricSumInRange,
            __SkipField__,
        }
        impl<'de> serde::Deserialize<'de> for GeneratedField {
            fn deserialize<D>(deserializer: D) -> std::result::Result<GeneratedField, D::Error>
            where
                D: serde::Deserializer<'de>,
            {
                struct GeneratedVisitor;

                impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
                    type Value = GeneratedField;

                    fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        write!(formatter, "expected one of: {:?}", &FIELDS)
                    }

                    #[allow(unused_variables)]
                    fn visit_str<E>(self, value: &str) -> std::result::Result<GeneratedField, E>
                    where
                        E: serde::de::Error,
                    {
                        match value {
                            "windowPeriod" | "window_period" => Ok(GeneratedField::WindowPeriod),
                            "goodBadMetricFilter" | "good_bad_metric_filter" => Ok(GeneratedField::GoodBadMetricFilter),
                            "goodTotalRatioThreshold" | "good_total_ratio_threshold" => Ok(GeneratedField::GoodTotalRatioThreshold),
                            "metricMeanInRange" | "metric_mean_in_range" => Ok(GeneratedField::MetricMeanInRange),
                            "metricSumInRange" | "metric_sum_in_range" => Ok(GeneratedField::MetricSumInRange),
                            _ => Ok(GeneratedField::__SkipField__),
                        }
                    }
                }
                deserializer.deserialize_identifier(GeneratedVisitor)
            }
        }
        struct GeneratedVisitor;
        impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
            type Value = WindowsBasedSli;

            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str("struct google.monitoring.v3.WindowsBasedSli")
            }

            fn visit_map<V>(self, mut map_: V) -> std::result::Result<WindowsBasedSli, V::Error>
                where
                    V: serde::de::MapAccess<'de>,
            {
                let mut window_period__ = None;
                let mut window_criterion__ = None;
                while let Some(k) = map_.next_key()? {
                    match k {
                        GeneratedField::WindowPeriod => {
                            if window_period__.is_some() {
                                return Err(serde::de::Error::duplicate_field("windowPeriod"));
                            }
                            window_period__ = map_.next_value()?;
                        }
                        GeneratedField::GoodBadMetricFilter => {
                            if window_criterion__.is_some() {
                                return Err(serde::de::Error::duplicate_field("goodBadMetricFilter"));
                            }
                            window_criterion__ = map_.next_value::<::std::option::Option<_>>()?.map(windows_based_sli::WindowCriterion::GoodBadMetricFilter);
                        }
                        GeneratedField::GoodTotalRatioThreshold => {
                            if window_criterion__.is_some() {
                                return Err(serde::de::Error::duplicate_field("goodTotalRatioThreshold"));
                            }
                            window_criterion__ = map_.next_value::<::std::option::Option<_>>()?.map(windows_based_sli::WindowCriterion::GoodTotalRatioThreshold)
;
                        }
                        GeneratedField::MetricMeanInRange => {
                            if window_criterion__.is_some() {
                                return Err(serde::de::Error::duplicate_field("metricMeanInRange"));
                            }
                            window_criterion__ = map_.next_value::<::std::option::Option<_>>()?.map(windows_based_sli::WindowCriterion::MetricMeanInRange)
;
                        }
                        GeneratedField::MetricSumInRange => {
                            if window_criterion__.is_some() {
                                return Err(serde::de::Error::duplicate_field("metricSumInRange"));
                            }
                            window_criterion__ = map_.next_value::<::std::option::Option<_>>()?.map(windows_based_sli::WindowCriterion::MetricSumInRange)
;
                        }
                        GeneratedField::__SkipField__ => {
                            let _ = map_.next_value::<serde::de::IgnoredAny>()?;
                        }
                    }
                }
                Ok(WindowsBasedSli {
                    window_period: window_period__,
                    window_criterion: window_criterion__,
                })
            }
        }
        deserializer.deserialize_struct("google.monitoring.v3.WindowsBasedSli", FIELDS, GeneratedVisitor)
    }
}
impl serde::Serialize for windows_based_sli::MetricRange {
    #[allow(deprecated)]
    fn serialize<S>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error>
    where
        S: serde::Serializer,
    {
        use serde::ser::SerializeStruct;
        let mut len = 0;
        if !self.time_series.is_empty() {
            len += 1;
        }
        if self.range.is_some() {
            len += 1;
        }
        let mut struct_ser = serializer.serialize_struct("google.monitoring.v3.WindowsBasedSli.MetricRange", len)?;
        if !self.time_series.is_empty() {
            struct_ser.serialize_field("timeSeries", &self.time_series)?;
        }
        if let Some(v) = self.range.as_ref() {
            struct_ser.serialize_field("range", v)?;
        }
        struct_ser.end()
    }
}
impl<'de> serde::Deserialize<'de> for windows_based_sli::MetricRange {
    #[allow(deprecated)]
    fn deserialize<D>(deserializer: D) -> std::result::Result<Self, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        const FIELDS: &[&str] = &[
            "time_series",
            "timeSeries",
            "range",
        ];

        #[allow(clippy::enum_variant_names)]
        enum GeneratedField {
            TimeSeries,
            Range,
            __SkipField__,
        }
        impl<'de> serde::Deserialize<'de> for GeneratedField {
            fn deserialize<D>(deserializer: D) -> std::result::Result<GeneratedField, D::Error>
            where
                D: serde::Deserializer<'de>,
            {
                struct GeneratedVisitor;

                impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
                    type Value = GeneratedField;

                    fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        write!(formatter, "expected one of: {:?}", &FIELDS)
                    }

                    #[allow(unused_variables)]
                    fn visit_str<E>(self, value: &str) -> std::result::Result<GeneratedField, E>
                    where
                        E: serde::de::Error,
                    {
                        match value {
                            "timeSeries" | "time_series" => Ok(GeneratedField::TimeSeries),
                            "range" => Ok(GeneratedField::Range),
                            _ => Ok(GeneratedField::__SkipField__),
                        }
                    }
                }
                deserializer.deserialize_identifier(GeneratedVisitor)
            }
        }
        struct GeneratedVisitor;
        impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
            type Value = windows_based_sli::MetricRange;

            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str("struct google.monitoring.v3.WindowsBasedSli.MetricRange")
            }

            fn visit_map<V>(self, mut map_: V) -> std::result::Result<windows_based_sli::MetricRange, V::Error>
                where
                    V: serde::de::MapAccess<'de>,
            {
                let mut time_series__ = None;
                let mut range__ = None;
                while let Some(k) = map_.next_key()? {
                    match k {
                        GeneratedField::TimeSeries => {
                            if time_series__.is_some() {
                                return Err(serde::de::Error::duplicate_field("timeSeries"));
                            }
                            time_series__ = Some(map_.next_value()?);
                        }
                        GeneratedField::Range => {
                            if range__.is_some() {
                                return Err(serde::de::Error::duplicate_field("range"));
                            }
                            range__ = map_.next_value()?;
                        }
                        GeneratedField::__SkipField__ => {
                            let _ = map_.next_value::<serde::de::IgnoredAny>()?;
                        }
                    }
                }
                Ok(windows_based_sli::MetricRange {
                    time_series: time_series__.unwrap_or_default(),
                    range: range__,
                })
            }
        }
        deserializer.deserialize_struct("google.monitoring.v3.WindowsBasedSli.MetricRange", FIELDS, GeneratedVisitor)
    }
}
impl serde::Serialize for windows_based_sli::PerformanceThreshold {
    #[allow(deprecated)]
    fn serialize<S>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error>
    where
        S: serde::Serializer,
    {
        use serde::ser::SerializeStruct;
        let mut len = 0;
        if self.threshold != 0. {
            len += 1;
        }
        if self.r#type.is_some() {
            len += 1;
        }
        let mut struct_ser = serializer.serialize_struct("google.monitoring.v3.WindowsBasedSli.PerformanceThreshold", len)?;
        if self.threshold != 0. {
            struct_ser.serialize_field("threshold", &self.threshold)?;
        }
        if let Some(v) = self.r#type.as_ref() {
            match v {
                windows_based_sli::performance_threshold::Type::Performance(v) => {
                    struct_ser.serialize_field("performance", v)?;
                }
                windows_based_sli::performance_threshold::Type::BasicSliPerformance(v) => {
                    struct_ser.serialize_field("basicSliPerformance", v)?;
                }
            }
        }
        struct_ser.end()
    }
}
impl<'de> serde::Deserialize<'de> for windows_based_sli::PerformanceThreshold {
    #[allow(deprecated)]
    fn deserialize<D>(deserializer: D) -> std::result::Result<Self, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        const FIELDS: &[&str] = &[
            "threshold",
            "performance",
            "basic_sli_performance",
            "basicSliPerformance",
        ];

        #[allow(clippy::enum_variant_names)]
        enum GeneratedField {
            Threshold,
            Performance,
            BasicSliPerformance,
            __SkipField__,
        }
        impl<'de> serde::Deserialize<'de> for GeneratedField {
            fn deserialize<D>(deserializer: D) -> std::result::Result<GeneratedField, D::Error>
            where
                D: serde::Deserializer<'de>,
            {
                struct GeneratedVisitor;

                impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
                    type Value = GeneratedField;

                    fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        write!(formatter, "expected one of: {:?}", &FIELDS)
                    }

                    #[allow(unused_variables)]
                    fn visit_str<E>(self, value: &str) -> std::result::Result<GeneratedField, E>
                    where
                        E: serde::de::Error,
                    {
                        match value {
                            "threshold" => Ok(GeneratedField::Threshold),
                            "performance" => Ok(GeneratedField::Performance),
                            "basicSliPerformance" | "basic_sli_performance" => Ok(GeneratedField::BasicSliPerformance),
                            _ => Ok(GeneratedField::__SkipField__),
                        }
                    }
                }
                deserializer.deserialize_identifier(GeneratedVisitor)
            }
        }
        struct GeneratedVisitor;
        impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
            type Value = windows_based_sli::PerformanceThreshold;

            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str("struct google.monitoring.v3.WindowsBasedSli.PerformanceThreshold")
            }

            fn visit_map<V>(self, mut map_: V) -> std::result::Result<windows_based_sli::PerformanceThreshold, V::Error>
                where
                    V: serde::de::MapAccess<'de>,
            {
                let mut threshold__ = None;
                let mut r#type__ = None;
                while let Some(k) = map_.next_key()? {
                    match k {
                        GeneratedField::Threshold => {
                            if threshold__.is_some() {
                                return Err(serde::de::Error::duplicate_field("threshold"));
                            }
                            threshold__ = 
                                Some(map_.next_value::<::pbjson::private::NumberDeserialize<_>>()?.0)
                            ;
                        }
                        GeneratedField::Performance => {
                            if r#type__.is_some() {
                                return Err(serde::de::Error::duplicate_field("performance"));
                            }
                            r#type__ = map_.next_value::<::std::option::Option<_>>()?.map(windows_based_sli::performance_threshold::Type::Performance)
;
                        }
                        GeneratedField::BasicSliPerformance => {
                            if r#type__.is_some() {
                                return Err(serde::de::Error::duplicate_field("basicSliPerformance"));
                            }
                            r#type__ = map_.next_value::<::std::option::Option<_>>()?.map(windows_based_sli::performance_threshold::Type::BasicSliPerformance)
;
                        }
                        GeneratedField::__SkipField__ => {
                            let _ = map_.next_value::<serde::de::IgnoredAny>()?;
                        }
                    }
                }
                Ok(windows_based_sli::PerformanceThreshold {
                    threshold: threshold__.unwrap_or_default(),
                    r#type: r#type__,
                })
            }
        }
        deserializer.deserialize_struct("google.monitoring.v3.WindowsBasedSli.PerformanceThreshold", FIELDS, GeneratedVisitor)
    }
}
