//! Cloud Monitoring v3 over gRPC: ServiceMonitoringService (services and SLOs),
//! AlertPolicyService, NotificationChannelService and MetricService, each method the REST
//! call its `google.api.http` rule names (see [`crate::transcode`]).

use http::Method;
use tonic::{Request, Response, Status};

use crate::google::api::{MetricDescriptor, MonitoredResourceDescriptor};
use crate::google::monitoring::v3::*;
use crate::transcode::{invalid, resource, Call, Rest};

type Reply<T> = Result<Response<T>, Status>;

const PROJECT: &str = "projects/*";
const SERVICE: &str = "projects/*/services/*";
const SLO: &str = "projects/*/services/*/serviceLevelObjectives/*";
const POLICY: &str = "projects/*/alertPolicies/*";
const CHANNEL: &str = "projects/*/notificationChannels/*";

/// A message field the method cannot do without.
fn required<'a, T>(field: &str, value: &'a Option<T>) -> Result<&'a T, Status> {
    value.as_ref().ok_or_else(|| invalid(field, "is required".to_owned()))
}

// === impl Services ===

pub(crate) struct Services(pub(crate) Rest);

#[tonic::async_trait]
impl service_monitoring_service_server::ServiceMonitoringService for Services {
    async fn create_service(&self, request: Request<CreateServiceRequest>) -> Reply<Service> {
        let r = request.get_ref();
        let parent = resource("parent", &r.parent, PROJECT)?;
        let call = Call::new(Method::POST, "v3", &format!("{parent}/services")).param("serviceId", &r.service_id).body(required("service", &r.service)?);
        self.0.send(request.metadata(), call).await
    }

    async fn get_service(&self, request: Request<GetServiceRequest>) -> Reply<Service> {
        let name = resource("name", &request.get_ref().name, SERVICE)?;
        self.0.send(request.metadata(), Call::new(Method::GET, "v3", name)).await
    }

    async fn list_services(&self, request: Request<ListServicesRequest>) -> Reply<ListServicesResponse> {
        let r = request.get_ref();
        let parent = resource("parent", &r.parent, PROJECT)?;
        let call = Call::new(Method::GET, "v3", &format!("{parent}/services")).param("filter", &r.filter).number("pageSize", r.page_size).param("pageToken", &r.page_token);
        self.0.send(request.metadata(), call).await
    }

    async fn update_service(&self, request: Request<UpdateServiceRequest>) -> Reply<Service> {
        let r = request.get_ref();
        let service = required("service", &r.service)?;
        let name = resource("service.name", &service.name, SERVICE)?;
        self.0.send(request.metadata(), Call::new(Method::PATCH, "v3", name).mask(r.update_mask.as_ref()).body(service)).await
    }

    async fn delete_service(&self, request: Request<DeleteServiceRequest>) -> Reply<pbjson_types::Empty> {
        let name = resource("name", &request.get_ref().name, SERVICE)?;
        self.0.send(request.metadata(), Call::new(Method::DELETE, "v3", name)).await
    }

    async fn create_service_level_objective(&self, request: Request<CreateServiceLevelObjectiveRequest>) -> Reply<ServiceLevelObjective> {
        let r = request.get_ref();
        let parent = resource("parent", &r.parent, SERVICE)?;
        let call = Call::new(Method::POST, "v3", &format!("{parent}/serviceLevelObjectives"))
            .param("serviceLevelObjectiveId", &r.service_level_objective_id)
            .body(required("service_level_objective", &r.service_level_objective)?);
        self.0.send(request.metadata(), call).await
    }

    async fn get_service_level_objective(&self, request: Request<GetServiceLevelObjectiveRequest>) -> Reply<ServiceLevelObjective> {
        let r = request.get_ref();
        let name = resource("name", &r.name, SLO)?;
        self.0.send(request.metadata(), Call::new(Method::GET, "v3", name).param("view", view_name(r.view))).await
    }

