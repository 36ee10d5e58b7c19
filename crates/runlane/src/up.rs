//! `runlane up`: opens the data dir, binds the API and router sockets, starts the
//! controller and serves until SIGINT/SIGTERM, then drains and stops instances.

use anyhow::Context;
use runlane_controller::{AutoscaleConfig, Controller, ControllerConfig};
use runlane_router::{Dial, Dialing, Router, RouterConfig};
use runlane_runtime::{LogSink, Runtime};
use runlane_store::Store;
use runlane_telemetry::{LogRetention, ServicePlace, Telemetry, TelemetryConfig};
use std::net::{Ipv6Addr, SocketAddr};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::sync::watch;

#[derive(clap::Args, Debug)]
pub struct UpArgs {
    /// A TOML file of settings, named as these flags without `--` (`router-port = 8080`,
    /// `registry-mirror = ["gcr.io=http://127.0.0.1:5000"]`). A flag on the command line
    /// wins over its RUNLANE_* variable, which wins over the file, which wins over the default.
    #[arg(long, env = "RUNLANE_CONFIG", value_name = "FILE")]
    config: Option<PathBuf>,
    /// Print the settings in force (each with where it came from, secrets masked) as a
    /// config file, and exit.
    #[arg(long)]
    print_config: bool,
    /// Where state lives (SQLite database, token). Default: $XDG_DATA_HOME/runlane.
    #[arg(long, env = "RUNLANE_DATA_DIR")]
    data_dir: Option<PathBuf>,
    /// Address of the admin API and the web console. Port 0 picks a free port.
    /// Only a loopback address unless --tls-cert and --tls-key are given.
    #[arg(long, default_value = "127.0.0.1:8484", env = "RUNLANE_API_ADDR")]
    api_addr: SocketAddr,
    /// Who may call a service created without --allow-unauthenticated: `private`, as on
    /// Cloud Run (callers send an invoker token until `--allow-unauthenticated` or an
    /// allUsers binding makes it public), or `public` (anyone: a convenience for curl and
    /// browsers on a developer's machine).
    #[arg(long, value_enum, default_value = "private", env = "RUNLANE_NEW_SERVICES")]
    new_services: NewServices,
    /// PEM file with a TLS certificate chain (repeatable, each with its --tls-key, in the
    /// same order). With certificates the admin API speaks only HTTPS and the router serves
    /// HTTPS too (--https-port); each handshake gets the first certificate whose names
    /// (wildcards included) cover the name the client asked for, else the first one. The
    /// files are reloaded when they change (--tls-reload-interval).
    #[arg(long, env = "RUNLANE_TLS_CERT", requires = "tls_key", value_name = "FILE", value_delimiter = ',')]
    tls_cert: Vec<PathBuf>,
    /// PEM file with the private key of the --tls-cert in the same position (repeatable).
    #[arg(long, env = "RUNLANE_TLS_KEY", requires = "tls_cert", value_name = "FILE", value_delimiter = ',')]
    tls_key: Vec<PathBuf>,
    /// How often the certificate and key files are checked for changes (1s, 30s, 5m); a
    /// changed pair that is usable serves new handshakes at once, a broken one is logged
    /// and the previous certificate keeps serving.
    #[arg(long, default_value = "5s", value_parser = runlane_model::duration::parse_human, env = "RUNLANE_TLS_RELOAD_INTERVAL")]
    tls_reload_interval: Duration,
    /// The directory URL of an ACME CA to order the router's certificates from (Let's
    /// Encrypt's is https://acme-v02.api.letsencrypt.org/directory). Each --acme-domain
    /// gets its own certificate, ordered at start, stored in the data dir (acme/) and
    /// renewed before expiry; the router then serves HTTPS (--https-port). A --tls-cert
    /// whose names cover a name wins over an ordered certificate.
    #[arg(long, env = "RUNLANE_ACME_DIRECTORY", value_name = "URL")]
    acme_directory: Option<String>,
    /// Contact address for the ACME account (the CA's expiry notices).
    #[arg(long, env = "RUNLANE_ACME_EMAIL", value_name = "ADDRESS", requires = "acme_directory")]
    acme_email: Option<String>,
    /// PEM file of a root CA to trust for the ACME directory's HTTPS instead of the
    /// system's roots (a test CA such as pebble's).
    #[arg(long, env = "RUNLANE_ACME_CA_ROOT", value_name = "FILE", requires = "acme_directory")]
    acme_ca_root: Option<PathBuf>,
    /// A name to order a certificate for (repeatable; jokes.example.com). It must
    /// resolve to this machine, whose port 80 (http-01) or 443 (tls-alpn-01) must reach
    /// the router.
    #[arg(long, env = "RUNLANE_ACME_DOMAIN", value_name = "NAME", value_delimiter = ',', requires = "acme_directory")]
    acme_domain: Vec<String>,
    /// How the CA validates a name: `http-01` (a token the router's plain HTTP listener
    /// serves, before any redirect) or `tls-alpn-01` (a handshake on the HTTPS listener).
    #[arg(long, value_enum, default_value = "http-01", env = "RUNLANE_ACME_CHALLENGE")]
    acme_challenge: AcmeChallenge,
    /// Renew a certificate when this little of its lifetime is left (or at two thirds of
    /// its lifetime, whichever comes first); 30d, 12h.
    #[arg(long, default_value = "30d", value_parser = runlane_model::duration::parse_human, env = "RUNLANE_ACME_RENEW_BEFORE")]
    acme_renew_before: Duration,
    /// Port of the router's HTTPS listener, on both 127.0.0.1 and ::1, when certificates are
    /// given (--tls-cert or --acme-directory). 0 picks a free port.
    #[arg(long, default_value_t = 8443, env = "RUNLANE_HTTPS_PORT")]
    https_port: u16,
    /// Where the router serves HTTPS instead (repeatable; `0.0.0.0:443`, `[::]:443`).
    /// Replaces the loopback pair of --https-port. Needs --tls-cert or --acme-directory.
    #[arg(long, value_name = "ADDR:PORT", env = "RUNLANE_HTTPS_ADDR", value_delimiter = ',', conflicts_with = "https_port")]
    https_addr: Vec<SocketAddr>,
    /// What the plain HTTP listeners do when the router serves HTTPS: `redirect` every
    /// request to the same URL over HTTPS (308; HTTPS answers then carry
    /// Strict-Transport-Security, and service URLs are https://), or `serve` as without
    /// certificates (for local rehearsals with http:// URLs; no HSTS, which would make
    /// browsers refuse them).
    #[arg(long, value_enum, default_value = "redirect", env = "RUNLANE_PLAIN_HTTP")]
    plain_http: PlainHttp,
    /// Port of the router, on both 127.0.0.1 and ::1 (`*.localhost` resolves to ::1 first). 0 picks a free port.
    #[arg(long, default_value_t = 8080, env = "RUNLANE_ROUTER_PORT")]
    router_port: u16,
    /// Where the router listens instead (repeatable; IPv4 `0.0.0.0:80` or IPv6 `[::]:80`).
    /// Replaces the loopback pair of --router-port. Port 0 picks a free port.
    #[arg(long, value_name = "ADDR:PORT", env = "RUNLANE_ROUTER_ADDR", value_delimiter = ',', conflicts_with = "router_port")]
    router_addr: Vec<SocketAddr>,
    /// Log lines on stderr as text (colour only on a terminal) or as JSON, one object a line.
    #[arg(long, value_enum, default_value = "text", env = "RUNLANE_LOG_FORMAT")]
    log_format: LogFormat,
    /// Service URLs are http://SERVICE.DOMAIN:PORT and http://TAG---SERVICE.DOMAIN:PORT.
    #[arg(long, default_value = "localhost", env = "RUNLANE_DOMAIN")]
    domain: String,
    /// Seconds in-flight requests get to finish on shutdown.
    #[arg(long, default_value_t = 10, env = "RUNLANE_DRAIN_SECONDS")]
    drain_seconds: u64,
    /// Request log entries (and, separately, instance output lines) queued for the log
    /// writer at most; when the disk falls behind, more are dropped and counted.
    #[arg(long, default_value_t = 8192, env = "RUNLANE_LOG_BUFFER")]
    log_buffer: usize,
    /// Log entries kept at most (the oldest go first; entries also expire after 30 days).
    #[arg(long, default_value_t = 1_000_000, env = "RUNLANE_LOG_MAX_ENTRIES")]
    log_max_entries: i64,
    /// The log store's size on disk at most (1Gi, 500Mi); the oldest entries go first.
    #[arg(long, default_value = "1Gi", value_parser = runlane_model::quantity::parse_memory_unbounded, value_name = "SIZE", env = "RUNLANE_LOG_MAX_BYTES")]
    log_max_bytes: u64,
    /// Below this much free space on the data dir's filesystem logs are not written (each
    /// entry dropped is counted in runlane_telemetry_log_entries_dropped_low_disk), so
    /// metrics and control-plane changes keep room [default: a tenth of the filesystem,
    /// at most 1Gi].
    #[arg(long, value_parser = runlane_model::quantity::parse_memory_unbounded, value_name = "SIZE", env = "RUNLANE_LOG_MIN_FREE_BYTES")]
    log_min_free_bytes: Option<u64>,
    /// How often the data dir's disk is looked at for the fill forecast (free space and
    /// each store's size; the forecast fits the last hour of looks).
    #[arg(long, default_value = "60s", value_parser = runlane_model::duration::parse_human, value_name = "DURATION", env = "RUNLANE_DISK_SAMPLE_INTERVAL")]
    disk_sample_interval: Duration,
    /// The built-in alert: an incident (notifying the default project's channels) when the
    /// data dir's disk will be full within this at the last hour's rate; 0 turns it off.
    #[arg(long, default_value = "4h", value_parser = runlane_model::duration::parse_human, value_name = "DURATION", env = "RUNLANE_DISK_FORECAST_ALERT")]
    disk_forecast_alert: Duration,
    /// How long a revision with minScale 0 stays idle before it scales to zero (30s, 1m,
    /// 500ms); a revision's autoscaling.knative.dev/scale-to-zero-pod-retention-period wins.
    #[arg(long, default_value = "30s", value_parser = runlane_model::duration::parse_human, env = "RUNLANE_SCALE_TO_ZERO_GRACE")]
    scale_to_zero_grace: Duration,
    /// The autoscaler's stable window (Knative: 60s); the panic window is a tenth of it.
    #[arg(long, default_value = "60s", value_parser = runlane_model::duration::parse_human, env = "RUNLANE_AUTOSCALE_WINDOW")]
    autoscale_window: Duration,
    /// Requests that may wait per revision for an instance with room (a free permit); more get 429.
    #[arg(long, default_value_t = runlane_router::DEFAULT_QUEUE_DEPTH, env = "RUNLANE_QUEUE_DEPTH")]
    queue_depth: usize,
    // --- SLOs and alerts ---
    /// SMTP server for alert email, in lettre's URL form: smtp://127.0.0.1:2525,
    /// smtp://USER@host:587?tls=required, smtps://host. The password comes from
    /// RUNLANE_SMTP_PASSWORD or --smtp-password-file, never from the command line.
    #[arg(long, env = "RUNLANE_SMTP_URL", value_name = "URL")]
    smtp_url: Option<String>,
    /// File holding the SMTP password (read at start; RUNLANE_SMTP_PASSWORD takes precedence).
    #[arg(long, env = "RUNLANE_SMTP_PASSWORD_FILE", value_name = "PATH")]
    smtp_password_file: Option<PathBuf>,
    /// From address of alert email.
    #[arg(long, env = "RUNLANE_SMTP_FROM", default_value = "runlane@localhost", value_name = "ADDRESS")]
    smtp_from: String,
    /// How often alert policies are evaluated (whole seconds: 1s, 5s, 1m).
    #[arg(long, default_value = "1s", value_parser = parse_interval, value_name = "DURATION", env = "RUNLANE_SLO_EVAL_INTERVAL")]
    slo_eval_interval: Duration,
    /// Base URL of incident links in notifications [default: http://API-ADDR].
    #[arg(long, value_name = "URL", env = "RUNLANE_CONSOLE_URL")]
    console_url: Option<String>,
    /// PEM file of root CAs that HTTPS uptime checks with validateSsl trust besides the
    /// public web's roots: the CA of the router's --tls-cert, when it is a private one.
    #[arg(long, value_name = "FILE", env = "RUNLANE_UPTIME_CA_ROOT")]
    uptime_ca_root: Option<PathBuf>,
    // --- container images ---
    #[command(flatten)]
    images: crate::images::RegistryArgs,
}

