//! Cloud Logging v2 over gRPC: LoggingServiceV2's ListLogEntries, the REST
//! `entries.list` call (filter, order and paging are REST's), see [`crate::transcode`];
//! and TailLogEntries, the same call polled with a timestamp floor ([`crate::tail`]
//! decides what is new).

use std::pin::Pin;
use std::time::Duration;

use http::Method;
use tonic::codegen::tokio_stream::Stream;
use tonic::metadata::MetadataMap;
use tonic::{Request, Response, Status, Streaming};

use crate::google::logging::v2::*;
use crate::tail::{Key, Tail};
use crate::transcode::{invalid, Call, Rest};

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
        self.0.send_in(request.metadata(), request.extensions(), call).await
    }

    async fn list_monitored_resource_descriptors(&self, request: Request<ListMonitoredResourceDescriptorsRequest>) -> Reply<ListMonitoredResourceDescriptorsResponse> {
        Err(self.0.unserved(request.metadata(), "ListMonitoredResourceDescriptors", "runlane's entries are of the resource type cloud_run_revision").await)
    }

    async fn list_logs(&self, request: Request<ListLogsRequest>) -> Reply<ListLogsResponse> {
        Err(self.0.unserved(request.metadata(), "ListLogs", READ_ONLY).await)
    }

    type TailLogEntriesStream =
        Pin<Box<dyn Stream<Item = Result<TailLogEntriesResponse, Status>> + Send>>;

    /// The first request names what to tail; the first poll is made before the call is
    /// answered, so a bad filter or resource name is the call's status. The stream then
    /// polls while the client reads it and ends when the client cancels (tonic drops it:
    /// no task outlives the call). Later requests, and the client closing its side, are
    /// read and ignored, as the tail goes on until cancelled.
    async fn tail_log_entries(
        &self,
        request: Request<Streaming<TailLogEntriesRequest>>,
    ) -> Reply<Self::TailLogEntriesStream> {
        let (metadata, extensions, mut inbound) = request.into_parts();
        let Some(first) = inbound.message().await? else {
            return Err(invalid("resourceNames", "the call ended before its first TailLogEntriesRequest; send one naming projects/PROJECT".to_owned()));
        };
        if first.resource_names.is_empty() {
            return Err(invalid("resourceNames", "is required; name the project to tail, projects/PROJECT".to_owned()));
        }
        let window = buffer_window(first.buffer_window.as_ref())?;
        let nanos = |d: Duration| i64::try_from(d.as_nanos()).unwrap_or(i64::MAX);
        let tail = Tail::new(
            now_ns().saturating_sub(nanos(window)),
            nanos(window.max(MIN_LOOKBACK)),
        );
        let mut session = Session {
            rest: self.0.clone(),
            metadata,
            extensions,
            first,
            tail,
            inbound: Some(inbound),
            pending: Vec::new(),
        };
        session.poll().await?;
        let stream = futures_util::stream::unfold(Some(session), |state| async move {
            let mut session = state?;
            loop {
                if !session.pending.is_empty() {
                    let rest = session
                        .pending
                        .split_off(session.pending.len().min(ENTRIES_PER_RESPONSE));
                    let entries = std::mem::replace(&mut session.pending, rest);
                    return Some((
                        Ok(TailLogEntriesResponse {
                            entries,
                            suppression_info: Vec::new(),
                        }),
                        Some(session),
                    ));
                }
                session.wait().await;
                if let Err(status) = session.poll().await {
                    return Some((Err(status), None));
                }
            }
        });
        Ok(Response::new(Box::pin(stream)))
    }
}

/// How often a tail asks the log store for new entries.
const POLL_EVERY: Duration = Duration::from_millis(300);
/// Pages one poll reads at most (of REST's largest, 1000 entries); the next poll goes on
/// from the first entry left unread.
const PAGES_PER_POLL: usize = 5;
/// Entries per streamed response, well under a client's 4 MiB message limit.
const ENTRIES_PER_RESPONSE: usize = 500;
/// How late after its timestamp an entry may be stored and still be sent, whatever the
/// `buffer_window`: the log writer stores within tens of milliseconds, and a request is
/// logged when it ends, stamped when it began.
const MIN_LOOKBACK: Duration = Duration::from_secs(1);
/// Google's default and largest `buffer_window`: the session sends entries stamped up to
/// this long before it started, and sends entries stored up to this long late.
const DEFAULT_WINDOW: Duration = Duration::from_secs(2);
const MAX_WINDOW: Duration = Duration::from_secs(60);

/// One TailLogEntries call's state between polls.
struct Session {
    rest: Rest,
    metadata: MetadataMap,
    /// The call's request extensions, carried to each REST call.
    extensions: http::Extensions,
    first: TailLogEntriesRequest,
    tail: Tail,
    /// The client's side of the call, until it closes or fails.
    inbound: Option<Streaming<TailLogEntriesRequest>>,
    /// New entries not streamed yet, in order.
    pending: Vec<LogEntry>,
}

