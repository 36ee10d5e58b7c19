//! One container instance's life: take a warm network (or set one up), its
//! bundle and config, run it with `runc run -d`, wait for its init (runlane's
//! child, as subreaper) through SIGCHLD, stop it (TERM, grace, KILL) and
//! remove every trace, its network included (never reused).

use std::net::Ipv4Addr;
use std::os::unix::process::ExitStatusExt as _;
use std::process::ExitStatus;
use std::time::Duration;

use nix::errno::Errno;
use nix::sys::wait::{waitpid, WaitPidFlag, WaitStatus};
use nix::unistd::Pid;
use tokio::process::Child;
use tokio::signal::unix::{signal, Signal, SignalKind};

use super::bundle::Bundle;
use super::cgroup::InstanceCgroup;
use super::network::{self, Link};
use super::oci::{container_config, ConfigInputs};
use super::Containers;
use crate::spec::{ContainerSpec, ImageRootfs, InstanceSpec};

/// Why a container could not be started.
#[derive(Debug)]
pub(crate) enum LaunchError {
    /// The revision itself is wrong (unknown user, no command): retrying
    /// cannot help.
    Permanent(String),
    /// The host failed (network, mounts, runc): worth another try.
    Transient(String),
}

/// A container instance that has been set up (and maybe runs).
pub(crate) struct Running {
    containers: Containers,
    /// runc's container id and the cgroup's name: `SCOPE-INSTANCE`.
    id: String,
    bundle: Bundle,
    link: Link,
    netns: String,
    /// The link was taken prepared from the warm ones.
    network_ready: bool,
    cgroup: InstanceCgroup,
    /// The container's init, once runc reported it.
    pid: Option<Pid>,
    sigchld: Option<Signal>,
    /// Set once the init is reaped: its status, if it could be read.
    exited: Option<Option<ExitStatus>>,
}

// === impl Containers ===

impl Containers {
    /// Sets up the instance's network, bundle and config and starts `runc run
    /// -d`, returning runc (its stdout/stderr are the container's).
    pub(crate) async fn launch(
        &self,
        spec: &InstanceSpec,
        container: &ContainerSpec,
        instance: &str,
        image: &ImageRootfs,
    ) -> Result<(Running, Child), LaunchError> {
        let started = tokio::time::Instant::now();
        let inner = &self.inner;
        let id = format!("{}-{instance}", inner.scope);
        let warm = self.take_warm();
        let network_ready = warm.is_some();
        let link = warm.or_else(|| self.allocate()).ok_or_else(|| {
            LaunchError::Transient(format!(
                "the instance subnet {} has no free /30 left; stop some instances or configure a larger subnet",
                inner.subnet
            ))
        })?;
        let mut running = Running {
            containers: self.clone(),
            bundle: Bundle::new(&inner.state_dir.join("bundles"), &id),
            netns: link.netns(&inner.scope),
            cgroup: inner.hierarchy.instance(&id),
            id,
            link,
            network_ready,
            pid: None,
            sigchld: None,
            exited: None,
        };
        match running
            .prepare(spec, container, instance, image, started)
            .await
        {
            Ok(runc) => Ok((running, runc)),
            Err(error) => {
                running.teardown().await;
                self.refill();
                Err(error)
            }
        }
    }
}

// === impl Running ===

impl Running {
    async fn prepare(
        &mut self,
        spec: &InstanceSpec,
        container: &ContainerSpec,
        instance: &str,
        image: &ImageRootfs,
        started: tokio::time::Instant,
    ) -> Result<Child, LaunchError> {
        let inner = &self.containers.inner;
        let transient = |what: &str, e: &dyn std::fmt::Display| {
            LaunchError::Transient(format!("instance {instance}: {what} ({e})"))
        };
        let network_started = tokio::time::Instant::now();
        if !self.network_ready {
            network::setup(&inner.ip, &self.link, &self.netns)
                .await
                .map_err(|e| transient("could not set up its network", &e))?;
        }
        let network_took = network_started.elapsed();
        self.bundle
            .prepare(&image.rootfs, spec.limits.memory_bytes)
            .map_err(|e| transient("could not mount its filesystem", &e))?;
        let hostname: String = instance.chars().take(63).collect();
        std::fs::write(
            self.bundle.hosts(),
            network::hosts_file(&hostname, self.link.container),
        )
        .map_err(|e| transient("could not write /etc/hosts", &e))?;
        let host_resolv = std::fs::read_to_string("/etc/resolv.conf").unwrap_or_default();
        std::fs::write(
            self.bundle.resolv_conf(),
            network::resolv_conf(&host_resolv),
        )
        .map_err(|e| transient("could not write /etc/resolv.conf", &e))?;
        let passwd = std::fs::read_to_string(image.rootfs.join("etc/passwd")).unwrap_or_default();
        let group = std::fs::read_to_string(image.rootfs.join("etc/group")).unwrap_or_default();
        let netns = std::path::PathBuf::from("/run/netns").join(&self.netns);
        let cgroups_path = format!("/{}/{}", super::cgroup::PARENT, self.id);
        let rootfs = self.bundle.rootfs();
        let config = container_config(&ConfigInputs {
            instance,
            service: &spec.service,
            revision: &spec.revision,
            configuration: &spec.configuration,
            image,
            container,
            env: &spec.env,
            limits: spec.limits,
            passwd: &passwd,
            group: &group,
            rootfs: &rootfs,
            init: &inner.tini,
            hosts: &self.bundle.hosts(),
            resolv_conf: &self.bundle.resolv_conf(),
            netns: &netns,
            cgroups_path: &cgroups_path,
            nofile: inner.nofile,
        })
        .map_err(|e| LaunchError::Permanent(e.0))?;
        config
            .save(self.bundle.dir.join("config.json"))
            .map_err(|e| transient("could not write config.json", &e))?;
        // Listen before the init can exit, so no SIGCHLD is missed.
        self.sigchld = Some(
            signal(SignalKind::child())
                .map_err(|e| transient("could not listen for SIGCHLD", &e))?,
        );
        let runc = inner
            .runc
            .run(&self.bundle.dir, &self.bundle.pid_file(), &self.id)
            .map_err(|e| transient("could not run runc", &e))?;
        tracing::debug!(
            instance,
            warm = self.network_ready,
            network = ?network_took,
            spawned = ?started.elapsed(),
            "runc run -d spawned"
        );
        Ok(runc)
    }