impl UpArgs {
    /// `--print-config`: show the settings and exit.
    pub fn print_config(&self) -> bool {
        self.print_config
    }
}

/// Makes the data dir 0700: it holds the admin and invoker tokens and every database,
/// and instances (other users when runlane is root) must not even list it.
fn restrict_to_owner(data_dir: &std::path::Path) -> anyhow::Result<()> {
    use std::os::unix::fs::PermissionsExt as _;
    let mode = std::fs::metadata(data_dir)
        .with_context(|| format!("cannot read the data dir {}", data_dir.display()))?
        .permissions()
        .mode();
    if mode & 0o077 != 0 {
        std::fs::set_permissions(data_dir, std::fs::Permissions::from_mode(0o700))
            .with_context(|| format!("cannot make the data dir {} private (mode 0700); run runlane as its owner or pass another --data-dir", data_dir.display()))?;
        tracing::info!(path = %data_dir.display(), "made the data dir private to runlane's user (0700)");
    }
    Ok(())
}

pub async fn run(args: UpArgs) -> anyhow::Result<ExitCode> {
    init_tracing(args.log_format);
    // Bad names are refused before anything is created or started.
    for name in &args.acme_domain {
        runlane_acme::check_name(name).map_err(|e| anyhow::anyhow!("--acme-domain: {e}"))?;
    }
    let open_files = raise_open_file_limit();
    let api_limits = runlane_api::conn::ConnectionLimits::for_open_files(open_files);
    tracing::info!(open_files, api_connections = api_limits.max_connections, "open-file limit");
    catch_file_size_signal();
    let (data_dir, lock) = open_data_dir(args.data_dir.clone())?;

    let store = Arc::new(Store::open(&data_dir.join("state.db"))?);
    let auth = runlane_api::auth::ApiAuth::load_or_create(&data_dir)
        .with_context(|| format!("cannot create the API token in {}; check the data dir is writable", data_dir.display()))?;
    let invoker = runlane_api::auth::ApiAuth::load_or_create_at(data_dir.join(runlane_api::auth::INVOKER_TOKEN_FILE))
        .with_context(|| format!("cannot create the invoker token in {}; check the data dir is writable", data_dir.display()))?;
    let Tls { files: pairs, challenges: acme_challenges, certificates, api: tls } = tls_setup(&args)?;
    // Process instances carry their owner's mark (a hash of the data dir's path, which
    // they must not learn); any still running now belong to a runlane that died without
    // stopping them (we hold the data dir's lock).
    let owner = data_dir.canonicalize().unwrap_or_else(|_| data_dir.clone()).display().to_string();
    let owner_mark = runlane_runtime::orphans::owner_mark(&owner);
    runlane_runtime::orphans::kill_owned(&owner_mark);

    let Listeners { api: api_listener, api_v6, router: router_listeners, https: https_listeners } = bind_listeners(&args, certificates.is_some()).await?;
    let api_addr = api_listener.local_addr()?;
    let router_addrs: Vec<SocketAddr> = router_listeners.iter().map(TcpListener::local_addr).collect::<Result<_, _>>()?;
    let https_addrs: Vec<SocketAddr> = https_listeners.iter().map(TcpListener::local_addr).collect::<Result<_, _>>()?;
    // With HTTPS in front (plain HTTP redirecting), service URLs are https:// on the
    // first HTTPS listener's port; otherwise http:// on the first plain listener's.
    let https_first = !https_addrs.is_empty() && args.plain_http == PlainHttp::Redirect;
    let router_port = if https_first { https_addrs[0].port() } else { router_addrs[0].port() };

    // Telemetry: its own files under DATA/telemetry; instance output goes to its log store.
    let telemetry = Telemetry::open(&data_dir.join("telemetry"), telemetry_config(&args))?;
    let (log_sink, log_lines) = LogSink::new(args.log_buffer);
    let own_registry = crate::images::OwnRegistry::at(api_addr, tls.is_some(), auth.secret());
    let (images, runtime) = start_runtime(&args, &data_dir, &owner, &own_registry, &log_sink)?;
    let runtime_view = runtime.subscribe();
    let router = Router::with_telemetry(router_config(&args, &auth, &invoker, open_files, images.containers.clone(), acme_challenges.clone()), telemetry.request_sink());
    // Before anything that would need stopping: a router that cannot serve is a failed start.
    let serving_threads = router.start_serving_threads().context("the router could not start its serving threads")?;
    let controller = start_controller(&args, router_port, https_first, owner_mark, images.image_runtime.clone(), store, runtime.clone(), router.clone()).await?;
    let runtime_handle = runtime;
    controller.attach_telemetry(telemetry.clone());
    controller.attach_images(Arc::new(crate::images::StoreResolver { store: images.store.clone() }));
    tokio::spawn(crate::images::sample_usage(runtime_handle.clone(), telemetry.clone(), controller.clone()));
    tokio::spawn(crate::images::prune_to_budget(controller.clone(), images.store.clone(), args.images.image_store_budget));
    tokio::spawn(feed_catalog(controller.clone(), telemetry.clone()));
    let (telemetry_stop, telemetry_stopped) = tokio::sync::oneshot::channel::<()>();
    let telemetry_task = tokio::spawn(telemetry.clone().run(runtime_view, log_lines, log_sink, async move {
        let _ = telemetry_stopped.await;
    }));

    let (stop_tx, stop_rx) = watch::channel(false);
    let stopped = move || {
        let mut rx = stop_rx.clone();
        async move {
            let _ = rx.wait_for(|s| *s).await;
        }
    };
    let https = certificates.as_ref().map(|c| runlane_router::Https { listeners: https_listeners, tls: c.server_config_with_acme(), redirect_plain_to: https_first.then_some(router_port) });
    let router_task = tokio::spawn({
        let (router, shutdown) = (router.clone(), stopped());
        async move { router.serve_with(serving_threads, router_listeners, https, shutdown).await }
    });
    let reload_task = certificates.clone().filter(|_| !pairs.is_empty()).map(|certificates| tokio::spawn(certificates.watch(args.tls_reload_interval, stopped())));
    let acme = start_acme(&args, certificates.as_ref(), &acme_challenges, &data_dir, &controller).await?;
    let acme_task = acme.clone().map(|acme| tokio::spawn(acme.run(stopped())));
    // SLOs and alerts: their own store, evaluated every second against telemetry.
    let console_url = args.console_url.clone().unwrap_or_else(|| format!("{}://{api_addr}", if tls.is_some() { "https" } else { "http" }));
    let Alerts { alerting, smtp_line, stop: alerting_stop, task: alerting_task } = start_alerting(&args, &data_dir, &telemetry, console_url)?;

    tokio::spawn(
        crate::disk::DiskWatch {
            data_dir: data_dir.clone(),
            telemetry: telemetry.clone(),
            alerting: alerting.clone(),
            interval: args.disk_sample_interval.max(Duration::from_millis(100)),
            alert_below: args.disk_forecast_alert,
        }
        .run(stopped()),
    );

    // Rollouts: webhooks, rollback incidents and SLO lookups.
    controller.attach_rollout_hooks(Arc::new(crate::rollouts::Hooks::new(alerting.clone())));
    let app = api_app(ApiParts {
        controller: controller.clone(),
        auth: auth.clone(),
        invoker: invoker.clone(),
        alerting,
        images: images.store.clone(),
        builds: runlane_api::cloudbuild::BuildRunner { registry_host: own_registry.host.clone(), token: own_registry.token.clone() },
        certificates: runlane_api::certs::CertificateSources { files: certificates.clone(), acme: acme.clone() },
        router_addrs: router_addrs.iter().chain(&https_addrs).copied().collect(),
    });
    let serve_api = |listener: TcpListener| match &tls {
        Some(acceptor) => tokio::spawn(runlane_api::tls::serve(listener, acceptor.clone(), app.clone(), api_limits, stopped())),
        None => tokio::spawn(runlane_api::serve(listener, app.clone(), api_limits, stopped())),
    };
    let api_task = serve_api(api_listener);
    let api_v6_task = api_v6.map(serve_api);
    let scheme = if tls.is_some() { "https" } else { "http" };

    print_banner(&Banner {
        args: &args,
        router_addrs: &router_addrs,
        https_addrs: &https_addrs,
        https_first,
        api_addr,
        scheme,
        tls: tls.is_some(),
        auth: &auth,
        invoker: &invoker,
        data_dir: &data_dir,
        smtp_line: &smtp_line,
        image_runtime: &images.image_runtime,
    });

    // Under systemd (Type=notify) the unit is started once everything above listens.
    let status = ready_status(&router_addrs, &https_addrs, &format!("{scheme}://{api_addr}"));
    notify_service_manager(&[sd_notify::NotifyState::Ready, sd_notify::NotifyState::Status(&status)]);

    wait_for_signal().await;
    notify_service_manager(&[sd_notify::NotifyState::Stopping]);
    tracing::info!("shutting down: draining in-flight requests, then stopping instances");
    Running {
        stop: stop_tx,
        alerting_stop,
        alerting_task,
        router_task,
        reload_task,
        acme_task,
        telemetry_stop,
        telemetry_task,
        api_tasks: std::iter::once(api_task).chain(api_v6_task).collect(),
        controller,
        containers: images.containers.clone(),
        lock,
    }
    .shut_down()
    .await;
    tracing::info!("stopped");
    Ok(ExitCode::SUCCESS)
}

