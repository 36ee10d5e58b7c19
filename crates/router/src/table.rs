//! The immutable route table and host → revision resolution.
//!
//! The controller builds a new [`RouteTable`] whenever traffic changes and
//! the router swaps it in whole, so a request sees one consistent table.
//! Resolving a host does not allocate: the host is lowercased into a stack
//! buffer and looked up by `&str`; only error pages build strings.
//!
//! Entries are shared between successive tables ([`RouteTable::with_changes`]):
//! a change to one service builds that service's entry and copies the one shard
//! (of [`SHARDS`]) that holds it, so publishing costs about the same however many
//! services exist, and the untouched services keep their split counters.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use runlane_model::split::SplitSequence;

use crate::backend::RevisionBackend;
use crate::counters::CachePadded;
use crate::error::{ProxyError, RouteTableError};
use crate::invoker::InvokerDenied;

/// Longest host name DNS allows (without the trailing dot).
const MAX_HOST: usize = 253;

/// Separates tag and service in a tag URL's first label.
const TAG_SEPARATOR: &str = "---";

/// One service's traffic, as the controller resolved it.
#[derive(Clone, Debug)]
pub struct ServiceRoute {
    /// The service name, the first label of `SERVICE.DOMAIN`.
    pub name: String,
    /// Revisions and their weights in basis points (summing to 10 000).
    /// Empty while the service has nothing to serve: requests then get 503.
    pub split: Vec<(Arc<RevisionBackend>, u32)>,
    /// Tags, each served at `TAG---SERVICE.DOMAIN` by one revision whatever the split.
    pub tags: Vec<(String, Arc<RevisionBackend>)>,
}

/// One service's entry in a published table. Tables share the entries of the
/// services a change did not touch, so the same entry in two tables means the
/// service's traffic, tags and privacy did not change between them.
#[derive(Debug)]
pub(crate) struct ServiceRef(Arc<ServiceEntry>);

impl ServiceRef {
    pub(crate) fn same(&self, other: &ServiceRef) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

/// Every service the router answers for, keyed by host.
#[derive(Debug)]
pub struct RouteTable {
    /// Lowercase, no leading or trailing dot.
    domain: Box<str>,
    services: Services,
    /// Sorted names of the public services joined by ", ", for 404 pages: a private
    /// service's name is not told to someone who may not call it.
    service_list: Arc<str>,
    /// Domain mappings: a whole host name (lowercase) served by a service, whatever
    /// the domain. Consulted first, and only when there is one.
    domains: Arc<HashMap<Box<str>, Arc<str>>>,
}

/// How many pieces the service map is cut into: a change copies one of them.
const SHARDS: usize = 64;

/// One piece of the service map.
type Shard = HashMap<Arc<str>, Arc<ServiceEntry>>;

/// Services by name, in [`SHARDS`] maps shared between tables, so a new table copies
/// only the maps a change touched (a few entries each with thousands of services).
#[derive(Clone, Debug)]
struct Services {
    shards: Box<[Arc<Shard>]>,
    len: usize,
}

impl Services {
    fn new() -> Self {
        Services {
            shards: (0..SHARDS).map(|_| Arc::default()).collect(),
            len: 0,
        }
    }

    /// FNV-1a: a few cycles for a DNS label, and stable, so a name always finds its shard.
    fn shard_of(name: &str) -> usize {
        let hash = name.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
        });
        (hash % SHARDS as u64) as usize
    }

    fn get(&self, name: &str) -> Option<&Arc<ServiceEntry>> {
        self.shards[Self::shard_of(name)].get(name)
    }

    fn contains_key(&self, name: &str) -> bool {
        self.get(name).is_some()
    }

    /// The entry, in a shard this table owns alone (copied first if shared).
    fn get_mut(&mut self, name: &str) -> Option<&mut Arc<ServiceEntry>> {
        let shard = &mut self.shards[Self::shard_of(name)];
        if !shard.contains_key(name) {
            return None;
        }
        Arc::make_mut(shard).get_mut(name)
    }

    fn insert(&mut self, name: Arc<str>, entry: Arc<ServiceEntry>) -> Option<Arc<ServiceEntry>> {
        let shard = Arc::make_mut(&mut self.shards[Self::shard_of(&name)]);
        let old = shard.insert(name, entry);
        if old.is_none() {
            self.len += 1;
        }
        old
    }

    fn remove(&mut self, name: &str) -> Option<Arc<ServiceEntry>> {
        let shard = &mut self.shards[Self::shard_of(name)];
        if !shard.contains_key(name) {
            return None;
        }
        let old = Arc::make_mut(shard).remove(name);
        self.len -= 1;
        old
    }

    fn public_names(&self) -> impl Iterator<Item = &Arc<str>> {
        self.shards
            .iter()
            .flat_map(|shard| shard.iter())
            .filter(|(_, entry)| entry.public)
            .map(|(name, _)| name)
    }
}

