//! runlane's SLO service: SLOs, alert policies, notification channels and incidents,
//! kept in their own SQLite file; an evaluator that reads telemetry's exact counts
//! every second and runs each policy's state machine (`runlane_slo::alert`); and a
//! notifier that delivers every notification (SMTP email, webhooks) from a durable
//! outbox, retrying with backoff until it is delivered.
//!
//! Code map:
//! - `model`: the resources as plain Rust.
//! - `store`: the SQLite file (`alerting.db`), durable before a change is answered.
//! - `counts`: an SLI compiled into telemetry queries; counts and per-revision breakdown.
//! - `evaluate`: one evaluation ([`Alerting::tick`]): values, transitions, incidents.
//! - `notify`: the outbox sender, SMTP (lettre) and webhooks (hyper).
//! - `message`: what an email or a webhook says (pure).
//! - `uptime`: uptime checks (`uptimeCheckConfigs`): validation and judging an answer (pure).
//! - `uptime_run`: runs the checks when due, plain or over TLS (`uptime_tls`).
//! - `clock`: the injected wall clock.
//! - this file: [`Alerting`], the handle the API and `runlane up` use.
//!
//! Invariants: a change is on disk before the call returns; a notification is queued in
//! the same transaction as the incident change that causes it, and stays queued until a
//! delivery succeeds (each failure is on the incident's timeline); no data is never an
//! alert; the SMTP password is never logged or returned.
#![forbid(unsafe_code)]

pub mod clock;
pub mod counts;
mod evaluate;
pub mod message;
pub mod metric;
pub mod model;
pub mod prometheus;
mod notify;
pub mod store;
pub mod uptime;
pub mod uptime_run;
pub mod uptime_tls;

use crate::clock::Clock;
use crate::counts::{Compiled, Measured};
use crate::model::{Ack, Channel, Event, Incident, IncidentState, MonitoredService, PeriodSpec, Policy, Slo};
use crate::store::{Outgoing, Resource, Store, StoreError};
use runlane_slo::budget::{self, Counts, Goal};
use runlane_slo::sli::{self, BurnPoint, RevisionShare};
pub use runlane_slo::recovery::{self, Recovery};
use runlane_telemetry::query::Metrics;
use runlane_telemetry::{Range, Telemetry};
use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

pub use evaluate::TickReport;

/// Settings of the evaluator and the notifier.
#[derive(Clone, Debug)]
pub struct AlertingConfig {
    /// How often policies are evaluated (1 s: each evaluation starts just after
    /// telemetry has written the last second).
    pub eval_interval: Duration,
    /// Base URL of links in notifications: `{console_url}/incidents/ID`.
    pub console_url: String,
    pub smtp: Option<SmtpConfig>,
    /// One webhook delivery attempt may take this long (and a shutdown waits this long
    /// for deliveries under way).
    pub delivery_timeout: Duration,
    /// How long each SMTP reply is waited for.
    pub smtp_timeouts: SmtpTimeouts,
    /// Roots HTTPS uptime checks with `validateSsl` trust besides the public web's
    /// (`--uptime-ca-root`, e.g. the CA of the router's own certificate).
    pub uptime_ca_roots: Vec<rustls::pki_types::CertificateDer<'static>>,
}

/// How long each SMTP reply is waited for: RFC 5321 §4.5.3.2's values by default, so a
/// slow but working mail server is never given the same message twice.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SmtpTimeouts {
    /// Greeting, EHLO, STARTTLS, AUTH, MAIL and RCPT (5 minutes).
    pub command: Duration,
    /// The reply to DATA (2 minutes).
    pub data_init: Duration,
    /// Writing the message (3 minutes per block; an alert is one).
    pub data_block: Duration,
    /// The reply to the final "." (10 minutes).
    pub data_end: Duration,
}

impl Default for SmtpTimeouts {
    fn default() -> Self {
        SmtpTimeouts {
            command: Duration::from_secs(300),
            data_init: Duration::from_secs(120),
            data_block: Duration::from_secs(180),
            data_end: Duration::from_secs(600),
        }
    }
}

impl Default for AlertingConfig {
    fn default() -> Self {
        AlertingConfig {
            eval_interval: Duration::from_secs(1),
            console_url: "http://127.0.0.1:8484".into(),
            smtp: None,
            delivery_timeout: Duration::from_secs(10),
            smtp_timeouts: SmtpTimeouts::default(),
            uptime_ca_roots: Vec::new(),
        }
    }
}

/// Where email goes out: lettre's URL form (`smtp://host:2525`,
/// `smtp://user@host:587?tls=required`, `smtps://host`), a password kept apart from
/// the URL, and the From address.
#[derive(Clone)]
pub struct SmtpConfig {
    pub url: String,
    pub password: Option<String>,
    pub from: String,
}

impl std::fmt::Debug for SmtpConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SmtpConfig")
            .field("url", &redact_url(&self.url))
            .field("password", &self.password.as_ref().map(|_| "<redacted>"))
            .field("from", &self.from)
            .finish()
    }
}

/// The URL without a password that may be written into it.
pub fn redact_url(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    match rest.split_once('@') {
        Some((userinfo, host)) => {
            let user = userinfo.split(':').next().unwrap_or("");
            if userinfo.contains(':') {
                format!("{scheme}://{user}:<redacted>@{host}")
            } else {
                url.to_owned()
            }
        }
        None => url.to_owned(),
    }
}

#[derive(Debug, thiserror::Error)]
pub enum AlertingError {
    #[error("{0}")]
    NotFound(String),
    #[error("{0}")]
    AlreadyExists(String),
    /// Fields (JSON paths of the Cloud Monitoring shape) and what is wrong with each.
    #[error("{}", .0.iter().map(|(f, m)| format!("{f}: {m}")).collect::<Vec<_>>().join("; "))]
    Invalid(Vec<(String, String)>),
    #[error("{0}")]
    FailedPrecondition(String),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("telemetry could not be read: {0}")]
    Telemetry(String),
}

impl AlertingError {
    pub fn field(field: impl Into<String>, message: impl Into<String>) -> AlertingError {
        AlertingError::Invalid(vec![(field.into(), message.into())])
    }
}

type Result<T, E = AlertingError> = std::result::Result<T, E>;

/// The SLO service: cheap to clone.
#[derive(Clone, Debug)]
pub struct Alerting {
    inner: Arc<Inner>,
}