/// Images and the runtime that runs them: runc containers when this machine can, else
/// host processes (the reason is printed). Leftovers of a runlane killed with -9 go here.
fn start_runtime(args: &UpArgs, data_dir: &std::path::Path, owner: &str, own_registry: &crate::images::OwnRegistry, log_sink: &LogSink) -> anyhow::Result<(crate::images::Wiring, Runtime)> {
    let images = crate::images::start(&args.images, data_dir, owner, Some(own_registry))?;
    let runtime = match &images.containers {
        Some(containers) => Runtime::with_containers(log_sink.clone(), containers.clone()),
        None => Runtime::new(log_sink.clone()),
    };
    Ok((images, runtime))
}

/// What systemd shows as the unit's status once it is ready.
fn ready_status(router_addrs: &[SocketAddr], https_addrs: &[SocketAddr], api: &str) -> String {
    let list = |addrs: &[SocketAddr]| addrs.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ");
    let https = if https_addrs.is_empty() { String::new() } else { format!(", HTTPS on {}", list(https_addrs)) };
    format!("router on {}{https}, API on {api}", list(router_addrs))
}

/// The controller over the store, the runtime and the router, with `up`'s settings.
#[allow(clippy::too_many_arguments, reason = "each is one piece `up` has built")]
async fn start_controller(
    args: &UpArgs,
    router_port: u16,
    https_first: bool,
    owner_mark: String,
    image_runtime: runlane_controller::ImageRuntime,
    store: Arc<Store>,
    runtime: Runtime,
    router: Router,
) -> anyhow::Result<Controller> {
    let hello_program = std::env::current_exe().context("cannot find the runlane executable to run the sample app")?;
    let config = ControllerConfig {
        domain: args.domain.clone(),
        router_port,
        router_https: https_first,
        hello_program,
        stop_grace: Duration::from_secs(10),
        owner: owner_mark,
        autoscale: AutoscaleConfig::new(args.autoscale_window, args.scale_to_zero_grace),
        private_by_default: args.new_services == NewServices::Private,
        image_runtime,
    };
    Ok(Controller::start(config, store, runtime, router).await?)
}