    /// Waits for `runc run -d` to exit and reads the init's pid.
    pub(crate) async fn started(&mut self, mut runc: Child) -> Result<u32, String> {
        let status = runc.wait().await;
        self.containers.refill();
        let status = status.map_err(|e| format!("runc did not finish ({e})"))?;
        if !status.success() {
            return Err(format!("runc could not start the container ({status})"));
        }
        let pid: i32 = std::fs::read_to_string(self.bundle.pid_file())
            .ok()
            .and_then(|t| t.trim().parse().ok())
            .ok_or_else(|| "runc started the container but wrote no pid file".to_owned())?;
        self.pid = Some(Pid::from_raw(pid));
        Ok(pid.unsigned_abs())
    }

    /// Where the router and probes connect.
    pub(crate) fn ip(&self) -> Ipv4Addr {
        self.link.container
    }

    pub(crate) fn cgroup(&self) -> &InstanceCgroup {
        &self.cgroup
    }

    /// Resolves when the container's init has exited (cancel-safe).
    pub(crate) async fn wait(&mut self) -> Option<ExitStatus> {
        loop {
            if let Some(status) = self.exited {
                return status;
            }
            let Some(pid) = self.pid else {
                return std::future::pending().await;
            };
            match waitpid(pid, Some(WaitPidFlag::WNOHANG)) {
                Ok(WaitStatus::Exited(_, code)) => {
                    self.exited = Some(Some(ExitStatus::from_raw((code & 0xff) << 8)));
                }
                Ok(WaitStatus::Signaled(_, signal, _)) => {
                    self.exited = Some(Some(ExitStatus::from_raw(signal as i32)));
                }
                Ok(_) => {}
                Err(Errno::ECHILD) => {
                    // Not our child (no subreaper?): watch for it to vanish.
                    if !std::path::Path::new(&format!("/proc/{pid}")).exists() {
                        self.exited = Some(None);
                    }
                }
                Err(_) => {}
            }
            if self.exited.is_some() {
                continue;
            }
            let tick = tokio::time::sleep(Duration::from_millis(500));
            match &mut self.sigchld {
                Some(sigchld) => {
                    tokio::select! {
                        _ = sigchld.recv() => {}
                        () = tick => {}
                    }
                }
                None => tick.await,
            }
        }
    }

    /// SIGTERM (tini passes it to the app), up to `grace` for the init to
    /// exit, then SIGKILL; returns how it ended.
    pub(crate) async fn stop(&mut self, grace: Duration) -> Option<ExitStatus> {
        if self.pid.is_none() || self.exited.is_some() {
            return self.exited.flatten();
        }
        let runc = self.containers.inner.runc.clone();
        if let Err(error) = runc.kill(&self.id, "TERM").await {
            tracing::debug!(container = %self.id, %error, "could not send SIGTERM");
        }
        if let Ok(status) = tokio::time::timeout(grace, self.wait()).await {
            return status;
        }
        if let Err(error) = runc.kill(&self.id, "KILL").await {
            tracing::debug!(container = %self.id, %error, "could not send SIGKILL");
        }
        match tokio::time::timeout(Duration::from_secs(5), self.wait()).await {
            Ok(status) => status,
            Err(_) => {
                tracing::warn!(container = %self.id, "the container's init survived SIGKILL for 5 s; deleting it");
                None
            }
        }
    }

    /// Deletes the container (killing anything left), its cgroup, mounts,
    /// bundle and network, and frees its /30.
    pub(crate) async fn teardown(mut self) {
        let inner = self.containers.inner.clone();
        if let Err(error) = inner.runc.delete(&self.id).await {
            if self.pid.is_some() {
                tracing::debug!(container = %self.id, %error, "runc delete failed");
            }
        }
        if let Some(pid) = self.pid.filter(|_| self.exited.is_none()) {
            // Deleted before it was seen to exit: reap it now.
            let _ = tokio::time::timeout(Duration::from_secs(2), self.wait()).await;
            super::cgroup::reap(&[pid.as_raw()]);
        }
        if self.cgroup.exists() {
            self.cgroup.kill_and_remove().await;
        }
        let bundle = self.bundle.clone();
        let _ = tokio::task::spawn_blocking(move || bundle.remove()).await;
        network::teardown(&inner.ip, &self.link.veth(), &self.netns).await;
        self.containers.release(self.link.index);
    }
}