struct Inner {
    state: Mutex<State>,
    telemetry: Telemetry,
    clock: Arc<dyn Clock>,
    config: AlertingConfig,
    /// Wakes the notifier when something was queued.
    wake: tokio::sync::Notify,
    smtp: Option<notify::Mailer>,
    /// The last data second evaluated (0 before the first evaluation).
    evaluated_until: std::sync::atomic::AtomicI64,
    /// Counts of whole burn-down steps already measured: committed seconds never change,
    /// so a console refreshing an SLO every few seconds measures only the newest step.
    burn_down_steps: Mutex<BurnDownCache>,
    /// The last run of each uptime check, by name.
    uptime_runs: Mutex<HashMap<String, uptime_run::LastRun>>,
    /// Wakes the uptime runner when a check was created, changed or deleted (it otherwise
    /// sleeps until the next check is due).
    uptime_changed: tokio::sync::Notify,
    /// TLS client settings of HTTPS checks.
    check_tls: uptime_tls::CheckTls,
}

/// Step counts keyed by the SLI (as JSON, so an edited SLI never reads old counts) and
/// the step's range. Bounded: cleared when it grows past `BURN_DOWN_CACHE_MAX` entries.
#[derive(Default)]
struct BurnDownCache {
    steps: HashMap<(String, i64, i64), Counts>,
}

const BURN_DOWN_CACHE_MAX: usize = 100_000;

impl std::fmt::Debug for Inner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Alerting")
            .field("config", &self.config)
            .finish()
    }
}

/// What the evaluator remembers of one policy (or one condition of an OR policy).
#[derive(Debug, Default)]
struct Machine {
    state: runlane_slo::alert::PolicyState,
    incident: Option<u64>,
    /// Whether the conditions held at the last evaluation.
    firing: bool,
}

struct State {
    store: Store,
    services: BTreeMap<String, MonitoredService>,
    slos: BTreeMap<String, Slo>,
    policies: BTreeMap<String, Policy>,
    channels: BTreeMap<String, Channel>,
    uptime_checks: BTreeMap<String, uptime::UptimeCheck>,
    incidents: BTreeMap<u64, Incident>,
    outbox: BTreeMap<i64, Outgoing>,
    /// (policy name, condition group) → machine.
    machines: HashMap<(String, usize), Machine>,
}

/// An SLO's numbers now: what `runlane slo describe` and the console show.
#[derive(Debug, Clone)]
pub struct SloStatus {
    pub slo: Slo,
    /// The data used ends here (unix seconds; telemetry has written everything before).
    pub end: i64,
    pub period_start: i64,
    /// The period's full length (for calendar months, this month's).
    pub period_secs: u64,
    pub period: Measured,
    pub sli: Option<f64>,
    pub budget_remaining: Option<f64>,
    /// Bad events the period allows so far: (1 − goal) × total.
    pub budget_events: f64,
    /// The budget as time of total outage over the whole period.
    pub budget_outage_secs: f64,
    /// (lookback seconds, burn rate, counts) for 5 min, 1 h and 6 h.
    pub burn_rates: Vec<(u64, Option<f64>, Counts)>,
    /// Bad events per revision over the period.
    pub breakdown: Vec<RevisionShare>,
    /// The budget burn-down over the period, in steps.
    pub burn_down: Vec<BurnPoint>,
    /// Open incidents of policies on this SLO.
    pub open_incidents: Vec<u64>,
    /// When the SLI is back over the goal if traffic goes on as over the last
    /// `recovery_lookback` seconds.
    pub recovery: Recovery,
    pub recovery_lookback: u64,
}

/// What is wrong with an SLO's goal and rolling period, by field (for create and update).
fn slo_value_errors(slo: &Slo) -> Vec<(String, String)> {
    let mut errors = Vec::new();
    if let Err(e) = Goal::new(slo.goal) {
        errors.push(("goal".to_owned(), e));
    }
    if let model::PeriodSpec::Rolling { secs } = slo.period {
        if let Err(e) = runlane_slo::period::Period::rolling(Duration::from_secs(secs)) {
            errors.push(("rollingPeriod".to_owned(), e));
        }
    }
    errors
}

/// How many steps of history the recovery estimate follows out of a rolling period.
const RECOVERY_STEPS: usize = 60;

/// The recent traffic a recovery estimate extrapolates: the last minute (a quarter of a
/// shorter period), and for a windows-based SLI at least two windows, so whole windows
/// are in it; never more than the period.
fn recovery_lookback(sli: &model::Sli, period_secs: u64) -> u64 {
    let floor = match sli {
        model::Sli::Windows { window_secs, .. } => window_secs.saturating_mul(2),
        _ => 1,
    };
    floor.max(60).min(period_secs / 4).max(floor).min(period_secs).max(1)
}

/// The lookbacks `slo describe` shows.
pub const STATUS_LOOKBACKS: [u64; 3] = [300, 3600, 6 * 3600];

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

impl Alerting {
    /// Opens (or creates) the store at `path` and loads what it holds.
    pub fn open(
        path: &Path,
        telemetry: Telemetry,
        clock: Arc<dyn Clock>,
        config: AlertingConfig,
    ) -> Result<Alerting> {
        let store = Store::open(path)?;
        let loaded = store.load()?;
        let smtp = match &config.smtp {
            Some(c) => Some(
                notify::Mailer::new(c, config.smtp_timeouts)
                    .map_err(|e| AlertingError::field("--smtp-url", e))?,
            ),
            None => None,
        };
        let check_tls = uptime_tls::CheckTls::new(&config.uptime_ca_roots)
            .map_err(|e| AlertingError::field("--uptime-ca-root", e))?;
        let now_s = clock.now_ms().div_euclid(1000);
        let mut machines = HashMap::new();
        for i in loaded.incidents.iter().filter(|i| i.is_open()) {
            machines.insert(
                (i.policy.clone(), i.group),
                Machine {
                    state: runlane_slo::alert::PolicyState::resume_open(Duration::from_secs(
                        now_s.max(0) as u64,
                    )),
                    incident: Some(i.id),
                    firing: false,
                },
            );
        }
        let state = State {
            store,
            services: loaded.services.into_iter().map(|s| (s.name(), s)).collect(),
            slos: loaded.slos.into_iter().map(|s| (s.name(), s)).collect(),
            policies: loaded.policies.into_iter().map(|p| (p.name(), p)).collect(),
            channels: loaded.channels.into_iter().map(|c| (c.name(), c)).collect(),
            uptime_checks: loaded.uptime_checks.into_iter().map(|u| (u.name(), u)).collect(),
            incidents: loaded.incidents.into_iter().map(|i| (i.id, i)).collect(),
            outbox: loaded.outbox.into_iter().map(|o| (o.id, o)).collect(),
            machines,
        };
        Ok(Alerting {
            inner: Arc::new(Inner {
                state: Mutex::new(state),
                telemetry,
                clock,
                config,
                wake: tokio::sync::Notify::new(),
                smtp,
                evaluated_until: std::sync::atomic::AtomicI64::new(0),
                burn_down_steps: Mutex::new(BurnDownCache::default()),
                uptime_runs: Mutex::default(),
                uptime_changed: tokio::sync::Notify::new(),
                check_tls,
            }),
        })
    }

    pub fn config(&self) -> &AlertingConfig {
        &self.inner.config
    }