/// One service's change for [`RouteTable::with_changes`].
#[derive(Clone, Debug)]
pub enum RouteChange {
    /// Adds the service or replaces its entry. `public` is false when only invokers
    /// may call it (as after [`RouteTable::restrict`]).
    Put { route: ServiceRoute, public: bool },
    /// Forgets the service (unknown names are ignored).
    Remove { name: String },
}

#[derive(Debug)]
struct ServiceEntry {
    /// False when only invokers may call it (no `allUsers` in `roles/run.invoker`).
    public: bool,
    split: Split,
    tags: HashMap<Box<str>, Arc<RevisionBackend>>,
    /// Sorted tag names joined by ", ", for 404 pages.
    tag_list: String,
}

#[derive(Debug)]
enum Split {
    /// No revision receives traffic.
    Empty,
    /// One revision has all the traffic: no counter to share.
    Single(Arc<RevisionBackend>),
    /// Request `n` of this table goes to `backends[sequence.pick(n)]`.
    Weighted {
        backends: Box<[Arc<RevisionBackend>]>,
        sequence: SplitSequence,
        next: CachePadded<AtomicU64>,
    },
}

impl RouteTable {
    /// Builds the table for `domain` (e.g. `localhost`). Names must be
    /// lowercase DNS labels, and each split must sum to 10 000 basis points.
    pub fn new(domain: &str, services: Vec<ServiceRoute>) -> Result<Self, RouteTableError> {
        let domain = domain.trim_matches('.');
        if !is_host_name(domain) || domain.bytes().any(|b| b.is_ascii_uppercase()) {
            return Err(RouteTableError::InvalidDomain {
                domain: domain.to_owned(),
            });
        }
        let mut table = RouteTable::empty(domain);
        for service in services {
            if table.services.contains_key(service.name.as_str()) {
                return Err(RouteTableError::DuplicateService { name: service.name });
            }
            let (name, entry) = ServiceEntry::build(service, true)?;
            table.services.insert(name, Arc::new(entry));
        }
        table.service_list = sorted_list(table.services.public_names());
        Ok(table)
    }

    /// A new table: this one with `changes` applied. Only the changed services' entries
    /// are built; the others are shared with this table (so they keep their split
    /// counters), which makes a change cost the same however many services there are.
    /// A service put twice is an error, as in [`RouteTable::new`].
    pub fn with_changes(&self, changes: Vec<RouteChange>) -> Result<Self, RouteTableError> {
        let mut services = self.services.clone();
        let mut names_changed = false;
        let mut put: Vec<Arc<str>> = Vec::new();
        for change in changes {
            match change {
                RouteChange::Put { route, public } => {
                    if put.iter().any(|n| **n == *route.name) {
                        return Err(RouteTableError::DuplicateService { name: route.name });
                    }
                    let (name, entry) = ServiceEntry::build(route, public)?;
                    put.push(name.clone());
                    let previous = services.insert(name, Arc::new(entry));
                    names_changed |= previous.is_none_or(|p| p.public != public);
                }
                RouteChange::Remove { name } => {
                    names_changed |= services.remove(name.as_str()).is_some();
                }
            }
        }
        let service_list = if names_changed {
            sorted_list(services.public_names())
        } else {
            self.service_list.clone()
        };
        Ok(RouteTable {
            domain: self.domain.clone(),
            services,
            service_list,
            domains: self.domains.clone(),
        })
    }

    /// A table with no services; `domain` is taken as given.
    pub(crate) fn empty(domain: &str) -> Self {
        RouteTable {
            domain: domain
                .trim_matches('.')
                .to_ascii_lowercase()
                .into_boxed_str(),
            services: Services::new(),
            service_list: Arc::from(""),
            domains: Arc::default(),
        }
    }

    /// This table with `domains` (host name, service) as its domain mappings, in place
    /// of the ones it had.
    pub fn with_domains(mut self, domains: impl IntoIterator<Item = (String, String)>) -> Self {
        self.domains = Arc::new(
            domains
                .into_iter()
                .map(|(host, service)| (host.to_ascii_lowercase().into_boxed_str(), Arc::from(service)))
                .collect(),
        );
        self
    }

