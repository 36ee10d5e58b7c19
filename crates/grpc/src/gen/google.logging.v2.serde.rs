impl serde::Serialize for DeleteLogRequest {
    #[allow(deprecated)]
    fn serialize<S>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error>
    where
        S: serde::Serializer,
    {
        use serde::ser::SerializeStruct;
        let mut len = 0;
        if !self.log_name.is_empty() {
            len += 1;
        }
        let mut struct_ser = serializer.serialize_struct("google.logging.v2.DeleteLogRequest", len)?;
        if !self.log_name.is_empty() {
            struct_ser.serialize_field("logName", &self.log_name)?;
        }
        struct_ser.end()
    }
}
impl<'de> serde::Deserialize<'de> for DeleteLogRequest {
    #[allow(deprecated)]
    fn deserialize<D>(deserializer: D) -> std::result::Result<Self, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        const FIELDS: &[&str] = &[
            "log_name",
            "logName",
        ];

        #[allow(clippy::enum_variant_names)]
        enum GeneratedField {
            LogName,
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
                            "logName" | "log_name" => Ok(GeneratedField::LogName),
                            _ => Ok(GeneratedField::__SkipField__),
                        }
                    }
                }
                deserializer.deserialize_identifier(GeneratedVisitor)
            }
        }
        struct GeneratedVisitor;
        impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
            type Value = DeleteLogRequest;

            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str("struct google.logging.v2.DeleteLogRequest")
            }

            fn visit_map<V>(self, mut map_: V) -> std::result::Result<DeleteLogRequest, V::Error>
                where
                    V: serde::de::MapAccess<'de>,
            {
                let mut log_name__ = None;
                while let Some(k) = map_.next_key()? {
                    match k {
                        GeneratedField::LogName => {
                            if log_name__.is_some() {
                                return Err(serde::de::Error::duplicate_field("logName"));
                            }
                            log_name__ = Some(map_.next_value()?);
                        }
                        GeneratedField::__SkipField__ => {
                            let _ = map_.next_value::<serde::de::IgnoredAny>()?;
                        }
                    }
                }
                Ok(DeleteLogRequest {
                    log_name: log_name__.unwrap_or_default(),
                })
            }
        }
        deserializer.deserialize_struct("google.logging.v2.DeleteLogRequest", FIELDS, GeneratedVisitor)
    }
}
impl serde::Serialize for ListLogEntriesRequest {
    #[allow(deprecated)]
    fn serialize<S>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error>
    where
        S: serde::Serializer,
    {
        use serde::ser::SerializeStruct;
        let mut len = 0;
        if !self.resource_names.is_empty() {
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
        let mut struct_ser = serializer.serialize_struct("google.logging.v2.ListLogEntriesRequest", len)?;
        if !self.resource_names.is_empty() {
            struct_ser.serialize_field("resourceNames", &self.resource_names)?;
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
impl<'de> serde::Deserialize<'de> for ListLogEntriesRequest {
    #[allow(deprecated)]
    fn deserialize<D>(deserializer: D) -> std::result::Result<Self, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        const FIELDS: &[&str] = &[
            "resource_names",
            "resourceNames",
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
            ResourceNames,
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
                            "resourceNames" | "resource_names" => Ok(GeneratedField::ResourceNames),
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
            type Value = ListLogEntriesRequest;

            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str("struct google.logging.v2.ListLogEntriesRequest")
            }

            fn visit_map<V>(self, mut map_: V) -> std::result::Result<ListLogEntriesRequest, V::Error>
                where
                    V: serde::de::MapAccess<'de>,
            {
                let mut resource_names__ = None;
                let mut filter__ = None;
                let mut order_by__ = None;
                let mut page_size__ = None;
                let mut page_token__ = None;
                while let Some(k) = map_.next_key()? {
                    match k {
                        GeneratedField::ResourceNames => {
                            if resource_names__.is_some() {
                                return Err(serde::de::Error::duplicate_field("resourceNames"));
                            }
                            resource_names__ = Some(map_.next_value()?);
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
                Ok(ListLogEntriesRequest {
                    resource_names: resource_names__.unwrap_or_default(),
                    filter: filter__.unwrap_or_default(),
                    order_by: order_by__.unwrap_or_default(),
                    page_size: page_size__.unwrap_or_default(),
                    page_token: page_token__.unwrap_or_default(),
                })
            }
        }
        deserializer.deserialize_struct("google.logging.v2.ListLogEntriesRequest", FIELDS, GeneratedVisitor)
    }
}
impl serde::Serialize for ListLogEntriesResponse {
    #[allow(deprecated)]
    fn serialize<S>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error>
    where
        S: serde::Serializer,
    {
        use serde::ser::SerializeStruct;
        let mut len = 0;
        if !self.entries.is_empty() {
            len += 1;
        }
        if !self.next_page_token.is_empty() {
            len += 1;
        }
        let mut struct_ser = serializer.serialize_struct("google.logging.v2.ListLogEntriesResponse", len)?;
        if !self.entries.is_empty() {
            struct_ser.serialize_field("entries", &self.entries)?;
        }
        if !self.next_page_token.is_empty() {
            struct_ser.serialize_field("nextPageToken", &self.next_page_token)?;
        }
        struct_ser.end()
    }
}
impl<'de> serde::Deserialize<'de> for ListLogEntriesResponse {
    #[allow(deprecated)]
    fn deserialize<D>(deserializer: D) -> std::result::Result<Self, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        const FIELDS: &[&str] = &[
            "entries",
            "next_page_token",
            "nextPageToken",
        ];

        #[allow(clippy::enum_variant_names)]
        enum GeneratedField {
            Entries,
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
                            "entries" => Ok(GeneratedField::Entries),
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
            type Value = ListLogEntriesResponse;

            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str("struct google.logging.v2.ListLogEntriesResponse")
            }

            fn visit_map<V>(self, mut map_: V) -> std::result::Result<ListLogEntriesResponse, V::Error>
                where
                    V: serde::de::MapAccess<'de>,
            {
                let mut entries__ = None;
                let mut next_page_token__ = None;
                while let Some(k) = map_.next_key()? {
                    match k {
                        GeneratedField::Entries => {
                            if entries__.is_some() {
                                return Err(serde::de::Error::duplicate_field("entries"));
                            }
                            entries__ = Some(map_.next_value()?);
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
                Ok(ListLogEntriesResponse {
                    entries: entries__.unwrap_or_default(),
                    next_page_token: next_page_token__.unwrap_or_default(),
                })
            }
        }
        deserializer.deserialize_struct("google.logging.v2.ListLogEntriesResponse", FIELDS, GeneratedVisitor)
    }
}
impl serde::Serialize for ListLogsRequest {
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
        if !self.resource_names.is_empty() {
            len += 1;
        }
        if self.page_size != 0 {
            len += 1;
        }
        if !self.page_token.is_empty() {
            len += 1;
        }
        let mut struct_ser = serializer.serialize_struct("google.logging.v2.ListLogsRequest", len)?;
        if !self.parent.is_empty() {
            struct_ser.serialize_field("parent", &self.parent)?;
        }
        if !self.resource_names.is_empty() {
            struct_ser.serialize_field("resourceNames", &self.resource_names)?;
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
impl<'de> serde::Deserialize<'de> for ListLogsRequest {
    #[allow(deprecated)]
    fn deserialize<D>(deserializer: D) -> std::result::Result<Self, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        const FIELDS: &[&str] = &[
            "parent",
            "resource_names",
            "resourceNames",
            "page_size",
            "pageSize",
            "page_token",
            "pageToken",
        ];

        #[allow(clippy::enum_variant_names)]
        enum GeneratedField {
            Parent,
            ResourceNames,
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
                            "resourceNames" | "resource_names" => Ok(GeneratedField::ResourceNames),
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
            type Value = ListLogsRequest;

            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str("struct google.logging.v2.ListLogsRequest")
            }

            fn visit_map<V>(self, mut map_: V) -> std::result::Result<ListLogsRequest, V::Error>
                where
                    V: serde::de::MapAccess<'de>,
            {
                let mut parent__ = None;
                let mut resource_names__ = None;
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
                        GeneratedField::ResourceNames => {
                            if resource_names__.is_some() {
                                return Err(serde::de::Error::duplicate_field("resourceNames"));
                            }
                            resource_names__ = Some(map_.next_value()?);
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
                Ok(ListLogsRequest {
                    parent: parent__.unwrap_or_default(),
                    resource_names: resource_names__.unwrap_or_default(),
                    page_size: page_size__.unwrap_or_default(),
                    page_token: page_token__.unwrap_or_default(),
                })
            }
        }
        deserializer.deserialize_struct("google.logging.v2.ListLogsRequest", FIELDS, GeneratedVisitor)
    }
}
impl serde::Serialize for ListLogsResponse {
    #[allow(deprecated)]
    fn serialize<S>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error>
    where
        S: serde::Serializer,
    {
        use serde::ser::SerializeStruct;
        let mut len = 0;
        if !self.log_names.is_empty() {
            len += 1;
        }
        if !self.next_page_token.is_empty() {
            len += 1;
        }
        let mut struct_ser = serializer.serialize_struct("google.logging.v2.ListLogsResponse", len)?;
        if !self.log_names.is_empty() {
            struct_ser.serialize_field("logNames", &self.log_names)?;
        }
        if !self.next_page_token.is_empty() {
            struct_ser.serialize_field("nextPageToken", &self.next_page_token)?;
        }
        struct_ser.end()
    }
}
impl<'de> serde::Deserialize<'de> for ListLogsResponse {
    #[allow(deprecated)]
    fn deserialize<D>(deserializer: D) -> std::result::Result<Self, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        const FIELDS: &[&str] = &[
            "log_names",
            "logNames",
            "next_page_token",
            "nextPageToken",
        ];

        #[allow(clippy::enum_variant_names)]
        enum GeneratedField {
            LogNames,
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
                            "logNames" | "log_names" => Ok(GeneratedField::LogNames),
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
            type Value = ListLogsResponse;

            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str("struct google.logging.v2.ListLogsResponse")
            }

            fn visit_map<V>(self, mut map_: V) -> std::result::Result<ListLogsResponse, V::Error>
                where
                    V: serde::de::MapAccess<'de>,
            {
                let mut log_names__ = None;
                let mut next_page_token__ = None;
                while let Some(k) = map_.next_key()? {
                    match k {
                        GeneratedField::LogNames => {
                            if log_names__.is_some() {
                                return Err(serde::de::Error::duplicate_field("logNames"));
                            }
                            log_names__ = Some(map_.next_value()?);
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
                Ok(ListLogsResponse {
                    log_names: log_names__.unwrap_or_default(),
                    next_page_token: next_page_token__.unwrap_or_default(),
                })
            }
        }
        deserializer.deserialize_struct("google.logging.v2.ListLogsResponse", FIELDS, GeneratedVisitor)
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
        if self.page_size != 0 {
            len += 1;
        }
        if !self.page_token.is_empty() {
            len += 1;
        }
        let mut struct_ser = serializer.serialize_struct("google.logging.v2.ListMonitoredResourceDescriptorsRequest", len)?;
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
            "page_size",
            "pageSize",
            "page_token",
            "pageToken",
        ];

        #[allow(clippy::enum_variant_names)]
        enum GeneratedField {
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
                formatter.write_str("struct google.logging.v2.ListMonitoredResourceDescriptorsRequest")
            }

            fn visit_map<V>(self, mut map_: V) -> std::result::Result<ListMonitoredResourceDescriptorsRequest, V::Error>
                where
                    V: serde::de::MapAccess<'de>,
            {
                let mut page_size__ = None;
                let mut page_token__ = None;
                while let Some(k) = map_.next_key()? {
                    match k {
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
                    page_size: page_size__.unwrap_or_default(),
                    page_token: page_token__.unwrap_or_default(),
                })
            }
        }
        deserializer.deserialize_struct("google.logging.v2.ListMonitoredResourceDescriptorsRequest", FIELDS, GeneratedVisitor)
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
        let mut struct_ser = serializer.serialize_struct("google.logging.v2.ListMonitoredResourceDescriptorsResponse", len)?;
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
                formatter.write_str("struct google.logging.v2.ListMonitoredResourceDescriptorsResponse")
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
        deserializer.deserialize_struct("google.logging.v2.ListMonitoredResourceDescriptorsResponse", FIELDS, GeneratedVisitor)
    }
}
impl serde::Serialize for LogEntry {
    #[allow(deprecated)]
    fn serialize<S>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error>
    where
        S: serde::Serializer,
    {
        use serde::ser::SerializeStruct;
        let mut len = 0;
        if !self.log_name.is_empty() {
            len += 1;
        }
        if self.resource.is_some() {
            len += 1;
        }
        if self.timestamp.is_some() {
            len += 1;
        }
        if self.receive_timestamp.is_some() {
            len += 1;
        }
        if self.severity != 0 {
            len += 1;
        }
        if !self.insert_id.is_empty() {
            len += 1;
        }
        if self.http_request.is_some() {
            len += 1;
        }
        if !self.labels.is_empty() {
            len += 1;
        }
        if self.operation.is_some() {
            len += 1;
        }
        if !self.trace.is_empty() {
            len += 1;
        }
        if !self.span_id.is_empty() {
            len += 1;
        }
        if self.trace_sampled {
            len += 1;
        }
        if self.source_location.is_some() {
            len += 1;
        }
        if self.split.is_some() {
            len += 1;
        }
        if self.payload.is_some() {
            len += 1;
        }
        let mut struct_ser = serializer.serialize_struct("google.logging.v2.LogEntry", len)?;
        if !self.log_name.is_empty() {
            struct_ser.serialize_field("logName", &self.log_name)?;
        }
        if let Some(v) = self.resource.as_ref() {
            struct_ser.serialize_field("resource", v)?;
        }
        if let Some(v) = self.timestamp.as_ref() {
            struct_ser.serialize_field("timestamp", v)?;
        }
        if let Some(v) = self.receive_timestamp.as_ref() {
            struct_ser.serialize_field("receiveTimestamp", v)?;
        }
        if self.severity != 0 {
            let v = super::r#type::LogSeverity::try_from(self.severity)
                .map_err(|_| serde::ser::Error::custom(format!("Invalid variant {}", self.severity)))?;
            struct_ser.serialize_field("severity", &v)?;
        }
        if !self.insert_id.is_empty() {
            struct_ser.serialize_field("insertId", &self.insert_id)?;
        }
        if let Some(v) = self.http_request.as_ref() {
            struct_ser.serialize_field("httpRequest", v)?;
        }
        if !self.labels.is_empty() {
            struct_ser.serialize_field("labels", &self.labels)?;
        }
        if let Some(v) = self.operation.as_ref() {
            struct_ser.serialize_field("operation", v)?;
        }
        if !self.trace.is_empty() {
            struct_ser.serialize_field("trace", &self.trace)?;
        }
        if !self.span_id.is_empty() {
            struct_ser.serialize_field("spanId", &self.span_id)?;
        }
        if self.trace_sampled {
            struct_ser.serialize_field("traceSampled", &self.trace_sampled)?;
        }
        if let Some(v) = self.source_location.as_ref() {
            struct_ser.serialize_field("sourceLocation", v)?;
        }
        if let Some(v) = self.split.as_ref() {
            struct_ser.serialize_field("split", v)?;
        }
        if let Some(v) = self.payload.as_ref() {
            match v {
                log_entry::Payload::ProtoPayload(v) => {
                    struct_ser.serialize_field("protoPayload", v)?;
                }
                log_entry::Payload::TextPayload(v) => {
                    struct_ser.serialize_field("textPayload", v)?;
                }
                log_entry::Payload::JsonPayload(v) => {
                    struct_ser.serialize_field("jsonPayload", v)?;
                }
            }
        }
        struct_ser.end()
    }
}
impl<'de> serde::Deserialize<'de> for LogEntry {
    #[allow(deprecated)]
    fn deserialize<D>(deserializer: D) -> std::result::Result<Self, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        const FIELDS: &[&str] = &[
            "log_name",
            "logName",
            "resource",
            "timestamp",
            "receive_timestamp",
            "receiveTimestamp",
            "severity",
            "insert_id",
            "insertId",
            "http_request",
            "httpRequest",
            "labels",
            "operation",
            "trace",
            "span_id",
            "spanId",
            "trace_sampled",
            "traceSampled",
            "source_location",
            "sourceLocation",
            "split",
            "proto_payload",
            "protoPayload",
            "text_payload",
            "textPayload",
            "json_payload",
            "jsonPayload",
        ];

        #[allow(clippy::enum_variant_names)]
        enum GeneratedField {
            LogName,
            Resource,
            Timestamp,
            ReceiveTimestamp,
            Severity,
            InsertId,
            HttpRequest,
            Labels,
            Operation,
            Trace,
            SpanId,
            TraceSampled,
            SourceLocation,
            Split,
            ProtoPayload,
            TextPayload,
            JsonPayload,
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
                            "logName" | "log_name" => Ok(GeneratedField::LogName),
                            "resource" => Ok(GeneratedField::Resource),
                            "timestamp" => Ok(GeneratedField::Timestamp),
                            "receiveTimestamp" | "receive_timestamp" => Ok(GeneratedField::ReceiveTimestamp),
                            "severity" => Ok(GeneratedField::Severity),
                            "insertId" | "insert_id" => Ok(GeneratedField::InsertId),
                            "httpRequest" | "http_request" => Ok(GeneratedField::HttpRequest),
                            "labels" => Ok(GeneratedField::Labels),
                            "operation" => Ok(GeneratedField::Operation),
                            "trace" => Ok(GeneratedField::Trace),
                            "spanId" | "span_id" => Ok(GeneratedField::SpanId),
                            "traceSampled" | "trace_sampled" => Ok(GeneratedField::TraceSampled),
                            "sourceLocation" | "source_location" => Ok(GeneratedField::SourceLocation),
                            "split" => Ok(GeneratedField::Split),
                            "protoPayload" | "proto_payload" => Ok(GeneratedField::ProtoPayload),
                            "textPayload" | "text_payload" => Ok(GeneratedField::TextPayload),
                            "jsonPayload" | "json_payload" => Ok(GeneratedField::JsonPayload),
                            _ => Ok(GeneratedField::__SkipField__),
                        }
                    }
                }
                deserializer.deserialize_identifier(GeneratedVisitor)
            }
        }
        struct GeneratedVisitor;
        impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
            type Value = LogEntry;

            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str("struct google.logging.v2.LogEntry")
            }

            fn visit_map<V>(self, mut map_: V) -> std::result::Result<LogEntry, V::Error>
                where
                    V: serde::de::MapAccess<'de>,
            {
                let mut log_name__ = None;
                let mut resource__ = None;
                let mut timestamp__ = None;
                let mut receive_timestamp__ = None;
                let mut severity__ = None;
                let mut insert_id__ = None;
                let mut http_request__ = None;
                let mut labels__ = None;
                let mut operation__ = None;
                let mut trace__ = None;
                let mut span_id__ = None;
                let mut trace_sampled__ = None;
                let mut source_location__ = None;
                let mut split__ = None;
                let mut payload__ = None;
                while let Some(k) = map_.next_key()? {
                    match k {
                        GeneratedField::LogName => {
                            if log_name__.is_some() {
                                return Err(serde::de::Error::duplicate_field("logName"));
                            }
                            log_name__ = Some(map_.next_value()?);
                        }
                        GeneratedField::Resource => {
                            if resource__.is_some() {
                                return Err(serde::de::Error::duplicate_field("resource"));
                            }
                            resource__ = map_.next_value()?;
                        }
                        GeneratedField::Timestamp => {
                            if timestamp__.is_some() {
                                return Err(serde::de::Error::duplicate_field("timestamp"));
                            }
                            timestamp__ = map_.next_value()?;
                        }
                        GeneratedField::ReceiveTimestamp => {
                            if receive_timestamp__.is_some() {
                                return Err(serde::de::Error::duplicate_field("receiveTimestamp"));
                            }
                            receive_timestamp__ = map_.next_value()?;
                        }
                        GeneratedField::Severity => {
                            if severity__.is_some() {
                                return Err(serde::de::Error::duplicate_field("severity"));
                            }
                            severity__ = Some(map_.next_value::<super::r#type::LogSeverity>()? as i32);
                        }
                        GeneratedField::InsertId => {
                            if insert_id__.is_some() {
                                return Err(serde::de::Error::duplicate_field("insertId"));
                            }
                            insert_id__ = Some(map_.next_value()?);
                        }
                        GeneratedField::HttpRequest => {
                            if http_request__.is_some() {
                                return Err(serde::de::Error::duplicate_field("httpRequest"));
                            }
                            http_request__ = map_.next_value()?;
                        }
                        GeneratedField::Labels => {
                            if labels__.is_some() {
                                return Err(serde::de::Error::duplicate_field("labels"));
                            }
                            labels__ = Some(
                                map_.next_value::<std::collections::HashMap<_, _>>()?
                            );
                        }
                        GeneratedField::Operation => {
                            if operation__.is_some() {
                                return Err(serde::de::Error::duplicate_field("operation"));
                            }
                            operation__ = map_.next_value()?;
                        }
                        GeneratedField::Trace => {
                            if trace__.is_some() {
                                return Err(serde::de::Error::duplicate_field("trace"));
                            }
                            trace__ = Some(map_.next_value()?);
                        }
                        GeneratedField::SpanId => {
                            if span_id__.is_some() {
                                return Err(serde::de::Error::duplicate_field("spanId"));
                            }
                            span_id__ = Some(map_.next_value()?);
                        }
                        GeneratedField::TraceSampled => {
                            if trace_sampled__.is_some() {
                                return Err(serde::de::Error::duplicate_field("traceSampled"));
                            }
                            trace_sampled__ = Some(map_.next_value()?);
                        }
                        GeneratedField::SourceLocation => {
                            if source_location__.is_some() {
                                return Err(serde::de::Error::duplicate_field("sourceLocation"));
                            }
                            source_location__ = map_.next_value()?;
                        }
                        GeneratedField::Split => {
                            if split__.is_some() {
                                return Err(serde::de::Error::duplicate_field("split"));
                            }
                            split__ = map_.next_value()?;
                        }
                        GeneratedField::ProtoPayload => {
                            if payload__.is_some() {
                                return Err(serde::de::Error::duplicate_field("protoPayload"));
                            }
                            payload__ = map_.next_value::<::std::option::Option<_>>()?.map(log_entry::Payload::ProtoPayload)
;
                        }
                        GeneratedField::TextPayload => {
                            if payload__.is_some() {
                                return Err(serde::de::Error::duplicate_field("textPayload"));
                            }
                            payload__ = map_.next_value::<::std::option::Option<_>>()?.map(log_entry::Payload::TextPayload);
                        }
                        GeneratedField::JsonPayload => {
                            if payload__.is_some() {
                                return Err(serde::de::Error::duplicate_field("jsonPayload"));
                            }
                            payload__ = map_.next_value::<::std::option::Option<_>>()?.map(log_entry::Payload::JsonPayload)
;
                        }
                        GeneratedField::__SkipField__ => {
                            let _ = map_.next_value::<serde::de::IgnoredAny>()?;
                        }
                    }
                }
                Ok(LogEntry {
                    log_name: log_name__.unwrap_or_default(),
                    resource: resource__,
                    timestamp: timestamp__,
                    receive_timestamp: receive_timestamp__,
                    severity: severity__.unwrap_or_default(),
                    insert_id: insert_id__.unwrap_or_default(),
                    http_request: http_request__,
                    labels: labels__.unwrap_or_default(),
                    operation: operation__,
                    trace: trace__.unwrap_or_default(),
                    span_id: span_id__.unwrap_or_default(),
                    trace_sampled: trace_sampled__.unwrap_or_default(),
                    source_location: source_location__,
                    split: split__,
                    payload: payload__,
                })
            }
        }
        deserializer.deserialize_struct("google.logging.v2.LogEntry", FIELDS, GeneratedVisitor)
    }
}
impl serde::Serialize for LogEntryOperation {
    #[allow(deprecated)]
    fn serialize<S>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error>
    where
        S: serde::Serializer,
    {
        use serde::ser::SerializeStruct;
        let mut len = 0;
        if !self.id.is_empty() {
            len += 1;
        }
        if !self.producer.is_empty() {
            len += 1;
        }
        if self.first {
            len += 1;
        }
        if self.last {
            len += 1;
        }
        let mut struct_ser = serializer.serialize_struct("google.logging.v2.LogEntryOperation", len)?;
        if !self.id.is_empty() {
            struct_ser.serialize_field("id", &self.id)?;
        }
        if !self.producer.is_empty() {
            struct_ser.serialize_field("producer", &self.producer)?;
        }
        if self.first {
            struct_ser.serialize_field("first", &self.first)?;
        }
        if self.last {
            struct_ser.serialize_field("last", &self.last)?;
        }
        struct_ser.end()
    }
}
impl<'de> serde::Deserialize<'de> for LogEntryOperation {
    #[allow(deprecated)]
    fn deserialize<D>(deserializer: D) -> std::result::Result<Self, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        const FIELDS: &[&str] = &[
            "id",
            "producer",
            "first",
            "last",
        ];