    fn now_ms(&self) -> i64 {
        self.inner.clock.now_ms()
    }

    /// Link to an incident of `project` in the console (which shows the `default`
    /// project unless the link names another with `?ns=`).
    pub fn incident_url(&self, project: &str, id: u64) -> String {
        let base = self.inner.config.console_url.trim_end_matches('/');
        if project == "default" {
            format!("{base}/incidents/{id}")
        } else {
            // Projects are DNS labels (checked on every write): nothing to escape.
            format!("{base}/incidents/{id}?ns={project}")
        }
    }

    // === services ===

    /// Custom monitoring services of `project`.
    pub fn custom_services(&self, project: &str) -> Vec<MonitoredService> {
        lock(&self.inner.state)
            .services
            .values()
            .filter(|s| s.project == project)
            .cloned()
            .collect()
    }

    pub fn custom_service(&self, project: &str, id: &str) -> Option<MonitoredService> {
        lock(&self.inner.state)
            .services
            .get(&format!("projects/{project}/services/{id}"))
            .cloned()
    }

    /// Creates a custom service; `runlane_service_exists` tells whether the id is taken by a runlane service.
    pub fn create_service(
        &self,
        service: MonitoredService,
        runlane_service_exists: bool,
    ) -> Result<MonitoredService> {
        check_id("serviceId", &service.id)?;
        let mut st = lock(&self.inner.state);
        if runlane_service_exists || st.services.contains_key(&service.name()) {
            return Err(AlertingError::AlreadyExists(format!(
                "service {} already exists; pick another serviceId",
                service.name()
            )));
        }
        st.store.put(Resource::Service(&service))?;
        st.services.insert(service.name(), service.clone());
        Ok(service)
    }

    /// Replaces a custom service's display name and labels. A runlane service is not
    /// stored here (its Monitoring form follows its deployment), so it cannot be changed.
    pub fn update_service(&self, service: MonitoredService, runlane_service_exists: bool) -> Result<MonitoredService> {
        let name = service.name();
        let mut st = lock(&self.inner.state);
        if !st.services.contains_key(&name) {
            if runlane_service_exists {
                return Err(AlertingError::FailedPrecondition(format!(
                    "service {name} is runlane's own: its name and labels follow the deployed service; change those with runlane deploy, or create a custom service"
                )));
            }
            return Err(AlertingError::NotFound(format!("custom service {name} does not exist; create it with POST")));
        }
        st.store.put(Resource::Service(&service))?;
        st.services.insert(name, service.clone());
        Ok(service)
    }

    pub fn delete_service(&self, project: &str, id: &str) -> Result<()> {
        let name = format!("projects/{project}/services/{id}");
        let mut st = lock(&self.inner.state);
        let Some(service) = st.services.get(&name).cloned() else {
            return Err(AlertingError::NotFound(format!("custom service {name} does not exist (runlane's own services cannot be deleted here; delete the runlane service)")));
        };
        let slos: Vec<String> = st
            .slos
            .values()
            .filter(|s| s.project == project && s.service == id)
            .map(Slo::name)
            .collect();
        if !slos.is_empty() {
            return Err(AlertingError::FailedPrecondition(format!(
                "service {name} still has SLOs ({}); delete them first",
                slos.join(", ")
            )));
        }
        st.store.delete(Resource::Service(&service))?;
        st.services.remove(&name);
        Ok(())
    }

    // === SLOs ===

    /// Creates an SLO on a service that exists (`runlane_service_exists`: a runlane service of that name).
    pub fn create_slo(&self, slo: Slo, runlane_service_exists: bool) -> Result<Slo> {
        check_id("serviceLevelObjectiveId", &slo.id)?;
        let mut errors = slo_value_errors(&slo);
        let mut st = lock(&self.inner.state);
        let service_name = format!("projects/{}/services/{}", slo.project, slo.service);
        let custom = st.services.contains_key(&service_name);
        if !custom && !runlane_service_exists {
            return Err(AlertingError::NotFound(format!(
                "service {service_name} does not exist; deploy the runlane service {:?} first or create a custom service",
                slo.service
            )));
        }
        if let Err(e) = counts::compile(&slo, (!custom).then_some(slo.service.as_str())) {
            errors.push(e);
        }
        if !errors.is_empty() {
            return Err(AlertingError::Invalid(errors));
        }
        if st.slos.contains_key(&slo.name()) {
            return Err(AlertingError::AlreadyExists(format!(
                "SLO {} already exists; pick another serviceLevelObjectiveId or delete it first",
                slo.name()
            )));
        }
        st.store.put(Resource::Slo(&slo))?;
        st.slos.insert(slo.name(), slo.clone());
        Ok(slo)
    }

    /// Replaces an existing SLO (PATCH), checked as a new one is; its policies follow it
    /// by name.
    pub fn update_slo(&self, slo: Slo) -> Result<Slo> {
        let mut errors = slo_value_errors(&slo);
        let mut st = lock(&self.inner.state);
        if !st.slos.contains_key(&slo.name()) {
            return Err(AlertingError::NotFound(format!("SLO {} does not exist; create it with POST", slo.name())));
        }
        let custom = st.services.contains_key(&format!("projects/{}/services/{}", slo.project, slo.service));
        if let Err(e) = counts::compile(&slo, (!custom).then_some(slo.service.as_str())) {
            errors.push(e);
        }
        if !errors.is_empty() {
            return Err(AlertingError::Invalid(errors));
        }
        st.store.put(Resource::Slo(&slo))?;
        st.slos.insert(slo.name(), slo.clone());
        Ok(slo)
    }

    pub fn list_slos(&self, project: &str, service: &str) -> Vec<Slo> {
        lock(&self.inner.state)
            .slos
            .values()
            .filter(|s| s.project == project && (service == "-" || s.service == service))
            .cloned()
            .collect()
    }

    pub fn get_slo(&self, name: &str) -> Result<Slo> {
        lock(&self.inner.state)
            .slos
            .get(name)
            .cloned()
            .ok_or_else(|| slo_not_found(name))
    }

    pub fn delete_slo(&self, name: &str) -> Result<()> {
        let mut st = lock(&self.inner.state);
        let Some(slo) = st.slos.get(name).cloned() else {
            return Err(slo_not_found(name));
        };
        let users: Vec<String> = st
            .policies
            .values()
            .filter(|p| {
                p.conditions
                    .iter()
                    .any(|c| selector_slo(&c.filter).as_deref() == Some(name))
            })
            .map(Policy::name)
            .collect();
        if !users.is_empty() {
            return Err(AlertingError::FailedPrecondition(format!(
                "SLO {name} is used by alert policies {}; delete them first",
                users.join(", ")
            )));
        }
        st.store.delete(Resource::Slo(&slo))?;
        st.slos.remove(name);
        Ok(())
    }