impl Session {
    /// One poll: `entries.list` from the tail's floor, oldest first, page after page.
    async fn poll(&mut self) -> Result<(), Status> {
        let now = now_ns();
        let floor = timestamp_text(self.tail.floor_ns());
        let filter = match self.first.filter.trim() {
            "" => format!("timestamp>=\"{floor}\""),
            filter => format!("({filter}) AND timestamp>=\"{floor}\""),
        };
        let mut request = ListLogEntriesRequest {
            resource_names: self.first.resource_names.clone(),
            filter,
            order_by: "timestamp asc".to_owned(),
            page_size: 1000,
            ..Default::default()
        };
        let (mut entries, mut unread) = (Vec::new(), None);
        for page in 1..=PAGES_PER_POLL {
            let call = Call::new(Method::POST, "v2", "entries:list").body(&request);
            let reply: ListLogEntriesResponse =
                self.rest.send_in(&self.metadata, &self.extensions, call).await?.into_inner();
            entries.extend(reply.entries);
            if reply.next_page_token.is_empty() {
                break;
            }
            if page == PAGES_PER_POLL {
                unread = entries.last().map(|e| key_of(e).timestamp_ns());
            }
            request.page_token = reply.next_page_token;
        }
        let fresh = self.tail.fresh(entries, key_of);
        self.pending.extend(fresh);
        self.tail.advance(now, unread);
        Ok(())
    }

    /// Until the next poll is due, reading (and ignoring) what the client sends.
    async fn wait(&mut self) {
        let due = tokio::time::sleep(POLL_EVERY);
        tokio::pin!(due);
        while let Some(inbound) = self.inbound.as_mut() {
            tokio::select! {
                () = &mut due => return,
                message = inbound.message() => if !matches!(message, Ok(Some(_))) { self.inbound = None },
            }
        }
        due.await;
    }
}

fn key_of(entry: &LogEntry) -> Key {
    let timestamp_ns = entry.timestamp.as_ref().map_or(0, |t| {
        t.seconds
            .saturating_mul(1_000_000_000)
            .saturating_add(i64::from(t.nanos))
    });
    Key::new(timestamp_ns, &entry.insert_id)
}

/// `buffer_window`, 0 to 60 s as Google accepts it, 2 s when unset.
fn buffer_window(window: Option<&pbjson_types::Duration>) -> Result<Duration, Status> {
    let Some(window) = window else {
        return Ok(DEFAULT_WINDOW);
    };
    let within = u64::try_from(window.seconds)
        .ok()
        .zip(u32::try_from(window.nanos).ok())
        .map(|(s, n)| Duration::new(s, n))
        .filter(|d| *d <= MAX_WINDOW);
    within.ok_or_else(|| {
        invalid(
            "bufferWindow",
            format!(
                "{}s and {}ns is not a buffer window; use 0s to 60s (2s when unset)",
                window.seconds, window.nanos
            ),
        )
    })
}

/// RFC 3339 with nanoseconds, as the filter language reads it.
fn timestamp_text(ns: i64) -> String {
    let t = pbjson_types::Timestamp {
        seconds: ns.div_euclid(1_000_000_000),
        nanos: i32::try_from(ns.rem_euclid(1_000_000_000)).unwrap_or(0),
    };
    match serde_json::to_value(t) {
        Ok(serde_json::Value::String(text)) => text,
        _ => "1970-01-01T00:00:00Z".to_owned(),
    }
}

/// Wall-clock time in ns since the epoch: log entries carry wall-clock timestamps.
fn now_ns() -> i64 {
    let since = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default();
    i64::try_from(since.as_nanos()).unwrap_or(i64::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buffer_windows_are_zero_to_sixty_seconds() {
        let d = |seconds, nanos| Some(pbjson_types::Duration { seconds, nanos });
        assert_eq!(buffer_window(None).unwrap(), DEFAULT_WINDOW);
        assert_eq!(buffer_window(d(0, 0).as_ref()).unwrap(), Duration::ZERO);
        assert_eq!(buffer_window(d(60, 0).as_ref()).unwrap(), MAX_WINDOW);
        assert_eq!(
            buffer_window(d(1, 500_000_000).as_ref()).unwrap(),
            Duration::from_millis(1500)
        );
        for (s, n) in [(61, 0), (60, 1), (-1, 0), (0, -5)] {
            let status = buffer_window(d(s, n).as_ref()).unwrap_err();
            assert!(
                status.message().contains("bufferWindow: ")
                    && status.message().contains("0s to 60s"),
                "{}",
                status.message()
            );
        }
    }

    #[test]
    fn floors_are_written_as_the_filter_language_reads_them() {
        assert_eq!(
            timestamp_text(1_700_000_000_123_456_789),
            "2023-11-14T22:13:20.123456789+00:00"
        );
        assert_eq!(timestamp_text(0), "1970-01-01T00:00:00+00:00");
    }
}