        #[allow(clippy::enum_variant_names)]
        enum GeneratedField {
            Id,
            Producer,
            First,
            Last,
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
                            "id" => Ok(GeneratedField::Id),
                            "producer" => Ok(GeneratedField::Producer),
                            "first" => Ok(GeneratedField::First),
                            "last" => Ok(GeneratedField::Last),
                            _ => Ok(GeneratedField::__SkipField__),
                        }
                    }
                }
                deserializer.deserialize_identifier(GeneratedVisitor)
            }
        }
        struct GeneratedVisitor;
        impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
            type Value = LogEntryOperation;

            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str("struct google.logging.v2.LogEntryOperation")
            }

            fn visit_map<V>(self, mut map_: V) -> std::result::Result<LogEntryOperation, V::Error>
                where
                    V: serde::de::MapAccess<'de>,
            {
                let mut id__ = None;
                let mut producer__ = None;
                let mut first__ = None;
                let mut last__ = None;
                while let Some(k) = map_.next_key()? {
                    match k {
                        GeneratedField::Id => {
                            if id__.is_some() {
                                return Err(serde::de::Error::duplicate_field("id"));
                            }
                            id__ = Some(map_.next_value()?);
                        }
                        GeneratedField::Producer => {
                            if producer__.is_some() {
                                return Err(serde::de::Error::duplicate_field("producer"));
                            }
                            producer__ = Some(map_.next_value()?);
                        }
                        GeneratedField::First => {
                            if first__.is_some() {
                                return Err(serde::de::Error::duplicate_field("first"));
                            }
                            first__ = Some(map_.next_value()?);
                        }
                        GeneratedField::Last => {
                            if last__.is_some() {
                                return Err(serde::de::Error::duplicate_field("last"));
                            }
                            last__ = Some(map_.next_value()?);
                        }
                        GeneratedField::__SkipField__ => {
                            let _ = map_.next_value::<serde::de::IgnoredAny>()?;
                        }
                    }
                }
                Ok(LogEntryOperation {
                    id: id__.unwrap_or_default(),
                    producer: producer__.unwrap_or_default(),
                    first: first__.unwrap_or_default(),
                    last: last__.unwrap_or_default(),
                })
            }
        }
        deserializer.deserialize_struct("google.logging.v2.LogEntryOperation", FIELDS, GeneratedVisitor)
    }
}
impl serde::Serialize for LogEntrySourceLocation {
    #[allow(deprecated)]
    fn serialize<S>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error>
    where
        S: serde::Serializer,
    {
        use serde::ser::SerializeStruct;
        let mut len = 0;
        if !self.file.is_empty() {
            len += 1;
        }
        if self.line != 0 {
            len += 1;
        }
        if !self.function.is_empty() {
            len += 1;
        }
        let mut struct_ser = serializer.serialize_struct("google.logging.v2.LogEntrySourceLocation", len)?;
        if !self.file.is_empty() {
            struct_ser.serialize_field("file", &self.file)?;
        }
        if self.line != 0 {
            #[allow(clippy::needless_borrow)]
            #[allow(clippy::needless_borrows_for_generic_args)]
            struct_ser.serialize_field("line", ToString::to_string(&self.line).as_str())?;
        }
        if !self.function.is_empty() {
            struct_ser.serialize_field("function", &self.function)?;
        }
        struct_ser.end()
    }
}
impl<'de> serde::Deserialize<'de> for LogEntrySourceLocation {
    #[allow(deprecated)]
    fn deserialize<D>(deserializer: D) -> std::result::Result<Self, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        const FIELDS: &[&str] = &[
            "file",
            "line",
            "function",
        ];