    async fn list_service_level_objectives(&self, request: Request<ListServiceLevelObjectivesRequest>) -> Reply<ListServiceLevelObjectivesResponse> {
        let r = request.get_ref();
        let parent = resource("parent", &r.parent, SERVICE)?;
        let call = Call::new(Method::GET, "v3", &format!("{parent}/serviceLevelObjectives"))
            .param("filter", &r.filter)
            .number("pageSize", r.page_size)
            .param("pageToken", &r.page_token)
            .param("view", view_name(r.view));
        self.0.send(request.metadata(), call).await
    }

    async fn update_service_level_objective(&self, request: Request<UpdateServiceLevelObjectiveRequest>) -> Reply<ServiceLevelObjective> {
        let r = request.get_ref();
        let slo = required("service_level_objective", &r.service_level_objective)?;
        let name = resource("service_level_objective.name", &slo.name, SLO)?;
        self.0.send(request.metadata(), Call::new(Method::PATCH, "v3", name).mask(r.update_mask.as_ref()).body(slo)).await
    }

    async fn delete_service_level_objective(&self, request: Request<DeleteServiceLevelObjectiveRequest>) -> Reply<pbjson_types::Empty> {
        let name = resource("name", &request.get_ref().name, SLO)?;
        self.0.send(request.metadata(), Call::new(Method::DELETE, "v3", name)).await
    }
}

/// `FULL` or `EXPLICIT`; nothing for the default.
fn view_name(view: i32) -> &'static str {
    match service_level_objective::View::try_from(view) {
        Ok(service_level_objective::View::Unspecified) | Err(_) => "",
        Ok(v) => v.as_str_name(),
    }
}

// === impl AlertPolicies ===

pub(crate) struct AlertPolicies(pub(crate) Rest);

#[tonic::async_trait]
impl alert_policy_service_server::AlertPolicyService for AlertPolicies {
    async fn list_alert_policies(&self, request: Request<ListAlertPoliciesRequest>) -> Reply<ListAlertPoliciesResponse> {
        let r = request.get_ref();
        let name = resource("name", &r.name, PROJECT)?;
        let call = Call::new(Method::GET, "v3", &format!("{name}/alertPolicies"))
            .param("filter", &r.filter)
            .param("orderBy", &r.order_by)
            .number("pageSize", r.page_size)
            .param("pageToken", &r.page_token);
        self.0.send(request.metadata(), call).await
    }

    async fn get_alert_policy(&self, request: Request<GetAlertPolicyRequest>) -> Reply<AlertPolicy> {
        let name = resource("name", &request.get_ref().name, POLICY)?;
        self.0.send(request.metadata(), Call::new(Method::GET, "v3", name)).await
    }

    async fn create_alert_policy(&self, request: Request<CreateAlertPolicyRequest>) -> Reply<AlertPolicy> {
        let r = request.get_ref();
        let name = resource("name", &r.name, PROJECT)?;
        let call = Call::new(Method::POST, "v3", &format!("{name}/alertPolicies")).body(required("alert_policy", &r.alert_policy)?);
        self.0.send(request.metadata(), call).await
    }

    async fn delete_alert_policy(&self, request: Request<DeleteAlertPolicyRequest>) -> Reply<pbjson_types::Empty> {
        let name = resource("name", &request.get_ref().name, POLICY)?;
        self.0.send(request.metadata(), Call::new(Method::DELETE, "v3", name)).await
    }

    async fn update_alert_policy(&self, request: Request<UpdateAlertPolicyRequest>) -> Reply<AlertPolicy> {
        let r = request.get_ref();
        let policy = required("alert_policy", &r.alert_policy)?;
        let name = resource("alert_policy.name", &policy.name, POLICY)?;
        self.0.send(request.metadata(), Call::new(Method::PATCH, "v3", name).mask(r.update_mask.as_ref()).body(policy)).await
    }
}

// === impl Channels ===

pub(crate) struct Channels(pub(crate) Rest);

const NO_DESCRIPTORS: &str = "runlane's channels are of type \"email\" (labels.email_address), sent through the SMTP server of runlane up --smtp";

#[tonic::async_trait]
impl notification_channel_service_server::NotificationChannelService for Channels {
    async fn list_notification_channel_descriptors(&self, request: Request<ListNotificationChannelDescriptorsRequest>) -> Reply<ListNotificationChannelDescriptorsResponse> {
        Err(self.0.unserved(request.metadata(), "ListNotificationChannelDescriptors", NO_DESCRIPTORS).await)
    }

