//! Which `Host` the preview answers: a web page the user visits can point
//! a name it controls at 127.0.0.1 (DNS rebinding) and read the preview as
//! its own origin, but its requests then name that host, so refusing every
//! host but the server's own closes the door.

use std::net::{IpAddr, UdpSocket};

/// The host names and addresses a server bound to one address answers to.
pub struct HostPolicy {
    bound: IpAddr,
    /// The machine's name, answered to when bound to every address.
    machine_name: Option<String>,
}

impl HostPolicy {
    /// The policy of a server bound to `bound`: `localhost`, loopback
    /// addresses and `bound` itself; when `bound` is `0.0.0.0` or `::`, also
    /// the machine's name and any address of its own.
    pub fn new(bound: IpAddr) -> HostPolicy {
        HostPolicy {
            bound,
            machine_name: if bound.is_unspecified() { machine_name() } else { None },
        }
    }

    /// Whether a request whose `Host` header is `host` is answered (the
    /// port, if any, is not looked at).
    pub fn allows(&self, host: &str) -> bool {
        if let Some(rest) = host.strip_prefix('[') {
            // An IPv6 literal: `[addr]` or `[addr]:port`.
            let Some((inside, after)) = rest.split_once(']') else {
                return false;
            };
            let port_ok = after.is_empty() || after.strip_prefix(':').is_some_and(is_port);
            return port_ok
                && inside
                    .parse::<std::net::Ipv6Addr>()
                    .is_ok_and(|ip| self.allows_ip(ip.into()));
        }
        let name = match host.rsplit_once(':') {
            Some((name, port)) if is_port(port) => name,
            Some(_) => return false,
            None => host,
        };
        if let Ok(ip) = name.parse::<std::net::Ipv4Addr>() {
            return self.allows_ip(ip.into());
        }
        // A fully qualified name may end with a dot.
        let name = name.strip_suffix('.').unwrap_or(name);
        name.eq_ignore_ascii_case("localhost")
            || self
                .machine_name
                .as_deref()
                .is_some_and(|m| m.eq_ignore_ascii_case(name))
    }

    fn allows_ip(&self, ip: IpAddr) -> bool {
        let ip = ip.to_canonical();
        ip.is_loopback() || ip == self.bound.to_canonical() || (self.bound.is_unspecified() && is_own_address(ip))
    }
}

/// Whether `text` is a port number (the URI grammar allows it empty).
fn is_port(text: &str) -> bool {
    text.bytes().all(|b| b.is_ascii_digit())
}

/// Whether `ip` is an address of this machine: binding a socket to it
/// succeeds only then (nothing is sent). Multicast and broadcast addresses
/// can be bound too but never name a host.
fn is_own_address(ip: IpAddr) -> bool {
    let unicast = match ip {
        IpAddr::V4(v4) => !v4.is_multicast() && !v4.is_broadcast(),
        IpAddr::V6(v6) => !v6.is_multicast(),
    };
    unicast && UdpSocket::bind((ip, 0)).is_ok()
}

/// The machine's host name, as the kernel (Linux) or `/etc/hostname` has it.
fn machine_name() -> Option<String> {
    ["/proc/sys/kernel/hostname", "/etc/hostname"]
        .iter()
        .filter_map(|path| std::fs::read_to_string(path).ok())
        .map(|text| text.trim().to_string())
        .find(|name| !name.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy(bound: &str) -> HostPolicy {
        HostPolicy::new(bound.parse().expect("an address"))
    }

    #[test]
    fn loopback_localhost_and_the_bound_address_are_answered() {
        let local = policy("127.0.0.1");
        for host in [
            "localhost",
            "LOCALHOST:1111",
            "localhost.",
            "127.0.0.1",
            "127.0.0.1:80",
            "127.9.8.7:1",
            "[::1]",
            "[::1]:1111",
            "[::ffff:127.0.0.1]:5",
        ] {
            assert!(local.allows(host), "{host}");
        }
        for host in [
            "evil.example",
            "evil.example:1111",
            "localhost.evil.example",
            "127.0.0.1.nip.io",
            "10.0.0.1",
            "[2001:db8::1]",
            "[::1",
            "[::1]x",
            "[localhost]",
            "localhost:x",
            "",
            "0.0.0.0",
        ] {
            assert!(!local.allows(host), "{host}");
        }
        assert!(
            policy("192.0.2.7").allows("192.0.2.7:1111"),
            "the address it is bound to"
        );
        assert!(policy("::1").allows("[::1]:1111"));
    }

    #[test]
    fn bound_to_every_address_the_machines_name_and_addresses_are_answered() {
        let name = std::fs::read_to_string("/proc/sys/kernel/hostname")
            .or_else(|_| std::fs::read_to_string("/etc/hostname"))
            .expect("this machine's host name");
        let name = name.trim();
        for bound in ["0.0.0.0", "::"] {
            let any = policy(bound);
            assert!(any.allows(name), "{name} when bound to {bound}");
            assert!(any.allows(&format!("{}:1111", name.to_uppercase())));
            assert!(any.allows("localhost:1111"));
            assert!(any.allows("127.0.0.1"));
            // TEST-NET-1 (RFC 5737) is never assigned to a machine.
            assert!(!any.allows("192.0.2.1"), "{bound}");
            assert!(!any.allows("224.0.0.1"), "multicast, {bound}");
            assert!(!any.allows("evil.example"), "{bound}");
        }
        if !name.eq_ignore_ascii_case("localhost") {
            assert!(
                !policy("127.0.0.1").allows(name),
                "the machine's name needs --bind 0.0.0.0"
            );
        }
    }
}