        #[allow(clippy::enum_variant_names)]
        enum GeneratedField {
            File,
            Line,
            Function,
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
                            "file" => Ok(GeneratedField::File),
                            "line" => Ok(GeneratedField::Line),
                            "function" => Ok(GeneratedField::Function),
                            _ => Ok(GeneratedField::__SkipField__),
                        }
                    }
                }
                deserializer.deserialize_identifier(GeneratedVisitor)
            }
        }
        struct GeneratedVisitor;
        impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
            type Value = LogEntrySourceLocation;

            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str("struct google.logging.v2.LogEntrySourceLocation")
            }

            fn visit_map<V>(self, mut map_: V) -> std::result::Result<LogEntrySourceLocation, V::Error>
                where
                    V: serde::de::MapAccess<'de>,
            {
                let mut file__ = None;
                let mut line__ = None;
                let mut function__ = None;
                while let Some(k) = map_.next_key()? {
                    match k {
                        GeneratedField::File => {
                            if file__.is_some() {
                                return Err(serde::de::Error::duplicate_field("file"));
                            }
                            file__ = Some(map_.next_value()?);
                        }
                        GeneratedField::Line => {
                            if line__.is_some() {
                                return Err(serde::de::Error::duplicate_field("line"));
                            }
                            line__ = 
                                Some(map_.next_value::<::pbjson::private::NumberDeserialize<_>>()?.0)
                            ;
                        }
                        GeneratedField::Function => {
                            if function__.is_some() {
                                return Err(serde::de::Error::duplicate_field("function"));
                            }
                            function__ = Some(map_.next_value()?);
                        }
                        GeneratedField::__SkipField__ => {
                            let _ = map_.next_value::<serde::de::IgnoredAny>()?;
                        }
                    }
                }
                Ok(LogEntrySourceLocation {
                    file: file__.unwrap_or_default(),
                    line: line__.unwrap_or_default(),
                    function: function__.unwrap_or_default(),
                })
            }
        }
        deserializer.deserialize_struct("google.logging.v2.LogEntrySourceLocation", FIELDS, GeneratedVisitor)
    }
}
impl serde::Serialize for LogSplit {
    #[allow(deprecated)]
    fn serialize<S>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error>
    where
        S: serde::Serializer,
    {
        use serde::ser::SerializeStruct;
        let mut len = 0;
        if !self.uid.is_empty() {
            len += 1;
        }
        if self.index != 0 {
            len += 1;
        }
        if self.total_splits != 0 {
            len += 1;
        }
        let mut struct_ser = serializer.serialize_struct("google.logging.v2.LogSplit", len)?;
        if !self.uid.is_empty() {
            struct_ser.serialize_field("uid", &self.uid)?;
        }
        if self.index != 0 {
            struct_ser.serialize_field("index", &self.index)?;
        }
        if self.total_splits != 0 {
            struct_ser.serialize_field("totalSplits", &self.total_splits)?;
        }
        struct_ser.end()
    }
}
impl<'de> serde::Deserialize<'de> for LogSplit {
    #[allow(deprecated)]
    fn deserialize<D>(deserializer: D) -> std::result::Result<Self, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        const FIELDS: &[&str] = &[
            "uid",
            "index",
            "total_splits",
            "totalSplits",
        ];