    /// The domain mappings, to carry them into a table built anew.
    pub fn domains(&self) -> Vec<(String, String)> {
        self.domains.iter().map(|(h, s)| (h.to_string(), s.to_string())).collect()
    }

    /// The service a mapped domain names, when `host` is one.
    fn mapped(&self, host: &str) -> Option<(&str, &Arc<ServiceEntry>)> {
        if self.domains.is_empty() {
            return None;
        }
        let (name, _) = split_port(host);
        let name = name.strip_suffix('.').unwrap_or(name);
        let service = match self.domains.get(name) {
            Some(service) => service,
            // Lowercased on the stack: most hosts are no mapped domain, and allocate nothing.
            None if name.len() <= MAX_HOST && name.bytes().any(|b| b.is_ascii_uppercase()) => {
                let mut buf = [0u8; MAX_HOST];
                let lower = &mut buf[..name.len()];
                lower.copy_from_slice(name.as_bytes());
                lower.make_ascii_lowercase();
                self.domains.get(std::str::from_utf8(lower).ok()?)?
            }
            None => return None,
        };
        self.services.get(service).map(|entry| (&**service, entry))
    }

    /// The domain services answer under.
    pub fn domain(&self) -> &str {
        &self.domain
    }

    /// Makes `service` private: its requests (tag URLs too) must carry an invoker
    /// token. Services are public until restricted; unknown names are ignored.
    pub fn restrict(&mut self, service: &str) {
        if let Some(entry) = self.services.get_mut(service) {
            match Arc::get_mut(entry) {
                Some(own) => own.public = false,
                // Shared with an earlier table, which must not change: a private copy.
                None => *entry = Arc::new(entry.with_public(false)),
            }
            self.service_list = sorted_list(self.services.public_names());
        }
    }

    /// Whether `service` answers requests without an invoker token.
    pub fn is_public(&self, service: &str) -> Option<bool> {
        self.services.get(service).map(|s| s.public)
    }

    /// [`RouteTable::route_as`] for a caller without credentials.
    pub fn route(&self, host: &str) -> Result<&Arc<RevisionBackend>, ProxyError> {
        self.route_as(host, || Err(InvokerDenied::NoToken))
    }

    /// The revision that serves a request for `host` (a `Host` header or
    /// URI authority, port allowed, any case). For a split, each call takes
    /// the next request number of the service. For a private service,
    /// `authenticate` decides first (it is not called for public ones).
    pub fn route_as(
        &self,
        host: &str,
        authenticate: impl FnOnce() -> Result<(), InvokerDenied>,
    ) -> Result<&Arc<RevisionBackend>, ProxyError> {
        if let Some((service_name, service)) = self.mapped(host) {
            service.admit(service_name, authenticate)?;
            return service.split.pick(service_name);
        }
        let mut buf = [0u8; MAX_HOST];
        let (label, name, port) = self.label_of(host, &mut buf)?;
        let Some(label) = label else {
            return Err(self.unknown_host(name, port));
        };

        if let Some(service) = self.services.get(label) {
            service.admit(label, authenticate)?;
            return service.split.pick(label);
        }
        if let Some((tag, service_name)) = label.split_once(TAG_SEPARATOR) {
            if let Some(service) = self.services.get(service_name) {
                service.admit(service_name, authenticate)?;
                return service
                    .tags
                    .get(tag)
                    .ok_or_else(|| self.unknown_tag(service_name, service, tag, port));
            }
        }
        Err(self.unknown_host(name, port))
    }

    /// The entry of the service `host` names (directly or by a tag URL), to
    /// tell whether a later table changed it ([`ServiceRef::same`]).
    pub(crate) fn service_of(&self, host: &str) -> Option<ServiceRef> {
        if let Some((_, entry)) = self.mapped(host) {
            return Some(ServiceRef(entry.clone()));
        }
        let mut buf = [0u8; MAX_HOST];
        let (Some(label), _, _) = self.label_of(host, &mut buf).ok()? else {
            return None;
        };
        let entry = match self.services.get(label) {
            Some(entry) => entry,
            None => {
                let (_, service) = label.split_once(TAG_SEPARATOR)?;
                self.services.get(service)?
            }
        };
        Some(ServiceRef(entry.clone()))
    }