    async fn get_notification_channel_descriptor(&self, request: Request<GetNotificationChannelDescriptorRequest>) -> Reply<NotificationChannelDescriptor> {
        Err(self.0.unserved(request.metadata(), "GetNotificationChannelDescriptor", NO_DESCRIPTORS).await)
    }

    async fn list_notification_channels(&self, request: Request<ListNotificationChannelsRequest>) -> Reply<ListNotificationChannelsResponse> {
        let r = request.get_ref();
        let name = resource("name", &r.name, PROJECT)?;
        let call = Call::new(Method::GET, "v3", &format!("{name}/notificationChannels"))
            .param("filter", &r.filter)
            .param("orderBy", &r.order_by)
            .number("pageSize", r.page_size)
            .param("pageToken", &r.page_token);
        self.0.send(request.metadata(), call).await
    }

    async fn get_notification_channel(&self, request: Request<GetNotificationChannelRequest>) -> Reply<NotificationChannel> {
        let name = resource("name", &request.get_ref().name, CHANNEL)?;
        self.0.send(request.metadata(), Call::new(Method::GET, "v3", name)).await
    }

    async fn create_notification_channel(&self, request: Request<CreateNotificationChannelRequest>) -> Reply<NotificationChannel> {
        let r = request.get_ref();
        let name = resource("name", &r.name, PROJECT)?;
        let call = Call::new(Method::POST, "v3", &format!("{name}/notificationChannels")).body(required("notification_channel", &r.notification_channel)?);
        self.0.send(request.metadata(), call).await
    }

    async fn update_notification_channel(&self, request: Request<UpdateNotificationChannelRequest>) -> Reply<NotificationChannel> {
        let r = request.get_ref();
        let channel = required("notification_channel", &r.notification_channel)?;
        let name = resource("notification_channel.name", &channel.name, CHANNEL)?;
        self.0.send(request.metadata(), Call::new(Method::PATCH, "v3", name).mask(r.update_mask.as_ref()).body(channel)).await
    }

    async fn delete_notification_channel(&self, request: Request<DeleteNotificationChannelRequest>) -> Reply<pbjson_types::Empty> {
        let r = request.get_ref();
        let name = resource("name", &r.name, CHANNEL)?;
        let call = Call::new(Method::DELETE, "v3", name).param("force", if r.force { "true" } else { "" });
        self.0.send(request.metadata(), call).await
    }

    async fn send_notification_channel_verification_code(&self, request: Request<SendNotificationChannelVerificationCodeRequest>) -> Reply<pbjson_types::Empty> {
        Err(self.0.unserved(request.metadata(), "SendNotificationChannelVerificationCode", "runlane sends to a channel's address as it is, unverified").await)
    }

    async fn get_notification_channel_verification_code(&self, request: Request<GetNotificationChannelVerificationCodeRequest>) -> Reply<GetNotificationChannelVerificationCodeResponse> {
        Err(self.0.unserved(request.metadata(), "GetNotificationChannelVerificationCode", "runlane sends to a channel's address as it is, unverified").await)
    }

    async fn verify_notification_channel(&self, request: Request<VerifyNotificationChannelRequest>) -> Reply<NotificationChannel> {
        Err(self.0.unserved(request.metadata(), "VerifyNotificationChannel", "runlane sends to a channel's address as it is, unverified").await)
    }
}

// === impl Metrics ===

pub(crate) struct Metrics(pub(crate) Rest);

const METRICS_INSTEAD: &str = "runlane records its own request metrics (run.googleapis.com/request_count, request_latencies, container/instance_count, …); read them with ListTimeSeries";

#[tonic::async_trait]
impl metric_service_server::MetricService for Metrics {
    async fn list_monitored_resource_descriptors(&self, request: Request<ListMonitoredResourceDescriptorsRequest>) -> Reply<ListMonitoredResourceDescriptorsResponse> {
        Err(self.0.unserved(request.metadata(), "ListMonitoredResourceDescriptors", "runlane's series are of the resource type cloud_run_revision").await)
    }