        #[allow(clippy::enum_variant_names)]
        enum GeneratedField {
            Uid,
            Index,
            TotalSplits,
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
                            "uid" => Ok(GeneratedField::Uid),
                            "index" => Ok(GeneratedField::Index),
                            "totalSplits" | "total_splits" => Ok(GeneratedField::TotalSplits),
                            _ => Ok(GeneratedField::__SkipField__),
                        }
                    }
                }
                deserializer.deserialize_identifier(GeneratedVisitor)
            }
        }
        struct GeneratedVisitor;
        impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
            type Value = LogSplit;

            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str("struct google.logging.v2.LogSplit")
            }

            fn visit_map<V>(self, mut map_: V) -> std::result::Result<LogSplit, V::Error>
                where
                    V: serde::de::MapAccess<'de>,
            {
                let mut uid__ = None;
                let mut index__ = None;
                let mut total_splits__ = None;
                while let Some(k) = map_.next_key()? {
                    match k {
                        GeneratedField::Uid => {
                            if uid__.is_some() {
                                return Err(serde::de::Error::duplicate_field("uid"));
                            }
                            uid__ = Some(map_.next_value()?);
                        }
                        GeneratedField::Index => {
                            if index__.is_some() {
                                return Err(serde::de::Error::duplicate_field("index"));
                            }
                            index__ = 
                                Some(map_.next_value::<::pbjson::private::NumberDeserialize<_>>()?.0)
                            ;
                        }
                        GeneratedField::TotalSplits => {
                            if total_splits__.is_some() {
                                return Err(serde::de::Error::duplicate_field("totalSplits"));
                            }
                            total_splits__ = 
                                Some(map_.next_value::<::pbjson::private::NumberDeserialize<_>>()?.0)
                            ;
                        }
                        GeneratedField::__SkipField__ => {
                            let _ = map_.next_value::<serde::de::IgnoredAny>()?;
                        }
                    }
                }
                Ok(LogSplit {
                    uid: uid__.unwrap_or_default(),
                    index: index__.unwrap_or_default(),
                    total_splits: total_splits__.unwrap_or_default(),
                })
            }
        }
        deserializer.deserialize_struct("google.logging.v2.LogSplit", FIELDS, GeneratedVisitor)
    }
}
impl serde::Serialize for TailLogEntriesRequest {
    #[allow(deprecated)]
    fn serialize<S>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error>
    where
        S: serde::Serializer,
    {
        use serde::ser::SerializeStruct;
        let mut len = 0;
        if !self.resource_names.is_empty() {
            len += 1;
        }
        if !self.filter.is_empty() {
            len += 1;
        }
        if self.buffer_window.is_some() {
            len += 1;
        }
        let mut struct_ser = serializer.serialize_struct("google.logging.v2.TailLogEntriesRequest", len)?;
        if !self.resource_names.is_empty() {
            struct_ser.serialize_field("resourceNames", &self.resource_names)?;
        }
        if !self.filter.is_empty() {
            struct_ser.serialize_field("filter", &self.filter)?;
        }
        if let Some(v) = self.buffer_window.as_ref() {
            struct_ser.serialize_field("bufferWindow", v)?;
        }
        struct_ser.end()
    }
}
impl<'de> serde::Deserialize<'de> for TailLogEntriesRequest {
    #[allow(deprecated)]
    fn deserialize<D>(deserializer: D) -> std::result::Result<Self, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        const FIELDS: &[&str] = &[
            "resource_names",
            "resourceNames",
            "filter",
            "buffer_window",
            "bufferWindow",
        ];