    /// `host` taken apart: its first label, lowercased into `buf`, when it is
    /// under this table's domain; its name without the port; its port.
    fn label_of<'h, 'b>(
        &self,
        host: &'h str,
        buf: &'b mut [u8; MAX_HOST],
    ) -> Result<(Option<&'b str>, &'h str, Option<&'h str>), ProxyError> {
        let (name, port) = split_port(host);
        let name = name.strip_suffix('.').unwrap_or(name);
        let port_ok = port
            .is_none_or(|p| !p.is_empty() && p.len() <= 5 && p.bytes().all(|b| b.is_ascii_digit()));
        if name.is_empty() || name.len() > MAX_HOST || !port_ok {
            return Err(self.invalid_host(host));
        }
        let lower = &mut buf[..name.len()];
        lower.copy_from_slice(name.as_bytes());
        lower.make_ascii_lowercase();
        let Ok(lower) = std::str::from_utf8(lower) else {
            return Err(self.invalid_host(host));
        };
        let label = lower
            .strip_suffix(&*self.domain)
            .and_then(|rest| rest.strip_suffix('.'))
            .filter(|label| !label.is_empty() && !label.contains('.'));
        Ok((label, name, port))
    }

    fn invalid_host(&self, host: &str) -> ProxyError {
        ProxyError::InvalidHost {
            host: host.to_owned(),
            domain: self.domain.to_string(),
        }
    }

    fn unknown_host(&self, name: &str, port: Option<&str>) -> ProxyError {
        let mut hint = String::new();
        if self.service_list.is_empty() {
            hint.push_str("no service is deployed yet, deploy one and it answers at ");
        } else {
            let _ = write!(hint, "services: {} (URLs are ", self.service_list);
        }
        let _ = write!(hint, "http://SERVICE.{}", self.domain);
        push_port(&mut hint, port);
        if !self.service_list.is_empty() {
            hint.push(')');
        }
        ProxyError::UnknownHost {
            host: name.to_owned(),
            hint,
        }
    }

    fn unknown_tag(
        &self,
        service_name: &str,
        service: &ServiceEntry,
        tag: &str,
        port: Option<&str>,
    ) -> ProxyError {
        let mut hint = String::new();
        if service.tags.is_empty() {
            let _ = write!(
                hint,
                "it has no tags, add one to its traffic and it answers at http://TAG---{service_name}.{}",
                self.domain
            );
        } else {
            let _ = write!(
                hint,
                "tags: {} (URLs are http://TAG---{service_name}.{}",
                service.tag_list, self.domain
            );
        }
        push_port(&mut hint, port);
        if !service.tags.is_empty() {
            hint.push(')');
        }
        ProxyError::UnknownTag {
            service: service_name.to_owned(),
            tag: tag.to_owned(),
            hint,
        }
    }
}

impl ServiceEntry {
    /// Checks a controller's route and builds its entry, keyed by the service's name.
    fn build(service: ServiceRoute, public: bool) -> Result<(Arc<str>, Self), RouteTableError> {
        if !is_label(&service.name) {
            return Err(RouteTableError::InvalidServiceName { name: service.name });
        }
        let split = build_split(&service.name, service.split)?;
        let mut tags = HashMap::with_capacity(service.tags.len());
        for (tag, backend) in service.tags {
            if !is_label(&tag) || tag.contains(TAG_SEPARATOR) {
                return Err(RouteTableError::InvalidTag {
                    service: service.name,
                    tag,
                });
            }
            if tags.insert(tag.clone().into_boxed_str(), backend).is_some() {
                return Err(RouteTableError::DuplicateTag {
                    service: service.name,
                    tag,
                });
            }
        }
        let tag_list = sorted_list(tags.keys());
        let entry = ServiceEntry {
            public,
            split,
            tags,
            tag_list,
        };
        Ok((Arc::from(service.name), entry))
    }

    /// The same routes with another `public` flag; a weighted split continues its sequence.
    fn with_public(&self, public: bool) -> Self {
        let split = match &self.split {
            Split::Empty => Split::Empty,
            Split::Single(backend) => Split::Single(backend.clone()),
            Split::Weighted {
                backends,
                sequence,
                next,
            } => Split::Weighted {
                backends: backends.clone(),
                sequence: sequence.clone(),
                next: CachePadded(AtomicU64::new(next.load(Ordering::Relaxed))),
            },
        };
        ServiceEntry {
            public,
            split,
            tags: self.tags.clone(),
            tag_list: self.tag_list.clone(),
        }
    }

    fn admit(
        &self,
        name: &str,
        authenticate: impl FnOnce() -> Result<(), InvokerDenied>,
    ) -> Result<(), ProxyError> {
        if self.public {
            return Ok(());
        }
        authenticate().map_err(|denied| ProxyError::InvokerRequired {
            service: name.to_owned(),
            denied,
        })
    }
}