    fn compiled(&self, slo: &Slo) -> Result<Compiled> {
        let custom = lock(&self.inner.state).services.contains_key(&format!(
            "projects/{}/services/{}",
            slo.project, slo.service
        ));
        counts::compile(slo, (!custom).then_some(slo.service.as_str()))
            .map_err(|e| AlertingError::Invalid(vec![e]))
    }

    /// The data end: everything before this second has been written by telemetry.
    fn data_end(&self) -> Result<i64> {
        let now_s = self.now_ms().div_euclid(1000);
        let persisted = self
            .inner
            .telemetry
            .metrics_db()
            .persisted_until()
            .map_err(|e| AlertingError::Telemetry(e.to_string()))?;
        Ok(if persisted > 0 {
            persisted.min(now_s)
        } else {
            now_s
        })
    }

    /// The series one evaluation of a metric condition reads. Blocking.
    fn metric_series(&self, q: &runlane_telemetry::query::SeriesQuery, end: i64) -> Result<Vec<runlane_telemetry::query::TimeSeries>> {
        self.inner
            .telemetry
            .with_catalog(|catalog| Metrics { db: self.inner.telemetry.metrics_db(), catalog }.series(q, end))
            .map_err(|e| AlertingError::Telemetry(e.to_string()))
    }

    /// Per revision over `range`: the requests a request_count condition's filter selects
    /// (bad) among all of that revision's requests (total). Blocking.
    fn metric_counts(&self, filter: &runlane_telemetry::query::SeriesFilter, project: &str, range: Range, end: i64) -> Result<Measured> {
        let all = runlane_telemetry::query::SeriesFilter::parse(&format!(
            "metric.type=\"run.googleapis.com/request_count\" AND project=\"{}\"",
            project.replace('\\', "\\\\").replace('"', "\\\"")
        ))
        .map_err(|e| AlertingError::Telemetry(e.to_string()))?;
        self.inner
            .telemetry
            .with_catalog(|catalog| {
                let m = Metrics { db: self.inner.telemetry.metrics_db(), catalog };
                let bad = m.count_by_revision(filter, range, end)?;
                let total = m.count_by_revision(&all, range, end)?;
                let mut by_revision = std::collections::BTreeMap::new();
                for ((_, revision), n) in bad {
                    let t = total.iter().filter(|((_, r), _)| *r == revision).map(|(_, t)| *t).sum::<u64>().max(n);
                    by_revision.insert(revision, runlane_slo::budget::Counts { good: t - n, bad: n, total: t });
                }
                let counts = by_revision.values().fold(runlane_slo::budget::Counts::default(), |a, b| runlane_slo::sli::add(a, *b));
                Ok(Measured { counts, by_revision, requests: None })
            })
            .map_err(|e: runlane_telemetry::tsdb::TsdbError| AlertingError::Telemetry(e.to_string()))
    }

    fn measure(&self, compiled: &Compiled, range: Range, end: i64) -> Result<Measured> {
        if let Compiled::Prometheus(source) = compiled {
            return source
                .measure(range, self.config().delivery_timeout)
                .map_err(AlertingError::Telemetry);
        }
        self.inner
            .telemetry
            .with_catalog(|catalog| {
                compiled.measure(
                    &Metrics {
                        db: self.inner.telemetry.metrics_db(),
                        catalog,
                    },
                    range,
                    end,
                )
            })
            .map_err(|e| AlertingError::Telemetry(e.to_string()))
    }

    /// The SLO's SLI, budget, burn rates, breakdown and burn-down (in `steps` steps). Blocking.
    pub fn slo_status(&self, name: &str, steps: usize) -> Result<SloStatus> {
        let slo = self.get_slo(name)?;
        let compiled = self.compiled(&slo)?;
        let goal = Goal::new(slo.goal).map_err(|e| AlertingError::field("goal", e))?;
        let end = self.data_end()?;
        let period = slo.period.period();
        let now = Duration::from_secs(end.max(0) as u64);
        let range = period.range(now);
        let (start, period_secs) = (range.start.as_secs() as i64, period.length(now).as_secs());
        let measured = self.measure(&compiled, Range::new(start, end), end)?;
        let mut burn_rates = Vec::new();
        // A burn rate over more than the period would count bad requests the SLI and the
        // budget no longer see (a 1-minute SLO beside a "5m 11.5×" that its SLI of 100%
        // contradicts): the standard lookbacks that fit the period, else the period itself.
        let mut lookbacks: Vec<u64> = STATUS_LOOKBACKS.into_iter().filter(|l| *l <= period_secs).collect();
        if lookbacks.is_empty() {
            lookbacks.push(period_secs.max(1));
        }
        for lookback in lookbacks {
            let m = self.measure(&compiled, Range::last(lookback as i64, end), end)?;
            burn_rates.push((lookback, budget::burn_rate(m.counts, goal, 1), m.counts));
        }
        let points = self.burn_down_points(&slo, &compiled, Range::new(start, end), steps)?;
        let recovery_lookback = recovery_lookback(&slo.sli, period_secs);
        let recent = self.measure(&compiled, Range::last(recovery_lookback as i64, end), end)?;
        let (leaving, horizon) = match slo.period {
            // The history leaves the window at the age it entered it.
            PeriodSpec::Rolling { .. } => {
                let mut from = start;
                let mut leaving = Vec::new();
                for (to, counts) in self.burn_down_points(&slo, &compiled, Range::new(start, end), RECOVERY_STEPS)? {
                    let offset = |t: i64| Duration::from_secs((t - start).max(0) as u64);
                    leaving.push(recovery::Leaving { from: offset(from), to: offset(to), counts });
                    from = to;
                }
                (leaving, period_secs)
            }
            // Nothing leaves before the period ends.
            PeriodSpec::Calendar(_) => (Vec::new(), period_secs.saturating_sub((end - start).max(0) as u64)),
        };
        let recovery = recovery::time_to_goal(
            goal,
            measured.counts,
            &leaving,
            recovery::RecentRate { counts: recent.counts, lookback: Duration::from_secs(recovery_lookback) },
            Duration::from_secs(horizon),
        );
        let breakdown = sli::breakdown(measured.by_revision.iter().map(|(r, c)| (r.as_str(), *c)));
        let open_incidents = lock(&self.inner.state)
            .incidents
            .values()
            .filter(|i| i.is_open() && i.slo == name)
            .map(|i| i.id)
            .collect();
        Ok(SloStatus {
            sli: measured.counts.sli(),
            budget_remaining: budget::budget_remaining(measured.counts, goal),
            budget_events: budget::budget_requests(measured.counts, goal),
            budget_outage_secs: budget::budget_as_outage(goal, Duration::from_secs(period_secs))
                .as_secs_f64(),
            burn_rates,
            breakdown,
            burn_down: sli::burn_down(goal, points),
            period: measured,
            end,
            period_start: start,
            period_secs,
            open_incidents,
            recovery,
            recovery_lookback,
            slo,
        })
    }