        #[allow(clippy::enum_variant_names)]
        enum GeneratedField {
            ResourceNames,
            Filter,
            BufferWindow,
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
                            "resourceNames" | "resource_names" => Ok(GeneratedField::ResourceNames),
                            "filter" => Ok(GeneratedField::Filter),
                            "bufferWindow" | "buffer_window" => Ok(GeneratedField::BufferWindow),
                            _ => Ok(GeneratedField::__SkipField__),
                        }
                    }
                }
                deserializer.deserialize_identifier(GeneratedVisitor)
            }
        }
        struct GeneratedVisitor;
        impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
            type Value = TailLogEntriesRequest;

            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str("struct google.logging.v2.TailLogEntriesRequest")
            }

            fn visit_map<V>(self, mut map_: V) -> std::result::Result<TailLogEntriesRequest, V::Error>
                where
                    V: serde::de::MapAccess<'de>,
            {
                let mut resource_names__ = None;
                let mut filter__ = None;
                let mut buffer_window__ = None;
                while let Some(k) = map_.next_key()? {
                    match k {
                        GeneratedField::ResourceNames => {
                            if resource_names__.is_some() {
                                return Err(serde::de::Error::duplicate_field("resourceNames"));
                            }
                            resource_names__ = Some(map_.next_value()?);
                        }
                        GeneratedField::Filter => {
                            if filter__.is_some() {
                                return Err(serde::de::Error::duplicate_field("filter"));
                            }
                            filter__ = Some(map_.next_value()?);
                        }
                        GeneratedField::BufferWindow => {
                            if buffer_window__.is_some() {
                                return Err(serde::de::Error::duplicate_field("bufferWindow"));
                            }
                            buffer_window__ = map_.next_value()?;
                        }
                        GeneratedField::__SkipField__ => {
                            let _ = map_.next_value::<serde::de::IgnoredAny>()?;
                        }
                    }
                }
                Ok(TailLogEntriesRequest {
                    resource_names: resource_names__.unwrap_or_default(),
                    filter: filter__.unwrap_or_default(),
                    buffer_window: buffer_window__,
                })
            }
        }
        deserializer.deserialize_struct("google.logging.v2.TailLogEntriesRequest", FIELDS, GeneratedVisitor)
    }
}
impl serde::Serialize for TailLogEntriesResponse {
    #[allow(deprecated)]
    fn serialize<S>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error>
    where
        S: serde::Serializer,
    {
        use serde::ser::SerializeStruct;
        let mut len = 0;
        if !self.entries.is_empty() {
            len += 1;
        }
        if !self.suppression_info.is_empty() {
            len += 1;
        }
        let mut struct_ser = serializer.serialize_struct("google.logging.v2.TailLogEntriesResponse", len)?;
        if !self.entries.is_empty() {
            struct_ser.serialize_field("entries", &self.entries)?;
        }
        if !self.suppression_info.is_empty() {
            struct_ser.serialize_field("suppressionInfo", &self.suppression_info)?;
        }
        struct_ser.end()
    }
}
impl<'de> serde::Deserialize<'de> for TailLogEntriesResponse {
    #[allow(deprecated)]
    fn deserialize<D>(deserializer: D) -> std::result::Result<Self, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        const FIELDS: &[&str] = &[
            "entries",
            "suppression_info",
            "suppressionInfo",
        ];

