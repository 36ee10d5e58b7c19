//! The body of what the client gets ([`ResponseBody`]): the instance's, read
//! by hyper's client or on the plain path, or a router error page. One enum
//! rather than a boxed body, so nothing per request is dynamically dispatched.

use std::pin::Pin;
use std::task::{Context, Poll};

use bytes::Bytes;
use http_body::{Body, Frame, SizeHint};
use http_body_util::Full;
use hyper::body::Incoming;

use crate::plain::PlainBody;

/// What the client gets: the instance's body, read by hyper's client or on the
/// plain path, or a router error page.
#[derive(Debug)]
pub(crate) enum ResponseBody {
    Hyper(Incoming),
    Plain(PlainBody),
    Page(Full<Bytes>),
}

impl Body for ResponseBody {
    type Data = Bytes;
    type Error = Box<dyn std::error::Error + Send + Sync>;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Self::Error>>> {
        match self.get_mut() {
            ResponseBody::Hyper(body) => Pin::new(body).poll_frame(cx).map_err(Into::into),
            ResponseBody::Plain(body) => Pin::new(body).poll_frame(cx).map_err(Into::into),
            ResponseBody::Page(body) => Pin::new(body).poll_frame(cx).map_err(Into::into),
        }
    }

    fn is_end_stream(&self) -> bool {
        match self {
            ResponseBody::Hyper(body) => body.is_end_stream(),
            ResponseBody::Plain(body) => body.is_end_stream(),
            ResponseBody::Page(body) => body.is_end_stream(),
        }
    }

    fn size_hint(&self) -> SizeHint {
        match self {
            ResponseBody::Hyper(body) => body.size_hint(),
            ResponseBody::Plain(body) => body.size_hint(),
            ResponseBody::Page(body) => body.size_hint(),
        }
    }
}