/// Telemetry's settings from `up`'s flags.
fn telemetry_config(args: &UpArgs) -> TelemetryConfig {
    TelemetryConfig {
        log_buffer: args.log_buffer,
        log_retention: LogRetention { max_entries: args.log_max_entries, ..LogRetention::default() },
        log_max_bytes: args.log_max_bytes,
        log_min_free_bytes: args.log_min_free_bytes,
    }
}

/// Everything the admin API's address serves is made of.
struct ApiParts {
    controller: Controller,
    auth: runlane_api::auth::ApiAuth,
    invoker: runlane_api::auth::ApiAuth,
    alerting: runlane_alerting::Alerting,
    images: runlane_image::ImageStore,
    /// How gcloud's builds (`gcloud builds submit`, `run deploy --source`) run and push.
    builds: runlane_api::cloudbuild::BuildRunner,
    certificates: runlane_api::certs::CertificateSources,
    /// The router's plain and HTTPS addresses.
    router_addrs: Vec<SocketAddr>,
}

/// The admin API's address: Knative, Cloud Run, Monitoring and Logging over REST, gRPC
/// beside them, images and the registry, certificates, domain mappings, and the console.
fn api_app(p: ApiParts) -> axum::Router {
    let rest = runlane_api::slo::attach(runlane_api::app(p.controller, p.auth.clone(), p.invoker), p.alerting);
    // gRPC (Monitoring v3, Logging v2) on the same address, transcoded to the REST API.
    let app = runlane_grpc::beside(rest);
    let app = runlane_api::images::attach(app, p.images);
    let app = runlane_api::cloudbuild::attach(app, p.builds);
    let app = runlane_api::certs::attach(app, p.certificates);
    // A mapped domain's DNS records point at the router's addresses (loopback ones too:
    // on a developer's machine that is where the router is).
    let mut router_ips: Vec<std::net::IpAddr> = p.router_addrs.iter().map(SocketAddr::ip).filter(|ip| !ip.is_unspecified()).collect();
    router_ips.sort();
    router_ips.dedup();
    let app = runlane_api::domains::attach(app, runlane_api::domains::RouterAddresses(router_ips));
    runlane_console::mount(app, p.auth)
}

