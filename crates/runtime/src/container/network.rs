//! Each container's network: its own namespace joined to the host by a veth
//! pair on a /30 of runlane's subnet (host side `.1` named `rlh<hex>`, the
//! container's `eth0` `.2`, default route via `.1`), set up with two `ip
//! -batch` runs (the first also creates the namespace; ~10–15 ms here, off
//! the start path when a warm link is ready, see `warm`). Isolation is
//! iptables rules in runlane's own chains: an instance reaches the outside
//! world (masqueraded) but neither the host's services, by any host address,
//! nor another instance. TCP between the host and a container is not tracked
//! (faster; see `install_rules`).

use std::collections::BTreeSet;
use std::fmt;
use std::net::Ipv4Addr;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::str::FromStr;

use tokio::io::AsyncWriteExt as _;

/// Prefix of every host-side veth (iptables matches `rlh+`).
pub(crate) const VETH_PREFIX: &str = "rlh";
const INPUT_CHAIN: &str = "RUNLANE-INPUT";
const FORWARD_CHAIN: &str = "RUNLANE-FORWARD";
const NAT_CHAIN: &str = "RUNLANE-POSTROUTING";
const NOTRACK_IN_CHAIN: &str = "RUNLANE-NOTRACK-IN";
const NOTRACK_OUT_CHAIN: &str = "RUNLANE-NOTRACK-OUT";

/// An IPv4 network, e.g. `10.213.0.0/16`, that instances take /30s from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Ipv4Subnet {
    pub base: Ipv4Addr,
    pub prefix_len: u8,
}

/// The addresses of one instance's link.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Link {
    /// Which /30 of the subnet.
    pub index: u32,
    pub network: Ipv4Addr,
    pub host: Ipv4Addr,
    pub container: Ipv4Addr,
}

/// Which /30s of the subnet are taken.
#[derive(Debug)]
pub(crate) struct SubnetPool {
    subnet: Ipv4Subnet,
    used: BTreeSet<u32>,
}

// === impl Ipv4Subnet ===

impl Ipv4Subnet {
    /// How many /30s fit.
    fn links(&self) -> u32 {
        1u32 << (30 - u32::from(self.prefix_len.min(30)))
    }

    pub(crate) fn contains(&self, addr: Ipv4Addr) -> bool {
        let mask = u32::MAX
            .checked_shl(32 - u32::from(self.prefix_len))
            .unwrap_or(0);
        u32::from(addr) & mask == u32::from(self.base) & mask
    }
}

impl fmt::Display for Ipv4Subnet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.base, self.prefix_len)
    }
}

impl FromStr for Ipv4Subnet {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || {
            format!(
                "{s:?} is not an IPv4 subnet; write it like 10.213.0.0/16 (a prefix of /8 to /30)"
            )
        };
        let (base, len) = s.split_once('/').ok_or_else(bad)?;
        let base: Ipv4Addr = base.parse().map_err(|_| bad())?;
        let prefix_len: u8 = len.parse().map_err(|_| bad())?;
        if !(8..=30).contains(&prefix_len) {
            return Err(bad());
        }
        let mask = u32::MAX << (32 - u32::from(prefix_len));
        Ok(Ipv4Subnet {
            base: Ipv4Addr::from(u32::from(base) & mask),
            prefix_len,
        })
    }
}

// === impl SubnetPool ===

impl SubnetPool {
    pub(crate) fn new(subnet: Ipv4Subnet) -> Self {
        Self {
            subnet,
            used: BTreeSet::new(),
        }
    }

    /// The lowest free /30, or None when all are taken.
    pub(crate) fn allocate(&mut self) -> Option<Link> {
        let index = (0..self.subnet.links()).find(|i| !self.used.contains(i))?;
        self.used.insert(index);
        Some(self.link(index))
    }

    pub(crate) fn release(&mut self, index: u32) {
        self.used.remove(&index);
    }

    pub(crate) fn link(&self, index: u32) -> Link {
        let network = u32::from(self.subnet.base) + index * 4;
        Link {
            index,
            network: Ipv4Addr::from(network),
            host: Ipv4Addr::from(network + 1),
            container: Ipv4Addr::from(network + 2),
        }
    }
}

// === impl Link ===

impl Link {
    /// The host side's interface name: `rlh` and the /30's address in hex
    /// (unique on the host while subnets do not overlap; ≤ 15 characters).
    pub(crate) fn veth(&self) -> String {
        format!("{VETH_PREFIX}{:08x}", u32::from(self.network))
    }

    /// The network namespace's name, marked with its owner's `scope`.
    pub(crate) fn netns(&self, scope: &str) -> String {
        format!("{}{:08x}", netns_prefix(scope), u32::from(self.network))
    }
}