        #[allow(clippy::enum_variant_names)]
        enum GeneratedField {
            Entries,
            SuppressionInfo,
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
                            "entries" => Ok(GeneratedField::Entries),
                            "suppressionInfo" | "suppression_info" => Ok(GeneratedField::SuppressionInfo),
                            _ => Ok(GeneratedField::__SkipField__),
                        }
                    }
                }
                deserializer.deserialize_identifier(GeneratedVisitor)
            }
        }
        struct GeneratedVisitor;
        impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
            type Value = TailLogEntriesResponse;

            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str("struct google.logging.v2.TailLogEntriesResponse")
            }

            fn visit_map<V>(self, mut map_: V) -> std::result::Result<TailLogEntriesResponse, V::Error>
                where
                    V: serde::de::MapAccess<'de>,
            {
                let mut entries__ = None;
                let mut suppression_info__ = None;
                while let Some(k) = map_.next_key()? {
                    match k {
                        GeneratedField::Entries => {
                            if entries__.is_some() {
                                return Err(serde::de::Error::duplicate_field("entries"));
                            }
                            entries__ = Some(map_.next_value()?);
                        }
                        GeneratedField::SuppressionInfo => {
                            if suppression_info__.is_some() {
                                return Err(serde::de::Error::duplicate_field("suppressionInfo"));
                            }
                            suppression_info__ = Some(map_.next_value()?);
                        }
                        GeneratedField::__SkipField__ => {
                            let _ = map_.next_value::<serde::de::IgnoredAny>()?;
                        }
                    }
                }
                Ok(TailLogEntriesResponse {
                    entries: entries__.unwrap_or_default(),
                    suppression_info: suppression_info__.unwrap_or_default(),
                })
            }
        }
        deserializer.deserialize_struct("google.logging.v2.TailLogEntriesResponse", FIELDS, GeneratedVisitor)
    }
}
impl serde::Serialize for tail_log_entries_response::SuppressionInfo {
    #[allow(deprecated)]
    fn serialize<S>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error>
    where
        S: serde::Serializer,
    {
        use serde::ser::SerializeStruct;
        let mut len = 0;
        if self.reason != 0 {
            len += 1;
        }
        if self.suppressed_count != 0 {
            len += 1;
        }
        let mut struct_ser = serializer.serialize_struct("google.logging.v2.TailLogEntriesResponse.SuppressionInfo", len)?;
        if self.reason != 0 {
            let v = tail_log_entries_response::suppression_info::Reason::try_from(self.reason)
                .map_err(|_| serde::ser::Error::custom(format!("Invalid variant {}", self.reason)))?;
            struct_ser.serialize_field("reason", &v)?;
        }
        if self.suppressed_count != 0 {
            struct_ser.serialize_field("suppressedCount", &self.suppressed_count)?;
        }
        struct_ser.end()
    }
}
impl<'de> serde::Deserialize<'de> for tail_log_entries_response::SuppressionInfo {
    #[allow(deprecated)]
    fn deserialize<D>(deserializer: D) -> std::result::Result<Self, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        const FIELDS: &[&str] = &[
            "reason",
            "suppressed_count",
            "suppressedCount",
        ];