/// The router's settings from `up`'s flags: private services accept the invoker token
/// (and the admin token, as Cloud Run accepts an owner's); containers are dialled over
/// their own loopback.
fn router_config(
    args: &UpArgs,
    auth: &runlane_api::auth::ApiAuth,
    invoker: &runlane_api::auth::ApiAuth,
    open_files: u64,
    containers: Option<runlane_runtime::Containers>,
    acme_challenges: Arc<runlane_router::tls::Challenges>,
) -> RouterConfig {
    RouterConfig {
        domain: args.domain.clone(),
        drain_timeout: Duration::from_secs(args.drain_seconds),
        queue_depth: args.queue_depth,
        // Private services accept the invoker token, and the admin token (as Cloud Run accepts an owner's).
        invoker_tokens: runlane_router::InvokerTokens::new([invoker.secret(), auth.secret()]),
        // The router's share of the descriptors; the API has its own (`conn`).
        max_connections: runlane_router::router_connection_cap(open_files),
        // Containers are reached over their own loopback (see `Containers::dial`).
        dialer: containers.map(|containers| Arc::new(ContainerDialer(containers)) as Arc<dyn Dial>),
        acme_challenges,
        ..RouterConfig::default()
    }
}

/// SLOs and alerts, running: their own store, evaluated against telemetry every
/// `--slo-eval-interval`, notifying by `--smtp-url`.
struct Alerts {
    alerting: runlane_alerting::Alerting,
    /// What `up` prints about email.
    smtp_line: String,
    stop: tokio::sync::oneshot::Sender<()>,
    task: tokio::task::JoinHandle<()>,
}

fn start_alerting(args: &UpArgs, data_dir: &std::path::Path, telemetry: &Telemetry, console_url: String) -> anyhow::Result<Alerts> {
    let smtp = smtp_config(args.smtp_url.clone(), args.smtp_password_file.as_deref(), &args.smtp_from)?;
    let smtp_line = smtp.as_ref().map_or("no SMTP server (--smtp-url): email notifications wait".to_owned(), |s| format!("email via {} from {}", runlane_alerting::redact_url(&s.url), s.from));
    let uptime_ca_roots = match &args.uptime_ca_root {
        Some(path) => runlane_alerting::uptime_tls::read_roots(path).map_err(|e| anyhow::anyhow!("--uptime-ca-root: {e}"))?,
        None => Vec::new(),
    };
    let alerting_config = runlane_alerting::AlertingConfig { eval_interval: args.slo_eval_interval, console_url, smtp, uptime_ca_roots, ..runlane_alerting::AlertingConfig::default() };
    let alerting = runlane_alerting::Alerting::open(&data_dir.join("alerting.db"), telemetry.clone(), Arc::new(runlane_alerting::clock::SystemClock), alerting_config)
        .map_err(|e| anyhow::anyhow!("cannot start the SLO service: {e}"))?;
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let task = tokio::spawn(alerting.clone().run(async move {
        let _ = stopped.await;
    }));
    Ok(Alerts { alerting, smtp_line, stop, task })
}

/// What a started runlane holds until it stops.
struct Running {
    stop: watch::Sender<bool>,
    alerting_stop: tokio::sync::oneshot::Sender<()>,
    alerting_task: tokio::task::JoinHandle<()>,
    router_task: tokio::task::JoinHandle<()>,
    reload_task: Option<tokio::task::JoinHandle<()>>,
    acme_task: Option<tokio::task::JoinHandle<()>>,
    telemetry_stop: tokio::sync::oneshot::Sender<()>,
    telemetry_task: tokio::task::JoinHandle<()>,
    api_tasks: Vec<tokio::task::JoinHandle<std::io::Result<()>>>,
    controller: Controller,
    containers: Option<runlane_runtime::Containers>,
    lock: std::fs::File,
}

impl Running {
    /// Stops in order: alerts, then the router (in-flight requests drain), then the last
    /// metrics and logs, the API, the instances; the data dir's lock goes last.
    async fn shut_down(self) {
        let _ = self.stop.send(true);
        let _ = self.alerting_stop.send(());
        let _ = self.alerting_task.await;
        if let Err(e) = self.router_task.await {
            tracing::error!(error = %e, "the router task failed");
        }
        if let Some(t) = self.reload_task {
            let _ = t.await;
        }
        if let Some(t) = self.acme_task {
            let _ = t.await;
        }
        // Every request has ended: write the last second of metrics and the last logs.
        let _ = self.telemetry_stop.send(());
        let _ = self.telemetry_task.await;
        for t in self.api_tasks {
            let _ = t.await;
        }
        self.controller.shutdown().await;
        if let Some(containers) = &self.containers {
            containers.shutdown().await;
        }
        drop(self.lock);
    }
}