/// The link whose container side is `addr`, if `addr` is one in `subnet`.
pub(crate) fn link_of_container(subnet: Ipv4Subnet, addr: Ipv4Addr) -> Option<Link> {
    let offset = u32::from(addr).checked_sub(u32::from(subnet.base))?;
    if !subnet.contains(addr) || offset % 4 != 2 {
        return None;
    }
    Some(SubnetPool::new(subnet).link(offset / 4))
}

/// A TCP connection to `127.0.0.1:port` inside the network namespace at `netns`.
/// The socket is made by a short-lived thread that enters the namespace (a socket
/// belongs to the namespace it was made in, whichever thread uses it later), so
/// no thread of the caller's ever changes namespace.
pub(crate) async fn dial_in_netns(netns: PathBuf, port: u16) -> std::io::Result<tokio::net::TcpStream> {
    let (made, socket) = tokio::sync::oneshot::channel();
    std::thread::Builder::new()
        .name("runlane-dial".to_owned())
        .spawn(move || {
            let _ = made.send(socket_in_netns(&netns));
        })?;
    let socket = socket
        .await
        .map_err(|_| std::io::Error::other("the thread making a socket in a container's network namespace ended without one"))??;
    tokio::net::TcpSocket::from_std_stream(socket.into())
        .connect(std::net::SocketAddr::from((Ipv4Addr::LOCALHOST, port)))
        .await
}

fn socket_in_netns(netns: &Path) -> std::io::Result<socket2::Socket> {
    let namespace = std::fs::File::open(netns)?;
    nix::sched::setns(&namespace, nix::sched::CloneFlags::CLONE_NEWNET)
        .map_err(|e| std::io::Error::other(format!("cannot enter the network namespace {} ({e})", netns.display())))?;
    let socket = socket2::Socket::new(socket2::Domain::IPV4, socket2::Type::STREAM, None)?;
    socket.set_nonblocking(true)?;
    Ok(socket)
}

pub(crate) fn netns_prefix(scope: &str) -> String {
    format!("rl-{scope}-")
}

/// The /30 network a host-side veth name stands for.
pub(crate) fn veth_network(name: &str) -> Option<Ipv4Addr> {
    let hex = name.strip_prefix(VETH_PREFIX)?;
    (hex.len() == 8)
        .then(|| u32::from_str_radix(hex, 16).ok().map(Ipv4Addr::from))
        .flatten()
}

/// Creates the namespace and the veth pair and configures both ends.
pub(crate) async fn setup(ip: &Path, link: &Link, netns: &str) -> Result<(), String> {
    let veth = link.veth();
    let host = format!(
        "netns add {netns}\n\
         link add {veth} type veth peer name eth0 netns {netns}\n\
         addr add {}/30 dev {veth}\n\
         link set {veth} up\n",
        link.host
    );
    run_batch(ip, &[], &host).await?;
    // No IPv6 on the host side: a link-local address there would be a way
    // to the host's services that the IPv4 rules do not cover.
    let _ = std::fs::write(format!("/proc/sys/net/ipv6/conf/{veth}/disable_ipv6"), "1");
    let inside = format!(
        "link set lo up\n\
         addr add {}/30 dev eth0\n\
         link set eth0 up\n\
         route add default via {}\n",
        link.container, link.host
    );
    run_batch(ip, &["-n", netns], &inside).await
}

/// Deletes the veth pair and the namespace; missing ones are fine.
pub(crate) async fn teardown(ip: &Path, veth: &str, netns: &str) {
    let script = format!("link del {veth}\nnetns del {netns}\n");
    let _ = run_batch(ip, &["-force"], &script).await;
}