    /// Counts per burn-down step over `range`. Steps sit on a grid of multiples of the step
    /// length (not on the period's start, which moves every second in a rolling period), so
    /// a whole step inside committed data is measured once and then read from the cache.
    fn burn_down_points(&self, slo: &Slo, compiled: &Compiled, range: Range, steps: usize) -> Result<Vec<(i64, Counts)>> {
        let (start, end) = (range.start, range.end);
        let steps = steps.clamp(1, 500) as i64;
        let step = (((end - start).max(1) + steps - 1) / steps).max(1);
        // A Prometheus server may still fill in a past step (late scrapes): never cached.
        let cacheable = !matches!(compiled, Compiled::Prometheus(_));
        let sli_key = serde_json::to_string(&slo.sli).unwrap_or_default();
        let mut points = Vec::new();
        let mut t = start;
        while t < end {
            let e = ((t.div_euclid(step) + 1) * step).min(end);
            let whole = cacheable && e - t == step && e < end;
            let key = (sli_key.clone(), t, e);
            let cached = if whole { lock(&self.inner.burn_down_steps).steps.get(&key).copied() } else { None };
            let counts = match cached {
                Some(c) => c,
                None => {
                    let c = self.measure(compiled, Range::new(t, e), end)?.counts;
                    if whole {
                        let mut cache = lock(&self.inner.burn_down_steps);
                        if cache.steps.len() >= BURN_DOWN_CACHE_MAX {
                            cache.steps.clear();
                        }
                        cache.steps.insert(key, c);
                    }
                    c
                }
            };
            points.push((e, counts));
            t = e;
        }
        Ok(points)
    }

    // === alert policies ===

    /// Creates a policy: ids and times are assigned here; conditions must name existing SLOs.
    pub fn create_policy(&self, mut policy: Policy) -> Result<Policy> {
        let mut st = lock(&self.inner.state);
        validate_policy(&st, &policy)?;
        policy.id = loop {
            let id = random_id();
            if !st
                .policies
                .contains_key(&format!("projects/{}/alertPolicies/{id}", policy.project))
            {
                break id;
            }
        };
        for c in &mut policy.conditions {
            c.id = random_id();
        }
        let now = self.now_ms();
        policy.created_ms = now;
        policy.updated_ms = now;
        st.store.put(Resource::Policy(&policy))?;
        st.policies.insert(policy.name(), policy.clone());
        Ok(policy)
    }

    /// The SRE Workbook's multi-window, multi-burn-rate set for one SLO, windows scaled
    /// to its period: four policies (page: 14.4× over 1 h AND 5 min, 6× over 6 h AND
    /// 30 min; ticket: 3× over 1 d AND 2 h, 1× over 3 d AND 6 h of a 30-day period), each
    /// labelled with its severity and tier so that a firing tier inhibits the lower ones.
    /// Returns the policies and warnings (tiers the goal can never reach).
    pub fn create_workbook_policies(
        &self,
        slo_name: &str,
        channels: Vec<String>,
        extra_labels: model::Labels,
    ) -> Result<(Vec<Policy>, Vec<String>)> {
        let slo = self.get_slo(slo_name)?;
        let now = Duration::from_secs(self.now_ms().div_euclid(1000).max(0) as u64);
        let period = slo.period.period().length(now);
        let mut warnings = Vec::new();
        for t in runlane_slo::workbook::unreachable_tiers(slo.goal, period) {
            warnings.push(format!(
                "a goal of {}% can never burn faster than {:.1}×, so the {} tier at {}× never fires; raise the goal or rely on the other tiers",
                slo.goal * 100.0,
                1.0 / (1.0 - slo.goal),
                t.severity.label(),
                t.burn_rate
            ));
        }
        let mut created = Vec::new();
        for (i, tier) in runlane_slo::workbook::tiers(period).into_iter().enumerate() {
            let (long, short) = (tier.long.as_secs().max(1), tier.short.as_secs().max(1));
            let cond = |secs: u64| model::Condition {
                id: String::new(),
                display_name: format!(
                    "burn rate over {} > {}",
                    runlane_model::duration::human_secs(secs),
                    tier.burn_rate
                ),
                filter: format!("select_slo_burn_rate(\"{slo_name}\", \"{secs}s\")"),
                comparison: model::Comparison::Gt,
                threshold: tier.burn_rate,
                duration_secs: 0,
                trigger: None,
                aggregation: None,
                absent: false,
            };
            let mut labels = extra_labels.clone();
            labels.insert(model::LABEL_SEVERITY.into(), tier.severity.label().into());
            labels.insert(model::LABEL_TIER.into(), (i + 1).to_string());
            labels.insert(
                model::LABEL_INHIBIT_GROUP.into(),
                format!("{}-{}", slo.service, slo.id).to_ascii_lowercase(),
            );
            let policy = Policy {
                project: slo.project.clone(),
                id: String::new(),
                display_name: format!(
                    "{} {}: {}× over {} and {} ({})",
                    slo.service,
                    slo.id,
                    tier.burn_rate,
                    runlane_model::duration::human_secs(long),
                    runlane_model::duration::human_secs(short),
                    tier.severity.label()
                ),
                conditions: vec![cond(long), cond(short)],
                combiner: model::Combiner::And,
                enabled: true,
                channels: channels.clone(),
                documentation: Some(model::Documentation {
                    content: format!(
                        "SRE Workbook tier {}: the error budget of {} burns {}× faster than the period allows, over both {} and {}. At this rate {:.0}% of the budget is spent by the time it fires.",
                        i + 1,
                        slo_name,
                        tier.burn_rate,
                        runlane_model::duration::human_secs(long),
                        runlane_model::duration::human_secs(short),
                        100.0 * budget::budget_spent_when_firing(tier.burn_rate, Duration::from_secs(long), period)
                    ),
                    mime_type: "text/markdown".into(),
                }),
                auto_close_secs: None,
                user_labels: labels,
                severity: Some(match tier.severity {
                    runlane_slo::workbook::Severity::Page => "CRITICAL".into(),
                    runlane_slo::workbook::Severity::Ticket => "WARNING".into(),
                }),
                created_ms: 0,
                updated_ms: 0,
            };
            created.push(self.create_policy(policy)?);
        }
        Ok((created, warnings))
    }

    pub fn list_policies(&self, project: &str) -> Vec<Policy> {
        lock(&self.inner.state)
            .policies
            .values()
            .filter(|p| p.project == project)
            .cloned()
            .collect()
    }

    pub fn get_policy(&self, name: &str) -> Result<Policy> {
        lock(&self.inner.state)
            .policies
            .get(name)
            .cloned()
            .ok_or_else(|| {
                AlertingError::NotFound(format!(
                    "alert policy {name} does not exist; list them with `runlane alerts list`"
                ))
            })
    }