/// The ACME client, when `--acme-directory` is given: the names of `--acme-domain` and
/// every mapped domain no certificate file covers.
async fn start_acme(
    args: &UpArgs,
    certificates: Option<&Arc<runlane_router::tls::Certificates>>,
    acme_challenges: &Arc<runlane_router::tls::Challenges>,
    data_dir: &std::path::Path,
    controller: &Controller,
) -> anyhow::Result<Option<runlane_acme::Acme>> {
let acme = match (&args.acme_directory, certificates) {
    (Some(directory), Some(certificates)) => {
        let config = runlane_acme::AcmeConfig {
            directory: directory.clone(),
            email: args.acme_email.clone(),
            ca_root: args.acme_ca_root.clone(),
            challenge: match args.acme_challenge {
                AcmeChallenge::Http01 => runlane_acme::ChallengeKind::Http01,
                AcmeChallenge::TlsAlpn01 => runlane_acme::ChallengeKind::TlsAlpn01,
            },
            policy: runlane_acme::Policy { renew_before: args.acme_renew_before, ..runlane_acme::Policy::default() },
            dir: data_dir.join("acme"),
        };
        Some(runlane_acme::Acme::start(config, args.acme_domain.clone(), certificates.clone(), acme_challenges.clone())?)
    }
    _ => None,
};
if let Some(acme) = &acme {
    // Mapped domains need certificates too, unless a file covers them.
    for mapping in controller.all_domain_mappings().await {
        if certificates.is_some_and(|c| c.files_cover(&mapping.domain)) {
            continue;
        }
        if let Err(e) = acme.add_name(&mapping.domain) {
            tracing::warn!(domain = mapping.domain, error = %e, "the mapping's certificate cannot be ordered");
        }
    }
}
    Ok(acme)
}

/// The router's certificates (files, and what ACME will order), the challenge answers
/// the router serves for ACME, and the admin API's TLS.
struct Tls {
    files: Vec<runlane_router::tls::CertificateFiles>,
    challenges: Arc<runlane_router::tls::Challenges>,
    certificates: Option<Arc<runlane_router::tls::Certificates>>,
    api: Option<runlane_api::tls::Acceptor>,
}

/// Checks the TLS flags together and loads the certificate files.
fn tls_setup(args: &UpArgs) -> anyhow::Result<Tls> {
if args.tls_cert.len() != args.tls_key.len() {
    anyhow::bail!(
        "{} --tls-cert and {} --tls-key were given; pass one --tls-key for each --tls-cert, in the same order",
        args.tls_cert.len(),
        args.tls_key.len()
    );
}
// ACME's challenge answers: the router serves them, the ACME client sets them.
let acme_challenges = Arc::new(runlane_router::tls::Challenges::default());
let pairs: Vec<_> = args.tls_cert.iter().zip(&args.tls_key).map(|(cert, key)| runlane_router::tls::CertificateFiles { cert: cert.clone(), key: key.clone() }).collect();
// The router's certificates: the files, and what ACME orders.
let certificates = if pairs.is_empty() && args.acme_directory.is_none() {
    None
} else {
    Some(runlane_router::tls::Certificates::with_challenges(pairs.clone(), acme_challenges.clone())?)
};
if certificates.is_none() && !args.https_addr.is_empty() {
    anyhow::bail!("--https-addr needs certificates to serve: pass --tls-cert FILE --tls-key FILE, or --acme-directory URL --acme-domain NAME");
}
// The admin API speaks TLS with file certificates only: ordered ones name the
// services' domains, and may not exist yet when the CLI first calls.
let tls = if pairs.is_empty() { None } else { certificates.as_ref().map(runlane_api::tls::acceptor) };
if !args.api_addr.ip().is_loopback() && tls.is_none() {
    anyhow::bail!(
        "--api-addr {} is not a loopback address, and the admin API listens beyond this machine only over TLS: pass --tls-cert FILE --tls-key FILE, or use 127.0.0.1 (and an SSH tunnel to reach it remotely)",
        args.api_addr
    );
}
    Ok(Tls { files: pairs, challenges: acme_challenges, certificates, api: tls })
}

/// What `runlane up` prints once it listens: where everything is and how to reach it.
struct Banner<'a> {
    args: &'a UpArgs,
    router_addrs: &'a [SocketAddr],
    https_addrs: &'a [SocketAddr],
    https_first: bool,
    api_addr: SocketAddr,
    scheme: &'a str,
    tls: bool,
    auth: &'a runlane_api::auth::ApiAuth,
    invoker: &'a runlane_api::auth::ApiAuth,
    data_dir: &'a std::path::Path,
    smtp_line: &'a str,
    image_runtime: &'a runlane_controller::ImageRuntime,
}

fn print_banner(b: &Banner<'_>) {
    let Banner { args, router_addrs, https_addrs, https_first, api_addr, scheme, tls, auth, invoker, data_dir, smtp_line, image_runtime } = *b;
    println!("runlane is up");
    let also: Vec<String> = router_addrs.iter().skip(1).filter(|a| !(a.ip().is_loopback() && args.router_addr.is_empty())).map(ToString::to_string).collect();
    let also = if also.is_empty() { String::new() } else { format!("; also on {}", also.join(", ")) };
    if https_first {
        println!("  router   http://{}  (redirects to HTTPS)", router_addrs[0]);
    } else {
        println!("  router   http://{}  (services at http://SERVICE.{}:{}{also})", router_addrs[0], args.domain, router_addrs[0].port());
    }
    if let Some(first) = https_addrs.first() {
        let also: Vec<String> = https_addrs.iter().skip(1).filter(|a| !(a.ip().is_loopback() && args.https_addr.is_empty())).map(ToString::to_string).collect();
        let also = if also.is_empty() { String::new() } else { format!("; also on {}", also.join(", ")) };
        let port = match first.port() {
            443 => String::new(),
            p => format!(":{p}"),
        };
        println!("  https    https://{first}  (services at https://SERVICE.{}{port}{also})", args.domain);
    }
    if let Some(directory) = &args.acme_directory {
        let names = if args.acme_domain.is_empty() { "no names yet (--acme-domain)".to_owned() } else { args.acme_domain.join(", ") };
        println!("  acme     {directory} ({}) for {names}; `runlane certs list` shows them", args.acme_challenge.as_str());
    }
    println!("  api      {scheme}://{api_addr}");
    println!("  console  {}", runlane_console::login_url(&format!("{scheme}://{api_addr}"), &auth));
    let hosted: Vec<&str> = args.images.hosted_registry.iter().map(|h| h.trim()).filter(|h| !h.is_empty()).collect();
    let names = if hosted.is_empty() { String::new() } else { format!("; {} images resolve here", hosted.join(", ")) };
    println!("  registry {api_addr}  (push with any user and the token as password{names})");
    println!("  data     {}", data_dir.display());
    // The CLI finds the token and the API by default only for the default data dir and
    // address; otherwise say exactly what to set.
    let default_dir = dirs::data_dir().map(|d| d.join("runlane"));
    let default_api = api_addr.to_string() == "127.0.0.1:8484" && !tls;
    if default_dir.as_deref() == Some(data_dir) && default_api {
        println!("  token    {}  (the CLI reads it; elsewhere pass --token-file)", auth.path().display());
    } else {
        println!("  token    {}", auth.path().display());
        println!("  cli      export RUNLANE_API={scheme}://{api_addr} RUNLANE_TOKEN_FILE={}   (then runlane and runlane gcloud-config find this runlane)", auth.path().display());
    }
    println!("  invoker  {}  (calls private services; runlane auth print-identity-token)", invoker.path().display());
    match args.new_services {
        NewServices::Private => println!("  access   new services are private (callers send the invoker token) unless deployed with --allow-unauthenticated; runlane up --new-services public makes them public"),
        NewServices::Public => println!("  access   new services are public (--new-services public) unless deployed with --no-allow-unauthenticated"),
    }
    println!("  alerts   every {}s; {smtp_line}", args.slo_eval_interval.as_secs());
    match image_runtime {
        runlane_controller::ImageRuntime::Runc => println!("  runtime  runc: images run as containers (pulled into {})", data_dir.join("images").display()),
        runlane_controller::ImageRuntime::ProcessOnly { why } => println!("  runtime  host processes only ({why})"),
    }

}