async fn run_batch(ip: &Path, options: &[&str], script: &str) -> Result<(), String> {
    let mut child = tokio::process::Command::new(ip)
        .args(options)
        .args(["-batch", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .map_err(|e| format!("could not run {} ({e})", ip.display()))?;
    if let Some(mut stdin) = child.stdin.take() {
        stdin
            .write_all(script.as_bytes())
            .await
            .map_err(|e| format!("could not talk to {} ({e})", ip.display()))?;
    }
    let output = child
        .wait_with_output()
        .await
        .map_err(|e| format!("{} did not finish ({e})", ip.display()))?;
    if output.status.success() {
        Ok(())
    } else {
        Err(format!(
            "`ip {} -batch` failed: {}",
            options.join(" "),
            String::from_utf8_lossy(&output.stderr).trim()
        ))
    }
}

/// Installs the isolation rules (idempotent; the chains are shared by every
/// runlane on the host, the NAT rule is per subnet) and turns on IPv4
/// forwarding.
pub(crate) fn install_rules(iptables: &Path, subnet: Ipv4Subnet) -> Result<(), String> {
    // `-C` then `-I` is not atomic: two runlanes starting at once would add a rule
    // twice. Held until the function returns; a crash frees it.
    let _lock = crate::isolation::lock_rules()?;
    let subnet = subnet.to_string();
    let veths = format!("{VETH_PREFIX}+");
    let ensure_chain = |table: &str, chain: &str| {
        let _ = iptables_run(iptables, &["-t", table, "-N", chain]);
    };
    ensure_chain("filter", INPUT_CHAIN);
    ensure_chain("filter", FORWARD_CHAIN);
    ensure_chain("nat", NAT_CHAIN);
    ensure_chain("raw", NOTRACK_IN_CHAIN);
    ensure_chain("raw", NOTRACK_OUT_CHAIN);
    // TCP between the host and its containers (the router's and the probes'
    // connections) skips conntrack: a tracked packet costs more than the veth
    // crossing, and that made a container upstream 8% slower than a process one
    // (`bench/containers`). Without state, the host tells a container's answer
    // from a container's attempt by the SYN: answers (no SYN alone) are let in,
    // SYNs from a container are dropped, and only runlane's uid may send a SYN to
    // a container (`isolation`). Anything else, and all forwarded traffic (which
    // NAT needs), stays tracked.
    let rules: [(&str, &str, Vec<&str>, bool); 13] = [
        (
            "raw",
            NOTRACK_IN_CHAIN,
            vec!["-p", "tcp", "-m", "addrtype", "--dst-type", "LOCAL", "-j", "NOTRACK"],
            false,
        ),
        ("raw", NOTRACK_OUT_CHAIN, vec!["-p", "tcp", "-j", "NOTRACK"], false),
        (
            "raw",
            "PREROUTING",
            vec!["-i", &veths, "-j", NOTRACK_IN_CHAIN],
            true,
        ),
        (
            "raw",
            "OUTPUT",
            vec!["-o", &veths, "-j", NOTRACK_OUT_CHAIN],
            true,
        ),
        (
            "filter",
            INPUT_CHAIN,
            vec![
                "-p",
                "tcp",
                "!",
                "--syn",
                "-m",
                "conntrack",
                "--ctstate",
                "UNTRACKED",
                "-j",
                "ACCEPT",
            ],
            true,
        ),
        (
            "filter",
            INPUT_CHAIN,
            vec![
                "-m",
                "conntrack",
                "--ctstate",
                "ESTABLISHED,RELATED",
                "-j",
                "ACCEPT",
            ],
            false,
        ),
        ("filter", INPUT_CHAIN, vec!["-j", "DROP"], false),
        (
            "filter",
            FORWARD_CHAIN,
            vec!["-i", &veths, "-o", &veths, "-j", "DROP"],
            false,
        ),
        (
            "filter",
            FORWARD_CHAIN,
            vec!["-i", &veths, "-j", "ACCEPT"],
            false,
        ),
        (
            "filter",
            FORWARD_CHAIN,
            vec![
                "-o",
                &veths,
                "-m",
                "conntrack",
                "--ctstate",
                "ESTABLISHED,RELATED",
                "-j",
                "ACCEPT",
            ],
            false,
        ),
        (
            "filter",
            "INPUT",
            vec!["-i", &veths, "-j", INPUT_CHAIN],
            true,
        ),
        ("filter", "FORWARD", vec!["-j", FORWARD_CHAIN], true),
        ("nat", "POSTROUTING", vec!["-j", NAT_CHAIN], true),
    ];
    for (table, chain, rule, first) in &rules {
        ensure_rule(iptables, table, chain, rule, *first)?;
    }
    ensure_rule(
        iptables,
        "nat",
        NAT_CHAIN,
        &["-s", &subnet, "!", "-o", &veths, "-j", "MASQUERADE"],
        false,
    )?;
    std::fs::write("/proc/sys/net/ipv4/ip_forward", "1")
        .map_err(|e| format!("could not turn on IPv4 forwarding ({e}); run runlane as root"))?;
    Ok(())
}

/// Removes this subnet's NAT rule. The shared chains stay: other runlanes
/// may use them, and they only match `rlh+` interfaces.
pub(crate) fn remove_rules(iptables: &Path, subnet: Ipv4Subnet) {
    let subnet = subnet.to_string();
    let veths = format!("{VETH_PREFIX}+");
    let _ = iptables_run(
        iptables,
        &[
            "-t",
            "nat",
            "-D",
            NAT_CHAIN,
            "-s",
            &subnet,
            "!",
            "-o",
            &veths,
            "-j",
            "MASQUERADE",
        ],
    );
}

fn ensure_rule(
    iptables: &Path,
    table: &str,
    chain: &str,
    rule: &[&str],
    first: bool,
) -> Result<(), String> {
    let mut check = vec!["-t", table, "-C", chain];
    check.extend_from_slice(rule);
    if iptables_run(iptables, &check).is_ok() {
        return Ok(());
    }
    let mut add = vec!["-t", table];
    if first {
        add.extend_from_slice(&["-I", chain, "1"]);
    } else {
        add.extend_from_slice(&["-A", chain]);
    }
    add.extend_from_slice(rule);
    iptables_run(iptables, &add)
}

/// Runs `iptables -w ARGS` (or ip6tables, whichever `iptables` names).
pub(crate) fn iptables_run(iptables: &Path, args: &[&str]) -> Result<(), String> {
    let output = std::process::Command::new(iptables)
        .arg("-w")
        .args(args)
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("could not run {} ({e})", iptables.display()))?;
    if output.status.success() {
        Ok(())
    } else {
        Err(format!(
            "`{} {}` failed: {}",
            iptables.display(),
            args.join(" "),
            String::from_utf8_lossy(&output.stderr).trim()
        ))
    }
}

/// `/etc/hosts` of an instance.
pub(crate) fn hosts_file(hostname: &str, addr: Ipv4Addr) -> String {
    format!("127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n{addr}\t{hostname}\n")
}

/// `/etc/resolv.conf` of an instance: the host's, without loopback
/// nameservers (they are unreachable from the instance's namespace).
pub(crate) fn resolv_conf(host: &str) -> String {
    let mut out = String::new();
    for line in host.lines() {
        let mut words = line.split_whitespace();
        if words.next() == Some("nameserver") {
            let loopback = words.next().is_some_and(|a| {
                a.parse::<std::net::IpAddr>()
                    .is_ok_and(|ip| ip.is_loopback())
            });
            if loopback {
                continue;
            }
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_subnets() {
        let check = |s: &str, expected: Result<&str, ()>| {
            let got = s
                .parse::<Ipv4Subnet>()
                .map(|n| n.to_string())
                .map_err(|_| ());
            assert_eq!(got.as_deref(), expected.as_deref().map_err(|_| &()), "{s}");
        };
        check("10.213.0.0/16", Ok("10.213.0.0/16"));
        check("10.213.7.9/16", Ok("10.213.0.0/16"));
        check("10.213.0.0/31", Err(()));
        check("10.213.0.0", Err(()));
        check("nope/16", Err(()));
    }

    #[test]
    fn finds_the_link_of_a_container_address_only() {
        let subnet: Ipv4Subnet = "10.9.0.0/28".parse().unwrap();
        let mut pool = SubnetPool::new(subnet);
        pool.allocate().unwrap();
        let second = pool.allocate().unwrap();
        assert_eq!(link_of_container(subnet, second.container), Some(second));
        for not_a_container in [
            second.network,
            second.host,
            Ipv4Addr::new(10, 9, 0, 7),
            Ipv4Addr::new(10, 9, 0, 18),
            Ipv4Addr::new(10, 8, 255, 254),
            Ipv4Addr::LOCALHOST,
        ] {
            assert_eq!(link_of_container(subnet, not_a_container), None, "{not_a_container}");
        }
    }

    #[test]
    fn allocates_the_lowest_free_slash_30() {
        let subnet: Ipv4Subnet = "10.9.0.0/28".parse().unwrap();
        let mut pool = SubnetPool::new(subnet);
        let a = pool.allocate().unwrap();
        assert_eq!(
            (a.index, a.network, a.host, a.container),
            (
                0,
                Ipv4Addr::new(10, 9, 0, 0),
                Ipv4Addr::new(10, 9, 0, 1),
                Ipv4Addr::new(10, 9, 0, 2)
            )
        );
        let b = pool.allocate().unwrap();
        assert_eq!(b.container, Ipv4Addr::new(10, 9, 0, 6));
        assert_eq!(b.veth(), "rlh0a090004");
        assert_eq!(
            veth_network("rlh0a090004"),
            Some(Ipv4Addr::new(10, 9, 0, 4))
        );
        assert_eq!(b.netns("ab12"), "rl-ab12-0a090004");
        pool.allocate().unwrap();
        pool.allocate().unwrap();
        assert_eq!(pool.allocate(), None, "a /28 holds four /30s");
        pool.release(1);
        assert_eq!(pool.allocate().unwrap().index, 1);
        assert!(subnet.contains(Ipv4Addr::new(10, 9, 0, 15)));
        assert!(!subnet.contains(Ipv4Addr::new(10, 9, 0, 16)));
    }

    #[test]
    fn resolv_conf_drops_loopback_nameservers() {
        let host = "# generated\nnameserver 127.0.0.53\nnameserver 1.1.1.1\nnameserver ::1\nsearch example.com\n";
        assert_eq!(
            resolv_conf(host),
            "# generated\nnameserver 1.1.1.1\nsearch example.com\n"
        );
        assert_eq!(resolv_conf("nameserver 127.0.0.1\n"), "");
    }
}