    /// Replaces a policy's fields (conditions keep their ids when the caller sent them).
    pub fn update_policy(&self, mut policy: Policy) -> Result<Policy> {
        let mut st = lock(&self.inner.state);
        let Some(old) = st.policies.get(&policy.name()).cloned() else {
            return Err(AlertingError::NotFound(format!(
                "alert policy {} does not exist",
                policy.name()
            )));
        };
        validate_policy(&st, &policy)?;
        for c in &mut policy.conditions {
            if c.id.is_empty() {
                c.id = random_id();
            }
        }
        policy.created_ms = old.created_ms;
        policy.updated_ms = self.now_ms();
        st.store.put(Resource::Policy(&policy))?;
        if old.conditions != policy.conditions || old.combiner != policy.combiner {
            st.machines
                .retain(|(p, _), m| p != &policy.name() || m.incident.is_some());
        }
        st.policies.insert(policy.name(), policy.clone());
        Ok(policy)
    }

    pub fn delete_policy(&self, name: &str) -> Result<()> {
        let mut st = lock(&self.inner.state);
        let Some(p) = st.policies.get(name).cloned() else {
            return Err(AlertingError::NotFound(format!(
                "alert policy {name} does not exist"
            )));
        };
        st.store.delete(Resource::Policy(&p))?;
        st.policies.remove(name);
        st.machines.retain(|(p, _), _| p != name);
        // Its open incidents can no longer resolve: close them.
        let now = self.now_ms();
        let open: Vec<Incident> = st
            .incidents
            .values()
            .filter(|i| i.policy == name && i.is_open())
            .cloned()
            .collect();
        for mut i in open {
            i.state = IncidentState::Closed;
            i.closed_ms = Some(now);
            i.timeline.push(Event {
                at_ms: now,
                kind: "closed".into(),
                message: "closed: its alert policy was deleted".into(),
                channel: None,
                by: None,
            });
            st.store.save_incident(&i, &mut [])?;
            st.incidents.insert(i.id, i);
        }
        Ok(())
    }

    // === uptime checks ===

    /// Creates a check; its id comes from its display name and a random suffix.
    pub fn create_uptime_check(&self, mut check: uptime::UptimeCheck) -> Result<uptime::UptimeCheck> {
        validate_uptime_check(&check)?;
        let mut st = lock(&self.inner.state);
        check.id = loop {
            let id = uptime::id_from_display_name(&check.display_name, &format!("{:08x}", fastrand::u32(..)));
            if !st.uptime_checks.contains_key(&format!("projects/{}/uptimeCheckConfigs/{id}", check.project)) {
                break id;
            }
        };
        check.created_ms = self.now_ms();
        st.store.put(Resource::Uptime(&check))?;
        st.uptime_checks.insert(check.name(), check.clone());
        self.inner.uptime_changed.notify_one();
        Ok(check)
    }

    /// Replaces an existing check (PATCH); its id and creation time stay.
    pub fn update_uptime_check(&self, mut check: uptime::UptimeCheck) -> Result<uptime::UptimeCheck> {
        validate_uptime_check(&check)?;
        let mut st = lock(&self.inner.state);
        let Some(old) = st.uptime_checks.get(&check.name()) else {
            return Err(uptime_not_found(&check.name()));
        };
        check.created_ms = old.created_ms;
        st.store.put(Resource::Uptime(&check))?;
        st.uptime_checks.insert(check.name(), check.clone());
        self.inner.uptime_changed.notify_one();
        Ok(check)
    }

    pub fn list_uptime_checks(&self, project: &str) -> Vec<uptime::UptimeCheck> {
        lock(&self.inner.state)
            .uptime_checks
            .values()
            .filter(|u| u.project == project)
            .cloned()
            .collect()
    }

    /// Every project's checks (what the runner runs).
    pub fn all_uptime_checks(&self) -> Vec<uptime::UptimeCheck> {
        lock(&self.inner.state).uptime_checks.values().cloned().collect()
    }

    pub fn get_uptime_check(&self, name: &str) -> Result<uptime::UptimeCheck> {
        lock(&self.inner.state)
            .uptime_checks
            .get(name)
            .cloned()
            .ok_or_else(|| uptime_not_found(name))
    }

    /// The last run of a check since this runlane started.
    pub fn last_uptime_run(&self, name: &str) -> Option<uptime_run::LastRun> {
        lock(&self.inner.uptime_runs).get(name).cloned()
    }

    pub fn delete_uptime_check(&self, name: &str) -> Result<()> {
        let mut st = lock(&self.inner.state);
        let Some(u) = st.uptime_checks.get(name).cloned() else {
            return Err(uptime_not_found(name));
        };
        st.store.delete(Resource::Uptime(&u))?;
        st.uptime_checks.remove(name);
        self.inner.uptime_changed.notify_one();
        Ok(())
    }

    // === notification channels ===

    pub fn create_channel(&self, mut channel: Channel) -> Result<Channel> {
        validate_channel(&channel)?;
        let mut st = lock(&self.inner.state);
        channel.id = loop {
            let id = random_id();
            if !st.channels.contains_key(&format!(
                "projects/{}/notificationChannels/{id}",
                channel.project
            )) {
                break id;
            }
        };
        channel.created_ms = self.now_ms();
        st.store.put(Resource::Channel(&channel))?;
        st.channels.insert(channel.name(), channel.clone());
        Ok(channel)
    }

    /// Replaces an existing channel (PATCH); its id and creation time stay.
    pub fn update_channel(&self, mut channel: Channel) -> Result<Channel> {
        validate_channel(&channel)?;
        let mut st = lock(&self.inner.state);
        let Some(old) = st.channels.get(&channel.name()) else {
            return Err(AlertingError::NotFound(format!("notification channel {} does not exist; list them with `runlane channels list`", channel.name())));
        };
        channel.created_ms = old.created_ms;
        st.store.put(Resource::Channel(&channel))?;
        st.channels.insert(channel.name(), channel.clone());
        Ok(channel)
    }

    pub fn list_channels(&self, project: &str) -> Vec<Channel> {
        lock(&self.inner.state)
            .channels
            .values()
            .filter(|c| c.project == project)
            .cloned()
            .collect()
    }

    pub fn get_channel(&self, name: &str) -> Result<Channel> {
        lock(&self.inner.state).channels.get(name).cloned().ok_or_else(|| AlertingError::NotFound(format!("notification channel {name} does not exist; list them with `runlane channels list`")))
    }