        #[allow(clippy::enum_variant_names)]
        enum GeneratedField {
            Reason,
            SuppressedCount,
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
                            "reason" => Ok(GeneratedField::Reason),
                            "suppressedCount" | "suppressed_count" => Ok(GeneratedField::SuppressedCount),
                            _ => Ok(GeneratedField::__SkipField__),
                        }
                    }
                }
                deserializer.deserialize_identifier(GeneratedVisitor)
            }
        }
        struct GeneratedVisitor;
        impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
            type Value = tail_log_entries_response::SuppressionInfo;

            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str("struct google.logging.v2.TailLogEntriesResponse.SuppressionInfo")
            }

            fn visit_map<V>(self, mut map_: V) -> std::result::Result<tail_log_entries_response::SuppressionInfo, V::Error>
                where
                    V: serde::de::MapAccess<'de>,
            {
                let mut reason__ = None;
                let mut suppressed_count__ = None;
                while let Some(k) = map_.next_key()? {
                    match k {
                        GeneratedField::Reason => {
                            if reason__.is_some() {
                                return Err(serde::de::Error::duplicate_field("reason"));
                            }
                            reason__ = Some(map_.next_value::<tail_log_entries_response::suppression_info::Reason>()? as i32);
                        }
                        GeneratedField::SuppressedCount => {
                            if suppressed_count__.is_some() {
                                return Err(serde::de::Error::duplicate_field("suppressedCount"));
                            }
                            suppressed_count__ = 
                                Some(map_.next_value::<::pbjson::private::NumberDeserialize<_>>()?.0)
                            ;
                        }
                        GeneratedField::__SkipField__ => {
                            let _ = map_.next_value::<serde::de::IgnoredAny>()?;
                        }
                    }
                }
                Ok(tail_log_entries_response::SuppressionInfo {
                    reason: reason__.unwrap_or_default(),
                    suppressed_count: suppressed_count__.unwrap_or_default(),
                })
            }
        }
        deserializer.deserialize_struct("google.logging.v2.TailLogEntriesResponse.SuppressionInfo", FIELDS, GeneratedVisitor)
    }
}
impl serde::Serialize for tail_log_entries_response::suppression_info::Reason {
    #[allow(deprecated)]
    fn serialize<S>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error>
    where
        S: serde::Serializer,
    {
        let variant = match self {
            Self::Unspecified => "REASON_UNSPECIFIED",
            Self::RateLimit => "RATE_LIMIT",
            Self::NotConsumed => "NOT_CONSUMED",
        };
        serializer.serialize_str(variant)
    }
}
impl<'de> serde::Deserialize<'de> for tail_log_entries_response::suppression_info::Reason {
    #[allow(deprecated)]
    fn deserialize<D>(deserializer: D) -> std::result::Result<Self, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        const FIELDS: &[&str] = &[
            "REASON_UNSPECIFIED",
            "RATE_LIMIT",
            "NOT_CONSUMED",
        ];

        struct GeneratedVisitor;

        impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
            type Value = tail_log_entries_response::suppression_info::Reason;

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
                    "REASON_UNSPECIFIED" => Ok(tail_log_entries_response::suppression_info::Reason::Unspecified),
                    "RATE_LIMIT" => Ok(tail_log_entries_response::suppression_info::Reason::RateLimit),
                    "NOT_CONSUMED" => Ok(tail_log_entries_response::suppression_info::Reason::NotConsumed),
                    _ => Err(serde::de::Error::unknown_variant(value, FIELDS)),
                }
            }
        }
        deserializer.deserialize_any(GeneratedVisitor)
    }
}
impl serde::Serialize for WriteLogEntriesPartialErrors {
    #[allow(deprecated)]
    fn serialize<S>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error>
    where
        S: serde::Serializer,
    {
        use serde::ser::SerializeStruct;
        let mut len = 0;
        if !self.log_entry_errors.is_empty() {
            len += 1;
        }
        let mut struct_ser = serializer.serialize_struct("google.logging.v2.WriteLogEntriesPartialErrors", len)?;
        if !self.log_entry_errors.is_empty() {
            struct_ser.serialize_field("logEntryErrors", &self.log_entry_errors)?;
        }
        struct_ser.end()
    }
}
impl<'de> serde::Deserialize<'de> for WriteLogEntriesPartialErrors {
    #[allow(deprecated)]
    fn deserialize<D>(deserializer: D) -> std::result::Result<Self, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        const FIELDS: &[&str] = &[
            "log_entry_errors",
            "logEntryErrors",
        ];

