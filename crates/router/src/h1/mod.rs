//! HTTP/1 as the router speaks it, below routing and forwarding and knowing
//! nothing of them (as pingora keeps its protocols under its proxy): the
//! hop-by-hop table and header rewriting, reading a client's request head,
//! writing a response to a client, reading an instance's response head and
//! chunked body, and the deadlines a connection waits on. Nothing here imports
//! a module of the router outside `h1`.

pub(crate) mod headers;
pub(crate) mod instance;
pub(crate) mod request;
pub(crate) mod response;
pub(crate) mod rewind;
pub(crate) mod timer;