/// The data dir (made, owner-only) and its lock, held while this runlane runs: a second
/// runlane on the same data dir is refused.
fn open_data_dir(given: Option<PathBuf>) -> anyhow::Result<(PathBuf, std::fs::File)> {
let data_dir = match given {
    Some(d) => d,
    None => dirs::data_dir().context("no XDG data dir is known for this user; pass --data-dir")?.join("runlane"),
};
std::fs::create_dir_all(&data_dir).with_context(|| format!("cannot create the data dir {}; pass a writable --data-dir", data_dir.display()))?;
restrict_to_owner(&data_dir)?;
let lock_path = data_dir.join("runlane.lock");
let lock = std::fs::OpenOptions::new()
    .create(true)
    .truncate(false)
    .write(true)
    .open(&lock_path)
    .with_context(|| format!("cannot open {}", lock_path.display()))?;
if lock.try_lock().is_err() {
    anyhow::bail!("another runlane is already running with the data dir {}; stop it or pass another --data-dir", data_dir.display());
}
    Ok((data_dir, lock))
}

/// The sockets `up` serves on, bound before anything starts.
struct Listeners {
    api: TcpListener,
    /// `[::1]` beside a loopback IPv4 API address, when it can be had.
    api_v6: Option<TcpListener>,
    router: Vec<TcpListener>,
    https: Vec<TcpListener>,
}

/// Binds the API's, the router's and (`with_https`) the router's HTTPS listeners: the
/// addresses given, or loopback on both IPv4 and IPv6.
async fn bind_listeners(args: &UpArgs, with_https: bool) -> anyhow::Result<Listeners> {
    let api_listener = TcpListener::bind(args.api_addr)
        .await
        .with_context(|| format!("cannot listen on {} for the API; is another runlane running? pass --api-addr", args.api_addr))?;
    let api_addr = api_listener.local_addr()?;
    // gcloud and browsers resolve *.localhost to ::1 first: answer there too.
    let api_v6 = if api_addr.ip().is_loopback() && api_addr.is_ipv4() {
        TcpListener::bind(SocketAddr::from((Ipv6Addr::LOCALHOST, api_addr.port())))
            .await
            .inspect_err(|e| tracing::warn!(error = %e, "cannot listen on [::1]:{} for the API; clients will fall back to 127.0.0.1", api_addr.port()))
            .ok()
    } else {
        None
    };
    let mut router_listeners = Vec::new();
    if args.router_addr.is_empty() {
        let router_v4 = TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], args.router_port)))
            .await
            .with_context(|| format!("cannot listen on 127.0.0.1:{} for the router; pass --router-port", args.router_port))?;
        let port = router_v4.local_addr()?.port();
        router_listeners.push(router_v4);
        match TcpListener::bind(SocketAddr::from((Ipv6Addr::LOCALHOST, port))).await {
            Ok(l) => router_listeners.push(l),
            Err(e) => tracing::warn!(error = %e, "cannot listen on [::1]:{port}; *.localhost URLs will reach the router over 127.0.0.1 only"),
        }
    } else {
        for addr in &args.router_addr {
            let listener = TcpListener::bind(addr)
                .await
                .with_context(|| format!("cannot listen on {addr} for the router (--router-addr): is another process on it, or is it not an address of this machine?"))?;
            router_listeners.push(listener);
        }
    }
    let mut https_listeners = Vec::new();
    if with_https {
        if args.https_addr.is_empty() {
            let v4 = TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], args.https_port)))
                .await
                .with_context(|| format!("cannot listen on 127.0.0.1:{} for the router's HTTPS; pass --https-port", args.https_port))?;
            let port = v4.local_addr()?.port();
            https_listeners.push(v4);
            match TcpListener::bind(SocketAddr::from((Ipv6Addr::LOCALHOST, port))).await {
                Ok(l) => https_listeners.push(l),
                Err(e) => tracing::warn!(error = %e, "cannot listen on [::1]:{port} for HTTPS; https://*.localhost URLs will reach the router over 127.0.0.1 only"),
            }
        } else {
            for addr in &args.https_addr {
                let listener = TcpListener::bind(addr)
                    .await
                    .with_context(|| format!("cannot listen on {addr} for the router's HTTPS (--https-addr): is another process on it, or is it not an address of this machine?"))?;
                https_listeners.push(listener);
            }
        }
    }
    Ok(Listeners { api: api_listener, api_v6, router: router_listeners, https: https_listeners })
}

/// Keeps telemetry's names current: each service's namespace and region, each
/// revision's service (for series and log entries of revisions the router has not seen).
async fn feed_catalog(controller: Controller, telemetry: Telemetry) {
    let mut changes = controller.subscribe();
    let place = |service: &runlane_controller::CatalogService| {
        let location = service.labels.get(runlane_api::cloudrun::LABEL_LOCATION).cloned();
        ServicePlace { namespace: service.namespace.clone(), location: location.unwrap_or_else(|| runlane_api::cloudrun::DEFAULT_REGION.to_owned()) }
    };
    let mut seen = None;
    loop {
        // Only the services changed since the last read: a write costs the same however many services exist.
        let delta = controller.catalog_changes(seen).await;
        seen = Some(delta.seq);
        if delta.full {
            let mut services = std::collections::HashMap::new();
            let mut revisions = std::collections::HashMap::new();
            for (name, service) in delta.services {
                let Some(service) = service else { continue };
                revisions.extend(service.revisions.iter().map(|r| (r.clone(), name.clone())));
                services.insert(name, place(&service));
            }
            telemetry.set_catalog(services, revisions);
        } else {
            for (name, service) in delta.services {
                telemetry.set_catalog_service(&name, service.map(|s| (place(&s), s.revisions)));
            }
        }
        if changes.changed().await.is_err() {
            return;
        }
    }
}