    pub fn delete_channel(&self, name: &str, force: bool) -> Result<()> {
        let mut st = lock(&self.inner.state);
        let Some(c) = st.channels.get(name).cloned() else {
            return Err(AlertingError::NotFound(format!(
                "notification channel {name} does not exist"
            )));
        };
        let users: Vec<String> = st
            .policies
            .values()
            .filter(|p| p.channels.iter().any(|x| x == name))
            .map(Policy::name)
            .collect();
        if !users.is_empty() && !force {
            return Err(AlertingError::FailedPrecondition(format!("channel {name} is used by alert policies {}; remove it from them first, or delete with force=true", users.join(", "))));
        }
        st.store.delete(Resource::Channel(&c))?;
        st.channels.remove(name);
        Ok(())
    }

    // === incidents ===

    /// Opens an incident that no alert policy raised (a rollout that rolled back, issue
    /// 11), with `summary` as its opening event, and notifies every enabled channel of the
    /// project. Durable before it returns.
    pub fn open_rollout_incident(&self, project: &str, service: &str, title: &str, summary: &str) -> Result<Incident> {
        self.open_platform_incident(project, service, &format!("projects/{project}/rollouts/{service}"), title, "rollback", summary)
    }

    /// Opens an incident that runlane itself raises (not an alert policy's: a rollback,
    /// the data dir's disk filling), under the pseudo-policy name `policy`, with `summary`
    /// as its opening event, and notifies every enabled channel of `project`. Durable
    /// before it returns.
    pub fn open_platform_incident(&self, project: &str, service: &str, policy: &str, title: &str, severity: &str, summary: &str) -> Result<Incident> {
        let now = self.now_ms();
        let mut st = lock(&self.inner.state);
        let id = st.store.next_incident_id()?.max(st.incidents.keys().next_back().map_or(1, |k| k + 1));
        let mut incident = Incident {
            id,
            project: project.to_owned(),
            policy: policy.to_owned(),
            policy_display_name: title.to_owned(),
            group: 0,
            conditions: Vec::new(),
            service: service.to_owned(),
            slo: String::new(),
            slo_display_name: String::new(),
            severity: Some(severity.to_owned()),
            state: IncidentState::Open,
            opened_ms: now,
            condition_met_ms: now,
            resolved_ms: None,
            closed_ms: None,
            acknowledged: None,
            observed: Vec::new(),
            burn_rate_at_open: None,
            peak_burn_rate: None,
            peak_ms: None,
            sli: None,
            budget_remaining: None,
            goal: 0.0,
            breakdown: Vec::new(),
            breakdown_window_secs: 0,
            inhibited_by: None,
            timeline: vec![evaluate::event(now, "opened", format!("opened: {summary}"))],
            resolved_figures: None,
            failing_checks: Vec::new(),
        };
        let queue: Vec<Outgoing> = st
            .channels
            .values()
            .filter(|c| c.project == project && c.enabled)
            .map(|c| Outgoing {
                id: 0,
                incident: id,
                channel: c.name(),
                kind: "opened".to_owned(),
                attempts: 0,
                next_attempt_ms: now,
                last_error: None,
                idempotency_key: format!("runlane-{project}-incident-{id}-opened-{}", c.id),
            })
            .collect();
        let queued = self.save(&mut st, incident.clone(), queue)?;
        incident = st.incidents.get(&id).cloned().unwrap_or(incident);
        drop(st);
        if queued {
            self.inner.wake.notify_one();
        }
        Ok(incident)
    }

    /// Resolves an open incident [`Self::open_platform_incident`] opened, with `summary` as
    /// its closing event, and notifies every enabled channel of its project. Durable
    /// before it returns; an incident no longer open is left as it is.
    pub fn resolve_platform_incident(&self, project: &str, id: u64, summary: &str) -> Result<Incident> {
        let now = self.now_ms();
        let mut st = lock(&self.inner.state);
        let mut incident = st
            .incidents
            .get(&id)
            .filter(|i| i.project == project)
            .cloned()
            .ok_or_else(|| AlertingError::NotFound(format!("incident {id} in project {project}")))?;
        if !incident.is_open() {
            return Ok(incident);
        }
        incident.state = IncidentState::Resolved;
        incident.resolved_ms = Some(now);
        incident.timeline.push(evaluate::event(now, "resolved", format!("resolved: {summary}")));
        let queue: Vec<Outgoing> = st
            .channels
            .values()
            .filter(|c| c.project == project && c.enabled)
            .map(|c| Outgoing {
                id: 0,
                incident: id,
                channel: c.name(),
                kind: "resolved".to_owned(),
                attempts: 0,
                next_attempt_ms: now,
                last_error: None,
                idempotency_key: format!("runlane-{project}-incident-{id}-resolved-{}", c.id),
            })
            .collect();
        let queued = self.save(&mut st, incident.clone(), queue)?;
        drop(st);
        if queued {
            self.inner.wake.notify_one();
        }
        Ok(incident)
    }

    /// Incidents of `project`, open ones first, then newest first.
    pub fn list_incidents(&self, project: &str) -> Vec<Incident> {
        let st = lock(&self.inner.state);
        let mut v: Vec<Incident> = st
            .incidents
            .values()
            .filter(|i| i.project == project)
            .cloned()
            .collect();
        v.sort_by(|a, b| b.is_open().cmp(&a.is_open()).then(b.id.cmp(&a.id)));
        v
    }

    pub fn get_incident(&self, project: &str, id: u64) -> Result<Incident> {
        lock(&self.inner.state)
            .incidents
            .get(&id)
            .filter(|i| i.project == project)
            .cloned()
            .ok_or_else(|| incident_not_found(project, id))
    }

    /// Records who acknowledged an incident (once; later calls change nothing).
    pub fn acknowledge(&self, project: &str, id: u64, by: &str) -> Result<Incident> {
        let now = self.now_ms();
        let mut st = lock(&self.inner.state);
        let mut i = st
            .incidents
            .get(&id)
            .filter(|i| i.project == project)
            .cloned()
            .ok_or_else(|| incident_not_found(project, id))?;
        if i.acknowledged.is_none() {
            i.acknowledged = Some(Ack {
                by: by.to_owned(),
                at_ms: now,
            });
            i.timeline.push(Event {
                at_ms: now,
                kind: "acknowledged".into(),
                message: format!("acknowledged by {by}"),
                channel: None,
                by: Some(by.to_owned()),
            });
            st.store.save_incident(&i, &mut [])?;
            st.incidents.insert(id, i.clone());
        }
        Ok(i)
    }

    /// Closes an incident. If its conditions are still met, the next evaluation opens a new one.
    pub fn close(&self, project: &str, id: u64, by: &str) -> Result<Incident> {
        let now = self.now_ms();
        let mut st = lock(&self.inner.state);
        let mut i = st
            .incidents
            .get(&id)
            .filter(|i| i.project == project)
            .cloned()
            .ok_or_else(|| incident_not_found(project, id))?;
        if i.state == IncidentState::Closed {
            return Ok(i);
        }
        i.state = IncidentState::Closed;
        i.closed_ms = Some(now);
        i.timeline.push(Event {
            at_ms: now,
            kind: "closed".into(),
            message: format!("closed by {by}"),
            channel: None,
            by: Some(by.to_owned()),
        });
        st.store.save_incident(&i, &mut [])?;
        st.machines.retain(|_, m| m.incident != Some(id));
        st.incidents.insert(id, i.clone());
        Ok(i)
    }

