//! Waiting for the server: poll a service until its latest change has settled (Ready True or
//! False for the current generation), or a resource until it is gone (404). The fetch is a
//! closure, so the loops are tested with a paused clock and no server.

use crate::http::ApiError;
use crate::knative;
use serde_json::Value;
use std::future::Future;
use std::time::Duration;
use tokio::time::Instant;

#[derive(Debug, Clone, Copy)]
pub struct Poll {
    pub interval: Duration,
    pub deadline: Duration,
}

/// Every ~200 ms for up to 10 minutes.
pub const POLL: Poll = Poll {
    interval: Duration::from_millis(200),
    deadline: Duration::from_secs(600),
};

#[derive(Debug, PartialEq)]
pub enum Settled {
    Ready(Value),
    Failed(Value),
    /// The deadline passed; holds the last object seen.
    TimedOut(Value),
}

/// Starts from `first` (the reply to the PUT/POST), so an already-settled reply costs no GET.
pub async fn until_settled<F, Fut>(first: Value, poll: Poll, fetch: F) -> Result<Settled, ApiError>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<Value, ApiError>>,
{
    until_settled_observed(first, poll, fetch, |_| {}).await
}

/// As [`until_settled`], showing `observe` every object seen (for progress such as an image pull).
pub async fn until_settled_observed<F, Fut>(
    first: Value,
    poll: Poll,
    mut fetch: F,
    mut observe: impl FnMut(&Value),
) -> Result<Settled, ApiError>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<Value, ApiError>>,
{
    let deadline = Instant::now() + poll.deadline;
    let mut current = first;
    loop {
        observe(&current);
        match knative::settled(&current) {
            Some(true) => return Ok(Settled::Ready(current)),
            Some(false) => return Ok(Settled::Failed(current)),
            None if Instant::now() >= deadline => return Ok(Settled::TimedOut(current)),
            None => {}
        }
        tokio::time::sleep(poll.interval).await;
        current = fetch().await?;
    }
}

/// Polls until `fetch` answers 404; `Ok(false)` if the deadline passed first.
pub async fn until_gone<F, Fut>(poll: Poll, mut fetch: F) -> Result<bool, ApiError>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<Value, ApiError>>,
{
    let deadline = Instant::now() + poll.deadline;
    loop {
        match fetch().await {
            Err(e) if e.is_not_found() => return Ok(true),
            Err(e) => return Err(e),
            Ok(_) if Instant::now() >= deadline => return Ok(false),
            Ok(_) => tokio::time::sleep(poll.interval).await,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use std::collections::VecDeque;
    use std::sync::{Arc, Mutex};

    fn state(generation: i64, observed: i64, ready: &str) -> Value {
        json!({
            "metadata": {"generation": generation},
            "status": {"observedGeneration": observed, "conditions": [{"type": "Ready", "status": ready}]}
        })
    }

    fn not_found() -> ApiError {
        ApiError::Status {
            code: 404,
            body: String::new(),
        }
    }

    /// A fetch that replays `replies` and then repeats the last; counts the calls.
    fn script(
        replies: Vec<Result<Value, ApiError>>,
    ) -> (
        Arc<Mutex<usize>>,
        impl FnMut() -> std::future::Ready<Result<Value, ApiError>>,
    ) {
        let calls = Arc::new(Mutex::new(0));
        let seen = calls.clone();
        let mut queue: VecDeque<_> = replies.into();
        let fetch = move || {
            *seen.lock().unwrap() += 1;
            let reply = if queue.len() > 1 {
                queue.pop_front()
            } else {
                queue.front().cloned()
            };
            std::future::ready(reply.unwrap_or_else(|| Err(not_found())))
        };
        (calls, fetch)
    }

    fn outcome(s: &Settled) -> &'static str {
        match s {
            Settled::Ready(_) => "ready",
            Settled::Failed(_) => "failed",
            Settled::TimedOut(_) => "timed out",
        }
    }

    #[tokio::test(start_paused = true)]
    async fn until_settled_cases() {
        async fn check(first: Value, replies: Vec<Value>, expected: &str, expected_calls: usize) {
            let start = Instant::now();
            let (calls, fetch) = script(replies.into_iter().map(Ok).collect());
            let got = until_settled(first, POLL, fetch).await.unwrap();
            assert_eq!(outcome(&got), expected);
            assert_eq!(*calls.lock().unwrap(), expected_calls);
            let waited = Instant::now() - start;
            assert_eq!(waited, POLL.interval * expected_calls as u32);
        }
        // The PUT reply is already settled: no GET at all.
        check(state(2, 2, "True"), vec![], "ready", 0).await;
        check(state(2, 2, "False"), vec![], "failed", 0).await;
        // A stale Ready=True from the previous generation does not count.
        check(
            state(2, 1, "True"),
            vec![
                state(2, 1, "True"),
                state(2, 2, "Unknown"),
                state(2, 2, "True"),
            ],
            "ready",
            3,
        )
        .await;
        check(state(3, 2, "True"), vec![state(3, 3, "False")], "failed", 1).await;
        // Never settles: gives up after the deadline (10 min / 200 ms = 3000 polls).
        check(
            state(2, 2, "Unknown"),
            vec![state(2, 2, "Unknown")],
            "timed out",
            3000,
        )
        .await;
    }

    #[tokio::test(start_paused = true)]
    async fn until_settled_passes_errors_through() {
        let (_, fetch) = script(vec![Err(ApiError::Status {
            code: 500,
            body: "x".into(),
        })]);
        let got = until_settled(state(2, 1, "Unknown"), POLL, fetch).await;
        assert!(matches!(got, Err(ApiError::Status { code: 500, .. })));
    }

    #[tokio::test(start_paused = true)]
    async fn until_gone_cases() {
        async fn check(
            replies: Vec<Result<Value, ApiError>>,
            expected: &str,
            expected_calls: usize,
        ) {
            let (calls, fetch) = script(replies);
            let got = match until_gone(POLL, fetch).await {
                Ok(true) => "gone".to_string(),
                Ok(false) => "timed out".to_string(),
                Err(e) => format!("error {e}"),
            };
            assert_eq!(got, expected);
            assert_eq!(*calls.lock().unwrap(), expected_calls);
        }
        check(vec![Err(not_found())], "gone", 1).await;
        check(
            vec![Ok(json!({})), Ok(json!({})), Err(not_found())],
            "gone",
            3,
        )
        .await;
        check(vec![Ok(json!({}))], "timed out", 3001).await;
        check(
            vec![Err(ApiError::Status {
                code: 403,
                body: "no".into(),
            })],
            "error HTTP 403: no",
            1,
        )
        .await;
    }
}