// === impl Split ===

impl Split {
    fn pick(&self, service: &str) -> Result<&Arc<RevisionBackend>, ProxyError> {
        match self {
            Split::Single(backend) => Ok(backend),
            Split::Weighted {
                backends,
                sequence,
                next,
            } => {
                let n = next.fetch_add(1, Ordering::Relaxed);
                Ok(&backends[sequence.pick(n)])
            }
            Split::Empty => Err(ProxyError::NoTraffic {
                service: service.to_owned(),
            }),
        }
    }
}

fn build_split(
    service: &str,
    split: Vec<(Arc<RevisionBackend>, u32)>,
) -> Result<Split, RouteTableError> {
    if split.is_empty() {
        return Ok(Split::Empty);
    }
    let weights: Vec<u32> = split.iter().map(|(_, w)| *w).collect();
    let sequence = SplitSequence::new(&weights).map_err(|source| RouteTableError::Split {
        service: service.to_owned(),
        source,
    })?;
    let mut backends: Vec<Arc<RevisionBackend>> = split.into_iter().map(|(b, _)| b).collect();
    Ok(match sequence.single_target() {
        Some(only) => Split::Single(backends.swap_remove(only)),
        None => Split::Weighted {
            backends: backends.into_boxed_slice(),
            sequence,
            next: CachePadded(AtomicU64::new(0)),
        },
    })
}

/// Splits `host[:port]`; IPv6 literals keep their brackets.
fn split_port(host: &str) -> (&str, Option<&str>) {
    if let Some(end) = host.strip_prefix('[').and_then(|h| h.find(']')) {
        let (name, rest) = host.split_at(end + 2);
        return (name, rest.strip_prefix(':'));
    }
    match host.rsplit_once(':') {
        Some((name, port)) => (name, Some(port)),
        None => (host, None),
    }
}

fn push_port(out: &mut String, port: Option<&str>) {
    if let Some(port) = port.filter(|p| !p.is_empty()) {
        out.push(':');
        out.push_str(port);
    }
}

fn sorted_list<'a, N, T>(names: impl Iterator<Item = &'a N>) -> T
where
    N: std::ops::Deref<Target = str> + 'a,
    T: From<String>,
{
    let mut names: Vec<&str> = names.map(|n| &**n).collect();
    names.sort_unstable();
    T::from(names.join(", "))
}