    /// Notifications not yet delivered: (incident, channel, kind, attempts, last error).
    pub fn pending_notifications(&self) -> Vec<Outgoing> {
        lock(&self.inner.state).outbox.values().cloned().collect()
    }

    // === running ===

    /// Evaluates every `eval_interval` and delivers notifications until `shutdown`.
    pub async fn run(self, shutdown: impl std::future::Future<Output = ()> + Send + 'static) {
        let (stop_tx, stop_rx) = tokio::sync::watch::channel(false);
        let notifier = tokio::spawn(notify::run(self.clone(), stop_rx.clone()));
        let checker = tokio::spawn(uptime_run::run(self.clone(), stop_rx.clone()));
        let evaluator = tokio::spawn(evaluate::run(self.clone(), stop_rx));
        shutdown.await;
        let _ = stop_tx.send(true);
        let _ = checker.await;
        let _ = evaluator.await;
        let _ = notifier.await;
    }
}

fn slo_not_found(name: &str) -> AlertingError {
    AlertingError::NotFound(format!(
        "SLO {name} does not exist; list them with `runlane slo list`"
    ))
}

fn incident_not_found(project: &str, id: u64) -> AlertingError {
    AlertingError::NotFound(format!("incident {id} does not exist in project {project:?}; list them with `runlane incidents list`"))
}

/// The SLO a condition's selector names, if it parses.
pub fn selector_slo(filter: &str) -> Option<String> {
    runlane_slo::selector::parse(filter)
        .ok()
        .map(|s| s.slo().to_owned())
}

/// Ids as Cloud Monitoring gives them: a long decimal number.
fn validate_uptime_check(check: &uptime::UptimeCheck) -> Result<()> {
    let errors = check.errors();
    if errors.is_empty() {
        Ok(())
    } else {
        Err(AlertingError::Invalid(errors))
    }
}

fn uptime_not_found(name: &str) -> AlertingError {
    AlertingError::NotFound(format!("uptime check {name} does not exist; list them with `gcloud monitoring uptime list-configs`"))
}

fn random_id() -> String {
    format!(
        "{}",
        fastrand::u64(1_000_000_000_000_000..10_000_000_000_000_000)
    )
}

/// Resource ids people choose: letters, digits, `-` and `_`, up to 100.
fn check_id(field: &str, id: &str) -> Result<()> {
    let ok = !id.is_empty()
        && id.len() <= 100
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if ok {
        Ok(())
    } else {
        Err(AlertingError::field(
            field,
            format!("{id:?} is not a valid id; use letters, digits, - and _ (at most 100)"),
        ))
    }
}

fn validate_policy(st: &State, p: &Policy) -> Result<()> {
    let mut errors = Vec::new();
    if p.conditions.is_empty() {
        errors.push((
            "conditions".to_owned(),
            "give at least one condition".to_owned(),
        ));
    }
    if p.conditions.len() > 6 {
        errors.push((
            "conditions".to_owned(),
            "a policy holds at most 6 conditions".to_owned(),
        ));
    }
    for (i, c) in p.conditions.iter().enumerate() {
        let field = format!(
            "conditions[{i}].{}",
            if c.absent { "conditionAbsent" } else { "conditionThreshold" }
        );
        match runlane_slo::selector::parse(&c.filter) {
            Err(e) if c.filter.trim_start().starts_with("select_") => errors.push((format!("{field}.filter"), e)),
            Err(_) => {
                if let Err((f, m)) = metric::MetricCondition::compile(c, &p.project) {
                    errors.push((format!("{field}.{f}"), m));
                }
            }
            Ok(_) if c.absent || c.aggregation.is_some() => errors.push((
                format!("{field}.filter"),
                "an SLO selector is one time series already: aggregations and conditionAbsent apply to metric filters (metric.type=\"…\") only".to_owned(),
            )),
            Ok(sel) => {
                let slo = sel.slo();
                let project = slo.split('/').nth(1).unwrap_or("");
                if project != p.project {
                    errors.push((format!("{field}.filter"), format!("the SLO {slo} is in project {project:?}, not in this policy's project {:?}", p.project)));
                } else if !st.slos.contains_key(slo) {
                    errors.push((
                        format!("{field}.filter"),
                        format!(
                            "the SLO {slo} does not exist; create it first (runlane slo create)"
                        ),
                    ));
                }
            }
        }
        if !c.threshold.is_finite() {
            errors.push((
                format!("{field}.thresholdValue"),
                "give a number".to_owned(),
            ));
        }
    }
    for (i, ch) in p.channels.iter().enumerate() {
        if !st.channels.contains_key(ch) {
            errors.push((format!("notificationChannels[{i}]"), format!("the channel {ch} does not exist; create it first (runlane channels create) and use its name projects/P/notificationChannels/ID")));
        }
    }
    if let Some(v) = p.user_labels.get(model::LABEL_MIN_REQUESTS) {
        if v.parse::<u64>().is_err() {
            errors.push((
                format!("userLabels.{}", model::LABEL_MIN_REQUESTS),
                format!("{v:?} is not a whole number of requests"),
            ));
        }
    }
    if let Some(v) = p.user_labels.get(model::LABEL_RESOLVE_AFTER) {
        if let Err(e) = runlane_model::duration::parse_human(v) {
            errors.push((format!("userLabels.{}", model::LABEL_RESOLVE_AFTER), e));
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(AlertingError::Invalid(errors))
    }
}

fn validate_channel(c: &Channel) -> Result<()> {
    let label = |k: &str| c.labels.get(k).map(String::as_str).unwrap_or("");
    match c.kind.as_str() {
        "email" => {
            let a = label("email_address");
            let ok = a.split_once('@').is_some_and(|(l, d)| {
                !l.is_empty() && !d.is_empty() && !a.contains(char::is_whitespace)
            });
            if !ok {
                return Err(AlertingError::field(
                    "labels.email_address",
                    format!("{a:?} is not an email address; give one like oncall@example.com"),
                ));
            }
        }
        "webhook_tokenauth" | "webhook_basicauth" | "slack" => {
            let u = label("url");
            if !(u.starts_with("http://") || u.starts_with("https://")) {
                return Err(AlertingError::field(
                    "labels.url",
                    format!("{u:?} is not an http(s) URL; give the URL to POST notifications to"),
                ));
            }
        }
        other => {
            return Err(AlertingError::field("type", format!("channel type {other:?} is not supported; use email, webhook_tokenauth or slack (an incoming-webhook URL in labels.url)")));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests;