/// Under a file size limit (RLIMIT_FSIZE, e.g. `prlimit --fsize`), a write past it sends
/// SIGXFSZ, whose default action kills the process. Handling it instead makes the write
/// fail with EFBIG, which the stores report like a full disk: mutations fail with a
/// clear error and serving continues.
fn catch_file_size_signal() {
    use tokio::signal::unix::{signal, SignalKind};
    match signal(SignalKind::from_raw(nix::sys::signal::Signal::SIGXFSZ as i32)) {
        Ok(mut file_too_large) => {
            tokio::spawn(async move {
                while file_too_large.recv().await.is_some() {
                    tracing::warn!("a write went past the file size limit (RLIMIT_FSIZE) and failed; raise the limit or free space");
                }
            });
        }
        Err(e) => tracing::warn!(error = %e, "cannot handle SIGXFSZ; a file size limit would stop runlane"),
    }
}

async fn wait_for_signal() {
    use tokio::signal::unix::{signal, SignalKind};
    let mut term = signal(SignalKind::terminate()).expect("SIGTERM handler");
    let mut int = signal(SignalKind::interrupt()).expect("SIGINT handler");
    tokio::select! {
        _ = term.recv() => {}
        _ = int.recv() => {}
    }
}

/// Tells systemd (`NOTIFY_SOCKET`, a `Type=notify` unit) how `up` is doing; nothing
/// without it. The variable stays set, so the unit should keep `NotifyAccess=main`
/// (the default): instances inherit no `NOTIFY_SOCKET` they could use.
fn notify_service_manager(states: &[sd_notify::NotifyState<'_>]) {
    if let Err(e) = sd_notify::notify(false, states) {
        tracing::warn!(error = %e, "could not notify the service manager (NOTIFY_SOCKET)");
    }
}

/// Who may call a new service until its IAM policy says otherwise.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum NewServices {
    /// Only callers with an invoker token (Cloud Run's default).
    Private,
    /// Anyone (`allUsers` holds `roles/run.invoker`).
    Public,
}

/// How the ACME CA validates the router's names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum AcmeChallenge {
    #[value(name = "http-01")]
    Http01,
    #[value(name = "tls-alpn-01")]
    TlsAlpn01,
}

impl AcmeChallenge {
    fn as_str(self) -> &'static str {
        match self {
            AcmeChallenge::Http01 => "http-01",
            AcmeChallenge::TlsAlpn01 => "tls-alpn-01",
        }
    }
}

/// What the router's plain HTTP listeners do when it serves HTTPS.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum PlainHttp {
    Redirect,
    Serve,
}

/// How `runlane up` writes its log.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum LogFormat {
    Text,
    Json,
}

fn init_tracing(format: LogFormat) {
    use std::io::IsTerminal as _;
    let filter = tracing_subscriber::EnvFilter::try_from_env("RUNLANE_LOG").unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr);
    // Escape codes belong on a terminal, not in a log file or a journal.
    let _ = match format {
        LogFormat::Text => builder.with_ansi(std::io::stderr().is_terminal()).try_init(),
        LogFormat::Json => builder.json().with_current_span(false).try_init(),
    };
}

/// Raises the soft open-file limit to the hard one and returns the limit in force. The
/// default soft limit (1,024) is a few hundred idle connections from an outage; the hard
/// one is what the administrator allows (nginx's `worker_rlimit_nofile`, Go's runtime and
/// systemd's services do the same).
fn raise_open_file_limit() -> u64 {
    use nix::sys::resource::{getrlimit, setrlimit, Resource};
    match getrlimit(Resource::RLIMIT_NOFILE) {
        Ok((soft, hard)) if soft < hard => match setrlimit(Resource::RLIMIT_NOFILE, hard, hard) {
            Ok(()) => hard,
            Err(err) => {
                tracing::warn!(%err, soft, hard, "cannot raise the open-file limit; serving within the soft limit");
                soft
            }
        },
        Ok((soft, _)) => soft,
        Err(err) => {
            tracing::warn!(%err, "cannot read the open-file limit; assuming 1024");
            1024
        }
    }
}

// === SLOs and alerts ===

fn parse_interval(text: &str) -> Result<Duration, String> {
    let d = runlane_model::duration::parse_human(text)?;
    if d < Duration::from_secs(1) || d.subsec_nanos() != 0 {
        return Err(format!("{text:?} is not a whole number of seconds; evaluate at most once a second (1s, 5s, 1m)"));
    }
    Ok(d)
}

/// The SMTP settings: URL from the flag, password from the environment or a file.
fn smtp_config(url: Option<String>, password_file: Option<&std::path::Path>, from: &str) -> anyhow::Result<Option<runlane_alerting::SmtpConfig>> {
    let Some(url) = url else {
        return Ok(None);
    };
    let password = match (std::env::var("RUNLANE_SMTP_PASSWORD").ok().filter(|p| !p.is_empty()), password_file) {
        (Some(p), _) => Some(p),
        (None, Some(path)) => Some(
            std::fs::read_to_string(path)
                .with_context(|| format!("cannot read the SMTP password file {}; check --smtp-password-file", path.display()))?
                .trim_end_matches(['\n', '\r'])
                .to_owned(),
        ),
        (None, None) => None,
    };
    Ok(Some(runlane_alerting::SmtpConfig { url, password, from: from.to_owned() }))
}

/// The router's way to the container instances: their own loopback.
struct ContainerDialer(runlane_runtime::Containers);

impl std::fmt::Debug for ContainerDialer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("ContainerDialer").field(&self.0.scope()).finish()
    }
}

impl Dial for ContainerDialer {
    fn dial(&self, addr: std::net::SocketAddr) -> Option<Dialing> {
        self.0.dial(addr).map(|dialing| Box::pin(dialing) as Dialing)
    }
}
