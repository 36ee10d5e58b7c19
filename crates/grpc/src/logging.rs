//! Cloud Logging v2 over gRPC: LoggingServiceV2's ListLogEntries, the REST
//! `entries.list` call (filter, order and paging are REST's), see [`crate::transcode`].

use http::Method;
use tonic::{Request, Response, Status, Streaming};

use crate::google::logging::v2::*;
use crate::transcode::{unimplemented, Call, Rest};

type Reply<T> = Result<Response<T>, Status>;

const READ_ONLY: &str = "runlane's log entries are its services' output and request logs, read with ListLogEntries";

pub(crate) struct Logging(pub(crate) Rest);

#[tonic::async_trait]
impl logging_service_v2_server::LoggingServiceV2 for Logging {
    async fn delete_log(&self, _: Request<DeleteLogRequest>) -> Reply<pbjson_types::Empty> {
        Err(unimplemented("DeleteLog", "runlane keeps the newest entries up to runlane up --log-max-entries and drops older ones"))
    }

    async fn write_log_entries(&self, _: Request<WriteLogEntriesRequest>) -> Reply<WriteLogEntriesResponse> {
        Err(unimplemented("WriteLogEntries", READ_ONLY))
    }

    async fn list_log_entries(&self, request: Request<ListLogEntriesRequest>) -> Reply<ListLogEntriesResponse> {
        let call = Call::new(Method::POST, "v2", "entries:list").body(request.get_ref());
        self.0.send(&request, call).await
    }

    async fn list_monitored_resource_descriptors(&self, _: Request<ListMonitoredResourceDescriptorsRequest>) -> Reply<ListMonitoredResourceDescriptorsResponse> {
        Err(unimplemented("ListMonitoredResourceDescriptors", "runlane's entries are of the resource type cloud_run_revision"))
    }

    async fn list_logs(&self, _: Request<ListLogsRequest>) -> Reply<ListLogsResponse> {
        Err(unimplemented("ListLogs", READ_ONLY))
    }

    type TailLogEntriesStream = tonic::codegen::tokio_stream::Empty<Result<TailLogEntriesResponse, Status>>;

    async fn tail_log_entries(&self, _: Request<Streaming<TailLogEntriesRequest>>) -> Reply<Self::TailLogEntriesStream> {
        Err(unimplemented("TailLogEntries", "poll ListLogEntries with a timestamp filter, as runlane logs --follow does"))
    }
}