/// A lowercase DNS label: letters, digits and '-', not at either end.
fn is_label(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 63
        && !s.starts_with('-')
        && !s.ends_with('-')
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// Dot-separated labels (any case).
fn is_host_name(s: &str) -> bool {
    !s.is_empty() && s.len() <= MAX_HOST && s.split('.').all(|l| is_label(&l.to_ascii_lowercase()))
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    fn backend(revision: &str) -> Arc<RevisionBackend> {
        let service = revision.split('-').next().unwrap();
        RevisionBackend::new(service, revision, Duration::from_secs(1))
    }

    #[test]
    fn mapped_domains_route_to_their_service_in_any_case_and_survive_changes() {
        let table = table().with_domains([("jokes.example.com".to_owned(), "b".to_owned()), ("gone.example.com".to_owned(), "nope".to_owned())]);
        for host in ["jokes.example.com", "JOKES.Example.com:8443", "jokes.example.com."] {
            assert_eq!(table.route(host).unwrap().revision(), "b-1", "{host}");
        }
        // A mapping to a service the table lacks, or no mapping: the usual 404.
        assert!(matches!(table.route("gone.example.com"), Err(ProxyError::UnknownHost { .. })));
        assert!(matches!(table.route("other.example.com"), Err(ProxyError::UnknownHost { .. })));
        // Service URLs still work, and a table built from this one keeps the mappings.
        assert_eq!(table.route("b.localhost").unwrap().revision(), "b-1");
        let changed = table.with_changes(Vec::new()).unwrap();
        assert_eq!(changed.route("jokes.example.com").unwrap().revision(), "b-1");
        assert_eq!(changed.domains().len(), 2);
    }

    fn table() -> RouteTable {
        let (a1, a2, b1) = (backend("a-1"), backend("a-2"), backend("b-1"));
        RouteTable::new(
            "localhost",
            vec![
                ServiceRoute {
                    name: "a".into(),
                    split: vec![(a1.clone(), 5_000), (a2.clone(), 5_000)],
                    tags: vec![("blue".into(), a1), ("green".into(), a2)],
                },
                ServiceRoute {
                    name: "b".into(),
                    split: vec![(b1, 10_000)],
                    tags: vec![],
                },
                ServiceRoute {
                    name: "my---svc".into(),
                    split: vec![(backend("my---svc-1"), 10_000)],
                    tags: vec![],
                },
                ServiceRoute {
                    name: "empty".into(),
                    split: vec![],
                    tags: vec![],
                },
            ],
        )
        .unwrap()
    }

    /// Routes `host` twice and shows the revisions, or the error's status and message.
    fn check(table: &RouteTable, host: &str, expected: &str) {
        let got = match (table.route(host), table.route(host)) {
            (Ok(first), Ok(second)) => format!("{} {}", first.revision(), second.revision()),
            (Err(err), _) | (_, Err(err)) => format!("{} {err}", err.status().as_u16()),
        };
        assert_eq!(got, expected, "host {host:?}");
    }

    #[test]
    fn hosts_route_to_revisions() {
        let t = table();
        check(&t, "a.localhost", "a-1 a-2");
        check(&t, "A.LocalHost:8080", "a-1 a-2");
        check(&t, "b.localhost.", "b-1 b-1");
        check(&t, "blue---a.localhost", "a-1 a-1");
        check(&t, "GREEN---a.localhost:80", "a-2 a-2");
        check(&t, "my---svc.localhost", "my---svc-1 my---svc-1");
    }

    #[test]
    fn unknown_hosts_and_tags_explain_what_exists() {
        let t = table();
        check(
            &t,
            "x.localhost:8080",
            "404 no service answers for host \"x.localhost\"; services: a, b, empty, my---svc \
             (URLs are http://SERVICE.localhost:8080)",
        );
        check(
            &t,
            "a.example.com",
            "404 no service answers for host \"a.example.com\"; services: a, b, empty, my---svc \
             (URLs are http://SERVICE.localhost)",
        );
        check(&t, "localhost", "404 no service answers for host \"localhost\"; services: a, b, empty, my---svc (URLs are http://SERVICE.localhost)");
        check(&t, "x.a.localhost", "404 no service answers for host \"x.a.localhost\"; services: a, b, empty, my---svc (URLs are http://SERVICE.localhost)");
        check(&t, "[::1]:8080", "404 no service answers for host \"[::1]\"; services: a, b, empty, my---svc (URLs are http://SERVICE.localhost:8080)");
        check(
            &t,
            "red---a.localhost:8080",
            "404 service \"a\" has no tag \"red\"; tags: blue, green (URLs are http://TAG---a.localhost:8080)",
        );
        check(
            &t,
            "red---b.localhost",
            "404 service \"b\" has no tag \"red\"; it has no tags, add one to its traffic and it answers at http://TAG---b.localhost",
        );
        check(
            &t,
            "empty.localhost",
            "503 service \"empty\" has no revision receiving traffic; deploy a revision or give one a traffic percent",
        );
        check(&t, ":8080", "400 the Host header \":8080\" is not a valid host name; send one naming the service, like SERVICE.localhost");
        let long = format!("{}.localhost", "a".repeat(300));
        assert_eq!(t.route(&long).unwrap_err().status().as_u16(), 400);

        let empty = RouteTable::new("localhost", vec![]).unwrap();
        check(
            &empty,
            "a.localhost",
            "404 no service answers for host \"a.localhost\"; no service is deployed yet, deploy one and it answers at http://SERVICE.localhost",
        );
    }

    #[test]
    fn invalid_tables_are_rejected() {
        let check_err = |domain: &str, services: Vec<ServiceRoute>, expected: &str| {
            let err = RouteTable::new(domain, services).unwrap_err();
            assert_eq!(err.to_string(), expected);
        };
        let route = |name: &str, weights: &[u32], tags: &[&str]| ServiceRoute {
            name: name.into(),
            split: weights.iter().map(|&w| (backend("s-1"), w)).collect(),
            tags: tags
                .iter()
                .map(|&t| (t.to_owned(), backend("s-1")))
                .collect(),
        };
        check_err(
            "Local_Host",
            vec![],
            "the router domain \"Local_Host\" is not a host name; use lowercase DNS labels like \"localhost\" or \"run.example.com\"",
        );
        check_err(
            "localhost",
            vec![route("Hello", &[10_000], &[])],
            "service name \"Hello\" cannot be part of a host name; use lowercase letters, digits and '-'",
        );
        check_err(
            "localhost",
            vec![route("a", &[10_000], &[]), route("a", &[10_000], &[])],
            "service \"a\" is listed twice in the route table; list each service once",
        );
        check_err(
            "localhost",
            vec![route("a", &[10_000], &["x---y"])],
            "tag \"x---y\" of service \"a\" cannot be part of a host name; use lowercase letters, digits and '-', without '---'",
        );
        check_err(
            "localhost",
            vec![route("a", &[10_000], &["x", "x"])],
            "tag \"x\" of service \"a\" is listed twice; give each tag one revision",
        );
        check_err(
            "localhost",
            vec![route("a", &[9_000, 950], &[])],
            "service \"a\": traffic weights sum to 99.50%, they must sum to 100%; fix the split's percents",
        );
        assert_eq!(
            RouteTable::new(".run.example.com.", vec![])
                .unwrap()
                .domain(),
            "run.example.com"
        );
    }

    #[test]
    fn a_split_with_one_live_revision_skips_the_counter() {
        let t = RouteTable::new(
            "localhost",
            vec![ServiceRoute {
                name: "a".into(),
                split: vec![(backend("a-1"), 0), (backend("a-2"), 10_000)],
                tags: vec![],
            }],
        )
        .unwrap();
        assert!(matches!(
            t.services.get("a").unwrap().split,
            Split::Single(_)
        ));
        check(&t, "a.localhost", "a-2 a-2");
    }

    #[test]
    fn a_private_service_asks_the_caller_before_routing_and_tags_follow() {
        let mut t = table();
        t.restrict("a");
        t.restrict("nobody");
        assert_eq!(
            (t.is_public("a"), t.is_public("b"), t.is_public("nobody")),
            (Some(false), Some(true), None)
        );
        let status = |r: Result<&Arc<RevisionBackend>, ProxyError>| {
            r.map_or_else(|e| e.status().as_u16(), |_| 200)
        };
        for host in [
            "a.localhost",
            "blue---a.localhost",
            "nosuchtag---a.localhost",
        ] {
            assert_eq!(status(t.route(host)), 403, "{host}");
            assert_eq!(
                status(t.route_as(host, || Err(InvokerDenied::WrongToken))),
                403,
                "{host}"
            );
            let err = t
                .route_as(host, || Err(InvokerDenied::WrongToken))
                .unwrap_err()
                .to_string();
            assert!(
                err.contains("service \"a\" requires an invoker token")
                    && err.contains("print-identity-token"),
                "{err}"
            );
        }
        assert_eq!(status(t.route_as("a.localhost", || Ok(()))), 200);
        assert_eq!(status(t.route_as("blue---a.localhost", || Ok(()))), 200);
        // A public service never asks.
        assert_eq!(
            status(t.route_as("b.localhost", || panic!("asked for a public service"))),
            200
        );
    }

    /// The 404 for an unknown host names public services only.
    #[test]
    fn the_unknown_host_page_does_not_name_private_services() {
        let mut t = table();
        t.restrict("a");
        check(&t, "x.localhost", "404 no service answers for host \"x.localhost\"; services: b, empty, my---svc (URLs are http://SERVICE.localhost)");
        let t = t
            .with_changes(vec![RouteChange::Put { route: ServiceRoute { name: "b".into(), split: vec![(backend("b-1"), 10_000)], tags: vec![] }, public: false }])
            .unwrap();
        check(&t, "x.localhost", "404 no service answers for host \"x.localhost\"; services: empty, my---svc (URLs are http://SERVICE.localhost)");
        let only_private = RouteTable::empty("localhost")
            .with_changes(vec![RouteChange::Put { route: ServiceRoute { name: "secret".into(), split: vec![], tags: vec![] }, public: false }])
            .unwrap();
        check(&only_private, "x.localhost", "404 no service answers for host \"x.localhost\"; no service is deployed yet, deploy one and it answers at http://SERVICE.localhost");
    }

    #[test]
    fn a_change_rebuilds_only_its_services_and_shares_the_rest() {
        let before = table();
        check(&before, "a.localhost", "a-1 a-2");
        let after = before
            .with_changes(vec![
                RouteChange::Put {
                    route: ServiceRoute {
                        name: "b".into(),
                        split: vec![(backend("b-1"), 5_000), (backend("b-2"), 5_000)],
                        tags: vec![("new".into(), backend("b-2"))],
                    },
                    public: true,
                },
                RouteChange::Put {
                    route: ServiceRoute {
                        name: "c".into(),
                        split: vec![(backend("c-1"), 10_000)],
                        tags: vec![],
                    },
                    public: false,
                },
                RouteChange::Remove {
                    name: "empty".into(),
                },
                RouteChange::Remove {
                    name: "nobody".into(),
                },
            ])
            .unwrap();
        // The untouched service's entry is shared and its split continues where it was.
        assert!(Arc::ptr_eq(
            before.services.get("a").unwrap(),
            after.services.get("a").unwrap()
        ));
        check(&after, "a.localhost", "a-1 a-2");
        check(&before, "a.localhost", "a-1 a-2");
        check(&after, "b.localhost", "b-1 b-2");
        check(&after, "new---b.localhost", "b-2 b-2");
        assert_eq!(
            (after.is_public("c"), after.is_public("b")),
            (Some(false), Some(true))
        );
        check(
            &after,
            "empty.localhost",
            "404 no service answers for host \"empty.localhost\"; services: a, b, my---svc (URLs are http://SERVICE.localhost)",
        );
        // The earlier table is unchanged.
        check(&before, "b.localhost", "b-1 b-1");
        assert_eq!(before.is_public("c"), None);
        // Same names, same privacy: the 404 list is shared, not rebuilt.
        let same_names = after
            .with_changes(vec![RouteChange::Put {
                route: ServiceRoute { name: "b".into(), split: vec![], tags: vec![] },
                public: true,
            }])
            .unwrap();
        assert!(Arc::ptr_eq(&after.service_list, &same_names.service_list));
        check(&same_names, "b.localhost", "503 service \"b\" has no revision receiving traffic; deploy a revision or give one a traffic percent");
    }

    #[test]
    fn a_change_copies_only_the_shards_it_touches() {
        let route = |name: String| ServiceRoute {
            split: vec![(backend(&format!("{name}-1")), 10_000)],
            name,
            tags: vec![],
        };
        let before = RouteTable::new(
            "localhost",
            (0..1000).map(|i| route(format!("s{i}"))).collect(),
        )
        .unwrap();
        let after = before
            .with_changes(vec![RouteChange::Put {
                route: route("s7".into()),
                public: true,
            }])
            .unwrap();
        let shared = (0..SHARDS)
            .filter(|&i| Arc::ptr_eq(&before.services.shards[i], &after.services.shards[i]))
            .count();
        assert_eq!(shared, SHARDS - 1);
        assert_eq!((before.services.len, after.services.len), (1000, 1000));
        for i in [0, 7, 999] {
            check(
                &after,
                &format!("s{i}.localhost"),
                &format!("s{i}-1 s{i}-1"),
            );
        }
        let removed = after
            .with_changes(vec![RouteChange::Remove { name: "s7".into() }])
            .unwrap();
        assert_eq!(
            (removed.services.len, removed.services.get("s7").is_none()),
            (999, true)
        );
        assert!(
            after.services.get("s7").is_some(),
            "the earlier table still has it"
        );
    }

    #[test]
    fn changes_are_checked_like_a_new_table() {
        let t = table();
        let put = |name: &str, weights: &[u32]| RouteChange::Put {
            route: ServiceRoute {
                name: name.into(),
                split: weights.iter().map(|&w| (backend("s-1"), w)).collect(),
                tags: vec![],
            },
            public: true,
        };
        let err = |changes| t.with_changes(changes).unwrap_err().to_string();
        assert_eq!(
            err(vec![put("a", &[10_000]), put("a", &[10_000])]),
            "service \"a\" is listed twice in the route table; list each service once"
        );
        assert_eq!(
            err(vec![put("Bad", &[10_000])]),
            "service name \"Bad\" cannot be part of a host name; use lowercase letters, digits and '-'"
        );
        assert_eq!(
            err(vec![put("a", &[9_000])]),
            "service \"a\": traffic weights sum to 90.00%, they must sum to 100%; fix the split's percents"
        );
    }

    #[test]
    fn restricting_a_shared_entry_leaves_the_earlier_table_alone() {
        let before = table();
        let mut after = before.with_changes(vec![]).unwrap();
        check(&before, "a.localhost", "a-1 a-2");
        after.restrict("a");
        assert_eq!(
            (before.is_public("a"), after.is_public("a")),
            (Some(true), Some(false))
        );
        // The private copy continues the split's sequence.
        assert_eq!(
            after.route_as("a.localhost", || Ok(())).unwrap().revision(),
            "a-1"
        );
    }

    #[test]
    fn ports_are_split_off() {
        assert_eq!(split_port("a.localhost:80"), ("a.localhost", Some("80")));
        assert_eq!(split_port("a.localhost"), ("a.localhost", None));
        assert_eq!(split_port("[::1]:80"), ("[::1]", Some("80")));
        assert_eq!(split_port("[::1]"), ("[::1]", None));
    }
}
