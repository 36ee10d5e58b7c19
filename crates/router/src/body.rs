//! The request body sent upstream, and a way to get it back when the
//! connection to the first instance was refused.
//!
//! hyper-util's client consumes the request even when it never managed to
//! connect, so to retry on the next instance the router keeps the client's
//! body in a slot that the upstream body only empties when hyper first polls
//! it. A connect error means it was never polled, so the body is still there.
//! The slot's lock is per request and never contended.

use std::pin::Pin;
use std::sync::{Arc, Mutex, PoisonError};
use std::task::{Context, Poll};

use bytes::Bytes;
use http_body::{Body, Frame, SizeHint};
use hyper::body::Incoming;

type Slot = Arc<Mutex<Option<Incoming>>>;

/// The body of a request on its way to an instance.
#[derive(Debug)]
pub(crate) struct UpstreamBody {
    state: State,
    /// `size_hint` and `is_end_stream` of the body while it sits in the slot:
    /// hyper reads them before polling, to pick Content-Length or chunked.
    hint: SizeHint,
    end: bool,
}

#[derive(Debug)]
enum State {
    Streaming(Incoming),
    Parked(Slot),
}

/// Takes back a parked body that was never sent.
#[derive(Debug)]
pub(crate) struct Reclaim(Slot);

impl UpstreamBody {
    /// A body that goes straight through.
    pub(crate) fn direct(body: Incoming) -> Self {
        UpstreamBody {
            hint: body.size_hint(),
            end: body.is_end_stream(),
            state: State::Streaming(body),
        }
    }

    /// A body that can be reclaimed if the request never went out.
    pub(crate) fn replayable(body: Incoming) -> (Self, Reclaim) {
        let hint = body.size_hint();
        let end = body.is_end_stream();
        let slot: Slot = Arc::new(Mutex::new(Some(body)));
        let upstream = UpstreamBody {
            state: State::Parked(slot.clone()),
            hint,
            end,
        };
        (upstream, Reclaim(slot))
    }
}

impl Reclaim {
    /// The body, unless hyper already started sending it.
    pub(crate) fn take(self) -> Option<Incoming> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner).take()
    }
}

impl Body for UpstreamBody {
    type Data = Bytes;
    type Error = hyper::Error;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, hyper::Error>>> {
        let this = self.get_mut();
        if let State::Parked(slot) = &this.state {
            let parked = slot.lock().unwrap_or_else(PoisonError::into_inner).take();
            match parked {
                Some(body) => this.state = State::Streaming(body),
                // Reclaimed for a retry elsewhere: nothing left to send here.
                None => return Poll::Ready(None),
            }
        }
        match &mut this.state {
            State::Streaming(body) => Pin::new(body).poll_frame(cx),
            State::Parked(_) => Poll::Ready(None),
        }
    }

    fn is_end_stream(&self) -> bool {
        match &self.state {
            State::Streaming(body) => body.is_end_stream(),
            State::Parked(_) => self.end,
        }
    }

    fn size_hint(&self) -> SizeHint {
        match &self.state {
            State::Streaming(body) => body.size_hint(),
            State::Parked(_) => self.hint,
        }
    }
}