    async fn get_monitored_resource_descriptor(&self, request: Request<GetMonitoredResourceDescriptorRequest>) -> Reply<MonitoredResourceDescriptor> {
        Err(self.0.unserved(request.metadata(), "GetMonitoredResourceDescriptor", "runlane's series are of the resource type cloud_run_revision").await)
    }

    async fn list_metric_descriptors(&self, request: Request<ListMetricDescriptorsRequest>) -> Reply<ListMetricDescriptorsResponse> {
        Err(self.0.unserved(request.metadata(), "ListMetricDescriptors", METRICS_INSTEAD).await)
    }

    async fn get_metric_descriptor(&self, request: Request<GetMetricDescriptorRequest>) -> Reply<MetricDescriptor> {
        Err(self.0.unserved(request.metadata(), "GetMetricDescriptor", METRICS_INSTEAD).await)
    }

    async fn create_metric_descriptor(&self, request: Request<CreateMetricDescriptorRequest>) -> Reply<MetricDescriptor> {
        Err(self.0.unserved(request.metadata(), "CreateMetricDescriptor", METRICS_INSTEAD).await)
    }

    async fn delete_metric_descriptor(&self, request: Request<DeleteMetricDescriptorRequest>) -> Reply<pbjson_types::Empty> {
        Err(self.0.unserved(request.metadata(), "DeleteMetricDescriptor", METRICS_INSTEAD).await)
    }

    async fn list_time_series(&self, request: Request<ListTimeSeriesRequest>) -> Reply<ListTimeSeriesResponse> {
        let r = request.get_ref();
        let name = resource("name", &r.name, PROJECT)?;
        let mut call = Call::new(Method::GET, "v3", &format!("{name}/timeSeries")).param("filter", &r.filter).param("orderBy", &r.order_by);
        if let Some(interval) = &r.interval {
            call = call.param("interval.startTime", json_text(&interval.start_time)).param("interval.endTime", json_text(&interval.end_time));
        }
        if let Some(a) = &r.aggregation {
            call = aggregation(call, "aggregation", a);
        }
        if let Some(a) = &r.secondary_aggregation {
            call = aggregation(call, "secondaryAggregation", a);
        }
        if r.view == list_time_series_request::TimeSeriesView::Headers as i32 {
            call = call.param("view", "HEADERS");
        }
        self.0.send(request.metadata(), call.number("pageSize", r.page_size).param("pageToken", &r.page_token)).await
    }

    async fn create_time_series(&self, request: Request<CreateTimeSeriesRequest>) -> Reply<pbjson_types::Empty> {
        Err(self.0.unserved(request.metadata(), "CreateTimeSeries", METRICS_INSTEAD).await)
    }

    async fn create_service_time_series(&self, request: Request<CreateTimeSeriesRequest>) -> Reply<pbjson_types::Empty> {
        Err(self.0.unserved(request.metadata(), "CreateServiceTimeSeries", METRICS_INSTEAD).await)
    }
}

/// `prefix.alignmentPeriod`, `prefix.perSeriesAligner`, … as REST's query takes them.
fn aggregation(mut call: Call, prefix: &str, a: &Aggregation) -> Call {
    call = call.param(&format!("{prefix}.alignmentPeriod"), json_text(&a.alignment_period));
    if a.per_series_aligner != 0 {
        let name = aggregation::Aligner::try_from(a.per_series_aligner).map_or_else(|_| a.per_series_aligner.to_string(), |v| v.as_str_name().to_owned());
        call = call.param(&format!("{prefix}.perSeriesAligner"), name);
    }
    if a.cross_series_reducer != 0 {
        let name = aggregation::Reducer::try_from(a.cross_series_reducer).map_or_else(|_| a.cross_series_reducer.to_string(), |v| v.as_str_name().to_owned());
        call = call.param(&format!("{prefix}.crossSeriesReducer"), name);
    }
    for field in &a.group_by_fields {
        call = call.param(&format!("{prefix}.groupByFields"), field);
    }
    call
}

/// A timestamp or duration as its JSON string (`2024-05-01T10:00:00Z`, `60s`); empty
/// when unset.
fn json_text<T: serde::Serialize>(value: &Option<T>) -> String {
    value.as_ref().and_then(|v| serde_json::to_value(v).ok()).and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default()
}