        #[allow(clippy::enum_variant_names)]
        enum GeneratedField {
            LogEntryErrors,
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
                            "logEntryErrors" | "log_entry_errors" => Ok(GeneratedField::LogEntryErrors),
                            _ => Ok(GeneratedField::__SkipField__),
                        }
                    }
                }
                deserializer.deserialize_identifier(GeneratedVisitor)
            }
        }
        struct GeneratedVisitor;
        impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
            type Value = WriteLogEntriesPartialErrors;

            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str("struct google.logging.v2.WriteLogEntriesPartialErrors")
            }

            fn visit_map<V>(self, mut map_: V) -> std::result::Result<WriteLogEntriesPartialErrors, V::Error>
                where
                    V: serde::de::MapAccess<'de>,
            {
                let mut log_entry_errors__ = None;
                while let Some(k) = map_.next_key()? {
                    match k {
                        GeneratedField::LogEntryErrors => {
                            if log_entry_errors__.is_some() {
                                return Err(serde::de::Error::duplicate_field("logEntryErrors"));
                            }
                            log_entry_errors__ = Some(
                                map_.next_value::<std::collections::HashMap<::pbjson::private::NumberDeserialize<i32>, _>>()?
                                    .into_iter().map(|(k,v)| (k.0, v)).collect()
                            );
                        }
                        GeneratedField::__SkipField__ => {
                            let _ = map_.next_value::<serde::de::IgnoredAny>()?;
                        }
                    }
                }
                Ok(WriteLogEntriesPartialErrors {
                    log_entry_errors: log_entry_errors__.unwrap_or_default(),
                })
            }
        }
        deserializer.deserialize_struct("google.logging.v2.WriteLogEntriesPartialErrors", FIELDS, GeneratedVisitor)
    }
}
impl serde::Serialize for WriteLogEntriesRequest {
    #[allow(deprecated)]
    fn serialize<S>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error>
    where
        S: serde::Serializer,
    {
        use serde::ser::SerializeStruct;
        let mut len = 0;
        if !self.log_name.is_empty() {
            len += 1;
        }
        if self.resource.is_some() {
            len += 1;
        }
        if !self.labels.is_empty() {
            len += 1;
        }
        if !self.entries.is_empty() {
            len += 1;
        }
        if self.partial_success {
            len += 1;
        }
        if self.dry_run {
            len += 1;
        }
        let mut struct_ser = serializer.serialize_struct("google.logging.v2.WriteLogEntriesRequest", len)?;
        if !self.log_name.is_empty() {
            struct_ser.serialize_field("logName", &self.log_name)?;
        }
        if let Some(v) = self.resource.as_ref() {
            struct_ser.serialize_field("resource", v)?;
        }
        if !self.labels.is_empty() {
            struct_ser.serialize_field("labels", &self.labels)?;
        }
        if !self.entries.is_empty() {
            struct_ser.serialize_field("entries", &self.entries)?;
        }
        if self.partial_success {
            struct_ser.serialize_field("partialSuccess", &self.partial_success)?;
        }
        if self.dry_run {
            struct_ser.serialize_field("dryRun", &self.dry_run)?;
        }
        struct_ser.end()
    }
}
impl<'de> serde::Deserialize<'de> for WriteLogEntriesRequest {
    #[allow(deprecated)]
    fn deserialize<D>(deserializer: D) -> std::result::Result<Self, D::Error>
    where
        D: serde::Deserializer<'de>,
    {
        const FIELDS: &[&str] = &[
            "log_name",
            "logName",
            "resource",
            "labels",
            "entries",
            "partial_success",
            "partialSuccess",
            "dry_run",
            "dryRun",
        ];

        #[allow(clippy::enum_variant_names)]
        enum GeneratedField {
            LogName,
            Resource,
            Labels,
            Entries,
            PartialSuccess,
            DryRun,
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
                            "logName" | "log_name" => Ok(GeneratedField::LogName),
                            "resource" => Ok(GeneratedField::Resource),
                            "labels" => Ok(GeneratedField::Labels),
                            "entries" => Ok(GeneratedField::Entries),
                            "partialSuccess" | "partial_success" => Ok(GeneratedField::PartialSuccess),
                            "dryRun" | "dry_run" => Ok(GeneratedField::DryRun),
                            _ => Ok(GeneratedField::__SkipField__),
                        }
                    }
                }
                deserializer.deserialize_identifier(GeneratedVisitor)
            }
        }
        struct GeneratedVisitor;
        impl<'de> serde::de::Visitor<'de> for GeneratedVisitor {
            type Value = WriteLogEntriesRequest;

            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str("struct google.logging.v2.WriteLogEntriesRequest")
            }

            fn visit_map<V>(self, mut map_: V) -> std::result::Result<WriteLogEntriesRequest, V::Error>
                where
                    V: serde::de::MapAccess<'de>,
            {
                let mut log_name__ = None;
                let mut resource__ = None;
                let mut labels__ = None;
                let mut entries__ = None;
                let mut partial_success__ = None;
                let mut dry_run__ = None;
                while let Some(k) = map_.next_key()? {
                    match k {
                        GeneratedField::LogName => {
                            if log_name__.is_some() {
                                return Err(serde::de::Error::duplicate_field("logName"));
                            }
                            log_name__ = Some(map_.next_value()?);
                        }
                        GeneratedField::Resource => {
                            if resource__.is_some() {
                                return Err(serde::de::Error::duplicate_field("resource"));
                            }
                            resource__ = map_.next_value()?;
                        }
                        GeneratedField::Labels => {
                            if labels__.is_some() {
                                return Err(serde::de::Error::duplicate_field("labels"));
                            }
                            labels__ = Some(
                                map_.next_value::<std::collections::HashMap<_, _>>()?
                            );
                        }
                        GeneratedField::Entries => {
                            if entries__.is_some() {
                                return Err(serde::de::Error::duplicate_field("entries"));
                            }
                            entries__ = Some(map_.next_value()?);
                        }
                        GeneratedField::PartialSuccess => {
                            if partial_success__.is_some() {
                                return Err(serde::de::Error::duplicate_field("partialSuccess"));
                            }
                            partial_success__ = Some(map_.next_value()?);
                        }
                        GeneratedField::DryRun => {
                            if dry_run__.is_some() {
                                return Err(serde::de::Error::duplicate_field("dryRun"));
                            }
                            dry_run__ = Some(map_.next_value()?);
                        }
                        GeneratedField::__SkipField__ => {
                            let _ = map_.next_value::<serde::de::IgnoredAny>()?;
                        }
                    }
                }
                Ok(WriteLogEntriesRequest {
                    log_name: log_name__.unwrap_or_default(),
                    resource: resource__,
                    labels: labels__.unwrap_or_default(),
                    entries: entries__.unwrap_or_default(),
                    partial_success: partial_success__.unwrap_or_default(),
                    dry_run: dry_run__.unwrap_or_default(),
                })
            }
        }
        deserializer.deserialize_struct("google.logging.v2.WriteLogEntriesRequest", FIELDS, GeneratedVisitor)
    }
}
impl serde::Serialize for WriteLogEntriesResponse {
    #[allow(deprecated)]
    fn serialize<S>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error>
    where
        S: serde::Serializer,
    {
        use serde::ser::SerializeStruct;
        let len = 0;
        let struct_ser = serializer.serialize_struct("google.logging.v2.WriteLogEntriesResponse", len)?;
        struct_ser.end()
    }
}
impl<'de> serde::Deserialize<'de> for WriteLogEntriesResponse {
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
            type Value = WriteLogEntriesResponse;

            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str("struct google.logging.v2.WriteLogEntriesResponse")
            }

            fn visit_map<V>(self, mut map_: V) -> std::result::Result<WriteLogEntriesResponse, V::Error>
                where
                    V: serde::de::MapAccess<'de>,
            {
                while map_.next_key::<GeneratedField>()?.is_some() {
                    let _ = map_.next_value::<serde::de::IgnoredAny>()?;
                }
                Ok(WriteLogEntriesResponse {
                })
            }
        }
        deserializer.deserialize_struct("google.logging.v2.WriteLogEntriesResponse", FIELDS, GeneratedVisitor)
    }
}
