//! Cloud Logging v2 over gRPC: LoggingServiceV2's ListLogEntries, the REST
//! `entries.list` call (filter, order and paging are REST's), see [`crate::transcode`].

use http::Method;
use tonic::{Request, Response, Status, Streaming};

use crate::google::logging::v2::*;
use crate::transcode::{Call, Rest};

type Reply<T> = Result<Response<T>, Status>;

const READ_ONLY: &str = "runlane's log entries are its services' output and request logs, read with ListLogEntries";

pub(crate) struct Logging(pub(crate) Rest);

#[tonic::async_trait]
impl logging_service_v2_server::LoggingServiceV2 for Logging {
    async fn delete_log(&self, request: Request<DeleteLogRequest>) -> Reply<pbjson_types::Empty> {
        Err(self.0.unserved(request.metadata(), "DeleteLog", "runlane keeps the newest entries up to runlane up --log-max-entries and drops older ones").await)
    }

    async fn write_log_entries(&self, request: Request<WriteLogEntriesRequest>) -> Reply<WriteLogEntriesResponse> {
        Err(self.0.unserved(request.metadata(), "WriteLogEntries", READ_ONLY).await)
    }

    async fn list_log_entries(&self, request: Request<ListLogEntriesRequest>) -> Reply<ListLogEntriesResponse> {
        let call = Call::new(Method::POST, "v2", "entries:list").body(request.get_ref());
        self.0.send(request.metadata(), call).await
    }

    async fn list_monitored_resource_descriptors(&self, request: Request<ListMonitoredResourceDescriptorsRequest>) -> Reply<ListMonitoredResourceDescriptorsResponse> {
        Err(self.0.unserved(request.metadata(), "ListMonitoredResourceDescriptors", "runlane's entries are of the resource type cloud_run_revision").await)
    }

    async fn list_logs(&self, request: Request<ListLogsRequest>) -> Reply<ListLogsResponse> {
        Err(self.0.unserved(request.metadata(), "ListLogs", READ_ONLY).await)
    }

    type TailLogEntriesStream = tonic::codegen::tokio_stream::Empty<Result<TailLogEntriesResponse, Status>>;

    async fn tail_log_entries(&self, request: Request<Streaming<TailLogEntriesRequest>>) -> Reply<Self::TailLogEntriesStream> {
        Err(self.0.unserved(request.metadata(), "TailLogEntries", "poll ListLogEntries with a timestamp filter, as runlane logs --follow does").await)
    }
}
